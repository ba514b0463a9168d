/*
 * notepress.h - the public interface of the notepress engine.
 *
 * notepress lays out document descriptions (XML, see docs/format.md) into PDF
 * notes in the house style of United Nations parliamentary documents.
 *
 * Ownership rules, for every function below:
 *   - np_X_new()/np_X_free(): the caller owns what _new returns and
 *     releases it with the matching _free; likewise the buffer of
 *     np_render_to_buffer, released with np_buffer_free.
 *   - a const pointer passed in, and every pointer inside a struct
 *     passed in (names, paths, limits), is only read during the call;
 *     the library keeps none of them, nor the struct itself. A pointer
 *     to fill (np_stats, the results of np_render_to_buffer) is written
 *     during the call only.
 *   - the user data given beside a callback (`ud` of the allocator, the
 *     engine's diag_ud) is kept by the engine and passed back to it: it
 *     must stay valid until np_engine_free. The user data of a render's
 *     callbacks needs to stay valid during that render only.
 *   - a pointer handed to a callback (a diagnostic, its file and
 *     message, a chunk of output, a path) is lent for the duration of
 *     the callback; copy what you need to keep.
 *   - np_version() returns a static string: never free it.
 * The library never calls abort() or exit(), keeps no global state and
 * never writes to stderr or stdout: every message goes to a diagnostic
 * callback (the render's, else the engine's) or nowhere. Two engines,
 * and many renders on one engine, may run at once in one process.
 *
 * Growth: np_engine_config, np_render_options, np_limits and np_stats
 * begin with a `size` field, set to the size of the struct by its
 * _init function (np_engine_config_init, np_render_options_init,
 * np_limits_init, np_stats_init); always start from it. The library
 * reads and writes no byte of the caller's struct past that size, so a
 * program built against an older notepress.h runs on a newer library
 * (the fields it does not know get their defaults). A size the library
 * does not accept (0: a struct that was not initialised; more than its
 * own: a program built against a newer notepress.h) makes a render
 * return NP_SIZE_MISMATCH and np_engine_new return NULL, with a message
 * naming the struct. Fields are only ever added at the end, past the
 * previous version's size; none is removed or moved while the soname
 * is libnotepress.so.0. Why not opaque objects with setters: these
 * structs are small, filled once per render on the caller's stack, and
 * read by the library in one copy; a size field keeps them so, and
 * costs the caller one _init call, which the header asked for already.
 *
 * Arguments, for every function below: a pointer may be NULL only where
 * its comment says so; a length may be 0 everywhere, with a NULL
 * pointer beside it. A call that breaks this (a NULL engine, path,
 * callback or result pointer; NULL bytes with a non-zero length; an
 * option outside its enumeration) crashes nothing and changes nothing:
 * a function returning a status returns NP_FAILED (-1) and reports why
 * ("np_render_memory: the engine is NULL") through the options'
 * diagnostic callback, else the engine's; np_engine_new returns NULL; a
 * function returning nothing does nothing.
 */
#ifndef NOTEPRESS_H
#define NOTEPRESS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version of this header. NP_VERSION_NUMBER grows with every
 * release: MAJOR * 10000 + MINOR * 100 + PATCH. */
#define NP_VERSION_MAJOR 0
#define NP_VERSION_MINOR 1
#define NP_VERSION_PATCH 0
#define NP_VERSION "0.1.0"
#define NP_VERSION_NUMBER \
    (NP_VERSION_MAJOR * 10000 + NP_VERSION_MINOR * 100 + NP_VERSION_PATCH)

/* What the render and check functions return. The values are fixed:
 * the command's exit statuses and any program's tests stay true. */
typedef enum np_status {
    NP_OK = 0,
    NP_REFUSED = 1,             /* the description, its layout or a file it
                                 * needs was refused; diagnostics say why */
    NP_CANCELLED = 2,           /* opts->cancel asked to stop */
    NP_FAILED = -1,             /* an internal failure (out of memory, a
                                 * write error, a missing ICC profile) or a
                                 * call the contract above does not allow;
                                 * reported as a diagnostic */
    NP_SIZE_MISMATCH = -2       /* a struct's size field is not one this
                                 * library accepts (see Growth above) */
} np_status;

