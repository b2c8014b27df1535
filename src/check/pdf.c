/* pdf.c: the text layer of a PDF as lines for the checker (pdf.h).
 *
 * Poppler gives each page's text and one rectangle per character. Words
 * are runs of characters without blanks or gaps; lines are words sharing a
 * baseline (their vertical centres within a third of a line height);
 * bands are lines whose boxes touch vertically. Within a band, the lines of
 * a paragraph are joined (a short line, an indented line or a bullet starts
 * the next paragraph), so that a sentence wrapped over several lines is
 * read whole. A band whose words fall into three or more columns and name
 * figure columns (chk_table_header_score) is a table's header: the x
 * ranges of its word clusters are the columns, and each following band (a
 * row: cell borders and padding leave a gap between rows, never inside
 * one) becomes one line, its words put in the column they overlap most,
 * cells separated by tabs. A table repeated under the same header on the
 * next page goes on as the same table (the running head above it is
 * dropped). Poppler and glib are not used from two threads at once: one
 * lock around each document. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <poppler.h>

#include "core/dynlib.h"
#include "lex.h"
#include "pdf.h"
#include "table.h"

/* Limits that keep a hostile file's cost bounded. */
#define PAGES_MAX	20000
#define WORDS_MAX	200000		/* a page */
#define TEXT_MAX	(256u << 20)	/* bytes of output */
#define COLS_MAX	32

static pthread_mutex_t pdf_lock = PTHREAD_MUTEX_INITIALIZER;

/* Poppler's glib binding is opened with the first PDF (dynlib.h): it
 * brings libpoppler, libstdc++, NSS and the image codecs, some 20
 * libraries that a check of a text file would load for nothing; the glib
 * calls below come from the glib it loads (report/gfx.h: not linked). */
#define POPPLER_SONAME	"libpoppler-glib.so.8"
#define POPPLER_FUNCS(X)						\
	X(poppler_document_new_from_bytes)				\
	X(poppler_document_get_n_pages)					\
	X(poppler_document_get_page)					\
	X(poppler_page_get_text)					\
	X(poppler_page_get_text_layout)					\
	X(g_bytes_new_static) X(g_bytes_unref) X(g_error_free) X(g_free)	\
	X(g_object_unref) X(g_unichar_isspace) X(g_utf8_get_char_validated) \
	X(g_utf8_skip)
static struct { POPPLER_FUNCS(DYNLIB_FIELD) } pop;

DYNLIB_FILL(poppler_fill, pop, POPPLER_FUNCS)
static struct dynlib poppler_lib = { POPPLER_SONAME, "libpoppler-glib8",
    poppler_fill, false };

/* From here, glib through the table. */
#undef g_bytes_new_static
#define g_bytes_new_static	(*pop.g_bytes_new_static)
#undef g_bytes_unref
#define g_bytes_unref		(*pop.g_bytes_unref)
#undef g_error_free
#define g_error_free		(*pop.g_error_free)
#undef g_free
#define g_free			(*pop.g_free)
#undef g_object_unref
#define g_object_unref		(*pop.g_object_unref)
#undef g_unichar_isspace
#define g_unichar_isspace	(*pop.g_unichar_isspace)
#undef g_utf8_get_char_validated
#define g_utf8_get_char_validated (*pop.g_utf8_get_char_validated)
#undef g_utf8_skip
#define g_utf8_skip		(*pop.g_utf8_skip)

struct word {
	double	 x1, y1, x2, y2;
	size_t	 off, len;	/* in the page's word text */
};

struct line {
	double	 x1, y1, x2, y2;
	size_t	 w0, nw;	/* in the order array */
	unsigned no;		/* 1-based, in the page */
};

struct col {
	double	 x1, x2;	/* the header's words */
	double	 lo, hi;	/* the column's range */
};

struct page {
	struct word	*w;
	size_t		 nw, capw;
	struct buf	 wt;		/* the words' text */
	size_t		*ord;		/* words by line, then x */
	struct line	*l;
	size_t		 nl, capl;
	double		 h;		/* a typical line height */
	double		 right;		/* right edge of the text */
};

/* The state carried from page to page: an open table. */
struct state {
	struct buf	*out;
	struct pdf_map	*map;
	size_t		 outline;	/* output lines so far */
	bool		 tbl;		/* a table is open */
	bool		 suspended;	/* and its page has ended */
	struct col	 cols[COLS_MAX];
	size_t		 ncols;
	struct buf	 headkey;	/* its header, read by the header's
					   own columns (to know it again) */
	struct buf	 cell[COLS_MAX];
	struct buf	 tmp;
	bool		 toolong;
};

