/*
 * resume.c - whether an output of `notepress batch` is up to date
 * (resume.h): a hidden ".NAME.pdf.deps" beside each PDF lists the files
 * its last render read, as the library reported them.
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resume.h"

#define DEPS_MAGIC "notepress-deps 1"

/* ".NAME.pdf.deps" beside OUTPUT: the files its last render read. */
static char *deps_path(const char *output)
{
    const char *slash = strrchr(output, '/');
    size_t dir = slash ? (size_t)(slash - output) + 1 : 0;
    return xprintf("%.*s.%s.deps", (int)dir, output, output + dir);
}

static bool newer(const struct timespec *a, const struct timespec *b)
{
    return a->tv_sec != b->tv_sec ? a->tv_sec > b->tv_sec : a->tv_nsec > b->tv_nsec;
}

/* True when the output exists and no file its last render read has
 * changed since: every file listed still exists and is not newer. */
bool up_to_date(const job *j)
{
    struct stat out, dep;
    char *path = deps_path(j->output);
    FILE *f = stat(j->output, &out) == 0 ? fopen(path, "r") : NULL;
    free(path);
    if (!f)
        return false;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = getline(&line, &cap, f) > 0 && strcmp(line, DEPS_MAGIC "\n") == 0;
    int count = 0;
    while (ok && (n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        ok = stat(line, &dep) == 0 && !newer(&dep.st_mtim, &out.st_mtim);
        count++;
    }
    ok = ok && count > 0 && !ferror(f);
    free(line);
    fclose(f);
    return ok;
}

/* Writes the deps file through a temporary file and a rename, so that a
 * stop in the middle leaves the old list or none, never half of one.
 * Paths are made absolute: a later run may start elsewhere. */
int write_deps(const job *j)
{
    char *path = deps_path(j->output), *tmp = xprintf("%s.tmp%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "w");
    int rc = f ? 0 : -1;
    if (f)
        fputs(DEPS_MAGIC "\n", f);
    for (size_t i = 0; f && i < j->deps.n; i++) {
        char *abs = realpath(j->deps.v[i], NULL);
        if (!abs || strchr(abs, '\n'))
            rc = -1;    /* a file we cannot name: never skip this output */
        else
            fprintf(f, "%s\n", abs);
        free(abs);
    }
    if (f && (fclose(f) != 0 || rc != 0 || rename(tmp, path) != 0))
        rc = -1;
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    free(path);
    return rc;
}

void remove_deps(const job *j)
{
    char *path = deps_path(j->output);
    unlink(path);
    free(path);
}
