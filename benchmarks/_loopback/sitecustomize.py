"""Loopback guard for benchmark subprocesses (put this folder on PYTHONPATH).

Every Python process a benchmark starts (the newsearch crawl, the trafilatura CLI,
news-please) gets this: a socket may only connect to 127.0.0.0/8 or ::1, and host
names other than ``localhost`` are not resolved. A library that phones home (the
public-suffix list download of tldextract, for one) fails fast instead of sending
traffic off the machine. Set NEWSEARCH_BENCH_GUARD=0 to switch it off.
"""
import ipaddress as _ipaddress
import os as _os
import socket as _socket

if _os.environ.get("NEWSEARCH_BENCH_GUARD", "1") != "0":
    _orig_connect = _socket.socket.connect
    _orig_connect_ex = _socket.socket.connect_ex
    _orig_getaddrinfo = _socket.getaddrinfo

    def _loopback(host):
        if isinstance(host, bytes):
            host = host.decode("ascii", "replace")
        host = str(host).strip("[]").split("%")[0]
        if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
            return True
        try:
            return _ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False

    def _check(sock, address):
        if sock.family in (_socket.AF_INET, _socket.AF_INET6) and isinstance(address, tuple):
            if not _loopback(address[0]):
                raise ConnectionRefusedError(f"benchmark loopback guard: no connection to {address[0]}")

    def connect(self, address):
        _check(self, address)
        return _orig_connect(self, address)

    def connect_ex(self, address):
        _check(self, address)
        return _orig_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _loopback(host):
            raise _socket.gaierror(_socket.EAI_NONAME, f"benchmark loopback guard: {host} is not resolved")
        return _orig_getaddrinfo(host, *args, **kwargs)

    _socket.socket.connect = connect
    _socket.socket.connect_ex = connect_ex
    _socket.getaddrinfo = getaddrinfo
