"""A small stopword vote for the page language when the page does not declare one."""
from __future__ import annotations

import re

_STOPWORDS = {
    "en": "the and of to in is that for it with as was on are be by this from at have has not but",
    "de": "der die und das ist nicht sich mit den auf ein eine dem des von zu für im auch wird",
    "fr": "le la les et des est une dans pour que qui sur pas par plus avec sont ont du au",
    "es": "el la los las que de en y por para con una un es del se su como más pero",
    "it": "il che di la per non una sono della con del le dei anche si nel alla gli",
    "nl": "de het een en van is dat op te zijn met voor niet aan er ook als bij",
    "pt": "que de não uma os para com por mais como das dos ao foi são pelo seu",
}
_SETS = {lang: frozenset(words.split()) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_language(text: str) -> str | None:
    """The language whose stopwords are most common in *text*, or None when unsure."""
    words = _WORD.findall(text[:5000].lower())
    if len(words) < 20:
        return None
    scores = {lang: sum(1 for w in words if w in stop) for lang, stop in _SETS.items()}
    lang, best = max(scores.items(), key=lambda kv: kv[1])
    return lang if best >= 0.08 * len(words) else None


def normalize_language(value: str | None) -> str | None:
    """``en-GB`` → ``en``; ``de_DE`` → ``de``; junk → None."""
    if not value:
        return None
    code = re.split(r"[-_]", value.strip().lower())[0]
    return code if re.fullmatch(r"[a-z]{2,3}", code) else None
