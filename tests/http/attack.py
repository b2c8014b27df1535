#!/usr/bin/env python3
"""attack.py: the attacker of tests/cli/test_hardening_web.sh. Each case
talks to a running `ktxh serve` from chosen client addresses (Linux routes
all of 127.0.0.0/8 to lo, so binding the client socket to 127.0.0.N makes
the server see another address), prints what it measured as NAME=VALUE
lines, and exits 0; the shell test judges the values. Standard library only.

  attack.py owner PORT NAME PW        127.0.0.2 guesses NAME's password 32
                                      times; then NAME signs in from 127.0.0.1
  attack.py rotate PORT SRC N [PORT2 NAME PW]
                                      SRC tries N wrong logins, one name each;
                                      then NAME's right password on PORT2
  attack.py burst PORT SRC NAME PW N XFF [XFF...]
                                      N wrong logins of NAME with
                                      X-Forwarded-For XFF ({i}: the try, -:
                                      none), then at once the right one with
                                      each further XFF
  attack.py p99 PORT SRC THREADS N    THREADS guessers from SRC (rotating
                                      names), until the address is throttled
                                      (20 failures); then N GET /login from
                                      127.0.0.1 while they go on
  attack.py login PORT SRC NAME PW [HEADER:VALUE...]
                                      one login: status, cookies, headers
  attack.py flood PORT SRC N          N idle connections from SRC, then a GET
                                      /login from 127.0.0.1; how long until
                                      the server closed SRC's connections;
                                      meanwhile a request pauses 7 s midway
  attack.py gate PORT N               N wrong logins at one instant, each
                                      from its own address
  attack.py limits PORT               2,000 query parameters, a long URL, and
                                      Content-Length 10 GB without a body
"""
import http.client
import re
import socket
import sys
import threading
import time


def conn(port, src, timeout=10):
    return http.client.HTTPConnection("127.0.0.1", port, timeout=timeout,
                                      source_address=(src, 0))


def cookies_of(resp):
    """name -> (value, attributes) of every Set-Cookie."""
    out = {}
    for k, v in resp.getheaders():
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            value, _, attrs = rest.partition(";")
            out[name.strip()] = (value, attrs)
    return out


