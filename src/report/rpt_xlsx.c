/* rpt_xlsx.c: the XLSX writer of the report model, for people who want the
 * indicator appendix as a spreadsheet. It writes one worksheet per indicator
 * table (every table when none is marked) with libxlsxwriter: agency and title
 * above, a bordered grid with a grey header row below, A4 landscape print
 * setup. Figures stay the text the report prints ("1.303,5", "262,22%"),
 * because the spreadsheet must show exactly what the commune signs; the file
 * is written beside the target and renamed, so a failure leaves nothing. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "core/dynlib.h"
#include "rpt.h"

/* libxlsxwriter (with minizip) is opened by the first spreadsheet written
 * (core/dynlib.h), not mapped and relocated at every start of every
 * command. The calls below read as plain libxlsxwriter; the definitions
 * after the table send each through it. */
#define XLSX_SONAME	"libxlsxwriter.so.4"
#define XLSX_FUNCS(X)							\
	X(format_set_align) X(format_set_bg_color) X(format_set_bold)	\
	X(format_set_border) X(format_set_font_name) X(format_set_font_size)	\
	X(format_set_indent) X(format_set_italic) X(format_set_pattern)	\
	X(format_set_text_wrap) X(format_set_underline)	\
	X(lxw_rowcol_to_cell) X(lxw_rowcol_to_range) X(lxw_strerror)	\
	X(workbook_add_format) X(workbook_add_worksheet) X(workbook_close)	\
	X(workbook_new) X(workbook_set_properties)	\
	X(worksheet_center_horizontally) X(worksheet_fit_to_pages)	\
	X(worksheet_freeze_panes) X(worksheet_ignore_errors)	\
	X(worksheet_merge_range) X(worksheet_repeat_rows)	\
	X(worksheet_set_column) X(worksheet_set_column_opt)	\
	X(worksheet_set_footer) X(worksheet_set_landscape)	\
	X(worksheet_set_margins) X(worksheet_set_paper) X(worksheet_set_row)	\
	X(worksheet_write_string)
static struct { XLSX_FUNCS(DYNLIB_FIELD) } xlsx;
DYNLIB_FILL(xlsx_fill, xlsx, XLSX_FUNCS)
static struct dynlib xlsx_lib = { XLSX_SONAME, "libxlsxwriter4", xlsx_fill,
    false };

#define format_set_align	(*xlsx.format_set_align)
#define format_set_bg_color	(*xlsx.format_set_bg_color)
#define format_set_bold	(*xlsx.format_set_bold)
#define format_set_border	(*xlsx.format_set_border)
#define format_set_font_name	(*xlsx.format_set_font_name)
#define format_set_font_size	(*xlsx.format_set_font_size)
#define format_set_indent	(*xlsx.format_set_indent)
#define format_set_italic	(*xlsx.format_set_italic)
#define format_set_pattern	(*xlsx.format_set_pattern)
#define format_set_text_wrap	(*xlsx.format_set_text_wrap)
#define format_set_underline	(*xlsx.format_set_underline)
#define lxw_rowcol_to_cell	(*xlsx.lxw_rowcol_to_cell)
#define lxw_rowcol_to_range	(*xlsx.lxw_rowcol_to_range)
#define lxw_strerror	(*xlsx.lxw_strerror)
#define workbook_add_format	(*xlsx.workbook_add_format)
#define workbook_add_worksheet	(*xlsx.workbook_add_worksheet)
#define workbook_close	(*xlsx.workbook_close)
#define workbook_new	(*xlsx.workbook_new)
#define workbook_set_properties	(*xlsx.workbook_set_properties)
#define worksheet_center_horizontally	(*xlsx.worksheet_center_horizontally)
#define worksheet_fit_to_pages	(*xlsx.worksheet_fit_to_pages)
#define worksheet_freeze_panes	(*xlsx.worksheet_freeze_panes)
#define worksheet_ignore_errors	(*xlsx.worksheet_ignore_errors)
#define worksheet_merge_range	(*xlsx.worksheet_merge_range)
#define worksheet_repeat_rows	(*xlsx.worksheet_repeat_rows)
#define worksheet_set_column	(*xlsx.worksheet_set_column)
#define worksheet_set_column_opt	(*xlsx.worksheet_set_column_opt)
#define worksheet_set_footer	(*xlsx.worksheet_set_footer)
#define worksheet_set_landscape	(*xlsx.worksheet_set_landscape)
#define worksheet_set_margins	(*xlsx.worksheet_set_margins)
#define worksheet_set_paper	(*xlsx.worksheet_set_paper)
#define worksheet_set_row	(*xlsx.worksheet_set_row)
#define worksheet_write_string	(*xlsx.worksheet_write_string)

