#!/bin/sh
# test_cli.sh: the command line itself — help for every command, usage
# errors (exit 2), where --db may go, $KTXH_DB, a missing database, init on
# an existing database, `ktxh set` (stores, refuses, changes nothing when
# refusing) and the checks of `ktxh eval`'s options.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB

EX=$ROOT/data/nhon-hung

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
# has_line FILE PREFIX: a line of FILE starts with PREFIX followed by a space
# or the end of the line.
has_line() {
	if awk -v p="$2" 'index($0, p) == 1 && (length($0) == length(p) || substr($0, length(p) + 1, 1) == " ") { f = 1 } END { exit !f }' "$1"
	then ok; else bad "$1 has no line starting “$2”"; head -c 300 "$1" | sed 's/^/  | /'; fi
}
# summary DB YEAR: sets $S to "total exceeded met near missed unassessed"
# from eval's JSON (a function, not $(...), so that its checks count).
summary() {
	"$K" eval --db "$1" --unit 99001 --year "$2" --format json >"$T/sum.json" 2>"$T/sum.err"
	rc=$?
	if [ $rc -eq 0 ]; then ok; else bad "eval of $1 for $2 exited $rc"; sed 's/^/  err: /' "$T/sum.err" | head -5; fi
	S=$(python3 -c 'import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))["summary"]
print(*[s[k] for k in ("total", "exceeded", "met", "near", "missed", "unassessed")])' "$T/sum.json" 2>/dev/null)
}

# ---- help ----------------------------------------------------------------------
expect_rc 0 "$K" --help
cp "$T/out" "$T/help"
has_line "$T/help" "Cách dùng: ktxh"
has "$T/help" "Các lệnh:"
expect_rc 0 "$K" help
if cmp -s "$T/out" "$T/help"; then ok; else bad "ktxh help differs from ktxh --help"; fi
expect_rc 0 "$K" -h
# The commands are the words indented under "Các lệnh:".
cmds=$(awk '/^Các lệnh:/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z]/ { print $1 }' "$T/help")
for c in init import export set eval; do
	case " $(echo $cmds) " in *" $c "*) ok ;; *) bad "ktxh --help does not list $c" ;; esac
done
for c in $cmds; do
	expect_rc 0 "$K" "$c" --help
	has_line "$T/out" "Cách dùng: ktxh $c"
	# Every option's help starts in one column, counted in characters
	# ("--format F", "TỆP…" alike).
	cols=$(python3 -c '
import re, sys
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"  (--\S+(?: \S+)?)( +)\S", line)
    if m and len(m.group(1)) < 22:
        cols.add(len(m.group(1)) + len(m.group(2)))
print(" ".join(str(c) for c in sorted(cols)))' "$T/out")
	eq "$cols" "23" "help column of ktxh $c"
	expect_rc 0 "$K" help "$c"
	has_line "$T/out" "Cách dùng: ktxh $c"
done
# No command at all: the general help, on stderr, as a usage error.
expect_rc 2 "$K"
has "$T/err" "Cách dùng: ktxh"
expect_rc 0 "$K" version
has "$T/out" "ktxh "

# ---- usage errors -------------------------------------------------------------
expect_rc 2 "$K" frobnicate
has "$T/err" "frobnicate"
expect_rc 2 "$K" help frobnicate
has "$T/err" "frobnicate"
for c in init import export set eval; do
	expect_rc 2 "$K" "$c" --frobnicate --db "$(db none)"
	has "$T/err" "--frobnicate"
done
expect_rc 2 "$K" eval --db "$(db none)" --unit 99001 --year 2023 --frobnicate=1
has "$T/err" "--frobnicate"
expect_rc 2 "$K" eval --db "$(db none)" -x
expect_rc 2 "$K" eval --db "$(db none)" --unit
has "$T/err" "--unit"
expect_rc 2 "$K" import --db "$(db none)"
expect_rc 2 "$K" import --db "$(db none)" "$EX" "$EX"
expect_rc 2 "$K" export --db "$(db none)"
expect_rc 2 "$K" init --db "$(db none)" extra
if dbexists "$(db none)"; then bad "a usage error created $(db none)"; else ok; fi

# ---- --db anywhere, --db=PATH, $KTXH_DB, ktxh.db ----------------------------------
expect_rc 0 "$K" init --db "$(db a)"
expect_rc 0 "$K" import --db "$(db a)" "$EX"
has "$T/out" "39"
export_to "$(db a)" "$T/ref"

