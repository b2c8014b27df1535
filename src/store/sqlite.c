/* sqlite.c: the SQLite backend of store.h. WAL journal, foreign keys on,
 * every statement prepared once from the table below with bound parameters,
 * and numbered migrations applied in one transaction. The SQL is kept
 * portable (ON CONFLICT upserts, deferrable foreign keys) so that the
 * PostgreSQL backend (pg.c) keeps the schema's shape. The functions of
 * store.h are static sq_* here, reached through store_sqlite_ops at the end
 * (backend.h says how to add one). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/audit.h"
#include "core/hmap.h"
#include "core/period.h"
#include "backend.h"

/* Numbered migrations: index i brings the schema from version i to i + 1. */
static const char *const migrations[] = {
	/* 1: the foundation. */
	("CREATE TABLE schema_version (version INTEGER NOT NULL);"
	 "INSERT INTO schema_version VALUES (0);"
	 "CREATE TABLE sector ("
	 "  code TEXT PRIMARY KEY, name TEXT NOT NULL, ord INTEGER NOT NULL,"
	 "  builtin INTEGER NOT NULL DEFAULT 0);"
	 "INSERT INTO sector VALUES"
	 "  ('kinh-te', 'Kinh tế', 1, 1),"
	 "  ('van-hoa-xa-hoi', 'Văn hóa - xã hội', 2, 1),"
	 "  ('quoc-phong-an-ninh', 'Quốc phòng - an ninh', 3, 1),"
	 "  ('noi-chinh', 'Nội chính - cải cách hành chính', 4, 1);"
	 "CREATE TABLE unit ("
	 "  code TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL,"
	 "  parent TEXT REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  search_key TEXT NOT NULL, valid_from TEXT, valid_to TEXT);"
	 "CREATE INDEX unit_search ON unit(search_key);"
	 "CREATE TABLE indicator ("
	 "  code TEXT PRIMARY KEY, name TEXT NOT NULL,"
	 "  sector TEXT NOT NULL REFERENCES sector(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  uom TEXT, kind TEXT NOT NULL, time_agg TEXT NOT NULL,"
	 "  unit_agg TEXT NOT NULL, decimals INTEGER, ord INTEGER NOT NULL,"
	 "  parent TEXT REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED);"
	 "CREATE TABLE target ("
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  indicator TEXT NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  year INTEGER NOT NULL, shape TEXT NOT NULL, value REAL, value2 REAL,"
	 "  text TEXT, source TEXT, seq TEXT,"
	 "  PRIMARY KEY (unit, indicator, year));"
	 "CREATE TABLE actual ("
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  indicator TEXT NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period TEXT NOT NULL, year INTEGER NOT NULL, value REAL,"
	 "  numerator REAL, denominator REAL, status TEXT NOT NULL,"
	 "  as_of TEXT, note TEXT,"
	 "  PRIMARY KEY (unit, indicator, period));"
	 "CREATE INDEX actual_unit_year ON actual(unit, year);"
	 "CREATE TABLE cutoff ("
	 "  kind TEXT PRIMARY KEY, start_offset INTEGER NOT NULL,"
	 "  start_day INTEGER NOT NULL, end_offset INTEGER NOT NULL,"
	 "  end_day INTEGER NOT NULL);"
	 "CREATE TABLE setting (key TEXT PRIMARY KEY, value TEXT NOT NULL);"),

	/* 2: report texts with live figures, and report settings. */
	("CREATE TABLE text_block ("
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period TEXT NOT NULL, section TEXT NOT NULL, body TEXT NOT NULL,"
	 "  PRIMARY KEY (unit, period, section));"
	 "CREATE TABLE report_setting ("
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL,"
	 "  value TEXT NOT NULL,"
	 "  PRIMARY KEY (unit, period, key, seq));"),

	/* 3: accounts, sessions, API tokens, the audit log, the workflow. */
	("CREATE TABLE account ("
	 "  name TEXT PRIMARY KEY, role TEXT NOT NULL,"
	 "  unit TEXT REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  sectors TEXT, pwhash TEXT NOT NULL, created TEXT NOT NULL,"
	 "  disabled INTEGER NOT NULL DEFAULT 0);"
	 "CREATE TABLE session ("
	 "  token_hash TEXT PRIMARY KEY, account TEXT NOT NULL"
	 "  REFERENCES account(name) ON DELETE CASCADE, csrf TEXT NOT NULL,"
	 "  expires INTEGER NOT NULL);"
	 "CREATE TABLE api_token ("
	 "  token_hash TEXT PRIMARY KEY, account TEXT NOT NULL"
	 "  REFERENCES account(name) ON DELETE CASCADE, label TEXT,"
	 "  created TEXT NOT NULL);"
	 "CREATE TABLE login_failure ("
	 "  name TEXT PRIMARY KEY, count INTEGER NOT NULL, last INTEGER NOT NULL);"
	 "CREATE TABLE audit ("
	 "  id INTEGER PRIMARY KEY, at TEXT NOT NULL, account TEXT NOT NULL,"
	 "  unit TEXT, action TEXT NOT NULL, object TEXT, old TEXT, new TEXT);"
	 "CREATE INDEX audit_unit ON audit(unit, id);"
	 "CREATE TABLE period_state ("
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period TEXT NOT NULL, state TEXT NOT NULL, updated TEXT NOT NULL,"
	 "  account TEXT NOT NULL, reason TEXT,"
	 "  PRIMARY KEY (unit, period));"),

	/* 4: a generation number bumped by every write transaction, so that
	 * servers can cache what they computed from the data. */
	("CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);"
	 "INSERT INTO meta VALUES ('generation', 0);"),

	/* 5: a version on every value, target and text, with who wrote it and
	 * when, for optimistic concurrency; the audit log's hash chain
	 * (filled for older entries by store_migrate) and the number of entries
	 * written, so that entries removed from its end show. */
	("ALTER TABLE actual ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	 "ALTER TABLE actual ADD COLUMN updated_at TEXT;"
	 "ALTER TABLE actual ADD COLUMN updated_by TEXT;"
	 "ALTER TABLE target ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	 "ALTER TABLE target ADD COLUMN updated_at TEXT;"
	 "ALTER TABLE target ADD COLUMN updated_by TEXT;"
	 "ALTER TABLE text_block ADD COLUMN version INTEGER NOT NULL DEFAULT 1;"
	 "ALTER TABLE text_block ADD COLUMN updated_at TEXT;"
	 "ALTER TABLE text_block ADD COLUMN updated_by TEXT;"
	 "ALTER TABLE audit ADD COLUMN prev_hash TEXT;"
	 "ALTER TABLE audit ADD COLUMN hash TEXT;"
	 "INSERT INTO meta VALUES ('audit_last',"
	 "  coalesce((SELECT max(id) FROM audit), 0));"),

	/* 6: login throttling by client address and by (address, name), not by
	 * name alone (which let anyone lock an account out); sessions end
	 * after an idle time too ("seen": the last request, to the minute). */
	("DROP TABLE IF EXISTS login_failure;"
	 "CREATE TABLE login_throttle ("
	 "  addr TEXT NOT NULL, name TEXT NOT NULL,"	/* name '': the address */
	 "  count INTEGER NOT NULL, last INTEGER NOT NULL,"
	 "  PRIMARY KEY (addr, name));"
	 "CREATE INDEX login_throttle_last ON login_throttle(last);"
	 "ALTER TABLE session ADD COLUMN seen INTEGER NOT NULL DEFAULT 0;"
	 "UPDATE session SET seen = CAST(strftime('%s', 'now') AS INTEGER);"),

	/* 7: the history of units (unit_changes.csv): from date on, share
	 * percent of unit from_unit's additive figures belong to to_unit.
	 * (IF NOT EXISTS: databases of the figures branch had it as 6.) */
	("CREATE TABLE IF NOT EXISTS unit_change ("
	 "  date TEXT NOT NULL,"
	 "  from_unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  to_unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  share REAL NOT NULL DEFAULT 100,"
	 "  PRIMARY KEY (date, from_unit, to_unit));"
	 "CREATE INDEX IF NOT EXISTS unit_change_to ON unit_change(to_unit, date);"),

	/* 8: explanation requests from the level above and their threads. */
	("CREATE TABLE IF NOT EXISTS explain_request ("
	 "  id INTEGER PRIMARY KEY,"
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  indicator TEXT NOT NULL REFERENCES indicator(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period TEXT NOT NULL, state TEXT NOT NULL, asked_by TEXT NOT NULL,"
	 "  asker_unit TEXT, created TEXT NOT NULL, updated TEXT NOT NULL,"
	 "  version INTEGER NOT NULL DEFAULT 1);"
	 "CREATE INDEX IF NOT EXISTS explain_request_unit ON explain_request(unit, state);"
	 "CREATE TABLE IF NOT EXISTS request_message ("
	 "  request INTEGER NOT NULL REFERENCES explain_request(id),"
	 "  seq INTEGER NOT NULL, kind TEXT NOT NULL, account TEXT NOT NULL,"
	 "  at TEXT NOT NULL, body TEXT,"
	 "  PRIMARY KEY (request, seq));"),

	/* 9: reports sent up to the level above (signed PDF and the figures
	 * it was made from), and each unit's sealed signing certificate. */
	("CREATE TABLE IF NOT EXISTS submission ("
	 "  id INTEGER PRIMARY KEY,"
	 "  unit TEXT NOT NULL REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  period TEXT NOT NULL, state TEXT NOT NULL, source TEXT NOT NULL,"
	 "  pdf BLOB NOT NULL, pdf_sha256 TEXT NOT NULL, signer TEXT,"
	 "  signed_by TEXT NOT NULL, signed_at TEXT NOT NULL,"
	 "  snapshot TEXT NOT NULL, sent_by TEXT, sent_at TEXT,"
	 "  decided_by TEXT, decided_at TEXT, reason TEXT,"
	 "  version INTEGER NOT NULL DEFAULT 1);"
	 "CREATE INDEX IF NOT EXISTS submission_unit ON submission(unit, period);"
	 "CREATE TABLE IF NOT EXISTS unit_cert ("
	 "  unit TEXT PRIMARY KEY REFERENCES unit(code) DEFERRABLE INITIALLY DEFERRED,"
	 "  sealed BLOB NOT NULL, subject TEXT NOT NULL, title TEXT,"
	 "  not_after TEXT NOT NULL, uploaded_by TEXT NOT NULL,"
	 "  uploaded_at TEXT NOT NULL);"),

	/* 10: PostgreSQL's values and targets lose their per-row foreign keys
	 * (pg.c says why). SQLite keeps them: its check is a probe of an
	 * index in the same process, a few percent of an import. */
	("SELECT 1;"),

	/* 11: the roll-up cache (store.h): the figures of a unit with
	 * children and of its children for one year, and a stamp per unit
	 * and year ('', 0: all of them) that every write touching it bumps. */
	("CREATE TABLE IF NOT EXISTS rollup_state (unit TEXT NOT NULL,"
	 "  year INTEGER NOT NULL, stamp INTEGER NOT NULL, PRIMARY KEY (unit, year)) WITHOUT ROWID;"
	 "INSERT INTO rollup_state VALUES ('', 0, 0) ON CONFLICT DO NOTHING;"
	 "CREATE TABLE IF NOT EXISTS rollup (unit TEXT NOT NULL,"
	 "  year INTEGER NOT NULL, member TEXT NOT NULL, data BLOB NOT NULL,"
	 "  PRIMARY KEY (unit, year, member));"
	 "CREATE INDEX IF NOT EXISTS unit_change_from ON unit_change(from_unit);"),

	/* 12: each member's figures of the year before apart from those of
	 * the year (data_before), that a reader of the year's alone (ktxh
	 * eval, the API) reads half as much. The cache kept before is
	 * dropped (and computed again when asked for): the table made anew,
	 * as every migration may run again. */
	("DROP TABLE IF EXISTS rollup;"
	 "CREATE TABLE rollup (unit TEXT NOT NULL, year INTEGER NOT NULL,"
	 "  member TEXT NOT NULL, data BLOB NOT NULL, data_before BLOB,"
	 "  PRIMARY KEY (unit, year, member));"
	 /* (The units below one: store_units_near.) */
	 "CREATE INDEX IF NOT EXISTS unit_parent ON unit(parent);"),
};
/* The migration that started the audit chain (older entries get hashed). */
#define MIGRATION_AUDIT_CHAIN 5
#define NMIGRATIONS (int)(sizeof(migrations) / sizeof(migrations[0]))

enum stmt {
	ST_VERSION,
	ST_SET_VERSION,
	ST_SECTORS,
	ST_UNITS,
	ST_FIND_UNITS,
	ST_INDICATORS,
	ST_TARGETS,
	ST_TARGETS_OF,
	ST_VALUES,
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
	ST_VALUE_STAMP,
	ST_DEL_VALUE,
	ST_TARGET_STAMP,
	ST_TEXT_STAMP,
	ST_PUT_CUTOFF,
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
	ST_THROTTLE_FORGET,
	ST_THROTTLE_OK,
	ST_AUDIT,
	ST_AUDITS,
	ST_AUDIT_HEAD,
	ST_AUDIT_CHAIN,
	ST_AUDIT_REHASH,
	ST_AUDIT_SET_LAST,
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
	ST_ROLLUP_DEL,
	ST_ROLLUP_INS,
	ST_ROLLUP_TOUCH,
	ST_ROLLUP_TOUCH_DEL,
	ST_ROLLUP_TOUCH_ALL,
	ST__MAX
};

#define UNIT_COLS "code, name, kind, parent, valid_from, valid_to"
/* Unit ?1, the units below it and those they were made of, transitively
 * (store_units_near). */
#define NEAR "WITH RECURSIVE near(code) AS (SELECT ?1 UNION SELECT unit.code"\
	" FROM unit JOIN near ON unit.parent = near.code UNION SELECT"	\
	" unit_change.from_unit FROM unit_change JOIN near"		\
	" ON unit_change.to_unit = near.code)"
#define AUDIT_COLS "id, at, account, unit, action, object, old, new," \
	" hash, prev_hash"
#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
/* A target's and a value's columns as written, and the replacement of the
 * row of the same key: one statement or a bulk load's many rows. */
#define TARGET_COLS "unit, indicator, year, shape, value, value2, text," \
	" source, seq, updated_at, updated_by"
#define TARGET_NCOLS 11
#define TARGET_UPSERT " ON CONFLICT (unit, indicator, year) DO UPDATE SET" \
	" shape = excluded.shape, value = excluded.value," \
	" value2 = excluded.value2, text = excluded.text," \
	" source = excluded.source, seq = excluded.seq," \
	" version = target.version + 1, updated_at = excluded.updated_at," \
	" updated_by = excluded.updated_by"
#define VALUE_COLS "unit, indicator, period, year, value, numerator," \
	" denominator, status, as_of, note, updated_at, updated_by"
#define VALUE_NCOLS 12
#define TEXT_COLS "unit, period, section, body, updated_at, updated_by"
#define TEXT_NCOLS 6
#define TEXT_UPSERT " ON CONFLICT (unit, period, section) DO UPDATE SET" \
	" body = excluded.body, version = text_block.version + 1," \
	" updated_at = excluded.updated_at, updated_by = excluded.updated_by"
#define VALUE_UPSERT " ON CONFLICT (unit, indicator, period) DO UPDATE SET" \
	" value = excluded.value, numerator = excluded.numerator," \
	" denominator = excluded.denominator, status = excluded.status," \
	" as_of = excluded.as_of, note = excluded.note," \
	" version = actual.version + 1, updated_at = excluded.updated_at," \
	" updated_by = excluded.updated_by"

#define ROLLUP_UP "up(code) AS (SELECT ?1 UNION SELECT u.parent FROM unit u" \
	" JOIN up ON u.code = up.code WHERE u.parent IS NOT NULL UNION" \
	" SELECT c.to_unit FROM unit_change c JOIN up ON c.from_unit = up.code)"

static const char *const sql[ST__MAX] = {
	[ST_VERSION] = "SELECT version FROM schema_version",
	[ST_SET_VERSION] = "UPDATE schema_version SET version = ?1",
	[ST_SECTORS] = "SELECT code, name, ord, builtin FROM sector"
	    " ORDER BY ord, code",
	[ST_UNITS] = "SELECT " UNIT_COLS " FROM unit ORDER BY code",
	[ST_FIND_UNITS] = "SELECT " UNIT_COLS " FROM unit WHERE code = ?1"
	    " UNION SELECT " UNIT_COLS " FROM unit WHERE search_key IN (?2, ?3)"
	    " ORDER BY 1",
	[ST_INDICATORS] = "SELECT code, name, sector, uom, kind, time_agg,"
	    " unit_agg, decimals, ord, parent FROM indicator ORDER BY ord, code",
	[ST_TARGETS] = "SELECT unit, indicator, year, shape, value, value2,"
	    " text, source, seq, version FROM target"
	    " WHERE (?1 IS NULL OR unit = ?1) AND (?2 = 0 OR year = ?2)"
	    " ORDER BY unit, year, indicator",
	[ST_VALUES] = "SELECT unit, indicator, period, value, numerator,"
	    " denominator, status, as_of, note, version FROM actual"
	    " WHERE (?1 IS NULL OR unit = ?1) AND (?2 = 0 OR year BETWEEN ?2 AND ?3)"
	    " ORDER BY unit, indicator, period",
	[ST_VALUES_OF] = "SELECT unit, indicator, period, value, numerator,"
	    " denominator, status, as_of, note, version FROM actual"
	    " WHERE unit IN (SELECT value FROM json_each(?1))"
	    " AND (?2 = 0 OR year BETWEEN ?2 AND ?3)"
	    " ORDER BY unit, indicator, period",
	/* By the (unit, year) index, in no order: a sort of a country's
	 * values would cost more than reading them. */
	[ST_SET_VALUES] = "SELECT unit, indicator, period, value, numerator,"
	    " denominator, status, as_of FROM actual"
	    " WHERE unit IN (SELECT value FROM json_each(?1))"
	    " AND year BETWEEN ?2 AND ?3",
	[ST_TARGETS_OF] = "SELECT unit, indicator, year, shape, value, value2,"
	    " text, source, seq, version FROM target"
	    " WHERE unit IN (SELECT value FROM json_each(?1))"
	    " AND (?2 = 0 OR year = ?2)"
	    " ORDER BY unit, year, indicator",
	[ST_UNIT_CHANGES] = "SELECT date, from_unit, to_unit, share"
	    " FROM unit_change ORDER BY date, from_unit, to_unit",
	[ST_UNITS_NEAR] = NEAR " SELECT " UNIT_COLS " FROM unit"
	    " WHERE code IN (SELECT code FROM near) ORDER BY code",
	[ST_CHANGES_NEAR] = NEAR " SELECT date, from_unit, to_unit, share"
	    " FROM unit_change WHERE to_unit IN (SELECT code FROM near)"
	    " ORDER BY date, from_unit, to_unit",
	[ST_PUT_UNIT_CHANGE] = "INSERT INTO unit_change (date, from_unit, to_unit,"
	    " share) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (date, from_unit, to_unit)"
	    " DO UPDATE SET share = excluded.share",
	[ST_CUTOFFS] = "SELECT kind, start_offset, start_day, end_offset,"
	    " end_day FROM cutoff",
	[ST_SETTING] = "SELECT value FROM setting WHERE key = ?1",
	[ST_SETTINGS] = "SELECT key, value FROM setting ORDER BY key",
	[ST_PUT_SECTOR] = "INSERT INTO sector (code, name, ord) VALUES (?1, ?2, ?3)"
	    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	    " ord = excluded.ord, builtin = 0",
	[ST_PUT_UNIT] = "INSERT INTO unit (" UNIT_COLS ", search_key)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	    " kind = excluded.kind, parent = excluded.parent,"
	    " valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
	    " search_key = excluded.search_key",
	[ST_PUT_INDICATOR] = "INSERT INTO indicator (code, name, sector, uom,"
	    " kind, time_agg, unit_agg, decimals, ord, parent)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
	    " ON CONFLICT (code) DO UPDATE SET name = excluded.name,"
	    " sector = excluded.sector, uom = excluded.uom, kind = excluded.kind,"
	    " time_agg = excluded.time_agg, unit_agg = excluded.unit_agg,"
	    " decimals = excluded.decimals, ord = excluded.ord,"
	    " parent = excluded.parent",
	[ST_PUT_TARGET] = "INSERT INTO target (" TARGET_COLS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " NOW ", ?10)"
	    TARGET_UPSERT,
	[ST_PUT_TARGET_NEW] = "INSERT INTO target (" TARGET_COLS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, " NOW ", ?10)"
	    " ON CONFLICT (unit, indicator, year) DO NOTHING",
	[ST_PUT_TARGET_IF] = "UPDATE target SET shape = ?4, value = ?5,"
	    " value2 = ?6, text = ?7, source = ?8, seq = ?9,"
	    " version = version + 1, updated_at = " NOW ", updated_by = ?10"
	    " WHERE unit = ?1 AND indicator = ?2 AND year = ?3 AND version = ?11",
	[ST_PUT_VALUE] = "INSERT INTO actual (" VALUE_COLS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " NOW ", ?11)"
	    VALUE_UPSERT,
	[ST_PUT_VALUE_NEW] = "INSERT INTO actual (" VALUE_COLS ")"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, " NOW ", ?11)"
	    " ON CONFLICT (unit, indicator, period) DO NOTHING",
	[ST_PUT_VALUE_IF] = "UPDATE actual SET value = ?5, numerator = ?6,"
	    " denominator = ?7, status = ?8, as_of = ?9, note = ?10,"
	    " version = version + 1, updated_at = " NOW ", updated_by = ?11"
	    " WHERE unit = ?1 AND indicator = ?2 AND period = ?3 AND version = ?12",
	[ST_VALUE_STAMP] = "SELECT version, updated_by, updated_at FROM actual"
	    " WHERE unit = ?1 AND indicator = ?2 AND period = ?3",
	[ST_DEL_VALUE] = "DELETE FROM actual"
	    " WHERE unit = ?1 AND indicator = ?2 AND period = ?3",
	[ST_TARGET_STAMP] = "SELECT version, updated_by, updated_at FROM target"
	    " WHERE unit = ?1 AND indicator = ?2 AND year = ?3",
	[ST_TEXT_STAMP] = "SELECT version, updated_by, updated_at FROM text_block"
	    " WHERE unit = ?1 AND period = ?2 AND section = ?3",
	[ST_PUT_CUTOFF] = "INSERT INTO cutoff (kind, start_offset, start_day,"
	    " end_offset, end_day) VALUES (?1, ?2, ?3, ?4, ?5)"
	    " ON CONFLICT (kind) DO UPDATE SET start_offset = excluded.start_offset,"
	    " start_day = excluded.start_day, end_offset = excluded.end_offset,"
	    " end_day = excluded.end_day",
	[ST_PUT_SETTING] = "INSERT INTO setting (key, value) VALUES (?1, ?2)"
	    " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
	[ST_TEXT] = "SELECT body, version FROM text_block"
	    " WHERE unit = ?1 AND period = ?2 AND section = ?3",
	[ST_TEXTS] = "SELECT unit, period, section, body FROM text_block"
	    " WHERE (?1 IS NULL OR unit = ?1) ORDER BY unit, period, section",
	[ST_PUT_TEXT] = "INSERT INTO text_block (" TEXT_COLS ")"
	    " VALUES (?1, ?2, ?3, ?4, " NOW ", ?5)" TEXT_UPSERT,
	[ST_PUT_TEXT_NEW] = "INSERT INTO text_block (unit, period, section, body,"
	    " updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, " NOW ", ?5)"
	    " ON CONFLICT (unit, period, section) DO NOTHING",
	[ST_PUT_TEXT_IF] = "UPDATE text_block SET body = ?4,"
	    " version = version + 1, updated_at = " NOW ", updated_by = ?5"
	    " WHERE unit = ?1 AND period = ?2 AND section = ?3 AND version = ?6",
	[ST_REPORT_SETTINGS] = "SELECT unit, period, key, seq, value"
	    " FROM report_setting WHERE (?1 IS NULL OR unit = ?1)"
	    " AND (?2 IS NULL OR period IN ('', ?2))"
	    " ORDER BY unit, period, key, seq",
	[ST_DEL_REPORT_SETTING] = "DELETE FROM report_setting"
	    " WHERE unit = ?1 AND period = ?2 AND key = ?3",
	[ST_PUT_REPORT_SETTING] = "INSERT INTO report_setting (unit, period,"
	    " key, seq, value) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_ACCOUNT] = "SELECT name, role, unit, sectors, pwhash, disabled"
	    " FROM account WHERE name = ?1",
	[ST_ACCOUNTS] = "SELECT name, role, unit, sectors, pwhash, disabled"
	    " FROM account ORDER BY name",
	[ST_PUT_ACCOUNT] = "INSERT INTO account (name, role, unit, sectors,"
	    " pwhash, created, disabled) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?6)"
	    " ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
	    " unit = excluded.unit, sectors = excluded.sectors,"
	    " pwhash = excluded.pwhash, disabled = excluded.disabled",
	[ST_SET_PASSWORD] = "UPDATE account SET pwhash = ?2 WHERE name = ?1",
	[ST_SESSION] = "SELECT account, csrf, seen FROM session"
	    " WHERE token_hash = ?1 AND expires > ?2 AND seen > ?3",
	[ST_PUT_SESSION] = "INSERT INTO session (token_hash, account, csrf,"
	    " expires, seen) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_DEL_SESSION] = "DELETE FROM session WHERE token_hash = ?1"
	    " OR expires <= ?2",
	[ST_DEL_SESSIONS_OF] = "DELETE FROM session WHERE account = ?1",
	[ST_TOKEN] = "SELECT account FROM api_token WHERE token_hash = ?1",
	[ST_PUT_TOKEN] = "INSERT INTO api_token (token_hash, account, label,"
	    " created) VALUES (?1, ?2, ?3, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
	[ST_DEL_OTHER_SESSIONS] = "DELETE FROM session WHERE account = ?1"
	    " AND token_hash IS NOT ?2",
	[ST_TOUCH_SESSION] = "UPDATE session SET seen = ?2 WHERE token_hash = ?1",
	/* Rows whose last failure is older than ?3 count as none. */
	[ST_THROTTLE] = "SELECT name = '', count, last FROM login_throttle"
	    " WHERE addr = ?1 AND name IN (?2, '') AND last > ?3",
	/* One statement, so both counts move together without a transaction
	 * (which would bump the data generation and empty the caches). */
	[ST_THROTTLE_FAIL] = "INSERT INTO login_throttle (addr, name, count, last)"
	    " VALUES (?1, ?2, 1, ?3), (?1, '', 1, ?3)"
	    " ON CONFLICT (addr, name) DO UPDATE SET"
	    " count = CASE WHEN login_throttle.last <= ?4 THEN 1"
	    " ELSE login_throttle.count + 1 END, last = excluded.last",
	[ST_THROTTLE_FORGET] = "DELETE FROM login_throttle WHERE last <= ?1",
	[ST_THROTTLE_OK] = "DELETE FROM login_throttle WHERE addr = ?1"
	    " AND name = ?2",
	[ST_AUDIT] = "INSERT INTO audit (id, at, account, unit, action, object,"
	    " old, new, prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9, ?10)",
	[ST_AUDITS] = "SELECT " AUDIT_COLS " FROM audit"
	    " WHERE (?1 IS NULL OR unit = ?1)"
	    " AND (?2 IS NULL OR object = ?2) ORDER BY id DESC LIMIT ?3",
	[ST_AUDIT_HEAD] = "SELECT m.value, a.hash FROM meta m"
	    " LEFT JOIN audit a ON a.id = m.value WHERE m.key = 'audit_last'",
	[ST_AUDIT_CHAIN] = "SELECT " AUDIT_COLS " FROM audit ORDER BY id",
	[ST_AUDIT_REHASH] = "UPDATE audit SET prev_hash = ?2, hash = ?3"
	    " WHERE id = ?1",
	[ST_AUDIT_SET_LAST] = "UPDATE meta SET value = ?1 WHERE key = 'audit_last'",
	[ST_GENERATION] = "SELECT value FROM meta WHERE key = 'generation'",
	[ST_ROLLUP_GET] = "SELECT member, data, CASE WHEN ?4 OR member = unit"
	    " THEN data_before END FROM rollup WHERE unit = ?1 AND year = ?2"
	    " AND (?3 IS NULL OR member = ?3)",
	[ST_ROLLUP_STAMP] = "SELECT coalesce((SELECT stamp FROM rollup_state"
	    " WHERE unit = ?1 AND year = ?2), 0), (SELECT stamp FROM"
	    " rollup_state WHERE unit = '' AND year = 0)",
	[ST_ROLLUP_DEL] = "DELETE FROM rollup WHERE unit = ?1 AND year = ?2",
	[ST_ROLLUP_INS] = "INSERT INTO rollup (unit, year, member, data,"
	    " data_before) VALUES (?1, ?2, ?3, ?4, ?5)",
	/* The unit, the units above it and the units made of it, each
	 * transitively: whose figures its values go into. */
	[ST_ROLLUP_TOUCH] = "WITH RECURSIVE " ROLLUP_UP ", ys(y) AS"
	    " (VALUES (?2), (?2 + 1)) INSERT INTO rollup_state (unit, year,"
	    " stamp) SELECT code, y, 1 FROM up, ys WHERE true ON CONFLICT"
	    " (unit, year) DO UPDATE SET stamp = stamp + 1",
	[ST_ROLLUP_TOUCH_DEL] = "DELETE FROM rollup WHERE year IN (?2, ?2 + 1)"
	    " AND unit IN (WITH RECURSIVE " ROLLUP_UP " SELECT code FROM up)",
	[ST_ROLLUP_TOUCH_ALL] = "UPDATE rollup_state SET stamp = stamp + 1"
	    " WHERE unit = '' AND year = 0",
	[ST_LATEST_YEAR] = "SELECT coalesce((SELECT max(year) FROM actual WHERE"
	    " unit = ?1), (SELECT max(year) FROM target WHERE unit = ?1), 0)",
	[ST_FIRST_UNIT] = "SELECT min(unit) FROM target",
	[ST_PUT_REQUEST] = "INSERT INTO explain_request (unit, indicator, period,"
	    " state, asked_by, asker_unit, created, updated, version)"
	    " VALUES (?1, ?2, ?3, 'open', ?4, ?5, " NOW ", " NOW ", 1)",
	[ST_PUT_REQUEST_MSG] = "INSERT INTO request_message (request, seq, kind,"
	    " account, at, body) VALUES (?1, (SELECT coalesce(max(seq), 0) + 1"
	    " FROM request_message WHERE request = ?1), ?2, ?3, " NOW ", ?4)",
	[ST_REQUEST_STEP] = "UPDATE explain_request SET state = ?2,"
	    " version = version + 1, updated = " NOW
	    " WHERE id = ?1 AND version = ?3",
	[ST_REQUESTS] = "SELECT id, unit, indicator, period, state, asked_by,"
	    " asker_unit, created, updated, version FROM explain_request"
	    " WHERE (?1 IS NULL OR unit = ?1) AND (?2 = 0 OR id = ?2)"
	    " AND (?3 IS NULL OR state = ?3) ORDER BY id DESC",
	[ST_REQUEST_MSGS] = "SELECT m.request, m.kind, m.account, m.at, m.body"
	    " FROM request_message m JOIN explain_request r ON r.id = m.request"
	    " WHERE (?1 IS NULL OR r.unit = ?1) AND (?2 = 0 OR r.id = ?2)"
	    " AND (?3 IS NULL OR r.state = ?3) ORDER BY m.request, m.seq",
	[ST_PUT_SUBMISSION] = "INSERT INTO submission (unit, period, state, source,"
	    " pdf, pdf_sha256, signer, signed_by, signed_at, snapshot, sent_by,"
	    " sent_at, decided_by, decided_at, reason) VALUES (?1, ?2, ?3, ?4, ?5,"
	    " ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[ST_SUBMISSION_IF] = "UPDATE submission SET unit = ?1, period = ?2,"
	    " state = ?3, source = ?4, pdf = coalesce(?5, pdf),"
	    " pdf_sha256 = ?6, signer = ?7, signed_by = ?8, signed_at = ?9,"
	    " snapshot = coalesce(?10, snapshot), sent_by = ?11, sent_at = ?12,"
	    " decided_by = ?13, decided_at = ?14, reason = ?15,"
	    " version = version + 1 WHERE id = ?16 AND version = ?17",
	[ST_SUBMISSIONS] = "SELECT id, unit, period, state, source,"
	    " CASE WHEN ?4 THEN pdf END, length(pdf), pdf_sha256, signer,"
	    " signed_by, signed_at, CASE WHEN ?4 THEN snapshot END, sent_by,"
	    " sent_at, decided_by, decided_at, reason, version FROM submission"
	    " WHERE (?1 IS NULL OR unit = ?1) AND (?2 IS NULL OR period = ?2)"
	    " AND (?3 = 0 OR id = ?3) ORDER BY id DESC",
	[ST_PUT_UNIT_CERT] = "INSERT INTO unit_cert (unit, sealed, subject, title,"
	    " not_after, uploaded_by, uploaded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " " NOW ") ON CONFLICT (unit) DO UPDATE SET sealed = excluded.sealed,"
	    " subject = excluded.subject, title = excluded.title,"
	    " not_after = excluded.not_after, uploaded_by = excluded.uploaded_by,"
	    " uploaded_at = excluded.uploaded_at",
	[ST_UNIT_CERTS] = "SELECT unit, sealed, subject, title, not_after,"
	    " uploaded_by, uploaded_at FROM unit_cert"
	    " WHERE (?1 IS NULL OR unit = ?1) ORDER BY unit",
	[ST_STATE] = "SELECT state, updated, account, reason FROM period_state"
	    " WHERE unit = ?1 AND period = ?2",
	[ST_PUT_STATE] = "INSERT INTO period_state (unit, period, state, updated,"
	    " account, reason) VALUES (?1, ?2, ?3,"
	    " strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?4, ?5)"
	    " ON CONFLICT (unit, period) DO UPDATE SET state = excluded.state,"
	    " updated = excluded.updated, account = excluded.account,"
	    " reason = excluded.reason",
};

