#!/usr/bin/env python3
"""Loopback HTTP server for veille's tests: serves French feeds and misbehaves on request.

Binds 127.0.0.1 on a free port and prints it on the first line of stdout. Exits by itself when its
parent test process goes away or after 10 idle minutes, so a crashed test run leaves nothing behind.
Each path is one fault mode; see do_GET.

Options: --tls CERT KEY serves HTTPS with that certificate (the tests make a self-signed one);
--port N binds that port instead of a free one; --no-watchdog keeps running when the parent goes
away (for scripts: crash-loop and soak, which stop the server themselves).
"""
import argparse, gzip, io, json, os, random, signal, socket, ssl, struct, sys, threading, time, zlib
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
        if path == "/endless":
            # A chunked body that never ends: an RSS shell, then items forever (fast), or one small
            # chunk per second with ?slow=1, until the client hangs up.
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            slow = params.get("slow") == "1"
            def chunk(b):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
                self.wfile.flush()
            try:
                chunk(b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Sans fin</title>')
                i = 0
                while True:
                    i += 1
                    item = b"<item><title>Article %d</title><guid>sans-fin-%d</guid></item>" % (i, i)
                    chunk(item if slow else item * 256)
                    if slow:
                        time.sleep(1)
            except OSError:
                pass
            self.close_connection = True
            return
        if path == "/png":
            # An image where a feed should be (some CDNs answer a placeholder image).
            return self.send_body(200, png_bytes(), "image/png")
        if path == "/png-as-rss":
            # The same image, labelled as a feed.
            return self.send_body(200, png_bytes())
        if path == "/invalid-utf8":
            # Declared UTF-8, but with bytes no UTF-8 decoder accepts (lone continuation bytes,
            # an overlong form, a truncated sequence, 0xFF) in the titles.
            body = (b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Caf\xe9 \x80 cass\xc3</title>'
                    b'<link>https://cass\xc3\xa9.example.fr/</link>'
                    b'<item><title>Octets \xc0\xaf invalides \xff\xfe ici</title><link>https://example.fr/a</link>'
                    b'<guid>invalide-1</guid></item>'
                    b'<item><title>\xed\xa0\x80 demi-paire UTF-16 \xf4\x90\x80\x80 hors plage</title>'
                    b'<link>https://example.fr/b</link><guid>invalide-2</guid></item></channel></rss>')
            return self.send_body(200, body, "application/rss+xml; charset=utf-8")
        if path.startswith("/to-scheme/"):
            # /to-scheme/NAME: a redirect to another scheme (ftp, gopher, dict, data, javascript, file, ...).
            scheme = path.split("/")[2]
            targets = {
                "ftp": "ftp://127.0.0.1/feed.xml", "gopher": "gopher://127.0.0.1/0feed",
                "dict": "dict://127.0.0.1:2628/d:feed", "file": "file:///etc/passwd",
                "data": "data:application/rss+xml;base64,PHJzcy8+", "javascript": "javascript:alert(1)",
                "ldap": "ldap://127.0.0.1/dc=example", "smb": "smb://127.0.0.1/share/feed.xml",
                "scp": "scp://127.0.0.1/etc/passwd", "telnet": "telnet://127.0.0.1:23",
                "tftp": "tftp://127.0.0.1/feed.xml", "imap": "imap://127.0.0.1/INBOX",
            }
            self.send_response(int(params.get("code", "302")))
            self.send_header("Location", targets.get(scheme, scheme + "://127.0.0.1/feed"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path.startswith("/changing/"):
            # /changing/ID: a feed whose content changes with time: a new article every `period`
            # seconds (default 20), the latest 10 listed; no validators, so every poll parses.
            fid = path.split("/")[2]
            return self.send_body(200, changing_feed(fid, float(params.get("period", "20")),
                                                     int(params.get("keep", "10"))))
        if path == "/count":
            return self.send_body(200, json.dumps(counters).encode(), "application/json")
        return self.send_body(404, b"introuvable", "text/plain")

    do_HEAD = do_GET


def png_bytes():
    """A valid 16x16 PNG, then padding: real image bytes, as a misconfigured server would send."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    raw = b"".join(b"\x00" + b"".join(bytes((x * 16, y * 16, 128)) for x in range(16)) for y in range(16))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


WORDS = ("gouvernement annonce réforme énergie nucléaire Arcep fibre opérateur Orange Free SFR Bouygues "
         "Apple Google Microsoft OpenAI Mistral intelligence artificielle cybersécurité rançongiciel hôpital "
         "CNIL amende données Bruxelles DMA Thales Airbus satellite Ariane lancement SNCF grève tarif Renault "
         "batterie voiture électrique Bercy impôt budget Sénat vote loi numérique startup levée fonds").split()


def changing_feed(fid, period, keep):
    # Feeds change at staggered moments (an offset per feed), as real ones do.
    offset = (sum(map(ord, fid)) * 7919) % max(1, int(period))
    now = int((time.time() + offset) // period)
    items = []
    for k in range(now, now - keep, -1):
        rnd = random.Random("%s-%d" % (fid, k))
        title = " ".join(rnd.choice(WORDS) for _ in range(7)).capitalize()
        summary = " ".join(rnd.choice(WORDS) for _ in range(30))
        when = time.strftime("%a, %d %b %Y %H:%M:%S +0000", time.gmtime(k * period))
        items.append("<item><title>%s (%s n°%d)</title><link>https://flux-%s.example.fr/articles/%d</link>"
                     "<guid>flux-%s-%d</guid><pubDate>%s</pubDate><description>%s</description></item>"
                     % (title, fid, k, fid, k, fid, k, when, summary))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Flux %s</title>'
            '<link>https://flux-%s.example.fr/</link><description>Flux changeant</description>%s</channel></rss>'
            % (fid, fid, "".join(items))).encode("utf-8")


def watchdog(parent):
    while True:
        time.sleep(1)
        if os.getppid() != parent or time.time() - last_activity > 600:
            os._exit(0)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Clients hanging up mid-response (size caps, timeouts, cancellation) are the point of
        # most fault modes: no traceback for those.
        if isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError, ssl.SSLError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class TLSServer(QuietServer):
    """Handshakes in the handler's thread, so a client that refuses the certificate blocks no one."""
    context = None

    def get_request(self):
        sock, addr = super().get_request()
        return self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False), addr

    def finish_request(self, request, client_address):
        try:
            request.do_handshake()
        except (ssl.SSLError, OSError):
            return
        super().finish_request(request, client_address)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--no-watchdog", action="store_true")
    args = ap.parse_args()
    if args.tls:
        server = TLSServer(("127.0.0.1", args.port), Handler)
        server.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        server.context.load_cert_chain(*args.tls)
    else:
        server = QuietServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.request_queue_size = 128
    print(server.server_address[1], flush=True)
    if not args.no_watchdog:
        threading.Thread(target=watchdog, args=(os.getppid(),), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
