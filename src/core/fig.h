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
	const struct fig_kept	 *kept;		/* answers known beforehand */
};

struct fig_ctx;
struct fig_kept;

/* An index over data for fast answers; free with fig_ctx_free. */
struct fig_ctx *fig_index(const struct fig_data *);
void	fig_ctx_free(struct fig_ctx *);		/* accepts NULL */

/* One answer. Strings point into the fig_data (and the kept blobs); the
 * arrays are owned by the answer and freed by fig_release. */
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
 * Answers computed before (the roll-up cache, store_rollup_*): fig_get of
 * a unit, indicator and period as at a date gives a kept answer as it is,
 * without looking at values or units. A unit's answers are packed into
 * one blob for the store (fig_pack); blobs read back are added to a set
 * (fig_kept_add checks one whole: -1 and nothing added when it is
 * malformed) that fig_data.kept hands to the index. Its answers are
 * decoded when asked for; their strings point into the blobs, which must
 * outlive the set, and the set its index and their answers.
 */
struct fig_pre {
	const char	*unit;
	const char	*indicator;
	struct period	 period;
	struct date	 asof;
	struct fig	 fig;		/* row is always NULL */
};
void	fig_pack(struct buf *, const struct fig_pre *, size_t n);

struct fig_kept *fig_kept_new(void);
int	fig_kept_add(struct fig_kept *, const char *blob, size_t len,
	    const char *unit);
size_t	fig_kept_count(const struct fig_kept *);	/* accepts NULL */
/* Answer i (in the order added), decoded: out->fig is the caller's to
 * release. */
void	fig_kept_answer(const struct fig_kept *, size_t i, struct fig_pre *out);
void	fig_kept_free(struct fig_kept *);		/* accepts NULL */

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
