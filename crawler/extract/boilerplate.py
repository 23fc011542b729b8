"""Lines of chrome that survive main-text extraction, found by their shape.

trafilatura keeps what sits inside the story's container, the photo credit under
every picture ("STR/AFP via Getty Images", "Photo: AFP") among it. Credits are
told by form, not by a list of agencies: a short line of capitalised names
joined by slashes (or after a "Photo:" label), without a sentence's punctuation.
(Lines a page repeats are not dropped: interviews repeat their questions and
plans their headings, so repetition alone does not tell a placeholder.)
"""
from __future__ import annotations

import re
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
