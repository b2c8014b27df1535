/* api.c: the JSON API (docs/api.md). GET /api/v1/eval returns exactly what
 * `ktxh eval --format json` prints, for a unit the caller may read. */
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "core/period.h"
#include "web.h"

void
h_api_eval(struct req *r)
{
	const char *q = web_query(r, "unit"), *ys = web_query(r, "year");
	const char *ps = web_query(r, "period");
	struct buf err = BUF_INIT, js = BUF_INIT;
	struct app_eval e;
	struct unit u;
	struct period p;
	char *json;

	if (q == NULL || ys == NULL) {
		web_error(r, 400, "Cần tham số unit và year, ví dụ "
		    "/api/v1/eval?unit=99001&year=2023.");
		return;
	}
	memset(&p, 0, sizeof(p));
	if (period_parse(ys, strlen(ys), &p) != 0 || p.kind != PERIOD_YEAR) {
		web_error(r, 400, "Tham số year không hợp lệ: viết năm bốn chữ số.");
		return;
	}
	if (ps != NULL && (period_parse(ps, strlen(ps), &p) != 0 ||
	    p.year != atoi(ys))) {
		web_error(r, 400, "Tham số period không hợp lệ: 2023, 2023-H1, "
		    "2023-Q3, 2023-M09 hoặc 2023-9M, cùng năm với year.");
		return;
	}
	if (app_find_unit(r->store, q, &u, &err) != 0) {
		web_error(r, 404, buf_str(&err));
		buf_free(&err);
		return;
	}
	if (!auth_can_read(r, u.code)) {
		unit_free(&u);
		web_error(r, 403, "Không được xem số liệu của đơn vị này.");
		return;
	}
	if (app_evaluate(r->store, u.code, &p, -1, &e, &err) != 0)
		web_error(r, 400, buf_str(&err));
	else {
		json = app_eval_json(&e);
		buf_printf(&js, "%s\n", json);
		web_json(r, 200, buf_str(&js));
		free(json);
	}
	app_eval_free(&e);
	unit_free(&u);
	buf_free(&err);
	buf_free(&js);
}
