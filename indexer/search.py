"""Ranked search over the index: BM25F on title and text, filters, story grouping.

Imports only Whoosh and the standard library, so ``newsearch query`` starts fast.
"""
from __future__ import annotations

import heapq
import re
from array import array
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Iterable, Iterator

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from whoosh import collectors, highlight
from whoosh.idsets import DocIdSet
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, OrGroup, PlusMinusPlugin
from whoosh.query import And, NullQuery, NumericRange, Or, Phrase, Query, Term
from whoosh.searching import Results as _WhooshResults

from . import evaluation, stories

from .damage import guard_index
from .errors import EmptyIndexError, QuerySyntaxError, QueryTooLongError
from .home import Home
from .schema import EPOCH
from .store import RecordStore
from .writer import open_index

#: Fields a query may name, as ``field:value``, with their aliases.
QUERY_FIELDS = ("title", "text", "topics", "tags", "source", "author", "language")
FIELD_ALIASES = {"topics": ["topic"], "author": ["by", "authors"], "language": ["lang"]}
#: The fields a word that names no field is searched in.
DEFAULT_FIELDS = ("title", "text")
_NAMED_FIELD = re.compile(r"(?<![\w\"])(\w+):")
SNIPPET_CHARS = 240
#: Longest query taken, in characters and in words: each word costs a posting-list
#: walk and a spelling lookup, and 15,000 words ran for minutes.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 50
#: A query with explicit operators means what it says: it is never loosened to OR.
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b|(^|\s)[-+]\S")


@dataclass
class Hit:
    """One story in the results: its earliest copy, and how many other copies there are."""

    url: str
    title: str
    date: str | None
    source: str | None
    topics: list[str]
    author: str | None
    language: str | None
    score: float
    snippet: str
    description: str | None = None
    duplicate_of: str | None = None
    other_sources: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    partial: bool = False  # matches only some of the query's words (follows the full matches)

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url, "title": self.title, "date": self.date, "topics": self.topics,
            "source": self.source, "author": self.author, "language": self.language,
            "score": round(self.score, 4), "snippet": self.snippet, "description": self.description,
            "other_sources": self.other_sources, "copies": self.copies, "partial": self.partial,
        }


@dataclass
class Results:
    """One page of stories, and what the whole result list holds."""

    hits: list[Hit]
    page: int
    more: bool
    suggestion: str | None = None
    loosened: bool = False  # True when some hits match only part of the query (OR fallback)
    total: int = 0  # stories in the whole result list (articles with all_copies)
    full: int = 0  # of which match every word; the partial matches follow them
    limit: int = 10
    warnings: list[str] = field(default_factory=list)  # e.g. an unknown field name in the query

    @property
    def pages(self) -> int:
        """Pages of *limit* stories in the whole result list (at least 1)."""
        return max(1, -(-self.total // self.limit))


@dataclass
class Filters:
    """What ``--since``, ``--until``, ``--topic``, ``--source`` and ``--lang`` ask for."""

    since: date | None = None
    until: date | None = None
    topics: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)

    def day_range(self) -> tuple[int | None, int | None]:
        lo = (self.since - EPOCH.date()).days if self.since else None
        hi = (self.until - EPOCH.date()).days if self.until else None
        return lo, hi

    def query(self, schema: Any) -> Query | None:
        """The filter as a Whoosh query on the day number and keyword fields (never on
        DATETIME ranges, which Whoosh 2.7 mishandles)."""
        parts: list[Query] = []
        lo, hi = self.day_range()
        if lo is not None or hi is not None:
            parts.append(NumericRange("day", lo, hi))
        parts += self.term_queries(schema)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)

    def term_queries(self, schema: Any) -> list[Query]:
        """The filter's parts other than the day range: a query for each of topics,
        sources and languages asked for."""
        parts: list[Query] = []
        if self.topics:
            parts.append(Or([Term("topics", t.lower()) for t in self.topics]))
        if self.sources:
            alts = [q for q in (source_query(schema, s) for s in self.sources) if q is not None]
            if alts:
                parts.append(Or(alts))
        if self.languages:
            parts.append(Or([Term("language", lang.lower()) for lang in self.languages]))
        return parts


