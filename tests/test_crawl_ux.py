"""A crawl as people live with it: Ctrl-C at a terminal, SIGTERM and the time limit
from cron, the progress line, errors that can be traced, site labels, odd input.
Real crawls of loopback sites through the real CLI; the terminal is a real pty."""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rich.cells import cell_len

import indexer
from crawler.lock import crawl_lock
from crawler.shutdown import GRACE
from tests.conftest import ROOT, run_cli
from tests.newssite import publish_one_more
from tests.ptyrun import PtyRun, visible
from tests.test_crawl import fetched

SUMMARY = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d newsearch crawl: ")


def saved(home: Path) -> list[str]:
    """URLs crawl.log says were saved as new."""
    log = home / "crawl.log"
    return [line.split("\t")[2] for line in log.read_text().splitlines() if "\tnew\t" in line] if log.exists() else []


def refetched(srv, first: list[str]) -> set[str]:
    """Articles saved by the first run that the second run downloaded again, except
    through a redirect it met for the first time (an old URL still pending leads there)."""
    redirected = {srv.site.resolve_text(p.headers["Location"]) for p in srv.site.pages.values() if p.status in (301, 302)}
    return (set(first) & {srv.url(p) for p in fetched(srv)}) - redirected


def indexed_urls(home: Path) -> set[str]:
    """URLs in the Whoosh index itself (not the records it is built from)."""
    from whoosh.index import open_dir

    with open_dir(str(home / "index")).searcher() as searcher:
        return {fields["url"] for fields in searcher.all_stored_fields()}


def processes_tagged(tag: str) -> set[int]:
    """Live processes (zombies excluded) whose environment holds NEWSEARCH_TEST_TAG=tag:
    a crawl started with it, and its forkserver and extraction workers."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and "\nState:\tZ" not in (entry / "status").read_text():
                if f"NEWSEARCH_TEST_TAG={tag}".encode() in (entry / "environ").read_bytes().split(b"\0"):
                    found.add(int(entry.name))
        except OSError:
            continue
    return found


def lock_is_free(home: Path) -> bool:
    with crawl_lock(home / "crawl.lock"):
        return True


# ---- a site whose article pages never finish answering ---------------------------------------------
HANGING_ARTICLES = [f"/news/2025/11/1{i}/a-story-from-a-server-that-never-answers-{i}/" for i in range(3)]


class HangingSite:
    """Answers robots.txt and a home page at once; every article request hangs until
    the test ends (60 s at most)."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.article_requests = 0
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path == "/robots.txt":
                    body = b"User-agent: *\nDisallow: /private/\n"
                elif self.path == "/":
                    links = "".join(f'<li><a href="{p}">A story that never loads, part {i}</a></li>' for i, p in enumerate(HANGING_ARTICLES))
                    body = f"<html><head><title>The Slow Herald</title></head><body><h1>The Slow Herald</h1><ul>{links}</ul></body></html>".encode()
                elif self.path in HANGING_ARTICLES:
                    site.article_requests += 1
                    site.release.wait(60)
                    return
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8" if self.path == "/" else "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "HangingSite":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


