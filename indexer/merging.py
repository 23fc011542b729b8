"""Postings of a new segment, written term by term from streams already in order.

A commit's postings come from its own documents (Whoosh's posting pool, which sorts
them) and, when the commit merges segments (``indexer.writer.merge_tiered``), from
those segments. Whoosh pushed every posting of a merged segment into the pool, one
tuple at a time, to be sorted again (spilled to disk in pickled runs past the pool's
limit, and merged back by a Python heap): half the CPU of the writer processes. But
a segment's term table is in (field, term) order, each posting list in document
order, the commit's own documents are numbered 0..n-1 and each merged segment's live
documents follow in the order the segments were added (through Whoosh's docmap where
it has deletions, still ascending). So the new segment's postings are a merge *by
term* of the pool's stream and each merged segment's terms: one heap step a term, a
term's postings joined block by block (ids shifted or mapped, weights and values as
they are), then written a block at a time. The pool's own runs on disk are term
streams too (``indexer.writer``: postings filed by term as they come, a record a
term). The files are byte for byte those Whoosh writes (tests/test_scale.py), down to
which values a block's pickle repeats (see ``spills``); segments of other codecs, or
compound ones, go through Whoosh's pool as before (see ``MergedSegment.of``).
"""
from __future__ import annotations

import heapq
import mmap
import struct
import zlib
from array import array
from itertools import accumulate, compress, groupby
from operator import itemgetter, sub
from pickle import Unpickler, dumps, loads
from typing import Any, Iterable, Iterator

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from whoosh.codec.base import OutOfOrderError
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3Codec, W3FieldWriter, W3TermsReader
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import length_to_byte

#: A term's postings: ((field name, term bytes), document numbers, weights, values).
Term = tuple[tuple[str, bytes], list[int], list[float], list[Any]]

_KEY = itemgetter(0)
_TERM = itemgetter(0, 1)
#: Lengths of a key and its value, before each in a term table (filetables._lengths).
_LENGTHS = struct.Struct("!ii")
#: A W3TermInfo's fixed part (flags, weight, doc count, lengths, max weight, ids),
#: then the extent of its posting list in the postings file.
_TERMINFO_SIZE = struct.calcsize("!BfIBBfII")
_TERMINFO_HEAD = struct.Struct("!B4xI")
_EXTENT = struct.Struct("!qi")
_BLOCK_LENGTH = struct.Struct("!i")


def fast_codec(fieldwriter: Any) -> bool:
    """Whether postings can be written here for *fieldwriter*: Whoosh's own W3 field
    writer with its codec's defaults on inlining (never: W3's inlining path calls a
    method its term info lacks, so W3 files hold no inlined postings)."""
    codec = getattr(fieldwriter, "_codec", None)
    return type(fieldwriter) is W3FieldWriter and type(codec) is W3Codec and codec._inlinelimit <= 1


