"""Writing: records into the store, the store into the Whoosh index.

A crawl stores each article as it comes (durable at once), then indexes the
stored-but-unindexed records in batches. A kill between the two loses nothing:
the next ``sync`` (every crawl starts with one) indexes what was stored.
"""
from __future__ import annotations

import math
import os
import shutil
import struct
import threading
from typing import Any, Iterable, Iterator

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from . import merging, stories
from whoosh import index as whoosh_index
from whoosh import writing as whoosh_writing
from whoosh.index import LockError

from .damage import guard_index
from .errors import IndexBusyError, IndexDamagedError, NoIndexError, ReindexRefusedError, SchemaVersionError
from .fingerprint import NEAR
from .home import Home
from .schema import SCHEMA_VERSION, build_schema, read_version, record_to_document, write_version
from .segments import check_index
from .store import RecordStore, _sort_key

#: How long a second writer waits for the index lock before it gives up.
WRITE_TIMEOUT = 60.0
#: Segments of about the same size (the same power of MERGE_FANIN documents) are merged
#: once MERGE_FANIN of them exist ...
MERGE_FANIN = 10
#: ... unless they hold this many live documents already: merging those would rewrite
#: most of a large index for little gain (``reindex`` makes one segment of it all).
MERGE_MAX_DOCS = 100_000
#: From this many documents in one commit, the commit is indexed by two processes
#: (Whoosh's multiprocess writer, each writing its own segment) when the machine has
#: two cores and the caller runs in its main thread (forking from a thread is unsafe).
PARALLEL_FROM = 4000
#: Documents handed to a writer process at a time.
PARALLEL_BATCH = 250
#: Runs of a writer's posting pool (spilled to disk) read at once at its flush (Whoosh's
#: ``SortingPool.items`` default): more are merged into fewer first.
POOL_MAX_RUNS = 128


def merge_tiered(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: size-tiered merging.

    Segments fall in tiers by document count (tier t holds MERGE_FANIN**t to
    MERGE_FANIN**(t+1) documents); when a tier holds MERGE_FANIN segments they are
    merged into one segment of the next tier; segments of MERGE_MAX_DOCS or more stay
    as they are. So a commit never rewrites the whole index (Whoosh's default merges
    by a Fibonacci rule that can take in most of it), a document is rewritten at most
    log_FANIN(MERGE_MAX_DOCS / commit size) times (twice from crawl batches of 1,000,
    once from bulk commits of 10,000), and a million articles are held in about 10
    large segments plus at most 9 per smaller tier. Segments with over half their
    documents deleted are merged too."""
    from whoosh.reading import SegmentReader

    tiers: dict[int, list[Any]] = {}
    merge: list[Any] = []
    for seg in segments:
        total = seg.doc_count_all()
        live = seg.doc_count()
        if total and live * 2 < total:
            merge.append(seg)
            continue
        if live >= MERGE_MAX_DOCS:
            continue
        tiers.setdefault(int(math.log(max(live, 1), MERGE_FANIN)), []).append(seg)
    for tier in sorted(tiers):
        if len(tiers[tier]) >= MERGE_FANIN:
            merge.extend(tiers[tier])
    if not merge:
        return segments
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    chosen = {id(s) for s in merge}
    return [s for s in segments if id(s) not in chosen]


def _flush_segment(self: Any) -> None:
    """SegmentWriter._flush_segment of Whoosh 2.7, writing the postings term by term
    (indexer.merging): the commit's own (the pool's, by term) merged with those of the
    segments the commit merges (noted by _add_postings_to_pool)."""
    self.perdocwriter.close()
    pdr = self.per_document_reader() if self.codec.length_stats else None
    merged: list[merging.MergedSegment] = self.__dict__.pop("newsearch_merged", [])
    try:
        if merged and not _numbered_after_pool(self, merged):
            _pool_merged(self, merged)
            merged = []
        if merging.fast_codec(self.fieldwriter):
            unshare = bool(merged) and merging.spills(self.pool, merged, self.schema)
            if unshare and not self.pool.runs:
                self.pool.save()  # as Whoosh's pool, holding the merged postings too, would have
            streams = _pool_streams(self.pool) + [m.terms(self.schema, unshare) for m in merged]
            merging.write_terms(self.fieldwriter, self.schema, pdr, merging.merge_terms(streams))
        else:
            self.fieldwriter.add_postings(self.schema, pdr, self.pool.iter_postings())
    finally:
        for m in merged:
            m.close()
    self.fieldwriter.close()
    if pdr:
        pdr.close()


def _numbered_after_pool(writer: Any, merged: list[merging.MergedSegment]) -> bool:
    """Whether the merged segments' documents follow all of the pool's, one segment
    after another (no document was added after a segment was): the order the term
    merge joins postings in."""
    ends = [m.startdoc for m in merged[1:]] + [writer.docnum]
    return all(m.end == end for m, end in zip(merged, ends))


def _pool_merged(writer: Any, merged: list[merging.MergedSegment]) -> None:
    """The merged segments' postings into the pool, to be sorted with its own (what
    Whoosh does): for documents added after a segment was merged."""
    from itertools import zip_longest

    add = writer.pool.add
    for m in merged:
        for (fieldname, btext), ids, weights, values in m.terms(writer.schema):
            for docnum, weight, value in zip_longest(ids, weights, values):
                add((fieldname, btext, docnum, weight, value))
        m.close()


def _pool_init(self: Any, *args: Any, **kwargs: Any) -> None:
    """PostingPool.__init__ of Whoosh 2.7, and the pool's postings by term (see _pool_add)."""
    WHOOSH_POOL_INIT(self, *args, **kwargs)
    self.terms = {}


