"""A full disk ends the crawl at once, in one line, and loses nothing stored.

SQLite rolls back the write that found the disk full, and an article is marked
done in the crawl state only after its record is stored, so what could not be
written is simply fetched again by the next run. Without this, every later page
failed the same way: hundreds of tracebacks, then a wrong "database is damaged".
"""
from __future__ import annotations

import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from indexer.errors import is_disk_full


def failure_is_disk_full(value: BaseException | None) -> bool:
    """is_disk_full() for an error or anything in its chain (a failed rollback after it)."""
    seen = 0
    while value is not None and seen < 10:
        if is_disk_full(value):
            return True
        value = value.__cause__ or value.__context__
        seen += 1
    return False


class DiskFullStop:
    """Scrapy extension: on the first disk-full error in a pipeline or a callback,
    note it in the run's tally and close the spider (the runner then says so)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stopping = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "DiskFullStop":
        ext = cls(crawler)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        return ext

    def item_error(self, item: Any, response: Any, spider: Any, failure: Failure) -> None:
        if failure_is_disk_full(failure.value):
            self.stop()

    def spider_error(self, failure: Failure, response: Any, spider: Any) -> None:
        if failure_is_disk_full(failure.value):
            self.stop()

    def stop(self) -> None:
        """Mark the run as stopped by a full disk and close the spider, once."""
        spider = self.crawler.spider
        if spider is not None and hasattr(spider, "tally"):
            spider.tally.disk_full = True
        if not self.stopping and self.crawler.engine is not None:
            self.stopping = True
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="disk-full"))


class DiskFullLogFilter(logging.Filter):
    """Keep disk-full tracebacks off stderr: the run ends with one line about it."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and failure_is_disk_full(exc):
            return False
        return "database or disk is full" not in record.getMessage() and "No space left on device" not in record.getMessage()


def disk_full_message(home: Any) -> str:
    """The one line a run stopped by a full disk ends with."""
    import shutil

    try:
        free = f" ({shutil.disk_usage(home.root).free // 1024} kB free)"
    except OSError:
        free = ""
    return (
        f"the disk holding {home.root} is full{free}: the crawl stopped. Every article stored before "
        "is kept and the next run indexes it; free some space and run `newsearch crawl` again"
    )
