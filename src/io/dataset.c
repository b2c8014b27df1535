/* dataset.c: import and export of the CSV files of docs/formats.md. Each file
 * is declared by a table of its columns; rows are validated field by field
 * with located Vietnamese messages, and written inside one transaction that
 * is rolled back when any row anywhere is refused. */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hmap.h"
#include "core/livetext.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "csv.h"
#include "dataset.h"

#define MAXCOLS 16

struct colspec {
	const char	*name;
	bool		 required;
};

/* What an import knows of a unit or an indicator, from the database or the
 * files: enough to check the references of later rows. */
struct known {
	enum ind_kind	 kind;		/* indicators only */
	bool		 has_parent;	/* indicators only: is a part */
	bool		 from_file;	/* defined by this import */
	size_t		 line;		/* where, when from_file */
	bool		 in_db;		/* the database had it before */
};

/* A unit or indicator row kept until its whole file is read, since a parent
 * may come after its children. */
struct pending {
	struct unit	 u;		/* units.csv */
	struct indicator i;		/* indicators.csv */
	char		*key;		/* units: folded name */
	size_t		 depth;		/* units: ancestors within the file */
	bool		 skip;		/* units: not written (one unit's import) */
	size_t		 line;
	int		 parent_col;	/* column of "parent", for messages */
	int		 sector_col;
};

/* A unit_changes.csv row kept until the file is read: the shares of a
 * unit on a date are checked together. */
struct pchange {
	struct unit_change c;
	size_t		 line;
	int		 share_col;	/* 0 when the file has no share column */
};

struct import {
	struct store	*store;
	struct buf	*errs;
	int		 nerrs;
	bool		 failed;	/* a store error: stop at once */
	struct hmap	 sectors;	/* code or folded name -> index in scodes */
	char		**scodes;
	size_t		 nscodes;
	struct hmap	 units;		/* code -> index into ukn */
	struct known	*ukn;
	size_t		 nukn;
	struct hmap	 inds;		/* code -> index into ikn */
	struct known	*ikn;
	size_t		 nikn;
	struct pending	*pend;		/* units or indicators being read */
	size_t		 npend;
	struct hmap64	 keys;		/* keys seen in the current file -> line */
	struct hmap	 seqs;		/* repeated report settings -> count */
	struct pchange	*chg;		/* unit_changes.csv, until checked */
	size_t		 nchg;
	struct hmap	 chkeys;	/* date|from|to -> index into chg */
	struct hmap	 pend_units;	/* units.csv's codes -> index into pend,
					 * until the units are written */
	size_t		 maxdepth;	/* of the units in pend */
	struct import_counts *counts;
	void		(*progress)(size_t, void *);
	void		*parg;
	size_t		 rows;
	bool		 bulk;		/* targets or values go by store_bulk_… */
	const long long	*expect;	/* dataset_set_values: versions read */
	bool		*conflict;	/* and which rows found another */
	size_t		 rowi;		/* the row being checked */
	size_t		 nconflicts;
	size_t		 ndeleted;	/* values removed (dataset_import_values) */
	/* dataset_import_unit: the one unit whose rows may come; the
	 * catalogue only adds what the database lacks. NULL: anything. */
	const char	*scope;
};

/* One data row of a file, with its fields mapped to the column table. */
struct row {
	const char	*file;		/* base name, for messages */
	size_t		 line;
	const char	*f[MAXCOLS];	/* trimmed field per column spec; "" if absent */
	int		 col[MAXCOLS];	/* 1-based column in the file, 0 if absent */
	const struct colspec *cols;
	/* Rows of other formats (dataset_import_values): how they are located
	 * and what the outside field of each column is called. */
	enum dataset_loc loc;
	const char *const *xname;	/* NULL: the column's own name */
};

void
dataset_column_letters(char out[8], int col)
{
	char tmp[8];
	int n = 0, i;

	while (col > 0 && n < 7) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

static void errorf(struct import *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void row_err(struct import *, const struct row *, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

static void
errorf(struct import *im, const char *fmt, ...)
{
	va_list ap;

	im->nerrs++;
	if (im->nerrs > IMPORT_MAX_ERRORS)
		return;
	va_start(ap, fmt);
	buf_vprintf(im->errs, fmt, ap);
	va_end(ap);
	buf_putc(im->errs, '\n');
}

/* A refused field: "values.csv:23: cột 4 (value): reason". */
static void
row_err(struct import *im, const struct row *r, int c, const char *fmt, ...)
{
	struct buf m = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&m, fmt, ap);
	va_end(ap);
	if (r->line == 0 && c >= 0) {
		/* A single record from command options, not from a file. */
		struct buf opt = BUF_INIT;
		const char *p;

		for (p = r->cols[c].name; *p != '\0'; p++)
			buf_putc(&opt, *p == '_' ? '-' : *p);
		errorf(im, "--%s: %s", buf_str(&opt), buf_str(&m));
		buf_free(&opt);
	} else if (r->loc == DATASET_LOC_ENTRY) {
		/* JSON: "x.json: mục 3: trường “value”: reason". */
		if (c >= 0 && r->xname != NULL && r->xname[c] != NULL)
			errorf(im, "%s: mục %zu: trường “%s”: %s", r->file, r->line,
			    r->xname[c], buf_str(&m));
		else
			errorf(im, "%s: mục %zu: %s", r->file, r->line, buf_str(&m));
	} else if (r->loc == DATASET_LOC_CELL && c >= 0 && r->col[c] > 0) {
		/* A sheet: "book.xlsx (trang values):5: ô D5 (value): reason". */
		char colname[8];

		dataset_column_letters(colname, r->col[c]);
		errorf(im, "%s:%zu: ô %s%zu (%s): %s", r->file, r->line, colname,
		    r->line, r->xname != NULL && r->xname[c] != NULL ?
		    r->xname[c] : r->cols[c].name, buf_str(&m));
	} else if (c >= 0 && r->col[c] > 0)
		errorf(im, "%s:%zu: cột %d (%s): %s", r->file, r->line,
		    r->col[c], r->xname != NULL && r->xname[c] != NULL ?
		    r->xname[c] : r->cols[c].name, buf_str(&m));
	else
		errorf(im, "%s:%zu: %s", r->file, r->line, buf_str(&m));
	buf_free(&m);
}

static void
store_failed(struct import *im)
{
	if (!im->failed)
		errorf(im, "lỗi cơ sở dữ liệu: %s", store_error(im->store));
	im->failed = true;
}

static bool
empty(const char *s)
{
	return s == NULL || *s == '\0';
}

/* Codes: 1..64 of [A-Za-z0-9._-], so they are safe in paths and URLs. */
static bool
check_code(struct import *im, const struct row *r, int c)
{
	const char *s = r->f[c];
	size_t n = strlen(s), i;

	if (n == 0) {
		row_err(im, r, c, "thiếu mã");
		return false;
	}
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '.' || s[i] == '_' ||
		    s[i] == '-'))
			break;
	if (n > 64 || i < n) {
		row_err(im, r, c, "mã “%s” không hợp lệ: chỉ dùng chữ không dấu, "
		    "chữ số, dấu chấm, gạch dưới, gạch nối (tối đa 64 ký tự)", s);
		return false;
	}
	return true;
}

/* A machine-format number; a Vietnamese one gets a hint. */
static bool
get_number(struct import *im, const struct row *r, int c, double *out)
{
	const char *s = r->f[c], *why;
	struct buf hint = BUF_INIT;
	struct num n;
	size_t uo, ul;

	if (num_parse_machine(s, strlen(s), out) == 0) {
		if (*out == 0 && signbit(*out)) {
			row_err(im, r, c, "số “%s” không hợp lệ: viết 0, không có dấu trừ",
			    s);
			return false;
		}
		return true;
	}
	if (num_parse_field(s, strlen(s), &n, &uo, &ul, &why) == 0 &&
	    !(n.flags & NUM_AMBIGUOUS)) {
		num_format_machine(&hint, n.value);
		row_err(im, r, c, "không đọc được số “%s”: trong %s viết số theo "
		    "định dạng máy (dấu chấm thập phân, không phân cách hàng nghìn, "
		    "không đơn vị), ví dụ %s", s, r->xname != NULL ? "tệp này" :
		    "CSV", buf_str(&hint));
	} else
		row_err(im, r, c, "không đọc được số “%s”: viết theo định dạng máy, "
		    "ví dụ 1303.5 hoặc 0.42", s);
	buf_free(&hint);
	return false;
}

static bool
get_int(struct import *im, const struct row *r, int c, int lo, int hi, int *out)
{
	double d;

	if (!get_number(im, r, c, &d))
		return false;
	if (d != floor(d) || d < lo || d > hi) {
		row_err(im, r, c, "“%s” phải là số nguyên từ %d đến %d",
		    r->f[c], lo, hi);
		return false;
	}
	*out = (int)d;
	return true;
}

static bool
get_date(struct import *im, const struct row *r, int c, struct date *d)
{
	memset(d, 0, sizeof(*d));
	if (empty(r->f[c]))
		return true;
	if (date_parse(r->f[c], strlen(r->f[c]), d) == 0)
		return true;
	row_err(im, r, c, "ngày “%s” không hợp lệ: viết YYYY-MM-DD, ví dụ 2023-12-14",
	    r->f[c]);
	return false;
}

/* Look an enum name up; on failure list the accepted names. */
static bool
get_enum(struct import *im, const struct row *r, int c,
    const char *const *names, int *out)
{
	struct buf list = BUF_INIT;
	int i;

	if ((*out = model_lookup(names, r->f[c])) >= 0)
		return true;
	for (i = 0; names[i] != NULL; i++)
		buf_printf(&list, "%s%s", i ? ", " : "", names[i]);
	row_err(im, r, c, "“%s” không phải giá trị hợp lệ; dùng một trong: %s",
	    r->f[c], buf_str(&list));
	buf_free(&list);
	return false;
}

/* NFC copy of a text field, NULL when empty. */
static char *
get_text(const struct row *r, int c)
{
	return empty(r->f[c]) ? NULL : text_nfc(r->f[c], strlen(r->f[c]));
}

