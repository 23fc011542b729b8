"""The article body from a page's structured or script data, when its markup has none.

Some sites render the story in the browser: the HTML holds a shell, and the body
travels in JSON-LD ``articleBody`` or in the hydration data of a JavaScript app
(Next.js ``__NEXT_DATA__``, React Query's dehydrated state, Nuxt) as one long JSON
string, often an HTML fragment. trafilatura sees none of it. Used only when the
markup gave too little text, so an ordinary page never pays for it.
"""
from __future__ import annotations

import json
import re
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
