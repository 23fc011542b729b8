"""The ingest a crawl runs beside its fetch: a child process that follows the WARC
files as the fetch writes them, and reports each stored article back, so the crawl's
progress line, summary and exit code count articles as before.

The child ignores Ctrl-C (the crawl decides when to stop: ``stop()`` once the fetch
has closed its files, after which the child ingests what is left and exits) and
leaves, after a last pass, if the crawl is killed."""
from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from pathlib import Path
from typing import Any

from indexer.errors import is_disk_full
from indexer.home import Home

from .tally import Tally

_TRACKER_QUIET = "ignore:resource_tracker:UserWarning"


def _child(root: str, workers: int | None, keep: str, conn: Any, stop: Any, parent: int) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the crawl's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # and SIGTERM (from it: kill()) ends the child
    from indexer.errors import DiskFullError

    from .ingest import Ingest, IngestLockedError

    def parent_gone() -> bool:
        try:
            os.kill(parent, 0)
        except ProcessLookupError:
            return True
        return False

    pending: list[tuple[str, str, str, str]] = []

    def on_event(site: str, kind: str, url: str, detail: str) -> None:
        pending.append((site, kind, url, detail))

    ingest = Ingest(Home(Path(root)), workers, on_event)
    ingest.keep = keep  # [archive] keep: files it may delete once ingested

    def flush(_: Any = None) -> None:
        if pending:
            try:
                conn.send(("events", list(pending)))
            except (BrokenPipeError, OSError):
                pass
            pending.clear()

    ingest.on_progress = flush
    outcome: dict[str, Any] = {}
    try:
        result = ingest.run_archive(stop=lambda: stop.is_set() or parent_gone())
        outcome = {"disk_full": result.disk_full, "index_damaged": result.index_damaged,
                   "damaged": result.damaged, "summary": result.summary()}
    except IngestLockedError as exc:
        outcome = {"locked": exc.pid}
    except DiskFullError:  # what was stored before stays stored; the next run goes on
        outcome = {"disk_full": True}
    except Exception as exc:  # reported by the crawl in one line
        outcome = {"disk_full": True} if is_disk_full(exc) else {"error": f"{type(exc).__name__}: {exc}"}
    flush()
    try:
        conn.send(("done", outcome))
        conn.close()
    except (BrokenPipeError, OSError):
        pass
    # everything is stored and said: leave now. Python's exit would join the extraction
    # pool, whose idle workers a pool shut down early (a full disk) can leave waiting
    # for work that never comes; they leave by themselves once this process is gone.
    os._exit(0)


class IngestBeside:
    """Start, feed from, and stop the crawl's ingest process."""

    def __init__(self, home: Home, tally: Tally, workers: int | None = None, keep: str = "all") -> None:
        # a killed ingest leaves its pool's semaphores to multiprocessing's resource
        # tracker, which cleans them up and warns on stderr at exit: the crawl has
        # already said in one line that the ingest ended (the tracker takes -W options)
        if _TRACKER_QUIET not in sys.warnoptions:
            sys.warnoptions.append(_TRACKER_QUIET)
        self.home = home
        self.tally = tally
        ctx = multiprocessing.get_context("spawn")
        self.conn, child_conn = ctx.Pipe(duplex=False)
        self.stop_event = ctx.Event()
        self.outcome: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self.process = ctx.Process(
            target=_child, args=(str(home.root), workers, keep, child_conn, self.stop_event, os.getpid()),
            name="newsearch-ingest", daemon=False,
        )

    def start(self) -> None:
        # the child starts with SIGINT blocked, so a Ctrl-C while it imports cannot raise
        # in it before it ignores SIGINT itself
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            self.process.start()
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)

    def pump(self, wait: float = 0.0) -> bool:
        """Apply the child's reports to the tally; True once it said it is done."""
        with self._lock:
            while self.outcome is None:
                try:
                    if not self.conn.poll(wait):
                        break
                    kind, payload = self.conn.recv()
                except (EOFError, OSError):  # the child died without a word
                    self.outcome = {"error": f"the ingest process ended ({self._exit()})"}
                    break
                if kind == "events":
                    self.apply(payload)
                else:
                    self.outcome = payload
            return self.outcome is not None

    def _exit(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        return f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"

    def apply(self, events: list[tuple[str, str, str, str]]) -> None:
        for site, kind, _url, detail in events:
            counts = self.tally.site(site)
            if kind == "rejected":
                counts.rejected[detail] += 1
            elif kind == "error":
                counts.errors += 1  # crawl.log already names it (the ingest wrote the line)
            elif kind in ("new", "updated", "unchanged"):
                setattr(counts, kind, getattr(counts, kind) + 1)

    def finish(self, timeout: float | None = None) -> dict[str, Any]:
        """Tell the child the fetch is over, and wait for it to ingest the rest."""
        self.stop_event.set()
        while not self.pump(wait=0.5):
            if not self.process.is_alive() and not self.conn.poll(0):
                self.outcome = {"error": f"the ingest process ended ({self._exit()})"}
                break
        self.process.join(timeout=timeout)
        return self.outcome or {}

    def kill(self) -> None:
        """A forced stop: the child goes at once (what it stored is kept; the rest of the
        archive is ingested by the next run)."""
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
