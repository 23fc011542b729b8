"""SimHash fingerprints for spotting the same story on two sites (wire copies)."""
from __future__ import annotations

import hashlib
import re

_WORD = re.compile(r"\w+", re.UNICODE)
BITS = 64
#: Fingerprints this many bits apart or fewer are the same story.
NEAR = 6


def simhash(text: str, shingle: int = 3) -> int:
    """A 64-bit SimHash over word shingles: light edits move it a few bits only."""
    words = _WORD.findall(text.lower())
    if len(words) < shingle:
        words = words + [""] * (shingle - len(words))
    weights = [0] * BITS
    for i in range(len(words) - shingle + 1):
        gram = " ".join(words[i : i + shingle]).encode("utf-8")
        h = int.from_bytes(hashlib.blake2b(gram, digest_size=8).digest(), "big")
        for bit in range(BITS):
            weights[bit] += 1 if h >> bit & 1 else -1
    value = 0
    for bit in range(BITS):
        if weights[bit] > 0:
            value |= 1 << bit
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
