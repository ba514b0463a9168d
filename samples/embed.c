/*
 * embed.c - the smallest program that embeds notepress: one note, held
 * in memory, rendered into a memory buffer and written to a file.
 *
 *   cc embed.c $(pkg-config --cflags --libs notepress) -o embed
 *   ./embed note.pdf
 */
#include <stdio.h>

#include <notepress.h>

static const char note[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<document lang=\"en\">\n"
    "  <meta><symbol>E/2024/1</symbol>"
    "<organ>Economic and Social Council</organ></meta>\n"
    "  <title>A note rendered from memory</title>\n"
    "  <body><p>The engine is made once and may render many notes.</p></body>\n"
    "</document>\n";

/* Diagnostics arrive as records; this one prints them as the command does. */
static void on_diag(void *ud, const np_diagnostic *d)
{
    static const char *const level[] = { "note", "warning", "error" };
    fprintf(ud, "%s:%u:%u: %s: %s\n", d->file ? d->file : "embed", d->line,
            d->column, level[d->severity], d->message);
}

int main(int argc, char **argv)
{
    np_engine *engine = np_engine_new(NULL);
    if (!engine)
        return 1;
    np_render_options opts;
    np_render_options_init(&opts);
    opts.diag = on_diag;
    opts.diag_ud = stderr;
    void *pdf;
    size_t len;
    np_status rc = np_render_to_buffer(engine, "note.xml", note, sizeof note - 1,
                                       &opts, &pdf, &len);
    FILE *f = rc == 0 ? fopen(argc > 1 ? argv[1] : "note.pdf", "wb") : NULL;
    int ok = f && fwrite(pdf, 1, len, f) == len;
    if (f && fclose(f) != 0)
        ok = 0;
    np_buffer_free(engine, pdf);
    np_engine_free(engine);
    return ok ? 0 : 1;
}
