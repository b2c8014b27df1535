/* api.c: the JSON API under /api/v1/ (docs/api.md). GET /api/v1/eval
 * returns exactly what `ktxh eval --format json` prints, for a unit the
 * caller may read; the other endpoints give the units the caller may read,
 * the catalogue, a unit's targets, values and workflow state, and store one
 * value through dataset_set_value, with the importer's validation, the
 * caller's rights, the workflow lock and the audit log. Every answer is
 * JSON; errors are {"error": "…", "status": N}. Writes from a browser
 * session carry the session's CSRF token; bearer tokens need none. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>
#include <sodium.h>

#include "app/app.h"
#include "core/num.h"
#include "core/period.h"
#include "core/text.h"
#include "io/dataset.h"
#include "webpage.h"

void
h_api_eval(struct req *r)
{
	const char *q = web_query(r, "unit"), *ys = web_query(r, "year");
	const char *ps = web_query(r, "period");
	struct buf err = BUF_INIT, js = BUF_INIT, key = BUF_INIT;
	struct app_eval e;
	struct unit u;
	struct period p;
	long long gen;
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
	/* The evaluation only changes with the data: serve it from the cache
	 * while the data's generation is the same. */
	if (store_generation(r->store, &gen) != 0)
		gen = -1;
	buf_printf(&key, "eval|%s|", u.code);
	period_format(&key, &p);
	memset(&e, 0, sizeof(e));
	if (web_cache_get(r->web, buf_str(&key), gen, &js)) {
		r->status = 200;
		r->ctype = "application/json; charset=utf-8";
		buf_free(&r->body);
		r->body = js;
		memset(&js, 0, sizeof(js));
	} else if (app_evaluate_rollup(r->store, u.code, &p, -1, false, &e,
	    &err) != 0)
		web_error(r, 400, buf_str(&err));
	else {
		json = app_eval_json(&e);
		buf_puts(&js, json);
		buf_putc(&js, '\n');
		web_cache_put(r->web, buf_str(&key), gen, js.data, js.len);
		web_json(r, 200, buf_str(&js));
		free(json);
	}
	app_eval_free(&e);
	buf_free(&key);
	unit_free(&u);
	buf_free(&err);
	buf_free(&js);
}

/* ---- the rest of the API: JSON built with jansson ---- */

/* Numbers as in `ktxh eval --format json`: integers without ".0". */
static json_t *
jnum(double v)
{
	if (v == floor(v) && fabs(v) < 9007199254740992.0)
		return json_integer((json_int_t)v);
	return json_real(v);
}

/* A string, or null when absent (or not valid UTF-8, which JSON cannot
 * carry). */
