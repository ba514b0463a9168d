/*
 * test_notes.c - footnotes and numbering, seen through the public API:
 * documents are rendered with NP_OUTPUT_DUMP and the dump is read back
 * (one operation per line) to find where each run of text went.
 *
 * In the dump of the un-a4 layout a footnote call is a text run of size
 * 6.50 holding the note's number, the label in the notes area a run of
 * size 5.50, the note's text runs of size 8.50, and the separator above
 * the notes a run "__________________". Star notes (front matter) are
 * marked "*", "**" at the text size.
 *
 * Checked: a note is on the page of its call, also when notes fall near
 * page ends and when a note is longer than a page (its lines continue
 * on the next pages, each printed once); the text never runs into the
 * notes; the notes sit at the foot of the page; star notes of the
 * masthead and of the agenda item; <fnref> calls; notes called from
 * titles, headings, lists, quotes, tables, resolutions and annexes,
 * numbered through the document; paragraph, section, list and
 * operative paragraph numbers.
 */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notepress.h"
#include "unit.h"

#define NBSP "\xC2\xA0"             /* U+00A0 */
#define CALL_SIZE 6.5
#define LABEL_SIZE 5.5
#define NOTE_SIZE 8.5
#define SEPARATOR "__________________"
#define NOTES_SPACE 12.0            /* footnote space-above of un-a4 */
#define DESCENT 0.2163              /* Liberation Serif, per point of size */
#define BODY_DEPTH (10 * DESCENT)
#define NOTE_DEPTH (NOTE_SIZE * DESCENT)
#define BOTTOM_FIRST 755.89         /* body first-page-bottom */
#define BOTTOM 753.84               /* body bottom, pages 2.. */
#define MASTHEAD_END 210.0          /* the heavy rule of page 1 */
#define HEADER_END 70.0             /* the running header of pages 2.. */
#define FOOTER_START 795.0          /* page footers and the job line */

static np_engine *engine;

/* ---- growing text ---------------------------------------------------- */

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static void add_bytes(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            abort();
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void add(buf *b, const char *s)
{
    add_bytes(b, s, strlen(s));
}

static void addf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void addf(buf *b, const char *fmt, ...)
{
    char s[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s, sizeof s, fmt, ap);
    va_end(ap);
    add(b, s);
}

/* ---- rendering and reading the dump ---------------------------------- */

typedef struct run {
    int page;
    double x, y, size;
    char *text;                 /* unescaped */
} run;

typedef struct dump {
    run *runs;
    size_t n, cap;
    int pages;
    int errors, split_notes;    /* diagnostics of the render */
} dump;

static void dump_free(dump *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->runs[i].text);
    free(d->runs);
    memset(d, 0, sizeof *d);
}

static int to_buf(void *ud, const void *bytes, size_t len)
{
    add_bytes(ud, bytes, len);
    return 0;
}

static void on_diag(void *ud, const np_diagnostic *diag)
{
    dump *d = ud;
    if (diag->severity == NP_ERROR) {
        d->errors++;
        fprintf(stderr, "  %s:%u:%u: %s\n", diag->file ? diag->file : "",
                diag->line, diag->column, diag->message);
    }
    if (strstr(diag->message, "continues on the next page"))
        d->split_notes++;
}

/* The quoted string starting at `q` (after the opening quote). */
static char *unquote(const char *q)
{
    buf b = { 0 };
    add(&b, "");
    for (; *q && *q != '"'; q++) {
        if (*q == '\\' && q[1] == 'x') {
            char hex[3] = { q[2], q[3], 0 };
            char c = (char)strtol(hex, NULL, 16);
            add_bytes(&b, &c, 1);
            q += 3;
        } else {
            if (*q == '\\')
                q++;
            add_bytes(&b, q, 1);
        }
    }
    return b.p;
}

static void add_run(dump *d, const run *r)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->runs = realloc(d->runs, d->cap * sizeof *d->runs);
        if (!d->runs)
            abort();
    }
    d->runs[d->n++] = *r;
}

