"""Export records as JSON Lines or CSV, streaming: constant memory at any size."""
from __future__ import annotations

import csv
import itertools
from typing import Any, Iterable, Iterator, TextIO

from .damage import guard_index
from .home import Home
from .jsontext import dumps
from .search import Filters, parse_query
from .store import RecordStore
from .writer import open_index

#: CSV columns, in order; lists are joined with "; ".
CSV_FIELDS = (
    "url", "title", "date", "updated", "date_source", "source", "authors", "topics", "tags", "language",
    "description", "word_count", "duplicate_of", "fingerprint", "image", "crawled_at", "text",
)


@guard_index
def matching_records(home: Home, filters: Filters, query: str | None = None, batch: int = 500) -> Iterator[dict[str, Any]]:
    """Records that pass *filters* (and match *query*, when given), oldest first
    without a query, best first with one."""
    if not home.records_db.exists():
        open_index(home)  # raises NoIndexError with the usual message
    with RecordStore(home.records_db, readonly=True) as store:
        if query is None:  # "" is an empty query (an error, as in `query ""`), not "everything"
            lo, hi = filters.day_range()
            yield from store.iter_records(lo, hi, filters.sources or None, filters.topics or None, filters.languages or None)
            return
        ix = open_index(home)
        with ix.searcher() as searcher:
            q = parse_query(query, ix.schema, loose=False)
            urls = [hit["url"] for hit in searcher.search(q, limit=None, filter=filters.query(ix.schema))]
        for i in range(0, len(urls), batch):
            chunk = urls[i : i + batch]
            found = store.get_many(chunk)
            for url in chunk:
                if url in found:
                    yield found[url]


def write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for record in records:
        out.write(dumps(record) + "\n")  # exact, with no raw control character
        n += 1
    return n


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """*records* as CSV with a header row (the header alone when none match). The first
    record is asked for before the header is written, so a home with no index fails
    with nothing on *out* rather than a file that looks like an empty export."""
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, extrasaction="ignore")
    records = iter(records)
    first = next(records, None)
    writer.writeheader()
    n = 0
    for record in itertools.chain([first] if first is not None else [], records):
        row = {k: "; ".join(v) if isinstance(v, list) else v for k, v in record.items()}
        writer.writerow(row)
        n += 1
    return n
