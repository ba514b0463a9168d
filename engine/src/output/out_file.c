/*
 * out_file.c - the file np_render_file writes (out_file.h).
 *
 * What the output path names decides how it is written:
 *   - nothing, or a regular file: a temporary file beside it, renamed
 *     over it once the render succeeded (a failure leaves the old file);
 *   - a symbolic link to a regular file: the same beside the file it
 *     names, so that the link stays a link;
 *   - one of the process's descriptors (/dev/stdout, /dev/fd/N,
 *     /proc/self/fd/N), a FIFO or a character device: written in place,
 *     once the document is complete (held in memory until then), never
 *     replaced (a rename over
 *     /dev/stdout or a FIFO would put a regular file in its place, and
 *     as root over /dev/null too); a descriptor is written at its end,
 *     as the descriptor itself would be;
 *   - a directory, a block device, a socket: refused.
 *
 * A FIFO nobody reads is waited for, and a pipe that is full is written
 * as it empties, in steps of WAIT_MS that poll the caller's cancel
 * function, so that a render stops when asked even then.
 *
 * Stale temporary files: see out_file.h. The name OUT/.NAME.tmp is
 * only ever visible locked: the file is made under a unique name,
 * locked, then linked to it. Another render finding it can therefore
 * tell a live one (locked) from one a killed process left (unlocked),
 * and removes only the latter, and only when it is a regular file of
 * the same owner still at that name. Where links or locks do not work,
 * the unique name is used and nothing stale is removed.
 */
#define _GNU_SOURCE             /* F_OFD_SETLK, realpath */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ground/file_read.h"
#include "ground/path.h"
#include "output/out_file.h"

#define BUF_SIZE ((size_t)64 << 10)
#define WAIT_MS 50
#define UNIQUE_TRIES 100
#define STALE_TRIES 4
#define MAX_HOPS 16             /* links followed to find a descriptor */

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool descriptor_name(const char *path)
{
    char own[64];
    snprintf(own, sizeof own, "/proc/%ld/fd/", (long)getpid());
    return has_prefix(path, "/dev/fd/") || has_prefix(path, "/proc/self/fd/")
           || has_prefix(path, own) || strcmp(path, "/dev/stdout") == 0
           || strcmp(path, "/dev/stderr") == 0;
}

/* Where the link at `cur` to `target` leads, written over cur: 0, or
 * ENAMETOOLONG. */
static int follow(char *cur, size_t size, const char *target)
{
    char *slash = strrchr(cur, '/');
    if (target[0] == '/' || !slash)
        return np_path_join(cur, size, NULL, 0, target);
    slash[1] = '\0';           /* the link's directory, with its "/" */
    return np_path_append(cur, size, target);
}

/* Whether `path`, or a link it leads through, names one of the
 * process's open descriptors. A name too long to hold names none: the
 * system refuses it too, and the open then says so. */
static bool names_descriptor(const char *path)
{
    char cur[NP_PATH_MAX], next[NP_PATH_MAX];
    if (np_path_join(cur, sizeof cur, NULL, 0, path))
        return false;
    for (int hop = 0; hop < MAX_HOPS; hop++) {
        if (descriptor_name(cur))
            return true;
        ssize_t n = readlink(cur, next, sizeof next - 1);
        if (n < 0)
            return false;
        next[n] = '\0';
        if (follow(cur, sizeof cur, next))
            return false;
    }
    return false;
}

/* ---- the temporary file ------------------------------------------- */

static int lock_file(int fd)
{
    struct flock l = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
#ifdef F_OFD_SETLK
    return fcntl(fd, F_OFD_SETLK, &l);
#else
    return fcntl(fd, F_SETLK, &l);
#endif
}

/* DIR/.NAME + suffix for the file DIR/NAME. */
static char *beside(const char *path, const char *suffix)
{
    const char *slash = strrchr(path, '/');
    size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
    size_t n = strlen(path) + strlen(suffix) + 2;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%.*s.%s%s", (int)dir, path, path + dir, suffix);
    return s;
}

/* Six letters or digits, different at each call. */
static void unique_tag(char tag[7], const void *seed, int attempt)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    struct timespec t;
    clock_gettime(CLOCK_REALTIME, &t);
    uint64_t x = (uint64_t)t.tv_nsec ^ (uint64_t)t.tv_sec << 30
                 ^ (uint64_t)getpid() << 40 ^ (uint64_t)(uintptr_t)seed
                 ^ (uint64_t)attempt * 0x9E3779B97F4A7C15ull;
    for (int i = 0; i < 6; i++) {
        x ^= x >> 29;
        x *= 0xBF58476D1CE4E5B9ull;
        tag[i] = digits[x % (sizeof digits - 1)];
    }
    tag[6] = '\0';
}

