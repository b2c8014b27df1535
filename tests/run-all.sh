#!/bin/sh
# Runs every test: the unit tests of the core (cmocka binaries built under
# ASan+UBSan by `make check`) and the black-box CLI tests, which drive the
# sanitized ktxh binary. Prints one line per test and "N passed, N failed".
# The CLI tests that use a database run twice: on SQLite, then on a
# throwaway PostgreSQL server (tests/pgtest.sh) with KTXH_TEST_DB=pg; tests
# that only make sense on one backend say so (test_two_servers: PostgreSQL).
# Usage: tests/run-all.sh [unit|cli|cli-sqlite|cli-pg [NAME...]] — with
# names, only those CLI tests (test_NAME.sh).
set -u
cd "$(dirname "$0")/.."
only=${1:-all}
[ $# -gt 0 ] && shift
names=" $* "
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:exitcode=86"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:exitcode=87"
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0"
export G_SLICE=always-malloc
export KTXH="$PWD/build/san/ktxh"
export KTXH_ROOT="$PWD"
export SEED="$PWD/../shared/seed/ke-hoach-ktxh-2024-nhon-hung.txt"
out="$PWD/tests/out"; mkdir -p "$out"
pass=0; fail=0; skip=0; failed=""

record() { # name rc log
	case $2 in
	0) pass=$((pass + 1)); echo "ok    $1" ;;
	77) skip=$((skip + 1)); echo "skip  $1" ;;
	*) fail=$((fail + 1)); failed="$failed $1"; echo "FAIL  $1 (exit $2; log: $3)"; tail -n 25 "$3" | sed 's/^/      /' ;;
	esac
}

if [ "$only" = all ] || [ "$only" = unit ]; then
	for t in build/san/tests/test_*; do
		[ -x "$t" ] || continue
		n=$(basename "$t"); log="$out/$n.log"
		"$t" >"$log" 2>&1; record "unit/$n" $? "$log"
	done
fi
# cli_suite BACKEND LABEL: every CLI test (with BACKEND pg, those that use a
# database), then a line "LABEL: N passed, N failed, N skipped".
cli_suite() {
	p0=$pass; f0=$fail; s0=$skip
	for t in tests/cli/test_*.sh; do
		n=$(basename "$t" .sh)
		[ "$names" = "  " ] || case $names in *" ${n#test_} "*) ;; *) continue ;; esac
		if [ "$1" = pg ]; then
			grep -qE -- '--db|newdb|KTXH_DB' "$t" || continue
			log="$out/$n.pg.log"; label="cli-pg/$n"
		else
			log="$out/$n.log"; label="cli/$n"
		fi
		KTXH_TEST_DB=$1 sh "$t" >"$log" 2>&1; record "$label" $? "$log"
	done
	summary="$summary$2: $((pass - p0)) passed, $((fail - f0)) failed, $((skip - s0)) skipped
"
}
summary=""
if [ "$only" = all ] || [ "$only" = cli ] || [ "$only" = cli-sqlite ]; then
	cli_suite sqlite SQLite
fi
if [ "$only" = all ] || [ "$only" = cli ] || [ "$only" = cli-pg ]; then
	. tests/pgtest.sh
	pgdir=$(mktemp -d)
	trap 'pgtest_stop "$pgdir"' EXIT
	trap 'exit 130' INT TERM
	if pgtest_start "$pgdir"; then
		cli_suite pg PostgreSQL
	else
		fail=$((fail + 1)); failed="$failed cli-pg(server)"
		summary="${summary}PostgreSQL: the throwaway server did not start
"
	fi
fi
echo
printf "%s" "$summary"
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
