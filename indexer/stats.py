"""What is in a home: articles per source, topic and day, index size, last crawl."""
from __future__ import annotations

import re
import sqlite3
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from .home import Home
from .schema import EPOCH


def _dir_size(path: Any) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def collect_stats(home: Home, days: int = 28, today: date | None = None) -> dict[str, Any]:
    """Counts for ``newsearch stats`` (and the Python API)."""
    today = today or date.today()
    out: dict[str, Any] = {"home": str(home.root), "articles": 0, "stories": 0, "per_source": {}, "per_topic": {},
                           "per_day": {}, "index_bytes": _dir_size(home.index_dir), "last_crawl": None}
    if home.records_db.exists():
        db = sqlite3.connect(f"file:{home.records_db}?mode=ro", uri=True)
        try:
            out["articles"] = db.execute("SELECT count(*) FROM articles").fetchone()[0]
            out["stories"] = db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NULL").fetchone()[0]
            out["per_source"] = dict(db.execute(
                "SELECT coalesce(source,'?'), count(*) FROM articles GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
            topics: dict[str, int] = {}
            for (value,) in db.execute("SELECT topics FROM articles"):
                for t in (value or "").split(","):
                    topics[t or "(none)"] = topics.get(t or "(none)", 0) + 1
            out["per_topic"] = dict(sorted(topics.items(), key=lambda kv: (-kv[1], kv[0])))
            first = (today - timedelta(days=days - 1) - EPOCH.date()).days
            for day, n in db.execute("SELECT day, count(*) FROM articles WHERE day>=? GROUP BY day ORDER BY day", (first,)):
                out["per_day"][(EPOCH.date() + timedelta(days=day)).isoformat()] = n
        finally:
            db.close()
    out["last_crawl"] = last_crawl(home)
    out["archive"] = archive_stats(home)
    return out


#: A WARC file of the home's archive: ``newsearch-YYYYmmddHHMMSS-PID-NNNNN.warc.gz``
#: (``.open`` while written). Named here, not imported: indexer never imports crawler.
_WARC_NAME = re.compile(r"-(\d{14})-\d+-\d+\.warc(?:\.gz)?(?:\.open)?$")


def archive_stats(home: Home) -> dict[str, Any]:
    """The home's WARC archive (``HOME/warc``): its files and bytes, when the oldest was
    started (UTC, ISO 8601; None when empty), and what the ingest has not finished:
    files of the archive (or imported files still on disk) not fully ingested, and
    their bytes not yet read."""
    folder = home.root / "warc"
    files = sorted(p for p in folder.glob("*.warc*") if p.is_file() and (
        p.name.endswith((".warc.gz", ".warc", ".warc.gz.open")))) if folder.is_dir() else []
    sizes = {}
    for path in files:
        try:
            sizes[path] = path.stat().st_size
        except FileNotFoundError:  # deleted by retention meanwhile
            continue
    oldest = min((_started(p) for p in sizes), default=None)
    progress = _file_progress(home.records_db)
    pending_files = pending_bytes = 0
    for path, size in sizes.items():
        offset, done = progress.get(path.name.removesuffix(".open"), (0, False))
        if not done:
            pending_files += 1
            pending_bytes += max(0, size - offset)
    for key, (offset, done) in progress.items():
        if key.startswith("import:") and not done:  # an import that was stopped part-way
            path = Path(key[len("import:"):])
            try:
                size = path.stat().st_size
            except OSError:  # gone since: nothing left to ingest
                continue
            pending_files += 1
            pending_bytes += max(0, size - offset)
    return {"files": len(sizes), "bytes": sum(sizes.values()),
            "oldest": oldest.isoformat() if oldest else None,
            "pending_files": pending_files, "pending_bytes": pending_bytes}


def _started(path: Path) -> datetime:
    """When a WARC file was started: the stamp in its name, else its modification time."""
    match = _WARC_NAME.search(path.name)
    if match:
        try:
            return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
        except ValueError:
            pass
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return datetime.fromtimestamp(int(mtime), timezone.utc)


def _file_progress(records_db: Path) -> dict[str, tuple[int, bool]]:
    """``warc_files`` of articles.db: key -> (offset stored up to, done)."""
    if not records_db.exists():
        return {}
    db = sqlite3.connect(f"file:{records_db}?mode=ro", uri=True)
    try:
        return {key: (int(offset), bool(done)) for key, offset, done in db.execute("SELECT key, offset, done FROM warc_files")}
    except sqlite3.OperationalError:  # a store from before the archive
        return {}
    finally:
        db.close()


def last_crawl(home: Home) -> dict[str, Any] | None:
    """The newest finished crawl run recorded in ``state.db``, or None."""
    import json

    if not home.state_db.exists():
        return None
    db = sqlite3.connect(f"file:{home.state_db}?mode=ro", uri=True)
    try:
        row = db.execute("SELECT started, finished, summary FROM runs WHERE finished IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    except sqlite3.Error:
        return None
    finally:
        db.close()
    if not row:
        return None
    summary = json.loads(row[2] or "{}")
    summary.pop("per_site", None)
    return {"started": _iso(row[0]), "finished": _iso(row[1]), **summary}


def _iso(stamp: float | None) -> str | None:
    """A run's epoch seconds as ISO 8601 in UTC, as the archive's times are given."""
    if stamp is None:
        return None
    return datetime.fromtimestamp(stamp, timezone.utc).isoformat(timespec="seconds")