static void
trim(const char **s, size_t *n)
{
	while (*n > 0 && (**s == ' ' || **s == '\t'))
		(*s)++, (*n)--;
	while (*n > 0 && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t'))
		(*n)--;
}

/* A field as every path takes it (file, command line, form, API), once its
 * UTF-8 is checked: blanks trimmed at both ends. Returns its length in
 * characters, for the DATASET_MAX_FIELD limit. */
static size_t
clean_field(const char **s, size_t *n)
{
	trim(s, n);
	return *n == 0 ? 0 : text_column(*s, *n) - 1;
}

typedef void (*row_fn)(struct import *, struct row *);

/* Read dir/name and call fn for each valid row. A missing optional file is
 * not an error. */
static void
read_table(struct import *im, const char *dir, const char *name,
    const struct colspec *cols, bool optional, row_fn fn)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct csv csv;
	struct csv_row cr = { 0 };
	struct row r;
	struct stat sb;
	char chunk[65536];
	int map[64], ncols, rc, c;
	size_t i, nr, bad, ncol_header;
	const char *err;
	int errs_before = im->nerrs;
	FILE *fp;

	buf_printf(&path, "%s/%s", dir, name);
	if ((fp = fopen(buf_str(&path), "rb")) == NULL) {
		if (!(optional && errno == ENOENT))
			errorf(im, "%s: không mở được tệp (%s)%s", buf_str(&path),
			    strerror(errno), errno == ENOENT ?
			    ": tệp này bắt buộc, có thể chỉ gồm dòng tên cột" : "");
		goto out;
	}
	/* Room for the whole file at once: growing by doubling would copy
	 * hundreds of megabytes at national size. */
	if (fstat(fileno(fp), &sb) == 0 && sb.st_size > 0)
		buf_grow(&data, (size_t)sb.st_size);
	while ((nr = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&data, chunk, nr);
	if (ferror(fp))
		errorf(im, "%s: lỗi đọc tệp", buf_str(&path));
	fclose(fp);

	for (ncols = 0; cols[ncols].name != NULL; ncols++)
		;
	memset(&r, 0, sizeof(r));
	r.file = name;
	r.cols = cols;
	csv_open(&csv, buf_str(&data), data.len);
	if ((rc = csv_next(&csv, &cr, &err)) <= 0) {
		if (rc < 0)
			errorf(im, "%s:%zu: %s", name, cr.line, err);
		else
			errorf(im, "%s: tệp rỗng: cần ít nhất dòng tên cột", name);
		goto out;
	}
	/* The header: map file columns to the table, refuse unknown names. */
	ncol_header = cr.n;
	if (ncol_header > 64) {
		errorf(im, "%s:1: quá nhiều cột (%zu)", name, ncol_header);
		goto out;
	}
	for (i = 0; i < ncol_header; i++) {
		const char *h = cr.field[i];
		size_t hn = cr.flen[i];

		trim(&h, &hn);
		map[i] = -1;
		if (hn == 0)
			continue;
		for (c = 0; c < ncols; c++)
			if (strlen(cols[c].name) == hn &&
			    memcmp(cols[c].name, h, hn) == 0)
				break;
		if (c == ncols) {
			struct buf list = BUF_INIT;

			for (c = 0; c < ncols; c++)
				buf_printf(&list, "%s%s", c ? ", " : "", cols[c].name);
			errorf(im, "%s:1: cột %zu: tên cột “%.*s” không có trong định "
			    "dạng; các cột: %s", name, i + 1, (int)hn, h,
			    buf_str(&list));
			buf_free(&list);
			continue;
		}
		if (r.col[c] != 0) {
			errorf(im, "%s:1: cột %zu: cột “%s” lặp lại (đã có ở cột %d)",
			    name, i + 1, cols[c].name, r.col[c]);
			continue;
		}
		r.col[c] = (int)i + 1;
		map[i] = c;
	}
	for (c = 0; c < ncols; c++)
		if (cols[c].required && r.col[c] == 0)
			errorf(im, "%s:1: thiếu cột bắt buộc “%s”", name, cols[c].name);
	/* A bad header makes the rows unreadable; other files still get read. */
	if (im->nerrs > errs_before)
		goto out;

	while ((rc = csv_next(&csv, &cr, &err)) != 0) {
		bool ok = true;

		r.line = cr.line;
		if (rc < 0) {
			errorf(im, "%s:%zu: %s", name, cr.line, err);
			break;
		}
		if (++im->rows % 100000 == 0 && im->progress != NULL)
			im->progress(im->rows, im->parg);
		for (c = 0; c < ncols; c++)
			r.f[c] = "";
		for (i = 0; i < cr.n; i++) {
			const char *s = cr.field[i];
			size_t n = cr.flen[i];

			if (text_utf8_check(s, n, &bad) != 0) {
				errorf(im, "%s:%zu: cột %zu%s%s%s: byte không hợp lệ UTF-8 "
				    "ở ký tự thứ %zu: lưu tệp với mã hóa UTF-8", name,
				    cr.line, i + 1,
				    i < ncol_header && map[i] >= 0 ? " (" : "",
				    i < ncol_header && map[i] >= 0 ? cols[map[i]].name : "",
				    i < ncol_header && map[i] >= 0 ? ")" : "",
				    text_column(s, bad));
				ok = false;
				continue;
			}
			if (clean_field(&s, &n) > DATASET_MAX_FIELD) {
				errorf(im, "%s:%zu: cột %zu: ô dài quá %d ký tự: hãy rút "
				    "gọn", name, cr.line, i + 1, DATASET_MAX_FIELD);
				ok = false;
				continue;
			}
			/* In a file, the apostrophe export puts before text that
			 * starts like a formula comes off again. */
			csv_unguard(&s, &n);
			if (i >= ncol_header) {
				if (n > 0) {
					errorf(im, "%s:%zu: cột %zu: ô thừa “%.*s”: dòng tên "
					    "cột chỉ có %zu cột", name, cr.line, i + 1,
					    (int)n, s, ncol_header);
					ok = false;
				}
				continue;
			}
			if (map[i] < 0)
				continue;
			((char *)s)[n] = '\0';	/* the arena is ours to trim */
			r.f[map[i]] = s;
		}
		if (cr.n < ncol_header) {
			errorf(im, "%s:%zu: dòng chỉ có %zu ô, dòng tên cột có %zu cột: "
			    "thêm dấu phẩy cho các ô để trống", name, cr.line, cr.n,
			    ncol_header);
			ok = false;
		}
		if (ok)
			fn(im, &r);
		if (im->failed)
			break;
	}
out:
	csv_row_free(&cr);
	buf_free(&data);
	buf_free(&path);
}

/* Register a code; returns its index in the known array. */
static size_t
known_add(struct known **arr, size_t *n, struct hmap *m, const char *code,
    bool from_file, size_t line)
{
	size_t i;

	if (!hmap_get(m, code, &i)) {
		*arr = xrealloc(*arr, (*n + 1) * sizeof(**arr));
		memset(&(*arr)[*n], 0, sizeof(**arr));
		hmap_put(m, code, *n);
		i = (*n)++;
	}
	(*arr)[i].from_file = from_file;
	(*arr)[i].line = line;
	return i;
}

static void
sector_known(struct import *im, const char *code, const char *name)
{
	char *key;

	im->scodes = xrealloc(im->scodes, (im->nscodes + 1) * sizeof(char *));
	im->scodes[im->nscodes] = xstrdup(code);
	hmap_put(&im->sectors, code, im->nscodes);
	if ((key = text_fold(name, strlen(name))) != NULL)
		hmap_put(&im->sectors, key, im->nscodes);
	free(key);
	im->nscodes++;
}

/* A key of the current file seen twice: name the first line. */
static bool
first_time(struct import *im, const struct row *r, uint64_t key,
    const char *what)
{
	size_t old;

	if (hmap64_add(&im->keys, key, r->line, &old))
		return true;
	row_err(im, r, -1, "trùng khóa (%s) với dòng %zu: mỗi khóa chỉ một dòng",
	    what, old);
	return false;
}

/* In an import of one unit's rows (a bundle), whether the unit of column c
 * is that unit; else refused, the row named. */
static bool
in_scope(struct import *im, const struct row *r, int c)
{
	if (im->scope == NULL || strcmp(r->f[c], im->scope) == 0)
		return true;
	row_err(im, r, c, "đơn vị “%s” không phải đơn vị của gói (%s): gói chỉ "
	    "mang số liệu của đơn vị mình", r->f[c], im->scope);
	return false;
}

/* A file that an import of one unit's rows does not take (the receiving
 * database's own settings, its history of units). */
static bool
scope_refuses(struct import *im, const struct row *r, const char *what)
{
	if (im->scope == NULL)
		return false;
	row_err(im, r, -1, "gói của một đơn vị không được mang %s (đó là việc "
	    "của cơ sở dữ liệu nhận): bỏ tệp %s khỏi gói", what, r->file);
	return true;
}

/* ---- settings.csv ---- */
enum { ST_KEY, ST_VALUE };
static const struct colspec setting_cols[] = {
	{ "key", true }, { "value", true }, { NULL, false }
};

static void
setting_row(struct import *im, struct row *r)
{
	double d;

	if (scope_refuses(im, r, "thiết lập chung"))
		return;
	if (strcmp(r->f[ST_KEY], "near_threshold") != 0) {
		row_err(im, r, ST_KEY, "thiết lập “%s” không có; các thiết lập: "
		    "near_threshold", r->f[ST_KEY]);
		return;
	}
	if (!get_number(im, r, ST_VALUE, &d))
		return;
	if (d < 50 || d >= 100) {
		row_err(im, r, ST_VALUE, "near_threshold phải từ 50 đến dưới 100");
		return;
	}
	if (im->nerrs == 0 && store_put_setting(im->store, r->f[ST_KEY],
	    r->f[ST_VALUE]) != 0)
		store_failed(im);
	im->counts->settings++;
}

/* ---- cutoffs.csv ---- */
enum { CO_KIND, CO_SOFF, CO_SDAY, CO_EOFF, CO_EDAY };
static const struct colspec cutoff_cols[] = {
	{ "kind", true }, { "start_offset", true }, { "start_day", true },
	{ "end_offset", true }, { "end_day", true }, { NULL, false }
};

static void
cutoff_row(struct import *im, struct row *r)
{
	struct cutoff c;
	int k;

	if (scope_refuses(im, r, "mốc chốt số liệu"))
		return;
	if (!get_enum(im, r, CO_KIND, period_kind_names, &k) ||
	    !first_time(im, r, (uint64_t)k, "kind") ||
	    !get_int(im, r, CO_SOFF, -12, 12, &c.start_offset) ||
	    !get_int(im, r, CO_SDAY, 1, 31, &c.start_day) ||
	    !get_int(im, r, CO_EOFF, -12, 12, &c.end_offset) ||
	    !get_int(im, r, CO_EDAY, 1, 31, &c.end_day))
		return;
	c.kind = (enum period_kind)k;
	if (im->nerrs == 0 && store_put_cutoff(im->store, &c) != 0)
		store_failed(im);
	im->counts->cutoffs++;
}

/* ---- sectors.csv ---- */
enum { SC_CODE, SC_NAME, SC_ORD };
static const struct colspec sector_cols[] = {
	{ "code", true }, { "name", true }, { "ord", false }, { NULL, false }
};

static void
sector_row(struct import *im, struct row *r)
{
	struct sector s = { 0 };

	if (!check_code(im, r, SC_CODE))
		return;
	if (empty(r->f[SC_NAME])) {
		row_err(im, r, SC_NAME, "thiếu tên lĩnh vực");
		return;
	}
	s.ord = 100 + (int)r->line;
	if (!empty(r->f[SC_ORD]) && !get_int(im, r, SC_ORD, 0, 100000, &s.ord))
		return;
	s.code = (char *)r->f[SC_CODE];
	/* One unit's import keeps the sectors the database has as they are. */
	if (im->scope != NULL && hmap_get(&im->sectors, s.code, NULL))
		return;
	s.name = get_text(r, SC_NAME);
	sector_known(im, s.code, s.name);
	if (im->nerrs == 0 && store_put_sector(im->store, &s) != 0)
		store_failed(im);
	im->counts->sectors++;
	free(s.name);
}

static struct pending *
pending_new(struct import *im, const struct row *r)
{
	struct pending *p;

	im->pend = xrealloc(im->pend, (im->npend + 1) * sizeof(*im->pend));
	p = &im->pend[im->npend++];
	memset(p, 0, sizeof(*p));
	p->line = r->line;
	return p;
}

static void
pending_free(struct import *im)
{
	size_t k;

	for (k = 0; k < im->npend; k++) {
		unit_free(&im->pend[k].u);
		indicator_free(&im->pend[k].i);
		free(im->pend[k].key);
	}
	free(im->pend);
	im->pend = NULL;
	im->npend = 0;
}

/* ---- units.csv ---- */
enum { U_CODE, U_NAME, U_KIND, U_PARENT, U_FROM, U_TO };
static const struct colspec unit_cols[] = {
	{ "code", true }, { "name", true }, { "kind", true }, { "parent", false },
	{ "valid_from", false }, { "valid_to", false }, { NULL, false }
};

static void
unit_row(struct import *im, struct row *r)
{
	struct date from, to;
	struct pending *p;
	char *kind;
	size_t i;
	bool ok = true;

	if (!check_code(im, r, U_CODE))
		return;
	if (hmap_get(&im->units, r->f[U_CODE], &i) && im->ukn[i].from_file) {
		row_err(im, r, U_CODE, "mã đơn vị “%s” trùng với dòng %zu",
		    r->f[U_CODE], im->ukn[i].line);
		return;
	}
	if (empty(r->f[U_NAME])) {
		row_err(im, r, U_NAME, "thiếu tên đơn vị");
		ok = false;
	}
	kind = text_fold(r->f[U_KIND], strlen(r->f[U_KIND]));
	if (kind == NULL || !text_unit_kind_known(kind)) {
		row_err(im, r, U_KIND, "loại đơn vị “%s” không rõ; dùng: tỉnh, thành "
		    "phố, huyện, quận, thị xã, xã, phường, thị trấn, đặc khu",
		    r->f[U_KIND]);
		ok = false;
	}
	free(kind);
	if (!empty(r->f[U_PARENT]) && !check_code(im, r, U_PARENT))
		ok = false;
	if (!get_date(im, r, U_FROM, &from) || !get_date(im, r, U_TO, &to) || !ok)
		return;
	if (date_isset(&from) && date_isset(&to) && date_cmp(&from, &to) > 0) {
		row_err(im, r, U_TO, "ngày hết hiệu lực trước ngày bắt đầu");
		return;
	}
	p = pending_new(im, r);
	p->u.code = xstrdup(r->f[U_CODE]);
	p->u.name = get_text(r, U_NAME);
	p->u.kind = get_text(r, U_KIND);
	p->u.parent = empty(r->f[U_PARENT]) ? NULL : xstrdup(r->f[U_PARENT]);
	p->u.valid_from = from;
	p->u.valid_to = to;
	p->key = text_fold(p->u.name, strlen(p->u.name));
	p->parent_col = r->col[U_PARENT];
	known_add(&im->ukn, &im->nukn, &im->units, p->u.code, true, r->line);
}

/* One unit's import: which rows of units.csv to write (keep[k]). They
 * must be that unit and the units above it (the chain of parents from it
 * within the file); of these, those the database has stay as it has them. */
static void
units_scope(struct import *im, bool *keep)
{
	bool *chain = xcalloc(im->npend + 1, sizeof(*chain));
	const char *code = im->scope;
	size_t k, j;

	while (code != NULL) {
		for (j = 0; j < im->npend && strcmp(im->pend[j].u.code, code) != 0;
		    j++)
			;
		if (j == im->npend || chain[j])
			break;
		chain[j] = true;
		code = im->pend[j].u.parent;
	}
	for (k = 0; k < im->npend; k++) {
		if (!chain[k])
			errorf(im, "units.csv:%zu: đơn vị “%s” không phải đơn vị của gói "
			    "(%s) hay cấp trên của nó: gói chỉ mang đơn vị mình",
			    im->pend[k].line, im->pend[k].u.code, im->scope);
		keep[k] = chain[k] && hmap_get(&im->units, im->pend[k].u.code, &j) &&
		    !im->ukn[j].in_db;
	}
	if (!hmap_get(&im->units, im->scope, NULL))
		errorf(im, "units.csv: không có đơn vị %s của gói, trong tệp hay trong "
		    "cơ sở dữ liệu", im->scope);
	free(chain);
}

/* Parents exist and form no cycle. The walk up goes through a map of the
 * file's codes (a search of the list at every step took seconds at national
 * size: 14,000 units); it gives each unit its depth in the file, for
 * units_write. The units stay pending: the unit changes may end some. */
static void
units_check(struct import *im)
{
	size_t k, j, steps;
	const char *code;
	bool *keep;

	for (k = 0; k < im->npend; k++)
		hmap_put(&im->pend_units, im->pend[k].u.code, k);
	for (k = 0; k < im->npend; k++) {
		struct pending *p = &im->pend[k];

		if (p->u.parent == NULL)
			continue;
		if (!hmap_get(&im->units, p->u.parent, NULL)) {
			errorf(im, "units.csv:%zu: cột %d (parent): đơn vị cấp trên "
			    "“%s” không có trong tệp hay trong cơ sở dữ liệu", p->line,
			    p->parent_col, p->u.parent);
			continue;
		}
		/* Walk up within this file; a loop shows as too many steps. */
		code = p->u.parent;
		for (steps = 0; code != NULL && steps <= im->npend; steps++)
			code = hmap_get(&im->pend_units, code, &j) ?
			    im->pend[j].u.parent : NULL;
		if (steps > im->npend)
			errorf(im, "units.csv:%zu: cột %d (parent): quan hệ cấp trên "
			    "tạo vòng lặp qua “%s”", p->line, p->parent_col, p->u.code);
		p->depth = steps;
		if (steps > im->maxdepth)
			im->maxdepth = steps;
	}
	/* One unit's import (a bundle): only its unit and those above it
	 * that the database lacks are written. */
	if (im->scope != NULL) {
		keep = xcalloc(im->npend + 1, sizeof(*keep));
		units_scope(im, keep);
		for (k = 0; k < im->npend; k++)
			im->pend[k].skip = !keep[k];
		free(keep);
	}
}

/* Write the units of units.csv, each after its parent (by depth in the
 * file, then in the file's order): a unit written before its parent is a
 * deferred foreign key violation until the parent comes, and while one is
 * pending SQLite looks for the children of every unit it inserts — a scan
 * of the whole table each time. */
static void
units_write(struct import *im)
{
	size_t d, k;

	for (d = 0; d <= im->maxdepth && im->nerrs == 0 && !im->failed; d++)
		for (k = 0; k < im->npend; k++) {
			if (im->pend[k].depth != d || im->pend[k].skip)
				continue;
			if (store_put_unit(im->store, &im->pend[k].u,
			    im->pend[k].key) != 0) {
				store_failed(im);
				break;
			}
			im->counts->units++;
		}
	hmap_free(&im->pend_units);
	pending_free(im);
}

/* ---- unit_changes.csv ---- */
enum { C_DATE, C_FROM, C_TO, C_SHARE };
static const struct colspec change_cols[] = {
	{ "date", true }, { "from", true }, { "to", true }, { "share", false },
	{ NULL, false }
};

static void
change_row(struct import *im, struct row *r)
{
	struct unit_change c;
	struct pchange *p;
	struct buf key = BUF_INIT;
	size_t i;
	bool ok = true;

	if (scope_refuses(im, r, "sắp xếp đơn vị hành chính"))
		return;
	memset(&c, 0, sizeof(c));
	c.share = 100;
	if (empty(r->f[C_DATE])) {
		row_err(im, r, C_DATE, "thiếu ngày bắt đầu sắp xếp mới (YYYY-MM-DD)");
		ok = false;
	} else if (!get_date(im, r, C_DATE, &c.date))
		ok = false;
	for (i = C_FROM; i <= C_TO; i++) {
		if (!check_code(im, r, (int)i))
			ok = false;
		else if (!hmap_get(&im->units, r->f[i], NULL)) {
			row_err(im, r, (int)i, "đơn vị “%s” không có trong units.csv hay "
			    "trong cơ sở dữ liệu", r->f[i]);
			ok = false;
		}
	}
	if (!empty(r->f[C_SHARE])) {
		if (!get_number(im, r, C_SHARE, &c.share))
			ok = false;
		else if (c.share <= 0 || c.share > 100) {
			row_err(im, r, C_SHARE, "tỷ lệ “%s” phải lớn hơn 0 và không quá "
			    "100 (%%)", r->f[C_SHARE]);
			ok = false;
		}
	}
	if (!ok)
		return;
	buf_printf(&key, "%s|%s|%s", r->f[C_DATE], r->f[C_FROM], r->f[C_TO]);
	if (hmap_get(&im->chkeys, buf_str(&key), &i)) {
		row_err(im, r, -1, "trùng khóa (date, from, to) với dòng %zu: mỗi "
		    "khóa chỉ một dòng", im->chg[i].line);
		buf_free(&key);
		return;
	}
	hmap_put(&im->chkeys, buf_str(&key), im->nchg);
	buf_free(&key);
	im->chg = xrealloc(im->chg, (im->nchg + 1) * sizeof(*im->chg));
	p = &im->chg[im->nchg++];
	p->c = c;
	p->c.from = xstrdup(r->f[C_FROM]);
	p->c.to = xstrdup(r->f[C_TO]);
	p->line = r->line;
	p->share_col = r->col[C_SHARE];
}

/* The key of a change's group: its date and its from unit. */
static const char *
group_key(struct buf *k, const struct unit_change *c)
{
	buf_reset(k);
	date_format_iso(k, &c->date);
	buf_printf(k, "|%s", c->from);
	return buf_str(k);
}

/* A unit ended on valid_to and by a change p the day before end. */
static void
end_conflict(struct import *im, const struct pchange *p,
    const struct date *valid_to, const struct date *end)
{
	struct buf a = BUF_INIT, b = BUF_INIT;

	date_format_iso(&a, valid_to);
	date_format_iso(&b, end);
	errorf(im, "unit_changes.csv:%zu: đơn vị “%s” hết hiệu lực ngày %s "
	    "(valid_to trong units.csv), nhưng nhập vào đơn vị khác từ ngày sau "
	    "%s: sửa một trong hai", p->line, p->c.from, buf_str(&a), buf_str(&b));
	buf_free(&a);
	buf_free(&b);
}

/* A unit that is a from on a date and not its own to ends the day before:
 * set its valid_to, or refuse one that says otherwise. */
static void
end_unit(struct import *im, const struct pchange *p)
{
	struct date end = date_prev_day(&p->c.date);
	struct unit *u = NULL;
	size_t n = 0, k;
	char *key;

	/* A unit of units.csv: ended there, before it is written. */
	if (hmap_get(&im->pend_units, p->c.from, &k)) {
		struct unit *pu = &im->pend[k].u;

		if (!date_isset(&pu->valid_to))
			pu->valid_to = end;
		else if (date_cmp(&pu->valid_to, &end) != 0)
			end_conflict(im, p, &pu->valid_to, &end);
		return;
	}
	if (store_find_units(im->store, p->c.from, NULL, NULL, &u, &n) != 0) {
		store_failed(im);
		return;
	}
	for (k = 0; k < n; k++) {
		if (strcmp(u[k].code, p->c.from) != 0)
			continue;
		if (date_isset(&u[k].valid_to)) {
			if (date_cmp(&u[k].valid_to, &end) != 0)
				end_conflict(im, p, &u[k].valid_to, &end);
			continue;
		}
		u[k].valid_to = end;
		key = text_fold(u[k].name, strlen(u[k].name));
		if (store_put_unit(im->store, &u[k], key) != 0)
			store_failed(im);
		free(key);
	}
	store_free_units(u, n);
}

/* One date and from unit of unit_changes.csv: its shares, file and stored. */
struct cgroup {
	size_t		 first;		/* index into chg of its first line */
	size_t		 last;		/* its last line in the file */
	double		 sum;
	bool		 self;		/* from is one of its own to */
};

/* The shares of each from on each date, with those already stored, add up
 * to 100; then write, and end the units that were merged or split. Groups
 * are found through a map (10,000 lines at national size). */
static void
changes_done(struct import *im)
{
	struct unit_change *db = NULL;
	struct cgroup *g = NULL;
	struct hmap groups = { 0 };	/* date|from -> index into g */
	struct buf k = BUF_INIT, d = BUF_INIT;
	size_t ndb = 0, ng = 0, i, j;

	if (im->nchg == 0)
		goto out;
	if (store_unit_changes(im->store, &db, &ndb) != 0) {
		store_failed(im);
		goto out;
	}
	g = xcalloc(im->nchg, sizeof(*g));
	for (i = 0; i < im->nchg; i++) {
		const struct pchange *p = &im->chg[i];

		if (!hmap_get(&groups, group_key(&k, &p->c), &j)) {
			j = ng++;
			hmap_put(&groups, buf_str(&k), j);
			g[j].first = i;
		}
		g[j].sum += p->c.share;
		g[j].last = p->line;
		g[j].self |= strcmp(p->c.to, p->c.from) == 0;
	}
	for (i = 0; i < ndb; i++) {
		if (!hmap_get(&groups, group_key(&k, &db[i]), &j))
			continue;
		buf_printf(&k, "|%s", db[i].to);
		if (hmap_get(&im->chkeys, buf_str(&k), NULL))
			continue;	/* replaced by the file's line */
		g[j].sum += db[i].share;
		g[j].self |= strcmp(db[i].to, db[i].from) == 0;
	}
	for (j = 0; j < ng; j++) {
		const struct pchange *p = &im->chg[g[j].first];

		if (fabs(g[j].sum - 100.0) > 1e-6) {
			buf_reset(&d);
			date_format_iso(&d, &p->c.date);
			buf_reset(&k);
			num_format_machine(&k, g[j].sum);
			if (p->share_col > 0)
				errorf(im, "unit_changes.csv:%zu: cột %d (share): tỷ lệ "
				    "chuyển của đơn vị “%s” ngày %s cộng lại %s%%, phải "
				    "đủ 100%%", g[j].last, p->share_col, p->c.from,
				    buf_str(&d), buf_str(&k));
			else
				errorf(im, "unit_changes.csv:%zu: đơn vị “%s” ngày %s "
				    "chuyển cho nhiều đơn vị, mỗi dòng mặc định 100%% "
				    "(cộng lại %s%%): thêm cột share", g[j].last, p->c.from,
				    buf_str(&d), buf_str(&k));
			continue;
		}
		if (!g[j].self && im->nerrs == 0)
			end_unit(im, p);
	}
out:
	store_free_unit_changes(db, ndb);
	hmap_free(&groups);
	free(g);
	buf_free(&k);
	buf_free(&d);
}

/* Write the lines of unit_changes.csv (after their units). */
static void
changes_write(struct import *im)
{
	size_t i;

	for (i = 0; i < im->nchg && im->nerrs == 0 && !im->failed; i++) {
		if (store_put_unit_change(im->store, &im->chg[i].c) != 0) {
			store_failed(im);
			break;
		}
		im->counts->unit_changes++;
	}
	for (i = 0; i < im->nchg; i++)
		unit_change_free(&im->chg[i].c);
	free(im->chg);
	im->chg = NULL;
	im->nchg = 0;
}

/* ---- indicators.csv ---- */
enum { I_CODE, I_NAME, I_SECTOR, I_UOM, I_KIND, I_PARENT, I_TAGG, I_UAGG,
    I_DEC, I_ORD };
static const struct colspec ind_cols[] = {
	{ "code", true }, { "name", true }, { "sector", true }, { "uom", false },
	{ "kind", true }, { "parent", false }, { "time_agg", false },
	{ "unit_agg", false }, { "decimals", false }, { "ord", false },
	{ NULL, false }
};

static void
ind_row(struct import *im, struct row *r)
{
	struct pending *p;
	char *skey;
	size_t i, sidx;
	int kind, tagg, uagg, dec = -1, ord = (int)r->line;

	if (!check_code(im, r, I_CODE))
		return;
	if (hmap_get(&im->inds, r->f[I_CODE], &i) && im->ikn[i].from_file) {
		row_err(im, r, I_CODE, "mã chỉ tiêu “%s” trùng với dòng %zu",
		    r->f[I_CODE], im->ikn[i].line);
		return;
	}
	/* One unit's import keeps the indicators the database has as they
	 * are (their kind too, which the later rows are checked against). */
	if (im->scope != NULL && hmap_get(&im->inds, r->f[I_CODE], &i) &&
	    im->ikn[i].in_db) {
		im->ikn[i].from_file = true;
		im->ikn[i].line = r->line;
		return;
	}
	if (empty(r->f[I_NAME])) {
		row_err(im, r, I_NAME, "thiếu tên chỉ tiêu");
		return;
	}
	skey = text_fold(r->f[I_SECTOR], strlen(r->f[I_SECTOR]));
	if (!hmap_get(&im->sectors, r->f[I_SECTOR], &sidx) &&
	    (skey == NULL || !hmap_get(&im->sectors, skey, &sidx))) {
		row_err(im, r, I_SECTOR, "lĩnh vực “%s” không có: dùng kinh-te, "
		    "van-hoa-xa-hoi, quoc-phong-an-ninh, noi-chinh hoặc khai báo "
		    "trong sectors.csv", r->f[I_SECTOR]);
		free(skey);
		return;
	}
	free(skey);
	if (!get_enum(im, r, I_KIND, kind_names, &kind))
		return;
	/* Defaults follow the kind (docs/formats.md). */
	tagg = kind == KIND_QUANTITY ? TIME_FLOW : kind == KIND_RATE ? TIME_RATE :
	    TIME_STOCK;
	uagg = kind == KIND_QUANTITY ? UAGG_SUM : kind == KIND_RATE ? UAGG_RATIO :
	    UAGG_NONE;
	if ((!empty(r->f[I_TAGG]) &&
	    !get_enum(im, r, I_TAGG, time_agg_names, &tagg)) ||
	    (!empty(r->f[I_UAGG]) &&
	    !get_enum(im, r, I_UAGG, unit_agg_names, &uagg)) ||
	    (!empty(r->f[I_DEC]) && !get_int(im, r, I_DEC, 0, 6, &dec)) ||
	    (!empty(r->f[I_ORD]) && !get_int(im, r, I_ORD, 0, 1000000, &ord)))
		return;
	if (!empty(r->f[I_PARENT]) && !check_code(im, r, I_PARENT))
		return;
	if (kind == KIND_COMPOUND && !empty(r->f[I_PARENT])) {
		row_err(im, r, I_PARENT, "chỉ tiêu gộp không thể là con của chỉ "
		    "tiêu gộp khác");
		return;
	}
	p = pending_new(im, r);
	p->i.code = xstrdup(r->f[I_CODE]);
	p->i.name = get_text(r, I_NAME);
	p->i.sector = xstrdup(im->scodes[sidx]);
	p->i.uom = get_text(r, I_UOM);
	p->i.kind = (enum ind_kind)kind;
	p->i.tagg = (enum time_agg)tagg;
	p->i.uagg = (enum unit_agg)uagg;
	p->i.decimals = dec;
	p->i.ord = ord;
	p->i.parent = empty(r->f[I_PARENT]) ? NULL : xstrdup(r->f[I_PARENT]);
	p->parent_col = r->col[I_PARENT];
	i = known_add(&im->ikn, &im->nikn, &im->inds, p->i.code, true, r->line);
	im->ikn[i].kind = p->i.kind;
	im->ikn[i].has_parent = p->i.parent != NULL;
}

static void
inds_done(struct import *im)
{
	size_t k, j;

	for (k = 0; k < im->npend; k++) {
		struct pending *p = &im->pend[k];

		if (p->i.parent == NULL)
			continue;
		if (!hmap_get(&im->inds, p->i.parent, &j))
			errorf(im, "indicators.csv:%zu: cột %d (parent): chỉ tiêu gộp "
			    "“%s” không có", p->line, p->parent_col, p->i.parent);
		else if (im->ikn[j].kind != KIND_COMPOUND)
			errorf(im, "indicators.csv:%zu: cột %d (parent): “%s” không "
			    "phải chỉ tiêu gộp (kind compound)", p->line, p->parent_col,
			    p->i.parent);
	}
	for (k = 0; k < im->npend && im->nerrs == 0; k++) {
		if (store_put_indicator(im->store, &im->pend[k].i) != 0) {
			store_failed(im);
			break;
		}
		im->counts->indicators++;
	}
	pending_free(im);
}

/* A unit and an indicator that exist, the indicator not a compound. */
static bool
get_refs(struct import *im, const struct row *r, int uc, int ic,
    size_t *ui, size_t *ii)
{
	bool ok = true;

	if (!hmap_get(&im->units, r->f[uc], ui)) {
		if (r->xname != NULL)
			row_err(im, r, uc, "đơn vị “%s” không phải mã đơn vị trong cơ "
			    "sở dữ liệu, cũng không được ánh xạ trong tệp --map (kind "
			    "unit)", r->f[uc]);
		else
			row_err(im, r, uc, "mã đơn vị “%s” không có trong units.csv "
			    "hay trong cơ sở dữ liệu", r->f[uc]);
		ok = false;
	}
	if (!hmap_get(&im->inds, r->f[ic], ii)) {
		if (r->xname != NULL)
			row_err(im, r, ic, "chỉ tiêu “%s” không phải mã chỉ tiêu trong "
			    "cơ sở dữ liệu, cũng không được ánh xạ trong tệp --map "
			    "(kind indicator)", r->f[ic]);
		else
			row_err(im, r, ic, "mã chỉ tiêu “%s” không có trong "
			    "indicators.csv hay trong cơ sở dữ liệu", r->f[ic]);
		ok = false;
	} else if (im->ikn[*ii].kind == KIND_COMPOUND) {
		row_err(im, r, ic, "“%s” là chỉ tiêu gộp: ghi cho từng chỉ tiêu con",
		    r->f[ic]);
		ok = false;
	}
	return ok;
}

/* ---- targets.csv ---- */
enum { T_UNIT, T_IND, T_YEAR, T_SHAPE, T_VALUE, T_VALUE2, T_TEXT, T_SOURCE,
    T_SEQ };
static const struct colspec target_cols[] = {
	{ "unit", true }, { "indicator", true }, { "year", true },
	{ "shape", true }, { "value", false }, { "value2", false },
	{ "text", false }, { "source", false }, { "seq", false },
	{ NULL, false }
};

static void
target_row(struct import *im, struct row *r)
{
	struct target t;
	size_t ui, ii;
	int shape;
	enum ind_kind kind;
	bool yesno;

	memset(&t, 0, sizeof(t));
	if (!in_scope(im, r, T_UNIT) || !get_refs(im, r, T_UNIT, T_IND, &ui, &ii) ||
	    !get_int(im, r, T_YEAR, 1900, 2200, &t.year) ||
	    !get_enum(im, r, T_SHAPE, shape_names, &shape) ||
	    !first_time(im, r, ((uint64_t)ui << 40) | ((uint64_t)ii << 16) |
	    (uint64_t)t.year, "unit, indicator, year"))
		return;
	t.shape = (enum shape)shape;
	kind = im->ikn[ii].kind;
	yesno = kind == KIND_YESNO || kind == KIND_QUALITATIVE;
	if (yesno != (t.shape == SHAPE_QUALITATIVE)) {
		row_err(im, r, T_SHAPE, yesno ? "chỉ tiêu “%s” là loại có/không hoặc "
		    "định tính: dùng dạng qualitative" : "dạng qualitative chỉ dùng "
		    "cho chỉ tiêu loại yesno hoặc qualitative (“%s” là %s)",
		    r->f[T_IND], kind_names[kind]);
		return;
	}
	if (!empty(r->f[T_VALUE])) {
		if (!get_number(im, r, T_VALUE, &t.value))
			return;
		t.has_value = true;
	}
	if (!empty(r->f[T_VALUE2])) {
		if (!get_number(im, r, T_VALUE2, &t.value2))
			return;
		t.has_value2 = true;
	}
	if (t.shape != SHAPE_QUALITATIVE && !t.has_value) {
		row_err(im, r, T_VALUE, "thiếu mức chỉ tiêu cho dạng %s",
		    shape_names[t.shape]);
		return;
	}
	if (t.shape == SHAPE_RANGE && (!t.has_value2 || t.value2 < t.value)) {
		row_err(im, r, T_VALUE2, "dạng range cần cận trên value2 không nhỏ "
		    "hơn cận dưới value");
		return;
	}
	if (t.shape != SHAPE_RANGE && t.has_value2) {
		row_err(im, r, T_VALUE2, "value2 chỉ dùng cho dạng range");
		return;
	}
	if (t.shape == SHAPE_REDUCTION && t.value <= 0) {
		row_err(im, r, T_VALUE, "mức giảm phải lớn hơn 0");
		return;
	}
	if (t.shape == SHAPE_GROWTH && t.value <= -100) {
		row_err(im, r, T_VALUE, "mức tăng phải lớn hơn -100%%");
		return;
	}
	if (t.shape != SHAPE_GROWTH && t.has_value && t.value < 0) {
		row_err(im, r, T_VALUE, "mức chỉ tiêu không được âm");
		return;
	}
	if (kind == KIND_RATE && t.shape != SHAPE_GROWTH &&
	    t.shape != SHAPE_REDUCTION && (t.value > 100 || t.value2 > 100)) {
		row_err(im, r, T_VALUE, "chỉ tiêu tỷ lệ phải trong khoảng 0–100 (%%)");
		return;
	}
	if (im->nerrs > 0)
		return;
	t.unit = (char *)r->f[T_UNIT];
	t.indicator = (char *)r->f[T_IND];
	t.text = get_text(r, T_TEXT);
	t.source = get_text(r, T_SOURCE);
	t.seq = get_text(r, T_SEQ);
	if ((im->bulk ? store_bulk_target(im->store, &t) :
	    store_put_target(im->store, &t)) != 0)
		store_failed(im);
	im->counts->targets++;
	if (t.year > im->counts->last_target_year)
		im->counts->last_target_year = t.year;
	free(t.text);
	free(t.source);
	free(t.seq);
}

/* ---- values.csv ---- */
enum { V_UNIT, V_IND, V_PERIOD, V_VALUE, V_NUM, V_DEN, V_STATUS, V_ASOF,
    V_NOTE };
static const struct colspec value_cols[] = {
	{ "unit", true }, { "indicator", true }, { "period", true },
	{ "value", false }, { "numerator", false }, { "denominator", false },
	{ "status", false }, { "as_of", false }, { "note", false },
	{ NULL, false }
};

/* Words accepted for yes/no and qualitative values, folded. */
static int
yesno_value(const char *s)
{
	static const char *const yes[] = { "1", "co", "dat", "yes", "true", NULL };
	static const char *const no[] = { "0", "khong", "khong dat", "no",
	    "false", NULL };
	char *f = text_fold(s, strlen(s));
	int v = -1, i;

	for (i = 0; f != NULL && yes[i] != NULL; i++)
		if (strcmp(f, yes[i]) == 0)
			v = 1;
	for (i = 0; f != NULL && no[i] != NULL; i++)
		if (strcmp(f, no[i]) == 0)
			v = 0;
	free(f);
	return v;
}

static bool
value_figures(struct import *im, const struct row *r, enum ind_kind kind,
    struct value *v)
{
	bool hn = !empty(r->f[V_NUM]), hd = !empty(r->f[V_DEN]);
	int yn;

	if (kind == KIND_YESNO || kind == KIND_QUALITATIVE) {
		if ((yn = yesno_value(r->f[V_VALUE])) < 0) {
			row_err(im, r, V_VALUE, "giá trị “%s” không hợp lệ cho chỉ tiêu "
			    "có/không: dùng 1 hoặc 0 (có/không, đạt/không đạt)",
			    r->f[V_VALUE]);
			return false;
		}
		if (hn || hd) {
			row_err(im, r, hn ? V_NUM : V_DEN, "tử số/mẫu số chỉ dùng cho "
			    "chỉ tiêu tỷ lệ");
			return false;
		}
		v->has_value = true;
		v->value = yn;
		return true;
	}
	if (!empty(r->f[V_VALUE])) {
		if (!get_number(im, r, V_VALUE, &v->value))
			return false;
		v->has_value = true;
	}
	if (hn || hd) {
		if (kind != KIND_RATE) {
			row_err(im, r, hn ? V_NUM : V_DEN, "tử số/mẫu số chỉ dùng cho "
			    "chỉ tiêu tỷ lệ (kind rate)");
			return false;
		}
		if (!hn || !hd) {
			row_err(im, r, hn ? V_DEN : V_NUM, "cần cả tử số và mẫu số");
			return false;
		}
		if (!get_number(im, r, V_NUM, &v->num) ||
		    !get_number(im, r, V_DEN, &v->den))
			return false;
		if (v->den <= 0) {
			row_err(im, r, V_DEN, "mẫu số phải lớn hơn 0");
			return false;
		}
		if (v->num < 0) {
			row_err(im, r, V_NUM, "tử số không được âm");
			return false;
		}
		if (v->num > v->den) {
			row_err(im, r, V_NUM, "tử số %s lớn hơn mẫu số %s: một tỷ lệ "
			    "không thể vượt 100%%", r->f[V_NUM], r->f[V_DEN]);
			return false;
		}
		v->has_ratio = true;
	}
	if (!v->has_value && !v->has_ratio) {
		row_err(im, r, V_VALUE, "thiếu giá trị");
		return false;
	}
	if (v->has_value && v->value < 0) {
		row_err(im, r, V_VALUE, "%s không được âm (“%s”)", kind == KIND_RATE ?
		    "tỷ lệ" : "số lượng", r->f[V_VALUE]);
		return false;
	}
	if (kind == KIND_RATE && v->has_value && v->value > 100) {
		row_err(im, r, V_VALUE, "tỷ lệ %s%% vượt 100%%", r->f[V_VALUE]);
		return false;
	}
	if (v->has_value && v->has_ratio) {
		/* The stated value must agree with its fraction to its decimals. */
		const char *dot = strchr(r->f[V_VALUE], '.');
		int dec = dot ? (int)strlen(dot + 1) : 0;
		double want = v->num / v->den * 100.0;

		if (fabs(v->value - want) > 0.5 * pow(10, -dec) + 1e-9) {
			struct buf w = BUF_INIT;

			num_format_machine(&w, num_round(want, dec > 2 ? dec : 2));
			row_err(im, r, V_VALUE, "giá trị %s không khớp tử số/mẫu số "
			    "%s/%s = %s", r->f[V_VALUE], r->f[V_NUM], r->f[V_DEN],
			    buf_str(&w));
			buf_free(&w);
			return false;
		}
	}
	return true;
}

static void
value_row(struct import *im, struct row *r)
{
	struct value v;
	size_t ui, ii;
	const char *st;
	enum ind_kind kind;

	memset(&v, 0, sizeof(v));
	if (!in_scope(im, r, V_UNIT) || !get_refs(im, r, V_UNIT, V_IND, &ui, &ii))
		return;
	if (period_parse(r->f[V_PERIOD], strlen(r->f[V_PERIOD]), &v.period) != 0) {
		row_err(im, r, V_PERIOD, "kỳ “%s” không hợp lệ: viết 2023, 2023-H1, "
		    "2023-Q3, 2023-M09 hoặc 2023-9M", r->f[V_PERIOD]);
		return;
	}
	if (!first_time(im, r, ((uint64_t)ui << 40) | ((uint64_t)ii << 16) |
	    (uint64_t)((v.period.year - 1900) & 0x1ff) << 7 |
	    (uint64_t)(v.period.kind * 13 + v.period.n), "unit, indicator, period"))
		return;
	kind = im->ikn[ii].kind;
	if (!value_figures(im, r, kind, &v))
		return;
	st = r->f[V_STATUS];
	if (empty(st) || strcmp(st, "final") == 0 || strcmp(st, "chính thức") == 0)
		v.status = STATUS_FINAL;
	else if (strcmp(st, "estimate") == 0 || strcmp(st, "ước") == 0)
		v.status = STATUS_ESTIMATE;
	else {
		row_err(im, r, V_STATUS, "trạng thái “%s” không hợp lệ: dùng final "
		    "(chính thức) hoặc estimate (ước)", st);
		return;
	}
	if (!get_date(im, r, V_ASOF, &v.as_of) || im->nerrs > 0)
		return;
	v.unit = (char *)r->f[V_UNIT];
	v.indicator = (char *)r->f[V_IND];
	v.note = get_text(r, V_NOTE);
	v.version = im->expect != NULL ? im->expect[im->rowi] : 0;
	switch (im->bulk ? store_bulk_value(im->store, &v) :
	    store_put_value(im->store, &v)) {
	case 0:
		break;
	case STORE_CONFLICT:
		im->nconflicts++;
		if (im->conflict != NULL)
			im->conflict[im->rowi] = true;
		break;
	default:
		store_failed(im);
	}
	im->counts->values++;
	free(v.note);
}

/* ---- report_settings.csv ---- */
enum { RS_UNIT, RS_PERIOD, RS_KEY, RS_VALUE };
static const struct colspec rsetting_cols[] = {
	{ "unit", true }, { "period", false }, { "key", true }, { "value", true },
	{ NULL, false }
};
static const char *const rsetting_keys[] = {
	"agency_parent", "agency", "number", "place", "date", "council",
	"sign_authority", "sign_title", "signer", "recipient", NULL
};

static void
rsetting_row(struct import *im, struct row *r)
{
	struct buf key = BUF_INIT;
	struct period p;
	struct date d;
	size_t seq = 0;
	int k;
	char *v;

	if (!in_scope(im, r, RS_UNIT))
		return;
	if (!hmap_get(&im->units, r->f[RS_UNIT], NULL)) {
		row_err(im, r, RS_UNIT, "mã đơn vị “%s” không có", r->f[RS_UNIT]);
		return;
	}
	if (!empty(r->f[RS_PERIOD]) && period_parse(r->f[RS_PERIOD],
	    strlen(r->f[RS_PERIOD]), &p) != 0) {
		row_err(im, r, RS_PERIOD, "kỳ “%s” không hợp lệ: để trống (mọi "
		    "kỳ) hoặc viết 2023, 2023-H1, 2023-Q3, 2023-M09, 2023-9M",
		    r->f[RS_PERIOD]);
		return;
	}
	if (!get_enum(im, r, RS_KEY, rsetting_keys, &k))
		return;
	if (strcmp(r->f[RS_KEY], "date") == 0 && date_parse(r->f[RS_VALUE], strlen(r->f[RS_VALUE]), &d) != 0) {
		row_err(im, r, RS_VALUE, "ngày “%s” không hợp lệ: viết YYYY-MM-DD",
		    r->f[RS_VALUE]);
		return;
	}
	/* Repeated keys (recipients) keep the order of the file. */
	buf_printf(&key, "%s\x1f%s\x1f%s", r->f[RS_UNIT], r->f[RS_PERIOD],
	    r->f[RS_KEY]);
	if (hmap_get(&im->seqs, buf_str(&key), &seq) &&
	    strcmp(r->f[RS_KEY], "recipient") != 0) {
		row_err(im, r, RS_KEY, "khóa “%s” lặp lại cho cùng đơn vị và kỳ "
		    "(chỉ recipient được lặp)", r->f[RS_KEY]);
		buf_free(&key);
		return;
	}
	hmap_put(&im->seqs, buf_str(&key), seq + 1);
	buf_free(&key);
	v = get_text(r, RS_VALUE);
	if (im->nerrs == 0 && store_put_report_setting(im->store, r->f[RS_UNIT],
	    r->f[RS_PERIOD], r->f[RS_KEY], (int)seq, v) != 0)
		store_failed(im);
	im->counts->settings++;
	free(v);
}

/* ---- texts/UNIT/PERIOD/SECTION.md ---- */

static bool
section_ok(struct import *im, const char *s)
{
	size_t np = strlen(TEXT_TASKS_PREFIX);

	if (model_lookup(text_sections, s) >= 0)
		return true;
	if (strncmp(s, TEXT_TASKS_PREFIX, np) == 0)
		s += np;
	return hmap_get(&im->sectors, s, NULL);
}

/* Check a text (UTF-8, placeholder syntax) named rel in messages; store it
 * NFC-normalised. */
static void
take_text(struct import *im, const char *rel, const char *data, size_t len,
    const char *unit, const char *period, const char *section)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *line, *nl;
	char *nfc = NULL;
	size_t bad;

	if (len > DATASET_MAX_TEXT * 4 ||
	    (text_utf8_check(data, len, &bad) == 0 &&
	    text_column(data, len) - 1 > DATASET_MAX_TEXT)) {
		errorf(im, "%s: thuyết minh dài quá %d ký tự: hãy chia bớt sang "
		    "phần khác hoặc rút gọn", rel, DATASET_MAX_TEXT);
		goto out;
	}
	if (text_utf8_check(data, len, &bad) != 0) {
		size_t ln = 1, ls = 0, k;

		for (k = 0; k < bad; k++)
			if (data[k] == '\n')
				ln++, ls = k + 1;
		errorf(im, "%s:%zu: byte không hợp lệ UTF-8 ở ký tự thứ %zu: lưu tệp "
		    "với mã hóa UTF-8", rel, ln, text_column(data + ls, bad - ls));
		goto out;
	}
	nfc = text_nfc(data, len);
	if (lt_expand(nfc, strlen(nfc), NULL, NULL, &out, &err) > 0) {
		for (line = buf_str(&err); *line != '\0'; line = nl + 1) {
			nl = strchr(line, '\n');
			errorf(im, "%s: %.*s", rel, (int)(nl - line), line);
		}
		goto out;
	}
	if (im->nerrs == 0 && im->bulk) {
		if (store_bulk_text(im->store, unit, period, section, nfc) != 0)
			store_failed(im);
	} else if (im->nerrs == 0)
		switch (store_put_text(im->store, unit, period, section, nfc,
		    im->expect != NULL ? im->expect[0] : 0)) {
		case 0:
			break;
		case STORE_CONFLICT:
			im->nconflicts++;
			break;
		default:
			store_failed(im);
		}
	im->counts->texts++;
out:
	free(nfc);
	buf_free(&out);
	buf_free(&err);
}

