/* verify.h: the arithmetic of the report checker — whether a stated figure
 * agrees with the one recomputed from the other figures of its claim, within
 * the tolerance that its written decimals imply (0,5 of its last place, plus
 * a hair for binary rounding), optionally also accepting writers who cut the
 * digits instead of rounding. Pure functions over doubles: no text, no I/O,
 * so that every boundary can be unit-tested on both sides. */
#ifndef KTXH_CHECK_VERIFY_H
#define KTXH_CHECK_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

/* The verdict on one claim. */
enum chk_verdict {
	CHK_OK,			/* recomputed and agrees */
	CHK_ERROR,		/* recomputed and disagrees, or impossible */
	CHK_WARNING,		/* suspicious form or possible inconsistency */
	CHK_UNVERIFIABLE,	/* found, but the figures to recompute it are not all given */
};

/* Half a unit of the last written place: 0,5 · 10^-decimals (decimals
 * clamped to 0..12). */
double	chk_half_unit(int decimals);

/* The hair added to every tolerance: binary rounding of the recomputation,
 * never a written digit (1e-9, relative above 1). */
double	chk_hair(double stated);

/* Whether stated, written with decimals digits after the comma, is a correct
 * writing of computed: |computed − stated| ≤ 0,5·10^-d + hair; with truncate
 * also when the digits were cut: same sign and 0 ≤ |computed| − |stated| <
 * 10^-d + hair. */
bool	chk_agrees(double computed, double stated, int decimals, bool truncate);

/* a/b as a percentage, stated with decimals: CHK_OK or CHK_ERROR, and *pct =
 * 100·a/b; CHK_UNVERIFIABLE when b is 0 or a value is not finite. */
enum chk_verdict chk_verify_ratio(double a, double b, double stated,
	    int decimals, bool truncate, double *pct);

/* The rounding slack of one written figure: 0 for an unscaled integer
 * (counts are exact), else half its last place times its scale. */
double	chk_slack(int decimals, double scale);

/* Parts against their total. sum and total as written, tol the summed slack
 * of every figure. Equal within tol: CHK_OK. Parts above the total: CHK_ERROR.
 * Parts short of the total: CHK_ERROR when the list is exhaustive, else
 * CHK_UNVERIFIABLE (a note: the list may be partial). */
enum chk_verdict chk_verify_sum(double sum, double total, double tol,
	    bool exhaustive);

/* The base implied by "count is pct%" with pct written with decimals: the
 * closed interval [*lo, *hi] of bases that round to it (*hi may be
 * infinity when pct rounds from 0). Returns false when pct is not in
 * (0, 100] or count is negative. */
bool	chk_share_base(double count, double pct, int decimals, double *lo,
	    double *hi);

/* A stated change between old and new. points: stated in percentage points
 * (new − old); else relative, in percent of old. increase: "tăng" (else
 * "giảm"). *computed gets the signed change (points or percent). CHK_OK when
 * the direction and the magnitude agree, CHK_ERROR otherwise,
 * CHK_UNVERIFIABLE when a relative change has old = 0. */
enum chk_verdict chk_verify_change(double old, double new, double stated,
	    int decimals, bool increase, bool points, bool truncate,
	    double *computed);

/* area × yield = output, each with its slack (see chk_slack); yield and
 * output in the same mass unit per area unit. *computed = area × yield.
 * CHK_OK when output is within the propagated slack. */
enum chk_verdict chk_verify_product(double area, double area_slack,
	    double yield, double yield_slack, double output,
	    double output_slack, double *computed);

#endif
