"""One page in, one article record (or the reason it is not one) out.

``extract_page`` is a pure function of the page bytes, its URL and what the crawl
saw about it in sitemaps and feeds. It knows nothing of Scrapy, runs in worker
processes, and is what golden tests and the extraction benchmark call.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..discovery import link_kind
from indexer.urls import canonicalize, same_site, try_canonicalize
from . import dates
from .clean import MAX_AUTHOR, MAX_AUTHORS, MAX_DESCRIPTION, MAX_SOURCE, MAX_TAG, MAX_TITLE, cap, one_line, strip_controls
from .boilerplate import drop_chrome_lines, drop_headline, drop_repeated_blocks
from .decode import decode_html
from .headline import Heading, agreeing_headline, squash, visible_heading
from .scriptdata import fill_from_body, script_body, trim_to_body
from .split_body import restore_split_body
from .standfirst import restore_standfirst
from .teasers import drop_teasers
from indexer.fingerprint import simhash, to_hex
from .language import guess_language, normalize_language
from .topics import choose_topics

ARTICLE_TYPES = frozenset(
    "article newsarticle reportagenewsarticle analysisnewsarticle opinionnewsarticle backgroundnewsarticle "
    "reviewnewsarticle blogposting liveblogposting report socialmediaposting techarticle scholarlyarticle".split()
)
LISTING_TYPES = frozenset("webpage collectionpage itemlist searchresultspage profilepage aboutpage contactpage website".split())
MIN_WORDS = 60  # without strong article signals: less is a stub, a tag page or an error page
MIN_WORDS_BRIEF = 25  # with them: a short news brief is still news
AUTHOR_META = frozenset(
    "author article:author citation_author dc.creator dcterms.creator parsely-author sailthru.author byl "
    "article:author_name cxenseparse:author".split()
)
CITATION_META = frozenset("citation_author dc.creator dcterms.creator".split())
DESCRIPTION_META = ("og:description", "description", "twitter:description")
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
    bylines: list[str] = field(default_factory=list)  # visible author names (rel=author, byline blocks)
    meta_authors: list[str] = field(default_factory=list)  # every author-like meta value, in order
    rel_tags: list[str] = field(default_factory=list)  # <a rel="tag"> texts


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
        if key in AUTHOR_META:
            value = el.get("content", "").strip()
            # one author a tag, in the citation form "Last, First"
            facts.meta_authors.append(_first_last(value) if key in CITATION_META else value)
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
    for el in tree.xpath(
        "//*[@rel='author'] | //*[@itemprop='author']//*[@itemprop='name'] | //*[@itemprop='author'][not(*)]"
        " | //*[contains(@class,'byline__name') or contains(@class,'author-name') or contains(@class,'author__name')]"
    )[:6]:
        name = " ".join(el.text_content().split())
        if 2 < len(name) < 60:
            facts.bylines.append(name)
    facts.rel_tags = [" ".join(a.text_content().split()) for a in tree.xpath("//a[@rel='tag']")][:20]
    return facts


def _article_obj(facts: PageFacts) -> dict[str, Any] | None:
    for obj in facts.jsonld:
        if _types(obj) & ARTICLE_TYPES:
            return obj
    return None


_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " / ")


def _squash(value: str) -> str:
    return re.sub(r"[\W_]+", "", value.casefold().replace("ö", "oe").replace("ü", "ue").replace("ä", "ae"))


def _names_site(tail: str, site_names: list[str]) -> bool:
    """True when a title's tail is the site's name (or its section, or a date)."""
    squashed = _squash(tail)
    if not squashed:
        return True
    if re.fullmatch(r"[\d.\-/ ]+", tail.strip()):
        return True  # "| 28.04.2023"
    for name in site_names:
        name_sq = _squash(name.removeprefix("www."))
        if not name_sq:
            continue
        if squashed in name_sq or name_sq.split("com")[0] in squashed and len(name_sq) > 4:
            return True
        # a long word of a short tail in the host: "Die Neue Südtiroler Tageszeitung" on tageszeitung.it
        if len(tail.split()) <= 5 and any(len(w) >= 6 and _squash(w) in name_sq for w in re.findall(r"\w+", tail)):
            return True
    return False


_GLUED_TAIL = re.compile(r"^(.*\S)\s*[|ㅣ｜:：\-–—·»/]\s*([^|ㅣ｜:：\-–—·»/]{1,40})$")


def clean_title(title: str | None, site_names: list[str]) -> str | None:
    """Unescape a headline and strip trailing " - Site Name", " | Section | Site", " | date" parts."""
    if not title:
        return None
    # bounded first: the suffix loop below is quadratic in the number of separators
    title = one_line(html.unescape(html.unescape(title[: 4 * MAX_TITLE])).replace("\u200b", ""))
    names = {_squash(n) for n in site_names if len(_squash(n)) >= 2}
    while True:  # "Headline-Politicsㅣ The Daily": a site or section name behind any separator, spaced or not
        m = _GLUED_TAIL.match(title)
        if not m or _squash(m.group(2)) not in names or len(m.group(1)) < 10:
            break
        title = m.group(1).rstrip()
    while True:
        cut = max((title.rfind(sep), sep) for sep in _SEPARATORS)
        pos, sep = cut
        if pos <= 0:
            return title
        head, tail = title[:pos].strip(), title[pos + len(sep):].strip()
        # " | " almost always separates site chrome; other dashes only when the tail names the site
        if len(head) >= 10 and ((sep == " | " and len(tail) <= 40) or _names_site(tail, site_names)):
            title = head
        else:
            return title


def pick_title(
    facts: PageFacts, art: dict[str, Any], evidence: dict[str, Any], site_names: list[str],
    tree: lxml_html.HtmlElement | None = None, url: str | None = None,
) -> str | None:
    """The headline as the page shows it: of the stated headlines (a news sitemap's
    title, JSON-LD, a ``headline`` meta, og:title, twitter:title) the one the visible heading over the
    story confirms, its kicker dropped (see ``headline``); when none agrees, the
    sitemap's or the structured headline, else the heading, else the <title>."""
    headline = art.get("headline") if isinstance(art.get("headline"), str) else None
    raw = (evidence.get("title"), headline, facts.meta.get("headline"), facts.meta.get("og:title"),
           facts.meta.get("twitter:title"))  # (a microdata or named "headline" meta too)
    # a breadcrumb's crumbs name sections, but its last is often the story itself: a
    # crumb that begins a stated headline is not a section to cut from titles
    own = [squash(v) for v in raw if v]
    crumbs = [c for c in facts.breadcrumb[1:] if not _begins_any(squash(c), own)]
    sections = [art.get("articleSection"), facts.meta.get("article:section"), *crumbs]
    site_names = [*site_names, *(s for s in sections if isinstance(s, str) and 0 < len(s) <= 40)]
    stated = [clean_title(v, site_names) for v in raw]
    stated = list(dict.fromkeys(v for v in stated if v))
    heading = visible_heading(tree, site_names, url, [*stated, facts.title_tag or ""]) if tree is not None else None
    if heading is not None:
        cleaned = Heading(clean_title(heading.full, site_names) or heading.full,
                          clean_title(heading.main, site_names) or heading.main, heading.tag)
        agreed = agreeing_headline(cleaned, stated)
        if agreed:
            return agreed
    h1 = clean_title(heading.main if heading is not None else facts.h1, site_names)
    return (stated[0] if stated else None) or h1 or clean_title(facts.title_tag, site_names)


