"""A loopback news site for benchmarks, built at run time from a folder of real pages.

    python benchmarks/site.py                       # build 3,000 articles, measure how fast it serves
    python benchmarks/site.py --serve 600           # ... and serve it for up to 600 s (Ctrl-C stops)
    python benchmarks/site.py --quick               # 20 articles, 1 s load test (the smoke test)

The pages come from ``--corpus`` (default ``../shared/corpus`` beside the repo; any
folder of ``*.html``/``*.html.gz`` pages works) and are read into memory, never
copied into the repository. The site has what newsearch looks for on a news site:

- ``/robots.txt`` with a ``Sitemap:`` line naming a sitemap index;
- ``/sitemaps/news-index.xml`` -> ``/sitemaps/news-K.xml``: Google News sitemaps
  (1,000 URLs each, newest first, with publication date, title and keywords);
- ``/`` the home page: the newest 40 stories, the section links, ``<link rel=alternate>``
  to the RSS feed; ``/rss.xml``: the newest 50 stories;
- ``/SECTION/`` and ``/SECTION/page/N/``: section fronts, 40 stories a page;
- N article pages ``/SECTION/YYYY/MM/DD/slug-I.html``. Article I is corpus page
  ``I % P`` (P pages) with its ``<link rel=canonical>`` and ``og:url`` rewritten
  to its own URL, its ``amphtml`` link and ``<base>`` removed, and ``[I] `` put
  before its ``<title>`` and ``og:title``, so each URL counts as its own article
  and nothing leads off the site. Copies of one page keep the same text, so
  newsearch links them as copies of one story (``duplicate_of``) but stores each.

Listings carry ETag and Last-Modified and answer ``If-None-Match`` with 304;
bodies are sent as they are (no gzip). The server is a ThreadingHTTPServer
(HTTP/1.1 keep-alive) on 127.0.0.1 and counts every request it answers.
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable
from xml.sax.saxutils import escape as xml_escape

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import DEFAULT_CORPUS, guarded_env, say, table  # noqa: E402

SECTIONS = ("world", "politics", "business", "science", "sport", "culture")
PER_FRONT = 40
PER_SITEMAP = 1000
FEED_ITEMS = 50
SITE_NAME = "Bench Daily"

_MARK = b"\x01"  # splits a template into literal bytes and the names of the holes
_HEAD_END = re.compile(rb"</head\s*>", re.I)
_HEAD_OPEN = re.compile(rb"<head(?:\s[^>]*)?>", re.I)
_HTML_OPEN = re.compile(rb"<html(?:\s[^>]*)?>", re.I)
_LINK_LEAVING = re.compile(rb"<link\b[^>]*?\brel\s*=\s*[\"']?[^\"'>]*\b(?:canonical|amphtml)\b[^>]*>", re.I)
_META_URL = re.compile(rb"<meta\b[^>]*?(?:property|name)\s*=\s*[\"']?(?:og:url|twitter:url)\b[^>]*>", re.I)
_BASE = re.compile(rb"<base\b[^>]*>", re.I)
_TITLE_OPEN = re.compile(rb"<title(?:\s[^>]*)?>", re.I)
_OG_TITLE = re.compile(rb"<meta\b[^>]*?(?:property|name)\s*=\s*[\"']?og:title\b[^>]*>", re.I)
_CONTENT_ATTR = re.compile(rb"\bcontent\s*=\s*([\"'])", re.I)
_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_LANG = re.compile(rb"<html[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_TITLE_TEXT = re.compile(rb"<title(?:\s[^>]*)?>(.*?)</title\s*>", re.I | re.S)
_OG_TITLE_TEXT = re.compile(rb"content\s*=\s*([\"'])(.*?)\1", re.I | re.S)


# ---- the pages ------------------------------------------------------------------------------
@dataclass
class Template:
    """One corpus page, cut where the article's URL and its number go."""

    name: str
    parts: list[bytes]  # even: literal bytes; odd: b"URL" or b"ID"
    charset: str | None
    lang: str | None
    title: str

    def render(self, url: str, ident: str) -> bytes:
        values = {b"URL": html.escape(url).encode("ascii"), b"ID": ident.encode("ascii")}
        parts = self.parts[:]
        for i in range(1, len(parts), 2):
            parts[i] = values[parts[i]]
        return b"".join(parts)


