/* page_province.c: So sánh — the level above reads all of its communes side
 * by side: one row per commune (every unit below the chosen one that has no
 * units below it), one column per indicator with a target, each cell
 * coloured by its band and linked to that commune's indicator page; the
 * communes most at risk first, sortable by name, by any column or by the
 * number at risk, filterable by sector and by band, with the count of
 * communes that reported under every column and the names of those that
 * did not. Sorting and filtering are plain links and a GET form, so the page
 * works without the script. The communes are evaluated in bulk
 * (app_evaluate_units) and the table is cached per data generation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/fig.h"
#include "core/hmap.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "webpage.h"

/* One commune of the table. */
struct prow {
	const struct unit	*u;
	const struct unit	*parent;	/* its parent, or NULL */
	char			*key;		/* folded name, for the order */
	const struct eval_row	**cells;	/* by column, NULL: no target */
	const struct app_unit_eval *ev;
	int			 nrisk;		/* at-risk cells shown */
	bool			 shown;		/* passes the band filter */
	int			 k0;		/* sort keys: group (1: last) */
	double			 k1, k2;	/* then these, then the name */
};

/* One indicator column. */
struct pcol {
	const struct indicator	*ind;
	int			 reported;	/* communes with a figure */
	int			 expected;	/* communes with a target */
};

/* The query of the page, kept for the links that change one part. */
struct pquery {
	const char	*unit;		/* code */
	int		 year;
	const char	*period;	/* "2023-Q3" */
	const char	*sector;	/* "" for all */
	const char	*band;		/* "", "risk" or a band name */
	const char	*sort;		/* "risk", "name" or an indicator code */
	bool		 desc;		/* the opposite of the sort's default */
};

/* Whether unit u existed at some time of period p. */
static bool
in_period(const struct unit *u, const struct period *p)
{
	struct date end = period_last_day(p), start = { p->year, 1, 1 };
	int last;

	period_months(p, &start.month, &last);
	return !(date_isset(&u->valid_to) && date_cmp(&u->valid_to, &start) < 0) &&
	    !(date_isset(&u->valid_from) && date_cmp(&u->valid_from, &end) > 0);
}

/* Whether a row's indicator has a figure (for a compound: any part). */
static bool
reported(const struct eval_row *row)
{
	size_t i;

	if (row->has_actual)
		return true;
	for (i = 0; i < row->nchildren; i++)
		if (reported(&row->children[i]))
			return true;
	return false;
}

/* Worst first: missed, near, unassessed, met, exceeded. */
static int
band_rank(enum band b)
{
	static const int rank[BAND__MAX] = { 4, 3, 1, 0, 2 };

	return rank[b];
}

static int
cmp_prow(const void *pa, const void *pb)
{
	const struct prow *a = pa, *b = pb;
	int c;

	if (a->k0 != b->k0)
		return a->k0 < b->k0 ? -1 : 1;
	if (a->k1 != b->k1)
		return a->k1 < b->k1 ? -1 : 1;
	if (a->k2 != b->k2)
		return a->k2 < b->k2 ? -1 : 1;
	c = strcmp(a->key, b->key);
	return c != 0 ? c : strcmp(a->u->code, b->u->code);
}

/* Sort the rows by q: the number at risk (most first), the name (A to Z)
 * or column col (worst band first, then the lowest percentage); desc turns
 * the order round, except that communes without the column's target stay
 * last. */
static void
sort_rows(struct prow *rows, size_t n, const struct pquery *q, size_t col,
    bool by_col)
{
	double sgn = q->desc ? -1 : 1;
	size_t i;
	struct prow tmp;

	for (i = 0; i < n; i++) {
		struct prow *p = &rows[i];
		const struct eval_row *c = by_col ? p->cells[col] : NULL;

		p->k0 = 0;
		p->k1 = p->k2 = 0;
		if (strcmp(q->sort, "risk") == 0)
			p->k1 = -sgn * p->nrisk;
		else if (by_col && c == NULL)
			p->k0 = 1;
		else if (by_col) {
			p->k1 = sgn * band_rank(c->v.band);
			p->k2 = sgn * (c->v.has_percent ? c->v.percent : 1e300);
		}
	}
	qsort(rows, n, sizeof(*rows), cmp_prow);
	if (strcmp(q->sort, "name") == 0 && q->desc)
		for (i = 0; i < n / 2; i++) {
			tmp = rows[i];
			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = tmp;
		}
}

