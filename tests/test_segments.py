"""The segment check a sync runs before it builds on an index (indexer.segments): damage is
found on every sync, whatever the sync would have read, and nothing is written into a
damaged index. Real Whoosh indexes on disk, copied from a real crawl."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

import pytest

from indexer.errors import IndexDamagedError
from indexer.home import Home
from indexer.store import RecordStore
from indexer.writer import reindex, sync


def _one(index: Path, suffix: str) -> Path:
    (path,) = index.glob("*" + suffix)
    return path


def _truncate(suffix: str) -> Callable[[Path], None]:
    def damage(index: Path) -> None:
        path = _one(index, suffix)
        path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])

    return damage


def _empty(suffix: str) -> Callable[[Path], None]:
    return lambda index: _one(index, suffix).write_bytes(b"")  # a file a power cut left empty


def _missing(suffix: str) -> Callable[[Path], None]:
    return lambda index: _one(index, suffix).unlink()


def _garbage_at_the_end(suffix: str) -> Callable[[Path], None]:
    def damage(index: Path) -> None:
        path = _one(index, suffix)
        data = bytearray(path.read_bytes())
        data[-40:] = b"\xa5" * 40  # the last document's bytes and the length table
        path.write_bytes(bytes(data))

    return damage


DAMAGES = {
    f"{how.__name__.strip('_')}{suffix}": how(suffix)
    for suffix in (".trm", ".pst", "._stored.col")
    for how in (_truncate, _empty, _missing, _garbage_at_the_end)
} | {"truncated.group.col": _truncate(".group.col")}


@pytest.fixture
def home(crawled_home: Path, tmp_path: Path) -> Home:
    shutil.copytree(crawled_home, tmp_path / "home")
    return Home(tmp_path / "home")


def test_a_sound_index_passes_the_check(home):
    assert sync(home) == 0  # nothing to index, and no complaint


@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_a_sync_finds_any_damaged_segment_even_with_nothing_to_index(home, damage):
    damage(home.index_dir)
    with pytest.raises(IndexDamagedError, match="the index is damaged"):
        sync(home)


def test_a_sync_into_a_damaged_index_writes_nothing_and_reindex_indexes_it_all(home):
    with RecordStore(home.records_db) as store:
        stored = store.count()
        record = next(iter(store.unindexed(1)), None)
        assert record is None  # the crawl indexed everything it stored
        store.mark_all_unindexed()  # as if a crawl had just stored them all again
    _truncate(".pst")(home.index_dir)
    before = sorted(p.name for p in home.index_dir.iterdir())
    with pytest.raises(IndexDamagedError, match=r"segment \w+: its postings file is \d+ bytes"):
        sync(home)
    assert sorted(p.name for p in home.index_dir.iterdir()) == before  # no segment built on it
    with RecordStore(home.records_db) as store:
        assert sum(len(records) for records, _ in store.unindexed(1000)) == stored  # all kept for reindex
    assert reindex(home) == stored
    assert sync(home) == 0  # the rebuilt index passes
