#!/bin/sh
# test_hardening.sh: the proofs of issue 9 against the real binary — no lost
# update (20 API clients and 20 page sessions on one version), no write
# without its audit entry and no acknowledged write lost when `ktxh serve`
# is SIGKILLed under writers, `ktxh import` all or nothing when SIGKILLed,
# backup while the server runs and restore, the audit chain naming an entry
# altered, removed or inserted, CSV cells a spreadsheet would run as
# formulas, and one strict validator for a row whatever path it comes by.
# KILLS (default 4) sets the kill rounds; `make soak` runs 50. The figures go
# to tests/out/hardening.json for `make hardening-report`.
. "$(dirname "$0")/lib.sh"
unset KTXH_DB
command -v python3 >/dev/null 2>&1 || { echo "skip: python3 is needed"; exit 77; }
HP="python3 $ROOT/tests/http/hardening.py"
KILLS=${KILLS:-4}
if is_pg; then OUT=${HARDENING_OUT:-$ROOT/tests/out/hardening-pg.json}
else OUT=${HARDENING_OUT:-$ROOT/tests/out/hardening.json}; fi
cp "$K" "$T/ktxh" && K=$T/ktxh
PW=Mat-khau-dai-2026
export PW
: >"$T/results"

# setupdb DB: the example with an admin (qt, token in $TOKEN) and an approver.
setupdb() {
	newdb "$1" "$ROOT/data/nhon-hung" || return 1
	printf '%s\n' "$PW" | "$K" user add --db "$1" --name qt --role admin >/dev/null 2>&1 || bad "user add qt"
	printf '%s\n' "$PW" | "$K" user add --db "$1" --name chu --role approver --unit 99001 >/dev/null 2>&1 || bad "user add chu"
	TOKEN=$("$K" token add --db "$1" --name qt --label kiem-thu 2>/dev/null </dev/null)
	export TOKEN
}
# hp ARGS: run hardening.py, keep its RESULT line, show its checks.
hp() {
	TMPDIR=$T $HP "$@" >"$T/hp.out" 2>&1; rc=$?
	grep -v '^RESULT ' "$T/hp.out"
	grep '^RESULT ' "$T/hp.out" | sed 's/^RESULT //' >>"$T/results"
	n_ok=$((n_ok + $(grep -c '^ok ' "$T/hp.out")))
	n_bad=$((n_bad + $(grep -c '^NOT OK ' "$T/hp.out")))
	[ "$rc" -eq 0 ] || [ "$(grep -c '^NOT OK ' "$T/hp.out")" -gt 0 ] || bad "hardening.py $1 exited $rc"
}
sq() { dbq "$@"; }

echo "== concurrent editors"
setupdb "$(db ed)"
hp editors "$K" "$(db ed)"

echo "== ktxh serve killed under writers ($KILLS times)"
setupdb "$(db ks)"
hp kill-serve "$K" "$(db ks)" "$KILLS"

