"""Find articles the way news sites offer them: robots.txt, sitemaps, feeds, fronts.

Pure functions of bytes and URLs (no Scrapy), so each rule is testable on its own.
The dates and titles that sitemaps and feeds give are kept as *evidence*: the
extraction trusts them above what it can guess from the page.
"""
from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any, Iterator
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

from lxml import etree
from lxml import html as lxml_html

from indexer.urls import is_non_html_path, same_site, try_canonicalize

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
    lastmod: str | None = None  # a plain sitemap's <lastmod>: an order hint, never a publication date


@dataclass
class Sitemap:
    """A parsed sitemap: either an index of other sitemaps or a list of leads.
    ``lastmods`` holds the index's ``<lastmod>`` per child (for newest-first order);
    ``truncated`` says the entries were cut at the limit."""

    sitemaps: list[str] = field(default_factory=list)
    leads: list[Lead] = field(default_factory=list)
    lastmods: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


# ---- evidence: what every lead said about one URL ------------------------------------

#: How much each kind of lead is trusted for a URL's date and title: a news sitemap
#: and a feed date their entries; a plain sitemap says only "this is content"; a
#: front gives a bare link.
VIA_RANK = {"front": 0, "sitemap": 1, "feed": 2, "news-sitemap": 3}
#: Leads whose dates the extraction takes as the publication date.
DATED_VIAS = frozenset({"news-sitemap", "feed"})


def _rank(evidence: dict[str, Any]) -> int:
    return VIA_RANK.get(str(evidence.get("via") or "front"), 0)


def merge_evidence(old: dict[str, Any] | None, new: dict[str, Any] | None) -> dict[str, Any]:
    """Evidence about one URL merged from every lead that named it, the same whatever
    order the leads came in: ``via`` is the most trusted kind of lead seen; ``date``
    and ``title`` come from the most trusted lead that gave one (the earliest date
    between equals); tags are the union."""
    old, new = old or {}, new or {}
    if not old or not new:
        return dict(old or new)
    ro, rn = _rank(old), _rank(new)
    out: dict[str, Any] = {"via": old.get("via") if ro >= rn else new.get("via")}

    def pick(key: str) -> Any:
        a, b = old.get(key), new.get(key)
        if not a or not b:
            return a or b
        if ro != rn:
            return a if ro > rn else b
        return min(a, b) if key == "date" else a

    for key in ("date", "title"):
        value = pick(key)
        if value:
            out[key] = value
    tags = list(dict.fromkeys([*(old.get("tags") or []), *(new.get("tags") or [])]))[:20]
    if tags:
        out["tags"] = tags
    return {k: v for k, v in out.items() if v}


def redates(old: dict[str, Any] | None, merged: dict[str, Any]) -> bool:
    """True when *merged* evidence dates a URL differently from *old*: an article
    already stored under *old* must be re-dated."""
    old = old or {}
    if not merged.get("date") or merged.get("via") not in DATED_VIAS:
        return False
    return merged.get("date") != old.get("date") or old.get("via") not in DATED_VIAS


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


#: Entries read from one sitemap at most (the sitemap protocol's own limit per file);
#: the rest of a larger one is never read.
MAX_SITEMAP_URLS = 50_000


def _chunks(body: bytes, limit: int = MAX_UNZIPPED, size: int = 1 << 20) -> Iterator[bytes]:
    """*body* in pieces of about *size* bytes, unzipped on the fly when it is gzip
    (at most *limit* bytes of it): a sitemap is parsed as it is unpacked, never
    expanded whole in memory."""
    if body[:2] != b"\x1f\x8b":
        for start in range(0, len(body), size):
            yield body[start : start + size]
        return
    unzip = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data, out = body, 0
    try:
        while data and out < limit:
            piece = unzip.decompress(data, min(size, limit - out))
            out += len(piece)
            if piece:
                yield piece
            data = unzip.unconsumed_tail
    except zlib.error:
        return


def _entry(entry: etree._Element, base: str) -> Lead | None:
    loc = lastmod = None
    news = None
    for child in entry:
        name = _local(child.tag)
        if name == "loc" and child.text:
            loc = child.text.strip()
        elif name == "lastmod" and child.text:
            lastmod = normalize_date(child.text)
        elif name == "news":
            news = child
    url = _join(base, loc) if loc else None
    if not url:
        return None
    if news is None:
        return Lead(url, via="sitemap", lastmod=lastmod)
    return Lead(
        url,
        date=normalize_date(_child_text(news, "publication_date")),
        title=_child_text(news, "title"),
        via="news-sitemap",
        tags=tuple(t.strip() for t in (_child_text(news, "keywords") or "").split(",") if t.strip()),
        lastmod=lastmod,
    )


