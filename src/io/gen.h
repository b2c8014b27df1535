/* gen.h: a synthetic country in the import format of docs/formats.md — the
 * units of 2024 and their reform of 1 July 2025 (unit_changes.csv), a
 * catalogue of indicators of every kind and shape, province and commune
 * targets, monthly and quarterly values with gaps and estimates, report
 * texts with live figures — deterministic from a seed. */
#ifndef KTXH_GEN_H
#define KTXH_GEN_H

#include <stddef.h>

#include "core/buf.h"

struct gen_opts {
	unsigned long long seed;
	int	 provinces;	/* after the reform (34) */
	int	 communes;	/* after the reform (3,321) */
	int	 indicators;	/* 40 */
	int	 years;		/* ending with GEN_LAST_YEAR (3: 2024–2026) */
};

#define GEN_LAST_YEAR	2026
#define GEN_MAX_PROVINCES 50	/* old provinces (×63/34) keep 2-digit codes */
#define GEN_MAX_COMMUNES 4500	/* old districts (×700/3321) keep 3-digit codes */
#define GEN_MAX_INDICATORS 200
#define GEN_MAX_YEARS	10

/* What was written, for the summary line. */
struct gen_counts {
	size_t	 units, indicators, targets, values, texts, changes;
};

/* Write the dataset into dir (created if missing; files in it replaced).
 * progress, when not NULL, is called now and then with the values written
 * so far. Returns 0, or -1 with *err. */
int	gen_write(const struct gen_opts *, const char *dir,
	    struct gen_counts *, void (*progress)(size_t, void *), void *arg,
	    struct buf *err);

#endif
