/* bundle.c: the offline bundle of a commune's period (FILE.ktxh), for a
 * commune without a connection to send its report upward on a USB stick or
 * by e-mail. One zip: data/ (the period's values, targets and texts and the
 * unit's catalogue, in the CSV import format, written by dataset export),
 * bao-cao.pdf (the report, PAdES-signed), manifest.sha256 (the SHA-256 of
 * every other file, sha256sum's format) and manifest.sha256.p7s (a detached
 * CMS signature of the manifest). Reading guards against zip bombs (sizes
 * are capped and counted as read, not as declared) and hostile names
 * (absolute, "..", backslashes, control characters, not UTF-8,
 * duplicates). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zip.h>

#include "core/period.h"
#include "core/text.h"
#include "io/dataset.h"
#include "report/report.h"
#include "report/rpt.h"
#include "sign/bundle.h"

#define BUNDLE_MAX_ENTRIES 10000
#define BUNDLE_MAX_FILE (64u << 20)
#define BUNDLE_MAX_TOTAL (256u << 20)
#define BUNDLE_MAX_NAME 512

int
sig_read_file(const char *path, size_t max, struct buf *b, struct buf *err)
{
	FILE *fp = fopen(path, "rb");
	char chunk[65536];
	size_t got;

	buf_reset(b);
	if (fp == NULL) {
		buf_printf(err, "không mở được %s: %s", path, strerror(errno));
		return -1;
	}
	while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
		if (b->len + got > max) {
			fclose(fp);
			buf_printf(err, "%s: tệp quá lớn (tối đa %zu byte)", path, max);
			return -1;
		}
		buf_append(b, chunk, got);
	}
	if (ferror(fp)) {
		fclose(fp);
		buf_printf(err, "lỗi đọc %s", path);
		return -1;
	}
	fclose(fp);
	return 0;
}

static void
files_add(struct bundle_files *f, const char *name, struct buf *data)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->name = xrealloc(f->name, f->cap * sizeof(*f->name));
		f->data = xrealloc(f->data, f->cap * sizeof(*f->data));
	}
	f->name[f->n] = xstrdup(name);
	f->data[f->n] = *data;
	memset(data, 0, sizeof(*data));
	f->n++;
}

void
bundle_files_free(struct bundle_files *f)
{
	size_t k;

	for (k = 0; k < f->n; k++) {
		free(f->name[k]);
		buf_free(&f->data[k]);
	}
	free(f->name);
	free(f->data);
	free(f->signer);
	free(f->refused);
	memset(f, 0, sizeof(*f));
}

static const struct buf *
files_get(const struct bundle_files *f, const char *name)
{
	size_t k;

	for (k = 0; k < f->n; k++)
		if (strcmp(f->name[k], name) == 0)
			return &f->data[k];
	return NULL;
}

/* A name safe to write under a folder: relative, no "." or ".." part, no
 * backslash, no control character, not too long. */
static bool
name_safe(const char *s)
{
	const char *p, *part = s;
	size_t len = strlen(s);

	if (len == 0 || len > BUNDLE_MAX_NAME || s[0] == '/')
		return false;
	for (p = s;; p++) {
		if (*p == '/' || *p == '\0') {
			size_t pl = (size_t)(p - part);

			if ((pl == 0 && *p != '\0') || (pl == 1 && part[0] == '.') ||
			    (pl == 2 && part[0] == '.' && part[1] == '.'))
				return false;
			if (*p == '\0')
				return true;
			part = p + 1;
		} else if (*p == '\\' || (unsigned char)*p < 0x20 || *p == 0x7f ||
		    *p == ':')
			return false;
	}
}

/* ---- create ---- */

/* Every regular file under dir (rel: its path below the export folder)
 * into f as data/REL. */
static int
walk(const char *dir, const char *rel, struct bundle_files *f, int depth,
    struct buf *err)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (depth > 8 || (d = opendir(dir)) == NULL) {
		buf_printf(err, "không đọc được thư mục %s", dir);
		return -1;
	}
	while (rc == 0 && (e = readdir(d)) != NULL) {
		struct buf path = BUF_INIT, name = BUF_INIT, data = BUF_INIT;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		buf_printf(&name, "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (lstat(buf_str(&path), &st) != 0)
			rc = -1;
		else if (S_ISDIR(st.st_mode))
			rc = walk(buf_str(&path), buf_str(&name), f, depth + 1, err);
		else if (S_ISREG(st.st_mode)) {
			rc = sig_read_file(buf_str(&path), BUNDLE_MAX_FILE, &data, err);
			if (rc == 0) {
				buf_reset(&path);
				buf_printf(&path, "data/%s", buf_str(&name));
				files_add(f, buf_str(&path), &data);
			}
		}
		buf_free(&path);
		buf_free(&name);
		buf_free(&data);
	}
	closedir(d);
	return rc;
}

