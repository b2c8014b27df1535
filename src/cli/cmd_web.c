/* cmd_web.c: ktxh serve (the web application), ktxh user (accounts) and
 * ktxh token (API tokens). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app/app.h"
#include "cli.h"
#include "web/web.h"

/* An option's positive count into *out (left alone when absent); false,
 * with the message printed, when it is not one in [1, max]. */
static bool
count_opt(struct cli *cl, const char *name, unsigned max, unsigned *out)
{
	const char *v = cli_get(cl, name);
	char *end;
	unsigned long n;

	if (v == NULL)
		return true;
	n = strtoul(v, &end, 10);
	if (*v < '0' || *v > '9' || *end != '\0' || n < 1 || n > max) {
		cli_fail(cl, EXIT_USAGE, "--%s “%s” không hợp lệ: cần một số từ 1 "
		    "đến %u", name, v, max);
		return false;
	}
	*out = (unsigned)n;
	return true;
}

int
cmd_serve(struct cli *cl)
{
	struct web_options o;
	struct buf err = BUF_INIT;
	struct web *w;
	int rc = EXIT_OK;

	memset(&o, 0, sizeof(o));
	o.listen = cli_get(cl, "listen") ? cli_get(cl, "listen") :
	    "127.0.0.1:8080";
	o.proxy = cli_get(cl, "proxy");
	o.behind_proxy = cli_get(cl, "behind-proxy") != NULL || o.proxy != NULL;
	if (!count_opt(cl, "threads", 256, &o.threads) ||
	    !count_opt(cl, "max-connections", 60000, &o.max_conns) ||
	    !count_opt(cl, "max-per-address", 60000, &o.max_per_addr) ||
	    !count_opt(cl, "max-hashes", 64, &o.max_hashes))
		return EXIT_USAGE;
	if ((w = web_new(cl->db, &err)) == NULL) {
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
		buf_free(&err);
		return rc;
	}
	if (web_signing(w, cli_get(cl, "key-file"), cli_get(cl, "ca"),
	    &err) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	else if (web_run(w, &o, &err) != 0)
		rc = cli_fail(cl, EXIT_USAGE, "%s", buf_str(&err));
	web_free(w);
	buf_free(&err);
	return rc;
}

/* One line of standard input, without its newline. */
static int
read_password(char *pw, size_t size)
{
	size_t n;

	if (fgets(pw, (int)size, stdin) == NULL)
		return -1;
	n = strlen(pw);
	while (n > 0 && (pw[n - 1] == '\n' || pw[n - 1] == '\r'))
		pw[--n] = '\0';
	return 0;
}

static int
user_add(struct cli *cl, struct store *s)
{
	const char *name = cli_get(cl, "name"), *role = cli_get(cl, "role");
	const char *unit = cli_get(cl, "unit"), *sectors = cli_get(cl, "sector");
	struct buf err = BUF_INIT;
	struct account a;
	struct unit u;
	char pw[1100], hash[128];
	size_t i;
	int k, rc = EXIT_OK;

	memset(&a, 0, sizeof(a));
	memset(&u, 0, sizeof(u));
	if (name == NULL || role == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --name và --role; xem ktxh user "
		    "--help");
	for (i = 0; name[i] != '\0'; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' &&
		    name[i] <= 'Z') || (name[i] >= '0' && name[i] <= '9') ||
		    name[i] == '_' || name[i] == '-' || name[i] == '.'))
			break;
	if (i == 0 || name[i] != '\0' || i > 64)
		return cli_fail(cl, EXIT_USAGE, "--name “%s” không hợp lệ: 1–64 ký tự "
		    "chữ không dấu, chữ số, . _ -", name);
	if ((k = model_lookup(role_names, role)) < 0)
		return cli_fail(cl, EXIT_USAGE, "--role “%s” không hợp lệ: dùng admin, "
		    "approver, officer hoặc viewer", role);
	if (k != ROLE_ADMIN && unit == NULL)
		return cli_fail(cl, EXIT_USAGE, "vai trò %s cần --unit", role);
	if (k != ROLE_OFFICER && sectors != NULL)
		return cli_fail(cl, EXIT_USAGE, "--sector chỉ dùng cho vai trò officer");
	if (unit != NULL && app_find_unit(s, unit, &u, &err) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "--unit: %s", buf_str(&err));
		goto out;
	}
	if (read_password(pw, sizeof(pw)) != 0 || strlen(pw) < 10 ||
	    strlen(pw) > 1024) {
		rc = cli_fail(cl, EXIT_USAGE, "cần mật khẩu (10–1024 ký tự) ở dòng "
		    "đầu của đầu vào chuẩn, ví dụ: printf '%%s\\n' 'mat-khau-dai' | "
		    "ktxh user add …");
		goto out;
	}
	if (auth_hash_password(pw, hash) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "không băm được mật khẩu (thiếu bộ nhớ?)");
		goto out;
	}
	sodium_memzero(pw, sizeof(pw));
	a.name = (char *)name;
	a.role = (enum role)k;
	a.unit = u.code;
	a.sectors = (char *)sectors;
	a.pwhash = hash;
	/* Over an existing account it sets a new password: its sessions end. */
	if (store_begin(s) != 0 || store_put_account(s, &a) != 0 ||
	    store_del_sessions_of(s, name) != 0 ||
	    store_audit(s, "ktxh user add", u.code, "user", name, NULL, role) != 0 ||
	    store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	printf("Đã tạo tài khoản %s (%s%s%s).\n", name, role_labels_vi[k],
	    u.code ? ", đơn vị " : "", u.code ? u.name : "");
out:
	unit_free(&u);
	buf_free(&err);
	return rc;
}

