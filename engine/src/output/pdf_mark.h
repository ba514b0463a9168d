/*
 * pdf_mark.h - the mark every PDF of the engine carries: its /Creator,
 * "notepress" and the version, and how a file is recognised by it
 * (np_pdf_is_ours of notepress.h).
 */
#ifndef NP_PDF_MARK_H
#define NP_PDF_MARK_H

#include "notepress.h"

/* The Info dictionary's /Creator, set before any other entry of ours so
 * that it sits at the start of the dictionary, where np_pdf_is_ours
 * looks for it. */
#define NP_PDF_CREATOR "notepress " NP_VERSION

#endif
