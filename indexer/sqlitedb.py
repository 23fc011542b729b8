"""How newsearch opens its SQLite files (articles, watches): one place for the settings.

WAL, so readers never block the writer and a crash loses at most the uncommitted
tail; ``synchronous=NORMAL``, safe under WAL; autocommit (``isolation_level=None``),
so each store says where its transactions begin. Standard library only.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path


def open_wal(path: Path, schema: str, timeout: float = 30.0) -> sqlite3.Connection:
    """A connection to *path* for writing, in WAL mode, its tables made by *schema*;
    a write waits up to *timeout* seconds for another writer's lock."""
    db = sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db
