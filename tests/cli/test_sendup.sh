#!/bin/sh
# test_sendup.sh: a report sent up inside the system (docs/signing.md,
# docs/api.md), black-box over HTTP with curl. The key file of ktxh serve
# (created 0600, refused when others may read it or it is not 32 bytes);
# the admin's upload of the ward's certificate (made by openssl here), whose
# password and PKCS#12 bytes never reach the database in clear; signing
# refused before approval (409), by the wrong roles and units (403); the
# signed report checked (signer, intact, trusted) with the figures of
# `ktxh eval`; unseen above until sent; sending, a double send (409), the
# province's inbox, a return without a reason (422), with a stale version
# (409), with a reason (the period reopens with it), a later edit that
# changes neither the stored PDF nor the figures sent; a second round
# accepted; the audit chain; a byte flipped in the stored PDF shown as
# tampered; a server with another key or none cannot sign; `ktxh bundle
# import` lands as a report sent up; the same bundle uploaded on the
# province's Báo cáo gửi lên and to the API: refused when not signed in,
# without the form's token, by accounts not above the ward (403), tampered
# (the file named), not a zip, empty or too big — each leaving the database
# as it was — then received: in the inbox, its figures imported, the same
# evaluation as the command line's import. Runs on SQLite and PostgreSQL.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
for c in openssl python3 curl; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
HC="python3 $ROOT/tests/http/httpcheck.py"
cp "$K" "$T/ktxh" && K=$T/ktxh
DB=$(db s)
PW=Mat-khau-dai-2026
P12PASS='mk-chu-tich-7f3a'

mk_signer "$T" "$P12PASS" "/CN=Chu tich UBND phuong Nhon Hung/title=Chu tich" ||
	{ echo "skip: openssl could not make certificates"; exit 77; }

# ---- the server and requests -------------------------------------------------
SPID=
trap 'if [ -n "$SPID" ]; then kill "$SPID" 2>/dev/null; fi; rm -rf "$T"' EXIT
# start_server ARGS…: ktxh serve on a free port with ARGS; 0 when it answers.
start_server() {
	PORT=$($HC port)
	B=http://127.0.0.1:$PORT
	"$K" serve --db "$DB" --listen "127.0.0.1:$PORT" "$@" >"$T/serve.log" 2>&1 </dev/null &
	SPID=$!
	$HC wait "$PORT" 15
}
stop_server() {
	[ -n "$SPID" ] || return 0
	kill -TERM "$SPID" 2>/dev/null; wait "$SPID"; _rc=$?; SPID=
	[ "$_rc" = 0 ] && ok || bad "ktxh serve exited with $_rc after SIGTERM"
}
# req WHO METHOD PATH [CURL ARGS…]: as a signed-in jar ($T/jar.WHO) or with
# a token (tok:NAME); $code, the body in $T/body, the headers in $T/hdr.
req() {
	who=$1; m=$2; p=$3; shift 3
	case $who in
	tok:*) eval "tk=\${TOK_${who#tok:}}"; set -- -H "Authorization: Bearer $tk" "$@" ;;
	*) set -- -b "$T/jar.$who" "$@" ;;
	esac
	[ "$m" = GET ] || set -- -X "$m" "$@"
	code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' --max-time 120 "$@" "$B$p" </dev/null)
}
# st WANT WHO METHOD PATH [ARGS…]: the status is WANT.
st() {
	want=$1; shift
	req "$@"
	if [ "$code" = "$want" ]; then ok; else bad "$2 $3 as $1: status $code, want $want — $(head -c 300 "$T/body")"; fi
}
jq() { $HC jq "$T/body" "$1" 2>&1; }
login() {
	jar=$T/jar.$1; rm -f "$jar"
	curl -s -c "$jar" -b "$jar" "$B/login" >"$T/login.html" </dev/null
	c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -1)
	curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=$1" \
	    --data-urlencode "password=$PW" --data-urlencode "csrf=$c" "$B/login" </dev/null
	c=$(curl -s -b "$jar" "$B/password" </dev/null |
	    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
	eval "CS_$1=\$c"
}
# The state of a period as the API shows it.
pstate() { req tok:admin GET "/api/v1/state?unit=99001&period=$1"; jq "d['state'] + '|' + (d['reason'] or '')"; }
# flip_pdf ID: one byte of the stored PDF of submission ID changed in place.
flip_pdf() {
	if is_pg; then
		pg_psql -d "$(pg_name "$DB")" -Atqc "UPDATE submission SET pdf = set_byte(pdf, 5000, get_byte(pdf, 5000) # 1) WHERE id = $1" >/dev/null
	else
		python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); b = bytearray(c.execute("SELECT pdf FROM submission WHERE id = ?", (sys.argv[2],)).fetchone()[0])
