"""The hand-over from the workers to the one writer: a Redis Stream with a
consumer group.

Workers extract pages themselves (the CPU-heavy part spreads over the machines) and
add one stream entry per result: an article record, a rejection, or late evidence
that re-dates a stored article. The writer (``newsearch ingest --redis``) reads them
with XREADGROUP, stores a batch in one SQLite transaction, and only then XACKs it.
A writer killed mid-batch leaves its entries pending in the group; the next writer
claims them (XAUTOCLAIM) and stores them again, which changes nothing: a record is
kept by its canonical URL, and an entry older than what is stored (its fetch time,
the record's version) is skipped, so every article is in the index once."""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from indexer.home import Home
from indexer.store import RecordStore
from indexer.text import log_line
from indexer.writer import CatchUp, redate, store_article

from .connect import ClusterBusyError, Keys, worker_name

logger = logging.getLogger("newsearch.cluster")
#: Entries stored per transaction (and acknowledged together).
BATCH = 64
#: The writer holds the cluster's writer lock this long without renewing it.
WRITER_LOCK_SECONDS = 30


def add_record(client: Any, kind: str, site: str, data: dict[str, Any]) -> str:
    """Hand one result to the writer: *kind* is "article", "rejected" or "evidence"."""
    entry = {"kind": kind, "site": site, "data": json.dumps(data, ensure_ascii=False)}
    return client.xadd(Keys.records, entry).decode()


