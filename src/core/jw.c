/* jw.c: the streaming JSON writer (jw.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jw.h"

#define JW_CHUNK 65536

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

void
jw_init_sink(struct jw *w, struct buf *b, jw_sink sink, void *arg)
{
	jw_init(w, b);
	w->sink = sink;
	w->arg = arg;
}

void
jw_flush(struct jw *w)
{
	if (w->sink != NULL && w->b->len > 0) {
		w->sink(w->arg, w->b->data, w->b->len);
		buf_reset(w->b);
	}
}

static void
newline(struct jw *w, int depth)
{
	static const char ind[] = "\n"
	    "                                                                ";

	if (w->sink != NULL && w->b->len >= JW_CHUNK)
		jw_flush(w);
	/* JW_MAXDEPTH levels of two spaces fit in ind. */
	buf_append(w->b, ind, 1 + 2 * (size_t)depth);
}

/* Before a value or a key: its separator and indentation, unless it is
 * the value of the key just written. */
static void
item(struct jw *w)
{
	if (w->keyed) {
		w->keyed = false;
		return;
	}
	if (w->depth == 0)
		return;
	if (w->items[w->depth - 1])
		buf_putc(w->b, ',');
	w->items[w->depth - 1] = true;
	newline(w, w->depth);
}

static void
open_(struct jw *w, char c, char close)
{
	item(w);
	buf_putc(w->b, c);
	if (w->depth == JW_MAXDEPTH)
		abort();
	w->items[w->depth] = false;
	w->close[w->depth] = close;
	w->depth++;
}

void
jw_object(struct jw *w)
{
	open_(w, '{', '}');
}

void
jw_array(struct jw *w)
{
	open_(w, '[', ']');
}

void
jw_end(struct jw *w)
{
	if (w->depth == 0)
		abort();
	w->depth--;
	if (w->items[w->depth])
		newline(w, w->depth);
	buf_putc(w->b, w->close[w->depth]);
}

static void
string(struct buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s, *run = p;
	char esc[8];

	buf_putc(b, '"');
	for (; *p != '\0'; p++) {
		const char *e = NULL;

		switch (*p) {
		case '"':  e = "\\\""; break;
		case '\\': e = "\\\\"; break;
		case '\b': e = "\\b"; break;
		case '\f': e = "\\f"; break;
		case '\n': e = "\\n"; break;
		case '\r': e = "\\r"; break;
		case '\t': e = "\\t"; break;
		default:
			if (*p < 0x20) {
				snprintf(esc, sizeof(esc), "\\u%04X", *p);
				e = esc;
			}
			break;
		}
		if (e == NULL)
			continue;
		buf_append(b, (const char *)run, (size_t)(p - run));
		buf_puts(b, e);
		run = p + 1;
	}
	buf_append(b, (const char *)run, (size_t)(p - run));
	buf_putc(b, '"');
}

void
jw_key(struct jw *w, const char *k)
{
	item(w);
	string(w->b, k);
	buf_append(w->b, ": ", 2);
	w->keyed = true;
}

void
jw_string(struct jw *w, const char *s)
{
	if (s == NULL) {
		jw_null(w);
		return;
	}
	item(w);
	string(w->b, s);
}

void
jw_int(struct jw *w, long long v)
{
	char s[24], *p = s + sizeof(s);
	unsigned long long u = v < 0 ? 0ull - (unsigned long long)v :
	    (unsigned long long)v;

	/* Digits by hand: a province's evaluation has tens of thousands. */
	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	item(w);
	buf_append(w->b, p, (size_t)(s + sizeof(s) - p));
}

void
jw_null(struct jw *w)
{
	item(w);
	buf_append(w->b, "null", 4);
}

/* The digits %.15g prints for v, without printf, when v is the double
 * nearest to a decimal of at most 15 significant digits and 1 to 6
 * places (most figures: 523987.9, 98.86): that decimal is what %.15g
 * shows, by the 15 digits a double keeps (DBL_DIG). False otherwise. */
static bool
short_decimal(double v, char *out)
{
	static const double p10[] = { 1, 10, 100, 1e3, 1e4, 1e5, 1e6 };
	double a = fabs(v), m;
	unsigned long long u;
	char dig[24], *p = dig + sizeof(dig);
	int k, i, n;

	if (!(a >= 1e-4 && a < 1e15))
		return false;
	for (k = 1; k <= 6; k++) {
		m = nearbyint(a * p10[k]);
		if (m >= 1e15 || m / p10[k] != a)
			continue;
		u = (unsigned long long)m;
		while (u % 10 == 0)	/* (trailing zeros of the places) */
			u /= 10, k--;
		do
			*--p = (char)('0' + u % 10);
		while ((u /= 10) != 0);
		n = (int)(dig + sizeof(dig) - p);
		if (v < 0)
			*out++ = '-';
		if (n <= k) {
			*out++ = '0';
			*out++ = '.';
			for (i = n; i < k; i++)
				*out++ = '0';
			memcpy(out, p, (size_t)n);
			out += n;
		} else {
			memcpy(out, p, (size_t)(n - k));
			out += n - k;
			*out++ = '.';
			memcpy(out, p + n - k, (size_t)k);
			out += k;
		}
		*out = '\0';
		return true;
	}
	return false;
}

/* jansson's real: %.15g, ".0" when it would read as an integer, the
 * exponent without '+' and leading zeros. */
void
jw_number(struct jw *w, double v)
{
	char s[64], *e, *d;

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		jw_int(w, (long long)v);
		return;
	}
	if (short_decimal(v, s)) {
		item(w);
		buf_puts(w->b, s);
		return;
	}
	snprintf(s, sizeof(s) - 2, "%.15g", v);
	if (strchr(s, '.') == NULL && strchr(s, 'e') == NULL)
		strcat(s, ".0");
	if ((e = strchr(s, 'e')) != NULL) {
		e++;
		d = e + 1;
		if (*e == '-')
			e++;
		while (*d == '0')
			d++;
		if (d != e)
			memmove(e, d, strlen(d) + 1);
	}
	item(w);
	buf_puts(w->b, s);
}
