/* webpage.h: helpers shared by the page handlers (common.c). */
#ifndef KTXH_WEBPAGE_H
#define KTXH_WEBPAGE_H

#include <jansson.h>

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
/* page_requests.c, also used by page_sendup.c: a UTC time
 * ("2023-12-05T08:00:00Z", or "2023-12-05 08:00:00 UTC" as OpenSSL's
 * times are written) in Viet Nam's time (UTC+7): "15:00 ngày 05/12/2023"; a period
 * code in words ("quý III năm 2023"); a version as sent ("3"), 0 when
 * none, -1 when malformed. */
void	page_when(struct buf *, const char *at);
/* The unit code's kind and name ("phường Nhơn Hưng") from the list u of
 * n units, or the code. */
void	page_unit_words(struct buf *, const struct unit *u, size_t n,
	    const char *code);
void	page_period_words(struct buf *, const char *code);
long long page_version(const char *);
/* The API's JSON: a string or null; root (consumed) sent with status; the
 * fields of a write, from a form or a JSON object whose values are strings
 * (or numbers, turned to text in nums), unknown keys refused — -1 when
 * refused, the error sent. */
json_t	*api_jstr(const char *);
void	 api_json_send(struct req *, int status, json_t *root);
int	 api_fields(struct req *, const char *const *keys, size_t nkeys,
	    const char **f, json_t **body, char nums[][32]);
/* The ID and VERB of a path PREFIX + "ID[/VERB]" (*verb NULL without
 * one); -1 when malformed. */
long long api_path_id(const struct req *, const char *prefix,
	    const char **verb);
/* A write without the session's CSRF token (api_csrf_ok): refused (403
 * sent) and true. */
bool	 api_csrf_refused(struct req *);

/* page_sendup.c: the signing and sending card of the Báo cáo page for a
 * unit's period (code), and the certificates section of Quản trị. */
void	page_sendup_box(struct req *, const struct unit *, const char *period);
void	page_certs(struct req *, const struct unit *, size_t);
/* For the level above, on its dashboard: how many reports of the units
 * below unit wait for it (nothing when none). */
void	page_inbox_note(struct req *, const char *unit);

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
