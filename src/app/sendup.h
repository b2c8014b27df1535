/* sendup.h: reports sent up to the level above (sendup.c) — a unit's
 * signing certificate sealed with the server's key, the approved period's
 * report signed with it and frozen with its figures, sent, then accepted or
 * returned (which reopens the period), each step one transaction with its
 * audit entry; shared by the web layer and `ktxh bundle import`. Who may
 * take a step is the caller's to check; the state, the version and the
 * figures are checked here. Messages are Vietnamese, for people. */
#ifndef KTXH_SENDUP_H
#define KTXH_SENDUP_H

#include <stdbool.h>

#include "core/buf.h"
#include "core/model.h"
#include "store/store.h"

#define SENDUP_KEY_BYTES 32
#define SENDUP_REASON_MAX 2000	/* characters of a return's reason */
/* Before the reason of a return, in the period's state (what the unit
 * reads on its entry page). */
#define SENDUP_RETURN_PREFIX "Cấp trên trả lại báo cáo: "

/* What a step answers; the message says why in words. */
enum sendup_rc {
	SENDUP_OK,
	SENDUP_INVALID,		/* the input is wrong (HTTP 422) */
	SENDUP_STATE,		/* the state does not allow it (409) */
	SENDUP_NOT_FOUND,	/* no such submission (404) */
	SENDUP_FAILED		/* the database failed; nothing written (503) */
};

/* The server's key that seals certificates: read from path (exactly
 * SENDUP_KEY_BYTES bytes, readable by its owner alone), or created there
 * with random bytes and mode 0600 when path does not exist (*created). */
int	sendup_key_file(const char *path, unsigned char key[SENDUP_KEY_BYTES],
	    bool *created, struct buf *err);

/* Check the PKCS#12 p12 (len bytes) with its password, seal both with
 * key and store them as unit's certificate, audited as by. */
int	sendup_put_cert(struct store *, const unsigned char *key,
	    const char *by, const char *unit, const void *p12, size_t len,
	    const char *pass, struct buf *msg);

/* Sign the report of unit's approved period (a code, "2023-Q3") with the
 * unit's certificate (key opens it) and store it with the period's figures,
 * as a new submission or over the one signed and not sent yet; *id. */
int	sendup_sign(struct store *, const unsigned char *key, const char *by,
	    const char *unit, const char *period, long long *id,
	    struct buf *msg);
/* Send submission id up, while its period is approved and its figures
 * are those signed; version 0, or the version the sender read. */
int	sendup_send(struct store *, const char *by, long long id,
	    long long version, struct buf *msg);
/* Accept, or return with a reason (which reopens the period), a submission
 * that was sent. */
int	sendup_decide(struct store *, const char *by, long long id, bool accept,
	    const char *reason, long long version, struct buf *msg);
/* A submission sent by an imported bundle (within the caller's
 * transaction; app/bundlein.c): its signed PDF, the figures as imported,
 * the period approved; *id (the one already there when the same bundle
 * comes again). */
int	sendup_from_bundle(struct store *, const char *by, const char *unit,
	    const char *period, const void *pdf, size_t len, const char *signer,
	    long long *id, struct buf *msg);

/* The stored PDF of a submission checked on display. */
struct sendup_check {
	bool		 has_sig;	/* a signature was found */
	bool		 intact;	/* its digest and signature hold */
	bool		 whole;		/* nothing appended after it */
	bool		 trusted;	/* the chain reaches a trusted CA */
	bool		 hash_ok;	/* the bytes are those stored at first */
	bool		 valid;		/* all of these (trust only with a CA) */
	char		*signer;	/* the certificate's common name */
	char		*when;		/* "2026-12-06 12:16:05 UTC" */
	struct buf	 why;		/* Vietnamese reasons, one a line */
};
/* x must have been read full (store_submissions); ca: the trusted CAs
 * (PEM), or NULL for the system's. */
void	sendup_verify(const struct submission *x, const char *ca,
	    struct sendup_check *);
void	sendup_check_free(struct sendup_check *);

/* The figures of unit's period as JSON (app_eval_json); caller frees. */
char	*sendup_snapshot(struct store *, const char *unit, const char *period,
	    struct buf *err);

#endif
