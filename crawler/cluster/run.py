"""Start the parts of a cluster crawl: a crawl that seeds a run and works on it,
a worker that joins it, and the single writer. Called by the CLI (and by
crawler.runner.run_crawl when cluster mode is on)."""
from __future__ import annotations

import time
from dataclasses import fields
from typing import Any, Callable
from urllib.parse import urlsplit

from indexer.home import Home

from ..config import CrawlConfig
from ..tally import Tally
from .connect import ClusterUnreachableError, Keys, connect
from .queue import LeasedQueue
from .shared import active_run, finish_run, publish_run, run_settings, run_sites

#: The run settings a seeding crawl hands to every worker.
RUN_FIELDS = ("delay", "max_pages", "depth", "user_agent", "concurrency", "max_listings", "sitemap_depth",
              "max_sitemaps", "max_sitemap_urls", "max_leads", "time_limit", "lease")


#: Seconds without a heartbeat before the writer takes a worker for gone (a worker
#: that is still starting Scrapy has not beaten yet).
WRITER_PATIENCE = 10.0


class NoRunError(ClusterUnreachableError):
    """A worker found no crawl to join."""


def run_cluster_crawl(home: Home, config: CrawlConfig, redis_url: str, seed: bool = True, verbose: bool = False,
                      wait: float = 30.0) -> Any:
    """``newsearch crawl --redis`` (*seed*: start a run of ``config.sites``, unless one
    is under way, which it joins) or ``newsearch worker --redis`` (join the run under
    way, waiting up to *wait* seconds for one). Returns a crawler.runner.CrawlOutcome
    of this process's part."""
    from ..runner import CrawlOutcome

    client = connect(redis_url)  # ClusterUnreachableError, in one line, when Redis is away
    started = time.monotonic()
    queue = LeasedQueue(client, config.lease)
    run = active_run(client)
    seeding = False
    if seed and (not run or queue.idle()):
        settings = {name: getattr(config, name) for name in RUN_FIELDS}
        run = publish_run(client, config.sites, settings)
        seeding = True
    deadline = time.monotonic() + wait
    while not run:
        if time.monotonic() > deadline:
            raise NoRunError(f"no crawl under way in the cluster after {wait:g} s (start one with `newsearch crawl --redis URL`)")
        time.sleep(0.5)
        run = active_run(client)
    shared = run_settings(client)
    joined = CrawlConfig(sites=list(run_sites(client).values()), workers=config.workers)
    for f in fields(CrawlConfig):
        if f.name in shared:
            setattr(joined, f.name, type(getattr(joined, f.name))(shared[f.name]))
    tally = Tally()
    stopper_box: dict[str, Any] = {}
    try:
        _crawl(home, joined, redis_url, run, seeding, verbose, wait, joined.lease, tally, stopper_box)
    finally:
        if seeding and queue.idle():
            finish_run(client, run)
    stopper = stopper_box.get("stopper")
    return CrawlOutcome(tally, time.monotonic() - started, stopped=stopper.reason if stopper else None,
                        dropped=stopper.dropped if stopper else 0)


