"""Scaling the store and the index (issue 12): the near-duplicate lookup still finds
every copy within NEAR bits, a batch is stored whole or not at all, merges keep the
segment count bounded, and a kept searcher sees what a sync added."""
from __future__ import annotations

import random
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from whoosh import index as whoosh_index

import indexer
from indexer import writer
from indexer.fingerprint import BAND_WIDTHS, BITS, NEAR, band_keys, distance, probe_keys, simhash, to_hex
from indexer.home import Home
from indexer.store import RecordStore
from indexer.writer import MERGE_FANIN, reindex, store_articles, sync

PARAGRAPHS = [
    "The harbour authority said the new breakwater would protect the fishing fleet from winter storms, "
    "after two boats were lost at their moorings last January.",
    "Councillors voted to keep the night bus running through the summer, citing record numbers of "
    "hospital staff who rely on it to reach early shifts.",
    "A lighthouse keeper's logbook from 1893, found behind a wall during repairs, describes a shipwreck "
    "that historians had believed was a legend.",
    "The regional orchestra will tour eleven village halls this autumn, playing a programme chosen by "
    "pupils from the county's primary schools.",
    "Engineers found cracks in two supports of the old railway viaduct, and trains will run at walking "
    "pace over it until the repairs are finished in March.",
]


def record(i: int, text: str | None = None, day: int = 1, fingerprint: str | None = None) -> dict:
    text = text or f"{PARAGRAPHS[i % len(PARAGRAPHS)]} Story number {i} adds its own closing line about item {i * 7919}."
    return {
        "url": f"https://news.example/{i}", "title": f"Story {i}: {text.split(',')[0][:60]}", "text": text,
        "date": f"2025-03-{day:02d}T09:00:00+00:00", "source": "The Example Post", "language": "en",
        "topics": ["society"], "fingerprint": fingerprint or to_hex(simhash(text)),
    }


def flip(value: int, bits: list[int]) -> int:
    for b in bits:
        value ^= 1 << b
    return value


def test_every_fingerprint_within_near_bits_shares_a_probed_band_key():
    """The radius guarantee, as a property over random fingerprints: whatever NEAR or
    fewer bits differ, and however they fall over the bands (all in one band, spread
    evenly, on band edges), the lookup's probe keys include one of the stored keys."""
    rng = random.Random(12)
    edges = []
    start = 0
    for width in BAND_WIDTHS:
        edges += [start, start + width - 1]
        start += width
    for case in range(20_000):
        a = rng.getrandbits(BITS)
        k = rng.randint(0, NEAR)
        if case % 3 == 0:
            bits = rng.sample(range(BITS), k)  # anywhere
        elif case % 3 == 1:
            # as evenly over the bands as possible: the hardest case for a pigeonhole
            starts = [sum(BAND_WIDTHS[:i]) for i in range(len(BAND_WIDTHS))]
            bits = [starts[j % len(starts)] + rng.randrange(BAND_WIDTHS[j % len(starts)]) for j in range(k)]
            bits = list(dict.fromkeys(bits))
        else:
            bits = rng.sample(edges, min(k, len(edges)))  # on the bands' first and last bits
        b = flip(a, bits)
        assert distance(a, b) <= NEAR
        assert set(probe_keys(a)) & set(band_keys(b)), (hex(a), hex(b))
        assert set(probe_keys(b)) & set(band_keys(a)), (hex(a), hex(b))


def test_the_store_finds_every_copy_within_near_bits_and_none_beyond(tmp_path):
    rng = random.Random(5)
    base = simhash(PARAGRAPHS[0])
    with RecordStore(tmp_path / "articles.db") as store:
        # unrelated articles around them, so the lookup has something to wade through
        store_articles(store, [record(1000 + i) for i in range(300)])
        expected = set()
        for i in range(60):
            d = i % 11  # 0 to 10 bits away
            fp = flip(base, rng.sample(range(BITS), d))
            store.put(record(i, text=f"copy {i} " + PARAGRAPHS[0], fingerprint=to_hex(fp)))
            if d <= NEAR:
                expected.add(f"https://news.example/{i}")
        found = {r["url"] for r in store.near_duplicates(to_hex(base), "https://news.example/query", NEAR)}
        assert found == expected
        # a record never finds itself
        own = store.near_duplicates(store.get("https://news.example/0")["fingerprint"], "https://news.example/0")
        assert "https://news.example/0" not in {r["url"] for r in own}