/* ---- the map ------------------------------------------------------------ */

static void
map_line(struct state *s)
{
	struct pdf_map *m = s->map;

	s->outline++;
	if (m == NULL)
		return;
	if (m->nlines == m->caplines) {
		m->caplines = m->caplines ? 2 * m->caplines : 256;
		m->first = xrealloc(m->first, m->caplines * sizeof *m->first);
	}
	m->first[m->nlines++] = m->nv;
}

static void
map_vline(struct state *s, unsigned page, unsigned line, size_t col)
{
	struct pdf_map *m = s->map;

	if (m == NULL)
		return;
	if (m->nv == m->capv) {
		m->capv = m->capv ? 2 * m->capv : 256;
		m->v = xrealloc(m->v, m->capv * sizeof *m->v);
	}
	m->v[m->nv].page = page;
	m->v[m->nv].line = line;
	m->v[m->nv].col = col;
	m->nv++;
}

void
pdf_map_find(const struct pdf_map *m, size_t line, size_t col,
    unsigned *page, unsigned *pline)
{
	size_t i, end;

	*page = 0;
	*pline = 0;
	if (m == NULL || line == 0 || line > m->nlines)
		return;
	i = m->first[line - 1];
	end = line < m->nlines ? m->first[line] : m->nv;
	if (i >= end)
		return;
	while (i + 1 < end && m->v[i + 1].col <= col)
		i++;
	*page = m->v[i].page;
	*pline = m->v[i].line;
}

void
pdf_map_free(struct pdf_map *m)
{
	if (m == NULL)
		return;
	free(m->v);
	free(m->first);
	memset(m, 0, sizeof *m);
}

/* ---- words and lines -------------------------------------------------- */

static bool
blank_cp(gunichar c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xA0 ||
	    g_unichar_isspace(c);
}

/* The page's words from its text and character boxes. */
static void
page_words(struct page *p, const char *text, const PopplerRectangle *r,
    guint nr)
{
	const char *q = text, *nx;
	struct word *w = NULL;
	gunichar c;
	double h;
	guint i;

	p->nw = 0;
	buf_reset(&p->wt);
	for (i = 0; i < nr && *q != '\0'; i++, q = nx) {
		nx = g_utf8_next_char(q);
		c = g_utf8_get_char_validated(q, (gssize)(nx - q));
		if (c == (gunichar)-1 || c == (gunichar)-2 || blank_cp(c) ||
		    c == 0) {
			w = NULL;
			continue;
		}
		h = r[i].y2 - r[i].y1;
		if (h <= 0)
			h = 1;
		/* A gap, or a jump to another line, ends the word. */
		if (w != NULL && (r[i].x1 > w->x2 + 0.2 * h ||
		    r[i].x1 < w->x2 - 0.5 * h ||
		    fabs((r[i].y1 + r[i].y2) - (w->y1 + w->y2)) > 0.7 * h))
			w = NULL;
		if (w == NULL) {
			if (p->nw == WORDS_MAX)
				break;
			if (p->nw == p->capw) {
				p->capw = p->capw ? 2 * p->capw : 1024;
				p->w = xrealloc(p->w, p->capw * sizeof *p->w);
			}
			w = &p->w[p->nw++];
			w->x1 = r[i].x1;
			w->y1 = r[i].y1;
			w->x2 = r[i].x2;
			w->y2 = r[i].y2;
			w->off = p->wt.len;
			w->len = 0;
		}
		buf_append(&p->wt, q, (size_t)(nx - q));
		w->len += (size_t)(nx - q);
		if (r[i].x1 < w->x1) w->x1 = r[i].x1;
		if (r[i].y1 < w->y1) w->y1 = r[i].y1;
		if (r[i].x2 > w->x2) w->x2 = r[i].x2;
		if (r[i].y2 > w->y2) w->y2 = r[i].y2;
	}
}

static const struct word *sort_w;

static int
by_y(const void *a, const void *b)
{
	const struct word *x = &sort_w[*(const size_t *)a];
	const struct word *y = &sort_w[*(const size_t *)b];
	double cx = x->y1 + x->y2, cy = y->y1 + y->y2;

	if (cx != cy)
		return cx < cy ? -1 : 1;
	return x->x1 < y->x1 ? -1 : x->x1 > y->x1;
}

