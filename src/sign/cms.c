/* cms.c: the cryptography of signing, through OpenSSL — the signer's key and
 * chain from a PKCS#12 file or from a PKCS#11 token (a USB token, through
 * libp11, the token named by an RFC 7512 URI parsed by p11-kit), a detached CMS SignedData (SHA-256, the chain,
 * the ESS signing-certificate-v2 attribute that PAdES B-B and CAdES require)
 * over a set of byte ranges, and its check: the digest and signature (the
 * bytes are intact) apart from the chain (it reaches a trusted CA), so that
 * the user is told which of the two failed, in Vietnamese. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/ess.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <libp11.h>
#include <p11-kit/p11-kit.h>
#include <p11-kit/uri.h>

#include "core/dynlib.h"
#include "sign/sign.h"

/* libp11 and p11-kit (with libffi) are opened by the first signature with
 * a token (core/dynlib.h), not mapped and relocated at every start: 0.6 ms
 * of each command that never signs. The calls below read as plain libp11;
 * the definitions after the tables send each through them. */
#define P11_FUNCS(X)							\
	X(PKCS11_CTX_new) X(PKCS11_CTX_load) X(PKCS11_CTX_unload)	\
	X(PKCS11_CTX_free) X(PKCS11_enumerate_slots)			\
	X(PKCS11_release_all_slots) X(PKCS11_login)			\
	X(PKCS11_enumerate_certs) X(PKCS11_find_key)			\
	X(PKCS11_get_private_key)
#define P11KIT_FUNCS(X)							\
	X(p11_kit_uri_new) X(p11_kit_uri_parse) X(p11_kit_uri_free)	\
	X(p11_kit_uri_message) X(p11_kit_space_strlen)			\
	X(p11_kit_uri_get_token_info) X(p11_kit_uri_get_attribute)	\
	X(p11_kit_uri_get_pin_value) X(p11_kit_uri_get_module_path)
static struct { P11_FUNCS(DYNLIB_FIELD) P11KIT_FUNCS(DYNLIB_FIELD) } p11;
DYNLIB_FILL(p11_fill, p11, P11_FUNCS)
DYNLIB_FILL(p11kit_fill, p11, P11KIT_FUNCS)
static struct dynlib p11_lib = { "libp11.so.3", "libp11-3", p11_fill, false };
static struct dynlib p11kit_lib = { "libp11-kit.so.0", "libp11-kit0",
    p11kit_fill, false };

#define PKCS11_CTX_new	(*p11.PKCS11_CTX_new)
#define PKCS11_CTX_load	(*p11.PKCS11_CTX_load)
#define PKCS11_CTX_unload	(*p11.PKCS11_CTX_unload)
#define PKCS11_CTX_free	(*p11.PKCS11_CTX_free)
#define PKCS11_enumerate_slots	(*p11.PKCS11_enumerate_slots)
#define PKCS11_release_all_slots	(*p11.PKCS11_release_all_slots)
#define PKCS11_login	(*p11.PKCS11_login)
#define PKCS11_enumerate_certs	(*p11.PKCS11_enumerate_certs)
#define PKCS11_find_key	(*p11.PKCS11_find_key)
#define PKCS11_get_private_key	(*p11.PKCS11_get_private_key)
#define p11_kit_uri_new	(*p11.p11_kit_uri_new)
#define p11_kit_uri_parse	(*p11.p11_kit_uri_parse)
#define p11_kit_uri_free	(*p11.p11_kit_uri_free)
#define p11_kit_uri_message	(*p11.p11_kit_uri_message)
#define p11_kit_space_strlen	(*p11.p11_kit_space_strlen)
#define p11_kit_uri_get_token_info	(*p11.p11_kit_uri_get_token_info)
#define p11_kit_uri_get_attribute	(*p11.p11_kit_uri_get_attribute)
#define p11_kit_uri_get_pin_value	(*p11.p11_kit_uri_get_pin_value)
#define p11_kit_uri_get_module_path	(*p11.p11_kit_uri_get_module_path)

struct sig_signer {
	EVP_PKEY	*key;
	X509		*cert;
	STACK_OF(X509)	*chain;		/* the other certificates, may be NULL */
	PKCS11_CTX	*p11;		/* a token's module, kept while the key */
	PKCS11_SLOT	*slots;		/* is used; NULL for a PKCS#12 file */
	unsigned int	 nslots;
	bool		 loaded;	/* the module was loaded */
};

