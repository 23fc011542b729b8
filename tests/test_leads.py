"""Leads as real sites give them: evidence merged from every listing in any order,
URLs of any shape, links judged by where they sit, sitemaps read within bounds."""
from __future__ import annotations

import gzip
import itertools
import sqlite3

from crawler.discovery import (
    FrontLink,
    front_link_kind,
    front_links,
    link_kind,
    listing_page,
    merge_evidence,
    page_says,
    parse_sitemap,
    redates,
)
from crawler.state import CrawlState

SITEMAP = {"via": "news-sitemap", "date": "2025-11-10T09:15:00+00:00", "title": "Iraq agrees returns deal"}
FEED = {"via": "feed", "date": "2025-11-10T10:00:00+00:00", "title": "Iraq deal", "tags": ["World"]}
FRONT = {"via": "front"}
PLAIN = {"via": "sitemap"}


def test_evidence_is_the_same_whatever_order_the_leads_came_in():
    leads = [SITEMAP, FEED, FRONT, PLAIN]
    results = set()
    for order in itertools.permutations(leads):
        merged: dict = {}
        for lead in order:
            merged = merge_evidence(merged, lead)
        results.add(repr(sorted(merged.items())))
    assert len(results) == 1
    (only,) = results
    merged = dict(eval(only))  # noqa: S307 - our own repr
    # the news sitemap's date and title beat the feed's; a front's bare link adds nothing
    assert merged["via"] == "news-sitemap" and merged["date"] == SITEMAP["date"] and merged["title"] == SITEMAP["title"]
    assert merged["tags"] == ["World"]


def test_a_front_link_never_overwrites_a_sitemap_date():
    assert merge_evidence(SITEMAP, FRONT) == SITEMAP
    assert merge_evidence(FRONT, SITEMAP) == SITEMAP
    assert redates(FRONT, merge_evidence(FRONT, SITEMAP))
    assert not redates(SITEMAP, merge_evidence(SITEMAP, FRONT))
    assert not redates({}, merge_evidence({}, PLAIN))  # an undated plain sitemap entry dates nothing


def test_state_merges_evidence_and_asks_for_a_redate_of_stored_articles(tmp_path):
    state = CrawlState(tmp_path / "state.db")
    assert state.add_lead("https://s/a", "s", FRONT) == "new"
    assert state.add_lead("https://s/a", "s", SITEMAP) == "pending"
    assert state.evidence("https://s/a") == SITEMAP
    state.mark("https://s/b", "s", "article")  # stored from a front link alone
    assert state.add_lead("https://s/b", "s", FEED) == "redate"
    assert state.add_lead("https://s/b", "s", FEED) == "known"  # once only
    state.mark("https://s/c", "s", "gone", "404")
    assert state.add_lead("https://s/c", "s", SITEMAP) == "known"
    for _ in range(3):  # failed on three runs: given up, whatever lists it again
        state.mark("https://s/d", "s", "failed", "503")
    assert state.add_lead("https://s/d", "s", SITEMAP) == "known"


def test_pending_leads_are_kept_newest_first_and_bounded(tmp_path):
    state = CrawlState(tmp_path / "state.db")
    for day in range(1, 29):
        state.add_lead(f"https://s/{day}", "s", {"via": "news-sitemap", "date": f"2025-02-{day:02d}T08:00:00+00:00"})
    state.add_lead("https://s/undated", "s", FRONT)
    assert state.prune_pending("s", 10) == 19
    kept = [url for url, _ in state.pending("s")]
    assert kept == [f"https://s/{day}" for day in range(28, 18, -1)]
    assert [url for url, _ in state.pending("s", 3)] == kept[:3]


def test_urls_of_any_shape():
    # what real sites use for stories (issue 8: BBC ids, underscores, non-Latin slugs)
    assert link_kind("https://x.com/news/articles/c8x2k4m9q1zo") == "article"
    assert link_kind("https://x.com/de-Tagesschau_2023_04_28") == "article"
    assert link_kind("https://x.com/%D0%BF%D0%BE%D0%B6%D0%B0%D1%80-%D0%B2-%D0%BF%D0%BE%D1%80%D1%82%D1%83-%D0%BD%D0%BE%D1%87%D1%8C%D1%8E") == "article"
    # still listings
    assert link_kind("https://x.com/politics/") == "listing"
    assert link_kind("https://x.com/tag/asylum/") == "listing"
    assert link_kind("https://x.com/news/world") == "listing"


