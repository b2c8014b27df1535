#!/bin/sh
# test_http.sh: the HTTP test suite of `ktxh serve`, black-box with curl. It
# builds a fresh database (data/nhon-hung, plus a small target set for the
# second ward 99002 and a unit whose name is hostile markup), makes an account
# of every role, starts the server on a free port and checks: every route ×
# role × own/other unit against a table of expected statuses; that a refused
# write changes nothing (the export, the accounts and the workflow states are
# compared before and after); CSRF on every POST (missing, another session's,
# the login's double-submit cookie, the API header and bearer tokens);
# hostile text in every field a user can set, shown escaped and never raw;
# oversized, malformed and flooding requests; sessions (logout, throttled
# logins, disabled accounts, password change); the eval API against
# `ktxh eval --format json`; that no answer is a 5xx; and that SIGTERM stops
# the server with status 0 within 5 s. Helpers in tests/http/httpcheck.py.
# KTXH_HTTP_LOG=FILE keeps the list of every request, status and time.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
for c in python3 curl; do
	command -v $c >/dev/null 2>&1 || { echo "skip: $c is needed"; exit 77; }
done
HC="python3 $ROOT/tests/http/httpcheck.py"
# A copy of the binary: a rebuild during the run must not swap it under us.
cp "$K" "$T/ktxh" && K=$T/ktxh
DB=$(db w)
PW=Mat-khau-dai-2026
START=$(date +%s)

# The hostile text: markup, both quotes, an ampersand, an attribute breaker.
H1='<script>alert(1)</script>"'\''&<b>x</b>'
H2='" onmouseover="x'
HOSTILE="$H1 $H2"
ESC='&lt;script&gt;alert(1)&lt;/script&gt;'
ESCQ='&quot; onmouseover=&quot;x'

# section NAME: a heading in the log, with the seconds since the start.
section() { echo "== $1 ($(($(date +%s) - START)) s)"; }

SPID=
trap 'if [ -n "$SPID" ]; then kill "$SPID" 2>/dev/null; fi; rm -rf "$T"' EXIT
: >"$T/statuses"
n_html=0; n_raw=0; dirty=1; nserver=0

# ---- the server -------------------------------------------------------------

start_server() {
	nserver=$((nserver + 1))
	SLOG=$T/serve.$nserver.log
	PORT=$($HC port)
	B=http://127.0.0.1:$PORT
	"$K" serve --db "$DB" --listen "127.0.0.1:$PORT" >"$SLOG" 2>&1 </dev/null &
	SPID=$!
	if $HC wait "$PORT" 15; then ok; else bad "ktxh serve did not start on $PORT"; sed 's/^/  | /' "$SLOG"; fi
}

# alive AFTER: the server still runs and answers; when not, say so (with the
# sanitizer's or the signal's word) and start it again for the checks left.
alive() {
	if kill -0 "$SPID" 2>/dev/null &&
	    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$B/login" </dev/null)" = 200 ]; then
		ok
		return 0
	fi
	kill "$SPID" 2>/dev/null
	wait "$SPID"
	rc=$?
	bad "the server died or stopped answering after $1 (exit status $rc): $(grep -m4 -E 'runtime error|Sanitizer|SEGV|^    #[0-3] ' "$SLOG" | tr -s ' \n' ' ')"
	start_server
}

# ---- requests -----------------------------------------------------------------

# req WHO METHOD PATH [CURL ARGS…]: one request as WHO — anon, an account
# signed in with its cookie jar $T/jar.WHO, or tok:NAME with NAME's API token.
# Sets $code; the body is in $T/body, the headers in $T/hdr. Every status is
# logged in $T/statuses, and every HTML answer is searched for the hostile
# text left raw.
req() {
	who=$1; m=$2; p=$3; shift 3
	case $who in
	anon) ;;
	tok:*) eval "tk=\${TOK_${who#tok:}}"; set -- -H "Authorization: Bearer $tk" "$@" ;;
	*) set -- -b "$T/jar.$who" "$@" ;;
	esac
	[ "$m" = GET ] || set -- -X "$m" "$@"
	[ "$m" = GET ] || dirty=1
	: >"$T/body"; : >"$T/hdr"
	code=$(curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code} %{time_total}' --max-time 60 "$@" "$B$p" </dev/null)
	secs=${code#* }; code=${code%% *}
	[ -n "$code" ] || code=000
	echo "$code $m $p ($who) ${secs}s" >>"$T/statuses"
	if grep -qi '^content-type: text/html' "$T/hdr"; then
		n_html=$((n_html + 1))
		if grep -qF -e '<script>alert(1)' -e '<b>x</b>' -e '" onmouseover="x' "$T/body"; then
			n_raw=$((n_raw + 1))
			echo "RAW hostile text in the HTML of $m $p ($who): $(grep -oF -m1 -e '<script>alert(1)' -e '<b>x</b>' -e '" onmouseover="x' "$T/body" | head -1)"
		fi
	fi
}

# The message of an error answer (HTML alert or JSON "error"), for reports.
why() {
	{ sed -n 's/.*role="alert">\([^<]*\)<.*/\1/p' "$T/body"
	  sed -n 's/^ *"error": *"\(.*\)",*$/\1/p; s/^{"error":"\([^"]*\)".*/\1/p' "$T/body"; } |
	    head -1 | cut -c1-160
}
loc() { sed -n 's/^[Ll]ocation: *//p' "$T/hdr" | tr -d '\r'; }

# match CODE PATTERNS: CODE matches one of PATTERNS ("403", "4??|000").
match() {
	_ps=$2
	while :; do
		_p=${_ps%%|*}
		case $1 in $_p) return 0 ;; esac
		[ "$_p" = "$_ps" ] && return 1
		_ps=${_ps#*|}
	done
}

# expect WANT WHO METHOD PATH [ARGS…]: the status matches WANT (patterns as
# for match).
expect() {
	want=$1; shift
	req "$@"
	if match "$code" "$want"; then ok; else bad "$2 $3 as $1: status $code, want $want — $(why)"; fi
}

# has_esc MARK WHAT: the last body shows the hostile text escaped (MARK is
# $ESC or $ESCQ).
has_esc() {
	if grep -qF -- "$1" "$T/body"; then ok; else bad "$2: the hostile text is not shown escaped (no “$1”)"; fi
}

# snap: what a refused request must not change, into $T/snap.new: every file
# of `ktxh export` (values, targets, texts …), `ktxh user list`, the
# workflow state of the periods this test moves, and every explanation
# request with its thread.
snap() {
	rm -rf "$T/exp"
	{
		"$K" export --db "$DB" "$T/exp" >/dev/null 2>&1 </dev/null || echo "export failed"
		find "$T/exp" -type f | sort | xargs grep -H '' | sed "s|^$T/exp/||"
		echo "== accounts"
		"$K" user list --db "$DB" </dev/null
		echo "== states"
		curl -s -H "Authorization: Bearer $TOK_admin" \
		    "$B/api/v1/state?unit=99001&period={2023,2023-Q3,2023-Q4}" \
		    "$B/api/v1/state?unit=99002&period={2023,2023-Q3,2023-Q4}" </dev/null
		echo "== explanation requests"
		curl -s -H "Authorization: Bearer $TOK_admin" "$B/api/v1/requests" </dev/null
	} >"$T/snap.new" 2>&1
}

# wcheck WANT WHO METHOD PATH [ARGS…]: a request that writes when allowed.
# With a 2xx/3xx WANT something must change; with a refusal nothing may.
# nochange: the same, but nothing may change whatever the answer.
_same=0
nochange() { _same=1; wcheck "$@"; _same=0; }
wcheck() {
	if [ "$dirty" = 1 ] || [ ! -f "$T/snap.cur" ]; then snap; mv "$T/snap.new" "$T/snap.cur"; fi
	expect "$@"
	[ "$code" = 000 ] && alive "$3 $4 as $2"
	snap
	case $_same$1 in
	02*|03*)
		if cmp -s "$T/snap.cur" "$T/snap.new"; then bad "$3 $4 as $2: answered $code but nothing changed"; else ok; fi ;;
	*)
		if cmp -s "$T/snap.cur" "$T/snap.new"; then ok; else
			bad "$3 $4 as $2: answered $code but the data changed:"
			diff "$T/snap.cur" "$T/snap.new" | sed -n '2,7p' | cut -c1-200 | sed 's/^/  /'
		fi ;;
	esac
	mv "$T/snap.new" "$T/snap.cur"
	dirty=0
}

# login NAME [PASSWORD [JAR]]: sign in into a fresh jar $T/jar.JAR (default
# NAME): GET /login for the form's csrf and its cookie, then POST. Sets $code.
login() {
	jar=$T/jar.${3:-$1}
	rm -f "$jar"
	curl -s -c "$jar" -b "$jar" "$B/login" >"$T/login.html" </dev/null
	c=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$T/login.html" | head -1)
	req "${3:-$1}" POST /login -c "$jar" --data-urlencode "username=$1" \
	    --data-urlencode "password=${2:-$PW}" --data-urlencode "csrf=$c"
}
# The session's CSRF token of a signed-in jar.
csrf_of() {
	curl -s -b "$T/jar.$1" "$B/password" </dev/null |
	    sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1
}

# ---- the data ------------------------------------------------------------------
section "data and accounts"

newdb "$DB" "$ROOT/data/nhon-hung" || { finish; exit 1; }
# The second ward: three targets and values, a hostile target wording, source
# and note; and a unit whose name is hostile.
mkdir "$T/w2"
cat >"$T/w2/units.csv" <<EOF
code,name,kind,parent
99009,"Thử $(printf '%s' "$HOSTILE" | sed 's/"/""/g')",phường,990
EOF
echo "code,name,sector,uom,kind,parent,time_agg,unit_agg" >"$T/w2/indicators.csv"
HQ=$(printf '%s' "$HOSTILE" | sed 's/"/""/g')
cat >"$T/w2/targets.csv" <<EOF
unit,indicator,year,shape,value,value2,text,source,seq
99002,KT01,2023,at_least,500,,"Xuống giống 500 ha $HQ","Nghị quyết $HQ số 01/NQ-HĐND",1
99002,KT06,2023,at_least,3000,,Trồng 3.000 cây phân tán,Nghị quyết số 01/NQ-HĐND,2
99002,VH02,2023,at_least,800,,Huy động 800 học sinh ra lớp,Nghị quyết số 01/NQ-HĐND,3
EOF
cat >"$T/w2/values.csv" <<EOF
unit,indicator,period,value,numerator,denominator,status,as_of,note
99002,KT01,2023,480,,,final,,"ghi chú $HQ"
99002,KT06,2023,3100,,,final,,
99002,VH02,2023,790,,,final,,
EOF
expect_rc 0 "$K" import --db "$DB" "$T/w2"

