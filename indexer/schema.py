"""The Whoosh index schema (documented field by field in the README).

The index is a view of the article records kept in ``articles.db``; everything
``query`` shows is stored here except the full text, which ``show``, ``export``
and snippets read from the records.
"""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from whoosh.analysis import StandardAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from .analysis import NewsAnalyzer, NewsText

#: Bump when a field changes; an index of another version must be rebuilt with ``reindex``.
#: (Title and text are analysed by ``indexer.analysis`` since version 2 was set: the same
#: terms and postings as Whoosh's StemmingAnalyzer, stored under Whoosh's class names,
#: so the format did not change.)
SCHEMA_VERSION = 2
VERSION_FILE = "newsearch.json"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def build_schema() -> Schema:
    """The fields of a newsearch index."""
    stem = NewsAnalyzer()  # Whoosh's StemmingAnalyzer(), in one pass (and pickled as one)
    return Schema(
        url=ID(stored=True, unique=True),
        group=ID(stored=True, sortable=True),  # the story: duplicate_of, or url for an original
        title=NewsText(analyzer=stem, stored=True, field_boost=2.0, spelling=True),
        text=NewsText(analyzer=stem),
        date=DATETIME(stored=True, sortable=True),  # publication date (UTC), else crawl time
        day=NUMERIC(numtype=int, bits=32, signed=True),  # days since 1970-01-01 of `date`, for filters
        topics=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
        tags=KEYWORD(stored=True, lowercase=True, commas=True, scorable=True),
        source=TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
        language=ID(stored=True),
        author=TEXT(analyzer=StandardAnalyzer(stoplist=None), stored=True),
        fingerprint=ID(stored=True),
        duplicate_of=ID(stored=True),
        date_iso=STORED(),  # the date as the page gave it, with its offset ("" when unknown)
        updated=STORED(),
        date_source=STORED(),
        description=STORED(),
        image=STORED(),
        word_count=STORED(),
        crawled_at=STORED(),
    )


def to_utc(value: str | None) -> datetime | None:
    """A naive UTC datetime (what Whoosh stores) for an ISO 8601 string."""
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


def day_number(dt: datetime) -> int:
    """Days since 1970-01-01: the integer that date filters compare."""
    return (dt.date() - EPOCH.date()).days


def record_to_document(record: dict[str, Any]) -> dict[str, Any]:
    """The Whoosh document for an article record."""
    when = to_utc(record.get("date")) or to_utc(record.get("crawled_at")) or datetime(1970, 1, 1)
    doc = {
        "url": record["url"],
        "group": record.get("duplicate_of") or record["url"],
        "title": record.get("title") or "",
        "text": record.get("text") or "",
        "date": when,
        "day": day_number(when),
        "topics": ",".join(record.get("topics") or []),
        "tags": ",".join(t.replace(",", " ") for t in record.get("tags") or []),
        "source": record.get("source") or "",
        "language": record.get("language") or "",
        "author": "; ".join(record.get("authors") or []),
        "fingerprint": record.get("fingerprint") or "",
        "duplicate_of": record.get("duplicate_of") or "",
        "date_iso": record.get("date") or "",
        "updated": record.get("updated") or "",
        "date_source": record.get("date_source") or "",
        "description": record.get("description") or "",
        "image": record.get("image") or "",
        "word_count": int(record.get("word_count") or 0),
        "crawled_at": record.get("crawled_at") or "",
    }
    return {k: v for k, v in doc.items() if v != "" or k in ("title",)}


def write_version(index_dir: Path) -> None:
    (index_dir / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")


def read_version(index_dir: Path) -> int | None:
    try:
        return int(json.loads((index_dir / VERSION_FILE).read_text())["schema_version"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