b[5000] ^= 1; c.execute("UPDATE submission SET pdf = ? WHERE id = ?", (bytes(b), sys.argv[2])); c.commit()' "$DB" "$1"
	fi
}

# ---- data, accounts ------------------------------------------------------------
newdb "$DB" "$ROOT/data/nhon-hung" || { finish; exit 1; }
mkuser() {
	if printf '%s\n' "$PW" | "$K" user add --db "$DB" "$@" >/dev/null 2>"$T/err"; then ok; else bad "user add $*: $(cat "$T/err")"; fi
}
mkuser --name admin --role admin
mkuser --name appr1 --role approver --unit 99001
mkuser --name off1 --role officer --unit 99001 --sector kinh-te
mkuser --name appr2 --role approver --unit 99002
mkuser --name viewp --role viewer --unit 89
mkuser --name view2 --role viewer --unit 99002
for a in admin appr1 off1 appr2 viewp view2; do
	eval "TOK_$a=\$(\"\$K\" token add --db \"\$DB\" --name $a --label kiem-thu 2>/dev/null </dev/null)"
done

# ---- the key file --------------------------------------------------------------
printf 'short' >"$T/bad.key"; chmod 600 "$T/bad.key"
expect_rc 2 "$K" serve --db "$DB" --listen 127.0.0.1:1 --key-file "$T/bad.key"
has "$T/err" "cần đúng 32 byte"
head -c 32 /dev/urandom >"$T/open.key"; chmod 644 "$T/open.key"
expect_rc 2 "$K" serve --db "$DB" --listen 127.0.0.1:1 --key-file "$T/open.key"
has "$T/err" "chmod 600"
start_server --key-file "$T/server.key" --ca "$T/ca.pem" && ok || { bad "ktxh serve did not start"; cat "$T/serve.log"; finish; exit 1; }
eq "$(stat -c '%a %s' "$T/server.key")" "600 32" "the created key file's mode and size"
has "$T/serve.log" "đã tạo khóa mới"
for a in admin appr1 off1 appr2 viewp view2; do login $a; done

# ---- the certificate -------------------------------------------------------------
cert() { # WHO PASSWORD [FILE]
	st "$1" "$2" POST /admin/cert -F "csrf=$(eval echo \$CS_$2)" -F unit=99001 \
	    -F "p12=@${4:-$T/s.p12}" -F "password=$3"
}
cert 403 appr1 "$P12PASS"
cert 422 admin wrong-password
has "$T/body" "sai mật khẩu"
cert 422 admin "$P12PASS" "$T/ca.pem"
has "$T/body" "không phải tệp chứng thư PKCS#12"
eq "$(dbq "$DB" "SELECT count(*) FROM unit_cert")" 0 "certificates after refused uploads"
cert 303 admin "$P12PASS"
eq "$(dbq "$DB" "SELECT subject FROM unit_cert WHERE unit = '99001'")" "Chu tich UBND phuong Nhon Hung" "the stored certificate's subject"
# Sealed: neither the password nor the PKCS#12 bytes are in the database.
if is_pg; then sealed=$(dbq "$DB" "SELECT encode(sealed, 'hex') FROM unit_cert"); else sealed=$(dbq "$DB" "SELECT lower(hex(sealed)) FROM unit_cert"); fi
p12hex=$(od -An -v -tx1 "$T/s.p12" | tr -d ' \n')
passhex=$(printf '%s' "$P12PASS" | od -An -v -tx1 | tr -d ' \n')
case $sealed in *"$(echo "$p12hex" | cut -c1-64)"*|*"$passhex"*) bad "the sealed certificate holds the PKCS#12 or its password in clear" ;; "") bad "no sealed certificate" ;; *) ok ;; esac
if is_pg; then
	pg_psql -d "$(pg_name "$DB")" -Atqc "SELECT * FROM audit" | grep -qF "$P12PASS" && bad "the password is in the audit log" || ok