def _page_title(raw: bytes, charset: str | None, known: str | None) -> str:
    if known:
        return " ".join(known.split())
    head_end = _HEAD_END.search(raw)
    head = raw[: head_end.start()] if head_end else raw[:200_000]
    found = b""
    og = _OG_TITLE.search(raw)
    if og:
        m = _OG_TITLE_TEXT.search(og.group(0))
        found = m.group(2) if m else b""
    if not found.strip():
        m = _TITLE_TEXT.search(head)
        found = m.group(1) if m else b""
    try:
        text = found.decode(charset or "utf-8", "replace")
    except LookupError:
        text = found.decode("utf-8", "replace")
    return " ".join(html.unescape(text).split())[:200] or "Untitled story"


def make_template(name: str, raw: bytes, known_title: str | None = None) -> Template:
    """Cut a real page so each rendering has its own canonical URL and title."""
    m = _CHARSET.search(raw[:8192])
    charset = m.group(1).decode("ascii").lower() if m else None
    m = _LANG.search(raw[:20000])
    lang = m.group(1).decode("ascii").lower() if m else None
    title = _page_title(raw, charset, known_title)
    raw = raw.replace(_MARK, b" ")
    # nothing on the page may name another URL as its own
    raw = _LINK_LEAVING.sub(b"", raw)
    raw = _META_URL.sub(b"", raw)
    raw = _BASE.sub(b"", raw)
    hole = b"[" + _MARK + b"ID" + _MARK + b"] "
    # "[ID] " before the content of every og:title and the text of the head's <title>
    def _og(m: re.Match[bytes]) -> bytes:
        tag = m.group(0)
        c = _CONTENT_ATTR.search(tag)
        return tag[: c.end()] + hole + tag[c.end():] if c else tag

    raw = _OG_TITLE.sub(_og, raw)
    head_end = _HEAD_END.search(raw)
    limit = head_end.start() if head_end else len(raw)
    ours = b'<link rel="canonical" href="' + _MARK + b"URL" + _MARK + b'">' \
           b'<meta property="og:url" content="' + _MARK + b"URL" + _MARK + b'">'
    t = _TITLE_OPEN.search(raw, 0, limit)
    if t:
        raw = raw[: t.end()] + hole + raw[t.end():]
    else:
        ours += b"<title>" + hole + html.escape(title).encode("ascii", "xmlcharrefreplace") + b"</title>"
    h = _HEAD_OPEN.search(raw)
    if h:
        raw = raw[: h.end()] + ours + raw[h.end():]
    else:
        h = _HTML_OPEN.search(raw)
        at = h.end() if h else 0
        raw = raw[:at] + b"<head>" + ours + b"</head>" + raw[at:]
    return Template(name, raw.split(_MARK), charset, lang, title)


def load_corpus(folder: Path, limit: int | None = None) -> list[Template]:
    """Every ``*.html``/``*.htm``/``*.html.gz`` under *folder*, sorted by path, as templates.
    Titles come from any ``*.jsonl`` ground truth with ``file`` and ``title`` keys."""
    folder = Path(folder)
    if not folder.is_dir():
        raise SystemExit(f"no corpus folder at {folder} (pass --corpus PATH)")
    titles: dict[str, str] = {}
    for gt in folder.rglob("*.jsonl"):
        try:
            for line in gt.open(encoding="utf-8"):
                row = json.loads(line)
                if row.get("file") and row.get("title"):
                    titles[str((gt.parent / row["file"]).resolve())] = row["title"]
        except (OSError, ValueError, AttributeError):
            continue
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.name.lower().endswith((".html", ".htm", ".html.gz", ".htm.gz")))
    if limit:
        files = files[:limit]
    out = []
    for p in files:
        raw = p.read_bytes()
        if p.name.endswith(".gz"):
            raw = gzip.decompress(raw)
        out.append(make_template(str(p.relative_to(folder)), raw, titles.get(str(p.resolve()))))
    if not out:
        raise SystemExit(f"no pages (*.html, *.html.gz) under {folder}")
    return out


