"""Teasers in the text: summaries of other stories wrapped in links to them, and
"Read more: <headline>" lines.

A "you might also like" box sets each related story as a card: one link to the
other story around its picture, headline and a paragraph of its summary. When the
box sits inside the story's container, trafilatura keeps the summaries, and they
read as prose. What tells them from the story is the markup, in any language: the
paragraph is inside a link that leads to another page. A sentence of the story
with a link in it is not inside the link; lines the page also shows outside any
link, and lines the page's structured data states as its own, stay.

Between paragraphs, pages set a short label and the headline of another story
("READ MORE: ...", "Les også: ...", "Lesen Sie auch: ..."): a line that is a label
of at most five words ending in a colon or a bar, then one link of four words or
more to another page, and nothing else. A label before a shop's or an account's
name ("See it now: Amazon", "Account: @name") is the story's and stays.
"""
from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin

from lxml import html as lxml_html

from .headline import squash

_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "dd", "dt", "td", "blockquote", "figcaption", "span")
_CARD_LINKS = ".//a[@href][" + " or ".join(f".//{tag}" for tag in _BLOCKS) + "]"  # links around blocks
_MIN_WORDS = 12  # a card's summary, not a headline or a button
_LABEL = re.compile(r"^\W*(?:\w+\W+){0,4}?\w+\s*[:|]\s*$")  # "READ MORE:", "Les også:", "FUNDA LAPHA |"
_LABEL_PARENTS = frozenset("p li div h2 h3 h4 strong b span".split())
_MIN_HEADLINE = 4  # words of the linked headline: fewer is a shop's or an account's name
_MAX_LABELLED = 25  # words of the whole line


def _is_away(href: str | None, url: str) -> bool:
    """True when *href* leads to another page (not an anchor, a script or mail, not this page)."""
    if not href:
        return False
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    return urldefrag(urljoin(url, href))[0].rstrip("/") != urldefrag(url)[0].rstrip("/")


def teaser_texts(tree: lxml_html.HtmlElement, url: str, among: set[str] | None = None) -> set[str]:
    """The squashed texts of the paragraphs the page sets inside links to other pages
    (those *among* the given ones, when given), less those it also shows outside any link."""
    body = tree.find("body")
    if body is None:
        return set()
    inside: dict[str, int] = {}
    cards = set()
    for a in body.xpath(_CARD_LINKS):
        parts = [(el, raw) for el in a.iter(*_BLOCKS) if len((raw := el.text_content()).split()) >= _MIN_WORDS]
        if not parts or not _is_away(a.get("href"), url):
            continue
        whole = a.text_content()  # the card as one line: headline and summary run together
        for el, raw in [*parts, (a, whole)]:
            cards.add(el)
            key = squash(raw)
            if among is None or key in among:
                inside[key] = len(" ".join(raw.split()))
    if not inside:
        return set()
    # the same text shown outside a link is the story's (the length test runs in libxml2)
    low, high = min(inside.values()), max(inside.values())
    for el in body.xpath(f".//*[string-length(normalize-space()) >= {low} and string-length(normalize-space()) <= {high}]"):
        if el in cards or el.tag not in _BLOCKS or (key := squash(el.text_content())) not in inside:
            continue
        if any(x in cards for x in el.iter("a")):
            continue  # a wrapper around the card link, its text all the link's
        if not any(x in cards for x in el.iterancestors(*_BLOCKS)) and not any(
                _is_away(x.get("href"), url) for x in el.iterancestors("a")):
            del inside[key]
            if not inside:
                break
    return set(inside)


def read_more_texts(tree: lxml_html.HtmlElement, url: str, among: set[str]) -> set[str]:
    """The squashed texts (of those *among* the given ones) of the page's blocks made
    of a short label and one link to another page's headline."""
    body = tree.find("body")
    found: set[str] = set()
    if body is None:
        return found
    for a in body.iter("a"):
        block = a.getparent()
        if block is None or block.tag not in _LABEL_PARENTS:
            continue
        link = " ".join(a.text_content().split())
        if len(link.split()) < _MIN_HEADLINE:
            continue
        whole = " ".join(block.text_content().split())
        if len(whole.split()) > _MAX_LABELLED or not whole.endswith(link):
            continue
        if _LABEL.match(whole[: len(whole) - len(link)]) and (key := squash(whole)) in among and _is_away(a.get("href"), url):
            found.add(key)
    return found


def _key(line: str) -> str:
    return squash(line.lstrip("-•* "))  # a list item's marker is trafilatura's, not the page's


def drop_teasers(tree: lxml_html.HtmlElement, text: str, url: str, stated: str = "") -> str:
    """*text* without the summaries of teaser cards and the "Read more: ..." lines
    (unchanged when it has none). A line the page's structured data states
    (*stated*: its JSON-LD bodies and headlines) is the publisher's own and stays."""
    lines = text.splitlines()
    keys = {_key(line) for line in lines}
    found = teaser_texts(tree, url, keys) | read_more_texts(tree, url, keys)
    if not found:
        return text
    stated = squash(stated)
    kept = [line for line in lines if (key := _key(line)) not in found or key in stated]
    return text if len(kept) == len(lines) else "\n".join(kept)
