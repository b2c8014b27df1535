/* evalfmt.c: one evaluation written as JSON (for programs and the web API,
 * which must print the same bytes), as Vietnamese text for people, and as
 * CSV in machine number format. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "app.h"
#include "core/num.h"
#include "core/period.h"
#include "io/csv.h"

static json_t *
jnum(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *
jnum_if(bool has, double v)
{
	return has ? jnum(v) : json_null();
}

static json_t *
jstr(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
codes_json(const char *const *codes, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(a, json_string(codes[i]));
	return a;
}

/* Coverage of a row: its figure's; a compound's, its parts' together. */
static json_t *
coverage_json(const struct eval_row *r)
{
	json_t *o = json_object(), *missing = json_array();
	int reported = 0, expected = 0;
	size_t i, j, k;

	if (r->nchildren == 0) {
		reported = r->fig.reported;
		expected = r->fig.expected;
		for (i = 0; i < r->fig.nmissing; i++)
			json_array_append_new(missing,
			    json_string(r->fig.missing[i]));
	}
	for (j = 0; j < r->nchildren; j++) {
		const struct fig *f = &r->children[j].fig;

		reported += f->reported;
		expected += f->expected;
		for (i = 0; i < f->nmissing; i++) {
			for (k = 0; k < json_array_size(missing); k++)
				if (strcmp(json_string_value(json_array_get(missing, k)),
				    f->missing[i]) == 0)
					break;
			if (k == json_array_size(missing))
				json_array_append_new(missing,
				    json_string(f->missing[i]));
		}
	}
	json_object_set_new(o, "reported", json_integer(reported));
	json_object_set_new(o, "expected", json_integer(expected));
	json_object_set_new(o, "missing", missing);
	return o;
}

/* A unit with children: each child's figure for the row's indicator and
 * its rank among them (docs/cli.md, "by_child"); the only figures shown of
 * an indicator that does not combine (unit_agg none). */
static json_t *
by_child_json(const struct app_eval *e, const struct eval_row *r)
{
	struct date asof = period_last_day(&e->period);
	const char **kids;
	struct fig *f;
	double *v;
	bool *has, lower;
	int *rank;
	json_t *a = json_array(), *o;
	size_t n, i;

	kids = fig_children(e->figs, e->unit.code, &asof, &n);
	if (n == 0) {
		free(kids);
		return a;
	}
	f = xcalloc(n, sizeof(*f));
	v = xcalloc(n, sizeof(*v));
	has = xcalloc(n, sizeof(*has));
	rank = xcalloc(n, sizeof(*rank));
	for (i = 0; i < n; i++) {
		fig_get(e->figs, kids[i], r->ind, &e->period, &asof, &f[i]);
		has[i] = f[i].has;
		v[i] = f[i].value;
	}
	lower = r->target->shape == SHAPE_AT_MOST ||
	    r->target->shape == SHAPE_BELOW || r->target->shape == SHAPE_REDUCTION;
	eval_rank_values(has, v, n, lower, rank);
	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "code", json_string(kids[i]));
		json_object_set_new(o, "actual", jnum_if(f[i].has, f[i].value));
		json_object_set_new(o, "status", f[i].has ? json_string(status_names[
		    f[i].estimate ? STATUS_ESTIMATE : STATUS_FINAL]) : json_null());
		json_object_set_new(o, "source",
		    json_string(fig_source_names[f[i].source]));
		json_object_set_new(o, "rank", rank[i] > 0 ?
		    json_integer(rank[i]) : json_null());
		json_array_append_new(a, o);
		fig_release(&f[i]);
	}
	free(kids);
	free(f);
	free(v);
	free(has);
	free(rank);
	return a;
}

