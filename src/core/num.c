/* num.c: reading and writing numbers the way Vietnamese documents write them
 * ("1.303,5", "0,42%", "1,5 tỷ") and the way CSV files write them ("1303.5").
 * Scanning only records where the integer and fraction digits are; the value
 * is then computed once, by strtod on a digits-and-exponent string, so that
 * "1,1 triệu" is exactly 1100000 and nothing depends on the C locale (strtod
 * never sees a decimal point). Formatting goes through the shortest decimal
 * that reads back to the double, so rounding follows the decimal text a
 * person sees (2.675 rounds to 2,68) rather than the binary value below it. */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"

/* Significant digits kept when reading; more cannot change a double. */
#define SIGMAX	64
/* Exponents beyond this are already 0 or infinity for strtod. */
#define EXPMAX	100000L

static const char WHY_POINT[] =
    "dấu chấm thập phân kiểu Anh: kiểu Việt viết dấu phẩy "
    "(0,06 chứ không phải 0.06)";
static const char WHY_THREE[] =
    "dấu phẩy trước đúng ba chữ số: có thể là 2,803 (số thập phân) "
    "hoặc 2.803 (dấu phẩy hàng nghìn kiểu Anh)";
static const char WHY_ENGGROUP[] =
    "phân cách hàng nghìn kiểu Anh: kiểu Việt viết 1.303,5 "
    "chứ không phải 1,303.5";
static const char WHY_SPACED[] =
    "khoảng trắng sau dấu phẩy: có thể là số thập phân (167,2) "
    "hoặc hai số (167 và 2)";

static const char WHY_EMPTY[] = "ô trống, không có số";
static const char WHY_NONUM[] = "không bắt đầu bằng số";
static const char WHY_DOUBLE[] = "hai dấu chấm hoặc dấu phẩy liền nhau";
static const char WHY_TRAIL[] = "sau dấu chấm hoặc dấu phẩy không có chữ số";
static const char WHY_MISPLACED[] =
    "dấu chấm hoặc dấu phẩy sai chỗ: nhóm hàng nghìn phải đủ ba chữ số, "
    "chỉ có một dấu phẩy thập phân";
static const char WHY_SPACEDIGITS[] =
    "khoảng trắng giữa các chữ số: viết liền hoặc dùng dấu chấm "
    "hàng nghìn (1.302)";

static const struct {
	const char	*word;
	int		 exp;
	double		 scale;
	int		 ratio;	/* "tỷ lệ" (ratio) is a word of its own */
} scales[] = {
	{ "nghìn",	3,	1e3,	0 },
	{ "ngàn",	3,	1e3,	0 },
	{ "triệu",	6,	1e6,	0 },
	{ "tỷ",		9,	1e9,	1 },
	{ "tỉ",		9,	1e9,	1 },
};

/* Which number the alt field of an ambiguous reading holds. */
enum alt {
	ALT_SAME,	/* no other reading */
	ALT_WHOLE,	/* every digit as one integer: 2,803 -> 2803 */
	ALT_INT,	/* the integer part alone: 167, 2 -> 167 */
};

/* The decimal digits of a double: value = 0.d[0]d[1]... * 10^pt. */
struct dec {
	char	 d[32];	/* no leading or trailing zeros */
	int	 n;	/* 0 for zero */
	int	 pt;	/* digits before the decimal point; may be <= 0 or > n */
};

static int
isdig(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= '0' && s[i] <= '9';
}

static size_t
digrun(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (isdig(s, len, i + n))
		n++;
	return n;
}

/* Width of one blank at p, or 0. Word processors put U+00A0 before "%"
 * and between a number and its unit, so it counts as a blank. */
static size_t
blank(const char *s, size_t len, size_t p)
{
	if (p >= len)
		return 0;
	if (s[p] == ' ' || s[p] == '\t')
		return 1;
	if ((unsigned char)s[p] == 0xc2 && p + 1 < len &&
	    (unsigned char)s[p + 1] == 0xa0)
		return 2;
	return 0;
}

/* Like blank, plus line ends: what surrounds a field. */
static size_t
space(const char *s, size_t len, size_t p)
{
	if (p < len && (s[p] == '\r' || s[p] == '\n' || s[p] == '\v' ||
	    s[p] == '\f'))
		return 1;
	return blank(s, len, p);
}

static int
ispunct_ascii(unsigned char c)
{
	return (c >= 0x21 && c <= 0x2f) || (c >= 0x3a && c <= 0x40) ||
	    (c >= 0x5b && c <= 0x60) || (c >= 0x7b && c <= 0x7e);
}

