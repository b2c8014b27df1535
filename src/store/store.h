/* store.h: the one interface to persistent data. Everything that reads or
 * writes the database goes through these functions; sqlite.c implements them
 * on SQLite, and a PostgreSQL backend implements the same list. Records are
 * the plain structs of core/model.h, keyed by their codes.
 *
 * Ownership: arrays returned through out-parameters belong to the caller and
 * are freed with the matching store_free_* function. Every function returns
 * 0 on success and -1 on failure, with store_error() saying why. */
#ifndef KTXH_STORE_H
#define KTXH_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "core/hmap.h"
#include "core/model.h"

struct store;

/* A conditional write (store_put_value, store_put_target, store_put_text)
 * whose condition failed returns this and changes nothing. */
#define STORE_CONFLICT 1

/* Open the database at path. With create false, a missing file is an error
 * (so a typo in --db does not silently make an empty database). On failure
 * *err holds the reason and *out is NULL. */
int	 store_open(const char *path, bool create, struct store **out,
	    struct buf *err);
void	 store_close(struct store *);		/* accepts NULL */
const char *store_error(const struct store *);

/* Bring the schema to the latest version; *from and *to report the change. */
int	 store_migrate(struct store *, int *from, int *to);
/* Fails with a clear message when the schema is missing or too old. */
int	 store_ready(struct store *);

/* One transaction for a whole change: nothing is half-written. They nest:
 * an inner begin/commit is a savepoint of the outer transaction, so a
 * caller may wrap several writers (a value and its audit) in one. */
int	 store_begin(struct store *);
int	 store_commit(struct store *);
void	 store_rollback(struct store *);

/* A number that every committed write transaction increases: what was
 * computed from the data at one generation is still right at the same one. */
int	 store_generation(struct store *, long long *);

/*
 * The roll-up cache: the figures of a unit with children and of each of
 * its children for one year's evaluation (packed by fig_pack), kept so
 * that a province or the country is not recomputed from every commune's
 * values at each look. Every write of values or targets of a unit drops
 * the rows of the units above it and of the units made of it, for that
 * year and the next (whose evaluation shows it as the previous year);
 * writes of units, indicators or their history drop them all. A reader
 * takes the stamp before reading what it computes from, and its rows are
 * kept only if no write touched that unit and year meanwhile.
 */
struct rollup_row {
	char		*member;	/* the unit itself or one of its children */
	struct buf	 data;		/* its figures of the year (fig_pack) */
	struct buf	 before;	/* of the year before, as at the year's
					 * end (fig_pack) */
};
struct rollup_stamp {
	long long	 unit, all;
};
/* Its rows of member (NULL: all of them): none when they were dropped.
 * The children's figures of the year before (rows' before) only when
 * asked (half of what is kept), the unit's own always. */
int	 store_rollup_get(struct store *, const char *unit, int year,
	    const char *member, bool before, struct rollup_row **, size_t *);
int	 store_rollup_stamp(struct store *, const char *unit, int year,
	    struct rollup_stamp *);
/* Stores rows unless stamp is no longer current (*kept says which). */
int	 store_rollup_put(struct store *, const char *unit, int year,
	    const struct rollup_stamp *, const struct rollup_row *, size_t,
	    bool *kept);
void	 store_free_rollup(struct rollup_row *, size_t);

/*
 * Reads about to be made, sent together where that saves waiting (one
 * round trip to a PostgreSQL server, not one each): each of the calls
 * named below, made next with the same arguments, takes its answer; until
 * store_read_ahead_end, which drops what was not taken. Only a hint: a
 * call not named, or with other arguments, reads as always, and a read
 * ahead that fails is made again by its call (which says why).
 */
struct store_ahead {
	const char	*setting;	/* store_setting of this key */
	bool		 sectors;	/* store_sectors */
	bool		 indicators;	/* store_indicators */
	bool		 cutoffs;	/* store_cutoffs */
	const char	*targets_unit;	/* store_targets(unit, year) */
	int		 targets_year;
	const char	*rollup_unit;	/* store_rollup_get(unit, year, NULL,
					 * before) */
	int		 rollup_year;
	bool		 rollup_before;
	const char	*values_unit;	/* store_values(unit, y0, y1) */
	int		 values_y0, values_y1;
};
void	 store_read_ahead(struct store *, const struct store_ahead *);
void	 store_read_ahead_end(struct store *);

