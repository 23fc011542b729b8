"""Search: index build and query latency of newsearch, against SQLite FTS5 and tantivy.

    python benchmarks/search.py                     # 10,000 and 100,000 articles (~30 min, 19 of them
                                                    # newsearch indexing 100k)
    python benchmarks/search.py --sizes 10000       # one size (~3 min)
    python benchmarks/search.py --quick             # 200 articles, 1 timed pass (the smoke test)

**The articles** are synthetic, recombined from the real English article bodies
of the corpus (``--corpus``, default ``../shared/corpus``; a page is English when
over a quarter of its words are common English function words). Article *i*
(seeded, so every process builds the same set):

- text: 2 paragraphs (in order) of one real "base" article + 2-8 paragraphs drawn
  from the whole pool of real English paragraphs of 12+ words, joined by newlines;
- title: 1 time in 5 the base article's real headline, else a 6-14 word window of
  a sentence of one of its paragraphs;
- date: uniform over the 730 days before the run's day; source: one of 20 names;
  topics: one IPTC slug (politics, economy and sport most often), 1 in 5 a second;
  an author, a description (first sentence), ``language = "en"``;
- 3% are wire copies: the text of an earlier article under another source, a few
  hours later (newsearch links these as ``duplicate_of``).

The vocabulary is that of ~160 real articles (~14,000 distinct words), smaller
than a real 100,000-article archive: dictionaries are smaller than real, posting
lists of common words are realistic.

**newsearch** builds through its own library as a crawl does:
``indexer.writer.store_article`` (near-duplicate lookup, ``RecordStore.put``) for
every record, then ``indexer.writer.sync`` (Whoosh, batches of 1,000). **SQLite
FTS5**: one table ``fts5(title, text, tokenize='porter unicode61')`` plus a
metadata table (day, topics, source), ranked by ``bm25(title 2.0, text 1.0)``.
**tantivy**: ``en_stem`` title and text (title boost 2.0), ``day`` as a fast
indexed integer, ``topics`` as raw strings; run from its venv. All three answer
the same ~50 queries with the same meaning: words ANDed, "phrases", ``--since``
as a day range, ``--topic`` as a term; when fewer than 11 stories match all the
words, stories matching some follow (as newsearch does); 10 hits with a snippet.
newsearch also groups wire copies (``collapse``); the others do not.

Latency: in-process p50/p95/p99 of ``indexer.search.search`` (and of the FTS5 and
tantivy equivalents) over all queries, after one warm-up pass; whole process:
``python -m search_cli --home H query ...`` wall time, the first run after the
build ("cold-ish": page cache cannot be dropped here, so the files are cached from
the build) and the median of later runs.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from hashlib import blake2b
from pathlib import Path
from typing import Any, Iterator

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import (  # noqa: E402
    DEFAULT_CORPUS, OUT, ROOT, du, fmt, guarded_env, machine, median, mib, percentile, run_measured, say,
    set_subreaper, table, venv_python, versions,
)

# ---- the synthetic articles ------------------------------------------------------------------
_STOP = frozenset("the of and to a in is that for on it with as was he be by at his are have from but not they this "
                  "has had an were which their said its or who been would will".split())
SOURCES = (
    "Harbour Post", "Valley Times", "Northern Ledger", "City Herald", "Coastal Courier", "Daily Meridian",
    "Capital Report", "Evening Standard-Bearer", "Riverside Gazette", "Metro Wire", "Highland Observer",
    "Global Dispatch", "Morning Tribune", "Lakeside Journal", "Frontier Chronicle", "Weekly Sentinel",
    "Union Telegraph", "Pacific Review", "Atlantic Record", "Midland Mercury",
)
TOPIC_WEIGHTS = {
    "politics": 18, "economy": 14, "sport": 12, "crime": 8, "health": 7, "science": 7, "conflict": 6, "arts": 6,
    "environment": 5, "society": 5, "lifestyle": 4, "education": 3, "disaster": 2, "labour": 2, "human-interest": 2,
    "weather": 1, "religion": 1,
}
_FIRST = "Anna Ben Carla David Elena Farid Grace Hiro Ines Jonas Kofi Lena Marco Nadia Omar Priya Quinn Rosa Sam Tara".split()
_LAST = "Adams Brown Chen Diaz Evans Fischer Garcia Hughes Ito Jensen Khan Lopez Murphy Novak Okafor Patel Rossi Silva".split()
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_WORD = re.compile(r"\w+", re.UNICODE)


def english_pages(corpus: Path) -> list[dict[str, Any]]:
    """Real English articles of the corpus: title (or None) and paragraphs of 12+ words."""
    pages = []
    for gt in sorted(Path(corpus).rglob("*.jsonl")):
        for line in gt.open(encoding="utf-8"):
            try:
                row = json.loads(line)
            except ValueError:
                continue
            body = row.get("body") if isinstance(row, dict) else None
            if not body:
                continue
            words = re.findall(r"[A-Za-z']+", body.lower())
            if not words or sum(w in _STOP for w in words) / len(words) < 0.25:
                continue
            paras = [" ".join(p.split()) for p in re.split(r"\n", body) if len(p.split()) >= 12]
            if paras:
                pages.append({"title": row.get("title"), "paras": paras})
    if not pages:
        raise SystemExit(f"no English article bodies (ground_truth *.jsonl with 'body') under {corpus}")
    return pages


def fast_simhash(text: str, shingle: int = 3) -> int:
    """The same value as ``indexer.fingerprint.simhash`` (checked at build time), faster:
    the 64 bit columns are counted with string operations instead of a loop per bit."""
    words = _WORD.findall(text.lower())
    if len(words) < shingle:
        words = words + [""] * (shingle - len(words))
    grams = [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)]
    bits = [format(int.from_bytes(blake2b(g.encode("utf-8"), digest_size=8).digest(), "big"), "064b") for g in grams]
    n = len(bits)
    value = 0
    for pos, column in enumerate(zip(*bits)):
        if 2 * column.count("1") > n:  # weight > 0: more ones than zeros
            value |= 1 << (63 - pos)
    return value


def _title_from(rng: random.Random, paras: list[str]) -> str:
    para = rng.choice(paras)
    sentences = [s for s in _SENTENCE.split(para) if len(s.split()) >= 6] or [para]
    words = rng.choice(sentences).split()
    size = min(len(words), rng.randint(6, 14))
    start = rng.randint(0, len(words) - size)
    return " ".join(words[start : start + size]).strip(" ,;:-\"'“”‘’").rstrip(".")


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:8]) or "story"


def generate(corpus: Path, n: int, today: date, seed: int = 7, links: bool = False) -> Iterator[dict[str, Any]]:
    """The *n* synthetic article records (deterministic for corpus, n, today and seed).
    With *links*, a wire copy comes with ``duplicate_of`` set to the first article of its
    text, as ``store_article`` would link it; otherwise ``duplicate_of`` is None."""
    pages = english_pages(corpus)
    pool = [p for page in pages for p in page["paras"]]
    bases = [p for p in pages if len(p["paras"]) >= 2] or pages
    topics, weights = list(TOPIC_WEIGHTS), list(TOPIC_WEIGHTS.values())
    authors = [f"{f} {last}" for f in _FIRST for last in _LAST]
    rng = random.Random(seed)
    end = datetime(today.year, today.month, today.day, 23, 59, tzinfo=timezone.utc)
    made: list[tuple[str, str, datetime, str]] = []  # (text, title, date, root url) of each article, for wire copies
    for i in range(n):
        root = None
        if i >= 100 and rng.random() < 0.03:
            text, title, when0, root = made[rng.randrange(max(0, i - 5000), i)]
            when = min(end, when0 + timedelta(minutes=rng.randint(20, 600)))
        else:
            base = rng.choice(bases)
            picked = sorted(rng.sample(range(len(base["paras"])), min(2, len(base["paras"]))))
            paras = [base["paras"][k] for k in picked] + [rng.choice(pool) for _ in range(rng.randint(2, 8))]
            text = "\n".join(paras)
            title = base["title"] if base["title"] and rng.random() < 0.2 else _title_from(rng, paras)
            when = end - timedelta(seconds=rng.randrange(730 * 86400))
        source = rng.choice(SOURCES)
        chosen = [rng.choices(topics, weights)[0]]
        if rng.random() < 0.2:
            other = rng.choices(topics, weights)[0]
            if other != chosen[0]:
                chosen.append(other)
        url = f"https://www.{_slug(source).replace('-', '')}.example/{chosen[0]}/{when:%Y/%m/%d}/{_slug(title)}-{i}"
        made.append((text, title, when, root or url))
        first = _SENTENCE.split(text.split("\n", 1)[0], 1)[0]
        yield {
            "url": url, "title": title, "text": text, "description": first[:300],
            "authors": [rng.choice(authors)], "date": when.isoformat(), "updated": None,
            "date_source": "news-sitemap", "language": "en", "source": source, "topics": chosen,
            "topic_source": "section", "tags": chosen[:], "image": None, "word_count": len(text.split()),
            "crawled_at": (when + timedelta(minutes=5)).replace(microsecond=0).isoformat(),
            "fingerprint": f"{fast_simhash(text):016x}", "duplicate_of": root if links else None,
        }


class _Timed:
    """Wraps an iterator, adding up the time spent producing its items."""

    def __init__(self, it: Iterator[Any]) -> None:
        self.it, self.seconds = it, 0.0

    def __iter__(self) -> "_Timed":
        return self

    def __next__(self) -> Any:
        t0 = time.perf_counter()
        try:
            return next(self.it)
        finally:
            self.seconds += time.perf_counter() - t0


# ---- the queries --------------------------------------------------------------------------------
def Q(q: str, since: str | None = None, topic: str | None = None, kind: str = "") -> dict[str, Any]:
    kind = kind or ("phrase" if '"' in q else f"{len(q.split())} word{'s' if len(q.split()) > 1 else ''}")
    if since or topic:
        kind = "filtered"
    return {"q": q, "since": since, "topic": topic, "kind": kind}


QUERIES = [
    # 1 word
    Q("epstein"), Q("climate"), Q("ukraine"), Q("election"), Q("nasa"), Q("pakistan"), Q("tornadoes"),
    Q("hydrogen"), Q("immigration"), Q("inflation"),
    # 2-4 words
    Q("supreme court"), Q("climate change"), Q("ballistic missile"), Q("trade war"), Q("police investigation"),
    Q("child care"), Q("energy prices"), Q("ai agents"), Q("gaza aid"), Q("jobs report"),
    Q("trump china tariffs"), Q("death toll fire"), Q("green hydrogen pipeline"), Q("russia ukraine peace talks"),
    Q("federal interest rates inflation"), Q("nasa moon launch"), Q("house speaker blackmail"),
    # phrases
    Q('"climate change"'), Q('"supreme court"'), Q('"prime minister"'), Q('"white house"'), Q('"united states"'),
    Q('"death toll"'), Q('"artificial intelligence"'), Q('"new york"'), Q('"interest rates"'), Q('"human rights" gaza'),
    # filters
    Q("election", since="30d"), Q("ukraine", since="7d"), Q('"climate change"', since="6m"), Q("epstein", since="1y"),
    Q("ai", since="90d"), Q("election", topic="politics"), Q("market", topic="economy"), Q("game", topic="sport"),
    Q("launch", topic="science"), Q("fire", topic="disaster"), Q("trump", since="30d", topic="politics"),
    Q("police shooting", since="1y", topic="crime"), Q('"prime minister"', since="6m", topic="politics"),
]
#: The queries also timed as whole processes (one of each kind).
PROCESS_QUERIES = [0, 11, 25, 27, 37, 47]


def since_day(spec: str | None, today: date) -> int | None:
    """Days since 1970-01-01 of ``--since`` (7d, 6m, 1y, a date), as newsearch reads it."""
    if not spec:
        return None
    m = re.fullmatch(r"(\d+)([dwmy])", spec)
    d = today - timedelta(days=int(m.group(1)) * {"d": 1, "w": 7, "m": 30, "y": 365}[m.group(2)]) if m else date.fromisoformat(spec)
    return (d - date(1970, 1, 1)).days


def _terms(q: str) -> list[str]:
    """Words and "phrases" of a query, in order."""
    return [m.group(1) or m.group(2) for m in re.finditer(r'"([^"]+)"|(\S+)', q)]


# ---- newsearch ------------------------------------------------------------------------------------
def _top(prof: Any, n: int = 18) -> str:
    """The top of a cProfile: by own time, and newsearch's functions by cumulative time."""
    import io
    import pstats

    stats = pstats.Stats(prof)
    total = stats.total_tt or 1e-9
    rows = []
    for (file, line, func), (cc, nc, tt, ct, _) in sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:n]:
        rows.append([f"{func} ({_short(file)}:{line})", nc, tt, 100 * tt / total, ct])
    ours = [(k, v) for k, v in stats.stats.items() if any(m in k[0] for m in ("/indexer/", "/crawler/"))]
    rows2 = [[f"{func} ({_short(file)}:{line})", v[1], v[3], 100 * v[3] / total]
             for (file, line, func), v in sorted(ours, key=lambda kv: -kv[1][3])[:10]]
    buf = io.StringIO()
    buf.write(table(["function (by own time)", "calls", "own s", "own %", "cumulative s"], rows) + "\n\n")
    buf.write(table(["newsearch function (by cumulative time)", "calls", "cumulative s", "%"], rows2) + "\n")
    return buf.getvalue()


