/* rpt_docx.c: the DOCX writer. It renders the report model of rpt.h as a
 * WordprocessingML package laid out by Decree 30/2020/NĐ-CP, Appendix I:
 * A4 portrait with the decree's margins, Times New Roman, the two-column
 * national header (agency with a short rule under it, number; national title,
 * underlined motto, place and date), the centred title, the blocks, and the
 * closing with "Nơi nhận:" on the left and the signature on the right; page
 * numbers sit centred in the top margin from page 2 on. Every look is a named
 * style in styles.xml, so a clerk who opens the file in Word or LibreOffice
 * can restyle it; element order follows the ECMA-376 schema because Word,
 * unlike LibreOffice, refuses a file whose w:pPr or w:rPr is out of order.
 * All parts are built in memory and zipped with libzip into path + ".tmp",
 * which is renamed over path only once the archive is complete. */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <zip.h>

#include "rpt.h"

/* Page geometry in twips (1/20 pt; 1 mm = 56.7 twips). */
enum {
	DOCX_PAGE_W	= 11906,	/* A4 210 mm */
	DOCX_PAGE_H	= 16838,	/* A4 297 mm */
	DOCX_MAR_TOP	= 1134,		/* 20 mm */
	DOCX_MAR_BOTTOM	= 1134,		/* 20 mm */
	DOCX_MAR_LEFT	= 1701,		/* 30 mm */
	DOCX_MAR_RIGHT	= 851,		/* 15 mm */
	DOCX_MAR_HEADER	= 567,		/* 10 mm: page number inside the top margin */
	DOCX_TEXT_W	= DOCX_PAGE_W - DOCX_MAR_LEFT - DOCX_MAR_RIGHT,
	DOCX_HEAD_LEFT	= 3742,		/* frame tables: 40 % agency / signature 60 % */
	DOCX_HEAD_RIGHT	= DOCX_TEXT_W - DOCX_HEAD_LEFT,
	DOCX_INDENT	= 284,		/* 5 mm per nesting level in table cells */
	DOCX_MAX_INDENT	= 8,		/* deeper levels would squeeze the text out */
	DOCX_SIGN_GAP	= 4,		/* empty lines left for the hand signature */
};

/*
 * Paragraph styles. The first PS__MAX are the model's enum rpt_pstyle, in
 * its order, so a block's style indexes the table directly; the rest are the
 * frame's. A new rpt_pstyle must get its style here first.
 */
_Static_assert(PS__MAX == 6, "rpt_docx.c: give the new rpt_pstyle a style");
enum docx_sid {
	DS_BODY = PS_BODY,
	DS_PART = PS_PART,
	DS_HEADING = PS_HEADING,
	DS_SUBHEADING = PS_SUBHEADING,
	DS_CENTER = PS_CENTER,
	DS_NOTE = PS_NOTE,
	DS_AGENCY_PARENT = PS__MAX,
	DS_AGENCY,
	DS_RULE,
	DS_NUMBER,
	DS_NATION,
	DS_MOTTO,
	DS_PLACE_DATE,
	DS_DOC_TYPE,
	DS_SUMMARY,
	DS_TABLE_TITLE,
	DS_TABLE_HEAD,
	DS_TABLE_CELL,
	DS_RECIPIENTS_HEAD,
	DS_RECIPIENT,
	DS_SIGN,
	DS_SPACER,
	DS_HEADER,
	DS__MAX
};

struct docx_style {
	const char	*id;		/* w:styleId, referenced by w:pStyle */
	const char	*name;		/* name shown in the word processor */
	const char	*jc;		/* "both", "center", "left" */
	int		 size;		/* half-points */
	unsigned	 rstyle;	/* enum rpt_style of the whole paragraph */
	int		 first_line;	/* first-line indent, twips */
	int		 before;	/* space before, twips */
	int		 after;		/* space after, twips */
	int		 line;		/* line spacing in 240ths of a line */
	bool		 keep_next;	/* titles stay with what they introduce */
	bool		 rule;		/* a top border: the short rules of the frame */
	int		 outline;	/* 1 + outline level (navigation pane), or 0 */
};

/* Sizes of Decree 30, Appendix I: 13 pt for the agency and the national
 * title, 14 for the body, 12 for "Nơi nhận:" and tables, 11 for recipients. */
