/* store.c: the entry points of store.h. store_open picks the backend from
 * the path (backend.h); every other function calls the same operation of
 * the backend the store was opened with. Also the functions that need no
 * backend: freeing what the reads return, and store_values on top of
 * store_each_value. */
#include <stdlib.h>
#include <string.h>

#include "backend.h"

/* Every backend's struct store begins with its operations. */
static const struct store_ops *
ops(const struct store *s)
{
	return *(const struct store_ops *const *)(const void *)s;
}

bool
store_is_pg_url(const char *path)
{
	return strncmp(path, "postgresql:", 11) == 0 ||
	    strncmp(path, "postgres:", 9) == 0;
}

int
store_open(const char *path, bool create, struct store **out, struct buf *err)
{
	const struct store_ops *o = store_is_pg_url(path) ? &store_pg_ops :
	    &store_sqlite_ops;

	return o->open(path, create, out, err);
}

void
store_close(struct store *s)
{
	if (s != NULL)
		ops(s)->close(s);
}

int
store_migrate(struct store *s, int *from, int *to)
{
	return ops(s)->migrate(s, from, to);
}

const char *
store_error(const struct store *s)
{
	return ops(s)->error(s);
}

int
store_ready(struct store *s)
{
	return ops(s)->ready(s);
}

int
store_begin(struct store *s)
{
	return ops(s)->begin(s);
}

int
store_commit(struct store *s)
{
	return ops(s)->commit(s);
}

void
store_rollback(struct store *s)
{
	ops(s)->rollback(s);
}

int
store_generation(struct store *s, long long *a1)
{
	return ops(s)->generation(s, a1);
}

int
store_latest_year(struct store *s, const char *unit, int *year)
{
	return ops(s)->latest_year(s, unit, year);
}

int
store_first_target_unit(struct store *s, struct buf *unit, bool *found)
{
	return ops(s)->first_target_unit(s, unit, found);
}

int
store_sectors(struct store *s, struct sector **a1, size_t *a2)
{
	return ops(s)->sectors(s, a1, a2);
}

int
store_units(struct store *s, struct unit **a1, size_t *a2)
{
	return ops(s)->units(s, a1, a2);
}

int
store_find_units(struct store *s, const char *q, const char *key1,
    const char *key2, struct unit **a1, size_t *a2)
{
	return ops(s)->find_units(s, q, key1, key2, a1, a2);
}

int
store_indicators(struct store *s, struct indicator **a1, size_t *a2)
{
	return ops(s)->indicators(s, a1, a2);
}

int
store_targets(struct store *s, const char *unit, int year, struct target **a1,
    size_t *a2)
{
	return ops(s)->targets(s, unit, year, a1, a2);
}

int
store_targets_of(struct store *s, const char *const *units, size_t n,
    int year, struct target **a1, size_t *a2)
{
	return ops(s)->targets_of(s, units, n, year, a1, a2);
}

int
store_values_of(struct store *s, const char *const *units, size_t n, int y0,
    int y1, struct value_set *out)
{
	memset(out, 0, sizeof(*out));
	return ops(s)->values_of(s, units, n, y0, y1, out);
}

int
store_unit_changes(struct store *s, struct unit_change **a1, size_t *a2)
{
	return ops(s)->unit_changes(s, a1, a2);
}

/* After a write that changes figures (rc its result): drop the roll-up
 * cache it makes stale (unit NULL: all of it), in its transaction. A
 * failed or conflicting write (STORE_CONFLICT, nothing written) keeps its
 * rc for the caller to tell. */
static int
touched(struct store *s, int rc, const char *unit, int year)
{
	return rc != 0 ? rc : ops(s)->rollup_touch(s, unit, year);
}

int
store_put_unit_change(struct store *s, const struct unit_change *a1)
{
	return touched(s, ops(s)->put_unit_change(s, a1), NULL, 0);
}

int
store_put_request(struct store *s, const struct xrequest *x, long long *id)
{
	return ops(s)->put_request(s, x, id);
}

int
store_requests(struct store *s, const char *unit, long long id, int state,
    struct xrequest **a1, size_t *a2)
{
	return ops(s)->requests(s, unit, id, state, a1, a2);
}

int
store_request_step(struct store *s, long long id, long long version,
    enum xstate state, const struct xmsg *msg)
{
	return ops(s)->request_step(s, id, version, state, msg);
}