struct bulk;
static void bulk_free(struct bulk *);

struct store {
	const struct store_ops *ops;	/* store_sqlite_ops: first (backend.h) */
	sqlite3		*db;		/* the connection */
	sqlite3_stmt	*st[ST__MAX];	/* prepared on first use */
	struct buf	 err;		/* last error message */
	char		*path;		/* for messages */
	char		*actor;		/* who the writes are by (updated_by) */
	int		 depth;		/* nesting of store_begin */
	bool		 wrote;		/* the open transaction wrote something */
	bool		 touched_all;	/* it dropped the whole roll-up cache */
	struct bulk	*bulk;		/* a bulk load under way, or NULL */
};

static int
fail(struct store *s, const char *what)
{
	buf_reset(&s->err);
	buf_printf(&s->err, "%s: %s (%s)", s->path, what, sqlite3_errmsg(s->db));
	return -1;
}

static const char *
sq_error(const struct store *s)
{
	return buf_str(&s->err);
}

static sqlite3_stmt *
prep(struct store *s, enum stmt i)
{
	if (s->st[i] == NULL &&
	    sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st[i], NULL) != SQLITE_OK) {
		fail(s, "lỗi chuẩn bị câu lệnh SQL");
		return NULL;
	}
	sqlite3_reset(s->st[i]);
	sqlite3_clear_bindings(s->st[i]);
	return s->st[i];
}