static void parse_line(dump *d, const char *line)
{
    int page, font, used = 0;
    run r = { 0 };
    double extra;
    if (sscanf(line, "page %d", &page) == 1) {
        d->pages = page;
    } else if (sscanf(line, "text %lf %lf f%d %lf %lf %n", &r.x, &r.y, &font,
                      &r.size, &extra, &used) == 5 && used > 0) {
        /* the set width, kerning and colour, when given, come before
         * the quoted text */
        const char *q = strchr(line + used, '"');
        if (!q)
            return;
        r.page = d->pages;
        r.text = unquote(q + 1);
        add_run(d, &r);
    }
}

static void parse_dump(dump *d, char *text)
{
    for (char *line = text; line && *line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        parse_line(d, line);
        line = nl ? nl + 1 : NULL;
    }
}

/* Renders `xml` to a dump and reads it into `d`. */
static int render(const char *xml, dump *d)
{
    np_render_options opts;
    np_render_options_init(&opts);
    opts.format = NP_OUTPUT_DUMP;
    opts.diag = on_diag;
    opts.diag_ud = d;
    buf out = { 0 };
    add(&out, "");
    int rc = np_render_memory(engine, "t.xml", xml, strlen(xml), &opts,
                              to_buf, &out);
    parse_dump(d, out.p);
    free(out.p);
    return rc;
}

/* ---- looking at runs ------------------------------------------------- */

static bool size_is(const run *r, double size)
{
    return fabs(r->size - size) < 0.005;
}

/* Text equal to `want`, trailing spaces aside (a call's run keeps the
 * space after it). */
static bool text_is(const run *r, const char *want)
{
    size_t n = strlen(want);
    if (strncmp(r->text, want, n) != 0)
        return false;
    for (const char *p = r->text + n; *p; p++)
        if (*p != ' ')
            return false;
    return true;
}

/* Index of the first run at or after `from` with that size (any size
 * when size < 0) and text, or -1. */
static long find_run(const dump *d, double size, const char *text, size_t from)
{
    for (size_t i = from; i < d->n; i++)
        if ((size < 0 || size_is(&d->runs[i], size)) && text_is(&d->runs[i], text))
            return (long)i;
    return -1;
}

static int count_runs(const dump *d, double size, const char *text)
{
    int n = 0;
    for (long i = find_run(d, size, text, 0); i >= 0;
         i = find_run(d, size, text, (size_t)i + 1))
        n++;
    return n;
}

static int page_of_run(const dump *d, long i)
{
    return i < 0 ? -1 : d->runs[i].page;
}

static long separator_on(const dump *d, int page)
{
    for (size_t i = 0; i < d->n; i++)
        if (d->runs[i].page == page && text_is(&d->runs[i], SEPARATOR))
            return (long)i;
    return -1;
}

/* A run of the text column: not the masthead, running head or footer,
 * and drawn before the page's notes. */
static bool is_body(const dump *d, size_t i)
{
    const run *r = &d->runs[i];
    long sep = separator_on(d, r->page);
    double top = r->page == 1 ? MASTHEAD_END : HEADER_END;
    return r->y > top && r->y < FOOTER_START && (sep < 0 || (long)i < sep);
}

static double last_body_y(const dump *d, int page)
{
    double y = -1;
    for (size_t i = 0; i < d->n; i++)
        if (d->runs[i].page == page && is_body(d, i) && d->runs[i].y > y)
            y = d->runs[i].y;
    return y;
}

/* Baseline of the lowest note line of the page, or -1. */
static double last_note_y(const dump *d, int page)
{
    long sep = separator_on(d, page);
    double y = -1;
    for (size_t i = sep < 0 ? d->n : (size_t)sep + 1; i < d->n; i++)
        if (d->runs[i].page == page && size_is(&d->runs[i], NOTE_SIZE)
            && d->runs[i].y > y)
            y = d->runs[i].y;
    return y;
}

/* The label drawn on the same baseline just before the run holding
 * `text` ("2." before a paragraph, "a)" before an item), "" when there
 * is none, "(missing)" when no run holds `text`. */
static const char *label_before(const dump *d, const char *text)
{
    long i = find_run(d, -1, text, 0);
    if (i < 0) {
        fprintf(stderr, "  no run \"%s\"\n", text);
        return "(missing)";
    }
    if (i == 0)
        return "";
    const run *a = &d->runs[i - 1], *b = &d->runs[i];
    if (a->page != b->page || fabs(a->y - b->y) > 0.005 || a->x >= b->x)
        return "";
    return a->text;
}