def parse_sitemap(body: bytes, base: str, max_urls: int = MAX_SITEMAP_URLS) -> Sitemap:
    """Parse a sitemap index, a plain sitemap or a Google News sitemap, reading at
    most *max_urls* entries. Stream-parsed: each entry is dropped from the tree once
    read, so a sitemap of a million URLs costs the entries kept, not the document."""
    result = Sitemap()
    parser = etree.XMLPullParser(
        events=("end",), recover=True, resolve_entities=False, no_network=True, huge_tree=False
    )
    count = 0
    try:
        for el in _ended(parser, body):
            name = _local(el.tag)
            parent = el.getparent()
            kind = _local(parent.tag) if parent is not None else ""
            if name == "sitemap" and kind == "sitemapindex":
                loc = _child_text(el, "loc")
                url = _join(base, loc) if loc else None
                if url:
                    result.sitemaps.append(url)
                    lastmod = normalize_date(_child_text(el, "lastmod"))
                    if lastmod:
                        result.lastmods[url] = lastmod
            elif name == "url" and kind == "urlset":
                lead = _entry(el, base)
                if lead:
                    result.leads.append(lead)
            else:
                continue
            el.clear()
            while el.getprevious() is not None:
                del parent[0]
            count += 1
            if count >= max_urls:
                result.truncated = True
                return result
    except (etree.XMLSyntaxError, ValueError):
        pass
    return result


def _ended(parser: etree.XMLPullParser, body: bytes) -> Iterator[etree._Element]:
    """Each element of *body* as its end tag is read."""
    first = True
    for chunk in _chunks(body):
        if first:
            chunk, first = chunk.lstrip(), False
        parser.feed(chunk)
        for _, el in parser.read_events():
            yield el
    try:
        parser.close()
    finally:
        for _, el in parser.read_events():
            yield el


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
#: An opaque story id (BBC's ``c8x2k4m9q1zo``): letters and digits mixed, no words.
_OPAQUE_ID = re.compile(r"^(?=(?:[a-z]*\d){2})(?=(?:\d*[a-z]){2})[a-z0-9]{8,}$")
#: Path segments that name a taxonomy page, not a story, wherever they sit.
_TAXONOMY = frozenset("tag tags topic topics author authors category categories section sections page search".split())
_SKIP_FIRST = frozenset(
    """about about-us contact contact-us privacy terms legal cookies imprint impressum login signin
    register account subscribe advertise jobs careers search""".split()
)


def _segments(url: str) -> list[str]:
    return [unquote(s) for s in urlsplit(url).path.lower().split("/") if s]


def link_kind(url: str) -> str:
    """Guess from its URL alone what a same-site link leads to.

    ``"article"`` for a likely story (a dated path, a slug of four words or more
    joined by hyphens or underscores, in any script, a numeric or opaque id),
    ``"listing"`` for a front, section, tag, author or pagination page, ``"skip"``
    for files and pages never worth fetching (PDFs, images, legal pages). Only a
    guess: links in a headline are judged by ``front_links``, and sitemap and feed
    entries are fetched whatever their shape.
    """
    path = urlsplit(url).path
    if is_non_html_path(url):
        return "skip"
    segments = _segments(url)
    if not segments:
        return "listing"
    if segments[0] in _SKIP_FIRST:
        return "skip"
    last = segments[-1].rsplit(".", 1)[0]
    if _DATE_IN_PATH.search(path) and len(segments) >= 3:
        return "article"
    if any(s in _LISTING_SEGMENTS for s in segments[:-1]) or last in _LISTING_SEGMENTS or last.isdigit() and "page" in segments:
        return "listing"
    if last.count("-") + last.count("_") >= 3 or _ID_IN_PATH.search(last) or _OPAQUE_ID.match(last):
        return "article"
    return "listing"


def is_taxonomy(url: str) -> bool:
    """True for a URL that is surely a listing: the home page, a tag, topic, author,
    category or search page, or a page of a paginated listing."""
    segments = _segments(url)
    query = urlsplit(url).query.lower()
    return (
        not segments
        or any(s in _TAXONOMY for s in segments)
        or segments[-1] in _LISTING_SEGMENTS
        or bool(re.search(r"(^|&)(page|p|paged|offset|start)=\d", query))
    )


