"""Loopback guard for benchmark subprocesses (put this folder on PYTHONPATH).

Every Python process a benchmark starts (the newsearch crawl, the trafilatura CLI,
news-please) gets this: a socket may only connect to 127.0.0.0/8 or ::1, and host
names other than ``localhost`` are not resolved. A library that phones home (the
public-suffix list download of tldextract, for one) fails fast instead of sending
traffic off the machine. Set NEWSEARCH_BENCH_GUARD=0 to switch it off.

With NEWSEARCH_BENCH_CPROFILE=DIR it also profiles each process (see the end).
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

# NEWSEARCH_BENCH_CPROFILE=DIR: every Python process of the tree (a crawl and the ingest
# process it spawns) profiles its main thread with cProfile, timed by its CPU clock, and
# writes DIR/PID-NAME.prof when it exits normally. Processes forked from it (a
# forkserver's extraction workers) stop profiling at the fork and write nothing.
if _os.environ.get("NEWSEARCH_BENCH_CPROFILE"):
    import atexit as _atexit
    import cProfile as _cProfile
    import sys as _sys
    import time as _time

    _prof = _cProfile.Profile(_time.process_time)

    def _dump(pid=_os.getpid()):
        _prof.disable()
        if _os.getpid() != pid:
            return
        mp = _sys.modules.get("multiprocessing")
        name = mp.current_process().name if mp else "main"
        if name == "MainProcess":
            name = "helper" if _sys.argv[:1] == ["-c"] else "main"  # a forkserver, a resource tracker
        try:
            _prof.dump_stats(_os.path.join(_os.environ["NEWSEARCH_BENCH_CPROFILE"], f"{pid}-{name}.prof"))
        except OSError:
            pass

    _os.register_at_fork(after_in_child=_prof.disable)
    _atexit.register(_dump)
    _prof.enable()
