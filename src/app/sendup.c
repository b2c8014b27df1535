/* sendup.c: reports sent up to the level above. An admin stores a unit's
 * signing certificate (its PKCS#12 file and password) sealed with the
 * server's key (XChaCha20-Poly1305 of libsodium, the unit's code as
 * associated data, so that a sealed certificate moved to another unit's
 * row does not open): the key lives in a file outside the database, so a
 * copy of the database alone signs nothing. The approver of an approved
 * period signs its report with it (the PAdES signature of `ktxh sign`,
 * src/sign/) and the signed PDF is stored with the figures it was made from
 * (the evaluation as JSON): later edits change neither. Sending needs the
 * period still approved and its figures still those signed; the level above
 * accepts it, or returns it with a reason, which puts the period back into
 * draft for the unit. Every step is one transaction with its audit entry,
 * conditional on the submission's version. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "app/app.h"
#include "app/sendup.h"
#include "core/period.h"
#include "core/text.h"
#include "sign/bundle.h"
#include "sign/sign.h"

#define CERT_MAX (1u << 20)	/* bytes of a PKCS#12 file */
#define PASS_MAX 1024		/* bytes of its password */

/* ---- the server's key and sealed certificates ---- */

int
sendup_key_file(const char *path, unsigned char key[SENDUP_KEY_BYTES],
    bool *created, struct buf *err)
{
	struct stat st;
	ssize_t got;
	int fd;

	*created = false;
	if (sodium_init() < 0) {
		buf_puts(err, "không khởi tạo được libsodium");
		return -1;
	}
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW)) < 0 && errno == ENOENT) {
		if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600)) < 0) {
			buf_printf(err, "--key-file: không tạo được %s: %s", path,
			    strerror(errno));
			return -1;
		}
		randombytes_buf(key, SENDUP_KEY_BYTES);
		if (write(fd, key, SENDUP_KEY_BYTES) != SENDUP_KEY_BYTES ||
		    fsync(fd) != 0) {
			buf_printf(err, "--key-file: không ghi được %s: %s", path,
			    strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		close(fd);
		*created = true;
		return 0;
	}
	if (fd < 0) {
		buf_printf(err, "--key-file: không mở được %s: %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size != SENDUP_KEY_BYTES) {
		buf_printf(err, "--key-file: %s không phải tệp khóa của ktxh (cần "
		    "đúng %d byte; xóa đường dẫn để ktxh tạo khóa mới — khi đó phải "
		    "tải lại chứng thư số của các đơn vị)", path, SENDUP_KEY_BYTES);
		close(fd);
		return -1;
	}
	if ((st.st_mode & 077) != 0) {
		buf_printf(err, "--key-file: người khác đọc được %s (quyền %03o): "
		    "chạy chmod 600 %s", path, (unsigned)(st.st_mode & 0777), path);
		close(fd);
		return -1;
	}
	got = read(fd, key, SENDUP_KEY_BYTES);
	close(fd);
	if (got != SENDUP_KEY_BYTES) {
		buf_printf(err, "--key-file: không đọc được %s", path);
		return -1;
	}
	return 0;
}

/* The associated data of a unit's sealed certificate. */
static void
cert_ad(struct buf *ad, const char *unit)
{
	buf_printf(ad, "ktxh unit certificate %s", unit);
}

/* pass (4-byte length first) and the p12, sealed: nonce and ciphertext. */
static void
seal(const unsigned char *key, const char *unit, const void *p12,
    size_t len, const char *pass, struct buf *out)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	size_t plen = strlen(pass), mlen = 4 + plen + len;
	unsigned char *m = xmalloc(mlen), *c;
	unsigned long long clen;
	struct buf ad = BUF_INIT;

	m[0] = (unsigned char)(plen >> 24);
	m[1] = (unsigned char)(plen >> 16);
	m[2] = (unsigned char)(plen >> 8);
	m[3] = (unsigned char)plen;
	memcpy(m + 4, pass, plen);
	memcpy(m + 4 + plen, p12, len);
	cert_ad(&ad, unit);
	c = xmalloc(nb + mlen + crypto_aead_xchacha20poly1305_ietf_ABYTES);
	randombytes_buf(c, nb);
	crypto_aead_xchacha20poly1305_ietf_encrypt(c + nb, &clen, m, mlen,
	    (const unsigned char *)ad.data, ad.len, NULL, c, key);
	buf_reset(out);
	buf_append(out, (const char *)c, nb + (size_t)clen);
	sodium_memzero(m, mlen);
	free(m);
	free(c);
	buf_free(&ad);
}