def _pool_add(self: Any, item: tuple[str, bytes, int, float, Any]) -> None:
    """PostingPool.add of Whoosh 2.7 (it runs once a posting): the same size estimate
    (so the same runs on disk), without its asserts and eleven additions; and the
    posting filed under its term, in the order added (the documents'), instead of in
    one list that Whoosh sorted whole (a million postings at a time) before each run."""
    fieldname, tbytes, docnum, weight, vbytes = item
    if type(tbytes) is not bytes or (vbytes is not None and type(vbytes) is not bytes):
        raise TypeError(f"posting of {fieldname!r}: term {tbytes!r}, value {vbytes!r} must be bytes")
    self.fieldnames.add(fieldname)
    self.currentsize += 150 + len(fieldname) + 2 * len(tbytes) + (len(vbytes) if vbytes else 0)
    if self.currentsize > self.limit:
        self.save()
    postings = self.terms.get((fieldname, tbytes))
    if postings is None:
        self.terms[fieldname, tbytes] = [(docnum, weight, vbytes)]
    else:
        postings.append((docnum, weight, vbytes))


def _pool_terms(pool: Any) -> Iterator[merging.Term]:
    """The pool's postings in memory, a term at a time in (field, term) order, each
    term's in the order Whoosh's pool sorts them (by document, weight, value); the pool
    is emptied."""
    from operator import lt

    terms, pool.terms = pool.terms, {}
    for key in sorted(terms):
        ids, weights, values = map(list, zip(*terms.pop(key)))
        if len(ids) > 1 and not all(map(lt, ids, ids[1:])):  # a document twice, or out of order
            ids, weights, values = merging._pool_order(ids, weights, values)
        yield key, ids, weights, values


def _pool_save(self: Any) -> None:
    """PostingPool.save of Whoosh 2.7: the postings in memory to a sorted run on disk."""
    if self.terms:
        path, f = self._new_run()
        _write_terms(f, _pool_terms(self))
        self._add_run(path)
    self.currentsize = 0


def _pool_items(self: Any, maxfiles: int = 128) -> Iterator[tuple[str, bytes, int, float, Any]]:
    """SortingPool.items of Whoosh 2.7 (all postings sorted), for Whoosh's readers of
    the pool (another codec's flush, its multiprocess writer's single-segment mode)."""
    if not self.runs:
        return ((fieldname, btext, docnum, weight, value) for (fieldname, btext), ids, weights, values
                in _pool_terms(self) for docnum, weight, value in zip(ids, weights, values))
    self.save()
    if maxfiles < len(self.runs):
        self.reduce_to(maxfiles, maxfiles)
    runs, self.runs = self.runs, []
    return self._merge_runs(runs)


_RECORD_LENGTH = struct.Struct("<I")


def _write_run(self: Any, f: Any, items: Iterable[tuple[str, bytes, int, float, Any]]) -> None:
    """SortingPool._write_run of Whoosh 2.7 (a sorted run of the pool, spilled to disk
    past its limit): a marshalled record a term, (term, ids, weights, values), after
    its length, instead of a pickle a posting; read back a term at a time by the flush
    (_pool_streams). Marshal's version 2 shares no objects: each value comes back
    apart, as from Whoosh's pickles (the files depend on it: merging.spills)."""
    _write_terms(f, merging.pool_terms(items))


def _write_terms(f: Any, terms: Iterable[merging.Term]) -> None:
    """A run of terms in order, as _write_run writes it."""
    import marshal

    write = f.write
    for term in terms:
        record = marshal.dumps(term, 2)
        write(_RECORD_LENGTH.pack(len(record)))
        write(record)
    f.close()


