/* xlsx.c: values out of an XLSX workbook. The package is opened with libzip
 * from memory; xl/workbook.xml and its relationships name the sheets, the
 * shared strings are read into a table, and each sheet is streamed through
 * expat one row at a time (as docx.c reads a document), so memory is a row,
 * the strings and the rows kept. A sheet is taken when a header row shows
 * what it is: the columns of values.csv (unit, indicator, period, value …)
 * or the hidden key columns that ktxh's report XLSX writes beside its
 * appendix table (report/rpt_xlsx.c); other sheets are passed over. Every
 * size the file controls is bounded: entries, inflated size (counted while
 * inflating), strings, rows, columns, nesting; a DTD is refused. */
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <expat.h>
#include <zip.h>

#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "xlsx.h"

#define XLSX_MAX_ENTRIES 10000
#define XLSX_PART_CAP	((zip_uint64_t)64 * 1024 * 1024)	/* inflated part */
#define XLSX_MAX_STRINGS 1000000
#define XLSX_MAX_COLS	 64		/* the columns a row may use */
#define XLSX_MAX_CELL	 8000		/* bytes of one cell's text */
#define XLSX_MAX_SHEETS	 256
#define XLSX_MAX_DEPTH	 64
#define XLSX_HEAD_ROWS	 30		/* a header is looked for this far down */
#define XLSX_CHUNK	 65536
#define XLSX_NS_SEP	 " "

/* The hidden key columns of the report's appendix (report/rpt.h). */
#define KEY_UNIT	"ktxh:unit"
#define KEY_CODE	"ktxh:indicator"
#define KEY_PERIOD	"ktxh:period"
#define KEY_SHOWN	"ktxh:shown"
#define APPENDIX_ACTUAL	"Thực hiện"
#define ESTIMATE_MARK	" (ước)"

enum { XV_UNIT, XV_IND, XV_PERIOD, XV_VALUE, XV_NUM, XV_DEN, XV_STATUS,
    XV_ASOF, XV_NOTE };
static const char *const value_names[DATASET_VALUE_FIELDS] = { "unit",
    "indicator", "period", "value", "numerator", "denominator", "status",
    "as_of", "note" };

/* One cell of the row being read. */
struct xcell {
	bool		 set;
	bool		 number;	/* a numeric cell: text is Excel's <v> */
	struct buf	 text;
};

enum sheet_kind { SK_SEEK, SK_VALUES, SK_APPENDIX, SK_SKIP };

/* Everything one parse needs; the handlers below work on it. */
struct xparse {
	XML_Parser	 xp;
	int		 part;		/* P_WORKBOOK … */
	size_t		 depth;
	bool		 failed;
	struct buf	 why;
	/* workbook.xml and its rels */
	char		*sheet_name[XLSX_MAX_SHEETS];
	char		*sheet_rid[XLSX_MAX_SHEETS];
	char		*sheet_path[XLSX_MAX_SHEETS];
	size_t		 nsheets;
	/* shared strings */
	char		**sst;
	size_t		 nsst;
	bool		 in_si, in_t, in_rph;
	struct buf	 si;
	/* a sheet */
	struct xcell	 cell[XLSX_MAX_COLS];
	size_t		 row;		/* 1-based number of the open row */
	int		 col;		/* 0-based column of the open cell */
	char		 ctype[8];	/* its t attribute */
	bool		 in_v, in_is, in_c;
	struct buf	 v;
	enum sheet_kind	 kind;
	int		 map[DATASET_VALUE_FIELDS];	/* SK_VALUES: column+1 */
	int		 kcol[4];	/* SK_APPENDIX: key columns, +1 */
	int		 acol;		/* SK_APPENDIX: actual column, +1 */
	size_t		 rows_seen;
	const char	*file;		/* "name (trang S)" for messages */
	const char	*name;
	struct xrows	*out;
	struct buf	*errs;
};

enum { P_WORKBOOK, P_RELS, P_SST, P_SHEET };

static const XML_Memory_Handling_Suite xlsx_mem = { xmalloc, xrealloc, free };