/* A word must end here for "triệu" not to match the start of "triệuu". */
static int
wordend(const char *s, size_t len, size_t p)
{
	return p >= len || space(s, len, p) > 0 ||
	    ispunct_ascii((unsigned char)s[p]);
}

static size_t
matchword(const char *s, size_t len, size_t p, const char *w)
{
	size_t n = strlen(w);

	if (p > len || len - p < n || memcmp(s + p, w, n) != 0 ||
	    !wordend(s, len, p + n))
		return 0;
	return n;
}

/*
 * The value of the integer digits in [a, b) (separators skipped) and the
 * fraction digits in [fa, fb), times 10^shift. The digits and a decimal
 * exponent go to strtod, which rounds correctly and needs no decimal point.
 */
static double
digval(const char *s, size_t a, size_t b, size_t fa, size_t fb, int shift)
{
	char	 t[SIGMAX + 32];
	size_t	 n = 0, i;
	long	 e = shift;

	for (i = a; i < b; i++) {
		if (s[i] < '0' || s[i] > '9')
			continue;
		if (n == 0 && s[i] == '0')
			continue;
		if (n < SIGMAX)
			t[n++] = s[i];
		else if (e < EXPMAX)
			e++;
	}
	for (i = fa; i < fb && n < SIGMAX; i++) {
		if (n > 0 || s[i] != '0')
			t[n++] = s[i];
		if (e > -EXPMAX)
			e--;
	}
	if (n == 0)
		return 0.0;
	snprintf(t + n, sizeof t - n, "e%ld", e);
	return strtod(t, NULL);
}

/*
 * The scanner proper; spacedok lets a field read "167, 2". It only finds
 * [ia, ib), the integer part with its separators, and [fa, fb), the fraction
 * digits: values wait until the scale word is known, so that the scale goes
 * into the decimal exponent instead of a binary multiplication.
 */