/* The UTF-8 text of the first nid entry of name into *out. */
static bool
name_entry(const X509_NAME *name, int nid, struct buf *out)
{
	int i = X509_NAME_get_index_by_NID(name, nid, -1);
	unsigned char *s = NULL;
	int len;

	if (i < 0)
		return false;
	len = ASN1_STRING_to_UTF8(&s,
	    X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i)));
	if (len < 0)
		return false;
	buf_append(out, (const char *)s, (size_t)len);
	OPENSSL_free(s);
	return true;
}

static void
subject_cn(const X509 *c, struct buf *out)
{
	const X509_NAME *n = X509_get_subject_name(c);

	if (!name_entry(n, NID_commonName, out)) {
		char *s = X509_NAME_oneline(n, NULL, 0);

		buf_puts(out, s != NULL ? s : "?");
		OPENSSL_free(s);
	}
}

/* ASN1 time as "2026-12-06 12:16:05 UTC". */
static void
time_text(const ASN1_TIME *t, struct buf *out)
{
	struct tm tm;
	char s[40];

	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1)
		return;
	strftime(s, sizeof(s), "%Y-%m-%d %H:%M:%S UTC", &tm);
	buf_puts(out, s);
}

/* Is the signer's certificate in force today? Else a message naming where. */
static bool
in_force(X509 *cert, const char *where, struct buf *err)
{
	struct buf when = BUF_INIT;

	if (X509_cmp_current_time(X509_get0_notAfter(cert)) < 0) {
		time_text(X509_get0_notAfter(cert), &when);
		buf_printf(err, "%s: chứng thư số của người ký đã hết hạn (%s): không "
		    "ký được", where, buf_str(&when));
		buf_free(&when);
		return false;
	}
	if (X509_cmp_current_time(X509_get0_notBefore(cert)) > 0) {
		buf_printf(err, "%s: chứng thư số của người ký chưa đến ngày có hiệu "
		    "lực", where);
		return false;
	}
	return true;
}

struct sig_signer *
sig_signer_load_mem(const void *p12data, size_t len, const char *name,
    const char *pass, const char *pass_hint, struct buf *err)
{
	struct sig_signer *s = NULL;
	PKCS12 *p12 = NULL;
	BIO *bio = NULL;
	EVP_PKEY *key = NULL;
	X509 *cert = NULL;
	STACK_OF(X509) *ca = NULL;

	bio = len <= (size_t)INT_MAX ? BIO_new_mem_buf(p12data, (int)len) : NULL;
	if (bio == NULL || (p12 = d2i_PKCS12_bio(bio, NULL)) == NULL) {
		buf_printf(err, "%s: không phải tệp chứng thư PKCS#12 (.p12, .pfx)",
		    name);
		goto out;
	}
	if (pass == NULL)
		pass = "";
	if (!PKCS12_verify_mac(p12, pass, -1) &&
	    !(*pass == '\0' && PKCS12_verify_mac(p12, NULL, 0))) {
		buf_printf(err, "%s: sai mật khẩu của tệp chứng thư%s", name,
		    pass_hint != NULL ? pass_hint : "");
		goto out;
	}
	if (!PKCS12_parse(p12, pass, &key, &cert, &ca) || key == NULL ||
	    cert == NULL) {
		buf_printf(err, "%s: tệp chứng thư không có khóa riêng và chứng thư "
		    "của người ký (hoặc dùng thuật toán mã hóa cũ không hỗ trợ)", name);
		goto out;
	}
	if (!in_force(cert, name, err))
		goto out;
	s = xcalloc(1, sizeof(*s));
	s->key = key;
	s->cert = cert;
	s->chain = ca;
	key = NULL;
	cert = NULL;
	ca = NULL;
out:
	EVP_PKEY_free(key);
	X509_free(cert);
	sk_X509_pop_free(ca, X509_free);
	PKCS12_free(p12);
	BIO_free(bio);
	ERR_clear_error();
	return s;
}

struct sig_signer *
sig_signer_load(const char *path, const char *pass, struct buf *err)
{
	struct buf data = BUF_INIT;
	struct sig_signer *s = NULL;

	if (sig_read_file(path, 1 << 20, &data, err) == 0)
		s = sig_signer_load_mem(data.data, data.len, path, pass,
		    " (--pass-file: dòng đầu của tệp là mật khẩu)", err);
	buf_free(&data);
	return s;
}

