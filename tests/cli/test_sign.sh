#!/bin/sh
# test_sign.sh: ktxh sign and ktxh verify — a report signed with a
# certificate made here by openssl is valid in ktxh and in poppler's pdfsig,
# keeps its original bytes, still opens and extracts; one flipped byte, an
# update appended after signing, an untrusted or expired CA, a wrong password
# and PDFs it cannot update are each refused with a Vietnamese reason.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
for c in openssl pdfsig pdfinfo pdftotext python3; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
EX=$ROOT/data/nhon-hung

# ---- certificates: a CA, a signer it issued, another CA, an expired CA ------
mkcerts() {
	mk_signer "$T" mat-khau-ky "/CN=Nguyễn Văn A/title=Chủ tịch UBND phường" || return 1
	cd "$T" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout o.key -out other.pem -days 30 \
	    -subj "/CN=CA khac" -addext basicConstraints=critical,CA:TRUE || return 1
	# An expired signer certificate.
	openssl x509 -req -in s.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	    -out e.pem -days -1 -extfile ext || return 1
	openssl pkcs12 -export -inkey s.key -in e.pem -certfile ca.pem -out e.p12 \
	    -passout pass:mat-khau-ky || return 1
	# A CA that has expired, and a (still valid) signer it issued.
	printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n' >caext
	openssl req -newkey rsa:2048 -nodes -keyout xca.key -out xca.csr \
	    -subj "/CN=CA het han" || return 1
	openssl x509 -req -in xca.csr -signkey xca.key -days -1 -extfile caext \
	    -out xca.pem || return 1
	openssl x509 -req -in s.csr -CA xca.pem -CAkey xca.key -CAcreateserial \
	    -out x.pem -days 30 -extfile ext || return 1
	openssl pkcs12 -export -inkey s.key -in x.pem -certfile xca.pem -out x.p12 \
	    -passout pass:mat-khau-ky || return 1
}
(mkcerts) >"$T/openssl.log" 2>&1 || { echo "skip: openssl could not make certificates"; tail -3 "$T/openssl.log"; exit 77; }
printf 'mat-khau-ky\n' >"$T/pw"
printf 'sai-mat-khau\n' >"$T/badpw"

newdb "$T/w.db" "$EX"
"$K" report --db "$T/w.db" --unit 99001 --year 2023 --kind annual --format pdf \
    -o "$T/r.pdf" >/dev/null 2>&1 || bad "report"

# ---- a good signature -----------------------------------------------------------
expect_rc 0 "$K" sign --cert "$T/s.p12" --pass-file "$T/pw" "$T/r.pdf" -o "$T/s.pdf"
has "$T/out" "Đã ký"
size=$(wc -c <"$T/r.pdf")
if cmp -s -n "$size" "$T/r.pdf" "$T/s.pdf"; then ok; else bad "the signed file does not begin with the original bytes"; fi
if [ "$(wc -c <"$T/s.pdf")" -gt "$size" ]; then ok; else bad "nothing was appended"; fi
pdfsig "$T/s.pdf" >"$T/pdfsig" 2>&1
has "$T/pdfsig" "Signature is Valid"
has "$T/pdfsig" "Total document signed"
has "$T/pdfsig" "ETSI.CAdES.detached"
has "$T/pdfsig" "SHA-256"
expect_rc 0 "$K" verify --ca "$T/ca.pem" "$T/s.pdf"
has "$T/out" "người ký: Nguyễn Văn A"
has "$T/out" "nội dung nguyên vẹn: có"
has "$T/out" "phủ toàn bộ tệp: có"
has "$T/out" "chuỗi chứng thư: tin cậy"
has "$T/out" "HỢP LỆ"
# The signing time is today's (UTC).
has "$T/out" "thời điểm ký: $(date -u +%Y-%m-%d)"
# The CMS carries the chain and the signing-certificate-v2 attribute.
pdf_sig "$T/s.pdf" "$T/sig.der"
openssl cms -cmsout -print -inform DER -in "$T/sig.der" >"$T/cms.txt" 2>&1
has "$T/cms.txt" "id-smime-aa-signingCertificateV2"
has "$T/cms.txt" "CN=CA tinh"
has "$T/cms.txt" "sha256"
# Still a PDF whose text extracts, with the figures of the inputs: KT06's
# 2023 value and target from the example's CSV, the percentage computed here.
expect_rc 0 pdfinfo "$T/s.pdf"
pdftotext "$T/s.pdf" "$T/s.txt" 2>/dev/null
want=$(python3 - "$EX" <<'PY'
import csv, sys
d = sys.argv[1]
v = [r for r in csv.DictReader(open(d + "/values.csv", encoding="utf-8-sig")) if r["indicator"] == "KT06" and r["period"] == "2023"][0]
t = [r for r in csv.DictReader(open(d + "/targets.csv", encoding="utf-8-sig")) if r["indicator"] == "KT06" and r["year"] == "2023"][0]
a, b = float(v["value"]), float(t["value"])
print(("%.2f" % (a / b * 100)).replace(".", ","))
print("{:,}".format(int(a)).replace(",", "."))
PY
)
for w in $want; do has "$T/s.txt" "$w"; done
# The visible box is on the last page, bottom right.
python3 - "$T/s.pdf" >"$T/rect" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
m = re.search(rb"/Subtype /Widget /FT /Sig.*?/Rect \[([\d. ]+)\]", b, re.S)
x0, y0, x1, y1 = map(float, m.group(1).split())
print("OK" if x0 > 297 and y1 < 120 and x1 <= 595 else "BAD %s" % m.group(1))
PY
has "$T/rect" "OK"