_PAGE_PATH = re.compile(r"^(.*?/)page/(\d+)/?$", re.I)
_PAGE_PARAMS = frozenset({"page", "p", "paged", "pg"})


def listing_page(url: str) -> tuple[str, int]:
    """``(listing, page number)`` of a listing URL: ``/politics/page/3/`` and
    ``/politics/?page=3`` are page 3 of ``/politics/``; any other URL is page 1 of itself."""
    parts = urlsplit(url)
    match = _PAGE_PATH.match(parts.path)
    path, page = (match.group(1), int(match.group(2))) if match else (parts.path, 1)
    rest = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        if key.lower() in _PAGE_PARAMS and value.isdigit():
            page = int(value)
        else:
            rest.append((key, value))
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(rest), "")), page


# ---- fronts: links judged by their context -------------------------------------------

#: Bytes of a front page read for links: a home page of a million links costs this much
#: parsing, not the whole page.
FRONT_BYTES = 3 * 1024 * 1024
#: Links read from one front page at most.
MAX_FRONT_LINKS = 5000
_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "h4", "article"})
_TEASER_CLASS = re.compile(r"teaser|headline|story|card|entry-title|post-title|article", re.I)
_NAV_CLASS = re.compile(r"\b(nav|navigation|menu|masthead|primary-nav|main-nav|site-nav)\b", re.I)


@dataclass(frozen=True)
class FrontLink:
    """A link on a front page and where it sits: ``headline`` in a headline or
    teaser (an ``<article>``, ``<h2>``/``<h3>``, a teaser or story card), ``nav``
    in the site's navigation."""

    url: str
    text: str = ""
    headline: bool = False
    nav: bool = False


def _context(a: etree._Element) -> tuple[bool, bool]:
    headline = nav = False
    el, steps = a.getparent(), 0
    while el is not None and steps < 8:
        tag = el.tag if isinstance(el.tag, str) else ""
        cls = f"{el.get('class') or ''} {el.get('id') or ''}"
        if tag == "nav" or _NAV_CLASS.search(cls):
            nav = True
        elif tag in _HEADLINE_TAGS or (steps < 3 and _TEASER_CLASS.search(cls)):
            headline = True
        if tag in ("footer", "aside"):
            return False, nav
        el, steps = el.getparent(), steps + 1
    return headline and not nav, nav


def front_links(body: bytes, base: str, encoding: str | None = None, limit: int = MAX_FRONT_LINKS) -> list[FrontLink]:
    """The distinct links of a front page with their context, from its first
    FRONT_BYTES bytes and at most *limit* of them."""
    chunk = body[:FRONT_BYTES]
    if not chunk.strip():
        return []
    try:
        parser = lxml_html.HTMLParser(encoding=encoding or None, huge_tree=False)
        root = lxml_html.document_fromstring(chunk, parser=parser)
    except (etree.ParserError, ValueError, LookupError):
        return []
    out: dict[str, FrontLink] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
            continue
        url = _join(base, href)
        if not url or url in out:
            continue
        headline, nav = _context(a)
        text = " ".join(a.text_content().split())[:300]
        out[url] = FrontLink(url, text, headline, nav)
        if len(out) >= limit:
            break
    return list(out.values())


def headline_words(text: str) -> int:
    """Words in a link text; a run of CJK characters counts as one word per two."""
    cjk = len(re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]", text))
    return len(text.split()) + cjk // 2


def front_link_kind(link: FrontLink) -> str:
    """``link_kind`` of a front's link, with its context: a link of four words or more
    in a headline or teaser is a probable article whatever its URL looks like,
    unless the URL is surely a listing (a tag, author, pagination page)."""
    kind = link_kind(link.url)
    if kind == "listing" and link.headline and not link.nav and headline_words(link.text) >= 4 and not is_taxonomy(link.url):
        return "article"
    return kind


@dataclass
class FrontPlan:
    """What one front page leads to: article *leads*, and *children* to read as
    fronts, each ``(url, depth, nav)`` (*nav*: a section linked from the home page's
    navigation, read before the other listings)."""

    leads: list[Lead] = field(default_factory=list)
    children: list[tuple[str, int, bool]] = field(default_factory=list)


