#!/bin/sh
# bench/check.sh: how fast `ktxh check` reads report text, next to GNU grep
# looking for the same kind of claim (a fraction followed by a percentage)
# with one PCRE. A benchmark, not a test: it prints MB/s for both and their
# ratio (goal: ktxh at least 0.2x grep, which a single pass over the text can
# reach and a backtracking design cannot); it fails only when a tool fails.
#
#   sh bench/check.sh              3 runs per side, median
#   RUNS=5 sh bench/check.sh       more runs
#   KTXH=path/to/ktxh              another binary
#   sh bench/check.sh --generate   only write the text (no ktxh needed)
#
# The text (~100 MB of Markdown) is generated deterministically from the
# Nhơn Hưng report texts (data/nhon-hung/texts/99001/2023/*.md): each copy
# of the report gets a commune, a year and its own figures in place of the
# {…} placeholders, drops a few paragraphs and gains generated sentences with
# fractions, percentages, tallies, parts of totals, shares, products and the
# odd badly written number; about one computed figure in 25 is written wrong,
# as in real drafts, so the checker has errors to report. The generator is an
# awk program with its own MINSTD random numbers (fixed seed), so mawk and
# gawk write the same bytes. It is written once to bench/out/check/
# (gitignored) and reused while the texts and this script are unchanged
# (generating takes a few seconds).
#
# PDF: the first PDF_BYTES of that text, as a PDF written once by
# LibreOffice (bench/out/check/report.pdf, reused like the text), read by
# `ktxh check FILE.pdf` (poppler's text layer, lines, paragraphs, tables,
# then the checker) beside `pdftotext FILE.pdf` (poppler's own text
# extraction, no checking): pages per second of both and their ratio.
set -eu
cd "$(dirname "$0")/.."
root=$PWD
KTXH=${KTXH:-$root/ktxh}
RUNS=${RUNS:-3}
SIZE=100000000			# bytes of text, at least
PDF_BYTES=${PDF_BYTES:-1500000}	# bytes of that text in the PDF
texts=$root/data/nhon-hung/texts/99001/2023
out=$root/bench/out/check
file=$out/report.md
PATTERN='\d[\d.]*/\d[\d.]*[^%\n]{0,40}\d+(,\d+)?\s?%'
# grep runs in the C locale: its fastest mode (no UTF-8 decoding), so the
# ratio is measured against the strongest baseline. GREP_LOCALE overrides.
GREP_LOCALE=${GREP_LOCALE:-C}

now() { date +%s.%N; }
log() { printf '%s\n' "$*" >&2; }
die() { printf 'bench/check.sh: %s\n' "$*" >&2; exit 1; }

