#!/usr/bin/env python3
"""Loopback HTTP server for veille's tests: serves French feeds and misbehaves on request.

Binds 127.0.0.1 on a free port and prints it on the first line of stdout. Exits by itself when its
parent test process goes away or after 10 idle minutes, so a crashed test run leaves nothing behind.
Each path is one fault mode; see do_GET.
"""
import gzip, io, json, os, signal, socket, sys, threading, time, zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# Test processes may start us from a thread whose mask blocks SIGTERM (Foundation.Process):
# unblock everything so that termination works.
signal.pthread_sigmask(signal.SIG_SETMASK, [])

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "feeds")
ETAG = 'W/"numerama-42"'
LAST_MODIFIED = "Sat, 28 Nov 2026 10:00:00 GMT"
last_activity = time.time()
counters = {}
counters_lock = threading.Lock()


def fixture(name):
    with open(os.path.join(FIXTURES, name), "rb") as f:
        return f.read()


def count(path):
    with counters_lock:
        counters[path] = counters.get(path, 0) + 1
        return counters[path]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "veille-test/1"

    def log_message(self, *args):
        pass

    def send_body(self, status, body, ctype="application/rss+xml; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        global last_activity
        last_activity = time.time()
        path, _, query = self.path.partition("?")
        params = dict(p.split("=", 1) for p in query.split("&") if "=" in p)
        hits = count(path)

        if path.startswith("/feeds/"):
            # Any fixture, with validators: /feeds/NAME serves Tests/TestSupport/feeds/NAME.
            name = os.path.basename(path)
            ctype = params.get("ct", "application/rss+xml; charset=utf-8").replace("%20", " ").replace("%3B", ";")
            return self.send_body(200, fixture(name), ctype, [("ETag", '"%s"' % name)])
        if path == "/feed":
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            echo = [("X-Seen-If-None-Match", inm or "-"), ("X-Seen-If-Modified-Since", ims or "-")]
            if inm == ETAG or (inm is None and ims == LAST_MODIFIED):
                self.send_response(304)
                for k, v in echo + [("ETag", ETAG)]:
                    self.send_header(k, v)
                self.end_headers()
                return
            return self.send_body(200, fixture("numerama.xml"), headers=echo + [
                ("ETag", ETAG), ("Last-Modified", LAST_MODIFIED), ("Cache-Control", "public, max-age=1800")])
        if path == "/headers":
            body = json.dumps({k.lower(): v for k, v in self.headers.items()}).encode()
            return self.send_body(200, body, "application/json")
        if path == "/gzip":
            raw = fixture("numerama.xml")
            if "gzip" in (self.headers.get("Accept-Encoding") or ""):
                return self.send_body(200, gzip.compress(raw), headers=[("Content-Encoding", "gzip")])
            return self.send_body(200, raw)
        if path == "/gzip-bomb":
            # 64 MB of spaces inside a valid RSS shell, about 64 KB on the wire.
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as g:
                g.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>')
                chunk = b" " * (1 << 20)
                for _ in range(64):
                    g.write(chunk)
                g.write(b"</title></channel></rss>")
            return self.send_body(200, buf.getvalue(), headers=[("Content-Encoding", "gzip")])
        if path == "/slow":
            # Slow loris: headers at once, then one byte per second, for a long time.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(120):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        if path == "/hang":
            time.sleep(float(params.get("s", "60")))
            return self.send_body(200, fixture("numerama.xml"))
        if path == "/reset":
            # Promise 50 000 bytes, send 2 000, then reset the connection.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "50000")
            self.end_headers()
            self.wfile.write(fixture("numerama.xml")[:2000])
            self.wfile.flush()
            # SO_LINGER 0 + close = an RST; detach() because wfile still references the socket object.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            os.close(self.connection.detach())
            self.close_connection = True
            self.wfile = io.BytesIO()
            self.rfile = io.BytesIO()
            return
        if path == "/big-length":
            n = int(params.get("n", str(3 << 20)))
            return self.send_body(200, b" " * n)
        if path == "/big-chunked":
            n = int(params.get("n", str(3 << 20)))
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            sent = 0
            try:
                while sent < n:
                    part = b" " * min(65536, n - sent)
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    sent += len(part)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            return
        if path.startswith("/status/"):
            code = int(path.split("/")[2])
            headers = []
            if "retry" in params:
                headers.append(("Retry-After", params["retry"].replace("%20", " ").replace("%2C", ",")))
            return self.send_body(code, b"<html><body>erreur</body></html>", "text/html; charset=utf-8", headers)
        if path.startswith("/redirect/"):
            # /redirect/CODE/N: N hops of CODE, then /feed.
            _, _, code, n = path.split("/")
            n = int(n)
            target = "/feed" if n <= 1 else "/redirect/%s/%d" % (code, n - 1)
            self.send_response(int(code))
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/moved-then-temp":
            self.send_response(301)
            self.send_header("Location", "/redirect/302/1")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path == "/html":
            return self.send_body(200, fixture("page.html"), "text/html; charset=utf-8")
        if path == "/empty":
            return self.send_body(200, b"")
        if path == "/count":
            return self.send_body(200, json.dumps(counters).encode(), "application/json")
        return self.send_body(404, b"introuvable", "text/plain")

    do_HEAD = do_GET


def watchdog(parent):
    while True:
        time.sleep(1)
        if os.getppid() != parent or time.time() - last_activity > 600:
            os._exit(0)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    threading.Thread(target=watchdog, args=(os.getppid(),), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
