"""Crawl state kept in the home (``state.db``): what each URL was, so later runs
fetch only what is new, and what the last runs did.

One SQLite file, one connection, used from the reactor thread. Pending leads and
the validators (ETag / Last-Modified) of the listings they came from are
committed together, so a run killed midway never leaves a 304 feed hiding
articles that were found but not yet fetched. Each URL's evidence (the date and
title listings gave) is merged from every lead that named it; each listing's
``listings`` row says how many runs in a row it gave nothing new, so idle ones rest.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

from .discovery import merge_evidence, redates

#: Statuses after which a URL is never downloaded again.
FINAL = frozenset({"article", "rejected", "alias", "gone"})
#: How many runs may fail on one URL (5xx, timeouts) before it is given up.
MAX_ATTEMPTS = 3
#: A listing that gave nothing new for N runs in a row is fetched once every 2**N
#: runs, N at most this (every 16th run).
MAX_REST = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS urls (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT NOT NULL,           -- pending, article, rejected, alias, gone, failed, listing
    detail TEXT,                    -- rejection reason, HTTP status, or the canonical URL of an alias
    evidence TEXT,                  -- JSON: date/title/tags a sitemap or feed gave
    attempts INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    first_seen REAL NOT NULL,
    last_fetched REAL
);
CREATE INDEX IF NOT EXISTS urls_site_status ON urls(site, status);
CREATE TABLE IF NOT EXISTS listings (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    idle INTEGER NOT NULL DEFAULT 0,  -- runs in a row in which this listing gave no unseen article
    last_run INTEGER NOT NULL         -- the run that last fetched it
);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    pid INTEGER,
    started REAL NOT NULL,
    finished REAL,
    summary TEXT
);
"""


