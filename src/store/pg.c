/* pg.c: the PostgreSQL backend of store.h, on libpq. The same schema as
 * sqlite.c (a parallel list of numbered migrations), every statement
 * prepared once per connection from the table below with $n parameters
 * passed as text, so that several `ktxh serve` processes on one database
 * behave as one system: sessions, throttling counts, period states and the
 * generation number that caches depend on all live in the database.
 *
 * Concurrency under READ COMMITTED: conditional writes are single
 * statements (UPDATE … WHERE version = $n, INSERT … ON CONFLICT DO
 * NOTHING) whose row count says whether the condition held, which stays
 * true with concurrent writers because PostgreSQL re-checks the WHERE
 * clause on the newest row version after waiting for its lock. The audit
 * chain's head (meta 'audit_last') is locked FOR UPDATE before the next
 * entry is hashed, so two writers cannot both chain onto the same entry.
 * Nested transactions are savepoints; the generation is bumped at the
 * commit of every transaction that wrote. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "core/audit.h"
#include "core/dynlib.h"
#include "core/period.h"
#include "backend.h"

/* libpq is opened with the first PostgreSQL database (dynlib.h): it brings
 * Kerberos, LDAP, GnuTLS and some 15 more libraries that a commune's
 * SQLite file, a report or a check would load for nothing. The calls
 * below read as plain libpq; the definitions after the table send each
 * through it. */
#define PQ_SONAME	"libpq.so.5"
#define PQ_FUNCS(X)							\
	X(PQclear) X(PQcmdTuples) X(PQconnectdb) X(PQconnectdbParams)	\
	X(PQconninfoFree) X(PQconninfoParse) X(PQerrorMessage)		\
	X(PQescapeIdentifier) X(PQexec) X(PQexecParams) X(PQexecPrepared) X(PQfinish)	\
	X(PQfreemem) X(PQgetResult) X(PQgetisnull) X(PQgetvalue) X(PQgetlength) \
	X(PQntuples) X(PQprepare) X(PQputCopyData) X(PQputCopyEnd)	\
	X(PQreset) X(PQresultErrorMessage) X(PQresultStatus)		\
	X(PQsendQueryParams) X(PQsendQueryPrepared) X(PQsetNoticeProcessor)	\
	X(PQsetSingleRowMode) X(PQstatus) X(PQenterPipelineMode)	\
	X(PQexitPipelineMode) X(PQpipelineSync)
static struct { PQ_FUNCS(DYNLIB_FIELD) } pq;
DYNLIB_FILL(pq_fill, pq, PQ_FUNCS)
static struct dynlib pq_lib = { PQ_SONAME, "libpq5", pq_fill, false };

#define PQclear		(*pq.PQclear)
#define PQcmdTuples	(*pq.PQcmdTuples)
#define PQconnectdb	(*pq.PQconnectdb)
#define PQconnectdbParams	(*pq.PQconnectdbParams)
#define PQconninfoFree	(*pq.PQconninfoFree)
#define PQconninfoParse	(*pq.PQconninfoParse)
#define PQerrorMessage	(*pq.PQerrorMessage)
#define PQescapeIdentifier	(*pq.PQescapeIdentifier)
#define PQexec		(*pq.PQexec)
#define PQexecParams	(*pq.PQexecParams)
#define PQexecPrepared	(*pq.PQexecPrepared)
#define PQfinish	(*pq.PQfinish)
#define PQfreemem	(*pq.PQfreemem)
#define PQgetResult	(*pq.PQgetResult)
#define PQgetisnull	(*pq.PQgetisnull)
#define PQgetvalue	(*pq.PQgetvalue)
#define PQgetlength	(*pq.PQgetlength)
#define PQntuples	(*pq.PQntuples)
#define PQprepare	(*pq.PQprepare)
#define PQputCopyData	(*pq.PQputCopyData)
#define PQputCopyEnd	(*pq.PQputCopyEnd)
#define PQreset		(*pq.PQreset)
#define PQresultErrorMessage	(*pq.PQresultErrorMessage)
#define PQresultStatus	(*pq.PQresultStatus)
#define PQsendQueryParams	(*pq.PQsendQueryParams)
#define PQsendQueryPrepared	(*pq.PQsendQueryPrepared)
#define PQsetNoticeProcessor	(*pq.PQsetNoticeProcessor)
#define PQsetSingleRowMode	(*pq.PQsetSingleRowMode)
#define PQstatus	(*pq.PQstatus)
#define PQenterPipelineMode	(*pq.PQenterPipelineMode)
#define PQexitPipelineMode	(*pq.PQexitPipelineMode)
#define PQpipelineSync	(*pq.PQpipelineSync)

/* Numbered migrations, in step with sqlite.c's list (the same tables and
 * columns, PostgreSQL's types: bigint, double precision, text in the C
 * collation so that ORDER BY sorts by bytes as SQLite does): index i brings
 * the schema from version i to i + 1. */
#define T "text COLLATE \"C\""
static const char *const migrations[] = {
	/* 1: the foundation. */
	("CREATE TABLE schema_version (version bigint NOT NULL);"
	 "INSERT INTO schema_version VALUES (0);"
	 "CREATE TABLE sector ("
	 "  code " T " PRIMARY KEY, name " T " NOT NULL, ord bigint NOT NULL,"
	 "  builtin bigint NOT NULL DEFAULT 0);"
	 "INSERT INTO sector VALUES"
	 "  ('kinh-te', 'Kinh tế', 1, 1),"
	 "  ('van-hoa-xa-hoi', 'Văn hóa - xã hội', 2, 1),"
	 "  ('quoc-phong-an-ninh', 'Quốc phòng - an ninh', 3, 1),"
	 "  ('noi-chinh', 'Nội chính - cải cách hành chính', 4, 1);"
	 "CREATE TABLE unit ("
	 "  code " T " PRIMARY KEY, name " T " NOT NULL, kind " T " NOT NULL,"
	 "  parent " T " REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  search_key " T " NOT NULL, valid_from " T ", valid_to " T ");"
	 "CREATE INDEX unit_search ON unit(search_key);"
	 "CREATE TABLE indicator ("
	 "  code " T " PRIMARY KEY, name " T " NOT NULL,"
	 "  sector " T " NOT NULL REFERENCES sector(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  uom " T ", kind " T " NOT NULL, time_agg " T " NOT NULL,"
	 "  unit_agg " T " NOT NULL, decimals bigint, ord bigint NOT NULL,"
	 "  parent " T " REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED);"
	 "CREATE TABLE target ("
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  indicator " T " NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  year bigint NOT NULL, shape " T " NOT NULL, value double precision, value2 double precision,"
	 "  text " T ", source " T ", seq " T ","
	 "  PRIMARY KEY (unit, indicator, year));"
	 "CREATE TABLE actual ("
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  indicator " T " NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period " T " NOT NULL, year bigint NOT NULL, value double precision,"
	 "  numerator double precision, denominator double precision, status " T " NOT NULL,"
	 "  as_of " T ", note " T ","
	 "  PRIMARY KEY (unit, indicator, period));"
	 "CREATE INDEX actual_unit_year ON actual(unit, year);"
	 "CREATE TABLE cutoff ("
	 "  kind " T " PRIMARY KEY, start_offset bigint NOT NULL,"
	 "  start_day bigint NOT NULL, end_offset bigint NOT NULL,"
	 "  end_day bigint NOT NULL);"
	 "CREATE TABLE setting (key " T " PRIMARY KEY, value " T " NOT NULL);"),

	/* 2: report texts with live figures, and report settings. */
	("CREATE TABLE text_block ("
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period " T " NOT NULL, section " T " NOT NULL, body " T " NOT NULL,"
	 "  PRIMARY KEY (unit, period, section));"
	 "CREATE TABLE report_setting ("
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period " T " NOT NULL, key " T " NOT NULL, seq bigint NOT NULL,"
	 "  value " T " NOT NULL,"
	 "  PRIMARY KEY (unit, period, key, seq));"),

	/* 3: accounts, sessions, API tokens, the audit log, the workflow. */
	("CREATE TABLE account ("
	 "  name " T " PRIMARY KEY, role " T " NOT NULL,"
	 "  unit " T " REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  sectors " T ", pwhash " T " NOT NULL, created " T " NOT NULL,"
	 "  disabled bigint NOT NULL DEFAULT 0);"
	 "CREATE TABLE session ("
	 "  token_hash " T " PRIMARY KEY, account " T " NOT NULL"
	 "  REFERENCES account(name) ON DELETE CASCADE, csrf " T " NOT NULL,"
	 "  expires bigint NOT NULL);"
	 "CREATE TABLE api_token ("
	 "  token_hash " T " PRIMARY KEY, account " T " NOT NULL"
	 "  REFERENCES account(name) ON DELETE CASCADE, label " T ","
	 "  created " T " NOT NULL);"
	 "CREATE TABLE login_failure ("
	 "  name " T " PRIMARY KEY, count bigint NOT NULL, last bigint NOT NULL);"
	 "CREATE TABLE audit ("
	 "  id bigint PRIMARY KEY, at " T " NOT NULL, account " T " NOT NULL,"
	 "  unit " T ", action " T " NOT NULL, object " T ", old " T ", new " T ");"
	 "CREATE INDEX audit_unit ON audit(unit, id);"
	 "CREATE TABLE period_state ("
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period " T " NOT NULL, state " T " NOT NULL, updated " T " NOT NULL,"
	 "  account " T " NOT NULL, reason " T ","
	 "  PRIMARY KEY (unit, period));"),

	/* 4: a generation number bumped by every write transaction, so that
	 * servers can cache what they computed from the data. */
	("CREATE TABLE meta (key " T " PRIMARY KEY, value bigint NOT NULL);"
	 "INSERT INTO meta VALUES ('generation', 0);"),

	/* 5: a version on every value, target and text, with who wrote it and
	 * when, for optimistic concurrency; the audit log's hash chain
	 * (filled for older entries by store_migrate) and the number of entries
	 * written, so that entries removed from its end show. */
	("ALTER TABLE actual ADD COLUMN version bigint NOT NULL DEFAULT 1;"
	 "ALTER TABLE actual ADD COLUMN updated_at " T ";"
	 "ALTER TABLE actual ADD COLUMN updated_by " T ";"
	 "ALTER TABLE target ADD COLUMN version bigint NOT NULL DEFAULT 1;"
	 "ALTER TABLE target ADD COLUMN updated_at " T ";"
	 "ALTER TABLE target ADD COLUMN updated_by " T ";"
	 "ALTER TABLE text_block ADD COLUMN version bigint NOT NULL DEFAULT 1;"
	 "ALTER TABLE text_block ADD COLUMN updated_at " T ";"
	 "ALTER TABLE text_block ADD COLUMN updated_by " T ";"
	 "ALTER TABLE audit ADD COLUMN prev_hash " T ";"
	 "ALTER TABLE audit ADD COLUMN hash " T ";"
	 "INSERT INTO meta VALUES ('audit_last',"
	 "  coalesce((SELECT max(id) FROM audit), 0));"),

	/* 6: login throttling by client address and by (address, name), not by
	 * name alone (which let anyone lock an account out); sessions end
	 * after an idle time too ("seen": the last request, to the minute). */
	("DROP TABLE IF EXISTS login_failure;"
	 "CREATE TABLE login_throttle ("
	 "  addr " T " NOT NULL, name " T " NOT NULL,"	/* name '': the address */
	 "  count bigint NOT NULL, last bigint NOT NULL,"
	 "  PRIMARY KEY (addr, name));"
	 "CREATE INDEX login_throttle_last ON login_throttle(last);"
	 "ALTER TABLE session ADD COLUMN seen bigint NOT NULL DEFAULT 0;"
	 "UPDATE session SET seen = extract(epoch FROM now())::bigint;"),

	/* 7: the history of units (unit_changes.csv): from date on, share
	 * percent of unit from_unit's additive figures belong to to_unit. */
	("CREATE TABLE IF NOT EXISTS unit_change ("
	 "  date " T " NOT NULL,"
	 "  from_unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  to_unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  share double precision NOT NULL DEFAULT 100,"
	 "  PRIMARY KEY (date, from_unit, to_unit));"
	 "CREATE INDEX IF NOT EXISTS unit_change_to ON unit_change(to_unit, date);"),

	/* 8: explanation requests from the level above and their threads. */
	("CREATE TABLE IF NOT EXISTS explain_request ("
	 "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  indicator " T " NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period " T " NOT NULL, state " T " NOT NULL, asked_by " T " NOT NULL,"
	 "  asker_unit " T ", created " T " NOT NULL, updated " T " NOT NULL,"
	 "  version bigint NOT NULL DEFAULT 1);"
	 "CREATE INDEX IF NOT EXISTS explain_request_unit ON explain_request(unit, state);"
	 "CREATE TABLE IF NOT EXISTS request_message ("
	 "  request bigint NOT NULL REFERENCES explain_request(id),"
	 "  seq bigint NOT NULL, kind " T " NOT NULL, account " T " NOT NULL,"
	 "  at " T " NOT NULL, body " T ","
	 "  PRIMARY KEY (request, seq));"),

	/* 9: reports sent up to the level above (signed PDF and the figures
	 * it was made from), and each unit's sealed signing certificate. */
	("CREATE TABLE IF NOT EXISTS submission ("
	 "  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	 "  unit " T " NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period " T " NOT NULL, state " T " NOT NULL, source " T " NOT NULL,"
	 "  pdf bytea NOT NULL, pdf_sha256 " T " NOT NULL, signer " T ","
	 "  signed_by " T " NOT NULL, signed_at " T " NOT NULL,"
	 "  snapshot " T " NOT NULL, sent_by " T ", sent_at " T ","
	 "  decided_by " T ", decided_at " T ", reason " T ","
	 "  version bigint NOT NULL DEFAULT 1);"
	 "CREATE INDEX IF NOT EXISTS submission_unit ON submission(unit, period);"
	 "CREATE TABLE IF NOT EXISTS unit_cert ("
	 "  unit " T " PRIMARY KEY REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  sealed bytea NOT NULL, subject " T " NOT NULL, title " T ","
	 "  not_after " T " NOT NULL, uploaded_by " T " NOT NULL,"
	 "  uploaded_at " T " NOT NULL);"),

	/* 10: values and targets without per-row foreign keys. Each row's check
	 * is a trigger that runs a query and locks the unit's and the
	 * indicator's rows: ten million of them at the commit of a national
	 * import (5 million values, 1 million targets), a minute on their own.
	 * Their codes are checked before every write instead (dataset.c for
	 * files, the API and the pages; the plan page writes its own unit's
	 * targets of catalogue indicators), and units and indicators are never
	 * deleted nor their codes changed, so no value loses what it names. */
	("ALTER TABLE actual DROP CONSTRAINT IF EXISTS actual_unit_fkey,"
	 "  DROP CONSTRAINT IF EXISTS actual_indicator_fkey;"
	 "ALTER TABLE target DROP CONSTRAINT IF EXISTS target_unit_fkey,"
	 "  DROP CONSTRAINT IF EXISTS target_indicator_fkey;"),

	/* 11: the roll-up cache (store.h, sqlite.c's migration 11). */
	("CREATE TABLE IF NOT EXISTS rollup_state (unit " T " NOT NULL,"
	 "  year integer NOT NULL, stamp bigint NOT NULL, PRIMARY KEY (unit, year));"
	 "INSERT INTO rollup_state VALUES ('', 0, 0) ON CONFLICT DO NOTHING;"
	 "CREATE TABLE IF NOT EXISTS rollup (unit " T " NOT NULL,"
	 "  year integer NOT NULL, member " T " NOT NULL, data bytea NOT NULL,"
	 "  PRIMARY KEY (unit, year, member));"
	 "CREATE INDEX IF NOT EXISTS unit_change_from ON unit_change(from_unit);"),

	/* 12: the roll-up's figures of the year before apart (sqlite.c's
	 * migration 12). */
	("DROP TABLE IF EXISTS rollup;"
	 "CREATE TABLE rollup (unit " T " NOT NULL, year integer NOT NULL,"
	 "  member " T " NOT NULL, data bytea NOT NULL, data_before bytea,"
	 "  PRIMARY KEY (unit, year, member));"
	 "CREATE INDEX IF NOT EXISTS unit_parent ON unit(parent);"),
};

#define NMIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

