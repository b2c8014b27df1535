/* period.c: reporting periods, their months and labels, and the data cut-off
 * dates computed from a table of rules (Decree 09/2019 by default). */
#include <stdio.h>
#include <string.h>

#include "period.h"

const struct cutoff period_default_cutoffs[PERIOD__MAX] = {
	{ PERIOD_YEAR,    -1, 15, 0, 14 },
	{ PERIOD_HALF,    -1, 15, 0, 14 },
	{ PERIOD_NINE,    -1, 15, 0, 14 },
	{ PERIOD_QUARTER, -1, 15, 0, 14 },
	{ PERIOD_MONTH,   -1, 15, 0, 14 },
};

static int
digits(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
period_parse(const char *s, size_t len, struct period *out)
{
	int y;

	if (len < 4 || (y = digits(s, 4)) < 1900 || y > 2200)
		return -1;
	memset(out, 0, sizeof(*out));
	out->year = y;
	if (len == 4) {
		out->kind = PERIOD_YEAR;
		return 0;
	}
	if (s[4] != '-')
		return -1;
	s += 5;
	len -= 5;
	if (len == 2 && s[0] == 'H' && (s[1] == '1' || s[1] == '2')) {
		out->kind = PERIOD_HALF;
		out->n = s[1] - '0';
	} else if (len == 2 && s[0] == 'Q' && s[1] >= '1' && s[1] <= '4') {
		out->kind = PERIOD_QUARTER;
		out->n = s[1] - '0';
	} else if (len == 2 && s[0] == '9' && s[1] == 'M') {
		out->kind = PERIOD_NINE;
	} else if (len == 3 && s[0] == 'M' && (out->n = digits(s + 1, 2)) >= 1 &&
	    out->n <= 12) {
		out->kind = PERIOD_MONTH;
	} else
		return -1;
	return 0;
}

void
period_format(struct buf *b, const struct period *p)
{
	switch (p->kind) {
	case PERIOD_YEAR:
		buf_printf(b, "%04d", p->year);
		break;
	case PERIOD_HALF:
		buf_printf(b, "%04d-H%d", p->year, p->n);
		break;
	case PERIOD_NINE:
		buf_printf(b, "%04d-9M", p->year);
		break;
	case PERIOD_QUARTER:
		buf_printf(b, "%04d-Q%d", p->year, p->n);
		break;
	default:
		buf_printf(b, "%04d-M%02d", p->year, p->n);
		break;
	}
}

void
period_label(struct buf *b, const struct period *p)
{
	static const char *const roman[] = { "", "I", "II", "III", "IV" };

	switch (p->kind) {
	case PERIOD_YEAR:
		buf_printf(b, "năm %d", p->year);
		break;
	case PERIOD_HALF:
		buf_printf(b, "6 tháng %s năm %d",
		    p->n == 1 ? "đầu" : "cuối", p->year);
		break;
	case PERIOD_NINE:
		buf_printf(b, "9 tháng năm %d", p->year);
		break;
	case PERIOD_QUARTER:
		buf_printf(b, "quý %s năm %d", roman[p->n], p->year);
		break;
	default:
		buf_printf(b, "tháng %02d năm %d", p->n, p->year);
		break;
	}
}

void
period_months(const struct period *p, int *first, int *last)
{
	switch (p->kind) {
	case PERIOD_YEAR:
		*first = 1, *last = 12;
		break;
	case PERIOD_HALF:
		*first = p->n == 1 ? 1 : 7;
		*last = *first + 5;
		break;
	case PERIOD_NINE:
		*first = 1, *last = 9;
		break;
	case PERIOD_QUARTER:
		*first = 3 * (p->n - 1) + 1;
		*last = *first + 2;
		break;
	default:
		*first = *last = p->n;
		break;
	}
}

bool
period_contains(const struct period *outer, const struct period *inner)
{
	int of, ol, inf, inl;

	if (outer->year != inner->year)
		return false;
	period_months(outer, &of, &ol);
	period_months(inner, &inf, &inl);
	return inf >= of && inl <= ol;
}

bool
period_equal(const struct period *a, const struct period *b)
{
	return a->year == b->year && a->kind == b->kind && a->n == b->n;
}

struct period
period_previous_year(const struct period *p)
{
	struct period q = *p;

	q.year--;
	return q;
}

int
date_days_in_month(int year, int month)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

	if (month < 1 || month > 12)
		return 0;
	return month == 2 && leap ? 29 : days[month - 1];
}

/* The date at day `day` of the month `offset` months from year/month. */
static struct date
month_day(int year, int month, int offset, int day)
{
	struct date d;
	int m = (year * 12 + (month - 1)) + offset;
	int dim;

	d.year = m / 12;
	d.month = m % 12 + 1;
	dim = date_days_in_month(d.year, d.month);
	d.day = day > dim ? dim : day;
	return d;
}

void
period_cutoff(const struct cutoff *rules, size_t n, const struct period *p,
    struct date *from, struct date *to)
{
	const struct cutoff *r = &period_default_cutoffs[p->kind];
	int first, last;
	size_t i;

	for (i = 0; i < n; i++)
		if (rules[i].kind == p->kind)
			r = &rules[i];
	period_months(p, &first, &last);
	*from = month_day(p->year, first, r->start_offset, r->start_day);
	*to = month_day(p->year, last, r->end_offset, r->end_day);
}

struct date
date_prev_day(const struct date *d)
{
	struct date r = *d;

	if (--r.day >= 1)
		return r;
	if (--r.month < 1) {
		r.month = 12;
		r.year--;
	}
	r.day = date_days_in_month(r.year, r.month);
	return r;
}

struct date
period_last_day(const struct period *p)
{
	struct date d;
	int first, last;

	period_months(p, &first, &last);
	d.year = p->year;
	d.month = last;
	d.day = date_days_in_month(p->year, last);
	return d;
}

bool
date_isset(const struct date *d)
{
	return d->year != 0;
}

int
date_cmp(const struct date *a, const struct date *b)
{
	long x = a->year * 10000L + a->month * 100L + a->day;
	long y = b->year * 10000L + b->month * 100L + b->day;

	return x < y ? -1 : x > y;
}

bool
date_valid(const struct date *d)
{
	return d->year >= 1900 && d->year <= 2200 && d->month >= 1 &&
	    d->month <= 12 && d->day >= 1 &&
	    d->day <= date_days_in_month(d->year, d->month);
}

int
date_parse(const char *s, size_t len, struct date *out)
{
	struct date d;

	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	d.year = digits(s, 4);
	d.month = digits(s + 5, 2);
	d.day = digits(s + 8, 2);
	if (!date_valid(&d))
		return -1;
	*out = d;
	return 0;
}

void
date_format_iso(struct buf *b, const struct date *d)
{
	buf_printf(b, "%04d-%02d-%02d", d->year, d->month, d->day);
}

void
date_format_vi(struct buf *b, const struct date *d)
{
	buf_printf(b, "%02d/%02d/%04d", d->day, d->month, d->year);
}