class MergedSegment:
    """A segment merged into a new one, read at the commit's flush: its terms in order,
    each with its live postings numbered as in the new segment."""

    def __init__(self, reader: Any, startdoc: int, docmap: dict[int, int] | None, end: int) -> None:
        self.segment, self.storage, self.schema = reader.segment(), reader.storage(), reader.schema
        self.startdoc, self.docmap, self.end = startdoc, docmap, end
        self.deleted = frozenset(reader.deleted_docs_set) if docmap is not None else frozenset()
        self._terms: W3TermsReader | None = None
        self._maps: list[mmap.mmap] = []

    @classmethod
    def of(cls, writer: Any, reader: Any, startdoc: int, docmap: dict[int, int] | None) -> MergedSegment | None:
        """The merge of *reader*'s segment into *writer*'s new one, or None when it must
        go through Whoosh's pool: another codec or storage, a compound segment, field
        numbers not in name order, or a writer that merges its pool elsewhere (Whoosh's
        single-segment multiprocess writers)."""
        from whoosh.multiproc import MpWriter

        terms = getattr(reader, "_terms", None)
        if (type(terms) is not W3TermsReader or reader.is_closed or not fast_codec(writer.fieldwriter)
                or type(reader.storage()) is not FileStorage or reader.segment().is_compound()
                or (isinstance(writer, MpWriter) and not getattr(writer, "multisegment", False))):
            return None
        fieldmap = terms._fieldmap
        if sorted(fieldmap, key=fieldmap.__getitem__) != sorted(fieldmap):
            return None
        return cls(reader, startdoc, docmap, writer.docnum)

    def _open(self) -> tuple[Any, Any]:
        if self._terms is None:
            self._terms = terms = self.segment.codec().terms_reader(self.storage, self.segment)
            for f in (terms._tindex.dbfile, terms._postfile):
                self._maps.append(mmap.mmap(f.file.fileno(), 0, access=mmap.ACCESS_READ))
        return self._maps[0], self._maps[1]

    def _entries(self, schema: Any) -> Iterator[tuple[str, Any, int, int, int, int, int]]:
        """The term table's rows of fields in both schemas, in order: (field name, its
        values' fixed size, key start, key end, postings count, postings offset, length)."""
        tv, _ = self._open()
        terms = self._terms
        assert terms is not None
        fields: list[tuple[str, Any] | None] = [
            (name, self.schema[name].format.fixed_value_size())
            if name is not None and name in self.schema and name in schema else None
            for name in terms._fieldunmap
        ]
        pos, end = terms._tindex.startofdata, terms._tindex.endofdata
        while pos < end:
            keylen, datalen = _LENGTHS.unpack_from(tv, pos)
            kpos = pos + _LENGTHS.size
            vpos = kpos + keylen
            pos = vpos + datalen
            field = fields[(tv[kpos] << 8) | tv[kpos + 1]]
            if field is None:
                continue
            flags, count = _TERMINFO_HEAD.unpack_from(tv, vpos)
            if flags:
                raise ValueError(f"{self.segment}: inlined postings (Whoosh's W3 writer never writes them)")
            offset, length = _EXTENT.unpack_from(tv, vpos + _TERMINFO_SIZE)
            yield field[0], field[1], kpos + 2, vpos, count, offset, length

    def terms(self, schema: Any, unshare: bool = False) -> Iterator[Term]:
        """This segment's terms of fields in both schemas, in (field, term) order, each
        with its live postings (terms whose documents are all deleted are left out, as
        Whoosh's pool never saw them). With *unshare*, no value object is repeated (see
        ``spills``)."""
        tv, pv = self._open()
        infos = Unpickler(pv)
        startdoc, docmap, deleted = self.startdoc, self.docmap, self.deleted
        for fieldname, fixedsize, kstart, kend, _, offset, length in self._entries(schema):
            if pv[offset:offset + 4] != WHOOSH3_HEADER_MAGIC:
                raise ValueError(f"{self.segment}: no posting list at {offset}")
            ids: list[int] = []
            weights: list[float] = []
            values: list[Any] = []
            block, stop = offset + 4, offset + length
            last, repeats = -1, False
            while block < stop:
                size = _BLOCK_LENGTH.unpack_from(pv, block)[0]
                pv.seek(block + 4)
                block = block + 4 + abs(size)
                count, _, _, comp, _, _ = infos.load()
                data = pv[pv.tell():block]
                b_ids, b_weights, b_values = loads(zlib.decompress(data) if comp else data)
                if b_weights is None:
                    b_weights = [1.0] * count
                elif type(b_weights) is float:
                    b_weights = [b_weights] * count
                if fixedsize is None or fixedsize < 0:
                    if unshare and len(set(map(id, b_values))) < len(b_values):
                        b_values = [*map(bytes, map(bytearray, b_values))]
                elif fixedsize == 0:
                    b_values = ()
                else:  # a posting's value is its slice, whatever the bytes' length (as Whoosh reads them)
                    b_values = [b_values[i:i + fixedsize] for i in range(0, count * fixedsize, fixedsize)]
                # a document more than once (Whoosh files each title's spelling words at document 0)
                repeats = repeats or b_ids[0] == last or b_ids.count(0) > (b_ids[0] == 0)
                last = sum(b_ids)
                if docmap is None:
                    shifted = accumulate(b_ids, initial=startdoc)
                    next(shifted)
                    ids.extend(shifted)
                    weights.extend(b_weights)
                    values.extend(b_values)
                else:
                    own = list(accumulate(b_ids))
                    live = [d not in deleted for d in own]
                    ids.extend(map(docmap.__getitem__, compress(own, live)))
                    weights.extend(compress(b_weights, live))
                    values.extend(compress(b_values, live) if b_values else ())
                if size < 0:
                    break
            if repeats:
                ids, weights, values = _pool_order(ids, weights, values)
            if ids:
                yield (fieldname, tv[kstart:kend]), ids, weights, values

    def pool_size(self, schema: Any, budget: int, exact: bool) -> int:
        """Whoosh's estimate of this segment's live postings in its pool (PostingPool.add's,
        as writer._pool_add), counted until it passes *budget*; unless *exact*, a lower
        bound (no values, every deleted document taken out of every term) read from the
        term table alone."""
        size = 0
        if not exact:
            deleted = len(self.deleted)
            for fieldname, _, kstart, kend, count, _, _ in self._entries(schema):
                size += max(0, count - deleted) * (150 + len(fieldname) + 2 * (kend - kstart))
                if size > budget:
                    break
            return size
        for (fieldname, btext), ids, _, values in self.terms(schema):
            size += len(ids) * (150 + len(fieldname) + 2 * len(btext)) + sum(map(len, filter(None, values)))
            if size > budget:
                break
        return size

    def close(self) -> None:
        for view in self._maps:
            view.close()
        self._maps.clear()
        if self._terms is not None:
            self._terms.close()
            self._terms = None


