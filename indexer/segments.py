"""A cheap check that every segment of a Whoosh index holds together, before a
writer builds on it.

Why: a writer reads old segments only by chance (a merge, or deleting an
article's old version by its URL), so without a check a sync into a damaged index
failed or succeeded depending on which articles a crawl happened to touch. This
reads each segment's structure, never its whole content: that the files exist,
that the terms file opens and its last posting list ends exactly where the
postings file ends (Whoosh writes both in the same order), that each column's
length table accounts for every byte of its file, and that the first and last
documents' stored fields decode. Truncated, emptied or missing files are always
found; garbage written over the middle of a large file is found only when it hits
what is read (the reader that decodes it says so then).

It leans on the layout of Whoosh 2.7's W3 codec (the one newsearch writes); a
segment of another codec is not checked.
"""
from __future__ import annotations

from typing import Any, Iterator

from whoosh.codec import whoosh3
from whoosh.columns import FixedBytesColumn, VarBytesColumn

from .errors import IndexDamagedError


def check_index(ix: Any) -> None:
    """Raise IndexDamagedError naming the first segment of *ix* whose files do not
    hold together. Errors Whoosh raises while reading them propagate as they are
    (``damage.guard_index`` names them damage)."""
    storage = ix.storage
    for segment in ix._segments():
        if not isinstance(segment.codec(), whoosh3.W3Codec):
            continue
        problem = _segment_problem(storage, ix.schema, segment)
        if problem:
            raise IndexDamagedError(f"the index is damaged (segment {segment.segid}: {problem}; in {_where(storage)})")


def _where(storage: Any) -> str:
    return str(getattr(storage, "folder", storage))


def _segment_problem(storage: Any, schema: Any, segment: Any) -> str | None:
    """What is wrong with *segment*'s files, or None."""
    for ext in (whoosh3.W3Codec.TERMS_EXT, whoosh3.W3Codec.POSTS_EXT):
        if not storage.file_exists(segment.make_filename(ext)):
            return f"its {ext} file is missing"
    problem = _postings_problem(storage, schema, segment)
    if problem:
        return problem
    if not storage.file_exists(whoosh3.W3Codec.column_filename(segment, "_stored")):
        return "its stored fields are missing"
    for name, column in _columns(schema):
        problem = _column_problem(storage, segment, name, column)
        if problem:
            return problem
    return None


def _postings_problem(storage: Any, schema: Any, segment: Any) -> str | None:
    """The postings file must end where the last term's posting list ends, and that
    list (at most a few blocks: one term's documents in one segment) must decode."""
    posts = storage.file_length(segment.make_filename(whoosh3.W3Codec.POSTS_EXT))
    terms = segment.codec().terms_reader(storage, segment)  # reads the terms file's header, extras and directory
    try:
        index = terms._tindex
        if index.indexlen == 0:
            return None
        last = index._get_pos(index.indexbase + (index.indexlen - 1) * index.indexsize)
        keypos, keylen, datapos, datalen = next(index._ranges(pos=last))
        info = whoosh3.W3TermInfo.from_bytes(index.dbfile.get(datapos, datalen))
        if info.is_inlined():
            return None
        offset, length = info.extent()
        end = offset + (length[0] if isinstance(length, tuple) else length)  # whoosh 2.7.5 gives a 1-tuple
        if end != posts:
            return f"its postings file is {posts} bytes, its terms say {end}"
        fieldname, text = terms._keydecoder(index.dbfile.get(keypos, keylen))
        if fieldname in schema:  # read the last posting list whole: the end of the file decodes
            matcher = terms.matcher(fieldname, text, schema[fieldname].format)
            while matcher.is_active():
                matcher.value()
                matcher.next()
        return None
    finally:
        terms.close()


def _columns(schema: Any) -> Iterator[tuple[str, Any]]:
    """Every column a W3 segment of *schema* may have: stored fields, field lengths, sort keys."""
    yield "_stored", whoosh3.STORED_COLUMN
    for name, field in schema.items():
        if field.scorable:
            yield whoosh3._lenfield(name), whoosh3.LENGTHS_COLUMN
        if field.column_type is not None:
            yield name, field.column_type


def _column_problem(storage: Any, segment: Any, name: str, column: Any) -> str | None:
    """A column's length table must account for its file's size to the byte; its
    first and last values must read (for stored fields: decompress and unpickle)."""
    filename = whoosh3.W3Codec.column_filename(segment, name)
    if not storage.file_exists(filename):
        return None  # a field no document of this segment had
    size = storage.file_length(filename)
    count = segment.doc_count_all()
    colfile = storage.open_file(filename)
    try:
        reader = column.reader(colfile, 0, size, count)
        inner = reader
        while hasattr(inner, "_child"):  # PickleColumn and other wrappers
            inner = inner._child
        if isinstance(inner, VarBytesColumn.Reader):
            lengths = inner._lengths
            if len(lengths) != count:
                return f"column {name} lists {len(lengths)} documents of {count}"
            trailer = 1 + lengths.itemsize * count
            if inner.had_stored_offsets:
                data = max((o + n for o, n in zip(inner._offsets, lengths)), default=0)
                trailer += 2 + inner._offsets.itemsize * count
            else:
                data = sum(lengths)
            if data + trailer != size:
                return f"column {name} is {size} bytes, its table says {data + trailer}"
        elif isinstance(inner, FixedBytesColumn.Reader):
            if size % inner._fixedlen or size // inner._fixedlen > count:
                return f"column {name} is {size} bytes, not a whole number of values up to {count}"
        if count:
            reader[0], reader[count - 1]
        return None
    finally:
        colfile.close()
