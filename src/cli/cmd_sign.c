/* cmd_sign.c: ktxh sign and ktxh verify (a PAdES signature on a report
 * PDF) and ktxh bundle create|verify|import (the signed offline bundle of a
 * period). The work is in src/sign/; this file reads the options and files
 * and prints the findings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/bundlein.h"
#include "app/sendup.h"
#include "cli.h"
#include "io/dataset.h"
#include "sign/bundle.h"
#include "sign/sign.h"

#define PDF_MAX (256u << 20)

/* --ca, when given, must be a readable file: else exit 2 before any check. */
static bool
ca_ok(struct cli *cl)
{
	const char *ca = cli_get(cl, "ca");

	if (ca == NULL || access(ca, R_OK) == 0)
		return true;
	cli_fail(cl, EXIT_USAGE, "--ca: không đọc được tệp %s", ca);
	return false;
}

/* The signer of --cert (or of the token of --pkcs11) with the password (or
 * PIN) on the first line of --pass-file (no file: no password). */
static struct sig_signer *
load_signer(struct cli *cl, int *rc)
{
	const char *cert = cli_get(cl, "cert"), *pf = cli_get(cl, "pass-file");
	const char *token = cli_get(cl, "pkcs11");
	struct buf pass = BUF_INIT, err = BUF_INIT;
	struct sig_signer *s = NULL;

	if ((cert == NULL) == (token == NULL)) {
		*rc = cli_fail(cl, EXIT_USAGE, "cần đúng một trong hai: --cert TỆP.p12 "
		    "(chứng thư số của người ký, kèm khóa riêng) hoặc --pkcs11 "
		    "pkcs11:token=…;object=… (thiết bị ký USB)");
		return NULL;
	}
	if (pf != NULL) {
		if (sig_read_file(pf, 4096, &pass, &err) != 0) {
			*rc = cli_fail(cl, EXIT_USAGE, "--pass-file: %s",
			    buf_str(&err));
			goto out;
		}
		while (pass.len > 0 && (pass.data[pass.len - 1] == '\n' ||
		    pass.data[pass.len - 1] == '\r'))
			pass.data[--pass.len] = '\0';
		if (pass.data != NULL && strchr(buf_str(&pass), '\n') != NULL)
			*strchr(pass.data, '\n') = '\0';
	}
	s = token != NULL ? sig_signer_pkcs11(token, buf_str(&pass), &err) :
	    sig_signer_load(cert, buf_str(&pass), &err);
	if (s == NULL)
		*rc = cli_fail(cl, EXIT_DATA, "%s", buf_str(&err));
out:
	if (pass.data != NULL)
		memset(pass.data, 0, pass.len);
	buf_free(&pass);
	buf_free(&err);
	return s;
}


