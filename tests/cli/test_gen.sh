#!/bin/sh
# test_gen.sh: `ktxh gen`, the synthetic country. The same seed gives the
# same bytes, another seed other bytes; the sizes asked for are the sizes
# written (counted from the CSV files, not from the program's summary); names
# are NFC; the shares of a split commune sum to 100; the dataset imports
# cleanly, and `ktxh eval` of a new commune and of a new province counts the
# targets that targets.csv gives them (compounds once); refused options.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB

run() {
	expect_rc "$@"
	if grep -qE "Sanitizer|runtime error:" "$T/err"; then
		bad "sanitizer report from: $*"; sed 's/^/  err: /' "$T/err" | head -20
	fi
}

run 0 "$K" gen --seed 5 --provinces 3 --communes 20 --out "$T/a"
run 0 "$K" gen --seed 5 --provinces 3 --communes 20 --out "$T/b"
if diff -r "$T/a" "$T/b" >/dev/null; then ok; else bad "seed 5 twice: different files"; fi
run 0 "$K" gen --seed 6 --provinces 3 --communes 20 --out "$T/c"
if diff -r "$T/a" "$T/c" >/dev/null; then bad "seeds 5 and 6: same files"; else ok; fi
for f in units.csv unit_changes.csv indicators.csv targets.csv values.csv; do
	[ -s "$T/a/$f" ] && ok || bad "no $f"
done

# Sizes, names, shares, kinds and shapes, from the files themselves.
python3 - "$T/a" >"$T/py" 2>&1 <<'PY' || bad "dataset: $(cat "$T/py")"
import csv, sys, unicodedata, collections, os
d = sys.argv[1]
rows = lambda f: list(csv.DictReader(open(os.path.join(d, f), encoding="utf-8")))
units = rows("units.csv")
new_prov = [u for u in units if not u["parent"] and not u["valid_to"]]
assert len(new_prov) == 3, ("new provinces", len(new_prov))
new_comm = [u for u in units if u["valid_from"] == "2025-07-01"]
assert len(new_comm) == 20, ("new communes", len(new_comm))
old_comm = [u for u in units if len(u["code"]) == 5 and u["valid_to"]]
assert 2 * 20 <= len(old_comm) <= 5 * 20, ("old communes", len(old_comm))
codes = {u["code"]: u for u in units}
for u in units:
    assert unicodedata.is_normalized("NFC", u["name"]), u["name"]
    assert u["parent"] == "" or u["parent"] in codes, u
    assert u["kind"] in ("tỉnh", "thành phố", "huyện", "quận", "thị xã", "xã",
                         "phường", "thị trấn", "đặc khu"), u["kind"]
for u in new_comm:
    assert codes[u["parent"]] in new_prov, u
# Old communes sit under districts, districts under provinces.
for u in old_comm:
    assert len(codes[u["parent"]]["code"]) == 3, u
ch = rows("unit_changes.csv")
share = collections.defaultdict(float)
for c in ch:
    assert c["date"] == "2025-07-01" and c["from"] in codes and c["to"] in codes
    share[c["from"]] += float(c["share"] or 100)
assert all(abs(s - 100) < 1e-9 for s in share.values()), share
assert set(share) >= {u["code"] for u in old_comm}, "an old commune without successor"
inds = rows("indicators.csv")
assert len(inds) == 40, len(inds)
assert {i["kind"] for i in inds} == {"quantity", "rate", "yesno", "qualitative", "compound"}
tg = rows("targets.csv")
assert {t["shape"] for t in tg} == {"at_least", "above", "at_most", "below", "range",
    "growth", "reduction", "keep", "quota", "qualitative"}
vals = rows("values.csv")
assert any(v["status"] == "estimate" for v in vals)
# Gaps: some new commune lacks some month of a monthly indicator.
months = collections.defaultdict(set)
for v in vals:
    if v["indicator"] == "KT01" and v["period"].startswith("2026-M"):
        months[v["unit"]].add(v["period"])
assert len(months) == 20 and min(len(m) for m in months.values()) < 12, months
PY
[ -s "$T/py" ] || ok

# Import, then eval: the number of top-level targets of a new commune and of
# a new province in 2026, counted from targets.csv and indicators.csv.
DB=$T/g.db
run 0 "$K" init --db "$DB"
run 0 "$K" import --db "$DB" "$T/a"
count() { # UNIT: top-level indicators with a 2026 target
	python3 - "$T/a" "$1" <<'PY'
import csv, sys, os
d, unit = sys.argv[1], sys.argv[2]
parent = {r["code"]: r["parent"] for r in csv.DictReader(open(os.path.join(d, "indicators.csv"), encoding="utf-8"))}
top = {parent[r["indicator"]] or r["indicator"] for r in csv.DictReader(open(os.path.join(d, "targets.csv"), encoding="utf-8"))
       if r["unit"] == unit and r["year"] == "2026"}
print(len(top))
PY
}
comm=$(awk -F, '$5 == "2025-07-01" { print $1; exit }' "$T/a/units.csv")
prov=$(awk -F, 'NR > 1 && $4 == "" && $6 == "" { print $1; exit }' "$T/a/units.csv")
for u in "$comm" "$prov"; do
	run 0 "$K" eval --db "$DB" --unit "$u" --year 2026 --format json
	want=$(count "$u")
	got=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["total"])' <"$T/out")
	eq "$got" "$want" "eval $u 2026: total"
done
# A commune's evaluation has figures: most of its targets are assessed.
run 0 "$K" eval --db "$DB" --unit "$comm" --year 2026 --format json
python3 -c 'import json,sys; s=json.load(sys.stdin)["summary"]; sys.exit(0 if s["unassessed"] * 4 < s["total"] else 1)' <"$T/out" && ok || bad "commune $comm: too many unassessed"

# Refused options.
run 2 "$K" gen --out "$T/x"
run 2 "$K" gen --seed 1 --provinces 0 --out "$T/x"
run 2 "$K" gen --seed 1 --provinces 5 --communes 3 --out "$T/x"
run 2 "$K" gen --seed x --out "$T/x"
has "$T/err" "--seed"
finish