static json_t *
jstr(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

static json_t *
jdate(const struct date *d)
{
	struct buf b = BUF_INIT;
	json_t *j;

	if (!date_isset(d))
		return json_null();
	date_format_iso(&b, d);
	j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

static json_t *
jperiod(const struct period *p)
{
	struct buf b = BUF_INIT;
	json_t *j;

	period_format(&b, p);
	j = json_string(buf_str(&b));
	buf_free(&b);
	return j;
}

/* Send root (taken over) with the given status. */
static void
api_send(struct req *r, int status, json_t *root)
{
	char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	struct buf b = BUF_INIT;

	json_decref(root);
	buf_printf(&b, "%s\n", s != NULL ? s : "{}");
	web_json(r, status, buf_str(&b));
	free(s);
	buf_free(&b);
}

/* {"error": message, "status": status}, plus "errors" when given (taken
 * over). A message that is not valid UTF-8 (it may quote input) is replaced
 * by a generic one rather than break the JSON. */
static void
api_fail(struct req *r, int status, const char *message, json_t *errors)
{
	json_t *o = json_object(), *m = json_string(message);

	json_object_set_new(o, "error", m != NULL ? m : json_string("Dữ liệu "
	    "gửi lên không phải UTF-8 hợp lệ."));
	json_object_set_new(o, "status", json_integer(status));
	if (errors != NULL)
		json_object_set_new(o, "errors", errors);
	api_send(r, status, o);
}

/* The unit of ?unit= (code or name), which the caller must be allowed to
 * read. On failure the error is sent and -1 returned. */
static int
api_unit(struct req *r, const char *q, struct unit *u, const char *example)
{
	struct buf err = BUF_INIT, msg = BUF_INIT;

	memset(u, 0, sizeof(*u));
	if (q == NULL || *q == '\0') {
		buf_printf(&msg, "Cần tham số unit (mã hoặc tên đơn vị), ví dụ %s.",
		    example);
		api_fail(r, 400, buf_str(&msg), NULL);
		buf_free(&msg);
		return -1;
	}
	if (app_find_unit(r->store, q, u, &err) != 0) {
		buf_printf(&msg, "Đơn vị: %s.", buf_str(&err));
		api_fail(r, 404, buf_str(&msg), NULL);
		buf_free(&err);
		buf_free(&msg);
		return -1;
	}
	buf_free(&err);
	if (!auth_can_read(r, u->code)) {
		unit_free(u);
		api_fail(r, 403, "Không được xem số liệu của đơn vị này.", NULL);
		return -1;
	}
	return 0;
}

/* ?year= as 1900..2200, or 0 when absent. On failure the error is sent. */
static int
api_year(struct req *r, int *year)
{
	const char *ys = web_query(r, "year");
	char *end = NULL;
	long y;

	*year = 0;
	if (ys == NULL || *ys == '\0')
		return 0;
	y = strtol(ys, &end, 10);
	if (*end != '\0' || y < 1900 || y > 2200) {
		api_fail(r, 400, "Tham số year không hợp lệ: viết năm bốn chữ số, "
		    "ví dụ 2023.", NULL);
		return -1;
	}
	*year = (int)y;
	return 0;
}

static json_t *
unit_json(const struct unit *u)
{
	json_t *o = json_object();

	json_object_set_new(o, "code", json_string(u->code));
	json_object_set_new(o, "name", jstr(u->name));
	json_object_set_new(o, "kind", jstr(u->kind));
	json_object_set_new(o, "parent", jstr(u->parent));
	json_object_set_new(o, "valid_from", jdate(&u->valid_from));
	json_object_set_new(o, "valid_to", jdate(&u->valid_to));
	return o;
}

void
h_api_units(struct req *r)
{
	struct unit *u = NULL;
	size_t n = 0, i;
	struct utree t;
	json_t *root, *arr;

	if (store_units(r->store, &u, &n) != 0) {
		api_fail(r, 503, "Không đọc được danh sách đơn vị; hãy thử lại.",
		    NULL);
		return;
	}
	root = json_object();
	arr = json_array();
	utree_build(&t, u, n);
	for (i = 0; i < n; i++)
		if (auth_can_read_in(r, &t, u[i].code))
			json_array_append_new(arr, unit_json(&u[i]));
	utree_free(&t);
	json_object_set_new(root, "units", arr);
	store_free_units(u, n);
	api_send(r, 200, root);
}

void
h_api_indicators(struct req *r)
{
	struct indicator *ind = NULL;
	struct sector *s = NULL;
	size_t n = 0, ns = 0, i;
	json_t *root, *arr, *o;

	if (store_sectors(r->store, &s, &ns) != 0 ||
	    store_indicators(r->store, &ind, &n) != 0) {
		store_free_sectors(s, ns);
		api_fail(r, 503, "Không đọc được danh mục chỉ tiêu; hãy thử lại.",
		    NULL);
		return;
	}
	root = json_object();
	arr = json_array();
	for (i = 0; i < ns; i++) {
		o = json_object();
		json_object_set_new(o, "code", json_string(s[i].code));
		json_object_set_new(o, "name", jstr(s[i].name));
		json_object_set_new(o, "ord", json_integer(s[i].ord));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "sectors", arr);
	arr = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "code", json_string(ind[i].code));
		json_object_set_new(o, "name", jstr(ind[i].name));
		json_object_set_new(o, "sector", json_string(ind[i].sector));
		json_object_set_new(o, "uom", jstr(ind[i].uom));
		json_object_set_new(o, "kind", json_string(kind_names[ind[i].kind]));
		json_object_set_new(o, "time_agg",
		    json_string(time_agg_names[ind[i].tagg]));
		json_object_set_new(o, "unit_agg",
		    json_string(unit_agg_names[ind[i].uagg]));
		json_object_set_new(o, "decimals", ind[i].decimals < 0 ?
		    json_null() : json_integer(ind[i].decimals));
		json_object_set_new(o, "ord", json_integer(ind[i].ord));
		json_object_set_new(o, "parent", jstr(ind[i].parent));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "indicators", arr);
	store_free_sectors(s, ns);
	store_free_indicators(ind, n);
	api_send(r, 200, root);
}

