"""JSON text that is exact and safe to print: no raw control characters at all.

``json.dumps`` escapes U+0000-U+001F, but with ``ensure_ascii=False`` it leaves DEL,
the C1 controls U+0080-U+009F (U+009B is a one-byte CSI to many terminals) and the
bidirectional overrides raw. They can only occur inside JSON strings, so writing
them as ``\\uXXXX`` keeps every value exactly as it was when parsed back.
"""
from __future__ import annotations

import json
import re
from typing import Any

#: The bidirectional marks, overrides and isolates that reorder what follows them.
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
#: What a terminal must never get raw beyond the C0 controls (which ``json.dumps``
#: escapes itself): DEL, the C1 controls, the line/paragraph separators and BIDI.
#: A regex character-class body, shared with ``search_cli.safe``.
UNSAFE = f"\x7f-\x9f\u2028\u2029{BIDI}"
_RAW = re.compile(f"[{UNSAFE}]")


def dumps(value: Any, indent: int | None = None) -> str:
    """``json.dumps(value, ensure_ascii=False)`` with every control character escaped."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
