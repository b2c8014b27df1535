/* app.c: unit lookup, settings and the loading of one evaluation. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"

int
app_find_unit(struct store *s, const char *q, struct unit *out,
    struct buf *err)
{
	struct unit *u = NULL;
	char *key;
	size_t n = 0, i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((key = text_fold(q, strlen(q))) == NULL) {
		buf_printf(err, "tên đơn vị không phải UTF-8 hợp lệ");
		return -1;
	}
	if (store_find_units(s, q, key, text_strip_unit_kind(key), &u, &n) != 0) {
		buf_puts(err, store_error(s));
		goto out;
	}
	if (n == 0) {
		buf_printf(err, "không tìm thấy đơn vị “%s”: nhập mã hoặc tên đơn "
		    "vị (có hoặc không dấu); danh sách đơn vị có trong units.csv", q);
		goto out;
	}
	if (n > 1) {
		buf_printf(err, "“%s” khớp %zu đơn vị, hãy dùng mã:", q, n);
		for (i = 0; i < n; i++)
			buf_printf(err, "%s %s (%s %s)", i ? ";" : "", u[i].code,
			    u[i].kind, u[i].name);
		goto out;
	}
	*out = u[0];
	memset(&u[0], 0, sizeof(u[0]));
	rc = 0;
out:
	store_free_units(u, n);
	free(key);
	return rc;
}

int
app_near(struct store *s, double *near, struct buf *err)
{
	struct buf v = BUF_INIT;
	bool found;

	*near = EVAL_NEAR_DEFAULT;
	if (store_setting(s, "near_threshold", &v, &found) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	if (found && num_parse_machine(v.data, v.len, near) != 0)
		*near = EVAL_NEAR_DEFAULT;
	buf_free(&v);
	return 0;
}

int
app_evaluate(struct store *s, const char *q, const struct period *p,
    double near, struct app_eval *e, struct buf *err)
{
	struct cutoff cut[PERIOD__MAX];
	struct eval_input in;
	size_t ncut;

	memset(e, 0, sizeof(*e));
	e->period = *p;
	if (app_find_unit(s, q, &e->unit, err) != 0)
		return -1;
	if (near < 0 && app_near(s, &near, err) != 0)
		return -1;
	e->near = near;
	if (store_sectors(s, &e->sectors, &e->nsectors) != 0 ||
	    store_indicators(s, &e->inds, &e->ninds) != 0 ||
	    store_targets(s, e->unit.code, p->year, &e->targets,
	    &e->ntargets) != 0 ||
	    store_values(s, e->unit.code, p->year - 1, p->year, &e->values,
	    &e->nvalues) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	if (store_cutoffs(s, cut, &ncut) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	period_cutoff(cut, ncut, p, &e->from, &e->to);
	memset(&in, 0, sizeof(in));
	in.unit = e->unit.code;
	in.period = *p;
	in.near = near;
	in.sectors = e->sectors;
	in.nsectors = e->nsectors;
	in.inds = e->inds;
	in.ninds = e->ninds;
	in.targets = e->targets;
	in.ntargets = e->ntargets;
	in.values = e->values;
	in.nvalues = e->nvalues;
	eval_run(&in, &e->res);
	return 0;
}

void
app_eval_free(struct app_eval *e)
{
	if (e == NULL)
		return;
	eval_result_free(&e->res);
	unit_free(&e->unit);
	store_free_sectors(e->sectors, e->nsectors);
	store_free_indicators(e->inds, e->ninds);
	store_free_targets(e->targets, e->ntargets);
	store_free_values(e->values, e->nvalues);
	memset(e, 0, sizeof(*e));
}

int
app_evaluate_units(struct store *s, const char *const *codes, size_t n,
    const struct period *p, double near, struct app_bulk *b, struct buf *err)
{
	struct eval_input in;
	size_t i;

	memset(b, 0, sizeof(*b));
	b->period = *p;
	if (near < 0 && app_near(s, &near, err) != 0)
		return -1;
	b->near = near;
	if (store_sectors(s, &b->sectors, &b->nsectors) != 0 ||
	    store_indicators(s, &b->inds, &b->ninds) != 0) {
		buf_puts(err, store_error(s));
		return -1;
	}
	b->units = xcalloc(n ? n : 1, sizeof(*b->units));
	b->nunits = n;
	for (i = 0; i < n; i++) {
		struct app_unit_eval *u = &b->units[i];

		u->code = codes[i];
		if (store_targets(s, u->code, p->year, &u->targets,
		    &u->ntargets) != 0 ||
		    store_values(s, u->code, p->year - 1, p->year, &u->values,
		    &u->nvalues) != 0) {
			buf_puts(err, store_error(s));
			return -1;
		}
		memset(&in, 0, sizeof(in));
		in.unit = u->code;
		in.period = *p;
		in.near = near;
		in.sectors = b->sectors;
		in.nsectors = b->nsectors;
		in.inds = b->inds;
		in.ninds = b->ninds;
		in.targets = u->targets;
		in.ntargets = u->ntargets;
		in.values = u->values;
		in.nvalues = u->nvalues;
		eval_run(&in, &u->res);
	}
	return 0;
}

void
app_bulk_free(struct app_bulk *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nunits; i++) {
		eval_result_free(&b->units[i].res);
		store_free_targets(b->units[i].targets, b->units[i].ntargets);
		store_free_values(b->units[i].values, b->units[i].nvalues);
	}
	free(b->units);
	store_free_sectors(b->sectors, b->nsectors);
	store_free_indicators(b->inds, b->ninds);
	memset(b, 0, sizeof(*b));
}