class CrawlState:
    """The URL table and run log of one home."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)
        self._in_tx = False
        self._dirty = 0
        self.run_id = 0

    # -- transactions: batched, committed by the caller every so often -------------
    def _write(self, sql: str, args: tuple[Any, ...]) -> None:
        if not self._in_tx:
            self.db.execute("BEGIN")
            self._in_tx = True
        self.db.execute(sql, args)
        self._dirty += 1

    def commit(self) -> None:
        """Make every change so far durable."""
        if self._in_tx:
            if self.db.in_transaction:  # else SQLite rolled it back itself ("disk is full")
                self.db.execute("COMMIT")
            self._in_tx = False
            self._dirty = 0

    def maybe_commit(self, every: int = 50) -> None:
        """Commit once enough changes are waiting."""
        if self._dirty >= every:
            self.commit()

    def close(self) -> None:
        self.commit()
        self.db.close()

    # -- URLs ---------------------------------------------------------------------
    def is_done(self, url: str) -> bool:
        """True when *url* needs no download: already an article, rejected, gone,
        an alias of another URL, or failed too often."""
        row = self.db.execute("SELECT status, attempts FROM urls WHERE url=?", (url,)).fetchone()
        if not row:
            return False
        status, attempts = row
        return status in FINAL or (status == "failed" and attempts >= MAX_ATTEMPTS)

    def add_lead(self, url: str, site: str, evidence: dict[str, Any] | None = None) -> str:
        """Remember a found article URL, merging *evidence* with what earlier leads
        said about it (a sitemap's date beats a front's bare link, in either order).

        Returns ``"new"`` for a URL never seen, ``"pending"`` for one found before
        and not yet fetched, ``"redate"`` for a stored article that this evidence
        dates differently (its record must be re-dated), else ``"known"``."""
        cur = self.db.execute("SELECT status, evidence, attempts FROM urls WHERE url=?", (url,)).fetchone()
        if cur is None:
            self._write(
                "INSERT INTO urls(url, site, status, evidence, first_seen) VALUES (?,?,?,?,?)",
                (url, site, "pending", json.dumps(evidence) if evidence else None, time.time()),
            )
            return "new"
        status, raw, attempts = cur
        if status not in ("pending", "failed", "article") or (status == "failed" and attempts >= MAX_ATTEMPTS):
            return "known"
        old = json.loads(raw) if raw else {}
        merged = merge_evidence(old, evidence)
        if status == "article":
            if not redates(old, merged):
                if merged != old:
                    self._write("UPDATE urls SET evidence=? WHERE url=?", (json.dumps(merged), url))
                return "known"
            # owed until the record is re-dated (``redated``): a run stopped or killed
            # before that finds it again in ``owed_redates``, with this evidence stored
            self._write("UPDATE urls SET evidence=?, detail='redate' WHERE url=?", (json.dumps(merged), url))
            return "redate"
        if merged != old:
            self._write("UPDATE urls SET evidence=? WHERE url=?", (json.dumps(merged), url))
        return "pending"

    def owed_redates(self, site: str) -> list[str]:
        """Stored articles of *site* whose new evidence has not re-dated their record yet
        (an earlier run stopped first)."""
        rows = self.db.execute("SELECT url FROM urls WHERE site=? AND status='article' AND detail='redate'", (site,))
        return [url for (url,) in rows]

    def redated(self, url: str) -> None:
        """The record of *url* follows its evidence now: nothing is owed."""
        self._write("UPDATE urls SET detail=NULL WHERE url=? AND status='article' AND detail='redate'", (url,))

    def evidence(self, url: str) -> dict[str, Any]:
        """What every lead so far said about *url*, merged."""
        row = self.db.execute("SELECT evidence FROM urls WHERE url=? AND status<>'listing'", (url,)).fetchone()
        try:
            value = json.loads(row[0]) if row and row[0] else {}
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def pending(self, site: str, limit: int = 1_000_000) -> Iterator[tuple[str, dict[str, Any]]]:
        """Leads of *site* found by earlier runs and not yet fetched (or worth a retry),
        newest first, at most *limit*."""
        rows = self.db.execute(
            """SELECT url, evidence FROM urls WHERE site=? AND (status='pending' OR (status='failed' AND attempts<?))
               ORDER BY coalesce(json_extract(evidence, '$.date'), '') DESC, first_seen DESC LIMIT ?""",
            (site, MAX_ATTEMPTS, limit),
        ).fetchall()
        for url, ev in rows:
            yield url, json.loads(ev) if ev else {}

    def prune_pending(self, site: str, keep: int) -> int:
        """Keep only the newest *keep* pending leads of *site* (by listed date, then
        when found): a site that lists a million URLs leaves a bounded state.db.
        Returns how many were dropped."""
        self.commit()
        (count,) = self.db.execute("SELECT count(*) FROM urls WHERE site=? AND status='pending'", (site,)).fetchone()
        if count <= keep:
            return 0
        cur = self.db.execute(
            """DELETE FROM urls WHERE rowid IN (
                   SELECT rowid FROM urls WHERE site=? AND status='pending'
                   ORDER BY coalesce(json_extract(evidence, '$.date'), '') DESC, first_seen DESC
                   LIMIT -1 OFFSET ?)""",
            (site, keep),
        )
        return cur.rowcount

    # -- listings: how often each is worth a visit ---------------------------------
    def listing_due(self, url: str) -> bool:
        """True when a listing should be fetched this run: it gave something new last
        time, or it has rested 2**idle runs since it last gave nothing."""
        row = self.db.execute("SELECT idle, last_run FROM listings WHERE url=?", (url,)).fetchone()
        if not row or not row[0]:
            return True
        idle, last_run = row
        return self.run_id - last_run >= 2 ** min(idle, MAX_REST)

    def listing_read_before(self, url: str) -> bool:
        """Whether a run has read this listing (front) before."""
        return self.db.execute("SELECT 1 FROM listings WHERE url=?", (url,)).fetchone() is not None

    def listing_visited(self, url: str, site: str, gave_new: bool) -> None:
        """Record that a listing was fetched this run and whether it gave unseen articles."""
        self._write(
            """INSERT INTO listings(url, site, idle, last_run) VALUES (?,?,?,?)
               ON CONFLICT(url) DO UPDATE SET idle=CASE WHEN ? THEN 0 ELSE listings.idle+1 END,
                   last_run=excluded.last_run""",
            (url, site, 0 if gave_new else 1, self.run_id, gave_new),
        )

    def status(self, url: str) -> str | None:
        row = self.db.execute("SELECT status FROM urls WHERE url=?", (url,)).fetchone()
        return row[0] if row else None

    def mark(self, url: str, site: str, status: str, detail: str | None = None) -> None:
        """Record what fetching *url* gave; failures count attempts."""
        now = time.time()
        bump = 1 if status == "failed" else 0
        self._write(
            """INSERT INTO urls(url, site, status, detail, attempts, first_seen, last_fetched)
               VALUES (?,?,?,?,?,?,?)
               ON CONFLICT(url) DO UPDATE SET status=excluded.status, detail=excluded.detail,
                   attempts=urls.attempts+?, last_fetched=excluded.last_fetched""",
            (url, site, status, detail, bump, now, now, bump),
        )

    def validators(self, url: str) -> tuple[str | None, str | None]:
        row = self.db.execute("SELECT etag, last_modified FROM urls WHERE url=?", (url,)).fetchone()
        return (row[0], row[1]) if row else (None, None)

    def set_validators(
        self, url: str, site: str, etag: str | None, last_modified: str | None, children: list[str] | None = None
    ) -> None:
        """Remember a listing's validators and the listings it leads to (sub-sitemaps,
        section pages), so that a 304 next time still leads on to them."""
        now = time.time()
        self._write(
            """INSERT INTO urls(url, site, status, etag, last_modified, evidence, first_seen, last_fetched)
               VALUES (?,?,'listing',?,?,?,?,?)
               ON CONFLICT(url) DO UPDATE SET etag=excluded.etag, last_modified=excluded.last_modified,
                   evidence=excluded.evidence, last_fetched=excluded.last_fetched""",
            (url, site, etag, last_modified, json.dumps(children or []), now, now),
        )

    def children(self, url: str) -> list[str]:
        """The listings a listing led to when it was last read in full."""
        row = self.db.execute("SELECT evidence FROM urls WHERE url=? AND status='listing'", (url,)).fetchone()
        return list(json.loads(row[0])) if row and row[0] else []

    def adopt_stored(self, records_db: Path) -> int:
        """Mark as done every URL whose article is already stored: a run killed
        after storing an article but before committing its state must not make
        the next run download it again. Returns how many were adopted."""
        if not Path(records_db).exists():
            return 0
        self.commit()
        self.db.execute("ATTACH DATABASE ? AS rec", (str(records_db),))
        try:
            now = time.time()
            cur = self.db.execute(
                """INSERT INTO urls(url, site, status, first_seen, last_fetched)
                   SELECT a.url, '', 'article', ?, ? FROM rec.articles a WHERE true
                   ON CONFLICT(url) DO UPDATE SET status='article'
                   WHERE urls.status NOT IN ('article', 'rejected', 'alias', 'gone')""",
                (now, now),
            )
            return cur.rowcount
        finally:
            self.db.execute("DETACH DATABASE rec")

    # -- runs -----------------------------------------------------------------------
    def start_run(self, pid: int) -> int:
        self.commit()
        cur = self.db.execute("INSERT INTO runs(pid, started) VALUES (?,?)", (pid, time.time()))
        self.run_id = int(cur.lastrowid or 0)
        return self.run_id

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.commit()
        self.db.execute("UPDATE runs SET finished=?, summary=? WHERE id=?", (time.time(), json.dumps(summary), run_id))
