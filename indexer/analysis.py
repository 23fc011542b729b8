"""Whoosh's StemmingAnalyzer in one pass: the same tokens at a fraction of the cost.

Whoosh analyses a field through a chain of four generators (tokenizer, lowercase,
stop words, Porter stemmer behind an LFU cache wrapper), each a Python call per word;
at ~215 postings an article that chain was 42% of indexing time. :class:`NewsAnalyzer`
is that chain, item for item (so it compares, prints and pickles like one), with a
``__call__`` that does the four steps in one loop over one regex pass and looks each
word up in one plain dict (raw word -> indexed term, "" for a stop word). The tokens
are the same: text, positions (Whoosh's renumbering after removed stop words
included), character offsets, ``stopped`` flags. Calls the fast path does not cover
(``tokenize=False``, ``keeporiginal``) go through the chain.

:class:`NewsText` is Whoosh's TEXT field whose ``index`` skips tokens altogether for
the common case: the term -> positions table straight from the words, encoded as
Whoosh's ``Positions`` format encodes it (the same bytes).

Both pickle as the Whoosh classes they stand for (a ``CompositeAnalyzer`` of the same
four parts, ``TEXT``), so the schema in the index's table of contents is the one an
index of Whoosh's own StemmingAnalyzer holds: any Whoosh 2.7, and older newsearch
releases, open the index as before. newsearch opens it with its own schema
(``indexer.writer.open_index``), and so gets these classes back.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from whoosh.analysis import STOP_WORDS, CompositeAnalyzer, LowercaseFilter, RegexTokenizer, StopFilter, Token
from whoosh.analysis.morph import StemFilter
from whoosh.analysis.tokenizers import default_pattern
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.lang.porter import stem

#: Whoosh's default token pattern with its group made non-capturing: the same matches,
#: and ``findall`` then returns whole words.
_WORDS = re.compile(default_pattern.pattern.replace("(\\.?", "(?:\\.?"), re.UNICODE)
assert _WORDS.pattern != default_pattern.pattern

#: raw word (as the tokenizer found it) -> its indexed term, "" when it is a stop word.
#: Bounded: a long-lived process (a crawl, the API) starts it again past MAX_TERMS.
_TERMS: dict[str, str] = {}
#: lowercased word -> Porter stem (what the snippet highlighter also uses)
STEMS: dict[str, str] = {}
MAX_TERMS = 500_000


def stem_word(low: str) -> str:
    """The Porter stem of a lowercased word, cached."""
    try:
        return STEMS[low]
    except KeyError:
        if len(STEMS) >= MAX_TERMS:
            STEMS.clear()
        value = STEMS[low] = stem(low)
        return value


class NewsAnalyzer(CompositeAnalyzer):
    """``StemmingAnalyzer()`` (default pattern, Whoosh's stop words, words of 2+
    characters, Porter stems), fused into one loop."""

    def __init__(self) -> None:
        super().__init__(RegexTokenizer(), LowercaseFilter(), StopFilter(), StemFilter())

    def _plain(self) -> tuple[frozenset[str], int] | None:
        """(stop words, minimum length) when the chain is the one this class makes (an
        unpickled one is checked too; the word cache is shared, so only that chain may
        use it), else None: then every call goes through the chain."""
        try:
            return self.__dict__["_fused"]
        except KeyError:
            pass
        tok, low, stop, stemf = (list(self.items) + [None] * 4)[:4]
        plain = (len(self.items) == 4 and type(tok) is RegexTokenizer and tok.expression.pattern == default_pattern.pattern
                 and not tok.gaps and type(low) is LowercaseFilter and type(stop) is StopFilter and stop.max is None
                 and stop.stops == STOP_WORDS and stop.min == 2 and stop.renumber and type(stemf) is StemFilter and stemf.stemfn is stem and not stemf.ignore
                 and stemf.lang is None)
        fused = (stop.stops, stop.min) if plain else None
        self.__dict__["_fused"] = fused
        return fused

    def __reduce__(self) -> tuple[Any, ...]:
        return CompositeAnalyzer, tuple(self.items)  # what StemmingAnalyzer() makes

    def _learn(self, raw: str) -> str:
        """The term of a word not seen yet (only for the plain chain), remembered."""
        stops, minsize = self._plain() or (frozenset(), 0)
        low = raw.lower()
        term = "" if len(low) < minsize or low in stops else stem_word(low)
        if len(_TERMS) >= MAX_TERMS:
            _TERMS.clear()
        _TERMS[raw] = term
        return term

    def word_positions(self, value: str) -> dict[str, list[int]]:
        """term -> its positions in *value*, as Whoosh's Positions format collects them
        from the chain's index-mode tokens (stop words removed, positions renumbered
        from the first kept word's)."""
        get = _TERMS.get
        poses: dict[str, list[int]] = {}
        pos = -1
        for i, raw in enumerate(_WORDS.findall(value)):
            term = get(raw)
            if term is None:
                term = self._learn(raw)
            if term:
                pos = i if pos < 0 else pos + 1
                found = poses.get(term)
                if found is None:
                    poses[term] = [pos]
                else:
                    found.append(pos)
        return poses

    def __call__(self, value: Any, positions: bool = False, chars: bool = False, keeporiginal: bool = False,
                 removestops: bool = True, start_pos: int = 0, start_char: int = 0, tokenize: bool = True,
                 mode: str = "", no_morph: bool = False, **kwargs: Any) -> Iterator[Token]:
        fused = self._plain()
        if fused is None or keeporiginal or not tokenize or not isinstance(value, str):
            return super().__call__(value, positions=positions, chars=chars, keeporiginal=keeporiginal,
                                    removestops=removestops, start_pos=start_pos, start_char=start_char,
                                    tokenize=tokenize, mode=mode, no_morph=no_morph, **kwargs)
        return self._tokens(value, positions, chars, removestops, start_pos, start_char, mode, no_morph, kwargs)

    def _tokens(self, value: str, positions: bool, chars: bool, removestops: bool, start_pos: int, start_char: int,
                mode: str, no_morph: bool, kwargs: dict[str, Any]) -> Iterator[Token]:
        stops, minsize = self.__dict__["_fused"]
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        pos = None
        for i, m in enumerate(_WORDS.finditer(value)):
            low = m.group().lower()
            if len(low) >= minsize and low not in stops:
                t.text = low if no_morph else stem_word(low)
                t.stopped = False
                if positions:
                    pos = start_pos + i if pos is None else pos + 1
                    t.pos = pos
            elif removestops:
                continue
            else:
                t.text, t.stopped = low, True
                if positions:
                    t.pos = start_pos + i
            t.boost = 1.0
            if chars:
                t.startchar, t.endchar = start_char + m.start(), start_char + m.end()
            yield t


