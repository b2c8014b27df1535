/* html.c: HTML to the checker's lines (html.h). A tag is read as its name
 * and, for td/th, its colspan; everything else about it is ignored. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "html.h"

/* Most cells a colspan may add. */
#define SPAN_MAX	64

struct html {
	struct buf	*out;
	int		 tbl;		/* table nesting */
	size_t		 cells;		/* cells of the outermost row so far */
	bool		 blank;		/* a blank is pending */
	bool		 in_row;
	size_t		 span;		/* empty cells owed after this one */
};

/* The empty cells a colspan owes, once its text is written. */
static void
flush_span(struct html *h)
{
	for (; h->span > 0; h->span--)
		buf_putc(h->out, '\t');
}

/* Whether the output's current line has text. */
static bool
line_has_text(const struct html *h)
{
	return h->out->len > 0 && h->out->data[h->out->len - 1] != '\n';
}

static void
put_bytes(struct html *h, const char *s, size_t n)
{
	if (h->blank && line_has_text(h) &&
	    h->out->data[h->out->len - 1] != '\t')
		buf_putc(h->out, ' ');
	h->blank = false;
	buf_append(h->out, s, n);
}

/* A paragraph's end: a new line, or a blank inside a table. */
static void
block_break(struct html *h)
{
	if (h->tbl > 0) {
		h->blank = true;
		return;
	}
	if (line_has_text(h))
		buf_putc(h->out, '\n');
	h->blank = false;
}

static void
put_utf8(struct html *h, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	put_bytes(h, u, n);
}

/* An entity at s[0] == '&': its length, the text put out. */
static size_t
entity(struct html *h, const char *s, size_t len)
{
	static const struct { const char *name; const char *text; } ents[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" },
		{ "quot;", "\"" }, { "apos;", "'" }, { "ndash;", "–" },
		{ "mdash;", "—" }, { "hellip;", "…" }, { "ldquo;", "“" },
		{ "rdquo;", "”" },
	};
	static const struct { const char *name; unsigned long cp; } latin[] = {
		{ "agrave", 0xE0 }, { "aacute", 0xE1 }, { "acirc", 0xE2 },
		{ "atilde", 0xE3 }, { "egrave", 0xE8 }, { "eacute", 0xE9 },
		{ "ecirc", 0xEA }, { "igrave", 0xEC }, { "iacute", 0xED },
		{ "ograve", 0xF2 }, { "oacute", 0xF3 }, { "ocirc", 0xF4 },
		{ "otilde", 0xF5 }, { "ugrave", 0xF9 }, { "uacute", 0xFA },
		{ "yacute", 0xFD },
	};
	size_t i, k, n;
	unsigned long cp = 0;

	if (len >= 6 && strncasecmp(s + 1, "nbsp;", 5) == 0) {
		h->blank = true;
		return 6;
	}
	for (i = 0; i < sizeof ents / sizeof ents[0]; i++) {
		n = strlen(ents[i].name);
		if (len > n && memcmp(s + 1, ents[i].name, n) == 0) {
			put_bytes(h, ents[i].text, strlen(ents[i].text));
			return n + 1;
		}
	}
	/* Latin-1 letters of Vietnamese, as old editors write them. */
	for (i = 0; i < sizeof latin / sizeof latin[0]; i++) {
		n = strlen(latin[i].name);
		if (len > n + 1 && strncasecmp(s + 1, latin[i].name, n) == 0 &&
		    s[n + 1] == ';') {
			cp = latin[i].cp;
			if (s[1] >= 'A' && s[1] <= 'Z')
				cp -= 0x20;
			put_utf8(h, cp);
			return n + 2;
		}
	}
	if (len >= 4 && s[1] == '#') {
		bool hex = s[2] == 'x' || s[2] == 'X';

		for (k = hex ? 3 : 2; k < len && k < 12; k++) {
			int c = (unsigned char)s[k];

			if (hex && isxdigit(c))
				cp = cp * 16 + (unsigned long)(isdigit(c) ? c - '0' :
				    tolower(c) - 'a' + 10);
			else if (!hex && isdigit(c))
				cp = cp * 10 + (unsigned long)(c - '0');
			else
				break;
		}
		if (k < len && s[k] == ';' && k > (hex ? 3u : 2u)) {
			if (cp == 0xA0)
				h->blank = true;
			else
				put_utf8(h, cp);
			return k + 1;
		}
	}
	put_bytes(h, "&", 1);
	return 1;
}

/* The colspan of a td/th tag's attributes a[0..n). */
static size_t
colspan(const char *a, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i + 7 < n; i++)
		if (strncasecmp(a + i, "colspan", 7) == 0) {
			i += 7;
			while (i < n && (a[i] == ' ' || a[i] == '=' ||
			    a[i] == '"' || a[i] == '\''))
				i++;
			while (i < n && isdigit((unsigned char)a[i]) && k < 1000)
				k = k * 10 + (size_t)(a[i++] - '0');
			break;
		}
	return k >= 1 ? (k > SPAN_MAX ? SPAN_MAX : k) : 1;
}

