/* page_units.c: Đơn vị — the units an account may read side by side, as the
 * level above sees its communes: each unit's tally for the chosen year and
 * period (total, vượt, đạt, đạt từ 90%, không đạt, chưa đánh giá) from the
 * same evaluation as the dashboard, a ranking by the share of targets met or
 * exceeded ("hạng 05/14"), and a link down to the unit's dashboard. Units
 * without targets in the year come last; units above others that have no
 * targets of their own (a province, a former district) are left out, since
 * they are what is being looked down from. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "webpage.h"

/* One unit of the list. */
struct urow {
	const struct unit *u;
	const struct unit *parent;	/* or NULL */
	bool		 has_targets;
	struct eval_summary sum;
	int		 good;		/* exceeded + met */
	int		 rank;		/* 1-based, shared by exact ties */
	char		*key;		/* folded name, for the order by name */
	char		*err;		/* evaluation failed: why */
	bool		 done;		/* tallied with its siblings */
};

/* The rows that share a parent (two or more), tallied together on the
 * parent's figures (app_evaluate_units with the parent's evaluation). */
static void
tally_by_parent(struct store *s, struct urow *rows, size_t n,
    const struct period *p)
{
	const char **codes = xcalloc(n ? n : 1, sizeof(*codes));
	size_t *at = xcalloc(n ? n : 1, sizeof(*at));
	bool *tried = xcalloc(n ? n : 1, sizeof(*tried));
	struct buf err = BUF_INIT;
	struct app_eval pe;
	struct app_bulk b;
	size_t i, j, m;

	for (i = 0; i < n; i++) {
		const char *pc = rows[i].u->parent;

		if (tried[i] || pc == NULL)
			continue;
		for (j = i, m = 0; j < n; j++)
			if (!tried[j] && rows[j].u->parent != NULL &&
			    strcmp(rows[j].u->parent, pc) == 0) {
				tried[j] = true;
				at[m] = j;
				codes[m++] = rows[j].u->code;
			}
		if (m < 2)
			continue;
		buf_reset(&err);
		if (app_evaluate_rollup(s, pc, p, -1, true, &pe, &err) != 0 ||
		    pe.figs == NULL) {
			app_eval_free(&pe);
			continue;
		}
		if (app_evaluate_units(s, codes, m, p, pe.near, &pe, &b,
		    &err) == 0)
			for (j = 0; j < m; j++) {
				const struct app_unit_eval *e = &b.units[j];
				struct urow *w = &rows[at[j]];

				if (!e->on_figs)
					continue;
				w->done = true;
				w->has_targets = e->ntargets > 0;
				w->sum = e->res.sum;
				w->good = e->res.sum.count[BAND_EXCEEDED] +
				    e->res.sum.count[BAND_MET];
			}
		app_bulk_free(&b);
		app_eval_free(&pe);
	}
	buf_free(&err);
	free(codes);
	free(at);
	free(tried);
}

static int
stop_at_first(const struct value *v, void *arg)
{
	(void)v;
	(void)arg;
	return 1;
}

/* The latest year in which a listed unit has targets and some unit has
 * values; else the latest year with targets; else this year. */
static int
default_year(struct store *s, struct urow *rows, size_t n)
{
	struct target *t = NULL;
	size_t nt = 0, i, k;
	int best = 0, y, found;
	int years[64];
	size_t ny = 0;

	if (store_targets(s, NULL, 0, &t, &nt) == 0)
		for (i = 0; i < nt; i++)
			for (k = 0; k < n; k++)
				if (strcmp(t[i].unit, rows[k].u->code) == 0) {
					for (y = 0; y < (int)ny && years[y] != t[i].year; y++)
						;
					if (y == (int)ny && ny < sizeof(years) / sizeof(years[0]))
						years[ny++] = t[i].year;
					break;
				}
	store_free_targets(t, nt);
	for (i = 0; i < ny; i++)
		if (years[i] > best)
			best = years[i];
	/* From the latest down, the first year anyone reported in. */
	for (y = best; y > 0 && best - y < 64; y--) {
		for (i = 0; i < ny && years[i] != y; i++)
			;
		if (i == ny)
			continue;
		for (k = 0; k < n; k++) {
			found = store_each_value(s, rows[k].u->code, y, y,
			    stop_at_first, NULL);
			if (found == 1)
				return y;
		}
	}
	if (best > 0)
		return best;
	{
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		return tm.tm_year + 1900;
	}
}

/* Better first: the core's overall ranking (eval_rank_overall). */
static int
cmp_score(const struct urow *a, const struct urow *b)
{
	return eval_cmp_overall(&a->sum, &b->sum);
}

/* The unit's lineage: the units it was made of and the units made of it,
 * with dates and shares (unit_changes.csv). Nothing when it has none. */
