/*
 * notes.c - the text of every footnote, set apart from the body.
 *
 * Each note is set once, in the notes' own flow, whatever page its call
 * falls on: the paginator (paginate.c) takes its lines from there onto
 * the page of the call, splitting a long one across pages. The number
 * hangs in the margin, flush right against the text; a star note's
 * mark is set at its own size. In a tagged PDF the note is a Note with
 * its number as Lbl (tags.c), made with its first call, or under the
 * Document when no text calls it (the masthead's).
 *
 * Not done here: the calls (inline.c), placing notes on pages
 * (paginate.c), drawing them (pages.c).
 */
#include <string.h>

#include "typesetting/typeset.h"

static int set_note(np_ts *ts, np_footnote *note)
{
    const np_layout *l = ts->layout;
    np_para_spec spec = {
        .style = l->footnote, .first_x = l->body_left, .first_width = l->body_width,
        .rest_x = l->body_left, .rest_width = l->body_width,
        .justify = strcmp(l->footnote_align, "left") != 0, .hyphenate = true,
        .label = note->mark,
        .label_style = l->footnote, .label_x = l->body_left - l->note_number_gap,
        .label_right = true,
    };
    spec.label_style.size = note->star ? l->note_star_size : l->note_number_size;
    spec.label_rise = note->star ? l->note_star_raise : l->note_number_raise;
    /* a note no text calls (the masthead's) hangs from the Document */
    int outer = ts->tag;
    ts->tag = np_tag_note(ts, 0, note);
    spec.label_tag = np_tag_new(ts, ts->tag, "Lbl");
    const np_node *content = note->synthetic ? note->synthetic : note->content;
    size_t first = ts->notes_flow.n;
    ts->notes_flow.pending_space = 0;
    int rc = np_para_set(ts, content->first, &spec, &ts->notes_flow, NULL);
    ts->tag = outer;
    if (rc < 0)
        return -1;
    ts->note_first[note->index] = first;
    ts->note_lines[note->index] = (int)(ts->notes_flow.n - first);
    return 0;
}

int np_notes_set(np_ts *ts)
{
    int n = ts->doc->note_count;
    ts->note_first = np_arena_alloc(ts->arena, (size_t)(n + 1) * sizeof *ts->note_first);
    ts->note_lines = np_arena_alloc(ts->arena, (size_t)(n + 1) * sizeof *ts->note_lines);
    if (!ts->note_first || !ts->note_lines)
        return -1;
    for (int i = 0; i < n; i++)
        if (set_note(ts, ts->doc->notes[i]) < 0)
            return -1;
    return 0;
}