def test_a_replaced_record_is_found_by_its_new_fingerprint_only(tmp_path):
    with RecordStore(tmp_path / "articles.db") as store:
        store.put(record(1, text=PARAGRAPHS[1]))
        store.put(record(1, text=PARAGRAPHS[2]))  # the page changed
        assert store.near_duplicates(to_hex(simhash(PARAGRAPHS[1])), "https://other.example/x") == []
        assert [r["url"] for r in store.near_duplicates(to_hex(simhash(PARAGRAPHS[2])), "https://other.example/x")] == [
            "https://news.example/1"]
        assert store.db.execute("SELECT count(*) FROM near").fetchone()[0] == len(BAND_WIDTHS)


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path):
    with RecordStore(tmp_path / "articles.db") as store:
        assert store_articles(store, [record(i) for i in range(5)]) == ["new"] * 5
        bad = [record(10), record(11), record(12, fingerprint="not-hex"), record(13)]
        with pytest.raises(ValueError):
            store_articles(store, bad)
        assert store.count() == 5
        assert store.get("https://news.example/10") is None  # stored before the bad one, rolled back
        assert store.db.execute("SELECT count(*) FROM near").fetchone()[0] == 5 * len(BAND_WIDTHS)
        assert store_articles(store, [record(10)]) == ["new"]  # and the store goes on working


def test_copies_within_one_batch_point_at_the_earliest_published(tmp_path):
    story = PARAGRAPHS[3] + " " + PARAGRAPHS[4]
    later, earlier, unrelated = record(1, text=story, day=5), record(2, text=story, day=3), record(3, day=4)
    with RecordStore(tmp_path / "articles.db") as store:
        store_articles(store, [later, earlier, unrelated])
        assert store.get(later["url"])["duplicate_of"] == earlier["url"]
        assert store.get(earlier["url"])["duplicate_of"] is None
        assert store.get(unrelated["url"])["duplicate_of"] is None


