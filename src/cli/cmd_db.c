/* cmd_db.c: the commands that keep a database safe — backup, restore and
 * audit verify. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "core/audit.h"

int
cmd_backup(struct cli *cl)
{
	struct store *s;
	int rc = EXIT_OK;

	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (store_backup(s, cl->pos[0]) != 0)
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
	else
		printf("Đã sao lưu %s vào %s (đã kiểm tra tính toàn vẹn).\n", cl->db,
		    cl->pos[0]);
	store_close(s);
	return rc;
}

int
cmd_restore(struct cli *cl)
{
	struct buf err = BUF_INIT;
	struct store *s = NULL;
	int from, to, rc = EXIT_OK;
	bool exists = access(cl->db, F_OK) == 0;

	if (access(cl->pos[0], R_OK) != 0)
		return cli_fail(cl, EXIT_USAGE, "không đọc được bản sao lưu %s",
		    cl->pos[0]);
	if (exists && cli_get(cl, "force") == NULL)
		return cli_fail(cl, EXIT_USAGE, "%s đã có: khôi phục sẽ thay toàn bộ "
		    "dữ liệu của nó. Nếu chắc chắn, thêm --force (nên sao lưu nó "
		    "trước bằng ktxh backup)", cl->db);
	if (store_open(cl->db, true, &s, &err) != 0) {
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		goto out;
	}
	if (store_restore(s, cl->pos[0]) != 0 || store_migrate(s, &from, &to) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s; %s", store_error(s), exists ?
		    "cơ sở dữ liệu giữ nguyên" : "không tạo gì");
		store_close(s);
		s = NULL;
		if (!exists)
			unlink(cl->db);
		goto out;
	}
	printf("Đã khôi phục %s từ %s.\n", cl->db, cl->pos[0]);
out:
	store_close(s);
	buf_free(&err);
	return rc;
}

struct verify {
	struct audit_verifier v;
	struct buf why;
};

static int
verify_one(const struct audit *a, void *arg)
{
	struct verify *x = arg;

	return audit_verify_next(&x->v, a, &x->why) ? 0 : 1;
}

int
cmd_audit(struct cli *cl)
{
	struct verify x;
	struct store *s;
	long long last;
	int rc = EXIT_OK, k;

	if (strcmp(cl->pos[0], "verify") != 0)
		return cli_fail(cl, EXIT_USAGE, "việc “%s” không có; dùng: ktxh audit "
		    "verify", cl->pos[0]);
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	memset(&x, 0, sizeof(x));
	if (store_audit_last(s, &last) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	audit_verify_init(&x.v, last);
	if ((k = store_each_audit_asc(s, verify_one, &x)) < 0)
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
	else if (k > 0 || !audit_verify_end(&x.v, &x.why))
		rc = cli_fail(cl, EXIT_DATA, "nhật ký không còn nguyên vẹn: %s",
		    buf_str(&x.why));
	else
		printf("Nhật ký nguyên vẹn: %lld mục, chuỗi mã băm khớp từ đầu đến "
		    "cuối (mã băm cuối %s).\n", x.v.count, x.v.count ? x.v.prev :
		    "—");
out:
	buf_free(&x.why);
	store_close(s);
	return rc;
}
