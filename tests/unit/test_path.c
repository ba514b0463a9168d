/*
 * test_path.c - file names built whole or not at all (ground/path.h):
 * a directory and a name joined, a suffix appended, and every way a
 * result one byte too long is refused with ENAMETOOLONG and an empty
 * buffer rather than cut.
 */
#include <errno.h>
#include <string.h>

#include "ground/path.h"
#include "unit.h"

static void test_join(void)
{
    char out[32];
    CHECK(np_path_join(out, sizeof out, "/usr/share", NP_PATH_WHOLE, "x.xml") == 0);
    CHECK_STR(out, "/usr/share/x.xml");
    /* a directory given by its length: one entry of a colon list */
    CHECK(np_path_join(out, sizeof out, "/a:/b", 2, "f") == 0);
    CHECK_STR(out, "/a/f");
    /* no directory: the name alone */
    CHECK(np_path_join(out, sizeof out, NULL, NP_PATH_WHOLE, "f") == 0);
    CHECK_STR(out, "f");
    CHECK(np_path_join(out, sizeof out, "/a", 0, "rel/f") == 0);
    CHECK_STR(out, "rel/f");
}

/* "dir/name" of exactly size - 1 bytes fits; one more byte does not,
 * whichever piece brings it. */
static void test_join_bounds(void)
{
    char out[8];
    CHECK(np_path_join(out, sizeof out, "abc", NP_PATH_WHOLE, "def") == 0);
    CHECK_STR(out, "abc/def");
    CHECK(np_path_join(out, sizeof out, "abcd", NP_PATH_WHOLE, "def") == ENAMETOOLONG);
    CHECK_STR(out, "");
    CHECK(np_path_join(out, sizeof out, "abc", NP_PATH_WHOLE, "defg") == ENAMETOOLONG);
    CHECK_STR(out, "");
    CHECK(np_path_join(out, sizeof out, "abcdefg", NP_PATH_WHOLE, "") == ENAMETOOLONG);
    CHECK(np_path_join(out, sizeof out, "abcdefgh", NP_PATH_WHOLE, "x") == ENAMETOOLONG);
    CHECK(np_path_join(out, sizeof out, NULL, 0, "1234567") == 0);
    CHECK(np_path_join(out, sizeof out, NULL, 0, "12345678") == ENAMETOOLONG);
    CHECK_STR(out, "");
}

static void test_append(void)
{
    char out[8] = "un-a4";
    CHECK(np_path_append(out, sizeof out, ".x") == 0);
    CHECK_STR(out, "un-a4.x");
    CHECK(np_path_append(out, sizeof out, "m") == ENAMETOOLONG);
    CHECK_STR(out, "");
}

/* The largest path a buffer of NP_PATH_MAX holds, and one byte more. */
static void test_path_max(void)
{
    static char dir[NP_PATH_MAX], out[NP_PATH_MAX];
    memset(dir, 'd', NP_PATH_MAX - 3);
    dir[NP_PATH_MAX - 3] = '\0';
    CHECK(np_path_join(out, sizeof out, dir, NP_PATH_WHOLE, "n") == 0);
    CHECK(strlen(out) == NP_PATH_MAX - 1);
    CHECK(np_path_join(out, sizeof out, dir, NP_PATH_WHOLE, "nn") == ENAMETOOLONG);
    CHECK(out[0] == '\0');
}

int main(void)
{
    test_join();
    test_join_bounds();
    test_append();
    test_path_max();
    return unit_done("path");
}