def _begins_any(crumb: str, headlines: list[str]) -> bool:
    """True when a (squashed) breadcrumb crumb, long enough not to be a section's
    name, is the start of one of the (squashed) stated headlines: the story's own."""
    return len(crumb) >= 15 and any(h.startswith(crumb) for h in headlines)


_DOMAIN = re.compile(r"\b[\w-]+\.(?:com|net|org|de|at|ch|fr|es|it|nl|be|uk|co|no|se|dk|fi|pl|ru|jp|kr|in|id|vn|tv|info|news)\b", re.I)
_BYLINE_LABEL = re.compile(
    r"^(?:von|by|autor(?:in)?(?:\s*/\s*autor(?:in)?)?|author|authors|text|av|door|por|par|di|texto|written by)\s*:?\s+(.+)$", re.I
)
_PERSON = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,3}$")


def _organisations(art: dict[str, Any], facts: PageFacts) -> set[str]:
    """Squashed names of the organisations behind the page: JSON-LD publisher and
    organisation authors, og:site_name, the host's name."""
    orgs = {facts.meta.get("og:site_name") or ""}
    for key in ("publisher", "author", "sourceOrganization"):
        raw = art.get(key)
        for item in raw if isinstance(raw, list) else [raw]:
            if isinstance(item, dict) and "person" not in _types(item):
                orgs.update(_names(item))
    return {_squash(o) for o in orgs if len(_squash(o)) >= 3}


