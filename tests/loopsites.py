"""More loopback news sites, built the way the web is: answers that arrive in any
order, hundreds of listings around a few articles, URLs of every shape, and sites
that attack (endless sitemap indexes, a million-URL sitemap, a home page of
hundreds of thousands of links, pages too large to read).

Each site is a ``route(path) -> Answer`` function served by ``LoopServer`` on a
127.0.0.0/8 address. Answers may be held (``Answer.hold``: a callable polled until
it says go, at most ``HOLD_SECONDS``) so a test can force the order in which a
crawler sees them, and bodies may be generators so a huge answer is produced as it
is sent, never held whole in memory. Standard library only.
"""
from __future__ import annotations

import gzip
import json
import random
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote, unquote, urlsplit

HTML = "text/html; charset=utf-8"
XML = "application/xml; charset=utf-8"
#: Longest an answer is held waiting for its condition (a test then fails on its asserts).
HOLD_SECONDS = 30.0
MASTHEAD = "Sunday, November 16, 2025"

WORDS = """harbour council ferry budget storm river school hospital minister election court police
fishing port bridge railway farmers festival museum library weather flood rescue inquiry report
plan residents workers union strike wages energy prices homes market village coast island league
match season coach players trial jury evidence scientists comet telescope study patients nurses
doctors teachers pupils exam results tourism hotels beach cliffs lighthouse lifeboat crew volunteers
charity appeal donations record growth exports factory jobs closure protest petition vote debate
reform tax spending review roads traffic buses trains delays repairs wall damage insurance claims
survey figures rise fall warning alert summer winter autumn spring morning evening night week
month year decade history heritage castle church mayor chief officer director chairman board
members meeting agreement deal talks offer contract funding grant award prize winner champion""".split()


def prose(seed: int, words: int = 180) -> list[str]:
    """Deterministic, distinct paragraphs of plausible words (distinct fingerprints)."""
    rng = random.Random(seed)
    out = []
    while words > 0:
        n = min(words, rng.randint(35, 55))
        sentence_words = [rng.choice(WORDS) for _ in range(n)]
        text = " ".join(sentence_words)
        out.append(text[0].upper() + text[1:].replace(" and ", ", and ") + ".")
        words -= n
    return out


@dataclass
class Answer:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str = HTML
    headers: dict[str, str] = field(default_factory=dict)
    hold: Callable[[], bool] | None = None  # served once this returns True (or HOLD_SECONDS pass)


