"""The ingest: WARC records in; article records, near-duplicate links and the index out.

It is the one writer of the records and the index. It reads the home's own archive
(what ``crawl`` fetched), or WARC files from elsewhere (``import``: CC-NEWS), extracts
pages in worker processes (crawler.workers), and stores the results in batches: each
batch and the offset its WARC file got to are one SQLite transaction, so a killed
ingest resumes exactly after the last stored batch and no record is half-written.
No Scrapy here.
"""
from __future__ import annotations

import logging
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator
from urllib.parse import urlsplit

from indexer.errors import DiskFullError, NewsearchError, is_disk_full
from indexer.home import Home
from indexer.store import RecordStore
from indexer.text import log_line
from indexer.writer import CatchUp, redate, store_article

from .archive import OPEN_SUFFIX, Entry, Evidence, Page, Skipped, archive_files, close_stale, read_archive
from .discovery import DATED_VIAS, drop_canonical
from .extract import Article, Rejection
from .extract.dates import choose_date, iso
from .lock import crawl_lock
from indexer.urls import try_canonicalize
from .workers import RETRYABLE, ExtractorPool

logger = logging.getLogger("newsearch.ingest")
#: Which extraction made a record: bump it when extraction changes what it gives,
#: so ``reextract`` and the records say which pages an upgrade touched.
EXTRACTOR_VERSION = "newsearch-extract/5"
#: Results stored in one transaction (with their WARC file's new offset).
STORE_BATCH = 64
#: The index catches up after this many stored articles, or this many seconds.
SYNC_EVERY = 1000
SYNC_SECONDS = 30.0
#: Articles remembered as new in one session, so a sitemap date for one of them read
#: later in the same crawl is not counted as an update (bounded memory).
MAX_FRESH = 200_000


class IngestLockedError(NewsearchError):
    """Another ingest (a crawl's, or an ``ingest``/``import`` command) is writing this home."""

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        who = f" (pid {pid})" if pid else ""
        super().__init__(f"another ingest is already writing this home{who}")


class ArchiveInputError(NewsearchError):
    """A WARC path given to ``import``/``ingest`` does not exist or cannot be read."""


@dataclass
class IngestResult:
    """What an ingest did: per-site counts, what it skipped and why, damaged records."""

    sites: dict[str, Counter[str]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)
    damaged: list[str] = field(default_factory=list)  # "FILE at OFFSET: reason"
    files: int = 0
    already_done: int = 0  # files a previous run finished (skipped whole)
    pages: int = 0  # HTML responses read (articles or not)
    seconds: float = 0.0
    disk_full: bool = False
    index_damaged: str | None = None

    def site(self, key: str) -> Counter[str]:
        return self.sites.setdefault(key, Counter())

    def total(self, kind: str) -> int:
        return sum(c[kind] for c in self.sites.values())

    @property
    def articles(self) -> int:
        return self.total("new") + self.total("updated") + self.total("unchanged")

    def summary(self) -> dict[str, Any]:
        rejected: Counter[str] = Counter()
        for counts in self.sites.values():
            rejected.update({k.split(":", 1)[1]: v for k, v in counts.items() if k.startswith("rejected:")})
        return {
            "files": self.files, "pages": self.pages, "new": self.total("new"), "updated": self.total("updated"),
            "unchanged": self.total("unchanged"), "rejected": dict(rejected), "errors": self.total("errors"),
            "skipped": dict(self.skipped), "damaged": len(self.damaged), "seconds": round(self.seconds, 1),
        }


def ingest_lock(home: Home) -> Any:
    """The lock of the one process writing a home's records and index (a crawl's ingest,
    ``ingest``, ``import``, ``reextract``, ``reindex``); IngestLockedError when held."""
    return crawl_lock(home.root / "ingest.lock", busy=IngestLockedError)


#: on_event(site_key, kind, url, detail): kind is new/updated/unchanged/rejected/error
EventSink = Callable[[str, str, str, str], None]


def _charset(content_type: str) -> str | None:
    if "charset=" in content_type:
        return content_type.split("charset=", 1)[1].split(";")[0].strip(" \"'") or None
    return None


def _when(warc_date: str) -> datetime | None:
    try:
        dt = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def page_job(page: Page) -> tuple[str, dict[str, Any] | str]:
    """``(site, job)`` for a page worth extracting, or ``(site, why)`` when it is skipped:
    a sitemap or feed the crawl archived, a non-200 answer, or not HTML."""
    meta = page.meta
    url = meta.get("url") or try_canonicalize(page.url) or page.url
    site = meta.get("site") or (urlsplit(url).hostname or "unknown")
    if meta.get("role") == "listing":
        return site, "listing"
    if page.status != 200:
        return site, "not-200"
    content_type = page.content_type.lower()
    if content_type and "html" not in content_type:
        return site, "not-html"
    body = drop_canonical(page.body) if meta.get("drop_canonical") else page.body
    when = _when(page.warc_date)
    return site, {
        "body": body, "url": url, "evidence": meta.get("evidence") or {}, "encoding": _charset(content_type),
        # a site with no configured name is labelled by its host, the same on every run
        "site_name": meta.get("site_name") or site, "site_topic": meta.get("site_topic"),
        # the fetch time is the crawl time, and the "now" dates are judged against
        "site_url": meta.get("site_url"), "now": when.isoformat() if when else None,
    }


