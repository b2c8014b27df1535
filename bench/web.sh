#!/bin/sh
# bench/web.sh: requests per second and p99 latency of `ktxh serve` on the
# dashboard (GET /, session cookie) and on GET /api/v1/eval (bearer token),
# next to nginx serving the very same bytes as static files, measured with
# wrk. A benchmark, not a test: it prints figures, ratios and the goal
# (≥ 0.3× nginx's requests per second and p99 < 50 ms at 64 connections)
# and asserts nothing about speed. It fails only when the work did not
# really happen: a response that is not 200 or not the expected bytes, a
# socket error, a server that died.
#
#   sh bench/web.sh                       10 s per target, 64 connections, 2 threads
#   DURATION=30 CONNS=64 THREADS=2 WARMUP=3 sh bench/web.sh
#   KTXH=path/to/ktxh sh bench/web.sh     another binary
#
# Needs wrk and nginx (Debian packages wrk and nginx), curl and python3.
# Everything listens on 127.0.0.1 only, on free ports; the database, the
# nginx prefix and both servers live in temporary directories and are
# removed/stopped at exit. The saved pages, wrk's outputs and the servers'
# logs stay in bench/out/web (gitignored).
#
# How: a fresh database with data/nhon-hung, an admin account and an API
# token; ktxh serve; one login with curl (GET /login gives the csrf field
# and the ktxh_csrf cookie, POST /login the ktxh_session cookie); the
# dashboard's HTML and the eval JSON are saved and served by nginx (its own
# config in a temp dir, worker_processes auto, access_log off, sendfile, the
# same response headers as ktxh's, run in the foreground, as user nobody
# when started by root). For each of the 4 targets: a warm-up run whose wrk
# script checks every response (status 200 and exactly the saved bytes),
# then the timed run (wrk --latency; a done() hook prints the exact counts,
# bytes read and error counters). wrk runs on the same machine and shares
# its CPUs with the server under test, for nginx as for ktxh.
# shellcheck disable=SC2015 # A && B || die: die when either fails, as meant
set -eu
cd "$(dirname "$0")/.."
root=$PWD
KTXH=${KTXH:-$root/ktxh}
DURATION=${DURATION:-10}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
WARMUP=${WARMUP:-3}
out=$root/bench/out/web
PW=pw-dai-it-nhat-10

log() { printf '%s\n' "$*" >&2; }
die() { printf 'bench/web.sh: %s\n' "$*" >&2; exit 1; }
# fmt NUMBER DECIMALS: a number with thousands separators (1,234,567.8).
fmt() {
	awk -v x="$1" -v d="$2" 'BEGIN {
		s = sprintf("%." d "f", x); i = index(s, "."); ip = i ? substr(s, 1, i - 1) : s
		fp = i ? substr(s, i) : ""; o = ""
		while (length(ip) > 3) { o = "," substr(ip, length(ip) - 2) o; ip = substr(ip, 1, length(ip) - 3) }
		print ip o fp }'
}

# ---- prerequisites ---------------------------------------------------------
command -v wrk >/dev/null 2>&1 ||
	die "wrk is missing: the load generator. Install it: apt-get install wrk"
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] ||
	die "nginx is missing: the reference server. Install it: apt-get install nginx"
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
command -v curl >/dev/null 2>&1 || die "curl is missing. Install it: apt-get install curl"
command -v python3 >/dev/null 2>&1 || die "python3 is missing (finds free ports). Install it: apt-get install python3"
[ -x "$KTXH" ] || die "no $KTXH: build it first (make)"
posint() { case $2 in '' | *[!0-9]* | 0) die "$1 must be a positive integer, not '$2'" ;; esac; }
posint DURATION "$DURATION"
posint CONNS "$CONNS"
posint THREADS "$THREADS"
posint WARMUP "$WARMUP"
[ "$CONNS" -ge "$THREADS" ] || die "CONNS ($CONNS) must be at least THREADS ($THREADS)"

