"""A lying DNS for one test process (put this folder on PYTHONPATH).

``NEWSEARCH_TEST_DNS="name=addr1,addr2"`` makes the n-th lookup of *name* answer
the n-th address (the last one repeats): a rebinding DNS, without /etc/hosts or a
server. Other names are not resolved. And no socket may connect off loopback:
a public address a lookup answers is refused at connect(), so nothing ever leaves
the machine.
"""
import errno as _errno
import ipaddress as _ipaddress
import os as _os
import socket as _socket
import threading as _threading

_answers = {}
for _entry in filter(None, _os.environ.get("NEWSEARCH_TEST_DNS", "").split(";")):
    _name, _, _addrs = _entry.partition("=")
    _answers[_name.strip().lower()] = [a.strip() for a in _addrs.split(",") if a.strip()]
_calls = {}
_lock = _threading.Lock()
_orig_getaddrinfo = _socket.getaddrinfo
_orig_connect = _socket.socket.connect
_orig_connect_ex = _socket.socket.connect_ex


def _literal(host):
    try:
        return _ipaddress.ip_address(str(host).strip("[]").split("%")[0])
    except ValueError:
        return None


def _answer(host):
    name = (host.decode() if isinstance(host, bytes) else str(host)).lower().rstrip(".")
    if _literal(name) is not None or name == "localhost":
        return None
    if name not in _answers:
        raise _socket.gaierror(_socket.EAI_NONAME, f"test DNS: {name} is not resolved")
    with _lock:
        n = _calls.get(name, 0)
        _calls[name] = n + 1
    addrs = _answers[name]
    return addrs[min(n, len(addrs) - 1)]


def gethostbyname(host):
    addr = _answer(host)
    return addr if addr is not None else str(host)


def getaddrinfo(host, port, *args, **kwargs):
    addr = _answer(host) if host is not None else None
    return _orig_getaddrinfo(addr if addr is not None else host, port, *args, **kwargs)


def _off_loopback(sock, address):
    if sock.family in (_socket.AF_INET, _socket.AF_INET6) and isinstance(address, tuple):
        ip = _literal(address[0])
        return ip is None or not ip.is_loopback
    return False


def connect(self, address):
    if _off_loopback(self, address):
        raise ConnectionRefusedError(f"test loopback guard: no connection to {address[0]}")
    return _orig_connect(self, address)


def connect_ex(self, address):
    if _off_loopback(self, address):  # as a refused connection: nothing is sent
        return _errno.ECONNREFUSED
    return _orig_connect_ex(self, address)


_socket.gethostbyname = gethostbyname
_socket.getaddrinfo = getaddrinfo
_socket.socket.connect = connect
_socket.socket.connect_ex = connect_ex