static size_t
scan(const char *s, size_t len, int spacedok, struct num *out)
{
	size_t	 i = 0, ia, ib, fa = 0, fb = 0, n1, g, j, k, b, w, x;
	int	 neg = 0, firstok, shift = 0;
	enum alt alt = ALT_SAME;

	memset(out, 0, sizeof *out);
	out->scale = 1;
	if (s == NULL)
		return 0;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	if (!isdig(s, len, i))
		return 0;
	ia = i;
	n1 = digrun(s, len, i);
	i += n1;
	ib = i;
	if (n1 > 1 && s[ia] == '0')
		out->flags |= NUM_LEADING_ZERO;
	/* Only "1" to "999" can open a thousands group. */
	firstok = n1 <= 3 && s[ia] != '0';

	if (i < len && s[i] == '.' && isdig(s, len, i + 1)) {
		g = digrun(s, len, i + 1);
		if (firstok && g == 3) {
			out->flags |= NUM_GROUPED;
			i += 4;
			while (i < len && s[i] == '.' &&
			    digrun(s, len, i + 1) == 3)
				i += 4;
			ib = i;
		} else {
			fa = i + 1;
			fb = fa + g;
			i = fb;
			out->flags |= NUM_ENGLISH | NUM_AMBIGUOUS | NUM_DECIMAL;
			out->why = WHY_POINT;
		}
	}

	if (!(out->flags & NUM_ENGLISH) && i < len && s[i] == ',') {
		j = i + 1;
		b = 0;
		if (spacedok && !isdig(s, len, j)) {
			b = blank(s, len, j);
			if (b == 0 || !isdig(s, len, j + b))
				b = 0;
			j += b;
		}
		if (isdig(s, len, j)) {
			g = digrun(s, len, j);
			k = j + 3;
			if (b == 0 && !(out->flags & NUM_GROUPED) && firstok &&
			    g == 3) {
				while (k < len && s[k] == ',' &&
				    digrun(s, len, k + 1) == 3)
					k += 4;
			}
			if (b > 0) {
				fa = j;
				fb = j + g;
				i = fb;
				out->flags |= NUM_SPACED | NUM_AMBIGUOUS |
				    NUM_DECIMAL;
				out->why = WHY_SPACED;
				alt = ALT_INT;
			} else if (out->flags & NUM_GROUPED || !firstok ||
			    g != 3) {
				fa = j;
				fb = j + g;
				i = fb;
				out->flags |= NUM_DECIMAL;
			} else if (k < len && s[k] == '.' &&
			    isdig(s, len, k + 1)) {
				/* "1,303.5" */
				ib = k;
				fa = k + 1;
				fb = fa + digrun(s, len, fa);
				i = fb;
				out->flags |= NUM_ENGLISH | NUM_AMBIGUOUS |
				    NUM_DECIMAL;
				out->why = WHY_ENGGROUP;
			} else if (k > j + 3) {
				/* "1,303,000" */
				ib = k;
				i = k;
				out->flags |= NUM_ENGLISH | NUM_AMBIGUOUS;
				out->why = WHY_ENGGROUP;
			} else {
				/* "2,803" */
				fa = j;
				fb = j + 3;
				i = fb;
				out->flags |= NUM_AMBIGUOUS | NUM_DECIMAL;
				out->why = WHY_THREE;
				alt = ALT_WHOLE;
			}
		}
	}
	out->numlen = i;
	x = fb - fa;
	out->decimals = x > INT_MAX ? INT_MAX : (int)x;

	b = blank(s, len, i);
	if (i < len && s[i] == '%') {
		out->flags |= NUM_PERCENT;
		i++;
	} else if (b > 0 && i + b < len && s[i + b] == '%') {
		out->flags |= NUM_PERCENT;
		i += b + 1;
	} else if (b > 0) {
		for (k = 0; k < sizeof scales / sizeof scales[0]; k++) {
			w = matchword(s, len, i + b, scales[k].word);
			if (w == 0)
				continue;
			j = i + b + w;
			if (scales[k].ratio && blank(s, len, j) > 0 &&
			    matchword(s, len, j + blank(s, len, j), "lệ") > 0)
				break;
			shift = scales[k].exp;
			out->flags |= NUM_SCALED;
			out->scale = scales[k].scale;
			i = j;
			/* Stacked scales: "nghìn tỷ", "triệu tỉ" (10^15). */
			b = blank(s, len, i);
			for (x = 0; b > 0 && x < sizeof scales / sizeof scales[0];
			    x++) {
				if (scales[x].exp <= scales[k].exp)
					continue;
				w = matchword(s, len, i + b, scales[x].word);
				if (w == 0)
					continue;
				j = i + b + w;
				if (scales[x].ratio && blank(s, len, j) > 0 &&
				    matchword(s, len, j + blank(s, len, j),
				    "lệ") > 0)
					break;
				shift += scales[x].exp;
				out->scale *= scales[x].scale;
				i = j;
				break;
			}
			break;
		}
	}

	out->value = digval(s, ia, ib, fa, fb, shift);
	switch (alt) {
	case ALT_WHOLE:
		out->alt = digval(s, ia, fb, 0, 0, shift);
		break;
	case ALT_INT:
		out->alt = digval(s, ia, ib, 0, 0, shift);
		break;
	default:
		out->alt = out->value;
		break;
	}
	if (neg) {
		out->value = -out->value;
		out->alt = -out->alt;
	}
	out->len = i;
	return i;
}

size_t
num_scan(const char *s, size_t len, struct num *out)
{
	struct num tmp;

	return scan(s, len, 0, out != NULL ? out : &tmp);
}

static int
reject(struct num *out, const char **why, const char *reason)
{
	out->flags = 0;
	out->why = NULL;
	if (why != NULL)
		*why = reason;
	return -1;
}

int
num_parse_field(const char *s, size_t len, struct num *out,
    size_t *unit_off, size_t *unit_len, const char **why)
{
	struct num tmp;
	size_t	 i = 0, n, p, e, sp;

	if (out == NULL)
		out = &tmp;
	if (unit_off != NULL)
		*unit_off = 0;
	if (unit_len != NULL)
		*unit_len = 0;
	if (why != NULL)
		*why = NULL;
	memset(out, 0, sizeof *out);
	out->scale = 1;
	if (s == NULL)
		return reject(out, why, WHY_EMPTY);
	while ((sp = space(s, len, i)) > 0)
		i += sp;
	if (i >= len)
		return reject(out, why, WHY_EMPTY);
	if ((n = scan(s + i, len - i, 1, out)) == 0)
		return reject(out, why, WHY_NONUM);
	p = i + n;
	/* Prose may end a number with "." or ","; a field may not. */
	if (p < len && (s[p] == '.' || s[p] == ',')) {
		if (p + 1 < len && (s[p + 1] == '.' || s[p + 1] == ','))
			return reject(out, why, WHY_DOUBLE);
		if (isdig(s, len, p + 1))
			return reject(out, why, WHY_MISPLACED);
		return reject(out, why, WHY_TRAIL);
	}
	while ((sp = space(s, len, p)) > 0)
		p += sp;
	/* "1 302": a unit never starts with a digit. */
	if (isdig(s, len, p))
		return reject(out, why, WHY_SPACEDIGITS);
	e = len;
	while (e > p) {
		if (e - p >= 2 && (unsigned char)s[e - 2] == 0xc2 &&
		    (unsigned char)s[e - 1] == 0xa0)
			e -= 2;
		else if (space(s, len, e - 1) == 1)
			e--;
		else
			break;
	}
	if (unit_off != NULL)
		*unit_off = p;
	if (unit_len != NULL)
		*unit_len = e - p;
	return 0;
}