/* Layout of a sheet, 0-based rows. The header row is always the fourth so a
 * sheet reads the same whether or not its table has a caption. */
#define XLSX_ROW_AGENCY	0
#define XLSX_ROW_TITLE	1
#define XLSX_ROW_CAPTION	2
#define XLSX_ROW_HEAD	3
#define XLSX_ROW_BODY	4

#define XLSX_TOTAL_WIDTH	120.0	/* characters across all columns */
#define XLSX_MIN_WIDTH		4.0	/* so "STT" and "%" columns stay legible */
#define XLSX_MAX_INDENT		15	/* Excel accepts more; reports nest 1 deep */
#define XLSX_FONT		"Times New Roman"	/* the Decree 30 face */
#define XLSX_FONT_SIZE		12.0
#define XLSX_TITLE_SIZE		14.0

#define XLSX_NOTE \
	"Số liệu theo định dạng Việt Nam; tỷ lệ % do ktxh tính từ số liệu."

/* Format kinds cached by xlsx_cell_format. */
enum xlsx_fkind {
	XF_BODY,	/* an ordinary table cell */
	XF_GROUP	/* a group row merged across the table */
};

/* One cached cell format; libxlsxwriter owns the format itself. */
struct xlsx_fmt {
	enum xlsx_fkind	 kind;
	unsigned	 style;		/* enum rpt_style */
	enum rpt_align	 align;
	int		 indent;
	lxw_format	*fmt;
};

/* Everything one workbook needs while it is being filled. */
struct xlsx_ctx {
	lxw_workbook	*wb;
	lxw_format	*agency;	/* row 1: bold, left, no wrap */
	lxw_format	*title;		/* row 2: bold, larger, merged, centred */
	lxw_format	*caption;	/* row 3: bold, merged, centred */
	lxw_format	*head;		/* header row: bold, grey, bordered */
	lxw_format	*note;		/* note under the table: italic */
	struct xlsx_fmt	*fmts;		/* cell formats made so far */
	size_t		 nfmts;
	lxw_error	 error;		/* first error, or LXW_NO_ERROR */
	struct buf	 where;		/* where the first error happened */
	const char	*sheet;		/* name of the sheet being written */
};

/* Keeps the first error only: later ones are usually its consequences. */
static void
xlsx_check(struct xlsx_ctx *x, lxw_error e, lxw_row_t row, lxw_col_t col)
{
	char cell[LXW_MAX_CELL_NAME_LENGTH];

	if (e == LXW_NO_ERROR || x->error != LXW_NO_ERROR)
		return;
	x->error = e;
	lxw_rowcol_to_cell(cell, row, col);
	buf_printf(&x->where, "trang “%s”, ô %s", x->sheet, cell);
}

/* A new format in the report's face: Times New Roman, as in the printed
 * report, rather than the spreadsheet's default Calibri. */
static lxw_format *
xlsx_format_new(struct xlsx_ctx *x, double size)
{
	lxw_format *f = workbook_add_format(x->wb);

	/* libxlsxwriter returns NULL only when out of memory. */
	if (f == NULL) {
		fputs("ktxh: hết bộ nhớ (out of memory)\n", stderr);
		abort();
	}
	format_set_font_name(f, XLSX_FONT);
	format_set_font_size(f, size);
	return f;
}

static void
xlsx_format_style(lxw_format *f, unsigned style)
{
	if (style & RS_BOLD)
		format_set_bold(f);
	if (style & RS_ITALIC)
		format_set_italic(f);
	if (style & RS_UNDERLINE)
		format_set_underline(f, LXW_UNDERLINE_SINGLE);
}