/* Unit, the units below it and the units they were made of, transitively,
 * with the changes into them: what the figures of unit and of the units
 * below it are made of (fig.h), not the whole country's history. In the
 * order of store_units and store_unit_changes. */
int	 store_units_near(struct store *, const char *unit, struct unit **,
	    size_t *, struct unit_change **, size_t *);

/* The latest year with values of the unit, else with targets, else 0. */
int	 store_latest_year(struct store *, const char *unit, int *year);
/* The first unit (by code) that has targets. */
int	 store_first_target_unit(struct store *, struct buf *unit, bool *found);

/* Reads. */
int	 store_sectors(struct store *, struct sector **, size_t *);
int	 store_units(struct store *, struct unit **, size_t *);
/* Units whose code is q, or whose folded name equals one of the keys. */
int	 store_find_units(struct store *, const char *q, const char *key1,
	    const char *key2, struct unit **, size_t *);
int	 store_indicators(struct store *, struct indicator **, size_t *);
/* Targets of a unit (NULL: all) and year (0: all). */
int	 store_targets(struct store *, const char *unit, int year,
	    struct target **, size_t *);
/* The same for a set of units (codes), in one read. */
int	 store_targets_of(struct store *, const char *const *units, size_t n,
	    int year, struct target **, size_t *);
/* Values of a unit (NULL: all) with year in [y0, y1] (0, 0: all), through a
 * callback so that a million rows need not sit in memory. The value passed
 * is only valid during the call. A non-zero return of the callback stops
 * the walk and is returned. */
typedef int (*store_value_cb)(const struct value *, void *);
int	 store_each_value(struct store *, const char *unit, int y0, int y1,
	    store_value_cb, void *);
/* Values into an array (for one unit's evaluation). */
int	 store_values(struct store *, const char *unit, int y0, int y1,
	    struct value **, size_t *);
/* Values of a set of units (codes) with year in [y0, y1], in one read and
 * in no particular order: what a province's or the country's figures are
 * computed from (core/fig.h). Millions at national size, so the notes and
 * versions are not read (the dates as_of are), and the unit and indicator
 * codes are shared: one copy of each, owned by the set
 * (store_free_value_set). */
struct value_set {
	struct value	*a;
	size_t		 n, cap;
	struct hmap	 codes;		/* the one copy of each code */
};
int	 store_values_of(struct store *, const char *const *units, size_t n,
	    int y0, int y1, struct value_set *);
void	 store_free_value_set(struct value_set *);	/* accepts empty */
/* The history of units (unit_changes.csv), every line, by date, from, to. */
int	 store_unit_changes(struct store *, struct unit_change **, size_t *);
/* The cut-off rules stored (n of them, at most PERIOD__MAX). */
int	 store_cutoffs(struct store *, struct cutoff *, size_t *n);
/* A setting: returns 0 with *found set. */
int	 store_setting(struct store *, const char *key, struct buf *out,
	    bool *found);
int	 store_settings(struct store *, char ***keys, char ***values, size_t *n);

/* Every write made through this connection from now on is recorded as by
 * who (the updated_by of values, targets and texts): an account name, or
 * "ktxh import" and the like for the command line. NULL: nobody named. */
void	 store_set_actor(struct store *, const char *who);

/* Writes: insert or replace by key. Values, targets and texts carry a
 * version that every write increases (a new record is version 1); their
 * writes are conditional on the version the writer read: the version field
 * of struct value and struct target, the expect argument of texts. 0 writes
 * whatever is stored; N > 0 writes only while version N is stored; -1 only
 * while nothing is stored. A failed condition returns STORE_CONFLICT. */
int	 store_put_sector(struct store *, const struct sector *);
int	 store_put_unit(struct store *, const struct unit *, const char *search_key);
int	 store_put_indicator(struct store *, const struct indicator *);
int	 store_put_target(struct store *, const struct target *);
int	 store_put_value(struct store *, const struct value *);
/* Remove the value of (unit, indicator, period); *found says whether there
 * was one (none is not an error). */
int	 store_del_value(struct store *, const char *unit, const char *indicator,
	    const struct period *, bool *found);
int	 store_put_cutoff(struct store *, const struct cutoff *);
/* A bulk load of targets, values or report texts inside the caller's
 * transaction (an import): each store_bulk_target, store_bulk_value or
 * store_bulk_text has the effect of store_put_target, store_put_value or
 * store_put_text with version 0 (insert or replace by key, a replaced
 * row's version increased), in one stream that
 * store_bulk_end completes: PostgreSQL copies the rows (COPY … FROM STDIN),
 * SQLite writes them many rows to a statement. The rows must have distinct
 * keys, only the kind begun may be given, and no other store function may
 * be called between begin and end. */
