/* evalfmt.c: one evaluation written as JSON (for programs and the web API,
 * which must print the same bytes), as Vietnamese text for people, and as
 * CSV in machine number format. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/jw.h"
#include "core/num.h"
#include "core/period.h"
#include "io/csv.h"

static void
num_if(struct jw *w, bool has, double v)
{
	if (has)
		jw_number(w, v);
	else
		jw_null(w);
}

static void
codes_json(struct jw *w, const char *const *codes, size_t n)
{
	size_t i;

	jw_array(w);
	for (i = 0; i < n; i++)
		jw_string(w, codes[i]);
	jw_end(w);
}

/* Coverage of a row: its figure's; a compound's, its parts' together. */
static void
coverage_json(struct jw *w, const struct eval_row *r)
{
	const char **missing = NULL;
	int reported = 0, expected = 0;
	size_t i, j, k, n = 0;

	if (r->nchildren == 0) {
		reported = r->fig.reported;
		expected = r->fig.expected;
		missing = r->fig.nmissing ?
		    xcalloc(r->fig.nmissing, sizeof(*missing)) : NULL;
		for (i = 0; i < r->fig.nmissing; i++)
			missing[n++] = r->fig.missing[i];
	}
	for (j = 0; j < r->nchildren; j++) {
		const struct fig *f = &r->children[j].fig;

		reported += f->reported;
		expected += f->expected;
		for (i = 0; i < f->nmissing; i++) {
			for (k = 0; k < n; k++)
				if (strcmp(missing[k], f->missing[i]) == 0)
					break;
			if (k == n) {
				missing = xrealloc(missing,
				    (n + 1) * sizeof(*missing));
				missing[n++] = f->missing[i];
			}
		}
	}
	jw_object(w);
	jw_key(w, "reported");
	jw_int(w, reported);
	jw_key(w, "expected");
	jw_int(w, expected);
	jw_key(w, "missing");
	codes_json(w, missing, n);
	jw_end(w);
	free(missing);
}

/* What the rows of one evaluation's JSON share: the unit's children at
 * the period's end (the same for every row) and room for their figures. */
struct kids {
	const char	**codes;
	size_t		  n;
	struct fig	 *f;
	double		 *v;
	bool		 *has;
	int		 *rank;
};

static void
kids_init(struct kids *k, const struct app_eval *e)
{
	struct date asof = period_last_day(&e->period);

	memset(k, 0, sizeof(*k));
	if (e->figs == NULL)
		return;
	k->codes = fig_children(e->figs, e->unit.code, &asof, &k->n);
	k->f = xcalloc(k->n + 1, sizeof(*k->f));
	k->v = xcalloc(k->n + 1, sizeof(*k->v));
	k->has = xcalloc(k->n + 1, sizeof(*k->has));
	k->rank = xcalloc(k->n + 1, sizeof(*k->rank));
}

static void
kids_free(struct kids *k)
{
	free(k->codes);
	free(k->f);
	free(k->v);
	free(k->has);
	free(k->rank);
}

/* A unit with children: each child's figure for the row's indicator and
 * its rank among them (docs/cli.md, "by_child"); the only figures shown of
 * an indicator that does not combine (unit_agg none). */
static void
by_child_json(struct jw *w, const struct app_eval *e, struct kids *k,
    const struct eval_row *r)
{
	struct date asof = period_last_day(&e->period);
	bool lower;
	size_t i;

	jw_array(w);
	for (i = 0; i < k->n; i++) {
		fig_get(e->figs, k->codes[i], r->ind, &e->period, &asof,
		    &k->f[i]);
		k->has[i] = k->f[i].has;
		k->v[i] = k->f[i].value;
	}
	lower = r->target->shape == SHAPE_AT_MOST ||
	    r->target->shape == SHAPE_BELOW || r->target->shape == SHAPE_REDUCTION;
	eval_rank_values(k->has, k->v, k->n, lower, k->rank);
	for (i = 0; i < k->n; i++) {
		const struct fig *f = &k->f[i];

		jw_object(w);
		jw_key(w, "code");
		jw_string(w, k->codes[i]);
		jw_key(w, "actual");
		num_if(w, f->has, f->value);
		jw_key(w, "status");
		jw_string(w, f->has ? status_names[f->estimate ?
		    STATUS_ESTIMATE : STATUS_FINAL] : NULL);
		jw_key(w, "source");
		jw_string(w, fig_source_names[f->source]);
		jw_key(w, "rank");
		if (k->rank[i] > 0)
			jw_int(w, k->rank[i]);
		else
			jw_null(w);
		jw_end(w);
		fig_release(&k->f[i]);
	}
	jw_end(w);
}

static void
kv(struct jw *w, const char *k, const char *s)
{
	jw_key(w, k);
	jw_string(w, s);
}

