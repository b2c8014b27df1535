#!/bin/sh
# test_bundle.sh: ktxh bundle create|verify|import — a commune's period
# travels as one signed zip and arrives whole in a second database (the same
# `ktxh eval`); a changed CSV, a changed PDF, a replaced manifest, a file
# added or removed, a hostile name and a zip bomb are each refused with the
# file named, and a refused import writes nothing.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
for c in openssl python3 pdfsig; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
EX=$ROOT/data/nhon-hung

mkcerts() {
	mk_signer "$T" mk-goi || return 1
	cd "$T" || return 1
	openssl req -x509 -newkey rsa:2048 -nodes -keyout o.key -out other.pem -days 30 \
	    -subj "/CN=CA khac" -addext basicConstraints=critical,CA:TRUE || return 1
	# A second signer from the same CA, to forge a replaced manifest.
	openssl req -newkey rsa:2048 -nodes -keyout m.key -out m.csr -subj "/CN=Ke gia mao" || return 1
	openssl x509 -req -in m.csr -CA other.pem -CAkey o.key -CAcreateserial \
	    -out m.pem -days 30 -extfile ext || return 1
}
(mkcerts) >"$T/openssl.log" 2>&1 || { echo "skip: openssl could not make certificates"; exit 77; }
printf 'mk-goi\n' >"$T/pw"

newdb "$T/w.db" "$EX"
expect_rc 0 "$K" bundle create --db "$T/w.db" --unit "Nhơn Hưng" --period 2023 \
    --cert "$T/s.p12" --pass-file "$T/pw" -o "$T/b.ktxh"
has "$T/out" "Đã tạo gói"
expect_rc 0 "$K" bundle verify --ca "$T/ca.pem" "$T/b.ktxh"
has "$T/out" "Chu tich UBND phuong Nhon Hung"
has "$T/out" "Gói nguyên vẹn"
# Without --ca: the hashes and signatures hold, the chain is only warned of.
expect_rc 0 "$K" bundle verify "$T/b.ktxh"
has "$T/out" "Cảnh báo"
# With a CA that did not issue the signer: refused.
expect_rc 1 "$K" bundle verify --ca "$T/other.pem" "$T/b.ktxh"
has "$T/out" "không tin cậy"

# What the bundle holds, checked against the example's CSV files.
python3 - "$T/b.ktxh" "$EX" >"$T/py" <<'PY'
import csv, hashlib, sys, zipfile
z = zipfile.ZipFile(sys.argv[1]); ex = sys.argv[2]
names = set(z.namelist())
def rows(name):
    return list(csv.DictReader(z.read(name).decode("utf-8-sig").splitlines()))
def exrows(name):
    return list(csv.DictReader(open(ex + "/" + name, encoding="utf-8-sig")))
for need in ("bao-cao.pdf", "manifest.sha256", "manifest.sha256.p7s", "data/units.csv",
             "data/indicators.csv", "data/targets.csv", "data/values.csv"):
    print("OK" if need in names else "BAD missing " + need)
man = {}
for line in z.read("manifest.sha256").decode().splitlines():
    h, n = line.split("  ", 1); man[n] = h
others = names - {"manifest.sha256", "manifest.sha256.p7s"}
print("OK" if set(man) == others else "BAD manifest lists %s, zip has %s" % (sorted(man), sorted(others)))
for n in others:
    print("OK" if hashlib.sha256(z.read(n)).hexdigest() == man[n] else "BAD hash of " + n)
# values: the unit's rows of 2022 and 2023 (last year's are the base of changes)
want = sorted((r["indicator"], r["period"]) for r in exrows("values.csv")
              if r["unit"] == "99001" and r["period"][:4] in ("2022", "2023"))
got = sorted((r["indicator"], r["period"]) for r in rows("data/values.csv"))
print("OK" if want == got else "BAD values %d want %d" % (len(got), len(want)))
want = sorted(r["indicator"] for r in exrows("targets.csv") if r["unit"] == "99001" and r["year"] in ("2022", "2023"))
got = sorted(r["indicator"] for r in rows("data/targets.csv"))
print("OK" if want == got else "BAD targets %d want %d" % (len(got), len(want)))
# units: the commune and its ancestors
u = {r["code"]: r for r in exrows("units.csv")}
chain, c = [], "99001"
while c:
    chain.append(c); c = u[c]["parent"]
