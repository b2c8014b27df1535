/* jw.c: the streaming JSON writer (jw.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/jw.h"

void
jw_init(struct jw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static void
newline(struct jw *w, int depth)
{
	int i;

	buf_putc(w->b, '\n');
	for (i = 0; i < depth; i++)
		buf_append(w->b, "  ", 2);
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
