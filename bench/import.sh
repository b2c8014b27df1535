#!/bin/sh
# bench/import.sh: how fast `ktxh import` loads 1,000,000 values, next to
# sqlite3's own `.import` of the same rows into a table of the same shape.
# A benchmark, not a test: it prints figures and asserts nothing about speed
# (it fails only when an import does not load all 1,000,000 rows).
#
#   make bench                 builds ./ktxh, then runs this
#   RUNS=5 sh bench/import.sh  more runs per side (median is reported)
#   KTXH=path/to/ktxh          another binary
#
# The dataset (bench/gen.sh, fixed seed) is written once to bench/out/dataset
# (gitignored) and reused while bench/gen.sh is unchanged. Databases go to
# bench/out/run and are deleted at the end; the logs stay there.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
KTXH=${KTXH:-$root/ktxh}
RUNS=${RUNS:-3}
ROWS=1000000
out=$root/bench/out
ds=$out/dataset
run=$out/run

now() { date +%s.%N; }
log() { printf '%s\n' "$*" >&2; }
die() { printf 'bench/import.sh: %s\n' "$*" >&2; exit 1; }
# fmt NUMBER DECIMALS: a number with thousands separators (1,234,567.8).
fmt() {
	awk -v x="$1" -v d="$2" 'BEGIN {
		s = sprintf("%." d "f", x); i = index(s, "."); ip = i ? substr(s, 1, i - 1) : s
		fp = i ? substr(s, i) : ""; o = ""
		while (length(ip) > 3) { o = "," substr(ip, length(ip) - 2) o; ip = substr(ip, 1, length(ip) - 3) }
		print ip o fp }'
}

t_start=$(now)
command -v sqlite3 >/dev/null 2>&1 ||
	die "sqlite3 (the command-line shell) is missing: the baseline needs it. Install it: apt-get install sqlite3"
[ -x "$KTXH" ] || die "no $KTXH: build it first (make, or make bench)"
case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a positive integer, not '$RUNS'" ;; esac
date +%N | grep -q '^[0-9]\{9\}$' || die "date +%N is not supported here: needs GNU date"
timebin=
if [ -x /usr/bin/time ] && /usr/bin/time -f '%M' -o /dev/null true 2>/dev/null; then
	timebin=/usr/bin/time	# GNU time: adds user/sys CPU and peak memory
fi

# ---- dataset --------------------------------------------------------------
stamp="gen.sh $(cksum <bench/gen.sh)"
if [ -f "$ds/stamp" ] && [ "$(cat "$ds/stamp")" = "$stamp" ] &&
    [ -f "$ds/data/values.csv" ] && [ -f "$ds/sqlite-actual.csv" ]; then
	log "dataset: reusing $ds"
	gen_note="reused"
else
	log "dataset: generating $ROWS rows into $ds (bench/gen.sh, fixed seed)…"
	rm -rf "$ds" "$ds.tmp"
	g0=$(now)
	sh bench/gen.sh "$ds.tmp"
	g1=$(now)
	mv "$ds.tmp" "$ds"
	printf '%s\n' "$stamp" >"$ds/stamp"
	gen_note="generated in $(awk -v a="$g0" -v b="$g1" 'BEGIN { printf "%.1f", b - a }') s"
fi
n=$(($(wc -l <"$ds/data/values.csv") - 1))
[ "$n" -eq "$ROWS" ] || die "$ds/data/values.csv has $n data rows, not $ROWS (delete $ds and rerun)"
n=$(($(wc -l <"$ds/sqlite-actual.csv") - 1))
[ "$n" -eq "$ROWS" ] || die "$ds/sqlite-actual.csv has $n data rows, not $ROWS (delete $ds and rerun)"

# ---- the sqlite3 baseline -------------------------------------------------
# The `actual` table exactly as src/store/sqlite.c creates it: same columns,
# primary key, secondary index and deferred foreign keys (with foreign_keys ON
# and the PRAGMAs ktxh sets), so that sqlite3 does the same B-tree work as
# ktxh's INSERTs. values.csv has no `year` column, and a table of the CSV's
# shape would lack the (unit, year) index ktxh maintains, so bench/gen.sh also
# writes sqlite-actual.csv: the same rows with `year` and the status spelled
# out as ktxh stores it (NOT NULL). One difference remains: .import stores an
# empty field as '' where ktxh binds NULL. The parents of the foreign keys (the
# codes of units.csv and indicators.csv) are loaded before the clock starts;
# ktxh's timed import loads these 1,051 rows itself.
mkdir -p "$run"
cat >"$run/schema.sql" <<EOF
PRAGMA journal_mode = WAL;
CREATE TABLE unit (code TEXT PRIMARY KEY, name TEXT, kind TEXT, parent TEXT);
CREATE TABLE indicator (code TEXT PRIMARY KEY, name TEXT, sector TEXT, uom TEXT, kind TEXT);
CREATE TABLE actual (
  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,
  indicator TEXT NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,
  period TEXT NOT NULL, year INTEGER NOT NULL, value REAL,
  numerator REAL, denominator REAL, status TEXT NOT NULL,
  as_of TEXT, note TEXT,
  PRIMARY KEY (unit, indicator, period));
CREATE INDEX actual_unit_year ON actual(unit, year);
.import --csv --skip 1 $ds/data/units.csv unit
.import --csv --skip 1 $ds/data/indicators.csv indicator
EOF
cat >"$run/import.sql" <<EOF
PRAGMA foreign_keys = ON;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN IMMEDIATE;
.import --csv --skip 1 $ds/sqlite-actual.csv actual
COMMIT;
EOF

