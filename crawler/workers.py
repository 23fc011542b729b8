"""Article extraction in a pool of worker processes (extraction is 10-40 ms of CPU a
page): the ingest hands pages in and takes Articles or Rejections out, in order.
Plain Python, no Scrapy."""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Iterator

from .extract import Rejection, extract_page

logger = logging.getLogger("newsearch.extract")
#: Rejections that say nothing about the page: the page is tried again by ``reextract``.
RETRYABLE = frozenset({"extraction-timeout", "extraction-crashed", "extraction-error"})
#: Pages one worker extracts before its pool is replaced (trafilatura's memory grows per page).
TASKS_PER_WORKER = 400
#: Seconds one page may take before it is given up as "extraction-timeout".
PAGE_TIMEOUT = 120.0


def _warm_up(parent_pid: int) -> None:
    """Worker start: import trafilatura once, and leave when the parent is gone (a parent
    killed with SIGKILL would otherwise leave its idle workers behind for good). Ctrl-C
    is the parent's to handle: a worker ignores SIGINT and finishes its page."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import threading
    import time

    import trafilatura  # noqa: F401

    def watch() -> None:
        while True:
            time.sleep(2)
            try:
                os.kill(parent_pid, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="parent-watch").start()


def extract_job(job: dict[str, Any]) -> Any:
    """The worker's job: one page in, an Article or a Rejection out."""
    from datetime import datetime

    now = datetime.fromisoformat(job["now"]) if job.get("now") else None
    return extract_page(
        job["body"], job["url"], job.get("evidence"), encoding=job.get("encoding"),
        site_name=job.get("site_name"), site_topic=job.get("site_topic"), site_url=job.get("site_url"), now=now,
    )


class ExtractorPool:
    """A process pool that extracts pages, keeps results in submission order, and
    turns a stuck, crashed or failing page into a Rejection instead of an exception."""

    def __init__(self, workers: int | None = None, window: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        #: jobs in flight before ``submit`` waits for the oldest
        self.window = window or self.workers * 8
        self.pool: ProcessPoolExecutor | None = None
        self.submitted = 0
        self.inflight: deque[tuple[Any, str, ProcessPoolExecutor | None, Future[Any] | None]] = deque()

    def _new_pool(self) -> ProcessPoolExecutor:
        self.submitted = 0
        # a worker starts with SIGINT blocked (the mask is inherited), so a Ctrl-C while
        # one is still importing cannot raise KeyboardInterrupt in it
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver"),
            initializer=_warm_up, initargs=(os.getpid(),),
        )

    def submit(self, tag: Any, job: dict[str, Any] | None) -> Iterator[tuple[Any, Any]]:
        """Queue *job* (None: nothing to extract, the tag only keeps its place) and
        yield every (tag, result) that is ready in order, waiting for the oldest when
        the window is full."""
        future = pool = None
        if job is not None:
            if self.pool is None or self.submitted >= TASKS_PER_WORKER * self.workers:
                # Not max_tasks_per_child: on Python 3.11 a pool that replaces its workers
                # that way can stop answering. Whole pools are recycled instead.
                old, self.pool = self.pool, self._new_pool()
                if old is not None:
                    old.shutdown(wait=False)
            self.submitted += 1
            pool = self.pool
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
            try:
                future = pool.submit(extract_job, job)
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        self.inflight.append((tag, job["url"] if job else "", pool, future))
        while self.inflight and (len(self.inflight) > self.window or self._ready()):
            yield self._take()

    def _ready(self) -> bool:
        future = self.inflight[0][3]
        return future is None or future.done()

    def drain(self) -> Iterator[tuple[Any, Any]]:
        """Every job still in flight, in order."""
        while self.inflight:
            yield self._take()

    def _take(self) -> tuple[Any, Any]:
        tag, url, pool, future = self.inflight.popleft()
        if future is None:
            return tag, None
        try:
            return tag, future.result(timeout=PAGE_TIMEOUT)
        except FutureTimeout:
            return tag, Rejection(url, "extraction-timeout")
        except BrokenProcessPool:
            # a worker died (out of memory, a crash in lxml): the pages in flight fail;
            # the first to notice replaces the pool, once
            if self.pool is pool and pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
                self.pool = None
            return tag, Rejection(url, "extraction-crashed")
        except Exception as exc:  # a bug in extraction must not drop the page silently
            logger.error("extraction failed on %s: %s", url, _short(exc))
            return tag, Rejection(url, "extraction-error")

    def close(self, wait: bool = True) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None


def _short(exc: BaseException, limit: int = 300) -> str:
    """An exception for a log line: its type and the start of its message."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit] + "..."
