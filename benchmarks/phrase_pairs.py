"""What indexing two-word phrases as terms would cost and gain (issue 12's next step).

    python benchmarks/phrase_pairs.py              # 20,000 of the search benchmark's articles (~4 min)
    python benchmarks/phrase_pairs.py --quick      # 500 articles (smoke test)

A phrase at a million articles spends most of its time unpickling its words' positions
(RESULTS.md, "Fifth pass"). The alternative measured here: a ``pairs`` field holding
each article's pairs of consecutive indexed words ("unit_state"), taken from the same
analyzer as ``text`` (so stop words are skipped as the phrase query skips them),
without positions. Two Whoosh indexes of the same articles, newsearch's schema
with and without that field, written the same way (commits of 5,000 in one process);
reported: the CPU of writing them, their size, and for a few phrases the documents
found from positions against those of the pair's posting list (both through
``indexer.evaluation.matching``; they must be the same) and the CPU of each. Not part
of newsearch: a measurement of a design, kept so the figures can be made again.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import DEFAULT_CORPUS, OUT, say, table  # noqa: E402

PHRASES = [["unit", "state"], ["climat", "chang"], ["prime", "minist"], ["new", "york"], ["interest", "rate"]]
COMMIT = 5000


def pairs_of(analyzer: Any, text: str) -> str:
    """The article's distinct pairs of consecutive indexed words, as one keyword string."""
    words = [t.text for t in analyzer(text)]
    return " ".join(sorted({f"{a}_{b}" for a, b in zip(words, words[1:])}))


def build(folder: Path, records: list[dict[str, Any]], with_pairs: bool) -> tuple[Any, float, int]:
    """A Whoosh index of *records* with newsearch's schema (plus ``pairs``): the index,
    the CPU seconds of writing it, its bytes."""
    from whoosh import index
    from whoosh.fields import KEYWORD

    from indexer.analysis import NewsAnalyzer
    from indexer.schema import build_schema, record_to_document

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    schema = build_schema()
    if with_pairs:
        schema.add("pairs", KEYWORD(scorable=False))
    analyzer = NewsAnalyzer()
    ix = index.create_in(str(folder), schema)
    c0 = time.process_time()
    for start in range(0, len(records), COMMIT):
        w = ix.writer(limitmb=256)
        for rec in records[start:start + COMMIT]:
            doc = record_to_document(rec)
            if with_pairs:
                doc["pairs"] = pairs_of(analyzer, rec.get("text") or "")
            w.add_document(**doc)
        w.commit()
    cpu = time.process_time() - c0
    return ix, cpu, sum(p.stat().st_size for p in folder.iterdir())


def phrase_docs(searcher: Any, words: list[str]) -> tuple[set[int], set[int], float, float]:
    """The phrase's documents from positions and from the pair's postings (both through
    ``indexer.evaluation.matching``, as a filter reads them), and the best CPU seconds
    of 3 runs of each."""
    from whoosh.query import Phrase, Term

    from indexer.evaluation import matching

    queries = {"positions": Phrase("text", words), "pairs": Term("pairs", "_".join(words))}
    best: dict[str, float] = {}
    found: dict[str, set[int]] = {}
    for name in [*queries] * 3:
        c0 = time.process_time()
        found[name] = matching(searcher, queries[name])  # type: ignore[assignment]
        took = time.process_time() - c0
        best[name] = min(best.get(name, took), took)
    return found["positions"], found["pairs"], best["positions"], best["pairs"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="articles (default %(default)s)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="real pages the articles are made from")
    ap.add_argument("--out", type=Path, default=OUT / "phrase_pairs", help="work folder")
    ap.add_argument("--quick", action="store_true", help="500 articles (smoke test)")
    args = ap.parse_args(argv)
    n = 500 if args.quick else args.n
    from benchmarks.search import generate

    say(f"making {n:,} articles ...")
    records = list(generate(args.corpus, n, date.today()))
    rows, built = [], {}
    for with_pairs in (False, True):
        say(f"indexing {'with' if with_pairs else 'without'} pairs ...")
        ix, cpu, size = build(args.out / ("pairs" if with_pairs else "plain"), records, with_pairs)
        built[with_pairs] = ix
        rows.append(["with pairs" if with_pairs else "newsearch's schema", f"{1000 * cpu / n:.2f}", f"{size / 2**20:,.1f}"])
    print(f"## Two-word phrases as terms, {n:,} articles\n")
    print(table(["index", "CPU ms an article to write", "MiB"], rows))
    prows = []
    with built[True].searcher() as searcher:
        for words in PHRASES:
            pos, pairs, t_pos, t_pairs = phrase_docs(searcher, words)
            if pos != pairs:
                raise SystemExit(f"{' '.join(words)}: {len(pos)} documents from positions, {len(pairs)} from pairs")
            prows.append([" ".join(words), f"{len(pos):,}", f"{1000 * t_pos:.2f}", f"{1000 * t_pairs:.2f}"])
    print()
    print(table(["phrase (stems)", "documents (the same both ways)", "from positions, CPU ms", "from pairs, CPU ms"], prows))
    for ix in built.values():
        ix.close()
    shutil.rmtree(args.out, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
