/* rpt_pdf.c: the PDF writer. It lays the report model of rpt.h out as a
 * Decree 30/2020/NĐ-CP document (A4, margins 20/20/30/15 mm, Times New Roman
 * or its metric twin Liberation Serif) with cairo's PDF surface and pango:
 * the two-column header of page 1, the title, paragraphs broken across pages
 * line by line, bordered tables whose header repeats on every page they
 * continue on, and the closing (recipients, signature) kept on one page.
 * Page numbers sit centred in the top margin from page 2. cairo subsets and
 * embeds every font and writes ToUnicode maps, so Vietnamese text extracts
 * as typed. The file is written to PATH.tmp and renamed into place.
 *
 * Speed: every text is shaped once (a block's layout serves both the
 * keep-with-next measure and the drawing; a table shapes each distinct cell
 * text once to find its widest word and once at its column width), and with
 * two processors cairo writes each finished page out in a second thread
 * while this one lays out what comes next (see "blocks, laid out once,
 * ahead"). */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rpt.h"
#include "gfx.h"

/* Geometry in PDF points (1/72 in); cairo's user space is in points. */
#define PDF_MM		(72.0 / 25.4)
#define PDF_PAGE_W	(210.0 * PDF_MM)	/* A4: 595.276 */
#define PDF_PAGE_H	(297.0 * PDF_MM)	/* A4: 841.89 */
#define PDF_TOP		(20.0 * PDF_MM)
#define PDF_BOTTOM	(20.0 * PDF_MM)
#define PDF_LEFT	(30.0 * PDF_MM)
#define PDF_RIGHT	(15.0 * PDF_MM)
#define PDF_TEXT_W	(PDF_PAGE_W - PDF_LEFT - PDF_RIGHT)
#define PDF_FOOT	(PDF_PAGE_H - PDF_BOTTOM)	/* lowest y for text */
#define PDF_INDENT	(12.7 * PDF_MM)		/* first-line indent 1.27 cm */
#define PDF_SPACING	1.15			/* body line spacing */
#define PDF_RULE	0.5			/* width of rules and borders */
/* The font family asked of pango: see pdf_fonts_init, which sets it. */
#define PDF_FAMILY_OWN	"Liberation Serif"
#define PDF_FAMILY_SYSTEM "Times New Roman,Liberation Serif,serif"
static const char *pdf_family = PDF_FAMILY_SYSTEM;

/* Header and closing columns, as parts of the text width. */
#define PDF_COL_LEFT	0.40

/* Table cells. */
#define PDF_CELL_SIZE	12.0
#define PDF_CELL_PADX	4.0
#define PDF_CELL_PADY	2.5
#define PDF_CELL_LEVEL	(5.0 * PDF_MM)		/* 0.5 cm per indent level */

/* How many blocks past the one being placed may be laid out ahead. */
#define PDF_AHEAD	64

/* Slack for comparisons of accumulated floating-point positions. */
#define PDF_EPS		0.01

/* How each paragraph style of rpt.h looks (Decree 30, Appendix I). */
static const struct pdf_pstyle {
	double		 size;		/* font size, pt */
	unsigned	 style;		/* base enum rpt_style */
	PangoAlignment	 align;
	bool		 justify;
	bool		 indent;	/* first-line indent 1.27 cm */
	double		 before;	/* space above, pt (not on top) */
	double		 after;		/* space below, pt */
	bool		 keep;		/* keep with the next block */
} pdf_pstyles[PS__MAX] = {
	[PS_BODY] = { .size = 14, .align = PANGO_ALIGN_LEFT, .justify = true,
	    .indent = true, .after = 6 },
	[PS_PART] = { .size = 14, .style = RS_BOLD,
	    .align = PANGO_ALIGN_CENTER, .before = 6, .after = 6,
	    .keep = true },
	[PS_HEADING] = { .size = 14, .style = RS_BOLD,
	    .align = PANGO_ALIGN_LEFT, .justify = true, .indent = true,
	    .after = 6, .keep = true },
	[PS_SUBHEADING] = { .size = 14, .style = RS_BOLD,
	    .align = PANGO_ALIGN_LEFT, .justify = true, .indent = true,
	    .after = 6, .keep = true },
	[PS_CENTER] = { .size = 14, .align = PANGO_ALIGN_CENTER, .after = 6 },
	[PS_NOTE] = { .size = 12, .style = RS_ITALIC,
	    .align = PANGO_ALIGN_LEFT, .after = 6 },
};

/* The state of one rendering. */
struct pdf {
	cairo_t		*cr;
	PangoContext	*pc;		/* shared by every layout */
	int		 page;		/* number of the current page, from 1 */
	double		 y;		/* next free position, from the top */
	bool		 fresh;		/* nothing placed on this page yet */
	const struct rpt_doc *d;
	struct pdf_blk	*blk;		/* per block of d */
	size_t		 at;		/* the block being placed */
	size_t		 ahead;		/* where pdf_blk_ahead looks next */
	struct pdf_pager *pager;	/* writes pages out, or NULL */
};

/* Where the bytes go: cairo reports only "write error", so keep errno. */
struct pdf_out {
	FILE	*fp;
	int	 err;			/* errno of the first failed write */
};

/* A table row laid out, ready to draw (also the header row). */
struct pdf_row {
	PangoLayout	**cell;		/* by column; [0] only for a group */
	double		 *dx;		/* text offset from the cell's left */
	double		  h;		/* height with padding */
	bool		  group;
};

/* A table's columns and header. */
struct pdf_grid {
	size_t		 ncols;
	double		*x;		/* left edge of each column */
	double		*w;		/* width of each column */
	bool		 has_head;	/* some header text is non-empty */
	struct pdf_row	 head;
};

static double
pdf_pt(int units)
{
	return pango_units_to_double(units);
}

static const struct pdf_pstyle *
pdf_pstyle(enum rpt_pstyle s)
{
	/* An out-of-range style (a model bug) still prints, as body text. */
	return (size_t)s < PS__MAX ? &pdf_pstyles[s] : &pdf_pstyles[PS_BODY];
}

/* Text for pango, which rejects invalid UTF-8: the model promises UTF-8, but
 * a stray byte must cost a replacement character, not the paragraph. The
 * result is g_free()d by the caller. */
static char *
pdf_valid(const char *s)
{
	if (s == NULL)
		return g_strdup("");
	if (g_utf8_validate(s, -1, NULL))
		return g_strdup(s);
	return g_utf8_make_valid(s, -1);
}

/*
 * A new layout in the document font at size pt with the base style (enum
 * rpt_style); width > 0 wraps at that width. The caller sets the text and
 * g_object_unref()s the layout.
 */