void
h_api_targets(struct req *r)
{
	struct target *t = NULL;
	struct unit u;
	size_t n = 0, i;
	json_t *root, *arr, *o;
	int year;

	if (api_year(r, &year) != 0 || api_unit(r, web_query(r, "unit"), &u,
	    "/api/v1/targets?unit=99001&year=2023") != 0)
		return;
	if (store_targets(r->store, u.code, year, &t, &n) != 0) {
		unit_free(&u);
		api_fail(r, 503, "Không đọc được chỉ tiêu kế hoạch; hãy thử lại.",
		    NULL);
		return;
	}
	root = json_object();
	json_object_set_new(root, "unit", unit_json(&u));
	json_object_set_new(root, "year", year ? json_integer(year) : json_null());
	arr = json_array();
	for (i = 0; i < n; i++) {
		o = json_object();
		json_object_set_new(o, "unit", json_string(t[i].unit));
		json_object_set_new(o, "indicator", json_string(t[i].indicator));
		json_object_set_new(o, "year", json_integer(t[i].year));
		json_object_set_new(o, "shape", json_string(shape_names[t[i].shape]));
		json_object_set_new(o, "value", t[i].has_value ? jnum(t[i].value) :
		    json_null());
		json_object_set_new(o, "value2", t[i].has_value2 ?
		    jnum(t[i].value2) : json_null());
		json_object_set_new(o, "text", jstr(t[i].text));
		json_object_set_new(o, "source", jstr(t[i].source));
		json_object_set_new(o, "seq", jstr(t[i].seq));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "targets", arr);
	store_free_targets(t, n);
	unit_free(&u);
	api_send(r, 200, root);
}

static json_t *
value_json(const struct value *v)
{
	json_t *o = json_object();

	json_object_set_new(o, "unit", json_string(v->unit));
	json_object_set_new(o, "indicator", json_string(v->indicator));
	json_object_set_new(o, "period", jperiod(&v->period));
	json_object_set_new(o, "value", v->has_value ? jnum(v->value) :
	    json_null());
	json_object_set_new(o, "numerator", v->has_ratio ? jnum(v->num) :
	    json_null());
	json_object_set_new(o, "denominator", v->has_ratio ? jnum(v->den) :
	    json_null());
	json_object_set_new(o, "status", json_string(status_names[v->status]));
	json_object_set_new(o, "as_of", jdate(&v->as_of));
	json_object_set_new(o, "note", jstr(v->note));
	json_object_set_new(o, "version", json_integer(v->version));
	return o;
}