def _is_organisation(name: str, orgs: set[str]) -> bool:
    """True for a byline that names the publisher, not a person: "VnExpress",
    "Deutsche Welle (www.dw.com)", "mediaindonesia.com developer"."""
    squashed = _squash(name)
    return bool(_DOMAIN.search(name)) or squashed in orgs


MAX_BYLINE_DISTANCE = 8  # tree steps from the headline: further off, a byline is a teaser's


def labelled_bylines(tree: lxml_html.HtmlElement, anchor: dates.Anchor | None = None) -> list[str]:
    """Names after a byline label in a short block near the headline: "Von: Bill
    McCarthy, Marisha Goldhamer", "Autorin/Autor Roman Goncharenko", "By Jane Rivers
    and Tom Reyes"; never one in a teaser, a sidebar or the comments."""
    anchor = anchor or dates.Anchor(tree, None)
    ranked: list[tuple[tuple[int, int], list[str]]] = []
    for el in tree.xpath("//body//*[self::li or self::p or self::div or self::span or self::dd or self::address]"):
        if len(el) > 6:
            continue
        text = " ".join(" ".join(el.itertext()).split())
        if not 4 < len(text) <= 100:
            continue
        m = _BYLINE_LABEL.match(text)
        if not m:
            continue
        parts = [p.strip(" ,;") for p in re.split(r",|;|\s(?:und|and|et|y|e|og|och|en)\s|&", m.group(1))]
        parts = [p for p in parts if p]
        if len(parts) >= 2 and re.fullmatch(r"[^\W\d_][\w'’.-]*", parts[-1]) and parts[-1][0].isupper() \
                and m.group(1).rstrip().endswith(", " + parts[-1]):
            parts = parts[:-1]  # "Von Jane Rivers, Lille": the dateline's place, not a co-author
        names = [p for p in parts if _PERSON.match(p) and p[0].isupper() and p.split()[-1][0].isupper()]
        if not names or len(names) != len([p for p in parts if p]):
            continue
        rank = anchor.rank(el)
        if rank is not None and rank[0] <= MAX_BYLINE_DISTANCE:
            ranked.append((rank, names))
    return min(ranked, key=lambda r: r[0])[1] if ranked else []


def _person_names(name: str) -> list[str]:
    """The people in a JSON-LD Person's name: several when it lists them ("Ana
    Costa, Tom Reyes and Li Wei"), and without the job description some sites
    append ("Ana Costa, professor of law at the University of Lisbon, Example.pt")."""
    name = name[: 4 * MAX_AUTHOR * MAX_AUTHORS]  # bounded first: a page could make it endless
    parts = [p.strip() for p in re.split(r",|;|\s(?:und|and|et|y|e|og|och|en)\s|&", name) if p.strip()]
    listed = re.search(r"\s(?:und|and|et|y|e|og|och|en)\s|&", name)  # "A, B and C": a list ends with "and"
    if len(parts) > 1 and listed and all(_PERSON.match(p) and p[0].isupper() for p in parts):
        return parts
    head, sep, rest = name.partition(",")
    if sep and _PERSON.match(head.strip()) and len(rest.split()) >= 3:
        return [head.strip()]
    return [name]


