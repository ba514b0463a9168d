/*
 * jobs.c - the documents of one `notepress batch` (jobs.h): inputs
 * collected from files, directories and lists, each with its output
 * path, refused when two would write one file.
 *
 * Renders nothing, and chooses no shard (shard.c).
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jobs.h"
#include "read_text.h"

/* A list of a million paths; /dev/zero given as a list was read up to
 * a gigabyte. */
#define MAX_LIST_BYTES ((size_t)64 << 20)

/* ---- jobs ----------------------------------------------------------- */

/* The path without empty, "." and ".." parts, as a relative path: the
 * name an input has under OUTDIR, whichever way it was spelt. */
static char *normalise(const char *path)
{
    char *out = xrealloc(NULL, strlen(path) + 1);
    size_t n = 0;
    while (*path) {
        size_t len = strcspn(path, "/");
        if (len == 2 && path[0] == '.' && path[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--;
        } else if (len > 0 && !(len == 1 && path[0] == '.')) {
            if (n > 0)
                out[n++] = '/';
            memcpy(out + n, path, len);
            n += len;
        }
        path += len + (path[len] == '/');
    }
    out[n] = '\0';
    return out;
}

/* REL.pdf under `outdir`, or the input with .xml changed to .pdf. */
static char *output_for(const char *input, const char *rel, const char *outdir)
{
    const char *base = outdir ? rel : input;
    size_t n = strlen(base) - (ends_with(base, ".xml") ? 4 : 0);
    if (outdir)
        return xprintf("%s/%.*s.pdf", outdir, (int)n, base);
    return xprintf("%.*s.pdf", (int)n, base);
}

static void add_job(jobs *js, const char *input, const char *rel,
                    const char *outdir, const struct stat *st)
{
    if (js->n == js->cap) {
        js->cap = js->cap ? js->cap * 2 : 64;
        js->v = xrealloc(js->v, js->cap * sizeof *js->v);
    }
    job *j = &js->v[js->n++];
    *j = (job){ .input = xstrdup(input), .rel = normalise(rel),
                .in_dev = st->st_dev, .in_ino = st->st_ino };
    j->output = output_for(input, j->rel, outdir);
}

void add_message(msglist *l, const np_diagnostic *d)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 4;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (message){ d->severity, d->file ? xstrdup(d->file) : NULL,
                              d->line, d->column, xstrdup(d->message) };
}

np_diagnostic message_diagnostic(const message *m)
{
    return (np_diagnostic){ m->severity, m->file, m->line, m->column, m->text };
}

static void free_messages(msglist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].file);
        free(l->v[i].text);
    }
    free(l->v);
}

void free_job(job *j)
{
    free(j->input);
    free(j->rel);
    free(j->output);
    free(j->canon);
    free_messages(&j->messages);
    list_free(&j->deps);
}

void free_jobs(jobs *js)
{
    for (size_t i = 0; i < js->n; i++)
        free_job(&js->v[i]);
    free(js->v);
}

/* ---- outputs -------------------------------------------------------- */

/* `path` with its links and ".." resolved: realpath of the part that
 * exists, then the rest as written (an output and its directories may
 * not exist yet, and still be one file through a link). */
static char *canonical(const char *path)
{
    char *real = realpath(path, NULL);
    if (real)
        return real;
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xprintf("%s", path);
    char *dir = xprintf("%.*s", (int)(slash - path), path);
    char *head = dir[0] ? canonical(dir) : xstrdup("/");
    char *out = xprintf("%s/%s", head, slash + 1);
    free(head);
    free(dir);
    return out;
}

static int by_output(const void *a, const void *b)
{
    const job *x = a, *y = b;
    int c = strcmp(x->canon, y->canon);
    return c ? c : strcmp(x->output, y->output);
}

static bool same_input(const job *a, const job *b)
{
    return a->in_dev == b->in_dev && a->in_ino == b->in_ino;
}

/* Two jobs whose outputs are one file: the same description named
 * twice is rendered once (0), two descriptions are a clash (1). */
static int same_output(const job *kept, const job *j)
{
    if (same_input(j, kept))
        return 0;
    if (strcmp(j->output, kept->output) == 0)
        fprintf(stderr, "%s: error: both %s and %s would be rendered to this "
                "file\n", j->output, kept->input, j->input);
    else
        fprintf(stderr, "%s: error: the same file as %s: both %s and %s would "
                "be rendered to it\n", j->output, kept->output, kept->input,
                j->input);
    return 1;
}

/* Sorted by output file, one job per output. Before, of two different
 * descriptions mapped to one output, one was dropped without a word. */
static int merge_outputs(jobs *js)
{
    int clashes = 0;
    size_t kept = 0;
    for (size_t i = 0; i < js->n; i++)
        js->v[i].canon = canonical(js->v[i].output);
    if (js->n > 1)              /* no jobs: no array at all to sort */
        qsort(js->v, js->n, sizeof *js->v, by_output);
    for (size_t i = 0; i < js->n; i++) {
        job *j = &js->v[i], *last = kept ? &js->v[kept - 1] : NULL;
        if (!last || strcmp(j->canon, last->canon) != 0) {
            js->v[kept++] = *j;
            continue;
        }
        clashes += same_output(last, j);
        free_job(j);
    }
    js->n = kept;
    return clashes;
}

/* A file the batch reads or writes, by its identity. */
typedef struct ident {
    dev_t dev;
    ino_t ino;
    size_t job;
    bool output;
} ident;

