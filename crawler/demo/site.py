"""Two small news sites served on loopback for ``newsearch demo``.

* The Riverside Courier: semantic HTML5, a masthead with today's date in its
  ``<header>`` (not the publication date), robots.txt naming a sitemap index
  and a Google News sitemap, dated article URLs, JSON-LD.
* The Northgate Gazette: an older div-based layout, an RSS feed linked from the
  home page, opaque article URLs, today's date in a ``div`` above the story, and
  a wire copy of the Courier's Iraq returns story published later that day.

Pages are built once per run from ``stories.py``; the server is the standard
library's, bound to 127.0.0.1 on a free port, in a daemon thread.
"""
from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .stories import NORTHGATE, RIVERSIDE, Story

HTML = "text/html; charset=utf-8"
esc = html.escape


@dataclass
class DemoSite:
    """One site: its name, its pages (path -> (content type, body)) once served."""

    name: str
    stories: tuple[Story, ...]
    now: datetime
    base_url: str = ""
    pages: dict[str, tuple[str, bytes]] = field(default_factory=dict)

    def published(self, story: Story) -> datetime:
        day = (self.now - timedelta(days=story.days_ago)).date()
        return datetime(day.year, day.month, day.day, story.hour, 0, tzinfo=timezone.utc)

    def newest(self) -> list[Story]:
        return sorted(self.stories, key=self.published, reverse=True)


def _long(dt: datetime) -> str:
    return f"{dt:%A} {dt.day} {dt:%B %Y}"


# ---- The Riverside Courier ----------------------------------------------------------------------
class Courier(DemoSite):
    def path(self, s: Story) -> str:
        return f"/{s.section}/{self.published(s):%Y/%m/%d}/{s.slug}/"

    def layout(self, title: str, main: str, head: str = "") -> str:
        sections = sorted({s.section for s in self.stories})
        nav = "".join(f'<li><a href="/{x}/">{x.title()}</a></li>' for x in sections)
        most_read = "".join(f'<li><a href="{self.path(s)}">{esc(s.title)}</a></li>' for s in self.newest()[:4])
        return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="og:site_name" content="{esc(self.name)}">
{head}
</head>
<body>
<header class="masthead">
  <p class="masthead-date">{_long(self.now)}</p>
  <p class="brand"><a href="/">{esc(self.name)}</a></p>
  <nav><ul>{nav}<li><a href="/about/">About us</a></li></ul></nav>
  <form class="search" action="/search"><input name="q" placeholder="Search"></form>
</header>
<main>
{main}
</main>
<aside class="sidebar">
  <h2>Most read</h2><ol>{most_read}</ol>
  <div class="advert">Advertisement: Riverside Motors, servicing from £99</div>
</aside>
<footer>
  <p>&copy; {self.now.year} {esc(self.name)}, 12 Quay Street. <a href="/about/">About</a> ·
  <a href="/privacy/">Privacy</a> · <a href="/contact/">Contact</a></p>
</footer>
</body>
</html>
"""

    def article(self, s: Story) -> str:
        pub = self.published(s)
        ld = json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": s.title,
            "datePublished": pub.isoformat(), "author": {"@type": "Person", "name": s.author},
            "publisher": {"@type": "Organization", "name": self.name}, "articleSection": s.section.title(),
            "keywords": ", ".join(s.tags),
        })
        head = (
            f'<link rel="canonical" href="{self.base_url}{self.path(s)}">\n'
            f'<meta property="og:title" content="{esc(s.title)}">\n'
            f'<meta property="og:description" content="{esc(s.paragraphs[0][:160])}">\n'
            f'<script type="application/ld+json">{ld}</script>'
        )
        body = "\n".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)
        related = "".join([f'<li><a href="{self.path(o)}">{esc(o.title)}</a></li>' for o in self.newest() if o is not s][:3])
        main = f"""<article class="story">
  <p class="kicker"><a href="/{s.section}/">{s.section.title()}</a></p>
  <h1>{esc(s.title)}</h1>
  <p class="byline">By {esc(s.author)} · <time datetime="{pub.isoformat()}">{pub.day} {pub:%B %Y}, {pub:%H:%M} GMT</time></p>
  <div class="story-body">
{body}
  </div>
  <ul class="tags">{"".join(f"<li>{esc(t)}</li>" for t in s.tags)}</ul>
</article>
<section class="related"><h2>More from the Courier</h2><ul>{related}</ul></section>
<section class="comments"><h2>Comments</h2>
  <form action="/comments/post" method="post"><p>Comments are moderated. Please keep it civil.</p>
  <textarea name="comment" rows="5" cols="50"></textarea><button>Post comment</button></form>
