"""An Atom feed (RFC 4287) of the newest stories a query or a watch matches.

Written with the standard library's ElementTree (escaping and well-formedness are
its job). feedgen was the first choice, but its 1.0.0 drops the ``rel`` and
``type`` of entry links (lkiesow/python-feedgen#135, open since 2024), which
makes two links per entry invalid Atom. What the RFC asks and this module sees
to: feed id/title/updated/author, entry id/title/updated and one
``rel="alternate"`` link, dates in RFC 3339 with an offset, and text without the
control characters XML cannot carry (titles come from arbitrary pages).
"""
from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from .home import Home

if TYPE_CHECKING:
    from .watch import Story, Watch

ATOM = "http://www.w3.org/2005/Atom"
#: Characters XML 1.0 cannot hold (C0 controls but tab/newline/CR, lone surrogates, U+FFFE/FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str | None) -> str:
    return _NOT_XML.sub("", value or "")


def feed_id(home: Home, watch: "Watch") -> str:
    """A permanent id for the feed: the same watch (or query and filters) in the same home
    gives the same id on every run, so a feed reader keeps following one feed."""
    if watch.name:
        key = f"newsearch:{home.root.resolve()}:watch:{watch.name}:{watch.created!r}"
    else:
        key = f"newsearch:{home.root.resolve()}:query:{watch.describe()}"
    return uuid.uuid5(uuid.NAMESPACE_URL, key).urn


def _rfc3339(dt: datetime) -> str:
    return dt.astimezone(timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = _text(text)
    return el


def atom_feed(home: Home, watch: "Watch", stories: list["Story"], now: datetime | None = None) -> bytes:
    """The feed as UTF-8 XML: newest story first, one entry per story (its earliest copy,
    the other copies as ``rel="related"`` links)."""
    from .watch import aware_utc

    now = now or datetime.now(timezone.utc)
    feed = ET.Element("feed", {"xmlns": ATOM})
    _add(feed, "id", feed_id(home, watch))
    _add(feed, "title", f"newsearch: {watch.name}" if watch.name else f"newsearch: {watch.query}")
    _add(feed, "subtitle", f"Newest stories matching {watch.describe()}")
    updated_el = _add(feed, "updated")
    author = _add(feed, "author")
    _add(author, "name", "newsearch")
    _add(feed, "generator", "newsearch", uri="https://github.com/newsearch/newsearch")
    newest: datetime | None = None
    for story in stories:
        hit = story.hit
        published = aware_utc(hit.date) or aware_utc(story.crawled_at)
        updated = aware_utc(story.updated) or published or now
        if published and updated < published:  # a page's "modified" before its "published": take the later
            updated = published
        newest = max(newest, updated) if newest else updated
        entry = _add(feed, "entry")
        _add(entry, "id", hit.url)
        _add(entry, "title", _text(hit.title) or hit.url)
        _add(entry, "updated", _rfc3339(updated))
        if published:
            _add(entry, "published", _rfc3339(published))
        _add(entry, "link", href=hit.url, rel="alternate", type="text/html")
        for url in hit.copies:
            _add(entry, "link", href=url, rel="related", type="text/html")
        names = [n.strip() for n in (hit.author or "").split(";") if n.strip()]
        for name in names or [hit.source or "unknown"]:
            _add(_add(entry, "author"), "name", name)
        for topic in hit.topics:
            _add(entry, "category", term=topic)
        summary = _text(hit.description or hit.snippet)
        if summary:
            _add(entry, "summary", summary, type="text")
    updated_el.text = _rfc3339(newest or now)
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def newest_feed(home: Home, watch: "Watch", limit: int = 20) -> bytes:
    """The feed of the *limit* newest stories *watch* (or a query as an unnamed Watch)
    matches, seen or not: a feed marks nothing seen."""
    from .watch import matching_stories

    stories = matching_stories(home, watch, lambda urls: set(), include_seen=True, limit=limit)
    return atom_feed(home, watch, stories)