static void
read_text_file(struct import *im, const char *path, const char *rel,
    const char *unit, const char *period, const char *section)
{
	struct buf data = BUF_INIT;
	char chunk[8192];
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "rb")) == NULL) {
		errorf(im, "%s: không mở được tệp (%s)", rel, strerror(errno));
		return;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_append(&data, chunk, n);
	fclose(fp);
	take_text(im, rel, buf_str(&data), data.len, unit, period, section);
	buf_free(&data);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sorted names in dir that are not hidden; caller frees. */
static char **
list_dir(const char *dir, size_t *n)
{
	struct dirent *e;
	char **names = NULL;
	DIR *d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = xrealloc(names, (*n + 1) * sizeof(*names));
		names[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

static void
free_names(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void
read_texts(struct import *im, const char *dir)
{
	struct buf path = BUF_INIT, rel = BUF_INIT;
	char **units, **periods, **files;
	size_t nu, np, nf, i, j, k, len;
	struct period p;

	buf_printf(&path, "%s/texts", dir);
	units = list_dir(buf_str(&path), &nu);
	for (i = 0; i < nu; i++) {
		if (im->scope != NULL && strcmp(units[i], im->scope) != 0) {
			errorf(im, "texts/%s: đơn vị “%s” không phải đơn vị của gói (%s): "
			    "gói chỉ mang thuyết minh của đơn vị mình", units[i],
			    units[i], im->scope);
			continue;
		}
		if (!hmap_get(&im->units, units[i], NULL)) {
			errorf(im, "texts/%s: không có đơn vị mã “%s”: thư mục con của "
			    "texts/ mang mã đơn vị", units[i], units[i]);
			continue;
		}
		buf_reset(&path);
		buf_printf(&path, "%s/texts/%s", dir, units[i]);
		periods = list_dir(buf_str(&path), &np);
		for (j = 0; j < np; j++) {
			if (period_parse(periods[j], strlen(periods[j]), &p) != 0) {
				errorf(im, "texts/%s/%s: “%s” không phải kỳ (2023, 2023-H1, "
				    "2023-Q3, 2023-M09, 2023-9M)", units[i], periods[j],
				    periods[j]);
				continue;
			}
			buf_reset(&path);
			buf_printf(&path, "%s/texts/%s/%s", dir, units[i], periods[j]);
			files = list_dir(buf_str(&path), &nf);
			for (k = 0; k < nf; k++) {
				len = strlen(files[k]);
				buf_reset(&rel);
				buf_printf(&rel, "texts/%s/%s/%s", units[i], periods[j],
				    files[k]);
				if (len < 4 || strcmp(files[k] + len - 3, ".md") != 0) {
					errorf(im, "%s: tệp thuyết minh phải có đuôi .md",
					    buf_str(&rel));
					continue;
				}
				files[k][len - 3] = '\0';
				if (!section_ok(im, files[k])) {
					errorf(im, "%s: phần “%s” không có; dùng mã lĩnh vực "
					    "(kinh-te …), nhiem-vu-<mã lĩnh vực>, mo-dau, "
					    "cong-tac-khac, uu-diem, han-che, nguyen-nhan, "
					    "ket-luan", buf_str(&rel), files[k]);
					continue;
				}
				buf_reset(&path);
				buf_printf(&path, "%s/texts/%s", dir, buf_str(&rel) + 6);
				read_text_file(im, buf_str(&path), buf_str(&rel), units[i],
				    periods[j], files[k]);
			}
			free_names(files, nf);
		}
		free_names(periods, np);
	}
	free_names(units, nu);
	buf_free(&path);
	buf_free(&rel);
}

/* Load what the database already holds, so files may refer to it. */
/* Every indicator of the store, as known codes with their kind. */
static int
load_indicators(struct import *im)
{
	struct indicator *ind;
	size_t n, k, i;

	if (store_indicators(im->store, &ind, &n) != 0)
		return -1;
	for (k = 0; k < n; k++) {
		i = known_add(&im->ikn, &im->nikn, &im->inds, ind[k].code, false, 0);
		im->ikn[i].in_db = true;
		im->ikn[i].kind = ind[k].kind;
		im->ikn[i].has_parent = ind[k].parent != NULL;
	}
	store_free_indicators(ind, n);
	return 0;
}

static int
load_known(struct import *im)
{
	struct sector *s;
	struct unit *u;
	size_t n, k;

	if (store_sectors(im->store, &s, &n) != 0)
		return -1;
	for (k = 0; k < n; k++)
		sector_known(im, s[k].code, s[k].name);
	store_free_sectors(s, n);
	if (store_units(im->store, &u, &n) != 0)
		return -1;
	for (k = 0; k < n; k++) {
		size_t i = known_add(&im->ukn, &im->nukn, &im->units, u[k].code,
		    false, 0);

		im->ukn[i].in_db = true;
	}
	store_free_units(u, n);
	return load_indicators(im);
}

static void
import_free(struct import *im)
{
	size_t k;

	pending_free(im);
	hmap64_free(&im->keys);
	hmap_free(&im->sectors);
	hmap_free(&im->units);
	hmap_free(&im->inds);
	hmap_free(&im->seqs);
	hmap_free(&im->chkeys);
	hmap_free(&im->pend_units);
	for (k = 0; k < im->nchg; k++)
		unit_change_free(&im->chg[k].c);
	free(im->chg);
	for (k = 0; k < im->nscodes; k++)
		free(im->scodes[k]);
	free(im->scodes);
	free(im->ukn);
	free(im->ikn);
}

static void
next_file(struct import *im)
{
	hmap64_free(&im->keys);
}

/* The rows that follow go as one bulk load of kind (PostgreSQL: COPY),
 * while no error has been found: after one, nothing more is written, the
 * rows are only checked. Nothing else touches the store until bulk_end. */
static void
bulk_begin(struct import *im, enum store_bulk_kind kind)
{
	if (im->nerrs > 0)
		return;
	if (store_bulk_begin(im->store, kind) != 0)
		store_failed(im);
	else
		im->bulk = true;
}

static void
bulk_end(struct import *im)
{
	if (im->bulk && store_bulk_end(im->store) != 0)
		store_failed(im);
	im->bulk = false;
}

/* read_table of a required file whose rows go as one bulk load of kind. */
static void
bulk_table(struct import *im, const char *dir, const char *name,
    const struct colspec *cols, row_fn fn, enum store_bulk_kind kind)
{
	bulk_begin(im, kind);
	read_table(im, dir, name, cols, false, fn);
	bulk_end(im);
	next_file(im);
}

/* dataset_import, or dataset_import_unit when scope is set. */
static int
import_dir(struct store *st, const char *dir, const char *scope,
    struct buf *errs, struct import_counts *counts,
    void (*progress)(size_t, void *), void *arg)
{
	struct import im;
	struct stat sb;
	int rc = -1;

	memset(&im, 0, sizeof(im));
	memset(counts, 0, sizeof(*counts));
	im.scope = scope;
	im.store = st;
	im.errs = errs;
	im.counts = counts;
	im.progress = progress;
	im.parg = arg;
	if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		buf_printf(errs, "%s: không phải thư mục dữ liệu (%s): cần thư mục "
		    "chứa units.csv, indicators.csv, targets.csv, values.csv\n", dir,
		    strerror(errno ? errno : ENOTDIR));
		return -1;
	}
	if (store_begin(st) != 0) {
		buf_printf(errs, "%s\n", store_error(st));
		return -1;
	}
	if (load_known(&im) != 0) {
		store_failed(&im);
		goto out;
	}
	read_table(&im, dir, "settings.csv", setting_cols, true, setting_row);
	next_file(&im);
	read_table(&im, dir, "cutoffs.csv", cutoff_cols, true, cutoff_row);
	next_file(&im);
	read_table(&im, dir, "sectors.csv", sector_cols, true, sector_row);
	read_table(&im, dir, "units.csv", unit_cols, false, unit_row);
	units_check(&im);
	read_table(&im, dir, "unit_changes.csv", change_cols, true, change_row);
	changes_done(&im);
	units_write(&im);
	changes_write(&im);
	read_table(&im, dir, "indicators.csv", ind_cols, false, ind_row);
	inds_done(&im);
	/* The targets, the values and the texts of a whole import go as three
	 * bulk loads. */
	bulk_table(&im, dir, "targets.csv", target_cols, target_row,
	    STORE_BULK_TARGETS);
	bulk_table(&im, dir, "values.csv", value_cols, value_row,
	    STORE_BULK_VALUES);
	read_table(&im, dir, "report_settings.csv", rsetting_cols, true,
	    rsetting_row);
	bulk_begin(&im, STORE_BULK_TEXTS);
	read_texts(&im, dir);
	bulk_end(&im);
	if (im.nerrs == 0 && store_commit(st) == 0)
		rc = 0;
	else if (im.nerrs == 0)
		store_failed(&im);
out:
	if (rc != 0) {
		store_rollback(st);
		if (im.nerrs > IMPORT_MAX_ERRORS)
			buf_printf(errs, "… và %d lỗi khác\n",
			    im.nerrs - IMPORT_MAX_ERRORS);
		memset(counts, 0, sizeof(*counts));
	}
	import_free(&im);
	return rc;
}

int
dataset_import(struct store *st, const char *dir, struct buf *errs,
    struct import_counts *counts, void (*progress)(size_t, void *), void *arg)
{
	return import_dir(st, dir, NULL, errs, counts, progress, arg);
}

int
dataset_import_unit(struct store *st, const char *dir, const char *unit,
    struct buf *errs, struct import_counts *counts)
{
	return import_dir(st, dir, unit, errs, counts, NULL, NULL);
}

/* One value from command options, validated as a values.csv row. */
/* What value rows need to know: every indicator (a catalogue of a few
 * hundred at most), but of the units — thousands in a province — only
 * those the rows name. */
static int
load_for_values(struct import *im, size_t n, const struct row *rows)
{
	struct unit *u;
	const char *code;
	size_t i, k, m;

	if (load_indicators(im) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		code = rows[i].f[V_UNIT];
		if (code == NULL || *code == '\0' || hmap_get(&im->units, code, &k))
			continue;
		/* By code alone: no name keys. */
		if (store_find_units(im->store, code, NULL, NULL, &u, &m) != 0)
			return -1;
		for (k = 0; k < m; k++)
			if (strcmp(u[k].code, code) == 0)
				known_add(&im->ukn, &im->nukn, &im->units, u[k].code,
				    false, 0);
		store_free_units(u, m);
	}
	return 0;
}

/* Row i's fields as read_table would give them, into r (copies in cp,
 * which the caller frees); false when one is refused. */
static bool
row_from_fields(struct import *im, const char *const f[DATASET_VALUE_FIELDS],
    struct row *r, char *cp[DATASET_VALUE_FIELDS])
{
	const char *s;
	size_t n, bad;
	bool ok = true;
	int c;

	memset(r, 0, sizeof(*r));
	r->file = "";
	r->cols = value_cols;
	for (c = 0; c < DATASET_VALUE_FIELDS; c++) {
		r->col[c] = c + 1;
		r->f[c] = "";
		s = f[c] != NULL ? f[c] : "";
		n = strlen(s);
		if (text_utf8_check(s, n, &bad) != 0) {
			row_err(im, r, c, "byte không hợp lệ UTF-8 ở ký tự thứ %zu: "
			    "gõ lại bằng văn bản UTF-8", text_column(s, bad));
			ok = false;
			continue;
		}
		if (clean_field(&s, &n) > DATASET_MAX_FIELD) {
			row_err(im, r, c, "dài quá %d ký tự: hãy rút gọn",
			    DATASET_MAX_FIELD);
			ok = false;
			continue;
		}
		r->f[c] = cp[c] = xstrndup(s, n);
	}
	return ok;
}

int
dataset_set_values(struct store *st, size_t n,
    const char *const (*fields)[DATASET_VALUE_FIELDS],
    const long long *expect, bool *conflict, struct buf *errs)
{
	struct import_counts counts;
	struct import im;
	struct row *r = xcalloc(n + 1, sizeof(*r));
	char *(*cp)[DATASET_VALUE_FIELDS] = xcalloc(n + 1, sizeof(*cp));
	bool *ok = xcalloc(n + 1, sizeof(*ok));
	size_t i;
	int c, rc = -1;

	memset(&im, 0, sizeof(im));
	memset(&counts, 0, sizeof(counts));
	im.store = st;
	im.counts = &counts;
	im.expect = expect;
	im.conflict = conflict;
	for (i = 0; conflict != NULL && i < n; i++)
		conflict[i] = false;
	/* Every field cleaned as a file's would be, before anything is looked
	 * up by it. */
	for (i = 0; i < n; i++) {
		im.errs = &errs[i];
		ok[i] = row_from_fields(&im, fields[i], &r[i], cp[i]);
	}
	im.errs = &errs[0];
	if (store_begin(st) != 0) {
		buf_printf(&errs[0], "%s\n", store_error(st));
		goto out;
	}
	if (load_for_values(&im, n, r) != 0)
		store_failed(&im);
	/* Every row is checked, so that each gets its messages; once one is
	 * refused the later ones are checked but not written (value_row). */
	for (i = 0; i < n && !im.failed; i++) {
		im.errs = &errs[i];
		im.rowi = i;
		if (ok[i])
			value_row(&im, &r[i]);
	}
	if (im.nerrs == 0 && im.nconflicts == 0 && store_commit(st) == 0)
		rc = 0;
	else {
		if (im.nerrs == 0 && im.nconflicts == 0)
			store_failed(&im);
		else if (im.nerrs == 0)
			rc = DATASET_CONFLICT;
		store_rollback(st);
	}
out:
	import_free(&im);
	for (i = 0; i < n; i++)
		for (c = 0; c < DATASET_VALUE_FIELDS; c++)
			free(cp[i][c]);
	free(cp);
	free(r);
	free(ok);
	return rc;
}

/* The old value of a key about to be removed, in words for the audit log
 * ("88 (88/100); estimate; as_of=…; note=…"), as app_value_desc writes it. */
static void
old_value_desc(struct store *st, const struct row *r, const struct period *p,
    struct buf *out)
{
	struct value *v = NULL;
	size_t n = 0, k;

	if (store_values(st, r->f[V_UNIT], p->year, p->year, &v, &n) != 0)
		return;
	for (k = 0; k < n; k++) {
		if (strcmp(v[k].indicator, r->f[V_IND]) != 0 ||
		    !period_equal(&v[k].period, p))
			continue;
		if (v[k].has_value)
			num_format_machine(out, v[k].value);
		if (v[k].has_ratio) {
			buf_puts(out, v[k].has_value ? " (" : "");
			num_format_machine(out, v[k].num);
			buf_putc(out, '/');
			num_format_machine(out, v[k].den);
			buf_puts(out, v[k].has_value ? ")" : "");
		}
		if (v[k].status != STATUS_FINAL)
			buf_printf(out, "; %s", status_names[v[k].status]);
		if (date_isset(&v[k].as_of)) {
			buf_puts(out, "; as_of=");
			date_format_iso(out, &v[k].as_of);
		}
		if (v[k].note != NULL && *v[k].note != '\0')
			buf_printf(out, "; note=%s", v[k].note);
	}
	store_free_values(v, n);
}

/* A figure changed in a sheet keeps the note the value had. */
static void
keep_note(struct import *im, struct row *r, char **cp)
{
	struct value *v = NULL;
	struct period p;
	size_t n = 0, k;

	if (period_parse(r->f[V_PERIOD], strlen(r->f[V_PERIOD]), &p) != 0 ||
	    store_values(im->store, r->f[V_UNIT], p.year, p.year, &v, &n) != 0)
		return;
	for (k = 0; k < n; k++)
		if (strcmp(v[k].indicator, r->f[V_IND]) == 0 &&
		    period_equal(&v[k].period, &p) && v[k].note != NULL) {
			free(*cp);
			r->f[V_NOTE] = *cp = xstrdup(v[k].note);
		}
	store_free_values(v, n);
}

/* A removal: the keys are checked as a value's are; the value, when there
 * is one, goes with an audit entry (new value none). */
static void
delete_row(struct import *im, struct row *r, const char *by)
{
	struct buf old = BUF_INIT, obj = BUF_INIT;
	struct period p;
	size_t ui, ii;
	bool found;

	if (!get_refs(im, r, V_UNIT, V_IND, &ui, &ii))
		return;
	if (period_parse(r->f[V_PERIOD], strlen(r->f[V_PERIOD]), &p) != 0) {
		row_err(im, r, V_PERIOD, "kỳ “%s” không hợp lệ", r->f[V_PERIOD]);
		return;
	}
	if (!first_time(im, r, ((uint64_t)ui << 40) | ((uint64_t)ii << 16) |
	    (uint64_t)((p.year - 1900) & 0x1ff) << 7 |
	    (uint64_t)(p.kind * 13 + p.n), "unit, indicator, period") ||
	    im->nerrs > 0)
		return;
	old_value_desc(im->store, r, &p, &old);
	if (store_del_value(im->store, r->f[V_UNIT], r->f[V_IND], &p,
	    &found) != 0) {
		store_failed(im);
		goto out;
	}
	if (found) {
		buf_printf(&obj, "%s@", r->f[V_IND]);
		period_format(&obj, &p);
		if (store_audit(im->store, by, r->f[V_UNIT], "value", buf_str(&obj),
		    buf_str(&old), NULL) != 0)
			store_failed(im);
		im->ndeleted++;
	}
out:
	buf_free(&old);
	buf_free(&obj);
}

int
dataset_import_values(struct store *st, const char *file,
    enum dataset_loc loc, size_t n, const struct dataset_xrow *x,
    const char *by, struct buf *errs, size_t *stored, size_t *deleted)
{
	struct import_counts counts;
	struct import im;
	struct row *r = xcalloc(n + 1, sizeof(*r));
	char *(*cp)[DATASET_VALUE_FIELDS] = xcalloc(n + 1, sizeof(*cp));
	bool *ok = xcalloc(n + 1, sizeof(*ok));
	const char *s;
	size_t i, len, bad;
	int c, rc = -1;

	memset(&im, 0, sizeof(im));
	memset(&counts, 0, sizeof(counts));
	im.store = st;
	im.counts = &counts;
	im.errs = errs;
	*stored = *deleted = 0;
	/* Every field cleaned as a CSV file's is, located as its format is. */
	for (i = 0; i < n; i++) {
		r[i].file = x[i].file != NULL ? x[i].file : file;
		r[i].line = x[i].line;
		r[i].cols = value_cols;
		r[i].loc = loc;
		r[i].xname = x[i].name;
		ok[i] = true;
		for (c = 0; c < DATASET_VALUE_FIELDS; c++) {
			r[i].col[c] = x[i].col[c];
			r[i].f[c] = "";
			s = x[i].f[c] != NULL ? x[i].f[c] : "";
			len = strlen(s);
			if (text_utf8_check(s, len, &bad) != 0) {
				row_err(&im, &r[i], c, "byte không hợp lệ UTF-8 ở ký tự "
				    "thứ %zu: lưu tệp với mã hóa UTF-8",
				    text_column(s, bad));
				ok[i] = false;
				continue;
			}
			if (clean_field(&s, &len) > DATASET_MAX_FIELD) {
				row_err(&im, &r[i], c, "dài quá %d ký tự: hãy rút gọn",
				    DATASET_MAX_FIELD);
				ok[i] = false;
				continue;
			}
			r[i].f[c] = cp[i][c] = xstrndup(s, len);
		}
	}
	if (store_begin(st) != 0) {
		buf_printf(errs, "%s\n", store_error(st));
		goto out;
	}
	if (load_for_values(&im, n, r) != 0)
		store_failed(&im);
	for (i = 0; i < n && !im.failed; i++) {
		if (++im.rows % 100000 == 0 && im.progress != NULL)
			im.progress(im.rows, im.parg);
		if (!ok[i])
			continue;
		if (x[i].keep_note && empty(r[i].f[V_NOTE]))
			keep_note(&im, &r[i], &cp[i][V_NOTE]);
		if (x[i].deleted)
			delete_row(&im, &r[i], by);
		else
			value_row(&im, &r[i]);
	}
	if (im.nerrs == 0 && store_commit(st) == 0) {
		rc = 0;
		*stored = counts.values;
		*deleted = im.ndeleted;
	} else {
		if (im.nerrs == 0)
			store_failed(&im);
		store_rollback(st);
		if (im.nerrs > IMPORT_MAX_ERRORS)
			buf_printf(errs, "… và %d lỗi khác\n",
			    im.nerrs - IMPORT_MAX_ERRORS);
	}
out:
	import_free(&im);
	for (i = 0; i < n; i++)
		for (c = 0; c < DATASET_VALUE_FIELDS; c++)
			free(cp[i][c]);
	free(cp);
	free(r);
	free(ok);
	return rc;
}

int
dataset_set_value(struct store *st, const char *const fields[DATASET_VALUE_FIELDS],
    long long expect, struct buf *errs)
{
	return dataset_set_values(st, 1,
	    (const char *const (*)[DATASET_VALUE_FIELDS])fields, &expect, NULL,
	    errs);
}

int
dataset_set_text(struct store *st, const char *unit, const char *period,
    const char *section, const char *body, size_t len, long long expect,
    struct buf *errs)
{
	struct import_counts counts;
	struct import im;
	struct period p;
	int rc = -1;

	memset(&im, 0, sizeof(im));
	memset(&counts, 0, sizeof(counts));
	im.store = st;
	im.errs = errs;
	im.counts = &counts;
	im.expect = &expect;
	if (period_parse(period, strlen(period), &p) != 0) {
		buf_printf(errs, "--period: kỳ “%s” không hợp lệ: viết 2023, 2023-H1, "
		    "2023-Q3, 2023-M09 hoặc 2023-9M\n", period);
		return -1;
	}
	if (store_begin(st) != 0) {
		buf_printf(errs, "%s\n", store_error(st));
		return -1;
	}
	if (load_known(&im) != 0)
		store_failed(&im);
	else if (!section_ok(&im, section))
		errorf(&im, "--section: phần “%s” không có; dùng mã lĩnh vực (kinh-te "
		    "…), nhiem-vu-<mã lĩnh vực>, mo-dau, cong-tac-khac, uu-diem, "
		    "han-che, nguyen-nhan, ket-luan", section);
	else
		take_text(&im, "thuyết minh", body, len, unit, period, section);
	if (im.nerrs == 0 && im.nconflicts == 0 && store_commit(st) == 0)
		rc = 0;
	else {
		if (im.nerrs == 0 && im.nconflicts == 0)
			store_failed(&im);
		else if (im.nerrs == 0)
			rc = DATASET_CONFLICT;
		store_rollback(st);
	}
	import_free(&im);
	return rc;
}

/* ---- export ---- */

struct out {
	FILE		*fp;
	size_t		 rows;		/* data rows written */
	struct buf	 b;
	struct buf	 tmp;		/* temporary path */
	struct buf	 path;		/* final path */
	bool		 bad;
};

static int
out_open(struct out *o, const char *dir, const char *name, struct buf *err)
{
	memset(o, 0, sizeof(*o));
	buf_printf(&o->path, "%s/%s", dir, name);
	buf_printf(&o->tmp, "%s/.%s.tmp", dir, name);
	if ((o->fp = fopen(buf_str(&o->tmp), "wb")) == NULL) {
		buf_printf(err, "không ghi được %s: %s", buf_str(&o->tmp),
		    strerror(errno));
		buf_free(&o->path);
		buf_free(&o->tmp);
		return -1;
	}
	return 0;
}

static void
out_flush(struct out *o, bool force)
{
	if (o->b.len == 0 || (!force && o->b.len < 65536))
		return;
	if (fwrite(o->b.data, 1, o->b.len, o->fp) != o->b.len)
		o->bad = true;
	buf_reset(&o->b);
}

static int
out_close(struct out *o, struct buf *err)
{
	int rc = 0;

	out_flush(o, true);
	if (fclose(o->fp) != 0 || o->bad) {
		buf_printf(err, "lỗi ghi %s", buf_str(&o->tmp));
		rc = -1;
	} else if (rename(buf_str(&o->tmp), buf_str(&o->path)) != 0) {
		buf_printf(err, "không đổi tên được %s: %s", buf_str(&o->tmp),
		    strerror(errno));
		rc = -1;
	}
	if (rc != 0)
		unlink(buf_str(&o->tmp));
	buf_free(&o->b);
	buf_free(&o->tmp);
	buf_free(&o->path);
	return rc;
}

static void
header(struct buf *b, const struct colspec *cols)
{
	int c;

	for (c = 0; cols[c].name != NULL; c++)
		csv_put_field(b, cols[c].name, cols[c + 1].name == NULL);
}

static void
put_int(struct buf *b, int v, int last)
{
	char s[16];

	snprintf(s, sizeof(s), "%d", v);
	csv_put_field(b, s, last);
}

static void
put_date(struct buf *b, const struct date *d, int last)
{
	struct buf t = BUF_INIT;

	if (date_isset(d))
		date_format_iso(&t, d);
	csv_put_field(b, buf_str(&t), last);
	buf_free(&t);
}

static int
export_value(const struct value *v, void *arg)
{
	struct out *o = arg;
	struct buf p = BUF_INIT;

	period_format(&p, &v->period);
	csv_put_field(&o->b, v->unit, 0);
	csv_put_field(&o->b, v->indicator, 0);
	csv_put_field(&o->b, buf_str(&p), 0);
	csv_put_number(&o->b, v->has_value, v->value, 0);
	csv_put_number(&o->b, v->has_ratio, v->num, 0);
	csv_put_number(&o->b, v->has_ratio, v->den, 0);
	csv_put_field(&o->b, status_names[v->status], 0);
	put_date(&o->b, &v->as_of, 0);
	csv_put_field(&o->b, v->note, 1);
	buf_free(&p);
	o->rows++;
	out_flush(o, false);
	return 0;
}

/* mkdir -p for the folders of texts/UNIT/PERIOD. */
static int
make_dirs(const char *path, struct buf *err)
{
	struct buf p = BUF_INIT;
	const char *s;
	int rc = 0;

	for (s = path; rc == 0; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		buf_reset(&p);
		buf_append(&p, path, (size_t)(s - path));
		if (p.len > 0 && mkdir(buf_str(&p), 0777) != 0 && errno != EEXIST) {
			buf_printf(err, "không tạo được thư mục %s: %s", buf_str(&p),
			    strerror(errno));
			rc = -1;
		}
		if (*s == '\0')
			break;
	}
	buf_free(&p);
	return rc;
}

struct text_export {
	const char		*dir;
	struct buf		*err;
	struct import_counts	*counts;
};

static int
export_text(const char *unit, const char *period, const char *section,
    const char *body, void *arg)
{
	struct text_export *x = arg;
	struct buf d = BUF_INIT, name = BUF_INIT;
	struct out o;
	int rc = -1;

	buf_printf(&d, "%s/texts/%s/%s", x->dir, unit, period);
	buf_printf(&name, "%s.md", section);
	if (make_dirs(buf_str(&d), x->err) == 0 &&
	    out_open(&o, buf_str(&d), buf_str(&name), x->err) == 0) {
		buf_puts(&o.b, body);
		rc = out_close(&o, x->err);
	}
	x->counts->texts++;
	buf_free(&d);
	buf_free(&name);
	return rc;
}

static int
export_rsetting(const char *unit, const char *period, const char *key,
    int seq, const char *value, void *arg)
{
	struct out *o = arg;

	(void)seq;
	csv_put_field(&o->b, unit, 0);
	csv_put_field(&o->b, period, 0);
	csv_put_field(&o->b, key, 0);
	csv_put_field(&o->b, value, 1);
	return 0;
}

/* Is unit code among the n units of the filter's chain? */
static bool
in_chain(char *const *chain, size_t n, const char *code)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strcmp(chain[k], code) == 0)
			return true;
	return false;
}

/* Keep only the texts of the filter's year (the period's first four
 * digits). */
struct text_filter {
	struct text_export	*x;
	int			 year;
};

static int
export_text_filtered(const char *unit, const char *period,
    const char *section, const char *body, void *arg)
{
	struct text_filter *f = arg;

	if (atoi(period) != f->year)
		return 0;
	return export_text(unit, period, section, body, f->x);
}

int
dataset_export(struct store *st, const char *dir, struct buf *err,
    struct import_counts *counts)
{
	return dataset_export_filtered(st, dir, NULL, err, counts);
}

int
dataset_export_filtered(struct store *st, const char *dir,
    const struct dataset_filter *f, struct buf *err,
    struct import_counts *counts)
{
	struct text_export tx = { dir, err, counts };
	struct text_filter tf = { &tx, f != NULL ? f->year : 0 };
	char *chain[16];
	size_t nchain = 0;
	struct out o;
	struct sector *s = NULL;
	struct unit *u = NULL;
	struct indicator *in = NULL;
	struct target *t = NULL;
	struct unit_change *ch = NULL;
	struct cutoff cut[PERIOD__MAX];
	char **keys = NULL, **vals = NULL;
	size_t nch = 0, ns = 0, nu = 0, ni = 0, nt = 0, nc = 0, nk = 0, k;
	int rc = -1;

	memset(counts, 0, sizeof(*counts));
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		buf_printf(err, "không tạo được thư mục %s: %s", dir, strerror(errno));
		return -1;
	}
	if (store_sectors(st, &s, &ns) != 0 || store_units(st, &u, &nu) != 0 ||
	    store_unit_changes(st, &ch, &nch) != 0 ||
	    store_indicators(st, &in, &ni) != 0 ||
	    store_targets(st, f != NULL ? f->unit : NULL, 0, &t, &nt) != 0 ||
	    store_cutoffs(st, cut, &nc) != 0 ||
	    store_settings(st, &keys, &vals, &nk) != 0) {
		buf_puts(err, store_error(st));
		goto out;
	}

	/* The filtered unit and its ancestors, so that units.csv imports into
	 * a database that has none of them. */
	if (f != NULL) {
		const char *want = f->unit;

		while (want != NULL && *want != '\0' && nchain < 16 &&
		    !in_chain(chain, nchain, want)) {
			const char *next = NULL;

			for (k = 0; k < nu; k++)
				if (strcmp(u[k].code, want) == 0) {
					chain[nchain++] = u[k].code;
					next = u[k].parent;
					break;
				}
			want = next;
		}
	}
	if (out_open(&o, dir, "sectors.csv", err) != 0)
		goto out;
	header(&o.b, sector_cols);
	for (k = 0; k < ns; k++) {
		/* The four built-in sectors come with every database. */
		if (s[k].builtin)
			continue;
		csv_put_field(&o.b, s[k].code, 0);
		csv_put_field(&o.b, s[k].name, 0);
		put_int(&o.b, s[k].ord, 1);
		counts->sectors++;
	}
	if (out_close(&o, err) != 0 || out_open(&o, dir, "units.csv", err) != 0)
		goto out;
	header(&o.b, unit_cols);
	for (k = 0; k < nu; k++) {
		if (f != NULL && !in_chain(chain, nchain, u[k].code))
			continue;
		csv_put_field(&o.b, u[k].code, 0);
		csv_put_field(&o.b, u[k].name, 0);
		csv_put_field(&o.b, u[k].kind, 0);
		csv_put_field(&o.b, u[k].parent, 0);
		put_date(&o.b, &u[k].valid_from, 0);
		put_date(&o.b, &u[k].valid_to, 1);
		counts->units++;
	}
	if (out_close(&o, err) != 0 ||
	    out_open(&o, dir, "unit_changes.csv", err) != 0)
		goto out;
	header(&o.b, change_cols);
	for (k = 0; k < nch; k++) {
		/* A bundle carries no other unit: only changes within its chain. */
		if (f != NULL && (!in_chain(chain, nchain, ch[k].from) ||
		    !in_chain(chain, nchain, ch[k].to)))
			continue;
		put_date(&o.b, &ch[k].date, 0);
		csv_put_field(&o.b, ch[k].from, 0);
		csv_put_field(&o.b, ch[k].to, 0);
		csv_put_number(&o.b, true, ch[k].share, 1);
		counts->unit_changes++;
	}
	if (out_close(&o, err) != 0 ||
	    out_open(&o, dir, "indicators.csv", err) != 0)
		goto out;
	header(&o.b, ind_cols);
	for (k = 0; k < ni; k++) {
		csv_put_field(&o.b, in[k].code, 0);
		csv_put_field(&o.b, in[k].name, 0);
		csv_put_field(&o.b, in[k].sector, 0);
		csv_put_field(&o.b, in[k].uom, 0);
		csv_put_field(&o.b, kind_names[in[k].kind], 0);
		csv_put_field(&o.b, in[k].parent, 0);
		csv_put_field(&o.b, time_agg_names[in[k].tagg], 0);
		csv_put_field(&o.b, unit_agg_names[in[k].uagg], 0);
		if (in[k].decimals >= 0)
			put_int(&o.b, in[k].decimals, 0);
		else
			csv_put_field(&o.b, "", 0);
		put_int(&o.b, in[k].ord, 1);
		counts->indicators++;
	}
	if (out_close(&o, err) != 0 || out_open(&o, dir, "targets.csv", err) != 0)
		goto out;
	header(&o.b, target_cols);
	for (k = 0; k < nt; k++) {
		if (f != NULL && (t[k].year < f->year - 1 || t[k].year > f->year))
			continue;
		csv_put_field(&o.b, t[k].unit, 0);
		csv_put_field(&o.b, t[k].indicator, 0);
		put_int(&o.b, t[k].year, 0);
		csv_put_field(&o.b, shape_names[t[k].shape], 0);
		csv_put_number(&o.b, t[k].has_value, t[k].value, 0);
		csv_put_number(&o.b, t[k].has_value2, t[k].value2, 0);
		csv_put_field(&o.b, t[k].text, 0);
		csv_put_field(&o.b, t[k].source, 0);
		csv_put_field(&o.b, t[k].seq, 1);
		counts->targets++;
	}
	if (out_close(&o, err) != 0)
		goto out;
	/* A bundle leaves the database-wide rules to the receiving level. */
	if (f == NULL) {
		if (out_open(&o, dir, "cutoffs.csv", err) != 0)
			goto out;
		header(&o.b, cutoff_cols);
		for (k = 0; k < nc; k++) {
			csv_put_field(&o.b, period_kind_names[cut[k].kind], 0);
			put_int(&o.b, cut[k].start_offset, 0);
			put_int(&o.b, cut[k].start_day, 0);
			put_int(&o.b, cut[k].end_offset, 0);
			put_int(&o.b, cut[k].end_day, 1);
			counts->cutoffs++;
		}
		if (out_close(&o, err) != 0 ||
		    out_open(&o, dir, "settings.csv", err) != 0)
			goto out;
		header(&o.b, setting_cols);
		for (k = 0; k < nk; k++) {
			csv_put_field(&o.b, keys[k], 0);
			csv_put_field(&o.b, vals[k], 1);
			counts->settings++;
		}
		if (out_close(&o, err) != 0)
			goto out;
	}
	if (out_open(&o, dir, "values.csv", err) != 0)
		goto out;
	if (out_close(&o, err) != 0 || out_open(&o, dir, "values.csv", err) != 0)
		goto out;
	header(&o.b, value_cols);
	if (store_each_value(st, f != NULL ? f->unit : NULL,
	    f != NULL ? f->year - 1 : 0, f != NULL ? f->year : 0, export_value,
	    &o) != 0) {
		buf_puts(err, store_error(st));
		out_close(&o, err);
		goto out;
	}
	counts->values = o.rows;
	if (out_close(&o, err) != 0 ||
	    out_open(&o, dir, "report_settings.csv", err) != 0)
		goto out;
	header(&o.b, rsetting_cols);
	if (store_each_report_setting(st, f != NULL ? f->unit : NULL, NULL,
	    export_rsetting, &o) != 0) {
		buf_puts(err, store_error(st));
		out_close(&o, err);
		goto out;
	}
	if (out_close(&o, err) != 0)
		goto out;
	if (f != NULL ? store_each_text(st, f->unit, export_text_filtered, &tf) :
	    store_each_text(st, NULL, export_text, &tx)) {
		if (err->len == 0)
			buf_puts(err, store_error(st));
		goto out;
	}
	rc = 0;
out:
	store_free_sectors(s, ns);
	store_free_units(u, nu);
	store_free_unit_changes(ch, nch);
	store_free_indicators(in, ni);
	store_free_targets(t, nt);
	store_free_settings(keys, vals, nk);
	return rc;
}