static void
lineage(struct req *r, const struct unit *u, size_t nu, const char *code)
{
	struct unit_change *ch = NULL;
	const struct unit_change **pred = NULL, **succ = NULL;
	struct fig_data d;
	struct fig_ctx *fx;
	struct buf b = BUF_INIT;
	size_t nch = 0, np = 0, ns = 0, i, k;

	if (store_unit_changes(r->store, &ch, &nch) != 0 || nch == 0)
		goto out;
	memset(&d, 0, sizeof(d));
	d.units = u;
	d.nunits = nu;
	d.changes = ch;
	d.nchanges = nch;
	fx = fig_index(&d);
	fig_lineage(fx, code, &pred, &np, &succ, &ns);
	fig_ctx_free(fx);
	if (np + ns == 0)
		goto out;
	web_html(&r->body, "<section class=\"card lineage\"><h2>Lịch sử đơn vị"
	    "</h2>\n<ul>\n");
	for (k = 0; k < 2; k++) {
		const struct unit_change **a = k == 0 ? pred : succ;
		size_t n = k == 0 ? np : ns;

		for (i = 0; i < n; i++) {
			const char *other = k == 0 ? a[i]->from : a[i]->to;
			const char *name = other, *kind = "đơn vị";
			size_t j;

			for (j = 0; j < nu; j++)
				if (strcmp(u[j].code, other) == 0)
					name = u[j].name, kind = u[j].kind;
			if (strcmp(other, code) == 0)
				continue;	/* kept its code */
			buf_reset(&b);
			date_format_vi(&b, &a[i]->date);
			web_html(&r->body, "<li>%s ngày %s: %s %s (mã %s)", k == 0 ?
			    "Hình thành từ" : "Chuyển sang", buf_str(&b), kind, name,
			    other);
			if (a[i]->share != 100.0) {
				buf_reset(&b);
				num_format(&b, a[i]->share, 2, NUM_FMT_TRIM);
				web_html(&r->body, ", %s%%", buf_str(&b));
			}
			web_html(&r->body, "</li>\n");
		}
	}
	web_html(&r->body, "</ul>\n<p><small>Số liệu các kỳ trước ngày sắp xếp "
	    "được suy ra từ các đơn vị cũ theo tỷ lệ.</small></p></section>\n");
out:
	free(pred);
	free(succ);
	store_free_unit_changes(ch, nch);
	buf_free(&b);
}

static int
cmp_rows(const void *pa, const void *pb)
{
	const struct urow *a = pa, *b = pb;
	int c;

	if (a->has_targets != b->has_targets)
		return a->has_targets ? -1 : 1;
	if (a->has_targets && (c = cmp_score(a, b)) != 0)
		return c;
	if ((c = strcmp(a->key != NULL ? a->key : "", b->key != NULL ?
	    b->key : "")) != 0)
		return c;
	return strcmp(a->u->code, b->u->code);
}

static void
filters(struct req *r, int year, const struct period *cur)
{
	static const char *const suffix[] = { "", "-H1", "-H2", "-9M", "-Q1",
	    "-Q2", "-Q3", "-Q4", "-M01", "-M02", "-M03", "-M04", "-M05", "-M06",
	    "-M07", "-M08", "-M09", "-M10", "-M11", "-M12" };
	struct buf c = BUF_INIT, pc = BUF_INIT, lbl = BUF_INIT;
	struct period p;
	size_t i;

	period_format(&c, cur);
	web_html(&r->body, "<form method=\"get\" action=\"/units\" "
	    "class=\"filters autosubmit card\">\n<label>Năm <input name=\"year\" "
	    "type=\"number\" min=\"1900\" max=\"2200\" value=\"%d\"></label>\n"
	    "<label>Kỳ <select name=\"period\">", year);
	for (i = 0; i < sizeof(suffix) / sizeof(suffix[0]); i++) {
		buf_reset(&pc);
		buf_reset(&lbl);
		buf_printf(&pc, "%d%s", year, suffix[i]);
		if (period_parse(pc.data, pc.len, &p) != 0)
			continue;
		period_label(&lbl, &p);
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>", buf_str(&pc),
		    strcmp(buf_str(&pc), buf_str(&c)) == 0 ? " selected" : "",
		    buf_str(&lbl));
	}
	web_html(&r->body, "</select></label>\n<button>Xem</button>\n</form>\n");
	buf_free(&c);
	buf_free(&pc);
	buf_free(&lbl);
}

static void
unit_cell(struct req *r, const struct urow *row, const char *link)
{
	web_html(&r->body, "<td data-label=\"Đơn vị\"><a href=\"%R\">%s %s</a>",
	    link, row->u->kind, row->u->name);
	if (row->parent != NULL && (r->who.acct.unit == NULL ||
	    strcmp(row->parent->code, r->who.acct.unit) != 0))
		web_html(&r->body, "<br><small>thuộc %s %s</small>",
		    row->parent->kind, row->parent->name);
	web_html(&r->body, "</td>");
}

