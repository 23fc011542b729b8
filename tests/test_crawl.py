"""Real crawls of the two loopback news sites, through the real CLI, as cron runs it."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import indexer
from crawler.lock import crawl_lock
from tests.conftest import ROOT, run_cli
from tests.newssite import publish_one_more


def records(home: Path) -> dict[str, dict]:
    return {r["url"]: r for r in indexer.open(home).records()}


def article_paths(srv) -> set[str]:
    return {p.split("?")[0] for p in srv.site.article_paths()} if hasattr(srv, "site") else set()


def fetched(srv, status: int | None = None) -> list[str]:
    return [path for path, st in srv.paths_fetched() if status is None or st == status]


def test_first_crawl_finds_every_article_on_both_sites(tmp_path, sites):
    hp, vt = sites
    result = run_cli(tmp_path / "home", "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    # cron: one summary line on stdout, nothing on stderr (404s and a 500 on the sites are normal)
    assert result.stdout.count("\n") == 1 and " newsearch crawl: 2 site(s)" in result.stdout
    assert result.stderr == ""

    got = records(tmp_path / "home")
    expected = {hp.url(a.path) for a in hp.site.articles} | {vt.url(a.path) for a in vt.site.articles}
    assert set(got) == expected  # every story once: no AMP copy, tracking URL, redirect, PDF or listing

    # the story only reachable through the feed-less section front's page 2
    hidden = [a for a in vt.site.articles if a not in vt.site.feed_articles()]
    assert hidden and vt.url(hidden[0].path) in got

    # robots.txt obeyed, off-host links never followed, no listing indexed
    assert not any(p.startswith("/private/") for p in fetched(hp) + fetched(vt))
    assert all(("/about" not in u and "/tag/" not in u and "/page/" not in u) for u in got)

    # the Harbour Post was found through robots.txt and its news sitemap index
    assert "/sitemaps/index.xml" in fetched(hp) and "/sitemaps/news.xml" in fetched(hp)
    # Valley Times through its RSS feed
    assert "/rss/all.xml" in fetched(vt)

    # the per-article log in the home has a line per article
    log = (tmp_path / "home" / "crawl.log").read_text()
    assert all(url in log for url in expected)


def test_a_site_crawled_by_url_keeps_its_configured_name(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    added = run_cli(home, "sites", "add", hp.base_url + "/", "--name", "Harbour Post", "--topic", "politics")
    assert added.returncode == 0, added.stderr
    result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0", "--max-pages", "3")
    assert result.returncode == 0, result.stderr
    got = records(home)
    assert got and {r["source"] for r in got.values()} == {"Harbour Post"}  # not the host and port


def test_dates_come_from_the_sitemap_and_feed_not_the_masthead(tmp_path, sites):
    hp, vt = sites
    run_cli(tmp_path / "home", "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    got = records(tmp_path / "home")
    for srv in sites:
        for art in srv.site.articles:
            record = got[srv.url(art.path)]
            assert record["date"][:10] == art.published.date().isoformat(), art.path
            assert not record["date"].startswith("2025-11-16")  # the masthead's "today"


def test_windows_1252_page_reads_correctly(tmp_path, sites):
    hp, vt = sites
    run_cli(tmp_path / "home", "crawl", vt.base_url + "/", "--delay", "0")
    (path,) = vt.site.windows_1252_paths
    text = records(tmp_path / "home")[vt.url(path)]["text"]
    assert "café" in text.lower() or "naïve" in text.lower()
    assert "Ã" not in text and "\ufffd" not in text


def test_second_run_downloads_the_new_story_and_no_known_article(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    assert run_cli(home, "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0").returncode == 0
    known = {srv.url(a.path) for srv in sites for a in srv.site.articles}
    hp.clear()
    vt.clear()
    new_hp, new_vt = publish_one_more(hp.site), publish_one_more(vt.site)

    result = run_cli(home, "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    assert ", 2 new," in result.stdout
    article_fetches = [srv.url(p) for srv in sites for p in fetched(srv) if srv.url(p.split("?")[0]) in known | {hp.url(new_hp.path), vt.url(new_vt.path)}]
    assert sorted(article_fetches) == sorted([hp.url(new_hp.path), vt.url(new_vt.path)])
    got = records(home)
    assert hp.url(new_hp.path) in got and vt.url(new_vt.path) in got


def test_unchanged_feeds_and_sitemaps_cost_a_304(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    run_cli(home, "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    hp.clear()
    vt.clear()
    result = run_cli(home, "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    assert result.returncode == 0 and ", 0 new," in result.stdout
    assert ("/rss/all.xml", 304) in vt.paths_fetched()
    assert ("/sitemaps/news.xml", 304) in hp.paths_fetched()
    # a section front is asked for conditionally (304) or, when it gave no story the run had
    # not already found, rests this run (the listing budget's schedule): never downloaded again
    assert ("/politics/", 200) not in hp.paths_fetched()


def test_a_second_crawl_while_one_runs_exits_3_without_touching_the_index(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    home.mkdir()
    with crawl_lock(home / "crawl.lock"):
        result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 3
    assert result.stderr.strip() == (
        f"Error: another crawl is already running (pid {os.getpid()}); this run exits without touching the index."
    )
    assert not (home / "index").exists() and hp.paths_fetched() == []


def test_every_site_failing_exits_4(tmp_path):
    result = run_cli(tmp_path / "home", "crawl", "http://127.0.0.1:9/", "--delay", "0")
    assert result.returncode == 4
    assert result.stderr.splitlines()[-1] == "Error: no site could be reached (is the network down?)"
    assert "Traceback" not in result.stderr


def test_bad_url_is_a_usage_error(tmp_path):
    result = run_cli(tmp_path / "home", "crawl", "not a url")
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: not a web address: 'not a url' (expected something like https://news.example.com/)"


def forkservers(tag: str) -> set[int]:
    """Live processes running a multiprocessing forkserver (zombies excluded) that were
    started by the crawl whose environment holds *tag* (children inherit it), so other
    test runs on the same machine are not counted."""
    found = set()
    for entry in Path("/proc").iterdir():
        try:
            if not entry.name.isdigit() or "\nState:\tZ" in (entry / "status").read_text():
                continue
            if b"multiprocessing.forkserver" in (entry / "cmdline").read_bytes() and tag.encode() in (entry / "environ").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return found


def test_killed_run_loses_nothing_and_the_next_run_fetches_the_rest(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    tag = f"NEWSEARCH_TEST_RUN={uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSEARCH_TEST_RUN": tag.split("=")[1]}
    proc = subprocess.Popen(
        [sys.executable, "-m", "search_cli", "--home", str(home), "crawl", hp.base_url + "/", "--delay", "0.25"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT,
    )
    log = home / "crawl.log"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not log.exists() or log.read_text().count("\tnew\t") < 3):
        time.sleep(0.05)
    assert forkservers(tag)  # the crawl's extraction forkserver carries the tag, so the check below can fail
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the killed crawl's extraction workers and forkserver leave by themselves
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and forkservers(tag):
        time.sleep(0.2)
    assert not forkservers(tag)
    first = [line.split("\t")[2] for line in log.read_text().splitlines() if "\tnew\t" in line]
    assert 3 <= len(first) < len(hp.site.articles)
    hp.clear()

    result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    got = records(home)
    assert set(got) == {hp.url(a.path) for a in hp.site.articles}
    refetched = [hp.url(p) for p in fetched(hp)]
    assert not set(first) & set(refetched)
    # and everything is searchable after the catch-up
    titles = run_cli(home, "query", "Iraq returns", "--json").stdout
    assert "Iraq agrees returns deal" in titles


def test_crawl_delay_in_robots_txt_is_honoured(tmp_path, sites):
    hp, _ = sites
    robots = hp.site.pages["/robots.txt"]
    robots.body = robots.body.replace(b"Disallow: /private/", b"Disallow: /private/\nCrawl-delay: 0.5")
    run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0", "--max-pages", "3")
    times = [r.at for r in hp.requests]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert len(times) > 5 and min(gaps) >= 0.45


def test_oversized_pages_are_refused_and_offsite_redirects_not_followed(tmp_path, sites):
    from tests.newssite import Page

    hp, vt = sites
    huge = "/politics/2025/11/12/a-page-far-too-large-to-be-an-article/"
    hp.site.pages[huge] = Page(body=b"<html><body>" + b"<p>word </p>" * 2_500_000 + b"</body></html>")
    away = "/politics/2025/11/13/a-story-that-moved-to-another-host/"
    hp.site.pages[away] = Page(status=301, headers={"Location": vt.url("/private/leak.html")})
    home = hp.site.pages["/"]
    home.body = home.body.replace(b"</body>", f'<a href="{huge}">big</a><a href="{away}">moved</a></body>'.encode())

    result = run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    got = records(tmp_path / "home")
    assert len(got) == len(hp.site.articles)  # the crawl went on past both
    assert hp.url(huge) not in got and hp.url(away) not in got
    assert vt.paths_fetched() == []  # the redirect to another host was not followed


def test_leads_over_the_page_budget_are_fetched_by_later_runs(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    assert run_cli(home, "crawl", hp.base_url + "/", "--delay", "0", "--max-pages", "2").returncode == 0
    assert len(records(home)) == 2
    run_cli(home, "crawl", hp.base_url + "/", "--delay", "0")  # the sitemap now answers 304
    assert set(records(home)) == {hp.url(a.path) for a in hp.site.articles}


def test_a_redirect_to_a_missing_page_is_not_fetched_again(tmp_path, sites):
    from tests.newssite import Page

    hp, _ = sites
    moved = "/politics/2025/11/12/a-story-that-moved-and-then-vanished/"
    hp.site.pages[moved] = Page(status=301, headers={"Location": hp.url("/politics/2025/11/12/gone-for-good-now/")})
    home_page = hp.site.pages["/"]
    home_page.body = home_page.body.replace(b"</body>", f'<a href="{moved}">moved</a></body>'.encode())
    run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    assert (moved, 301) in hp.paths_fetched()
    hp.clear()
    run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    assert moved not in fetched(hp)


def test_a_page_that_a_redirect_and_a_sitemap_both_lead_to_is_downloaded_once(tmp_path, sites):
    from urllib.parse import quote

    from tests.newssite import Page

    hp, vt = sites
    # a home-page link that looks like a section, not a story (opaque, non-Latin), and
    # redirects twice to a story the news sitemap lists
    story = next(a.path for a in hp.site.articles if a.path != hp.site.old_redirect[1])
    hops = ["/alt/" + quote("ニュース-記事") + "/", "/x/7f3a9c/"]
    hp.site.pages[hops[0]] = Page(status=301, headers={"Location": hp.url(hops[1])})
    hp.site.pages[hops[1]] = Page(status=302, headers={"Location": hp.url(story)})
    home_page = hp.site.pages["/"]
    home_page.body = home_page.body.replace(b"</body>", f'<a href="{hops[0]}">Latest</a></body>'.encode())
    result = run_cli(tmp_path / "home", "crawl", hp.base_url + "/", vt.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    assert (hops[1], 302) in hp.paths_fetched() and fetched(hp).count(story) == 1, fetched(hp)
    for srv in (hp, vt):
        old, target = srv.site.old_redirect
        assert (old, 301) in srv.paths_fetched()  # the old URL was followed...
        assert fetched(srv).count(target) == 1, fetched(srv)  # ...and the page fetched once, whichever came first
    got = records(tmp_path / "home")
    assert hp.url(hp.site.old_redirect[1]) in got and vt.url(vt.site.old_redirect[1]) in got
    assert ", 0 known skipped," in result.stdout  # a first crawl of an empty home knows nothing yet


def test_a_redirected_robots_txt_is_followed_and_obeyed(tmp_path, sites):
    from tests.newssite import Page

    hp, _ = sites
    hp.site.pages["/robots.txt"] = Page(status=301, headers={"Location": hp.url("/robots-live.txt")})
    hp.site.pages["/robots-live.txt"] = Page(body=b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    result = run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 0
    assert fetched(hp) == ["/robots.txt", "/robots-live.txt"]


def test_robots_groups_match_our_product_token_only(tmp_path, sites):
    hp, _ = sites
    robots = hp.site.pages["/robots.txt"]
    robots.body = b"User-agent: github\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\n" + robots.body.split(b"\n\n")[-1]
    run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    assert len(records(tmp_path / "home")) == len(hp.site.articles)  # "github" in our UA's URL is not us


def test_retry_after_is_honoured(tmp_path, sites):
    from tests.newssite import Page

    hp, _ = sites
    busy = "/politics/2025/11/12/a-story-on-a-busy-server-today/"
    hp.site.pages[busy] = Page(status=429, headers={"Retry-After": "1"})
    home_page = hp.site.pages["/"]
    home_page.body = home_page.body.replace(b"</body>", f'<a href="{busy}">busy</a></body>'.encode())
    run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    tries = [r.at for r in hp.requests if r.path == busy]
    assert len(tries) == 3  # the first try and two retries
    assert min(b - a for a, b in zip(tries, tries[1:])) >= 0.9


def test_a_malformed_link_spoils_nothing(tmp_path, sites):
    hp, _ = sites
    home_page = hp.site.pages["/"]
    home_page.body = home_page.body.replace(b"</body>", b'<a href="http://[oops/">bad</a><a href="/x:99999">odd</a></body>')
    result = run_cli(tmp_path / "home", "crawl", hp.base_url + "/", "--delay", "0")
    assert result.returncode == 0 and result.stderr == ""
    assert len(records(tmp_path / "home")) == len(hp.site.articles)


def test_a_setting_that_would_hang_the_crawl_is_refused(tmp_path, sites):
    hp, _ = sites
    (tmp_path / "sites.toml").write_text("[crawl]\nconcurrency = 0\n")
    result = run_cli(tmp_path / "home", "crawl", "--config", str(tmp_path / "sites.toml"), hp.base_url + "/")
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'sites.toml'}: concurrency must be at least 1"
