/* webpage.h: helpers shared by the page handlers (common.c). */
#ifndef KTXH_WEBPAGE_H
#define KTXH_WEBPAGE_H

#include "core/eval.h"
#include "web.h"

/* What a page is about: a unit the account may read, a year, a period. */
struct scope {
	struct unit	 unit;
	int		 year;
	struct period	 period;
};

/* From ?unit=&year=&period= or the account's defaults. On failure the
 * error page is already written and -1 returned. */
int	page_scope(struct req *, struct scope *);
void	scope_free(struct scope *);
/* The unit / year / period picker (a GET form to action). */
void	page_filters(struct req *, const struct scope *, const char *action);
/* The <option>s of the units the account may read, selected marked. */
void	page_unit_options(struct req *, const char *selected);
/* The <option>s of the periods of sc's year, sc's period marked. */
void	page_period_options(struct buf *, const struct scope *);
/* The shown percentage of a row ("262,22%"), or nothing. */
void	page_percent(struct buf *, const struct eval_row *, double near);

/* The year-end projection of a flow indicator from its monthly values
 * (values of the unit, period p's year); false when there is none. */
bool	page_projection(const struct value *values, size_t nvalues,
	    const struct period *p, const struct eval_row *row, double *out);
/* Whether an indicator is at risk: missed or near (or a part of it is),
 * or unassessed with a monthly pace that will not reach its target. */
bool	page_at_risk(const struct value *values, size_t nvalues,
	    const struct period *p, const struct eval_row *row);

/* page_requests.c: whether the account may ask unit for an explanation
 * (an admin, or a viewer or approver of a unit above it); the list of the
 * requests of unit and the units below it that are not closed (nothing
 * when there is none), for the dashboards. */
bool	xr_can_ask(struct req *, const char *unit);
void	page_requests_box(struct req *, const char *unit);
/* page_province.c: a link to So sánh when sc's unit has units below it. */
void	page_province_link(struct req *, const struct scope *);

/* The strictest workflow state among period p of a unit and every period
 * of its year that contains it (an approved year locks its months: they
 * make its figures); *which gets the code of the period that has it.
 * 0, or -1 when the store cannot be read. */
int	web_lock_state(struct req *, const char *unit, const struct period *p,
	    enum pstate *worst, struct buf *which);
/* Whether the account may change values under that state: a draft is
 * open, a submitted period only to its approver (or an admin), an approved
 * one to nobody until an admin reopens it. */
bool	web_state_open(const struct req *, enum pstate);

#endif
