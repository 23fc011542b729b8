"""Re-extraction: run extraction again over the archived pages, after an upgrade.

Reads the responses the ingest already stored from (the home's ``warc/`` files and
imported files still on disk, each up to where the ingest got), extracts them again
in the worker pool, and updates the records whose result changed: any field, not
only title, text and date (a new topic, author or language counts), but not the
fields that say when and by what a record was made (``crawled_at``, ``extractor``,
``duplicate_of``). Nothing is fetched. When records changed, the index is brought up
to date at the end: rebuilt whole when many did (REBUILD_SHARE), else updated with them.

What it keeps, and why:

- A record whose page is no longer archived (retention deleted the file, or it was
  crawled before the archive existed) is left as it is.
- A record that extraction now rejects is kept, and counted "now rejected" (its URL
  and the reason go to crawl.log): the page was shown as an article before, and a
  stricter rule should not silently delete what a user may have found, saved in a
  watch or cited. ``newsearch export`` and ``query`` still find it.
- A page that fails to extract (a timeout, a crashed worker) leaves its record as it is.
- Evidence survives: the page's own metadata record holds the sitemap and feed
  evidence the crawl had when it fetched it, and evidence the crawl found later
  (``role: evidence`` records) is applied again to the new record, as the ingest
  applied it, so an article keeps its news-sitemap date.
- A URL archived more than once is re-extracted from its newest response (the one
  its record came from).

Plain functions, no Scrapy.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from indexer.errors import DiskFullError, IndexDamagedError, is_disk_full
from indexer.home import Home
from indexer.schema import EPOCH
from indexer.store import RecordStore
from indexer.text import log_field
from indexer.writer import NOT_RESULT, reindex, same_result, store_article, sync, with_date

from .archive import OPEN_SUFFIX, Evidence, Page, read_archive
from .extract import Article, Rejection
from .ingest import EXTRACTOR_VERSION, STORE_BATCH, ingest_lock, listed_date, page_job
from .workers import RETRYABLE, ExtractorPool

#: When at least this share of the stored records changed, the index is rebuilt whole
#: (one segment, like ``reindex``); below it, only the changed records are re-indexed
#: (a few changes in a large home would otherwise cost a rebuild of everything).
REBUILD_SHARE = 0.1
#: A page's place in the archive: (file number in reading order, byte offset).
Position = tuple[int, int]


@dataclass
class ReextractResult:
    """What a re-extraction did."""

    pages: int = 0  # pages extracted again
    changed: int = 0  # records updated with a different result
    unchanged: int = 0  # records the new extraction gives the same
    new: int = 0  # pages that are articles now and were not stored before
    now_rejected: int = 0  # records extraction now rejects (kept as they were)
    not_articles: int = 0  # pages that were not articles before and still are not
    failed: int = 0  # pages whose extraction timed out or crashed (records kept)
    older: int = 0  # records re-extracted that an older extractor version had made
    copies: int = 0  # pages that gave a record another page of the run gave too
    files: int = 0  # WARC files read
    missing: list[str] = field(default_factory=list)  # imported files no longer on disk
    reindexed: int | None = None  # articles (re)indexed at the end (None: the index was left alone)
    rebuilt: bool = False  # the index was rebuilt whole (else the changed records were updated in it)
    index_seconds: float = 0.0
    index_damaged: str | None = None
    seconds: float = 0.0
    total: int = 0  # pages to extract (known after the first pass over the files)
    extracted: int = 0  # pages extracted so far (the progress)

    def summary(self) -> dict[str, Any]:
        return {
            "pages": self.pages, "changed": self.changed, "unchanged": self.unchanged, "new": self.new,
            "now_rejected": self.now_rejected, "not_articles": self.not_articles, "failed": self.failed,
            "copies": self.copies, "older_extractor": self.older, "files": self.files, "missing_files": len(self.missing),
            "reindexed": self.reindexed, "rebuilt": self.rebuilt, "index_seconds": round(self.index_seconds, 1),
            "seconds": round(self.seconds, 1), "extractor": EXTRACTOR_VERSION,
        }


@dataclass
class _Tag:
    """What the pool carries along with a page (``item`` names it in a Rejection)."""

    item: Page
    pos: Position
    url: str  # the URL the ingest stored it under, before extraction's canonical


def archived_files(home: Home, store: RecordStore) -> tuple[list[tuple[str, Path, int]], list[str]]:
    """The WARC files whose pages the ingest stored, in reading order (the home's
    archive by name, then imported files in the order they were ingested), each as
    (key, path, bytes stored): re-extraction reads each up to where the ingest got,
    never what a running crawl has written since. Also the imported files that are gone."""
    rows = store.db.execute("SELECT key, offset FROM warc_files WHERE offset>0 ORDER BY updated, key").fetchall()
    folder = home.root / "warc"
    own, imported, missing = [], [], []
    for key, offset in rows:
        if key.startswith("import:"):
            path = Path(key[len("import:"):])
            (imported if path.is_file() else missing).append((key, path, int(offset)))
            continue
        for path in (folder / key, folder / (key + OPEN_SUFFIX)):
            if path.is_file():
                own.append((key, path, int(offset)))
                break
    own.sort(key=lambda f: f[0])  # names start with a time stamp
    return own + imported, [str(p) for _, p, _ in missing]


def _entries(files: list[tuple[str, Path, int]]) -> Iterator[tuple[int, Any]]:
    """Every entry the ingest stored from *files*, with its file's number."""
    for number, (_, path, limit) in enumerate(files):
        for entry in read_archive(path):
            if entry.end > limit:
                break
            yield number, entry


