/* audit.h: the hash chain of the audit log. Each entry carries the SHA-256
 * of the entry before it and of its own fields, so that an entry altered,
 * inserted or removed afterwards breaks the chain at a place that can be
 * named. Pure functions; the store keeps the hashes, `ktxh audit verify`
 * walks them. */
#ifndef KTXH_AUDIT_H
#define KTXH_AUDIT_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/model.h"

#define AUDIT_HASH_LEN 64	/* hex digits of a SHA-256 */

/* The hash of entry a (its id, at, account, unit, action, object, old and
 * new fields, each length-prefixed so that no two entries collide by moving
 * text between fields) chained to prev ("" for the first entry), as 64 hex
 * digits and a NUL into out. */
void	audit_hash(const char *prev, const struct audit *a,
	    char out[AUDIT_HASH_LEN + 1]);

/* A walk over the entries in ascending id, one audit_verify_next a step. */
struct audit_verifier {
	char		 prev[AUDIT_HASH_LEN + 1];	/* hash of the entry before */
	long long	 last_id;			/* its id; 0 before the first */
	long long	 count;				/* entries seen */
	long long	 last_written;			/* from the store */
};

/* last_written: the store's count of entries ever written (the id of the
 * last one written through the store). */
void	audit_verify_init(struct audit_verifier *, long long last_written);
/* Check the next entry (a->hash and a->prev as stored). Returns true when it
 * holds; false with the problem, in Vietnamese, naming the entry, in *why. */
bool	audit_verify_next(struct audit_verifier *, const struct audit *a,
	    struct buf *why);
/* After the last entry: entries removed from the end show here. */
bool	audit_verify_end(struct audit_verifier *, struct buf *why);

#endif