/* A link to this page with the sort changed; the rest of the query kept. */
static void
self_link(struct buf *b, const struct pquery *q, const char *sort, bool desc)
{
	web_html(b, "/province?unit=%U&amp;year=%d&amp;period=%U", q->unit,
	    q->year, q->period);
	if (*q->sector != '\0')
		web_html(b, "&amp;sector=%U", q->sector);
	if (*q->band != '\0')
		web_html(b, "&amp;band=%U", q->band);
	if (strcmp(sort, "risk") != 0)
		web_html(b, "&amp;sort=%U", sort);
	if (desc)
		web_html(b, "&amp;dir=desc");
}

/* A sortable column header: a link that sorts by it, or turns the order
 * round when it is the current one. */
static void
sort_header(struct req *r, const struct pquery *q, const char *key,
    const char *label, const char *title, const char *cls)
{
	struct buf l = BUF_INIT;
	bool cur = strcmp(q->sort, key) == 0;
	bool name = strcmp(key, "name") == 0;

	self_link(&l, q, key, cur && !q->desc);
	web_html(&r->body, "<th scope=\"col\" class=\"%s\"", cls);
	if (cur)
		web_html(&r->body, " aria-sort=\"%s\"", name != q->desc ?
		    "ascending" : "descending");
	web_html(&r->body, "><a href=\"%R\" title=\"%s\">%s%R</a></th>",
	    buf_str(&l), title, label, cur ? (q->desc ? " ▴" : " ▾") : "");
	buf_free(&l);
}

static void
legend(struct req *r)
{
	int b;

	web_html(&r->body, "<p class=\"legend\">Màu của ô:");
	for (b = 0; b < BAND__MAX; b++)
		web_html(&r->body, " <span class=\"badge b-%s\">%s</span>",
		    band_names[b], band_labels_vi[b]);
	web_html(&r->body, ". Ô trống: đơn vị không có chỉ tiêu này; "
	    "“—”: chưa báo cáo. Bấm tên đơn vị để xem trang tổng quan của đơn "
	    "vị, bấm một ô để xem chỉ tiêu đó; bấm tiêu đề cột để sắp xếp.</p>\n");
}

/* The filters: unit, year, period, sector, band (the sort is kept). */
static void
filters(struct req *r, const struct pquery *q, const struct utree *t,
    const struct sector *sec, size_t nsec, const struct scope *sc)
{
	static const char *const band_opts[] = { "", "risk", "exceeded", "met",
	    "near", "missed", "unassessed" };
	static const char *const band_lbls[] = { "Tất cả",
	    "Cần chú ý (không đạt, đạt từ 90%)", "Vượt", "Đạt", "Đạt từ 90% trở lên", "Không đạt",
	    "Chưa đánh giá" };
	size_t i;

	web_html(&r->body, "<form method=\"get\" action=\"/province\" "
	    "class=\"filters autosubmit card\">\n<label>Đơn vị <select "
	    "name=\"unit\">");
	for (i = 0; i < t->n; i++)
		if (t->has_kids[i] && auth_can_read_in(r, t, t->u[i].code))
			web_html(&r->body, "<option value=\"%s\"%R>%s %s</option>",
			    t->u[i].code, strcmp(t->u[i].code, q->unit) == 0 ?
			    " selected" : "", t->u[i].kind, t->u[i].name);
	web_html(&r->body, "</select></label>\n<label>Năm <input name=\"year\" "
	    "type=\"number\" min=\"1900\" max=\"2200\" value=\"%d\"></label>\n"
	    "<label>Kỳ <select name=\"period\">", q->year);
	page_period_options(&r->body, sc);
	web_html(&r->body, "</select></label>\n<label>Lĩnh vực <select "
	    "name=\"sector\"><option value=\"\">Tất cả</option>");
	for (i = 0; i < nsec; i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>", sec[i].code,
		    strcmp(sec[i].code, q->sector) == 0 ? " selected" : "",
		    sec[i].name);
	web_html(&r->body, "</select></label>\n<label>Đánh giá <select "
	    "name=\"band\">");
	for (i = 0; i < sizeof(band_opts) / sizeof(band_opts[0]); i++)
		web_html(&r->body, "<option value=\"%s\"%R>%s</option>", band_opts[i],
		    strcmp(band_opts[i], q->band) == 0 ? " selected" : "",
		    band_lbls[i]);
	web_html(&r->body, "</select></label>\n");
	if (strcmp(q->sort, "risk") != 0)
		web_html(&r->body, "<input type=\"hidden\" name=\"sort\" "
		    "value=\"%s\">", q->sort);
	if (q->desc)
		web_html(&r->body, "<input type=\"hidden\" name=\"dir\" "
		    "value=\"desc\">");
	web_html(&r->body, "<button>Xem</button>\n</form>\n");
}

