"""A story's date and duplicate group do not depend on which answer came first: the
loopback site holds its news sitemap until the story was stored (or fetched), or
holds the story until the sitemap was read, so each order happens every time."""
from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import indexer
from indexer.home import Home
from indexer.store import RecordStore
from indexer.writer import open_index, redate, store_article, sync
from tests.conftest import run_cli
from tests.newssite import SiteServer, harbour_post, valley_times
from tests.loopsites import STORY, STORY_DATE, STORY_TITLE, WIRE, WIRE_DATE, OrderSite, WireSite, serve, stored

IRAQ = "/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/"


def crawl_in_order(tmp_path: Path, hold: str, jsonld_date: str | None = None):
    home = tmp_path / "home"
    site, wire = OrderSite(hold, home), WireSite()
    site.jsonld_date = jsonld_date
    with serve(site, "127.0.0.1") as srv, serve(wire, "127.0.0.2") as wsrv:
        if hold == "sitemap-after-store":
            # the sitemap answers once the story and its wire copy are both stored:
            # the story is then dated from the page alone and grouped under the copy
            before: dict = {}

            def both_stored() -> bool:
                if not (stored(home, srv.base_url + STORY) and stored(home, wsrv.base_url + WIRE)):
                    return False
                if not before:
                    with RecordStore(home / "articles.db", readonly=True) as store:
                        before.update(store.get(srv.base_url + STORY) or {})
                return True

            site.hold_until = both_stored
        result = run_cli(home, "crawl", srv.base_url + "/", wsrv.base_url + "/", "--delay", "0")
        assert result.returncode == 0, result.stderr
        got = {r["url"]: r for r in indexer.open(home).records()}
        story, copy = got[srv.base_url + STORY], got[wsrv.base_url + WIRE]
        log = (home / "crawl.log").read_text()
        return home, srv, story, copy, log, (before if hold == "sitemap-after-store" else None)


def test_sitemap_read_after_the_story_was_stored_re_dates_it_and_re_points_its_group(tmp_path):
    home, srv, story, copy, log, before = crawl_in_order(tmp_path, "sitemap-after-store")
    assert srv.held == [("/news-sitemap.xml", True)]  # the order really was: story stored, then sitemap
    assert before["duplicate_of"] == copy["url"]  # dated from the page alone, it looked later than the copy
    assert story["date"] == STORY_DATE and story["date_source"] == "news-sitemap"
    assert story["duplicate_of"] is None and copy["duplicate_of"] == story["url"]  # the group re-pointed
    assert f"redated\t{story['url']}" in log
    # and the index followed: one story, shown as its earliest copy
    hits = indexer.open(home).search('title:"ferry timetable cut"').hits
    assert [h.url for h in hits] == [story["url"]] and len(hits[0].other_sources) == 1


def test_sitemap_read_while_the_story_is_fetched_still_dates_it(tmp_path):
    _, srv, story, copy, _, _ = crawl_in_order(tmp_path, "sitemap-after-fetch")
    assert srv.held == [("/news-sitemap.xml", True)]
    assert story["date"] == STORY_DATE and story["date_source"] == "news-sitemap"
    assert story["duplicate_of"] is None and copy["duplicate_of"] == story["url"]


def test_sitemap_read_before_the_story_dates_it_at_extraction(tmp_path):
    _, srv, story, copy, log, _ = crawl_in_order(tmp_path, "story-after-sitemap")
    assert srv.held == [(STORY, True)]  # the story was answered only after the sitemap was read
    assert story["date"] == STORY_DATE and story["date_source"] == "news-sitemap"
    assert story["title"] == "Harbour ferry timetable cut as crew shortage bites"
    assert story["duplicate_of"] is None and copy["duplicate_of"] == story["url"]
    assert "redated" not in log  # nothing to correct


@pytest.mark.parametrize("hold", ["sitemap-after-store", "sitemap-after-fetch", "story-after-sitemap"])
def test_a_sitemap_giving_the_instant_the_page_gives_wins_in_any_order(tmp_path, hold):
    # a Yoast-style page dates itself in JSON-LD with exactly the sitemap's instant:
    # the record must not depend on which answer came first (it said "json-ld" when
    # the sitemap came after the story was stored: the re-date was taken for no change)
    home, srv, story, _, log, _ = crawl_in_order(tmp_path, hold, jsonld_date=STORY_DATE)
    assert srv.held == [(STORY if hold == "story-after-sitemap" else "/news-sitemap.xml", True)]
    assert story["date"] == STORY_DATE and story["date_source"] == "news-sitemap"
    if hold == "sitemap-after-store":
        assert f"redated\t{story['url']}" in log
    # the index followed the store: a search shows the same record
    assert story["url"] in [h.url for h in indexer.open(home).search('title:"ferry timetable cut"').hits]
    with open_index(Home(home)).searcher() as searcher:
        assert searcher.document(url=story["url"])["date_source"] == "news-sitemap"


