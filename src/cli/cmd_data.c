/* cmd_data.c: the commands that create and fill a database — init, import,
 * export and set. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "app/app.h"
#include "io/dataset.h"
#include "io/exchange.h"

int
cmd_init(struct cli *cl)
{
	struct buf err = BUF_INIT;
	struct store *s;
	int from, to, rc = EXIT_OK;

	if (store_open(cl->db, true, &s, &err) != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		buf_free(&err);
		return rc;
	}
	if (store_migrate(s, &from, &to) != 0)
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
	else if (from == to)
		printf("%s: lược đồ đã ở phiên bản mới nhất (%d), không thay đổi\n",
		    cl->db, to);
	else if (from == 0)
		printf("%s: đã tạo cơ sở dữ liệu (lược đồ phiên bản %d)\n", cl->db, to);
	else
		printf("%s: đã nâng cấp lược đồ từ phiên bản %d lên %d\n", cl->db,
		    from, to);
	store_close(s);
	return rc;
}

static void
progress(size_t rows, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rđã đọc %zu dòng…", rows);
}

/* The audit entry of an import, then the commit. */
static int
import_audit(struct store *s, const char *dir, const struct import_counts *n)
{
	struct buf what = BUF_INIT;
	int rc;

	buf_printf(&what, "%zu đơn vị, %zu chỉ tiêu, %zu chỉ tiêu kế hoạch, %zu số "
	    "liệu, %zu thuyết minh", n->units, n->indicators, n->targets,
	    n->values, n->texts);
	rc = store_audit(s, "ktxh import", NULL, "import", dir, NULL,
	    buf_str(&what)) != 0 || store_commit(s) != 0 ? -1 : 0;
	buf_free(&what);
	return rc;
}

