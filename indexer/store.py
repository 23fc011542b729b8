"""The article records (``articles.db``): the copy the index is rebuilt from.

SQLite in WAL mode: a crash or kill loses at most the uncommitted tail, readers
never block the writer, and iteration streams in constant memory. Each record is
kept as JSON, with a few columns pulled out for filtering and for the
near-duplicate lookup.
"""
from __future__ import annotations

import json
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

from .fingerprint import NEAR, band_keys, distance, from_signed, probe_keys, to_signed
from .schema import day_number, to_utc
from .sqlitedb import open_wal

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    record TEXT NOT NULL,
    day INTEGER,
    sort_key TEXT,
    source TEXT,
    topics TEXT,
    fingerprint TEXT,
    duplicate_of TEXT,
    indexed INTEGER NOT NULL DEFAULT 0,
    stored_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_unindexed ON articles(indexed, url);
CREATE INDEX IF NOT EXISTS articles_day ON articles(day);
CREATE TABLE IF NOT EXISTS warc_files (
    key TEXT PRIMARY KEY,      -- a WARC file of the home's archive by name, an imported one by path
    offset INTEGER NOT NULL,   -- stored up to here: an ingest resumes from it
    done INTEGER NOT NULL DEFAULT 0,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS near (
    key INTEGER NOT NULL,  -- a band of the fingerprint (indexer.fingerprint.band_keys)
    id INTEGER NOT NULL,   -- the article's rowid
    fp INTEGER NOT NULL,   -- its whole fingerprint (signed), checked without reading the record
    PRIMARY KEY (key, id)
) WITHOUT ROWID;
"""
#: PRAGMA user_version of a store whose near-duplicate keys are the ``near`` table
#: (version 0 had 8-bit ``bands`` by URL; opening such a store for writing converts it).
STORE_VERSION = 1


def _near_rows(rowid: int, fingerprint: str) -> list[tuple[int, int, int]]:
    """The ``near`` rows that file the article *rowid* under its fingerprint's band keys."""
    value = int(fingerprint, 16)
    return [(k, rowid, to_signed(value)) for k in band_keys(value)]


def _sort_key(record: dict[str, Any]) -> str:
    dt = to_utc(record.get("date")) or to_utc(record.get("crawled_at"))
    return dt.isoformat() if dt else ""


class RecordStore:
    """Article records keyed by canonical URL."""

    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly:
            self.db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30, isolation_level=None)
        else:
            self.db = open_wal(self.path, _SCHEMA)
            self.db.execute("PRAGMA cache_size=-65536")  # 64 MiB: the near-duplicate keys stay cached
            if self.db.execute("PRAGMA user_version").fetchone()[0] < STORE_VERSION:
                self._convert()

    def _convert(self) -> None:
        """File every stored fingerprint under the current band keys (streamed in chunks),
        and drop the old 8-bit bands."""
        with self.transaction():
            self.db.execute("DELETE FROM near")
            last = 0
            while True:
                rows = self.db.execute(
                    "SELECT rowid, fingerprint FROM articles WHERE rowid>? AND fingerprint IS NOT NULL "
                    "ORDER BY rowid LIMIT 5000", (last,)).fetchall()
                if not rows:
                    break
                last = rows[-1][0]
                self.db.executemany("INSERT OR REPLACE INTO near(key, id, fp) VALUES (?,?,?)",
                                    [row for rid, fp in rows if fp for row in _near_rows(rid, fp)])
            self.db.execute("DROP TABLE IF EXISTS bands")
            self.db.execute(f"PRAGMA user_version={STORE_VERSION}")

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "RecordStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One SQLite transaction around the block: all its writes land, or none.
        Nested blocks join the outer one (so a batch of ``put`` calls is one commit)."""
        if self.db.in_transaction:
            yield
            return
        # IMMEDIATE: take the write lock first. A deferred transaction that reads first
        # (store_article looks up near-duplicates) fails with "database is locked" when
        # another connection (a sync marking records indexed) commits before its first write.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # SQLite already rolled back by itself after "disk is full"
                self.db.execute("ROLLBACK")
            raise

    def put(self, record: dict[str, Any]) -> None:
        """Insert or replace a record (it will be indexed on the next sync)."""
        url = record["url"]
        dt = to_utc(record.get("date")) or to_utc(record.get("crawled_at"))
        with self.transaction():
            old = self.db.execute("SELECT rowid, fingerprint FROM articles WHERE url=?", (url,)).fetchone()
            if old and old[1]:
                self.db.executemany("DELETE FROM near WHERE key=? AND id=?", [(k, old[0]) for k, _, _ in _near_rows(old[0], old[1])])
            cur = self.db.execute(
                """INSERT OR REPLACE INTO articles(rowid, url, record, day, sort_key, source, topics, fingerprint,
                       duplicate_of, indexed, stored_at) VALUES (?,?,?,?,?,?,?,?,?,0,?)""",
                (
                    old[0] if old else None, url, json.dumps(record, ensure_ascii=False),
                    day_number(dt) if dt else None, _sort_key(record), record.get("source"),
                    ",".join(record.get("topics") or []), record.get("fingerprint"), record.get("duplicate_of"),
                    time.time_ns() / 1e9,
                ),
            )
            if record.get("fingerprint"):
                self.db.executemany("INSERT OR REPLACE INTO near(key, id, fp) VALUES (?,?,?)",
                                    _near_rows(cur.lastrowid, record["fingerprint"]))

    def file_progress(self, key: str) -> tuple[int, bool]:
        """How far the ingest got in WARC file *key*: (byte offset, whether it is done)."""
        row = self.db.execute("SELECT offset, done FROM warc_files WHERE key=?", (key,)).fetchone()
        return (int(row[0]), bool(row[1])) if row else (0, False)

    def set_file_progress(self, key: str, offset: int, done: bool) -> None:
        """Record how far WARC file *key* is stored (in the caller's transaction, with
        the records it stored, so the two never disagree)."""
        self.db.execute(
            "INSERT INTO warc_files(key, offset, done, updated) VALUES (?,?,?,?) "
            "ON CONFLICT(key) DO UPDATE SET offset=excluded.offset, done=excluded.done, updated=excluded.updated",
            (key, offset, int(done), time.time()),
        )

    def stamp(self, url: str, key: str, value: str) -> None:
        """Set field *key* of a stored record without making it unindexed: for a field
        the index does not hold (``extractor``, which ``reextract`` updates on a record
        the new extractor gives unchanged)."""
        self.db.execute("UPDATE articles SET record=json_set(record, ?, ?) WHERE url=?", (f"$.{key}", value, url))

    def mark_indexed(self, versions: list[tuple[str, float]]) -> None:
        """Mark (url, stored_at) pairs as indexed; a record replaced since it was read
        keeps indexed=0, so the next sync indexes the newer version."""
        with self.transaction():
            self.db.executemany("UPDATE articles SET indexed=1 WHERE url=? AND stored_at=?", versions)

    def count_unindexed(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles WHERE indexed=0").fetchone()[0])

    def mark_all_unindexed(self) -> None:
        self.db.execute("UPDATE articles SET indexed=0")

    # -- reading --------------------------------------------------------------
    def get(self, url: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT record FROM articles WHERE url=?", (url,)).fetchone()
        return json.loads(row[0]) if row else None

    def get_many(self, urls: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for url, rec in self.db.execute(f"SELECT url, record FROM articles WHERE url IN ({marks})", chunk):
                out[url] = json.loads(rec)
        return out

    def unindexed(self, batch: int = 500) -> Iterator[tuple[list[dict[str, Any]], list[tuple[str, float]]]]:
        """Records not yet in the index, in batches, each with its (url, stored_at) versions."""
        last = ""
        while True:
            rows = self.db.execute(
                "SELECT url, record, stored_at FROM articles WHERE indexed=0 AND url>? ORDER BY url LIMIT ?",
                (last, batch),
            ).fetchall()
            if not rows:
                return
            last = rows[-1][0]
            yield [json.loads(r) for _, r, _ in rows], [(u, t) for u, _, t in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def near_duplicates(self, fingerprint: str, url: str, max_distance: int = NEAR) -> list[dict[str, Any]]:
        """Records on other URLs whose fingerprint is within *max_distance* bits (at most
        NEAR: the band keys find every fingerprint that close, see indexer.fingerprint)."""
        if max_distance > NEAR:
            raise ValueError(f"near-duplicate lookups reach {NEAR} bits at most, not {max_distance}")
        value = int(fingerprint, 16)
        keys = probe_keys(value)
        rows = self.db.execute(f"SELECT id, fp FROM near WHERE key IN ({','.join('?' * len(keys))})", keys).fetchall()
        ids = sorted({i for i, fp in rows if distance(from_signed(fp), value) <= max_distance})
        if not ids:
            return []
        found = self.db.execute(
            f"SELECT record FROM articles WHERE rowid IN ({','.join('?' * len(ids))}) AND url<>? ORDER BY url",
            (*ids, url)).fetchall()
        return [json.loads(r) for (r,) in found]

    def iter_records(
        self,
        since_day: int | None = None,
        until_day: int | None = None,
        sources: list[str] | None = None,
        topics: list[str] | None = None,
        languages: list[str] | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Stream records, oldest first, filtered by day number, source, topic and language.
        A source matches as words do in search: "post" matches "The Harbour Post"."""
        where, args = [], []  # type: list[str], list[Any]
        if since_day is not None:
            where.append("day>=?")
            args.append(since_day)
        if until_day is not None:
            where.append("day<=?")
            args.append(until_day)
        if sources:
            where.append("(" + " OR ".join("(' '||lower(source)||' ') LIKE ?" for _ in sources) + ")")
            args.extend(f"% {' '.join(s.lower().split())} %" for s in sources)
        if languages:
            where.append("(" + " OR ".join("json_extract(record, '$.language')=?" for _ in languages) + ")")
            args.extend(lang.lower() for lang in languages)
        if topics:
            where.append("(" + " OR ".join("(','||topics||',') LIKE ?" for _ in topics) + ")")
            args.extend(f"%,{t},%" for t in topics)
        sql = "SELECT record FROM articles"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY sort_key, url"
        for (rec,) in self.db.execute(sql, args):
            yield json.loads(rec)
