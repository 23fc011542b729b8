"""Make extracted text fields safe to store and print.

A hostile page can put terminal escape sequences in its headline, byline or body
(``ESC]0;...BEL`` retitles the window, ``ESC[2J`` clears the screen, OSC 52 writes
the clipboard). Every text field of a record goes through :func:`strip_controls`
at extraction, so nothing that reaches the index, an export or a terminal carries
them; :func:`cap` bounds the fields a page could make arbitrarily long.
"""
from __future__ import annotations

import re

# Whole escape sequences first: a terminated OSC/DCS/PM/APC string with its payload
# (the text it would write to the title bar or the clipboard is not part of the
# headline), a CSI (ESC [ params final) and any other ESC sequence. What is left of
# C0 (but tab and newline), DEL and C1 (the one-character forms of the same
# introducers) is then dropped character by character, so an unterminated
# sequence leaves only inert text behind.
_SEQUENCES = re.compile(
    r"\x1b[\]PX^_][^\x07\x1b\x9c]{0,4096}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b\[[\x30-\x3f]{0,64}[\x20-\x2f]{0,16}[\x40-\x7e]"
    r"|\x1b[\x20-\x2f]{0,16}[\x30-\x7e]?"
)
# What is left of C0 (but \t and \n), DEL and C1; \r becomes a line break first.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

MAX_TITLE = 500
MAX_AUTHORS = 20
MAX_AUTHOR = 100
MAX_DESCRIPTION = 2000
MAX_TAG = 100
MAX_SOURCE = 200


def strip_controls(value: str) -> str:
    """*value* without escape sequences and control characters (tab and newline kept)."""
    if not value:
        return value
    if not _CONTROLS.search(value):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", _SEQUENCES.sub("", value))


def one_line(value: str) -> str:
    """*value* cleaned of controls, with runs of whitespace (newlines too) as one space."""
    return " ".join(strip_controls(value).split())


def cap(value: str, limit: int) -> str:
    """*value* cut to at most *limit* characters, at a word boundary when there is one
    in the last fifth, with "…" marking the cut."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.8:
        cut = cut[:space]
    return cut.rstrip() + "…"