/* DIR/.NAME.XXXXXX.tmp, created anew with mode 0666 less the umask. */
static int create_unique(np_out_file *f, char **name)
{
    for (int attempt = 0; attempt < UNIQUE_TRIES; attempt++) {
        char suffix[16], tag[7];
        unique_tag(tag, f, attempt);
        snprintf(suffix, sizeof suffix, ".%s.tmp", tag);
        *name = beside(f->path, suffix);
        if (!*name)
            return ENOMEM;
        int fd = open(*name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                      0666);
        if (fd >= 0) {
            f->fd = fd;
            return 0;
        }
        int err = errno;
        free(*name);
        *name = NULL;
        if (err != EEXIST)
            return err;
    }
    return EEXIST;
}

/* Removes `path` when it is a temporary file a killed render left:
 * regular, ours, and locked by no one. True when it was removed (or had
 * gone already), so that the name may be taken. */
static bool remove_stale(const char *path)
{
    int fd = open(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    struct stat st, now;
    bool stale = fstat(fd, &st) == 0 && S_ISREG(st.st_mode)
                 && st.st_uid == geteuid() && lock_file(fd) == 0
                 && lstat(path, &now) == 0 && now.st_dev == st.st_dev
                 && now.st_ino == st.st_ino && unlink(path) == 0;
    close(fd);                  /* and with it our lock */
    return stale;
}

/* The temporary file: unique, locked, then given the one name of this
 * output's temporary file when that is free or stale. */
static int make_temp(np_out_file *f)
{
    char *unique;
    int err = create_unique(f, &unique);
    if (err)
        return err;
    char *fixed = lock_file(f->fd) == 0 ? beside(f->path, ".tmp") : NULL;
    for (int i = 0; fixed && i < STALE_TRIES; i++) {
        if (link(unique, fixed) == 0) {
            unlink(unique);
            free(unique);
            f->temp = fixed;
            return 0;
        }
        if (errno != EEXIST || !remove_stale(fixed))
            break;
    }
    free(fixed);
    f->temp = unique;
    return 0;
}

/* ---- opening ------------------------------------------------------ */

/* A regular file, a FIFO or a character device may be written. */
static int kind_of(mode_t mode)
{
    int kind = np_file_kind(mode);
    return kind == NP_FILE_IS_FIFO || kind == NP_FILE_IS_CHAR_DEVICE ? 0 : kind;
}

/* A new file at `path`, or a link naming nothing which it replaces
 * (as before), unless the path was to lead to a descriptor. */
static int absent(np_out_file *f, const char *path, bool descriptor)
{
    if (errno != ENOENT || descriptor)
        return errno;
    f->path = strdup(path);
    return f->path ? 0 : ENOMEM;
}

/* Where the bytes go: f->path, f->in_place, f->fifo, f->exists. */
static int resolve(np_out_file *f, const char *path)
{
    struct stat st;
    bool descriptor = names_descriptor(path);
    if (lstat(path, &st) != 0)
        return absent(f, path, descriptor);
    if (S_ISLNK(st.st_mode) && stat(path, &st) != 0)
        return absent(f, path, descriptor);
    int err = kind_of(st.st_mode);
    if (err)
        return err;
    f->exists = true;
    f->dev = st.st_dev;
    f->ino = st.st_ino;
    f->fifo = S_ISFIFO(st.st_mode);
    f->in_place = descriptor || !S_ISREG(st.st_mode);
    f->path = f->in_place ? strdup(path) : realpath(path, NULL);
    return f->path ? 0 : errno ? errno : ENOMEM;
}

int np_out_file_open(np_out_file *f, const char *path,
                     int (*cancel)(void *ud), void *cancel_ud)
{
    *f = (np_out_file){ .fd = -1, .cancel = cancel, .cancel_ud = cancel_ud };
    int err = resolve(f, path);
    if (!err)
        err = (f->buf = malloc(f->cap = BUF_SIZE)) ? 0 : ENOMEM;
    if (!err && !f->in_place)
        err = make_temp(f);
    if (err) {
        free(f->path);
        free(f->buf);
        f->path = f->buf = NULL;
    }
    return err;
}

bool np_out_file_is(const np_out_file *f, dev_t dev, ino_t ino)
{
    return f->exists && f->dev == dev && f->ino == ino;
}

/* ---- writing ------------------------------------------------------ */

static bool stopped(np_out_file *f)
{
    if (!f->cancelled && f->cancel && f->cancel(f->cancel_ud))
        f->cancelled = true;
    return f->cancelled;
}

static void pause_a_moment(void)
{
    struct timespec t = { 0, WAIT_MS * 1000000L };
    nanosleep(&t, NULL);
}

/* Opens a FIFO or device in place: a FIFO with no reader yet is waited
 * for (ENXIO until one comes). */
static int open_in_place(np_out_file *f)
{
    for (;;) {
        f->fd = open(f->path, O_WRONLY | O_APPEND | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (f->fd >= 0)
            return 0;
        if (errno != ENXIO && errno != EINTR)
            return errno;
        if (stopped(f))
            return ECANCELED;
        pause_a_moment();
    }
}

static int write_all(np_out_file *f, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(f->fd, p, n);
        if (k > 0) {
            p += k;
            n -= (size_t)k;
            continue;
        }
        if (k < 0 && errno != EAGAIN && errno != EINTR)
            return errno;
        if (stopped(f))
            return ECANCELED;
        struct pollfd pfd = { .fd = f->fd, .events = POLLOUT };
        poll(&pfd, 1, WAIT_MS);
    }
    return 0;
}

static void flush(np_out_file *f)
{
    if (!f->err && f->len > 0 && f->fd < 0)
        f->err = open_in_place(f);
    if (!f->err && f->len > 0)
        f->err = write_all(f, f->buf, f->len);
    f->len = 0;
}

/* Room for more: the buffer written out, or, in place, grown. The
 * engine writes a file as it makes it (each page's content as the page
 * ends), and a destination written in place must get nothing before
 * the whole file: its bytes are kept until np_out_file_close. */
static void make_room(np_out_file *f)
{
    if (!f->in_place) {
        flush(f);
        return;
    }
    char *grown = f->cap <= SIZE_MAX / 2 ? realloc(f->buf, 2 * f->cap) : NULL;
    if (!grown) {
        f->err = ENOMEM;
        return;
    }
    f->buf = grown;
    f->cap *= 2;
}

int np_out_file_write(void *ud, const void *bytes, size_t len)
{
    np_out_file *f = ud;
    const char *p = bytes;
    while (len > 0 && !f->err) {
        if (f->len == f->cap)
            make_room(f);
        if (f->err)
            break;
        size_t k = f->cap - f->len < len ? f->cap - f->len : len;
        memcpy(f->buf + f->len, p, k);
        f->len += k;
        p += k;
        len -= k;
    }
    return 0;
}

/* ---- the end ------------------------------------------------------ */

/* Renames the temporary file over the output while still holding its
 * lock, so that no other render takes it for a stale one meanwhile.
 * Clears f->temp once the name is no longer ours to remove. */
static int replace(np_out_file *f)
{
    struct stat mine, there;
    if (fstat(f->fd, &mine) != 0 || lstat(f->temp, &there) != 0)
        return errno;
    if (mine.st_dev != there.st_dev || mine.st_ino != there.st_ino) {
        free(f->temp);          /* not ours any more: publish nothing */
        f->temp = NULL;
        return EBUSY;
    }
    if (rename(f->temp, f->path) != 0)
        return errno;
    free(f->temp);
    f->temp = NULL;
    return 0;
}

/* A reader waiting at a FIFO the render never opened gets its end. */
static void end_fifo(np_out_file *f)
{
    int fd = f->fifo && f->fd < 0
             ? open(f->path, O_WRONLY | O_NONBLOCK | O_CLOEXEC) : -1;
    if (fd >= 0)
        close(fd);
}

int np_out_file_close(np_out_file *f, bool keep)
{
    int err = 0;
    if (keep) {
        flush(f);
        err = f->err;
        /* A file system that writes on close (NFS) reports its errors
         * there: close a duplicate, keeping the lock, before renaming. */
        int dup_fd = !err && f->temp ? dup(f->fd) : -1;
        if (dup_fd >= 0 && close(dup_fd) != 0)
            err = errno;
        if (!err && f->temp)
            err = replace(f);
    } else if (f->in_place) {
        end_fifo(f);
    }
    if (f->temp)
        unlink(f->temp);        /* still ours: the lock is held */
    if (f->fd >= 0 && close(f->fd) != 0 && keep && !err)
        err = errno;
    free(f->temp);
    free(f->path);
    free(f->buf);
    *f = (np_out_file){ .fd = -1 };
    return err;
}
