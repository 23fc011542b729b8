"""Lines of chrome that survive main-text extraction, found by their shape.

trafilatura keeps what sits inside the story's container, the photo credit under
every picture ("STR/AFP via Getty Images", "Photo: AFP") among it. Credits are
told by form, not by a list of agencies: a short line of capitalised names
joined by slashes (or after a "Photo:" label), without a sentence's punctuation.
Single lines a page repeats are not dropped: interviews repeat their questions and
plans their headings, so repetition alone does not tell a placeholder; a run of
sentences repeated three times is one (``drop_repeated_blocks``). The headline
trafilatura keeps over the story goes too (``drop_headline``): the record has it
as its title.
"""
from __future__ import annotations

import re

from .headline import squash

_CREDIT = re.compile(r"^(?:(?:Photos?|Fotos?|Bild|Image|Credit|Quelle)\s*:\s*)?[^\W\d_][\w'’.&-]*(?:[ /][^\W\d_][\w'’.&-]*)*$")


def _is_credit(line: str) -> bool:
    """"STR/Getty Images", "Long Wei/Costfoto/Barcroft Media via Getty Images",
    "Photo: AFP": up to eight words, a slash or a "Photo:" label, every word but
    "via" capitalised, no sentence punctuation."""
    words = line.split()
    if not 1 <= len(words) <= 8 or not _CREDIT.match(line):
        return False
    labelled = ":" in line
    if not labelled and "/" not in line:
        return False
    names = [w for part in line.split(":")[-1].split("/") for w in part.split() if w != "via"]
    return bool(names) and all(w[0].isupper() for w in names)


def drop_chrome_lines(text: str) -> str:
    """*text* without its photo-credit lines (unchanged when it has none)."""
    lines = text.splitlines()
    kept = [line for line in lines if not _is_credit(line.strip())]
    return text if len(kept) == len(lines) else "\n".join(kept)


_LEAD_LINES = 3  # the headline trafilatura keeps sits above the story, within its first lines


def drop_headline(text: str, headlines: list[str | None]) -> str:
    """*text* without the headline repeated as one of its first lines.

    trafilatura keeps the story's ``<h1>`` when it sits in the story's container;
    the record has the headline in its own field, and the text is the body under
    it. A line goes only when it is, letters and digits compared, one of
    *headlines* (the title picked, the page's ``<h1>``), and only when the body
    goes on after it."""
    wanted = {squash(h) for h in headlines if h and len(squash(h)) >= 8}
    lines = text.splitlines()
    if not wanted or len(lines) < 2:
        return text
    kept = [line for i, line in enumerate(lines) if i >= _LEAD_LINES or squash(line) not in wanted]
    return text if len(kept) == len(lines) else "\n".join(kept)


_MIN_REPEATED_WORDS = 5
_MIN_REPEATS = 3


def _is_sentence(line: str) -> bool:
    line = line.strip().rstrip(")]\"'»”’")  # "... (Twitter, Instagram etc.)"
    return len(line.split()) >= _MIN_REPEATED_WORDS and line[-1:] in ".!?。！？"


def drop_repeated_blocks(text: str) -> str:
    """*text* without the blocks of lines it repeats word for word three times or more:
    the placeholder a page sets in place of every embed ("External content not
    available" / "Your privacy settings prevent ..." / "Enable them in ..."). A
    single line may well repeat in a story (an interview's questions, a meal plan's
    items, a list's bullets), so only a run of two sentences or more counts (five words
    or more, ending as a sentence ends); the lines around every copy that are the
    same each time go with it."""
    lines = text.splitlines()
    keys = [squash(line) if _is_sentence(line) else None for line in lines]
    places: dict[tuple[str, str], list[int]] = {}
    for i in range(len(lines) - 1):
        if keys[i] and keys[i + 1]:
            places.setdefault((keys[i], keys[i + 1]), []).append(i)
    drop: set[int] = set()
    for starts in places.values():
        if len(starts) < _MIN_REPEATS:
            continue
        for i in starts:
            drop.update((i, i + 1))
        for step, edge in ((-1, 0), (2, 1)):  # the same line before (after) every copy goes too
            near = [i + step for i in starts]
            if all(0 <= j < len(lines) for j in near) and len({squash(lines[j]) for j in near}) == 1:
                drop.update(near)
    if not drop:
        return text
    return "\n".join(line for i, line in enumerate(lines) if i not in drop)
