/* table.c: checking the figures of tables (table.h). A table is a run of
 * row lines of one kind: Markdown rows ("| a | b |", the "|---|" line
 * skipped) or tab-separated rows (DOCX, HTML and PDF tables as their
 * readers write them). Its first row is the header; a second row that only
 * adds words to it (a two-level DOCX header) is merged into it, and a row of
 * column numbers ("(1) (2) (3)") is skipped. Each column gets a role from its
 * folded header: index (STT), unit (ĐVT), plan (Kế hoạch, KH, dự toán),
 * actual (Thực hiện, ước, kết quả), previous (cùng kỳ, năm trước), ratio
 * (Tỷ lệ, %, So sánh), total (Tổng, Tổng cộng, Cộng), band (Đánh giá).
 *
 * Rows are checked as they come, so findings stay in line order: a ratio
 * cell against actual/plan (or actual/previous when its header says "so
 * cùng kỳ"); a "Tổng" row against the rows above it; a "Tổng" column
 * against the figure columns beside it; at the table's end, the bands of
 * its rows against a tally (counts in the total row, or a small table of
 * band counts before or after it). Memory is bounded: at most ROWS_MAX rows
 * and COLS_MAX columns are kept per table. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/num.h"
#include "core/text.h"
#include "lex.h"
#include "table.h"

#define COLS_MAX	48
#define ROWS_MAX	8192
#define LABEL_MAX	96

enum role {
	R_OTHER, R_INDEX, R_UNIT, R_PLAN, R_ACTUAL, R_PREV, R_RATIO, R_TOTAL,
	R_BAND,
};

/* Bands of an evaluation column, in the order of a tally. */
enum band { B_NONE, B_ABOVE, B_MET, B_NEAR, B_MISSED, B__MAX };

static const char *const band_name[B__MAX] = {
	"", "vượt", "đạt", "đạt từ 90% trở lên", "không đạt",
};

/* One cell's figure. */
struct val {
	double	 v;
	double	 slack;
	int	 dec;
	bool	 ok;		/* a plain number */
	bool	 pct;		/* written with "%" */
	bool	 text;		/* holds something that is not a number */
};

struct row {
	size_t	 line;
	size_t	 body;		/* 1-based body row */
	int	 level;		/* 0 section, 1 top, 2.. sub; -1 unknown */
	bool	 total;
	bool	 aligned;	/* as many cells as the header */
	bool	 numbers;	/* some cell holds a number */
	uint64_t unit;		/* hash of its ĐVT cell, 0 none */
	enum band band;
};

struct chk_tables {
	const struct chk_opts	*opts;
	const struct chk_sink	*sink;
	struct chk_stats	*st;

	/* The open table. */
	bool		 open;
	bool		 md;		/* Markdown rows (else tabs) */
	size_t		 number;	/* in the document */
	size_t		 ncols;
	size_t		 nbody;
	size_t		 header_line;
	bool		 header_merged;	/* a second header row was taken */
	bool		 overflow;	/* more rows than ROWS_MAX */
	bool		 ratio_told;	/* "cannot tell the direction" said */
	char		*head[COLS_MAX];	/* header texts */
	char		*fold[COLS_MAX];	/* folded */
	enum role	 role[COLS_MAX];
	int		 num[COLS_MAX];	/* ratio column: numerator, -1 */
	int		 den[COLS_MAX];	/* and denominator */
	struct row	*rows;
	struct val	*vals;		/* rows × ncols */
	size_t		 nrows, caprows;
	size_t		 last_total;	/* rows after the last total row */
	size_t		 ntotals;	/* total rows so far */
	size_t		 band_col;	/* 0 none, else column + 1 */
	size_t		 tally_counts[B__MAX];	/* a total row's tally */
	size_t		 tally_line;
	bool		 tally_seen;
	bool		 is_tally;	/* every row: a band and a count */
	size_t		 tt_counts[B__MAX];
	size_t		 tt_line;

	/* Across the tables of the document. */
	bool		 have_counts;	/* bands of the last evaluated table */
	size_t		 counts[B__MAX];
	size_t		 counts_table;
	bool		 pend_tally;	/* a tally table waiting for bands */
	size_t		 pend_counts[B__MAX];
	size_t		 pend_line, pend_table;

	struct buf	 b[6];
};

/* ---- text helpers ------------------------------------------------------- */

/* Whether folded text f contains the words w (at word boundaries). */
static bool
has_words(const char *f, const char *w)
{
	size_t n = strlen(w);
	const char *p = f;

	while ((p = strstr(p, w)) != NULL) {
		bool a = p == f || !isalnum((unsigned char)p[-1]);
		bool b = !isalnum((unsigned char)p[n]);

		if (a && b)
			return true;
		p++;
	}
	return false;
}

static bool
has_any(const char *f, const char *const *ws)
{
	for (; *ws != NULL; ws++)
		if (has_words(f, *ws))
			return true;
	return false;
}

static const char *const w_band[] = { "danh gia", "xep loai", "muc do dat",
	NULL };
static const char *const w_ratio[] = { "ty le", "ti le", "so sanh", "%",
	"so voi", NULL };
static const char *const w_index[] = { "stt", "tt", "so tt", "so thu tu",
	NULL };
static const char *const w_unit[] = { "dvt", "don vi tinh", NULL };
static const char *const w_prev[] = { "cung ky", "nam truoc", "ky truoc",
	NULL };
static const char *const w_plan[] = { "ke hoach", "kh", "du toan",
	"nghi quyet", "nq", "chi tieu giao", "chi tieu nq", "giao", NULL };
static const char *const w_actual[] = { "thuc hien", "th", "uoc",
	"ket qua", "luy ke", "uoc th", NULL };

/* Whether folded f names a total: "tổng", "tổng cộng", "cộng", "tổng số",
 * "tổng cộng toàn xã", ending maybe in ":". */
