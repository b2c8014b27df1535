#!/usr/bin/env python3
"""httpcheck.py: the helpers of tests/cli/test_http.sh for what curl and a
POSIX shell do badly: a free port, waiting for the server, JSON equality and
queries, lining up with the wall clock, and raw requests no well-behaved
client sends (a header flood, a huge header, a huge request line, garbage).
Standard library only.

  httpcheck.py port                  print a free TCP port of 127.0.0.1
  httpcheck.py wait PORT [SECONDS]   wait until PORT accepts connections
  httpcheck.py align [FRACTION]      sleep until FRACTION (default 0.02) of
                                     the next wall-clock second
  httpcheck.py jsoneq A B            exit 0 when files A and B hold the same
                                     JSON (parsed); else print where they differ
  httpcheck.py jq FILE EXPR          print the Python expression EXPR of the
                                     parsed JSON d of FILE (str as is, else JSON)
  httpcheck.py raw PORT CASE         send one hostile request and print the
                                     status of the answer, or "closed";
                                     ("timeout" when none came in 3 s);
                                     CASE: flood, bighdr, longpath, longquery,
                                     garbage, nohost, badversion
  httpcheck.py hold PORT SECONDS     send half a request's headers and keep
                                     the connection open for SECONDS
"""
import json
import socket
import sys
import time


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait(port, seconds):
    end = time.time() + seconds
    while time.time() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return 0
        except OSError:
            time.sleep(0.05)
    return 1


def align(fraction):
    now = time.time()
    target = int(now) + 1 + fraction
    time.sleep(max(0.0, target - now))


def first_difference(a, b, path="$"):
    """The path of the first place a and b differ, or None."""
    if type(a) is not type(b):
        # 1 and 1.0 are the same number in JSON.
        if isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
                not isinstance(a, bool) and not isinstance(b, bool) and a == b:
            return None
        return "%s: %r != %r" % (path, a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s: key %r only in %s" % (path, k,
                                                  "first" if k in a else "second")
            d = first_difference(a[k], b[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: %d items != %d items" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r != %r" % (path, a, b)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def jsoneq(a, b):
    try:
        da, db = load(a), load(b)
    except (OSError, ValueError) as e:
        print("not JSON: %s" % e)
        return 1
    d = first_difference(da, db)
    if d:
        print(d)
        return 1
    return 0


def jq(path, expr):
    d = load(path)
    v = eval(expr, {"d": d, "json": json})
    print(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    return 0


def raw(port, case):
    head = b"Host: 127.0.0.1\r\n"
    if case == "flood":
        data = b"GET /login HTTP/1.1\r\n" + head + b"".join(
            b"X-Flood-%d: %s\r\n" % (i, b"v" * 64) for i in range(5000)) + b"\r\n"
    elif case == "bighdr":
        data = b"GET /login HTTP/1.1\r\n" + head + b"X-Big: " + b"a" * 400000 + \
            b"\r\n\r\n"
    elif case == "longpath":
        data = b"GET /" + b"a" * 300000 + b" HTTP/1.1\r\n" + head + b"\r\n"
    elif case == "longquery":
        data = b"GET /api/v1/eval?unit=" + b"9" * 300000 + b"&year=2023 HTTP/1.1\r\n" + \
            head + b"\r\n"
    elif case == "garbage":
        data = b"GARBAGE\r\n\r\n"
    elif case == "nohost":
        data = b"GET /login HTTP/1.1\r\n\r\n"
    elif case == "badversion":
        data = b"GET /login HTTP/9.9\r\n" + head + b"\r\n"
    else:
        print("unknown case %s" % case)
        return 2
    s = socket.create_connection(("127.0.0.1", port), timeout=3)
    try:
        s.sendall(data)
    except OSError:
        pass			# the server may close while we still send
    try:
        answer = s.recv(64)
    except socket.timeout:
        answer = None
    except OSError:
        answer = b""
    s.close()
    if answer is None:
        print("timeout")
        return 0
    if answer.startswith(b"HTTP/"):
        print(answer.split(b" ")[1].decode("ascii", "replace"))
    else:
        print("closed")
    return 0


def hold(port, seconds):
    s = socket.create_connection(("127.0.0.1", port), timeout=seconds + 1)
    s.sendall(b"GET /login HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    end = time.time() + seconds
    try:
        while time.time() < end:
            s.settimeout(max(0.01, end - time.time()))
            if not s.recv(4096):
                break		# the server closed the connection
    except OSError:
        pass
    s.close()
    return 0


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd = argv[1]
    if cmd == "port":
        print(free_port())
        return 0
    if cmd == "wait":
        return wait(int(argv[2]), float(argv[3]) if len(argv) > 3 else 10)
    if cmd == "align":
        align(float(argv[2]) if len(argv) > 2 else 0.02)
        return 0
    if cmd == "jsoneq":
        return jsoneq(argv[2], argv[3])
    if cmd == "jq":
        return jq(argv[2], argv[3])
    if cmd == "raw":
        return raw(int(argv[2]), argv[3])
    if cmd == "hold":
        return hold(int(argv[2]), float(argv[3]))
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