static bool
name_is(const char *nm, size_t n, const char *w)
{
	return strlen(w) == n && strncasecmp(nm, w, n) == 0;
}

static bool
block_tag(const char *nm, size_t n)
{
	static const char *const blocks[] = { "p", "div", "br", "li", "h1",
		"h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd",
		"blockquote", "pre", "caption", "section", "article", "header",
		"footer", "hr", "title", "main", "nav", "figure", "figcaption",
		"address", "body", NULL };
	size_t i;

	for (i = 0; blocks[i] != NULL; i++)
		if (name_is(nm, n, blocks[i]))
			return true;
	return false;
}

/* One tag: name nm[0..n), attributes a[0..an), closing or not. */
static void
tag(struct html *h, const char *nm, size_t n, const char *a, size_t an,
    bool closing)
{
	size_t span;

	if (name_is(nm, n, "table")) {
		if (!closing) {
			block_break(h);
			h->tbl++;
		} else if (h->tbl > 0) {
			h->tbl--;
			if (h->tbl == 0 && line_has_text(h))
				buf_putc(h->out, '\n');
		}
		return;
	}
	if (h->tbl == 1 && name_is(nm, n, "tr")) {
		if (!closing) {
			if (line_has_text(h))
				buf_putc(h->out, '\n');
			h->cells = 0;
			h->in_row = true;
		} else if (h->in_row) {
			flush_span(h);
			if (h->cells == 1)
				buf_putc(h->out, '\t');
			buf_putc(h->out, '\n');
			h->in_row = false;
			h->cells = 0;
		}
		h->blank = false;
		return;
	}
	if (h->tbl == 1 && (name_is(nm, n, "td") || name_is(nm, n, "th"))) {
		if (closing)
			return;
		span = colspan(a, an);
		flush_span(h);
		if (h->cells++ > 0)
			buf_putc(h->out, '\t');
		/* The empty cells of a span follow the cell's text. */
		h->span = span - 1;
		h->cells += span - 1;
		h->blank = false;
		return;
	}
	if (h->tbl > 1 && (name_is(nm, n, "td") || name_is(nm, n, "th") ||
	    name_is(nm, n, "tr"))) {
		h->blank = true;
		return;
	}
	if (block_tag(nm, n))
		block_break(h);
}

/* Skip to the end of an element whose content is not text (script,
 * style): the index after "</name". */
static size_t
skip_raw(const char *s, size_t len, size_t i, const char *name)
{
	size_t n = strlen(name);

	for (; i + n + 2 <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, n) == 0)
			return i;
	return len;
}

void
html_text(const char *s, size_t len, struct buf *out)
{
	struct html h;
	size_t i = 0, j, nb, ne, ab;
	bool closing;

	memset(&h, 0, sizeof h);
	h.out = out;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if (c == '<') {
			if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
				const char *e = NULL;
				size_t k;

				for (k = i + 4; k + 3 <= len; k++)
					if (memcmp(s + k, "-->", 3) == 0) {
						e = s + k;
						break;
					}
				i = e != NULL ? (size_t)(e - s) + 3 : len;
				continue;
			}
			j = i + 1;
			closing = j < len && s[j] == '/';
			if (closing)
				j++;
			nb = j;
			while (j < len && (isalnum((unsigned char)s[j]) ||
			    s[j] == '-' || s[j] == ':'))
				j++;
			ne = j;
			if (ne == nb && !(j < len && (s[j] == '!' ||
			    s[j] == '?'))) {
				put_bytes(&h, "<", 1);	/* a lone "<" */
				i++;
				continue;
			}
			ab = j;
			/* The tag's end, quotes respected. */
			{
				char q = 0;

				for (; j < len; j++) {
					if (q != 0) {
						if (s[j] == q)
							q = 0;
					} else if (s[j] == '"' || s[j] == '\'')
						q = s[j];
					else if (s[j] == '>')
						break;
				}
			}
			if (ne > nb)
				tag(&h, s + nb, ne - nb, s + ab, j - ab, closing);
			i = j < len ? j + 1 : len;
			if (!closing && (name_is(s + nb, ne - nb, "script") ||
			    name_is(s + nb, ne - nb, "style") ||
			    name_is(s + nb, ne - nb, "head"))) {
				i = skip_raw(s, len, i, name_is(s + nb, ne - nb,
				    "head") ? "head" : name_is(s + nb, ne - nb,
				    "script") ? "script" : "style");
			}
			continue;
		}
		if (c == '&') {
			i += entity(&h, s + i, len - i);
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
		    c == '\f') {
			h.blank = true;
			i++;
			continue;
		}
		for (j = i; j < len && s[j] != '<' && s[j] != '&' &&
		    s[j] != ' ' && s[j] != '\t' && s[j] != '\n' &&
		    s[j] != '\r' && s[j] != '\f'; j++)
			;
		put_bytes(&h, s + i, j - i);
		i = j;
	}
	if (line_has_text(&h))
		buf_putc(out, '\n');
}
