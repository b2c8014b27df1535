/* main.c: the table of ktxh's commands — name, handler, arguments, options
 * and help, declared once; cli/cli.c parses and dispatches from it. */
#include "cli/cli.h"

#define OPT_DB { "db", "PATH", "cơ sở dữ liệu (mặc định $KTXH_DB hoặc ktxh.db)" }
#define OPT_UNIT { "unit", "U", "đơn vị: mã hoặc tên, có hoặc không dấu (\"Nhơn Hưng\", \"nhon hung\")" }

const struct cli_cmd cli_commands[] = {
	{ "init", cmd_init, "", 0, 0,
	  "tạo cơ sở dữ liệu mới hoặc nâng cấp lược đồ của cơ sở dữ liệu cũ",
	  "Chạy lại trên cơ sở dữ liệu đã có thì chỉ áp dụng các bước nâng cấp "
	  "còn thiếu; dữ liệu được giữ nguyên.",
	  { OPT_DB, { NULL, NULL, NULL } } },
	{ "import", cmd_import, "DIR", 1, 1,
	  "nhập dữ liệu từ thư mục CSV (units, indicators, targets, values …)",
	  "Định dạng các tệp: docs/formats.md. Lần nhập được áp dụng toàn bộ hoặc "
	  "không áp dụng gì; mỗi lỗi ghi rõ tệp:dòng, cột và lý do.",
	  { OPT_DB, { NULL, NULL, NULL } } },
	{ "export", cmd_export, "DIR", 1, 1,
	  "xuất toàn bộ dữ liệu ra thư mục CSV (nhập lại được bằng ktxh import)",
	  NULL,
	  { OPT_DB, { NULL, NULL, NULL } } },
	{ "set", cmd_set, "", 0, 0,
	  "ghi một số liệu thực hiện (kiểm tra như khi nhập values.csv)",
	  "Số viết kiểu Việt (1.303,5) hoặc kiểu máy (1303.5); số đọc được hai "
	  "cách (1.302; 2,803) bị từ chối. Ví dụ:\n"
	  "  ktxh set --unit \"Nhơn Hưng\" --indicator VH07 --period 2023 "
	  "--value 88 --status final",
	  { OPT_DB, OPT_UNIT,
	    { "indicator", "CODE", "mã chỉ tiêu" },
	    { "period", "P", "kỳ: 2023, 2023-H1, 2023-Q3, 2023-M09, 2023-9M" },
	    { "value", "X", "giá trị (với tỷ lệ: %; với có/không: 1 hoặc 0)" },
	    { "numerator", "N", "tử số của tỷ lệ" },
	    { "denominator", "D", "mẫu số của tỷ lệ" },
	    { "status", "S", "final (chính thức, mặc định) hoặc estimate (ước)" },
	    { "as-of", "YYYY-MM-DD", "số liệu tính đến ngày" },
	    { "note", "TEXT", "ghi chú" },
	    { NULL, NULL, NULL } } },
	{ "eval", cmd_eval, "", 0, 0,
	  "đánh giá kết quả thực hiện chỉ tiêu của một đơn vị trong một kỳ",
	  "Quy tắc đánh giá: docs/evaluation.md. JSON: docs/cli.md.",
	  { OPT_DB, OPT_UNIT,
	    { "year", "Y", "năm kế hoạch" },
	    { "period", "P", "kỳ trong năm (mặc định cả năm): 2023-H1, 2023-Q3, 2023-M09, 2023-9M" },
	    { "format", "F", "text (mặc định), json hoặc csv" },
	    { "near", "PCT", "ngưỡng mức \"đạt từ 90% trở lên\" (mặc định theo thiết lập, 90)" },
	    { NULL, NULL, NULL } } },
	{ "help", cmd_help, "[LỆNH]", 0, 1,
	  "hướng dẫn chung, hoặc của một lệnh",
	  NULL,
	  { { NULL, NULL, NULL } } },
	{ "version", cmd_version, "", 0, 0,
	  "in phiên bản",
	  NULL,
	  { { NULL, NULL, NULL } } },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL, { { NULL, NULL, NULL } } }
};

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