else
	grep -aqF "$P12PASS" "$DB" && bad "the password is in the database file" || ok
fi
req admin GET /admin
has "$T/body" "Chu tich UBND phuong Nhon Hung"

# ---- signing: the state, the roles ------------------------------------------------
st 409 tok:appr1 POST /api/v1/submissions -d unit=99001 -d period=2023
has "$T/body" "Đang nhập"
st 403 appr1 POST /api/v1/submissions -d unit=99001 -d period=2023
has "$T/body" "chống giả mạo"
st 303 off1 POST /workflow -d "csrf=$CS_off1" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=submit
st 303 appr1 POST /workflow -d "csrf=$CS_appr1" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=approve
eq "$(pstate 2023)" "approved|" "the state after approval"
for w in off1 viewp appr2 view2; do
	st 403 "tok:$w" POST /api/v1/submissions -d unit=99001 -d period=2023
done
st 403 off1 POST /reports/sign -d "csrf=$CS_off1" -d action=sign -d unit=99001 -d period=2023
st 422 tok:appr1 POST /api/v1/submissions -d unit=99001 -d period=2023-M13
st 422 tok:appr1 POST /api/v1/submissions -H 'Content-Type: application/json' --data '{"unit":"99001","period":"2023","typo":1}'
eq "$(dbq "$DB" "SELECT count(*) FROM submission")" 0 "submissions after refused signings"
st 303 appr1 POST /reports/sign -d "csrf=$CS_appr1" -d action=sign -d unit=99001 -d period=2023
case $(sed -n 's/^[Ll]ocation: *//p' "$T/hdr" | tr -d '\r') in
/reports\?unit=99001\&year=2023\&period=2023\&sendup=sign*) ok ;;
*) bad "POST /reports/sign led to “$(sed -n 's/^[Ll]ocation: *//p' "$T/hdr")”" ;;
esac
req tok:appr1 GET /api/v1/submissions/1
eq "$(jq "d['state']")" signed "the state after signing"
eq "$(jq "[d['verification'][k] for k in ('valid', 'intact', 'trusted', 'hash_matches')]")" "[true, true, true, true]" "the signed report's check"
eq "$(jq "d['verification']['signer']")" "Chu tich UBND phuong Nhon Hung" "the signer"
eq "$(jq "d['signed_by']")" appr1 "who signed"
# The figures signed are those of `ktxh eval`.
jq "json.dumps(d['snapshot'])" >"$T/snap.json"
"$K" eval --db "$DB" --unit 99001 --year 2023 --format json >"$T/eval.json"
if $HC jsoneq "$T/snap.json" "$T/eval.json" >"$T/diff"; then ok; else bad "the snapshot differs from ktxh eval: $(cat "$T/diff")"; fi
# The signed PDF: a PAdES signature ktxh verify and pdfsig accept.
st 200 tok:appr1 GET /api/v1/submissions/1/pdf
cp "$T/body" "$T/signed.pdf"
grep -qi '^content-type: application/pdf' "$T/hdr" && ok || bad "the PDF download is not application/pdf"
expect_rc 0 "$K" verify --ca "$T/ca.pem" "$T/signed.pdf"
if command -v pdfsig >/dev/null 2>&1; then
	pdfsig "$T/signed.pdf" >"$T/pdfsig" 2>&1; has "$T/pdfsig" "Signature is Valid"
fi
# Signed, not sent: the level above does not see it, nor a sibling ward.
req tok:viewp GET /api/v1/submissions
eq "$(jq "len(d['submissions'])")" 0 "reports the province sees before sending"
st 404 tok:viewp GET /api/v1/submissions/1
st 404 viewp GET "/inbox/item?id=1"
st 404 tok:viewp POST /api/v1/submissions/1/accept