mkuser() {
	if printf '%s\n' "$PW" | "$K" user add --db "$DB" "$@" >/dev/null 2>"$T/err"; then ok; else bad "user add $*: $(cat "$T/err")"; fi
}
mkuser --name admin --role admin
mkuser --name appr1 --role approver --unit 99001
mkuser --name off1 --role officer --unit 99001 --sector kinh-te
mkuser --name appr2 --role approver --unit 99002
mkuser --name viewp --role viewer --unit 89
mkuser --name view2 --role viewer --unit 99002
mkuser --name dis1 --role officer --unit 99001		# disabled by the admin
mkuser --name thr --role viewer --unit 99001		# throttled logins
mkuser --name pwu --role viewer --unit 99001		# changes its password
# `ktxh user add` takes any sector text: the admin page must escape it.
mkuser --name offx --role officer --unit 99001 --sector "kinh-te,$H1"
for a in admin off1 view2 dis1; do
	tk=$("$K" token add --db "$DB" --name $a --label "kiểm thử" 2>/dev/null </dev/null)
	if [ ${#tk} -eq 43 ]; then ok; else bad "token add --name $a printed “$tk”"; fi
	eval "TOK_$a=\$tk"
done

start_server
ROLES="anon admin appr1 off1 appr2 viewp view2"
for r in admin appr1 off1 appr2 viewp view2; do
	login $r
	if [ "$code" = 303 ] && [ "$(loc)" = / ]; then ok; else bad "login $r: status $code, Location “$(loc)” — $(why)"; fi
	eval "CS_$r=\$(csrf_of $r)"
	eval "[ \${#CS_$r} -eq 43 ]" && ok || bad "no CSRF token on the pages of $r"
done

# ---- every route × role × own/other unit ----------------------------------------
section "routes × roles × units"

# access_table: lines "PATH  STATUS-per-role" in the order of $ROLES.
access_table() {
	while read -r _path _rest; do
		case $_path in ''|'#'*) continue ;; esac
		set -- $_rest
		for _who in $ROLES; do
			expect "$1" "$_who" GET "$_path"
			if [ "$1" = 303 ]; then
				if [ "$_who" = anon ]; then _l=/login; else _l=/; fi
				[ "$(loc)" = "$_l" ] && ok || bad "GET $_path as $_who: Location “$(loc)”, want $_l"
			fi
			shift
		done
	done
}
access_table <<'EOF'
# path                                                  anon admin appr1 off1 appr2 viewp view2
/?unit=99001&year=2023                                  303  200   200   200  403   200   403
/?unit=99002&year=2023                                  303  200   403   403  200   200   200
/entry?unit=99001&year=2023&period=2023                 303  200   200   200  403   403   403
/entry?unit=99002&year=2023&period=2023                 303  200   403   403  200   403   403
/texts?unit=99001&year=2023&period=2023                 303  200   200   200  403   403   403
/texts?unit=99002&year=2023&period=2023                 303  200   403   403  200   403   403
/plan?unit=99001&year=2023                              303  200   200   200  403   200   403
/plan?unit=99002&year=2023                              303  200   403   403  200   200   200
/plan?unit=99001&year=2024                              303  200   200   200  403   200   403
/reports?unit=99001&year=2023                           303  200   200   200  403   200   403
/reports?unit=99002&year=2023                           303  200   403   403  200   200   200
/reports/download?unit=99001&year=2023&format=md        303  200   200   200  403   200   403
/reports/download?unit=99002&year=2023&format=md        303  200   403   403  200   200   200
/reports/download?unit=99001&year=2023&format=docx      303  200   200   200  403   200   403
/reports/download?unit=99002&year=2023&format=xlsx      303  200   403   403  200   200   200
/reports/download?unit=99002&year=2023&format=pdf       303  200   403   403  200   200   200
/indicator?unit=99001&year=2023&code=KT01               303  200   200   200  403   200   403
/indicator?unit=99002&year=2023&code=KT01               303  200   403   403  200   200   200
/units?unit=99001&year=2023                             303  200   200   200  200   200   200
/units?unit=99002&year=2023                             303  200   200   200  200   200   200
/check                                                  303  200   200   200  200   200   200
/password                                               303  200   200   200  200   200   200
/admin                                                  303  200   403   403  403   403   403
/admin?user=off1                                        303  200   403   403  403   403   403
/admin/audit?unit=99001                                 303  200   403   403  403   403   403
/admin/audit?unit=99002                                 303  200   403   403  403   403   403
/login                                                  200  303   303   303  303   303   303
/assets/ktxh.css                                        200  200   200   200  200   200   200
/api/v1/units                                           401  200   200   200  200   200   200
/api/v1/indicators                                      401  200   200   200  200   200   200
/api/v1/targets?unit=99001&year=2023                    401  200   200   200  403   200   403
/api/v1/targets?unit=99002&year=2023                    401  200   403   403  200   200   200
/api/v1/values?unit=99001&year=2023                     401  200   200   200  403   200   403
/api/v1/values?unit=99002&year=2023                     401  200   403   403  200   200   200
/api/v1/state?unit=99001&period=2023                    401  200   200   200  403   200   403
/api/v1/state?unit=99002&period=2023                    401  200   403   403  200   200   200
/api/v1/eval?unit=99001&year=2023                       401  200   200   200  403   200   403
/api/v1/eval?unit=99002&year=2023                       401  200   403   403  200   200   200
/province?year=2023                                     303  200   403   403  403   200   403
/province?unit=89&year=2023                             303  200   403   403  403   200   403
/province?unit=990&year=2023&period=2023-Q4             303  200   403   403  403   200   403
/province?unit=99001&year=2023                          303  403   403   403  403   403   403
/requests                                               303  200   200   200  200   200   200
/requests?unit=99001                                    303  200   200   200  403   200   403
/requests?unit=99002&state=open                         303  200   403   403  200   200   200
/api/v1/requests                                        401  200   200   200  200   200   200
/api/v1/requests?unit=99001&state=open                  401  200   200   200  403   200   403
/api/v1/requests?unit=99002                             401  200   403   403  200   200   200
EOF

# The lists show only what the account may read.
unitlist() { # WHO WANT: the codes of GET /api/v1/units
	req "$1" GET /api/v1/units
	got=$($HC jq "$T/body" "' '.join(sorted(u['code'] for u in d['units']))" 2>&1)
	eq "$got" "$2" "units the API lists to $1"
}
unitlist admin "89 990 99001 99002 99003 99009"
unitlist viewp "89 990 99001 99002 99003 99009"
unitlist appr1 "99001"
unitlist off1 "99001"
unitlist view2 "99002"
unitlist tok:off1 "99001"
# An API token opens the API, not the pages (those want a session).
expect 303 tok:off1 GET "/?unit=99001&year=2023"
hasnt "$T/body" "Tổng quan"
expect 401 tok:off1 POST /check -d x=1
for w in appr1 off1; do
	req $w GET "/units?year=2023"
	if grep -q 'Thới Sơn' "$T/body"; then bad "GET /units as $w shows phường Thới Sơn (99002)"; else ok; fi
	req $w GET "/?unit=99001&year=2023"
	if grep -q 'value="99002"' "$T/body"; then bad "GET / as $w offers unit 99002 in its picker"; else ok; fi
done
req view2 GET "/units?year=2023"
if grep -q 'Nhơn Hưng' "$T/body"; then bad "GET /units as view2 shows phường Nhơn Hưng (99001)"; else ok; fi
# The navigation offers only what the role may open.
req viewp GET "/?unit=99001&year=2023"
if grep -q 'href="/entry"' "$T/body" || grep -q 'href="/admin"' "$T/body"; then bad "the navigation of viewp links to /entry or /admin"; else ok; fi

# Read-only views offer no form that writes.
lacks() { # WHAT TEXT: the last body does not hold TEXT
	if grep -qF -- "$2" "$T/body"; then bad "$1 offers “$2”"; else ok; fi
}
expect 200 off1 GET "/entry?unit=99001&year=2023&period=2023&sector=van-hoa-xa-hoi"
lacks "the entry page of another sector to off1" 'name="v.VH02"'
expect 200 off1 GET "/entry?unit=99001&year=2023&period=2023&sector=kinh-te"
if grep -qF 'name="v.KT01"' "$T/body"; then ok; else bad "the entry page of its own sector offers off1 no input for KT01"; fi
expect 200 off1 GET "/texts?unit=99001&year=2023&period=2023&section=mo-dau"
lacks "the general section of the texts to off1" 'value="save"'
for w in off1 viewp; do
	expect 200 $w GET "/plan?unit=99001&year=2023"
	lacks "the plan page to $w" 'method="post" action="/plan"'
done
expect 200 viewp GET "/indicator?unit=99001&year=2023&code=KT01"
lacks "the indicator page to viewp" 'method="post" action="/entry"'

# API tokens carry their account's rights; a wrong or missing token is 401.
expect 200 tok:off1 GET "/api/v1/values?unit=99001&year=2023"
expect 403 tok:off1 GET "/api/v1/values?unit=99002&year=2023"
expect 403 tok:view2 GET "/api/v1/eval?unit=99001&year=2023"
expect 200 tok:view2 GET "/api/v1/eval?unit=99002&year=2023"
TOK_bogus=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
expect 401 tok:bogus GET /api/v1/units
expect 401 anon GET /api/v1/units -H "Authorization: Basic YWRtaW46eA=="

# ---- PDFs made at once -----------------------------------------------------------
# pango must not lay out in two threads at once: the server's threads take
# turns. Four downloads at the same time give the text of one alone.
section "PDFs at once"
if command -v pdftotext >/dev/null 2>&1; then
	pdfurl="$B/reports/download?unit=99001&year=2023&format=pdf"
	curl -s -b "$T/jar.admin" -o "$T/one.pdf" "$pdfurl" </dev/null
	pdftotext "$T/one.pdf" "$T/one.txt" 2>/dev/null || bad "the PDF alone does not read"
	pids=
	for k in 1 2 3 4; do
		curl -s -b "$T/jar.admin" -o "$T/at$k.pdf" "$pdfurl" </dev/null &
		pids="$pids $!"
	done
	# shellcheck disable=SC2086
	wait $pids		# (not the server's: a bare wait would)
	for k in 1 2 3 4; do
		if pdftotext "$T/at$k.pdf" "$T/at$k.txt" 2>/dev/null &&
		    cmp -s "$T/one.txt" "$T/at$k.txt"; then ok; else
			bad "PDF $k of 4 made at once differs from one made alone"
		fi
	done
	alive "four PDFs at once"
else
	echo "skip: no pdftotext for the PDFs made at once"
fi

# ---- bad parameters ---------------------------------------------------------------
section "bad parameters"

bad_params() {
	while read -r _want _who _path; do
		case $_want in ''|'#'*) continue ;; esac
		expect "$_want" "$_who" GET "$_path"
	done
}
bad_params <<'EOF'
404 admin /?unit=99999
404 off1  /?unit=99999
400 admin /?unit=99001&year=abc
400 admin /?unit=99001&year=12
400 admin /?unit=99001&year=2023&period=2024-Q1
400 admin /?unit=99001&year=2023&period=xyz
404 admin /entry?unit=99001&year=2023&period=2023&sector=nope
400 admin /entry?unit=99001&year=2023&period=2023-M13
404 admin /texts?unit=99001&year=2023&period=2023&section=nope
400 admin /indicator?unit=99001&year=2023
404 admin /indicator?unit=99001&year=2023&code=ZZ99
404 admin /plan?unit=99999
400 admin /plan?unit=99001&year=99999
400 admin /reports?unit=99001&year=2023&kind=weekly
400 admin /reports?unit=99001&year=2023&kind=quarter
400 admin /reports/download?unit=99001&year=2023&format=exe
400 admin /reports/download?unit=99001&year=2023
400 admin /units?year=abc
400 admin /units?year=2023&period=2024
400 admin /admin/audit?before=x
400 admin /api/v1/eval
400 admin /api/v1/eval?unit=99001
400 admin /api/v1/eval?unit=99001&year=abc
404 admin /api/v1/eval?unit=99999&year=2023
400 admin /api/v1/eval?unit=99001&year=2023&period=2024-H1
400 admin /api/v1/targets
404 admin /api/v1/targets?unit=99999
400 admin /api/v1/values?unit=99001&year=1800
400 admin /api/v1/values?unit=99001&year=2023&period=2024-Q1
400 admin /api/v1/state?unit=99001
400 admin /api/v1/state?unit=99001&period=bad
404 admin /nope
404 anon  /nope
404 admin /api/v1/nope
404 admin /assets/nope.css
EOF
expect '404|400' admin GET /assets/../../etc/passwd --path-as-is
expect '404|400' admin GET /assets/%2e%2e/%2e%2e/etc/passwd --path-as-is
# Odd query strings and form fields: nameless, valueless, NUL bytes.
expect 200 admin GET "/?=x&unit=99001&year=2023"
expect 200 admin GET "/?unit&year=2023"
expect '200|4??' admin GET "/?%00=1&unit=99001%00&year=2023"
expect 400 admin GET "/api/v1/eval?unit&year"
expect '200|4??' admin GET "/indicator?unit=99001&year=2023&code=KT01&&&=&=="
alive "odd query strings"
nochange '303|4??' appr1 POST /entry --data "csrf=$CS_appr1&=x&unit=99001&period=2023&sector=kinh-te&&=="
alive "a form field without a name"
expect 405 admin DELETE /
expect 405 admin PUT /api/v1/values -d unit=99001
expect 405 anon POST /units

