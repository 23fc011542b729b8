"""Downloader middleware: ask for feeds, sitemaps and section fronts conditionally,
so an unchanged listing costs a 304 and no body. The home page is always read in
full: it is where the feeds and sections are found, and a 304 there would hide
a feed that changed."""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler

LISTING_KINDS = frozenset({"sitemap", "feed", "front"})


class ConditionalRequestMiddleware:
    """Adds If-None-Match / If-Modified-Since from the validators of the last run."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ConditionalRequestMiddleware":
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        if request.meta.get("kind") not in LISTING_KINDS or b"If-None-Match" in request.headers:
            return None
        if request.meta.get("front_depth") == 0:
            return None  # the home page is where feeds and sections are found: always read it
        state = getattr(self.crawler.spider, "state", None)
        if state is None:
            return None
        etag, modified = state.validators(request.url)
        if etag:
            request.headers[b"If-None-Match"] = etag.encode("latin-1")
        if modified:
            request.headers[b"If-Modified-Since"] = modified.encode("latin-1")
        return None