/* ---- documents -------------------------------------------------------- */

static void head(buf *b, const char *lang, const char *original,
                 const char *meeting)
{
    add(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    addf(b, "<document lang=\"%s\" layout=\"un-a4\">\n<meta>\n", lang);
    add(b, "  <symbol>E/CN.7/2011/12</symbol>\n"
           "  <organ>Conseil économique et social</organ>\n"
           "  <distribution>general</distribution>\n"
           "  <date>2010-12-20</date>\n");
    add(b, original ? original : "");
    add(b, "  <job>V.10-58736</job>\n</meta>\n");
    add(b, meeting ? meeting : "");
    add(b, "<title>Suite donnée à la Déclaration politique</title>\n<body>\n");
}

static const char *const words[] = {
    "la", "Commission", "des", "stupéfiants", "a", "examiné", "le", "rapport",
    "sur", "coopération", "internationale", "en", "matière", "de",
    "développement", "alternatif", "dans", "cadre", "du", "programme",
    "États", "Membres", "organisations", "régionales", "mesures", "prises",
    "pour", "renforcer", "les", "capacités", "nationales", "et",
    "promouvoir", "échange", "informations", "entre", "services",
    "compétents", "conformément", "à", "résolution", "relative", "aux",
    "cultures", "illicites", "Office", "Nations", "Unies", "contre",
    "drogue", "crime", "assistance", "technique", "pays", "touchés",
};

static unsigned next_random(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return (*seed >> 16) & 0x7FFF;
}

static void add_words(buf *b, unsigned *seed, int n)
{
    for (int k = 0; k < n; k++) {
        const char *w = words[next_random(seed) % (sizeof words / sizeof words[0])];
        add(b, k ? " " : "");
        add(b, w);
    }
}

/* ---- tests ------------------------------------------------------------ */

static void test_note_on_call_page(void)
{
    buf b = { 0 };
    head(&b, "fr", NULL, NULL);
    add(&b, "<p>Premier paragraphe du corps.</p>\n"
            "<p>Deuxième paragraphe du corps.</p>\n"
            "<p>Troisième paragraphe<fn>Note du troisième paragraphe.</fn>"
            " du corps.</p>\n</body>\n</document>\n");
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    long call = find_run(&d, CALL_SIZE, "1", 0);
    long label = find_run(&d, LABEL_SIZE, "1", 0);
    CHECK(call > 0 && label >= 0);
    if (call > 0 && label >= 0) {
        CHECK(page_of_run(&d, call) == 1);
        CHECK(page_of_run(&d, label) == 1);
        /* the call is raised 3.5 pt above the word it follows */
        CHECK_NEAR(d.runs[call - 1].y - d.runs[call].y, 3.5, 0.01);
        CHECK(text_is(&d.runs[call - 1], "Troisième paragraphe"));
        /* the label is raised 3 pt, the note text follows on the baseline */
        CHECK((size_t)label + 1 < d.n);
        const run *text = &d.runs[label + 1];
        CHECK(size_is(text, NOTE_SIZE));
        CHECK(text_is(text, "Note du troisième paragraphe."));
        CHECK_NEAR(text->y - d.runs[label].y, 3.0, 0.01);
        CHECK(separator_on(&d, 1) >= 0 && separator_on(&d, 1) < label);
        CHECK_NEAR(last_note_y(&d, 1), BOTTOM_FIRST - NOTE_DEPTH, 0.01);
    }
    CHECK(count_runs(&d, LABEL_SIZE, "1") == 1);
    CHECK(count_runs(&d, NOTE_SIZE, "Note du troisième paragraphe.") == 1);
    CHECK(d.pages == 1);
    dump_free(&d);
    free(b.p);
}

static void many_notes_document(buf *b, int paragraphs)
{
    unsigned seed = 2011;
    head(b, "fr", NULL, NULL);
    for (int i = 1; i <= paragraphs; i++) {
        add(b, "<p>");
        int before = 50 + (int)(next_random(&seed) % 40);
        add_words(b, &seed, before);
        add(b, "<fn>");
        add_words(b, &seed, 6 + (int)(next_random(&seed) % 50));
        add(b, ".</fn> ");
        add_words(b, &seed, 80 - before > 2 ? 80 - before : 2);
        add(b, ".</p>\n");
    }
    add(b, "</body>\n</document>\n");
}

/* Each page: the text's lowest descender at least the layout's space
 * above the separator, and the last note's descender on the bottom of
 * the text area. Returns how many pages carry notes. */
static int check_pages(const dump *d)
{
    int with_notes = 0;
    for (int p = 1; p <= d->pages; p++) {
        long sep = separator_on(d, p);
        if (sep < 0)
            continue;
        with_notes++;
        double bottom = p == 1 ? BOTTOM_FIRST : BOTTOM;
        double body = last_body_y(d, p), note = last_note_y(d, p);
        bool clear = body + BODY_DEPTH <= d->runs[sep].y - NOTES_SPACE + 0.01;
        CHECK(clear);
        CHECK_NEAR(note, bottom - NOTE_DEPTH, 0.01);
        if (!clear)
            fprintf(stderr, "  page %d: text to %.2f, separator %.2f, notes to %.2f\n",
                    p, body, d->runs[sep].y, note);
    }
    return with_notes;
}

static void test_notes_near_page_ends(void)
{
    buf b = { 0 };
    many_notes_document(&b, 60);
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    CHECK(d.pages >= 8);
    int on_last_line = 0, prev_page = 0;
    double prev_y = 0;
    for (int n = 1; n <= 60; n++) {
        char mark[16];
        snprintf(mark, sizeof mark, "%d", n);
        long call = find_run(&d, CALL_SIZE, mark, 0);
        long label = find_run(&d, LABEL_SIZE, mark, 0);
        CHECK(call >= 0 && label >= 0);
        CHECK(count_runs(&d, LABEL_SIZE, mark) == 1);
        if (call < 0 || label < 0)
            continue;
        CHECK(page_of_run(&d, call) == page_of_run(&d, label));
        if (page_of_run(&d, call) != page_of_run(&d, label))
            fprintf(stderr, "  note %d: call on page %d, note on page %d\n", n,
                    page_of_run(&d, call), page_of_run(&d, label));
        /* notes in order of their numbers */
        const run *l = &d.runs[label];
        CHECK(l->page > prev_page || (l->page == prev_page && l->y > prev_y));
        prev_page = l->page;
        prev_y = l->y;
        /* the call on the last text line of its page */
        on_last_line += fabs(d.runs[call].y + 3.5 - last_body_y(&d, d.runs[call].page)) < 0.01;
    }
    CHECK(on_last_line >= 2);
    CHECK(check_pages(&d) == d.pages);
    CHECK(d.errors == 0);
    dump_free(&d);
    free(b.p);
}

static const char star_meeting[] =
    "<meeting>\n"
    "  <body>Commission des stupéfiants</body>\n"
    "  <session>Cinquante-quatrième session</session>\n"
    "  <place>Vienne, 21-25 mars 2011</place>\n"
    "  <agenda-item number=\"5\" agenda=\"E/CN.7/2011/1\">Suite donnée à la "
    "Déclaration politique</agenda-item>\n"
    "</meeting>\n";

static void test_star_notes(void)
{
    buf b = { 0 };
    head(&b, "fr", "  <original lang=\"en\"><fn>Texte de la note étoile.</fn></original>\n",
         star_meeting);
    add(&b, "<p>Premier paragraphe<fn>Première note numérotée.</fn>.</p>\n"
            "</body>\n</document>\n");
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    long original = find_run(&d, 10, "Original" NBSP ": anglais*", 0);
    long agenda = find_run(&d, 10, "Point 5 de l’ordre du jour provisoire**", 0);
    CHECK(page_of_run(&d, original) == 1);
    CHECK(page_of_run(&d, agenda) == 1);
    long sep = separator_on(&d, 1);
    long one = find_run(&d, NOTE_SIZE, "*", 0);
    long two = find_run(&d, NOTE_SIZE, "**", 0);
    long first = find_run(&d, LABEL_SIZE, "1", 0);
    CHECK(sep >= 0 && one > sep && two > one && first > two);
    if (sep >= 0 && one > sep && two > one && first > two) {
        CHECK(d.runs[one].page == 1 && d.runs[two].page == 1 && d.runs[first].page == 1);
        CHECK(d.runs[one].y < d.runs[two].y && d.runs[two].y < d.runs[first].y);
        CHECK(text_is(&d.runs[one + 1], "Texte de la note étoile."));
        /* the agenda's symbol, a link, then the full stop */
        CHECK(text_is(&d.runs[two + 1], "E/CN.7/2011/1"));
        CHECK(text_is(&d.runs[two + 2], "."));
        CHECK(text_is(&d.runs[first + 1], "Première note numérotée."));
    }
    CHECK(count_runs(&d, NOTE_SIZE, "*") == 1);
    CHECK(count_runs(&d, NOTE_SIZE, "**") == 1);
    CHECK(count_runs(&d, CALL_SIZE, "1") == 1);
    CHECK(page_of_run(&d, find_run(&d, CALL_SIZE, "1", 0)) == 1);
    dump_free(&d);
    free(b.p);
}

static void test_fnref(void)
{
    buf b = { 0 };
    head(&b, "fr", NULL, NULL);
    add(&b, "<p>Alpha<fn id=\"a\">Note A.</fn> texte.</p>\n"
            "<p>Beta<fnref ref=\"a\"/> texte<fn>Note B.</fn> fin.</p>\n"
            "<p>Gamma<fnref ref=\"a\"/> encore.</p>\n"
            "<pagebreak/>\n"
            "<p>Delta<fnref ref=\"a\"/> sur la page suivante.</p>\n"
            "</body>\n</document>\n");
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    CHECK(count_runs(&d, CALL_SIZE, "1") == 4);
    CHECK(count_runs(&d, CALL_SIZE, "2") == 1);
    CHECK(count_runs(&d, LABEL_SIZE, "1") == 1);
    CHECK(count_runs(&d, LABEL_SIZE, "2") == 1);
    CHECK(count_runs(&d, NOTE_SIZE, "Note A.") == 1);
    CHECK(count_runs(&d, NOTE_SIZE, "Note B.") == 1);
    /* calls in reading order: 1, 1, 2, 1, 1 */
    long c1 = find_run(&d, CALL_SIZE, "1", 0);
    long c2 = c1 >= 0 ? find_run(&d, CALL_SIZE, "1", (size_t)c1 + 1) : -1;
    long c3 = find_run(&d, CALL_SIZE, "2", 0);
    CHECK(c1 >= 0 && c2 > c1 && c3 > c2);
    CHECK(d.pages == 2);
    CHECK(page_of_run(&d, find_run(&d, -1, "Delta", 0)) == 2);
    CHECK(separator_on(&d, 2) < 0);
    dump_free(&d);
    free(b.p);
}

/* Notes called from every kind of block are numbered in reading order
 * through body and annex; a call in a heading grows with the heading. */
static void test_notes_everywhere(void)
{
    buf b = { 0 };
    head(&b, "fr", NULL, NULL);
    char *title = strstr(b.p, "</title>");
    CHECK(title != NULL);
    if (!title) {
        free(b.p);
        return;
    }
    b.len = (size_t)(title - b.p);
    add(&b, "<fn>Note du titre.</fn></title>\n<body>\n"
            "<p>Un<fn>Note un.</fn>.</p>\n"
            "<section><title>Section<fn>Note de section.</fn></title>\n"
            "<list style=\"alpha\"><item>Article<fn>Note article.</fn></item></list>\n"
            "<quote>Citation<fn>Note citation.</fn></quote>\n"
            "<table><tr><th>Tête<fn>Note tête.</fn></th>"
            "<td>Cellule<fn>Note cellule.</fn></td></tr></table>\n"
            "</section>\n"
            "<resolution><op>Dispositif<fn>Note dispositif.</fn></op></resolution>\n"
            "</body>\n"
            "<annex><p>Annexe<fn>Note annexe.</fn>.</p></annex>\n"
            "</document>\n");
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    static const char *const notes[] = {
        "Note un.", "Note de section.", "Note article.", "Note citation.",
        "Note tête.", "Note cellule.", "Note dispositif.", "Note annexe.",
    };
    for (int n = 1; n <= 8; n++) {
        char mark[16];
        snprintf(mark, sizeof mark, "%d", n);
        /* a call is scaled with its text: the section heading is 14 pt,
         * a table's header cells 7 pt */
        double size = n == 2 ? CALL_SIZE * 14 / 10 : n == 5 ? CALL_SIZE * 7 / 10
                                                            : CALL_SIZE;
        long call = find_run(&d, size, mark, 0);
        long label = find_run(&d, LABEL_SIZE, mark, 0);
        CHECK(call >= 0 && label >= 0 && (size_t)label + 1 < d.n);
        if (call < 0 || label < 0 || (size_t)label + 1 >= d.n)
            continue;
        CHECK(d.runs[call].page == d.runs[label].page);
        CHECK(d.runs[label].page == (n == 8 ? 2 : 1));
        CHECK(text_is(&d.runs[label + 1], notes[n - 1]));
    }
    /* the title's star stands on its line, in regular weight */
    long head = find_run(&d, 14, "Suite donnée à la Déclaration politique", 0);
    CHECK(head >= 0 && (size_t)head + 1 < d.n
          && text_is(&d.runs[head + 1], "*") && size_is(&d.runs[head + 1], 14));
    long star = find_run(&d, NOTE_SIZE, "*", 0);
    CHECK(star >= 0 && (size_t)star + 1 < d.n
          && text_is(&d.runs[star + 1], "Note du titre."));
    CHECK(star >= 0 && star < find_run(&d, LABEL_SIZE, "1", 0));
    check_pages(&d);
    CHECK(d.errors == 0);
    dump_free(&d);
    free(b.p);
}

#define LONG_WORDS 1500

/* `before` paragraphs of body text, one calling a note of `note_words`
 * words "m0001 m0002 ...", and six paragraphs "Après N ..." after it. */
static void long_note_document(buf *b, int before, int note_words)
{
    head(b, "fr", NULL, NULL);
    unsigned seed = 7;
    for (int i = 0; i < before; i++) {
        add(b, "<p>");
        add_words(b, &seed, 30);
        add(b, ".</p>\n");
    }
    add(b, "<p>Le paragraphe qui appelle la longue note<fn>");
    for (int k = 1; k <= note_words; k++)
        addf(b, "%sm%04d", k > 1 ? " " : "", k);
    add(b, "</fn> et la suite du paragraphe.</p>\n");
    for (int i = 0; i < 6; i++) {
        addf(b, "<p>Après %d ", i + 1);
        add_words(b, &seed, 70);
        add(b, ".</p>\n");
    }
    add(b, "</body>\n</document>\n");
}

/* The words of the note text, in dump order, hyphenated halves joined;
 * *first_page and *last_page get the pages they are on. */
static buf note_words(const dump *d, int *first_page, int *last_page)
{
    buf w = { 0 };
    add(&w, "");
    *first_page = *last_page = 0;
    for (int p = 1; p <= d->pages; p++) {
        long sep = separator_on(d, p);
        for (size_t i = sep < 0 ? d->n : (size_t)sep + 1; i < d->n; i++) {
            const run *r = &d->runs[i];
            if (r->page != p || !size_is(r, NOTE_SIZE) || r->text[0] != 'm')
                continue;
            if (!*first_page)
                *first_page = p;
            *last_page = p;
            if (w.len && w.p[w.len - 1] == '-')
                w.p[--w.len] = '\0';
            else if (w.len)
                add(&w, " ");
            add(&w, r->text);
            while (w.len && w.p[w.len - 1] == ' ')
                w.p[--w.len] = '\0';
        }
    }
    return w;
}

/* Every word of the note once, in order; returns the pages it spans. */
static void check_note_words(const dump *d, int words, int *first, int *last)
{
    buf got = note_words(d, first, last);
    buf want = { 0 };
    for (int k = 1; k <= words; k++)
        addf(&want, "%sm%04d", k > 1 ? " " : "", k);
    CHECK(got.p && want.p && strcmp(got.p, want.p) == 0);
    if (got.p && want.p && strcmp(got.p, want.p) != 0)
        fprintf(stderr, "  note text differs: %zu bytes, want %zu\n", got.len, want.len);
    free(got.p);
    free(want.p);
}

static void check_text_after(const dump *d)
{
    for (int k = 1; k <= 6; k++) {
        char start[32];
        snprintf(start, sizeof start, "Après %d ", k);
        int found = 0;
        for (size_t i = 0; i < d->n; i++)
            found += strncmp(d->runs[i].text, start, strlen(start)) == 0;
        CHECK(found == 1);
    }
}

static void test_note_longer_than_page(void)
{
    buf b = { 0 };
    long_note_document(&b, 3, LONG_WORDS);
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    long call = find_run(&d, CALL_SIZE, "1", 0);
    long label = find_run(&d, LABEL_SIZE, "1", 0);
    CHECK(call >= 0 && label >= 0);
    CHECK(page_of_run(&d, call) == page_of_run(&d, label));
    CHECK(count_runs(&d, LABEL_SIZE, "1") == 1);
    int first, last;
    check_note_words(&d, LONG_WORDS, &first, &last);
    CHECK(first == page_of_run(&d, call));
    check_text_after(&d);
    CHECK(d.errors == 0);
    /* paginate.c fill_page: the note is never split; it is set whole on
     * one page and runs off its top (separator at y = -354.45). */
    CHECK(last >= first + 1);
    CHECK(d.split_notes >= 1);
    CHECK(page_of_run(&d, call) == 1);
    CHECK(check_pages(&d) == last);
    dump_free(&d);
    free(b.p);
}

/* A note of about 22 lines called with some 13 lines of room left: the
 * call stays where it is, the note's first lines under it, the rest on
 * the next page. */
static void test_note_split_at_page_end(void)
{
    buf b = { 0 };
    long_note_document(&b, 7, 300);
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    long call = find_run(&d, CALL_SIZE, "1", 0);
    long label = find_run(&d, LABEL_SIZE, "1", 0);
    CHECK(page_of_run(&d, call) == page_of_run(&d, label));
    CHECK(page_of_run(&d, find_run(&d, 10, "7.", 0)) == 1);
    CHECK(last_body_y(&d, 1) < 600);   /* room left for 13 note lines */
    int first, last;
    check_note_words(&d, 300, &first, &last);
    CHECK(first == page_of_run(&d, call));
    check_text_after(&d);
    check_pages(&d);
    CHECK(d.errors == 0);
    /* paginate.c fill_page: the call line and its whole note move to
     * page 2, leaving the foot of page 1 empty. */
    CHECK(page_of_run(&d, call) == 1);
    CHECK(first == 1 && last == 2);
    CHECK(d.split_notes == 1);
    dump_free(&d);
    free(b.p);
}

static void numbering_document(buf *b, const char *lang)
{
    head(b, lang, NULL, NULL);
    add(b, "<p>Alpha un.</p>\n"
           "<section><title>Premier titre</title>\n"
           "  <p>Alpha deux.</p>\n"
           "  <p numbered=\"no\">Sans numéro.</p>\n"
           "  <p>Alpha trois.</p>\n"
           "</section>\n"
           "<section><title>Second titre</title>\n"
           "  <section><title>Sous-titre un</title><p>Alpha quatre.</p></section>\n"
           "  <section><title>Sous-titre deux</title>\n"
           "    <p>Listes suivantes.</p>\n"
           "    <list style=\"alpha\"><item>Lettre un.</item><item>Lettre deux.</item></list>\n"
           "    <list style=\"roman\"><item>Romain un.</item><item>Romain deux.</item></list>\n"
           "  </section>\n"
           "</section>\n"
           "<section number=\"\"><title>Sans numéro de section</title>"
           "<p>Alpha cinq.</p></section>\n"
           "<resolution>\n"
           "  <actor>L’Assemblée générale,</actor>\n"
           "  <pp>Préambule.</pp>\n"
           "  <op>Dispositif un.</op>\n"
           "  <section><title>Partie A</title><op>Dispositif deux.</op></section>\n"
           "  <section><title>Partie B</title><op>Dispositif trois.</op></section>\n"
           "</resolution>\n"
           "</body>\n"
           "<annex><title>Première annexe</title><p>Annexe un.</p>"
           "<p>Annexe deux.</p></annex>\n"
           "<annex><p>Annexe trois.</p></annex>\n"
           "</document>\n");
}

static void check_numbers(const dump *d)
{
    CHECK_STR(label_before(d, "Alpha un."), "1.");
    CHECK_STR(label_before(d, "Alpha deux."), "2.");
    CHECK_STR(label_before(d, "Sans numéro."), "");
    CHECK_STR(label_before(d, "Alpha trois."), "3.");
    CHECK_STR(label_before(d, "Alpha quatre."), "4.");
    CHECK_STR(label_before(d, "Listes suivantes."), "5.");
    CHECK_STR(label_before(d, "Alpha cinq."), "6.");
    CHECK_STR(label_before(d, "Premier titre"), "I.");
    CHECK_STR(label_before(d, "Second titre"), "II.");
    CHECK_STR(label_before(d, "Sous-titre un"), "A.");
    CHECK_STR(label_before(d, "Sous-titre deux"), "B.");
    CHECK_STR(label_before(d, "Sans numéro de section"), "");
    CHECK_STR(label_before(d, "Préambule."), "");
    CHECK_STR(label_before(d, "Dispositif un."), "1.");
    CHECK_STR(label_before(d, "Dispositif deux."), "2.");
    CHECK_STR(label_before(d, "Dispositif trois."), "3.");
    CHECK_STR(label_before(d, "Annexe un."), "1.");
    CHECK_STR(label_before(d, "Annexe deux."), "2.");
    CHECK_STR(label_before(d, "Annexe trois."), "1.");
}

static void test_numbering(const char *lang, const char *const items[4],
                           const char *const annexes[2])
{
    buf b = { 0 };
    numbering_document(&b, lang);
    dump d = { 0 };
    CHECK(render(b.p, &d) == 0);
    check_numbers(&d);
    CHECK_STR(label_before(&d, "Lettre un."), items[0]);
    CHECK_STR(label_before(&d, "Lettre deux."), items[1]);
    CHECK_STR(label_before(&d, "Romain un."), items[2]);
    CHECK_STR(label_before(&d, "Romain deux."), items[3]);
    long a1 = find_run(&d, 14, annexes[0], 0), a2 = find_run(&d, 14, annexes[1], 0);
    CHECK(a1 >= 0 && a2 > a1);
    if (a1 >= 0 && a2 > a1) {
        CHECK(d.runs[a1].page > page_of_run(&d, find_run(&d, -1, "Dispositif trois.", 0)));
        CHECK(d.runs[a2].page > d.runs[a1].page);
        CHECK(page_of_run(&d, find_run(&d, -1, "Annexe un.", 0)) == d.runs[a1].page);
    }
    CHECK(d.errors == 0);
    dump_free(&d);
    free(b.p);
}

static void test_numbering_off(void)
{
    buf b = { 0 };
    numbering_document(&b, "fr");
    char *at = strstr(b.p, "layout=\"un-a4\"");
    CHECK(at != NULL);
    if (at) {
        buf c = { 0 };
        add_bytes(&c, b.p, (size_t)(at - b.p));
        add(&c, "numbering=\"off\" ");
        add(&c, at);
        dump d = { 0 };
        CHECK(render(c.p, &d) == 0);
        CHECK_STR(label_before(&d, "Alpha un."), "");
        CHECK_STR(label_before(&d, "Alpha deux."), "");
        CHECK_STR(label_before(&d, "Annexe un."), "");
        /* only paragraphs: sections, lists and resolutions keep numbers */
        CHECK_STR(label_before(&d, "Premier titre"), "I.");
        CHECK_STR(label_before(&d, "Lettre un."), "a)");
        CHECK_STR(label_before(&d, "Dispositif deux."), "2.");
        dump_free(&d);
        free(c.p);
    }
    free(b.p);
}

int main(void)
{
    engine = np_engine_new(NULL);
    CHECK(engine != NULL);
    if (!engine)
        return unit_done("test_notes");
    test_note_on_call_page();
    test_notes_near_page_ends();
    test_star_notes();
    test_fnref();
    test_notes_everywhere();
    test_note_longer_than_page();
    test_note_split_at_page_end();
    static const char *const fr_items[4] = { "a)", "b)", "i)", "ii)" };
    static const char *const en_items[4] = { "(a)", "(b)", "(i)", "(ii)" };
    static const char *const fr_annexes[2] = { "Annexe I", "Annexe II" };
    static const char *const en_annexes[2] = { "Annex I", "Annex II" };
    test_numbering("fr", fr_items, fr_annexes);
    test_numbering("en", en_items, en_annexes);
    test_numbering_off();
    np_engine_free(engine);
    return unit_done("test_notes");
}