static int
by_x(const void *a, const void *b)
{
	const struct word *x = &sort_w[*(const size_t *)a];
	const struct word *y = &sort_w[*(const size_t *)b];

	if (x->x1 != y->x1)
		return x->x1 < y->x1 ? -1 : 1;
	return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

static int
dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Lines: words by baseline (the lock makes sort_w safe). */
static void
page_lines(struct page *p)
{
	size_t i, k;
	struct line *l = NULL;
	double *hs, c;

	p->nl = 0;
	p->ord = xrealloc(p->ord, (p->nw ? p->nw : 1) * sizeof *p->ord);
	if (p->nw == 0)
		return;
	hs = xmalloc(p->nw * sizeof *hs);
	for (i = 0; i < p->nw; i++) {
		p->ord[i] = i;
		hs[i] = p->w[i].y2 - p->w[i].y1;
	}
	qsort(hs, p->nw, sizeof *hs, dbl_cmp);
	p->h = hs[p->nw / 2] > 0 ? hs[p->nw / 2] : 10;
	free(hs);
	sort_w = p->w;
	qsort(p->ord, p->nw, sizeof *p->ord, by_y);
	p->right = 0;
	for (i = 0; i < p->nw; i++) {
		const struct word *w = &p->w[p->ord[i]];

		c = (w->y1 + w->y2) / 2;
		if (l != NULL && fabs(c - (l->y1 + l->y2) / 2) <= 0.35 * p->h) {
			l->nw++;
			if (w->x1 < l->x1) l->x1 = w->x1;
			if (w->y1 < l->y1) l->y1 = w->y1;
			if (w->x2 > l->x2) l->x2 = w->x2;
			if (w->y2 > l->y2) l->y2 = w->y2;
			continue;
		}
		if (p->nl == p->capl) {
			p->capl = p->capl ? 2 * p->capl : 128;
			p->l = xrealloc(p->l, p->capl * sizeof *p->l);
		}
		l = &p->l[p->nl++];
		l->x1 = w->x1;
		l->y1 = w->y1;
		l->x2 = w->x2;
		l->y2 = w->y2;
		l->w0 = i;
		l->nw = 1;
		l->no = (unsigned)p->nl;
	}
	for (k = 0; k < p->nl; k++) {
		l = &p->l[k];
		qsort(p->ord + l->w0, l->nw, sizeof *p->ord, by_x);
		if (l->x2 > p->right)
			p->right = l->x2;
	}
}

#define WORD(p, l, j)	(&(p)->w[(p)->ord[(l)->w0 + (j)]])

/* Whether word j of line l starts a new chunk (a gap of a column). */
static bool
chunk_break(const struct page *p, const struct line *l, size_t j)
{
	return j > 0 && WORD(p, l, j)->x1 - WORD(p, l, j - 1)->x2 >
	    0.6 * p->h;
}

/* Whether lines [a, b) hold a digit. */
static bool
has_digit(const struct page *p, size_t a, size_t b)
{
	size_t k, j, i;

	for (k = a; k < b; k++)
		for (j = 0; j < p->l[k].nw; j++) {
			const struct word *w = WORD(p, &p->l[k], j);

			for (i = 0; i < w->len; i++)
				if (p->wt.data[w->off + i] >= '0' &&
				    p->wt.data[w->off + i] <= '9')
					return true;
		}
	return false;
}

/* Whether a line is one run of words, without a column's gap. */
static bool
one_chunk(const struct page *p, const struct line *l)
{
	size_t j;

	for (j = 1; j < l->nw; j++)
		if (chunk_break(p, l, j))
			return false;
	return true;
}

/* ---- output ------------------------------------------------------------- */

static void
put_word(struct state *s, struct buf *b, const struct page *p,
    const struct word *w)
{
	if (b->len > 0 && b->data[b->len - 1] != '\t' &&
	    b->data[b->len - 1] != '\n')
		buf_putc(b, ' ');
	buf_append(b, p->wt.data + w->off, w->len);
	(void)s;
}

static void
end_line(struct state *s)
{
	buf_putc(s->out, '\n');
	if (s->out->len > TEXT_MAX)
		s->toolong = true;
}

/* Column of the next byte of the current output line. */
static size_t
out_col(const struct state *s, size_t line_start)
{
	return chk_count_chars(s->out->data + line_start,
	    s->out->len - line_start) + 1;
}

/* Lines [a, b) of a band as prose: paragraphs joined. */
static void
put_prose(struct state *s, const struct page *p, size_t a, size_t b,
    unsigned pageno)
{
	size_t k, j, start = 0;
	const struct line *l;
	bool open = false, brk;
	double left = INFINITY;

	for (k = a; k < b; k++)
		if (p->l[k].x1 < left)
			left = p->l[k].x1;
	for (k = a; k < b; k++) {
		l = &p->l[k];
		brk = !open;
		if (open) {
			const struct line *pl = &p->l[k - 1];
			const struct word *fw = WORD(p, l, 0);
			unsigned char c0 = (unsigned char)p->wt.data[fw->off];

			if (pl->x2 < p->right - 2.5 * p->h ||
			    l->y1 - pl->y2 > p->h ||
			    l->x1 > left + 0.8 * p->h || c0 == '-' ||
			    c0 == '+' || c0 == 0xE2 /* • – */ ||
			    (fw->len <= 4 && c0 >= '0' && c0 <= '9' &&
			    p->wt.data[fw->off + fw->len - 1] == '.'))
				brk = true;
		}
		if (brk) {
			if (open)
				end_line(s);
			map_line(s);
			start = s->out->len;
			open = true;
		}
		map_vline(s, pageno, l->no, out_col(s, start) +
		    (s->out->len > start ? 1 : 0));
		for (j = 0; j < l->nw; j++)
			put_word(s, s->out, p, WORD(p, l, j));
	}
	if (open)
		end_line(s);
}

/* The columns of a header band, or 0 when it is not one. */
static size_t
header_cols(struct state *s, const struct page *p, size_t a, size_t b,
    struct col *cols)
{
	struct col cl[COLS_MAX];
	size_t n = 0, k, j, i, m;
	const char *texts[COLS_MAX];
	struct buf *tb = &s->tmp;
	size_t offs[COLS_MAX];
	int score;

	/* Chunks, clustered by overlapping x ranges. */
	for (k = a; k < b; k++) {
		const struct line *l = &p->l[k];
		double x1 = 0, x2 = 0;

		for (j = 0; j <= l->nw; j++) {
			if (j < l->nw && j > 0 && !chunk_break(p, l, j)) {
				if (WORD(p, l, j)->x2 > x2)
					x2 = WORD(p, l, j)->x2;
				continue;
			}
			if (j > 0) {	/* chunk [x1, x2] done */
				for (i = 0; i < n; i++)
					if (x1 <= cl[i].x2 + 0.3 * p->h &&
					    x2 >= cl[i].x1 - 0.3 * p->h)
						break;
				if (i < n) {
					if (x1 < cl[i].x1) cl[i].x1 = x1;
					if (x2 > cl[i].x2) cl[i].x2 = x2;
				} else if (n < COLS_MAX) {
					cl[n].x1 = x1;
					cl[n].x2 = x2;
					n++;
				} else
					return 0;
			}
			if (j < l->nw) {
				x1 = WORD(p, l, j)->x1;
				x2 = WORD(p, l, j)->x2;
			}
		}
	}
	if (n < 3)
		return 0;
	/* Merge clusters that grew into each other; sort by x. */
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (cl[j].x1 <= cl[i].x2 && cl[j].x2 >= cl[i].x1) {
				if (cl[j].x1 < cl[i].x1) cl[i].x1 = cl[j].x1;
				if (cl[j].x2 > cl[i].x2) cl[i].x2 = cl[j].x2;
				cl[j] = cl[--n];
				j = i;
			}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && cl[j].x1 < cl[j - 1].x1; j--) {
			struct col t = cl[j];

			cl[j] = cl[j - 1];
			cl[j - 1] = t;
		}
	if (n < 3)
		return 0;
	/* Each cluster's words, then the header score. */
	buf_reset(tb);
	for (i = 0; i < n; i++) {
		offs[i] = tb->len;
		for (k = a; k < b; k++) {
			const struct line *l = &p->l[k];

			for (j = 0; j < l->nw; j++) {
				const struct word *w = WORD(p, l, j);
				double c = (w->x1 + w->x2) / 2;

				if (c >= cl[i].x1 && c <= cl[i].x2) {
					if (tb->len > offs[i])
						buf_putc(tb, ' ');
					buf_append(tb, p->wt.data + w->off,
					    w->len);
				}
			}
		}
		buf_putc(tb, '\0');
	}
	for (i = 0; i < n; i++)
		texts[i] = tb->data + offs[i];
	score = chk_table_header_score(texts, n);
	if (score < 2)
		return 0;
	for (i = 0; i < n; i++) {
		cols[i] = cl[i];
		cols[i].lo = i == 0 ? -INFINITY : (cl[i - 1].x2 + cl[i].x1) / 2;
		cols[i].hi = i + 1 == n ? INFINITY : (cl[i].x2 + cl[i + 1].x1) / 2;
	}
	m = n;
	return m;
}