# ---- cleanup: every process we start, by its pid --------------------------
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ktxh-web-bench.XXXXXX")
ngx=$(mktemp -d "${TMPDIR:-/tmp}/ktxh-web-nginx.XXXXXX")
ktxh_pid=
nginx_pid=
stop() {	# stop PID: TERM, then KILL after 5 s
	[ -n "$1" ] || return 0
	kill -TERM "$1" 2>/dev/null || return 0
	i=0
	while kill -0 "$1" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	kill -KILL "$1" 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}
cleanup() {
	stop "$nginx_pid"
	stop "$ktxh_pid"
	nginx_pid='' ktxh_pid=''
	rm -rf "$tmp" "$ngx"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# wait_up URL PID NAME LOG: until URL answers, or NAME is dead, or 10 s.
wait_up() {
	i=0
	while ! curl -s -o /dev/null --max-time 1 "$1"; do
		kill -0 "$2" 2>/dev/null || { cat "$4" >&2; die "$3 exited at start (log above: $4)"; }
		i=$((i + 1))
		[ $i -lt 100 ] || die "$3 does not answer at $1 after 10 s (log: $4)"
		sleep 0.1
	done
	kill -0 "$2" 2>/dev/null || die "$3 exited, yet $1 answers: another server holds the port?"
}

rm -rf "$out"
mkdir -p "$out"
# A copy, so that a rebuild of $KTXH during the run changes nothing here.
cp "$KTXH" "$tmp/ktxh"
KTXH=$tmp/ktxh

# ---- database, account, token ----------------------------------------------
db=$tmp/bench.db
"$KTXH" init --db "$db" >"$out/setup.log" 2>&1 || { cat "$out/setup.log" >&2; die "ktxh init failed"; }
"$KTXH" import --db "$db" data/nhon-hung >>"$out/setup.log" 2>&1 ||
	{ cat "$out/setup.log" >&2; die "ktxh import data/nhon-hung failed"; }
printf '%s\n' "$PW" | "$KTXH" user add --db "$db" --name bench --role admin >>"$out/setup.log" 2>&1 ||
	{ cat "$out/setup.log" >&2; die "ktxh user add failed"; }
token=$("$KTXH" token add --db "$db" --name bench 2>>"$out/setup.log") ||
	{ cat "$out/setup.log" >&2; die "ktxh token add failed"; }
case $token in '' | *[!A-Za-z0-9_-]*) die "ktxh token add printed no token: '$token'" ;; esac

# ---- ktxh serve ---------------------------------------------------------------
kport=$(free_port)
K=http://127.0.0.1:$kport
# wrk's connections all come from one address: room for them all.
"$KTXH" serve --db "$db" --listen "127.0.0.1:$kport" --max-per-address $((CONNS + 16)) \
    >"$out/ktxh-serve.log" 2>&1 &
ktxh_pid=$!
wait_up "$K/login" "$ktxh_pid" "ktxh serve" "$out/ktxh-serve.log"

# ---- log in once ---------------------------------------------------------------
jar=$tmp/cookies
code=$(curl -s -c "$jar" -o "$tmp/login.html" -w '%{http_code}' "$K/login")
[ "$code" = 200 ] || die "GET /login answered $code, not 200"
csrf=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$tmp/login.html" | head -n 1)
[ -n "$csrf" ] || die "GET /login: no hidden field csrf in the form"
code=$(curl -s -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode username=bench --data-urlencode "password=$PW" \
    --data-urlencode "csrf=$csrf" "$K/login")
[ "$code" = 303 ] || [ "$code" = 302 ] || die "POST /login answered $code, not a redirect: login failed"
session=$(awk -F '\t' '$6 == "ktxh_session" { print $7 }' "$jar" | tail -n 1)
[ -n "$session" ] || die "POST /login set no ktxh_session cookie"
COOKIE="Cookie: ktxh_session=$session"
BEARER="Authorization: Bearer $token"

