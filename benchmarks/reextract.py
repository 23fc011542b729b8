"""Re-extraction speed: `newsearch reextract` over an archive of the real-page corpus.

From the repository root:

    PYTHONPATH=. .venv/bin/python benchmarks/reextract.py

The corpus pages (``../shared/corpus``) are written to a home's archive as the fetch
writes them (crawler.archive.ArchiveWriter, one response + request + metadata per page,
``--copies`` times each under distinct URLs), ingested (crawler.ingest), and then
``newsearch reextract`` runs twice as a user runs it (a fresh process, measured with its
whole process tree: wall time, CPU of every process, peak memory):

- "unchanged": the same extractor again, nothing to update (the index is left alone);
- "all changed": every stored title is first put back as an older extractor would have
  left it, so every record is updated and the index rebuilt.

``--quick`` archives 20 pages (a smoke run). Prints Markdown tables.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import DEFAULT_CORPUS, OUT, ROOT, machine, mib, run_measured, say, table  # noqa: E402


def corpus_pages(corpus: Path, limit: int | None) -> list[tuple[str, bytes]]:
    pages = []
    for folder in sorted(p for p in corpus.iterdir() if (p / "ground_truth.jsonl").exists()):
        for line in (folder / "ground_truth.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            pages.append((row["url"], gzip.decompress((corpus / row["file"]).read_bytes())))
    return pages[:limit] if limit else pages


def build(home: Path, pages: list[tuple[str, bytes]], copies: int) -> tuple[int, float]:
    """Archive and ingest the pages; returns (archive bytes, ingest seconds)."""
    from crawler.archive import ArchiveWriter, archive_bytes
    from crawler.ingest import Ingest
    from indexer.home import Home

    writer = ArchiveWriter(home / "warc")
    for copy in range(copies):
        for url, body in pages:
            page_url = url if copy == 0 else f"{url.split('?')[0].rstrip('/')}/copy-{copy}"
            meta = {"url": page_url, "evidence": {}}
            writer.write_response(page_url, 200, [("Content-Type", "text/html")], body, meta)
    writer.close()
    started = time.monotonic()
    result = Ingest(Home(home)).run_archive()
    say(f"ingest: {result.summary()}")
    return archive_bytes(home / "warc"), time.monotonic() - started


def age_titles(home: Path) -> int:
    """Put every stored title back the way an older extractor would have left it."""
    from indexer.store import RecordStore

    with RecordStore(home / "articles.db") as store:
        urls = [r["url"] for r in store.iter_records()]
        with store.transaction():
            for url in urls:
                record = store.get(url)
                record.update(title=(record["title"] or "") + " | Old Site Name", extractor="newsearch-extract/1")
                store.put(record)
    return len(urls)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--copies", type=int, default=3, help="times each page is archived, under distinct URLs")
    parser.add_argument("--quick", action="store_true", help="20 pages, once: a smoke run")
    parser.add_argument("--out", type=Path, default=OUT / "reextract")
    args = parser.parse_args()
    pages = corpus_pages(args.corpus, 20 if args.quick else None)
    copies = 1 if args.quick else args.copies
    home = args.out / "home"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    say(f"archiving {len(pages) * copies} pages into {home}")
    size, ingest_s = build(home, pages, copies)

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    cmd = [sys.executable, "-m", "search_cli", "--home", str(home), "reextract"]
    rows = []
    for label in ("unchanged", "all changed"):
        if label == "all changed":
            say(f"aged {age_titles(home)} titles")
        say(f"reextract ({label})")
        run = run_measured(cmd, env=env, cwd=ROOT)
        if run.rc != 0:
            raise SystemExit(f"reextract failed ({run.rc}): {run.stderr[-2000:]}")
        line = run.stdout.strip()
        pages_done = int(line.split()[1].replace(",", ""))
        rows.append([label, pages_done, round(run.wall, 1), round(pages_done / run.wall, 1),
                     round(1000 * (run.cpu_user + run.cpu_sys) / max(pages_done, 1), 1),
                     round(mib(run.peak_pss or run.peak_rss)), line])
    print("## Re-extraction of an archived corpus\n")
    print(f"{machine()}; {len(pages)} corpus pages x {copies} = {len(pages) * copies} archived "
          f"({size / 1e6:.1f} MB of WARC); ingest of them took {ingest_s:.1f} s.\n")
    print(table(["run", "pages", "wall s", "pages/s", "CPU ms/page (tree)", "peak MiB (tree)", "summary line"], rows))


if __name__ == "__main__":
    main()
