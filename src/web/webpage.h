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
/* The shown percentage of a row ("262,22%"), or nothing. */
void	page_percent(struct buf *, const struct eval_row *, double near);

#endif
