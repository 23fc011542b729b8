"""``newsearch reextract``: extraction again over the archived pages (crawler.reextract)."""
from __future__ import annotations

import sys
from typing import Any

import click

from indexer.errors import NewsearchError
from indexer.home import Home

from .params import when
from .safe import clean


@click.command()
@click.option("--since", callback=when, help="Only records dated from this day: 2025-03-01, 7d, 2w, yesterday.")
@click.option("--source", "sources", multiple=True, help='Only records of this source, e.g. "Harbour Post" (repeatable).')
@click.pass_obj
def reextract(obj: dict[str, Any], since: Any, sources: tuple[str, ...]) -> None:
    """Extract the archived pages again (after an upgrade) and update what changed.

    Reads the pages the crawls archived (HOME/warc) and the imported WARC files still
    on disk, runs extraction on them again, updates the records whose result changed
    (any field: title, text, dates, topics, authors...), and rebuilds the index.
    Nothing is fetched. A record extraction now rejects is kept (and counted); a record
    whose page is no longer archived is left as it is. One summary line; progress on a
    terminal; what changed is logged in HOME/crawl.log.

    \b
      newsearch reextract
      newsearch reextract --since 30d --source "Harbour Post"

    Exit codes: 0 done, 1 an error, 2 a bad option, 3 a crawl or ingest is writing the home.
    """
    from search_cli.main import EXIT_INTERRUPTED, EXIT_LOCKED, fail, library_error

    home: Home = obj["home"]
    from crawler.ingest import IngestLockedError
    from crawler.reextract import reextract as run, summary_line

    if not home.records_db.exists():
        click.echo(f"nothing to re-extract: no articles stored in {clean(home.root)} yet (run `newsearch crawl` first)", err=True)
        return
    from crawler.config import load_config
    from indexer.errors import ConfigError

    try:  # [crawl] workers: the extraction processes, as in a crawl
        workers = load_config(home.sites_file).workers or None
    except ConfigError as exc:
        fail(str(exc))
    show = sys.stderr.isatty()

    def progress(result: Any) -> None:
        if show:
            click.echo(f"\rre-extracting: {result.extracted:,}/{result.total:,} pages, {result.changed:,} changed ",
                       err=True, nl=False)

    try:
        result = run(home, since, list(sources), workers=workers, on_progress=progress)
    except IngestLockedError as exc:
        fail(f"{exc}; run reextract when it has finished.", EXIT_LOCKED)
    except KeyboardInterrupt:
        if show:
            click.echo(err=True)
        fail("interrupted: the records re-extracted so far are stored; run `newsearch reindex` to index them "
             "(or reextract again)", EXIT_INTERRUPTED)
    except NewsearchError as exc:
        library_error(exc, home)
    if show:
        click.echo("\r\x1b[K", err=True, nl=False)
    if not result.files and result.missing:
        n = len(result.missing)
        click.echo(f"nothing to re-extract: the {n} imported WARC file{'s' if n != 1 else ''} it came from "
                   f"{'are' if n != 1 else 'is'} no longer on disk", err=True)
        return
    if not result.files:
        click.echo("nothing to re-extract: the archive holds no ingested WARC file "
                   "(see [archive] keep in sites.toml)", err=True)
        return
    click.echo(summary_line(result))