/* Remove dir and everything under it (our own temporary folders). */
static void
rm_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d != NULL && (e = readdir(d)) != NULL) {
		struct buf path = BUF_INIT;
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		buf_printf(&path, "%s/%s", dir, e->d_name);
		if (lstat(buf_str(&path), &st) == 0 && S_ISDIR(st.st_mode))
			rm_tree(buf_str(&path));
		else
			unlink(buf_str(&path));
		buf_free(&path);
	}
	if (d != NULL)
		closedir(d);
	rmdir(dir);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort files by name (names and data move together). */
static void
files_sort(struct bundle_files *f)
{
	size_t i, j;

	for (i = 1; i < f->n; i++)
		for (j = i; j > 0 && cmp_name(&f->name[j - 1], &f->name[j]) > 0;
		    j--) {
			char *t = f->name[j];
			struct buf d = f->data[j];

			f->name[j] = f->name[j - 1];
			f->data[j] = f->data[j - 1];
			f->name[j - 1] = t;
			f->data[j - 1] = d;
		}
}

static const enum report_kind kind_of[PERIOD__MAX] = {
	[PERIOD_YEAR] = RK_ANNUAL, [PERIOD_HALF] = RK_HALF,
	[PERIOD_NINE] = RK_NINE, [PERIOD_QUARTER] = RK_QUARTER,
	[PERIOD_MONTH] = RK_MONTH,
};

int
bundle_report_pdf(struct store *st, const char *unit, const char *period,
    const char *today, const struct sig_signer *s, struct buf *pdf,
    struct buf *err)
{
	struct report_opts o;
	struct rpt_doc doc;
	struct buf path = BUF_INIT, raw = BUF_INIT;
	struct period p;
	char dir[] = "/tmp/ktxh-sign-XXXXXX";
	int rc = -1;

	if (period_parse(period, strlen(period), &p) != 0) {
		buf_printf(err, "kỳ “%s” không hợp lệ: viết 2023, 2023-H1, 2023-Q3, "
		    "2023-M09 hoặc 2023-9M", period);
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.unit = unit;
	o.year = p.year;
	o.kind = kind_of[p.kind];
	o.period = p.kind == PERIOD_YEAR ? NULL : period;
	o.today = today;
	if (report_build(st, &o, &doc, err) != 0)
		return -1;
	if (mkdtemp(dir) == NULL) {
		buf_printf(err, "không tạo được thư mục tạm: %s", strerror(errno));
		rpt_free(&doc);
		return -1;
	}
	buf_printf(&path, "%s/bao-cao.pdf", dir);
	if (rpt_write_pdf(&doc, buf_str(&path), err) == 0 &&
	    sig_read_file(buf_str(&path), BUNDLE_MAX_FILE, &raw, err) == 0 &&
	    sig_pdf_sign((const unsigned char *)raw.data, raw.len, s, pdf, err)
	    == 0)
		rc = 0;
	unlink(buf_str(&path));
	rmdir(dir);
	rpt_free(&doc);
	buf_free(&path);
	buf_free(&raw);
	return rc;
}

const struct buf *
bundle_file(const struct bundle_files *f, const char *name)
{
	return files_get(f, name);
}

int
bundle_meta(const struct bundle_files *f, struct buf *unit,
    struct buf *period)
{
	const struct buf *m = files_get(f, BUNDLE_META);
	const char *p, *nl, *eq;

	if (m == NULL)
		return -1;
	for (p = buf_str(m); *p != '\0'; p = *nl ? nl + 1 : nl) {
		nl = p + strcspn(p, "\n");
		eq = memchr(p, '=', (size_t)(nl - p));
		if (eq == NULL)
			continue;
		if ((size_t)(eq - p) == 4 && strncmp(p, "unit", 4) == 0)
			buf_append(unit, eq + 1, (size_t)(nl - eq - 1));
		else if ((size_t)(eq - p) == 6 && strncmp(p, "period", 6) == 0)
			buf_append(period, eq + 1, (size_t)(nl - eq - 1));
	}
	return unit->len > 0 && period->len > 0 ? 0 : -1;
}

int
bundle_create(struct store *st, const char *unit, const char *period,
    const char *today, const struct sig_signer *s, const char *out,
    struct buf *err)
{
	struct bundle_files f = { 0 };
	struct dataset_filter flt;
	struct import_counts counts;
	struct period p;
	struct buf dir = BUF_INIT, data = BUF_INIT, pdf = BUF_INIT;
	struct buf manifest = BUF_INIT, sig = BUF_INIT, tmp = BUF_INIT;
	zip_t *z = NULL;
	char tmpl[] = "/tmp/ktxh-bundle-XXXXXX", hex[65];
	size_t k;
	int ze, rc = -1;
	const unsigned char *part;
	size_t plen;