def test_a_store_of_the_old_layout_is_converted_when_opened(tmp_path):
    path = tmp_path / "articles.db"
    old = record(1)
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE articles (url TEXT PRIMARY KEY, record TEXT NOT NULL, day INTEGER, sort_key TEXT, source TEXT,
            topics TEXT, fingerprint TEXT, duplicate_of TEXT, indexed INTEGER NOT NULL DEFAULT 0, stored_at REAL NOT NULL);
        CREATE TABLE bands (band INTEGER NOT NULL, url TEXT NOT NULL);
    """)
    import json

    db.execute("INSERT INTO articles(url, record, fingerprint, indexed, stored_at) VALUES (?,?,?,1,0)",
               (old["url"], json.dumps(old), old["fingerprint"]))
    db.commit()
    db.close()
    with RecordStore(path) as store:
        assert [r["url"] for r in store.near_duplicates(old["fingerprint"], "https://elsewhere.example/")] == [old["url"]]
        assert not store.db.execute("SELECT name FROM sqlite_master WHERE name='bands'").fetchall()
    copy = dict(record(2, text=old["text"]), day=9)
    with RecordStore(path) as store:
        store_articles(store, [copy])
        assert store.get(copy["url"])["duplicate_of"] == old["url"]


def _segments(home: Home) -> int:
    ix = whoosh_index.open_dir(str(home.index_dir))
    try:
        return len(ix._segments())
    finally:
        ix.close()


def test_many_small_syncs_keep_the_segment_count_bounded(tmp_path):
    home = Home(tmp_path / "home").ensure()
    with RecordStore(home.records_db) as store:
        for i in range(3 * MERGE_FANIN + 5):
            store_articles(store, [record(i)])
            sync(home, store)
            assert _segments(home) <= 2 * (MERGE_FANIN - 1)
    with indexer.open(home.root) as ix:
        assert len(ix.search("story", limit=100, all_copies=True).hits) == 3 * MERGE_FANIN + 5


def test_a_large_sync_indexes_everything_on_two_processes(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "PARALLEL_FROM", 40)
    monkeypatch.setattr(writer, "PARALLEL_BATCH", 20)
    monkeypatch.setattr(writer, "_procs", lambda count: 2 if count >= writer.PARALLEL_FROM else 1)
    home = Home(tmp_path / "home").ensure()
    with RecordStore(home.records_db) as store:
        store_articles(store, [record(i) for i in range(120)])
        assert sync(home, store) == 120
    assert _segments(home) >= 2  # each writer process wrote its own segment
    with indexer.open(home.root) as ix:
        found = ix.search("lighthouse keeper logbook", limit=50, all_copies=True).hits
        assert len(found) == 24 and not ix.search("lighthouse", limit=50).loosened


def test_a_kept_searcher_sees_what_a_sync_or_reindex_changed(tmp_path):
    home = Home(tmp_path / "home").ensure()
    with RecordStore(home.records_db) as store:
        store_articles(store, [record(2), record(7)])
        sync(home, store)
    ix = indexer.open(home.root)
    assert len(ix.search("lighthouse", all_copies=True).hits) == 2
    assert len(ix.search("lighthouse", all_copies=True).hits) == 2  # asked again: the same answer
    with RecordStore(home.records_db) as store:
        store_articles(store, [record(12)])
        sync(home, store)
    assert len(ix.search("lighthouse", all_copies=True).hits) == 3  # the kept searcher was refreshed
    reindex(home)  # a new index folder takes the old one's place
    with RecordStore(home.records_db) as store:
        store_articles(store, [record(17)])
        sync(home, store)
    assert {h.url for h in ix.search("lighthouse", all_copies=True).hits} == {f"https://news.example/{i}" for i in (2, 7, 12, 17)}
    ix.close()


def test_a_batch_waits_for_another_writer_instead_of_failing(tmp_path):
    """A crawl stores a batch (reads, then writes) while a sync on another connection
    marks records indexed: the batch must wait its turn, not fail as locked."""
    import threading

    path = tmp_path / "articles.db"
    with RecordStore(path) as store:
        store_articles(store, [record(1)])
    a = RecordStore(path)
    read_done, errors = threading.Event(), []

    def other_writer() -> None:
        with RecordStore(path) as b:
            read_done.wait(5)
            try:
                b.mark_indexed([("https://news.example/1", 0.0)])
                b.put(record(2))
            except Exception as exc:  # pragma: no cover - what the test guards against
                errors.append(exc)

    t = threading.Thread(target=other_writer)
    t.start()
    with a.transaction():
        a.near_duplicates(record(3)["fingerprint"], "https://news.example/3")  # a read first
        read_done.set()
        t.join(0.5)  # the other writer tries meanwhile
        a.put(record(3))
    t.join(10)
    assert not errors
    assert {r["url"] for r in a.iter_records()} == {f"https://news.example/{i}" for i in (1, 2, 3)}
    a.close()


# ---- the one-pass analyzer (indexer.analysis) -------------------------------------------------
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
#: Words that tokenizing, lowercasing and stemming treat unusually: dotted numbers and
#: abbreviations, wildcards, underscores, letters whose lowercase is longer (İ) or
#: differs by locale (ı, Σ), ligatures, titlecase digraphs, stop words in capitals,
#: one-letter words, digits of other scripts, text with no word at all.
ODD_TEXTS = [
    "", "   \n\t ", "—…‘’“”", "The THE the a A I i it's It’S",
    "hi there 3.141 big-time under_score U.S. e.g. ..x. x.. a*b.c*d 1,000,000 ١٢٣ ४२",
    "İstanbul İI ı ŞİŞLİ ΣΊΣΥΦΟΣ ǅemal ﬁle ﬂow Straße STRASSE Ⅻ ①",
    "running runs ran runner generously generalizations relational conditional sensibilities",
    "日本語のテキスト 한국어 텍스트 текст на русском عربي",
]
#: The analyzer's calling conventions Whoosh uses: indexing (positions), the query parser,
#: the highlighter (chars, stop words kept), spelling words (no stemming), offsets.
CALLS = [
    {}, {"positions": True, "mode": "index"}, {"positions": True, "chars": True, "mode": "index"},
    {"mode": "query"}, {"positions": True, "chars": True, "removestops": False, "mode": "index"},
    {"no_morph": True}, {"positions": True, "chars": True, "start_pos": 5, "start_char": 7, "removestops": False},
    {"positions": True, "boosts": True}, {"tokenize": False}, {"keeporiginal": True, "positions": True},
]


def _corpus_texts() -> list[str]:
    """Every body and title of the shared corpus (many languages and scripts), and the
    text and title of 100 of the search benchmark's articles."""
    import json

    from benchmarks.search import generate

    texts = []
    for truth in sorted(CORPUS.glob("*/ground_truth.jsonl")):
        for line in truth.open(encoding="utf-8"):
            row = json.loads(line)
            texts += [row.get("body") or "", row.get("title") or ""]
    for rec in generate(CORPUS, 100, date(2026, 1, 15)):
        texts += [rec["text"], rec["title"]]
    return texts


def _tokens(analyzer, text: str, **kwargs) -> list[tuple]:
    return [(t.text, getattr(t, "pos", None), getattr(t, "startchar", None), getattr(t, "endchar", None),
             t.stopped, t.boost, getattr(t, "original", None)) for t in analyzer(text, **kwargs)]


