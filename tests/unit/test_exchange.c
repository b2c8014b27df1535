/* test_exchange.c: unit tests of the DHIS2 and SDMX readers (exchange.c),
 * on buffers: detection by content, every period spelling into ktxh's,
 * fields of a dataValueSet inherited by its entries, the map, flags into
 * status and deletion, and the located errors of what cannot be read.
 * Rows are dumped as "line|unit|indicator|period|value|status|as_of|note
 * [|D]"; the expected dumps are written by hand from docs/formats.md. */
#include "unit.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/exchange.h"

/* Read s as fmt through map (may be NULL): the rows dumped, errors in
 * *errs (caller frees). Input is copied to a block of exactly its length. */
static char *
dump(enum xfmt fmt, const char *s, const struct xmap *map, struct buf *errs)
{
	struct buf out = BUF_INIT;
	struct xrows x;
	size_t len = strlen(s), i;
	char *p = malloc(len ? len : 1);
	int c;

	assert_non_null(p);
	memcpy(p, s, len);
	memset(&x, 0, sizeof(x));
	exchange_read(fmt, "f", p, len, map, &x, errs);
	for (i = 0; i < x.n; i++) {
		static const int show[] = { 0, 1, 2, 3, 6, 7, 8 };

		buf_printf(&out, "%zu", x.row[i].line);
		for (c = 0; c < 7; c++) {
			const char *v = x.row[i].f[show[c]];

			buf_printf(&out, "|%s", v != NULL ? v : "");
		}
		buf_puts(&out, x.row[i].deleted ? "|D\n" : "\n");
	}
	xrows_free(&x);
	free(p);
	return out.data != NULL ? out.data : xstrdup("");
}

static void
detect(void **state)
{
	(void)state;
	assert_int_equal(exchange_detect("PK\003\004xx", 6), XF_XLSX);
	assert_int_equal(exchange_detect(" \n{\"a\":1}", 9), XF_DHIS2_JSON);
	assert_int_equal(exchange_detect("\xEF\xBB\xBF" "DataElement,Period", 21),
	    XF_DHIS2_CSV);
	assert_int_equal(exchange_detect("DATAFLOW,REF_AREA", 17), XF_SDMX_CSV);
	assert_int_equal(exchange_detect("STRUCTURE,STRUCTURE_ID", 22),
	    XF_SDMX_CSV);
	assert_int_equal(exchange_detect("unit,indicator", 14), -1);
	assert_int_equal(exchange_detect("", 0), -1);
}

static void
periods_in(void **state)
{
	struct buf e = BUF_INIT;
	char *d;

	(void)state;
	d = dump(XF_SDMX_CSV, "REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
	    "u,i,2023,1\nu,i,2023-S1,1\nu,i,2023S2,1\nu,i,2023-H1,1\n"
	    "u,i,2023Q3,1\nu,i,2023-Q4,1\nu,i,202311,1\nu,i,2023-01,1\n"
	    "u,i,2023-M12,1\n", NULL, &e);
	assert_string_equal(d,
	    "2|u|i|2023|1|final||\n3|u|i|2023-H1|1|final||\n"
	    "4|u|i|2023-H2|1|final||\n5|u|i|2023-H1|1|final||\n"
	    "6|u|i|2023-Q3|1|final||\n7|u|i|2023-Q4|1|final||\n"
	    "8|u|i|2023-M11|1|final||\n9|u|i|2023-M01|1|final||\n"
	    "10|u|i|2023-M12|1|final||\n");
	assert_int_equal(e.len, 0);
	free(d);
	d = dump(XF_SDMX_CSV, "REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE\n"
	    "u,i,2023-9M,1\nu,i,202313,1\nu,i,2023W5,1\nu,i,23,1\nu,i,2023Q5,1\n",
	    NULL, &e);
	assert_string_equal(d, "");
	assert_non_null(strstr(buf_str(&e), "f:2: cột 3 (TIME_PERIOD): kỳ "
	    "“2023-9M”: kỳ 9 tháng"));
	assert_non_null(strstr(buf_str(&e), "f:3: cột 3 (TIME_PERIOD): kỳ "
	    "“202313”: tháng phải từ 01 đến 12"));
	assert_non_null(strstr(buf_str(&e), "f:4: cột 3 (TIME_PERIOD): kỳ "
	    "“2023W5”: kiểu kỳ này"));
	assert_non_null(strstr(buf_str(&e), "f:5: cột 3"));
	assert_non_null(strstr(buf_str(&e), "f:6: cột 3"));
	free(d);
	buf_free(&e);
}