static double
overlap(double a1, double a2, double b1, double b2)
{
	double lo = a1 > b1 ? a1 : b1, hi = a2 < b2 ? a2 : b2;

	return hi > lo ? hi - lo : 0;
}

/* An uncovered strip [a, b]: its part between the headers [l, r]; the
 * widest so far is kept. */
static void
strip(double a, double b, double l, double r, double *best, double *bx)
{
	if (a < l)
		a = l;
	if (b > r)
		b = r;
	if (b - a > *best) {
		*best = b - a;
		*bx = (a + b) / 2;
	}
}

/* Better column boundaries from a table's rows (bands [r0, r1)): the
 * widest strip that no word of a row covers, between two header clusters
 * (a header centred over a left-aligned column says little about where
 * the column starts; no boundary runs under a header's words). Section rows (across two
 * headers) do not count. */
static void
refine_cols(struct state *s, const struct page *p, const size_t *ba,
    const size_t *bb, size_t r0, size_t r1)
{
	double *iv, lo, hi, best, bx, cur, c1, c2;
	size_t n = 0, cap = 0, r, k, j, i, m;

	for (r = r0; r < r1; r++)
		for (k = ba[r]; k < bb[r]; k++)
			cap += p->l[k].nw;
	if (cap == 0)
		return;
	iv = xmalloc(2 * cap * sizeof *iv);
	for (r = r0; r < r1; r++)
		for (k = ba[r]; k < bb[r]; k++) {
			const struct line *l = &p->l[k];
			size_t c0, centres;

			for (c0 = 0; c0 < l->nw; c0 = j) {
				lo = WORD(p, l, c0)->x1;
				hi = WORD(p, l, c0)->x2;
				for (j = c0 + 1; j < l->nw &&
				    !chunk_break(p, l, j); j++)
					hi = WORD(p, l, j)->x2;
				/* Across two headers: a section row. */
				for (centres = 0, i = 0; i < s->ncols; i++)
					if ((s->cols[i].x1 + s->cols[i].x2) / 2 >
					    lo && (s->cols[i].x1 +
					    s->cols[i].x2) / 2 < hi)
						centres++;
				if (centres >= 2)
					continue;
				iv[2 * n] = lo;
				iv[2 * n + 1] = hi;
				n++;
			}
		}
	qsort(iv, n, 2 * sizeof *iv, dbl_cmp);	/* by x1 */
	for (i = 0; i + 1 < s->ncols; i++) {
		c1 = (s->cols[i].x1 + s->cols[i].x2) / 2;
		c2 = (s->cols[i + 1].x1 + s->cols[i + 1].x2) / 2;
		best = 0;
		bx = s->cols[i].hi;
		cur = c1;
		for (m = 0; m < n && iv[2 * m] < c2; m++) {
			lo = iv[2 * m];
			hi = iv[2 * m + 1];
			if (hi <= cur)
				continue;
			if (lo > cur)
				strip(cur, lo, s->cols[i].x2,
				    s->cols[i + 1].x1, &best, &bx);
			if (hi > cur)
				cur = hi;
		}
		if (c2 > cur)
			strip(cur, c2, s->cols[i].x2, s->cols[i + 1].x1,
			    &best, &bx);
		if (best > 0) {
			s->cols[i].hi = bx;
			s->cols[i + 1].lo = bx;
		}
	}
	free(iv);
}

