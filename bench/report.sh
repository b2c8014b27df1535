#!/bin/sh
# Benchmark (not a test): one commune's annual report in every format, beside
# LibreOffice's conversion of the same DOCX to PDF, as a ratio. Goal: the whole
# set of formats at least 20x faster than that one conversion.
# Usage: sh bench/report.sh [RUNS]   (from the project root, after make)
set -eu
cd "$(dirname "$0")/.."
runs=${1:-5}
K=./ktxh
[ -x "$K" ] || { echo "bench/report.sh: build ktxh first (make)" >&2; exit 1; }
command -v soffice >/dev/null || { echo "bench/report.sh: soffice missing: apt-get install libreoffice-writer-nogui" >&2; exit 1; }
d=$(mktemp -d); trap 'rm -rf "$d"' EXIT
$K init --db "$d/x.db" >/dev/null
$K import --db "$d/x.db" data/nhon-hung >/dev/null

now() { date +%s.%N; }
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# One untimed run of each tool first, so that both are timed with their
# files in the page cache.
$K report --db "$d/x.db" --unit 99001 --year 2023 --kind annual --format all -o "$d/r" >/dev/null
soffice -env:UserInstallation=file://$d/profile --headless --convert-to pdf \
    --outdir "$d/lo" "$d/r.docx" >/dev/null 2>&1 || true
# ktxh: all five formats from one build of the report (--format all).
: >"$d/ktxh.t"
i=0
while [ $i -lt "$runs" ]; do
	t0=$(now)
	$K report --db "$d/x.db" --unit 99001 --year 2023 --kind annual --format all -o "$d/r" >/dev/null
	t1=$(now)
	awk "BEGIN{print $t1 - $t0}" >>"$d/ktxh.t"
	i=$((i + 1))
done
# LibreOffice: DOCX -> PDF of the same report, a fresh profile each run.
: >"$d/lo.t"
i=0
while [ $i -lt "$runs" ]; do
	rm -rf "$d/lo" "$d/profile"
	t0=$(now)
	soffice -env:UserInstallation=file://$d/profile --headless --convert-to pdf \
	    --outdir "$d/lo" "$d/r.docx" >/dev/null 2>&1
	t1=$(now)
	[ -s "$d/lo/r.pdf" ] || { echo "bench/report.sh: LibreOffice made no PDF" >&2; exit 1; }
	awk "BEGIN{print $t1 - $t0}" >>"$d/lo.t"
	i=$((i + 1))
done
k=$(median <"$d/ktxh.t"); l=$(median <"$d/lo.t")
pages=$(pdfinfo "$d/r.pdf" 2>/dev/null | awk '/^Pages/{print $2}')
echo "report benchmark: phường Nhơn Hưng, annual report 2023 ($pages PDF pages), median of $runs runs"
echo "machine: $(nproc) CPU, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)"
printf '%-44s %8.3f s\n' "ktxh report --format all (5 files)" "$k"
for f in docx pdf html md xlsx; do [ -s "$d/r.$f" ] || { echo "bench/report.sh: no $f written" >&2; exit 1; }; done
printf '%-44s %8.3f s\n' "soffice --convert-to pdf (same DOCX)" "$l"
echo "ratio: LibreOffice / ktxh = $(awk "BEGIN{printf \"%.1f\", $l / $k}")x   (goal: at least 20x)"
