/*
 * xalloc.h - memory for the command, which may stop where the library
 * may not (xalloc.c): allocation that cannot fail, and lists of
 * strings.
 */
#ifndef NP_CLI_XALLOC_H
#define NP_CLI_XALLOC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct strlist {
    char **v;
    size_t n, cap;
} strlist;

/* Allocation that cannot fail: the command stops on out of memory. */
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
char *xprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Appends s, which the list then owns. */
void list_add(strlist *l, char *s);
void list_free(strlist *l);

bool ends_with(const char *s, const char *tail);

#endif
