/*
 * limit.h - the limits on one description (np_limits of notepress.h),
 * resolved once per render so that every stage reads the same figures.
 */
#ifndef NP_LIMIT_H
#define NP_LIMIT_H

#include "notepress.h"

/* libxml2 refuses nesting past 256 levels unless told XML_PARSE_HUGE,
 * which we never use (it lifts every other limit of the parser too).
 * Our own depth check must trip first, to give our message. */
#define NP_MAX_DEPTH 255u

/* `given` with each 0 field replaced by its default and depth capped at
 * NP_MAX_DEPTH; `given` may be NULL (every default). */
np_limits np_limits_resolve(const np_limits *given);

#endif
