#!/bin/sh
# test_rollup.sh: a province (89) evaluated from its communes, some of
# which have not reported (the fixture of test_history.sh). The figures,
# the coverage and the missing list are worked out by hand below.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB

FX=$ROOT/tests/cli/fixtures/history
DB=$(db p)
newdb "$DB" "$FX"

expect_rc 0 "$K" eval --db "$DB" --unit 89 --year 2025 --format json
cp "$T/out" "$T/89.json"
jq_eq() {
	got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def ind(c):
    return [i for i in d["indicators"] if i["code"] == c][0]
v = eval(sys.argv[2])
print(round(v, 6) if isinstance(v, float) else json.dumps(v, ensure_ascii=False))' "$1" "$2")
	eq "$got" "$3" "$2"
}
J=$T/89.json
# The communes of 2025 are 30101, 30003 and 30103 (the old ones ended on
# 2025-06-30). Households in business: 621 + 420 = 1041, 30103 has a
# target and no value: 2 of 3 reported, 30103 missing; 1041 / 1200 =
# 86.75% → missed.
jq_eq "$J" 'ind("HKD")["actual"]' 1041
jq_eq "$J" 'ind("HKD")["source"]' '"children"'
jq_eq "$J" 'ind("HKD")["from"]' '["30003", "30101"]'
jq_eq "$J" 'ind("HKD")["coverage"]' '{"reported": 2, "expected": 3, "missing": ["30103"]}'
jq_eq "$J" 'ind("HKD")["percent"]' 86.75
jq_eq "$J" 'ind("HKD")["band"]' '"missed"'
# Its 2024 with the 2025 communes, each derived: 550 + 400 + 100 = 1050;
# (1041 / 1050 − 1) × 100 = −0.857% → −0.86.
jq_eq "$J" 'ind("HKD")["previous"]' 1050
jq_eq "$J" 'ind("HKD")["change"]' -0.86
# The rate from summed parts: (1170 + 570) / (1300 + 600) = 91.578947%, not
# the mean of 90% and 95%, judged as printed to two decimals: 91.58; 30101's
# is an estimate, so the total is too. Only 30101 has a target for it: it
# alone is expected.
jq_eq "$J" 'ind("BHYT")["actual"]' 91.58
jq_eq "$J" 'ind("BHYT")["status"]' '"estimate"'
jq_eq "$J" 'ind("BHYT")["coverage"]' '{"reported": 1, "expected": 1, "missing": []}'
# Poor households: 37 + 17 = 54 ≤ 60 → exceeded, 60 / 54 = 111.11%.
jq_eq "$J" 'ind("HN")["actual"]' 54
jq_eq "$J" 'ind("HN")["percent"]' 111.11
jq_eq "$J" 'd["summary"]' '{"total": 3, "exceeded": 2, "met": 0, "near": 0, "missed": 1, "unassessed": 0}'

# Each child's figure and rank: households in business, higher first
# (621 before 420, 30103 without a figure is not ranked); poor households
# against an "at most" target, lower first (17 before 37).
jq_eq "$J" '[(c["code"], c["actual"], c["rank"]) for c in ind("HKD")["by_child"]]' \
    '[["30003", 420, 2], ["30101", 621, 1], ["30103", null, null]]'
jq_eq "$J" '[(c["code"], c["rank"]) for c in ind("HN")["by_child"]]' \
    '[["30003", 1], ["30101", 2], ["30103", null]]'

# Nobody has reported: the province's figure is missing, every commune
# with a target listed.
cp -r "$FX" "$T/none"
grep -v ',2025,' "$FX/values.csv" >"$T/none/values.csv"
newdb "$(db n)" "$T/none"
expect_rc 0 "$K" eval --db "$(db n)" --unit 89 --year 2025 --format json
cp "$T/out" "$T/n.json"
jq_eq "$T/n.json" 'ind("HKD")["actual"]' null
jq_eq "$T/n.json" 'ind("HKD")["band"]' '"unassessed"'
jq_eq "$T/n.json" 'ind("HKD")["coverage"]' '{"reported": 0, "expected": 3, "missing": ["30003", "30101", "30103"]}'

# A commune without a value, made on 2025-07-01 from 30004: its year is
# 30004's first half and its own second half, neither there: 0 of 2, both
# missing.
expect_rc 0 "$K" eval --db "$DB" --unit 30103 --year 2025 --format json
cp "$T/out" "$T/d.json"
jq_eq "$T/d.json" 'ind("HKD")["coverage"]' '{"reported": 0, "expected": 2, "missing": ["30004", "30103"]}'
# The text says how many reported.
expect_rc 0 "$K" eval --db "$DB" --unit 89 --year 2025
has "$T/out" "1.041 hộ / chỉ tiêu 1.200 hộ, đạt 86,75% [tổng hợp: 2/3 đơn vị báo cáo] — Không đạt"
# The country (unit 00, also by name "cả nước"): no unit of the data, its
# children the units at the top (89 only), no target of its own: every
# indicator 89 has a target for, rolled up and unassessed. Households in
# business 1041 from 89; coverage counts the communes below the level
# between, as for a province of districts: 30101 and 30003 of the 3 with a
# target reported, 30103 missing; its 2024 with 89's communes, 1050.
for q in 00 "Cả nước"; do
	expect_rc 0 "$K" eval --db "$DB" --unit "$q" --year 2025 --format json
	cp "$T/out" "$T/vn.json"
	jq_eq "$T/vn.json" 'd["unit"]' '{"code": "00", "name": "Việt Nam", "kind": "cả nước"}'
