#!/bin/sh
# test_check_tables.sh: `ktxh check` on tables and on PDF.
#  1. A table of plan / actual / ratio figures with a "Tổng cộng" row is
#     written by the python below in Markdown and HTML, with one ratio cell
#     and one total cell altered; LibreOffice makes DOCX and PDF of the
#     HTML. In every form, exactly two errors: the altered ratio (at its row,
#     in the ratio column, with the ratio recomputed) and the altered total
#     (at the total row, in its column, with the column's sum). The expected
#     rows, columns and figures come from the alteration, not from ktxh.
#  2. ktxh's own report: its appendix table read from the PDF's glyph
#     positions, every ratio confirmed, no error; one ratio cell of the
#     Markdown appendix altered gives one error at that row.
#  3. Bands of an "Đánh giá" column against a tally table.
#  4. PDF without text (a scan) and a broken PDF: a Vietnamese message,
#     exit 2. ktxh extract reads PDF. Same output on 1 and 3 threads.
#  5. The reference document as text and as PDF (LibreOffice): the same two
#     errors, the PDF's with their pages. Skipped (exit 77, once the rest
#     has passed) when ../shared is absent.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }
command -v soffice >/dev/null 2>&1 || { echo "skip: LibreOffice (soffice) is needed"; exit 77; }

SEED=${SEED:-$ROOT/../shared/seed/ke-hoach-ktxh-2024-nhon-hung.txt}

run() {
	expect_rc "$@"
	if grep -qE "Sanitizer|runtime error:" "$T/err"; then
		bad "sanitizer report from: $*"; sed 's/^/  err: /' "$T/err" | head -20
	fi
}

# lo FORMAT FILE: LibreOffice converts FILE (into $T), with its own profile
# so that another LibreOffice running on the machine does not get in the way.
lo() {
	(cd "$T" && soffice -env:UserInstallation="file://$T/lo-profile" --headless \
	    --convert-to "$1" "$2" >/dev/null 2>&1) || bad "soffice --convert-to $1 $2"
}

pycheck() { # JSON PROGRAM [ARGS…]
	_j=$1; _p=$2; shift 2
	if ! python3 -c "$_p" "$_j" "$@" >"$T/py" 2>"$T/pyerr"; then
		bad "python check on $_j failed"; sed 's/^/  py: /' "$T/pyerr" | tail -5
	fi
	while IFS= read -r line; do
		case $line in
		OK*) ok ;;
		BAD*) bad "${line#BAD }" ;;
		esac
	done <"$T/py"
}

PYLIB='
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
F = [f for fl in d["files"] for f in fl["findings"]]
E = [f for f in F if f["verdict"] == "error"]
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
'

# ---- 1. a table with one wrong ratio and one wrong total ------------------------
# The table, its alterations and what each form must report, in fixture.json.
python3 - "$T" <<'EOF'
import json, sys
from decimal import Decimal, ROUND_HALF_UP
t = sys.argv[1]
def vn(x, dec):
    q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)
    s = format(q, "f"); ip, _, fp = s.partition(".")
    fp = fp.rstrip("0")
    g = ""
    while len(ip) > 3:
        g = "." + ip[-3:] + g; ip = ip[:-3]
    return ip + g + ("," + fp if fp else "")
rows = [("Thuế công thương nghiệp ngoài quốc doanh", 1200, 1350),
        ("Lệ phí trước bạ", 300.5, 250),
        ("Thu tiền sử dụng đất", 500, 480),
        ("Thu khác ngân sách", 145, 162.5),
        ("Thu từ quỹ đất công ích", 80, 64)]
BAD_RATIO_ROW = 3                  # 1-based row of the body
BAD_TOTAL_COL = 3                  # 0-based: "Thực hiện"
head = ["STT", "Nội dung", "Kế hoạch (triệu đồng)", "Thực hiện (triệu đồng)", "Tỷ lệ % so KH"]
body = []
for i, (name, plan, actual) in enumerate(rows, 1):
    pct = vn(actual / plan * 100, 2) + "%"
    body.append([str(i), name, vn(plan, 1), vn(actual, 1), pct])
