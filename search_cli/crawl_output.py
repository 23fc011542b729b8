"""What `newsearch crawl` prints at the end of a run, and how it reads site URLs.
Kept apart from main.py so the summary is easy to extend (one more clause, one more line)."""
from __future__ import annotations

import sys
from typing import Any

import click

from indexer.home import Home

from .safe import clean

#: Exit codes of a run ended by a signal: 128 + the signal number, as shells report them.
SIGNAL_EXIT = {"SIGINT": 130, "SIGTERM": 143}


def assume_https(url: str) -> str:
    """``www.example.com`` and ``example.com/news`` mean https://...; anything with a
    scheme (or that is not a bare host) is left for check_url to judge."""
    text = url.strip()
    if "://" in text or not text or text.startswith(("/", ".")) or " " in text:
        return url
    host = text.split("/", 1)[0]
    if "." in host or host.startswith("localhost"):
        return "https://" + text
    return url


def summary_notes(outcome: Any) -> list[str]:
    """Extra clauses of the summary line."""
    notes = []
    if outcome.stopped == "time-limit":
        notes.append("stopped at the time limit (the rest is fetched by the next run)")
    return notes


def report_outcome(outcome: Any, home: Home) -> int | None:
    """Print the end of a run; returns the exit code of a run ended by a signal, else None."""
    tally = outcome.tally
    if outcome.stopped in SIGNAL_EXIT:
        new = tally.total("new")
        what = "interrupted" if outcome.stopped == "SIGINT" else "stopped by SIGTERM"
        click.echo(f"{what}: {new} new article{'s' if new != 1 else ''} saved; run again to continue", err=True)
        return SIGNAL_EXIT[outcome.stopped]
    if sys.stdout.isatty():
        click.echo(clean(tally.table(), multiline=True))
    click.echo(clean(tally.line(outcome.seconds, summary_notes(outcome))))
    return None