/* The module a URI without module-path uses: p11-kit's proxy, which loads
 * every token driver registered with p11-kit (as the vendors' packages do);
 * its path comes from p11-kit-1.pc (the Makefile). */
#ifndef P11_PROXY
#define P11_PROXY "p11-kit-proxy.so"
#endif

/* The text of a URI attribute (label, id) as a NUL-terminated copy. */
static char *
uri_attr(P11KitUri *u, CK_ATTRIBUTE_TYPE type, size_t *len)
{
	CK_ATTRIBUTE *a = p11_kit_uri_get_attribute(u, type);
	char *s;

	if (a == NULL || a->pValue == NULL)
		return NULL;
	s = xmalloc(a->ulValueLen + 1);
	memcpy(s, a->pValue, a->ulValueLen);
	s[a->ulValueLen] = '\0';
	*len = a->ulValueLen;
	return s;
}

/* Does certificate c of the token answer the URI's object label and id? */
static bool
cert_wanted(const PKCS11_CERT *c, const char *label, const char *id,
    size_t idlen)
{
	if (label != NULL && (c->label == NULL || strcmp(c->label, label) != 0))
		return false;
	return id == NULL || (c->id_len == idlen && memcmp(c->id, id, idlen) == 0);
}

struct sig_signer *
sig_signer_pkcs11(const char *uri, const char *pin, struct buf *err)
{
	P11KitUri *u;
	struct sig_signer *s;
	PKCS11_SLOT *slot = NULL;
	PKCS11_CERT *certs = NULL, *c = NULL;
	PKCS11_KEY *k = NULL;
	const char *module;
	char tlabel[33] = "", *label = NULL, *id = NULL;
	size_t n, idlen = 0;
	unsigned int i, ncerts = 0;
	int rc;

	if (dynlib_load(&p11_lib, err) != 0 ||
	    dynlib_load(&p11kit_lib, err) != 0)
		return NULL;
	u = p11_kit_uri_new();
	s = xcalloc(1, sizeof(*s));
	if ((rc = p11_kit_uri_parse(uri, P11_KIT_URI_FOR_ANY, u)) !=
	    P11_KIT_URI_OK) {
		buf_printf(err, "--pkcs11: địa chỉ thiết bị ký không hợp lệ (%s); "
		    "dạng đúng: pkcs11:token=TÊN;object=NHÃN?module-path=THƯ_VIỆN.so",
		    p11_kit_uri_message(rc));
		goto fail;
	}
	n = p11_kit_space_strlen(p11_kit_uri_get_token_info(u)->label, 32);
	memcpy(tlabel, p11_kit_uri_get_token_info(u)->label, n);
	label = uri_attr(u, CKA_LABEL, &n);
	id = uri_attr(u, CKA_ID, &idlen);
	if (pin == NULL || *pin == '\0')
		pin = p11_kit_uri_get_pin_value(u);
	module = p11_kit_uri_get_module_path(u);
	if (module == NULL)
		module = P11_PROXY;
	/* A path that is not there is told before libp11 prints dlopen's. */
	if ((strchr(module, '/') != NULL && access(module, R_OK) != 0) ||
	    (s->p11 = PKCS11_CTX_new()) == NULL ||
	    PKCS11_CTX_load(s->p11, module) != 0) {
		buf_printf(err, "--pkcs11: không nạp được thư viện PKCS#11 %s của "
		    "thiết bị ký (cài trình điều khiển của nhà cung cấp, hoặc chỉ "
		    "đường dẫn bằng ?module-path=)", module);
		goto fail;
	}
	s->loaded = true;
	if (PKCS11_enumerate_slots(s->p11, &s->slots, &s->nslots) != 0)
		s->nslots = 0;
	for (i = 0; i < s->nslots && slot == NULL; i++)
		if (s->slots[i].token != NULL && s->slots[i].token->initialized &&
		    (*tlabel == '\0' || strcmp(s->slots[i].token->label, tlabel)
		    == 0))
			slot = &s->slots[i];
	if (slot == NULL) {
		buf_printf(err, "--pkcs11: không thấy thiết bị ký%s%s%s: cắm thiết "
		    "bị (USB token) và kiểm tra tên", *tlabel ? " \"" : "", tlabel,
		    *tlabel ? "\"" : "");
		goto fail;
	}
	if (slot->token->loginRequired && (pin == NULL || *pin == '\0')) {
		buf_printf(err, "--pkcs11: thiết bị ký \"%s\" cần mã PIN: đưa vào "
		    "dòng đầu của --pass-file", slot->token->label);
		goto fail;
	}
	if (slot->token->loginRequired && PKCS11_login(slot, 0, pin) != 0) {
		buf_printf(err, "--pkcs11: thiết bị ký \"%s\" không nhận mã PIN "
		    "(sai mã, hoặc thiết bị đã khóa sau nhiều lần sai)",
		    slot->token->label);
		goto fail;
	}
	if (PKCS11_enumerate_certs(slot->token, &certs, &ncerts) != 0)
		ncerts = 0;
	for (i = 0; i < ncerts && c == NULL; i++)
		if (cert_wanted(&certs[i], label, id, idlen) &&
		    (k = PKCS11_find_key(&certs[i])) != NULL)
			c = &certs[i];
	if (c == NULL || c->x509 == NULL) {
		buf_printf(err, "--pkcs11: thiết bị ký \"%s\" không có chứng thư số "
		    "nào%s%s%s kèm khóa riêng", slot->token->label,
		    label ? " mang nhãn \"" : "", label ? label : "",
		    label ? "\"" : "");
		goto fail;
	}
	if (!in_force(c->x509, "--pkcs11", err))
		goto fail;
	if ((s->key = PKCS11_get_private_key(k)) == NULL) {
		buf_printf(err, "--pkcs11: thiết bị ký không cho dùng khóa riêng "
		    "của chứng thư \"%s\"", c->label ? c->label : "");
		goto fail;
	}
	s->cert = X509_dup(c->x509);
	/* The token's other certificates (the CA's, when stored) are the chain. */
	for (i = 0; i < ncerts; i++)
		if (&certs[i] != c && certs[i].x509 != NULL) {
			if (s->chain == NULL)
				s->chain = sk_X509_new_null();
			sk_X509_push(s->chain, X509_dup(certs[i].x509));
		}
	goto out;
fail:
	sig_signer_free(s);
	s = NULL;
out:
	free(label);
	free(id);
	p11_kit_uri_free(u);
	ERR_clear_error();
	return s;
}

