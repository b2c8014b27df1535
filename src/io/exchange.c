/* exchange.c: DHIS2 dataValueSets (JSON, CSV) and SDMX-CSV, both ways, and
 * the dispatch of workbook reading to xlsx.c. A reader only turns the
 * outside shape into values.csv fields — identifiers through the map,
 * periods into ktxh's spellings, flags into status — and locates what it
 * cannot turn; every check of the value itself is the importer's
 * (dataset_import_values), so that a DHIS2 entry is judged exactly as a
 * values.csv row is. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "csv.h"
#include "exchange.h"
#include "xlsx.h"

const char *const xfmt_names[XF__MAX + 1] = {
	"dhis2-json", "dhis2-csv", "sdmx-csv", "xlsx", NULL
};

/* DHIS2's fixed UID of the default category option combo. */
#define DHIS2_DEFAULT_COC "HllvX50cXC0"
/* The dataflow ktxh names in SDMX-CSV (agency:id(version)). */
#define SDMX_DATAFLOW "KTXH:KTXH_CHI_TIEU(1.0)"

enum { XV_UNIT, XV_IND, XV_PERIOD, XV_VALUE, XV_NUM, XV_DEN, XV_STATUS,
    XV_ASOF, XV_NOTE };

/* ---- located errors ---- */

static void xerr(struct xrows *, struct buf *, const char *, ...)
    __attribute__((format(printf, 3, 4)));

static void
xerr(struct xrows *x, struct buf *errs, const char *fmt, ...)
{
	va_list ap;

	x->nerrs++;
	if (x->nerrs > IMPORT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	buf_vprintf(errs, fmt, ap);
	va_end(ap);
	buf_putc(errs, '\n');
}

/* ---- rows ---- */

const char *
xrows_str(struct xrows *x, const char *s, size_t n)
{
	if (x->npool == x->poolcap) {
		x->poolcap = x->poolcap ? x->poolcap * 2 : 64;
		x->pool = xrealloc(x->pool, x->poolcap * sizeof(*x->pool));
	}
	return x->pool[x->npool++] = xstrndup(s, n);
}

struct dataset_xrow *
xrows_row(struct xrows *x, size_t line)
{
	struct dataset_xrow *r;

	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 64;
		x->row = xrealloc(x->row, x->cap * sizeof(*x->row));
	}
	r = &x->row[x->n++];
	memset(r, 0, sizeof(*r));
	r->line = line;
	return r;
}

void
xrows_free(struct xrows *x)
{
	size_t i;

	for (i = 0; i < x->npool; i++)
		free(x->pool[i]);
	free(x->pool);
	free(x->row);
	memset(x, 0, sizeof(*x));
}

/* ---- the map file ---- */

