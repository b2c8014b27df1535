/* text.c: getting a document's text to the checker line by line in bounded
 * memory. A reader takes text in blocks of any size (run.c reads files in
 * blocks of 1 MiB, DOCX files through docx_text, one paragraph per line); a
 * line is handed over straight from the block when it fits, else gathered,
 * and a line longer than CHK_PIECE_MAX is cut into pieces at a blank, so
 * that a 100 MB file with no newline still needs only a few MB. Every line
 * is cleaned before the lexer sees it: invalid UTF-8 becomes "?", NFD is
 * composed to NFC. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "check.h"
#include "core/text.h"

size_t
chk_utf8_seq(const unsigned char *u, size_t left, uint32_t *cp)
{
	unsigned char b = u[0];

	if (b < 0x80) {
		*cp = b;
		return b != 0;
	}
	if (b < 0xC2 || b > 0xF4)
		return 0;
	if (b < 0xE0) {
		if (left < 2 || (u[1] & 0xC0) != 0x80)
			return 0;
		*cp = ((uint32_t)(b & 0x1F) << 6) | (u[1] & 0x3F);
		return 2;
	}
	if (b < 0xF0) {
		if (left < 3 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
		    (b == 0xE0 && u[1] < 0xA0) || (b == 0xED && u[1] > 0x9F))
			return 0;
		*cp = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) <<
		    6) | (u[2] & 0x3F);
		return 3;
	}
	if (left < 4 || (u[1] & 0xC0) != 0x80 || (u[2] & 0xC0) != 0x80 ||
	    (u[3] & 0xC0) != 0x80 || (b == 0xF0 && u[1] < 0x90) ||
	    (b == 0xF4 && u[1] > 0x8F))
		return 0;
	*cp = ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(u[1] & 0x3F) << 12) |
	    ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
	return 4;
}

/* Whether s[0..len) holds a byte 0xCC or 0xCD (the lead bytes of the
 * combining marks U+0300..U+036F): one pass, sixteen bytes a step with
 * SSE2, where two memchr calls cost a call each for every line. */
static bool
combining(const unsigned char *s, size_t len)
{
	size_t i = 0;
#ifdef __SSE2__
	const __m128i mask = _mm_set1_epi8((char)0xFE),
	    lead = _mm_set1_epi8((char)0xCC);

	for (; i + 16 <= len; i += 16)
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(
		    _mm_loadu_si128((const __m128i *)(const void *)(s + i)),
		    mask), lead)) != 0)
			return true;
#endif
	for (; i < len; i++)
		if ((s[i] & 0xFE) == 0xCC)
			return true;
	return false;
}

const char *
chk_clean(const char *s, size_t len, struct buf *tmp, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t i, n;
	char *nfc;

	/* Only NFD needs work here: combining marks U+0300..U+036F start
	 * with 0xCC or 0xCD. Invalid bytes are left to the lexer (it reads
	 * them as U+FFFD) and to chk_sanitize, which every string handed
	 * out goes through. */
	*outlen = len;
	if (!combining(u, len))
		return s;
	buf_reset(tmp);
	for (i = 0; i < len; ) {
		n = chk_utf8_seq(u + i, len - i, &cp);
		if (n == 0) {
			buf_putc(tmp, u[i] == 0 ? ' ' : '?');
			i++;
		} else {
			buf_append(tmp, s + i, n);
			i += n;
		}
	}
	nfc = text_nfc(buf_str(tmp), tmp->len);
	if (nfc != NULL) {
		buf_reset(tmp);
		buf_puts(tmp, nfc);
		free(nfc);
	}
	*outlen = tmp->len;
	return buf_str(tmp);
}