int
store_put_submission(struct store *s, const struct submission *x,
    long long *id)
{
	return ops(s)->put_submission(s, x, id);
}

int
store_submissions(struct store *s, const char *unit, const char *period,
    long long id, bool full, struct submission **a, size_t *n)
{
	return ops(s)->submissions(s, unit, period, id, full, a, n);
}

int
store_put_unit_cert(struct store *s, const struct unit_cert *c)
{
	return ops(s)->put_unit_cert(s, c);
}

int
store_unit_certs(struct store *s, const char *unit, struct unit_cert **a,
    size_t *n)
{
	return ops(s)->unit_certs(s, unit, a, n);
}

int
store_each_value(struct store *s, const char *unit, int y0, int y1,
    store_value_cb a1, void *a2)
{
	return ops(s)->each_value(s, unit, y0, y1, a1, a2);
}

int
store_cutoffs(struct store *s, struct cutoff *a1, size_t *n)
{
	return ops(s)->cutoffs(s, a1, n);
}

int
store_setting(struct store *s, const char *key, struct buf *out, bool *found)
{
	return ops(s)->setting(s, key, out, found);
}

int
store_settings(struct store *s, char ***keys, char ***values, size_t *n)
{
	return ops(s)->settings(s, keys, values, n);
}

void
store_set_actor(struct store *s, const char *who)
{
	ops(s)->set_actor(s, who);
}

int
store_put_sector(struct store *s, const struct sector *a1)
{
	return ops(s)->put_sector(s, a1);
}

int
store_put_unit(struct store *s, const struct unit *a1, const char *search_key)
{
	return touched(s, ops(s)->put_unit(s, a1, search_key), NULL, 0);
}

int
store_put_indicator(struct store *s, const struct indicator *a1)
{
	return touched(s, ops(s)->put_indicator(s, a1), NULL, 0);
}

int
store_put_target(struct store *s, const struct target *a1)
{
	return touched(s, ops(s)->put_target(s, a1), a1->unit, a1->year);
}

int
store_put_value(struct store *s, const struct value *a1)
{
	return touched(s, ops(s)->put_value(s, a1), a1->unit, a1->period.year);
}

int
store_del_value(struct store *s, const char *unit, const char *indicator,
    const struct period *p, bool *found)
{
	int rc = ops(s)->del_value(s, unit, indicator, p, found);

	return *found ? touched(s, rc, unit, p->year) : rc;
}

int
store_rollup_get(struct store *s, const char *unit, int year,
    const char *member, bool before, struct rollup_row **a, size_t *n)
{
	return ops(s)->rollup_get(s, unit, year, member, before, a, n);
}

int
store_rollup_stamp(struct store *s, const char *unit, int year,
    struct rollup_stamp *st)
{
	return ops(s)->rollup_stamp(s, unit, year, st);
}

int
store_rollup_put(struct store *s, const char *unit, int year,
    const struct rollup_stamp *st, const struct rollup_row *a, size_t n,
    bool *kept)
{
	return ops(s)->rollup_put(s, unit, year, st, a, n, kept);
}

int
store_units_near(struct store *s, const char *unit, struct unit **units,
    size_t *nunits, struct unit_change **changes, size_t *nchanges)
{
	return ops(s)->units_near(s, unit, units, nunits, changes, nchanges);
}

void
store_read_ahead(struct store *s, const struct store_ahead *a)
{
	if (ops(s)->read_ahead != NULL)
		ops(s)->read_ahead(s, a);
}

void
store_read_ahead_end(struct store *s)
{
	if (ops(s)->read_ahead_end != NULL)
		ops(s)->read_ahead_end(s);
}

void
store_free_rollup(struct rollup_row *a, size_t n)
{
	size_t i;

	for (i = 0; a != NULL && i < n; i++) {
		free(a[i].member);
		buf_free(&a[i].data);
		buf_free(&a[i].before);
	}
	free(a);
}

int
store_put_cutoff(struct store *s, const struct cutoff *a1)
{
	return ops(s)->put_cutoff(s, a1);
}

int
store_bulk_begin(struct store *s, enum store_bulk_kind kind)
{
	return ops(s)->bulk_begin(s, kind);
}

int
store_bulk_target(struct store *s, const struct target *t)
{
	return ops(s)->bulk_target(s, t);
}

int
store_bulk_value(struct store *s, const struct value *v)
{
	return ops(s)->bulk_value(s, v);
}

