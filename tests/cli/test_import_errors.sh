#!/bin/sh
# test_import_errors.sh: each refused import (docs/formats.md) exits 1, names
# file:line (and column where a field is at fault) with a Vietnamese reason,
# and leaves the database exactly as it was. Also: all errors are listed,
# BOM + CRLF and NFD files import like plain ones, importing twice is a no-op.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB

EX=$ROOT/data/nhon-hung
DB=$(db base)

# edit FILE SEDSCRIPT: sed in place, portably, byte-wise.
edit() { LC_ALL=C sed "$2" "$1" >"$1.tmp" && mv "$1.tmp" "$1"; }
# lineof FILE TEXT: the number of the first line of FILE holding TEXT.
lineof() { LC_ALL=C grep -n -F -- "$2" "$1" | head -1 | cut -d: -f1; }
# export_to DB DIR: export, checking the exit status.
export_to() {
	rm -rf "$2"
	"$K" export --db "$1" "$2" >"$T/xout" 2>"$T/xerr"
	rc=$?
	if [ $rc -eq 0 ]; then ok; else bad "export of $1 exited $rc"; sed 's/^/  err: /' "$T/xerr" | head -5; fi
}
same_dir() { # A B WHAT
	if diff -r "$1" "$2" >"$T/diff" 2>&1; then ok; else bad "$3"; head -10 "$T/diff" | sed 's/^/  | /'; fi
}

# The database every bad import is tried on: the example, loaded.
newdb "$DB" "$EX"
export_to "$DB" "$T/before"

# bad_copy NAME: a copy of the example in $B with three valid "sentinel"
# changes, one per main file, so that an import applied in part would show.
bad_copy() {
	B=$T/case-$1
	rm -rf "$B"; cp -r "$EX" "$B"
	edit "$B/units.csv" 's/^990,Tịnh Biên,/990,Tịnh Biên Mới,/'
	edit "$B/targets.csv" 's/^99001,KT02,2023,at_least,43,/99001,KT02,2023,at_least,44,/'
	edit "$B/values.csv" 's/^99001,VH02,2023,1265,/99001,VH02,2023,1266,/'
}
# try_bad NAME: import $B into $DB; it must be refused and change nothing.
try_bad() {
	expect_rc 1 "$K" import --db "$DB" "$B"
	hasnt "$T/out" "Đã nhập"
	cp "$T/err" "$T/err-$1"
	export_to "$DB" "$T/after"
	same_dir "$T/before" "$T/after" "$1: the refused import changed the database"
	errf=$T/err-$1
}

# The sentinels alone are a valid change that shows in the export.
bad_copy sentinel
dbcopy "$DB" "$(db sentinel)"
expect_rc 0 "$K" import --db "$(db sentinel)" "$B"
export_to "$(db sentinel)" "$T/sentinel"
if diff -r "$T/before" "$T/sentinel" >/dev/null 2>&1; then bad "sentinel changes do not show in the export"; else ok; fi

# ---- one broken thing at a time ------------------------------------------------
bad_copy unit
edit "$B/values.csv" 's/^99001,KT03,2023,658,/99009,KT03,2023,658,/'
n=$(lineof "$B/values.csv" "99009,KT03")
try_bad unit
has "$errf" "values.csv:$n: cột 1 (unit)"
has "$errf" "99009"
has "$errf" "không có"

bad_copy indicator
edit "$B/targets.csv" 's/^99001,KT03,2023,at_least,/99001,KT99,2023,at_least,/'
n=$(lineof "$B/targets.csv" "99001,KT99,")
try_bad indicator
has "$errf" "targets.csv:$n: cột 2 (indicator)"
has "$errf" "KT99"

bad_copy dup-value
n1=$(lineof "$B/values.csv" "99001,KT03,2023,")
echo "99001,KT03,2023,659,,,final,," >>"$B/values.csv"
n2=$(wc -l <"$B/values.csv" | tr -d ' ')
try_bad dup-value
has "$errf" "values.csv:$n2:"
has "$errf" "dòng $n1"
has "$errf" "trùng"

bad_copy dup-unit
n1=$(lineof "$B/units.csv" "99002,")
echo "99002,Trùng Mã,phường,990" >>"$B/units.csv"
n2=$(wc -l <"$B/units.csv" | tr -d ' ')
try_bad dup-unit
has "$errf" "units.csv:$n2: cột 1 (code)"
has "$errf" "dòng $n1"
has "$errf" "trùng"

bad_copy ratio
edit "$B/values.csv" 's/^99001,QP02,2023,,68,68,/99001,QP02,2023,,69,68,/'
n=$(lineof "$B/values.csv" "99001,QP02,2023,,69,68")
try_bad ratio
has "$errf" "values.csv:$n: cột 5 (numerator)"
has "$errf" "mẫu số"

bad_copy negative
edit "$B/values.csv" 's/^99001,KT03,2023,658,/99001,KT03,2023,-658,/'
n=$(lineof "$B/values.csv" "99001,KT03,2023,-658")
try_bad negative
has "$errf" "values.csv:$n: cột 4 (value)"
has "$errf" "âm"