	if (period_parse(period, strlen(period), &p) != 0) {
		buf_printf(err, "--period: kỳ “%s” không hợp lệ: viết 2023, 2023-H1, "
		    "2023-Q3, 2023-M09 hoặc 2023-9M", period);
		return -1;
	}
	if (mkdtemp(tmpl) == NULL) {
		buf_printf(err, "không tạo được thư mục tạm: %s", strerror(errno));
		return -1;
	}
	buf_printf(&dir, "%s/data", tmpl);
	flt.unit = unit;
	flt.year = p.year;
	if (dataset_export_filtered(st, buf_str(&dir), &flt, err, &counts) != 0)
		goto out;
	if (walk(buf_str(&dir), "", &f, 0, err) != 0)
		goto out;
	if (bundle_report_pdf(st, unit, period, today, s, &pdf, err) != 0)
		goto out;
	files_add(&f, "bao-cao.pdf", &pdf);
	buf_printf(&tmp, "unit=%s\nperiod=", unit);
	period_format(&tmp, &p);
	buf_putc(&tmp, '\n');
	files_add(&f, BUNDLE_META, &tmp);
	files_sort(&f);
	for (k = 0; k < f.n; k++) {
		sig_sha256_hex(f.data[k].data, f.data[k].len, hex);
		buf_printf(&manifest, "%s  %s\n", hex, f.name[k]);
	}
	part = (const unsigned char *)manifest.data;
	plen = manifest.len;
	if (sig_cms_sign(s, &part, &plen, 1, &sig, err) != 0)
		goto out;
	files_add(&f, BUNDLE_MANIFEST, &manifest);
	files_add(&f, BUNDLE_MANIFEST_SIG, &sig);

	buf_printf(&tmp, "%s.tmp", out);
	unlink(buf_str(&tmp));
	if ((z = zip_open(buf_str(&tmp), ZIP_CREATE | ZIP_TRUNCATE, &ze)) == NULL) {
		buf_printf(err, "không ghi được %s", out);
		goto out;
	}
	for (k = 0; k < f.n; k++) {
		zip_source_t *src = zip_source_buffer(z, f.data[k].data,
		    f.data[k].len, 0);

		if (src == NULL || zip_file_add(z, f.name[k], src,
		    ZIP_FL_ENC_UTF_8) < 0) {
			zip_source_free(src);
			buf_printf(err, "không ghi được %s vào %s", f.name[k], out);
			zip_discard(z);
			z = NULL;
			goto out;
		}
	}
	if (zip_close(z) != 0) {
		buf_printf(err, "không ghi được %s: %s", out, zip_strerror(z));
		zip_discard(z);
		z = NULL;
		unlink(buf_str(&tmp));
		goto out;
	}
	z = NULL;
	if (rename(buf_str(&tmp), out) != 0) {
		buf_printf(err, "không đổi tên được %s: %s", buf_str(&tmp),
		    strerror(errno));
		unlink(buf_str(&tmp));
		goto out;
	}
	rc = 0;
out:
	rm_tree(tmpl);
	bundle_files_free(&f);
	buf_free(&dir);
	buf_free(&data);
	buf_free(&pdf);
	buf_free(&manifest);
	buf_free(&sig);
	buf_free(&tmp);
	return rc;
}

/* ---- read and verify ---- */

/* The first file a refusal names, kept for the caller (the web page
 * names it in its headline). */
static void
blame(struct bundle_files *f, const char *name)
{
	if (f->refused == NULL)
		f->refused = xstrdup(name);
}

/* Every file of the zip src (consumed) into *f, with the guards; path
 * names the bundle in messages. 0; -1 unreadable, -2 hostile (unsafe
 * names, too big, a damaged entry), with *err. */
static int
read_zip(zip_source_t *src, const char *path, struct bundle_files *f,
    struct buf *err)
{
	zip_error_t ze;
	zip_t *z;
	zip_int64_t n, i;
	size_t total = 0;
	int rc = -1;