gen_only=false
case ${1:-} in
--generate) gen_only=true ;;
'') ;;
*) die "usage: sh bench/check.sh [--generate]" ;;
esac
case $RUNS in '' | *[!0-9]* | 0) die "RUNS must be a positive integer, not '$RUNS'" ;; esac
date +%N | grep -q '^[0-9]\{9\}$' || die "date +%N is not supported here: needs GNU date"
ls "$texts"/*.md >/dev/null 2>&1 || die "no report texts in $texts"
if ! $gen_only; then
	[ -x "$KTXH" ] || die "no $KTXH: build it first (make)"
	"$KTXH" check --help >/dev/null 2>&1 ||
		die "$KTXH has no 'check' command yet (ktxh check --help fails); nothing to measure"
	echo x | grep -P 'x' >/dev/null 2>&1 || die "this grep has no -P (PCRE): needs GNU grep built with PCRE"
fi

# ---- the text ---------------------------------------------------------------
# The texts in C-locale order, for the same bytes under any locale; their
# names are plain (lowercase, hyphens), so word splitting is safe.
mdfiles=$(LC_ALL=C ls "$texts"/*.md)

generate() { # OUTFILE
	# shellcheck disable=SC2086
	LC_ALL=C awk -v size="$SIZE" -v outfile="$1" '
function rnd(n) {			# 0 .. n-1; Park-Miller MINSTD, exact in doubles
	seed = (seed * 48271) % 2147483647
	return seed % n
}
function grp(s,	 o) {			# "1234567" -> "1.234.567"
	o = ""
	while (length(s) > 3) { o = "." substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
	return s o
}
function num(x, d,	 s, i, fp) {	# Vietnamese number, at most d decimals
	s = sprintf("%." d "f", x); i = index(s, ".")
	if (i == 0) return grp(s)
	fp = substr(s, i + 1); sub(/0+$/, "", fp)
	return grp(substr(s, 1, i - 1)) (fp == "" ? "" : "," fp)
}
function pct(a, b) {			# a/b as a percentage, "262,22"
	return num(b > 0 ? a * 100 / b : 0, 2)
}
function slip(s,	 i, n, c1, c2) {	# about 1 in 25: two digits swapped, a typo
	if (rnd(25) != 0) return s
	n = length(s)
	for (i = 1; i < n; i++) {
		c1 = substr(s, i, 1); c2 = substr(s, i + 1, 1)
		if (c1 ~ /[0-9]/ && c2 ~ /[0-9]/ && c1 != c2 && !(i == 1 && c2 == "0"))
			return substr(s, 1, i - 1) c2 c1 substr(s, i + 2)
	}
	return s
}
function amount(unit,	 m) {		# a plausible quantity in that unit
	if (unit == "đồng") return (1000 + rnd(40000)) * 1000000
	if (unit == "ha") return (100 + rnd(20000)) / 10
	m = rnd(4)
	return m == 0 ? 10 + rnd(90) : m == 1 ? 100 + rnd(900) : m == 2 ? 1000 + rnd(9000) : 10000 + rnd(90000)
}
function figures(code,	 unit, k) {	# target, actual, previous of an indicator, once a report
	if (code in T) return
	unit = UNIT[code]
	if (RATE[code]) {
		T[code] = 60 + rnd(40)
		A[code] = T[code] + (rnd(2000) - 1200) / 100
		if (A[code] > 100) A[code] = 100
		P[code] = A[code] + (rnd(300) - 150) / 100
	} else if (code in DEN && DEN[code] in A) {	# denominator of a {pct:}
		A[code] = int(A[DEN[code]] * 10000 / (6000 + rnd(6000))) + 1
		T[code] = A[code]
		P[code] = int(A[code] * (90 + rnd(30)) / 100)
	} else {
		T[code] = amount(unit)
		k = (5000 + rnd(23000)) / 10000		# achievement, 50% .. 280%
		A[code] = unit == "ha" ? int(T[code] * k * 10) / 10 : int(T[code] * k)
		if (unit == "đồng") A[code] = int(A[code] / 1000) * 1000
		P[code] = int(A[code] * (100 + rnd(40)) / 100)
	}
}
function band(code,	 r) {
	if (!(code in T)) return "đạt"
	r = A[code] - T[code]
	return r > 0 ? "vượt" : r == 0 ? "đạt" : "không đạt"
}
function value(ph,	 f, code) {	# the text of one placeholder
	if (ph ~ /^pct:/) {
		split(substr(ph, 5), f, "/")
		figures(f[1]); figures(f[2])
		return slip(pct(A[f[1]], A[f[2]])) "%"
	}
	if (split(ph, f, ".") != 2) return "0"
	code = f[1]
	figures(code)
	if (f[2] == "actual") return num(A[code], 2)
	if (f[2] == "target") return num(T[code], 2)
	if (f[2] == "previous") return num(P[code], 2)
	if (f[2] == "percent") return slip(pct(A[code], T[code])) "%"
	if (f[2] == "band") return band(code)
	if (f[2] == "change") {
		if (RATE[code]) return (A[code] < P[code] ? "giảm " : "tăng ") num(A[code] < P[code] ? P[code] - A[code] : A[code] - P[code], 2) " điểm %"
		return (A[code] < P[code] ? "giảm " : "tăng ") pct(A[code] < P[code] ? P[code] - A[code] : A[code] - P[code], P[code]) "%"
	}
	return "0"
}
function expand(s,	 o, i, j, ph, rest) {
	while (match(s, /pct:[A-Z0-9]+\/[A-Z0-9]+/)) {	# a {pct:A/B} makes B follow A
		ph = substr(s, RSTART + 4, RLENGTH - 4); split(ph, rest, "/")
		DEN[rest[2]] = rest[1]
		s = substr(s, 1, RSTART - 1) "PCT:" substr(s, RSTART + 4)
	}
	gsub(/PCT:/, "pct:", s)
	o = ""
	while ((i = index(s, "{")) > 0) {
		j = index(substr(s, i), "}")
		if (j == 0) break
		o = o substr(s, 1, i - 1) value(substr(s, i + 1, j - 2))
		s = substr(s, i + j)
	}
	return o s
}
function scan(s,	 i, j, ph, after, code) {	# the unit of each indicator, from its uses
	while ((i = index(s, "{")) > 0) {
		j = index(substr(s, i), "}")
		if (j == 0) break
		ph = substr(s, i + 1, j - 2); after = substr(s, i + j, 8)
		code = ph; sub(/\..*/, "", code)
		if (substr(after, 1, 1) == "%") RATE[code] = 1
		else if (after ~ /^ đồng/) UNIT[code] = "đồng"
		else if (after ~ /^ ha/) UNIT[code] = "ha"
		s = substr(s, i + j)
	}
}
function pick(list,	 a, n) { n = split(list, a, "|"); return a[1 + rnd(n)] }
function sentence(	 k, a, t, b, c, d, n, x, y, s, what) {	# one generated claim
	k = rnd(11)
	if (k == 0) {
		t = amount(""); a = int(t * (5000 + rnd(23000)) / 10000)
		return "Tổng số cây lâm nghiệp phân tán đã trồng là " num(a, 0) " cây/" num(t, 0) " cây, đạt " slip(pct(a, t)) "% kế hoạch."
	}
	if (k == 1) {
		what = pick("cây|lao động|hồ sơ|trường hợp|học sinh|hộ|người|con")
		t = amount(""); a = int(t * (5000 + rnd(23000)) / 10000)
		return pick("Kết quả thực hiện|Trong năm thực hiện|Lũy kế đến nay") " đạt " num(a, 0) "/" num(t, 0) " " what ", bằng " slip(pct(a, t)) "%" pick("| kế hoạch| chỉ tiêu Nghị quyết") "."
	}
	if (k == 2) {
		t = amount("đồng"); a = int(t * (7000 + rnd(6000)) / 10000000) * 1000; b = a * 100 / (101 + rnd(30))
		return "Thu ngân sách trên địa bàn ước đạt " num(a, 0) " đồng/" num(t, 0) " đồng, đạt " slip(pct(a, t)) "% dự toán, tăng " slip(pct(a - b, b)) "% so với cùng kỳ."
	}
	if (k == 3) {
		t = amount(""); a = int(t * (8000 + rnd(6000)) / 10000)
		return "Giới thiệu việc làm cho " num(a, 0) "/" num(t, 0) " lao động, đạt " slip(pct(a, t)) "% kế hoạch năm."
	}
	if (k == 4) {
		n = 1000 + rnd(3000); x = 20 + rnd(200); y = x - 1 - rnd(int(x / 2))
		return "Số hộ nghèo giảm từ " num(x, 0) " hộ xuống còn " num(y, 0) " hộ, chiếm " slip(pct(y, n)) "%, giảm " num(x * 100 / n - y * 100 / n, 2) " điểm % so với năm trước."
	}
	if (k == 5) {
		n = 15 + rnd(15); a = rnd(int(n / 2)); b = rnd(n - a); c = rnd(n - a - b + 1); d = n - a - b - c
		if (rnd(25) == 0) d++
		return "Trong " n " chỉ tiêu chủ yếu, có " a " chỉ tiêu vượt, " b " chỉ tiêu đạt, " c " chỉ tiêu đạt trên 90% và " d " chỉ tiêu không đạt kế hoạch."
	}
	if (k == 6) {
		a = 50 + rnd(300); b = 100 + rnd(400); c = 200 + rnd(900); d = 5000 + rnd(30000)
		t = a + b + c + d; if (rnd(25) == 0) t += 10 * (1 + rnd(9))
		return "Tổng đàn vật nuôi " num(t, 0) " con (trong đó: trâu " num(a, 0) " con, bò " num(b, 0) " con, heo " num(c, 0) " con, gia cầm " num(d, 0) " con)."
	}
	if (k == 7) {
		n = 1500 + rnd(2000); a = 1 + rnd(60)
		return "Toàn " pick("xã|phường") " có " sprintf("%02d", a) " hộ " pick("nghèo|cận nghèo|chính sách") ", chiếm " slip(pct(a, n)) "% tổng số " num(n, 0) " hộ."
	}
	if (k == 8) {
		x = 60 + rnd(40) + rnd(100) / 100; y = 80 + rnd(20)
		return "Tỷ lệ " pick("người dân tham gia bảo hiểm y tế|lao động qua đào tạo|hộ dân sử dụng nước sạch") " đạt " num(x, 2) "%/" num(y, 0) "% (đạt " slip(pct(x, y)) "% so với chỉ tiêu)."
	}
	if (k == 9) {
		s = (50 + rnd(400)) / 10; y = (55 + rnd(25)) / 10
		return "Diện tích lúa " num(s, 1) " ha, năng suất bình quân " num(y, 1) " tấn/ha, sản lượng đạt " num(s * y, 2) " tấn."
	}
	# k == 10: badly written numbers, as drafts have them.
	return pick("Tiếp nhận và giải quyết 2,803 hồ sơ đúng hạn.|Tỷ lệ tăng dân số tự nhiên 0.06%.|Sản lượng thủy sản 3,098 tấn.|Tỷ lệ hộ dùng điện đạt 99,5.|Dân số trung bình 1.2.345 người.")
}
BEGIN {
	seed = 20231231
	split("Nhơn Phú Tân An Bình Thạnh Long Mỹ Hòa Lộc Thới Vĩnh Khánh Đông Tây Nam", S1, " ")
	split("Hưng Sơn Thạnh Lợi Hòa Phú Bình An Mỹ Long Tân Lộc Điền Hải Xuân Thủy", S2, " ")
}
{ L[++nl] = $0; scan($0) }
END {
	total = 0
	for (doc = 1; total < size; doc++) {
		split("", A); split("", T); split("", P); split("", DEN)
		name = S1[1 + rnd(16)] " " S2[1 + rnd(16)]
		h = "# Báo cáo tình hình kinh tế - xã hội năm " (2015 + rnd(10)) " của " pick("xã|phường") " " name " (bản " doc ")"
		print h "\n" > outfile; total += length(h) + 2
		for (i = 1; i <= nl; i++) {
			s = L[i]
			if (s == "") continue
			if (substr(s, 1, 1) != "#" && rnd(10) == 0) continue	# a dropped paragraph
			gsub(/Nhơn Hưng/, name, s)
			s = expand(s)
			if (substr(s, 1, 1) != "#") {
				while (rnd(3) == 0) s = s " " sentence()
				if (rnd(4) == 0) { t = sentence(); print t "\n" > outfile; total += length(t) + 2 }
			}
			print s "\n" > outfile; total += length(s) + 2
		}
	}
	close(outfile)
	printf "%d reports, %d bytes\n", doc - 1, total > "/dev/stderr"
}' $mdfiles
}

