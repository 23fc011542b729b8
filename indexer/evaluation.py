"""Ranked evaluation of a query over whole posting lists, set by set.

Whoosh answers a query by walking a tree of matchers one document at a time in
pure Python (``next``, ``skip_to``, ``score`` through every level for every match):
at 100,000 articles that was 89% of a query's time. Here the same query is
answered in two passes over whole posting lists, with the work done by Python's
set and dict operations in C:

1. *which documents match*: each term's postings read block by block into a set
   of document numbers; ``And`` intersects, ``Or`` unites, ``AndNot`` subtracts;
   a phrase keeps the documents of all its words where their positions follow
   each other; the filter is applied to the result;
2. *their scores*: BM25F exactly as Whoosh's ``BM25FScorer`` computes it (the
   same global idf and average field length, the same encoded field lengths, the
   same formula and the same order of additions per segment), for the matching
   documents only.

The result is the same documents with the same scores as Whoosh's matchers
(tested against them over queries, segments and deletions). Query shapes this
does not know (prefixes, wildcards, ranges, boosts, fields that are not scored)
return None, and the caller asks Whoosh.
"""
from __future__ import annotations

import re
import struct
import zlib
from itertools import accumulate, chain, compress, repeat
from operator import getitem, methodcaller
from pickle import loads
from typing import Any, Iterable

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.query import And, AndNot, Or, Phrase, Query, Term
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.util import make_binary_tree, make_weighted_tree
from whoosh.util.numeric import byte_to_length

__all__ = ["evaluate", "matching", "segments", "top"]


class Unsupported(Exception):
    """The query has a part this module does not evaluate (Whoosh does)."""


class _Segment:
    """One segment of the searcher: its reader, where its documents start in the
    searcher's numbering, its deleted documents and (read once) its field lengths."""

    def __init__(self, reader: Any, offset: int) -> None:
        self.reader, self.offset = reader, offset
        deleted = reader.deleted_docs_set
        self.deleted = frozenset(deleted() if callable(deleted) else deleted)
        self._lengths: dict[str, bytes | None] = {}

    def lengths(self, field: str) -> bytes | None:
        """The encoded length (Whoosh's one byte) of *field* in every document."""
        if field not in self._lengths:
            self._lengths[field] = _length_bytes(self.reader, field)
        return self._lengths[field]


def _length_bytes(reader: Any, field: str) -> bytes | None:
    perdoc = getattr(reader, "_perdoc", None)
    if perdoc is None or not hasattr(perdoc, "_cached_reader"):
        return None
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield

    col = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    if col is None:
        return None
    count = reader.doc_count_all()
    dbfile, base, width = getattr(col, "_dbfile", None), getattr(col, "_basepos", None), getattr(col, "_fixedlen", None)
    if dbfile is not None and base is not None and width == 1:
        stored = min(getattr(col, "_count", 0), count)
        return bytes(dbfile.get(base, stored)) + bytes(count - stored)  # (past the end: 0, the default)
    return bytes(int(col[d] or 0) for d in range(count))


