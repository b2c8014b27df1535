#!/bin/sh
# test_roundtrip.sh: export writes what import reads — example → export A →
# import A into a fresh database → export B: A and B are the same files, the
# data are those of the example, and numbers are in machine format.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB

EX=$ROOT/data/nhon-hung

# rows FILE: the number of CSV records of FILE, header excluded.
rows() {
	python3 -c 'import csv, sys
print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline=""))) - 1)' "$1"
}
# pycheck PROGRAM ARGS...: a python check printing "OK msg" / "BAD msg" lines.
pycheck() {
	prog=$1; shift
	if ! python3 -c "$prog" "$@" >"$T/py" 2>"$T/pyerr"; then
		bad "python check failed"; sed 's/^/  py: /' "$T/pyerr" | tail -5
	fi
	while IFS= read -r line; do
		case $line in
		OK*) ok ;;
		BAD*) bad "${line#BAD }" ;;
		esac
	done <"$T/py"
}
same_dir() { # A B WHAT
	if diff -r "$1" "$2" >"$T/diff" 2>&1; then ok; else bad "$3"; head -10 "$T/diff" | sed 's/^/  | /'; fi
}
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }

# ---- the example --------------------------------------------------------------
newdb "$(db 1)" "$EX"
expect_rc 0 "$K" export --db "$(db 1)" "$T/A"
for f in units indicators targets values; do
	if [ -s "$T/A/$f.csv" ]; then ok; else bad "export wrote no $f.csv"; fi
done
newdb "$(db 2)"
expect_rc 0 "$K" import --db "$(db 2)" "$T/A"
has "$T/out" "39 số liệu"
expect_rc 0 "$K" export --db "$(db 2)" "$T/B"
same_dir "$T/A" "$T/B" "export → import → export is not stable"