void
sig_signer_free(struct sig_signer *s)
{
	if (s == NULL)
		return;
	EVP_PKEY_free(s->key);
	X509_free(s->cert);
	sk_X509_pop_free(s->chain, X509_free);
	if (s->p11 != NULL) {
		if (s->slots != NULL)
			PKCS11_release_all_slots(s->p11, s->slots, s->nslots);
		if (s->loaded)
			PKCS11_CTX_unload(s->p11);
		PKCS11_CTX_free(s->p11);
	}
	free(s);
}

void
sig_signer_names(const struct sig_signer *s, struct buf *cn, struct buf *title)
{
	const X509_NAME *n = X509_get_subject_name(s->cert);

	subject_cn(s->cert, cn);
	if (!name_entry(n, NID_title, title))
		name_entry(n, NID_organizationName, title);
}

void
sig_signer_not_after(const struct sig_signer *s, struct buf *out)
{
	time_text(X509_get0_notAfter(s->cert), out);
}

/* All parts in one memory BIO (a report is a few hundred kilobytes). */
static BIO *
parts_bio(const unsigned char *const *part, const size_t *partlen,
    size_t nparts)
{
	BIO *b = BIO_new(BIO_s_mem());
	size_t k;

	if (b == NULL)
		return NULL;
	for (k = 0; k < nparts; k++)
		if (partlen[k] > 0 && BIO_write(b, part[k], (int)partlen[k]) !=
		    (int)partlen[k]) {
			BIO_free(b);
			return NULL;
		}
	return b;
}

