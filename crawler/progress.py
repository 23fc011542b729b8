"""Extension: a live one-line progress display on a terminal (stderr)."""
from __future__ import annotations

import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task


class ProgressDisplay:
    """Redraws counts of pages, articles and errors once a second."""

    def __init__(self, crawler: Crawler, stream: Any) -> None:
        self.crawler = crawler
        self.stream = stream
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ProgressDisplay":
        if not crawler.settings.getbool("NEWSEARCH_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler, sys.stderr)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self.draw)
        self.loop.start(1.0, now=False)

    def render(self) -> str:
        tally = self.crawler.spider.tally
        busiest = sorted(tally.sites.values(), key=lambda s: s.fetched, reverse=True)[:3]
        sites = "  ".join(f"{s.name[:24]}: {s.fetched}" for s in busiest)
        return (
            f"fetched {tally.total('fetched')} | new {tally.total('new')} | updated {tally.total('updated')} | "
            f"skipped {tally.total('skipped')} | rejected {tally.total('rejected')} | errors {tally.total('errors')}"
            f"  [{sites}]"
        )

    def draw(self) -> None:
        self.stream.write("\r\x1b[2K" + self.render()[:200])
        self.stream.flush()

    def closed(self, spider: Any) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.stream.write("\r\x1b[2K")
        self.stream.flush()
