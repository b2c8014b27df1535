#!/bin/sh
# test_check_corpus.sh: precision and recall of `ktxh check` on the annotated
# corpus tests/check-corpus/ (our own texts: every claim kind right and
# wrong, every number-form trap), through tests/check-pr.sh, which prints
# them; fails when either is below 95%.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }
KTXH=$K MIN=0.95 sh "$ROOT/tests/check-pr.sh" >"$T/pr" 2>&1
rc=$?
cat "$T/pr"
if [ "$rc" -eq 0 ]; then ok; else bad "precision or recall below 95% (exit $rc)"; fi
# every claim kind appears in the annotations, each both right and wrong
python3 - "$ROOT/tests/check-corpus" >"$T/kinds" <<'PY'
import glob, os, sys
seen = set()
for f in glob.glob(os.path.join(sys.argv[1], "*.expect")):
    for raw in open(f, encoding="utf-8"):
        w = raw.split("#", 1)[0].split()
        if len(w) >= 3:
            seen.add((w[1], "bad" if w[2] in ("error", "warning") else "good"))
for kind in ("ratio", "tally", "parts", "share", "change", "product"):
    for v in ("good", "bad"):
        print(("OK " if (kind, v) in seen else "BAD ") + kind + " " + v)
for kind in ("form", "magnitude", "duplicate", "repeat"):
    print(("OK " if (kind, "bad") in seen else "BAD ") + kind + " flagged")
PY
while IFS= read -r line; do
	case $line in
	OK*) ok ;;
	BAD*) bad "corpus lacks ${line#BAD }" ;;
	esac
done <"$T/kinds"
finish
