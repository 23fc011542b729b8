"""The crawl configuration: ``sites.toml`` in the home (or ``--config``), read once.

Example::

    [crawl]
    delay = 1.0            # seconds between two requests to one site (robots.txt may ask for more)
    max_pages = 500        # article pages downloaded per site and run
    time_limit = 3600      # seconds a run may take before it stops cleanly
    depth = 2              # section fronts followed from the home page
    max_listings = 200     # sitemap, feed and front fetches per site and run
    max_sitemaps = 50      # sitemaps read per site and run
    sitemap_depth = 3      # sitemap indexes followed below the first sitemap
    max_sitemap_urls = 50000   # entries read from one sitemap or feed
    max_leads = 5000       # article leads kept per site, newest first
    user_agent = "newsearch/0.1 (+https://example.org/newsearch; admin@example.org)"

    [archive]
    keep = "all"           # WARC files kept: "all", "none", or days such as "30d"
    [cluster]              # optional: crawl from several machines (README "Crawling from several machines")
    redis = "redis://crawl-hub:6379/0"

    [[site]]
    url = "https://www.example-news.com/"
    name = "Example News"
    topic = "politics"     # used when a page names no topic itself
"""
from __future__ import annotations

import math
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from indexer.errors import ConfigError
from indexer.home import Home, default_home

VERSION = "0.1.0"
DEFAULT_USER_AGENT = f"newsearch/{VERSION} (+https://github.com/newsearch/newsearch)"


@dataclass(frozen=True)
class Site:
    """A news site, given by its home-page URL."""

    url: str
    name: str | None = None
    topic: str | None = None

    @property
    def key(self) -> str:
        """The site's host (with a non-default port): how crawl state is grouped."""
        parts = urlsplit(self.url)
        return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


@dataclass
class CrawlConfig:
    """Everything a crawl run needs to know besides the home."""

    sites: list[Site] = field(default_factory=list)
    delay: float = 1.0
    max_pages: int = 500
    time_limit: float = 3600.0
    depth: int = 2
    user_agent: str = DEFAULT_USER_AGENT
    concurrency: int = 2  # requests in flight per site
    workers: int = 0  # extraction processes; 0 = one per core
    # fan-out bounds per site and run (see README "Listing budget and fan-out bounds")
    max_listings: int = 200  # sitemap, feed and front fetches
    sitemap_depth: int = 3  # sitemap indexes followed below the first sitemap
    max_sitemaps: int = 50  # sitemaps read
    max_sitemap_urls: int = 50_000  # entries read from one sitemap or feed
    max_leads: int = 5000  # article leads kept (newest first), pending ones included
    #: [archive] keep: which WARC files outlive their ingest (see keep_days)
    archive_keep: str = "all"
    #: cluster mode (``[cluster] redis``, or ``--redis``): the Redis URL; "" = off
    redis: str = ""
    #: ``[cluster] lease``: seconds a worker may hold a request without renewing its
    #: lease; a dead worker's requests return to the queue after this long
    lease: float = 60.0


#: CrawlConfig fields that are not ``[crawl]`` settings (they have tables of their own).
NOT_CRAWL = frozenset({"sites", "archive_keep", "redis", "lease"})


#: Used when neither the command line nor sites.toml names a site: well-known
#: public news sites with open feeds and sitemaps.
BUILTIN_SITES = (
    Site("https://www.bbc.com/news", "BBC News"),
    Site("https://www.theguardian.com/international", "The Guardian"),
    Site("https://www.npr.org/", "NPR"),
    Site("https://www.aljazeera.com/", "Al Jazeera"),
    Site("https://www.france24.com/en/", "France 24"),
    Site("https://www.dw.com/en/", "DW"),
)


def keep_days(keep: str) -> int | None:
    """Days a WARC file of the home's archive is kept once ingested, for an ``[archive]
    keep`` value: None for "all" (kept for good), 0 for "none" (deleted once ingested),
    N for "Nd". ValueError for anything else."""
    value = keep.strip().lower()
    if value == "all":
        return None
    if value == "none":
        return 0
    match = re.fullmatch(r"(\d{1,6})\s*d", value)
    if not match:
        raise ValueError(keep)
    return int(match.group(1))


#: Longest site address accepted, in characters.
MAX_URL_CHARS = 2000