void
h_api_values(struct req *r)
{
	const char *ps = web_query(r, "period");
	struct value *v = NULL;
	struct period p;
	struct unit u;
	size_t n = 0, i;
	json_t *root, *arr;
	int year;

	memset(&p, 0, sizeof(p));
	if (api_year(r, &year) != 0)
		return;
	if (ps != NULL && *ps != '\0' && (period_parse(ps, strlen(ps), &p) != 0 ||
	    (year != 0 && p.year != year))) {
		api_fail(r, 400, "Tham số period không hợp lệ: 2023, 2023-H1, "
		    "2023-Q3, 2023-M09 hoặc 2023-9M (cùng năm với year).", NULL);
		return;
	}
	if (ps != NULL && *ps != '\0')
		year = p.year;
	else
		ps = NULL;
	if (api_unit(r, web_query(r, "unit"), &u,
	    "/api/v1/values?unit=99001&year=2023") != 0)
		return;
	if (store_values(r->store, u.code, year, year, &v, &n) != 0) {
		unit_free(&u);
		api_fail(r, 503, "Không đọc được số liệu; hãy thử lại.", NULL);
		return;
	}
	root = json_object();
	json_object_set_new(root, "unit", unit_json(&u));
	json_object_set_new(root, "year", year ? json_integer(year) : json_null());
	json_object_set_new(root, "period", ps ? jperiod(&p) : json_null());
	arr = json_array();
	for (i = 0; i < n; i++)
		if (ps == NULL || period_equal(&v[i].period, &p))
			json_array_append_new(arr, value_json(&v[i]));
	json_object_set_new(root, "values", arr);
	store_free_values(v, n);
	unit_free(&u);
	api_send(r, 200, root);
}

void
h_api_state(struct req *r)
{
	const char *ps = web_query(r, "period");
	struct buf by = BUF_INIT, reason = BUF_INIT, which = BUF_INIT;
	struct buf code = BUF_INIT;
	struct period p;
	struct unit u;
	enum pstate st, worst;
	json_t *root;

	if (ps == NULL || period_parse(ps, strlen(ps), &p) != 0) {
		api_fail(r, 400, "Cần tham số period hợp lệ: 2023, 2023-H1, 2023-Q3, "
		    "2023-M09 hoặc 2023-9M, ví dụ /api/v1/state?unit=99001&"
		    "period=2023.", NULL);
		return;
	}
	if (api_unit(r, web_query(r, "unit"), &u,
	    "/api/v1/state?unit=99001&period=2023") != 0)
		return;
	period_format(&code, &p);
	if (store_period_state(r->store, u.code, buf_str(&code), &st, &by,
	    &reason) != 0 || web_lock_state(r, u.code, &p, &worst, &which) != 0) {
		api_fail(r, 503, "Không đọc được trạng thái kỳ báo cáo; hãy thử lại.",
		    NULL);
		goto out;
	}
	root = json_object();
	json_object_set_new(root, "unit", json_string(u.code));
	json_object_set_new(root, "period", jperiod(&p));
	json_object_set_new(root, "state", json_string(pstate_names[st]));
	json_object_set_new(root, "state_label", json_string(pstate_labels_vi[st]));
	json_object_set_new(root, "by", by.len ? jstr(buf_str(&by)) : json_null());
	json_object_set_new(root, "reason", reason.len ? jstr(buf_str(&reason)) :
	    json_null());
	json_object_set_new(root, "effective_state",
	    json_string(pstate_names[worst]));
	json_object_set_new(root, "effective_period", which.len ?
	    json_string(buf_str(&which)) : json_null());
	json_object_set_new(root, "editable", json_boolean(auth_can_write(r,
	    u.code, NULL) && web_state_open(r, worst)));
	api_send(r, 200, root);
out:
	unit_free(&u);
	buf_free(&code);
	buf_free(&by);
	buf_free(&reason);
	buf_free(&which);
}

/* The CSRF rule of API writes: a bearer token needs none; a browser
 * session must send its token in the header X-CSRF-Token (or, from an HTML
 * form, in the field csrf). */
bool
api_csrf_ok(const struct req *r)
{
	const char *got = r->csrf_header != NULL ? r->csrf_header :
	    web_field(r, "csrf");

	if (r->who.by_token)
		return true;
	return got != NULL && r->who.csrf[0] != '\0' &&
	    strlen(got) == strlen(r->who.csrf) &&
	    sodium_memcmp(got, r->who.csrf, strlen(got)) == 0;
}

