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
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from indexer.errors import DiskFullError, IndexDamagedError, NewsearchError, is_disk_full
from indexer.home import Home
from indexer.text import escape_controls, log_line
from indexer.writer import sync

from .config import CrawlConfig
from .diskfull import DiskFullLogFilter, disk_full_message
from .lock import crawl_lock
from .state import CrawlState
from .tally import Tally

QUIET_LOGGERS = ("scrapy", "twisted", "protego", "trafilatura", "htmldate", "courlan", "asyncio", "py.warnings")


@dataclass
class CrawlOutcome:
    tally: Tally
    seconds: float
    #: why the run ended early: "time-limit", "SIGINT", "SIGTERM"; None when it finished
    stopped: str | None = None
    #: requests dropped at the stop (never sent; their URLs stay pending)
    dropped: int = 0

    @property
    def all_failed(self) -> bool:
        return self.tally.all_failed


class _QuietFilter(logging.Filter):
    """Let through newsearch's own warnings and real errors, not library chatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith(QUIET_LOGGERS):
            return record.name.startswith("scrapy.core.scraper") and record.levelno >= logging.ERROR
        return record.levelno >= logging.WARNING


class _CleanFormatter(logging.Formatter):
    """Escape codes a site put in its name or URLs never reach the terminal."""

    def format(self, record: logging.LogRecord) -> str:
        return escape_controls(super().format(record), multiline=True)


class _StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever sys.stderr is at the time: while the progress line is shown,
    rich has replaced it with a proxy that clears the line before the message."""

    @property  # type: ignore[override]
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def _quiet_logging() -> None:
    """Keep Scrapy's log out of the way: only newsearch's warnings reach stderr."""
    handler = _StderrHandler()
    handler.setFormatter(_CleanFormatter("newsearch: %(message)s"))
    handler.addFilter(_QuietFilter())
    handler.addFilter(DiskFullLogFilter())  # one line at the end instead of a traceback per page
    logging.getLogger().addHandler(handler)


def run_crawl(home: Home, config: CrawlConfig, verbose: bool = False, progress: bool = False) -> CrawlOutcome:
    """Crawl ``config.sites`` into *home*: the fetch (Scrapy, in this process) archives
    pages, the ingest (a child process, beside it) makes them articles. Raises
    CrawlLockedError when another run holds the home."""
    from .archive import close_stale
    from .ingest_beside import IngestBeside

    home.ensure()
    started = time.monotonic()
    with crawl_lock(home.lock_file):
        damaged = None
        try:
            sync(home)  # index what a killed run stored but did not index
        except IndexDamagedError as exc:  # crawl anyway: articles are stored, reindex indexes them
            damaged = str(exc)
        state = CrawlState(home.state_db)
        state.adopt_stored(home.records_db)
        run_id = state.start_run(os.getpid())
        tally = Tally(on_error=error_logger(home.log_file))
        tally.index_damaged = damaged
        close_stale(home.root / "warc")  # a killed run's open WARC files: read to their last whole record
        # the ingest runs beside the fetch, in its own process: it extracts, stores and
        # indexes what the fetch archives, and reports each article back into the tally
        beside = IngestBeside(home, tally, config.workers, config.archive_keep)
        beside.start()
        try:
            return _fetch(home, config, verbose, progress, state, run_id, tally, beside, started)
        finally:
            beside.kill()  # gone already, unless the fetch failed before it could wait for it


