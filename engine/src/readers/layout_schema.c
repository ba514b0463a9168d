/*
 * layout_schema.c - writes the RELAX NG schema of layout files
 * (`notepress schema layout`) from the table of layout fields, for XML
 * editors (completion, checking as one types) and for xmllint.
 *
 * Made from layout_fields.c's table, it can never disagree with the
 * loader. It does not say what the loader checks beyond the form of
 * each value: that every field is set somewhere in a chain of layouts,
 * ranges, and what layout_check.c finds off the page.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "notepress.h"
#include "readers/layout_fields.h"

/* The values' forms, as XML Schema datatypes restricted by a pattern. */
static const char *const rng_length =
    "<data type=\"string\"><param name=\"pattern\">-?[0-9]{1,6}(\\.[0-9]+)?"
    "(pt|mm|cm|in)</param></data>";
static const char *const rng_number =
    "<data type=\"string\"><param name=\"pattern\">[0-9]{1,6}(\\.[0-9]+)?"
    "</param></data>";
static const char *const rng_percent =
    "<data type=\"string\"><param name=\"pattern\">[0-9]{1,6}(\\.[0-9]+)?%"
    "</param></data>";
static const char *const rng_color =
    "<data type=\"string\"><param name=\"pattern\">#[0-9A-Fa-f]{6}"
    "</param></data>";
static const char *const rng_font =
    "<choice><value>regular</value><value>italic</value><value>bold</value>"
    "<value>bold-italic</value></choice>";

typedef struct sink {
    np_write_fn write;
    void *ud;
    int rc;
} sink;

static void emit(sink *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void emit(sink *k, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k->rc == 0 && n > 0)
        k->rc = k->write(k->ud, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static const char *rng_type(np_field_type t)
{
    switch (t) {
    case NP_F_LENGTH: return rng_length;
    case NP_F_NUMBER: return rng_number;
    case NP_F_COLOR: return rng_color;
    case NP_F_BOOL: return "<choice><value>yes</value><value>no</value></choice>";
    default: return "<text/>";
    }
}

static void emit_choice(sink *k, const char *name, const char *const *words)
{
    emit(k, "        <optional><attribute name=\"%s\"><choice>", name);
    for (int i = 0; words[i]; i++)
        emit(k, "<value>%s</value>", words[i]);
    emit(k, "</choice></attribute></optional>\n");
}

static void emit_attribute(sink *k, const char *name, const char *type)
{
    emit(k, "        <optional><attribute name=\"%s\">%s</attribute></optional>\n",
         name, type);
}

static bool group_seen_before(size_t i)
{
    const char *k = np_layout_fields[i].key;
    size_t n = np_layout_group_length(k);
    for (size_t j = 0; j < i; j++) {
        const char *o = np_layout_fields[j].key;
        if (np_layout_group_length(o) == n && strncmp(o, k, n) == 0)
            return true;
    }
    return false;
}

static void emit_group(sink *k, size_t first)
{
    const char *key = np_layout_fields[first].key;
    size_t n = np_layout_group_length(key);
    emit(k, "      <optional><element name=\"%.*s\">\n", (int)n, key);
    /* The same attributes as a row of <optional> ones (attributes have
     * no order), but libxml2 tries every way through such a row, one
     * state per optional attribute taken or not: minutes of CPU for
     * un-a4's <table>. An interleave it matches by name at once. */
    emit(k, "        <interleave>\n");
    for (size_t i = first; i < np_layout_field_count; i++) {
        const np_field *f = &np_layout_fields[i];
        if (np_layout_group_length(f->key) != n || strncmp(f->key, key, n) != 0)
            continue;
        if (f->type == NP_F_STYLE) {
            emit_attribute(k, "font", rng_font);
            emit_attribute(k, "size", rng_length);
            emit_attribute(k, "leading", rng_length);
            emit_attribute(k, "tracking", rng_length);
            emit_attribute(k, "scale", rng_percent);
        } else if (f->type == NP_F_CHOICE) {
            emit_choice(k, f->key + n + 1, f->choices);
        } else {
            emit_attribute(k, f->key + n + 1, rng_type(f->type));
        }
        /* the right margin, which the loader takes for the width */
        if (strcmp(f->key, "body.width") == 0)
            emit_attribute(k, "right", rng_length);
    }
    emit(k, "        </interleave>\n        <empty/>\n      </element></optional>\n");
}

int np_write_layout_schema(np_write_fn write, void *ud)
{
    if (!write)
        return -1;
    sink k = { write, ud, 0 };
    emit(&k, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<!-- The schema of notepress layout files, written by `notepress schema\n"
         "     layout` from the loader's own table of fields. Every field is\n"
         "     optional here: a layout that extends another sets only some; the\n"
         "     loader checks that the whole chain sets them all. -->\n"
         "<grammar xmlns=\"http://relaxng.org/ns/structure/1.0\"\n"
         "         datatypeLibrary=\"http://www.w3.org/2001/XMLSchema-datatypes\">\n"
         "  <start>\n    <element name=\"layout\">\n"
         "      <optional><attribute name=\"name\"/></optional>\n"
         "      <optional><attribute name=\"extends\"/></optional>\n"
         "      <interleave>\n"
         "      <ref name=\"groups\"/>\n"
         "      <!-- groups for the documents in one language -->\n"
         "      <zeroOrMore><element name=\"language\">\n"
         "        <attribute name=\"code\"><data type=\"string\">"
         "<param name=\"pattern\">[a-z]{2,8}</param></data></attribute>\n"
         "        <ref name=\"groups\"/>\n"
         "      </element></zeroOrMore>\n"
         "      </interleave>\n    </element>\n  </start>\n"
         "  <define name=\"groups\">\n      <interleave>\n");
    for (size_t i = 0; i < np_layout_field_count; i++)
        if (!group_seen_before(i))
            emit_group(&k, i);
    emit(&k, "      </interleave>\n  </define>\n</grammar>\n");
    return k.rc;
}