def _is_handle(name: str) -> bool:
    """True for an account name shown as a byline ("admin", "israel news"): Latin
    letters, none capitalised. A person's name is capitalised."""
    return bool(re.search(r"[a-z]", name)) and not re.search(r"[A-Z\u00c0-\u00de]", name)


def _heads_links(el: lxml_html.HtmlElement) -> bool:
    """True when what follows *el* is a list or a block of links: *el* is the
    heading of a "related articles" box, not a signature."""
    for sib in el.itersiblings():
        text = " ".join(sib.text_content().split())
        if not text:
            continue
        if sib.tag in ("ul", "ol", "nav"):
            return True
        linked = sum(len(" ".join(a.text_content().split())) for a in sib.iter("a"))
        return linked > 0.5 * len(text)
    return False


def signature_byline(tree: lxml_html.HtmlElement, text: str | None = None) -> list[str]:
    """The name signed under the story: a paragraph that is only an emphasised name
    ("<p><strong>Lê Phương</strong></p>", "<p><em>AB-Redaktion</em></p>") after
    paragraphs of prose, that ends the story: no prose after it in its container
    (a note or appeal set in bold may follow), and one of the last three lines of
    the extracted *text*. A list or links after it make it the heading of a
    related-articles box, prose after it a subhead."""
    tail = {" ".join(line.split()) for line in text.splitlines()[-3:]} if text else None
    for p in reversed(tree.xpath("//body//p[count(*)=1][strong or b or em]")):
        child = p[0]
        if (p.text or "").strip() or (child.tail or "").strip() or len(child):
            continue
        name = " ".join((child.text or "").split())
        words = name.split()
        if not 1 <= len(words) <= 4 or len(name) > 50 or re.search(r"[\d:|/@]", name):
            continue
        if not all(w[0].isupper() for w in words):
            continue
        before = [s for s in p.itersiblings("p", preceding=True) if len(s.text_content()) >= 100]
        if len(before) < 3 or _heads_links(p):
            continue
        if any(len(s.text_content()) >= 100 and not _set_apart(s) for s in p.itersiblings("p")):
            continue  # the story goes on: a subhead, not a signature
        if tail is None or name in tail:
            return [name]
    return []


def _set_apart(p: lxml_html.HtmlElement) -> bool:
    """True for a paragraph wholly in bold or italics: an appeal or a note after
    the story ("Did you like this article? ..."), not the story's prose."""
    return len(p) == 1 and p[0].tag in ("strong", "b", "em", "i") and not (p.text or "").strip() \
        and not (p[0].tail or "").strip()


def pick_authors(
    art: dict[str, Any], facts: PageFacts, tree: lxml_html.HtmlElement | None = None, anchor: dates.Anchor | None = None,
    text: str | None = None,
) -> list[str]:
    """Authors: who the JSON-LD credits, when it names a person (an agency credited
    beside the person stays: "Paula Steiger", "SDA"), else the author meta, else
    visible bylines, else a labelled byline ("Von: ..."), else a name signed under
    the story, else the organisation the JSON-LD credits ("ORF.at"), else a source
    naming only the publisher, else trafilatura's guess. A publisher is never
    preferred to a person the page names, and an organisation's name is kept whole,
    never read as a person's."""
    orgs = _organisations(art, facts)
    credited: list[str] = []
    ld_orgs: list[str] = []
    raw = art.get("author")
    for item in (raw if isinstance(raw, list) else [raw])[: 4 * MAX_AUTHORS]:
        if isinstance(item, dict) and "organization" in _types(item) and "person" not in _types(item):
            names = _names(item)
            ld_orgs.extend(names)
            credited.extend(names)
            continue
        credited.extend(p for n in _names(item) for p in _person_names(n))
    people = credited if len(credited) > len(ld_orgs) else []
    publisher: list[str] = []  # a source naming only the publisher: kept in case no person is named
    if not people:
        metas = [m for m in facts.meta_authors if m and not m.startswith("http") and "@" not in m]
        people = [m for m in metas if not _is_organisation(m, orgs)]
        publisher = publisher or metas
    if not people:
        people = [b for b in facts.bylines if not _is_organisation(b, orgs) and not _is_handle(b)]
        publisher = publisher or facts.bylines
    if not people and tree is not None:
        people = labelled_bylines(tree, anchor)
    if not people and tree is not None:
        people = signature_byline(tree, text)
    if not people:
        people = ld_orgs or publisher
    if not people and tree is not None:
        from trafilatura.metadata import extract_author

        found = extract_author(tree)  # trafilatura's byline heuristics, as a last resort (it reads teasers too)
        people = [a.strip() for a in (found or "").split(";")]
    out = []
    for name in people[: 4 * MAX_AUTHORS]:
        name = one_line(name[: 4 * MAX_AUTHOR])
        name = re.sub(r"^(by|von|par|di|por)\s+", "", html.unescape(name).strip(), flags=re.I).strip(" ,;|·-–—")
        if name and "@" not in name and not name.startswith("http") and len(name) < 80:
            out.append(name)
    return list(dict.fromkeys(out))[:MAX_AUTHORS]