/* Memory hooks. All three are required when a struct is given; the
 * library calls them with `ud` as the first argument. */
typedef struct np_allocator {
    void *(*malloc)(void *ud, size_t size);
    void *(*realloc)(void *ud, void *ptr, size_t size);
    void (*free)(void *ud, void *ptr);
    void *ud;
} np_allocator;

typedef enum np_severity {
    NP_NOTE = 0,
    NP_WARNING = 1,
    NP_ERROR = 2
} np_severity;

/* One diagnostic. `file` and `message` are lent to the callback. `line`
 * and `column` are 1-based; 0 means "not known". `file` is NULL for a
 * message about no file (the environment, a call, the engine). */
typedef struct np_diagnostic {
    np_severity severity;
    const char *file;
    unsigned line;
    unsigned column;
    const char *message;
} np_diagnostic;

typedef void (*np_diag_fn)(void *ud, const np_diagnostic *d);

/* Writes `d` as the command prints it, "file:line:col: error: text"
 * (or "file: warning: text", "notepress: note: text" when the position
 * or the file is unknown), NUL-terminated, into buf[0..size). Returns
 * the length it needed, as snprintf does: `buf` may be NULL when `size`
 * is 0, to measure. -1 (and "" in buf when size > 0) when `d` or its
 * message is NULL, or `buf` is NULL with a size. */
int np_format_diagnostic(const np_diagnostic *d, char *buf, size_t size);

/* Where the PDF bytes go: called any number of times with consecutive
 * chunks; return 0 on success, non-zero to abandon the render. */
typedef int (*np_write_fn)(void *ud, const void *bytes, size_t len);

typedef enum np_linebreak_mode {
    NP_LINEBREAK_OPTIMAL = 0,   /* total-fit (Knuth-Plass) */
    NP_LINEBREAK_GREEDY = 1     /* first-fit, for comparison */
} np_linebreak_mode;

/* Quality figures of one render (see `notepress render --stats`),
 * written by the library into the caller's struct. */
typedef struct np_stats {
    size_t size;                /* set by np_stats_init: see Growth */
    int pages;
    int lines;
    int hyphenated_lines;
    int max_consecutive_hyphens;
    double mean_adjustment;     /* justified lines, last lines excluded */
    double max_adjustment;
    int loose_lines;            /* adjustment ratio above 1 */
    int overfull_lines;
    int widows;
    int orphans;
    double seconds;
    double linebreak_seconds;   /* of `seconds`, spent choosing line breaks */
    int loose_lines_2;          /* adjustment ratio above 2 */
    int loose_lines_3;          /* adjustment ratio above 3 */
} np_stats;

/* Sets stats->size; the figures are written by a render. NULL: does
 * nothing. */
void np_stats_init(np_stats *stats);

typedef struct np_engine np_engine;

typedef struct np_engine_config {
    size_t size;                /* set by np_engine_config_init: see Growth */
    /* Directories searched for layouts (after NOTEPRESS_LAYOUTS), fonts
     * and hyphenation patterns; NULL for the built-in defaults. Copied. */
    const char *data_dir;
    /* NULL: malloc/realloc/free. The hook gets the engine and its
     * caches, every render's arena (document tree, lines, pages), the
     * font data, the PDF back end's own buffers and the buffers of
     * np_render_to_buffer. The libraries underneath keep their own
     * malloc: libharu (the PDF objects; its allocator hook takes no user
     * pointer), libxml2 (parsing; its hooks are process-wide),
     * the hyphenation patterns (in libhyphen's own structure) and
     * zlib's working memory; so do the transient read buffers of the
     * files read, the output buffer of np_render_file and a few small
     * engine records. The struct is
     * copied; `ud` must outlive the engine. */
    const np_allocator *allocator;
    /* The engine's diagnostics: what the engine itself has to say (the
     * built-in schema that does not compile, a configuration refused)
     * and the messages of every render whose options have no callback
     * of their own (a render's own callback wins). NULL: dropped. Called
     * from the thread that called the library, from several threads at
     * once when several render on the engine; `diag_ud` is kept and
     * must outlive the engine. */
    np_diag_fn diag;
    void *diag_ud;
} np_engine_config;

