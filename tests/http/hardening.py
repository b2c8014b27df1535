#!/usr/bin/env python3
"""hardening.py: the proofs of issue 9 that need threads, signals and a look
inside the database, for tests/cli/test_hardening.sh. Standard library only.
Each command prints "ok …" or "NOT OK …" lines, then one line
"RESULT {json}" with its figures (make hardening-report collects them), and
exits 1 when any check failed.

  hardening.py editors KTXH DB       20 API clients and 20 page sessions write
                                     one value on one version at once
  hardening.py kill-serve KTXH DB N  N times: writers through the API, the
                                     server SIGKILLed at a random moment
  hardening.py kill-import KTXH DB N N times: a large import SIGKILLed at a
                                     random moment
DB is a database loaded with data/nhon-hung and the accounts the shell test
made (qt: admin with token in $TOKEN, PW in $PW).
"""
import http.client
import json
import os
import random
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

PW = os.environ.get("PW", "Mat-khau-dai-2026")
failures = 0


def ok(msg):
    print("ok    " + msg)


def bad(msg):
    global failures
    failures += 1
    print("NOT OK " + msg)


def check(cond, msg):
    (ok if cond else bad)(msg)
    return cond


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    def __init__(self, ktxh, db, log):
        self.ktxh, self.db, self.log = ktxh, db, log
        self.proc = None
        self.port = None

    def start(self):
        self.port = free_port()
        logf = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [self.ktxh, "serve", "--db", self.db, "--listen",
             "127.0.0.1:%d" % self.port],
            stdout=logf, stderr=logf, stdin=subprocess.DEVNULL)
        end = time.time() + 20
        while time.time() < end:
            try:
                socket.create_connection(("127.0.0.1", self.port), 0.5).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def stop(self):
        self.proc.terminate()
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()


