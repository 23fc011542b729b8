"""What the segment check (indexer.segments.check_index) adds to each sync.

Builds a home of N synthetic articles the way benchmarks/search.py does (store_article,
then one sync in batches of 1,000: one segment per thousand), or reuses one (--home),
then times, alternating with and without the check:
  - the check alone on the whole index;
  - a sync with nothing to index (what a crawl's first sync usually is);
  - a sync of a crawl's small batch (--batch new articles: one commit, one new segment).
Wall and CPU medians; the home given by --home is copied first, never changed.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import DEFAULT_CORPUS, OUT, machine, median, say, table  # noqa: E402


def _timed(fn: Callable[[], Any]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10_000, help="index size to build (default 10000)")
    ap.add_argument("--home", type=Path, help="measure a copy of this home instead of building one")
    ap.add_argument("--runs", type=int, default=15, help="timed runs of each (default 15)")
    ap.add_argument("--batch", type=int, default=20, help="new articles per small sync (default 20)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--quick", action="store_true", help="300 articles, 3 runs (smoke test)")
    ap.add_argument("--out", type=Path, default=OUT / "segment_check")
    args = ap.parse_args(argv)
    if args.quick:
        args.articles, args.runs = 300, 3

    from whoosh import index as whoosh_index

    import indexer.writer as writer
    from benchmarks.search import build_newsearch, generate
    from indexer.home import Home
    from indexer.segments import check_index
    from indexer.store import RecordStore

    home = args.out / "home"
    shutil.rmtree(home, ignore_errors=True)
    if args.home:
        shutil.copytree(args.home, home)
    else:
        say(f"building a home of {args.articles:,} articles ...")
        build_newsearch(home, args.articles, args.corpus, date.today())
    h = Home(home)
    ix = whoosh_index.open_dir(str(h.index_dir))
    docs, segments = ix.doc_count_all(), len(ix._segments())
    new = generate(args.corpus, args.articles + args.runs * 2 * args.batch, date.today(), seed=11)
    for _ in range(args.articles):  # the same generator: skip what the home already holds
        next(new)

    def small_sync() -> None:
        with RecordStore(h.records_db) as store:
            for _ in range(args.batch):
                rec = next(new)
                rec["url"] = rec["url"].replace("://", "://more.", 1)  # new URLs whatever the home holds
                store.put(rec)
        writer.sync(h)

    real = writer.check_index
    rows: dict[str, dict[bool, list[tuple[float, float]]]] = {
        "check alone": {True: []},
        "sync, nothing to index": {True: [], False: []},
        f"sync of {args.batch} new articles": {True: [], False: []},
    }
    try:
        for i in range(args.runs):
            rows["check alone"][True].append(_timed(lambda: check_index(whoosh_index.open_dir(str(h.index_dir)))))
            for on in ((True, False) if i % 2 else (False, True)):  # alternate which goes first
                writer.check_index = real if on else (lambda ix: None)
                rows["sync, nothing to index"][on].append(_timed(lambda: writer.sync(h)))
                rows[f"sync of {args.batch} new articles"][on].append(_timed(small_sync))
            say(f"  run {i + 1}/{args.runs}")
    finally:
        writer.check_index = real
    end_segments = len(whoosh_index.open_dir(str(h.index_dir))._segments())

    def ms(xs: list[tuple[float, float]], k: int) -> float | None:
        return round(median([x[k] for x in xs]) * 1000, 1) if xs else None

    out = []
    for name, by in rows.items():
        with_, without = by.get(True, []), by.get(False, [])
        out.append([name, ms(with_, 0), ms(with_, 1), ms(without, 0), ms(without, 1)])
    print(f"## Segment check: {docs:,} documents in {segments} segments ({end_segments} after the runs); "
          f"{args.runs} runs, medians; {machine()}\n")
    print(table(["what", "with check: wall ms", "CPU ms", "without: wall ms", "CPU ms"], out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
