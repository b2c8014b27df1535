#!/bin/sh
# Runs every test: the unit tests of the core (cmocka binaries built under
# ASan+UBSan by `make check`) and the black-box CLI tests, which drive the
# sanitized ktxh binary. Prints one line per test and "N passed, N failed".
# Usage: tests/run-all.sh [unit|cli [NAME...]] — with names, only those
# CLI tests (test_NAME.sh).
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
if [ "$only" = all ] || [ "$only" = cli ]; then
	for t in tests/cli/test_*.sh; do
		n=$(basename "$t" .sh); log="$out/$n.log"
		[ "$names" = "  " ] || case $names in *" ${n#test_} "*) ;; *) continue ;; esac
		sh "$t" >"$log" 2>&1; record "cli/$n" $? "$log"
	done
fi
echo
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