static json_t *
row_json(const struct app_eval *e, const struct eval_row *r)
{
	json_t *o = json_object(), *kids = json_array();
	struct buf b = BUF_INIT;
	const struct sector *sec = NULL;
	size_t i;

	for (i = 0; i < e->nsectors; i++)
		if (strcmp(e->sectors[i].code, r->ind->sector) == 0)
			sec = &e->sectors[i];
	json_object_set_new(o, "code", json_string(r->ind->code));
	json_object_set_new(o, "name", json_string(r->ind->name));
	json_object_set_new(o, "sector", json_string(r->ind->sector));
	json_object_set_new(o, "sector_name", jstr(sec ? sec->name : NULL));
	json_object_set_new(o, "uom", jstr(r->ind->uom));
	json_object_set_new(o, "kind", json_string(kind_names[r->ind->kind]));
	if (r->target != NULL) {
		json_object_set_new(o, "shape",
		    json_string(shape_names[r->target->shape]));
		json_object_set_new(o, "target", jnum_if(r->target->has_value,
		    r->target->value));
		json_object_set_new(o, "target_max", jnum_if(r->target->has_value2,
		    r->target->value2));
		json_object_set_new(o, "level", jnum_if(r->v.has_level, r->v.level));
		app_target_text(&b, r, true);
		json_object_set_new(o, "target_text", json_string(buf_str(&b)));
		buf_reset(&b);
		app_actual_text(&b, r, true);
		json_object_set_new(o, "actual_text", json_string(buf_str(&b)));
		json_object_set_new(o, "seq", jstr(r->target->seq));
		json_object_set_new(o, "source", jstr(r->target->source));
	} else {
		json_object_set_new(o, "shape", json_null());
		json_object_set_new(o, "target", json_null());
	}
	json_object_set_new(o, "actual", jnum_if(r->has_actual, r->actual));
	json_object_set_new(o, "percent", r->v.has_percent ?
	    jnum(eval_shown_percent(&r->v, e->near, 2)) : json_null());
	json_object_set_new(o, "band", json_string(band_names[r->v.band]));
	json_object_set_new(o, "band_label", json_string(band_labels_vi[r->v.band]));
	json_object_set_new(o, "reason", jstr(r->v.reason));
	if (r->value != NULL) {
		json_object_set_new(o, "status",
		    json_string(status_names[r->value->status]));
		if (date_isset(&r->value->as_of)) {
			buf_reset(&b);
			date_format_iso(&b, &r->value->as_of);
			json_object_set_new(o, "as_of", json_string(buf_str(&b)));
		}
	}
	else if (r->fig.has)
		json_object_set_new(o, "status", json_string(
		    status_names[r->fig.estimate ? STATUS_ESTIMATE : STATUS_FINAL]));
	if (r->target != NULL) {
		json_object_set_new(o, "source",
		    json_string(fig_source_names[r->fig.source]));
		json_object_set_new(o, "from", codes_json(r->fig.from,
		    r->fig.source == FIG_OWN ? 0 : r->fig.nfrom));
	}
	json_object_set_new(o, "coverage", coverage_json(r));
	if (r->target != NULL && e->figs != NULL)
		json_object_set_new(o, "by_child", by_child_json(e, r));
	json_object_set_new(o, "previous", jnum_if(r->has_prev, r->prev));
	json_object_set_new(o, "previous_from", codes_json(r->pfig.from,
	    r->pfig.source == FIG_PREDECESSORS ? r->pfig.nfrom : 0));
	json_object_set_new(o, "change", r->has_change ?
	    jnum(num_round(r->change, 2)) : json_null());
	json_object_set_new(o, "change_unit", r->has_change ?
	    json_string(r->change_points ? "điểm %" : "%") : json_null());
	for (i = 0; i < r->nchildren; i++)
		json_array_append_new(kids, row_json(e, &r->children[i]));
	json_object_set_new(o, "children", kids);
	buf_free(&b);
	return o;
}

char *
app_eval_json(const struct app_eval *e)
{
	json_t *root = json_object(), *u = json_object(), *s = json_object();
	json_t *rows = json_array();
	struct buf b = BUF_INIT;
	char *out;
	size_t i;

	json_object_set_new(u, "code", json_string(e->unit.code));
	json_object_set_new(u, "name", json_string(e->unit.name));
	json_object_set_new(u, "kind", json_string(e->unit.kind));
	json_object_set_new(root, "unit", u);
	json_object_set_new(root, "year", json_integer(e->period.year));
	period_format(&b, &e->period);
	json_object_set_new(root, "period", json_string(buf_str(&b)));
	buf_reset(&b);
	date_format_iso(&b, &e->from);
	json_object_set_new(root, "data_from", json_string(buf_str(&b)));
	buf_reset(&b);
	date_format_iso(&b, &e->to);
	json_object_set_new(root, "data_to", json_string(buf_str(&b)));
	json_object_set_new(root, "near_threshold", jnum(e->near));
	json_object_set_new(s, "total", json_integer(e->res.sum.total));
	for (i = 0; i < BAND__MAX; i++)
		json_object_set_new(s, band_names[i],
		    json_integer(e->res.sum.count[i]));
	json_object_set_new(root, "summary", s);
	buf_reset(&b);
	eval_tally_sentence(&b, &e->res.sum, &e->period, e->near);
	json_object_set_new(root, "tally", json_string(buf_str(&b)));
	for (i = 0; i < e->res.nrows; i++)
		json_array_append_new(rows, row_json(e, &e->res.rows[i]));
	json_object_set_new(root, "indicators", rows);
	out = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	json_decref(root);
	buf_free(&b);
	return out;
}