void
xmap_free(struct xmap *m)
{
	size_t i;

	hmap_free(&m->units);
	hmap_free(&m->inds);
	hmap_free(&m->runits);
	hmap_free(&m->rinds);
	for (i = 0; i < m->ncodes; i++) {
		free(m->codes[i]);
		free(m->exts[i]);
	}
	free(m->codes);
	free(m->exts);
	memset(m, 0, sizeof(*m));
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

int
xmap_parse(struct xmap *m, const char *name, const char *data, size_t len,
    struct buf *errs)
{
	static const char *const cols[] = { "kind", "external", "code" };
	struct xrows x = { 0 };
	struct csv csv;
	struct csv_row cr = { 0 };
	struct hmap seen = { 0 };
	const char *err, *f[3];
	size_t i, n[3], bad, old;
	int col[3] = { 0, 0, 0 }, c, rc;

	csv_open(&csv, data, len);
	if ((rc = csv_next(&csv, &cr, &err)) <= 0) {
		if (rc < 0)
			xerr(&x, errs, "%s:%zu: %s", name, cr.line, err);
		else
			xerr(&x, errs, "%s: tệp rỗng: cần dòng tên cột "
			    "kind,external,code", name);
		goto out;
	}
	for (i = 0; i < cr.n; i++) {
		const char *h = cr.field[i];
		size_t hn = cr.flen[i];

		trim(&h, &hn);
		for (c = 0; c < 3; c++)
			if (strlen(cols[c]) == hn && memcmp(cols[c], h, hn) == 0)
				break;
		if (c == 3 || col[c] != 0)
			xerr(&x, errs, "%s:1: cột %zu: tên cột “%.*s” không dùng được: "
			    "tệp ánh xạ có đúng ba cột kind, external, code", name,
			    i + 1, (int)hn, h);
		else
			col[c] = (int)i + 1;
	}
	for (c = 0; c < 3; c++)
		if (col[c] == 0)
			xerr(&x, errs, "%s:1: thiếu cột “%s”", name, cols[c]);
	if (x.nerrs > 0)
		goto out;
	while ((rc = csv_next(&csv, &cr, &err)) != 0) {
		bool ok = true;

		if (rc < 0) {
			xerr(&x, errs, "%s:%zu: %s", name, cr.line, err);
			break;
		}
		for (c = 0; c < 3; c++) {
			size_t k = (size_t)col[c] - 1;

			f[c] = k < cr.n ? cr.field[k] : "";
			n[c] = k < cr.n ? cr.flen[k] : 0;
			if (text_utf8_check(f[c], n[c], &bad) != 0) {
				xerr(&x, errs, "%s:%zu: cột %d (%s): byte không hợp lệ "
				    "UTF-8", name, cr.line, col[c], cols[c]);
				ok = false;
				continue;
			}
			trim(&f[c], &n[c]);
			if (n[c] == 0 || memchr(f[c], '\0', n[c]) != NULL) {
				xerr(&x, errs, "%s:%zu: cột %d (%s): ô trống", name,
				    cr.line, col[c], cols[c]);
				ok = false;
			}
		}
		if (!ok)
			continue;
		if (!((n[0] == 4 && memcmp(f[0], "unit", 4) == 0) ||
		    (n[0] == 9 && memcmp(f[0], "indicator", 9) == 0))) {
			xerr(&x, errs, "%s:%zu: cột %d (kind): “%.*s” không hợp lệ; "
			    "dùng unit hoặc indicator", name, cr.line, col[0],
			    (int)n[0], f[0]);
			continue;
		}
		{
			struct buf key = BUF_INIT;
			char *ext = xstrndup(f[1], n[1]);
			struct hmap *h = f[0][0] == 'u' ? &m->units : &m->inds;

			buf_printf(&key, "%c%s", f[0][0], ext);
			if (hmap_get(&seen, buf_str(&key), &old))
				xerr(&x, errs, "%s:%zu: cột %d (external): “%s” đã được "
				    "ánh xạ ở dòng %zu", name, cr.line, col[1], ext, old);
			else {
				hmap_put(&seen, buf_str(&key), cr.line);
				struct hmap *rh = f[0][0] == 'u' ? &m->runits : &m->rinds;

				m->codes = xrealloc(m->codes, (m->ncodes + 1) *
				    sizeof(*m->codes));
				m->exts = xrealloc(m->exts, (m->ncodes + 1) *
				    sizeof(*m->exts));
				m->codes[m->ncodes] = xstrndup(f[2], n[2]);
				m->exts[m->ncodes] = xstrdup(ext);
				if (!hmap_get(rh, m->codes[m->ncodes], NULL))
					hmap_put(rh, m->codes[m->ncodes], m->ncodes);
				hmap_put(h, ext, m->ncodes++);
			}
			free(ext);
			buf_free(&key);
		}
	}
out:
	csv_row_free(&cr);
	hmap_free(&seen);
	rc = x.nerrs > 0 ? -1 : 0;
	xrows_free(&x);
	return rc;
}

/* The whole file at path into b; -1 with a message. */
static int
slurp(const char *path, struct buf *b, struct buf *errs)
{
	char chunk[65536];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		buf_printf(errs, "%s: không mở được tệp (%s)\n", path,
		    strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(b, chunk, n);
	if (ferror(fp)) {
		fclose(fp);
		buf_printf(errs, "%s: lỗi đọc tệp\n", path);
		return -1;
	}
	fclose(fp);
	return 0;
}

static const char *
base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s != NULL ? s + 1 : path;
}

int
xmap_load(struct xmap *m, const char *path, struct buf *errs)
{
	struct buf data = BUF_INIT;
	int rc = -1;

	if (slurp(path, &data, errs) == 0)
		rc = xmap_parse(m, base_name(path), buf_str(&data), data.len, errs);
	buf_free(&data);
	return rc;
}

/* An identifier through the map: its code, or itself. */
static const char *
mapped(const struct xmap *m, bool unit, const char *id)
{
	size_t i;

	if (m != NULL && hmap_get(unit ? &m->units : &m->inds, id, &i))
		return m->codes[i];
	return id;
}

/* A ktxh code as the map's outside identifier, or itself. */
static const char *
unmapped(const struct xmap *m, bool unit, const char *code)
{
	size_t i;

	if (m != NULL && hmap_get(unit ? &m->runits : &m->rinds, code, &i))
		return m->exts[i];
	return code;
}

/* ---- periods ---- */

static bool
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* An outside period (DHIS2 2023, 2023S1, 2023Q3, 202311; SDMX 2023,
 * 2023-S1, 2023-Q3, 2023-11, 2023-M11; ktxh's own 2023-H1, 2023-M11) into
 * ktxh's spelling in out. -1 with the reason in why. */
static int
period_in(const char *s, struct buf *out, const char **why)
{
	struct period p;
	size_t n = strlen(s);
	const char *r;
	int num = 0;

	*why = NULL;
	if (n < 4 || !digits(s, 4)) {
		*why = "không phải kỳ: viết 2023, 2023S1, 2023Q3, 202311 "
		    "(DHIS2) hoặc 2023-S1, 2023-Q3, 2023-11 (SDMX)";
		return -1;
	}
	p.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	p.n = 0;
	r = s + 4;
	n -= 4;
	if (n > 0 && *r == '-')
		r++, n--;
	if (n == 0)
		p.kind = PERIOD_YEAR;
	else if ((r[0] == 'S' || r[0] == 'H') && n == 2 && (r[1] == '1' ||
	    r[1] == '2'))
		p.kind = PERIOD_HALF, p.n = r[1] - '0';
	else if (r[0] == 'Q' && n == 2 && r[1] >= '1' && r[1] <= '4')
		p.kind = PERIOD_QUARTER, p.n = r[1] - '0';
	else if ((n == 2 && digits(r, 2)) || (n == 3 && r[0] == 'M' &&
	    digits(r + 1, 2))) {
		num = (r[n - 2] - '0') * 10 + (r[n - 1] - '0');
		if (num < 1 || num > 12) {
			*why = "tháng phải từ 01 đến 12";
			return -1;
		}
		p.kind = PERIOD_MONTH, p.n = num;
	} else if (n == 2 && r[0] == '9' && r[1] == 'M') {
		*why = "kỳ 9 tháng của ktxh không có trong DHIS2 và SDMX: ghi "
		    "bằng values.csv (kỳ 2023-9M)";
		return -1;
	} else {
		*why = "kiểu kỳ này (tuần, hai tháng, năm tài chính …) không có "
		    "trong ktxh: ktxh dùng năm (2023), 6 tháng (2023S1), quý "
		    "(2023Q3), tháng (202311)";
		return -1;
	}
	if (p.year < 1900 || p.year > 2200) {
		*why = "năm phải từ 1900 đến 2200";
		return -1;
	}
	period_format(out, &p);
	return 0;
}

/* ktxh's period in DHIS2's (sdmx false) or SDMX's spelling; -1 for nine
 * months, which neither has. */
static int
period_out(const struct period *p, bool sdmx, struct buf *out)
{
	const char *sep = sdmx ? "-" : "";

	switch (p->kind) {
	case PERIOD_YEAR:
		buf_printf(out, "%04d", p->year);
		return 0;
	case PERIOD_HALF:
		buf_printf(out, "%04d%sS%d", p->year, sep, p->n);
		return 0;
	case PERIOD_QUARTER:
		buf_printf(out, "%04d%sQ%d", p->year, sep, p->n);
		return 0;
	case PERIOD_MONTH:
		buf_printf(out, "%04d%s%02d", p->year, sep, p->n);
		return 0;
	default:
		return -1;
	}
}

/* ---- one entry, whatever its format ---- */

/* What a reader found for one value, as text; NULL when absent. */
struct entry {
	const char	*unit, *ind, *period, *coc, *aoc, *value;
	const char	*comment, *asof, *followup, *deleted, *status;
	/* Outside names of those fields and their columns, for messages. */
	const char	*n_unit, *n_ind, *n_period, *n_coc, *n_aoc, *n_value;
	const char	*n_comment, *n_asof, *n_followup, *n_deleted, *n_status;
	int		 c_unit, c_ind, c_period, c_coc, c_aoc, c_value;
	int		 c_comment, c_asof, c_followup, c_deleted, c_status;
};

/* The location prefix of an error about field name (column col). */
static void
where(struct buf *b, enum dataset_loc loc, const char *file, size_t line,
    const char *name, int col)
{
	if (loc == DATASET_LOC_ENTRY) {
		buf_printf(b, "%s: mục %zu", file, line);
		if (name != NULL)
			buf_printf(b, ": trường “%s”", name);
	} else if (loc == DATASET_LOC_CELL && col > 0) {
		char letters[8];

		dataset_column_letters(letters, col);
		buf_printf(b, "%s:%zu: ô %s%zu (%s)", file, line, letters, line,
		    name);
	} else if (col > 0)
		buf_printf(b, "%s:%zu: cột %d (%s)", file, line, col, name);
	else
		buf_printf(b, "%s:%zu", file, line);
}

static void ferr(struct xrows *, struct buf *, const char *, size_t,
    const char *, int, const char *, ...)
    __attribute__((format(printf, 7, 8)));

static void
ferr(struct xrows *x, struct buf *errs, const char *file, size_t line,
    const char *name, int col, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	where(&b, x->loc, file, line, name, col);
	buf_puts(&b, ": ");
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	xerr(x, errs, "%s", buf_str(&b));
	buf_free(&b);
}

static bool
blank(const char *s)
{
	return s == NULL || *s == '\0';
}

/* true/false, as DHIS2 writes flags; empty is false. -1 when neither. */
static int
flag(const char *s)
{
	char *f;
	int v = -1;

	if (blank(s))
		return 0;
	f = text_fold(s, strlen(s));
	if (f != NULL && (strcmp(f, "true") == 0 || strcmp(f, "1") == 0))
		v = 1;
	else if (f != NULL && (strcmp(f, "false") == 0 || strcmp(f, "0") == 0))
		v = 0;
	free(f);
	return v;
}

/* A category (or attribute) option combo other than the default is a
 * disaggregation, which ktxh does not keep. */
static bool
default_combo(const char *s)
{
	return blank(s) || strcmp(s, DHIS2_DEFAULT_COC) == 0 ||
	    strcmp(s, "default") == 0;
}

static void
put_field(struct xrows *x, struct dataset_xrow *r, int c, const char *v,
    const char *name, int col)
{
	r->f[c] = v != NULL ? xrows_str(x, v, strlen(v)) : NULL;
	r->name[c] = name;
	r->col[c] = col;
}

/* Turn e into a row of out, or locate why it cannot be. */
static void
take_entry(struct xrows *x, const char *file, size_t line,
    const struct entry *e, const struct xmap *map, struct buf *errs)
{
	struct dataset_xrow *r;
	struct buf per = BUF_INIT;
	const char *why, *status = NULL;
	size_t before = x->nerrs;
	int del, fu;

	if (blank(e->unit))
		ferr(x, errs, file, line, e->n_unit, e->c_unit, "thiếu mã đơn vị");
	if (blank(e->ind))
		ferr(x, errs, file, line, e->n_ind, e->c_ind, "thiếu mã chỉ tiêu");
	if (blank(e->period))
		ferr(x, errs, file, line, e->n_period, e->c_period, "thiếu kỳ");
	else if (period_in(e->period, &per, &why) != 0)
		ferr(x, errs, file, line, e->n_period, e->c_period,
		    "kỳ “%s”: %s", e->period, why);
	if (!default_combo(e->coc))
		ferr(x, errs, file, line, e->n_coc, e->c_coc, "nhóm phân tổ "
		    "(category option combo) “%s” không phải mặc định: ktxh không "
		    "lưu số liệu phân tổ (theo giới tính, độ tuổi …), chỉ một số "
		    "cho mỗi chỉ tiêu, đơn vị và kỳ; gửi số tổng với phân tổ mặc "
		    "định " DHIS2_DEFAULT_COC, e->coc);
	if (!default_combo(e->aoc))
		ferr(x, errs, file, line, e->n_aoc, e->c_aoc, "nhóm thuộc tính "
		    "(attribute option combo) “%s” không phải mặc định: ktxh không "
		    "lưu số liệu phân tổ; dùng " DHIS2_DEFAULT_COC, e->aoc);
	if ((del = flag(e->deleted)) < 0)
		ferr(x, errs, file, line, e->n_deleted, e->c_deleted,
		    "“%s” không hợp lệ: dùng true hoặc false", e->deleted);
	if ((fu = flag(e->followup)) < 0)
		ferr(x, errs, file, line, e->n_followup, e->c_followup,
		    "“%s” không hợp lệ: dùng true hoặc false", e->followup);
	if (e->status != NULL) {
		/* SDMX's OBS_STATUS: A normal, E estimated. */
		if (blank(e->status) || strcmp(e->status, "A") == 0)
			status = "final";
		else if (strcmp(e->status, "E") == 0)
			status = "estimate";
		else
			ferr(x, errs, file, line, e->n_status, e->c_status,
			    "OBS_STATUS “%s” không dùng được: A (bình thường, số "
			    "chính thức) hoặc E (ước tính)", e->status);
	} else
		status = fu == 1 ? "estimate" : "final";
	if (x->nerrs == before) {
		r = xrows_row(x, line);
		put_field(x, r, XV_UNIT, blank(e->unit) ? NULL :
		    mapped(map, true, e->unit), e->n_unit, e->c_unit);
		put_field(x, r, XV_IND, blank(e->ind) ? NULL :
		    mapped(map, false, e->ind), e->n_ind, e->c_ind);
		put_field(x, r, XV_PERIOD, buf_str(&per), e->n_period,
		    e->c_period);
		put_field(x, r, XV_VALUE, e->value, e->n_value, e->c_value);
		put_field(x, r, XV_STATUS, status, e->status != NULL ?
		    e->n_status : e->n_followup, e->status != NULL ? e->c_status :
		    e->c_followup);
		put_field(x, r, XV_ASOF, e->asof, e->n_asof, e->c_asof);
		put_field(x, r, XV_NOTE, e->comment, e->n_comment, e->c_comment);
		r->deleted = del == 1;
	}
	buf_free(&per);
}

/* ---- DHIS2 JSON ---- */

/* A member as text: strings as they are, numbers in machine form, booleans
 * as true/false. NULL when absent or null; *bad when of another type. */
static const char *
json_text(struct xrows *x, json_t *o, const char *key, bool *bad)
{
	json_t *v = json_object_get(o, key);
	struct buf b = BUF_INIT;
	const char *s;

	*bad = false;
	if (v == NULL || json_is_null(v))
		return NULL;
	if (json_is_string(v))
		return xrows_str(x, json_string_value(v), json_string_length(v));
	if (json_is_integer(v))
		buf_printf(&b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		num_format_machine(&b, json_real_value(v));
	else if (json_is_boolean(v))
		buf_puts(&b, json_is_true(v) ? "true" : "false");
	else {
		*bad = true;
		return NULL;
	}
	s = xrows_str(x, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

static const char *const dhis2_keys[] = {
	"dataElement", "period", "orgUnit", "categoryOptionCombo",
	"attributeOptionCombo", "value", "storedBy", "created", "lastUpdated",
	"comment", "followup", "deleted", "completeDate", NULL
};

static int
read_dhis2_json(struct xrows *x, const char *file, const char *data,
    size_t len, const struct xmap *map, struct buf *errs)
{
	json_error_t je;
	json_t *root, *vals, *e;
	const char *top_period = NULL, *top_unit = NULL, *top_done = NULL, *key;
	size_t i;
	bool bad;
	int k;

	x->loc = DATASET_LOC_ENTRY;
	root = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		xerr(x, errs, "%s:%d:%d: JSON không hợp lệ: %s", file, je.line,
		    je.column, je.text);
		return -1;
	}
	if (!json_is_object(root)) {
		xerr(x, errs, "%s: không phải dataValueSet của DHIS2: cần một đối "
		    "tượng JSON có mảng “dataValues”", file);
		goto out;
	}
	top_period = json_text(x, root, "period", &bad);
	if (bad)
		xerr(x, errs, "%s: trường “period” phải là chuỗi", file);
	top_unit = json_text(x, root, "orgUnit", &bad);
	if (bad)
		xerr(x, errs, "%s: trường “orgUnit” phải là chuỗi", file);
	top_done = json_text(x, root, "completeDate", &bad);
	if (bad)
		xerr(x, errs, "%s: trường “completeDate” phải là chuỗi", file);
	vals = json_object_get(root, "dataValues");
	if (vals == NULL || !json_is_array(vals)) {
		xerr(x, errs, "%s: thiếu mảng “dataValues”: không phải "
		    "dataValueSet của DHIS2", file);
		goto out;
	}
	json_array_foreach(vals, i, e) {
		struct entry en;
		json_t *v;
		size_t before = x->nerrs;

		if (!json_is_object(e)) {
			xerr(x, errs, "%s: mục %zu: phải là một đối tượng JSON", file,
			    i + 1);
			continue;
		}
		json_object_foreach(e, key, v) {
			for (k = 0; dhis2_keys[k] != NULL; k++)
				if (strcmp(key, dhis2_keys[k]) == 0)
					break;
			if (dhis2_keys[k] == NULL)
				xerr(x, errs, "%s: mục %zu: trường “%s” không có trong "
				    "định dạng dataValues của DHIS2", file, i + 1, key);
		}
		memset(&en, 0, sizeof(en));
#define GET(f, k) do { en.f = json_text(x, e, k, &bad); en.n_##f = k; \
	if (bad) xerr(x, errs, "%s: mục %zu: trường “%s”: phải là chuỗi", \
	    file, i + 1, k); } while (0)
		GET(ind, "dataElement");
		GET(period, "period");
		GET(unit, "orgUnit");
		GET(coc, "categoryOptionCombo");
		GET(aoc, "attributeOptionCombo");
		GET(value, "value");
		GET(comment, "comment");
		GET(followup, "followup");
		GET(deleted, "deleted");
		GET(asof, "completeDate");
#undef GET
		/* Fields of the set hold for every entry that lacks them. */
		if (en.period == NULL)
			en.period = top_period;
		if (en.unit == NULL)
			en.unit = top_unit;
		if (en.asof == NULL)
			en.asof = top_done;
		/* DHIS2 writes completeDate as a date or a timestamp. */
		if (en.asof != NULL && strlen(en.asof) > 10 && en.asof[10] == 'T')
			en.asof = xrows_str(x, en.asof, 10);
		if (x->nerrs == before)
			take_entry(x, file, i + 1, &en, map, errs);
	}
out:
	json_decref(root);
	return x->nerrs > 0 ? -1 : 0;
}

/* ---- DHIS2 CSV and SDMX-CSV ---- */

/* The columns a CSV format knows, by name (matched ignoring case for
 * DHIS2), and where each goes in struct entry. */
enum xcol { XC_UNIT, XC_IND, XC_PERIOD, XC_COC, XC_AOC, XC_VALUE, XC_COMMENT,
    XC_ASOF, XC_FOLLOWUP, XC_DELETED, XC_STATUS, XC_ACTION, XC_IGNORED };

struct xcolspec {
	const char	*name;
	enum xcol	 to;
	bool		 required;
};

static const struct xcolspec dhis2_cols[] = {
	{ "dataelement", XC_IND, true }, { "period", XC_PERIOD, true },
	{ "orgunit", XC_UNIT, true }, { "categoryoptioncombo", XC_COC, false },
	{ "attributeoptioncombo", XC_AOC, false }, { "value", XC_VALUE, true },
	{ "storedby", XC_IGNORED, false }, { "created", XC_IGNORED, false },
	{ "lastupdated", XC_IGNORED, false }, { "comment", XC_COMMENT, false },
	{ "followup", XC_FOLLOWUP, false }, { "deleted", XC_DELETED, false },
	{ "completedate", XC_ASOF, false }, { NULL, XC_IGNORED, false }
};

static const struct xcolspec sdmx_cols[] = {
	{ "DATAFLOW", XC_IGNORED, false }, { "STRUCTURE", XC_IGNORED, false },
	{ "STRUCTURE_ID", XC_IGNORED, false }, { "ACTION", XC_ACTION, false },
	{ "FREQ", XC_IGNORED, false }, { "REF_AREA", XC_UNIT, true },
	{ "INDICATOR", XC_IND, true }, { "TIME_PERIOD", XC_PERIOD, true },
	{ "OBS_VALUE", XC_VALUE, true }, { "OBS_STATUS", XC_STATUS, false },
	{ "COMMENT_OBS", XC_COMMENT, false }, { "AS_OF", XC_ASOF, false },
	{ "UNIT_MEASURE", XC_IGNORED, false }, { NULL, XC_IGNORED, false }
};

static bool
name_eq(const char *want, const char *h, size_t hn, bool nocase)
{
	size_t i;

	if (strlen(want) != hn)
		return false;
	for (i = 0; i < hn; i++) {
		char a = want[i], b = h[i];

		if (nocase && b >= 'A' && b <= 'Z')
			b = (char)(b - 'A' + 'a');
		if (a != b)
			return false;
	}
	return true;
}

static int
read_xcsv(struct xrows *x, const char *file, const char *data, size_t len,
    const struct xcolspec *cols, bool nocase, const struct xmap *map,
    struct buf *errs)
{
	struct csv csv;
	struct csv_row cr = { 0 };
	const char *err;
	int map_[64], seen[32], ncols, c, rc;
	size_t i, bad, nhead;

	x->loc = DATASET_LOC_LINE;
	for (ncols = 0; cols[ncols].name != NULL; ncols++)
		seen[ncols] = 0;
	csv_open(&csv, data, len);
	if ((rc = csv_next(&csv, &cr, &err)) <= 0) {
		if (rc < 0)
			xerr(x, errs, "%s:%zu: %s", file, cr.line, err);
		else
			xerr(x, errs, "%s: tệp rỗng", file);
		goto out;
	}
	nhead = cr.n;
	if (nhead > 64) {
		xerr(x, errs, "%s:1: quá nhiều cột (%zu)", file, nhead);
		goto out;
	}
	for (i = 0; i < nhead; i++) {
		const char *h = cr.field[i];
		size_t hn = cr.flen[i];

		trim(&h, &hn);
		map_[i] = -1;
		for (c = 0; c < ncols; c++)
			if (name_eq(cols[c].name, h, hn, nocase))
				break;
		if (c == ncols) {
			struct buf list = BUF_INIT;

			for (c = 0; c < ncols; c++)
				buf_printf(&list, "%s%s", c ? ", " : "", cols[c].name);
			xerr(x, errs, "%s:1: cột %zu: tên cột “%.*s” không có trong "
			    "định dạng; các cột: %s", file, i + 1, (int)hn, h,
			    buf_str(&list));
			buf_free(&list);
		} else if (seen[c] != 0)
			xerr(x, errs, "%s:1: cột %zu: cột “%s” lặp lại (đã có ở cột "
			    "%d)", file, i + 1, cols[c].name, seen[c]);
		else {
			seen[c] = (int)i + 1;
			map_[i] = c;
		}
	}
	for (c = 0; c < ncols; c++)
		if (cols[c].required && seen[c] == 0)
			xerr(x, errs, "%s:1: thiếu cột bắt buộc “%s”", file,
			    cols[c].name);
	if (x->nerrs > 0)
		goto out;
	while ((rc = csv_next(&csv, &cr, &err)) != 0) {
		struct entry en;
		size_t before = x->nerrs;

		if (rc < 0) {
			xerr(x, errs, "%s:%zu: %s", file, cr.line, err);
			break;
		}
		memset(&en, 0, sizeof(en));
		if (cr.n != nhead) {
			xerr(x, errs, "%s:%zu: dòng có %zu ô, dòng tên cột có %zu cột",
			    file, cr.line, cr.n, nhead);
			continue;
		}
		for (i = 0; i < cr.n; i++) {
			const char *s = cr.field[i], *v;
			size_t n = cr.flen[i];

			if (map_[i] < 0)
				continue;
			c = map_[i];
			if (text_utf8_check(s, n, &bad) != 0) {
				xerr(x, errs, "%s:%zu: cột %zu (%s): byte không hợp lệ "
				    "UTF-8 ở ký tự thứ %zu: lưu tệp với mã hóa UTF-8", file,
				    cr.line, i + 1, cols[c].name, text_column(s, bad));
				continue;
			}
			trim(&s, &n);
			csv_unguard(&s, &n);
			v = xrows_str(x, s, n);
#define SET(f) do { en.f = v; en.n_##f = cols[c].name; \
	en.c_##f = (int)i + 1; } while (0)
			switch (cols[c].to) {
			case XC_UNIT: SET(unit); break;
			case XC_IND: SET(ind); break;
			case XC_PERIOD: SET(period); break;
			case XC_COC: SET(coc); break;
			case XC_AOC: SET(aoc); break;
			case XC_VALUE: SET(value); break;
			case XC_COMMENT: SET(comment); break;
			case XC_ASOF: SET(asof); break;
			case XC_FOLLOWUP: SET(followup); break;
			case XC_DELETED: SET(deleted); break;
			case XC_STATUS: SET(status); break;
			case XC_ACTION:
				/* SDMX-CSV 2.0: D deletes, I/A/R/M write. */
				if (strcmp(v, "D") == 0)
					en.deleted = "true";
				else if (!blank(v) && strcmp(v, "I") != 0 &&
				    strcmp(v, "A") != 0 && strcmp(v, "R") != 0 &&
				    strcmp(v, "M") != 0)
					xerr(x, errs, "%s:%zu: cột %zu (ACTION): “%s” không "
					    "hợp lệ: I, A, R, M (ghi) hoặc D (xóa)", file,
					    cr.line, i + 1, v);
				en.n_deleted = "ACTION";
				en.c_deleted = (int)i + 1;
				break;
			default:
				break;
			}
#undef SET
		}
		if (cols == sdmx_cols && en.status == NULL)
			en.status = "";
		if (x->nerrs == before)
			take_entry(x, file, cr.line, &en, map, errs);
	}
out:
	csv_row_free(&cr);
	return x->nerrs > 0 ? -1 : 0;
}

/* ---- detection and dispatch ---- */

int
exchange_detect(const char *data, size_t len)
{
	size_t i = 0, e;

	if (len >= 4 && memcmp(data, "PK\003\004", 4) == 0)
		return XF_XLSX;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' ||
	    data[i] == '\n'))
		i++;
	if (i < len && data[i] == '{')
		return XF_DHIS2_JSON;
	/* The header's first name: DHIS2 starts with dataelement; SDMX-CSV
	 * with DATAFLOW (1.0) or STRUCTURE (2.0). */
	for (e = i; e < len && data[e] != ',' && data[e] != '\n' &&
	    data[e] != '\r'; e++)
		;
	if (e - i == 11 && name_eq("dataelement", data + i, 11, true))
		return XF_DHIS2_CSV;
	if ((e - i == 8 && memcmp(data + i, "DATAFLOW", 8) == 0) ||
	    (e - i == 9 && memcmp(data + i, "STRUCTURE", 9) == 0))
		return XF_SDMX_CSV;
	return -1;
}

int
exchange_read(enum xfmt fmt, const char *name, const char *data, size_t len,
    const struct xmap *map, struct xrows *out, struct buf *errs)
{
	switch (fmt) {
	case XF_DHIS2_JSON:
		return read_dhis2_json(out, name, data, len, map, errs);
	case XF_DHIS2_CSV:
		return read_xcsv(out, name, data, len, dhis2_cols, true, map, errs);
	case XF_SDMX_CSV:
		return read_xcsv(out, name, data, len, sdmx_cols, false, map, errs);
	case XF_XLSX:
		out->loc = DATASET_LOC_CELL;
		return xlsx_values(name, data, len, out, errs);
	default:
		buf_printf(errs, "%s: định dạng không rõ\n", name);
		out->nerrs++;
		return -1;
	}
}

/* One error line and where it points, for sorting. */
struct eline {
	const char	*s;
	size_t		 n;
	size_t		 sheet;		/* order of its sheet's first error */
	size_t		 line;		/* line, entry or row; 0: the whole file */
	size_t		 seq;		/* order of arrival: the sort is stable */
};

static int
eline_cmp(const void *a, const void *b)
{
	const struct eline *x = a, *y = b;

	if (x->sheet != y->sheet)
		return x->sheet < y->sheet ? -1 : 1;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The reader's errors and the validator's, each in its own order, merged
 * into errs in the order of the file: "f:12: …", "f: mục 3: …",
 * "f (trang S):5: …" by sheet then line; errors of the whole file first,
 * the "… và N lỗi khác" counts last. */
static void
sort_errors(struct buf *errs, const char *name, struct buf *in)
{
	struct eline *e = NULL;
	const char *p = buf_str(in), *nl, *r, **sheets = NULL;
	size_t ne = 0, ns = 0, nlen = strlen(name), i, sl;

	for (; *p != '\0'; p = nl + 1) {
		struct eline l = { p, 0, 0, 0, ne };

		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p) - 1;
		l.n = (size_t)(nl - p) + 1;
		r = p + nlen;
		if (strncmp(p, "…", strlen("…")) == 0)
			l.sheet = (size_t)-1;
		else if (strncmp(p, name, nlen) == 0) {
			if (strncmp(r, " (trang ", 8) == 0 &&
			    (r = strstr(r, "):")) != NULL && r < nl) {
				sl = (size_t)(r - p);
				for (i = 0; i < ns; i++)
					if (strncmp(sheets[i], p, sl) == 0 &&
					    sheets[i][sl] == ')')
						break;
				if (i == ns) {
					sheets = xrealloc(sheets, (ns + 1) *
					    sizeof(*sheets));
					sheets[ns++] = p;
				}
				l.sheet = i + 1;
				r += 2;
				l.line = strtoul(r, NULL, 10);
			} else if (strncmp(r, ": mục ", strlen(": mục ")) == 0)
				l.line = strtoul(r + strlen(": mục "), NULL, 10);
			else if (*r == ':' && r[1] >= '0' && r[1] <= '9')
				l.line = strtoul(r + 1, NULL, 10);
		}
		e = xrealloc(e, (ne + 1) * sizeof(*e));
		e[ne++] = l;
	}
	if (ne > 0)
		qsort(e, ne, sizeof(*e), eline_cmp);
	for (i = 0; i < ne; i++)
		buf_append(errs, e[i].s, e[i].n);
	free(e);
	free(sheets);
}

int
exchange_import(struct store *st, const char *path, const struct xmap *map,
    const char *by, struct buf *errs, size_t *stored, size_t *deleted,
    enum xfmt *fmt)
{
	struct buf data = BUF_INIT, verrs = BUF_INIT, rerrs = BUF_INIT;
	struct xrows x = { 0 };
	const char *name = base_name(path);
	int f, rc = -1;

	*stored = *deleted = 0;
	if (slurp(path, &data, errs) != 0)
		goto out;
	if ((f = exchange_detect(buf_str(&data), data.len)) < 0) {
		buf_printf(errs, "%s: không nhận ra định dạng: cần thư mục CSV của "
		    "ktxh, dataValueSet JSON hoặc CSV của DHIS2 (dòng đầu "
		    "dataelement,period,orgunit,…), SDMX-CSV (dòng đầu DATAFLOW,"
		    "REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,…) hoặc sổ tính XLSX\n",
		    path);
		goto out;
	}
	*fmt = (enum xfmt)f;
	exchange_read(*fmt, name, buf_str(&data), data.len, map, &x, &rerrs);
	/* The rows that could be read still go through the validator, so that
	 * one run lists every error; they are kept only when nothing at all
	 * was refused. */
	if (store_begin(st) != 0) {
		buf_printf(errs, "%s\n", store_error(st));
		goto out;
	}
	rc = dataset_import_values(st, name, x.loc, x.n, x.row, by, &verrs,
	    stored, deleted);
	buf_append(&rerrs, buf_str(&verrs), verrs.len);
	sort_errors(errs, name, &rerrs);
	if (rc == 0 && x.nerrs == 0 && store_commit(st) == 0)
		rc = 0;
	else {
		if (rc == 0 && x.nerrs == 0)
			buf_printf(errs, "%s\n", store_error(st));
		store_rollback(st);
		rc = -1;
		*stored = *deleted = 0;
	}
	if (x.nerrs > IMPORT_MAX_ERRORS)
		buf_printf(errs, "… và %zu lỗi khác\n",
		    x.nerrs - IMPORT_MAX_ERRORS);
out:
	xrows_free(&x);
	buf_free(&data);
	buf_free(&verrs);
	buf_free(&rerrs);
	return rc;
}

/* ---- export ---- */

struct xout {
	enum xfmt	 fmt;
	struct hmap	 kinds;		/* indicator code -> enum ind_kind */
	struct buf	 b;		/* CSV text */
	json_t		*vals;		/* DHIS2 JSON entries */
	struct buf	*err;
	size_t		 n;
	size_t		 nnine;		/* values of nine months: no equivalent */
	const struct xmap *map;		/* codes to outside identifiers, or NULL */
};

/* The value as DHIS2 and SDMX carry it: one number. A rate is its
 * percentage (computed from numerator and denominator when only they are
 * stored), a yes/no true or false. */
static void
value_text(const struct xout *o, const struct value *v, struct buf *b)
{
	size_t kind = KIND_QUANTITY;
	double d = v->value;

	hmap_get(&o->kinds, v->indicator, &kind);
	if (kind == KIND_YESNO || kind == KIND_QUALITATIVE) {
		buf_puts(b, v->value != 0 ? "true" : "false");
		return;
	}
	if (!v->has_value && v->has_ratio)
		d = v->num / v->den * 100.0;
	num_format_machine(b, d);
}

static int
export_one(const struct value *v, void *arg)
{
	struct xout *o = arg;
	struct buf per = BUF_INIT, val = BUF_INIT, asof = BUF_INIT;
	const char *unit, *ind;

	if (period_out(&v->period, o->fmt == XF_SDMX_CSV, &per) != 0) {
		if (o->nnine++ < 10) {
			buf_printf(o->err, "%s%s, %s, kỳ ", o->nnine > 1 ? "; " : "",
			    v->unit, v->indicator);
			period_format(o->err, &v->period);
		}
		goto out;
	}
	value_text(o, v, &val);
	unit = unmapped(o->map, true, v->unit);
	ind = unmapped(o->map, false, v->indicator);
	if (date_isset(&v->as_of))
		date_format_iso(&asof, &v->as_of);
	if (o->fmt == XF_DHIS2_JSON) {
		json_t *e = json_object();

		json_object_set_new(e, "dataElement", json_string(ind));
		json_object_set_new(e, "period", json_string(buf_str(&per)));
		json_object_set_new(e, "orgUnit", json_string(unit));
		json_object_set_new(e, "categoryOptionCombo",
		    json_string(DHIS2_DEFAULT_COC));
		json_object_set_new(e, "attributeOptionCombo",
		    json_string(DHIS2_DEFAULT_COC));
		json_object_set_new(e, "value", json_string(buf_str(&val)));
		if (v->note != NULL)
			json_object_set_new(e, "comment", json_string(v->note));
		json_object_set_new(e, "followup",
		    json_boolean(v->status == STATUS_ESTIMATE));
		if (asof.len > 0)
			json_object_set_new(e, "completeDate",
			    json_string(buf_str(&asof)));
		json_array_append_new(o->vals, e);
	} else if (o->fmt == XF_DHIS2_CSV) {
		csv_put_field(&o->b, ind, 0);
		csv_put_field(&o->b, buf_str(&per), 0);
		csv_put_field(&o->b, unit, 0);
		csv_put_field(&o->b, DHIS2_DEFAULT_COC, 0);
		csv_put_field(&o->b, DHIS2_DEFAULT_COC, 0);
		csv_put_field(&o->b, buf_str(&val), 0);
		csv_put_field(&o->b, "", 0);
		csv_put_field(&o->b, "", 0);
		csv_put_field(&o->b, v->note, 0);
		csv_put_field(&o->b, v->status == STATUS_ESTIMATE ? "true" :
		    "false", 0);
		csv_put_field(&o->b, "false", 0);
		csv_put_field(&o->b, buf_str(&asof), 1);
	} else {
		csv_put_field(&o->b, SDMX_DATAFLOW, 0);
		csv_put_field(&o->b, unit, 0);
		csv_put_field(&o->b, ind, 0);
		csv_put_field(&o->b, buf_str(&per), 0);
		csv_put_field(&o->b, buf_str(&val), 0);
		csv_put_field(&o->b, v->status == STATUS_ESTIMATE ? "E" : "A", 0);
		csv_put_field(&o->b, v->note, 0);
		csv_put_field(&o->b, buf_str(&asof), 1);
	}
	o->n++;
out:
	buf_free(&per);
	buf_free(&val);
	buf_free(&asof);
	return 0;
}

/* Write text to path through a temporary name, so that no half file is
 * left. */
static int
write_file(const char *path, const char *s, size_t n, struct buf *err)
{
	struct buf tmp = BUF_INIT;
	FILE *fp;
	bool wrote;
	int rc = -1;

	buf_printf(&tmp, "%s.tmp%ld", path, (long)getpid());
	if ((fp = fopen(buf_str(&tmp), "wb")) == NULL) {
		buf_printf(err, "không ghi được %s: %s", buf_str(&tmp),
		    strerror(errno));
		goto out;
	}
	wrote = fwrite(s, 1, n, fp) == n;
	if (fclose(fp) != 0 || !wrote) {
		buf_printf(err, "lỗi ghi %s", buf_str(&tmp));
		unlink(buf_str(&tmp));
		goto out;
	}
	if (rename(buf_str(&tmp), path) != 0) {
		buf_printf(err, "không đổi tên được %s: %s", buf_str(&tmp),
		    strerror(errno));
		unlink(buf_str(&tmp));
		goto out;
	}
	rc = 0;
out:
	buf_free(&tmp);
	return rc;
}

int
exchange_export(struct store *st, enum xfmt fmt, const char *unit, int year,
    const struct xmap *map, const char *path, struct buf *err, size_t *count)
{
	struct xout o;
	struct indicator *in = NULL;
	struct buf nine = BUF_INIT;
	json_t *root = NULL;
	char *js = NULL;
	size_t ni = 0, k;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	o.fmt = fmt;
	o.err = &nine;
	o.map = map;
	*count = 0;
	if (fmt != XF_DHIS2_JSON && fmt != XF_DHIS2_CSV && fmt != XF_SDMX_CSV) {
		buf_puts(err, "định dạng xuất phải là dhis2-json, dhis2-csv hoặc "
		    "sdmx-csv");
		return -1;
	}
	if (store_indicators(st, &in, &ni) != 0) {
		buf_puts(err, store_error(st));
		goto out;
	}
	for (k = 0; k < ni; k++)
		hmap_put(&o.kinds, in[k].code, in[k].kind);
	if (fmt == XF_DHIS2_JSON)
		o.vals = json_array();
	else if (fmt == XF_DHIS2_CSV)
		buf_puts(&o.b, "dataelement,period,orgunit,categoryoptioncombo,"
		    "attributeoptioncombo,value,storedby,lastupdated,comment,"
		    "followup,deleted,completedate\r\n");
	else
		buf_puts(&o.b, "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,"
		    "OBS_STATUS,COMMENT_OBS,AS_OF\r\n");
	if (store_each_value(st, unit, year, year, export_one, &o) != 0) {
		buf_puts(err, store_error(st));
		goto out;
	}
	if (o.nnine > 0) {
		buf_printf(err, "không xuất gì: %zu số liệu có kỳ 9 tháng, kiểu kỳ "
		    "không có trong %s (%s%s); xuất bằng `ktxh export THƯ_MỤC` "
		    "(CSV của ktxh) hoặc chọn --year không có kỳ 9 tháng", o.nnine,
		    fmt == XF_SDMX_CSV ? "SDMX" : "DHIS2", buf_str(&nine),
		    o.nnine > 10 ? "; …" : "");
		goto out;
	}
	if (fmt == XF_DHIS2_JSON) {
		root = json_object();
		json_object_set_new(root, "dataSet", json_string("ktxh"));
		json_object_set(root, "dataValues", o.vals);
		js = json_dumps(root, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
		rc = write_file(path, js, strlen(js), err);
	} else
		rc = write_file(path, buf_str(&o.b), o.b.len, err);
	if (rc == 0)
		*count = o.n;
out:
	free(js);
	json_decref(root);
	json_decref(o.vals);
	hmap_free(&o.kinds);
	buf_free(&o.b);
	buf_free(&nine);
	store_free_indicators(in, ni);
	return rc;
}
