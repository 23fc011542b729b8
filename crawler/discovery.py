"""Find articles the way news sites offer them: robots.txt, sitemaps, feeds, fronts.

Pure functions of bytes and URLs (no Scrapy), so each rule is testable on its own.
The dates and titles that sitemaps and feeds give are kept as *evidence*: the
extraction trusts them above what it can guess from the page.
"""
from __future__ import annotations

import zlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from .urls import is_non_html_path

#: Paths tried when robots.txt names no sitemap, and when the home page names no feed.
FALLBACK_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/news-sitemap.xml")
FALLBACK_FEEDS = ("/feed", "/rss", "/feed.xml")

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+json")


@dataclass(frozen=True)
class Lead:
    """A link to a probable article, with what the listing said about it."""

    url: str
    date: str | None = None  # ISO 8601, as the sitemap or feed gave it
    title: str | None = None
    via: str = "front"  # "news-sitemap", "sitemap", "feed" or "front"
    tags: tuple[str, ...] = ()


@dataclass
class Sitemap:
    """A parsed sitemap: either an index of other sitemaps or a list of leads."""

    sitemaps: list[str] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)


def sitemaps_from_robots(text: str, base: str) -> list[str]:
    """The absolute URLs of every ``Sitemap:`` line in a robots.txt."""
    out = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        url = _join(base, value) if key.strip().lower() == "sitemap" and value.strip() else None
        if url:
            out.append(url)
    return out


#: A gzipped sitemap may not expand beyond this (a "gzip bomb" is cut off, not read).
MAX_UNZIPPED = 50 * 1024 * 1024


def _maybe_gunzip(body: bytes, limit: int = MAX_UNZIPPED) -> bytes:
    """*body*, or its first *limit* bytes unzipped when it is gzip (a .xml.gz sitemap)."""
    if body[:2] == b"\x1f\x8b":
        try:
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, limit)
        except zlib.error:
            return b""
    return body


def _join(base: str, href: str) -> str | None:
    try:
        return urljoin(base, href.strip())
    except ValueError:
        return None


def _xml_root(body: bytes) -> etree._Element | None:
    body = _maybe_gunzip(body).lstrip()
    if not body:
        return None
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(body, parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _child_text(el: etree._Element, *names: str) -> str | None:
    for child in el.iter():
        if _local(child.tag) in names and child.text and child.text.strip():
            return child.text.strip()
    return None


def normalize_date(value: str | None) -> str | None:
    """An ISO 8601 string for an RFC 822 or ISO date, or None when it is not a date."""
    if not value:
        return None
    value = value.strip()
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            dt = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if dt is None:
        return None
    return dt.isoformat()


def parse_sitemap(body: bytes, base: str) -> Sitemap:
    """Parse a sitemap index, a plain sitemap or a Google News sitemap."""
    result = Sitemap()
    root = _xml_root(body)
    if root is None:
        return result
    kind = _local(root.tag)
    for entry in root:
        name = _local(entry.tag)
        if kind == "sitemapindex" and name == "sitemap":
            loc = _child_text(entry, "loc")
            url = _join(base, loc) if loc else None
            if url:
                result.sitemaps.append(url)
        elif kind == "urlset" and name == "url":
            loc = None
            for child in entry:
                if _local(child.tag) == "loc" and child.text:
                    loc = child.text.strip()
            url = _join(base, loc) if loc else None
            if not url:
                continue
            news = next((c for c in entry if _local(c.tag) == "news"), None)
            if news is not None:
                result.leads.append(
                    Lead(
                        url,
                        date=normalize_date(_child_text(news, "publication_date")),
                        title=_child_text(news, "title"),
                        via="news-sitemap",
                        tags=tuple(t.strip() for t in (_child_text(news, "keywords") or "").split(",") if t.strip()),
                    )
                )
            else:
                result.leads.append(Lead(url, via="sitemap"))
    return result


def parse_feed(body: bytes, base: str) -> list[Lead]:
    """The items of an RSS 2.0, RDF (RSS 1.0) or Atom feed, with their dates and titles."""
    root = _xml_root(body)
    if root is None:
        return []
    leads = []
    for item in root.iter():
        name = _local(item.tag)
        if name not in ("item", "entry"):
            continue
        link = None
        title = None
        date = None
        tags: list[str] = []
        for child in item:
            cname = _local(child.tag)
            text = (child.text or "").strip()
            if cname == "link":
                href = child.get("href")
                rel = child.get("rel", "alternate")
                if href and rel == "alternate":
                    link = href
                elif text and not link:
                    link = text
            elif cname == "guid" and not link and child.get("isPermaLink", "true") == "true" and text.startswith("http"):
                link = text
            elif cname == "title":
                title = text or None
            elif cname in ("pubdate", "published", "date", "issued") and not date:
                date = normalize_date(text)
            elif cname == "updated" and not date:
                date = normalize_date(text)
            elif cname in ("category", "subject"):
                tag = text or child.get("term") or ""
                if tag:
                    tags.append(tag)
        if not link and name == "item":
            link = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        url = _join(base, link) if link else None
        if url:
            leads.append(Lead(url, date=date, title=title, via="feed", tags=tuple(tags)))
    return leads


def is_feed(body: bytes, content_type: str = "") -> bool:
    """True when a response is an RSS, RDF or Atom feed (by type or by its root element)."""
    ct = content_type.lower()
    if any(t in ct for t in ("rss", "atom", "rdf")):
        return True
    head = _maybe_gunzip(body, 2048)[:2048].lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def is_sitemap(body: bytes) -> bool:
    """True when a response is a sitemap or a sitemap index."""
    head = _maybe_gunzip(body, 4096)[:4096].lower()
    return b"<urlset" in head or b"<sitemapindex" in head


# ---- links on HTML pages -------------------------------------------------------------

_LISTING_SEGMENTS = frozenset(
    """tag tags topic topics author authors category categories section sections page
    search archive archives newsletter newsletters subscribe login signin register account
    about about-us contact contact-us privacy terms legal cookies imprint impressum faq help
    jobs careers advertise rss feed feeds video videos podcast podcasts live""".split()
)
_DATE_IN_PATH = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-](0?[1-9]|[12]\d|3[01]))?(/|-|$)")
_ID_IN_PATH = re.compile(r"\d{5,}")