/* "--as-of: ngày …" from dataset_set_value as {"field": "as_of",
 * "message": "ngày …"}, one per line. */
static json_t *
field_errors(const char *errs)
{
	json_t *arr = json_array(), *o;
	struct buf field = BUF_INIT;
	const char *line, *nl, *colon, *p;

	for (line = errs; *line != '\0'; line = *nl ? nl + 1 : nl) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		if (nl == line)
			continue;
		o = json_object();
		colon = strstr(line, ": ");
		buf_reset(&field);
		if (strncmp(line, "--", 2) == 0 && colon != NULL && colon < nl) {
			for (p = line + 2; p < colon; p++)
				buf_putc(&field, *p == '-' ? '_' : *p);
			json_object_set_new(o, "field", json_string(buf_str(&field)));
			json_object_set_new(o, "message", json_stringn(colon + 2,
			    (size_t)(nl - colon - 2)));
		} else {
			json_object_set_new(o, "field", json_null());
			json_object_set_new(o, "message", json_stringn(line,
			    (size_t)(nl - line)));
		}
		if (json_object_get(o, "message") == NULL)
			json_object_set_new(o, "message", json_string("(không phải UTF-8 "
			    "hợp lệ)"));
		json_array_append_new(arr, o);
	}
	buf_free(&field);
	return arr;
}

/* One refused field, as a 422 with {"errors": [{"field", "message"}]}. */
static void
api_refuse(struct req *r, const char *field, const char *message)
{
	json_t *arr = json_array(), *o = json_object();

	json_object_set_new(o, "field", jstr(field));
	json_object_set_new(o, "message", jstr(message));
	json_array_append_new(arr, o);
	api_fail(r, 422, "Số liệu không hợp lệ; không ghi gì.", arr);
}

static const char *const value_fields[DATASET_VALUE_FIELDS] = { "unit",
    "indicator", "period", "value", "numerator", "denominator", "status",
    "as_of", "note" };

/* Whether the body is JSON (Content-Type application/json). */
static bool
json_body(const struct req *r)
{
	return r->content_type != NULL &&
	    strncasecmp(r->content_type, "application/json", 16) == 0;
}

/* The version a writer read, from the body's "version" or an If-Match
 * header ("3", "\"3\"" or W/"3"): > 0, or 0 when none is given; -1 when it
 * is malformed or the two disagree (the error is sent). */
static long long
api_version(struct req *r, const char *body_version)
{
	const char *h = r->if_match, *p;
	long long v = 0, hv = 0;
	char *end;

	if (body_version != NULL) {
		v = strtoll(body_version, &end, 10);
		if (*body_version < '1' || *body_version > '9' || *end != '\0' ||
		    v <= 0) {
			api_refuse(r, "version", "version phải là số nguyên dương, như "
			    "GET /api/v1/values trả về");
			return -1;
		}
	}
	if (h != NULL) {
		p = strncmp(h, "W/", 2) == 0 ? h + 2 : h;
		p += *p == '"';
		hv = strtoll(p, &end, 10);
		if (*p < '1' || *p > '9' || hv <= 0 || (*end == '"' ? end[1] :
		    *end) != '\0') {
			api_fail(r, 400, "Tiêu đề If-Match không hợp lệ: ghi phiên bản "
			    "của số liệu, ví dụ If-Match: \"3\".", NULL);
			return -1;
		}
		if (v != 0 && v != hv) {
			api_fail(r, 400, "version trong nội dung khác với tiêu đề "
			    "If-Match: chỉ gửi một.", NULL);
			return -1;
		}
		v = hv;
	}
	return v;
}

