"""One crawl at a time per home: an advisory lock that dies with its process."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from indexer.errors import NewsearchError


class CrawlLockedError(NewsearchError):
    """Another crawl holds the home's lock."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"another crawl is already running{who}")


@contextmanager
def crawl_lock(path: Path, busy: Callable[[int | None], Exception] = CrawlLockedError) -> Iterator[None]:
    """Hold the lock file at *path* for the duration, or raise ``busy(pid)`` (by default
    CrawlLockedError) at once.

    flock is released by the kernel when the process dies, so a killed run never
    leaves a stale lock behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raw = os.pread(fd, 32, 0).decode("ascii", "ignore").strip()
            raise busy(int(raw) if raw.isdigit() else None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