static const struct docx_style docx_styles[DS__MAX] = {
	[DS_BODY] = { "KtxhBody", "KTXH Body", "both", 28, 0,
	    720, 0, 120, 276, false, false, 0 },
	[DS_PART] = { "KtxhPart", "KTXH Part", "center", 28, RS_BOLD,
	    0, 240, 120, 276, true, false, 1 },
	[DS_HEADING] = { "KtxhHeading", "KTXH Heading", "both", 28, RS_BOLD,
	    720, 120, 120, 276, true, false, 2 },
	[DS_SUBHEADING] = { "KtxhSubheading", "KTXH Subheading", "both", 28,
	    RS_BOLD, 720, 60, 120, 276, true, false, 3 },
	[DS_CENTER] = { "KtxhCenter", "KTXH Center", "center", 28, 0,
	    0, 0, 120, 276, false, false, 0 },
	[DS_NOTE] = { "KtxhNote", "KTXH Note", "left", 24, RS_ITALIC,
	    0, 0, 120, 240, false, false, 0 },
	[DS_AGENCY_PARENT] = { "KtxhAgencyParent", "KTXH Agency Parent",
	    "center", 26, 0, 0, 0, 0, 240, false, false, 0 },
	[DS_AGENCY] = { "KtxhAgency", "KTXH Agency", "center", 26, RS_BOLD,
	    0, 0, 0, 240, false, false, 0 },
	/* An empty paragraph whose top border, narrowed by indents given where
	 * it is used, is the short line under the agency and the summary. */
	[DS_RULE] = { "KtxhRule", "KTXH Rule", "center", 8, 0,
	    0, 80, 0, 240, false, true, 0 },
	[DS_NUMBER] = { "KtxhNumber", "KTXH Number", "center", 26, 0,
	    0, 120, 0, 240, false, false, 0 },
	[DS_NATION] = { "KtxhNation", "KTXH Nation", "center", 26, RS_BOLD,
	    0, 0, 0, 240, false, false, 0 },
	[DS_MOTTO] = { "KtxhMotto", "KTXH Motto", "center", 28, RS_BOLD,
	    0, 0, 0, 240, false, false, 0 },
	[DS_PLACE_DATE] = { "KtxhPlaceDate", "KTXH Place Date", "center", 28,
	    RS_ITALIC, 0, 120, 0, 240, false, false, 0 },
	[DS_DOC_TYPE] = { "KtxhDocType", "KTXH Document Type", "center", 28,
	    RS_BOLD, 0, 480, 0, 240, true, false, 0 },
	[DS_SUMMARY] = { "KtxhSummary", "KTXH Summary", "center", 28, RS_BOLD,
	    0, 0, 0, 240, true, false, 0 },
	[DS_TABLE_TITLE] = { "KtxhTableTitle", "KTXH Table Title", "center",
	    28, RS_BOLD, 0, 120, 120, 240, true, false, 0 },
	[DS_TABLE_HEAD] = { "KtxhTableHead", "KTXH Table Head", "center", 24,
	    RS_BOLD, 0, 40, 40, 240, false, false, 0 },
	[DS_TABLE_CELL] = { "KtxhTableCell", "KTXH Table Cell", "left", 24, 0,
	    0, 40, 40, 240, false, false, 0 },
	[DS_RECIPIENTS_HEAD] = { "KtxhRecipientsHead", "KTXH Recipients Head",
	    "left", 24, RS_BOLD | RS_ITALIC, 0, 0, 0, 240, false, false, 0 },
	[DS_RECIPIENT] = { "KtxhRecipient", "KTXH Recipient", "left", 22, 0,
	    0, 0, 0, 240, false, false, 0 },
	[DS_SIGN] = { "KtxhSign", "KTXH Signature", "center", 28, RS_BOLD,
	    0, 0, 0, 240, false, false, 0 },
	/* 1 pt high: a paragraph that must exist but should not show. */
	[DS_SPACER] = { "KtxhSpacer", "KTXH Spacer", "left", 2, 0,
	    0, 0, 0, 240, false, false, 0 },
	[DS_HEADER] = { "Header", "header", "center", 28, 0,
	    0, 0, 0, 240, false, false, 0 },
};

/* The parts of the package, in the order they are zipped. */
enum docx_part {
	DP_CONTENT_TYPES,
	DP_RELS,
	DP_CORE,
	DP_APP,
	DP_DOCUMENT,
	DP_STYLES,
	DP_SETTINGS,
	DP_DOC_RELS,
	DP_HEADER1,
	DP__MAX
};

static const char *const docx_part_names[DP__MAX] = {
	[DP_CONTENT_TYPES] = "[Content_Types].xml",
	[DP_RELS] = "_rels/.rels",
	[DP_CORE] = "docProps/core.xml",
	[DP_APP] = "docProps/app.xml",
	[DP_DOCUMENT] = "word/document.xml",
	[DP_STYLES] = "word/styles.xml",
	[DP_SETTINGS] = "word/settings.xml",
	[DP_DOC_RELS] = "word/_rels/document.xml.rels",
	[DP_HEADER1] = "word/header1.xml",
};

#define DOCX_XML_DECL \
	"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define DOCX_NS_W \
	"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define DOCX_NS_R \
	"http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* What a paragraph adds to its style; zero means nothing. */
struct docx_ppr {
	enum docx_sid	 sid;
	bool		 keep_next;	/* w:keepNext */
	bool		 page_break;	/* start on a new page */
	int		 before;	/* space before, twips */
	int		 after;		/* space after, twips */
	int		 ind_left;	/* twips */
	int		 ind_right;	/* twips */
	const char	*jc;		/* alignment other than the style's */
};

/* State while the body is written. */
struct docx_body {
	struct buf	*b;
	bool		 pending_break;	/* an RB_PAGEBREAK waits for a paragraph */
	bool		 after_table;	/* the last thing written was a w:tbl */
};

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes) whose code point
 * XML 1.0 allows, or 0. Word rejects the whole file on one bad byte, so the
 * writer checks rather than trusts the model's "UTF-8, NFC" promise.
 */
static size_t
docx_utf8_len(const unsigned char *s, size_t n)
{
	unsigned long cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		len = 2;
		cp = s[0] & 0x1Fu;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		len = 3;
		cp = s[0] & 0x0Fu;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		len = 4;
		cp = s[0] & 0x07u;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3Fu);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF)
		return 0;
	return len;
}

/*
 * Appends n bytes of s escaped for XML text, or for a double-quoted
 * attribute when attr. Control characters XML cannot carry are dropped and
 * malformed UTF-8 becomes U+FFFD; tab and newline are kept (the run writer
 * turns them into w:tab and w:br before they get here).
 */