def _selected(store: RecordStore, since: date | None, sources: list[str]) -> set[str] | None:
    """URLs of the stored records --since/--source choose (None: no filter), matched
    as ``export`` matches them (a record's date, else its crawl time; source words)."""
    if since is None and not sources:
        return None
    since_day = (since - EPOCH.date()).days if since else None
    urls = set()
    for record in store.iter_records(since_day=since_day, sources=sources or None):
        urls.add(record["url"])
    return urls


def reextract(home: Home, since: date | None = None, sources: list[str] | None = None,
              workers: int | None = None, on_progress: Callable[[ReextractResult], None] | None = None,
              log: bool = True) -> ReextractResult:
    """Extract the archived pages again and update the records whose result changed
    (see the module's docstring); *since* and *sources* limit it to the stored records
    of those days and sources. Holds the ingest lock (IngestLockedError when an ingest
    or crawl is writing the home). When records changed, the index is rebuilt
    (REBUILD_SHARE of them or more) or updated with them."""
    result = ReextractResult()
    started = time.monotonic()
    if not home.records_db.exists():
        return result
    with ingest_lock(home):
        try:
            stored = _run(home, since, sources or [], workers, on_progress, log, result)
            began = time.monotonic()
            touched = result.changed + result.new
            if touched and touched >= stored * REBUILD_SHARE:
                result.reindexed, result.rebuilt = reindex(home), True
            else:  # update the records that changed (and whatever an interrupted ingest left unindexed)
                try:
                    indexed = sync(home)
                    if touched:
                        result.reindexed = indexed
                except IndexDamagedError as exc:
                    if touched:  # a rebuild makes a whole index anew
                        result.reindexed, result.rebuilt = reindex(home), True
                    else:
                        result.index_damaged = str(exc)
            result.index_seconds = time.monotonic() - began
        except (OSError, sqlite3.Error) as exc:
            if is_disk_full(exc):
                raise DiskFullError(f"the disk of {home.root} is full") from None
            raise
        finally:
            result.seconds = time.monotonic() - started
    return result


