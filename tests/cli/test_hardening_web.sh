#!/bin/sh
# test_hardening_web.sh: `ktxh serve` under attack, black-box. Two servers on
# one database (A plain, with 2 worker threads and room for 200 connections;
# B --behind-proxy), clients bound to other addresses of 127.0.0.0/8 (Linux
# routes all of it to lo) by tests/http/attack.py. It checks: an owner still
# signs in from 127.0.0.1 while 127.0.0.2 guesses the password 32 times;
# names rotated from one address are throttled by that address's count
# (429 with Retry-After); the counts are in the database (a failure on A
# throttles on B); /login stays fast (p99 < 100 ms over 200 requests) while
# several threads guess; Secure cookies and HSTS only with --behind-proxy,
# X-Forwarded-Proto: https and a connection from the proxy's address, and
# X-Forwarded-For trusted only from it; a password change (page or
# `ktxh user passwd`) ends the account's other sessions, and sessions end
# after 2 h idle or 12 h after their login; 600 idle
# connections from one address do not keep another's request waiting, and
# are closed within the idle timeout; 414 and 413 are answered at once; with
# one hashing slot (--max-hashes 1), logins at one instant from several
# addresses are refused 503 with Retry-After instead of queueing.
# SOAK=1 runs the attacks longer and prints the figures (for `make soak`).
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
for c in python3; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
# Another address of lo must be usable as a source.
python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.2", 0))' 2>/dev/null ||
	{ echo "skip: 127.0.0.2 is not a local address here"; exit 77; }
HC="python3 $ROOT/tests/http/httpcheck.py"
AT="python3 $ROOT/tests/http/attack.py"
cp "$K" "$T/ktxh" && K=$T/ktxh
DB=$T/w.db
PW=Mat-khau-dai-2026
START=$(date +%s)
SOAK=${SOAK:-0}
section() { echo "== $1 ($(($(date +%s) - START)) s)"; }
# val NAME: the value NAME=… of the last attack's output ($T/at).
val() { sed -n "s/^$1=//p" "$T/at" | head -1; }
# lt A B: A < B, as decimals.
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }

PIDS=
trap 'for p in $PIDS; do kill "$p" 2>/dev/null; done; rm -rf "$T"' EXIT

# serve NAME ARGS…: a server on a free port; sets PORT_NAME.
serve() {
	_n=$1; shift
	_p=$($HC port)
	"$K" serve --db "$DB" --listen "127.0.0.1:$_p" "$@" >"$T/serve.$_n.log" 2>&1 </dev/null &
	PIDS="$PIDS $!"
	eval "PORT_$_n=$_p PID_$_n=$!"
	if $HC wait "$_p" 15; then ok; else bad "ktxh serve $* did not start"; sed 's/^/  | /' "$T/serve.$_n.log"; fi
}

newdb "$DB" || exit 1
for u in owner pc dis viewer2; do
	printf '%s\n' "$PW" | "$K" user add --db "$DB" --name $u --role admin >/dev/null 2>&1 || bad "user add $u"
done
serve A --threads 2 --max-connections 200
serve B --behind-proxy
A=$PORT_A; B=$PORT_B

# ---- the owner is never locked out by someone else's guesses --------------
section "owner and guesser"
$AT owner "$A" owner "$PW" >"$T/at" 2>&1; cat "$T/at"
eq "$(val attacker_other)" 0 "the guesses are answered 401 or 429 only"
if [ "$(val attacker_429)" -ge 20 ]; then ok; else bad "32 guesses from 127.0.0.2: only $(val attacker_429) answered 429"; fi
eq "$(val attacker_right)" 429 "the right password from the guessing address, at once"
eq "$(val owner)" 303 "the owner's right password from 127.0.0.1 while 127.0.0.2 guessed"
eq "$(val owner_location)" / "the owner's login goes to /"
# A wrong password is answered as soon as its hash is checked: the fastest
# of the 401s is no slower than the owner's success (plus 150 ms of noise).
if lt "$(val fail_min_ms)" "$(($(val ok_ms | cut -d. -f1) + 150))" && ! lt "$(val fail_min_ms)" 0; then ok; else
	bad "a wrong password took at least $(val fail_min_ms) ms, the right one $(val ok_ms) ms: a failure must not hold the worker longer"; fi