def _assert_same_analysis(texts: list[str], calls: list[dict], boosts: tuple[float, ...]) -> None:
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT

    from indexer.analysis import NewsAnalyzer, NewsText

    old, new = StemmingAnalyzer(), NewsAnalyzer()
    for text in texts:
        for kwargs in calls:
            assert _tokens(new, text, **kwargs) == _tokens(old, text, **kwargs), (kwargs, text[:80])
    # what a commit stores: each term's frequency, weight and encoded positions
    for boost in boosts:
        old_field, new_field = TEXT(analyzer=old, field_boost=boost), NewsText(analyzer=new, field_boost=boost)
        for text in texts:
            assert list(new_field.index(text)) == list(old_field.index(text)), text[:80]
            assert list(new_field.spellable_words(text)) == list(old_field.spellable_words(text))


def test_the_one_pass_analyzer_makes_whooshs_tokens_of_odd_text():
    _assert_same_analysis(ODD_TEXTS, CALLS, (1.0, 2.0))


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (a clone outside CI)")
def test_the_one_pass_analyzer_makes_whooshs_tokens_of_real_articles():
    """Every term, position, character offset and stored posting value the index and the
    query parser get is the one Whoosh's StemmingAnalyzer gives, over the real pages of
    the corpus (30 languages) and the search benchmark's articles."""
    # the index's postings, the query parser's, the highlighter's and the spelling words'
    calls = [{"mode": "query"}, {"positions": True, "chars": True, "removestops": False, "mode": "index"}]
    _assert_same_analysis(_corpus_texts(), calls, (2.0,))


def _version2_schema():
    """The schema of newsearch's version-2 indexes: Whoosh's own StemmingAnalyzer and TEXT."""
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import TEXT, Schema

    from indexer.schema import build_schema

    fields = {name: field for name, field in build_schema().items() if not name.startswith("spell_")}
    stem = StemmingAnalyzer()
    fields["title"] = TEXT(analyzer=stem, stored=True, field_boost=2.0, spelling=True)
    fields["text"] = TEXT(analyzer=stem)
    return Schema(**fields)


def _postings(index_dir: Path) -> dict:
    """Every term of an index with its postings (by URL, with weight and encoded
    positions) and every document's field lengths: what ranking and phrases read."""
    ix = whoosh_index.open_dir(str(index_dir))
    with ix.searcher() as s:
        reader = s.reader()
        urls = {docnum: fields["url"] for docnum, fields in s.iter_docs()}
        out: dict = {("length", f): sorted((urls[d], reader.doc_field_length(d, f)) for d in urls)
                     for f in ("title", "text")}
        for fieldname, term in reader.all_terms():
            if fieldname.startswith("spell_"):  # a word list for "did you mean": only the words count
                out[fieldname, term] = True  # (Whoosh files them once per segment, values unset)
                continue
            m, rows = reader.postings(fieldname, term), []
            while m.is_active():
                rows.append((urls.get(m.id(), m.id()), m.weight(), m.value()))
                m.next()
            out[fieldname, term] = sorted(rows)
    ix.close()
    return out


def test_the_index_format_is_whooshs_own_and_unchanged(tmp_path, monkeypatch):
    """An index an older newsearch wrote (Whoosh's StemmingAnalyzer and TEXT in its
    schema) is searched and added to as it is, and ends with the postings a fresh index
    of the same records holds (the second batch written by two processes); the schema
    newsearch stores names only Whoosh's classes, so any Whoosh 2.7 (and an older
    newsearch) opens the index without this package."""
    from whoosh.analysis import CompositeAnalyzer
    from whoosh.fields import TEXT

    from indexer.schema import SCHEMA_VERSION, read_version, record_to_document

    monkeypatch.setattr(writer, "PARALLEL_FROM", 8)
    monkeypatch.setattr(writer, "PARALLEL_BATCH", 3)
    monkeypatch.setattr(writer, "_procs", lambda count: 2 if count >= writer.PARALLEL_FROM else 1)
    old = Home(tmp_path / "old").ensure()
    first, later = [record(i) for i in range(0, 12)], [record(i) for i in range(12, 30)]
    with RecordStore(old.records_db) as store:
        store_articles(store, first)
        old.index_dir.mkdir(parents=True)
        ix = whoosh_index.create_in(str(old.index_dir), _version2_schema())
        (old.index_dir / "newsearch.json").write_text('{"schema_version": 2}\n')
        records, versions = next(store.unindexed(100))
        w = ix.writer(compound=False)  # as newsearch writes its segments
        for rec in records:
            w.add_document(**record_to_document(rec))
        w.commit()
        store.mark_indexed(versions)
    with indexer.open(old.root) as ix:
        assert len(ix.search("lighthouse keeper", all_copies=True).hits) == 2
        assert [h.title for h in ix.search('"night bus"', all_copies=True).hits]
    with RecordStore(old.records_db) as store:
        store_articles(store, later)
        assert sync(old, store) >= len(later)  # and the copies whose story head changed
    fresh = Home(tmp_path / "fresh").ensure()
    with RecordStore(fresh.records_db) as store:
        store_articles(store, first)
        sync(fresh, store)
        store_articles(store, later)
        sync(fresh, store)
    assert _postings(old.index_dir) == _postings(fresh.index_dir)
    for home in (old, fresh):
        assert read_version(home.index_dir) == SCHEMA_VERSION == 2
        assert not any(b"indexer" in p.read_bytes() for p in home.index_dir.glob("*.toc"))
        stored = whoosh_index.open_dir(str(home.index_dir)).schema  # unpickled from the TOC
        assert type(stored["title"]) is TEXT and type(stored["text"].analyzer) is CompositeAnalyzer
    with indexer.open(old.root) as ix:
        assert len(ix.search("lighthouse keeper", all_copies=True).hits) == 6


