"""Ending a crawl on time: the time limit, Ctrl-C and SIGTERM.

Scrapy's own shutdown waits for every request already handed to the downloader,
and a request waiting behind a long per-site delay (a hostile ``Crawl-delay``)
can wait for hours. Here a stop

1. stops taking new requests (the engine is paused, then closed);
2. drops the requests waiting in the downloader's per-site queues: they were
   never sent, and stay pending in the crawl state for the next run;
3. lets what is in flight (transfers, extraction) finish for ``GRACE`` seconds,
   then abandons it: the reactor is stopped without waiting, and the runner
   indexes what was stored before it releases the lock.

A second Ctrl-C or SIGTERM abandons at once. The logic is plain methods on
``Stopper``; ``ShutdownExtension`` only wires it to a crawler.
"""
from __future__ import annotations

import logging
import signal
from typing import Any, Callable

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from twisted.python.failure import Failure

logger = logging.getLogger("newsearch.shutdown")

#: Seconds what is in flight may take to finish after a stop, before it is abandoned.
GRACE = 4.0
#: Request kind given to the requests dropped at a stop: the spider neither counts
#: them nor marks their URLs (they stay pending).
DROPPED = "dropped"


class Stopper:
    """The stop state of one crawl: why it stopped, and whether it was forced."""

    def __init__(self, crawler: Crawler, grace: float = GRACE) -> None:
        self.crawler = crawler
        self.grace = grace
        self.reason: str | None = None  # "time-limit", "SIGINT", "SIGTERM"
        self.forced = False
        self.dropped = 0
        self._timers: list[Any] = []

    @property
    def stopping(self) -> bool:
        return self.reason is not None

    def stop(self, reason: str) -> None:
        """First call: stop gracefully (forced after ``grace``). Later calls: force."""
        from twisted.internet import reactor

        if self.reason is not None:
            if reason != "time-limit":
                self.reason = reason  # Ctrl-C while stopping at the time limit: interrupted
                self.force()
            return
        self.reason = reason
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            self.force()
            return
        try:
            engine.pause()  # no new request leaves the scheduler
            self.dropped = drop_queued(engine.downloader)
        except Exception:  # a Scrapy whose insides changed: still stop, at once
            logger.exception("could not drop the queued requests; stopping at once")
            self.force()
            return
        self._timers.append(reactor.callLater(self.grace, self.force))
        if self.crawler.crawling:
            reactor.callLater(0, self._stop_crawler)

    def _stop_crawler(self) -> None:
        """Crawler.stop_async where Scrapy has it (2.14+; stop() is deprecated there)."""
        stop_async = getattr(self.crawler, "stop_async", None)
        if stop_async is None:
            self.crawler.stop()
            return
        from scrapy.utils.defer import deferred_from_coro

        deferred_from_coro(stop_async())

    def force(self) -> None:
        """Abandon what is in flight: stop the reactor without waiting for it.

        ``reactor.crash`` skips the shutdown triggers, one of which would wait for the
        engine to close (the very wait being cut short); the runner cleans up after."""
        from twisted.internet import reactor

        if self.forced:
            return
        self.forced = True
        self.cancel_timers()
        if reactor.running:
            reactor.crash()

    def cancel_timers(self) -> None:
        for timer in self._timers:
            if timer.active():
                timer.cancel()
        self._timers.clear()

    def start_timer(self, seconds: float) -> None:
        from twisted.internet import reactor

        self._timers.append(reactor.callLater(seconds, self.stop, "time-limit"))


def drop_queued(downloader: Any) -> int:
    """Fail every request still waiting in a download slot's queue (never sent) with
    IgnoreRequest, marked as dropped so the spider leaves its URL pending. Returns how
    many were dropped."""
    dropped = 0
    for slot in list(downloader.slots.values()):
        if slot.latercall is not None:
            slot.latercall.cancel()  # safe on a call that already ran
        slot.latercall = None
        while slot.queue:
            request, deferred = slot.queue.popleft()
            request.meta["kind"] = DROPPED
            deferred.errback(Failure(IgnoreRequest("dropped at shutdown")))
            dropped += 1
    return dropped


class ShutdownExtension:
    """Starts the time-limit timer when the spider opens and exposes the ``Stopper``
    as ``crawler.stopper`` (the runner's signal handlers use it)."""

    def __init__(self, crawler: Crawler, time_limit: float) -> None:
        self.stopper = Stopper(crawler)
        self.time_limit = time_limit
        crawler.stopper = self.stopper  # type: ignore[attr-defined]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "ShutdownExtension":
        ext = cls(crawler, crawler.settings.getfloat("NEWSEARCH_TIME_LIMIT"))
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Any = None) -> None:
        if self.time_limit > 0:
            self.stopper.start_timer(self.time_limit)

    def closed(self, spider: Any = None) -> None:
        self.stopper.cancel_timers()


def install_signal_handlers(on_signal: Callable[[str], None]) -> Callable[[], None]:
    """Route SIGINT and SIGTERM to *on_signal* (run in the reactor thread, never inside
    the handler itself); returns a function that restores the previous handlers."""
    from twisted.internet import reactor

    def handler(signum: int, frame: Any) -> None:
        reactor.callFromThread(on_signal, signal.Signals(signum).name)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def ignore_signals() -> None:
    """Ignore SIGINT and SIGTERM (during the short clean-up after a crawl)."""
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