# ver KIND KEY…: the version of a stored value (value UNIT IND PERIOD), text
# (text UNIT PERIOD SECTION) or target (target UNIT IND YEAR), 0 for none —
# what the pages carry in their forms and API clients read first.
ver() {
	case $1 in
	value) _q="SELECT version FROM actual WHERE unit = '$2' AND indicator = '$3' AND period = '$4'" ;;
	text) _q="SELECT version FROM text_block WHERE unit = '$2' AND period = '$3' AND section = '$4'" ;;
	target) _q="SELECT version FROM target WHERE unit = '$2' AND indicator = '$3' AND year = $4" ;;
	esac
	_r=$(dbq "$DB" "$_q"); echo "${_r:-0}"
}
# vargs UNIT IND PERIOD: "-d version=N" for an API write over a stored value.
vargs() { _v=$(ver value "$@"); [ "$_v" = 0 ] || echo "-d version=$_v"; }

# ---- writes: allowed ones change the data, refused ones change nothing -------------
section "writes"

# write_table: lines "CASE UNIT STATUS-per-role"; each request would be
# accepted from an account with the right; $n makes every figure new.
n=0
write_table() {
	while read -r _case _u _rest; do
		case $_case in ''|'#'*) continue ;; esac
		set -- $_rest
		for _who in $ROLES; do
			n=$((n + 1))
			eval "_cs=\${CS_$_who:-}"
			_want=$1; shift
			case $_case in
			entry-kt) wcheck "$_want" "$_who" POST /entry -d "csrf=$_cs" -d "unit=$_u" -d period=2023 -d sector=kinh-te -d "v.KT01=$((1400 + n))" -d "ver.KT01=$(ver value "$_u" KT01 2023)" ;;
			entry-vh) wcheck "$_want" "$_who" POST /entry -d "csrf=$_cs" -d "unit=$_u" -d period=2023 -d sector=van-hoa-xa-hoi -d "v.VH02=$((1300 + n))" -d "ver.VH02=$(ver value "$_u" VH02 2023)" ;;
			text-kt) wcheck "$_want" "$_who" POST /texts -d "csrf=$_cs" -d "unit=$_u" -d year=2023 -d period=2023 -d section=kinh-te -d action=save --data-urlencode "body=Thuyết minh lĩnh vực kinh tế, lần $n." -d "version=$(ver text "$_u" 2023 kinh-te)" ;;
			text-gen) wcheck "$_want" "$_who" POST /texts -d "csrf=$_cs" -d "unit=$_u" -d year=2023 -d period=2023 -d section=mo-dau -d action=save --data-urlencode "body=Mở đầu, lần $n." -d "version=$(ver text "$_u" 2023 mo-dau)" ;;
			plan) wcheck "$_want" "$_who" POST /plan -d "csrf=$_cs" -d "unit=$_u" -d year=2023 -d action=save -d indicator=KT06 -d shape=at_least -d "value=$((4000 + n))" --data-urlencode "text=Trồng cây, lần $n" --data-urlencode "source=Nghị quyết số 08/NQ-HĐND" -d seq=6 -d version_of=KT06 -d "version=$(ver target "$_u" KT06 2023)" ;;
			api-kt) wcheck "$_want" "$_who" POST /api/v1/values -H "X-CSRF-Token: $_cs" -d "unit=$_u" -d indicator=KT07 -d period=2023-M01 -d "value=$((1000 + n))" $(vargs "$_u" KT07 2023-M01) ;;
			api-vh) wcheck "$_want" "$_who" POST /api/v1/values -H "X-CSRF-Token: $_cs" -d "unit=$_u" -d indicator=VH02 -d period=2023-M01 -d "value=$((900 + n))" $(vargs "$_u" VH02 2023-M01) ;;
			user) wcheck "$_want" "$_who" POST /admin/user -d "csrf=$_cs" -d op=create -d "name=u$n" -d role=viewer -d "unit=$_u" -d "password=$PW" -d "again=$PW" ;;
			esac
		done
	done
}
write_table <<'EOF'
# case    unit   anon admin appr1 off1 appr2 viewp view2
entry-kt  99001  401  303   303   303  403   403   403
entry-kt  99002  401  303   403   403  303   403   403
entry-vh  99001  401  303   303   403  403   403   403
text-kt   99001  401  303   303   303  403   403   403
text-kt   99002  401  303   403   403  303   403   403
text-gen  99001  401  303   303   403  403   403   403
text-gen  99002  401  303   403   403  303   403   403
plan      99001  401  303   303   403  403   403   403
plan      99002  401  303   403   403  303   403   403
api-kt    99001  401  200   200   200  403   403   403
api-kt    99002  401  200   403   403  200   403   403
api-vh    99001  401  200   200   403  403   403   403
user      99001  401  303   403   403  403   403   403
user      99002  401  303   403   403  403   403   403
EOF
# The bearer token of the officer writes its own sector and unit only.
wcheck 200 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M02 -d value=77 $(vargs 99001 KT07 2023-M02)
wcheck 403 tok:off1 POST /api/v1/values -d unit=99002 -d indicator=KT07 -d period=2023-M02 -d value=77
wcheck 403 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=VH02 -d period=2023-M02 -d value=77
wcheck 403 tok:view2 POST /api/v1/values -d unit=99002 -d indicator=KT07 -d period=2023-M02 -d value=77
# The API refuses bad input with 4xx and stores nothing.
wcheck 400 tok:admin POST /api/v1/values -H 'Content-Type: application/json' --data '{"unit": "99001",'
wcheck 400 tok:admin POST /api/v1/values -H 'Content-Type: application/json' --data '[1, 2]'
wcheck 422 tok:admin POST /api/v1/values -H 'Content-Type: application/json' --data '{"unit":"99001","indicator":"KT07","period":"2023-M03","value":5,"typo":1}'
wcheck 422 tok:admin POST /api/v1/values -d indicator=KT07 -d period=2023-M03 -d value=5
wcheck 422 tok:admin POST /api/v1/values -d unit=99001 -d indicator=ZZ99 -d period=2023-M03 -d value=5
wcheck 422 tok:admin POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M13 -d value=5
wcheck 422 tok:admin POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M03 -d value=1.303,5
wcheck 422 tok:admin POST /api/v1/values -d unit=99999 -d indicator=KT07 -d period=2023-M03 -d value=5
wcheck 200 tok:admin POST /api/v1/values -H 'Content-Type: application/json' --data '{"unit":"99001","indicator":"KT07","period":"2023-M03","value":5,"note":null,"version":'"$(ver value 99001 KT07 2023-M03 | sed 's/^0$/null/')"'}'
# The forms refuse bad input with 4xx and store nothing.
wcheck 422 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99001 -d period=2023 -d sector=kinh-te -d v.KT01=abc
wcheck 422 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99001 -d period=2023 -d sector=kinh-te -d v.KT01=1399 -d "ver.KT01=$(ver value 99001 KT01 2023)" -d v.KT02=1.302
# A row the importer's checks refuse (30 February) keeps a good row from
# being stored too, and its message stands beside its field.
wcheck 422 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99001 -d period=2023 -d sector=kinh-te -d v.KT01=1399 -d "ver.KT01=$(ver value 99001 KT01 2023)" -d v.KT03=640 -d a.KT03=30/02/2023
has "$T/body" "Ngày “2023-02-30” không hợp lệ"
wcheck 400 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99001 -d sector=kinh-te -d v.KT01=1399
wcheck 404 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99999 -d period=2023 -d sector=kinh-te -d v.KT01=1399
wcheck 422 appr1 POST /plan -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d action=save -d indicator=KT06 -d shape=at_least -d value=-5
wcheck 422 appr1 POST /plan -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d action=save -d indicator=ZZ99 -d shape=at_least -d value=5
wcheck 400 appr1 POST /plan -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d action=drop
wcheck 422 appr1 POST /texts -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d period=2023 -d section=kinh-te -d action=save --data-urlencode "body=   "
wcheck 400 appr1 POST /texts -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d period=2023 -d section=kinh-te -d action=erase -d body=x
wcheck 404 appr1 POST /texts -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d period=2023 -d section=nope -d action=save -d body=x
wcheck 400 appr1 POST /workflow -d "csrf=$CS_appr1" -d unit=99001 -d period=2023-Q4 -d action=explode
wcheck 422 admin POST /admin/user -d "csrf=$CS_admin" -d op=create -d name=short -d role=viewer -d unit=99001 -d password=short -d again=short
wcheck 422 admin POST /admin/user -d "csrf=$CS_admin" -d op=create -d name=nounit -d role=viewer -d "password=$PW" -d "again=$PW"
wcheck 422 admin POST /admin/user -d "csrf=$CS_admin" -d op=create -d name=admin -d role=viewer -d unit=99001 -d "password=$PW" -d "again=$PW"
wcheck 400 admin POST /admin/user -d "csrf=$CS_admin" -d op=destroy -d name=off1
wcheck 404 admin POST /admin/user -d "csrf=$CS_admin" -d op=disable -d name=nobody
wcheck 400 admin POST /admin/user -d "csrf=$CS_admin" -d op=disable -d name=admin
# A preview writes nothing, even for an officer on a section not its own.
nochange 200 off1 POST /texts -d "csrf=$CS_off1" -d unit=99001 -d year=2023 -d period=2023 -d section=mo-dau -d action=preview -d body=x
# The checker reads for every signed-in role and writes nothing.
for w in $ROLES; do
	eval "_cs=\${CS_$w:-}"
	case $w in anon) _want=401 ;; *) _want=200 ;; esac
	nochange $_want $w POST /check -d "csrf=$_cs" --data-urlencode "text=Tổng 3 chỉ tiêu, đạt 2/4 bằng 50%."
