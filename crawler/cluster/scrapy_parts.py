"""The Scrapy side of cluster mode, kept thin: a scheduler on the shared leased
queue, a politeness middleware on the shared per-site turns, a pipeline that
extracts and hands records to the writer, and the news spider with its state in
Redis. Each reads ``NEWSEARCH_REDIS`` once in ``from_crawler`` and is
NotConfigured (or not installed) without it; the logic is in the plain modules
beside this one."""
from __future__ import annotations

import asyncio
import logging
import os
import pickle
import time
from typing import Any, AsyncIterator, Iterator

from scrapy import Request, signals
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response

from ..politeness import retry_after_seconds
from ..shutdown import DROPPED
from ..spiders.news import LISTING_KINDS, NewsSpider
from .connect import Keys, connect, redis_now, worker_name
from .pace import SharedPace
from .queue import LEASE_SECONDS, LeasedQueue
from .shared import RedisCounter, RedisCrawlState, RedisSet, SharedRobots, run_sites

logger = logging.getLogger("newsearch.cluster")
#: Seconds between two heartbeats (lease renewal, reaping dead workers' leases).
HEARTBEAT = 1.0


def _client(crawler: Crawler) -> Any:
    url = crawler.settings.get("NEWSEARCH_REDIS")
    if not url:
        raise NotConfigured("cluster mode is off")
    return connect(url, check=False)


