"""The crawl in two stages: the fetch archives what it fetched as WARC, the ingest makes
articles of the archive. Real crawls of the loopback sites; the WARC files are read
back with warcio itself (not with newsearch's reader), as another tool would."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

import indexer
from tests.conftest import ROOT, run_cli


def warc_records(home: Path) -> list[dict]:
    """Every record of the home's archive: type, target URI, headers, JSON body of metadata."""
    out = []
    for path in sorted((home / "warc").iterdir()):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                entry = {
                    "type": record.rec_type, "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "id": record.rec_headers.get_header("WARC-Record-ID"),
                    "concurrent": record.rec_headers.get_header("WARC-Concurrent-To"),
                    "date": record.rec_headers.get_header("WARC-Date"), "file": path.name,
                }
                if record.rec_type == "response":
                    entry["status"] = int(record.http_headers.get_statuscode())
                    entry["body"] = record.content_stream().read()
                elif record.rec_type == "metadata":
                    entry["meta"] = json.loads(record.content_stream().read())
                out.append(entry)
    return out


def test_a_crawl_archives_each_page_with_what_the_crawl_knew_of_it(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    result = run_cli(home, "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    files = sorted(p.name for p in (home / "warc").iterdir())
    assert files and all(f.endswith(".warc.gz") for f in files)  # closed: no .open file left behind

    records = warc_records(home)
    responses = {r["id"]: r for r in records if r["type"] == "response"}
    metadata = [r for r in records if r["type"] == "metadata"]
    stored = {r["url"]: r for r in indexer.open(home).records()}
    assert stored
    # every stored article is in the archive: its page as received, and a metadata
    # record tied to that response saying which site and what evidence dated it
    by_url = {}
    for meta in metadata:
        if meta["meta"].get("role") == "evidence":  # a later sitemap's date for an archived page
            assert meta["uri"] in stored and meta["meta"]["evidence"].get("date")
            continue
        response = responses.get(meta["concurrent"])
        assert response is not None, meta
        by_url[meta["meta"].get("url")] = (response, meta["meta"])
    for url, record in stored.items():
        response, meta = by_url[url]
        assert response["status"] == 200 and b"<html" in response["body"].lower()
        assert record["title"].split()[0].encode() in response["body"] or record["title"]  # the page itself
        assert record["crawled_at"].startswith(response["date"][:10])  # the fetch time is the crawl time
    # the Harbour Post's stories came with their news-sitemap date, kept in the archive
    hp_meta = [m for url, (_, m) in by_url.items() if url.startswith(hp.base_url) and url in stored]
    assert hp_meta and any(m["evidence"].get("via") == "news-sitemap" and m["evidence"].get("date") for m in hp_meta)
    # the sitemaps and the feed that gave those leads are archived too, as listings
    listings = {m["meta"]["url"] for m in metadata if m["meta"].get("role") == "listing"}
    assert hp.url("/sitemaps/news.xml") in listings and vt.url("/rss/all.xml") in listings
    # requests are archived beside their responses
    assert sum(r["type"] == "request" for r in records) == len(responses)


def test_scrapy_crawl_only_fetches_and_ingest_makes_the_articles(tmp_path, sites):
    """`scrapy crawl news` (from scrapy.cfg) archives and nothing else; `newsearch
    ingest` then gives the same articles, with the same dates, as `newsearch crawl`."""
    hp, _ = sites
    home = tmp_path / "home"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    fetch = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={hp.base_url}/",
         "-s", f"NEWSEARCH_HOME={home}", "-s", "DOWNLOAD_DELAY=0", "-s", "NEWSEARCH_SITE_HOSTS=127.0.0.1",
         "-s", "LOG_LEVEL=ERROR"],
        capture_output=True, text=True, timeout=120, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
    )
    assert fetch.returncode == 0, fetch.stderr
    assert list((home / "warc").glob("*.warc.gz"))
    assert not (home / "articles.db").exists() and not (home / "index").exists()  # fetch only

    ingest = run_cli(home, "ingest")
    assert ingest.returncode == 0, ingest.stderr
    assert ingest.stdout.startswith("Ingested ") and " new" in ingest.stdout
    again = run_cli(home, "ingest")
    assert again.returncode == 0 and "Ingested 0 articles" in again.stdout  # resumed: nothing twice

    whole = tmp_path / "whole"
    assert run_cli(whole, "crawl", hp.base_url + "/", "--delay", "0").returncode == 0
    two_stage = {r["url"]: (r["title"], r["date"]) for r in indexer.open(home).records()}
    one_run = {r["url"]: (r["title"], r["date"]) for r in indexer.open(whole).records()}
    assert two_stage == one_run and len(two_stage) >= 5
    found = run_cli(home, "query", "harbour", "--json")
    assert found.returncode == 0 and found.stdout.strip()


def _children(pid: int) -> list[tuple[int, str]]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            out.append((int(entry), cmdline))
    return out


def _stored(home: Path) -> int:
    try:
        with sqlite3.connect(f"file:{home / 'articles.db'}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_an_ingest_killed_mid_crawl_loses_nothing(tmp_path, sites):
    """kill -9 of the crawl's ingest process while pages are still coming: the crawl
    says so in one line, ingests the rest itself, and every article is stored once."""
    hp, vt = sites
    home = tmp_path / "home"
    killed = threading.Event()
    # the last stories are answered only once the ingest has been killed
    for srv in (hp, vt):
        for path in srv.site.article_paths()[-3:]:
            srv.holds[path.split("?")[0]] = killed.is_set
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_cli", "--home", str(home), "crawl", hp.base_url + "/", vt.base_url + "/",
         "--delay", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL,
    )
    victim = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and victim is None:
        if _stored(home) > 0:
            victim = next((pid for pid, cmd in _children(proc.pid) if "spawn_main" in cmd), None)
        time.sleep(0.05)
    assert victim is not None, "the crawl's ingest never stored anything"
    os.kill(victim, signal.SIGKILL)
    killed.set()
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "ingest process ended (signal 9)" in lines[0], err

    got = indexer.open(home).records()
    urls = [r["url"] for r in got]
    expected = {hp.url(a.path) for a in hp.site.articles} | {vt.url(a.path) for a in vt.site.articles}
    assert set(urls) == expected and len(urls) == len(set(urls))
    # and the index holds each of them once
    from whoosh import index as whoosh_index

    with whoosh_index.open_dir(str(home / "index")).searcher() as searcher:
        assert searcher.doc_count() == len(expected)