int
store_bulk_text(struct store *s, const char *unit, const char *period,
    const char *section, const char *body)
{
	return ops(s)->bulk_text(s, unit, period, section, body);
}

int
store_bulk_end(struct store *s)
{
	return touched(s, ops(s)->bulk_end(s), NULL, 0);
}

int
store_put_setting(struct store *s, const char *key, const char *value)
{
	return ops(s)->put_setting(s, key, value);
}

int
store_text(struct store *s, const char *unit, const char *period,
    const char *section, struct buf *out, bool *found)
{
	return ops(s)->text(s, unit, period, section, out, found);
}

int
store_each_text(struct store *s, const char *unit, store_text_cb a1, void *a2)
{
	return ops(s)->each_text(s, unit, a1, a2);
}

int
store_put_text(struct store *s, const char *unit, const char *period,
    const char *section, const char *body, long long expect)
{
	return ops(s)->put_text(s, unit, period, section, body, expect);
}

int
store_stamp(struct store *s, enum stamp_kind a1, const char *k1, const char *k2,
    const char *k3, struct stamp *a2)
{
	return ops(s)->stamp(s, a1, k1, k2, k3, a2);
}

int
store_each_report_setting(struct store *s, const char *unit, const char *period,
    store_rsetting_cb a1, void *a2)
{
	return ops(s)->each_report_setting(s, unit, period, a1, a2);
}

int
store_put_report_setting(struct store *s, const char *unit, const char *period,
    const char *key, int seq, const char *value)
{
	return ops(s)->put_report_setting(s, unit, period, key, seq, value);
}

int
store_account(struct store *s, const char *name, struct account *a1,
    bool *found)
{
	return ops(s)->account(s, name, a1, found);
}

int
store_accounts(struct store *s, struct account **a1, size_t *a2)
{
	return ops(s)->accounts(s, a1, a2);
}

int
store_put_account(struct store *s, const struct account *a1)
{
	return ops(s)->put_account(s, a1);
}

int
store_set_password(struct store *s, const char *name, const char *pwhash)
{
	return ops(s)->set_password(s, name, pwhash);
}

int
store_session(struct store *s, const char *token_hash, long long now,
    long long idle, struct buf *account, struct buf *csrf, bool *found)
{
	return ops(s)->session(s, token_hash, now, idle, account, csrf, found);
}

int
store_put_session(struct store *s, const char *token_hash, const char *account,
    const char *csrf, long long now, long long expires)
{
	return ops(s)->put_session(s, token_hash, account, csrf, now, expires);
}

int
store_del_session(struct store *s, const char *token_hash, long long now)
{
	return ops(s)->del_session(s, token_hash, now);
}

int
store_del_sessions_of(struct store *s, const char *account)
{
	return ops(s)->del_sessions_of(s, account);
}

int
store_del_other_sessions(struct store *s, const char *account,
    const char *keep_hash)
{
	return ops(s)->del_other_sessions(s, account, keep_hash);
}

int
store_token(struct store *s, const char *token_hash, struct buf *account,
    bool *found)
{
	return ops(s)->token(s, token_hash, account, found);
}

int
store_put_token(struct store *s, const char *token_hash, const char *account,
    const char *label)
{
	return ops(s)->put_token(s, token_hash, account, label);
}

int
store_login_throttle(struct store *s, const char *addr, const char *name,
    long long since, struct login_fails *f)
{
	return ops(s)->login_throttle(s, addr, name, since, f);
}

int
store_login_failed(struct store *s, const char *addr, const char *name,
    long long now, long long since)
{
	return ops(s)->login_failed(s, addr, name, now, since);
}

int
store_login_ok(struct store *s, const char *addr, const char *name)
{
	return ops(s)->login_ok(s, addr, name);
}

int
store_audit(struct store *s, const char *account, const char *unit,
    const char *action, const char *object, const char *old, const char *new_)
{
	return ops(s)->audit(s, account, unit, action, object, old, new_);
}

int
store_each_audit(struct store *s, const char *unit, const char *object,
    int limit, store_audit_cb a1, void *a2)
{
	return ops(s)->each_audit(s, unit, object, limit, a1, a2);
}

int
store_each_audit_asc(struct store *s, store_audit_cb a1, void *a2)
{
	return ops(s)->each_audit_asc(s, a1, a2);
}

int
store_audit_last(struct store *s, long long *last)
{
	return ops(s)->audit_last(s, last);
}

