"""``newsearch import``: WARC files from elsewhere (CC-NEWS first) into the home.

A thin command: it checks its inputs, calls crawler.ingest.import_warcs, shows a
progress line on a terminal and prints one summary line. crawler is imported inside
the command, so `newsearch query` never loads Scrapy or trafilatura.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from indexer.errors import NewsearchError
from indexer.home import Home

from .safe import clean


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def records_read(result: Any) -> int:
    """Every WARC record looked at that was not part of a page (request, warcinfo):
    HTML responses, skipped records and damaged ones."""
    return result.pages + sum(result.skipped.values()) + len(result.damaged)


def summary_line(result: Any, verb: str = "Imported") -> str:
    """"Imported 412 articles (380 new, 32 unchanged) from 3 files in 9.1 s; skipped
    40 not-html, 12 not-200, 8 revisit; 2 damaged records (see crawl.log)" (*verb*
    "Ingested" for ``newsearch ingest``)."""
    counts = {k: result.total(k) for k in ("new", "updated", "unchanged")}
    parts = ", ".join(f"{n:,} {k}" for k, n in counts.items() if n or k == "new")
    line = f"{verb} {_plural(result.articles, 'article')} ({parts}) from {_plural(result.files, 'file')}"
    line += f" in {result.seconds:.1f} s"
    if result.already_done:
        line += f" ({_plural(result.already_done, 'file')} already imported)"
    skipped: dict[str, int] = dict(result.skipped)
    for counts_ in result.sites.values():
        for key, n in counts_.items():
            if key.startswith("rejected:"):  # pages read but not articles (a front, too short...)
                skipped["not-article"] = skipped.get("not-article", 0) + n
    errors = result.total("errors")
    if errors:
        skipped["extraction-failed"] = errors
    if skipped:
        line += "; skipped " + ", ".join(f"{n:,} {k}" for k, n in sorted(skipped.items(), key=lambda kv: -kv[1]))
    if result.damaged:
        line += f"; {_plural(len(result.damaged), 'damaged record')} (see crawl.log)"
    return line


class Progress:
    """The line a terminal sees while the import runs, rewritten in place on stderr
    (with *show* False it only keeps the latest counts, for an interrupted run's line)."""

    def __init__(self, show: bool) -> None:
        self.started = time.monotonic()
        self.show = show
        self.shown = False
        self.result: Any = None

    def __call__(self, result: Any) -> None:
        self.result = result
        if not self.show:
            return
        elapsed = max(time.monotonic() - self.started, 1e-6)
        new = result.total("new")
        line = (f"{records_read(result):,} records read, {new:,} articles new, "
                f"{result.articles / elapsed:.1f} articles/s")
        click.echo(f"\r\x1b[K{line}", err=True, nl=False)
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            click.echo("\r\x1b[K", err=True, nl=False)


@click.command("import")
@click.argument("inputs", nargs=-1, required=True, metavar="FILE_OR_DIR...")
@click.option("--workers", type=click.IntRange(1, 64), help="Extraction processes (default: one per core).")
@click.pass_obj
def import_command(obj: dict[str, Any], inputs: tuple[str, ...], workers: int | None) -> None:
    """Import WARC files (CC-NEWS, or any web archive) into the index.

    Each FILE is a .warc.gz (one gzip member per record, as CC-NEWS ships) or a
    .warc; a folder stands for its WARC files; - reads a gzipped WARC from standard
    input. HTML answers with status 200 become articles, dated from the page (the
    WARC date is their crawl time, never their publication date); revisits,
    non-HTML, non-200 and non-article pages are skipped and counted; a damaged
    record is skipped and named with its offset in crawl.log. Run it again after
    an interruption: finished files are skipped, a cut one resumes where it stopped.

    \b
      newsearch import CC-NEWS-20240101000000-00000.warc.gz
      newsearch import ~/warcs/
      curl -s https://data.commoncrawl.org/crawl-data/CC-NEWS/... | newsearch import -

    Exit codes: 0 done (also with damaged records), 1 a missing or unreadable
    input, a full disk or a damaged index, 3 another ingest is writing the home,
    130 interrupted (Ctrl-C; run it again to resume).
    """
    from search_cli.main import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_LOCKED, fail, hazard_message

    from crawler.ingest import ArchiveInputError, IngestLockedError, expand_inputs, import_warcs

    home: Home = obj["home"]
    if inputs.count("-") > 1:
        fail("standard input (-) can be read only once", EXIT_ERROR)
    if "-" in inputs and sys.stdin.isatty():
        fail("standard input is a terminal: pipe a WARC file into `newsearch import -`", EXIT_ERROR)
    try:
        for _ in expand_inputs(inputs):  # every input checked before anything is written
            pass
    except ArchiveInputError as exc:
        fail(str(exc), EXIT_ERROR)
    progress = Progress(show=sys.stderr.isatty())
    try:
        result = import_warcs(home, [Path(i) if i != "-" else "-" for i in inputs], workers=workers,
                              on_progress=progress)
    except KeyboardInterrupt:
        progress.clear()
        new = progress.result.total("new") if progress.result is not None else 0
        fail(f"interrupted; {_plural(new, 'new article')} stored and indexed: run the same command again "
             "to resume", EXIT_INTERRUPTED)
    except IngestLockedError as exc:
        progress.clear()
        fail(f"{exc}; this import exits without touching the home: run it again when that one has finished",
             EXIT_LOCKED)
    except ArchiveInputError as exc:
        fail(str(exc), EXIT_ERROR)
    except NewsearchError as exc:
        progress.clear()
        hazard = hazard_message(exc)
        fail(*(hazard or (str(exc), EXIT_ERROR)))
    progress.clear()
    click.echo(clean(summary_line(result)))
    if result.index_damaged:
        fail(f"the articles are stored, but the index could not take them ({result.index_damaged}). "
             "Run `newsearch reindex` to rebuild it from the stored articles.", EXIT_ERROR)