static bool
is_total_word(const char *f)
{
	size_t n = strlen(f);
	char w[64];

	if (n == 0 || n >= sizeof w)
		return false;
	memcpy(w, f, n + 1);
	while (n > 0 && (w[n - 1] == ':' || w[n - 1] == '.' || w[n - 1] == ' '))
		w[--n] = '\0';
	return strcmp(w, "tong") == 0 || strcmp(w, "cong") == 0 ||
	    strcmp(w, "tong so") == 0 || strcmp(w, "tong cong") == 0 ||
	    strncmp(w, "tong cong ", 10) == 0 || strcmp(w, "toan xa") == 0 ||
	    strcmp(w, "toan phuong") == 0;
}

static enum role
role_of(const char *f)
{
	if (f == NULL || *f == '\0')
		return R_OTHER;
	if (has_any(f, w_band))
		return R_BAND;
	if (has_any(f, w_ratio))
		return R_RATIO;
	if (has_any(f, w_index) && strlen(f) <= 10)
		return R_INDEX;
	if (has_any(f, w_unit) && strlen(f) <= 14)
		return R_UNIT;
	if (is_total_word(f))
		return R_TOTAL;
	if (has_any(f, w_prev))
		return R_PREV;
	if (has_any(f, w_plan))
		return R_PLAN;
	if (has_any(f, w_actual))
		return R_ACTUAL;
	return R_OTHER;
}

int
chk_table_header_score(const char *const *cells, size_t n)
{
	size_t i;
	int k = 0;
	char *f;

	for (i = 0; i < n; i++) {
		if (cells[i] == NULL)
			continue;
		f = text_fold(cells[i], strlen(cells[i]));
		switch (role_of(f)) {
		case R_PLAN: case R_ACTUAL: case R_PREV: case R_RATIO:
		case R_TOTAL:
			k++;
			break;
		default:
			break;
		}
		free(f);
	}
	return k;
}

static enum band
band_of(const char *f)
{
	if (f == NULL || *f == '\0')
		return B_NONE;
	if (has_words(f, "khong dat") || has_words(f, "chua dat") ||
	    has_words(f, "khong hoan thanh"))
		return B_MISSED;
	if (strstr(f, "90") != NULL || has_words(f, "tro len"))
		return B_NEAR;
	if (has_words(f, "vuot"))
		return B_ABOVE;
	if (has_words(f, "dat") || has_words(f, "hoan thanh"))
		return B_MET;
	return B_NONE;
}

/* A cell's span in the line, blanks and Markdown marks trimmed. */
struct span {
	size_t	 off, len;
};

static bool
trim_byte(char c)
{
	return c == ' ' || c == '\t' || c == '*' || c == '`' || c == '_';
}

static struct span
trim(const char *s, size_t off, size_t end)
{
	struct span sp;

	for (;;) {
		while (off < end && trim_byte(s[off]))
			off++;
		if (end - off >= 6 && memcmp(s + off, "&nbsp;", 6) == 0) {
			off += 6;
			continue;
		}
		break;
	}
	while (end > off && trim_byte(s[end - 1]))
		end--;
	sp.off = off;
	sp.len = end - off;
	return sp;
}

/* The cells of a row line; 0 when the line is not one. */
static size_t
split_row(const char *s, size_t len, bool *md, struct span *cells)
{
	size_t i = 0, a, n = 0;

	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '|') {
		*md = true;
		a = i + 1;
		for (i = a; i <= len; i++) {
			if (i < len && (s[i] != '|' || s[i - 1] == '\\'))
				continue;
			if (i == len) {	/* text after the last bar */
				struct span t = trim(s, a, len);

				if (t.len > 0 && n < COLS_MAX)
					cells[n++] = t;
				break;
			}
			if (n < COLS_MAX)
				cells[n++] = trim(s, a, i);
			a = i + 1;
		}
		return n;
	}
	if (memchr(s, '\t', len) == NULL)
		return 0;
	*md = false;
	for (a = 0, i = 0; i <= len; i++) {
		if (i < len && s[i] != '\t')
			continue;
		if (n < COLS_MAX)
			cells[n++] = trim(s, a, i);
		a = i + 1;
	}
	/* Trailing empty cells of a DOCX row are real cells: keep them. */
	return n >= 2 ? n : 0;
}

static bool
md_rule(const char *s, const struct span *c, size_t n)
{
	size_t i, j;
	bool dash = false;

	for (i = 0; i < n; i++)
		for (j = 0; j < c[i].len; j++) {
			char ch = s[c[i].off + j];

			if (ch == '-')
				dash = true;
			else if (ch != ':' && ch != ' ')
				return false;
		}
	return dash;
}

/* Read a cell's figure: a number, maybe "%", maybe a note in brackets
 * ("177.000.000 (ước)"); anything else is not a figure. */
static struct val
read_val(const char *s, size_t len)
{
	struct val v;
	struct num n;
	size_t k, i;

	memset(&v, 0, sizeof v);
	if (len == 0 || (len == 1 && (s[0] == '-' || s[0] == 'x')))
		return v;
	if (!(isdigit((unsigned char)s[0]) || (len > 1 && s[0] == '-' &&
	    isdigit((unsigned char)s[1])))) {
		v.text = true;
		return v;
	}
	k = num_scan(s, len, &n);
	if (k == 0 || (n.flags & (NUM_AMBIGUOUS | NUM_ENGLISH))) {
		v.text = true;
		return v;
	}
	i = k;
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '(') {
		while (i < len && s[i] != ')')
			i++;
		if (i < len)
			i++;
		while (i < len && s[i] == ' ')
			i++;
	}
	if (i != len) {
		v.text = true;
		return v;
	}
	v.v = n.value;
	v.dec = n.decimals;
	v.slack = chk_slack(n.decimals, n.scale);
	v.pct = (n.flags & NUM_PERCENT) != 0;
	v.ok = true;
	return v;
}

/* Row level from an index cell: "1" 1, "1.2" 2, "I" / "II." 0 (a
 * section), "a", "-", "+" 2; -1 when empty or unknown. */
