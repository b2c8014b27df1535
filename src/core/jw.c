/* jw.c: the streaming JSON writer (jw.h). */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
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
	for (;; p++) {
		const char *e = NULL;

		/* (The bytes written as they are.) */
		while (*p >= 0x20 && *p != '"' && *p != '\\')
			p++;
		if (*p == '\0')
			break;
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

/* What %.15g prints for v when 1e-4 <= |v| < 1e15 and v is not an
 * integer (most figures: 523987.9, 98.86, 94.2970297029703), without
 * printf, and exactly: v is m * 2^-s with m below 2^53, so v * 10^k, for
 * the k that leaves 15 digits before the point, is the 128-bit integer
 * m * 10^k shifted right by s, rounded half to even as printf rounds the
 * exact value. False when the digits would need an exponent (a value
 * that rounds up to 1e15). */
static bool
fixed15(double v, char *out)
{
	static const uint64_t p10[] = { 1ull, 10ull, 100ull, 1000ull,
	    10000ull, 100000ull, 1000000ull, 10000000ull, 100000000ull,
	    1000000000ull, 10000000000ull, 100000000000ull, 1000000000000ull,
	    10000000000000ull, 100000000000000ull, 1000000000000000ull,
	    10000000000000000ull, 100000000000000000ull,
	    1000000000000000000ull };
	unsigned __int128 prod, rest, half;
	uint64_t m, n;
	double a = fabs(v);
	char dig[16];
	int ex, e, s, i, nd;

	if (!(a >= 1e-4 && a < 1e15))
		return false;
	m = (uint64_t)ldexp(frexp(a, &ex), 53);
	s = 53 - ex;
	e = (int)floor(log10(a));
	e = e < -4 ? -4 : e > 14 ? 14 : e;
	/* e: the exponent of v's first digit (log10's estimate, then made
	 * right on the exact product), then of the rounded digits. */
	for (;;) {
		prod = (unsigned __int128)m * p10[14 - e];
		n = (uint64_t)(prod >> s);
		if (n >= p10[15] && e < 14)
			e++;
		else if (n < p10[14] && e > -4)
			e--;
		else
			break;
	}
	if (n >= p10[15] || n < p10[14])
		return false;
	rest = prod & (((unsigned __int128)1 << s) - 1);
	half = (unsigned __int128)1 << (s - 1);
	if ((rest > half || (rest == half && (n & 1))) && ++n == p10[15]) {
		if (e == 14)
			return false;	/* 1e+15 */
		n = p10[14];
		e++;
	}
	for (i = 14; i >= 0; i--, n /= 10)
		dig[i] = (char)('0' + n % 10);
	for (nd = 15; nd > 1 && dig[nd - 1] == '0'; nd--)
		;
	if (v < 0)
		*out++ = '-';
	if (e < 0) {
		*out++ = '0';
		*out++ = '.';
		for (i = e + 1; i < 0; i++)
			*out++ = '0';
		memcpy(out, dig, (size_t)nd);
		out += nd;
	} else {
		memcpy(out, dig, (size_t)e + 1);
		out += e + 1;
		*out++ = '.';
		if (nd > e + 1) {
			memcpy(out, dig + e + 1, (size_t)(nd - e - 1));
			out += nd - e - 1;
		} else
			*out++ = '0';	/* (jansson's ".0") */
	}
	*out = '\0';
	return true;
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
	if (fixed15(v, s)) {
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
