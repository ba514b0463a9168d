/*
 * layout_fields.h - the table of the fields a layout file may set: each
 * one's key ("group.attr", or "group" for a text style), the type of its
 * value and its place in np_layout.
 *
 * The loader (layout_load.c) fills np_layout through it and the schema
 * writer (layout_schema.c) describes it, so the two cannot disagree.
 * Reading values is values.c's, checking a whole layout layout_check.c's.
 */
#ifndef NP_LAYOUT_FIELDS_H
#define NP_LAYOUT_FIELDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum np_field_type { NP_F_LENGTH, NP_F_STYLE, NP_F_STRING, NP_F_BOOL,
                             NP_F_FONTFILE, NP_F_NUMBER, NP_F_CHOICE,
                             NP_F_COLOR } np_field_type;

/* The parts of a style field: the first three must be set somewhere in
 * a layout's chain, the set width may be left as the font gives it. */
enum { NP_PART_FONT, NP_PART_SIZE, NP_PART_LEADING, NP_PART_TRACKING,
       NP_PART_SCALE, NP_STYLE_PARTS, NP_REQUIRED_PARTS = NP_PART_TRACKING };

/* "font", "size", "leading", "tracking", "scale". */
extern const char *const np_style_parts[NP_STYLE_PARTS];

typedef struct np_field {
    const char *key;            /* "group.attr", or "group" for a style */
    np_field_type type;
    size_t offset;              /* in np_layout */
    const char *const *choices; /* NP_F_CHOICE: the words allowed, NULL-ended;
                                   the field gets the index of the one given */
} np_field;

extern const np_field np_layout_fields[];
extern const size_t np_layout_field_count;

/* The field that attribute `attr` of group `group` sets, with the part
 * of a style it is in *part (0 for other fields); NULL when none. */
const np_field *np_layout_field(const char *group, const char *attr, int *part);

/* Whether some field belongs to group `name`. */
bool np_layout_group_known(const char *name);

/* The known group nearest to the unknown `name`, into out[0..size);
 * false when none is near ("did you mean"). */
bool np_layout_group_nearest(const char *name, char *out, size_t size);

/* The attribute of group `group` nearest to the unknown `attr`, or
 * NULL when none is near. */
const char *np_layout_field_nearest(const char *group, const char *attr);

/* The length of the group name that starts `key`. */
size_t np_layout_group_length(const char *key);

#endif