def _crawl(home: Home, config: CrawlConfig, redis_url: str, run: int, seed: bool, verbose: bool, wait: float,
           lease: float, tally: Tally, box: dict[str, Any]) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from .. import settings as crawl_settings
    from ..runner import _on_signal, _quiet_logging, error_logger
    from ..shutdown import ignore_signals, install_signal_handlers
    from ..spiders.news import Limits
    from .scrapy_parts import ClusterNewsSpider
    from .shared import RedisCrawlState

    home.ensure()
    tally.on_error = error_logger(home.log_file)
    settings = Settings()
    settings.setmodule(crawl_settings, priority="project")
    mws = dict(crawl_settings.DOWNLOADER_MIDDLEWARES)
    mws["crawler.politeness.PolitenessMiddleware"] = None
    mws["crawler.cluster.scrapy_parts.ClusterPolitenessMiddleware"] = 560
    settings.update({
        "SCHEDULER": "crawler.cluster.scrapy_parts.ClusterScheduler",
        "DOWNLOADER_MIDDLEWARES": mws,
        "ITEM_PIPELINES": {"crawler.cluster.scrapy_parts.ClusterPipeline": 300},
        "DOWNLOAD_DELAY": 0,  # the shared per-site turn is the delay
        "DOWNLOAD_HANDLERS": {"http": "crawler.cluster.scrapy_parts.ClusterDownloadHandler",
                              "https": "crawler.cluster.scrapy_parts.ClusterDownloadHandler"},
        "NEWSEARCH_CLUSTER_DELAY": config.delay,
        "NEWSEARCH_REDIS": redis_url,
        "NEWSEARCH_CLUSTER_RUN": run,
        "NEWSEARCH_CLUSTER_SEED": seed,
        "NEWSEARCH_CLUSTER_WAIT": wait,
        "NEWSEARCH_CLUSTER_LEASE": lease,
        "USER_AGENT": config.user_agent,
        "CONCURRENT_REQUESTS_PER_DOMAIN": config.concurrency,
        "CLOSESPIDER_TIMEOUT": 0,
        "NEWSEARCH_TIME_LIMIT": config.time_limit,
        "NEWSEARCH_HOME": str(home.root),
        "NEWSEARCH_WORKERS": config.workers,
        "NEWSEARCH_SITE_HOSTS": [urlsplit(s.url).hostname for s in config.sites],
        "NEWSEARCH_PROGRESS": False,
        "LOG_ENABLED": verbose,
        "LOG_LEVEL": "DEBUG" if verbose else "ERROR",
        "LOG_INSTALL_ROOT_HANDLER": verbose,
    }, priority="cmdline")
    if not verbose:
        _quiet_logging()
    process = CrawlerProcess(settings)
    client = connect(redis_url, check=False)
    process.crawl(ClusterNewsSpider, client=client, run_id=run, seed=seed, sites=config.sites, tally=tally,
                  state=RedisCrawlState(client, run),
                  depth=config.depth, max_pages=config.max_pages, user_agent=config.user_agent,
                  limits=Limits.from_config(config))
    crawler = next(iter(process.crawlers))
    restore = install_signal_handlers(lambda name: _on_signal(crawler, name))
    try:
        process.start(install_signal_handlers=False)
    finally:
        ignore_signals()
        box["stopper"] = getattr(crawler, "stopper", None)
        restore()


def run_writer(home: Home, redis_url: str, follow: bool = False, wait: float = 30.0,
               on_batch: Callable[[Any], None] | None = None, stop: Callable[[], bool] = lambda: False) -> Any:
    """``newsearch ingest --redis``: store the cluster's records in *home* until the
    crawl under way is over and every record is stored (with *follow*, until
    stopped). Waits up to *wait* seconds for a crawl to start."""
    from .records import StreamWriter

    client = connect(redis_url)
    queue = LeasedQueue(client)
    started = time.monotonic()
    seen_run = [bool(active_run(client))]

    def done() -> bool:
        """The run is over: nothing queued or leased, no worker alive (a seeding crawl
        killed before it could end its run does not hold the writer for ever)."""
        if follow:
            return False
        if active_run(client):
            seen_run[0] = True
        elif not seen_run[0] and time.monotonic() - started < wait:
            return False
        return queue.idle() and not workers_alive(client, WRITER_PATIENCE)

    writer = StreamWriter(home, client)
    writer.on_batch = on_batch
    return writer.run(done, stop)


def workers_alive(client: Any, within: float = 5.0) -> list[str]:
    """Workers whose heartbeat is at most *within* seconds old (Redis's clock)."""
    from .connect import redis_now

    return [w.decode() for w in client.zrangebyscore(Keys.workers, redis_now(client) - within, "+inf")]
