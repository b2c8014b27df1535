/* num.h: numbers as Vietnamese documents write them ("1.303,5", "0,42%",
 * "177.000.000 đồng", "1,5 tỷ", "01") and as machines write them ("1303.5").
 * Pure functions over buffers: no I/O, no locale, no globals. */
#ifndef KTXH_NUM_H
#define KTXH_NUM_H

#include <stddef.h>

#include "buf.h"

/* Flags of a scanned number. */
enum num_flag {
	NUM_PERCENT	= 1u << 0,	/* followed by "%" (possibly after one space) */
	NUM_AMBIGUOUS	= 1u << 1,	/* cannot be read without guessing: see why, alt */
	NUM_LEADING_ZERO = 1u << 2,	/* "01", "06": a padded integer */
	NUM_GROUPED	= 1u << 3,	/* used "." thousands groups ("1.302") */
	NUM_SPACED	= 1u << 4,	/* blank after the decimal comma ("167, 2") */
	NUM_SCALED	= 1u << 5,	/* multiplied by nghìn/ngàn/triệu/tỷ/tỉ */
	NUM_DECIMAL	= 1u << 6,	/* has a fractional part as written */
	NUM_ENGLISH	= 1u << 7,	/* written in English style ("0.06", "1,303.5") */
};

/* One number read from text. */
struct num {
	double	 value;		/* the most likely reading, scale applied */
	double	 alt;		/* with NUM_AMBIGUOUS: the other reading, or value */
	double	 scale;		/* 1, 1e3, 1e6 or 1e9 */
	int	 decimals;	/* digits after the decimal mark, as written */
	unsigned flags;		/* enum num_flag */
	size_t	 len;		/* bytes consumed, including "%" and scale word */
	size_t	 numlen;	/* bytes of the digits part alone */
	const char *why;	/* Vietnamese reason when NUM_AMBIGUOUS, else NULL */
};

/*
 * Scan one number at the start of s (which must begin with a digit, or "-"
 * or "+" then a digit). Reads the longest well-formed Vietnamese number:
 *   digits with "." thousands groups of exactly three digits after a first
 *   group of one to three; an optional "," and decimal digits; then an
 *   optional "%" (directly or after one blank) and an optional scale word
 *   after one blank (nghìn, ngàn, triệu, tỷ, tỉ), matched as a whole word.
 * Rules of ambiguity (NUM_AMBIGUOUS set, why says which):
 *   "0.06", "12.5", "1.30": a "." that cannot be a thousands group (first
 *     group is 0, or the group after the dot has not exactly three digits):
 *     English decimal point; value = English reading, NUM_ENGLISH.
 *   "2,803", "3,098": a "," followed by exactly three digits, integer part of
 *     one to three digits not starting with 0 and no "." groups: Vietnamese
 *     reading (2,803) in value, English thousands reading (2803) in alt.
 *   "1,303.5": comma groups then a dot: English style; value 1303.5.
 * A "." or "," not followed by a digit ends the number (sentence punctuation:
 * "đạt 100%." or "20 hồ sơ, 28 hồ sơ").
 * Returns the bytes consumed (also in out->len), or 0 when s does not start
 * with a number. Never reads past len.
 */
size_t	num_scan(const char *s, size_t len, struct num *out);

/*
 * Parse a whole field as one Vietnamese number ("1.303,5", " 0,42% ",
 * "177.000.000 đồng", "167, 2"). Leading/trailing blanks are skipped; after the
 * number, any remaining text (a unit of measure such as "đồng", "ha") is
 * reported through unit_off/unit_len (unit_len 0 when none). "167, 2" (blank
 * after the decimal comma) is read as 167,2 with NUM_SPACED and NUM_AMBIGUOUS.
 * Returns 0 on success, -1 when the field holds no number at its start or the
 * digits are malformed ("1.30.5", "1..2"); then *why says why, in Vietnamese.
 */
int	num_parse_field(const char *s, size_t len, struct num *out,
	    size_t *unit_off, size_t *unit_len, const char **why);

/*
 * Parse machine format, as in CSV files: optional "-", digits, optional "."
 * and digits. Nothing else: no grouping, no comma, no exponent, no blanks.
 * Returns 0 and sets *out, or -1.
 */
int	num_parse_machine(const char *s, size_t len, double *out);

/*
 * Parse a figure typed by a person: Vietnamese ("1.303,5", "177.000.000")
 * or machine format ("1303.5"), whichever reads it, but refuse when the two
 * readings disagree ("1.302") or the Vietnamese one is ambiguous ("2,803"),
 * rather than guess. No unit, no "%". Returns 0 with *out, or -1 with *why
 * (Vietnamese).
 */
int	num_parse_typed(const char *s, size_t len, double *out, const char **why);

/* Formatting flags. */
enum num_fmt {
	NUM_FMT_TRIM	= 1u << 0,	/* drop trailing zero decimals ("130,5", "100") */
	NUM_FMT_PAD2	= 1u << 1,	/* pad the integer part to two digits ("06") */
	NUM_FMT_NOGROUP	= 1u << 2,	/* no thousands dots ("2023") */
};

/* Append v in Vietnamese format with the given decimals (0..9), rounded half
 * away from zero: 1303.5 -> "1.303,5" (1 decimal), 0.42 -> "0,42",
 * 177000000 -> "177.000.000". "-0" is never written. */
void	num_format(struct buf *, double v, int decimals, unsigned flags);

/* Append v in machine format: the shortest plain decimal that reads back to
 * the same double ("1303.5", "177000000", "0.42", "-3"); no exponent. */
void	num_format_machine(struct buf *, double v);

/* v rounded half away from zero to the given decimals (0..9). */
double	num_round(double v, int decimals);

#endif
