"""Fake news sites served on loopback, for real Scrapy crawls in tests.

Nothing here touches the network beyond 127.0.0.1 (or whatever host you
give ``SiteServer``); every off-site link points at ``*.example.invalid``.
Only the Python standard library is used.

Quick start
-----------
::

    from tests.newssite import SiteServer, harbour_post, extra_article
    # (tests/ has no __init__.py: this is a namespace import from the repo
    # root; with tests/ on sys.path use ``from newssite import ...``)

    site = harbour_post()
    with SiteServer(site) as srv:
        ...                                   # crawl srv.base_url
        site.publish(extra_article(site))     # fronts, sitemaps change
        ...                                   # crawl again
        print(srv.paths_fetched())            # [(path, status), ...]

Absolute links and the ``{BASE}`` placeholder
---------------------------------------------
Pages use absolute links, but the port is only known once the server is
listening.  Page bodies and header values are therefore built with the
literal placeholder ``{BASE}`` (the constant ``BASE``) wherever the
scheme+host+port belongs, and ``SiteServer`` substitutes its own base URL
(``http://127.0.0.1:PORT``) at serve time.  ``site.pages[path].body``
holds the raw template bytes; ``site.body(path)`` gives the bytes as
served.  ETags are computed from the served (substituted) bytes.

Pages
-----
``site.pages`` maps an exact path *including the query string* to a
``Page``.  A path that is not in the dict gets ``site.not_found_page``
(404 with a realistic "Page not found" HTML page).  Pages with
``conditional=True`` are served with ``ETag`` (a hash of the body) and
``Last-Modified``; ``If-None-Match`` takes precedence over
``If-Modified-Since`` and a match gives ``304 Not Modified``.  ``HEAD`` is
supported; ``POST`` (the comment and newsletter forms) answers 405.

``site.publish(article)`` adds an article and rebuilds every generated page
(home page, section fronts, tag and author pages, feed or sitemaps).  Pages
whose bytes do not change keep their ``Page`` object and ``Last-Modified``;
pages that change get a new ETag and a strictly later ``Last-Modified``.
Article pages never depend on newer articles, so publishing leaves the old
article pages byte-identical.  Pages a test put into ``site.pages`` itself
are kept across rebuilds unless they have a generated path.
``extra_article(site)`` returns a new story suited to either site
(published 15 November 2025) and ``publish_one_more(site)`` publishes it.

Both sites share a "today" of Sunday 16 November 2025 in the masthead of
every page; every article was published earlier (each on a different day
within its site), with an explicit +00:00 (GMT) or +01:00 (BST) offset.

The Harbour Post  (``harbour_post()``)
--------------------------------------
National-style paper; semantic HTML5 (``<header>``, ``<article>``,
``<aside>``).  Article URLs look like
``/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/``.
Discovery is through robots.txt only:

* ``/robots.txt``: ``User-agent: *``, ``Disallow: /private/``,
  ``Disallow: /search``, ``Sitemap: {BASE}/sitemaps/index.xml``.
* ``/sitemaps/index.xml``: sitemap index listing the two below.
* ``/sitemaps/news.xml``: Google News sitemap with *every* article
  (``site.sitemap_articles()``).
* ``/sitemaps/pages.xml``: ``/``, the five section fronts, ``/about/``,
  ``/contact/``, ``/privacy/``.
* No feed: ``/feed``, ``/rss``, ``/feed.xml`` (and anything else) are 404.
* Section fronts show 3 stories per page (``site.front_page_size``), so
  ``/politics/page/2/`` exists; the home page shows the newest 6.

Articles (newest first; all in the news sitemap)::

    2025-11-10 09:15+00:00 politics /politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/
    2025-11-04 08:00+00:00 business /business/2025/11/04/millions-yet-to-file-tax-returns-as-january-deadline-nears/
    2025-10-21 07:40+01:00 politics /politics/2025/10/21/small-boat-crossings-rise-as-calm-weather-returns/
    2025-10-14 22:10+01:00 sport    /sport/2025/10/14/iraq-keep-world-cup-hopes-alive-with-late-winner/
    2025-09-03 16:05+01:00 politics /politics/2025/09/03/port-security-bill-clears-first-commons-hurdle/
    2025-08-19 13:45+01:00 science  /science/2025/08/19/newly-found-comet-could-be-visible-to-the-naked-eye/
    2025-06-12 11:30+01:00 politics /politics/2025/06/12/mps-to-debate-voting-reform-after-petition-success/
    2025-05-07 06:55+01:00 world    /world/2025/05/07/volcano-erupts-near-icelandic-fishing-town/
    2025-03-18 10:20+00:00 science  /science/2025/03/18/hospital-trial-halves-wait-for-hip-and-knee-operations/
    extra: 2025-11-15 21:40+00:00 politics
           /politics/2025/11/15/ministers-order-review-of-island-ferry-services/

Traps (all linked from the sidebar/footer of every HTML page):

* ``/business/2025/11/04/millions-yet-to-file-tax-returns-as-january-deadline-nears/?utm_source=twitter&utm_medium=social``
  and
  ``/sport/2025/10/14/iraq-keep-world-cup-hopes-alive-with-late-winner/?fbclid=IwAR2hPq7Xb0sK4dYtL9mZ``
  -- tracking-parameter links, 200, same bytes as the clean article
  (whose ``<link rel="canonical">`` names the clean URL).
* ``/amp/newly-found-comet-could-be-visible-to-the-naked-eye/`` -- AMP copy
  of the comet story; ``<link rel="canonical">`` points at the real
  article, which carries ``<link rel="amphtml">`` back to it.  Also
  linked with ``<a>`` from the "Trending" box.
* ``/private/leak.html`` -- disallowed by robots.txt, served 200 so a test
  can see whether it was fetched.
* ``/world/2025/11/01/lifeboat-crew-honoured-for-storm-rescue/`` -- linked
  in "Most read", 404.
* ``/broken/`` -- "Jobs" in the footer, 500.
* ``/old/volcano-erupts-near-icelandic-fishing-town`` -- 301 to the
  volcano article.
* ``/files/report.pdf`` -- ``application/pdf``, tiny body starting %PDF-.
* ``/images/photo-of-the-day.jpg`` -- ``<a>`` to a JPEG (``image/jpeg``);
  thumbnails and per-article images under ``/images/`` are served too.
* ``http://example.invalid/ads/click?campaign=energy-deals`` (advert),
  ``http://example.invalid/harbourpost/app`` and
  ``https://social.example.invalid/...``, ``https://video.example.invalid/...``
  (footer) -- off-site links; must never be fetched.
* ``mailto:`` and ``tel:`` links on ``/contact/``; a ``/search`` GET form
  in the masthead (``/search`` itself is 404 and robots-disallowed).

Valley Times  (``valley_times()``)
----------------------------------
Local paper; older div-based CMS markup (``#wrapper``, ``#main-col``,
``#right-rail``, ``.story-headline``).  Article URLs look like
``/news/world/iraq-signs-deal-to-take-back-rejected-asylum-seekers-48213.html``.
Discovery is through RSS only:

* ``/rss/all.xml``: RSS 2.0, newest ``site.feed_limit`` (6) stories with
  title, link, guid, pubDate (RFC 822), category, dc:creator,
  description.  Every HTML page has ``<link rel="alternate"
  type="application/rss+xml">`` pointing at it.
* ``/robots.txt`` has no Sitemap line; ``/sitemap.xml``,
  ``/sitemap_index.xml``, ``/news-sitemap.xml`` are 404.
* Section fronts show 2 stories per page.  The oldest politics story
  (``site.unlisted``, also ``site.traps["page_two_only"]``) is not in the
  feed, not on the home page, not in any sidebar or related-links box,
  and its author and tags are unique to it: it is reachable only through
  ``/politics/page/2/``.

Articles (newest first)::

    2025-11-10 11:15+00:00 world    /news/world/iraq-signs-deal-to-take-back-rejected-asylum-seekers-48213.html
    2025-11-06 09:30+00:00 business /news/business/shops-extend-returns-window-for-christmas-gifts-48177.html
    2025-11-02 17:05+00:00 sport    /news/sport/valley-rovers-stun-league-side-to-reach-fa-cup-second-round-48120.html
    2025-10-30 18:20+00:00 science  /news/science/river-wend-bursts-its-banks-as-storm-brings-a-months-rain-in-a-day-48051.html
    2025-10-08 19:45+01:00 politics /news/politics/valley-council-warns-of-8m-budget-gap-47902.html
    2025-09-17 12:10+01:00 politics /news/politics/councillors-back-plans-for-new-footbridge-over-the-wend-47741.html
    2025-07-22 15:35+01:00 politics /news/politics/residents-object-to-riverside-homes-plan-47388.html
                                    (not in the feed: only on /politics/page/2/)
    extra: 2025-11-15 20:10+00:00 politics
           /news/politics/christmas-lights-switch-on-moves-to-market-square-48391.html

Traps:

* ``/news/business/shops-extend-returns-window-for-christmas-gifts-48177.html?utm_source=twitter&utm_medium=social``
  and
  ``/news/politics/valley-council-warns-of-8m-budget-gap-47902.html?fbclid=IwAR0vT3kLmQ8sZp1YcX``
  -- tracking links, 200, same bytes as the clean article.
* ``/news/sport/valley-rovers-stun-league-side-to-reach-fa-cup-second-round-48120.html?amp=1``
  -- AMP copy with canonical link; the real story has ``rel="amphtml"``.
* ``/news/science/river-wend-bursts-its-banks-as-storm-brings-a-months-rain-in-a-day-48051.html``
  -- served as ``text/html; charset=windows-1252`` (and a matching
  ``<meta http-equiv>``); contains curly quotes, an em dash, "Café",
  "naïve" and "°".  ``site.windows_1252_paths`` lists it.
* ``/private/leak.html`` (200, robots-disallowed),
  ``/news/local/road-closures-this-weekend-47655.html`` (404, in "Most read"),
  ``/broken/`` (500, "Advertise" in the footer),
  ``/old/councillors-back-plans-for-new-footbridge-over-the-wend``
  (301 to the footbridge story), ``/files/report.pdf``,
  ``/images/reader-photo.jpg``, ``mailto:``/``tel:`` on ``/contact/``.
* Off-site: ``http://example.invalid/vt/advertise`` (advert),
  ``http://example.invalid/share?u=<slug>&via=...`` (share links on
  articles), ``https://social.example.invalid/valleytimes`` and friends in
  the footer.

Wire copy: Valley Times carries the Harbour Post's Iraq returns story as
"Iraq signs deal to take back rejected asylum seekers" by
"Staff Reporter (Wire)", two hours later, with the same paragraphs
(``IRAQ_RETURNS_PARAGRAPHS``) except a lightly edited first sentence.

Both sites: ``/about/``, ``/contact/``, ``/privacy/`` (plain pages, not
conditional), ``/tag/<tag>/`` and ``/author/<name>/`` listing articles,
``/static/...css``, a cookie banner, newsletter form and a comment form
(``<textarea>``) under each article.  ``site.traps`` maps trap names to
paths so tests need not repeat them.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, NamedTuple
from xml.sax.saxutils import escape as xml_escape

__all__ = [
    "BASE",
    "Page",
    "Article",
    "NewsSite",
    "HarbourPost",
    "ValleyTimes",
    "SiteServer",
    "Request",
    "harbour_post",
    "valley_times",
    "extra_article",
    "publish_one_more",
    "IRAQ_RETURNS_PARAGRAPHS",
    "SECTIONS",
]

#: The longest a held answer (``SiteServer.holds``) waits for its condition.
HOLD_SECONDS = 30.0

BASE = "{BASE}"
"""Placeholder replaced by the server's base URL in bodies and headers."""

GMT = timezone.utc
BST = timezone(timedelta(hours=1))

TODAY = datetime(2025, 11, 16, 6, 0, tzinfo=GMT)
"""The sites' "today" (masthead date); every article is older."""

SECTIONS = ("politics", "world", "sport", "business", "science")
SECTION_LABELS = {
    "politics": "Politics",
    "world": "World",
    "sport": "Sport",
    "business": "Business",
    "science": "Science",
}

HTML = "text/html; charset=utf-8"
HTML_1252 = "text/html; charset=windows-1252"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"