enum stmt {
	ST_VERSION,
	ST_SET_VERSION,
	ST_SECTORS,
	ST_UNITS,
	ST_FIND_UNITS,
	ST_INDICATORS,
	ST_TARGETS,
	ST_VALUES,
	ST_TARGETS_OF,
	ST_VALUES_OF,
	ST_SET_VALUES,
	ST_UNIT_CHANGES,
	ST_UNITS_NEAR,
	ST_CHANGES_NEAR,
	ST_PUT_UNIT_CHANGE,
	ST_CUTOFFS,
	ST_SETTING,
	ST_SETTINGS,
	ST_PUT_SECTOR,
	ST_PUT_UNIT,
	ST_PUT_INDICATOR,
	ST_PUT_TARGET,
	ST_PUT_TARGET_NEW,
	ST_PUT_TARGET_IF,
	ST_PUT_VALUE,
	ST_PUT_VALUE_NEW,
	ST_PUT_VALUE_IF,
	ST_DEL_VALUE,
	ST_VALUE_STAMP,
	ST_TARGET_STAMP,
	ST_TEXT_STAMP,
	ST_PUT_CUTOFF,
	ST_BULK_TARGETS,
	ST_BULK_VALUES,
	ST_BULK_TEXTS,
	ST_BULK_INDEXES,
	ST_PUT_SETTING,
	ST_TEXT,
	ST_TEXTS,
	ST_PUT_TEXT,
	ST_PUT_TEXT_NEW,
	ST_PUT_TEXT_IF,
	ST_REPORT_SETTINGS,
	ST_DEL_REPORT_SETTING,
	ST_PUT_REPORT_SETTING,
	ST_ACCOUNT,
	ST_ACCOUNTS,
	ST_PUT_ACCOUNT,
	ST_SET_PASSWORD,
	ST_SESSION,
	ST_PUT_SESSION,
	ST_DEL_SESSION,
	ST_DEL_SESSIONS_OF,
	ST_TOKEN,
	ST_PUT_TOKEN,
	ST_DEL_OTHER_SESSIONS,
	ST_TOUCH_SESSION,
	ST_THROTTLE,
	ST_THROTTLE_FAIL,
	ST_THROTTLE_FAIL_ADDR,
	ST_THROTTLE_FORGET,
	ST_THROTTLE_OK,
	ST_AUDIT,
	ST_AUDITS,
	ST_AUDIT_LAST,
	ST_AUDIT_LOCK,
	ST_AUDIT_HASH,
	ST_AUDIT_CHAIN,
	ST_AUDIT_REHASH,
	ST_AUDIT_SET_LAST,
	ST_UNIT_LOCK,
	ST_STATE,
	ST_PUT_STATE,
	ST_GENERATION,
	ST_LATEST_YEAR,
	ST_FIRST_UNIT,
	ST_PUT_REQUEST,
	ST_PUT_REQUEST_MSG,
	ST_REQUEST_STEP,
	ST_REQUESTS,
	ST_REQUEST_MSGS,
	ST_PUT_SUBMISSION,
	ST_SUBMISSION_IF,
	ST_SUBMISSIONS,
	ST_PUT_UNIT_CERT,
	ST_UNIT_CERTS,
	ST_ROLLUP_GET,
	ST_ROLLUP_STAMP,
	ST_ROLLUP_LOCK,
	ST_ROLLUP_MINE,
	ST_ROLLUP_DEL,
	ST_ROLLUP_INS,
	ST_ROLLUP_TOUCH,
	ST_ROLLUP_TOUCH_DEL,
	ST_ROLLUP_TOUCH_ALL,
	ST__MAX
};

#define UNIT_COLS "code, name, kind, parent, valid_from, valid_to"
/* Unit $1, the units below it and those they were made of, transitively
 * (store_units_near): each step through the indexes of unit(parent) and
 * unit_change(to_unit). */
#define NEAR "WITH RECURSIVE near(code) AS (SELECT $1::text COLLATE \"C\""\
	" UNION SELECT x.c FROM near n CROSS JOIN LATERAL (SELECT code"	\
	" FROM unit WHERE parent = n.code UNION ALL SELECT from_unit"	\
	" FROM unit_change WHERE to_unit = n.code) x(c))"
#define AUDIT_COLS "id, at, account, unit, action, object, old, new," \
	" hash, prev_hash"
/* The time of the statement in UTC, written as SQLite's strftime writes it. */
#define NOW "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
/* Every connection's: UTF-8, times in UTC, and no JIT compilation, which
 * PostgreSQL starts for any query it costs high (a province's hundred
 * thousand values) and which takes longer than the query it speeds up
 * (40 ms of a 130 ms read of a province's values). */
#define SESSION_SETTINGS "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC';" \
	" SET jit = off"
/* A target's and a value's columns as written, and the replacement of the
 * row of the same key: one statement, or a bulk load's temporary table. */
#define TARGET_COLS "unit, indicator, year, shape, value, value2, text," \
	" source, seq, updated_at, updated_by"
#define TARGET_UPSERT " ON CONFLICT (unit, indicator, year) DO UPDATE SET" \
	" shape = excluded.shape, value = excluded.value," \
	" value2 = excluded.value2, text = excluded.text," \
	" source = excluded.source, seq = excluded.seq," \
	" version = target.version + 1, updated_at = excluded.updated_at," \
	" updated_by = excluded.updated_by"
#define VALUE_COLS "unit, indicator, period, year, value, numerator," \
	" denominator, status, as_of, note, updated_at, updated_by"
#define TEXT_COLS "unit, period, section, body, updated_at, updated_by"
#define TEXT_UPSERT " ON CONFLICT (unit, period, section) DO UPDATE SET" \
	" body = excluded.body, version = text_block.version + 1," \
	" updated_at = excluded.updated_at, updated_by = excluded.updated_by"
#define VALUE_UPSERT " ON CONFLICT (unit, indicator, period) DO UPDATE SET" \
	" value = excluded.value, numerator = excluded.numerator," \
	" denominator = excluded.denominator, status = excluded.status," \
	" as_of = excluded.as_of, note = excluded.note," \
	" version = actual.version + 1, updated_at = excluded.updated_at," \
	" updated_by = excluded.updated_by"


/* One recursive reference (PostgreSQL's rule): both edges in a lateral. */
#define ROLLUP_UP "up(code) AS (SELECT $1::text COLLATE \"C\" UNION SELECT e.x" \
	" FROM up" \
	" CROSS JOIN LATERAL (SELECT parent FROM unit WHERE code = up.code" \
	" AND parent IS NOT NULL UNION ALL SELECT to_unit FROM unit_change" \
	" WHERE from_unit = up.code) e(x))"

static const char *const sql[ST__MAX] = {
	[ST_VERSION] = "SELECT version FROM schema_version",
	[ST_SET_VERSION] = "UPDATE schema_version SET version = $1",
	[ST_SECTORS] = "SELECT code, name, ord, builtin FROM sector"
	    " ORDER BY ord, code",
	[ST_UNITS] = "SELECT " UNIT_COLS " FROM unit ORDER BY code",
	[ST_FIND_UNITS] = "SELECT " UNIT_COLS " FROM unit WHERE code = $1"
	    " UNION SELECT " UNIT_COLS " FROM unit WHERE search_key IN ($2, $3)"
	    " ORDER BY 1",
	[ST_INDICATORS] = "SELECT code, name, sector, uom, kind, time_agg,"
	    " unit_agg, decimals, ord, parent FROM indicator ORDER BY ord, code",
	[ST_TARGETS] = "SELECT unit, indicator, year, shape, value, value2,"
	    " text, source, seq, version FROM target"
	    " WHERE ($1::text IS NULL OR unit = $1) AND ($2 = 0 OR year = $2)"
	    " ORDER BY unit, year, indicator",
	[ST_VALUES] = "SELECT unit, indicator, period, value, numerator,"
	    " denominator, status, as_of, note, version FROM actual"
	    " WHERE ($1::text IS NULL OR unit = $1) AND ($2 = 0 OR year BETWEEN $2 AND $3)"
	    " ORDER BY unit, indicator, period",
	/* A set of units as one array parameter ('{"a","b"}'), which the
	 * primary key (or actual_unit_year) serves for one unit as for many. */
	[ST_VALUES_OF] = "SELECT unit, indicator, period, value, numerator,"
	    " denominator, status, as_of, note, version FROM actual"
	    " WHERE unit = ANY($1::text[])"
	    " AND ($2 = 0 OR year BETWEEN $2 AND $3)"
	    " ORDER BY unit, indicator, period",
	/* In no order: a sort of a country's values would cost more than
	 * reading them. */
	[ST_SET_VALUES] = "SELECT unit, indicator, period, value, numerator,"
	    " denominator, status, as_of FROM actual"
	    " WHERE unit = ANY($1::text[]) AND year BETWEEN $2 AND $3",
	[ST_TARGETS_OF] = "SELECT unit, indicator, year, shape, value, value2,"
	    " text, source, seq, version FROM target"
	    " WHERE unit = ANY($1::text[]) AND ($2 = 0 OR year = $2)"
	    " ORDER BY unit, year, indicator",
	[ST_UNIT_CHANGES] = "SELECT date, from_unit, to_unit, share"
	    " FROM unit_change ORDER BY date, from_unit, to_unit",
	[ST_UNITS_NEAR] = NEAR " SELECT " UNIT_COLS " FROM unit"
	    " WHERE code IN (SELECT code FROM near) ORDER BY code",
	[ST_CHANGES_NEAR] = NEAR " SELECT date, from_unit, to_unit, share"
	    " FROM unit_change WHERE to_unit IN (SELECT code FROM near)"
	    " ORDER BY date, from_unit, to_unit",
	[ST_PUT_UNIT_CHANGE] = "INSERT INTO unit_change (date, from_unit, to_unit,"
	    " share) VALUES ($1, $2, $3, $4) ON CONFLICT (date, from_unit, to_unit)"
	    " DO UPDATE SET share = excluded.share",
	[ST_CUTOFFS] = "SELECT kind, start_offset, start_day, end_offset,"
	    " end_day FROM cutoff",
	[ST_SETTING] = "SELECT value FROM setting WHERE key = $1",
	[ST_SETTINGS] = "SELECT key, value FROM setting ORDER BY key",
	[ST_PUT_SECTOR] = "INSERT INTO sector (code, name, ord) VALUES ($1, $2, $3)"
	    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	    " ord = excluded.ord, builtin = 0",
	[ST_PUT_UNIT] = "INSERT INTO unit (" UNIT_COLS ", search_key)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7)"
	    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	    " kind = excluded.kind, parent = excluded.parent,"
	    " valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
	    " search_key = excluded.search_key",
	[ST_PUT_INDICATOR] = "INSERT INTO indicator (code, name, sector, uom,"
	    " kind, time_agg, unit_agg, decimals, ord, parent)"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
	    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	    " sector = excluded.sector, uom = excluded.uom, kind = excluded.kind,"
	    " time_agg = excluded.time_agg, unit_agg = excluded.unit_agg,"
	    " decimals = excluded.decimals, ord = excluded.ord,"
	    " parent = excluded.parent",
	[ST_PUT_TARGET] = "INSERT INTO target (" TARGET_COLS ")"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, " NOW ", $10)"
	    TARGET_UPSERT,
	[ST_PUT_TARGET_NEW] = "INSERT INTO target (" TARGET_COLS ")"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, " NOW ", $10)"
	    " ON CONFLICT (unit, indicator, year) DO NOTHING",
	[ST_PUT_TARGET_IF] = "UPDATE target SET shape = $4, value = $5,"
	    " value2 = $6, text = $7, source = $8, seq = $9,"
	    " version = version + 1, updated_at = " NOW ", updated_by = $10"
	    " WHERE unit = $1 AND indicator = $2 AND year = $3 AND version = $11",
	[ST_PUT_VALUE] = "INSERT INTO actual (" VALUE_COLS ")"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, " NOW ", $11)"
	    VALUE_UPSERT,
	[ST_PUT_VALUE_NEW] = "INSERT INTO actual (" VALUE_COLS ")"
	    " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, " NOW ", $11)"
	    " ON CONFLICT (unit, indicator, period) DO NOTHING",
	[ST_PUT_VALUE_IF] = "UPDATE actual SET value = $5, numerator = $6,"
	    " denominator = $7, status = $8, as_of = $9, note = $10,"
	    " version = version + 1, updated_at = " NOW ", updated_by = $11"
	    " WHERE unit = $1 AND indicator = $2 AND period = $3 AND version = $12"
	    " AND year = $4",	/* always true: gives $4 its type */
	[ST_DEL_VALUE] = "DELETE FROM actual"
	    " WHERE unit = $1 AND indicator = $2 AND period = $3",
	[ST_VALUE_STAMP] = "SELECT version, updated_by, updated_at FROM actual"
	    " WHERE unit = $1 AND indicator = $2 AND period = $3",
	[ST_TARGET_STAMP] = "SELECT version, updated_by, updated_at FROM target"
	    " WHERE unit = $1 AND indicator = $2 AND year = $3",
	[ST_TEXT_STAMP] = "SELECT version, updated_by, updated_at FROM text_block"
	    " WHERE unit = $1 AND period = $2 AND section = $3",
	[ST_PUT_CUTOFF] = "INSERT INTO cutoff (kind, start_offset, start_day,"
	    " end_offset, end_day) VALUES ($1, $2, $3, $4, $5)"
	    " ON CONFLICT (kind) DO UPDATE SET start_offset = excluded.start_offset,"
	    " start_day = excluded.start_day, end_offset = excluded.end_offset,"
	    " end_day = excluded.end_day",
	/* The rows of a bulk load (bulk_begin's temporary tables) into the
	 * targets and the values, as ST_PUT_TARGET and ST_PUT_VALUE do one. */
	[ST_BULK_TARGETS] = "INSERT INTO target (" TARGET_COLS ") SELECT "
	    TARGET_COLS " FROM target_in" TARGET_UPSERT,
	[ST_BULK_VALUES] = "INSERT INTO actual (" VALUE_COLS ") SELECT "
	    VALUE_COLS " FROM actual_in" VALUE_UPSERT,
	[ST_BULK_TEXTS] = "INSERT INTO text_block (" TEXT_COLS ") SELECT "
	    TEXT_COLS " FROM text_block_in" TEXT_UPSERT,
	/* Whether table $1 has rows, and the statements that drop its keys
	 * and indexes and those that build them again (a first bulk load:
	 * pg_bulk_begin), from the catalogue. */
	[ST_BULK_INDEXES] = "WITH k AS ("
	    "  SELECT 1 AS o, format('ALTER TABLE %I DROP CONSTRAINT %I', $1::text,"
	    "    conname) AS d, format('ALTER TABLE %I ADD CONSTRAINT %I %s',"
	    "    $1::text, conname, pg_get_constraintdef(oid)) AS b"
	    "  FROM pg_constraint WHERE conrelid = $1::regclass"
	    "    AND contype IN ('p', 'u')"
	    "  UNION ALL SELECT 2, format('DROP INDEX %s', i.indexrelid::regclass),"
	    "    pg_get_indexdef(i.indexrelid)"
	    "  FROM pg_index i WHERE i.indrelid = $1::regclass AND NOT EXISTS"
	    "    (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid))"
	    " SELECT (SELECT EXISTS (SELECT 1 FROM actual WHERE $1::text = 'actual')"
	    "   OR EXISTS (SELECT 1 FROM target WHERE $1::text = 'target')"
	    "   OR EXISTS (SELECT 1 FROM text_block WHERE $1::text = 'text_block')),"
	    "  coalesce((SELECT string_agg(d, '; ' ORDER BY o, d) FROM k), ''),"
	    "  coalesce((SELECT string_agg(b, '; ' ORDER BY o, b) FROM k), '')",
	[ST_PUT_SETTING] = "INSERT INTO setting (key, value) VALUES ($1, $2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ST_TEXT] = "SELECT body, version FROM text_block"
	    " WHERE unit = $1 AND period = $2 AND section = $3",
	[ST_TEXTS] = "SELECT unit, period, section, body FROM text_block"
	    " WHERE ($1::text IS NULL OR unit = $1) ORDER BY unit, period, section",
	[ST_PUT_TEXT] = "INSERT INTO text_block (" TEXT_COLS ")"
	    " VALUES ($1, $2, $3, $4, " NOW ", $5)" TEXT_UPSERT,
	[ST_PUT_TEXT_NEW] = "INSERT INTO text_block (unit, period, section, body,"
	    " updated_at, updated_by) VALUES ($1, $2, $3, $4, " NOW ", $5)"
	    " ON CONFLICT (unit, period, section) DO NOTHING",
	[ST_PUT_TEXT_IF] = "UPDATE text_block SET body = $4,"
	    " version = version + 1, updated_at = " NOW ", updated_by = $5"
	    " WHERE unit = $1 AND period = $2 AND section = $3 AND version = $6",
	[ST_REPORT_SETTINGS] = "SELECT unit, period, key, seq, value"
	    " FROM report_setting WHERE ($1::text IS NULL OR unit = $1)"
	    " AND ($2::text IS NULL OR period IN ('', $2))"
	    " ORDER BY unit, period, key, seq",
	[ST_DEL_REPORT_SETTING] = "DELETE FROM report_setting"
	    " WHERE unit = $1 AND period = $2 AND key = $3",
	[ST_PUT_REPORT_SETTING] = "INSERT INTO report_setting (unit, period,"
	    " key, seq, value) VALUES ($1, $2, $3, $4, $5)",
	[ST_ACCOUNT] = "SELECT name, role, unit, sectors, pwhash, disabled"
	    " FROM account WHERE name = $1",
	[ST_ACCOUNTS] = "SELECT name, role, unit, sectors, pwhash, disabled"
	    " FROM account ORDER BY name",
	[ST_PUT_ACCOUNT] = "INSERT INTO account (name, role, unit, sectors,"
	    " pwhash, created, disabled) VALUES ($1, $2, $3, $4, $5,"
	    " " NOW ", $6)"
	    " ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
	    " unit = excluded.unit, sectors = excluded.sectors,"
	    " pwhash = excluded.pwhash, disabled = excluded.disabled",
	[ST_SET_PASSWORD] = "UPDATE account SET pwhash = $2 WHERE name = $1",
	[ST_SESSION] = "SELECT account, csrf, seen FROM session"
	    " WHERE token_hash = $1 AND expires > $2 AND seen > $3",
	[ST_PUT_SESSION] = "INSERT INTO session (token_hash, account, csrf,"
	    " expires, seen) VALUES ($1, $2, $3, $4, $5)",
	[ST_DEL_SESSION] = "DELETE FROM session WHERE token_hash = $1"
	    " OR expires <= $2",
	[ST_DEL_SESSIONS_OF] = "DELETE FROM session WHERE account = $1",
	[ST_TOKEN] = "SELECT account FROM api_token WHERE token_hash = $1",
	[ST_PUT_TOKEN] = "INSERT INTO api_token (token_hash, account, label,"
	    " created) VALUES ($1, $2, $3, " NOW ")",
	[ST_DEL_OTHER_SESSIONS] = "DELETE FROM session WHERE account = $1"
	    " AND token_hash IS DISTINCT FROM $2::text",
	[ST_TOUCH_SESSION] = "UPDATE session SET seen = $2 WHERE token_hash = $1",
	/* Rows whose last failure is older than $3 count as none. */
	[ST_THROTTLE] = "SELECT (name = '')::int, count, last FROM login_throttle"
	    " WHERE addr = $1 AND name IN ($2, '') AND last > $3",
	/* One statement, so both counts move together without a transaction
	 * (which would bump the data generation and empty the caches). */
	[ST_THROTTLE_FAIL] = "INSERT INTO login_throttle (addr, name, count, last)"
	    " VALUES ($1, $2, 1, $3), ($1, '', 1, $3)"
	    " ON CONFLICT (addr, name) DO UPDATE SET"
	    " count = CASE WHEN login_throttle.last <= $4 THEN 1"
	    " ELSE login_throttle.count + 1 END, last = excluded.last",
	/* The same for an empty name: one row (PostgreSQL refuses to update
	 * a row twice in one statement). */
	[ST_THROTTLE_FAIL_ADDR] = "INSERT INTO login_throttle (addr, name, count,"
	    " last) VALUES ($1, $2, 1, $3)"
	    " ON CONFLICT (addr, name) DO UPDATE SET"
	    " count = CASE WHEN login_throttle.last <= $4 THEN 1"
	    " ELSE login_throttle.count + 1 END, last = excluded.last",
	[ST_THROTTLE_FORGET] = "DELETE FROM login_throttle WHERE last <= $1",
	[ST_THROTTLE_OK] = "DELETE FROM login_throttle WHERE addr = $1"
	    " AND name = $2",
	[ST_AUDIT] = "INSERT INTO audit (id, at, account, unit, action, object,"
	    " old, new, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8,"
	    " $9, $10)",
	[ST_AUDITS] = "SELECT " AUDIT_COLS " FROM audit"
	    " WHERE ($1::text IS NULL OR unit = $1)"
	    " AND ($2::text IS NULL OR object = $2) ORDER BY id DESC"
	    " LIMIT CASE WHEN $3::int < 0 THEN NULL ELSE $3::int END",
	[ST_AUDIT_LAST] = "SELECT value FROM meta WHERE key = 'audit_last'",
	[ST_AUDIT_LOCK] = "SELECT value FROM meta WHERE key = 'audit_last'"
	    " FOR UPDATE",
	[ST_AUDIT_HASH] = "SELECT hash FROM audit WHERE id = $1",
	[ST_AUDIT_CHAIN] = "SELECT " AUDIT_COLS " FROM audit ORDER BY id",
	[ST_AUDIT_REHASH] = "UPDATE audit SET prev_hash = $2, hash = $3"
	    " WHERE id = $1",
	[ST_AUDIT_SET_LAST] = "UPDATE meta SET value = $1 WHERE key = 'audit_last'",
	[ST_GENERATION] = "SELECT value FROM meta WHERE key = 'generation'",
	[ST_ROLLUP_GET] = "SELECT member, data, CASE WHEN $4::boolean OR"
	    " member = unit THEN data_before END FROM rollup WHERE unit = $1"
	    " AND year = $2 AND ($3::text IS NULL OR member = $3)",
	[ST_ROLLUP_STAMP] = "SELECT coalesce((SELECT stamp FROM rollup_state"
	    " WHERE unit = $1 AND year = $2), 0), (SELECT stamp FROM"
	    " rollup_state WHERE unit = '' AND year = 0)",
	/* A cache write: its row of stamps made and locked (a writer
	 * touching it waits, or it waits for the writer and sees its stamp). */
	[ST_ROLLUP_LOCK] = "INSERT INTO rollup_state VALUES ($1, $2, 0)"
	    " ON CONFLICT (unit, year) DO NOTHING",
	[ST_ROLLUP_MINE] = "SELECT stamp FROM rollup_state WHERE unit = $1"
	    " AND year = $2 FOR UPDATE",
	[ST_ROLLUP_DEL] = "DELETE FROM rollup WHERE unit = $1 AND year = $2",
	[ST_ROLLUP_INS] = "INSERT INTO rollup (unit, year, member, data,"
	    " data_before) VALUES ($1, $2, $3, decode($4, 'hex'),"
	    " decode($5, 'hex'))",
	/* The unit, the units above it and the units made of it, each
	 * transitively: whose figures its values go into. */
	[ST_ROLLUP_TOUCH] = "WITH RECURSIVE " ROLLUP_UP ", ys(y) AS"
	    " (VALUES ($2::integer), ($2::integer + 1)) INSERT INTO rollup_state"
	    " (unit, year, stamp) SELECT code, y, 1 FROM up, ys ON CONFLICT"
	    " (unit, year) DO UPDATE SET stamp = rollup_state.stamp + 1",
	[ST_ROLLUP_TOUCH_DEL] = "DELETE FROM rollup WHERE year IN ($2::integer,"
	    " $2::integer + 1) AND unit IN (WITH RECURSIVE " ROLLUP_UP
	    " SELECT code FROM up)",
	[ST_ROLLUP_TOUCH_ALL] = "UPDATE rollup_state SET stamp = stamp + 1"
	    " WHERE unit = '' AND year = 0",
	[ST_LATEST_YEAR] = "SELECT coalesce((SELECT max(year) FROM actual WHERE"
	    " unit = $1), (SELECT max(year) FROM target WHERE unit = $1), 0)",
	[ST_FIRST_UNIT] = "SELECT min(unit) FROM target",
	[ST_PUT_REQUEST] = "INSERT INTO explain_request (unit, indicator, period,"
	    " state, asked_by, asker_unit, created, updated, version)"
	    " VALUES ($1, $2, $3, 'open', $4, $5, " NOW ", " NOW ", 1)"
	    " RETURNING id",
	/* Steps of one request are serialised by the row lock of its
	 * ST_REQUEST_STEP (or by its INSERT), so max(seq) + 1 is free. */
	[ST_PUT_REQUEST_MSG] = "INSERT INTO request_message (request, seq, kind,"
	    " account, at, body) VALUES ($1, (SELECT coalesce(max(seq), 0) + 1"
	    " FROM request_message WHERE request = $1), $2, $3, " NOW ", $4)",
	[ST_REQUEST_STEP] = "UPDATE explain_request SET state = $2,"
	    " version = version + 1, updated = " NOW
	    " WHERE id = $1 AND version = $3",
	[ST_REQUESTS] = "SELECT id, unit, indicator, period, state, asked_by,"
	    " asker_unit, created, updated, version FROM explain_request"
	    " WHERE ($1::text IS NULL OR unit = $1)"
	    " AND ($2::bigint = 0 OR id = $2::bigint)"
	    " AND ($3::text IS NULL OR state = $3) ORDER BY id DESC",
	[ST_REQUEST_MSGS] = "SELECT m.request, m.kind, m.account, m.at, m.body"
	    " FROM request_message m JOIN explain_request r ON r.id = m.request"
	    " WHERE ($1::text IS NULL OR r.unit = $1)"
	    " AND ($2::bigint = 0 OR r.id = $2::bigint)"
	    " AND ($3::text IS NULL OR r.state = $3) ORDER BY m.request, m.seq",
	/* Binary columns travel as hex text (decode/encode), as every
	 * parameter and result of this file is text. */
	[ST_PUT_SUBMISSION] = "INSERT INTO submission (unit, period, state, source,"
	    " pdf, pdf_sha256, signer, signed_by, signed_at, snapshot, sent_by,"
	    " sent_at, decided_by, decided_at, reason) VALUES ($1, $2, $3, $4,"
	    " decode($5, 'hex'), $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
	    " RETURNING id",
	[ST_SUBMISSION_IF] = "UPDATE submission SET unit = $1, period = $2,"
	    " state = $3, source = $4, pdf = coalesce(decode($5, 'hex'), pdf),"
	    " pdf_sha256 = $6, signer = $7, signed_by = $8, signed_at = $9,"
	    " snapshot = coalesce($10, snapshot), sent_by = $11, sent_at = $12,"
	    " decided_by = $13, decided_at = $14, reason = $15,"
	    " version = version + 1 WHERE id = $16 AND version = $17",
	[ST_SUBMISSIONS] = "SELECT id, unit, period, state, source,"
	    " CASE WHEN $4::int = 1 THEN encode(pdf, 'hex') END, length(pdf),"
	    " pdf_sha256, signer, signed_by, signed_at,"
	    " CASE WHEN $4::int = 1 THEN snapshot END, sent_by, sent_at,"
	    " decided_by, decided_at, reason, version FROM submission"
	    " WHERE ($1::text IS NULL OR unit = $1)"
	    " AND ($2::text IS NULL OR period = $2)"
	    " AND ($3::bigint = 0 OR id = $3::bigint) ORDER BY id DESC",
	[ST_PUT_UNIT_CERT] = "INSERT INTO unit_cert (unit, sealed, subject, title,"
	    " not_after, uploaded_by, uploaded_at) VALUES ($1, decode($2, 'hex'),"
	    " $3, $4, $5, $6, " NOW ") ON CONFLICT (unit) DO UPDATE SET"
	    " sealed = excluded.sealed, subject = excluded.subject,"
	    " title = excluded.title, not_after = excluded.not_after,"
	    " uploaded_by = excluded.uploaded_by,"
	    " uploaded_at = excluded.uploaded_at",
	[ST_UNIT_CERTS] = "SELECT unit, encode(sealed, 'hex'), subject, title,"
	    " not_after, uploaded_by, uploaded_at FROM unit_cert"
	    " WHERE ($1::text IS NULL OR unit = $1) ORDER BY unit",
	/* The workflow lock of a unit for the rest of the transaction. */
	[ST_UNIT_LOCK] = "SELECT pg_advisory_xact_lock(7210002, hashtext($1))",
	[ST_STATE] = "SELECT state, updated, account, reason FROM period_state"
	    " WHERE unit = $1 AND period = $2",
	[ST_PUT_STATE] = "INSERT INTO period_state (unit, period, state, updated,"
	    " account, reason) VALUES ($1, $2, $3,"
	    " " NOW ", $4, $5)"
	    " ON CONFLICT (unit, period) DO UPDATE SET state = excluded.state,"
	    " updated = excluded.updated, account = excluded.account,"
	    " reason = excluded.reason",
};