	zip_error_init(&ze);
	if (src == NULL || (z = zip_open_from_source(src, ZIP_RDONLY |
	    ZIP_CHECKCONS, &ze)) == NULL) {
		buf_printf(err, "%s: không mở được gói (không phải tệp zip hoặc tệp "
		    "hỏng)", path);
		zip_source_free(src);
		zip_error_fini(&ze);
		return -1;
	}
	zip_error_fini(&ze);
	n = zip_get_num_entries(z, 0);
	if (n < 0 || n > BUNDLE_MAX_ENTRIES) {
		buf_printf(err, "%s: gói có quá nhiều tệp", path);
		rc = -2;
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *name = zip_get_name(z, (zip_uint64_t)i, ZIP_FL_ENC_RAW);
		struct buf data = BUF_INIT;
		zip_stat_t zs;
		zip_file_t *zf;
		char chunk[65536];
		zip_int64_t got;
		size_t len, bad;

		if (name == NULL) {
			buf_printf(err, "%s: tệp thứ %lld trong gói không có tên", path,
			    (long long)i + 1);
			goto out;
		}
		len = strlen(name);
		/* Messages, the web page and the API's JSON repeat names. */
		if (text_utf8_check(name, len, &bad) != 0) {
			buf_printf(err, "%s: tên tệp thứ %lld trong gói không phải chữ "
			    "UTF-8 hợp lệ", path, (long long)i + 1);
			rc = -2;
			goto out;
		}
		if (len > 0 && name[len - 1] == '/') {
			/* A folder entry (zip -r writes them): checked, skipped. */
			char *d = xstrndup(name, len - 1);
			bool ok = name_safe(d);

			free(d);
			if (!ok) {
				blame(f, name);
				buf_printf(err, "%s: tên thư mục không an toàn trong gói: "
				    "“%s”", path, name);
				rc = -2;
				goto out;
			}
			continue;
		}
		if (!name_safe(name)) {
			blame(f, name);
			buf_printf(err, "%s: tên tệp không an toàn trong gói (đường dẫn "
			    "tuyệt đối, “..”, ký tự điều khiển): “%s”", path, name);
			rc = -2;
			goto out;
		}
		if (files_get(f, name) != NULL) {
			blame(f, name);
			buf_printf(err, "%s: tệp “%s” có hai lần trong gói", path, name);
			rc = -2;
			goto out;
		}
		if (zip_stat_index(z, (zip_uint64_t)i, 0, &zs) != 0 ||
		    ((zs.valid & ZIP_STAT_SIZE) && zs.size > BUNDLE_MAX_FILE)) {
			blame(f, name);
			buf_printf(err, "%s: tệp “%s” trong gói quá lớn (tối đa %u MiB)",
			    path, name, BUNDLE_MAX_FILE >> 20);
			rc = -2;
			goto out;
		}
		if ((zf = zip_fopen_index(z, (zip_uint64_t)i, 0)) == NULL) {
			buf_printf(err, "%s: không đọc được “%s” trong gói: %s", path,
			    name, zip_strerror(z));
			goto out;
		}
		while ((got = zip_fread(zf, chunk, sizeof(chunk))) > 0) {
			total += (size_t)got;
			if (data.len + (size_t)got > BUNDLE_MAX_FILE ||
			    total > BUNDLE_MAX_TOTAL) {
				zip_fclose(zf);
				buf_free(&data);
				blame(f, name);
				buf_printf(err, "%s: gói giải nén ra quá lớn (tối đa %u MiB "
				    "một tệp, %u MiB cả gói): từ chối", path,
				    BUNDLE_MAX_FILE >> 20, BUNDLE_MAX_TOTAL >> 20);
				rc = -2;
				goto out;
			}
			buf_append(&data, chunk, (size_t)got);
		}
		if (zip_fclose(zf) != 0 || got < 0) {
			buf_free(&data);
			blame(f, name);
			buf_printf(err, "%s: nội dung bị hỏng hoặc bị sửa (sai CRC hoặc "
			    "dữ liệu nén)", name);
			rc = -2;
			goto out;
		}
		files_add(f, name, &data);
	}
	rc = 0;
out:
	zip_discard(z);
	return rc;
}

/* A finding of the verification: "name: why" into report, name kept as
 * the file at fault when it is the first. */
static void
refuse(struct bundle_files *f, struct buf *report, const char *name,
    const char *why)
{
	buf_printf(report, "%s: %s\n", name, why);
	blame(f, name);
}

/* Check the files read into f; see bundle_verify. */
static int
verify_files(struct bundle_files *f, const char *ca, struct buf *report)
{
	const struct buf *man, *sig;
	struct sig_check c;
	const unsigned char *part;
	size_t plen, k, nman = 0;
	const char *p, *end;
	bool *listed = NULL;
	int bad = 0;

	listed = xcalloc(f->n + 1, sizeof(*listed));
	if ((man = files_get(f, BUNDLE_MANIFEST)) == NULL) {
		refuse(f, report, BUNDLE_MANIFEST, "gói thiếu bảng kê (bị xóa?)");
		bad = 1;
		goto out;
	}
	if ((sig = files_get(f, BUNDLE_MANIFEST_SIG)) == NULL) {
		refuse(f, report, BUNDLE_MANIFEST_SIG, "gói thiếu chữ ký của bảng kê "
		    "(bị xóa?)");
		bad = 1;
		goto out;
	}
	part = (const unsigned char *)man->data;
	plen = man->len;
	sig_cms_check((const unsigned char *)sig->data, sig->len, &part, &plen, 1,
	    ca, &c);
	if (c.signer != NULL)
		f->signer = xstrdup(c.signer);
	buf_printf(report, "Người ký: %s\nThời điểm ký: %s\n",
	    c.signer ? c.signer : "(không đọc được)", c.when ? c.when : "(không có)");
	if (!c.parsed) {
		refuse(f, report, BUNDLE_MANIFEST_SIG, "chữ ký của bảng kê không đọc "
		    "được (bị sửa hoặc thay)");
		bad = 1;
	} else if (!c.intact) {
		refuse(f, report, BUNDLE_MANIFEST, "bảng kê không khớp với chữ ký "
		    "(bảng kê bị sửa hoặc bị thay)");
		bad = 1;
	}
	if (c.trusted)
		buf_puts(report, "Chuỗi chứng thư: tin cậy\n");
	else if (ca != NULL) {
		buf_printf(report, "%s: chuỗi chứng thư không tin cậy: %s",
		    BUNDLE_MANIFEST_SIG, buf_str(&c.why));
		blame(f, BUNDLE_MANIFEST_SIG);
		bad = 1;
	} else
		buf_printf(report, "Cảnh báo: chuỗi chứng thư không được xác minh "
		    "tới CA tin cậy của hệ thống (%.*s); dùng --ca TỆP.pem để bắt "
		    "buộc\n", c.why.len > 0 ? (int)c.why.len - 1 : 0,
		    buf_str(&c.why));
	sig_check_free(&c);
	if (bad)
		goto out;

	/* Each line: 64 hex digits, two spaces, a name. */
	for (p = man->data, end = man->data + man->len; p < end; p = p + 1) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		char *name;
		char hex[65];
		const struct buf *d;
		size_t idx;

		if (nl == NULL)
			nl = end;
		if (nl - p < 67 || p[64] != ' ' || p[65] != ' ') {
			buf_printf(report, "%s: dòng %zu không đúng dạng\n",
			    BUNDLE_MANIFEST, nman + 1);
			blame(f, BUNDLE_MANIFEST);
			bad = 1;
			break;
		}
		name = xstrndup(p + 66, (size_t)(nl - p - 66));
		nman++;
		d = files_get(f, name);
		if (d == NULL) {
			refuse(f, report, name, "có trong bảng kê nhưng không có trong "
			    "gói (bị xóa)");
			bad = 1;
		} else {
			idx = (size_t)(d - f->data);
			listed[idx] = true;
			sig_sha256_hex(d->data, d->len, hex);
			if (memcmp(hex, p, 64) != 0) {
				refuse(f, report, name, "nội dung khác với bảng kê (tệp bị "
				    "sửa)");
				bad = 1;
			}
		}
		free(name);
		p = nl;
	}
	for (k = 0; k < f->n; k++)
		if (!listed[k] && strcmp(f->name[k], BUNDLE_MANIFEST) != 0 &&
		    strcmp(f->name[k], BUNDLE_MANIFEST_SIG) != 0) {
			refuse(f, report, f->name[k], "tệp không có trong bảng kê (được "
			    "thêm vào gói)");
			bad = 1;
		}
	/* The report's own signature, by the same signer. */
	if (!bad && (man = files_get(f, "bao-cao.pdf")) != NULL) {
		struct buf e = BUF_INIT;
		bool whole;

		if (sig_pdf_check_last((const unsigned char *)man->data, man->len,
		    ca, &c, &whole, &e) != 0) {
			buf_printf(report, "bao-cao.pdf: không có chữ ký số hợp lệ: %s\n",
			    buf_str(&e));
			blame(f, "bao-cao.pdf");
			bad = 1;
		} else if (!c.intact || !whole) {
			refuse(f, report, "bao-cao.pdf", "chữ ký số của báo cáo không hợp "
			    "lệ (nội dung bị sửa sau khi ký)");
			bad = 1;
		} else if (c.signer == NULL || f->signer == NULL ||
		    strcmp(c.signer, f->signer) != 0) {
			refuse(f, report, "bao-cao.pdf", "báo cáo do người khác ký với "
			    "bảng kê");
			bad = 1;
		}
		sig_check_free(&c);
		buf_free(&e);
	} else if (!bad) {
		refuse(f, report, "bao-cao.pdf", "gói thiếu báo cáo");
		bad = 1;
	}
	if (!bad)
		buf_printf(report, "Gói nguyên vẹn: %zu tệp khớp bảng kê đã ký.\n",
		    nman);
out:
	free(listed);
	return bad;
}

