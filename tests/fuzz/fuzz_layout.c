/*
 * fuzz_layout.c - libFuzzer target over layout files: the input is a
 * layout file, used to render a small fixed description to a PDF in
 * memory.
 *
 * An engine caches layouts by path, so each input is written to a file
 * of its own name (removed once read). The engine is made anew every
 * ENGINE_RUNS inputs, so that its cache stays small; fonts and schema
 * are loaded once per engine, which keeps the target fast. What is
 * fuzzed is loading, checking and then obeying a hostile layout.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notepress.h"

static const char description[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<document lang=\"en\">\n"
    "<meta><symbol>A/RES/1/2</symbol><organ>General Assembly</organ>"
    "<distribution>general</distribution><date>2024-01-31</date>"
    "<original lang=\"fr\"/><job>N24-00001</job></meta>\n"
    "<meeting><body>Main Committee</body><session>First session</session>"
    "<agenda-item number=\"5\" agenda=\"A/1/1\">Item title</agenda-item>"
    "</meeting>\n"
    "<title>Title<fn>A star note.</fn></title><subtitle>Note</subtitle>\n"
    "<body><section><title>Heading</title>"
    "<p>First paragraph with a note<fn id=\"n\">The note text, long enough"
    " to wrap over more than one line of the footnote area.</fn> and a "
    "<link href=\"https://un.org\">link</link>.</p>"
    "<list><item>one<list style=\"roman\"><item>nested</item></list></item>"
    "<item>two<fnref ref=\"n\"/></item></list>"
    "<table><col width=\"30%\"/><col/><tr><th>Head</th><th>Head</th></tr>"
    "<tr><td>cell</td><td align=\"right\">12</td></tr></table>"
    "<pagebreak/><p>After the break: incomprehensibilities "
    "internationalisation.</p></section></body>\n"
    "<annex><title>Annex title</title><p>Annex text.</p></annex>\n"
    "</document>\n";

#define ENGINE_RUNS 256

static np_engine *engine;
static unsigned long runs;

static int discard(void *ud, const void *bytes, size_t len)
{
    (void)bytes;
    *(size_t *)ud += len;
    return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/np-fuzz-layout-%ld-%lu.xml",
             (long)getpid(), runs);
    if (runs++ % ENGINE_RUNS == 0) {
        np_engine_free(engine);
        engine = np_engine_new(NULL);
    }
    FILE *f = fopen(path, "wb");
    if (!engine || !f || fwrite(data, 1, size, f) != size) {
        if (f)
            fclose(f);
        unlink(path);
        return 0;
    }
    fclose(f);
    np_render_options o;
    np_render_options_init(&o);
    o.layout = path;
    size_t total = 0;
    np_render_memory(engine, "fuzz.xml", description, sizeof description - 1,
                     &o, discard, &total);
    unlink(path);
    return 0;
}
