"""The news spider: it only finds and follows links. What a page means is decided
by plain functions (``crawler.discovery``, ``crawler.extract``)."""
from __future__ import annotations

from collections import Counter
from typing import Any, AsyncIterator, Iterator
from urllib.parse import urljoin, urlsplit

from protego import Protego
from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..config import MAX_DELAY, Site
from ..discovery import (
    FALLBACK_FEEDS,
    canonical_link,
    FALLBACK_SITEMAPS,
    Lead,
    feed_links,
    is_feed,
    is_sitemap,
    link_kind,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
)
from ..guard import too_large
from ..politeness import crawl_delay_refused
from ..state import CrawlState
from ..tally import Tally
from ..urls import canonicalize, same_site, try_canonicalize

LISTING_KINDS = frozenset({"sitemap", "feed", "front"})
ROBOTS_STATUSES = [400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504]


def _evidence(lead: Lead) -> dict[str, Any]:
    return {k: v for k, v in {"date": lead.date, "title": lead.title, "via": lead.via, "tags": list(lead.tags)}.items() if v}


def _lead_order(lead: Lead) -> str:
    return lead.date or ""


class NewsSpider(Spider):
    """Crawl each site from its home page: robots.txt, sitemaps, feeds, section fronts."""

    name = "news"

    def __init__(
        self,
        sites: list[Site],
        state: CrawlState,
        tally: Tally,
        depth: int = 2,
        max_pages: int = 500,
        user_agent: str = "newsearch",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sites = {site.key: site for site in sites}
        self.state = state
        self.tally = tally
        self.depth = depth
        self.max_pages = max_pages
        self.user_agent = user_agent
        # robots.txt groups are matched on the product token ("newsearch"), not the whole header
        self.robots_agent = user_agent.split("/")[0].split()[0] if user_agent.strip() else "newsearch"
        self.robots: dict[str, Protego] = {}
        self.crawl_delay: dict[str, float] = {}
        self.budget: Counter[str] = Counter()
        self.queued: set[str] = set()

    # -- requests ----------------------------------------------------------------
    def _request(self, url: str, site: Site, kind: str, callback: Any, **meta: Any) -> Request:
        meta.update(site=site.key, kind=kind, download_slot=site.key)
        if kind in LISTING_KINDS:
            meta.setdefault("handle_httpstatus_list", [304])
        return Request(
            url,
            callback=callback,
            errback=self.failed,
            meta=meta,
            cb_kwargs={"site": site},
            priority=1 if kind in LISTING_KINDS else 0,
            # articles are de-duplicated by self.queued and the state; a redirect to a
            # known URL must still reach parse_article so the old URL is recorded
            dont_filter=kind == "article",
        )

    def article_request(self, site: Site, url: str, evidence: dict[str, Any] | None = None) -> Request | None:
        """A request for a probable article, unless it is known, queued, or over budget.
        A lead over budget is still remembered as pending: a later run fetches it even
        if the listing that named it answers 304 by then."""
        url = try_canonicalize(url) or ""
        if not url or url in self.queued:
            return None
        self.queued.add(url)
        if self.state.is_done(url):
            self.tally.site(site.key).skipped += 1
            return None
        self.state.add_lead(url, site.key, evidence)
        if self.budget[site.key] >= self.max_pages:
            self.tally.site(site.key).blocked["max-pages"] += 1
            return None
        self.budget[site.key] += 1
        return self._request(url, site, "article", self.parse_article, evidence=evidence or {})

    def _leads(self, site: Site, leads: list[Lead]) -> Iterator[Request]:
        for lead in sorted(leads, key=_lead_order, reverse=True):
            if not same_site(lead.url, site.url) or link_kind(lead.url) == "skip":
                continue
            request = self.article_request(site, lead.url, _evidence(lead))
            if request is not None:
                yield request
        self.state.maybe_commit()

    def _remember(self, response: Response, site: Site, children: list[str] | None = None) -> None:
        """Keep a listing's validators and child listings, after the leads it gave are recorded."""
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if etag or modified:
            self.state.set_validators(
                response.request.url if response.request else response.url,
                site.key,
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
                children,
            )

    def _not_modified(self, response: Response, site: Site) -> bool:
        """True for a 304: counted, and the caller re-visits the remembered children."""
        if response.status != 304:
            return False
        self.tally.site(site.key).not_modified += 1
        return True

    async def start(self) -> AsyncIterator[Any]:
        for site in self.sites.values():
            self.tally.site(site.key, site.name or site.key)
            # every status reaches parse_robots except redirects, which are followed
            # (http -> https, example.com -> www.example.com) through the guard
            yield self._request(
                urljoin(site.url, "/robots.txt"), site, "robots", self.parse_robots,
                handle_httpstatus_list=ROBOTS_STATUSES,
            )

    # -- callbacks ------------------------------------------------------------------
    def parse_robots(self, response: Response, site: Site) -> Iterator[Request]:
        text = response.text if isinstance(response, TextResponse) and response.status == 200 else ""
        if response.status >= 500:
            self.logger.warning("%s: robots.txt answered %s; not crawling it this run", site.key, response.status)
            self.tally.error(site.key, response.url, f"http-{response.status}", "robots.txt")
            return
        robots = Protego.parse(text)
        self.robots[site.key] = robots
        delay = robots.crawl_delay(self.robots_agent)
        if crawl_delay_refused(delay):  # pending leads stay pending for a later run
            self.logger.warning(
                "%s: robots.txt asks for %g s between requests, more than newsearch waits (%g s); "
                "not crawling it this run", site.name or site.key, delay, MAX_DELAY,
            )
            self.tally.site(site.key).blocked["crawl-delay"] += 1
            return
        if delay:
            self.crawl_delay[site.key] = float(delay)
        for url, evidence in list(self.state.pending(site.key)):
            self.queued.discard(url)
            request = self.article_request(site, url, evidence)
            if request is not None:
                yield request
        named = sitemaps_from_robots(text, response.url)
        for url in named:
            if same_site(url, site.url):
                yield self._request(url, site, "sitemap", self.parse_sitemap)
        if not named:
            for path in FALLBACK_SITEMAPS:
                yield self._request(urljoin(site.url, path), site, "sitemap", self.parse_sitemap, fallback=True)
        yield self._request(site.url, site, "front", self.parse_front, front_depth=0)

    def parse_sitemap(self, response: Response, site: Site) -> Iterator[Request]:
        if self._not_modified(response, site):
            children = self.state.children(response.url)
        elif is_sitemap(response.body):
            parsed = parse_sitemap(response.body, response.url)
            children = [url for url in parsed.sitemaps if same_site(url, site.url)]
            leads = [lead for lead in parsed.leads if lead.via == "news-sitemap" or link_kind(lead.url) == "article"]
            yield from self._leads(site, leads)
            self._remember(response, site, children)
        else:
            return
        for url in children:
            yield self._request(url, site, "sitemap", self.parse_sitemap)

    def parse_feed(self, response: Response, site: Site) -> Iterator[Request]:
        if self._not_modified(response, site):
            return
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if not is_feed(response.body, content_type):
            return
        yield from self._leads(site, parse_feed(response.body, response.url))
        self._remember(response, site)

    def parse_front(self, response: Response, site: Site) -> Iterator[Request]:
        depth = response.meta.get("front_depth", 0)
        if self._not_modified(response, site):
            if depth < self.depth:
                for url in self.state.children(response.url):
                    yield self._request(url, site, "front", self.parse_front, front_depth=depth + 1)
            return
        if not isinstance(response, TextResponse):
            return
        if depth == 0:
            links = [
                (el.attrib.get("rel", ""), el.attrib.get("type", ""), el.attrib.get("href", ""))
                for el in response.xpath("//link[@rel and @href]")
            ]
            feeds = feed_links(links, response.url)
            for url in feeds or [urljoin(site.url, p) for p in FALLBACK_FEEDS]:
                if same_site(url, site.url):
                    yield self._request(url, site, "feed", self.parse_feed, fallback=not feeds)
        leads = []
        children: list[str] = []
        for href in response.xpath("//a/@href").getall():
            href = href.strip()
            if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
                continue
            url = try_canonicalize(href, base=response.url)
            if not url or not same_site(url, site.url) or urlsplit(url).scheme not in ("http", "https"):
                continue
            kind = link_kind(url)
            if kind == "article":
                leads.append(Lead(url, via="front"))
            elif kind == "listing" and depth < self.depth and url not in children:
                children.append(url)
                yield self._request(url, site, "front", self.parse_front, front_depth=depth + 1)
        yield from self._leads(site, leads)
        self._remember(response, site, children)

    def parse_article(self, response: Response, site: Site) -> Iterator[Any]:
        tally = self.tally.site(site.key)
        requested = [canonicalize(u) for u in response.meta.get("redirect_urls", [])]
        url = canonicalize(response.url)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        if "html" not in content_type and not (not content_type and isinstance(response, TextResponse)):
            for u in {url, *requested}:
                self.state.mark(u, site.key, "rejected", "not-html")
            tally.rejected["not-html"] += 1
            return
        aliases = [u for u in requested if u != url]
        for u in aliases:  # redirected: the old URL is an alias of where it led
            self.state.mark(u, site.key, "alias", url)
        if aliases and (self.state.is_done(url) or url in self.queued):
            tally.skipped += 1
            return
        self.queued.add(url)
        canonical_href = canonical_link(response.body)
        canonical = try_canonicalize(canonical_href, base=response.url) if canonical_href else None
        if canonical and canonical != url and same_site(canonical, site.url) and link_kind(canonical) == "article":
            # an AMP copy or a tracking-laden URL: the story lives at its canonical URL (a
            # canonical pointing at a front or the home page is a site bug, and ignored)
            self.state.mark(url, site.key, "alias", canonical)
            evidence = response.meta.get("evidence") or self.state.evidence(url)
            request = self.article_request(site, canonical, evidence)
            if request is not None:
                yield request
            return
        charset = None
        if "charset=" in content_type:
            charset = content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'")
        yield {
            "url": url,
            "site": site.key,
            "site_name": site.name,
            "site_topic": site.topic,
            "site_url": site.url,
            "body": response.body,
            "encoding": charset,
            "evidence": response.meta.get("evidence") or self.state.evidence(url),
        }

    def failed(self, failure: Failure) -> None:
        """Count a failed request; articles that failed are retried on later runs."""
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta.get("site")
        site = self.sites.get(key)
        if site is None:
            return
        kind = request.meta.get("kind")
        status = failure.value.response.status if failure.check(HttpError) else None
        # a redirected request carries the URLs it was queued under: mark those too
        urls = {u for u in (try_canonicalize(x) for x in [*request.meta.get("redirect_urls", []), request.url]) if u}
        if failure.check(IgnoreRequest) and not status:
            if too_large(failure.value):  # a compression bomb: an error of the site's, counted
                self.tally.error(key, request.url, "too-large", str(failure.value))
            if kind == "article":  # robots.txt or the SSRF guard said no: never ask again
                for url in urls:
                    self.state.mark(url, key, "rejected", str(failure.value) or "blocked")
            return
        reason = f"http-{status}" if status else failure.value.__class__.__name__
        detail = "" if status else failure.getErrorMessage()
        if kind == "article":
            for url in urls:
                if status in (404, 410):
                    self.state.mark(url, key, "gone", str(status))
                else:
                    self.state.mark(url, key, "failed", str(status or failure.value.__class__.__name__))
            self.tally.error(key, request.url, reason, detail)
        elif not request.meta.get("fallback"):
            self.tally.error(key, request.url, reason, detail or str(kind))
            if kind == "robots" or request.meta.get("front_depth") == 0:
                # the site itself is down or unreachable: worth a word on stderr
                self.logger.warning("%s: %s failed: %s", site.name or key, request.url, status or failure.getErrorMessage())
        self.state.maybe_commit()
