/* fig.h: the one answer to "what is unit U's figure for indicator I in
 * period P?" — its own value when entered; else, for a period before U's
 * arrangement began, derived from the units it replaced (unit_changes.csv,
 * shares applied); else, for a unit with children, rolled up from them.
 * Every answer says where it came from (own / predecessors / children, with
 * the codes) and how complete it is (coverage). Pure: the store hands it
 * the units, the changes, the values and the targets; rules in
 * docs/evaluation.md ("Số liệu của đơn vị"). */
#ifndef KTXH_FIG_H
#define KTXH_FIG_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "model.h"

enum fig_source {
	FIG_NONE,		/* no figure */
	FIG_OWN,		/* the unit's own value (or its sub-periods) */
	FIG_PREDECESSORS,	/* derived from the units it replaced */
	FIG_CHILDREN,		/* rolled up from the units below it */
	FIG__MAX
};
extern const char *const fig_source_names[FIG__MAX + 1];
/* A figure's why when the unit simply has no value (no other reason). */
extern const char fig_why_none[];

/* What the figures are computed from; borrowed, must outlive the index.
 * targets (any units, the year asked) decide which children are expected
 * to report an indicator. */
struct fig_data {
	const struct unit	 *units;
	size_t			  nunits;
	const struct unit_change *changes;
	size_t			  nchanges;
	const struct value	 *values;
	size_t			  nvalues;
	const struct target	 *targets;
	size_t			  ntargets;
	const struct fig_pre	 *pre;		/* answers known beforehand */
	size_t			  npre;
};

struct fig_ctx;
struct fig_pre;

/* An index over data for fast answers; free with fig_ctx_free. */
struct fig_ctx *fig_index(const struct fig_data *);
void	fig_ctx_free(struct fig_ctx *);		/* accepts NULL */

/* One answer. Strings point into the fig_data; the arrays are owned by the
 * answer and freed by fig_release. */
struct fig {
	double		 value;		/* the figure (a rate in %) */
	double		 num, den;	/* when has_ratio */
	const struct value *row;	/* own value of exactly the period, or NULL */
	const char	**from;		/* predecessors or children used */
	const char	**missing;	/* coverage: the units expected that */
	size_t		 nfrom;		/* have no figure */
	size_t		 nmissing;
	const char	*why;		/* Vietnamese, when !has (or partial) */
	enum fig_source	 source;
	int		 parts;		/* own: sub-periods combined (1: exact) */
	int		 reported;	/* coverage: of the units expected, */
	int		 expected;	/* how many have a figure */
	bool		 has;		/* a figure exists */
	bool		 has_ratio;	/* numerator and denominator known */
	bool		 estimate;	/* some part of it is an estimate */
	bool		 with_own;	/* predecessors: a period cut by the
					 * change, the unit's own after it */
	bool		 borrowed;	/* from and missing are an answer's
					 * computed before (fig_pre), lent:
					 * fig_release leaves them */
};

/*
 * Unit's figure for ind in period p, with the arrangement of units as at
 * date asof (NULL: as the units are now): the children valid at asof, and
 * the unit as it was made by the latest change into it after p and not
 * after asof. Release out with fig_release.
 */
void	fig_get(const struct fig_ctx *, const char *unit,
	    const struct indicator *ind, const struct period *p,
	    const struct date *asof, struct fig *out);
void	fig_release(struct fig *);		/* accepts NULL */

/*
 * An answer computed before (the roll-up cache, store_rollup_*): fig_get
 * of unit, indicator and period as at asof gives it as it is, without
 * looking at values or units. A unit's answers are packed into one blob
 * for the store; unpacked answers point into the blob (which must outlive
 * them), their from/missing arrays into one list that the blob's first
 * answer holds (pool), and fig_get lends those arrays to what it answers
 * (fig.borrowed): the answers must outlive its figures.
 */
struct fig_pre {
	const char	*unit;
	const char	*indicator;
	struct period	 period;
	struct date	 asof;
	struct fig	 fig;		/* row is always NULL */
	void		*pool;		/* owned: an unpacked blob's arrays */
};
void	fig_pack(struct buf *, const struct fig_pre *, size_t n);
/* Appends the answers of blob (unit's) to *a; -1 when it is malformed
 * (nothing appended). */
int	fig_unpack(const char *blob, size_t len, const char *unit,
	    struct fig_pre **a, size_t *n);
void	fig_pre_free(struct fig_pre *, size_t);	/* the arrays, and a */

/* The codes of the children of unit valid at asof (NULL: now), in code
 * order; the array is the caller's to free, the strings the data's. */
const char **fig_children(const struct fig_ctx *, const char *unit,
	    const struct date *asof, size_t *n);

/* The units unit was made of on its changes (predecessors, with date and
 * share) and the units made of it (successors), for its lineage. The
 * arrays hold pointers into the data; the caller frees the arrays. */
void	fig_lineage(const struct fig_ctx *, const char *unit,
	    const struct unit_change ***pred, size_t *npred,
	    const struct unit_change ***succ, size_t *nsucc);

#endif