static PangoLayout *
pdf_layout_new(struct pdf *p, double size, unsigned style, double width,
    PangoAlignment align)
{
	PangoLayout *l = pango_layout_new(p->pc);
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, pdf_family);
	pango_font_description_set_weight(fd,
	    style & RS_BOLD ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_style(fd,
	    style & RS_ITALIC ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
	/* Absolute: one device unit is one point, whatever the resolution. */
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_layout_set_font_description(l, fd);
	pango_font_description_free(fd);
	if (width > 0) {
		pango_layout_set_width(l, pango_units_from_double(width));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_alignment(l, align);
	if (style & RS_UNDERLINE) {
		PangoAttrList *al = pango_attr_list_new();

		/* Default indices cover the whole text. */
		pango_attr_list_insert(al,
		    pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
		pango_layout_set_attributes(l, al);
		pango_attr_list_unref(al);
	}
	return l;
}

/* A layout of one plain text; see pdf_layout_new. */
static PangoLayout *
pdf_layout(struct pdf *p, const char *text, double size, unsigned style,
    double width, PangoAlignment align)
{
	PangoLayout *l = pdf_layout_new(p, size, style, width, align);
	char *s = pdf_valid(text);

	pango_layout_set_text(l, s, -1);
	g_free(s);
	return l;
}

static void
pdf_attr(PangoAttrList *al, PangoAttribute *a, size_t start, size_t end)
{
	a->start_index = (guint)start;
	a->end_index = (guint)end;
	pango_attr_list_insert(al, a);
}

/*
 * A paragraph's layout: the runs joined, their styles as attributes over
 * byte ranges (not markup, so & < > in the text need no escaping). The
 * caller g_object_unref()s it.
 */
static PangoLayout *
pdf_para_layout(struct pdf *p, const struct rpt_para *para)
{
	const struct pdf_pstyle *ps = pdf_pstyle(para->style);
	PangoLayout *l = pdf_layout_new(p, ps->size, ps->style, PDF_TEXT_W,
	    ps->align);
	PangoAttrList *al = pango_attr_list_new();
	struct buf text = BUF_INIT;
	size_t i, start;

	for (i = 0; i < para->nruns; i++) {
		const struct rpt_run *r = &para->runs[i];
		char *s = pdf_valid(r->text);

		start = text.len;
		buf_puts(&text, s);
		g_free(s);
		if (text.len == start)
			continue;
		if (r->style & RS_BOLD)
			pdf_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD),
			    start, text.len);
		if (r->style & RS_ITALIC)
			pdf_attr(al, pango_attr_style_new(PANGO_STYLE_ITALIC),
			    start, text.len);
		if (r->style & RS_UNDERLINE)
			pdf_attr(al,
			    pango_attr_underline_new(PANGO_UNDERLINE_SINGLE),
			    start, text.len);
	}
	if (ps->style & RS_UNDERLINE)
		pango_attr_list_insert(al,
		    pango_attr_underline_new(PANGO_UNDERLINE_SINGLE));
	pango_layout_set_text(l, buf_str(&text), -1);
	pango_layout_set_attributes(l, al);
	pango_attr_list_unref(al);
	buf_free(&text);
	pango_layout_set_justify(l, ps->justify);
	if (ps->indent)
		pango_layout_set_indent(l, pango_units_from_double(PDF_INDENT));
	pango_layout_set_line_spacing(l, (float)PDF_SPACING);
	return l;
}

static double
pdf_height(PangoLayout *l)
{
	int w, h;

	pango_layout_get_size(l, &w, &h);
	return pdf_pt(h);
}

/* Draws the whole layout with its top-left corner at (x, y). */
static void
pdf_show(struct pdf *p, PangoLayout *l, double x, double y)
{
	cairo_move_to(p->cr, x, y);
	pango_cairo_show_layout(p->cr, l);
	p->fresh = false;
}

static void
pdf_hline(struct pdf *p, double x0, double x1, double y)
{
	cairo_set_line_width(p->cr, PDF_RULE);
	cairo_move_to(p->cr, x0, y);
	cairo_line_to(p->cr, x1, y);
	cairo_stroke(p->cr);
}

static void pdf_page_out(struct pdf *);

/* Ends the page and starts the next, numbered in the top margin. */
static void
pdf_newpage(struct pdf *p)
{
	PangoLayout *l;
	char num[16];

	pdf_page_out(p);
	p->page++;
	snprintf(num, sizeof(num), "%d", p->page);
	l = pdf_layout(p, num, 13, 0, PDF_TEXT_W, PANGO_ALIGN_CENTER);
	cairo_move_to(p->cr, PDF_LEFT, (PDF_TOP - pdf_height(l)) / 2);
	pango_cairo_show_layout(p->cr, l);
	g_object_unref(l);
	p->y = PDF_TOP;
	p->fresh = true;
}

/* Space above a block, which a page top swallows. */
static void
pdf_space(struct pdf *p, double pt)
{
	if (!p->fresh)
		p->y += pt;
}

/* The vertical extent of each line of a layout, in pango units. */
struct pdf_line {
	int	 y0, y1;	/* top and bottom, with line spacing */
	int	 base;		/* baseline */
	int	 x;		/* left of the text (indent, alignment) */
};

/* The lines of l; *n gets their count. The caller frees the array. */
static struct pdf_line *
pdf_lines(PangoLayout *l, size_t *n)
{
	struct pdf_line *ln;
	PangoLayoutIter *it;
	PangoRectangle log;
	size_t i = 0;

	*n = (size_t)pango_layout_get_line_count(l);
	ln = xcalloc(*n, sizeof(*ln));
	it = pango_layout_get_iter(l);
	do {
		if (i >= *n)
			break;
		pango_layout_iter_get_line_yrange(it, &ln[i].y0, &ln[i].y1);
		pango_layout_iter_get_line_extents(it, NULL, &log);
		ln[i].base = pango_layout_iter_get_baseline(it);
		ln[i].x = log.x;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	*n = i;
	return ln;
}

/*
 * Places l's lines from the current position, text left edge at x, breaking
 * pages between lines so that no line straddles the bottom margin. Like
 * Word's default widow/orphan control, a paragraph never leaves its first
 * line alone at a page's foot nor its last alone at the next page's head.
 */
static void
pdf_flow_lines(struct pdf *p, PangoLayout *l, const struct pdf_line *ln,
    size_t n, double x)
{
	size_t i = 0, k, fit, raw;
	double origin;

	while (i < n) {
		origin = p->y - pdf_pt(ln[i].y0);
		for (k = i; k < n; k++)
			if (origin + pdf_pt(ln[k].y1) > PDF_FOOT + PDF_EPS)
				break;
		raw = fit = k - i;
		if (k < n) {
			if (n - k == 1 && fit >= 2)
				fit--;		/* widow: take a line along */
			if (i == 0 && fit == 1 && n > 1)
				fit = 0;	/* orphan: all on the next */
		}
		if (fit == 0) {
			if (!p->fresh) {
				pdf_newpage(p);
				continue;
			}
			/* A page cannot hold better: place what fits, or one
			 * line taller than a page, so that the loop ends. */
			fit = raw > 0 ? raw : 1;
		}
		for (k = i; k < i + fit; k++) {
			PangoLayoutLine *line;

			line = pango_layout_get_line_readonly(l, (int)k);
			cairo_move_to(p->cr, x + pdf_pt(ln[k].x),
			    origin + pdf_pt(ln[k].base));
			pango_cairo_show_layout_line(p->cr, line);
		}
		p->y = origin + pdf_pt(ln[i + fit - 1].y1);
		p->fresh = false;
		i += fit;
		if (i < n)
			pdf_newpage(p);
	}
}

/* pdf_flow_lines for a layout whose lines are not yet at hand. */
static void
pdf_flow(struct pdf *p, PangoLayout *l, double x)
{
	size_t n;
	struct pdf_line *ln = pdf_lines(l, &n);

	pdf_flow_lines(p, l, ln, n, x);
	free(ln);
}

/* ---- tables ---- */

static PangoAlignment
pdf_align(enum rpt_align a)
{
	switch (a) {
	case RA_CENTER:
		return PANGO_ALIGN_CENTER;
	case RA_RIGHT:
		return PANGO_ALIGN_RIGHT;
	case RA_LEFT:
	default:
		return PANGO_ALIGN_LEFT;
	}
}

/* The wrap width of a cell's text in a box of width w; *dx gets the text's
 * offset from the box's left. */
static double
pdf_cell_text_w(int indent, double w, double *dx)
{
	double in = indent > 0 ? indent * PDF_CELL_LEVEL : 0;
	double tw = w - 2 * PDF_CELL_PADX - in;

	/* A silly indent must not leave no width: 0 would mean "no wrap". */
	if (tw < 1) {
		in = 0;
		tw = w - 2 * PDF_CELL_PADX > 1 ? w - 2 * PDF_CELL_PADX : 1;
	}
	*dx = PDF_CELL_PADX + in;
	return tw;
}

static void
pdf_row_free(struct pdf_row *r, size_t ncols)
{
	size_t j;

	if (r->cell != NULL)
		for (j = 0; j < ncols; j++)
			if (r->cell[j] != NULL)
				g_object_unref(r->cell[j]);
	free(r->cell);
	free(r->dx);
	memset(r, 0, sizeof(*r));
}

static void
pdf_row_measure(struct pdf_row *r, size_t ncols)
{
	double h, max = 0;
	size_t j;

	for (j = 0; j < ncols; j++) {
		if (r->cell[j] == NULL)
			continue;
		h = pdf_height(r->cell[j]);
		if (h > max)
			max = h;
	}
	r->h = max + 2 * PDF_CELL_PADY;
}

/*
 * The cells of one table share their layouts and measures: a text repeated
 * down a column ("Đạt", "100%", an empty cell) is shaped once.
 */
struct pdf_cells {
	GHashTable	*min;	/* "style|text" -> widest word, pango units */
	GHashTable	*lay;	/* "style|align|width|text" -> PangoLayout */
};

static void
pdf_cells_init(struct pdf_cells *cs)
{
	cs->min = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    NULL);
	cs->lay = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    g_object_unref);
}

