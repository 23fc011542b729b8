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


class NotFoundError(NewsearchError):
    """No article with that URL is in the index."""


class ConfigError(NewsearchError):
    """The configuration file or a command-line value is wrong."""