_NAME_PART = r"[^\W\d_][\w'’.-]*"
_LAST_FIRST = re.compile(rf"({_NAME_PART}(?: {_NAME_PART})?), ({_NAME_PART}(?: {_NAME_PART}){{0,2}})")
_SUFFIXES = frozenset("jr jr. sr sr. ii iii iv phd md".split())


def _first_last(name: str) -> str:
    """"Lenharo, Mariana" (the citation form of scholarly metadata: one author a tag)
    as "Mariana Lenharo". Only a mixed-case "Last, First": "AFP, MANILA" and
    "Smith, Jr." stay as they are."""
    m = _LAST_FIRST.fullmatch(name)
    if not m:
        return name
    last, first = m.group(1), m.group(2)
    if first.casefold() in _SUFFIXES or not all(p[0].isupper() and p != p.upper() for p in (last, first)):
        return name
    return f"{first} {last}"


def main_text(page: str | lxml_html.HtmlElement, url: str) -> str:
    """The main text by trafilatura (no comments, no metadata pass: newsearch reads
    the metadata itself, which saves a third of trafilatura's time). Given a tree
    (parsed by ``parse_page``), trafilatura works on a copy of it instead of parsing
    the page again."""
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(page, url=url, with_metadata=False, include_comments=False)
    except Exception:  # trafilatura can fail on pathological markup
        return ""
    return (doc.text if doc is not None else "") or ""


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


def article_signals(tree: lxml_html.HtmlElement, facts: PageFacts, evidence: dict[str, Any] | None = None) -> list[str]:
    """The strong signs that a page is a news article, whatever its length: og:type
    article, JSON-LD NewsArticle (or another article type), an entry in a news
    sitemap or feed, an ``<article>`` holding the headline and a byline or a date."""
    found = []
    if facts.meta.get("og:type", "").lower() == "article":
        found.append("og:type")
    if any(_types(obj) & ARTICLE_TYPES for obj in facts.jsonld):
        found.append("json-ld")
    if (evidence or {}).get("via") in ("news-sitemap", "feed"):
        found.append((evidence or {})["via"])
    articles = tree.xpath("//article")
    for art in articles:
        headline = art.xpath(".//h1") or (art.xpath(".//h2[not(.//a)]") if len(articles) == 1 else [])
        if headline and art.xpath(
            ".//time | .//*[@rel='author'] | .//*[@itemprop='author' or @itemprop='datePublished']"
            " | .//*[contains(@class,'byline') or contains(@class,'author') or contains(@class,'date')]"
        ):
            found.append("article-element")
            break
    return found


def prose_words(text: str) -> int:
    """Words in the lines of *text* that read as sentences (six words or more): what
    is left when menu items, bylines and captions a fallback extraction dragged in
    are not counted."""
    counts = (count_words(line) for line in text.splitlines())
    return sum(c for c in counts if c >= 6)


