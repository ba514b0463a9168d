/*
 * find.h - where the engine finds the files it reads: layouts,
 * languages, fonts, hyphenation patterns and emblems, in the
 * directories of the NOTEPRESS_* environment variables, the data
 * directory, Debian's directories, or the copies built into the
 * library.
 *
 * Only names and existence: reading, parsing and caching what is found
 * is engine.c's. A path that would be longer than NP_PATH_MAX is
 * reported, never cut (ground/path.h).
 */
#ifndef NP_FIND_H
#define NP_FIND_H

#include <stdbool.h>
#include <stddef.h>

#include "embedded.h"
#include "ground/diag.h"

#define NP_DEBIAN_FONTS "/usr/share/fonts/truetype/liberation2"
/* Debian's directories of the faces the shipped layouts name: Latin and
 * Cyrillic (fonts-liberation2), Chinese (fonts-noto-cjk,
 * fonts-arphic-ukai) and Arabic (fonts-noto-core; fonts/ ships those). */
#define NP_DEBIAN_FONT_DIRS                                                  \
    { NP_DEBIAN_FONTS, "/usr/share/fonts/opentype/noto",                     \
      "/usr/share/fonts/truetype/noto", "/usr/share/fonts/truetype/arphic" }
#define NP_DEBIAN_HYPHEN "/usr/share/hyphen"

/* What a search found. */
typedef enum np_found {
    NP_FOUND_FILE,              /* a file: its path was written */
    NP_FOUND_BUILTIN,           /* only the copy built into the library */
    NP_FOUND_NONE,              /* nothing */
    NP_FOUND_TOO_LONG           /* a path on the way would not fit: reported */
} np_found;

/* One search: the data directory, and where a path too long is
 * reported (file:pos of what named the file; file NULL: no position). */
typedef struct np_finder {
    const char *data_dir;
    np_diags *diags;
    const char *file;
    np_pos pos;
} np_finder;

/* The data directory: `configured` unless NULL or empty, then
 * NOTEPRESS_DATADIR, then the directory the library was built for. */
const char *np_find_data_dir(const char *configured);

/* The copy of `path` ("layouts/un-a4.xml") built into the library, or
 * NULL. */
const np_embedded *np_find_embedded(const char *path);

/* The layout `name`: a path as given (relative to the directory of the
 * layout file `from`, when not NULL), or NAME.xml in NOTEPRESS_LAYOUTS,
 * the data directory's layouts/, or built in. The path of a file, or
 * the built-in copy's name ("layouts/NAME.xml"), goes to out; the copy
 * to *builtin. */
np_found np_find_layout(const np_finder *f, const char *name, const char *from,
                        char *out, size_t size, const np_embedded **builtin);

/* The language file of `code`, as np_find_layout finds lang/CODE.xml.
 * The built-in copy's name goes to out too. A code that cannot be a
 * file name (long, with "/" or ".") is nowhere. */
np_found np_find_lang(const np_finder *f, const char *code, char *out,
                      size_t size, const np_embedded **builtin);

/* The font file `file` of a layout whose directory is `dir` (NULL for
 * a built-in layout): as given when absolute, else in `dir`,
 * NOTEPRESS_FONTS, the data directory's fonts/, then Debian's
 * (NP_DEBIAN_FONT_DIRS). */
np_found np_find_font(const np_finder *f, const char *dir, const char *file,
                      char *out, size_t size);

/* A layout names face N of a collection "file.ttc#N": the file's name
 * goes to name[size], N (0 when not given) is returned. */
unsigned np_find_face_index(const char *file, char *name, size_t size);

/* The pattern file `file`: in NOTEPRESS_HYPHEN or the data directory's
 * hyphen/, else Debian's path for it, which may not exist (the loader
 * then says so). Never NP_FOUND_NONE. */
np_found np_find_hyph(const np_finder *f, const char *file, char *out,
                      size_t size);

/* The emblem `file` of a layout whose directory is `dir` (NULL for a
 * built-in layout: the data directory's layouts/): the directory to
 * dir_out, the file to out. Does not look whether it exists. */
np_found np_find_emblem(const np_finder *f, const char *dir, const char *file,
                        char *dir_out, char *out, size_t size);

/* Calls add() with each language code that has a file built in
 * (builtin) or in the data directory's layouts/lang/ (!builtin); the
 * code is code[0..len), not NUL-terminated. */
void np_find_lang_codes(const char *data_dir, bool builtin,
                        void (*add)(void *ud, const char *code, size_t len),
                        void *ud);

/* The face of `family` ("Liberation Serif") in the weight and slant
 * asked for, through fontconfig (font_family.c): its file into
 * out[0..size) and its index in a collection into *index; NP_FOUND_NONE
 * when fontconfig knows no such family. */
np_found np_find_font_family(const char *family, bool bold, bool italic,
                             char *out, size_t size, unsigned *index);

/* Calls add() with the name of each layout a description may name: the
 * files of NOTEPRESS_LAYOUTS's directories and of the data directory's
 * layouts/, and those built in; name[0..len), not NUL-terminated, may
 * come more than once. */
void np_find_layout_names(const char *data_dir,
                          void (*add)(void *ud, const char *name, size_t len),
                          void *ud);

#endif
