"""Real crawls of loopback sites built the way big news sites are: hundreds of
listings around few articles (a budget per run, spent in order), URLs of every
shape, pages that prove to be articles, canonical URLs that fail, pages too large."""
from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote

import indexer
from tests.conftest import run_cli
from tests.loopsites import (
    ARTICLE_LIKE_SECTION,
    BEHIND_ARTICLE,
    Answer,
    BigSite,
    CanonicalSite,
    LoopServer,
    serve,
    ShapesSite,
    prose,
    robots,
    wp_article,
    wp_page,
)


def small_big_site() -> BigSite:
    site = BigSite()
    site.tags, site.pages_per_listing = site.tags[:60], 8  # 90 listings x 8 pages = 720 listing pages
    return site


def crawl(home: Path, srv: LoopServer, *options: str) -> subprocess.CompletedProcess[str]:
    """``newsearch crawl`` of the served site from its home page, with no delay (loopback)."""
    return run_cli(home, "crawl", *options, srv.base_url + "/", "--delay", "0")


def listing_paths(srv: LoopServer, site: BigSite) -> list[str]:
    articles = {a[0] for a in site.articles}
    return [p for p in srv.paths() if p.split("?")[0] not in articles and p != "/robots.txt"]


def test_listings_are_budgeted_and_spent_in_order_and_articles_come_first(tmp_path):
    site = small_big_site()
    home = tmp_path / "home"
    with serve(site) as srv:
        result = crawl(home, srv)
        assert result.returncode == 0, result.stderr
        paths = srv.paths()
        listings = listing_paths(srv, site)
        # every article found, with at most the default budget of 200 listing fetches
        assert {a[0] for a in site.articles} <= set(paths)
        assert len(listings) <= 200
        # spent in order: sitemaps and feeds the site might have, the home page, the
        # sections its navigation names, then the rest
        fallbacks = [i for i, p in enumerate(listings) if p in ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")]
        # (two listings are in flight at a time, so the last fallback and the home page
        # may reach the server in either order)
        assert fallbacks and max(fallbacks) <= listings.index("/") + 1
        sections = [listings.index(f"/{s}/") for s in site.sections]
        first_tag = min(i for i, p in enumerate(listings) if p.startswith("/tag/"))
        # (two listings are in flight at a time, so answers may cross by one)
        assert listings.index("/") < min(sections) and max(sections) <= first_tag + 1
        # articles are never starved: the home page's stories are fetched before the
        # crawl has read a tenth of its listings
        first_article = min(paths.index(a[0]) for a in site.articles[:10])
        assert len([p for p in paths[:first_article] if p in listings]) < 20
        # pagination only while it gives unseen articles: page 2 of a section whose
        # first page had stories, never page 3 (page 2 had none)
        assert "/section-00/?page=2" in paths and "/section-00/?page=3" not in paths


def test_later_runs_skip_listings_that_gave_nothing_new(tmp_path):
    site = small_big_site()
    home = tmp_path / "home"
    runs = []
    with serve(site) as srv:
        for _ in range(4):
            srv.requests.clear()
            assert crawl(home, srv).returncode == 0
            runs.append(set(listing_paths(srv, site)))
    always = {"/", "/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml", "/feed", "/rss", "/feed.xml"}
    later = [r - always for r in runs[1:]]
    # nothing is new after the first run: no pagination is followed, and a listing
    # that gave nothing in one run rests in the next (then every 4th, 8th... run)
    assert not any("?page=" in p for r in later for p in r)
    assert not later[0] & later[1] and not later[1] & later[2]
    assert all(r <= {f"/{s}/" for s in site.sections} | {f"/tag/{t}/" for t in site.tags} for r in later)
    assert sum(len(r) for r in later) < 2 * (len(site.sections) + len(site.tags)), [len(r) for r in later]


def test_the_listing_budget_is_a_setting(tmp_path):
    site = small_big_site()
    (tmp_path / "sites.toml").write_text("[crawl]\nmax_listings = 25\n")
    with serve(site) as srv:
        result = crawl(tmp_path / "home", srv, "--config", str(tmp_path / "sites.toml"))
        assert result.returncode == 0, result.stderr
        assert len(listing_paths(srv, site)) == 25
        # the home page's ten stories are fetched whatever the budget
        assert {a[0] for a in site.articles[:10]} <= set(srv.paths())
    bad = tmp_path / "bad.toml"
    bad.write_text("[crawl]\nmax_listings = 0\n")
    result = run_cli(tmp_path / "home", "crawl", "--config", str(bad), "http://127.0.0.1:9/")
    assert result.returncode == 1 and result.stderr.strip() == f"Error: {bad}: max_listings must be at least 1"


def test_urls_of_any_shape_are_fetched_and_a_page_that_is_an_article_is_never_a_front(tmp_path):
    site = ShapesSite()
    home = tmp_path / "home"
    with serve(site) as srv:
        result = crawl(home, srv)
        assert result.returncode == 0, result.stderr
        got = {unquote(url.replace(srv.base_url, "")): r for url, r in ((r["url"], r) for r in indexer.open(home).records())}
        assert set(got) == set(site.article_paths())
        # linked like a section, it proved to be an article: extracted, its links not followed
        assert got[ARTICLE_LIKE_SECTION]["title"] == "Regatta draws record crowd to the harbour"
        assert BEHIND_ARTICLE not in srv.paths()
        srv.requests.clear()
        assert crawl(home, srv).returncode == 0
        assert ARTICLE_LIKE_SECTION not in srv.paths()  # known as an article: never read as a front


def test_a_canonical_url_that_fails_gives_back_the_page_in_hand(tmp_path):
    site = CanonicalSite()
    home = tmp_path / "home"
    with serve(site) as srv:
        result = crawl(home, srv)
        assert result.returncode == 0, result.stderr
        got = {r["url"] for r in indexer.open(home).records()}
        assert got == {srv.base_url + p for p in site.pages}  # under their own URLs
        for path, (target, status) in site.pages.items():
            assert (target in srv.paths()) and srv.paths().count(path) == 1
        srv.requests.clear()
        assert crawl(home, srv).returncode == 0
        assert not set(site.pages) & set(srv.paths())  # stored: not fetched again


def test_pages_refused_for_their_size_are_not_retried(tmp_path):
    big = b"<html><body>" + b"<p>word word word word</p>" * 800_000 + b"</body></html>"  # 21 MB
    paths = {"/2025/11/14/a-page-far-too-large-with-its-length/": "length",
             "/2025/11/14/a-page-far-too-large-without-a-length/": "stream"}
    story = "/2025/11/14/a-story-of-ordinary-size-for-the-test/"

    def route(path: str) -> Answer | None:
        if path == "/robots.txt":
            return robots(srv.base_url)
        if path == "/":
            links = "".join(f'<h3><a href="{p}">Large page number {i} today</a></h3>' for i, p in enumerate([*paths, story]))
            return Answer(body=wp_page("Big Pages", "Home", links))
        if paths.get(path) == "length":
            return Answer(body=big)
        if paths.get(path) == "stream":
            return Answer(body=(big[i : i + 1 << 20] for i in range(0, len(big), 1 << 20)))
        if path == story:
            return Answer(body=wp_article("Big Pages", "A story of ordinary size", prose(3, 200)))
        return None

    home = tmp_path / "home"
    with LoopServer(route) as srv:
        assert crawl(home, srv).returncode == 0
        assert set(paths) <= set(srv.paths())
        assert {r["url"] for r in indexer.open(home).records()} == {srv.base_url + story}
        srv.requests.clear()
        assert crawl(home, srv).returncode == 0
        assert not set(paths) & set(srv.paths())
    rows = sqlite3.connect(Path(home) / "state.db").execute(
        "SELECT status, detail FROM urls WHERE url LIKE '%far-too-large%'").fetchall()
    assert rows == [("rejected", "too-large")] * 2


def test_listings_benchmark_prints_its_table():
    from tests.test_benchmarks_smoke import run_benchmark

    res = run_benchmark("listings.py", "--quick", "--runs", "1")
    assert res.returncode == 0, res.stderr
    assert "| run | requests | listing pages | article pages |" in res.stdout
