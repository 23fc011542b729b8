"""The near-duplicate lookup's cost as the records store grows (issue 12).

    python benchmarks/near_lookup.py                 # 10k, 100k, 1M fingerprints (~5 min)
    python benchmarks/near_lookup.py --sizes 10000   # one size

Fills a fresh ``articles.db`` (``indexer.store.RecordStore``) with N articles of
random 64-bit fingerprints, rows written as ``RecordStore.put`` writes them (an
``articles`` row, its 3 ``near`` band keys) in transactions of 10,000, then times
``RecordStore.near_duplicates`` for 1,000 fingerprints: half of them stored ones
with 0-6 bits flipped (must be found), half new random ones. Reports the lookup's
wall and CPU time (median, p99) and how many candidate rows it read, at each size.
Random fingerprints are the best case for banding; the search benchmark's build
reports the same lookup on its real (correlated) fingerprints.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import OUT, median, percentile, say, table  # noqa: E402


def fill(store, start: int, end: int, rng: random.Random, fps: list[int]) -> None:
    from indexer.fingerprint import to_hex
    from indexer.store import _near_rows

    with store.transaction():
        for i in range(start, end):
            fp = rng.getrandbits(64)
            fps.append(fp)
            cur = store.db.execute(
                "INSERT INTO articles(url, record, fingerprint, indexed, stored_at) VALUES (?,?,?,1,0)",
                (f"https://www.example{i % 97}.example/news/2025/01/01/story-{i}", "{}", to_hex(fp)))
            store.db.executemany("INSERT INTO near(key, id, fp) VALUES (?,?,?)", _near_rows(cur.lastrowid, to_hex(fp)))


def measure(store, fps: list[int], rng: random.Random, lookups: int = 1000) -> dict:
    from indexer.fingerprint import NEAR, probe_keys, to_hex

    walls, cpus, rows, found = [], [], [], 0
    for k in range(lookups):
        if k % 2 == 0:
            base = rng.choice(fps)
            value = base
            for b in rng.sample(range(64), rng.randint(0, NEAR)):
                value ^= 1 << b
        else:
            base, value = None, rng.getrandbits(64)
        keys = probe_keys(value)
        rows.append(store.db.execute(f"SELECT count(*) FROM near WHERE key IN ({','.join('?' * len(keys))})", keys).fetchone()[0])
        t0, c0 = time.perf_counter(), time.process_time()
        near = store.near_duplicates(to_hex(value), "https://nowhere.example/", NEAR)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        if base is not None:
            found += any(r is not None for r in near)
    return {"wall_p50": median(walls), "wall_p99": percentile(walls, 99), "cpu_p50": median(cpus),
            "cpu_p99": percentile(cpus, 99), "rows_mean": sum(rows) / len(rows), "found": found, "planted": lookups // 2}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--out", type=Path, default=OUT / "near")
    args = ap.parse_args()
    from indexer.store import RecordStore

    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    rng = random.Random(12)
    fps: list[int] = []
    rows = []
    t_start = time.perf_counter()
    with RecordStore(args.out / "articles.db") as store:
        done = 0
        for n in sorted(int(s) for s in args.sizes.split(",")):
            t0 = time.perf_counter()
            while done < n:
                fill(store, done, min(n, done + 10_000), rng, fps)
                done = min(n, done + 10_000)
            say(f"{n:,} stored ({time.perf_counter() - t0:.0f} s)")
            m = measure(store, fps, random.Random(n))
            rows.append([f"{n:,}", m["wall_p50"] * 1000, m["wall_p99"] * 1000, m["cpu_p50"] * 1000, m["cpu_p99"] * 1000,
                         m["rows_mean"], f"{m['found']} of {m['planted']}"])
            say(json.dumps(m))
    print(f"### Near-duplicate lookup (`RecordStore.near_duplicates`), 1,000 lookups per size "
          f"({time.perf_counter() - t_start:.0f} s in all)\n")
    print(table(["stored articles", "wall p50 ms", "wall p99 ms", "CPU p50 ms", "CPU p99 ms",
                 "candidate rows read (mean)", "copies within 6 bits found"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
