"""The library's named errors. The CLI turns each into a one-line message and an exit code."""


class NewsearchError(Exception):
    """Base class: every error the library raises on purpose."""


class NoIndexError(NewsearchError):
    """The home holds no index yet."""


class EmptyIndexError(NoIndexError):
    """The index exists but holds no article (no crawl has stored one yet)."""


class SchemaVersionError(NewsearchError):
    """The index was written by another schema version; ``newsearch reindex`` rebuilds it."""


class IndexBusyError(NewsearchError):
    """Another process held the index writer lock for longer than we may wait."""


class QuerySyntaxError(NewsearchError):
    """The query text cannot be parsed."""


class QueryTooLongError(QuerySyntaxError):
    """The query has more words or characters than a search may take (``search.MAX_QUERY_*``)."""


class IndexDamagedError(NewsearchError):
    """The index cannot be read (a damaged segment); ``newsearch reindex`` rebuilds it."""


class ReindexRefusedError(NewsearchError):
    """A rebuild would replace a non-empty index with an empty one (pass ``force``)."""


class DiskFullError(NewsearchError):
    """The disk holding the home is full; what was stored before is kept."""


def is_disk_full(exc: BaseException) -> bool:
    """True for the errors a full disk (or an exhausted quota) raises: OSError ENOSPC or
    EDQUOT from files, SQLITE_FULL ("database or disk is full") from SQLite."""
    import errno
    import sqlite3

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(exc, sqlite3.Error):
        return getattr(exc, "sqlite_errorcode", None) == 13 or "disk is full" in str(exc)
    return False


class NotFoundError(NewsearchError):
    """No article with that URL is in the index."""


class ConfigError(NewsearchError):
    """The configuration file or a command-line value is wrong."""