static void
bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

static void
bind_real(sqlite3_stmt *st, int i, bool has, double v)
{
	if (has)
		sqlite3_bind_double(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

static void
bind_date(sqlite3_stmt *st, int i, const struct date *d, struct buf *tmp)
{
	if (!date_isset(d)) {
		sqlite3_bind_null(st, i);
		return;
	}
	buf_reset(tmp);
	date_format_iso(tmp, d);
	sqlite3_bind_text(st, i, buf_str(tmp), -1, SQLITE_TRANSIENT);
}

static char *
col_text(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t == NULL ? NULL : xstrdup((const char *)t);
}

static struct date
col_date(sqlite3_stmt *st, int i)
{
	struct date d = { 0, 0, 0 };
	const char *t = (const char *)sqlite3_column_text(st, i);

	if (t != NULL)
		date_parse(t, strlen(t), &d);
	return d;
}

/* Step a write statement to completion. */
static int
run(struct store *s, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	s->wrote = true;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, what);
}

static int
exec(struct store *s, const char *q, const char *what)
{
	return sqlite3_exec(s->db, q, NULL, NULL, NULL) == SQLITE_OK ? 0 :
	    fail(s, what);
}

static int
sq_open(const char *path, bool create, struct store **out, struct buf *err)
{
	struct store *s;
	int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);

	*out = NULL;
	if (!create && access(path, F_OK) != 0) {
		buf_printf(err, "không có cơ sở dữ liệu %s: tạo bằng `ktxh init "
		    "--db %s`, hoặc chỉ đúng tệp bằng --db", path, path);
		return -1;
	}
	s = xcalloc(1, sizeof(*s));
	s->ops = &store_sqlite_ops;
	s->path = xstrdup(path);
	if (sqlite3_open_v2(path, &s->db, flags, NULL) != SQLITE_OK) {
		buf_printf(err, "không mở được cơ sở dữ liệu %s: %s", path,
		    s->db ? sqlite3_errmsg(s->db) : "hết bộ nhớ");
		store_close(s);
		return -1;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (exec(s, "PRAGMA foreign_keys = ON; PRAGMA journal_mode = WAL;"
	    " PRAGMA synchronous = NORMAL;", "không đặt được chế độ") != 0) {
		buf_puts(err, store_error(s));
		store_close(s);
		return -1;
	}
	*out = s;
	return 0;
}

static void
sq_close(struct store *s)
{
	int i;

	if (s == NULL)
		return;
	bulk_free(s->bulk);
	for (i = 0; i < ST__MAX; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	buf_free(&s->err);
	free(s->path);
	free(s->actor);
	free(s);
}

/* The schema version, 0 for an empty database. */
static int
version(struct store *s, int *v)
{
	sqlite3_stmt *st;
	int has = 0;

	st = NULL;
	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = 'schema_version'", -1, &st,
	    NULL) != SQLITE_OK)
		return fail(s, "không đọc được lược đồ");
	if (sqlite3_step(st) == SQLITE_ROW)
		has = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	*v = 0;
	if (!has)
		return 0;
	if ((st = prep(s, ST_VERSION)) == NULL)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		*v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return 0;
}

static int audit_rechain(struct store *);

static int
sq_migrate(struct store *s, int *from, int *to)
{
	sqlite3_stmt *st;
	int v, i;
	size_t k;

	if (version(s, &v) != 0)
		return -1;
	*from = *to = v;
	if (v > NMIGRATIONS) {
		buf_reset(&s->err);
		buf_printf(&s->err, "%s có lược đồ phiên bản %d, mới hơn bản ktxh "
		    "này (%d): hãy cập nhật ktxh", s->path, v, NMIGRATIONS);
		return -1;
	}
	if (v == NMIGRATIONS)
		return 0;
	if (store_begin(s) != 0)
		return -1;
	for (i = v; i < NMIGRATIONS; i++)
		if (exec(s, migrations[i], "lỗi khi nâng cấp lược đồ") != 0)
			goto err;
	if (v == 0)
		for (k = 0; k < PERIOD__MAX; k++)
			if (store_put_cutoff(s, &period_default_cutoffs[k]) != 0)
				goto err;
	if (v > 0 && v < MIGRATION_AUDIT_CHAIN && audit_rechain(s) != 0)
		goto err;
	if ((st = prep(s, ST_SET_VERSION)) == NULL)
		goto err;
	sqlite3_bind_int(st, 1, NMIGRATIONS);
	if (run(s, st, "không ghi được phiên bản lược đồ") != 0 ||
	    store_commit(s) != 0)
		goto err;
	*to = NMIGRATIONS;
	return 0;
err:
	store_rollback(s);
	return -1;
}

static int
sq_ready(struct store *s)
{
	int v;

	if (version(s, &v) != 0)
		return -1;
	if (v == NMIGRATIONS)
		return 0;
	store_schema_message(&s->err, s->path, v, NMIGRATIONS);
	return -1;
}

/* Transactions nest: the outermost is a transaction, inner ones are
 * savepoints, so that a caller can make one change of several writers
 * (a value and its audit entry) all or nothing. */
static int
sq_generation(struct store *s, long long *gen)
{
	sqlite3_stmt *st = prep(s, ST_GENERATION);
	int rc;

	*gen = -1;
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*gen = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "không đọc được số thế hệ dữ liệu");
}

/* ---- the roll-up cache (store.h) ---- */

static int
sq_rollup_get(struct store *s, const char *unit, int year,
    const char *member, bool before, struct rollup_row **a, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_ROLLUP_GET);
	size_t cap = 0;
	int rc;

	*a = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	bind_text(st, 3, member);
	sqlite3_bind_int(st, 4, before);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct rollup_row *r;

		*a = store_push(*a, n, &cap, sizeof(**a));
		r = &(*a)[*n - 1];
		memset(r, 0, sizeof(*r));
		r->member = col_text(st, 0);
		buf_append(&r->data, sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1));
		if (sqlite3_column_bytes(st, 2) > 0)
			buf_append(&r->before, sqlite3_column_blob(st, 2),
			    (size_t)sqlite3_column_bytes(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		store_free_rollup(*a, *n);
		*a = NULL;
		*n = 0;
		return fail(s, "không đọc được số liệu tổng hợp");
	}
	return 0;
}