def source_query(schema: Any, source: str) -> Query | None:
    """The articles of a ``--source`` ("Harbour Post", "post"): its words in order in the
    source field; None when it has no word."""
    words = [t.text for t in schema["source"].analyzer(source)]
    if not words:
        return None
    return Phrase("source", words) if len(words) > 1 else Term("source", words[0])


#: Filter sets a searcher keeps (by query); a kept searcher (the API) reuses them
#: until the index changes (a refreshed searcher is a new object with none).
FILTER_CACHE = 16


class _Allowed(DocIdSet):
    """The documents a filter allows, by global document number: a day range read from
    the ``date`` column (one array, instead of the posting lists of every day in the
    range), and sets of the documents each other part matches. Only asked ``in``,
    for each match of the query (Whoosh's FilterCollector)."""

    def __init__(self, dates: Any, lo: int, hi: int, sets: list[set[int]]) -> None:
        self.dates, self.lo, self.hi, self.sets = dates, lo, hi, sets

    def __bool__(self) -> bool:  # FilterCollector takes a false filter as none
        return True

    def __contains__(self, docnum: int) -> bool:
        if self.dates is not None and not self.lo <= self.dates[docnum] < self.hi:
            return False
        return all(docnum in s for s in self.sets)

    def restrict(self, docs: set[int]) -> set[int]:
        """The documents of *docs* the filter allows (``in`` for a whole set at once)."""
        for s in sorted(self.sets, key=len):
            docs = docs & s
        if self.dates is not None and docs:
            dates, lo, hi = self.dates, self.lo, self.hi
            docs = {d for d in docs if lo <= dates[d] < hi}
        return docs


def _cache(searcher: Any) -> dict[Any, Any]:
    return searcher.__dict__.setdefault("_newsearch_cache", {})


def _dates(searcher: Any) -> Any:
    """Every document's ``date`` (Whoosh's column value: microseconds since 1970), by
    global document number, read once per searcher as whole arrays."""
    import sys
    from array import array

    cache = _cache(searcher)
    if "dates" in cache:
        return cache["dates"]
    out = array("q")
    for leaf, offset in searcher.leaf_searchers():
        reader = leaf.reader()
        total = reader.doc_count_all()
        out.extend([-(2**63)] * (offset - len(out)))  # leaves are contiguous: nothing, normally
        col = reader.column_reader("date", translate=False) if reader.has_column("date") else None
        raw = getattr(col, "_dbfile", None)
        count = min(getattr(col, "_count", 0), total)
        if raw is not None and getattr(col, "_fixedlen", 0) == 8:
            part = array("q")
            part.frombytes(raw.get(col._basepos, 8 * count))
            if sys.byteorder == "little":
                part.byteswap()  # stored big-endian
        else:  # another column layout: ask it document by document
            part = array("q", (col[d] for d in range(count)) if col is not None else ())
        out.extend(part)
        # documents past the column's end have no date: outside every range
        out.extend([-(2**63)] * (total - len(part)))
    cache["dates"] = out
    return out