def _fetch(home: Home, config: CrawlConfig, verbose: bool, progress: bool, state: Any, run_id: int, tally: Tally,
           beside: Any, started: float) -> CrawlOutcome:
    """The Scrapy half of run_crawl, with the ingest already running beside it."""
    from scrapy import signals as scrapy_signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from . import settings as crawl_settings
    from .progress import close_displays
    from .shutdown import ignore_signals, install_signal_handlers
    from .spiders.news import Limits, NewsSpider

    settings = Settings()
    settings.setmodule(crawl_settings, priority="project")
    settings.update(
        {
            "DOWNLOAD_DELAY": config.delay,
            "USER_AGENT": config.user_agent,
            "CONCURRENT_REQUESTS_PER_DOMAIN": config.concurrency,
            "CLOSESPIDER_TIMEOUT": 0,  # crawler.shutdown ends the run on time, whatever is queued
            "NEWSEARCH_TIME_LIMIT": config.time_limit,
            "NEWSEARCH_HOME": str(home.root),
            "NEWSEARCH_WORKERS": config.workers,
            "NEWSEARCH_SITE_HOSTS": [urlsplit(s.url).hostname for s in config.sites],  # crawler.resolver
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
    crawler = next(iter(process.crawlers))
    pumper = _Pump(beside.pump)  # the ingest's reports reach the tally (and the progress line)
    crawler.signals.connect(pumper.start, signal=scrapy_signals.engine_started)
    received: list[str] = []  # signals, in case one comes before the crawler can stop

    def on_signal(name: str) -> None:
        received.append(name)
        _on_signal(crawler, name)

    restore = install_signal_handlers(on_signal)
    stopper: Any = None
    try:
        process.start(install_signal_handlers=False)
    finally:
        # the clean-up is short and must not be cut: a Ctrl-C now is ignored
        ignore_signals()
        close_displays()
        try:
            stopper = getattr(crawler, "stopper", None)
            forced = stopper is None or stopper.forced
            pumper.stop()
            tally.unanswered([(site.key, site.url) for site in config.sites])
            if forced:
                _abandon()
                beside.kill()  # what it stored is kept; the next run ingests the rest
            else:
                _ingest_outcome(home, tally, beside, config)
            try:
                state.finish_run(run_id, tally.summary())
                state.close()
                if forced:  # the ingest did not get to finish: index what it stored
                    sync(home)  # before the lock is released
            except IndexDamagedError as exc:
                tally.index_damaged = str(exc)
            except Exception as exc:
                if not is_disk_full(exc):
                    raise
                tally.disk_full = True
        finally:
            restore()
    if tally.disk_full:
        raise DiskFullError(disk_full_message(home))
    if tally.index_damaged:  # every article is stored; `newsearch reindex` indexes them all
        raise IndexDamagedError(tally.index_damaged)
    if not tally.sites and not received:
        raise CrawlFailedError("the crawl could not start (run with -v to see why)")
    return CrawlOutcome(
        tally, time.monotonic() - started,
        stopped=(stopper.reason if stopper else None) or (received[0] if received else None),
        dropped=stopper.dropped if stopper else 0,
    )


def error_logger(path: Path) -> Callable[[str, str, str], None]:
    """Append each failed URL and its reason to crawl.log, in its format
    (time, ``failed:REASON``, URL, detail), one line each, controls escaped."""

    def write(url: str, reason: str, detail: str) -> None:
        with path.open("a", encoding="utf-8") as log:
            log.write(log_line(f"failed:{reason}", url, detail))

    return write


def _on_signal(crawler: Any, name: str) -> None:
    """SIGINT/SIGTERM, in the reactor thread: stop the crawl (a second one forces it)."""
    stopper = getattr(crawler, "stopper", None)
    if stopper is not None:
        stopper.stop(name)
        return
    from twisted.internet import reactor

    if reactor.running:  # not started yet: nothing to finish
        reactor.crash()


def _abandon() -> None:
    """After a forced stop: let the reactor's threads finish."""
    from twisted.internet import reactor

    reactor.getThreadPool().stop()


class _Pump:
    """Calls *pump* every quarter second once the reactor runs (Scrapy installs its
    reactor when the crawl starts: nothing may import Twisted's reactor before)."""

    def __init__(self, pump: Callable[[], Any]) -> None:
        self.pump = pump
        self.loop: Any = None

    def start(self) -> None:
        from twisted.internet import task

        self.loop = task.LoopingCall(self.pump)
        self.loop.start(0.25, now=False)

    def stop(self) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()


def _ingest_outcome(home: Home, tally: Tally, beside: Any, config: CrawlConfig) -> None:
    """Wait for the ingest beside the fetch to store what was archived, and carry its
    outcome into the tally. An ingest that died (killed, crashed) is caught up here,
    in this process: nothing archived is left unstored."""
    from .ingest import Ingest, IngestLockedError

    outcome = beside.finish()
    if outcome.get("disk_full"):
        tally.disk_full = True
    if outcome.get("index_damaged"):
        tally.index_damaged = outcome["index_damaged"]
    if "locked" in outcome:
        who = f" (pid {outcome['locked']})" if outcome["locked"] else ""
        logging.getLogger("newsearch.crawl").warning(
            "another ingest%s holds this home: the pages fetched are archived, and `newsearch ingest` "
            "indexes them", who)
    elif "error" in outcome and not tally.disk_full:
        logging.getLogger("newsearch.crawl").warning("%s; ingesting the rest of the archive now", outcome["error"])
        try:
            catch_up = Ingest(home, config.workers, on_event=lambda *event: beside.apply([event]))
            catch_up.keep = config.archive_keep
            result = catch_up.run_archive()
        except IngestLockedError:
            return
        except DiskFullError:
            tally.disk_full = True
            return
        tally.index_damaged = tally.index_damaged or result.index_damaged


class CrawlFailedError(NewsearchError):
    """Scrapy could not run the crawl at all (a bad setting, a broken install)."""