def check_url(url: str) -> str:
    """A site URL as given, or a ConfigError saying what is wrong with it.

    Refused: other schemes, no host, a bad port, spaces, newlines or other control
    characters (they would corrupt sites.toml and crawl.log), and a user name or
    password in the address (newsearch would store and send them in plain text)."""
    url = url.strip()
    example = "(expected something like https://news.example.com/)"
    if len(url) > MAX_URL_CHARS:
        raise ConfigError(f"not a web address: {len(url)} characters long (at most {MAX_URL_CHARS})")
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"not a web address: {url!r} {example}")
    bad = next((c for c in url if c.isspace() or unicodedata.category(c) in ("Cc", "Cf")), None)
    if bad is not None:  # urlsplit quietly drops newlines and tabs: look at the text itself
        raise ConfigError(f"not a web address: {url!r} holds the character {bad!r} {example}")
    if parts.username is not None or parts.password is not None:
        bare = parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]).geturl()
        raise ConfigError(
            f"the address holds a user name or password (user:pass@); newsearch does not store "
            f"credentials: give {bare} instead"
        )
    return url


#: Longest pause between two requests to one site, in seconds, whoever asks for it:
#: a larger ``delay`` is refused; a site whose robots.txt Crawl-delay asks for more is
#: skipped for the run with a warning (crawling it faster than it asks would be rude,
#: waiting longer would hold the whole run).
MAX_DELAY = 30.0

#: Smallest and largest value each numeric setting may take (None: no upper bound).
LIMITS: dict[str, tuple[float, float | None]] = {
    "delay": (0, MAX_DELAY), "max_pages": (1, None), "time_limit": (1, None), "depth": (0, None),
    "concurrency": (1, None), "workers": (0, None),
    "max_listings": (1, None), "sitemap_depth": (0, None), "max_sitemaps": (0, None),
    "max_sitemap_urls": (1, None), "max_leads": (1, None),
}


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
SITE_KEYS = ("url", "name", "topic")
TABLES = ("crawl", "archive", "cluster", "site")
MAX_NAME = 200


def check_site_name(name: str) -> str:
    """A site's name as configured: shown as the source of every article, so no control
    characters, escape codes or text-direction overrides, and not a page long."""
    name = name.strip()
    if _CONTROL.search(name):
        raise ConfigError(f"a site's name may not hold control characters: {name!r}")
    if not name or len(name) > MAX_NAME:
        raise ConfigError(f"a site's name must be 1 to {MAX_NAME} characters")
    return name


def check_site_topic(topic: str) -> str:
    """The topic a site is configured with, as a topic newsearch knows (aliases allowed)."""
    from indexer.topics import known_topic

    try:
        return known_topic(topic)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None


def as_configured(given: list[Site], configured: list[Site]) -> list[Site]:
    """The sites *given* on the command line, each as sites.toml configures its host
    (name and topic), so ``crawl URL`` files a configured site's articles under the
    same source name as ``crawl`` does."""
    by_key = {site.key: site for site in configured}
    out: list[Site] = []
    for site in given:
        known = by_key.get(site.key)
        out.append(Site(site.url, known.name, known.topic) if known else site)
    return out


def check_config(config: CrawlConfig, where: str) -> CrawlConfig:
    """Refuse values that would make a crawl misbehave (a concurrency of 0 never ends,
    a delay of inf never starts)."""
    for key, (low, high) in LIMITS.items():
        value = getattr(config, key)
        if isinstance(value, float) and not math.isfinite(value):
            raise ConfigError(f"{where}: {key} must be a finite number, not {value}")
        if value < low:
            raise ConfigError(f"{where}: {key} must be at least {low}")
        if high is not None and value > high:
            raise ConfigError(f"{where}: {key} must be at most {high:g} (newsearch waits at most {high:g} s between requests)")
    return config


def settings_home(settings: Any) -> Home:
    """The home a Scrapy run works in: ``NEWSEARCH_HOME`` (``newsearch crawl`` sets it;
    ``scrapy crawl news -s NEWSEARCH_HOME=DIR`` may), else the default home."""
    value = settings.get("NEWSEARCH_HOME")
    return Home(Path(value).expanduser()) if value else Home(default_home())