def spills(pool: Any, merged: list[MergedSegment], schema: Any) -> bool:
    """Whether Whoosh's pool would have spilled to disk, holding the merged segments'
    postings as well. That decides whether equal values share one object in a block's
    pickle (written once, then referred to): a spilled pool pickles each posting apart,
    so every value comes back a distinct object; one that did not keeps the objects
    it was given (values the analyzer shares, and those unpickled from a segment, as
    they were shared when it was written). The files depend on it, so it is followed."""
    if pool.runs:
        return True
    for exact in (False, True):  # a lower bound first: it tells a large merge at once
        budget = pool.limit - pool.currentsize
        for m in merged:
            budget -= m.pool_size(schema, budget, exact)
            if budget < 0:
                return True
    return False


def _pool_order(ids: list[int], weights: list[float], values: list[Any]) -> tuple[list[int], list[float], list[Any]]:
    """A term's postings in the order Whoosh's pool sorts them: by document, then
    weight, then value (which orders the postings of one document). Values shorter
    than the postings are those of a format that stores none (a merged segment's):
    they are not written, so they are not kept."""
    if len(values) == len(ids):
        order = sorted(range(len(ids)), key=lambda i: (ids[i], weights[i], values[i]))
        return [ids[i] for i in order], [weights[i] for i in order], [values[i] for i in order]
    order = sorted(range(len(ids)), key=lambda i: (ids[i], weights[i]))
    return [ids[i] for i in order], [weights[i] for i in order], []


def pool_terms(items: Iterable[tuple[str, bytes, int, float, Any]]) -> Iterator[Term]:
    """Sorted (field, term, docnum, weight, value) postings gathered by term, with
    C-level grouping and transposing instead of a Python step a posting. Spelling
    markers (docnum -1) stay first in their term's postings (see ``write_terms``)."""
    last: tuple[str, bytes] | None = None
    for key, group in groupby(items, key=_TERM):
        if last is not None and key < last:
            raise OutOfOrderError(f"Term {last[0]}:{last[1]!r} .. {key[0]}:{key[1]!r}")
        _, _, ids, weights, values = zip(*group)
        yield key, list(ids), list(weights), list(values)
        last = key


def merge_terms(streams: list[Iterator[Term]]) -> Iterator[Term]:
    """Term streams merged by (field, term): a term in several streams gets their
    postings joined in stream order (the pool's runs in the order written, then the
    segments as added: ascending document numbers). Where that order is not the
    documents' (the same document in two streams: spelling markers and words, which
    Whoosh files at document 0 of every run), the term's postings are sorted as the
    pool sorts them."""
    if len(streams) == 1:
        yield from streams[0]
        return
    for key, group in groupby(heapq.merge(*streams, key=_KEY), key=_KEY):
        first = next(group)
        rest = list(group)
        if not rest:
            yield first
            continue
        ids, weights, values = list(first[1]), list(first[2]), list(first[3])
        resort = False
        for _, more_ids, more_weights, more_values in rest:
            resort = resort or ids[-1] >= more_ids[0]
            ids += more_ids
            weights += more_weights
            values += more_values
        if resort:
            ids, weights, values = _pool_order(ids, weights, values)
        yield key, ids, weights, values


