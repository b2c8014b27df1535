/* app.h: services shared by the CLI and (later) the web layer: resolve a
 * unit from what a person typed, read settings, and load and evaluate one
 * unit's period. They combine the store with the pure core; no printing. */
#ifndef KTXH_APP_H
#define KTXH_APP_H

#include <stdio.h>

#include "core/buf.h"
#include "core/eval.h"
#include "core/fig.h"
#include "core/model.h"
#include "store/store.h"

/* Everything one evaluation needs, and its result. */
struct app_eval {
	struct unit	 unit;
	struct period	 period;
	struct date	 from, to;	/* the period's data cut-off dates */
	double		 near;
	struct sector	*sectors;
	size_t		 nsectors;
	struct indicator *inds;
	size_t		 ninds;
	struct target	*targets;
	size_t		 ntargets;
	struct value	*values;	/* the unit's own, this and last year */
	size_t		 nvalues;
	struct value_set fvalues;	/* of the unit, its descendants and
					 * predecessors: what figs answer from */
	struct unit	*units;		/* every unit (the tree) */
	size_t		 nunits;
	struct unit_change *changes;	/* the history of units */
	size_t		 nchanges;
	struct target	*ktargets;	/* the year's targets of the units
					 * below (who is expected to report) */
	size_t		 nktargets;
	struct rollup_row *rollup;	/* cached figures read (their blobs) */
	size_t		 nrollup;
	struct fig_kept	*kept;		/* and their answers */
	struct fig_ctx	*figs;		/* the index fig_get answers from */
	struct eval_result res;
};

/* The country: no unit of the data stands for it (GSO codes begin with the
 * provinces), so one is made when asked for by this code or by "cả nước"
 * and no stored unit answers to it. Its children are the units at the top
 * (the provinces); it has no targets of its own, so its evaluation lists
 * every indicator its provinces have a target for, with the figure rolled
 * up from them, its coverage and each province's figure, unassessed
 * ("chỉ tiêu chưa có mức kế hoạch"). */
#define APP_NATION_CODE "00"
bool	app_is_nation(const struct unit *);

/* The unit a person means by q: its code, or its name with or without
 * diacritics, with or without its kind ("phường Nhơn Hưng"); the country
 * (APP_NATION_CODE). Fails with a message listing the candidates when q
 * matches none or several. */
int	app_find_unit(struct store *, const char *q, struct unit *out,
	    struct buf *err);
/* The near threshold setting (90 unless set), stored under this key. */
#define APP_NEAR_SETTING "near_threshold"
int	app_near(struct store *, double *near, struct buf *err);
/* Load and evaluate unit q for period p; near < 0 means the setting. */
int	app_evaluate(struct store *, const char *q, const struct period *p,
	    double near, struct app_eval *, struct buf *err);
/* The same, for a reader of the year's figures only (the evaluation and
 * each child's figure: ktxh eval, So sánh, the API): a unit with children
 * evaluated for a year takes its figures and its children's from the
 * roll-up cache (store_rollup_*), or computes and keeps them there; the
 * country puts its provinces' together. Its figures of other periods are
 * not loaded: fig_get answers only the year and, for the unit (and for its
 * children with before: to evaluate them, app_evaluate_units), the year
 * before. */
int	app_evaluate_rollup(struct store *, const char *q,
	    const struct period *p, double near, bool before,
	    struct app_eval *, struct buf *err);
void	app_eval_free(struct app_eval *);
/* After a bulk import: compute and keep year's roll-up of the country and
 * so of every province (app_evaluate_rollup), that the first reader does
 * not wait for it. 0, or -1 with a message (nothing lost: it is computed
 * on first use then). */
int	app_rollup_warm(struct store *, int year, struct buf *err);

/* Many units' evaluations of one period at once (the level above's table):
 * the catalogue and settings are read once, each unit's targets and values
 * by their own indexed reads, and each indicator (with its parts) is
 * evaluated on its own values alone (or the parent's figures, below), so
 * that a unit's evaluation costs its values once rather than once per
 * indicator. The rows and bands are those
 * of app_evaluate; the rows come in catalogue order. units[i] belongs to
 * codes[i]. */
struct app_unit_eval {
	const char	*code;		/* borrowed from the caller's list */
	struct target	*targets;
	size_t		 ntargets;
	struct value	*values;
	size_t		 nvalues;
	struct eval_result res;		/* rows in catalogue order */
	bool		 on_figs;	/* evaluated on the parent's figures
					 * (its own values not read) */
	/* Shallow copies the rows point into (see app_evaluate_units). */
	struct indicator *ginds;
	struct target	*gtargets;
	struct value	*gvalues;
};
struct app_bulk {
	struct period	 period;
	double		 near;
	struct sector	*sectors;
	size_t		 nsectors;
	struct indicator *inds;
	size_t		 ninds;
	struct app_unit_eval *units;
	size_t		 nunits;
};
/* codes are unit codes (not names); near < 0 means the setting. above
 * (may be NULL): the evaluation of the units' parent for p
 * (app_evaluate_rollup with before); the children it has at p's end are evaluated on
 * its figures, as their own evaluations are (previous years through the
 * units they replaced, a year cut by a merger), the others on their own
 * values. */
int	app_evaluate_units(struct store *, const char *const *codes, size_t n,
	    const struct period *p, double near, const struct app_eval *above,
	    struct app_bulk *, struct buf *err);
void	app_bulk_free(struct app_bulk *);

/* An indicator's figure in Vietnamese format with its display decimals. */
void	 app_figure(struct buf *, const struct indicator *, double);
/* A row's target and actual in words, with or without the unit of measure:
 * "4.500 cây", "dưới 1%", "97–98%", "giảm 01 (còn 7 hộ)", "đạt". */
void	 app_target_text(struct buf *, const struct eval_row *, bool uom);
void	 app_actual_text(struct buf *, const struct eval_row *, bool uom);

/* ---- audited writes (write.c) ---- */

/* A value in words for the audit log: "88 (88/100); estimate; note=…". */
void	 app_value_desc(struct buf *, const struct value *);
/* The value of (unit, indicator, period) into *out (value_free it), with
 * *found false when none is stored. */
int	 app_find_value(struct store *, const char *unit, const char *ind,
	    const struct period *, struct value *out, bool *found);
/* Store one value (the fields of a values.csv row, unit as a code) and its
 * audit entry, both recorded as by, in one transaction, on the condition
 * expect (store.h). Returns 0 with *created; DATASET_CONFLICT; -1 with the
 * importer's messages in errs. Nothing is written unless 0. */
int	 app_put_value(struct store *, const char *by,
	    const char *const f[9], long long expect, bool *created,
	    struct buf *errs);
/* The same for a report text (unchanged text: no audit entry). */
int	 app_put_text(struct store *, const char *by, const char *unit,
	    const char *period, const char *section, const char *body,
	    size_t len, long long expect, struct buf *errs);
/* A figure as a person types it ("1.303,5", "1303.5", " 12 ") in the
 * machine form of values.csv, into out; text that is no figure is passed
 * on for the importer to refuse by name. -1 with *why when unreadable. */
int	 app_typed_figure(const char *s, struct buf *out, const char **why);

/* The evaluation as JSON (docs/cli.md), text for people, or CSV. */
char	*app_eval_json(const struct app_eval *);	/* caller frees */
/* The same bytes written to f as they are made (a province's are 1 MB). */
void	 app_eval_json_write(const struct app_eval *, FILE *);
void	 app_eval_text(struct buf *, const struct app_eval *);
void	 app_eval_csv(struct buf *, const struct app_eval *);

#endif
