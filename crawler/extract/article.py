"""One page in, one article record (or the reason it is not one) out.

``extract_page`` is a pure function of the page bytes, its URL and what the crawl
saw about it in sitemaps and feeds. It knows nothing of Scrapy, runs in worker
processes, and is what golden tests and the extraction benchmark call.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..discovery import link_kind
from ..urls import canonicalize, same_site
from . import dates
from .decode import decode_html
from indexer.fingerprint import simhash, to_hex
from .language import guess_language, normalize_language
from .topics import choose_topics

ARTICLE_TYPES = frozenset(
    "article newsarticle reportagenewsarticle analysisnewsarticle opinionnewsarticle backgroundnewsarticle "
    "reviewnewsarticle blogposting liveblogposting report socialmediaposting techarticle scholarlyarticle".split()
)
LISTING_TYPES = frozenset("webpage collectionpage itemlist searchresultspage profilepage aboutpage contactpage website".split())
MIN_WORDS = 60
MAX_BYTES = 20_000_000


@dataclass
class Article:
    """The article record: what the index stores and ``export`` prints."""

    url: str
    title: str
    text: str
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    updated: str | None = None
    date_source: str | None = None
    language: str | None = None
    source: str | None = None
    topics: list[str] = field(default_factory=list)
    topic_source: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    word_count: int = 0
    crawled_at: str | None = None
    fingerprint: str | None = None
    duplicate_of: str | None = None

    def to_record(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Rejection:
    """Why a fetched page is not an article (counted in the crawl summary)."""

    url: str
    reason: str
    canonical: str | None = None


@dataclass
class PageFacts:
    """Structured facts read from the page's head and markup before text extraction."""

    jsonld: list[dict[str, Any]] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None
    html_lang: str | None = None
    breadcrumb: list[str] = field(default_factory=list)
    h1: str | None = None
    title_tag: str | None = None


