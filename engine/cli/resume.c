/*
 * resume.c - whether an output of `notepress batch` is up to date
 * (resume.h): a hidden ".NAME.pdf.deps" beside each PDF lists the files
 * its last render read, as the library reported them, and the options
 * it was made with. The record is a help, not the authority: an output
 * edited, cut short, replaced by a link or made by another version is
 * rendered again whatever it says, and so is one older than its
 * description.
 */
#define _XOPEN_SOURCE 700       /* realpath() */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "notepress.h"
#include "read_text.h"
#include "resume.h"

#define DEPS_MAGIC "notepress-deps 2"
#define MAX_DEPS_BYTES ((size_t)1 << 20)

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

/* The record says the output was made with these options, and every
 * file it lists still exists and is not newer than the output. A FIFO
 * planted in the record's place is refused, not waited on. */
static bool deps_unchanged(const job *j, const char *made_with,
                           const struct stat *out)
{
    char *path = deps_path(j->output), *text, *save = NULL, why[128];
    size_t len;
    int rc = cli_read_text(path, MAX_DEPS_BYTES, &text, &len, why, sizeof why);
    free(path);
    if (rc != CLI_READ_OK)
        return false;
    struct stat dep;
    char *line = strtok_r(text, "\n", &save);
    bool ok = line && strcmp(line, DEPS_MAGIC) == 0;
    line = ok ? strtok_r(NULL, "\n", &save) : NULL;
    ok = line && strcmp(line, made_with) == 0;
    int count = 0;
    while (ok && (line = strtok_r(NULL, "\n", &save)) != NULL) {
        ok = stat(line, &dep) == 0 && !newer(&dep.st_mtim, &out->st_mtim);
        count++;
    }
    free(text);
    return ok && count > 0;
}

/* The output is skipped when it is a regular file (a symbolic link may
 * lead to any file), a whole PDF of this version of the library, not
 * older than its description, whatever the record says, nor than any
 * file the record lists, and made with the same options. */
bool up_to_date(const job *j, const char *made_with)
{
    struct stat out, in;
    return lstat(j->output, &out) == 0 && S_ISREG(out.st_mode)
           && stat(j->input, &in) == 0 && !newer(&in.st_mtim, &out.st_mtim)
           && np_pdf_is_ours(j->output) && deps_unchanged(j, made_with, &out);
}

/* A new file, whatever is at `path` (a stale file of a killed run, or
 * a link planted there, is removed, never followed). */
static FILE *create(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (fd < 0 && errno == EEXIST && unlink(path) == 0)
        fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (fd >= 0 && !f)
        close(fd);
    return f;
}

/* Writes the deps file through a temporary file and a rename, so that a
 * stop in the middle leaves the old list or none, never half of one.
 * Paths are made absolute: a later run may start elsewhere. */
int write_deps(const job *j, const char *made_with)
{
    char *path = deps_path(j->output), *tmp = xprintf("%s.tmp%ld", path, (long)getpid());
    FILE *f = create(tmp);
    int rc = f && !strchr(made_with, '\n') ? 0 : -1;
    if (f)
        fprintf(f, DEPS_MAGIC "\n%s\n", made_with);
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