# Counts: those of the example (docs/example.md), in A and in B.
for f in units:5 indicators:60 targets:56 values:39; do
	name=${f%%:*}; want=${f#*:}
	eq "$(rows "$EX/$name.csv")" "$want" "rows of the example's $name.csv"
	eq "$(rows "$T/A/$name.csv")" "$want" "rows of exported $name.csv (A)"
	eq "$(rows "$T/B/$name.csv")" "$want" "rows of re-exported $name.csv (B)"
done

# The same evaluation from both databases.
expect_rc 0 "$K" eval --db "$(db 1)" --unit 99001 --year 2023 --format json
cp "$T/out" "$T/e1.json"
expect_rc 0 "$K" eval --db "$(db 2)" --unit 99001 --year 2023 --format json
if cmp -s "$T/out" "$T/e1.json"; then ok; else bad "eval differs after the round trip"; fi

# Exported files hold the example's data, field by field, and numbers in
# machine format (1303.5, never 1.303,5; no thousands separators).
pycheck '
import csv, re, sys
ex, a = sys.argv[1], sys.argv[2]
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
def load(d, f):
    with open("%s/%s" % (d, f), encoding="utf-8-sig", newline="") as fp:
        return list(csv.DictReader(fp))
num = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
def same_num(x, y):
    if (x or "") == "" or (y or "") == "":
        return (x or "") == (y or "")
    return abs(float(x) - float(y)) < 1e-9
NUMS = {"values.csv": ("value", "numerator", "denominator"),
        "targets.csv": ("value", "value2", "year")}
for f, cols in NUMS.items():
    for r in load(a, f):
        for c in cols:
            v = r.get(c) or ""
            if v and not num.match(v):
                check(False, "%s %s “%s” is not a machine number" % (f, c, v))
    check(True, "%s numbers checked" % f)
t = {(r["unit"], r["indicator"], r["year"]): r for r in load(a, "targets.csv")}
check(t.get(("99001", "KT01", "2023"), {}).get("value") == "1303.5",
      "KT01 2023 target exported as 1303.5: %r" % t.get(("99001", "KT01", "2023"), {}).get("value"))
check(t.get(("99001", "KT07", "2023"), {}).get("value") == "340000000",
      "KT07 2023 target exported as 340000000")
# values: same keys, same figures, same status, as_of and note
ev = {(r["unit"], r["indicator"], r["period"]): r for r in load(ex, "values.csv")}
av = {(r["unit"], r["indicator"], r["period"]): r for r in load(a, "values.csv")}
check(set(ev) == set(av), "values keys equal: missing %r, extra %r" % (sorted(set(ev) - set(av)), sorted(set(av) - set(ev))))
for k in sorted(set(ev) & set(av)):
    e, x = ev[k], av[k]
    for c in ("value", "numerator", "denominator"):
        if not same_num(e.get(c), x.get(c)):
            check(False, "%r %s: %r exported as %r" % (k, c, e.get(c), x.get(c)))
    if (e.get("status") or "final") != x.get("status"):
        check(False, "%r status %r exported as %r" % (k, e.get("status"), x.get("status")))
    for c in ("as_of", "note"):
        if (e.get(c) or "") != (x.get(c) or ""):
            check(False, "%r %s %r exported as %r" % (k, c, e.get(c), x.get(c)))
check(True, "values compared")
check(av.get(("99001", "KT01", "2023"), {}).get("value") == "1302", "KT01 value exported as 1302")
check(av.get(("99001", "KT07", "2023"), {}).get("value") == "177000000", "KT07 value exported as 177000000")
check(av.get(("99001", "KT07", "2023"), {}).get("status") == "estimate", "KT07 stays an estimate")
# targets and units: same keys and texts
et = {(r["unit"], r["indicator"], r["year"]): r for r in load(ex, "targets.csv")}
check(set(et) == set(t), "targets keys equal")
for k in sorted(set(et) & set(t)):
    for c in ("shape", "text", "source", "seq"):
        if (et[k].get(c) or "") != (t[k].get(c) or ""):
            check(False, "target %r %s %r exported as %r" % (k, c, et[k].get(c), t[k].get(c)))
    for c in ("value", "value2"):
        if not same_num(et[k].get(c), t[k].get(c)):
            check(False, "target %r %s %r exported as %r" % (k, c, et[k].get(c), t[k].get(c)))
check(True, "targets compared")
eu = {r["code"]: r for r in load(ex, "units.csv")}
au = {r["code"]: r for r in load(a, "units.csv")}
check(eu.keys() == au.keys(), "unit codes equal")
check(all((eu[c]["name"], eu[c]["kind"], eu[c]["parent"]) == (au[c]["name"], au[c]["kind"], au[c]["parent"])
          for c in eu if c in au), "units exported unchanged")
ei = {r["code"]: r for r in load(ex, "indicators.csv")}
ai = {r["code"]: r for r in load(a, "indicators.csv")}
check(ei.keys() == ai.keys(), "indicator codes equal")
check(all((ei[c]["name"], ei[c]["sector"], ei[c]["kind"], ei[c]["parent"], ei[c]["uom"]) ==
          (ai[c]["name"], ai[c]["sector"], ai[c]["kind"], ai[c]["parent"], ai[c]["uom"])
          for c in ei if c in ai), "indicators exported unchanged")
order = [r["code"] for r in load(a, "indicators.csv")]
check(order == [r["code"] for r in load(ex, "indicators.csv")], "indicator order kept")
' "$EX" "$T/A"
if grep -q '^99001,KT01,2023,at_least,1303.5,' "$T/A/targets.csv"; then ok; else bad "targets.csv KT01 line not in machine format"; fi
hasnt "$T/A/values.csv" "1.303,5"
hasnt "$T/A/values.csv" "177.000.000"

# Export into a directory that already holds an export: overwritten, same.
expect_rc 0 "$K" export --db "$(db 2)" "$T/A"
same_dir "$T/A" "$T/B" "exporting over an existing export differs"

# ---- harder text and the optional files ----------------------------------------------
# Leading zeros in a code, quotes, commas and a line break inside cells,
# spaces to trim, a half-year period, an estimate with as_of, a user sector,
# a setting and a cutoff rule.
X=$T/extra
cp -r "$EX" "$X"
printf '00001,"Xã ""Mới"", thử",xã,990\n' >>"$X/units.csv"
printf 'code,name,ord\nmoi-truong,Môi trường,5\n' >"$X/sectors.csv"
printf 'key,value\nnear_threshold,95\n' >"$X/settings.csv"
printf 'kind,start_offset,start_day,end_offset,end_day\nmonth,0,1,0,31\n' >"$X/cutoffs.csv"
printf 'MT01,"Tỷ lệ thu gom rác ""sinh hoạt""",Môi trường,%%,rate,,,\n' >>"$X/indicators.csv"
printf '00001,MT01,2023,at_least,90,,"Thu gom rác, xử lý ""đạt"" 90%%",Nghị quyết thử,1\n' >>"$X/targets.csv"
printf '00001,KT01,2023,0.1,,,estimate,2023-12-14,"dòng 1\ndòng 2, có ""nháy"""\n' >>"$X/values.csv"
printf '00001,MT01,2023-H1,33.333333,,,final,,  khoảng trắng  \n' >>"$X/values.csv"
printf '00001,MT01,2023,,1,3,final,,\n' >>"$X/values.csv"
newdb "$(db 3)"
expect_rc 0 "$K" import --db "$(db 3)" "$X"
expect_rc 0 "$K" export --db "$(db 3)" "$T/XA"
newdb "$(db 4)"
expect_rc 0 "$K" import --db "$(db 4)" "$T/XA"
expect_rc 0 "$K" export --db "$(db 4)" "$T/XB"
same_dir "$T/XA" "$T/XB" "round trip of the harder data is not stable"
eq "$(rows "$T/XA/values.csv")" 42 "values rows with the extra data"
has "$T/XA/units.csv" '00001,"Xã ""Mới"", thử",xã,990'
has "$T/XA/sectors.csv" "moi-truong"
has "$T/XA/settings.csv" "near_threshold,95"
has "$T/XA/cutoffs.csv" "month,0,1,0,31"
pycheck '
import csv, sys
def check(cond, msg):
    print(("OK " if cond else "BAD ") + msg)
with open(sys.argv[1] + "/values.csv", encoding="utf-8", newline="") as fp:
    v = {(r["unit"], r["indicator"], r["period"]): r for r in csv.DictReader(fp)}
r = v.get(("00001", "KT01", "2023"), {})
check(r.get("note") == "dòng 1\ndòng 2, có \"nháy\"", "multi-line note kept: %r" % r.get("note"))
check(r.get("status") == "estimate" and r.get("as_of") == "2023-12-14", "estimate and as_of kept")
check(r.get("value") == "0.1", "0.1 kept: %r" % r.get("value"))
r = v.get(("00001", "MT01", "2023-H1"), {})
check(r.get("note") == "khoảng trắng", "note trimmed: %r" % r.get("note"))
check(abs(float(r.get("value") or "nan") - 33.333333) < 1e-9, "33.333333 kept: %r" % r.get("value"))
r = v.get(("00001", "MT01", "2023"), {})
check(r.get("numerator") == "1" and r.get("denominator") == "3", "fraction 1/3 kept: %r" % r)
with open(sys.argv[1] + "/indicators.csv", encoding="utf-8", newline="") as fp:
    i = {r["code"]: r for r in csv.DictReader(fp)}
m = i.get("MT01", {})
check(m.get("sector") == "moi-truong", "sector by name stored as its code: %r" % m.get("sector"))
check(m.get("name") == "Tỷ lệ thu gom rác \"sinh hoạt\"", "quoted name kept: %r" % m.get("name"))
' "$T/XA"
# the setting is in force after the round trip
expect_rc 0 "$K" eval --db "$(db 4)" --unit 99001 --year 2023 --format json
pycheck 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(("OK " if d.get("near_threshold") == 95 else "BAD ") + "near_threshold 95 after the round trip: %r" % d.get("near_threshold"))' "$T/out"

finish