def _segment_files(index_dir: Path) -> dict[str, bytes]:
    """The one segment's files of an index, by extension (segment names are random)."""
    files = [p for p in index_dir.iterdir() if p.name.startswith("MAIN_") and "." in p.name]
    by_ext = {p.name.split(".", 1)[1]: p.read_bytes() for p in files}
    assert len(by_ext) == len(files) and {"trm", "pst"} <= set(by_ext)
    return by_ext


def _whooshs_own_writing(monkeypatch) -> None:
    """Whoosh's own flush, pool (its sorting and runs) and merge in place of newsearch's
    (writer.py)."""
    from whoosh import writing as whoosh_writing

    monkeypatch.setattr(whoosh_writing.SegmentWriter, "_flush_segment", writer.WHOOSH_FLUSH_SEGMENT)
    monkeypatch.setattr(whoosh_writing.PostingPool, "add", writer.WHOOSH_POOL_ADD)
    monkeypatch.setattr(whoosh_writing.PostingPool, "save", writer.WHOOSH_POOL_SAVE)
    monkeypatch.setattr(whoosh_writing.PostingPool, "items", writer.WHOOSH_POOL_ITEMS)
    monkeypatch.setattr(whoosh_writing.PostingPool, "_write_run", writer.WHOOSH_WRITE_RUN)
    monkeypatch.setattr(whoosh_writing.PostingPool, "_read_run", writer.WHOOSH_READ_RUN)
    monkeypatch.setattr(whoosh_writing.SegmentWriter, "add_postings_to_pool", writer.WHOOSH_ADD_POSTINGS_TO_POOL)


def test_postings_are_written_byte_for_byte_as_whoosh_writes_them(tmp_path, monkeypatch):
    """The posting writer, pool and merge (indexer.merging; writer._pool_add, the pool's
    runs, _add_postings_to_pool) write the files Whoosh's own write: for a fresh commit,
    and for a merge of segments (with a deleted document) into one, with posting lists
    long enough to span several blocks and a pool small enough to spill sorted runs to
    disk."""
    from indexer.schema import record_to_document

    records = [record(i) for i in range(400)]
    records += [record(400 + i, text=f"{PARAGRAPHS[i % 5]} {PARAGRAPHS[(i + 1) % 5]} Shared words {i}.") for i in range(300)]

    def build(home: Home) -> dict[str, bytes]:
        home.ensure()
        ix = writer.open_index(home, create=True)
        docs = [record_to_document(r) for r in records]
        for part in (docs[:350], docs[350:]):
            w = ix.writer(limitmb=1, compound=False)
            for d in part:
                w.update_document(**d)
            w.commit(merge=False)
        w = ix.writer(compound=False)
        w.delete_by_term("url", records[3]["url"])
        w.commit(optimize=True)
        return _segment_files(home.index_dir)

    ours = build(Home(tmp_path / "ours"))
    _whooshs_own_writing(monkeypatch)
    whooshs = build(Home(tmp_path / "whoosh"))
    assert ours.keys() == whooshs.keys()
    for ext in ours:
        assert ours[ext] == whooshs[ext], ext