# A tiny fake JPEG and PDF: right magic bytes, nothing a parser would love.
JPEG_BYTES = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    b"\xff\xdb\x00\x43\x00" + bytes(range(1, 65)) + b"\xff\xd9"
)
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


@dataclass
class Page:
    """One response.  ``body`` may contain the ``{BASE}`` placeholder.

    ``last_modified`` (an addition to the basic fields) is the
    ``Last-Modified`` time of a conditional page; when None a fixed date
    is used.
    """

    status: int = 200
    body: bytes = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    conditional: bool = False
    last_modified: datetime | None = None


@dataclass
class Article:
    """One story.  ``summary`` and ``modified`` are optional extras: the
    summary defaults to the first sentence, ``modified`` (JSON-LD
    dateModified, always later than ``published``) to published + 1h25m."""

    path: str
    title: str
    published: datetime
    section: str
    author: str
    paragraphs: list[str]
    tags: list[str]
    summary: str = ""
    modified: datetime | None = None

    def __post_init__(self) -> None:
        if self.published.tzinfo is None:
            raise ValueError("Article.published must be timezone-aware")
        if self.section not in SECTIONS:
            raise ValueError(f"unknown section {self.section!r}")
        if self.modified is not None and self.modified <= self.published:
            raise ValueError("Article.modified must be later than published")

    @property
    def slug(self) -> str:
        last = self.path.rstrip("/").rsplit("/", 1)[-1]
        return last.removesuffix(".html")

    @property
    def updated(self) -> datetime:
        return self.modified or self.published + timedelta(hours=1, minutes=25)

    @property
    def standfirst(self) -> str:
        return self.summary or first_sentence(self.paragraphs[0])

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


class Request(NamedTuple):
    """One request as seen by ``SiteServer`` (a plain 4-tuple)."""

    method: str
    path: str
    headers: dict[str, str]
    status: int
    at: float = 0.0  # time.monotonic() when the request was answered


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

esc = html.escape


def u(path: str) -> str:
    """Absolute URL for a site path, with the base URL still a placeholder."""
    return BASE + path


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def first_sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\u201c\u2018\"'])", paragraph, 1)[0]


def zone_name(dt: datetime) -> str:
    offset = dt.utcoffset()
    return {timedelta(0): "GMT", timedelta(hours=1): "BST"}.get(offset, dt.strftime("%z"))


def long_date(dt: datetime) -> str:
    """``Monday 10 November 2025``"""
    return f"{dt:%A} {dt.day} {dt:%B %Y}"


def newest_first(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: a.published, reverse=True)


def latest(articles: list[Article], default: datetime = TODAY) -> datetime:
    return max((a.updated for a in articles), default=default)


# --------------------------------------------------------------------------
# Sites
# --------------------------------------------------------------------------