/* Read the zip src (consumed) and check it; see bundle_verify. */
static int
verify_source(zip_source_t *src, const char *path, const char *ca,
    struct bundle_files *f, struct buf *report, struct buf *err)
{
	memset(f, 0, sizeof(*f));
	switch (read_zip(src, path, f, err)) {
	case 0:
		return verify_files(f, ca, report);
	case -2:
		/* A hostile zip: refused, the reason names the file. */
		buf_printf(report, "%s\n", buf_str(err));
		buf_reset(err);
		return 1;
	default:
		return 2;
	}
}

int
bundle_verify(const char *path, const char *ca, struct bundle_files *f,
    struct buf *report, struct buf *err)
{
	struct stat st;
	zip_error_t ze;
	zip_source_t *src;

	if (stat(path, &st) != 0) {
		memset(f, 0, sizeof(*f));
		buf_printf(err, "không mở được %s: %s", path, strerror(errno));
		return 2;
	}
	zip_error_init(&ze);
	src = zip_source_file_create(path, 0, -1, &ze);
	zip_error_fini(&ze);
	return verify_source(src, path, ca, f, report, err);
}

int
bundle_verify_mem(const void *data, size_t len, const char *name,
    const char *ca, struct bundle_files *f, struct buf *report,
    struct buf *err)
{
	zip_error_t ze;