def _flatten_jsonld(data: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(data, list):
        for item in data:
            out.extend(_flatten_jsonld(item))
    elif isinstance(data, dict):
        if "@graph" in data:
            out.extend(_flatten_jsonld(data["@graph"]))
        out.append(data)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type", [])
    return {str(x).lower() for x in (t if isinstance(t, list) else [t])}


def _names(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def read_facts(tree: lxml_html.HtmlElement) -> PageFacts:
    """Read JSON-LD, meta tags, canonical link, breadcrumb and headings."""
    facts = PageFacts()
    for script in tree.xpath("//script[@type='application/ld+json']"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            facts.jsonld.extend(_flatten_jsonld(json.loads(raw)))
        except ValueError:
            continue
    for el in tree.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in facts.meta:
            facts.meta[key] = el.get("content", "").strip()
    for el in tree.xpath("//link[@rel and @href]"):
        if "canonical" in el.get("rel", "").lower().split() and not facts.canonical:
            facts.canonical = el.get("href").strip()
    facts.html_lang = tree.get("lang") or tree.get("xml:lang")
    for obj in facts.jsonld:
        if "breadcrumblist" in _types(obj):
            items = obj.get("itemListElement") or []
            names = []
            for it in items if isinstance(items, list) else []:
                if isinstance(it, dict):
                    names.extend(_names(it.get("name")) or _names(it.get("item")))
            facts.breadcrumb = names
    if not facts.breadcrumb:
        crumbs = tree.xpath(
            "//*[contains(@class,'breadcrumb') or @aria-label='breadcrumb' or @aria-label='Breadcrumb']//a"
        )
        facts.breadcrumb = [c.text_content().strip() for c in crumbs if c.text_content().strip()]
    h1 = tree.xpath("//h1")
    if h1:
        facts.h1 = " ".join(h1[0].text_content().split()) or None
    title = tree.xpath("//title")
    if title:
        facts.title_tag = " ".join(title[0].text_content().split()) or None
    return facts


def _article_obj(facts: PageFacts) -> dict[str, Any] | None:
    for obj in facts.jsonld:
        if _types(obj) & ARTICLE_TYPES:
            return obj
    return None


_SUFFIX = re.compile(r"\s*[|\-–—·:»]\s*[^|\-–—·:»]{2,60}$")


def clean_title(title: str | None, site_name: str | None) -> str | None:
    """Strip a trailing " - Site Name" (or " | Site") from a headline."""
    if not title:
        return None
    title = " ".join(title.split())
    if site_name:
        for sep in (" - ", " | ", " – ", " — ", " · ", " :: ", " » "):
            tail = sep + site_name
            if title.lower().endswith(tail.lower()):
                return title[: -len(tail)].strip()
    return title


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words in *text*; in Chinese, Japanese and Korean, where words are not spaced,
    two characters count as one word."""
    cjk = len(_CJK.findall(text))
    if not cjk:
        return len(text.split())
    return len(_CJK.sub(" ", text).split()) + cjk // 2


def _is_error_page(facts: PageFacts) -> bool:
    heading = f"{facts.title_tag or ''} {facts.h1 or ''}".lower()
    return bool(re.search(r"\b(404|page not found|not found|seite nicht gefunden|page introuvable|error 50\d)\b", heading))


def link_density(tree: lxml_html.HtmlElement) -> float:
    """Share of the body's visible text that sits inside links (high on fronts and tag pages)."""
    body = tree.find("body")
    if body is None:
        return 0.0
    total = len(" ".join(body.text_content().split()))
    linked = sum(len(" ".join(a.text_content().split())) for a in body.iter("a"))
    return linked / total if total else 1.0


def looks_like_article(tree: lxml_html.HtmlElement, facts: PageFacts, url: str, words: int) -> str | None:
    """None when the page reads as an article; otherwise the reason it does not.

    Signals: JSON-LD @type, og:type and a published-time meta (the site says it is an
    article); the URL's shape; the amount of main text; how much of the page is
    teaser links.
    """
    if _is_error_page(facts):
        return "error-page"
    kind = link_kind(url)
    path = urlsplit(url).path.lower()
    if kind == "skip" and not path.endswith((".html", ".htm")):
        return "not-an-article-page"
    types = {t for obj in facts.jsonld for t in _types(obj)}
    og_type = facts.meta.get("og:type", "").lower()
    says_article = bool(types & ARTICLE_TYPES) or og_type == "article" or bool(
        facts.meta.get("article:published_time") or facts.meta.get("datepublished")
    )
    says_listing = bool(types & {"collectionpage", "itemlist", "searchresultspage", "profilepage"}) or og_type in (
        "website", "profile", "blog")
    if words < MIN_WORDS:
        return "too-short"
    if says_article and not says_listing:
        return None
    teasers = len(tree.xpath("//article[.//h2//a or .//h3//a] | //li[h2//a or h3//a] | //div[(h2 or h3) and .//h2//a]"))
    density = link_density(tree)
    if teasers >= 8 or (teasers >= 4 and (says_listing or kind == "listing")) or density > 0.5:
        return "listing"
    if says_listing and kind != "article" and words < 400:
        return "listing"
    return None


def _meta_first(facts: PageFacts, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = facts.meta.get(key)
        if value:
            return value
    return None


def extract_page(
    body: bytes | str,
    url: str,
    evidence: dict[str, Any] | None = None,
    *,
    encoding: str | None = None,
    site_name: str | None = None,
    site_topic: str | None = None,
    site_url: str | None = None,
    now: datetime | None = None,
) -> Article | Rejection:
    """Extract the article at *url* from its page.

    *evidence* holds what listings said about the URL: ``date`` and ``via``
    ("news-sitemap" or "feed"), ``title`` and ``tags``. *encoding* is the charset the
    HTTP header declared. Never raises on bad pages: those give a Rejection.
    """
    import trafilatura

    now = now or datetime.now(timezone.utc)
    evidence = evidence or {}
    if isinstance(body, bytes):
        if not body.strip():
            return Rejection(url, "empty")
        if len(body) > MAX_BYTES:
            return Rejection(url, "too-large")
        if b"\x00" in body[:1024]:
            return Rejection(url, "binary")
        text_html = decode_html(body, encoding)
    else:
        text_html = body
    if not text_html.strip():
        return Rejection(url, "empty")
    try:
        tree = lxml_html.document_fromstring(text_html)
    except (etree.ParserError, ValueError):
        return Rejection(url, "unparsable")

    facts = read_facts(tree)
    canonical = canonicalize(url)
    if facts.canonical:
        candidate = canonicalize(facts.canonical, base=url)
        if same_site(candidate, site_url or url) or same_site(candidate, url):
            canonical = candidate

    try:
        doc = trafilatura.bare_extraction(
            text_html, url=canonical, with_metadata=True, include_comments=False, favor_precision=False
        )
    except Exception:  # trafilatura can fail on pathological markup
        doc = None
    text = (doc.text if doc is not None else "") or ""
    words = count_words(text)
    reason = looks_like_article(tree, facts, url, words)
    if reason:
        return Rejection(url, reason, canonical)

    art = _article_obj(facts) or {}
    source = facts.meta.get("og:site_name") or site_name or (doc.sitename if doc is not None else None)
    if site_name:
        source = site_name
    title = clean_title(
        evidence.get("title")
        or (art.get("headline") if isinstance(art.get("headline"), str) else None)
        or facts.meta.get("og:title")
        or facts.h1
        or (doc.title if doc is not None else None)
        or facts.title_tag,
        facts.meta.get("og:site_name") or source,
    ) or ""

    # dates, strongest evidence first
    via = evidence.get("via")
    chain: list[tuple[str, Any]] = []
    if evidence.get("date") and via in ("news-sitemap", "feed"):
        chain.append((via, evidence["date"]))
    chain.append(("json-ld", art.get("datePublished") or art.get("dateCreated")))
    chain.append(("meta", _meta_first(facts, dates.DATE_META)))
    chain.append(("time-element", dates.time_element_date(tree)))
    chain.append(("url", dates.url_date(canonical)))
    published, date_source = dates.choose_date(chain, now)
    if published is None:
        published, date_source = dates.choose_date([("htmldate", dates.htmldate_guess(tree, canonical))], now)
    updated, _ = dates.choose_date(
        [("json-ld", art.get("dateModified")), ("meta", _meta_first(facts, dates.UPDATED_META))], now
    )
    if published and updated:
        p = published if published.tzinfo else published.replace(tzinfo=timezone.utc)
        u = updated if updated.tzinfo else updated.replace(tzinfo=timezone.utc)
        if u <= p:
            updated = None

    authors = _names(art.get("author"))
    if not authors:
        meta_author = facts.meta.get("author") or facts.meta.get("article:author") or facts.meta.get("byl")
        if meta_author and not meta_author.startswith("http"):
            authors = [meta_author]
    if not authors and doc is not None and doc.author:
        authors = [a.strip() for a in doc.author.split(";") if a.strip()]
    authors = list(dict.fromkeys(re.sub(r"^(by|von|par)\s+", "", a, flags=re.I) for a in authors))

    sections: list[str] = []
    for value in (art.get("articleSection"), facts.meta.get("article:section")):
        sections.extend(_names(value) if not isinstance(value, str) else [value])
    sections.extend(facts.breadcrumb[1:] if len(facts.breadcrumb) > 1 else facts.breadcrumb)
    tags: list[str] = []
    keywords = art.get("keywords")
    if isinstance(keywords, str):
        tags.extend(k.strip() for k in keywords.split(","))
    elif isinstance(keywords, list):
        tags.extend(str(k).strip() for k in keywords)
    tags.extend(v for k, v in facts.meta.items() if k in ("article:tag", "news_keywords", "keywords") for v in v.split(","))
    tags.extend(evidence.get("tags") or [])
    if doc is not None:
        tags.extend(doc.categories or [])
        tags.extend(doc.tags or [])
    tags = [t.strip() for t in tags if t and t.strip()]
    raw_tags = list(dict.fromkeys([*(s for s in sections if s), *tags]))
    topics, topic_source = choose_topics(sections, urlsplit(canonical).path, tags, site_topic, f"{title}\n{text}")

    language = normalize_language(
        art.get("inLanguage") if isinstance(art.get("inLanguage"), str) else None
    ) or normalize_language(facts.html_lang) or normalize_language(facts.meta.get("og:locale")) or guess_language(text)
    image = art.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url")
    image = image or facts.meta.get("og:image") or (doc.image if doc is not None else None)

    return Article(
        url=canonical,
        title=title,
        text=text,
        description=facts.meta.get("og:description") or facts.meta.get("description") or (doc.description if doc is not None else None),
        authors=authors,
        date=dates.iso(published) if published else None,
        updated=dates.iso(updated) if updated else None,
        date_source=date_source,
        language=language,
        source=source,
        topics=topics,
        topic_source=topic_source,
        tags=raw_tags[:20],
        image=urljoin(canonical, image) if isinstance(image, str) and image else None,
        word_count=words,
        crawled_at=now.replace(microsecond=0).isoformat(),
        fingerprint=to_hex(simhash(text)),
    )