static void
xfail(struct xparse *p, const char *why)
{
	if (p->failed)
		return;
	p->failed = true;
	buf_puts(&p->why, why);
	XML_StopParser(p->xp, XML_FALSE);
}

static void
xerr(struct xparse *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
xerr(struct xparse *p, const char *fmt, ...)
{
	va_list ap;

	p->out->nerrs++;
	if (p->out->nerrs > IMPORT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	buf_vprintf(p->errs, fmt, ap);
	va_end(ap);
	buf_putc(p->errs, '\n');
}

/* The local part of an expat name "URI local". */
static const char *
local(const char *name)
{
	const char *s = strrchr(name, XLSX_NS_SEP[0]);

	return s != NULL ? s + 1 : name;
}

static const char *
attr(const char **atts, const char *want)
{
	for (; atts[0] != NULL; atts += 2)
		if (strcmp(local(atts[0]), want) == 0)
			return atts[1];
	return NULL;
}

/* "D5" -> column 3 (0-based); -1 when not a cell reference. */
static int
ref_col(const char *r)
{
	int c = 0, n = 0;

	for (; *r >= 'A' && *r <= 'Z'; r++, n++)
		if ((c = c * 26 + (*r - 'A' + 1)) > 16384)
			return -1;
	return n == 0 ? -1 : c - 1;
}

static void
row_clear(struct xparse *p)
{
	int c;

	for (c = 0; c < XLSX_MAX_COLS; c++) {
		p->cell[c].set = false;
		p->cell[c].number = false;
		buf_reset(&p->cell[c].text);
	}
}

/* A cell's text, trimmed; "" when empty. */
static const char *
cell_text(struct xparse *p, int col)
{
	struct buf *b;
	size_t s = 0, e;

	if (col < 0 || col >= XLSX_MAX_COLS || !p->cell[col].set)
		return "";
	b = &p->cell[col].text;
	if (b->len == 0)
		return "";
	e = b->len;
	while (s < e && (b->data[s] == ' ' || b->data[s] == '\t'))
		s++;
	while (e > s && (b->data[e - 1] == ' ' || b->data[e - 1] == '\t'))
		e--;
	b->data[e] = '\0';
	return b->data + s;
}

/* An Excel number (its <v> text) in machine form; NULL when unreadable. */
static const char *
excel_number(struct xparse *p, const char *v)
{
	struct buf b = BUF_INIT;
	const char *s;
	char *end;
	double d = strtod(v, &end);

	if (*v == '\0' || *end != '\0' || !isfinite(d))
		return NULL;
	if (d == 0)
		d = 0;		/* no "-0" */
	num_format_machine(&b, d);
	s = xrows_str(p->out, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* A date serial number (1900 date system) as YYYY-MM-DD. Excel counts a
 * 29 February 1900 that never was (serial 60), so serials from 61 on count
 * from 30 December 1899 and those before from 31 December. */
static const char *
excel_date(struct xparse *p, const char *v)
{
	char *end, out[64];
	double d = strtod(v, &end);
	long z, era, doe, yoe, doy, mp, y, m, dd;

	if (*v == '\0' || *end != '\0' || !(d >= 1 && d < 2958466) ||
	    floor(d) == 60)
		return NULL;
	/* Days since 1970-01-01, then Hinnant's civil_from_days. */
	z = (long)floor(d) - (floor(d) < 60 ? 25568 : 25569) + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	dd = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	snprintf(out, sizeof(out), "%04ld-%02ld-%02ld", y, m, dd);
	return xrows_str(p->out, out, strlen(out));
}

/* A figure typed in a text cell in machine form. The appendix shows
 * Vietnamese figures, so there vi reads "11.800" as eleven thousand eight
 * hundred; the value sheet takes either form but refuses a figure the two
 * read differently ("1.302"). Text that is no figure ("có", "đạt") is
 * passed on for the validator to judge; NULL with *why when unreadable. */
static const char *
typed_figure(struct xparse *p, const char *s, bool vi, const char **why)
{
	struct buf b = BUF_INIT;
	struct num n;
	const char *r;
	size_t uo, ul;
	double d;

	*why = NULL;
	if (!((*s >= '0' && *s <= '9') || *s == '-' || *s == '+'))
		return xrows_str(p->out, s, strlen(s));
	if (vi) {
		if (num_parse_field(s, strlen(s), &n, &uo, &ul, why) != 0)
			return NULL;
		if (n.flags & NUM_AMBIGUOUS) {
			*why = n.why;
			return NULL;
		}
		if (ul > 0 || (n.flags & NUM_PERCENT) || uo < strlen(s)) {
			*why = "chỉ ghi con số, không kèm đơn vị";
			return NULL;
		}
		d = n.value;
	} else if (num_parse_typed(s, strlen(s), &d, why) != 0)
		return NULL;
	num_format_machine(&b, d == 0 ? 0 : d);
	r = xrows_str(p->out, buf_str(&b), b.len);
	buf_free(&b);
	return r;
}

/* ---- one row of a sheet ---- */

static void
seek_header(struct xparse *p)
{
	int c, f;

	for (c = 0; c < XLSX_MAX_COLS; c++) {
		const char *t = cell_text(p, c);

		for (f = 0; f < DATASET_VALUE_FIELDS; f++)
			if (strcmp(t, value_names[f]) == 0 && p->map[f] == 0)
				p->map[f] = c + 1;
		if (strcmp(t, KEY_UNIT) == 0)
			p->kcol[0] = c + 1;
		else if (strcmp(t, KEY_CODE) == 0)
			p->kcol[1] = c + 1;
		else if (strcmp(t, KEY_PERIOD) == 0)
			p->kcol[2] = c + 1;
		else if (strcmp(t, KEY_SHOWN) == 0)
			p->kcol[3] = c + 1;
		else if (strcmp(t, APPENDIX_ACTUAL) == 0 && p->acol == 0)
			p->acol = c + 1;
	}
	if (p->kcol[0] && p->kcol[1] && p->kcol[2] && p->kcol[3] && p->acol)
		p->kind = SK_APPENDIX;
	else if (p->map[XV_UNIT] && p->map[XV_IND] && p->map[XV_PERIOD])
		p->kind = SK_VALUES;
	else {
		memset(p->map, 0, sizeof(p->map));
		memset(p->kcol, 0, sizeof(p->kcol));
		p->acol = 0;
		if (++p->rows_seen >= XLSX_HEAD_ROWS)
			p->kind = SK_SKIP;
	}
}

static void
values_row(struct xparse *p)
{
	struct dataset_xrow *r;
	const char *f[DATASET_VALUE_FIELDS];
	bool any = false;
	int k, c;

	for (k = 0; k < DATASET_VALUE_FIELDS; k++) {
		c = p->map[k] - 1;
		f[k] = NULL;
		if (c < 0 || !p->cell[c].set)
			continue;
		if (p->cell[c].number) {
			f[k] = k == XV_ASOF ? excel_date(p, cell_text(p, c)) :
			    excel_number(p, cell_text(p, c));
			if (f[k] == NULL) {
				char letters[8];

				dataset_column_letters(letters, c + 1);
				xerr(p, "%s:%zu: ô %s%zu (%s): ô số “%s” không đọc được",
				    p->file, p->row, letters, p->row, value_names[k],
				    cell_text(p, c));
				return;
			}
		} else if ((k == XV_VALUE || k == XV_NUM || k == XV_DEN) &&
		    *cell_text(p, c) != '\0') {
			const char *why;

			if ((f[k] = typed_figure(p, cell_text(p, c), false,
			    &why)) == NULL) {
				char letters[8];

				dataset_column_letters(letters, c + 1);
				xerr(p, "%s:%zu: ô %s%zu (%s): “%s”: %s", p->file, p->row,
				    letters, p->row, value_names[k], cell_text(p, c), why);
				return;
			}
		} else
			f[k] = xrows_str(p->out, cell_text(p, c),
			    strlen(cell_text(p, c)));
		if (f[k] != NULL && *f[k] != '\0')
			any = true;
	}
	if (!any)
		return;		/* a blank row */
	r = xrows_row(p->out, p->row);
	r->file = p->file;
	for (k = 0; k < DATASET_VALUE_FIELDS; k++) {
		r->f[k] = f[k];
		r->name[k] = value_names[k];
		r->col[k] = p->map[k];
	}
}

static void
appendix_row(struct xparse *p)
{
	struct dataset_xrow *r;
	const char *code = cell_text(p, p->kcol[1] - 1), *shown, *now, *v, *why;
	char letters[8];
	struct buf t = BUF_INIT;
	bool estimate = false;
	int ac = p->acol - 1;

	if (*code == '\0')
		return;		/* a sector's row, a compound, the note */
	shown = cell_text(p, p->kcol[3] - 1);
	now = cell_text(p, ac);
	/* What ktxh wrote and nobody changed is not imported: only the
	 * figures the office typed are. */
	if (!p->cell[ac].number && strcmp(now, shown) == 0)
		return;
	dataset_column_letters(letters, p->acol);
	if (*now == '\0') {
		xerr(p, "%s:%zu: ô %s%zu (%s): ô để trống, trước là “%s”: bảng "
		    "tính không xóa được số liệu; ghi lại số cũ, hoặc xóa bằng "
		    "DHIS2 (deleted) hay trang web", p->file, p->row, letters,
		    p->row, APPENDIX_ACTUAL, shown);
		return;
	}
	if (p->cell[ac].number)
		v = excel_number(p, now);
	else {
		/* "177.000.000 (ước)", "98,2%": the marks the report adds. */
		buf_puts(&t, now);
		if (t.len >= strlen(ESTIMATE_MARK) && strcmp(t.data + t.len -
		    strlen(ESTIMATE_MARK), ESTIMATE_MARK) == 0) {
			estimate = true;
			t.len -= strlen(ESTIMATE_MARK);
			t.data[t.len] = '\0';
		}
		while (t.len > 0 && (t.data[t.len - 1] == '%' ||
		    t.data[t.len - 1] == ' '))
			t.data[--t.len] = '\0';
		if ((v = typed_figure(p, buf_str(&t), true, &why)) == NULL) {
			xerr(p, "%s:%zu: ô %s%zu (%s): “%s”: %s", p->file, p->row,
			    letters, p->row, APPENDIX_ACTUAL, now, why);
			buf_free(&t);
			return;
		}
	}
	buf_free(&t);
	r = xrows_row(p->out, p->row);
	r->file = p->file;
	r->keep_note = true;
	r->f[XV_UNIT] = xrows_str(p->out, cell_text(p, p->kcol[0] - 1),
	    strlen(cell_text(p, p->kcol[0] - 1)));
	r->f[XV_IND] = xrows_str(p->out, code, strlen(code));
	r->f[XV_PERIOD] = xrows_str(p->out, cell_text(p, p->kcol[2] - 1),
	    strlen(cell_text(p, p->kcol[2] - 1)));
	r->f[XV_VALUE] = v;
	r->f[XV_STATUS] = estimate ? "estimate" : "final";
	r->name[XV_UNIT] = KEY_UNIT;
	r->name[XV_IND] = KEY_CODE;
	r->name[XV_PERIOD] = KEY_PERIOD;
	r->name[XV_VALUE] = APPENDIX_ACTUAL;
	r->name[XV_STATUS] = APPENDIX_ACTUAL;
	r->col[XV_UNIT] = p->kcol[0];
	r->col[XV_IND] = p->kcol[1];
	r->col[XV_PERIOD] = p->kcol[2];
	r->col[XV_VALUE] = p->acol;
	r->col[XV_STATUS] = p->acol;
}

static void
row_done(struct xparse *p)
{
	switch (p->kind) {
	case SK_SEEK:
		seek_header(p);
		break;
	case SK_VALUES:
		values_row(p);
		break;
	case SK_APPENDIX:
		appendix_row(p);
		break;
	default:
		break;
	}
	row_clear(p);
}

/* ---- expat handlers, one set for every part ---- */

static void XMLCALL
x_start(void *arg, const XML_Char *name, const XML_Char **atts)
{
	struct xparse *p = arg;
	const char *l = local(name), *a, *b;
	unsigned long n;

	if (p->failed)
		return;
	if (++p->depth > XLSX_MAX_DEPTH) {
		xfail(p, "lồng quá sâu");
		return;
	}
	switch (p->part) {
	case P_WORKBOOK:
		if (strcmp(l, "sheet") == 0) {
			a = attr(atts, "name");
			b = attr(atts, "id");
			if (p->nsheets == XLSX_MAX_SHEETS) {
				xfail(p, "quá nhiều trang tính");
				return;
			}
			if (a != NULL && b != NULL) {
				p->sheet_name[p->nsheets] = xstrdup(a);
				p->sheet_rid[p->nsheets++] = xstrdup(b);
			}
		}
		break;
	case P_RELS:
		if (strcmp(l, "Relationship") == 0 &&
		    (a = attr(atts, "Id")) != NULL &&
		    (b = attr(atts, "Target")) != NULL) {
			size_t i;

			for (i = 0; i < p->nsheets; i++)
				if (strcmp(p->sheet_rid[i], a) == 0 &&
				    p->sheet_path[i] == NULL) {
					struct buf t = BUF_INIT;

					if (*b == '/')
						buf_puts(&t, b + 1);
					else
						buf_printf(&t, "xl/%s", b);
					p->sheet_path[i] = xstrdup(buf_str(&t));
					buf_free(&t);
				}
		}
		break;
	case P_SST:
		if (strcmp(l, "si") == 0) {
			p->in_si = true;
			buf_reset(&p->si);
		} else if (strcmp(l, "rPh") == 0)
			p->in_rph = true;	/* phonetic guide: not the text */
		else if (strcmp(l, "t") == 0 && p->in_si && !p->in_rph)
			p->in_t = true;
		break;
	case P_SHEET:
		if (strcmp(l, "row") == 0) {
			/* Rows are numbered from 1 up to Excel's 1048576; a
			 * missing or impossible number follows the last one. */
			a = attr(atts, "r");
			n = a != NULL ? strtoul(a, NULL, 10) : 0;
			p->row = n >= 1 && n <= 1048576 ? (size_t)n : p->row + 1;
			if (p->row > 1048576) {
				xfail(p, "quá 1.048.576 dòng");
				return;
			}
			p->col = -1;
			row_clear(p);
		} else if (strcmp(l, "c") == 0) {
			a = attr(atts, "r");
			p->col = a != NULL ? ref_col(a) : p->col + 1;
			b = attr(atts, "t");
			snprintf(p->ctype, sizeof(p->ctype), "%s", b != NULL ? b : "n");
			p->in_c = true;
			buf_reset(&p->v);
		} else if (strcmp(l, "v") == 0 && p->in_c)
			p->in_v = true;
		else if (strcmp(l, "is") == 0 && p->in_c)
			p->in_is = true;
		else if (strcmp(l, "rPh") == 0)
			p->in_rph = true;
		else if (strcmp(l, "t") == 0 && p->in_is && !p->in_rph)
			p->in_t = true;
		break;
	}
}

static void XMLCALL
x_end(void *arg, const XML_Char *name)
{
	struct xparse *p = arg;
	const char *l = local(name);

	if (p->failed)
		return;
	p->depth--;
	if (strcmp(l, "t") == 0)
		p->in_t = false;
	else if (strcmp(l, "rPh") == 0)
		p->in_rph = false;
	else if (p->part == P_SST && strcmp(l, "si") == 0) {
		if (p->nsst == XLSX_MAX_STRINGS) {
			xfail(p, "quá nhiều chuỗi dùng chung");
			return;
		}
		if ((p->nsst & (p->nsst - 1)) == 0)
			p->sst = xrealloc(p->sst, (p->nsst ? p->nsst * 2 : 1) *
			    sizeof(*p->sst));
		p->sst[p->nsst++] = xstrdup(buf_str(&p->si));
		p->in_si = false;
	} else if (p->part == P_SHEET && strcmp(l, "v") == 0)
		p->in_v = false;
	else if (p->part == P_SHEET && strcmp(l, "is") == 0)
		p->in_is = false;
	else if (p->part == P_SHEET && strcmp(l, "c") == 0) {
		struct xcell *c;
		unsigned long k;

		p->in_c = false;
		if (p->col < 0 || p->col >= XLSX_MAX_COLS)
			return;
		c = &p->cell[p->col];
		c->set = true;
		buf_reset(&c->text);
		if (strcmp(p->ctype, "s") == 0) {
			k = strtoul(buf_str(&p->v), NULL, 10);
			if (k < p->nsst)
				buf_puts(&c->text, p->sst[k]);
		} else if (strcmp(p->ctype, "n") == 0) {
			c->number = p->v.len > 0;
			buf_puts(&c->text, buf_str(&p->v));
		} else if (strcmp(p->ctype, "b") == 0)
			buf_puts(&c->text, strcmp(buf_str(&p->v), "1") == 0 ? "1" :
			    "0");
		else
			buf_puts(&c->text, buf_str(&p->v));	/* str, inlineStr, e, d */
	} else if (p->part == P_SHEET && strcmp(l, "row") == 0)
		row_done(p);
}

static void XMLCALL
x_chars(void *arg, const XML_Char *s, int len)
{
	struct xparse *p = arg;
	struct buf *b = NULL;

	if (p->failed || len <= 0)
		return;
	if (p->part == P_SST && p->in_t)
		b = &p->si;
	else if (p->part == P_SHEET && (p->in_v || p->in_t))
		b = &p->v;
	if (b == NULL)
		return;
	if (b->len + (size_t)len > XLSX_MAX_CELL) {
		xfail(p, "một ô dài quá 8.000 byte");
		return;
	}
	buf_append(b, s, (size_t)len);
}

static void XMLCALL
x_doctype(void *arg, const XML_Char *name, const XML_Char *sysid,
    const XML_Char *pubid, int has_internal_subset)
{
	(void)name;
	(void)sysid;
	(void)pubid;
	(void)has_internal_subset;
	xfail(arg, "có khai báo DOCTYPE, tệp XLSX không được dùng DTD");
}

/* Parse the part named part of za with the handlers above. 0; 1 when the
 * part is missing and optional; -1 with a located error. */
static int
read_part(struct xparse *p, zip_t *za, const char *part, int kind,
    bool optional)
{
	zip_int64_t idx, got;
	zip_file_t *zf;
	zip_uint64_t total = 0;
	void *chunk;
	int rc = -1;

	if ((idx = zip_name_locate(za, part, ZIP_FL_NOCASE)) < 0) {
		if (optional)
			return 1;
		xerr(p, "%s: thiếu %s: không phải sổ tính XLSX", p->name, part);
		return -1;
	}
	if ((zf = zip_fopen_index(za, (zip_uint64_t)idx, 0)) == NULL) {
		xerr(p, "%s: %s: %s", p->name, part,
		    zip_error_strerror(zip_get_error(za)));
		return -1;
	}
	p->part = kind;
	p->depth = 0;
	p->failed = false;
	buf_reset(&p->why);
	p->xp = XML_ParserCreate_MM(NULL, &xlsx_mem, XLSX_NS_SEP);
	XML_SetUserData(p->xp, p);
	XML_SetElementHandler(p->xp, x_start, x_end);
	XML_SetCharacterDataHandler(p->xp, x_chars);
	XML_SetStartDoctypeDeclHandler(p->xp, x_doctype);
	for (;;) {
		chunk = XML_GetBuffer(p->xp, XLSX_CHUNK);
		if ((got = zip_fread(zf, chunk, XLSX_CHUNK)) < 0) {
			xerr(p, "%s: %s: tệp zip hỏng (%s)", p->name, part,
			    zip_error_strerror(zip_file_get_error(zf)));
			goto out;
		}
		if ((total += (zip_uint64_t)got) > XLSX_PART_CAP) {
			xerr(p, "%s: %s giải nén ra hơn 64 MB: có thể là bom zip",
			    p->name, part);
			goto out;
		}
		if (XML_ParseBuffer(p->xp, (int)got, got == 0) != XML_STATUS_OK) {
			xerr(p, "%s: %s: XML lỗi ở dòng %lu, cột %lu: %s", p->name,
			    part, (unsigned long)XML_GetCurrentLineNumber(p->xp),
			    (unsigned long)XML_GetCurrentColumnNumber(p->xp) + 1,
			    p->failed ? buf_str(&p->why) :
			    XML_ErrorString(XML_GetErrorCode(p->xp)));
			goto out;
		}
		if (got == 0)
			break;
	}
	rc = 0;
out:
	XML_ParserFree(p->xp);
	p->xp = NULL;
	zip_fclose(zf);
	return rc;
}

int
xlsx_values(const char *name, const char *data, size_t len,
    struct xrows *out, struct buf *errs)
{
	static const char empty[1];
	struct xparse p;
	zip_source_t *src;
	zip_error_t ze;
	zip_t *za = NULL;
	size_t i, taken = 0, before;
	int c;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.out = out;
	p.errs = errs;
	out->loc = DATASET_LOC_CELL;
	before = out->nerrs;
	if (data == NULL)
		data = empty, len = 0;
	zip_error_init(&ze);
	if ((src = zip_source_buffer_create(data, len, 0, &ze)) == NULL ||
	    (za = zip_open_from_source(src, ZIP_RDONLY, &ze)) == NULL) {
		xerr(&p, "%s: không đọc được tệp XLSX: %s", name,
		    zip_error_strerror(&ze));
		zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	if (zip_get_num_entries(za, 0) > XLSX_MAX_ENTRIES) {
		xerr(&p, "%s: tệp zip có quá nhiều mục", name);
		goto out;
	}
	if (read_part(&p, za, "xl/workbook.xml", P_WORKBOOK, false) != 0 ||
	    read_part(&p, za, "xl/_rels/workbook.xml.rels", P_RELS, false) != 0 ||
	    read_part(&p, za, "xl/sharedStrings.xml", P_SST, true) < 0)
		goto out;
	for (i = 0; i < p.nsheets; i++) {
		struct buf file = BUF_INIT;
		size_t nrows = out->n;

		if (p.sheet_path[i] == NULL)
			continue;
		buf_printf(&file, "%s (trang %s)", name, p.sheet_name[i]);
		p.file = xrows_str(out, buf_str(&file), file.len);
		buf_free(&file);
		p.kind = SK_SEEK;
		p.rows_seen = 0;
		p.row = 0;
		memset(p.map, 0, sizeof(p.map));
		memset(p.kcol, 0, sizeof(p.kcol));
		p.acol = 0;
		if (read_part(&p, za, p.sheet_path[i], P_SHEET, false) != 0)
			break;
		if (p.kind == SK_VALUES || p.kind == SK_APPENDIX)
			taken++;
		(void)nrows;
	}
	if (taken == 0 && out->nerrs == before)
		xerr(&p, "%s: không có trang nào đọc được: cần một trang có dòng "
		    "tên cột unit, indicator, period, value … (như values.csv), "
		    "hoặc bảng phụ lục của báo cáo XLSX do ktxh lập", name);
out:
	for (i = 0; i < p.nsheets; i++) {
		free(p.sheet_name[i]);
		free(p.sheet_rid[i]);
		free(p.sheet_path[i]);
	}
	for (i = 0; i < p.nsst; i++)
		free(p.sst[i]);
	free(p.sst);
	for (c = 0; c < XLSX_MAX_COLS; c++)
		buf_free(&p.cell[c].text);
	buf_free(&p.si);
	buf_free(&p.v);
	buf_free(&p.why);
	zip_discard(za);
	return out->nerrs > before ? -1 : 0;
}