def _run_terms(pool: Any, path: str) -> Iterator[merging.Term]:
    """A run _write_run wrote, a term at a time (removed once read)."""
    import marshal

    f = pool._open_run(path)
    read, size = f.read, _RECORD_LENGTH.size
    try:
        while head := read(size):
            yield marshal.loads(read(_RECORD_LENGTH.unpack(head)[0]))
    finally:
        f.close()
        pool._remove_run(path)


def _read_run(self: Any, path: str) -> Iterator[tuple[str, bytes, int, float, Any]]:
    """SortingPool._read_run of Whoosh 2.7 for the runs _write_run writes: the postings
    one by one, for Whoosh's own readers of runs (its merge of runs, its multiprocess
    writer's single-segment mode)."""
    for (fieldname, btext), ids, weights, values in _run_terms(self, path):
        for docnum, weight, value in zip(ids, weights, values):
            yield fieldname, btext, docnum, weight, value


def _pool_streams(pool: Any) -> list[Iterator[merging.Term]]:
    """The pool's postings as term streams: its runs in the order written (what it
    still holds saved as the last one; each term's documents ascend from one run to
    the next), or, when it never spilled, its postings in memory."""
    if not pool.runs:
        return [_pool_terms(pool)]
    pool.save()
    if len(pool.runs) > POOL_MAX_RUNS:  # as Whoosh's SortingPool.items: fewer files open at once
        pool.reduce_to(POOL_MAX_RUNS, POOL_MAX_RUNS)
    runs, pool.runs = pool.runs, []
    return [_run_terms(pool, path) for path in runs]


