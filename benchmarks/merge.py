"""Merging index segments (issue 12): the CPU a commit spends merging, this checkout vs another.

Builds once (in --out) an index of --segments segments of --per benchmark articles each
(one commit each, as sync writes them), with a few articles of some segments replaced
(deleted there, so the merge maps their documents through a docmap). Then, alternating
between the trees for --runs rounds, each tree in a child process merges a fresh copy:
  - ``merge``: a commit of no new articles that merges every segment into one;
  - ``merge + fresh``: the same commit with --fresh new articles (a sync's commit that
    triggers a merge), its CPU counted from the first added article;
  - ``fresh``: a commit of --fresh-only new articles and no merge (its posting pool
    spills sorted runs to disk past 256 MB of postings, as sync's writers do).
CPU time of the child's commit (the machine is shared: wall time is not comparable),
medians, in ms an article written; and whether both trees wrote the same bytes.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    if sys.argv[1:2] != ["_merge"]:  # a child measures the tree on its PYTHONPATH
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import DEFAULT_CORPUS, OUT, ROOT, machine, median, say, table, tree_label  # noqa: E402

#: Every DELETE_EVERY-th article of the segments in DELETED_IN is replaced by a later commit.
DELETE_EVERY = 40
DELETED_IN = (1, 4, 7)


def _records(source: Path | None, corpus: Path, n: int) -> list[dict[str, Any]]:
    if source:
        with source.open(encoding="utf-8") as f:
            return [json.loads(line) for line in itertools.islice(f, n)]
    from benchmarks.search import generate

    return list(generate(corpus, n, date.today()))


def prepare(out: Path, segments: int, per: int, fresh: int, source: Path | None, corpus: Path) -> Path:
    """The index to merge (built by this checkout, reused while its parameters match) and
    the fresh articles, in *out*."""
    from indexer.home import Home
    from indexer.schema import record_to_document
    from indexer.writer import open_index

    key = f"{segments}x{per}+{fresh}"
    base = out / f"base-{key}"
    if (base / "done").exists():
        return base
    shutil.rmtree(base, ignore_errors=True)
    say(f"building {segments} segments of {per:,} articles ...")
    records = _records(source, corpus, segments * per + fresh)
    home = Home(base / "home").ensure()
    ix = open_index(home, create=True)
    for s in range(segments):
        w = ix.writer(compound=False, limitmb=256)
        for rec in records[s * per:(s + 1) * per]:
            w.add_document(**record_to_document(rec))
        w.commit(merge=False)
    w = ix.writer(compound=False)
    replaced = [records[s * per + i] for s in DELETED_IN if s < segments for i in range(0, per, DELETE_EVERY)]
    for rec in replaced:
        w.delete_by_term("url", rec["url"])
    w.commit(merge=False)  # deletions only: no new segment
    ix.close()
    with (base / "fresh.jsonl").open("w", encoding="utf-8") as f:
        for rec in records[segments * per:]:
            f.write(json.dumps(rec) + "\n")
    (base / "done").write_text(json.dumps({"replaced": len(replaced)}))
    return base


def child_merge(index_dir: str, fresh_file: str, fresh: str, merge: str) -> int:
    """Merge every segment of the index (when *merge* is "1") with *fresh* new articles
    in one commit; print the commit's CPU seconds and a digest of each file of the new
    segment."""
    from whoosh import index as whoosh_index

    from indexer.home import Home
    from indexer.schema import record_to_document
    from indexer.writer import open_index

    docs = []
    with open(fresh_file, encoding="utf-8") as f:
        docs = [record_to_document(json.loads(line)) for line in itertools.islice(f, int(fresh))]
    home = Home(Path(index_dir))
    ix = open_index(home)
    merged = ix.doc_count() if merge == "1" else 0
    total = ix.doc_count()
    before = {p.name for p in home.index_dir.iterdir()}
    cpu0 = time.process_time()
    w = ix.writer(compound=False, limitmb=256)
    for doc in docs:
        w.add_document(**doc)
    w.commit(optimize=merge == "1", merge=False)
    cpu = time.process_time() - cpu0
    ix.close()
    new = [p for p in home.index_dir.iterdir() if p.name not in before and p.name.startswith("MAIN_")]
    digest = {p.name.split(".", 1)[1]: hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in new}
    assert whoosh_index.open_dir(str(home.index_dir)).doc_count() == total + len(docs)
    print(json.dumps({"cpu": cpu, "merged": merged, "fresh": len(docs), "files": digest,
                      "code": str(Path(sys.modules["indexer"].__file__).parent.parent)}))
    return 0


def run_child(tree: Path, base: Path, work: Path, fresh: int, merge: bool) -> dict[str, Any]:
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(base / "home", work)
    env = {"PYTHONPATH": str(tree), "PYTHONHASHSEED": "0", "PATH": "/usr/bin:/bin"}
    res = subprocess.run([sys.executable, str(Path(__file__).resolve()), "_merge", str(work),
                          str(base / "fresh.jsonl"), str(fresh), "1" if merge else "0"], capture_output=True, text=True, env=env, timeout=3600)
    if res.returncode != 0:
        raise SystemExit(f"the merge in {tree} failed:\n{res.stderr}")
    shutil.rmtree(work, ignore_errors=True)
    out = json.loads(res.stdout.strip().splitlines()[-1])
    if Path(out["code"]) != tree:
        raise SystemExit(f"the child measured {out['code']}, not {tree}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--segments", type=int, default=10, help="segments merged (default 10)")
    ap.add_argument("--per", type=int, default=1000, help="articles a segment (default 1000)")
    ap.add_argument("--fresh", type=int, default=1000, help="new articles of the 'merge + fresh' commit (default 1000)")
    ap.add_argument("--fresh-only", type=int, default=10_000,
                    help="new articles of the 'fresh' commit, which merges nothing (default 10000)")
    ap.add_argument("--runs", type=int, default=5, help="rounds over the trees (default 5)")
    ap.add_argument("--compare-tree", type=Path, action="append", default=[],
                    help="another checkout to measure side by side (e.g. ../main); repeatable")
    ap.add_argument("--records", type=Path, help="a JSON Lines file of benchmark records to take the articles from "
                    "(default: generated from --corpus)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--quick", action="store_true", help="3 segments of 100, 50 fresh, 1 round (smoke test)")
    ap.add_argument("--out", type=Path, default=OUT / "merge")
    args = ap.parse_args(argv)
    if args.quick:
        args.segments, args.per, args.fresh, args.fresh_only, args.runs = 3, 100, 50, 100, 1
    args.out.mkdir(parents=True, exist_ok=True)
    base = prepare(args.out, args.segments, args.per, max(args.fresh, args.fresh_only), args.records, args.corpus)
    replaced = json.loads((base / "done").read_text())["replaced"]
    trees = [ROOT, *[t.resolve() for t in args.compare_tree]]
    cases = (("merge", 0, True), ("merge + fresh", args.fresh, True), ("fresh", args.fresh_only, False))
    cpu: dict[tuple[int, str], list[float]] = {}
    files: dict[tuple[int, str], set[str]] = {}
    for r in range(args.runs):
        for case, fresh, merge in cases:
            for t in range(len(trees)) if r % 2 == 0 else reversed(range(len(trees))):
                tree = trees[t]
                res = run_child(tree, base, args.out / "work", fresh, merge)
                written = res["merged"] + res["fresh"]
                cpu.setdefault((t, case), []).append(1000 * res["cpu"] / written)
                files.setdefault((t, case), set()).add(json.dumps(res["files"], sort_keys=True))
                say(f"round {r + 1}: {case}, {tree}: {1000 * res['cpu'] / written:.2f} ms an article")
    print(f"## Merging segments ({date.today().isoformat()})\n")
    print(f"{machine()}; load average at the end {open('/proc/loadavg').read().split()[0]}. "
          f"{args.segments} segments of {args.per:,} articles ({replaced} of them replaced) merged into one, "
          f"with {args.fresh:,} new articles or none; {args.fresh_only:,} new articles alone. "
          f"CPU of the commit in ms an article written, median of {args.runs}.\n")
    headers = ["case", *[tree_label(t) for t in trees]]
    rows = [[case, *[median(cpu[t, case]) for t in range(len(trees))]] for case, _, _ in cases]
    print(table(headers, rows))
    same = all(len({*files[0, case], *files[t, case]}) == 1 for case, _, _ in cases for t in range(len(trees)))
    print(f"\nThe trees wrote the same bytes in every file of the new segment: {'yes' if same else 'NO'}.")
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_merge":
        sys.exit(child_merge(*sys.argv[2:]))
    sys.exit(main())