static void
docx_esc(struct buf *b, const char *s, size_t n, bool attr)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;

	while (i < n) {
		switch (u[i]) {
		case '&':
			buf_puts(b, "&amp;");
			i++;
			continue;
		case '<':
			buf_puts(b, "&lt;");
			i++;
			continue;
		case '>':
			buf_puts(b, "&gt;");
			i++;
			continue;
		case '"':
			buf_puts(b, attr ? "&quot;" : "\"");
			i++;
			continue;
		case '\t':
		case '\n':
			buf_puts(b, attr ? (u[i] == '\t' ? "&#9;" : "&#10;") :
			    (u[i] == '\t' ? "\t" : "\n"));
			i++;
			continue;
		default:
			break;
		}
		if (u[i] < 0x20) {
			i++;
			continue;
		}
		if ((len = docx_utf8_len(u + i, n - i)) == 0) {
			buf_puts(b, "\xEF\xBF\xBD");
			i++;
			continue;
		}
		buf_append(b, s + i, len);
		i += len;
	}
}

static void
docx_esc_str(struct buf *b, const char *s, bool attr)
{
	docx_esc(b, s, strlen(s), attr);
}

/* The character properties of style, in schema order (b, i, then u). */
static void
docx_rpr_style(struct buf *b, unsigned style)
{
	if (style & RS_BOLD)
		buf_puts(b, "<w:b/><w:bCs/>");
	if (style & RS_ITALIC)
		buf_puts(b, "<w:i/><w:iCs/>");
	if (style & RS_UNDERLINE)
		buf_puts(b, "<w:u w:val=\"single\"/>");
}

/*
 * One run of text in style. A newline becomes a line break inside the
 * paragraph (the summary's lines) and a tab a tab; everything else is
 * escaped text whose spaces are preserved.
 */
static void
docx_run(struct buf *b, const char *text, unsigned style)
{
	const char *s = text, *e;

	if (*text == '\0')
		return;
	buf_puts(b, "<w:r>");
	if (style != 0) {
		buf_puts(b, "<w:rPr>");
		docx_rpr_style(b, style);
		buf_puts(b, "</w:rPr>");
	}
	while (*s != '\0') {
		e = s + strcspn(s, "\n\t\r");
		if (e > s) {
			buf_puts(b, "<w:t xml:space=\"preserve\">");
			docx_esc(b, s, (size_t)(e - s), false);
			buf_puts(b, "</w:t>");
		}
		if (*e == '\0')
			break;
		if (*e == '\n')
			buf_puts(b, "<w:br/>");
		else if (*e == '\t')
			buf_puts(b, "<w:tab/>");
		s = e + 1;
	}
	buf_puts(b, "</w:r>");
}

/* Opens a paragraph: w:p and its w:pPr, elements in schema order. */
static void
docx_p_open(struct buf *b, const struct docx_ppr *p)
{
	buf_printf(b, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>",
	    docx_styles[p->sid].id);
	if (p->keep_next)
		buf_puts(b, "<w:keepNext/>");
	if (p->before > 0 || p->after > 0) {
		buf_puts(b, "<w:spacing");
		if (p->before > 0)
			buf_printf(b, " w:before=\"%d\"", p->before);
		if (p->after > 0)
			buf_printf(b, " w:after=\"%d\"", p->after);
		buf_puts(b, "/>");
	}
	if (p->ind_left > 0 || p->ind_right > 0)
		buf_printf(b, "<w:ind w:left=\"%d\" w:right=\"%d\"/>",
		    p->ind_left, p->ind_right);
	if (p->jc != NULL)
		buf_printf(b, "<w:jc w:val=\"%s\"/>", p->jc);
	buf_puts(b, "</w:pPr>");
	/* A page break leading the paragraph rather than a paragraph of its
	 * own, which would leave an empty line at the top of the new page;
	 * LibreOffice reads it as "break before". */
	if (p->page_break)
		buf_puts(b, "<w:r><w:br w:type=\"page\"/></w:r>");
}

/* A paragraph of one run; text NULL gives an empty paragraph. */
static void
docx_p_text(struct buf *b, enum docx_sid sid, const char *text,
    unsigned style)
{
	struct docx_ppr p = { .sid = sid };

	docx_p_open(b, &p);
	if (text != NULL)
		docx_run(b, text, style);
	buf_puts(b, "</w:p>");
}

/* A short centred rule: width twips of line centred in a space of span,
 * then after twips of space. */
static void
docx_rule(struct buf *b, int span, int width, int after)
{
	struct docx_ppr p = { .sid = DS_RULE, .after = after };

	p.ind_left = p.ind_right = (span - width) / 2;
	docx_p_open(b, &p);
	buf_puts(b, "</w:p>");
}

/*
 * An invisible paragraph: Word merges two tables that touch and wants a
 * paragraph after the last table of the body, and a page break before a
 * table needs a paragraph to sit in.
 */
static void
docx_p_spacer(struct buf *b, bool page_break)
{
	struct docx_ppr p = { .sid = DS_SPACER, .page_break = page_break };

	docx_p_open(b, &p);
	buf_puts(b, "</w:p>");
}

/* w:tblPr of a table width twips wide; borders or none. */
static void
docx_tbl_open(struct buf *b, int width, bool borders, int cell_mar)
{
	static const char *const sides[] = {
		"top", "left", "bottom", "right", "insideH", "insideV"
	};
	size_t i;

	buf_printf(b, "<w:tbl><w:tblPr><w:tblW w:w=\"%d\" w:type=\"dxa\"/>"
	    "<w:jc w:val=\"center\"/><w:tblBorders>", width);
	for (i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		if (borders)
			buf_printf(b, "<w:%s w:val=\"single\" w:sz=\"4\" "
			    "w:space=\"0\" w:color=\"000000\"/>", sides[i]);
		else
			buf_printf(b, "<w:%s w:val=\"nil\"/>", sides[i]);
	}
	buf_printf(b, "</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
	    "<w:tblCellMar><w:left w:w=\"%d\" w:type=\"dxa\"/>"
	    "<w:right w:w=\"%d\" w:type=\"dxa\"/></w:tblCellMar>"
	    "</w:tblPr>", cell_mar, cell_mar);
}