def looks_like_article(
    tree: lxml_html.HtmlElement, facts: PageFacts, url: str, words: int, evidence: dict[str, Any] | None = None,
    prose: int | None = None,
) -> str | None:
    """None when the page reads as an article; otherwise the reason it does not.

    Signals: JSON-LD @type, og:type and a published-time meta (the site says it is an
    article); the URL's shape; the amount of main text (60 words, or 25 words of
    sentences for a page with strong article signals: a news brief); how much of the
    page is teaser links.
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
    prose = words if prose is None else prose
    if words < MIN_WORDS and (prose < MIN_WORDS_BRIEF or not article_signals(tree, facts, evidence)):
        return "too-short"
    if says_article and not says_listing:
        return None
    if kind == "article" and words >= 250:
        return None  # a story-shaped URL with a story's worth of text: teasers around it do not matter
    teasers = len(tree.xpath("//article[.//h2//a or .//h3//a] | //li[h2//a or h3//a] | //div[(h2 or h3) and .//h2//a]"))
    density = link_density(tree)
    if teasers >= 8 or (teasers >= 4 and (says_listing or kind == "listing")) or density > 0.5:
        return "listing"
    if says_listing and kind != "article" and words < 400:
        return "listing"
    return None


def _stated_text(facts: PageFacts) -> str:
    """The story bodies and headlines the page's JSON-LD states, joined (what the
    publisher says the page holds)."""
    parts = [v for obj in facts.jsonld for k in ("articleBody", "headline", "description")
             if isinstance(v := obj.get(k), str)]
    return "\n".join(html.unescape(p) for p in parts)


def _meta_first(facts: PageFacts, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = facts.meta.get(key)
        if value:
            return value
    return None


def parse_page(text_html: str) -> lxml_html.HtmlElement:
    """The page's tree, parsed once for all of extraction: without comments and
    processing instructions, as trafilatura parses a page, so that trafilatura can
    take (a copy of) this tree rather than parse the page a second time."""
    parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)  # one a call: lxml parsers are not thread-safe
    return lxml_html.document_fromstring(text_html, parser=parser)


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
    # escape sequences go before parsing, payload and all, so no field can carry them
    text_html = strip_controls(text_html)
    if not text_html.strip():
        return Rejection(url, "empty")
    try:
        tree = parse_page(text_html)
    except (etree.ParserError, ValueError):
        return Rejection(url, "unparsable")

    facts = read_facts(tree)
    canonical = canonicalize(url)
    candidate = try_canonicalize(facts.canonical, base=url) if facts.canonical else None
    if candidate and (same_site(candidate, site_url or url) or same_site(candidate, url)):
        canonical = candidate

    # date evidence from the untouched tree, strongest first
    art = _article_obj(facts) or {}
    via = evidence.get("via")
    chain: list[tuple[str, Any]] = []
    if evidence.get("date") and via in ("news-sitemap", "feed"):
        chain.append((via, evidence["date"]))
    chain.append(("json-ld", art.get("datePublished") or art.get("dateCreated")))
    chain.append(("meta", _meta_first(facts, dates.DATE_META)))
    anchor = dates.Anchor(tree, (evidence.get("title") or facts.meta.get("og:title") or facts.title_tag or "")[:MAX_TITLE])
    chain.append(("time-element", lambda: dates.time_element_date(tree, anchor=anchor)))
    chain.append(("url", dates.url_date(canonical)))
    published, date_source = dates.choose_date(chain, now)
    updated, _ = dates.choose_date(
        [("json-ld", art.get("dateModified")), ("meta", _meta_first(facts, dates.UPDATED_META))], now
    )

    text = strip_controls(main_text(tree, canonical))
    words = count_words(text)
    if words < MIN_WORDS:  # a shell page: the story may travel in JSON-LD or the app's script data
        scripted = strip_controls(script_body(tree, art, count_words))
        if count_words(scripted) >= max(2 * words, MIN_WORDS_BRIEF):
            text, words = scripted, count_words(scripted)
    else:
        text = drop_chrome_lines(restore_split_body(tree, text))
        stated = _stated_text(facts)
        text = drop_teasers(tree, text, canonical, stated)
        text = drop_repeated_blocks(text)
        text = fill_from_body(trim_to_body(text, art), art)
        text = restore_standfirst(tree, text, [facts.meta.get(k) for k in DESCRIPTION_META])
        words = count_words(text)
    reason = looks_like_article(tree, facts, url, words, evidence, prose_words(text) if words < MIN_WORDS else words)
    if reason:
        return Rejection(url, reason, canonical)
    if published is None:
        published, date_source = dates.choose_date([("page-text", dates.text_date(tree, now, anchor=anchor))], now)
    if published is None:
        published, date_source = dates.choose_date([("htmldate", dates.htmldate_guess(tree, canonical))], now)
    if published and updated and dates.aware(updated) <= dates.aware(published):
        updated = None

    host = urlsplit(canonical).hostname or ""
    source = site_name or facts.meta.get("og:site_name") or facts.meta.get("application-name") or host
    title = pick_title(facts, art, evidence, [facts.meta.get("og:site_name") or "", site_name or "", host], tree, canonical) or ""
    text = drop_headline(text, [title, facts.h1])  # the record has it as its title
    words = count_words(text)

    sections: list[str] = []
    for value in (art.get("articleSection"), facts.meta.get("article:section")):
        sections.extend([value] if isinstance(value, str) else _names(value))
    sections.extend(facts.breadcrumb[1:] if len(facts.breadcrumb) > 1 else facts.breadcrumb)
    tags: list[str] = []
    keywords = art.get("keywords")
    if isinstance(keywords, str):
        tags.extend(keywords.split(","))
    elif isinstance(keywords, list):
        tags.extend(str(k) for k in keywords)
    for key in ("article:tag", "news_keywords", "keywords"):
        tags.extend(facts.meta.get(key, "").split(","))
    tags.extend(evidence.get("tags") or [])
    tags.extend(facts.rel_tags)
    tags = [html.unescape(t).strip() for t in tags if t and t.strip()]
    raw_tags = list(dict.fromkeys([*(s.strip() for s in sections if s and s.strip()), *tags]))
    topics, topic_source = choose_topics(sections, urlsplit(canonical).path, tags, site_topic, f"{title}\n{text}")

    language = (
        normalize_language(art.get("inLanguage") if isinstance(art.get("inLanguage"), str) else None)
        or normalize_language(facts.html_lang)
        or normalize_language(facts.meta.get("og:locale"))
        or guess_language(text)
    )
    image = art.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, dict):
        image = image.get("url")
    image = image if isinstance(image, str) and image else facts.meta.get("og:image")
    description = facts.meta.get("og:description") or facts.meta.get("description")

    return _safe(Article(
        url=canonical,
        title=title,
        text=text,
        description=html.unescape(description) if description else None,
        authors=pick_authors(art, facts, tree, anchor, text),
        date=dates.iso(published) if published else None,
        updated=dates.iso(updated) if updated else None,
        date_source=date_source,
        language=language,
        source=source,
        topics=topics,
        topic_source=topic_source,
        tags=raw_tags[:20],
        image=urljoin(canonical, image) if image else None,
        word_count=words,
        crawled_at=now.replace(microsecond=0).isoformat(),
        fingerprint=to_hex(simhash(text)),
    ))


def _safe(art: Article) -> Article:
    """*art* with no control characters or escape sequences in any text field (a
    page's bytes must never reach a terminal as commands) and with the fields a page
    could make endless bounded: title, authors, description, tags, source."""
    art.title = cap(one_line(art.title), MAX_TITLE)
    art.text = strip_controls(art.text)
    art.description = cap(one_line(art.description), MAX_DESCRIPTION) if art.description else art.description
    art.authors = [a for a in (cap(one_line(a), MAX_AUTHOR) for a in art.authors[:MAX_AUTHORS]) if a]
    art.tags = [t for t in (cap(one_line(t), MAX_TAG) for t in art.tags) if t]
    art.source = cap(one_line(art.source), MAX_SOURCE) if art.source else art.source
    art.image = one_line(art.image) if art.image else art.image
    return art