struct store {
	const struct store_ops *ops;	/* store_pg_ops: first (backend.h) */
	PGconn		*conn;		/* the connection */
	bool		 prepared[ST__MAX]; /* on this connection */
	bool		 used[ST__MAX];	/* run once on it (send_st) */
	int		 nparams[ST__MAX]; /* 1 + the highest $n, 0: not counted */
	struct buf	 err;		/* last error message */
	char		*path;		/* the URL without its password */
	char		*actor;		/* who the writes are by (updated_by) */
	int		 depth;		/* nesting of store_begin */
	bool		 wrote;		/* the open transaction wrote something */
	bool		 touched_all;	/* it dropped the whole roll-up cache */
	bool		 copying;	/* a bulk load's COPY is open */
	enum store_bulk_kind bulk;	/* what it loads */
	bool		 direct;	/* into the table itself, not merged */
	char		 now[32];	/* updated_at of its rows */
	bool		 sent_header;	/* its COPY's binary header */
	struct buf	 rebuild;	/* a first load: its keys and indexes */
	struct buf	 tmp;		/* a period or date being formatted */
	char		*locked;	/* the unit whose workflow lock is held */
	int		 open_version;	/* schema version read when opened,
					 * -1: not known (ask) */
	/* Results read ahead (pg_read_ahead): statement i's for the
	 * parameters in key[i], taken by its next run with them. */
	PGresult	*ahead[ST__MAX];
	char		*ahead_key[ST__MAX];
	struct buf	 line;		/* a row of COPY being built */
};

static void pg_read_ahead_end(struct store *);

/* Parameters of one statement, as text. */
#define MAXPARAMS 20
struct params {
	const char	*v[MAXPARAMS];
	char		 tmp[MAXPARAMS][40];	/* numbers and dates */
	int		 n;
};

static int
fail(struct store *s, const char *what)
{
	const char *m = s->conn ? PQerrorMessage(s->conn) : "";
	size_t len = strlen(m);

	while (len > 0 && (m[len - 1] == '\n' || m[len - 1] == ' '))
		len--;
	buf_reset(&s->err);
	buf_printf(&s->err, "%s: %s (%.*s)", s->path, what, (int)len, m);
	return -1;
}

/* fail() with the message of a result. */
static int
fail_res(struct store *s, PGresult *r, const char *what)
{
	const char *m = r ? PQresultErrorMessage(r) : "";

	if (r == NULL || *m == '\0')
		return fail(s, what);
	buf_reset(&s->err);
	buf_printf(&s->err, "%s: %s (%.*s)", s->path, what,
	    (int)strcspn(m, "\n"), m);
	return -1;
}

static const char *
pg_error(const struct store *s)
{
	return buf_str(&s->err);
}

static void
p_text(struct params *p, const char *v)
{
	p->v[p->n++] = v;
}

static void
p_int(struct params *p, long long v)
{
	snprintf(p->tmp[p->n], sizeof(p->tmp[0]), "%lld", v);
	p->v[p->n] = p->tmp[p->n];
	p->n++;
}

/* A double as text that reads back to the same double. */
static void
p_real(struct params *p, bool has, double v)
{
	if (!has) {
		p->v[p->n++] = NULL;
		return;
	}
	snprintf(p->tmp[p->n], sizeof(p->tmp[0]), "%.17g", v);
	p->v[p->n] = p->tmp[p->n];
	p->n++;
}

static void
p_date(struct params *p, const struct date *d)
{
	struct buf b = BUF_INIT;

	if (!date_isset(d)) {
		p->v[p->n++] = NULL;
		return;
	}
	date_format_iso(&b, d);
	snprintf(p->tmp[p->n], sizeof(p->tmp[0]), "%s", buf_str(&b));
	buf_free(&b);
	p->v[p->n] = p->tmp[p->n];
	p->n++;
}

/* The highest $n in a statement: how many parameters it takes. */
static int
count_params(const char *q)
{
	int n = 0, k;

	for (; *q != '\0'; q++)
		if (*q == '$' && q[1] >= '1' && q[1] <= '9' &&
		    (k = atoi(q + 1)) > n)
			n = k;
	return n;
}

/* A connection the server dropped (a restart, a failover to the replica
 * made primary) is opened again between transactions, its statements to be
 * prepared anew; within one, the transaction is lost and its error says so. */
static void
revive(struct store *s)
{
	if (s->depth > 0 || PQstatus(s->conn) != CONNECTION_BAD)
		return;
	PQreset(s->conn);
	memset(s->prepared, 0, sizeof(s->prepared));
	pg_read_ahead_end(s);
	if (PQstatus(s->conn) == CONNECTION_OK) {
		PGresult *r = PQexec(s->conn, SESSION_SETTINGS);

		PQclear(r);
	}
}

static bool
prepare(struct store *s, enum stmt i)
{
	char name[16];
	PGresult *r;
	bool ok;

	revive(s);
	if (s->prepared[i])
		return true;
	snprintf(name, sizeof(name), "k%d", (int)i);
	r = PQprepare(s->conn, name, sql[i], 0, NULL);
	ok = r != NULL && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		fail_res(s, r, "lỗi chuẩn bị câu lệnh SQL");
	PQclear(r);
	return s->prepared[i] = ok;
}

/* How many of p's parameters a run of statement i sends: those up to its
 * highest $n (the variants of a conditional write share one binding). */
static int
nsent(struct store *s, enum stmt i, const struct params *p)
{
	if (s->nparams[i] == 0)
		s->nparams[i] = count_params(sql[i]) + 1;
	return p == NULL ? 0 : p->n < s->nparams[i] - 1 ? p->n :
	    s->nparams[i] - 1;
}

/* The parameters a run of statement i sends, as one string. */
static char *
params_key(struct store *s, enum stmt i, const struct params *p)
{
	struct buf b = BUF_INIT;
	int k, n = nsent(s, i, p);

	buf_putc(&b, '(');
	for (k = 0; k < n; k++) {
		if (p->v[k] == NULL)
			buf_putc(&b, '\x1e');
		else
			buf_puts(&b, p->v[k]);
		buf_putc(&b, '\x1f');
	}
	return buf_detach(&b);
}

/* Statement i's result read ahead for these parameters, taken (the
 * caller clears it), or NULL. */
static PGresult *
take_ahead(struct store *s, enum stmt i, const struct params *p)
{
	PGresult *r = NULL;
	char *key;

	if (s->ahead[i] == NULL)
		return NULL;
	key = params_key(s, i, p);
	if (strcmp(key, s->ahead_key[i]) == 0) {
		r = s->ahead[i];
		s->ahead[i] = NULL;
		free(s->ahead_key[i]);
		s->ahead_key[i] = NULL;
	}
	free(key);
	return r;
}

static void
pg_read_ahead_end(struct store *s)
{
	int i;

	for (i = 0; i < ST__MAX; i++) {
		PQclear(s->ahead[i]);
		free(s->ahead_key[i]);
		s->ahead[i] = NULL;
		s->ahead_key[i] = NULL;
	}
}

/* The statements whose rows come in the binary format: millions of
 * numbers, not printed by the server and parsed here. */
static const bool binary_rows[ST__MAX] = {
	[ST_SET_VALUES] = true,
	[ST_ROLLUP_GET] = true,
};

/* Send statement i once: prepared (named) from its second use on this
 * connection, so that a server parses it once; its first goes unnamed in
 * one round trip, not two, so that a command running each of its
 * statements once (ktxh eval) waits for the server half as often. */
