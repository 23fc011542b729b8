"""A small hostile web server for tests: loopback only, bounded in time and size.

Each path answers what the test put in ``routes``: a status, headers and a body
(bytes, or a callable of the request count giving bytes). Every request is
recorded, so a test can say what was (not) fetched. Only the standard library.
"""
from __future__ import annotations

import ipaddress
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

Body = bytes | Callable[[int], bytes]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 10  # a client that stalls is dropped: nothing here waits for ever

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        owner: HostileServer = self.server.owner  # type: ignore[attr-defined]
        with owner.lock:
            owner.requests.append(self.path)
            count = sum(1 for p in owner.requests if p == self.path)
        status, headers, body = owner.routes.get(self.path, (404, {"Content-Type": "text/html"}, b"<h1>Not found</h1>"))
        data = body(count) if callable(body) else body
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value.replace("{BASE}", owner.base_url))
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        try:
            self.wfile.write(data.replace(b"{BASE}", owner.base_url.encode()))
        except (BrokenPipeError, ConnectionResetError):  # the crawler refused to read it all: fine
            pass


class HostileServer:
    """Serve ``routes`` ({path: (status, headers, body)}) on a loopback address."""

    def __init__(self, routes: dict[str, tuple[int, dict[str, str], Body]], host: str = "127.0.0.9") -> None:
        if not ipaddress.ip_address(host).is_loopback:
            raise ValueError("hostile test servers listen on loopback only")
        self.routes = routes
        self.host = host
        self.requests: list[str] = []
        self.lock = threading.Lock()
        self.base_url = ""

    def __enter__(self) -> "HostileServer":
        self.httpd = ThreadingHTTPServer((self.host, 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.owner = self  # type: ignore[attr-defined]
        self.port = self.httpd.server_address[1]
        self.base_url = f"http://{self.host}:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def html(title: str, body: str) -> bytes:
    """A plain but realistic page: header, nav, main text, footer."""
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<header><a href='/'>Home</a> <nav><a href='/news/'>News</a> <a href='/about/'>About</a></nav></header>"
        f"<main>{body}</main><footer>&copy; 2025 The Test Gazette. <a href='/contact/'>Contact</a></footer></body></html>"
    ).encode()
