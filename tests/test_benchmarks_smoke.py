"""Tiny runs of each benchmark (seconds, not minutes): they start, finish and print
their table. No timing is asserted: the figures are the benchmarks' own business.

They need the real-page corpus beside the repository (``../shared/corpus``), as CI
lays it out; in a clone without it (a user's, following the README) they skip, saying
so. A corpus folder that is there but broken still fails them. Peers (trafilatura CLI, news-please, tantivy) join in when their
venvs exist (``benchmarks/setup_peers.sh``), and are skipped quietly otherwise.
"""
from __future__ import annotations

import json
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
    assert "## newsearch title misses:" in res.stdout and "## newsearch author misses:" in res.stdout


def test_title_misses_say_where_each_title_stands_on_the_page():
    """The title-miss table tells a label that is only the SEO or social title from
    the headline the reader sees over the story."""
    from benchmarks.extraction import title_places

    page = """<html><head><title>Seo title for search | Site</title>
    <meta property="og:title" content="Social title, shorter">
    <script type="application/ld+json">{"@type": "NewsArticle", "headline": "Seo title for search"}</script>
    </head><body><nav class="breadcrumb"><h1>Seo title for search</h1></nav>
    <article><h1><span class="kicker">Wildfires</span><span class="title">Town evacuated as the fire spreads</span></h1>
    <p>Story text.</p></article></body></html>""".encode()
    url = "http://news.test/2026/12/town-evacuated"
    assert title_places(page, url, [
        "Town evacuated as the fire spreads", "Wildfires: Town evacuated as the fire spreads",
        "Seo title for search", "Social title, shorter", "A title the page never states",
    ]) == [["heading less kicker"], ["heading"], ["other h1", "JSON-LD"], ["og:title"], []]


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


def test_near_lookup_benchmark_finds_every_planted_copy(tmp_path):
    res = run_benchmark("near_lookup.py", "--sizes", "2000", "--out", str(tmp_path / "near"))
    assert res.returncode == 0, res.stderr
    assert "| 2,000 |" in res.stdout
    assert "| 500 of 500 |" in res.stdout  # every fingerprint within 6 bits of a stored one found it


def test_segment_check_benchmark_prints_its_table(tmp_path, corpus):
    res = run_benchmark("segment_check.py", "--quick", "--out", str(tmp_path / "seg"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Segment check: 300 documents" in res.stdout
    assert "| sync, nothing to index |" in res.stdout and "| sync of 20 new articles |" in res.stdout


def test_merge_benchmark_measures_both_trees_writing_the_same_files(tmp_path, corpus):
    res = run_benchmark("merge.py", "--quick", "--compare-tree", str(ROOT), "--out", str(tmp_path / "merge"),
                        "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Merging segments" in res.stdout
    assert "| merge + fresh |" in res.stdout and "| fresh |" in res.stdout
    assert "same bytes in every file of the new segment: yes" in res.stdout


def test_reextract_benchmark_prints_its_table(tmp_path, corpus):
    res = run_benchmark("reextract.py", "--quick", "--out", str(tmp_path / "reextract"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Re-extraction of an archived corpus" in res.stdout
    assert "| unchanged | 20 |" in res.stdout and "| all changed | 20 |" in res.stdout
    assert "Re-extracted 20 pages: 20 changed" in res.stdout


def test_import_benchmark_prints_its_tables(tmp_path, corpus):
    res = run_benchmark("import_warc.py", "--quick", "--out", str(tmp_path / "import"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Import of a CC-NEWS-like WARC" in res.stdout
    assert "| 100 |" in res.stdout  # the 100 responses were imported as 100 articles
    assert "| warcio ArchiveIterator | warcio" in res.stdout


def test_many_sites_benchmark_crawls_every_site(tmp_path, corpus):
    out = tmp_path / "many"
    res = run_benchmark("many_sites.py", "--quick", "--out", str(out), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr
    assert "## Many sites: 2 sites x 5 articles, every response delayed 150 ms" in res.stdout
    assert "### Where the CPU goes, by process" in res.stdout
    assert "### Ratios and goals" in res.stdout
    urls = (out / "urls.txt").read_text().split()
    assert len(urls) == 10 and {u.split("/")[2].split(":")[0] for u in urls} == {"127.0.0.1", "127.0.0.2"}
    results = json.loads((out / "results.json").read_text())
    (crawl,) = [rows for name, rows in results["tools"].items() if name.startswith("newsearch")]
    assert crawl[0]["pages"] == 10 and crawl[0]["articles"] == 10  # every article of both sites fetched and stored
    assert results["limit"]["bare"]["cpu_per_article"] > 0


def test_phrase_pairs_benchmark_finds_the_same_documents_both_ways(tmp_path, corpus):
    res = run_benchmark("phrase_pairs.py", "--quick", "--out", str(tmp_path / "pairs"), "--corpus", str(corpus))
    assert res.returncode == 0, res.stderr[-2000:]
    assert "| with pairs |" in res.stdout and "| unit state |" in res.stdout
    assert not (tmp_path / "pairs").exists()
