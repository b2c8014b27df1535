# lib.sh: helpers for the black-box CLI tests. Source it; it sets $K (the
# ktxh binary under test: $KTXH, else ./ktxh), $ROOT, a temporary $T removed
# on exit, and counts checks. End a test with `finish`.
set -u
ROOT=${KTXH_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
K=${KTXH:-$ROOT/ktxh}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
n_ok=0; n_bad=0

ok()  { n_ok=$((n_ok + 1)); }
bad() { n_bad=$((n_bad + 1)); echo "NOT OK: $*"; }
# expect_rc WANT CMD...: run CMD, capture stdout/stderr in $T/out, $T/err.
expect_rc() {
	want=$1; shift
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" = "$want" ]; then ok; else bad "exit $got (want $want): $*"; sed 's/^/  err: /' "$T/err" | head -5; fi
}
# has FILE TEXT: FILE contains TEXT (fixed string).
has()    { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks “$2”"; head -c 400 "$1" | sed 's/^/  | /'; fi; }
hasnt()  { if grep -qF -- "$2" "$1"; then bad "$1 has “$2”"; else ok; fi; }
eq()     { if [ "$1" = "$2" ]; then ok; else bad "“$1” != “$2” ${3:-}"; fi; }
# newdb PATH [DIR]: an initialised database, loaded from DIR when given.
newdb()  {
	"$K" init --db "$1" >/dev/null 2>&1 || { bad "init $1"; return 1; }
	if [ $# -gt 1 ]; then "$K" import --db "$1" "$2" >/dev/null 2>&1 || { bad "import $2"; return 1; }; fi
}
finish() { echo "$n_ok checks passed, $n_bad failed"; [ "$n_bad" -eq 0 ]; }
