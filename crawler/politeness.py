"""Per-site pacing: the configured delay or robots.txt's Crawl-delay, whichever is
larger (never more than ``MAX_DELAY``), plus a backoff that grows on 429/503
(honouring Retry-After, at most ``MAX_PENALTY``) and on slow answers, and decays
again while the site answers well."""
from __future__ import annotations

import math
import time
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from .config import MAX_DELAY

#: Longest pause we accept from a Retry-After or a backoff, in seconds.
MAX_PENALTY = 300.0
SLOW_SECONDS = 5.0


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def crawl_delay_refused(asked: float | None) -> bool:
    """True when a robots.txt Crawl-delay asks for more than newsearch ever waits
    (``MAX_DELAY``): such a site is skipped for the run rather than crawled faster
    than it asks, or left holding the whole run for hours."""
    return asked is not None and (not math.isfinite(asked) or asked > MAX_DELAY)


def site_delay(base: float, crawl_delay: float) -> float:
    """The pause between two requests to one site before any backoff: the larger of
    the configured delay and the Crawl-delay, capped at ``MAX_DELAY`` whatever they say."""
    delay = max(base, crawl_delay)
    return delay if math.isfinite(delay) and delay <= MAX_DELAY else MAX_DELAY


class Backoff:
    """The extra delay of one site, as a plain object (tested without a reactor).

    A 429/503 sets a penalty of at least its Retry-After and holds it that long: the
    good answers of other pages in flight do not wear it down before then."""

    def __init__(self) -> None:
        self.penalty = 0.0
        self.hold_until = 0.0

    def on_response(self, status: int, retry_after: float | None, latency: float, now: float | None = None) -> float:
        now = time.monotonic() if now is None else now
        if status in (429, 503):
            self.penalty = min(MAX_PENALTY, max(retry_after or 0.0, self.penalty * 2 or 2.0))
            self.hold_until = now + self.penalty
        elif latency > SLOW_SECONDS:
            self.penalty = min(MAX_PENALTY, self.penalty + latency / 2)
        elif now >= self.hold_until:
            self.penalty = self.penalty * 0.7 if self.penalty > 0.05 else 0.0
        return self.penalty


class PolitenessMiddleware:
    """Sets each site's download-slot delay before its requests go out."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.base = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.backoff: dict[str, Backoff] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "PolitenessMiddleware":
        return cls(crawler)

    def _apply(self, key: str) -> None:
        spider = self.crawler.spider
        crawl_delay = getattr(spider, "crawl_delay", {}).get(key, 0.0)
        backoff = self.backoff.get(key)
        delay = site_delay(self.base, crawl_delay) + (backoff.penalty if backoff else 0.0)
        downloader = self.crawler.engine.downloader  # type: ignore[union-attr]
        downloader.per_slot_settings.setdefault(key, {})["delay"] = delay
        slot = downloader.slots.get(key)
        if slot is not None:
            slot.delay = delay

    def process_request(self, request: Request, spider: Any = None) -> None:
        key = request.meta.get("download_slot")
        if key:
            self._apply(key)
        return None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        key = request.meta.get("download_slot")
        if key:
            header = response.headers.get(b"Retry-After")
            wait = retry_after_seconds(header.decode("latin-1") if header else None)
            before = self.backoff.setdefault(key, Backoff()).penalty
            after = self.backoff[key].on_response(response.status, wait, request.meta.get("download_latency", 0.0))
            if after != before:
                self._apply(key)
        return response