static void
xlsx_formats_init(struct xlsx_ctx *x)
{
	x->agency = xlsx_format_new(x, XLSX_FONT_SIZE);
	format_set_bold(x->agency);

	x->title = xlsx_format_new(x, XLSX_TITLE_SIZE);
	format_set_bold(x->title);
	format_set_align(x->title, LXW_ALIGN_CENTER);
	format_set_align(x->title, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->title);

	x->caption = xlsx_format_new(x, XLSX_FONT_SIZE);
	format_set_bold(x->caption);
	format_set_align(x->caption, LXW_ALIGN_CENTER);
	format_set_align(x->caption, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->caption);

	x->head = xlsx_format_new(x, XLSX_FONT_SIZE);
	format_set_bold(x->head);
	format_set_align(x->head, LXW_ALIGN_CENTER);
	format_set_align(x->head, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->head);
	format_set_border(x->head, LXW_BORDER_THIN);
	format_set_pattern(x->head, LXW_PATTERN_SOLID);
	format_set_bg_color(x->head, 0xD9D9D9);

	x->note = xlsx_format_new(x, XLSX_FONT_SIZE - 1);
	format_set_italic(x->note);
}

/* The indent level Excel is given: the model's, within sane bounds. */
static int
xlsx_indent(int indent)
{
	if (indent < 0)
		return 0;
	return indent > XLSX_MAX_INDENT ? XLSX_MAX_INDENT : indent;
}

/* The format of a table cell, made once per combination: a report has a
 * handful of combinations but thousands of cells. */
static lxw_format *
xlsx_cell_format(struct xlsx_ctx *x, enum xlsx_fkind kind, unsigned style,
    enum rpt_align align, int indent)
{
	struct xlsx_fmt *c;
	lxw_format *f;
	size_t i;

	indent = xlsx_indent(indent);
	if (kind == XF_GROUP)
		style |= RS_BOLD;
	for (i = 0; i < x->nfmts; i++) {
		c = &x->fmts[i];
		if (c->kind == kind && c->style == style && c->align == align &&
		    c->indent == indent)
			return c->fmt;
	}

	f = xlsx_format_new(x, XLSX_FONT_SIZE);
	xlsx_format_style(f, style);
	format_set_align(f, align == RA_RIGHT ? LXW_ALIGN_RIGHT :
	    align == RA_CENTER ? LXW_ALIGN_CENTER : LXW_ALIGN_LEFT);
	format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(f);
	format_set_border(f, LXW_BORDER_THIN);
	if (indent > 0)
		format_set_indent(f, (uint8_t)indent);

	x->fmts = xrealloc(x->fmts, (x->nfmts + 1) * sizeof(*x->fmts));
	c = &x->fmts[x->nfmts++];
	c->kind = kind;
	c->style = style;
	c->align = align;
	c->indent = indent;
	c->fmt = f;
	return f;
}

/*
 * Width of one character in Excel column units (the digit width of the
 * default font, 7 px) for 12 pt Times New Roman, from the font's advance
 * widths grouped coarsely. Vietnamese letters outside ASCII are decoded and
 * told upper from lower by the Latin blocks' even/odd pairing.
 */
static double
xlsx_char_units(const unsigned char **sp)
{
	const unsigned char *s = *sp;
	double em;		/* advance width as a fraction of the em */
	unsigned cp;

	if (s[0] < 0x80) {
		*sp = s + 1;
		if (strchr(" ijltfr!.,;:'|()[]-/", s[0]) != NULL)
			em = 0.3;
		else if (s[0] == 'm' || s[0] == 'w')
			em = 0.75;
		else if (s[0] == 'M' || s[0] == 'W' || s[0] == '%')
			em = 0.9;
		else if (s[0] >= 'A' && s[0] <= 'Z')
			em = 0.7;
		else
			em = 0.5;
	} else {
		int n = s[0] >= 0xF0 ? 3 : s[0] >= 0xE0 ? 2 : 1;
		int i;

		cp = s[0] & (0x3F >> n);
		for (i = 1; i <= n && (s[i] & 0xC0) == 0x80; i++)
			cp = cp << 6 | (s[i] & 0x3F);
		*sp = s + i;
		if ((cp >= 0xC0 && cp <= 0xDE) ||
		    (((cp >= 0x100 && cp <= 0x24F) ||
		    (cp >= 0x1E00 && cp <= 0x1EFF)) && cp % 2 == 0))
			em = 0.7;
		else
			em = 0.5;
	}
	/* 12 pt is 16 px at 96 dpi. */
	return em * 16.0 / 7.0;
}