/* The fields of a value from a JSON object: strings as they are, numbers
 * in machine format (into num[]), null or absent as empty; "version" into
 * num[DATASET_VALUE_FIELDS] and *version. *root keeps the strings alive;
 * the caller decrefs it. On failure the error is sent. */
static int
fields_from_json(struct req *r, const char *f[DATASET_VALUE_FIELDS],
    struct buf num[DATASET_VALUE_FIELDS + 1], json_t **root,
    const char **version)
{
	struct buf msg = BUF_INIT;
	json_error_t je;
	const char *key;
	json_t *v;
	size_t i;

	*root = json_loadb(r->raw.data ? r->raw.data : "", r->raw.len,
	    JSON_REJECT_DUPLICATES, &je);
	if (*root == NULL || !json_is_object(*root)) {
		if (*root == NULL)
			buf_printf(&msg, "Nội dung JSON không đọc được (dòng %d, cột "
			    "%d): cần một đối tượng như {\"unit\": \"99001\", "
			    "\"indicator\": \"KT07\", \"period\": \"2023\", "
			    "\"value\": 340000000}.", je.line, je.column);
		else
			buf_puts(&msg, "Nội dung JSON phải là một đối tượng {…} với "
			    "các trường của số liệu.");
		api_fail(r, 400, buf_str(&msg), NULL);
		buf_free(&msg);
		return -1;
	}
	json_object_foreach(*root, key, v) {
		if (strcmp(key, "version") == 0) {
			if (json_is_integer(v))
				buf_printf(&num[DATASET_VALUE_FIELDS], "%lld",
				    (long long)json_integer_value(v));
			else if (json_is_string(v))
				buf_puts(&num[DATASET_VALUE_FIELDS], json_string_value(v));
			else if (!json_is_null(v))
				buf_puts(&num[DATASET_VALUE_FIELDS], "?");
			if (!json_is_null(v))
				*version = buf_str(&num[DATASET_VALUE_FIELDS]);
			continue;
		}
		for (i = 0; i < DATASET_VALUE_FIELDS &&
		    strcmp(key, value_fields[i]) != 0; i++)
			;
		if (i == DATASET_VALUE_FIELDS) {
			buf_printf(&msg, "trường “%s” không có; dùng unit, indicator, "
			    "period, value, numerator, denominator, status, as_of, "
			    "note, version", key);
			api_refuse(r, key, buf_str(&msg));
			buf_free(&msg);
			return -1;
		}
		if (json_is_string(v))
			f[i] = json_string_length(v) > 0 ? json_string_value(v) : NULL;
		else if (json_is_integer(v)) {
			buf_printf(&num[i], "%lld", (long long)json_integer_value(v));
			f[i] = buf_str(&num[i]);
		} else if (json_is_real(v)) {
			num_format_machine(&num[i], json_real_value(v));
			f[i] = buf_str(&num[i]);
		} else if (!json_is_null(v)) {
			buf_printf(&msg, "trường %s phải là chuỗi, số hoặc null", key);
			api_refuse(r, key, buf_str(&msg));
			buf_free(&msg);
			return -1;
		}
	}
	return 0;
}

/* The fields of a value from a form; on failure the error is sent. */
static int
fields_from_form(struct req *r, const char *f[DATASET_VALUE_FIELDS])
{
	struct buf msg = BUF_INIT;
	size_t i;

	for (i = 0; i < DATASET_VALUE_FIELDS; i++) {
		const struct kv *kv = web_field_kv(r, value_fields[i]);

		f[i] = kv != NULL && *kv->val != '\0' ? kv->val : NULL;
		if (kv != NULL && text_utf8_check(kv->val, kv->len, NULL) != 0) {
			buf_printf(&msg, "trường %s không phải văn bản UTF-8 hợp lệ",
			    value_fields[i]);
			api_refuse(r, value_fields[i], buf_str(&msg));
			buf_free(&msg);
			return -1;
		}
	}
	return 0;
}

/* The stored value as the answer of a conflict shows it: its figures,
 * version, who wrote it and when (null figures when there is none). */
