/*
 * render.c - `notepress render IN.xml [-o OUT.pdf] [options]`: one
 * description into one PDF (or text dump), through the public API.
 * Where the file goes and how a refused or interrupted render leaves
 * it is the library's np_render_file; standard output (-o -) is
 * written only once the document is complete. --depfile writes what
 * the output was made from as make reads it, so that make -j and ninja
 * can drive renders.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "notepress.h"
#include "options.h"
#include "render.h"
#include "report.h"
#include "signals.h"
#include "xalloc.h"

/* np_render_options.dep: each file once. */
static void add_dep(void *ud, const char *path)
{
    strlist *l = ud;
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], path) == 0)
            return;
    list_add(l, xstrdup(path));
}

/* A path as make reads it in a rule: spaces, '#' and ':' escaped with a
 * backslash, '$' doubled. */
static void make_path(FILE *f, const char *p)
{
    for (; *p; p++) {
        if (*p == '$')
            fputc('$', f);
        else if (*p == ' ' || *p == '\t' || *p == '#' || *p == ':')
            fputc('\\', f);
        fputc(*p, f);
    }
}

/* "OUT: DEP..." and an empty rule for each dependency (as gcc -MP),
 * so that make does not stop when one goes away; written beside and
 * renamed, as the output is. */
static int write_depfile(const char *path, const char *target, const strlist *deps)
{
    char *tmp = xprintf("%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (f) {
        make_path(f, target);
        fputc(':', f);
        for (size_t i = 0; i < deps->n; i++) {
            fputs(" \\\n ", f);
            make_path(f, deps->v[i]);
        }
        fputc('\n', f);
        for (size_t i = 0; i < deps->n; i++) {
            fputc('\n', f);
            make_path(f, deps->v[i]);
            fputs(":\n", f);
        }
    }
    int rc = !f || ferror(f) ? -1 : 0;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc == 0 && rename(tmp, path) != 0)
        rc = -1;
    if (rc != 0) {
        fprintf(stderr, "%s: error: cannot write the dependency file: %s\n", path,
                strerror(errno));
        remove(tmp);
    }
    free(tmp);
    return rc;
}

static int render(np_engine *e, const cli_options *a)
{
    np_render_options o;
    np_stats stats;
    cli_render_options(a, &o);
    np_stats_init(&stats);
    o.stats = a->stats ? &stats : NULL;
    const char *input = a->inputs[0];
    strlist deps = { 0 };
    int rc;
    if (a->depfile) {
        o.dep = add_dep;
        o.dep_ud = &deps;
        add_dep(&deps, input);
    }
    if (a->output && strcmp(a->output, "-") == 0) {
        rc = np_render_file_write(e, input, &o, cli_write_stdout, NULL);
    } else {
        char *out = a->output ? NULL : cli_default_output(a, input);
        if (!a->output && !out) {
            fputs("notepress: error: out of memory\n", stderr);
            return 1;
        }
        rc = np_render_file(e, input, a->output ? a->output : out, &o);
        if (rc == 0 && a->depfile
            && write_depfile(a->depfile, a->output ? a->output : out, &deps) != 0)
            rc = 1;
        free(out);
    }
    list_free(&deps);
    if (rc == 0 && a->stats)
        cli_print_stats(&stats);
    if (rc == NP_CANCELLED)
        return cli_interrupted("nothing was written");
    return rc == 0 ? 0 : 1;
}

int np_cli_render(const cli_options *a)
{
    if (a->depfile && a->output && strcmp(a->output, "-") == 0)
        return cli_usage_error(CLI_RENDER, "--depfile needs an output file: "
                               "standard output is no target for make");
    np_engine *e = cli_engine_new();
    int rc = e ? render(e, a) : 1;
    np_engine_free(e);
    return rc;
}
