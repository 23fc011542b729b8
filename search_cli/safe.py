"""Text from sites, made safe for a terminal before it is printed.

A headline, author, site name or page text may hold escape sequences (``ESC]0;...BEL``
sets the window title, ``ESC[2J`` clears the screen, OSC 52 writes the clipboard).
Extraction strips them, but records stored before that, or sites.toml values, may
still hold them: every field printed for a person goes through ``clean``, which
shows each control character as a visible ``\\xNN`` / ``\\uNNNN`` escape instead.
"""
from __future__ import annotations

import logging
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


def clean(text: Any, multiline: bool = False) -> str:
    """*text* with every control character shown as an escape; newlines and tabs are
    kept when *multiline* (an article's text), escaped otherwise (a title)."""
    if text is None:
        return ""
    return (_MULTI_LINE if multiline else _ONE_LINE).sub(_escape, str(text))


class CleanFormatter(logging.Formatter):
    """A log formatter for the terminal: site names and URLs in warnings are cleaned."""

    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record), multiline=True)