static json_t *
current_json(struct req *r, const char *unit, const char *ind,
    const struct period *p)
{
	struct buf key = BUF_INIT;
	struct stamp sp;
	struct value v;
	bool found = false;
	json_t *o;

	period_format(&key, p);
	if (app_find_value(r->store, unit, ind, p, &v, &found) != 0 ||
	    store_stamp(r->store, STAMP_VALUE, unit, ind, buf_str(&key),
	    &sp) != 0)
		found = false;
	o = found ? value_json(&v) : json_object();
	json_object_set_new(o, "version", json_integer(found ? sp.version : 0));
	json_object_set_new(o, "by", sp.by[0] && found ? jstr(sp.by) :
	    json_null());
	json_object_set_new(o, "at", sp.at[0] && found ? jstr(sp.at) :
	    json_null());
	if (!found)
		json_object_set_new(o, "value", json_null());
	value_free(&v);
	buf_free(&key);
	return o;
}

/* A refused write with the value stored now: 409 (another version) or 428
 * (a version is needed). */
static void
api_conflict(struct req *r, int status, const char *message, json_t *current)
{
	json_t *o = json_object();

	json_object_set_new(o, "error", json_string(message));
	json_object_set_new(o, "status", json_integer(status));
	json_object_set_new(o, "current", current);
	api_send(r, status, o);
}