# measure TOOL LOG CMD...: runs CMD, appends "wall user sys maxrss_kb" to
# $run/TOOL.times.
measure() {
	tool=$1 mlog=$2
	shift 2
	if [ -n "$timebin" ]; then
		s=$(now)
		"$timebin" -f '%U %S %M' -o "$run/time.tmp" "$@" >"$mlog" 2>"$mlog.err" ||
			{ cat "$mlog.err" >&2; die "$tool failed (log: $mlog.err)"; }
		e=$(now)
		rest=$(tail -n 1 "$run/time.tmp")
	else
		s=$(now)
		"$@" >"$mlog" 2>"$mlog.err" || { cat "$mlog.err" >&2; die "$tool failed (log: $mlog.err)"; }
		e=$(now)
		rest="- - -"
	fi
	wall=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f", b - a }')
	echo "$wall $rest" >>"$run/$tool.times"
}

fresh() { rm -f "$1" "$1-wal" "$1-shm" "$1-journal"; }
count() { sqlite3 "$1" 'SELECT count(*) FROM actual'; }
cleanup() { rm -f "$run"/*.db "$run"/*.db-wal "$run"/*.db-shm "$run"/time.tmp; }
trap cleanup EXIT

rm -f "$run/ktxh.times" "$run/sqlite3.times"
# Both sides read their CSV from the page cache, not the disk.
cat "$ds/data/values.csv" "$ds/sqlite-actual.csv" >/dev/null

i=1
while [ "$i" -le "$RUNS" ]; do
	db=$run/ktxh.db
	fresh "$db"
	"$KTXH" init --db "$db" >/dev/null
	log "run $i/$RUNS: ktxh import…"
	measure ktxh "$run/ktxh.$i.log" "$KTXH" import --db "$db" "$ds/data"
	said=$(sed -n 's/.*[^0-9]\([0-9][0-9]*\) số liệu.*/\1/p' "$run/ktxh.$i.log")
	[ "$said" = "$ROWS" ] || die "ktxh import reported '${said:-nothing}' values, not $ROWS: $(cat "$run/ktxh.$i.log")"
	c=$(count "$db")
	[ "$c" = "$ROWS" ] || die "ktxh's table actual holds $c rows, not $ROWS"
	log "         $(tail -n 1 "$run/ktxh.times" | cut -d' ' -f1) s"

	db=$run/sqlite3.db
	fresh "$db"
	sqlite3 -bail "$db" <"$run/schema.sql" >/dev/null
	log "run $i/$RUNS: sqlite3 .import…"
	measure sqlite3 "$run/sqlite3.$i.log" sqlite3 -bail "$db" <"$run/import.sql"
	[ ! -s "$run/sqlite3.$i.log.err" ] || { cat "$run/sqlite3.$i.log.err" >&2; die "sqlite3 .import complained (above)"; }
	c=$(count "$db")
	[ "$c" = "$ROWS" ] || die "sqlite3's table actual holds $c rows, not $ROWS"
	log "         $(tail -n 1 "$run/sqlite3.times" | cut -d' ' -f1) s"
	i=$((i + 1))
done

# median TOOL: the line of the median run (by wall time; the lower middle
# one for an even number of runs).
median() { sort -n "$run/$1.times" | sed -n "$(((RUNS + 1) / 2))p"; }
all() { sort -n "$run/$1.times" | cut -d' ' -f1 | tr '\n' ' ' | sed 's/ $//'; }
km=$(median ktxh)
sm=$(median sqlite3)
kt=${km%% *}
st=${sm%% *}

# ---- report ---------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$cpu" ] || cpu=$(sed -n 's/^\(Hardware\|cpu model\|cpu\)[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
t_end=$(now)

echo "ktxh import benchmark: $(fmt $ROWS 0) values (1,000 xã × 50 indicators × 20 periods)"
echo
echo "machine:  $(nproc) CPU, ${cpu:-unknown CPU}${mem:+, $mem RAM}; $(uname -sr)"
echo "versions: $("$KTXH" version); sqlite3 $(sqlite3 --version | cut -d' ' -f1,2)"
echo "dataset:  $ds ($gen_note)"
echo "          values.csv $(fmt "$(wc -c <"$ds/data/values.csv")" 0) bytes; sqlite-actual.csv $(fmt "$(wc -c <"$ds/sqlite-actual.csv")" 0) bytes"
echo "method:   wall clock of the whole process, fresh database each run, $RUNS runs per side (interleaved), median"
echo "          ktxh:    ktxh init; then timed: ktxh import DIR (one transaction)"
echo "          sqlite3: same actual table (PK, index, deferred FKs, WAL, synchronous=NORMAL);"
echo "                   timed: sqlite3 DB < BEGIN; .import --csv --skip 1; COMMIT"
echo
printf '%-8s %10s %14s %8s %8s %9s   %s\n' tool "median s" "rows/s" "user s" "sys s" "max RSS" "all runs (s)"
for tool in ktxh sqlite3; do
	if [ $tool = ktxh ]; then m=$km; else m=$sm; fi
	set -- $m
	rss=-
	[ "$4" = - ] || rss="$(awk -v k="$4" 'BEGIN { printf "%.0f MiB", k / 1024 }')"
	printf '%-8s %10s %14s %8s %8s %9s   %s\n' $tool "$1" \
	    "$(fmt "$(awk -v n=$ROWS -v t="$1" 'BEGIN { print n / t }')" 0)" "$2" "$3" "$rss" "$(all $tool)"
done
echo
awk -v k="$kt" -v s="$st" 'BEGIN {
	r = k / s
	printf "ratio ktxh / sqlite3: %.2f×   (goal: within 2×: %s)\n", r,
	    r <= 2 ? "met" : sprintf("not met, %.0f%% over", (r / 2 - 1) * 100)
}'
echo
echo "whole bench: $(awk -v a="$t_start" -v b="$t_end" 'BEGIN { printf "%.1f", b - a }') s"