static void
pdf_cells_free(struct pdf_cells *cs)
{
	g_hash_table_destroy(cs->min);
	g_hash_table_destroy(cs->lay);
}

/* A cell's layout inside a box of width w, shared with the cells of the
 * same text, style, alignment and width; *dx gets the text's offset. The
 * caller g_object_unref()s it. */
static PangoLayout *
pdf_cell_layout(struct pdf *p, struct pdf_cells *cs, const char *text,
    unsigned style, enum rpt_align align, int indent, double w, double *dx)
{
	double tw = pdf_cell_text_w(indent, w, dx);
	char *key = g_strdup_printf("%u|%d|%a|%s", style, (int)align, tw,
	    text);
	PangoLayout *l = g_hash_table_lookup(cs->lay, key);

	if (l == NULL) {
		l = pdf_layout(p, text, PDF_CELL_SIZE, style, tw,
		    pdf_align(align));
		g_hash_table_insert(cs->lay, key, l);
	} else
		g_free(key);
	return g_object_ref(l);
}

/* Draws a laid-out row at the current position, cells centred vertically
 * (a number beside a two-line indicator name reads best in the middle). */
static void
pdf_row_draw(struct pdf *p, const struct pdf_grid *g, const struct pdf_row *r)
{
	size_t j, n = r->group ? 1 : g->ncols;
	double w, y = p->y;

	cairo_set_line_width(p->cr, PDF_RULE);
	for (j = 0; j < n; j++) {
		w = r->group ? PDF_TEXT_W : g->w[j];
		cairo_rectangle(p->cr, g->x[j], y, w, r->h);
		cairo_stroke(p->cr);
		if (r->cell[j] != NULL)
			pdf_show(p, r->cell[j], g->x[j] + r->dx[j],
			    y + (r->h - pdf_height(r->cell[j])) / 2);
	}
	p->y = y + r->h;
	p->fresh = false;
}

/* The widest word of text in the cell font, in pango units, the slow and
 * sure way: wrapping at almost nothing puts each word on a line of its own,
 * as wide as the word (a space that ends a wrapped line counts nothing). */