static void
docx_grid(struct buf *b, const int *w, size_t n)
{
	size_t i;

	buf_puts(b, "<w:tblGrid>");
	for (i = 0; i < n; i++)
		buf_printf(b, "<w:gridCol w:w=\"%d\"/>", w[i]);
	buf_puts(b, "</w:tblGrid>");
}

/* Opens a cell width twips wide spanning span grid columns. */
static void
docx_tc_open(struct buf *b, int width, size_t span, const char *valign)
{
	buf_printf(b, "<w:tc><w:tcPr><w:tcW w:w=\"%d\" w:type=\"dxa\"/>",
	    width);
	if (span > 1)
		buf_printf(b, "<w:gridSpan w:val=\"%zu\"/>", span);
	buf_printf(b, "<w:vAlign w:val=\"%s\"/></w:tcPr>", valign);
}

/* A table row that never breaks across pages; head rows repeat on each. */
static void
docx_tr_open(struct buf *b, bool head)
{
	buf_printf(b, "<w:tr><w:trPr><w:cantSplit/>%s</w:trPr>",
	    head ? "<w:tblHeader/>" : "");
}

static bool
docx_empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/*
 * The national header: a borderless two-column table, agency on the left
 * and the national title and motto on the right in the first row, number and
 * place-date in the second so that they share a baseline as on paper.
 */
static void
docx_frame_head(struct buf *b, const struct rpt_frame *f)
{
	const int w[2] = { DOCX_HEAD_LEFT, DOCX_HEAD_RIGHT };
	bool left = false;

	docx_tbl_open(b, DOCX_TEXT_W, false, 0);
	docx_grid(b, w, 2);
	docx_tr_open(b, false);
	docx_tc_open(b, w[0], 1, "top");
	if (!docx_empty(f->agency_parent)) {
		docx_p_text(b, DS_AGENCY_PARENT, f->agency_parent, 0);
		left = true;
	}
	if (!docx_empty(f->agency)) {
		docx_p_text(b, DS_AGENCY, f->agency, 0);
		/* The decree's rule is a third to a half of the name. */
		docx_rule(b, w[0], w[0] / 3, 0);
		left = true;
	}
	if (!left)
		docx_p_text(b, DS_AGENCY, NULL, 0);
	buf_puts(b, "</w:tc>");
	docx_tc_open(b, w[1], 1, "top");
	docx_p_text(b, DS_NATION, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 0);
	/* Underlining the run draws the line exactly as long as the motto. */
	docx_p_text(b, DS_MOTTO, "Độc lập - Tự do - Hạnh phúc", RS_UNDERLINE);
	buf_puts(b, "</w:tc></w:tr>");
	if (!docx_empty(f->number) || !docx_empty(f->place_date)) {
		docx_tr_open(b, false);
		docx_tc_open(b, w[0], 1, "top");
		docx_p_text(b, DS_NUMBER, docx_empty(f->number) ? NULL :
		    f->number, 0);
		buf_puts(b, "</w:tc>");
		docx_tc_open(b, w[1], 1, "top");
		docx_p_text(b, DS_PLACE_DATE, docx_empty(f->place_date) ?
		    NULL : f->place_date, 0);
		buf_puts(b, "</w:tc></w:tr>");
	}
	buf_puts(b, "</w:tbl>");
}

/* The document type and summary, centred, with the short rule under them. */
static void
docx_frame_title(struct docx_body *d, const struct rpt_frame *f)
{
	if (!docx_empty(f->doc_type))
		docx_p_text(d->b, DS_DOC_TYPE, f->doc_type, 0);
	if (!docx_empty(f->summary)) {
		struct docx_ppr p = { .sid = DS_SUMMARY };

		/* The space under the header belongs to the document type. */
		if (docx_empty(f->doc_type))
			p.before = docx_styles[DS_DOC_TYPE].before;
		docx_p_open(d->b, &p);
		docx_run(d->b, f->summary, 0);
		buf_puts(d->b, "</w:p>");
		docx_rule(d->b, DOCX_TEXT_W, DOCX_TEXT_W / 4, 240);
	}
}

/* Whether the next body paragraph starts a new page; it is being written,
 * so neither the break nor the table before it is pending any more. */
static bool
docx_take_break(struct docx_body *d)
{
	bool brk = d->pending_break;

	d->pending_break = false;
	d->after_table = false;
	return brk;
}

static struct docx_ppr
docx_body_ppr(struct docx_body *d, enum docx_sid sid)
{
	struct docx_ppr p = { .sid = sid };

	p.page_break = docx_take_break(d);
	return p;
}

static void
docx_block_para(struct docx_body *d, const struct rpt_para *para)
{
	enum docx_sid sid = DS_BODY;
	struct docx_ppr p;
	size_t i;

	if ((unsigned)para->style < PS__MAX)
		sid = (enum docx_sid)para->style;
	p = docx_body_ppr(d, sid);
	docx_p_open(d->b, &p);
	for (i = 0; i < para->nruns; i++)
		docx_run(d->b, para->runs[i].text, para->runs[i].style);
	buf_puts(d->b, "</w:p>");
}

/*
 * Column widths in twips: widths[] scaled to the text width, rounding left
 * to the last column so the grid adds up exactly. Widths that cannot be
 * scaled (negative, not finite, all zero) give equal columns.
 */