def link_kind(url: str) -> str:
    """Guess from its URL alone what a same-site link leads to.

    ``"article"`` for a likely story (a dated path, a long hyphenated slug, a numeric
    id), ``"listing"`` for a front, section, tag, author or pagination page,
    ``"skip"`` for files and pages never worth fetching (PDFs, images, legal pages).
    """
    parts = urlsplit(url)
    path = parts.path
    if is_non_html_path(url):
        return "skip"
    segments = [s for s in path.lower().split("/") if s]
    if not segments:
        return "listing"
    if segments[0] in {"about", "about-us", "contact", "contact-us", "privacy", "terms", "legal",
                       "cookies", "imprint", "impressum", "login", "signin", "register",
                       "account", "subscribe", "advertise", "jobs", "careers", "search"}:
        return "skip"
    last = segments[-1].rsplit(".", 1)[0]
    if _DATE_IN_PATH.search(path) and len(segments) >= 3:
        return "article"
    if any(s in _LISTING_SEGMENTS for s in segments[:-1]) or last in _LISTING_SEGMENTS or last.isdigit() and "page" in segments:
        return "listing"
    if last.count("-") >= 3 or _ID_IN_PATH.search(last):
        return "article"
    return "listing"


def feed_links(html_links: list[tuple[str, str, str]], base: str) -> list[str]:
    """Feed URLs from ``(rel, type, href)`` triples of a page's ``<link>`` tags."""
    out = []
    for rel, typ, href in html_links:
        url = _join(base, href) if href else None
        if "alternate" in rel.lower().split() and typ.lower().split(";")[0].strip() in FEED_TYPES and url:
            out.append(url)
    return out


_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.I)
_ATTR = re.compile(rb"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")


def canonical_link(body: bytes, head_bytes: int = 200_000) -> str | None:
    """The href of a page's ``<link rel="canonical">``, read with a regex from the
    head of the page: the spider needs only this, and parsing the whole page in
    the reactor's process cost 6 ms a page."""
    for tag in _LINK_TAG.finditer(body[:head_bytes]):
        attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag.group(0))}
        if b"canonical" in attrs.get(b"rel", b"").lower().split() and attrs.get(b"href"):
            return attrs[b"href"].decode("utf-8", "replace").strip()
    return None