int
store_backup(struct store *s, const char *path)
{
	return ops(s)->backup(s, path);
}

int
store_restore(struct store *s, const char *path)
{
	return ops(s)->restore(s, path);
}

int
store_check(struct store *s, struct buf *problems)
{
	return ops(s)->check(s, problems);
}

int
store_period_state(struct store *s, const char *unit, const char *period,
    enum pstate *a1, struct buf *by, struct buf *reason)
{
	return ops(s)->period_state(s, unit, period, a1, by, reason);
}

void
store_schema_message(struct buf *err, const char *path, int v, int latest)
{
	buf_reset(err);
	if (v == 0)
		buf_printf(err, "%s chưa được khởi tạo: chạy `ktxh init --db %s`",
		    path, path);
	else if (v < latest)
		buf_printf(err, "%s có lược đồ cũ (phiên bản %d): chạy `ktxh "
		    "init --db %s` để nâng cấp", path, v, path);
	else
		buf_printf(err, "%s có lược đồ phiên bản %d, mới hơn bản ktxh "
		    "này (%d): hãy cập nhật ktxh", path, v, latest);
}

int
store_put_period_state(struct store *s, const char *unit, const char *period,
    enum pstate a1, const char *account, const char *reason)
{
	return ops(s)->put_period_state(s, unit, period, a1, account, reason);
}

void *
store_push(void *arr, size_t *n, size_t *cap, size_t sz)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 32;
		arr = xrealloc(arr, *cap * sz);
	}
	memset((char *)arr + *n * sz, 0, sz);
	(*n)++;
	return arr;
}

int
store_collect_value(const struct value *v, void *arg)
{
	struct store_collect *c = arg;
	struct value *d;

	c->a = store_push(c->a, &c->n, &c->cap, sizeof(*c->a));
	d = &c->a[c->n - 1];
	*d = *v;
	d->unit = xstrdup(v->unit);
	d->indicator = xstrdup(v->indicator);
	d->note = xstrdup(v->note);
	return 0;
}

/* The set's one copy of code. */
static char *
set_code(struct value_set *vs, const char *code)
{
	const char *k = hmap_key(&vs->codes, code);

	return (char *)(k != NULL ? k : hmap_put(&vs->codes, code, 0));
}

void
store_set_value(struct value_set *vs, const struct value *v)
{
	struct value *d;

	vs->a = store_push(vs->a, &vs->n, &vs->cap, sizeof(*vs->a));
	d = &vs->a[vs->n - 1];
	*d = *v;
	/* The rows of a unit come together: its code is the last one's. */
	d->unit = vs->n > 1 && strcmp(d[-1].unit, v->unit) == 0 ? d[-1].unit :
	    set_code(vs, v->unit);
	d->indicator = set_code(vs, v->indicator);
	d->note = NULL;
}

void
store_free_value_set(struct value_set *vs)
{
	if (vs == NULL)
		return;
	free(vs->a);
	hmap_free(&vs->codes);
	memset(vs, 0, sizeof(*vs));
}

int
store_values(struct store *s, const char *unit, int y0, int y1,
    struct value **out, size_t *n)
{
	struct store_collect c = { NULL, 0, 0 };
	int rc = store_each_value(s, unit, y0, y1, store_collect_value, &c);

	*out = c.a;
	*n = c.n;
	return rc;
}

void
store_free_accounts(struct account *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		account_free(&a[i]);
	free(a);
}

void
store_free_sectors(struct sector *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sector_free(&a[i]);
	free(a);
}

void
store_free_units(struct unit *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		unit_free(&a[i]);
	free(a);
}

void
store_free_indicators(struct indicator *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		indicator_free(&a[i]);
	free(a);
}

void
store_free_targets(struct target *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		target_free(&a[i]);
	free(a);
}

void
store_free_values(struct value *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		value_free(&a[i]);
	free(a);
}

void
store_free_unit_changes(struct unit_change *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		unit_change_free(&a[i]);
	free(a);
}

void
store_free_requests(struct xrequest *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		xrequest_free(&a[i]);
	free(a);
}

void
store_free_submissions(struct submission *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		submission_free(&a[i]);
	free(a);
}

void
store_free_unit_certs(struct unit_cert *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		unit_cert_free(&a[i]);
	free(a);
}

void
store_free_settings(char **k, char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(k[i]);
		free(v[i]);
	}
	free(k);
	free(v);
}
