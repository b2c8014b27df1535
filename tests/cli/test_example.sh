#!/bin/sh
# test_example.sh: end to end on the example of docs/example.md — init,
# import data/nhon-hung, evaluate phường Nhơn Hưng for 2023 and 2024 in every
# format, with the unit written in every accepted way.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }

EX=$ROOT/data/nhon-hung
DB=$(db ex)

# pycheck FILE PROGRAM [ARGS...]: run a python check on FILE; the program
# prints one line per check, "OK msg" or "BAD msg", counted here.
pycheck() {
	f=$1; prog=$2; shift 2
	if ! python3 -c "$prog" "$f" "$@" >"$T/py" 2>"$T/pyerr"; then
		bad "python check on $f failed"; sed 's/^/  py: /' "$T/pyerr" | tail -5
	fi
	while IFS= read -r line; do
		case $line in
		OK*) ok ;;
		BAD*) bad "${line#BAD }" ;;
		esac
	done <"$T/py"
}

# The helpers shared by the python checks: load the JSON, flatten rows.
PYLIB='
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
def flat(rows):
    for r in rows:
        yield r
        yield from flat(r.get("children") or [])
rows = list(flat(d["indicators"]))
top = d["indicators"]
def close(a, b):
    return a is not None and b is not None and abs(a - b) < 1e-9
BANDS = ("exceeded", "met", "near", "missed", "unassessed")
'

expect_rc 0 "$K" init --db "$DB"
expect_rc 0 "$K" import --db "$DB" "$EX"
has "$T/out" "39"

# ---- 2023, JSON ----------------------------------------------------------
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --format json
cp "$T/out" "$T/y2023.json"
pycheck "$T/y2023.json" "$PYLIB"'
s = d["summary"]
for k, v in (("total", 22), ("exceeded", 6), ("met", 14), ("near", 1),
             ("missed", 1), ("unassessed", 0)):
    check(s.get(k) == v, "summary %s = %r, want %r" % (k, s.get(k), v))
check(d["year"] == 2023, "year is 2023")
check(d["unit"]["name"] == "Nhơn Hưng", "unit name Nhơn Hưng")

# trees: 11800 planted against 4500 planned
t = [r for r in rows if close(r.get("actual"), 11800) and close(r.get("target"), 4500)]
check(len(t) == 1, "one row with actual 11800, target 4500 (got %d)" % len(t))
if t:
    want = round(11800 / 4500 * 100, 2)
    check(close(t[0]["percent"], want), "trees percent %r, want %r" % (t[0]["percent"], want))
    check(t[0]["band"] == "exceeded", "trees band %r, want exceeded" % t[0]["band"])

# budget: 177000000 collected against 340000000
b = [r for r in rows if close(r.get("actual"), 177000000) and close(r.get("target"), 340000000)]
check(len(b) == 1, "one budget row (got %d)" % len(b))
if b:
    want = round(177000000 / 340000000 * 100, 2)
    check(close(b[0]["percent"], want), "budget percent %r, want %r" % (b[0]["percent"], want))
    check(close(want, 52.06), "budget percent computed as 52.06")
    check(b[0]["band"] == "missed", "budget band %r, want missed" % b[0]["band"])
    check(b[0]["status"] == "estimate", "budget value is an estimate")

# sowing: 1302 against 1303.5
n = [r for r in rows if close(r.get("actual"), 1302) and close(r.get("target"), 1303.5)]
check(len(n) == 1, "one row 1302/1303.5 (got %d)" % len(n))
if n:
    want = round(1302 / 1303.5 * 100, 2)
    check(close(n[0]["percent"], want), "1302/1303.5 percent %r, want %r" % (n[0]["percent"], want))
    check(close(want, 99.88), "1302/1303.5 computed as 99.88")
    check(n[0]["band"] == "near", "1302/1303.5 band %r, want near" % n[0]["band"])