class ClusterScheduler:
    """Scrapy's scheduler interface on crawler.cluster.queue.LeasedQueue.

    A request is claimed (leased) when the engine asks for one, and acknowledged
    when its page's output has been handed on (records to the stream, new requests
    to the queue): the scraper's ``_scrape`` is wrapped for that, as Scrapy has no
    signal for it. A retry or redirect acknowledges the request it replaces once
    queued. Leases held are renewed every HEARTBEAT; expired ones, of dead workers,
    are put back by whichever worker notices."""

    def __init__(self, crawler: Crawler, client: Any, lease: float, wait: float, seed: bool) -> None:
        self.crawler = crawler
        self.r = client
        self.queue = LeasedQueue(client, lease)
        self.run = int(crawler.settings.getint("NEWSEARCH_CLUSTER_RUN"))
        self.wait = wait  # a joining worker waits this long for work before it leaves
        self.seed = seed
        self.held: dict[str, float] = {}
        self.had_work = False
        self.opened_at = time.monotonic()
        self._idle_cache = (0.0, False)
        self._loop: Any = None
        self._beat = 0.0
        self.name = worker_name()
        self.per_site = max(1, crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2))
        # a page's lease is held until it is extracted: as many more as the pool extracts at once
        self.extracting = crawler.settings.getint("NEWSEARCH_WORKERS") or os.cpu_count() or 1

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ClusterScheduler":
        s = crawler.settings
        return cls(crawler, _client(crawler), s.getfloat("NEWSEARCH_CLUSTER_LEASE", LEASE_SECONDS),
                   s.getfloat("NEWSEARCH_CLUSTER_WAIT", 30.0), s.getbool("NEWSEARCH_CLUSTER_SEED"))

    # -- the engine's interface ----------------------------------------------------------
    def open(self, spider: Any) -> None:
        from twisted.internet import task

        self.spider = spider
        scraper = self.crawler.engine.scraper  # type: ignore[union-attr]
        original = scraper._scrape

        async def scrape(result: Any, request: Request) -> None:
            try:
                await original(result, request)
            finally:
                self._finished(request)

        scraper._scrape = scrape
        self.crawler.signals.connect(self._idle, signal=signals.spider_idle)
        self._loop = task.LoopingCall(self._tick)
        self._loop.start(0.25, now=True)

    def close(self, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.held:  # stopped early: what this worker held goes back for the others
            self.queue.release(list(self.held))
            self.held.clear()
        self.r.zrem(Keys.workers, self.name)

    def has_pending_requests(self) -> bool:
        return bool(self.held) or not self._cluster_idle()

    def enqueue_request(self, request: Request) -> bool:
        old = request.meta.pop("cluster_id", None)
        data = pickle.dumps(request.to_dict(spider=self.spider), protocol=pickle.HIGHEST_PROTOCOL)
        meta = request.meta
        dedupe, seen = "", ""
        if not meta.get("redirect_urls") and not meta.get("retry_times") and meta.get("kind") != DROPPED:
            # every worker may find the same link: the first to queue it wins, this run
            kind = meta.get("kind")
            if kind == "article":
                dedupe = "a " + request.url
            elif kind in LISTING_KINDS or kind == "robots":
                dedupe = "l " + request.url
            seen = Keys.per_run(self.run, "enqueued") if dedupe else ""
        new = self.queue.push(data, request.priority, dedupe, seen)
        if old:  # a retry or a redirect of a claimed request: the old claim is done
            self._ack(old)
        return bool(new)

    def next_request(self) -> Request | None:
        from scrapy.utils.request import request_from_dict

        sites = getattr(self.spider, "sites", None)
        if len(self.held) >= self.per_site * max(1, len(sites) if isinstance(sites, dict) else 1) + self.extracting:
            # the engine would take up to CONCURRENT_REQUESTS at once, to wait for their
            # site's turn: one worker hoarded a site's whole queue and the others idled
            return None
        got = self.queue.claim(1, self.name)
        if not got:
            return None
        rid, data = got[0]
        self.held[rid] = time.monotonic()
        self.had_work = True
        request = request_from_dict(pickle.loads(data), spider=self.spider)
        request.meta["cluster_id"] = rid
        return request

    # -- the machinery ------------------------------------------------------------------------
    def _finished(self, request: Request) -> None:
        rid = request.meta.get("cluster_id")
        if not rid:
            return
        if request.meta.get("kind") == DROPPED:  # never sent (a stop): someone else fetches it
            self.queue.release([rid])
            self.held.pop(rid, None)
        else:
            self._ack(rid)

    def _ack(self, rid: str) -> None:
        self.queue.ack(rid)
        self.held.pop(rid, None)

    def _cluster_idle(self) -> bool:
        at, idle = self._idle_cache
        now = time.monotonic()
        if now - at > 0.2:
            idle = self.queue.idle()
            self._idle_cache = (now, idle)
        return idle

    def _idle(self, spider: Any = None) -> None:
        """Scrapy found nothing to do here: the crawl ends only when the cluster's
        queue is empty and nothing is leased anywhere (a joining worker first waits
        for work to appear)."""
        self._idle_cache = (0.0, False)
        if not self._cluster_idle():
            raise DontCloseSpider
        if self.seed or self.had_work:
            return
        from .shared import active_run

        if active_run(self.r) == self.run and time.monotonic() - self.opened_at < self.wait:
            raise DontCloseSpider  # the run is still being seeded

    def _tick(self) -> None:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()  # work other workers queued: ask for it now, not at the next heartbeat
        now = time.monotonic()
        if now - self._beat < HEARTBEAT:
            return
        self._beat = now
        try:
            self.r.zadd(Keys.workers, {self.name: redis_now(self.r)})
            self.queue.renew(list(self.held))
            self.queue.reap()
            sites = getattr(self.spider, "sites", None)
            if isinstance(sites, dict) and len(sites) < int(self.r.hlen(Keys.sites)):
                sites.update(run_sites(self.r))
        except Exception as exc:  # noqa: BLE001 - Redis away longer than the client retries
            logger.warning("cluster heartbeat failed: %s", exc)


class ClusterPolitenessMiddleware:
    """Carry 429/503 and slow answers into the site's shared backoff, which every
    worker's turn includes. Replaces crawler.politeness.PolitenessMiddleware in
    cluster mode (the local slot delay is 0: the shared turn is the delay)."""

    def __init__(self, pace: SharedPace) -> None:
        self.pace = pace

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ClusterPolitenessMiddleware":
        return cls(SharedPace(_client(crawler), crawler.settings.getfloat("NEWSEARCH_CLUSTER_DELAY")))

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        key = request.meta.get("download_slot")
        if key:
            header = response.headers.get(b"Retry-After")
            wait = retry_after_seconds(header.decode("latin-1") if header else None)
            self.pace.on_response(key, response.status, wait, request.meta.get("download_latency", 0.0))
        return response


class ClusterDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler, which first takes the site's turn in Redis (waiting
    for it without blocking the reactor) and gives it back once the answer is in
    (see crawler.cluster.pace). Here, not in a middleware: the turn must cover the
    exchange itself, not a wait in a local download slot."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        s = crawler.settings
        busy = min(s.getfloat("NEWSEARCH_CLUSTER_LEASE", LEASE_SECONDS), s.getfloat("DOWNLOAD_TIMEOUT") + 5)
        self.pace = SharedPace(_client(crawler), s.getfloat("NEWSEARCH_CLUSTER_DELAY"), busy)
        self.serial = 0

    async def download_request(self, request: Request) -> Response:
        key = request.meta.get("download_slot")
        self.serial += 1
        token = f"{worker_name()}:{self.serial}"
        while key:
            wait = self.pace.turn(key, token)
            if wait <= 0:
                break
            await asyncio.sleep(min(wait, 2.0))
        try:
            return await super().download_request(request)
        finally:
            if key:
                self.pace.done(key, token)