static void
no_key(struct buf *msg)
{
	buf_puts(msg, "Máy chủ chạy không có khóa bảo vệ chứng thư số nên chưa "
	    "lưu và ký được: người quản trị máy chủ chạy ktxh serve với "
	    "--key-file TỆP (docs/signing.md).");
}

/* The signer of unit's stored certificate; NULL with msg. */
static struct sig_signer *
unit_signer(struct store *s, const unsigned char *key, const char *unit,
    struct buf *msg)
{
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	struct unit_cert *c = NULL;
	struct sig_signer *sg = NULL;
	struct buf ad = BUF_INIT;
	unsigned char *m = NULL;
	unsigned long long mlen = 0;
	size_t n = 0, plen;
	char *pass = NULL;

	if (key == NULL) {
		no_key(msg);
		return NULL;
	}
	if (store_unit_certs(s, unit, &c, &n) != 0) {
		buf_printf(msg, "Không đọc được chứng thư số của đơn vị: %s",
		    store_error(s));
		return NULL;
	}
	if (n == 0) {
		buf_puts(msg, "Đơn vị chưa có chứng thư số để ký: quản trị viên tải "
		    "tệp chứng thư (.p12) của đơn vị lên ở trang Quản trị.");
		goto out;
	}
	cert_ad(&ad, unit);
	m = xmalloc(c->sealedlen + 1);
	if (c->sealedlen < nb + crypto_aead_xchacha20poly1305_ietf_ABYTES + 4 ||
	    crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL,
	    c->sealed + nb, c->sealedlen - nb, (const unsigned char *)ad.data,
	    ad.len, c->sealed, key) != 0 || mlen < 4) {
		buf_puts(msg, "Không mở được chứng thư số đã lưu của đơn vị: khóa "
		    "của máy chủ (--key-file) không phải khóa lúc tải chứng thư lên, "
		    "hoặc dữ liệu đã bị sửa. Quản trị viên hãy tải lại chứng thư.");
		goto out;
	}
	plen = (size_t)m[0] << 24 | (size_t)m[1] << 16 | (size_t)m[2] << 8 | m[3];
	if (plen > mlen - 4) {
		buf_puts(msg, "Chứng thư số đã lưu của đơn vị bị hỏng: quản trị viên "
		    "hãy tải lại.");
		goto out;
	}
	pass = xstrndup((const char *)m + 4, plen);
	sg = sig_signer_load_mem(m + 4 + plen, (size_t)mlen - 4 - plen,
	    "Chứng thư số của đơn vị", pass, NULL, msg);
out:
	if (m != NULL)
		sodium_memzero(m, c->sealedlen + 1);
	if (pass != NULL)
		sodium_memzero(pass, strlen(pass));
	free(m);
	free(pass);
	store_free_unit_certs(c, n);
	buf_free(&ad);
	return sg;
}

int
sendup_put_cert(struct store *s, const unsigned char *key, const char *by,
    const char *unit, const void *p12, size_t len, const char *pass,
    struct buf *msg)
{
	struct sig_signer *sg;
	struct buf sealed = BUF_INIT, cn = BUF_INIT, title = BUF_INIT;
	struct buf until = BUF_INIT, what = BUF_INIT;
	struct unit_cert c;
	int rc = SENDUP_INVALID;

