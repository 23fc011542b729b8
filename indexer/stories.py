"""Story numbers: each document's story (its ``group``: the original's URL) as an
8-byte number, kept in a file beside each segment (``MAIN_<segment>.stories``).

"N results" counts stories, not articles, so a query must find the distinct stories
of every match. Read from the ``group`` column, that is a URL cut out of the column
and hashed for each match, in Python: 60-70 ms for a common word's 110,000 matches at
a million articles, more than the ranking. With the numbers it is one lookup a match
done by ``map`` in C, and opening a searcher no longer derives the column's offsets
(a Python loop over every document of the index).

The writer makes the file of each new segment after its commit (``write_missing``);
a segment without one (an index written by an older newsearch, a file that does not
read) is counted from its column as before, with the same numbers. Whoosh deletes a
segment's file with the segment: the name follows its pattern for segment files.
"""
from __future__ import annotations

import io
import mmap
import os
import sys
from array import array
from hashlib import blake2b
from typing import Any, Iterable, Iterator, Sequence

MAGIC = b"nsstory1"
EXT = ".stories"

__all__ = ["story_number", "load", "group_column", "group_values", "numbers_of", "write_missing"]


def story_number(key: bytes) -> int:
    """The story number of a ``group`` value (64 bits of its BLAKE2b hash: two stories
    of a million share one with a chance of about 1 in 30 million)."""
    return int.from_bytes(blake2b(key, digest_size=8).digest(), "little", signed=True)


def _path(reader: Any) -> str | None:
    folder = getattr(getattr(reader, "_storage", None), "folder", None)
    segment = getattr(reader, "_segment", None)
    if folder is None or segment is None:  # not a file-backed segment (RAM storage)
        return None
    return os.path.join(folder, segment.make_filename(EXT))


def load(reader: Any) -> Sequence[int] | None:
    """The segment's story numbers by local document number, read through a memory
    map; None when it has no file or the file does not hold one number a document."""
    path = _path(reader)
    if path is None or sys.byteorder != "little":  # the files are little-endian
        return None
    try:
        with open(path, "rb") as f:
            view = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # missing, or empty (mmap refuses a 0-byte file)
        return None
    if view[: len(MAGIC)] != MAGIC or len(view) != len(MAGIC) + 8 * reader.doc_count_all():
        view.close()
        return None
    return memoryview(view)[len(MAGIC) :].cast("q")


def group_column(reader: Any) -> tuple[Any, int, Any, Any]:
    """The segment's ``group`` column as (memory map of its file, base, offsets,
    lengths), so that a document's value is a slice; for another column layout or
    storage, (Whoosh's column reader, 0, None, None)."""
    col = reader.column_reader("group", translate=False)
    try:
        dbfile, base, offsets, lengths = col._dbfile, col._basepos, col._offsets, col._lengths
        view = mmap.mmap(dbfile.file.fileno(), 0, access=mmap.ACCESS_READ)
    except (AttributeError, OSError, ValueError, io.UnsupportedOperation):
        return col, 0, None, None
    return view, base, offsets, lengths


def group_values(column: tuple[Any, int, Any, Any], docs: Iterable[int]) -> Iterator[bytes]:
    """The ``group`` values of the local document numbers *docs*, from ``group_column``."""
    view, base, offsets, lengths = column
    if offsets is None:
        return (bytes(view[d]) for d in docs)
    return (view[base + offsets[d] : base + offsets[d] + lengths[d]] for d in docs)


def numbers_of(reader: Any) -> array:
    """The segment's story numbers, computed from its ``group`` column."""
    return array("q", map(story_number, group_values(group_column(reader), range(reader.doc_count_all()))))


def write_missing(ix: Any) -> int:
    """Write the story file of every segment of *ix* that lacks one (after a commit:
    the new and merged segments); returns how many were written. Each file is written
    under a temporary name and renamed, so a reader sees a whole file or none; one
    that cannot be written (a full disk) is left out, not an error."""
    if sys.byteorder != "little":
        return 0
    written = 0
    reader = ix.reader()
    try:
        for leaf, _ in reader.leaf_readers():
            path = _path(leaf)
            if path is None or load(leaf) is not None:
                continue
            numbers = numbers_of(leaf)
            folder, name = os.path.split(path)
            tmp = os.path.join(folder, f".{name}.{os.getpid()}.tmp")  # a dot: Whoosh's cleaning skips it
            try:
                with open(tmp, "wb") as f:
                    f.write(MAGIC)
                    numbers.tofile(f)
                os.replace(tmp, path)
            except BaseException as exc:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                if isinstance(exc, OSError):  # a full disk, a read-only folder: the
                    continue  # commit stands, and this segment is counted from its column
                raise
            written += 1
    finally:
        reader.close()
    return written
