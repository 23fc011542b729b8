"""Extension: a live one-line progress display on a terminal (stderr), drawn with rich.

The line always fits the terminal's width (cut with an ellipsis, never wrapped), and
while it is shown stderr goes through rich, which clears the line before any message
and draws it again below. It shows the elapsed time against the time limit, pages per
second, the articles done against the run's page budget (sites x max-pages), and counts.
"""
from __future__ import annotations

import sys
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

#: The display of the running crawl, so the runner can take it down after a forced stop.
_ACTIVE: list["ProgressDisplay"] = []


def clock(seconds: float) -> str:
    """0:41, 12:05, 1:00:00."""
    seconds = int(max(0, seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02}:{s:02}" if h else f"{m}:{s:02}"


STOPPING = {
    "SIGINT": "stopping (Ctrl-C again to stop at once)",
    "SIGTERM": "stopping (SIGTERM)",
    "time-limit": "stopping at the time limit",
}


def status_line(tally: Any, elapsed: float, time_limit: float, budget: int, stopping: str | None = None) -> tuple[str, int, int]:
    """The words of the progress line (most useful first, as the end may be cut),
    with the articles done and the budget for the bar. *stopping* is the reason of a
    stop under way."""
    done = tally.total("new") + tally.total("updated") + tally.total("unchanged") + tally.total("rejected")
    fetched = tally.total("fetched")
    rate = fetched / elapsed if elapsed > 0 else 0.0
    limit = f"/{clock(time_limit)}" if time_limit else ""
    parts = [
        f"{clock(elapsed)}{limit}",
        f"{done}/{budget} articles",
        f"{rate:.1f} pages/s",
        f"{tally.total('new')} new",
        f"{tally.total('errors')} errors",
    ]
    if tally.total("updated"):
        parts.insert(4, f"{tally.total('updated')} updated")
    busiest = max(tally.sites.values(), key=lambda s: s.fetched, default=None)
    if busiest is not None and len(tally.sites) > 1:
        parts.append(f"{len(tally.sites)} sites, busiest {busiest.name}")
    text = " · ".join(parts)
    if stopping:
        text = STOPPING.get(stopping, "stopping") + " · " + text
    return text, min(done, budget), budget


class ProgressDisplay:
    """Redraws the progress line twice a second while the spider runs."""

    def __init__(self, crawler: Crawler, time_limit: float) -> None:
        self.crawler = crawler
        self.time_limit = time_limit
        self.started = time.monotonic()
        self.loop: task.LoopingCall | None = None
        self.live: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ProgressDisplay":
        if not crawler.settings.getbool("NEWSEARCH_PROGRESS"):
            raise NotConfigured
        ext = cls(crawler, crawler.settings.getfloat("NEWSEARCH_TIME_LIMIT"))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any) -> None:
        from rich.console import Console
        from rich.live import Live

        self.started = time.monotonic()
        console = Console(file=sys.stderr)
        # redirect_stderr: a warning logged meanwhile is printed above the line, never onto it
        self.live = Live(self.render(), console=console, auto_refresh=False, transient=True,
                         redirect_stdout=False, redirect_stderr=True)
        self.live.start()
        _ACTIVE.append(self)
        self.loop = task.LoopingCall(self.draw)
        self.loop.start(0.5, now=False)

    def render(self) -> Any:
        from rich.progress_bar import ProgressBar
        from rich.table import Table
        from rich.text import Text

        spider = self.crawler.spider
        tally = spider.tally
        budget = max(1, getattr(spider, "max_pages", 1) * max(1, len(getattr(spider, "sites", {})) or 1))
        stopper = getattr(self.crawler, "stopper", None)
        text, done, total = status_line(
            tally, time.monotonic() - self.started, self.time_limit, budget, stopper.reason if stopper else None
        )
        grid = Table.grid(padding=(0, 1))
        grid.add_column(width=12, no_wrap=True)
        grid.add_column(no_wrap=True, overflow="ellipsis", ratio=1)
        grid.add_row(ProgressBar(total=total, completed=done, width=12), Text(text, no_wrap=True, overflow="ellipsis"))
        return grid

    def draw(self) -> None:
        if self.live is not None:
            self.live.update(self.render(), refresh=True)

    def close(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        if self.live is not None:
            self.live.stop()  # transient: the line is cleared, stderr is given back
            self.live = None
        if self in _ACTIVE:
            _ACTIVE.remove(self)

    def closed(self, spider: Any) -> None:
        self.close()


def close_displays() -> None:
    """Take down any progress line still shown (after a forced stop, spider_closed
    never comes)."""
    for display in list(_ACTIVE):
        display.close()