def _short(path: str) -> str:
    for marker in ("site-packages/", "wt-bench/", "lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


def records_file(work: Path, n: int, corpus: Path, today: date) -> Path:
    """The *n* synthetic records as JSON Lines (made once per size and day, then reused):
    the build measures ingesting articles, not making them up."""
    path = work.parent / f"records-{n}-{today.isoformat()}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as f:
            for i, rec in enumerate(generate(corpus, n, today), 1):
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")
                if i % 100_000 == 0:
                    say(f"  generated {i:,}")
        tmp.rename(path)
    return path


def _read_records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


STORE_BATCH = 1000


def build_newsearch(home: Path, n: int, corpus: Path, today: date, records_path: Path | None = None) -> dict[str, Any]:
    """Ingest *n* records as a crawl would, from an empty home: the records store gets
    them through ``indexer.writer.store_articles`` (near-duplicate lookup and linking,
    one transaction per batch of 1,000), while a second process (``_sync-loop``) keeps
    indexing what is stored with ``indexer.writer.sync`` (Whoosh, merged by size tier,
    large commits on two processes). Done when every record is indexed."""
    import resource

    from indexer.fingerprint import simhash
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import store_articles

    h = Home(home)
    shutil.rmtree(home, ignore_errors=True)
    h.ensure()
    made = records_path or home.parent.parent / f"records-{n}-{today.isoformat()}.jsonl"
    # made beforehand when it exists (the peers read the same file), else made here on the fly
    source = _Timed(_read_records(made) if made.exists() else generate(corpus, n, today))
    stop = home.parent / "ingest.stop"
    stop.unlink(missing_ok=True)
    store = RecordStore(h.records_db)
    syncer = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "_sync-loop", str(home), str(stop)],
                              stdin=subprocess.DEVNULL)
    t_start = time.perf_counter()
    t_store = 0.0
    marks: list[tuple[int, int, float]] = []  # (stored, indexed, seconds since start)
    step = max(STORE_BATCH, n // 20)
    statuses: dict[str, int] = {}
    checked = 0
    batch: list[dict[str, Any]] = []

    def flush() -> None:
        nonlocal t_store
        t0 = time.perf_counter()
        for status in store_articles(store, batch):
            statuses[status] = statuses.get(status, 0) + 1
        t_store += time.perf_counter() - t0
        batch.clear()

    for i, rec in enumerate(source, 1):
        if checked < 20 and i % 7 == 0:
            assert int(rec["fingerprint"], 16) == simhash(rec["text"]), "fast_simhash differs from newsearch's simhash"
            checked += 1
        rec["duplicate_of"] = None
        batch.append(rec)
        if len(batch) >= STORE_BATCH:
            flush()
        if i % step == 0:
            if batch:
                flush()
            indexed = n - store.count_unindexed() if i == n else i - store.count_unindexed()
            marks.append((i, indexed, time.perf_counter() - t_start))
            say(f"  stored {i:,} ({i / t_store:,.0f}/s storing), indexed {indexed:,} after {marks[-1][2]:,.0f} s "
                f"({time.strftime('%H:%M:%S')}; CPU {time.process_time():,.0f} s, peak RSS "
                f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB in this process)")
    if batch:
        flush()
    t_stored = time.perf_counter() - t_start
    stop.touch()
    rc = syncer.wait()
    if rc != 0:
        raise SystemExit(f"the indexing process failed ({rc})")
    wall = time.perf_counter() - t_start
    unindexed = store.count_unindexed()
    marks.append((n, n - unindexed, wall))
    dups = store.db.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
    store.close()
    from whoosh import index as whoosh_index

    ix = whoosh_index.open_dir(str(h.index_dir))
    segments = len(ix._segments())
    docs = ix.doc_count()
    ix.close()
    return {"n": n, "via": "store_articles", "store_s": t_store, "stored_s": t_stored, "wall_s": wall,
            "stored_via_store_article": n, "sync_s": wall, "generate_s": source.seconds, "indexed": docs, "unindexed": unindexed,
            "duplicates": dups, "statuses": statuses, "marks": marks,
            "index_bytes": du(h.index_dir), "records_bytes": du(h.records_db) + du(Path(str(h.records_db) + "-wal")),
            "segments": segments}


def sync_loop(home: Path, stop: Path) -> int:
    """Index what the store holds until *stop* exists and nothing is left: the indexing
    side of the build, in its own process as the Whoosh writer of a crawl would be."""
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import sync

    import resource

    h = Home(home)
    while not h.records_db.exists():
        time.sleep(0.1)
    total = 0
    with RecordStore(h.records_db) as store:
        while True:
            done = sync(h, store)
            total += done
            if done:
                me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
                say(f"  [indexer] {total:,} indexed at {time.strftime('%H:%M:%S')}; CPU {me.ru_utime + me.ru_stime:,.0f} s "
                    f"+ writer processes {kids.ru_utime + kids.ru_stime:,.0f} s; peak RSS {me.ru_maxrss / 1024:,.0f} MiB, "
                    f"writer processes {kids.ru_maxrss / 1024:,.0f} MiB")
            if not done:
                if stop.exists() and not store.count_unindexed():
                    return 0
                time.sleep(0.5)


def profile_queries(home: Path, today: date, passes: int = 3) -> str:
    """cProfile of *passes* passes over the queries (after a warm-up pass)."""
    import cProfile

    from indexer.home import Home
    from indexer.search import Filters, search
    from indexer.topics import topic_for
    from indexer.when import parse_when

    h = Home(home)

    def one(spec: dict[str, Any]) -> Any:
        return search(h, spec["q"], Filters(parse_when(spec["since"], today) if spec["since"] else None, None,
                                            [topic_for(spec["topic"])] if spec["topic"] else [], [], []))

    for spec in QUERIES:
        one(spec)
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(passes):
        for spec in QUERIES:
            one(spec)
    prof.disable()
    return _top(prof, 22)


def query_newsearch(home: Path, runs: int, today: date) -> dict[str, Any]:
    """In-process latency through the Python API (``indexer.open(home)``, one searcher
    kept across queries, as FTS5's connection and tantivy's searcher are), then the
    same queries through ``indexer.search.search`` opening the index for each query
    (what one ``newsearch query`` process does)."""
    import indexer
    from indexer.home import Home
    from indexer.search import Filters, search
    from indexer.topics import topic_for
    from indexer.when import parse_when

    h = Home(home)
    ix = indexer.open(home)

    def api(spec: dict[str, Any]) -> Any:
        return ix.search(spec["q"], since=parse_when(spec["since"], today) if spec["since"] else None,
                         topics=[topic_for(spec["topic"])] if spec["topic"] else [])

    def opening(spec: dict[str, Any]) -> Any:
        filters = Filters(parse_when(spec["since"], today) if spec["since"] else None, None,
                          [topic_for(spec["topic"])] if spec["topic"] else [], [], [])
        return search(h, spec["q"], filters)

    out = _time_queries(api, runs, lambda r: (len(r.hits), r.loosened))
    out["opening"] = _time_queries(opening, max(1, runs // 2), lambda r: (len(r.hits), r.loosened))
    return out


def _time_queries(one: Any, runs: int, describe: Any) -> dict[str, Any]:
    info = []
    for spec in QUERIES:  # warm-up pass, and what each query finds
        info.append(describe(one(spec)))
    lat: list[list[float]] = [[] for _ in QUERIES]
    cpu: list[list[float]] = [[] for _ in QUERIES]
    for _ in range(runs):
        for k, spec in enumerate(QUERIES):
            t0, c0 = time.perf_counter(), time.process_time()
            one(spec)
            lat[k].append(time.perf_counter() - t0)
            cpu[k].append(time.process_time() - c0)
    import resource

    return {"latencies": lat, "cpu": cpu, "hits": [i[0] for i in info], "loosened": [i[1] for i in info],
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


# ---- SQLite FTS5 ------------------------------------------------------------------------------------
def build_fts5(db: Path, n: int, corpus: Path, today: date) -> dict[str, Any]:
    db.unlink(missing_ok=True)
    records = _Timed(_read_records(records_file(db.parent, n, corpus, today)))
    t0 = time.perf_counter()
    con = sqlite3.connect(str(db), isolation_level=None)
    con.executescript("""
        PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;
        CREATE VIRTUAL TABLE docs USING fts5(title, text, tokenize='porter unicode61');
        CREATE TABLE meta(id INTEGER PRIMARY KEY, url TEXT UNIQUE, day INTEGER, topics TEXT, source TEXT, date TEXT);
        CREATE INDEX meta_day ON meta(day);
    """)
    con.execute("BEGIN")
    for i, rec in enumerate(records, 1):
        day = (datetime.fromisoformat(rec["date"]).date() - date(1970, 1, 1)).days
        con.execute("INSERT INTO docs(rowid, title, text) VALUES (?,?,?)", (i, rec["title"], rec["text"]))
        con.execute("INSERT INTO meta(id, url, day, topics, source, date) VALUES (?,?,?,?,?,?)",
                    (i, rec["url"], day, "," + ",".join(rec["topics"]) + ",", rec["source"], rec["date"]))
    con.execute("COMMIT")
    con.execute("INSERT INTO docs(docs) VALUES ('optimize')")
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    total = time.perf_counter() - t0 - records.seconds
    return {"n": n, "build_s": total, "generate_s": records.seconds, "index_bytes": du(db)}


def _fts5_expr(q: str, loose: bool) -> str:
    parts = ['"' + t.replace('"', "") + '"' for t in _terms(q)]
    return (" OR " if loose else " ").join(parts)


def fts5_search(con: sqlite3.Connection, spec: dict[str, Any], today: date, limit: int = 10) -> list[tuple[Any, ...]]:
    where, args = ["docs MATCH ?"], []
    lo = since_day(spec["since"], today)
    if lo is not None:
        where.append("m.day >= ?")
        args.append(lo)
    if spec["topic"]:
        where.append("m.topics LIKE ?")
        args.append(f"%,{spec['topic']},%")
    sql = (f"SELECT m.url, docs.title, m.date, m.source, snippet(docs, 1, '', '', '…', 24), bm25(docs, 2.0, 1.0) AS score "
           f"FROM docs JOIN meta m ON m.id = docs.rowid WHERE {' AND '.join(where)} ORDER BY score LIMIT ?")
    hits = con.execute(sql, [_fts5_expr(spec["q"], False), *args, limit + 1]).fetchall()
    if len(hits) < limit + 1 and len(_terms(spec["q"])) > 1:
        seen = {h[0] for h in hits}
        for h in con.execute(sql, [_fts5_expr(spec["q"], True), *args, limit + 1]).fetchall():
            if h[0] not in seen and len(hits) <= limit:
                hits.append(h)
                seen.add(h[0])
    return hits[:limit]


def query_fts5(db: Path, runs: int, today: date) -> dict[str, Any]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    return _time_queries(lambda spec: fts5_search(con, spec, today), runs, lambda r: (len(r), None))


# ---- tantivy (run with the peers venv's python) ----------------------------------------------------
def _tantivy_schema() -> Any:
    import tantivy

    b = tantivy.SchemaBuilder()
    b.add_text_field("url", stored=True, tokenizer_name="raw")
    b.add_text_field("title", stored=True, tokenizer_name="en_stem")
    b.add_text_field("text", stored=True, tokenizer_name="en_stem")
    b.add_integer_field("day", stored=False, indexed=True, fast=True)
    b.add_text_field("topics", stored=True, tokenizer_name="raw")
    b.add_text_field("source", stored=True, tokenizer_name="raw")
    b.add_text_field("date", stored=True, tokenizer_name="raw")
    return b.build()


def build_tantivy(folder: Path, n: int, corpus: Path, today: date) -> dict[str, Any]:
    import tantivy

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    records = _Timed(_read_records(records_file(folder.parent, n, corpus, today)))
    t0 = time.perf_counter()
    index = tantivy.Index(_tantivy_schema(), path=str(folder))
    writer = index.writer(heap_size=256_000_000)
    for rec in records:
        day = (datetime.fromisoformat(rec["date"]).date() - date(1970, 1, 1)).days
        writer.add_document(tantivy.Document(url=rec["url"], title=rec["title"], text=rec["text"], day=day,
                                             topics=rec["topics"], source=rec["source"], date=rec["date"]))
    writer.commit()
    writer.wait_merging_threads()
    total = time.perf_counter() - t0 - records.seconds
    return {"n": n, "build_s": total, "generate_s": records.seconds, "index_bytes": du(folder)}


class TantivySearch:
    def __init__(self, folder: Path, today: date) -> None:
        import tantivy

        self.t = tantivy
        self.index = tantivy.Index.open(str(folder))
        self.schema = self.index.schema
        self.searcher = self.index.searcher()
        self.today = today

    def _query(self, spec: dict[str, Any], loose: bool) -> Any:
        t = self.t
        text = " ".join(f'"{x}"' if " " in x else x for x in _terms(spec["q"]))
        q = self.index.parse_query(text, ["title", "text"], field_boosts={"title": 2.0}, conjunction_by_default=not loose)
        must = [(t.Occur.Must, q)]
        lo = since_day(spec["since"], self.today)
        if lo is not None:
            must.append((t.Occur.Must, t.Query.range_query(self.schema, "day", t.FieldType.Integer, lo, None)))
        if spec["topic"]:
            must.append((t.Occur.Must, t.Query.term_query(self.schema, "topics", spec["topic"])))
        return q if len(must) == 1 else t.Query.boolean_query(must)

    def search(self, spec: dict[str, Any], limit: int = 10) -> list[tuple[Any, ...]]:
        strict = self._query(spec, False)
        found = self.searcher.search(strict, limit + 1, count=False).hits
        if len(found) < limit + 1 and len(_terms(spec["q"])) > 1:
            seen = {(a.segment_ord, a.doc) for _, a in found}
            for score, addr in self.searcher.search(self._query(spec, True), limit + 1, count=False).hits:
                if (addr.segment_ord, addr.doc) not in seen and len(found) <= limit:
                    found.append((score, addr))
                    seen.add((addr.segment_ord, addr.doc))
        gen = self.t.SnippetGenerator.create(self.searcher, strict, self.schema, "text")
        out = []
        for score, addr in found[:limit]:
            doc = self.searcher.doc(addr)
            out.append((doc["url"][0], doc["title"][0], doc["date"][0], doc["source"][0],
                        gen.snippet_from_doc(doc).fragment(), score))
        return out


def query_tantivy(folder: Path, runs: int, today: date) -> dict[str, Any]:
    ts = TantivySearch(folder, today)
    return _time_queries(ts.search, runs, lambda r: (len(r), None))


# ---- the whole-process commands -------------------------------------------------------------------
def one_query(engine: str, where: Path, spec: dict[str, Any], today: date) -> int:
    """What a one-shot command line does: open, search, print 10 hits."""
    if engine == "fts5":
        con = sqlite3.connect(f"file:{where}?mode=ro", uri=True)
        hits = fts5_search(con, spec, today)
    else:
        hits = TantivySearch(where, today).search(spec)
    for h in hits:
        print(f"{h[1]}\n  {h[3]} · {h[2]}\n  {h[0]}\n  {h[4]}\n")
    return 0


# ---- the driver ---------------------------------------------------------------------------------
def _child(py: Path | str, *args: str, env: dict[str, str] | None = None, timeout: float = 1800) -> tuple[dict[str, Any], Any]:
    run = run_measured([str(py), str(Path(__file__).resolve()), *args], env=env or guarded_env(pythonpath=[ROOT]),
                       cwd=ROOT, timeout=timeout)
    if run.rc != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed ({run.rc}):\n{run.stderr[-4000:]}")
    if run.stderr.strip():
        say(run.stderr.rstrip()[-2000:])
    return json.loads(run.stdout.strip().splitlines()[-1]), run


def _latency_stats(res: dict[str, Any], key: str = "latencies") -> dict[str, Any]:
    """Percentiles of wall time per query (*key* "cpu": of the process's CPU time)."""
    flat = [x for per in res[key] for x in per]
    kinds: dict[str, list[float]] = {}
    for spec, per in zip(QUERIES, res[key]):
        kinds.setdefault(spec["kind"], []).extend(per)
    return {"p50": percentile(flat, 50), "p95": percentile(flat, 95), "p99": percentile(flat, 99), "max": max(flat),
            "n": len(flat), "by_kind": {k: percentile(v, 50) for k, v in kinds.items()}}


def _process_times(cmds: list[list[str]], runs: int, env: dict[str, str]) -> dict[str, Any]:
    """Wall time of each command line, round robin *runs* times; the first run of all is
    reported apart ("cold-ish")."""
    times: list[list[float]] = [[] for _ in cmds]
    first = None
    for r in range(runs):
        for k, cmd in enumerate(cmds):
            t0 = time.perf_counter()
            res = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120, stdin=subprocess.DEVNULL)
            took = time.perf_counter() - t0
            if res.returncode != 0:
                raise SystemExit(f"{cmd} failed: {res.stderr[-2000:]}")
            if first is None:
                first = took
            else:
                times[k].append(took)
    later = [x for per in times for x in per]
    return {"first": first, "median": median(later), "p95": percentile(later, 95), "n": len(later) + 1,
            "per_query": [median(per) if per else None for per in times]}


def bench_size(n: int, args: argparse.Namespace, today: date) -> dict[str, Any]:
    work = args.out / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    common = [str(n), str(args.corpus), today.isoformat()]
    res: dict[str, Any] = {"n": n}
    py = sys.executable
    peers_py = venv_python("peers")

    home = work / "newsearch"
    saved = work / "newsearch-build.json"
    if args.reuse_build and saved.exists():
        say(f"[{n:,}] newsearch: reusing the index built before ({saved})")
        res["newsearch_build"] = json.loads(saved.read_text())
    else:
        say(f"[{n:,}] newsearch: ingesting (store_articles + sync in a second process) ...")
        if n <= 200_000 or not args.no_peers:
            records_file(work, n, args.corpus, today)
        info, run = _child(py, "_build-newsearch", str(home), *common, timeout=6 * 3600)
        res["newsearch_build"] = {**info, "peak_rss": run.peak_rss, "wall": run.wall, "cpu_tree": run.cpu_user + run.cpu_sys}
        saved.write_text(json.dumps(res["newsearch_build"]))
    if args.build_only:
        return res
    say(f"[{n:,}] newsearch: whole-process queries ...")
    env = guarded_env(pythonpath=[ROOT])
    cmds = []
    for k in PROCESS_QUERIES:
        spec = QUERIES[k]
        cmd = [py, "-m", "search_cli", "--home", str(home), "query", spec["q"]]
        if spec["since"]:
            cmd += ["--since", spec["since"]]
        if spec["topic"]:
            cmd += ["--topic", spec["topic"]]
        cmds.append(cmd)
    res["newsearch_process"] = _process_times(cmds, args.process_runs, env)
    say(f"[{n:,}] newsearch: in-process latency ...")
    info, _ = _child(py, "_query-newsearch", str(home), str(args.runs), today.isoformat())
    res["newsearch_query"] = info
    if args.profile:
        say(f"[{n:,}] newsearch: profiling the queries ...")
        info, _ = _child(py, "_profile-queries", str(home), today.isoformat())
        res["newsearch_query_profile"] = info["profile"]

    if not args.no_peers:
        say(f"[{n:,}] SQLite FTS5: building ...")
        db = work / "fts5.db"
        info, run = _child(py, "_build-fts5", str(db), *common)
        res["fts5_build"] = {**info, "peak_rss": run.peak_rss, "wall": run.wall}
        cmds = [[py, str(Path(__file__).resolve()), "_one", "fts5", str(db), json.dumps(QUERIES[k]), today.isoformat()]
                for k in PROCESS_QUERIES]
        res["fts5_process"] = _process_times(cmds, args.process_runs, env)
        info, _ = _child(py, "_query-fts5", str(db), str(args.runs), today.isoformat())
        res["fts5_query"] = info
        if peers_py:
            say(f"[{n:,}] tantivy: building ...")
            folder = work / "tantivy"
            info, run = _child(peers_py, "_build-tantivy", str(folder), *common)
            res["tantivy_build"] = {**info, "peak_rss": run.peak_rss, "wall": run.wall}
            cmds = [[str(peers_py), str(Path(__file__).resolve()), "_one", "tantivy", str(folder), json.dumps(QUERIES[k]),
                     today.isoformat()] for k in PROCESS_QUERIES]
            res["tantivy_process"] = _process_times(cmds, args.process_runs, env)
            info, _ = _child(peers_py, "_query-tantivy", str(folder), str(args.runs), today.isoformat())
            res["tantivy_query"] = info
        else:
            say("tantivy skipped: no peers venv (run benchmarks/setup_peers.sh)")
    # the plain cost of starting Python and importing the query path
    res["python_startup"] = _process_times([[py, "-c", "pass"]], max(3, args.process_runs), env)["median"]
    res["import_query_path"] = _process_times([[py, "-c", "import search_cli.main, indexer.search"]],
                                              max(3, args.process_runs), env)["median"]
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return res


ENGINES = (("newsearch", "newsearch"), ("SQLite FTS5", "fts5"), ("tantivy", "tantivy"))


def ns_rate(b: dict[str, Any]) -> float:
    """newsearch's ingest rate, articles/s: from the first article stored to the last one
    indexed, storing and indexing included."""
    return b["n"] / b["wall_s"]


def render(all_res: list[dict[str, Any]], meta: dict[str, Any]) -> str:
    out = [f"## Search: index build and query latency ({len(QUERIES)} queries, {meta['runs']} timed pass(es) each)\n"]
    rows = []
    for res in all_res:
        for name, key in ENGINES:
            b = res.get(f"{key}_build")
            if not b:
                continue
            if key == "newsearch":
                secs = b["wall_s"]
                size = b["index_bytes"] + b["records_bytes"]
                last = [m for m in b["marks"] if m[0] >= b["n"] // 2]
                half = (f"second half {(last[-1][1] - last[0][1]) / (last[-1][2] - last[0][2]):,.0f}/s indexed; "
                        if len(last) >= 2 and last[-1][2] > last[0][2] else "")
                detail = (f"store_articles {b['n'] / b['store_s']:,.0f}/s ({1000 * b['store_s'] / b['n']:.2f} ms an article, "
                          f"all stored after {b['stored_s']:,.0f} s); {half}CPU {b.get('cpu_tree', 0) / b['n'] * 1000:.1f} ms "
                          f"an article (tree); Whoosh {mib(b['index_bytes']):,.0f} MiB in {b.get('segments', '?')} segments "
                          f"+ records {mib(b['records_bytes']):,.0f} MiB; {b['duplicates']:,} linked as copies")
                rows.append([f"{res['n']:,}", name, secs, ns_rate(b), mib(size), mib(b["peak_rss"]), detail])
                continue
            secs = b["build_s"]
            size = b["index_bytes"]
            detail = "text stored in the index"
            rows.append([f"{res['n']:,}", name, secs, res["n"] / secs, mib(size), mib(b["peak_rss"]), detail])
    out.append("### Index build\n")
    out.append(table(["articles", "engine", "build s", "articles/s", "on disk MiB", "peak RSS MiB", "notes"], rows))
    out.append("")
    out.append("### Query latency\n")
    rows = []
    for res in all_res:
        for name, key in ENGINES:
            q, p = res.get(f"{key}_query"), res.get(f"{key}_process")
            if not q:
                continue
            s = _latency_stats(q)
            c = _latency_stats(q, "cpu") if "cpu" in q else None
            rows.append([f"{res['n']:,}", name, s["p50"] * 1000, s["p95"] * 1000, s["p99"] * 1000, s["max"] * 1000,
                         c["p50"] * 1000 if c else None, c["p99"] * 1000 if c else None,
                         p["first"] if p else None, p["median"] if p else None])
            if "opening" in q:
                o, oc = _latency_stats(q["opening"]), _latency_stats(q["opening"], "cpu")
                rows.append([f"{res['n']:,}", f"{name}, opening the index per query", o["p50"] * 1000, o["p95"] * 1000,
                             o["p99"] * 1000, o["max"] * 1000, oc["p50"] * 1000, oc["p99"] * 1000, None, None])
    out.append(table(["articles", "engine", "in-process p50 ms", "p95 ms", "p99 ms", "max ms", "CPU p50 ms",
                      "CPU p99 ms", "whole process: first run s", "whole process: median s"], rows))
    out.append("")
    out.append("In-process: newsearch through `indexer.open(home).search(...)`, one searcher kept open (FTS5 keeps its "
               "connection, tantivy its searcher); \"opening the index per query\" is `indexer.search.search` as one "
               "`newsearch query` runs it. CPU: the process's CPU time per query (`time.process_time`), which other "
               "work on the machine does not inflate as it does wall time.")
    out.append("")
    last = all_res[-1]
    out.append(f"Whole process: `python -m search_cli --home H query ...` (newsearch) or a 40-line script (FTS5, tantivy), "
               f"{len(PROCESS_QUERIES)} queries round robin, {meta['process_runs']} runs each. For scale: `python -c pass` "
               f"takes {last['python_startup']:.3f} s, importing newsearch's query path (click, Whoosh) "
               f"{last['import_query_path']:.3f} s here.")
    out.append("")
    out.append("### By kind of query (in-process p50, ms)\n")
    kinds = list(dict.fromkeys(q["kind"] for q in QUERIES))
    rows = []
    for res in all_res:
        for name, key in ENGINES:
            q = res.get(f"{key}_query")
            if q:
                bk = _latency_stats(q)["by_kind"]
                rows.append([f"{res['n']:,}", name, *[bk[k] * 1000 for k in kinds]])
    out.append(table(["articles", "engine", *kinds], rows))
    out.append("")
    # ratios and goals
    out.append("### Ratios and goals\n")
    rows = []
    for res in all_res:
        nq, nb, npr = res["newsearch_query"], res["newsearch_build"], res["newsearch_process"]
        s = _latency_stats(nq)
        n = res["n"]
        rate = ns_rate(nb)
        limit = 0.2 if n <= 100_000 else 0.3
        rows.append([f"{n:,}", "newsearch whole-process query, median s", npr["median"], f"≤ {limit}", npr["median"] <= limit])
        rows.append([f"{n:,}", "newsearch in-process p50 ms", s["p50"] * 1000, "≤ 20", s["p50"] * 1000 <= 20])
        rows.append([f"{n:,}", "newsearch in-process p99 ms", s["p99"] * 1000, "≤ 100", s["p99"] * 1000 <= 100])
        if "cpu" in nq:
            c = _latency_stats(nq, "cpu")
            rows.append([f"{n:,}", "newsearch in-process CPU p50 / p99 ms", f"{c['p50'] * 1000:.1f} / {c['p99'] * 1000:.1f}",
                         "≤ 20 / ≤ 100", c["p50"] * 1000 <= 20 and c["p99"] * 1000 <= 100])
        rows.append([f"{n:,}", "newsearch ingest (store + index), articles/s", rate, "≥ 500", rate >= 500])
        if nb.get("cpu_tree"):
            rows.append([f"{n:,}", "newsearch ingest CPU ms an article (all processes); 2 cores ÷ that",
                         f"{1000 * nb['cpu_tree'] / n:.2f}; {2 * n / nb['cpu_tree']:,.0f}/s", "≥ 500/s", 2 * n / nb["cpu_tree"] >= 500])
        for name, key in ENGINES[1:]:
            q, b = res.get(f"{key}_query"), res.get(f"{key}_build")
            if not q:
                continue
            rows.append([f"{n:,}", f"newsearch p50 ÷ {name} p50", s["p50"] / _latency_stats(q)["p50"], "", None])
            rows.append([f"{n:,}", f"newsearch whole process ÷ {name} whole process",
                         npr["median"] / res[f"{key}_process"]["median"], "", None])
            rows.append([f"{n:,}", f"{name} build rate ÷ newsearch build rate", (n / b["build_s"]) / rate, "", None])
    out.append(table(["articles", "figure", "value", "goal", "met"], rows))
    out.append("")
    out.append("### The queries (hits on the largest index: newsearch / FTS5 / tantivy; * = newsearch filled up with partial matches)\n")
    rows = []
    for k, spec in enumerate(QUERIES):
        hits = []
        for _, key in ENGINES:
            q = last.get(f"{key}_query")
            if q:
                hits.append(f"{q['hits'][k]}{'*' if q['loosened'][k] else ''}")
        lat = [fmt(median(last[f"{key}_query"]["latencies"][k]) * 1000) for _, key in ENGINES if last.get(f"{key}_query")]
        rows.append([spec["q"], spec["since"] or "", spec["topic"] or "", " / ".join(hits), " / ".join(lat)])
    out.append(table(["query", "--since", "--topic", "hits (of 10)", "median ms"], rows))
    for res in all_res:
        if "newsearch_query_profile" in res:
            out.append(f"### Profile: newsearch queries on {res['n']:,}, 3 passes (cProfile)\n")
            out.append(res["newsearch_query_profile"])
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0].startswith("_"):
        return _internal(argv)
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of real pages with ground truth (default: %(default)s)")
    ap.add_argument("--sizes", default="10000,100000", help="article counts, comma-separated (default 10000,100000)")
    ap.add_argument("--runs", type=int, default=5, help="timed in-process passes over the queries (default 5)")
    ap.add_argument("--process-runs", type=int, default=5, help="whole-process runs of each of 6 queries (default 5)")
    ap.add_argument("--no-peers", action="store_true", help="newsearch only")
    ap.add_argument("--profile", action="store_true", help="cProfile newsearch's queries")
    ap.add_argument("--keep", action="store_true", help="keep the indexes in --out")
    ap.add_argument("--build-only", action="store_true", help="build newsearch's index and stop (with --keep, for a later --reuse-build)")
    ap.add_argument("--reuse-build", action="store_true", help="query the newsearch index a --keep run left in --out instead of building it again")
    ap.add_argument("--quick", action="store_true", help="200 articles, 1 pass, 2 process runs (smoke test)")
    ap.add_argument("--out", type=Path, default=OUT / "search", help="work folder (default benchmarks/out/search)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.process_runs = "200", 1, 2
    set_subreaper()
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    today = date.today()
    all_res = []
    for n in sizes:
        t0 = time.monotonic()
        all_res.append(bench_size(n, args, today))
        say(f"[{n:,}] done in {time.monotonic() - t0:.0f} s")
    if args.build_only:
        print(json.dumps([r["newsearch_build"] for r in all_res]))
        return 0
    meta = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "runs": args.runs,
            "process_runs": args.process_runs, "versions": versions(sys.executable, ["whoosh-reloaded", "click"]),
            "sqlite": sqlite3.sqlite_version}
    if venv_python("peers"):
        meta["versions_peers"] = versions(venv_python("peers"), ["tantivy"])
    print(render(all_res, meta))
    (args.out / "results.json").write_text(json.dumps({"meta": meta, "results": all_res}, indent=2, default=str))
    return 0


def _internal(argv: list[str]) -> int:
    cmd = argv[0]
    if cmd == "_one":
        engine, where, spec, today = argv[1], Path(argv[2]), json.loads(argv[3]), date.fromisoformat(argv[4])
        return one_query(engine, where, spec, today)
    if cmd.startswith("_build-"):
        where, n, corpus, today = Path(argv[1]), int(argv[2]), Path(argv[3]), date.fromisoformat(argv[4])
        if cmd == "_build-newsearch":
            print(json.dumps(build_newsearch(where, n, corpus, today)))
            return 0
        fn = {"_build-fts5": build_fts5, "_build-tantivy": build_tantivy}[cmd]
        print(json.dumps(fn(where, n, corpus, today)))
        return 0
    if cmd == "_sync-loop":
        return sync_loop(Path(argv[1]), Path(argv[2]))
    if cmd == "_profile-queries":
        print(json.dumps({"profile": profile_queries(Path(argv[1]), date.fromisoformat(argv[2]))}))
        return 0
    if cmd.startswith("_query-"):
        where, runs, today = Path(argv[1]), int(argv[2]), date.fromisoformat(argv[3])
        fn = {"_query-newsearch": query_newsearch, "_query-fts5": query_fts5, "_query-tantivy": query_tantivy}[cmd]
        print(json.dumps(fn(where, runs, today)))
        return 0
    raise SystemExit(f"unknown internal command {cmd}")


if __name__ == "__main__":
    sys.exit(main())