void
h_api_values_save(struct req *r)
{
	const char *f[DATASET_VALUE_FIELDS] = { NULL }, *vs = NULL;
	struct buf num[DATASET_VALUE_FIELDS + 1];
	struct buf err = BUF_INIT, msg = BUF_INIT, pcode = BUF_INIT;
	struct buf which = BUF_INIT;
	struct indicator *ind = NULL;
	const struct indicator *it = NULL;
	struct period p;
	struct unit u;
	struct stamp sp;
	struct value nv;
	enum pstate worst;
	json_t *root;
	long long version;
	size_t n = 0, i;
	bool created, in_tx = false, found;
	json_t *body = NULL;
	int rc;

	memset(&u, 0, sizeof(u));
	memset(&nv, 0, sizeof(nv));
	for (i = 0; i <= DATASET_VALUE_FIELDS; i++)
		memset(&num[i], 0, sizeof(num[i]));
	if (!api_csrf_ok(r)) {
		api_fail(r, 403, "Thiếu hoặc sai mã chống giả mạo: gửi kèm tiêu đề "
		    "X-CSRF-Token của phiên đăng nhập (hoặc dùng mã truy cập API).",
		    NULL);
		return;
	}
	if (json_body(r) ? fields_from_json(r, f, num, &body, &vs) != 0 :
	    fields_from_form(r, f) != 0)
		goto out;
	if (!json_body(r))
		vs = web_field(r, "version");
	if ((version = api_version(r, vs != NULL && *vs != '\0' ? vs :
	    NULL)) < 0)
		goto out;
	for (i = 0; i < 3; i++)
		if (f[i] == NULL) {
			buf_printf(&msg, "thiếu trường %s", value_fields[i]);
			api_refuse(r, value_fields[i], buf_str(&msg));
			goto out;
		}
	if (app_find_unit(r->store, f[0], &u, &err) != 0) {
		api_refuse(r, "unit", buf_str(&err));
		goto out;
	}
	f[0] = u.code;
	if (store_indicators(r->store, &ind, &n) != 0) {
		api_fail(r, 503, "Không đọc được danh mục chỉ tiêu; hãy thử lại.",
		    NULL);
		goto out;
	}
	for (i = 0; i < n && it == NULL; i++)
		if (strcmp(ind[i].code, f[1]) == 0)
			it = &ind[i];
	if (it == NULL) {
		buf_printf(&msg, "mã chỉ tiêu “%s” không có trong danh mục", f[1]);
		api_refuse(r, "indicator", buf_str(&msg));
		goto out;
	}
	if (!auth_can_write(r, u.code, it->sector)) {
		api_fail(r, 403, "Bạn không được ghi số liệu của đơn vị hoặc lĩnh "
		    "vực này.", NULL);
		goto out;
	}
	if (period_parse(f[2], strlen(f[2]), &p) != 0) {
		buf_printf(&msg, "kỳ “%s” không hợp lệ: viết 2023, 2023-H1, "
		    "2023-Q3, 2023-M09 hoặc 2023-9M", f[2]);
		api_refuse(r, "period", buf_str(&msg));
		goto out;
	}
	period_format(&pcode, &p);
	/* The lock, the version and the write with its audit entry: one
	 * transaction, so that nothing can land between the checks and the
	 * write. */
	if (store_begin(r->store) != 0) {
		api_fail(r, 503, "Cơ sở dữ liệu đang bận; hãy thử lại.", NULL);
		goto out;
	}
	in_tx = true;
	if (web_lock_state(r, u.code, &p, &worst, &which) != 0 ||
	    store_stamp(r->store, STAMP_VALUE, u.code, it->code, buf_str(&pcode),
	    &sp) != 0) {
		api_fail(r, 503, "Không đọc được trạng thái kỳ báo cáo; hãy thử lại.",
		    NULL);
		goto out;
	}
	if (!web_state_open(r, worst)) {
		buf_printf(&msg, "Kỳ %s của đơn vị đang ở trạng thái “%s”: %s",
		    buf_str(&which), pstate_labels_vi[worst], worst ==
		    PSTATE_APPROVED ? "đã khóa, chỉ quản trị viên mở lại được (kèm "
		    "lý do)." : "chỉ người phê duyệt được sửa số liệu.");
		api_fail(r, 409, buf_str(&msg), NULL);
		goto out;
	}
	if (sp.version > 0 && version == 0) {
		api_conflict(r, 428, "Số liệu này đã có: gửi kèm version (hoặc tiêu "
		    "đề If-Match) của số liệu bạn đã đọc, để không ghi đè mất sửa đổi "
		    "của người khác.", current_json(r, u.code, it->code, &p));
		goto out;
	}
	rc = version > 0 && sp.version != version ? DATASET_CONFLICT :
	    app_put_value(r->store, r->who.acct.name, f, version > 0 ? version :
	    -1, &created, &err);
	if (rc == DATASET_CONFLICT) {
		buf_printf(&msg, "Số liệu đã được %s sửa sau khi bạn đọc (phiên bản "
		    "hiện tại %lld, bạn gửi %lld): không ghi gì. Đọc lại rồi quyết "
		    "định.", sp.by[0] ? sp.by : "người khác", sp.version, version);
		api_conflict(r, 409, buf_str(&msg), current_json(r, u.code,
		    it->code, &p));
		goto out;
	}
	if (rc != 0) {
		api_fail(r, 422, "Số liệu không hợp lệ; không ghi gì.",
		    field_errors(buf_str(&err)));
		goto out;
	}
	if (app_find_value(r->store, u.code, it->code, &p, &nv, &found) != 0 ||
	    !found || store_commit(r->store) != 0) {
		api_fail(r, 503, "Không ghi được số liệu (lỗi cơ sở dữ liệu); không "
		    "có gì được ghi, hãy thử lại.", NULL);
		goto out;
	}
	in_tx = false;
	root = json_object();
	json_object_set_new(root, "created", json_boolean(created));
	json_object_set_new(root, "value", value_json(&nv));
	api_send(r, 200, root);
out:
	if (in_tx)
		store_rollback(r->store);
	json_decref(body);
	for (i = 0; i <= DATASET_VALUE_FIELDS; i++)
		buf_free(&num[i]);
	store_free_indicators(ind, n);
	unit_free(&u);
	value_free(&nv);
	buf_free(&err);
	buf_free(&msg);
	buf_free(&pcode);
	buf_free(&which);
}