enum store_bulk_kind {
	STORE_BULK_TARGETS,
	STORE_BULK_VALUES,
	STORE_BULK_TEXTS
};
int	 store_bulk_begin(struct store *, enum store_bulk_kind);
int	 store_bulk_target(struct store *, const struct target *);
int	 store_bulk_value(struct store *, const struct value *);
int	 store_bulk_text(struct store *, const char *unit, const char *period,
	    const char *section, const char *body);
int	 store_bulk_end(struct store *);
/* Key: (date, from, to); the share is replaced. */
int	 store_put_unit_change(struct store *, const struct unit_change *);
int	 store_put_setting(struct store *, const char *key, const char *value);

/* Report texts, keyed by unit, period ("2023", "2023-H1") and section. */
int	 store_text(struct store *, const char *unit, const char *period,
	    const char *section, struct buf *out, bool *found);
typedef int (*store_text_cb)(const char *unit, const char *period,
	    const char *section, const char *body, void *);
int	 store_each_text(struct store *, const char *unit, store_text_cb, void *);
int	 store_put_text(struct store *, const char *unit, const char *period,
	    const char *section, const char *body, long long expect);

/* Who last wrote a record and when. */
enum stamp_kind {
	STAMP_VALUE,		/* keys: unit, indicator, period ("2023-M03") */
	STAMP_TARGET,		/* keys: unit, indicator, year ("2023") */
	STAMP_TEXT,		/* keys: unit, period, section */
	STAMP__MAX
};
struct stamp {
	long long	 version;	/* 0: no such record */
	char		 by[128];	/* account, or "" */
	char		 at[32];	/* UTC, 2023-12-05T08:00:00Z, or "" */
};
int	 store_stamp(struct store *, enum stamp_kind, const char *k1,
	    const char *k2, const char *k3, struct stamp *);

/* Report settings: (unit, period or "" for every period, key, seq) ->
 * value; a key may have several values in seq order ("recipient"). With a
 * period, the walk gives the defaults ("") and that period's values. */
typedef int (*store_rsetting_cb)(const char *unit, const char *period,
	    const char *key, int seq, const char *value, void *);
int	 store_each_report_setting(struct store *, const char *unit,
	    const char *period, store_rsetting_cb, void *);
/* seq 0 replaces every value of the key; 1, 2 … append. */
int	 store_put_report_setting(struct store *, const char *unit,
	    const char *period, const char *key, int seq, const char *value);

/* Accounts (web users). */
int	 store_account(struct store *, const char *name, struct account *,
	    bool *found);
int	 store_accounts(struct store *, struct account **, size_t *);
int	 store_put_account(struct store *, const struct account *);
int	 store_set_password(struct store *, const char *name, const char *pwhash);
/* Sessions and API tokens are kept as hashes of the secret, never the
 * secret; times are seconds since the epoch. */
/* The session, when it has not expired (expires > now) and has seen a
 * request after now - idle; its idle clock is moved to now. */
int	 store_session(struct store *, const char *token_hash, long long now,
	    long long idle, struct buf *account, struct buf *csrf, bool *found);
int	 store_put_session(struct store *, const char *token_hash,
	    const char *account, const char *csrf, long long now,
	    long long expires);
/* Deletes that session and every expired one. */
int	 store_del_session(struct store *, const char *token_hash, long long now);
int	 store_del_sessions_of(struct store *, const char *account);
/* Every session of account but keep_hash (NULL: every one). */
int	 store_del_other_sessions(struct store *, const char *account,
	    const char *keep_hash);
int	 store_token(struct store *, const char *token_hash, struct buf *account,
	    bool *found);
int	 store_put_token(struct store *, const char *token_hash,
	    const char *account, const char *label);
/* Failed logins, counted per (client address, name) and per client
 * address, so that every server process on the database sees the same
 * counts. Failures whose last one is not after since are forgotten. */
struct login_fails {
	int		 name_count;	/* of this name from this address */
	long long	 name_last;	/* time of the last one, or 0 */
	int		 addr_count;	/* of any name from this address */
	long long	 addr_last;
};
int	 store_login_throttle(struct store *, const char *addr,
	    const char *name, long long since, struct login_fails *);
