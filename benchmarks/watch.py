"""Saved searches: how long `watch add`, `watch list`, `watch show`, the check after a crawl
and `feed` take on a home of N synthetic articles (built as benchmarks/search.py builds
them, from the shared corpus), for a narrow and a broad watch.

    PYTHONPATH=. .venv/bin/python benchmarks/watch.py --sizes 10000
    PYTHONPATH=. .venv/bin/python benchmarks/watch.py --quick

Each figure is the wall time of a fresh `newsearch` process (start-up included), the
median of --repeat runs for the commands that change nothing, one run for those that do.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from benchmarks._common import say, table
from benchmarks.search import build_newsearch

ROOT = Path(__file__).resolve().parent.parent
#: (watch name, query): one rare word, and one most articles contain.
WATCHES = (("narrow", '"prime minister"'), ("broad", "said"))


def cli(home: Path, *args: str) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "search_cli", "--home", str(home), *args], capture_output=True,
                         text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    took = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"newsearch {' '.join(args)} failed: {out.stderr}")
    return took, out.stdout


def after_crawl(home: Path) -> float:
    """The watches' check that `crawl` runs after its summary line (in-process, as crawl does)."""
    code = ("import sys; from indexer.home import Home; from search_cli.watch import report_after_crawl;"
            f"report_after_crawl(Home(__import__('pathlib').Path({str(home)!r})), None)")
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, capture_output=True,
                   env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    return time.perf_counter() - t0


def run(n: int, corpus: Path, repeat: int, reuse: bool = False, out: Path = ROOT / "benchmarks" / "out") -> list[list[object]]:
    home = out / f"watch-{n}"
    if reuse and (home / "index").exists():
        say(f"reusing {home}; its watches dropped")
        (home / "watches.db").unlink(missing_ok=True)
    else:
        say(f"building a home of {n:,} articles in {home}")
        build_newsearch(home, n, corpus, date(2025, 11, 16))
    rows: list[list[object]] = []
    baseline = statistics.median(after_crawl(home) for _ in range(repeat))  # no watches yet: returns at once
    rows.append([n, "-", "after crawl, no watches", f"{baseline:.2f}", ""])
    for name, query in WATCHES:
        took, _ = cli(home, "watch", "add", name, query)
        matches = len(cli(home, "query", query, "--json", "--limit", "1000")[1].splitlines())
        rows.append([n, name, "watch add", f"{took:.2f}", ""])
        took = statistics.median(cli(home, "watch", "list")[0] for _ in range(repeat))
        rows.append([n, name, "watch list (counts every watch)", f"{took:.2f}", ""])
        took, out = cli(home, "watch", "show", name, "--json")
        shown = len(out.splitlines())
        rows.append([n, name, "first watch show --json", f"{took:.2f}", f"{shown} stories ({matches}+ by query)"])
        took = statistics.median(cli(home, "watch", "show", name, "--json")[0] for _ in range(repeat))
        rows.append([n, name, "next watch show (nothing new)", f"{took:.2f}", ""])
        took = statistics.median(after_crawl(home) for _ in range(repeat))
        rows.append([n, name, "after crawl (nothing new)", f"{took:.2f}", ""])
        took = statistics.median(cli(home, "feed", "--watch", name, "--limit", "50")[0] for _ in range(repeat))
        rows.append([n, name, "feed --limit 50", f"{took:.2f}", ""])
        took = statistics.median(cli(home, "query", query, "--limit", "10")[0] for _ in range(repeat))
        rows.append([n, name, "(query --limit 10, for scale)", f"{took:.2f}", ""])
    db = home / "watches.db"
    rows.append([n, "-", "watches.db size", f"{db.stat().st_size / 1024:.0f} KiB", ""])
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000", help="comma-separated article counts")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out", help="folder for the homes it builds")
    ap.add_argument("--quick", action="store_true", help="500 articles, one run each: a smoke test")
    ap.add_argument("--reuse", action="store_true", help="keep a home built by an earlier run of the same size")
    args = ap.parse_args()
    sizes = [500] if args.quick else [int(s) for s in args.sizes.split(",")]
    repeat = 1 if args.quick else args.repeat
    rows = [row for n in sizes for row in run(n, args.corpus, repeat, args.reuse, args.out)]
    print("## Saved searches\n")
    print(table(["articles", "watch", "what", "seconds", "notes"], rows))
    print()
    print(json.dumps({"sizes": sizes, "repeat": repeat}))


if __name__ == "__main__":
    main()
