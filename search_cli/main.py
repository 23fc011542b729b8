"""The ``newsearch`` command. Each command parses options, calls one library
function, and turns the library's named errors into one line and an exit code.

Exit codes: 0 done; 1 an error (no index, article not found, bad config file);
2 usage error (bad option or value); 3 another crawl holds the home's lock;
4 every site failed (no network?); 130 a crawl interrupted by Ctrl-C, 143 by SIGTERM.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, NoReturn

import click

from indexer.errors import ConfigError, EmptyIndexError, NewsearchError, NoIndexError, SchemaVersionError
from indexer.home import ENV_HOME, Home, default_home
from indexer.jsontext import dumps
from search_cli.pipe import PipeSafeGroup
from search_cli import watch as watch_commands
from search_cli import cluster_cmd as cluster_commands

from .params import when
from .safe import clean

EXIT_ERROR, EXIT_USAGE, EXIT_LOCKED, EXIT_ALL_FAILED = 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as shells report them


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"Error: {clean(message)}", err=True)
    sys.exit(code)


def library_error(exc: NewsearchError, home: Home) -> NoReturn:
    """One line for a library error, with the fix where there is one."""
    if isinstance(exc, EmptyIndexError):
        fail(f"{exc}: nothing to search. Run `newsearch crawl` to fetch articles from the configured "
             "sites (it needs the network), or `newsearch demo` to try a built-in sample site offline.")
    if isinstance(exc, NoIndexError):
        fail(f"{exc}. Run `newsearch crawl` to build one (or `newsearch sites add URL` first).")
    if isinstance(exc, SchemaVersionError):
        fail(f"{exc}. Run `newsearch reindex` to rebuild it from the stored articles.")
    hazard = hazard_message(exc)
    if hazard:
        fail(*hazard)
    fail(str(exc))


def hazard_message(exc: NewsearchError) -> tuple[str, int] | None:
    """The line and exit code for a damaged index, a full disk, a refused rebuild or an
    over-long query (issue 9); None for other errors."""
    from indexer.errors import DiskFullError, IndexDamagedError, QueryTooLongError, ReindexRefusedError

    if isinstance(exc, IndexDamagedError):
        return f"{exc}. Run `newsearch reindex` to rebuild it from the stored articles.", EXIT_ERROR
    if isinstance(exc, QueryTooLongError):
        return f"{exc}: shorten it.", EXIT_USAGE
    if isinstance(exc, (DiskFullError, ReindexRefusedError)):
        return str(exc), EXIT_ERROR
    return None


@click.group(cls=PipeSafeGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--home", type=click.Path(file_okay=False, path_type=Path), envvar=ENV_HOME,
              help=f"Folder holding the index, crawl state, lock, log and sites.toml (env {ENV_HOME}; default: the user data folder).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log.")
@click.version_option(package_name="newsearch", prog_name="newsearch")
@click.pass_context
def cli(ctx: click.Context, home: Path | None, verbose: bool) -> None:
    """Crawl news sites into a local search index, and search it.

    \b
      newsearch crawl                      # the configured sites (see `sites`)
      newsearch query "Iraq returns"       # best articles first
      newsearch export --format csv > news.csv
    """
    ctx.obj = {"home": Home(home.expanduser() if home else default_home()), "verbose": verbose}
    if ctx.invoked_subcommand is None:  # bare `newsearch`: the help, as asked for, not a usage error
        click.echo(ctx.get_help())
        ctx.exit(0)


# ---- crawl -------------------------------------------------------------------------------
@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--config", "config_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Sites file to read instead of HOME/sites.toml.")
@click.option("--delay", type=click.FloatRange(min=0), help="Seconds between two requests to one site, at most 30 (default 1, or the site's Crawl-delay if larger).")
@click.option("--max-pages", type=click.IntRange(min=1), help="Article pages to download per site in this run (default 500).")
@click.option("--time-limit", type=click.FloatRange(min=1), help="Seconds before the run stops cleanly (default 3600).")
@click.option("--depth", type=click.IntRange(min=0), help="How deep to follow section fronts from the home page (default 2).")
@watch_commands.watch_out_option
@cluster_commands.redis_option
@click.pass_obj
def crawl(obj: dict[str, Any], urls: tuple[str, ...], config_file: Path | None, delay: float | None,
          max_pages: int | None, time_limit: float | None, depth: int | None, watch_out: Path | None = None,
          redis_url: str | None = None) -> None:
    """Fetch new articles from news sites and index them.

    Crawls the home-page URLs given, or the sites in sites.toml, or a built-in
    list of public news sites. Only articles not seen before are downloaded.
    Quiet when not on a terminal (one summary line), so it fits cron:

    \b
      newsearch crawl https://www.example-news.com/
      17 * * * *  newsearch crawl >> ~/newsearch-cron.log 2>&1

    Ctrl-C stops taking new pages and saves what is in flight (a second Ctrl-C stops
    at once); the next run goes on from there.

    Exit codes: 0 done, 1 an error (a bad sites file, a damaged index, a full disk),
    2 usage error, 3 another crawl is running, 4 every site failed, 130 interrupted
    (Ctrl-C), 143 stopped by SIGTERM.
    """
    from crawler.config import BUILTIN_SITES, Site, as_configured, check_config, check_url, load_config
    from crawler.lock import CrawlLockedError

    home: Home = obj["home"]
    if config_file and not config_file.exists():
        fail(f"no such config file: {config_file}", EXIT_USAGE)
    from search_cli.crawl_output import assume_https, report_outcome

    try:
        sites_given = [Site(check_url(assume_https(u))) for u in urls]
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    try:
        config = load_config(config_file or home.sites_file)
    except ConfigError as exc:
        fail(str(exc))
    if sites_given:
        config.sites = as_configured(sites_given, config.sites)
    if not config.sites:
        config.sites = list(BUILTIN_SITES)
    for name, value in (("delay", delay), ("max_pages", max_pages), ("time_limit", time_limit), ("depth", depth)):
        if value is not None:
            setattr(config, name, value)
    try:
        check_config(config, "the command line")  # --delay inf, nan or over the cap
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    if redis_url or config.redis:  # cluster mode: this machine seeds the run and works on it
        config.redis = cluster_commands.redis_url(home, redis_url, config_file)
        cluster_commands.cluster_crawl(obj, config, seed=True)
        return
    from crawler.runner import run_crawl

    interactive = sys.stderr.isatty()
    try:
        # with -v, Scrapy's own log fills the terminal: no progress line among it
        outcome = run_crawl(home, config, verbose=obj["verbose"], progress=interactive and not obj["verbose"])
    except CrawlLockedError as exc:
        fail(f"{exc}; this run exits without touching the index.", EXIT_LOCKED)
    except NewsearchError as exc:
        library_error(exc, home)
    code = report_outcome(outcome, home)
    watch_commands.report_after_crawl(home, watch_out)  # "watches: 3 new for iraq-returns"
    if code is None and outcome.all_failed:
        fail("no site could be reached (is the network down?)", EXIT_ALL_FAILED)
    if code:
        sys.exit(code)


# ---- sites ---------------------------------------------------------------------------------
@cli.group()
def sites() -> None:
    """Manage the sites that `newsearch crawl` visits (HOME/sites.toml).

    \b
      newsearch sites add https://www.example-news.com/ --name "Example News" --topic politics
      newsearch sites list
      newsearch sites remove https://www.example-news.com/
    """


@sites.command("add")
@click.argument("url")
@click.option("--name", help="The site's name, shown as the source of its articles.")
@click.option("--topic", help="Topic for articles that name none themselves (e.g. sport).")
@click.pass_obj
def sites_add(obj: dict[str, Any], url: str, name: str | None, topic: str | None) -> None:
    """Add a site by its home-page URL.

    \b
      newsearch sites add https://www.example-news.com/ --name "Example News"
    """
    from crawler.config import Site, check_site_name, check_url, load_config, save_config
    from indexer.topics import known_topic
    from search_cli.crawl_output import assume_https

    home: Home = obj["home"]
    try:
        url = check_url(assume_https(url))  # "www.example-news.com" as `crawl` takes it
        name = check_site_name(name) if name is not None else None
        config = load_config(home.sites_file)
    except ConfigError as exc:
        fail(str(exc), EXIT_USAGE)
    try:
        topic = known_topic(topic) if topic else None
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--topic") from None
    same = [s for s in config.sites if s.url.rstrip("/") == url.rstrip("/")]  # as `sites remove` compares
    if same:  # keep what is configured unless told otherwise
        old = same[0]
        new = Site(old.url, name if name is not None else old.name, topic or old.topic)
        if (new.name, new.topic) == (old.name, old.topic):
            click.echo(f"{old.url} is already configured in {home.sites_file}; nothing changed")
            return
        config.sites = [new if s is old else s for s in config.sites]
        save_config(home.sites_file, config)
        click.echo(f"{old.url} was already configured; updated its name and topic in {home.sites_file}")
        return
    config.sites = config.sites + [Site(url, name, topic)]
    save_config(home.sites_file, config)
    click.echo(f"added {url} ({len(config.sites)} site(s) in {home.sites_file})")


@sites.command("list")
@click.pass_obj
def sites_list(obj: dict[str, Any]) -> None:
    """List the configured sites (the built-in list when none is configured).

    \b
      newsearch sites list
    """
    from crawler.config import BUILTIN_SITES, load_config

    try:
        config = load_config(obj["home"].sites_file)
    except ConfigError as exc:
        fail(str(exc))
    if not config.sites:
        click.echo("# no sites configured: `newsearch crawl` uses this built-in list", err=True)
    for site in config.sites or BUILTIN_SITES:
        click.echo("\t".join(clean(x) for x in (site.url, site.name or "", site.topic or "") if x is not None).rstrip("\t"))


@sites.command("remove")
@click.argument("url")
@click.pass_obj
def sites_remove(obj: dict[str, Any], url: str) -> None:
    """Remove a site (its articles stay in the index).

    \b
      newsearch sites remove https://www.example-news.com/
    """
    from crawler.config import load_config, save_config
    from search_cli.crawl_output import assume_https

    home: Home = obj["home"]
    try:
        config = load_config(home.sites_file)
    except ConfigError as exc:
        fail(str(exc))
    wanted = {url.strip().rstrip("/"), assume_https(url.strip()).rstrip("/")}
    kept = [s for s in config.sites if s.url.rstrip("/") not in wanted]
    if len(kept) == len(config.sites):
        fail(f"{url} is not in {home.sites_file} (see `newsearch sites list`)")
    config.sites = kept
    save_config(home.sites_file, config)
    click.echo(f"removed {url}")


# ---- query -----------------------------------------------------------------------------------
def filter_options(f: Any) -> Any:
    f = watch_commands.topic_source_lang_options(f)
    f = click.option("--until", callback=when, help="Up to this day: 2025-03-01, 7d, 2w, yesterday.")(f)
    f = click.option("--since", callback=when, help="From this day: 2025-03-01, 7d, 2w, yesterday.")(f)
    return f


def make_filters(since: Any, until: Any, topics: tuple[str, ...], sources: tuple[str, ...], languages: tuple[str, ...] = ()) -> Any:
    from indexer.search import Filters
    from indexer.topics import known_topic

    try:
        norm = [known_topic(t) for t in topics]
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--topic") from None
    if since and until and since > until:
        raise click.BadParameter(f"--since {since} is after --until {until}", param_hint="--since")
    return Filters(since, until, norm, list(sources), [lang.lower() for lang in languages])


def color_option(f: Any) -> Any:
    return click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
                        help="Colour the output: auto = on a terminal unless NO_COLOR is set.")(f)


def print_hit(rank: int, hit: Any, color: bool | None = None, width: int | None = None) -> None:
    """Print one hit for a terminal, then a blank line (see search_cli.render.hit_lines)."""
    from search_cli.render import hit_lines, use_color

    color = use_color("auto", sys.stdout) if color is None else color
    for line in hit_lines(rank, hit, color=color, width=width):
        click.echo(line, color=color)
    click.echo()


@cli.command()
@click.argument("text")
@filter_options
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True, help="Best matches first, or newest first.")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True, help="Stories per page.")
@click.option("--page", type=click.IntRange(min=1), default=1, show_default=True, help="Page of results.")
@click.option("--all-copies", is_flag=True, help="List every copy of a syndicated story, not one per story.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one hit per line.")
@color_option
@click.pass_obj
def query(obj: dict[str, Any], text: str, since: Any, until: Any, topics: tuple[str, ...], sources: tuple[str, ...],
          languages: tuple[str, ...], sort: str, limit: int, page: int, all_copies: bool, as_json: bool,
          color: str) -> None:
    """Search the index: best articles first.

    Words are ANDed (stories matching only some words follow when few match all);
    "quoted phrases", OR, NOT, prefix* and fields (title:, topic:, source:, author:, lang:) work;
    a field is always required. Exit codes: 0 done (also when nothing matched), 1 no index or
    an empty one, 2 usage error.

    \b
      newsearch query "Iraq returns"
      newsearch query '"small boats" NOT france' --since 7d --topic politics
      newsearch query flood --source "Valley Times" --sort date --json
    """
    from indexer.search import search
    from search_cli import render

    home: Home = obj["home"]
    filters = make_filters(since, until, topics, sources, languages)
    try:
        results = search(home, text, filters, sort=sort, limit=limit, page=page, all_copies=all_copies,
                         mark=("", "") if as_json else render.MARKS)
    except NewsearchError as exc:
        library_error(exc, home)
    for warning in results.warnings:
        click.echo(f"Warning: {clean(warning)}", err=True)
    if as_json:
        for hit in results.hits:
            click.echo(dumps(render.hit_record(hit)))
    else:
        colored = render.use_color(color, sys.stdout)
        if results.hits:
            click.echo(render.summary(results) + "\n", color=colored)
        width = render.terminal_width()
        shown_partial = False
        for i, hit in enumerate(results.hits, start=(page - 1) * limit + 1):
            if hit.partial and not shown_partial:  # the partial matches follow the full ones
                click.echo(render.style(render.partial_heading(results), colored, dim=True) + "\n", color=colored)
                shown_partial = True
            print_hit(i, hit, colored, width)  # render.hit_lines cleans every field
        if not results.hits and results.total:
            n, pages = results.total, results.pages
            click.echo(f"No results on page {page}: {n} result{'s' if n != 1 else ''}, "
                       f"{pages} page{'s' if pages != 1 else ''}.", err=True)
        elif not results.hits:
            click.echo("No articles found.", err=True)
        elif results.more:
            click.echo(f"More results: --page {page + 1}", err=True)
    if results.suggestion:
        click.echo(f"Did you mean: {clean(results.suggestion)}", err=True)


# ---- show, stats, export, reindex -------------------------------------------------------------
@cli.command()
@click.argument("url")
@click.option("--json", "as_json", is_flag=True, help="The whole record as one JSON object.")
@color_option
@click.pass_obj
def show(obj: dict[str, Any], url: str, as_json: bool, color: str) -> None:
    """Show one article: its record and whole text.

    \b
      newsearch show https://www.example-news.com/2025/03/01/iraq-returns-deal/

    Exit codes: 0 shown, 1 no such article (or no index), 2 not a web address.
    """
    from urllib.parse import urlsplit

    import indexer
    from search_cli.render import use_color

    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"not a web address: {clean(url)!r} (expected an article's URL, "
                                 "such as https://news.example.com/2025/03/01/story/)", param_hint="URL")
    try:
        record = indexer.NewsIndex(obj["home"].root).get(url)
    except NewsearchError as exc:
        library_error(exc, obj["home"])
    if as_json:
        click.echo(dumps(record, indent=2))
        return
    colored = use_color(color, sys.stdout)
    click.echo(click.style(clean(record.get("title") or record["url"]), bold=True), color=colored)
    for key in ("url", "source", "authors", "date", "updated", "date_source", "topics", "tags", "language",
                "word_count", "duplicate_of", "crawled_at"):
        value = record.get(key)
        if value:
            click.echo(f"{key + ':':13} {clean(', '.join(map(str, value)) if isinstance(value, list) else value)}")
    click.echo()
    click.echo(clean(record.get("text") or "", multiline=True))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@cluster_commands.redis_option
@click.pass_obj
def stats(obj: dict[str, Any], as_json: bool, redis_url: str | None = None) -> None:
    """What the index holds: articles per source, topic and day; size; last crawl; the WARC archive.

    \b
      newsearch stats
    """
    from datetime import datetime

    from indexer.stats import collect_stats

    home: Home = obj["home"]
    if redis_url:  # cluster mode: queue depth, workers alive, pages/s per site, the writer's lag
        cluster_commands.cluster_stats(obj, cluster_commands.redis_url(home, redis_url), as_json)
        return
    data = collect_stats(home)
    if not data["articles"] and not home.index_dir.exists():
        fail(f"no index in {home.root}. Run `newsearch crawl` to build one.")
    if as_json:
        click.echo(dumps(data, indent=2))
        return
    click.echo(f"{data['articles']} articles ({data['stories']} stories) in {clean(home.root)}; index {data['index_bytes'] / 1e6:.1f} MB")
    last = data["last_crawl"]
    if last:
        finished = datetime.fromisoformat(last["finished"]).astimezone()  # local time, its zone named
        click.echo(f"last crawl: {finished.strftime('%Y-%m-%d %H:%M %Z')}, "
                   f"{last.get('new', 0)} new, {last.get('errors', 0)} errors")
    click.echo(archive_line(data["archive"]))
    for title, table in (("per source", data["per_source"]), ("per topic", data["per_topic"]), ("per day (last 4 weeks)", data["per_day"])):
        if not table:
            continue  # no heading over nothing (no article in the last 4 weeks)
        click.echo(f"\n{title}:")
        for key, n in table.items():
            click.echo(f"  {n:>7}  {clean(key)}")


def archive_line(archive: dict[str, Any]) -> str:
    """The stats line of the WARC archive: "archive: 12 WARC files, 340.2 MB, oldest ..."."""
    if not archive["files"]:
        line = "archive: no WARC files"
    else:
        n = archive["files"]
        line = (f"archive: {n} WARC file{'s' if n != 1 else ''}, {archive['bytes'] / 1e6:.1f} MB, "
                f"oldest started {archive['oldest'][:16].replace('T', ' ')} UTC")
    if archive["pending_files"]:
        n = archive["pending_files"]
        line += f"; {n} file{'s' if n != 1 else ''} not fully ingested ({archive['pending_bytes'] / 1e6:.1f} MB to read)"
    return line


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True,
              help="JSON Lines (one record an object, every field) or CSV (one row a record, lists joined by \"; \").")
@filter_options
@click.option("--query", "text", help="Only articles matching this query (best first).")
@click.pass_obj
def export(obj: dict[str, Any], fmt: str, since: Any, until: Any, topics: tuple[str, ...], sources: tuple[str, ...],
           languages: tuple[str, ...], text: str | None) -> None:
    """Write article records to stdout, streaming (any size, constant memory).

    \b
      newsearch export > all.jsonl
      newsearch export --format csv --since 30d --topic economy > economy.csv
      newsearch export --query '"small boats"' | jq -r .title
    """
    from indexer.export import matching_records, write_csv, write_jsonl

    home: Home = obj["home"]
    writer = write_csv if fmt == "csv" else write_jsonl
    try:
        writer(matching_records(home, make_filters(since, until, topics, sources, languages), text), sys.stdout)
    except NewsearchError as exc:
        library_error(exc, home)


@cli.command()
@click.option("--force", is_flag=True, help="Rebuild even when articles.db is empty and the index is not.")
@click.pass_obj
def reindex(obj: dict[str, Any], force: bool) -> None:
    """Rebuild the index from the stored articles (after an upgrade, or a damaged index).

    \b
      newsearch reindex
    """
    from crawler.ingest import IngestLockedError, ingest_lock
    from crawler.lock import CrawlLockedError, crawl_lock
    from indexer.writer import reindex as rebuild

    home: Home = obj["home"]
    if not home.records_db.exists():  # before any crawl: create nothing, not even the home
        click.echo(f"nothing to index: no articles stored in {home.root} yet (run `newsearch crawl` first)", err=True)
        return
    try:
        # a crawl, ingest, import or reextract writing meanwhile would be lost in the swap
        with crawl_lock(home.lock_file), ingest_lock(home):
            n = rebuild(home, force=force)
    except (CrawlLockedError, IngestLockedError) as exc:
        fail(f"{exc}; run reindex when it has finished.", EXIT_LOCKED)
    except NewsearchError as exc:
        library_error(exc, home)
    click.echo(f"reindexed {n} articles in {home.index_dir}")


@cli.command()
@click.argument("text", required=False, default="Iraq returns")
@click.pass_context
def demo(ctx: click.Context, text: str) -> None:
    """See newsearch work offline: crawl two built-in sample news sites and search them.

    Serves the sample sites on loopback, crawls them (for real) into the demo home
    HOME/demo (made anew each run), and runs the query there (default "Iraq returns").

    \b
      newsearch demo
      newsearch demo "flood defences"
    """
    from search_cli.demo import run_demo

    run_demo(ctx, text, query)


cli.add_command(watch_commands.watch)
cli.add_command(watch_commands.feed)
cli.add_command(cluster_commands.worker)
cli.lazy = {  # imported when run (or listed by --help): off the query's path
    "ingest": "search_cli.ingest_cmd:ingest",
    "import": "search_cli.archive_cmds:import_command",
    "reextract": "search_cli.reextract_cmd:reextract",
}


def main() -> None:
    """Run the CLI; failures the commands do not name still end in one line, not a traceback."""
    import sqlite3

    from indexer.errors import is_disk_full

    try:
        cli(prog_name="newsearch")
    except BrokenPipeError:  # `newsearch query ... | head` closed the pipe: not an error
        sys.stderr.close()
        sys.exit(0)
    except sqlite3.DatabaseError as exc:
        if is_disk_full(exc):
            fail(f"the disk is full ({exc}); nothing stored was lost: free some space and run the command again")
        fail(f"a database in the home is damaged or not newsearch's ({exc}); move it aside and crawl again")
    except OSError as exc:
        if is_disk_full(exc):
            fail(f"the disk is full ({exc.strerror}); nothing stored was lost: free some space and run the command again")
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        fail(f"{exc.strerror or exc}{where}")
    except Exception as exc:
        from whoosh.index import IndexError as WhooshIndexError

        if isinstance(exc, WhooshIndexError):
            fail(f"the index is damaged ({exc}); run `newsearch reindex` to rebuild it from the stored articles")
        raise