# shellcheck disable=SC2086
stamp="SIZE=$SIZE script $(cksum <bench/check.sh) texts $(cat $mdfiles | cksum)"
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] && [ -f "$file" ]; then
	log "text: reusing $file"
	gen_note="reused"
else
	log "text: generating ~$SIZE bytes into $file (fixed seed)…"
	mkdir -p "$out"
	rm -f "$file" "$out/stamp"
	g0=$(now)
	generate "$file.tmp"
	mv "$file.tmp" "$file"
	printf '%s\n' "$stamp" >"$out/stamp"
	g1=$(now)
	gen_note="generated in $(awk -v a="$g0" -v b="$g1" 'BEGIN { printf "%.1f", b - a }') s"
fi
bytes=$(wc -c <"$file")
$gen_only && { log "text: $bytes bytes, $(wc -l <"$file") lines ($gen_note)"; exit 0; }

# ---- the runs -----------------------------------------------------------------
run=$out/run
mkdir -p "$run"
rm -f "$run/ktxh.times" "$run/ktxh1.times" "$run/grep.times"
# measure TOOL OUT CMD...: run CMD with stdout to OUT (a file: GNU grep stops
# at the first match when its output is /dev/null), append the wall time to
# $run/TOOL.times. Exit 0 and 1 are results for both tools; 2 or more is a
# failure.
measure() {
	tool=$1 dst=$2
	shift 2
	s=$(now)
	rc=0
	"$@" >"$dst" 2>"$dst.err" || rc=$?
	e=$(now)
	[ "$rc" -le 1 ] || { tail -n 20 "$dst.err" >&2; die "$tool failed with exit $rc (log: $dst.err)"; }
	awk -v a="$s" -v b="$e" 'BEGIN { printf "%.3f\n", b - a }' >>"$run/$tool.times"
	echo "$rc" >"$dst.rc"
}

