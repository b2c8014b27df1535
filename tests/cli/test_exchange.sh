#!/bin/sh
# test_exchange.sh: DHIS2 (JSON, CSV), SDMX-CSV and XLSX in and out. The
# example's values go out in each format and back into a database holding
# only the catalogue, and evaluate identically; hand-written DHIS2 files
# with inherited fields, UIDs through a map and a deleted entry load as
# their text says; every error case is refused, located, with nothing
# stored; the report's appendix XLSX, one figure edited by a script, loads
# back and changes exactly that value.
. "$(dirname "$0")/lib.sh"
D=$ROOT/data/nhon-hung

newdb "$(db w)" "$D" || exit 1
# The catalogue alone: every file of the example but its values.
mkdir "$T/cat"
for f in "$D"/*.csv; do cp "$f" "$T/cat/"; done
head -n 1 "$D/values.csv" >"$T/cat/values.csv"
"$K" eval --db "$(db w)" --unit 99001 --year 2023 --format json >"$T/want.json"

for f in dhis2-json dhis2-csv sdmx-csv; do
	expect_rc 0 "$K" export --db "$(db w)" --format $f -o "$T/x.$f"
	has "$T/out" "39 số liệu"
	newdb "$(db $f)" "$T/cat"
	expect_rc 0 "$K" import --db "$(db $f)" "$T/x.$f"
	has "$T/out" "($f): 39 số liệu"
	"$K" eval --db "$(db $f)" --unit 99001 --year 2023 --format json >"$T/got.json"
	if cmp -s "$T/want.json" "$T/got.json"; then ok; else bad "$f round trip evaluates differently"; diff "$T/want.json" "$T/got.json" | head -n 10; fi
done
# What each format carries: the estimate, the date, the note, the rate
# as a percentage (VH01 is 1255/1278 in values.csv).
has "$T/x.sdmx-csv" "DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS"
has "$T/x.sdmx-csv" ",99001,KT07,2023,177000000,E,ước thu,"
has "$T/x.sdmx-csv" ",99001,KT09,2023,4385,A,,2023-10-31"
has "$T/x.dhis2-csv" "KT07,2023,99001,HllvX50cXC0,HllvX50cXC0,177000000,,,ước thu,true,false,"
has "$T/x.dhis2-json" '"dataElement": "VH01"'
grep -A 6 '"dataElement": "VH01"' "$T/x.dhis2-json" >"$T/vh01"
has "$T/vh01" '"value": "98.20031298904539"'
# Periods both ways: a quarter and a month in ktxh become 2023Q3 / 202311
# (DHIS2) and 2023-Q3 / 2023-11 (SDMX).
"$K" set --db "$(db w)" --unit 99001 --indicator KT06 --period 2023-Q3 --value 3000 >/dev/null 2>&1
"$K" set --db "$(db w)" --unit 99001 --indicator KT06 --period 2023-M11 --value 700 >/dev/null 2>&1
expect_rc 0 "$K" export --db "$(db w)" --format dhis2-csv --unit "Nhơn Hưng" --year 2023 -o "$T/q.csv"
has "$T/q.csv" "KT06,2023Q3,99001"
has "$T/q.csv" "KT06,202311,99001"
hasnt "$T/q.csv" ",2022,"
expect_rc 0 "$K" export --db "$(db w)" --format sdmx-csv --year 2023 -o "$T/q.sdmx"
has "$T/q.sdmx" ",99001,KT06,2023-Q3,3000,"
has "$T/q.sdmx" ",99001,KT06,2023-11,700,"
# Nine months has no equivalent: the export is refused, nothing written.
"$K" set --db "$(db w)" --unit 99001 --indicator KT06 --period 2023-9M --value 9000 >/dev/null 2>&1
expect_rc 1 "$K" export --db "$(db w)" --format dhis2-json -o "$T/nine.json"
has "$T/err" "kỳ 9 tháng"
has "$T/err" "99001, KT06, kỳ 2023-9M"
[ -e "$T/nine.json" ] && bad "a refused export left a file" || ok
expect_rc 2 "$K" export --db "$(db w)" --format dhis2-xml -o "$T/z"
expect_rc 2 "$K" export --db "$(db w)" --format sdmx-csv

# Hand-written DHIS2: fields of the set inherited by each entry, UIDs
# through a map, storedBy/lastUpdated ignored, a deleted entry.
cat >"$T/map.csv" <<'EOF'
kind,external,code
unit,DiszpKrYNg8,99001
indicator,fbfJHSPpUQD,KT06
indicator,cYeuwXTCPkU,VH01
EOF
cat >"$T/good.json" <<'EOF'
{"dataSet": "pBOMPrpg1QX", "period": "2023", "orgUnit": "DiszpKrYNg8",
 "completeDate": "2023-11-30",
 "dataValues": [
  {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "HllvX50cXC0",
   "value": "12000", "comment": "trồng thêm", "storedBy": "admin",
   "lastUpdated": "2023-12-01T10:00:00.000"},
  {"dataElement": "cYeuwXTCPkU", "period": "2023Q3", "value": "97.5",
   "followup": true, "completeDate": "2023-09-14"},
  {"dataElement": "KT07", "value": "", "deleted": true}
 ]}
EOF
newdb "$(db g)" "$D"
expect_rc 0 "$K" import --db "$(db g)" --map "$T/map.csv" "$T/good.json"
has "$T/out" "(dhis2-json): 2 số liệu, xóa 1 số liệu"
"$K" export --db "$(db g)" "$T/g" >/dev/null
has "$T/g/values.csv" "99001,KT06,2023,12000,,,final,2023-11-30,trồng thêm"
has "$T/g/values.csv" "99001,VH01,2023-Q3,97.5,,,estimate,2023-09-14,"
hasnt "$T/g/values.csv" "99001,KT07,"
# The removal is in the audit log, with the value it removed.
dbq "$(db g)" "SELECT object || '|' || old || '|' || coalesce(new, 'NULL') FROM audit WHERE action = 'value'" >"$T/audit"
has "$T/audit" "KT07@2023|177000000; estimate; note=ước thu|NULL"
# The same in DHIS2's CSV, header in another case, and SDMX-CSV 2.0 with
# ACTION D.
printf '%s\n' 'DataElement,Period,OrgUnit,CategoryOptionCombo,AttributeOptionCombo,Value,StoredBy,LastUpdated,Comment,FollowUp,Deleted' \
    'fbfJHSPpUQD,2023S1,DiszpKrYNg8,,,5000,admin,,nửa năm,false,false' \
    'KT06,2023,99001,,,,,,,,true' >"$T/good.csv"
expect_rc 0 "$K" import --db "$(db g)" --map "$T/map.csv" "$T/good.csv"
has "$T/out" "(dhis2-csv): 1 số liệu, xóa 1 số liệu"
printf '%s\n' 'STRUCTURE,STRUCTURE_ID,ACTION,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS' \
    'dataflow,KTXH:KTXH_CHI_TIEU(1.0),I,99001,KT06,2023-M10,650,E' \
    'dataflow,KTXH:KTXH_CHI_TIEU(1.0),D,99001,KT06,2023-S1,,' >"$T/good.sdmx"
expect_rc 0 "$K" import --db "$(db g)" "$T/good.sdmx"
"$K" export --db "$(db g)" "$T/g2" >/dev/null
has "$T/g2/values.csv" "99001,KT06,2023-M10,650,,,estimate,,"
hasnt "$T/g2/values.csv" "99001,KT06,2023-H1,"
hasnt "$T/g2/values.csv" "99001,KT06,2023,"

# Export through the map writes the UIDs; the same map brings them back
# to the same evaluation.
expect_rc 0 "$K" export --db "$(db dhis2-json)" --format dhis2-json --map "$T/map.csv" -o "$T/uid.json"
has "$T/uid.json" '"dataElement": "fbfJHSPpUQD"'
has "$T/uid.json" '"orgUnit": "DiszpKrYNg8"'
hasnt "$T/uid.json" '"orgUnit": "99001"'
has "$T/uid.json" '"dataElement": "KT07"'
newdb "$(db uid)" "$T/cat"
expect_rc 1 "$K" import --db "$(db uid)" "$T/uid.json"
has "$T/err" "uid.json: mục 1: trường “orgUnit”: đơn vị “DiszpKrYNg8” không phải mã đơn vị trong cơ sở dữ liệu, cũng không được ánh xạ trong tệp --map"
expect_rc 0 "$K" import --db "$(db uid)" --map "$T/map.csv" "$T/uid.json"
"$K" eval --db "$(db uid)" --unit 99001 --year 2023 --format json >"$T/got.json"
cmp -s "$T/want.json" "$T/got.json" && ok || bad "the round trip through UIDs evaluates differently"

# Each error refused with its located message, and nothing stored.
"$K" export --db "$(db g)" "$T/before" >/dev/null
refused() { # FILE TEXT...: the import of FILE fails naming each TEXT
	f=$1; shift
	expect_rc 1 "$K" import --db "$(db g)" --map "$T/map.csv" "$f"
	for m in "$@"; do has "$T/err" "$m"; done
	has "$T/err" "không nhập gì"
}
cat >"$T/bad.json" <<'EOF'
{"period": "2023", "orgUnit": "DiszpKrYNg8",
 "dataValues": [
  {"dataElement": "fbfJHSPpUQD", "value": "13000"},
  {"dataElement": "Uvn6LCg7dVU", "value": "1"},
  {"dataElement": "fbfJHSPpUQD", "categoryOptionCombo": "Prlt0C1RF0s", "value": "5"},
  {"dataElement": "fbfJHSPpUQD", "period": "2023-9M", "value": "5"},
  {"dataElement": "fbfJHSPpUQD", "period": "2023Q1", "value": "1.234,5"},
  {"dataElement": "cYeuwXTCPkU", "period": "2023Q2", "value": "120"},
  {"dataElement": "fbfJHSPpUQD", "period": "2023W5", "value": "1"}
 ]}
EOF
refused "$T/bad.json" \
    "bad.json: mục 2: trường “dataElement”: chỉ tiêu “Uvn6LCg7dVU” không phải mã chỉ tiêu" \
    "bad.json: mục 3: trường “categoryOptionCombo”: nhóm phân tổ (category option combo) “Prlt0C1RF0s” không phải mặc định: ktxh không lưu số liệu phân tổ" \
    "bad.json: mục 4: trường “period”: kỳ “2023-9M”: kỳ 9 tháng của ktxh không có trong DHIS2 và SDMX" \
    "bad.json: mục 5: trường “value”: không đọc được số “1.234,5”" \
    "bad.json: mục 6: trường “value”: tỷ lệ 120% vượt 100%" \
    "bad.json: mục 7: trường “period”: kỳ “2023W5”: kiểu kỳ này"
hasnt "$T/err" "mục 1:"
# The reader's errors and the validator's, merged in the file's order.
eq "$(grep -o 'mục [0-9]*' "$T/err" | tr '\n' ' ')" "mục 2 mục 3 mục 4 mục 5 mục 6 mục 7 " "(errors in entry order)"
printf '{"dataValues": [{"dataElement": "KT06", "value": "1",}]}' >"$T/broken.json"
refused "$T/broken.json" "broken.json:1:"
has "$T/err" "JSON không hợp lệ"
printf '{"dataValues": [{"dataElement": "KT06", "orgUnit": "99001", "period": "2023", "value": "1", "valeu": "2"}]}' >"$T/typo.json"
refused "$T/typo.json" "typo.json: mục 1: trường “valeu” không có trong định dạng dataValues của DHIS2"
printf '%s\n' 'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value' \
    'KT06,2023,99001,HllvX50cXC0,HllvX50cXC0,14000' \
    'KT06,2023Q4,99001,Prlt0C1RF0s,HllvX50cXC0,5' \
    'KT06,202313,99001,,,5' \
    'KT06,2023Q1,XXXXXXXXXXX,,,5' >"$T/bad.csv"
refused "$T/bad.csv" \
    "bad.csv:3: cột 4 (categoryoptioncombo): nhóm phân tổ" \
    "bad.csv:4: cột 2 (period): kỳ “202313”: tháng phải từ 01 đến 12" \
    "bad.csv:5: cột 3 (orgunit): đơn vị “XXXXXXXXXXX” không phải mã đơn vị"
printf '%s\n' 'DATAFLOW,REF_AREA,INDICATOR,TIME_PERIOD,OBS_VALUE,OBS_STATUS' \
    'X,99001,KT06,2023,14000,A' 'X,99001,KT06,2023-Q1,-3,A' 'X,99001,KT06,2023-Q2,5,P' >"$T/bad.sdmx"
refused "$T/bad.sdmx" \
    "bad.sdmx:3: cột 5 (OBS_VALUE): số lượng không được âm" \
    "bad.sdmx:4: cột 6 (OBS_STATUS): OBS_STATUS “P” không dùng được"
printf '%s\n' 'kind,external,code' 'unit,DiszpKrYNg8,99001' 'indikator,x,KT06' >"$T/badmap.csv"
expect_rc 1 "$K" import --db "$(db g)" --map "$T/badmap.csv" "$T/good.json"
has "$T/err" "badmap.csv:3: cột 1 (kind): “indikator” không hợp lệ"
printf 'hello\n' >"$T/what.txt"
expect_rc 1 "$K" import --db "$(db g)" "$T/what.txt"
has "$T/err" "không nhận ra định dạng"
"$K" export --db "$(db g)" "$T/after" >/dev/null
if diff -r "$T/before" "$T/after" >/dev/null; then ok; else bad "a refused import changed the database"; fi

# XLSX: the report's appendix, one figure changed as an office would in
# Excel (the sheet XML rewritten by a script), loads back and changes
# exactly that value; an unchanged workbook changes nothing.
newdb "$(db x)" "$D"
"$K" report --db "$(db x)" --unit 99001 --year 2023 --format xlsx -o "$T/r.xlsx" >/dev/null 2>&1 || bad "report xlsx"
"$K" export --db "$(db x)" "$T/x0" >/dev/null
expect_rc 0 "$K" import --db "$(db x)" "$T/r.xlsx"
has "$T/out" "(xlsx): 0 số liệu"
# edit_cell IN OUT CODE XML: the appendix cell "Thực hiện" (column E) of
# the row whose hidden code is CODE becomes XML.
edit_cell() {
	python3 - "$@" <<'PY'
import re, sys, zipfile
import xml.etree.ElementTree as ET
src, dst, code, new = sys.argv[1:5]
M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
z = zipfile.ZipFile(src)
sst = ET.fromstring(z.read('xl/sharedStrings.xml'))
strs = [''.join(t.text or '' for t in si.iter(M + 't')) for si in sst.findall(M + 'si')]
idx = strs.index(code)
sheet = z.read('xl/worksheets/sheet1.xml').decode()
row = None
for m in re.finditer(r'<row r="(\d+)".*?</row>', sheet):
	if re.search(r'<c r="J%s" t="s"><v>%d</v></c>' % (m.group(1), idx), m.group(0)):
		row = m.group(1)
assert row, "no row for " + code
sheet, n = re.subn(r'<c r="E%s"([^>]*?) t="s"><v>\d+</v></c>' % row,
                   lambda m: '<c r="E%s"%s%s</c>' % (row, m.group(1), new), sheet)
assert n == 1
out = zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED)
for it in z.infolist():
	out.writestr(it, sheet.encode() if it.filename == 'xl/worksheets/sheet1.xml' else z.read(it.filename))
out.close()
PY
}
# KT06 was 11.800 cây; typed as Vietnamese text 12.500.
edit_cell "$T/r.xlsx" "$T/r2.xlsx" KT06 ' t="inlineStr"><is><t>12.500</t></is>' || bad "edit xlsx"
expect_rc 0 "$K" import --db "$(db x)" "$T/r2.xlsx"
has "$T/out" "(xlsx): 1 số liệu"
"$K" export --db "$(db x)" "$T/x1" >/dev/null
diff "$T/x0/values.csv" "$T/x1/values.csv" >"$T/d"
grep '^[<>]' "$T/d" >"$T/dd"
eq "$(cat "$T/dd")" "< 99001,KT06,2023,11800,,,final,,tỷ lệ cây sống đạt 95%
> 99001,KT06,2023,12500,,,final,,tỷ lệ cây sống đạt 95%" "(only KT06 changes)"
for f in units indicators targets; do cmp -s "$T/x0/$f.csv" "$T/x1/$f.csv" && ok || bad "$f.csv changed"; done
# A number cell (as Excel stores a typed number) on the estimate KT07.
edit_cell "$T/r.xlsx" "$T/r3.xlsx" KT07 '><v>180000000</v>' || bad "edit xlsx"
expect_rc 0 "$K" import --db "$(db x)" "$T/r3.xlsx"
"$K" export --db "$(db x)" "$T/x2" >/dev/null
has "$T/x2/values.csv" "99001,KT07,2023,180000000,,,final,,ước thu"
# A bad figure: located to the cell, nothing stored.
edit_cell "$T/r.xlsx" "$T/r4.xlsx" KT06 ' t="inlineStr"><is><t>2,803</t></is>' || bad "edit xlsx"
expect_rc 1 "$K" import --db "$(db x)" "$T/r4.xlsx"
has "$T/err" "r4.xlsx (trang Chỉ tiêu):"
has "$T/err" "(Thực hiện): "
"$K" export --db "$(db x)" "$T/x3" >/dev/null
cmp -s "$T/x2/values.csv" "$T/x3/values.csv" && ok || bad "a refused workbook changed values"

# XLSX: a one-row-per-value sheet with shared strings, inline strings,
# number cells, a Vietnamese number in text and a date as a serial number.
python3 - "$T/v.xlsx" <<'PY'
import sys, zipfile
W = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'
R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships'
def s(ref, i): return '<c r="%s" t="s"><v>%d</v></c>' % (ref, i)
def t(ref, x): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, x)
def n(ref, x): return '<c r="%s"><v>%s</v></c>' % (ref, x)
strs = ['unit', 'indicator', 'period', 'value', 'status', 'as_of', 'note', 'KT06', 'estimate']
rows = [
  '<row r="1">' + ''.join(s(c + '1', i) for c, i in zip('ABCDEFG', range(7))) + '</row>',
  '<row r="2">' + n('A2', 99001) + s('B2', 7) + t('C2', '2023-Q2') + t('D2', '1.250,5') + s('E2', 8) + n('F2', 45107) + t('G2', 'đợt 1') + '</row>',
  '<row r="3">' + t('A3', '99001') + t('B3', 'KT06') + n('C3', 2022) + n('D3', '4100') + '</row>',
]
z = zipfile.ZipFile(sys.argv[1], 'w')
z.writestr('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
z.writestr('xl/workbook.xml', '<workbook xmlns="%s" xmlns:r="%s"><sheets><sheet name="Số liệu" sheetId="1" r:id="rId1"/></sheets></workbook>' % (W, R))
z.writestr('xl/_rels/workbook.xml.rels', '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="%s/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' % R)
z.writestr('xl/sharedStrings.xml', '<sst xmlns="%s">' % W + ''.join('<si><t>%s</t></si>' % x for x in strs) + '</sst>')
z.writestr('xl/worksheets/sheet1.xml', '<worksheet xmlns="%s"><sheetData>%s</sheetData></worksheet>' % (W, ''.join(rows)))
z.close()
PY
newdb "$(db v)" "$T/cat"
expect_rc 0 "$K" import --db "$(db v)" "$T/v.xlsx"
has "$T/out" "(xlsx): 2 số liệu"
"$K" export --db "$(db v)" "$T/v" >/dev/null
# 45107 is 30 June 2023 in Excel's 1900 date system.
has "$T/v/values.csv" "99001,KT06,2023-Q2,1250.5,,,estimate,2023-06-30,đợt 1"
has "$T/v/values.csv" "99001,KT06,2022,4100,,,final,,"
# A workbook without a sheet ktxh knows, and a damaged one.
printf 'PK\003\004 not really a zip' >"$T/junk.xlsx"
expect_rc 1 "$K" import --db "$(db v)" "$T/junk.xlsx"
has "$T/err" "junk.xlsx: không đọc được tệp XLSX"
finish