/* A chunk of a row: words [w0, w1) of line k, their x range, column. */
struct chunk {
	size_t	 k, w0, w1;
	double	 x1, x2, best;	/* best: its overlap with col */
	size_t	 col;
};

/* A band as a table row; false when it is not one (a paragraph across
 * the columns). Each chunk goes to the column it overlaps most; then a
 * chunk that starts where a wider chunk of the band starts (the lines of
 * one left-aligned cell: "Thu" under "Diện tích … Hè") follows it. */
static bool
put_row(struct state *s, const struct page *p, size_t a, size_t b,
    unsigned pageno, bool dry)
{
	struct chunk *ch;
	size_t k, j, i, n = 0, cap = 0, spans, c0;
	double o, lo, hi;
	bool ok = true;

	for (k = a; k < b; k++)
		cap += p->l[k].nw;
	ch = xmalloc((cap ? cap : 1) * sizeof *ch);
	for (k = a; k < b && ok; k++) {
		const struct line *l = &p->l[k];

		for (c0 = 0; c0 < l->nw; c0 = j) {
			struct chunk *c = &ch[n++];

			c->k = k;
			c->w0 = c0;
			c->x1 = WORD(p, l, c0)->x1;
			c->x2 = WORD(p, l, c0)->x2;
			for (j = c0 + 1; j < l->nw && !chunk_break(p, l, j);
			    j++)
				c->x2 = WORD(p, l, j)->x2;
			c->w1 = j;
			c->col = 0;
			c->best = -1;
			spans = 0;
			for (i = 0; i < s->ncols; i++) {
				lo = s->cols[i].lo;
				hi = s->cols[i].hi;
				o = overlap(c->x1, c->x2, lo, hi);
				if (isinf(lo))
					lo = s->cols[i].x1 - p->h;
				if (isinf(hi))
					hi = s->cols[i].x2 + p->h;
				/* Over half of a column: the chunk is in it. */
				if (o > 0.5 * (hi - lo))
					spans++;
				if (o > c->best) {
					c->best = o;
					c->col = i;
				}
			}
			if (spans < 3)
				continue;
			/* A paragraph across the table ends it; a lone line
			 * across it is a section row ("I. Kinh tế"). */
			if (!(b - a == 1 && c0 == 0 && j == l->nw)) {
				ok = false;
				break;
			}
			for (i = 0; i + 1 < s->ncols && c->x1 >= s->cols[i].hi;
			    i++)
				;
			c->col = i;
			c->best = INFINITY;
		}
	}
	if (!ok || dry) {
		free(ch);
		return ok;
	}
	for (i = 0; i < n; i++)
		for (j = 0; j < n; j++)
			if (j != i && ch[j].col != ch[i].col &&
			    fabs(ch[j].x1 - ch[i].x1) < 1.0 &&
			    ch[j].x2 - ch[j].x1 > ch[i].x2 - ch[i].x1 &&
			    ch[j].best > ch[i].best)
				ch[i].col = ch[j].col;
	for (i = 0; i < s->ncols; i++)
		buf_reset(&s->cell[i]);
	for (i = 0; i < n; i++)
		for (j = ch[i].w0; j < ch[i].w1; j++)
			put_word(s, &s->cell[ch[i].col], p,
			    WORD(p, &p->l[ch[i].k], j));
	free(ch);
	map_line(s);
	map_vline(s, pageno, p->l[a].no, 1);
	for (i = 0; i < s->ncols; i++) {
		if (i > 0)
			buf_putc(s->out, '\t');
		if (s->cell[i].len > 0)
			buf_append(s->out, s->cell[i].data, s->cell[i].len);
	}
	end_line(s);
	return true;
}