static int
level_of(const char *s, size_t len)
{
	size_t i, dots = 0;
	bool roman = len > 0;

	if (len == 0)
		return -1;
	if (isdigit((unsigned char)s[0])) {
		for (i = 0; i < len; i++)
			if (s[i] == '.' && i + 1 < len)
				dots++;
			else if (!isdigit((unsigned char)s[i]) && s[i] != '.')
				return -1;
		return 1 + (int)dots;
	}
	for (i = 0; i < len; i++)
		if (strchr("IVXLivxl.", s[i]) == NULL)
			roman = false;
	if (roman)
		return 0;
	if (len <= 2 && (s[0] == '-' || s[0] == '+' ||
	    (s[0] >= 'a' && s[0] <= 'z')))
		return 2;
	return -1;
}

/* ---- findings ------------------------------------------------------------ */

static struct buf *
sb(struct chk_tables *t, int i)
{
	buf_reset(&t->b[i]);
	return &t->b[i];
}

/* Append v as the document would write it, with dec decimals. */
static void
put_num(struct buf *b, double v, int dec)
{
	if (dec < 0)
		dec = 0;
	if (dec > 9)
		dec = 9;
	num_format(b, v, dec, 0);
}

/* Copy at most cap bytes of s[0..n), cut at a character boundary. */
static void
put_cut(struct buf *b, const char *s, size_t n, size_t cap)
{
	if (n > cap) {
		n = cap;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		buf_append(b, s, n);
		buf_puts(b, "…");
		return;
	}
	buf_append(b, s, n);
}

static bool
claim_kind(enum chk_kind k)
{
	return k == CHK_K_RATIO || k == CHK_K_TALLY || k == CHK_K_PARTS;
}

/* Hand one finding over (or only count it, with problems_only). where
 * gets the "bảng N, dòng M (…), cột “…”: " prefix of the message. */
static void
emit(struct chk_tables *t, enum chk_kind k, enum chk_verdict v, size_t line,
    size_t col, size_t row, const char *row_label, int column,
    const char *text, const char *stated, const char *computed,
    const char *suggestion, const char *msg)
{
	struct chk_finding f;
	struct buf *m;

	if (claim_kind(k))
		t->st->claims++;
	switch (v) {
	case CHK_OK: t->st->oks++; break;
	case CHK_ERROR: t->st->errors++; break;
	case CHK_WARNING: t->st->warnings++; break;
	default: t->st->unverifiable++; break;
	}
	if (t->sink->finding == NULL || (t->opts->problems_only &&
	    v != CHK_ERROR && v != CHK_WARNING))
		return;
	m = sb(t, 5);
	buf_printf(m, "bảng %zu", t->number);
	if (row > 0) {
		buf_printf(m, ", dòng %zu", row);
		if (row_label != NULL && *row_label != '\0')
			buf_printf(m, " (%s)", row_label);
	}
	if (column >= 0)
		buf_printf(m, ", cột “%s”", t->head[column]);
	buf_printf(m, ": %s", msg);
	if (suggestion != NULL && strstr(msg, " — ") == NULL)
		buf_printf(m, " — %s", suggestion);
	memset(&f, 0, sizeof f);
	f.line = line;
	f.col = col > 0 ? col : 1;
	f.kind = k;
	f.verdict = v;
	f.text = text;
	f.stated = stated;
	f.computed = computed;
	f.suggestion = suggestion;
	f.message = buf_str(m);
	f.table = t->number;
	f.row = row;
	f.column = column >= 0 ? t->head[column] : NULL;
	f.row_label = row_label;
	t->sink->finding(t->sink->arg, &f);
}

/* ---- the table ------------------------------------------------------------- */

static void
clear_header(struct chk_tables *t)
{
	size_t i;

	for (i = 0; i < COLS_MAX; i++) {
		free(t->head[i]);
		free(t->fold[i]);
		t->head[i] = t->fold[i] = NULL;
	}
}

/* The column nearest to c with role r, left before right; -1 when none. */
static int
nearest(const struct chk_tables *t, size_t c, enum role r)
{
	int best = -1;
	size_t i, bd = SIZE_MAX, d;

	for (i = 0; i < t->ncols; i++) {
		if (t->role[i] != r)
			continue;
		/* Any column on the left of c before any on its right: a
		 * ratio follows the figures it compares ("KH 2023 | TH 2023
		 * | % so KH | KH 2024"). */
		d = i < c ? c - i : t->ncols + (i - c);
		if (d < bd) {
			bd = d;
			best = (int)i;
		}
	}
	return best;
}

/* Roles of the header's columns, and what each ratio column divides. */
static void
assign_roles(struct chk_tables *t)
{
	size_t i;
	int num, den;

	t->band_col = 0;
	for (i = 0; i < t->ncols; i++) {
		t->role[i] = role_of(t->fold[i]);
		if (t->role[i] == R_BAND && t->band_col == 0)
			t->band_col = i + 1;
	}
	for (i = 0; i < t->ncols; i++) {
		t->num[i] = t->den[i] = -1;
		if (t->role[i] != R_RATIO)
			continue;
		num = nearest(t, i, R_ACTUAL);
		if (has_any(t->fold[i], w_prev))
			den = nearest(t, i, R_PREV);
		else if (has_any(t->fold[i], w_plan))
			den = nearest(t, i, R_PLAN);
		else if (nearest(t, i, R_PLAN) >= 0 &&
		    nearest(t, i, R_PREV) >= 0)
			den = -1;	/* which one? unsure */
		else if ((den = nearest(t, i, R_PLAN)) < 0)
			den = nearest(t, i, R_PREV);
		if (num >= 0 && den >= 0) {
			t->num[i] = num;
			t->den[i] = den;
		}
	}
}

static void
set_header(struct chk_tables *t, const char *s, const struct span *c,
    size_t n)
{
	size_t i;

	clear_header(t);
	t->ncols = n;
	for (i = 0; i < n; i++) {
		t->head[i] = xstrndup(s + c[i].off, c[i].len);
		t->fold[i] = text_fold(s + c[i].off, c[i].len);
		if (t->fold[i] == NULL)
			t->fold[i] = xstrdup("");
	}
	assign_roles(t);
}