# ---- sending ----------------------------------------------------------------------
for w in off1 appr2; do st 403 "tok:$w" POST /api/v1/submissions/1/send; done
st 404 tok:viewp POST /api/v1/submissions/1/send
st 409 tok:appr1 POST /api/v1/submissions/1/send -d version=9
st 200 tok:appr1 POST /api/v1/submissions/1/send -d version=1
eq "$(jq "d['state'] + '|' + d['sent_by']")" "sent|appr1" "the state after sending"
st 409 tok:appr1 POST /api/v1/submissions/1/send
has "$T/body" "đã gửi"
st 409 tok:appr1 POST /api/v1/submissions -d unit=99001 -d period=2023
# The province's inbox; a sibling ward sees nothing.
req tok:viewp GET "/api/v1/submissions?state=sent"
eq "$(jq "[(s['id'], s['unit'], s['state']) for s in d['submissions']]")" '[[1, "99001", "sent"]]' "the province's inbox"
req tok:view2 GET /api/v1/submissions
eq "$(jq "len(d['submissions'])")" 0 "reports the other ward sees"
st 403 tok:view2 GET /api/v1/submissions/1
st 400 tok:viewp GET "/api/v1/submissions?state=signed"
st 200 viewp GET "/?unit=89&year=2023"
has "$T/body" "Có 1 báo cáo cấp dưới gửi lên đang chờ tiếp nhận"
st 200 appr1 GET "/?unit=99001&year=2023"
hasnt "$T/body" "báo cáo cấp dưới gửi lên"
st 200 viewp GET /inbox
has "$T/body" "Chờ tiếp nhận"
has "$T/body" "phường Nhơn Hưng"
req tok:viewp GET /api/v1/submissions/1
sent_at=$(jq "d['sent_at']")
st 200 viewp GET "/inbox/item?id=1"
has "$T/body" "Chữ ký số hợp lệ"
# Times are shown in Viet Nam's time (UTC+7) while the API keeps UTC.
has "$T/body" "$(python3 -c "import datetime,sys; t=datetime.datetime.strptime(sys.argv[1][:16], '%Y-%m-%dT%H:%M')+datetime.timedelta(hours=7); print(t.strftime('%H:%M ngày %d/%m/%Y'))" "$sent_at")"
hasnt "$T/body" "giờ UTC"
has "$T/body" "Tiếp nhận báo cáo"
st 403 appr2 GET "/inbox/item?id=1"
st 200 appr1 GET "/inbox/item?id=1"
hasnt "$T/body" "Tiếp nhận báo cáo"

# ---- returning ----------------------------------------------------------------------
for w in appr1 off1 view2 appr2; do st 403 "tok:$w" POST /api/v1/submissions/1/return -d reason=x; done
st 422 tok:viewp POST /api/v1/submissions/1/return
has "$T/body" "lý do"
st 422 tok:viewp POST /api/v1/submissions/1/return --data-urlencode "reason=   "
st 409 tok:viewp POST /api/v1/submissions/1/return -d reason=x -d version=1
st 404 tok:viewp POST /api/v1/submissions/1/approve
st 404 tok:viewp POST /api/v1/submissions/99/return -d reason=x
eq "$(pstate 2023)" "approved|" "the state after refused returns"
REASON='KT07 thu ngân sách chưa khớp sổ kế toán: đề nghị rà soát <lại>.'
st 303 viewp POST /inbox -d "csrf=$CS_viewp" -d action=return -d id=1 --data-urlencode "reason=$REASON"
req tok:viewp GET /api/v1/submissions/1
eq "$(jq "d['state'] + '|' + d['decided_by'] + '|' + d['reason']")" "returned|viewp|$REASON" "the returned report"
eq "$(pstate 2023)" "draft|Cấp trên trả lại báo cáo: $REASON" "the period reopened with the reason"
st 409 tok:viewp POST /api/v1/submissions/1/accept
st 200 viewp GET "/inbox/item?id=1"
has "$T/body" "đề nghị rà soát &lt;lại&gt;."
hasnt "$T/body" "rà soát <lại>"
# The commune sees the reason on its pages.
st 200 off1 GET "/entry?unit=99001&year=2023&period=2023&sector=kinh-te"
has "$T/body" "KT07 thu ngân sách chưa khớp sổ kế toán: đề nghị rà soát &lt;lại&gt;."
st 200 appr1 GET "/reports?unit=99001&year=2023&period=2023"
has "$T/body" "Đã trả lại"
has "$T/body" "đề nghị rà soát &lt;lại&gt;"

