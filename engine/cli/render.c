/*
 * render.c - `notepress render IN.xml [-o OUT.pdf] [options]`: one
 * description into one PDF (or text dump), through the public API.
 * Where the file goes and how a refused or interrupted render leaves
 * it is the library's np_render_file; standard output (-o -) is
 * written only once the document is complete.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notepress.h"
#include "options.h"
#include "render.h"
#include "report.h"
#include "signals.h"

static int render(np_engine *e, const cli_options *a)
{
    np_render_options o;
    np_stats stats;
    cli_render_options(a, &o);
    np_stats_init(&stats);
    o.stats = a->stats ? &stats : NULL;
    const char *input = a->inputs[0];
    int rc;
    if (a->output && strcmp(a->output, "-") == 0) {
        rc = np_render_file_write(e, input, &o, cli_write_stdout, NULL);
    } else {
        char *out = a->output ? NULL : cli_default_output(a, input);
        if (!a->output && !out) {
            fputs("notepress: error: out of memory\n", stderr);
            return 1;
        }
        rc = np_render_file(e, input, a->output ? a->output : out, &o);
        free(out);
    }
    if (rc == 0 && a->stats)
        cli_print_stats(&stats);
    if (rc == NP_CANCELLED)
        return cli_interrupted("nothing was written");
    return rc == 0 ? 0 : 1;
}

int np_cli_render(const cli_options *a)
{
    np_engine *e = cli_engine_new();
    int rc = e ? render(e, a) : 1;
    np_engine_free(e);
    return rc;
}