/* A file of another system's values (DHIS2, SDMX, a workbook). */
static int
import_file(struct cli *cl, struct store *s)
{
	struct buf errs = BUF_INIT, what = BUF_INIT;
	struct xmap map;
	size_t stored, deleted;
	enum xfmt fmt = XF_DHIS2_JSON;
	const char *mpath = cli_get(cl, "map");
	int rc = EXIT_OK;

	memset(&map, 0, sizeof(map));
	if (mpath != NULL && xmap_load(&map, mpath, &errs) != 0) {
		fputs(buf_str(&errs), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: hãy sửa tệp ánh xạ "
		    "%s", mpath);
		goto out;
	}
	store_set_actor(s, "ktxh import");
	if (store_begin(s) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	if (exchange_import(s, cl->pos[0], mpath != NULL ? &map : NULL,
	    "ktxh import", &errs, &stored, &deleted, &fmt) != 0) {
		store_rollback(s);
		fputs(buf_str(&errs), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: hãy sửa các lỗi trên "
		    "rồi nhập lại (cơ sở dữ liệu giữ nguyên)");
		goto out;
	}
	buf_printf(&what, "%s: %zu số liệu, %zu số liệu bị xóa", xfmt_names[fmt],
	    stored, deleted);
	if (store_audit(s, "ktxh import", NULL, "import", cl->pos[0], NULL,
	    buf_str(&what)) != 0 || store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: %s", store_error(s));
		goto out;
	}
	printf("Đã nhập từ %s (%s): %zu số liệu", cl->pos[0], xfmt_names[fmt],
	    stored);
	if (deleted > 0)
		printf(", xóa %zu số liệu", deleted);
	printf(".\n");
out:
	xmap_free(&map);
	buf_free(&errs);
	buf_free(&what);
	return rc;
}

/* The roll-up of the latest year imported, computed now rather than by
 * its first reader (the country's takes seconds at national size). Not
 * part of the import: a failure only leaves it to be computed later. */
static void
warm(struct store *s, int year)
{
	struct buf err = BUF_INIT;
	bool tty = isatty(STDERR_FILENO);

	if (year <= 0)
		return;
	if (tty)
		fprintf(stderr, "đang tổng hợp sẵn số liệu năm %d…", year);
	if (app_rollup_warm(s, year, &err) != 0 && tty)
		fprintf(stderr, "\rchưa tổng hợp sẵn được (%s): sẽ tổng hợp "
		    "khi xem lần đầu\n", buf_str(&err));
	else if (tty)
		fprintf(stderr, "\r\033[K");
	buf_free(&err);
}

int
cmd_import(struct cli *cl)
{
	struct import_counts n;
	struct buf errs = BUF_INIT;
	struct store *s;
	struct stat sb;
	int rc = EXIT_OK;

	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (stat(cl->pos[0], &sb) == 0 && !S_ISDIR(sb.st_mode)) {
		rc = import_file(cl, s);
		goto out;
	}
	if (cli_get(cl, "map") != NULL) {
		rc = cli_fail(cl, EXIT_USAGE, "--map chỉ dùng khi nhập một tệp "
		    "DHIS2, SDMX hoặc XLSX, không dùng với thư mục CSV của ktxh");
		goto out;
	}
	/* The import and its audit entry are one transaction. */
	store_set_actor(s, "ktxh import");
	if (store_begin(s) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	if (dataset_import(s, cl->pos[0], &errs, &n,
	    isatty(STDERR_FILENO) ? progress : NULL, NULL) != 0) {
		store_rollback(s);
		if (isatty(STDERR_FILENO))
			fputc('\n', stderr);
		fputs(buf_str(&errs), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: hãy sửa các lỗi trên "
		    "rồi nhập lại (cơ sở dữ liệu giữ nguyên)");
	} else if (import_audit(s, cl->pos[0], &n) != 0) {
		store_rollback(s);
		rc = cli_fail(cl, EXIT_DATA, "không nhập gì: %s", store_error(s));
	} else {
		if (isatty(STDERR_FILENO) && n.values >= 100000)
			fputc('\n', stderr);
		printf("Đã nhập từ %s: %zu đơn vị, %zu chỉ tiêu, %zu chỉ tiêu kế hoạch, "
		    "%zu số liệu", cl->pos[0], n.units, n.indicators, n.targets,
		    n.values);
		if (n.sectors + n.cutoffs + n.settings + n.texts > 0)
			printf(", %zu lĩnh vực, %zu quy định chốt số liệu, %zu thiết lập, "
			    "%zu thuyết minh", n.sectors, n.cutoffs, n.settings, n.texts);
		if (n.unit_changes > 0)
			printf(", %zu dòng lịch sử đơn vị", n.unit_changes);
		printf(".\n");
		fflush(stdout);
		warm(s, n.last_target_year);
	}
out:
	buf_free(&errs);
	store_close(s);
	return rc;
}

/* Values in DHIS2's or SDMX's format into -o FILE. */
static int
export_format(struct cli *cl, struct store *s, const char *fmt)
{
	struct buf err = BUF_INIT;
	struct xmap map;
	struct unit u;
	const char *out = cli_get(cl, "output"), *ys = cli_get(cl, "year");
	size_t n;
	char *end;
	long year = 0;
	int f, rc = EXIT_OK;
	bool have_unit = false;

	memset(&map, 0, sizeof(map));
	for (f = 0; f < XF__MAX; f++)
		if (f != XF_XLSX && strcmp(fmt, xfmt_names[f]) == 0)
			break;
	if (f == XF__MAX)
		return cli_fail(cl, EXIT_USAGE, "--format “%s”: dùng dhis2-json, "
		    "dhis2-csv hoặc sdmx-csv", fmt);
	if (out == NULL || cl->npos > 0)
		return cli_fail(cl, EXIT_USAGE, "với --format, ghi tệp kết quả bằng "
		    "-o FILE (không kèm thư mục)");
	if (ys != NULL) {
		year = strtol(ys, &end, 10);
		if (*ys == '\0' || *end != '\0' || year < 1900 || year > 2200)
			return cli_fail(cl, EXIT_USAGE, "--year “%s”: cần một năm, "
			    "ví dụ 2023", ys);
	}
	if (cli_get(cl, "unit") != NULL) {
		if (app_find_unit(s, cli_get(cl, "unit"), &u, &err) != 0) {
			rc = cli_fail(cl, EXIT_DATA, "--unit: %s", buf_str(&err));
			goto out;
		}
		have_unit = true;
	}
	if (cli_get(cl, "map") != NULL && xmap_load(&map, cli_get(cl, "map"),
	    &err) != 0) {
		fputs(buf_str(&err), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không xuất gì: hãy sửa tệp ánh xạ %s",
		    cli_get(cl, "map"));
	} else if (exchange_export(s, (enum xfmt)f, have_unit ? u.code : NULL,
	    (int)year, cli_get(cl, "map") != NULL ? &map : NULL, out, &err,
	    &n) != 0)
		rc = cli_fail(cl, EXIT_DATA, "%s", buf_str(&err));
	else
		printf("Đã xuất %zu số liệu ra %s (%s).\n", n, out, fmt);
	if (have_unit)
		unit_free(&u);
out:
	xmap_free(&map);
	buf_free(&err);
	return rc;
}

int
cmd_export(struct cli *cl)
{
	struct import_counts n;
	struct buf err = BUF_INIT;
	struct store *s;
	const char *fmt = cli_get(cl, "format");
	int rc = EXIT_OK;

	if (fmt == NULL && (cl->npos != 1 || cli_get(cl, "output") != NULL ||
	    cli_get(cl, "unit") != NULL || cli_get(cl, "year") != NULL ||
	    cli_get(cl, "map") != NULL))
		return cli_fail(cl, EXIT_USAGE, "ktxh export THƯ_MỤC xuất toàn bộ "
		    "dữ liệu; --unit, --year, --map, -o chỉ dùng kèm --format");
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (fmt != NULL)
		rc = export_format(cl, s, fmt);
	else if (dataset_export(s, cl->pos[0], &err, &n) != 0)
		rc = cli_fail(cl, EXIT_DATA, "%s", buf_str(&err));
	else
		printf("Đã xuất ra %s: %zu đơn vị, %zu chỉ tiêu, %zu chỉ tiêu kế "
		    "hoạch, %zu số liệu.\n", cl->pos[0], n.units, n.indicators,
		    n.targets, n.values);
	buf_free(&err);
	store_close(s);
	return rc;
}

int
cmd_set(struct cli *cl)
{
	static const char *const names[DATASET_VALUE_FIELDS] = { "unit",
	    "indicator", "period", "value", "numerator", "denominator", "status",
	    "as-of", "note" };
	const char *f[DATASET_VALUE_FIELDS];
	struct buf errs = BUF_INIT, uerr = BUF_INIT;
	struct buf typed[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	struct unit u;
	struct store *s;
	bool created;
	int i, rc = EXIT_OK;

	for (i = 0; i < 3; i++)
		if (cli_get(cl, names[i]) == NULL)
			return cli_fail(cl, EXIT_USAGE, "thiếu --%s; xem ktxh set --help",
			    names[i]);
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (app_find_unit(s, cli_get(cl, "unit"), &u, &uerr) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "--unit: %s", buf_str(&uerr));
		goto out;
	}
	for (i = 0; i < DATASET_VALUE_FIELDS; i++)
		f[i] = cli_get(cl, names[i]);
	f[0] = u.code;
	/* People type "1.303,5" or "1303.5": store the machine form. */
	for (i = 3; i <= 5; i++) {
		const char *why = NULL;

		if (f[i] == NULL)
			continue;
		if (app_typed_figure(f[i], &typed[i - 3], &why) != 0) {
			rc = cli_fail(cl, EXIT_DATA, "--%s “%s”: %s; không ghi gì",
			    names[i], f[i], why);
			goto out2;
		}
		f[i] = buf_str(&typed[i - 3]);
	}
	if (app_put_value(s, "ktxh set", f, 0, &created, &errs) != 0) {
		fputs(buf_str(&errs), stderr);
		rc = cli_fail(cl, EXIT_DATA, "không ghi gì");
	} else
		printf("Đã ghi: %s, %s, kỳ %s.\n", u.name, f[1], f[2]);
out2:
	for (i = 0; i < 3; i++)
		buf_free(&typed[i]);
	unit_free(&u);
out:
	buf_free(&errs);
	buf_free(&uerr);
	store_close(s);
	return rc;
}