/* Write the header's cells (tab-separated) into b. */
static void
header_text(struct state *s, const struct page *p, size_t a, size_t e,
    struct buf *b)
{
	size_t k, j, i;

	for (i = 0; i < s->ncols; i++)
		buf_reset(&s->cell[i]);
	for (k = a; k < e; k++) {
		const struct line *l = &p->l[k];

		for (j = 0; j < l->nw; j++) {
			const struct word *w = WORD(p, l, j);
			double c = (w->x1 + w->x2) / 2;

			for (i = 0; i + 1 < s->ncols && c >= s->cols[i].hi; i++)
				;
			put_word(s, &s->cell[i], p, w);
		}
	}
	buf_reset(b);
	for (i = 0; i < s->ncols; i++) {
		if (i > 0)
			buf_putc(b, '\t');
		buf_append(b, s->cell[i].data != NULL ? s->cell[i].data : "",
		    s->cell[i].len);
	}
}

/* The bands of a page: runs of lines whose boxes touch. */
static size_t
page_bands(const struct page *p, size_t **ba, size_t **bb)
{
	size_t a, b, n = 0;
	double y2;

	*ba = xmalloc((p->nl ? p->nl : 1) * sizeof **ba);
	*bb = xmalloc((p->nl ? p->nl : 1) * sizeof **bb);
	for (a = 0; a < p->nl; a = b) {
		y2 = p->l[a].y2;
		for (b = a + 1; b < p->nl && p->l[b].y1 <= y2 + 0.12 * p->h;
		    b++)
			if (p->l[b].y2 > y2)
				y2 = p->l[b].y2;
		(*ba)[n] = a;
		(*bb)[n] = b;
		n++;
	}
	return n;
}

/* The rows after a header (or on a page a table goes on to): bands
 * [r0, *r1) that are rows. A row is not a new header, not a paragraph
 * across the columns, and not much further below than rows are apart. */
