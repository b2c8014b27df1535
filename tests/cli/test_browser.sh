#!/bin/sh
# test_browser.sh: the browser tests (tests/browser/run.mjs, playwright-core
# driving Debian's Chromium headless). Skips (77) without node, npm or
# /usr/bin/chromium; installs playwright-core from tests/browser's lock file
# when missing; makes a fresh database of data/nhon-hung with one account of
# each role (and targets for the example's other two wards) and the ward's
# signing certificate (openssl), the offline bundle of another ward (made
# from a copy of the database where that ward entered one figure more, signed
# by its chairman's certificate from the same test CA) and a copy of it with
# one byte changed, starts `ktxh serve` on a free loopback port
# with a key file for certificates and the test CA, runs the tests,
# which save screenshots to tests/out/screenshots/, and stops the server,
# which must exit cleanly (under the sanitizers a leak or an error fails).
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
BR=$ROOT/tests/browser
CHROMIUM=${KTXH_CHROMIUM:-/usr/bin/chromium}
SHOTS=$ROOT/tests/out/screenshots
PW=Mat-khau-dai-2026

for c in node npm openssl python3; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed (apt-get install nodejs npm)"; exit 77; }
done
[ -x "$CHROMIUM" ] || { echo "skip: $CHROMIUM is needed (apt-get install chromium)"; exit 77; }
nodemajor=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
[ "$nodemajor" -ge 18 ] 2>/dev/null || { echo "skip: node 18 or later is needed (have $(node --version 2>/dev/null))"; exit 77; }
[ -x "$K" ] || { echo "no ktxh binary at $K: run make first"; exit 1; }

if [ ! -f "$BR/node_modules/playwright-core/package.json" ]; then
	echo "installing playwright-core (npm ci in tests/browser)"
	(cd "$BR" && npm ci --no-audit --no-fund) || { echo "npm ci failed"; exit 1; }
fi

DB=$(db web)
newdb "$DB" "$ROOT/data/nhon-hung" || exit 1
# The other two wards of the example get targets, one of them no values,
# so that So sánh compares three wards and names one that has not reported.
mkdir "$T/wards"
echo "code,name,kind,parent" >"$T/wards/units.csv"
echo "code,name,sector,uom,kind,parent,time_agg,unit_agg" >"$T/wards/indicators.csv"
cat >"$T/wards/targets.csv" <<EOF
unit,indicator,year,shape,value,value2,text,source,seq
99002,KT01,2023,at_least,500,,Xuống giống 500 ha,Nghị quyết số 01/NQ-HĐND,1
99002,KT06,2023,at_least,3000,,Trồng 3.000 cây phân tán,Nghị quyết số 01/NQ-HĐND,2
99002,KT07,2023,at_least,300000000,,Thu ngân sách 300 triệu đồng,Nghị quyết số 01/NQ-HĐND,3
99002,VH02,2023,at_least,800,,Huy động 800 học sinh ra lớp,Nghị quyết số 01/NQ-HĐND,4
99003,KT01,2023,at_least,400,,Xuống giống 400 ha,Nghị quyết số 02/NQ-HĐND,1
99003,KT06,2023,at_least,2000,,Trồng 2.000 cây phân tán,Nghị quyết số 02/NQ-HĐND,2
99003,KT07,2023,at_least,250000000,,Thu ngân sách 250 triệu đồng,Nghị quyết số 02/NQ-HĐND,3
EOF
cat >"$T/wards/values.csv" <<EOF
unit,indicator,period,value,numerator,denominator,status,as_of,note
99002,KT01,2023,480,,,final,,
99002,KT06,2023,3100,,,final,,
99002,KT07,2023,310000000,,,final,,
99002,VH02,2023,790,,,final,,
EOF
"$K" import --db "$DB" "$T/wards" >/dev/null || { echo "ktxh import of the wards failed"; exit 1; }
# The ward Thới Sơn works offline: its own database, a figure more.
XA=$(db xa)
dbcopy "$DB" "$XA"
"$K" set --db "$XA" --unit 99002 --indicator KT06 --period 2023 --value 3250 --status final >/dev/null ||
	{ echo "ktxh set in the ward's database failed"; exit 1; }
