"""Write each fetched page to the home's WARC archive and mark its URL done.

The fetch half of the crawl ends here: no extraction, no records, no index. The
ingest (crawler.ingest, run beside the crawl) reads what is written. A URL is marked
``article`` in the crawl state only after its records are flushed to the WARC file,
so a kill between the two fetches it again rather than losing it."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

from ..archive import MAX_BYTES, ArchiveWriter
from ..config import settings_home

#: what the metadata record keeps of an item (the exchange itself goes in the response record)
META_FIELDS = ("url", "site", "site_name", "site_topic", "site_url", "evidence", "role", "drop_canonical")


class ArchivePipeline:
    """Appends pages, sitemaps and feeds to WARC files; owed re-dates as evidence records."""

    def __init__(self, crawler: Crawler, folder: Path, max_bytes: int) -> None:
        self.stats = crawler.stats
        self.spider = crawler.spider  # created before the pipelines: its state, tally and owed re-dates
        self.writer = ArchiveWriter(folder, max_bytes)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ArchivePipeline":
        s = crawler.settings
        return cls(crawler, settings_home(s).root / "warc", s.getint("NEWSEARCH_WARC_MAX_BYTES", MAX_BYTES))

    def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        spider = self.spider
        meta = {k: item[k] for k in META_FIELDS if item.get(k) is not None}
        body = item.pop("body")
        self.writer.write_response(
            item["fetched_url"], item["status"], item["headers"], body, meta,
            request_headers=item.get("request_headers"), fetched_at=time.time(),
        )
        if item.get("role") != "listing":
            # "article": fetched for good (the ingest decides what the page is; a later
            # sitemap date for it is owed to the ingest as an evidence record)
            spider.state.mark(item["url"], item["site"], "article")
            spider.tally.site(item["site"]).archived += 1
            self.stats.inc_value("newsearch/archived")
        else:
            self.stats.inc_value("newsearch/archived_listings")
        self._redates(spider)
        spider.state.maybe_commit(20)
        return {"url": item["url"], "site": item["site"], "role": item.get("role", "page")}

    def _redates(self, spider: Any) -> None:
        """Evidence found after a page was archived that dates it differently: an
        evidence record tells the ingest to re-date the stored article."""
        while spider.redates:
            url, key = spider.redates.popitem()
            self.writer.write_evidence(url, {"site": key, "evidence": spider.state.evidence(url)})
            spider.state.redated(url)  # after the write: a kill before leaves it owed

    def close_spider(self, spider: Any = None) -> None:
        try:
            self._redates(self.spider)
            self.spider.state.commit()
        finally:
            self.writer.close()
