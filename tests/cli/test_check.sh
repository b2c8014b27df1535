#!/bin/sh
# test_check.sh: `ktxh check` on the two documents that matter most.
#  1. The report ktxh writes itself (`ktxh report` of data/nhon-hung, as
#     Markdown and as DOCX) must pass the checker with no error: every figure
#     in it is computed, so any error would be the checker's.
#  2. The reference document ../shared/seed/ke-hoach-ktxh-2024-nhon-hung.txt:
#     exactly its two wrong ratios as errors (at most 3 errors in all, exit 1),
#     its right ratios, tally, parts and shares confirmed, and its badly
#     written numbers ("2,803", "0.06%" twice) as warnings. Every expected
#     figure is computed below from the document's numbers, not pasted from
#     the checker's output. This part is skipped when the seed is absent; the
#     script then exits 77 once the rest has passed.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }

SEED=${SEED:-$ROOT/../shared/seed/ke-hoach-ktxh-2024-nhon-hung.txt}

# run WANT CMD...: expect_rc, and no sanitizer report on stderr.
run() {
	expect_rc "$@"
	if grep -qE "Sanitizer|runtime error:" "$T/err"; then
		bad "sanitizer report from: $*"; sed 's/^/  err: /' "$T/err" | head -20
	fi
}

# pycheck JSON PROGRAM: a python check printing "OK msg" / "BAD msg" lines.
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
d = json.load(open(sys.argv[1], encoding="utf-8"))
F = [f for fl in d["files"] for f in fl["findings"]]
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
def vn(x, dec):
    """x in Vietnamese form, rounded half up, trailing zeros dropped."""
    from decimal import Decimal, ROUND_HALF_UP
    q = Decimal(repr(x)).quantize(Decimal(1).scaleb(-dec), rounding=ROUND_HALF_UP)
    s = format(q, "f")
    ip, _, fp = s.partition(".")
    fp = fp.rstrip("0")
    g = ""
    while len(ip) > 3:
        g = "." + ip[-3:] + g
        ip = ip[:-3]
    return ip + g + ("," + fp if fp else "")
def having(kind=None, verdict=None, line=None, text=None, stated=None):
    return [f for f in F if (kind is None or f["kind"] == kind)
            and (verdict is None or f["verdict"] == verdict)
            and (line is None or f["line"] == line)
            and (text is None or text in f["text"])
            and (stated is None or f["stated"] == stated)]
'

# ---- 1. the generated report passes ------------------------------------------
DB=$T/ex.db
newdb "$DB" "$ROOT/data/nhon-hung"
run 0 "$K" report --db "$DB" --unit "Nhơn Hưng" --year 2023 --format md -o "$T/bc.md"
run 0 "$K" report --db "$DB" --unit "Nhơn Hưng" --year 2023 --format docx -o "$T/bc.docx"
for f in bc.md bc.docx; do
	run 0 "$K" check --format json "$T/$f"
	cp "$T/out" "$T/$f.json"
	pycheck "$T/$f.json" "$PYLIB"'
name = sys.argv[1]
check(d["summary"]["errors"] == 0, "%s: no error (got %r)" % (name, [f for f in F if f["verdict"] == "error"]))
check(d["summary"]["warnings"] == 0, "%s: no warning (got %r)" % (name, [f for f in F if f["verdict"] == "warning"]))
oks = having("ratio", "ok")
check(len(oks) >= 15, "%s: at least 15 ratios confirmed (got %d)" % (name, len(oks)))
for a, b, shown in ((11800, 4500, "11.800"), (1049, 890, "1.049"), (177000000, 340000000, "177.000.000")):
    want = vn(a / b * 100, 2) + "%"
    r = [f for f in oks if shown in f["text"] and want in f["text"] and "table" not in f]
    check(len(r) == 1, "%s: %s/%s confirmed as %s" % (name, a, b, want))
# The appendix table: every row with a plan, an actual and a ratio is
# recomputed (Thực hiện / Kế hoạch) and confirmed, named by row and column.
rows = [f for f in having("ratio", "ok") if f.get("table")]
check(len(rows) >= 14, "%s: at least 14 ratios of the appendix table confirmed (got %d)" % (name, len(rows)))
check(all(f["column"] == "Tỷ lệ % so KH" for f in rows), "%s: table ratios in column “Tỷ lệ %% so KH”" % name)
r = [f for f in rows if f["row_label"].startswith("6 Số cây") and f["stated"] == "262,22%"]
check(len(r) == 1, "%s: table row of indicator 6 confirmed as 262,22%%" % name)
check(len(having("tally", "ok")) == 1, "%s: the tally confirmed" % name)
check(len(having("parts", "ok")) >= 6, "%s: parts confirmed (got %d)" % (name, len(having("parts", "ok"))))
'
done
# the text form says the same, and exit 0 is the verdict
run 0 "$K" check "$T/bc.md"
has "$T/out" "0 lỗi, 0 cảnh báo"

# ---- 2. the reference document -------------------------------------------------
if [ ! -f "$SEED" ]; then
	echo "skip: no reference document at $SEED"
	finish || exit 1
	exit 77
fi