	if (key == NULL) {
		no_key(msg);
		return SENDUP_STATE;
	}
	if (pass == NULL)
		pass = "";
	if (len == 0 || len > CERT_MAX || strlen(pass) > PASS_MAX) {
		buf_puts(msg, len == 0 ? "Chưa chọn tệp chứng thư số (.p12, .pfx)." :
		    "Tệp chứng thư hoặc mật khẩu quá lớn.");
		return SENDUP_INVALID;
	}
	if ((sg = sig_signer_load_mem(p12, len, "Tệp .p12", pass,
	    " — hãy nhập lại đúng mật khẩu", msg)) == NULL)
		return SENDUP_INVALID;
	sig_signer_names(sg, &cn, &title);
	sig_signer_not_after(sg, &until);
	sig_signer_free(sg);
	seal(key, unit, p12, len, pass, &sealed);
	memset(&c, 0, sizeof(c));
	c.unit = (char *)unit;
	c.sealed = (unsigned char *)sealed.data;
	c.sealedlen = sealed.len;
	c.subject = (char *)buf_str(&cn);
	c.title = title.len ? title.data : NULL;
	c.not_after = (char *)buf_str(&until);
	c.uploaded_by = (char *)by;
	buf_printf(&what, "%s, hiệu lực đến %s", buf_str(&cn), buf_str(&until));
	if (store_begin(s) != 0 || store_put_unit_cert(s, &c) != 0 ||
	    store_audit(s, by, unit, "cert", unit, NULL, buf_str(&what)) != 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		buf_printf(msg, "Không lưu được chứng thư số (lỗi cơ sở dữ liệu: %s); "
		    "không có gì được ghi, hãy thử lại.", store_error(s));
		rc = SENDUP_FAILED;
	} else
		rc = SENDUP_OK;
	buf_free(&sealed);
	buf_free(&cn);
	buf_free(&title);
	buf_free(&until);
	buf_free(&what);
	return rc;
}

/* ---- the steps ---- */

