/*
 * read_text.c - reads the command's own small text files (read_text.h)
 * whole, with a bound, through the descriptor: open(2) without blocking
 * (a FIFO with no writer would wait for ever), then fstat decides that
 * only a regular file is read. Standard input is read as it comes, a
 * signal ending the read.
 *
 * Not done here: what the text means (jobs.c, resume.c), nor any file
 * of a render, which the library opens itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "read_text.h"

#define CHUNK ((size_t)64 << 10)

/* What a file of mode `mode` is when it is not a regular file. */
static const char *kind_of(mode_t mode)
{
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    if (S_ISDIR(mode))
        return "a directory";
    if (S_ISSOCK(mode))
        return "a socket";
    return "a special file";
}

static int refuse(int fd, int failure, char *why, size_t size, const char *text)
{
    if (fd > STDIN_FILENO)
        close(fd);
    snprintf(why, size, "%s", text);
    return failure;
}

static int too_long(size_t limit, char *why, size_t size)
{
    snprintf(why, size, "longer than %zu MiB", limit >> 20);
    return CLI_READ_TOO_LONG;
}

/* Room for at least one byte more than `room`: twice as much, so that
 * the copies of a growing buffer add up to its final size (the
 * sanitizers' realloc always copies), but never much past the one
 * byte more than `limit` that tells a stream too long. */
static size_t more_room(size_t room, size_t limit)
{
    size_t want = room < CHUNK ? CHUNK : room * 2;
    return want > limit + 1 && room < limit + 1 ? limit + 1 : want;
}

/* The bytes of fd until its end; more than `limit` of them, or an
 * error of read(2), is a failure. */
static int read_fd(int fd, size_t limit, char **text, size_t *len,
                   char *why, size_t size)
{
    char *buf = NULL;
    size_t used = 0, room = 0;
    ssize_t got = 1;
    while (got > 0 && used <= limit) {
        if (used == room) {
            size_t want = more_room(room, limit);
            char *grown = realloc(buf, want + 1);
            if (!grown)
                break;
            buf = grown;
            room = want;
        }
        got = read(fd, buf + used, room - used);
        used += got > 0 ? (size_t)got : 0;
    }
    int err = got < 0 ? errno : got > 0 && used <= limit ? ENOMEM : 0;
    if (err || used > limit) {
        free(buf);
        if (err == EINTR)
            return refuse(-1, CLI_READ_INTERRUPTED, why, size, strerror(err));
        return err ? refuse(-1, CLI_READ_FAILED, why, size, strerror(err))
                   : too_long(limit, why, size);
    }
    buf[used] = '\0';
    *text = buf;
    *len = used;
    return 0;
}

int cli_read_text(const char *path, size_t limit, char **text, size_t *len,
                  char *why, size_t size)
{
    if (!path)
        return read_fd(STDIN_FILENO, limit, text, len, why, size);
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return refuse(-1, CLI_READ_FAILED, why, size, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0)
        return refuse(fd, CLI_READ_FAILED, why, size, strerror(errno));
    if (!S_ISREG(st.st_mode)) {
        char kind[64];
        snprintf(kind, sizeof kind, "%s, not a regular file", kind_of(st.st_mode));
        return refuse(fd, S_ISFIFO(st.st_mode) ? CLI_READ_FIFO : CLI_READ_FAILED,
                      why, size, kind);
    }
    if ((unsigned long long)st.st_size > limit) {
        close(fd);
        return too_long(limit, why, size);
    }
    int rc = read_fd(fd, limit, text, len, why, size);
    close(fd);
    return rc == CLI_READ_INTERRUPTED ? CLI_READ_FAILED : rc;
}