def _merge_parts() -> tuple[list[list[dict]], list[dict], list[str]]:
    """Four segments' records (words that only some segments hold; posting lists over
    one block of 128), the new records of the merging commit, and the URLs deleted
    before it: in two segments, one of them a segment's first document (whose number
    Whoosh files that segment's title spelling words at)."""
    parts = [
        [record(i) for i in range(0, 150)],
        [record(i, text=f"{PARAGRAPHS[i % 5]} The orchard {i % 7} ripens early.", day=2) for i in range(150, 230)],
        [record(i, text=f"{PARAGRAPHS[(i + 1) % 5]} Shared words {i}.", day=3) for i in range(230, 290)],
        [record(i, text=f"Only here: quarry {i} and kiln.", day=4) for i in range(290, 300)],
    ]
    fresh = [record(i, text=f"{PARAGRAPHS[i % 5]} The orchard {i % 3} and the quarry.", day=5) for i in range(300, 340)]
    deleted = [parts[0][3]["url"], parts[0][140]["url"], parts[1][0]["url"], parts[1][41]["url"]]
    return parts, fresh, deleted


def _segments_of(home: Home, parts: list) -> Any:
    """A new index in *home* holding each of *parts* (lists of records) as one segment."""
    from indexer.schema import record_to_document

    home.ensure()
    ix = writer.open_index(home, create=True)
    for part in parts:
        w = ix.writer(compound=False)
        for rec in part:
            w.add_document(**record_to_document(rec))
        w.commit(merge=False)
    return ix


def test_a_merge_with_new_articles_is_written_byte_for_byte_as_whoosh_writes_it(tmp_path, monkeypatch):
    """The term-by-term merge (indexer.merging) writes the files Whoosh's pool writes
    when a commit of new articles merges four segments into one: deletions in two of
    them, terms in some segments only, the title's spelling words, fields with
    positions and lengths (title, text), lengths only (topics) and neither (url, day)."""
    from indexer import merging
    from indexer.schema import record_to_document

    parts, fresh, deleted = _merge_parts()
    merged: list = []

    def build(home: Home) -> dict[str, bytes]:
        ix = _segments_of(home, parts)
        w = ix.writer(compound=False)
        for url in deleted:
            w.delete_by_term("url", url)
        w.commit(merge=False)
        w = ix.writer(compound=False, limitmb=1)  # its pool spills runs to disk
        for rec in fresh:
            w.add_document(**record_to_document(rec))
        w.commit(optimize=True)
        assert ix.doc_count() == 300 - len(deleted) + len(fresh)
        return _segment_files(home.index_dir)

    real_of = merging.MergedSegment.of
    monkeypatch.setattr(merging.MergedSegment, "of", classmethod(lambda cls, *a: merged.append(real_of(*a)) or merged[-1]))
    ours = build(Home(tmp_path / "ours"))
    assert len(merged) == 4 and all(merged)  # each segment went through the term merge
    _whooshs_own_writing(monkeypatch)
    whooshs = build(Home(tmp_path / "whoosh"))
    assert ours.keys() == whooshs.keys()
    for ext in ours:
        assert ours[ext] == whooshs[ext], ext


def test_articles_added_after_a_merged_segment_are_written_as_whoosh_writes_them(tmp_path, monkeypatch):
    """Segments merged (Whoosh's add_reader) before new articles are added to the same
    writer: the new articles are numbered after the merged ones, so their postings and
    the segments' go through the pool together, as Whoosh does, and the files are
    still Whoosh's."""
    from whoosh.reading import SegmentReader

    from indexer.schema import record_to_document

    parts, fresh, deleted = _merge_parts()

    def build(home: Home) -> dict[str, bytes]:
        ix = _segments_of(home, parts)
        w = ix.writer(compound=False)
        for url in deleted:
            w.delete_by_term("url", url)
        for segment in w.segments:
            reader = SegmentReader(w.storage, w.schema, segment)
            w.add_reader(reader)
            reader.close()
        for rec in fresh:
            w.add_document(**record_to_document(rec))
        w.commit(mergetype=lambda w, segments: [])  # the merged segments are replaced by the new one
        assert ix.doc_count() == 300 - len(deleted) + len(fresh)
        with ix.searcher() as s:
            assert len(s.search(Term("text", "quarri"), limit=None)) == 10 + len(fresh)
        return _segment_files(home.index_dir)

    from whoosh.query import Term

    ours = build(Home(tmp_path / "ours"))
    _whooshs_own_writing(monkeypatch)
    whooshs = build(Home(tmp_path / "whoosh"))
    assert ours.keys() == whooshs.keys()
    for ext in ours:
        assert ours[ext] == whooshs[ext], ext