static size_t
table_rows(struct state *s, const struct page *p, const size_t *ba,
    const size_t *bb, size_t nb, size_t r0, double y2)
{
	struct col cols[COLS_MAX];
	double gap, maxgap = -1;
	size_t r;

	for (r = r0; r < nb; r++) {
		gap = p->l[ba[r]].y1 - y2;
		if (gap > 2.5 * p->h)
			break;
		if (maxgap >= 0 && gap > 2 * maxgap + 0.25 * p->h)
			break;
		if (!has_digit(p, ba[r], bb[r]) &&
		    header_cols(s, p, ba[r], bb[r], cols) > 0)
			break;
		if (!put_row(s, p, ba[r], bb[r], 0, true))
			break;
		if (gap > maxgap)
			maxgap = gap;
		y2 = p->l[bb[r] - 1].y2;
		for (size_t k = ba[r]; k < bb[r]; k++)
			if (p->l[k].y2 > y2)
				y2 = p->l[k].y2;
	}
	return r;
}

static void
do_page(struct state *s, struct page *p, unsigned pageno)
{
	size_t *ba, *bb, nb, bi, r, r1, k, a, b, n, pa = 0, pb = 0;
	struct col cols[COLS_MAX];
	struct buf *h = &s->tmp;
	double y2;
	bool cont;

	nb = page_bands(p, &ba, &bb);
	for (bi = 0; bi < nb; bi++) {
		a = ba[bi];
		b = bb[bi];
		n = header_cols(s, p, a, b, cols);
		/* A caption line touching the header: it is prose. */
		for (k = 1; n == 0 && k <= 3 && a + k < b && one_chunk(p,
		    &p->l[a + k - 1]); k++)
			if ((n = header_cols(s, p, a + k, b, cols)) > 0) {
				if (pb != a)
					pa = a;
				pb = a + k;
				a += k;
			}
		if (n == 0 && s->tbl && s->suspended) {
			/* The page a table goes on to: a running head is
			 * dropped; rows under the same columns go on. */
			if (b - a == 1 && p->l[a].nw <= 3 && pb == pa &&
			    bi + 1 < nb && header_cols(s, p, ba[bi + 1],
			    bb[bi + 1], cols) > 0)
				continue;
			if (pb == pa && has_digit(p, a, b) &&
			    put_row(s, p, a, b, 0, true)) {
				r1 = table_rows(s, p, ba, bb, nb, bi,
				    p->l[a].y1);
				for (r = bi; r < r1; r++)
					put_row(s, p, ba[r], bb[r], pageno,
					    false);
				s->suspended = r1 == nb;
				s->tbl = r1 == nb;
				pa = pb = bb[r1 - 1];
				bi = r1 - 1;
				continue;
			}
		}
		if (n == 0) {
			s->tbl = false;
			if (pb != a)
				pa = a;
			pb = b;
			continue;
		}
		/* A header: prose before it goes out first. */
		if (pb > pa)
			put_prose(s, p, pa, pb, pageno);
		memcpy(s->cols, cols, n * sizeof *cols);
		s->ncols = n;
		header_text(s, p, a, b, h);
		cont = s->tbl && s->suspended && h->len == s->headkey.len &&
		    memcmp(h->data, s->headkey.data, h->len) == 0;
		buf_reset(&s->headkey);
		buf_append(&s->headkey, h->data, h->len);
		y2 = p->l[a].y2;
		for (k = a; k < b; k++)
			if (p->l[k].y2 > y2)
				y2 = p->l[k].y2;
		r1 = table_rows(s, p, ba, bb, nb, bi + 1, y2);
		refine_cols(s, p, ba, bb, bi + 1, r1);
		if (!cont) {
			header_text(s, p, a, b, h);
			map_line(s);
			map_vline(s, pageno, p->l[a].no, 1);
			buf_append(s->out, h->data, h->len);
			end_line(s);
		}
		for (r = bi + 1; r < r1; r++)
			put_row(s, p, ba[r], bb[r], pageno, false);
		s->tbl = r1 == nb;
		s->suspended = s->tbl;
		bi = r1 - 1;
		pa = pb = bb[bi];
	}
	if (pb > pa)
		put_prose(s, p, pa, pb, pageno);
	if (s->tbl)
		s->suspended = true;
	free(ba);
	free(bb);
}

static void
state_free(struct state *s)
{
	size_t i;

	buf_free(&s->headkey);
	buf_free(&s->tmp);
	for (i = 0; i < COLS_MAX; i++)
		buf_free(&s->cell[i]);
}

static void
page_free(struct page *p)
{
	free(p->w);
	free(p->ord);
	free(p->l);
	buf_free(&p->wt);
}

