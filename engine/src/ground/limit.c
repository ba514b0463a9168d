/*
 * limit.c - defaults of the limits on untrusted descriptions.
 *
 * The figures are far above any real document (the longest UN documents
 * are a few hundred pages, a few megabytes of XML, nested four or five
 * levels) and low enough that a hostile description cannot make one
 * render use more than a few hundred megabytes or more than a few
 * seconds: a line of the flow costs about 1.5 kB until the file is
 * saved, so the element count and input size bound the memory before
 * the page count can be known. The depth (2 500) and the list depth
 * (1 000) let 1 000 lists nest in one another: a list and its item are
 * two levels each, under document and body, 2 002 levels in all; the
 * stack such nesting takes is measured in tests/unit/test_deep.c.
 * Where they are checked:
 * input size and depth, text runs and element count in xml_read.c;
 * notes, table cells and list nesting in doc_build.c; pages in render.c,
 * once the document is paginated and before anything is drawn (a page
 * of PDF costs memory until the file is saved).
 */
#include "ground/limit.h"

void np_limits_init(np_limits *l)
{
    if (!l)
        return;
    *l = (np_limits){
        .size = sizeof *l,
        .input_bytes = 16u * 1024 * 1024,
        .depth = 2500,
        .text_bytes = 1024u * 1024,
        .elements = 200000,
        .notes = 10000,
        .table_cells = 100000,
        .list_depth = 1000,
        .pages = 5000,
    };
}

np_limits np_limits_resolve(const np_limits *given)
{
    np_limits d, out;
    np_limits_init(&d);
    out = given ? *given : d;
    if (!out.input_bytes)
        out.input_bytes = d.input_bytes;
    if (!out.depth)
        out.depth = d.depth;
    if (out.depth > NP_MAX_DEPTH)
        out.depth = NP_MAX_DEPTH;
    if (!out.text_bytes)
        out.text_bytes = d.text_bytes;
    if (!out.elements)
        out.elements = d.elements;
    if (!out.notes)
        out.notes = d.notes;
    if (!out.table_cells)
        out.table_cells = d.table_cells;
    if (!out.list_depth)
        out.list_depth = d.list_depth;
    if (!out.pages)
        out.pages = d.pages;
    if (out.pages > NP_MAX_PAGES)
        out.pages = NP_MAX_PAGES;
    return out;
}