#: Encoded Positions values of a word seen once, by its position (most words of an
#: article occur once; the encoding is a pickle, the costliest step left per posting).
_ONCE: dict[int, bytes] = {}
ONCE_UP_TO = 20_000


class NewsText(TEXT):
    """Whoosh's TEXT field; with a :class:`NewsAnalyzer` and the Positions format it
    indexes a string without making tokens: the same postings, the same bytes."""

    def __reduce_ex__(self, protocol: Any) -> tuple[Any, ...]:
        import copyreg

        # pickled as Whoosh's TEXT (the standard library's way of making an object of a
        # class without calling it; pickle's __newobj__ insists on the object's own class)
        return copyreg._reconstructor, (TEXT, object, None), dict(self.__dict__)

    def index(self, value: Any, **kwargs: Any) -> Iterator[tuple[bytes, int, float, bytes]]:
        analyzer, fmt = self.analyzer, self.format
        if kwargs or type(value) is not str or type(fmt) is not Positions or not isinstance(analyzer, NewsAnalyzer) \
                or analyzer._plain() is None:
            return super().index(value, **kwargs)
        return self._index(analyzer.word_positions(value), fmt)

    @staticmethod
    def _index(poses: dict[str, list[int]], fmt: Positions) -> Iterator[tuple[bytes, int, float, bytes]]:
        boost = fmt.field_boost
        encode = fmt.encode
        for word, plist in poses.items():
            n = len(plist)
            if n == 1 and plist[0] < ONCE_UP_TO:
                p = plist[0]
                value = _ONCE.get(p)
                if value is None:
                    value = _ONCE[p] = encode(plist)
            else:
                value = encode(plist)
            yield word.encode("utf-8"), n, float(n) * boost, value