static bool
send_st(struct store *s, enum stmt i, const struct params *p, int fmt,
    PGresult **r)
{
	const char *const *v = p != NULL ? p->v : NULL;
	char name[16];
	int n = nsent(s, i, p);

	if (!s->prepared[i] && !s->used[i]) {
		revive(s);
		s->used[i] = true;
		if (r == NULL)
			return PQsendQueryParams(s->conn, sql[i], n, NULL, v,
			    NULL, NULL, fmt) == 1;
		*r = PQexecParams(s->conn, sql[i], n, NULL, v, NULL, NULL, fmt);
		return true;
	}
	if (!prepare(s, i))
		return false;
	snprintf(name, sizeof(name), "k%d", (int)i);
	if (r == NULL)
		return PQsendQueryPrepared(s->conn, name, n, v, NULL, NULL,
		    fmt) == 1;
	*r = PQexecPrepared(s->conn, name, n, v, NULL, NULL, fmt);
	return true;
}

/* Run statement i, its rows one at a time (libpq's single-row mode) to
 * row(r, arg) until it returns non-zero (what each_row returns then), so
 * that an export of every value does not hold them all in memory. row must
 * not use the store. */
static int
each_row(struct store *s, enum stmt i, const struct params *p,
    const char *what, int (*row)(const PGresult *, int, void *), void *arg)
{
	PGresult *r;
	int stop = 0, rc = 0, k;

	if ((r = take_ahead(s, i, p)) != NULL) {
		for (k = 0; k < PQntuples(r) && stop == 0; k++)
			stop = row(r, k, arg);
		PQclear(r);
		return stop;
	}
	if (!send_st(s, i, p, 0, NULL) || !PQsetSingleRowMode(s->conn))
		return fail(s, what);
	while ((r = PQgetResult(s->conn)) != NULL) {
		switch (PQresultStatus(r)) {
		case PGRES_SINGLE_TUPLE:
			if (stop == 0 && rc == 0)
				stop = row(r, 0, arg);
			break;
		case PGRES_TUPLES_OK:
			break;
		default:
			if (rc == 0)
				rc = fail_res(s, r, what);
		}
		PQclear(r);
	}
	return stop != 0 ? stop : rc;
}

/* Run statement i with the parameters of p (those beyond its own $n are
 * not sent: the variants of a conditional write share one binding). The
 * result, which the caller clears, or NULL after fail(). */
static PGresult *
exec_st(struct store *s, enum stmt i, const struct params *p, const char *what)
{
	PGresult *r;
	ExecStatusType t;
	int fmt = binary_rows[i] ? 1 : 0;

	if ((r = take_ahead(s, i, p)) != NULL)
		return r;
	if (!send_st(s, i, p, fmt, &r))
		return NULL;
	t = PQresultStatus(r);
	/* The server dropped the connection since its last use: once more on
	 * a new one, when no transaction was lost with it. */
	if (t == PGRES_FATAL_ERROR && s->depth == 0 &&
	    PQstatus(s->conn) == CONNECTION_BAD) {
		PQclear(r);
		if (!send_st(s, i, p, fmt, &r))
			return NULL;
		t = PQresultStatus(r);
	}
	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		fail_res(s, r, what);
		PQclear(r);
		return NULL;
	}
	return r;
}

/* Run a write statement; *changed (when not NULL) gets the rows it
 * changed. */
static int
run(struct store *s, enum stmt i, const struct params *p, const char *what,
    long long *changed)
{
	PGresult *r = exec_st(s, i, p, what);

	s->wrote = true;
	if (r == NULL)
		return -1;
	if (changed != NULL)
		*changed = atoll(PQcmdTuples(r));
	PQclear(r);
	return 0;
}

static int
exec_sql(struct store *s, const char *q, const char *what)
{
	PGresult *r = PQexec(s->conn, q);
	ExecStatusType t = PQresultStatus(r);
	int rc = 0;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK)
		rc = fail_res(s, r, what);
	PQclear(r);
	return rc;
}

static const char *
col_str(const PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? NULL : PQgetvalue(r, row, c);
}

static char *
col_text(const PGresult *r, int row, int c)
{
	return xstrdup(col_str(r, row, c));
}

static long long
col_int(const PGresult *r, int row, int c)
{
	return PQgetisnull(r, row, c) ? 0 : atoll(PQgetvalue(r, row, c));
}

static double
col_real(const PGresult *r, int row, int c)
{
	return strtod(PQgetvalue(r, row, c), NULL);
}

static struct date
col_date(const PGresult *r, int row, int c)
{
	struct date d = { 0, 0, 0 };
	const char *t = col_str(r, row, c);

	if (t != NULL)
		date_parse(t, strlen(t), &d);
	return d;
}

/* The URL for messages: user:password@ left out. */
static char *
redact(const char *url)
{
	const char *at = strchr(url, '@'), *scheme = strstr(url, "://");
	struct buf b = BUF_INIT;

	if (at == NULL || scheme == NULL || at < scheme ||
	    memchr(scheme + 3, '/', (size_t)(at - scheme - 3)) != NULL)
		return xstrdup(url);
	buf_printf(&b, "%.*s%s", (int)(scheme + 3 - url), url, at + 1);
	return buf_detach(&b);
}

static void pg_close(struct store *);
static int lock_unit(struct store *, const char *);

/* PostgreSQL's notices (NOTICE: … already exists) are not for users. */
static void
quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/* Create the database that url names, through the server's maintenance
 * database "postgres" (the account needs CREATEDB). Quietly does nothing
 * when that fails: the caller reports its own connection's error. */
static void
create_db(const char *url)
{
	PQconninfoOption *o = PQconninfoParse(url, NULL), *k;
	const char *keys[64], *vals[64];
	const char *name = NULL;
	PGconn *c;
	PGresult *r;
	char *id;
	struct buf q = BUF_INIT;
	int n = 0;

	if (o == NULL)
		return;
	for (k = o; k->keyword != NULL && n < 63; k++) {
		if (k->val == NULL)
			continue;
		if (strcmp(k->keyword, "dbname") == 0) {
			name = k->val;
			continue;
		}
		keys[n] = k->keyword;
		vals[n++] = k->val;
	}
	keys[n] = "dbname";
	vals[n++] = "postgres";
	keys[n] = vals[n] = NULL;
	if (name == NULL) {
		PQconninfoFree(o);
		return;
	}
	c = PQconnectdbParams(keys, vals, 0);
	if (c != NULL && PQstatus(c) == CONNECTION_OK &&
	    (id = PQescapeIdentifier(c, name, strlen(name))) != NULL) {
		buf_printf(&q, "CREATE DATABASE %s ENCODING 'UTF8' TEMPLATE template0",
		    id);
		PQfreemem(id);
		r = PQexec(c, buf_str(&q));
		PQclear(r);
	}
	PQfinish(c);
	PQconninfoFree(o);
	buf_free(&q);
}

static int
pg_open(const char *path, bool create, struct store **out, struct buf *err)
{
	struct store *s;
	PGresult *r;

	*out = NULL;
	if (dynlib_load(&pq_lib, err) != 0)
		return -1;
	s = xcalloc(1, sizeof(*s));
	s->ops = &store_pg_ops;
	s->path = redact(path);
	s->conn = PQconnectdb(path);
	/* `ktxh init` (create) makes a database that does not exist yet. */
	if (create && s->conn != NULL && PQstatus(s->conn) != CONNECTION_OK) {
		create_db(path);
		PQfinish(s->conn);
		s->conn = PQconnectdb(path);
	}
	if (s->conn == NULL || PQstatus(s->conn) != CONNECTION_OK) {
		const char *m = s->conn ? PQerrorMessage(s->conn) : "hết bộ nhớ";

		buf_printf(err, "không kết nối được cơ sở dữ liệu PostgreSQL %s: "
		    "%.*s", s->path, (int)strcspn(m, "\n"), m);
		if (!create)
			buf_printf(err, " (cơ sở dữ liệu chưa có thì tạo bằng `ktxh "
			    "init --db %s`)", s->path);
		pg_close(s);
		return -1;
	}
	PQsetNoticeProcessor(s->conn, quiet, NULL);
	/* The settings and the schema's version in one round trip; a database
	 * without the schema fails the latter (and so the former, one
	 * implicit transaction): the settings alone then, and ready() asks. */
	s->open_version = -1;
	r = PQexec(s->conn, SESSION_SETTINGS "; SELECT version FROM "
	    "schema_version");
	if (PQresultStatus(r) == PGRES_TUPLES_OK)
		s->open_version = PQntuples(r) > 0 ? (int)col_int(r, 0, 0) : 0;
	PQclear(r);
	if (s->open_version < 0 && exec_sql(s, SESSION_SETTINGS,
	    "không đặt được chế độ") != 0) {
		buf_puts(err, pg_error(s));
		pg_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

static void
pg_close(struct store *s)
{
	if (s == NULL)
		return;
	pg_read_ahead_end(s);
	PQfinish(s->conn);
	buf_free(&s->err);
	buf_free(&s->line);
	buf_free(&s->tmp);
	buf_free(&s->rebuild);
	free(s->path);
	free(s->actor);
	free(s->locked);
	free(s);
}

/* The schema version, 0 for an empty database. */
static int
version(struct store *s, int *v)
{
	PGresult *r;

	*v = 0;
	r = PQexec(s->conn, "SELECT to_regclass('schema_version') IS NOT NULL");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fail_res(s, r, "không đọc được lược đồ");
		PQclear(r);
		return -1;
	}
	if (strcmp(PQgetvalue(r, 0, 0), "t") != 0) {
		PQclear(r);
		return 0;
	}
	PQclear(r);
	if ((r = exec_st(s, ST_VERSION, NULL, "không đọc được lược đồ")) == NULL)
		return -1;
	if (PQntuples(r) > 0)
		*v = (int)col_int(r, 0, 0);
	PQclear(r);
	return 0;
}

static int
pg_migrate(struct store *s, int *from, int *to)
{
	struct params p = { .n = 0 };
	int v, i;
	size_t k;

	if (store_begin(s) != 0)
		return -1;
	/* Two `ktxh init` at once: the second waits, then finds it done. */
	if (exec_sql(s, "SELECT pg_advisory_xact_lock(7210001)",
	    "không khóa được lược đồ") != 0 || version(s, &v) != 0)
		goto err;
	*from = *to = v;
	if (v > NMIGRATIONS) {
		buf_reset(&s->err);
		buf_printf(&s->err, "%s có lược đồ phiên bản %d, mới hơn bản ktxh "
		    "này (%d): hãy cập nhật ktxh", s->path, v, NMIGRATIONS);
		goto err;
	}
	if (v == NMIGRATIONS) {
		store_rollback(s);
		return 0;
	}
	for (i = v; i < NMIGRATIONS; i++)
		if (exec_sql(s, migrations[i], "lỗi khi nâng cấp lược đồ") != 0)
			goto err;
	s->wrote = true;
	if (v == 0)
		for (k = 0; k < PERIOD__MAX; k++)
			if (store_put_cutoff(s, &period_default_cutoffs[k]) != 0)
				goto err;
	/* Older entries of the audit log need no new chain here: the
	 * PostgreSQL schema starts at the version that has it. */
	p_int(&p, NMIGRATIONS);
	if (run(s, ST_SET_VERSION, &p, "không ghi được phiên bản lược đồ",
	    NULL) != 0 || store_commit(s) != 0)
		goto err;
	*to = NMIGRATIONS;
	return 0;
err:
	store_rollback(s);
	return -1;
}

static int
pg_ready(struct store *s)
{
	int v = s->open_version;

	/* The version read with the connection's settings, once. */
	s->open_version = -1;
	if (v < 0 && version(s, &v) != 0)
		return -1;
	if (v == NMIGRATIONS)
		return 0;
	store_schema_message(&s->err, s->path, v, NMIGRATIONS);
	return -1;
}

/* Transactions nest: the outermost is a transaction (READ COMMITTED),
 * inner ones are savepoints. */
static int
pg_begin(struct store *s)
{
	char q[64];

	if (s->depth == 0) {
		s->wrote = s->touched_all = false;
		revive(s);
		if (exec_sql(s, "BEGIN", "không bắt đầu được giao dịch") != 0)
			return -1;
	} else {
		snprintf(q, sizeof(q), "SAVEPOINT ktxh_%d", s->depth);
		if (exec_sql(s, q, "không bắt đầu được giao dịch") != 0)
			return -1;
	}
	s->depth++;
	return 0;
}

static int
pg_commit(struct store *s)
{
	char q[64];
	int rc;

	if (s->depth <= 1) {
		/* The row lock on the generation is taken last, so that
		 * writers queue on it only for the moment of their commit. */
		if (s->wrote && exec_sql(s, "UPDATE meta SET value = value + 1 "
		    "WHERE key = 'generation'", "không ghi được giao dịch") != 0)
			return -1;
		rc = exec_sql(s, "COMMIT", "không ghi được giao dịch");
		/* A failed COMMIT has ended the transaction all the same. */
		s->depth = 0;
		s->wrote = false;
		free(s->locked);
		s->locked = NULL;
		return rc;
	}
	snprintf(q, sizeof(q), "RELEASE ktxh_%d", s->depth - 1);
	if ((rc = exec_sql(s, q, "không ghi được giao dịch")) == 0)
		s->depth--;
	return rc;
}

static void
pg_rollback(struct store *s)
{
	char q[80];
	PGresult *r;

	if (s->copying) {	/* a bulk load given up: its COPY fails */
		s->copying = false;
		if (PQputCopyEnd(s->conn, "ktxh: rollback") == 1)
			while ((r = PQgetResult(s->conn)) != NULL)
				PQclear(r);
	}
	if (s->depth <= 1) {
		r = PQexec(s->conn, "ROLLBACK");
		PQclear(r);
		s->depth = 0;
		s->wrote = false;
		free(s->locked);
		s->locked = NULL;
		return;
	}
	snprintf(q, sizeof(q), "ROLLBACK TO ktxh_%d; RELEASE ktxh_%d",
	    s->depth - 1, s->depth - 1);
	r = PQexec(s->conn, q);
	PQclear(r);
	s->depth--;
}

/* Read the one row of statement i: *row is false when there is none. */
static PGresult *
one(struct store *s, enum stmt i, const struct params *p, const char *what,
    bool *row)
{
	PGresult *r = exec_st(s, i, p, what);

	*row = r != NULL && PQntuples(r) > 0;
	return r;
}

static int
pg_generation(struct store *s, long long *gen)
{
	bool row;
	PGresult *r = one(s, ST_GENERATION, NULL,
	    "không đọc được số thế hệ dữ liệu", &row);

	*gen = -1;
	if (r == NULL)
		return -1;
	if (row)
		*gen = col_int(r, 0, 0);
	PQclear(r);
	return row ? 0 : fail(s, "không đọc được số thế hệ dữ liệu");
}

static int
pg_latest_year(struct store *s, const char *unit, int *year)
{
	struct params p = { .n = 0 };
	bool row;
	PGresult *r;

	*year = 0;
	p_text(&p, unit);
	if ((r = one(s, ST_LATEST_YEAR, &p, "không đọc được năm có số liệu",
	    &row)) == NULL)
		return -1;
	if (row)
		*year = (int)col_int(r, 0, 0);
	PQclear(r);
	return 0;
}

static int
pg_first_target_unit(struct store *s, struct buf *unit, bool *found)
{
	bool row;
	PGresult *r = one(s, ST_FIRST_UNIT, NULL, "không đọc được đơn vị", &row);

	*found = false;
	if (r == NULL)
		return -1;
	if (row && !PQgetisnull(r, 0, 0)) {
		buf_puts(unit, PQgetvalue(r, 0, 0));
		*found = true;
	}
	PQclear(r);
	return 0;
}


static int
pg_sectors(struct store *s, struct sector **out, size_t *n)
{
	PGresult *r = exec_st(s, ST_SECTORS, NULL, "không đọc được lĩnh vực");
	struct sector *a = NULL;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		a = store_push(a, n, &cap, sizeof(*a));
		a[*n - 1].code = col_text(r, i, 0);
		a[*n - 1].name = col_text(r, i, 1);
		a[*n - 1].ord = (int)col_int(r, i, 2);
		a[*n - 1].builtin = col_int(r, i, 3) != 0;
	}
	PQclear(r);
	*out = a;
	return 0;
}

static int
read_units(struct store *s, PGresult *r, struct unit **out, size_t *n)
{
	struct unit *a = NULL, *u;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	(void)s;
	for (i = 0; i < PQntuples(r); i++) {
		a = store_push(a, n, &cap, sizeof(*a));
		u = &a[*n - 1];
		u->code = col_text(r, i, 0);
		u->name = col_text(r, i, 1);
		u->kind = col_text(r, i, 2);
		u->parent = col_text(r, i, 3);
		u->valid_from = col_date(r, i, 4);
		u->valid_to = col_date(r, i, 5);
	}
	PQclear(r);
	*out = a;
	return 0;
}

static int
pg_units(struct store *s, struct unit **out, size_t *n)
{
	return read_units(s, exec_st(s, ST_UNITS, NULL,
	    "không đọc được đơn vị"), out, n);
}

static int
pg_find_units(struct store *s, const char *q, const char *key1,
    const char *key2, struct unit **out, size_t *n)
{
	struct params p = { .n = 0 };

	p_text(&p, q);
	p_text(&p, key1);
	p_text(&p, key2);
	return read_units(s, exec_st(s, ST_FIND_UNITS, &p,
	    "không đọc được đơn vị"), out, n);
}