# ---- the pages, saved --------------------------------------------------------
DASH_PATH=/
EVAL_PATH='/api/v1/eval?unit=99001&year=2023'
# fetch NAME HEADER URL FILE: GET with HEADER into FILE; must be 200.
fetch() {
	code=$(curl -s -H "$2" -o "$4" -w '%{http_code}' "$3")
	[ "$code" = 200 ] || die "$1: GET $3 answered $code, not 200"
	[ -s "$4" ] || die "$1: GET $3 gave an empty body"
}
fetch dashboard "$COOKIE" "$K$DASH_PATH" "$out/dash.html"
fetch eval "$BEARER" "$K$EVAL_PATH" "$out/eval.json"
grep -q '<title>' "$out/dash.html" && grep -q 'Tổng quan' "$out/dash.html" ||
	die "GET / is not the dashboard (no <title>, no 'Tổng quan'): see $out/dash.html"
grep -q '"unit"' "$out/eval.json" || die "GET /api/v1/eval gave no evaluation: see $out/eval.json"
# The page must be the same bytes at every request, or nginx's copy would not be "the same".
fetch dashboard "$COOKIE" "$K$DASH_PATH" "$tmp/dash2.html"
cmp -s "$out/dash.html" "$tmp/dash2.html" || die "two GET / gave different bytes: the static copy would not be the same page"
"$KTXH" eval --db "$db" --unit 99001 --year 2023 --format json >"$tmp/cli.json" 2>/dev/null &&
	cmp -s "$tmp/cli.json" "$out/eval.json" ||
	log "note: /api/v1/eval differs from ktxh eval --format json (see $out/eval.json)"

# ---- nginx -------------------------------------------------------------------
nport=$(free_port)
while [ "$nport" = "$kport" ]; do nport=$(free_port); done
N=http://127.0.0.1:$nport
mkdir -p "$ngx/www" "$ngx/tmp"
cp "$out/dash.html" "$ngx/www/dash.html"
cp "$out/eval.json" "$ngx/www/eval.json"
# The same response headers as ktxh sends (src/web/server.c), so that both
# put about the same bytes on the wire.
cat >"$ngx/nginx.conf" <<EOF
# bench/web.sh: nginx serving ktxh's dashboard and eval JSON as static files.
worker_processes auto;
pid $ngx/nginx.pid;
error_log $ngx/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	server_tokens off;
	client_body_temp_path $ngx/tmp/body;
	proxy_temp_path $ngx/tmp/proxy;
	fastcgi_temp_path $ngx/tmp/fastcgi;
	uwsgi_temp_path $ngx/tmp/uwsgi;
	scgi_temp_path $ngx/tmp/scgi;
	types { text/html html; application/json json; }
	charset utf-8;
	charset_types application/json;
	sendfile on;
	tcp_nopush on;
	tcp_nodelay on;
	keepalive_timeout 65;
	keepalive_requests 100000000;
	open_file_cache max=16 inactive=60s;
	etag off;
	server {
		listen 127.0.0.1:$nport;
		root $ngx/www;
		add_header X-Content-Type-Options nosniff;
		add_header X-Frame-Options DENY;
		add_header Referrer-Policy same-origin;
		add_header Content-Security-Policy "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'";
		add_header Cache-Control no-store;
	}
}
EOF
nginx_user=$(id -un)
set -- "$NGINX" -p "$ngx" -e "$ngx/error.log" -c "$ngx/nginx.conf" -g 'daemon off;'
if [ "$(id -u)" -eq 0 ]; then
	# Root: run nginx (master and workers) as nobody, not as root.
	if command -v setpriv >/dev/null 2>&1 && id nobody >/dev/null 2>&1; then
		chown -R nobody:"$(id -gn nobody)" "$ngx"
		set -- setpriv --reuid=nobody --regid="$(id -gn nobody)" --clear-groups -- "$@"
		nginx_user=nobody
	else
		log "note: no setpriv or no user nobody: nginx runs as root"
	fi