static int
sq_rollup_stamp(struct store *s, const char *unit, int year,
    struct rollup_stamp *out)
{
	sqlite3_stmt *st = prep(s, ST_ROLLUP_STAMP);
	int rc;

	memset(out, 0, sizeof(*out));
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->unit = sqlite3_column_int64(st, 0);
		out->all = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "không đọc được số liệu tổng hợp");
}

/* A cache write: its own transaction, which does not bump the data
 * generation (nothing the figures are made of changes). */
static int
sq_rollup_put(struct store *s, const char *unit, int year,
    const struct rollup_stamp *want, const struct rollup_row *a, size_t n,
    bool *kept)
{
	struct rollup_stamp now;
	sqlite3_stmt *st;
	size_t i;

	*kept = false;
	if (s->depth > 0)
		return 0;
	if (exec(s, "BEGIN IMMEDIATE", "không ghi được số liệu tổng hợp") != 0)
		return -1;
	if (sq_rollup_stamp(s, unit, year, &now) != 0)
		goto fail;
	if (now.unit != want->unit || now.all != want->all) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return 0;
	}
	if ((st = prep(s, ST_ROLLUP_DEL)) == NULL)
		goto fail;
	bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	if (sqlite3_step(st) != SQLITE_DONE) {
		fail(s, "không ghi được số liệu tổng hợp");
		goto fail;
	}
	for (i = 0; i < n; i++) {
		if ((st = prep(s, ST_ROLLUP_INS)) == NULL)
			goto fail;
		bind_text(st, 1, unit);
		sqlite3_bind_int(st, 2, year);
		bind_text(st, 3, a[i].member);
		sqlite3_bind_blob64(st, 4, a[i].data.data, a[i].data.len,
		    SQLITE_STATIC);
		sqlite3_bind_blob64(st, 5, a[i].before.data, a[i].before.len,
		    SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fail(s, "không ghi được số liệu tổng hợp");
			goto fail;
		}
	}
	if (exec(s, "COMMIT", "không ghi được số liệu tổng hợp") != 0)
		goto fail;
	*kept = true;
	return 0;
fail:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static int
sq_rollup_touch(struct store *s, const char *unit, int year)
{
	sqlite3_stmt *st;

	if (s->touched_all && s->depth > 0)
		return 0;
	if (unit == NULL) {
		if ((st = prep(s, ST_ROLLUP_TOUCH_ALL)) == NULL ||
		    run(s, st, "không ghi được số liệu tổng hợp") != 0 ||
		    exec(s, "DELETE FROM rollup", "không ghi được số liệu tổng hợp") != 0)
			return -1;
		s->touched_all = s->depth > 0;
		return 0;
	}
	if ((st = prep(s, ST_ROLLUP_TOUCH)) == NULL)
		return -1;
	bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	if (run(s, st, "không ghi được số liệu tổng hợp") != 0 ||
	    (st = prep(s, ST_ROLLUP_TOUCH_DEL)) == NULL)
		return -1;
	bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	return run(s, st, "không ghi được số liệu tổng hợp");
}

static int
sq_latest_year(struct store *s, const char *unit, int *year)
{
	sqlite3_stmt *st = prep(s, ST_LATEST_YEAR);
	int rc;

	*year = 0;
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*year = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "không đọc được năm có số liệu");
}

static int
sq_first_target_unit(struct store *s, struct buf *unit, bool *found)
{
	sqlite3_stmt *st = prep(s, ST_FIRST_UNIT);
	int rc;

	*found = false;
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_type(st, 0) != SQLITE_NULL) {
		buf_puts(unit, (const char *)sqlite3_column_text(st, 0));
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "không đọc được đơn vị");
}

static int
sq_begin(struct store *s)
{
	char q[64];

	if (s->depth == 0) {
		s->wrote = s->touched_all = false;
		if (exec(s, "BEGIN IMMEDIATE", "không bắt đầu được giao dịch") != 0)
			return -1;
	} else {
		snprintf(q, sizeof(q), "SAVEPOINT ktxh_%d", s->depth);
		if (exec(s, q, "không bắt đầu được giao dịch") != 0)
			return -1;
	}
	s->depth++;
	return 0;
}

static int
sq_commit(struct store *s)
{
	char q[64];
	int rc;

	if (s->depth <= 1) {
		if (s->wrote && exec(s, "UPDATE meta SET value = value + 1 WHERE "
		    "key = 'generation'", "không ghi được giao dịch") != 0)
			return -1;
		rc = exec(s, "COMMIT", "không ghi được giao dịch");
		if (rc == 0)
			s->depth = 0, s->wrote = false;
		return rc;
	}
	snprintf(q, sizeof(q), "RELEASE ktxh_%d", s->depth - 1);
	if ((rc = exec(s, q, "không ghi được giao dịch")) == 0)
		s->depth--;
	return rc;
}

static void
sq_rollback(struct store *s)
{
	char q[80];

	if (s->depth <= 1) {
		bulk_free(s->bulk);
		s->bulk = NULL;
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		s->depth = 0;
		s->wrote = false;
		return;
	}
	snprintf(q, sizeof(q), "ROLLBACK TO ktxh_%d; RELEASE ktxh_%d",
	    s->depth - 1, s->depth - 1);
	sqlite3_exec(s->db, q, NULL, NULL, NULL);
	s->depth--;
}


static int
sq_sectors(struct store *s, struct sector **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_SECTORS);
	struct sector *a = NULL;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = store_push(a, n, &cap, sizeof(*a));
		a[*n - 1].code = col_text(st, 0);
		a[*n - 1].name = col_text(st, 1);
		a[*n - 1].ord = sqlite3_column_int(st, 2);
		a[*n - 1].builtin = sqlite3_column_int(st, 3) != 0;
	}
	sqlite3_reset(st);
	*out = a;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được lĩnh vực");
}

static int
read_units(struct store *s, sqlite3_stmt *st, struct unit **out, size_t *n)
{
	struct unit *a = NULL, *u;
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = store_push(a, n, &cap, sizeof(*a));
		u = &a[*n - 1];
		u->code = col_text(st, 0);
		u->name = col_text(st, 1);
		u->kind = col_text(st, 2);
		u->parent = col_text(st, 3);
		u->valid_from = col_date(st, 4);
		u->valid_to = col_date(st, 5);
	}
	sqlite3_reset(st);
	*out = a;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được đơn vị");
}

static int
sq_units(struct store *s, struct unit **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_UNITS);

	*out = NULL;
	*n = 0;
	return st == NULL ? -1 : read_units(s, st, out, n);
}

static int
sq_find_units(struct store *s, const char *q, const char *key1,
    const char *key2, struct unit **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_FIND_UNITS);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	bind_text(st, 1, q);
	bind_text(st, 2, key1);
	bind_text(st, 3, key2);
	return read_units(s, st, out, n);
}

static int
sq_indicators(struct store *s, struct indicator **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_INDICATORS);
	struct indicator *a = NULL, *i;
	size_t cap = 0;
	char *t;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = store_push(a, n, &cap, sizeof(*a));
		i = &a[*n - 1];
		i->code = col_text(st, 0);
		i->name = col_text(st, 1);
		i->sector = col_text(st, 2);
		i->uom = col_text(st, 3);
		t = col_text(st, 4);
		i->kind = (enum ind_kind)model_lookup(kind_names, t);
		free(t);
		t = col_text(st, 5);
		i->tagg = (enum time_agg)model_lookup(time_agg_names, t);
		free(t);
		t = col_text(st, 6);
		i->uagg = (enum unit_agg)model_lookup(unit_agg_names, t);
		free(t);
		i->decimals = sqlite3_column_type(st, 7) == SQLITE_NULL ? -1 :
		    sqlite3_column_int(st, 7);
		i->ord = sqlite3_column_int(st, 8);
		i->parent = col_text(st, 9);
	}
	sqlite3_reset(st);
	*out = a;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được chỉ tiêu");
}

/* A set of codes as one parameter: a JSON array for json_each(). */
static void
bind_codes(sqlite3_stmt *st, int i, const char *const *codes, size_t n)
{
	struct buf list = BUF_INIT;
	const char *p;
	size_t k;

	buf_putc(&list, '[');
	for (k = 0; k < n; k++) {
		buf_puts(&list, k ? ",\"" : "\"");
		for (p = codes[k]; *p != '\0'; p++) {
			if (*p == '"' || *p == '\\')
				buf_putc(&list, '\\');
			if ((unsigned char)*p >= 0x20)
				buf_putc(&list, *p);
		}
		buf_putc(&list, '"');
	}
	buf_putc(&list, ']');
	sqlite3_bind_text(st, i, buf_str(&list), -1, SQLITE_TRANSIENT);
	buf_free(&list);
}

static int read_targets(struct store *, sqlite3_stmt *, struct target **,
    size_t *);
static int sq_targets_of(struct store *, const char *const *, size_t, int,
    struct target **, size_t *);

static int
sq_targets(struct store *s, const char *unit, int year,
    struct target **out, size_t *n)
{
	sqlite3_stmt *st;

	*out = NULL;
	*n = 0;
	/* One unit through the set form, which the primary key serves. */
	if (unit != NULL)
		return sq_targets_of(s, &unit, 1, year, out, n);
	if ((st = prep(s, ST_TARGETS)) == NULL)
		return -1;
	bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, year);
	return read_targets(s, st, out, n);
}

static int
sq_targets_of(struct store *s, const char *const *units, size_t nunits,
    int year, struct target **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_TARGETS_OF);

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	bind_codes(st, 1, units, nunits);
	sqlite3_bind_int(st, 2, year);
	return read_targets(s, st, out, n);
}

static int
read_targets(struct store *s, sqlite3_stmt *st, struct target **out,
    size_t *n)
{
	struct target *a = NULL, *t;
	size_t cap = 0;
	char *sh;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = store_push(a, n, &cap, sizeof(*a));
		t = &a[*n - 1];
		t->unit = col_text(st, 0);
		t->indicator = col_text(st, 1);
		t->year = sqlite3_column_int(st, 2);
		sh = col_text(st, 3);
		t->shape = (enum shape)model_lookup(shape_names, sh);
		free(sh);
		if ((t->has_value = sqlite3_column_type(st, 4) != SQLITE_NULL))
			t->value = sqlite3_column_double(st, 4);
		if ((t->has_value2 = sqlite3_column_type(st, 5) != SQLITE_NULL))
			t->value2 = sqlite3_column_double(st, 5);
		t->text = col_text(st, 6);
		t->source = col_text(st, 7);
		t->seq = col_text(st, 8);
		t->version = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	*out = a;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được chỉ tiêu kế hoạch");
}

/* Walk the rows of a bound ST_VALUES or ST_VALUES_OF. */
/* The first seven columns of a value row (unit, indicator, period, value,
 * numerator, denominator, status) into v, pointing into SQLite's row (valid
 * until the next step); false when its period is unreadable. */
static bool
value_cols(sqlite3_stmt *st, struct value *v)
{
	const char *t;

	memset(v, 0, sizeof(*v));
	v->unit = (char *)sqlite3_column_text(st, 0);
	v->indicator = (char *)sqlite3_column_text(st, 1);
	t = (const char *)sqlite3_column_text(st, 2);
	if (v->unit == NULL || v->indicator == NULL || t == NULL ||
	    period_parse(t, (size_t)sqlite3_column_bytes(st, 2), &v->period) != 0)
		return false;
	if ((v->has_value = sqlite3_column_type(st, 3) != SQLITE_NULL))
		v->value = sqlite3_column_double(st, 3);
	if ((v->has_ratio = sqlite3_column_type(st, 4) != SQLITE_NULL &&
	    sqlite3_column_type(st, 5) != SQLITE_NULL)) {
		v->num = sqlite3_column_double(st, 4);
		v->den = sqlite3_column_double(st, 5);
	}
	t = (const char *)sqlite3_column_text(st, 6);
	v->status = t != NULL && strcmp(t, "estimate") == 0 ?
	    STATUS_ESTIMATE : STATUS_FINAL;
	return true;
}

static int
walk_values(struct store *s, sqlite3_stmt *st, store_value_cb cb, void *arg)
{
	struct value v;
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!value_cols(st, &v))
			continue;
		v.as_of = col_date(st, 7);
		v.note = (char *)sqlite3_column_text(st, 8);
		v.version = sqlite3_column_int64(st, 9);
		if ((stop = cb(&v, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    fail(s, "không đọc được số liệu");
}

static int
sq_each_value(struct store *s, const char *unit, int y0, int y1,
    store_value_cb cb, void *arg)
{
	/* One unit's through the set form: "?1 IS NULL OR unit = ?1" would be
	 * planned once, as a scan of every unit's rows (5,000,000 values at
	 * the national size). */
	sqlite3_stmt *st = prep(s, unit != NULL ? ST_VALUES_OF : ST_VALUES);

	if (st == NULL)
		return -1;
	if (unit != NULL)
		bind_codes(st, 1, &unit, 1);
	else
		bind_text(st, 1, unit);
	sqlite3_bind_int(st, 2, y0);
	sqlite3_bind_int(st, 3, y1);
	return walk_values(s, st, cb, arg);
}

static int
sq_values_of(struct store *s, const char *const *units, size_t nunits,
    int y0, int y1, struct value_set *out)
{
	sqlite3_stmt *st = prep(s, ST_SET_VALUES);
	struct value v;
	int rc;

	if (st == NULL)
		return -1;
	bind_codes(st, 1, units, nunits);
	sqlite3_bind_int(st, 2, y0);
	sqlite3_bind_int(st, 3, y1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!value_cols(st, &v))
			continue;
		v.as_of = col_date(st, 7);
		store_set_value(out, &v);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được số liệu");
}

static int
read_changes(struct store *s, sqlite3_stmt *st, struct unit_change **out,
    size_t *n)
{
	struct unit_change *a = NULL, *c;
	size_t cap = 0;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		a = store_push(a, n, &cap, sizeof(*a));
		c = &a[*n - 1];
		c->date = col_date(st, 0);
		c->from = col_text(st, 1);
		c->to = col_text(st, 2);
		c->share = sqlite3_column_double(st, 3);
	}
	sqlite3_reset(st);
	*out = a;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được lịch sử đơn vị");
}

static int
sq_unit_changes(struct store *s, struct unit_change **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_UNIT_CHANGES);

	*out = NULL;
	*n = 0;
	return st == NULL ? -1 : read_changes(s, st, out, n);
}