/* One cell: coloured by band, the percentage (else the band in brief),
 * the band in words for screen readers, a link to the indicator page. */
static void
cell_html(struct req *r, const struct pquery *q, const struct prow *row,
    const struct pcol *col, const struct eval_row *c, double near)
{
	struct buf pct = BUF_INIT, shown = BUF_INIT;
	struct buf title = BUF_INIT;

	if (c == NULL) {
		web_html(&r->body, "<td class=\"cell none\"><span class=\"sr\">không "
		    "có chỉ tiêu</span></td>");
		return;
	}
	if (c->v.has_percent) {
		num_format(&pct, eval_shown_percent(&c->v, near, 2), 2,
		    NUM_FMT_TRIM);
		buf_putc(&pct, '%');
	}
	buf_puts(&shown, pct.len > 0 ? buf_str(&pct) : !reported(c) ? "—" :
	    c->v.band == BAND_MISSED ? "không" : c->v.band == BAND_UNASSESSED ?
	    "?" : "đạt");
	buf_printf(&title, "%s %s — %s: %s", row->u->kind, row->u->name,
	    col->ind->code, band_labels_vi[c->v.band]);
	/* The plan and the actual are on the indicator page the cell leads
	 * to: writing them here for thousands of cells would double the
	 * page's time (figures in Vietnamese format are not free). */
	if (c->target != NULL && !reported(c))
		buf_puts(&title, "; chưa báo cáo");
	web_html(&r->body, "<td class=\"cell c-%s\"><a href=\"/indicator?unit=%U"
	    "&amp;code=%U&amp;year=%d&amp;period=%U\" title=\"%s\">%s"
	    "<span class=\"sr\"> %s</span></a></td>", band_names[c->v.band],
	    row->u->code, col->ind->code, q->year, q->period, buf_str(&title),
	    buf_str(&shown), band_labels_vi[c->v.band]);
	buf_free(&pct);
	buf_free(&shown);
	buf_free(&title);
}

/* The figures of the unit itself, column by column, rolled up from its
 * communes (fig.c: sums, ratios of sums, coverage) — what a province without
 * targets of its own is shown instead of its evaluation. */
static void
rollup_row(struct req *r, const struct scope *sc, const struct fig_ctx *figs,
    const struct indicator *ind, bool part)
{
	struct date asof = period_last_day(&sc->period);
	struct buf v = BUF_INIT;
	struct fig f;

	if (ind->kind == KIND_COMPOUND) {
		web_html(&r->body, "<tr><td>%s</td><td>%s</td><td></td><td></td>"
		    "<td>gồm các chỉ tiêu thành phần dưới đây</td></tr>\n",
		    ind->code, ind->name);
		return;
	}
	fig_get(figs, sc->unit.code, ind, &sc->period, &asof, &f);
	if (f.has) {
		app_figure(&v, ind, f.value);
		if (ind->uom != NULL && *ind->uom != '\0')
			buf_printf(&v, strcmp(ind->uom, "%") == 0 ? "%s" : " %s",
			    ind->uom);
	} else
		buf_puts(&v, "—");
	web_html(&r->body, "<tr%R><td>%s</td><td>%s</td><td class=\"num\">%s</td>"
	    "<td class=\"num%R\">", part ? " class=\"part\"" : "", ind->code,
	    ind->name, buf_str(&v), f.reported < f.expected ? " missing" : "");
	if (f.expected > 0)
		web_html(&r->body, "%d/%d", f.reported, f.expected);
	web_html(&r->body, "</td><td>%s%s%s</td></tr>\n",
	    f.has && f.estimate ? "có số ước thực hiện" : "",
	    f.has && f.estimate && f.why != NULL ? "; " : "",
	    f.why != NULL ? f.why : f.source == FIG_OWN ?
	    "số liệu riêng của đơn vị" : "");
	fig_release(&f);
	buf_free(&v);
}