def segments(searcher: Any) -> list[_Segment]:
    """The searcher's segments, with their deleted documents, kept on the searcher."""
    cache = searcher.__dict__.setdefault("_newsearch_cache", {})
    if "segments" not in cache:
        cache["segments"] = [_Segment(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
    return cache["segments"]


class _Postings:
    """A term's postings in one segment: local document numbers, weights and (for
    phrases) the encoded positions, read a whole block at a time."""

    __slots__ = ("ids", "weights", "values")

    def __init__(self, reader: Any, field: str, btext: bytes, values: bool) -> None:
        fmt = reader.schema[field].format
        m = reader._terms.matcher(field, btext, fmt, scorer=None)
        ids: list[int] = []
        weights: list[float] = []
        vals: list[str] = []
        if isinstance(m, W3LeafMatcher):
            # each block as Whoosh's _read_ids/_read_weights decode it, with C loops where
            # they loop in Python (delta decoding, constant weights); the positions are
            # unpickled only for a phrase
            while m.is_active():
                n = m._blocklength
                raw = m._postfile.get(m._dataoffset, m._nextoffset - m._dataoffset)
                fast = None
                if not values and not m._byteids:
                    # the ids and weights come first in the pickle: only they are inflated
                    head = zlib.decompressobj().decompress(raw, 14 * n + 64) if m._compression else raw
                    fast = _ids_and_weights(head, n)
                if fast is None:
                    m._data = _load_block(zlib.decompress(raw) if m._compression else raw, values)
                    bids, bweights = m._data[0], m._data[1]
                    if not m._byteids:
                        bids = accumulate(bids)
                else:
                    bids, bweights = fast
                ids.extend(bids)
                if bweights is None:
                    weights.extend([1.0] * n)
                elif isinstance(bweights, float):
                    weights.extend([bweights] * n)
                else:
                    weights.extend(bweights)
                if values:
                    m._read_values()
                    vals.extend(_as_str(m._values))
                m._next_block()
        else:  # inlined in the term's entry (a short list), or another codec
            while m.is_active():
                ids.append(m.id())
                weights.append(m.weight())
                if values:
                    vals.extend(_as_str((m.value(),)))
                m.next()
        self.ids, self.weights, self.values = ids, weights, vals


_ENCODE = b"c_codecs\nencode\n"  # how pickle's protocol 2 rebuilds a bytes object
_AS_IS = b"cbuiltins\nstr.removeprefix\n"  # str.removeprefix(s, "latin1"): s itself


def _load_block(b: bytes, values: bool) -> tuple[Any, ...]:
    """A posting block's (ids, weights, values), unpickled. With *values*, each value
    comes back as the latin-1 str that pickle's protocol 2 stores it as, not as bytes:
    the block's one global ``_codecs.encode`` is swapped for ``str.removeprefix`` (a
    value begins with its 4-byte count, never with "latin1", so it is returned as it
    is), which skips making a bytes object of every posting (43% of a phrase word's
    unpickling); ``_position_deltas`` encodes all it needs at once."""
    if values and b[:2] == b"\x80\x02":
        at = b.find(_ENCODE)
        if at > 0:
            try:  # (protocol 4: the first that reads a dotted global)
                return loads(b"\x80\x04" + b[2:at] + _AS_IS + b[at + len(_ENCODE):])
            except Exception:
                pass
    return loads(b)


def _as_str(values: Any) -> Any:
    """Posting values as latin-1 strs (as ``_load_block`` gives them), whichever way
    they were read."""
    return values if not values or type(values[0]) is str else [v.decode("latin-1") for v in values]


_FLOATS: dict[int, struct.Struct] = {}
_DELTAS = re.compile(rb"(?:K.|M..|J....)*t", re.S)  # a tuple of small ints, as pickle writes them


def _ids_and_weights(b: bytes, n: int) -> tuple[Iterable[int], Any] | None:
    """The document numbers and weights of a block of *n* postings, read from the
    pickle (protocol 2, as W3 writes it: a tuple of the id deltas as small ints, the
    weights as floats or None or one float, and the positions) without unpickling
    the positions: a third of the time of ``pickle.loads``, which makes a bytes
    object of every posting's positions by calling ``_codecs.encode``. *b* may be
    cut anywhere after the ids. None when the block is laid out otherwise (fewer than
    four postings, a head cut before its weights end): then it is unpickled."""
    if n < 4 or b[:3] != b"\x80\x02(":
        return None
    p = 3
    op = b[p]
    if op == 0x4B:  # K: BININT1
        first, p = b[p + 1], p + 2
    elif op == 0x4D:  # M: BININT2
        first, p = b[p + 1] | b[p + 2] << 8, p + 3
    elif op == 0x4A:  # J: BININT
        first, p = int.from_bytes(b[p + 1 : p + 5], "little", signed=True), p + 5
    else:
        return None
    end = p + 2 * (n - 1)
    ids: Iterable[int]
    if b[p:end:2] == b"K" * (n - 1) and b[end : end + 1] == b"t":  # every gap under 256
        ids = accumulate(chain((first,), b[p + 1 : end : 2]))
    else:  # wider gaps (a rarer word): the ids' tuple alone, cut out and unpickled
        m = _DELTAS.match(b, 3)
        if m is None:
            return None
        end = m.end() - 1
        deltas = loads(b"\x80\x02(" + b[3 : end + 1] + b".")
        if len(deltas) != n:
            return None
        ids = accumulate(deltas)
    p = end + 1
    if b[p : p + 1] == b"q":  # BINPUT
        p += 2
    elif b[p : p + 1] == b"r":  # LONG_BINPUT
        p += 5
    if p >= len(b):
        return None
    op = b[p]
    weights: Any
    if op == 0x4E:  # N: None
        weights = None
    elif op == 0x47:  # G: one float for all
        if len(b) < p + 9:  # (a head cut before its end)
            return None
        weights = struct.unpack_from(">d", b, p + 1)[0]
    elif op == 0x28:  # MARK, n floats, TUPLE
        end = p + 1 + 9 * n
        if b[p + 1 : end : 9] != b"G" * n or b[end : end + 1] != b"t":
            return None
        fmt = _FLOATS.get(n) or _FLOATS.setdefault(n, struct.Struct(">" + "xd" * n))
        weights = fmt.unpack_from(b, p + 1)
    else:
        return None
    return ids, weights


# ---- the plan: a tree of nodes mirroring the query ----------------------------------------------

class _Node:
    def docs(self, seg: _Segment) -> set[int]:  # local document numbers (deleted ones included)
        raise NotImplementedError

    def scores(self, seg: _Segment, keep: set[int]) -> dict[int, float]:
        """Local document number -> score, for the documents of *keep* this node matches."""
        raise NotImplementedError

    def size(self, seg: _Segment) -> int:  # Whoosh's estimate_size on the segment's reader
        raise NotImplementedError


class _Term(_Node):
    def __init__(self, ev: "_Evaluation", field: str, text: str, positions: bool = False) -> None:
        self.ev, self.field, self.text = ev, field, text
        self.btext = ev.searcher.schema[field].to_bytes(text)
        self.positions = positions
        self._postings: dict[int, _Postings | None] = {}
        self._docs: dict[int, set[int]] = {}

    def postings(self, seg: _Segment) -> _Postings | None:
        key = id(seg)
        if key not in self._postings:
            try:
                self._postings[key] = _Postings(seg.reader, self.field, self.btext, self.positions)
            except TermNotFound:
                self._postings[key] = None
        return self._postings[key]

    def docs(self, seg: _Segment) -> set[int]:
        key = id(seg)
        if key not in self._docs:
            p = self.postings(seg)
            self._docs[key] = set(p.ids) if p else set()
        return self._docs[key]

    def size(self, seg: _Segment) -> int:  # the term's doc_frequency: its postings, deleted ones too
        p = self.postings(seg)
        return len(p.ids) if p else 0

    def scores(self, seg: _Segment, keep: set[int]) -> dict[int, float]:
        p = self.postings(seg)
        if not p or not keep:
            return {}
        idf, norms = self.ev.bm25(self.field, self.btext)
        k1p = self.ev.K1 + 1
        lengths = seg.lengths(self.field)
        # the postings of *keep* picked by C loops first: a phrase or an And keeps
        # a fraction of a common word's postings
        picked = list(map(keep.__contains__, p.ids))
        ids, weights = compress(p.ids, picked), compress(p.weights, picked)
        if lengths is None:  # no lengths stored: Whoosh's default length, 1
            n = norms[0]
            return {d: idf * ((w * k1p) / (w + n)) for d, w in zip(ids, weights)}
        return {d: idf * ((w * k1p) / (w + norms[lengths[d]])) for d, w in zip(ids, weights)}


def _tree(nodes: list[_Node], weights: list[int] | None) -> Any:
    """The binary tree Whoosh's compound matchers build of their parts (order-
    preserving, or Huffman-like by estimated size), as nested pairs: the order in
    which scores are added, so that sums come out to the same last bit."""
    if len(nodes) == 1:
        return nodes[0]
    if weights is None:
        return make_binary_tree(lambda a, b: (a, b), nodes)
    tree = make_weighted_tree(lambda a, b: _Same((a.node, b.node)), [(w, _Same(n)) for w, n in zip(weights, nodes)])
    return tree.node


class _Same:
    """A part as make_weighted_tree sorts it: Whoosh's matchers compare equal to one
    another, so ties of size keep the parts' order (a stable sort, inserted last)."""

    __slots__ = ("node",)

    def __init__(self, node: Any) -> None:
        self.node = node

    def __eq__(self, other: object) -> bool:
        return True

    def __lt__(self, other: object) -> bool:
        return False

    __hash__ = None  # type: ignore[assignment]


def _sum_scores(tree: Any, seg: _Segment, keep: set[int], both: bool) -> dict[int, float]:
    """Scores of a pair tree: *both* adds where both halves match (And: keep holds
    only documents every part matches), else either half's score where only one does
    (Or)."""
    if isinstance(tree, _Node):
        return tree.scores(seg, keep)
    a = _sum_scores(tree[0], seg, keep, both)
    b = _sum_scores(tree[1], seg, keep, both)
    if both:
        return {d: a[d] + b[d] for d in keep if d in a and d in b}
    if len(a) < len(b):
        a, b = b, a  # a + b == b + a in floating point: only the grouping matters
    out = dict(a)
    for d, s in b.items():
        out[d] = out[d] + s if d in out else s
    return out


class _And(_Node):
    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts

    def docs(self, seg: _Segment) -> set[int]:
        sets = sorted((p.docs(seg) for p in self.parts), key=len)
        out = sets[0]
        for s in sets[1:]:
            if not out:
                break
            out = out & s
        return out

    def size(self, seg: _Segment) -> int:
        return min(p.size(seg) for p in self.parts)

    def scores(self, seg: _Segment, keep: set[int]) -> dict[int, float]:
        # And's matcher tree is weighted by 0 - size (Whoosh's And._matcher)
        tree = _tree(self.parts, [0 - p.size(seg) for p in self.parts])
        return _sum_scores(tree, seg, keep, both=True)


class _Or(_Node):
    def __init__(self, parts: list[_Node]) -> None:
        self.parts = parts

    def docs(self, seg: _Segment) -> set[int]:
        out: set[int] = set()
        for p in self.parts:
            out |= p.docs(seg)
        return out

    def size(self, seg: _Segment) -> int:
        return min(sum(p.size(seg) for p in self.parts), seg.reader.doc_count())

    def scores(self, seg: _Segment, keep: set[int]) -> dict[int, float]:
        tree = _tree(self.parts, [p.size(seg) for p in self.parts])  # DefaultOr: by size
        return _sum_scores(tree, seg, keep, both=False)


class _AndNot(_Node):
    def __init__(self, positive: _Node, negative: _Node) -> None:
        self.positive, self.negative = positive, negative

    def docs(self, seg: _Segment) -> set[int]:
        return self.positive.docs(seg) - self.negative.docs(seg)

    def size(self, seg: _Segment) -> int:
        return self.positive.size(seg)

    def scores(self, seg: _Segment, keep: set[int]) -> dict[int, float]:
        return self.positive.scores(seg, keep)


_PICKLED = methodcaller("startswith", "\x80\x02", 4)  # a count, then a protocol-2 pickle
_STOPPED = methodcaller("endswith", ".")  # ... ending with its STOP
_BODY = slice(6, -1)  # that pickle without its protocol mark and its STOP


def _position_deltas(p: _Postings, docs: set[int]) -> list[Any]:
    """The position deltas of the term in each of *docs* (all of which it occurs in),
    in document order. Each value (a latin-1 str, see ``_load_block``) is a count and
    a protocol-2 pickle of a list of deltas, so the lists of all the documents are
    unpickled at once, as the items of one list; the values are picked and cut by C
    loops (``compress``, ``map``): a phrase at a million articles has hundreds of
    thousands of them."""
    vals = list(compress(p.values, map(docs.__contains__, p.ids)))
    if vals and all(map(_PICKLED, vals)) and all(map(_STOPPED, vals)):
        try:
            body = "".join(map(getitem, vals, repeat(_BODY))).encode("latin-1")
            lists = loads(b"\x80\x02](" + body + b"e.")
        except Exception:
            lists = None
        if type(lists) is list and len(lists) == len(vals) and set(map(type, lists)) == {list}:
            return lists
    return [loads(v[4:].encode("latin-1") + (b"" if v.endswith(".") else b".")) for v in vals]


def _starts(docs: list[int], deltas: list[Any], k: int) -> Iterable[int]:
    """Every (document, position - *k*) of a word as one number, document << 32 |
    position, from its position deltas in each of *docs* (ascending): the places a
    phrase whose *k*-th word this is would start. An iterator of C loops only."""
    bases = map((-k).__add__, map((1 << 32).__mul__, docs))
    return chain.from_iterable(map(map, map(getattr, bases, repeat("__add__")), map(accumulate, deltas)))


class _Phrase(_Node):
    """Words next to each other in order, in one field (Whoosh's Phrase: SpanNear2
    with slop 1); scored as the sum of its words' scores."""

    def __init__(self, ev: "_Evaluation", field: str, words: list[str]) -> None:
        self.words = [_Term(ev, field, w, positions=True) for w in words]
        self._docs: dict[int, set[int]] = {}

    def docs(self, seg: _Segment) -> set[int]:
        key = id(seg)
        if key in self._docs:
            return self._docs[key]
        postings = [w.postings(seg) for w in self.words]
        if any(p is None for p in postings):
            found: set[int] = set()
        else:
            cands = set(postings[0].ids)  # type: ignore[union-attr]
            for p in postings[1:]:
                cands &= set(p.ids)  # type: ignore[union-attr]
            found = set()
            if cands:
                # each (document, position) as one number, document << 32 | position,
                # word k's shifted back by k: the phrase starts where all of them meet
                ds = sorted(cands)
                starts: set[int] = set()
                for k, p in enumerate(postings):
                    here = _starts(ds, _position_deltas(p, cands), k)  # type: ignore[arg-type]
                    starts = set(here) if k == 0 else starts.intersection(here)
                    if not starts:
                        break
                found = {x >> 32 for x in starts}
        self._docs[key] = found
        return found

    def size(self, seg: _Segment) -> int:
        return min(w.size(seg) for w in self.words)  # Phrase.estimate_size: its And's

    def scores(self, seg: _Segment, keep: set[int]) -> dict[int, float]:
        keep = keep & self.docs(seg)
        return _sum_scores(_tree(list(self.words), None), seg, keep, both=True)


class _Evaluation:
    """One query on one searcher: the plan and the global statistics it scores with."""

    def __init__(self, searcher: Any, scored: bool = True) -> None:
        self.searcher, self.scored = searcher, scored
        weighting = searcher.weighting
        if scored and (type(weighting) is not BM25F or weighting._field_B):
            raise Unsupported("a weighting other than BM25F's defaults")
        self.B, self.K1 = getattr(weighting, "B", 0.75), getattr(weighting, "K1", 1.2)
        self._bm25: dict[tuple[str, bytes], tuple[float, list[float]]] = {}

    def bm25(self, field: str, btext: bytes) -> tuple[float, list[float]]:
        """The term's idf, and K1 * ((1 - B) + B * length / avgfl) for each encoded length."""
        key = (field, btext)
        if key not in self._bm25:
            s = self.searcher
            idf = s.idf(field, btext)
            avgfl = s.avg_field_length(field) or 1
            B, K1 = self.B, self.K1
            norms = [K1 * ((1 - B) + B * (byte_to_length(b) if b else 1) / avgfl) for b in range(256)]
            self._bm25[key] = (idf, norms)
        return self._bm25[key]

    def plan(self, q: Query) -> _Node:
        schema = self.searcher.schema
        if getattr(q, "boost", 1.0) != 1.0:
            raise Unsupported("boost")
        if type(q) is Term:
            if q.fieldname not in schema or (self.scored and not schema[q.fieldname].scorable):
                raise Unsupported("a field that is not scored")
            return _Term(self, q.fieldname, q.text)
        if type(q) is Phrase:
            field = schema[q.fieldname] if q.fieldname in schema else None
            if field is None or (self.scored and not field.scorable) or q.slop != 1 or not field.format.supports("positions"):
                raise Unsupported("this phrase")
            if len(q.words) == 1:
                return _Term(self, q.fieldname, q.words[0])
            return _Phrase(self, q.fieldname, list(q.words))
        if type(q) is And and q.subqueries:
            return _And([self.plan(s) for s in q.subqueries]) if len(q.subqueries) > 1 else self.plan(q.subqueries[0])
        if type(q) is Or and q.subqueries and not q.scale and not getattr(q, "minmatch", 0):
            return _Or([self.plan(s) for s in q.subqueries]) if len(q.subqueries) > 1 else self.plan(q.subqueries[0])
        if type(q) is AndNot:
            return _AndNot(self.plan(q.a), self.plan(q.b))
        raise Unsupported(type(q).__name__)


def evaluate(searcher: Any, q: Query, allow: Any = None) -> dict[int, float] | None:
    """Every document of *searcher* that *q* matches and *allow* lets through (None:
    all; else a set of document numbers, or an object with ``restrict(docs)``), with
    its BM25F score as Whoosh gives it. None when the query has a part evaluated
    only by Whoosh's matchers."""
    try:
        ev = _Evaluation(searcher)
        root = ev.plan(q)
    except Unsupported:
        return None
    out: dict[int, float] = {}
    for seg in segments(searcher):
        docs = root.docs(seg)  # (a set a node keeps: not to be changed here)
        if seg.deleted:
            docs = docs - seg.deleted
        if not docs:
            continue
        off = seg.offset
        if allow is not None:
            glob = set(map(off.__add__, docs))
            kept = allow.restrict(glob) if hasattr(allow, "restrict") else glob & allow
            if not kept:
                continue
            docs = {d - off for d in kept} if len(kept) < len(glob) else docs
        scores = root.scores(seg, docs)
        if off:
            out.update(zip(map(off.__add__, scores), scores.values()))
        else:
            out.update(scores)
    return out


def matching(searcher: Any, q: Query) -> set[int] | None:
    """The documents *q* matches (global numbers, deleted ones left out), unscored:
    what a filter allows. None when the query has a part only Whoosh evaluates."""
    try:
        root = _Evaluation(searcher, scored=False).plan(q)
    except Unsupported:
        return None
    out: set[int] = set()
    for seg in segments(searcher):
        docs = root.docs(seg)
        if seg.deleted:
            docs = docs - seg.deleted
        out.update(map(seg.offset.__add__, docs))
    return out


def top(scored: dict[int, float], limit: int) -> list[tuple[float, int]]:
    """The best *limit* of *scored* as Whoosh's TopCollector orders them: score
    descending, ties by document number ascending; as (score, docnum) pairs."""
    import heapq

    if limit <= 0 or not scored:
        return []
    if len(scored) > limit:  # the limit-th best score, compared as plain floats (C), then its ties
        least = heapq.nlargest(limit, scored.values())[-1]
        best = [(-s, d) for d, s in scored.items() if s >= least]
    else:
        best = [(-s, d) for d, s in scored.items()]
    best.sort()
    return [(-s, d) for s, d in best[:limit]]