int
cmd_sign(struct cli *cl)
{
	const char *out = cli_get(cl, "output");
	struct buf in = BUF_INIT, signed_pdf = BUF_INIT, err = BUF_INIT;
	struct sig_signer *s = NULL;
	int rc = EXIT_OK;

	if (out == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần -o TỆP.pdf (tệp đã ký)");
	if (strcmp(out, cl->pos[0]) == 0)
		return cli_fail(cl, EXIT_USAGE, "-o phải khác tệp gốc: tệp gốc được "
		    "giữ nguyên");
	if (sig_read_file(cl->pos[0], PDF_MAX, &in, &err) != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		goto out;
	}
	if ((s = load_signer(cl, &rc)) == NULL)
		goto out;
	if (sig_pdf_sign((const unsigned char *)in.data, in.len, s, &signed_pdf,
	    &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s: %s", cl->pos[0], buf_str(&err));
		goto out;
	}
	if (cli_write_file(out, &signed_pdf, &err) != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		goto out;
	}
	printf("Đã ký %s vào %s (PAdES B-B, SHA-256).\n", cl->pos[0], out);
out:
	sig_signer_free(s);
	buf_free(&in);
	buf_free(&signed_pdf);
	buf_free(&err);
	return rc;
}

int
cmd_verify(struct cli *cl)
{
	struct buf in = BUF_INIT, report = BUF_INIT, err = BUF_INIT;
	int rc;

	if (!ca_ok(cl))
		return EXIT_USAGE;
	if (sig_read_file(cl->pos[0], PDF_MAX, &in, &err) != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		goto out;
	}
	if (in.len < 5 || memcmp(in.data, "%PDF-", 5) != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "%s: không phải tệp PDF", cl->pos[0]);
		goto out;
	}
	rc = sig_pdf_verify((const unsigned char *)in.data, in.len,
	    cli_get(cl, "ca"), &report) == 0 ? EXIT_OK : EXIT_DATA;
	printf("%s\n%s", cl->pos[0], buf_str(&report));
out:
	buf_free(&in);
	buf_free(&report);
	buf_free(&err);
	return rc;
}

static int
bundle_create_cmd(struct cli *cl)
{
	const char *unit = cli_get(cl, "unit"), *period = cli_get(cl, "period");
	const char *out = cli_get(cl, "output");
	struct sig_signer *s = NULL;
	struct store *st = NULL;
	struct unit u;
	struct buf err = BUF_INIT;
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	int rc = EXIT_OK;

	memset(&u, 0, sizeof(u));
	if (unit == NULL || period == NULL || out == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --unit, --period, --cert (hoặc --pkcs11) và -o "
		    "TỆP.ktxh; ví dụ: ktxh bundle create --unit 99001 --period 2023 "
		    "--cert chu-tich.p12 --pass-file mk.txt -o nhon-hung-2023.ktxh");
	if ((s = load_signer(cl, &rc)) == NULL)
		return rc;
	if ((st = cli_open(cl)) == NULL) {
		sig_signer_free(s);
		return EXIT_USAGE;
	}
	if (app_find_unit(st, unit, &u, &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", buf_str(&err));
		goto out;
	}
	localtime_r(&now, &tm);
	strftime(today, sizeof(today), "%Y-%m-%d", &tm);
	if (bundle_create(st, u.code, period, today, s, out, &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", buf_str(&err));
		goto out;
	}
	printf("Đã tạo gói %s: số liệu, chỉ tiêu, thuyết minh kỳ %s của %s, báo "
	    "cáo đã ký, bảng kê SHA-256 đã ký.\n", out, period, u.code);
out:
	unit_free(&u);
	store_close(st);
	sig_signer_free(s);
	buf_free(&err);
	return rc;
}

static int
bundle_verify_cmd(struct cli *cl)
{
	struct bundle_files f;
	struct buf report = BUF_INIT, err = BUF_INIT;
	int v, rc;

	if (!ca_ok(cl))
		return EXIT_USAGE;
	v = bundle_verify(cl->pos[1], cli_get(cl, "ca"), &f, &report, &err);
	if (v == 2)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	else {
		printf("%s\n%s", cl->pos[1], buf_str(&report));
		rc = v == 0 ? EXIT_OK : cli_fail(cl, EXIT_DATA, "gói KHÔNG hợp lệ: "
		    "đừng nhập; hãy xin cấp dưới gửi lại");
	}
	bundle_files_free(&f);
	buf_free(&report);
	buf_free(&err);
	return rc;
}

static int
bundle_import_cmd(struct cli *cl)
{
	struct bundlein b;
	struct store *st = NULL;
	enum bundlein_rc v;
	int rc = EXIT_OK;

	memset(&b, 0, sizeof(b));
	if (!ca_ok(cl))
		return EXIT_USAGE;
	if ((st = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	b.name = b.path = cl->pos[1];
	b.ca = cli_get(cl, "ca");
	b.by = "ktxh bundle import";
	switch ((v = bundlein_import(st, &b))) {
	case BUNDLEIN_OK:
		printf("Đã nhập gói %s (%s): %zu đơn vị, %zu chỉ tiêu, %zu chỉ tiêu kế "
		    "hoạch, %zu số liệu, %zu thuyết minh.\n", cl->pos[1],
		    b.signer ? b.signer : "?", b.counts.units, b.counts.indicators,
		    b.counts.targets, b.counts.values, b.counts.texts);
		printf("Báo cáo đã ký của %s, kỳ %s, chờ tiếp nhận ở trang Báo cáo gửi "
		    "lên (số %lld).\n", b.unit, b.period, b.id);
		break;
	case BUNDLEIN_UNREADABLE:
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&b.msg));
		break;
	case BUNDLEIN_REFUSED:
		fputs(buf_str(&b.report), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: %s (cơ sở dữ liệu giữ "
		    "nguyên)", buf_str(&b.msg));
		break;
	case BUNDLEIN_DATA:
		fputs(buf_str(&b.msg), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: dữ liệu của gói bị từ "
		    "chối (cơ sở dữ liệu giữ nguyên)");
		break;
	default:
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: %s", buf_str(&b.msg));
	}
	store_close(st);
	bundlein_free(&b);
	return rc;
}

int
cmd_bundle(struct cli *cl)
{
	const char *sub = cl->pos[0];

	if (strcmp(sub, "create") == 0) {
		if (cl->npos != 1)
			return cli_fail(cl, EXIT_USAGE, "bundle create không nhận tham số "
			    "nào ngoài tùy chọn");
		return bundle_create_cmd(cl);
	}
	if (strcmp(sub, "verify") != 0 && strcmp(sub, "import") != 0)
		return cli_fail(cl, EXIT_USAGE, "“%s”: dùng create, verify hoặc "
		    "import", sub);
	if (cl->npos != 2)
		return cli_fail(cl, EXIT_USAGE, "cần đúng một tệp gói: ktxh bundle %s "
		    "TỆP.ktxh", sub);
	return strcmp(sub, "verify") == 0 ? bundle_verify_cmd(cl) :
	    bundle_import_cmd(cl);
}