def _add_postings_to_pool(self: Any, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> None:
    """SegmentWriter.add_postings_to_pool of Whoosh 2.7 (a merge: every posting of a
    segment into the new one's pool, to be sorted again): the segment is noted
    instead, and its postings, already in order, are merged by term at the flush
    (indexer.merging). Segments that cannot be (see MergedSegment.of) go Whoosh's way."""
    merged = merging.MergedSegment.of(self, reader, startdoc, docmap)
    if merged is None:
        return WHOOSH_ADD_POSTINGS_TO_POOL(self, reader, startdoc, docmap)
    self.__dict__.setdefault("newsearch_merged", []).append(merged)


# applied to the classes so that the multiprocess writer's sub-writers (plain
# SegmentWriters in forked processes) get them too; Whoosh's own kept for comparison
WHOOSH_FLUSH_SEGMENT, WHOOSH_POOL_ADD = whoosh_writing.SegmentWriter._flush_segment, whoosh_writing.PostingPool.add
whoosh_writing.SegmentWriter._flush_segment = _flush_segment
whoosh_writing.PostingPool.add = _pool_add
WHOOSH_POOL_INIT, WHOOSH_POOL_SAVE = whoosh_writing.PostingPool.__init__, whoosh_writing.PostingPool.save
WHOOSH_POOL_ITEMS = whoosh_writing.PostingPool.items
whoosh_writing.PostingPool.__init__ = _pool_init
whoosh_writing.PostingPool.save = _pool_save
whoosh_writing.PostingPool.items = _pool_items
WHOOSH_WRITE_RUN, WHOOSH_READ_RUN = whoosh_writing.PostingPool._write_run, whoosh_writing.PostingPool._read_run
whoosh_writing.PostingPool._write_run = _write_run
whoosh_writing.PostingPool._read_run = _read_run
WHOOSH_ADD_POSTINGS_TO_POOL = whoosh_writing.SegmentWriter.add_postings_to_pool
whoosh_writing.SegmentWriter.add_postings_to_pool = _add_postings_to_pool


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
    # this newsearch's schema, not the one pickled in the index (Whoosh's own classes):
    # the same fields and terms, analysed in one pass (indexer.analysis); and no searcher
    # or writer unpickles the schema again on each read of the index's TOC
    return whoosh_index.open_dir(str(path), schema=build_schema())


def _procs(count: int) -> int:
    if count < PARALLEL_FROM or threading.current_thread() is not threading.main_thread():
        return 1
    return max(1, min(2, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1))


def write_documents(
    ix: whoosh_index.Index, records: Iterable[dict[str, Any]], timeout: float = WRITE_TIMEOUT, optimize: bool = False,
    procs: int = 1,
) -> list[str]:
    """Upsert *records* by URL in one commit (merged into one segment when *optimize*,
    else segments merged by size tier, see merge_tiered); with *procs* > 1, Whoosh's
    multiprocess writer indexes them, each process writing its own segment.
    Returns their URLs."""
    try:
        # compound=False: each segment's files stay separate, so a searcher maps them
        # instead of copying every sub-file of a compound segment into memory (that copy
        # was 0.31 s of a 0.34 s query at 100,000 articles)
        opts: dict[str, Any] = {"timeout": timeout, "delay": 0.25, "limitmb": 256, "compound": False}
        if procs > 1:
            from .mpwriter import MpWriter  # (multiprocessing: kept off the query path)

            writer = MpWriter(ix, procs=procs, multisegment=True, batchsize=PARALLEL_BATCH, **opts)
        else:
            writer = ix.writer(**opts)
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
    if optimize:
        writer.commit(optimize=True)
    else:
        writer.commit(mergetype=merge_tiered)
    stories.write_missing(ix)  # the new and merged segments' story numbers, for counting
    return urls


@guard_index
def sync(home: Home, store: RecordStore | None = None, batch: int = 1000, timeout: float = WRITE_TIMEOUT,
         commit_every: int = 20000) -> int:
    """Index every stored record the index lacks, *batch* records read at a time and
    one Whoosh commit per *commit_every* (a commit is a segment, and fewer, larger
    segments cost less to merge and to search); returns how many were indexed.
    Large commits run on two processes (see PARALLEL_FROM).

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
        while True:
            records: list[dict[str, Any]] = []
            versions: list[tuple[str, float]] = []
            for chunk, chunk_versions in store.unindexed(batch):
                records.extend(chunk)
                versions.extend(chunk_versions)
                if len(records) >= commit_every:
                    break
            if not records:
                return done
            write_documents(ix, records, timeout, procs=_procs(len(records)))
            store.mark_indexed(versions)
            done += len(records)
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
        done = sync(fresh, store, batch=2000, timeout=timeout)
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


def store_articles(store: RecordStore, records: Iterable[dict[str, Any]]) -> list[str]:
    """``store_article`` for many records in one transaction of the records store:
    one commit (one fsync) for the batch, and all of it or none of it is stored.
    Copies within the batch find each other. Returns each record's status."""
    with store.transaction():
        return [store_article(store, record) for record in records]


def store_article(store: RecordStore, record: dict[str, Any], whole: bool = False) -> str:
    """Store an extracted article, linking it to near-duplicates of the same story.

    Copies point (``duplicate_of``) at the earliest-published copy; when a newly
    found copy is earlier than the group's head, the group is re-pointed at it.
    A stored record counts as changed when one of SHOWN_FIELDS differs, or with
    *whole* (``reextract``) when any field does but those of NOT_RESULT.
    Returns "new", "updated" or "unchanged".
    """
    old = store.get(record["url"])
    if old is not None and (same_result(old, record) if whole else all(old.get(k) == record.get(k) for k in SHOWN_FIELDS)):
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


#: The fields whose change makes a stored record "updated". ``date_source`` is one:
#: a news sitemap read after the page, giving the instant its JSON-LD gave, re-dates
#: the record to "news-sitemap" (the same record whatever order the answers came in);
#: compared on the date alone, that re-date was dropped as "unchanged".
SHOWN_FIELDS = ("title", "text", "date", "date_source", "updated")
#: Fields that say when and by what a record was made, or how it links to its copies,
#: not what extraction found: ``reextract`` compares records without them.
NOT_RESULT = frozenset({"crawled_at", "extractor", "duplicate_of"})


def same_result(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Whether two records hold the same extraction result (every field but NOT_RESULT)."""
    keys = (old.keys() | new.keys()) - NOT_RESULT
    return all(old.get(k) == new.get(k) for k in keys)


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


class CatchUp:
    """When the index catches up with the records a writer stores: once *every*
    articles changed or *seconds* passed, and at the end. The ingest and the cluster's
    writer share it. A damaged index stops the syncs (the records stay stored, for
    ``reindex``) and is remembered in ``damaged``."""

    def __init__(self, home: Home, every: int, seconds: float) -> None:
        import time

        self.home, self.every, self.seconds = home, every, seconds
        self.unsynced = 0
        self.last = time.monotonic()
        self.damaged: str | None = None

    def changed(self, count: int = 1) -> None:
        self.unsynced += count

    def __call__(self, store: RecordStore, final: bool = False) -> str | None:
        """Sync now if due (or *final*); returns why the index is damaged, if it is."""
        import time

        due = self.unsynced >= self.every or time.monotonic() - self.last > self.seconds
        if self.damaged or not (final or (self.unsynced and due)):
            return self.damaged
        self.unsynced = 0
        self.last = time.monotonic()
        try:
            sync(self.home, store)
        except IndexDamagedError as exc:  # the records are stored: `reindex` indexes them
            self.damaged = str(exc)
        return self.damaged
