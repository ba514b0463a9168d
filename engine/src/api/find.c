/*
 * find.c - where the engine finds the files it reads (find.h): the
 * NOTEPRESS_* search lists, the data directory, Debian's directories
 * and the copies built into the library.
 *
 * It only builds names and asks whether they exist; it reads nothing
 * and keeps nothing, so it needs no lock. The data directory built in
 * (NP_DATADIR) is this file's alone: `make install` compiles this file
 * again with the installed one.
 */
#define _XOPEN_SOURCE 700
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/find.h"
#include "ground/path.h"

static bool file_exists(const char *path)
{
    return access(path, R_OK) == 0;
}

/* Reports that `name` looked for in dir[0..dir_len) would make a path
 * past NP_PATH_MAX; `where` says which directory that was. */
static np_found too_long(const np_finder *f, const char *name, const char *dir,
                         size_t dir_len, const char *where)
{
    char place[128] = "";
    if (dir_len)
        snprintf(place, sizeof place, " in %.*s%s (%s)",
                 (int)(dir_len < 60 ? dir_len : 60), dir, dir_len > 60 ? "..." : "",
                 where);
    else if (where[0])
        snprintf(place, sizeof place, " in %s", where);
    np_report(f->diags, f->file, f->pos, NP_MSG_PATH_TOO_LONG, name, place,
              NP_PATH_MAX - 1);
    return NP_FOUND_TOO_LONG;
}

/* dir[0..dir_len)/name into out, when it exists. */
static np_found in_dir(const np_finder *f, const char *dir, size_t dir_len,
                       const char *name, const char *where, char *out,
                       size_t size)
{
    if (np_path_join(out, size, dir, dir_len, name))
        return too_long(f, name, dir, dir_len, where);
    return file_exists(out) ? NP_FOUND_FILE : NP_FOUND_NONE;
}

/* Looks for `rel` in the directories of the environment variable
 * `env` (a colon-separated list), then in the data directory's `sub`. */
static np_found in_dirs(const np_finder *f, const char *env, const char *sub,
                        const char *rel, char *out, size_t size)
{
    const char *list = getenv(env);
    while (list && *list) {
        const char *colon = strchr(list, ':');
        size_t n = colon ? (size_t)(colon - list) : strlen(list);
        np_found found = n > 0 ? in_dir(f, list, n, rel, env, out, size)
                         : NP_FOUND_NONE;
        if (found != NP_FOUND_NONE)
            return found;
        list = colon ? colon + 1 : NULL;
    }
    char dir[NP_PATH_MAX];
    if (np_path_join(dir, sizeof dir, f->data_dir, NP_PATH_WHOLE, sub))
        return too_long(f, sub, f->data_dir, strlen(f->data_dir),
                        "the data directory");
    return in_dir(f, dir, NP_PATH_WHOLE, rel, "the data directory", out, size);
}

const char *np_find_data_dir(const char *configured)
{
    if (configured && configured[0])
        return configured;
    const char *env = getenv("NOTEPRESS_DATADIR");
    return env ? env : NP_DATADIR;
}

const np_embedded *np_find_embedded(const char *path)
{
    for (size_t i = 0; i < np_embedded_count; i++)
        if (strcmp(np_embedded_files[i].path, path) == 0)
            return &np_embedded_files[i];
    return NULL;
}

/* A layout named by its file rather than its name. */
static bool is_path(const char *name)
{
    size_t n = strlen(name);
    return strchr(name, '/') || (n > 4 && strcmp(name + n - 4, ".xml") == 0);
}

/* `rel` found as np_find_layout finds a layout's file: the search list,
 * the data directory, then the copy built in as "layouts/REL". */
static np_found layout_file(const np_finder *f, const char *rel, char *out,
                            size_t size, const np_embedded **builtin)
{
    np_found found = in_dirs(f, "NOTEPRESS_LAYOUTS", "layouts", rel, out, size);
    if (found != NP_FOUND_NONE)
        return found;
    if (np_path_join(out, size, "layouts", NP_PATH_WHOLE, rel))
        return too_long(f, rel, "layouts", 7, "the library");
    *builtin = np_find_embedded(out);
    return *builtin ? NP_FOUND_BUILTIN : NP_FOUND_NONE;
}

np_found np_find_layout(const np_finder *f, const char *name, const char *from,
                        char *out, size_t size, const np_embedded **builtin)
{
    *builtin = NULL;
    if (is_path(name)) {
        const char *slash = from ? strrchr(from, '/') : NULL;
        size_t dir = name[0] != '/' && slash ? (size_t)(slash - from) : 0;
        return in_dir(f, from, dir, name, dir ? "the directory of the layout" : "",
                      out, size);
    }
    char rel[NP_PATH_MAX];
    if (np_path_join(rel, sizeof rel, NULL, 0, name)
        || np_path_append(rel, sizeof rel, ".xml"))
        return too_long(f, name, "", 0, "the layout directories");
    return layout_file(f, rel, out, size, builtin);
}

np_found np_find_lang(const np_finder *f, const char *code, char *out,
                      size_t size, const np_embedded **builtin)
{
    *builtin = NULL;
    if (strlen(code) >= 16 || strchr(code, '/') || strchr(code, '.'))
        return NP_FOUND_NONE;
    char rel[64];
    snprintf(rel, sizeof rel, "lang/%s.xml", code);   /* fits: 16 + 9 */
    return layout_file(f, rel, out, size, builtin);
}