expect_rc 0 "$K" init --db="$(db b)"
if dbexists "$(db b)"; then ok; else bad "init --db=PATH did not create PATH"; fi
expect_rc 0 "$K" import "$EX" --db "$(db b)"
expect_rc 0 "$K" export "$T/b-out" --db="$(db b)"
same_dir "$T/ref" "$T/b-out" "--db after the directory / --db=PATH"
expect_rc 0 "$K" eval --unit 99001 --db="$(db b)" --year 2023 --format csv
cp "$T/out" "$T/b.csv"
expect_rc 0 "$K" eval --db "$(db a)" --unit 99001 --year 2023 --format csv
if cmp -s "$T/out" "$T/b.csv"; then ok; else bad "eval differs between the two databases"; fi

KTXH_DB=$(db env); export KTXH_DB
expect_rc 0 "$K" init
if dbexists "$(db env)"; then ok; else bad "KTXH_DB: init did not create \$KTXH_DB"; fi
expect_rc 0 "$K" import "$EX"
expect_rc 0 "$K" eval --unit 99001 --year 2023 --format csv
if cmp -s "$T/out" "$T/b.csv"; then ok; else bad "KTXH_DB: eval differs"; fi
# --db wins over $KTXH_DB
expect_rc 2 "$K" eval --db "$(db none)" --unit 99001 --year 2023
has "$T/err" "$(dbname none)"
unset KTXH_DB
# neither: ktxh.db in the current directory
mkdir "$T/cwd"
(cd "$T/cwd" && "$K" init >/dev/null 2>&1) || bad "init in $T/cwd without --db failed"
if [ -f "$T/cwd/ktxh.db" ]; then ok; else bad "without --db and KTXH_DB, init did not create ./ktxh.db"; fi

# ---- a database that does not exist ----------------------------------------------------
expect_rc 2 "$K" eval --db "$(db missing)" --unit 99001 --year 2023
has "$T/err" "ktxh init"
has "$T/err" "$(dbname missing)"
if dbexists "$(db missing)"; then bad "eval created the missing database"; rm -f "$(db missing)"; else ok; fi
for args in "import $EX" "export $T/missing-out" "set --unit 99001 --indicator KT07 --period 2023 --value 1"; do
	# shellcheck disable=SC2086
	expect_rc 2 "$K" $args --db "$(db missing)"
	has "$T/err" "ktxh init"
	if dbexists "$(db missing)"; then bad "“$args” created the missing database"; rm -f "$(db missing)"; else ok; fi
done
if [ -e "$T/missing-out" ]; then bad "export to a missing database created its directory"; else ok; fi
# a file that is not a database
echo "không phải cơ sở dữ liệu" >"$T/junk.db"
expect_rc 2 "$K" eval --db "$T/junk.db" --unit 99001 --year 2023

# ---- init again -----------------------------------------------------------------------
expect_rc 0 "$K" init --db "$(db a)"
has "$T/out" "mới nhất"
hasnt "$T/out" "đã tạo"
export_to "$(db a)" "$T/a-again"
same_dir "$T/ref" "$T/a-again" "a second init changed the data"

# ---- set -------------------------------------------------------------------------------
command -v python3 >/dev/null 2>&1 || { echo "python3 missing: set checks skipped"; finish; exit $?; }
dbcopy "$(db a)" "$(db s)"
summary "$(db s)" 2023; eq "$S" "22 6 14 1 1 0" "summary before set"
# refused input: exit 1 (2 for a missing required option), a message naming
# the option, nothing stored
export_to "$(db s)" "$T/s-before"
refuse() { # RC OPTION-NAMED ARGS...
	want=$1; opt=$2; shift 2
	expect_rc "$want" "$K" set --db "$(db s)" "$@"
	has "$T/err" "$opt"
	hasnt "$T/out" "Đã ghi"
}
# "1.302" reads 1302 the Vietnamese way and 1.302 the machine way: refused
refuse 1 "--value" --unit 99001 --indicator KT07 --period 2023 --value 1.302
has "$T/err" "1302"
refuse 1 "--value" --unit 99001 --indicator KT07 --period 2023 --value 1,000.5
refuse 1 "--value" --unit 99001 --indicator KT07 --period 2023 --value abc
refuse 1 "--value" --unit 99001 --indicator KT07 --period 2023 --value -5
refuse 1 "--value" --unit 99001 --indicator VH13 --period 2023 --value 101
refuse 1 "--numerator:" --unit 99001 --indicator QP02 --period 2023 --numerator 69 --denominator 68
refuse 1 "--indicator:" --unit 99001 --indicator XX99 --period 2023 --value 5
has "$T/err" "XX99"
refuse 1 "--indicator:" --unit 99001 --indicator VH25 --period 2023 --value 1
refuse 1 "--period:" --unit 99001 --indicator KT07 --period 2023-Q5 --value 5
refuse 1 "--as-of:" --unit 99001 --indicator KT07 --period 2023 --value 5 --as-of 2023-13-01
refuse 1 "--status:" --unit 99001 --indicator KT07 --period 2023 --value 5 --status maybe
refuse 1 "--unit" --unit "Hà Nội" --indicator KT07 --period 2023 --value 5
has "$T/err" "Hà Nội"
refuse 1 "--value" --unit 99001 --indicator KT07 --period 2023
refuse 2 "--period" --unit 99001 --indicator KT07 --value 5
refuse 2 "--indicator" --unit 99001 --period 2023 --value 5
refuse 2 "--unit" --indicator KT07 --period 2023 --value 5
export_to "$(db s)" "$T/s-after"
same_dir "$T/s-before" "$T/s-after" "a refused set changed the database"
summary "$(db s)" 2023; eq "$S" "22 6 14 1 1 0" "summary after refused sets"

