#!/bin/sh
# test_two_servers.sh: two `ktxh serve` processes on one PostgreSQL database
# behave as one system (issue 11): a value saved through one is read at once
# through the other, also where the other had cached the evaluation; a
# session opened on one is valid on the other and ends on both at logout; a
# period submitted on one is closed to edits on the other; failed logins
# count across both. PostgreSQL only: the SQLite run skips it.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
is_pg || { echo "skip: several servers on one database are tested on PostgreSQL (KTXH_TEST_DB=pg)"; exit 77; }
for c in python3 curl; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
HC="python3 $ROOT/tests/http/httpcheck.py"
cp "$K" "$T/ktxh" && K=$T/ktxh
DB=$(db two)
PW=Mat-khau-dai-2026
PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; wait; pg_dropall; rm -rf "$T"' EXIT

newdb "$DB" "$ROOT/data/nhon-hung" || { finish; exit 1; }
for u in "--name off1 --role officer --unit 99001 --sector kinh-te" \
    "--name appr1 --role approver --unit 99001" "--name thr --role viewer --unit 99001"; do
	# shellcheck disable=SC2086
	printf '%s\n' "$PW" | "$K" user add --db "$DB" $u >/dev/null 2>"$T/err" || bad "user add $u: $(cat "$T/err")"
done

# serve NAME: a server on a free port; $B_NAME is its base URL.
serve() {
	port=$($HC port)
	"$K" serve --db "$DB" --listen "127.0.0.1:$port" >"$T/serve.$1.log" 2>&1 </dev/null &
	PIDS="$PIDS $!"
	if $HC wait "$port" 15; then ok; else bad "server $1 did not start"; sed 's/^/  | /' "$T/serve.$1.log"; fi
	eval "B_$1=http://127.0.0.1:$port"
}
serve a
serve b

# req BASE JAR METHOD PATH [CURL ARGS…]: sets $code; body in $T/body.
req() {
	_b=$1; _j=$2; _m=$3; _p=$4; shift 4
	code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -X "$_m" \
	    -b "$T/jar.$_j" -c "$T/jar.$_j" --max-time 30 "$@" "$_b$_p" </dev/null)
}
# login BASE NAME [PASSWORD]: sign in into a fresh jar $T/jar.NAME.
login() {
	rm -f "$T/jar.$2"
	req "$1" "$2" GET /login
	_c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1)
	req "$1" "$2" POST /login --data-urlencode "username=$2" \
	    --data-urlencode "password=${3:-$PW}" --data-urlencode "csrf=$_c"
}
# csrf BASE NAME: the session's CSRF token, as the server BASE shows it.
csrf() {
	req "$1" "$2" GET /password
	sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/body" | head -1
}
jq() { $HC jq "$T/body" "$1"; }

echo "== a session opened on one server is valid on the other"
login "$B_a" off1
eq "$code" 303 "login of off1 through server a"
req "$B_b" off1 GET "/?unit=99001&year=2023"
eq "$code" 200 "off1's session (opened on a) on server b"
CS=$(csrf "$B_b" off1)
eq "$CS" "$(csrf "$B_a" off1)" "both servers show the session's own CSRF token"
[ -n "$CS" ] && ok || bad "no CSRF token on the page"

echo "== a value saved through one is read through the other at once"
# Server b computes and caches the evaluation first.
req "$B_b" off1 GET "/api/v1/eval?unit=99001&year=2023"
eq "$code" 200 "eval through b"
cp "$T/body" "$T/eval.before"
req "$B_b" off1 GET "/api/v1/values?unit=99001&year=2023"
v0=$(jq '[x["version"] for x in d["values"] if x["indicator"] == "KT01" and x["period"] == "2023"][0]')
req "$B_a" off1 POST /api/v1/values -H "X-CSRF-Token: $CS" -d unit=99001 \
    -d indicator=KT01 -d period=2023 -d value=1234.5 -d "version=$v0"
eq "$code" 200 "value saved through a"
req "$B_b" off1 GET "/api/v1/values?unit=99001&year=2023"
eq "$(jq '[x["value"] for x in d["values"] if x["indicator"] == "KT01" and x["period"] == "2023"][0]')" 1234.5 "server b reads the value saved through a"
req "$B_b" off1 GET "/api/v1/eval?unit=99001&year=2023"
if cmp -s "$T/body" "$T/eval.before"; then bad "server b answered its cached evaluation after a write through a"; else ok; fi
"$K" eval --db "$DB" --unit 99001 --year 2023 --format json >"$T/eval.cli"
if $HC jsoneq "$T/body" "$T/eval.cli" >/dev/null; then ok; else bad "server b's evaluation differs from ktxh eval after the write"; fi
# The old version is refused through either server (one conditional write).
req "$B_b" off1 POST /api/v1/values -H "X-CSRF-Token: $CS" -d unit=99001 \
    -d indicator=KT01 -d period=2023 -d value=1 -d "version=$v0"
eq "$code" 409 "a write over the old version through b"

echo "== a period submitted on one server is closed on the other"
req "$B_a" off1 POST /workflow -d "csrf=$CS" -d unit=99001 -d period=2023-Q4 \
    -d sector=kinh-te -d action=submit
eq "$code" 303 "2023-Q4 submitted through a"
req "$B_b" off1 POST /entry -d "csrf=$CS" -d unit=99001 -d period=2023-Q4 \
    -d sector=kinh-te -d v.KT01=10
eq "$code" 409 "an edit of the submitted period through b"
req "$B_b" off1 POST /api/v1/values -H "X-CSRF-Token: $CS" -d unit=99001 \
    -d indicator=KT07 -d period=2023-M11 -d value=10
eq "$code" 409 "an API write into the submitted period through b"
login "$B_b" appr1
eq "$code" 303 "login of appr1 through b"
req "$B_a" appr1 GET "/api/v1/state?unit=99001&period=2023-Q4"
has "$T/body" "submitted"

echo "== logout on one server ends the session on both"
req "$B_b" off1 POST /logout -d "csrf=$CS"
req "$B_a" off1 GET /api/v1/units
eq "$code" 401 "off1's session on a after logging out through b"

echo "== failed logins count across both servers"
login "$B_a" thr wrong-password-1
eq "$code" 401 "wrong password through a"
login "$B_b" thr wrong-password-2
eq "$code" 401 "wrong password through b"
login "$B_a" thr wrong-password-3
eq "$code" 401 "wrong password through a"
login "$B_b" thr
if [ "$code" = 429 ] && grep -qi '^retry-after: *[1-9]' "$T/hdr"; then ok; else
	bad "the 4th attempt, through b, right after 3 failures spread over a and b: status $code, want 429"
fi
eq "$(dbq "$DB" "SELECT count FROM login_throttle WHERE name = 'thr'")" 3 "the failures are counted once each, in the database"

for p in $PIDS; do kill "$p" 2>/dev/null; done
for p in $PIDS; do wait "$p" || bad "a server exited with status $? at SIGTERM"; done
PIDS=
finish