adduser() { # name role [unit [sector]]
	n=$1 r=$2; shift 2
	set -- ${1:+--unit "$1"} ${2:+--sector "$2"}
	printf '%s\n' "$PW" | "$K" user add --db "$DB" --name "$n" --role "$r" "$@" >/dev/null ||
		{ echo "ktxh user add $n failed"; exit 1; }
}
adduser quantri admin
adduser duyet approver 99001
adduser canbo officer 99001 kinh-te
adduser xem viewer 89
# The ward's signing certificate, which the admin uploads in the test.
CERTPASS=mk-chu-tich-2026
mk_signer "$T" "$CERTPASS" "/CN=Chủ tịch UBND phường Nhơn Hưng/title=Chủ tịch" ||
	{ echo "openssl could not make the test certificate"; tail -3 "$T/openssl.log"; exit 1; }
# Thới Sơn's chairman, from the same CA, signs its bundle.
(cd "$T" && openssl req -newkey rsa:2048 -nodes -keyout t.key -out t.csr -utf8 \
    -subj "/CN=Chủ tịch UBND phường Thới Sơn/title=Chủ tịch" &&
 openssl x509 -req -in t.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out t.pem -days 30 -extfile ext &&
 openssl pkcs12 -export -inkey t.key -in t.pem -certfile ca.pem -out t.p12 -passout "pass:$CERTPASS") \
    >>"$T/openssl.log" 2>&1 || { echo "openssl could not make the second certificate"; exit 1; }
printf '%s\n' "$CERTPASS" >"$T/certpass"
"$K" bundle create --db "$XA" --unit 99002 --period 2023 --cert "$T/t.p12" --pass-file "$T/certpass" \
    -o "$T/thoi-son-2023.ktxh" >/dev/null || { echo "ktxh bundle create failed"; exit 1; }
bundle_tamper "$T/thoi-son-2023.ktxh" "$T/thoi-son-2023-sua.ktxh" csv || { echo "could not tamper the bundle"; exit 1; }

# A free loopback port: asked of the system, then tried; another program
# may take it meanwhile, so try a few.
spid=
stop_server() {
	[ -n "$spid" ] || return 0
	kill -TERM "$spid" 2>/dev/null
	i=0
	while kill -0 "$spid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$spid" 2>/dev/null; then
		echo "the server did not stop on SIGTERM within 10 s"
		kill -KILL "$spid" 2>/dev/null
	fi
	wait "$spid"; src=$?
	spid=
	return $src
}
trap 'stop_server >/dev/null 2>&1; rm -rf "$T"' EXIT
trap 'exit 130' INT TERM
for try in 1 2 3; do
	: >"$T/server.log"
	port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	"$K" serve --db "$DB" --listen "127.0.0.1:$port" --key-file "$T/server.key" \
	    --ca "$T/ca.pem" >"$T/server.log" 2>&1 &
	spid=$!
	i=0
	while [ $i -lt 100 ] && kill -0 "$spid" 2>/dev/null && ! grep -q 'http://' "$T/server.log"; do
		sleep 0.1; i=$((i + 1))
	done
	grep -q 'http://' "$T/server.log" && kill -0 "$spid" 2>/dev/null && break
	kill -TERM "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; spid=
	sed 's/^/  server: /' "$T/server.log"
done
[ -n "$spid" ] || { echo "the server did not start"; exit 1; }
echo "server: $K on 127.0.0.1:$port"

rm -rf "$SHOTS"; mkdir -p "$SHOTS" "$T/dl"
KTXH_URL="http://127.0.0.1:$port" KTXH_PASSWORD=$PW KTXH_SHOTS=$SHOTS \
KTXH_TMP=$T/dl KTXH_CHROMIUM=$CHROMIUM KTXH_CERT=$T/s.p12 KTXH_CERT_PASS=$CERTPASS \
KTXH_BUNDLE=$T/thoi-son-2023.ktxh KTXH_BUNDLE_BAD=$T/thoi-son-2023-sua.ktxh \
node "$BR/run.mjs"
rc=$?

stop_server; src=$?
if [ $src -ne 0 ]; then
	echo "the server exited with status $src after SIGTERM (want 0):"
	tail -n 40 "$T/server.log" | sed 's/^/  server: /'
	[ $rc -eq 0 ] && rc=1
fi
echo "screenshots: $SHOTS"
exit $rc
