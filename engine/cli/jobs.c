/*
 * jobs.c - the documents of one `notepress batch` (jobs.h): inputs
 * collected from files, directories and lists, each with its output
 * path; the stable shards of them.
 *
 * Uses only the public API; renders nothing.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jobs.h"

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q) {
        /* The CLI, unlike the library, may stop here: there is no caller
         * to hand the failure to, and no output half written. */
        fputs("notepress: error: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

char *xprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = xrealloc(NULL, (size_t)(n < 0 ? 0 : n) + 1);
    va_start(ap, fmt);
    vsnprintf(s, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
    va_end(ap);
    return s;
}

void list_add(strlist *l, char *s)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = s;
}

void list_free(strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    *l = (strlist){ 0 };
}

bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), m = strlen(tail);
    return n >= m && strcmp(s + n - m, tail) == 0;
}

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
                    const char *outdir)
{
    if (js->n == js->cap) {
        js->cap = js->cap ? js->cap * 2 : 64;
        js->v = xrealloc(js->v, js->cap * sizeof *js->v);
    }
    job *j = &js->v[js->n++];
    *j = (job){ .input = xstrdup(input), .rel = normalise(rel) };
    j->output = output_for(input, j->rel, outdir);
}

static void free_job(job *j)
{
    free(j->input);
    free(j->rel);
    free(j->output);
    list_free(&j->messages);
    list_free(&j->deps);
}

void free_jobs(jobs *js)
{
    for (size_t i = 0; i < js->n; i++)
        free_job(&js->v[i]);
    free(js->v);
}

static int by_output(const void *a, const void *b)
{
    return strcmp(((const job *)a)->output, ((const job *)b)->output);
}

/* Sorted by output, one job per output: a file named twice, or found
 * both in a directory and in a list, is rendered once. */
void sort_unique(jobs *js)
{
    if (js->n == 0)
        return;
    qsort(js->v, js->n, sizeof *js->v, by_output);
    size_t kept = 1;
    for (size_t i = 1; i < js->n; i++) {
        if (strcmp(js->v[i].output, js->v[kept - 1].output) == 0)
            free_job(&js->v[i]);
        else
            js->v[kept++] = js->v[i];
    }
    js->n = kept;
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
            add_job(c->js, path, path + top_len, c->outdir);
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
        add_job(c->js, path, path, c->outdir);
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
 * skipped, trailing blanks and carriage returns dropped. */
static void add_list(collector *c, FILE *f)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        while (n > 0 && strchr(" \t\r\n", line[n - 1]))
            line[--n] = '\0';
        if (n > 0 && line[0] != '#')
            add_input(c, line);
    }
    free(line);
}

void add_argument(collector *c, const char *arg)
{
    if (strcmp(arg, "-") == 0) {
        add_list(c, stdin);
        return;
    }
    if (arg[0] != '@') {
        add_input(c, arg);
        return;
    }
    FILE *f = fopen(arg + 1, "r");
    if (!f) {
        input_error(c, arg + 1, strerror(errno));
        return;
    }
    add_list(c, f);
    fclose(f);
}

/* ---- shards ------------------------------------------------------------ */

/* FNV-1a, 64 bits: stable across machines, runs and listing orders. */
static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

/* Keeps the jobs of shard k (1-based) of n. */
void keep_shard(jobs *js, long k, long n)
{
    size_t kept = 0;
    for (size_t i = 0; i < js->n; i++) {
        job *j = &js->v[i];
        if (fnv1a(j->rel) % (uint64_t)n == (uint64_t)(k - 1))
            js->v[kept++] = *j;
        else
            free_job(j);
    }
    js->n = kept;
}
