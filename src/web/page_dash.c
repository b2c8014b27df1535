/* page_dash.c: Tổng quan — the tally of the chosen unit and period, every
 * indicator with a progress bar and its band, those at risk first, grouped
 * by sector. An indicator is at risk when it is missed or near, or when the
 * pace of its monthly values will not reach the target by year end. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "webpage.h"

static void
row_html(struct req *r, const struct app_eval *e, const struct eval_row *row,
    int depth)
{
	struct buf t = BUF_INIT, a = BUF_INIT, pct = BUF_INIT;
	double w = row->v.has_percent ? fmin(row->v.percent, 100) :
	    row->v.band == BAND_MET || row->v.band == BAND_EXCEEDED ? 100 : 0;
	double proj;
	size_t i;

	if (row->target != NULL) {
		app_target_text(&t, row, true);
		if (row->has_actual)
			app_actual_text(&a, row, true);
	}
	page_percent(&pct, row, e->near);
	web_html(&r->body, "<tr%R><td>%R<a href=\"/indicator?unit=%U&amp;code=%U"
	    "&amp;year=%d\">%s</a></td><td class=\"num\">%s</td>"
	    "<td class=\"num\">%s</td><td class=\"num\">%R</td>"
	    "<td><progress class=\"bar b-%s\" title=\"%s\" max=\"100\" "
	    "value=\"%d\"></progress></td><td><span class=\"badge b-%s\">%s</span>",
	    page_at_risk(e->values, e->nvalues, &e->period, row) ?
	    " class=\"risk\"" : "", depth ? "&nbsp;&nbsp;↳ " : "",
	    e->unit.code, row->ind->code, e->period.year, row->ind->name,
	    buf_str(&t), buf_str(&a), buf_str(&pct), band_names[row->v.band],
	    band_labels_vi[row->v.band], (int)lround(w), band_names[row->v.band],
	    band_labels_vi[row->v.band]);
	if (row->v.band == BAND_UNASSESSED && page_projection(e->values,
	    e->nvalues, &e->period, row, &proj)) {
		buf_reset(&t);
		app_figure(&t, row->ind, proj);
		web_html(&r->body, " <small>theo tiến độ, cả năm ước %s</small>",
		    buf_str(&t));
	}
	web_html(&r->body, "</td></tr>\n");
	for (i = 0; i < row->nchildren; i++)
		row_html(r, e, &row->children[i], depth + 1);
	buf_free(&t);
	buf_free(&a);
	buf_free(&pct);
}

static void
table_head(struct req *r)
{
	web_html(&r->body, "<table class=\"responsive\"><thead><tr><th>Chỉ tiêu"
	    "</th><th>Kế hoạch</th><th>Thực hiện</th><th>Tỷ lệ</th><th>Tiến độ"
	    "</th><th>Đánh giá</th></tr></thead><tbody>\n");
}

void
h_dashboard(struct req *r)
{
	struct scope sc;
	struct app_eval e;
	struct buf err = BUF_INIT, s = BUF_INIT, key = BUF_INIT;
	struct buf page = BUF_INIT;
	const char *sector;
	size_t i, k, nrisk = 0, start;
	long long gen;

	memset(&e, 0, sizeof(e));
	/* The whole page of this session for the same query is the same while
	 * the data (accounts included) keeps its generation: serve it again. */
	if (store_generation(r->store, &gen) != 0)
		gen = -1;
	buf_printf(&page, "page|%s|%s|%s|%s", r->who.csrf,
	    web_query(r, "unit") ? web_query(r, "unit") : "",
	    web_query(r, "year") ? web_query(r, "year") : "",
	    web_query(r, "period") ? web_query(r, "period") : "");
	if (!r->who.by_token && web_cache_get(r->web, buf_str(&page), gen,
	    &r->body)) {
		buf_free(&page);
		return;
	}
	if (page_scope(r, &sc) != 0) {
		buf_free(&page);
		return;
	}
	/* Everything below the filters depends only on the unit, the period
	 * and the data: cached per generation of the data. */
	buf_printf(&key, "dash|%s|", sc.unit.code);
	period_format(&key, &sc.period);
	web_page_begin(r, "Tổng quan");
	page_filters(r, &sc, "/");
	/* Open explanation requests depend on the unit alone, but are not
	 * part of the evaluation kept below. */
	page_requests_box(r, sc.unit.code);
	page_inbox_note(r, sc.unit.code);
	page_province_link(r, &sc);
	start = r->body.len;
	if (web_cache_get(r->web, buf_str(&key), gen, &r->body)) {
		web_page_end(r);
		goto cache_page;
	}
	if (app_evaluate(r->store, sc.unit.code, &sc.period, -1, &e, &err) != 0) {
		web_error(r, 400, buf_str(&err));
		goto out;
	}
	eval_tally_sentence(&s, &e.res.sum, &e.period, e.near);
	web_html(&r->body, "<p class=\"tally card\">%s</p>\n", buf_str(&s));
	for (i = 0; i < e.res.nrows; i++)
		if (page_at_risk(e.values, e.nvalues, &e.period,
		    &e.res.rows[i]))
			nrisk++;
	if (nrisk > 0) {
		web_html(&r->body, "<h2>Cần chú ý (%zu)</h2>\n", nrisk);
		table_head(r);
		for (i = 0; i < e.res.nrows; i++)
			if (page_at_risk(e.values, e.nvalues, &e.period,
			    &e.res.rows[i]))
				row_html(r, &e, &e.res.rows[i], 0);
		web_html(&r->body, "</tbody></table>\n");
	}
	sector = NULL;
	for (i = 0; i < e.res.nrows; i++) {
		const struct eval_row *row = &e.res.rows[i];

		if (sector == NULL || strcmp(sector, row->ind->sector) != 0) {
			const char *name = row->ind->sector;

			if (sector != NULL)
				web_html(&r->body, "</tbody></table>\n");
			sector = row->ind->sector;
			for (k = 0; k < e.nsectors; k++)
				if (strcmp(e.sectors[k].code, sector) == 0)
					name = e.sectors[k].name;
			web_html(&r->body, "<h2>%s</h2>\n", name);
			table_head(r);
		}
		row_html(r, &e, row, 0);
	}
	if (sector != NULL)
		web_html(&r->body, "</tbody></table>\n");
	if (e.res.nrows == 0)
		web_html(&r->body, "<p class=\"card\">Chưa có chỉ tiêu kế hoạch nào cho "
		    "kỳ này.</p>\n");
	web_cache_put(r->web, buf_str(&key), gen, r->body.data + start,
	    r->body.len - start);
	web_page_end(r);
cache_page:
	if (!r->who.by_token && r->status == 0)
		web_cache_put(r->web, buf_str(&page), gen, r->body.data,
		    r->body.len);
out:
	app_eval_free(&e);
	scope_free(&sc);
	buf_free(&err);
	buf_free(&s);
	buf_free(&key);
	buf_free(&page);
}