# every row, children included, has a known band
badb = [(r["code"], r.get("band")) for r in rows if r.get("band") not in BANDS]
check(not badb, "every band is one of %s: %r" % ("|".join(BANDS), badb))

# compound rows have children, count once; children are not top-level rows
comp = [r for r in top if r.get("kind") == "compound"]
check(len(comp) >= 3, "at least 3 compound rows in 2023 (got %d)" % len(comp))
check(all(r.get("children") for r in comp), "every compound row has children")
check(all(not r.get("children") for r in rows if r.get("kind") != "compound"),
      "only compound rows have children")
tops = set(r["code"] for r in top)
kids = [c["code"] for r in comp for c in r["children"]]
check(not (tops & set(kids)), "children are not repeated at top level")
check(len(top) == s["total"], "top-level rows %d == total %d" % (len(top), s["total"]))
check(len(rows) > len(top), "children exist beyond the 22 counted rows")
for k in BANDS:
    c = sum(1 for r in top if r["band"] == k)
    check(c == s[k], "top-level %s rows %d == summary %d" % (k, c, s[k]))
# the poverty compound (two children, both met) is met
v = [r for r in comp if len(r["children"]) == 2]
check(len(v) >= 1 and all(r["band"] == "met" for r in v), "two-child compound is met")
'

# ---- the unit written in other ways gives the very same JSON ------------
code=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["unit"]["code"])' "$T/y2023.json")
eq "$code" 99001 "unit code"
nfd=$(printf 'Nho\314\233n Hu\314\233ng')
for u in "nhon hung" "NHƠN HƯNG" "phường Nhơn Hưng" "$code" "$nfd"; do
	expect_rc 0 "$K" eval --db "$DB" --unit "$u" --year 2023 --format json
	if cmp -s "$T/out" "$T/y2023.json"; then ok; else bad "--unit “$u” gives different JSON"; fi
done

# ---- text ------------------------------------------------------------------
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023
has "$T/out" "Kết quả thực hiện 22 chỉ tiêu kinh tế - xã hội năm 2023: có 06 chỉ tiêu vượt, 14 chỉ tiêu đạt, 01 chỉ tiêu đạt từ 90% trở lên, 01 chỉ tiêu không đạt."
has "$T/out" "262,22%"
has "$T/out" "52,06%"
has "$T/out" "99,88%"
hasnt "$T/out" "262.22"
# the text format is the default: --format text is the same
cp "$T/out" "$T/y2023.txt"
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --format text
if cmp -s "$T/out" "$T/y2023.txt"; then ok; else bad "--format text differs from the default"; fi

# ---- csv -------------------------------------------------------------------
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --format csv
cp "$T/out" "$T/y2023.csv"
hasnt "$T/out" "262,22"
pycheck "$T/y2023.csv" '
import csv, re, sys
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
h = rows[0]
check("code" in h and "percent" in h and "band" in h, "csv header has code, percent, band: %r" % h)
recs = [dict(zip(h, r)) for r in rows[1:]]
check(all(len(r) == len(h) for r in rows), "every csv row has as many cells as the header")
t = [r for r in recs if r.get("actual") == "11800"]
check(len(t) == 1 and t[0].get("percent") == "262.22", "csv trees percent is 262.22: %r" % t)
num = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
for col in ("target", "target_max", "actual", "percent"):
    badv = [r[col] for r in recs if r.get(col) and not num.match(r[col])]
    check(not badv, "csv %s is machine numbers: %r" % (col, badv))
check(sum(1 for r in recs if not r.get("parent")) == 22, "csv has 22 top-level rows")
'

