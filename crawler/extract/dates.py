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
    """The date in a URL path like ``/2025/03/14/`` or ``/20250314-``."""
    m = _URL_DATE.search(url) or _URL_DATE_COMPACT.search(url)
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def time_element_date(tree: lxml_html.HtmlElement) -> datetime | None:
    """The first ``<time datetime>`` inside the article body, not in header/nav/aside/footer."""
    candidates = tree.xpath("//article//time[@datetime] | //main//time[@datetime] | //*[@itemprop='datePublished']")
    if not candidates:
        candidates = tree.xpath("//time[@datetime]")
    for el in candidates:
        if el.xpath("ancestor::header[not(ancestor::article)] | ancestor::nav | ancestor::footer | ancestor::aside"):
            continue
        value = el.get("datetime") or el.get("content") or el.text_content()
        dt = parse_date(value)
        if dt:
            return dt
    return None


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
    evidence: list[tuple[str, str | datetime | None]],
    now: datetime,
) -> tuple[datetime | None, str | None]:
    """The first plausible date in *evidence*, an ordered list of (source, value)."""
    for source, value in evidence:
        dt = value if isinstance(value, datetime) else parse_date(value)
        if _plausible(dt, now):
            return dt, source
    return None, None
