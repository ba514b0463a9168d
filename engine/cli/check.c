/*
 * check.c - `notepress check [options] IN.xml...`: each description
 * read and checked as a render would (its language and layout loaded,
 * under the same limits), nothing laid out, nothing written. Every
 * description is checked, whatever the ones before it gave.
 */
#include <stdio.h>

#include "notepress.h"
#include "options.h"
#include "render.h"
#include "report.h"
#include "signals.h"

static int check_all(np_engine *e, const cli_options *a)
{
    np_render_options o;
    cli_render_options(a, &o);
    int worst = 0;
    for (int i = 0; i < a->input_count; i++) {
        int rc = np_check_file(e, a->inputs[i], &o);
        if (rc == NP_CANCELLED)
            return cli_interrupted("the check was not finished");
        if (rc != 0)
            worst = 1;
    }
    return worst;
}

int np_cli_check(const cli_options *a)
{
    np_engine *e = cli_engine_new();
    int rc = e ? check_all(e, a) : 1;
    np_engine_free(e);
    return rc;
}