def test_the_harbour_posts_story_keeps_its_sitemap_date_when_the_sitemap_answers_last(tmp_path):
    # tests/test_query.py::test_show_prints_the_whole_record, with its random order
    # forced: the news sitemap answers only once the Iraq story is stored
    home = tmp_path / "home"
    hp, vt = harbour_post(), valley_times()
    with SiteServer(hp, host="127.0.0.1") as a, SiteServer(vt, host="127.0.0.2") as b:
        story = a.url(IRAQ)
        a.holds["/sitemaps/news.xml"] = lambda: stored(home, story)
        for srv in (a, b):
            assert run_cli(home, "sites", "add", srv.base_url + "/", "--name", srv.site.name).returncode == 0
        result = run_cli(home, "crawl", "--delay", "0")
        assert result.returncode == 0, result.stderr
        assert a.held == [("/sitemaps/news.xml", True)]
    shown = run_cli(home, "show", story + "?utm_source=x")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("Iraq agrees returns deal for rejected asylum seekers\n")
    assert "date_source:  news-sitemap" in shown.stdout
    assert f"redated\t{story}" in (home / "crawl.log").read_text()


@contextmanager
def crawled_without_sitemap(tmp_path: Path):
    """The order site, crawled once while its news sitemap answers 404 (the story is
    then dated from the page alone): its home, the site and its server."""
    home = tmp_path / "home"
    site = OrderSite("none", home)
    site.sitemap_missing = True
    with serve(site) as srv:
        assert run_cli(home, "crawl", srv.base_url + "/", "--delay", "0").returncode == 0
        yield home, site, srv


def test_a_later_run_re_dates_a_story_its_sitemap_lists_only_now(tmp_path):
    with crawled_without_sitemap(tmp_path) as (home, site, srv):
        first = indexer.open(home).get(srv.base_url + STORY)
        assert first["date_source"] != "news-sitemap"
        site.sitemap_missing = False
        result = run_cli(home, "crawl", srv.base_url + "/", "--delay", "0")
        assert result.returncode == 0 and ", 1 updated," in result.stdout
        assert srv.paths().count(STORY) == 1  # re-dated without fetching the page again
        again = indexer.open(home).get(srv.base_url + STORY)
        assert again["date"] == STORY_DATE and again["date_source"] == "news-sitemap"


def record(url: str, date: str, text: str) -> dict:
    from indexer.fingerprint import simhash, to_hex

    return {"url": url, "title": "Ferry cut", "text": text, "date": date, "date_source": "htmldate",
            "crawled_at": "2025-11-16T06:00:00+00:00", "fingerprint": to_hex(simhash(text)), "source": "T",
            "topics": [], "tags": [], "authors": [], "language": "en", "word_count": len(text.split())}


def test_a_re_date_left_owed_by_a_killed_run_is_done_by_the_next(tmp_path):
    # run 1 stores the story dated from the page; a run killed after it read the news
    # sitemap (its evidence committed to state.db) but before re-dating the record is
    # what state.db then says; the next run re-dates it though the sitemap is now gone
    from crawler.state import CrawlState

    with crawled_without_sitemap(tmp_path) as (home, site, srv):
        assert indexer.open(home).get(srv.base_url + STORY)["date_source"] != "news-sitemap"
        state, key = CrawlState(home / "state.db"), urlsplit(srv.base_url).netloc
        news = {"via": "news-sitemap", "date": STORY_DATE, "title": STORY_TITLE}
        assert state.add_lead(srv.base_url + STORY, key, news) == "redate"
        state.close()  # killed before the storage pipeline re-dated the record
        result = run_cli(home, "crawl", srv.base_url + "/", "--delay", "0")
        assert result.returncode == 0 and ", 1 updated," in result.stdout
        assert srv.paths().count(STORY) == 1
    again = indexer.open(home).get(srv.base_url + STORY)
    assert again["date"] == STORY_DATE and again["date_source"] == "news-sitemap"
    state = CrawlState(home / "state.db")
    assert state.owed_redates(key) == []  # done: a third run has nothing to re-date
    state.close()


@pytest.mark.parametrize("copies", [1, 3])
def test_redate_makes_the_earliest_copy_the_head_of_its_group(tmp_path, copies):
    text = " ".join(json.dumps(i) + " harbour ferry timetable cut crew shortage" for i in range(60))
    home = Home(tmp_path)
    home.ensure()
    with RecordStore(home.records_db) as store:
        for n in range(copies):
            store_article(store, record(f"https://wire{n}.example/copy", WIRE_DATE, text))
        store_article(store, record("https://gazette.example/story", "2025-11-16T06:00:00+00:00", text))
        head = store.get("https://gazette.example/story")["duplicate_of"]
        assert head and head.startswith("https://wire")
        assert redate(store, "https://gazette.example/story", STORY_DATE, "news-sitemap") == "updated"
        assert redate(store, "https://gazette.example/story", STORY_DATE, "news-sitemap") == "unchanged"
        assert store.get("https://gazette.example/story")["duplicate_of"] is None
        assert {store.get(f"https://wire{n}.example/copy")["duplicate_of"] for n in range(copies)} == {"https://gazette.example/story"}
        sync(home, store)
    hits = indexer.open(tmp_path).search("ferry timetable").hits
    assert [h.url for h in hits] == ["https://gazette.example/story"]


def test_redate_to_the_same_instant_from_a_sitemap_is_an_update(tmp_path):
    text = " ".join(json.dumps(i) + " harbour ferry timetable cut crew shortage" for i in range(60))
    with RecordStore(Home(tmp_path).records_db) as store:
        store_article(store, {**record("https://gazette.example/story", STORY_DATE, text), "date_source": "json-ld"})
        assert redate(store, "https://gazette.example/story", STORY_DATE, "news-sitemap") == "updated"
        assert store.get("https://gazette.example/story")["date_source"] == "news-sitemap"
        assert redate(store, "https://gazette.example/story", STORY_DATE, "news-sitemap") == "unchanged"
