/* eval.h: evaluation of targets against actual values — the achievement
 * percentage, the band (vượt / đạt / đạt từ 90% / không đạt / chưa đánh
 * giá), the change on last year, compound indicators and the tally sentence.
 * Pure functions over the structs of model.h; rules in docs/evaluation.md. */
#ifndef KTXH_EVAL_H
#define KTXH_EVAL_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "fig.h"
#include "model.h"

#define EVAL_NEAR_DEFAULT 90.0

/* The judgement of one target. */
struct verdict {
	enum band	 band;
	bool		 has_percent;
	double		 percent;	/* achievement %, unrounded */
	bool		 has_level;
	double		 level;		/* the level to reach (growth, reduction) */
	const char	*reason;	/* Vietnamese, why unassessed; else NULL */
};

/*
 * Judge target t of an indicator of the given kind. actual/prev are the
 * period's and the previous year's actual values (has_* false when missing);
 * near is the lower edge of the "đạt từ 90%" band, in percent.
 */
void	eval_target(const struct target *t, enum ind_kind kind,
	    bool has_actual, double actual, bool has_prev, double prev,
	    double near, struct verdict *out);

/* The percentage as shown with the given decimals: rounded, then kept
 * inside its band (a value a hair under its target shows 99,99%, not
 * 100,00%; a hair over shows 100,01%). */
double	eval_shown_percent(const struct verdict *, double near, int decimals);

/* The band of a compound from its parts' bands (docs/evaluation.md). */
enum band eval_compound_band(const enum band *parts, size_t n);

/*
 * The actual value of indicator ind for period p, from values (any units,
 * periods and indicators; only matching ones are used): the value of p
 * itself, else one combined from the quarters or months inside p by the
 * indicator's time aggregation. Returns true when found, with *out the value
 * (for a rate without a stated value, numerator/denominator × 100), *src the
 * value row used (NULL when combined) and *parts the number combined.
 */
bool	eval_actual(const struct value *values, size_t n,
	    const struct indicator *ind, const char *unit,
	    const struct period *p, double *out, const struct value **src,
	    int *parts);

/* One evaluated indicator. */
struct eval_row {
	const struct indicator *ind;
	const struct target *target;	/* NULL for a compound */
	bool		 has_actual;
	double		 actual;
	const struct value *value;	/* the value row used, or NULL */
	int		 parts;		/* >1 when combined from sub-periods */
	bool		 has_prev;
	double		 prev;		/* previous year's actual, same period kind */
	bool		 has_change;
	double		 change;	/* % for quantities, points for rates */
	bool		 change_points;
	struct fig	 fig;		/* where actual came from (with figs) */
	struct fig	 pfig;		/* where prev came from (with figs) */
	struct verdict	 v;
	struct eval_row	*children;
	size_t		 nchildren;
};

struct eval_summary {
	int	total;			/* top-level indicators with a target */
	int	count[BAND__MAX];
	int	no_level;		/* of count[BAND_UNASSESSED]: a figure but
					 * no level to judge it by */
};

struct eval_input {
	const char		*unit;		/* unit code */
	struct period		 period;
	double			 near;		/* percent, usually 90 */
	const struct sector	*sectors;	/* for ordering */
	size_t			 nsectors;
	const struct indicator	*inds;		/* the catalogue (or a superset) */
	size_t			 ninds;
	const struct target	*targets;	/* targets of the unit and year */
	size_t			 ntargets;
	const struct value	*values;	/* values of the unit, this and last year */
	size_t			 nvalues;
	/* When set, figures come from fig_get (own, predecessors, children)
	 * with the arrangement of units at asof, instead of values alone. */
	const struct fig_ctx	*figs;
	struct date		 asof;
};

struct eval_result {
	struct eval_row		*rows;		/* top level, in report order */
	size_t			 nrows;
	struct eval_summary	 sum;
};

/* Numbers of a resolution in order: "9" < "10" < "10.1" < "10.2". */
int	eval_cmp_seq(const char *, const char *);

/* Evaluate every target of the input. The result points into the input,
 * which must outlive it; free with eval_result_free. */
void	eval_run(const struct eval_input *, struct eval_result *);
void	eval_result_free(struct eval_result *);

/* Rankings, 1-based; units tied share a rank and the next rank skips
 * ("01, 02, 02, 04"); a unit with nothing to rank gets 0.
 * eval_rank_overall: by the share of targets met or exceeded, then by
 * fewer missed (the level above's "hạng 05/14"); sums with total 0 are
 * not ranked. eval_rank_values: by one indicator's figure, higher first
 * unless lower_better (poor households); has[i] false is not ranked. */
void	eval_rank_overall(const struct eval_summary *sums, size_t n, int *rank);
void	eval_rank_values(const bool *has, const double *v, size_t n,
	    bool lower_better, int *rank);
/* Compare two summaries for the overall ranking: < 0 when a ranks above. */
int	eval_cmp_overall(const struct eval_summary *a,
	    const struct eval_summary *b);

/* Append the tally sentence in the document's style: "Kết quả thực hiện 22
 * chỉ tiêu kinh tế - xã hội năm 2023: có 06 chỉ tiêu vượt, …". */
void	eval_tally_sentence(struct buf *, const struct eval_summary *,
	    const struct period *, double near);

#endif
