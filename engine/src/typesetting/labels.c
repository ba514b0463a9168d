/*
 * labels.c - the labels that hang before paragraphs and items: numbers
 * counted ("4.", "(d)", Arabic's abjad letters), numbers given by the
 * author ("12 bis."), bullets and dashes, in the language's forms; and
 * the first line of a paragraph hung after its label.
 *
 * Which number a block gets (the counters) is blocks.c's; the
 * punctuation of each form comes from the language file.
 */
#include <stdio.h>
#include <string.h>

#include "document/numbering.h"
#include "typesetting/typeset.h"

void np_hang_first_line(np_para_spec *s, double label_x, double text_x)
{
    s->label_x = label_x;
    s->first_width -= text_x - s->first_x;
    s->first_x = text_x;
}

static const char *label_of(np_ts *ts, const char *templ, np_numstyle style, int n)
{
    char num[32];
    if (np_format_number(style, n, num, sizeof num) < 0)
        snprintf(num, sizeof num, "%d", n);
    return np_expand(ts->arena, templ, "n", num, (char *)NULL);
}

/* The n-th letter of a language that letters its items in an order of
 * its own (Arabic: أ ب ج د), doubled past the last as the Latin ones
 * are (27 -> "aa"); NULL for a language lettering a to z. */
static const char *own_letter(np_ts *ts, int n)
{
    const char *const *letters = ts->lang->letters;
    int count = 0;
    while (letters[count])
        count++;
    if (count == 0 || n < 1 || n > 16 * count)
        return NULL;
    const char *letter = letters[(n - 1) % count];
    size_t len = strlen(letter), times = (size_t)(n - 1) / (size_t)count + 1;
    char *s = np_arena_alloc(ts->arena, len * times + 1);
    for (size_t i = 0; s && i < times; i++)
        memcpy(s + i * len, letter, len);
    if (s)
        s[len * times] = '\0';
    return s;
}

const char *np_letter_label(np_ts *ts, const char *templ, int n)
{
    const char *letter = own_letter(ts, n);
    return letter ? np_expand(ts->arena, templ, "n", letter, (char *)NULL)
                  : label_of(ts, templ, NP_NUM_ALPHA_LOWER, n);
}

/* "4." or, in Arabic, "4 -": the number of a numbered paragraph. */
const char *np_paragraph_label(np_ts *ts, int n)
{
    return label_of(ts, ts->lang->paragraph_number, NP_NUM_DECIMAL, n);
}

/* The label of a paragraph numbered by its author ("12 bis."): the
 * counter is left as it was, as if the paragraph were not there. */
const char *np_given_label(np_ts *ts, const char *templ, const char *number)
{
    return np_expand(ts->arena, templ, "n", number, (char *)NULL);
}

/* Hangs the label at label_x and the text at text_x, or further right
 * when a label written by hand ("12 bis.") is wider than the room. */
void np_hang_label(np_ts *ts, np_para_spec *s, double label_x, double text_x)
{
    const char *label = s->label ? s->label : "";
    double need = np_text_width(ts, s->label_style, label, strlen(label))
                  + np_text_width(ts, s->label_style, " ", 1);
    np_hang_first_line(s, label_x, label_x + need > text_x ? label_x + need : text_x);
}

const char *np_item_label(np_ts *ts, const np_node *item, int index)
{
    const np_lang *lang = ts->lang;
    const np_node *list = item->parent;
    switch (list->style) {
    case NP_LIST_ALPHA:
    case NP_LIST_ROMAN:
    case NP_LIST_DECIMAL:
        if (item->number)
            return np_given_label(ts, list->style == NP_LIST_ALPHA ? lang->list_alpha
                               : list->style == NP_LIST_ROMAN ? lang->list_roman
                               : lang->list_decimal, item->number);
        break;
    default:
        break;
    }
    switch (list->style) {
    case NP_LIST_ALPHA:
        return np_letter_label(ts, lang->list_alpha, index);
    case NP_LIST_ROMAN:
        return label_of(ts, lang->list_roman, NP_NUM_ROMAN_LOWER, index);
    case NP_LIST_DECIMAL:
        return label_of(ts, lang->list_decimal, NP_NUM_DECIMAL, index);
    case NP_LIST_BULLET:
        return lang->list_bullet;
    case NP_LIST_DASH:
        return lang->list_dash;
    case NP_LIST_NONE:
        return NULL;
    }
    return NULL;
}

