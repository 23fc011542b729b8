"""Crawl state kept in the home (``state.db``): what each URL was, so later runs
fetch only what is new, and what the last runs did.

One SQLite file, one connection, used from the reactor thread. Pending leads and
the validators (ETag / Last-Modified) of the listings they came from are
committed together, so a run killed midway never leaves a 304 feed hiding
articles that were found but not yet fetched.
"""
from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any, Iterator

#: Statuses after which a URL is never downloaded again.
FINAL = frozenset({"article", "rejected", "alias", "gone"})
#: How many runs may fail on one URL (5xx, timeouts) before it is given up.
MAX_ATTEMPTS = 3

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

    def add_lead(self, url: str, site: str, evidence: dict[str, Any] | None = None) -> bool:
        """Remember a found article URL as pending; False if it was known already."""
        cur = self.db.execute("SELECT status, evidence FROM urls WHERE url=?", (url,)).fetchone()
        if cur is None:
            self._write(
                "INSERT INTO urls(url, site, status, evidence, first_seen) VALUES (?,?,?,?,?)",
                (url, site, "pending", json.dumps(evidence) if evidence else None, time.time()),
            )
            return True
        if evidence and not cur[1] and cur[0] in ("pending", "failed"):
            self._write("UPDATE urls SET evidence=? WHERE url=?", (json.dumps(evidence), url))
        return False

    def evidence(self, url: str) -> dict[str, Any]:
        row = self.db.execute("SELECT evidence FROM urls WHERE url=?", (url,)).fetchone()
        return json.loads(row[0]) if row and row[0] else {}

    def pending(self, site: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Leads of *site* found by earlier runs and not yet fetched (or worth a retry)."""
        rows = self.db.execute(
            "SELECT url, evidence FROM urls WHERE site=? AND (status='pending' OR (status='failed' AND attempts<?))",
            (site, MAX_ATTEMPTS),
        ).fetchall()
        for url, ev in rows:
            yield url, json.loads(ev) if ev else {}

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
        return int(cur.lastrowid or 0)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        self.commit()
        self.db.execute("UPDATE runs SET finished=?, summary=? WHERE id=?", (time.time(), json.dumps(summary), run_id))
