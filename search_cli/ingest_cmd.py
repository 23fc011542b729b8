"""``newsearch ingest``: the ingest stage alone (the crawl runs it itself)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from indexer.errors import NewsearchError


def ingest_line(verb: str, result: Any) -> str:
    """One summary line of an ingest, import or re-extraction."""
    s = result.summary()
    stored = s["new"] + s["updated"] + s["unchanged"]
    line = (f"{verb} {stored:,} article{'s' if stored != 1 else ''} ({s['new']:,} new, {s['updated']:,} updated, "
            f"{s['unchanged']:,} unchanged) from {s['files']:,} WARC file{'s' if s['files'] != 1 else ''} in {s['seconds']:.1f} s")
    rejected = sum(s["rejected"].values())
    if rejected:
        line += f"; {rejected:,} pages not articles"
    if s["skipped"]:
        line += "; skipped " + ", ".join(f"{n:,} {kind}" for kind, n in sorted(s["skipped"].items(), key=lambda kv: -kv[1]))
    if s["errors"]:
        line += f"; {s['errors']:,} extraction errors"
    if s["damaged"]:
        line += f"; {s['damaged']:,} damaged record{'s' if s['damaged'] != 1 else ''} (see crawl.log)"
    return line


@click.command("ingest")
@click.argument("warcs", nargs=-1, type=click.Path(path_type=Path, allow_dash=True))
@click.option("--workers", type=click.IntRange(min=1), help="Extraction processes (default: one per core).")
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
    from crawler.ingest import ArchiveInputError, Ingest, IngestLockedError

    from .main import EXIT_LOCKED, fail, library_error

    home = obj["home"]
    if redis_url:
        from .cluster_cmd import cluster_ingest, redis_url as checked

        cluster_ingest(obj, checked(home, redis_url), follow, wait)
        return
    try:
        run = Ingest(home, workers)
        result = run.run_files(warcs) if warcs else run.run_archive()
    except ArchiveInputError as exc:
        fail(str(exc))
    except IngestLockedError as exc:
        fail(f"{exc}; try again when it is done.", EXIT_LOCKED)
    except NewsearchError as exc:
        library_error(exc, home)
    click.echo(ingest_line("Ingested", result))
    if result.index_damaged:
        fail(f"{result.index_damaged}. Run `newsearch reindex` to rebuild it from the stored articles.")
