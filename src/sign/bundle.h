/* bundle.h: the offline bundle of a commune's period (bundle.c). */
#ifndef KTXH_BUNDLE_H
#define KTXH_BUNDLE_H

#include "core/buf.h"
#include "sign/sign.h"
#include "store/store.h"

#define BUNDLE_MANIFEST "manifest.sha256"
#define BUNDLE_MANIFEST_SIG "manifest.sha256.p7s"
/* The unit and period the bundle reports ("unit=99001\nperiod=2023\n"). */
#define BUNDLE_META "ky-bao-cao.txt"

/* The files of a bundle, read into memory. */
struct bundle_files {
	char		**name;
	struct buf	 *data;
	size_t		  n, cap;
	char		 *signer;	/* common name of the manifest's signer */
	char		 *refused;	/* the file the first refusal names */
};

void	bundle_files_free(struct bundle_files *);

/* The report of unit (its code) and period (a code, "2023-Q3"; the kind
 * of report is the period's), as PDF signed with s, into *pdf. today is
 * YYYY-MM-DD, the report's date when none is set. */
int	bundle_report_pdf(struct store *, const char *unit, const char *period,
	    const char *today, const struct sig_signer *s, struct buf *pdf,
	    struct buf *err);

/* Write the bundle of unit (its code) and period to out. today is
 * YYYY-MM-DD, the report's date when none is set. */
int	bundle_create(struct store *, const char *unit, const char *period,
	    const char *today, const struct sig_signer *, const char *out,
	    struct buf *err);

/* Read and check the bundle at path: every file against the signed
 * manifest, the manifest's signature (its chain must reach ca when given;
 * else the system store, a warning only), the report's own signature.
 * Findings into *report, each naming its file, the first such file in
 * f->refused. Returns 0 valid, 1 refused, 2 unreadable (*err: not a zip).
 * *f holds the files (bundle_files_free) in every case. */
int	bundle_verify(const char *path, const char *ca, struct bundle_files *f,
	    struct buf *report, struct buf *err);
/* The same of the len bytes of a bundle in memory (an upload), called
 * name in messages. */
int	bundle_verify_mem(const void *data, size_t len, const char *name,
	    const char *ca, struct bundle_files *f, struct buf *report,
	    struct buf *err);

/* The file name of the bundle, or NULL. */
const struct buf *bundle_file(const struct bundle_files *f, const char *name);

/* The unit and period of a bundle's BUNDLE_META, appended to unit and
 * period; -1 when the bundle has none (made before it was added). */
int	bundle_meta(const struct bundle_files *f, struct buf *unit,
	    struct buf *period);

/* Write the data/ files of f under a new temporary folder dir (which then
 * holds data/); bundle_remove_dir removes it. */
int	bundle_extract_data(const struct bundle_files *f, char dir[64],
	    struct buf *err);
void	bundle_remove_dir(const char *dir);

#endif