/* A second header row: merge when it has no figure and names more roles. */
static bool
merge_header(struct chk_tables *t, const char *s, const struct span *c,
    size_t n)
{
	size_t i, gained = 0;
	char *f;
	struct buf *b;

	if (n != t->ncols || t->header_merged)
		return false;
	for (i = 0; i < n; i++) {
		struct val v = read_val(s + c[i].off, c[i].len);

		if (v.ok)
			return false;
	}
	for (i = 0; i < n; i++) {
		if (c[i].len == 0)
			continue;
		f = text_fold(s + c[i].off, c[i].len);
		if (f != NULL && role_of(f) != R_OTHER &&
		    role_of(t->fold[i]) == R_OTHER)
			gained++;
		free(f);
	}
	if (gained == 0)
		return false;
	for (i = 0; i < n; i++) {
		if (c[i].len == 0)
			continue;
		b = sb(t, 0);
		buf_puts(b, t->head[i]);
		if (b->len > 0)
			buf_putc(b, ' ');
		buf_append(b, s + c[i].off, c[i].len);
		free(t->head[i]);
		free(t->fold[i]);
		t->head[i] = xstrdup(buf_str(b));
		t->fold[i] = text_fold(b->data, b->len);
		if (t->fold[i] == NULL)
			t->fold[i] = xstrdup("");
	}
	t->header_merged = true;
	assign_roles(t);
	return true;
}

/* A row of column numbers: "(1) | (2) | (3)", "1 | 2 | 3 = 2/1". */
static bool
numbering_row(const char *s, const struct span *c, size_t n)
{
	size_t i, k = 0, j;
	long expect = 1;

	for (i = 0; i < n; i++) {
		const char *p = s + c[i].off;
		size_t len = c[i].len;
		long v;
		char *end, tmp[16];

		if (len == 0)
			continue;
		if (p[0] == '(' && len >= 3 && p[len - 1] == ')') {
			k++;
			continue;
		}
		if (len >= sizeof tmp)
			return false;
		memcpy(tmp, p, len);
		tmp[len] = '\0';
		v = strtol(tmp, &end, 10);
		if (end == tmp)
			return false;
		for (j = (size_t)(end - tmp); j < len; j++)
			if (strchr("=/*x+-() 0123456789", tmp[j]) == NULL)
				return false;
		if (v != expect)
			return false;
		expect++;
		k++;
	}
	return k >= 3;
}

/* The tally table's and the evaluated table's counts, compared. */
static void
compare_counts(struct chk_tables *t, const size_t *stated, size_t line,
    size_t tally_table, const size_t *counted, size_t counted_table)
{
	struct buf *st = sb(t, 1), *co = sb(t, 2), *ms = sb(t, 3);
	size_t b, save = t->number, cnt[B__MAX];
	bool bad = false;

	/* A tally without the 90% band counts those rows as "đạt". */
	memcpy(cnt, counted, sizeof cnt);
	if (stated[B_NEAR] == 0 && cnt[B_NEAR] > 0 &&
	    stated[B_MET] == cnt[B_MET] + cnt[B_NEAR]) {
		cnt[B_MET] += cnt[B_NEAR];
		cnt[B_NEAR] = 0;
	}
	counted = cnt;
	for (b = B_ABOVE; b < B__MAX; b++) {
		if (stated[b] == counted[b])
			continue;
		if (bad)
			buf_puts(ms, "; ");
		buf_printf(ms, "số chỉ tiêu %s là %zu theo cột “Đánh giá” của "
		    "bảng %zu, không phải %zu", band_name[b], counted[b],
		    counted_table, stated[b]);
		bad = true;
	}
	for (b = B_ABOVE; b < B__MAX; b++) {
		buf_printf(st, "%s%zu %s", b > B_ABOVE ? ", " : "", stated[b],
		    band_name[b]);
		buf_printf(co, "%s%zu %s", b > B_ABOVE ? ", " : "", counted[b],
		    band_name[b]);
	}
	if (!bad)
		buf_printf(ms, "khớp với cột “Đánh giá” của bảng %zu",
		    counted_table);
	t->number = tally_table;
	emit(t, CHK_K_TALLY, bad ? CHK_ERROR : CHK_OK, line, 1, 0, NULL, -1,
	    buf_str(st), buf_str(st), buf_str(co), NULL, buf_str(ms));
	t->number = save;
}

static void
end_table(struct chk_tables *t)
{
	size_t i, counts[B__MAX];
	bool any = false;

	if (!t->open)
		return;
	t->open = false;
	if (t->is_tally && t->nbody < 2)
		t->is_tally = false;
	if (t->band_col > 0 && !t->overflow && !t->is_tally) {
		/* Top-level rows (or all, without numbering), no totals. */
		int minlev = 99;

		for (i = 0; i < t->nrows; i++)
			if (!t->rows[i].total && t->rows[i].band != B_NONE &&
			    t->rows[i].level >= 1 && t->rows[i].level < minlev)
				minlev = t->rows[i].level;
		memset(counts, 0, sizeof counts);
		for (i = 0; i < t->nrows; i++) {
			const struct row *r = &t->rows[i];

			if (r->total || r->band == B_NONE)
				continue;
			if (minlev != 99 && r->level != minlev)
				continue;
			counts[r->band]++;
			any = true;
		}
		if (any) {
			memcpy(t->counts, counts, sizeof counts);
			t->counts_table = t->number;
			t->have_counts = true;
			if (t->tally_seen)
				compare_counts(t, t->tally_counts,
				    t->tally_line, t->number, counts,
				    t->number);
			else if (t->pend_tally) {
				compare_counts(t, t->pend_counts,
				    t->pend_line, t->pend_table, counts,
				    t->number);
			}
			t->pend_tally = false;
		}
	}
	if (t->is_tally) {
		if (t->have_counts)
			compare_counts(t, t->tt_counts, t->tt_line, t->number,
			    t->counts, t->counts_table);
		else {
			memcpy(t->pend_counts, t->tt_counts,
			    sizeof t->pend_counts);
			t->pend_line = t->tt_line;
			t->pend_table = t->number;
			t->pend_tally = true;
		}
	}
	clear_header(t);
	t->nrows = 0;
}