def allowed(searcher: Any, filters: Filters) -> Any:
    """What FilterCollector's ``allow`` takes for *filters* (None: everything), its
    parts kept on the searcher for the next search with the same filter."""
    schema = searcher.schema
    lo, hi = filters.day_range()
    sets = []
    cache = _cache(searcher).setdefault("filters", {})
    for q in filters.term_queries(schema):
        key = repr(q)
        found = cache.get(key)
        if found is None:
            if len(cache) > FILTER_CACHE:
                cache.clear()
            found = evaluation.matching(searcher, q)
            if found is None:
                found = set(searcher.docs_for_query(q))
            cache[key] = found
        sets.append(found)
    if lo is None and hi is None:
        if not sets:
            return None
        if len(sets) == 1 and sets[0]:  # (an empty set would mean "no filter" to Whoosh)
            return sets[0]
        return _Allowed(None, 0, 0, sets)
    field = schema["date"]
    low = field.to_column_value(datetime(1970, 1, 1) + timedelta(days=lo)) if lo is not None else -(2**63) + 1
    high = field.to_column_value(datetime(1970, 1, 1) + timedelta(days=hi + 1)) if hi is not None else 2**63 - 1
    return _Allowed(_dates(searcher), low, high, sets)


class _Marker(highlight.Formatter):
    """Wrap each matched term in *pre* / *post* (ANSI bold on a terminal, nothing in a pipe)."""

    between = " … "

    def __init__(self, pre: str, post: str) -> None:
        self.pre, self.post = pre, post

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"{self.pre}{highlight.get_text(text, token, replace)}{self.post}"

    def format(self, fragments: list[Any], replace: bool = False) -> str:
        """The fragments joined by " … ", with "…" where the text goes on before the
        first or after the last: a snippet cut mid-sentence says so."""
        out = super().format(fragments, replace)
        if out and fragments:
            first, last = fragments[0], fragments[-1]
            if first.text[:first.startchar].strip():
                out = "… " + out
            if last.text[last.endchar:].strip():
                out += " …"
        return out


#: Whoosh's default tokenizer pattern (whoosh.analysis.tokenizers.default_pattern).
_TOKEN = re.compile(r"[\w\*]+(\.?[\w\*]+)*", re.UNICODE)


def _fragments(text: str, words: frozenset[str], fragmenter: Any) -> Iterator[Any]:
    """``ContextFragmenter.fragment_tokens`` over the tokens the ``text`` field's
    StemmingAnalyzer makes of *text* (index mode, stop words kept, each marked matched
    when its term is one of *words*), in one loop: the same fragments, holding the same
    matched tokens, without a Token set up for every word of the text and two
    generators between. A word is stemmed only when its first letter starts a term. (Whoosh's merging of
    matched tokens joins only overlapping ones, and regex tokens never overlap.)"""
    from collections import deque

    from whoosh.analysis import STOP_WORDS, Token

    from .analysis import stem_word

    maxchars, surround, charlimit = fragmenter.maxchars, fragmenter.surround, fragmenter.charlimit
    heads = {w[:1] for w in words}
    proto = Token(positions=True, chars=True, removestops=False, mode="index")
    proto.boost, proto.matched = 1.0, True
    first = None
    firsts: deque[int] = deque()
    countdown = -1
    tks: list[Any] = []
    endchar = None
    currentlen = 0
    for pos, m in enumerate(_TOKEN.finditer(text)):
        startchar, endchar = m.span()
        tlength = endchar - startchar
        if charlimit and endchar > charlimit:
            break
        low = m.group().lower()
        matched = False
        if low[:1] in heads:  # else neither the word nor its stem (same first letter) is a term
            if len(low) < 2 or low in STOP_WORDS:
                stopped, term = True, low  # a stop word matches when a stem is spelled as it ("will")
            else:
                stopped, term = False, stem_word(low)
            matched = term in words
        if countdown < 0 and not matched:
            firsts.append(startchar)
            while firsts and endchar - firsts[0] > surround:
                firsts.popleft()
        elif currentlen + tlength > maxchars:
            countdown = 0
        elif matched:
            countdown = surround
            if first is None:
                if firsts:
                    first = firsts[0]
                else:
                    first = startchar
                    countdown += surround
            t = proto.copy()
            t.text, t.stopped, t.pos, t.startchar, t.endchar = term, stopped, pos, startchar, endchar
            tks.append(t)
        if countdown >= 0:
            currentlen += tlength
            countdown -= tlength
            if countdown <= 0:
                yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)
                tks = []
                firsts = deque()
                first = None
                currentlen = 0
    if tks:
        yield highlight.mkfrag(text, tks, startchar=first, endchar=endchar)


