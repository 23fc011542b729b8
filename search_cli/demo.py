"""`newsearch demo`: a real crawl of two built-in sample news sites served on
loopback, into a demo home of its own, then a query there. No network needed.

The demo home is ``HOME/demo``. It is made anew on each run (the sample sites get
new ports, so an old demo index would hold stale URLs); a folder there that is not
a demo home is never touched.
"""
from __future__ import annotations

import shlex
import shutil
import sys
import time
from typing import Any

import click

from indexer.home import Home

#: Marks a folder as a demo home, safe to replace.
MARKER = ".newsearch-demo"
DEFAULT_QUERY = "Iraq returns"


def demo_home(home: Home) -> Home:
    return Home(home.root / "demo")


def fresh_demo_home(home: Home) -> Home:
    """HOME/demo, emptied if it is an old demo home; a ClickException if it is something else."""
    demo = demo_home(home)
    if demo.root.exists():
        if not (demo.root / MARKER).exists() and any(demo.root.iterdir()):
            raise click.ClickException(f"{demo.root} exists and is not a newsearch demo home; move it aside to run the demo")
        shutil.rmtree(demo.root)
    demo.root.mkdir(parents=True)
    (demo.root / MARKER).write_text("made by `newsearch demo`; replaced on its next run\n", encoding="utf-8")
    return demo


def run_demo(ctx: click.Context, text: str, query_command: click.Command) -> None:
    """Serve the sample sites, crawl them into the demo home, run the query there."""
    from crawler.config import CrawlConfig, Site
    from crawler.demo import DemoServer
    from crawler.lock import CrawlLockedError
    from crawler.runner import run_crawl
    from indexer.errors import NewsearchError

    from search_cli.crawl_output import SIGNAL_EXIT

    home: Home = ctx.obj["home"]
    demo = fresh_demo_home(home)
    started = time.monotonic()
    with DemoServer() as server:
        urls = [site.base_url + "/" for site in server.sites]
        click.echo(f"Serving two sample news sites on loopback: {' and '.join(urls)}", err=True)
        click.echo(f"Crawling them into the demo home {demo.root} (a real crawl: robots.txt, sitemaps, a feed, pages) ...", err=True)
        config = CrawlConfig(sites=[Site(site.base_url + "/", site.name) for site in server.sites], delay=0.0, time_limit=120.0)
        try:
            outcome = run_crawl(demo, config, verbose=ctx.obj["verbose"], progress=sys.stderr.isatty() and not ctx.obj["verbose"])
        except (CrawlLockedError, NewsearchError) as exc:
            raise click.ClickException(str(exc)) from None
    if outcome.stopped in SIGNAL_EXIT:
        click.echo("interrupted: the demo stopped before its query", err=True)
        sys.exit(SIGNAL_EXIT[outcome.stopped])
    click.echo(outcome.tally.line(outcome.seconds), err=True)
    if not outcome.tally.total("new"):
        raise click.ClickException(f"the demo crawl stored no article (see {demo.log_file})")
    click.echo(f"\nnewsearch query {shlex.quote(text)}   (in the demo home)\n", err=True)
    ctx.obj["home"] = demo
    try:
        ctx.invoke(query_command, text=text)
    finally:
        ctx.obj["home"] = home
    where = shlex.quote(str(demo.root))
    click.echo(
        f"\nDemo done in {time.monotonic() - started:.0f} s. Search the demo home again:\n"
        f"  newsearch --home {where} query \"flood defences\"\n"
        f"  newsearch --home {where} query returns --sort date --since 7d\n"
        f"Crawl real news sites (needs the network) into your own home:\n"
        f"  newsearch sites add https://www.example-news.com/ --name \"Example News\"\n"
        f"  newsearch crawl        # the sites added, or a built-in list of public news sites\n"
        f"  newsearch query \"Iraq returns\"",
        err=True,
    )