bad_copy comma
edit "$B/values.csv" 's/^99001,KT02,2023,56.35,/99001,KT02,2023,"1,5",/'
n=$(lineof "$B/values.csv" '99001,KT02,2023,"1,5"')
try_bad comma
has "$errf" "values.csv:$n: cột 4 (value)"
has "$errf" "1.5"

bad_copy vn-number
edit "$B/values.csv" 's/^99001,KT01,2023,1302,/99001,KT01,2023,"1.303,5",/'
n=$(lineof "$B/values.csv" '99001,KT01,2023,"1.303,5"')
try_bad vn-number
has "$errf" "values.csv:$n: cột 4 (value)"
has "$errf" "1303.5"

bad_copy vn-target
edit "$B/targets.csv" 's/^99001,KT01,2023,at_least,1303.5,/99001,KT01,2023,at_least,"1.303,5",/'
n=$(lineof "$B/targets.csv" '99001,KT01,2023,at_least,"1.303,5"')
try_bad vn-target
has "$errf" "targets.csv:$n: cột 5 (value)"
has "$errf" "1303.5"

bad_copy utf8
ff=$(printf '\377')
edit "$B/units.csv" "s/^99002,Thới Sơn,/99002,Th${ff}i Sơn,/"
n=$(lineof "$B/units.csv" "99002,Th")
try_bad utf8
has "$errf" "units.csv:$n: cột 2"
has "$errf" "UTF-8"
# docs/formats.md: every error reads “tệp:dòng: cột N (tên cột): lý do”.
has "$errf" "units.csv:$n: cột 2 (name)"

bad_copy no-period
cut -d, -f1,2,4- "$B/values.csv" >"$B/v" && mv "$B/v" "$B/values.csv"
try_bad no-period
has "$errf" "values.csv:1"
has "$errf" "period"
has "$errf" "thiếu"

bad_copy extra-column
edit "$B/values.csv" '1s/$/,ghi_chu_2/;2,$s/$/,/'
try_bad extra-column
has "$errf" "values.csv:1: cột 10"
has "$errf" "ghi_chu_2"

bad_copy period
edit "$B/values.csv" 's/^99001,KT03,2023,658,/99001,KT03,2023-Q5,658,/'
n=$(lineof "$B/values.csv" "99001,KT03,2023-Q5")
try_bad period
has "$errf" "values.csv:$n: cột 3 (period)"
has "$errf" "2023-Q5"

bad_copy date
edit "$B/values.csv" '/^99001,KT13,/s/2023-11-14/2023-02-30/'
n=$(lineof "$B/values.csv" "2023-02-30")
try_bad date
has "$errf" "values.csv:$n: cột 8 (as_of)"
has "$errf" "2023-02-30"
hasnt "$errf" "values.csv:$((n + 1)):"

bad_copy compound
echo "99001,VH25,2023,1,,,final,," >>"$B/values.csv"
n=$(wc -l <"$B/values.csv" | tr -d ' ')
try_bad compound
has "$errf" "values.csv:$n: cột 2 (indicator)"
has "$errf" "VH25"
has "$errf" "gộp"

bad_copy rate
edit "$B/values.csv" 's/^99001,VH13,2023,88,/99001,VH13,2023,101,/'
n=$(lineof "$B/values.csv" "99001,VH13,2023,101")
try_bad rate
has "$errf" "values.csv:$n: cột 4 (value)"
has "$errf" "100"

bad_copy sector
edit "$B/indicators.csv" 's/^\(KT03,[^,]*\),kinh-te,/\1,kinh-tex,/'
n=$(lineof "$B/indicators.csv" "kinh-tex")
try_bad sector
has "$errf" "indicators.csv:$n: cột 3 (sector)"
has "$errf" "kinh-tex"

bad_copy parent
edit "$B/units.csv" 's/^99003,Núi Voi,phường,990$/99003,Núi Voi,phường,991/'
n=$(lineof "$B/units.csv" ",991")
try_bad parent
has "$errf" "units.csv:$n: cột 4 (parent)"
has "$errf" "991"

# An opening quote never closed: at the end of the file…
bad_copy quote-eof
edit "$B/values.csv" '$s/"\([^"]*\)"$/"\1/'
n=$(wc -l <"$B/values.csv" | tr -d ' ')
try_bad quote-eof
has "$errf" "values.csv:$n:"
has "$errf" "nháy kép"
# …and in the middle, where it swallows lines up to the next quote: the
# error points at the line where the quoted cell starts.
bad_copy quote-mid
edit "$B/values.csv" 's/^99001,KT03,2023,658,,,final,,$/99001,KT03,2023,658,,,final,,"chưa đóng/'
n=$(lineof "$B/values.csv" '"chưa đóng')
try_bad quote-mid
has "$errf" "values.csv:$n:"