static int
sq_units_near(struct store *s, const char *unit, struct unit **units,
    size_t *nunits, struct unit_change **changes, size_t *nchanges)
{
	sqlite3_stmt *st;

	*units = NULL;
	*changes = NULL;
	*nunits = *nchanges = 0;
	if ((st = prep(s, ST_UNITS_NEAR)) == NULL)
		return -1;
	bind_text(st, 1, unit);
	if (read_units(s, st, units, nunits) != 0 ||
	    (st = prep(s, ST_CHANGES_NEAR)) == NULL)
		return -1;
	bind_text(st, 1, unit);
	return read_changes(s, st, changes, nchanges);
}

static int
sq_put_unit_change(struct store *s, const struct unit_change *c)
{
	sqlite3_stmt *st = prep(s, ST_PUT_UNIT_CHANGE);
	struct buf tmp = BUF_INIT;
	int rc;

	if (st == NULL)
		return -1;
	bind_date(st, 1, &c->date, &tmp);
	bind_text(st, 2, c->from);
	bind_text(st, 3, c->to);
	sqlite3_bind_double(st, 4, c->share);
	rc = run(s, st, "không ghi được lịch sử đơn vị");
	buf_free(&tmp);
	return rc;
}

static int
sq_cutoffs(struct store *s, struct cutoff *out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_CUTOFFS);
	char *k;
	int rc, kind;

	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < PERIOD__MAX) {
		k = col_text(st, 0);
		kind = model_lookup(period_kind_names, k);
		free(k);
		if (kind < 0)
			continue;
		out[*n].kind = (enum period_kind)kind;
		out[*n].start_offset = sqlite3_column_int(st, 1);
		out[*n].start_day = sqlite3_column_int(st, 2);
		out[*n].end_offset = sqlite3_column_int(st, 3);
		out[*n].end_day = sqlite3_column_int(st, 4);
		(*n)++;
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
	    fail(s, "không đọc được quy định chốt số liệu");
}

