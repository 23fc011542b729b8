"""Downloader middleware that keeps every request (redirects included) on the
site's own host, inside robots.txt, and off internal addresses (no SSRF)."""
from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response
from twisted.internet.defer import CancelledError

from indexer.urls import same_site, ssrf_blocked


def too_large(exc: BaseException) -> bool:
    """True for a page refused because its body grew over DOWNLOAD_MAXSIZE while being
    decompressed (Scrapy raises IgnoreRequest for it, caused by its private
    _DecompressionMaxSizeExceeded): a hostile answer, counted among the errors."""
    return isinstance(exc, IgnoreRequest) and type(exc.__cause__).__name__ == "_DecompressionMaxSizeExceeded"


def cut_off(exc: BaseException, received: int, maxsize: int) -> bool:
    """True for a download cut off at DOWNLOAD_MAXSIZE (*received* bytes had come
    in): Scrapy says "max size" when Content-Length announced it, and merely cancels
    the download when the body grew past it while arriving."""
    if isinstance(exc, DownloadCancelledError) and "max size" in str(exc):
        return True
    return bool(isinstance(exc, (CancelledError, DownloadCancelledError)) and maxsize and received > maxsize)


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
            if request.meta.get("redirect_urls"):
                self._offsite_redirect(spider, site, key, request)
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

    @staticmethod
    def _offsite_redirect(spider: Any, site: Any, key: str, request: Request) -> None:
        """The site answered, with a redirect to another host: it is reachable (not a
        network failure), and when its robots.txt or home page is what moved, the
        user is told where, since nothing of the site is crawled."""
        tally = spider.tally.site(key)
        tally.reached = True
        kind = request.meta.get("kind")
        if kind == "robots" or (kind == "front" and request.meta.get("front_depth") == 0):
            what = "robots.txt" if kind == "robots" else "the home page"
            spider.tally.error(key, request.url, "offsite-redirect", f"{what} redirects to another host")
            spider.logger.warning(
                "%s: %s redirects to another host (%s); only the site's own host is crawled, so not "
                "crawling it this run (add the site under its new address?)",
                site.name or key, what, request.url,
            )

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        spider = self.crawler.spider
        key = request.meta.get("site")
        if key in getattr(spider, "sites", {}):
            tally = spider.tally.site(key)
            tally.fetched += 1
            tally.reached = True
        return response