done
jq_eq "$T/vn.json" 'sorted(i["code"] for i in d["indicators"])' '["BHYT", "HKD", "HN"]'
jq_eq "$T/vn.json" 'ind("HKD")["actual"]' 1041
jq_eq "$T/vn.json" 'ind("HKD")["previous"]' 1050
jq_eq "$T/vn.json" 'ind("HKD")["source"]' '"children"'
jq_eq "$T/vn.json" 'ind("HKD")["coverage"]' '{"reported": 2, "expected": 3, "missing": ["30103"]}'
jq_eq "$T/vn.json" 'ind("HKD")["band"]' '"unassessed"'
jq_eq "$T/vn.json" 'ind("HKD")["target_text"]' '"chưa có mức kế hoạch"'
jq_eq "$T/vn.json" 'ind("BHYT")["actual"]' 91.58
jq_eq "$T/vn.json" 'd["summary"]["total"]' 3
# Its three figures are there, only the levels are not: the tally says so,
# not "thiếu số liệu".
jq_eq "$T/vn.json" 'd["tally"]' '"Kết quả thực hiện 03 chỉ tiêu kinh tế - xã hội năm 2025: có 03 chỉ tiêu chưa có mức kế hoạch để đánh giá."'
# A yes/no indicator (unit_agg none) that both reporting communes met:
# the province's row has no figure, and says it is because yes/no answers
# do not combine (each is in by_child), not that nobody reported.
cp -r "$FX" "$T/yn"
printf 'DB,Không để dịch bệnh lây lan,kinh-te,,yesno,,stock,none,,5\n' >>"$T/yn/indicators.csv"
printf '89,DB,2025,qualitative,,,Không để dịch bệnh lây lan,,4\n' >>"$T/yn/targets.csv"
printf '30101,DB,2025,1,,,final,,\n30003,DB,2025,1,,,final,,\n' >>"$T/yn/values.csv"
newdb "$(db yn)" "$T/yn"
expect_rc 0 "$K" eval --db "$(db yn)" --unit 89 --year 2025 --format json
cp "$T/out" "$T/yn.json"
jq_eq "$T/yn.json" 'ind("DB")["actual"]' null
jq_eq "$T/yn.json" 'ind("DB")["reason"].startswith("chỉ tiêu không gộp được")' true
jq_eq "$T/yn.json" '[(c["code"], c["actual"]) for c in ind("DB")["by_child"]]' \
    '[["30003", 1], ["30101", 1], ["30103", null]]'
# A unit 00 in the data is that unit, not the country.
cp -r "$FX" "$T/u00"
printf '00,Đơn vị 00,xã,89,,\n' >>"$T/u00/units.csv"
newdb "$(db u00)" "$T/u00"
expect_rc 0 "$K" eval --db "$(db u00)" --unit 00 --year 2025 --format json
cp "$T/out" "$T/u00.json"
jq_eq "$T/u00.json" 'd["unit"]["name"]' '"Đơn vị 00"'

# A province of 600 communes (read in one pass, not a seek each): commune k
# reports k households, 1 + 2 + … + 599 = 179700 (commune 0 reports none,
# and only communes 0 and 1 have targets: 1 of 2 expected reported).
B=$T/big; mkdir -p "$B"
awk 'BEGIN { print "code,name,kind,parent,valid_from,valid_to"; print "90,Lớn,tỉnh,,,";
	for (k = 0; k < 600; k++) printf "9%04d,Xã %d,xã,90,,\n", k, k }' >"$B/units.csv"
cp "$FX/indicators.csv" "$B/"
awk 'BEGIN { print "unit,indicator,period,value,numerator,denominator,status,as_of,note";
	for (k = 1; k < 600; k++) printf "9%04d,HKD,2025,%d,,,final,,\n", k, k }' >"$B/values.csv"
printf '%s\n' 'unit,indicator,year,shape,value,value2,text,source,seq' \
    '90,HKD,2025,at_least,100000,,,,' '90000,HKD,2025,at_least,1,,,,' \
    '90001,HKD,2025,at_least,1,,,,' '90,HKD,2026,at_least,200000,,,,' >"$B/targets.csv"