# ---- frozen: a later edit changes neither the PDF nor the figures sent ------------
sha1=$(req tok:viewp GET /api/v1/submissions/1; jq "d['pdf']['sha256']")
req tok:off1 GET "/api/v1/values?unit=99001&year=2023&period=2023"
v=$(jq "[x['version'] for x in d['values'] if x['indicator'] == 'KT07'][0]")
st 200 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023 -d value=340000000 -d "version=$v"
req tok:viewp GET /api/v1/submissions/1
eq "$(jq "[r['actual'] for r in d['snapshot']['indicators'] if r['code'] == 'KT07'][0]")" 177000000 "KT07 in the figures sent, after the edit"
eq "$(jq "d['pdf']['sha256']")" "$sha1" "the stored PDF after the edit"
eq "$(jq "d['verification']['valid']")" true "the stored PDF's check after the edit"

# ---- a second round, accepted ----------------------------------------------------------
st 303 off1 POST /workflow -d "csrf=$CS_off1" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=submit
st 303 appr1 POST /workflow -d "csrf=$CS_appr1" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=approve
st 201 tok:appr1 POST /api/v1/submissions -H 'Content-Type: application/json' --data '{"unit": "nhon hung", "period": "2023"}'
id2=$(jq "d['id']")
eq "$id2" 2 "the second submission's number"
eq "$(jq "[r['actual'] for r in d['snapshot']['indicators'] if r['code'] == 'KT07'][0]")" 340000000 "KT07 in the second figures"
# Figures changed after signing (the command line passes the lock): the
# report signed is no longer theirs, and is not sent.
expect_rc 0 "$K" set --db "$DB" --unit 99001 --indicator KT06 --period 2023 --value 11900 --status final
st 409 tok:appr1 POST "/api/v1/submissions/$id2/send"
has "$T/body" "đã thay đổi sau khi ký"
# Signing again before sending replaces it in place.
st 201 tok:appr1 POST /api/v1/submissions -d unit=99001 -d period=2023
eq "$(jq "str(d['id']) + '|' + str(d['version'])")" "2|2" "a report signed again before sending"
st 303 appr1 POST /reports/sign -d "csrf=$CS_appr1" -d action=send -d "id=$id2" -d version=2
st 200 tok:viewp POST "/api/v1/submissions/$id2/accept" -H 'Content-Type: application/json' --data '{"version": 3}'
eq "$(jq "d['state'] + '|' + d['decided_by']")" "accepted|viewp" "the accepted report"
eq "$(pstate 2023)" "approved|" "the state after acceptance"
st 409 tok:viewp POST "/api/v1/submissions/$id2/return" -d reason=muộn
expect_rc 0 "$K" audit verify --db "$DB"
eq "$(dbq "$DB" "SELECT action FROM audit WHERE action LIKE 'report-%' OR action = 'cert' ORDER BY id" | tr '\n' ' ')" \
    "cert report-sign report-send report-return report-sign report-sign report-send report-accept " "the audit entries"

# ---- a byte changed in the stored PDF is shown ------------------------------------------
flip_pdf "$id2"
req tok:viewp GET "/api/v1/submissions/$id2"
eq "$(jq "[d['verification'][k] for k in ('valid', 'intact', 'hash_matches')]")" "[false, false, false]" "the check of a tampered PDF"
case $(jq "' '.join(d['verification']['problems'])") in *"đã bị sửa"*) ok ;; *) bad "no problem named for the tampered PDF: $(jq "d['verification']['problems']")" ;; esac
st 200 viewp GET "/inbox/item?id=$id2"
has "$T/body" "Chữ ký số KHÔNG hợp lệ"
req tok:viewp GET /api/v1/submissions/1
eq "$(jq "d['verification']['valid']")" true "the other report after the change"

