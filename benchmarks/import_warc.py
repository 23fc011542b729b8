"""How fast `newsearch import` ingests a CC-NEWS-like WARC file (issue 11: at least 60
articles per second on 2 cores), and how fast the WARC is read alone.

From the repository root:

    PYTHONPATH=. .venv/bin/python benchmarks/import_warc.py

The WARC is built here with warcio from the 302 real pages of the shared corpus
(``--corpus``, default ``../shared/corpus``), in Common Crawl's news shape: WARC/1.0,
one gzip member per record, a warcinfo record, request+response pairs for a third of
the pages and lone responses for the rest. The pages are repeated under varied URLs
(``mirrorN.`` hosts, so each is a separate article) up to ``--records`` responses
(default 2,000). Every copy of a page is a near-duplicate of the others, so the
near-duplicate linking is exercised as hard as syndicated news exercises it.

Measured:

- ``newsearch --home H import FILE`` in a fresh home, ``--runs`` times (default 3):
  wall time (median), articles stored per second, CPU of the whole process tree
  (RUSAGE_CHILDREN, forkserver and workers reaped as subreaper) per response read,
  the main process's own CPU per response, and the peak RSS/PSS of the tree (sampled
  every 0.2 s).
- reading alone (no extraction): every response's body read with warcio's
  ArchiveIterator, with newsearch's reader (crawler.archive.read_archive: warcio's
  parser on each gzip member, so a damaged member costs only itself), and with
  fastwarc when a venv with it is given (``--fastwarc-python``, default
  ``$NEWSEARCH_BENCH_VENVS/fastwarc/bin/python``; fastwarc is not a dependency).
- ``--profile``: a cProfile of one import's main process (the workers' time is
  extraction, measured by benchmarks/extraction.py).
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import DEFAULT_CORPUS, OUT, ROOT, guarded_env, machine, mib, run_measured, say, table, venv_python, versions  # noqa: E402

SUMMARY = re.compile(r"Imported ([\d,]+) articles? \(([\d,]+) new")


def corpus_rows(corpus: Path) -> list[tuple[str, bytes]]:
    """(url, page bytes) of every page of the corpus with a URL."""
    rows = []
    for truth in sorted(corpus.glob("*/ground_truth.jsonl")):
        for line in truth.open(encoding="utf-8"):
            row = json.loads(line)
            if row.get("url"):
                rows.append((row["url"], gzip.decompress((truth.parent / row["file"].split("/", 1)[1]).read_bytes())))
    return rows


def build_warc(path: Path, rows: list[tuple[str, bytes]], records: int) -> int:
    """A CC-NEWS-like WARC of *records* responses; returns its size in bytes."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True, warc_version="1.0")
        w.write_record(w.create_warcinfo_record(path.name, {"software": "StormCrawler", "isPartOf": "CC-NEWS"}))
        for i in range(records):
            url, body = rows[i % len(rows)]
            copy = i // len(rows)
            if copy:
                url = url.replace("://", f"://mirror{copy}.", 1)
            date = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1717243200 + i))
            if i % 3 == 0:
                host = url.split("/")[2]
                req = StatusAndHeaders(f"GET /{url.split('/', 3)[-1]} HTTP/1.1", [("Host", host)], is_http_request=True)
                w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                                    http_headers=req, warc_headers_dict={"WARC-Date": date}))
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                http_headers=http, warc_headers_dict={"WARC-Date": date}))
    return path.stat().st_size


READ_WARCIO = """
import sys, time
from warcio.archiveiterator import ArchiveIterator
t = time.perf_counter(); n = b = 0
with open(sys.argv[1], 'rb') as fh:
    for rec in ArchiveIterator(fh):
        if rec.rec_type == 'response':
            b += len(rec.content_stream().read()); n += 1
print(n, b, time.perf_counter() - t)
"""
READ_FASTWARC = """
import sys, time
from fastwarc.warc import ArchiveIterator, WarcRecordType
t = time.perf_counter(); n = b = 0
with open(sys.argv[1], 'rb') as fh:
    for rec in ArchiveIterator(fh, record_types=WarcRecordType.response, parse_http=True):
        b += len(rec.reader.read()); n += 1
print(n, b, time.perf_counter() - t)
"""
READ_NEWSEARCH = """
import sys, time
from pathlib import Path
from crawler.archive import Page, read_archive
t = time.perf_counter(); n = b = 0
for entry in read_archive(Path(sys.argv[1])):
    if isinstance(entry.item, Page):
        b += len(entry.item.body); n += 1
print(n, b, time.perf_counter() - t)
"""