got = sorted(r["code"] for r in rows("data/units.csv"))
print("OK" if sorted(chain) == got else "BAD units %s want %s" % (got, sorted(chain)))
print("OK" if z.read("bao-cao.pdf").startswith(b"%PDF-") else "BAD no PDF")
PY
while IFS= read -r line; do case $line in OK*) ok ;; BAD*) bad "${line#BAD }" ;; esac; done <"$T/py"
# The report inside is signed.
python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("bao-cao.pdf"))' "$T/b.ktxh" "$T/in.pdf"
pdfsig "$T/in.pdf" >"$T/pdfsig" 2>&1
has "$T/pdfsig" "Signature is Valid"
expect_rc 0 "$K" verify --ca "$T/ca.pem" "$T/in.pdf"

# ---- the round trip ---------------------------------------------------------------
newdb "$T/p.db"
expect_rc 0 "$K" bundle import --db "$T/p.db" --ca "$T/ca.pem" "$T/b.ktxh"
has "$T/out" "Đã nhập gói"
"$K" eval --db "$T/w.db" --unit 99001 --year 2023 --format json >"$T/a.json" 2>&1
"$K" eval --db "$T/p.db" --unit 99001 --year 2023 --format json >"$T/b.json" 2>&1
if cmp -s "$T/a.json" "$T/b.json"; then ok; else bad "evaluation after bundle import differs"; diff "$T/a.json" "$T/b.json" | head -5; fi
has "$T/b.json" '"code": "99001"'
# Texts came too, and the import is in the audit log.
"$K" text get --db "$T/p.db" --unit 99001 --period 2023 --section kinh-te >"$T/t1" 2>&1
"$K" text get --db "$T/w.db" --unit 99001 --period 2023 --section kinh-te >"$T/t2" 2>&1
if [ -s "$T/t1" ] && cmp -s "$T/t1" "$T/t2"; then ok; else bad "texts differ after bundle import"; fi
expect_rc 0 "$K" audit verify --db "$T/p.db"
# Importing the same bundle again changes nothing.
expect_rc 0 "$K" bundle import --db "$T/p.db" "$T/b.ktxh"
"$K" eval --db "$T/p.db" --unit 99001 --year 2023 --format json >"$T/c.json" 2>&1
if cmp -s "$T/a.json" "$T/c.json"; then ok; else bad "a second import changed the evaluation"; fi

# ---- tampering: each refused, the file named ------------------------------------------
# refused KIND FILE-NAMED: bundle verify exits 1 naming the file; import
# writes nothing.
refused() {
	bundle_tamper "$T/b.ktxh" "$T/bad-$1.ktxh" "$1" || { bad "could not make the $1 bundle"; return; }
	expect_rc 1 "$K" bundle verify --ca "$T/ca.pem" "$T/bad-$1.ktxh"
	has "$T/out" "$2"
	rm -f "$T/q.db"; newdb "$T/q.db"
	expect_rc 1 "$K" bundle import --db "$T/q.db" "$T/bad-$1.ktxh"
	has "$T/err" "không nhập gì"
	expect_rc 1 "$K" eval --db "$T/q.db" --unit 99001 --year 2023
}
refused csv "data/values.csv: nội dung khác với bảng kê"
refused pdf "bao-cao.pdf: nội dung khác với bảng kê"
refused remove "data/targets.csv: có trong bảng kê nhưng không có trong gói"
refused add "data/extra.csv: tệp không có trong bảng kê"
refused manifest "manifest.sha256: bảng kê không khớp với chữ ký"
refused nosig "manifest.sha256.p7s: gói thiếu chữ ký"
refused traversal "../../evil.csv"
refused absolute "/tmp/evil.csv"
# A manifest re-signed by someone else: intact, but not from a trusted CA.
refused forged "manifest.sha256.p7s: chuỗi chứng thư không tin cậy"
if [ -e "$T/../evil.csv" ] || [ -e /tmp/evil.csv ]; then bad "a hostile name was written"; else ok; fi