def _run(home: Home, since: date | None, sources: list[str], workers: int | None,
         on_progress: Callable[[ReextractResult], None] | None, log: bool, result: ReextractResult) -> bool:
    store = RecordStore(home.records_db)
    logfile = home.log_file.open("a", encoding="utf-8", buffering=1) if log else None
    try:
        files, result.missing = archived_files(home, store)
        result.files = len(files)
        selected = _selected(store, since, sources)
        # first pass: where each URL's newest response is, and the evidence found after it
        newest: dict[str, Position] = {}
        late: dict[str, tuple[Position, tuple[str, str]]] = {}
        for number, entry in _entries(files):
            item = entry.item
            if isinstance(item, Page):
                _, job = page_job(item)
                if isinstance(job, dict):
                    newest[job["url"]] = (number, entry.offset)
            elif isinstance(item, Evidence):
                found = listed_date(item.meta.get("evidence") or {})
                if found:
                    late[item.url] = ((number, entry.offset), found)
        if selected is not None:  # pages of stored records the filter leaves out are not read again
            known = set(store.get_many([u for u in newest if u not in selected]))
            for url in known:
                del newest[url]
        result.total = len(newest)
        if on_progress:
            on_progress(result)

        def write(line: str, url: str, detail: str = "") -> None:
            if logfile is not None:
                logfile.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\treextract:{line}\t{url}\t{log_field(detail)}\n")

        batch: list[tuple[_Tag, Any]] = []
        applier = _Applier(store, late, selected, result, write)

        def flush() -> None:
            with store.transaction():
                for tag, outcome in batch:
                    applier.apply(tag, outcome)
            batch.clear()
            if on_progress:
                on_progress(result)

        shown = time.monotonic()

        def take(tag: _Tag, outcome: Any) -> None:
            nonlocal shown
            batch.append((tag, outcome))
            result.extracted += 1
            if len(batch) >= STORE_BATCH:
                flush()
            elif on_progress and time.monotonic() - shown > 0.5:
                on_progress(result)
                shown = time.monotonic()

        pool = ExtractorPool(workers)
        try:
            for number, entry in _entries(files):
                item = entry.item
                if not isinstance(item, Page):
                    continue
                _, job = page_job(item)
                if not isinstance(job, dict) or newest.get(job["url"]) != (number, entry.offset):
                    continue
                for tag, outcome in pool.submit(_Tag(item, (number, entry.offset), job["url"]), job):
                    take(tag, outcome)
            for tag, outcome in pool.drain():
                take(tag, outcome)
            flush()
        except BaseException:
            pool.close(wait=False)
            raise
        finally:
            pool.close()
        return store.count()
    finally:
        store.close()
        if logfile is not None:
            logfile.close()


def _digest(record: dict[str, Any]) -> str:
    """A short fingerprint of a record's extraction result (see same_result)."""
    body = {k: v for k, v in record.items() if k not in NOT_RESULT}
    return hashlib.sha1(json.dumps(body, sort_keys=True, default=str).encode("utf-8")).hexdigest()[:16]


