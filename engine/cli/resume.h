/*
 * resume.h - whether a batch's output is up to date, from the record of
 * what its last render read (resume.c).
 */
#ifndef NP_CLI_RESUME_H
#define NP_CLI_RESUME_H

#include <stdbool.h>
#include "jobs.h"

/* True when the output is a whole PDF of this version, made with the
 * options `made_with` (one line: what the batch's options give), and
 * neither its description nor any file its last render read has
 * changed since. */
bool up_to_date(const job *j, const char *made_with);

/* Records the files j's render read beside its output, and the options
 * it was made with; 0 or -1. */
int write_deps(const job *j, const char *made_with);

/* Forgets the record, before the output is rendered again. */
void remove_deps(const job *j);

#endif
