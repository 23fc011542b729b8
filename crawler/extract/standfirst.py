"""The standfirst over the story, when main-text extraction left it out.

Most news pages set a summary of a sentence or two between the headline and the
story (the standfirst, dek or lead), in its own element outside the container
trafilatura picks as the story. The page's description meta usually states the
same summary. When an element of the page shows the description word for word,
comes before the story's first line, and the text lacks it, it is put back above
the story's first line of prose: it is what the reader sees first. A description
the page does not show (a search-engine summary only), or shows only under the
story or inside a link, is not put in.

Measured on the corpus (benchmarks/extraction.py): macro recall 0.985 -> 0.990,
F1 0.964 -> 0.965. Where the truth leaves standfirsts out (one of the corpus's two
sources does), precision pays for it.
"""
from __future__ import annotations

import re

from lxml import html as lxml_html

from .headline import squash

_WORD = re.compile(r"\w+")
_PROSE_WORDS = 8  # the first line this long is where the story starts
_MIN_CHARS = 40  # letters and digits: shorter descriptions are labels, not a standfirst
_SKIP = frozenset(("script", "style", "noscript", "template", "head", "title", "meta", "a", "button", "figcaption"))


_DEPTH = 4  # ancestors of a text node's element that may be the whole standfirst or paragraph


def _holders(body: lxml_html.HtmlElement, texts: list[str]) -> set[lxml_html.HtmlElement]:
    """The elements that may show one of *texts*: those around a text node holding its longest word."""
    found: set[lxml_html.HtmlElement] = set()
    for value in texts:
        words = _WORD.findall(value[:300])
        if not words:
            continue
        for node in body.xpath(".//text()[contains(., $w)]", w=max(words, key=len)):
            el = node.getparent()
            if el is None:
                continue
            if node.is_tail:
                el = el.getparent()
            for _ in range(_DEPTH):
                if el is None or el is body:
                    break
                found.add(el)
                el = el.getparent()
    return found


def restore_standfirst(tree: lxml_html.HtmlElement, text: str, descriptions: list[str | None]) -> str:
    """*text* with the page's visible standfirst above its first line of prose, when
    the text lacks it (unchanged otherwise)."""
    lines = text.splitlines()
    if not lines:
        return text
    flat = squash(text)
    wanted = {}
    for d in descriptions:
        s = squash(d or "")
        if len(s) >= _MIN_CHARS and s not in flat:
            wanted.setdefault(s, d)
    if not wanted:
        return text
    body = tree.find("body")
    if body is None:
        return text
    # the story's first line of prose (a headline, a date or a byline may stand above it)
    at = next((i for i, line in enumerate(lines) if len(line.split()) >= _PROSE_WORDS), 0)
    first_line = " ".join(lines[at].split())
    first = squash(first_line)[:60]
    if not first:
        return text
    # only elements holding a text node with the longest word of a description (or of
    # the first line), and a few of their ancestors, can be either: libxml2 finds the
    # text nodes, and only those elements' text is compared
    found = _holders(body, [*wanted.values(), first_line])
    if not found:
        return text
    shows, firsts = set(), set()
    longest = 2 * max(len(v) for v in [*wanted.values(), first_line]) + 100  # longer is a container
    for el in found:
        if not isinstance(el.tag, str) or el.tag in _SKIP or len(raw := el.text_content()) > longest:
            continue
        own = squash(raw)
        if own in wanted and not el.xpath("ancestor::a"):
            shows.add(el)
        if own.startswith(first):
            firsts.add(el)
    if not shows or not firsts:
        return text
    # the first of them on the page decides: a summary the story's first line comes
    # before is not a standfirst
    shown = None
    for el in body.iter():
        if el in firsts:
            return text
        if el in shows:
            shown = " ".join(el.text_content().split())  # (not a container: see *longest*)
            break
    if shown is None:
        return text
    return "\n".join([*lines[:at], shown, *lines[at:]])
