"""Hostile sites and careless input (issue 9): one bad site never stops the crawl,
nothing a site sends reaches the terminal raw, and bad input is one line, not a traceback.
Every server here is on loopback and answers small, bounded bodies."""
from __future__ import annotations

from pathlib import Path

import indexer
from tests.conftest import run_cli
from tests.hostile import HostileServer, html
from tests.newssite import SiteServer, harbour_post

ARTICLE = html(
    "Harbour lights switched off",
    "<article><h1>Harbour lights switched off</h1><p>"
    + "The harbour board switched off the old lights on Tuesday after a vote. " * 20
    + "</p></article>",
)


def slow_site(crawl_delay: str) -> dict:
    """A site whose robots.txt asks for *crawl_delay* seconds between requests."""
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, f"User-agent: *\nCrawl-delay: {crawl_delay}\n".encode()),
        "/": (200, {"Content-Type": "text/html"}, html("Slow Gazette", "<a href='/news/2025/11/10/harbour-lights/'>Harbour lights</a>")),
        "/news/2025/11/10/harbour-lights/": (200, {"Content-Type": "text/html"}, ARTICLE),
    }


def test_a_huge_crawl_delay_skips_that_site_and_the_others_are_indexed(tmp_path: Path):
    home = tmp_path / "home"
    with SiteServer(harbour_post(), host="127.0.0.1") as hp, HostileServer(slow_site("100000"), host="127.0.0.4") as slow:
        # before the cap this run waited 100000 s after robots.txt: the timeout is a hang guard
        result = run_cli(home, "crawl", hp.base_url + "/", slow.base_url + "/", "--delay", "0", timeout=90)
    assert result.returncode == 0, result.stderr
    assert slow.requests == ["/robots.txt"]  # nothing else asked of the slow site
    assert "127.0.0.4" in result.stderr and "100000 s" in result.stderr and "not crawling it this run" in result.stderr
    got = {r["url"] for r in indexer.open(home).records()}
    assert {hp.url(a.path) for a in hp.site.articles} <= got


def test_a_crawl_delay_under_the_cap_is_honoured(tmp_path: Path):
    with HostileServer(slow_site("1"), host="127.0.0.4") as slow:
        result = run_cli(tmp_path / "home", "crawl", slow.base_url + "/", "--delay", "0", timeout=90)
    assert result.returncode == 0, result.stderr
    assert "/news/2025/11/10/harbour-lights/" in slow.requests
    assert "not crawling" not in result.stderr


def test_infinite_or_huge_delays_are_refused_in_one_line(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    for value in ("inf", "nan", "100000"):
        (home / "sites.toml").write_text(f"[crawl]\ndelay = {value}\n\n[[site]]\nurl = 'http://127.0.0.4:9/'\n")
        result = run_cli(home, "crawl")
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
        assert "delay must be" in result.stderr
    (home / "sites.toml").unlink()
    for value in ("inf", "nan", "31"):
        result = run_cli(home, "crawl", "http://127.0.0.4:9/", "--delay", value)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "delay must be" in result.stderr
