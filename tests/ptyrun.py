"""Run ``newsearch`` in a real pseudo-terminal (stdlib ``pty``), as a person at a
terminal would: a terminal of a given width, Ctrl-C typed as the byte 0x03 (the
terminal driver turns it into SIGINT for the whole foreground process group)."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
CSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def visible(text: str) -> str:
    """Terminal output without its control sequences (colours, cursor moves)."""
    return CSI.sub("", text)


class PtyRun:
    """``newsearch --home HOME ARGS`` on a pseudo-terminal of *cols* columns."""

    def __init__(self, home: Path, *args: str, cols: int = 80, rows: int = 24, env: dict[str, str] | None = None) -> None:
        env = {k: v for k, v in {**os.environ, **(env or {})}.items() if k not in ("COLUMNS", "LINES", "NEWSEARCH_HOME", "NO_COLOR")}
        env.update(PYTHONPATH=str(ROOT), TERM="xterm-256color")
        argv = [sys.executable, "-m", "search_cli", "--home", str(home), *args]
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: its stdin/stdout/stderr are the terminal
            try:
                # as a shell starts a program: Ctrl-C's SIGINT at its default, unblocked (else
                # a disposition an earlier test left in this process is inherited, and Python
                # keeps an ignored SIGINT ignored: the Ctrl-C test then saw no interruption)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.pthread_sigmask(signal.SIG_SETMASK, set())
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.chdir(ROOT)
                os.execve(sys.executable, argv, env)
            finally:
                os._exit(127)
        self.output = b""
        self.exit_code: int | None = None
        self.ended_at: float | None = None

    def _read(self, timeout: float) -> bool:
        """Read what is there; False once the terminal is closed (the child is gone)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            return False
        self.output += data
        return bool(data)

    def wait_for(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        """Read output until *condition* holds; AssertionError after *timeout* seconds."""
        deadline = time.monotonic() + timeout
        while not condition():
            assert time.monotonic() < deadline, f"timed out; output so far: {self.text()[-2000:]!r}"
            if not self._read(0.05):
                break
        assert condition(), f"the process ended first; output: {self.text()[-2000:]!r}"

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def wait(self, timeout: float = 60) -> int:
        """Read to the end and return the exit code (kills the child after *timeout*)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self._read(0.05):
                time.sleep(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self._finish(status)
                return self.exit_code  # type: ignore[return-value]
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"still running after {timeout} s; output: {self.text()[-2000:]!r}")

    def _finish(self, status: int) -> None:
        self.ended_at = time.monotonic()
        # what is left to read (bounded: a worker process may still hold the terminal)
        while self._read(0.05) and time.monotonic() < self.ended_at + 1:
            pass
        self.exit_code = os.waitstatus_to_exitcode(status)
        os.close(self.fd)

    def text(self) -> str:
        return self.output.decode("utf-8", "replace")
