"""The news spider: it only finds and follows links. What a page means is decided
by plain functions (``crawler.discovery``, ``crawler.extract``)."""
from __future__ import annotations

import heapq
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Iterator
from urllib.parse import urljoin, urlsplit

from protego import Protego
from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from ..config import MAX_DELAY, CrawlConfig, Site
from ..discovery import (
    FALLBACK_FEEDS,
    FALLBACK_SITEMAPS,
    Lead,
    canonical_link,
    feed_links,
    front_links,
    is_feed,
    is_sitemap,
    is_taxonomy,
    link_kind,
    link_tags,
    merge_evidence,
    page_is_article,
    page_says,
    parse_feed,
    parse_sitemap,
    sitemaps_from_robots,
    sort_front,
)
from ..guard import cut_off, too_large
from ..politeness import crawl_delay_refused
from ..redirects import KnownRedirect
from ..state import CrawlState
from ..tally import Tally
from indexer.urls import canonicalize, same_site, try_canonicalize

LISTING_KINDS = frozenset({"sitemap", "feed", "front"})
ROBOTS_STATUSES = [400, 401, 403, 404, 405, 410, 429, 500, 502, 503, 504]
#: Listing classes, spent from the listing budget in this order.
SITEMAP, HOME, NAV, REST = 0, 1, 2, 3
#: Scheduler priorities: sitemaps and feeds first (one gives many articles), then
#: articles, which listings never starve: a front waits behind every article found.
PRIORITY = {"robots": 100, "sitemap": 50, "feed": 50, "canonical": 45, "home": 40, "article": 30, "front": 10}
#: Listing requests in flight per site: the rest wait in the site's frontier, in order.
LISTING_SLOTS = 2
#: Known-skipped URLs remembered per run for the summary count (bounded memory).
MAX_SKIP_MEMORY = 100_000


def _evidence(lead: Lead) -> dict[str, Any]:
    return {k: v for k, v in {"date": lead.date, "title": lead.title, "via": lead.via, "tags": list(lead.tags)}.items() if v}


def _standalone(settings: Any, url: str | None) -> dict[str, Any]:
    """The spider's arguments for a plain ``scrapy crawl news`` run: the sites of the
    home's sites.toml (or ``-a url=URL``), its crawl state, under its crawl lock. The
    run only fetches and archives; ``newsearch ingest`` makes articles of it."""
    import os

    from ..config import BUILTIN_SITES, check_url, load_config, settings_home
    from ..lock import crawl_lock

    home = settings_home(settings).ensure()
    owned = ExitStack()
    owned.enter_context(crawl_lock(home.lock_file))
    config = load_config(home.sites_file)
    sites = [Site(check_url(url))] if url else (config.sites or list(BUILTIN_SITES))
    state = CrawlState(home.state_db)
    state.adopt_stored(home.records_db)
    state.start_run(os.getpid())
    return {
        "sites": sites, "state": state, "tally": Tally(), "depth": config.depth, "max_pages": config.max_pages,
        "user_agent": config.user_agent, "limits": Limits.from_config(config), "owned": owned,
    }


def _pairs(headers: Any) -> list[tuple[str, str]]:
    """Scrapy headers as (name, value) text pairs, every value of a repeated header."""
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


def _lead_order(lead: Lead) -> str:
    return lead.date or lead.lastmod or ""


@dataclass
class Limits:
    """Bounds on one site's fan-out in one run (see CrawlConfig for their meaning)."""

    max_listings: int = CrawlConfig.max_listings
    sitemap_depth: int = CrawlConfig.sitemap_depth
    max_sitemaps: int = CrawlConfig.max_sitemaps
    max_sitemap_urls: int = CrawlConfig.max_sitemap_urls
    max_leads: int = CrawlConfig.max_leads

    @classmethod
    def from_config(cls, config: CrawlConfig) -> "Limits":
        return cls(**{name: getattr(config, name) for name in cls.__dataclass_fields__})


@dataclass
class _Frontier:
    """One site's listings waiting for the listing budget, best class first."""

    heap: list[tuple[int, int, int, str, str, dict[str, Any]]] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    spent: int = 0
    in_flight: int = 0
    sitemaps: int = 0
    added: int = 0  # new pending leads since the last prune