class _Highlighter(highlight.Highlighter):
    """Whoosh's highlighter, cutting the ``text`` field's fragments with _fragments
    (a ContextFragmenter's, which ``highlighted`` sets): the same fragments and snippets
    (highlighting was a third of a query's time)."""

    def highlight_hit(self, hitobj: Any, fieldname: str, text: str | None = None, top: int = 3,
                      minscore: int = 1, strict_phrase: bool = False) -> str:
        if fieldname != "text" or text is None or strict_phrase:
            return super().highlight_hit(hitobj, fieldname, text, top, minscore, strict_phrase)
        results = hitobj.results
        field_type = results.searcher.schema[fieldname]
        if results.has_matched_terms():
            bterms = (term for term in results.matched_terms() if term[0] == fieldname)
        else:
            bterms = results.query_terms(expand=True, fieldname=fieldname)
        words = frozenset(field_type.from_bytes(term[1]) for term in bterms)
        fragments = highlight.top_fragments(_fragments(text, words, self.fragmenter), top, self.scorer, self.order, minscore=minscore)
        return self.formatter.format(fragments)


def highlighted(results: Any, mark: tuple[str, str] = ("", "")) -> Any:
    """*results*, their hits now making snippets (``hit_for``) with each matched word
    between *mark*'s two strings."""
    results.highlighter = _Highlighter(
        fragmenter=highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60), formatter=_Marker(*mark))
    return results


@contextmanager
def _searching(home: Home, searcher: Any = None) -> Iterator[Any]:
    """The caller's open searcher (``NewsIndex`` keeps one across searches), else a new
    one on the home's index, closed afterwards."""
    if searcher is not None:
        yield searcher
        return
    with open_index(home).searcher() as own:
        yield own


def _parser(schema: Any, group: Any) -> MultifieldParser:
    parser = MultifieldParser(["title", "text"], schema, group=group)
    parser.add_plugin(FieldAliasPlugin(FIELD_ALIASES))
    parser.add_plugin(PlusMinusPlugin())  # -word excludes, +word requires
    return parser


def unknown_fields(text: str, schema: Any) -> list[str]:
    """A warning for each ``name:`` in *text* that names no field: Whoosh then searches
    ``name`` as a plain word, which is rarely what was meant (``tit:iraq``)."""
    known = set(QUERY_FIELDS) | {a for names in FIELD_ALIASES.values() for a in names}
    unquoted = re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), text)
    warnings = []
    for m in _NAMED_FIELD.finditer(unquoted):
        name = m.group(1)
        if name in known or name in schema.names() or name.isdigit() or unquoted.startswith("//", m.end()):
            continue  # a field, a time such as 10:30, or a URL
        close = min(sorted(known), key=lambda k: (_edits(name.lower(), k), not k.startswith(name.lower())))
        hint = f"did you mean {close}:?" if _edits(name.lower(), close) <= 2 else f"fields: {', '.join(sorted(known))}"
        warnings.append(f"unknown field {name + ':'!r} in the query, searched as plain words; {hint}")
    return list(dict.fromkeys(warnings))


def _is_free(clause: Query) -> bool:
    """A clause over the default fields: a word, phrase or prefix the user gave no field."""
    names = {getattr(leaf, "fieldname", None) for leaf in (clause.leaves() if not clause.is_leaf() else [clause])}
    return isinstance(clause, Or) and names == set(DEFAULT_FIELDS)