void
h_units(struct req *r)
{
	const char *ys = web_query(r, "year"), *ps = web_query(r, "period");
	const char *under = web_query(r, "unit");
	int *ranks = NULL;
	struct eval_summary *sums = NULL;
	struct unit *u = NULL;
	size_t nu = 0, n = 0, nranked = 0, i, k;
	struct urow *rows = NULL;
	struct period per;
	struct app_eval e;
	struct eval_summary all;
	struct buf err = BUF_INIT, link = BUF_INIT, t = BUF_INIT;
	struct buf pcode = BUF_INIT, lbl = BUF_INIT;
	int year, good_all;
	struct utree tree = { 0 };

	memset(&all, 0, sizeof(all));
	if (store_units(r->store, &u, &nu) != 0) {
		web_error(r, 503, "Không đọc được danh sách đơn vị; hãy thử lại.");
		return;
	}
	rows = xcalloc(nu ? nu : 1, sizeof(*rows));
	utree_build(&tree, u, nu);
	for (i = 0; i < nu; i++) {
		if (!auth_can_read_in(r, &tree, u[i].code))
			continue;
		/* ?unit=P: the children of P, ranked among themselves. */
		if (under != NULL && *under != '\0' && (u[i].parent == NULL ||
		    strcmp(u[i].parent, under) != 0))
			continue;
		rows[n].u = &u[i];
		if (tree.parent[i] != UTREE_NONE)
			rows[n].parent = &u[tree.parent[i]];
		rows[n].key = text_fold(u[i].name, strlen(u[i].name));
		n++;
	}
	if (ys != NULL && *ys != '\0') {
		year = atoi(ys);
		if (year < 1900 || year > 2200) {
			web_error(r, 400, "Năm không hợp lệ: viết năm bốn chữ số, ví dụ "
			    "2023.");
			goto out;
		}
	} else
		year = default_year(r->store, rows, n);
	memset(&per, 0, sizeof(per));
	per.year = year;
	if (ps != NULL && *ps != '\0' && (period_parse(ps, strlen(ps), &per) != 0 ||
	    per.year != year)) {
		web_error(r, 400, "Kỳ không hợp lệ: chọn cả năm, 6 tháng, 9 tháng, "
		    "quý hoặc tháng của năm đã chọn.");
		goto out;
	}
	period_format(&pcode, &per);

	/* Each unit's tally as its dashboard has it: the children of one
	 * parent from the parent's figures, read once; the rest (and all,
	 * should that fail) one by one. */
	tally_by_parent(r->store, rows, n, &per);
	for (i = 0; i < n; i++) {
		if (rows[i].done)
			continue;
		buf_reset(&err);
		if (app_evaluate_rollup(r->store, rows[i].u->code, &per, -1, false,
		    &e, &err) != 0)
			rows[i].err = xstrdup(buf_str(&err));
		else if (e.ntargets > 0) {
			rows[i].has_targets = true;
			rows[i].sum = e.res.sum;
			rows[i].good = e.res.sum.count[BAND_EXCEEDED] +
			    e.res.sum.count[BAND_MET];
		}
		app_eval_free(&e);
	}
	/* A unit above others with no targets of its own is not compared. */
	for (i = 0; i < n; i++) {
		if (rows[i].has_targets || rows[i].err != NULL)
			continue;
		if (utree_has_kids(&tree, rows[i].u->code)) {
			free(rows[i].key);
			rows[i--] = rows[--n];
		}
	}
	qsort(rows, n, sizeof(*rows), cmp_rows);
	sums = xcalloc(n ? n : 1, sizeof(*sums));
	ranks = xcalloc(n ? n : 1, sizeof(*ranks));
	for (i = 0; i < n && rows[i].has_targets; i++)
		sums[i] = rows[i].sum;
	eval_rank_overall(sums, i, ranks);
	for (i = 0; i < n && rows[i].has_targets; i++) {
		rows[i].rank = ranks[i];
		nranked++;
		all.total += rows[i].sum.total;
		all.no_level += rows[i].sum.no_level;
		for (k = 0; k < BAND__MAX; k++)
			all.count[k] += rows[i].sum.count[k];
	}

	period_label(&lbl, &per);
	web_page_begin(r, "Đơn vị");
	filters(r, year, &per);
	if (under != NULL && *under != '\0' && auth_can_read_in(r, &tree, under))
		lineage(r, u, nu, under);
	if (n == 0) {
		web_html(&r->body, "<p class=\"card\">Tài khoản này không xem được "
		    "đơn vị nào.</p>\n");
		web_page_end(r);
		goto out;
	}
	if (nranked > 0) {
		good_all = all.count[BAND_EXCEEDED] + all.count[BAND_MET];
		buf_reset(&t);
		if (all.total > 0) {
			num_format(&t, 100.0 * good_all / all.total, 2, NUM_FMT_TRIM);
			buf_putc(&t, '%');
		}
		web_html(&r->body, "<p class=\"card\">%zu đơn vị có chỉ tiêu kế hoạch "
		    "năm %d; đánh giá %s: tổng %d chỉ tiêu, %d vượt, %d đạt, %d đạt "
		    "từ 90%% trở lên, %d không đạt, %d chưa đánh giá (đạt và vượt "
		    "%s).</p>\n", nranked, year, buf_str(&lbl), all.total,
		    all.count[BAND_EXCEEDED], all.count[BAND_MET],
		    all.count[BAND_NEAR], all.count[BAND_MISSED],
		    all.count[BAND_UNASSESSED], buf_str(&t));
		web_html(&r->body, "<h2>Xếp hạng %s</h2>\n<table class=\"responsive\">"
		    "<thead><tr><th>Hạng</th><th>Đơn vị</th><th class=\"num\">Số chỉ "
		    "tiêu</th><th class=\"num\">Vượt</th><th class=\"num\">Đạt</th>"
		    "<th class=\"num\">Đạt từ 90%%</th><th class=\"num\">Không đạt</th>"
		    "<th class=\"num\">Chưa đánh giá</th><th class=\"num\">Đạt và vượt"
		    "</th></tr></thead><tbody>\n", buf_str(&lbl));
		for (i = 0; i < nranked; i++) {
			const struct urow *row = &rows[i];
			char rank[32];

			buf_reset(&link);
			buf_reset(&t);
			web_html(&link, "/?unit=%U&amp;year=%d&amp;period=%U",
			    row->u->code, year, buf_str(&pcode));
			snprintf(rank, sizeof(rank), "%02d/%02zu", row->rank, nranked);
			if (row->sum.total > 0) {
				num_format(&t, 100.0 * row->good / row->sum.total, 2,
				    NUM_FMT_TRIM);
				buf_putc(&t, '%');
			}
			web_html(&r->body, "<tr><td data-label=\"Hạng\">hạng %s</td>",
			    rank);
			unit_cell(r, row, buf_str(&link));
			web_html(&r->body, "<td class=\"num\" data-label=\"Số chỉ tiêu\">"
			    "%d</td><td class=\"num\" data-label=\"Vượt\">%d</td>"
			    "<td class=\"num\" data-label=\"Đạt\">%d</td>"
			    "<td class=\"num\" data-label=\"Đạt từ 90%%\">%d</td>"
			    "<td class=\"num\" data-label=\"Không đạt\">%d</td>"
			    "<td class=\"num\" data-label=\"Chưa đánh giá\">%d</td>"
			    "<td class=\"num\" data-label=\"Đạt và vượt\">%s</td></tr>\n",
			    row->sum.total, row->sum.count[BAND_EXCEEDED],
			    row->sum.count[BAND_MET], row->sum.count[BAND_NEAR],
			    row->sum.count[BAND_MISSED],
			    row->sum.count[BAND_UNASSESSED], buf_str(&t));
		}
		web_html(&r->body, "</tbody></table>\n<p><small>Xếp hạng theo tỷ lệ "
		    "chỉ tiêu đạt và vượt trên tổng số chỉ tiêu; bằng nhau thì đơn vị "
		    "ít chỉ tiêu không đạt hơn xếp trên; vẫn bằng nhau thì cùng hạng "
		    "(xếp theo tên). Chỉ tiêu gộp tính là một chỉ tiêu.</small></p>\n");
	}
	if (nranked < n) {
		web_html(&r->body, "<h2>Chưa có chỉ tiêu năm %d</h2>\n<ul class=\""
		    "card\">\n", year);
		for (i = nranked; i < n; i++) {
			buf_reset(&link);
			web_html(&link, "/?unit=%U&amp;year=%d", rows[i].u->code, year);
			web_html(&r->body, "<li><a href=\"%R\">%s %s</a> — %s</li>\n",
			    buf_str(&link), rows[i].u->kind, rows[i].u->name,
			    rows[i].err != NULL ? rows[i].err : "chưa có chỉ tiêu");
		}
		web_html(&r->body, "</ul>\n");
	}
	web_page_end(r);
out:
	for (i = 0; i < n; i++) {
		free(rows[i].key);
		free(rows[i].err);
	}
	free(rows);
	free(sums);
	free(ranks);
	utree_free(&tree);
	store_free_units(u, nu);
	buf_free(&err);
	buf_free(&link);
	buf_free(&t);
	buf_free(&pcode);
	buf_free(&lbl);
}