class NewsSpider(Spider):
    """Crawl each site from its home page: robots.txt, sitemaps, feeds, section fronts."""

    name = "news"

    def __init__(
        self,
        sites: list[Site],
        state: CrawlState,
        tally: Tally,
        depth: int = CrawlConfig.depth,
        max_pages: int = CrawlConfig.max_pages,
        user_agent: str = "newsearch",
        limits: Limits | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.sites = {site.key: site for site in sites}
        self.state = state
        self.tally = tally
        self.depth = depth
        self.max_pages = max_pages
        self.limits = limits or Limits()
        # robots.txt groups are matched on the product token ("newsearch"), not the whole header
        self.robots_agent = user_agent.split("/")[0].split()[0] if user_agent.strip() else "newsearch"
        self.robots: dict[str, Protego] = {}
        self.crawl_delay: dict[str, float] = {}
        self.budget: Counter[str] = Counter()
        self.queued: set[str] = set()  # article URLs requested this run (at most max_pages a site)
        self.skip_seen: set[int] = set()
        self.found_this_run: set[int] = set()  # hashes of URLs first found in this run (bounded)
        self.frontiers: dict[str, _Frontier] = {}
        #: archived articles that later evidence dates differently: url -> site key,
        #: written to the archive by its pipeline, for the ingest to re-date
        self.redates: dict[str, str] = {}
        self.maxsize = 0
        #: fronts' validators, written when the run ends in full (see ``_remember``)
        self.front_validators: list[tuple[Any, ...]] = []
        #: the crawl lock a `scrapy crawl news` run holds (None under `newsearch crawl`)
        self.owned: ExitStack | None = kwargs.get("owned")

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> "NewsSpider":
        if "state" not in kwargs:  # `scrapy crawl news [-a url=URL]`: sites and state from the home
            kwargs.update(_standalone(crawler.settings, kwargs.pop("url", None)))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        crawler.signals.connect(spider._bytes_received, signal=signals.bytes_received)
        return spider

    def _bytes_received(self, data: bytes, request: Request, spider: Any = None) -> None:
        # counted so that a download cut off at DOWNLOAD_MAXSIZE is told apart from others
        request.meta["received"] = request.meta.get("received", 0) + len(data)

    # -- requests ----------------------------------------------------------------
    def _request(self, url: str, site: Site, kind: str, callback: Any, **meta: Any) -> Request:
        meta.update(site=site.key, kind=kind, download_slot=site.key)
        if kind in LISTING_KINDS:
            meta.setdefault("handle_httpstatus_list", [304])
        if kind == "front" and meta.get("front_depth") == 0:
            priority = PRIORITY["home"]
        elif kind == "article" and meta.get("fallback_body") is not None:
            priority = PRIORITY["canonical"]  # holds a page in memory: fetched promptly
        else:
            priority = PRIORITY.get(kind, 0)
        return Request(
            url,
            callback=callback,
            errback=self.failed,
            meta=meta,
            cb_kwargs={"site": site},
            priority=priority,
            # articles are de-duplicated by self.queued and the state, listings by their
            # frontier; a redirect to a known URL must still reach parse_article so the
            # old URL is recorded
            dont_filter=True,
        )

    def _lead(self, site: Site, url: str, evidence: dict[str, Any] | None) -> tuple[Request | None, bool]:
        """A request for a probable article, unless it is known, queued or over budget,
        and whether the URL is unseen (never fetched yet). Its evidence is merged
        with every earlier lead's whatever the order; a stored article that this
        evidence dates differently is queued for re-dating. A lead over budget is
        still remembered as pending: a later run fetches it even if the listing
        that named it answers 304 by then."""
        url = try_canonicalize(url) or ""
        if not url:
            return None, False
        outcome = self.state.add_lead(url, site.key, evidence)
        if outcome in ("known", "redate"):
            if outcome == "redate":
                self.redates[url] = site.key
            key = hash(url)
            if key not in self.skip_seen and url not in self.queued:
                if len(self.skip_seen) < MAX_SKIP_MEMORY:
                    self.skip_seen.add(key)
                self.tally.site(site.key).skipped += 1
            # found by this run (and fetched already, e.g. from the sitemap): still news to
            # the listing, so its pagination is followed whatever answered first
            return None, key in self.found_this_run
        if outcome == "new":
            self.frontier(site).added += 1
            if len(self.found_this_run) < MAX_SKIP_MEMORY:
                self.found_this_run.add(hash(url))
        if url in self.queued:
            return None, True
        if self.budget[site.key] >= self.max_pages:
            self.tally.site(site.key).blocked["max-pages"] += 1
            return None, True
        self.queued.add(url)
        self.budget[site.key] += 1
        return self._request(url, site, "article", self.parse_article, evidence=evidence or {}), True

    def article_request(self, site: Site, url: str, evidence: dict[str, Any] | None = None) -> Request | None:
        """A request for a probable article, or None (see ``_lead``)."""
        return self._lead(site, url, evidence)[0]

    def _leads(self, site: Site, leads: list[Lead], counter: list[int] | None = None) -> Iterator[Request]:
        """Requests for a listing's leads, newest first, at most ``max_leads`` of them;
        *counter* (a one-item list) receives how many were unseen."""
        keep = self.limits.max_leads
        if len(leads) > keep:
            self.tally.site(site.key).blocked["max-leads"] += len(leads) - keep
            picked = heapq.nlargest(keep, leads, key=_lead_order)
        else:
            picked = sorted(leads, key=_lead_order, reverse=True)
        unseen = 0
        for lead in picked:
            if not same_site(lead.url, site.url) or link_kind(lead.url) == "skip":
                continue
            request, fresh = self._lead(site, lead.url, _evidence(lead))
            unseen += fresh
            if request is not None:
                yield request
        if counter is not None:
            counter[0] += unseen
        frontier = self.frontier(site)
        if frontier.added > 2 * keep:  # a site naming endless URLs keeps its newest only
            frontier.added = 0
            self.state.prune_pending(site.key, keep)
        self.state.maybe_commit()

    # -- the listing frontier: a budget per site and run --------------------------
    def frontier(self, site: Site) -> _Frontier:
        if site.key not in self.frontiers:
            self.frontiers[site.key] = _Frontier()
        return self.frontiers[site.key]

    def _push(self, site: Site, url: str, kind: str, cls: int, depth: int, **meta: Any) -> None:
        """Queue a listing for this run, unless it was queued already, is an article,
        is resting (it gave nothing new lately) or the frontier is full."""
        frontier = self.frontier(site)
        if url in frontier.seen:
            return
        tally = self.tally.site(site.key)
        if kind == "sitemap":
            if frontier.sitemaps >= self.limits.max_sitemaps:
                tally.blocked["max-sitemaps"] += 1
                return
            frontier.sitemaps += 1
        if kind == "front" and cls >= NAV:
            if self.state.status(url) in ("article", "alias"):
                return  # a page that proved to be an article is never read as a front
            if not self.state.listing_due(url):
                tally.blocked["listing-resting"] += 1
                return
        if len(frontier.heap) >= 2 * self.limits.max_listings:
            tally.blocked["max-listings"] += 1
            return
        frontier.seen.add(url)
        heapq.heappush(frontier.heap, (cls, depth, len(frontier.seen), url, kind, meta))

    def _release(self, site: Site) -> Iterator[Request]:
        """Requests for the best queued listings while the site has a free listing slot
        and listing budget left."""
        frontier = self.frontier(site)
        callbacks = {"sitemap": self.parse_sitemap, "feed": self.parse_feed, "front": self.parse_front}
        while frontier.heap and frontier.in_flight < LISTING_SLOTS:
            if frontier.spent >= self.limits.max_listings:
                self.tally.site(site.key).blocked["max-listings"] += len(frontier.heap)
                frontier.heap.clear()
                return
            _, _, _, url, kind, meta = heapq.heappop(frontier.heap)
            frontier.spent += 1
            frontier.in_flight += 1
            yield self._request(url, site, kind, callbacks[kind], **meta)

    def _listing_done(self, site: Site) -> None:
        frontier = self.frontier(site)
        frontier.in_flight = max(0, frontier.in_flight - 1)

    def _remember(self, response: Response, site: Site, children: list[str] | None = None,
                  at_end: bool = False) -> None:
        """Keep a listing's validators and child listings, after the leads it gave are
        recorded. A front's (*at_end*) are kept only when the run ends in full: a 304
        next time means "nothing new here nor down its pagination", which a run stopped
        early (time limit, signal, full disk) cannot say of pages it never read."""
        etag = response.headers.get(b"ETag")
        modified = response.headers.get(b"Last-Modified")
        if etag or modified:
            args = (
                response.request.url if response.request else response.url,
                site.key,
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
                children,
            )
            if at_end:
                self.front_validators.append(args)
            else:
                self.state.set_validators(*args)

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
        for url in self.state.owed_redates(site.key):  # an earlier run stopped before re-dating them
            self.redates[url] = site.key
        for url, evidence in list(self.state.pending(site.key, self.limits.max_leads)):
            request = self.article_request(site, url, evidence)
            if request is not None:
                yield request
        named = sitemaps_from_robots(text, response.url)
        for url in named:
            if same_site(url, site.url):
                self._push(site, url, "sitemap", SITEMAP, 0, sitemap_depth=0)
        if not named:
            for path in FALLBACK_SITEMAPS:
                self._push(site, urljoin(site.url, path), "sitemap", SITEMAP, 0, sitemap_depth=0, fallback=True)
        self._push(site, site.url, "front", HOME, 0, front_depth=0)
        yield from self._release(site)

    def parse_sitemap(self, response: Response, site: Site) -> Iterator[Any]:
        self._listing_done(site)
        depth = response.meta.get("sitemap_depth", 0)
        if self._not_modified(response, site):
            children = self.state.children(response.url)
        elif is_sitemap(response.body):
            parsed = parse_sitemap(response.body, response.url, self.limits.max_sitemap_urls)
            if parsed.truncated:
                self.tally.site(site.key).blocked["sitemap-urls"] += 1
            # newest first where the index says when each child changed
            children = sorted(
                (url for url in parsed.sitemaps if same_site(url, site.url)),
                key=lambda url: parsed.lastmods.get(url, ""), reverse=True,
            )[: self.limits.max_sitemaps]
            # every entry, whatever its URL looks like: the sitemap says it is content
            # and the page decides (the site's home page excepted)
            leads = [lead for lead in parsed.leads if urlsplit(lead.url).path.strip("/")]
            yield from self._leads(site, leads)
            if leads:
                yield self._listing_item(response, site)
            self._remember(response, site, children)
        else:
            children = []
        for url in children:
            if depth + 1 > self.limits.sitemap_depth:
                self.tally.site(site.key).blocked["sitemap-depth"] += 1
                break
            self._push(site, url, "sitemap", SITEMAP, depth + 1, sitemap_depth=depth + 1)
        yield from self._release(site)

    def parse_feed(self, response: Response, site: Site) -> Iterator[Any]:
        self._listing_done(site)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
        if not self._not_modified(response, site) and is_feed(response.body, content_type):
            leads = parse_feed(response.body, response.url)
            yield from self._leads(site, leads[: self.limits.max_sitemap_urls])
            if leads:
                yield self._listing_item(response, site)
            self._remember(response, site)
        yield from self._release(site)

    def parse_front(self, response: Response, site: Site) -> Iterator[Any]:
        self._listing_done(site)
        depth = response.meta.get("front_depth", 0)
        url = response.request.url if response.request else response.url
        if self._not_modified(response, site) or not isinstance(response, TextResponse):
            # unchanged since last run: nothing new on it, nor down its pagination
            if depth > 0:
                self.state.listing_visited(url, site.key, False)
            yield from self._release(site)
            return
        if depth > 0 and page_is_article(response.body):
            # linked like a section but proves to be an article: extract it, follow nothing
            yield from self.parse_article(response, site)
            yield from self._release(site)
            return
        if depth == 0:
            feeds = feed_links(link_tags(response.body), response.url)
            for feed in feeds or [urljoin(site.url, p) for p in FALLBACK_FEEDS]:
                if same_site(feed, site.url):
                    self._push(site, feed, "feed", SITEMAP, 0, fallback=not feeds)
        plan = sort_front(front_links(response.body, response.url, response.encoding), url, site.url, depth, self.depth)
        unseen = [0]
        yield from self._leads(site, plan.leads, unseen)
        # a listing is followed further (pagination, tags) only while it gives unseen
        # articles; the home page always leads on to its sections, and a section to its
        # page 2 until a run has read it (its first page's stories may all be known from
        # the feed, or from a run stopped before page 2, while page 2 holds others)
        for target, child_depth, nav in plan.children:
            if depth == 0 or unseen[0] or (
                response.meta.get("section") and child_depth == depth and not self.state.listing_read_before(target)
            ):
                self._push(site, target, "front", NAV if nav else REST, child_depth, front_depth=child_depth,
                           section=nav and depth == 0)
        self._remember(response, site, at_end=True)
        if depth > 0:
            self.state.listing_visited(url, site.key, unseen[0] > 0)
        yield from self._release(site)

    def _item(self, site: Site, url: str, response: Response | None, body: bytes, content_type: str,
              evidence: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """What the archive pipeline writes for a page: the exchange as received (for
        the WARC response and request records) and what the crawl knew of the URL
        (for its metadata record). No extraction here: the ingest does that."""
        if response is not None:
            headers = _pairs(response.headers)
            request_headers = _pairs(response.request.headers) if response.request else []
            fetched_url, status = response.url, response.status
        else:  # a page kept in memory while its canonical URL was tried
            headers, request_headers = [("Content-Type", content_type)], []
            fetched_url, status = url, 200
        return {
            "url": url,
            "site": site.key,
            "site_name": site.name,
            "site_topic": site.topic,
            "site_url": site.url,
            "fetched_url": fetched_url,
            "status": status,
            "headers": headers,
            "request_headers": request_headers,
            "body": body,
            "evidence": evidence,
            **extra,
        }

    def _listing_item(self, response: Response, site: Site) -> dict[str, Any]:
        """A sitemap or feed that gave leads, for the archive (the evidence it gave)."""
        return {**self._item(site, response.url, response, response.body, "", {}), "role": "listing"}

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
        # known_redirect drops a redirect to an article the run has before it downloads; one
        # that got past it (a section link that became an article in flight) is not stored twice
        if aliases and not response.meta.get("redirect_checked") and (self.state.is_done(url) or url in self.queued):
            tally.skipped += 1
            return
        self.queued.add(url)
        # what every lead said about the URL, merged: a sitemap parsed after this
        # request was queued still dates it
        evidence = merge_evidence(response.meta.get("evidence"), self.state.evidence(url))
        if (
            evidence.get("via") in ("sitemap", "front", None) and link_kind(url) != "article"
            and page_says(response.body) == "listing"
        ):
            # fetched on the word of a plain sitemap or a headline link, and the page
            # says it is a section or tag page (og:type website, a CollectionPage)
            self.state.mark(url, site.key, "rejected", "listing")
            tally.rejected["listing"] += 1
            return
        canonical_href = canonical_link(response.body)
        canonical = try_canonicalize(canonical_href, base=response.url) if canonical_href else None
        if (
            canonical and canonical != url and same_site(canonical, site.url)
            and (link_kind(canonical) == "article" or not is_taxonomy(canonical))
            and not response.meta.get("canonical_failed") and urlsplit(canonical).path.strip("/")
        ):
            # an AMP copy or a tracking-laden URL: the story lives at its canonical URL (a
            # canonical pointing at the home page is a site bug, and ignored). The page
            # in hand goes along: if the canonical URL fails, it is extracted instead.
            self.state.mark(url, site.key, "alias", canonical)
            request = self.article_request(site, canonical, evidence)
            if request is not None:
                request.meta.update(
                    fallback_url=url, fallback_body=response.body, fallback_type=content_type,
                    fallback_evidence=evidence,
                )
                request.priority = PRIORITY["canonical"]
                yield request
            return
        yield self._item(site, url, response, response.body, content_type, evidence)

    def _fallback(self, request: Request, site: Site) -> dict[str, Any] | None:
        """The page whose same-site canonical URL failed, to extract under its own URL."""
        url, body = request.meta.get("fallback_url"), request.meta.get("fallback_body")
        if not url or body is None:
            return None
        self.state.mark(url, site.key, "pending")
        self.queued.add(url)
        # archived as received; the ingest disables its canonical link before extracting
        return self._item(site, url, None, body, request.meta.get("fallback_type", ""),
                          request.meta.get("fallback_evidence") or {}, drop_canonical=True)

    def known_redirect(self, request: Request) -> bool:
        """True when a redirected request (an article's, or a section link's) leads to an
        article this run has queued or an earlier run stored: its old URLs are recorded
        as aliases and the page is not downloaded again (``crawler.redirects``).
        Otherwise an article's target is queued now, so a sitemap lead for it later is
        not fetched twice (``redirect_checked`` tells parse_article it was)."""
        site = request.cb_kwargs.get("site")
        target = try_canonicalize(request.url)
        if site is None or not target:
            return False
        if not (self.state.is_done(target) or target in self.queued):
            if request.meta.get("kind") == "article":
                self.queued.add(target)
                request.meta["redirect_checked"] = True
            return False
        for u in {try_canonicalize(x) for x in request.meta.get("redirect_urls", [])} - {target, None}:
            self.state.mark(u, site.key, "alias", target)
        return True  # not counted as skipped: an old address of an article this run has

    def failed(self, failure: Failure) -> Iterator[Any]:
        """Count a failed request; articles that failed are retried on later runs,
        except pages refused for their size (they will not shrink)."""
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta.get("site")
        site = self.sites.get(key)
        if site is None:
            return
        kind = request.meta.get("kind")
        if failure.check(KnownRedirect):  # recorded by known_redirect: no error, nothing to mark
            if kind in LISTING_KINDS:  # a section link that led to a known article: free its slot
                self._listing_done(site)
                yield from self._release(site)
            return
        status = failure.value.response.status if failure.check(HttpError) else None
        # a redirected request carries the URLs it was queued under: mark those too
        urls = {u for u in (try_canonicalize(x) for x in [*request.meta.get("redirect_urls", []), request.url]) if u}
        reason = f"http-{status}" if status else failure.value.__class__.__name__
        detail = "" if status else failure.getErrorMessage()
        if kind in LISTING_KINDS:
            self._listing_done(site)
            if kind == "front" and request.meta.get("front_depth", 0) > 0:
                self.state.listing_visited(request.url, key, False)
        if kind == "article" and cut_off(failure.value, request.meta.get("received", 0), self.maxsize):
            for url in urls:  # it will not shrink: never asked for again
                self.state.mark(url, key, "rejected", "too-large")
            self.tally.error(key, request.url, "too-large", str(failure.value))  # the site's fault: in the summary
        elif failure.check(IgnoreRequest) and not status:
            if too_large(failure.value):  # a compression bomb on a listing: an error of the site's, counted
                self.tally.error(key, request.url, "too-large", str(failure.value))
            if kind == "article":  # robots.txt or the SSRF guard said no: never ask again
                for url in urls:
                    self.state.mark(url, key, "rejected", str(failure.value) or "blocked")
        elif kind == "article":
            for url in urls:
                if status in (404, 410):
                    self.state.mark(url, key, "gone", str(status))
                else:
                    self.state.mark(url, key, "failed", str(status or failure.value.__class__.__name__))
            self.tally.error(key, request.url, reason, detail)
            if status in (404, 410) or (status or 0) >= 500:
                item = self._fallback(request, site)
                if item is not None:
                    yield item
        elif not request.meta.get("fallback"):
            self.tally.error(key, request.url, reason, detail or str(kind))
            if kind == "robots" or request.meta.get("front_depth") == 0:
                # the site itself is down or unreachable: worth a word on stderr
                self.logger.warning("%s: %s failed: %s", site.name or key, request.url, status or failure.getErrorMessage())
        self.state.maybe_commit()
        if kind in LISTING_KINDS:
            yield from self._release(site)

    def closed(self, reason: str) -> None:
        """Leave at most ``max_leads`` pending leads a site in state.db; keep the
        fronts' validators if the run read all it queued (see ``_remember``)."""
        if reason == "finished":
            for args in self.front_validators:
                self.state.set_validators(*args)
        for key in self.sites:
            self.state.prune_pending(key, self.limits.max_leads)
        self.state.commit()
        if self.owned is not None:  # a `scrapy crawl news` run: its state and lock are its own
            self.state.finish_run(self.state.run_id, self.tally.summary())
            self.state.close()
            self.owned.close()