np_found np_find_font(const np_finder *f, const char *dir, const char *file,
                      char *out, size_t size)
{
    if (file[0] == '/')
        return in_dir(f, NULL, 0, file, "", out, size);
    np_found found = dir ? in_dir(f, dir, NP_PATH_WHOLE, file,
                                  "the directory of the layout", out, size)
                     : NP_FOUND_NONE;
    if (found == NP_FOUND_NONE)
        found = in_dirs(f, "NOTEPRESS_FONTS", "fonts", file, out, size);
    static const char *const debian[] = NP_DEBIAN_FONT_DIRS;
    for (size_t i = 0; found == NP_FOUND_NONE && i < sizeof debian / sizeof *debian; i++)
        found = in_dir(f, debian[i], NP_PATH_WHOLE, file, debian[i], out, size);
    return found;
}

unsigned np_find_face_index(const char *file, char *name, size_t size)
{
    const char *hash = strrchr(file, '#');
    unsigned index = 0;
    size_t n = strlen(file);
    if (hash && hash[1] && strlen(hash + 1) < 4
        && strspn(hash + 1, "0123456789") == strlen(hash + 1)) {
        index = (unsigned)atoi(hash + 1);
        n = (size_t)(hash - file);
    }
    snprintf(name, size, "%.*s", (int)n, file);
    return index;
}

np_found np_find_hyph(const np_finder *f, const char *file, char *out,
                      size_t size)
{
    np_found found = in_dirs(f, "NOTEPRESS_HYPHEN", "hyphen", file, out, size);
    if (found != NP_FOUND_NONE)
        return found;
    if (np_path_join(out, size, NP_DEBIAN_HYPHEN, NP_PATH_WHOLE, file))
        return too_long(f, file, NP_DEBIAN_HYPHEN, strlen(NP_DEBIAN_HYPHEN),
                        NP_DEBIAN_HYPHEN);
    return NP_FOUND_FILE;
}

np_found np_find_emblem(const np_finder *f, const char *dir, const char *file,
                        char *dir_out, char *out, size_t size)
{
    const char *where = dir ? "the directory of the layout" : "the data directory";
    int err = dir ? np_path_join(dir_out, size, NULL, 0, dir)
              : np_path_join(dir_out, size, f->data_dir, NP_PATH_WHOLE, "layouts");
    if (!err)
        err = np_path_join(out, size, dir_out, NP_PATH_WHOLE, file);
    if (err)
        return too_long(f, file, dir ? dir : f->data_dir,
                        strlen(dir ? dir : f->data_dir), where);
    return NP_FOUND_FILE;
}

void np_find_lang_codes(const char *data_dir, bool builtin,
                        void (*add)(void *ud, const char *code, size_t len),
                        void *ud)
{
    for (size_t i = 0; builtin && i < np_embedded_count; i++) {
        const char *p = np_embedded_files[i].path;
        if (strncmp(p, "layouts/lang/", 13) == 0)
            add(ud, p + 13, strcspn(p + 13, "."));
    }
    char dir[NP_PATH_MAX];
    /* a data directory too long to hold a path was reported when the
     * language was looked for: only this list does without it */
    DIR *d = builtin || np_path_join(dir, sizeof dir, data_dir, NP_PATH_WHOLE,
                                     "layouts/lang") ? NULL : opendir(dir);
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL;) {
        size_t n = strlen(ent->d_name);
        if (n >= 5 && n <= 40 && strcmp(ent->d_name + n - 4, ".xml") == 0)
            add(ud, ent->d_name, n - 4);
    }
    if (d)
        closedir(d);
}

/* Each layout file (NAME.xml) of the directory dir[0..len). */
static void layouts_in(const char *dir, size_t len,
                       void (*add)(void *ud, const char *name, size_t len),
                       void *ud)
{
    char path[NP_PATH_MAX];
    DIR *d = np_path_join(path, sizeof path, dir, len, "") ? NULL : opendir(path);
    for (struct dirent *ent; d && (ent = readdir(d)) != NULL;) {
        size_t n = strlen(ent->d_name);
        if (n >= 5 && n <= 64 && ent->d_name[0] != '.'
            && strcmp(ent->d_name + n - 4, ".xml") == 0)
            add(ud, ent->d_name, n - 4);
    }
    if (d)
        closedir(d);
}

void np_find_layout_names(const char *data_dir,
                          void (*add)(void *ud, const char *name, size_t len),
                          void *ud)
{
    for (const char *list = getenv("NOTEPRESS_LAYOUTS"); list && *list;) {
        size_t n = strcspn(list, ":");
        if (n)
            layouts_in(list, n, add, ud);
        list += n + (list[n] == ':');
    }
    char dir[NP_PATH_MAX];
    if (!np_path_join(dir, sizeof dir, data_dir, NP_PATH_WHOLE, "layouts"))
        layouts_in(dir, NP_PATH_WHOLE, add, ud);
    for (size_t i = 0; i < np_embedded_count; i++) {
        const char *p = np_embedded_files[i].path;
        if (strncmp(p, "layouts/", 8) == 0 && !strchr(p + 8, '/'))
            add(ud, p + 8, strcspn(p + 8, "."));
    }
}