done

# ---- the workflow (2023-Q4, so that the entries above stay open) --------------------
section "workflow"

wf() { # WANT WHO UNIT ACTION [REASON]
	eval "_cs=\${CS_$2:-}"
	wcheck "$1" "$2" POST /workflow -d "csrf=$_cs" -d "unit=$3" -d period=2023-Q4 -d sector=kinh-te -d "action=$4" --data-urlencode "reason=${5:-}"
}
wf 401 anon 99001 submit
wf 403 appr2 99001 submit
wf 403 viewp 99001 submit
wf 403 view2 99001 submit
wf 303 off1 99001 submit
wf 409 appr1 99001 submit
wf 403 off1 99001 approve
wf 403 appr2 99001 approve
wf 403 viewp 99001 approve
# A submitted period is closed to its officer, open to its approver.
wcheck 409 off1 POST /entry -d "csrf=$CS_off1" -d unit=99001 -d period=2023-Q4 -d sector=kinh-te -d v.KT01=10
wcheck 409 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-Q4 -d value=10
# … and so are its months, on the page as in the API (one lock rule).
wcheck 409 off1 POST /entry -d "csrf=$CS_off1" -d unit=99001 -d period=2023-M11 -d sector=kinh-te -d v.KT01=10
wcheck 409 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M11 -d value=10
expect 200 off1 GET "/entry?unit=99001&period=2023-M11&sector=kinh-te"
has "$T/body" "thuộc kỳ 2023-Q4"
hasnt "$T/body" "Lưu số liệu"
wcheck 303 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99001 -d period=2023-Q4 -d sector=kinh-te -d v.KT01=11 -d "ver.KT01=$(ver value 99001 KT01 2023-Q4)"
wf 303 appr1 99001 approve
# Approved: locked for everyone, the admin included, until reopened.
wcheck 409 appr1 POST /entry -d "csrf=$CS_appr1" -d unit=99001 -d period=2023-Q4 -d sector=kinh-te -d v.KT01=12
wcheck 409 admin POST /entry -d "csrf=$CS_admin" -d unit=99001 -d period=2023-Q4 -d sector=kinh-te -d v.KT01=12
wcheck 409 admin POST /api/v1/values -H "X-CSRF-Token: $CS_admin" -d unit=99001 -d indicator=KT07 -d period=2023-Q4 -d value=12
wcheck 409 tok:admin POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M11 -d value=12
wcheck 409 appr1 POST /texts -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d period=2023-Q4 -d section=kinh-te -d action=save -d body=x
wf 403 appr1 99001 reopen "mở lại"
wf 403 off1 99001 reopen "mở lại"
wf 422 admin 99001 reopen
wf 303 admin 99001 reopen "$HOSTILE"
wcheck 303 off1 POST /entry -d "csrf=$CS_off1" -d unit=99001 -d period=2023-Q4 -d sector=kinh-te -d v.KT01=13 -d "ver.KT01=$(ver value 99001 KT01 2023-Q4)"
# The other ward: its own approver returns it; the first ward's cannot.
wf 303 appr2 99002 submit
wf 403 appr1 99002 return "trả lại"
wf 403 view2 99002 return "trả lại"
wf 422 appr2 99002 return
wf 303 appr2 99002 return "$HOSTILE"

# ---- CSRF ---------------------------------------------------------------------
section "CSRF"

# csrf_route WHO CASE: the request of CASE without its token, with another
# session's, then with its own (which must work: the refusals were for the
# token alone).
csrf_route() {
	_who=$1; _case=$2; _good=$3; n=$((n + 1))
	eval "_own=\$CS_$_who"
	if [ "$_who" = off1 ]; then _other=$CS_appr1; else _other=$CS_off1; fi
	for _tok in none other own; do
		case $_tok in none) _t= ;; other) _t=$_other ;; own) _t=$_own ;; esac
		case $_tok in own) _want=$_good ;; *) _want=403 ;; esac
		set -- ${_t:+-d "csrf=$_t"}
		case $_case in
		entry) wcheck "$_want" "$_who" POST /entry "$@" -d unit=99001 -d period=2023 -d sector=kinh-te -d "v.KT03=$((600 + n))" -d "ver.KT03=$(ver value 99001 KT03 2023)" ;;
		texts) wcheck "$_want" "$_who" POST /texts "$@" -d unit=99001 -d year=2023 -d period=2023 -d section=nhiem-vu-kinh-te -d action=save --data-urlencode "body=Nhiệm vụ $n." -d "version=$(ver text 99001 2023 nhiem-vu-kinh-te)" ;;
		plan) wcheck "$_want" "$_who" POST /plan "$@" -d unit=99001 -d year=2024 -d action=save -d indicator=KT03 -d shape=at_least -d "value=$((700 + n))" -d version_of=KT03 -d "version=$(ver target 99001 KT03 2024)" ;;
		workflow) wcheck "$_want" "$_who" POST /workflow "$@" -d unit=99001 -d period=2023-Q3 -d action=submit ;;
		user) wcheck "$_want" "$_who" POST /admin/user "$@" -d op=create -d "name=csrf$n" -d role=viewer -d unit=99001 -d "password=$PW" -d "again=$PW" ;;
		check) expect "$_want" "$_who" POST /check "$@" -d text=abc ;;
		api) set -- ${_t:+-H "X-CSRF-Token: $_t"}
		     wcheck "$_want" "$_who" POST /api/v1/values "$@" -d unit=99001 -d indicator=KT07 -d period=2023-M05 -d "value=$((50 + n))" $(vargs 99001 KT07 2023-M05) ;;
		api-json) set -- ${_t:+-H "X-CSRF-Token: $_t"}
		     wcheck "$_want" "$_who" POST /api/v1/values "$@" -H 'Content-Type: application/json' --data "{\"unit\":\"99001\",\"indicator\":\"KT07\",\"period\":\"2023-M06\",\"value\":$((50 + n)),\"version\":$(ver value 99001 KT07 2023-M06 | sed 's/^0$/null/')}" ;;
		esac
		n=$((n + 1))
	done
}
csrf_route appr1 entry 303
csrf_route off1 texts 303
csrf_route appr1 plan 303
csrf_route appr1 workflow 303
csrf_route admin user 303
csrf_route viewp check 200
csrf_route appr1 api 200
csrf_route off1 api-json 200
# The API also takes the session's token in the form field csrf.
wcheck 200 appr1 POST /api/v1/values -d "csrf=$CS_appr1" -d unit=99001 -d indicator=KT07 -d period=2023-M07 -d value=5 $(vargs 99001 KT07 2023-M07)
# A bearer token needs no CSRF token.
wcheck 200 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M12 -d value=6 $(vargs 99001 KT07 2023-M12)
# Logout without the token, or with another session's, signs nobody out.
expect 403 appr1 POST /logout
expect 200 appr1 GET "/?unit=99001&year=2023"
expect 403 appr1 POST /logout -d "csrf=$CS_off1"
expect 200 appr1 GET "/?unit=99001&year=2023"
# The login form's double-submit cookie: without the cookie, without the
# field, or with a field that differs from the cookie → 403, no session.
expect 403 anon POST /login --data-urlencode username=admin --data-urlencode "password=$PW"
expect 403 anon POST /login --data-urlencode username=admin --data-urlencode "password=$PW" -d csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
curl -s -c "$T/jar.lc" -b "$T/jar.lc" "$B/login" >/dev/null </dev/null
expect 403 lc POST /login -c "$T/jar.lc" --data-urlencode username=admin --data-urlencode "password=$PW"
expect 403 lc POST /login -c "$T/jar.lc" --data-urlencode username=admin --data-urlencode "password=$PW" -d csrf=BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB
if grep -q ktxh_session "$T/jar.lc"; then bad "a refused login set a session cookie"; else ok; fi

# ---- hostile text: shown escaped, never raw --------------------------------------
section "hostile text"