def field_lengths(reader: Any, fieldname: str, field: Any) -> list[int] | None:
    """Each document's length in a scorable field of a new segment (None: no length),
    read once per field: Whoosh asked the column file for it at every posting."""
    if reader is None or not field.scorable:
        return None
    return [reader.doc_field_length(d, fieldname, 0) for d in range(reader.doc_count_all())]


def write_terms(fieldwriter: Any, schema: Any, reader: Any, terms: Iterable[Term]) -> None:
    """Whoosh 2.7's ``FieldWriter.add_postings`` for its own codec, a term at a time:
    each term's postings are handed to the postings writer in blocks of its
    ``_blocklimit`` with the statistics ``add_posting`` keeps (per-block length range
    from the new segment's field lengths, *reader*; top weight). *terms* come in
    (field, term) order (``pool_terms``, ``merge_terms``)."""
    lastfn: str | None = None
    pw: Any = None
    lens: list[int] | None = None
    fixedsize: int | None = None
    for (fieldname, btext), ids, weights, values in terms:
        if fieldname != lastfn:
            if lastfn is not None:
                fieldwriter.finish_field()
            field = schema[fieldname]
            fieldwriter.start_field(fieldname, field)
            pw = fieldwriter._postwriter
            lens = field_lengths(reader, fieldname, field)
            fixedsize = field.format.fixed_value_size()
            lastfn = fieldname
        if ids[0] == -1:  # Whoosh's markers of spelling words, not postings
            skip = ids.count(-1)
            ids, weights, values = ids[skip:], weights[skip:], values[skip:]
            if not ids:
                continue
        fieldwriter.start_term(btext)
        n, limit = len(ids), pw._blocklimit
        for start in range(0, n, limit):
            end = min(start + limit, n)
            _write_block(pw, ids[start:end], weights[start:end], values[start:end], lens, fixedsize, end == n)
        pw._ids = ()  # all written: finish_postings only notes the extent
        fieldwriter.finish_term()
    if lastfn is not None:
        fieldwriter.finish_field()


def _write_block(pw: Any, ids: list[int], weights: list[float], values: list[Any], lens: list[int] | None,
                 fixedsize: int | None, last: bool) -> None:
    """``W3PostingsWriter._write_block`` for a block given whole: the same statistics
    (``add_posting``'s, then the term info's ``add_block``), the same pickles and
    compression, with list operations where Whoosh stepped through each posting."""
    n = len(ids)
    packed = array("f", weights)
    top = max(weights)
    pw._ids, pw._weights, pw._maxweight = ids, packed, top if top > 0 else 0
    if lens is None:
        pw._minlength, pw._maxlength = None, 0
    else:
        block_lens = list(map(lens.__getitem__, ids))
        pw._minlength, pw._maxlength = min(filter(None, block_lens), default=None), max(block_lens)
    pw._terminfo.add_block(pw)
    if packed.count(1.0) == n:
        mini_weights: Any = None
    elif packed.count(packed[0]) == n:
        mini_weights = packed[0]
    else:
        mini_weights = tuple(packed)
    if fixedsize is None or fixedsize < 0:
        mini_values: Any = tuple(filter(None, values))
    elif fixedsize == 0:
        mini_values = None
    else:
        mini_values = b"".join(filter(None, values))
    data = dumps(((ids[0], *map(sub, ids[1:], ids[:-1])), mini_weights, mini_values), 2)
    comp = pw._compression
    if comp:
        data = zlib.compress(data, comp)
    info = dumps((n, ids[-1], pw._maxweight, comp, length_to_byte(pw._minlength), length_to_byte(pw._maxlength)), 2)
    postfile = pw._postfile
    if not pw._blockcount:
        postfile.write(WHOOSH3_HEADER_MAGIC)
    size = len(info) + len(data)
    postfile.write_int(-size if last else size)
    postfile.write(info)
    postfile.write(data)
    pw._blockcount += 1