def loosen(strict: Query) -> Query | None:
    """The partial-match query for a query of plain words: any of its free words, but
    every fielded part (``source:"Valley Times"``) still required. None when there is
    nothing to loosen (fewer than two free words)."""
    clauses = list(strict.subqueries) if isinstance(strict, And) else [strict]
    free = [c for c in clauses if _is_free(c)]
    if len(free) < 2:
        return None
    required = [c for c in clauses if not _is_free(c)]
    return And([*required, Or(free)]) if required else Or(free)


def parse_query(text: str, schema: Any, loose: bool = False) -> Query:
    """Parse the user's query; AND between words unless *loose* (which ORs every part,
    fields too: partial matches use ``loosen``, which keeps fields required)."""
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryTooLongError(f"the query is {len(text)} characters long; at most {MAX_QUERY_CHARS} are taken")
    words = len(re.findall(r"\w+", text))
    if words > MAX_QUERY_WORDS:
        raise QueryTooLongError(f"the query has {words} words; at most {MAX_QUERY_WORDS} are taken")
    searchable = set(QUERY_FIELDS) | {a for names in FIELD_ALIASES.values() for a in names}
    for name in _NAMED_FIELD.findall(re.sub(r'"[^"]*"', " ", text)):
        if name in schema.names() and name not in searchable:
            raise QuerySyntaxError(
                f"the field {name!r} cannot be searched; use one of {', '.join(QUERY_FIELDS)} "
                "(dates: --since/--until)"
            )
    try:
        q = _parser(schema, OrGroup if loose else AndGroup).parse(text)
    except Exception as exc:  # whoosh raises assorted errors on odd syntax
        raise QuerySyntaxError(f"cannot parse the query {text!r}: {exc}") from exc
    if q is NullQuery:
        raise QuerySyntaxError(f"the query {text!r} has no words to search for")
    for leaf in q.leaves() if q.is_leaf() is False else [q]:
        field_name = getattr(leaf, "fieldname", None)
        if field_name and field_name not in QUERY_FIELDS:
            raise QuerySyntaxError(
                f"the field {field_name!r} cannot be searched; use one of {', '.join(QUERY_FIELDS)} "
                "(dates: --since/--until)"
            )
    return q.accept(_topic_alias)


def _topic_alias(node: Query) -> Query:
    """``topic:football`` as ``--topic football`` takes it: the topic an alias names."""
    if isinstance(node, Term) and node.fieldname == "topics" and isinstance(node.text, str):
        from .topics import topic_for

        topic = topic_for(node.text)
        if topic and topic != node.text:
            return Term("topics", topic, boost=node.boost)
    return node


def _without_title(text: str, title: str) -> str:
    """The text without the headline it may start with (pages often repeat it in the
    body), so a snippet does not say the title twice."""
    head = " ".join(title.split())
    if head:
        words = text.split(None, len(head.split()))
        if " ".join(words[: len(head.split())]).casefold() == head.casefold():
            return words[-1] if len(words) > len(head.split()) else ""
    return text


def _snippet(hit: Any, text: str, fallback: str, title: str = "") -> str:
    text = _without_title(text, title)
    if text:
        try:
            frag = hit.highlights("text", text=text, top=2)
        except Exception:
            frag = ""
        if frag:
            return " ".join(frag.split())
    plain = " ".join((fallback or text).split())
    return plain[:SNIPPET_CHARS] + ("…" if len(plain) > SNIPPET_CHARS else "")


_FIELD_PART = re.compile(r"\w+:(\"[^\"]*\"|\S*)")
_NEGATED = re.compile(r'(?<![\w-])-(?:"[^"]*"|\S+)|\bNOT\s+(?:"[^"]*"|\S+)')
_WILDCARD_WORD = re.compile(r"\S*[*?]\S*")
_ALL_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"})


