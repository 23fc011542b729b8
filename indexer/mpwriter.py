"""Whoosh's multiprocess writer, its processes opening the index with newsearch's schema.

A module of its own so that ``multiprocessing`` is imported only by a write that uses
several processes, not by every query that opens the index."""
from __future__ import annotations

from typing import Any

from . import _whoosh  # noqa: F401 - first: Whoosh without its unneeded imports
from whoosh import multiproc as whoosh_multiproc


class SubWriterTask(whoosh_multiproc.SubWriterTask):
    """Whoosh's writer process, opening the index with the parent's schema (the one-pass
    analyzer) instead of the Whoosh classes pickled in the index's TOC."""

    def run(self) -> None:
        storage, schema = self.storage, self.newsearch_schema
        opener = storage.open_index
        # this process's own copy of the storage object (forked): only its opening changes
        storage.open_index = lambda indexname=None, schema_=None: opener(indexname, schema=schema)
        super().run()


class MpWriter(whoosh_multiproc.MpWriter):
    """Whoosh's multiprocess writer whose processes use the index's newsearch schema."""

    def _new_task(self) -> Any:
        task = SubWriterTask(self.storage, self.indexname, self.jobqueue, self.resultqueue, self.subargs,
                             self.multisegment)
        task.newsearch_schema = self.schema
        self.tasks.append(task)
        task.start()
        return task