/* Sets the size field and the defaults: no data directory, the C
 * library's allocator, no callback. NULL: does nothing. */
void np_engine_config_init(np_engine_config *config);

/* Creates an engine: compiles the schema once and prepares caches for
 * layouts, fonts and hyphenation patterns, loaded on first use and then
 * shared read-only between renders. Any number of threads may render
 * on one engine at once. `config` may be NULL (the defaults of
 * np_engine_config_init), and so may its data_dir (an empty one counts
 * as NULL), allocator and diag; it is read during the call only, but
 * for diag_ud and the allocator's ud, kept. Returns NULL when memory
 * runs out, when an allocator is given with one of its three hooks
 * NULL, when the config's size is not one this library accepts, or
 * when the built-in schema does not compile; the last two are reported
 * to config->diag. Release with np_engine_free. */
np_engine *np_engine_new(const np_engine_config *config);

/* Releases the engine and everything it cached. No render may be
 * running on it, and every buffer of np_render_to_buffer it made must
 * have been released already. NULL is allowed. */
void np_engine_free(np_engine *engine);

typedef enum np_output_format {
    NP_OUTPUT_PDF = 0,
    NP_OUTPUT_DUMP = 1          /* text dump of pages, lines and rules */
} np_output_format;

/* Limits on one description, for untrusted input. Going past one
 * refuses the document with a message at the place where it happened.
 * np_limits_init sets the defaults; a field left 0 means its default.
 * Defaults are in brackets.
 *
 * Stack: a render takes at most 1 MiB of the calling thread's stack at
 * the default depth, 2 MiB at the largest (blocks nested in blocks are
 * laid out by recursion; twice the figures measured). The schema
 * validation of a description deeper than 256 levels, which needs
 * more, runs on a thread the library starts and waits for, with a
 * stack sized for the document's depth.
 *
 * Threads: besides that one, a PDF render of three pages or more starts
 * one thread that deflates finished pages while the next are drawn; it
 * calls neither the allocator hook nor any callback, and it is joined
 * before the render returns. No thread outlives a call. */
typedef struct np_limits {
    size_t size;                /* set by np_limits_init: see Growth */
    size_t input_bytes;         /* the description's size [16 MiB] */
    unsigned depth;             /* element nesting [2 500]; at most 5 000 */
    size_t text_bytes;          /* one run of text between two tags [1 MiB] */
    unsigned elements;          /* elements in the description [200 000] */
    unsigned notes;             /* footnotes [10 000] */
    unsigned table_cells;       /* cells of one table [100 000] */
    unsigned list_depth;        /* lists nested in lists [1 000] */
    unsigned pages;             /* pages of the result [5 000]; at most 32 767 */
} np_limits;

/* Sets the size field and fills `limits` with the defaults; NULL: does
 * nothing. */
void np_limits_init(np_limits *limits);

/* The last second a PDF date can hold: 9999-12-31 23:59:59 UTC. */
#define NP_FIXED_TIME_MAX 253402300799LL