KILLED_MID_MERGE = """
import os, sys
from pathlib import Path
from indexer import merging, writer
from indexer.home import Home

real, blocks = merging._write_block, []

def write_block(*args):
    blocks.append(1)
    if len(blocks) == 300:  # the commit's new segment half written
        os._exit(9)
    return real(*args)

merging._write_block = write_block
writer.sync(Home(Path(sys.argv[1])))
"""


def test_a_writer_killed_mid_merge_loses_nothing(tmp_path):
    """A sync whose commit merges MERGE_FANIN segments, killed halfway through writing
    the merged segment: the index still answers with every article indexed before,
    and the next sync indexes the rest."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    def story(i: int) -> dict:  # no copies of each other: no article re-indexed as its story's copy
        return record(i, fingerprint=to_hex(random.Random(i).getrandbits(BITS)))

    home = Home(tmp_path / "home").ensure()
    with RecordStore(home.records_db) as store:
        for n in range(MERGE_FANIN):
            store_articles(store, [story(i) for i in range(10 * n, 10 * n + 10)])
            sync(home, store)
        store_articles(store, [story(i) for i in range(100, 110)])
    assert _segments(home) == MERGE_FANIN
    res = subprocess.run([sys.executable, "-c", KILLED_MID_MERGE, str(home.root)], env={"PYTHONPATH": str(ROOT)},
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 9, res.stderr
    with indexer.open(home.root) as ix:
        assert len(ix.search("story", limit=200, all_copies=True).hits) == 100
    with RecordStore(home.records_db) as store:
        assert sync(home, store) == 10
    assert _segments(home) == 1
    with indexer.open(home.root) as ix:
        assert len(ix.search("story", limit=200, all_copies=True).hits) == 110
        assert len(ix.search("lighthouse keeper", limit=200, all_copies=True).hits) == 22


def test_filters_allow_exactly_what_their_query_matches(tmp_path):
    """The day range read from the ``date`` column and the cached topic/source sets
    allow the documents the filter as a Whoosh query (NumericRange on ``day``, terms)
    matches: over several segments, a replaced article, dates given with offsets that
    move them across midnight UTC, boundary days included, a topic no article has."""
    from datetime import date as day

    from indexer.search import Filters, allowed

    home = Home(tmp_path / "home").ensure()
    offsets = ["+00:00", "-02:00", "+05:30", "+14:00", "-11:00"]
    with RecordStore(home.records_db) as store:
        for part in range(3):  # three syncs: three segments
            batch = []
            for i in range(part * 40, part * 40 + 40):
                r = record(i, day=1 + i % 28)
                r["date"] = f"2025-03-{1 + i % 28:02d}T{(i * 5) % 24:02d}:30:00{offsets[i % 5]}"
                r["topics"] = [["society"], ["sport"], ["sport", "politics"]][i % 3]
                r["source"] = ["The Example Post", "Valley Times"][i % 2]
                batch.append(r)
            store_articles(store, batch)
            sync(home, store)
        changed = record(5, day=20)  # replaced: its old version is a deleted document
        changed["text"] += " Updated."
        store_articles(store, [changed])
        sync(home, store)
    cases = [(None, None, [], []), (day(2025, 3, 10), None, [], []), (None, day(2025, 3, 10), [], []),
             (day(2025, 3, 5), day(2025, 3, 5), [], []), (day(2025, 3, 7), day(2025, 3, 21), ["sport"], []),
             (None, None, ["politics"], ["Valley Times"]), (None, None, ["weather"], []),
             (day(2025, 2, 1), day(2025, 2, 28), [], []), (day(2025, 3, 28), None, ["society", "sport"], [])]
    with indexer.open(home.root) as ix:
        searcher = ix._searcher()
        assert len(searcher.leaf_searchers()) >= 3
        live = set(searcher.reader().all_doc_ids())
        for since, until, topics, sources in cases:
            f = Filters(since, until, topics, sources, [])
            q = f.query(searcher.schema)
            want = set(searcher.docs_for_query(q)) if q is not None else live
            for _ in range(2):  # computed, then from the searcher's cache
                allow = allowed(searcher, f)
                got = live if allow is None else {d for d in live if d in allow}
                assert got == want, (since, until, topics, sources)
        assert want and len(want) < len(live)
        assert ix.search("story", topics=["weather"]).hits == []  # an empty filter allows nothing
        in_range = len(ix.search("story", since="2025-03-28", limit=100, all_copies=True).hits)
        with RecordStore(home.records_db) as store:
            store_articles(store, [record(500, day=28)])
            sync(home, store)
        # the kept searcher is refreshed, and with it its filters
        assert len(ix.search("story", since="2025-03-28", limit=100, all_copies=True).hits) == in_range + 1


@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"the shared corpus is not at {CORPUS} (a clone outside CI)")
def test_snippets_are_whooshs_highlights_of_the_text():
    """The one-loop fragmenter (search._fragments) picks and marks the fragments Whoosh's
    own highlighter does (StemmingAnalyzer, ContextFragmenter, the best 2), over the
    corpus's texts and query terms drawn from them: stems of rare and common words, a
    stem spelled as a stop word ("will"), a word absent from the text."""
    from whoosh import highlight
    from whoosh.analysis import StemmingAnalyzer

    from indexer import search

    texts = [t for t in _corpus_texts() if t.strip()][::3]
    rng = random.Random(5)
    fragmenter = highlight.ContextFragmenter(maxchars=search.SNIPPET_CHARS, surround=60)
    formatter = search._Marker("[", "]")
    analyzer = StemmingAnalyzer()
    compared = 0
    for text in texts:
        stems = [t.text for t in analyzer(text)]
        if not stems:
            continue
        for words in ({rng.choice(stems)}, {rng.choice(stems), rng.choice(stems), "will"}, {"zzyzx", stems[-1]}):
            want = highlight.highlight(text, words, analyzer, fragmenter, formatter, top=2, mode="index")
            fragments = highlight.top_fragments(search._fragments(text, frozenset(words), fragmenter), 2,
                                                highlight.BasicFragmentScorer(), highlight.FIRST)
            assert formatter(text, fragments) == want, (words, text[:80])
            compared += bool(want)
    assert compared > 300


def test_the_story_count_is_the_same_with_story_files_without_them_and_after_merges(tmp_path, monkeypatch):
    """"N results" counts stories: an original and its copies (in other segments) are one.
    The count reads each segment's story file (indexer.stories) that the writer made; an
    index without them (written by an older newsearch), with a damaged one or with one
    a full disk kept from being written counts the same from its column (that commit
    stands); a merge leaves no story file of a segment that is gone."""
    from indexer import stories

    home = Home(tmp_path / "h").ensure()

    def put(records: list[dict]) -> None:
        with RecordStore(home.records_db) as store:
            for rec in records:
                store.put(rec)
        sync(home)  # one commit: a segment of its own

    def article(url: str, n: int, hour: int, original: str | None = None) -> dict:
        return {"url": url, "title": f"Harbour story {n}", "text": f"harbour crane story number {n}. " * 20,
                "date": f"2025-03-{n % 28 + 1:02d}T{hour:02d}:00:00+00:00", "source": url.split("/")[2],
                "duplicate_of": original}

    def totals() -> tuple[int, int, int]:
        ix = indexer.open(home.root)
        try:
            return (ix.search("harbour crane").total, ix.search("harbour", all_copies=True).total,
                    ix.search("number").total)
        finally:
            ix.close()

    originals = [f"https://a{n}.example/story" for n in range(25)]
    put([article(originals[n], n, 9) for n in range(20)])
    put([article(f"https://b{n}.example/story", n, 12, originals[n]) for n in range(10)])
    with monkeypatch.context() as m:  # the disk fills up as the story file is written
        m.setattr(stories.os, "replace", lambda *a: (_ for _ in ()).throw(OSError(28, "No space left on device")))
        put([article(f"https://c{n}.example/story", n, 15, originals[n]) for n in range(5)]
            + [article(originals[n], n, 9) for n in range(20, 25)])
    assert len(list(home.index_dir.glob(f"*{stories.EXT}*"))) == 2  # the commit stands, without its file
    assert totals() == (25, 40, 25)
    stories.write_missing(writer.open_index(home))  # as the next commit does

    files = sorted(home.index_dir.glob(f"*{stories.EXT}"))
    assert len(files) == 3  # one a segment
    assert totals() == (25, 40, 25)
    files[0].write_bytes(files[0].read_bytes()[:-8])  # damaged: one number short
    assert totals() == (25, 40, 25)
    for f in files:
        f.unlink()  # an index written before the story files
    assert totals() == (25, 40, 25)
    reindex(home)  # one new segment: its file written, the old segments' gone with them
    files = sorted(home.index_dir.glob(f"*{stories.EXT}"))
    segment_names = {p.name.split(".")[0] for p in home.index_dir.glob("*.pst")}
    assert len(files) == 1 and files[0].name.split(".")[0] in segment_names
    assert totals() == (25, 40, 25)