right_ratio = body[BAD_RATIO_ROW - 1][4]
wrong_ratio = vn(rows[BAD_RATIO_ROW - 1][2] / rows[BAD_RATIO_ROW - 1][1] * 100 + 7, 2) + "%"
body[BAD_RATIO_ROW - 1][4] = wrong_ratio
sp = sum(r[1] for r in rows); sa = sum(r[2] for r in rows)
right_total = vn(sa, 1); wrong_total = vn(sa + 10, 1)
# The total row's ratio agrees with the total as written: only the total
# is wrong.
body.append(["", "Tổng cộng", vn(sp, 1), wrong_total, vn((sa + 10) / sp * 100, 2) + "%"])
caption = "Bảng 2. Kết quả thu ngân sách nhà nước trên địa bàn năm 2023"
after = "Các khoản thu được quản lý chặt chẽ, đúng quy định."
md = [caption, "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
md += ["| " + " | ".join(r) + " |" for r in body]
md += ["", after, ""]
open(t + "/tbl.md", "w", encoding="utf-8").write("\n".join(md))
esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;")
h = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>Bảng</title></head><body>',
     "<p>" + esc(caption) + "</p>", '<table border="1">',
     "<tr>" + "".join("<th>" + esc(c) + "</th>" for c in head) + "</tr>"]
h += ["<tr>" + "".join("<td>" + esc(c) + "</td>" for c in r) + "</tr>" for r in body]
h += ["</table>", "<p>" + esc(after) + "</p>", "</body></html>"]
open(t + "/tbl.html", "w", encoding="utf-8").write("\n".join(h))
json.dump({"ratio_row": BAD_RATIO_ROW, "ratio_col": head[4], "wrong_ratio": wrong_ratio,
           "right_ratio": right_ratio, "ratio_line": 4 + BAD_RATIO_ROW,
           "total_row": len(rows) + 1, "total_col": head[BAD_TOTAL_COL],
           "wrong_total": wrong_total, "right_total": right_total,
           "total_line": 4 + len(rows) + 1},
          open(t + "/fixture.json", "w", encoding="utf-8"))
EOF
lo 'docx:MS Word 2007 XML' tbl.html
lo pdf tbl.html
for f in tbl.md tbl.html tbl.docx tbl.pdf; do
	run 1 "$K" check --format json "$T/$f"
	cp "$T/out" "$T/$f.json"
	pycheck "$T/$f.json" "$PYLIB"'
x = json.load(open(sys.argv[2], encoding="utf-8"))
name = sys.argv[3]
check(len(E) == 2, "%s: exactly two errors (got %r)" % (name, E))
r = [f for f in E if f["kind"] == "ratio"]
check(len(r) == 1, "%s: one ratio error" % name)
if r:
    f = r[0]
    check(f.get("table") == 1 and f.get("row") == x["ratio_row"] and f.get("column") == x["ratio_col"],
          "%s: the ratio error at table 1, row %d, column %s (got %r)" % (name, x["ratio_row"], x["ratio_col"], f))
    check(f["stated"] == x["wrong_ratio"] and f["computed"] == x["right_ratio"],
          "%s: ratio %s recomputed as %s (got %s, %s)" % (name, x["wrong_ratio"], x["right_ratio"], f["stated"], f["computed"]))
s = [f for f in E if f["kind"] == "parts"]
check(len(s) == 1, "%s: one column-sum error" % name)
if s:
    f = s[0]
    check(f.get("table") == 1 and f.get("row") == x["total_row"] and f.get("column") == x["total_col"],
          "%s: the sum error at table 1, row %d, column %s (got %r)" % (name, x["total_row"], x["total_col"], f))
    check(f["stated"] == x["wrong_total"] and f["computed"] == x["right_total"],
          "%s: total %s, the rows give %s (got %s, %s)" % (name, x["wrong_total"], x["right_total"], f["stated"], f["computed"]))
    check(f.get("row_label") == "Tổng cộng", "%s: the sum error names the row Tổng cộng" % name)
if name == "tbl.md":
    check([f["line"] for f in E] == [x["ratio_line"], x["total_line"]], "%s: errors at lines %d and %d" % (name, x["ratio_line"], x["total_line"]))
if name == "tbl.pdf":
    check(all(f.get("page", 0) >= 1 for f in E), "%s: errors carry their page" % name)
oks = [f for f in F if f["verdict"] == "ok" and f.get("table") == 1 and f["kind"] == "ratio"]
check(len(oks) == 5, "%s: the other five ratios (total row included) confirmed (got %d)" % (name, len(oks)))
' "$T/fixture.json" "$f"
done
# The text form names table, row and column in Vietnamese.
run 1 "$K" check "$T/tbl.md"
has "$T/out" "bảng 1, dòng 3 (3 Thu tiền sử dụng đất), cột “Tỷ lệ % so KH”"
has "$T/out" "bảng 1, dòng 6 (Tổng cộng), cột “Thực hiện (triệu đồng)”: tổng 5 dòng bên trên là"
run 1 "$K" check "$T/tbl.pdf"
if grep -qE '^[^:]*tbl\.pdf:[0-9]+:[0-9]+: lỗi: bảng 1, dòng 3 ' "$T/out"; then ok; else bad "tbl.pdf: text output as file:page:line"; cat "$T/out"; fi