static void
rollup_html(struct req *r, const struct scope *sc, const struct fig_ctx *figs,
    const struct pcol *cols, size_t ncols, const struct indicator *inds,
    size_t ninds)
{
	struct buf pl = BUF_INIT;
	size_t k, i;

	period_label(&pl, &sc->period);
	web_html(&r->body, "<h2>Số liệu toàn %s %s, %s</h2>\n<p>Tổng hợp từ số "
	    "liệu các xã, phường: chỉ tiêu số lượng được cộng lại, chỉ tiêu tỷ lệ "
	    "tính lại từ tổng tử số và tổng mẫu số; số của xã, phường chưa báo cáo "
	    "không có trong tổng.</p>\n<div class=\"scroll\" role=\"region\" "
	    "tabindex=\"0\" aria-label=\"Số liệu toàn %s\">\n<table class=\"rollup\">"
	    "\n<thead><tr><th scope=\"col\">Mã</th><th scope=\"col\">Chỉ tiêu</th>"
	    "<th scope=\"col\" class=\"num\">Số liệu</th><th scope=\"col\" "
	    "class=\"num\">Đã báo cáo</th><th scope=\"col\">Ghi chú</th></tr>"
	    "</thead>\n<tbody>\n", sc->unit.kind, sc->unit.name, buf_str(&pl),
	    sc->unit.kind);
	for (k = 0; k < ncols; k++) {
		rollup_row(r, sc, figs, cols[k].ind, false);
		for (i = 0; i < ninds; i++)
			if (inds[i].parent != NULL &&
			    strcmp(inds[i].parent, cols[k].ind->code) == 0)
				rollup_row(r, sc, figs, &inds[i], true);
	}
	web_html(&r->body, "</tbody>\n</table>\n</div>\n");
	buf_free(&pl);
}

/* The latest year any of the communes has values (else targets) in. */
static int
default_year(struct store *s, struct prow *rows, size_t n)
{
	size_t i;
	int y, best = 0;

	for (i = 0; i < n; i++)
		if (store_latest_year(s, rows[i].u->code, &y) == 0 && y > best)
			best = y;
	return best > 0 ? best : 2000;
}

/* The table and what goes with it, for the query q: what is cached. */
static void
table(struct req *r, const struct pquery *q, const struct scope *sc,
    struct prow *rows, size_t n)
{
	struct app_bulk b;
	struct app_eval own;
	struct buf err = BUF_INIT, s = BUF_INIT, link = BUF_INIT;
	struct pcol *cols = NULL;
	const char **codes;
	struct hmap colidx = { 0 };
	size_t ncols = 0, i, k, j, sortcol = 0, nshown = 0, nnone = 0;
	bool by_col = false, any;
	int cnt[BAND__MAX] = { 0 }, total = 0;

	memset(&own, 0, sizeof(own));
	codes = xcalloc(n ? n : 1, sizeof(*codes));
	for (i = 0; i < n; i++)
		codes[i] = rows[i].u->code;
	/* The province's own evaluation (its targets, its figures rolled up
	 * from its communes), whose figures of the communes are theirs in
	 * the table too. */
	if (app_evaluate_rollup(r->store, sc->unit.code, &sc->period, -1, true,
	    &own, &err) != 0) {
		app_eval_free(&own);
		memset(&own, 0, sizeof(own));
		buf_reset(&err);
	}
	if (app_evaluate_units(r->store, codes, n, &sc->period, -1,
	    own.figs != NULL ? &own : NULL, &b, &err) != 0) {
		web_html(&r->body, "<p class=\"error\" role=\"alert\">Không đánh giá "
		    "được: %s</p>\n", buf_str(&err));
		goto out;
	}

