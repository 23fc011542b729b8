"""What is in a home: articles per source, topic and day, index size, last crawl."""
from __future__ import annotations

import sqlite3
from datetime import date, timedelta
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
    return out


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
    return {"started": row[0], "finished": row[1], **summary}