def slugify(title: str, ident: int) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower().encode("ascii", "ignore").decode())
    words = [w for w in words if not w.isdigit()][:8]
    return "-".join(words + [str(ident)]) if len(words) >= 2 else f"story-{ident}"


@dataclass
class Story:
    ident: int
    template: int
    section: str
    date: datetime
    path: str
    title: str


class BenchSite:
    """The pages of the benchmark site; ``answer(path, etag)`` serves one."""

    def __init__(self, templates: list[Template], articles: int = 3000, seed: int = 1, now: datetime | None = None) -> None:
        self.templates = templates
        self.base_url = ""
        now = (now or datetime.now(timezone.utc)).replace(microsecond=0)
        self.built = now
        rng = random.Random(seed)
        stories = []
        for i in range(articles):
            t = i % len(templates)
            when = now - timedelta(seconds=rng.randrange(60 * 86400))
            section = SECTIONS[i % len(SECTIONS)]
            title = f"[{i}] {templates[t].title}"
            path = f"/{section}/{when:%Y/%m/%d}/{slugify(templates[t].title, i)}.html"
            stories.append(Story(i, t, section, when, path, title))
        stories.sort(key=lambda s: (s.date, s.ident), reverse=True)  # newest first
        self.stories = stories
        self.by_path = {s.path: s for s in stories}
        self._listings: dict[str, tuple[bytes, str]] = {}
        self._lock = threading.Lock()

    # -- public helpers ---------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def article_urls(self) -> list[str]:
        return [self.url(s.path) for s in self.stories]

    def article_body(self, story: Story) -> bytes:
        return self.templates[story.template].render(self.url(story.path), str(story.ident))

    # -- listings (built once, cached) --------------------------------------------------
    def _listing(self, path: str) -> tuple[bytes, str] | None:
        with self._lock:
            if path in self._listings:
                return self._listings[path]
        built = self._build_listing(path)
        if built is None:
            return None
        body, ctype = built
        with self._lock:
            self._listings[path] = (body, ctype)
        return body, ctype

    def _build_listing(self, path: str) -> tuple[bytes, str] | None:
        if path == "/robots.txt":
            text = f"User-agent: *\nAllow: /\n\nSitemap: {self.url('/sitemaps/news-index.xml')}\n"
            return text.encode(), "text/plain; charset=utf-8"
        if path == "/":
            return self._front(None, 1), "text/html; charset=utf-8"
        if path == "/rss.xml":
            return self._rss(), "application/rss+xml; charset=utf-8"
        if path == "/sitemaps/news-index.xml":
            return self._sitemap_index(), "application/xml; charset=utf-8"
        m = re.fullmatch(r"/sitemaps/news-(\d+)\.xml", path)
        if m:
            return self._news_sitemap(int(m.group(1))), "application/xml; charset=utf-8"
        m = re.fullmatch(r"/([a-z]+)/(?:page/(\d+)/)?", path)
        if m and m.group(1) in SECTIONS:
            number = int(m.group(2) or 1)
            if (number - 1) * PER_FRONT < len(self._in_section(m.group(1))) or number == 1:
                return self._front(m.group(1), number), "text/html; charset=utf-8"
        return None

    def _in_section(self, section: str) -> list[Story]:
        return [s for s in self.stories if s.section == section]

    def _front(self, section: str | None, number: int) -> bytes:
        pool = self.stories if section is None else self._in_section(section)
        chunk = pool[(number - 1) * PER_FRONT : number * PER_FRONT]
        nav = "".join(f'<li><a href="/{s}/">{s.title()}</a></li>' for s in SECTIONS)
        items = "".join(
            f'<article class="teaser"><h3><a href="{s.path}">{html.escape(s.title)}</a></h3>'
            f'<time datetime="{s.date.isoformat()}">{s.date:%d %b %Y}</time></article>'
            for s in chunk
        )
        more = ""
        if section is not None and number * PER_FRONT < len(pool):
            more = f'<a class="next" rel="next" href="/{section}/page/{number + 1}/">Older stories</a>'
        heading = SITE_NAME if section is None else f"{section.title()} – page {number}"
        return (
            "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{heading}</title>"
            f'<link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/rss.xml">'
            '<meta property="og:type" content="website">'
            f'<meta property="og:site_name" content="{SITE_NAME}"></head><body>'
            f'<header><a href="/">{SITE_NAME}</a><nav><ul>{nav}</ul></nav></header>'
            f"<main><h1>{heading}</h1>{items}{more}</main>"
            '<footer><a href="/about/">About</a> <a href="/contact/">Contact</a> '
            '<a href="/privacy/">Privacy</a></footer></body></html>'
        ).encode("utf-8")

    def _rss(self) -> bytes:
        items = "".join(
            f"<item><title>{xml_escape(s.title)}</title><link>{xml_escape(self.url(s.path))}</link>"
            f"<guid>{xml_escape(self.url(s.path))}</guid><pubDate>{format_datetime(s.date)}</pubDate>"
            f"<category>{s.section}</category></item>"
            for s in self.stories[:FEED_ITEMS]
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{SITE_NAME}</title><link>{self.url('/')}</link><description>All stories</description>"
            f"{items}</channel></rss>"
        ).encode("utf-8")

    def _sitemap_count(self) -> int:
        return max(1, -(-len(self.stories) // PER_SITEMAP))

    def _sitemap_index(self) -> bytes:
        entries = "".join(
            f"<sitemap><loc>{self.url(f'/sitemaps/news-{k}.xml')}</loc><lastmod>{self.built.isoformat()}</lastmod></sitemap>"
            for k in range(1, self._sitemap_count() + 1)
        )
        return ('<?xml version="1.0" encoding="UTF-8"?>'
                f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>').encode()

    def _news_sitemap(self, k: int) -> bytes | None:
        chunk = self.stories[(k - 1) * PER_SITEMAP : k * PER_SITEMAP]
        if not chunk or k < 1:
            return None
        urls = "".join(
            f"<url><loc>{xml_escape(self.url(s.path))}</loc><news:news><news:publication>"
            f"<news:name>{SITE_NAME}</news:name><news:language>{self.templates[s.template].lang or 'en'}</news:language>"
            f"</news:publication><news:publication_date>{s.date.isoformat().replace('+00:00', 'Z')}</news:publication_date>"
            f"<news:title>{xml_escape(s.title)}</news:title><news:keywords>{s.section}</news:keywords></news:news></url>"
            for s in chunk
        )
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>').encode("utf-8")

    def etag(self, path: str) -> str:
        return '"' + hashlib.blake2b(f"{self.built.isoformat()} {path}".encode(), digest_size=8).hexdigest() + '"'

    def answer(self, path: str) -> tuple[int, dict[str, str], bytes, str]:
        """(status, headers, body, kind) for a GET of *path* (query ignored)."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        story = self.by_path.get(path)
        if story is not None:
            tmpl = self.templates[story.template]
            ctype = f"text/html; charset={tmpl.charset}" if tmpl.charset else "text/html"
            return 200, {"Content-Type": ctype, "ETag": self.etag(path)}, self.article_body(story), "article"
        listing = self._listing(path)
        if listing is not None:
            body, ctype = listing
            headers = {"Content-Type": ctype, "ETag": self.etag(path),
                       "Last-Modified": format_datetime(self.built, usegmt=True)}
            return 200, headers, body, "listing"
        return 404, {"Content-Type": "text/html; charset=utf-8"}, b"<html><head><title>404 Not Found</title></head><body><h1>Not found</h1></body></html>", "missing"


# ---- the server -------------------------------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "BenchSite/1"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _serve(self, head: bool) -> None:
        server: BenchServer = self.server.owner  # type: ignore[attr-defined]
        if server.delay is not None:
            time.sleep(server.delay())  # a slow site: the thread waits, no CPU is spent
        status, headers, body, kind = server.site.answer(self.path)
        if status == 200 and self.headers.get("If-None-Match") == headers.get("ETag"):
            status, body = 304, b""
        server.count(kind, status, len(body))
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head and body:
            self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self._serve(head=False)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(head=True)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (wrk at its deadline, a killed crawl) is no error."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


class BenchServer:
    """Serve a BenchSite on *host* (127.0.0.1; any 127.0.0.0/8 address makes another
    site) and *port* (ephemeral by default) in a daemon thread. *delay*, when given,
    is called before every answer for the seconds to sleep first (a slow site)."""

    def __init__(self, site: BenchSite, port: int = 0, host: str = "127.0.0.1",
                 delay: Callable[[], float] | None = None) -> None:
        self.site = site
        self.port = port
        self.host = host
        self.delay = delay
        self.requests: Counter[tuple[str, int]] = Counter()
        self.times: list[float] = []  # time.monotonic() of every answer since reset()
        self.bytes_sent = 0
        self._lock = threading.Lock()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def count(self, kind: str, status: int, size: int) -> None:
        with self._lock:
            self.requests[(kind, status)] += 1
            self.bytes_sent += size
            self.times.append(time.monotonic())

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.times.clear()
            self.bytes_sent = 0

    def total(self) -> int:
        with self._lock:
            return sum(self.requests.values())

    def gaps(self, started: float, ended: float, longer_than: float = 10.0) -> list[float]:
        """Pauses (s) longer than *longer_than* between answers, from *started* to *ended*."""
        with self._lock:
            marks = [started, *sorted(self.times), ended]
        return [b - a for a, b in zip(marks, marks[1:]) if b - a > longer_than]

    def summary(self) -> dict[str, int]:
        with self._lock:
            return {f"{k} {s}": n for (k, s), n in sorted(self.requests.items())}

    def __enter__(self) -> "BenchServer":
        self._httpd = _Server((self.host, self.port), _Handler)
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self.site.base_url = f"http://{self.host}:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1},
                                        name="BenchServer", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def build_site(corpus: Path, articles: int, seed: int = 1, pages: int | None = None) -> BenchSite:
    return BenchSite(load_corpus(corpus, pages), articles, seed)


# ---- how fast it serves -------------------------------------------------------------------------
_CLIENT = r"""
import http.client, sys, threading, time, json
host, port = sys.argv[1], int(sys.argv[2]); seconds = float(sys.argv[3]); cap = int(sys.argv[4]); threads = int(sys.argv[5])
paths = [l.strip() for l in sys.stdin if l.strip()]
lock = threading.Lock(); done = [0, 0, 0]  # requests, bytes, errors
deadline = time.monotonic() + seconds
def worker(k):
    conn = http.client.HTTPConnection(host, port, timeout=10); i = k
    while time.monotonic() < deadline:
        with lock:
            if done[0] >= cap: return
            done[0] += 1
        try:
            conn.request("GET", paths[i % len(paths)]); r = conn.getresponse(); body = r.read()
            with lock: done[1] += len(body)
        except Exception:
            with lock: done[2] += 1
            conn = http.client.HTTPConnection(host, port, timeout=10)
        i += threads
t0 = time.monotonic(); ts = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
print(json.dumps({"requests": done[0], "bytes": done[1], "errors": done[2], "seconds": time.monotonic() - t0}))
"""

_WRK_LUA = """
paths = {%s}
i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def load_test(server: BenchServer, seconds: float = 5.0, cap: int = 50_000) -> list[dict[str, Any]]:
    """Requests/s the site answers for article pages: a Python keep-alive client in a
    separate process (2 threads), and wrk (2 threads, 8 connections) when installed.
    Bounded by *seconds* and *cap* requests each."""
    paths = [s.path for s in server.site.stories[:500]]
    results = []
    res = subprocess.run(
        [sys.executable, "-c", _CLIENT, "127.0.0.1", str(server.port), str(seconds), str(cap), "2"],
        input="\n".join(paths), capture_output=True, text=True, timeout=seconds + 60, env=guarded_env(),
    )
    if res.returncode == 0:
        r = json.loads(res.stdout)
        results.append({"client": "python http.client, 2 threads", **r})
    else:
        say(res.stderr)
    wrk = shutil.which("wrk")
    if wrk:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
            f.write(_WRK_LUA % ", ".join(json.dumps(p) for p in paths))
            script = f.name
        before_n, before_b = server.total(), server.bytes_sent
        t0 = time.monotonic()
        res = subprocess.run([wrk, "-t2", "-c8", f"-d{max(1, int(seconds))}s", "--timeout", "10s", "-s", script,
                              server.site.url("/")], capture_output=True, text=True, timeout=seconds + 60)
        took = time.monotonic() - t0
        Path(script).unlink(missing_ok=True)
        if res.returncode == 0:
            results.append({"client": "wrk, 2 threads, 8 connections", "requests": server.total() - before_n,
                            "bytes": server.bytes_sent - before_b, "errors": 0, "seconds": took})
    for r in results:
        r["rps"] = r["requests"] / r["seconds"] if r["seconds"] else 0.0
        r["mbps"] = r["bytes"] / r["seconds"] / 2**20 if r["seconds"] else 0.0
    return results


def site_table(site: BenchSite) -> str:
    sizes = [len(site.article_body(s)) for s in site.stories[: min(len(site.stories), 2 * len(site.templates))]]
    return table(
        ["corpus pages", "articles", "sections", "news sitemaps", "mean article size (KiB)"],
        [[len(site.templates), len(site.stories), len(SECTIONS), site._sitemap_count(), sum(sizes) / len(sizes) / 1024]],
    )


def load_table(results: list[dict[str, Any]]) -> str:
    return table(["client", "requests", "errors", "seconds", "requests/s", "MiB/s"],
                 [[r["client"], r["requests"], r["errors"], r["seconds"], r["rps"], r["mbps"]] for r in results])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of real pages (default: %(default)s)")
    ap.add_argument("--articles", type=int, default=3000, help="article pages on the site (default 3000)")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free one)")
    ap.add_argument("--seconds", type=float, default=5.0, help="length of each load test (default 5)")
    ap.add_argument("--serve", type=float, default=0.0, metavar="S", help="then keep serving for up to S seconds")
    ap.add_argument("--quick", action="store_true", help="20 articles from 20 pages, 1 s load test")
    args = ap.parse_args(argv)
    pages = None
    if args.quick:
        args.articles, args.seconds, pages = 20, 1.0, 20
    t0 = time.monotonic()
    site = build_site(args.corpus, args.articles, pages=pages)
    built = time.monotonic() - t0
    with BenchServer(site, args.port) as server:
        say(f"benchmark site on {site.url('/')} ({len(site.stories)} articles, built in {built:.1f} s)")
        print("## Benchmark site\n")
        print(site_table(site))
        print()
        results = load_test(server, args.seconds, 50_000 if not args.quick else 2_000)
        print("### How fast it serves article pages\n")
        print(load_table(results))
        if args.serve > 0:
            say(f"serving for up to {args.serve:.0f} s; Ctrl-C stops")
            try:
                time.sleep(args.serve)
            except KeyboardInterrupt:
                pass
            print()
            print(table(["request", "count"], [[k, v] for k, v in server.summary().items()]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