fi
"$@" >"$out/nginx.log" 2>&1 &
nginx_pid=$!
wait_up "$N/dash.html" "$nginx_pid" nginx "$out/nginx.log"
for f in dash.html eval.json; do
	code=$(curl -s -o "$tmp/n-$f" -w '%{http_code}' "$N/$f")
	[ "$code" = 200 ] && cmp -s "$tmp/n-$f" "$out/$f" || die "nginx does not serve $f as saved (HTTP $code)"
done

# ---- wrk scripts ---------------------------------------------------------------
# check.lua FILE: every response is 200 with exactly FILE's bytes. Each wrk
# thread has its own Lua state; done() adds up their counters.
cat >"$tmp/check.lua" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
ok, badstatus, badbody, firstbad = 0, 0, 0, ""
function init(args)
	local f = assert(io.open(args[1], "rb"))
	expected = f:read("*a")
	f:close()
end
function response(status, headers, body)
	if status ~= 200 then
		badstatus = badstatus + 1
		if firstbad == "" then firstbad = "status " .. status end
	elseif body ~= expected then
		badbody = badbody + 1
		if firstbad == "" then firstbad = "body of " .. #body .. " bytes, not " .. #expected end
	else
		ok = ok + 1
	end
end
function done(summary, latency, requests)
	local o, s, b, first = 0, 0, 0, ""
	for _, t in ipairs(threads) do
		o = o + t:get("ok"); s = s + t:get("badstatus"); b = b + t:get("badbody")
		if first == "" then first = t:get("firstbad") end
	end
	local e = summary.errors
	io.write(string.format("CHECK ok=%d badstatus=%d badbody=%d connect=%d read=%d write=%d timeout=%d first=%s\n",
	    o, s, b, e.connect, e.read, e.write, e.timeout, first == "" and "-" or first:gsub(" ", "_")))
end
EOF
# stats.lua: exact counts for the timed run (no response() hook: wrk does
# not hand bodies to Lua, so it costs nothing per request).
cat >"$tmp/stats.lua" <<'EOF'
function done(s, lat, req)
	local e = s.errors
	io.write(string.format("STATS requests=%d bytes=%d duration_us=%d p50_us=%.0f p99_us=%.0f max_us=%.0f connect=%d read=%d write=%d status=%d timeout=%d\n",
	    s.requests, s.bytes, s.duration, lat:percentile(50), lat:percentile(99), lat.max,
	    e.connect, e.read, e.write, e.status, e.timeout))
end
EOF

# kv KEY FILE: the value of KEY=... on the CHECK/STATS line of FILE.
kv() { sed -n "s/^\(CHECK\|STATS\).* $1=\([^ ]*\).*/\2/p" "$2" | tail -n 1; }