/* Counts written in a cell: "06 vượt, 14 đạt, 01 đạt từ 90% trở lên,
 * 01 không đạt". True with at least two bands. */
static bool
parse_tally(const char *s, size_t len, size_t *counts)
{
	size_t i = 0, k, nb = 0, j;
	struct num n;
	char *f;

	memset(counts, 0, B__MAX * sizeof *counts);
	while (i < len) {
		if (!isdigit((unsigned char)s[i]) || (i > 0 &&
		    isalnum((unsigned char)s[i - 1]))) {
			i++;
			continue;
		}
		k = num_scan(s + i, len - i, &n);
		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if ((n.flags & NUM_PERCENT) || n.decimals > 0)
			continue;
		/* The words up to the next count. */
		for (j = i; j < len && s[j] != ',' && s[j] != ';'; j++)
			if (isdigit((unsigned char)s[j]) && j + 1 < len &&
			    s[j - 1] == ' ' && memchr(s + j, '%', len - j) ==
			    NULL)
				break;
		f = text_fold(s + i, j - i);
		if (f != NULL) {
			enum band b = band_of(f);

			if (b != B_NONE) {
				counts[b] += (size_t)n.value;
				nb++;
			}
		}
		free(f);
		i = j;
	}
	return nb >= 2;
}

/* The label of a row: its number and first text cell. */
static void
row_label(struct chk_tables *t, struct buf *b, const char *s,
    const struct span *c, size_t n)
{
	size_t i;
	bool idx = false;

	for (i = 0; i < n && i < t->ncols; i++) {
		if (c[i].len == 0)
			continue;
		if (t->role[i] == R_INDEX && !idx) {
			buf_append(b, s + c[i].off, c[i].len);
			idx = true;
			continue;
		}
		if (!read_val(s + c[i].off, c[i].len).text)
			continue;
		if (b->len > 0)
			buf_putc(b, ' ');
		put_cut(b, s + c[i].off, c[i].len, LABEL_MAX);
		return;
	}
}

static void
check_ratio(struct chk_tables *t, size_t r, size_t c, const char *s,
    const struct span *cells, const char *label, size_t line)
{
	const struct val *v = &t->vals[r * t->ncols];
	const struct val *a, *b, *p;
	enum chk_verdict vd;
	double pct, inv;
	struct buf *tx, *st, *co, *sg, *ms;
	size_t col;

	if (t->num[c] < 0 || t->den[c] < 0) {
		/* Figures to compare, but which over which is not said. */
		if (!t->ratio_told && v[c].ok && (nearest(t, c, R_PLAN) >= 0 ||
		    nearest(t, c, R_ACTUAL) >= 0 || nearest(t, c, R_PREV) >= 0)) {
			t->ratio_told = true;
			ms = sb(t, 4);
			buf_puts(ms, "tiêu đề không cho biết tỷ lệ này so sánh cột "
			    "nào với cột nào (thực hiện với kế hoạch hay với cùng "
			    "kỳ), nên cột này không được kiểm tra");
			emit(t, CHK_K_RATIO, CHK_UNVERIFIABLE, line,
			    chk_count_chars(s, cells[c].off) + 1,
			    t->rows[r].body, label, (int)c, t->head[c], NULL,
			    NULL, NULL, buf_str(ms));
		}
		return;
	}
	a = &v[t->num[c]];
	b = &v[t->den[c]];
	p = &v[c];
	if (!a->ok || !b->ok || !p->ok || b->v == 0)
		return;
	vd = chk_verify_ratio(a->v, b->v, p->v, p->dec, t->opts->truncate,
	    &pct);
	if (vd == CHK_UNVERIFIABLE)
		return;
	col = chk_count_chars(s, cells[c].off) + 1;
	tx = sb(t, 0);
	buf_append(tx, s + cells[t->num[c]].off, cells[t->num[c]].len);
	buf_puts(tx, " / ");
	buf_append(tx, s + cells[t->den[c]].off, cells[t->den[c]].len);
	buf_puts(tx, " → ");
	buf_append(tx, s + cells[c].off, cells[c].len);
	st = sb(t, 1);
	put_num(st, p->v, p->dec);
	buf_putc(st, '%');
	co = sb(t, 2);
	put_num(co, pct, p->dec);
	buf_putc(co, '%');
	sg = sb(t, 3);
	ms = sb(t, 4);
	if (vd == CHK_OK) {
		buf_printf(ms, "%s/%s = %s, đúng", t->head[t->num[c]],
		    t->head[t->den[c]], buf_str(co));
		emit(t, CHK_K_RATIO, CHK_OK, line, col, t->rows[r].body, label,
		    (int)c, buf_str(tx), buf_str(st), buf_str(co), NULL,
		    buf_str(ms));
		return;
	}
	/* A target where less is better may be rated the other way round. */
	if (a->v != 0 && chk_verify_ratio(b->v, a->v, p->v, p->dec,
	    t->opts->truncate, &inv) == CHK_OK) {
		buf_printf(ms, "%s/%s = %s, không phải %s; nhưng %s/%s = %s "
		    "(chỉ tiêu càng thấp càng tốt?)", t->head[t->num[c]],
		    t->head[t->den[c]], buf_str(co), buf_str(st),
		    t->head[t->den[c]], t->head[t->num[c]], buf_str(st));
		emit(t, CHK_K_RATIO, CHK_UNVERIFIABLE, line, col,
		    t->rows[r].body, label, (int)c, buf_str(tx), buf_str(st),
		    buf_str(co), NULL, buf_str(ms));
		return;
	}
	buf_puts(sg, "sửa thành ");
	buf_puts(sg, buf_str(co));
	buf_printf(ms, "%s/%s = ", t->head[t->num[c]], t->head[t->den[c]]);
	buf_append(ms, s + cells[t->num[c]].off, cells[t->num[c]].len);
	buf_putc(ms, '/');
	buf_append(ms, s + cells[t->den[c]].off, cells[t->den[c]].len);
	buf_printf(ms, " = %s, không phải %s", buf_str(co), buf_str(st));
	emit(t, CHK_K_RATIO, CHK_ERROR, line, col, t->rows[r].body, label,
	    (int)c, buf_str(tx), buf_str(st), buf_str(co), buf_str(sg),
	    buf_str(ms));
}

