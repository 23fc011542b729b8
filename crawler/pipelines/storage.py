"""Store each extracted article at once, and index the stored ones in batches.

The record is durable (SQLite) before the crawl state says the URL is done, and
the index catches up in a thread every few seconds, so a kill at any point loses
nothing: the next run indexes what was stored and fetches what was not."""
from __future__ import annotations

import logging
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TextIO

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from indexer.errors import IndexDamagedError, is_disk_full
from indexer.home import Home
from indexer.store import RecordStore
from indexer.writer import redate, store_article, sync, with_date

from ..discovery import DATED_VIAS, redates
from ..extract import Article
from ..extract.dates import choose_date, iso
from .extraction import RETRYABLE

logger = logging.getLogger("newsearch.crawl")
LOG_ROTATE_BYTES = 10_000_000


def open_log(path: Path) -> TextIO:
    """The per-article log file, rotated to ``crawl.log.1`` past 10 MB."""
    if path.exists() and path.stat().st_size > LOG_ROTATE_BYTES:
        path.replace(path.with_suffix(".log.1"))
    return path.open("a", encoding="utf-8", buffering=1)


def listed_date(evidence: dict[str, Any], now: datetime | None = None) -> tuple[str, str] | None:
    """``(date, source)`` a news sitemap or feed gave a URL, when plausible: the
    date extraction would have chosen had the listing been read before the page."""
    via = evidence.get("via")
    if via not in DATED_VIAS or not evidence.get("date"):
        return None
    published, _ = choose_date([(via, evidence["date"])], now or datetime.now(timezone.utc))
    return (iso(published), via) if published else None


class StoragePipeline:
    """Records articles and rejections, and keeps the index in step."""

    def __init__(self, crawler: Crawler, home: Home, batch: int, interval: float) -> None:
        self.crawler = crawler
        self.home = home
        self.batch = batch
        self.interval = interval
        self.unsynced = 0
        self.last_sync = time.monotonic()
        self.syncing: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StoragePipeline":
        s = crawler.settings
        return cls(crawler, Home(Path(s.get("NEWSEARCH_HOME"))), s.getint("NEWSEARCH_INDEX_BATCH", 1000), s.getfloat("NEWSEARCH_INDEX_INTERVAL", 30.0))

    def open_spider(self, spider: Any = None) -> None:
        self.store = RecordStore(self.home.records_db)
        self.log = open_log(self.home.log_file)

    def _log(self, status: str, url: str, title: str = "") -> None:
        self.log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\t{status}\t{url}\t{title}\n")

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        spider = self.crawler.spider
        state, key = spider.state, item["site"]
        tally = spider.tally.site(key)
        result = item.pop("result")
        if isinstance(result, Article):
            if tally.name == key and result.source:
                tally.name = result.source  # show the site's own name once it is known
            record = result.to_record()
            # evidence that came in while the page was being extracted (a sitemap
            # read after the front that linked it) dates it as it would have
            late = state.evidence(item["url"])
            if redates(item.get("evidence"), late) and (found := listed_date(late)):
                record = with_date(record, *found)
            status = store_article(self.store, record)
            setattr(tally, status, getattr(tally, status) + 1)
            state.mark(result.url, key, "article")
            if result.url != item["url"]:
                state.mark(item["url"], key, "alias", result.url)
            self._log(status, result.url, result.title)
            if status != "unchanged":
                self.unsynced += 1
            item.update(status=status, url=result.url, title=result.title)
        elif result.reason in RETRYABLE:
            spider.tally.error(key, item["url"], result.reason)  # counted and named in crawl.log
            state.mark(item["url"], key, "failed", result.reason)  # retried on a later run
            item.update(status="failed", reason=result.reason)
        else:
            tally.rejected[result.reason] += 1
            state.mark(item["url"], key, "rejected", result.reason)
            self._log(f"rejected:{result.reason}", item["url"])
            item.update(status="rejected", reason=result.reason)
        self._redate(spider)
        state.maybe_commit(20)
        if self.unsynced and (self.unsynced >= self.batch or time.monotonic() - self.last_sync > self.interval):
            self._start_sync()
        return item

    def _redate(self, spider: Any) -> None:
        """Re-date stored articles that evidence found later dates differently (and
        re-point their duplicate groups): the index follows on the next sync."""
        while spider.redates:
            url, key = spider.redates.popitem()
            found = listed_date(spider.state.evidence(url))
            if found and redate(self.store, url, *found) == "updated":
                spider.tally.site(key).updated += 1
                self.unsynced += 1
                self._log("redated", url, found[0])
            spider.state.redated(url)  # after the store: a kill before leaves it owed

    def _start_sync(self) -> None:
        if self.syncing is not None:
            return
        self.unsynced = 0
        self.last_sync = time.monotonic()
        self.syncing = deferToThread(sync, self.home)
        self.syncing.addErrback(self._sync_failed)
        self.syncing.addBoth(self._synced)

    def _sync_failed(self, failure: Any) -> None:
        if is_disk_full(failure.value):  # stored records stay unindexed: the next run indexes them
            self.crawler.spider.tally.disk_full = True
        elif isinstance(failure.value, IndexDamagedError):
            self.crawler.spider.tally.index_damaged = str(failure.value)
        else:
            logger.error("indexing failed: %s", failure.getErrorMessage())

    def _synced(self, _: Any) -> None:
        self.syncing = None

    async def close_spider(self, spider: Any = None) -> None:
        try:
            if self.syncing is not None:
                await maybe_deferred_to_future(self.syncing)
            self._redate(self.crawler.spider)
            self.crawler.spider.state.commit()
            await maybe_deferred_to_future(deferToThread(sync, self.home))
        except IndexDamagedError as exc:  # the records are stored: reindex indexes them
            self.crawler.spider.tally.index_damaged = str(exc)
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            self.crawler.spider.tally.disk_full = True  # what is stored is indexed by the next run
        finally:
            self.store.close()
            try:
                self.log.close()
            except OSError:  # its last line could not be written: the disk is full
                pass
