/* main.c: the table of ktxh's commands — name, handler, arguments, options
 * and help, declared once; cli/cli.c parses and dispatches from it. */
#include "cli/cli.h"

#define OPT_DB { "db", "PATH", "cơ sở dữ liệu (mặc định $KTXH_DB hoặc ktxh.db)", NULL }
#define OPT_UNIT { "unit", "U", "đơn vị: mã hoặc tên, có hoặc không dấu (\"Nhơn Hưng\", \"nhon hung\")", NULL }

const struct cli_cmd cli_commands[] = {
	{ "init", cmd_init, "", 0, 0,
	  "tạo cơ sở dữ liệu mới hoặc nâng cấp lược đồ của cơ sở dữ liệu cũ",
	  "Chạy lại trên cơ sở dữ liệu đã có thì chỉ áp dụng các bước nâng cấp "
	  "còn thiếu; dữ liệu được giữ nguyên.",
	  { OPT_DB, { NULL, NULL, NULL, NULL } } },
	{ "import", cmd_import, "DIR|FILE", 1, 1,
	  "nhập dữ liệu từ thư mục CSV, hoặc số liệu từ DHIS2, SDMX-CSV, Excel",
	  "Định dạng các tệp: docs/formats.md. Một thư mục là bộ CSV của ktxh; "
	  "một tệp được nhận theo nội dung: dataValueSet JSON hoặc CSV của DHIS2, "
	  "SDMX-CSV, sổ tính XLSX (trang một dòng một số liệu, hoặc bảng phụ lục "
	  "của báo cáo XLSX do ktxh lập). Lần nhập được áp dụng toàn bộ hoặc "
	  "không áp dụng gì; mỗi lỗi ghi rõ tệp, dòng hoặc mục, trường và lý do. "
	  "Ví dụ:\n"
	  "  ktxh import --db phuong.db --map anh-xa.csv dhis2.json",
	  { OPT_DB,
	    { "map", "MAP.csv", "ánh xạ mã của hệ thống khác (UID của DHIS2) sang mã ktxh: cột kind (unit|indicator), external, code", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "export", cmd_export, "[DIR]", 0, 1,
	  "xuất dữ liệu ra thư mục CSV, hoặc số liệu cho DHIS2, SDMX",
	  "Không có --format: toàn bộ dữ liệu ra thư mục CSV (nhập lại được bằng "
	  "ktxh import). Với --format: số liệu thực hiện ra một tệp -o. Ví dụ:\n"
	  "  ktxh export --db phuong.db --format dhis2-json --year 2023 -o so-lieu.json",
	  { OPT_DB, OPT_UNIT,
	    { "format", "F", "dhis2-json, dhis2-csv hoặc sdmx-csv", NULL },
	    { "year", "Y", "chỉ số liệu của năm này", NULL },
	    { "output", "FILE", "tệp kết quả (-o), với --format", "o" },
	    { "map", "MAP.csv", "với --format: viết mã của hệ thống kia (UID của DHIS2) thay mã ktxh, theo tệp ánh xạ", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "gen", cmd_gen, "", 0, 0,
	  "sinh một bộ dữ liệu giả lập cả nước (định dạng nhập) từ một hạt giống",
	  "Đơn vị năm 2024 (63 tỉnh, khoảng 700 huyện, 10.000 xã) sáp nhập ngày "
	  "1/7/2025 thành 34 tỉnh và 3.321 xã (unit_changes.csv, có xã chia theo "
	  "tỷ lệ), 40 chỉ tiêu đủ loại và dạng, chỉ tiêu kế hoạch của tỉnh và xã, "
	  "số liệu tháng, quý (có tháng thiếu, có số ước), thuyết minh có trường "
	  "số liệu sống. Cùng hạt giống cho cùng từng byte. Ví dụ:\n"
	  "  ktxh gen --seed 1 --out quoc-gia\n"
	  "  ktxh gen --seed 7 --provinces 2 --communes 12 --out nho",
	  { { "seed", "N", "hạt giống (số nguyên ≥ 0)", NULL },
	    { "out", "DIR", "thư mục ghi các tệp CSV (tạo nếu chưa có)", NULL },
	    { "provinces", "N", "số tỉnh sau sắp xếp (mặc định 34, tối đa 50)", NULL },
	    { "communes", "N", "số xã sau sắp xếp (mặc định 3321, tối đa 4500)", NULL },
	    { "indicators", "N", "số chỉ tiêu (mặc định 40)", NULL },
	    { "years", "N", "số năm, đến hết năm 2026 (mặc định 3: 2024–2026)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "set", cmd_set, "", 0, 0,
	  "ghi một số liệu thực hiện (kiểm tra như khi nhập values.csv)",
	  "Số viết kiểu Việt (1.303,5) hoặc kiểu máy (1303.5); số đọc được hai "
	  "cách (1.302; 2,803) bị từ chối. Ví dụ:\n"
	  "  ktxh set --unit \"Nhơn Hưng\" --indicator VH07 --period 2023 "
	  "--value 88 --status final",
	  { OPT_DB, OPT_UNIT,
	    { "indicator", "CODE", "mã chỉ tiêu", NULL },
	    { "period", "P", "kỳ: 2023, 2023-H1, 2023-Q3, 2023-M09, 2023-9M", NULL },
	    { "value", "X", "giá trị (với tỷ lệ: %; với có/không: 1 hoặc 0)", NULL },
	    { "numerator", "N", "tử số của tỷ lệ", NULL },
	    { "denominator", "D", "mẫu số của tỷ lệ", NULL },
	    { "status", "S", "final (chính thức, mặc định) hoặc estimate (ước)", NULL },
	    { "as-of", "YYYY-MM-DD", "số liệu tính đến ngày", NULL },
	    { "note", "TEXT", "ghi chú", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "eval", cmd_eval, "", 0, 0,
	  "đánh giá kết quả thực hiện chỉ tiêu của một đơn vị trong một kỳ",
	  "Quy tắc đánh giá: docs/evaluation.md. JSON: docs/cli.md.",
	  { OPT_DB, OPT_UNIT,
	    { "year", "Y", "năm kế hoạch", NULL },
	    { "period", "P", "kỳ trong năm (mặc định cả năm): 2023-H1, 2023-Q3, 2023-M09, 2023-9M", NULL },
	    { "format", "F", "text (mặc định), json hoặc csv", NULL },
	    { "near", "PCT", "ngưỡng mức \"đạt từ 90% trở lên\" (mặc định theo thiết lập, 90)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "report", cmd_report, "", 0, 0,
	  "lập báo cáo chính thức (thể thức Nghị định 30/2020) dạng DOCX, PDF, HTML, Markdown, XLSX",
	  "Mọi con số trong báo cáo được tính từ dữ liệu; thuyết minh lấy từ "
	  "`ktxh text`, thiết lập (cơ quan, số, người ký, nơi nhận) từ "
	  "report_settings.csv. Ví dụ:\n"
	  "  ktxh report --unit \"Nhơn Hưng\" --year 2023 --kind annual -o bao-cao.docx\n"
	  "  ktxh report --unit 89 --children --year 2026 --format pdf,docx -o bao-cao-89",
	  { OPT_DB, OPT_UNIT,
	    { "year", "Y", "năm báo cáo", NULL },
	    { "kind", "K", "annual (mặc định), half, nine-months, quarter, month", NULL },
	    { "period", "P", "kỳ: 2023-H2, 2023-Q3, 2023-M09 (quý, tháng: bắt buộc; 6 tháng: mặc định H1)", NULL },
	    { "format", "F", "docx, pdf, html, md, xlsx (mặc định theo đuôi tệp), hoặc all: mọi định dạng, -o là tên chung (OUT.docx, OUT.pdf …)", NULL },
	    { "output", "FILE", "tệp kết quả (-o); html, md: \"-\" là màn hình", "o" },
	    { "date", "YYYY-MM-DD", "ngày ban hành (mặc định theo thiết lập, hoặc hôm nay)", NULL },
	    { "number", "SỐ", "số, ký hiệu văn bản, ví dụ 125/BC-UBND", NULL },
	    { "children", NULL, "báo cáo của đơn vị và của mọi đơn vị trực thuộc còn hiệu lực trong năm: -o là thư mục, tệp MÃ.định_dạng; --format là danh sách (pdf,docx; mặc định docx,pdf)", NULL },
	    { "jobs", "N", "với --children: số báo cáo lập song song (mặc định: số lõi CPU)", "j" },
	    { NULL, NULL, NULL, NULL } } },
	{ "text", cmd_text, "set|get", 1, 1,
	  "ghi hoặc đọc thuyết minh của một lĩnh vực (có trường số liệu sống)",
	  "Phần (--section): mã lĩnh vực (kinh-te …) cho kết quả, nhiem-vu-<mã> cho "
	  "nhiệm vụ kỳ sau, mo-dau, cong-tac-khac, uu-diem, han-che, nguyen-nhan, "
	  "ket-luan. Trường số liệu: {KT06.actual}, {KT06.target}, {KT06.percent}, "
	  "{KT06.band}, {KT06.previous}, {KT06.change}, {KT06.level}, {KT06.uom}, "
	  "{pct:A/B}. Cú pháp: docs/texts.md. Ví dụ:\n"
	  "  ktxh text set --unit 99001 --period 2023 --section kinh-te --file kinh-te.md\n"
	  "  ktxh text get --unit 99001 --period 2023 --section kinh-te",
	  { OPT_DB, OPT_UNIT,
	    { "period", "P", "kỳ: 2023, 2023-H1, 2023-Q3 …", NULL },
	    { "section", "S", "phần thuyết minh", NULL },
	    { "file", "FILE", "đọc nội dung từ tệp (mặc định: đầu vào chuẩn)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "serve", cmd_serve, "", 0, 0,
	  "chạy ứng dụng web (đăng nhập, tổng quan, nhập số liệu, báo cáo …)",
	  "Dừng bằng Ctrl-C hoặc SIGTERM: các yêu cầu đang chạy được làm xong. "
	  "Tạo tài khoản trước bằng ktxh user add. Sau một máy chủ proxy HTTPS "
	  "(nginx) chạy với --behind-proxy; giới hạn và phiên: docs/api.md. Ký số "
	  "và gửi báo cáo lên cấp trên trên web cần --key-file (docs/signing.md).",
	  { OPT_DB,
	    { "listen", "ĐỊA_CHỈ:CỔNG", "nơi nghe (mặc định 127.0.0.1:8080)", NULL },
	    { "threads", "N", "số luồng xử lý (mặc định: số lõi CPU, ít nhất 2)", NULL },
	    { "max-connections", "N", "số kết nối cùng lúc tối đa (mặc định 1000)", NULL },
	    { "max-per-address", "N", "số kết nối tối đa của một địa chỉ (mặc định 1/8 của --max-connections)", NULL },
	    { "max-hashes", "N", "số mật khẩu được kiểm tra cùng lúc tối đa (mặc định: số lõi CPU, ít nhất 2)", NULL },
	    { "behind-proxy", NULL, "tin X-Forwarded-For và X-Forwarded-Proto, chỉ khi kết nối đến từ proxy", NULL },
	    { "proxy", "ĐỊA_CHỈ", "địa chỉ IP của proxy (mặc định 127.0.0.1; kèm theo --behind-proxy)", NULL },
	    { "key-file", "TỆP", "khóa 32 byte mã hóa chứng thư số của các đơn vị (tạo mới, quyền 0600, khi chưa có); không có: không ký số trên web", NULL },
	    { "ca", "TỆP.pem", "các CA tin cậy khi kiểm tra chữ ký của báo cáo gửi lên (mặc định: kho CA của hệ thống)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "user", cmd_user, "add|passwd|list", 1, 1,
	  "tạo tài khoản, đổi mật khẩu (đọc từ đầu vào chuẩn) hoặc liệt kê tài khoản",
	  "Vai trò: admin (quản trị), approver (phê duyệt, khóa kỳ của đơn vị), "
	  "officer (nhập số liệu và thuyết minh của lĩnh vực mình), viewer (xem "
	  "đơn vị mình và các đơn vị cấp dưới). Ví dụ:\n"
	  "  printf '%s\\n' 'mat-khau-dai' | ktxh user add --name can_bo --role "
	  "officer --unit 99001 --sector kinh-te\n"
	  "  printf '%s\\n' 'mat-khau-moi' | ktxh user passwd --name can_bo\n"
	  "Đổi mật khẩu (passwd, hoặc add lại tài khoản đã có) kết thúc mọi phiên "
	  "đăng nhập của tài khoản.",
	  { OPT_DB,
	    { "name", "TÊN", "tên đăng nhập", NULL },
	    { "role", "VAI_TRÒ", "admin, approver, officer hoặc viewer", NULL },
	    OPT_UNIT,
	    { "sector", "MÃ[,MÃ]", "lĩnh vực của cán bộ nhập liệu (officer)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "token", cmd_token, "add", 1, 1,
	  "cấp mã truy cập API cho một tài khoản (in ra một lần)",
	  NULL,
	  { OPT_DB,
	    { "name", "TÊN", "tài khoản", NULL },
	    { "label", "NHÃN", "ghi chú (ví dụ: máy chủ tỉnh)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "check", cmd_check, "TỆP...", 1, CLI_MAXPOS,
	  "kiểm tra số liệu trong báo cáo viết tay (TXT, Markdown, HTML, DOCX, PDF; \"-\": đầu vào chuẩn)",
	  "Tìm các nhận định số liệu (tỷ lệ a/b đạt c%, tổng và các phần, kết quả "
	  "đánh giá chỉ tiêu, tỷ trọng, tăng giảm, diện tích × năng suất) và tính "
	  "lại từng nhận định; đối chiếu các bảng (cột Tỷ lệ với Thực hiện/Kế "
	  "hoạch, dòng và cột Tổng cộng, cột Đánh giá); cảnh báo số viết mơ hồ "
	  "(2,803; 0.06%). PDF: đọc lớp chữ, vị trí ghi tệp:trang:dòng. Quy tắc: "
	  "docs/checker.md. Mã thoát: 0 không có lỗi, 1 có lỗi, 2 lỗi dùng lệnh "
	  "hoặc không đọc được tệp. Ví dụ:\n"
	  "  ktxh check bao-cao.docx\n"
	  "  ktxh check bao-cao.pdf\n"
	  "  ktxh check --format json bao-cao.md | jq .summary",
	  { { "format", "F", "text (mặc định) hoặc json", NULL },
	    { "all", NULL, "text: in cả nhận định đúng và chưa kiểm được", NULL },
	    { "truncate", NULL, "chấp nhận cả số phần trăm bị cắt bớt thay vì làm tròn (117,865… viết 117,86)", NULL },
	    { "jobs", "N", "số luồng kiểm tra song song (mặc định: số lõi CPU; kết quả như nhau với mọi N)", "j" },
	    { NULL, NULL, NULL, NULL } } },
	{ "extract", cmd_extract, "TỆP", 1, 1,
	  "lấy các cặp thực hiện/kế hoạch và tỷ lệ trong báo cáo ra CSV để rà soát rồi nhập",
	  "Mỗi dòng: dòng trong tệp, loại, mã chỉ tiêu (để trống, người rà soát "
	  "điền), cụm từ chỉ tiêu, đơn vị tính, thực hiện, kế hoạch, tỷ lệ % đã "
	  "ghi, lời văn. Cách chuyển sang values.csv và targets.csv: "
	  "docs/checker.md. Ví dụ:\n"
	  "  ktxh extract bao-cao-2023.docx > rasoat.csv",
	  { { "format", "F", "csv (mặc định, duy nhất)", NULL },
	    { "jobs", "N", "số luồng đọc song song (mặc định: số lõi CPU; kết quả như nhau với mọi N)", "j" },
	    { NULL, NULL, NULL, NULL } } },
	{ "backup", cmd_backup, "TỆP", 1, 1,
	  "sao lưu toàn bộ cơ sở dữ liệu vào một tệp, kể cả khi máy chủ đang chạy",
	  "Bản sao nhất quán (API sao lưu trực tuyến của SQLite), được kiểm tra "
	  "tính toàn vẹn; không ghi đè tệp có sẵn. Ví dụ:\n"
	  "  ktxh backup --db phuong.db sao-luu-2024-12-31.db",
	  { OPT_DB, { NULL, NULL, NULL, NULL } } },
	{ "restore", cmd_restore, "TỆP", 1, 1,
	  "khôi phục cơ sở dữ liệu từ một bản sao lưu của ktxh backup",
	  "Bản sao lưu được kiểm tra trước khi chép. Không ghi đè cơ sở dữ liệu "
	  "đã có, trừ khi thêm --force. Ví dụ:\n"
	  "  ktxh restore --db phuong.db sao-luu-2024-12-31.db",
	  { OPT_DB,
	    { "force", NULL, "thay toàn bộ dữ liệu của cơ sở dữ liệu đã có", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "audit", cmd_audit, "verify", 1, 1,
	  "kiểm tra nhật ký thay đổi: không mục nào bị sửa, chèn hay xóa",
	  "Mỗi mục nhật ký mang mã băm SHA-256 của mục trước và của chính nó; "
	  "lệnh đi hết chuỗi và chỉ ra mục đầu tiên bị sửa, chèn hoặc xóa (mã thoát "
	  "1). Ghi lại mã băm cuối ở nơi khác (giấy tờ, thư gửi cấp trên) để phát "
	  "hiện cả việc viết lại toàn bộ chuỗi.",
	  { OPT_DB, { NULL, NULL, NULL, NULL } } },
	{ "sign", cmd_sign, "TỆP.pdf", 1, 1,
	  "ký số một báo cáo PDF (PAdES B-B): thêm chữ ký, giữ nguyên các byte gốc",
	  "Chữ ký CMS (SHA-256, kèm chuỗi chứng thư) được nối vào cuối tệp như "
	  "một lần cập nhật; ô chữ ký hiện ở góc dưới bên phải trang cuối. Chỉ "
	  "ký tệp PDF bảng tham chiếu cổ điển (như ktxh report viết). "
	  "docs/signing.md. Ví dụ:\n"
	  "  ktxh sign --cert chu-tich.p12 --pass-file mk.txt bao-cao.pdf -o "
	  "bao-cao-da-ky.pdf\n"
	  "  ktxh sign --pkcs11 'pkcs11:token=UBND;object=chu-tich' --pass-file "
	  "pin.txt bao-cao.pdf -o bao-cao-da-ky.pdf",
	  { { "cert", "TỆP.p12", "chứng thư số và khóa riêng của người ký (PKCS#12)", NULL },
	    { "pkcs11", "URI", "hoặc khóa trên thiết bị ký USB (PKCS#11): pkcs11:token=TÊN;object=NHÃN[?module-path=THƯ_VIỆN.so]", NULL },
	    { "pass-file", "TỆP", "tệp có mật khẩu của --cert (hoặc mã PIN của --pkcs11) ở dòng đầu (mặc định: không mật khẩu)", NULL },
	    { "output", "TỆP", "tệp PDF đã ký (-o)", "o" },
	    { NULL, NULL, NULL, NULL } } },
	{ "verify", cmd_verify, "TỆP.pdf", 1, 1,
	  "kiểm tra chữ ký số của một tệp PDF: người ký, thời điểm, nguyên vẹn, chuỗi tin cậy",
	  "Mã thoát: 0 hợp lệ, 1 không hợp lệ (nội dung bị sửa, có phần nối thêm "
	  "sau khi ký, chứng thư không tin cậy hoặc hết hạn), 2 không đọc được "
	  "tệp. Ví dụ:\n"
	  "  ktxh verify --ca ca-tinh.pem bao-cao-da-ky.pdf",
	  { { "ca", "TỆP.pem", "các CA tin cậy (mặc định: kho CA của hệ thống)", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "bundle", cmd_bundle, "create|verify|import [TỆP.ktxh]", 1, 2,
	  "gói số liệu và báo cáo đã ký của một kỳ để gửi cấp trên không cần mạng",
	  "create: số liệu, chỉ tiêu, thuyết minh của kỳ (định dạng nhập CSV, kèm "
	  "danh mục), báo cáo PDF đã ký, bảng kê SHA-256 đã ký, trong một tệp "
	  "zip. verify: kiểm tra từng tệp và chữ ký, chỉ ra tệp bị sửa, thêm, "
	  "xóa. import: kiểm tra rồi nhập toàn bộ hoặc không gì cả. "
	  "docs/signing.md. Ví dụ:\n"
	  "  ktxh bundle create --db xa.db --unit 99001 --period 2023 --cert "
	  "chu-tich.p12 --pass-file mk.txt -o nhon-hung-2023.ktxh\n"
	  "  ktxh bundle verify --ca ca-tinh.pem nhon-hung-2023.ktxh\n"
	  "  ktxh bundle import --db tinh.db --ca ca-tinh.pem nhon-hung-2023.ktxh",
	  { OPT_DB, OPT_UNIT,
	    { "period", "P", "kỳ: 2023, 2023-H1, 2023-Q3, 2023-M09, 2023-9M", NULL },
	    { "cert", "TỆP.p12", "chứng thư số và khóa riêng của người ký (create)", NULL },
	    { "pkcs11", "URI", "hoặc khóa trên thiết bị ký USB (create; xem ktxh sign --help)", NULL },
	    { "pass-file", "TỆP", "tệp có mật khẩu của --cert (hoặc mã PIN của --pkcs11) ở dòng đầu", NULL },
	    { "output", "TỆP", "tệp gói (-o, create)", "o" },
	    { "ca", "TỆP.pem", "các CA tin cậy (verify, import): có thì chuỗi chứng thư phải tin cậy", NULL },
	    { NULL, NULL, NULL, NULL } } },
	{ "help", cmd_help, "[LỆNH]", 0, 1,
	  "hướng dẫn chung, hoặc của một lệnh",
	  NULL,
	  { { NULL, NULL, NULL, NULL } } },
	{ "version", cmd_version, "", 0, 0,
	  "in phiên bản",
	  NULL,
	  { { NULL, NULL, NULL, NULL } } },
	{ NULL, NULL, NULL, 0, 0, NULL, NULL, { { NULL, NULL, NULL, NULL } } }
};

int
main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
