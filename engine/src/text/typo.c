/*
 * typo.c - language-aware spacing: French punctuation spaces and the
 * ties that keep a reference on one line (a number with what it counts,
 * a symbol with its letter, a part of a text with its number). Only
 * text is rewritten here, and ties are only decided; breaking is the
 * line breaker's business (a no-break space is part of the word it
 * joins, a tie a penalty in inline_words.c).
 */
#include <string.h>

#include "text/typo.h"

#define NNBSP "\xE2\x80\xAF"    /* U+202F narrow no-break space */
#define NBSP "\xC2\xA0"         /* U+00A0 no-break space */

static bool is_plain_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static bool starts_with(const char *s, size_t len, const char *p)
{
    size_t n = strlen(p);
    return len >= n && memcmp(s, p, n) == 0;
}

/* A no-break space of either width ends at s[i-1]? */
static bool nbsp_before(const char *s, size_t i)
{
    return (i >= 2 && memcmp(s + i - 2, NBSP, 2) == 0)
           || (i >= 3 && memcmp(s + i - 3, NNBSP, 3) == 0);
}

static bool is_ascii_alnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* The byte before a punctuation mark that takes a space: a word (or a
 * closing mark) ends there, not a URL or a time of day. */
static bool word_ends_before(const char *s, size_t i)
{
    if (i == 0)
        return true;            /* after an element: a call, italics... */
    unsigned char c = (unsigned char)s[i - 1];
    return is_ascii_alnum((char)c) || c >= 0x80 || c == ')' || c == ']'
           || c == '"' || c == '\'' || c == '.';
}

static bool followed_by_break(const char *s, size_t i, size_t len)
{
    return i >= len || is_plain_space(s[i]) || s[i] == ')' || s[i] == ','
           || s[i] == '.' || s[i] == '!' || s[i] == '?'
           || starts_with(s + i, len - i, "\xC2\xBB");
}

typedef struct out {
    char *buf;
    size_t n;
} out;

static void put(out *o, const char *s, size_t n)
{
    memcpy(o->buf + o->n, s, n);
    o->n += n;
}

/* Drops plain spaces already written just before a mark. */
static void drop_spaces(out *o)
{
    while (o->n > 0 && is_plain_space(o->buf[o->n - 1]))
        o->n--;
}

static size_t skip_spaces(const char *s, size_t i, size_t len)
{
    while (i < len && is_plain_space(s[i]))
        i++;
    return i;
}

/* Handles the mark at s[i] if it takes a space; returns the bytes used
 * from s, 0 if s[i] is not such a mark. */
static size_t french_mark(out *o, const char *s, size_t i, size_t len)
{
    char c = s[i];
    if (c == ';' || c == '!' || c == '?' || c == ':') {
        size_t before = o->n;
        drop_spaces(o);
        bool word = word_ends_before(o->buf, o->n) || o->n < before;
        if (!word || !followed_by_break(s, i + 1, len) || nbsp_before(o->buf, o->n)
            || (c != ':' && o->n > 0 && (o->buf[o->n - 1] == '!' || o->buf[o->n - 1] == '?'))) {
            o->n = before;      /* not a place for a space: as written */
            return 0;
        }
        put(o, c == ':' ? NBSP : NNBSP, c == ':' ? 2 : 3);
        put(o, &c, 1);
        return 1;
    }
    if (starts_with(s + i, len - i, "\xC2\xAB")) {          /* « */
        put(o, s + i, 2);
        size_t j = skip_spaces(s, i + 2, len);
        if (!starts_with(s + j, len - j, NBSP) && !starts_with(s + j, len - j, NNBSP))
            put(o, NBSP, 2);
        return j - i;
    }
    if (starts_with(s + i, len - i, "\xC2\xBB")) {          /* » */
        drop_spaces(o);
        if (o->n > 0 && !nbsp_before(o->buf, o->n))
            put(o, NBSP, 2);
        put(o, s + i, 2);
        return 2;
    }
    return 0;
}

const char *np_typo_nobreak(np_arena *arena, const char *text, size_t len,
                            size_t *out_len)
{
    size_t spaces = 0;
    for (size_t i = 0; i < len; i++)
        spaces += strchr(" \t\n\r", text[i]) != NULL && text[i];
    char *t = np_arena_alloc(arena, len + spaces + 1);
    size_t n = 0;
    for (size_t i = 0; t && i < len; i++) {
        if (text[i] && strchr(" \t\n\r", text[i])) {
            t[n++] = '\xC2';
            t[n++] = '\xA0';
        } else {
            t[n++] = text[i];
        }
    }
    if (t)
        t[n] = '\0';
    *out_len = n;
    return t;
}