class Client:
    """A browser of one address: a kept-alive connection and its cookies."""

    def __init__(self, port, src, headers=None, timeout=10):
        self.port, self.src, self.timeout = port, src, timeout
        self.c = conn(port, src, timeout)
        self.jar = {}
        self.extra = dict(headers or {})
        self.last_cookies = {}

    def request(self, method, path, body=None):
        h = dict(self.extra)
        if self.jar:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.jar.items())
        if body is not None:
            h["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (0, 1):
            try:
                self.c.request(method, path, body=body, headers=h)
                r = self.c.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection: a new one.
                self.c.close()
                self.c = conn(self.port, self.src, self.timeout)
                if attempt:
                    raise
        self.last_cookies = cookies_of(r)
        for name, (value, attrs) in self.last_cookies.items():
            if "Max-Age=0" in attrs:
                self.jar.pop(name, None)
            else:
                self.jar[name] = value
        return r, data.decode("utf-8", "replace")

    def csrf(self, path="/login"):
        r, body = self.request("GET", path)
        m = re.search(r'name="csrf" value="([^"]*)"', body)
        return m.group(1) if m else ""

    def login(self, name, pw):
        from urllib.parse import urlencode
        tok = self.csrf()
        return self.request("POST", "/login", urlencode(
            {"username": name, "password": pw, "csrf": tok}))

    def close(self):
        self.c.close()


def owner(port, name, pw):
    from urllib.parse import urlencode
    att = Client(port, "127.0.0.2")
    statuses, fail_times = [], []
    for i in range(32):
        body = urlencode({"username": name, "password": "wrong-password-%d" % i,
                          "csrf": att.csrf()})
        t0 = time.time()
        r, _ = att.request("POST", "/login", body)
        if r.status == 401:
            fail_times.append(time.time() - t0)
        statuses.append(r.status)
    # The right password from the guesser's address: it has failed.
    r, _ = att.login(name, pw)
    att_right = r.status
    me = Client(port, "127.0.0.1")
    body = urlencode({"username": name, "password": pw, "csrf": me.csrf()})
    t0 = time.time()
    r, _ = me.request("POST", "/login", body)
    ok_time = time.time() - t0
    # A failure costs the same hash as a success, and no more: no sleep.
    print("fail_min_ms=%.1f" % (1000 * min(fail_times) if fail_times else -1))
    print("ok_ms=%.1f" % (1000 * ok_time))
    print("attacker_tries=%d" % len(statuses))
    print("attacker_401=%d" % statuses.count(401))
    print("attacker_429=%d" % statuses.count(429))
    print("attacker_other=%d" % (len(statuses) - statuses.count(401) -
                                 statuses.count(429)))
    print("attacker_right=%d" % att_right)
    print("owner=%d" % r.status)
    print("owner_location=%s" % (r.getheader("Location") or ""))


def rotate(port, src, n, other=None):
    c = Client(port, src)
    first429, retry, statuses = 0, "", []
    for i in range(n):
        r, _ = c.login("nobody%d" % i, "wrong-password")
        statuses.append(r.status)
        if r.status == 429 and not first429:
            first429, retry = i + 1, r.getheader("Retry-After") or ""
    if other:
        # At once (the wait is a second or two): the same address on another
        # server of the same database, with a right password.
        port2, name, pw = other
        r, _ = Client(port2, src).login(name, pw)
        print("other_server=%d" % r.status)
    print("statuses=%s" % ",".join(map(str, statuses)))
    print("first429=%d" % first429)
    print("retry_after=%s" % retry)


def burst(port, src, name, pw, n, xff_wrong, checks):
    """n wrong passwords for name with X-Forwarded-For xff_wrong ("{i}" is
    the try's number, "-" none), then at once the right one with each of
    checks: a second's wait must not pass between them."""
    def client(xff):
        return Client(port, src, {} if xff == "-" else
                      {"X-Forwarded-For": xff})
    for i in range(n):
        client(xff_wrong.replace("{i}", str(i + 1))).login(
            name, "wrong-password-%d" % i)
    for k, xff in enumerate(checks):
        r, _ = client(xff).login(name, pw)
        print("check%d=%d" % (k + 1, r.status))


def p99(port, src, threads, n):
    stop = threading.Event()
    throttled = threading.Event()
    counts = {}
    lock = threading.Lock()

    def guess(k):
        c = Client(port, src)
        i = 0
        while not stop.is_set():
            try:
                r, _ = c.login("guess%d-%d" % (k, i), "wrong-password")
            except (OSError, http.client.HTTPException):
                time.sleep(0.01)
                continue
            # A new connection each time, as guessing tools do: a kept-alive
            # one stays with the worker that accepted it.
            c.close()
            c.c = conn(port, src)
            i += 1
            with lock:
                counts[r.status] = counts.get(r.status, 0) + 1
                # The address's count throttles it after 20 failures (a 429
                # before that is the gate: its one hash at a time).
                if counts.get(401, 0) >= 20:
                    throttled.set()
        c.close()

    ts = [threading.Thread(target=guess, args=(k,), daemon=True)
          for k in range(threads)]
    t0 = time.time()
    for t in ts:
        t.start()
    throttled.wait(20)
    waited = time.time() - t0
    times, bad = [], 0
    try:
        me = Client(port, "127.0.0.1")
        for _ in range(n):
            t1 = time.time()
            try:
                r, _ = me.request("GET", "/login")
                bad += r.status != 200
            except OSError:
                bad += 1
            times.append(time.time() - t1)
    finally:
        stop.set()
    for t in ts:
        t.join(15)
    times.sort()
    print("throttled_after=%.2f" % waited)
    print("attack=%s" % " ".join("%d:%d" % kv for kv in sorted(counts.items())))
    print("requests=%d" % n)
    print("not_200=%d" % bad)
    print("p50_ms=%.1f" % (1000 * times[len(times) // 2]))
    print("p99_ms=%.1f" % (1000 * times[int(len(times) * 0.99) - 1]))
    print("max_ms=%.1f" % (1000 * times[-1]))


def gate_round(port, n, base):
    from urllib.parse import urlencode
    clients = [Client(port, "127.0.0.%d" % (base + i)) for i in range(n)]
    bodies = []
    # Connections opened one by one, a little apart: the server's workers
    # each accept a few (opened together, one worker may take them all and
    # run them one after another); each then posts at the same instant.
    for i, c in enumerate(clients):
        bodies.append(urlencode({"username": "gate%d" % i, "password": "wrong",
                                 "csrf": c.csrf()}))
        time.sleep(0.05)
    barrier = threading.Barrier(n)
    out = [None] * n

    def one(i):
        barrier.wait()
        r, _ = clients[i].request("POST", "/login", bodies[i])
        out[i] = (r.status, r.getheader("Retry-After") or "")

    ts = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(30)
    for c in clients:
        c.close()
    return [o if o else (0, "") for o in out]


def gate(port, n):
    """n wrong logins at the same instant, each from its own fresh address;
    up to 3 rounds (new addresses each), until the gate has refused one:
    which worker takes which connection is the server's choice."""
    out = []
    for k in range(3):
        out += gate_round(port, n, 30 + 10 * k)
        if any(o[0] == 503 for o in out):
            break
    statuses = [o[0] for o in out]
    print("rounds=%d" % (k + 1))
    print("statuses=%s" % ",".join(map(str, sorted(statuses))))
    print("n401=%d" % statuses.count(401))
    print("n503=%d" % statuses.count(503))
    print("retry_503=%s" % ",".join(sorted(set(o[1] for o in out
                                                if o[0] == 503))))


def login(port, src, name, pw, headers):
    h = dict(x.split(":", 1) for x in headers)
    c = Client(port, src, h)
    r, _ = c.login(name, pw)
    print("status=%d" % r.status)
    print("hsts=%s" % (r.getheader("Strict-Transport-Security") or ""))
    for cname, (_, attrs) in sorted(c.last_cookies.items()):
        print("cookie_%s=%s" % (cname, "secure" if re.search(
            r";\s*Secure\b", ";" + attrs) else "plain"))
    r, _ = c.request("GET", "/login")
    print("get_hsts=%s" % (r.getheader("Strict-Transport-Security") or ""))
    print("get_cookies=%s" % ",".join("%s:%s" % (k, "secure" if "Secure" in a
                                                  else "plain")
                                      for k, (_, a) in sorted(c.last_cookies.items())))


def slow_request(port, pause, out):
    """A request whose body stops for pause seconds midway: within a
    request the longer timeout holds, so it must still be answered."""
    body = b"username=x&password=y&csrf=z"
    s = socket.create_connection(("127.0.0.1", port), timeout=pause + 5)
    try:
        s.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/x-www-form-urlencoded\r\n"
                  b"Content-Length: %d\r\n\r\n" % len(body) + body[:10])
        time.sleep(pause)
        s.sendall(body[10:])
        answer = s.recv(64)
        out.append(answer.split(b" ")[1].decode() if answer.startswith(b"HTTP/")
                   else "closed")
    except OSError as e:
        out.append("error:%s" % e.__class__.__name__)
    s.close()


def flood(port, src, n):
    socks, refused = [], 0
    slow = []
    st = threading.Thread(target=slow_request, args=(port, 7, slow))
    st.start()
    for _ in range(n):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
        try:
            s.bind((src, 0))
            s.connect(("127.0.0.1", port))
            socks.append(s)
        except OSError:
            refused += 1
            s.close()
    t0 = time.time()
    status = 0
    try:
        c = conn(port, "127.0.0.1", timeout=5)
        c.request("GET", "/login")
        status = c.getresponse().status
        c.close()
    except OSError as e:
        status = "error:%s" % e.__class__.__name__
    answer = time.time() - t0
    # Which of the flood's connections does the server still keep? Those it
    # refused are closed already: a read returns at once.
    open_at = []
    end = time.time() + 12
    live = list(socks)
    first_check = None
    while live and time.time() < end:
        still = []
        for s in live:
            s.setblocking(False)
            try:
                if s.recv(1) == b"":
                    s.close()
                    continue
            except BlockingIOError:
                still.append(s)
                continue
            except OSError:
                s.close()
                continue
        live = still
        if first_check is None and time.time() - t0 >= 1.0:
            first_check = len(live)
        open_at.append((time.time() - t0, len(live)))
        if live:
            time.sleep(0.2)
    for s in live:
        s.close()
    st.join()
    closed_after = next((t for t, k in open_at if k == 0), -1)
    print("slow_request=%s" % (slow[0] if slow else "none"))
    print("connected=%d" % len(socks))
    print("refused=%d" % refused)
    print("kept_1s=%d" % (first_check or 0))
    print("other_status=%s" % status)
    print("other_seconds=%.3f" % answer)
    print("all_closed_after=%.1f" % closed_after)


def raw(port, data, timeout=2):
    s = socket.create_connection(("127.0.0.1", port), timeout=timeout)
    t0 = time.time()
    s.sendall(data)
    try:
        answer = s.recv(64)
    except socket.timeout:
        answer = None
    except OSError:
        answer = b""
    s.close()
    secs = time.time() - t0
    if answer is None:
        return "timeout", secs
    if answer.startswith(b"HTTP/"):
        return answer.split(b" ")[1].decode(), secs
    return "closed", secs


def limits(port):
    head = b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    q = b"&".join(b"a%d=x" % i for i in range(2000))
    cases = [
        ("params", b"GET /login?" + q + head + b"\r\n"),
        ("params101", b"GET /login?" + b"&".join(b"a%d=x" % i for i in range(101)) + head + b"\r\n"),
        ("params100", b"GET /login?" + b"&".join(b"a%d=x" % i for i in range(100)) + head + b"\r\n"),
        ("longurl", b"GET /login?next=" + b"a" * 9000 + head + b"\r\n"),
        ("body10g", b"POST /login" + head +
         b"Content-Type: application/x-www-form-urlencoded\r\n"
         b"Content-Length: 10000000000\r\n\r\n"),
        ("body30m", b"POST /check" + head +
         b"Content-Type: multipart/form-data; boundary=X\r\n"
         b"Content-Length: 30000000\r\n\r\n"),
    ]
    for name, data in cases:
        status, secs = raw(port, data)
        print("%s=%s" % (name, status))
        print("%s_seconds=%.3f" % (name, secs))


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    cmd, port = argv[1], int(argv[2])
    if cmd == "owner":
        owner(port, argv[3], argv[4])
    elif cmd == "rotate":
        rotate(port, argv[3], int(argv[4]),
               (int(argv[5]), argv[6], argv[7]) if len(argv) > 7 else None)
    elif cmd == "burst":
        burst(port, argv[3], argv[4], argv[5], int(argv[6]), argv[7], argv[8:])
    elif cmd == "p99":
        p99(port, argv[3], int(argv[4]), int(argv[5]))
    elif cmd == "gate":
        gate(port, int(argv[3]))
    elif cmd == "login":
        login(port, argv[3], argv[4], argv[5], argv[6:])
    elif cmd == "flood":
        flood(port, argv[3], int(argv[4]))
    elif cmd == "limits":
        limits(port)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
