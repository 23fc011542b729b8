"""Downloader middleware: a redirect to an article this run already has (queued from a
sitemap, or stored by an earlier run) is not downloaded a second time.

Scrapy follows a redirect with a new request for its target. Articles are requested
with ``dont_filter`` (the spider de-duplicates them itself, so that a redirect's old
URL is still recorded as an alias), so nothing stopped that request when a sitemap
had also led to the target: one page, two downloads in one run. The spider's
``known_redirect`` records the old URLs as aliases and says whether the target is
known; this middleware only drops the request then.
"""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest


class KnownRedirect(IgnoreRequest):
    """A redirect's target is an article this run has queued or an earlier one stored."""


class KnownRedirectMiddleware:
    """Drops a redirected request (an article's, or a section link's that proves to
    lead to an article) whose target the spider already has."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "KnownRedirectMiddleware":
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get("kind") == "robots" or not request.meta.get("redirect_urls"):
            return None
        known = getattr(self.crawler.spider, "known_redirect", None)
        if known is not None and known(request):
            raise KnownRedirect(f"redirected to {request.url}, which this run already has")
        return None