const char *np_typo_french(np_arena *arena, const char *text, size_t len,
                           size_t *out_len)
{
    /* Each mark adds at most 3 bytes: size the copy by counting them
     * (a run without any is returned as it is). */
    size_t marks = 0;
    for (size_t i = 0; i < len; i++)
        marks += text[i] == ';' || text[i] == ':' || text[i] == '!'
                 || text[i] == '?' || starts_with(text + i, len - i, "\xC2\xAB")
                 || starts_with(text + i, len - i, "\xC2\xBB");
    *out_len = len;
    if (marks == 0)
        return text;
    out o = { np_arena_alloc(arena, len + 3 * marks + 1), 0 };
    if (!o.buf)
        return NULL;
    for (size_t i = 0; i < len;) {
        size_t used = french_mark(&o, text, i, len);
        if (used == 0) {
            put(&o, text + i, 1);
            used = 1;
        }
        i += used;
    }
    o.buf[o.n] = '\0';
    *out_len = o.n;
    if (o.n == len && memcmp(o.buf, text, len) == 0)
        return text;
    return o.buf;
}

/* ---- quotation marks ---------------------------------------------- */

const char *np_typo_quotes(np_arena *arena, const char *text, size_t len,
                           const char *open, const char *close, bool *inside,
                           size_t *out_len)
{
    *out_len = len;
    if (!memchr(text, '"', len))
        return text;
    size_t lo = strlen(open), lc = strlen(close);
    size_t extra = lo > lc ? lo : lc;
    out o = { np_arena_alloc(arena, len * (extra + 1) + 1), 0 };
    if (!o.buf)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        if (text[i] != '"') {
            put(&o, text + i, 1);
            continue;
        }
        put(&o, *inside ? close : open, *inside ? lc : lo);
        *inside = !*inside;
    }
    o.buf[o.n] = '\0';
    *out_len = o.n;
    return o.buf;
}

/* ---- ties -------------------------------------------------------- */

/* Ties keep together what a reader takes as one reference: a number
 * and what it counts ("14 mars", "50 %"); a reference word or
 * abbreviation and its number ("para. 12", "annex II", "article 6");
 * a number or document symbol and its letter or subparagraph
 * ("resolution 53/6 A", "decision 79/573 B", "paragraph 12 (a)"). The
 * symbol itself may be long; the tie is only ever to the short part. */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

/* Closing punctuation a designation may carry: "B,", "II.", "(a);". */
static size_t without_closing(const char *s, size_t n)
{
    while (n > 0 && strchr(",.;:)]", s[n - 1]))
        n--;
    return n;
}

/* A number, ending on a digit: "14", "1,000", "6.2.7"; not "2024," or
 * "2024.", which end a clause rather than announce what follows. */
static bool is_number(const char *s, size_t n)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (is_digit(s[i]))
            digits++;
        else if (s[i] != '.' && s[i] != ',')
            return false;
    }
    return digits > 0 && is_digit(s[n - 1]);
}

/* A number or a document symbol ending on a digit: "53/6", "ES-10/24",
 * "A/80/L.1". */
static bool is_numbered(const char *s, size_t n)
{
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        digit |= is_digit(c);
        if (!is_digit(c) && !is_upper(c) && !(c >= 'a' && c <= 'z')
            && c != '/' && c != '.' && c != '-')
            return false;
    }
    return digit && n > 0 && is_digit(s[n - 1]);
}

static bool is_roman(const char *s, size_t n)
{
    if (n == 0 || n > 7)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!strchr("IVXLC", s[i]))
            return false;
    return true;
}

/* What follows a number as its own part: one capital letter ("B"), or a
 * subparagraph in brackets ("(a)", "(iv)", "(2)"). */
static bool is_sub_designation(const char *s, size_t n)
{
    size_t m = without_closing(s, n);
    if (m == 1 && is_upper(s[0]))
        return true;
    if (n < 3 || s[0] != '(' || n > 8)
        return false;
    size_t close = 1;
    while (close < n && s[close] != ')')
        close++;
    if (close == 1 || close == n)
        return false;
    for (size_t i = 1; i < close; i++)
        if (!(s[i] >= 'a' && s[i] <= 'z') && !is_digit(s[i]) && !is_upper(s[i]))
            return false;
    return without_closing(s, n) >= close;
}

static bool starts_with_digit(const char *s, size_t n)
{
    return n > 0 && is_digit(s[0]);
}

static bool starts_with_word(const char *s, size_t n)
{
    unsigned char c = n ? (unsigned char)s[0] : 0;
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80 || c == '%';
}