NOT_FOUND = Answer(404, b"<html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 30

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        owner: LoopServer = self.server.owner  # type: ignore[attr-defined]
        answer = owner.route(self.path) or NOT_FOUND
        if answer.hold is not None:
            deadline = time.monotonic() + HOLD_SECONDS
            while not answer.hold() and time.monotonic() < deadline:
                time.sleep(0.02)
            owner.held.append((self.path, answer.hold()))
        owner.record(self.path, answer.status)
        self.send_response(answer.status)
        self.send_header("Content-Type", answer.content_type)
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if isinstance(answer.body, bytes):
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
            return
        # produced as it is sent; the end of the body is the end of the connection
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        try:
            for chunk in answer.body:
                self.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class LoopServer:
    """Serve ``route(path)`` on *host*:ephemeral port; ``requests`` lists (path, status, time)."""

    def __init__(self, route: Callable[[str], Answer | None], host: str = "127.0.0.1") -> None:
        self.route = route
        self.host = host
        self.requests: list[tuple[str, int, float]] = []
        self.held: list[tuple[str, bool]] = []  # (path, whether its condition was met in time)
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self.base_url = ""

    def __enter__(self) -> "LoopServer":
        self._httpd = _Server((self.host, 0), _Handler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.base_url = f"http://{self.host}:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    def record(self, path: str, status: int) -> None:
        with self._lock:
            self.requests.append((path, status, time.monotonic()))

    def paths(self) -> list[str]:
        with self._lock:
            return [unquote(p) for p, _, _ in self.requests]

    def requested(self, path: str) -> bool:
        return unquote(path) in self.paths()


@contextmanager
def serve(site: Any, host: str = "127.0.0.1") -> Iterator[LoopServer]:
    """Serve one of the sites below (``site.route``), telling it its base URL."""
    with LoopServer(site.route, host) as srv:
        site.server = srv
        yield srv


def stored(home: Path, url: str) -> bool:
    """True once *url* has a record in the home's articles.db (read-only peek)."""
    db = home / "articles.db"
    if not db.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return con.execute("SELECT 1 FROM articles WHERE url=?", (url,)).fetchone() is not None
        finally:
            con.close()
    except sqlite3.Error:
        return False


# ---- page templates ------------------------------------------------------------------

def wp_page(site: str, title: str, main: str, *, og_type: str = "website", head: str = "", nav: str = "") -> bytes:
    """A WordPress "Newspaper" (tagDiv) theme page: today's date in a div masthead on
    every page, the sections in a menu, a footer of links."""
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="UTF-8">
<title>{title} - {site}</title>
<meta property="og:type" content="{og_type}"><meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">{head}
</head>
<body class="td-theme">
<div class="td-header-wrap"><div class="td-header-top-menu">
  <div class="td_data_time">{MASTHEAD}</div>
  <ul class="top-header-menu"><li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li></ul>
</div>
<div class="td-header-menu-wrap"><nav class="td-main-menu"><ul><li><a href="/">Home</a></li>{nav}</ul></nav></div></div>
<div class="td-main-content-wrap">{main}</div>
<div class="td-footer-wrap"><p>&copy; 2025 {site}. All rights reserved.</p>
<a href="/privacy/">Privacy</a> <a href="/terms/">Terms</a></div>
</body></html>""".encode()


def wp_article(site: str, title: str, paragraphs: list[str], *, head: str = "", byline: str = "Jane Roe",
               extra: str = "", nav: str = "") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    main = f"""<article class="post type-post"><div class="td-post-header"><h1 class="entry-title">{title}</h1>
<div class="td-module-meta-info"><span class="td-post-author-name">By <a href="/author/{quote(byline.lower().replace(' ', '-'))}/">{byline}</a></span></div></div>
<div class="td-post-content">{body}</div></article>{extra}
<div class="comments"><h3>Leave a Reply</h3><form method="post" action="/wp-comments-post.php">
<textarea name="comment"></textarea><input type="submit" value="Post Comment"></form></div>"""
    return wp_page(site, title, main, og_type="article", head=head, nav=nav)


def news_sitemap(entries: list[tuple[str, str, str]]) -> bytes:
    """A Google News sitemap of (absolute url, ISO date, title)."""
    items = "".join(
        f"<url><loc>{url}</loc><news:news><news:publication><news:name>Test</news:name><news:language>en</news:language>"
        f"</news:publication><news:publication_date>{date}</news:publication_date><news:title>{title}</news:title>"
        f"</news:news></url>"
        for url, date, title in entries
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{items}</urlset>'
    ).encode()


def plain_sitemap(urls: list[str]) -> bytes:
    items = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</urlset>'.encode()


def robots(base: str, *sitemaps: str) -> Answer:
    lines = "User-agent: *\nDisallow: /wp-admin/\n" + "".join(f"Sitemap: {base}{s}\n" for s in sitemaps)
    return Answer(body=lines.encode(), content_type="text/plain")


class LoopSite:
    """A site ``serve`` runs: it sets ``server``, and ``route`` answers paths under ``base``."""

    server: LoopServer | None = None

    @property
    def base(self) -> str:
        """The site's base URL (the site must be served first)."""
        assert self.server is not None, "serve() the site first"
        return self.server.base_url

    def route(self, path: str) -> Answer | None:
        raise NotImplementedError


# ---- the order site: one story, its news sitemap and its home page -------------------

STORY = "/2025/11/harbour-ferry-timetable-cut-as-crew-shortage-bites/"
STORY_TITLE = "Harbour ferry timetable cut as crew shortage bites"
STORY_DATE = "2025-11-10T09:15:00+00:00"
MARKER = "/2025/11/lifeboat-station-opens-its-doors-for-winter-open-day/"
WIRE = "/wire/2025/11/10/ferry-timetable-cut-as-crew-shortage-bites-48213.html"
WIRE_DATE = "2025-11-10T11:15:00+00:00"
STORY_PARAGRAPHS = prose(7, 220)


class OrderSite(LoopSite):
    """A WordPress-style site whose story is dated only by its news sitemap (the
    page shows nothing but the masthead's "today"). ``hold`` decides when the
    sitemap or the story is answered:

    * ``"sitemap-after-store"``: the sitemap waits until the story is in
      ``home``'s articles.db (evidence arrives after the record was stored);
    * ``"sitemap-after-fetch"``: the sitemap waits until the story was requested;
    * ``"story-after-sitemap"``: the story waits until the sitemap was read (the
      crawler asks for ``MARKER``, listed only in the sitemap);
    * anything else: nothing is held.

    ``hold_until`` replaces the sitemap's condition; ``sitemap_missing`` makes it 404;
    ``jsonld_date`` gives the story a Yoast-style JSON-LD ``datePublished`` too.
    """

    name = "Harbour Gazette"

    def __init__(self, hold: str, home: Path) -> None:
        self.hold = hold
        self.home = home
        self.hold_until: Callable[[], bool] | None = None
        self.sitemap_missing = False
        self.jsonld_date: str | None = None

    def _story_page(self, title: str, seed_paragraphs: list[str]) -> bytes:
        head = ""
        if self.jsonld_date and title == STORY_TITLE:
            graph = {"@context": "https://schema.org", "@graph": [
                {"@type": "WebPage", "name": title},
                {"@type": "NewsArticle", "headline": title, "datePublished": self.jsonld_date,
                 "author": {"@type": "Person", "name": "Jane Roe"}},
            ]}
            head = f'<script type="application/ld+json" class="yoast-schema-graph">{json.dumps(graph)}</script>'
        return wp_article(self.name, title, seed_paragraphs, head=head)

    def route(self, path: str) -> Answer | None:
        base = self.base
        if path == "/robots.txt":
            return robots(base, "/news-sitemap.xml")
        if path == "/":
            teaser = f'<div class="td_module_10"><h3 class="entry-title"><a href="{STORY}">{STORY_TITLE}</a></h3></div>'
            return Answer(body=wp_page(self.name, "Home", f"<div class='td-big-grid'>{teaser}</div>"))
        if path == "/news-sitemap.xml" and not self.sitemap_missing:
            body = news_sitemap([(base + STORY, STORY_DATE, STORY_TITLE),
                                 (base + MARKER, "2025-11-09T08:00:00+00:00", "Lifeboat station opens its doors")])
            hold = None
            if self.hold == "sitemap-after-store":
                hold = self.hold_until or (lambda: stored(self.home, base + STORY))  # noqa: E731
            elif self.hold == "sitemap-after-fetch":
                hold = lambda: self.server.requested(STORY)  # noqa: E731
            return Answer(body=body, content_type=XML, hold=hold)
        if path == STORY:
            hold = (lambda: self.server.requested(MARKER)) if self.hold == "story-after-sitemap" else None  # noqa: E731
            return Answer(body=self._story_page(STORY_TITLE, STORY_PARAGRAPHS), hold=hold)
        if path == MARKER:
            return Answer(body=self._story_page("Lifeboat station opens its doors for winter open day", prose(8, 200)))
        return None


class WireSite(LoopSite):
    """A second site carrying the story as a wire copy two hours later, well dated."""

    name = "Valley Wire"

    def route(self, path: str) -> Answer | None:
        base = self.base
        if path == "/robots.txt":
            return robots(base, "/sitemap.xml")
        if path == "/sitemap.xml":
            return Answer(body=news_sitemap([(base + WIRE, WIRE_DATE, "Ferry timetable cut as crew shortage bites")]),
                          content_type=XML)
        if path == "/":
            return Answer(body=wp_page(self.name, "Home", "<p>Latest from the wire.</p>"))
        if path == WIRE:
            head = f'<meta property="article:published_time" content="{WIRE_DATE}">'
            return Answer(body=wp_article(self.name, "Ferry timetable cut as crew shortage bites", STORY_PARAGRAPHS,
                                          head=head, byline="Staff Reporter (Wire)"))
        return None


# ---- the shapes site: URLs of every shape --------------------------------------------

SHAPES = {
    "/archive/bin-strike/": "Bin strike ends after nine weeks of talks",
    "/news/articles/c8x2k4m9q1zo": "Council approves new harbour wall after storm damage",
    "/новости/пожар-в-порту/": "Fire in the port warehouse is put out overnight",
    "/ειδήσεις/σεισμός/": "Small earthquake felt along the coast overnight",
    "/新闻/渡轮停运/": "Ferry services suspended as winds reach gale force",
    "/de-Tagesschau_2023_04_28": "Regional news programme marks its anniversary",
}
#: Linked only from a headline on the home page (not in the sitemap), short and opaque.
HEADLINE_ONLY = {
    "/p/9f3k2": "Lighthouse keeper's diary found in attic after a century",
    "/story/ferry": "Island ferry returns to service after long repairs",
}
#: Linked from the home page's "more" box like a section, but an article.
ARTICLE_LIKE_SECTION = "/local/regatta"
BEHIND_ARTICLE = "/local/regatta-results-archive/"


class ShapesSite(LoopSite):
    """A site whose stories have short, opaque, non-Latin and underscored URLs."""

    name = "Shapes Daily"

    def article_paths(self) -> list[str]:
        return [*SHAPES, *HEADLINE_ONLY, ARTICLE_LIKE_SECTION]

    def route(self, path: str) -> Answer | None:
        base = self.base
        path = unquote(path)
        if path == "/robots.txt":
            return robots(base, "/sitemap.xml")
        if path == "/sitemap.xml":
            return Answer(body=plain_sitemap([base + quote(p) for p in SHAPES] + [base + "/"]), content_type=XML)
        if path == "/":
            teasers = "".join(
                f'<article class="teaser"><h3><a href="{quote(p)}">{t}</a></h3></article>' for p, t in HEADLINE_ONLY.items()
            )
            more = f'<div class="more"><ul><li><a href="{ARTICLE_LIKE_SECTION}">Regatta</a></li></ul></div>'
            nav = '<li><a href="/local/">Local</a></li>'
            return Answer(body=wp_page(self.name, "Home", teasers + more, nav=nav))
        if path == "/local/":
            return Answer(body=wp_page(self.name, "Local", "<h1>Local</h1><p>Nothing new today.</p>"))
        titles = {**SHAPES, **HEADLINE_ONLY, ARTICLE_LIKE_SECTION: "Regatta draws record crowd to the harbour"}
        if path in titles:
            seed = sum(map(ord, path))
            extra = f'<div class="td-related"><a href="{BEHIND_ARTICLE}">Past results</a></div>' if path == ARTICLE_LIKE_SECTION else ""
            return Answer(body=wp_article(self.name, titles[path], prose(seed, 200), extra=extra))
        if path == BEHIND_ARTICLE:
            return Answer(body=wp_page(self.name, "Results", "<p>Results archive.</p>"))
        return None


# ---- the canonical site: pages whose canonical URL fails -----------------------------

class CanonicalSite(LoopSite):
    """Two stories reached by AMP-style URLs whose same-site canonical answers 404 / 500."""

    name = "Canonical Courier"
    pages = {
        "/amp/pier-reopens-after-two-years-of-repairs/": ("/news/pier-reopens-after-two-years-of-repairs/", 404),
        "/amp/town-hall-clock-stops-after-storm-strike/": ("/news/town-hall-clock-stops-after-storm-strike/", 500),
    }

    def route(self, path: str) -> Answer | None:
        base = self.base
        if path == "/robots.txt":
            return robots(base, "/sitemap.xml")
        if path == "/sitemap.xml":
            return Answer(body=plain_sitemap([base + p for p in self.pages]), content_type=XML)
        if path == "/":
            return Answer(body=wp_page(self.name, "Home", "<p>Welcome.</p>"))
        if path in self.pages:
            target, _ = self.pages[path]
            title = path.strip("/").split("/")[-1].replace("-", " ").capitalize()
            head = f'<link rel="canonical" href="{base}{target}">'
            return Answer(body=wp_article(self.name, title, prose(len(path), 200), head=head))
        for target, status in self.pages.values():
            if path == target:
                return Answer(status, b"<html><body><h1>Error</h1></body></html>")
        return None


# ---- the big site: hundreds of listings around fifty articles ------------------------

class BigSite(LoopSite):
    """30 sections and 400 tag pages linked from the home page, every one paginated
    ``?page=2`` to ``?page=29`` (each page links every other page of its listing)
    and cross-linking tags; fifty articles. No sitemap, no feed: only fronts."""

    name = "Big Listing Times"
    sections = [f"section-{i:02d}" for i in range(30)]
    tags = [f"topic{i:03d}" for i in range(400)]
    pages_per_listing = 29

    def __init__(self, articles: int = 50) -> None:
        start = datetime(2025, 11, 15, 8, 0, tzinfo=timezone.utc)
        self.articles = []
        for i in range(articles):
            day = start - timedelta(hours=7 * i)
            slug = "-".join(random.Random(i).sample(WORDS, 5))
            path = f"/news/{day:%Y/%m/%d}/{slug}-{i}/"
            self.articles.append((path, slug.replace("-", " ").capitalize(), self.sections[i % 30], self.tags[(i * 7) % 400]))

    def _listing(self, heading: str, base_path: str, page: int, stories: list[tuple[str, str, str, str]], seed: int) -> bytes:
        teasers = "".join(f'<article class="teaser"><h3><a href="{p}">{t}</a></h3></article>' for p, t, _, _ in stories)
        pager = " ".join(f'<a href="{base_path}?page={n}">{n}</a>' for n in range(2, self.pages_per_listing + 1) if n != page)
        rng = random.Random(seed)
        cloud = " ".join(f'<a href="/tag/{t}/">{t}</a>' for t in rng.sample(self.tags, 15))
        main = f"<h1>{heading}</h1>{teasers}<nav class='pagination'>{pager}</nav><div class='tag-cloud'>{cloud}</div>"
        return wp_page(self.name, heading, main, nav=self._nav())

    def _nav(self) -> str:
        return "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in self.sections)

    def route(self, path: str) -> Answer | None:
        parts = urlsplit(path)
        page = int(parts.query.split("=", 1)[1]) if parts.query.startswith("page=") and parts.query[5:].isdigit() else 1
        if page > self.pages_per_listing:
            return None
        p = parts.path
        if p == "/robots.txt" and not parts.query:
            return Answer(body=b"User-agent: *\nDisallow: /wp-admin/\n", content_type="text/plain")
        if p == "/":
            newest = "".join(f'<article class="teaser"><h3><a href="{a[0]}">{a[1]}</a></h3></article>' for a in self.articles[:10])
            cloud = " ".join(f'<a href="/tag/{t}/">{t}</a>' for t in self.tags)
            return Answer(body=wp_page(self.name, "Home", f"{newest}<div class='tag-cloud'>{cloud}</div>", nav=self._nav()))
        for section in self.sections:
            if p == f"/{section}/":
                stories = [a for a in self.articles if a[2] == section] if page == 1 else []
                return Answer(body=self._listing(section.title(), p, page, stories, hash((section, page)) & 0xFFFF))
        if p.startswith("/tag/"):
            tag = p.split("/")[2]
            if tag in self.tags:
                stories = [a for a in self.articles if a[3] == tag] if page == 1 else []
                return Answer(body=self._listing(f"Tag: {tag}", p, page, stories, hash((tag, page)) & 0xFFFF))
        for path_, title, section, tag in self.articles:
            if p == path_:
                return Answer(body=wp_article(self.name, title, prose(len(path_) * 31 + ord(path_[-3]), 200), nav=self._nav()))
        return None


# ---- hostile sites ------------------------------------------------------------------

def _index(base: str, prefix: str, children: int) -> bytes:
    items = "".join(f"<sitemap><loc>{base}{prefix}-{i}.xml</loc></sitemap>" for i in range(children))
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'.encode()


class HostileSite(LoopSite):
    """A site that attacks the crawler's fan-out; *kind* is one of:

    * ``"endless-index"``: every sitemap is an index of 50 more, forever;
    * ``"huge-sitemap"``: one gzipped sitemap of ``urls`` article URLs (a million:
      about 3 MB gzipped, 60 MB unzipped);
    * ``"huge-home"``: a home page of ``links`` article links (400,000: about 19 MB,
      produced as it is sent).

    Three real articles are listed in a small news sitemap next to the attack.
    """

    name = "Hostile Herald"
    real = [f"/2025/11/1{i}/real-story-number-{i}-for-the-hostile-herald/" for i in range(3)]
    _gz_cache: dict[str, bytes] = {}

    def __init__(self, kind: str, urls: int = 1_000_000, links: int = 400_000) -> None:
        self.kind = kind
        self.urls = urls
        self.links = links

    def route(self, path: str) -> Answer | None:
        base = self.base
        if path == "/robots.txt":
            return robots(base, "/news-sitemap.xml", "/attack.xml" if self.kind != "huge-sitemap" else "/attack.xml.gz")
        if path == "/news-sitemap.xml":
            return Answer(body=news_sitemap([(base + p, f"2025-11-1{i}T08:00:00+00:00", f"Real story {i}")
                                             for i, p in enumerate(self.real)]), content_type=XML)
        if self.kind == "endless-index" and path.startswith("/attack") and path.endswith(".xml"):
            return Answer(body=_index(base, path[:-4], 50), content_type=XML)
        if self.kind == "huge-sitemap" and path == "/attack.xml.gz":
            return Answer(body=self._huge_with_base(base), content_type="application/x-gzip")
        if path == "/":
            if self.kind == "huge-home":
                return Answer(body=self._huge_home())
            return Answer(body=wp_page(self.name, "Home", "<p>Welcome.</p>"))
        if path in self.real:
            return Answer(body=wp_article(self.name, f"Real story {self.real.index(path)}", prose(len(path) + self.real.index(path), 200)))
        return None  # the filler stories do not exist

    def _huge_with_base(self, base: str) -> bytes:
        key = f"{base} {self.urls}"
        if key not in self._gz_cache:
            urls = "".join(f"<url><loc>{base}/2024/01/01/filler-story-{i:07d}/</loc></url>" for i in range(self.urls))
            raw = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' + urls + "</urlset>"
            self._gz_cache.clear()
            self._gz_cache[key] = gzip.compress(raw.encode(), compresslevel=6)
        return self._gz_cache[key]

    def _huge_home(self) -> Iterator[bytes]:
        yield b"<!DOCTYPE html><html><head><title>Home</title><meta property='og:type' content='website'></head><body>"
        for block in range(self.links // 1000):
            yield "".join(
                f'<a href="/2024/02/02/linked-story-number-{block * 1000 + i:07d}/">s</a>\n' for i in range(1000)
            ).encode()
        yield b"</body></html>"
