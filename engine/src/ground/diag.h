/*
 * diag.h - the one table of diagnostics, and the reporter.
 *
 * Every message the engine can give is a row of NP_MESSAGES: an id, a
 * severity and a printf format. Reporting goes through a np_diags owned by
 * the render (no global state); it counts by severity and forwards each
 * message, formatted, to the caller's callback.
 */
#ifndef NP_DIAG_H
#define NP_DIAG_H

#include <stdarg.h>
#include "notepress.h"

/* A position in a source file; 0 means unknown. */
typedef struct np_pos {
    unsigned line;
    unsigned col;
} np_pos;

#define NP_MESSAGES(X) \
    X(IO_READ,          NP_ERROR,   "cannot read %s: %s") \
    X(IO_WRITE,         NP_ERROR,   "cannot write %s: %s") \
    X(PATH_TOO_LONG,    NP_ERROR,   "cannot look for \"%.80s\"%s: the path would be longer than %d bytes") \
    X(OUTPUT_IS_INPUT,  NP_ERROR,   "refusing to write %s: it is the same file as %s, which this render reads") \
    X(NO_MEMORY,        NP_ERROR,   "out of memory") \
    X(TOO_BIG,          NP_ERROR,   "the input is more than %zu bytes long (limit input)") \
    X(LIMIT_DEPTH,      NP_ERROR,   "elements nested more than %u deep (limit depth)") \
    X(LIMIT_ELEMENTS,   NP_ERROR,   "more than %u elements (limit elements)") \
    X(LIMIT_TEXT,       NP_ERROR,   "a run of text of %zu bytes, more than the limit of %zu (limit text)") \
    X(LIMIT_NOTES,      NP_ERROR,   "more than %u footnotes (limit notes)") \
    X(LIMIT_CELLS,      NP_ERROR,   "a table of more than %u cells (limit cells)") \
    X(LIMIT_LIST_DEPTH, NP_ERROR,   "lists nested more than %u deep (limit list-depth)") \
    X(PAGE_LINKS,       NP_ERROR,   "more than %u links on one page: a PDF page lists at most that many") \
    X(PAGE_MCIDS,       NP_ERROR,   "page %zu would hold more than %zu marked-content sequences: the structure tree maps a page's in one array, and %s no longer one (an untagged render has no such limit)") \
    X(LIMIT_ATTRIBUTES, NP_ERROR,   "an element with more than %u attributes: no element of the format takes more than a few") \
    X(LIMIT_PAGES,      NP_ERROR,   "the document would have %d pages, more than the limit of %u (limit pages)") \
    X(BAD_CHAR,         NP_ERROR,   "character U+%04X is not allowed: %s") \
    X(XML_SYNTAX,       NP_ERROR,   "%s") \
    X(XML_EMPTY,        NP_ERROR,   "the document is empty or not XML") \
    X(XML_DOCTYPE,      NP_ERROR,   "a DOCTYPE is not allowed (no DTD or entity declarations are read)") \
    X(XML_ENCODING,     NP_ERROR,   "%s") \
    X(SCHEMA,           NP_ERROR,   "%s") \
    X(SCHEMA_ELEMENT,   NP_ERROR,   "<%s> is not allowed here in <%s>: expected %s%s") \
    X(SCHEMA_TEXT,      NP_ERROR,   "text is not allowed here in <%s>: expected %s") \
    X(SCHEMA_MISSING,   NP_ERROR,   "<%s> ends too early: expected %s") \
    X(SCHEMA_ATTR,      NP_ERROR,   "<%s> has no attribute %s%s%s") \
    X(SCHEMA_VALUE,     NP_ERROR,   "%s=\"%s\" of <%s> must be %s") \
    X(SCHEMA_NO_ATTR,   NP_ERROR,   "<%s> lacks the attribute %s%s") \
    X(SCHEMA_ROOT,      NP_ERROR,   "the root element is <%s>: expected %s") \
    X(SCHEMA_NAMESPACE, NP_ERROR,   "<%s> is in the namespace \"%.100s\": the elements of a description are in none (remove xmlns)") \
    X(SCHEMA_BEFORE,    NP_ERROR,   "<%s> is missing before <%s> in <%s>") \
    X(SCHEMA_MORE,      NP_NOTE,    "more schema errors follow: mend these first") \
    X(SCHEMA_INTERNAL,  NP_ERROR,   "the built-in schema does not compile: %s") \
    X(SCHEMA_THREAD,    NP_ERROR,   "internal error: no thread to validate a description nested %u deep: %s") \
    X(NO_SYMBOL,        NP_ERROR,   "<meta> has no <symbol>: every document needs its symbol") \
    X(EMPTY_FIELD,      NP_ERROR,   "<%s> is empty") \
    X(BAD_DATE,         NP_ERROR,   "bad date \"%s\": expected YYYY-MM-DD, a real day") \
    X(UNKNOWN_LANG,     NP_ERROR,   "unknown language \"%s\" (known: %s)") \
    X(LANG_NO_NAME,     NP_ERROR,   "the language file of \"%s\" gives no name for \"%s\" (<language-name code=\"%s\">)") \
    X(UNKNOWN_LAYOUT,   NP_ERROR,   "unknown layout \"%s\" (known: %s)") \
    X(LAYOUT_NAME,      NP_ERROR,   "layout \"%s\": a description names a layout of the layout directories, not a file") \
    X(FNREF_NOWHERE,    NP_ERROR,   "<fnref ref=\"%s\"/> calls no footnote: no <fn id=\"%s\"> in this document") \
    X(DUPLICATE_ID,     NP_ERROR,   "id \"%s\" is already used at line %u") \
    X(XREF_NOWHERE,     NP_ERROR,   "<xref ref=\"%s\"/> points nowhere: no element of this document has id=\"%s\"") \
    X(XREF_NOT_TARGET,  NP_ERROR,   "<xref ref=\"%s\"/> points at a %s: an xref names a p, pp, op, item, section, annex, table or figure (a footnote is cited again with <fnref>)") \
    X(XREF_NO_NUMBER,   NP_ERROR,   "<xref ref=\"%s\"/> asks for a number, and its target <%s id=\"%s\"> prints none (%s): give it one, or write show=\"page\"") \
    X(TFN_OUTSIDE,      NP_ERROR,   "<tfn> is a table note: it stands in a cell of a <table> (a note elsewhere is an <fn>)") \
    X(FNREF_OTHER_TABLE, NP_ERROR,  "<fnref ref=\"%s\"/> cites a table note of another table (line %u): a table note is cited again only in its own table") \
    X(XREF_UNSTABLE,    NP_WARNING, "page references still moved after %d passes of layout: some page numbers printed may be off by the last change") \
    X(MEETING_BODIES,   NP_ERROR,   "<meeting> holds at most %d <body> elements (a commission, its committee, a working party or forum)") \
    X(BAD_JOB,          NP_ERROR,   "job number \"%s\" has no digits for the barcode") \
    X(JOB_DATES,        NP_ERROR,   "<job dates=\"...\"> holds one or two dates (YYYY-MM-DD), separated by spaces") \
    X(BAD_ATTR,         NP_ERROR,   "bad value \"%s\" for %s: %s") \
    X(ADOPTED_ATTR,     NP_ERROR,   "<adopted> needs %s=\"...\": %s") \
    X(ADOPTED_KIND,     NP_ERROR,   "<adopted> belongs to kind=\"resolution\" or kind=\"decision\", not to kind=\"%s\"") \
    X(ADOPTED_MISSING,  NP_ERROR,   "kind=\"%s\" is an adopted text: it needs <adopted date=\"...\" meeting=\"...\"> before <title>") \
    X(ADOPTED_ORGAN,    NP_ERROR,   "symbol \"%s\": an adopted text follows the conventions of the General Assembly (A/...), the Economic and Social Council (E/...) or the Security Council (S/...)") \
    X(DECISION_KIND,    NP_ERROR,   "<decision> is the body of kind=\"decision\" or kind=\"draft-decision\", not of kind=\"%s\"") \
    X(TITLE_NUMBER_KIND, NP_ERROR,  "number=\"%s\" on <title>: only an adopted resolution or decision (kind=\"resolution\" or \"decision\") has a number") \
    X(TITLE_NO_NUMBER,  NP_ERROR,   "the <title> of an adopted text needs its number (<title number=\"%s\">)") \
    X(SC_DECISION,      NP_ERROR,   "kind=\"decision\" with symbol \"%s\": the Security Council's decisions are not issued as documents of their own") \
    X(SC_TITLE_TEXT,    NP_ERROR,   "a Security Council resolution is titled by its number alone (\"Resolution %s (%d)\"): leave this <title> empty") \
    X(SC_REFERENCE,     NP_ERROR,   "<reference> is a line of the General Assembly's and ECOSOC's texts: a Security Council resolution has none") \
    X(NUMBER_REPEATED,  NP_ERROR,   "number \"%s\" is already printed on the <%s> at line %u: the numbers of one list or text differ") \
    X(NUMBER_NO_LABEL,  NP_ERROR,   "number=\"%s\" on an item of a list of style \"%s\", which prints no numbers") \
    X(NUMBER_UNNUMBERED, NP_ERROR,  "number=\"%s\" and numbered=\"no\" on one <p>: a paragraph prints its number or none") \
    X(SIGNATURE_NO_NAME, NP_ERROR,  "<signature> has no <name>: a signature gives the signer's name, then the roles") \
    X(SECTION_LEVEL,    NP_ERROR,   "level=\"%s\": a section heading has levels 1 to %d") \
    X(LINK_SCHEME,      NP_ERROR,   "link \"%.200s\": only http, https and mailto links are allowed") \
    X(LINK_TOO_LONG,    NP_ERROR,   "a link of %zu bytes: a PDF holds at most %u") \
    X(TEXT_TOO_LONG,    NP_ERROR,   "%s of %zu characters: the PDF's %s holds at most %u") \
    X(LAYOUT_ROOT,      NP_ERROR,   "the root element must be <layout>, not <%.100s>") \
    X(LAYOUT_NO_PARENT, NP_ERROR,   "extends=\"%s\": no such layout") \
    X(LAYOUT_CYCLE,     NP_ERROR,   "extends=\"%s\" makes a cycle: %s is already being read") \
    X(LAYOUT_TOO_DEEP,  NP_ERROR,   "more than %d layouts extend one another") \
    X(LAYOUT_UNKNOWN_GROUP, NP_ERROR, "unknown group <%s>%s") \
    X(LAYOUT_UNKNOWN_FIELD, NP_ERROR, "unknown field %s.%s%s") \
    X(LAYOUT_GROUP_TWICE, NP_ERROR, "<%s> is given twice (first at line %u): set its fields in one element") \
    X(LAYOUT_LANGUAGE_CODE, NP_ERROR, "<language code=\"%s\">: the code must be a language code, 2 to 8 small letters (as zh)") \
    X(LAYOUT_MISSING,   NP_ERROR,   "missing %d field%s: %s%s (a layout names them all, or extends one that does, e.g. extends=\"un-a4\")") \
    X(LAYOUT_NOT_LENGTH, NP_ERROR,  "%s: \"%s\" is not a length (a number with pt, mm, cm or in)") \
    X(LAYOUT_NOT_NUMBER, NP_ERROR,  "%s: \"%s\" is not a number (digits, with a decimal point)") \
    X(LAYOUT_NOT_PERCENT, NP_ERROR, "%s: \"%s\" is not a percentage (as 102%%)") \
    X(LAYOUT_NOT_COLOR, NP_ERROR,   "%s: \"%s\" is not a colour (#RRGGBB)") \
    X(LAYOUT_NOT_FONT,  NP_ERROR,   "%s: \"%s\" is not a font (regular, italic, bold, bold-italic)") \
    X(LAYOUT_NOT_BOOL,  NP_ERROR,   "%s: \"%s\" is not yes or no") \
    X(LAYOUT_NOT_ALIGN, NP_ERROR,   "%s: \"%s\" is not justify or left") \
    X(LAYOUT_NOT_CHOICE, NP_ERROR,  "%s: \"%s\" is not one of %s") \
    X(LAYOUT_RANGE,     NP_ERROR,   "%s: \"%s\" must be between %s and %s") \
    X(LAYOUT_NOT_ABOVE_ZERO, NP_ERROR, "%s: \"%s\" must be more than 0") \
    X(LAYOUT_MEETING_ORDER, NP_ERROR, "meeting.order: \"%s\" is not the words body, session and place in some order, separated by spaces") \
    X(LAYOUT_EMBLEM_PATH, NP_ERROR, "emblem.file: \"%s\" must name a file in the layout's directory or below it (no absolute path, no \"..\")") \
    X(LANG_ROOT,        NP_ERROR,   "the root element must be <language>") \
    X(LANG_NO_CODE,     NP_ERROR,   "<language> needs code and letter") \
    X(LANG_UNKNOWN_ELEMENT, NP_ERROR, "unknown element <%s> in a language file") \
    X(LANG_UNKNOWN_LABEL, NP_ERROR, "unknown label \"%s\"") \
    X(LANG_MISSING_LABEL, NP_ERROR, "missing label \"%s\"") \
    X(LANG_MISSING,     NP_ERROR,   "missing %s") \
    X(LANG_MONTHS,      NP_ERROR,   "<months> must list 12 month names, not %d") \
    X(LANG_TEXT_MONTHS, NP_ERROR,   "<text-date months=\"...\"> must list 12 month names separated by \"|\", not %d") \
    X(LANG_HYPHEN_MIN,  NP_ERROR,   "%s must be between 1 and 9") \
    X(LANG_LETTERS,     NP_ERROR,   "numbers.letters must list 1 to %d letters, not %d") \
    X(LANG_DIRECTION,   NP_ERROR,   "direction must be \"ltr\" or \"rtl\", not \"%s\"") \
    X(LAYOUT_NEGATIVE,  NP_ERROR,   "%s: %.2f pt is negative: lengths and positions are measured into the page from its top-left corner") \
    X(LAYOUT_PAGE_SIZE, NP_ERROR,   "%s: %.2f pt is not a page size (a PDF page is 3 pt to 14 400 pt)") \
    X(LAYOUT_OFF_PAGE,  NP_ERROR,   "%s: %s reaches %.2f pt, past the %s edge of the page at %.2f pt") \
    X(LAYOUT_ORDER,     NP_ERROR,   "%s: %s (%.2f pt) must be %s %s (%.2f pt)") \
    X(LAYOUT_NO_ROOM,   NP_ERROR,   "%s: leaves no room for %s (%.2f pt)") \
    X(LAYOUT_NOT_POSITIVE, NP_ERROR, "%s: %.2f pt must be more than 0") \
    X(LAYOUT_TOO_BIG,   NP_ERROR,   "%s: %.2f pt is more than the %s (%.2f pt)") \
    X(HYPHENATION_NAME, NP_ERROR,   "hyphenation: \"%.80s\" is not a file name of the pattern directories (letters, digits, \"_\", \"-\" and \".\", not first; no \"/\")") \
    X(TEMPLATE_FIELD,   NP_ERROR,   "%s: unknown field {%s} (known: %s)") \
    X(TEMPLATE_OPEN,    NP_ERROR,   "%s: \"%.60s\" opens a field with \"{\" and does not close it") \
    X(FONT_LOAD,        NP_ERROR,   "cannot load font %s: %s") \
    X(HYPH_LOAD,        NP_WARNING, "no hyphenation patterns for \"%s\" (%s): words will not be hyphenated") \
    X(WORD_TOO_WIDE,    NP_WARNING, "\"%.40s%s\" is wider than the line (%.1f pt > %.1f pt): cut by force") \
    X(OVERFULL,         NP_WARNING, "a line sticks out %.1f pt past the margin") \
    X(SHRUNK,           NP_WARNING, "\"%.40s%s\" is too long for its place on the page: set at %.1f pt instead of %.1f pt") \
    X(NO_BARCODE,       NP_WARNING, "the job number's barcode would be wider than the %.1f pt the page allows: it is left out") \
    X(NO_QR,            NP_WARNING, "no QR code: \"%.60s\" is too long for one (the layout's qr.text makes it)") \
    X(QR_CROWDED,       NP_WARNING, "the QR code's quiet zone (%g modules) reaches %s: printed so, the code may not scan") \
    X(DEEP_NESTING,     NP_WARNING, "nested too deep for the page: from here on, text is not indented further (it keeps %.1f pt of width)") \
    X(MISSING_GLYPH,    NP_ERROR,   "character U+%04X \"%s\" (script %s) has no glyph in any face of this layout (faces tried: %s)") \
    X(MISSING_GLYPH_BOX, NP_WARNING, "character U+%04X \"%s\" (script %s) has no glyph in any face of this layout (faces tried: %s): it prints as a box") \
    X(IMAGE,            NP_ERROR,   "image %s: %s") \
    X(FIGURE_PATH,      NP_ERROR,   "<img src=\"%.200s\">: a figure is a PNG file in the description's directory or below it (no absolute path, no \"..\")") \
    X(FIGURE_OUTSIDE,   NP_ERROR,   "<img src=\"%.200s\"> leads outside the description's directory %s (through a symbolic link)") \
    X(FIGURE_FILE,      NP_ERROR,   "<img src=\"%.200s\">: a file of %llu bytes, more than the %llu a figure may have") \
    X(FIGURE_SAMPLES,   NP_ERROR,   "<img src=\"%.200s\">: %ux%u pixels decode to %llu samples, more than the %llu a figure may have") \
    X(FIGURE_NO_DIR,    NP_ERROR,   "a description with figures is read from a file: its <img> files are found beside it") \
    X(FIGURE_NO_ALT,    NP_ERROR,   "<img src=\"%.200s\"> has an empty alt: say in it what a reader who cannot see the picture should hear (\"Bar chart: ...\")") \
    X(FIGURE_NO_PNG,    NP_ERROR,   "this build of notepress has no PNG support (built with NO_PNG=1): the figures cannot be shown") \
    X(EMBLEM_OUTSIDE,   NP_ERROR,   "emblem.file: \"%s\" leads to %s, outside the layout's directory %s (through a symbolic link)") \
    X(FOOTNOTE_SPLIT,   NP_NOTE,    "footnote %s continues on the next page") \
    X(PDF,              NP_ERROR,   "PDF library error 0x%04X (detail %u) while %s") \
    X(PDFA_PROFILE,     NP_ERROR,   "PDF/A needs an sRGB ICC profile: %s: %s (Debian package libgs-common installs it; NOTEPRESS_ICC_PROFILE names another file)") \
    X(PDFA_FLATTENED,   NP_NOTE,    "PDF/A-1 allows no transparency: the image %s is laid over white") \
    X(NO_PNG,           NP_NOTE,    "this build of notepress has no PNG support (built with NO_PNG=1): the layout's emblem is left out") \
    X(NO_HYPHENATION,   NP_NOTE,    "this build of notepress has no hyphenation (built with NO_HYPHEN=1): words are not hyphenated") \
    X(BAD_TIME,         NP_ERROR,   "the document time %lld is after 9999-12-31 23:59:59 UTC, the last date a PDF can hold") \
    X(BAD_CALL,         NP_ERROR,   "%s: %s (a call notepress.h does not allow)") \
    X(STRUCT_SIZE,      NP_ERROR,   "%s: %s.size is %zu, where this library reads %zu to %zu bytes: fill it with %s_init, from the notepress.h of the library the program runs with") \
    X(XML_LIBRARY,      NP_WARNING, "libxml2: %s") \
    X(INTERNAL,         NP_ERROR,   "internal error: %s")

typedef enum np_msg {
#define NP_MSG_ENUM(id, sev, fmt) NP_MSG_##id,
    NP_MESSAGES(NP_MSG_ENUM)
#undef NP_MSG_ENUM
    NP_MSG_COUNT
} np_msg;

typedef struct np_diags {
    np_diag_fn fn;              /* NULL: messages are counted only */
    void *ud;
    unsigned count[3];          /* by np_severity */
} np_diags;

void np_diags_init(np_diags *d, np_diag_fn fn, void *ud);

/* Reports message `msg` at file:pos with the row's format and the
 * arguments that follow. `file` may be NULL. */
void np_report(np_diags *d, const char *file, np_pos pos, np_msg msg, ...);
void np_vreport(np_diags *d, const char *file, np_pos pos, np_msg msg,
                va_list ap);

np_severity np_msg_severity(np_msg msg);

/* Writes "file:line:col: severity: message\n" to a stdio stream given as
 * `ud` (a FILE *); usable as a np_diag_fn. */
void np_diag_print(void *ud, const np_diagnostic *d);

#endif