EXTRACT_ALONE = """
import gzip, json, sys, time
from pathlib import Path
from crawler.workers import _warm_up, extract_job
import trafilatura
pages = []
for truth in sorted(Path(sys.argv[1]).glob('*/ground_truth.jsonl')):
    for line in truth.open(encoding='utf-8'):
        row = json.loads(line)
        if row.get('url'):
            pages.append((row['url'], gzip.decompress((truth.parent / row['file'].split('/', 1)[1]).read_bytes())))
t = time.process_time()
for url, body in pages:
    extract_job({'body': body, 'url': url, 'now': '2026-06-01T12:00:00+00:00'})
print(len(pages), time.process_time() - t)
"""


def extraction_alone(corpus: Path) -> tuple[int, float]:
    """(pages, CPU ms a page) of extract_job on each corpus page once, in one process."""
    out = subprocess.run([sys.executable, "-c", EXTRACT_ALONE, str(corpus)], capture_output=True, text=True,
                         timeout=900, env=guarded_env(pythonpath=[ROOT]), cwd=ROOT)
    if out.returncode:
        raise RuntimeError(out.stderr[-2000:])
    n, secs = out.stdout.split()
    return int(n), 1000 * float(secs) / int(n)


def read_speed(python: str, code: str, warc: Path, runs: int) -> tuple[int, float]:
    """(responses, median seconds) of reading every response body of *warc*."""
    times = []
    n = 0
    for _ in range(runs):
        out = subprocess.run([python, "-c", code, str(warc)], capture_output=True, text=True, timeout=600,
                             env=guarded_env(pythonpath=[ROOT]), cwd=ROOT)
        if out.returncode:
            raise RuntimeError(out.stderr[-2000:])
        n, _, secs = out.stdout.split()
        times.append(float(secs))
    return int(n), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--records", type=int, default=2000, help="responses in the WARC (default 2000)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--workers", type=int, default=None, help="newsearch import --workers (default: one per core)")
    ap.add_argument("--fastwarc-python", default=None, help="a python with fastwarc installed")
    ap.add_argument("--profile", action="store_true", help="add a cProfile of one import's main process")
    ap.add_argument("--quick", action="store_true", help="100 records, one run: a smoke test")
    ap.add_argument("--out", type=Path, default=OUT / "import_warc")
    args = ap.parse_args()
    if args.quick:
        args.records, args.runs = 100, 1
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}")
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    rows = corpus_rows(args.corpus)
    warc = args.out / "CC-NEWS-bench-00000.warc.gz"
    size = build_warc(warc, rows, args.records)
    say(f"built {warc} ({args.records} responses from {len(rows)} pages, {mib(size):.1f} MiB)")

    started = time.strftime("%H:%M", time.gmtime())
    load = os.getloadavg()[0]
    runs = []
    cmd_extra = ["--workers", str(args.workers)] if args.workers else []
    for i in range(args.runs):
        home = args.out / f"home{i}"
        cmd = [sys.executable, "-m", "search_cli", "--home", str(home), "import", str(warc), *cmd_extra]
        run = run_measured(cmd, env=guarded_env(pythonpath=[ROOT]), cwd=ROOT, timeout=1800)
        if run.rc:
            sys.exit(f"import failed ({run.rc}): {run.stderr[-2000:]}")
        match = SUMMARY.search(run.stdout)
        assert match, run.stdout
        articles = int(match.group(1).replace(",", ""))
        say(f"run {i + 1}: {run.wall:.1f} s, {articles / run.wall:.1f} articles/s: {run.stdout.strip()}")
        runs.append((run, articles))
    wall = statistics.median(r.wall for r, _ in runs)
    run, articles = sorted(runs, key=lambda ra: ra[0].wall)[len(runs) // 2]
    print(f"## Import of a CC-NEWS-like WARC ({time.strftime('%Y-%m-%d', time.gmtime())} {started} UTC)\n")
    print(f"{machine()}; load average {load:.1f} at the start (the machine is shared).")
    print(f"WARC: {args.records:,} responses ({len(rows)} corpus pages under varied URLs), "
          f"{mib(size):.1f} MiB, gzip per record; `newsearch import` {'--workers ' + str(args.workers) if args.workers else '(one worker per core)'}; "
          f"median of {args.runs} run(s), each into a fresh home.\n")
    print(table(
        ["articles", "wall s (median)", "articles/s", "CPU s, tree", "CPU ms / response, tree",
         "CPU ms / response, main process", "peak RSS MiB, tree", "peak PSS MiB, tree", "processes"],
        [[articles, round(wall, 1), round(articles / wall, 1), round(run.cpu, 1), round(1000 * run.cpu / args.records, 1),
          round(1000 * run.cpu_main / args.records, 1), round(mib(run.peak_rss)), round(mib(run.peak_pss)), run.peak_procs]],
    ))
    print()

    n_alone, ms_alone = extraction_alone(args.corpus)
    tree_ms = 1000 * run.cpu / args.records
    main_ms = 1000 * run.cpu_main / args.records
    print("### Where the CPU goes (per response, from the median run)\n")
    print(table(["part", "CPU ms / response"], [
        [f"extraction alone (extract_job in one process, {n_alone} corpus pages once)", round(ms_alone, 1)],
        ["main process: reading, storing, near-duplicates, Whoosh indexing", round(main_ms, 1)],
        ["the rest: worker start-up (trafilatura import), pool recycling, passing pages", round(tree_ms - main_ms - ms_alone, 1)],
        ["whole tree", round(tree_ms, 1)],
    ]))
    print(f"\nOn 2 cores to itself the tree would import at most 2000 / {tree_ms:.1f} = "
          f"{2000 / tree_ms:.0f} articles/s; extraction alone caps it at 2000 / {ms_alone:.1f} = {2000 / ms_alone:.0f}.\n")

    reads = [("warcio ArchiveIterator", sys.executable, READ_WARCIO),
             ("newsearch read_archive (warcio per gzip member)", sys.executable, READ_NEWSEARCH)]
    fw = args.fastwarc_python or (str(venv_python("fastwarc")) if venv_python("fastwarc") else None)
    if fw:
        reads.append(("fastwarc ArchiveIterator", fw, READ_FASTWARC))
    rows_out = []
    for name, python, code in reads:
        n, secs = read_speed(python, code, warc, args.runs)
        vers = versions(python, ["warcio", "fastwarc"])
        rows_out.append([name, ", ".join(f"{k} {v}" for k, v in vers.items()), n, round(secs, 2),
                         round(n / secs), round(mib(size) / secs, 1)])
    print("### Reading alone (every response body, one core)\n")
    print(table(["reader", "versions", "responses", "s (median)", "responses/s", "MiB/s (compressed)"], rows_out))
    if not fw:
        print("\n(fastwarc: no venv given; `python3 -m venv V && V/bin/pip install fastwarc warcio`, then --fastwarc-python V/bin/python)")
    print()

    if args.profile:
        import pstats

        home = args.out / "home-profile"
        prof = args.out / "import.prof"
        code = ("import sys; sys.argv=['newsearch','--home',%r,'import',%r]; from search_cli.main import cli; "
                "cli(prog_name='newsearch', standalone_mode=False)") % (str(home), str(warc))
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(prof), "-c", code], check=True,
                       env=guarded_env(pythonpath=[ROOT]), cwd=ROOT, capture_output=True)
        out = io.StringIO()
        pstats.Stats(str(prof), stream=out).sort_stats("cumulative").print_stats(25)
        print("### Where the main process spends its time (cProfile, cumulative, top 25)\n")
        print("```")
        print("\n".join(line for line in out.getvalue().splitlines() if line.strip())[:6000])
        print("```")


if __name__ == "__main__":
    main()