	zip_source_t *src;

	zip_error_init(&ze);
	src = zip_source_buffer_create(data, len, 0, &ze);
	zip_error_fini(&ze);
	return verify_source(src, name, ca, f, report, err);
}

int
bundle_extract_data(const struct bundle_files *f, char dir[64],
    struct buf *err)
{
	struct buf path = BUF_INIT;
	size_t k;
	int rc = -1;

	snprintf(dir, 64, "/tmp/ktxh-import-XXXXXX");
	if (mkdtemp(dir) == NULL) {
		buf_printf(err, "không tạo được thư mục tạm: %s", strerror(errno));
		return -1;
	}
	for (k = 0; k < f->n; k++) {
		const char *name = f->name[k], *s;
		FILE *fp;

		if (strncmp(name, "data/", 5) != 0)
			continue;
		/* The folders of the name, then the file. */
		for (s = name; (s = strchr(s, '/')) != NULL; s++) {
			buf_reset(&path);
			buf_printf(&path, "%s/%.*s", dir, (int)(s - name), name);
			if (mkdir(buf_str(&path), 0700) != 0 && errno != EEXIST) {
				buf_printf(err, "không tạo được %s", buf_str(&path));
				goto out;
			}
		}
		buf_reset(&path);
		buf_printf(&path, "%s/%s", dir, name);
		if ((fp = fopen(buf_str(&path), "wbx")) == NULL) {
			buf_printf(err, "không ghi được %s", buf_str(&path));
			goto out;
		}
		if (fwrite(f->data[k].data, 1, f->data[k].len, fp) != f->data[k].len) {
			fclose(fp);
			buf_printf(err, "không ghi được %s", buf_str(&path));
			goto out;
		}
		if (fclose(fp) != 0) {
			buf_printf(err, "không ghi được %s", buf_str(&path));
			goto out;
		}
	}
	rc = 0;
out:
	if (rc != 0)
		rm_tree(dir);
	buf_free(&path);
	return rc;
}

void
bundle_remove_dir(const char *dir)
{
	rm_tree(dir);
}