def sort_front(links: list[FrontLink], url: str, site_url: str, depth: int, max_depth: int) -> FrontPlan:
    """The same-site links of the front *url* (at *depth* below the home page) sorted
    into leads and child fronts: a listing's pagination one page at a time (page
    n+1 at the same depth), other listings one level deeper while under *max_depth*."""
    plan = FrontPlan()
    root, page = listing_page(url)
    for link in links:
        target = try_canonicalize(link.url)
        if not target or not same_site(target, site_url) or urlsplit(target).scheme not in ("http", "https"):
            continue
        kind = front_link_kind(link)
        if kind == "article":
            plan.leads.append(Lead(target, via="front"))
        elif kind == "listing" and target != url:
            child_root, child_page = listing_page(target)
            if child_root == root and depth > 0:
                if child_page == page + 1:
                    plan.children.append((target, depth, False))
            elif depth < max_depth:
                plan.children.append((target, depth + 1, depth == 0 and link.nav))
    return plan


_META_TAG = re.compile(rb"<meta\b[^>]*>", re.I)
_LD_JSON = re.compile(rb"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", re.I | re.S)
ARTICLE_TYPES = frozenset(
    """Article NewsArticle ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle BackgroundNewsArticle
    ReviewNewsArticle AskPublicNewsArticle BlogPosting LiveBlogPosting Report ScholarlyArticle""".split()
)


def _ld_types(data: Any) -> Iterator[str]:
    items = data if isinstance(data, list) else [data]
    for item in items:
        if not isinstance(item, dict):
            continue
        kind = item.get("@type")
        yield from ([kind] if isinstance(kind, str) else [k for k in kind if isinstance(k, str)] if isinstance(kind, list) else [])
        if isinstance(item.get("@graph"), list):
            yield from _ld_types(item["@graph"])


LISTING_TYPES = frozenset({"CollectionPage", "ItemList", "SearchResultsPage", "ProfilePage", "WebSite"})


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or b"") for m in _ATTR.finditer(tag)}


def _og_type(head: bytes) -> bytes | None:
    for tag in _META_TAG.finditer(head):
        attrs = _attrs(tag.group(0))
        if attrs.get(b"property", attrs.get(b"name", b"")).lower() == b"og:type":
            return attrs.get(b"content", b"").strip().lower()
    return None


def _ld_types_in(head: bytes) -> set[str]:
    types: set[str] = set()
    for block in _LD_JSON.finditer(head):
        try:
            types.update(_ld_types(json.loads(block.group(1).decode("utf-8", "replace"))))
        except ValueError:
            continue
    return types


def page_says(body: bytes, head_bytes: int = 300_000) -> str | None:
    """What a page says it is: ``"article"`` (og:type article, or JSON-LD whose own
    type is an Article or NewsArticle), ``"listing"`` (og:type website or profile,
    JSON-LD CollectionPage or ItemList, or a ``rel="next"`` page of a series, and
    no article type), or None. Read with regexes from the head of the page, like
    ``canonical_link``."""
    head = body[:head_bytes]
    og_type, types = _og_type(head), _ld_types_in(head)
    if og_type == b"article" or (og_type is None and types & ARTICLE_TYPES):
        return "article"
    if og_type in (b"website", b"profile") or types & LISTING_TYPES:
        return "listing"
    if any({"next", "prev"} & set(rel.lower().split()) for rel, _, _ in link_tags(head)):
        return "listing"
    return None


def page_is_article(body: bytes, head_bytes: int = 300_000) -> bool:
    """True when a page says it is an article: such a page is never read as a front."""
    return page_says(body, head_bytes) == "article"


def link_tags(body: bytes, head_bytes: int = 300_000) -> list[tuple[str, str, str]]:
    """``(rel, type, href)`` of each ``<link>`` tag in the head of a page."""
    out = []
    for tag in _LINK_TAG.finditer(body[:head_bytes]):
        attrs = _attrs(tag.group(0))
        if attrs.get(b"rel") and attrs.get(b"href"):
            out.append(tuple(attrs.get(k, b"").decode("utf-8", "replace").strip() for k in (b"rel", b"type", b"href")))
    return out  # type: ignore[return-value]


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
        attrs = _attrs(tag.group(0))
        if b"canonical" in attrs.get(b"rel", b"").lower().split() and attrs.get(b"href"):
            return attrs[b"href"].decode("utf-8", "replace").strip()
    return None


def drop_canonical(body: bytes, head_bytes: int = 200_000) -> bytes:
    """*body* with its ``<link rel="canonical">`` disabled: when the canonical URL
    fails (404, 5xx), the page in hand is extracted under its own URL."""
    head = _LINK_TAG.sub(
        lambda m: re.sub(rb"(?i)\bcanonical\b", b"x-canonical-failed", m.group(0)), body[:head_bytes]
    )
    return head + body[head_bytes:]
