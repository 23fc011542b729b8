"""Archive retention: which WARC files of the home's archive outlive their ingest.

``[archive] keep`` in sites.toml (crawler.config.keep_days reads it):

- ``"all"`` (the default): every WARC file is kept; ``reextract`` can redo every page.
- ``"Nd"`` (``"30d"``): a file is deleted once it is fully ingested and was last written
  more than N days ago; ``reextract`` redoes the last N days, older records stay as they are.
- ``"none"``: a file is deleted as soon as it is fully ingested; ``reextract`` has
  nothing to redo.

A file still being written (``*.open``) or not fully ingested (its row in articles.db's
``warc_files`` table is missing or not done) is never deleted, whatever the setting;
nor is an imported file (it is the user's: only the home's ``warc/`` folder is pruned).
Plain functions, no Scrapy.
"""
from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from indexer.home import Home

from .archive import OPEN_SUFFIX, archive_files
from .config import keep_days

DAY = 86400.0


def done_keys(records_db: Path) -> set[str]:
    """Keys of the WARC files the ingest has finished (from ``warc_files``)."""
    if not records_db.exists():
        return set()
    db = sqlite3.connect(f"file:{records_db}?mode=ro", uri=True, timeout=30)
    try:
        return {key for (key,) in db.execute("SELECT key FROM warc_files WHERE done=1")}
    except sqlite3.OperationalError:  # a store from before the archive: no table, nothing done
        return set()
    finally:
        db.close()


def prune(folder: Path, days: int | None, done: set[str], now: float | None = None) -> list[Path]:
    """Delete the WARC files of *folder* that are in *done* and were last written more
    than *days* days ago (0: any age; None: keep everything). Returns what was deleted."""
    if days is None:
        return []
    now = time.time() if now is None else now
    deleted = []
    for path in archive_files(folder):  # closed files only: never an ``.open`` one
        if path.name.endswith(OPEN_SUFFIX) or path.name not in done:
            continue
        try:
            if days and now - path.stat().st_mtime <= days * DAY:
                continue
            path.unlink()
        except FileNotFoundError:  # gone meanwhile: nothing to delete
            continue
        deleted.append(path)
    return deleted


def apply_retention(home: Home, keep: str) -> list[Path]:
    """Apply the ``[archive] keep`` setting *keep* to the home's archive after an ingest
    (call it holding the ingest lock, so no ingest is reading the files). Returns the
    files deleted. ValueError for a value that is not a keep setting."""
    days = keep_days(keep)
    if days is None:
        return []
    return prune(home.root / "warc", days, done_keys(home.records_db))