	if (own.ntargets > 0) {
		eval_tally_sentence(&s, &own.res.sum, &own.period, own.near);
		web_html(&r->body, "<p class=\"tally card\">%s (%s): %s <a href=\"/?unit="
		    "%U&amp;year=%d&amp;period=%U\">Xem chi tiết</a></p>\n",
		    sc->unit.name, sc->unit.kind, buf_str(&s), sc->unit.code,
		    q->year, q->period);
	} else
		web_html(&r->body, "<p class=\"card note\">%s (%s) chưa có chỉ tiêu "
		    "kế hoạch riêng năm %d, nên chưa có đánh giá của chính đơn vị; "
		    "số liệu của toàn %s, tổng hợp từ các xã, phường, ở cuối trang. "
		    "Bảng dưới đây so sánh từng xã, phường.</p>\n", sc->unit.name,
		    sc->unit.kind, q->year, sc->unit.kind);

	/* Columns: top-level indicators with a target in some commune, of the
	 * chosen sector, in catalogue order. */
	cols = xcalloc(b.ninds ? b.ninds : 1, sizeof(*cols));
	for (k = 0; k < b.ninds; k++) {
		const struct indicator *ind = &b.inds[k];

		if (ind->parent != NULL || (*q->sector != '\0' &&
		    strcmp(ind->sector, q->sector) != 0))
			continue;
		for (i = 0, any = false; i < n && !any; i++)
			for (j = 0; j < b.units[i].res.nrows && !any; j++)
				any = strcmp(b.units[i].res.rows[j].ind->code,
				    ind->code) == 0;
		if (!any)
			continue;
		hmap_put(&colidx, ind->code, ncols);
		if (strcmp(q->sort, ind->code) == 0) {
			sortcol = ncols;
			by_col = true;
		}
		cols[ncols++].ind = ind;
	}
	for (i = 0; i < n; i++) {
		struct prow *p = &rows[i];

		p->ev = &b.units[i];
		p->cells = xcalloc(ncols ? ncols : 1, sizeof(*p->cells));
		for (j = 0; j < p->ev->res.nrows; j++) {
			const struct eval_row *er = &p->ev->res.rows[j];

			if (!hmap_get(&colidx, er->ind->code, &k))
				continue;
			p->cells[k] = er;
			cols[k].expected++;
			if (reported(er))
				cols[k].reported++;
			if (page_at_risk(p->ev->values, p->ev->nvalues, &sc->period, er))
				p->nrisk++;
		}
		if (p->ev->ntargets == 0) {
			nnone++;
			continue;	/* listed under the table */
		}
		p->shown = *q->band == '\0';
		for (k = 0; k < ncols && !p->shown; k++)
			p->shown = p->cells[k] != NULL && (strcmp(q->band, "risk") == 0 ?
			    page_at_risk(p->ev->values, p->ev->nvalues, &sc->period,
			    p->cells[k]) : strcmp(q->band,
			    band_names[p->cells[k]->v.band]) == 0);
		if (p->shown)
			nshown++;
		for (k = 0; k < ncols; k++)
			if (p->cells[k] != NULL) {
				cnt[p->cells[k]->v.band]++;
				total++;
			}
	}
	sort_rows(rows, n, q, sortcol, by_col);

