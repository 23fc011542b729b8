"""Sitemaps, feeds and links read the way real news sites write them."""
from crawler.discovery import feed_links, is_feed, link_kind, parse_feed, parse_sitemap, sitemaps_from_robots

BASE = "https://news.example.com/"


def test_robots_sitemap_lines_are_found_whatever_their_case():
    text = "User-agent: *\nDisallow: /private/\nsitemap: /sitemaps/index.xml\nSitemap: https://news.example.com/news.xml\n"
    assert sitemaps_from_robots(text, BASE) == [
        "https://news.example.com/sitemaps/index.xml",
        "https://news.example.com/news.xml",
    ]


def test_sitemap_index_lists_its_sitemaps():
    body = b"""<?xml version="1.0" encoding="UTF-8"?>
    <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <sitemap><loc>https://news.example.com/sitemaps/news.xml</loc></sitemap>
      <sitemap><loc>https://news.example.com/sitemaps/pages.xml</loc></sitemap>
    </sitemapindex>"""
    parsed = parse_sitemap(body, BASE)
    assert parsed.sitemaps == ["https://news.example.com/sitemaps/news.xml", "https://news.example.com/sitemaps/pages.xml"]
    assert parsed.leads == []


def test_google_news_sitemap_keeps_date_and_title_as_evidence():
    body = """<?xml version="1.0" encoding="UTF-8"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>https://news.example.com/2025/11/10/iraq-deal/</loc>
        <news:news><news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication>
        <news:publication_date>2025-11-10T09:15:00+00:00</news:publication_date>
        <news:title>Iraq agrees returns deal – “historic”</news:title></news:news></url>
    </urlset>""".encode()
    (lead,) = parse_sitemap(body, BASE).leads
    assert lead.url == "https://news.example.com/2025/11/10/iraq-deal/"
    assert lead.date == "2025-11-10T09:15:00+00:00"
    assert lead.title == "Iraq agrees returns deal – “historic”"
    assert lead.via == "news-sitemap"


def test_rss_atom_and_rdf_items_give_links_dates_and_categories():
    rss = b"""<rss version="2.0"><channel><item><title>Flood</title><link>https://news.example.com/flood-1</link>
      <pubDate>Tue, 04 Nov 2025 08:00:00 +0000</pubDate><category>Weather</category></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Comet</title>
      <link rel="alternate" href="/science/comet"/><published>2025-08-19T13:45:00+01:00</published></entry></feed>"""
    rdf = b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
      xmlns:dc="http://purl.org/dc/elements/1.1/"><item rdf:about="https://news.example.com/vote">
      <title>Vote</title><link>https://news.example.com/vote</link><dc:date>2025-06-12T11:30:00+01:00</dc:date></item></rdf:RDF>"""
    (a,) = parse_feed(rss, BASE)
    assert (a.url, a.date, a.tags) == ("https://news.example.com/flood-1", "2025-11-04T08:00:00+00:00", ("Weather",))
    (b,) = parse_feed(atom, BASE)
    assert (b.url, b.date) == ("https://news.example.com/science/comet", "2025-08-19T13:45:00+01:00")
    (c,) = parse_feed(rdf, BASE)
    assert (c.url, c.date) == ("https://news.example.com/vote", "2025-06-12T11:30:00+01:00")
    assert is_feed(rss) and is_feed(atom) and is_feed(rdf) and not is_feed(b"<html></html>")


def test_broken_xml_gives_nothing_rather_than_an_error():
    assert parse_feed(b"<rss><channel><item><link>", BASE) == []
    assert parse_sitemap(b"\x1f\x8b not really gzip", BASE).leads == []


def test_feed_links_come_from_alternate_link_tags_only():
    links = [("alternate", "application/rss+xml", "/rss/all.xml"), ("stylesheet", "text/css", "/s.css"),
             ("alternate", "text/html", "/en/")]
    assert feed_links(links, BASE) == ["https://news.example.com/rss/all.xml"]


def test_link_kinds():
    assert link_kind("https://x.com/politics/2025/11/10/iraq-agrees-returns-deal/") == "article"
    assert link_kind("https://x.com/news/world/iraq-signs-deal-48213.html") == "article"
    assert link_kind("https://x.com/politics/") == "listing"
    assert link_kind("https://x.com/politics/page/2/") == "listing"
    assert link_kind("https://x.com/tag/asylum/") == "listing"
    assert link_kind("https://x.com/author/jane-smith-and-co-ltd/") == "listing"
    assert link_kind("https://x.com/files/report.pdf") == "skip"
    assert link_kind("https://x.com/about/") == "skip"


def test_gzipped_sitemaps_are_read_and_bombs_cut_off():
    import gzip

    from crawler.discovery import MAX_UNZIPPED, is_sitemap

    plain = b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/2025/01/02/a-story-here/</loc></url></urlset>'
    assert [lead.url for lead in parse_sitemap(gzip.compress(plain), BASE).leads] == ["https://news.example.com/2025/01/02/a-story-here/"]
    bomb = gzip.compress(b"<urlset>" + b" " * (MAX_UNZIPPED * 2))
    assert is_sitemap(bomb)
    assert parse_sitemap(bomb, BASE).leads == []  # read up to the cap, never the whole 100 MB


def test_malformed_links_are_skipped_not_fatal():
    body = b"""<rss><channel><item><link>http://[oops/</link></item>
      <item><link>https://news.example.com/fine-story-here</link></item></channel></rss>"""
    assert [lead.url for lead in parse_feed(body, BASE)] == ["https://news.example.com/fine-story-here"]


def test_canonical_link_is_found_however_it_is_written():
    from crawler.discovery import canonical_link

    assert canonical_link(b'<head><LINK HREF="/a/b" Rel="Canonical"></head>') == "/a/b"
    assert canonical_link(b"<link rel='alternate stylesheet' href='/x.css'><link rel=canonical href=https://x.example/s>") == "https://x.example/s"
    assert canonical_link(b'<link rel="amphtml" href="/amp/">') is None


def test_a_front_leads_to_its_next_page_only_and_to_sections_one_level_down():
    from crawler.discovery import FrontLink, sort_front

    site = "https://news.example/"
    links = [
        FrontLink("https://news.example/politics/page/3/"),  # page 3 of this listing: its turn comes via page 2
        FrontLink("https://news.example/politics/page/2/"),
        FrontLink("https://news.example/sport/", nav=True),
        FrontLink("https://elsewhere.example/politics/"),
        FrontLink("https://news.example/2025/11/14/harbour-wall-approved-after-storm/"),
    ]
    section = sort_front(links, "https://news.example/politics/", site, depth=1, max_depth=2)
    assert [lead.url for lead in section.leads] == ["https://news.example/2025/11/14/harbour-wall-approved-after-storm/"]
    assert section.children == [("https://news.example/politics/page/2/", 1, False), ("https://news.example/sport/", 2, False)]
    home = sort_front(links, site, site, depth=0, max_depth=2)
    assert ("https://news.example/sport/", 1, True) in home.children  # the home page's navigation is read first
    assert sort_front(links, "https://news.example/politics/", site, depth=2, max_depth=2).children == [
        ("https://news.example/politics/page/2/", 2, False)  # at the depth bound only pagination goes on
    ]
