#!/bin/sh
# test_pkcs11.sh: ktxh sign and ktxh bundle create with the key on a PKCS#11
# token (the way officials sign, with a USB token), on SoftHSM2: a key and
# certificate made here by openssl are put on a software token; the signed
# report is valid in ktxh and in poppler's pdfsig; a wrong PIN, a missing PIN,
# an unknown token or object, a driver that does not load and --cert with
# --pkcs11 are each refused with a Vietnamese reason and write nothing.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
for c in openssl pdfsig softhsm2-util pkcs11-tool; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
MOD=""
for m in /usr/lib/softhsm/libsofthsm2.so /usr/lib/*/softhsm/libsofthsm2.so; do
	[ -f "$m" ] && { MOD=$m; break; }
done
[ -n "$MOD" ] || { echo "skip: libsofthsm2.so not found"; exit 77; }
EX=$ROOT/data/nhon-hung

# ---- a CA, a signer it issued, both on a software token -------------------
export SOFTHSM2_CONF="$T/softhsm2.conf"
mkdir -p "$T/tokens"
printf 'directories.tokendir = %s\nobjectstore.backend = file\n' "$T/tokens" >"$SOFTHSM2_CONF"
mktoken() {
	mk_signer "$T" unused "/CN=Trần Thị B/title=Chủ tịch UBND xã" || return 1
	cd "$T" || return 1
	openssl pkcs8 -topk8 -nocrypt -in s.key -out s8.pem || return 1
	openssl x509 -in s.pem -outform der -out s.der || return 1
	openssl x509 -in ca.pem -outform der -out ca.der || return 1
	softhsm2-util --init-token --free --label "UBND xa" --pin 123456 --so-pin 654321 || return 1
	softhsm2-util --import s8.pem --token "UBND xa" --label chu-tich --id 01 --pin 123456 || return 1
	pkcs11-tool --module "$MOD" --token-label "UBND xa" --login --pin 123456 \
	    --write-object s.der --type cert --id 01 --label chu-tich || return 1
	pkcs11-tool --module "$MOD" --token-label "UBND xa" --login --pin 123456 \
	    --write-object ca.der --type cert --id 02 --label ca || return 1
}
(mktoken) >"$T/token.log" 2>&1 || { echo "skip: could not make a SoftHSM2 token"; tail -5 "$T/token.log"; exit 77; }
printf '123456\n' >"$T/pin"
printf '000000\n' >"$T/badpin"
URI="pkcs11:token=UBND%20xa;object=chu-tich?module-path=$MOD"

newdb "$T/w.db" "$EX"
"$K" report --db "$T/w.db" --unit 99001 --year 2023 --kind annual --format pdf \
    -o "$T/r.pdf" >/dev/null 2>&1 || bad "report"

# ---- a good signature from the token ----------------------------------------
expect_rc 0 "$K" sign --pkcs11 "$URI" --pass-file "$T/pin" "$T/r.pdf" -o "$T/s.pdf"
has "$T/out" "Đã ký"
pdfsig "$T/s.pdf" >"$T/pdfsig" 2>&1
has "$T/pdfsig" "Signature is Valid"
has "$T/pdfsig" "Trần Thị B"
expect_rc 0 "$K" verify --ca "$T/ca.pem" "$T/s.pdf"
has "$T/out" "người ký: Trần Thị B"
has "$T/out" "chuỗi chứng thư: tin cậy"
# The signature is the token key's: it verifies against the certificate
# made by openssl above, not only against what the CMS carries.
pdf_sig "$T/s.pdf" "$T/sig.der" "$T/signed.bin"
openssl cms -cmsout -print -inform DER -in "$T/sig.der" >"$T/cms.txt" 2>&1
has "$T/cms.txt" "CA tinh"
if openssl cms -verify -binary -inform DER -in "$T/sig.der" -content "$T/signed.bin" \
    -certfile "$T/s.pem" -CAfile "$T/ca.pem" -purpose any -out /dev/null >"$T/osv" 2>&1; then
	ok
else
	bad "openssl cms -verify refused the token's signature"; cat "$T/osv"
fi
# The object may be chosen by id as well as by label.
expect_rc 0 "$K" sign --pkcs11 "pkcs11:token=UBND%20xa;id=%01?module-path=$MOD" \
    --pass-file "$T/pin" "$T/r.pdf" -o "$T/s2.pdf"
# Without module-path: p11-kit's proxy of the registered drivers (Debian's
# softhsm2 registers itself, as token vendors' packages do).
if [ -f /usr/share/p11-kit/modules/softhsm2.module ]; then
	expect_rc 0 "$K" sign --pkcs11 "pkcs11:token=UBND%20xa;object=chu-tich" \
	    --pass-file "$T/pin" "$T/r.pdf" -o "$T/s5.pdf"
	pdfsig "$T/s5.pdf" >"$T/pdfsig5" 2>&1
	has "$T/pdfsig5" "Signature is Valid"
fi
# The PIN may come in the URI (pin-value), as RFC 7512 allows.
expect_rc 0 "$K" sign --pkcs11 "$URI&pin-value=123456" "$T/r.pdf" -o "$T/s3.pdf"

# ---- a bundle signed with the token ----------------------------------------
expect_rc 0 "$K" bundle create --db "$T/w.db" --unit 99001 --period 2023 \
    --pkcs11 "$URI" --pass-file "$T/pin" -o "$T/b.ktxh"
expect_rc 0 "$K" bundle verify --ca "$T/ca.pem" "$T/b.ktxh"

# ---- refusals: each names the cause and writes nothing ----------------------
refused() {	# refused RC TEXT ARGS...: exit RC, TEXT said, no output file
	rc=$1 text=$2; shift 2
	rm -f "$T/x.pdf"
	expect_rc "$rc" "$K" sign "$@" "$T/r.pdf" -o "$T/x.pdf"
	has "$T/err" "$text"
	if [ -e "$T/x.pdf" ]; then bad "a refused signing wrote $T/x.pdf"; else ok; fi
}
refused 1 "không nhận mã PIN" --pkcs11 "$URI" --pass-file "$T/badpin"
refused 1 "cần mã PIN" --pkcs11 "$URI"
refused 1 "không thấy thiết bị ký \"Không có\"" \
    --pkcs11 "pkcs11:token=Kh%C3%B4ng%20c%C3%B3;object=chu-tich?module-path=$MOD" --pass-file "$T/pin"
refused 1 "không có chứng thư số nào mang nhãn \"pho-chu-tich\"" \
    --pkcs11 "pkcs11:token=UBND%20xa;object=pho-chu-tich?module-path=$MOD" --pass-file "$T/pin"
refused 1 "không nạp được thư viện PKCS#11" \
    --pkcs11 "pkcs11:token=UBND%20xa?module-path=$T/khong-co.so" --pass-file "$T/pin"
refused 1 "địa chỉ thiết bị ký không hợp lệ" --pkcs11 "http://token" --pass-file "$T/pin"
refused 2 "cần đúng một trong hai" --pkcs11 "$URI" --cert "$T/s.pem" --pass-file "$T/pin"
refused 2 "cần đúng một trong hai"
# The wrong PIN above did not lock the token (SoftHSM2 counts, and allows more).
expect_rc 0 "$K" sign --pkcs11 "$URI" --pass-file "$T/pin" "$T/r.pdf" -o "$T/s4.pdf"
finish
