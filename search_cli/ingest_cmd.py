"""``newsearch ingest``: the ingest stage alone (the crawl runs it itself)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from indexer.errors import NewsearchError


@click.command("ingest")
@click.argument("warcs", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes (default: one per core).")
@click.option("--redis", "redis_url", metavar="URL",
              help="Cluster mode: be the cluster's one writer, storing what its workers extract (redis://host:6379/0).")
@click.option("--follow", is_flag=True, help="With --redis: keep storing across crawl runs until stopped.")
@click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True,
              help="With --redis: seconds to wait for a crawl to start before leaving.")
@click.pass_obj
def ingest(obj: dict[str, Any], warcs: tuple[Path, ...], workers: int | None, redis_url: str | None = None,
           follow: bool = False, wait: float = 30.0) -> None:
    """Extract, store and index what crawls archived (HOME/warc/), or the WARC files named.

    `newsearch crawl` runs this itself beside its fetch; run it alone after
    `scrapy crawl news` (which only fetches), or to finish what a stopped crawl
    archived. A killed ingest resumes where it stopped.

    Exit codes: 0 done, 1 an input that cannot be read, 3 another ingest is running.
    """
    from crawler.config import load_config
    from crawler.ingest import ArchiveInputError, Ingest, IngestLockedError
    from indexer.errors import ConfigError

    from .archive_cmds import summary_line
    from .main import EXIT_LOCKED, fail, library_error

    home = obj["home"]
    if redis_url:
        from .cluster_cmd import cluster_ingest, redis_url as checked

        cluster_ingest(obj, checked(home, redis_url), follow, wait)
        return
    try:
        config = load_config(home.sites_file)
    except ConfigError as exc:
        fail(str(exc))
    try:
        run = Ingest(home, workers or config.workers)
        run.keep = config.archive_keep  # the home's own archive only: named files are the user's
        result = run.run_files(warcs) if warcs else run.run_archive()
    except ArchiveInputError as exc:
        fail(str(exc))
    except IngestLockedError as exc:
        fail(f"{exc}; try again when it is done.", EXIT_LOCKED)
    except NewsearchError as exc:
        library_error(exc, home)
    click.echo(summary_line(result, "Ingested"))
    if result.index_damaged:
        fail(f"{result.index_damaged}. Run `newsearch reindex` to rebuild it from the stored articles.")