class ClusterPipeline:
    """Extract each fetched page here, in a process pool (the CPU-heavy part runs on
    the worker's machine), and hand the result to the writer through the stream. The
    URL is marked done in the shared state only after its record is in the stream."""

    def __init__(self, crawler: Crawler, client: Any, workers: int) -> None:
        self.crawler = crawler
        self.r = client
        self.workers = workers
        self.pool: Any = None
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ClusterPipeline":
        return cls(crawler, _client(crawler), crawler.settings.getint("NEWSEARCH_WORKERS") or os.cpu_count() or 1)

    def open_spider(self, spider: Any = None) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from ..workers import _warm_up

        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver"),
                                        initializer=_warm_up, initargs=(os.getpid(),))

    def close_spider(self, spider: Any = None) -> None:
        self._redates(self.crawler.spider)
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    async def process_item(self, item: dict[str, Any], spider: Any = None) -> dict[str, Any]:
        from .records import add_record
        from .worker_extract import extract_item, page_of_item

        spider = self.crawler.spider
        site = item["site"]
        if item.get("role") == "listing":  # the evidence it gave is in the shared state already
            return {"url": item["url"], "site": site, "role": "listing"}
        job = page_of_item(item)
        result = await extract_item(self.pool, job, self._replace_pool)
        kind, data, status, detail = result
        add_record(self.r, kind, site, data)
        spider.state.mark(item["url"], site, status, detail)
        spider.tally.site(site).archived += 1
        self.stats.inc_value(f"newsearch/cluster/{kind}")
        bucket = int(time.time() // 10)
        pipe = self.r.pipeline(transaction=False)
        pipe.incr(Keys.rate(site, bucket)).expire(Keys.rate(site, bucket), 600)
        pipe.execute()
        self._redates(spider)
        return {"url": item["url"], "site": site, "role": item.get("role", "page")}

    def _replace_pool(self) -> Any:
        old = self.pool
        self.open_spider()
        if old is not None:
            old.shutdown(wait=False, cancel_futures=True)
        return self.pool

    def _redates(self, spider: Any) -> None:
        """Evidence found after a page was stored that dates it differently."""
        from ..ingest import listed_date
        from .records import add_record

        while spider.redates:
            url, key = spider.redates.popitem()
            found = listed_date(spider.state.evidence(url))
            if found:
                add_record(self.r, "evidence", key, {"url": url, "date": found[0], "source": found[1]})
            spider.state.redated(url)


class ClusterNewsSpider(NewsSpider):
    """The news spider with its state shared: URL state, the URLs queued and the
    pages spent this run, the listing budget, robots.txt and Crawl-delay all live in
    Redis, so any worker may take any request. Only a seeding crawl starts sites;
    a joining worker takes what is queued."""

    name = "news-cluster"

    def __init__(self, client: Any, run_id: int, seed: bool, **kwargs: Any) -> None:
        kwargs.setdefault("state", RedisCrawlState(client, run_id))
        super().__init__(**kwargs)
        self.r = client
        self.seed = seed
        self.queued = RedisSet(client, Keys.per_run(run_id, "queued"))  # type: ignore[assignment]
        self.budget = RedisCounter(client, Keys.per_run(run_id, "pages"))  # type: ignore[assignment]
        self.listings = RedisCounter(client, Keys.per_run(run_id, "listings"))
        self.robots = SharedRobots(client)  # type: ignore[assignment]
        self.pace: SharedPace | None = None

    async def start(self) -> AsyncIterator[Any]:
        if self.seed:
            async for request in super().start():
                yield request

    def parse_robots(self, response: Response, site: Any) -> Iterator[Request]:
        from scrapy.http import TextResponse

        text = response.text if isinstance(response, TextResponse) and response.status == 200 else ""
        if response.status < 500:
            self.r.hset(Keys.site(site.key), "robots", text)
        shared = False
        for request in super().parse_robots(response, site):
            if not shared:
                shared = True
                self._share_delay(site)
            yield request
        if not shared:
            self._share_delay(site)

    def _share_delay(self, site: Any) -> None:
        delay = self.crawl_delay.get(site.key)
        if delay:
            self.r.hset(Keys.site(site.key), "crawl_delay", float(delay))

    def _release(self, site: Any) -> Iterator[Request]:
        """Every queued listing, while the site's shared listing budget lasts: the
        listing slots of one process mean nothing across machines (the shared turn
        paces the site), and a listing left in this worker's heap would be lost to
        the others."""
        frontier = self.frontier(site)
        callbacks = {"sitemap": self.parse_sitemap, "feed": self.parse_feed, "front": self.parse_front}
        import heapq

        while frontier.heap:
            if self.listings.incr(site.key) > self.limits.max_listings:
                self.tally.site(site.key).blocked["max-listings"] += len(frontier.heap)
                frontier.heap.clear()
                return
            _, _, _, url, kind, meta = heapq.heappop(frontier.heap)
            frontier.spent += 1
            yield self._request(url, site, kind, callbacks[kind], **meta)
