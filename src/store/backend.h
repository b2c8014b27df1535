/* backend.h: what a backend of store.h provides. store.c picks the backend
 * from the --db argument (a postgresql:// or postgres:// URL: pg.c; anything
 * else is a file: sqlite.c) and dispatches every store_* call through the
 * backend's table of operations, one member per function of store.h named
 * without its store_ prefix. Each backend's struct store begins with a
 * pointer to its table, which is how store.c finds it.
 *
 * A new function store_X of store.h takes four mechanical steps: its member
 * X here; its dispatcher in store.c; static sq_X in sqlite.c and pg_X in
 * pg.c, each listed in its table at the end of the file. A new table or
 * column is a numbered migration in both files' lists, at the same number. */
#ifndef KTXH_STORE_BACKEND_H
#define KTXH_STORE_BACKEND_H

#include "store.h"

struct store_ops {
	const char *name;	/* "SQLite", "PostgreSQL": for messages */
	int (*open)(const char *path, bool create, struct store **out,
	    struct buf *err);
	void (*close)(struct store *);
	int (*migrate)(struct store *, int *from, int *to);
	const char *(*error)(const struct store *);
	int (*ready)(struct store *);
	int (*begin)(struct store *);
	int (*commit)(struct store *);
	void (*rollback)(struct store *);
	int (*generation)(struct store *, long long *);
	int (*rollup_get)(struct store *, const char *unit, int year,
	    const char *member, bool before, struct rollup_row **, size_t *);
	int (*rollup_stamp)(struct store *, const char *unit, int year,
	    struct rollup_stamp *);
	int (*rollup_put)(struct store *, const char *unit, int year,
	    const struct rollup_stamp *, const struct rollup_row *, size_t,
	    bool *kept);
	/* Within the write: drop the cache above unit for year and the
	 * next (unit NULL: all of it). */
	int (*rollup_touch)(struct store *, const char *unit, int year);
	int (*units_near)(struct store *, const char *unit, struct unit **,
	    size_t *, struct unit_change **, size_t *);
	/* Optional (NULL: each read makes its own trip). */
	void (*read_ahead)(struct store *, const struct store_ahead *);
	void (*read_ahead_end)(struct store *);
	int (*latest_year)(struct store *, const char *unit, int *year);
	int (*first_target_unit)(struct store *, struct buf *unit, bool *found);
	int (*sectors)(struct store *, struct sector **, size_t *);
	int (*units)(struct store *, struct unit **, size_t *);
	int (*find_units)(struct store *, const char *q, const char *key1,
	    const char *key2, struct unit **, size_t *);
	int (*indicators)(struct store *, struct indicator **, size_t *);
	int (*targets)(struct store *, const char *unit, int year,
	    struct target **, size_t *);
	int (*targets_of)(struct store *, const char *const *units, size_t n,
	    int year, struct target **, size_t *);
	int (*each_value)(struct store *, const char *unit, int y0, int y1,
	    store_value_cb, void *);
	int (*values_of)(struct store *, const char *const *units, size_t n,
	    int y0, int y1, struct value_set *);
	int (*unit_changes)(struct store *, struct unit_change **, size_t *);
	int (*cutoffs)(struct store *, struct cutoff *, size_t *n);
	int (*setting)(struct store *, const char *key, struct buf *out,
	    bool *found);
	int (*settings)(struct store *, char ***keys, char ***values,
	    size_t *n);
	void (*set_actor)(struct store *, const char *who);
	int (*put_sector)(struct store *, const struct sector *);
	int (*put_unit)(struct store *, const struct unit *,
	    const char *search_key);
	int (*put_indicator)(struct store *, const struct indicator *);
	int (*put_target)(struct store *, const struct target *);
	int (*put_value)(struct store *, const struct value *);
	int (*del_value)(struct store *, const char *unit,
	    const char *indicator, const struct period *, bool *found);
	int (*put_cutoff)(struct store *, const struct cutoff *);
	int (*put_unit_change)(struct store *, const struct unit_change *);
	int (*bulk_begin)(struct store *, enum store_bulk_kind);
	int (*bulk_target)(struct store *, const struct target *);
	int (*bulk_value)(struct store *, const struct value *);
	int (*bulk_text)(struct store *, const char *unit, const char *period,
	    const char *section, const char *body);
	int (*bulk_end)(struct store *);
	int (*put_setting)(struct store *, const char *key, const char *value);
	int (*text)(struct store *, const char *unit, const char *period,
	    const char *section, struct buf *out, bool *found);
	int (*each_text)(struct store *, const char *unit, store_text_cb,
	    void *);
	int (*put_text)(struct store *, const char *unit, const char *period,
	    const char *section, const char *body, long long expect);
	int (*stamp)(struct store *, enum stamp_kind, const char *k1,
	    const char *k2, const char *k3, struct stamp *);
	int (*each_report_setting)(struct store *, const char *unit,
	    const char *period, store_rsetting_cb, void *);
	int (*put_report_setting)(struct store *, const char *unit,
	    const char *period, const char *key, int seq, const char *value);
	int (*account)(struct store *, const char *name, struct account *,
	    bool *found);
	int (*accounts)(struct store *, struct account **, size_t *);
	int (*put_account)(struct store *, const struct account *);
	int (*set_password)(struct store *, const char *name,
	    const char *pwhash);
	int (*session)(struct store *, const char *token_hash, long long now,
	    long long idle, struct buf *account, struct buf *csrf, bool *found);
	int (*put_session)(struct store *, const char *token_hash,
	    const char *account, const char *csrf, long long now,
	    long long expires);
	int (*del_session)(struct store *, const char *token_hash,
	    long long now);
	int (*del_sessions_of)(struct store *, const char *account);
	int (*del_other_sessions)(struct store *, const char *account,
	    const char *keep_hash);
	int (*token)(struct store *, const char *token_hash, struct buf *account,
	    bool *found);
	int (*put_token)(struct store *, const char *token_hash,
	    const char *account, const char *label);
	int (*login_throttle)(struct store *, const char *addr, const char *name,
	    long long since, struct login_fails *);
	int (*login_failed)(struct store *, const char *addr, const char *name,
	    long long now, long long since);
	int (*login_ok)(struct store *, const char *addr, const char *name);
	int (*audit)(struct store *, const char *account, const char *unit,
	    const char *action, const char *object, const char *old,
	    const char *new_);
	int (*each_audit)(struct store *, const char *unit, const char *object,
	    int limit, store_audit_cb, void *);
	int (*each_audit_asc)(struct store *, store_audit_cb, void *);
	int (*audit_last)(struct store *, long long *last);
	int (*backup)(struct store *, const char *path);
	int (*restore)(struct store *, const char *path);
	int (*check)(struct store *, struct buf *problems);
	int (*period_state)(struct store *, const char *unit, const char *period,
	    enum pstate *, struct buf *by, struct buf *reason);
	int (*put_period_state)(struct store *, const char *unit,
	    const char *period, enum pstate, const char *account,
	    const char *reason);
	int (*put_request)(struct store *, const struct xrequest *,
	    long long *id);
	int (*requests)(struct store *, const char *unit, long long id,
	    int state, struct xrequest **, size_t *);
	int (*request_step)(struct store *, long long id, long long version,
	    enum xstate, const struct xmsg *);
	int (*put_submission)(struct store *, const struct submission *,
	    long long *id);
	int (*submissions)(struct store *, const char *unit, const char *period,
	    long long id, bool full, struct submission **, size_t *);
	int (*put_unit_cert)(struct store *, const struct unit_cert *);
	int (*unit_certs)(struct store *, const char *unit, struct unit_cert **,
	    size_t *);
};

extern const struct store_ops store_sqlite_ops;
extern const struct store_ops store_pg_ops;

/* Whether path names a PostgreSQL database rather than a SQLite file. */
bool	 store_is_pg_url(const char *path);

/* Shared by the backends (store.c). */
/* Grow an array of records by one zeroed slot; returns the array. */
void	*store_push(void *arr, size_t *n, size_t *cap, size_t sz);
/* Values copied into an array by a store_value_cb walk. */
struct store_collect {
	struct value	*a;
	size_t		 n, cap;
};
int	 store_collect_value(const struct value *, void *store_collect);
/* Add v to a value set, its codes shared (its note is not kept). */
void	 store_set_value(struct value_set *, const struct value *);
/* Why a database whose schema is at version v (0: none) is not ready for
 * this ktxh, whose schema is at latest. */
void	 store_schema_message(struct buf *err, const char *path, int v,
	    int latest);

#endif
