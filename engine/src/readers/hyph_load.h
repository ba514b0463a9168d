/*
 * hyph_load.h - a libhyphen pattern file read into libhyphen's own
 * dictionary structure, in one block of memory.
 *
 * Only hyph.c uses it: the dictionary it builds is the one
 * hnj_hyphen_hyphenate3() walks, so hyphenation itself stays libhyphen's.
 */
#ifndef NP_HYPH_LOAD_H
#define NP_HYPH_LOAD_H

#include <hyphen.h>

/* Reads the pattern file at `path`. On success (0), *dict points into
 * *block, a malloc'd block that free() releases whole: never pass the
 * dictionary to hnj_hyphen_free. Returns -1 (errno set) when the file
 * cannot be read or memory runs out, and 1, leaving *dict and *block
 * NULL, for a file that only libhyphen's own loader reads as libhyphen
 * means it: one that is neither UTF-8 nor KOI8-R (read as its UTF-8
 * conversion, so that the dictionary is a UTF-8 one), holds a NUL byte,
 * a replacement pattern ("ff1f/f=f,2,2") or a line longer than
 * libhyphen's 99-byte buffer. */
int np_hyph_dict_load(const char *path, HyphenDict **dict, void **block);

#endif