# ---- --near 99.9: the 99,88% row is no longer near ---------------------------
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --near 99.9 --format json
cp "$T/out" "$T/near.json"
pycheck "$T/near.json" "$PYLIB"'
s = d["summary"]
n = [r for r in rows if close(r.get("actual"), 1302) and close(r.get("target"), 1303.5)]
check(len(n) == 1 and n[0]["band"] == "missed", "with --near 99.9 the 99.88%% row is missed: %r" % [r["band"] for r in n])
check(s["near"] == 0 and s["missed"] == 2, "with --near 99.9: near 0, missed 2 (got %r)" % s)
check(s["exceeded"] == 6 and s["met"] == 14 and s["total"] == 22, "other counts unchanged: %r" % s)
check(close(d.get("near_threshold"), 99.9), "near_threshold is 99.9: %r" % d.get("near_threshold"))
'

# ---- 2024: 24 targets, no data yet -----------------------------------------------
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2024 --format json
cp "$T/out" "$T/y2024.json"
pycheck "$T/y2024.json" "$PYLIB"'
s = d["summary"]
check(s["total"] == 24, "2024 total %r, want 24" % s["total"])
check(len(top) == 24, "2024 has 24 top-level rows (got %d)" % len(top))
check(s["unassessed"] == 24, "2024: all 24 unassessed (got %r)" % s)
check(s["met"] == 0 and s["exceeded"] == 0 and s["near"] == 0 and s["missed"] == 0,
      "2024: unassessed is not counted as met/exceeded/near/missed: %r" % s)
check(all(r["band"] == "unassessed" for r in rows), "2024: every row, children too, unassessed")
check(all(r.get("percent") is None for r in rows), "2024: no percent without data")
'
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2024
has "$T/out" "24 chỉ tiêu"

# With data for one plain target and one child of a three-child compound,
# only the plain target is assessed; the compound stays unassessed.
dbcopy "$DB" "$(db y24)"
expect_rc 0 "$K" set --db "$(db y24)" --unit 99001 --indicator KT02 --period 2024 --value 60
expect_rc 0 "$K" set --db "$(db y24)" --unit 99001 --indicator VH17 --period 2024 --value 10
expect_rc 0 "$K" eval --db "$(db y24)" --unit 99001 --year 2024 --format json
cp "$T/out" "$T/y2024b.json"
pycheck "$T/y2024b.json" "$PYLIB"'
s = d["summary"]
check(s["total"] == 24, "2024 with data: total 24 (got %r)" % s["total"])
want = round(60 / 55 * 100, 2)
k = [r for r in top if close(r.get("actual"), 60) and close(r.get("target"), 55)]
check(len(k) == 1 and k[0]["band"] == "exceeded" and close(k[0]["percent"], want),
      "60/55 is exceeded at %r: %r" % (want, [(r["band"], r["percent"]) for r in k]))
m = [r for r in top if any(close(c.get("actual"), 10) for c in r.get("children") or [])]
check(len(m) == 1 and m[0]["band"] == "unassessed",
      "compound with one child of three assessed stays unassessed: %r" % [r["band"] for r in m])
check(s["exceeded"] == 1 and s["unassessed"] == 23 and s["met"] == 0,
      "2024 with data: exceeded 1, met 0, unassessed 23 (got %r)" % s)
'

# ---- an unknown unit ----------------------------------------------------------
expect_rc 1 "$K" eval --db "$DB" --unit "Hà Nội" --year 2023 --format json
has "$T/err" "Hà Nội"
if [ -s "$T/out" ]; then bad "unknown unit printed something on stdout"; else ok; fi

# ---- a half year without half-year data -----------------------------------------
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --period 2023-H1 --format json
cp "$T/out" "$T/h1.json"
pycheck "$T/h1.json" "$PYLIB"'
s = d["summary"]
check(d.get("period") == "2023-H1", "period is 2023-H1: %r" % d.get("period"))
check(s["total"] == 22 and s["unassessed"] == 22, "2023-H1: 22 rows, all unassessed (got %r)" % s)
check(all(r["band"] == "unassessed" for r in rows), "2023-H1: every row unassessed")
'
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --period 2023-H1
has "$T/out" "6 tháng"
expect_rc 0 "$K" eval --db "$DB" --unit "Nhơn Hưng" --year 2023 --period 2023-H1 --format csv

finish