int
sig_cms_sign(const struct sig_signer *s, const unsigned char *const *part,
    const size_t *partlen, size_t nparts, struct buf *der, struct buf *err)
{
	const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP |
	    CMS_PARTIAL;
	CMS_ContentInfo *cms = NULL;
	CMS_SignerInfo *si;
	ESS_SIGNING_CERT_V2 *sc = NULL;
	unsigned char *enc = NULL, *p;
	BIO *in = NULL;
	int len, k, rc = -1;

	if ((in = parts_bio(part, partlen, nparts)) == NULL ||
	    (cms = CMS_sign(NULL, NULL, NULL, NULL, flags)) == NULL ||
	    (si = CMS_add1_signer(cms, s->cert, s->key, EVP_sha256(), flags))
	    == NULL)
		goto fail;
	for (k = 0; s->chain != NULL && k < sk_X509_num(s->chain); k++)
		if (!CMS_add1_cert(cms, sk_X509_value(s->chain, k)))
			goto fail;
	/* ESS signing-certificate-v2: binds the signature to this certificate
	 * (RFC 5035), required by CAdES and PAdES baseline B. */
	if ((sc = OSSL_ESS_signing_cert_v2_new_init(EVP_sha256(), s->cert, NULL,
	    0)) == NULL || (len = i2d_ESS_SIGNING_CERT_V2(sc, &enc)) <= 0 ||
	    !CMS_signed_add1_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificateV2, V_ASN1_SEQUENCE, enc, len))
		goto fail;
	if (!CMS_final(cms, in, NULL, CMS_DETACHED | CMS_BINARY))
		goto fail;
	if ((len = i2d_CMS_ContentInfo(cms, NULL)) <= 0)
		goto fail;
	buf_reset(der);
	buf_grow(der, (size_t)len + 1);
	p = (unsigned char *)der->data;
	if (i2d_CMS_ContentInfo(cms, &p) != len)
		goto fail;
	der->len = (size_t)len;
	rc = 0;
	goto out;
fail:
	buf_printf(err, "không tạo được chữ ký CMS: %s",
	    ERR_reason_error_string(ERR_peek_last_error()) ?
	    ERR_reason_error_string(ERR_peek_last_error()) : "lỗi OpenSSL");
out:
	OPENSSL_free(enc);
	ESS_SIGNING_CERT_V2_free(sc);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	ERR_clear_error();
	return rc;
}

static const char *
chain_reason(int e)
{
	switch (e) {
	case X509_V_ERR_CERT_HAS_EXPIRED:
		return "chứng thư số đã hết hạn";
	case X509_V_ERR_CERT_NOT_YET_VALID:
		return "chứng thư số chưa đến ngày có hiệu lực";
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
	case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
		return "chứng thư số không do tổ chức chứng thực (CA) tin cậy nào cấp "
		    "(chỉ CA tin cậy bằng --ca TỆP.pem)";
	case X509_V_ERR_CERT_SIGNATURE_FAILURE:
		return "chữ ký trên chứng thư số sai";
	case X509_V_ERR_CERT_REVOKED:
		return "chứng thư số đã bị thu hồi";
	case X509_V_ERR_INVALID_PURPOSE:
		return "chứng thư số không dùng để ký được";
	default:
		return NULL;
	}
}

/* Does the signing-certificate(-v2) attribute, when present, name the
 * signer's certificate? (RFC 5035: a certificate swapped in later fails.) */
static bool
ess_matches(CMS_SignerInfo *si, X509 *signer)
{
	int i = CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificateV2, -1);
	ASN1_TYPE *at;
	ESS_SIGNING_CERT_V2 *sc;
	STACK_OF(X509) *chain;
	const unsigned char *q;
	bool ok;

	if (i < 0)
		return true;
	at = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i), 0);
	if (at == NULL || at->type != V_ASN1_SEQUENCE)
		return false;
	q = at->value.sequence->data;
	if ((sc = d2i_ESS_SIGNING_CERT_V2(NULL, &q,
	    at->value.sequence->length)) == NULL)
		return false;
	chain = sk_X509_new_null();
	ok = chain != NULL && sk_X509_push(chain, signer) > 0 &&
	    OSSL_ESS_check_signing_certs(NULL, sc, chain, 1) > 0;
	sk_X509_free(chain);
	ESS_SIGNING_CERT_V2_free(sc);
	return ok;
}