bad_copy missing-file
rm "$B/values.csv"
try_bad missing-file
has "$errf" "values.csv"
has "$errf" "bắt buộc"

# ---- several errors: all listed ------------------------------------------------
bad_copy several
edit "$B/values.csv" 's/^99001,KT03,2023,658,/99009,KT03,2023,658,/'
edit "$B/values.csv" 's/^99001,VH13,2023,88,/99001,VH13,2023,101,/'
edit "$B/values.csv" 's/^99001,KT02,2023,56.35,/99001,KT02,2023-Q5,56.35,/'
n1=$(lineof "$B/values.csv" "99009,KT03")
n2=$(lineof "$B/values.csv" "99001,VH13,2023,101")
n3=$(lineof "$B/values.csv" "2023-Q5")
try_bad several
has "$errf" "values.csv:$n1: cột 1 (unit)"
has "$errf" "values.csv:$n2: cột 4 (value)"
has "$errf" "values.csv:$n3: cột 3 (period)"

# Errors in different files, none caused by another: all listed too.
bad_copy several-files
edit "$B/units.csv" 's/^99003,Núi Voi,phường,990$/99003,Núi Voi,phường,991/'
edit "$B/targets.csv" 's/^99001,KT03,2023,at_least,/99001,KT99,2023,at_least,/'
edit "$B/values.csv" 's/^99001,VH13,2023,88,/99001,VH13,2023,101,/'
n1=$(lineof "$B/units.csv" ",991")
n2=$(lineof "$B/targets.csv" "99001,KT99,")
n3=$(lineof "$B/values.csv" "99001,VH13,2023,101")
try_bad several-files
has "$errf" "units.csv:$n1: cột 4 (parent)"
has "$errf" "targets.csv:$n2: cột 2 (indicator)"
has "$errf" "values.csv:$n3: cột 4 (value)"

# A refused import into a fresh database leaves it empty.
newdb "$(db fresh)"
bad_copy fresh
echo "99002,Trùng Mã,phường,990" >>"$B/units.csv"
expect_rc 1 "$K" import --db "$(db fresh)" "$B"
expect_rc 1 "$K" eval --db "$(db fresh)" --unit 99001 --year 2023
export_to "$(db fresh)" "$T/fresh"
if [ "$(wc -l <"$T/fresh/values.csv" | tr -d ' ')" = 1 ] &&
   [ "$(wc -l <"$T/fresh/units.csv" | tr -d ' ')" = 1 ]; then ok
else bad "fresh db not empty after a refused import"; fi

# ---- what must import fine ----------------------------------------------------
# UTF-8 BOM and CRLF line ends, as Excel writes them.
mkdir "$T/bom"
for f in "$EX"/*.csv; do
	{ printf '\357\273\277'; LC_ALL=C sed 's/$/\r/' "$f"; } >"$T/bom/${f##*/}"
done
cp -r "$EX/texts" "$T/bom/texts"
if head -c 3 "$T/bom/units.csv" | od -An -tx1 | grep -q 'ef bb bf' &&
   LC_ALL=C grep -q "$(printf '\r')\$" "$T/bom/values.csv"; then ok; else bad "BOM/CRLF copy not made"; fi
newdb "$(db bom)"
expect_rc 0 "$K" import --db "$(db bom)" "$T/bom"
export_to "$(db bom)" "$T/bom-out"
same_dir "$T/before" "$T/bom-out" "BOM + CRLF import differs from the plain one"

# Decomposed (NFD) text is normalised to NFC.
if command -v python3 >/dev/null 2>&1; then
	mkdir "$T/nfd"
	for f in "$EX"/*.csv; do
		python3 -c 'import sys, unicodedata
sys.stdout.buffer.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()).encode())' "$f" >"$T/nfd/${f##*/}"
	done
	# The report texts too, which must come back NFC.
	(cd "$EX" && find texts -type f) | while read -r f; do
		mkdir -p "$T/nfd/$(dirname "$f")"
		python3 -c 'import sys, unicodedata
sys.stdout.buffer.write(unicodedata.normalize("NFD", open(sys.argv[1], encoding="utf-8").read()).encode())' "$EX/$f" >"$T/nfd/$f"
	done
	if cmp -s "$T/nfd/units.csv" "$EX/units.csv"; then bad "NFD copy not made"; else ok; fi
	newdb "$(db nfd)"
	expect_rc 0 "$K" import --db "$(db nfd)" "$T/nfd"
	export_to "$(db nfd)" "$T/nfd-out"
	same_dir "$T/before" "$T/nfd-out" "NFD import differs from the NFC one"
fi

# Importing the same directory again changes nothing (after all the refused
# imports above, $DB still holds the example once).
expect_rc 0 "$K" import --db "$DB" "$EX"
export_to "$DB" "$T/again"
same_dir "$T/before" "$T/again" "re-importing the example changed the export"
expect_rc 0 "$K" import --db "$DB" "$EX"
export_to "$DB" "$T/again2"
same_dir "$T/before" "$T/again2" "importing the example a third time changed the export"

finish