def test_front_links_are_judged_by_their_context():
    page = b"""<html><body>
      <nav class="main-menu"><a href="/politics/">Politics</a><a href="/regatta-and-boats/">Regatta</a></nav>
      <div class="td_module_10"><h3 class="entry-title"><a href="/archive/bin-strike/">Bin strike ends after nine weeks</a></h3></div>
      <article><h2><a href="/p/9f3k2">Lighthouse keeper's diary found after a century</a></h2></article>
      <h2><a href="/world/">World</a></h2>
      <article><h3><a href="/tag/ferries/">Ferries and boats of the coast</a></h3></article>
      <footer><h3><a href="/history/">About our long history here</a></h3></footer>
    </body></html>"""
    links = {link.url.rsplit("/", 2)[-2] or link.url: link for link in front_links(page, "https://x.com/")}
    kinds = {link.url.replace("https://x.com", ""): front_link_kind(link) for link in links.values()}
    assert kinds["/archive/bin-strike/"] == "article"  # a headline in a teaser
    assert kinds["/p/9f3k2"] == "article"  # a headline in an <article>
    assert kinds["/politics/"] == "listing" and kinds["/world/"] == "listing"  # section names, not headlines
    assert kinds["/tag/ferries/"] == "listing"  # a tag page stays a tag page wherever it is linked
    assert kinds["/history/"] == "listing"  # footers hold no stories
    assert links["politics"].nav and not links["politics"].headline


def test_cjk_headline_counts_as_a_headline():
    link = FrontLink("https://x.com/%E6%96%B0%E9%97%BB/%E6%B8%A1%E8%BD%AE/", "渡轮因大风停运今日", headline=True)
    assert front_link_kind(link) == "article"


def test_a_page_says_what_it_is():
    assert page_says(b'<head><meta property="og:type" content="article"></head>') == "article"
    assert page_says(b'<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"NewsArticle"}]}</script>') == "article"
    assert page_says(b'<meta content="website" property="og:type">') == "listing"
    assert page_says(b'<link rel="next" href="/politics/page/2/">') == "listing"
    # an ItemList of articles on a front is still a front
    assert page_says(b'<script type="application/ld+json">{"@type":"ItemList","itemListElement":[{"@type":"NewsArticle"}]}</script>') == "listing"
    assert page_says(b"<html><body><p>plain</p></body></html>") is None


def test_pagination_is_recognised_in_paths_and_queries():
    assert listing_page("https://x.com/politics/page/3/") == ("https://x.com/politics/", 3)
    assert listing_page("https://x.com/politics/?page=3") == ("https://x.com/politics/", 3)
    assert listing_page("https://x.com/politics/") == ("https://x.com/politics/", 1)


def test_a_huge_gzipped_sitemap_is_read_up_to_the_bound():
    # (its memory is measured in benchmarks/listings.py --hostile)
    count = 300_000
    raw = b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + b"".join(
        b"<url><loc>/2024/01/01/filler-%07d/</loc><lastmod>2024-01-01</lastmod></url>" % i for i in range(count)
    ) + b"</urlset>"
    body = gzip.compress(raw, 6)
    parsed = parse_sitemap(body, "https://x.com/", max_urls=1000)
    assert len(parsed.leads) == 1000 and parsed.truncated
    assert parsed.leads[0].url == "https://x.com/2024/01/01/filler-0000000/"
    assert parsed.leads[0].lastmod == "2024-01-01T00:00:00"
    small = parse_sitemap(raw[:2000] + b"</urlset>", "https://x.com/", max_urls=1000)
    assert not small.truncated and 0 < len(small.leads) < 1000


def test_a_sitemap_index_keeps_its_childrens_lastmod_for_newest_first():
    body = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>/2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
      <sitemap><loc>/2025.xml</loc><lastmod>2025-11-16T06:00:00Z</lastmod></sitemap></sitemapindex>"""
    parsed = parse_sitemap(body, "https://x.com/")
    newest = sorted(parsed.sitemaps, key=lambda u: parsed.lastmods.get(u, ""), reverse=True)
    assert newest == ["https://x.com/2025.xml", "https://x.com/2019.xml"]


def test_listings_that_gave_nothing_rest_longer_each_time(tmp_path):
    state = CrawlState(tmp_path / "state.db")
    visits = []
    for run in range(1, 20):
        state.start_run(1)
        if state.listing_due("https://s/tag/x/"):
            visits.append(run)
            state.listing_visited("https://s/tag/x/", "s", gave_new=False)
    assert visits == [1, 3, 7, 15]  # rests 1, 3, 7 runs: every 2**idle-th run
    state.listing_visited("https://s/tag/x/", "s", gave_new=True)
    state.start_run(1)
    assert state.listing_due("https://s/tag/x/")
    state.close()
    rows = sqlite3.connect(tmp_path / "state.db").execute("SELECT idle FROM listings").fetchall()
    assert rows == [(0,)]