def ensure_group(client: Any) -> None:
    """The writer's consumer group, created once (from the start of the stream)."""
    import redis

    try:
        client.xgroup_create(Keys.records, Keys.group, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


def writer_lag(client: Any) -> tuple[int, int]:
    """(entries not yet read by the writer, entries read but not yet stored)."""
    ensure_group(client)
    groups = {g["name"].decode(): g for g in client.xinfo_groups(Keys.records)}
    group = groups.get(Keys.group)
    if not group:
        return int(client.xlen(Keys.records)), 0
    pending = int(group.get("pending", 0))
    lag = group.get("lag")
    if lag is None:  # Redis < 7 does not say: count what is after the last delivered id
        last = group["last-delivered-id"]
        lag = len(client.xrange(Keys.records, min=f"({last.decode()}" if isinstance(last, bytes) else f"({last}", count=100000))
    return int(lag), pending


def _dead_here(holder: str) -> bool:
    """True when *holder* (host:pid) is a process of this machine that is gone."""
    import os
    import socket

    host, _, pid = holder.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _older(stored: dict[str, Any] | None, record: dict[str, Any]) -> bool:
    """True when the stored record was fetched after this one (a late re-delivery
    must not put an older version back)."""
    if not stored:
        return False
    return bool(stored.get("crawled_at") and record.get("crawled_at") and stored["crawled_at"] > record["crawled_at"])


@dataclass
class WriterResult:
    sites: dict[str, Counter[str]] = field(default_factory=dict)
    entries: int = 0
    claimed: int = 0  # entries taken over from a writer that died
    seconds: float = 0.0
    index_damaged: str | None = None

    def count(self, site: str, kind: str) -> None:
        self.sites.setdefault(site, Counter())[kind] += 1

    def total(self, kind: str) -> int:
        return sum(c[kind] for c in self.sites.values())


class StreamWriter:
    """Reads the record stream into the home's records and index (the one writer)."""

    def __init__(self, home: Home, client: Any, batch: int = BATCH, sync_every: int = 1000,
                 sync_seconds: float = 10.0, log: bool = True) -> None:
        self.home = home
        self.r = client
        self.batch = batch
        self.sync_every = sync_every
        self.sync_seconds = sync_seconds
        self.log_lines = log
        self.name = worker_name()
        self.result = WriterResult()
        self.on_batch: Callable[[WriterResult], None] | None = None

    # -- the lock: one writer per cluster ------------------------------------------------
    def _lock(self) -> None:
        if self.r.set(Keys.writer_lock, self.name, nx=True, ex=WRITER_LOCK_SECONDS):
            return
        holder = (self.r.get(Keys.writer_lock) or b"").decode()
        if _dead_here(holder) and self.r.set(Keys.writer_lock, self.name, ex=WRITER_LOCK_SECONDS):
            return  # a writer of this machine that was killed: its lock would hold for its TTL
        raise ClusterBusyError(f"another writer ({holder or '?'}) is storing this cluster's records")

    def _renew(self) -> None:
        if not self.r.set(Keys.writer_lock, self.name, xx=True, ex=WRITER_LOCK_SECONDS):
            self.r.set(Keys.writer_lock, self.name, nx=True, ex=WRITER_LOCK_SECONDS)

    def _unlock(self) -> None:
        try:
            if self.r.get(Keys.writer_lock) == self.name.encode():
                self.r.delete(Keys.writer_lock)
        except Exception:  # noqa: BLE001 - Redis gone: the lock expires by itself
            pass

    # -- the run -----------------------------------------------------------------------------
    def run(self, done: Callable[[], bool], stop: Callable[[], bool] = lambda: False) -> WriterResult:
        """Store entries until *done()* says the crawl is over and none are left (or
        *stop()*): first every entry a dead writer left unacknowledged, then new ones."""
        from ..ingest import ingest_lock

        started = time.monotonic()
        self.home.ensure()
        ensure_group(self.r)
        self._lock()
        try:
            with ingest_lock(self.home):
                self.store = RecordStore(self.home.records_db)
                self.log = self.home.log_file.open("a", encoding="utf-8", buffering=1) if self.log_lines else None
                self.catch_up = CatchUp(self.home, self.sync_every, self.sync_seconds)
                try:
                    self._claim_dead()
                    while not stop():
                        got = self.r.xreadgroup(Keys.group, self.name, {Keys.records: ">"}, count=self.batch, block=500)
                        self._renew()
                        entries = got[0][1] if got else []
                        if entries:
                            self._store(entries)
                        elif done() and self._drained():
                            break
                        self._sync()
                    self._sync(final=True)
                finally:
                    self.store.close()
                    if self.log is not None:
                        self.log.close()
        finally:
            self._unlock()
            self.result.seconds = time.monotonic() - started
        return self.result

    def _claim_dead(self) -> None:
        """Take over what a killed writer read but did not acknowledge (this writer
        holds the lock, so no live writer owns them)."""
        cursor = "0-0"
        while True:
            reply = self.r.xautoclaim(Keys.records, Keys.group, self.name, min_idle_time=0, start_id=cursor, count=self.batch)
            cursor, entries = reply[0], reply[1]
            entries = [e for e in entries if e and e[1]]
            if entries:
                self.result.claimed += len(entries)
                self._store(entries)
            if cursor in (b"0-0", "0-0"):
                break

    def _drained(self) -> bool:
        lag, pending = writer_lag(self.r)
        return lag == 0 and pending == 0

    def _store(self, entries: list[tuple[bytes, dict[bytes, bytes]]]) -> None:
        """One transaction for the batch, then its acknowledgement (never before)."""
        lines: list[tuple[str, str, str]] = []
        counted: list[tuple[str, str]] = []
        with self.store.transaction():
            for _id, fields in entries:
                kind = fields.get(b"kind", b"").decode()
                site = fields.get(b"site", b"").decode()
                try:
                    data = json.loads(fields.get(b"data", b"{}"))
                except ValueError:
                    counted.append((site, "bad-entry"))
                    continue
                if kind == "article":
                    stored = self.store.get(data["url"])
                    if _older(stored, data):
                        status = "unchanged"
                    else:
                        status = store_article(self.store, data)
                    counted.append((site, status))
                    lines.append((status, data["url"], data.get("title") or ""))
                elif kind == "evidence":
                    status = redate(self.store, data["url"], data["date"], data["source"])
                    if status == "updated":
                        counted.append((site, "updated"))
                        lines.append(("redated", data["url"], data["date"]))
                elif kind == "rejected":
                    counted.append((site, "rejected"))
                    lines.append((f"{data.get('status', 'rejected')}:{data.get('reason', '')}", data.get("url", ""), ""))
        ids = [entry_id for entry_id, _ in entries]
        pipe = self.r.pipeline(transaction=True)
        pipe.xack(Keys.records, Keys.group, *ids)
        pipe.xdel(Keys.records, *ids)  # stored and acknowledged: the stream keeps only what is owed
        for site, status in counted:
            pipe.hincrby(Keys.stored, status, 1)
        pipe.execute()
        self.result.entries += len(entries)
        for site, status in counted:
            self.result.count(site, status)
            if status in ("new", "updated"):
                self.catch_up.changed()
        if self.log is not None:
            for status, url, detail in lines:
                self.log.write(log_line(status, url, detail))
        if self.on_batch is not None:
            self.on_batch(self.result)

    def _sync(self, final: bool = False) -> None:
        self.result.index_damaged = self.catch_up(self.store, final) or self.result.index_damaged