static void
row_json(struct jw *w, const struct app_eval *e, struct kids *k,
    const struct eval_row *r)
{
	struct buf b = BUF_INIT;
	const struct sector *sec = NULL;
	size_t i;

	for (i = 0; i < e->nsectors; i++)
		if (strcmp(e->sectors[i].code, r->ind->sector) == 0)
			sec = &e->sectors[i];
	jw_object(w);
	kv(w, "code", r->ind->code);
	kv(w, "name", r->ind->name);
	kv(w, "sector", r->ind->sector);
	kv(w, "sector_name", sec ? sec->name : NULL);
	kv(w, "uom", r->ind->uom);
	kv(w, "kind", kind_names[r->ind->kind]);
	/* "source" of a row with a target is where its figure comes from
	 * (fig_source_names), in this place among the keys. */
	if (r->target != NULL) {
		kv(w, "shape", shape_names[r->target->shape]);
		jw_key(w, "target");
		num_if(w, r->target->has_value, r->target->value);
		jw_key(w, "target_max");
		num_if(w, r->target->has_value2, r->target->value2);
		jw_key(w, "level");
		num_if(w, r->v.has_level, r->v.level);
		app_target_text(&b, r, true);
		kv(w, "target_text", buf_str(&b));
		buf_reset(&b);
		app_actual_text(&b, r, true);
		kv(w, "actual_text", buf_str(&b));
		kv(w, "seq", r->target->seq);
		kv(w, "source", fig_source_names[r->fig.source]);
	} else {
		jw_key(w, "shape");
		jw_null(w);
		jw_key(w, "target");
		jw_null(w);
	}
	jw_key(w, "actual");
	num_if(w, r->has_actual, r->actual);
	jw_key(w, "percent");
	num_if(w, r->v.has_percent, r->v.has_percent ?
	    eval_shown_percent(&r->v, e->near, 2) : 0);
	kv(w, "band", band_names[r->v.band]);
	kv(w, "band_label", band_labels_vi[r->v.band]);
	kv(w, "reason", r->v.reason);
	if (r->value != NULL) {
		kv(w, "status", status_names[r->value->status]);
		if (date_isset(&r->value->as_of)) {
			buf_reset(&b);
			date_format_iso(&b, &r->value->as_of);
			kv(w, "as_of", buf_str(&b));
		}
	} else if (r->fig.has)
		kv(w, "status",
		    status_names[r->fig.estimate ? STATUS_ESTIMATE : STATUS_FINAL]);
	if (r->target != NULL) {
		jw_key(w, "from");
		codes_json(w, r->fig.from,
		    r->fig.source == FIG_OWN ? 0 : r->fig.nfrom);
	}
	jw_key(w, "coverage");
	coverage_json(w, r);
	if (r->target != NULL && e->figs != NULL) {
		jw_key(w, "by_child");
		by_child_json(w, e, k, r);
	}
	jw_key(w, "previous");
	num_if(w, r->has_prev, r->prev);
	jw_key(w, "previous_from");
	codes_json(w, r->pfig.from,
	    r->pfig.source == FIG_PREDECESSORS ? r->pfig.nfrom : 0);
	jw_key(w, "change");
	num_if(w, r->has_change, r->has_change ? num_round(r->change, 2) : 0);
	kv(w, "change_unit", r->has_change ?
	    (r->change_points ? "điểm %" : "%") : NULL);
	jw_key(w, "children");
	jw_array(w);
	for (i = 0; i < r->nchildren; i++)
		row_json(w, e, k, &r->children[i]);
	jw_end(w);
	jw_end(w);
	buf_free(&b);
}

static void
eval_json(struct jw *w, const struct app_eval *e)
{
	struct buf b = BUF_INIT;
	struct kids k;
	size_t i;

	kids_init(&k, e);
	jw_object(w);
	jw_key(w, "unit");
	jw_object(w);
	kv(w, "code", e->unit.code);
	kv(w, "name", e->unit.name);
	kv(w, "kind", e->unit.kind);
	jw_end(w);
	jw_key(w, "year");
	jw_int(w, e->period.year);
	period_format(&b, &e->period);
	kv(w, "period", buf_str(&b));
	buf_reset(&b);
	date_format_iso(&b, &e->from);
	kv(w, "data_from", buf_str(&b));
	buf_reset(&b);
	date_format_iso(&b, &e->to);
	kv(w, "data_to", buf_str(&b));
	jw_key(w, "near_threshold");
	jw_number(w, e->near);
	jw_key(w, "summary");
	jw_object(w);
	jw_key(w, "total");
	jw_int(w, e->res.sum.total);
	for (i = 0; i < BAND__MAX; i++) {
		jw_key(w, band_names[i]);
		jw_int(w, e->res.sum.count[i]);
	}
	jw_end(w);
	buf_reset(&b);
	eval_tally_sentence(&b, &e->res.sum, &e->period, e->near);
	kv(w, "tally", buf_str(&b));
	jw_key(w, "indicators");
	jw_array(w);
	for (i = 0; i < e->res.nrows; i++)
		row_json(w, e, &k, &e->res.rows[i]);
	jw_end(w);
	jw_end(w);
	buf_free(&b);
	kids_free(&k);
}

char *
app_eval_json(const struct app_eval *e)
{
	struct buf out = BUF_INIT;
	struct jw w;

	jw_init(&w, &out);
	eval_json(&w, e);
	return buf_detach(&out);
}

static void
to_file(void *f, const char *s, size_t n)
{
	fwrite(s, 1, n, f);
}

void
app_eval_json_write(const struct app_eval *e, FILE *f)
{
	struct buf out = BUF_INIT;
	struct jw w;

	jw_init_sink(&w, &out, to_file, f);
	eval_json(&w, e);
	jw_flush(&w);
	buf_free(&out);
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