# Text bodies.
wcheck 303 off1 POST /texts -d "csrf=$CS_off1" -d unit=99001 -d year=2023 -d period=2023 -d section=kinh-te -d action=save --data-urlencode "body=Thuyết minh $HOSTILE" -d "version=$(ver text 99001 2023 kinh-te)"
expect 200 off1 GET "/texts?unit=99001&year=2023&period=2023&section=kinh-te"; has_esc "$ESC" "/texts (off1)"; has_esc "$ESCQ" "/texts (off1)"
expect 200 off1 POST /texts -d "csrf=$CS_off1" -d unit=99001 -d year=2023 -d period=2023 -d section=kinh-te -d action=preview --data-urlencode "body=Xem trước $HOSTILE"
has_esc "$ESC" "POST /texts preview"
expect 200 viewp GET "/reports?unit=99001&year=2023"; has_esc "$ESC" "/reports preview of the text"
expect 200 viewp GET "/reports/download?unit=99001&year=2023&format=html"; has_esc "$ESC" "the HTML report"
expect 200 viewp GET "/reports/download?unit=99001&year=2023&format=html&view=1"
expect 200 viewp GET "/reports/download?unit=99001&year=2023&format=md"
# (Markdown escapes < as \<: the text is there, with its attribute breaker.)
if grep -qF -- 'alert(1)' "$T/body" && grep -qF -- "$H2" "$T/body"; then ok; else bad "the Markdown report lacks the text as saved (so the escaping checks of the report prove nothing)"; fi
expect 200 admin GET "/admin/audit?unit=99001&action=text"; has_esc "$ESC" "/admin/audit of texts"
rm -f "$T/textout"
"$K" text get --db "$DB" --unit 99001 --period 2023 --section kinh-te >"$T/textout" 2>&1 </dev/null
if grep -qF -- "$HOSTILE" "$T/textout"; then ok; else bad "ktxh text get does not return the text saved on the web, as typed"; fi
# Notes of values (the entry form and the API).
wcheck 303 off1 POST /entry -d "csrf=$CS_off1" -d unit=99001 -d period=2023 -d sector=kinh-te --data-urlencode "t.KT01=$HOSTILE" -d "ver.KT01=$(ver value 99001 KT01 2023)"
wcheck 200 tok:off1 POST /api/v1/values -d unit=99001 -d indicator=KT02 -d period=2023-M04 -d value=3 --data-urlencode "note=$HOSTILE" $(vargs 99001 KT02 2023-M04)
expect 200 off1 GET "/entry?unit=99001&year=2023&period=2023&sector=kinh-te"; has_esc "$ESC" "/entry note"; has_esc "$ESCQ" "/entry note in its value attribute"
expect 200 viewp GET "/indicator?unit=99001&year=2023&code=KT01"; has_esc "$ESC" "/indicator KT01 note"
expect 200 viewp GET "/indicator?unit=99001&year=2023&code=KT02&period=2023-M04"; has_esc "$ESC" "/indicator KT02 note of 2023-M04"
expect 200 admin GET "/admin/audit?action=value"; has_esc "$ESC" "/admin/audit of values"
req appr1 GET "/api/v1/values?unit=99001&year=2023&period=2023-M04"
got=$($HC jq "$T/body" "''.join(v['note'] or '' for v in d['values'] if v['indicator'] == 'KT02')" 2>&1)
eq "$got" "$HOSTILE" "the note of KT02 2023-M04 read back from the API"
# Target wording and source (the plan form).
wcheck 303 appr1 POST /plan -d "csrf=$CS_appr1" -d unit=99001 -d year=2023 -d action=save -d indicator=KT02 -d shape=at_least -d value=43 --data-urlencode "text=Chuyển đổi 43 ha $HOSTILE" --data-urlencode "source=Nghị quyết $HOSTILE" -d seq=2 -d version_of=KT02 -d "version=$(ver target 99001 KT02 2023)"
expect 200 viewp GET "/plan?unit=99001&year=2023"; has_esc "$ESC" "/plan"; has_esc "$ESCQ" "/plan"
expect 200 appr1 GET "/plan?unit=99001&year=2023&edit=KT02"; has_esc "$ESC" "/plan edit form"; has_esc "$ESCQ" "/plan edit form (value attributes)"
expect 200 off1 GET "/indicator?unit=99001&year=2023&code=KT02"; has_esc "$ESC" "/indicator KT02 target"
expect 200 admin GET "/admin/audit?action=target"; has_esc "$ESC" "/admin/audit of targets"
expect 200 viewp GET "/reports?unit=99001&year=2023"
expect 200 viewp GET "/?unit=99001&year=2023"
# Workflow reasons.
expect 200 off1 GET "/entry?unit=99001&year=2023&period=2023-Q4&sector=kinh-te"; has_esc "$ESC" "/entry reason of the reopening"
expect 200 appr2 GET "/entry?unit=99002&year=2023&period=2023-Q4&sector=kinh-te"; has_esc "$ESC" "/entry reason of the return"
expect 200 admin GET "/admin/audit?action=state"; has_esc "$ESC" "/admin/audit of states"
req appr2 GET "/api/v1/state?unit=99002&period=2023-Q4"
eq "$($HC jq "$T/body" "d['reason']" 2>&1)" "$HOSTILE" "the reason of the return read back from the API"
# Imported data: the second ward's wording, source and note, a unit's name.
expect 200 view2 GET "/plan?unit=99002&year=2023"; has_esc "$ESC" "/plan of 99002"; has_esc "$ESCQ" "/plan of 99002"
expect 200 view2 GET "/indicator?unit=99002&year=2023&code=KT01"; has_esc "$ESC" "/indicator of 99002"
expect 200 appr2 GET "/entry?unit=99002&year=2023&period=2023&sector=kinh-te"; has_esc "$ESC" "/entry of 99002"; has_esc "$ESCQ" "/entry of 99002"
expect 200 viewp GET "/?unit=99002&year=2023"; has_esc "$ESC" "the unit picker (unit 99009)"
expect 200 viewp GET "/units?year=2023"
expect 200 viewp GET "/?unit=99009"
expect 200 admin GET /admin; has_esc "$ESC" "/admin (unit 99009, sectors of offx)"
expect 200 viewp GET "/reports?unit=99002&year=2023"
expect 200 viewp GET "/reports/download?unit=99002&year=2023&format=html"
# Account names: refused, but echoed escaped.
wcheck 422 admin POST /admin/user -d "csrf=$CS_admin" -d op=create --data-urlencode "name=$HOSTILE" -d role=viewer -d unit=99001 -d "password=$PW" -d "again=$PW"
has_esc "$ESC" "POST /admin/user with a hostile name"; has_esc "$ESCQ" "POST /admin/user with a hostile name"
wcheck 400 admin POST /admin/user -d "csrf=$CS_admin" -d op=disable --data-urlencode "name=$HOSTILE"
expect 200 admin GET /admin -G --data-urlencode "user=$HOSTILE"; has_esc "$ESC" "/admin?user="
expect 401 anon POST /login -b "$T/jar.lc" -c "$T/jar.lc" --data-urlencode "username=$HOSTILE" -d password=wrong-password -d "csrf=$(sed -n 's/.*ktxh_csrf[[:space:]]*//p' "$T/jar.lc")"
has_esc "$ESC" "the login form after a failure"; has_esc "$ESCQ" "the login form after a failure"
expect 403 anon POST /login --data-urlencode "username=$HOSTILE" -d password=x
has_esc "$ESC" "the login form after a CSRF refusal"
# Query parameters echoed back.
qp() { # WANT WHO PATH NAME [MARK]: PATH with NAME=hostile text
	expect "$1" "$2" GET "$3" -G --data-urlencode "$4=$HOSTILE"
	[ $# -lt 5 ] || has_esc "$5" "GET $3 with $4=<hostile>"
}
qp 404 admin / unit "$ESC"
qp 404 off1 /entry unit "$ESC"
qp 400 admin "/?unit=99001" year
qp 400 admin "/?unit=99001&year=2023" period
qp 404 admin "/indicator?unit=99001&year=2023" code
qp 404 admin /indicator unit
qp 404 admin "/entry?unit=99001&year=2023&period=2023" sector
qp 404 admin "/texts?unit=99001&year=2023&period=2023" section
qp 200 appr1 "/plan?unit=99001&year=2023" edit
qp 404 admin /plan unit
qp 400 admin "/reports?unit=99001&year=2023" kind "$ESC"
qp 400 admin "/reports/download?unit=99001&year=2023" format
qp 400 admin "/units?year=2023" period
qp 200 admin /admin/audit action "$ESC"
qp 200 admin /admin/audit object "$ESC"
qp 200 admin /admin/audit unit
qp 200 anon /login next
qp 404 admin "/api/v1/eval?year=2023" unit
if grep -qi '^content-type: application/json' "$T/hdr" && $HC jq "$T/body" "d['status']" >/dev/null 2>&1; then ok; else bad "GET /api/v1/eval?unit=<hostile>: not a JSON error"; fi
qp 404 admin /api/v1/targets unit
# The checker: pasted text, and the name of an uploaded file.
expect 200 off1 POST /check -d "csrf=$CS_off1" --data-urlencode "text=Báo cáo $HOSTILE đạt 2/4 bằng 50%."
has_esc "$ESC" "POST /check with hostile text"; has_esc "$ESCQ" "POST /check with hostile text"
printf 'not a docx' >"$T/x.docx"
expect 422 off1 POST /check -F "csrf=$CS_off1" -F "file=@$T/x.docx;filename=<script>alert(1)</script>.docx"
has_esc "$ESC" "POST /check with a hostile file name"
# A PDF (told by its signature) is read through poppler; its findings
# carry their page. LibreOffice writes the PDF of a one-line text.
if command -v soffice >/dev/null 2>&1; then
	printf 'Trồng 11.800 cây/4.500 cây, đạt 226,22%% kế hoạch.\n' >"$T/sai.txt"
	(cd "$T" && HOME="$T" soffice --headless --convert-to pdf sai.txt >/dev/null 2>&1)
	expect 200 off1 POST /check -F "csrf=$CS_off1" -F "file=@$T/sai.pdf;filename=sai.pdf"
	if grep -qF "trang 1, dòng 1" "$T/body" && grep -qF "262,22%" "$T/body"; then ok; else bad "POST /check of a PDF: no error at “trang 1, dòng 1”"; fi
	printf '%%PDF-1.4 broken' >"$T/broken.pdf"
	expect 422 off1 POST /check -F "csrf=$CS_off1" -F "file=@$T/broken.pdf;filename=broken.pdf"
fi

# ---- So sánh: the level above's table of communes -------------------------------
section "province table"

# A province of four communes: one reports everything, one part, one
# nothing, one has no targets. The table counts and names who has not
# reported, sorts and filters.
mkdir "$T/w3"
cat >"$T/w3/units.csv" <<EOF
code,name,kind,parent
88,Kiểm Thử,tỉnh,
88001,An Bình,xã,88
88002,Bình Minh,xã,88
88003,Cẩm Giang,xã,88
88004,Đông Hòa,xã,88
EOF
echo "code,name,sector,uom,kind,parent,time_agg,unit_agg" >"$T/w3/indicators.csv"
{
	echo "unit,indicator,year,shape,value,value2,text,source,seq"
	for u in 88001 88002 88003; do
		echo "$u,KT01,2023,at_least,100,,,,1"
		echo "$u,KT06,2023,at_least,1000,,,,2"
	done
	echo "88001,VH02,2023,at_least,100,,,,3"
	echo "88002,VH02,2023,at_least,100,,,,3"
} >"$T/w3/targets.csv"
cat >"$T/w3/values.csv" <<EOF
unit,indicator,period,value,numerator,denominator,status,as_of,note
88001,KT01,2023,120,,,final,,
88001,KT06,2023,500,,,final,,
88001,VH02,2023,95,,,final,,
88002,KT01,2023,100,,,final,,
88002,KT06,2023,950,,,final,,
EOF
expect_rc 0 "$K" import --db "$DB" "$T/w3"
mkuser --name view88 --role viewer --unit 88
login view88
# col QUERY IND: the "reported/expected" of column IND in the footer.
col() {
	req view88 GET "/province?$1"
	sed -n "s/.*title=\"\([0-9]*\/[0-9]*\) xã, phường có chỉ tiêu $2 đã báo cáo\".*/\1/p" "$T/body" | head -1
}
eq "$(col "year=2023" KT01)" "2/3" "KT01 reported by 2 of its 3 communes"
eq "$(col "year=2023" KT06)" "2/3" "KT06 reported by 2 of its 3 communes"
eq "$(col "year=2023" VH02)" "1/2" "VH02 reported by 1 of its 2 communes"
req view88 GET "/province?unit=88&year=2023"
has "$T/body" "Chưa báo cáo số liệu"
# The list names who has not reported, column by column.
eq "$(grep -o '<li><strong>KT01</strong>[^<]*' "$T/body" | sed 's/.*chưa báo cáo: //')" "xã Cẩm Giang." "communes missing KT01"
eq "$(grep -o '<li><strong>VH02</strong>[^<]*' "$T/body" | sed 's/.*chưa báo cáo: //')" "xã Bình Minh." "communes missing VH02"
has "$T/body" "Chưa có chỉ tiêu kế hoạch năm 2023"
has "$T/body" "xã Đông Hòa"
has "$T/body" 'aria-sort="descending"'
has "$T/body" '<th scope="row" class="unit"><a href="/?unit=88001&amp;year=2023&amp;period=2023">'
has "$T/body" '<td class="cell c-missed"><a href="/indicator?unit=88001&amp;code=KT06&amp;year=2023&amp;period=2023"'
has "$T/body" '<td class="cell c-exceeded"><a href="/indicator?unit=88001&amp;code=KT01&amp;year=2023&amp;period=2023"'
has "$T/body" 'chưa có chỉ tiêu kế hoạch riêng năm 2023'
# Without targets of its own, the province is shown its figures rolled up
# from its communes: sums of what was reported (KT01 120 + 100, KT06
# 500 + 950), with coverage, in Vietnamese number format.
# rolled IND: "figure|reported/expected" of IND in the roll-up table.
rolled() {
	python3 - "$T/body" "$1" <<'PY'
import re, sys
b = open(sys.argv[1], encoding="utf-8").read()
t = b[b.index('<table class="rollup">'):]
m = re.search(r'<tr[^>]*><td>%s</td><td>[^<]*</td><td class="num">([^<]*)</td><td class="num[^"]*">([^<]*)</td>' % sys.argv[2], t)
print(m.group(1) + "|" + m.group(2) if m else "absent")
PY
}
has "$T/body" "Số liệu toàn tỉnh Kiểm Thử, năm 2023"
eq "$(rolled KT01)" "220 ha|2/3" "KT01 of the province rolled up"
eq "$(rolled KT06)" "1.450 cây|2/3" "KT06 of the province rolled up"
eq "$(rolled VH02)" "95 học sinh|1/2" "VH02 of the province rolled up"
# rows WHO QUERY: the unit codes of the table's rows, in order.
rows() {
	req "$1" GET "/province?$2"
	grep -o '<th scope="row" class="unit"><a href="/?unit=[0-9]*' "$T/body" | sed 's/.*unit=//' | tr '\n' ' '
}
# At risk first by default (An Bình 2: KT06 missed, VH02 near; Bình Minh 1).
eq "$(rows view88 "unit=88&year=2023")" "88001 88002 88003 " "rows at risk first"
eq "$(rows view88 "unit=88&year=2023&dir=desc")" "88003 88002 88001 " "rows at risk last"
eq "$(rows view88 "unit=88&year=2023&sort=name&dir=desc")" "88003 88002 88001 " "rows by name, Z to A"
# By a column, worst first: missed, near, unassessed, met, exceeded.
eq "$(rows view88 "unit=88&year=2023&sort=KT01")" "88003 88002 88001 " "rows by KT01, worst first"
eq "$(rows view88 "unit=88&year=2023&sort=KT01&dir=desc")" "88001 88002 88003 " "rows by KT01, best first"
eq "$(rows view88 "unit=88&year=2023&sort=KT06")" "88001 88002 88003 " "rows by KT06, worst first"
eq "$(rows view88 "unit=88&year=2023&sort=VH02")" "88001 88002 88003 " "rows by VH02 (without it last)"
eq "$(rows view88 "unit=88&year=2023&sort=VH02&dir=desc")" "88002 88001 88003 " "rows by VH02 reversed (without it still last)"
# Filters: a sector keeps its columns; a band keeps the rows that have it.
req view88 GET "/province?unit=88&year=2023&sector=van-hoa-xa-hoi"
hasnt "$T/body" "sort=KT01"; has "$T/body" "sort=VH02"
eq "$(rows view88 "unit=88&year=2023&band=missed")" "88001 " "rows with a missed indicator"
eq "$(rows view88 "unit=88&year=2023&band=near")" "88001 88002 " "rows with a near indicator"
eq "$(rows view88 "unit=88&year=2023&band=unassessed&sort=name")" "88002 88003 " "rows with an unassessed indicator"
eq "$(rows view88 "unit=88&year=2023&band=risk&sector=kinh-te")" "88001 88002 " "rows at risk in the economy"
# The province above the district and the district compare the same wards.
eq "$(rows viewp "unit=89&year=2023&sort=name")" "$(rows admin "unit=990&year=2023&sort=name")" "rows of the province and of its district"
# Through the district, the province counts the wards that report: the
# same coverage as the table's footer.
req viewp GET "/province?unit=89&year=2023"
eq "$(rolled KT01 | cut -d'|' -f2)" "$(sed -n 's/.*title="\([0-9]*\/[0-9]*\) xã, phường có chỉ tiêu KT01 đã báo cáo".*/\1/p' "$T/body" | head -1)" "province 89's KT01 coverage through its district"
expect 403 viewp GET "/province?unit=88&year=2023"
expect 403 view88 GET "/province?unit=89&year=2023"
expect 400 view88 GET "/province?unit=88&year=2023&sector=khong-co"
expect 400 view88 GET "/province?unit=88&year=2023&band=tot"
expect 400 view88 GET "/province?unit=88&year=abc"
expect 400 view88 GET "/province?unit=88&year=2023&period=2024-Q1"
expect 400 view88 GET "/province?unit=88&year=2023&dir=up"
expect 404 view88 GET "/province?unit=khong-co-don-vi-nay"
# A commune's growth target judged against its year before, read with the
# province's kept figures (the import kept them): the same bands when a
# write elsewhere makes the table anew from them.
mkdir "$T/w4"
printf '%s\n' code,name,kind,parent '87,Tăng Trưởng,tỉnh,' \
    '87001,Tăng Một,xã,87' '87002,Tăng Hai,xã,87' >"$T/w4/units.csv"
echo "code,name,sector,uom,kind,parent,time_agg,unit_agg" >"$T/w4/indicators.csv"
printf '%s\n' 'unit,indicator,year,shape,value,value2,text,source,seq' \
    '87001,KT01,2023,growth,10,,,,1' '87002,KT01,2023,growth,10,,,,1' \
    >"$T/w4/targets.csv"
printf '%s\n' 'unit,indicator,period,value,numerator,denominator,status,as_of,note' \
    '87001,KT01,2022,100,,,final,,' '87001,KT01,2023,125,,,final,,' \
    '87002,KT01,2022,100,,,final,,' '87002,KT01,2023,105,,,final,,' \
    >"$T/w4/values.csv"
expect_rc 0 "$K" import --db "$DB" "$T/w4"
mkuser --name view87 --role viewer --unit 87
login view87
# cells: the band of KT01 of each commune, in code order (125 against
# 100 × 1,1 = 110: exceeded; 105: 95% of it, near).
cells() {
	req view87 GET "/province?unit=87&year=2023"
	grep -o '<td class="cell c-[a-z]*"><a href="/indicator?unit=8700[12]&amp;code=KT01' "$T/body" | sed 's/.*c-\([a-z]*\).*unit=\([0-9]*\).*/\2 \1/' | sort | tr '\n' ' '
}
eq "$(cells)" "87001 exceeded 87002 near " "growth bands of the communes"
eq "$(dbq "$DB" "SELECT count(*) FROM rollup WHERE unit = '87' AND year = 2023 AND length(data_before) > 0")" 3 "kept: each member's year before"
expect_rc 0 "$K" set --db "$DB" --unit 88003 --indicator KT01 --period 2023 --value 7
eq "$(cells)" "87001 exceeded 87002 near " "growth bands from the kept figures"

# The menu offers So sánh to the level above only.
req viewp GET "/?unit=99001&year=2023"; has "$T/body" '<a href="/province"'
req appr1 GET "/?unit=99001&year=2023"; hasnt "$T/body" '<a href="/province"'

# A province of 100 communes × 40 indicators renders in well under 100 ms
# (release build; the sanitizers' build is several times slower).
python3 - "$T/big" <<'PY'
import os, sys
d = sys.argv[1]; os.makedirs(d)
w = lambda f, rows: open(os.path.join(d, f), "w").write("\n".join(rows) + "\n")
w("units.csv", ["code,name,kind,parent", "77,Tỉnh Thử,tỉnh,"] +
  [f"77{i:03d},Xã Thử {i},xã,77" for i in range(100)])
w("indicators.csv", ["code,name,sector,uom,kind,parent,time_agg,unit_agg"] +
  [f"TT{k:02d},Chỉ tiêu thử {k},kinh-te,ha,quantity,,," for k in range(40)])
w("targets.csv", ["unit,indicator,year,shape,value,value2,text,source,seq"] +
  [f"77{i:03d},TT{k:02d},2023,at_least,100,,,,{k + 1}" for i in range(100) for k in range(40)])
w("values.csv", ["unit,indicator,period,value,numerator,denominator,status,as_of,note"] +
  [f"77{i:03d},TT{k:02d},2023-M{m:02d},{(i * 7 + k * 3 + m) % 17},,,final,,"
   for i in range(100) for k in range(40) for m in range(1, 13) if (i + k) % 9])
PY
expect_rc 0 "$K" import --db "$DB" "$T/big"
req admin GET "/province?unit=77&year=2023"; t1=$secs
req admin GET "/province?unit=77&year=2023"; t2=$secs
req admin GET "/province?unit=77&year=2023&sort=TT05"; t3=$secs
echo "  GET /province of 100 communes × 40 indicators: ${t1}s first, ${t2}s again (cached), ${t3}s sorted by a column"
if python3 -c "import sys; sys.exit(0 if float('$t1') < 5.0 and float('$t2') < 1.0 else 1)"; then ok; else bad "the province page is slow: ${t1}s, then ${t2}s"; fi
eq "$(grep -c '<th scope="row" class="unit">' "$T/body")" "101" "100 communes and the footer row"

# ---- explanation requests ---------------------------------------------------------
section "explanation requests"

# newreq UNIT IND: a new open request asked by the admin's token; its id.
newreq() {
	req tok:admin POST /api/v1/requests -d "unit=$1" -d "indicator=$2" -d period=2023 --data-urlencode "text=Đề nghị giải trình $2."
	$HC jq "$T/body" "d['id']" 2>/dev/null || echo 0
}
# Asking: the level above (and the admin) only.
n=0
for row in "99001 401 201 403 403 403 201 403" "99002 401 201 403 403 403 201 403"; do
	set -- $row; _u=$1; shift
	for _who in $ROLES; do
		eval "_cs=\${CS_$_who:-}"
		wcheck "$1" "$_who" POST /api/v1/requests -H "X-CSRF-Token: $_cs" -d "unit=$_u" -d indicator=KT01 -d period=2023 --data-urlencode "text=Vì sao KT01 chưa đạt? ($_who)"
		shift
	done
done
# The page form asks too, and leads to the request.
wcheck 303 viewp POST /requests -d "csrf=$CS_viewp" -d action=ask -d unit=99001 -d indicator=KT07 -d period=2023 --data-urlencode "text=Đề nghị giải trình KT07."
case $(loc) in /request\?id=*\&done=ask) ok ;; *) bad "POST /requests ask led to “$(loc)”" ;; esac
wcheck 403 appr1 POST /requests -d "csrf=$CS_appr1" -d action=ask -d unit=89 -d indicator=KT07 -d period=2023 --data-urlencode "text=Xã hỏi tỉnh."
wcheck 403 appr1 POST /requests -d "csrf=$CS_appr1" -d action=ask -d unit=99001 -d indicator=KT07 -d period=2023 --data-urlencode "text=Tự hỏi mình."
wcheck 403 view2 POST /requests -d "csrf=$CS_view2" -d action=ask -d unit=99001 -d indicator=KT07 -d period=2023 --data-urlencode "text=Hỏi xã khác."
# Answering: the ward's approver, the officer of the indicator's sector, the
# admin; each on a fresh open request.
for row in "99001 KT07 - 200 200 200 403 403 403" "99001 VH02 - - 200 403 - - -" "99002 KT01 - 200 403 403 200 403 403"; do
	set -- $row; _u=$1; _i=$2; shift 2
	for _who in $ROLES; do
		[ "$_who" = anon ] && { shift; continue; }
		_want=$1; shift
		[ "$_want" = - ] && continue
		id=$(newreq "$_u" "$_i"); dirty=1
		eval "_cs=\${CS_$_who:-}"
		wcheck "$_want" "$_who" POST "/api/v1/requests/$id/answer" -H "X-CSRF-Token: $_cs" --data-urlencode "text=Giải trình của $_who."
	done