/* The number of a reference: digits ("12", "6.2.7."), a roman numeral
 * ("II", "IV."), or one capital letter ("annex A"). */
static bool is_reference_number(const char *s, size_t n)
{
    size_t m = without_closing(s, n);
    return starts_with_digit(s, n) || is_roman(s, m) || (m == 1 && is_upper(s[0]));
}

/* Abbreviations that announce a number, as written. */
static bool is_number_sign(const char *a, size_t n)
{
    static const char *const words[] = {
        "n\xC2\xB0", "N\xC2\xB0", "no", "No", "nos", "Nos", "p.", "pp.",
        "art.", "arts.", "par.", "para.", "paras.", "vol.", "chap.", "sect.",
        "\xE2\x84\x96",                                        /* № */
    };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == n && memcmp(words[i], a, n) == 0)
            return true;
    return false;
}

/* Words naming a part of a text, in the languages of the layouts,
 * lower case; the first letter may be a capital (ASCII or Cyrillic). */
static const char *const reference_words[] = {
    "annex", "annexes", "appendix", "chapter", "chapters", "part", "parts",
    "section", "sections", "article", "articles", "paragraph", "paragraphs",
    "subparagraph", "table", "figure", "volume", "rule", "rules", "item",
    "annexe", "chapitre", "partie", "paragraphe", "paragraphes",
    "alin\xC3\xA9" "a", "tableau", "point", "titre",
    "anexo", "anexos", "cap\xC3\xADtulo", "secci\xC3\xB3n", "art\xC3\xAD" "culo",
    "art\xC3\xAD" "culos", "p\xC3\xA1rrafo", "p\xC3\xA1rrafos", "apartado",
    "cuadro", "figura", "tema", "parte",
    "\xD0\xBF\xD1\x80\xD0\xB8\xD0\xBB\xD0\xBE\xD0\xB6\xD0\xB5\xD0\xBD\xD0\xB8\xD0\xB5", /* приложение */
    "\xD0\xB3\xD0\xBB\xD0\xB0\xD0\xB2\xD0\xB0",                     /* глава */
    "\xD1\x80\xD0\xB0\xD0\xB7\xD0\xB4\xD0\xB5\xD0\xBB",             /* раздел */
    "\xD1\x81\xD1\x82\xD0\xB0\xD1\x82\xD1\x8C\xD1\x8F",             /* статья */
    "\xD0\xBF\xD1\x83\xD0\xBD\xD0\xBA\xD1\x82",                     /* пункт */
    "\xD1\x87\xD0\xB0\xD1\x81\xD1\x82\xD1\x8C",                     /* часть */
    "\xD1\x82\xD0\xB0\xD0\xB1\xD0\xBB\xD0\xB8\xD1\x86\xD0\xB0",     /* таблица */
};

/* s[0..n) into buf with its first letter in lower case (ASCII, or
 * Cyrillic: U+0410-041F and U+0420-042F to U+0430-044F); false when it
 * is longer than any reference word. */
static bool lower_first(const char *s, size_t n, char *buf, size_t cap)
{
    if (n == 0 || n >= cap)
        return false;
    memcpy(buf, s, n);
    unsigned char c0 = (unsigned char)buf[0], c1 = n > 1 ? (unsigned char)buf[1] : 0;
    if (is_upper((char)c0)) {
        buf[0] = (char)(c0 + 32);
    } else if (c0 == 0xD0 && c1 >= 0x90 && c1 <= 0x9F) {
        buf[1] = (char)(c1 + 0x20);
    } else if (c0 == 0xD0 && c1 >= 0xA0 && c1 <= 0xAF) {
        buf[0] = (char)0xD1;
        buf[1] = (char)(c1 - 0x20);
    }
    return true;
}

static bool is_reference_word(const char *s, size_t n)
{
    char lower[32];
    if (!lower_first(s, n, lower, sizeof lower))
        return false;
    for (size_t i = 0; i < sizeof reference_words / sizeof reference_words[0]; i++)
        if (strlen(reference_words[i]) == n && memcmp(reference_words[i], lower, n) == 0)
            return true;
    return false;
}

/* Asked of every pair of words: the cheap test of each pair goes
 * first, and the word lists are read only for a number after them. */
bool np_typo_tie(const char *a, size_t alen, const char *b, size_t blen)
{
    if (is_number(a, alen) && starts_with_word(b, blen))
        return true;
    if (is_numbered(a, alen) && is_sub_designation(b, blen))
        return true;
    if (starts_with_digit(b, blen) && is_number_sign(a, alen))
        return true;
    return is_reference_number(b, blen) && is_reference_word(a, alen);
}