/* A grand total right after subtotals: the subtotals' sum, which the
 * rows' sum must equal too (else the table contradicts itself and which
 * is wrong is not clear). */
static void
check_grand_total(struct chk_tables *t, size_t r, size_t c, const char *s,
    const struct span *cells, const char *label, size_t line)
{
	const struct val *tv = &t->vals[r * t->ncols + c], *v;
	double sub = 0, subtol = tv->slack, all = 0, alltol = tv->slack;
	size_t i, nsub = 0;
	enum chk_verdict vd;
	struct buf *tx, *st, *co, *sg, *ms;

	for (i = 0; i < r; i++) {
		v = &t->vals[i * t->ncols + c];
		if (!v->ok || v->pct)
			continue;
		if (t->rows[i].total) {
			sub += v->v;
			subtol += v->slack;
			nsub++;
		} else {
			all += v->v;
			alltol += v->slack;
		}
	}
	if (nsub < 2)
		return;
	if (fabs(sub - tv->v) <= subtol + chk_hair(tv->v) ||
	    fabs(all - tv->v) <= alltol + chk_hair(tv->v))
		vd = CHK_OK;
	else if (fabs(sub - all) <= subtol + alltol + chk_hair(all))
		vd = CHK_ERROR;
	else
		vd = CHK_UNVERIFIABLE;
	tx = sb(t, 0);
	buf_append(tx, s + cells[c].off, cells[c].len);
	st = sb(t, 1);
	put_num(st, tv->v, tv->dec);
	co = sb(t, 2);
	put_num(co, vd == CHK_OK ? tv->v : sub, tv->dec);
	sg = sb(t, 3);
	ms = sb(t, 4);
	if (vd == CHK_OK)
		buf_printf(ms, "tổng của %zu dòng tổng phụ là %s, đúng", nsub,
		    buf_str(co));
	else if (vd == CHK_ERROR) {
		buf_printf(sg, "sửa thành %s", buf_str(co));
		buf_printf(ms, "tổng của %zu dòng tổng phụ là %s, không phải %s",
		    nsub, buf_str(co), buf_str(st));
	} else
		buf_printf(ms, "các dòng tổng phụ cộng lại là %s, các dòng chi "
		    "tiết cộng lại khác, nên chưa rõ con số nào sai",
		    buf_str(co));
	emit(t, CHK_K_PARTS, vd, line, chk_count_chars(s, cells[c].off) + 1,
	    t->rows[r].body, label, (int)c, buf_str(tx), buf_str(st),
	    buf_str(co), vd == CHK_ERROR ? buf_str(sg) : NULL, buf_str(ms));
}

/* A total row: each figure column against the rows above it. */
static void
check_column_sums(struct chk_tables *t, size_t r, const char *s,
    const struct span *cells, const char *label, size_t line)
{
	const struct val *tv = &t->vals[r * t->ncols], *v;
	size_t c, i, nparts, from = t->last_total;
	double sum, tol, top, toptol, sub, subtol, all, alltol;
	int minlev, maxlev;
	bool unsure, mixed_units, matched, flat;
	uint64_t unit;
	struct buf *tx, *st, *co, *sg, *ms;

	for (c = 0; c < t->ncols; c++) {
		switch (t->role[c]) {
		case R_INDEX: case R_UNIT: case R_RATIO: case R_BAND:
			continue;
		default:
			break;
		}
		if (!tv[c].ok || tv[c].pct)
			continue;
		sum = top = sub = all = 0;
		tol = toptol = subtol = alltol = tv[c].slack;
		nparts = 0;
		minlev = 99;
		maxlev = -1;
		unsure = mixed_units = false;
		unit = 0;
		for (i = from; i < r; i++) {
			if (t->rows[i].total)
				continue;
			v = &t->vals[i * t->ncols + c];
			if (!t->rows[i].aligned && t->rows[i].numbers)
				unsure = true;
			if (!v->ok)
				continue;
			if (v->pct)
				unsure = true;
			if (t->rows[i].unit != 0) {
				if (unit != 0 && unit != t->rows[i].unit)
					mixed_units = true;
				unit = t->rows[i].unit;
			}
			sum += v->v;
			tol += v->slack;
			nparts++;
			if (t->rows[i].level >= 1 && t->rows[i].level < minlev)
				minlev = t->rows[i].level;
			if (t->rows[i].level > maxlev)
				maxlev = t->rows[i].level;
		}
		if (mixed_units || unsure)
			continue;
		if (nparts == 0 && t->ntotals >= 2) {
			check_grand_total(t, r, c, s, cells, label, line);
			continue;
		}
		if (nparts < 2)
			continue;
		matched = fabs(sum - tv[c].v) <= tol + chk_hair(tv[c].v);
		/* Top-level rows only, when sub-rows repeat them. */
		if (!matched && minlev != 99 && maxlev > minlev) {
			for (i = from; i < r; i++) {
				v = &t->vals[i * t->ncols + c];
				if (!t->rows[i].total && v->ok &&
				    t->rows[i].level == minlev) {
					top += v->v;
					toptol += v->slack;
				}
			}
			matched = fabs(top - tv[c].v) <= toptol +
			    chk_hair(tv[c].v);
		}
		/* A grand total: the subtotals, or every row. */
		if (!matched && t->ntotals > 0) {
			for (i = 0; i < r; i++) {
				v = &t->vals[i * t->ncols + c];
				if (!v->ok)
					continue;
				if (t->rows[i].total) {
					sub += v->v;
					subtol += v->slack;
				} else {
					all += v->v;
					alltol += v->slack;
				}
			}
			matched = fabs(sub - tv[c].v) <= subtol +
			    chk_hair(tv[c].v) || fabs(all - tv[c].v) <=
			    alltol + chk_hair(tv[c].v);
		}
		flat = t->ntotals == 0 && !(minlev != 99 && maxlev > minlev);
		tx = sb(t, 0);
		buf_append(tx, s + cells[c].off, cells[c].len);
		st = sb(t, 1);
		put_num(st, tv[c].v, tv[c].dec);
		co = sb(t, 2);
		put_num(co, sum, tv[c].dec);
		sg = sb(t, 3);
		ms = sb(t, 4);
		if (matched) {
			buf_printf(ms, "tổng của các dòng bên trên là %s, đúng",
			    buf_str(st));
			emit(t, CHK_K_PARTS, CHK_OK, line,
			    chk_count_chars(s, cells[c].off) + 1,
			    t->rows[r].body, label, (int)c, buf_str(tx),
			    buf_str(st), buf_str(st), NULL, buf_str(ms));
			continue;
		}
		if (!flat) {
			buf_printf(ms, "các dòng bên trên cộng lại là %s, không "
			    "phải %s, nhưng bảng có dòng con hoặc tổng phụ nên "
			    "chưa chắc cách cộng", buf_str(co), buf_str(st));
			emit(t, CHK_K_PARTS, CHK_UNVERIFIABLE, line,
			    chk_count_chars(s, cells[c].off) + 1,
			    t->rows[r].body, label, (int)c, buf_str(tx),
			    buf_str(st), buf_str(co), NULL, buf_str(ms));
			continue;
		}
		buf_printf(sg, "sửa thành %s", buf_str(co));
		buf_printf(ms, "tổng %zu dòng bên trên là %s, không phải %s",
		    nparts, buf_str(co), buf_str(st));
		emit(t, CHK_K_PARTS, CHK_ERROR, line,
		    chk_count_chars(s, cells[c].off) + 1, t->rows[r].body,
		    label, (int)c, buf_str(tx), buf_str(st), buf_str(co),
		    buf_str(sg), buf_str(ms));
	}
}

