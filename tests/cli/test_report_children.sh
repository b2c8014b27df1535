#!/bin/sh
# test_report_children.sh: `ktxh report --children` on a generated province
# (ktxh gen): one file per unit and format, named by unit code, for the
# province and every commune valid in the year (counted from units.csv);
# every report passes `ktxh check` in MD, DOCX, HTML and PDF; no sentence of
# any report holds a doubled span of 8 or more words (doubled.py, which is
# first shown to catch the doubled opening of a resolution without a
# number); a commune whose texts do not resolve fails alone, named, exit 1,
# the others written; threads and processes write the same Markdown.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB

run() {
	expect_rc "$@"
	if grep -qE "Sanitizer|runtime error:" "$T/err"; then
		bad "sanitizer report from: $*"; sed 's/^/  err: /' "$T/err" | head -20
	fi
}
DOUBLED="python3 $ROOT/tests/cli/doubled.py"

# The detector catches what it is for, and passes plain text.
printf '%s\n' 'Thực hiện Nghị quyết của HĐND phường về kế hoạch phát triển kinh tế - xã hội năm 2024 của Hội đồng nhân dân phường Nhơn Hưng về kế hoạch phát triển kinh tế - xã hội năm 2024, Ủy ban nhân dân phường báo cáo như sau:' >"$T/bad.md"
if $DOUBLED "$T/bad.md" >/dev/null; then bad "doubled.py missed the doubled opening"; else ok; fi
printf '%s\n' 'Diện tích gieo trồng đạt 1.302,5 ha. Diện tích gieo trồng đạt 1.302,5 ha.' >"$T/good.md"
if $DOUBLED "$T/good.md" >/dev/null; then ok; else bad "doubled.py: two sentences are not one"; fi

run 0 "$K" gen --seed 11 --provinces 2 --communes 9 --years 2 --out "$T/d"
prov=$(awk -F, 'NR > 1 && $4 == "" && $6 == "" { print $1; exit }' "$T/d/units.csv")
# Children of the province valid in 2026: parent = prov, valid_to empty.
nunits=$(awk -F, -v p="$prov" '$4 == p && $6 == "" { n++ } END { print n + 1 }' "$T/d/units.csv")
c1=$(awk -F, -v p="$prov" '$4 == p && $6 == "" { print $1 }' "$T/d/units.csv" | sed -n 1p)
c2=$(awk -F, -v p="$prov" '$4 == p && $6 == "" { print $1 }' "$T/d/units.csv" | sed -n 2p)
c3=$(awk -F, -v p="$prov" '$4 == p && $6 == "" { print $1 }' "$T/d/units.csv" | sed -n 3p)
# The resolution of c1 has no number yet, c2 none at all.
python3 - "$T/d/targets.csv" "$c1" "$c2" <<'PY'
import csv, sys
path, c1, c2 = sys.argv[1:]
rows = list(csv.DictReader(open(path, encoding="utf-8")))
for r in rows:
    if r["year"] == "2026" and r["unit"] == c1:
        r["source"] = "Nghị quyết của HĐND xã về kế hoạch phát triển kinh tế - xã hội năm 2026"
    if r["year"] == "2026" and r["unit"] == c2:
        r["source"] = ""
w = csv.DictWriter(open(path, "w", encoding="utf-8", newline=""), fieldnames=list(rows[0]), lineterminator="\n")
w.writeheader(); w.writerows(rows)
PY
DB=$T/g.db
run 0 "$K" init --db "$DB"
run 0 "$K" import --db "$DB" "$T/d"

run 0 "$K" report --db "$DB" --unit "$prov" --children --year 2026 --format md,docx,html,pdf -o "$T/r"
has "$T/out" "$nunits/$nunits"
for f in md docx html pdf; do
	eq "$(ls "$T/r"/*.$f | wc -l | tr -d ' ')" "$nunits" "$f files"
	[ -s "$T/r/$prov.$f" ] && ok || bad "no $prov.$f"
	[ -s "$T/r/$c1.$f" ] && ok || bad "no $c1.$f"
done
for f in "$T/r"/*; do
	"$K" check "$f" >"$T/chk" 2>&1; rc=$?
	if [ $rc -eq 0 ]; then ok; else bad "ktxh check $(basename "$f"): exit $rc"; grep -E "lỗi" "$T/chk" | head -5; fi
done
if $DOUBLED "$T/r"/*.md "$T/r"/*.docx "$T/r"/*.html >"$T/dbl"; then ok; else bad "doubled phrases:"; head -5 "$T/dbl"; fi
# The opening of c1 says "của HĐND" once; c2's opens without a resolution.
k1=$(awk -F, -v c="$c1" '$1 == c { print $3 }' "$T/d/units.csv")
k2=$(awk -F, -v c="$c2" '$1 == c { print $3 }' "$T/d/units.csv")
has "$T/r/$c1.md" "Thực hiện Nghị quyết của HĐND xã về kế hoạch phát triển kinh tế - xã hội năm 2026, Ủy ban nhân dân $k1 báo cáo"
has "$T/r/$c2.md" "Ủy ban nhân dân $k2 báo cáo kết quả thực hiện năm 2026 như sau:"
hasnt "$T/r/$c2.md" "Thực hiện Nghị quyết"

# Threads write the same Markdown as processes.
KTXH_REPORT_WORKERS=threads run 0 "$K" report --db "$DB" --unit "$prov" --children --year 2026 --format md --jobs 3 -o "$T/t"
for f in "$T/r"/*.md; do
	if cmp -s "$f" "$T/t/$(basename "$f")"; then ok; else bad "threads: $(basename "$f") differs"; fi
done

# A commune whose text does not resolve fails alone.
printf '%s\n' 'Kết quả {XX99.actual} hộ.' | "$K" text set --db "$DB" --unit "$c3" --period 2026 --section cong-tac-khac >/dev/null
rm -rf "$T/r"
run 1 "$K" report --db "$DB" --unit "$prov" --children --year 2026 --format md -o "$T/r"
has "$T/err" "$c3"
has "$T/err" "XX99"
eq "$(ls "$T/r"/*.md | wc -l | tr -d ' ')" "$((nunits - 1))" "md files beside the failed one"
[ -e "$T/r/$c3.md" ] && bad "$c3.md written" || ok

# Refused options.
run 2 "$K" report --db "$DB" --unit "$prov" --children --year 2026 --format md,odt -o "$T/x"
run 2 "$K" report --db "$DB" --unit "$prov" --children --year 2026 --number 1/BC -o "$T/x"
run 2 "$K" report --db "$DB" --unit "$prov" --year 2026 --jobs 2 -o "$T/x.md"
finish
