"""newsearch's index: a small Python API over the article records and the Whoosh index.

    >>> import indexer
    >>> ix = indexer.open()                     # $NEWSEARCH_HOME or the user data folder
    >>> for hit in ix.search("Iraq returns", since="7d", topics=["politics"]).hits:
    ...     print(hit.date, hit.source, hit.title)
    >>> record = ix.get("https://example.org/2025/03/01/story")
    >>> for record in ix.records(topics=["sport"]): ...

Nothing is opened at import time; Whoosh is imported only when a search runs.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .errors import (
    ConfigError,
    EmptyIndexError,
    IndexBusyError,
    NewsearchError,
    NoIndexError,
    NotFoundError,
    QuerySyntaxError,
    SchemaVersionError,
)
from .home import Home, default_home

if TYPE_CHECKING:
    from .search import Filters, Results

__all__ = [
    "NewsIndex", "open", "Home", "NewsearchError", "NoIndexError", "EmptyIndexError", "SchemaVersionError",
    "IndexBusyError", "QuerySyntaxError", "NotFoundError", "ConfigError",
]


def _day(value: date | str | None, *, end: bool = False) -> date | None:
    if value is None or isinstance(value, date):
        return value
    from .when import parse_when

    return parse_when(value, end=end)


class NewsIndex:
    """A newsearch home, opened for reading.

    Searches share one Whoosh searcher, opened by the first and kept open, so repeated
    queries (a notebook, a service) skip opening the index's segments; each search
    first checks the index's generation and refreshes the searcher when a crawl or
    sync has committed since (reusing the readers of unchanged segments), or reopens
    it when ``reindex`` replaced the index. ``close()`` (or a ``with`` block) lets go."""

    def __init__(self, home: str | Path | None = None) -> None:
        self.home = Home(Path(home).expanduser() if home else default_home())
        self._open: tuple[int, Any] | None = None  # (inode of the index folder, searcher)

    def _searcher(self) -> Any:
        """The kept searcher, refreshed to the index's latest commit."""
        from .writer import open_index

        try:
            folder = self.home.index_dir.stat().st_ino  # reindex swaps in a new folder
        except OSError:
            folder = None
        if self._open is not None and self._open[0] == folder:
            searcher = self._open[1].refresh()  # itself when nothing was committed since
        else:
            self.close()
            searcher = open_index(self.home).searcher()
        self._open = (folder, searcher)
        return searcher

    def close(self) -> None:
        """Close the kept searcher (the next search opens a new one)."""
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def __enter__(self) -> "NewsIndex":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def filters(
        self, since: date | str | None = None, until: date | str | None = None,
        topics: list[str] | tuple[str, ...] = (), sources: list[str] | tuple[str, ...] = (),
        languages: list[str] | tuple[str, ...] = (),
    ) -> "Filters":
        from .search import Filters
        from .topics import known_topic

        return Filters(_day(since), _day(until, end=True), [known_topic(t) for t in topics], list(sources), list(languages))

    def search(self, text: str, *, since: date | str | None = None, until: date | str | None = None,
               topics: list[str] | tuple[str, ...] = (), sources: list[str] | tuple[str, ...] = (),
               languages: list[str] | tuple[str, ...] = (), sort: str = "relevance", limit: int = 10,
               page: int = 1, all_copies: bool = False) -> "Results":
        """Ranked search; see ``indexer.search.search``. ValueError for an unknown *sort*
        or topic, or a *limit* or *page* below 1 (the CLI refuses the same)."""
        from .search import search

        if sort not in ("relevance", "date"):
            raise ValueError(f"sort must be 'relevance' or 'date', not {sort!r}")
        if limit < 1 or page < 1:
            raise ValueError(f"limit and page must be at least 1, not {limit} and {page}")

        return search(self.home, text, self.filters(since, until, topics, sources, languages),
                      sort=sort, limit=limit, page=page, all_copies=all_copies, searcher=self._searcher())

    def get(self, url: str) -> dict[str, Any]:
        """The whole record of one article (by its canonical URL, or any form of it)."""
        from .store import RecordStore
        from .urlform import canonical_forms

        if not self.home.records_db.exists():
            raise NoIndexError(f"no index in {self.home.root}")
        with RecordStore(self.home.records_db, readonly=True) as store:
            for form in canonical_forms(url):
                record = store.get(form)
                if record:
                    return record
        raise NotFoundError(f"no article with the URL {url}")

    def records(self, *, query: str | None = None, since: date | str | None = None,
                until: date | str | None = None, topics: list[str] | tuple[str, ...] = (),
                sources: list[str] | tuple[str, ...] = (),
                languages: list[str] | tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
        """Stream article records (oldest first; best first with a query)."""
        from .export import matching_records

        return matching_records(self.home, self.filters(since, until, topics, sources, languages), query)

    def stats(self) -> dict[str, Any]:
        from .stats import collect_stats

        return collect_stats(self.home)


def open(home: str | Path | None = None) -> NewsIndex:  # noqa: A001 - the API's verb
    """Open the newsearch home at *home* (default: ``$NEWSEARCH_HOME`` or the user data folder)."""
    return NewsIndex(home)
