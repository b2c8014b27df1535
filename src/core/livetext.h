/* livetext.h: texts with live figures. A report text refers to indicator
 * figures by placeholders — {KT06.actual}, {KT06.percent}, {pct:QP05/QP06}
 * — that are resolved at rendering time, so a figure is written once as a
 * reference and always computed. "{{" writes a literal "{". Pure: the
 * caller supplies the resolver. */
#ifndef KTXH_LIVETEXT_H
#define KTXH_LIVETEXT_H

#include <stddef.h>

#include "buf.h"

enum lt_field {
	LT_ACTUAL,	/* the period's actual value */
	LT_TARGET,	/* the year's target level */
	LT_PERCENT,	/* achievement, "262,22%" */
	LT_BAND,	/* the verdict in words, "vượt" */
	LT_PREVIOUS,	/* last year's value, same period */
	LT_CHANGE,	/* "tăng 12,5%", "giảm 0,06 điểm %" */
	LT_LEVEL,	/* the level of a growth or reduction target */
	LT_UOM,		/* the unit of measure */
	LT_PCT,		/* {pct:A/B}: actual of A / actual of B × 100 */
	LT__MAX
};

extern const char *const lt_field_names[LT__MAX + 1];

struct lt_ref {
	enum lt_field	 field;
	char		 code[65];	/* indicator code */
	char		 code2[65];	/* LT_PCT: the denominator's code */
	size_t		 line, col;	/* 1-based, col in characters */
};

/* Append the text of ref to out and return 0, or return -1 with *why (a
 * Vietnamese reason, static or owned by the resolver's arg). */
typedef int (*lt_resolver)(const struct lt_ref *, struct buf *out,
	    const char **why, void *arg);

/*
 * Expand the placeholders of text[0..len). Every unresolved or malformed
 * placeholder adds a line "dòng L, cột C: “{…}”: reason" to *err; returns
 * the number of them (0: out holds the whole text). With resolve NULL only
 * the syntax is checked.
 */
int	lt_expand(const char *text, size_t len, lt_resolver resolve, void *arg,
	    struct buf *out, struct buf *err);

#endif