# ---- a server without the key, or with another, cannot sign ------------------------------
st 303 admin POST /workflow -d "csrf=$CS_admin" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=reopen -d reason=thu
stop_server
start_server --key-file "$T/other.key" && ok || bad "ktxh serve did not start again"
for a in admin appr1 off1; do login $a; done
st 303 off1 POST /workflow -d "csrf=$CS_off1" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=submit
st 303 appr1 POST /workflow -d "csrf=$CS_appr1" -d unit=99001 -d period=2023 -d sector=kinh-te -d action=approve
st 409 tok:appr1 POST /api/v1/submissions -d unit=99001 -d period=2023
has "$T/body" "Không mở được chứng thư số đã lưu"
# Without --ca the chain is not asserted, the signature still checked.
req tok:viewp GET /api/v1/submissions/1
eq "$(jq "[d['verification'][k] for k in ('valid', 'intact', 'trusted')]")" "[true, true, false]" "the check without --ca"
stop_server
start_server && ok || bad "ktxh serve did not start without a key"
st 409 tok:appr1 POST /api/v1/submissions -d unit=99001 -d period=2023
has "$T/body" "--key-file"
login admin
cert 409 admin "$P12PASS"
stop_server

# ---- ktxh bundle import lands as a report sent up ---------------------------------------
P=$(db p)
newdb "$P"
printf '%s\n' "$P12PASS" >"$T/pw"
expect_rc 0 "$K" bundle create --db "$DB" --unit 99001 --period 2023 --cert "$T/s.p12" --pass-file "$T/pw" -o "$T/b.ktxh"
expect_rc 0 "$K" bundle import --db "$P" --ca "$T/ca.pem" "$T/b.ktxh"
has "$T/out" "chờ tiếp nhận"
eq "$(dbq "$P" "SELECT unit, period, state, source, signer, sent_by FROM submission")" \
    "99001|2023|sent|bundle|Chu tich UBND phuong Nhon Hung|ktxh bundle import" "the submission of the bundle"
eq "$(dbq "$P" "SELECT state FROM period_state WHERE unit = '99001' AND period = '2023'")" approved "the period of the bundle"
pdfsha=$(python3 -c 'import hashlib, sys, zipfile; print(hashlib.sha256(zipfile.ZipFile(sys.argv[1]).read("bao-cao.pdf")).hexdigest())' "$T/b.ktxh")
eq "$(dbq "$P" "SELECT pdf_sha256 FROM submission")" "$pdfsha" "the stored PDF is the bundle's"
# The same bundle again: no second submission; another report while one waits: refused.
expect_rc 0 "$K" bundle import --db "$P" "$T/b.ktxh"
eq "$(dbq "$P" "SELECT count(*) FROM submission")" 1 "submissions after importing the bundle again"
# (a report of other figures: the same figures signed in the same second
# would make the same file, which is the same bundle)
expect_rc 0 "$K" set --db "$DB" --unit 99001 --indicator KT06 --period 2023 --value 12000 --status final
expect_rc 0 "$K" bundle create --db "$DB" --unit 99001 --period 2023 --cert "$T/s.p12" --pass-file "$T/pw" -o "$T/b2.ktxh"
expect_rc 1 "$K" bundle import --db "$P" "$T/b2.ktxh"
has "$T/err" "đang chờ tiếp nhận"
eq "$(dbq "$P" "SELECT count(*) FROM submission")" 1 "submissions after a refused import"
expect_rc 0 "$K" audit verify --db "$P"

