"""Turn page bytes into text, whatever the page says about its own charset."""
from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Latin-1 labels are decoded as windows-1252, as every browser does.
_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    # "rot13", "hex", "base64" are codecs too, but not text encodings
    return info.name if getattr(info, "_is_text_encoding", True) else None


def _single_byte(codec: str) -> bool:
    name = codecs.lookup(codec).name
    return name.startswith(("cp125", "iso8859", "latin", "mac-", "koi8", "cp8", "cp4", "tis"))


def decode_html(body: bytes, declared: str | None = None) -> str:
    """Decode an HTML page.

    Order: a BOM; valid UTF-8 (pages that say latin-1 but send UTF-8 are common, and
    non-ASCII bytes that happen to be valid UTF-8 almost never are anything else);
    the charset from the HTTP header (*declared*); the ``<meta charset>``; a guess
    by charset_normalizer when it names a multi-byte encoding; windows-1252.
    """
    if body.startswith(codecs.BOM_UTF8):
        return body[3:].decode("utf-8", "replace")
    if body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body.decode("utf-16", "replace")
    header = _codec(declared)
    meta_match = _META_CHARSET.search(body[:4096])
    meta = _codec(meta_match.group(1).decode("ascii", "ignore")) if meta_match else None
    multibyte = {c for c in (header, meta) if c and c not in ("utf-8", "cp1252") and not c.startswith(("iso8859", "cp125"))}
    if not multibyte:
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            pass
    for codec in (header, meta):
        if codec:
            try:
                return body.decode(codec)
            except UnicodeDecodeError:
                continue
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(body[:200_000]).best()
        # trust a guess of a multi-byte encoding (Shift_JIS, GB18030, EUC-KR, Big5); between
        # single-byte code pages the guess is unreliable on short pages, and windows-1252
        # is what browsers assume
        if best is not None and best.encoding and not _single_byte(best.encoding):
            return body.decode(best.encoding, "replace")
    except ImportError:  # pragma: no cover - trafilatura depends on it
        pass
    return body.decode("cp1252", "replace")
