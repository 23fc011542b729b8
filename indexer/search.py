"""Ranked search over the index: BM25F on title and text, filters, story grouping.

Imports only Whoosh and the standard library, so ``newsearch query`` starts fast.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from whoosh import highlight
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldParser, OrGroup
from whoosh.query import And, NullQuery, NumericRange, Or, Phrase, Query, Term

from .errors import QuerySyntaxError
from .home import Home
from .schema import EPOCH
from .store import RecordStore
from .writer import open_index

#: Fields a query may name, as ``field:value``, with their aliases.
QUERY_FIELDS = ("title", "text", "topics", "tags", "source", "author", "language")
SNIPPET_CHARS = 240
#: A query with explicit operators means what it says: it is never loosened to OR.
_OPERATORS = re.compile(r"\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


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

    def to_json(self) -> dict[str, Any]:
        return {
            "url": self.url, "title": self.title, "date": self.date, "topics": self.topics,
            "source": self.source, "author": self.author, "language": self.language,
            "score": round(self.score, 4), "snippet": self.snippet, "description": self.description,
            "other_sources": self.other_sources, "copies": self.copies,
        }


@dataclass
class Results:
    hits: list[Hit]
    page: int
    more: bool
    suggestion: str | None = None
    loosened: bool = False  # True when some hits match only part of the query (OR fallback)


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
        if self.topics:
            parts.append(Or([Term("topics", t.lower()) for t in self.topics]))
        if self.sources:
            analyzer = schema["source"].analyzer
            alts: list[Query] = []
            for s in self.sources:
                words = [t.text for t in analyzer(s)]
                if words:
                    alts.append(Phrase("source", words) if len(words) > 1 else Term("source", words[0]))
            if alts:
                parts.append(Or(alts))
        if self.languages:
            parts.append(Or([Term("language", lang.lower()) for lang in self.languages]))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(parts)


class _Marker(highlight.Formatter):
    """Wrap each matched term in *pre* / *post* (ANSI bold on a terminal, nothing in a pipe)."""

    between = " … "

    def __init__(self, pre: str, post: str) -> None:
        self.pre, self.post = pre, post

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"{self.pre}{highlight.get_text(text, token, replace)}{self.post}"


def _prepared(results: Any, formatter: _Marker) -> Any:
    results.fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=60)
    results.formatter = formatter
    return results


def _parser(schema: Any, group: Any) -> MultifieldParser:
    parser = MultifieldParser(["title", "text"], schema, group=group)
    parser.add_plugin(FieldAliasPlugin({"topics": ["topic"], "author": ["by", "authors"], "language": ["lang"]}))
    return parser


def parse_query(text: str, schema: Any, loose: bool = False) -> Query:
    """Parse the user's query; AND between words unless *loose*."""
    if not text.strip():
        raise QuerySyntaxError("the query is empty")
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
    return q


def _snippet(hit: Any, text: str, fallback: str, formatter: _Marker) -> str:
    if text:
        try:
            frag = hit.highlights("text", text=text, top=2)
        except Exception:
            frag = ""
        if frag:
            return " ".join(frag.split())
    plain = " ".join((fallback or text).split())
    return plain[:SNIPPET_CHARS] + ("…" if len(plain) > SNIPPET_CHARS else "")


def suggest(searcher: Any, text: str) -> str | None:
    """"Did you mean": the query with each unknown word replaced by a close indexed word."""
    plain = re.sub(r"\w+:(\"[^\"]*\"|\S+)", " ", text)
    words = [w for w in re.findall(r"[A-Za-z]{3,}", plain) if w not in ("AND", "OR", "NOT")]
    if not words:
        return None
    changed = False
    out = text
    analyzer = searcher.schema["text"].analyzer
    for word in words:
        stems = [t.text for t in analyzer(word)]
        if not stems or any(searcher.doc_frequency(f, stems[0]) for f in ("text", "title")):
            continue
        options = searcher.suggest("text", word.lower(), limit=1, maxdist=2)
        if options and options[0] != word.lower():
            out = re.sub(rf"\b{re.escape(word)}\b", options[0], out)
            changed = True
    return out if changed else None


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
) -> Results:
    """Run a ranked search and return one page of stories.

    Words are ANDed; when that finds fewer than *limit* stories, stories matching
    only some words follow the full matches (marked ``loosened``).
    """
    filters = filters or Filters()
    ix = open_index(home)
    with ix.searcher() as searcher:
        schema = ix.schema
        strict = parse_query(text, schema)
        flt = filters.query(schema)
        want = page * limit
        kwargs: dict[str, Any] = {"limit": want + 1, "filter": flt}
        if sort == "date":
            kwargs.update(sortedby="date", reverse=True)
        if not all_copies:
            # keep the earliest matching copy of each story
            kwargs.update(collapse="group", collapse_limit=1, collapse_order="date")
        formatter = _Marker(*mark)
        results = _prepared(searcher.search(strict, **kwargs), formatter)
        found = [hit for hit in results]  # not list(): Results.__len__ breaks with filter+collapse (Whoosh 2.7)
        loosened = False
        if len(found) < want + 1 and not _OPERATORS.search(text):
            loose = parse_query(text, schema, loose=True)
            if loose != strict:
                extra = _prepared(searcher.search(loose, **kwargs), formatter)
                seen = {h["group"] if not all_copies else h["url"] for h in found}
                for h in extra:
                    key = h["group"] if not all_copies else h["url"]
                    if key not in seen:
                        found.append(h)
                        seen.add(key)
                        loosened = True
                    if len(found) > want:
                        break
        more = len(found) > want
        page_hits = found[(page - 1) * limit : want]
        urls = [h["url"] for h in page_hits]
        copies: dict[str, list[dict[str, Any]]] = {}
        if not all_copies:
            for h in page_hits:
                copies[h["group"]] = [dict(d) for d in searcher.documents(group=h["group"])]
        texts: dict[str, dict[str, Any]] = {}
        if home.records_db.exists():
            with RecordStore(home.records_db, readonly=True) as store:
                texts = store.get_many(sorted(set(urls)))
        hits = []
        for h in page_hits:
            shown = dict(h.fields())
            record = texts.get(shown["url"], {})
            members = copies.get(h["group"], []) if not all_copies else []
            others = [m for m in members if m["url"] != shown["url"]]
            hits.append(
                Hit(
                    url=shown["url"],
                    title=shown.get("title", ""),
                    date=shown.get("date_iso") or None,
                    source=shown.get("source"),
                    topics=[t for t in shown.get("topics", "").split(",") if t],
                    author=shown.get("author"),
                    language=shown.get("language"),
                    score=float(h.score or 0.0),
                    snippet=_snippet(h, record.get("text", ""), shown.get("description", ""), formatter),
                    description=shown.get("description"),
                    duplicate_of=shown.get("duplicate_of"),
                    other_sources=sorted({m.get("source", "") for m in others if m.get("source")}),
                    copies=[m["url"] for m in others],
                )
            )
        suggestion = suggest(searcher, text) if len(hits) < limit else None
    return Results(hits=hits, page=page, more=more, suggestion=suggestion, loosened=loosened)