run 1 "$K" check --format json "$SEED"
cp "$T/out" "$T/seed.json"
pycheck "$T/seed.json" "$PYLIB"'
errs = having(verdict="error")
check(len(errs) == 2, "exactly 2 errors, got %d: %r" % (len(errs), errs))
check(d["summary"]["errors"] == len(errs), "summary counts the errors")
check(d["summary"]["warnings"] == len(having(verdict="warning")), "summary counts the warnings")
check(d["summary"]["claims"] >= 25, "at least 25 claims (got %r)" % d["summary"]["claims"])
# the two slips, with the right figure computed here
for a, b, wrong, line in ((11800, 4500, "226,22%", 22), (1049, 890, "117,64%", 46)):
    right = vn(a / b * 100, 2) + "%"
    e = having("ratio", "error", line=line, stated=wrong)
    check(len(e) == 1, "line %d: %s is an error" % (line, wrong))
    if e:
        check(e[0]["computed"] == right, "line %d: computed %r, want %r" % (line, e[0]["computed"], right))
        check(e[0]["suggestion"] == "viết " + right, "line %d: suggestion %r" % (line, e[0]["suggestion"]))
# the right ratios: stated as the document writes them, computed here
RIGHT = [(658, 648, "101,54%", 16), (1265, 1159, "109,15%", 58), (261, 200, "130,5%", 64),
         (261, 200, "130,5%", 66), (88, 85, "103,53%", 60), (118, 119, "99,16%", 60),
         (4385, 5191, "84,47%", 46), (3732, 2899, "128,7%", 46), (161, 277, "58,1%", 66),
         (177000000, 340000000, "52,06%", 30), (3, 3, "100%", 106), (2, 2, "100%", 64)]
for a, b, stated, line in RIGHT:
    dec = len(stated.rstrip("%").partition(",")[2])
    pct = a / b * 100
    check(abs(pct - float(stated.rstrip("%").replace(",", "."))) <= 0.5 * 10 ** -dec + 1e-9,
          "test data: %s/%s rounds to %s" % (a, b, stated))
    r = having("ratio", "ok", line=line, stated=stated)
    check(len(r) >= 1, "line %d: %s/%s = %s confirmed" % (line, a, b, stated))
    if r:
        check(r[0]["computed"] == vn(pct, max(dec, 2)) + "%", "line %d: computed %r" % (line, r[0]["computed"]))
# the tally: 6 + 14 + 1 + 1 = 22 ("vượt 100%", "đạt 100 %", "trên 90%" are not counts)
t = having("tally", line=10)
check(len(t) == 1 and t[0]["verdict"] == "ok", "the tally is confirmed: %r" % t)
if t:
    check(t[0]["computed"] == str(6 + 14 + 1 + 1) and t[0]["stated"] == "22", "tally 6 + 14 + 1 + 1 = 22: %r" % t[0])
# parts and wholes, each as a sum computed here
PARTS = [(40, (114, 148), "262 hộ"), (88, (2, 3), "05 công dân"), (68, (3, 3), "06 căn"),
         (68, (150000000, 150000000), "300.000.000 đồng"), (28, (12, 15, 13), "40 hộ"),
         (28, (8, 1), "09 ghe")]
for line, parts, total in PARTS:
    r = having("parts", "ok", line=line, stated=total)
    check(len(r) == 1, "line %d: %s confirmed" % (line, " + ".join(map(str, parts))))
    if r:
        unit = total.split(" ", 1)[1]
        check(r[0]["computed"] == vn(sum(parts), 0) + " " + unit, "line %d: sum %r" % (line, r[0]["computed"]))
# shares: 07 hộ at 0,42% and 21 hộ at 1,27% imply the same number of households
lo = max(7 / 0.00425, 21 / 0.01275); hi = min(7 / 0.00415, 21 / 0.01265)
check(lo <= hi, "test data: the two shares overlap (%g..%g)" % (lo, hi))
s = having("share", "ok", line=70)
check(len(s) == 1, "line 70: the two shares agree: %r" % having("share", line=70))
check(not having("share", "warning") and not having("share", "error"), "no share flagged")
# warnings: the badly written numbers, with the suggested spelling
w = having("form", "warning", line=114, stated="2,803")
check(len(w) == 1 and w[0]["suggestion"] == "viết 2.803", "line 114: 2,803 is ambiguous: %r" % w)
f6 = having("form", "warning", line=70, stated="0.06%")
check(len(f6) == 2 and all(f["suggestion"] == "viết 0,06%" for f in f6), "line 70: both 0.06%% flagged: %r" % f6)
c6 = having("change", "warning", line=70)
check(len(c6) == 2 and all(f["suggestion"] == "viết giảm 0,06 điểm %" for f in c6),
      "line 70: both changes of a rate to be written in points: %r" % c6)
# nothing else is flagged
flagged = sorted((f["line"], f["kind"]) for f in F if f["verdict"] in ("error", "warning"))
check(flagged == [(22, "ratio"), (46, "ratio"), (70, "change"), (70, "change"), (70, "form"), (70, "form"), (114, "form")],
      "the findings are exactly the slips and the badly written numbers: %r" % flagged)
'
# the text form: "tệp:dòng:cột: lỗi: …" with the correction
run 1 "$K" check "$SEED"
has "$T/out" "ke-hoach-ktxh-2024-nhon-hung.txt:22:"
has "$T/out" "lỗi: 11.800/4.500 = 262,22%, không phải 226,22% — sửa thành 262,22%"
has "$T/out" "lỗi: 1.049/890 = 117,87%, không phải 117,64% — sửa thành 117,87%"
has "$T/out" "cảnh báo: \"2,803\""
hasnt "$T/out" "đúng:"
# --all shows the confirmed claims too
run 1 "$K" check --all "$SEED"
has "$T/out" "đúng: 658/648 = 101,54%"
has "$T/out" "đúng: 6 + 14 + 1 + 1 = 22 chỉ tiêu"
# --truncate does not change the verdicts here: both slips are not cuts
run 1 "$K" check --truncate --format json "$SEED"
pycheck "$T/out" "$PYLIB"'
check(d["summary"]["errors"] == 2, "--truncate: still 2 errors")
'
finish