cat "$file" >/dev/null		# both read from the page cache, not the disk
i=1
while [ "$i" -le "$RUNS" ]; do
	log "run $i/$RUNS: ktxh check…"
	measure ktxh "$run/out.json" "$KTXH" check --format json "$file"
	log "         $(tail -n 1 "$run/ktxh.times") s"
	log "run $i/$RUNS: ktxh check --jobs 1…"
	measure ktxh1 "$run/out1.json" "$KTXH" check --jobs 1 --format json "$file"
	log "         $(tail -n 1 "$run/ktxh1.times") s"
	log "run $i/$RUNS: grep -cP…"
	measure grep "$run/out.txt" env LC_ALL="$GREP_LOCALE" grep -cP "$PATTERN" "$file"
	log "         $(tail -n 1 "$run/grep.times") s"
	i=$((i + 1))
done

median() { sort -n "$run/$1.times" | sed -n "$(((RUNS + 1) / 2))p"; }
all() { sort -n "$run/$1.times" | tr '\n' ' ' | sed 's/ $//'; }
kt=$(median ktxh)
k1=$(median ktxh1)
gt=$(median grep)
cmp -s "$run/out.json" "$run/out1.json" || die "ktxh check gave different output on one thread and on $(nproc)"
mbps() { awk -v n="$bytes" -v t="$1" 'BEGIN { printf "%.1f", (t > 0 ? n / 1e6 / t : 0) }'; }

cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
summary=$(tail -c 400 "$run/out.json" | grep -o '"summary"[^}]*}' || true)

echo "ktxh check benchmark: $(awk -v n="$bytes" 'BEGIN { printf "%.1f", n / 1e6 }') MB of report text (1 MB = 10^6 bytes)"
echo
echo "machine:  $(nproc) CPU, ${cpu:-unknown CPU}; $(uname -sr)"
pcre=$(ldd "$(command -v grep)" 2>/dev/null | grep -o 'libpcre[^ ]*' | head -n 1 || true)
echo "versions: $("$KTXH" version 2>/dev/null | head -n 1); $(grep --version | head -n 1)${pcre:+ with $pcre}"
echo "text:     $file ($gen_note; $(wc -l <"$file") lines)"
echo "method:   wall clock of the whole process, output to a file, $RUNS runs per side (interleaved), median"
echo "          ktxh:  ktxh check --format json FILE > out.json    (exit $(cat "$run/out.json.rc"); one thread per CPU: the file's"
echo "                 documents, cut at their \"# \" titles, are checked at once; the output is the same as on one thread)"
echo "          ktxh1: ktxh check --jobs 1 --format json FILE > out1.json   (one thread; same bytes as out.json)"
printf '%s\n' "          grep:  LC_ALL=$GREP_LOCALE grep -cP '$PATTERN' FILE > out.txt"
printf '%s\n' "results:  ktxh ${summary:-(no summary found in out.json)}"
echo "          grep: $(cat "$run/out.txt") matching lines"
echo
printf '%-6s %10s %10s   %s\n' tool "median s" "MB/s" "all runs (s)"
printf '%-6s %10s %10s   %s\n' ktxh "$kt" "$(mbps "$kt")" "$(all ktxh)"
printf '%-6s %10s %10s   %s\n' ktxh1 "$k1" "$(mbps "$k1")" "$(all ktxh1)"
printf '%-6s %10s %10s   %s\n' grep "$gt" "$(mbps "$gt")" "$(all grep)"
# ---- PDF ---------------------------------------------------------------------
pdf=$out/report.pdf
pdf_note=""
if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 &&
    command -v pdfinfo >/dev/null 2>&1; then
	pstamp="$stamp PDF_BYTES=$PDF_BYTES"
	if ! [ -f "$out/pdf.stamp" ] || [ "$(cat "$out/pdf.stamp")" != "$pstamp" ] || ! [ -f "$pdf" ]; then
		log "pdf: writing the first $PDF_BYTES bytes of the text as a PDF (LibreOffice, once)…"
		rm -f "$pdf" "$out/pdf.stamp"
		head -c "$PDF_BYTES" "$file" >"$out/report.txt"
		(cd "$out" && soffice -env:UserInstallation="file://$out/lo-profile" --headless \
		    --convert-to pdf report.txt >/dev/null 2>&1) || die "soffice could not write $pdf"
		printf '%s\n' "$pstamp" >"$out/pdf.stamp"
	fi
	pages=$(pdfinfo "$pdf" | sed -n 's/^Pages:[[:space:]]*//p')
	rm -f "$run/kpdf.times" "$run/ppdf.times"
	i=1
	while [ "$i" -le "$RUNS" ]; do
		log "run $i/$RUNS: ktxh check FILE.pdf…"
		measure kpdf "$run/pdf.json" "$KTXH" check --format json "$pdf"
		log "         $(tail -n 1 "$run/kpdf.times") s"
		log "run $i/$RUNS: pdftotext…"
		measure ppdf "$run/pdf.txt" pdftotext "$pdf" -
		log "         $(tail -n 1 "$run/ppdf.times") s"
		i=$((i + 1))
	done
	kp=$(median kpdf)
	pp=$(median ppdf)
	psummary=$(tail -c 400 "$run/pdf.json" | grep -o '"summary"[^}]*}' || true)