# A cell that is not a figure is skipped, and a ratio whose columns cannot
# be told (two "Thực hiện" sides of "So sánh") is not judged.
cat >"$T/skip.md" <<'EOF'
| STT | Chỉ tiêu | Kế hoạch | Thực hiện | Tỷ lệ % |
| --- | --- | --- | --- | --- |
| 1 | Trồng cây phân tán | định tính | đạt | 50% |
| 2 | Diện tích lúa | - | 1.200 | 90% |
| 3 | Số hộ được hỗ trợ | 40 | 40 | |

| Chỉ tiêu | Năm 2022 | Năm 2023 | So sánh (%) |
| --- | --- | --- | --- |
| Sản lượng lúa | 8.000 | 8.400 | 1.234,5 |
EOF
run 0 "$K" check --format json "$T/skip.md"
pycheck "$T/out" "$PYLIB"'
check(d["summary"]["errors"] == 0 and d["summary"]["warnings"] == 0, "skip.md: nothing concluded (got %r)" % [f for f in F if f["verdict"] != "ok"])
'

# ---- 2. ktxh's own report ---------------------------------------------------------
DB=$T/ex.db
newdb "$DB" "$ROOT/data/nhon-hung"
run 0 "$K" report --db "$DB" --unit "Nhơn Hưng" --year 2023 --format pdf -o "$T/bc.pdf"
run 0 "$K" report --db "$DB" --unit "Nhơn Hưng" --year 2023 --format md -o "$T/bc.md"
run 0 "$K" check --format json "$T/bc.pdf"
pycheck "$T/out" "$PYLIB"'
check(d["summary"]["errors"] == 0 and d["summary"]["warnings"] == 0, "bc.pdf: no error, no warning (got %r)" % [f for f in F if f["verdict"] != "ok" and f["verdict"] != "not verifiable"])
rows = [f for f in F if f["kind"] == "ratio" and f["verdict"] == "ok" and f.get("table")]
check(len(rows) >= 14, "bc.pdf: at least 14 ratios of the appendix read from the PDF and confirmed (got %d)" % len(rows))
check(all(f["column"] == "Tỷ lệ % so KH" and f["page"] >= 2 for f in rows), "bc.pdf: in column Tỷ lệ % so KH, with a page")
six = [f for f in rows if f["row_label"].startswith("6 Số cây lâm nghiệp")]
check(len(six) == 1 and six[0]["stated"] == "262,22%", "bc.pdf: row of indicator 6 read whole (got %r)" % six)
'
# One ratio of the Markdown appendix altered: 262,22% -> 226,22% in the row
# of indicator 6; its row in the table body is counted here.
python3 - "$T/bc.md" "$T/bc-bad.md" "$T/bad.json" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
body = None; out = []; want = None
for i, l in enumerate(lines):
    if l.startswith("| STT |"):
        body = 0
    elif body is not None and l.startswith("|") and not l.startswith("| :---"):
        body += 1
        if l.startswith("| 6 |"):
            assert "262,22%" in l
            l = l.replace("262,22%", "226,22%")
            want = {"line": i + 1, "row": body}
    elif body is not None and not l.startswith("|"):
        body = None
    out.append(l)
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(out))
json.dump(want, open(sys.argv[3], "w"))
EOF
run 1 "$K" check --format json "$T/bc-bad.md"
pycheck "$T/out" "$PYLIB"'
w = json.load(open(sys.argv[2]))
check(len(E) == 1, "bc-bad.md: one error (got %r)" % E)
f = E[0] if E else {}
check(f.get("line") == w["line"] and f.get("row") == w["row"] and f.get("column") == "Tỷ lệ % so KH"
      and f.get("stated") == "226,22%" and f.get("computed") == "262,22%",
      "bc-bad.md: 226,22%% at line %d, row %d, recomputed 262,22%% (got %r)" % (w["line"], w["row"], f))
' "$T/bad.json"

# ---- 3. bands against a tally ------------------------------------------------------
cat >"$T/tally.md" <<'EOF'
| STT | Chỉ tiêu | Kế hoạch | Thực hiện | Tỷ lệ % | Đánh giá |
| --- | --- | --- | --- | --- | --- |
| 1 | Trồng cây phân tán | 4.500 | 11.800 | 262,22% | Vượt |
| 2 | Diện tích lúa | 1.303,5 | 1.302 | 99,88% | Đạt từ 90% trở lên |
| 3 | Thu ngân sách | 340 | 177 | 52,06% | Không đạt |
| 3.1 | Thu thuế | 200 | 100 | 50% | Không đạt |
| 4 | Hộ dùng điện | 100 | 100 | 100% | Đạt |