# ---- names rotated from one address: the address's count ----------------------
section "rotating names"
# The counts are in the database: server B, on the same file, refuses the
# same address at once (behind no proxy: its own address counts).
$AT rotate "$A" 127.0.0.3 24 "$B" owner "$PW" >"$T/at" 2>&1; cat "$T/at"
eq "$(val first429)" 21 "the first 429 of one address rotating names comes after 20 free failures"
ra=$(val retry_after)
if [ -n "$ra" ] && [ "$ra" -ge 1 ] && [ "$ra" -le 60 ]; then ok; else bad "Retry-After “$ra” on the 429 of a rotating address"; fi
eq "$(val other_server)" 429 "the throttled address on the second server"
# Another address is free on both.
$AT login "$B" 127.0.0.4 owner "$PW" >"$T/at" 2>&1
eq "$(val status)" 303 "the owner from another address on the second server"

# ---- /login stays fast during an attack ----------------------------------------
section "latency under attack"
N=200; D=6
[ "$SOAK" = 1 ] && N=3000 && D=8
$AT p99 "$A" 127.0.0.5 $D $N >"$T/at" 2>&1; cat "$T/at"
eq "$(val not_200)" 0 "GET /login answered 200 during the attack"
if [ -n "$(val p99_ms)" ] && lt "$(val p99_ms)" 100; then ok; else bad "p99 of GET /login under attack is $(val p99_ms) ms (want < 100; $D guessing threads, 2 worker threads)"; fi

# ---- the gate of password hashing ------------------------------------------------
section "hashing gate"
# Server C: 6 workers but 1 hash at a time: of 6 logins at one instant from
# 6 addresses, some wait for nobody and are refused 503 with Retry-After
# (up to 3 rounds: the server's workers may happen to take them in turn).
serve C --threads 6 --max-hashes 1
$AT gate "$PORT_C" 6 >"$T/at" 2>&1; cat "$T/at"
eq "$(echo "$(val statuses)" | tr ',' '\n' | grep -cvE '^(401|503)$')" 0 "6 logins at once: 401 or 503 only"
if [ "$(val n503)" -ge 1 ] && [ "$(val n401)" -ge 1 ]; then ok; else bad "6 logins at once with one hashing slot: $(val n401) checked, $(val n503) refused (want both)"; fi
eq "$(val retry_503)" 1 "Retry-After of a 503 of the full gate"

# ---- Secure cookies and HSTS over HTTPS behind a trusted proxy ---------------
section "proxy, Secure, HSTS"
# B --behind-proxy, from the proxy's address (127.0.0.1) saying https.
$AT login "$B" 127.0.0.1 owner "$PW" X-Forwarded-Proto:https >"$T/at" 2>&1; cat "$T/at"
eq "$(val status)" 303 "login through the proxy"
eq "$(val cookie_ktxh_session)" secure "the session cookie over HTTPS behind the proxy"
case $(val hsts) in max-age=*) ok ;; *) bad "no Strict-Transport-Security over HTTPS behind the proxy: “$(val hsts)”" ;; esac
eq "$(val get_cookies)" "" "no new cookie on the redirected GET"
# The same through the proxy over plain HTTP: no Secure, no HSTS.
$AT login "$B" 127.0.0.1 owner "$PW" X-Forwarded-Proto:http >"$T/at" 2>&1
eq "$(val cookie_ktxh_session)" plain "the session cookie over HTTP behind the proxy"
eq "$(val hsts)" "" "HSTS over HTTP"
# Not from the proxy's address: the header is anyone's, ignored.
$AT login "$B" 127.0.0.6 owner "$PW" X-Forwarded-Proto:https >"$T/at" 2>&1
eq "$(val status)" 303 "login from a non-proxy address"
eq "$(val cookie_ktxh_session)" plain "X-Forwarded-Proto from a non-proxy address"
eq "$(val hsts)" "" "HSTS for X-Forwarded-Proto from a non-proxy address"
# Without --behind-proxy: ignored, even from 127.0.0.1.
$AT login "$A" 127.0.0.1 owner "$PW" X-Forwarded-Proto:https >"$T/at" 2>&1
eq "$(val cookie_ktxh_session)" plain "X-Forwarded-Proto without --behind-proxy"
eq "$(val hsts)" "" "HSTS without --behind-proxy"
# X-Forwarded-For: through the proxy each client is counted by the last
# address (the one the proxy added), written with a port or not; another
# client through the same proxy is not refused. Each burst runs in one
# process: the wait after 3 failures is only a second or two.
$AT burst "$B" 127.0.0.1 viewer2 "$PW" 3 "203.0.113.9, 198.51.100.7" \
    198.51.100.7 198.51.100.7:4431 "198.51.100.7, 198.51.100.8" >"$T/at" 2>&1; cat "$T/at"