/* Counts one failure for (addr, name) and for addr; forgets the stale. */
int	 store_login_failed(struct store *, const char *addr, const char *name,
	    long long now, long long since);
/* A right password: the (addr, name) count is cleared, the address's is
 * not (one valid account must not buy guesses at the others). */
int	 store_login_ok(struct store *, const char *addr, const char *name);
/* The audit log: who, when, what, old and new value. Entries are chained
 * by hashes (core/audit.h); store_audit is its own (nested) transaction. */
int	 store_audit(struct store *, const char *account, const char *unit,
	    const char *action, const char *object, const char *old,
	    const char *new_);
typedef int (*store_audit_cb)(const struct audit *, void *);
/* Newest first; unit and object NULL for all. */
int	 store_each_audit(struct store *, const char *unit, const char *object,
	    int limit, store_audit_cb, void *);
/* Every entry, oldest first (to verify the chain). */
int	 store_each_audit_asc(struct store *, store_audit_cb, void *);
/* The number of entries ever written through store_audit. */
int	 store_audit_last(struct store *, long long *last);

/* A consistent copy of the whole database into path (which must not
 * exist), taken while other connections go on reading and writing. */
int	 store_backup(struct store *, const char *path);
/* Replace the whole content of the store's database by the copy at path,
 * after checking that it is a sound ktxh database this version reads. */
int	 store_restore(struct store *, const char *path);
/* The database's own consistency check; *problems lists what is wrong
 * (empty when sound). */
int	 store_check(struct store *, struct buf *problems);
/* The workflow state of a unit's period (draft when never set). */
int	 store_period_state(struct store *, const char *unit, const char *period,
	    enum pstate *, struct buf *by, struct buf *reason);
int	 store_put_period_state(struct store *, const char *unit,
	    const char *period, enum pstate, const char *account,
	    const char *reason);
void	 store_free_accounts(struct account *, size_t);

/* Explanation requests (model.h). store_put_request stores a new request
 * of x's unit, indicator, period, asked_by and asker_unit, open, version 1,
 * with x->msgs[0] (kind "ask") as its first step; *id gets its number.
 * store_requests reads requests with their threads, newest first: of one
 * unit (NULL: all), one id (0: all), one state (-1: all). store_request_step
 * moves request id to state and appends msg (account and at are set by the
 * store from msg->account and the clock), on the condition that version is
 * still stored (else STORE_CONFLICT, nothing written). None of them audits:
 * callers wrap them with store_audit in one transaction. */
int	 store_put_request(struct store *, const struct xrequest *x,
	    long long *id);
int	 store_requests(struct store *, const char *unit, long long id,
	    int state, struct xrequest **, size_t *);
int	 store_request_step(struct store *, long long id, long long version,
	    enum xstate state, const struct xmsg *msg);
void	 store_free_requests(struct xrequest *, size_t);

/* Reports sent up (model.h). store_put_submission with x->id 0 stores a
 * new one (*id gets its number, version 1); else it replaces every field
 * of submission x->id, on the condition that x->version is still stored
 * (else STORE_CONFLICT, nothing written); a NULL pdf or snapshot keeps the
 * stored one. store_submissions reads the submissions of one unit (NULL:
 * all), one period (NULL: all), one id (0: all), newest first, with their
 * PDF and snapshot only when full. Neither audits: callers wrap them with
 * store_audit in one transaction. */
int	 store_put_submission(struct store *, const struct submission *x,
	    long long *id);
int	 store_submissions(struct store *, const char *unit, const char *period,
	    long long id, bool full, struct submission **, size_t *);
void	 store_free_submissions(struct submission *, size_t);
/* A unit's sealed signing certificate: inserted or replaced by unit; the
 * certificates of one unit (NULL: all). */
int	 store_put_unit_cert(struct store *, const struct unit_cert *);
int	 store_unit_certs(struct store *, const char *unit, struct unit_cert **,
	    size_t *);
void	 store_free_unit_certs(struct unit_cert *, size_t);

void	 store_free_sectors(struct sector *, size_t);
void	 store_free_units(struct unit *, size_t);
void	 store_free_indicators(struct indicator *, size_t);
void	 store_free_targets(struct target *, size_t);
void	 store_free_values(struct value *, size_t);
void	 store_free_unit_changes(struct unit_change *, size_t);
void	 store_free_settings(char **, char **, size_t);

#endif
