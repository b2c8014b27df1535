/* text.c: UTF-8 checks, NFC and folding for Vietnamese, on utf8proc. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "buf.h"
#include "text.h"

int
text_utf8_check(const char *s, size_t len, size_t *bad)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t off = 0;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (off < len) {
		n = utf8proc_iterate(p + off, (utf8proc_ssize_t)(len - off), &cp);
		if (n <= 0 || cp == 0) {
			if (bad != NULL)
				*bad = off;
			return -1;
		}
		off += (size_t)n;
	}
	return 0;
}

size_t
text_column(const char *s, size_t off)
{
	size_t i, col = 1;

	for (i = 0; i < off && s[i] != '\0'; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* Run utf8proc_map over a copy (it needs the length, not a NUL). */
static char *
map(const char *s, size_t len, utf8proc_option_t opt)
{
	utf8proc_uint8_t *out = NULL;
	utf8proc_ssize_t n;
	char *r;

	if (text_utf8_check(s, len, NULL) != 0)
		return NULL;
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len,
	    &out, opt);
	if (n < 0)
		return NULL;
	r = xstrndup((const char *)out, (size_t)n);
	free(out);
	return r;
}

/* Whether valid UTF-8 s[0..len) is NFC by a quick look (text.h): every
 * character below U+0300 (no combining mark, nothing that composes), a
 * precomposed letter of Latin Extended Additional (the Vietnamese "ế", "ở"),
 * or typographic punctuation and currency signs ("–", "“", "₫"). None of
 * these changes under NFC or composes with its neighbour, so the text of a
 * Vietnamese file (millions of target rows at national size) skips
 * utf8proc's decomposition and recomposition. */
bool
text_nfc_quick(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t off = 0;

	while (off < len) {
		if (p[off] < 0x80) {
			off++;
			continue;
		}
		n = utf8proc_iterate(p + off, (utf8proc_ssize_t)(len - off), &cp);
		if (n <= 0)
			return false;
		if (!(cp < 0x300 || (cp >= 0x1E00 && cp <= 0x1EFF) ||
		    (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x2030 && cp <= 0x205E) ||
		    (cp >= 0x20A0 && cp <= 0x20BF)))
			return false;
		off += (size_t)n;
	}
	return true;
}

char *
text_nfc(const char *s, size_t len)
{
	if (text_utf8_check(s, len, NULL) != 0)
		return NULL;
	if (text_nfc_quick(s, len))
		return xstrndup(s, len);
	return map(s, len, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

char *
text_fold(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	char *m, *p;
	bool blank = false;

	m = map(s, len, UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	    UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD | UTF8PROC_LUMP);
	if (m == NULL)
		return NULL;
	for (p = m; *p != '\0'; p++) {
		/* U+0111 "đ" has no decomposition: fold it by hand. */
		if ((unsigned char)p[0] == 0xC4 && (unsigned char)p[1] == 0x91) {
			p++;
			if (blank && b.len > 0)
				buf_putc(&b, ' ');
			blank = false;
			buf_putc(&b, 'd');
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			blank = true;
			continue;
		}
		if (blank && b.len > 0)
			buf_putc(&b, ' ');
		blank = false;
		buf_putc(&b, *p);
	}
	free(m);
	return buf_detach(&b);
}

size_t
text_width(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t w = 0;

	while (*p != '\0') {
		n = utf8proc_iterate(p, -1, &cp);
		if (n <= 0)
			return w + strlen((const char *)p);
		w += (size_t)utf8proc_charwidth(cp);
		p += n;
	}
	return w;
}

/* Unit kinds, folded, longest first so "thi xa" wins over "xa". */
static const char *const unit_kinds[] = {
	"thanh pho", "thi tran", "thi xa", "dac khu", "phuong", "huyen",
	"quan", "tinh", "xa", NULL
};

const char *
text_strip_unit_kind(const char *s)
{
	size_t i, n;

	for (i = 0; unit_kinds[i] != NULL; i++) {
		n = strlen(unit_kinds[i]);
		if (strncmp(s, unit_kinds[i], n) == 0 && s[n] == ' ' &&
		    s[n + 1] != '\0')
			return s + n + 1;
	}
	return s;
}

bool
text_unit_kind_known(const char *s)
{
	size_t i;

	for (i = 0; unit_kinds[i] != NULL; i++)
		if (strcmp(s, unit_kinds[i]) == 0)
			return true;
	return false;
}

char *
text_upper(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_uint8_t enc[4];
	struct buf b = BUF_INIT;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	char *r;

	while (*p != '\0' && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		n = utf8proc_encode_char(utf8proc_toupper(cp), enc);
		buf_append(&b, (const char *)enc, (size_t)n);
		p += utf8proc_iterate(p, -1, &cp);
	}
	r = text_nfc(buf_str(&b), b.len);
	buf_free(&b);
	return r;
}

char *
text_lower_first(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_uint8_t enc[4];
	struct buf b = BUF_INIT;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	if (*p != '\0' && (n = utf8proc_iterate(p, -1, &cp)) > 0) {
		buf_append(&b, (const char *)enc,
		    (size_t)utf8proc_encode_char(utf8proc_tolower(cp), enc));
		p += n;
	}
	buf_puts(&b, (const char *)p);
	return buf_detach(&b);
}