def load_config(path: Path) -> CrawlConfig:
    """Read a sites file; a missing file is an empty configuration."""
    if not path.exists():
        return CrawlConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError:
        raise ConfigError(f"{path}: not a sites file: its tables or lists are nested too deeply") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    for key in data:
        if key not in TABLES:
            what = f"table [{key}]" if isinstance(data[key], (dict, list)) else f"setting {key}"
            raise ConfigError(f"{path}: unknown {what} (known: [crawl], [archive], [cluster], [[site]])")
    crawl = data.get("crawl", {})
    if not isinstance(crawl, dict):
        raise ConfigError(f"{path}: [crawl] must be a table of settings")
    known = {f.name: f.type for f in fields(CrawlConfig) if f.name not in NOT_CRAWL}
    config = CrawlConfig()
    for key, value in crawl.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting [crawl] {key} (known: {', '.join(sorted(known))})")
        default = getattr(config, key)
        kind = "text" if isinstance(default, str) else "a whole number" if isinstance(default, int) else "a number"
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (
            isinstance(default, str) != isinstance(value, str)
        ) or (isinstance(default, int) and isinstance(value, float) and not value.is_integer()):
            raise ConfigError(f"{path}: [crawl] {key} must be {kind}, not {value!r}")
        try:
            setattr(config, key, type(default)(value))
        except (TypeError, ValueError, OverflowError) as exc:
            raise ConfigError(f"{path}: [crawl] {key} must be {kind}, not {value!r}") from exc
    archive = data.get("archive", {})
    if not isinstance(archive, dict):
        raise ConfigError(f"{path}: [archive] must be a table of settings")
    for key, value in archive.items():
        if key != "keep":
            raise ConfigError(f"{path}: unknown setting [archive] {key} (known: keep)")
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            days = keep_days(value)
        except ValueError:
            raise ConfigError(
                f'{path}: [archive] keep must be "all", "none" or a number of days such as "30d", not {value!r}'
            ) from None
        config.archive_keep = "all" if days is None else "none" if days == 0 else f"{days}d"
    config.redis, config.lease = cluster_settings(data.get("cluster", {}), path)
    sites = data.get("site", [])
    if not isinstance(sites, list):
        raise ConfigError(f"{path}: sites are written as [[site]] tables")
    for i, entry in enumerate(sites):
        if not isinstance(entry, dict) or "url" not in entry:
            raise ConfigError(f"{path}: [[site]] number {i + 1} has no url")
        unknown = [k for k in entry if k not in SITE_KEYS]
        if unknown:
            raise ConfigError(f"{path}: [[site]] number {i + 1}: unknown setting {unknown[0]} (known: {', '.join(SITE_KEYS)})")
        name = str(entry["name"]) if entry.get("name") else None  # shown escaped; `sites add` refuses control characters
        topic = entry.get("topic")
        try:
            url = check_url(str(entry["url"]))
            topic = check_site_topic(str(topic)) if topic else None
        except ConfigError as exc:
            raise ConfigError(f"{path}: [[site]] number {i + 1}: {exc}") from None
        config.sites.append(Site(url, name, topic))
    return check_config(config, str(path))


def check_redis_url(url: str) -> str:
    """A Redis URL as given (redis://, rediss:// or unix://), or a ConfigError."""
    url = url.strip()
    if urlsplit(url).scheme not in ("redis", "rediss", "unix") or any(c.isspace() for c in url):
        raise ConfigError(f"not a Redis URL: {url!r} (expected something like redis://host:6379/0)")
    return url


def cluster_settings(table: Any, path: Path) -> tuple[str, float]:
    """The ``[cluster]`` table: its Redis URL ("" when there is none: cluster mode
    off) and lease seconds."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [cluster] must be a table of settings")
    unknown = set(table) - {"redis", "lease"}
    if unknown:
        raise ConfigError(f"{path}: unknown setting [cluster] {sorted(unknown)[0]} (known: lease, redis)")
    value = table.get("redis", "")
    if not isinstance(value, str):
        raise ConfigError(f"{path}: [cluster] redis must be a string like \"redis://host:6379/0\"")
    lease = table.get("lease", CrawlConfig.lease)
    if isinstance(lease, bool) or not isinstance(lease, (int, float)) or not math.isfinite(lease) or not 1 <= lease <= 3600:
        raise ConfigError(f"{path}: [cluster] lease must be a number of seconds from 1 to 3600")
    try:
        return (check_redis_url(value) if value else ""), float(lease)
    except ConfigError as exc:
        raise ConfigError(f"{path}: [cluster] {exc}") from None


def save_config(path: Path, config: CrawlConfig) -> None:
    """Write a sites file (atomically: a crash never leaves half a file). Values are
    written by tomli_w, which quotes and escapes every string correctly; settings left
    at their default are written as comments, for the user to see and edit."""
    default = CrawlConfig()
    lines = ["# newsearch sites file: see `newsearch sites --help`", "", "[crawl]"]
    for f in fields(CrawlConfig):
        if f.name in NOT_CRAWL:
            continue
        value = getattr(config, f.name)
        text = tomli_w.dumps({f.name: value}).strip()
        lines.append(text if value != getattr(default, f.name) else "# " + text)
    keep = tomli_w.dumps({"keep": config.archive_keep}).strip()
    lines += ["", "[archive]", keep if config.archive_keep != default.archive_keep else "# " + keep]
    for site in config.sites:
        values = {k: v for k, v in (("url", site.url), ("name", site.name), ("topic", site.topic)) if v}
        lines += ["", "[[site]]", tomli_w.dumps(values).strip()]
    if config.redis:
        values: dict[str, Any] = {"redis": config.redis}
        if config.lease != CrawlConfig.lease:
            values["lease"] = config.lease
        lines += ["", "[cluster]", tomli_w.dumps(values).strip()]
    body = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, path)
