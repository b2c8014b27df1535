#!/bin/sh
# check-real.sh: `ktxh check` on the labelled excerpts of real published
# reports in ../shared/corpus/real/ (read there at test time, never copied
# into the project), scored as that folder's README says: an error passage
# is found when an "error" finding names its mark (the figure as printed,
# or its digits); a clean passage is a false alarm when any "error" finding
# is raised on it; warnings count neither way. Prints recall, precision
# (found error passages over all passages with an error finding) and false
# alarms, then the passages missed and alarmed. Exits 1 under MIN_RECALL
# (default 0.85) or above MAX_ALARMS (default 1) false alarms, 77 when
# ../shared is not there, 2 when the tool cannot run.
#
#   sh tests/check-real.sh              uses $KTXH, else ./ktxh
#   REAL=/path/to/real sh tests/check-real.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
K=${KTXH:-$root/ktxh}
REAL=${REAL:-$root/../shared/corpus/real}
[ -f "$REAL/labels.json" ] || { echo "check-real: no labelled excerpts at $REAL"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "check-real: python3 is needed"; exit 77; }
[ -x "$K" ] || { echo "check-real: no ktxh binary at $K"; exit 2; }
python3 - "$K" "$REAL" "${MIN_RECALL:-0.85}" "${MAX_ALARMS:-1}" <<'PY'
import json, os, re, subprocess, sys
k, d, min_recall, max_alarms = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
labels = json.load(open(os.path.join(d, "labels.json"), encoding="utf-8"))
dig = lambda s: re.sub(r"[^0-9]", "", s)
blob = lambda x: " ".join(str(x.get(f) or "") for f in ("text", "stated", "suggestion"))
tp = n = fp = clean = 0
missed, alarms = [], []
for f, lab in sorted(labels.items()):
    r = subprocess.run([k, "check", "--format", "json", os.path.join(d, f)],
                       capture_output=True, text=True)
    try:
        es = [x for fl in json.loads(r.stdout)["files"] for x in fl["findings"]
              if x.get("verdict") == "error"]
    except Exception:
        print(f"check-real: {f}: unreadable JSON (exit {r.returncode})")
        sys.exit(2)
    if lab["label"] == "error":
        n += 1
        mark = lab["mark"]
        hit = any(mark in blob(x) or dig(mark.split()[0]) in
                  {dig(t) for t in re.findall(r"\d[\d.,]*", blob(x))} for x in es)
        tp += hit
        if not hit:
            missed.append(f)
    else:
        clean += 1
        if es:
            fp += 1
            alarms.append(f)
recall = tp / n if n else 1.0
precision = tp / (tp + fp) if tp + fp else 1.0
print(f"recall {tp}/{n} = {recall:.3f}  precision {precision:.3f}  "
      f"false alarms {fp}/{clean}  (need recall >= {min_recall:.2f}, "
      f"false alarms <= {max_alarms})")
for f in missed:
    print("missed      " + f)
for f in alarms:
    print("false alarm " + f)
sys.exit(0 if recall >= min_recall and fp <= max_alarms else 1)
PY