class NewsSite:
    """A set of articles rendered into ``pages``.

    Subclasses provide the markup (``_layout`` and friends) and the
    discovery files; this class builds the page set and handles
    ``publish``.  Attributes tests may read:

    * ``name``, ``articles``, ``pages``, ``not_found_page``
    * ``front_page_size`` (stories per section-front page),
      ``home_limit`` (stories on the home page)
    * ``feed_path``/``feed_limit`` (None on a site without a feed),
      ``feed_articles()``, ``sitemap_articles()``
    * ``unlisted``: article paths kept off the home page, feed, sidebars
      and related links (reachable only through section pagination)
    * ``windows_1252_paths``: article paths served in windows-1252
    * ``traps``: name -> path (or URL) of each odd link
    * ``base_url``: set by ``SiteServer`` while serving
    """

    name = "News Site"
    front_page_size = 3
    home_limit = 6
    feed_path: str | None = None
    feed_limit: int | None = None
    has_sitemaps = False

    # Filled in by subclasses.
    most_read: list[str]  # paths (articles or the missing page)
    tracking_links: dict[str, str]  # path?query -> article path
    amp_article: str  # article path
    amp_path: str
    old_redirect: tuple[str, str]  # old path -> article path
    missing_path: str
    image_link: str

    def __init__(self, articles: list[Article]) -> None:
        self.articles: list[Article] = list(articles)
        self.pages: dict[str, Page] = {}
        self.not_found_page = Page(status=404)
        self.base_url: str | None = None
        self.unlisted: set[str] = set()
        self.windows_1252_paths: set[str] = set()
        self.traps: dict[str, str] = {}
        self._generated: set[str] = set()

    # -- public helpers ----------------------------------------------------

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` on the running server."""
        if self.base_url is None:
            raise RuntimeError(f"{self.name} is not being served (no base_url yet)")
        return self.base_url + path

    def resolve(self, data: bytes) -> bytes:
        """Substitute the base URL for the placeholder in served bytes."""
        if self.base_url is None:
            return data
        return data.replace(BASE.encode("ascii"), self.base_url.encode("ascii"))

    def resolve_text(self, text: str) -> str:
        return text if self.base_url is None else text.replace(BASE, self.base_url)

    def body(self, path: str) -> bytes:
        """Bytes the server would send for ``path`` (placeholder resolved)."""
        return self.resolve(self.pages.get(path, self.not_found_page).body)

    def article(self, key: str) -> Article:
        """Look an article up by path, slug or (exact) title."""
        for a in self.articles:
            if key in (a.path, a.slug, a.title):
                return a
        raise KeyError(key)

    def newest(self) -> list[Article]:
        return newest_first(self.articles)

    def listed(self) -> list[Article]:
        """Newest first, without ``unlisted`` articles."""
        return [a for a in self.newest() if a.path not in self.unlisted]

    def feed_articles(self) -> list[Article]:
        if self.feed_path is None or self.feed_limit is None:
            return []
        return self.listed()[: self.feed_limit]

    def sitemap_articles(self) -> list[Article]:
        return self.newest() if self.has_sitemaps else []

    def article_paths(self) -> list[str]:
        return [a.path for a in self.newest()]

    def publish(self, article: Article) -> None:
        """Add ``article`` and rebuild fronts, tag/author pages, feed and
        sitemaps (their ETag and Last-Modified change)."""
        if any(a.path == article.path for a in self.articles):
            raise ValueError(f"already published: {article.path}")
        self.articles.append(article)
        self.rebuild()

    def rebuild(self) -> None:
        fresh, not_found = self._build()
        old = self.pages
        merged = {k: v for k, v in old.items() if k not in self._generated}
        for path, page in fresh.items():
            prev = old.get(path) if path in self._generated else None
            if prev is not None and (prev.status, prev.body, prev.headers) == (
                page.status,
                page.body,
                page.headers,
            ):
                page = prev
            elif (
                prev is not None
                and prev.last_modified is not None
                and page.last_modified is not None
                and page.last_modified <= prev.last_modified
            ):
                page.last_modified = prev.last_modified + timedelta(seconds=1)
            merged[path] = page
        self._generated = set(fresh)
        self.pages = merged  # one assignment: safe while serving
        self.not_found_page = not_found

    # -- page building -----------------------------------------------------

    def _html_page(self, text: str, *, lm: datetime | None = None, encoding: str = "utf-8",
                   conditional: bool = True) -> Page:
        content_type = HTML if encoding == "utf-8" else HTML_1252
        return Page(body=text.encode(encoding), content_type=content_type,
                    conditional=conditional, last_modified=lm)

    def _build(self) -> tuple[dict[str, Page], Page]:
        pages: dict[str, Page] = {}
        listed = self.listed()

        home = listed[: self.home_limit]
        pages["/"] = self._html_page(self._home_page(home), lm=latest(home))

        for section in SECTIONS:
            in_section = [a for a in self.newest() if a.section == section]
            size = self.front_page_size
            chunks = [in_section[i : i + size] for i in range(0, len(in_section), size)] or [[]]
            for number, chunk in enumerate(chunks, 1):
                path = self.front_path(section, number)
                newer = self.front_path(section, number - 1) if number > 1 else None
                older = self.front_path(section, number + 1) if number < len(chunks) else None
                text = self._front_page(section, number, chunk, newer, older)
                pages[path] = self._html_page(text, lm=latest(chunk))

        tags: dict[str, list[Article]] = {}
        authors: dict[str, list[Article]] = {}
        for a in self.newest():
            for tag in a.tags:
                tags.setdefault(tag, []).append(a)
            authors.setdefault(a.author, []).append(a)
        for tag, arts in tags.items():
            pages[self.tag_path(tag)] = self._html_page(
                self._listing_page(f"Tag: {tag}", f"Stories tagged \u201c{tag}\u201d.", arts,
                                   self.tag_path(tag)), lm=latest(arts))
        for author, arts in authors.items():
            pages[self.author_path(author)] = self._html_page(
                self._listing_page(author, self._author_blurb(author), arts,
                                   self.author_path(author)), lm=latest(arts))

        for a in self.articles:
            encoding = "windows-1252" if a.path in self.windows_1252_paths else "utf-8"
            page = self._html_page(self._article_page(a), lm=a.updated, encoding=encoding)
            pages[a.path] = page
            pages[self.image_path(a)] = Page(body=JPEG_BYTES, content_type="image/jpeg")
        for link, target in self.tracking_links.items():
            pages[link] = pages[target]
        amp = self.article(self.amp_article)
        pages[self.amp_path] = self._html_page(self._amp_page(amp), lm=amp.updated)

        for path, (heading, body) in self._static_pages().items():
            pages[path] = self._html_page(self._static_page(heading, body), conditional=False)

        # Traps.
        pages["/private/leak.html"] = self._html_page(self._private_page(), conditional=False)
        pages["/broken/"] = Page(status=500, body=self._error_page().encode("utf-8"))
        old, target = self.old_redirect
        pages[old] = Page(status=301, headers={"Location": u(target)},
                          body=self._redirect_body(target).encode("utf-8"))
        pages["/files/report.pdf"] = Page(body=PDF_BYTES, content_type="application/pdf")
        pages[self.image_link] = Page(body=JPEG_BYTES, content_type="image/jpeg")
        pages[self.image_link.replace(".jpg", "-thumb.jpg")] = Page(
            body=JPEG_BYTES, content_type="image/jpeg")
        pages[self.logo_path] = Page(body=JPEG_BYTES, content_type="image/jpeg")
        pages[self.css_path] = Page(body=self._css().encode("utf-8"),
                                    content_type="text/css; charset=utf-8")

        pages.update(self._discovery_pages())
        not_found = Page(status=404, body=self._not_found_html().encode("utf-8"))
        return pages, not_found

    # -- URL scheme (overridable) ------------------------------------------

    logo_path = "/static/logo.jpg"
    css_path = "/static/site.css"

    def front_path(self, section: str, number: int = 1) -> str:
        return f"/{section}/" if number == 1 else f"/{section}/page/{number}/"

    def tag_path(self, tag: str) -> str:
        return f"/tag/{slugify(tag)}/"

    def author_path(self, author: str) -> str:
        return f"/author/{slugify(author)}/"

    def image_path(self, a: Article) -> str:
        return f"/images/{a.slug}.jpg"

    # -- shared fragments ---------------------------------------------------

    def related(self, a: Article, limit: int = 3) -> list[Article]:
        """Older stories sharing a tag or the section (never newer ones, so
        publishing does not change existing article pages)."""
        older = [b for b in self.listed() if b.published < a.published and b.path != a.path]
        by_tag = [b for b in older if set(b.tags) & set(a.tags)]
        same_section = [b for b in older if b.section == a.section and b not in by_tag]
        rest = [b for b in older if b not in by_tag and b not in same_section]
        return (by_tag + same_section + rest)[:limit]

    def _most_read_items(self) -> list[tuple[str, str]]:
        items = []
        for path in self.most_read:
            if path == self.missing_path:
                items.append((path, self.missing_title))
            else:
                items.append((path, self.article(path).title))
        return items

    missing_title = "Story removed"

    def _json_ld(self, a: Article) -> str:
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": u(a.path)},
            "headline": a.title,
            "description": a.standfirst,
            "image": [u(self.image_path(a))],
            "datePublished": a.published.isoformat(),
            "dateModified": a.updated.isoformat(),
            "author": [{"@type": "Person", "name": a.author, "url": u(self.author_path(a.author))}],
            "publisher": {
                "@type": "Organization",
                "name": self.name,
                "logo": {"@type": "ImageObject", "url": u(self.logo_path)},
            },
            "articleSection": SECTION_LABELS[a.section],
            "keywords": ", ".join(a.tags),
            "inLanguage": "en-GB",
        }
        text = json.dumps(data, ensure_ascii=False, indent=2).replace("</", "<\\/")
        return f'<script type="application/ld+json">\n{text}\n</script>'

    def _article_meta(self, a: Article) -> str:
        tags = "\n".join(f'<meta property="article:tag" content="{esc(t)}">' for t in a.tags)
        amp = (f'<link rel="amphtml" href="{u(self.amp_path)}">\n'
               if a.path == self.amp_article else "")
        return f"""<meta name="description" content="{esc(a.standfirst)}">
<link rel="canonical" href="{u(a.path)}">
{amp}<meta property="og:title" content="{esc(a.title)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{esc(self.name)}">
<meta property="og:url" content="{u(a.path)}">
<meta property="og:description" content="{esc(a.standfirst)}">
<meta property="og:image" content="{u(self.image_path(a))}">
<meta property="article:published_time" content="{a.published.isoformat()}">
<meta property="article:modified_time" content="{a.updated.isoformat()}">
<meta property="article:section" content="{SECTION_LABELS[a.section]}">
<meta property="article:author" content="{esc(a.author)}">
{tags}
<meta name="twitter:card" content="summary_large_image">
{self._json_ld(a)}"""

    def _redirect_body(self, target: str) -> str:
        return (f'<html><head><title>301 Moved Permanently</title></head><body>'
                f'<h1>Moved Permanently</h1><p>The document has moved '
                f'<a href="{u(target)}">here</a>.</p></body></html>\n')

    def _error_page(self) -> str:
        return ("<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n"
                "<body><h1>Internal Server Error</h1>\n<p>The server encountered an unexpected "
                "condition and could not complete your request. Please try again later.</p>\n"
                "<hr><address>nginx</address></body></html>\n")

    def _css(self) -> str:
        return "body{font-family:Georgia,serif;margin:0}.cookie-banner{position:fixed;bottom:0}\n"

    def _author_blurb(self, author: str) -> str:
        return f"The latest stories by {author}."

    # -- to be provided by subclasses ----------------------------------------

    def _home_page(self, articles: list[Article]) -> str:
        raise NotImplementedError

    def _front_page(self, section: str, number: int, articles: list[Article],
                    newer: str | None, older: str | None) -> str:
        raise NotImplementedError

    def _listing_page(self, heading: str, intro: str, articles: list[Article],
                      path: str) -> str:
        raise NotImplementedError

    def _article_page(self, a: Article) -> str:
        raise NotImplementedError

    def _amp_page(self, a: Article) -> str:
        raise NotImplementedError

    def _static_pages(self) -> dict[str, tuple[str, str]]:
        raise NotImplementedError

    def _static_page(self, heading: str, body_html: str) -> str:
        raise NotImplementedError

    def _private_page(self) -> str:
        raise NotImplementedError

    def _not_found_html(self) -> str:
        raise NotImplementedError

    def _discovery_pages(self) -> dict[str, Page]:
        raise NotImplementedError


# --------------------------------------------------------------------------
# The Harbour Post: semantic HTML5, sitemaps, no feed
# --------------------------------------------------------------------------


class HarbourPost(NewsSite):
    name = "The Harbour Post"
    front_page_size = 3
    home_limit = 6
    has_sitemaps = True
    css_path = "/static/harbour.css"
    logo_path = "/static/harbour-post-logo.jpg"
    masthead_date = "Sunday, November 16, 2025"
    missing_title = "Lifeboat crew honoured for storm rescue"

    def __init__(self, articles: list[Article]) -> None:
        super().__init__(articles)
        tax = "/business/2025/11/04/millions-yet-to-file-tax-returns-as-january-deadline-nears/"
        football = "/sport/2025/10/14/iraq-keep-world-cup-hopes-alive-with-late-winner/"
        comet = "/science/2025/08/19/newly-found-comet-could-be-visible-to-the-naked-eye/"
        volcano = "/world/2025/05/07/volcano-erupts-near-icelandic-fishing-town/"
        iraq = "/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/"
        boats = "/politics/2025/10/21/small-boat-crossings-rise-as-calm-weather-returns/"
        health = "/science/2025/03/18/hospital-trial-halves-wait-for-hip-and-knee-operations/"
        self.missing_path = "/world/2025/11/01/lifeboat-crew-honoured-for-storm-rescue/"
        self.most_read = [iraq, boats, self.missing_path, football, health]
        self.tracking_links = {
            tax + "?utm_source=twitter&utm_medium=social": tax,
            football + "?fbclid=IwAR2hPq7Xb0sK4dYtL9mZ": football,
        }
        self.amp_article = comet
        self.amp_path = "/amp/newly-found-comet-could-be-visible-to-the-naked-eye/"
        self.old_redirect = ("/old/volcano-erupts-near-icelandic-fishing-town", volcano)
        self.image_link = "/images/photo-of-the-day.jpg"
        utm, fbclid = self.tracking_links
        self.traps = {
            "utm": utm,
            "fbclid": fbclid,
            "amp": self.amp_path,
            "amp_canonical": comet,
            "private": "/private/leak.html",
            "missing": self.missing_path,
            "broken": "/broken/",
            "old_redirect": self.old_redirect[0],
            "redirect_target": volcano,
            "pdf": "/files/report.pdf",
            "image": self.image_link,
            "external": "http://example.invalid/ads/click?campaign=energy-deals",
            "robots": "/robots.txt",
            "sitemap_index": "/sitemaps/index.xml",
            "news_sitemap": "/sitemaps/news.xml",
            "pages_sitemap": "/sitemaps/pages.xml",
            "page_two": "/politics/page/2/",
        }
        self.rebuild()

    def image_path(self, a: Article) -> str:
        return f"/images/2025/{a.slug}.jpg"

    # -- layout -------------------------------------------------------------

    def _layout(self, *, title: str, main: str, head: str = "", body_class: str = "page") -> str:
        nav = "\n".join(
            f'      <li><a href="{u(self.front_path(s))}">{SECTION_LABELS[s]}</a></li>'
            for s in SECTIONS
        )
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{u(self.css_path)}">
<link rel="icon" href="{u('/favicon.ico')}">
{head}
</head>
<body class="{body_class}">
<div id="cookie-consent" class="cookie-banner" role="dialog" aria-label="Cookie consent">
  <p>We use cookies and similar technologies to remember your preferences, measure how our
  journalism is read and show you relevant advertising. You can change your choices at any time.</p>
  <button type="button" class="cookie-accept">Accept all cookies</button>
  <a href="{u('/privacy/')}">Manage preferences</a>
</div>
<header class="masthead">
  <p class="masthead-date">{self.masthead_date}</p>
  <p class="logo"><a href="{u('/')}"><img src="{u(self.logo_path)}" alt="The Harbour Post"></a></p>
  <p class="strapline">News from the coast and beyond</p>
  <form class="site-search" role="search" action="{u('/search')}" method="get">
    <input type="search" name="q" placeholder="Search the Harbour Post"> <button type="submit">Search</button>
  </form>
  <nav class="primary-nav" aria-label="Sections">
    <ul>
      <li><a href="{u('/')}">Home</a></li>
{nav}
    </ul>
  </nav>
</header>
<div class="layout">
<main id="content">
{main}
</main>
{self._sidebar()}
</div>
{self._footer()}
</body>
</html>
"""

    def _sidebar(self) -> str:
        most_read = "\n".join(f'      <li><a href="{u(p)}">{esc(t)}</a></li>'
                              for p, t in self._most_read_items())
        utm, fbclid = self.tracking_links
        old, target = self.old_redirect
        amp = self.article(self.amp_article)
        return f"""<aside class="sidebar" aria-label="More from the Harbour Post">
  <section class="most-read">
    <h2>Most read</h2>
    <ol>
{most_read}
    </ol>
  </section>
  <section class="trending">
    <h2>Trending on social</h2>
    <ul>
      <li><a href="{u(utm)}">{esc(self.article(self.tracking_links[utm]).title)}</a></li>
      <li><a href="{u(fbclid)}">{esc(self.article(self.tracking_links[fbclid]).title)}</a></li>
      <li><a href="{u(self.amp_path)}">{esc(amp.title)}</a> <span class="badge">Fast read</span></li>
    </ul>
  </section>
  <section class="archive">
    <h2>From the archive</h2>
    <p><a href="{u(old)}">{esc(self.article(target).title)}</a></p>
  </section>
  <section class="photo-of-the-day">
    <h2>Photo of the day</h2>
    <a href="{u(self.image_link)}"><img src="{u(self.image_link.replace('.jpg', '-thumb.jpg'))}"
      alt="Fishing boats leaving the harbour at dawn" width="300" height="200"></a>
  </section>
  <section class="reader-services">
    <h2>Reader services</h2>
    <p><a href="{u('/files/report.pdf')}">Our annual readers' report 2025 (PDF, 48 KB)</a></p>
  </section>
  <section class="advert">
    <p class="ad-label">Advertisement</p>
    <p><a href="http://example.invalid/ads/click?campaign=energy-deals" rel="sponsored nofollow">Compare
      energy deals and save up to 300 pounds this winter</a></p>
  </section>
</aside>"""

    def _footer(self) -> str:
        return f"""<footer class="site-footer">
  <nav aria-label="Footer">
    <ul>
      <li><a href="{u('/about/')}">About us</a></li>
      <li><a href="{u('/contact/')}">Contact</a></li>
      <li><a href="{u('/privacy/')}">Privacy and cookies</a></li>
      <li><a href="{u('/broken/')}">Jobs</a></li>
      <li><a href="{u('/private/leak.html')}">Staff area</a></li>
    </ul>
  </nav>
  <ul class="social">
    <li><a href="https://social.example.invalid/@harbourpost">Follow us</a></li>
    <li><a href="https://video.example.invalid/c/harbourpost">Watch</a></li>
    <li><a href="http://example.invalid/harbourpost/app">Get the app</a></li>
  </ul>
  <p class="copyright">&copy; 2025 The Harbour Post Ltd. Registered in England and Wales.
  All rights reserved.</p>
</footer>"""

    def _teaser(self, a: Article, level: int = 3) -> str:
        return f"""<article class="teaser teaser--{a.section}">
  <h{level}><a href="{u(a.path)}">{esc(a.title)}</a></h{level}>
  <p class="summary">{esc(a.standfirst)}</p>
  <p class="meta"><a href="{u(self.front_path(a.section))}">{SECTION_LABELS[a.section]}</a>
  &middot; <time datetime="{a.published.isoformat()}">{a.published.day} {a.published:%B}</time></p>
</article>"""

    # -- pages ----------------------------------------------------------------

    def _home_page(self, articles: list[Article]) -> str:
        lead, rest = (articles[0], articles[1:]) if articles else (None, [])
        lead_html = self._teaser(lead, level=2) if lead else "<p>No stories yet.</p>"
        rest_html = "\n".join(self._teaser(a) for a in rest)
        main = f"""<h1 class="visually-hidden">The Harbour Post</h1>
<section class="top-stories">
{lead_html}
</section>
<section class="latest">
  <h2>Latest news</h2>
{rest_html}
</section>"""
        head = f"""<meta name="description" content="Latest news, sport and analysis from the Harbour Post.">
<link rel="canonical" href="{u('/')}">
<meta property="og:type" content="website">
<meta property="og:site_name" content="{self.name}">
<meta property="og:title" content="{self.name}">"""
        return self._layout(title=f"{self.name} - News from the coast and beyond", main=main,
                            head=head, body_class="home")

    def _front_page(self, section: str, number: int, articles: list[Article],
                    newer: str | None, older: str | None) -> str:
        label = SECTION_LABELS[section]
        links = []
        if newer:
            links.append(f'<a rel="prev" href="{u(newer)}">&larr; Newer stories</a>')
        if older:
            links.append(f'<a rel="next" href="{u(older)}">Older stories &rarr;</a>')
        teasers = "\n".join(self._teaser(a) for a in articles) or "<p>No stories yet.</p>"
        page_note = f" - page {number}" if number > 1 else ""
        main = f"""<h1 class="section-title">{label}{page_note}</h1>
<section class="section-stories">
{teasers}
</section>
<nav class="pagination" aria-label="Pagination">{' '.join(links)}</nav>"""
        head = f'<link rel="canonical" href="{u(self.front_path(section, number))}">'
        if newer:
            head += f'\n<link rel="prev" href="{u(newer)}">'
        if older:
            head += f'\n<link rel="next" href="{u(older)}">'
        return self._layout(title=f"{label}{page_note} - {self.name}", main=main, head=head,
                            body_class=f"section section--{section}")

    def _listing_page(self, heading: str, intro: str, articles: list[Article],
                      path: str) -> str:
        teasers = "\n".join(self._teaser(a) for a in articles)
        main = f"""<h1>{esc(heading)}</h1>
<p class="intro">{esc(intro)}</p>
{teasers}"""
        return self._layout(title=f"{heading} - {self.name}", main=main,
                            head=f'<link rel="canonical" href="{u(path)}">', body_class="listing")

    def _article_page(self, a: Article) -> str:
        pub, mod = a.published, a.updated
        body = "\n".join(f"    <p>{esc(p, quote=False)}</p>" for p in a.paragraphs)
        tags = "\n".join(f'    <li><a href="{u(self.tag_path(t))}">{esc(t)}</a></li>' for t in a.tags)
        related = "\n".join(f'    <li><a href="{u(b.path)}">{esc(b.title)}</a></li>'
                            for b in self.related(a))
        main = f"""<article class="story" itemscope itemtype="https://schema.org/NewsArticle">
  <p class="kicker"><a href="{u(self.front_path(a.section))}">{SECTION_LABELS[a.section]}</a></p>
  <h1 class="headline">{esc(a.title)}</h1>
  <p class="byline">By <a rel="author" href="{u(self.author_path(a.author))}">{esc(a.author)}</a>
    &middot; <time datetime="{pub.isoformat()}">{pub.day} {pub:%B %Y}, {pub:%H:%M} {zone_name(pub)}</time>
    &middot; <span class="updated">Updated <time datetime="{mod.isoformat()}">{mod:%H:%M} {zone_name(mod)}</time></span></p>
  <figure class="lead-image">
    <img src="{u(self.image_path(a))}" alt="" width="800" height="450">
  </figure>
  <div class="story-body">
{body}
  </div>
  <ul class="story-tags">
{tags}
  </ul>
</article>
<section class="related">
  <h2>Related stories</h2>
  <ul>
{related}
  </ul>
</section>
<section class="newsletter">
  <h2>The Morning Tide newsletter</h2>
  <p>The day's top stories from the Harbour Post, in your inbox before breakfast.</p>
  <form action="{u('/newsletter/subscribe')}" method="post">
    <label>Email address <input type="email" name="email" required></label>
    <button type="submit">Sign me up</button>
  </form>
</section>
<section id="comments" class="comments">
  <h2>Comments</h2>
  <form action="{u('/comments/post')}" method="post">
    <p class="form-note">Comments are moderated and may take a little while to appear. Please keep it civil.</p>
    <input type="hidden" name="story" value="{a.slug}">
    <label>Your name <input type="text" name="name"></label>
    <label>Your comment <textarea name="comment" rows="6" cols="60"
      placeholder="What do you think?"></textarea></label>
    <button type="submit">Post comment</button>
  </form>
</section>"""
        return self._layout(title=f"{a.title} - {self.name}", main=main,
                            head=self._article_meta(a), body_class=f"article article--{a.section}")

    def _amp_page(self, a: Article) -> str:
        body = "\n".join(f"<p>{esc(p, quote=False)}</p>" for p in a.paragraphs)
        return f"""<!doctype html>
<html amp lang="en-GB">
<head>
<meta charset="utf-8">
<title>{esc(a.title)} - {self.name}</title>
<link rel="canonical" href="{u(a.path)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<meta property="og:title" content="{esc(a.title)}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{a.published.isoformat()}">
<style amp-boilerplate>body{{visibility:hidden}}</style><noscript><style amp-boilerplate>body{{visibility:visible}}</style></noscript>
<style amp-custom>body{{font-family:Georgia,serif;margin:1rem}}</style>
</head>
<body>
<header><a href="{u('/')}">The Harbour Post</a></header>
<article>
<h1>{esc(a.title)}</h1>
<p class="byline">By {esc(a.author)}, <time datetime="{a.published.isoformat()}">{a.published.day} {a.published:%B %Y}</time></p>
{body}
</article>
<footer><a href="{u(a.path)}">View the full version of this story</a></footer>
</body>
</html>
"""

    def _static_pages(self) -> dict[str, tuple[str, str]]:
        return {
            "/about/": ("About the Harbour Post", """
<p>The Harbour Post was founded in 1872 as a weekly shipping bulletin for merchants on the
quayside. Today it is an independent daily news site covering politics, world affairs,
business, science and sport, with a newsroom that still overlooks the water.</p>
<p>Our journalists follow the editors' code of practice. If you think we have got something
wrong, please tell us through the contact page and we will look into it promptly.</p>
<p>The Harbour Post is owned by a charitable trust, which means that any profit is
reinvested in journalism rather than paid out to shareholders.</p>"""),
            "/contact/": ("Contact us", f"""
<p>Newsdesk: <a href="mailto:newsdesk@harbourpost.example.invalid">newsdesk@harbourpost.example.invalid</a>
or call <a href="tel:+441632960123">01632 960123</a>.</p>
<p>Corrections: <a href="mailto:corrections@harbourpost.example.invalid">corrections@harbourpost.example.invalid</a>.
We aim to reply within two working days.</p>
<p>Our office is at 4 Quay Street. Visitors are welcome by appointment. For subscriptions see
<a href="{u('/about/')}">About us</a>.</p>"""),
            "/privacy/": ("Privacy and cookies", """
<p>We collect as little personal information as we can. When you sign up for a newsletter we
keep your email address until you unsubscribe, and we never sell it to anyone.</p>
<p>Cookies help us remember your preferences and count how many people read each story.
Advertising cookies are only set if you accept them in the cookie banner.</p>"""),
        }

    def _static_page(self, heading: str, body_html: str) -> str:
        main = f"""<article class="static-page">
<h1>{esc(heading)}</h1>
{body_html}
</article>"""
        return self._layout(title=f"{heading} - {self.name}", main=main, body_class="static")

    def _private_page(self) -> str:
        return self._static_page("Staff area", """
<p>INTERNAL - NOT FOR PUBLICATION. Draft rota and embargoed copy for the weekend desk.
If you can read this page, a crawler ignored robots.txt.</p>""")

    def _not_found_html(self) -> str:
        main = f"""<section class="error-page">
<h1>Page not found</h1>
<p>Sorry, we couldn't find the page you were looking for. It may have been moved or deleted,
or the address may have been typed incorrectly.</p>
<p>Try the <a href="{u('/')}">home page</a> or use the search box above.</p>
</section>"""
        return self._layout(title=f"Page not found - {self.name}", main=main, body_class="error")

    # -- discovery: robots.txt and sitemaps --------------------------------------

    def _discovery_pages(self) -> dict[str, Page]:
        robots = (
            "# The Harbour Post\n"
            "User-agent: *\n"
            "Disallow: /private/\n"
            "Disallow: /search\n"
            "\n"
            f"Sitemap: {BASE}/sitemaps/index.xml\n"
        )
        arts = self.sitemap_articles()
        updated = latest(arts)
        news_entries = "\n".join(
            f"""  <url>
    <loc>{u(a.path)}</loc>
    <lastmod>{a.updated.isoformat()}</lastmod>
    <news:news>
      <news:publication>
        <news:name>{xml_escape(self.name)}</news:name>
        <news:language>en</news:language>
      </news:publication>
      <news:publication_date>{a.published.isoformat()}</news:publication_date>
      <news:title>{xml_escape(a.title)}</news:title>
    </news:news>
  </url>""" for a in arts)
        news = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{news_entries}
</urlset>
"""
        static = ["/"] + [self.front_path(s) for s in SECTIONS] + ["/about/", "/contact/", "/privacy/"]
        page_entries = "\n".join(
            f"  <url><loc>{u(p)}</loc><changefreq>{'hourly' if p == '/' or p.strip('/') in SECTIONS else 'yearly'}</changefreq></url>"
            for p in static)
        pages_xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{page_entries}
</urlset>
"""
        index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap>
    <loc>{u('/sitemaps/news.xml')}</loc>
    <lastmod>{updated.isoformat()}</lastmod>
  </sitemap>
  <sitemap>
    <loc>{u('/sitemaps/pages.xml')}</loc>
    <lastmod>2025-01-06T09:00:00+00:00</lastmod>
  </sitemap>
</sitemapindex>
"""
        return {
            "/robots.txt": Page(body=robots.encode(), content_type="text/plain; charset=utf-8"),
            "/sitemaps/index.xml": Page(body=index.encode(), content_type=XML, conditional=True,
                                        last_modified=updated),
            "/sitemaps/news.xml": Page(body=news.encode(), content_type=XML, conditional=True,
                                       last_modified=updated),
            "/sitemaps/pages.xml": Page(body=pages_xml.encode(), content_type=XML, conditional=True,
                                        last_modified=datetime(2025, 1, 6, 9, 0, tzinfo=GMT)),
        }


# --------------------------------------------------------------------------
# Valley Times: older div-based CMS, RSS feed only
# --------------------------------------------------------------------------


class ValleyTimes(NewsSite):
    name = "Valley Times"
    front_page_size = 2
    home_limit = 6
    feed_path = "/rss/all.xml"
    feed_limit = 6
    css_path = "/static/vt/main.css"
    logo_path = "/static/vt/logo.jpg"
    masthead_date = "Sunday 16 November 2025"
    missing_title = "Road closures this weekend"

    def __init__(self, articles: list[Article], *, page_two_only: str, windows_1252: str) -> None:
        super().__init__(articles)
        shops = "/news/business/shops-extend-returns-window-for-christmas-gifts-48177.html"
        budget = "/news/politics/valley-council-warns-of-8m-budget-gap-47902.html"
        rovers = "/news/sport/valley-rovers-stun-league-side-to-reach-fa-cup-second-round-48120.html"
        bridge = "/news/politics/councillors-back-plans-for-new-footbridge-over-the-wend-47741.html"
        wire = "/news/world/iraq-signs-deal-to-take-back-rejected-asylum-seekers-48213.html"
        self.unlisted = {page_two_only}
        self.windows_1252_paths = {windows_1252}
        self.missing_path = "/news/local/road-closures-this-weekend-47655.html"
        self.most_read = [rovers, windows_1252, self.missing_path, shops, wire]
        self.tracking_links = {
            shops + "?utm_source=twitter&utm_medium=social": shops,
            budget + "?fbclid=IwAR0vT3kLmQ8sZp1YcX": budget,
        }
        self.amp_article = rovers
        self.amp_path = rovers + "?amp=1"
        self.old_redirect = ("/old/councillors-back-plans-for-new-footbridge-over-the-wend", bridge)
        self.image_link = "/images/reader-photo.jpg"
        utm, fbclid = self.tracking_links
        self.traps = {
            "utm": utm,
            "fbclid": fbclid,
            "amp": self.amp_path,
            "amp_canonical": rovers,
            "private": "/private/leak.html",
            "missing": self.missing_path,
            "broken": "/broken/",
            "old_redirect": self.old_redirect[0],
            "redirect_target": bridge,
            "pdf": "/files/report.pdf",
            "image": self.image_link,
            "external": "http://example.invalid/vt/advertise",
            "robots": "/robots.txt",
            "feed": self.feed_path,
            "windows_1252": windows_1252,
            "page_two_only": page_two_only,
            "page_two": "/politics/page/2/",
        }
        self.rebuild()

    def image_path(self, a: Article) -> str:
        return f"/images/stories/{a.slug}.jpg"

    def _author_blurb(self, author: str) -> str:
        return f"Stories written by {author} for the Valley Times."

    # -- layout ------------------------------------------------------------------

    def _layout(self, *, title: str, main: str, head: str = "", charset: str = "utf-8",
                page_id: str = "page") -> str:
        menu = " | ".join(
            f'<a href="{u(self.front_path(s))}">{SECTION_LABELS[s]}</a>' for s in SECTIONS)
        return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{esc(title)}</title>
<link rel="alternate" type="application/rss+xml" title="Valley Times - All stories" href="{u(self.feed_path)}">
<link rel="stylesheet" type="text/css" href="{u(self.css_path)}">
<link rel="shortcut icon" href="{u('/favicon.ico')}">
{head}
</head>
<body id="{page_id}">
<div id="wrapper">
<div id="cookie-notice" class="notice">
  This website uses cookies to give you the best experience and to help pay for local journalism.
  By continuing to browse you agree to our use of cookies.
  <a href="{u('/privacy/')}">Find out more</a> <a href="#" class="btn-ok">OK, got it</a>
</div>
<div id="top-bar">
  <span class="today">{self.masthead_date}</span> | <span class="weather">Wendbury 9&deg;C, showers</span>
  | <a href="{u(self.feed_path)}">RSS</a>
</div>
<div id="header">
  <a href="{u('/')}" class="logo"><img src="{u(self.logo_path)}" alt="Valley Times" width="320" height="60"></a>
  <span class="tagline">Your local paper since 1894</span>
</div>
<div id="menu"><a href="{u('/')}">Home</a> | {menu}</div>
<div id="columns">
<div id="main-col">
{main}
</div>
{self._right_rail()}
<div class="clear"></div>
</div>
{self._footer()}
</div>
</body>
</html>
"""

    def _right_rail(self) -> str:
        most_read = "\n".join(f'<li><a href="{u(p)}">{esc(t)}</a></li>'
                              for p, t in self._most_read_items())
        utm, fbclid = self.tracking_links
        old, target = self.old_redirect
        amp = self.article(self.amp_article)
        return f"""<div id="right-rail">
<div class="rail-box popular">
<h3>Most read</h3>
<ol>
{most_read}
</ol>
</div>
<div class="rail-box shared">
<h3>Shared on social</h3>
<ul>
<li><a href="{u(utm)}">{esc(self.article(self.tracking_links[utm]).title)}</a></li>
<li><a href="{u(fbclid)}">{esc(self.article(self.tracking_links[fbclid]).title)}</a></li>
<li><a href="{u(self.amp_path)}">{esc(amp.title)}</a></li>
</ul>
</div>
<div class="rail-box archive">
<h3>From our archive</h3>
<a href="{u(old)}">{esc(self.article(target).title)}</a>
</div>
<div class="rail-box reader-photo">
<h3>Reader photo of the week</h3>
<a href="{u(self.image_link)}"><img src="{u(self.image_link.replace('.jpg', '-thumb.jpg'))}"
 alt="Frost on the meadows at Wendbury Bridge" width="250" height="170"></a>
</div>
<div class="rail-box survey">
<a href="{u('/files/report.pdf')}">Reader survey 2025: the results (PDF)</a>
</div>
<div class="rail-box mpu">
<span class="ad-label">Advertisement</span>
<a href="http://example.invalid/vt/advertise" rel="nofollow">Advertise your business with the Valley Times</a>
</div>
</div>"""

    def _footer(self) -> str:
        return f"""<div id="footer">
<a href="{u('/about/')}">About the Valley Times</a> |
<a href="{u('/contact/')}">Contact us</a> |
<a href="{u('/privacy/')}">Privacy policy</a> |
<a href="{u('/broken/')}">Advertise</a> |
<a href="{u('/private/leak.html')}">Staff login</a>
<br>
Follow us: <a href="https://social.example.invalid/valleytimes">Facebook</a> |
<a href="https://photos.example.invalid/valleytimes">Instagram</a> |
<a href="http://example.invalid/valleytimes/whatsapp">WhatsApp channel</a>
<br>
&copy; Valley Times Newspapers 2025. Valley Times, 12 Bridge Street, Wendbury.
</div>"""

    def _headline_list(self, articles: list[Article]) -> str:
        items = "\n".join(
            f"""<li><a class="hl" href="{u(a.path)}">{esc(a.title)}</a><br>
<span class="strap">{esc(a.standfirst)}</span>
<span class="posted">{long_date(a.published)}</span></li>""" for a in articles)
        return f'<ul class="headline-list">\n{items}\n</ul>' if items else "<p>No stories found.</p>"

    # -- pages -------------------------------------------------------------------

    def _home_page(self, articles: list[Article]) -> str:
        main = f"""<div class="box latest">
<h2 class="box-title">Latest news</h2>
{self._headline_list(articles)}
</div>"""
        head = f"""<meta name="description" content="News, sport and what's on in the Wend Valley.">
<link rel="canonical" href="{u('/')}">
<meta property="og:site_name" content="{self.name}">"""
        return self._layout(title=f"{self.name} - News from the Wend Valley", main=main, head=head,
                            page_id="home")

    def _front_page(self, section: str, number: int, articles: list[Article],
                    newer: str | None, older: str | None) -> str:
        label = SECTION_LABELS[section]
        nav = []
        if newer:
            nav.append(f'<a class="prev" href="{u(newer)}">&laquo; Previous page</a>')
        if older:
            nav.append(f'<a class="next" href="{u(older)}">Next page &raquo;</a>')
        suffix = f" (page {number})" if number > 1 else ""
        main = f"""<div class="breadcrumb"><a href="{u('/')}">Home</a> &raquo; {label}</div>
<h1 class="section-head">{label} news{suffix}</h1>
{self._headline_list(articles)}
<div class="pager">{' | '.join(nav)}</div>"""
        return self._layout(title=f"{label}{suffix} - {self.name}", main=main,
                            head=f'<link rel="canonical" href="{u(self.front_path(section, number))}">',
                            page_id=f"section-{section}")

    def _listing_page(self, heading: str, intro: str, articles: list[Article],
                      path: str) -> str:
        main = f"""<h1 class="section-head">{esc(heading)}</h1>
<p>{esc(intro)}</p>
{self._headline_list(articles)}"""
        return self._layout(title=f"{heading} - {self.name}", main=main,
                            head=f'<link rel="canonical" href="{u(path)}">', page_id="listing")

    def _article_page(self, a: Article) -> str:
        charset = "windows-1252" if a.path in self.windows_1252_paths else "utf-8"
        label = SECTION_LABELS[a.section]
        body = "\n".join(f"<p>{esc(p, quote=False)}</p>" for p in a.paragraphs)
        tags = ", ".join(f'<a href="{u(self.tag_path(t))}">{esc(t)}</a>' for t in a.tags)
        related = "\n".join(f'<li><a href="{u(b.path)}">{esc(b.title)}</a></li>'
                            for b in self.related(a))
        pub = a.published
        share = f"http://example.invalid/share?u={a.slug}"
        main = f"""<div class="breadcrumb"><a href="{u('/')}">Home</a> &raquo;
<a href="{u(self.front_path(a.section))}">{label}</a></div>
<div class="story">
<h1 class="story-headline">{esc(a.title)}</h1>
<div class="story-meta">Posted by <a class="author" href="{u(self.author_path(a.author))}">{esc(a.author)}</a>
on <time datetime="{pub.isoformat()}">{long_date(pub)} at {pub:%H:%M}</time>
in <a href="{u(self.front_path(a.section))}">{label}</a></div>
<div class="story-image"><img src="{u(self.image_path(a))}" alt="" width="620" height="350"></div>
<div id="story-content" class="story-body">
{body}
</div>
<div class="story-tags">Tags: {tags}</div>
<div class="share">Share this story: <a href="{share}&amp;via=facebook">Facebook</a> |
<a href="{share}&amp;via=x">X</a> | <a href="mailto:?subject={esc(a.title)}">Email</a></div>
</div>
<div class="more-stories">
<h3>You might also like</h3>
<ul>
{related}
</ul>
</div>
<div class="newsletter-box">
<h3>Get the Valley Times daily email</h3>
<form action="{u('/newsletter/join')}" method="post">
Your email: <input type="text" name="email" size="30">
<input type="submit" value="Subscribe">
</form>
</div>
<div class="comments" id="comments">
<h3>Have your say</h3>
<form action="{u('/comments/submit')}" method="post">
<input type="hidden" name="story_id" value="{a.slug}">
Name: <input type="text" name="name"><br>
<textarea name="body" rows="5" cols="50">Write your comment here</textarea><br>
<input type="submit" value="Submit comment">
<p class="small">Comments are checked before publication. Please read our house rules.</p>
</form>
</div>"""
        return self._layout(title=f"{a.title} - {self.name}", main=main, head=self._article_meta(a),
                            charset=charset, page_id="story")

    def _amp_page(self, a: Article) -> str:
        body = "\n".join(f"<p>{esc(p, quote=False)}</p>" for p in a.paragraphs)
        return f"""<!doctype html>
<html amp lang="en">
<head>
<meta charset="utf-8">
<title>{esc(a.title)} - {self.name}</title>
<link rel="canonical" href="{u(a.path)}">
<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">
<style amp-boilerplate>body{{visibility:hidden}}</style><noscript><style amp-boilerplate>body{{visibility:visible}}</style></noscript>
</head>
<body>
<div class="amp-header"><a href="{u('/')}">Valley Times</a></div>
<h1>{esc(a.title)}</h1>
<div class="meta">{esc(a.author)} | <time datetime="{a.published.isoformat()}">{long_date(a.published)}</time></div>
{body}
<div class="amp-footer"><a href="{u(a.path)}">Read on the Valley Times website</a></div>
</body>
</html>
"""

    def _static_pages(self) -> dict[str, tuple[str, str]]:
        return {
            "/about/": ("About the Valley Times", """
<p>The Valley Times has served the towns and villages of the Wend Valley since 1894. We cover
council decisions, courts, schools, business and sport, and we publish readers' letters and
photographs every week.</p>
<p>Our small team of reporters works from the office on Bridge Street. The printed paper
comes out every Thursday and the website is updated throughout the day.</p>"""),
            "/contact/": ("Contact us", f"""
<p>Send news tips to <a href="mailto:news@valleytimes.example.invalid">news@valleytimes.example.invalid</a>
or ring the newsroom on <a href="tel:+441632960987">01632 960987</a>.</p>
<p>For advertising enquiries, email
<a href="mailto:ads@valleytimes.example.invalid">ads@valleytimes.example.invalid</a>.
You can also read more <a href="{u('/about/')}">about us</a>.</p>"""),
            "/privacy/": ("Privacy policy", """
<p>The Valley Times uses cookies to understand how readers use the website and to show
advertising that helps pay for local journalism.</p>
<p>If you sign up for our daily email we store your address securely and only use it to send
you the newsletter. You can unsubscribe at any time.</p>"""),
        }

    def _static_page(self, heading: str, body_html: str) -> str:
        main = f"""<div class="static">
<h1 class="section-head">{esc(heading)}</h1>
{body_html}
</div>"""
        return self._layout(title=f"{heading} - {self.name}", main=main, page_id="static")

    def _private_page(self) -> str:
        return self._static_page("Staff login", """
<p>Internal: newsroom diary and unpublished drafts. If you can read this page, a crawler
ignored robots.txt.</p>""")

    def _not_found_html(self) -> str:
        main = f"""<div class="static error-404">
<h1 class="section-head">Page not found</h1>
<p>Sorry, the page you requested could not be found. It may have been removed, or the link
you followed may be out of date.</p>
<p><a href="{u('/')}">Return to the Valley Times home page</a></p>
</div>"""
        return self._layout(title=f"Page not found - {self.name}", main=main, page_id="error")

    # -- discovery: robots.txt (no sitemap) and the RSS feed ----------------------

    def _discovery_pages(self) -> dict[str, Page]:
        robots = (
            "User-agent: *\n"
            "Disallow: /private/\n"
            "Disallow: /admin/\n"
            "\n"
            "User-agent: BadBot\n"
            "Disallow: /\n"
        )
        arts = self.feed_articles()
        updated = latest(arts)
        items = "\n".join(
            f"""    <item>
      <title>{xml_escape(a.title)}</title>
      <link>{u(a.path)}</link>
      <guid isPermaLink="true">{u(a.path)}</guid>
      <pubDate>{format_datetime(a.published)}</pubDate>
      <category>{SECTION_LABELS[a.section]}</category>
      <dc:creator>{xml_escape(a.author)}</dc:creator>
      <description>{xml_escape(a.standfirst)}</description>
    </item>""" for a in arts)
        feed = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>Valley Times - All stories</title>
    <link>{u('/')}</link>
    <description>The latest news from the Wend Valley</description>
    <language>en-gb</language>
    <lastBuildDate>{format_datetime(updated)}</lastBuildDate>
    <atom:link href="{u(self.feed_path)}" rel="self" type="application/rss+xml"/>
{items}
  </channel>
</rss>
"""
        return {
            "/robots.txt": Page(body=robots.encode(), content_type="text/plain; charset=utf-8"),
            self.feed_path: Page(body=feed.encode(), content_type=RSS, conditional=True,
                                 last_modified=updated),
        }


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------

IRAQ_RETURNS_PARAGRAPHS: tuple[str, ...] = (
    "Iraq has agreed to take back its citizens who have no right to remain in the UK, under a "
    "returns deal signed in Baghdad on Monday. The Home Office said the agreement covers rejected "
    "asylum seekers and foreign offenders whose appeals have been exhausted, and that the first "
    "flights could leave before the end of the year.",
    "Ministers have spent more than two years trying to secure the arrangement. Until now, Iraqi "
    "officials accepted only a handful of voluntary returns each month, leaving several thousand "
    "people in the UK with no route home and no permission to stay.",
    "Under the terms of the deal, the UK will fund a reintegration programme offering job "
    "training and small business grants to people who go back. Iraq will issue emergency travel "
    "documents within thirty days of a request, a process that previously took months or never "
    "happened at all.",
    "The Home Secretary called the agreement \u201ca significant step towards a system that is "
    "firm but fair\u201d, adding that it would free up accommodation currently used to house "
    "people whose claims had failed. Officials said they expected about 1,500 returns in the "
    "first year.",
    "Refugee charities reacted with caution. They said many Iraqi Kurds in the UK had fled "
    "persecution and that some had been refused asylum because of poor interpretation or "
    "outdated guidance about conditions in Iraq. They urged the government to publish the full "
    "text of the agreement and to allow independent monitoring of returns.",
    "Opposition MPs questioned whether the deal would make a noticeable dent in the asylum "
    "backlog. The shadow home secretary said similar agreements with other countries had "
    "produced far fewer removals than promised, and asked ministers to report the numbers to "
    "Parliament every quarter.",
    "Iraq's foreign ministry said the agreement also opens the way for more legal routes for "
    "Iraqi students and skilled workers to come to the UK. A joint committee will meet every six "
    "months to review how the arrangement is working.",
)
"""The shared Iraq returns story (Harbour Post original, Valley Times wire copy)."""

IRAQ_WIRE_FIRST_SENTENCE = (
    "Iraq will take back its citizens who have no right to stay in the UK under a returns deal "
    "signed in Baghdad on Monday."
)


def _wire_paragraphs() -> list[str]:
    """The shared story with a lightly edited first sentence."""
    first, rest = IRAQ_RETURNS_PARAGRAPHS[0].split(". ", 1)
    return [f"{IRAQ_WIRE_FIRST_SENTENCE} {rest}", *IRAQ_RETURNS_PARAGRAPHS[1:]]


def _harbour_articles() -> list[Article]:
    return [
        Article(
            path="/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/",
            title="Iraq agrees returns deal for rejected asylum seekers",
            published=datetime(2025, 11, 10, 9, 15, tzinfo=GMT),
            section="politics",
            author="Sarah Whitlock",
            paragraphs=list(IRAQ_RETURNS_PARAGRAPHS),
            tags=["Iraq", "asylum", "immigration", "Home Office"],
        ),
        Article(
            path="/politics/2025/10/21/small-boat-crossings-rise-as-calm-weather-returns/",
            title="Small boat crossings rise as calm weather returns to the Channel",
            published=datetime(2025, 10, 21, 7, 40, tzinfo=BST),
            section="politics",
            author="Daniel Okafor",
            tags=["small boats", "immigration", "Channel"],
            paragraphs=[
                "More than 1,200 people crossed the Channel in small boats over the weekend, the "
                "highest two-day total since the summer, according to figures published by the "
                "Home Office. Calm seas and light winds allowed dozens of dinghies to set off "
                "from beaches between Calais and Dunkirk.",
                "Border Force vessels brought most of the boats into Dover, where new arrivals "
                "were taken to a processing centre on the seafront. Officials said one dinghy "
                "carrying more than sixty people had to be escorted after its engine failed in "
                "the shipping lanes.",
                "The total number of crossings this year is now higher than at the same point "
                "last year. Ministers argue that tougher action against smuggling gangs is "
                "beginning to work, pointing to arrests in France, Belgium and Germany, but the "
                "weekend's numbers will add to pressure on the government.",
                "French police say smugglers have changed tactics, launching boats from rivers "
                "and canals further inland to avoid patrols on the beaches. Passengers are now "
                "often picked up by a so-called taxi boat that is already afloat, which makes it "
                "harder for officers to intervene without putting lives at risk.",
                "Volunteers working in northern France warned that overcrowding was making each "
                "crossing more dangerous. One said people were being packed so tightly that some "
                "had been crushed as they tried to climb aboard in the dark. Several people have died on "
                "the beaches this year.",
                "The Home Office said it was working closely with its French counterparts and "
                "that a new border security command would target the supply of engines and "
                "inflatable boats. A spokesperson said nobody should risk their life making the "
                "journey.",
            ],
        ),
        Article(
            path="/politics/2025/09/03/port-security-bill-clears-first-commons-hurdle/",
            title="Port security bill clears first Commons hurdle",
            published=datetime(2025, 9, 3, 16, 5, tzinfo=BST),
            section="politics",
            author="Sarah Whitlock",
            tags=["ports", "Parliament", "security"],
            paragraphs=[
                "A bill that would give harbour authorities new powers to search vessels and "
                "vehicles passed its second reading in the House of Commons on Wednesday evening. "
                "The government says the changes are needed because criminal groups are using "
                "smaller ports to move drugs and stolen goods with little risk of being caught.",
                "Under the proposals, harbour masters could require the owner of any boat moored "
                "in their waters to provide details of its recent voyages. Ports handling freight "
                "would have to install scanning equipment and keep records of every container "
                "for at least two years.",
                "The transport minister told MPs that most of the country's commercial ports had "
                "never been designed with modern security in mind. Some of the smallest "
                "harbours, he said, have no staff on duty overnight and rely on a single camera "
                "at the gate. Officials believe that is why some gangs have switched away from the "
                "busiest container terminals.",
                "Fishing organisations broadly welcomed the bill but warned that the cost of new "
                "equipment could fall on small operators who are already struggling with rising "
                "fuel and insurance bills. They want a grant scheme to be in place before the "
                "new rules take effect.",
                "Several backbench MPs from coastal constituencies asked for reassurance that "
                "leisure sailors would not face the same paperwork as commercial vessels. The "
                "minister said detailed guidance would be published once the bill had completed "
                "its committee stage.",
                "The bill will now be examined line by line by a committee of MPs before "
                "returning to the Commons later in the autumn. If it passes through the Lords "
                "without major changes, the first measures could be in force by next spring.",
            ],
        ),
        Article(
            path="/politics/2025/06/12/mps-to-debate-voting-reform-after-petition-success/",
            title="MPs to debate voting reform after petition passes 100,000 signatures",
            published=datetime(2025, 6, 12, 11, 30, tzinfo=BST),
            section="politics",
            author="Helen Marsh",
            tags=["Parliament", "elections", "petitions"],
            paragraphs=[
                "MPs will debate a change to the way general elections are run after a petition "
                "calling for proportional representation gathered more than 100,000 signatures. "
                "The Petitions Committee confirmed on Thursday that the debate will take place "
                "in Westminster Hall later this month.",
                "The petition argues that the first-past-the-post system produces parliaments "
                "that do not reflect how people actually vote. It was started by a retired "
                "teacher from Norfolk and gained most of its support in the week after last "
                "month's local elections.",
                "Debates on petitions cannot change the law by themselves, and the government "
                "has already said it has no plans to alter the voting system. In a written "
                "response, the Cabinet Office said the current system provides a clear link "
                "between voters and their local MP and usually produces stable governments.",
                "Campaigners say the debate is still worthwhile because it forces ministers to "
                "set out their reasons in public. Several smaller parties have said they will "
                "send MPs to speak in favour, and a cross-party group is preparing a briefing "
                "for members.",
                "The country last held a national referendum on the voting system in 2011, when "
                "the alternative vote was rejected by roughly two thirds of those who took part. "
                "Supporters of reform argue that opinion has shifted since then, while opponents "
                "say the result should be respected.",
                "Anyone can start a petition on the Parliament website, and those that reach "
                "10,000 signatures receive a written government response. Only a small share "
                "pass the 100,000 mark needed to be considered for a debate. The committee can also "
                "decide not to schedule a debate if the subject has been discussed recently.",
            ],
        ),
        Article(
            path="/business/2025/11/04/millions-yet-to-file-tax-returns-as-january-deadline-nears/",
            title="Millions yet to file tax returns as January deadline nears",
            published=datetime(2025, 11, 4, 8, 0, tzinfo=GMT),
            section="business",
            author="Priya Raman",
            tags=["tax", "HMRC", "personal finance"],
            paragraphs=[
                "More than eight million people still need to file their self-assessment tax "
                "returns before the deadline of 31 January, HM Revenue and Customs has said. The "
                "tax authority is urging people not to leave it until the last few days, when "
                "its helplines are at their busiest.",
                "Anyone who is self-employed, earns rental income or has untaxed savings "
                "interest above their allowance may need to complete a return. People who "
                "started working for themselves during the year must register for self-"
                "assessment first, which can take up to ten working days.",
                "Missing the deadline brings an automatic penalty of \u00a3100, even if there is "
                "no tax to pay. Further daily fines start after three months, and interest is "
                "charged on any tax that is paid late. People who genuinely could not file on time, because "
                "of illness or a bereavement, can appeal against the penalty.",
                "Accountants say the most common mistakes include forgetting to declare small "
                "amounts of freelance income, entering figures in the wrong boxes and failing "
                "to claim allowable expenses. Some taxpayers also do not realise that they can "
                "spread what they owe over several months through a payment plan.",
                "HMRC has warned about scam emails and text messages that claim to offer tax "
                "refunds. It says it will never ask people to give personal or bank details by "
                "text, and advises anyone who receives such a message to report it and delete "
                "it.",
                "Last year, more than 11 million returns were filed on time, with tens of "
                "thousands of people completing theirs on 31 January itself. A few hundred "
                "filed on Christmas Day, according to figures released by the department.",
            ],
        ),
        Article(
            path="/sport/2025/10/14/iraq-keep-world-cup-hopes-alive-with-late-winner/",
            title="Iraq keep World Cup hopes alive with late winner",
            published=datetime(2025, 10, 14, 22, 10, tzinfo=BST),
            section="sport",
            author="Tom Castellan",
            tags=["football", "Iraq", "World Cup"],
            paragraphs=[
                "Iraq's footballers kept their hopes of reaching the World Cup alive with a "
                "dramatic late victory in Basra on Tuesday night. A header from substitute "
                "Yasir Nouri in the 89th minute gave the hosts a 2-1 win and sent a crowd of "
                "more than 60,000 into celebration.",
                "The result means Iraq go into a play-off next month. The winner of that tie "
                "will reach an intercontinental play-off, the last chance for several countries "
                "to claim a place at the tournament in North America.",
                "Iraq have appeared at the World Cup only once, in Mexico in 1986, and the "
                "national team's progress has been followed closely across the country. Fans "
                "gathered in public squares in Baghdad, Erbil and Najaf to watch the game on big "
                "screens, and car horns could be heard long after the final whistle.",
                "The head coach praised his players for staying calm after they fell behind to "
                "an early goal. He said the team had worked hard on set pieces during the week "
                "and that the winning goal came from a move they had practised many times in "
                "training.",
                "The football association said it would ask for the play-off to be held at a "
                "neutral venue in the Gulf so that more supporters could travel. It also "
                "confirmed that the captain, who limped off in the second half, would have a "
                "scan on his knee on Wednesday.",
                "Iraq won the Asian Cup in 2007, a victory still remembered as a rare moment of "
                "national unity during years of conflict. Many supporters say the current squad, "
                "which blends players from the domestic league with others based in Europe, is "
                "the most promising since then.",
            ],
        ),
        Article(
            path="/science/2025/08/19/newly-found-comet-could-be-visible-to-the-naked-eye/",
            title="Newly found comet could be visible to the naked eye next month",
            published=datetime(2025, 8, 19, 13, 45, tzinfo=BST),
            section="science",
            author="Ruth Ellery",
            tags=["space", "comets", "astronomy"],
            paragraphs=[
                "A comet discovered only six weeks ago is brightening faster than expected and "
                "could be visible without binoculars in September, astronomers say. The icy "
                "visitor, named Comet Tarrant-Lee after the two observers who first reported "
                "it, is heading towards its closest approach to the Sun.",
                "Comets are lumps of ice and dust left over from the formation of the solar "
                "system. As they approach the Sun, the ice turns to gas and carries dust away "
                "from the nucleus, producing the glowing head and long tail that make the "
                "brightest comets so striking.",
                "The comet was first spotted by an automated survey telescope in Chile and "
                "confirmed by amateur observers in Australia and New Zealand. Its orbit suggests "
                "it has travelled in from the Oort cloud, the distant shell of icy bodies that "
                "surrounds the solar system, and may not return for many thousands of years.",
                "Predicting how bright a comet will become is notoriously difficult. Some fade "
                "or break apart as they near the Sun, while others flare suddenly when a fresh "
                "patch of ice is exposed. Astronomers are cautious, but say the latest "
                "measurements are encouraging.",
                "If the comet continues to brighten, the best views from Britain should come in "
                "the second half of September, low in the western sky shortly after sunset. "
                "Observers are advised to find a spot away from street lights with a clear view "
                "of the horizon.",
                "Astronomy clubs are asking members of the public to send in photographs, which "
                "will help scientists track changes in the tail. Even a smartphone on a tripod "
                "can capture a bright comet with a long exposure, they say.",
            ],
        ),
        Article(
            path="/science/2025/03/18/hospital-trial-halves-wait-for-hip-and-knee-operations/",
            title="Hospital trial halves wait for hip and knee operations",
            published=datetime(2025, 3, 18, 10, 20, tzinfo=GMT),
            section="science",
            author="Helen Marsh",
            tags=["health", "NHS", "hospitals"],
            paragraphs=[
                "A hospital trust that set aside dedicated theatres for routine joint operations "
                "has cut its waiting times for hip and knee replacements by almost half in a "
                "year. Doctors say the approach, which keeps planned surgery separate from "
                "emergency work, could be copied across the NHS.",
                "Before the trial, patients at the trust waited an average of 48 weeks for a new "
                "hip or knee. That has fallen to 26 weeks, and the number of operations "
                "cancelled at the last minute because of a shortage of beds has dropped sharply.",
                "The key change was to create a surgical hub on a separate site, with its own "
                "wards and staff who are not pulled into the emergency department when it is "
                "busy. Surgeons there now complete four or five joint replacements in a single "
                "day, compared with two or three before.",
                "Patients are also being sent home sooner. Physiotherapists see most people "
                "within hours of surgery, and many are walking with crutches on the same day, "
                "which reduces the risk of blood clots and infections.",
                "Health service managers say the results are encouraging but warn that the model "
                "relies on having enough anaesthetists and theatre nurses. Several hubs "
                "elsewhere have struggled to open all their theatres because of staff shortages. Others "
                "have found it hard to recruit enough ward staff for weekend shifts.",
                "More than seven million treatments are waiting to be carried out across "
                "England. Ministers have promised that most patients will be treated within 18 "
                "weeks of referral by the end of the parliament, a target last met nearly a "
                "decade ago.",
            ],
        ),
        Article(
            path="/world/2025/05/07/volcano-erupts-near-icelandic-fishing-town/",
            title="Volcano erupts near Icelandic fishing town for third time this year",
            published=datetime(2025, 5, 7, 6, 55, tzinfo=BST),
            section="world",
            author="Daniel Okafor",
            tags=["Iceland", "volcanoes", "aviation"],
            paragraphs=[
                "A volcano on Iceland's Reykjanes peninsula erupted again overnight, sending "
                "lava fountains tens of metres into the air a few kilometres from the fishing "
                "town of Grindav\u00edk. It is the third eruption in the area this year and "
                "follows weeks of earthquakes that had warned scientists that magma was building "
                "up underground.",
                "The town, which once had a population of about 3,700, was evacuated within an "
                "hour of the first tremors. Most residents had already moved away after earlier "
                "eruptions, and only a few dozen people had been staying there overnight.",
                "The national weather office said the fissure was about two kilometres long and "
                "that lava was flowing mainly towards the west, away from the town's defensive "
                "walls. Engineers have spent the past two years building earth barriers to steer "
                "the lava away from homes and a nearby geothermal power station.",
                "Flights at Keflav\u00edk international airport, around twenty kilometres away, "
                "continued as normal. Unlike the 2010 eruption that grounded aircraft across "
                "Europe, these fissure eruptions produce very little ash, although gas from the "
                "lava can affect air quality in nearby communities.",
                "A popular geothermal spa was closed as a precaution and guests were taken to "
                "hotels in Reykjav\u00edk. Police have asked sightseers not to drive towards the "
                "eruption, saying the roads are needed for emergency vehicles.",
                "Scientists say the peninsula has entered a new volcanic period that could last "
                "for decades or even centuries. Before the current series began in 2021, the "
                "area had not seen an eruption for about 800 years. Many former residents say they do "
                "not expect to move back.",
            ],
        ),
    ]


VT_WIRE = "/news/world/iraq-signs-deal-to-take-back-rejected-asylum-seekers-48213.html"
VT_FLOOD = "/news/science/river-wend-bursts-its-banks-as-storm-brings-a-months-rain-in-a-day-48051.html"
VT_PLANNING = "/news/politics/residents-object-to-riverside-homes-plan-47388.html"


def _valley_articles() -> list[Article]:
    return [
        Article(
            path=VT_WIRE,
            title="Iraq signs deal to take back rejected asylum seekers",
            published=datetime(2025, 11, 10, 11, 15, tzinfo=GMT),
            section="world",
            author="Staff Reporter (Wire)",
            paragraphs=_wire_paragraphs(),
            tags=["Iraq", "asylum", "immigration"],
        ),
        Article(
            path="/news/business/shops-extend-returns-window-for-christmas-gifts-48177.html",
            title="Shops extend returns window for Christmas gifts",
            published=datetime(2025, 11, 6, 9, 30, tzinfo=GMT),
            section="business",
            author="Megan Pryce",
            tags=["shopping", "Christmas", "consumer rights"],
            paragraphs=[
                "Shoppers buying Christmas presents this month will have until the middle of "
                "January to take them back, as most of the big high street chains extend their "
                "returns policies for the festive season. Several retailers in the valley, "
                "including both department stores in Wendbury, say they will accept unwanted "
                "gifts until 18 January.",
                "Shops are not legally obliged to accept returns of goods that are not faulty "
                "when they are bought in person. Most offer a refund or exchange as a gesture of "
                "goodwill, and policies vary widely, so consumer groups advise people to check "
                "the rules before they buy and to keep receipts safe.",
                "The rules are different for online purchases. Buyers generally have 14 days "
                "after delivery to cancel an order and a further 14 days to send the item back, "
                "although some goods, such as personalised items and perishable food, are "
                "excluded.",
                "Faulty goods are covered by consumer law, which gives buyers 30 days to reject "
                "an item and claim a full refund. After that, the shop can offer a repair or a "
                "replacement first.",
                "Retailers say they are keen to avoid the queues that build up at customer "
                "service desks in the days after Christmas. Some are offering gift receipts that "
                "let the person receiving a present exchange it without revealing how much it "
                "cost.",
                "The owner of an independent toy shop on Market Street said returns were a "
                "headache for small businesses because many items could not be resold at full "
                "price once Christmas was over. She said the shop would still take back "
                "unopened gifts until the end of the first week of January.",
            ],
        ),
        Article(
            path="/news/sport/valley-rovers-stun-league-side-to-reach-fa-cup-second-round-48120.html",
            title="Valley Rovers stun league side to reach FA Cup second round",
            published=datetime(2025, 11, 2, 17, 5, tzinfo=GMT),
            section="sport",
            author="Gareth Bevan",
            tags=["football", "Valley Rovers", "FA Cup"],
            paragraphs=[
                "Valley Rovers produced one of the shocks of the FA Cup first round on Saturday, "
                "beating League Two opponents 2-1 at Riverside Park to reach the second round for "
                "the first time in the club's history. Goals from Jamie Price and Liam "
                "O'Connell either side of half-time were enough to see off a side three "
                "divisions above them.",
                "A record crowd of 2,814 packed into the ground, with supporters standing three "
                "deep along the far touchline. The club had put up temporary seating behind one "
                "goal and sold its allocation of tickets within a day.",
                "The visitors pulled a goal back with fifteen minutes to go and pressed hard in "
                "the closing stages, but goalkeeper Ben Hollis made two fine saves to keep them "
                "out. When the final whistle went, hundreds of fans ran onto the pitch to "
                "celebrate with the players.",
                "Manager Steve Rowlands, who works as a PE teacher during the week, said it was "
                "the proudest day of his career. He praised the players for sticking to the "
                "game plan and pointed out that most of them would be back at work on Monday "
                "morning.",
                "The win is worth more than \u00a340,000 in prize money, a significant sum for a "
                "club whose annual budget is less than a quarter of a million pounds. The "
                "chairman said the money would go towards new floodlights and better changing "
                "rooms.",
                "The draw for the second round takes place on Monday evening and will be shown "
                "live on television. Players and staff will gather in the clubhouse bar to "
                "watch, hoping for a home tie against one of the bigger names left in the "
                "competition.",
            ],
        ),
        Article(
            path=VT_FLOOD,
            title="River Wend bursts its banks as storm brings a month's rain in a day",
            published=datetime(2025, 10, 30, 18, 20, tzinfo=GMT),
            section="science",
            author="Owen Llewellyn",
            tags=["weather", "flooding", "River Wend"],
            paragraphs=[
                "Homes and businesses in Lower Wendbury were flooded on Thursday after the River "
                "Wend burst its banks following almost 24 hours of heavy rain. The Environment "
                "Agency issued a severe flood warning \u2014 the highest level \u2014 for the "
                "stretch of river between the old mill and the railway bridge.",
                "Firefighters used boats to help residents of Mill Lane leave their homes, and a "
                "rest centre was opened at the leisure centre. \u201cThe water came up so "
                "quickly that we barely had time to move the furniture upstairs,\u201d said one "
                "resident, who has lived on the street for thirty years.",
                "The owner of the Riverside Caf\u00e9, which opened in the spring, said the "
                "kitchen had been under half a metre of water by lunchtime. \u2018We knew the "
                "river could flood, but it would be na\u00efve to think anyone was ready for "
                "this,\u2019 she said, adding that she hoped to reopen before Christmas.",
                "Forecasters said parts of the valley received more than 80 millimetres of rain, "
                "close to the average for the whole of October. The ground was already "
                "saturated after a wet autumn, so much of the water ran straight off the hills "
                "and into the river.",
                "The council handed out sandbags at three depots and closed the road through "
                "Wendbury Bridge. Officials warned that river levels could stay high into the "
                "weekend, with temperatures dropping to 3\u00b0C overnight, because water is "
                "still draining from the upper valley.",
                "Campaigners have long called for a flood defence scheme for the town, which was "
                "also badly hit in 2020. The Environment Agency said a business case for new "
                "walls and an upstream storage area would be submitted early next year.",
            ],
        ),
        Article(
            path="/news/politics/valley-council-warns-of-8m-budget-gap-47902.html",
            title="Valley council warns of \u00a38m budget gap",
            published=datetime(2025, 10, 8, 19, 45, tzinfo=BST),
            section="politics",
            author="Megan Pryce",
            tags=["council", "budget", "local government"],
            paragraphs=[
                "Wend Valley District Council faces a shortfall of \u00a38.2 million next year "
                "and may have to cut services or raise council tax by the maximum allowed, "
                "councillors were told on Wednesday. The finance director said rising costs for "
                "adult social care and temporary accommodation were the main reasons for the "
                "gap.",
                "The council has already saved more than \u00a320 million over the past five "
                "years by sharing services with neighbouring authorities and selling some of its "
                "office buildings. Officials warned that there were few easy savings left and "
                "that the next round of cuts would be felt by residents.",
                "Options being considered include shorter opening hours at the valley's four "
                "libraries, a charge for garden waste collections and the closure of one of the "
                "two public swimming pools. A consultation on the proposals will open next month "
                "and run until early December.",
                "The leader of the council said the authority was doing everything it could to "
                "protect front-line services. He called on the government to provide a fairer "
                "funding settlement for rural councils, where the cost of delivering care across "
                "large areas is higher.",
                "Opposition councillors accused the ruling group of failing to plan ahead and "
                "questioned spending on a new civic centre, which is due to open next year. They "
                "said the project should be paused until the council's finances were more "
                "secure.",
                "The final budget will be set at a full council meeting in February. Any "
                "increase in council tax would take effect from April, and the council says it "
                "will publish an online calculator so residents can see how their bills would "
                "change.",
            ],
        ),
        Article(
            path="/news/politics/councillors-back-plans-for-new-footbridge-over-the-wend-47741.html",
            title="Councillors back plans for new footbridge over the Wend",
            published=datetime(2025, 9, 17, 12, 10, tzinfo=BST),
            section="politics",
            author="Owen Llewellyn",
            tags=["council", "transport", "cycling"],
            paragraphs=[
                "Plans for a new footbridge linking the railway station to the town centre have "
                "been approved by the council's transport committee. The bridge would cross the "
                "River Wend next to the old goods yard and give pedestrians and cyclists a "
                "direct route that avoids the busy ring road.",
                "At present, people walking from the station have to follow a narrow pavement "
                "beside four lanes of traffic, which campaigners say puts many off walking "
                "altogether. A survey carried out last year found that almost half of station "
                "users drove the short distance into town.",
                "The design chosen by the committee is a steel arch with a wide deck and gentle "
                "ramps at each end, so that it can be used by wheelchairs and pushchairs. "
                "Lighting built into the handrails will avoid the need for tall lamp posts, "
                "which residents had said would spoil views along the river.",
                "The scheme is expected to cost \u00a34.6 million, most of which would come from "
                "a government fund for walking and cycling. The council would contribute around "
                "\u00a3600,000 from money already collected from local developers.",
                "Some committee members raised concerns about the cost of maintaining the bridge "
                "over its lifetime and asked for a guarantee that it would not add to the "
                "council's budget pressures. Officers said maintenance had been included in the "
                "business case. The steel will be treated to reduce the need for repainting.",
                "If funding is confirmed, work could start next summer and take around a year. "
                "A public exhibition of the final design will be held at Wendbury library in "
                "October, and residents will be able to comment online.",
            ],
        ),
        Article(
            path=VT_PLANNING,
            title="Residents object to riverside homes plan",
            published=datetime(2025, 7, 22, 15, 35, tzinfo=BST),
            section="politics",
            author="Carys Morgan",
            tags=["planning", "riverside homes"],
            paragraphs=[
                "More than 300 people have objected to plans for 140 homes on meadows beside the "
                "River Wend, making it one of the most contested planning applications in the "
                "valley for years. The site, known locally as Kingfisher Meadows, lies between "
                "the cricket ground and the nature reserve.",
                "The developer says the scheme would include 42 affordable homes, a small shop "
                "and a new riverside path open to the public. It argues that the valley needs "
                "more houses for young families and that the land has been identified as "
                "suitable for development in the council's local plan.",
                "Objectors say the meadows flood almost every winter and that building on them "
                "would push water towards existing homes downstream. They have also raised "
                "concerns about traffic on the narrow lane that would serve the estate and the "
                "loss of habitat for otters and barn owls.",
                "A hydrologist hired by the residents' group said the developer's flood "
                "assessment relied on out-of-date rainfall figures. The developer said its "
                "assessment had been reviewed by the Environment Agency, which has not objected "
                "to the plans.",
                "The application is expected to be decided by the planning committee in the "
                "autumn. Councillors are due to visit the site beforehand so they can see the "
                "meadows and the access road for themselves.",
                "Residents have organised a walk across the meadows on Saturday morning to show "
                "people what would be lost. The group has also set up a fund to pay for legal "
                "advice should the scheme be approved. More than \u00a35,000 has been raised so far, "
                "mostly through a quiz night and a sponsored swim.",
            ],
        ),
    ]


def harbour_post() -> HarbourPost:
    """A fresh Harbour Post (discovered via robots.txt -> sitemaps)."""
    return HarbourPost(_harbour_articles())


def valley_times() -> ValleyTimes:
    """A fresh Valley Times (discovered via its RSS feed)."""
    return ValleyTimes(_valley_articles(), page_two_only=VT_PLANNING, windows_1252=VT_FLOOD)


def extra_article(site: NewsSite) -> Article:
    """A new politics story for ``site`` (published 15 November 2025, newer
    than everything else), to pass to ``site.publish``."""
    if isinstance(site, HarbourPost):
        return Article(
            path="/politics/2025/11/15/ministers-order-review-of-island-ferry-services/",
            title="Ministers order review of island ferry services after winter cancellations",
            published=datetime(2025, 11, 15, 21, 40, tzinfo=GMT),
            section="politics",
            author="James Arden",
            tags=["ferries", "islands", "transport"],
            paragraphs=[
                "Ministers have ordered a review of ferry services to the country's smaller "
                "islands after a series of cancellations left communities without deliveries "
                "for days at a time. The review will look at the age of the fleet, the way "
                "contracts are awarded and whether islanders should have a bigger say in "
                "timetables.",
                "Several routes were suspended last winter when ageing vessels broke down and no "
                "replacements were available. On one island the shop ran out of fresh food, and "
                "the primary school had to close for two days because teachers could not get to "
                "work.",
                "The transport secretary said islanders deserved a service they could rely on in "
                "every season. She promised that the review would report within six months and "
                "that its recommendations would be published in full.",
                "Ferry operators say the main problem is a lack of spare ships, and that building "
                "new vessels takes years. Some have called for a shared reserve fleet that could "
                "be moved between routes whenever a ship is taken out of service for repairs.",
                "Island councils welcomed the review but said it must lead to real investment "
                "rather than another report. One councillor said residents were tired of "
                "consultations and wanted to see new boats in the water before the end of the "
                "decade.",
                "The review will be led by a former harbour master with experience of running "
                "services in Norway and Scotland. Evidence sessions will be held on the islands "
                "themselves early in the new year, so that people who depend on the ferries can "
                "speak directly to the panel. Written evidence can be submitted until the end of "
                "February.",
            ],
        )
    if isinstance(site, ValleyTimes):
        return Article(
            path="/news/politics/christmas-lights-switch-on-moves-to-market-square-48391.html",
            title="Christmas lights switch-on moves to Market Square",
            published=datetime(2025, 11, 15, 20, 10, tzinfo=GMT),
            section="politics",
            author="Megan Pryce",
            tags=["Christmas", "council", "events"],
            paragraphs=[
                "This year's Christmas lights switch-on in Wendbury will take place in Market "
                "Square for the first time, the council has confirmed. The event, on Saturday 29 "
                "November, moves from the high street because of roadworks outside the town "
                "hall.",
                "Organisers say the new location has room for more stalls and a stage for local "
                "choirs and bands. A children's lantern parade will set off from the library at "
                "four o'clock and arrive in the square just before the lights are switched on.",
                "The lights themselves have been fitted with low-energy bulbs, which the council "
                "says will cut the cost of running them by about two thirds. The new displays "
                "were paid for by the town's business improvement district rather than by "
                "council tax.",
                "Roads around the square will close from midday, and extra buses will run from "
                "the outlying villages in the evening. The council has asked visitors to use the "
                "park and ride where possible because parking in the town centre will be "
                "limited.",
                "The identity of the guest who will switch on the lights is being kept secret "
                "until the day. Last year the honour went to the Valley Rovers squad, who were "
                "greeted by a crowd of several thousand. Organisers say the choice has been made and that "
                "the guest has close links with the valley.",
                "Traders hope the event will give an early boost to Christmas shopping after a "
                "difficult year. Many shops will stay open until eight o'clock, and the market "
                "will run late with food and craft stalls. Free parking will be offered in the council's "
                "multi-storey car park on the two Saturdays before Christmas.",
            ],
        )
    raise TypeError(f"no extra article for {type(site).__name__}")


def publish_one_more(site: NewsSite) -> Article:
    """Publish ``extra_article(site)`` and return it."""
    article = extra_article(site)
    site.publish(article)
    return article


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def _not_modified(headers, etag: str, last_modified: datetime) -> bool:
    """RFC 9110 section 13.2.2: If-None-Match wins over If-Modified-Since."""
    inm = headers.get("If-None-Match")
    if inm is not None:
        tags = [t.strip() for t in inm.split(",")]
        return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
    ims = headers.get("If-Modified-Since")
    if ims:
        try:
            since = parsedate_to_datetime(ims)
        except (TypeError, ValueError, IndexError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=GMT)
        return last_modified.replace(microsecond=0) <= since
    return False


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 30

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        owner: SiteServer = self.server.owner  # type: ignore[attr-defined]
        owner._record(self.command, self.path, dict(self.headers.items()), 405)
        body = b"<html><body><h1>405 Method Not Allowed</h1></body></html>\n"
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Type", HTML)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _serve(self, head: bool) -> None:
        owner: SiteServer = self.server.owner  # type: ignore[attr-defined]
        site = owner.site
        until = owner.holds.get(self.path)
        if until is not None:  # answered only once *until* holds, to force an order of answers
            deadline = time.monotonic() + HOLD_SECONDS
            while not until() and time.monotonic() < deadline:
                time.sleep(0.02)
            with owner._lock:
                owner.held.append((self.path, until()))
        page = site.pages.get(self.path) or site.not_found_page
        body = site.resolve(page.body)
        status = page.status
        headers = {"Content-Type": page.content_type}
        if page.conditional and status == 200:
            lm = page.last_modified or datetime(2025, 1, 1, tzinfo=GMT)
            etag = _etag(body)
            headers["ETag"] = etag
            headers["Last-Modified"] = format_datetime(lm.astimezone(GMT), usegmt=True)
            if _not_modified(self.headers, etag, lm):
                status = 304
        headers.update({k: site.resolve_text(v) for k, v in page.headers.items()})
        owner._record(self.command, self.path, dict(self.headers.items()), status)

        self.send_response(status)
        for name, value in headers.items():
            if status == 304 and name == "Content-Type":
                continue
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and status != 304:
            self.wfile.write(body)


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class SiteServer:
    """Serve a ``NewsSite`` on ``host``:ephemeral port in a daemon thread.

    ``requests`` is a list of ``Request(method, path, headers, status)``
    tuples, appended under a lock; ``clear()`` empties it.
    """

    def __init__(self, site: NewsSite, host: str = "127.0.0.1") -> None:
        self.site = site
        self.host = host
        self.base_url = ""
        self.port = 0
        self.requests: list[Request] = []
        #: path -> condition: the path is answered once the condition holds (at most
        #: HOLD_SECONDS later); ``held`` lists (path, whether it held) as answered
        self.holds: dict[str, Callable[[], bool]] = {}
        self.held: list[tuple[str, bool]] = []
        self._lock = threading.Lock()
        self._httpd: _HTTPServer | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> SiteServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        server_class = _HTTPServer
        if ":" in self.host:
            server_class = type("_HTTPServer6", (_HTTPServer,), {"address_family": socket.AF_INET6})
        self._httpd = server_class((self.host, 0), _Handler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.base_url = f"http://{host}:{self.port}"
        self.site.base_url = self.base_url
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05},
            name=f"SiteServer-{self.site.name}", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def url(self, path: str) -> str:
        return self.base_url + path

    def _record(self, method: str, path: str, headers: dict[str, str], status: int) -> None:
        with self._lock:
            self.requests.append(Request(method, path, headers, status, time.monotonic()))

    def paths_fetched(self, method: str | None = None) -> list[tuple[str, int]]:
        """``[(path_with_query, status), ...]`` in request order."""
        with self._lock:
            return [(r.path, r.status) for r in self.requests
                    if method is None or r.method == method]

    def clear(self) -> None:
        with self._lock:
            self.requests.clear()