class _Applier:
    """Stores each page's new result and counts what it did. Counts are per record: when
    several archived pages give one record (copies that name the same canonical URL),
    the record is judged once, against what it held before the run, and the last page
    wins, as it did when the ingest stored them."""

    def __init__(self, store: RecordStore, late: dict[str, tuple[Position, tuple[str, str]]],
                 selected: set[str] | None, result: ReextractResult, write: Callable[..., None]) -> None:
        self.store, self.late, self.selected, self.result, self.write = store, late, selected, result, write
        #: record URL -> (digest of the record before this run, or "" when there was none; how it was counted)
        self.touched: dict[str, tuple[str, str]] = {}

    def apply(self, tag: _Tag, outcome: Any) -> None:
        if isinstance(outcome, Article):
            self._article(tag, outcome)
        else:
            self._rejected(tag, outcome)

    def _article(self, tag: _Tag, outcome: Article) -> None:
        result, store = self.result, self.store
        record = outcome.to_record()
        after = self.late.get(record["url"])
        if after is not None and after[0] > tag.pos:  # evidence found after this response
            record = with_date(record, *after[1])
        record["extractor"] = EXTRACTOR_VERSION
        url = record["url"]
        if self.selected is not None and url not in self.selected:
            return  # a filtered run touches only the records it chose (not new pages, nor others)
        result.pages += 1
        current = store.get(url)
        if url in self.touched:  # another page of this run gave this record already
            before, counted = self.touched[url]
            setattr(result, counted, getattr(result, counted) - 1)
            result.copies += 1
            status = "new" if not before else "unchanged" if _digest(record) == before else "changed"
        else:
            before = _digest(current) if current is not None else ""
            if current is not None and current.get("extractor") != EXTRACTOR_VERSION:
                result.older += 1
            status = "new" if current is None else "unchanged" if same_result(current, record) else "changed"
        self.touched[url] = (before, status)
        setattr(result, status, getattr(result, status) + 1)
        if current is None:
            store_article(store, record)
            self.write("new", url, record.get("title") or "")
        elif not same_result(current, record):
            store_article(store, record, whole=True)
            if status == "changed":
                self.write("changed", url, _what_changed(current, record))
        elif current.get("extractor") != EXTRACTOR_VERSION:
            store.stamp(url, "extractor", EXTRACTOR_VERSION)  # the new version gives the same

    def _rejected(self, tag: _Tag, outcome: Any) -> None:
        result, store = self.result, self.store
        reason = outcome.reason if isinstance(outcome, Rejection) else "extraction-error"
        url = (outcome.canonical if isinstance(outcome, Rejection) else None) or tag.url
        old = store.get(url) or (store.get(tag.url) if url != tag.url else None)
        if old is not None and (self.selected is None or old["url"] in self.selected):
            result.pages += 1
            if old["url"] in self.touched:  # another page of the run gave it: that one stands
                result.copies += 1
                return
            if old.get("extractor") != EXTRACTOR_VERSION:
                result.older += 1
            status = "failed" if reason in RETRYABLE else "now_rejected"
            setattr(result, status, getattr(result, status) + 1)
            # a later page that gives it as an article decides instead
            self.touched[old["url"]] = (_digest(old), status)
            self.write(f"{'failed' if status == 'failed' else 'rejected'}:{reason}", old["url"], "record kept as it was")
        elif self.selected is None:  # (a filtered run leaves pages of no chosen record alone)
            result.pages += 1
            if reason in RETRYABLE:
                result.failed += 1
            else:
                result.not_articles += 1


def _what_changed(old: dict[str, Any], new: dict[str, Any]) -> str:
    """The fields that differ, for the log line: "title, topics"."""
    keys = sorted((old.keys() | new.keys()) - NOT_RESULT)
    return ", ".join(k for k in keys if old.get(k) != new.get(k))


def summary_line(result: ReextractResult) -> str:
    """"Re-extracted 1,204 pages: 37 changed, 1,160 unchanged, 7 now rejected; index rebuilt in 4.2 s"."""
    parts = [f"{result.changed:,} changed", f"{result.unchanged:,} unchanged",
             f"{result.now_rejected:,} now rejected (kept)"]
    if result.new:
        parts.append(f"{result.new:,} new")
    if result.not_articles:
        parts.append(f"{result.not_articles:,} still not articles")
    if result.failed:
        parts.append(f"{result.failed:,} failed to extract (kept)")
    if result.copies:
        parts.append(f"{result.copies:,} more cop{'ies' if result.copies != 1 else 'y'} of these articles")
    line = f"Re-extracted {result.pages:,} page{'s' if result.pages != 1 else ''}: " + ", ".join(parts)
    if result.older:
        line += f"; {result.older:,} made by an older extractor"
    if result.reindexed is not None:
        line += f"; index {'rebuilt' if result.rebuilt else 'updated'} in {result.index_seconds:.1f} s"
    elif result.index_damaged:
        line += "; index damaged: run `newsearch reindex`"
    else:
        line += "; index unchanged"
    if result.missing:
        line += f"; {len(result.missing):,} imported file{'s' if len(result.missing) != 1 else ''} no longer on disk"
    return line
