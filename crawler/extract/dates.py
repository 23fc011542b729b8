"""Publication dates from the strongest evidence a page and its listings give.

The order is the point: a date that the site's news sitemap or feed gave for the
URL, then structured data (JSON-LD, meta), then a ``<time>`` inside the article,
then the URL, and only then htmldate's guess on the page with its header, nav and
footer removed (the masthead's "today" is the classic wrong date). Never a date
in the future, never the modification date when the publication date is known.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from functools import cached_property
from typing import Callable

from lxml import html as lxml_html

DATE_META = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "publishdate", "publish-date", "pubdate", "publish_date",
    "dc.date.issued", "dcterms.created", "dc.date", "sailthru.date", "parsely-pub-date",
    "article.published", "date", "cxenseparse:recs:publishtime", "originalpublicationdate",
)
UPDATED_META = ("article:modified_time", "og:updated_time", "datemodified", "lastmod", "dcterms.modified")

_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=/|-|_|\.|$)")
_URL_DATE_COMPACT = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=/|-|_)")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_URL_DATE_MONTH = re.compile(r"/((?:19|20)\d{2})/(" + "|".join(_MONTHS) + r")[a-z]{0,6}/(0?[1-9]|[12]\d|3[01])(?=/)", re.I)


def parse_date(value: str | None) -> datetime | None:
    """A datetime for an ISO 8601 (or RFC 822) string; naive values stay naive."""
    if not value:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        pass
    m = re.match(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|Z|UTC|GMT)?", value)
    if m:
        tz = (m.group(3) or "").replace("UTC", "+00:00").replace("GMT", "+00:00").replace("Z", "+00:00")
        if tz and ":" not in tz:
            tz = tz[:3] + ":" + tz[3:]
        try:
            return datetime.fromisoformat(f"{m.group(1)}T{m.group(2)}{tz}")
        except ValueError:
            return None
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value)
    if m:
        try:
            return datetime.fromisoformat(m.group(1))
        except ValueError:
            return None
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None


def iso(dt: datetime) -> str:
    """ISO 8601 text: date only when the source gave no time of day."""
    if dt.tzinfo is None and dt.hour == dt.minute == dt.second == 0 and dt.microsecond == 0:
        return dt.date().isoformat()
    return dt.isoformat()


def aware(dt: datetime) -> datetime:
    """*dt* with UTC assumed when it has no offset, so any two dates compare."""
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _plausible(dt: datetime | None, now: datetime) -> bool:
    if dt is None or dt.year < 1995:
        return False
    return aware(dt) <= now + timedelta(days=1)


def url_date(url: str) -> datetime | None:
    """The date in a URL path like ``/2025/03/14/``, ``/20250314-`` or ``/2024/feb/24/``."""
    m = _URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)
    if not m:
        m = _URL_DATE_MONTH.search(url)
        if not m:
            return None
        month = _MONTHS.index(m.group(2)[:3].lower()) + 1
        try:
            return datetime(int(m.group(1)), month, int(m.group(3)))
        except ValueError:
            return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# Class or id words of blocks that hold other pages' dates or the site's own: comments,
# teasers of other stories, sidebars, the masthead's "today", tickers. A block named
# so is chrome only when it does not also hold the headline (an article header
# called "entry-header" is not the site header).
_CHROME_NAME = re.compile(
    r"comment|related|popular|most-?(?:read|viewed|shared|popular)|trending|recommend|sidebar|widget"
    r"|masthead|site-?header|header-?(?:wrap|top|bar)|top-?bar|top-?menu|ticker|newsletter|promo|outbrain|taboola"
    r"|more-?(?:stories|news|articles)|read-?next|also-?read|today|current-?date|footer|breadcrumb|crumbs",
    re.I,
)
# a block holding a link to another story's headline (or a link wrapping one) is a teaser
_HEADLINE_LINK = ".//h2//a[@href] | .//h3//a[@href] | .//h4//a[@href] | .//a[@href][.//h2 or .//h3 or .//h4]"
_TEXT_DATE_MAX = 100  # characters of an element's text that can be a dateline ("By Jane Rivers, 3 March 2025")


def _squash(value: str) -> str:
    return re.sub(r"\W+", "", value.casefold())


def headline_element(tree: lxml_html.HtmlElement, title_hint: str | None = None) -> lxml_html.HtmlElement | None:
    """The element that shows the article's headline: the ``<h1>`` whose text the
    page's title names (a logo in an ``<h1>`` does not), else an ``<h2>`` that holds the
    title (beside a kicker at most; not a teaser's link), else the first ``<h1>``,
    else an element marked as the headline."""
    hint = _squash(title_hint or "")
    h1s = [h for h in tree.iter("h1") if _squash(h.text_content())]
    for h in h1s:
        text = _squash(h.text_content())
        if hint and len(text) >= 8 and (text in hint or hint in text):
            return h
    if hint and len(hint) >= 8:  # no <h1> names it: the page may set its headline in an <h2>
        for h in tree.iter("h2"):
            text = _squash(h.text_content())
            if hint in text and len(text) < len(hint) + 60 and not h.xpath("ancestor::nav | ancestor::footer | ancestor::aside | ancestor::a"):
                return h
    for h in h1s:
        if not h.xpath("ancestor::nav | ancestor::footer | ancestor::aside"):
            return h
    found = tree.xpath(
        "//*[@itemprop='headline'] | //*[contains(concat(' ', normalize-space(@class), ' '), ' headline ')]"
        " | //*[contains(@class,'entry-title') or contains(@class,'article-title') or contains(@class,'post-title')]"
    )
    return found[0] if found else None


class Anchor:
    """Where the article is: the headline (or byline) element, its ancestors and the
    document order, to measure how far a date is from it."""

    def __init__(self, tree: lxml_html.HtmlElement, title_hint: str | None):
        self.element = headline_element(tree, title_hint)
        if self.element is None:
            bylines = tree.xpath("//*[@rel='author'] | //*[contains(@class,'byline')] | //article")
            self.element = bylines[0] if bylines else None
        self.up: dict[lxml_html.HtmlElement, int] = {}
        if self.element is not None:
            for steps, el in enumerate([self.element, *self.element.iterancestors()]):
                self.up[el] = steps
        self._tree = tree
        self._teasers: dict[lxml_html.HtmlElement, bool] = {}

    @cached_property
    def order(self) -> dict[lxml_html.HtmlElement, int]:
        """Every element's place in document order (built on the first ``rank``: a
        page dated by its sitemap or JSON-LD never needs it)."""
        return {el: i for i, el in enumerate(self._tree.iter())}

    @cached_property
    def position(self) -> int:
        return self.order.get(self.element, 0)

    def _teaser(self, el: lxml_html.HtmlElement) -> bool:
        """Whether *el* holds a headline link (cached: many dates share their blocks)."""
        if el not in self._teasers:
            self._teasers[el] = bool(el.xpath(_HEADLINE_LINK))
        return self._teasers[el]

    def rank(self, el: lxml_html.HtmlElement) -> tuple[int, int] | None:
        """How far *el* is from the headline (smaller is nearer), or None when it sits
        in chrome: a comment, a teaser of another story, a sidebar, the masthead."""
        branch: list[lxml_html.HtmlElement] = []
        node: lxml_html.HtmlElement | None = el
        while node is not None and node not in self.up:
            branch.append(node)
            node = node.getparent()
        if node is None:  # no anchor: judge the date's own blocks only
            steps_to_anchor = 0
        else:
            steps_to_anchor = self.up[node]
        for b in branch:
            tag = b.tag if isinstance(b.tag, str) else ""
            if tag in ("nav", "aside", "form"):
                return None
            if tag in ("header", "footer") and not b.xpath("ancestor::article"):
                return None  # the site's header or footer, not the article's
            name = f"{b.get('class', '')} {b.get('id', '')}"
            if _CHROME_NAME.search(name):
                return None
            if self._teaser(b):
                return None  # a block that links to another story's headline: a teaser
        distance = len(branch) + steps_to_anchor
        offset = self.order.get(el, 0) - self.position
        return distance, abs(offset)


def time_element_date(tree: lxml_html.HtmlElement, title_hint: str | None = None, anchor: Anchor | None = None) -> datetime | None:
    """The ``<time datetime>`` (or ``itemprop=datePublished``) nearest the headline,
    never one in comments, teasers, sidebars, navigation or the masthead."""
    anchor = anchor or Anchor(tree, title_hint)
    ranked = []
    for el in tree.xpath("//time[@datetime] | //*[@itemprop='datePublished']"):
        rank = anchor.rank(el)
        if rank is None:
            continue
        dt = parse_date(el.get("datetime") or el.get("content") or el.text_content())
        if dt:
            parent = el.getparent()
            around = len(" ".join(parent.text_content().split())) - len(" ".join(el.text_content().split())) if parent is not None else 0
            if around > 40:  # a date in a sentence ("reported on the radio on <time>") is not the dateline
                rank = (rank[0] + 3, rank[1])
            ranked.append((rank, dt))
    return min(ranked, key=lambda r: r[0])[1] if ranked else None


def _parse_text_date(text: str, now: datetime) -> datetime | None:
    from htmldate.extractors import try_date_expr

    try:
        found = try_date_expr(text, "%Y-%m-%d", False, datetime(1995, 1, 1), now.replace(tzinfo=None) + timedelta(days=1))
    except Exception:  # htmldate's parsers raise assorted errors on odd text
        return None
    return parse_date(found) if found else None


def text_date(tree: lxml_html.HtmlElement, now: datetime, title_hint: str | None = None, anchor: Anchor | None = None) -> datetime | None:
    """A date written as text (a dateline, "November 14, 2025" beside the byline),
    the one nearest the headline, never in comments, teasers, sidebars or the masthead.

    Candidates are the smallest elements whose whole text is short and reads as a
    date; a date in running text is not one (it names events, not publication).
    """
    anchor = anchor or Anchor(tree, title_hint)
    body = tree.find("body")
    if body is None:
        return None
    seen: set[lxml_html.HtmlElement] = set()
    ranked = []
    for el in body.iter():
        if not isinstance(el.tag, str) or el.tag in ("script", "style", "noscript", "template"):
            continue
        owners = []
        if el.text and any(c.isdigit() for c in el.text):
            owners.append(el)
        parent = el.getparent()
        if el.tail and parent is not None and any(c.isdigit() for c in el.tail):
            owners.append(parent)
        for owner in owners:
            if owner in seen:
                continue
            seen.add(owner)
            text = " ".join(owner.text_content().split())
            if not 6 <= len(text) <= _TEXT_DATE_MAX:
                continue
            rank = anchor.rank(owner)
            if rank is None:
                continue
            dt = _parse_text_date(text, now)
            if dt:
                ranked.append((rank, dt))
    return min(ranked, key=lambda r: r[0])[1] if ranked else None


def htmldate_guess(tree: lxml_html.HtmlElement, url: str) -> datetime | None:
    """htmldate's original-date guess, on a copy without page chrome."""
    from copy import deepcopy

    from htmldate import find_date

    clean = deepcopy(tree)
    for el in clean.xpath(
        "//header[not(ancestor::article)] | //nav | //footer | //aside | //form"
        " | //*[contains(@class,'teaser') or contains(@class,'related') or contains(@class,'recommend')]"
    ):
        el.drop_tree()
    try:
        found = find_date(clean, url=None, original_date=True, extensive_search=True, outputformat="%Y-%m-%d")
    except Exception:  # htmldate raises assorted errors on odd trees
        return None
    return parse_date(found) if found else None


def choose_date(
    evidence: list[tuple[str, str | datetime | Callable[[], datetime | None] | None]],
    now: datetime,
) -> tuple[datetime | None, str | None]:
    """The first plausible date in *evidence*, an ordered list of (source, value); a
    value may be a function, called only when no earlier source gave a date (the
    costly lookups in the markup are then skipped on a page its metadata dates)."""
    for source, value in evidence:
        if callable(value):
            value = value()
        dt = value if isinstance(value, datetime) else parse_date(value)
        if _plausible(dt, now):
            return dt, source
    return None, None