static int
pg_indicators(struct store *s, struct indicator **out, size_t *n)
{
	PGresult *r = exec_st(s, ST_INDICATORS, NULL, "không đọc được chỉ tiêu");
	struct indicator *a = NULL, *ind;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		a = store_push(a, n, &cap, sizeof(*a));
		ind = &a[*n - 1];
		ind->code = col_text(r, i, 0);
		ind->name = col_text(r, i, 1);
		ind->sector = col_text(r, i, 2);
		ind->uom = col_text(r, i, 3);
		ind->kind = (enum ind_kind)model_lookup(kind_names,
		    col_str(r, i, 4));
		ind->tagg = (enum time_agg)model_lookup(time_agg_names,
		    col_str(r, i, 5));
		ind->uagg = (enum unit_agg)model_lookup(unit_agg_names,
		    col_str(r, i, 6));
		ind->decimals = PQgetisnull(r, i, 7) ? -1 : (int)col_int(r, i, 7);
		ind->ord = (int)col_int(r, i, 8);
		ind->parent = col_text(r, i, 9);
	}
	PQclear(r);
	*out = a;
	return 0;
}

/* A set of codes as one text[] parameter: '{"a","b"}'. */
static void
codes_array(struct buf *b, const char *const *codes, size_t n)
{
	const char *c;
	size_t k;

	buf_putc(b, '{');
	for (k = 0; k < n; k++) {
		buf_puts(b, k ? ",\"" : "\"");
		for (c = codes[k]; *c != '\0'; c++) {
			if (*c == '"' || *c == '\\')
				buf_putc(b, '\\');
			if ((unsigned char)*c >= 0x20)
				buf_putc(b, *c);
		}
		buf_putc(b, '"');
	}
	buf_putc(b, '}');
}

static int
read_targets(struct store *s, enum stmt st, const struct params *p,
    struct target **out, size_t *n)
{
	PGresult *r;
	struct target *a = NULL, *t;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if ((r = exec_st(s, st, p, "không đọc được chỉ tiêu kế hoạch")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		a = store_push(a, n, &cap, sizeof(*a));
		t = &a[*n - 1];
		t->unit = col_text(r, i, 0);
		t->indicator = col_text(r, i, 1);
		t->year = (int)col_int(r, i, 2);
		t->shape = (enum shape)model_lookup(shape_names, col_str(r, i, 3));
		if ((t->has_value = !PQgetisnull(r, i, 4)))
			t->value = col_real(r, i, 4);
		if ((t->has_value2 = !PQgetisnull(r, i, 5)))
			t->value2 = col_real(r, i, 5);
		t->text = col_text(r, i, 6);
		t->source = col_text(r, i, 7);
		t->seq = col_text(r, i, 8);
		t->version = col_int(r, i, 9);
	}
	PQclear(r);
	*out = a;
	return 0;
}

/* The parameters of ST_TARGETS_OF and ST_VALUES_OF: the units as a set
 * (in set, which must outlive p), the years. */
static void
set_params(struct params *p, struct buf *set, const char *const *units,
    size_t nunits, int y0, int y1)
{
	codes_array(set, units, nunits);
	p_text(p, buf_str(set));
	p_int(p, y0);
	if (y1 >= 0)
		p_int(p, y1);
}

static int
pg_targets_of(struct store *s, const char *const *units, size_t nunits,
    int year, struct target **out, size_t *n)
{
	struct params p = { .n = 0 };
	struct buf set = BUF_INIT;
	int rc;

	set_params(&p, &set, units, nunits, year, -1);
	rc = read_targets(s, ST_TARGETS_OF, &p, out, n);
	buf_free(&set);
	return rc;
}

static int
pg_targets(struct store *s, const char *unit, int year, struct target **out,
    size_t *n)
{
	struct params p = { .n = 0 };

	*out = NULL;
	*n = 0;
	if (lock_unit(s, unit) != 0)
		return -1;
	/* One unit through the set form: "$1 IS NULL OR unit = $1" is
	 * planned, once prepared, as a scan of every unit's rows. */
	if (unit != NULL)
		return pg_targets_of(s, &unit, 1, year, out, n);
	p_text(&p, unit);
	p_int(&p, year);
	return read_targets(s, ST_TARGETS, &p, out, n);
}

/* Values of a row of ST_VALUES into v, pointing into r. */
/* The first seven columns of row i (unit, indicator, period, value,
 * numerator, denominator, status) into v, pointing into r; false when its
 * period is unreadable. */
static bool
value_cols(const PGresult *r, int i, struct value *v)
{
	const char *t;

	memset(v, 0, sizeof(*v));
	v->unit = (char *)col_str(r, i, 0);
	v->indicator = (char *)col_str(r, i, 1);
	t = col_str(r, i, 2);
	if (v->unit == NULL || v->indicator == NULL || t == NULL ||
	    period_parse(t, strlen(t), &v->period) != 0)
		return false;
	if ((v->has_value = !PQgetisnull(r, i, 3)))
		v->value = col_real(r, i, 3);
	if ((v->has_ratio = !PQgetisnull(r, i, 4) && !PQgetisnull(r, i, 5))) {
		v->num = col_real(r, i, 4);
		v->den = col_real(r, i, 5);
	}
	t = col_str(r, i, 6);
	v->status = t != NULL && strcmp(t, "estimate") == 0 ?
	    STATUS_ESTIMATE : STATUS_FINAL;
	return true;
}

static bool
read_value(const PGresult *r, int i, struct value *v)
{
	if (!value_cols(r, i, v))
		return false;
	v->as_of = col_date(r, i, 7);
	v->note = (char *)col_str(r, i, 8);
	v->version = col_int(r, i, 9);
	return true;
}

struct value_walk {
	store_value_cb	 cb;
	void		*arg;
};

static int
value_row(const PGresult *r, int i, void *arg)
{
	struct value_walk *w = arg;
	struct value v;

	return read_value(r, i, &v) ? w->cb(&v, w->arg) : 0;
}

/* The callback must not use the store while the walk runs (each_row). */
static int
pg_each_value(struct store *s, const char *unit, int y0, int y1,
    store_value_cb cb, void *arg)
{
	struct value_walk w = { cb, arg };
	struct params p = { .n = 0 };
	struct buf set = BUF_INIT;
	int rc;

	if (lock_unit(s, unit) != 0)
		return -1;
	/* One unit's through the set form (see pg_targets). */
	if (unit != NULL)
		set_params(&p, &set, &unit, 1, y0, y1);
	else {
		p_text(&p, unit);
		p_int(&p, y0);
		p_int(&p, y1);
	}
	rc = each_row(s, unit != NULL ? ST_VALUES_OF : ST_VALUES, &p,
	    "không đọc được số liệu", value_row, &w);
	buf_free(&set);
	return rc;
}

/* A double precision of a binary row: 8 bytes, most significant first. */
static double
bin_real(const PGresult *r, int row, int c)
{
	const unsigned char *b = (const unsigned char *)PQgetvalue(r, row, c);
	uint64_t bits = 0;
	double x;
	int k;

	for (k = 0; k < 8; k++)
		bits = bits << 8 | b[k];
	memcpy(&x, &bits, sizeof(x));
	return x;
}

static int
pg_values_of(struct store *s, const char *const *units, size_t nunits,
    int y0, int y1, struct value_set *out)
{
	struct params p = { .n = 0 };
	struct buf set = BUF_INIT;
	struct value v;
	PGresult *r;
	const char *t;
	int i;

	codes_array(&set, units, nunits);
	p_text(&p, buf_str(&set));
	p_int(&p, y0);
	p_int(&p, y1);
	r = exec_st(s, ST_SET_VALUES, &p, "không đọc được số liệu");
	buf_free(&set);
	if (r == NULL)
		return -1;
	/* Binary rows (binary_rows): text as its bytes, NUL-ended by libpq. */
	for (i = 0; i < PQntuples(r); i++) {
		memset(&v, 0, sizeof(v));
		v.unit = (char *)col_str(r, i, 0);
		v.indicator = (char *)col_str(r, i, 1);
		t = col_str(r, i, 2);
		if (v.unit == NULL || v.indicator == NULL || t == NULL ||
		    period_parse(t, strlen(t), &v.period) != 0)
			continue;
		if ((v.has_value = !PQgetisnull(r, i, 3)))
			v.value = bin_real(r, i, 3);
		if ((v.has_ratio = !PQgetisnull(r, i, 4) && !PQgetisnull(r, i, 5))) {
			v.num = bin_real(r, i, 4);
			v.den = bin_real(r, i, 5);
		}
		t = col_str(r, i, 6);
		v.status = t != NULL && strcmp(t, "estimate") == 0 ?
		    STATUS_ESTIMATE : STATUS_FINAL;
		v.as_of = col_date(r, i, 7);
		store_set_value(out, &v);
	}
	PQclear(r);
	return 0;
}

static int
read_changes(PGresult *r, struct unit_change **out, size_t *n)
{
	struct unit_change *a = NULL, *c;
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		a = store_push(a, n, &cap, sizeof(*a));
		c = &a[*n - 1];
		c->date = col_date(r, i, 0);
		c->from = col_text(r, i, 1);
		c->to = col_text(r, i, 2);
		c->share = col_real(r, i, 3);
	}
	PQclear(r);
	*out = a;
	return 0;
}

static int
pg_unit_changes(struct store *s, struct unit_change **out, size_t *n)
{
	return read_changes(exec_st(s, ST_UNIT_CHANGES, NULL,
	    "không đọc được lịch sử đơn vị"), out, n);
}

static int
pg_units_near(struct store *s, const char *unit, struct unit **units,
    size_t *nunits, struct unit_change **changes, size_t *nchanges)
{
	struct params p = { .n = 0 };

	*changes = NULL;
	*nchanges = 0;
	p_text(&p, unit);
	if (read_units(s, exec_st(s, ST_UNITS_NEAR, &p,
	    "không đọc được đơn vị"), units, nunits) != 0)
		return -1;
	return read_changes(exec_st(s, ST_CHANGES_NEAR, &p,
	    "không đọc được lịch sử đơn vị"), changes, nchanges);
}

static int
pg_put_unit_change(struct store *s, const struct unit_change *c)
{
	struct params p = { .n = 0 };

	p_date(&p, &c->date);
	p_text(&p, c->from);
	p_text(&p, c->to);
	p_real(&p, true, c->share);
	return run(s, ST_PUT_UNIT_CHANGE, &p, "không ghi được lịch sử đơn vị",
	    NULL);
}

static int
pg_cutoffs(struct store *s, struct cutoff *out, size_t *n)
{
	PGresult *r = exec_st(s, ST_CUTOFFS, NULL,
	    "không đọc được quy định chốt số liệu");
	int i, kind;

	*n = 0;
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && *n < PERIOD__MAX; i++) {
		kind = model_lookup(period_kind_names, col_str(r, i, 0));
		if (kind < 0)
			continue;
		out[*n].kind = (enum period_kind)kind;
		out[*n].start_offset = (int)col_int(r, i, 1);
		out[*n].start_day = (int)col_int(r, i, 2);
		out[*n].end_offset = (int)col_int(r, i, 3);
		out[*n].end_day = (int)col_int(r, i, 4);
		(*n)++;
	}
	PQclear(r);
	return 0;
}

static int
pg_setting(struct store *s, const char *key, struct buf *out, bool *found)
{
	struct params p = { .n = 0 };
	PGresult *r;

	p_text(&p, key);
	if ((r = one(s, ST_SETTING, &p, "không đọc được thiết lập", found)) ==
	    NULL)
		return -1;
	if (*found)
		buf_puts(out, PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int
pg_settings(struct store *s, char ***keys, char ***values, size_t *n)
{
	PGresult *r = exec_st(s, ST_SETTINGS, NULL, "không đọc được thiết lập");
	size_t cap = 0, cap2 = 0, n2 = 0;
	int i;

	*keys = *values = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		*keys = store_push(*keys, n, &cap, sizeof(**keys));
		*values = store_push(*values, &n2, &cap2, sizeof(**values));
		(*keys)[*n - 1] = col_text(r, i, 0);
		(*values)[n2 - 1] = col_text(r, i, 1);
	}
	PQclear(r);
	return 0;
}

static void
pg_set_actor(struct store *s, const char *who)
{
	free(s->actor);
	s->actor = xstrdup(who);
}

static int
pg_put_sector(struct store *s, const struct sector *x)
{
	struct params p = { .n = 0 };

	p_text(&p, x->code);
	p_text(&p, x->name);
	p_int(&p, x->ord);
	return run(s, ST_PUT_SECTOR, &p, "không ghi được lĩnh vực", NULL);
}

static int
pg_put_unit(struct store *s, const struct unit *u, const char *key)
{
	struct params p = { .n = 0 };

	p_text(&p, u->code);
	p_text(&p, u->name);
	p_text(&p, u->kind);
	p_text(&p, u->parent);
	p_date(&p, &u->valid_from);
	p_date(&p, &u->valid_to);
	p_text(&p, key);
	return run(s, ST_PUT_UNIT, &p, "không ghi được đơn vị", NULL);
}

static int
pg_put_indicator(struct store *s, const struct indicator *i)
{
	struct params p = { .n = 0 };

	p_text(&p, i->code);
	p_text(&p, i->name);
	p_text(&p, i->sector);
	p_text(&p, i->uom);
	p_text(&p, kind_names[i->kind]);
	p_text(&p, time_agg_names[i->tagg]);
	p_text(&p, unit_agg_names[i->uagg]);
	if (i->decimals >= 0)
		p_int(&p, i->decimals);
	else
		p_text(&p, NULL);
	p_int(&p, i->ord);
	p_text(&p, i->parent);
	return run(s, ST_PUT_INDICATOR, &p, "không ghi được chỉ tiêu", NULL);
}

/* The statement of a conditional write: expect 0 writes whatever is
 * stored, > 0 only over that version, < 0 only where nothing is. */
static enum stmt
put_stmt(long long expect, enum stmt any, enum stmt fresh, enum stmt over)
{
	return expect == 0 ? any : expect < 0 ? fresh : over;
}

/* Run a conditional write: STORE_CONFLICT when it changed no row. */
static int
run_if(struct store *s, enum stmt i, const struct params *p,
    long long expect, const char *what)
{
	long long changed = 0;

	if (run(s, i, p, what, &changed) != 0)
		return -1;
	return expect != 0 && changed == 0 ? STORE_CONFLICT : 0;
}

static int
pg_put_target(struct store *s, const struct target *t)
{
	struct params p = { .n = 0 };

	p_text(&p, t->unit);
	p_text(&p, t->indicator);
	p_int(&p, t->year);
	p_text(&p, shape_names[t->shape]);
	p_real(&p, t->has_value, t->value);
	p_real(&p, t->has_value2, t->value2);
	p_text(&p, t->text);
	p_text(&p, t->source);
	p_text(&p, t->seq);
	p_text(&p, s->actor);
	p_int(&p, t->version);
	return run_if(s, put_stmt(t->version, ST_PUT_TARGET, ST_PUT_TARGET_NEW,
	    ST_PUT_TARGET_IF), &p, t->version, "không ghi được chỉ tiêu kế hoạch");
}

static int
pg_put_value(struct store *s, const struct value *v)
{
	struct params p = { .n = 0 };
	struct buf per = BUF_INIT;
	int rc;

	period_format(&per, &v->period);
	p_text(&p, v->unit);
	p_text(&p, v->indicator);
	p_text(&p, buf_str(&per));
	p_int(&p, v->period.year);
	p_real(&p, v->has_value, v->value);
	p_real(&p, v->has_ratio, v->num);
	p_real(&p, v->has_ratio, v->den);
	p_text(&p, status_names[v->status]);
	p_date(&p, &v->as_of);
	p_text(&p, v->note);
	p_text(&p, s->actor);
	p_int(&p, v->version);
	rc = run_if(s, put_stmt(v->version, ST_PUT_VALUE, ST_PUT_VALUE_NEW,
	    ST_PUT_VALUE_IF), &p, v->version, "không ghi được số liệu");
	buf_free(&per);
	return rc;
}

static int
pg_del_value(struct store *s, const char *unit, const char *indicator,
    const struct period *per, bool *found)
{
	struct params p = { .n = 0 };
	struct buf b = BUF_INIT;
	long long changed = 0;
	int rc;

	*found = false;
	period_format(&b, per);
	p_text(&p, unit);
	p_text(&p, indicator);
	p_text(&p, buf_str(&b));
	rc = run(s, ST_DEL_VALUE, &p, "không xóa được số liệu", &changed);
	buf_free(&b);
	if (rc == 0)
		*found = changed > 0;
	return rc;
}

static int
pg_stamp(struct store *s, enum stamp_kind kind, const char *k1,
    const char *k2, const char *k3, struct stamp *out)
{
	static const enum stmt which[STAMP__MAX] = { ST_VALUE_STAMP,
	    ST_TARGET_STAMP, ST_TEXT_STAMP };
	struct params p = { .n = 0 };
	PGresult *r;
	bool row;

	out->version = 0;
	out->by[0] = out->at[0] = '\0';
	if (lock_unit(s, k1) != 0)
		return -1;
	p_text(&p, k1);
	p_text(&p, k2);
	if (kind == STAMP_TARGET)
		p_int(&p, atoi(k3));
	else
		p_text(&p, k3);
	if ((r = one(s, which[kind], &p,
	    "không đọc được phiên bản của bản ghi", &row)) == NULL)
		return -1;
	if (row) {
		out->version = col_int(r, 0, 0);
		if (!PQgetisnull(r, 0, 1))
			snprintf(out->by, sizeof(out->by), "%s", PQgetvalue(r, 0, 1));
		if (!PQgetisnull(r, 0, 2))
			snprintf(out->at, sizeof(out->at), "%s", PQgetvalue(r, 0, 2));
	}
	PQclear(r);
	return 0;
}

static int
pg_put_cutoff(struct store *s, const struct cutoff *c)
{
	struct params p = { .n = 0 };

	p_text(&p, period_kind_names[c->kind]);
	p_int(&p, c->start_offset);
	p_int(&p, c->start_day);
	p_int(&p, c->end_offset);
	p_int(&p, c->end_day);
	return run(s, ST_PUT_CUTOFF, &p, "không ghi được quy định chốt số liệu",
	    NULL);
}

/* A bulk load: its rows go by COPY … FROM STDIN in the binary format (no
 * number written out as text here and read back there), which the server
 * loads while this process reads and checks the next ones.
 *
 * Into a table that has no row yet (a first load), the table itself; for
 * the targets and the values, its keys and indexes are dropped first and
 * built again at the end, as
 * pg_restore does, since PostgreSQL builds an index of five million rows by
 * sorting them several times faster than it inserts them one by one (the
 * values of the country: 4 s to copy and 5 s to index, instead of 17 s).
 * The table is locked for that (ACCESS EXCLUSIVE, until the commit):
 * another server reading it waits for the load rather than seeing it empty;
 * all this is in the transaction, and a failure leaves the table as it
 * was. Into a table that has rows, a temporary table of the transaction,
 * merged by one INSERT … ON CONFLICT at the end (COPY cannot replace a row
 * that is there). Every row of a load has one updated_at, read when it
 * begins. */
/* What each kind of bulk load writes. */
static const struct {
	const char	*table, *cols;
	enum stmt	 merge;		/* from its temporary table */
	bool		 reindex;	/* a first load indexes at the end */
	const char	*what;		/* "could not copy …", for messages */
} bulk_kinds[] = {
	[STORE_BULK_TARGETS] = { "target", TARGET_COLS, ST_BULK_TARGETS, true,
	    "không chép được chỉ tiêu kế hoạch" },
	[STORE_BULK_VALUES] = { "actual", VALUE_COLS, ST_BULK_VALUES, true,
	    "không chép được số liệu" },
	/* Thousands of texts, whose table has a foreign key (a table with
	 * deferred checks pending cannot be altered). */
	[STORE_BULK_TEXTS] = { "text_block", TEXT_COLS, ST_BULK_TEXTS, false,
	    "không chép được thuyết minh" },
};

static int
pg_bulk_begin(struct store *s, enum store_bulk_kind kind)
{
	const char *table = bulk_kinds[kind].table;
	const char *cols = bulk_kinds[kind].cols;
	struct params p = { .n = 0 };
	struct buf q = BUF_INIT;
	PGresult *r;
	bool ok;

	buf_reset(&s->rebuild);
	buf_printf(&q, "SELECT EXISTS (SELECT 1 FROM %s), " NOW, table);
	r = PQexec(s->conn, buf_str(&q));
	if ((ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)) {
		s->direct = strcmp(PQgetvalue(r, 0, 0), "f") == 0;
		snprintf(s->now, sizeof(s->now), "%s", PQgetvalue(r, 0, 1));
	} else
		fail_res(s, r, "không bắt đầu được việc chép số liệu");
	PQclear(r);
	buf_reset(&q);
	if (ok && s->direct && bulk_kinds[kind].reindex) {
		/* Still empty once locked: then drop the keys and indexes, and
		 * keep what builds them again. */
		buf_printf(&q, "LOCK TABLE %s IN ACCESS EXCLUSIVE MODE", table);
		ok = exec_sql(s, buf_str(&q),
		    "không bắt đầu được việc chép số liệu") == 0;
		buf_reset(&q);
		p_text(&p, table);
		if (ok && (r = exec_st(s, ST_BULK_INDEXES, &p,
		    "không bắt đầu được việc chép số liệu")) == NULL)
			ok = false;
		else if (ok) {
			s->direct = strcmp(PQgetvalue(r, 0, 0), "f") == 0;
			if (s->direct) {
				buf_puts(&q, PQgetvalue(r, 0, 1));
				buf_puts(&s->rebuild, PQgetvalue(r, 0, 2));
			}
			PQclear(r);
		}
		if (ok && q.len > 0)
			ok = exec_sql(s, buf_str(&q),
			    "không bắt đầu được việc chép số liệu") == 0;
		buf_reset(&q);
	}
	if (ok && !s->direct) {
		buf_printf(&q, "CREATE TEMP TABLE IF NOT EXISTS %s_in (LIKE %s"
		    " INCLUDING DEFAULTS) ON COMMIT DROP; TRUNCATE %s_in", table,
		    table, table);
		ok = exec_sql(s, buf_str(&q),
		    "không bắt đầu được việc chép số liệu") == 0;
		buf_reset(&q);
	}
	if (!ok) {
		buf_free(&q);
		return -1;
	}
	buf_printf(&q, "COPY %s%s (%s) FROM STDIN (FORMAT binary)", table,
	    s->direct ? "" : "_in", cols);
	r = PQexec(s->conn, buf_str(&q));
	buf_free(&q);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		fail_res(s, r, "không bắt đầu được việc chép số liệu");
		PQclear(r);
		return -1;
	}
	PQclear(r);
	s->copying = true;
	s->sent_header = false;
	s->bulk = kind;
	s->wrote = true;
	return 0;
}