/*
 * Lines that text takes when wrapped by words in a cell width units wide.
 * Neither Excel nor LibreOffice reliably fits a row's height to wrapped text
 * when opening a file (never for merged cells), so every row gets a height
 * from this estimate; it errs on the generous side, as a clipped figure is
 * worse than some white space.
 */
static int
xlsx_text_lines(const char *text, double width, double size, unsigned style,
    int indent)
{
	const unsigned char *s = (const unsigned char *)text;
	double scale = size / XLSX_FONT_SIZE * (style & RS_BOLD ? 1.1 : 1.0);
	double line = 0, word = 0, space = 0;
	int lines = 1;

	/* Cell padding and the indent (about three spaces a level). */
	width -= 0.5 + 1.5 * xlsx_indent(indent);
	if (width < 1)
		width = 1;
	for (;;) {
		if (*s == '\0' || *s == ' ' || *s == '\n') {
			if (line > 0 && line + space + word > width) {
				lines++;
				line = 0;
			}
			line += (line > 0 ? space : 0) + word;
			/* A word longer than the cell is broken by letters. */
			while (line > width) {
				lines++;
				line -= width;
			}
			word = 0;
			if (*s == '\0')
				break;
			if (*s == '\n') {
				lines++;
				line = 0;
			}
			space = xlsx_char_units(&s) * scale;
			continue;
		}
		word += xlsx_char_units(&s) * scale;
	}
	return lines;
}

/* Sets the height of row for the given number of lines of size-pt text. */
static void
xlsx_row_height(struct xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
    int lines, double size)
{
	double h = lines * size * 1.32 + 2;

	/* Excel's limit for one row. */
	if (h > 409)
		h = 409;
	xlsx_check(x, worksheet_set_row(ws, row, h, NULL), row, 0);
}

/*
 * Column widths in characters: the model's relative widths scaled to about
 * XLSX_TOTAL_WIDTH, which with "fit to one page wide" prints legibly on A4
 * landscape and keeps the indicator-name column the widest, as in the report.
 * Fills w[0..ncols) and returns the total.
 */
static double
xlsx_widths(const struct rpt_table *t, double *w)
{
	double sum = 0, total = 0;
	size_t i;

	for (i = 0; i < t->ncols; i++) {
		w[i] = t->widths[i];
		/* A bad width in the model must not produce a hidden column. */
		if (!isfinite(w[i]) || w[i] <= 0)
			w[i] = 1.0;
		sum += w[i];
	}
	for (i = 0; i < t->ncols; i++) {
		w[i] = w[i] * XLSX_TOTAL_WIDTH / sum;
		if (w[i] < XLSX_MIN_WIDTH)
			w[i] = XLSX_MIN_WIDTH;
		/* Excel's own limit is 255 characters. */
		if (w[i] > 255)
			w[i] = 255;
		total += w[i];
	}
	return total;
}

/* Text across columns 0..last of row: merged when there is more than one
 * column (Excel refuses a one-cell merge). */
static void
xlsx_across(struct xlsx_ctx *x, lxw_worksheet *ws, lxw_row_t row,
    lxw_col_t last, const char *text, lxw_format *f)
{
	if (last == 0)
		xlsx_check(x, worksheet_write_string(ws, row, 0, text, f), row, 0);
	else
		xlsx_check(x, worksheet_merge_range(ws, row, 0, row, last, text, f),
		    row, 0);
}

/* Agency and document title: rows 1 and 2 of every sheet. */
static void
xlsx_top(struct xlsx_ctx *x, lxw_worksheet *ws, const struct rpt_doc *d,
    lxw_col_t last, double width)
{
	const char *agency = d->frame.agency;

	if (agency != NULL && *agency != '\0')
		xlsx_check(x, worksheet_write_string(ws, XLSX_ROW_AGENCY, 0, agency,
		    x->agency), XLSX_ROW_AGENCY, 0);
	if (d->title != NULL && *d->title != '\0') {
		xlsx_across(x, ws, XLSX_ROW_TITLE, last, d->title, x->title);
		xlsx_row_height(x, ws, XLSX_ROW_TITLE, xlsx_text_lines(d->title,
		    width, XLSX_TITLE_SIZE, RS_BOLD, 0), XLSX_TITLE_SIZE);
	}
}