static void
docx_col_widths(const struct rpt_table *t, int *w)
{
	double sum = 0;
	int used = 0;
	size_t i;

	for (i = 0; i < t->ncols && t->widths != NULL; i++) {
		if (!isfinite(t->widths[i]) || t->widths[i] < 0) {
			sum = 0;
			break;
		}
		sum += t->widths[i];
	}
	for (i = 0; i < t->ncols; i++) {
		if (i + 1 == t->ncols)
			w[i] = DOCX_TEXT_W - used;
		else if (sum > 0 && isfinite(sum))
			w[i] = (int)(DOCX_TEXT_W * (t->widths[i] / sum));
		else
			w[i] = DOCX_TEXT_W / (int)t->ncols;
		used += w[i];
	}
}

static const char *
docx_jc(enum rpt_align a)
{
	switch (a) {
	case RA_CENTER:
		return "center";
	case RA_RIGHT:
		return "right";
	case RA_LEFT:
	default:
		return "left";
	}
}

/* One cell; a group row's cell stays with the row under it (keep). */
static void
docx_cell(struct buf *b, const struct rpt_cell *c, enum docx_sid sid,
    int width, size_t span, unsigned extra, bool keep)
{
	struct docx_ppr p = { .sid = sid, .keep_next = keep };
	int level = c->indent < 0 ? 0 : c->indent;

	if (level > DOCX_MAX_INDENT)
		level = DOCX_MAX_INDENT;
	p.ind_left = level * DOCX_INDENT;
	if (sid == DS_TABLE_CELL)
		p.jc = docx_jc(c->align);
	docx_tc_open(b, width, span, "center");
	docx_p_open(b, &p);
	docx_run(b, c->text, c->style | extra);
	buf_puts(b, "</w:p></w:tc>");
}

/*
 * A bordered table with its caption. The head row is marked w:tblHeader so
 * that it repeats on every page the table runs over; a group row is one
 * bold cell across all columns.
 */
static void
docx_block_table(struct docx_body *d, const struct rpt_table *t)
{
	struct buf *b = d->b;
	struct rpt_cell head;
	struct docx_ppr p;
	size_t i, j;
	int *w;

	if (t->ncols == 0)
		return;
	if (!docx_empty(t->title)) {
		p = docx_body_ppr(d, DS_TABLE_TITLE);
		docx_p_open(b, &p);
		docx_run(b, t->title, 0);
		buf_puts(b, "</w:p>");
	} else if (d->pending_break || d->after_table)
		docx_p_spacer(b, docx_take_break(d));
	w = xcalloc(t->ncols, sizeof(*w));
	docx_col_widths(t, w);
	docx_tbl_open(b, DOCX_TEXT_W, true, 57);
	docx_grid(b, w, t->ncols);
	docx_tr_open(b, true);
	memset(&head, 0, sizeof(head));
	for (j = 0; j < t->ncols; j++) {
		head.text = t->head != NULL && t->head[j] != NULL ?
		    t->head[j] : "";
		docx_cell(b, &head, DS_TABLE_HEAD, w[j], 1, 0, false);
	}
	buf_puts(b, "</w:tr>");
	for (i = 0; i < t->nrows; i++) {
		const struct rpt_row *r = &t->rows[i];

		docx_tr_open(b, false);
		if (r->group)
			docx_cell(b, &r->cells[0], DS_TABLE_CELL, DOCX_TEXT_W,
			    t->ncols, RS_BOLD, i + 1 < t->nrows);
		else
			for (j = 0; j < t->ncols; j++)
				docx_cell(b, &r->cells[j], DS_TABLE_CELL,
				    w[j], 1, 0, false);
		buf_puts(b, "</w:tr>");
	}
	buf_puts(b, "</w:tbl>");
	free(w);
	d->after_table = true;
}

/*
 * The closing: a borderless two-column table, "Nơi nhận:" and the
 * recipients on the left, the signing authority, the title, room for the
 * hand signature and the signer's name on the right. The row does not
 * split, so the signature never lands on a page of its own without its
 * authority.
 */
static void
docx_frame_close(struct docx_body *d, const struct rpt_frame *f)
{
	const int w[2] = { DOCX_HEAD_LEFT, DOCX_HEAD_RIGHT };
	struct buf *b = d->b;
	bool sign, left = false, any = false;
	size_t i;
	int k;

	sign = !docx_empty(f->sign_authority) || !docx_empty(f->sign_title) ||
	    !docx_empty(f->signer);
	for (i = 0; i < f->nrecipients; i++)
		any = any || !docx_empty(f->recipients[i]);
	if (!sign && !any)
		return;
	/* A line between the body and the closing (none at a page top),
	 * also the paragraph Word wants between two tables. */
	if (d->pending_break)
		docx_p_spacer(b, docx_take_break(d));
	else
		docx_p_text(b, DS_BODY, NULL, 0);
	docx_tbl_open(b, DOCX_TEXT_W, false, 0);
	docx_grid(b, w, 2);
	docx_tr_open(b, false);
	docx_tc_open(b, w[0], 1, "top");
	for (i = 0; i < f->nrecipients; i++) {
		if (docx_empty(f->recipients[i]))
			continue;
		if (!left)
			docx_p_text(b, DS_RECIPIENTS_HEAD, "Nơi nhận:", 0);
		docx_p_text(b, DS_RECIPIENT, f->recipients[i], 0);
		left = true;
	}
	if (!left)
		docx_p_text(b, DS_RECIPIENT, NULL, 0);
	buf_puts(b, "</w:tc>");
	docx_tc_open(b, w[1], 1, "top");
	if (!docx_empty(f->sign_authority))
		docx_p_text(b, DS_SIGN, f->sign_authority, 0);
	if (!docx_empty(f->sign_title))
		docx_p_text(b, DS_SIGN, f->sign_title, 0);
	if (sign)
		for (k = 0; k < DOCX_SIGN_GAP; k++)
			docx_p_text(b, DS_SIGN, NULL, 0);
	if (!docx_empty(f->signer))
		docx_p_text(b, DS_SIGN, f->signer, 0);
	if (!sign)
		docx_p_text(b, DS_SIGN, NULL, 0);
	buf_puts(b, "</w:tc></w:tr></w:tbl>");
	d->after_table = true;
}

