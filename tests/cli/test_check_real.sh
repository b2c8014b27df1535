#!/bin/sh
# test_check_real.sh: `ktxh check` on real published report text, through
# tests/check-real.sh (recall of the labelled slips at least 85%, at most
# one clean excerpt with an error); skipped when ../shared is not there.
. "$(dirname "$0")/lib.sh"
KTXH=$K sh "$ROOT/tests/check-real.sh" >"$T/real" 2>&1
rc=$?
cat "$T/real"
[ "$rc" -eq 77 ] && exit 77
if [ "$rc" -eq 0 ]; then ok; else bad "real excerpts below the floor (exit $rc)"; fi
finish