# Signed by the ward's own key but carrying more than its own rows: the
# signature holds, the import is refused naming the row, nothing written.
bundle_tamper "$T/b.ktxh" "$T/scope.ktxh" scope || bad "could not make the scope bundle"
expect_rc 0 "$K" bundle verify --ca "$T/ca.pem" "$T/scope.ktxh"
R=$(db r1)
newdb "$R"
expect_rc 1 "$K" bundle import --db "$R" --ca "$T/ca.pem" "$T/scope.ktxh"
line=$(($(python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("data/values.csv"))' "$T/b.ktxh" | wc -l) + 1))
has "$T/err" "values.csv:$line: cột 1 (unit): đơn vị “99002” không phải đơn vị của gói (99001)"
eq "$(dbq "$R" "SELECT count(*) FROM actual")|$(dbq "$R" "SELECT count(*) FROM submission")" "0|0" "values and reports after the refused scope bundle"
# What the receiving database has of the catalogue stays as it has it: a
# bundle that renames the province imports, the province keeps its name.
bundle_tamper "$T/b.ktxh" "$T/rename.ktxh" rename || bad "could not make the rename bundle"
R=$(db r2)
newdb "$R"
expect_rc 0 "$K" bundle import --db "$R" --ca "$T/ca.pem" "$T/b.ktxh"
expect_rc 0 "$K" bundle import --db "$R" --ca "$T/ca.pem" "$T/rename.ktxh"
eq "$(dbq "$R" "SELECT name FROM unit WHERE code = '89'")" "An Giang" "the province's name after a bundle that renames it"
# … and into a database without the province, the bundle's units come in.
R=$(db r3)
newdb "$R"
expect_rc 0 "$K" bundle import --db "$R" --ca "$T/ca.pem" "$T/rename.ktxh"
eq "$(dbq "$R" "SELECT name FROM unit WHERE code = '89'")" "Tỉnh Giả Mạo" "the province of a bundle into an empty database"

# One byte flipped in the zip itself, inside the compressed data of a file:
# refused, that file named.
python3 - "$T/b.ktxh" "$T/raw.ktxh" <<'PY'
import struct, sys, zipfile
b = bytearray(open(sys.argv[1], "rb").read())
i = zipfile.ZipFile(sys.argv[1]).getinfo("data/targets.csv")
n, e = struct.unpack("<HH", b[i.header_offset + 26:i.header_offset + 30])
b[i.header_offset + 30 + n + e + i.compress_size // 2] ^= 0x10
open(sys.argv[2], "wb").write(b)
PY
expect_rc 1 "$K" bundle verify --ca "$T/ca.pem" "$T/raw.ktxh"
has "$T/out" "data/targets.csv"
# A zip bomb: 100 MiB of zeros in a few hundred kilobytes.
python3 - "$T/bomb.ktxh" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as w:
    with w.open("data/values.csv", "w", force_zip64=True) as f:
        z = bytes(1 << 20)
        for _ in range(100):
            f.write(z)
PY
expect_rc 1 "$K" bundle verify "$T/bomb.ktxh"
has "$T/out" "quá lớn"
printf 'not a zip' >"$T/junk.ktxh"
expect_rc 2 "$K" bundle verify "$T/junk.ktxh"
expect_rc 2 "$K" bundle verify "$T/missing.ktxh"

# The acceptance check's way: unzip, change nothing, zip -r again (folder
# entries): still valid; then one space appended to a CSV: refused.
if command -v zip >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1; then
	mkdir "$T/u" && (cd "$T/u" && unzip -q "$T/b.ktxh" && zip -q -r "$T/re.ktxh" .)
	expect_rc 0 "$K" bundle verify --ca "$T/ca.pem" "$T/re.ktxh"
	printf ' ' >>"$T/u/data/indicators.csv"
	(cd "$T/u" && zip -q -r "$T/re2.ktxh" .)
	expect_rc 1 "$K" bundle verify --ca "$T/ca.pem" "$T/re2.ktxh"
	has "$T/out" "data/indicators.csv"
fi

# ---- usage ----------------------------------------------------------------------------
expect_rc 2 "$K" bundle create --db "$T/w.db" --unit 99001 --period 2023 -o "$T/x.ktxh"
has "$T/err" "--cert"
expect_rc 1 "$K" bundle create --db "$T/w.db" --unit 99001 --period 2023x \
    --cert "$T/s.p12" --pass-file "$T/pw" -o "$T/x.ktxh"
has "$T/err" "--period"
expect_rc 1 "$K" bundle create --db "$T/w.db" --unit 12345 --period 2023 \
    --cert "$T/s.p12" --pass-file "$T/pw" -o "$T/x.ktxh"
if [ -e "$T/x.ktxh" ]; then bad "a refused bundle left a file"; else ok; fi
expect_rc 2 "$K" bundle frobnicate "$T/b.ktxh"
finish
