/* write.c: the audited writes shared by the command line, the pages and the
 * API. A write, its version condition and its audit entry are one
 * transaction (nested in the caller's when one is open, so that a caller
 * can add its own checks, such as the workflow lock, to the same one). */
#include <math.h>
#include <string.h>

#include "app.h"
#include "core/num.h"
#include "core/period.h"
#include "io/dataset.h"

void
app_value_desc(struct buf *b, const struct value *v)
{
	if (v->has_value)
		num_format_machine(b, v->value);
	if (v->has_ratio) {
		buf_puts(b, v->has_value ? " (" : "");
		num_format_machine(b, v->num);
		buf_putc(b, '/');
		num_format_machine(b, v->den);
		buf_puts(b, v->has_value ? ")" : "");
	}
	if (v->status != STATUS_FINAL)
		buf_printf(b, "; %s", status_names[v->status]);
	if (date_isset(&v->as_of)) {
		buf_puts(b, "; as_of=");
		date_format_iso(b, &v->as_of);
	}
	if (v->note != NULL && *v->note != '\0')
		buf_printf(b, "; note=%s", v->note);
}

int
app_find_value(struct store *s, const char *unit, const char *ind,
    const struct period *p, struct value *out, bool *found)
{
	struct value *v = NULL;
	size_t n = 0, i;

	*found = false;
	memset(out, 0, sizeof(*out));
	if (store_values(s, unit, p->year, p->year, &v, &n) != 0)
		return -1;
	for (i = 0; i < n && !*found; i++)
		if (strcmp(v[i].indicator, ind) == 0 &&
		    period_equal(&v[i].period, p)) {
			*out = v[i];
			memset(&v[i], 0, sizeof(v[i]));
			*found = true;
		}
	store_free_values(v, n);
	return 0;
}

int
app_put_value(struct store *s, const char *by,
    const char *const f[DATASET_VALUE_FIELDS], long long expect,
    bool *created, struct buf *errs)
{
	struct buf old = BUF_INIT, now = BUF_INIT, obj = BUF_INIT;
	struct value v, nv;
	struct period p;
	bool had = false, has = false;
	int rc = -1;

	*created = false;
	memset(&v, 0, sizeof(v));
	memset(&nv, 0, sizeof(nv));
	if (f[0] == NULL || f[1] == NULL || f[2] == NULL ||
	    period_parse(f[2], strlen(f[2]), &p) != 0)
		/* The importer names what is missing or wrong. */
		return dataset_set_value(s, f, expect, errs) == 0 ? 0 : -1;
	if (store_begin(s) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		return -1;
	}
	store_set_actor(s, by);
	if (app_find_value(s, f[0], f[1], &p, &v, &had) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	if ((rc = dataset_set_value(s, f, expect, errs)) != 0)
		goto out;
	rc = -1;
	if (app_find_value(s, f[0], f[1], &p, &nv, &has) != 0 || !has) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	if (had)
		app_value_desc(&old, &v);
	app_value_desc(&now, &nv);
	/* Object "KT07@2023-M09", as every writer names it. */
	buf_printf(&obj, "%s@", f[1]);
	period_format(&obj, &p);
	if (store_audit(s, by, f[0], "value", buf_str(&obj), had ? buf_str(&old) :
	    NULL, buf_str(&now)) != 0 || store_commit(s) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	*created = !had;
	rc = 0;
out:
	if (rc != 0)
		store_rollback(s);
	value_free(&v);
	value_free(&nv);
	buf_free(&old);
	buf_free(&now);
	buf_free(&obj);
	return rc;
}

int
app_put_text(struct store *s, const char *by, const char *unit,
    const char *period, const char *section, const char *body, size_t len,
    long long expect, struct buf *errs)
{
	struct buf old = BUF_INIT, now = BUF_INIT, obj = BUF_INIT;
	bool had = false, has = false;
	int rc = -1;

	if (store_begin(s) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		return -1;
	}
	store_set_actor(s, by);
	if (store_text(s, unit, period, section, &old, &had) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	if ((rc = dataset_set_text(s, unit, period, section, body, len, expect,
	    errs)) != 0)
		goto out;
	rc = -1;
	if (store_text(s, unit, period, section, &now, &has) != 0 || !has) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	buf_printf(&obj, "%s@%s", section, period);
	/* A text saved unchanged is no change: nothing to audit. */
	if ((!had || strcmp(buf_str(&old), buf_str(&now)) != 0) &&
	    store_audit(s, by, unit, "text", buf_str(&obj), had ? buf_str(&old) :
	    NULL, buf_str(&now)) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	if (store_commit(s) != 0) {
		buf_printf(errs, "%s\n", store_error(s));
		goto out;
	}
	rc = 0;
out:
	if (rc != 0)
		store_rollback(s);
	buf_free(&old);
	buf_free(&now);
	buf_free(&obj);
	return rc;
}

int
app_typed_figure(const char *s, struct buf *out, const char **why)
{
	const char *p = s;
	size_t n;
	double d;

	while (*p == ' ' || *p == '\t')
		p++;
	n = strlen(p);
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	/* Not a figure: the importer's own message says why. */
	if (n == 0 || !((*p >= '0' && *p <= '9') || *p == '-' || *p == '+')) {
		buf_append(out, p, n);
		return 0;
	}
	*why = NULL;
	if (num_parse_typed(p, n, &d, why) != 0)
		return -1;
	if (d == 0 && signbit(d))
		buf_puts(out, "-0");	/* refused by the importer, named */
	else
		num_format_machine(out, d);
	return 0;
}
