/* report.h: assembly of the official report (annual or period) of one unit
 * into the report model of rpt.h, from the store: the evaluation, the
 * texts with their live figures, next year's targets and the settings of
 * the Decree 30 frame. */
#ifndef KTXH_REPORT_H
#define KTXH_REPORT_H

#include "core/buf.h"
#include "report/rpt.h"
#include "store/store.h"

enum report_kind {
	RK_ANNUAL,
	RK_HALF,
	RK_NINE,
	RK_QUARTER,
	RK_MONTH,
	RK__MAX
};

/* "annual", "half", "nine-months", "quarter", "month". */
extern const char *const report_kind_names[RK__MAX + 1];

struct report_opts {
	const char	*unit;		/* code or name, as typed */
	int		 year;
	enum report_kind kind;
	const char	*period;	/* "2023-H2", "2023-Q3" …; NULL: the kind's default */
	const char	*date;		/* YYYY-MM-DD, overrides the setting */
	const char	*number;	/* "125/BC-UBND", overrides the setting */
	const char	*today;		/* YYYY-MM-DD, the date when none is set */
};

#define REPORT_USAGE (-2)

/* Build the report. On failure returns REPORT_USAGE for options that do not
 * fit (a period that does not match the kind, a bad date), or -1 for the
 * data (unknown unit, placeholders that do not resolve — all listed), with
 * *err; nothing is half-built. */
int	report_build(struct store *, const struct report_opts *, struct rpt_doc *,
	    struct buf *err);

#endif
