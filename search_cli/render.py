"""How search hits look: on a terminal (wrapped, coloured when wanted) and as JSON.

Kept apart from the commands so everything that prints hits (``query``, saved
searches) shows them the same way: ``hit_lines`` for a terminal (every field through
``search_cli.safe.clean``), ``hit_record`` for JSON Lines (printed with
``indexer.jsontext.dumps``). Nothing here touches the index.
"""
from __future__ import annotations

import os
import shutil
from typing import IO, Any

from search_cli.safe import clean

#: Where the search marks matched words in a snippet: private-use characters that take
#: no room when wrapping and become colour codes (or nothing) when printed.
MARKS = ("\ue000", "\ue001")
HIGHLIGHT = ("\x1b[1;33m", "\x1b[0m")
INDENT = " " * 5
COLOR_CHOICES = ("auto", "always", "never")

def use_color(choice: str, stream: IO[str]) -> bool:
    """Whether to colour *stream*: ``always``/``never`` as asked; ``auto`` colours a
    terminal unless ``NO_COLOR`` is set (https://no-color.org) or ``TERM=dumb``."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def terminal_width() -> int:
    """Columns to fill: the terminal's (or ``COLUMNS``), 80 when unknown; never under 40."""
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def _visible(word: str) -> int:
    return len(word) - word.count(MARKS[0]) - word.count(MARKS[1])


def wrap(text: str, width: int, first: str = INDENT, rest: str = INDENT) -> list[str]:
    """Words of *text* in lines of at most *width* columns, the first starting with
    *first*, the others with *rest*. Marks take no room; a word longer than a line
    gets a line of its own rather than being cut."""
    lines: list[str] = []
    line, used = first, len(first)
    fresh = True
    for word in text.split():
        size = _visible(word)
        if not fresh and used + 1 + size > width:
            lines.append(line)
            line, used, fresh = rest, len(rest), True
        if fresh:
            line, used, fresh = line + word, used + size, False
        else:
            line, used = f"{line} {word}", used + 1 + size
    if not fresh:
        lines.append(line)
    return lines


def style(text: str, color: bool, **styles: Any) -> str:
    import click

    return click.style(text, **styles) if color else text


def _paint_marks(line: str, color: bool) -> str:
    on, off = HIGHLIGHT if color else ("", "")
    return line.replace(MARKS[0], on).replace(MARKS[1], off)


def hit_lines(rank: int, hit: Any, *, color: bool = False, width: int | None = None) -> list[str]:
    """One hit for a terminal: rank and title, source · date · topics · copies, URL,
    and the snippet, each wrapped to *width* under the same indent."""
    width = width or terminal_width()
    date = (hit.date or "")[:16].replace("T", " ") or "date unknown"
    meta = [clean(hit.source or "?"), date]
    if hit.topics:
        meta.append(clean(", ".join(hit.topics)))
    if hit.other_sources or hit.copies:
        n = len(hit.copies)
        others = f" ({', '.join(clean(s) for s in hit.other_sources)})" if hit.other_sources else ""
        meta.append(f"+{n} other source{'s' if n != 1 else ''}{others}")
    title = clean(hit.title or hit.url).replace(MARKS[0], "").replace(MARKS[1], "")
    out = [style(line, color, bold=True) for line in wrap(title, width, first=f"{rank:>3}. ")]
    out += [style(line, color, fg="cyan") for line in wrap(" · ".join(meta), width)]
    out.append(INDENT + style(clean(hit.url), color, fg="blue"))  # never broken: it is copied whole
    if hit.snippet:
        out += [_paint_marks(line, color) for line in wrap(clean(hit.snippet), width)]
    return out


def hit_record(hit: Any) -> dict[str, Any]:
    """One hit as the JSON object ``query --json`` prints (fields listed in the README)."""
    record = hit.to_json()
    if isinstance(record.get("snippet"), str):
        record["snippet"] = record["snippet"].replace(MARKS[0], "").replace(MARKS[1], "")
    return record


def summary(results: Any) -> str:
    """"N results, page x of y" for the whole result list."""
    n = results.total
    return f"{n} result{'s' if n != 1 else ''}, page {results.page} of {results.pages}"


def partial_heading(results: Any) -> str:
    """The line that marks where stories with only some of the words begin."""
    if results.full == 0:
        return "No story has all the words; these have some of them:"
    return "Stories with only some of the words:"