def listed_date(evidence: dict[str, Any], now: datetime | None = None) -> tuple[str, str] | None:
    """``(date, source)`` a news sitemap or feed gave a URL, when plausible: the
    date extraction would have chosen had the listing been read before the page."""
    via = evidence.get("via")
    if via not in DATED_VIAS or not evidence.get("date"):
        return None
    published, _ = choose_date([(via, evidence["date"])], now or datetime.now(timezone.utc))
    return (iso(published), via) if published else None


class Ingest:
    """Reads WARC files into the home's records and index. One at a time per home."""

    def __init__(self, home: Home, workers: int | None = None, on_event: EventSink | None = None,
                 log: bool = True, sync_every: int = SYNC_EVERY, sync_seconds: float = SYNC_SECONDS) -> None:
        self.home = home
        self.workers = workers
        self.on_event = on_event
        self.log_lines = log
        self.sync_every = sync_every
        self.sync_seconds = sync_seconds
        self.result = IngestResult()
        self.on_progress: Callable[[IngestResult], None] | None = None
        #: ``[archive] keep``: run_archive deletes the files it may once they are ingested
        self.keep = "all"

    # -- the public runs ----------------------------------------------------------------
    def run_archive(self, stop: Callable[[], bool] | None = None) -> IngestResult:
        """Ingest the home's archive. With *stop*, keep following the files the fetch is
        writing until ``stop()`` is true (the fetch has closed them), then finish."""
        folder = self.home.root / "warc"
        with self._session():
            while True:
                stopping = stop is None or stop()
                close_stale(folder)
                for path in archive_files(folder, include_open=not stopping):
                    self._file(path, path.name.removesuffix(OPEN_SUFFIX), follow=path.name.endswith(OPEN_SUFFIX))
                if stopping:
                    break
                self._flush()
                time.sleep(0.3)
            if self.keep != "all":
                from .retention import apply_retention

                apply_retention(self.home, self.keep)  # under the ingest lock: no reader of the files
        return self.result

    def run_files(self, inputs: Iterable[Path | str]) -> IngestResult:
        """Ingest WARC files from elsewhere (a folder stands for its WARC files, ``-``
        for standard input). A file ingested before resumes where it stopped."""
        paths = list(expand_inputs(inputs))
        with self._session():
            for path in paths:
                if str(path) == "-":
                    import sys

                    self._file(sys.stdin.buffer, None, follow=False)
                else:
                    self._file(path, f"import:{Path(path).resolve()}", follow=False)
        return self.result

    # -- the machinery ------------------------------------------------------------------------
    def _session(self) -> Any:
        from contextlib import contextmanager

        @contextmanager
        def session() -> Iterator[None]:
            self.home.ensure()
            started = time.monotonic()
            with ingest_lock(self.home):
                self.store = RecordStore(self.home.records_db)
                self.log = self.home.log_file.open("a", encoding="utf-8", buffering=1) if self.log_lines else None
                self.pool = ExtractorPool(self.workers)
                self.batch: list[tuple[Entry, str, Any, str | None]] = []
                self.fresh: set[str] = set()  # stored as new in this session (a re-date is not news)
                self.catch_up = CatchUp(self.home, self.sync_every, self.sync_seconds)
                try:
                    yield
                    self._flush()
                    self._sync(final=True)
                except BaseException as exc:
                    self.pool.close(wait=False)
                    if isinstance(exc, KeyboardInterrupt):
                        # what is stored becomes searchable now, not at the next run
                        try:
                            self._sync(final=True)
                        except BaseException:  # a second Ctrl-C: the next run indexes it
                            pass
                    if is_disk_full(exc):
                        self.result.disk_full = True
                        raise DiskFullError(f"the disk of {self.home.root} is full") from None
                    raise
                finally:
                    self.pool.close()
                    self.store.close()
                    if self.log is not None:
                        self.log.close()
                    self.result.seconds = time.monotonic() - started
        return session()

    def _file(self, source: Path | BinaryIO, key: str | None, follow: bool) -> None:
        """Ingest one WARC file from where it got to (key None: no resume, stdin)."""
        start, done = self.store.file_progress(key) if key else (0, False)
        if done:
            self.result.already_done += 1
            return
        self.result.files += 1
        entries = read_archive(source, start, follow=follow)
        name = key.split("/")[-1] if key else "stdin"
        last_end = start
        cut = False
        for entry in entries:
            last_end = entry.end
            item = entry.item
            cut = isinstance(item, Skipped) and item.kind == "truncated"
            job: dict[str, Any] | None = None
            site = ""
            if isinstance(item, Page):
                site, what = page_job(item)
                if isinstance(what, str):
                    self.result.skipped[what] += 1
                else:
                    job = what
                    self.result.pages += 1
            elif isinstance(item, Skipped):
                if item.kind in ("damaged", "truncated"):
                    where = f"{name} at byte {entry.offset}: {item.reason}"
                    self.result.damaged.append(where)
                    self._line(f"damaged:{item.kind}", name, f"byte {entry.offset}: {item.reason}")
                elif item.kind not in ("warcinfo", "request", "metadata"):
                    self.result.skipped[item.kind] += 1
            for tag, result in self.pool.submit((entry, site, key, job), job):
                self._done(tag, result)
        for tag, result in self.pool.drain():
            self._done(tag, result)
        self._flush()
        if key and not follow:
            # an imported file that ends inside a record may be whole next time (its
            # download finished): it is left open at the cut, and a re-run reads on from there
            self.store.set_file_progress(key, last_end, not (cut and key.startswith("import:")))

    def _done(self, tag: tuple[Entry, str, str | None, dict[str, Any] | None], result: Any) -> None:
        entry, site, key, _ = tag
        self.batch.append((entry, site, result, key))
        if len(self.batch) >= STORE_BATCH:
            self._flush()

    def _flush(self) -> None:
        """Store the batch and its files' offsets in one transaction."""
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        events: list[tuple[str, str, str, str]] = []
        lines: list[tuple[str, str, str]] = []
        ends: dict[str, int] = {}
        with self.store.transaction():
            for entry, site, result, key in batch:
                if key:
                    ends[key] = entry.end
                item = entry.item
                if isinstance(item, Evidence):
                    found = listed_date(item.meta.get("evidence") or {})
                    if found and redate(self.store, item.url, *found) == "updated":
                        if item.url not in self.fresh:  # new in this run: still one new article
                            events.append((item.meta.get("site") or "", "updated", item.url, ""))
                        lines.append(("redated", item.url, found[0]))
                elif isinstance(result, Article):
                    record = result.to_record()
                    record["extractor"] = EXTRACTOR_VERSION
                    status = store_article(self.store, record)
                    if status == "new" and len(self.fresh) < MAX_FRESH:
                        self.fresh.add(result.url)
                    events.append((site, status, result.url, result.title))
                    lines.append((status, result.url, result.title))
                elif isinstance(result, Rejection):
                    if result.reason in RETRYABLE:
                        events.append((site, "error", result.url, result.reason))
                        lines.append((f"failed:{result.reason}", result.url, ""))
                    else:
                        events.append((site, "rejected", result.url, result.reason))
                        lines.append((f"rejected:{result.reason}", result.url, ""))
            for key, end in ends.items():
                self.store.set_file_progress(key, end, False)
        for site, kind, url, detail in events:
            counts = self.result.site(site)
            if kind == "rejected":
                counts[f"rejected:{detail}"] += 1
            elif kind == "error":
                counts["errors"] += 1
            else:
                counts[kind] += 1
                if kind != "unchanged":
                    self.catch_up.changed()
            if self.on_event is not None:
                self.on_event(site, kind, url, detail)
        for status, url, detail in lines:
            self._line(status, url, detail)
        if self.on_progress is not None:
            self.on_progress(self.result)
        self._sync()

    def _line(self, status: str, url: str, detail: str) -> None:
        if self.log is not None:
            self.log.write(log_line(status, url, detail))

    def _sync(self, final: bool = False) -> None:
        self.result.index_damaged = self.catch_up(self.store, final) or self.result.index_damaged

def expand_inputs(inputs: Iterable[Path | str]) -> Iterator[Path | str]:
    """Each WARC file named: a folder gives its ``*.warc.gz``/``*.warc`` files in name
    order, ``-`` stays standard input. Raises ArchiveInputError for a missing path."""
    for raw in inputs:
        if str(raw) == "-":
            yield "-"
            continue
        path = Path(raw)
        if path.is_dir():
            found = archive_files(path)
            if not found:
                raise ArchiveInputError(f"no WARC files (*.warc.gz, *.warc) in {path}")
            yield from found
        elif path.is_file():
            if not os.access(path, os.R_OK):
                raise ArchiveInputError(f"cannot read {path}")
            yield path
        else:
            raise ArchiveInputError(f"no such file: {path}")


def import_warcs(home: Home, inputs: Iterable[Path | str], workers: int | None = None,
                 on_progress: Callable[[IngestResult], None] | None = None) -> IngestResult:
    """Import WARC files from elsewhere (CC-NEWS): HTML 200 responses become articles,
    the WARC date their crawl time (never their publication date)."""
    ingest = Ingest(home, workers)
    ingest.on_progress = on_progress
    return ingest.run_files(inputs)

