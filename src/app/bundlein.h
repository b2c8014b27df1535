/* bundlein.h: a commune's offline bundle (sign/bundle.h) received by the
 * level above, whatever path it arrives by — `ktxh bundle import`, an
 * upload on Báo cáo gửi lên, the API (bundlein.c). One function: verified,
 * then imported all or nothing as the unit's own rows, and landed as a
 * report sent up. Messages are Vietnamese, for people. */
#ifndef KTXH_BUNDLEIN_H
#define KTXH_BUNDLEIN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"
#include "io/dataset.h"
#include "store/store.h"

/* What an import answers. */
enum bundlein_rc {
	BUNDLEIN_OK,
	BUNDLEIN_UNREADABLE,	/* not a bundle: not a zip, empty (HTTP 422) */
	BUNDLEIN_REFUSED,	/* the verification failed, a file named (422) */
	BUNDLEIN_DATA,		/* its rows are refused (422) */
	BUNDLEIN_FORBIDDEN,	/* the caller may not receive its unit (403) */
	BUNDLEIN_STATE,		/* a report of the period waits already (409) */
	BUNDLEIN_FAILED		/* the database failed (503) */
};

struct bundlein {
	/* What the caller gives. */
	const char	*name;		/* the bundle in messages (a file name) */
	const char	*path;		/* read from this file, or else */
	const void	*data;		/* these len bytes (an upload) */
	size_t		 len;
	const char	*ca;		/* trusted CAs (PEM); NULL: the system's */
	const char	*by;		/* who imports, for the audit log */
	/* Whether the caller may receive unit's report: asked within the
	 * transaction after the rows are in (a unit new to the database is
	 * placed by the bundle's units.csv). NULL: anyone (the command line,
	 * run by whoever holds the database). */
	bool		(*may)(void *arg, const char *unit);
	void		*arg;
	/* What it answers (bundlein_free). */
	struct buf	 report;	/* the verification, a finding a line */
	struct buf	 msg;		/* why it was refused; the rows' errors
					 * one a line */
	char		*file;		/* the file of the bundle at fault */
	char		*unit;		/* the bundle's unit and period code */
	char		*period;
	char		*signer;	/* who signed its manifest */
	struct import_counts counts;
	long long	 id;		/* the report sent up */
};

/* Verify the bundle of b (path or data), import it into the store as the
 * unit's rows (dataset_import_unit) and land it in the inbox
 * (sendup_from_bundle), all in one transaction: nothing is written unless
 * BUNDLEIN_OK. */
enum bundlein_rc bundlein_import(struct store *, struct bundlein *b);
void	bundlein_free(struct bundlein *);

#endif