/* COPY's binary format: a header, then each row as its number of fields
 * and each field as its length (-1: NULL) and its bytes in the column's
 * binary form (text: the UTF-8 bytes; bigint, double precision: 8 bytes,
 * most significant first); -1 as the number of fields ends the data. */
static const char copy_header[19] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0";

static void
copy_be(struct buf *b, uint64_t v, int bytes)
{
	char c[8];
	int i;

	for (i = 0; i < bytes; i++)
		c[i] = (char)(v >> (8 * (bytes - 1 - i)));
	buf_append(b, c, (size_t)bytes);
}

static void
copy_text(struct buf *b, const char *v)
{
	size_t n;

	if (v == NULL) {
		copy_be(b, 0xffffffffu, 4);
		return;
	}
	n = strlen(v);
	copy_be(b, n, 4);
	buf_append(b, v, n);
}

static void
copy_real(struct buf *b, bool has, double v)
{
	uint64_t bits;

	if (!has) {
		copy_be(b, 0xffffffffu, 4);
		return;
	}
	memcpy(&bits, &v, sizeof(bits));
	copy_be(b, 8, 4);
	copy_be(b, bits, 8);
}

static void
copy_int(struct buf *b, long long v)
{
	copy_be(b, 8, 4);
	copy_be(b, (uint64_t)v, 8);
}

/* The rows go to the server 64 KiB at a time: a message a row would cost
 * the server more than the row. */
#define COPY_CHUNK 65536

/* The row built in s->line is complete, in a load of kind: send the chunk
 * when full. */
static int
copy_row(struct store *s, enum store_bulk_kind kind)
{
	if (!s->copying || s->bulk != kind) {
		buf_reset(&s->err);
		buf_printf(&s->err, "%s: ghi hàng loạt khi chưa bắt đầu", s->path);
		return -1;
	}
	if (s->line.len >= COPY_CHUNK) {
		if (PQputCopyData(s->conn, s->line.data, (int)s->line.len) != 1)
			return fail(s, "không chép được số liệu");
		buf_reset(&s->line);
	}
	return 0;
}

/* Start a row of nfields at the end of s->line. */
static void
copy_start(struct store *s, int nfields)
{
	if (!s->sent_header) {
		buf_reset(&s->line);
		buf_append(&s->line, copy_header, sizeof(copy_header));
		s->sent_header = true;
	}
	copy_be(&s->line, (uint64_t)nfields, 2);
}

static int
pg_bulk_target(struct store *s, const struct target *t)
{
	copy_start(s, 11);
	copy_text(&s->line, t->unit);
	copy_text(&s->line, t->indicator);
	copy_int(&s->line, t->year);
	copy_text(&s->line, shape_names[t->shape]);
	copy_real(&s->line, t->has_value, t->value);
	copy_real(&s->line, t->has_value2, t->value2);
	copy_text(&s->line, t->text);
	copy_text(&s->line, t->source);
	copy_text(&s->line, t->seq);
	copy_text(&s->line, s->now);
	copy_text(&s->line, s->actor);
	return copy_row(s, STORE_BULK_TARGETS);
}

static int
pg_bulk_value(struct store *s, const struct value *v)
{
	copy_start(s, 12);
	copy_text(&s->line, v->unit);
	copy_text(&s->line, v->indicator);
	buf_reset(&s->tmp);
	period_format(&s->tmp, &v->period);
	copy_text(&s->line, buf_str(&s->tmp));
	copy_int(&s->line, v->period.year);
	copy_real(&s->line, v->has_value, v->value);
	copy_real(&s->line, v->has_ratio, v->num);
	copy_real(&s->line, v->has_ratio, v->den);
	copy_text(&s->line, status_names[v->status]);
	buf_reset(&s->tmp);
	if (date_isset(&v->as_of))
		date_format_iso(&s->tmp, &v->as_of);
	copy_text(&s->line, date_isset(&v->as_of) ? buf_str(&s->tmp) : NULL);
	copy_text(&s->line, v->note);
	copy_text(&s->line, s->now);
	copy_text(&s->line, s->actor);
	return copy_row(s, STORE_BULK_VALUES);
}

static int
pg_bulk_text(struct store *s, const char *unit, const char *period,
    const char *section, const char *body)
{
	copy_start(s, 6);
	copy_text(&s->line, unit);
	copy_text(&s->line, period);
	copy_text(&s->line, section);
	copy_text(&s->line, body);
	copy_text(&s->line, s->now);
	copy_text(&s->line, s->actor);
	return copy_row(s, STORE_BULK_TEXTS);
}

static int
pg_bulk_end(struct store *s)
{
	PGresult *r;
	int rc = 0;

	if (!s->copying)
		return 0;
	/* The rows not sent yet and the trailer (and the header, when no row
	 * came). */
	if (!s->sent_header) {
		buf_reset(&s->line);
		buf_append(&s->line, copy_header, sizeof(copy_header));
	}
	copy_be(&s->line, 0xffff, 2);
	s->copying = false;
	if (PQputCopyData(s->conn, s->line.data, (int)s->line.len) != 1 ||
	    PQputCopyEnd(s->conn, NULL) != 1)
		return fail(s, "không chép được số liệu");
	while ((r = PQgetResult(s->conn)) != NULL) {
		if (PQresultStatus(r) != PGRES_COMMAND_OK && rc == 0)
			rc = fail_res(s, r, bulk_kinds[s->bulk].what);
		PQclear(r);
	}
	if (rc != 0)
		return rc;
	if (s->direct)
		return s->rebuild.len == 0 ? 0 : exec_sql(s, buf_str(&s->rebuild),
		    bulk_kinds[s->bulk].what);
	if (run(s, bulk_kinds[s->bulk].merge, NULL, bulk_kinds[s->bulk].what,
	    NULL) != 0)
		return -1;
	buf_reset(&s->tmp);
	buf_printf(&s->tmp, "TRUNCATE %s_in", bulk_kinds[s->bulk].table);
	return exec_sql(s, buf_str(&s->tmp), bulk_kinds[s->bulk].what);
}

static int
pg_put_setting(struct store *s, const char *key, const char *value)
{
	struct params p = { .n = 0 };

	p_text(&p, key);
	p_text(&p, value);
	return run(s, ST_PUT_SETTING, &p, "không ghi được thiết lập", NULL);
}