	web_html(&r->body, "<p class=\"card\">%zu xã, phường có chỉ tiêu kế "
	    "hoạch năm %d; %zu chỉ tiêu; %d ô có chỉ tiêu: %d vượt, %d đạt, %d "
	    "đạt từ 90%% trở lên, %d không đạt, %d chưa đánh giá.</p>\n",
	    n - nnone, q->year, ncols, total,
	    cnt[BAND_EXCEEDED], cnt[BAND_MET], cnt[BAND_NEAR], cnt[BAND_MISSED],
	    cnt[BAND_UNASSESSED]);
	if (nshown < n - nnone)
		web_html(&r->body, "<p>Đang lọc: hiện %zu trên %zu xã, phường.</p>\n",
		    nshown, n - nnone);
	legend(r);
	if (ncols == 0) {
		web_html(&r->body, "<p class=\"card\">Chưa có xã, phường nào có chỉ "
		    "tiêu kế hoạch %R cho kỳ này.</p>\n", *q->sector ?
		    "thuộc lĩnh vực đã chọn" : "");
		goto out;
	}
	web_html(&r->body, "<div class=\"scroll wide\" role=\"region\" tabindex=\"0\" "
	    "aria-label=\"Bảng so sánh, cuộn ngang để xem thêm cột\">\n"
	    "<table class=\"compare\">\n<caption>Kết quả từng chỉ tiêu của các "
	    "xã, phường — %s %s, ", sc->unit.kind, sc->unit.name);
	buf_reset(&s);
	period_label(&s, &sc->period);
	web_html(&r->body, "%s</caption>\n<thead><tr>", buf_str(&s));
	sort_header(r, q, "name", "Xã, phường", "Sắp xếp theo tên", "unit");
	sort_header(r, q, "risk", "Cần chú ý", "Sắp xếp theo số chỉ tiêu cần chú "
	    "ý (không đạt, đạt từ 90%, hoặc theo tiến độ không kịp)", "num");
	for (k = 0; k < ncols; k++) {
		buf_reset(&s);
		buf_printf(&s, "%s — sắp xếp theo chỉ tiêu này, kém nhất trước",
		    cols[k].ind->name);
		sort_header(r, q, cols[k].ind->code, cols[k].ind->code, buf_str(&s),
		    "ind");
	}
	web_html(&r->body, "</tr></thead>\n<tbody>\n");
	for (i = 0; i < n; i++) {
		const struct prow *p = &rows[i];

		if (!p->shown)
			continue;
		buf_reset(&link);
		web_html(&link, "/?unit=%U&amp;year=%d&amp;period=%U", p->u->code,
		    q->year, q->period);
		web_html(&r->body, "<tr%R><th scope=\"row\" class=\"unit\"><a href=\"%R\">"
		    "%s %s</a>", p->nrisk > 0 ? " class=\"risk\"" : "", buf_str(&link),
		    p->u->kind, p->u->name);
		if (p->parent != NULL && strcmp(p->parent->code, sc->unit.code) != 0)
			web_html(&r->body, "<br><small>%s %s</small>", p->parent->kind,
			    p->parent->name);
		web_html(&r->body, "</th><td class=\"num\">%d</td>", p->nrisk);
		for (k = 0; k < ncols; k++)
			cell_html(r, q, p, &cols[k], p->cells[k], b.near);
		web_html(&r->body, "</tr>\n");
	}
	web_html(&r->body, "</tbody>\n<tfoot><tr><th scope=\"row\" class=\"unit\">"
	    "Đã báo cáo</th><td></td>");
	for (k = 0; k < ncols; k++)
		web_html(&r->body, "<td class=\"num%R\" title=\"%d/%d xã, phường có "
		    "chỉ tiêu %s đã báo cáo\">%d/%d</td>", cols[k].reported <
		    cols[k].expected ? " missing" : "", cols[k].reported,
		    cols[k].expected, cols[k].ind->code, cols[k].reported,
		    cols[k].expected);
	web_html(&r->body, "</tr></tfoot>\n</table>\n</div>\n");

	/* Who has not reported, column by column. */
	any = false;
	for (k = 0; k < ncols; k++) {
		if (cols[k].reported == cols[k].expected)
			continue;
		if (!any)
			web_html(&r->body, "<h2>Chưa báo cáo số liệu</h2>\n<ul class=\"card "
			    "missing\">\n");
		any = true;
		web_html(&r->body, "<li><strong>%s</strong> %s — %d/%d xã, phường đã "
		    "báo cáo; chưa báo cáo:", cols[k].ind->code, cols[k].ind->name,
		    cols[k].reported, cols[k].expected);
		for (i = 0, j = 0; i < n; i++)
			if (rows[i].cells[k] != NULL && !reported(rows[i].cells[k]))
				web_html(&r->body, "%R %s %s", j++ ? "," : "",
				    rows[i].u->kind, rows[i].u->name);
		web_html(&r->body, ".</li>\n");
	}
	if (any)
		web_html(&r->body, "</ul>\n");
	else
		web_html(&r->body, "<p>Mọi xã, phường có chỉ tiêu đã báo cáo số liệu "
		    "của kỳ này.</p>\n");
	if (own.ntargets == 0 && own.figs != NULL)
		rollup_html(r, sc, own.figs, cols, ncols, b.inds, b.ninds);
	if (nnone > 0) {
		web_html(&r->body, "<h2>Chưa có chỉ tiêu kế hoạch năm %d</h2>\n"
		    "<p class=\"card\">", q->year);
		for (i = 0, j = 0; i < n; i++)
			if (rows[i].ev->ntargets == 0)
				web_html(&r->body, "%R<a href=\"/plan?unit=%U&amp;year=%d\">"
				    "%s %s</a>", j++ ? ", " : "", rows[i].u->code, q->year,
				    rows[i].u->kind, rows[i].u->name);
		web_html(&r->body, ".</p>\n");
	}
out:
	for (i = 0; i < n; i++) {
		free(rows[i].cells);
		rows[i].cells = NULL;
	}
	hmap_free(&colidx);
	free(cols);
	free(codes);
	app_bulk_free(&b);
	app_eval_free(&own);
	buf_free(&err);
	buf_free(&s);
	buf_free(&link);
}