done
# Closing and reopening: the asker's side only.
id=$(newreq 99001 KT03); dirty=1
wcheck 200 appr1 POST "/api/v1/requests/$id/answer" -H "X-CSRF-Token: $CS_appr1" --data-urlencode "text=Đã làm rõ."
for _who in appr1 off1 appr2 view2; do
	eval "_cs=\${CS_$_who}"
	wcheck 403 "$_who" POST "/api/v1/requests/$id/close" -H "X-CSRF-Token: $_cs"
	wcheck 403 "$_who" POST "/api/v1/requests/$id/reopen" -H "X-CSRF-Token: $_cs" --data-urlencode "text=Hỏi thêm."
done
wcheck 401 anon POST "/api/v1/requests/$id/close"
wcheck 200 viewp POST "/api/v1/requests/$id/reopen" -H "X-CSRF-Token: $CS_viewp" --data-urlencode "text=Còn 2 ha thì sao?"
eq "$($HC jq "$T/body" "d['state'] + ' ' + str(len(d['messages']))")" "open 3" "a reopened request: open, 3 messages"
wcheck 200 off1 POST "/api/v1/requests/$id/answer" -H "X-CSRF-Token: $CS_off1" -H 'Content-Type: application/json' --data '{"text": "2 ha sẽ xong trong quý I.", "version": 3}'
wcheck 200 viewp POST "/api/v1/requests/$id/close" -H "X-CSRF-Token: $CS_viewp"
eq "$($HC jq "$T/body" "d['state'] + ' ' + ','.join(m['kind'] for m in d['messages'])")" "closed ask,answer,reopen,answer,close" "the thread of a closed request"
# Wrong states and versions: 409, nothing stored.
wcheck 409 appr1 POST "/api/v1/requests/$id/answer" -H "X-CSRF-Token: $CS_appr1" -d text=muộn
wcheck 409 viewp POST "/api/v1/requests/$id/close" -H "X-CSRF-Token: $CS_viewp"
id2=$(newreq 99001 KT04); dirty=1
wcheck 409 appr1 POST "/api/v1/requests/$id2/answer" -H "X-CSRF-Token: $CS_appr1" -d text=cũ -d version=7
wcheck 409 viewp POST "/api/v1/requests/$id2/reopen" -H "X-CSRF-Token: $CS_viewp" -d text=sớm
# Bad input: clear 4xx, nothing stored.
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d unit=99001 -d indicator=KT07 -d period=2023 -d text=
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d unit=99001 -d indicator=KT07 -d period=2023 --data-urlencode "text=   "
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d unit=99001 -d indicator=ZZ99 -d period=2023 -d text=x
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d unit=99001 -d indicator=KT07 -d period=2023-M13 -d text=x
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d unit=99999 -d indicator=KT07 -d period=2023 -d text=x
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d indicator=KT07 -d period=2023 -d text=x
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -d unit=99001 -d indicator=KT07 -d period=2023 --data-urlencode "text=$(python3 -c 'print("ă" * 2001)')"
wcheck 422 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -H 'Content-Type: application/json' --data '{"unit":"99001","indicator":"KT07","period":"2023","text":"x","typo":1}'
wcheck 400 viewp POST /api/v1/requests -H "X-CSRF-Token: $CS_viewp" -H 'Content-Type: application/json' --data '{"unit":'
wcheck 422 appr1 POST "/api/v1/requests/$id2/answer" -H "X-CSRF-Token: $CS_appr1" -d text=
wcheck 422 appr1 POST "/api/v1/requests/$id2/answer" -H "X-CSRF-Token: $CS_appr1" -d text=x -d version=abc
wcheck 404 appr1 POST "/api/v1/requests/$id2/approve" -H "X-CSRF-Token: $CS_appr1" -d text=x
wcheck 404 appr1 POST "/api/v1/requests/99999/answer" -H "X-CSRF-Token: $CS_appr1" -d text=x
wcheck 404 appr1 POST "/api/v1/requests/abc/answer" -H "X-CSRF-Token: $CS_appr1" -d text=x
wcheck 400 appr1 POST /requests -d "csrf=$CS_appr1" -d action=answer -d id=abc -d text=x
wcheck 400 appr1 POST /requests -d "csrf=$CS_appr1" -d action=approve -d "id=$id2" -d text=x
expect 404 appr1 GET /api/v1/requests/abc
expect 404 appr1 GET /api/v1/requests/99999
expect 400 appr1 GET "/api/v1/requests?state=mo"
expect 400 appr1 GET /request
# CSRF on the three kinds of post: none and another session's refused.
for _t in "" "$CS_off1"; do
	wcheck 403 viewp POST /requests ${_t:+-d "csrf=$_t"} -d action=ask -d unit=99001 -d indicator=KT07 -d period=2023 -d text=x
	wcheck 403 viewp POST /api/v1/requests ${_t:+-H "X-CSRF-Token: $_t"} -d unit=99001 -d indicator=KT07 -d period=2023 -d text=x
	wcheck 403 appr1 POST "/api/v1/requests/$id2/answer" ${_t:+-H "X-CSRF-Token: $_t"} -d text=x
	wcheck 403 appr1 POST /requests ${_t:+-d "csrf=$_t"} -d action=answer -d "id=$id2" -d text=x
