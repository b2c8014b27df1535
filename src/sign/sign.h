/* sign.h: digital signatures of reports and bundles — the PDF side
 * (pdfsig.c: reading a classic-xref PDF, appending a PAdES signature as an
 * incremental update, finding the signatures of a file), the CMS side
 * (cms.c: OpenSSL, the signer's PKCS#12, CMS SignedData and its checks) and
 * the offline bundle (bundle.c). Messages are Vietnamese. */
#ifndef KTXH_SIGN_H
#define KTXH_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

/* ---- pdfsig.c ---- */

/* The parts of a PDF that an incremental update needs. */
struct sig_pdf {
	size_t		 startxref;	/* offset of the last xref section */
	long		 size;		/* trailer /Size */
	long		 root, root_gen;	/* /Root reference */
	long		 page, page_gen;	/* the last page */
	size_t		 root_dict[2];	/* [start, end) of the catalog's << >> */
	size_t		 page_dict[2];	/* same for the last page */
	size_t		 info[2];	/* trailer /Info value span, or {0, 0} */
	size_t		 id[2];		/* trailer /ID value span, or {0, 0} */
	double		 mediabox[4];	/* of the last page */
};

/* Parse the n bytes of a PDF in b. Returns 0, or -1 with a Vietnamese reason
 * in *err (an xref stream, encryption, an existing form, a broken file:
 * refused rather than guessed). */
int	sig_pdf_parse(const unsigned char *b, size_t n, struct sig_pdf *,
	    struct buf *err);

/* What the visible box shows. */
struct sig_appearance {
	const char	*signer;	/* common name of the certificate */
	const char	*title;		/* title or organisation, may be NULL */
	const char	*when;		/* "06/12/2026 19:15 (UTC+07:00)" */
};

/* Room for the DER of the CMS signature in /Contents. */
#define SIG_CONTENTS_MAX 16384

/* The incremental update with a placeholder /Contents: *out receives the
 * whole new file (b followed by the update); range[4] the /ByteRange;
 * hole[2] the [start, end) of the hex digits to fill; ap NULL: an empty
 * box (the fuzz harness has no fonts). pdf_date is
 * "D:20261206191500+07'00'". */
int	sig_pdf_prepare(const unsigned char *b, size_t n, const struct sig_pdf *,
	    const struct sig_appearance *, const char *pdf_date, struct buf *out,
	    size_t range[4], size_t hole[2], struct buf *err);

/* One signature found in a file. */
struct sig_found {
	size_t		 range[4];	/* /ByteRange */
	unsigned char	*der;		/* the CMS, decoded from /Contents (owned) */
	size_t		 derlen;
	bool		 whole;		/* the ranges end at the end of the file */
	char		*m;		/* /M as written, or NULL (owned) */
};

/* Every signature of the file (*found, *n; sig_found_free). A /ByteRange
 * that does not describe a hole of hex digits in the file is an error. */
int	sig_pdf_find(const unsigned char *b, size_t n, struct sig_found **found,
	    size_t *nfound, struct buf *err);
void	sig_found_free(struct sig_found *, size_t n);

/* ---- cms.c ---- */

struct sig_signer;		/* a private key and its certificate chain */

/* Load a PKCS#12 file; pass may be NULL (no password). */
struct sig_signer *sig_signer_load(const char *path, const char *pass,
	    struct buf *err);
/* The same from len bytes in memory; name is what messages call them,
 * pass_hint is added to the wrong-password message (or NULL). */
struct sig_signer *sig_signer_load_mem(const void *p12, size_t len,
	    const char *name, const char *pass, const char *pass_hint,
	    struct buf *err);
/* The key and certificate on a PKCS#11 token (a USB token): uri is RFC
 * 7512, "pkcs11:token=LABEL;object=LABEL?module-path=/path/driver.so"
 * (without module-path, p11-kit's proxy of the registered drivers); pin
 * NULL or "": the URI's pin-value, else no login. The token's other
 * certificates are sent as the chain. */
struct sig_signer *sig_signer_pkcs11(const char *uri, const char *pin,
	    struct buf *err);
void	sig_signer_free(struct sig_signer *);
/* Common name, and title (or organisation; may be ""), of the signer. */
void	sig_signer_names(const struct sig_signer *, struct buf *cn,
	    struct buf *title);
/* The end of the certificate's validity, "2026-12-06 12:16:05 UTC". */
void	sig_signer_not_after(const struct sig_signer *, struct buf *);

/* A detached CMS SignedData (SHA-256, the chain, signing-certificate-v2)
 * over the concatenation of the nparts parts; DER into *der. */
int	sig_cms_sign(const struct sig_signer *, const unsigned char *const *part,
	    const size_t *partlen, size_t nparts, struct buf *der,
	    struct buf *err);

/* The result of checking a CMS signature. */
struct sig_check {
	bool		 parsed;	/* a CMS SignedData at all */
	bool		 intact;	/* the digest and the signature hold */
	bool		 trusted;	/* the chain reaches a trusted CA */
	char		*signer;	/* subject common name (owned), or NULL */
	char		*when;		/* signing time, "2026-12-06 12:16:05 UTC" */
	struct buf	 why;		/* Vietnamese reasons, one a line */
};

/* Check the CMS der over the parts; ca (PEM file) or the system store. */
void	sig_cms_check(const unsigned char *der, size_t derlen,
	    const unsigned char *const *part, const size_t *partlen,
	    size_t nparts, const char *ca, struct sig_check *);
void	sig_check_free(struct sig_check *);

/* SHA-256 of b, as 64 lowercase hex digits into hex[65]. */
void	sig_sha256_hex(const void *b, size_t n, char hex[65]);

/* ---- signing a PDF file (pdfsig.c, with cms.c) ---- */

/* Sign the PDF in (n bytes) into *out. */
int	sig_pdf_sign(const unsigned char *in, size_t n,
	    const struct sig_signer *, struct buf *out, struct buf *err);

/* Check the last signature of a PDF (the one that covers the most): *c as
 * sig_cms_check fills it, *whole whether nothing was appended after it.
 * -1 with *err when the file has no signature or its /ByteRange is broken
 * (*c is then empty, to be freed all the same). */
int	sig_pdf_check_last(const unsigned char *b, size_t n, const char *ca,
	    struct sig_check *c, bool *whole, struct buf *err);

/* Check every signature of a PDF; prints the findings into *report (one
 * line each, Vietnamese). Returns 0 valid, 1 invalid. */
int	sig_pdf_verify(const unsigned char *b, size_t n, const char *ca,
	    struct buf *report);

/* ---- bundle.c ---- */

/* Read at most max bytes of path into *b; -1 with *err if more or
 * unreadable. */
int	sig_read_file(const char *path, size_t max, struct buf *b,
	    struct buf *err);

#endif