static int
pdf_words_alone(struct pdf *p, const char *text, unsigned style)
{
	PangoLayout *l = pdf_layout(p, text, PDF_CELL_SIZE, style, 0,
	    PANGO_ALIGN_LEFT);
	PangoLayoutIter *it;
	PangoRectangle log;
	int max = 0;

	pango_layout_set_width(l, 1);
	pango_layout_set_wrap(l, PANGO_WRAP_WORD);
	it = pango_layout_get_iter(l);
	do {
		pango_layout_iter_get_line_extents(it, NULL, &log);
		if (log.width > max)
			max = log.width;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	g_object_unref(l);
	return max;
}

/*
 * The same measure read off one layout of the whole text (unwrapped), with
 * no shaping per word: the advances of each word's glyphs, summed between
 * the break opportunities pango wraps at, less the one space that would end
 * its line. Returns false (and the caller takes pdf_words_alone) for a text
 * whose words, each alone on a line, might measure differently: a break
 * after a visible character (a kerning pair across it), a hyphen a break
 * would insert, a word the layout broke inside, tabs and other control
 * characters, right-to-left text.
 */
static bool
pdf_words_read(PangoLayout *l, int *out)
{
	const char *text = pango_layout_get_text(l), *s;
	const PangoLogAttr *la;
	GSList *ll, *rl;
	int nla, nc, c, k, len = (int)strlen(text), *cw, *b2c, seg, max = 0;
	gunichar u, prev = 0;
	bool ok = true;

	la = pango_layout_get_log_attrs_readonly(l, &nla);
	nc = nla - 1;
	cw = xcalloc((size_t)nc + 1, sizeof(*cw));
	b2c = xcalloc((size_t)len + 1, sizeof(*b2c));
	for (s = text, c = 0; *s != '\0' && c < nc; s = g_utf8_next_char(s),
	    c++) {
		u = g_utf8_get_char(s);
		b2c[s - text] = c;
		if ((u < 0x20 && u != '\n') || (u >= 0x7f && u < 0xa0) ||
		    u == 0xad || u == 0x2028 || u == 0x2029)
			ok = false;
		/* A break before char c: after a space only, or a new
		 * paragraph after '\n'. */
		if (c > 0 &&
		    (la[c].is_line_break || la[c].is_mandatory_break)) {
			if (la[c].is_mandatory_break ? prev != '\n' :
			    !la[c - 1].is_white)
				ok = false;
#if PANGO_VERSION_CHECK(1, 50, 0)
			if (la[c].break_inserts_hyphen ||
			    la[c].break_removes_preceding)
				ok = false;
#endif
		}
		prev = u;
	}
	if (*s != '\0' || c != nc)
		ok = false;
	b2c[len] = nc;
	for (ll = pango_layout_get_lines_readonly(l); ok && ll != NULL;
	    ll = ll->next) {
		const PangoLayoutLine *line = ll->data;

		if (line->start_index < 0 || line->start_index > len) {
			ok = false;
			break;
		}
		c = b2c[line->start_index];
		if (c > 0 && !la[c].is_line_break && !la[c].is_mandatory_break)
			ok = false;	/* a word broken inside */
		for (rl = line->runs; ok && rl != NULL; rl = rl->next) {
			const PangoGlyphItem *run = rl->data;
			const PangoItem *it = run->item;
			const PangoGlyphString *gs = run->glyphs;

			if (it->analysis.level % 2 != 0 ||
			    (it->analysis.flags &
			    PANGO_ANALYSIS_FLAG_NEED_HYPHEN) != 0) {
				ok = false;
				break;
			}
			for (k = 0; k < gs->num_glyphs; k++) {
				int b = it->offset + gs->log_clusters[k];

				if (b < 0 || b >= len) {
					ok = false;
					break;
				}
				cw[b2c[b]] += gs->glyphs[k].geometry.width;
			}
		}
	}
	if (ok) {
		for (seg = 0, c = 0; c < nc; c++) {
			seg += cw[c];
			if (c + 1 < nc && !la[c + 1].is_line_break &&
			    !la[c + 1].is_mandatory_break)
				continue;
			/* A wrapped line's final space measures nothing. */
			if (c + 1 < nc && !la[c + 1].is_mandatory_break)
				seg -= cw[c];
			if (seg > max)
				max = seg;
			seg = 0;
		}
		*out = max;
	}
	free(cw);
	free(b2c);
	return ok;
}

/* The widest word of text in style, in pango units, measured once per
 * table: read off one unwrapped shaping of the text where that is exact. */
static int
pdf_word_max(struct pdf *p, struct pdf_cells *cs, const char *text,
    unsigned style)
{
	char *key = g_strdup_printf("%u|%s", style, text);
	gpointer v;
	PangoLayout *l;
	int w = 0;

	if (g_hash_table_lookup_extended(cs->min, key, NULL, &v)) {
		g_free(key);
		return GPOINTER_TO_INT(v);
	}
	if (text[0] != '\0') {
		l = pdf_layout(p, text, PDF_CELL_SIZE, style, 0,
		    PANGO_ALIGN_LEFT);
		if (!pdf_words_read(l, &w))
			w = pdf_words_alone(p, pango_layout_get_text(l), style);
		g_object_unref(l);
	}
	g_hash_table_insert(cs->min, key, GINT_TO_POINTER(w));
	return w;
}

/* The narrowest cell that holds text without breaking a word: its widest
 * word, with padding and indent. */
static double
pdf_cell_min(struct pdf *p, struct pdf_cells *cs, const char *text,
    unsigned style, int indent)
{
	return pdf_pt(pdf_word_max(p, cs, text, style)) + 2 * PDF_CELL_PADX +
	    (indent > 0 ? indent * PDF_CELL_LEVEL : 0);
}

/* A table laid out whole, once, for the measure that keeps a heading with it
 * and for the drawing. */
struct pdf_tab {
	PangoLayout	*title;		/* or NULL */
	struct pdf_line	*tln;		/* its lines */
	size_t		 tn;
	struct pdf_grid	 g;
	struct pdf_row	*rows;		/* one per row of the table */
	size_t		 nrows;
	double		 lead;		/* see pdf_tab_new */
};

/*
 * Widens the columns narrower than their widest word ("STT" must not print
 * as "ST-T") with width taken from the others in proportion to their room
 * to spare. If the table cannot hold all its words, the given proportions
 * stand and pango breaks words.
 */
static void
pdf_grid_fit(struct pdf *p, struct pdf_cells *cs, struct pdf_grid *g,
    const struct rpt_table *t)
{
	double *min = xcalloc(g->ncols, sizeof(*min));
	double need = 0, spare = 0, m, x = PDF_LEFT;
	const struct rpt_cell *c;
	size_t i, j;

	for (j = 0; j < g->ncols; j++) {
		if (t->head != NULL && t->head[j] != NULL)
			min[j] = pdf_cell_min(p, cs, t->head[j], RS_BOLD, 0);
		for (i = 0; i < t->nrows; i++) {
			if (t->rows[i].group)
				continue;
			c = &t->rows[i].cells[j];
			m = pdf_cell_min(p, cs, c->text, c->style, c->indent);
			if (m > min[j])
				min[j] = m;
		}
		if (min[j] > g->w[j])
			need += min[j] - g->w[j];
		else
			spare += g->w[j] - min[j];
	}
	if (need > 0 && spare >= need)
		for (j = 0; j < g->ncols; j++) {
			if (min[j] > g->w[j])
				g->w[j] = min[j];
			else
				g->w[j] -= (g->w[j] - min[j]) * need / spare;
		}
	for (j = 0; j < g->ncols; j++) {
		g->x[j] = x;
		x += g->w[j];
	}
	free(min);
}

static void
pdf_grid_free(struct pdf_grid *g)
{
	pdf_row_free(&g->head, g->ncols);
	free(g->x);
	free(g->w);
}

static void
pdf_tab_free(struct pdf_tab *tab)
{
	size_t i;

	if (tab == NULL)
		return;
	for (i = 0; i < tab->nrows; i++)
		pdf_row_free(&tab->rows[i], tab->g.ncols);
	free(tab->rows);
	pdf_grid_free(&tab->g);
	if (tab->title != NULL)
		g_object_unref(tab->title);
	free(tab->tln);
	free(tab);
}

/* Height of row i of the table, and of the row after it when i is a group
 * heading, which must not stay alone at a page's foot. */
static double
pdf_rows_kept(const struct pdf_tab *tab, size_t i)
{
	double h = 0;

	for (; i < tab->nrows; i++) {
		h += tab->rows[i].h;
		if (!tab->rows[i].group)
			break;
	}
	return h;
}

/* Lays table t out: title, columns, header and every row. */
static struct pdf_tab *
pdf_tab_new(struct pdf *p, const struct rpt_table *t)
{
	struct pdf_tab *tab = xcalloc(1, sizeof(*tab));
	struct pdf_grid *g = &tab->g;
	struct pdf_cells cs;
	const struct rpt_cell *c;
	struct pdf_row *r;
	double sum = 0;
	size_t i, j;

	if (t->title != NULL && t->title[0] != '\0') {
		tab->title = pdf_layout(p, t->title, 14, RS_BOLD, PDF_TEXT_W,
		    PANGO_ALIGN_CENTER);
		tab->tln = pdf_lines(tab->title, &tab->tn);
	}
	pdf_cells_init(&cs);
	g->ncols = t->ncols;
	g->x = xcalloc(t->ncols, sizeof(*g->x));
	g->w = xcalloc(t->ncols, sizeof(*g->w));
	for (j = 0; j < t->ncols; j++)
		if (t->widths != NULL && t->widths[j] > 0)
			sum += t->widths[j];
	for (j = 0; j < t->ncols; j++) {
		/* Widths that say nothing (all zero) mean equal columns. */
		if (sum > 0)
			g->w[j] = t->widths[j] > 0 ?
			    PDF_TEXT_W * t->widths[j] / sum : 0;
		else
			g->w[j] = PDF_TEXT_W / (double)t->ncols;
	}
	pdf_grid_fit(p, &cs, g, t);
	for (j = 0; j < t->ncols; j++)
		if (t->head != NULL && t->head[j] != NULL &&
		    t->head[j][0] != '\0')
			g->has_head = true;
	if (g->has_head) {
		g->head.cell = xcalloc(t->ncols, sizeof(*g->head.cell));
		g->head.dx = xcalloc(t->ncols, sizeof(*g->head.dx));
		for (j = 0; j < t->ncols; j++)
			g->head.cell[j] = pdf_cell_layout(p, &cs,
			    t->head[j] != NULL ? t->head[j] : "", RS_BOLD,
			    RA_CENTER, 0, g->w[j], &g->head.dx[j]);
		pdf_row_measure(&g->head, t->ncols);
	}
	tab->nrows = t->nrows;
	tab->rows = xcalloc(t->nrows > 0 ? t->nrows : 1, sizeof(*tab->rows));
	for (i = 0; i < t->nrows; i++) {
		r = &tab->rows[i];
		r->cell = xcalloc(t->ncols, sizeof(*r->cell));
		r->dx = xcalloc(t->ncols, sizeof(*r->dx));
		r->group = t->rows[i].group;
		if (r->group) {
			c = &t->rows[i].cells[0];
			r->cell[0] = pdf_cell_layout(p, &cs, c->text,
			    c->style | RS_BOLD, c->align, c->indent,
			    PDF_TEXT_W, &r->dx[0]);
		} else
			for (j = 0; j < t->ncols; j++) {
				c = &t->rows[i].cells[j];
				r->cell[j] = pdf_cell_layout(p, &cs, c->text,
				    c->style, c->align, c->indent, g->w[j],
				    &r->dx[j]);
			}
		pdf_row_measure(r, t->ncols);
	}
	pdf_cells_free(&cs);

	/* What must share a page with whatever comes just before the table:
	 * the title, the header and the first row. */
	tab->lead = 6;
	if (tab->title != NULL)
		tab->lead += pdf_height(tab->title) + 6;
	if (g->has_head)
		tab->lead += g->head.h;
	tab->lead += pdf_rows_kept(tab, 0);
	return tab;
}

/* ---- blocks, laid out once, ahead ---- */

/*
 * Each paragraph and table is laid out once, when first needed (by the
 * measure that keeps a heading with what follows, or to place it), and kept
 * until it is placed.
 *
 * With more than one processor, a page is written out (cairo_show_page:
 * cairo replays, encodes and compresses it) by a second thread, the pager,
 * while this one lays out the blocks that come next. pango stays in this
 * thread: it must never run in two at once, not even on separate font maps
 * (its font loading then goes wrong: a font's approximate character width,
 * which steers line breaking, may come out 0). While the pager has the page,
 * this thread does not touch the cairo context; both reach cairo's scaled
 * fonts (glyph extents here, glyph output there), which cairo locks.
 */
enum pdf_state {
	PB_TODO,	/* not laid out */
	PB_READY,	/* laid out */
	PB_GONE		/* placed and freed */
};

struct pdf_blk {
	enum pdf_state	 state;
	PangoLayout	*l;		/* RB_PARA */
	struct pdf_line	*ln;		/* its lines */
	size_t		 n;
	double		 h;		/* its height */
	struct pdf_tab	*tab;		/* RB_TABLE */
};

struct pdf_pager {
	GThread		*thread;
	GMutex		 mu;		/* guards what follows */
	GCond		 cond;		/* any of it changed */
	bool		 busy;		/* writing out a page */
	bool		 stop;
	cairo_t		*cr;
};

/* Whether block i has something to lay out. */
static bool
pdf_blk_wanted(const struct rpt_doc *d, size_t i)
{
	const struct rpt_block *b = &d->blocks[i];

	return b->kind == RB_PARA || (b->kind == RB_TABLE &&
	    b->table.ncols > 0);
}

/* Block i (pdf_blk_wanted), laid out now if it is not yet. */
static struct pdf_blk *
pdf_blk_get(struct pdf *p, size_t i)
{
	const struct rpt_block *b = &p->d->blocks[i];
	struct pdf_blk *k = &p->blk[i];

	if (k->state != PB_TODO)
		return k;
	if (b->kind == RB_PARA) {
		k->l = pdf_para_layout(p, &b->para);
		k->ln = pdf_lines(k->l, &k->n);
		k->h = pdf_height(k->l);
	} else
		k->tab = pdf_tab_new(p, &b->table);
	k->state = PB_READY;
	return k;
}

/* Lays out the next block not yet laid out; false when there is none
 * (within PDF_AHEAD blocks: the layouts wait in memory). */
static bool
pdf_blk_ahead(struct pdf *p)
{
	for (; p->ahead < p->d->nblocks && p->ahead <= p->at + PDF_AHEAD;
	    p->ahead++)
		if (pdf_blk_wanted(p->d, p->ahead) &&
		    p->blk[p->ahead].state == PB_TODO) {
			pdf_blk_get(p, p->ahead++);
			return true;
		}
	return false;
}

/* Frees block i's layouts, placed (or left over at the end). */
static void
pdf_blk_free(struct pdf *p, size_t i)
{
	struct pdf_blk *k = &p->blk[i];

	if (k->l != NULL)
		g_object_unref(k->l);
	free(k->ln);
	pdf_tab_free(k->tab);
	memset(k, 0, sizeof(*k));
	k->state = PB_GONE;
}

static bool
pdf_pager_busy(struct pdf_pager *w)
{
	bool busy;

	g_mutex_lock(&w->mu);
	busy = w->busy;
	g_mutex_unlock(&w->mu);
	return busy;
}

/* The pager: each page it is handed, written out. */
static gpointer
pdf_pager_run(gpointer arg)
{
	struct pdf_pager *w = arg;

	g_mutex_lock(&w->mu);
	for (;;) {
		while (!w->busy && !w->stop)
			g_cond_wait(&w->cond, &w->mu);
		if (!w->busy)
			break;
		g_mutex_unlock(&w->mu);
		cairo_show_page(w->cr);
		g_mutex_lock(&w->mu);
		w->busy = false;
		g_cond_broadcast(&w->cond);
	}
	g_mutex_unlock(&w->mu);
	return NULL;
}

/*
 * Ends the current page: the pager writes it out while this thread lays out
 * blocks ahead, then takes the context back for the next page.
 */
static void
pdf_page_out(struct pdf *p)
{
	struct pdf_pager *w = p->pager;

	if (w == NULL) {
		cairo_show_page(p->cr);
		return;
	}
	g_mutex_lock(&w->mu);
	w->busy = true;
	g_cond_broadcast(&w->cond);
	g_mutex_unlock(&w->mu);
	while (pdf_pager_busy(w) && pdf_blk_ahead(p))
		;
	g_mutex_lock(&w->mu);
	while (w->busy)
		g_cond_wait(&w->cond, &w->mu);
	g_mutex_unlock(&w->mu);
}

/* Starts the pager, when it can help: two processors, something to lay
 * out while it works. */
static void
pdf_pager_start(struct pdf *p)
{
	struct pdf_pager *w;
	size_t i, n = 0;

	for (i = 0; i < p->d->nblocks; i++)
		if (pdf_blk_wanted(p->d, i))
			n++;
	if (n < 2 || g_get_num_processors() < 2)
		return;
	w = xcalloc(1, sizeof(*w));
	g_mutex_init(&w->mu);
	g_cond_init(&w->cond);
	w->cr = p->cr;
	w->thread = g_thread_try_new("ktxh-pdf", pdf_pager_run, w, NULL);
	if (w->thread != NULL) {
		p->pager = w;
		return;
	}
	/* No thread: this one writes the pages out itself. */
	g_mutex_clear(&w->mu);
	g_cond_clear(&w->cond);
	free(w);
}

/* Stops the pager (idle: pages go out one at a time, each awaited). */
static void
pdf_pager_end(struct pdf *p)
{
	struct pdf_pager *w = p->pager;

	if (w == NULL)
		return;
	g_mutex_lock(&w->mu);
	w->stop = true;
	g_cond_broadcast(&w->cond);
	g_mutex_unlock(&w->mu);
	g_thread_join(w->thread);
	g_mutex_clear(&w->mu);
	g_cond_clear(&w->cond);
	free(w);
	p->pager = NULL;
}

/* ---- tables, placed ---- */

static void
pdf_table(struct pdf *p, const struct rpt_doc *d, size_t bi)
{
	const struct rpt_table *t = &d->blocks[bi].table;
	const struct pdf_blk *k;
	const struct pdf_tab *tab;
	const struct pdf_grid *g;
	bool top = true;	/* no row yet on this page */
	size_t i;

	if (t->ncols == 0)
		return;
	k = pdf_blk_get(p, bi);
	tab = k->tab;
	g = &tab->g;
	if (!p->fresh && p->y + tab->lead > PDF_FOOT + PDF_EPS)
		pdf_newpage(p);
	pdf_space(p, 6);
	if (tab->title != NULL) {
		pdf_flow_lines(p, tab->title, tab->tln, tab->tn, PDF_LEFT);
		p->y += 6;
	}
	if (g->has_head)
		pdf_row_draw(p, g, &g->head);
	for (i = 0; i < tab->nrows; i++) {
		const struct pdf_row *r = &tab->rows[i];

		/* Rows never split: one that does not fit (with the row a
		 * group heading introduces) moves, under a repeated header.
		 * A row taller than a page is drawn anyway, once at a top. */
		if (!top && p->y + (r->group ? pdf_rows_kept(tab, i) :
		    r->h) > PDF_FOOT + PDF_EPS) {
			pdf_newpage(p);
			if (g->has_head)
				pdf_row_draw(p, g, &g->head);
		}
		pdf_row_draw(p, g, r);
		top = false;
	}
	pdf_blk_free(p, bi);
	p->y += 6;
}

/* ---- paragraphs ---- */

/*
 * Height from the top of block i that must share a page with a heading just
 * before it: a heading (itself kept with what follows) whole, a paragraph's
 * first lines as pdf_flow would keep them, a table's title, header and first
 * row. depth bounds a chain of headings.
 */
static double
pdf_lead(struct pdf *p, const struct rpt_doc *d, size_t i, int depth)
{
	const struct rpt_block *b;
	const struct pdf_pstyle *ps;
	const struct pdf_blk *k;
	size_t need;

	if (i >= d->nblocks || depth > 8 || !pdf_blk_wanted(d, i))
		return 0;
	b = &d->blocks[i];
	k = pdf_blk_get(p, i);
	if (b->kind == RB_TABLE)
		return k->tab->lead;
	ps = pdf_pstyle(b->para.style);
	if (ps->keep)
		return ps->before + k->h + ps->after +
		    pdf_lead(p, d, i + 1, depth + 1);
	need = k->n <= 3 ? k->n : 2;
	return ps->before + (need > 0 ? pdf_pt(k->ln[need - 1].y1) : 0);
}

static void
pdf_para(struct pdf *p, const struct rpt_doc *d, size_t i)
{
	const struct pdf_pstyle *ps = pdf_pstyle(d->blocks[i].para.style);
	const struct pdf_blk *k;

	if (ps->keep && !p->fresh &&
	    p->y + pdf_lead(p, d, i, 0) > PDF_FOOT + PDF_EPS)
		pdf_newpage(p);
	pdf_space(p, ps->before);
	k = pdf_blk_get(p, i);
	pdf_flow_lines(p, k->l, k->ln, k->n, PDF_LEFT);
	pdf_blk_free(p, i);
	p->y += ps->after;
}

/* ---- the frame ---- */

/*
 * Narrows a wrapping layout as far as it keeps its number of lines, so that
 * a name breaks into lines of about equal length ("ỦY BAN NHÂN DÂN" over
 * "PHƯỜNG NHƠN HƯNG", as official documents set it) rather than a full
 * line over a stub. Returns the width now set.
 */
static double
pdf_balance(PangoLayout *l, double w)
{
	int n = pango_layout_get_line_count(l), k;
	double lo = 0, hi = w, mid;

	if (n < 2)
		return w;
	for (k = 0; k < 16; k++) {
		mid = (lo + hi) / 2;
		pango_layout_set_width(l, pango_units_from_double(mid));
		if (pango_layout_get_line_count(l) > n)
			lo = mid;
		else
			hi = mid;
	}
	pango_layout_set_width(l, pango_units_from_double(hi));
	return hi;
}

/* A centred, balanced text for a column of width w at x; *dx gets the
 * offset from x at which to draw it. */
static PangoLayout *
pdf_centred(struct pdf *p, const char *text, double size, unsigned style,
    double w, double *dx)
{
	PangoLayout *l = pdf_layout(p, text, size, style, w,
	    PANGO_ALIGN_CENTER);

	*dx = (w - pdf_balance(l, w)) / 2;
	return l;
}

/* Places a centred text in a column at *y and moves *y below it; *lx gets
 * the layout's left edge. The caller g_object_unref()s the layout. */
static PangoLayout *
pdf_col_text(struct pdf *p, const char *text, double size, unsigned style,
    double x, double w, double *y, double *lx)
{
	double dx;
	PangoLayout *l = pdf_centred(p, text, size, style, w, &dx);

	*lx = x + dx;
	pdf_show(p, l, *lx, *y);
	*y += pdf_height(l);
	return l;
}

/* A rule of length len centred in the column of width w at x. */
static void
pdf_rule_centred(struct pdf *p, double x, double w, double len, double y)
{
	pdf_hline(p, x + (w - len) / 2, x + (w + len) / 2, y);
}

/* A rule exactly as long as the inked text of l drawn at x. */
static void
pdf_rule_ink(struct pdf *p, PangoLayout *l, double x, double y)
{
	PangoRectangle ink;

	pango_layout_get_extents(l, &ink, NULL);
	pdf_hline(p, x + pdf_pt(ink.x), x + pdf_pt(ink.x + ink.width), y);
}

static void
pdf_unref(PangoLayout *l)
{
	if (l != NULL)
		g_object_unref(l);
}

/* Where two texts side by side start, from a common top, to bring their
 * first baselines level: *da and *db get the offsets; returns the height. */
static double
pdf_level_at(PangoLayout *a, PangoLayout *b, double *da, double *db)
{
	double ba = a != NULL ? pdf_pt(pango_layout_get_baseline(a)) : 0;
	double bb = b != NULL ? pdf_pt(pango_layout_get_baseline(b)) : 0;
	double base = ba > bb ? ba : bb, ha = 0, hb = 0;

	*da = base - ba;
	*db = base - bb;
	if (a != NULL)
		ha = *da + pdf_height(a);
	if (b != NULL)
		hb = *db + pdf_height(b);
	return ha > hb ? ha : hb;
}

static double
pdf_level_height(PangoLayout *a, PangoLayout *b)
{
	double da, db;

	return pdf_level_at(a, b, &da, &db);
}

/* Places two laid-out texts (either may be NULL) side by side from y with
 * their first baselines level; returns the lower bottom. */
static double
pdf_level(struct pdf *p, PangoLayout *a, double xa, PangoLayout *b,
    double xb, double y)
{
	double da, db, h = pdf_level_at(a, b, &da, &db);

	if (a != NULL)
		pdf_show(p, a, xa, y + da);
	if (b != NULL)
		pdf_show(p, b, xb, y + db);
	return y + h;
}

/*
 * Page 1's header: on the left the agency under its parent with a short rule
 * and the number; on the right the national title and the motto, ruled as
 * long as it is, and place and date. The number and the place and date share
 * a baseline.
 */
static void
pdf_header(struct pdf *p, const struct rpt_frame *f)
{
	const double lw = PDF_TEXT_W * PDF_COL_LEFT, rw = PDF_TEXT_W - lw;
	const double lx = PDF_LEFT, rx = PDF_LEFT + lw;
	double yl = PDF_TOP, yr = PDF_TOP, x, dl = 0, dr = 0;
	PangoLayout *l, *num = NULL, *date = NULL;

	/* A document without a sender has no header block at all (the
	 * national title alone would claim an official letter). */
	if (f->agency_parent == NULL && f->agency == NULL &&
	    f->number == NULL && f->place_date == NULL)
		return;
	if (f->agency_parent != NULL)
		pdf_unref(pdf_col_text(p, f->agency_parent, 13, 0, lx, lw, &yl,
		    &x));
	if (f->agency != NULL) {
		pdf_unref(pdf_col_text(p, f->agency, 13, RS_BOLD, lx, lw, &yl,
		    &x));
		pdf_rule_centred(p, lx, lw, lw / 3, yl + 2);
		yl += 2 + 6;
	}
	pdf_unref(pdf_col_text(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13,
	    RS_BOLD, rx, rw, &yr, &x));
	l = pdf_col_text(p, "Độc lập - Tự do - Hạnh phúc", 14, RS_BOLD, rx, rw,
	    &yr, &x);
	pdf_rule_ink(p, l, x, yr + 2);
	yr += 2 + 6;
	g_object_unref(l);

	if (f->number != NULL)
		num = pdf_centred(p, f->number, 13, 0, lw, &dl);
	if (f->place_date != NULL)
		date = pdf_centred(p, f->place_date, 14, RS_ITALIC, rw, &dr);
	p->y = pdf_level(p, num, lx + dl, date, rx + dr, yl > yr ? yl : yr);
	pdf_unref(num);
	pdf_unref(date);
	p->fresh = false;
}

/* The document type and summary, centred under the header. */
static void
pdf_title(struct pdf *p, const struct rpt_frame *f)
{
	PangoLayout *l;
	double x;

	if (f->doc_type == NULL && f->summary == NULL) {
		pdf_space(p, 12);
		return;
	}
	pdf_space(p, 18);
	if (f->doc_type != NULL) {
		l = pdf_centred(p, f->doc_type, 14, RS_BOLD, PDF_TEXT_W, &x);
		pdf_flow(p, l, PDF_LEFT + x);
		g_object_unref(l);
	}
	if (f->summary != NULL) {
		/* pango takes each '\n' as a paragraph end: the summary's
		 * lines stay lines, and a long one wraps, still centred. */
		l = pdf_centred(p, f->summary, 14, RS_BOLD, PDF_TEXT_W, &x);
		pdf_flow(p, l, PDF_LEFT + x);
		pdf_rule_centred(p, PDF_LEFT, PDF_TEXT_W, PDF_TEXT_W / 4,
		    p->y + 2);
		p->y += 2;
		g_object_unref(l);
	}
	p->y += 18;
}

/* ---- the closing ---- */

static bool
pdf_has_closing(const struct rpt_frame *f)
{
	return f->nrecipients > 0 || f->sign_authority != NULL ||
	    f->sign_title != NULL || f->signer != NULL;
}

/*
 * Recipients on the left, signature on the right, top lines on one
 * baseline; kept together, on a new page if the rest of this one is short.
 */
static void
pdf_closing(struct pdf *p, const struct rpt_frame *f)
{
	const double lw = PDF_TEXT_W * PDF_COL_LEFT, rw = PDF_TEXT_W - lw;
	const double lx = PDF_LEFT, rx = PDF_LEFT + lw;
	static const char head[] = "Nơi nhận:";
	PangoLayout *left = NULL, *right = NULL;
	PangoAttrList *al;
	struct buf t = BUF_INIT;
	size_t i;
	char *s;

	if (!pdf_has_closing(f))
		return;
	/* One layout a column, so pango wraps a long recipient and the
	 * column measures in one call; sizes and styles are attributes. */
	if (f->nrecipients > 0) {
		buf_puts(&t, head);
		for (i = 0; i < f->nrecipients; i++) {
			s = pdf_valid(f->recipients[i]);
			buf_printf(&t, "\n%s", s);
			g_free(s);
		}
		left = pdf_layout_new(p, 11, 0, lw, PANGO_ALIGN_LEFT);
		pango_layout_set_text(left, buf_str(&t), -1);
		al = pango_attr_list_new();
		pdf_attr(al, pango_attr_weight_new(PANGO_WEIGHT_BOLD), 0,
		    sizeof(head) - 1);
		pdf_attr(al, pango_attr_style_new(PANGO_STYLE_ITALIC), 0,
		    sizeof(head) - 1);
		pdf_attr(al, pango_attr_size_new_absolute(12 * PANGO_SCALE), 0,
		    sizeof(head));
		pango_layout_set_attributes(left, al);
		pango_attr_list_unref(al);
		buf_reset(&t);
	}
	if (f->sign_authority != NULL || f->sign_title != NULL ||
	    f->signer != NULL) {
		if (f->sign_authority != NULL) {
			s = pdf_valid(f->sign_authority);
			buf_printf(&t, "%s\n", s);
			g_free(s);
		}
		if (f->sign_title != NULL) {
			s = pdf_valid(f->sign_title);
			buf_printf(&t, "%s\n", s);
			g_free(s);
		}
		/* Room for the signature and the seal: four empty lines. */
		buf_puts(&t, "\n\n\n\n");
		if (f->signer != NULL) {
			s = pdf_valid(f->signer);
			buf_puts(&t, s);
			g_free(s);
		}
		right = pdf_layout(p, buf_str(&t), 14, RS_BOLD, rw,
		    PANGO_ALIGN_CENTER);
	}
	buf_free(&t);

	pdf_space(p, 12);
	if (!p->fresh &&
	    p->y + pdf_level_height(left, right) > PDF_FOOT + PDF_EPS)
		pdf_newpage(p);
	p->y = pdf_level(p, left, lx, right, rx, p->y) + 12;
	pdf_unref(left);
	pdf_unref(right);
}

/* Whether anything of the closing remains to be drawn after block i. */
static bool
pdf_more(const struct rpt_doc *d, size_t i, bool closed)
{
	for (i++; i < d->nblocks; i++)
		if (d->blocks[i].kind != RB_PAGEBREAK &&
		    (d->blocks[i].kind != RB_CLOSING || !closed))
			return true;
	return !closed && pdf_has_closing(&d->frame);
}

static void
pdf_render(struct pdf *p, const struct rpt_doc *d)
{
	bool closed = false;	/* the closing is drawn */
	size_t i;

	pdf_header(p, &d->frame);
	pdf_title(p, &d->frame);
	for (i = 0; i < d->nblocks; i++) {
		p->at = i;
		switch (d->blocks[i].kind) {
		case RB_PARA:
			pdf_para(p, d, i);
			break;
		case RB_TABLE:
			pdf_table(p, d, i);
			break;
		case RB_PAGEBREAK:
			/* No empty page: not at a page top, nor at the end. */
			if (!p->fresh && pdf_more(d, i, closed))
				pdf_newpage(p);
			break;
		case RB_CLOSING:
			/* The closing is signed once, at its first place. */
			if (!closed)
				pdf_closing(p, &d->frame);
			closed = true;
			break;
		}
	}
	if (!closed)
		pdf_closing(p, &d->frame);
}

static cairo_status_t
pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	struct pdf_out *o = closure;

	if (fwrite(data, 1, len, o->fp) != len) {
		if (o->err == 0)
			o->err = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

/*
 * The fonts, from the files themselves. fontconfig's own configuration (the
 * dozens of files under /etc/fonts, the caches of every installed font)
 * takes longer to load than a short report takes to lay out, and the PDF
 * only ever asks for the four faces of Liberation Serif (on the system's
 * configuration it names Times New Roman first for the look, but on Debian
 * that is an alias of Liberation Serif too). So, once per process and
 * before pango starts fontconfig, the current configuration becomes one
 * that holds just those files, from fonts-liberation2 or else the older
 * fonts-liberation; pango (which calls FcInit, a no-op once a configuration
 * is current) and cairo then use it. If the files are not there, fontconfig
 * loads the system's configuration as before and pango picks what it
 * offers.
 *
 * With the files alone the family asked for is exactly theirs: pango
 * measures each font it loads (ascent, height, average width) with a
 * layout of its own in the font's own family, at the font map's resolution
 * (72 dpi, see pdf_context), so asking for the very same family lets the
 * two share one fontconfig match (pango 1.50 starts two threads for each).
 */
static const char *const pdf_font_dirs[] = {
	"/usr/share/fonts/truetype/liberation2",
	"/usr/share/fonts/truetype/liberation",
};
static const char *const pdf_font_files[] = {
	"LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf",
	"LiberationSerif-Italic.ttf", "LiberationSerif-BoldItalic.ttf",
};

/* A configuration of the faces in dir, or NULL if one is missing. */
static FcConfig *
pdf_fonts_from(const char *dir)
{
	FcConfig *fc = FcConfigCreate();
	char path[256];
	size_t i;

	for (i = 0; fc != NULL && i < G_N_ELEMENTS(pdf_font_files); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, pdf_font_files[i]);
		if (access(path, R_OK) != 0 ||
		    !FcConfigAppFontAddFile(fc, (const FcChar8 *)path)) {
			FcConfigDestroy(fc);
			fc = NULL;
		}
	}
	return fc;
}

static GOnce pdf_fonts_once = G_ONCE_INIT;
/* One PDF at a time in a process: pango's font loading is not safe in two
 * threads at once. Process-wide by nature, like the fonts it guards (a
 * static GMutex needs no initialisation). */
static GMutex pdf_lock;

static gpointer
pdf_fonts_init(gpointer unused)
{
	FcConfig *fc = NULL;
	size_t i;

	(void)unused;
	for (i = 0; fc == NULL && i < G_N_ELEMENTS(pdf_font_dirs); i++)
		fc = pdf_fonts_from(pdf_font_dirs[i]);
	if (fc != NULL) {
		FcConfigSetCurrent(fc);		/* takes its own reference */
		FcConfigDestroy(fc);
		pdf_family = PDF_FAMILY_OWN;
	}
	return NULL;
}

/*
 * A pango context for print: points as device units, no hinting, and
 * unrounded glyph positions, so justified lines measure what they print.
 * It has a font map of its own, not pango's per-thread default: the font
 * caches then go with the context (the caller's g_object_unref), instead of
 * living as long as the thread, which costs no measurable time (the fonts
 * themselves stay cached by fontconfig and cairo) and leaves LeakSanitizer
 * only fontconfig's one-time configuration to report.
 */
static PangoContext *
pdf_context(cairo_t *cr)
{
	PangoFontMap *fm = pango_cairo_font_map_new();
	PangoContext *pc = pango_font_map_create_context(fm);
	cairo_font_options_t *fo = cairo_font_options_create();

	/* Also the resolution of the contexts pango makes itself, to measure
	 * fonts (see pdf_fonts_init). */
	pango_cairo_font_map_set_resolution(PANGO_CAIRO_FONT_MAP(fm), 72);
	g_object_unref(fm);	/* the context holds it */
	pango_cairo_update_context(cr, pc);

	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	pango_cairo_context_set_font_options(pc, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_context_set_resolution(pc, 72);
	pango_context_set_round_glyph_positions(pc, FALSE);
	return pc;
}

int
rpt_write_pdf(const struct rpt_doc *d, const char *path, struct buf *err)
{
	struct pdf_out out = { NULL, 0 };
	struct buf tmp = BUF_INIT;
	cairo_surface_t *surf;
	cairo_status_t st;
	struct pdf p;
	bool made = false;	/* the temporary file exists */
	size_t i;
	int rc = -1;

	if (gfx_load(err) != 0)
		goto out;
	buf_printf(&tmp, "%s.tmp", path);
	if ((out.fp = fopen(buf_str(&tmp), "wb")) == NULL) {
		buf_printf(err, "không ghi được %s: %s", buf_str(&tmp),
		    strerror(errno));
		goto out;
	}
	made = true;
	surf = cairo_pdf_surface_create_for_stream(pdf_write, &out, PDF_PAGE_W,
	    PDF_PAGE_H);
#if CAIRO_VERSION >= CAIRO_VERSION_ENCODE(1, 16, 0)
	if (d->title != NULL && d->title[0] != '\0')
		cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE,
		    d->title);
	cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR,
	    "ktxh");
#endif
	g_once(&pdf_fonts_once, pdf_fonts_init, NULL);
	/* pango must never lay out in two threads at once (see above): the
	 * web server's requests take their turn here. */
	g_mutex_lock(&pdf_lock);
	memset(&p, 0, sizeof(p));
	p.cr = cairo_create(surf);
	p.pc = pdf_context(p.cr);
	p.page = 1;
	p.y = PDF_TOP;
	p.fresh = true;
	cairo_set_source_rgb(p.cr, 0, 0, 0);

	p.d = d;
	p.blk = xcalloc(d->nblocks > 0 ? d->nblocks : 1, sizeof(*p.blk));
	pdf_pager_start(&p);

	pdf_render(&p, d);

	pdf_pager_end(&p);
	for (i = 0; i < d->nblocks; i++)
		pdf_blk_free(&p, i);
	free(p.blk);
	st = cairo_status(p.cr);
	g_object_unref(p.pc);
	cairo_destroy(p.cr);
	/* Finishing writes the last page and the trailer: the write errors
	 * surface here, not while drawing. */
	cairo_surface_finish(surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	g_mutex_unlock(&pdf_lock);

	if (fclose(out.fp) != 0 && out.err == 0)
		out.err = errno != 0 ? errno : EIO;
	if (out.err != 0) {
		buf_printf(err, "lỗi ghi %s: %s", buf_str(&tmp),
		    strerror(out.err));
		goto out;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_printf(err, "không tạo được PDF %s: lỗi cairo “%s”",
		    buf_str(&tmp), cairo_status_to_string(st));
		goto out;
	}
	if (rename(buf_str(&tmp), path) != 0) {
		buf_printf(err, "không đổi tên được %s thành %s: %s",
		    buf_str(&tmp), path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0 && made)
		unlink(buf_str(&tmp));
	buf_free(&tmp);
	return rc;
}
