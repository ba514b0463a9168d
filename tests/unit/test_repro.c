/*
 * test_repro.c - the same description and layout give the same bytes:
 * on every run, in any time zone, under a locale with a decimal comma,
 * a second apart; SOURCE_DATE_EPOCH (fixed_time) is the only way a date
 * gets in, and PDF/A's file ID comes from the content, not the clock.
 *
 * Every sample of samples/ is rendered in memory through the public API.
 * The comma locale is fr_FR.UTF-8, made with localedef in a temporary
 * directory when the machine does not have it; without localedef that
 * part is skipped and says so.
 */
#include <dirent.h>
#include <locale.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "notepress.h"
#include "unit.h"

static unit_sink render(np_engine *e, const char *name, const char *text,
                        size_t len, long long when, bool pdfa)
{
    np_render_options o;
    np_render_options_init(&o);
    o.fixed_time = when;
    o.pdfa = pdfa;
    unit_sink b = { 0 };
    int rc = np_render_memory(e, name, text, len, &o, unit_sink_write, &b);
    CHECK(rc == 0);
    return b;
}

static bool same(const unit_sink *a, const unit_sink *b)
{
    return a->len == b->len && a->len > 0 && memcmp(a->p, b->p, a->len) == 0;
}

static bool contains(const unit_sink *b, const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i + n <= b->len; i++)
        if (memcmp(b->p + i, s, n) == 0)
            return true;
    return false;
}

/* The file ID of a PDF/A: the hex string after "/ID [ <". */
static void file_id(const unit_sink *b, char *out, size_t size)
{
    out[0] = '\0';
    for (size_t i = 0; i + 8 < b->len; i++)
        if (memcmp(b->p + i, "/ID [", 5) == 0) {
            const char *lt = memchr(b->p + i, '<', b->len - i);
            const char *gt = lt ? memchr(lt, '>', (size_t)(b->p + b->len - lt)) : NULL;
            if (gt && (size_t)(gt - lt) < size)
                snprintf(out, size, "%.*s", (int)(gt - lt - 1), lt + 1);
            return;
        }
}

static void one_sample(np_engine *e, const char *path, bool comma_locale)
{
    size_t len;
    char *text = unit_read_file(path, &len);
    CHECK(text != NULL);
    if (!text)
        return;
    unit_sink a = render(e, path, text, len, -1, false);
    setenv("TZ", "Pacific/Kiritimati", 1);
    tzset();
    unit_sink b = render(e, path, text, len, -1, false);
    CHECK(same(&a, &b));
    CHECK(!contains(&a, "/CreationDate"));      /* no date unless given */
    unit_sink c = render(e, path, text, len, 1700000000, false);
    setenv("TZ", "America/Anchorage", 1);
    tzset();
    unit_sink d = render(e, path, text, len, 1700000000, false);
    CHECK(same(&c, &d));
    CHECK(contains(&c, "/CreationDate (D:20231114221320"));
    CHECK(!same(&a, &c));
    if (comma_locale) {
        setlocale(LC_ALL, "fr_FR.UTF-8");
        unit_sink f = render(e, path, text, len, -1, false);
        setlocale(LC_ALL, "C");
        CHECK(same(&a, &f));
        free(f.p);
    }
    static bool slept;
    unit_sink p1 = render(e, path, text, len, 1700000000, true);
    if (!slept)
        sleep(1);               /* libharu's own PDF/A ID comes from the clock */
    slept = true;
    unit_sink p2 = render(e, path, text, len, 1700000000, true);
    CHECK(same(&p1, &p2));
    char id[64];
    file_id(&p1, id, sizeof id);
    CHECK(strlen(id) == 32);
    unsetenv("TZ");
    tzset();
    printf("repro: %s: %zu bytes, PDF/A ID %s\n", path, a.len, id);
    free(a.p);
    free(b.p);
    free(c.p);
    free(d.p);
    free(p1.p);
    free(p2.p);
    free(text);
}

/* Two documents differing in one word get different PDF/A IDs: the ID
 * derives from the content. */
static void id_follows_content(np_engine *e)
{
    static const char one[] =
        "<?xml version=\"1.0\"?><document lang=\"en\"><meta><symbol>A/1</symbol>"
        "</meta><title>T</title><body><p>One word.</p></body></document>";
    char two[sizeof one];
    memcpy(two, one, sizeof one);
    memcpy(strstr(two, "One"), "Two", 3);
    unit_sink a = render(e, "one.xml", one, sizeof one - 1, 0, true);
    unit_sink b = render(e, "two.xml", two, sizeof two - 1, 0, true);
    char ia[64], ib[64];
    file_id(&a, ia, sizeof ia);
    file_id(&b, ib, sizeof ib);
    CHECK(ia[0] && ib[0] && strcmp(ia, ib) != 0);
    free(a.p);
    free(b.p);
}

/* Makes fr_FR.UTF-8 usable (in `dir` if need be); true when it is, and
 * printf then writes 1.5 as "1,5". */
static bool comma_locale(char *dir, size_t size)
{
    dir[0] = '\0';
    if (!setlocale(LC_ALL, "fr_FR.UTF-8")) {
        snprintf(dir, size, "/tmp/np-repro-XXXXXX");
        char cmd[512];
        if (!mkdtemp(dir))
            return false;
        snprintf(cmd, sizeof cmd, "localedef -i fr_FR -f UTF-8 %s/fr_FR.UTF-8 2>/dev/null", dir);
        if (system(cmd) != 0)
            return false;
        setenv("LOCPATH", dir, 1);
        if (!setlocale(LC_ALL, "fr_FR.UTF-8"))
            return false;
    }
    char s[8];
    snprintf(s, sizeof s, "%.1f", 1.5);
    setlocale(LC_ALL, "C");
    return strcmp(s, "1,5") == 0;
}

int main(void)
{
    np_engine *e = np_engine_new(NULL);
    CHECK(e != NULL);
    if (!e)
        return unit_done("repro");
    char dir[64];
    bool comma = comma_locale(dir, sizeof dir);
    if (!comma)
        printf("repro: no fr_FR.UTF-8 locale and no localedef: the decimal-comma run is skipped\n");
    DIR *d = opendir("samples");
    CHECK(d != NULL);
    int n = 0;
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL;) {
        size_t len = strlen(ent->d_name);
        if (len < 5 || strcmp(ent->d_name + len - 4, ".xml") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "samples/%s", ent->d_name);
        one_sample(e, path, comma);
        n++;
    }
    if (d)
        closedir(d);
    CHECK(n >= 3);
    id_follows_content(e);
    np_engine_free(e);
    if (dir[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        CHECK(system(cmd) == 0);
    }
    return unit_done("repro");
}
