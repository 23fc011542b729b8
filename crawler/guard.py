"""Downloader middleware that keeps every request (redirects included) on the
site's own host, inside robots.txt, and off internal addresses (no SSRF)."""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from .urls import same_site, ssrf_blocked


class SiteGuardMiddleware:
    """Refuse offsite, robots-disallowed and internal-address requests; count responses."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "SiteGuardMiddleware":
        return cls(crawler)

    def process_request(self, request: Request, spider: Any = None) -> None:
        spider = self.crawler.spider
        key = request.meta.get("site")
        site = getattr(spider, "sites", {}).get(key)
        if site is None:
            return None
        tally = spider.tally.site(key)
        if not same_site(request.url, site.url):
            tally.blocked["offsite"] += 1
            raise IgnoreRequest("offsite")
        if ssrf_blocked(request.url, site.url):
            tally.blocked["internal-address"] += 1
            spider.logger.warning("%s: refused %s: it points at an internal address", site.name or key, request.url)
            raise IgnoreRequest("internal-address")
        robots = spider.robots.get(key)
        if request.meta.get("kind") != "robots" and robots is not None:
            if not robots.can_fetch(request.url, spider.robots_agent):
                tally.blocked["robots"] += 1
                raise IgnoreRequest("robots-disallowed")
        return None

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        spider = self.crawler.spider
        key = request.meta.get("site")
        if key in getattr(spider, "sites", {}):
            tally = spider.tally.site(key)
            tally.fetched += 1
            tally.reached = True
        return response
