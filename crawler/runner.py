"""Run one crawl: lock the home, catch the index up, crawl every site, record the run.

Everything Scrapy-specific stays in here; the CLI calls ``run_crawl`` and turns
its result and errors into output and exit codes.
"""
from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass

from indexer.errors import NewsearchError
from indexer.home import Home
from indexer.writer import sync

from .config import CrawlConfig
from .lock import crawl_lock
from .state import CrawlState
from .tally import Tally

QUIET_LOGGERS = ("scrapy", "twisted", "protego", "trafilatura", "htmldate", "courlan", "asyncio", "py.warnings")


@dataclass
class CrawlOutcome:
    tally: Tally
    seconds: float

    @property
    def all_failed(self) -> bool:
        return self.tally.all_failed


class _QuietFilter(logging.Filter):
    """Let through newsearch's own warnings and real errors, not library chatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(QUIET_LOGGERS):
            return record.name.startswith("scrapy.core.scraper") and record.levelno >= logging.ERROR
        return record.levelno >= logging.WARNING


def _quiet_logging() -> None:
    """Keep Scrapy's log out of the way: only newsearch's warnings reach stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("newsearch: %(message)s"))
    handler.addFilter(_QuietFilter())
    logging.getLogger().addHandler(handler)


def run_crawl(home: Home, config: CrawlConfig, verbose: bool = False, progress: bool = False) -> CrawlOutcome:
    """Crawl ``config.sites`` into *home*. Raises CrawlLockedError when another run holds the home."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from . import settings as crawl_settings
    from .spiders.news import Limits, NewsSpider

    home.ensure()
    started = time.monotonic()
    with crawl_lock(home.lock_file):
        sync(home)  # index what a killed run stored but did not index
        state = CrawlState(home.state_db)
        state.adopt_stored(home.records_db)
        run_id = state.start_run(os.getpid())
        tally = Tally()
        settings = Settings()
        settings.setmodule(crawl_settings, priority="project")
        settings.update(
            {
                "DOWNLOAD_DELAY": config.delay,
                "USER_AGENT": config.user_agent,
                "CONCURRENT_REQUESTS_PER_DOMAIN": config.concurrency,
                "CLOSESPIDER_TIMEOUT": config.time_limit,
                "NEWSEARCH_HOME": str(home.root),
                "NEWSEARCH_WORKERS": config.workers,
                "NEWSEARCH_PROGRESS": progress,
                "LOG_ENABLED": verbose,
                "LOG_LEVEL": "DEBUG" if verbose else "ERROR",
                "LOG_INSTALL_ROOT_HANDLER": verbose,
            },
            priority="cmdline",
        )
        if not verbose:
            _quiet_logging()
        process = CrawlerProcess(settings)
        process.crawl(
            NewsSpider,
            sites=config.sites,
            state=state,
            tally=tally,
            depth=config.depth,
            max_pages=config.max_pages,
            user_agent=config.user_agent,
            limits=Limits.from_config(config),
        )
        try:
            process.start()
        finally:
            state.finish_run(run_id, tally.summary())
            state.close()
    if not tally.sites:
        raise CrawlFailedError("the crawl could not start (run with -v to see why)")
    return CrawlOutcome(tally, time.monotonic() - started)


class CrawlFailedError(NewsearchError):
    """Scrapy could not run the crawl at all (a bad setting, a broken install)."""