static int
pg_text(struct store *s, const char *unit, const char *period,
    const char *section, struct buf *out, bool *found)
{
	struct params p = { .n = 0 };
	PGresult *r;

	if (lock_unit(s, unit) != 0)
		return -1;
	p_text(&p, unit);
	p_text(&p, period);
	p_text(&p, section);
	if ((r = one(s, ST_TEXT, &p, "không đọc được thuyết minh", found)) ==
	    NULL)
		return -1;
	if (*found)
		buf_puts(out, PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int
pg_each_text(struct store *s, const char *unit, store_text_cb cb, void *arg)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int i, stop = 0;

	p_text(&p, unit);
	if ((r = exec_st(s, ST_TEXTS, &p, "không đọc được thuyết minh")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && stop == 0; i++)
		stop = cb(col_str(r, i, 0), col_str(r, i, 1), col_str(r, i, 2),
		    col_str(r, i, 3), arg);
	PQclear(r);
	return stop;
}

static int
pg_put_text(struct store *s, const char *unit, const char *period,
    const char *section, const char *body, long long expect)
{
	struct params p = { .n = 0 };

	p_text(&p, unit);
	p_text(&p, period);
	p_text(&p, section);
	p_text(&p, body);
	p_text(&p, s->actor);
	p_int(&p, expect);
	return run_if(s, put_stmt(expect, ST_PUT_TEXT, ST_PUT_TEXT_NEW,
	    ST_PUT_TEXT_IF), &p, expect, "không ghi được thuyết minh");
}

static int
pg_each_report_setting(struct store *s, const char *unit, const char *period,
    store_rsetting_cb cb, void *arg)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int i, stop = 0;

	p_text(&p, unit);
	p_text(&p, period);
	if ((r = exec_st(s, ST_REPORT_SETTINGS, &p,
	    "không đọc được thiết lập báo cáo")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && stop == 0; i++)
		stop = cb(col_str(r, i, 0), col_str(r, i, 1), col_str(r, i, 2),
		    (int)col_int(r, i, 3), col_str(r, i, 4), arg);
	PQclear(r);
	return stop;
}

static int
pg_put_report_setting(struct store *s, const char *unit, const char *period,
    const char *key, int seq, const char *value)
{
	struct params p = { .n = 0 };

	p_text(&p, unit);
	p_text(&p, period);
	p_text(&p, key);
	/* The first value of a key replaces the values stored before. */
	if (seq == 0 && run(s, ST_DEL_REPORT_SETTING, &p,
	    "không ghi được thiết lập báo cáo", NULL) != 0)
		return -1;
	p_int(&p, seq);
	p_text(&p, value);
	return run(s, ST_PUT_REPORT_SETTING, &p,
	    "không ghi được thiết lập báo cáo", NULL);
}

static void
read_account(const PGresult *r, int i, struct account *a)
{
	memset(a, 0, sizeof(*a));
	a->name = col_text(r, i, 0);
	a->role = (enum role)model_lookup(role_names, col_str(r, i, 1));
	a->unit = col_text(r, i, 2);
	a->sectors = col_text(r, i, 3);
	a->pwhash = col_text(r, i, 4);
	a->disabled = col_int(r, i, 5) != 0;
}

static int
pg_account(struct store *s, const char *name, struct account *a, bool *found)
{
	struct params p = { .n = 0 };
	PGresult *r;

	memset(a, 0, sizeof(*a));
	p_text(&p, name);
	if ((r = one(s, ST_ACCOUNT, &p, "không đọc được tài khoản", found)) ==
	    NULL)
		return -1;
	if (*found)
		read_account(r, 0, a);
	PQclear(r);
	return 0;
}

static int
pg_accounts(struct store *s, struct account **out, size_t *n)
{
	PGresult *r = exec_st(s, ST_ACCOUNTS, NULL, "không đọc được tài khoản");
	size_t cap = 0;
	int i;

	*out = NULL;
	*n = 0;
	if (r == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		read_account(r, i, &(*out)[*n - 1]);
	}
	PQclear(r);
	return 0;
}

static int
pg_put_account(struct store *s, const struct account *a)
{
	struct params p = { .n = 0 };

	p_text(&p, a->name);
	p_text(&p, role_names[a->role]);
	p_text(&p, a->unit);
	p_text(&p, a->sectors);
	p_text(&p, a->pwhash);
	p_int(&p, a->disabled);
	return run(s, ST_PUT_ACCOUNT, &p, "không ghi được tài khoản", NULL);
}

static int
pg_set_password(struct store *s, const char *name, const char *pwhash)
{
	struct params p = { .n = 0 };

	p_text(&p, name);
	p_text(&p, pwhash);
	return run(s, ST_SET_PASSWORD, &p, "không đổi được mật khẩu", NULL);
}

static int
pg_session(struct store *s, const char *token_hash, long long now,
    long long idle, struct buf *account, struct buf *csrf, bool *found)
{
	struct params p = { .n = 0 };
	PGresult *r;
	long long seen = 0;

	p_text(&p, token_hash);
	p_int(&p, now);
	p_int(&p, now - idle);
	if ((r = one(s, ST_SESSION, &p, "không đọc được phiên đăng nhập",
	    found)) == NULL)
		return -1;
	if (*found) {
		buf_puts(account, PQgetvalue(r, 0, 0));
		buf_puts(csrf, PQgetvalue(r, 0, 1));
		seen = col_int(r, 0, 2);
	}
	PQclear(r);
	/* The idle clock moves at most once a minute: not a write per
	 * request. A failed write only shortens the session. */
	if (*found && now - seen >= 60) {
		p.n = 0;
		p_text(&p, token_hash);
		p_int(&p, now);
		(void)run(s, ST_TOUCH_SESSION, &p, "không ghi được phiên đăng nhập",
		    NULL);
	}
	return 0;
}

static int
pg_put_session(struct store *s, const char *token_hash, const char *account,
    const char *csrf, long long now, long long expires)
{
	struct params p = { .n = 0 };

	p_text(&p, token_hash);
	p_text(&p, account);
	p_text(&p, csrf);
	p_int(&p, expires);
	p_int(&p, now);
	return run(s, ST_PUT_SESSION, &p, "không ghi được phiên đăng nhập", NULL);
}

static int
pg_del_session(struct store *s, const char *token_hash, long long now)
{
	struct params p = { .n = 0 };

	p_text(&p, token_hash);
	p_int(&p, now);
	return run(s, ST_DEL_SESSION, &p, "không xóa được phiên đăng nhập", NULL);
}

static int
pg_del_sessions_of(struct store *s, const char *account)
{
	struct params p = { .n = 0 };

	p_text(&p, account);
	return run(s, ST_DEL_SESSIONS_OF, &p, "không xóa được phiên đăng nhập",
	    NULL);
}

static int
pg_token(struct store *s, const char *token_hash, struct buf *account,
    bool *found)
{
	struct params p = { .n = 0 };
	PGresult *r;

	p_text(&p, token_hash);
	if ((r = one(s, ST_TOKEN, &p, "không đọc được mã truy cập", found)) ==
	    NULL)
		return -1;
	if (*found)
		buf_puts(account, PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int
pg_put_token(struct store *s, const char *token_hash, const char *account,
    const char *label)
{
	struct params p = { .n = 0 };

	p_text(&p, token_hash);
	p_text(&p, account);
	p_text(&p, label);
	return run(s, ST_PUT_TOKEN, &p, "không ghi được mã truy cập", NULL);
}

static int
pg_del_other_sessions(struct store *s, const char *account,
    const char *keep_hash)
{
	struct params p = { .n = 0 };

	p_text(&p, account);
	p_text(&p, keep_hash);
	return run(s, ST_DEL_OTHER_SESSIONS, &p, "không xóa được phiên đăng nhập",
	    NULL);
}

static int
pg_login_throttle(struct store *s, const char *addr, const char *name,
    long long since, struct login_fails *f)
{
	struct params p = { .n = 0 };
	PGresult *r;
	int i;

	memset(f, 0, sizeof(*f));
	p_text(&p, addr);
	p_text(&p, name);
	p_int(&p, since);
	if ((r = exec_st(s, ST_THROTTLE, &p,
	    "không đọc được số lần đăng nhập sai")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r); i++)
		if (col_int(r, i, 0)) {
			f->addr_count = (int)col_int(r, i, 1);
			f->addr_last = col_int(r, i, 2);
		} else {
			f->name_count = (int)col_int(r, i, 1);
			f->name_last = col_int(r, i, 2);
		}
	PQclear(r);
	return 0;
}

static int
pg_login_failed(struct store *s, const char *addr, const char *name,
    long long now, long long since)
{
	struct params p = { .n = 0 };

	p_int(&p, since);
	if (run(s, ST_THROTTLE_FORGET, &p, "không ghi được lần đăng nhập sai",
	    NULL) != 0)
		return -1;
	p.n = 0;
	p_text(&p, addr);
	p_text(&p, name);
	p_int(&p, now);
	p_int(&p, since);
	return run(s, name == NULL || *name == '\0' ? ST_THROTTLE_FAIL_ADDR :
	    ST_THROTTLE_FAIL, &p, "không ghi được lần đăng nhập sai", NULL);
}

static int
pg_login_ok(struct store *s, const char *addr, const char *name)
{
	struct params p = { .n = 0 };

	p_text(&p, addr);
	p_text(&p, name);
	return run(s, ST_THROTTLE_OK, &p, "không ghi được đăng nhập", NULL);
}

/* The number of audit entries written and the hash of the last one; with
 * lock, the head stays locked until the transaction ends, so that the next
 * entry is chained onto it and onto nothing else. */
static int
audit_head(struct store *s, bool lock, long long *last,
    char hash[AUDIT_HASH_LEN + 1])
{
	struct params p = { .n = 0 };
	PGresult *r;
	bool row;

	*last = 0;
	hash[0] = '\0';
	if ((r = one(s, lock ? ST_AUDIT_LOCK : ST_AUDIT_LAST, NULL,
	    "không đọc được nhật ký", &row)) == NULL)
		return -1;
	if (row)
		*last = col_int(r, 0, 0);
	PQclear(r);
	if (!row)
		return fail(s, "không đọc được nhật ký");
	p_int(&p, *last);
	/* A statement of its own: under READ COMMITTED it sees the entry
	 * that the writer this one waited for has just committed. */
	if ((r = one(s, ST_AUDIT_HASH, &p, "không đọc được nhật ký", &row)) ==
	    NULL)
		return -1;
	if (row && !PQgetisnull(r, 0, 0))
		snprintf(hash, AUDIT_HASH_LEN + 1, "%s", PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

static int
pg_audit_last(struct store *s, long long *last)
{
	char hash[AUDIT_HASH_LEN + 1];

	return audit_head(s, false, last, hash);
}

static int
pg_audit(struct store *s, const char *account, const char *unit,
    const char *action, const char *object, const char *old, const char *new_)
{
	char prev[AUDIT_HASH_LEN + 1], hash[AUDIT_HASH_LEN + 1], at[32];
	struct params p = { .n = 0 };
	struct audit a;
	struct tm tm;
	time_t now = time(NULL);
	long long last;

	if (store_begin(s) != 0)
		return -1;
	if (audit_head(s, true, &last, prev) != 0)
		goto err;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	memset(&a, 0, sizeof(a));
	a.id = last + 1;
	a.at = at;
	a.account = account;
	a.unit = unit;
	a.action = action;
	a.object = object;
	a.old = old;
	a.new_ = new_;
	audit_hash(prev, &a, hash);
	p_int(&p, a.id);
	p_text(&p, at);
	p_text(&p, account);
	p_text(&p, unit);
	p_text(&p, action);
	p_text(&p, object);
	p_text(&p, old);
	p_text(&p, new_);
	p_text(&p, prev);
	p_text(&p, hash);
	if (run(s, ST_AUDIT, &p, "không ghi được nhật ký", NULL) != 0)
		goto err;
	p.n = 0;
	p_int(&p, a.id);
	if (run(s, ST_AUDIT_SET_LAST, &p, "không ghi được nhật ký", NULL) != 0 ||
	    store_commit(s) != 0)
		goto err;
	return 0;
err:
	store_rollback(s);
	return -1;
}

static void
read_audit(const PGresult *r, int i, struct audit *a)
{
	a->id = col_int(r, i, 0);
	a->at = col_str(r, i, 1);
	a->account = col_str(r, i, 2);
	a->unit = col_str(r, i, 3);
	a->action = col_str(r, i, 4);
	a->object = col_str(r, i, 5);
	a->old = col_str(r, i, 6);
	a->new_ = col_str(r, i, 7);
	a->hash = col_str(r, i, 8);
	a->prev = col_str(r, i, 9);
}

static int
pg_each_audit(struct store *s, const char *unit, const char *object,
    int limit, store_audit_cb cb, void *arg)
{
	struct params p = { .n = 0 };
	struct audit a;
	PGresult *r;
	int i, stop = 0;

	p_text(&p, unit);
	p_text(&p, object);
	p_int(&p, limit);
	if ((r = exec_st(s, ST_AUDITS, &p, "không đọc được nhật ký")) == NULL)
		return -1;
	for (i = 0; i < PQntuples(r) && stop == 0; i++) {
		read_audit(r, i, &a);
		stop = cb(&a, arg);
	}
	PQclear(r);
	return stop;
}

struct audit_walk {
	store_audit_cb	 cb;
	void		*arg;
};

static int
audit_row(const PGresult *r, int i, void *arg)
{
	struct audit_walk *w = arg;
	struct audit a;

	read_audit(r, i, &a);
	return w->cb(&a, w->arg);
}

/* Every entry, a row at a time (the log only grows). */
static int
pg_each_audit_asc(struct store *s, store_audit_cb cb, void *arg)
{
	struct audit_walk w = { cb, arg };

	return each_row(s, ST_AUDIT_CHAIN, NULL, "không đọc được nhật ký",
	    audit_row, &w);
}

static int
pg_backup(struct store *s, const char *path)
{
	(void)path;
	buf_reset(&s->err);
	buf_printf(&s->err, "%s là cơ sở dữ liệu PostgreSQL: sao lưu bằng "
	    "`pg_dump -Fc -f TỆP \"URL\"` (xem docs/deploy.md); `ktxh backup` "
	    "chỉ chép tệp SQLite", s->path);
	return -1;
}

static int
pg_restore(struct store *s, const char *path)
{
	(void)path;
	buf_reset(&s->err);
	buf_printf(&s->err, "%s là cơ sở dữ liệu PostgreSQL: khôi phục bằng "
	    "`pg_restore --clean -d \"URL\" TỆP` (xem docs/deploy.md); `ktxh "
	    "restore` chỉ chép tệp SQLite", s->path);
	return -1;
}

/* PostgreSQL checks its pages itself (data checksums, amcheck); here, what
 * the schema promises: every foreign key holds (each is checked as the
 * transaction that wrote ends, but a constraint added NOT VALID or a
 * trigger disabled by hand could let rows through) and the schema is this
 * version's. */
static int
pg_check(struct store *s, struct buf *problems)
{
	static const char *const orphans =
	    "SELECT 'actual ' || unit || ' ' || indicator || ' ' || period"
	    " FROM actual a WHERE NOT EXISTS (SELECT 1 FROM unit u"
	    " WHERE u.code = a.unit) OR NOT EXISTS (SELECT 1 FROM indicator i"
	    " WHERE i.code = a.indicator)"
	    " UNION ALL SELECT 'target ' || unit || ' ' || indicator || ' ' || year"
	    " FROM target t WHERE NOT EXISTS (SELECT 1 FROM unit u"
	    " WHERE u.code = t.unit) OR NOT EXISTS (SELECT 1 FROM indicator i"
	    " WHERE i.code = t.indicator)"
	    " UNION ALL SELECT 'constraint ' || conname FROM pg_constraint"
	    " WHERE NOT convalidated AND connamespace = current_schema()::regnamespace";
	PGresult *r;
	int i;

	if (pg_ready(s) != 0) {
		buf_printf(problems, "%s\n", pg_error(s));
		return 0;
	}
	r = PQexec(s->conn, orphans);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		fail_res(s, r, "không kiểm tra được cơ sở dữ liệu");
		PQclear(r);
		return -1;
	}
	for (i = 0; i < PQntuples(r); i++)
		buf_printf(problems, "%s\n", PQgetvalue(r, i, 0));
	PQclear(r);
	return 0;
}

/*
 * Inside a transaction, a unit's data (its targets, values, texts and the
 * workflow state of its periods) is read and written under a lock of the
 * unit held until the transaction ends, taken before the first read's
 * snapshot: a writer that checked "draft" writes its value
 * before a submit of another server can commit, and a writer that comes
 * after the submit reads "submitted", and a writer refused by another's
 * version shows that version. SQLite gets this from BEGIN IMMEDIATE (one
 * writer at a time); here writers of other units go on.
 */
static int
lock_unit(struct store *s, const char *unit)
{
	struct params p = { .n = 0 };
	PGresult *r;

	if (s->depth == 0 || unit == NULL ||
	    (s->locked != NULL && strcmp(s->locked, unit) == 0))
		return 0;
	p_text(&p, unit);
	if ((r = exec_st(s, ST_UNIT_LOCK, &p,
	    "không khóa được trạng thái kỳ báo cáo")) == NULL)
		return -1;
	PQclear(r);
	free(s->locked);
	s->locked = xstrdup(unit);
	return 0;
}

static int
pg_period_state(struct store *s, const char *unit, const char *period,
    enum pstate *state, struct buf *by, struct buf *reason)
{
	struct params p = { .n = 0 };
	PGresult *r;
	bool row;
	int k;

	*state = PSTATE_DRAFT;
	if (lock_unit(s, unit) != 0)
		return -1;
	p_text(&p, unit);
	p_text(&p, period);
	if ((r = one(s, ST_STATE, &p, "không đọc được trạng thái kỳ báo cáo",
	    &row)) == NULL)
		return -1;
	if (row) {
		k = model_lookup(pstate_names, col_str(r, 0, 0));
		*state = k < 0 ? PSTATE_DRAFT : (enum pstate)k;
		if (by != NULL)
			buf_puts(by, PQgetvalue(r, 0, 2));
		if (reason != NULL && !PQgetisnull(r, 0, 3))
			buf_puts(reason, PQgetvalue(r, 0, 3));
	}
	PQclear(r);
	return 0;
}

static int
pg_put_period_state(struct store *s, const char *unit, const char *period,
    enum pstate state, const char *account, const char *reason)
{
	struct params p = { .n = 0 };

	p_text(&p, unit);
	p_text(&p, period);
	if (lock_unit(s, unit) != 0)
		return -1;
	p_text(&p, pstate_names[state]);
	p_text(&p, account);
	p_text(&p, reason);
	return run(s, ST_PUT_STATE, &p, "không ghi được trạng thái kỳ báo cáo",
	    NULL);
}

/* ---- explanation requests ---- */

static int
put_request_msg(struct store *s, long long id, const struct xmsg *m)
{
	struct params p = { .n = 0 };

	p_int(&p, id);
	p_text(&p, m->kind);
	p_text(&p, m->account);
	p_text(&p, m->body);
	return run(s, ST_PUT_REQUEST_MSG, &p, "không ghi được yêu cầu giải trình",
	    NULL);
}

static int
pg_put_request(struct store *s, const struct xrequest *x, long long *id)
{
	struct params p = { .n = 0 };
	PGresult *r;
	bool row;

	*id = 0;
	if (x->nmsgs < 1 || pg_begin(s) != 0)
		return -1;
	p_text(&p, x->unit);
	p_text(&p, x->indicator);
	p_text(&p, x->period);
	p_text(&p, x->asked_by);
	p_text(&p, x->asker_unit);
	s->wrote = true;
	if ((r = one(s, ST_PUT_REQUEST, &p, "không ghi được yêu cầu giải trình",
	    &row)) == NULL)
		goto err;
	*id = row ? col_int(r, 0, 0) : 0;
	PQclear(r);
	if (*id == 0 || put_request_msg(s, *id, &x->msgs[0]) != 0 ||
	    pg_commit(s) != 0)
		goto err;
	return 0;
err:
	*id = 0;
	pg_rollback(s);
	return -1;
}

static void
request_filter(struct params *p, const char *unit, long long id, int state)
{
	p_text(p, unit);
	p_int(p, id);
	p_text(p, state >= 0 && state < XSTATE__MAX ? xstate_names[state] :
	    NULL);
}

static int
pg_requests(struct store *s, const char *unit, long long id, int state,
    struct xrequest **out, size_t *n)
{
	struct params p = { .n = 0 };
	struct xrequest *x;
	PGresult *r;
	size_t cap = 0, i, cm;
	long long rid;
	int k, row;

	*out = NULL;
	*n = 0;
	request_filter(&p, unit, id, state);
	if ((r = exec_st(s, ST_REQUESTS, &p,
	    "không đọc được yêu cầu giải trình")) == NULL)
		return -1;
	for (row = 0; row < PQntuples(r); row++) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		x = &(*out)[*n - 1];
		x->id = col_int(r, row, 0);
		x->unit = col_text(r, row, 1);
		x->indicator = col_text(r, row, 2);
		x->period = col_text(r, row, 3);
		k = model_lookup(xstate_names, col_str(r, row, 4));
		x->state = k < 0 ? XSTATE_OPEN : (enum xstate)k;
		x->asked_by = col_text(r, row, 5);
		x->asker_unit = col_text(r, row, 6);
		x->created = col_text(r, row, 7);
		x->updated = col_text(r, row, 8);
		x->version = col_int(r, row, 9);
	}
	PQclear(r);
	if ((r = exec_st(s, ST_REQUEST_MSGS, &p,
	    "không đọc được yêu cầu giải trình")) == NULL) {
		store_free_requests(*out, *n);
		*out = NULL;
		*n = 0;
		return -1;
	}
	/* Requests are newest first: find each message's by its id. */
	i = 0;
	for (row = 0; row < PQntuples(r); row++) {
		struct xmsg *m;

		rid = col_int(r, row, 0);
		if (i >= *n || (*out)[i].id != rid)
			for (i = 0; i < *n && (*out)[i].id != rid; i++)
				;
		if (i >= *n)
			continue;	/* a request written between the two reads */
		x = &(*out)[i];
		cm = x->nmsgs;	/* push grows a full array */
		x->msgs = store_push(x->msgs, &x->nmsgs, &cm, sizeof(*x->msgs));
		m = &x->msgs[x->nmsgs - 1];
		m->kind = col_text(r, row, 1);
		m->account = col_text(r, row, 2);
		m->at = col_text(r, row, 3);
		m->body = col_text(r, row, 4);
	}
	PQclear(r);
	return 0;
}

/* The step is one conditional UPDATE, whose row lock also serialises the
 * thread's next message number. */
static int
pg_request_step(struct store *s, long long id, long long version,
    enum xstate state, const struct xmsg *msg)
{
	struct params p = { .n = 0 };
	long long changed = 0;

	if (pg_begin(s) != 0)
		return -1;
	p_int(&p, id);
	p_text(&p, xstate_names[state]);
	p_int(&p, version);
	if (run(s, ST_REQUEST_STEP, &p, "không ghi được yêu cầu giải trình",
	    &changed) != 0)
		goto err;
	if (changed == 0) {
		pg_rollback(s);
		return STORE_CONFLICT;
	}
	if (put_request_msg(s, id, msg) != 0 || pg_commit(s) != 0)
		goto err;
	return 0;
err:
	pg_rollback(s);
	return -1;
}

/* ---- reports sent up, units' certificates ---- */

/* b as hex digits (NULL stays NULL): what decode($n, 'hex') reads. */
static char *
hex_of(const unsigned char *b, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	char *out;
	size_t i;

	if (b == NULL)
		return NULL;
	out = xmalloc(2 * n + 1);
	for (i = 0; i < n; i++) {
		out[2 * i] = hx[b[i] >> 4];
		out[2 * i + 1] = hx[b[i] & 15];
	}
	out[2 * n] = '\0';
	return out;
}

static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : 0;
}

/* The bytes of a column of encode(…, 'hex'), or NULL. */
static unsigned char *
col_hex(const PGresult *r, int row, int c, size_t *len)
{
	const char *h = col_str(r, row, c);
	unsigned char *out;
	size_t n, i;

	*len = 0;
	if (h == NULL)
		return NULL;
	n = strlen(h) / 2;
	out = xmalloc(n ? n : 1);
	for (i = 0; i < n; i++)
		out[i] = (unsigned char)(hexval(h[2 * i]) << 4 | hexval(h[2 * i + 1]));
	*len = n;
	return out;
}

static int
pg_put_submission(struct store *s, const struct submission *x, long long *id)
{
	struct params p = { .n = 0 };
	char *pdf = hex_of(x->pdf, x->pdflen);
	long long changed = 0;
	PGresult *r;
	bool row;
	int rc = -1;

	if (id != NULL)
		*id = 0;
	p_text(&p, x->unit);
	p_text(&p, x->period);
	p_text(&p, sstate_names[x->state]);
	p_text(&p, x->source);
	p_text(&p, pdf);
	p_text(&p, x->pdf_sha256);
	p_text(&p, x->signer);
	p_text(&p, x->signed_by);
	p_text(&p, x->signed_at);
	p_text(&p, x->snapshot);
	p_text(&p, x->sent_by);
	p_text(&p, x->sent_at);
	p_text(&p, x->decided_by);
	p_text(&p, x->decided_at);
	p_text(&p, x->reason);
	if (x->id != 0) {
		p_int(&p, x->id);
		p_int(&p, x->version);
		if (run(s, ST_SUBMISSION_IF, &p, "không ghi được báo cáo gửi cấp "
		    "trên", &changed) == 0)
			rc = changed == 0 ? STORE_CONFLICT : 0;
		goto out;
	}
	s->wrote = true;
	if ((r = one(s, ST_PUT_SUBMISSION, &p, "không ghi được báo cáo gửi cấp "
	    "trên", &row)) == NULL)
		goto out;
	if (id != NULL && row)
		*id = col_int(r, 0, 0);
	PQclear(r);
	rc = 0;
out:
	free(pdf);
	return rc;
}

static int
pg_submissions(struct store *s, const char *unit, const char *period,
    long long id, bool full, struct submission **out, size_t *n)
{
	struct params p = { .n = 0 };
	struct submission *x;
	PGresult *r;
	size_t cap = 0, len;
	int k, row;

	*out = NULL;
	*n = 0;
	p_text(&p, unit);
	p_text(&p, period);
	p_int(&p, id);
	p_int(&p, full);
	if ((r = exec_st(s, ST_SUBMISSIONS, &p,
	    "không đọc được báo cáo gửi cấp trên")) == NULL)
		return -1;
	for (row = 0; row < PQntuples(r); row++) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		x = &(*out)[*n - 1];
		x->id = col_int(r, row, 0);
		x->unit = col_text(r, row, 1);
		x->period = col_text(r, row, 2);
		k = model_lookup(sstate_names, col_str(r, row, 3));
		x->state = k < 0 ? SSTATE_SIGNED : (enum sstate)k;
		x->source = col_text(r, row, 4);
		x->pdf = col_hex(r, row, 5, &len);
		x->pdflen = (size_t)col_int(r, row, 6);
		x->pdf_sha256 = col_text(r, row, 7);
		x->signer = col_text(r, row, 8);
		x->signed_by = col_text(r, row, 9);
		x->signed_at = col_text(r, row, 10);
		x->snapshot = col_text(r, row, 11);
		x->sent_by = col_text(r, row, 12);
		x->sent_at = col_text(r, row, 13);
		x->decided_by = col_text(r, row, 14);
		x->decided_at = col_text(r, row, 15);
		x->reason = col_text(r, row, 16);
		x->version = col_int(r, row, 17);
	}
	PQclear(r);
	return 0;
}

static int
pg_put_unit_cert(struct store *s, const struct unit_cert *c)
{
	struct params p = { .n = 0 };
	char *sealed = hex_of(c->sealed, c->sealedlen);
	int rc;

	p_text(&p, c->unit);
	p_text(&p, sealed);
	p_text(&p, c->subject);
	p_text(&p, c->title);
	p_text(&p, c->not_after);
	p_text(&p, c->uploaded_by);
	rc = run(s, ST_PUT_UNIT_CERT, &p, "không ghi được chứng thư số của đơn vị",
	    NULL);
	free(sealed);
	return rc;
}

static int
pg_unit_certs(struct store *s, const char *unit, struct unit_cert **out,
    size_t *n)
{
	struct params p = { .n = 0 };
	struct unit_cert *c;
	PGresult *r;
	size_t cap = 0;
	int row;

	*out = NULL;
	*n = 0;
	p_text(&p, unit);
	if ((r = exec_st(s, ST_UNIT_CERTS, &p,
	    "không đọc được chứng thư số của đơn vị")) == NULL)
		return -1;
	for (row = 0; row < PQntuples(r); row++) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		c = &(*out)[*n - 1];
		c->unit = col_text(r, row, 0);
		c->sealed = col_hex(r, row, 1, &c->sealedlen);
		c->subject = col_text(r, row, 2);
		c->title = col_text(r, row, 3);
		c->not_after = col_text(r, row, 4);
		c->uploaded_by = col_text(r, row, 5);
		c->uploaded_at = col_text(r, row, 6);
	}
	PQclear(r);
	return 0;
}

/* ---- the roll-up cache (store.h) ---- */

static void
rollup_params(struct params *p, const char *unit, int year,
    const char *member, bool before)
{
	p_text(p, unit);
	p_int(p, year);
	p_text(p, member);
	p_text(p, before ? "t" : "f");
}

static int
pg_rollup_get(struct store *s, const char *unit, int year,
    const char *member, bool before, struct rollup_row **a, size_t *n)
{
	struct params p = { .n = 0 };
	PGresult *r;
	size_t cap = 0;
	int row;

	*a = NULL;
	*n = 0;
	rollup_params(&p, unit, year, member, before);
	if ((r = exec_st(s, ST_ROLLUP_GET, &p,
	    "không đọc được số liệu tổng hợp")) == NULL)
		return -1;
	for (row = 0; row < PQntuples(r); row++) {
		struct rollup_row *x;

		*a = store_push(*a, n, &cap, sizeof(**a));
		x = &(*a)[*n - 1];
		memset(x, 0, sizeof(*x));
		/* Binary rows: a text is its bytes, a bytea its bytes. */
		x->member = xstrndup(PQgetvalue(r, row, 0),
		    (size_t)PQgetlength(r, row, 0));
		buf_append(&x->data, PQgetvalue(r, row, 1),
		    (size_t)PQgetlength(r, row, 1));
		if (!PQgetisnull(r, row, 2))
			buf_append(&x->before, PQgetvalue(r, row, 2),
			    (size_t)PQgetlength(r, row, 2));
	}
	PQclear(r);
	return 0;
}

static int
pg_rollup_stamp(struct store *s, const char *unit, int year,
    struct rollup_stamp *out)
{
	struct params p = { .n = 0 };
	bool row;
	PGresult *r;

	memset(out, 0, sizeof(*out));
	p_text(&p, unit);
	p_int(&p, year);
	if ((r = one(s, ST_ROLLUP_STAMP, &p, "không đọc được số liệu tổng hợp",
	    &row)) == NULL)
		return -1;
	if (row) {
		out->unit = col_int(r, 0, 0);
		out->all = col_int(r, 0, 1);
	}
	PQclear(r);
	return row ? 0 : fail(s, "không đọc được số liệu tổng hợp");
}

/* A cache write: its own transaction, which does not bump the data
 * generation. Its locks, in this order: the cache's table (a writer
 * dropping all of it waits, or is waited for and its stamp then seen),
 * then its row of stamps (the same with a writer touching that unit and
 * year). It waits for no lock long, so a writer that holds one and then
 * wants the table is not held up by it for more than a moment. */
static int
pg_rollup_put(struct store *s, const char *unit, int year,
    const struct rollup_stamp *want, const struct rollup_row *a, size_t n,
    bool *kept)
{
	static const char *const what = "không ghi được số liệu tổng hợp";
	struct rollup_stamp now;
	struct params p = { .n = 0 };
	char *hex, *hex2;
	size_t i;
	int rc = -1;

	*kept = false;
	if (s->depth > 0)
		return 0;
	revive(s);
	if (exec_sql(s, "BEGIN", what) != 0)
		return -1;
	s->depth = 1;		/* no silent reconnection in the middle */
	p_text(&p, unit);
	p_int(&p, year);
	if (exec_sql(s, "SET LOCAL lock_timeout = '200ms'; LOCK TABLE rollup"
	    " IN ROW EXCLUSIVE MODE", what) != 0 ||
	    run(s, ST_ROLLUP_LOCK, &p, what, NULL) != 0 ||
	    run(s, ST_ROLLUP_MINE, &p, what, NULL) != 0 ||
	    pg_rollup_stamp(s, unit, year, &now) != 0)
		goto out;
	if (now.unit != want->unit || now.all != want->all) {
		rc = 0;
		goto out;
	}
	if (run(s, ST_ROLLUP_DEL, &p, what, NULL) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		hex = hex_of((const unsigned char *)a[i].data.data, a[i].data.len);
		hex2 = hex_of((const unsigned char *)a[i].before.data,
		    a[i].before.len);
		p.n = 2;
		p_text(&p, a[i].member);
		p_text(&p, hex != NULL ? hex : "");
		p_text(&p, hex2 != NULL ? hex2 : "");
		rc = run(s, ST_ROLLUP_INS, &p, what, NULL);
		free(hex);
		free(hex2);
		if (rc != 0)
			goto out;
	}
	s->depth = 0;
	s->wrote = false;
	if (exec_sql(s, "COMMIT", what) != 0)
		return -1;
	*kept = true;
	return 0;
out:
	s->depth = 0;
	s->wrote = false;
	exec_sql(s, "ROLLBACK", what);
	return rc;
}

static int
pg_rollup_touch(struct store *s, const char *unit, int year)
{
	static const char *const what = "không ghi được số liệu tổng hợp";
	struct params p = { .n = 0 };

	if (s->touched_all && s->depth > 0)
		return 0;
	if (unit == NULL) {
		/* The table's lock first (it needs a transaction): a cache
		 * write under way finishes before (and its rows go), or waits
		 * and sees the stamp. */
		if ((s->depth == 0 && exec_sql(s, "BEGIN", what) != 0) ||
		    exec_sql(s, "LOCK TABLE rollup IN SHARE ROW EXCLUSIVE MODE",
		    what) != 0 ||
		    run(s, ST_ROLLUP_TOUCH_ALL, NULL, what, NULL) != 0 ||
		    exec_sql(s, "DELETE FROM rollup", what) != 0) {
			if (s->depth == 0)
				exec_sql(s, "ROLLBACK", what);
			return -1;
		}
		if (s->depth == 0)
			return exec_sql(s, "COMMIT", what);
		s->touched_all = true;
		return 0;
	}
	p_text(&p, unit);
	p_int(&p, year);
	/* Two statements: the second's snapshot is taken after the first
	 * has waited for any cache write of those units to commit. */
	if (run(s, ST_ROLLUP_TOUCH, &p, what, NULL) != 0)
		return -1;
	return run(s, ST_ROLLUP_TOUCH_DEL, &p, what, NULL);
}

/* ---- reads sent together ---- */

/* The reads a caller is about to make (store_read_ahead), sent in libpq's
 * pipeline mode: one round trip, not one each; the server works through
 * them while the answers come back. Each store call then takes its answer
 * (exec_st, each_row: the same statement with the same parameters); what
 * fails here is simply not kept, and its call asks again and says why.
 * Outside a transaction only: within one, reads take the unit's lock
 * first (lock_unit). */
static void
pg_read_ahead(struct store *s, const struct store_ahead *a)
{
	struct {
		enum stmt	 i;
		struct params	 p;
	} q[7];
	struct buf set1 = BUF_INIT, set2 = BUF_INIT;
	char name[16];
	PGresult *r;
	int n = 0, k, sent, fmt, np;
	ExecStatusType t;

	pg_read_ahead_end(s);
	if (s->depth > 0 || PQstatus(s->conn) != CONNECTION_OK)
		return;
	memset(q, 0, sizeof(q));
	if (a->setting != NULL) {
		q[n].i = ST_SETTING;
		p_text(&q[n++].p, a->setting);
	}
	if (a->sectors)
		q[n++].i = ST_SECTORS;
	if (a->indicators)
		q[n++].i = ST_INDICATORS;
	if (a->targets_unit != NULL) {
		q[n].i = ST_TARGETS_OF;
		set_params(&q[n++].p, &set1, &a->targets_unit, 1,
		    a->targets_year, -1);
	}
	if (a->rollup_unit != NULL) {
		q[n].i = ST_ROLLUP_GET;
		rollup_params(&q[n++].p, a->rollup_unit, a->rollup_year, NULL,
		    a->rollup_before);
	}
	if (a->values_unit != NULL) {
		q[n].i = ST_VALUES_OF;
		set_params(&q[n++].p, &set2, &a->values_unit, 1, a->values_y0,
		    a->values_y1);
	}
	if (a->cutoffs)
		q[n++].i = ST_CUTOFFS;
	if (n < 2 || PQenterPipelineMode(s->conn) != 1)
		goto out;
	for (sent = 0; sent < n; sent++) {
		k = q[sent].i;
		fmt = binary_rows[k] ? 1 : 0;
		np = nsent(s, k, &q[sent].p);
		snprintf(name, sizeof(name), "k%d", k);
		if (!(s->prepared[k] ? PQsendQueryPrepared(s->conn, name, np,
		    q[sent].p.v, NULL, NULL, fmt) :
		    PQsendQueryParams(s->conn, sql[k], np, NULL, q[sent].p.v,
		    NULL, NULL, fmt)))
			break;
		s->used[k] = true;
	}
	if (PQpipelineSync(s->conn) != 1)
		sent = 0;
	/* Each query's result, then a NULL; at the end the sync's. */
	for (k = 0; k < sent; k++) {
		while ((r = PQgetResult(s->conn)) != NULL) {
			t = PQresultStatus(r);
			if (t == PGRES_TUPLES_OK && s->ahead[q[k].i] == NULL) {
				s->ahead[q[k].i] = r;
				s->ahead_key[q[k].i] = params_key(s, q[k].i,
				    &q[k].p);
			} else
				PQclear(r);
		}
	}
	while ((r = PQgetResult(s->conn)) != NULL) {
		t = PQresultStatus(r);
		PQclear(r);
		if (t == PGRES_PIPELINE_SYNC)
			break;
	}
	if (PQexitPipelineMode(s->conn) != 1)
		pg_read_ahead_end(s);
out:
	buf_free(&set1);
	buf_free(&set2);
}

const struct store_ops store_pg_ops = {
	.name = "PostgreSQL",
	.open = pg_open,
	.close = pg_close,
	.migrate = pg_migrate,
	.error = pg_error,
	.ready = pg_ready,
	.begin = pg_begin,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.generation = pg_generation,
	.rollup_get = pg_rollup_get,
	.rollup_stamp = pg_rollup_stamp,
	.rollup_put = pg_rollup_put,
	.rollup_touch = pg_rollup_touch,
	.units_near = pg_units_near,
	.read_ahead = pg_read_ahead,
	.read_ahead_end = pg_read_ahead_end,
	.latest_year = pg_latest_year,
	.first_target_unit = pg_first_target_unit,
	.sectors = pg_sectors,
	.units = pg_units,
	.find_units = pg_find_units,
	.indicators = pg_indicators,
	.targets = pg_targets,
	.targets_of = pg_targets_of,
	.each_value = pg_each_value,
	.values_of = pg_values_of,
	.unit_changes = pg_unit_changes,
	.cutoffs = pg_cutoffs,
	.setting = pg_setting,
	.settings = pg_settings,
	.set_actor = pg_set_actor,
	.put_sector = pg_put_sector,
	.put_unit = pg_put_unit,
	.put_indicator = pg_put_indicator,
	.put_target = pg_put_target,
	.put_value = pg_put_value,
	.del_value = pg_del_value,
	.put_cutoff = pg_put_cutoff,
	.put_unit_change = pg_put_unit_change,
	.bulk_begin = pg_bulk_begin,
	.bulk_target = pg_bulk_target,
	.bulk_value = pg_bulk_value,
	.bulk_text = pg_bulk_text,
	.bulk_end = pg_bulk_end,
	.put_setting = pg_put_setting,
	.text = pg_text,
	.each_text = pg_each_text,
	.put_text = pg_put_text,
	.stamp = pg_stamp,
	.each_report_setting = pg_each_report_setting,
	.put_report_setting = pg_put_report_setting,
	.account = pg_account,
	.accounts = pg_accounts,
	.put_account = pg_put_account,
	.set_password = pg_set_password,
	.session = pg_session,
	.put_session = pg_put_session,
	.del_session = pg_del_session,
	.del_sessions_of = pg_del_sessions_of,
	.del_other_sessions = pg_del_other_sessions,
	.token = pg_token,
	.put_token = pg_put_token,
	.login_throttle = pg_login_throttle,
	.login_failed = pg_login_failed,
	.login_ok = pg_login_ok,
	.audit = pg_audit,
	.each_audit = pg_each_audit,
	.each_audit_asc = pg_each_audit_asc,
	.audit_last = pg_audit_last,
	.backup = pg_backup,
	.restore = pg_restore,
	.check = pg_check,
	.period_state = pg_period_state,
	.put_period_state = pg_put_period_state,
	.put_request = pg_put_request,
	.requests = pg_requests,
	.request_step = pg_request_step,
	.put_submission = pg_put_submission,
	.submissions = pg_submissions,
	.put_unit_cert = pg_put_unit_cert,
	.unit_certs = pg_unit_certs,
};
