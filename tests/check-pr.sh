#!/bin/sh
# check-pr.sh: precision and recall of `ktxh check` on the annotated corpus
# tests/check-corpus/. Each NAME.txt or NAME.md has a sidecar NAME.expect listing, one a
# line, "LINE KIND VERDICT" ("#" starts a comment): every error and warning the
# checker must report there, and the claims it must confirm ("ok", "not
# verifiable"). Errors and warnings are matched as a multiset on (file, line,
# kind, verdict): precision = matched / reported, recall = matched /
# annotated. The confirmations are counted apart ("confirmed x/y").
# Prints every miss and false alarm, then the totals; exits 1 when precision
# or recall is below MIN (default 0.95), 2 when the tool cannot run.
#
#   sh tests/check-pr.sh                  uses $KTXH, else ./ktxh
#   MIN=0.99 sh tests/check-pr.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
K=${KTXH:-$root/ktxh}
corpus=$root/tests/check-corpus
command -v python3 >/dev/null 2>&1 || { echo "check-pr: python3 is needed"; exit 2; }
[ -x "$K" ] || { echo "check-pr: no ktxh binary at $K"; exit 2; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$corpus"/*.txt "$corpus"/*.md; do
	[ -f "$f" ] || continue
	n=$(basename "$f"); n=${n%.*}
	"$K" check --format json "$f" >"$tmp/$n.json" 2>"$tmp/$n.err"
	rc=$?
	if [ "$rc" -gt 1 ] || grep -qE "Sanitizer|runtime error:" "$tmp/$n.err"; then
		echo "check-pr: ktxh check $f exited $rc"; sed 's/^/  /' "$tmp/$n.err" | head -20
		exit 2
	fi
done
python3 - "$corpus" "$tmp" "${MIN:-0.95}" <<'PY'
import collections, glob, json, os, sys
corpus, tmp, floor = sys.argv[1], sys.argv[2], float(sys.argv[3])
PROBLEM = ("error", "warning")
tp = fp = fn = conf = want_conf = 0
for txt in sorted(glob.glob(os.path.join(corpus, "*.txt")) + glob.glob(os.path.join(corpus, "*.md"))):
    name, ext = os.path.splitext(os.path.basename(txt))
    exp = collections.Counter()
    for raw in open(os.path.join(corpus, name + ".expect"), encoding="utf-8"):
        line = raw.split("#", 1)[0].split()
        if not line:
            continue
        ln, kind, verdict = int(line[0]), line[1], " ".join(line[2:])
        exp[(ln, kind, verdict)] += 1
    got = collections.Counter()
    for fl in json.load(open(os.path.join(tmp, name + ".json"), encoding="utf-8"))["files"]:
        for f in fl["findings"]:
            got[(f["line"], f["kind"], f["verdict"])] += 1
    for key in sorted(set(exp) | set(got)):
        e, g = exp[key], got[key]
        if key[2] in PROBLEM:
            tp += min(e, g)
            if g > e:
                fp += g - e
                print(f"false alarm  {name}{ext}:{key[0]}: {key[1]} {key[2]} (x{g - e})")
            if e > g:
                fn += e - g
                print(f"missed       {name}{ext}:{key[0]}: {key[1]} {key[2]} (x{e - g})")
        elif e:
            want_conf += e
            conf += min(e, g)
            if g < e:
                print(f"unconfirmed  {name}{ext}:{key[0]}: {key[1]} {key[2]}")
precision = tp / (tp + fp) if tp + fp else 1.0
recall = tp / (tp + fn) if tp + fn else 1.0
print(f"errors and warnings: {tp} found as annotated, {fp} false alarms, {fn} missed")
print(f"precision {precision:.3f}  recall {recall:.3f}  (floor {floor})")
print(f"confirmed claims: {conf}/{want_conf}")
sys.exit(0 if precision >= floor and recall >= floor else 1)
PY
