"""Ranked evaluation over whole posting lists (indexer.evaluation, issue 12): the
documents and scores Whoosh's own matchers give, over several segments, a replaced
article (a deleted document), dense and sparse posting lists, phrases, exclusions,
fielded words and filters; and the results a user sees are the same either way."""
from __future__ import annotations

import random
from datetime import date

import pytest
from whoosh import collectors

import indexer
from indexer import evaluation
from indexer.fingerprint import simhash, to_hex
from indexer.home import Home
from indexer.search import Filters, allowed, loosen, parse_query
from indexer.store import RecordStore
from indexer.writer import store_articles, sync

# common words make dense posting lists (gaps under 256 inside a block), rare ones
# sparse lists with wide gaps; both are read, in the same index
COMMON = ("council harbour police report water school minister court election market price fire storm "
          "budget hospital river bridge train vote farmers").split()
RARE = "lighthouse viaduct orchestra shipwreck logbook breakwater".split()
PHRASES = ["prime minister", "white house", "death toll", "new york", "new new york"]
SOURCES = ["The Example Post", "Valley Times", "Harbour Gazette"]


def _article(i: int, rng: random.Random) -> dict:
    words = []
    for _ in range(rng.randint(20, 160)):
        r = rng.random()
        words.append(rng.choice(RARE) if r < 0.004 else rng.choice(COMMON) if r < 0.6 else f"w{rng.randint(0, 400)}")
    for _ in range(rng.randint(0, 3)):  # phrases, and their words apart
        words.insert(rng.randint(0, len(words)), rng.choice(PHRASES))
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), "york minister house new toll")
    text = " ".join(words).capitalize() + "."
    title = " ".join(rng.choice(COMMON + RARE[:2] + ["prime minister"]) for _ in range(rng.randint(3, 9))).capitalize()
    return {
        "url": f"https://news.example/{i}", "title": title, "text": text,
        "date": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00", "source": SOURCES[i % 3],
        "language": "en", "topics": [["politics"], ["economy"], ["sport", "politics"]][i % 3],
        "authors": [["Ann Lee"], ["Bo Park"], []][i % 3], "fingerprint": to_hex(simhash(text)),
    }


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Home:
    rng = random.Random(12)
    home = Home(tmp_path_factory.mktemp("eval") / "home").ensure()
    with RecordStore(home.records_db) as store:
        made: list[dict] = []
        for part in range(3):  # three syncs: three segments
            batch = []
            for i in range(part * 500, part * 500 + 500):
                a = _article(i, rng)
                if i % 20 == 19:  # a wire copy of an earlier story, on another site
                    a.update(text=made[i - 5]["text"], fingerprint=made[i - 5]["fingerprint"],
                             source="Wire Copy Daily")
                made.append(a)
                batch.append(a)
            store_articles(store, batch)
            sync(home, store)
        changed = _article(7, rng)  # replaced: its old version stays as a deleted document
        changed["text"] += " Lighthouse repairs."
        store_articles(store, [changed])
        sync(home, store)
    return home


QUERIES = [
    "council", "lighthouse", "shipwreck", "harbour police", "police report water", "council lighthouse",
    '"prime minister"', '"new york"', '"new new york"', '"death toll" fire', "minister -police",
    'source:"Valley Times" budget', "author:lee market", "topics:sport vote", "title:minister court",
    "w7 w13", '"york minister"', "nosuchword", "court nosuchword",
]
FILTERS = [Filters(), Filters(since=date(2025, 4, 1), until=date(2025, 9, 30)), Filters(topics=["sport"]),
           Filters(since=date(2025, 6, 1), topics=["politics"], sources=["Harbour Gazette"])]


def _whoosh(searcher, q, allow) -> dict[int, float]:
    every = collectors.UnlimitedCollector()
    outer = collectors.FilterCollector(every, allow=allow) if allow is not None else every
    searcher.search_with_collector(q, outer)
    return {docnum: score for score, docnum in outer.results().top_n}


def test_the_same_documents_and_scores_as_whooshs_matchers(home):
    with indexer.open(home.root) as ix:
        searcher = ix._searcher()
        assert len(searcher.leaf_searchers()) >= 3 and searcher.reader().has_deletions()
        compared = 0
        for text in QUERIES:
            strict = parse_query(text, searcher.schema)
            for q in filter(None, [strict, loosen(strict)]):
                for f in FILTERS:
                    allow = allowed(searcher, f)
                    want = _whoosh(searcher, q, allow)
                    got = evaluation.evaluate(searcher, q, allow)
                    assert got is not None, q
                    assert set(got) == set(want), (text, f)
                    for d, score in want.items():
                        assert got[d] == pytest.approx(score, rel=1e-12), (text, d)
                    compared += len(want)
        assert compared > 20_000  # the queries match something: dense lists, not only misses


def test_query_shapes_it_does_not_know_are_left_to_whoosh(home):
    """A prefix, a wildcard or a field that is not scored: evaluate() declines, and the
    search still answers (through Whoosh's collectors)."""
    with indexer.open(home.root) as ix:
        searcher = ix._searcher()
        for text in ("harb*", "lightho?se", "language:en harbour"):
            assert evaluation.evaluate(searcher, parse_query(text, searcher.schema)) is None
        assert ix.search("harb*").hits
        assert ix.search("lightho?se").hits


