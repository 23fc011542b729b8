"""Tiny runs of each benchmark (seconds, not minutes): they start, finish and print
their table. No timing is asserted: the figures are the benchmarks' own business.

They need the real-page corpus beside the repository (``../shared/corpus``), as CI
lays it out; in a clone without it (a user's, following the README) they skip, saying
so. A corpus folder that is there but broken still fails them. Peers (trafilatura CLI, news-please, tantivy) join in when their
venvs exist (``benchmarks/setup_peers.sh``), and are skipped quietly otherwise.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def corpus() -> Path:
    """The shared corpus; the test skips (with the reason) only when the folder is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"no real-page corpus at {CORPUS} (CI lays it out beside the repository; a plain clone has none)")
    return CORPUS


def run_benchmark(script: str, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / script), *args],
        capture_output=True, text=True, timeout=timeout, env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
    )


def test_extraction_benchmark_prints_its_table(corpus):
    res = run_benchmark("extraction.py", "--limit", "5", "--runs", "1", "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "| metric | scope | n | newsearch | trafilatura |" in res.stdout


def test_site_serves_and_measures_itself(corpus):
    res = run_benchmark("site.py", "--quick", "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Benchmark site" in res.stdout
    assert "| corpus pages | articles |" in res.stdout
    assert "| python http.client, 2 threads |" in res.stdout  # the load test ran


def test_crawl_benchmark_prints_its_table(tmp_path, corpus):
    res = run_benchmark("crawl.py", "--quick", "--out", str(tmp_path / "crawl"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Crawl throughput" in res.stdout
    assert "| newsearch | 1 |" in res.stdout
    assert "### newsearch: second run on the unchanged site" in res.stdout
    assert "trafilatura.bare_extraction" in res.stdout  # the limit
    assert "### Ratios and goals" in res.stdout


def test_search_benchmark_prints_its_table(tmp_path, corpus):
    res = run_benchmark("search.py", "--quick", "--out", str(tmp_path / "search"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Search" in res.stdout
    assert "| 200 | newsearch |" in res.stdout
    assert "in-process p50 ms" in res.stdout
    assert "### Ratios and goals" in res.stdout


def test_bulk_put_writes_what_put_writes(tmp_path, corpus):
    """search.py fills large stores with bulk_put (put() slows down with every stored
    article); the rows must be the ones put() writes."""
    from datetime import date

    from benchmarks.search import bulk_put, generate
    from indexer.store import RecordStore

    records = list(generate(corpus, 30, date(2026, 1, 15), links=True))
    with RecordStore(tmp_path / "a.db") as a, RecordStore(tmp_path / "b.db") as b:
        for record in records:
            a.put(dict(record))
        bulk_put(b, [dict(r) for r in records])
        cols = "url, record, day, sort_key, source, topics, fingerprint, duplicate_of, indexed"
        rows_a = a.db.execute(f"SELECT {cols} FROM articles ORDER BY url").fetchall()
        rows_b = b.db.execute(f"SELECT {cols} FROM articles ORDER BY url").fetchall()
        assert rows_a == rows_b and len(rows_a) == 30
        bands = "SELECT band, url FROM bands ORDER BY url, band"
        assert a.db.execute(bands).fetchall() == b.db.execute(bands).fetchall()


def test_segment_check_benchmark_prints_its_table(tmp_path, corpus):
    res = run_benchmark("segment_check.py", "--quick", "--out", str(tmp_path / "seg"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Segment check: 300 documents" in res.stdout
    assert "| sync, nothing to index |" in res.stdout and "| sync of 20 new articles |" in res.stdout