else
	pdf_note="skipped: needs soffice, pdftotext and pdfinfo"
fi

echo
awk -v k="$kt" -v k1="$k1" -v g="$gt" -v n="$(nproc)" 'BEGIN {
	r = (k > 0 ? g / k : 0)		# the MB/s ratio is the inverse time ratio
	printf "ratio ktxh / grep (MB/s): %.2f×   (goal: at least 0.2×: %s)\n", r,
	    (r >= 0.2 ? "met" : "not met")
	printf "ratio on one thread:      %.2f×   (grep uses one; ktxh above used %d)\n",
	    (k1 > 0 ? g / k1 : 0), n
}'
echo
if [ -n "$pdf_note" ]; then
	echo "PDF: $pdf_note"
	exit 0
fi
pps() { awk -v n="$pages" -v t="$1" 'BEGIN { printf "%.1f", (t > 0 ? n / t : 0) }'; }
echo "PDF: $pdf ($pages pages, the first $PDF_BYTES bytes of the text, written by LibreOffice)"
echo "     ktxh:      ktxh check --format json FILE.pdf > pdf.json   ($psummary)"
echo "     pdftotext: pdftotext FILE.pdf - > pdf.txt   (poppler's text extraction alone)"
printf '%-10s %10s %10s   %s\n' tool "median s" "pages/s" "all runs (s)"
printf '%-10s %10s %10s   %s\n' ktxh "$kp" "$(pps "$kp")" "$(all kpdf)"
printf '%-10s %10s %10s   %s\n' pdftotext "$pp" "$(pps "$pp")" "$(all ppdf)"
awk -v k="$kp" -v p="$pp" 'BEGIN {
	printf "ratio ktxh / pdftotext (pages/s): %.2f×\n", (k > 0 ? p / k : 0)
}'