static int
sq_setting(struct store *s, const char *key, struct buf *out, bool *found)
{
	sqlite3_stmt *st = prep(s, ST_SETTING);
	int rc;

	*found = false;
	if (st == NULL)
		return -1;
	bind_text(st, 1, key);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*found = true;
		buf_puts(out, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được thiết lập");
}

static int
sq_settings(struct store *s, char ***keys, char ***values, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_SETTINGS);
	size_t cap = 0, cap2 = 0, n2 = 0;
	int rc;

	*keys = *values = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*keys = store_push(*keys, n, &cap, sizeof(**keys));
		*values = store_push(*values, &n2, &cap2, sizeof(**values));
		(*keys)[*n - 1] = col_text(st, 0);
		(*values)[n2 - 1] = col_text(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được thiết lập");
}

static int
sq_put_sector(struct store *s, const struct sector *x)
{
	sqlite3_stmt *st = prep(s, ST_PUT_SECTOR);

	if (st == NULL)
		return -1;
	bind_text(st, 1, x->code);
	bind_text(st, 2, x->name);
	sqlite3_bind_int(st, 3, x->ord);
	return run(s, st, "không ghi được lĩnh vực");
}

static int
sq_put_unit(struct store *s, const struct unit *u, const char *key)
{
	sqlite3_stmt *st = prep(s, ST_PUT_UNIT);
	struct buf t1 = BUF_INIT, t2 = BUF_INIT;
	int rc;

	if (st == NULL)
		return -1;
	bind_text(st, 1, u->code);
	bind_text(st, 2, u->name);
	bind_text(st, 3, u->kind);
	bind_text(st, 4, u->parent);
	bind_date(st, 5, &u->valid_from, &t1);
	bind_date(st, 6, &u->valid_to, &t2);
	bind_text(st, 7, key);
	rc = run(s, st, "không ghi được đơn vị");
	buf_free(&t1);
	buf_free(&t2);
	return rc;
}

static int
sq_put_indicator(struct store *s, const struct indicator *i)
{
	sqlite3_stmt *st = prep(s, ST_PUT_INDICATOR);

	if (st == NULL)
		return -1;
	bind_text(st, 1, i->code);
	bind_text(st, 2, i->name);
	bind_text(st, 3, i->sector);
	bind_text(st, 4, i->uom);
	bind_text(st, 5, kind_names[i->kind]);
	bind_text(st, 6, time_agg_names[i->tagg]);
	bind_text(st, 7, unit_agg_names[i->uagg]);
	if (i->decimals >= 0)
		sqlite3_bind_int(st, 8, i->decimals);
	sqlite3_bind_int(st, 9, i->ord);
	bind_text(st, 10, i->parent);
	return run(s, st, "không ghi được chỉ tiêu");
}

/* The statement of a conditional write: expect 0 writes whatever is
 * stored, > 0 only over that version, < 0 only where nothing is. */
static enum stmt
put_stmt(long long expect, enum stmt any, enum stmt fresh, enum stmt over)
{
	return expect == 0 ? any : expect < 0 ? fresh : over;
}

/* Step a conditional write: STORE_CONFLICT when it changed no row. */
static int
run_if(struct store *s, sqlite3_stmt *st, long long expect, const char *what)
{
	if (run(s, st, what) != 0)
		return -1;
	return expect != 0 && sqlite3_changes(s->db) == 0 ? STORE_CONFLICT : 0;
}

static int
sq_put_target(struct store *s, const struct target *t)
{
	sqlite3_stmt *st = prep(s, put_stmt(t->version, ST_PUT_TARGET,
	    ST_PUT_TARGET_NEW, ST_PUT_TARGET_IF));

	if (st == NULL)
		return -1;
	bind_text(st, 1, t->unit);
	bind_text(st, 2, t->indicator);
	sqlite3_bind_int(st, 3, t->year);
	bind_text(st, 4, shape_names[t->shape]);
	bind_real(st, 5, t->has_value, t->value);
	bind_real(st, 6, t->has_value2, t->value2);
	bind_text(st, 7, t->text);
	bind_text(st, 8, t->source);
	bind_text(st, 9, t->seq);
	bind_text(st, 10, s->actor);
	if (t->version > 0)
		sqlite3_bind_int64(st, 11, t->version);
	return run_if(s, st, t->version, "không ghi được chỉ tiêu kế hoạch");
}

static int
sq_put_value(struct store *s, const struct value *v)
{
	sqlite3_stmt *st = prep(s, put_stmt(v->version, ST_PUT_VALUE,
	    ST_PUT_VALUE_NEW, ST_PUT_VALUE_IF));
	char period[16];
	struct buf tmp = BUF_INIT, p = BUF_INIT;
	int rc;

	if (st == NULL)
		return -1;
	period_format(&p, &v->period);
	snprintf(period, sizeof(period), "%s", buf_str(&p));
	buf_free(&p);
	bind_text(st, 1, v->unit);
	bind_text(st, 2, v->indicator);
	bind_text(st, 3, period);
	sqlite3_bind_int(st, 4, v->period.year);
	bind_real(st, 5, v->has_value, v->value);
	bind_real(st, 6, v->has_ratio, v->num);
	bind_real(st, 7, v->has_ratio, v->den);
	bind_text(st, 8, status_names[v->status]);
	bind_date(st, 9, &v->as_of, &tmp);
	bind_text(st, 10, v->note);
	bind_text(st, 11, s->actor);
	if (v->version > 0)
		sqlite3_bind_int64(st, 12, v->version);
	rc = run_if(s, st, v->version, "không ghi được số liệu");
	buf_free(&tmp);
	return rc;
}

static int
sq_del_value(struct store *s, const char *unit, const char *indicator,
    const struct period *p, bool *found)
{
	sqlite3_stmt *st = prep(s, ST_DEL_VALUE);
	struct buf per = BUF_INIT;
	int rc;

	*found = false;
	if (st == NULL)
		return -1;
	period_format(&per, p);
	bind_text(st, 1, unit);
	bind_text(st, 2, indicator);
	sqlite3_bind_text(st, 3, buf_str(&per), -1, SQLITE_TRANSIENT);
	buf_free(&per);
	if ((rc = run(s, st, "không xóa được số liệu")) == 0)
		*found = sqlite3_changes(s->db) > 0;
	return rc;
}

static int
sq_stamp(struct store *s, enum stamp_kind kind, const char *k1,
    const char *k2, const char *k3, struct stamp *out)
{
	static const enum stmt which[STAMP__MAX] = { ST_VALUE_STAMP,
	    ST_TARGET_STAMP, ST_TEXT_STAMP };
	sqlite3_stmt *st = prep(s, which[kind]);
	int rc;

	out->version = 0;
	out->by[0] = out->at[0] = '\0';
	if (st == NULL)
		return -1;
	bind_text(st, 1, k1);
	bind_text(st, 2, k2);
	if (kind == STAMP_TARGET)
		sqlite3_bind_int(st, 3, atoi(k3));
	else
		bind_text(st, 3, k3);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->version = sqlite3_column_int64(st, 0);
		if (sqlite3_column_text(st, 1) != NULL)
			snprintf(out->by, sizeof(out->by), "%s",
			    (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_text(st, 2) != NULL)
			snprintf(out->at, sizeof(out->at), "%s",
			    (const char *)sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được phiên bản của bản ghi");
}

static void
sq_set_actor(struct store *s, const char *who)
{
	free(s->actor);
	s->actor = xstrdup(who);
}

static int
sq_put_cutoff(struct store *s, const struct cutoff *c)
{
	sqlite3_stmt *st = prep(s, ST_PUT_CUTOFF);

	if (st == NULL)
		return -1;
	bind_text(st, 1, period_kind_names[c->kind]);
	sqlite3_bind_int(st, 2, c->start_offset);
	sqlite3_bind_int(st, 3, c->start_day);
	sqlite3_bind_int(st, 4, c->end_offset);
	sqlite3_bind_int(st, 5, c->end_day);
	return run(s, st, "không ghi được quy định chốt số liệu");
}

/* A bulk load: the rows gathered BULK_ROWS at a time and written by one
 * INSERT of that many rows … ON CONFLICT, so that SQLite starts, runs and
 * resets one statement per batch rather than per row (a third of the time
 * of 5,000,000 values went there). Each row's cells are copied, since the
 * caller's strings last only the call, and bound when the batch is written;
 * every row of a load has one updated_at, read when the load begins.
 *
 * A thread of the load writes one batch while the caller reads and checks
 * the rows of the next (about a third of an import's time: CSV, UTF-8,
 * numbers, duplicate keys), as the PostgreSQL server does with COPY. Only
 * that thread uses the connection until store_bulk_end joins it: the caller
 * may call no other store function in between (store.h). */
#define BULK_ROWS 64
#define BATCH_ROWS (BULK_ROWS * 32)	/* handed to the writer at a time */

enum cell_type { CELL_NULL, CELL_TEXT, CELL_INT, CELL_REAL };

struct cell {
	enum cell_type	 type;
	long long	 i;		/* CELL_INT */
	double		 x;		/* CELL_REAL */
	size_t		 off;		/* CELL_TEXT: its copy in the batch */
};

/* The rows of one statement. */
struct batch {
	struct cell	*cells;		/* BATCH_ROWS × ncols */
	size_t		 ncells;
	struct buf	 text;		/* its strings, NUL-separated */
};

struct bulk {
	enum store_bulk_kind kind;
	int		 ncols;		/* cells a row */
	struct batch	 b[2];		/* one gathered while one is written */
	struct batch	*cur;		/* the one being gathered */
	sqlite3_stmt	*full;		/* the insert of BULK_ROWS rows */
	char		 now[32];	/* updated_at of the load's rows */
	struct buf	 tmp;		/* a period or date being formatted */
	pthread_t	 writer;
	bool		 started;	/* the writer runs */
	pthread_mutex_t	 mu;		/* guards the four below */
	pthread_cond_t	 cv;
	struct batch	*pending;	/* handed to the writer, not yet written */
	bool		 done;		/* no batch will come any more */
	bool		 failed;	/* a batch was not written */
	struct buf	 err;		/* why (the writer's message) */
};

/* What each kind of bulk load writes. */
static const struct {
	const char	*table, *cols, *upsert;
	int		 ncols;
	const char	*what;		/* "could not write …", for messages */
} bulk_kinds[] = {
	[STORE_BULK_TARGETS] = { "target", TARGET_COLS, TARGET_UPSERT,
	    TARGET_NCOLS, "không ghi được chỉ tiêu kế hoạch" },
	[STORE_BULK_VALUES] = { "actual", VALUE_COLS, VALUE_UPSERT, VALUE_NCOLS,
	    "không ghi được số liệu" },
	[STORE_BULK_TEXTS] = { "text_block", TEXT_COLS, TEXT_UPSERT, TEXT_NCOLS,
	    "không ghi được thuyết minh" },
};

/* The insert of nrows rows of a bulk load of kind. */
static void
bulk_sql(struct buf *q, enum store_bulk_kind kind, size_t nrows)
{
	size_t r;
	int c;

	buf_printf(q, "INSERT INTO %s (%s) VALUES ", bulk_kinds[kind].table,
	    bulk_kinds[kind].cols);
	for (r = 0; r < nrows; r++) {
		buf_puts(q, r ? ",(" : "(");
		for (c = 0; c < bulk_kinds[kind].ncols; c++)
			buf_puts(q, c ? ",?" : "?");
		buf_putc(q, ')');
	}
	buf_puts(q, bulk_kinds[kind].upsert);
}

static struct cell *
cell_next(struct bulk *b)
{
	return &b->cur->cells[b->cur->ncells++];
}

static void
cell_text(struct bulk *b, const char *v)
{
	struct cell *c = cell_next(b);

	c->type = v == NULL ? CELL_NULL : CELL_TEXT;
	if (v == NULL)
		return;
	c->off = b->cur->text.len;
	buf_append(&b->cur->text, v, strlen(v) + 1);
}

static void
cell_int(struct bulk *b, long long v)
{
	struct cell *c = cell_next(b);

	c->type = CELL_INT;
	c->i = v;
}

static void
cell_real(struct bulk *b, bool has, double v)
{
	struct cell *c = cell_next(b);

	c->type = has ? CELL_REAL : CELL_NULL;
	c->x = v;
}

/* Write nrows rows from cells (in the writer): the prepared statement of
 * BULK_ROWS rows, a statement of their own for fewer. */
static int
rows_write(struct store *s, struct bulk *b, const struct batch *x,
    const struct cell *cells, size_t nrows)
{
	size_t ncells = nrows * (size_t)b->ncols, k;
	sqlite3_stmt *st = b->full;
	struct buf q = BUF_INIT;
	int rc = SQLITE_OK;

	if (nrows < BULK_ROWS) {
		bulk_sql(&q, b->kind, nrows);
		rc = sqlite3_prepare_v2(s->db, buf_str(&q), -1, &st, NULL);
		buf_free(&q);
	}
	for (k = 0; rc == SQLITE_OK && k < ncells; k++) {
		const struct cell *c = &cells[k];
		int i = (int)k + 1;

		switch (c->type) {
		case CELL_TEXT:
			sqlite3_bind_text(st, i, x->text.data + c->off, -1,
			    SQLITE_STATIC);
			break;
		case CELL_INT:
			sqlite3_bind_int64(st, i, c->i);
			break;
		case CELL_REAL:
			sqlite3_bind_double(st, i, c->x);
			break;
		default:
			sqlite3_bind_null(st, i);
		}
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
		sqlite3_reset(st);
	}
	if (rc != SQLITE_OK) {
		buf_reset(&b->err);
		buf_printf(&b->err, "%s: %s (%s)", s->path,
		    bulk_kinds[b->kind].what, sqlite3_errmsg(s->db));
	}
	if (st != b->full)
		sqlite3_finalize(st);
	return rc == SQLITE_OK ? 0 : -1;
}

/* Write a batch, BULK_ROWS rows a statement; empty it. */
static int
batch_write(struct store *s, struct bulk *b, struct batch *x)
{
	size_t row = (size_t)b->ncols, nrows = x->ncells / row, k, n;
	int rc = 0;

	for (k = 0; k < nrows && rc == 0; k += n) {
		n = nrows - k < BULK_ROWS ? nrows - k : BULK_ROWS;
		rc = rows_write(s, b, x, x->cells + k * row, n);
	}
	x->ncells = 0;
	buf_reset(&x->text);
	return rc;
}

static void *
bulk_writer(void *arg)
{
	struct store *s = arg;
	struct bulk *b = s->bulk;
	struct batch *x;
	int rc;

	pthread_mutex_lock(&b->mu);
	for (;;) {
		while (b->pending == NULL && !b->done)
			pthread_cond_wait(&b->cv, &b->mu);
		if ((x = b->pending) == NULL)
			break;
		pthread_mutex_unlock(&b->mu);
		rc = b->failed ? 0 : batch_write(s, b, x);
		pthread_mutex_lock(&b->mu);
		if (rc != 0)
			b->failed = true;
		b->pending = NULL;
		pthread_cond_broadcast(&b->cv);
	}
	pthread_mutex_unlock(&b->mu);
	return NULL;
}

/* Hand the gathered batch to the writer (once it has written the one
 * before) and gather the next into the other. */
static int
bulk_hand(struct store *s)
{
	struct bulk *b = s->bulk;
	bool failed;

	if (b->cur->ncells == 0)
		return 0;
	pthread_mutex_lock(&b->mu);
	while (b->pending != NULL)
		pthread_cond_wait(&b->cv, &b->mu);
	b->pending = b->cur;
	failed = b->failed;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	b->cur = b->cur == &b->b[0] ? &b->b[1] : &b->b[0];
	if (failed) {
		buf_reset(&s->err);
		buf_puts(&s->err, buf_str(&b->err));
		return -1;
	}
	return 0;
}

/* Stop the writer once it has written what it was given. */
static void
bulk_stop(struct bulk *b)
{
	if (!b->started)
		return;
	pthread_mutex_lock(&b->mu);
	b->done = true;
	pthread_cond_broadcast(&b->cv);
	pthread_mutex_unlock(&b->mu);
	pthread_join(b->writer, NULL);
	b->started = false;
}

static void
bulk_free(struct bulk *b)
{
	int i;

	if (b == NULL)
		return;
	bulk_stop(b);
	sqlite3_finalize(b->full);
	for (i = 0; i < 2; i++) {
		free(b->b[i].cells);
		buf_free(&b->b[i].text);
	}
	buf_free(&b->err);
	buf_free(&b->tmp);
	pthread_mutex_destroy(&b->mu);
	pthread_cond_destroy(&b->cv);
	free(b);
}

static int
sq_bulk_begin(struct store *s, enum store_bulk_kind kind)
{
	struct buf q = BUF_INIT;
	sqlite3_stmt *st = NULL;
	struct bulk *b;
	int rc, i;

	bulk_free(s->bulk);
	b = s->bulk = xcalloc(1, sizeof(*b));
	b->kind = kind;
	b->ncols = bulk_kinds[kind].ncols;
	for (i = 0; i < 2; i++)
		b->b[i].cells = xcalloc(BATCH_ROWS * (size_t)b->ncols,
		    sizeof(*b->b[i].cells));
	b->cur = &b->b[0];
	pthread_mutex_init(&b->mu, NULL);
	pthread_cond_init(&b->cv, NULL);
	bulk_sql(&q, kind, BULK_ROWS);
	rc = sqlite3_prepare_v3(s->db, buf_str(&q), -1, SQLITE_PREPARE_PERSISTENT,
	    &b->full, NULL);
	buf_free(&q);
	if (rc != SQLITE_OK ||
	    sqlite3_prepare_v2(s->db, "SELECT " NOW, -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		fail(s, "lỗi chuẩn bị câu lệnh SQL");
		goto err;
	}
	snprintf(b->now, sizeof(b->now), "%s",
	    (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (pthread_create(&b->writer, NULL, bulk_writer, s) != 0) {
		buf_reset(&s->err);
		buf_printf(&s->err, "%s: không tạo được luồng ghi", s->path);
		goto err;
	}
	b->started = true;
	s->wrote = true;
	return 0;
err:
	bulk_free(s->bulk);
	s->bulk = NULL;
	return -1;
}

/* The bulk load of kind under way, or an error. */
static struct bulk *
bulk_of(struct store *s, enum store_bulk_kind kind)
{
	if (s->bulk != NULL && s->bulk->kind == kind)
		return s->bulk;
	buf_reset(&s->err);
	buf_printf(&s->err, "%s: ghi hàng loạt khi chưa bắt đầu", s->path);
	return NULL;
}

static int
sq_bulk_target(struct store *s, const struct target *t)
{
	struct bulk *b = bulk_of(s, STORE_BULK_TARGETS);

	if (b == NULL)
		return -1;
	cell_text(b, t->unit);
	cell_text(b, t->indicator);
	cell_int(b, t->year);
	cell_text(b, shape_names[t->shape]);
	cell_real(b, t->has_value, t->value);
	cell_real(b, t->has_value2, t->value2);
	cell_text(b, t->text);
	cell_text(b, t->source);
	cell_text(b, t->seq);
	cell_text(b, b->now);
	cell_text(b, s->actor);
	return b->cur->ncells == BATCH_ROWS * (size_t)b->ncols ? bulk_hand(s) : 0;
}

static int
sq_bulk_value(struct store *s, const struct value *v)
{
	struct bulk *b = bulk_of(s, STORE_BULK_VALUES);

	if (b == NULL)
		return -1;
	cell_text(b, v->unit);
	cell_text(b, v->indicator);
	buf_reset(&b->tmp);
	period_format(&b->tmp, &v->period);
	cell_text(b, buf_str(&b->tmp));
	cell_int(b, v->period.year);
	cell_real(b, v->has_value, v->value);
	cell_real(b, v->has_ratio, v->num);
	cell_real(b, v->has_ratio, v->den);
	cell_text(b, status_names[v->status]);
	buf_reset(&b->tmp);
	if (date_isset(&v->as_of))
		date_format_iso(&b->tmp, &v->as_of);
	cell_text(b, date_isset(&v->as_of) ? buf_str(&b->tmp) : NULL);
	cell_text(b, v->note);
	cell_text(b, b->now);
	cell_text(b, s->actor);
	return b->cur->ncells == BATCH_ROWS * (size_t)b->ncols ? bulk_hand(s) : 0;
}

static int
sq_bulk_text(struct store *s, const char *unit, const char *period,
    const char *section, const char *body)
{
	struct bulk *b = bulk_of(s, STORE_BULK_TEXTS);

	if (b == NULL)
		return -1;
	cell_text(b, unit);
	cell_text(b, period);
	cell_text(b, section);
	cell_text(b, body);
	cell_text(b, b->now);
	cell_text(b, s->actor);
	return b->cur->ncells == BATCH_ROWS * (size_t)b->ncols ? bulk_hand(s) : 0;
}

static int
sq_bulk_end(struct store *s)
{
	struct bulk *b = s->bulk;
	int rc;

	if (b == NULL)
		return 0;
	rc = bulk_hand(s);
	bulk_stop(b);
	if (rc == 0 && b->failed) {
		buf_reset(&s->err);
		buf_puts(&s->err, buf_str(&b->err));
		rc = -1;
	}
	bulk_free(b);
	s->bulk = NULL;
	return rc;
}

static int
sq_put_setting(struct store *s, const char *key, const char *value)
{
	sqlite3_stmt *st = prep(s, ST_PUT_SETTING);

	if (st == NULL)
		return -1;
	bind_text(st, 1, key);
	bind_text(st, 2, value);
	return run(s, st, "không ghi được thiết lập");
}

static int
sq_text(struct store *s, const char *unit, const char *period,
    const char *section, struct buf *out, bool *found)
{
	sqlite3_stmt *st = prep(s, ST_TEXT);
	int rc;

	*found = false;
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	bind_text(st, 3, section);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*found = true;
		buf_puts(out, (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được thuyết minh");
}

static int
sq_each_text(struct store *s, const char *unit, store_text_cb cb, void *arg)
{
	sqlite3_stmt *st = prep(s, ST_TEXTS);
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((stop = cb((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3), arg)) != 0)
			break;
	sqlite3_reset(st);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được thuyết minh");
}

static int
sq_put_text(struct store *s, const char *unit, const char *period,
    const char *section, const char *body, long long expect)
{
	sqlite3_stmt *st = prep(s, put_stmt(expect, ST_PUT_TEXT,
	    ST_PUT_TEXT_NEW, ST_PUT_TEXT_IF));

	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	bind_text(st, 3, section);
	bind_text(st, 4, body);
	bind_text(st, 5, s->actor);
	if (expect > 0)
		sqlite3_bind_int64(st, 6, expect);
	return run_if(s, st, expect, "không ghi được thuyết minh");
}

static int
sq_each_report_setting(struct store *s, const char *unit,
    const char *period, store_rsetting_cb cb, void *arg)
{
	sqlite3_stmt *st = prep(s, ST_REPORT_SETTINGS);
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((stop = cb((const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_int(st, 3),
		    (const char *)sqlite3_column_text(st, 4), arg)) != 0)
			break;
	sqlite3_reset(st);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được thiết lập báo cáo");
}

static int
sq_put_report_setting(struct store *s, const char *unit, const char *period,
    const char *key, int seq, const char *value)
{
	sqlite3_stmt *st;

	/* The first value of a key replaces the values stored before. */
	if (seq == 0) {
		if ((st = prep(s, ST_DEL_REPORT_SETTING)) == NULL)
			return -1;
		bind_text(st, 1, unit);
		bind_text(st, 2, period);
		bind_text(st, 3, key);
		if (run(s, st, "không ghi được thiết lập báo cáo") != 0)
			return -1;
	}
	if ((st = prep(s, ST_PUT_REPORT_SETTING)) == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	bind_text(st, 3, key);
	sqlite3_bind_int(st, 4, seq);
	bind_text(st, 5, value);
	return run(s, st, "không ghi được thiết lập báo cáo");
}

static void
read_account(sqlite3_stmt *st, struct account *a)
{
	memset(a, 0, sizeof(*a));
	a->name = col_text(st, 0);
	a->role = (enum role)model_lookup(role_names, (const char *)
	    sqlite3_column_text(st, 1));
	a->unit = col_text(st, 2);
	a->sectors = col_text(st, 3);
	a->pwhash = col_text(st, 4);
	a->disabled = sqlite3_column_int(st, 5) != 0;
}

static int
sq_account(struct store *s, const char *name, struct account *a, bool *found)
{
	sqlite3_stmt *st = prep(s, ST_ACCOUNT);
	int rc;

	*found = false;
	memset(a, 0, sizeof(*a));
	if (st == NULL)
		return -1;
	bind_text(st, 1, name);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_account(st, a);
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được tài khoản");
}

static int
sq_accounts(struct store *s, struct account **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_ACCOUNTS);
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		read_account(st, &(*out)[*n - 1]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được tài khoản");
}

static int
sq_put_account(struct store *s, const struct account *a)
{
	sqlite3_stmt *st = prep(s, ST_PUT_ACCOUNT);

	if (st == NULL)
		return -1;
	bind_text(st, 1, a->name);
	bind_text(st, 2, role_names[a->role]);
	bind_text(st, 3, a->unit);
	bind_text(st, 4, a->sectors);
	bind_text(st, 5, a->pwhash);
	sqlite3_bind_int(st, 6, a->disabled);
	return run(s, st, "không ghi được tài khoản");
}

static int
sq_set_password(struct store *s, const char *name, const char *pwhash)
{
	sqlite3_stmt *st = prep(s, ST_SET_PASSWORD);

	if (st == NULL)
		return -1;
	bind_text(st, 1, name);
	bind_text(st, 2, pwhash);
	return run(s, st, "không đổi được mật khẩu");
}

static int
sq_session(struct store *s, const char *token_hash, long long now,
    long long idle, struct buf *account, struct buf *csrf, bool *found)
{
	sqlite3_stmt *st = prep(s, ST_SESSION);
	long long seen = 0;
	int rc;

	*found = false;
	if (st == NULL)
		return -1;
	bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, now - idle);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(account, (const char *)sqlite3_column_text(st, 0));
		buf_puts(csrf, (const char *)sqlite3_column_text(st, 1));
		seen = sqlite3_column_int64(st, 2);
		*found = true;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, "không đọc được phiên đăng nhập");
	/* The idle clock moves at most once a minute: not a write per
	 * request. A failed write only shortens the session. */
	if (*found && now - seen >= 60 &&
	    (st = prep(s, ST_TOUCH_SESSION)) != NULL) {
		bind_text(st, 1, token_hash);
		sqlite3_bind_int64(st, 2, now);
		(void)run(s, st, "không ghi được phiên đăng nhập");
	}
	return 0;
}

static int
sq_put_session(struct store *s, const char *token_hash, const char *account,
    const char *csrf, long long now, long long expires)
{
	sqlite3_stmt *st = prep(s, ST_PUT_SESSION);

	if (st == NULL)
		return -1;
	bind_text(st, 1, token_hash);
	bind_text(st, 2, account);
	bind_text(st, 3, csrf);
	sqlite3_bind_int64(st, 4, expires);
	sqlite3_bind_int64(st, 5, now);
	return run(s, st, "không ghi được phiên đăng nhập");
}

static int
sq_del_session(struct store *s, const char *token_hash, long long now)
{
	sqlite3_stmt *st = prep(s, ST_DEL_SESSION);

	if (st == NULL)
		return -1;
	bind_text(st, 1, token_hash);
	sqlite3_bind_int64(st, 2, now);
	return run(s, st, "không xóa được phiên đăng nhập");
}

static int
sq_del_sessions_of(struct store *s, const char *account)
{
	sqlite3_stmt *st = prep(s, ST_DEL_SESSIONS_OF);

	if (st == NULL)
		return -1;
	bind_text(st, 1, account);
	return run(s, st, "không xóa được phiên đăng nhập");
}

static int
sq_token(struct store *s, const char *token_hash, struct buf *account,
    bool *found)
{
	sqlite3_stmt *st = prep(s, ST_TOKEN);
	int rc;

	*found = false;
	if (st == NULL)
		return -1;
	bind_text(st, 1, token_hash);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		buf_puts(account, (const char *)sqlite3_column_text(st, 0));
		*found = true;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được mã truy cập");
}

static int
sq_put_token(struct store *s, const char *token_hash, const char *account,
    const char *label)
{
	sqlite3_stmt *st = prep(s, ST_PUT_TOKEN);

	if (st == NULL)
		return -1;
	bind_text(st, 1, token_hash);
	bind_text(st, 2, account);
	bind_text(st, 3, label);
	return run(s, st, "không ghi được mã truy cập");
}

static int
sq_del_other_sessions(struct store *s, const char *account,
    const char *keep_hash)
{
	sqlite3_stmt *st = prep(s, ST_DEL_OTHER_SESSIONS);

	if (st == NULL)
		return -1;
	bind_text(st, 1, account);
	bind_text(st, 2, keep_hash);
	return run(s, st, "không xóa được phiên đăng nhập");
}

static int
sq_login_throttle(struct store *s, const char *addr, const char *name,
    long long since, struct login_fails *f)
{
	sqlite3_stmt *st = prep(s, ST_THROTTLE);
	int rc;

	memset(f, 0, sizeof(*f));
	if (st == NULL)
		return -1;
	bind_text(st, 1, addr);
	bind_text(st, 2, name);
	sqlite3_bind_int64(st, 3, since);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if (sqlite3_column_int(st, 0)) {
			f->addr_count = sqlite3_column_int(st, 1);
			f->addr_last = sqlite3_column_int64(st, 2);
		} else {
			f->name_count = sqlite3_column_int(st, 1);
			f->name_last = sqlite3_column_int64(st, 2);
		}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được số lần đăng nhập sai");
}

static int
sq_login_failed(struct store *s, const char *addr, const char *name,
    long long now, long long since)
{
	sqlite3_stmt *st = prep(s, ST_THROTTLE_FORGET);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, since);
	if (run(s, st, "không ghi được lần đăng nhập sai") != 0 ||
	    (st = prep(s, ST_THROTTLE_FAIL)) == NULL)
		return -1;
	bind_text(st, 1, addr);
	bind_text(st, 2, name);
	sqlite3_bind_int64(st, 3, now);
	sqlite3_bind_int64(st, 4, since);
	return run(s, st, "không ghi được lần đăng nhập sai");
}

static int
sq_login_ok(struct store *s, const char *addr, const char *name)
{
	sqlite3_stmt *st = prep(s, ST_THROTTLE_OK);

	if (st == NULL)
		return -1;
	bind_text(st, 1, addr);
	bind_text(st, 2, name);
	return run(s, st, "không ghi được đăng nhập");
}

/* The number of audit entries written and the hash of the last one. */
static int
audit_head(struct store *s, long long *last, char hash[AUDIT_HASH_LEN + 1])
{
	sqlite3_stmt *st = prep(s, ST_AUDIT_HEAD);
	int rc;

	*last = 0;
	hash[0] = '\0';
	if (st == NULL)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*last = sqlite3_column_int64(st, 0);
		if (sqlite3_column_text(st, 1) != NULL)
			snprintf(hash, AUDIT_HASH_LEN + 1, "%s",
			    (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : fail(s, "không đọc được nhật ký");
}

static int
sq_audit_last(struct store *s, long long *last)
{
	char hash[AUDIT_HASH_LEN + 1];

	return audit_head(s, last, hash);
}

/* The next entry takes the next number and the last entry's hash, in a
 * transaction of its own (nested in the caller's), so that two writers
 * cannot fork the chain. */
static int
sq_audit(struct store *s, const char *account, const char *unit,
    const char *action, const char *object, const char *old, const char *new_)
{
	char prev[AUDIT_HASH_LEN + 1], hash[AUDIT_HASH_LEN + 1], at[32];
	struct audit a;
	sqlite3_stmt *st;
	struct tm tm;
	time_t now = time(NULL);
	long long last;

	if (store_begin(s) != 0)
		return -1;
	if (audit_head(s, &last, prev) != 0)
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
	if ((st = prep(s, ST_AUDIT)) == NULL)
		goto err;
	sqlite3_bind_int64(st, 1, a.id);
	bind_text(st, 2, at);
	bind_text(st, 3, account);
	bind_text(st, 4, unit);
	bind_text(st, 5, action);
	bind_text(st, 6, object);
	bind_text(st, 7, old);
	bind_text(st, 8, new_);
	bind_text(st, 9, prev);
	bind_text(st, 10, hash);
	if (run(s, st, "không ghi được nhật ký") != 0 ||
	    (st = prep(s, ST_AUDIT_SET_LAST)) == NULL)
		goto err;
	sqlite3_bind_int64(st, 1, a.id);
	if (run(s, st, "không ghi được nhật ký") != 0 || store_commit(s) != 0)
		goto err;
	return 0;
err:
	store_rollback(s);
	return -1;
}

static void
read_audit(sqlite3_stmt *st, struct audit *a)
{
	a->id = sqlite3_column_int64(st, 0);
	a->at = (const char *)sqlite3_column_text(st, 1);
	a->account = (const char *)sqlite3_column_text(st, 2);
	a->unit = (const char *)sqlite3_column_text(st, 3);
	a->action = (const char *)sqlite3_column_text(st, 4);
	a->object = (const char *)sqlite3_column_text(st, 5);
	a->old = (const char *)sqlite3_column_text(st, 6);
	a->new_ = (const char *)sqlite3_column_text(st, 7);
	a->hash = (const char *)sqlite3_column_text(st, 8);
	a->prev = (const char *)sqlite3_column_text(st, 9);
}

/* Walk the rows of st through cb. */
static int
each_audit(struct store *s, sqlite3_stmt *st, store_audit_cb cb, void *arg)
{
	struct audit a;
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_audit(st, &a);
		if ((stop = cb(&a, arg)) != 0)
			break;
	}
	sqlite3_reset(st);
	if (stop != 0)
		return stop;
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được nhật ký");
}

static int
sq_each_audit(struct store *s, const char *unit, const char *object,
    int limit, store_audit_cb cb, void *arg)
{
	sqlite3_stmt *st = prep(s, ST_AUDITS);

	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, object);
	sqlite3_bind_int(st, 3, limit);
	return each_audit(s, st, cb, arg);
}

static int
sq_each_audit_asc(struct store *s, store_audit_cb cb, void *arg)
{
	sqlite3_stmt *st = prep(s, ST_AUDIT_CHAIN);

	return st == NULL ? -1 : each_audit(s, st, cb, arg);
}

/* Entries written before the chain existed get their hashes, in id order,
 * inside the migration's transaction. */
static int
audit_rechain(struct store *s)
{
	sqlite3_stmt *st, *up;
	char prev[AUDIT_HASH_LEN + 1] = "", hash[AUDIT_HASH_LEN + 1];
	struct audit a;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT " AUDIT_COLS " FROM audit"
	    " ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return fail(s, "không đọc được nhật ký");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_audit(st, &a);
		audit_hash(prev, &a, hash);
		if ((up = prep(s, ST_AUDIT_REHASH)) == NULL) {
			sqlite3_finalize(st);
			return -1;
		}
		sqlite3_bind_int64(up, 1, a.id);
		bind_text(up, 2, prev);
		bind_text(up, 3, hash);
		if (run(s, up, "không ghi được nhật ký") != 0) {
			sqlite3_finalize(st);
			return -1;
		}
		memcpy(prev, hash, sizeof(prev));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : fail(s, "không đọc được nhật ký");
}

static int
sq_period_state(struct store *s, const char *unit, const char *period,
    enum pstate *state, struct buf *by, struct buf *reason)
{
	sqlite3_stmt *st = prep(s, ST_STATE);
	int rc, k;

	*state = PSTATE_DRAFT;
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		k = model_lookup(pstate_names, (const char *)
		    sqlite3_column_text(st, 0));
		*state = k < 0 ? PSTATE_DRAFT : (enum pstate)k;
		if (by != NULL)
			buf_puts(by, (const char *)sqlite3_column_text(st, 2));
		if (reason != NULL && sqlite3_column_text(st, 3) != NULL)
			buf_puts(reason, (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
	    fail(s, "không đọc được trạng thái kỳ báo cáo");
}

static int
sq_put_period_state(struct store *s, const char *unit, const char *period,
    enum pstate state, const char *account, const char *reason)
{
	sqlite3_stmt *st = prep(s, ST_PUT_STATE);

	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	bind_text(st, 3, pstate_names[state]);
	bind_text(st, 4, account);
	bind_text(st, 5, reason);
	return run(s, st, "không ghi được trạng thái kỳ báo cáo");
}

/* ---- explanation requests ---- */

static int
put_request_msg(struct store *s, long long id, const struct xmsg *m)
{
	sqlite3_stmt *st = prep(s, ST_PUT_REQUEST_MSG);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, m->kind);
	bind_text(st, 3, m->account);
	bind_text(st, 4, m->body);
	return run(s, st, "không ghi được yêu cầu giải trình");
}

static int
sq_put_request(struct store *s, const struct xrequest *x, long long *id)
{
	sqlite3_stmt *st;

	*id = 0;
	if (x->nmsgs < 1 || store_begin(s) != 0)
		return -1;
	if ((st = prep(s, ST_PUT_REQUEST)) == NULL)
		goto err;
	bind_text(st, 1, x->unit);
	bind_text(st, 2, x->indicator);
	bind_text(st, 3, x->period);
	bind_text(st, 4, x->asked_by);
	bind_text(st, 5, x->asker_unit);
	if (run(s, st, "không ghi được yêu cầu giải trình") != 0)
		goto err;
	*id = sqlite3_last_insert_rowid(s->db);
	if (put_request_msg(s, *id, &x->msgs[0]) != 0 || store_commit(s) != 0)
		goto err;
	return 0;
err:
	*id = 0;
	store_rollback(s);
	return -1;
}

static void
bind_request_filter(sqlite3_stmt *st, const char *unit, long long id,
    int state)
{
	bind_text(st, 1, unit);
	sqlite3_bind_int64(st, 2, id);
	bind_text(st, 3, state >= 0 && state < XSTATE__MAX ?
	    xstate_names[state] : NULL);
}

static int
sq_requests(struct store *s, const char *unit, long long id, int state,
    struct xrequest **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_REQUESTS);
	struct xrequest *x;
	size_t cap = 0, i, cm;
	long long rid;
	int rc, k;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	bind_request_filter(st, unit, id, state);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		x = &(*out)[*n - 1];
		x->id = sqlite3_column_int64(st, 0);
		x->unit = col_text(st, 1);
		x->indicator = col_text(st, 2);
		x->period = col_text(st, 3);
		k = model_lookup(xstate_names, (const char *)
		    sqlite3_column_text(st, 4));
		x->state = k < 0 ? XSTATE_OPEN : (enum xstate)k;
		x->asked_by = col_text(st, 5);
		x->asker_unit = col_text(st, 6);
		x->created = col_text(st, 7);
		x->updated = col_text(st, 8);
		x->version = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto err;
	if ((st = prep(s, ST_REQUEST_MSGS)) == NULL)
		goto err;
	bind_request_filter(st, unit, id, state);
	/* Requests are newest first: find each message's by its id. */
	i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct xmsg *m;

		rid = sqlite3_column_int64(st, 0);
		if (i >= *n || (*out)[i].id != rid)
			for (i = 0; i < *n && (*out)[i].id != rid; i++)
				;
		if (i >= *n)
			continue;	/* a request written between the two reads */
		x = &(*out)[i];
		/* push doubles a full array: a capacity equal to the count
		 * makes it grow (threads are a few steps long). */
		cm = x->nmsgs;
		x->msgs = store_push(x->msgs, &x->nmsgs, &cm, sizeof(*x->msgs));
		m = &x->msgs[x->nmsgs - 1];
		m->kind = col_text(st, 1);
		m->account = col_text(st, 2);
		m->at = col_text(st, 3);
		m->body = col_text(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		goto err;
	return 0;
err:
	fail(s, "không đọc được yêu cầu giải trình");
	store_free_requests(*out, *n);
	*out = NULL;
	*n = 0;
	return -1;
}

static int
sq_request_step(struct store *s, long long id, long long version,
    enum xstate state, const struct xmsg *msg)
{
	sqlite3_stmt *st;

	if (store_begin(s) != 0)
		return -1;
	if ((st = prep(s, ST_REQUEST_STEP)) == NULL)
		goto err;
	sqlite3_bind_int64(st, 1, id);
	bind_text(st, 2, xstate_names[state]);
	sqlite3_bind_int64(st, 3, version);
	if (run(s, st, "không ghi được yêu cầu giải trình") != 0)
		goto err;
	if (sqlite3_changes(s->db) == 0) {
		store_rollback(s);
		return STORE_CONFLICT;
	}
	if (put_request_msg(s, id, msg) != 0 || store_commit(s) != 0)
		goto err;
	return 0;
err:
	store_rollback(s);
	return -1;
}

/* ---- reports sent up, units' certificates ---- */

static int
sq_put_submission(struct store *s, const struct submission *x, long long *id)
{
	sqlite3_stmt *st = prep(s, x->id == 0 ? ST_PUT_SUBMISSION :
	    ST_SUBMISSION_IF);

	if (id != NULL)
		*id = 0;
	if (st == NULL)
		return -1;
	bind_text(st, 1, x->unit);
	bind_text(st, 2, x->period);
	bind_text(st, 3, sstate_names[x->state]);
	bind_text(st, 4, x->source);
	if (x->pdf != NULL)
		sqlite3_bind_blob64(st, 5, x->pdf, x->pdflen, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 5);
	bind_text(st, 6, x->pdf_sha256);
	bind_text(st, 7, x->signer);
	bind_text(st, 8, x->signed_by);
	bind_text(st, 9, x->signed_at);
	bind_text(st, 10, x->snapshot);
	bind_text(st, 11, x->sent_by);
	bind_text(st, 12, x->sent_at);
	bind_text(st, 13, x->decided_by);
	bind_text(st, 14, x->decided_at);
	bind_text(st, 15, x->reason);
	if (x->id != 0) {
		sqlite3_bind_int64(st, 16, x->id);
		sqlite3_bind_int64(st, 17, x->version);
	}
	if (run(s, st, "không ghi được báo cáo gửi cấp trên") != 0)
		return -1;
	if (x->id != 0)
		return sqlite3_changes(s->db) == 0 ? STORE_CONFLICT : 0;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

/* A copy of a blob column, and its size. */
static unsigned char *
col_blob(sqlite3_stmt *st, int i, size_t *len)
{
	const void *b = sqlite3_column_blob(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);
	unsigned char *out;

	*len = 0;
	if (b == NULL)
		return NULL;
	out = xmalloc(n ? n : 1);
	memcpy(out, b, n);
	*len = n;
	return out;
}

static int
sq_submissions(struct store *s, const char *unit, const char *period,
    long long id, bool full, struct submission **out, size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_SUBMISSIONS);
	struct submission *x;
	size_t cap = 0, len;
	int rc, k;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	bind_text(st, 2, period);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int(st, 4, full);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		x = &(*out)[*n - 1];
		x->id = sqlite3_column_int64(st, 0);
		x->unit = col_text(st, 1);
		x->period = col_text(st, 2);
		k = model_lookup(sstate_names, (const char *)
		    sqlite3_column_text(st, 3));
		x->state = k < 0 ? SSTATE_SIGNED : (enum sstate)k;
		x->source = col_text(st, 4);
		x->pdf = col_blob(st, 5, &len);
		x->pdflen = (size_t)sqlite3_column_int64(st, 6);
		x->pdf_sha256 = col_text(st, 7);
		x->signer = col_text(st, 8);
		x->signed_by = col_text(st, 9);
		x->signed_at = col_text(st, 10);
		x->snapshot = col_text(st, 11);
		x->sent_by = col_text(st, 12);
		x->sent_at = col_text(st, 13);
		x->decided_by = col_text(st, 14);
		x->decided_at = col_text(st, 15);
		x->reason = col_text(st, 16);
		x->version = sqlite3_column_int64(st, 17);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	store_free_submissions(*out, *n);
	*out = NULL;
	*n = 0;
	return fail(s, "không đọc được báo cáo gửi cấp trên");
}

static int
sq_put_unit_cert(struct store *s, const struct unit_cert *c)
{
	sqlite3_stmt *st = prep(s, ST_PUT_UNIT_CERT);

	if (st == NULL)
		return -1;
	bind_text(st, 1, c->unit);
	sqlite3_bind_blob64(st, 2, c->sealed, c->sealedlen, SQLITE_STATIC);
	bind_text(st, 3, c->subject);
	bind_text(st, 4, c->title);
	bind_text(st, 5, c->not_after);
	bind_text(st, 6, c->uploaded_by);
	return run(s, st, "không ghi được chứng thư số của đơn vị");
}

static int
sq_unit_certs(struct store *s, const char *unit, struct unit_cert **out,
    size_t *n)
{
	sqlite3_stmt *st = prep(s, ST_UNIT_CERTS);
	struct unit_cert *c;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	bind_text(st, 1, unit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = store_push(*out, n, &cap, sizeof(**out));
		c = &(*out)[*n - 1];
		c->unit = col_text(st, 0);
		c->sealed = col_blob(st, 1, &c->sealedlen);
		c->subject = col_text(st, 2);
		c->title = col_text(st, 3);
		c->not_after = col_text(st, 4);
		c->uploaded_by = col_text(st, 5);
		c->uploaded_at = col_text(st, 6);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	store_free_unit_certs(*out, *n);
	*out = NULL;
	*n = 0;
	return fail(s, "không đọc được chứng thư số của đơn vị");
}

/* ---- whole-database copies ---- */

/* Rows of a checking pragma other than "ok", a line each, into problems. */
static int
pragma_rows(sqlite3 *db, const char *q, struct buf *problems)
{
	sqlite3_stmt *st;
	int rc, i;

	if (sqlite3_prepare_v2(db, q, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (sqlite3_column_count(st) == 1 && t != NULL &&
		    strcmp(t, "ok") == 0)
			continue;
		for (i = 0; i < sqlite3_column_count(st); i++) {
			t = (const char *)sqlite3_column_text(st, i);
			buf_printf(problems, "%s%s", i ? " " : "", t ? t : "NULL");
		}
		buf_putc(problems, '\n');
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
check_db(sqlite3 *db, struct buf *problems)
{
	if (pragma_rows(db, "PRAGMA integrity_check", problems) != 0 ||
	    pragma_rows(db, "PRAGMA foreign_key_check", problems) != 0)
		return -1;
	return 0;
}

static int
sq_check(struct store *s, struct buf *problems)
{
	return check_db(s->db, problems) == 0 ? 0 :
	    fail(s, "không kiểm tra được cơ sở dữ liệu");
}

/* Copy every page of from into to (sqlite3's online backup: other
 * connections of from go on while it runs). */
static int
copy_db(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (b == NULL)
		return sqlite3_errcode(to);
	while ((rc = sqlite3_backup_step(b, 256)) == SQLITE_OK ||
	    rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		if (rc != SQLITE_OK)
			sqlite3_sleep(20);
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

static int
sq_backup(struct store *s, const char *path)
{
	struct buf tmp = BUF_INIT, bad = BUF_INIT;
	sqlite3 *db = NULL;
	int rc = -1;

	buf_reset(&s->err);
	if (access(path, F_OK) == 0) {
		buf_printf(&s->err, "%s đã có: chọn tên tệp khác (sao lưu không ghi "
		    "đè tệp có sẵn)", path);
		return -1;
	}
	buf_printf(&tmp, "%s.part", path);
	unlink(buf_str(&tmp));
	if (sqlite3_open_v2(buf_str(&tmp), &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		buf_printf(&s->err, "không tạo được %s: %s", buf_str(&tmp),
		    db ? sqlite3_errmsg(db) : "hết bộ nhớ");
		goto out;
	}
	if (copy_db(db, s->db) != SQLITE_OK) {
		buf_printf(&s->err, "sao lưu %s không xong: %s", s->path,
		    sqlite3_errmsg(db));
		goto out;
	}
	/* A backup is one file: no WAL beside it. */
	if (sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL,
	    NULL) != SQLITE_OK || check_db(db, &bad) != 0 || bad.len > 0) {
		buf_printf(&s->err, "bản sao lưu %s không đúng: %s", buf_str(&tmp),
		    bad.len ? buf_str(&bad) : sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_close(db);
	db = NULL;
	if (rename(buf_str(&tmp), path) != 0) {
		buf_printf(&s->err, "không đổi tên được %s thành %s", buf_str(&tmp),
		    path);
		goto out;
	}
	rc = 0;
out:
	if (db != NULL)
		sqlite3_close(db);
	if (rc != 0)
		unlink(buf_str(&tmp));
	buf_free(&tmp);
	buf_free(&bad);
	return rc;
}

static int
sq_restore(struct store *s, const char *path)
{
	struct buf bad = BUF_INIT;
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int rc = -1, v = -1;

	buf_reset(&s->err);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		buf_printf(&s->err, "không mở được bản sao lưu %s: %s", path,
		    db ? sqlite3_errmsg(db) : "hết bộ nhớ");
		goto out;
	}
	if (check_db(db, &bad) != 0 || bad.len > 0) {
		buf_printf(&s->err, "%s không phải cơ sở dữ liệu SQLite lành lặn: %s",
		    path, bad.len ? buf_str(&bad) : sqlite3_errmsg(db));
		goto out;
	}
	if (sqlite3_prepare_v2(db, "SELECT version FROM schema_version", -1, &st,
	    NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (v <= 0 || v > NMIGRATIONS) {
		buf_printf(&s->err, v > NMIGRATIONS ? "%s có lược đồ mới hơn bản ktxh "
		    "này: hãy cập nhật ktxh" : "%s không phải bản sao lưu của ktxh",
		    path);
		goto out;
	}
	if (copy_db(s->db, db) != SQLITE_OK) {
		fail(s, "không chép được bản sao lưu vào cơ sở dữ liệu");
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(db);
	buf_free(&bad);
	return rc;
}

const struct store_ops store_sqlite_ops = {
	.name = "SQLite",
	.open = sq_open,
	.close = sq_close,
	.migrate = sq_migrate,
	.error = sq_error,
	.ready = sq_ready,
	.begin = sq_begin,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.generation = sq_generation,
	.rollup_get = sq_rollup_get,
	.rollup_stamp = sq_rollup_stamp,
	.rollup_put = sq_rollup_put,
	.rollup_touch = sq_rollup_touch,
	.units_near = sq_units_near,
	.latest_year = sq_latest_year,
	.first_target_unit = sq_first_target_unit,
	.sectors = sq_sectors,
	.units = sq_units,
	.find_units = sq_find_units,
	.indicators = sq_indicators,
	.targets = sq_targets,
	.targets_of = sq_targets_of,
	.each_value = sq_each_value,
	.values_of = sq_values_of,
	.unit_changes = sq_unit_changes,
	.cutoffs = sq_cutoffs,
	.setting = sq_setting,
	.settings = sq_settings,
	.set_actor = sq_set_actor,
	.put_sector = sq_put_sector,
	.put_unit = sq_put_unit,
	.put_indicator = sq_put_indicator,
	.put_target = sq_put_target,
	.put_value = sq_put_value,
	.del_value = sq_del_value,
	.put_cutoff = sq_put_cutoff,
	.put_unit_change = sq_put_unit_change,
	.bulk_begin = sq_bulk_begin,
	.bulk_target = sq_bulk_target,
	.bulk_value = sq_bulk_value,
	.bulk_text = sq_bulk_text,
	.bulk_end = sq_bulk_end,
	.put_setting = sq_put_setting,
	.text = sq_text,
	.each_text = sq_each_text,
	.put_text = sq_put_text,
	.stamp = sq_stamp,
	.each_report_setting = sq_each_report_setting,
	.put_report_setting = sq_put_report_setting,
	.account = sq_account,
	.accounts = sq_accounts,
	.put_account = sq_put_account,
	.set_password = sq_set_password,
	.session = sq_session,
	.put_session = sq_put_session,
	.del_session = sq_del_session,
	.del_sessions_of = sq_del_sessions_of,
	.del_other_sessions = sq_del_other_sessions,
	.token = sq_token,
	.put_token = sq_put_token,
	.login_throttle = sq_login_throttle,
	.login_failed = sq_login_failed,
	.login_ok = sq_login_ok,
	.audit = sq_audit,
	.each_audit = sq_each_audit,
	.each_audit_asc = sq_each_audit_asc,
	.audit_last = sq_audit_last,
	.backup = sq_backup,
	.restore = sq_restore,
	.check = sq_check,
	.period_state = sq_period_state,
	.put_period_state = sq_put_period_state,
	.put_request = sq_put_request,
	.requests = sq_requests,
	.request_step = sq_request_step,
	.put_submission = sq_put_submission,
	.submissions = sq_submissions,
	.put_unit_cert = sq_put_unit_cert,
	.unit_certs = sq_unit_certs,
};