done
wcheck 303 appr1 POST /requests -d "csrf=$CS_appr1" -d action=answer -d "id=$id2" --data-urlencode "text=Đã rõ."
wcheck 201 tok:admin POST /api/v1/requests -d unit=99002 -d indicator=KT06 -d period=2023 -d text=x
# Reading: a ward reads its own requests only, the level above all of its.
req view2 GET "/api/v1/requests"
eq "$($HC jq "$T/body" "sorted(set(x['unit'] for x in d['requests']))")" '["99002"]' "the requests view2 reads"
req appr1 GET "/api/v1/requests?state=closed"
eq "$($HC jq "$T/body" "sorted(set(x['unit'] + x['state'] for x in d['requests']))")" '["99001closed"]' "closed requests appr1 reads"
req viewp GET "/api/v1/requests"
eq "$($HC jq "$T/body" "sorted(set(x['unit'] for x in d['requests']))")" '["99001", "99002"]' "the requests the province reads"
access_table <<EOF
# path                      anon admin appr1 off1 appr2 viewp view2
/request?id=$id             303  200   200   200  403   200   403
/api/v1/requests/$id        401  200   200   200  403   200   403
/request?id=$id2            303  200   200   200  403   200   403
/request?id=99999           303  404   404   404  404   404   404
EOF
# The dashboards list the requests not closed: the ward's and the province's.
req appr1 GET "/?unit=99001&year=2023"; has "$T/body" "Yêu cầu giải trình chưa đóng"
req viewp GET "/?unit=89&year=2023"; has "$T/body" "Yêu cầu giải trình chưa đóng"
req appr2 GET "/?unit=99002&year=2023"; has "$T/body" "Yêu cầu giải trình chưa đóng"; hasnt "$T/body" "Nhơn Hưng</td>"
# Hostile text in a question and an answer: shown escaped, never raw.
wcheck 303 viewp POST /requests -d "csrf=$CS_viewp" -d action=ask -d unit=99001 -d indicator=KT05 -d period=2023 --data-urlencode "text=Hỏi $HOSTILE"
hid=$(loc | sed 's/.*id=\([0-9]*\).*/\1/')
wcheck 303 appr1 POST /requests -d "csrf=$CS_appr1" -d action=answer -d "id=$hid" --data-urlencode "text=Đáp $HOSTILE"
expect 200 viewp GET "/request?id=$hid"; has_esc "$ESC" "/request (question, answer)"; has_esc "$ESCQ" "/request"
expect 200 appr1 GET "/requests?unit=99001"; has_esc "$ESC" "/requests"
expect 200 viewp GET "/?unit=89&year=2023"; has_esc "$ESC" "the province's dashboard list"
expect 200 admin GET "/admin/audit?unit=99001"; has_esc "$ESC" "/admin/audit of requests"
req viewp GET "/api/v1/requests/$hid"
eq "$($HC jq "$T/body" "d['messages'][1]['text']")" "Đáp $HOSTILE" "the answer read back from the API"
# Every step is in the audit log, whose chain holds.
n_audit=$(dbq "$DB" "SELECT count(*) FROM audit WHERE action LIKE 'request-%'")
n_steps=$(dbq "$DB" "SELECT count(*) FROM request_message")
eq "$n_audit" "$n_steps" "one audit entry per step of a request"
expect_rc 0 "$K" audit verify --db "$DB"

# ---- the eval API equals `ktxh eval --format json` ------------------------------
section "eval API"

evaleq() { # WHO UNIT YEAR [PERIOD]
	_q="unit=$2&year=$3${4:+&period=$4}"
	expect 200 "$1" GET /api/v1/eval -G --data-urlencode "unit=$2" -d "year=$3" ${4:+-d "period=$4"}
	cp "$T/body" "$T/api.json"
	if "$K" eval --db "$DB" --unit "$2" --year "$3" ${4:+--period "$4"} --format json >"$T/cli.json" 2>"$T/err" </dev/null; then ok; else bad "ktxh eval --unit $2 --year $3 ${4:-} failed: $(head -2 "$T/err")"; fi
	if $HC jsoneq "$T/api.json" "$T/cli.json" >"$T/py" 2>&1; then ok; else bad "GET /api/v1/eval?$_q as $1 differs from ktxh eval --format json: $(head -3 "$T/py")"; fi
	if cmp -s "$T/api.json" "$T/cli.json"; then ok; else bad "GET /api/v1/eval?$_q as $1 is not byte for byte ktxh eval --format json, as docs/api.md promises"; fi
}
evaleq admin 99001 2023
evaleq admin 99001 2024
evaleq viewp 99001 2023 2023-H1
evaleq off1 99001 2023 2023-M09
evaleq tok:off1 99001 2023 2023-Q4
evaleq viewp 99002 2023
evaleq view2 99002 2023 2023-9M
evaleq admin "Nhơn Hưng" 2023

# ---- sessions -------------------------------------------------------------------
section "sessions"

# Logout ends the session: the old cookie is worth nothing afterwards.
login admin "$PW" adminL
eq "$code" 303 "second login of admin"
cp "$T/jar.adminL" "$T/jar.old"
CS_L=$(csrf_of adminL)
expect 303 adminL POST /logout -c "$T/jar.adminL" -d "csrf=$CS_L"
eq "$(loc)" /login "Location after logout"
expect 303 old GET "/?unit=99001&year=2023"
eq "$(loc)" /login "Location for the cookie of a closed session"
expect 401 old GET /api/v1/units
wcheck 401 old POST /entry -d "csrf=$CS_L" -d unit=99001 -d period=2023 -d sector=kinh-te -d v.KT01=1234
expect 200 admin GET "/?unit=99001&year=2023"	# the other session of admin lives on
# Wrong passwords: 401, then throttled with 429 and Retry-After.
login thr wrong-password-1
eq "$code" 401 "login with a wrong password"
s1=$secs
login thr wrong-password-2
eq "$code" 401 "second wrong password"
s2=$secs
# A failure is recorded after the password hash is checked and before a
# 0.3 s pause. The 3rd is sent so that its failure is recorded late in a
# wall-clock second (the hash time estimated from the first two): the 4th,
# sent at once, then falls in the next second — the worst case for a wait
# counted in whole seconds, which must still be refused.
f=$(awk -v a="$s1" -v b="$s2" 'BEGIN { h = (a < b ? a : b) - 0.3; if (h < 0) h = 0;
    f = 0.80 - h; while (f < 0) f += 1; printf "%.3f", f }')
