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

    [[site]]
    url = "https://www.example-news.com/"
    name = "Example News"
    topic = "politics"     # used when a page names no topic itself
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from indexer.errors import ConfigError

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


def check_url(url: str) -> str:
    """A site URL as given, or a ConfigError saying what is wrong with it."""
    try:
        parts = urlsplit(url.strip())
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"not a web address: {url!r} (expected something like https://news.example.com/)")
    return url.strip()


#: Smallest value each numeric setting may take.
MINIMUMS = {"delay": 0, "max_pages": 1, "time_limit": 1, "depth": 0, "concurrency": 1, "workers": 0,
            "max_listings": 1, "sitemap_depth": 0, "max_sitemaps": 0, "max_sitemap_urls": 1, "max_leads": 1}


def check_config(config: CrawlConfig, where: str) -> CrawlConfig:
    """Refuse values that would make a crawl misbehave (a concurrency of 0 never ends)."""
    for key, low in MINIMUMS.items():
        if getattr(config, key) < low:
            raise ConfigError(f"{where}: {key} must be at least {low}")
    return config


def load_config(path: Path) -> CrawlConfig:
    """Read a sites file; a missing file is an empty configuration."""
    if not path.exists():
        return CrawlConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror}") from exc
    crawl = data.get("crawl", {})
    if not isinstance(crawl, dict):
        raise ConfigError(f"{path}: [crawl] must be a table of settings")
    known = {f.name: f.type for f in fields(CrawlConfig) if f.name != "sites"}
    config = CrawlConfig()
    for key, value in crawl.items():
        if key not in known:
            raise ConfigError(f"{path}: unknown setting [crawl] {key} (known: {', '.join(sorted(known))})")
        default = getattr(config, key)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)) or (
            isinstance(default, str) != isinstance(value, str)
        ):
            raise ConfigError(f"{path}: [crawl] {key} must be a {type(default).__name__}")
        try:
            setattr(config, key, type(default)(value))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{path}: [crawl] {key} must be a {type(default).__name__}") from exc
    sites = data.get("site", [])
    if not isinstance(sites, list):
        raise ConfigError(f"{path}: sites are written as [[site]] tables")
    for i, entry in enumerate(sites):
        if not isinstance(entry, dict) or "url" not in entry:
            raise ConfigError(f"{path}: [[site]] number {i + 1} has no url")
        name, topic = entry.get("name"), entry.get("topic")
        config.sites.append(Site(check_url(str(entry["url"])), str(name) if name else None, str(topic) if topic else None))
    return check_config(config, str(path))


def _toml_str(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def save_config(path: Path, config: CrawlConfig) -> None:
    """Write a sites file (atomically: a crash never leaves half a file)."""
    lines = ["# newsearch sites file: see `newsearch sites --help`", "", "[crawl]"]
    default = CrawlConfig()
    for f in fields(CrawlConfig):
        if f.name == "sites":
            continue
        value = getattr(config, f.name)
        text = _toml_str(value) if isinstance(value, str) else repr(value)
        lines.append(("" if value != getattr(default, f.name) else "# ") + f"{f.name} = {text}")
    for site in config.sites:
        lines += ["", "[[site]]", f"url = {_toml_str(site.url)}"]
        if site.name:
            lines.append(f"name = {_toml_str(site.name)}")
        if site.topic:
            lines.append(f"topic = {_toml_str(site.topic)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