int
num_parse_machine(const char *s, size_t len, double *out)
{
	/* Long enough for every double in fixed notation (DBL_MAX has 309
	 * digits, the smallest subnormal 326 characters), so the output of
	 * num_format_machine always reads back. */
	char	 t[420];
	size_t	 i = 0, n = 0, nd, nf = 0;
	double	 d;

	if (s == NULL || len == 0 || len > 400)
		return -1;
	if (s[0] == '-')
		t[n++] = s[i++];
	if ((nd = digrun(s, len, i)) == 0)
		return -1;
	memcpy(t + n, s + i, nd);
	n += nd;
	i += nd;
	if (i < len && s[i] == '.') {
		if ((nf = digrun(s, len, i + 1)) == 0)
			return -1;
		memcpy(t + n, s + i + 1, nf);
		n += nf;
		i += 1 + nf;
	}
	if (i != len)
		return -1;
	/* An exponent instead of "." keeps strtod away from the locale. */
	snprintf(t + n, sizeof t - n, "e-%zu", nf);
	d = strtod(t, NULL);
	if (!isfinite(d))
		return -1;	/* beyond any double: not a figure */
	if (out != NULL)
		*out = d;
	return 0;
}

/* The shortest digits that strtod reads back as v (finite, >= 0). */
static void
shortest(double v, struct dec *dp)
{
	char	 f[64], t[64];
	const char *q;
	int	 p, n = 0, x = 0, xneg;

	dp->n = 0;
	dp->pt = 0;
	if (v == 0)
		return;
	/*
	 * Fifteen significant digits are spaced wider than doubles (1e-14
	 * against 2.2e-16 relative), so at most one 15-digit decimal reads back
	 * to a normal v: when "%.14e" round-trips, it is every shorter form that
	 * does, padded with zeros. Start there; only subnormals, where doubles
	 * thin out, need the search from one digit up.
	 */
	for (p = fabs(v) >= DBL_MIN ? 15 : 1; p <= 17; p++) {
		snprintf(f, sizeof f, "%.*e", p - 1, v);
		/* Whatever the locale calls its decimal point, skip it. */
		n = 0;
		for (q = f; *q != '\0' && *q != 'e' && *q != 'E'; q++)
			if (*q >= '0' && *q <= '9' && n < 40)
				t[n++] = *q;
		if (*q != '\0')
			q++;
		xneg = *q == '-';
		if (*q == '-' || *q == '+')
			q++;
		for (x = 0; *q >= '0' && *q <= '9'; q++)
			x = x * 10 + (*q - '0');
		if (xneg)
			x = -x;
		snprintf(t + n, sizeof t - n, "e%d", x - (n - 1));
		if (strtod(t, NULL) == v)
			break;
	}
	while (n > 1 && t[n - 1] == '0')
		n--;
	memcpy(dp->d, t, (size_t)n);
	dp->n = n;
	dp->pt = x + 1;
}

/* Round the decimal digits half away from zero at the given decimals. */
static void
decround(struct dec *dp, int decimals)
{
	int keep = dp->pt + decimals, i, up;

	if (dp->n == 0 || keep >= dp->n)
		return;
	if (keep < 0) {
		dp->n = dp->pt = 0;
		return;
	}
	up = dp->d[keep] >= '5';
	dp->n = keep;
	if (up) {
		for (i = keep - 1; i >= 0; i--) {
			if (dp->d[i] != '9') {
				dp->d[i]++;
				break;
			}
			dp->d[i] = '0';
		}
		if (i < 0) {
			memmove(dp->d + 1, dp->d, (size_t)keep);
			dp->d[0] = '1';
			dp->n = keep + 1;
			dp->pt++;
		}
	}
	while (dp->n > 0 && dp->d[dp->n - 1] == '0')
		dp->n--;
	if (dp->n == 0)
		dp->pt = 0;
}

