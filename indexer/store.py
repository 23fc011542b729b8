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
from pathlib import Path
from typing import Any, Iterator

from .fingerprint import bands, distance
from .schema import day_number, to_utc

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
CREATE TABLE IF NOT EXISTS bands (band INTEGER NOT NULL, url TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_band ON bands(band);
CREATE INDEX IF NOT EXISTS bands_url ON bands(url);
"""


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
            self.db = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "RecordStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing --------------------------------------------------------------
    def put(self, record: dict[str, Any]) -> None:
        """Insert or replace a record (it will be indexed on the next sync)."""
        url = record["url"]
        dt = to_utc(record.get("date")) or to_utc(record.get("crawled_at"))
        self.db.execute("BEGIN")
        try:
            self.db.execute(
                """INSERT OR REPLACE INTO articles(url, record, day, sort_key, source, topics, fingerprint,
                       duplicate_of, indexed, stored_at) VALUES (?,?,?,?,?,?,?,?,0,?)""",
                (
                    url, json.dumps(record, ensure_ascii=False), day_number(dt) if dt else None,
                    _sort_key(record), record.get("source"), ",".join(record.get("topics") or []),
                    record.get("fingerprint"), record.get("duplicate_of"), time.time_ns() / 1e9,
                ),
            )
            self.db.execute("DELETE FROM bands WHERE url=?", (url,))
            if record.get("fingerprint"):
                self.db.executemany(
                    "INSERT INTO bands(band, url) VALUES (?,?)",
                    [(b, url) for b in bands(int(record["fingerprint"], 16))],
                )
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:  # SQLite already rolled back after "disk is full"
                self.db.execute("ROLLBACK")
            raise

    def mark_indexed(self, versions: list[tuple[str, float]]) -> None:
        """Mark (url, stored_at) pairs as indexed; a record replaced since it was read
        keeps indexed=0, so the next sync indexes the newer version."""
        self.db.executemany("UPDATE articles SET indexed=1 WHERE url=? AND stored_at=?", versions)

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

    def near_duplicates(self, fingerprint: str, url: str, max_distance: int) -> list[dict[str, Any]]:
        """Records on other URLs whose fingerprint is within *max_distance* bits."""
        value = int(fingerprint, 16)
        band_list = bands(value)
        marks = ",".join("?" * len(band_list))
        rows = self.db.execute(
            f"""SELECT a.url, a.fingerprint FROM bands b JOIN articles a ON a.url=b.url
                WHERE b.band IN ({marks}) AND b.url<>? GROUP BY a.url HAVING count(*)>=2""",
            (*band_list, url),
        ).fetchall()
        near = [u for u, fp in rows if fp and distance(int(fp, 16), value) <= max_distance]
        return list(self.get_many(near).values()) if near else []

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
