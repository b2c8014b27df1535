#!/bin/sh
# test_check_cli.sh: the command-line contract of `ktxh check` and
# `ktxh extract`: exit statuses (0 no error, 1 an error, 2 usage or I/O),
# stdin as "-", several files, the exact JSON shape, text lines
# "tệp:dòng:cột: …", a DOCX and a broken one, NFD text, invalid UTF-8 and NUL
# bytes, a 1 MB line and a 12 MB one, memory that does not grow with the input, and
# `ktxh extract` whose CSV, mapped as docs/checker.md says, imports into a
# database whose evaluation gives back the report's figures.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }

run() {
	expect_rc "$@"
	if grep -qE "Sanitizer|runtime error:" "$T/err"; then
		bad "sanitizer report from: $*"; sed 's/^/  err: /' "$T/err" | head -20
	fi
}
pycheck() {
	if ! python3 -c "$2" "$1" >"$T/py" 2>"$T/pyerr"; then
		bad "python check on $1 failed"; sed 's/^/  py: /' "$T/pyerr" | tail -5
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
raw = open(sys.argv[1], "rb").read()
d = json.loads(raw.decode("utf-8"))
F = [f for fl in d["files"] for f in fl["findings"]]
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
'

WRONG="Trồng cây phân tán 11.800 cây/4.500 cây, đạt 226,22% kế hoạch."
RIGHT="Liên kết sản xuất 658 ha/648 ha, đạt 101,54% kế hoạch."
printf '%s\n' "$WRONG" >"$T/wrong.txt"
printf '%s\n' "$RIGHT" >"$T/right.md"

# ---- usage and I/O errors: exit 2 ----------------------------------------------
run 2 "$K" check
run 2 "$K" check --format xml "$T/right.md"
has "$T/err" "--format"
run 2 "$K" check "$T/none.txt"
has "$T/err" "none.txt"
run 2 "$K" check "$T"
run 2 "$K" extract
run 2 "$K" extract --format json "$T/right.md"
# an I/O error among good files: the others are still checked, exit 2
run 2 "$K" check "$T/wrong.txt" "$T/none.txt"
has "$T/out" "226,22%"
# help comes from the command table
run 0 "$K" --help
has "$T/out" "check"
has "$T/out" "extract"
run 0 "$K" check --help
has "$T/out" "--truncate"

# ---- exit 0 / 1, stdin, several files --------------------------------------------
run 0 "$K" check "$T/right.md"
run 1 "$K" check "$T/wrong.txt"
has "$T/out" "wrong.txt:1:"
has "$T/out" "lỗi: 11.800/4.500 = 262,22%, không phải 226,22% — sửa thành 262,22%"
printf '%s\n' "$WRONG" | "$K" check - >"$T/out" 2>"$T/err"
eq "$?" 1 "stdin exit"
has "$T/out" "<stdin>:1:"
printf '%s\n' "$RIGHT" | "$K" check - >"$T/out" 2>"$T/err"
eq "$?" 0 "stdin exit, right"

# ---- the JSON, exactly -----------------------------------------------------------
run 1 "$K" check --format json "$T/right.md" "$T/wrong.txt"
cp "$T/out" "$T/two.json"
pycheck "$T/two.json" "$PYLIB"'
check(set(d) == {"files", "summary"}, "top-level keys: %r" % sorted(d))
check(set(d["summary"]) == {"claims", "errors", "warnings"}, "summary keys: %r" % sorted(d["summary"]))
check([set(f) for f in d["files"]] == [{"path", "findings"}] * 2, "file keys")
check(d["files"][0]["path"].endswith("right.md") and d["files"][1]["path"].endswith("wrong.txt"), "paths in order")
KEYS = {"line", "col", "kind", "text", "stated", "computed", "verdict", "suggestion"}
check(all(set(f) == KEYS for f in F), "finding keys: %r" % [sorted(f) for f in F])
check(all(f["verdict"] in ("error", "warning", "ok", "not verifiable") for f in F), "verdicts")
check(all(isinstance(f["line"], int) and isinstance(f["col"], int) for f in F), "line, col are integers")
check(d["summary"] == {"claims": 2, "errors": 1, "warnings": 0}, "summary %r" % d["summary"])
e = [f for f in F if f["verdict"] == "error"][0]
want = "%.2f" % (11800 / 4500 * 100)
check(e["computed"] == want.replace(".", ",") + "%", "computed %r" % e["computed"])
check(e["col"] == "'"$WRONG"'".index("226,22%") + 1, "col in characters: %r" % e["col"])
check(e["kind"] == "ratio" and e["stated"] == "226,22%" and e["suggestion"] == "viết " + e["computed"], "error fields %r" % e)
'

# ---- --truncate -----------------------------------------------------------------------
printf 'Thực hiện 1.049/890 trường hợp, đạt 117,86%%.\n' >"$T/cut.txt"
run 1 "$K" check "$T/cut.txt"
run 0 "$K" check --truncate "$T/cut.txt"

# ---- DOCX: one written by ktxh, and a broken one ---------------------------------------
DB=$(db ex)
newdb "$DB" "$ROOT/data/nhon-hung"
run 0 "$K" report --db "$DB" --unit "Nhơn Hưng" --year 2023 --format docx -o "$T/r.docx"
run 0 "$K" check --format json "$T/r.docx"
pycheck "$T/out" "$PYLIB"'
check(d["summary"]["claims"] >= 20 and d["summary"]["errors"] == 0, "DOCX read: %r" % d["summary"])
'
printf 'PK\003\004 not a zip' >"$T/broken.docx"
run 2 "$K" check "$T/broken.docx"
has "$T/err" "broken.docx"

# ---- NFD reads as NFC; invalid UTF-8 and NUL bytes ------------------------------------
python3 -c '
import sys, unicodedata
s = "Hộ nghèo 07 hộ, chiếm 0,42%; hộ cận nghèo 21 hộ, chiếm 2,27%. Trồng 11.800 cây/4.500 cây, đạt 226,22%.\n"
open(sys.argv[1], "w", encoding="utf-8").write(unicodedata.normalize("NFD", s))
open(sys.argv[2], "w", encoding="utf-8").write(s)
' "$T/nfd.txt" "$T/nfc.txt"
run 1 "$K" check --format json "$T/nfd.txt"
sed 's/nfd.txt/X/' "$T/out" >"$T/nfd.json"
run 1 "$K" check --format json "$T/nfc.txt"
sed 's/nfc.txt/X/' "$T/out" >"$T/nfc.json"
if cmp -s "$T/nfd.json" "$T/nfc.json"; then ok; else bad "NFD and NFC give different findings"; fi
printf 'Tr\377ng \000 11.800/4.500 c\303\x20y, \341\273 \300\257 đạt 226,22%%.\n\377\376\n' >"$T/bad.txt"
run 1 "$K" check --format json "$T/bad.txt"
cp "$T/out" "$T/bad.json"
pycheck "$T/bad.json" "$PYLIB"'
check(d["summary"]["errors"] == 1, "invalid bytes around a claim: still found")
check(all("\ufffd" not in f["text"] for f in F), "no replacement characters leak in")
'

# ---- a 1 MB line, a 12 MB line, and memory that does not grow with the input -----------
python3 -c '
import sys
claim = " Trồng 11.800 cây/4.500 cây, đạt 226,22%."
fill = "Tổ dân phố số 7 phối hợp tuyên truyền "
line = (fill * (1048576 // len(fill.encode()) + 1))
open(sys.argv[1], "w", encoding="utf-8").write(line + claim + "\n")
print(len(line) + claim.index("226,22%") + 1)
' "$T/long.txt" >"$T/col"
run 1 "$K" check --format json "$T/long.txt"
pycheck "$T/out" "$PYLIB"'
e = [f for f in F if f["verdict"] == "error"]
check(len(e) == 1 and e[0]["line"] == 1, "1 MB line: the claim at its end is found")
check(e and e[0]["col"] == int(open("'"$T/col"'").read()), "1 MB line: its column in characters")
'
if [ -x /usr/bin/time ]; then
	python3 -c '
import sys
para = open(sys.argv[1], encoding="utf-8").read()
w = open(sys.argv[2], "w", encoding="utf-8")
for i in range(4000):
    w.write(para.replace("Tân Phú", "Tân Phú %d" % i))
w.close()
w = open(sys.argv[3], "w", encoding="utf-8")
for i in range(40000):
    w.write(para.replace("Tân Phú", "Tân Phú %d" % i))
w.close()
# one 12 MB line without a newline: three pieces of the reader
w = open(sys.argv[4], "w", encoding="utf-8")
w.write(para.replace("\n", " ") * 8000)
w.close()
' "$ROOT/tests/check-corpus/ratio.txt" "$T/small.txt" "$T/big.txt" "$T/oneline.txt"
	# (a sanitizer build keeps freed blocks in quarantine: keep it small
	# here, so that the RSS shows what the checker itself holds)
	for f in small big oneline; do
		ASAN_OPTIONS="${ASAN_OPTIONS:-}:quarantine_size_mb=4" \
		    /usr/bin/time -f %M -o "$T/$f.rss" "$K" check "$T/$f.txt" >/dev/null 2>"$T/$f.err"
		rc=$?
		if [ "$rc" -gt 1 ]; then bad "check $f.txt exited $rc"; sed 's/^/  /' "$T/$f.err" | head -5; fi
	done
	small=$(tail -n 1 "$T/small.rss"); big=$(tail -n 1 "$T/big.rss"); one=$(tail -n 1 "$T/oneline.rss")
	echo "max RSS: $small KB for $(wc -c <"$T/small.txt") bytes, $big KB for $(wc -c <"$T/big.txt") bytes, $one KB for a $(wc -c <"$T/oneline.txt")-byte line"
	# ten times the input, at most 16 MB more memory; a line longer than
	# the reader's 4 MB pieces, at most 48 MB more
	if [ "$big" -le $((small + 16384)) ]; then ok; else bad "memory grows with the input: $small KB -> $big KB"; fi
	if [ "$one" -le $((small + 49152)) ]; then ok; else bad "a long line takes $one KB"; fi
else
	echo "skip: no /usr/bin/time for the memory checks"
fi

# ---- several threads: documents ("# " titles) checked at once, same output -------------
# 400 documents of the corpus, each with its own title, and in the middle one
# document of about 3 MB (longer than a reader's block of 1 MB) whose first
# paragraph comes back at its end: a repeat across blocks of one document.
# The first paragraph of document 1 also comes back in document 2, where it
# is not a repeat: a title starts a new document.
python3 -c '
import sys
# (clean.txt has titles of its own: "## " keeps them inside the document)
corpus = [("\n" + open(p, encoding="utf-8").read()).replace("\n# ", "\n## ")[1:]
          for p in sys.argv[2:]]
rep = "Đoạn lặp lại để thử: toàn xã trồng được 7.250 cây/5.000 cây, đạt 145% kế hoạch năm, vượt chỉ tiêu đề ra."
out, line, marks = [], 1, {}
def put(s):
    global line
    out.append(s)
    line += s.count("\n")
for i in range(400):
    put("# Báo cáo số %d\n\n" % i)
    if i in (1, 2):
        marks["doc%d" % i] = line
        put(rep + "\n\n")
    if i == 200:
        marks["big_first"] = line
        put(rep + "\n\n")
        for k in range(2500):
            put(corpus[k % len(corpus)].replace("Tân Phú", "Tân Phú %d" % k) + "\n")
        marks["big_last"] = line
        put(rep + "\n\n")
    put(corpus[i % len(corpus)])
open(sys.argv[1], "w", encoding="utf-8").write("".join(out))
open(sys.argv[1] + ".marks", "w").write(" ".join("%s=%d" % kv for kv in marks.items()))
' "$T/docs.md" "$ROOT"/tests/check-corpus/*.txt
run 1 "$K" check --jobs 1 --format json "$T/docs.md"
cp "$T/out" "$T/docs.j1"
run 1 "$K" check --jobs 3 --format json "$T/docs.md"
cp "$T/out" "$T/docs.j3"
if cmp -s "$T/docs.j1" "$T/docs.j3"; then ok; else bad "--jobs 3 and --jobs 1 give different output"; fi
run 1 sh -c "\"\$0\" check -j 2 --format json - < \"\$1\"" "$K" "$T/docs.md"
sed 's/"path":"<stdin>"/"path":"'"$(printf '%s' "$T/docs.md" | sed 's/[\/&]/\\&/g')"'"/' "$T/out" >"$T/docs.stdin"
if cmp -s "$T/docs.j1" "$T/docs.stdin"; then ok; else bad "stdin on 2 threads differs from the file on 1"; fi
run 1 "$K" check --jobs 2 "$T/docs.md"
cp "$T/out" "$T/docs.t2"
run 1 "$K" check --jobs 1 "$T/docs.md"
if cmp -s "$T/out" "$T/docs.t2"; then ok; else bad "text output differs between --jobs 1 and 2"; fi
pycheck "$T/docs.j3" "$PYLIB"'
m = dict(kv.split("=") for kv in open(sys.argv[1].replace("docs.j3", "docs.md.marks")).read().split())
m = {k: int(v) for k, v in m.items()}
rep = [f for f in F if f["kind"] == "repeat"]
check(any(f["line"] == m["big_last"] for f in rep),
      "a paragraph repeated across blocks of one document is found (line %d)" % m["big_last"])
check(not any(f["line"] == m["doc2"] for f in rep),
      "a paragraph of document 1 in document 2 is not a repeat (line %d)" % m["doc2"])
errs = [f for f in F if f["verdict"] == "error"]
check(len(errs) == d["summary"]["errors"] and len(errs) >= 400,
      "every document checked: %d errors, summary %d" % (len(errs), d["summary"]["errors"]))
lines = [f["line"] for f in F]
check(lines == sorted(lines), "findings in document order")
'
run 2 "$K" check --jobs 0 "$T/docs.md"
has "$T/err" "--jobs"
# ktxh extract reads the same way: the same rows on any number of threads.
run 0 "$K" extract --jobs 1 "$T/docs.md"
cp "$T/out" "$T/docs.x1"
run 0 "$K" extract --jobs 3 "$T/docs.md"
if cmp -s "$T/docs.x1" "$T/out"; then ok; else bad "extract --jobs 3 and --jobs 1 differ"; fi
if [ "$(wc -l <"$T/out")" -gt 400 ]; then ok; else bad "extract of 400 documents: $(wc -l <"$T/out") lines"; fi

# ---- extract: CSV, then values.csv and targets.csv as docs/checker.md maps them ---------
cat >"$T/report.txt" <<'EOF'
Kết quả năm 2024 của xã Tân Phú.
- Trồng cây phân tán 7.250 cây/5.000 cây, đạt 145% kế hoạch.
- Vận động quỹ khuyến học 96/120 triệu đồng, đạt 80%.
- Tỷ lệ hộ dân sử dụng nước sạch đạt 97,5%.
- Mở thẻ ATM cho 205/230 đối tượng, đạt 89,13%.
EOF
run 0 "$K" extract "$T/report.txt"
cp "$T/out" "$T/x.csv"
head -n 1 "$T/x.csv" >"$T/x.head"
has "$T/x.head" "line,kind,indicator,phrase,uom,actual,target,percent,text"
pycheck "$T/x.csv" '
import csv, sys
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
by = {r["line"]: r for r in rows}
check(len(rows) == 4, "4 claims extracted: %r" % rows)
r = by.get("2", {})
check((r.get("kind"), r.get("uom"), r.get("actual"), r.get("target"), r.get("percent")) == ("fraction", "cây", "7250", "5000", "145"), "line 2: %r" % r)
check(r.get("phrase") == "Trồng cây phân tán", "line 2 phrase: %r" % r.get("phrase"))
r = by.get("3", {})
check((r.get("actual"), r.get("target"), r.get("uom")) == ("96000000", "120000000", "đồng"), "line 3, one scale word for both: %r" % r)
r = by.get("4", {})
check((r.get("kind"), r.get("uom"), r.get("actual")) == ("rate", "%", "97.5"), "line 4, a rate: %r" % r)
check(r.get("phrase", "").startswith("Tỷ lệ hộ dân sử dụng nước sạch"), "line 4 phrase: %r" % r.get("phrase"))
check(all(r["indicator"] == "" for r in rows), "the indicator column is left for the reviewer")
'
# the review, as docs/checker.md describes it: give each row a code, then
# quantities go to values.value / targets.value, rates to values.value
# (with numerator and denominator when the claim has them).
mkdir -p "$T/seed"
python3 - "$T/x.csv" "$T/seed" <<'PY'
import csv, sys, os
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8", newline="")))
out = sys.argv[2]
codes = {"2": ("KT01", "quantity"), "3": ("KT02", "quantity"), "4": ("VH01", "rate"), "5": ("VH02", "rate")}
with open(os.path.join(out, "units.csv"), "w", encoding="utf-8") as f:
    f.write("code,name,kind,parent\n01,Bình Nguyên,tỉnh,\n01001,Tân Phú,xã,01\n")
ind = csv.writer(open(os.path.join(out, "indicators.csv"), "w", encoding="utf-8", newline=""))
ind.writerow(["code", "name", "sector", "uom", "kind"])
tg = csv.writer(open(os.path.join(out, "targets.csv"), "w", encoding="utf-8", newline=""))
tg.writerow(["unit", "indicator", "year", "shape", "value", "text"])
vl = csv.writer(open(os.path.join(out, "values.csv"), "w", encoding="utf-8", newline=""))
vl.writerow(["unit", "indicator", "period", "value", "numerator", "denominator", "status"])
for r in rows:
    code, kind = codes[r["line"]]
    ind.writerow([code, r["phrase"], "kinh-te", r["uom"], kind])
    if kind == "quantity":
        vl.writerow(["01001", code, "2024", r["actual"], "", "", "final"])
        tg.writerow(["01001", code, "2024", "at_least", r["target"], r["text"]])
    elif r["kind"] == "fraction":
        vl.writerow(["01001", code, "2024", "", r["actual"], r["target"], "final"])
    else:
        vl.writerow(["01001", code, "2024", r["actual"], "", "", "final"])
PY
newdb "$(db x)"
run 0 "$K" import --db "$(db x)" "$T/seed"
run 0 "$K" eval --db "$(db x)" --unit 01001 --year 2024 --format json
pycheck "$T/out" '
import json, sys
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
d = json.load(open(sys.argv[1], encoding="utf-8"))
rows = {r["code"]: r for r in d["indicators"]}
check(abs(rows["KT01"]["percent"] - 145) < 1e-9, "imported trees: 145%% again (%r)" % rows["KT01"].get("percent"))
check(abs(rows["KT02"]["percent"] - 80) < 1e-9, "imported fund: 80%% again (%r)" % rows["KT02"].get("percent"))
'
finish
