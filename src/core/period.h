/* period.h: reporting periods ("2023", "2023-H1", "2023-Q3", "2023-M09",
 * "2023-9M"), their months, their Vietnamese names and their data cut-off
 * dates, which come from a table of rules (data, not code). */
#ifndef KTXH_PERIOD_H
#define KTXH_PERIOD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "model.h"

/* Parse a canonical period. Returns 0, or -1 when s is not one. */
int	period_parse(const char *s, size_t len, struct period *out);
/* Append the canonical spelling ("2023-Q3"). */
void	period_format(struct buf *, const struct period *);
/* Append the Vietnamese name ("quý III năm 2023", "6 tháng đầu năm 2023"). */
void	period_label(struct buf *, const struct period *);
/* First and last month (1..12) of the period. */
void	period_months(const struct period *, int *first, int *last);
/* Whether every month of inner lies within outer (same year). */
bool	period_contains(const struct period *outer, const struct period *inner);
bool	period_equal(const struct period *, const struct period *);
/* The same kind of period one year earlier. */
struct period period_previous_year(const struct period *);

/* The rules of Decree 09/2019/NĐ-CP, Art. 12: one per kind of period. */
extern const struct cutoff period_default_cutoffs[PERIOD__MAX];

/* Cut-off dates of p under the rules (n of them; a kind missing from rules
 * falls back to the default). */
void	period_cutoff(const struct cutoff *rules, size_t n,
	    const struct period *p, struct date *from, struct date *to);

/* Dates: "YYYY-MM-DD" in files, "dd/mm/yyyy" for people. */
int	date_parse(const char *s, size_t len, struct date *out);
bool	date_valid(const struct date *);
bool	date_isset(const struct date *);
int	date_cmp(const struct date *, const struct date *);
int	date_days_in_month(int year, int month);
/* The day before d (d valid). */
struct date date_prev_day(const struct date *d);
/* The last calendar day of p (31/12 for a year, 30/06 for the first half). */
struct date period_last_day(const struct period *p);
void	date_format_iso(struct buf *, const struct date *);
void	date_format_vi(struct buf *, const struct date *);	/* 05/12/2023 */

#endif