static void
row_text(struct buf *b, const struct app_eval *e, const struct eval_row *r,
    const char *label, int depth)
{
	buf_printf(b, "%*s%s %s", 2 + 4 * depth, "", label, r->ind->name);
	if (r->target != NULL && !r->has_actual) {
		buf_puts(b, ": chỉ tiêu ");
		app_target_text(b, r, true);
	} else if (r->target != NULL) {
		buf_puts(b, ": ");
		app_actual_text(b, r, true);
		buf_puts(b, " / chỉ tiêu ");
		app_target_text(b, r, true);
		if (r->v.has_percent) {
			buf_puts(b, ", đạt ");
			num_format(b, eval_shown_percent(&r->v, e->near, 2), 2,
			    NUM_FMT_TRIM);
			buf_puts(b, "%");
		}
		if (r->fig.estimate || (r->value != NULL &&
		    r->value->status == STATUS_ESTIMATE))
			buf_puts(b, " (ước)");
		if (r->fig.source == FIG_CHILDREN)
			buf_printf(b, " [tổng hợp: %d/%d đơn vị báo cáo]",
			    r->fig.reported, r->fig.expected);
	}
	buf_printf(b, " — %s", band_labels_vi[r->v.band]);
	if (r->v.reason != NULL)
		buf_printf(b, " (%s)", r->v.reason);
	if (r->has_change) {
		buf_printf(b, "; %s ", r->change >= 0 ? "tăng" : "giảm");
		num_format(b, fabs(r->change), 2, NUM_FMT_TRIM);
		buf_puts(b, r->change_points ? " điểm %" : "%");
		buf_puts(b, " so với cùng kỳ");
	}
	buf_putc(b, '\n');
}

void
app_eval_text(struct buf *b, const struct app_eval *e)
{
	static const char *const roman[] = { "I", "II", "III", "IV", "V", "VI",
	    "VII", "VIII", "IX", "X" };
	const char *sector = NULL;
	char label[32];
	int nsec = 0, n = 0;
	size_t i, j, k;

	buf_printf(b, "%c%s %s (mã %s) — ", e->unit.kind[0] >= 'a' &&
	    e->unit.kind[0] <= 'z' ? e->unit.kind[0] - 'a' + 'A' : e->unit.kind[0],
	    e->unit.kind + 1, e->unit.name, e->unit.code);
	period_label(b, &e->period);
	buf_puts(b, " (số liệu từ ngày ");
	date_format_vi(b, &e->from);
	buf_puts(b, " đến ngày ");
	date_format_vi(b, &e->to);
	buf_puts(b, ")\n");
	eval_tally_sentence(b, &e->res.sum, &e->period, e->near);
	buf_puts(b, "\n");
	for (i = 0; i < e->res.nrows; i++) {
		const struct eval_row *r = &e->res.rows[i];

		if (sector == NULL || strcmp(sector, r->ind->sector) != 0) {
			const char *name = r->ind->sector;

			sector = r->ind->sector;
			for (k = 0; k < e->nsectors; k++)
				if (strcmp(e->sectors[k].code, sector) == 0)
					name = e->sectors[k].name;
			buf_printf(b, "\n%s. %s\n", nsec < 10 ? roman[nsec] : "-", name);
			nsec++;
		}
		snprintf(label, sizeof(label), "%d.", ++n);
		row_text(b, e, r, label, 0);
		for (j = 0; j < r->nchildren; j++) {
			snprintf(label, sizeof(label), "%c)", (int)('a' + j % 26));
			row_text(b, e, &r->children[j], label, 1);
		}
	}
}

static void
row_csv(struct buf *b, const struct app_eval *e, const struct eval_row *r,
    const char *parent)
{
	const struct target *t = r->target;

	csv_put_field(b, r->ind->code, 0);
	csv_put_field(b, parent, 0);
	csv_put_field(b, r->ind->name, 0);
	csv_put_field(b, r->ind->sector, 0);
	csv_put_field(b, r->ind->uom, 0);
	csv_put_field(b, t ? shape_names[t->shape] : NULL, 0);
	csv_put_number(b, t && t->has_value, t ? t->value : 0, 0);
	csv_put_number(b, t && t->has_value2, t ? t->value2 : 0, 0);
	csv_put_number(b, r->has_actual, r->actual, 0);
	csv_put_number(b, r->v.has_percent, r->v.has_percent ?
	    eval_shown_percent(&r->v, e->near, 2) : 0, 0);
	csv_put_field(b, band_names[r->v.band], 1);
}

void
app_eval_csv(struct buf *b, const struct app_eval *e)
{
	size_t i, j;

	buf_puts(b, "code,parent,name,sector,uom,shape,target,target_max,actual,"
	    "percent,band\n");
	for (i = 0; i < e->res.nrows; i++) {
		row_csv(b, e, &e->res.rows[i], NULL);
		for (j = 0; j < e->res.rows[i].nchildren; j++)
			row_csv(b, e, &e->res.rows[i].children[j],
			    e->res.rows[i].ind->code);
	}
}