int
pdf_text_mem(const void *data, size_t len, const char *name,
    struct buf *out, struct pdf_map *map, struct buf *err)
{
	PopplerDocument *doc = NULL;
	GBytes *bytes;
	GError *gerr = NULL;
	struct buf lerr = BUF_INIT;
	struct state s;
	struct page p;
	size_t before = out->len, words = 0;
	int np, i, rc = -1;

	if (name == NULL)
		name = "";
	if (len > INT_MAX) {
		if (err != NULL)
			buf_printf(err, "không đọc được tệp PDF %s: tệp quá lớn",
			    name);
		return -1;
	}
	memset(&s, 0, sizeof s);
	memset(&p, 0, sizeof p);
	s.out = out;
	s.map = map;
	if (map != NULL)
		memset(map, 0, sizeof *map);
	pthread_mutex_lock(&pdf_lock);
	if (dynlib_load(&poppler_lib, &lerr) != 0) {
		if (err != NULL)
			buf_printf(err, "không đọc được tệp PDF %s: %s", name,
			    buf_str(&lerr));
		goto out;
	}
	bytes = g_bytes_new_static(data, len);
	doc = pop.poppler_document_new_from_bytes(bytes, NULL, &gerr);
	g_bytes_unref(bytes);
	if (doc == NULL) {
		if (err != NULL) {
			if (gerr != NULL && gerr->code == POPPLER_ERROR_ENCRYPTED)
				buf_printf(err, "không đọc được tệp PDF %s: tệp "
				    "được bảo vệ bằng mật khẩu", name);
			else
				buf_printf(err, "không đọc được tệp PDF %s: %s",
				    name, gerr != NULL ? gerr->message :
				    "tệp hỏng");
		}
		goto out;
	}
	np = pop.poppler_document_get_n_pages(doc);
	if (np > PAGES_MAX)
		np = PAGES_MAX;
	for (i = 0; i < np && !s.toolong; i++) {
		PopplerPage *pg = pop.poppler_document_get_page(doc, i);
		PopplerRectangle *r = NULL;
		guint nr = 0;
		char *text;

		if (pg == NULL)
			continue;
		text = pop.poppler_page_get_text(pg);
		if (text != NULL &&
		    pop.poppler_page_get_text_layout(pg, &r, &nr)) {
			page_words(&p, text, r, nr);
			words += p.nw;
			page_lines(&p);
			do_page(&s, &p, (unsigned)i + 1);
		}
		g_free(r);
		g_free(text);
		g_object_unref(pg);
	}
	if (map != NULL)
		map->npages = (unsigned)np;
	if (words == 0) {
		if (err != NULL)
			buf_printf(err, "tệp PDF %s không có lớp chữ (có lẽ là "
			    "bản quét hoặc ảnh chụp): không có chữ nào để kiểm "
			    "tra; hãy dùng tệp Word hoặc PDF xuất từ văn bản, "
			    "hoặc nhận dạng chữ (OCR) trước", name);
		goto out;
	}
	if (s.toolong) {
		if (err != NULL)
			buf_printf(err, "không đọc được tệp PDF %s: văn bản dài "
			    "quá %u MB", name, TEXT_MAX >> 20);
		goto out;
	}
	rc = 0;
out:
	if (doc != NULL)
		g_object_unref(doc);
	if (gerr != NULL)
		g_error_free(gerr);
	pthread_mutex_unlock(&pdf_lock);
	buf_free(&lerr);
	page_free(&p);
	state_free(&s);
	if (rc != 0) {
		out->len = before;
		if (out->data != NULL)
			out->data[before] = '\0';
		pdf_map_free(map);
	}
	return rc;
}

int
pdf_text(const char *path, struct buf *out, struct pdf_map *map,
    struct buf *err)
{
	struct buf raw = BUF_INIT;
	FILE *fp;
	size_t k;
	int rc;

	if ((fp = fopen(path, "rb")) == NULL) {
		if (err != NULL)
			buf_printf(err, "%s: không mở được tệp: %s", path,
			    strerror(errno));
		return -1;
	}
	do {
		buf_grow(&raw, 1u << 20);
		k = fread(raw.data + raw.len, 1, 1u << 20, fp);
		raw.len += k;
	} while (k > 0 && raw.len <= INT_MAX);
	if (ferror(fp) || raw.len > INT_MAX) {
		if (err != NULL)
			buf_printf(err, "%s: %s", path, ferror(fp) ?
			    "lỗi đọc tệp" : "tệp PDF quá lớn");
		fclose(fp);
		buf_free(&raw);
		return -1;
	}
	fclose(fp);
	rc = pdf_text_mem(raw.data != NULL ? raw.data : "", raw.len, path, out,
	    map, err);
	buf_free(&raw);
	return rc;
}