# ---- the bundle uploaded on the province's page, and to the API ----------------------------
# The province's database: the catalogue of units and indicators, no figures,
# and not yet the ward (its bundle places it, under its town); another town
# with a ward, whose viewer is above a unit but not this one.
mkdir "$T/cat"
grep -v '^99001,' "$ROOT/data/nhon-hung/units.csv" >"$T/cat/units.csv"
printf '991,Khác,thị xã,89\n99101,Một,phường,991\n' >>"$T/cat/units.csv"
cp "$ROOT/data/nhon-hung/indicators.csv" "$T/cat/"
for f in targets values; do head -1 "$ROOT/data/nhon-hung/$f.csv" >"$T/cat/$f.csv"; done
DB=$(db q)
newdb "$DB" "$T/cat"
account() { # NAME ARGS…: an account of the province's database, with a token
	n=$1; shift
	mkuser --name "$n" "$@"
	eval "TOK_$n=\$(\"\$K\" token add --db \"\$DB\" --name $n --label kiem-thu 2>/dev/null </dev/null)"
}
account admin --role admin
account viewp --role viewer --unit 89
account view2 --role viewer --unit 99002
account off2 --role officer --unit 99002 --sector kinh-te
account view991 --role viewer --unit 991
# What the command line's import makes of it, on a copy.
Q2=$(db q2)
dbcopy "$DB" "$Q2"
expect_rc 0 "$K" bundle import --db "$Q2" --ca "$T/ca.pem" "$T/b.ktxh"
"$K" eval --db "$Q2" --unit 99001 --year 2023 --format json >"$T/cli.json" 2>&1
start_server --ca "$T/ca.pem" && ok || { bad "ktxh serve did not start on the province's database"; finish; exit 1; }
for a in admin viewp view2 off2 view991; do login $a; done
# dump NAME: what the database holds (its CSV export, its reports sent up,
# periods and audit entries), into $T/dump.NAME.
dump() {
	rm -rf "$T/dump.$1"
	"$K" export --db "$DB" "$T/dump.$1" >/dev/null 2>&1 || bad "export of the province's database"
	dbq "$DB" "SELECT count(*) FROM submission" >"$T/dump.$1/submissions"
	dbq "$DB" "SELECT unit, period, state FROM period_state ORDER BY unit, period" >"$T/dump.$1/states"
	dbq "$DB" "SELECT count(*) FROM audit" >"$T/dump.$1/audit"
}
unchanged() { # WHAT: the database is as dump "before"
	dump after
	if diff -r "$T/dump.before" "$T/dump.after" >"$T/diff" 2>&1; then ok; else bad "$1 changed the database: $(head -5 "$T/diff")"; fi
}
upload() { # WANT WHO FILE: the form of Báo cáo gửi lên
	st "$1" "$2" POST /inbox/bundle -F "csrf=$(eval echo \$CS_$2)" -F "bundle=@$3"
}
api_upload() { # WANT WHO FILE: the API, the zip as the body
	st "$1" "tok:$2" POST /api/v1/submissions/bundle -H 'Content-Type: application/zip' --data-binary "@$3"
}
dump before
st 200 viewp GET /inbox
has "$T/body" "Nhận gói từ xã không có mạng"
st 200 view2 GET /inbox
hasnt "$T/body" "Nhận gói từ xã không có mạng"
# Not signed in, no form token, not the level above the ward: refused.
st 401 nobody POST /inbox/bundle -F "bundle=@$T/b.ktxh"
st 401 nobody POST /api/v1/submissions/bundle -H 'Content-Type: application/zip' --data-binary "@$T/b.ktxh"
st 303 nobody GET /inbox
st 403 viewp POST /inbox/bundle -F "bundle=@$T/b.ktxh"
has "$T/body" "chống giả mạo"
st 403 viewp POST /api/v1/submissions/bundle -H 'Content-Type: application/zip' --data-binary "@$T/b.ktxh"
for w in view2 off2 view991; do
	upload 403 $w "$T/b.ktxh"
	api_upload 403 $w "$T/b.ktxh"