/* A new password from standard input; every session of the account ends
 * (whoever holds one must sign in with the new password). */
static int
user_passwd(struct cli *cl, struct store *s)
{
	const char *name = cli_get(cl, "name");
	struct account a;
	char pw[1100], hash[128];
	bool found;
	int rc = EXIT_OK;

	if (name == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --name (tài khoản đổi mật khẩu)");
	if (store_account(s, name, &a, &found) != 0)
		return cli_fail(cl, EXIT_DATA, "%s", store_error(s));
	if (!found) {
		rc = cli_fail(cl, EXIT_DATA, "không có tài khoản “%s”: xem ktxh user "
		    "list", name);
		goto out;
	}
	if (read_password(pw, sizeof(pw)) != 0 || strlen(pw) < 10 ||
	    strlen(pw) > 1024) {
		rc = cli_fail(cl, EXIT_USAGE, "cần mật khẩu mới (10–1024 ký tự) ở "
		    "dòng đầu của đầu vào chuẩn, ví dụ: printf '%%s\\n' "
		    "'mat-khau-moi' | ktxh user passwd --name %s", name);
		goto out;
	}
	if (auth_hash_password(pw, hash) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "không băm được mật khẩu (thiếu bộ nhớ?)");
		goto out;
	}
	sodium_memzero(pw, sizeof(pw));
	if (store_begin(s) != 0 || store_set_password(s, name, hash) != 0 ||
	    store_del_sessions_of(s, name) != 0 ||
	    store_audit(s, "ktxh user passwd", a.unit, "user", name, NULL,
	    "đặt lại mật khẩu") != 0 || store_commit(s) != 0) {
		store_rollback(s);
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	printf("Đã đổi mật khẩu của %s; mọi phiên đăng nhập của tài khoản đã kết "
	    "thúc.\n", name);
out:
	account_free(&a);
	return rc;
}

static int
user_list(struct store *s)
{
	struct account *a = NULL;
	size_t n = 0, i;

	if (store_accounts(s, &a, &n) != 0)
		return EXIT_DATA;
	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s%s\n", a[i].name, role_names[a[i].role],
		    a[i].unit ? a[i].unit : "-", a[i].sectors ? a[i].sectors : "-",
		    a[i].disabled ? "\tkhóa" : "");
	store_free_accounts(a, n);
	return EXIT_OK;
}

int
cmd_user(struct cli *cl)
{
	struct store *s;
	int rc;

	if (strcmp(cl->pos[0], "add") != 0 && strcmp(cl->pos[0], "list") != 0 &&
	    strcmp(cl->pos[0], "passwd") != 0)
		return cli_fail(cl, EXIT_USAGE, "“%s” không phải việc của ktxh user: "
		    "dùng add, passwd hoặc list", cl->pos[0]);
	if ((s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (strcmp(cl->pos[0], "add") == 0)
		rc = user_add(cl, s);
	else if (strcmp(cl->pos[0], "passwd") == 0)
		rc = user_passwd(cl, s);
	else
		rc = user_list(s);
	store_close(s);
	return rc;
}

int
cmd_token(struct cli *cl)
{
	const char *name = cli_get(cl, "name"), *label = cli_get(cl, "label");
	char token[48], hash[65];
	struct account a;
	struct store *s;
	bool found;
	int rc = EXIT_OK;

	if (strcmp(cl->pos[0], "add") != 0)
		return cli_fail(cl, EXIT_USAGE, "dùng: ktxh token add --name TÀI_KHOẢN");
	if (name == NULL)
		return cli_fail(cl, EXIT_USAGE, "cần --name (tài khoản được cấp mã)");
	if (sodium_init() < 0 || (s = cli_open(cl)) == NULL)
		return EXIT_USAGE;
	if (store_account(s, name, &a, &found) != 0 || !found) {
		rc = cli_fail(cl, EXIT_DATA, "không có tài khoản “%s”", name);
		goto out;
	}
	auth_token(token);
	auth_token_hash(token, hash);
	if (store_put_token(s, hash, name, label) != 0 ||
	    store_audit(s, "ktxh token add", a.unit, "token", name, NULL,
	    label) != 0) {
		rc = cli_fail(cl, EXIT_DATA, "%s", store_error(s));
		goto out;
	}
	/* Shown once: only its hash is kept. */
	printf("%s\n", token);
	fprintf(stderr, "Mã truy cập API của %s (chỉ hiện một lần; gửi kèm "
	    "\"Authorization: Bearer <mã>\").\n", name);
out:
	account_free(&a);
	store_close(s);
	return rc;
}