typedef struct np_render_options {
    size_t size;                /* set by np_render_options_init: see Growth */
    const char *layout;         /* name or path; NULL: the document's or default */
    np_linebreak_mode linebreak;
    np_output_format format;
    /* Seconds since 1970-01-01 UTC written as the PDF's creation and
     * modification dates; < 0: no dates. Above NP_FIXED_TIME_MAX the
     * render fails (-1) with a message rather than write a wrong year. */
    long long fixed_time;
    np_diag_fn diag;            /* NULL: the engine's callback, if any */
    void *diag_ud;
    np_stats *stats;            /* filled when not NULL (np_stats_init) */
    /* Dependencies: when not NULL, called with each file the render
     * read, as it is used: the description (np_render_file and
     * np_check_file only), the layout, the language file, each font,
     * the emblem, the hyphenation patterns and, for PDF/A, the ICC
     * profile. Copies built into the library have no
     * file and are not reported; a file may be reported twice. A tool
     * rebuilding outputs compares their dates with these files. */
    void (*dep)(void *ud, const char *path);
    void *dep_ud;
    /* Cancellation: when not NULL, polled from the rendering thread
     * throughout a render (every few thousand elements read, before
     * each paragraph and page, every few hundred line breaks tried,
     * while np_render_file waits for a FIFO's reader), so that a
     * render stops within half a second of a non-zero answer. It then
     * reports nothing, writes no output file and returns
     * NP_CANCELLED. */
    int (*cancel)(void *ud);
    void *cancel_ud;
    const np_limits *limits;    /* NULL: the defaults of np_limits_init;
                                 * else from np_limits_init, then changed */
    /* Non-zero: write PDF/A-1b (embedded fonts with their CIDSet, an
     * sRGB output intent, XMP metadata, an /ID derived from the
     * content). Needs an sRGB ICC profile at run time: Debian's
     * /usr/share/color/icc/ghostscript/srgb.icc (package libgs-common),
     * or the file named by the environment variable
     * NOTEPRESS_ICC_PROFILE. */
    int pdfa;
    /* A language code ("en", "fr", "es") that replaces the document's
     * lang attribute: labels, dates, list markers, hyphenation and the
     * PDF's /Lang follow it. NULL: the document's own. */
    const char *lang;
    /* Non-zero: an untagged PDF. By default the PDF is tagged (PDF/UA-1):
     * a structure tree gives readers and screen readers its headings,
     * paragraphs, lists, tables, notes, links and figures in reading
     * order, and the page furniture is marked as such; that costs some
     * size (docs/performance.md). */
    int untagged;
} np_render_options;

/* Sets the size field and the defaults: layout NULL, optimal line
 * breaking, PDF, no fixed time, no callbacks (the engine's diagnostics
 * callback), no stats, default limits, not PDF/A, the document's own
 * language, tagged. NULL: does nothing. */
void np_render_options_init(np_render_options *opts);

/* Renders the description in bytes[0..len) (named `name` in
 * diagnostics; NULL: "(memory)") and streams the result to `write`.
 * `opts` may be NULL (the defaults of np_render_options_init); `bytes`
 * may be NULL when `len` is 0, which is an empty description, refused.
 * Returns NP_OK on success, NP_REFUSED when the document was refused
 * (diagnostics say why), NP_FAILED on an internal failure (out of
 * memory, write error; also reported as a diagnostic) or a call the
 * contract above does not allow, NP_SIZE_MISMATCH when opts, its limits
 * or its stats have a size the library does not accept, or NP_CANCELLED
 * when opts->cancel stopped it. The file goes to `write` as it is made
 * (each page's content as the page ends, unless PDF/A, which is written
 * whole at the end), so on failure `write` may have been called
 * already: render to a temporary destination when that matters
 * (np_render_file does). `bytes` and `name` are read during the call
 * only. */
np_status np_render_memory(np_engine *engine, const char *name,
                           const char *bytes, size_t len,
                           const np_render_options *opts,
                           np_write_fn write, void *write_ud);

/* Renders the file `in_path` to `out_path` (neither NULL; `opts` may
 * be NULL). Same return values as np_render_memory. What is at
 * `out_path` decides how it is written:
 *   - nothing, or a regular file: the PDF goes to a hidden temporary
 *     file beside it, .NAME.tmp, renamed over it on success only (a
 *     refused or cancelled document leaves any existing file
 *     untouched); the file gets mode 0666 less the umask. A temporary
 *     file that a killed process left is removed by the next render of
 *     the same output;
 *   - a symbolic link to a file: that file is replaced, the link stays;
 *   - a FIFO, a character device, or one of the process's descriptors
 *     (/dev/stdout, /dev/fd/N): written in place, once the document is
 *     complete, never replaced; while a FIFO has no reader or a pipe is
 *     full, opts->cancel is polled;
 *   - a directory, a block device or a socket: refused.
 * An output that is the same file as one the render reads (the
 * description, under any name, the layout, a font...) is refused and
 * left as it was. */