void
sig_cms_check(const unsigned char *der, size_t derlen,
    const unsigned char *const *part, const size_t *partlen, size_t nparts,
    const char *ca, struct sig_check *c)
{
	const unsigned char *p = der;
	CMS_ContentInfo *cms = NULL;
	STACK_OF(CMS_SignerInfo) *sis;
	STACK_OF(X509) *certs = NULL;
	CMS_SignerInfo *si;
	X509 *signer = NULL;
	X509_STORE *st = NULL;
	X509_STORE_CTX *ctx = NULL;
	BIO *in = NULL;
	struct buf t = BUF_INIT;
	int i;

	memset(c, 0, sizeof(*c));
	if (derlen == 0 || derlen > (1 << 24) ||
	    (cms = d2i_CMS_ContentInfo(NULL, &p, (long)derlen)) == NULL ||
	    OBJ_obj2nid(CMS_get0_type(cms)) != NID_pkcs7_signed ||
	    (sis = CMS_get0_SignerInfos(cms)) == NULL ||
	    sk_CMS_SignerInfo_num(sis) != 1) {
		buf_puts(&c->why, "không đọc được chữ ký CMS (hỏng hoặc không "
		    "phải SignedData có một người ký)\n");
		goto out;
	}
	c->parsed = true;
	si = sk_CMS_SignerInfo_value(sis, 0);
	certs = CMS_get1_certs(cms);
	CMS_set1_signers_certs(cms, NULL, 0);
	CMS_SignerInfo_get0_algs(si, NULL, &signer, NULL, NULL);
	if (signer != NULL) {
		subject_cn(signer, &t);
		c->signer = buf_detach(&t);
	}
	i = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
	if (i >= 0) {
		ASN1_TYPE *at = X509_ATTRIBUTE_get0_type(CMS_signed_get_attr(si, i),
		    0);

		if (at != NULL && (at->type == V_ASN1_UTCTIME ||
		    at->type == V_ASN1_GENERALIZEDTIME)) {
			time_text(at->value.utctime, &t);
			if (t.len > 0)
				c->when = buf_detach(&t);
		}
	}
	if (CMS_signed_get_attr_by_NID(si, NID_id_smime_aa_signingCertificateV2,
	    -1) < 0 && CMS_signed_get_attr_by_NID(si,
	    NID_id_smime_aa_signingCertificate, -1) < 0)
		buf_puts(&c->why, "chữ ký thiếu thuộc tính signing-certificate-v2 "
		    "(PAdES B-B đòi có)\n");
	if ((in = parts_bio(part, partlen, nparts)) != NULL &&
	    CMS_verify(cms, NULL, NULL, in, NULL, CMS_BINARY | CMS_DETACHED |
	    CMS_NO_SIGNER_CERT_VERIFY) == 1)
		c->intact = true;
	else
		buf_puts(&c->why, "mã băm của các byte được ký không khớp với chữ "
		    "ký: nội dung đã bị thay đổi sau khi ký\n");
	if (signer == NULL) {
		buf_puts(&c->why, "chữ ký không kèm chứng thư của người ký\n");
		goto out;
	}
	if (c->intact && !ess_matches(si, signer)) {
		c->intact = false;
		buf_puts(&c->why, "thuộc tính signing-certificate-v2 không khớp với "
		    "chứng thư của người ký (chứng thư bị tráo)\n");
	}
	st = X509_STORE_new();
	if (ca != NULL) {
		if (st == NULL || X509_STORE_load_file(st, ca) != 1) {
			buf_printf(&c->why, "không đọc được tệp CA tin cậy %s (cần PEM)\n",
			    ca);
			goto out;
		}
	} else if (st == NULL || X509_STORE_set_default_paths(st) != 1) {
		buf_puts(&c->why, "không mở được kho CA của hệ thống\n");
		goto out;
	}
	if ((ctx = X509_STORE_CTX_new()) == NULL ||
	    X509_STORE_CTX_init(ctx, st, signer, certs) != 1)
		goto out;
	if (X509_verify_cert(ctx) == 1)
		c->trusted = true;
	else {
		int e = X509_STORE_CTX_get_error(ctx);
		const char *why = chain_reason(e);

		if (why != NULL)
			buf_printf(&c->why, "%s\n", why);
		else
			buf_printf(&c->why, "không xác minh được chuỗi chứng thư (%s)\n",
			    X509_verify_cert_error_string(e));
	}
out:
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	sk_X509_pop_free(certs, X509_free);
	CMS_ContentInfo_free(cms);
	BIO_free(in);
	buf_free(&t);
	ERR_clear_error();
}

void
sig_check_free(struct sig_check *c)
{
	free(c->signer);
	free(c->when);
	buf_free(&c->why);
	memset(c, 0, sizeof(*c));
}

void
sig_sha256_hex(const void *b, size_t n, char hex[65])
{
	unsigned char md[32];
	unsigned int len = 0, k;

	EVP_Digest(b, n, md, &len, EVP_sha256(), NULL);
	for (k = 0; k < 32; k++)
		snprintf(hex + 2 * k, 3, "%02x", md[k]);
	hex[64] = '\0';
}