/* The digit at position pos counted from the first integer digit. */
static char
digitat(const struct dec *dp, int pos)
{
	return pos >= 0 && pos < dp->n ? dp->d[pos] : '0';
}

static int
clampdec(int decimals)
{
	return decimals < 0 ? 0 : decimals > 9 ? 9 : decimals;
}

/* No plain decimal exists; these at least fail num_parse_machine loudly. */
static int
nonfinite(struct buf *b, double v)
{
	if (isnan(v))
		buf_puts(b, "NaN");
	else if (isinf(v))
		buf_puts(b, v < 0 ? "-inf" : "inf");
	else
		return 0;
	return 1;
}

void
num_format(struct buf *b, double v, int decimals, unsigned flags)
{
	struct dec d;
	int	 ip, i, last;

	if (nonfinite(b, v))
		return;
	decimals = clampdec(decimals);
	shortest(fabs(v), &d);
	decround(&d, decimals);
	if (v < 0 && d.n > 0)
		buf_putc(b, '-');
	ip = d.pt > 0 ? d.pt : 0;
	if (flags & NUM_FMT_PAD2)
		for (i = ip > 0 ? ip : 1; i < 2; i++)
			buf_putc(b, '0');
	if (ip == 0)
		buf_putc(b, '0');
	for (i = 0; i < ip; i++) {
		if (i > 0 && (ip - i) % 3 == 0 && !(flags & NUM_FMT_NOGROUP))
			buf_putc(b, '.');
		buf_putc(b, digitat(&d, i));
	}
	last = decimals;
	if (flags & NUM_FMT_TRIM)
		while (last > 0 && digitat(&d, d.pt + last - 1) == '0')
			last--;
	if (last > 0)
		buf_putc(b, ',');
	for (i = 0; i < last; i++)
		buf_putc(b, digitat(&d, d.pt + i));
}

void
num_format_machine(struct buf *b, double v)
{
	struct dec d;
	int	 i;

	if (nonfinite(b, v))
		return;
	shortest(fabs(v), &d);
	if (d.n == 0) {
		buf_putc(b, '0');
		return;
	}
	if (v < 0)
		buf_putc(b, '-');
	if (d.pt <= 0) {
		buf_putc(b, '0');
		buf_putc(b, '.');
		for (i = d.pt; i < 0; i++)
			buf_putc(b, '0');
		buf_append(b, d.d, (size_t)d.n);
	} else if (d.pt >= d.n) {
		buf_append(b, d.d, (size_t)d.n);
		for (i = d.n; i < d.pt; i++)
			buf_putc(b, '0');
	} else {
		buf_append(b, d.d, (size_t)d.pt);
		buf_putc(b, '.');
		buf_append(b, d.d + d.pt, (size_t)(d.n - d.pt));
	}
}

double
num_round(double v, int decimals)
{
	struct dec d;
	char	 t[64];
	double	 r;

	if (!isfinite(v))
		return v;
	shortest(fabs(v), &d);
	decround(&d, clampdec(decimals));
	if (d.n == 0)
		return 0.0;
	memcpy(t, d.d, (size_t)d.n);
	snprintf(t + d.n, sizeof t - (size_t)d.n, "e%d", d.pt - d.n);
	r = strtod(t, NULL);
	return v < 0 ? -r : r;
}

int
num_parse_typed(const char *s, size_t len, double *out, const char **why)
{
	struct num n;
	size_t uo, ul;
	double m;
	bool machine = num_parse_machine(s, len, &m) == 0;
	bool vi = num_parse_field(s, len, &n, &uo, &ul, why) == 0 && ul == 0 &&
	    !(n.flags & NUM_PERCENT);

	if (machine && (!vi || n.value == m)) {
		*out = m;
		return 0;
	}
	if (vi && !(n.flags & NUM_AMBIGUOUS)) {
		if (machine) {
			/* "1.302": 1302 in Vietnamese, 1.302 in machine format. */
			*why = "số có dấu chấm và đúng ba chữ số sau đó đọc được hai "
			    "cách: viết 1302 (một nghìn ba trăm lẻ hai) hoặc 1,302";
			return -1;
		}
		*out = n.value;
		return 0;
	}
	if (vi)
		*why = n.why;
	else if (*why == NULL || ul > 0 || (n.flags & NUM_PERCENT))
		*why = "chỉ ghi con số, không kèm đơn vị hay dấu %";
	return -1;
}
