# pgtest.sh: a throwaway PostgreSQL server for the tests, on a Unix socket
# in a temporary directory, no TCP port. Source it, then:
#   pgtest_start DIR   initdb + pg_ctl start in DIR (created); exports
#                      KTXH_PG_HOST (the socket directory), KTXH_PG_USER
#   pgtest_url NAME    prints the URL of database NAME, creating it if missing
#   pgtest_stop DIR    stops the server (immediate) and removes DIR
# As root, the server runs as the user postgres (Debian's package makes it),
# else nobody: PostgreSQL refuses to run as root. Connections are trusted
# (the socket directory is the only way in).
pgtest_bin() {
	for d in /usr/lib/postgresql/15/bin $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -r); do
		[ -x "$d/initdb" ] && { echo "$d"; return 0; }
	done
	return 1
}
pgtest_as() { # run a command as the server's user
	if [ "$(id -u)" -eq 0 ]; then runuser -u "$PGTEST_OSUSER" -- "$@"; else "$@"; fi
}
pgtest_start() {
	PGTEST_BIN=$(pgtest_bin) || { echo "pgtest: PostgreSQL server binaries are missing (make deps installs postgresql-15)" >&2; return 1; }
	if [ "$(id -u)" -eq 0 ]; then
		if id postgres >/dev/null 2>&1; then PGTEST_OSUSER=postgres; else PGTEST_OSUSER=nobody; fi
	else
		PGTEST_OSUSER=$(id -un)
	fi
	mkdir -p "$1" && chmod 755 "$1" && mkdir -p "$1/data" "$1/sock" || return 1
	[ "$(id -u)" -eq 0 ] && chown "$PGTEST_OSUSER" "$1/data" "$1/sock"
	pgtest_as "$PGTEST_BIN/initdb" -D "$1/data" -A trust -U ktxh -E UTF8 --locale=C.UTF-8 >"$1/initdb.log" 2>&1 ||
		{ echo "pgtest: initdb failed:" >&2; tail -n 5 "$1/initdb.log" >&2; return 1; }
	pgtest_as "$PGTEST_BIN/pg_ctl" -D "$1/data" -l "$1/data/server.log" -w \
		-o "-k $1/sock -c listen_addresses= -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null 2>&1 ||
		{ echo "pgtest: pg_ctl start failed:" >&2; tail -n 5 "$1/data/server.log" >&2; return 1; }
	KTXH_PG_HOST="$1/sock"; KTXH_PG_USER=ktxh; KTXH_PG_BIN=$PGTEST_BIN
	export KTXH_PG_HOST KTXH_PG_USER KTXH_PG_BIN
}
pgtest_url() {
	"$KTXH_PG_BIN/psql" -h "$KTXH_PG_HOST" -U "$KTXH_PG_USER" -d postgres -Atqc \
		"SELECT 1 FROM pg_database WHERE datname = '$1'" 2>/dev/null | grep -q 1 ||
		"$KTXH_PG_BIN/createdb" -h "$KTXH_PG_HOST" -U "$KTXH_PG_USER" "$1" || return 1
	echo "postgresql:///$1?host=$KTXH_PG_HOST&user=$KTXH_PG_USER"
}
pgtest_stop() {
	[ -d "$1/data" ] && pgtest_as "$PGTEST_BIN/pg_ctl" -D "$1/data" -m immediate stop >/dev/null 2>&1
	rm -rf "$1"
}