static void
docx_document(struct buf *b, const struct rpt_doc *doc)
{
	struct docx_body d = { .b = b };
	bool closed = false;
	size_t i;

	buf_puts(b, DOCX_XML_DECL "<w:document xmlns:w=\"" DOCX_NS_W "\" "
	    "xmlns:r=\"" DOCX_NS_R "\"><w:body>");
	docx_frame_head(b, &doc->frame);
	docx_frame_title(&d, &doc->frame);
	for (i = 0; i < doc->nblocks; i++) {
		const struct rpt_block *blk = &doc->blocks[i];

		switch (blk->kind) {
		case RB_PARA:
			docx_block_para(&d, &blk->para);
			break;
		case RB_TABLE:
			docx_block_table(&d, &blk->table);
			break;
		case RB_PAGEBREAK:
			/* Carried to the next paragraph (docx_p_open). */
			d.pending_break = true;
			break;
		case RB_CLOSING:
			/* The first one places the closing; an appendix
			 * may follow it. */
			if (!closed)
				docx_frame_close(&d, &doc->frame);
			closed = true;
			break;
		}
	}
	if (!closed)
		docx_frame_close(&d, &doc->frame);
	/* A page break with nothing after it would only add a blank page. */
	if (d.after_table)
		docx_p_spacer(b, false);
	/* w:titlePg with no first-page header: page 1 carries no number. */
	buf_printf(b, "<w:sectPr><w:headerReference w:type=\"default\" "
	    "r:id=\"rIdHeader1\"/><w:pgSz w:w=\"%d\" w:h=\"%d\"/>"
	    "<w:pgMar w:top=\"%d\" w:right=\"%d\" w:bottom=\"%d\" "
	    "w:left=\"%d\" w:header=\"%d\" w:footer=\"%d\" w:gutter=\"0\"/>"
	    "<w:cols w:space=\"720\"/><w:titlePg/>"
	    "<w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body>"
	    "</w:document>", DOCX_PAGE_W, DOCX_PAGE_H, DOCX_MAR_TOP,
	    DOCX_MAR_RIGHT, DOCX_MAR_BOTTOM, DOCX_MAR_LEFT, DOCX_MAR_HEADER,
	    DOCX_MAR_HEADER);
}

/* One paragraph style; builtin for Word's own (Header), which Word matches
 * by name and which must not be marked custom. */
static void
docx_style(struct buf *b, const struct docx_style *s, bool builtin)
{
	buf_printf(b, "<w:style w:type=\"paragraph\"%s w:styleId=\"%s\">"
	    "<w:name w:val=\"%s\"/><w:basedOn w:val=\"Normal\"/>"
	    "<w:next w:val=\"%s\"/>%s<w:pPr>",
	    builtin ? "" : " w:customStyle=\"1\"", s->id, s->name,
	    s->keep_next ? docx_styles[DS_BODY].id : s->id,
	    builtin ? "<w:uiPriority w:val=\"99\"/><w:unhideWhenUsed/>" :
	    "<w:qFormat/>");
	if (s->keep_next)
		buf_puts(b, "<w:keepNext/>");
	if (s->rule)
		buf_puts(b, "<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" "
		    "w:space=\"1\" w:color=\"000000\"/></w:pBdr>");
	buf_printf(b, "<w:spacing w:before=\"%d\" w:after=\"%d\" "
	    "w:line=\"%d\" w:lineRule=\"auto\"/>", s->before, s->after,
	    s->line);
	if (s->first_line > 0)
		buf_printf(b, "<w:ind w:firstLine=\"%d\"/>", s->first_line);
	buf_printf(b, "<w:jc w:val=\"%s\"/>", s->jc);
	if (s->outline > 0)
		buf_printf(b, "<w:outlineLvl w:val=\"%d\"/>", s->outline - 1);
	buf_puts(b, "</w:pPr><w:rPr>");
	docx_rpr_style(b, s->rstyle & (RS_BOLD | RS_ITALIC));
	buf_printf(b, "<w:sz w:val=\"%d\"/><w:szCs w:val=\"%d\"/>",
	    s->size, s->size);
	if (s->rstyle & RS_UNDERLINE)
		buf_puts(b, "<w:u w:val=\"single\"/>");
	buf_puts(b, "</w:rPr></w:style>");
}