/* A4 landscape, one page wide, header row on every page, page numbers. */
static void
xlsx_page_setup(struct xlsx_ctx *x, lxw_worksheet *ws, bool table)
{
	worksheet_set_paper(ws, 9);
	worksheet_set_landscape(ws);
	worksheet_fit_to_pages(ws, 1, 0);
	worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
	worksheet_center_horizontally(ws);
	xlsx_check(x, worksheet_set_footer(ws, "&CTrang &P/&N"), 0, 0);
	if (table) {
		xlsx_check(x, worksheet_repeat_rows(ws, XLSX_ROW_HEAD,
		    XLSX_ROW_HEAD), XLSX_ROW_HEAD, 0);
		worksheet_freeze_panes(ws, XLSX_ROW_HEAD + 1, 0);
	}
}

/* One row of the table at sheet row row; w holds the column widths and
 * width their total. */
static void
xlsx_row(struct xlsx_ctx *x, lxw_worksheet *ws, const struct rpt_table *t,
    const struct rpt_row *r, lxw_row_t row, const double *w, double width)
{
	const struct rpt_cell *c;
	lxw_format *f;
	lxw_col_t col;
	int n, lines = 1;

	if (r->group) {
		c = &r->cells[0];
		f = xlsx_cell_format(x, XF_GROUP, c->style, c->align, c->indent);
		xlsx_across(x, ws, row, (lxw_col_t)(t->ncols - 1), c->text, f);
		xlsx_row_height(x, ws, row, xlsx_text_lines(c->text, width,
		    XLSX_FONT_SIZE, c->style | RS_BOLD, c->indent),
		    XLSX_FONT_SIZE);
		return;
	}
	for (col = 0; col < t->ncols; col++) {
		c = &r->cells[col];
		f = xlsx_cell_format(x, XF_BODY, c->style, c->align, c->indent);
		/* Text, never a number: see the top of the file. */
		xlsx_check(x, worksheet_write_string(ws, row, col, c->text, f),
		    row, col);
		n = xlsx_text_lines(c->text, w[col], XLSX_FONT_SIZE, c->style,
		    c->indent);
		if (n > lines)
			lines = n;
	}
	xlsx_row_height(x, ws, row, lines, XLSX_FONT_SIZE);
}

/* The appendix's keys in hidden columns after the table: unit, indicator
 * code, period and the actual figure as written, one row per indicator.
 * An office may fill the table in Excel and `ktxh import` it: a row whose
 * figure differs from the one written here is a new value (io/xlsx.c).
 * The header texts are what the reader looks for. */
static void
xlsx_keys(struct xlsx_ctx *x, lxw_worksheet *ws, const struct rpt_table *t)
{
	static const char *const head[] = { XLSX_KEY_UNIT, XLSX_KEY_CODE,
	    XLSX_KEY_PERIOD, XLSX_KEY_SHOWN };
	lxw_row_col_options hide = { .hidden = 1, .level = 0, .collapsed = 0 };
	lxw_col_t c0 = (lxw_col_t)t->ncols, k;
	lxw_row_t row;
	size_t i;

	if (t->ncols + 4 > LXW_COL_MAX || t->actual_col >= t->ncols)
		return;
	xlsx_check(x, worksheet_set_column_opt(ws, c0, c0 + 3, 12, NULL, &hide),
	    0, c0);
	for (k = 0; k < 4; k++)
		xlsx_check(x, worksheet_write_string(ws, XLSX_ROW_HEAD, c0 + k,
		    head[k], NULL), XLSX_ROW_HEAD, c0 + k);
	for (i = 0, row = XLSX_ROW_BODY; i < t->nrows; i++, row++) {
		const struct rpt_row *r = &t->rows[i];

		if (r->group || r->code == NULL)
			continue;
		xlsx_check(x, worksheet_write_string(ws, row, c0, t->unit, NULL),
		    row, c0);
		xlsx_check(x, worksheet_write_string(ws, row, c0 + 1, r->code,
		    NULL), row, c0 + 1);
		xlsx_check(x, worksheet_write_string(ws, row, c0 + 2, t->period,
		    NULL), row, c0 + 2);
		xlsx_check(x, worksheet_write_string(ws, row, c0 + 3,
		    r->cells[t->actual_col].text, NULL), row, c0 + 3);
	}
}

