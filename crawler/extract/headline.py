"""The headline as the page shows it.

A page states its headline up to five times: JSON-LD ``headline``, ``og:title``,
``twitter:title``, ``<title>`` and the heading over the story, and they disagree
more often than one would think. The SEO title (``<title>``, often the JSON-LD
headline too) is written for search engines; some sites put it in an ``<h1>``
inside the breadcrumb and show the reader another headline in an ``<h2>`` over
the story; the social title is sometimes the one the page shows, sometimes a
shortened one; a kicker ("Dachzeile", "overline") sits before the headline,
in the heading's own element or glued on with a colon. The rule here: find the
heading the reader sees over the story (not one in a breadcrumb, the navigation
or a teaser), and take the stated headline that agrees with it; the heading's
kicker, when the markup sets it apart, is not part of the headline.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

# a heading in a breadcrumb, or marked as the SEO copy of the title, is not what the reader sees
_NOT_SHOWN = re.compile(r"breadcrumb|seo[-_]?title|sr-only|visually-hidden|screen-reader", re.I)
_CHROME_TAGS = frozenset({"nav", "aside", "footer", "a", "form"})
_PUNCT_ONLY = re.compile(r"^[\W_]*$")


@dataclass(frozen=True)
class Heading:
    """The visible headline: its whole text, and the headline without a kicker set
    in an element of its own (the same when there is none)."""

    full: str
    main: str
    tag: str


def squash(value: str) -> str:
    """*value* casefolded with everything but letters and digits removed: how two
    statements of one headline are compared (quotes, dashes and colons differ)."""
    return re.sub(r"[\W_]+", "", value.casefold())


def _text(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def _same_page(href: str, url: str | None) -> bool:
    """True when *href* leads to *url* itself (a headline linked to its own permalink)."""
    if not url:
        return False
    here, there = urlsplit(url), urlsplit(urljoin(url, href.strip()))
    return there.netloc.lower() == here.netloc.lower() and there.path.rstrip("/") == here.path.rstrip("/") != ""


def _shown(el: lxml_html.HtmlElement, url: str | None = None) -> bool:
    """False for a heading in chrome: a breadcrumb, the navigation, a link to
    another page, a form, the footer, or one marked as hidden or as the SEO title."""
    if any(not _same_page(href, url) for href in el.xpath(".//a/@href")):
        return False  # a teaser's headline links to its story, a logo to the front page
    for node in (el, *el.iterancestors()):
        if node.tag in _CHROME_TAGS:
            return False
        if node.tag == "header" and node.getparent() is not None and node.getparent().tag == "body":
            return False  # the site's masthead
        name = f"{node.get('class', '')} {node.get('id', '')}"
        if _NOT_SHOWN.search(name) or node.get("aria-hidden") == "true" or node.get("hidden") is not None:
            return False
        if node.tag == "body":
            break
    return True


def _main_part(el: lxml_html.HtmlElement, full: str) -> str:
    """The headline inside a heading that sets a kicker apart: ``<h1><span
    class=kicker>Eskalation</span><span>Headline</span></h1>``. Only when all the
    heading's text sits in its child elements (but separators) and the last of
    them is the longest; else the whole heading."""
    direct = (el.text or "") + "".join(c.tail or "" for c in el)
    if not _PUNCT_ONLY.match(direct.strip()):
        return full
    parts = [t for t in (_text(c) for c in el if isinstance(c.tag, str)) if t and not _PUNCT_ONLY.match(t)]
    if len(parts) < 2:
        return full
    main = parts[-1]
    if len(main.split()) < 3 or len(main) < max(len(p) for p in parts):
        return full
    return main


def visible_heading(tree: lxml_html.HtmlElement, site_names: list[str] = (), url: str | None = None,
                    confirm: list[str] = ()) -> Heading | None:
    """The heading the reader sees over the story: the first shown ``<h1>``; on a
    page without one, the first shown ``<h2>`` inside the ``<article>`` or a
    header (where sites that spend their ``<h1>`` on the breadcrumb put it). A
    heading that is only the site's name (a logo) is passed over, and so is one
    that links anywhere but to the page itself (*url*). When the page states its
    headline elsewhere (*confirm*: JSON-LD, og:title, ``<title>``...), the first
    such heading that one of them confirms wins over an earlier one none does: a
    widget's "Artikel merken" set as an ``<h1>`` before the story's own is not its
    headline. (A two-word heading none confirms may still be one: "Легкий троннинг".)"""
    logos = {squash(n) for n in site_names if n}
    statements = [s for s in (squash(c) for c in confirm if c) if s]
    first: Heading | None = None
    for xpath in ("//body//h1", "//body//h2[ancestor::article or ancestor::header"
                  " or ancestor::*[contains(@class,'header') or contains(@class,'head')]]"):
        for el in tree.xpath(xpath)[:12]:
            full = _text(el)
            if len(full) < 8 or squash(full) in logos or not _shown(el, url):
                continue
            heading = Heading(full, _main_part(el, full), el.tag)
            if not statements or _confirmed(heading, statements):
                return heading
            first = first or heading
    return first


_CONFIRM_CHARS = 15  # squashed: shorter headings ("Politik") sit inside any title by chance
_CONFIRM_SHARE = 0.6  # of the statement: a subheading's words inside a long title do not confirm it


def _confirmed(heading: Heading, statements: list[str]) -> bool:
    """True when a (squashed) stated headline is, give or take a site's name or a
    kicker, the heading: "Headline | Site" states "Headline", "Kicker Headline" shows
    "Headline"."""
    full = squash(heading.full)
    for part in {squash(heading.main), full}:
        if len(part) >= _CONFIRM_CHARS and any(part in s and len(part) >= _CONFIRM_SHARE * len(s) for s in statements):
            return True
    return any(len(s) >= _CONFIRM_CHARS and s in full and len(s) >= _CONFIRM_SHARE * len(full) for s in statements)


def agreeing_headline(heading: Heading, stated: list[str]) -> str | None:
    """The stated headline (JSON-LD, og:title, a sitemap's title, in that order of
    trust) that the visible *heading* confirms; None when none does.

    A stated headline agrees when it is the heading's headline without the kicker
    the markup sets apart, or the whole heading (the publisher states the kicker
    as part of it), or the heading's end (the heading is "Kicker Headline" in one
    element). The heading itself is taken when a stated headline holds it with
    more around it ("Kicker: Headline" or "Headline - tagline" stated, "Headline"
    shown, in an ``<h1>``)."""
    main, full = squash(heading.main), squash(heading.full)
    if not main:
        return None
    for value in stated:
        if squash(value) == main:
            return value
    for value in stated:
        if squash(value) == full:
            return value  # the publisher states the kicker as part of its headline
    for value in stated:
        sq = squash(value)
        if len(sq) >= 12 and full.endswith(sq) and len(sq) >= 0.5 * len(full):
            return value
    if heading.tag == "h1" and len(heading.main.split()) >= 3:
        for value in stated:
            if main in squash(value):
                return heading.main
    return None