/* Times New Roman 14 pt for every script, Vietnamese for spelling. */
static void
docx_styles_xml(struct buf *b)
{
	size_t i;

	buf_puts(b, DOCX_XML_DECL "<w:styles xmlns:w=\"" DOCX_NS_W "\">"
	    "<w:docDefaults><w:rPrDefault><w:rPr>"
	    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	    "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
	    "<w:color w:val=\"000000\"/>"
	    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>"
	    "<w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/>"
	    "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/>"
	    "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" "
	    "w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	    "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	    "<w:name w:val=\"Normal\"/><w:qFormat/><w:rPr>"
	    "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" "
	    "w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/>"
	    "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr></w:style>"
	    "<w:style w:type=\"character\" w:default=\"1\" "
	    "w:styleId=\"DefaultParagraphFont\">"
	    "<w:name w:val=\"Default Paragraph Font\"/>"
	    "<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/>"
	    "</w:style>"
	    "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
	    "<w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/>"
	    "<w:semiHidden/><w:unhideWhenUsed/><w:tblPr>"
	    "<w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar>"
	    "<w:top w:w=\"0\" w:type=\"dxa\"/>"
	    "<w:left w:w=\"108\" w:type=\"dxa\"/>"
	    "<w:bottom w:w=\"0\" w:type=\"dxa\"/>"
	    "<w:right w:w=\"108\" w:type=\"dxa\"/>"
	    "</w:tblCellMar></w:tblPr></w:style>");
	for (i = 0; i < DS__MAX; i++)
		docx_style(b, &docx_styles[i], i == DS_HEADER);
	buf_puts(b, "</w:styles>");
}

/* The page number, centred; only the default header has one (titlePg). */
static void
docx_header_xml(struct buf *b)
{
	buf_printf(b, DOCX_XML_DECL "<w:hdr xmlns:w=\"" DOCX_NS_W "\" "
	    "xmlns:r=\"" DOCX_NS_R "\"><w:p><w:pPr><w:pStyle w:val=\"%s\"/>"
	    "</w:pPr><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
	    "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"
	    "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
	    "<w:r><w:t>2</w:t></w:r>"
	    "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>",
	    docx_styles[DS_HEADER].id);
}

/* Word 2013+ layout (no compatibility mode), Vietnamese number separators. */
static void
docx_settings_xml(struct buf *b)
{
	buf_puts(b, DOCX_XML_DECL "<w:settings xmlns:w=\"" DOCX_NS_W "\">"
	    "<w:zoom w:percent=\"100\"/><w:defaultTabStop w:val=\"720\"/>"
	    "<w:characterSpacingControl w:val=\"doNotCompress\"/>"
	    "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
	    "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>"
	    "</w:compat><w:themeFontLang w:val=\"vi-VN\"/>"
	    "<w:decimalSymbol w:val=\",\"/><w:listSeparator w:val=\";\"/>"
	    "</w:settings>");
}

static void
docx_content_types_xml(struct buf *b)
{
	buf_puts(b, DOCX_XML_DECL "<Types xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/content-types\">"
	    "<Default Extension=\"rels\" ContentType=\"application/"
	    "vnd.openxmlformats-package.relationships+xml\"/>"
	    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	    "<Override PartName=\"/word/document.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "document.main+xml\"/>"
	    "<Override PartName=\"/word/styles.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "styles+xml\"/>"
	    "<Override PartName=\"/word/settings.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "settings+xml\"/>"
	    "<Override PartName=\"/word/header1.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.wordprocessingml."
	    "header+xml\"/>"
	    "<Override PartName=\"/docProps/core.xml\" ContentType=\""
	    "application/vnd.openxmlformats-package.core-properties+xml\"/>"
	    "<Override PartName=\"/docProps/app.xml\" ContentType=\""
	    "application/vnd.openxmlformats-officedocument.extended-"
	    "properties+xml\"/></Types>");
}

static void
docx_rels_xml(struct buf *b)
{
	buf_puts(b, DOCX_XML_DECL "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/officeDocument\" "
	    "Target=\"word/document.xml\"/>"
	    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats."
	    "org/package/2006/relationships/metadata/core-properties\" "
	    "Target=\"docProps/core.xml\"/>"
	    "<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats."
	    "org/officeDocument/2006/relationships/extended-properties\" "
	    "Target=\"docProps/app.xml\"/></Relationships>");
}

static void
docx_doc_rels_xml(struct buf *b)
{
	buf_puts(b, DOCX_XML_DECL "<Relationships xmlns=\"http://schemas."
	    "openxmlformats.org/package/2006/relationships\">"
	    "<Relationship Id=\"rIdStyles\" Type=\"" DOCX_NS_R "/styles\" "
	    "Target=\"styles.xml\"/>"
	    "<Relationship Id=\"rIdSettings\" Type=\"" DOCX_NS_R "/settings\" "
	    "Target=\"settings.xml\"/>"
	    "<Relationship Id=\"rIdHeader1\" Type=\"" DOCX_NS_R "/header\" "
	    "Target=\"header1.xml\"/></Relationships>");
}

static void
docx_core_xml(struct buf *b, const struct rpt_doc *doc, time_t now)
{
	struct tm tm;
	char stamp[32] = "1980-01-01T00:00:00Z";

	if (gmtime_r(&now, &tm) != NULL)
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	buf_puts(b, DOCX_XML_DECL "<cp:coreProperties xmlns:cp=\"http://"
	    "schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
	    "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
	    "<dc:title>");
	docx_esc_str(b, doc->title != NULL ? doc->title : "", false);
	buf_printf(b, "</dc:title><dc:creator>ktxh</dc:creator>"
	    "<dc:language>vi-VN</dc:language>"
	    "<dcterms:created xsi:type=\"dcterms:W3CDTF\">%s</dcterms:created>"
	    "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">%s"
	    "</dcterms:modified></cp:coreProperties>", stamp, stamp);
}

static void
docx_app_xml(struct buf *b)
{
	buf_puts(b, DOCX_XML_DECL "<Properties xmlns=\"http://schemas."
	    "openxmlformats.org/officeDocument/2006/extended-properties\">"
	    "<Application>ktxh</Application></Properties>");
}

/* Build time: SOURCE_DATE_EPOCH when set, so that builds can be compared
 * byte for byte, else now. */
