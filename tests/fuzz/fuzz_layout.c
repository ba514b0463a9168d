/*
 * fuzz_layout.c - libFuzzer target over layout files: the input is a
 * layout file, used to render a small fixed description to a PDF in
 * memory.
 *
 * An engine caches layouts by name, so each input gets a fresh engine
 * and is written to the same temporary file: what is fuzzed is loading,
 * checking and then obeying a hostile layout, fonts and all.
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

static char path[64];

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
    snprintf(path, sizeof path, "/tmp/np-fuzz-layout-%ld.xml", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size) {
        if (f)
            fclose(f);
        return 0;
    }
    fclose(f);
    np_engine *e = np_engine_new(NULL);
    if (!e)
        return 0;
    np_render_options o;
    np_render_options_init(&o);
    o.layout = path;
    size_t total = 0;
    np_render_memory(e, "fuzz.xml", description, sizeof description - 1, &o,
                     discard, &total);
    np_engine_free(e);
    return 0;
}