/* One table on its own sheet named name. */
static void
xlsx_table_sheet(struct xlsx_ctx *x, const struct rpt_doc *d,
    const struct rpt_table *t, const char *name)
{
	char range[LXW_MAX_CELL_RANGE_LENGTH];
	lxw_worksheet *ws;
	lxw_row_t row;
	lxw_col_t col, last;
	double *w, width;
	size_t i;
	int lines = 1;

	x->sheet = name;
	if ((ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		xlsx_check(x, LXW_ERROR_PARAMETER_VALIDATION, 0, 0);
		return;
	}
	/* Bounds first: the row and column types are narrower than size_t. */
	if (t->ncols == 0 || t->ncols > LXW_COL_MAX ||
	    t->nrows > LXW_ROW_MAX - XLSX_ROW_BODY - 1) {
		xlsx_check(x, LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE, 0, 0);
		return;
	}
	last = (lxw_col_t)(t->ncols - 1);

	w = xcalloc(t->ncols, sizeof(*w));
	width = xlsx_widths(t, w);
	for (col = 0; col < t->ncols; col++)
		xlsx_check(x, worksheet_set_column(ws, col, col, w[col], NULL),
		    0, col);

	xlsx_top(x, ws, d, last, width);
	if (t->title != NULL && *t->title != '\0') {
		xlsx_across(x, ws, XLSX_ROW_CAPTION, last, t->title, x->caption);
		xlsx_row_height(x, ws, XLSX_ROW_CAPTION, xlsx_text_lines(t->title,
		    width, XLSX_FONT_SIZE, RS_BOLD, 0), XLSX_FONT_SIZE);
	}
	for (col = 0; col < t->ncols; col++) {
		const char *h = t->head[col] != NULL ? t->head[col] : "";
		int n = xlsx_text_lines(h, w[col], XLSX_FONT_SIZE, RS_BOLD, 0);

		xlsx_check(x, worksheet_write_string(ws, XLSX_ROW_HEAD, col, h,
		    x->head), XLSX_ROW_HEAD, col);
		if (n > lines)
			lines = n;
	}
	xlsx_row_height(x, ws, XLSX_ROW_HEAD, lines, XLSX_FONT_SIZE);

	row = XLSX_ROW_BODY;
	for (i = 0; i < t->nrows; i++, row++)
		xlsx_row(x, ws, t, &t->rows[i], row, w, width);
	free(w);
	if (t->indicators && t->unit != NULL)
		xlsx_keys(x, ws, t);
	xlsx_check(x, worksheet_write_string(ws, row, 0, XLSX_NOTE, x->note),
	    row, 0);

	/* "1.303,5" in a cell would get Excel's "number stored as text"
	 * triangle in a Vietnamese locale; it is text on purpose. */
	if (t->nrows > 0) {
		lxw_rowcol_to_range(range, XLSX_ROW_BODY, 0, row - 1, last);
		xlsx_check(x, worksheet_ignore_errors(ws,
		    LXW_IGNORE_NUMBER_STORED_AS_TEXT, range), XLSX_ROW_BODY, 0);
	}
	xlsx_page_setup(x, ws, true);
}

/* A report without tables still gets a readable workbook, not an error:
 * the caller asked for XLSX of a valid report. */
static void
xlsx_empty_sheet(struct xlsx_ctx *x, const struct rpt_doc *d)
{
	static const char name[] = "Báo cáo";
	lxw_worksheet *ws;

	x->sheet = name;
	if ((ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		xlsx_check(x, LXW_ERROR_PARAMETER_VALIDATION, 0, 0);
		return;
	}
	xlsx_check(x, worksheet_set_column(ws, 0, 0, XLSX_TOTAL_WIDTH, NULL),
	    0, 0);
	xlsx_top(x, ws, d, 0, XLSX_TOTAL_WIDTH);
	xlsx_check(x, worksheet_write_string(ws, XLSX_ROW_HEAD, 0,
	    "Báo cáo này không có bảng số liệu.", x->note), XLSX_ROW_HEAD, 0);
	xlsx_page_setup(x, ws, false);
}

/* Sheets: the indicator tables, or every table when none is marked; named
 * "Chỉ tiêu", "Chỉ tiêu 2" … (or "Bảng", "Bảng 2" …), since captions are too
 * long and may hold characters sheet names forbid. */
static void
xlsx_sheets(struct xlsx_ctx *x, const struct rpt_doc *d)
{
	const struct rpt_block *b;
	const char *base;
	char name[64];
	bool any = false;
	size_t i, n = 0;

	for (i = 0; i < d->nblocks; i++)
		if (d->blocks[i].kind == RB_TABLE && d->blocks[i].table.indicators)
			any = true;
	base = any ? "Chỉ tiêu" : "Bảng";
	for (i = 0; i < d->nblocks; i++) {
		b = &d->blocks[i];
		if (b->kind != RB_TABLE || (any && !b->table.indicators))
			continue;
		if (n++ == 0)
			snprintf(name, sizeof(name), "%s", base);
		else
			snprintf(name, sizeof(name), "%s %zu", base, n);
		xlsx_table_sheet(x, d, &b->table, name);
	}
	if (n == 0)
		xlsx_empty_sheet(x, d);
}

/* A property string, or NULL for a missing or empty one (libxlsxwriter
 * would otherwise write empty elements). */
static char *
xlsx_prop(const char *s)
{
	return s != NULL && *s != '\0' ? (char *)(uintptr_t)s : NULL;
}

int
rpt_write_xlsx(const struct rpt_doc *d, const char *path, struct buf *err)
{
	struct xlsx_ctx x;
	lxw_doc_properties props;
	struct buf tmp = BUF_INIT;
	lxw_error e;
	FILE *fp;
	int rc = -1;

	memset(&x, 0, sizeof(x));
	if (dynlib_load(&xlsx_lib, err) != 0)
		return -1;
	buf_printf(&tmp, "%s.tmp", path);

	/* libxlsxwriter only opens the file when closing the workbook and then
	 * reports any failure as "error creating output xlsx file"; trying
	 * first gives the user the system's reason and spares the work. */
	if ((fp = fopen(buf_str(&tmp), "wb")) == NULL) {
		buf_printf(err, "không ghi được tệp %s: %s", path,
		    strerror(errno));
		goto out;
	}
	fclose(fp);

	if ((x.wb = workbook_new(buf_str(&tmp))) == NULL) {
		buf_printf(err, "không ghi được tệp %s (lỗi libxlsxwriter: "
		    "không tạo được sổ tính)", path);
		goto out_remove;
	}
	memset(&props, 0, sizeof(props));
	props.title = xlsx_prop(d->title);
	props.author = xlsx_prop(d->frame.agency);
	props.company = xlsx_prop(d->frame.agency_parent);
	if (props.company == NULL)
		props.company = props.author;
	props.comments = xlsx_prop("Lập bằng ktxh");
	x.error = workbook_set_properties(x.wb, &props);

	xlsx_formats_init(&x);
	xlsx_sheets(&x, d);

	/* Close even after an error: it is what frees the workbook. */
	e = workbook_close(x.wb);
	x.wb = NULL;
	if (x.error == LXW_NO_ERROR)
		x.error = e;
	if (x.error != LXW_NO_ERROR) {
		buf_printf(err, "không ghi được tệp %s%s%s (lỗi libxlsxwriter: "
		    "%s)", path, x.where.len > 0 ? ": " : "", buf_str(&x.where),
		    lxw_strerror(x.error));
		goto out_remove;
	}
	if (rename(buf_str(&tmp), path) != 0) {
		buf_printf(err, "không đổi tên được %s thành %s: %s",
		    buf_str(&tmp), path, strerror(errno));
		goto out_remove;
	}
	rc = 0;
	goto out;

out_remove:
	remove(buf_str(&tmp));
out:
	free(x.fmts);	/* the formats themselves went with the workbook */
	buf_free(&x.where);
	buf_free(&tmp);
	return rc;
}