eq "$(val check1)" 429 "the 4th try of one name from one forwarded client"
eq "$(val check2)" 429 "the same forwarded client written with its port"
eq "$(val check3)" 303 "the right password of another forwarded client through the same proxy"
# IPv6 clients are counted by their /64, however written.
$AT burst "$B" 127.0.0.1 viewer2 "$PW" 3 "[2001:db8::7]:4431" \
    2001:db8:0:0:ffff::1 2001:db8:0:1::7 >"$T/at" 2>&1; cat "$T/at"
eq "$(val check1)" 429 "another address of the same IPv6 /64 through the proxy"
eq "$(val check2)" 303 "an address of another IPv6 /64 through the proxy"
# From elsewhere X-Forwarded-For is ignored: varying it buys nothing.
$AT burst "$B" 127.0.0.7 viewer2 "$PW" 3 "192.0.2.{i}" 192.0.2.99 >"$T/at" 2>&1; cat "$T/at"
eq "$(val check1)" 429 "X-Forwarded-For from a non-proxy address does not reset the count"

# ---- a password change ends the other sessions ---------------------------------
section "sessions after a password change"
jar() { # NAME: sign pc in into the cookie jar NAME
	curl -s -c "$T/jar.$1" -b "$T/jar.$1" "http://127.0.0.1:$A/login" >"$T/l.html"
	c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/l.html" | head -1)
	code=$(curl -s -o /dev/null -w '%{http_code}' -c "$T/jar.$1" -b "$T/jar.$1" \
	    --data-urlencode username=pc --data-urlencode "password=${2:-$PW}" \
	    --data-urlencode "csrf=$c" "http://127.0.0.1:$A/login")
	eq "$code" 303 "login of pc into $1"
}
st() { curl -s -o /dev/null -w '%{http_code}' -b "$T/jar.$1" "http://127.0.0.1:$A/password"; }
jar s1; jar s2; jar s3
CS=$(curl -s -b "$T/jar.s1" "http://127.0.0.1:$A/password" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)
NEWPW=Mat-khau-moi-2027
code=$(curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar.s1" --data-urlencode "csrf=$CS" \
    --data-urlencode "old=$PW" --data-urlencode "new=$NEWPW" --data-urlencode "again=$NEWPW" \
    "http://127.0.0.1:$A/password")
eq "$code" 200 "POST /password"
eq "$(st s1)" 200 "the session that changed the password lives on"
eq "$(st s2)" 303 "another session of the account after the password change"
eq "$(st s3)" 303 "a third session of the account after the password change"
# ktxh user passwd ends every session of the account.
jar s4 "$NEWPW"
eq "$(st s4)" 200 "a new session with the new password"
printf '%s\n' "$PW" | "$K" user passwd --db "$DB" --name pc >"$T/out" 2>&1
has "$T/out" "Đã đổi mật khẩu của pc"
eq "$(st s1)" 303 "the session after ktxh user passwd"
eq "$(st s4)" 303 "the other session after ktxh user passwd"
jar s5
eq "$(st s5)" 200 "a session with the password of ktxh user passwd"

# Session lifetimes, with the clock moved in the database: 2 h without a
# request ends a session, and so does the 12 h after its login.
jar s6
jar s7
sqlite() { python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()' "$DB" "$1"; }
H6=$(python3 -c 'import hashlib, sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())' "$(awk '$6 == "ktxh_session" { print $7 }' "$T/jar.s6")")
H7=$(python3 -c 'import hashlib, sys; print(hashlib.blake2b(sys.argv[1].encode(), digest_size=32).hexdigest())' "$(awk '$6 == "ktxh_session" { print $7 }' "$T/jar.s7")")
sqlite "UPDATE session SET seen = seen - 7140 WHERE token_hash = '$H6'"
eq "$(st s6)" 200 "a session idle for 1 h 59 min"
sqlite "UPDATE session SET seen = seen - 7220 WHERE token_hash = '$H6'"
eq "$(st s6)" 303 "a session idle for more than 2 h"
sqlite "UPDATE session SET expires = CAST(strftime('%s', 'now') AS INTEGER) - 1 WHERE token_hash = '$H7'"
eq "$(st s7)" 303 "a session 12 h after its login, though in use"

# ---- connections: a flood from one address, 414, 413 ------------------------
section "connection flood"
NF=600
[ "$SOAK" = 1 ] && NF=1500
$AT flood "$A" 127.0.0.8 $NF >"$T/at" 2>&1; cat "$T/at"
eq "$(val other_status)" 200 "a request from 127.0.0.1 while 127.0.0.8 holds $NF idle connections"
if lt "$(val other_seconds)" 1; then ok; else bad "that request took $(val other_seconds) s (want < 1)"; fi
if [ "$(val kept_1s)" -le 25 ]; then ok; else bad "$(val kept_1s) idle connections of one address kept (the cap is 200/8 = 25)"; fi
# The idle timeout is for connections that have sent nothing: one that
# paused 7 s within its request is still answered (403: no login form).
eq "$(val slow_request)" 403 "a request that paused 7 s within its body"
ac=$(val all_closed_after)
if lt "$ac" 9 && ! lt "$ac" 0; then ok; else bad "the idle connections were closed after “$ac” s (want within the 5 s idle timeout, < 9 s)"; fi

section "414 and 413"
$AT limits "$A" >"$T/at" 2>&1; cat "$T/at"
eq "$(val params)" 414 "2,000 query parameters"
eq "$(val params101)" 414 "101 query parameters"
eq "$(val params100)" 200 "100 query parameters"
eq "$(val longurl)" 414 "a 9 KB URL"
eq "$(val body10g)" 413 "Content-Length: 10 GB to /login, no body sent"
eq "$(val body30m)" 413 "Content-Length: 30 MB to /check (20 MB limit), no body sent"
for c in params longurl body10g body30m; do
	if lt "$(val ${c}_seconds)" 1; then ok; else bad "$c answered after $(val ${c}_seconds) s (want at once)"; fi
done

# ---- soak: the rotating attack for a minute ------------------------------------
if [ "$SOAK" = 1 ]; then
	section "soak: one address rotating names for 60 s"
	t0=$(date +%s); n401=0; n429=0
	while [ $(($(date +%s) - t0)) -lt 60 ]; do
		$AT rotate "$A" 127.0.0.9 20 >"$T/at" 2>&1
		n401=$((n401 + $(val statuses | tr ',' '\n' | grep -c 401)))
		n429=$((n429 + $(val statuses | tr ',' '\n' | grep -c 429)))
	done
	echo "soak: 60 s of rotating names from one address: $n401 guesses checked (401), $n429 refused at once (429)"
	if [ "$n401" -le 30 ]; then ok; else bad "$n401 guesses checked in a minute from one address"; fi
fi

# ---- no 5xx, clean stops -----------------------------------------------------------
section "stop"
for n in A B C; do
	eval "p=\$PID_$n"
	kill -TERM "$p"
	i=0
	while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	wait "$p"; rc=$?
	eq "$rc" 0 "exit status of server $n after SIGTERM"
	if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$T/serve.$n.log"; then
		bad "sanitizer report in the log of server $n:"; grep -m6 -E 'runtime error|Sanitizer|^    #[0-4] ' "$T/serve.$n.log" | sed 's/^/  /'
	else ok; fi
done
PIDS=
echo "$(($(date +%s) - START)) s"
finish