done
has "$T/body" "cấp trên"
# (the ward is new here: judged where its bundle places it, then undone)
st 200 view991 GET /inbox
has "$T/body" "Nhận gói từ xã không có mạng"
upload 403 view991 "$T/b.ktxh"
has "$T/body" "Chỉ cấp trên của đơn vị 99001"
eq "$(dbq "$DB" "SELECT count(*) FROM unit WHERE code = '99001'")" 0 "the ward after a refused upload"
# Tampered: refused, the file inside the bundle named.
tampered() { # KIND FILE WHY: a tampered bundle refused naming FILE and WHY
	bundle_tamper "$T/b.ktxh" "$T/bad-$1.ktxh" "$1" || bad "could not make the $1 bundle"
	upload 422 viewp "$T/bad-$1.ktxh"
	has "$T/body" "tệp “$2” trong gói: $3"
	api_upload 422 viewp "$T/bad-$1.ktxh"
	eq "$(jq "d['file'] + '|' + d['error']")" "$2|Không nhập gì: gói “goi.ktxh” bị từ chối — tệp “$2” trong gói: $3." "the API's answer to the $1 bundle"
}
tampered csv data/values.csv "nội dung khác với bảng kê (tệp bị sửa)"
tampered pdf bao-cao.pdf "nội dung khác với bảng kê (tệp bị sửa)"
tampered manifest manifest.sha256 "bảng kê không khớp với chữ ký (bảng kê bị sửa hoặc bị thay)"
# Validly signed but with a value of another ward: refused, the row named.
bundle_tamper "$T/b.ktxh" "$T/bad-scope.ktxh" scope || bad "could not make the scope bundle"
upload 422 viewp "$T/bad-scope.ktxh"
has "$T/body" "đơn vị “99002” không phải đơn vị của gói (99001)"
# Not a zip, empty, too big.
printf 'Báo cáo năm 2023' >"$T/junk.ktxh"
upload 422 viewp "$T/junk.ktxh"
has "$T/body" "“junk.ktxh” không phải gói .ktxh đọc được"
: >"$T/empty.ktxh"
upload 422 viewp "$T/empty.ktxh"
has "$T/body" "rỗng"
api_upload 422 viewp "$T/empty.ktxh"
has "$T/body" "Chưa có tệp gói"
head -c 22000000 /dev/zero >"$T/big.ktxh"
upload 413 viewp "$T/big.ktxh"
has "$T/body" "quá lớn (tối đa 20 MiB)"
unchanged "the refused uploads"

# Received: the report waits in the inbox, its figures are in.
upload 303 viewp "$T/b.ktxh"
loc=$(sed -n 's/^[Ll]ocation: *//p' "$T/hdr" | tr -d '\r')
eq "$loc" "/inbox?bundle=1" "where a received bundle leads"
st 200 viewp GET "$loc"
has "$T/body" "Đã nhận gói: báo cáo năm 2023 của phường Nhơn Hưng"
has "$T/body" '<a href="/inbox/item?id=1">'
st 200 viewp GET "/inbox/item?id=1"
has "$T/body" "nhận bởi viewp"
has "$T/body" "Chữ ký số hợp lệ"
eq "$(dbq "$DB" "SELECT unit, period, state, source, signer, sent_by FROM submission")" \
    "99001|2023|sent|bundle|Chu tich UBND phuong Nhon Hung|viewp" "the submission of the uploaded bundle"
nvals=$(python3 -c 'import csv, io, sys, zipfile; print(len(list(csv.DictReader(io.StringIO(zipfile.ZipFile(sys.argv[1]).read("data/values.csv").decode("utf-8-sig"))))))' "$T/b.ktxh")
eq "$(dbq "$DB" "SELECT count(*) FROM actual WHERE unit = '99001'")" "$nvals" "the values of the ward after the upload"
"$K" eval --db "$DB" --unit 99001 --year 2023 --format json >"$T/web.json" 2>&1
if [ -s "$T/cli.json" ] && cmp -s "$T/cli.json" "$T/web.json"; then ok; else bad "the evaluation after the upload differs from the command line's import"; diff "$T/cli.json" "$T/web.json" | head -5; fi
# The same bundle again (the API, the zip as the body): the same report.
api_upload 201 admin "$T/b.ktxh"
eq "$(jq "str(d['id']) + '|' + d['state'] + '|' + str(d['imported']['values'])")" "1|sent|$nvals" "the same bundle again through the API"
eq "$(dbq "$DB" "SELECT count(*) FROM submission")" 1 "reports after the same bundle twice"
eq "$(dbq "$DB" "SELECT parent FROM unit WHERE code = '99001'")" 990 "the ward placed by its bundle"
# The ward itself is not above itself.
account appr1 --role approver --unit 99001
account off1 --role officer --unit 99001 --sector kinh-te
login appr1; login off1
dump before
for w in appr1 off1; do
	upload 403 $w "$T/b.ktxh"
	api_upload 403 $w "$T/b.ktxh"
done
unchanged "the ward's own uploads"
expect_rc 0 "$K" audit verify --db "$DB"
stop_server

finish