/* A "Tổng" column: the figure columns beside it, in this row. */
static void
check_total_column(struct chk_tables *t, size_t r, size_t c, const char *s,
    const struct span *cells, const char *label, size_t line)
{
	const struct val *v = &t->vals[r * t->ncols];
	size_t i, k, n = 0, first = SIZE_MAX;
	double sum = 0, tol = v[c].slack;
	bool partial = false, right;
	enum chk_verdict vd;
	struct buf *tx, *st, *co, *sg, *ms;

	if (!v[c].ok || v[c].pct)
		return;
	/* The total comes first among the figures: its parts follow it;
	 * else they precede it, back to the previous total column. */
	for (i = 0; i < t->ncols; i++)
		if (t->role[i] == R_OTHER && v[i].ok && first == SIZE_MAX)
			first = i;
	right = first == SIZE_MAX || c < first;
	for (k = 1; k <= t->ncols; k++) {
		if (right ? c + k >= t->ncols : k > c)
			break;
		i = right ? c + k : c - k;
		if (t->role[i] != R_OTHER)
			break;
		if (!v[i].ok) {
			if (v[i].text)
				break;
			continue;
		}
		if (v[i].pct)
			return;
		if (has_words(t->fold[i], "trong do"))
			partial = true;
		sum += v[i].v;
		tol += v[i].slack;
		n++;
	}
	if (n < 2)
		return;
	vd = chk_verify_sum(sum, v[c].v, tol, !partial);
	tx = sb(t, 0);
	buf_append(tx, s + cells[c].off, cells[c].len);
	st = sb(t, 1);
	put_num(st, v[c].v, v[c].dec);
	co = sb(t, 2);
	put_num(co, sum, v[c].dec);
	sg = sb(t, 3);
	ms = sb(t, 4);
	if (vd == CHK_OK)
		buf_printf(ms, "tổng %zu cột bên cạnh là %s, đúng", n,
		    buf_str(co));
	else if (vd == CHK_ERROR) {
		buf_printf(sg, "sửa thành %s", buf_str(co));
		buf_printf(ms, "tổng %zu cột bên cạnh là %s, không phải %s", n,
		    buf_str(co), buf_str(st));
	} else
		buf_printf(ms, "các cột “trong đó” cộng lại là %s, ít hơn %s "
		    "(có thể chưa kể hết)", buf_str(co), buf_str(st));
	emit(t, CHK_K_PARTS, vd, line, chk_count_chars(s, cells[c].off) + 1,
	    t->rows[r].body, label, (int)c, buf_str(tx), buf_str(st),
	    buf_str(co), vd == CHK_ERROR ? buf_str(sg) : NULL, buf_str(ms));
}

/* A row with fewer cells than the header whose first cell is "Tổng …"
 * (merged across the first columns): its figures are the last columns. */
static size_t
align_total(const struct chk_tables *t, const char *s, const struct span *c,
    size_t n, struct span *out)
{
	size_t i, shift;
	char *f;
	bool total;

	if (n >= t->ncols || n < 2 || c[0].len == 0 || c[0].len >= 64)
		return 0;
	f = text_fold(s + c[0].off, c[0].len);
	total = f != NULL && is_total_word(f);
	free(f);
	if (!total)
		return 0;
	shift = t->ncols - n;
	out[0] = c[0];
	for (i = 1; i <= shift; i++) {
		out[i].off = c[1].off;
		out[i].len = 0;
	}
	for (i = 1; i < n; i++)
		out[i + shift] = c[i];
	return t->ncols;
}

