/*
 * xml_guard.h - what must be refused before libxml2 parses a file at
 * all, because parsing it would cost time quadratic in its size.
 */
#ifndef NP_XML_GUARD_H
#define NP_XML_GUARD_H

#include <stddef.h>

/* No element of the format, description or layout, takes more than 8
 * attributes. libxml2 2.9 checks each attribute of a start tag against
 * every earlier one: 80,000 attributes on one element took 14 s. At 64
 * the check costs at most 64 comparisons an attribute. */
#define NP_MAX_ATTRIBUTES 64u

/* The first start tag of the XML file in bytes[0..len) with more than
 * `max` attributes, read in the file's encoding as libxml2 would read
 * it: 0 when there is none; else 1, with its line and column (of the
 * '<', counted in characters) in *line and *col. */
int np_xml_guard(const char *bytes, size_t len, unsigned max,
                 unsigned *line, unsigned *col);

#endif