$HC align "$f"
login thr wrong-password-3
eq "$code" 401 "third wrong password"
t3=$(date +%s.%N | cut -c1-14)
login thr wrong-password-4
t4=$(date +%s.%N | cut -c1-14)
if [ "$code" = 429 ] && grep -qi '^retry-after: *[1-9]' "$T/hdr"; then ok; fails=3; else
	bad "POST /login, the 4th attempt at once after 3 failures: status $code, want 429 with Retry-After (3rd sent at phase $f s of a second, answered at $t3; 4th answered at $t4)"
	[ "$code" = 401 ] && fails=4
fi
retry_after() { sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9]*\).*/\1/p' "$T/hdr"; }
if [ "${fails:-3}" -lt 4 ]; then
	# Let the first wait pass; one more failure makes the next wait 2 s.
	ra=$(retry_after); sleep "${ra:-1}"; sleep 0.2
	login thr wrong-password-5
	eq "$code" 401 "a wrong password once Retry-After has passed"
fi
# Right after a failure the right password is throttled as well.
login thr
if [ "$code" = 429 ] && grep -qi '^retry-after: *[1-9]' "$T/hdr"; then ok; else bad "the right password right after 4 failures: status $code, want 429 with Retry-After"; fi
ra=$(retry_after)
if [ -n "$ra" ] && [ "$ra" -le 64 ]; then sleep "$ra"; sleep 1; fi
login thr
eq "$code" 303 "login with the right password once Retry-After (${ra:-?} s) has passed"
# Unknown names are refused the same way as wrong passwords.
login nobody-here
eq "$code" 401 "login of an unknown name"
# A disabled account: its sessions end, it cannot sign in, its token is void.
login dis1
eq "$code" 303 "login of dis1 before it is disabled"
expect 200 tok:dis1 GET /api/v1/units
wcheck 403 appr1 POST /admin/user -d "csrf=$CS_appr1" -d op=disable -d name=dis1
wcheck 303 admin POST /admin/user -d "csrf=$CS_admin" -d op=disable -d name=dis1
expect 303 dis1 GET "/?unit=99001&year=2023"
eq "$(loc)" /login "Location for the session of a disabled account"
expect 401 dis1 GET /api/v1/units
expect 401 tok:dis1 GET /api/v1/units
wcheck 401 tok:dis1 POST /api/v1/values -d unit=99001 -d indicator=KT07 -d period=2023-M10 -d value=1
login dis1
eq "$code" 401 "login of a disabled account"
# Password change: refused without the session's token, then done with it.
login pwu
eq "$code" 303 "login of pwu"
CS_pwu=$(csrf_of pwu)
NEWPW=Mat-khau-moi-2027
expect 403 pwu POST /password -d "old=$PW" -d "new=$NEWPW" -d "again=$NEWPW"
expect 403 pwu POST /password -d "csrf=$CS_viewp" -d "old=$PW" -d "new=$NEWPW" -d "again=$NEWPW"
login pwu "$PW" pwu2
eq "$code" 303 "the password is unchanged after the refused changes"
expect 400 pwu POST /password -d "csrf=$CS_pwu" -d old=wrong-old-password -d "new=$NEWPW" -d "again=$NEWPW"
expect 400 pwu POST /password -d "csrf=$CS_pwu" -d "old=$PW" -d new=short -d again=short
expect 200 pwu POST /password -d "csrf=$CS_pwu" -d "old=$PW" -d "new=$NEWPW" -d "again=$NEWPW"
login pwu "$NEWPW" pwu3
eq "$code" 303 "login with the new password"
login pwu "$PW" pwu4
eq "$code" 401 "login with the old password after the change"

# ---- oversized, malformed and flooding requests -----------------------------------
section "oversized and malformed requests"

# A form over 256 KiB: 413, nothing stored, and the server answers next.
head -c 300000 /dev/zero | tr '\0' a >"$T/big.txt"
{ printf 'csrf=%s&unit=99001&year=2023&period=2023&section=kinh-te&action=save&body=' "$CS_appr1"; cat "$T/big.txt"; } >"$T/bigform"
wcheck 413 appr1 POST /texts --data-binary "@$T/bigform"
alive "a 300 KB form"
wcheck 413 appr1 POST /texts -H 'Transfer-Encoding: chunked' --data-binary "@$T/bigform"
alive "a 300 KB chunked form"
wcheck 413 anon POST /login --data-binary "@$T/bigform"
wcheck 413 tok:admin POST /api/v1/values -H 'Content-Type: application/json' --data-binary "@$T/bigform"
alive "a 300 KB JSON body"
# A form just under the limit is read (a preview of 200 KB of text).
head -c 200000 /dev/zero | tr '\0' a >"$T/mid.txt"
{ printf 'csrf=%s&unit=99001&year=2023&period=2023&section=kinh-te&action=preview&body=' "$CS_appr1"; cat "$T/mid.txt"; } >"$T/midform"
expect 200 appr1 POST /texts --data-binary "@$T/midform"
# A DOCX over 20 MiB to the checker: 413.
head -c 21500000 /dev/zero >"$T/big.docx"
expect 413 appr1 POST /check -F "csrf=$CS_appr1" -F "file=@$T/big.docx"
alive "a 21.5 MB upload"
# JSON to the form routes: 4xx, never 5xx, nothing stored.
for r in /entry /texts /plan /workflow /admin/user /check /password /logout; do
	wcheck '4??' admin POST $r -H 'Content-Type: application/json' --data "{\"csrf\":\"$CS_admin\",\"unit\":\"99001\",\"period\":\"2023\",\"sector\":\"kinh-te\",\"action\":\"save\"}"
done
expect '4??' anon POST /login -H 'Content-Type: application/json' --data '{"username":"admin","password":"x"}'
expect 200 admin GET "/?unit=99001&year=2023"	# still signed in after the JSON to /logout
# Bodies of other types and empty bodies.
wcheck '4??' appr1 POST /entry -H 'Content-Type: text/plain' --data "csrf=$CS_appr1&unit=99001&period=2023&sector=kinh-te&v.KT01=1"
wcheck '4??' appr1 POST /entry -H 'Content-Type: application/x-www-form-urlencoded' --data ''
wcheck '4??' appr1 POST /entry -H 'Content-Type: application/x-www-form-urlencoded' --data-binary "csrf=$CS_appr1&unit=%ZZ%&period=2023&sector=kinh-te&v.KT01=%00%ff"
# A very long URL and header floods: 4xx or the connection closed, and the
# server keeps answering.
# (The session cookie goes as a header: curl 7.88 drops the cookies of a
# long URL and then leaves the header block unterminated.)
LONG=$(head -c 9000 /dev/zero | tr '\0' 9)
SESS=$(awk '$6 == "ktxh_session" { print $7 }' "$T/jar.admin")
expect '4??|000' anon GET "/?unit=$LONG" -H "Cookie: ktxh_session=$SESS"
alive "a 9 KB query"
LONG=$(head -c 100000 /dev/zero | tr '\0' 9)
expect '4??|000' anon GET "/api/v1/eval?year=2023&unit=$LONG" -H "Cookie: ktxh_session=$SESS"
alive "a 100 KB query"
for c in longpath longquery flood bighdr garbage; do
	got=$($HC raw "$PORT" $c 2>&1)
	echo "$got raw:$c" >>"$T/statuses"
	case $got in 4??|closed) ok ;; *) bad "raw request $c: answered “$got”, want 4xx or the connection closed" ;; esac
	alive "the raw request $c"
done

# ---- no 5xx; a clean stop on SIGTERM, with a client hanging on -------------------
section "5xx and shutdown"

# stop_server: SIGTERM ends the server within 5 s with status 0, and its log
# holds no sanitizer report (a leak makes the status 86 under ASan).
stop_server() {
	kill -TERM "$SPID"
	i=0
	while kill -0 "$SPID" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	if kill -0 "$SPID" 2>/dev/null; then bad "ktxh serve still runs 5 s after SIGTERM"; kill -KILL "$SPID"; else ok; fi
	wait "$SPID"
	rc=$?
	SPID=
	eq "$rc" 0 "exit status of ktxh serve after SIGTERM ($1)"
	if grep -qE 'runtime error|AddressSanitizer|LeakSanitizer' "$SLOG"; then
		bad "sanitizer report in the log of the server ($1):"
		grep -m6 -E 'runtime error|Sanitizer|^    #[0-4] ' "$SLOG" | cut -c1-200 | sed 's/^/  /'
	else ok; fi
}
n5=$(grep -c '^5' "$T/statuses")
if [ "$n5" -eq 0 ]; then ok; else
	bad "$n5 answers had a 5xx status:"
	grep '^5' "$T/statuses" | cut -c1-200 | sed 's/^/  /'
fi
if [ "$n_raw" -eq 0 ]; then ok; else bad "$n_raw of $n_html HTML answers held the hostile text raw (the RAW lines above)"; fi
# A client that sent half its headers must not hold the stop up.
$HC hold "$PORT" 8 &
HOLD=$!
sleep 0.5
stop_server "after the whole suite, a client hanging on"
kill "$HOLD" 2>/dev/null; wait "$HOLD" 2>/dev/null

# ---- malformed multipart bodies (last: they may crash the server) ---------------
section "malformed multipart"

start_server
nst=$(wc -l <"$T/statuses")
# Malformed multipart bodies: 400 for one that breaks the grammar, 4xx for
# the others, and never a crash.
mp() { # NAME WANT WHO PATH BODY-FORMAT
	printf -- "$5" >"$T/mp"
	nochange "$2" "$3" POST "$4" -H 'Content-Type: multipart/form-data; boundary=XYZ' --data-binary "@$T/mp"
	[ "$code" = 000 ] || alive "the multipart body “$1” to $4 as $3"
}
P1='--XYZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n'
mp trailing-garbage 400 appr1 /check "$P1$CS_appr1\r\n--XYZ--\r\ntrailing garbage"
mp no-parts '4??' appr1 /check "this is not multipart at all"
mp unterminated '4??|200' appr1 /check "$P1$CS_appr1\r\n--XYZ\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nabc"
mp nameless-part '4??' appr1 /check "$P1$CS_appr1\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XYZ--\r\n"
mp nameless-part '4??' appr1 /entry "$P1$CS_appr1\r\n--XYZ\r\nContent-Disposition: form-data; name=\"unit\"\r\n\r\n99001\r\n--XYZ\r\nContent-Type: text/plain\r\n\r\n1\r\n--XYZ--\r\n"
mp nameless-part '4??' anon /login "--XYZ\r\nContent-Type: text/plain\r\n\r\nabc\r\n--XYZ--\r\n"
expect '415|4??' appr1 POST /check -H 'Content-Type: multipart/form-data' --data "x"
alive "multipart without a boundary"
if tail -n +$((nst + 1)) "$T/statuses" | grep -q '^5'; then bad "5xx answers to malformed multipart bodies"; else ok; fi
stop_server "after the malformed multipart bodies"
cp "$T/statuses" "${KTXH_HTTP_LOG:-/dev/null}" 2>/dev/null
echo "$(wc -l <"$T/statuses") requests ($n_html HTML answers scanned), $(($(date +%s) - START)) s;" \
    "statuses: $(cut -d' ' -f1 "$T/statuses" | sort | uniq -c | awk '{printf "%s×%s ", $2, $1}')"
finish