# run NAME PID HEADER URL FILE: warm-up with checks, then the timed run.
# Leaves "rps p50_ms p99_ms bytes_per_response status" in $out/NAME.result.
run() {
	name=$1 pid=$2 hdr=$3 url=$4 file=$5
	# The exact size of one response, headers included, to check wrk's byte count.
	size=$(curl -s -H "$hdr" -o /dev/null -w '%{size_header} %{size_download}' "$url" |
	    awk '{ print $1 + $2 }')
	log "$name: warm-up ${WARMUP}s, every response checked…"
	wrk -t"$THREADS" -c"$CONNS" -d"${WARMUP}s" -H "$hdr" -s "$tmp/check.lua" "$url" "$file" \
	    >"$out/$name.warmup.txt" 2>&1 || { cat "$out/$name.warmup.txt" >&2; die "$name: wrk failed"; }
	kill -0 "$pid" 2>/dev/null || die "$name: the server died during the warm-up"
	problems=
	okn=$(kv ok "$out/$name.warmup.txt")
	[ -n "$okn" ] || { cat "$out/$name.warmup.txt" >&2; die "$name: no CHECK line from wrk (above)"; }
	[ "$okn" -gt 0 ] || problems="$problems no-good-response"
	for k in badstatus badbody connect read write timeout; do
		v=$(kv $k "$out/$name.warmup.txt")
		[ "$v" = 0 ] || problems="$problems warmup-$k=$v"
	done
	[ "$(kv first "$out/$name.warmup.txt")" = - ] ||
		problems="$problems first-bad:$(kv first "$out/$name.warmup.txt")"

	log "$name: ${DURATION}s, $CONNS connections, $THREADS threads…"
	wrk -t"$THREADS" -c"$CONNS" -d"${DURATION}s" --latency -H "$hdr" -s "$tmp/stats.lua" "$url" \
	    >"$out/$name.wrk.txt" 2>&1 || { cat "$out/$name.wrk.txt" >&2; die "$name: wrk failed"; }
	kill -0 "$pid" 2>/dev/null || die "$name: the server died during the run"
	f=$out/$name.wrk.txt
	n=$(kv requests "$f")
	[ -n "$n" ] || { cat "$f" >&2; die "$name: no STATS line from wrk (above)"; }
	for k in status connect read write timeout; do
		v=$(kv $k "$f")
		[ "$v" = 0 ] || problems="$problems $k-errors=$v"
	done
	[ "$n" -gt 0 ] || problems="$problems no-requests"
	# Bytes per response: at least one response's size, at most that plus
	# the partial responses in flight when the clock stopped.
	bpr=$(awk -v b="$(kv bytes "$f")" -v n="$n" 'BEGIN { printf "%.1f", n ? b / n : 0 }')
	awk -v b="$(kv bytes "$f")" -v n="$n" -v s="$size" -v c="$CONNS" 'BEGIN {
		exit !(n > 0 && b >= n * s && b <= (n + c) * s) }' ||
		problems="$problems bytes/response=$bpr-not-$size"
	awk -v n="$n" -v d="$(kv duration_us "$f")" -v p50="$(kv p50_us "$f")" -v p99="$(kv p99_us "$f")" \
	    -v bpr="$bpr" -v pr="${problems:- ok}" 'BEGIN {
		printf "%.1f %.2f %.2f %s%s\n", n / (d / 1e6), p50 / 1000, p99 / 1000, bpr, pr }' \
	    >"$out/$name.result"
	log "         $(cut -d' ' -f1 "$out/$name.result") req/s${problems:+, ERRORS:$problems}"
}

t_start=$(date +%s)
load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')
run ktxh-dashboard "$ktxh_pid" "$COOKIE" "$K$DASH_PATH" "$out/dash.html"
run nginx-dashboard "$nginx_pid" "X-Bench: 1" "$N/dash.html" "$out/dash.html"
run ktxh-eval "$ktxh_pid" "$BEARER" "$K$EVAL_PATH" "$out/eval.json"
run nginx-eval "$nginx_pid" "X-Bench: 1" "$N/eval.json" "$out/eval.json"
t_end=$(date +%s)

# ---- report ------------------------------------------------------------------
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$cpu" ] || cpu=$(sed -n 's/^\(Hardware\|cpu model\|cpu\)[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
mhd=$(pkg-config --modversion libmicrohttpd 2>/dev/null || echo '?')
nv=$("$NGINX" -v 2>&1 | sed 's/^nginx version: //')
wv=$(wrk -v 2>&1 | head -n 1 | cut -d' ' -f1,2)
bad=0

