"""Run article extraction in a pool of worker processes, so the reactor keeps
fetching while pages are parsed (extraction is 10-40 ms of CPU a page)."""
from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import weakref
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from scrapy.crawler import Crawler

from ..extract import Rejection, extract_page

logger = logging.getLogger("newsearch.extract")
#: Rejections that say nothing about the page: the URL is retried on a later run.
RETRYABLE = frozenset({"extraction-timeout", "extraction-crashed", "extraction-error"})
#: Pages one worker extracts before it is replaced (trafilatura's memory grows per page).
TASKS_PER_WORKER = 400
#: Seconds one page may take before it is given up as "extraction-timeout".
PAGE_TIMEOUT = 120.0
#: Every live pool, so a crawl stopped at once can let its workers go (shutdown_pools).
_POOLS: "weakref.WeakSet[ProcessPoolExecutor]" = weakref.WeakSet()


def _warm_up(crawl_pid: int) -> None:
    """Worker start: import trafilatura once, and leave when the crawl is gone (a crawl
    killed with SIGKILL would otherwise leave its idle workers, and their forkserver,
    behind for good). Ctrl-C is the crawl's to handle: a worker ignores SIGINT and
    finishes its page (a KeyboardInterrupt here broke the pool with tracebacks)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import threading
    import time

    import trafilatura  # noqa: F401

    def watch() -> None:
        while True:
            time.sleep(2)
            try:
                os.kill(crawl_pid, 0)
            except ProcessLookupError:
                os._exit(0)

    threading.Thread(target=watch, daemon=True, name="crawl-watch").start()


def extract_item(item: dict[str, Any]) -> Any:
    """The worker's job: one item in, an Article or a Rejection out."""
    return extract_page(
        item["body"],
        item["url"],
        item.get("evidence"),
        encoding=item.get("encoding"),
        site_name=item.get("site_name"),
        site_topic=item.get("site_topic"),
        site_url=item.get("site_url"),
    )


class ExtractionPipeline:
    """Sends each fetched page to a worker process and waits for its record."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.submitted = 0
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ExtractionPipeline":
        return cls(crawler.settings.getint("NEWSEARCH_WORKERS") or os.cpu_count() or 1)

    def _new_pool(self) -> ProcessPoolExecutor:
        # Not max_tasks_per_child: on Python 3.11 a pool that replaces its workers that
        # way can stop answering (measured: 25 pages in 1,000 waited out PAGE_TIMEOUT).
        # Whole pools are recycled instead, see _submit.
        self.submitted = 0
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_warm_up,
            initargs=(os.getpid(),),
        )
        _POOLS.add(pool)
        return pool

    def _submit(self, job: dict[str, Any]) -> tuple[ProcessPoolExecutor, Any]:
        """Submit to the current pool; after TASKS_PER_WORKER pages a worker, start a
        fresh pool and let the old one finish its pages and exit (trafilatura's
        memory grows per page)."""
        assert self.pool is not None
        if self.submitted >= TASKS_PER_WORKER * self.workers:
            old, self.pool = self.pool, self._new_pool()
            old.shutdown(wait=False)
        self.submitted += 1
        # a submit may start the forkserver and the workers: they start with SIGINT
        # blocked (the mask is inherited), so a Ctrl-C while one is still importing
        # cannot raise KeyboardInterrupt in it; the crawl alone handles Ctrl-C
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            return self.pool, self.pool.submit(extract_item, job)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def open_spider(self, spider: Any = None) -> None:
        self.pool = self._new_pool()

    async def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        assert self.pool is not None
        job = {k: item[k] for k in ("body", "url", "evidence", "encoding", "site_name", "site_topic", "site_url")}
        # a site with no configured name is labelled by its host (item["site"]), the same
        # on every run, never by whatever og:site_name one of its pages happens to give
        job["site_name"] = item["site_name"] or item["site"]
        pool, future = self._submit(job)
        try:
            item["result"] = await asyncio.wait_for(asyncio.wrap_future(future), PAGE_TIMEOUT)
        except asyncio.TimeoutError:
            item["result"] = Rejection(item["url"], "extraction-timeout")
        except BrokenProcessPool:
            # a worker died (out of memory, a crash in lxml): the pages in flight fail for
            # this run only; the first to notice replaces the pool, once
            if self.pool is pool:
                pool.shutdown(wait=False, cancel_futures=True)
                self.pool = self._new_pool()
            item["result"] = Rejection(item["url"], "extraction-crashed")
        except Exception as exc:  # a bug in extraction must not drop the page silently
            logger.error("extraction failed on %s: %s", item["url"], _short(exc))
            item["result"] = Rejection(item["url"], "extraction-error")
        item.pop("body", None)
        return item

    def close_spider(self, spider: Any = None) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _short(exc: BaseException, limit: int = 300) -> str:
    """An exception for a log line: its type and the start of its message."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= limit else text[:limit] + "..."


def shutdown_pools() -> None:
    """Cancel the pages waiting for a worker and let every pool's workers go."""
    for pool in list(_POOLS):
        pool.shutdown(wait=False, cancel_futures=True)
