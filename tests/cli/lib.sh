# lib.sh: helpers for the black-box CLI tests. Source it; it sets $K (the
# ktxh binary under test: $KTXH, else ./ktxh), $ROOT, a temporary $T removed
# on exit, and counts checks. End a test with `finish`.
set -u
ROOT=${KTXH_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
K=${KTXH:-$ROOT/ktxh}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
n_ok=0; n_bad=0

ok()  { n_ok=$((n_ok + 1)); }
bad() { n_bad=$((n_bad + 1)); echo "NOT OK: $*"; }
# expect_rc WANT CMD...: run CMD, capture stdout/stderr in $T/out, $T/err.
expect_rc() {
	want=$1; shift
	"$@" >"$T/out" 2>"$T/err"; got=$?
	if [ "$got" = "$want" ]; then ok; else bad "exit $got (want $want): $*"; sed 's/^/  err: /' "$T/err" | head -5; fi
}
# has FILE TEXT: FILE contains TEXT (fixed string).
has()    { if grep -qF -- "$2" "$1"; then ok; else bad "$1 lacks “$2”"; head -c 400 "$1" | sed 's/^/  | /'; fi; }
hasnt()  { if grep -qF -- "$2" "$1"; then bad "$1 has “$2”"; else ok; fi; }
eq()     { if [ "$1" = "$2" ]; then ok; else bad "“$1” != “$2” ${3:-}"; fi; }
# The backend under test: KTXH_TEST_DB=sqlite (default) or pg. With pg the
# databases live on a PostgreSQL server: tests/run-all.sh starts a throwaway
# one (KTXH_PG_HOST, its socket directory); run alone, a test starts its own.
KTXH_TEST_DB=${KTXH_TEST_DB:-sqlite}
is_pg() { [ "$KTXH_TEST_DB" = pg ]; }
if is_pg; then
	. "$ROOT/tests/pgtest.sh"
	if [ -z "${KTXH_PG_HOST:-}" ]; then
		chmod 755 "$T"; pgtest_start "$T/pg" || exit 1
		trap 'pgtest_stop "$T/pg"; rm -rf "$T"' EXIT
	else
		KTXH_PG_BIN=${KTXH_PG_BIN:-$(pgtest_bin)}
		trap 'pg_dropall; rm -rf "$T"' EXIT
	fi
	PG_PREFIX=t_$(basename "$T" | tr -c 'A-Za-z0-9\n' _ | tr 'A-Z' 'a-z')
fi
# db NAME: the database NAME of this test: $T/NAME.db, or the URL of a
# PostgreSQL database of its own (made by `ktxh init`, dropped at exit).
db() {
	if is_pg; then echo "postgresql:///${PG_PREFIX}_$1?host=$KTXH_PG_HOST&user=$KTXH_PG_USER"
	else echo "$T/$1.db"; fi
}
# dbname NAME: how messages name database NAME.
dbname() { if is_pg; then echo "${PG_PREFIX}_$1"; else echo "$1.db"; fi; }
pg_name() { n=${1#postgresql:///}; echo "${n%%\?*}"; }
pg_psql() { "$KTXH_PG_BIN/psql" -X -h "$KTXH_PG_HOST" -U "$KTXH_PG_USER" "$@"; }
pg_dropall() {
	for n in $(pg_psql -d postgres -Atqc "SELECT datname FROM pg_database WHERE datname LIKE '${PG_PREFIX}_%'" 2>/dev/null); do
		pg_psql -d postgres -qc "DROP DATABASE IF EXISTS \"$n\" WITH (FORCE)" >/dev/null 2>&1
	done
}
# dbexists DB: the database is there.
dbexists() {
	if is_pg; then pg_psql -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = '$(pg_name "$1")'" 2>/dev/null | grep -q 1
	else [ -e "$1" ]; fi
}
# dbcopy FROM TO: a copy of database FROM (nobody may be using it).
dbcopy() {
	if is_pg; then pg_psql -d postgres -qc "DROP DATABASE IF EXISTS \"$(pg_name "$2")\"" >/dev/null 2>&1
		pg_psql -d postgres -qc "CREATE DATABASE \"$(pg_name "$2")\" TEMPLATE \"$(pg_name "$1")\"" >/dev/null
	else cp "$1" "$2"; fi
}
# dbq DB SQL: the rows of a query, columns joined by |, on either backend
# (numbers as Python's str() writes them on SQLite, as psql does on PostgreSQL).
dbq() {
	if is_pg; then pg_psql -d "$(pg_name "$1")" -Atq -c "$2"
	else python3 -c 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); r=c.execute(sys.argv[2]).fetchall(); c.commit(); print("\n".join("|".join(str(x) for x in t) for t in r))' "$1" "$2"; fi
}
# sqlite_only WHAT: true on SQLite; on PostgreSQL says why WHAT is skipped.
sqlite_only() {
	is_pg || return 0
	echo "skip on PostgreSQL: $*"; return 1
}
# newdb DB [DIR]: an initialised database, loaded from DIR when given.
newdb()  {
	"$K" init --db "$1" >/dev/null 2>&1 || { bad "init $1"; return 1; }
	if [ $# -gt 1 ]; then "$K" import --db "$1" "$2" >/dev/null 2>&1 || { bad "import $2"; return 1; }; fi
}
# mk_signer DIR PASS [SUBJECT]: in DIR, a test CA (ca.pem, ca.key) and a
# signer it issued for 30 days (s.p12 with password PASS; s.key, s.csr,
# s.pem; subject "/CN=Chu tich UBND phuong Nhon Hung" unless given), made
# by openssl, whose output goes to DIR/openssl.log; non-zero on a failure.
mk_signer() {
	(
	cd "$1" || exit 1
	printf 'keyUsage=critical,digitalSignature,nonRepudiation\n' >ext
	openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 30 \
	    -subj "/CN=CA tinh" -addext basicConstraints=critical,CA:TRUE \
	    -addext keyUsage=critical,keyCertSign,cRLSign || exit 1
	openssl req -newkey rsa:2048 -nodes -keyout s.key -out s.csr -utf8 \
	    -subj "${3:-/CN=Chu tich UBND phuong Nhon Hung}" || exit 1
	openssl x509 -req -in s.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	    -out s.pem -days 30 -extfile ext || exit 1
	openssl pkcs12 -export -inkey s.key -in s.pem -certfile ca.pem -out s.p12 \
	    -passout "pass:$2" || exit 1
	) >>"$1/openssl.log" 2>&1
}
finish() { echo "$n_ok checks passed, $n_bad failed"; [ "$n_bad" -eq 0 ]; }
# pdf_sig PDF DER [SIGNED]: the last signature's CMS (DER) of a signed PDF,
# and, when SIGNED is given, the bytes its /ByteRange covers.
pdf_sig() {
	python3 - "$@" <<'PY'
import re, sys
b = open(sys.argv[1], "rb").read()
m = list(re.finditer(rb"/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]", b))[-1]
a, l1, c, l2 = map(int, m.groups())
open(sys.argv[2], "wb").write(bytes.fromhex(b[a + l1 + 1:c - 1].decode()))
if len(sys.argv) > 3:
    open(sys.argv[3], "wb").write(b[a:a + l1] + b[c:c + l2])
PY
}
# bundle_tamper SRC OUT KIND: OUT, a copy of the bundle SRC changed one way
# (python zipfile): csv (a space after data/values.csv), pdf (a bit of
# bao-cao.pdf flipped), remove (data/targets.csv gone), nosig (no manifest
# signature), add (a file not in the manifest), traversal, absolute
# (hostile names), manifest (a CSV changed and the manifest rewritten to
# match), forged (that manifest signed by $T/m.pem, from another CA); and,
# signed again by the ward's own key ($T/s.pem, $T/s.key: valid bundles
# that say something else), scope (a value of ward 99002 in values.csv),
# rename (the province renamed in units.csv).
bundle_tamper() {
	python3 - "$1" "$2" "$3" "$T" <<'PY'
import hashlib, subprocess, sys, zipfile
src, dst, kind, T = sys.argv[1:5]
z = zipfile.ZipFile(src)
files = [(i.filename, z.read(i.filename)) for i in z.infolist()]
out = []
for n, d in files:
    if kind in ("csv", "manifest", "forged") and n == "data/values.csv":
        d = d + b" "
    if kind == "pdf" and n == "bao-cao.pdf":
        d = bytearray(d); i = d.find(b"stream", 2000) + 40; d[i] ^= 1; d = bytes(d)
    if kind == "remove" and n == "data/targets.csv":
        continue
    if kind == "nosig" and n == "manifest.sha256.p7s":
        continue
    if kind == "scope" and n == "data/values.csv":
        d = d + b"99002,KT07,2023,1,,,final,,\n"
    if kind == "rename" and n == "data/units.csv":
        d = d.replace(",An Giang,".encode(), ",Tỉnh Giả Mạo,".encode())
    out.append((n, d))
if kind == "add":
    out.append(("data/extra.csv", b"unit,indicator\n"))
if kind == "traversal":
    out.append(("../../evil.csv", b"x"))
if kind == "absolute":
    out.append(("/tmp/evil.csv", b"x"))
if kind in ("manifest", "forged", "scope", "rename"):
    # the manifest rewritten to match the changed files
    man = "".join("%s  %s\n" % (hashlib.sha256(d).hexdigest(), n) for n, d in out
                  if not n.startswith("manifest.")).encode()
    out = [(n, man if n == "manifest.sha256" else d) for n, d in out]
    if kind != "manifest":
        # and signed again: by another CA's key, or by the ward's own
        key = "m" if kind == "forged" else "s"
        open(T + "/man", "wb").write(man)
        subprocess.run(["openssl", "cms", "-sign", "-binary", "-nosmimecap", "-in", T + "/man",
                        "-signer", T + "/" + key + ".pem", "-inkey", T + "/" + key + ".key",
                        "-outform", "DER", "-out", T + "/man.p7s"], check=True, capture_output=True)
        p7 = open(T + "/man.p7s", "rb").read()
        out = [(n, p7 if n == "manifest.sha256.p7s" else d) for n, d in out]
with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as w:
    for n, d in out:
        w.writestr(zipfile.ZipInfo(n), d)
PY
}