void
chk_sanitize(char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t i = 0, n;

	while (i < len) {
		if (u[i] >= 0x20 && u[i] < 0x80) {
			i++;
			continue;
		}
		/* The letters of Vietnamese, without the general checks:
		 * U+0080..U+07FF, and U+1000..U+1FFF ("ạ" .. "ỹ"). */
		if (u[i] >= 0xC2 && u[i] < 0xE0 && i + 1 < len &&
		    (u[i + 1] & 0xC0) == 0x80) {
			i += 2;
			continue;
		}
		if (u[i] == 0xE1 && i + 2 < len && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80) {
			i += 3;
			continue;
		}
		n = chk_utf8_seq(u + i, len - i, &cp);
		if (n == 0) {
			s[i] = u[i] == 0 ? ' ' : '?';
			i++;
		} else
			i += n;
	}
}

/* Characters in s[0..n). */
static size_t
nchars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

/* Where to cut a too-long line: after the last blank in its final 4 KiB,
 * else at a character boundary. */
static size_t
cut_at(const char *s, size_t n)
{
	size_t i, lo = n > 4096 ? n - 4096 : 0;

	for (i = n; i > lo; i--)
		if (s[i - 1] == ' ' || s[i - 1] == '\t')
			return i;
	i = n;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i > 0 ? i : n;
}

void
chk_reader_init(struct chk_reader *r, struct chk *c, size_t lineno,
    bool file_start)
{
	memset(r, 0, sizeof *r);
	r->c = c;
	r->lineno = lineno;
	r->col0 = 1;
	r->first = file_start;
}

/* Feed s[0..n) as (the end of) the current line. */
static void
feed_end(struct chk_reader *r, const char *s, size_t n)
{
	if (n > 0 && s[n - 1] == '\r')
		n--;
	chk_feed(r->c, s, n, r->lineno, r->col0, true);
	r->lineno++;
	r->col0 = 1;
}

/* Keep the pending line under CHK_PIECE_MAX by feeding leading pieces. */
static void
spill(struct chk_reader *r)
{
	size_t k;

	while (r->line.len >= CHK_PIECE_MAX) {
		k = cut_at(r->line.data, CHK_PIECE_MAX);
		chk_feed(r->c, r->line.data, k, r->lineno, r->col0, false);
		r->col0 += nchars(r->line.data, k);
		memmove(r->line.data, r->line.data + k, r->line.len - k);
		r->line.len -= k;
		r->line.data[r->line.len] = '\0';
	}
}

void
chk_reader_take(struct chk_reader *r, const char *s, size_t n)
{
	const char *nl;
	size_t k;

	if (r->first && n > 0) {
		r->first = false;
		if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
			s += 3;
			n -= 3;
		}
	}
	while (n > 0) {
		nl = memchr(s, '\n', n);
		if (nl == NULL) {
			buf_append(&r->line, s, n);
			spill(r);
			return;
		}
		k = (size_t)(nl - s);
		if (r->line.len == 0 && k < CHK_PIECE_MAX)
			feed_end(r, s, k);
		else {
			buf_append(&r->line, s, k);
			spill(r);
			feed_end(r, r->line.data, r->line.len);
			buf_reset(&r->line);
		}
		s += k + 1;
		n -= k + 1;
	}
}

void
chk_reader_end(struct chk_reader *r)
{
	if (r->line.len > 0)
		feed_end(r, r->line.data, r->line.len);
	chk_finish(r->c);
	buf_free(&r->line);
}

void
chk_buffer(const char *s, size_t len, const struct chk_opts *o,
    const struct chk_sink *sink, struct chk_stats *st)
{
	struct chk *c = chk_new(o, sink);
	const struct chk_stats *cs;
	struct chk_reader r;

	chk_reader_init(&r, c, 1, false);
	chk_reader_take(&r, s != NULL ? s : "", s != NULL ? len : 0);
	chk_reader_end(&r);
	if (st != NULL) {
		cs = chk_get_stats(c);
		chk_stats_add(st, cs);
	}
	chk_free(c);
}

void
chk_stats_add(struct chk_stats *to, const struct chk_stats *from)
{
	to->claims += from->claims;
	to->errors += from->errors;
	to->warnings += from->warnings;
	to->oks += from->oks;
	to->unverifiable += from->unverifiable;
}
