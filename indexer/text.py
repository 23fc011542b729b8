"""Text from sites, made safe to print or log: one cleaner for every layer.

A headline, author, site name, URL or error message may hold escape sequences
(``ESC]0;...BEL`` sets the window title, ``ESC[2J`` clears the screen, OSC 52 writes
the clipboard). :func:`escape_controls` shows each control character as a visible
``\\xNN`` / ``\\uNNNN`` escape instead, so what a site sent is still readable. It
lives here, at the bottom layer, so the crawler (its stderr warnings, crawl.log)
and the CLI use the same rule without the crawler importing the CLI.
"""
from __future__ import annotations

import re
from typing import Any

from indexer.jsontext import BIDI, UNSAFE

# C0 controls, DEL, C1 controls, the line separators U+2028/2029 and the bidirectional
# controls: the set JSON output escapes too (indexer.jsontext.UNSAFE). Where text keeps
# its lines, tab, newline and the line separators stay.
_ONE_LINE = re.compile(f"[\x00-\x1f{UNSAFE}]")
_MULTI_LINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI}]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: Any, multiline: bool = False) -> str:
    """*text* with every control character shown as an escape; newlines and tabs are
    kept when *multiline* (an article's text), escaped otherwise (a title)."""
    if text is None:
        return ""
    return (_MULTI_LINE if multiline else _ONE_LINE).sub(_escape, str(text))


def log_field(text: Any, limit: int = 300) -> str:
    """*text* as one field of a tab-separated log line: controls escaped, runs of
    whitespace (tabs and newlines too) as one space, at most *limit* characters."""
    return " ".join(escape_controls(text, multiline=True).split())[:limit]


def log_line(status: str, url: str, detail: Any = "") -> str:
    """One line of crawl.log: local time, status, URL, detail (a title or a reason),
    tab-separated, controls escaped, newline-ended."""
    import time

    return f"{time.strftime('%Y-%m-%dT%H:%M:%S')}\t{status}\t{url}\t{log_field(detail)}\n"