static void
json_inherits(void **state)
{
	struct buf e = BUF_INIT, me = BUF_INIT;
	struct xmap m;
	char *d;
	static const char map[] = "kind,external,code\n"
	    "unit,OU1,99001\nindicator,DE1,KT06\n";

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(xmap_parse(&m, "m", map, sizeof(map) - 1, &me), 0);
	d = dump(XF_DHIS2_JSON, "{\"period\": \"2023\", \"orgUnit\": \"OU1\", "
	    "\"completeDate\": \"2023-11-30T00:00:00.000\", \"dataValues\": ["
	    "{\"dataElement\": \"DE1\", \"value\": \"5\", \"comment\": \"c\"},"
	    "{\"dataElement\": \"KT07\", \"orgUnit\": \"99002\", \"period\": "
	    "\"2023Q1\", \"value\": 7.5, \"followup\": true, "
	    "\"completeDate\": \"2023-03-14\"},"
	    "{\"dataElement\": \"DE1\", \"deleted\": \"true\"}]}", &m, &e);
	assert_string_equal(d,
	    "1|99001|KT06|2023|5|final|2023-11-30|c\n"
	    "2|99002|KT07|2023-Q1|7.5|estimate|2023-03-14|\n"
	    "3|99001|KT06|2023||final|2023-11-30||D\n");
	assert_int_equal(e.len, 0);
	free(d);
	xmap_free(&m);
	buf_free(&e);
	buf_free(&me);
}

static void
json_errors(void **state)
{
	struct buf e = BUF_INIT;
	char *d;

	(void)state;
	d = dump(XF_DHIS2_JSON, "{\"dataValues\": [1, {\"dataElement\": "
	    "\"KT06\", \"orgUnit\": \"u\", \"period\": \"2023\", "
	    "\"categoryOptionCombo\": \"abc\"}, {\"dataElement\": [], "
	    "\"orgUnit\": \"u\", \"period\": \"2023\"}, {\"x\": 1}]}", NULL, &e);
	assert_string_equal(d, "");
	assert_non_null(strstr(buf_str(&e), "f: mục 1: phải là một đối tượng"));
	assert_non_null(strstr(buf_str(&e), "f: mục 2: trường "
	    "“categoryOptionCombo”: nhóm phân tổ"));
	assert_non_null(strstr(buf_str(&e), "f: mục 3: trường “dataElement”: "
	    "phải là chuỗi"));
	assert_non_null(strstr(buf_str(&e), "f: mục 4: trường “x” không có"));
	free(d);
	buf_reset(&e);
	d = dump(XF_DHIS2_JSON, "{\"dataValues\": {}}", NULL, &e);
	assert_non_null(strstr(buf_str(&e), "thiếu mảng “dataValues”"));
	free(d);
	buf_reset(&e);
	d = dump(XF_DHIS2_JSON, "{\"a\": 1, \"a\": 2}", NULL, &e);
	assert_non_null(strstr(buf_str(&e), "f:1:"));
	free(d);
	buf_free(&e);
}

static void
map_errors(void **state)
{
	struct buf e = BUF_INIT;
	struct xmap m;
	static const char bad[] = "kind,external,code\nunit,A,1\nunit,A,2\n"
	    "sector,B,3\nindicator,,4\n";

	(void)state;
	memset(&m, 0, sizeof(m));
	assert_int_equal(xmap_parse(&m, "m.csv", bad, sizeof(bad) - 1, &e), -1);
	assert_non_null(strstr(buf_str(&e), "m.csv:3: cột 2 (external): “A” đã "
	    "được ánh xạ ở dòng 2"));
	assert_non_null(strstr(buf_str(&e), "m.csv:4: cột 1 (kind): “sector”"));
	assert_non_null(strstr(buf_str(&e), "m.csv:5: cột 2 (external): ô trống"));
	xmap_free(&m);
	buf_reset(&e);
	assert_int_equal(xmap_parse(&m, "m.csv", "kind,code\n", 10, &e), -1);
	assert_non_null(strstr(buf_str(&e), "thiếu cột “external”"));
	xmap_free(&m);
	buf_free(&e);
}

static void
dhis2_csv_any_case(void **state)
{
	struct buf e = BUF_INIT;
	char *d;

	(void)state;
	d = dump(XF_DHIS2_CSV, "DataElement,PERIOD,orgunit,Value,Comment,"
	    "FollowUp,Deleted\nKT06,2023S1,99001,12,\"a, b\",TRUE,false\n"
	    "KT06,2023,99001,,,,true\nKT06,2023,99001,1,,maybe,\n", NULL, &e);
	assert_string_equal(d, "2|99001|KT06|2023-H1|12|estimate||a, b\n"
	    "3|99001|KT06|2023||final|||D\n");
	assert_non_null(strstr(buf_str(&e), "f:4: cột 6 (followup): “maybe” "
	    "không hợp lệ"));
	free(d);
	buf_free(&e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detect),
		cmocka_unit_test(periods_in),
		cmocka_unit_test(json_inherits),
		cmocka_unit_test(json_errors),
		cmocka_unit_test(map_errors),
		cmocka_unit_test(dhis2_csv_any_case),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