# ---- Ctrl-C ---------------------------------------------------------------------------------------
def test_ctrl_c_saves_what_was_fetched_says_so_in_one_line_and_exits_130(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    tag = f"ctrl-c-{os.getpid()}-{time.monotonic_ns()}"
    run = PtyRun(home, "crawl", hp.base_url + "/", "--delay", "0.3", env={"NEWSEARCH_TEST_TAG": tag})
    run.wait_for(lambda: len(saved(home)) >= 2)
    run.send(b"\x03")
    assert run.wait(timeout=30) == 130

    text = visible(run.text())
    first = saved(home)
    lines = [line.strip() for line in re.split(r"[\r\n]", text) if line.strip()]
    assert lines[-1] == f"interrupted: {len(first)} new articles saved; run again to continue"
    # no flood: no traceback, no page HTML, no article text, a few KB at most
    assert "Traceback" not in text and "<p" not in text and "<html" not in text.lower()
    assert not any(p[:40] in text for a in hp.site.articles for p in a.paragraphs)
    assert len(run.output) < 20_000
    # nothing saved is lost: every saved article is in the index, the lock is free
    assert set(first) <= indexed_urls(home)
    assert lock_is_free(home)
    # the extraction workers (which ignored the SIGINT) leave with the crawl
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and processes_tagged(tag):
        time.sleep(0.2)
    assert not processes_tagged(tag)

    hp.clear()
    result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    assert {r["url"] for r in indexer.open(home).records()} == {hp.url(a.path) for a in hp.site.articles}
    assert not refetched(hp, first)  # run again to continue: nothing fetched twice


@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_with_a_page_hanging_in_flight(tmp_path, presses):
    """One Ctrl-C abandons a page still loading after a grace of a few seconds; a
    second Ctrl-C stops at once."""
    home = tmp_path / "home"
    with HangingSite() as site:
        run = PtyRun(home, "crawl", site.base_url + "/", "--delay", "0")
        run.wait_for(lambda: site.article_requests >= 1)
        run.send(b"\x03")
        time.sleep(0.5)
        if presses == 2:
            run.send(b"\x03")
        pressed = time.monotonic()
        assert run.wait(timeout=40) == 130
        waited = run.ended_at - pressed
        text = visible(run.text())
    assert "interrupted: 0 new articles saved; run again to continue" in text
    assert "Traceback" not in text
    if presses == 1:
        assert waited < GRACE + 10  # not the 60 s the page would take
    else:
        assert waited < GRACE  # did not wait for the grace at all
    assert lock_is_free(home)


def test_verbose_log_never_contains_a_page_body(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    run = PtyRun(home, "-v", "crawl", hp.base_url + "/", "--delay", "0.3")
    run.wait_for(lambda: len(saved(home)) >= 2)
    run.send(b"\x03")
    assert run.wait(timeout=30) == 130
    text = visible(run.text())
    assert "Scraped from" in text  # Scrapy's own debug log is there ...
    assert "<html" not in text.lower() and "b'<!DOCTYPE" not in text  # ... but names items by URL
    assert not any(p[:40] in text for a in hp.site.articles for p in a.paragraphs)
    assert max(len(line) for line in text.splitlines()) < 2000


# ---- the time limit and SIGTERM ---------------------------------------------------------------------
def test_time_limit_ends_a_run_whose_requests_wait_behind_a_long_delay(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    started = time.monotonic()
    result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "20", "--time-limit", "3", timeout=60)
    took = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert SUMMARY.match(result.stdout) and "stopped at the time limit" in result.stdout
    assert took < 3 + GRACE + 8  # requests queued 20 s apart were dropped, not waited for
    assert len(hp.requests) <= 2  # robots.txt, perhaps one more: the rest stayed queued
    assert lock_is_free(home)

    hp.clear()
    result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    assert {r["url"] for r in indexer.open(home).records()} == {hp.url(a.path) for a in hp.site.articles}


def _start_crawl(home: Path, url: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    return subprocess.Popen(
        [sys.executable, "-m", "search_cli", "--home", str(home), "crawl", url, *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, env=env, cwd=ROOT,
    )


def _wait_until(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigterm_ends_a_run_and_what_was_stored_is_indexed(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    proc = _start_crawl(home, hp.base_url + "/", "--delay", "0.3")
    _wait_until(lambda: len(saved(home)) >= 2)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    first = saved(home)
    assert proc.returncode == 143
    assert err == f"stopped by SIGTERM: {len(first)} new articles saved; run again to continue\n"
    assert set(first) <= indexed_urls(home)
    assert lock_is_free(home)
    hp.clear()
    assert run_cli(home, "crawl", hp.base_url + "/", "--delay", "0").returncode == 0
    assert {r["url"] for r in indexer.open(home).records()} == {hp.url(a.path) for a in hp.site.articles}
    assert not refetched(hp, first)


def test_sigterm_ends_a_run_whose_requests_wait_behind_a_long_delay(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    proc = _start_crawl(home, hp.base_url + "/", "--delay", "20")
    _wait_until(lambda: ("/robots.txt", 200) in hp.paths_fetched())
    time.sleep(1)
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert time.monotonic() - sent < GRACE + 6  # not 20 s per queued request
    assert lock_is_free(home)


# ---- the progress line ----------------------------------------------------------------------------
def test_progress_fits_80_columns_and_messages_start_on_a_clean_line(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    # a refused site: its warning is printed while the progress line is shown
    run = PtyRun(home, "crawl", hp.base_url + "/", vt.base_url + "/", "http://127.0.0.1:9/", "--delay", "0.1", cols=80)
    assert run.wait(timeout=90) == 0
    raw = run.text()
    segments = [visible(s) for s in re.split(r"[\r\n]", raw)]
    progress = [s for s in segments if "pages/s" in s]
    assert progress, raw[-2000:]
    assert all(cell_len(s) <= 80 for s in progress), max(progress, key=cell_len)
    # elapsed against the time limit, the articles against the budget (3 sites x 500), the rate
    assert any(re.search(r"\d+:\d\d/1:00:00 · \d+/1500 articles · \d+\.\d pages/s", s) for s in progress)
    # the warning never lands on the end of the progress line: the line is cleared first
    warnings = [m.start() for m in re.finditer("newsearch: ", raw)]
    assert warnings
    for at in warnings:
        before = raw[:at]
        assert before.endswith(("\x1b[2K", "\n")), repr(before[-80:])


# ---- errors that are named --------------------------------------------------------------------------
def test_every_error_in_the_summary_is_named_in_crawl_log(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    result = run_cli(home, "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    assert SUMMARY.match(result.stdout), result.stdout
    errors = int(re.search(r", (\d+) errors", result.stdout).group(1))
    assert errors > 0  # the test sites have broken links and a failing page
    failed = [line.split("\t") for line in (home / "crawl.log").read_text().splitlines() if "\tfailed:" in line]
    assert len(failed) == errors
    for stamp, status, url, _detail in failed:
        assert re.fullmatch(r"failed:[\w.-]+", status) and url.startswith(("http://127.0.0.1", "http://127.0.0.2"))


# ---- smaller things -------------------------------------------------------------------------------
def test_a_site_without_a_name_is_labelled_by_its_host_on_every_run(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    host = hp.base_url.removeprefix("http://")
    assert run_cli(home, "crawl", hp.base_url + "/", "--delay", "0").returncode == 0
    hp.clear()
    extra = publish_one_more(hp.site)
    assert run_cli(home, "crawl", hp.base_url + "/", "--delay", "0").returncode == 0
    records = {r["url"]: r for r in indexer.open(home).records()}
    assert hp.url(extra.path) in records
    # never "The Harbour Post" from og:site_name, on the first run or the second
    assert {r["source"] for r in records.values()} == {host}


def test_a_bare_host_is_taken_as_https(tmp_path):
    result = run_cli(tmp_path / "home", "crawl", "localhost:9", "--delay", "0")
    assert result.returncode == 4  # nothing listens there: but it was tried, over https
    assert "https://localhost:9/robots.txt" in result.stderr
    assert "\tfailed:" in (tmp_path / "home" / "crawl.log").read_text()


def test_reindex_before_any_crawl_creates_nothing(tmp_path):
    home = tmp_path / "home"
    result = run_cli(home, "reindex")
    assert result.returncode == 0
    assert result.stderr.strip() == f"nothing to index: no articles stored in {home} yet (run `newsearch crawl` first)"
    assert not home.exists()


def test_the_progress_line_says_what_a_person_watching_wants_first():
    from crawler.progress import status_line
    from crawler.tally import Tally

    tally = Tally()
    news, wire = tally.site("news.example", "Example News"), tally.site("wire.example", "Wire")
    news.fetched, news.new, wire.fetched, wire.new, wire.errors = 90, 30, 30, 10, 2
    news.rejected["not-html"] = 5
    text, done, total = status_line(tally, 60.0, 3600, 1000)
    assert text == "1:00/1:00:00 · 45/1000 articles · 2.0 pages/s · 40 new · 2 errors · 2 sites, busiest Example News"
    assert (done, total) == (45, 1000)
    assert status_line(tally, 60.0, 3600, 1000, "SIGINT")[0].startswith("stopping (Ctrl-C again to stop at once) · 1:00/")
    assert status_line(tally, 60.0, 3600, 1000, "time-limit")[0].startswith("stopping at the time limit · ")


@pytest.mark.parametrize("given, taken", [
    ("www.example.com", "https://www.example.com"),
    ("example.com/news/", "https://example.com/news/"),
    ("localhost:8080", "https://localhost:8080"),
    ("http://example.com/", "http://example.com/"),  # a scheme given is kept
    ("not a url", "not a url"),  # left for check_url to refuse
])
def test_a_url_without_a_scheme_means_https(given, taken):
    from search_cli.crawl_output import assume_https

    assert assume_https(given) == taken