echo "== ktxh import killed ($KILLS times)"
setupdb "$(db ki)"
# A large import: the example's catalogue and 60,000 new values.
mkdir -p "$T/big"
cp "$ROOT"/data/nhon-hung/*.csv "$T/big/"
python3 - "$T/big/values.csv" <<'PY'
import sys
with open(sys.argv[1], "a") as f:
    for y in list(range(1950, 2020)) + list(range(2030, 2130)):
        for m in range(1, 13):
            for ind in ("KT01", "KT02", "KT03", "KT07", "KT09"):
                for u in ("99001", "99002"):
                    f.write("%s,%s,%d-M%02d,%d,,,final,,ghi chú %d\n" % (u, ind, y, m, y * 100 + m, m))
PY
hp kill-import "$K" "$(db ki)" "$T/big" "$KILLS"

echo "== backup while the server runs, restore"
if sqlite_only "ktxh backup and restore copy SQLite files; PostgreSQL is backed up with pg_dump (docs/deploy.md)"; then
	setupdb "$(db b)"
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	"$K" serve --db "$(db b)" --listen 127.0.0.1:$port >"$T/b.log" 2>&1 </dev/null & SP=$!
	python3 - "$port" "$TOKEN" <<'PY' &
import http.client, json, sys, time
port, tok = int(sys.argv[1]), sys.argv[2]
for i in range(200):
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        c.request("POST", "/api/v1/values", json.dumps({"unit": "99002", "indicator": "KT01", "period": "2026-M%02d" % (1 + i % 12), "value": i, **({"version": 0} if False else {})}),
                  {"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
        c.getresponse().read()
    except OSError:
        time.sleep(0.05)
PY
	WP=$!
	sleep 0.5
	expect_rc 0 "$K" backup --db "$(db b)" "$T/b.bak"
	has "$T/out" "Đã sao lưu"
	expect_rc 1 "$K" backup --db "$(db b)" "$T/b.bak"
	has "$T/err" "đã có"
	wait $WP
	kill $SP; wait $SP
	expect_rc 0 "$K" restore --db "$(db r)" "$T/b.bak"
	expect_rc 0 "$K" audit verify --db "$(db r)"
	# Restored = the backup, value for value (the backup is a database itself).
	eq "$(sq "$(db r)" 'SELECT count(*), sum(value) FROM actual')" "$(sq "$T/b.bak" 'SELECT count(*), sum(value) FROM actual')" "restore = backup"
	"$K" eval --db "$(db r)" --unit 99001 --year 2023 --format json >"$T/e1"
	"$K" eval --db "$T/b.bak" --unit 99001 --year 2023 --format json >"$T/e2"
	if cmp -s "$T/e1" "$T/e2"; then ok; else bad "evaluation after restore differs"; fi
	expect_rc 2 "$K" restore --db "$(db r)" "$T/b.bak"
	has "$T/err" "--force"
	"$K" set --db "$(db r)" --unit 99001 --indicator KT07 --period 2024 --value 1 >/dev/null 2>&1
	expect_rc 0 "$K" restore --db "$(db r)" --force "$T/b.bak"
	eq "$(sq "$(db r)" "SELECT count(*) FROM actual WHERE indicator = 'KT07' AND period = '2024'")" 0 "restore --force replaced the data"
	printf 'not a database' >"$T/junk.bak"
	expect_rc 1 "$K" restore --db "$(db j)" "$T/junk.bak"
	if dbexists "$(db j)"; then bad "a refused restore left $(db j)"; else ok; fi
else
	setupdb "$(db b)"
	expect_rc 1 "$K" backup --db "$(db b)" "$T/b.bak"
	has "$T/err" "pg_dump"
	printf x >"$T/b.bak"
	expect_rc 1 "$K" restore --db "$(db b)" --force "$T/b.bak"
	has "$T/err" "pg_restore"
fi

echo "== the audit chain"
setupdb "$(db a)"
for v in 1 2 3 4 5; do "$K" set --db "$(db a)" --unit 99001 --indicator KT07 --period 2024 --value $v >/dev/null 2>&1; done
expect_rc 0 "$K" audit verify --db "$(db a)"
has "$T/out" "Nhật ký nguyên vẹn"
dbcopy "$(db a)" "$(db a1)"; sq "$(db a1)" "UPDATE audit SET new = '99' WHERE id = 4" >/dev/null
expect_rc 1 "$K" audit verify --db "$(db a1)"
has "$T/err" "mục #4 của nhật ký đã bị sửa"
dbcopy "$(db a)" "$(db a2)"; sq "$(db a2)" "DELETE FROM audit WHERE id = 3" >/dev/null
expect_rc 1 "$K" audit verify --db "$(db a2)"
has "$T/err" "mục #3 của nhật ký đã bị xóa"
dbcopy "$(db a)" "$(db a3)"; sq "$(db a3)" "INSERT INTO audit (id, at, account, action) SELECT max(id) + 1, '2024-01-01T00:00:00Z', 'ke-gian', 'value' FROM audit" >/dev/null
expect_rc 1 "$K" audit verify --db "$(db a3)"
has "$T/err" "được chèn vào nhật ký"
dbcopy "$(db a)" "$(db a4)"; sq "$(db a4)" "DELETE FROM audit WHERE id = (SELECT max(id) FROM audit)" >/dev/null
expect_rc 1 "$K" audit verify --db "$(db a4)"
has "$T/err" "mục cuối"
# A database of schema 4 (before versions, the chain, the throttle by
# address, explanation requests and reports sent up) upgrades: its
# entries get their hashes and verify.
if sqlite_only "a schema-4 database is SQLite only: the PostgreSQL schema starts at version 5"; then
	dbcopy "$(db a)" "$(db old)"
	python3 - "$(db old)" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("actual", "target", "text_block"):
    for col in ("version", "updated_at", "updated_by"):
        c.execute("ALTER TABLE %s DROP COLUMN %s" % (t, col))
c.execute("ALTER TABLE audit DROP COLUMN prev_hash")
c.execute("ALTER TABLE audit DROP COLUMN hash")
c.execute("DELETE FROM meta WHERE key = 'audit_last'")
c.execute("DROP TABLE login_throttle")
c.execute("ALTER TABLE session DROP COLUMN seen")
c.execute("DROP TABLE request_message")
c.execute("DROP TABLE explain_request")
c.execute("CREATE TABLE login_failure (name TEXT PRIMARY KEY, count INTEGER NOT NULL, last INTEGER NOT NULL)")
c.execute("DROP TABLE IF EXISTS unit_change")	# migration 7
c.execute("DROP TABLE submission")	# migration 9
c.execute("DROP TABLE unit_cert")
c.execute("UPDATE schema_version SET version = 4")
c.commit()
PY
	expect_rc 2 "$K" audit verify --db "$(db old)"
	has "$T/err" "ktxh init"
	expect_rc 0 "$K" init --db "$(db old)"
	expect_rc 0 "$K" audit verify --db "$(db old)"
	has "$T/out" "$(sq "$(db a)" 'SELECT count(*) FROM audit') mục"
	eq "$(sq "$(db old)" "SELECT count(*) FROM actual WHERE version = 1")" "$(sq "$(db old)" "SELECT count(*) FROM actual")" "old values start at version 1"
fi
# Every write of the command line is audited too.
eq "$(sq "$(db a)" "SELECT count(*) FROM audit WHERE account = 'ktxh set'")" 5 "ktxh set audited"
eq "$(sq "$(db a)" "SELECT count(*) FROM audit WHERE account = 'ktxh import' AND action = 'import'")" 1 "import audited"

echo "== formulas in CSV"
setupdb "$(db f)"
m=0
for x in '=HYPERLINK("http://x","y")' '+1+2' '-3+4' '@SUM(A1)' "'=a"; do
	m=$((m + 1))
	expect_rc 0 "$K" set --db "$(db f)" --unit 99001 --indicator KT07 --period 2024-M0$m --value 5 --note "$x"
done
expect_rc 0 "$K" export --db "$(db f)" "$T/fx"
python3 - "$T/fx" <<'PY' && ok || bad "a CSV cell starts like a formula"
import csv, os, sys
bad = [(n, c) for n in os.listdir(sys.argv[1]) if n.endswith(".csv")
       for row in csv.reader(open(os.path.join(sys.argv[1], n), encoding="utf-8"))
       for c in row if c[:1] in ("=", "+", "@", "\t", "\r") or (c[:1] == "-" and not c[1:2].isdigit())]
print(bad[:3]) if bad else None
sys.exit(1 if bad else 0)
PY
hasnt "$T/fx/values.csv" ',=HYPERLINK'
has "$T/fx/values.csv" "'=HYPERLINK"
newdb "$(db f2)" "$T/fx"
expect_rc 0 "$K" export --db "$(db f2)" "$T/fx2"
if diff -r "$T/fx" "$T/fx2" >"$T/diff"; then ok; else bad "export → import → export differs: $(head -3 "$T/diff")"; fi
eq "$(sq "$(db f2)" "SELECT note FROM actual WHERE note LIKE '%HYPERLINK%'")" '=HYPERLINK("http://x","y")' "the note is back exactly"
eq "$(sq "$(db f2)" "SELECT count(*) FROM actual WHERE note = '''=a'")" 1 "a note that starts with an apostrophe is back exactly"

echo "== one validator for a row"
setupdb "$(db v)"
"$K" export --db "$(db v)" "$T/v0" >/dev/null
note_bad=$(printf 'ghi ch\377')
expect_rc 1 "$K" set --db "$(db v)" --unit 99001 --indicator KT07 --period 2024 --value 5 --note "$note_bad"
has "$T/err" "--note: byte không hợp lệ UTF-8"
hasnt "$T/out" "Đã ghi"
big=$(python3 -c 'print("a" * 2001)')
expect_rc 1 "$K" set --db "$(db v)" --unit 99001 --indicator KT07 --period 2024 --value 5 --note "$big"
has "$T/err" "--note: dài quá 2000 ký tự"
expect_rc 1 "$K" set --db "$(db v)" --unit 99001 --indicator KT07 --period 2024 --value -0
has "$T/err" "số “-0”"
expect_rc 0 "$K" set --db "$(db v)" --unit 99001 --indicator KT07 --period 2024-M01 --value ' 12 '
eq "$(sq "$(db v)" "SELECT value FROM actual WHERE indicator = 'KT07' AND period = '2024-M01'")" "$(if is_pg; then echo 12; else echo 12.0; fi)" "“ 12 ” stored as 12"
mkdir -p "$T/short"
cp "$ROOT"/data/nhon-hung/*.csv "$T/short/"
printf '99001,KT07,2024-M02,5\n' >>"$T/short/values.csv"
expect_rc 1 "$K" import --db "$(db v)" "$T/short"
has "$T/err" "values.csv:41: dòng chỉ có 4 ô, dòng tên cột có 9 cột"
printf 'code,name,kind,parent\r89,An Giang,tỉnh,\r' >"$T/short/units.csv"
sed -i '$d' "$T/short/values.csv"
expect_rc 1 "$K" import --db "$(db v)" "$T/short"
has "$T/err" "units.csv:1: ký tự xuống dòng CR đứng riêng"
cp "$ROOT"/data/nhon-hung/units.csv "$T/short/"
python3 - "$T/short/values.csv" <<'PY'
import sys
open(sys.argv[1], "a").write("99001,KT07,2024-M03,5,,,,,%s\n" % ("x" * 10_000_000))
PY
expect_rc 1 "$K" import --db "$(db v)" "$T/short"
has "$T/err" "values.csv:41: cột 9: ô dài quá 2000 ký tự"
"$K" export --db "$(db v)" "$T/v1" >/dev/null
sed -i '/2024-M01/d' "$T/v1/values.csv"
if diff -r "$T/v0" "$T/v1" >/dev/null; then ok; else bad "a refused input changed the database"; diff -r "$T/v0" "$T/v1" | head -5; fi
# The API takes a row through the same validator: the same messages.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$K" serve --db "$(db v)" --listen 127.0.0.1:$port >"$T/v.log" 2>&1 </dev/null & SP=$!
python3 - "$port" "$TOKEN" <<'PY' && ok || bad "the API's validation differs from the command line's"
import http.client, json, socket, sys, time
port, tok = int(sys.argv[1]), sys.argv[2]
for _ in range(100):
    try: socket.create_connection(("127.0.0.1", port), 0.5).close(); break
    except OSError: time.sleep(0.05)
def post(o):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    c.request("POST", "/api/v1/values", json.dumps(o), {"Authorization": "Bearer " + tok, "Content-Type": "application/json"})
    r = c.getresponse(); return r.status, json.loads(r.read())
base = {"unit": "99001", "indicator": "KT07", "period": "2024-M04"}
fails = []
s, j = post(dict(base, value="-0"))
if s != 422 or "“-0”" not in json.dumps(j, ensure_ascii=False): fails.append(("-0", s, j))
s, j = post(dict(base, value=5, note="a" * 2001))
if s != 422 or "2000" not in json.dumps(j, ensure_ascii=False): fails.append(("note", s))
s, j = post(dict(base, value=" 12 "))
if s != 200 or j["value"]["value"] != 12: fails.append(("trim", s, j))
print(fails) if fails else None
sys.exit(1 if fails else 0)
PY
kill $SP; wait $SP

# The figures for make hardening-report.
python3 - "$T/results" "$OUT" "$KILLS" <<'PY'
import json, sys
res = {}
for line in open(sys.argv[1]):
    for k, v in json.loads(line).items():
        res[k] = res.get(k, 0) + v
res["kills_asked"] = int(sys.argv[3])
json.dump(res, open(sys.argv[2], "w"), indent=1)
PY
finish