</section>"""
        return self.layout(f"{s.title} | {self.name}", main, head)

    def front(self, stories: list[Story], heading: str) -> str:
        teasers = "\n".join(
            f'<div class="teaser"><h3><a href="{self.path(s)}">{esc(s.title)}</a></h3><p>{esc(s.paragraphs[0][:140])}…</p></div>'
            for s in stories
        )
        return self.layout(f"{heading} | {self.name}", f"<h1>{esc(heading)}</h1>\n{teasers}")

    def build(self) -> None:
        pages: dict[str, tuple[str, str]] = {
            "/": (HTML, self.front(self.newest(), "Top stories")),
            "/about/": (HTML, self.layout(f"About | {self.name}", "<h1>About us</h1><p>The Courier has served the riverside since 1872.</p>")),
            "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /search\nDisallow: /comments/\n\nSitemap: /sitemap_index.xml\n"),
        }
        for section in sorted({s.section for s in self.stories}):
            pages[f"/{section}/"] = (HTML, self.front([s for s in self.newest() if s.section == section], section.title()))
        for s in self.stories:
            pages[self.path(s)] = (HTML, self.article(s))
        entries = "\n".join(
            f"""  <url><loc>{self.base_url}{self.path(s)}</loc>
    <news:news><news:publication><news:name>{xml_escape(self.name)}</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>{self.published(s).isoformat()}</news:publication_date>
      <news:title>{xml_escape(s.title)}</news:title></news:news></url>"""
            for s in self.newest()
        )
        pages["/news-sitemap.xml"] = ("application/xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{entries}
</urlset>
""")
        pages["/sitemap_index.xml"] = ("application/xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{self.base_url}/news-sitemap.xml</loc></sitemap>
</sitemapindex>
""")
        pages["/robots.txt"] = ("text/plain", pages["/robots.txt"][1].replace("Sitemap: /", f"Sitemap: {self.base_url}/"))
        self.pages = {p: (t, b.encode("utf-8")) for p, (t, b) in pages.items()}


# ---- The Northgate Gazette ----------------------------------------------------------------------
class Gazette(DemoSite):
    def path(self, s: Story) -> str:
        return f"/{s.section}/{s.slug}.html"

    def layout(self, title: str, main: str, head: str = "") -> str:
        return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}</title>
<link rel="alternate" type="application/rss+xml" title="Latest news" href="{self.base_url}/feed.xml">
{head}
</head>
<body>
<div id="top">
  <div class="date-today">{_long(self.now)}</div>
  <div class="logo"><a href="/">{esc(self.name)}</a></div>
  <div class="menu"><a href="/">Home</a> | <a href="/news/">News</a> | <a href="/business/">Business</a> | <a href="/contact.html">Contact</a></div>
</div>
<div id="content">
{main}
</div>
<div id="right">
  <div class="box"><b>Weather</b><br>Showers, 9°C</div>
  <div class="box"><b>Letters</b><br><a href="/letters.html">Write to the editor</a></div>
</div>
<div id="foot">{esc(self.name)} · Northgate Media Ltd · All rights reserved</div>
</body>
</html>
"""

    def article(self, s: Story) -> str:
        pub = self.published(s)
        body = "\n".join(f"<p>{esc(p)}</p>" for p in s.paragraphs)
        main = f"""<div class="article">
<div class="headline"><h1>{esc(s.title)}</h1></div>
<div class="byline">{esc(s.author)}</div>
<div class="dateline">Published {pub.day} {pub:%B %Y} {pub:%H:%M}</div>
<div class="text">
{body}
</div>
<div class="share">Share: <a href="https://social.example.invalid/share">Post</a></div>
</div>"""
        head = (f'<meta name="description" content="{esc(s.paragraphs[0][:150])}">\n'
                f'<meta property="article:published_time" content="{pub.isoformat()}">')
        return self.layout(f"{s.title} - {self.name}", main, head)

    def build(self) -> None:
        links = "".join(f'<li><a href="{self.path(s)}">{esc(s.title)}</a></li>' for s in self.newest())
        pages: dict[str, tuple[str, str]] = {
            "/": (HTML, self.layout(self.name, f"<h2>Latest</h2><ul>{links}</ul>")),
            "/robots.txt": ("text/plain", "User-agent: *\nDisallow: /admin/\n"),
            "/contact.html": (HTML, self.layout("Contact", "<h1>Contact</h1><p>newsdesk@northgate.example.invalid</p>")),
            "/letters.html": (HTML, self.layout("Letters", "<h1>Letters to the editor</h1><p>Write to letters@northgate.example.invalid.</p>")),
        }
        for section in sorted({s.section for s in self.stories}):
            listed = "".join(f'<li><a href="{self.path(s)}">{esc(s.title)}</a></li>' for s in self.newest() if s.section == section)
            pages[f"/{section}/"] = (HTML, self.layout(f"{section.title()} - {self.name}", f"<h2>{section.title()}</h2><ul>{listed}</ul>"))
        for s in self.stories:
            pages[self.path(s)] = (HTML, self.article(s))
        items = "\n".join(
            f"""<item><title>{xml_escape(s.title)}</title><link>{self.base_url}{self.path(s)}</link>
<guid>{self.base_url}{self.path(s)}</guid><pubDate>{format_datetime(self.published(s), usegmt=True)}</pubDate>
<description>{xml_escape(s.paragraphs[0][:150])}</description></item>"""
            for s in self.newest()
        )
        pages["/feed.xml"] = ("application/rss+xml", f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>{xml_escape(self.name)}</title><link>{self.base_url}/</link>
<description>Latest news from Northgate</description>
{items}
</channel></rss>
""")
        self.pages = {p: (t, b.encode("utf-8")) for p, (t, b) in pages.items()}


# ---- serving ----------------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "demo"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:
        site: DemoSite = self.server.site  # type: ignore[attr-defined]
        found = site.pages.get(self.path.split("?")[0])
        status, (ctype, body) = (200, found) if found else (404, (HTML, b"<html><body><h1>Page not found</h1></body></html>"))
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True


class DemoServer:
    """Serve the two demo sites on 127.0.0.1 (free ports) while in a ``with`` block."""

    def __init__(self, now: datetime | None = None) -> None:
        now = now or datetime.now(timezone.utc)
        self.sites: list[DemoSite] = [Courier("The Riverside Courier", RIVERSIDE, now), Gazette("The Northgate Gazette", NORTHGATE, now)]
        self._servers: list[_Server] = []

    def __enter__(self) -> "DemoServer":
        for site in self.sites:
            server = _Server(("127.0.0.1", 0), _Handler)
            server.site = site  # type: ignore[attr-defined]
            site.base_url = f"http://127.0.0.1:{server.server_address[1]}"
            site.build()
            threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
            self._servers.append(server)
        return self

    def __exit__(self, *exc: object) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        self._servers.clear()
