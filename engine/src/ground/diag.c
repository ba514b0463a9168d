/*
 * diag.c - formats diagnostics from the message table and hands them to
 * the caller's callback. Nothing here prints unless the caller installs
 * np_diag_print.
 */
#include <stdio.h>
#include <string.h>

#include "ground/diag.h"
#include "ground/utf8.h"

typedef struct message {
    np_severity severity;
    const char *format;
} message;

static const message messages[NP_MSG_COUNT] = {
#define NP_MSG_ROW(id, sev, fmt) [NP_MSG_##id] = { sev, fmt },
    NP_MESSAGES(NP_MSG_ROW)
#undef NP_MSG_ROW
};

static const char *severity_names[] = { "note", "warning", "error" };

void np_diags_init(np_diags *d, np_diag_fn fn, void *ud)
{
    d->fn = fn;
    d->ud = ud;
    d->count[0] = d->count[1] = d->count[2] = 0;
}

np_severity np_msg_severity(np_msg msg)
{
    return messages[msg].severity;
}

/* Formats keep quoted text short with "%.40s", and the buffer has an end:
 * either may cut a UTF-8 character in two. Drops such a cut character
 * (and any other byte that is not UTF-8), so that every message is valid
 * UTF-8 (its sources already are). */
static void drop_cut_characters(char *s)
{
    char *out = s;
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = np_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            i += np_utf8_next(s + i, len - i, &cp);     /* a stray or cut sequence */
            continue;
        }
        memmove(out, s + i, n);
        out += n;
        i += n;
    }
    *out = '\0';
}

void np_vreport(np_diags *d, const char *file, np_pos pos, np_msg msg,
                va_list ap)
{
    const message *m = &messages[msg];
    d->count[m->severity]++;
    if (!d->fn)
        return;
    char text[1024];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    vsnprintf(text, sizeof text, m->format, ap);
#pragma GCC diagnostic pop
    drop_cut_characters(text);
    np_diagnostic out = {
        .severity = m->severity,
        .file = file,
        .line = pos.line,
        .column = pos.col,
        .message = text,
    };
    d->fn(d->ud, &out);
}

void np_report(np_diags *d, const char *file, np_pos pos, np_msg msg, ...)
{
    va_list ap;
    va_start(ap, msg);
    np_vreport(d, file, pos, msg, ap);
    va_end(ap);
}

int np_format_diagnostic(const np_diagnostic *d, char *buf, size_t size)
{
    if (buf && size)
        buf[0] = '\0';
    if (!d || !d->message || (!buf && size) || (unsigned)d->severity > NP_ERROR)
        return -1;
    const char *sev = severity_names[d->severity];
    if (!d->file)
        return snprintf(buf, size, "notepress: %s: %s", sev, d->message);
    if (d->line == 0)
        return snprintf(buf, size, "%s: %s: %s", d->file, sev, d->message);
    return snprintf(buf, size, "%s:%u:%u: %s: %s", d->file, d->line,
                    d->column ? d->column : 1, sev, d->message);
}

void np_diag_print(void *ud, const np_diagnostic *d)
{
    char line[1536];
    np_format_diagnostic(d, line, sizeof line);
    fprintf(ud, "%s\n", line);
}
