"""Cluster mode on the command line (issue 14): ``newsearch worker``, and the
``--redis`` paths of ``crawl``, ``ingest`` and ``stats``. Thin: each calls one
function of crawler.cluster and turns its errors into one line and an exit code."""
from __future__ import annotations

import sys
from typing import Any

import click

from indexer.errors import ConfigError, NewsearchError
from indexer.home import Home

from .safe import clean

REDIS_HELP = "Cluster mode: the Redis URL the machines share (redis://host:6379/0); default [cluster] redis of sites.toml."


def redis_option(f: Any) -> Any:
    return click.option("--redis", "redis_url", metavar="URL", help=REDIS_HELP)(f)


def redis_url(home: Home, given: str | None, config_file: Any = None) -> str:
    """The cluster's Redis URL: --redis, else sites.toml's [cluster] redis, else "" (off)."""
    from crawler.config import check_redis_url, load_config

    from .main import EXIT_USAGE, fail

    if given:
        try:
            return check_redis_url(given)
        except ConfigError as exc:
            fail(str(exc), EXIT_USAGE)
    try:
        return load_config(config_file or home.sites_file).redis
    except ConfigError as exc:
        fail(str(exc))


def _cluster_error(exc: NewsearchError, home: Home) -> None:
    from crawler.cluster.connect import ClusterBusyError, ClusterUnreachableError

    from .main import EXIT_ERROR, EXIT_LOCKED, fail, library_error

    if isinstance(exc, ClusterUnreachableError):
        fail(str(exc), EXIT_ERROR)
    if isinstance(exc, ClusterBusyError):
        fail(f"{exc}; one writer per cluster.", EXIT_LOCKED)
    library_error(exc, home)


def cluster_crawl(obj: dict[str, Any], config: Any, seed: bool, wait: float = 30.0) -> None:
    """`crawl --redis` (seed: start a run) and `worker --redis` (join it)."""
    from crawler.cluster.run import run_cluster_crawl

    from .crawl_output import SIGNAL_EXIT

    home: Home = obj["home"]
    try:
        outcome = run_cluster_crawl(home, config, config.redis, seed=seed, verbose=obj["verbose"], wait=wait)
    except NewsearchError as exc:
        _cluster_error(exc, home)
        return
    tally = outcome.tally
    handed = tally.total("archived")
    what = "crawl" if seed else "worker"
    line = (f"cluster {what}: {tally.total('fetched'):,} pages fetched by this process, {handed:,} handed to the "
            f"writer, {tally.total('errors'):,} errors in {outcome.seconds:.1f} s")
    if outcome.stopped in SIGNAL_EXIT:
        click.echo(clean(line + f"; stopped by {outcome.stopped} (its requests went back to the queue)"), err=True)
        sys.exit(SIGNAL_EXIT[outcome.stopped])
    click.echo(clean(line))


@click.command("worker")
@click.option("--redis", "redis_url_given", metavar="URL", help=REDIS_HELP)
@click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes on this machine (default: one per core).")
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="Seconds to wait for a crawl to join, and for work, before leaving.")
@click.pass_obj
def worker(obj: dict[str, Any], redis_url_given: str | None, workers: int | None, wait: float) -> None:
    """Join the crawl under way in a cluster: fetch and extract pages from the shared
    queue and hand the records to the cluster's writer.

    \b
      newsearch worker --redis redis://crawl-hub:6379/0

    The sites and settings come from the crawl that started the run
    (`newsearch crawl --redis URL`). Leaves when the run's queue is empty.
    Exit codes: 0 done, 1 Redis cannot be reached or no crawl to join.
    """
    from crawler.config import CrawlConfig

    from .main import fail

    home: Home = obj["home"]
    url = redis_url(home, redis_url_given)
    if not url:
        fail(f"no Redis URL: give --redis URL or set [cluster] redis in {home.sites_file}", 2)
    config = CrawlConfig(redis=url, workers=workers or 0)
    cluster_crawl(obj, config, seed=False, wait=wait)


def cluster_ingest(obj: dict[str, Any], url: str, follow: bool, wait: float) -> None:
    """`ingest --redis`: the cluster's single writer."""
    from crawler.cluster.run import run_writer
    from crawler.ingest import IngestLockedError

    from .main import EXIT_LOCKED, fail

    home: Home = obj["home"]
    try:
        result = run_writer(home, url, follow=follow, wait=wait)
    except IngestLockedError as exc:
        fail(f"{exc}; try again when it is done.", EXIT_LOCKED)
    except NewsearchError as exc:
        _cluster_error(exc, home)
        return
    stored = result.total("new") + result.total("updated") + result.total("unchanged")
    line = (f"Stored {stored:,} articles ({result.total('new'):,} new, {result.total('updated'):,} updated, "
            f"{result.total('unchanged'):,} unchanged) from the cluster in {result.seconds:.1f} s")
    if result.total("rejected"):
        line += f"; {result.total('rejected'):,} pages not articles"
    if result.claimed:
        line += f"; {result.claimed:,} taken over from a writer that stopped"
    click.echo(line)
    if result.index_damaged:
        fail(f"{result.index_damaged}. Run `newsearch reindex` to rebuild it from the stored articles.")


def cluster_stats(obj: dict[str, Any], url: str, as_json: bool) -> None:
    """`stats --redis`: what the cluster is doing."""
    from crawler.cluster.connect import connect
    from crawler.cluster.stats import cluster_stats as collect, stats_lines
    from indexer.jsontext import dumps

    try:
        data = collect(connect(url))
    except NewsearchError as exc:
        _cluster_error(exc, obj["home"])
        return
    if as_json:
        click.echo(dumps(data, indent=2))
        return
    for line in stats_lines(data):
        click.echo(clean(line))
