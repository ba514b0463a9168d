/*
 * test_shape.c - the kerning shape.c reads from a face, against
 * HarfBuzz's own command (hb-shape, Debian's libharfbuzz-bin) run on the
 * same font file: for each word, the advances shaped with kerning less
 * those shaped without it, in 1/1000 em, must be ours, character by
 * character. Then what spaces do (no pair across one) and what the
 * layout's switch does to widths: "AV" and "To" narrower kerned.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/font.h"
#include "text/shape.h"
#include "unit.h"

#define FONT "fonts/LiberationSerif-Regular.ttf"
#define UPEM 2048.0
#define MAX_CHARS 32

/* The advances hb-shape gives `word` (no space, no quote in it), with
 * kerning on or off; how many. */
static int hb_advances(const char *word, bool kern, long *adv)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "hb-shape --features=%skern,-liga,-clig,-calt,-ccmp "
             "--no-glyph-names --no-clusters '%s' '%s'", kern ? "" : "-", FONT, word);
    FILE *p = popen(cmd, "r");
    char out[1024] = "";
    if (!p)
        return -1;
    size_t n = fread(out, 1, sizeof out - 1, p);
    out[n] = '\0';
    if (pclose(p) != 0)
        return -1;
    int count = 0;
    for (char *s = strchr(out, '+'); s && count < MAX_CHARS; s = strchr(s + 1, '+'))
        adv[count++] = strtol(s + 1, NULL, 10);
    return count;
}

static void same_as_hb_shape(np_shaper *s, const char *word)
{
    long with[MAX_CHARS], without[MAX_CHARS];
    int n = hb_advances(word, true, with);
    CHECK(n > 0 && n == hb_advances(word, false, without));
    int16_t kern[MAX_CHARS];
    long sum = np_shaper_kerns(s, word, strlen(word), kern, MAX_CHARS);
    long want_sum = 0;
    for (int i = 0; i < n; i++) {
        long want = lround((double)(with[i] - without[i]) * 1000 / UPEM);
        want_sum += want;
        if (kern[i] != want)
            fprintf(stderr, "%s: character %d kerned %d, hb-shape %ld\n",
                    word, i, kern[i], want);
        CHECK(kern[i] == want);
    }
    CHECK(sum == want_sum);
    CHECK(np_shaper_kern_total(s, word, strlen(word)) == want_sum);
}

int main(void)
{
    char err[256];
    np_face *face = np_face_load(FONT, NULL, err, sizeof err);
    CHECK(face != NULL);
    np_shaper *s = face ? np_shaper_new(face) : NULL;
    CHECK(s != NULL);
    if (!s) {
        np_face_free(face);
        return unit_done("shape");
    }
    const char *words[] = { "AV", "To", "WAVE", "Yoyo", "P.", "LTA", "Avenue",
                            "VAT", "Organisation", "Tâche" };
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        same_as_hb_shape(s, words[i]);

    /* The figures of docs/dependencies.md (FreeType's reading of the kern table). */
    CHECK(np_shaper_kern_total(s, "AV", 2) == -129);
    CHECK(np_shaper_kern_total(s, "To", 2) == -70);

    /* No pair across a space ("V T" has V-space and space-T pairs in
     * the font), and the space itself is never kerned. */
    int16_t kern[8];
    CHECK(np_shaper_kerns(s, "AV To", 5, kern, 8) == -129 - 70);
    CHECK(kern[0] == -129 && kern[1] == 0 && kern[2] == 0 && kern[3] == -70
          && kern[4] == 0);
    /* An array too short is left as far as it fits, never overrun. */
    int16_t guard[4] = { 7, 7, 7, 7 };
    np_shaper_kerns(s, "AV To", 5, guard, 3);
    CHECK(guard[3] == 7);

    /* Kerned, "AV" and "To" are narrower than the sum of their
     * advances, by the kerning. */
    double plain = np_face_text_width(face, 10, "AV", 2);
    double kerned = plain + np_shaper_kern_total(s, "AV", 2) * 10 / 1000.0;
    CHECK(kerned < plain);
    CHECK_NEAR(plain - kerned, 1.29, 1e-9);
    np_shaper_free(s);
    np_face_free(face);
    return unit_done("shape");
}