static time_t
docx_now(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (s != NULL && *s != '\0') {
		errno = 0;
		v = strtoll(s, &end, 10);
		if (errno == 0 && *end == '\0' && v >= 315532800LL)
			return (time_t)v;
	}
	return time(NULL);
}

/* The cause of a libzip failure: the system's reason when there is one
 * ("Permission denied" says more than "Failure to create temporary file"). */
static void
docx_zip_error(struct buf *err, const char *path, zip_error_t *ze)
{
	if (zip_error_system_type(ze) == ZIP_ET_SYS &&
	    zip_error_code_system(ze) != 0)
		buf_printf(err, "không ghi được tệp %s: %s", path,
		    strerror(zip_error_code_system(ze)));
	else
		buf_printf(err, "không ghi được tệp %s: %s", path,
		    zip_error_strerror(ze));
}

/*
 * The archive is built in memory and written out here: libzip writing a
 * file itself goes through a temporary file of its own, whose random name
 * costs OpenSSL's whole set-up (about 1 ms, and its clean-up at exit).
 */
static int
docx_save(const char *tmp, const char *path, zip_source_t *zs,
    struct buf *err)
{
	zip_stat_t st;
	char *data = NULL;
	FILE *fp;
	int rc = -1;

	if (zip_source_stat(zs, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) ||
	    zip_source_open(zs) != 0) {
		docx_zip_error(err, path, zip_source_error(zs));
		return -1;
	}
	data = xmalloc(st.size > 0 ? st.size : 1);
	if (zip_source_read(zs, data, st.size) != (zip_int64_t)st.size)
		docx_zip_error(err, path, zip_source_error(zs));
	else if ((fp = fopen(tmp, "wb")) == NULL)
		buf_printf(err, "không ghi được tệp %s: %s", tmp,
		    strerror(errno));
	else {
		if (fwrite(data, 1, st.size, fp) == st.size)
			rc = 0;
		if (fclose(fp) != 0)
			rc = -1;
		if (rc != 0) {
			buf_printf(err, "không ghi được tệp %s: %s", tmp,
			    strerror(errno));
			unlink(tmp);
		}
	}
	zip_source_close(zs);
	free(data);
	return rc;
}

/* Zips the parts into tmp; 0, or -1 with *err set and no tmp left. */
static int
docx_zip(const char *tmp, const char *path, struct buf *parts, time_t now,
    struct buf *err)
{
	zip_error_t ze;
	zip_source_t *zs, *src;
	zip_int64_t idx;
	zip_t *za;
	size_t i;
	int rc = -1;

	zip_error_init(&ze);
	if ((zs = zip_source_buffer_create(NULL, 0, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(zs, ZIP_TRUNCATE, &ze)) == NULL) {
		docx_zip_error(err, path, &ze);
		zip_source_free(zs);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	zip_source_keep(zs);	/* past zip_close, to read the archive */
	for (i = 0; i < DP__MAX; i++) {
		src = zip_source_buffer(za, buf_str(&parts[i]), parts[i].len, 0);
		if (src == NULL)
			goto fail;
		idx = zip_file_add(za, docx_part_names[i], src,
		    ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
		if (idx < 0) {
			zip_source_free(src);
			goto fail;
		}
		/* Deflate's fastest level: the XML still shrinks fivefold
		 * (sixfold by default), and the report is written about
		 * 2 ms sooner. */
		if (zip_file_set_mtime(za, (zip_uint64_t)idx, now, 0) != 0 ||
		    zip_set_file_compression(za, (zip_uint64_t)idx,
		    ZIP_CM_DEFLATE, 1) != 0)
			goto fail;
	}
	if (zip_close(za) != 0)
		goto fail;
	rc = docx_save(tmp, path, zs, err);
	zip_source_free(zs);
	return rc;
fail:
	docx_zip_error(err, path, zip_get_error(za));
	zip_discard(za);
	zip_source_free(zs);
	return -1;
}

int
rpt_write_docx(const struct rpt_doc *doc, const char *path, struct buf *err)
{
	struct buf parts[DP__MAX], tmp = BUF_INIT;
	struct buf sink = BUF_INIT;
	time_t now = docx_now();
	int rc = -1;
	size_t i;

	if (err == NULL)
		err = &sink;
	if (doc == NULL || path == NULL || *path == '\0') {
		buf_printf(err, "không ghi được tệp DOCX: thiếu tên tệp");
		goto out_args;
	}
	for (i = 0; i < DP__MAX; i++)
		parts[i] = (struct buf)BUF_INIT;
	docx_content_types_xml(&parts[DP_CONTENT_TYPES]);
	docx_rels_xml(&parts[DP_RELS]);
	docx_core_xml(&parts[DP_CORE], doc, now);
	docx_app_xml(&parts[DP_APP]);
	docx_document(&parts[DP_DOCUMENT], doc);
	docx_styles_xml(&parts[DP_STYLES]);
	docx_settings_xml(&parts[DP_SETTINGS]);
	docx_doc_rels_xml(&parts[DP_DOC_RELS]);
	docx_header_xml(&parts[DP_HEADER1]);

	buf_printf(&tmp, "%s.tmp", path);
	if (docx_zip(buf_str(&tmp), path, parts, now, err) != 0)
		goto out;
	if (rename(buf_str(&tmp), path) != 0) {
		buf_printf(err, "không ghi được tệp %s: không đổi tên được "
		    "%s: %s", path, buf_str(&tmp), strerror(errno));
		unlink(buf_str(&tmp));
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < DP__MAX; i++)
		buf_free(&parts[i]);
	buf_free(&tmp);
out_args:
	buf_free(&sink);
	return rc;
}