static int by_ident(const void *a, const void *b)
{
    const ident *x = a, *y = b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->output - y->output;
}

/* The clash of two entries for one file, if they are one. */
static int one_clash(const jobs *js, const ident *a, const ident *b)
{
    const job *ja = &js->v[a->job], *jb = &js->v[b->job];
    if (!a->output && !b->output)
        return 0;               /* a description named twice: fine */
    if (a->output && b->output) {
        fprintf(stderr, "%s: error: the same file as %s: both %s and %s would "
                "be rendered to it\n", ja->output, jb->output, ja->input, jb->input);
        return 1;
    }
    const job *out = a->output ? ja : jb, *in = a->output ? jb : ja;
    fprintf(stderr, "%s: error: the output of %s is the description %s\n",
            out->output, out->input, in->input);
    return 1;
}

/* Outputs that already exist, compared with each other and with the
 * inputs as files: two names may lead to one (links, "dir/../x"). */
static int files_clash(const jobs *js)
{
    ident *v = xrealloc(NULL, 2 * js->n * sizeof *v);
    size_t m = 0;
    struct stat st;
    for (size_t i = 0; i < js->n; i++) {
        v[m++] = (ident){ js->v[i].in_dev, js->v[i].in_ino, i, false };
        if (stat(js->v[i].output, &st) == 0)
            v[m++] = (ident){ st.st_dev, st.st_ino, i, true };
    }
    qsort(v, m, sizeof *v, by_ident);
    int clashes = 0;
    for (size_t i = 0; i < m; i++)
        for (size_t k = i + 1; k < m && v[k].dev == v[i].dev && v[k].ino == v[i].ino; k++)
            clashes += one_clash(js, &v[i], &v[k]);
    free(v);
    return clashes;
}

int check_outputs(jobs *js)
{
    int clashes = merge_outputs(js);
    return clashes + files_clash(js);
}

/* ---- collecting inputs ---------------------------------------------- */

static void input_error(collector *c, const char *path, const char *why)
{
    fprintf(stderr, "%s: error: %s\n", path, why);
    c->errors++;
}

/* Every *.xml below `dir`, named by its path relative to `top`. Symbolic
 * links to directories are not followed, so a link cannot loop. */
static void walk(collector *c, const char *dir, size_t top_len)
{
    DIR *d = opendir(dir);
    if (!d) {
        input_error(c, dir, strerror(errno));
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;   /* ., .., and hidden files such as our .deps */
        char *path = xprintf("%s/%s", dir, e->d_name);
        struct stat st;
        if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
            walk(c, path, top_len);
        else if (ends_with(e->d_name, ".xml") && stat(path, &st) == 0
                 && S_ISREG(st.st_mode))
            add_job(c->js, path, path + top_len, c->outdir, &st);
        free(path);
    }
    closedir(d);
}

static void add_input(collector *c, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        input_error(c, path, strerror(errno));
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        add_job(c->js, path, path, c->outdir, &st);
        return;
    }
    size_t top = strlen(path);
    while (top > 1 && path[top - 1] == '/')
        top--;
    char *dir = xprintf("%.*s", (int)top, path);
    walk(c, dir, top + 1);
    free(dir);
}

/* One input per line; blank lines and lines starting with '#' are
 * skipped, trailing blanks and carriage returns dropped. A list that
 * cannot be one (a NUL byte, a line longer than any path) is refused
 * whole, before any of it is taken. */
static void add_lines(collector *c, const char *name, char *text, size_t len)
{
    if (memchr(text, '\0', len)) {
        input_error(c, name, "holds a NUL byte: not a list of inputs");
        return;
    }
    size_t number = 1;
    for (char *line = text; *line; number++) {
        size_t n = strcspn(line, "\n");
        if (n >= PATH_MAX) {
            char why[96];
            snprintf(why, sizeof why, "line %zu is longer than any path "
                     "(%d bytes): not a list of inputs", number, PATH_MAX);
            input_error(c, name, why);
            return;
        }
        line += n + (line[n] == '\n');
    }
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        while (n > 0 && strchr(" \t\r", line[n - 1]))
            line[--n] = '\0';
        if (n > 0 && line[0] != '#')
            add_input(c, line);
    }
}

/* @FILE, a regular file, or - for standard input, which may be a pipe:
 * either is read up to MAX_LIST_BYTES. */
static void add_list(collector *c, const char *arg)
{
    bool in = strcmp(arg, "-") == 0;
    const char *name = in ? "standard input" : arg + 1;
    char *text, why[160];
    size_t len;
    int rc = cli_read_text(in ? NULL : name, MAX_LIST_BYTES, &text, &len,
                           why, sizeof why);
    if (rc == CLI_READ_INTERRUPTED)
        return;                 /* a signal: the batch stops */
    if (rc == CLI_READ_TOO_LONG)
        snprintf(why, sizeof why, "a list of inputs longer than %zu MiB",
                 MAX_LIST_BYTES >> 20);
    else if (rc == CLI_READ_FIFO)
        snprintf(why, sizeof why, "a FIFO, not a regular file (give a stream "
                 "of inputs on standard input, as -)");
    if (rc != CLI_READ_OK) {
        input_error(c, name, why);
        return;
    }
    add_lines(c, name, text, len);
    free(text);
}

void add_argument(collector *c, const char *arg)
{
    if (strcmp(arg, "-") == 0 || arg[0] == '@')
        add_list(c, arg);
    else
        add_input(c, arg);
}