def request(port, method, path, body=None, headers=None, timeout=30):
    """(status, headers dict lower-case, body bytes); status 0 when the
    connection failed."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        c.request(method, path, body, headers or {})
        r = c.getresponse()
        data = r.read()
        hdrs = {}
        for k, v in r.getheaders():
            hdrs.setdefault(k.lower(), []).append(v)
        c.close()
        return r.status, hdrs, data
    except (OSError, http.client.HTTPException):
        return 0, {}, b""


def api(port, token, method, path, obj=None, extra=None):
    h = {"Authorization": "Bearer " + token,
         "Content-Type": "application/json"}
    h.update(extra or {})
    s, _, b = request(port, method, path,
                      json.dumps(obj) if obj is not None else None, h)
    try:
        return s, json.loads(b) if b else {}
    except ValueError:
        return s, {"raw": b[:200]}


def login(port, user, pw):
    """The cookie header of a new session, or None."""
    s, h, page = request(port, "GET", "/login")
    cookie = "; ".join(v.split(";")[0] for v in h.get("set-cookie", []))
    m = re.search(rb'name="csrf" value="([^"]*)"', page)
    body = urllib.parse.urlencode({"username": user, "password": pw,
                                   "csrf": m.group(1).decode() if m else ""})
    s, h, _ = request(port, "POST", "/login", body,
                      {"Content-Type": "application/x-www-form-urlencoded",
                       "Cookie": cookie})
    if s not in (302, 303):
        return None
    return "; ".join(v.split(";")[0] for v in h.get("set-cookie", []))


def hidden_fields(page):
    """name -> value of the hidden inputs of a page."""
    out = {}
    for m in re.finditer(rb'<input type="hidden"[^>]*?name="([^"]*)" '
                         rb'value="([^"]*)"', page):
        out[m.group(1).decode()] = m.group(2).decode()
    return out


def db_value(db, unit, ind, period):
    con = sqlite3.connect(db, timeout=30)
    row = con.execute("SELECT value, version FROM actual WHERE unit = ? AND "
                      "indicator = ? AND period = ?", (unit, ind, period)).fetchone()
    con.close()
    return row


def audits_of(db, unit, obj):
    con = sqlite3.connect(db, timeout=30)
    rows = con.execute("SELECT id, account, new FROM audit WHERE unit = ? AND "
                       "object = ? ORDER BY id", (unit, obj)).fetchall()
    con.close()
    return rows


def fmt(v):
    """A figure as the audit log writes it (machine form)."""
    return str(int(v)) if float(v) == int(v) else repr(float(v))


# ---- 20 editors on one version -------------------------------------------

def editors(ktxh, db, log):
    token = os.environ["TOKEN"]
    srv = Server(ktxh, db, log)
    if not check(srv.start(), "ktxh serve started"):
        return {}
    port = srv.port
    n = 20
    statuses = []
    unit, ind, per = "99001", "KT07", "2024-M05"
    obj = ind + "@" + per
    s, j = api(port, token, "POST", "/api/v1/values",
               {"unit": unit, "indicator": ind, "period": per, "value": 100})
    check(s == 200 and j.get("created") is True and
          j["value"]["version"] == 1, "a new value needs no version: %d %s" %
          (s, str(j)[:120]))
    s, j = api(port, token, "GET", "/api/v1/values?unit=%s&period=%s" % (unit, per))
    mine = [v for v in j.get("values", []) if v["indicator"] == ind]
    check(s == 200 and mine and mine[0]["version"] == 1,
          "GET /api/v1/values gives the version")
    ver = mine[0]["version"] if mine else 1
    s, j = api(port, token, "POST", "/api/v1/values",
               {"unit": unit, "indicator": ind, "period": per, "value": 5})
    check(s == 428 and j.get("current", {}).get("version") == ver and
          j["current"]["value"] == 100,
          "an existing value written without a version: 428 with the current "
          "one (got %d)" % s)
    # If-Match, quoted, stale: 409.
    s, j = api(port, token, "POST", "/api/v1/values",
               {"unit": unit, "indicator": ind, "period": per, "value": 6},
               {"If-Match": '"%d"' % (ver + 7)})
    check(s == 409 and j["current"]["version"] == ver,
          "If-Match with a stale version: 409 (got %d)" % s)
    s, j = api(port, token, "POST", "/api/v1/values",
               {"unit": unit, "indicator": ind, "period": per, "value": 6,
                "version": ver + 1}, {"If-Match": str(ver)})
    check(s == 400, "version and If-Match that disagree: 400 (got %d)" % s)

    # The race: 20 clients, one version.
    res = [None] * n
    bar = threading.Barrier(n)

    def client(i):
        bar.wait()
        res[i] = api(port, token, "POST", "/api/v1/values",
                     {"unit": unit, "indicator": ind, "period": per,
                      "value": 2000 + i, "version": ver})
    ts = [threading.Thread(target=client, args=(i,)) for i in range(n)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    statuses += [r[0] for r in res]
    won = [i for i in range(n) if res[i][0] == 200]
    lost = [i for i in range(n) if res[i][0] == 409]
    check(len(won) == 1 and len(lost) == n - 1,
          "20 API editors on one version: %d × 200, %d × 409, others %s" %
          (len(won), len(lost), [res[i][0] for i in range(n)
                                 if i not in won + lost]))
    api_lost = 0
    if won:
        stored = db_value(db, unit, ind, per)
        check(stored and stored[0] == 2000 + won[0] and stored[1] == ver + 1,
              "the stored value is the accepted one (%s)" % (stored,))
        api_lost = 0 if stored and stored[0] == 2000 + won[0] else 1
        winners = [a for a in audits_of(db, unit, obj) if a[2] == fmt(2000 + won[0])]
        others = [a for a in audits_of(db, unit, obj)
                  if a[2] in [fmt(2000 + i) for i in lost]]
        check(len(winners) == 1 and not others,
              "the audit log has exactly one entry for it (%d), none for the "
              "refused (%d)" % (len(winners), len(others)))
        cur = [r[1].get("current", {}) for i, r in enumerate(res) if i in lost]
        check(all(c.get("value") == 2000 + won[0] and c.get("version") ==
                  ver + 1 and c.get("by") == "qt" and c.get("at") for c in cur),
              "every 409 shows the value stored, its version, who and when")

    # The pages: 20 sessions save the same row of the entry page at once.
    jar = []
    for i in range(n):
        c = login(port, "qt", PW)
        if c is None:
            break
        jar.append(c)
    if not check(len(jar) == n, "%d page sessions signed in" % len(jar)):
        srv.stop()
        return {}
    page_per = "2024-M06"
    url = "/entry?unit=%s&year=2024&period=%s&sector=kinh-te" % (unit, page_per)
    forms = []
    for c in jar:
        s, _, page = request(port, "GET", url, headers={"Cookie": c})
        forms.append(hidden_fields(page))
    # The first quantity row the page shows.
    rows = [k[4:] for k in forms[0] if k.startswith("ver.")]
    ind = next((r for r in rows if r in ("KT01", "KT02", "KT03", "KT06",
                                         "KT15", "KT16")), rows[0] if rows else "")
    check(ind != "" and all(f.get("ver." + ind) == "0" for f in forms),
          "the entry page carries the row's version (0: none stored)")
    pres = [None] * n
    bar = threading.Barrier(n)

    def page_client(i):
        f = dict(forms[i])
        f["v." + ind] = str(3000 + i)
        bar.wait()
        pres[i] = request(port, "POST", "/entry", urllib.parse.urlencode(f),
                          {"Content-Type": "application/x-www-form-urlencoded",
                           "Cookie": jar[i]})
    ts = [threading.Thread(target=page_client, args=(i,)) for i in range(n)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    statuses += [r[0] for r in pres]
    pwon = [i for i in range(n) if pres[i][0] in (302, 303)]
    plost = [i for i in range(n) if pres[i][0] == 409]
    check(len(pwon) == 1 and len(plost) == n - 1,
          "20 page editors on one version: %d saved, %d × 409, others %s" %
          (len(pwon), len(plost), [pres[i][0] for i in range(n)
                                   if i not in pwon + plost]))
    page_lost = 1
    if pwon:
        stored = db_value(db, unit, ind, page_per)
        page_lost = 0 if stored and stored[0] == 3000 + pwon[0] else 1
        check(page_lost == 0, "the page's stored value is the saved one (%s)" %
              (stored,))
        shown = [i for i in plost if ("hiện là: " + "{:,}".format(3000 + pwon[0])
                 .replace(",", ".")).encode() in pres[i][2] or
                 ("hiện là: " + str(3000 + pwon[0])).encode() in pres[i][2]]
        check(len(shown) == len(plost), "each refused page shows the other "
              "person's value beside its own (%d of %d)" % (len(shown), len(plost)))
        check(len(audits_of(db, unit, ind + "@" + page_per)) == 1,
              "one audit entry for the page's value")
    # Texts and targets: two people open the same form, both save.
    form_h = {"Content-Type": "application/x-www-form-urlencoded"}
    for what, url, field, first, second, theirs in (
            ("text", "/texts?unit=99001&year=2024&period=2024&section=kinh-te",
             "body", "Thuyết minh của người thứ nhất.",
             "Thuyết minh của người thứ hai.", "Thuyết minh của người thứ nhất."),
            ("target", "/plan?unit=99001&year=2024&edit=KT16", "value",
             "65000000", "66000000", "65.000.000")):
        fs = []
        for c in jar[:2]:
            s, _, page = request(port, "GET", url, headers={"Cookie": c})
            f = hidden_fields(page)
            if what == "target":
                # The edit form's own fields (the page has other forms).
                m = re.search(rb'<h2 id="sua">.*?</form>', page, re.S)
                f = hidden_fields(m.group(0)) if m else {}
                f.update({"indicator": "KT16", "shape": "at_least"})
            f["action"] = "save"
            fs.append(f)
        check(all("version" in f for f in fs), "the %s form carries the "
              "version it shows" % what)
        rs = []
        for i, val in enumerate((first, second)):
            f = dict(fs[i])
            f[field] = val
            rs.append(request(port, "POST", url.split("?")[0],
                              urllib.parse.urlencode(f),
                              dict(form_h, Cookie=jar[i])))
        statuses.extend(r[0] for r in rs)
        check(rs[0][0] == 303 and rs[1][0] == 409,
              "two editors of one %s: first saved, second 409 (%d, %d)" %
              (what, rs[0][0], rs[1][0]))
        check(theirs.encode() in rs[1][2] and second.encode() in rs[1][2],
              "the refused %s page shows the other person's %s beside its own"
              % (what, what))
    five = [s for s in statuses if s >= 500 or s == 0]
    check(not five, "no 5xx and no dropped connection (%s)" % five)
    srv.stop()
    return {"editors": 2 * n, "lost_updates": api_lost + page_lost,
            "silent_lost_updates": (n - 1 - len(lost)) + (n - 1 - len(plost)),
            "http_5xx": len(five)}


# ---- kill the server under writers ------------------------------------------

def kill_serve(ktxh, db, log, rounds):
    token = os.environ["TOKEN"]
    rnd = random.Random(int(os.environ.get("HARDENING_SEED", "9")))
    writers = 6
    inds = ["KT07", "KT01", "KT09", "KT10", "KT11", "KT12"]
    acked = {}          # (ind, period) -> last acknowledged value
    lost = noaudit = integrity = fivexx = 0
    total_acks = 0
    for k in range(rounds):
        srv = Server(ktxh, db, log)
        if not srv.start():
            bad("round %d: the server did not start after a kill" % k)
            integrity += 1
            continue
        port = srv.port
        stop = threading.Event()
        counts = [0] * writers

        def writer(w):
            nonlocal fivexx, total_acks
            ind, per = inds[w], "2025-M%02d" % (1 + k % 12)
            key = (ind, per)
            while not stop.is_set():
                s, j = api(port, token, "GET",
                           "/api/v1/values?unit=99001&period=" + per)
                if s != 200:
                    if s >= 500:
                        fivexx += 1
                    continue
                cur = [v for v in j["values"] if v["indicator"] == ind]
                val = (cur[0]["value"] + 1) if cur else 1
                body = {"unit": "99001", "indicator": ind, "period": per,
                        "value": val}
                if cur:
                    body["version"] = cur[0]["version"]
                s, j = api(port, token, "POST", "/api/v1/values", body)
                if s == 200:
                    acked[key] = val
                    counts[w] += 1
                elif s >= 500:
                    fivexx += 1
        ts = [threading.Thread(target=writer, args=(w,)) for w in range(writers)]
        [t.start() for t in ts]
        time.sleep(rnd.uniform(0.3, 1.5))
        srv.kill()
        stop.set()
        [t.join() for t in ts]
        total_acks += sum(counts)
        # What was acknowledged is there; every value has its audit entry.
        con = sqlite3.connect(db, timeout=30)
        if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            integrity += 1
        for (ind, per), val in acked.items():
            row = con.execute("SELECT value FROM actual WHERE unit = '99001' "
                              "AND indicator = ? AND period = ?",
                              (ind, per)).fetchone()
            if row is None or row[0] < val:
                lost += 1
            last = con.execute("SELECT new FROM audit WHERE unit = '99001' AND "
                               "object = ? ORDER BY id DESC LIMIT 1",
                               (ind + "@" + per,)).fetchone()
            if row is not None and (last is None or last[0] != fmt(row[0])):
                noaudit += 1
        con.close()
    r = subprocess.run([ktxh, "audit", "verify", "--db", db],
                       capture_output=True, text=True)
    check(r.returncode == 0, "the audit chain verifies after %d kills: %s" %
          (rounds, (r.stdout + r.stderr).strip()[:200]))
    check(total_acks > rounds, "writes were acknowledged (%d)" % total_acks)
    check(integrity == 0, "%d kills of ktxh serve: integrity_check ok every "
          "time (%d bad)" % (rounds, integrity))
    check(lost == 0, "0 acknowledged writes lost (%d)" % lost)
    check(noaudit == 0, "0 values without their audit entry (%d)" % noaudit)
    check(fivexx == 0, "0 answers 5xx from the writers (%d)" % fivexx)
    return {"serve_kills": rounds, "acknowledged_writes": total_acks,
            "lost_writes": lost, "values_without_audit": noaudit,
            "serve_integrity_failures": integrity, "http_5xx": fivexx}


# ---- kill an import ---------------------------------------------------------

def kill_import(ktxh, db, data, rounds):
    rnd = random.Random(int(os.environ.get("HARDENING_SEED", "9")))
    before = None
    bad_state = integrity = 0
    commits = 0

    def count():
        con = sqlite3.connect(db, timeout=30)
        n = con.execute("SELECT count(*) FROM actual").fetchone()[0]
        ok_ = con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()
        return n, ok_
    # The keys the file holds: committed, the store has them all.
    import csv as csvmod
    keys = {(r["unit"], r["indicator"], r["period"]) for r in
            csvmod.DictReader(open(os.path.join(data, "values.csv"),
                                   encoding="utf-8"))}
    for k in range(rounds):
        before, _ = count()
        con = sqlite3.connect(db, timeout=30)
        full = len(keys | set(con.execute("SELECT unit, indicator, period "
                                          "FROM actual").fetchall()))
        con.close()
        p = subprocess.Popen([ktxh, "import", "--db", db, data],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rnd.uniform(0.05, 2.0))
        p.kill()
        rc = p.wait()
        after, sound = count()
        if not sound:
            integrity += 1
        if rc == 0:
            commits += 1
        # All or nothing: the values counted before, or the whole file in.
        if after not in (before, full):
            bad_state += 1
    r = subprocess.run([ktxh, "audit", "verify", "--db", db],
                       capture_output=True, text=True)
    check(r.returncode == 0, "the audit chain verifies after the import kills")
    check(integrity == 0, "%d kills of ktxh import: integrity_check ok (%d bad)"
          % (rounds, integrity))
    check(bad_state == 0, "all or nothing each time: the values counted before "
          "or with the whole file (%d half-written)" % bad_state)
    return {"import_kills": rounds, "imports_finished": commits,
            "half_imports": bad_state, "import_integrity_failures": integrity}


def main():
    cmd = sys.argv[1]
    if cmd == "editors":
        res = editors(sys.argv[2], sys.argv[3], sys.argv[3] + ".serve.log")
    elif cmd == "kill-serve":
        res = kill_serve(sys.argv[2], sys.argv[3], sys.argv[3] + ".serve.log",
                         int(sys.argv[4]))
    elif cmd == "kill-import":
        res = kill_import(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        print(__doc__)
        return 2
    print("RESULT " + json.dumps(res))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