def _edits(a: str, b: str) -> int:
    """Edit distance counting a swap of two neighbours as one edit ("minsiter")."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


def suggest(searcher: Any, text: str) -> str | None:
    """"Did you mean": the query with each word the index lacks replaced by a close
    indexed word; None when every word is known or nothing close exists."""
    # a prefix* is no misspelling, and a word the user excludes (-sport, NOT sport) is not to be corrected
    plain = _WILDCARD_WORD.sub(" ", _FIELD_PART.sub(" ", _NEGATED.sub(" ", text)))
    words = [w for w in re.findall(r"[^\W\d_]{3,}", plain) if w not in _ALL_OPERATORS]
    out = text
    analyzer = searcher.schema["text"].analyzer
    for word in dict.fromkeys(words):
        stems = [t.text for t in analyzer(word)]
        if not stems or any(searcher.doc_frequency(f, stems[0]) for f in ("text", "title")):
            continue
        lowered = word.lower()
        # unstemmed title words (the spelling list) and the text's stems
        options = [*searcher.suggest("title", lowered, limit=20, maxdist=2),
                   *searcher.suggest("text", lowered, limit=20, maxdist=2)]
        if options:
            # closest first, then the most common (Whoosh orders by its own score)
            best = min(options, key=lambda o: (_edits(lowered, o), o[:1] != lowered[:1],
                                               -searcher.doc_frequency("text", o)))
            if best != lowered:
                out = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", best, out)
    return out if out != text else None


class _EveryMatch(collectors.WrappingCollector):
    """Passes each match to the ranking collector and keeps its number, so the whole
    result set is counted in the pass that ranks it."""

    def prepare(self, top_searcher: Any, q: Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.docnums: list[int] = []

    def collect(self, sub_docnum: int) -> Any:
        self.docnums.append(self.offset + sub_docnum)
        return self.child.collect(sub_docnum)


def _ranked(searcher: Any, q: Query, limit: int, sort: str, allow: Any) -> tuple[Any, list[int]]:
    """The best *limit* matches of *q* within the filters, and the number of every match.
    Ranked by ``indexer.evaluation`` (whole posting lists at once, the same scores)
    where it knows the query's parts, else by Whoosh's collectors: no block skipping
    there (it would leave matches uncounted)."""
    scored = evaluation.evaluate(searcher, q, allow)
    if scored is not None:
        if sort == "date":  # newest first, as Whoosh's SortingCollector: (date, docnum) descending
            dates = _dates(searcher)
            best = heapq.nlargest(limit, zip(map(dates.__getitem__, scored), scored))
            return _WhooshResults(searcher, q, best), list(scored)
        return _WhooshResults(searcher, q, evaluation.top(scored, limit)), list(scored)
    if sort == "date":
        top: Any = collectors.SortingCollector("date", limit=limit, reverse=True)
    else:
        top = collectors.TopCollector(limit, usequality=False, replace=0)
    every = _EveryMatch(top)
    outer = collectors.FilterCollector(every, allow=allow) if allow is not None else every
    searcher.search_with_collector(q, outer)
    return outer.results(), every.docnums


class _Groups:
    """Each document's story as a number (indexer.stories), by global document number,
    for a searcher: from each segment's story file, or, for a segment without one,
    from its ``group`` column through a memory map (a slice and a hash a document)."""

    def __init__(self, searcher: Any) -> None:
        self.starts: list[int] = []
        self.parts: list[Any] = []  # a sequence of numbers, or (view, base, offsets, lengths)
        for leaf, offset in searcher.leaf_searchers():
            reader = leaf.reader()
            numbers = stories.load(reader)
            self.starts.append(offset)
            self.parts.append(numbers if numbers is not None else stories.group_column(reader))
        # every segment has its file: one array by global number (a copy of 8 bytes a
        # document), so that a match's story is one lookup, with no sorting by segment
        self.whole: array | None = None
        if not any(isinstance(part, tuple) for part in self.parts):
            whole = array("q")
            for start, part in zip(self.starts, self.parts):
                if start != len(whole):
                    break
                whole.frombytes(part.cast("B"))
            else:
                self.whole = whole

    def key(self, d: int) -> int:
        if self.whole is not None:
            return self.whole[d]
        i = bisect_right(self.starts, d) - 1
        return next(self._numbers(self.parts[i], [d - self.starts[i]]))

    @staticmethod
    def _numbers(part: Any, local: list[int]) -> Iterator[int]:
        if isinstance(part, tuple):  # no story file: the group column
            return map(stories.story_number, stories.group_values(part, local))
        return map(part.__getitem__, local)

    def keys(self, docnums: Iterable[int]) -> set[int]:
        if self.whole is not None:
            return set(map(self.whole.__getitem__, docnums))
        ds = sorted(docnums)
        out: set[int] = set()
        bounds = [*self.starts[1:], None]
        for start, end, part in zip(self.starts, bounds, self.parts):
            lo = bisect_left(ds, start)
            hi = len(ds) if end is None else bisect_left(ds, end, lo)
            if lo < hi:
                out.update(self._numbers(part, [d - start for d in ds[lo:hi]] if start else ds[lo:hi]))
        return out


def _groups(searcher: Any) -> _Groups:
    cache = _cache(searcher)
    if "groups" not in cache:
        cache["groups"] = _Groups(searcher)
    return cache["groups"]


def story_members(searcher: Any, group: str) -> list[dict[str, Any]]:
    """The stored fields of every article of the story *group* (Whoosh's
    ``documents(group=...)`` without a scorer made for the term, which looks the term
    up in every segment once more for each segment)."""
    key = group.encode("utf-8")
    out = []
    for seg in evaluation.segments(searcher):
        reader = seg.reader
        if ("group", key) in reader:
            for d in reader.postings("group", key).all_ids():
                out.append(dict(reader.stored_fields(d)))
    return out


def _story_keys(searcher: Any, docnums: list[int], all_copies: bool) -> set[Any]:
    """The stories (their group; with *all_copies* the articles, by number) of *docnums*:
    what "N results" counts."""
    if all_copies:
        return set(docnums)
    return _groups(searcher).keys(docnums)


def hit_for(head: Any, record: dict[str, Any], members: list[dict[str, Any]], score: float,
            partial: bool = False) -> Hit:
    """The Hit for a story shown as *head* (a hit of ``highlighted`` results), its snippet
    made from its stored *record*'s text, with the stored fields of the story's copies
    *members* (*head* among them or not): ``query`` and ``watch show`` print the same."""
    shown = dict(head.fields())
    others = [m for m in members if m["url"] != shown["url"]]
    snippet = _snippet(head, record.get("text", ""), shown.get("description", ""), title=shown.get("title", ""))
    return Hit(
        url=shown["url"],
        title=shown.get("title", ""),
        date=shown.get("date_iso") or None,
        source=shown.get("source"),
        topics=[t for t in shown.get("topics", "").split(",") if t],
        author=shown.get("author"),
        language=shown.get("language"),
        score=score,
        snippet=snippet,
        description=shown.get("description"),
        duplicate_of=shown.get("duplicate_of"),
        other_sources=sorted({m.get("source", "") for m in others if m.get("source")}),
        copies=[m["url"] for m in others],
        partial=partial,
    )


@guard_index
def search(
    home: Home,
    text: str,
    filters: Filters | None = None,
    *,
    sort: str = "relevance",
    limit: int = 10,
    page: int = 1,
    all_copies: bool = False,
    mark: tuple[str, str] = ("", ""),
    searcher: Any = None,
) -> Results:
    """Run a ranked search and return one page of stories.

    Words are ANDed. When fewer than *limit* stories match every word, the stories
    matching only some of them (``Hit.partial``) follow the full matches, whatever the
    page; a fielded part such as ``source:"Valley Times"`` stays required in them.
    *searcher*: an open Whoosh searcher of the home's index to use (and leave open),
    else one is opened for this search.
    Raises ``EmptyIndexError`` when the index holds no article at all.
    """
    filters = filters or Filters()
    with _searching(home, searcher) as searcher:
        if searcher.doc_count() == 0:
            raise EmptyIndexError(f"the index in {home.root} holds no articles yet")
        schema = searcher.schema
        strict = parse_query(text, schema)
        want = page * limit
        allow = allowed(searcher, filters)
        # enough hits to fill the page with whole stories; copies are grouped here rather
        # than by Whoosh's collapse, which picks copies by document order under a limit
        room = want * 3 + 50
        stories: dict[Any, list[Any]] = {}

        group_of = _groups(searcher).key

        def key_of(hit: Any) -> Any:  # from the column: a hit's stored fields are read only if shown
            return hit.docnum if all_copies else group_of(hit.docnum)

        def take(results: Any) -> bool:
            added = False
            for hit in results:
                key = key_of(hit)
                if key in stories:
                    if all(h.docnum != hit.docnum for h in stories[key]):
                        stories[key].append(hit)
                elif len(stories) <= want:
                    stories[key] = [hit]
                    added = True
            return added

        ranked, docnums = _ranked(searcher, strict, room, sort, allow)
        full_keys = _story_keys(searcher, docnums, all_copies)
        take(highlighted(ranked, mark))
        partial_keys: set[Any] = set()
        loosened = False
        loose = loosen(strict) if len(full_keys) < limit and not _OPERATORS.search(text) else None
        if loose is not None:
            ranked, docnums = _ranked(searcher, loose, room, sort, allow)
            partial_keys = _story_keys(searcher, docnums, all_copies) - full_keys
            if partial_keys:
                loosened = take(highlighted(ranked, mark))
        total = len(full_keys) + len(partial_keys)
        keys = list(stories)
        more = total > want
        # each story is shown as its earliest matching copy, ranked by its best copy
        page_keys = keys[(page - 1) * limit : want]
        page_hits = [min(stories[k], key=lambda h: (h["date"], h["url"])) for k in page_keys]
        best = {k: max(float(h.score or 0.0) for h in stories[k]) for k in page_keys}
        urls = [h["url"] for h in page_hits]
        copies: dict[str, list[dict[str, Any]]] = {}
        if not all_copies:
            for h in page_hits:
                copies[h["group"]] = story_members(searcher, h["group"])
        texts: dict[str, dict[str, Any]] = {}
        if home.records_db.exists():
            with RecordStore(home.records_db, readonly=True) as store:
                texts = store.get_many(sorted(set(urls)))
        hits = []
        for k, h in zip(page_keys, page_hits):
            members = copies.get(h["group"], []) if not all_copies else []
            hits.append(hit_for(h, texts.get(h["url"], {}), members, best[k], partial=k in partial_keys))
        # "did you mean" only when the query as typed found too few (a word the index
        # lacks finds nothing): a page of full matches needs no correction
        suggestion = suggest(searcher, text) if len(full_keys) < want else None
        warnings = unknown_fields(text, schema) + ([] if total else unmatched_filters(searcher, filters))
    return Results(hits=hits, page=page, more=more, suggestion=suggestion, loosened=loosened,
                   total=total, full=len(full_keys), limit=limit, warnings=warnings)


def unmatched_filters(searcher: Any, filters: Filters) -> list[str]:
    """Why a search with filters found nothing, when a ``--source`` or ``--lang`` given
    matches no article of the index at all (a typo gives no hits, not an error, so
    say it): checked only for an empty result."""
    out = []
    for source in filters.sources:
        q = source_query(searcher.schema, source)
        if q is None or not searcher.search(q, limit=1):
            out.append(f"no article's source matches {source!r} (`newsearch stats` lists the sources)")
    for language in filters.languages:
        if not searcher.doc_frequency("language", language.lower()):
            out.append(f"no article is in the language {language!r} (languages are codes such as en, de, fr)")
    return out
