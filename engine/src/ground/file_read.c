/*
 * file_read.c - files opened safely for reading (file_read.h).
 *
 * open(2) of a FIFO blocks until a writer comes, and reading a device
 * such as /dev/zero never ends: the file is opened with O_NONBLOCK,
 * which returns at once whatever it is, and then fstat decides. Only a
 * regular file is read, and only up to the caller's bound, checked on
 * the size first and again on the bytes read (the file may grow).
 * O_NONBLOCK has no effect on a regular file's reads.
 *
 * Not done here: any meaning of the bytes, or writing (out_file.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ground/buf.h"
#include "ground/file_read.h"

/* Reads grow the buffer from this size when the size is not known. */
#define FIRST_CAPACITY ((size_t)64 << 10)

int np_file_kind(mode_t mode)
{
    if (S_ISREG(mode))
        return 0;
    if (S_ISFIFO(mode))
        return NP_FILE_IS_FIFO;
    if (S_ISCHR(mode))
        return NP_FILE_IS_CHAR_DEVICE;
    if (S_ISBLK(mode))
        return NP_FILE_IS_BLOCK_DEVICE;
    if (S_ISDIR(mode))
        return NP_FILE_IS_DIRECTORY;
    if (S_ISSOCK(mode))
        return NP_FILE_IS_SOCKET;
    return NP_FILE_IS_OTHER;
}

int np_file_open(const char *path, size_t limit, np_file *f)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno ? errno : EIO;
    struct stat st;
    int err = fstat(fd, &st) != 0 ? errno : np_file_kind(st.st_mode);
    if (!err && (unsigned long long)st.st_size > limit)
        err = EFBIG;
    if (err) {
        close(fd);
        return err;
    }
    *f = (np_file){ .fd = fd, .size = (size_t)st.st_size, .dev = st.st_dev,
                    .ino = st.st_ino };
    return 0;
}

/* One more room in `*buf` of capacity `*cap` holding `n` bytes, the
 * capacity grown as np_grown_cap grows it but never past limit + 1 (one
 * byte more than the limit tells a file that grew past it). The buffer
 * is the system allocator's (NULL): the caller frees it with free(). */
static int grow(char **buf, size_t *cap, size_t n, size_t limit)
{
    if (n < *cap)
        return 0;
    if (*cap > limit)
        return EFBIG;
    size_t want = np_grown_cap(*cap, *cap + 1, 1);
    if (want == 0 || want > limit + 1)
        want = limit + 1;
    char *q = np_mem_realloc(NULL, *buf, want + 1);
    if (!q)
        return ENOMEM;
    *buf = q;
    *cap = want;
    return 0;
}

/* Reads fd to its end into a buffer of `hint` bytes to start with. */
static int read_all(int fd, size_t limit, size_t hint, bool restart,
                    char **bytes, size_t *len)
{
    if (limit > SIZE_MAX / 4)
        limit = SIZE_MAX / 4;   /* no arithmetic below can overflow */
    size_t cap = hint < limit ? hint + 1 : limit + 1, n = 0;
    char *buf = malloc(cap + 1);
    int err = buf ? 0 : ENOMEM;
    while (!err) {
        err = grow(&buf, &cap, n, limit);
        if (err)
            break;
        ssize_t got = read(fd, buf + n, cap - n);
        if (got == 0)
            break;
        if (got > 0)
            n += (size_t)got;
        else if (errno != EINTR || !restart)
            err = errno ? errno : EIO;
    }
    if (!err && n > limit)
        err = EFBIG;
    if (err) {
        free(buf);
        return err;
    }
    buf[n] = '\0';
    *bytes = buf;
    *len = n;
    return 0;
}

int np_file_read(const char *path, size_t limit, char **bytes, size_t *len)
{
    np_file f;
    int err = np_file_open(path, limit, &f);
    if (err)
        return err;
    err = read_all(f.fd, limit, f.size ? f.size : FIRST_CAPACITY, true,
                   bytes, len);
    close(f.fd);
    return err;
}

int np_file_read_stream(int fd, size_t limit, char **bytes, size_t *len)
{
    return read_all(fd, limit, FIRST_CAPACITY, false, bytes, len);
}

np_file_stamp np_file_stamp_of(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return (np_file_stamp){ .exists = false };
    return (np_file_stamp){ .exists = true, .dev = st.st_dev, .ino = st.st_ino,
                            .size = st.st_size, .mtime = st.st_mtim };
}

bool np_file_stamp_same(const np_file_stamp *a, const np_file_stamp *b)
{
    if (!a->exists || !b->exists)
        return a->exists == b->exists;
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size
           && a->mtime.tv_sec == b->mtime.tv_sec
           && a->mtime.tv_nsec == b->mtime.tv_nsec;
}

const char *np_file_error(int err, char *buf, size_t size)
{
    static const char *const kinds[] = {
        [-NP_FILE_IS_FIFO] = "a FIFO",
        [-NP_FILE_IS_CHAR_DEVICE] = "a character device",
        [-NP_FILE_IS_BLOCK_DEVICE] = "a block device",
        [-NP_FILE_IS_DIRECTORY] = "a directory",
        [-NP_FILE_IS_SOCKET] = "a socket",
        [-NP_FILE_IS_OTHER] = "a special file",
    };
    if (err < 0 && err >= NP_FILE_IS_OTHER)
        snprintf(buf, size, "%s, not a regular file", kinds[-err]);
    else if (strerror_r(err, buf, size) != 0)
        snprintf(buf, size, "error %d", err);
    return buf;
}
