"""The article body from a page's structured or script data, when its markup has none.

Some sites render the story in the browser: the HTML holds a shell, and the body
travels in JSON-LD ``articleBody`` or in the hydration data of a JavaScript app
(Next.js ``__NEXT_DATA__``, React Query's dehydrated state, Nuxt) as one long JSON
string, often an HTML fragment. trafilatura sees none of it. Used only when the
markup gave too little text, so an ordinary page never pays for it. Where the
markup did give the story, JSON-LD ``articleBody`` checks it (``trim_to_body``).
"""
from __future__ import annotations

import html
import json
import re
from collections import Counter
from typing import Any

from lxml import etree
from lxml import html as lxml_html

# a JSON string literal of at least 400 characters (escapes included)
_LONG_STRING = re.compile(r'"((?:[^"\\\n]|\\.){400,})"')
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote")
_SCRIPT_BUDGET = 5_000_000  # characters of inline script read at most
_SENTENCE = re.compile(r"[.!?。！？](?:\s|$|<)")


def _fragment_text(value: str) -> str:
    """Plain text of *value*: its paragraphs one a line when it is an HTML fragment."""
    if "<" not in value:
        return "\n".join(" ".join(line.split()) for line in value.splitlines() if line.strip())
    try:
        root = lxml_html.fragment_fromstring(value, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for el in root.xpath(".//script | .//style | .//figure | .//figcaption | .//iframe"):
        el.drop_tree()
    blocks = [" ".join(el.text_content().split()) for el in root.iter(*_BLOCKS)]
    blocks = [b for b in blocks if b]
    return "\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _candidates(tree: lxml_html.HtmlElement, article: dict[str, Any]) -> list[str]:
    body = article.get("articleBody")
    found = [body] if isinstance(body, str) else []
    budget = _SCRIPT_BUDGET
    for script in tree.iter("script"):
        if script.get("src") or budget <= 0:
            continue
        code = (script.text or "")[:budget]
        budget -= len(code)
        for m in _LONG_STRING.finditer(code):
            try:
                value = json.loads(f'"{m.group(1)}"')
            except ValueError:
                continue
            if len(_SENTENCE.findall(value)) >= 3:
                found.append(value)
    return found


def script_body(tree: lxml_html.HtmlElement, article: dict[str, Any], count_words) -> str:
    """The longest prose body in the page's JSON-LD ``articleBody`` or inline script
    strings, as plain text; "" when there is none."""
    best, best_words = "", 0
    for value in _candidates(tree, article):
        text = _fragment_text(value)
        words = count_words(text)
        if words > best_words:
            best, best_words = text, words
    return best


_TOKEN = re.compile(r"\w+")


def _bag(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def trim_to_body(text: str, article: dict[str, Any]) -> str:
    """*text* without the lines the page's own JSON-LD ``articleBody`` does not hold.

    The structured body is the publisher's statement of what the story says. When
    the extracted text holds nearly all of it (recall at least 0.9) plus a good deal
    more (precision under 0.9), the extra lines are chrome trafilatura kept: photo
    credits, "read more" boxes, newsletter and paywall blurbs. A line stays when at
    least half its word pairs are in the body; the lines before the body's first
    (the standfirst) and subheads of up to five words always stay. A structured body that is only a summary
    (under half the text's words) decides nothing.
    """
    raw = article.get("articleBody")
    if not isinstance(raw, str) or len(raw) < 200 or not text:
        return text
    body_text = _fragment_text(html.unescape(raw) if "&lt;" in raw else raw)
    body = _bag(body_text)
    got = _bag(text)
    common = sum((got & body).values())
    got_n, body_n = sum(got.values()), sum(body.values())
    if not got_n or body_n < 0.5 * got_n or common < 0.9 * body_n or common >= 0.95 * got_n:
        return text
    pairs = _pairs(body_text)
    kept: list[str] = []
    started = False
    for line in text.splitlines():
        mine = _pairs(line)
        if not mine:
            continue
        in_body = sum(1 for p in mine if p in pairs) >= 0.5 * len(mine)
        started = started or in_body
        # the standfirst before the body and short subheads are the story's, whether or
        # not the structured body repeats them
        if in_body or not started or len(mine) < 5:
            kept.append(line)
    return "\n".join(kept)


def _pairs(text: str) -> list[tuple[str, ...]]:
    """Consecutive word pairs of *text* (the word itself for a one-word line): unlike
    single words, they tell a sentence of the story from a line that only shares
    its common words."""
    words = _TOKEN.findall(text.lower())
    return [tuple(words[i:i + 2]) for i in range(len(words) - 1)] if len(words) > 1 else [tuple(words)] if words else []


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…»”\"。！？])\s+(?=\S)")
_PROSE_END = re.compile(r"[.!?…»”\"。！？]$")
MIN_FILL_WORDS = 6  # a sentence put back from the structured body is prose, not a caption or a button


def fill_from_body(text: str, article: dict[str, Any]) -> str:
    """*text* with the sentences of the page's JSON-LD ``articleBody`` it lost, put
    back where the body has them.

    The other half of ``trim_to_body``: when nearly all of the text is in the
    structured body (at least 0.9 of its words) but the text misses some of the
    body (it holds under 0.97 of it, and the body is at most half as long again),
    trafilatura dropped part of the story: a paragraph set in a box, a sentence
    inside a link. Only whole sentences of prose come back (six words or more,
    ending as a sentence ends), so a body padded with photo captions ("... (Picture:
    PA)"), video-player notices or list stubs gives nothing back."""
    raw = article.get("articleBody")
    if not isinstance(raw, str) or len(raw) < 200 or not text:
        return text
    body_text = _fragment_text(html.unescape(raw) if "&lt;" in raw else raw)
    body, got = _bag(body_text), _bag(text)
    common = sum((got & body).values())
    got_n, body_n = sum(got.values()), sum(body.values())
    if not got_n or common < 0.9 * got_n or common >= 0.97 * body_n or body_n > 1.5 * got_n:
        return text
    lines = text.splitlines()
    where: dict[tuple[str, ...], int] = {}
    for i, line in enumerate(lines):
        for pair in _pairs(line):
            where.setdefault(pair, i)
    after: dict[int, list[str]] = {}
    last = -1  # the line of the last body sentence the text has
    for sentence in (s for line in body_text.splitlines() for s in _SENTENCE_SPLIT.split(line)):
        mine = _pairs(sentence)
        if not mine:
            continue
        found = [where[p] for p in mine if p in where]
        if len(found) >= 0.5 * len(mine):
            last = Counter(found).most_common(1)[0][0]
        elif len(sentence.split()) >= MIN_FILL_WORDS and _PROSE_END.search(sentence.strip()):
            after.setdefault(last, []).append(sentence.strip())
    if not after:
        return text
    out = list(after.get(-1, []))
    for i, line in enumerate(lines):
        out.append(line)
        out.extend(after.get(i, []))
    return "\n".join(out)
