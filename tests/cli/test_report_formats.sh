#!/bin/sh
# test_report_formats.sh: the example's annual report as DOCX, PDF and XLSX
# is what an office can use: the DOCX is well-formed, names Times New Roman
# with the Decree 30 sizes and converts in LibreOffice; the PDF is A4 with
# every font embedded and the Vietnamese text intact; the XLSX holds the
# indicator table. Figures are recomputed here from the example's CSV files.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
command -v python3 >/dev/null || { echo "python3 missing"; exit 77; }
newdb "$(db x)" "$ROOT/data/nhon-hung" || { finish; exit 1; }
expect_rc 0 "$K" report --db "$(db x)" --unit "nhon hung" --year 2023 --format all -o "$T/r"
for f in docx pdf html md xlsx; do
	if [ -s "$T/r.$f" ]; then ok; else bad "no r.$f written"; fi
done

# The trees' percentage, from the CSV files, not from the program.
pct=$(python3 - "$ROOT/data/nhon-hung" <<'PY'
import csv, sys
d = sys.argv[1]
t = {r["indicator"]: float(r["value"]) for r in csv.DictReader(open(d + "/targets.csv")) if r["year"] == "2023" and r["value"]}
v = {r["indicator"]: float(r["value"]) for r in csv.DictReader(open(d + "/values.csv")) if r["period"] == "2023" and r["value"]}
code = next(c for c in t if t[c] == 4500 and v.get(c) == 11800)
print(f"{v[code] / t[code] * 100:.2f}".replace(".", ","))
PY
)
eq "$pct" "262,22" "trees percentage recomputed from the CSV"

# DOCX: parts well-formed, styles with Times New Roman and 13/14 pt sizes,
# the header block and the closing present, a page-number field, A4.
python3 - "$T/r.docx" "$pct" >"$T/docx.out" 2>&1 <<'PY'
import re, sys, zipfile, xml.dom.minidom as md
z = zipfile.ZipFile(sys.argv[1]); pct = sys.argv[2]
bad = []
for n in z.namelist():
    if n.endswith(".xml") or n.endswith(".rels"):
        try: md.parseString(z.read(n))
        except Exception as e: bad.append(f"{n}: {e}")
doc = z.read("word/document.xml").decode()
sty = z.read("word/styles.xml").decode()
text = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", doc))
for s in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
          "Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "Phạm Văn Ngon", pct + "%",
          "Kết quả thực hiện 22 chỉ tiêu"):
    if s not in text: bad.append(f"document lacks {s!r}")
if "Times New Roman" not in sty: bad.append("styles lack Times New Roman")
for sz in ("28", "26", "24"):
    if f'w:val="{sz}"' not in sty: bad.append(f"styles lack size {int(sz)//2} pt")
if 'w:w="11906"' not in doc or 'w:h="16838"' not in doc: bad.append("page is not A4")
if "<w:titlePg/>" not in doc: bad.append("no distinct first page (page numbers from page 2)")
hdr = [n for n in z.namelist() if n.startswith("word/header")]
if not any("PAGE" in z.read(n).decode() for n in hdr): bad.append("no PAGE field in a header")
print("\n".join(bad) if bad else "ok")
PY
if [ "$(cat "$T/docx.out")" = ok ]; then ok; else bad "DOCX: $(cat "$T/docx.out")"; fi
if command -v soffice >/dev/null; then
	(cd "$T" && timeout 180 soffice -env:UserInstallation=file://$T/lo-profile --headless \
	    --convert-to pdf --outdir "$T/lo" r.docx >/dev/null 2>&1)
	if [ -s "$T/lo/r.pdf" ]; then ok; else bad "LibreOffice did not convert the DOCX"; fi
else
	echo "skip: soffice missing, DOCX not opened in LibreOffice"
fi

# PDF: A4, every font embedded, no fallback font, the text extracts intact.
if command -v pdfinfo >/dev/null; then
	pdfinfo "$T/r.pdf" >"$T/info"
	has "$T/info" "595.276 x 841.89"
	pdffonts "$T/r.pdf" >"$T/fonts"
	if awk 'NR>2 && $(NF-4)!="yes"{b=1} END{exit b}' "$T/fonts"; then ok; else bad "a PDF font is not embedded"; cat "$T/fonts"; fi
	hasnt "$T/fonts" "DejaVu"
	pdftotext -layout "$T/r.pdf" "$T/r.txt"
	tr -s ' ' <"$T/r.txt" >"$T/r1.txt"
	has "$T/r1.txt" "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	has "$T/r1.txt" "Độc lập - Tự do - Hạnh phúc"
	has "$T/r1.txt" "$pct%"
	has "$T/r1.txt" "Nhơn Hưng, ngày 05 tháng 12 năm 2023"
	# Page numbers from page 2: page 2 starts with "2", page 1 has no "1" line.
	pdftotext -f 2 -l 2 -layout "$T/r.pdf" - | sed -n '/[^ ]/{p;q}' | tr -d ' ' >"$T/p2"
	eq "$(cat "$T/p2")" "2" "page 2 number"
else
	echo "skip: poppler-utils missing"
fi

# XLSX: the indicator table with the Vietnamese text and the figures.
python3 - "$T/r.xlsx" "$pct" >"$T/xlsx.out" 2>&1 <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); z.read("xl/workbook.xml")
s = z.read("xl/sharedStrings.xml").decode()
bad = [w for w in ("Chỉ tiêu", "Tỷ lệ % so KH", "Số cây lâm nghiệp trồng phân tán", sys.argv[2] + "%", "Vượt") if w not in s]
print("missing: " + ", ".join(bad) if bad else "ok")
PY
if [ "$(cat "$T/xlsx.out")" = ok ]; then ok; else bad "XLSX: $(cat "$T/xlsx.out")"; fi

# A report that cannot be written leaves nothing behind.
expect_rc 2 "$K" report --db "$(db x)" --unit 99001 --year 2023 -o "$T/no/such/dir/r.pdf"
if ls "$T/no" >/dev/null 2>&1; then bad "a directory was created"; else ok; fi
finish