static void
body_row(struct chk_tables *t, const char *s, const struct span *c,
    size_t n, size_t line)
{
	struct row *r;
	struct val *v;
	size_t i, k;
	char *f;
	struct buf *lb = sb(t, 5);
	char label[LABEL_MAX * 2 + 32];

	if (t->nrows == ROWS_MAX) {
		t->overflow = true;
		t->nrows = 0;
		t->last_total = 0;
		t->ntotals = 0;
	}
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 64;
		t->rows = xrealloc(t->rows, t->caprows * sizeof *t->rows);
		t->vals = xrealloc(t->vals, t->caprows * COLS_MAX *
		    sizeof *t->vals);
	}
	k = t->nrows++;
	r = &t->rows[k];
	v = &t->vals[k * t->ncols];
	memset(r, 0, sizeof *r);
	r->line = line;
	r->body = ++t->nbody;
	r->aligned = n == t->ncols;
	r->level = -1;
	for (i = 0; i < t->ncols; i++) {
		if (i < n && r->aligned)
			v[i] = read_val(s + c[i].off, c[i].len);
		else
			memset(&v[i], 0, sizeof v[i]);
		if (i < n && read_val(s + c[i].off, c[i].len).ok &&
		    t->role[i] != R_INDEX)
			r->numbers = true;
	}
	row_label(t, lb, s, c, n);
	snprintf(label, sizeof label, "%s", buf_str(lb));
	/* Numbering, unit, total, band. */
	for (i = 0; i < n && i < t->ncols; i++) {
		if (t->role[i] == R_INDEX || (i == 0 && t->role[0] == R_OTHER &&
		    level_of(s + c[0].off, c[0].len) >= 0))
			r->level = level_of(s + c[i].off, c[i].len);
		if (t->role[i] == R_UNIT && c[i].len > 0)
			r->unit = chk_hash(s + c[i].off, c[i].len,
			    CHK_HASH_SEED) | 1;
		if (i <= 2 && v[i].text && c[i].len < 64) {
			f = text_fold(s + c[i].off, c[i].len);
			if (f != NULL && is_total_word(f))
				r->total = true;
			free(f);
		}
		if (t->role[i] == R_BAND && c[i].len > 0 && c[i].len < 64) {
			f = text_fold(s + c[i].off, c[i].len);
			r->band = band_of(f);
			free(f);
		}
	}
	/* A tally table: a band in the first column and its count in the
	 * second (maybe a percentage after), on every row. */
	if (t->nbody == 1) {
		t->is_tally = !r->total && n == t->ncols && (n == 2 ||
		    (n == 3 && t->role[2] == R_RATIO));
		memset(t->tt_counts, 0, sizeof t->tt_counts);
		t->tt_line = line;
	}
	if (t->is_tally && !r->total) {
		enum band b = B_NONE;

		if (n >= 2 && v[0].text && c[0].len < 64) {
			f = text_fold(s + c[0].off, c[0].len);
			if (f != NULL && strlen(f) <= 40)
				b = band_of(f);
			free(f);
		}
		if (b == B_NONE || n < 2 || !v[1].ok || v[1].pct ||
		    v[1].dec > 0)
			t->is_tally = false;
		else
			t->tt_counts[b] += (size_t)v[1].v;
	}
	if (!r->aligned)
		return;
	if (r->total && !t->overflow)
		check_column_sums(t, k, s, c, label, line);
	for (i = 0; i < t->ncols; i++) {
		if (t->role[i] == R_RATIO)
			check_ratio(t, k, i, s, c, label, line);
		else if (t->role[i] == R_TOTAL)
			check_total_column(t, k, i, s, c, label, line);
	}
	if (r->total) {
		if (t->band_col > 0) {
			size_t bc = t->band_col - 1;

			if (parse_tally(s + c[bc].off, c[bc].len,
			    t->tally_counts)) {
				t->tally_seen = true;
				t->tally_line = line;
			}
		}
		t->last_total = t->nrows;
		t->ntotals++;
	}
}

void
chk_tables_line(struct chk_tables *t, const char *s, size_t len,
    size_t line, bool whole)
{
	struct span cells[COLS_MAX];
	size_t n;
	bool md = false;

	if (!whole) {
		end_table(t);
		return;
	}
	n = split_row(s, len, &md, cells);
	if (n == 0) {
		end_table(t);
		if (len >= 2 && s[0] == '#' && s[1] == ' ') {
			t->number = 0;
			t->have_counts = t->pend_tally = false;
		}
		return;
	}
	if (t->open && md != t->md)
		end_table(t);
	if (!t->open) {
		t->open = true;
		t->md = md;
		t->number++;
		t->nbody = t->nrows = t->last_total = t->ntotals = 0;
		t->header_merged = t->overflow = t->ratio_told = false;
		t->tally_seen = t->is_tally = false;
		t->header_line = line;
		set_header(t, s, cells, n);
		return;
	}
	if (md && md_rule(s, cells, n))
		return;
	if (t->nbody == 0 && merge_header(t, s, cells, n))
		return;
	if (t->nbody == 0 && numbering_row(s, cells, n))
		return;
	if (n < t->ncols) {
		struct span al[COLS_MAX];
		size_t m = align_total(t, s, cells, n, al);

		if (m > 0) {
			body_row(t, s, al, m, line);
			return;
		}
	}
	body_row(t, s, cells, n, line);
}

struct chk_tables *
chk_tables_new(const struct chk_opts *opts, const struct chk_sink *sink,
    struct chk_stats *st)
{
	struct chk_tables *t = xcalloc(1, sizeof *t);

	t->opts = opts;
	t->sink = sink;
	t->st = st;
	return t;
}

void
chk_tables_end(struct chk_tables *t)
{
	end_table(t);
	t->number = 0;
	t->have_counts = t->pend_tally = false;
}

void
chk_tables_free(struct chk_tables *t)
{
	size_t i;

	if (t == NULL)
		return;
	clear_header(t);
	free(t->rows);
	free(t->vals);
	for (i = 0; i < sizeof t->b / sizeof t->b[0]; i++)
		buf_free(&t->b[i]);
	free(t);
}