# ---- tampering -------------------------------------------------------------------
python3 - "$T/s.pdf" "$T/flip.pdf" <<'PY'
import sys; b = bytearray(open(sys.argv[1], "rb").read()); i = b.find(b"stream", 2000) + 40; b[i] ^= 0x01; open(sys.argv[2], "wb").write(b)
PY
pdfsig "$T/flip.pdf" >"$T/pdfsig" 2>&1
hasnt "$T/pdfsig" "Signature is Valid"
expect_rc 1 "$K" verify --ca "$T/ca.pem" "$T/flip.pdf"
has "$T/out" "nội dung nguyên vẹn: KHÔNG"
has "$T/out" "KHÔNG HỢP LỆ"
# A byte of the appended update itself (the page dictionary's copy).
python3 - "$T/s.pdf" "$T/flip2.pdf" <<'PY'
import sys; b = bytearray(open(sys.argv[1], "rb").read()); i = b.rfind(b"/AcroForm"); b[i + 2] ^= 0x20; open(sys.argv[2], "wb").write(b)
PY
expect_rc 1 "$K" verify --ca "$T/ca.pem" "$T/flip2.pdf"
# An update appended after signing (a new trailer pointing back): reported.
python3 - "$T/s.pdf" "$T/app.pdf" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
prev = int(re.findall(rb"startxref\s+(\d+)", b)[-1])
add = b"9999 0 obj\n(sua sau khi ky)\nendobj\n"
off = len(b)
x = len(b) + len(add)
add += b"xref\n9999 1\n%010d 00000 n \ntrailer\n<< /Size 10000 /Root 107 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (off, prev, x)
open(sys.argv[2], "wb").write(b + add)
PY
expect_rc 1 "$K" verify --ca "$T/ca.pem" "$T/app.pdf"
has "$T/out" "được nối thêm sau khi ký"
has "$T/out" "nội dung nguyên vẹn: có"

# ---- trust -------------------------------------------------------------------------
expect_rc 1 "$K" verify --ca "$T/other.pem" "$T/s.pdf"
has "$T/out" "chuỗi chứng thư: KHÔNG tin cậy"
has "$T/out" "không do tổ chức chứng thực (CA) tin cậy nào cấp"
# Without --ca the system store is used: our test CA is not in it.
expect_rc 1 "$K" verify "$T/s.pdf"
has "$T/out" "KHÔNG tin cậy"
expect_rc 0 "$K" sign --cert "$T/x.p12" --pass-file "$T/pw" "$T/r.pdf" -o "$T/x.pdf"
expect_rc 1 "$K" verify --ca "$T/xca.pem" "$T/x.pdf"
has "$T/out" "đã hết hạn"
expect_rc 2 "$K" verify --ca "$T/nothing.pem" "$T/s.pdf"

# ---- signing refused ------------------------------------------------------------------
expect_rc 1 "$K" sign --cert "$T/s.p12" --pass-file "$T/badpw" "$T/r.pdf" -o "$T/n.pdf"
has "$T/err" "sai mật khẩu"
if [ -e "$T/n.pdf" ]; then bad "a wrong password left a file"; else ok; fi
expect_rc 1 "$K" sign --cert "$T/e.p12" --pass-file "$T/pw" "$T/r.pdf" -o "$T/n.pdf"
has "$T/err" "đã hết hạn"
expect_rc 1 "$K" sign --cert "$T/ca.pem" --pass-file "$T/pw" "$T/r.pdf" -o "$T/n.pdf"
has "$T/err" "PKCS#12"
# Signed once already: refused rather than a second form.
expect_rc 1 "$K" sign --cert "$T/s.p12" --pass-file "$T/pw" "$T/s.pdf" -o "$T/n.pdf"
has "$T/err" "đã có biểu mẫu hoặc chữ ký"
# An xref stream (PDF 1.5 compressed cross references): refused clearly.
python3 - "$T/xs.pdf" <<'PY'
import sys
b = b"%PDF-1.5\n"
o = len(b)
b += b"1 0 obj\n<< /Type /XRef /Size 2 /W [1 2 1] /Length 0 >>\nstream\n\nendstream\nendobj\n"
b += b"startxref\n%d\n%%%%EOF\n" % o
open(sys.argv[1], "wb").write(b)
PY
expect_rc 1 "$K" sign --cert "$T/s.p12" --pass-file "$T/pw" "$T/xs.pdf" -o "$T/n.pdf"
has "$T/err" "xref stream"
printf 'not a pdf' >"$T/junk.pdf"
expect_rc 1 "$K" sign --cert "$T/s.p12" --pass-file "$T/pw" "$T/junk.pdf" -o "$T/n.pdf"
has "$T/err" "không phải tệp PDF"
expect_rc 2 "$K" verify "$T/junk.pdf"
expect_rc 2 "$K" verify "$T/missing.pdf"
expect_rc 2 "$K" sign --cert "$T/s.p12" "$T/missing.pdf" -o "$T/n.pdf"
expect_rc 1 "$K" verify --ca "$T/ca.pem" "$T/r.pdf"
has "$T/out" "không có chữ ký số"
if [ -e "$T/n.pdf" ]; then bad "a refused signing left a file"; else ok; fi
finish