np_status np_render_file(np_engine *engine, const char *in_path,
                         const char *out_path, const np_render_options *opts);

/* Parses and checks the file `in_path` (not NULL) without laying it
 * out: the description against the schema and the format's rules, its
 * language and its layout; `opts` may be NULL (only its layout, lang,
 * limits, callbacks and cancel matter). Returns NP_OK when the
 * document is valid, else as np_render_memory. */
np_status np_check_file(np_engine *engine, const char *in_path,
                        const np_render_options *opts);

/* np_check_file for a description held in bytes[0..len), named `name`
 * in diagnostics (NULL: "(memory)"); `bytes` may be NULL when `len` is
 * 0. Both are read during the call only. */
np_status np_check_memory(np_engine *engine, const char *name,
                          const char *bytes, size_t len,
                          const np_render_options *opts);

/* Renders the description in bytes[0..len) into one buffer; `name`,
 * `opts` and `bytes` as for np_render_memory, `out` and `out_len` not
 * NULL. On success (0), *out points to *out_len bytes allocated with the
 * engine's allocator: the caller owns them and releases them with
 * np_buffer_free on the same engine, before np_engine_free. Otherwise
 * *out is NULL and *out_len 0 (whichever of the two is not NULL). Same
 * return values as np_render_memory. */
np_status np_render_to_buffer(np_engine *engine, const char *name,
                              const char *bytes, size_t len,
                              const np_render_options *opts,
                              void **out, size_t *out_len);

/* Releases a buffer returned by np_render_to_buffer; a NULL buffer is
 * allowed. With a NULL engine nothing is released: the allocator that
 * made the buffer is not known. */
void np_buffer_free(np_engine *engine, void *buffer);

/* Renders the file `in_path` and streams the result to `write` (neither
 * NULL), as np_render_memory does (with the same caveat: a failed render
 * may have called `write` already). Same return values. */
np_status np_render_file_write(np_engine *engine, const char *in_path,
                               const np_render_options *opts,
                               np_write_fn write, void *write_ud);

/* Whether the file at `path` is a whole PDF that this version of the
 * library wrote: it starts with the PDF header, ends with %%EOF, and
 * its Info dictionary's /Creator is "notepress NP_VERSION". Cheap
 * whatever the size: it reads the header, the last kilobyte and one
 * object. Returns 1 when it is; 0 for anything else (no such file, not
 * a regular file, cut short, made by another program or another
 * version; a NULL path). A tool that skips outputs already up to date
 * checks this besides the dates (notepress batch does). */
int np_pdf_is_ours(const char *path);

/* Writes the RELAX NG schema of layout files (made from the loader's own
 * table of fields) to `write`. Returns 0, or what `write` returned; -1
 * when `write` is NULL. */
int np_write_layout_schema(np_write_fn write, void *write_ud);

/* Writes the RELAX NG schema of document descriptions, the one the
 * engine validates against (built into the library), to `write`.
 * Returns 0, or what `write` returned; -1 when `write` is NULL. */
int np_write_document_schema(np_write_fn write, void *write_ud);

/* The version of the library as built, NP_VERSION of its header: a
 * program compares the two to notice that it runs against another build
 * of the shared library. The string is static; never free it. */
const char *np_version(void);

/* The same as a number, NP_VERSION_NUMBER of the library's header: a
 * program built against MAJOR.MINOR runs on a library of the same
 * MAJOR whose number is at least its own. */
int np_version_number(void);

#ifdef __cplusplus
}
#endif

#endif
