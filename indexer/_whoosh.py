"""Import Whoosh without three imports it does not need here (half its import time).

``whoosh.compat`` imports ``urllib.request`` (and with it http.client, email and
ssl) for one download helper newsearch never calls; ``whoosh.reading`` imports
the ``cached_property`` package, which imports asyncio; ``whoosh.query.terms``
imports ``whoosh.lang.morph_en`` (a large table of word forms, compiled at import)
for the ``Variations`` query newsearch does not use. Every ``newsearch query``
process pays for them before it can answer, so while Whoosh's modules load they get
a stand-in: the download helper and ``variations`` import the real ones if they are
ever called, and ``cached_property`` is the standard library's. Modules already imported are left
as they are, and the stand-ins are removed afterwards, so a later
``import urllib.request`` gets the real module. Import this before any Whoosh module.

One method is replaced: a variable-length column's reader (stored fields, the story
``group``) of a segment under 32,768 documents derives each document's offset from
the lengths in a Python loop when it is opened (37 ms for 100,000 documents, in every
process that answers a query); ``accumulate`` does the same in C.
"""
from __future__ import annotations

import functools
import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def _variations(word: str) -> Any:
    from whoosh.lang.morph_en import variations

    return variations(word)


def _load() -> None:
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {}
    if "urllib.request" not in sys.modules:
        stand_ins["urllib.request"] = types.ModuleType("urllib.request")
        stand_ins["urllib.request"].urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    if "cached_property" not in sys.modules:
        stand_ins["cached_property"] = types.ModuleType("cached_property")
        stand_ins["cached_property"].cached_property = functools.cached_property  # type: ignore[attr-defined]
    if "whoosh.lang.morph_en" not in sys.modules:
        stand_ins["whoosh.lang.morph_en"] = types.ModuleType("whoosh.lang.morph_en")
        stand_ins["whoosh.lang.morph_en"].variations = _variations  # type: ignore[attr-defined]
    sys.modules.update(stand_ins)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


def _read_offsets_and_lengths(self: Any) -> None:
    """VarBytesColumn.Reader._read_offsets_and_lengths of Whoosh 2.7, the offsets
    derived from the lengths by ``accumulate``."""
    import struct
    from array import array
    from itertools import accumulate

    dbfile, basepos, length, doccount = self._dbfile, self._basepos, self._length, self._doccount
    lastbyte = basepos + length - 1
    lens_code = chr(dbfile.get_byte(lastbyte))
    offsets = None
    if lens_code == "X":  # the offsets were written: the lengths' type code is before them
        self.had_stored_offsets = True
        lens_code = chr(dbfile.get_byte(lastbyte - 2))
        offsets_code = chr(dbfile.get_byte(lastbyte - 1))
        offsetstart = (lastbyte - 2) - doccount * struct.calcsize(offsets_code)
        offsets = dbfile.get_array(offsetstart, offsets_code, doccount)
        lastbyte = offsetstart
    lenstart = lastbyte - struct.calcsize(lens_code) * doccount
    lengths = dbfile.get_array(lenstart, lens_code, doccount)
    if offsets is None:
        offsets = array("L", accumulate(lengths, initial=0))
        del offsets[-1]
    self._offsets = offsets
    self._lengths = lengths


_load()

from whoosh.columns import VarBytesColumn  # noqa: E402 - after _load, which imports Whoosh lean

VarBytesColumn.Reader._read_offsets_and_lengths = _read_offsets_and_lengths