echo "ktxh web benchmark: wrk against ktxh serve and against nginx serving the same bytes"
echo
echo "machine:  $(nproc) CPU, ${cpu:-unknown CPU}${mem:+, $mem RAM}; $(uname -sr)"
echo "load:     $load (1, 5, 15 min) before the runs: other work on the machine skews the figures"
echo "versions: $("$KTXH" version) (libmicrohttpd $mhd); $nv; $wv; $(curl --version | head -n 1 | cut -d' ' -f1,2)"
echo "method:   wrk -t$THREADS -c$CONNS -d${DURATION}s --latency, after a ${WARMUP}s warm-up in which every response"
echo "          is checked (200, exactly the saved bytes); all on 127.0.0.1; wrk shares the $(nproc) CPUs"
echo "          ktxh serve: thread pool of $(nproc) (one per CPU), database of data/nhon-hung"
echo "          nginx: worker_processes auto, access_log off, sendfile, open_file_cache, as $nginx_user"
echo "pages:    dashboard GET $DASH_PATH (session cookie of an admin): $(fmt "$(wc -c <"$out/dash.html")" 0) bytes of HTML"
echo "          eval      GET $EVAL_PATH (bearer token): $(fmt "$(wc -c <"$out/eval.json")" 0) bytes of JSON"
echo
printf '%-16s %12s %9s %9s %12s  %s\n' target "requests/s" "p50 ms" "p99 ms" "bytes/resp" "check (bytes/resp: on the wire, headers included)"
for t in ktxh-dashboard nginx-dashboard ktxh-eval nginx-eval; do
	# shellcheck disable=SC2046 # the fields of one line, split on purpose
	set -- $(cat "$out/$t.result")
	rps=$1 p50=$2 p99=$3 bpr=$4
	shift 4
	if [ "$*" = ok ]; then
		printf '%-16s %12s %9s %9s %12s  %s\n' "$t" "$(fmt "$rps" 0)" "$p50" "$p99" \
		    "$(fmt "$bpr" 0)" "ok: all 200, body = the saved file"
	else
		bad=1
		printf '%-16s %12s %9s %9s %12s  %s\n' "$t" "ERRORS" - - "$(fmt "$bpr" 0)" "$*"
	fi
done
echo
echo "goal: ktxh ≥ 0.3× nginx's requests per second and ktxh's p99 < 50 ms at $CONNS connections"
printf '%-10s %12s %12s %11s %11s   %s\n' page "ktxh req/s" "nginx req/s" "ktxh/nginx" "ktxh p99" "goal"
for p in dashboard eval; do
	# shellcheck disable=SC2046 # the fields of one line, split on purpose
	set -- $(cat "$out/ktxh-$p.result")
	kr=$1 kp99=$3
	shift 4
	kok="$*"
	# shellcheck disable=SC2046 # the fields of one line, split on purpose
	set -- $(cat "$out/nginx-$p.result")
	nr=$1
	shift 4
	if [ "$kok" != ok ] || [ "$*" != ok ]; then
		printf '%-10s %12s %12s %11s %11s   %s\n' "$p" - - - - "no figure: a run had errors (above)"
		continue
	fi
	awk -v p="$p" -v k="$kr" -v n="$nr" -v l="$kp99" -v c="$CONNS" '
	function f(x,   s, o) { s = sprintf("%.0f", x); o = ""
		while (length(s) > 3) { o = "," substr(s, length(s) - 2) o; s = substr(s, 1, length(s) - 3) }
		return s o }
	BEGIN {
		r = k / n; why = ""
		if (r < 0.3) why = why sprintf("%.2f× < 0.3×", r)
		if (l >= 50) why = why (why == "" ? "" : ", ") sprintf("p99 %.1f ms ≥ 50 ms", l)
		if (c != 64) why = why (why == "" ? "" : "; ") "measured at " c " connections, not 64"
		printf "%-10s %12s %12s %10.2f× %8.2f ms   %s\n", p, f(k), f(n), r, l,
		    why == "" ? "met" : (r >= 0.3 && l < 50 ? "met (" why ")" : "not met: " why)
	}'
done
echo
echo "logs: $out (wrk outputs, server logs, dash.html, eval.json)"
echo "whole bench: $((t_end - t_start)) s"
[ "$bad" -eq 0 ] || die "some runs had errors: their figures are not speeds (see the check column)"