# stored: the budget reaches its target, missed becomes met
expect_rc 0 "$K" set --db "$(db s)" --unit "Nhơn Hưng" --indicator KT07 --period 2023 --value 340000000
has "$T/out" "KT07"
summary "$(db s)" 2023; eq "$S" "22 6 15 1 0 0" "summary after set KT07 = 340000000"
expect_rc 0 "$K" eval --db "$(db s)" --unit 99001 --year 2023 --format csv
if awk -F, '$1 == "KT07" && $NF == "met" { f = 1 } END { exit !f }' "$T/out"; then ok; else bad "KT07 is not met after set"; fi
expect_rc 0 "$K" eval --db "$(db s)" --unit 99001 --year 2023
has "$T/out" "có 06 chỉ tiêu vượt, 15 chỉ tiêu đạt, 01 chỉ tiêu đạt từ 90% trở lên"
hasnt "$T/out" "01 chỉ tiêu không đạt"
# exported as a final figure, no longer the estimate
export_to "$(db s)" "$T/s-set"
has "$T/s-set/values.csv" "99001,KT07,2023,340000000,,,final,"
# a figure typed the Vietnamese way is stored in machine form
expect_rc 0 "$K" set --db "$(db s)" --unit 99001 --indicator KT01 --period 2023 --value 1.303,5
summary "$(db s)" 2023; eq "$S" "22 6 16 0 0 0" "summary after set KT01 = 1.303,5"
export_to "$(db s)" "$T/s-set"
has "$T/s-set/values.csv" "99001,KT01,2023,1303.5,"
# setting the same value twice stores one row
expect_rc 0 "$K" set --db "$(db s)" --unit 99001 --indicator KT07 --period 2023 --value 340000000
export_to "$(db s)" "$T/s-set2"
same_dir "$T/s-set" "$T/s-set2" "setting the same value again changed the data"
# a rate from its fraction, an estimate with its date
expect_rc 0 "$K" set --db "$(db s)" --unit 99001 --indicator VH13 --period 2023 --numerator 80 --denominator 100 --status estimate --as-of 2023-12-01 --note "ước"
summary "$(db s)" 2023; eq "$S" "22 5 16 1 0 0" "summary after VH13 = 80/100 (target 85: 94%, near)"
export_to "$(db s)" "$T/s-set3"
has "$T/s-set3/values.csv" "99001,VH13,2023,,80,100,estimate,2023-12-01,ước"

# ---- eval option checks ----------------------------------------------------------------
for y in 23 abc 2023-H1 20233 ""; do
	expect_rc 2 "$K" eval --db "$(db a)" --unit 99001 --year "$y"
	has "$T/err" "--year"
done
for p in 2023-Q5 2023-M13 H1 2024-H1 2023-H3; do
	expect_rc 2 "$K" eval --db "$(db a)" --unit 99001 --year 2023 --period "$p"
	has "$T/err" "--period"
done
for f in xml JSON ""; do
	expect_rc 2 "$K" eval --db "$(db a)" --unit 99001 --year 2023 --format "$f"
	has "$T/err" "--format"
done
for n in 100 abc 101 -5; do
	expect_rc 2 "$K" eval --db "$(db a)" --unit 99001 --year 2023 --near "$n"
	has "$T/err" "--near"
done
expect_rc 2 "$K" eval --db "$(db a)" --year 2023
expect_rc 2 "$K" eval --db "$(db a)" --unit 99001
for p in 2023 2023-H2 2023-Q3 2023-M09 2023-9M; do
	expect_rc 0 "$K" eval --db "$(db a)" --unit 99001 --year 2023 --period "$p" --format json
done

finish
