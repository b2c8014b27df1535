/* bundlein.c: a commune's offline bundle received by the level above. The
 * command line, the upload on Báo cáo gửi lên and the API all call
 * bundlein_import, so that a bundle is judged the same whatever path it
 * arrives by: every file against the signed manifest and the signatures
 * (sign/bundle.c, trust from the CAs given), the unit and period it
 * declares (ky-bao-cao.txt, under the manifest), then its rows as those of
 * that unit alone (io/dataset.c), whether the caller may receive that
 * unit's report, and the report sent up (app/sendup.c) — in one
 * transaction that is rolled back at the first refusal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/bundlein.h"
#include "app/sendup.h"
#include "sign/bundle.h"

/* The report inside a bundle. */
#define BUNDLE_REPORT "bao-cao.pdf"

static enum bundlein_rc
refused(struct bundlein *b, enum bundlein_rc rc, const char *file,
    const char *msg)
{
	if (file != NULL && b->file == NULL)
		b->file = xstrdup(file);
	buf_puts(&b->msg, msg);
	return rc;
}

static enum bundlein_rc
forbidden(struct bundlein *b)
{
	buf_reset(&b->msg);
	buf_printf(&b->msg, "Chỉ cấp trên của đơn vị %s (tài khoản xem, phê duyệt "
	    "của cấp trên, hoặc quản trị viên) nhận gói báo cáo của đơn vị này; "
	    "không nhập gì.", b->unit);
	return BUNDLEIN_FORBIDDEN;
}

/* Whether the database has unit (false when it cannot say). */
static bool
known(struct store *st, const char *unit)
{
	struct unit *u = NULL;
	size_t n = 0;
	bool yes;

	yes = store_find_units(st, unit, NULL, NULL, &u, &n) == 0 && n > 0;
	store_free_units(u, n);
	return yes;
}

enum bundlein_rc
bundlein_import(struct store *st, struct bundlein *b)
{
	struct bundle_files f;
	struct buf err = BUF_INIT, what = BUF_INIT, unit = BUF_INIT;
	struct buf period = BUF_INIT;
	const struct buf *pdf;
	enum bundlein_rc rc;
	char dir[64] = "";
	int v, s;

	v = b->path != NULL ? bundle_verify(b->path, b->ca, &f, &b->report,
	    &err) : bundle_verify_mem(b->data, b->len, b->name, b->ca, &f,
	    &b->report, &err);
	if (f.signer != NULL)
		b->signer = xstrdup(f.signer);
	if (v == 2) {
		rc = refused(b, BUNDLEIN_UNREADABLE, NULL, buf_str(&err));
		goto out;
	}
	if (v != 0) {
		rc = refused(b, BUNDLEIN_REFUSED, f.refused, "gói không hợp lệ");
		goto out;
	}
	/* Under the signed manifest, so that it is the commune's word. */
	if (bundle_meta(&f, &unit, &period) != 0) {
		buf_puts(&b->report, BUNDLE_META ": gói không ghi đơn vị và kỳ báo "
		    "cáo (gói cũ): tạo lại gói bằng ktxh bundle create\n");
		rc = refused(b, BUNDLEIN_REFUSED, BUNDLE_META, "gói không hợp lệ");
		goto out;
	}
	b->unit = xstrdup(buf_str(&unit));
	b->period = xstrdup(buf_str(&period));
	if ((pdf = bundle_file(&f, BUNDLE_REPORT)) == NULL) {
		buf_puts(&b->report, BUNDLE_REPORT ": gói thiếu báo cáo\n");
		rc = refused(b, BUNDLEIN_REFUSED, BUNDLE_REPORT, "gói không hợp lệ");
		goto out;
	}
	/* A unit the database has keeps its place (the rows only add units):
	 * whether the caller may receive it is known before anything is read. */
	if (b->may != NULL && known(st, b->unit) && !b->may(b->arg, b->unit)) {
		rc = forbidden(b);
		goto out;
	}
	if (bundle_extract_data(&f, dir, &err) != 0) {
		dir[0] = '\0';
		rc = refused(b, BUNDLEIN_FAILED, NULL, buf_str(&err));
		goto out;
	}
	store_set_actor(st, b->by);
	if (store_begin(st) != 0) {
		rc = refused(b, BUNDLEIN_FAILED, NULL, store_error(st));
		goto out;
	}
	buf_printf(&what, "%s/data", dir);
	if (dataset_import_unit(st, buf_str(&what), b->unit, &b->msg,
	    &b->counts) != 0) {
		rc = BUNDLEIN_DATA;
		goto fail;
	}
	if (b->may != NULL && !b->may(b->arg, b->unit)) {
		rc = forbidden(b);
		goto fail;
	}
	buf_reset(&what);
	buf_printf(&what, "gói ký bởi %s: %zu đơn vị, %zu chỉ tiêu, %zu chỉ tiêu "
	    "kế hoạch, %zu số liệu, %zu thuyết minh", b->signer ? b->signer : "?",
	    b->counts.units, b->counts.indicators, b->counts.targets,
	    b->counts.values, b->counts.texts);
	if (store_audit(st, b->by, b->unit, "import", b->name, NULL,
	    buf_str(&what)) != 0) {
		buf_puts(&b->msg, store_error(st));
		rc = BUNDLEIN_FAILED;
		goto fail;
	}
	/* As if sent up inside the system: the signed report and the figures
	 * as imported wait in the level above's Báo cáo gửi lên. */
	if ((s = sendup_from_bundle(st, b->by, b->unit, b->period, pdf->data,
	    pdf->len, b->signer, &b->id, &b->msg)) != SENDUP_OK) {
		rc = s == SENDUP_STATE ? BUNDLEIN_STATE : s == SENDUP_INVALID ?
		    BUNDLEIN_DATA : BUNDLEIN_FAILED;
		goto fail;
	}
	if (store_commit(st) != 0) {
		buf_puts(&b->msg, store_error(st));
		rc = BUNDLEIN_FAILED;
		goto fail;
	}
	rc = BUNDLEIN_OK;
	goto out;
fail:
	store_rollback(st);
	memset(&b->counts, 0, sizeof(b->counts));
	b->id = 0;
out:
	if (dir[0] != '\0')
		bundle_remove_dir(dir);
	bundle_files_free(&f);
	buf_free(&err);
	buf_free(&what);
	buf_free(&unit);
	buf_free(&period);
	return rc;
}

void
bundlein_free(struct bundlein *b)
{
	buf_free(&b->report);
	buf_free(&b->msg);
	free(b->file);
	free(b->unit);
	free(b->period);
	free(b->signer);
	b->file = b->unit = b->period = b->signer = NULL;
}