newdb "$(db big)" "$B"
expect_rc 0 "$K" eval --db "$(db big)" --unit 90 --year 2025 --format json
cp "$T/out" "$T/big.json"
jq_eq "$T/big.json" 'ind("HKD")["actual"]' 179700
jq_eq "$T/big.json" 'ind("HKD")["coverage"]' '{"reported": 1, "expected": 2, "missing": ["90000"]}'
jq_eq "$T/big.json" 'len(ind("HKD")["from"])' 599
# The roll-up cache (store.h, "store_rollup"): the first evaluation of a
# unit with children for a year keeps its figures and its children's; the
# next ones read them (the same JSON, byte for byte); every write drops
# what it changes, in the same transaction.
BIG=$(db big)
eq "$(dbq "$BIG" "SELECT count(*) FROM rollup WHERE unit = '90' AND year = 2025")" 601 "kept: the province and its 600 communes"
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2025 --format json
cmp -s "$T/out" "$T/big.json" && ok || bad "the evaluation read from the cache differs from the one computed"
# Each member's figures of the year before are kept apart, and ktxh eval,
# which shows only the communes' year, does not read theirs: damaged, the
# same evaluation from the same cache.
eq "$(dbq "$BIG" "SELECT count(*) FROM rollup WHERE unit = '90' AND year = 2025 AND length(data_before) > 0")" 601 "kept: each member's year before, apart"
if is_pg; then bytes="decode('4b4631ffff', 'hex')"; else bytes="X'4b4631ffff'"; fi
dbq "$BIG" "UPDATE rollup SET data_before = $bytes WHERE unit = '90' AND year = 2025 AND member <> '90'" >/dev/null
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2025 --format json
cmp -s "$T/out" "$T/big.json" && ok || bad "ktxh eval read the communes' year before"
eq "$(dbq "$BIG" "SELECT count(*) FROM rollup WHERE unit = '90' AND year = 2025 AND length(data_before) = 5")" 600 "the cache still the damaged one"
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2026 --format json
jq_eq "$T/out" 'ind("HKD")["previous"]' 179700
# A commune's value changes (5 → 1005): the province's figure at once, and
# its next year's previous figure.
expect_rc 0 "$K" set --db "$BIG" --unit 90005 --indicator HKD --period 2025 --value 1005
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2025 --format json
cp "$T/out" "$T/big2.json"
jq_eq "$T/big2.json" 'ind("HKD")["actual"]' 180700
jq_eq "$T/big2.json" '[c["actual"] for c in ind("HKD")["by_child"] if c["code"] == "90005"]' '[1005]'
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2026 --format json
jq_eq "$T/out" 'ind("HKD")["previous"]' 180700
# Targets imported for another commune: one more expected to report.
printf '%s\n' 'unit,indicator,year,shape,value,value2,text,source,seq' \
    '90002,HKD,2025,at_least,1,,,,' >"$T/t2.csv"
mkdir -p "$T/t2" && mv "$T/t2.csv" "$T/t2/targets.csv"
echo 'code,name,kind,parent,valid_from,valid_to' >"$T/t2/units.csv"
head -n 1 "$FX/indicators.csv" >"$T/t2/indicators.csv"
echo 'unit,indicator,period,value,numerator,denominator,status,as_of,note' >"$T/t2/values.csv"
expect_rc 0 "$K" import --db "$BIG" "$T/t2"
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2025 --format json
jq_eq "$T/out" 'ind("HKD")["coverage"]' '{"reported": 2, "expected": 3, "missing": ["90000"]}'
# A damaged row is computed again, not believed.
if is_pg; then dbq "$BIG" "UPDATE rollup SET data = decode('4b4631ffff', 'hex')" >/dev/null
else dbq "$BIG" "UPDATE rollup SET data = X'4b4631ffff'" >/dev/null; fi
expect_rc 0 "$K" eval --db "$BIG" --unit 90 --year 2025 --format json
jq_eq "$T/out" 'ind("HKD")["actual"]' 180700
jq_eq "$T/out" 'ind("HKD")["coverage"]' '{"reported": 2, "expected": 3, "missing": ["90000"]}'
# The country from its provinces' kept figures: the same twice, and a
# commune's new value in it at once (30101's households 621 → 700).
for i in 1 2; do
	expect_rc 0 "$K" eval --db "$DB" --unit 00 --year 2025 --format json
	cp "$T/out" "$T/vn$i.json"
done
cmp -s "$T/vn1.json" "$T/vn2.json" && ok || bad "the country read from the cache differs"
jq_eq "$T/vn2.json" 'ind("HKD")["actual"]' 1041
expect_rc 0 "$K" set --db "$DB" --unit 30101 --indicator HKD --period 2025 --value 700
expect_rc 0 "$K" eval --db "$DB" --unit 00 --year 2025 --format json
jq_eq "$T/out" 'ind("HKD")["actual"]' 1120
expect_rc 0 "$K" eval --db "$DB" --unit 89 --year 2025 --format json
jq_eq "$T/out" 'ind("HKD")["actual"]' 1120
finish