def test_what_a_user_sees_is_the_same_with_whooshs_matchers(home, monkeypatch):
    """Hits, their order, snippets, counts and the partial matches that follow: the same
    whether ranked here or by Whoosh's collectors."""
    def run() -> list:
        with indexer.open(home.root) as ix:
            out = []
            for text in QUERIES:
                r = ix.search(text, limit=10)
                out.append((r.total, r.full, r.loosened, [(h.url, round(h.score, 9), h.snippet, h.partial) for h in r.hits]))
            r = ix.search("council", since="2025-05-01", topics=["economy"], page=2)
            out.append((r.total, [h.url for h in r.hits]))
            for text in ("council", '"new york"', "harbour police", "court nosuchword"):  # newest first
                r = ix.search(text, sort="date", limit=15)
                out.append((r.total, [(h.url, h.date, h.snippet) for h in r.hits]))
            return out

    fast = run()
    monkeypatch.setattr(evaluation, "evaluate", lambda *args, **kwargs: None)
    assert run() == fast
    assert sum(len(x[-1]) for x in fast[: len(QUERIES)]) > 100


def test_each_documents_story_is_its_group(home):
    """Each document's story number (read from its segment's story file) is the number
    of its stored ``group`` (its original's URL for a copy), in every segment, and the
    same when read from the group column; copies are counted as one story."""
    from indexer.search import _groups
    from indexer.stories import EXT, story_number

    with indexer.open(home.root) as ix:
        searcher = ix._searcher()
        live = sorted(searcher.reader().all_doc_ids())
        want = {d: story_number(searcher.stored_fields(d)["group"].encode()) for d in live}
        copies = sum(1 for d in live if searcher.stored_fields(d).get("duplicate_of"))
        assert copies >= 50
        files = {f: f.read_bytes() for f in home.index_dir.glob(f"*{EXT}")}
        assert len(files) == len(evaluation.segments(searcher))
        try:
            for read_from in ("story files", "group column"):
                if read_from == "group column":  # as in an index written before the story files
                    searcher._newsearch_cache.clear()
                    for f in files:
                        f.unlink()
                groups = _groups(searcher)
                assert all(groups.key(d) == want[d] for d in live), read_from
                assert groups.keys(live) == set(want.values())
                assert len(groups.keys(live)) == len(live) - copies
                r = ix.search("council")
                assert r.total == len(groups.keys(evaluation.matching(searcher, parse_query("council", searcher.schema))))
        finally:
            for f, data in files.items():
                f.write_bytes(data)


def test_a_damaged_posting_block_is_reported_as_damage(home, tmp_path):
    """Garbage in the data of a posting block (the segment check at sync reads only each
    file's last term) is found by the query that decodes it: one line naming damage, the
    fix, exit 1; not a traceback."""
    import shutil

    from click.testing import CliRunner

    from indexer.errors import IndexDamagedError
    from indexer.writer import open_index
    from search_cli.main import cli

    copy = Home(shutil.copytree(home.root, tmp_path / "home"))
    ix = open_index(copy)
    with ix.searcher() as searcher:
        (leaf, _), *_ = searcher.leaf_searchers()
        reader = leaf.reader()
        m = reader._terms.matcher("text", b"council", reader.schema["text"].format, scorer=None)
        start, end = m._dataoffset, m._nextoffset
        path = copy.index_dir / reader._segment.make_filename(".pst")
    data = bytearray(path.read_bytes())
    data[start:end] = bytes((i * 37 + 11) % 256 for i in range(end - start))
    path.write_bytes(bytes(data))
    with pytest.raises(IndexDamagedError, match="the index is damaged"):
        with indexer.open(copy.root) as damaged:
            damaged.search("council")
    result = CliRunner().invoke(cli, ["--home", str(copy.root), "query", "council"])
    assert result.exit_code == 1
    assert "the index is damaged" in result.output and "Traceback" not in result.output


def test_phrases_in_very_long_texts_as_whooshs_matchers_find_them(tmp_path):
    """A phrase said 1,500 times in one article (pickle writes such a list of positions
    in batches of 1,000) and a phrase 70,000 words into a text (positions over 65,535
    take pickle's widest integers): found in the same articles, with the same scores,
    as by Whoosh's matchers."""
    rng = random.Random(5)
    home = Home(tmp_path / "home").ensure()
    filler = [f"w{rng.randint(0, 3000)}" for _ in range(70_000)]
    texts = {
        "https://news.example/chant": " ".join(["harbour police said"] * 1_500) + ".",
        "https://news.example/long": " ".join(filler) + " harbour police at last. Prime minister.",
        "https://news.example/apart": " ".join(filler[:5000]) + " police harbour. Minister prime.",
        "https://news.example/short": "The harbour police and the prime minister met.",
    }
    with RecordStore(home.records_db) as store:
        store_articles(store, [{"url": url, "title": "Report", "text": text, "date": "2025-03-01T09:00:00+00:00",
                                "source": "Valley Times", "language": "en", "topics": ["crime"], "authors": [],
                                "fingerprint": to_hex(simhash(text))} for url, text in texts.items()])
        sync(home, store)
    with indexer.open(home.root) as ix:
        searcher = ix._searcher()
        for text, urls in (('"harbour police"', {"chant", "long", "short"}), ('"prime minister"', {"long", "short"}),
                           ('"police said harbour"', {"chant"}), ('"harbour police at last"', {"long"})):
            q = parse_query(text, searcher.schema)
            got, want = evaluation.evaluate(searcher, q), _whoosh(searcher, q, None)
            assert got == pytest.approx(want, rel=1e-12), text
            assert {searcher.stored_fields(d)["url"].rsplit("/", 1)[1] for d in got} == urls, text
