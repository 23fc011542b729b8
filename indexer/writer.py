"""Writing: records into the store, the store into the Whoosh index.

A crawl stores each article as it comes (durable at once), then indexes the
stored-but-unindexed records in batches. A kill between the two loses nothing:
the next ``sync`` (every crawl starts with one) indexes what was stored.
"""
from __future__ import annotations

import shutil
from typing import Any, Iterable

from whoosh import index as whoosh_index
from whoosh.index import LockError

from .damage import guard_index
from .errors import IndexBusyError, NoIndexError, ReindexRefusedError, SchemaVersionError
from .fingerprint import NEAR
from .home import Home
from .schema import SCHEMA_VERSION, build_schema, read_version, record_to_document, write_version
from .segments import check_index
from .store import RecordStore, _sort_key

#: How long a second writer waits for the index lock before it gives up.
WRITE_TIMEOUT = 60.0


def open_index(home: Home, create: bool = False) -> whoosh_index.Index:
    """Open the home's index, creating it when *create*; check its schema version."""
    path = home.index_dir
    if not whoosh_index.exists_in(str(path)):
        if not create:
            raise NoIndexError(f"no index in {home.root}")
        path.mkdir(parents=True, exist_ok=True)
        ix = whoosh_index.create_in(str(path), build_schema())
        write_version(path)
        return ix
    version = read_version(path)
    if version != SCHEMA_VERSION:
        raise SchemaVersionError(
            f"the index in {home.root} has schema version {version}, this newsearch needs {SCHEMA_VERSION}"
        )
    return whoosh_index.open_dir(str(path))


def write_documents(
    ix: whoosh_index.Index, records: Iterable[dict[str, Any]], timeout: float = WRITE_TIMEOUT, optimize: bool = False
) -> list[str]:
    """Upsert *records* by URL in one commit (merged into one segment when *optimize*);
    returns their URLs."""
    try:
        # compound=False: each segment's files stay separate, so a searcher maps them
        # instead of copying every sub-file of a compound segment into memory (that copy
        # was 0.31 s of a 0.34 s query at 100,000 articles)
        writer = ix.writer(timeout=timeout, delay=0.25, limitmb=128, compound=False)
    except LockError as exc:
        raise IndexBusyError(f"another process has been writing the index for over {timeout:.0f} s") from exc
    urls = []
    try:
        for record in records:
            writer.update_document(**record_to_document(record))
            urls.append(record["url"])
    except BaseException:
        writer.cancel()
        raise
    writer.commit(optimize=optimize)
    return urls


@guard_index
def sync(home: Home, store: RecordStore | None = None, batch: int = 1000, timeout: float = WRITE_TIMEOUT) -> int:
    """Index every stored record the index lacks; returns how many were indexed.

    Raises IndexDamagedError, before writing anything, when a segment of the index is
    damaged: the records stay stored and unindexed, for ``reindex``."""
    own = store is None
    store = store or RecordStore(home.records_db)
    try:
        if not whoosh_index.exists_in(str(home.index_dir)):
            store.mark_all_unindexed()  # a lost index is rebuilt whole, not started empty
        ix = open_index(home, create=True)
        # a writer reads old segments only by chance (a merge, an article's old version to
        # delete): check them all first, so that damage is found on every sync, not by luck
        check_index(ix)
        done = 0
        for records, versions in store.unindexed(batch):
            write_documents(ix, records, timeout)
            store.mark_indexed(versions)
            done += len(records)
        return done
    finally:
        if own:
            store.close()


def indexed_count(home: Home) -> int:
    """Documents in the home's index; 0 when there is none or it cannot be read."""
    try:
        ix = whoosh_index.open_dir(str(home.index_dir))
        try:
            return int(ix.doc_count())
        finally:
            ix.close()
    except Exception:  # a damaged index is what reindex is for: it holds nothing usable
        return 0


def reindex(home: Home, timeout: float = WRITE_TIMEOUT, force: bool = False) -> int:
    """Rebuild the index from the records alone (after a schema change, or a lost index).

    An empty articles.db never replaces a non-empty index unless *force*: an emptied
    or replaced records file would otherwise wipe every search result."""
    if not home.records_db.exists():
        raise NoIndexError(f"no article records in {home.root}")
    if not force:
        with RecordStore(home.records_db) as store:  # an empty file gets its tables, as below
            stored = store.count()
        indexed = indexed_count(home) if stored == 0 else 0
        if indexed:
            raise ReindexRefusedError(
                f"{home.records_db} holds no articles but the index holds {indexed}; not replacing it with "
                "an empty one (run `newsearch reindex --force` to do it anyway)"
            )
    fresh = Home(home.root / ".reindex")
    shutil.rmtree(fresh.root, ignore_errors=True)
    fresh.root.mkdir(parents=True)
    with RecordStore(home.records_db) as store:
        store.mark_all_unindexed()
        ix = open_index(fresh, create=True)
        done = 0
        for records, versions in store.unindexed(2000):
            write_documents(ix, records, timeout)
            store.mark_indexed(versions)
            done += len(records)
        write_documents(ix, [], timeout, optimize=True)  # one segment: fastest to search
        ix.close()
    old = home.root / ".index-old"
    shutil.rmtree(old, ignore_errors=True)
    if home.index_dir.exists():
        home.index_dir.rename(old)
    fresh.index_dir.rename(home.index_dir)
    shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(fresh.root, ignore_errors=True)
    return done


def store_article(store: RecordStore, record: dict[str, Any]) -> str:
    """Store an extracted article, linking it to near-duplicates of the same story.

    Copies point (``duplicate_of``) at the earliest-published copy; when a newly
    found copy is earlier than the group's head, the group is re-pointed at it.
    Returns "new", "updated" or "unchanged".
    """
    old = store.get(record["url"])
    if old is not None and all(old.get(k) == record.get(k) for k in ("title", "text", "date")):
        return "unchanged"
    record["duplicate_of"] = None
    if record.get("fingerprint") and record.get("text"):
        copies = store.near_duplicates(record["fingerprint"], record["url"], NEAR)
        if copies:
            group = copies + [record]
            head = min(group, key=lambda r: (_sort_key(r) or "9999", r["url"]))
            for copy in copies:
                want = None if copy is head else head["url"]
                if copy.get("duplicate_of") != want:
                    copy["duplicate_of"] = want
                    store.put(copy)
            record["duplicate_of"] = None if head is record else head["url"]
    store.put(record)
    return "new" if old is None else "updated"


def redate(store: RecordStore, url: str, date: str, date_source: str) -> str:
    """Give a stored record the date that evidence found after it was stored (a news
    sitemap or feed read after the page), and re-point its story's duplicate group:
    a copy that now proves the earliest becomes the group's head. Returns
    "updated", "unchanged" or "missing"."""
    record = store.get(url)
    if record is None:
        return "missing"
    if record.get("date") == date and record.get("date_source") == date_source:
        return "unchanged"
    return store_article(store, with_date(record, date, date_source))


def with_date(record: dict[str, Any], date: str, date_source: str) -> dict[str, Any]:
    """*record* with a new publication date (``updated`` dropped unless still later)."""
    record.update(date=date, date_source=date_source)
    if record.get("updated") and (_sort_key({"date": record["updated"]}) or "") <= (_sort_key(record) or ""):
        record["updated"] = None
    return record
