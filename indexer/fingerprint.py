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


#: Multi-index hashing for the near-duplicate lookup. The 64 bits are cut into three
#: bands of 22, 21 and 21 bits. Two fingerprints at most NEAR (6) bits apart differ in
#: at most 6 bits over 3 bands, so at least one band differs in at most 2 bits
#: (pigeonhole: 3 bands of 3+ differing bits would be 9 > 6). A stored fingerprint
#: is keyed by its 3 exact band values; a lookup probes, in every band, each value
#: within BAND_RADIUS bits of its own (1 + 22 + 231 + 2 x (1 + 21 + 210) = 718 keys).
#: A probe meets an unrelated fingerprint with chance 2^-21, so a lookup among N
#: stored articles meets about N / 3,500 chance candidates (28 at 100,000, 280 at a
#: million, all dropped by the exact distance check), and its cost is dominated by
#: the 718 index seeks, which do not grow with N (the old 8 bands of 8 bits matched
#: N / 256 rows each).
BAND_WIDTHS = (22, 21, 21)
BAND_RADIUS = NEAR // len(BAND_WIDTHS)


def _band_values(value: int) -> list[tuple[int, int, int]]:
    """(band number, width, the band's bits) for each band of *value*."""
    out, shift = [], 0
    for i, width in enumerate(BAND_WIDTHS):
        out.append((i, width, (value >> shift) & ((1 << width) - 1)))
        shift += width
    return out


def _key(band: int, bits: int) -> int:
    return (band << 24) | bits


def band_keys(value: int) -> list[int]:
    """The keys a stored fingerprint is filed under: one per band, its exact bits."""
    return [_key(i, bits) for i, _, bits in _band_values(value)]


def _flips(width: int, radius: int) -> list[int]:
    """Every mask of *width* bits with at most *radius* bits set."""
    masks = [0]
    for _ in range(radius):
        masks = sorted(set(masks) | {m | (1 << j) for m in masks for j in range(width)})
    return masks


_FLIPS = {width: _flips(width, BAND_RADIUS) for width in set(BAND_WIDTHS)}


def probe_keys(value: int) -> list[int]:
    """The keys to look up to find every stored fingerprint within NEAR bits of *value*:
    each band's bits with up to BAND_RADIUS of them flipped."""
    keys: list[int] = []
    for i, width, bits in _band_values(value):
        base = i << 24
        keys += [base | (bits ^ mask) for mask in _FLIPS[width]]
    return keys


def to_signed(value: int) -> int:
    """A 64-bit fingerprint as the signed integer SQLite stores."""
    return value - (1 << 64) if value >= 1 << 63 else value


def from_signed(value: int) -> int:
    return value & ((1 << 64) - 1)
