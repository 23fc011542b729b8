"""Golden tests of article extraction on realistic pages written for the tests.

Each asserts what a reader of the result would notice: the date, the title, the
topics, the text with no page chrome in it, the reason a page is not an article.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest

from crawler.extract import Article, Rejection, extract_page
from indexer.fingerprint import NEAR, distance
from tests.pages import (
    BRIEF_PARAGRAPHS, CHROME_TEXT, LONG_PARAGRAPHS, PARAGRAPHS, about_page, brief_page, jsonld, listing_page, page, short_page,
    split_body_page, tagdiv_page,
)

NOW = datetime(2025, 11, 16, 12, 0, tzinfo=timezone.utc)
URL = "https://www.dailybugle.example/news/grain-terminal-to-be-demolished-after-years-of-argument"


def extract(html: str | bytes, url: str = URL, evidence: dict | None = None, **kw) -> Article:
    result = extract_page(html.encode() if isinstance(html, str) else html, url, evidence, now=NOW, **kw)
    assert isinstance(result, Article), result
    return result


def test_text_keeps_the_article_and_drops_the_chrome():
    art = extract(page(head=jsonld(datePublished="2025-03-04T09:30:00+00:00")))
    for para in PARAGRAPHS:
        assert para in art.text
    for chrome in CHROME_TEXT:
        assert chrome not in art.text
    assert art.word_count > 150


def test_title_loses_the_site_name_suffix():
    art = extract(page(title="Grain terminal to be demolished after years of argument | The Daily Bugle",
                       head='<meta property="og:site_name" content="The Daily Bugle">'))
    assert art.title == "Grain terminal to be demolished after years of argument"
    assert art.source == "The Daily Bugle"


# ---- dates ------------------------------------------------------------------------------
def test_the_masthead_date_is_never_the_publication_date():
    art = extract(page(byline='<p class="byline">By Jane Rivers, 3 March 2025</p>'))
    assert art.date is not None and art.date.startswith("2025-03-03")
    assert not art.date.startswith("2025-11-16")


def test_json_ld_date_with_time_and_offset():
    head = jsonld(datePublished="2025-03-04T09:30:00+01:00", dateModified="2025-03-05T10:00:00+01:00")
    art = extract(page(head=head + '<meta property="article:published_time" content="2025-03-01T00:00:00Z">'))
    assert (art.date, art.date_source) == ("2025-03-04T09:30:00+01:00", "json-ld")
    assert art.updated == "2025-03-05T10:00:00+01:00"


def test_meta_only_date():
    art = extract(page(head='<meta property="article:published_time" content="2024-12-24T18:05:00+00:00">'))
    assert (art.date, art.date_source) == ("2024-12-24T18:05:00+00:00", "meta")


@pytest.mark.parametrize("path", ["2024/07/09/grain-terminal", "news/2024/jul/09/grain-terminal",
                                  "news/2024/july/9/grain-terminal", "world/20240709-GT4821/"])
def test_url_only_date(path):
    art = extract(page(), url=f"https://www.dailybugle.example/{path}")
    assert (art.date, art.date_source) == ("2024-07-09", "url")


def test_visible_text_only_date():
    art = extract(page(byline='<p class="byline">By Jane Rivers</p><p class="dateline">Published 9 July 2024, 14:30</p>'))
    assert art.date is not None and art.date.startswith("2024-07-09")


def test_time_element_in_the_article_beats_the_masthead():
    art = extract(page(byline='<p>By Jane Rivers · <time datetime="2025-02-11T07:15:00+00:00">11 February</time></p>'))
    assert (art.date, art.date_source) == ("2025-02-11T07:15:00+00:00", "time-element")


def test_sitemap_evidence_is_the_strongest():
    head = jsonld(datePublished="2025-03-05T09:30:00+00:00")
    art = extract(page(head=head), evidence={"date": "2025-03-04T22:10:00+00:00", "via": "news-sitemap"})
    assert (art.date, art.date_source) == ("2025-03-04T22:10:00+00:00", "news-sitemap")


def test_a_future_date_is_ignored_for_the_next_evidence():
    head = jsonld(datePublished="2031-01-01T00:00:00+00:00")
    art = extract(page(head=head + '<meta property="article:published_time" content="2025-05-05T08:00:00+00:00">'))
    assert art.date == "2025-05-05T08:00:00+00:00"


def test_the_modified_date_is_not_taken_for_the_publication_date():
    art = extract(page(head=jsonld(dateModified="2025-10-10T10:00:00+00:00")),
                  url="https://www.dailybugle.example/2025/06/01/grain-terminal/")
    assert art.date == "2025-06-01"
    assert art.updated == "2025-10-10T10:00:00+00:00"


def test_no_date_at_all_keeps_the_article_without_one():
    art = extract(page())
    assert art.date is None and art.date_source is None and art.crawled_at


# ---- topics ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, url, topics, source",
    [
        ({"head": '<meta property="article:section" content="UK Politics">'}, URL, ["politics"], "section"),
        ({"head": jsonld(articleSection="Football")}, URL, ["sport"], "section"),
        ({"breadcrumb": '<nav class="breadcrumb"><a href="/">Home</a> <a href="/science/">Science</a> '
                        '<a href="/science/space/">Space</a></nav>'}, URL, ["science"], "section"),
        ({}, "https://www.dailybugle.example/business/markets/grain-terminal-to-be-demolished", ["economy"], "url"),
        ({"head": '<meta property="article:section" content="World">'},
         "https://www.dailybugle.example/world/middle-east/grain-terminal-story", [], None),
    ],
)
def test_topics_from_sections_and_paths(kwargs, url, topics, source):
    art = extract(page(**kwargs), url=url)
    if source:  # the named topic is the main one; the text may add a second
        assert (art.topics[:1], art.topic_source) == (topics, source)
    else:
        assert art.topic_source in ("text", "none")  # "World" names no topic by itself


def test_raw_sections_and_tags_are_kept():
    art = extract(page(head='<meta property="article:section" content="UK Politics">'
                            '<meta property="article:tag" content="Harbour">' + jsonld(keywords="demolition, housing")))
    assert {"UK Politics", "Harbour", "demolition", "housing"} <= set(art.tags)


def test_text_alone_names_a_topic_when_nothing_else_does():
    sport = [f"In the {n} half the striker scored twice as the team won the cup final, and the coach praised his "
             "players after a season in which the league title slipped away in the last match. The goal in extra "
             "time sealed the victory, and the squad celebrated the win with their fans in the rain."
             for n in ("first", "second", "third")]
    art = extract(page(paragraphs=sport, headline="Late goals win the cup"))
    assert (art.topics, art.topic_source) == (["sport"], "text")


# ---- encodings, URLs, duplicates -----------------------------------------------------------
def test_windows_1252_page_decodes():
    paras = [f"The caf\u00e9 owner said the \u201cna\u00efve\u201d plan \u2014 costing \u00a34m \u2014 would close the quay for {n} months."
             + PARAGRAPHS[n] for n in range(5)]
    body = page(paragraphs=paras, charset="windows-1252").encode("cp1252")
    art = extract(body, encoding="windows-1252")
    assert "caf\u00e9 owner said the \u201cna\u00efve\u201d plan \u2014 costing \u00a34m" in art.text
    # the same bytes with a wrong (latin-1) or missing header still read right
    assert "\u201cna\u00efve\u201d" in extract(body, encoding="iso-8859-1").text
    assert "\u201cna\u00efve\u201d" in extract(body.replace(b'charset="windows-1252"', b"")).text


def test_utf8_page_mislabelled_as_latin1_still_reads_right():
    paras = [f"Z\u00fcrich and M\u00fcnchen agreed on the caf\u00e9 tax, the minister said in statement {n}. " + PARAGRAPHS[n]
             for n in range(5)]
    art = extract(page(paragraphs=paras).encode("utf-8"), encoding="iso-8859-1")
    assert "Z\u00fcrich and M\u00fcnchen" in art.text and "\u00c3" not in art.text


def test_amp_page_is_recorded_under_its_canonical_url():
    amp_url = "https://www.dailybugle.example/amp/news/grain-terminal-to-be-demolished-after-years-of-argument"
    art = extract(page(head=f'<link rel="canonical" href="{URL}?utm_source=amp">'), url=amp_url)
    assert art.url == URL


def test_a_canonical_link_to_another_site_is_ignored():
    art = extract(page(head='<link rel="canonical" href="https://aggregator.example/copied-story">'))
    assert art.url == URL


def test_a_wire_copy_on_another_site_has_a_near_fingerprint():
    original = extract(page())
    edited = [PARAGRAPHS[0].replace("confirmed on Tuesday", "said on Tuesday"), *PARAGRAPHS[1:]]
    copy = extract(page(paragraphs=edited, title="Old grain terminal will be knocked down (Wire) - Valley Times"),
                   url="https://valleytimes.example/news/wire/grain-terminal-48213.html")
    unrelated = extract(page(paragraphs=[p[::-1] for p in PARAGRAPHS]))
    assert distance(int(original.fingerprint, 16), int(copy.fingerprint, 16)) <= NEAR
    assert distance(int(original.fingerprint, 16), int(unrelated.fingerprint, 16)) > NEAR


def test_wire_copies_point_at_the_earliest(tmp_path):
    from indexer.store import RecordStore
    from indexer.writer import store_article

    first = extract(page(head=jsonld(datePublished="2025-03-04T09:00:00+00:00"))).to_record()
    later = extract(page(head=jsonld(datePublished="2025-03-04T11:00:00+00:00")),
                    url="https://valleytimes.example/news/wire/grain-48213.html").to_record()
    with RecordStore(tmp_path / "a.db") as store:
        assert store_article(store, later) == "new"
        assert store_article(store, first) == "new"  # found second, published first: becomes the original
        assert store.get(later["url"])["duplicate_of"] == first["url"]
        assert store.get(first["url"])["duplicate_of"] is None


# ---- not articles ----------------------------------------------------------------------------
def test_a_section_front_is_rejected_as_a_listing():
    result = extract_page(listing_page().encode(), "https://www.dailybugle.example/politics/", now=NOW)
    assert isinstance(result, Rejection) and result.reason == "listing"


def test_an_about_page_is_rejected():
    result = extract_page(about_page().encode(), "https://www.dailybugle.example/about/", now=NOW)
    assert isinstance(result, Rejection) and result.reason in ("not-an-article-page", "listing")


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "empty"),
        (b"   \n ", "empty"),
        (b"%PDF-1.4\x00\x01\x02 binary", "binary"),
        (b"<html><head><title>404 Not Found</title></head><body><h1>Page not found</h1></body></html>", "error-page"),
        (b"<html><body><p>Too short.</p></body></html>", "too-short"),
        (b"<<<<>>>>&&&& not html at all", "too-short"),
    ],
)
def test_bad_pages_give_a_reason_never_a_crash(body, reason):
    result = extract_page(body, "https://www.dailybugle.example/2025/01/01/some-story-slug-here/", now=NOW)
    assert isinstance(result, Rejection) and result.reason == reason


def test_shift_jis_page_decodes():
    japanese = [
        "港湾局は火曜日、古い穀物ターミナルを来春に解体すると発表し、十年にわたる議論に終止符を打った。",
        "市議会は九対四で計画を承認した。計画には三百戸の住宅、公共広場、駅と海岸を結ぶ自転車道が含まれる。",
        "反対派は、一九一一年から岸壁に立つ穀物エレベーターを守るには不十分だと述べた。",
        "開発業者はエレベーターの鉄骨を残し、港の歴史を紹介する小さな博物館を開くと約束した。",
        "会合で発言した住民の意見は分かれた。住宅を歓迎する声がある一方、工事の交通を心配する声もあった。",
    ]
    body = page(paragraphs=japanese, charset="shift_jis", headline="穀物ターミナル解体へ").replace(
        'lang="en-GB"', 'lang="ja"').encode("shift_jis", errors="replace")
    art = extract(body, encoding="shift_jis")
    assert japanese[0] in art.text and art.language == "ja"


def test_a_malformed_canonical_link_is_ignored_not_fatal():
    art = extract(page(head='<link rel="canonical" href="http://[oops/">'))
    assert art.url == URL


# ---- the article's date, not the site's (issue 8) ------------------------------------------
TAGDIV_URL = "https://www.portalder.example/harbour-board-approves-winter-ferry-timetable/"


@pytest.mark.parametrize("composer", [False, True], ids=["newspaper-theme", "tagdiv-composer"])
def test_the_date_beside_the_byline_beats_the_masthead_teasers_and_comments(composer):
    # only the masthead's "today" (a div, not <header>), teasers, the sidebar, related posts
    # and comments carry other dates; the article's own is text in a span beside the byline
    art = extract(tagdiv_page(composer=composer), url=TAGDIV_URL)
    assert art.date == "2025-11-14"
    assert art.title == "Harbour board approves winter ferry timetable"
    assert art.authors == ["Maria Okafor"]


def test_a_time_in_a_teaser_or_comment_does_not_date_the_article():
    teaser = ('<div class="more"><h3><a href="/news/older-story/">An older story about the quay</a></h3>'
              '<time datetime="2025-11-15T08:00:00+00:00">15 November</time></div>')
    comment = ('<ol class="comment-list"><li class="comment"><cite>Reader</cite>'
               '<time datetime="2025-11-16T09:00:00+00:00">Today</time><p>Good news.</p></li></ol>')
    body = page(article_top=teaser,
                byline='<p class="byline">By Jane Rivers, <span class="posted">12 November 2025</span></p>')
    art = extract(body.replace("<section class=\"comments\">", f"<section class=\"comments\">{comment}"))
    assert art.date == "2025-11-12"


# ---- short briefs (issue 8) -------------------------------------------------------------------
BRIEF_URL = "https://www.portalder.example/news/coastal-road-reopens-after-rockfall"


@pytest.mark.parametrize(
    "kwargs, evidence",
    [
        ({}, None),  # og:type article, <article> with headline, byline and date
        ({"og_type": None}, None),  # the <article> alone
        ({"og_type": None, "article_element": False, "head": jsonld(headline="Coastal road reopens after rockfall")}, None),
        ({"og_type": None, "article_element": False}, {"via": "feed", "date": "2025-11-14T12:40:00Z"}),
    ],
    ids=["og-type", "article-element", "json-ld", "feed-entry"],
)
def test_a_45_word_brief_with_article_signals_is_kept(kwargs, evidence):
    art = extract(brief_page(**kwargs), url=BRIEF_URL, evidence=evidence)
    assert art.title == "Coastal road reopens after rockfall"
    assert all(p in art.text for p in BRIEF_PARAGRAPHS)
    assert "Most read" not in art.text and "cookies" not in art.text
    assert art.date.startswith("2025-11-14")


def test_a_45_word_page_without_article_signals_is_still_too_short():
    for body in (short_page(), brief_page(og_type=None, article_element=False)):
        result = extract_page(body.encode(), "https://www.portalder.example/newsletters/", now=NOW)
        assert isinstance(result, Rejection) and result.reason == "too-short"


# ---- hostile pages (issue 9) ------------------------------------------------------------------
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _strings(record: dict) -> list[str]:
    out = []
    for value in record.values():
        out.extend(value if isinstance(value, list) else [value])
    return [v for v in out if isinstance(v, str)]


def test_escape_sequences_never_reach_a_record():
    title = "Grain terminal\x1b]0;rm -rf ~\x07 to be demolished"
    author = {"@type": "Person", "name": "Jane\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07 Rivers"}
    head = (jsonld(headline=title, author=[author], keywords="harbour\x9b2J, \x1b[31mdocks",
                   description="x")
            + '<meta property="og:site_name" content="The Daily\x1b[2J Bugle">'
            + '<meta name="description" content="The quay\x1b[2J will close\x07 next spring.">')
    paras = [PARAGRAPHS[0] + " \x1b[2J\x1b[H\x1bPq#0;2;0;0;0\x1b\\", *PARAGRAPHS[1:]]
    art = extract(page(head=head, title="Grain\x1b[5m terminal\x08 | Bugle", headline=title, paragraphs=paras))
    assert art.title == "Grain terminal to be demolished"
    assert art.authors == ["Jane Rivers"]
    assert art.source == "The Daily Bugle"
    assert art.description == "The quay will close next spring."
    assert "docks" in art.tags
    assert PARAGRAPHS[0] in art.text
    record = art.to_record()
    for value in _strings(record):
        assert not CONTROL.search(value.replace("\n", "").replace("\t", "")), value
        assert "52;c;" not in value and "rm -rf" not in value


@pytest.mark.parametrize("unit", ["Grain terminal news ", "Harbour news - "], ids=["words", "dashes"])
def test_a_one_megabyte_title_is_capped(unit):
    huge = unit * (1_000_000 // len(unit))
    body = page(title=huge, headline="").replace("<h1></h1>", "")
    art = extract(body)
    assert 10 < len(art.title) <= 500
    assert art.title.startswith(unit.split()[0])


def test_authors_are_capped_in_number_and_length():
    people = [{"@type": "Person", "name": f"Reporter Number {n}"} for n in range(500)]
    people.insert(3, {"@type": "Person", "name": "A" * 5000})
    art = extract(page(head=jsonld(author=people)))
    assert 1 <= len(art.authors) <= 20
    assert all(len(a) <= 100 for a in art.authors)
    assert art.authors[0] == "Reporter Number 0"


def test_citation_authors_read_first_name_first():
    head = ('<meta name="dc.creator" content="Lenharo, Mariana"><meta name="dc.creator" content="Basu, Mohana">'
            '<meta name="dc.creator" content="AFP, MANILA">')
    art = extract(page(head=head, byline=""))
    assert art.authors == ["Mariana Lenharo", "Mohana Basu", "AFP, MANILA"]


def test_a_shell_page_gets_its_story_from_the_app_data():
    # the markup holds a headline and an empty container; the story travels in the
    # app's hydration data as an HTML fragment inside a JSON string
    fragment = "".join(f"<p class=\"editor-p\">{p}</p>" for p in PARAGRAPHS)
    data = json.dumps({"props": {"pageProps": {"article": {"id": 48213, "body": fragment, "related": ["x"] * 3}}}})
    body = page(paragraphs=["<span class=\"loading\">Loading…</span>"],
                head='<meta property="og:type" content="article">').replace(
        "</body>", f'<script id="__NEXT_DATA__" type="application/json">{data}</script></body>')
    art = extract(body)
    assert all(p in art.text for p in PARAGRAPHS)
    assert "Most read" not in art.text and art.word_count > 150


def test_a_page_with_little_text_and_no_script_body_is_still_rejected():
    body = page(paragraphs=["Loading…"]).replace(
        "</body>", '<script>window.__STATE__ = {"user": null, "consent": "a short string"};</script></body>')
    result = extract_page(body.encode(), URL, now=NOW)
    assert isinstance(result, Rejection) and result.reason == "too-short"


def test_the_json_ld_article_body_trims_chrome_the_markup_mixed_in():
    chrome = ["Photo: Harbour Authority / Press Agency Images, all rights reserved by the agency",
              "Read more: Councillors clash over the cost of the new ferry terminal and the parking plans",
              "Subscribe now for full access to every story from the harbour towns, only 1 pound a week"]
    paras = [PARAGRAPHS[0], chrome[0], *PARAGRAPHS[1:3], chrome[1], *PARAGRAPHS[3:], chrome[2]]
    plain = extract(page(paragraphs=paras))
    assert all(c in plain.text for c in chrome)  # trafilatura keeps them: they are paragraphs of the article
    checked = extract(page(paragraphs=paras, head=jsonld(articleBody="\n\n".join(PARAGRAPHS))))
    assert all(p in checked.text for p in PARAGRAPHS)
    assert not any(c in checked.text for c in chrome)
    summary = extract(page(paragraphs=paras, head=jsonld(articleBody=PARAGRAPHS[0] + " " + PARAGRAPHS[1])))
    assert all(c in summary.text for c in chrome)  # a body that is only a summary decides nothing


def test_a_labelled_byline_names_the_people_when_the_meta_names_the_publisher():
    head = ('<meta name="author" content="The Daily Bugle"><meta property="og:site_name" content="The Daily Bugle">')
    byline = '<ul class="meta"><li><strong>Autorin/Autor</strong> Jane Rivers und Tom Reyes</li><li>3 March 2025</li></ul>'
    teaser = ('<div class="more-from-us"><a href="/opinion/quay/"><h3>Why the quay matters</h3>'
              '<div class="appetizer-author">Von Karl Chefredakteur</div></a></div>')
    art = extract(page(head=head, byline=byline).replace("</main>", teaser + "</main>"))
    assert art.authors == ["Jane Rivers", "Tom Reyes"]


def test_the_publisher_is_the_author_only_when_no_person_is_named():
    head = '<meta name="author" content="The Daily Bugle"><meta property="og:site_name" content="The Daily Bugle">'
    teaser = ('<div class="more-from-us"><a href="/opinion/quay/"><h3>Why the quay matters</h3>'
              '<div class="appetizer-author">Von Karl Chefredakteur</div></a></div>')
    art = extract(page(head=head, byline="").replace("</main>", teaser + "</main>"))
    assert art.authors == ["The Daily Bugle"]  # not the teaser's writer


def test_a_body_split_into_chunks_is_extracted_whole_and_in_order():
    art = extract(split_body_page(), url="https://www.quayside.example/news/harbour-board-report")
    positions = [art.text.find(p) for p in LONG_PARAGRAPHS]
    assert -1 not in positions and positions == sorted(positions)
    assert "Advertisement" not in art.text and "More from The Quayside" not in art.text


def test_comments_of_one_class_are_not_taken_for_a_split_body():
    comments = "".join(
        f'<div class="comment-body"><p>Reader {n} thinks the harbour board got the sums wrong again this year.</p>'
        f"<p>The cranes were never needed and the interest will be paid by the town for decades.</p>"
        f"<p>Somebody should ask the auditors why nobody noticed before the vote.</p></div>"
        for n in range(3)
    )
    body = page().replace('<section class="comments">', f'<section class="comments">{comments}')
    art = extract(body)
    assert "Reader 1 thinks" not in art.text and PARAGRAPHS[-1] in art.text


# ---- the headline as the page shows it (issue 13) ---------------------------------------------

SHOWN = "Harbour board votes to tear down the grain terminal"
SEO = "Grain terminal demolition: harbour board vote, costs and what happens next"


def test_the_headline_over_the_story_beats_the_seo_title_in_the_breadcrumb():
    # the site spends its <h1> on the breadcrumb (the SEO title, also in JSON-LD) and shows
    # the reader another headline in an <h2> over the story, behind a kicker of its own
    crumb = f'<nav class="breadcrumb"><ol><li><a href="/">Home</a></li><li><h1>{SEO}</h1></li></ol></nav>'
    head = jsonld(headline=SEO) + f'<meta property="og:title" content="{SHOWN}">'
    html = page(title=f"{SEO} | The Daily Bugle", head=head, breadcrumb=crumb).replace(
        "<h1>Grain terminal to be demolished after years of argument</h1>",
        f'<h2 class="article-header"><span class="kicker">Waterfront</span><span class="headline">{SHOWN}</span></h2>')
    art = extract(html)
    assert art.title == SHOWN
    assert "Waterfront" not in art.title and "Daily Bugle" not in art.title


def test_a_widget_heading_before_the_story_is_not_its_headline():
    # no JSON-LD, no og:title: only <title> states the headline; a bookmark widget's <h1>
    # comes first in the page, and the story's headline is the <h2> of its header
    widget = '<div class="bookmark-dialog" role="dialog"><h1>Artikel merken</h1><button>OK</button></div>'
    html = page(title=f"{SHOWN} | The Daily Bugle", headline="").replace(
        "<h1></h1>", f'<header class="article__header"><h2 class="article__title">{SHOWN}</h2></header>'
    ).replace("<main>", "<main>" + widget)
    assert extract(html).title == SHOWN


def test_a_subheading_inside_a_long_title_does_not_outrank_the_h1():
    # <title> words the story otherwise and ends with the subheading: that the later <h2> sits
    # inside it does not make the <h2> the headline, the <h1> still is
    shown, sub = "Hanna, 18, missing in Uddevalla since Sunday night", "Police ask for tips"
    html = page(title=f"Teenager missing in Uddevalla – {sub.lower()} | The Daily Bugle", headline=shown).replace(
        "</h1>", f'</h1><header class="standfirst-head"><h2>{sub}</h2></header>')
    assert extract(html).title == shown


def test_a_social_title_with_kicker_and_site_suffix_gives_way_to_the_h1():
    head = (f'<meta property="og:title" content="Waterfront: {SHOWN} | The Daily Bugle">'
            '<meta property="og:site_name" content="The Daily Bugle">')
    art = extract(page(title=f"{SHOWN} - The Daily Bugle", head=head, headline=SHOWN))
    assert art.title == SHOWN


def test_a_kicker_in_its_own_element_of_the_h1_is_dropped_unless_the_publisher_states_it():
    h1 = f'<span class="overline">Waterfront</span><span class="sr-sep">: </span><span class="title">{SHOWN}</span>'
    plain = extract(page(head=f'<meta property="og:title" content="{SHOWN}">', headline=h1))
    assert plain.title == SHOWN
    stated = extract(page(head=jsonld(headline=f"Waterfront: {SHOWN}"), headline=h1))
    assert stated.title == f"Waterfront: {SHOWN}"  # the publisher's own headline holds the kicker


def test_a_site_and_section_name_glued_on_without_spaces_are_cut():
    head = ('<meta property="og:site_name" content="Daily Bugle"><meta property="article:section" content="Politics">'
            f'<meta property="og:title" content="{SHOWN}-Politicsㅣ Daily Bugle">')
    art = extract(page(title=f"{SHOWN}-Politicsㅣ Daily Bugle", head=head, headline=""))
    assert art.title == SHOWN


def test_a_long_tail_that_only_mentions_the_site_name_stays():
    title = "Ferry strike ends – why the deal matters so much for everyone who lives on the Harbour"
    head = f'<meta property="og:site_name" content="Harbour Magazine"><meta property="og:title" content="{title}">'
    art = extract(page(title=title, head=head, headline=title), url="https://www.harbourmagazine.example/news/ferry-strike")
    assert art.title == title


# ---- authors, people and organisations (issue 13) -----------------------------------------------


def test_an_organisation_credited_in_json_ld_is_the_author_when_no_person_is():
    head = jsonld(author={"@type": "Organization", "name": "Bugle.example", "url": "https://bugle.example"})
    art = extract(page(head=head, byline='<p class="credit">red, Bugle.example/Agenturen</p>'))
    assert art.authors == ["Bugle.example"]  # whole, not split into "red", "Bugle example", "Agenturen"


def test_a_person_in_the_byline_beats_the_publisher_credited_in_json_ld():
    head = jsonld(author={"@type": "Organization", "name": "The Daily Bugle"}) + \
        '<meta name="author" content="The Daily Bugle"><meta property="og:site_name" content="The Daily Bugle">'
    art = extract(page(head=head, byline='<span class="article__author">Von Jane Rivers, Lille</span>'))
    assert art.authors == ["Jane Rivers"]  # not the publisher, and Lille is the dateline's place


def test_an_agency_credited_beside_a_person_is_kept():
    head = jsonld(author=[{"@type": "Person", "name": "Jane Rivers"}, {"@type": "Organization", "name": "Reuters"}])
    assert extract(page(head=head)).authors == ["Jane Rivers", "Reuters"]


@pytest.mark.parametrize("names, sep", [
    ("Jane Rivers, Tom Reyes and Li Wei", "and"), ("Jana Roth, Tom Weber und Li Wei", "und"),
    ("Ana García, Luis Pérez y Marta Ruiz", "y"),
])
def test_three_names_in_one_credit_are_three_authors(names, sep):
    from_jsonld = extract(page(head=jsonld(author={"@type": "Person", "name": names}), byline=""))
    label = {"and": "By", "und": "Von", "y": "Por"}[sep]
    from_byline = extract(page(byline=f'<p class="byline">{label} {names}</p>'))
    expected = [n.strip() for n in re.split(rf",|\s{sep}\s", names)]
    assert from_jsonld.authors == expected
    assert from_byline.authors == expected


def test_a_job_description_after_a_name_is_not_an_author():
    head = jsonld(author={"@type": "Person", "name": "Ana Costa, professor of law at the University of Lisbon, Bugle.example"})
    assert extract(page(head=head, byline="")).authors == ["Ana Costa"]
    wire = jsonld(author={"@type": "Person", "name": "STEVE PEOPLES, AP National Political Writer"})
    assert extract(page(head=wire, byline="")).authors == ["STEVE PEOPLES"]


def test_the_name_signed_under_the_story_is_the_author_and_an_account_name_is_not():
    head = jsonld(author={"@type": "Organization", "name": "The Daily Bugle"})
    byline = '<p class="byline">Von <a rel="author" href="/author/bugle-news/">bugle news</a></p>'
    paras = [*PARAGRAPHS, "<strong>Lê Phương</strong>"]
    art = extract(page(head=head, byline=byline, paragraphs=paras))
    assert art.authors == ["Lê Phương"]
    credit = [*PARAGRAPHS, "<em>Contributing: Tom Reyes</em>"]
    assert "Contributing: Tom Reyes" not in extract(page(head=head, byline="", paragraphs=credit)).authors


def test_photo_credits_between_paragraphs_are_not_text():
    credits = ["STR/AFP via Getty Images", "Photo: Reuters", "Long Wei/Costfoto/Barcroft Media via Getty Images"]
    paras = [p for pair in zip(PARAGRAPHS, credits + [""] * len(PARAGRAPHS)) for p in pair if p]
    art = extract(page(paragraphs=paras))
    assert all(p in art.text for p in PARAGRAPHS)
    assert not any(c in art.text for c in credits)


def test_the_json_ld_article_body_puts_back_a_paragraph_the_markup_boxed_away():
    # a paragraph of the story set in a box trafilatura drops as chrome; the structured body
    # has it (and a photo caption, which is not prose and does not come back)
    boxed = PARAGRAPHS[2]
    caption = "The quay at dusk, seen from the old ferry steps (Picture: Harbour Photos)"
    body = jsonld(articleBody="\n\n".join([*PARAGRAPHS, caption]))
    html = page(paragraphs=[p for p in PARAGRAPHS if p != boxed], head=body).replace(
        f"<p>{PARAGRAPHS[1]}</p>", f'<p>{PARAGRAPHS[1]}</p><div class="related"><p>{boxed}</p></div>')
    art = extract(html)
    positions = [art.text.find(p) for p in PARAGRAPHS]
    assert -1 not in positions and positions == sorted(positions)  # back, and where the story has it
    assert caption not in art.text and "Most read" not in art.text
    without = extract(html.replace(body, ""))
    assert boxed not in without.text  # the structured body is what brought it back


def test_the_site_name_in_an_h1_is_not_the_headline():
    # the masthead's logo is an <h1> (not a link, not in a <header>); the stated headline stands
    head = (f'<meta property="og:site_name" content="The Daily Bugle">'
            f'<meta property="og:title" content="The Daily Bugle: {SHOWN}">')
    html = page(head=head, headline=SHOWN).replace("<main>", '<div class="brand"><h1>The Daily Bugle</h1></div><main>')
    assert extract(html).title == SHOWN


def test_a_signature_followed_by_an_appeal_is_the_author_and_a_related_box_heading_is_not():
    head = jsonld(author={"@type": "Organization", "name": "The Daily Bugle"})
    appeal = ("<b>Did you like this article? Then please support our independent journalism with a donation, "
              "however small, so that we can keep reporting from the harbour.</b>")
    signed = extract(page(head=head, byline="", paragraphs=[*PARAGRAPHS, "<em>DB-Redaktion</em>", appeal]))
    assert signed.authors == ["DB-Redaktion"]
    related = ('<p><strong>Related Articles</strong></p><ul><li><a href="/news/quay-museum/">Quay museum plans '
               'shelved</a></li><li><a href="/news/ferry-timetable/">Ferry timetable changes</a></li></ul>')
    html = page(head=head, byline="").replace("</article>", related + "</article>")
    assert extract(html).authors == ["The Daily Bugle"]


def test_a_bold_subhead_near_the_end_is_not_a_signature():
    head = jsonld(author={"@type": "Organization", "name": "The Daily Bugle"})
    paras = [*PARAGRAPHS[:3], "<strong>Second Operation</strong>", *PARAGRAPHS[3:]]
    assert extract(page(head=head, byline="", paragraphs=paras)).authors == ["The Daily Bugle"]


def test_a_headline_linked_to_its_own_page_is_still_the_headline_and_a_teaser_link_is_not():
    head = jsonld(headline=SEO) + f'<meta property="og:title" content="{SHOWN}">'
    own = page(head=head, headline=f'<a href="{URL}?ref=self">{SHOWN}</a>')
    assert extract(own).title == SHOWN  # the heading over the story confirms the social title
    other = page(head=head, headline=f'<a href="/news/another-story">{SHOWN}</a>')
    assert extract(other).title == SEO  # a heading linking elsewhere confirms nothing


def test_a_microdata_headline_is_a_stated_headline():
    # no JSON-LD headline; the social title carries a section glued on that the page names
    # nowhere else; the headline is stated in a microdata meta (and the <h1> is not found)
    head = (f'<meta property="og:title" content="{SHOWN}-Waterfrontㅣ Daily Bugle">'
            f'<div itemscope itemtype="https://schema.org/NewsArticle"><meta itemprop="headline" content="{SHOWN}"></div>')
    art = extract(page(title=f"{SHOWN}-Waterfrontㅣ Daily Bugle", head=head, headline=""))
    assert art.title == SHOWN


def test_a_breadcrumb_ending_in_the_story_does_not_hide_its_headline():
    # the last crumb is the story itself (short enough to pass for a section name), and a
    # second <h1> under the headline holds the standfirst, stated as the microdata headline
    short = "Harbour board votes to close terminal"
    crumb = (f'<nav class="breadcrumb"><a href="/">Home</a> <a href="/waterfront/">Waterfront</a> '
             f'<a href="/waterfront/terminal/">{short}</a></nav>')
    head = (f'<meta property="og:title" content="{short} - The Daily Bugle">'
            '<meta itemprop="headline" content="... and the grain trade moves downriver">')
    html = page(title=f"{short} - The Daily Bugle", head=head, breadcrumb=crumb,
                headline=f'{short}</h1><h1>... and the grain trade moves downriver')
    assert extract(html).title == short


# ---- text: what main-text extraction keeps that is not the story, and the standfirst it loses (issue 13)

HEADLINE = "Grain terminal to be demolished after years of argument"
STANDFIRST = ("After a decade of argument the harbour board has settled the future of the quay: the terminal goes, "
              "three hundred homes come.")


def _standfirst_page(standfirst_at: str, description: str = STANDFIRST) -> str:
    # the standfirst in the page's header block, outside the <article> trafilatura takes
    head = f'<meta property="og:description" content="{description}">' + jsonld(description=description)
    html = page(head=head)
    block = f'<div class="article-header"><p class="dek">{STANDFIRST}</p></div>'
    if standfirst_at == "above":
        return html.replace("<main>", f"<main>{block}")
    if standfirst_at == "below":
        return html.replace('<section class="comments">', f'{block}<section class="comments">')
    return html


def test_the_standfirst_shown_over_the_story_opens_the_text():
    art = extract(_standfirst_page("above"))
    assert STANDFIRST in art.text
    assert art.text.index(STANDFIRST) < art.text.index(PARAGRAPHS[0])
    assert all(p in art.text for p in PARAGRAPHS)


def test_a_description_the_page_does_not_show_over_the_story_stays_out_of_the_text():
    # a summary only search engines see, or one set in a box under the story, is not the standfirst
    assert STANDFIRST not in extract(_standfirst_page("nowhere")).text
    assert STANDFIRST not in extract(_standfirst_page("below")).text


CONSENT = [
    "External content not available",
    "Your privacy settings prevent the loading and display of all external content (for example graphics, "
    "tables, subscription logins) and social networks (for example YouTube, X, Instagram).",
    "To display it, please enable external content in your privacy settings.",
]


def test_the_placeholder_set_in_place_of_every_embed_is_not_text():
    paras = [p for para in PARAGRAPHS for p in (para, *CONSENT)]
    art = extract(page(paragraphs=paras))
    assert all(p in art.text for p in PARAGRAPHS)
    assert not any(line in art.text for line in CONSENT)


def test_an_interview_keeps_the_question_it_asks_every_guest():
    question = "What did you see from the quay that morning?"
    answers = [f"{name}: {para}" for name, para in zip(("Mara", "Olu", "Tess"), PARAGRAPHS)]
    art = extract(page(paragraphs=[p for a in answers for p in (question, a)]))
    assert art.text.count(question) == 3 and all(a in art.text for a in answers)


def test_the_headline_is_the_title_not_the_first_line_of_the_text():
    art = extract(page(head=jsonld(headline=HEADLINE)))
    assert art.title == HEADLINE
    assert HEADLINE not in art.text.splitlines()
    assert art.text.startswith(PARAGRAPHS[0])


def test_summaries_of_other_stories_in_link_cards_are_not_text():
    # "You might also like": each card one link to another story around its picture,
    # headline and summary, set inside the story's container
    summaries = [
        "The harbour board spent the morning arguing about dredging, and the afternoon arguing about who "
        "should pay for it, without a vote on either.",
        "Councillors from both sides of the chamber asked the port to publish the full cost of the new lock "
        "gates before any more money is spent on them.",
    ]
    cards = "".join(
        f'<li><a href="/news/2025/11/{n + 10}/related-story-{n}/"><img src="/img/r{n}.jpg"><h4>Related story {n}</h4>'
        f'<p>{summary}</p></a></li>' for n, summary in enumerate(summaries))
    linked = PARAGRAPHS[1].replace("three hundred new homes", '<a href="/news/homes-plan/">three hundred new homes</a>')
    paras = [PARAGRAPHS[0], linked, *PARAGRAPHS[2:]]
    html = page(paragraphs=paras).replace(
        "</article>", f'<div class="also-like"><h3>You might also like</h3><ul>{cards}</ul></div></article>', 1)
    art = extract(html)
    assert all(p in art.text for p in PARAGRAPHS)  # a sentence with a link in it stays
    assert not any(s[:40] in art.text for s in summaries)


def test_read_more_lines_between_paragraphs_are_not_text_in_any_language():
    teasers = [
        '<strong>READ MORE:</strong> <a href="/news/2025/11/12/ferry-fares-rise/">Ferry fares to rise for the first time in six years</a>',
        'Les også: <a href="https://www.dailybugle.example/news/lock-gates/">Nye slusedører svikter igjen i høststormen</a>',
    ]
    kept = [
        'See it now: <a href="https://shop.example/harbour-map">Amazon</a>',  # a shop's name is the story's
        "The full report was published by the harbour board on Friday, in a document titled "
        '<a href="https://harbour.example/report.pdf">Quay futures and the grain trade</a>',  # a sentence, not a label
    ]
    paras = [PARAGRAPHS[0], teasers[0], PARAGRAPHS[1], kept[0], PARAGRAPHS[2], teasers[1], *PARAGRAPHS[3:], kept[1]]
    art = extract(page(paragraphs=paras))
    assert all(p in art.text for p in PARAGRAPHS)
    assert "Ferry fares to rise" not in art.text and "slusedører" not in art.text
    assert "See it now: Amazon" in art.text and "Quay futures and the grain trade" in art.text