void
page_province_link(struct req *r, const struct scope *sc)
{
	struct unit *u = NULL;
	struct buf pc = BUF_INIT;
	size_t n = 0, i;
	bool kids = false;

	if (store_units(r->store, &u, &n) == 0)
		for (i = 0; i < n && !kids; i++)
			kids = u[i].parent != NULL &&
			    strcmp(u[i].parent, sc->unit.code) == 0;
	if (kids) {
		period_format(&pc, &sc->period);
		web_html(&r->body, "<p class=\"card\"><a href=\"/province?unit=%U"
		    "&amp;year=%d&amp;period=%U\">So sánh các xã, phường của %s %s"
		    "</a>: mỗi xã một dòng, mỗi chỉ tiêu một cột, xã cần chú ý "
		    "trước.</p>\n", sc->unit.code, sc->year, buf_str(&pc),
		    sc->unit.kind, sc->unit.name);
	}
	store_free_units(u, n);
	buf_free(&pc);
}

void
h_province(struct req *r)
{
	const char *uq = web_query(r, "unit"), *ys = web_query(r, "year");
	const char *ps = web_query(r, "period"), *dir = web_query(r, "dir");
	struct pquery q;
	struct scope sc;
	const struct unit *u;
	struct sector *sec = NULL;
	struct prow *rows = NULL;
	struct buf err = BUF_INIT, pcode = BUF_INIT, key = BUF_INIT;
	size_t nu = 0, nsec = 0, n = 0, i, k;
	const struct unit *home = NULL;
	const struct web_units *x;
	const struct utree *tree;
	long long gen;
	char *y;

	memset(&sc, 0, sizeof(sc));
	memset(&q, 0, sizeof(q));
	if ((x = web_units(r)) == NULL ||
	    store_sectors(r->store, &sec, &nsec) != 0) {
		web_error(r, 503, "Không đọc được danh sách đơn vị; hãy thử lại.");
		goto out;
	}
	u = x->u;
	nu = x->n;
	tree = &x->tree;
	/* The unit: asked for, else the account's, else (an admin) the first
	 * unit at the top that has units below it. */
	if (uq != NULL && *uq != '\0') {
		if (app_find_unit(r->store, uq, &sc.unit, &err) != 0) {
			web_error(r, 404, buf_str(&err));
			goto out;
		}
		k = utree_find(tree, sc.unit.code);
	} else if (r->who.acct.unit != NULL)
		k = utree_find(tree, r->who.acct.unit);
	else
		for (i = 0, k = UTREE_NONE; i < nu && k == UTREE_NONE; i++)
			if (u[i].parent == NULL && tree->has_kids[i])
				k = i;
	home = k != UTREE_NONE ? &u[k] : NULL;
	if (home == NULL || !auth_can_read_in(r, tree, home->code)) {
		web_error(r, 403, "Bạn không được xem số liệu của đơn vị này.");
		goto out;
	}
	if (!tree->has_kids[k]) {
		web_error(r, 403, "Trang So sánh dành cho cấp trên: đơn vị này không "
		    "có xã, phường trực thuộc. Xem kết quả của đơn vị ở trang Tổng "
		    "quan.");
		goto out;
	}
	if (sc.unit.code == NULL && app_find_unit(r->store, home->code, &sc.unit,
	    &err) != 0) {
		web_error(r, 404, buf_str(&err));
		goto out;
	}
	/* The communes: every unit below with no unit below it. */
	rows = xcalloc(nu ? nu : 1, sizeof(*rows));
	for (i = 0; i < nu; i++) {
		if (tree->has_kids[i] || i == k ||
		    !utree_within(tree, home->code, u[i].code))
			continue;
		rows[n].u = &u[i];
		rows[n].parent = tree->parent[i] != UTREE_NONE ?
		    &u[tree->parent[i]] : NULL;
		rows[n].key = text_fold(u[i].name, strlen(u[i].name));
		if (rows[n].key == NULL)
			rows[n].key = xstrdup(u[i].name);
		n++;
	}

	/* Year and period. */
	if (ys != NULL && *ys != '\0') {
		sc.year = (int)strtol(ys, &y, 10);
		if (*y != '\0' || sc.year < 1900 || sc.year > 2200) {
			web_error(r, 400, "Năm không hợp lệ: viết năm bốn chữ số, ví dụ "
			    "2023.");
			goto out;
		}
	} else
		sc.year = default_year(r->store, rows, n);
	sc.period.year = sc.year;
	sc.period.kind = PERIOD_YEAR;
	if (ps != NULL && *ps != '\0' && (period_parse(ps, strlen(ps),
	    &sc.period) != 0 || sc.period.year != sc.year)) {
		web_error(r, 400, "Kỳ không hợp lệ: chọn cả năm, 6 tháng, 9 tháng, "
		    "quý hoặc tháng của năm đã chọn.");
		goto out;
	}
	period_format(&pcode, &sc.period);
	/* Only the communes that existed in the period: those a merger ended
	 * before it (or that began after it) are not late in reporting. */
	for (i = 0, k = 0; i < n; i++)
		if (in_period(rows[i].u, &sc.period))
			rows[k++] = rows[i];
		else
			free(rows[i].key);
	n = k;

	q.unit = sc.unit.code;
	q.year = sc.year;
	q.period = buf_str(&pcode);
	q.sector = web_query(r, "sector") ? web_query(r, "sector") : "";
	q.band = web_query(r, "band") ? web_query(r, "band") : "";
	q.sort = web_query(r, "sort") && *web_query(r, "sort") ?
	    web_query(r, "sort") : "risk";
	q.desc = dir != NULL && strcmp(dir, "desc") == 0;
	if (*q.sector != '\0') {
		for (i = 0; i < nsec && strcmp(sec[i].code, q.sector) != 0; i++)
			;
		if (i == nsec) {
			web_error(r, 400, "Lĩnh vực không có trong danh mục: chọn trong "
			    "danh sách Lĩnh vực.");
			goto out;
		}
	}
	if (*q.band != '\0' && strcmp(q.band, "risk") != 0 &&
	    model_lookup(band_names, q.band) < 0) {
		web_error(r, 400, "Mức đánh giá không hợp lệ: chọn trong danh sách "
		    "Đánh giá.");
		goto out;
	}
	if (dir != NULL && *dir != '\0' && strcmp(dir, "desc") != 0 &&
	    strcmp(dir, "asc") != 0) {
		web_error(r, 400, "Thứ tự sắp xếp không hợp lệ: asc hoặc desc.");
		goto out;
	}
	if (strlen(q.sort) > 64) {
		web_error(r, 400, "Cột sắp xếp không hợp lệ.");
		goto out;
	}

	web_page_begin(r, "So sánh các xã, phường");
	filters(r, &q, tree, sec, nsec, &sc);
	/* Everything below the filters depends only on the query and the data
	 * (the account only chose a unit it may read): cached per generation. */
	if (store_generation(r->store, &gen) != 0)
		gen = -1;
	buf_printf(&key, "prov|%s|%s|%s|%s|%s|%d", q.unit, q.period, q.sector,
	    q.band, q.sort, q.desc);
	if (!web_cache_get(r->web, buf_str(&key), gen, &r->body)) {
		size_t start = r->body.len;

		table(r, &q, &sc, rows, n);
		web_cache_put(r->web, buf_str(&key), gen, r->body.data + start,
		    r->body.len - start);
	}
	web_page_end(r);
out:
	for (i = 0; i < n; i++)
		free(rows[i].key);
	free(rows);
	store_free_sectors(sec, nsec);
	scope_free(&sc);
	buf_free(&err);
	buf_free(&pcode);
	buf_free(&key);
}
