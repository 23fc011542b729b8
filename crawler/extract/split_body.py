"""Bodies split across sections: put the sections trafilatura left out back.

Some publishers (Condé Nast's Wired and New Yorker among them) cut a long story
into several sibling containers of one class, with ads or pull quotes between
them. trafilatura picks one container and the story loses half its text. When the
extracted text holds the paragraphs of some containers of such a run and none of
the others, the missing ones are restored in page order.
"""
from __future__ import annotations

from collections import defaultdict

from lxml import html as lxml_html

_MIN_PARAGRAPHS = 3  # a container counts when it has this many <p> children of prose
_MAX_LINK_SHARE = 0.3  # paragraphs mostly made of links are teasers, not the story


def _paragraphs(el: lxml_html.HtmlElement) -> list[str]:
    out = []
    for p in el:
        if p.tag != "p":
            continue
        text = " ".join(p.text_content().split())
        if len(text) >= 20:
            out.append(text)
    return out


def _link_share(el: lxml_html.HtmlElement) -> float:
    total = len(" ".join(el.text_content().split())) or 1
    linked = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return linked / total


def _present(paragraph: str, text: str) -> bool:
    return paragraph[:60] in text


def restore_split_body(tree: lxml_html.HtmlElement, text: str) -> str:
    """*text* with the sections of a split story body it is missing, in page order."""
    groups: dict[tuple[str, str], list[list[str]]] = defaultdict(list)
    for el in tree.iter("div", "section"):
        cls = el.get("class")
        if not cls:
            continue
        paras = _paragraphs(el)
        if len(paras) >= _MIN_PARAGRAPHS and _link_share(el) < _MAX_LINK_SHARE:
            groups[(el.tag, cls)].append(paras)
    flat = " ".join(text.split())
    for members in groups.values():
        if len(members) < 2:
            continue
        shares = [sum(_present(p, flat) for p in paras) / len(paras) for paras in members]
        if not any(s >= 0.6 for s in shares) or not any(s == 0 for s in shares):
            continue
        if any(0 < s < 0.6 for s in shares):
            continue  # partly there: not a clean split, leave it
        lines = text.splitlines()
        ordered = [p for paras in members for p in paras]
        first_present = next(paras for paras, s in zip(members, shares) if s >= 0.6)[0]
        first = next((i for i, line in enumerate(lines) if first_present[:60] in " ".join(line.split())), None)
        present_last = [p for paras, s in zip(members, shares) if s >= 0.6 for p in paras][-1]
        last = next((i for i in range(len(lines) - 1, -1, -1) if present_last[:60] in " ".join(lines[i].split())), None)
        if first is None or last is None or last < first:
            return text + "\n" + "\n".join(p for paras, s in zip(members, shares) if s == 0 for p in paras)
        return "\n".join([*lines[:first], *ordered, *lines[last + 1:]])
    return text