/* The time now in UTC as the store writes it (2023-12-05T08:00:00Z). */
static void
now_utc(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

char *
sendup_snapshot(struct store *s, const char *unit, const char *period,
    struct buf *err)
{
	struct app_eval e;
	struct period p;
	char *json = NULL;

	if (period_parse(period, strlen(period), &p) != 0) {
		buf_printf(err, "kỳ “%s” không hợp lệ", period);
		return NULL;
	}
	if (app_evaluate(s, unit, &p, -1, &e, err) == 0)
		json = app_eval_json(&e);
	app_eval_free(&e);
	return json;
}

/* The period as a code ("2023-Q3") and in words ("quý III năm 2023"); -1
 * with msg when it is no period. */
static int
period_names(const char *period, struct buf *code, struct buf *words,
    struct buf *msg)
{
	struct period p;

	if (period == NULL || period_parse(period, strlen(period), &p) != 0) {
		buf_printf(msg, "Kỳ “%s” không hợp lệ: viết 2023, 2023-H1, 2023-9M, "
		    "2023-Q3 hoặc 2023-M09.", period ? period : "");
		return -1;
	}
	period_format(code, &p);
	if (words != NULL)
		period_label(words, &p);
	return 0;
}

/* The newest submission of unit and period not returned, when one is:
 * *live is its index in x (sorted newest first), else -1. */
static int
live_of(const struct submission *x, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (x[i].state != SSTATE_RETURNED)
			return (int)i;
	return -1;
}

/* The audit object of a submission: "2023#5". */
static void
object_of(char out[96], const char *period, long long id)
{
	snprintf(out, 96, "%s#%lld", period, id);
}

int
sendup_sign(struct store *s, const unsigned char *key, const char *by,
    const char *unit, const char *period, long long *id, struct buf *msg)
{
	struct buf code = BUF_INIT, words = BUF_INIT, err = BUF_INIT;
	struct buf pdf = BUF_INIT, cn = BUF_INIT, title = BUF_INIT;
	struct buf what = BUF_INIT;
	struct submission *x = NULL, nx;
	struct sig_signer *sg = NULL;
	char *snap = NULL, *again = NULL, today[16], now[32], hex[65], obj[96];
	enum pstate st;
	size_t n = 0;
	time_t t = time(NULL);
	struct tm tm;
	int live, rc = SENDUP_STATE;

	*id = 0;
	if (period_names(period, &code, &words, msg) != 0) {
		rc = SENDUP_INVALID;
		goto out;
	}
	if (store_period_state(s, unit, buf_str(&code), &st, NULL, NULL) != 0) {
		rc = SENDUP_FAILED;
		buf_printf(msg, "Không đọc được trạng thái của kỳ: %s",
		    store_error(s));
		goto out;
	}
	if (st != PSTATE_APPROVED) {
		buf_printf(msg, "Chưa ký được: %s đang ở trạng thái “%s”. Chỉ ký số "
		    "báo cáo của kỳ đã phê duyệt và khóa (trang Nhập số liệu).",
		    buf_str(&words), pstate_labels_vi[st]);
		goto out;
	}
	if ((sg = unit_signer(s, key, unit, msg)) == NULL)
		goto out;
	localtime_r(&t, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (bundle_report_pdf(s, unit, buf_str(&code), today, sg, &pdf,
	    &err) != 0) {
		buf_printf(msg, "Không lập được báo cáo để ký: %s", buf_str(&err));
		rc = SENDUP_INVALID;
		goto out;
	}
	if ((snap = sendup_snapshot(s, unit, buf_str(&code), &err)) == NULL) {
		buf_printf(msg, "Không tính được số liệu của kỳ: %s", buf_str(&err));
		rc = SENDUP_INVALID;
		goto out;
	}
	sig_signer_names(sg, &cn, &title);
	/* What was read above still holds: checked again in the transaction
	 * that stores it (building and signing stayed outside, so that other
	 * writers do not wait for them). */
	if (store_begin(s) != 0) {
		rc = SENDUP_FAILED;
		buf_puts(msg, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		goto out;
	}
	if (store_period_state(s, unit, buf_str(&code), &st, NULL, NULL) != 0 ||
	    store_submissions(s, unit, buf_str(&code), 0, false, &x, &n) != 0 ||
	    (again = sendup_snapshot(s, unit, buf_str(&code), &err)) == NULL)
		goto fail;
	live = live_of(x, n);
	if (st != PSTATE_APPROVED || strcmp(again, snap) != 0) {
		store_rollback(s);
		buf_puts(msg, "Số liệu hoặc trạng thái của kỳ vừa thay đổi trong lúc "
		    "ký: không lưu gì. Hãy xem lại rồi ký lại.");
		goto out;
	}
	if (live >= 0 && x[live].state == SSTATE_SENT) {
		store_rollback(s);
		buf_printf(msg, "Báo cáo %s đã gửi cấp trên (số %lld) và đang chờ "
		    "tiếp nhận: không ký lại được.", buf_str(&words), x[live].id);
		goto out;
	}
	now_utc(now);
	sig_sha256_hex(pdf.data, pdf.len, hex);
	memset(&nx, 0, sizeof(nx));
	/* A report signed and not sent yet is signed again in place. */
	if (live >= 0 && x[live].state == SSTATE_SIGNED) {
		nx.id = x[live].id;
		nx.version = x[live].version;
	}
	nx.unit = (char *)unit;
	nx.period = (char *)buf_str(&code);
	nx.state = SSTATE_SIGNED;
	nx.source = (char *)"web";
	nx.pdf = (unsigned char *)pdf.data;
	nx.pdflen = pdf.len;
	nx.pdf_sha256 = hex;
	nx.signer = (char *)buf_str(&cn);
	nx.signed_by = (char *)by;
	nx.signed_at = now;
	nx.snapshot = snap;
	if ((rc = store_put_submission(s, &nx, id)) == STORE_CONFLICT) {
		store_rollback(s);
		buf_puts(msg, "Báo cáo vừa được người khác ký hoặc gửi: không lưu "
		    "gì. Hãy xem lại.");
		rc = SENDUP_STATE;
		goto out;
	}
	if (rc != 0)
		goto fail;
	if (nx.id != 0)
		*id = nx.id;
	object_of(obj, buf_str(&code), *id);
	buf_printf(&what, "ký số bởi %s; SHA-256 %s", buf_str(&cn), hex);
	if (store_audit(s, by, unit, "report-sign", obj, NULL,
	    buf_str(&what)) != 0 || store_commit(s) != 0)
		goto fail;
	rc = SENDUP_OK;
	goto out;
fail:
	store_rollback(s);
	*id = 0;
	rc = SENDUP_FAILED;
	buf_printf(msg, "Không lưu được báo cáo đã ký (lỗi cơ sở dữ liệu: %s); "
	    "không có gì được ghi, hãy thử lại.", store_error(s));
out:
	sig_signer_free(sg);
	store_free_submissions(x, n);
	free(snap);
	free(again);
	buf_free(&code);
	buf_free(&words);
	buf_free(&err);
	buf_free(&pdf);
	buf_free(&cn);
	buf_free(&title);
	buf_free(&what);
	return rc;
}

/* Read submission id (full when asked) in the open transaction, checked
 * against the state it must be in and the version the caller read. */
static int
read_for_step(struct store *s, long long id, long long version, bool full,
    enum sstate must, struct submission **x, size_t *n, struct buf *msg)
{
	static const char *const wrong[SSTATE__MAX] = {
		"đã ký nhưng chưa gửi",
		"đã gửi và đang chờ cấp trên tiếp nhận",
		"đã được cấp trên tiếp nhận",
		"đã bị cấp trên trả lại (ký lại báo cáo rồi gửi lần nữa)",
	};

	if (store_submissions(s, NULL, NULL, id, full, x, n) != 0) {
		buf_printf(msg, "Không đọc được báo cáo gửi cấp trên: %s",
		    store_error(s));
		return SENDUP_FAILED;
	}
	if (*n == 0) {
		buf_printf(msg, "Không có báo cáo gửi cấp trên số %lld.", id);
		return SENDUP_NOT_FOUND;
	}
	if ((*x)->state != must) {
		buf_printf(msg, "Báo cáo số %lld %s.", id, wrong[(*x)->state]);
		return SENDUP_STATE;
	}
	if (version > 0 && version != (*x)->version) {
		buf_printf(msg, "Báo cáo số %lld đã thay đổi sau khi bạn đọc (phiên "
		    "bản hiện tại %lld, bạn gửi %lld): không ghi gì. Đọc lại rồi "
		    "quyết định.", id, (*x)->version, version);
		return SENDUP_STATE;
	}
	return SENDUP_OK;
}

/* Store the step in x (read without its PDF and snapshot, so both stay)
 * and its audit entry, then commit; SENDUP_STATE when someone else
 * changed it meanwhile. */
static int
write_step(struct store *s, const char *by, struct submission *x,
    const char *action, enum sstate from, const char *note, struct buf *msg)
{
	char obj[96];
	int rc = store_put_submission(s, x, NULL);

	if (rc == STORE_CONFLICT) {
		buf_puts(msg, "Báo cáo vừa được người khác thay đổi: không ghi gì. "
		    "Đọc lại rồi quyết định.");
		return SENDUP_STATE;
	}
	object_of(obj, x->period, x->id);
	if (rc != 0 || store_audit(s, by, x->unit, action, obj,
	    sstate_names[from], note) != 0 || store_commit(s) != 0) {
		buf_printf(msg, "Không ghi được (lỗi cơ sở dữ liệu: %s); không có gì "
		    "được ghi, hãy thử lại.", store_error(s));
		return SENDUP_FAILED;
	}
	return SENDUP_OK;
}

int
sendup_send(struct store *s, const char *by, long long id, long long version,
    struct buf *msg)
{
	struct submission *x = NULL;
	struct buf err = BUF_INIT, words = BUF_INIT, code = BUF_INIT;
	char *now_json = NULL, now[32];
	enum pstate st;
	size_t n = 0;
	int rc;

	if (store_begin(s) != 0) {
		buf_puts(msg, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		return SENDUP_FAILED;
	}
	if ((rc = read_for_step(s, id, version, true, SSTATE_SIGNED, &x, &n,
	    msg)) != SENDUP_OK)
		goto out;
	period_names(x->period, &code, &words, msg);
	if (store_period_state(s, x->unit, x->period, &st, NULL, NULL) != 0 ||
	    (now_json = sendup_snapshot(s, x->unit, x->period, &err)) == NULL) {
		buf_printf(msg, "Không đọc được số liệu của kỳ: %s%s",
		    store_error(s), buf_str(&err));
		rc = SENDUP_FAILED;
		goto out;
	}
	if (st != PSTATE_APPROVED) {
		buf_printf(msg, "Chưa gửi được: %s đang ở trạng thái “%s”, không còn "
		    "là kỳ đã phê duyệt và khóa. Phê duyệt lại, ký lại rồi gửi.",
		    buf_str(&words), pstate_labels_vi[st]);
		rc = SENDUP_STATE;
		goto out;
	}
	if (strcmp(now_json, x->snapshot) != 0) {
		buf_printf(msg, "Chưa gửi được: số liệu của %s đã thay đổi sau khi "
		    "ký. Hãy ký lại báo cáo rồi gửi.", buf_str(&words));
		rc = SENDUP_STATE;
		goto out;
	}
	free(x->pdf);
	x->pdf = NULL;
	free(x->snapshot);
	x->snapshot = NULL;
	now_utc(now);
	x->state = SSTATE_SENT;
	x->sent_by = xstrdup(by);
	x->sent_at = xstrdup(now);
	rc = write_step(s, by, x, "report-send", SSTATE_SIGNED, "sent", msg);
out:
	if (rc != SENDUP_OK)
		store_rollback(s);
	store_free_submissions(x, n);
	free(now_json);
	buf_free(&err);
	buf_free(&words);
	buf_free(&code);
	return rc;
}

/* A return's reason: valid UTF-8, not blank, at most SENDUP_REASON_MAX
 * characters; NFC into *out. */
static int
clean_reason(const char *in, char **out, struct buf *msg)
{
	size_t bad, chars = 0;
	const char *p;

	*out = NULL;
	for (p = in ? in : ""; *p == ' ' || *p == '\n' || *p == '\r' ||
	    *p == '\t'; p++)
		;
	if (*p == '\0') {
		buf_puts(msg, "Cần ghi lý do trả lại (trường reason), để đơn vị biết "
		    "phải sửa gì.");
		return SENDUP_INVALID;
	}
	if (text_utf8_check(in, strlen(in), &bad) != 0) {
		buf_puts(msg, "Lý do không phải UTF-8 hợp lệ.");
		return SENDUP_INVALID;
	}
	for (p = in; *p != '\0'; p++)
		chars += ((unsigned char)*p & 0xC0) != 0x80;
	if (chars > SENDUP_REASON_MAX) {
		buf_printf(msg, "Lý do dài %zu ký tự, quá giới hạn %d ký tự: hãy viết "
		    "ngắn lại.", chars, SENDUP_REASON_MAX);
		return SENDUP_INVALID;
	}
	*out = text_nfc(in, strlen(in));
	return SENDUP_OK;
}

int
sendup_decide(struct store *s, const char *by, long long id, bool accept,
    const char *reason, long long version, struct buf *msg)
{
	struct submission *x = NULL;
	struct buf newt = BUF_INIT, why2 = BUF_INIT;
	char *why = NULL, now[32];
	enum pstate st;
	size_t n = 0;
	int rc;

	if (!accept && (rc = clean_reason(reason, &why, msg)) != SENDUP_OK)
		return rc;
	if (store_begin(s) != 0) {
		free(why);
		buf_puts(msg, "Cơ sở dữ liệu đang bận; hãy thử lại.");
		return SENDUP_FAILED;
	}
	if ((rc = read_for_step(s, id, version, false, SSTATE_SENT, &x, &n,
	    msg)) != SENDUP_OK)
		goto out;
	now_utc(now);
	x->state = accept ? SSTATE_ACCEPTED : SSTATE_RETURNED;
	x->decided_by = xstrdup(by);
	x->decided_at = xstrdup(now);
	x->reason = why;
	why = NULL;
	/* A return opens the period again for the unit, with the reason,
	 * which says where it came from. */
	if (!accept) {
		buf_printf(&why2, "%s%s", SENDUP_RETURN_PREFIX, x->reason);
		buf_printf(&newt, "%s: %s", pstate_names[PSTATE_DRAFT],
		    buf_str(&why2));
		if (store_period_state(s, x->unit, x->period, &st, NULL, NULL) != 0 ||
		    (st == PSTATE_APPROVED && (store_put_period_state(s, x->unit,
		    x->period, PSTATE_DRAFT, by, buf_str(&why2)) != 0 ||
		    store_audit(s, by, x->unit, "state", x->period,
		    pstate_names[st], buf_str(&newt)) != 0))) {
			buf_printf(msg, "Không mở lại được kỳ (lỗi cơ sở dữ liệu: %s); "
			    "không có gì được ghi, hãy thử lại.", store_error(s));
			rc = SENDUP_FAILED;
			goto out;
		}
	}
	rc = write_step(s, by, x, accept ? "report-accept" : "report-return",
	    SSTATE_SENT, accept ? "accepted" : x->reason, msg);
out:
	if (rc != SENDUP_OK)
		store_rollback(s);
	store_free_submissions(x, n);
	free(why);
	buf_free(&newt);
	buf_free(&why2);
	return rc;
}

int
sendup_from_bundle(struct store *s, const char *by, const char *unit,
    const char *period, const void *pdf, size_t len, const char *signer,
    long long *idp, struct buf *msg)
{
	struct buf code = BUF_INIT, words = BUF_INIT, err = BUF_INIT;
	struct buf what = BUF_INIT;
	struct submission *x = NULL, nx;
	char *snap = NULL, now[32], hex[65], obj[96];
	enum pstate st;
	long long id = 0;
	size_t n = 0;
	int live, rc = SENDUP_FAILED;

	if (period_names(period, &code, &words, msg) != 0)
		return SENDUP_INVALID;
	if (store_begin(s) != 0) {
		buf_printf(msg, "%s", store_error(s));
		goto out;
	}
	if (store_period_state(s, unit, buf_str(&code), &st, NULL, NULL) != 0 ||
	    store_submissions(s, unit, buf_str(&code), 0, false, &x, &n) != 0) {
		buf_printf(msg, "%s", store_error(s));
		goto fail;
	}
	sig_sha256_hex(pdf, len, hex);
	if ((live = live_of(x, n)) >= 0 && x[live].state == SSTATE_SENT &&
	    x[live].pdf_sha256 != NULL && strcmp(x[live].pdf_sha256, hex) == 0) {
		/* The same bundle again: it is already there. */
		*idp = x[live].id;
		rc = store_commit(s) == 0 ? SENDUP_OK : SENDUP_FAILED;
		goto out;
	}
	if (live >= 0 && x[live].state == SSTATE_SENT) {
		buf_printf(msg, "%s của %s đã có báo cáo gửi lên (số %lld) đang chờ "
		    "tiếp nhận: tiếp nhận hoặc trả lại báo cáo ấy trước khi nhập gói "
		    "mới", buf_str(&words), unit, x[live].id);
		rc = SENDUP_STATE;
		goto fail;
	}
	if ((snap = sendup_snapshot(s, unit, buf_str(&code), &err)) == NULL) {
		buf_printf(msg, "không tính được số liệu của kỳ: %s", buf_str(&err));
		rc = SENDUP_INVALID;
		goto fail;
	}
	/* The commune approved the period before it signed the bundle. */
	if (st != PSTATE_APPROVED && (store_put_period_state(s, unit,
	    buf_str(&code), PSTATE_APPROVED, by, NULL) != 0 ||
	    store_audit(s, by, unit, "state", buf_str(&code), pstate_names[st],
	    pstate_names[PSTATE_APPROVED]) != 0)) {
		buf_printf(msg, "%s", store_error(s));
		goto fail;
	}
	now_utc(now);
	memset(&nx, 0, sizeof(nx));
	nx.unit = (char *)unit;
	nx.period = (char *)buf_str(&code);
	nx.state = SSTATE_SENT;
	nx.source = (char *)"bundle";
	nx.pdf = (unsigned char *)pdf;
	nx.pdflen = len;
	nx.pdf_sha256 = hex;
	nx.signer = (char *)signer;
	nx.signed_by = (char *)by;
	nx.signed_at = now;
	nx.snapshot = snap;
	nx.sent_by = (char *)by;
	nx.sent_at = now;
	if (store_put_submission(s, &nx, &id) != 0) {
		buf_printf(msg, "%s", store_error(s));
		goto fail;
	}
	object_of(obj, buf_str(&code), id);
	buf_printf(&what, "gói ký bởi %s; SHA-256 %s", signer ? signer : "?",
	    hex);
	if (store_audit(s, by, unit, "report-send", obj, NULL,
	    buf_str(&what)) != 0 || store_commit(s) != 0) {
		buf_printf(msg, "%s", store_error(s));
		goto fail;
	}
	*idp = id;
	rc = SENDUP_OK;
	goto out;
fail:
	store_rollback(s);
out:
	store_free_submissions(x, n);
	free(snap);
	buf_free(&code);
	buf_free(&words);
	buf_free(&err);
	buf_free(&what);
	return rc;
}

/* ---- checking a stored PDF ---- */

void
sendup_verify(const struct submission *x, const char *ca,
    struct sendup_check *k)
{
	struct sig_check c;
	char hex[65];

	memset(k, 0, sizeof(*k));
	if (x->pdf == NULL) {
		buf_puts(&k->why, "không có tệp PDF đã ký\n");
		return;
	}
	sig_sha256_hex(x->pdf, x->pdflen, hex);
	k->hash_ok = x->pdf_sha256 != NULL && strcmp(hex, x->pdf_sha256) == 0;
	if (!k->hash_ok)
		buf_puts(&k->why, "tệp PDF đang lưu khác với tệp lúc ký (mã băm "
		    "SHA-256 không khớp): tệp đã bị sửa\n");
	if (sig_pdf_check_last(x->pdf, x->pdflen, ca, &c, &k->whole,
	    &k->why) != 0) {
		buf_putc(&k->why, '\n');
		sig_check_free(&c);
		return;
	}
	k->has_sig = true;
	k->intact = c.intact;
	k->trusted = c.trusted;
	k->signer = c.signer;
	k->when = c.when;
	c.signer = c.when = NULL;
	buf_append(&k->why, c.why.data ? c.why.data : "", c.why.len);
	if (!k->whole)
		buf_puts(&k->why, "có nội dung được nối thêm sau khi ký\n");
	k->valid = k->hash_ok && k->intact && k->whole &&
	    (k->trusted || ca == NULL);
	sig_check_free(&c);
}

void
sendup_check_free(struct sendup_check *k)
{
	free(k->signer);
	free(k->when);
	buf_free(&k->why);
	memset(k, 0, sizeof(*k));
}