| Đánh giá | Số chỉ tiêu |
| --- | --- |
| Vượt | 2 |
| Đạt | 1 |
| Đạt từ 90% trở lên | 1 |
| Không đạt | 1 |
EOF
run 1 "$K" check --format json "$T/tally.md"
pycheck "$T/out" "$PYLIB"'
# Rows 1-4 count (3.1 is a sub-row): 1 vượt, 1 đạt, 1 đạt từ 90%, 1 không đạt.
check(len(E) == 1 and E[0]["kind"] == "tally" and E[0]["table"] == 2 and E[0]["line"] == 11
      and E[0]["stated"].startswith("2 vượt, 1 đạt, 1 đạt từ 90% trở lên, 1 không đạt")
      and E[0]["computed"].startswith("1 vượt, 1 đạt, 1 đạt từ 90% trở lên, 1 không đạt"),
      "tally.md: the tally table says 2 vượt, the rows 1 (got %r)" % E)
'
sed -i 's/| Vượt | 2 |/| Vượt | 1 |/' "$T/tally.md"
run 0 "$K" check --format json "$T/tally.md"
pycheck "$T/out" "$PYLIB"'
t = [f for f in F if f["kind"] == "tally"]
check(len(t) == 1 and t[0]["verdict"] == "ok", "tally.md: corrected tally confirmed (got %r)" % t)
'

# ---- 4. PDFs that cannot be read; extract; threads ----------------------------------
# A valid PDF with one page and no text: what a scan gives.
python3 - "$T/scan.pdf" <<'EOF'
import sys
objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length 20 >>\nstream\n0 0 m 100 100 l S\nendstream"]
out = b"%PDF-1.4\n"; offs = []
for i, o in enumerate(objs, 1):
    offs.append(len(out)); out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
x = len(out)
out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
out += b"".join(b"%010d 00000 n \n" % o for o in offs)
out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, x)
open(sys.argv[1], "wb").write(out)
EOF
run 2 "$K" check "$T/scan.pdf"
has "$T/err" "không có lớp chữ"
printf '%%PDF-1.4\nnot really\n' >"$T/broken.pdf"
run 2 "$K" check "$T/broken.pdf"
has "$T/err" "không đọc được tệp PDF"
run 0 "$K" extract "$T/tbl.pdf"
has "$T/out" "line,kind,indicator"
run 1 "$K" check --jobs 1 --format json "$T/bc.pdf" "$T/tbl.pdf"
cp "$T/out" "$T/j1"
run 1 "$K" check --jobs 3 --format json "$T/bc.pdf" "$T/tbl.pdf"
if cmp -s "$T/out" "$T/j1"; then ok; else bad "PDF: different output on 1 and 3 threads"; fi

# ---- 5. the reference document as text and as PDF ----------------------------------
if [ ! -f "$SEED" ]; then
	echo "skip: no reference document at $SEED"
	finish || exit 1
	exit 77
fi
cp "$SEED" "$T/seed.txt"
lo pdf seed.txt
run 1 "$K" check --format json "$T/seed.txt"
cp "$T/out" "$T/seed.txt.json"
run 1 "$K" check --format json "$T/seed.pdf"
pycheck "$T/out" "$PYLIB"'
t = json.load(open(sys.argv[2], encoding="utf-8"))
TE = [f for fl in t["files"] for f in fl["findings"] if f["verdict"] == "error"]
check(len(TE) == 2, "seed.txt: exactly two errors (got %d)" % len(TE))
key = lambda f: (f["kind"], f["stated"], f["computed"])
check(sorted(map(key, E)) == sorted(map(key, TE)), "seed.pdf: the same errors as seed.txt (got %r, want %r)" % (sorted(map(key, E)), sorted(map(key, TE))))
check(all(f.get("page", 0) >= 1 and f["line"] >= 1 for f in E), "seed.pdf: errors with page and line (got %r)" % [(f.get("page"), f["line"]) for f in E])
' "$T/seed.txt.json"
run 1 "$K" check "$T/seed.pdf"
if [ "$(grep -cE 'seed\.pdf:[0-9]+:[0-9]+: lỗi: ' "$T/out")" = 2 ]; then ok; else bad "seed.pdf: two errors as file:page:line"; cat "$T/out"; fi
run 0 "$K" extract "$T/seed.pdf"
has "$T/out" ",11800,4500,226.22,"
finish
