"""`newsearch watch ...` (saved searches), `newsearch feed`, and the watches' line after a crawl.

Thin: each command calls ``indexer.watch`` / ``indexer.feed`` and turns their named
errors into one line. Nothing heavy is imported at module level (``main`` imports
this module at start-up).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from indexer.jsontext import dumps


def _cli() -> Any:
    """search_cli.main, imported late: it imports this module to register the commands."""
    from search_cli import main

    return main


def _filters(topics: tuple[str, ...], sources: tuple[str, ...], languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """The filters as `query` checks and normalises them (topic aliases, language case)."""
    f = _cli().make_filters(None, None, topics, sources, languages)
    return {"topics": tuple(f.topics), "sources": tuple(f.sources), "languages": tuple(f.languages)}


def topic_source_lang_options(f: Any) -> Any:
    """--topic, --source and --lang, as `query` has them (`query` adds --since/--until)."""
    f = click.option("--lang", "languages", multiple=True, help="Language code, e.g. en (repeatable).")(f)
    f = click.option("--source", "sources", multiple=True, help='Site name, e.g. "Harbour Post" (repeatable).')(f)
    f = click.option("--topic", "topics", multiple=True, help="Topic, e.g. politics or an alias like football (repeatable).")(f)
    return f


def _print_stories(name: str, stories: list[Any], as_json: bool, show_all: bool) -> None:
    """One watch's stories, as `query` prints hits (the one place this module uses query's printing)."""
    if as_json:
        for story in stories:
            click.echo(dumps(story.to_json(name)))
        return
    print_hit = _cli().print_hit
    new = [s for s in stories if s.new]
    click.echo(click.style(f"== {name}: {len(new)} new" + (f", {len(stories) - len(new)} seen" if show_all else ""), bold=True))
    click.echo()
    blocks = [("", new)] if not show_all else [("new:", new), ("seen before:", [s for s in stories if not s.new])]
    for heading, block in blocks:
        if heading and block:
            click.echo(heading)
        for rank, story in enumerate(block, start=1):
            print_hit(rank, story.hit)  # hit_lines escapes every control character


@click.group()
def watch() -> None:
    """Saved searches: what is new since you last looked.

    \b
      newsearch watch add iraq-returns "Iraq returns" --topic politics
      newsearch watch list                 # each watch and its unseen stories
      newsearch watch show                 # new stories of every watch, then marked seen
      newsearch watch show iraq-returns --json
      newsearch watch remove iraq-returns
    """


@watch.command("add")
@click.argument("name")
@click.argument("query")
@topic_source_lang_options
@click.option("--new-only", is_flag=True, help="Count only stories that arrive from now on (mark today's matches seen).")
@click.pass_obj
def watch_add(obj: dict[str, Any], name: str, query: str, topics: tuple[str, ...], sources: tuple[str, ...],
              languages: tuple[str, ...], new_only: bool) -> None:
    """Save QUERY as the watch NAME (same syntax and filters as `newsearch query`).

    Stories already in the index that match are listed by the first `watch show`
    (unless --new-only); the summary after a crawl names only arrivals.

    \b
      newsearch watch add iraq-returns "Iraq returns" --topic politics
      newsearch watch add floods 'flood* OR "burst its banks"' --source "Valley Times" --new-only
    """
    from indexer.errors import NewsearchError, QuerySyntaxError
    from indexer.watch import Watch, WatchError, WatchExistsError, WatchStore

    main = _cli()
    home = obj["home"]
    watch_ = Watch(name, query, **_filters(topics, sources, languages))
    try:
        with WatchStore(home) as store:
            saved = store.add(watch_, new_only=new_only)
            count = store.unseen_count(saved)
    except (WatchError, QuerySyntaxError) as exc:
        main.fail(str(exc), main.EXIT_USAGE)
    except WatchExistsError as exc:
        main.fail(str(exc))
    except NewsearchError as exc:
        main.library_error(exc, home)
    unseen = "" if count is None else f"; {count} unseen stor{'y' if count == 1 else 'ies'}"
    click.echo(f"added watch {saved.name}: {saved.describe()}{unseen}")


@watch.command("list")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: name, query, topics, sources, languages, unseen.")
@click.pass_obj
def watch_list(obj: dict[str, Any], as_json: bool) -> None:
    """List the watches, each with its number of unseen stories.

    \b
      newsearch watch list
    """
    from indexer.errors import NewsearchError
    from indexer.watch import WatchStore

    main = _cli()
    home = obj["home"]
    if not home.watches_db.exists():
        if not as_json:
            click.echo("No watches yet: `newsearch watch add NAME QUERY` saves one.", err=True)
        return
    try:
        with WatchStore(home) as store:
            counts = store.unseen_counts()
    except NewsearchError as exc:
        main.library_error(exc, home)
    if not counts and not as_json:
        click.echo("No watches yet: `newsearch watch add NAME QUERY` saves one.", err=True)
    for w, n in counts:
        if as_json:
            click.echo(dumps({"name": w.name, "query": w.query, "topics": list(w.topics), "sources": list(w.sources),
                              "languages": list(w.languages), "unseen": n}))
        else:
            click.echo(main.clean(f"{w.name}\t{'-' if n is None else n} unseen\t{w.describe()}", multiline=True))


@watch.command("remove")
@click.argument("name")
@click.pass_obj
def watch_remove(obj: dict[str, Any], name: str) -> None:
    """Remove the watch NAME (and what it has seen).

    \b
      newsearch watch remove iraq-returns
    """
    from indexer.errors import NewsearchError
    from indexer.watch import WatchStore

    main = _cli()
    if not obj["home"].watches_db.exists():
        main.fail(f"no watch named {name!r} (see `newsearch watch list`)")
    try:
        with WatchStore(obj["home"]) as store:
            store.remove(name)
    except NewsearchError as exc:
        main.library_error(exc, obj["home"])
    click.echo(f"removed watch {name}")


@watch.command("show")
@click.argument("name", required=False)
@click.option("--all", "show_all", is_flag=True, help="Also list the stories shown before.")
@click.option("--limit", type=click.IntRange(min=1), help="At most N new stories per watch (the rest stay unseen).")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: the `query --json` fields plus watch and new.")
@click.pass_obj
def watch_show(obj: dict[str, Any], name: str | None, show_all: bool, limit: int | None, as_json: bool) -> None:
    """Print the stories that matched since the watch was last shown, newest first, and
    mark them seen (every watch when NAME is not given).

    A story is shown once: a later copy on another site does not make it new again.
    Nothing new: nothing on stdout, so `watch show | mail` style pipes can test for it.

    \b
      newsearch watch show
      newsearch watch show iraq-returns --json | jq -r .url
    """
    from indexer.errors import NewsearchError
    from indexer.watch import WatchStore

    main = _cli()
    home = obj["home"]
    if not home.watches_db.exists():
        if name:
            main.fail(f"no watch named {name!r} (see `newsearch watch list`)")
        click.echo("No watches yet: `newsearch watch add NAME QUERY` saves one.", err=True)
        return
    shown = 0
    try:
        with WatchStore(home) as store, store.claim([name] if name else None, include_seen=show_all, limit=limit) as found:
            for w, stories in found:
                if stories:
                    _print_stories(w.name, stories, as_json, show_all)
                    shown += len(stories)
            sys.stdout.flush()  # delivered before the stories are marked seen
    except NewsearchError as exc:
        main.library_error(exc, home)
    if not shown:
        click.echo("No new stories." if not show_all else "No stories.", err=True)


@click.command()
@click.argument("query", required=False)
@click.option("--watch", "watch_name", metavar="NAME", help="The stories of this watch instead of a QUERY.")
@topic_source_lang_options
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True, help="Newest N stories.")
@click.pass_obj
def feed(obj: dict[str, Any], query: str | None, watch_name: str | None, topics: tuple[str, ...], sources: tuple[str, ...],
         languages: tuple[str, ...], limit: int) -> None:
    """Write an Atom feed of the newest stories matching QUERY (or a watch) to stdout.

    Any feed reader can then follow a search. Marks nothing seen.

    \b
      newsearch feed "Iraq returns" --topic politics > iraq.xml
      newsearch feed --watch iraq-returns --limit 50 > /var/www/feeds/iraq.xml
    """
    from indexer.errors import NewsearchError, QuerySyntaxError
    from indexer.feed import newest_feed
    from indexer.watch import Watch, WatchStore, check_query

    main = _cli()
    home = obj["home"]
    if bool(query) == bool(watch_name):
        raise click.UsageError("give a QUERY or --watch NAME (one of them)")
    if watch_name and (topics or sources or languages):
        raise click.UsageError("--topic, --source and --lang go with a QUERY; a watch has its own")
    try:
        if watch_name:
            if not home.watches_db.exists():
                main.fail(f"no watch named {watch_name!r} (see `newsearch watch list`)")
            with WatchStore(home) as store:
                w = store.get(watch_name)
        else:
            try:
                w = Watch("", check_query(query or ""), **_filters(topics, sources, languages))
            except QuerySyntaxError as exc:
                main.fail(str(exc), main.EXIT_USAGE)
        xml = newest_feed(home, w, limit)
    except NewsearchError as exc:
        main.library_error(exc, home)
    sys.stdout.buffer.write(xml)
    sys.stdout.flush()


def _writable_parent(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    if value is not None and not value.expanduser().parent.is_dir():
        raise click.BadParameter(f"no folder {str(value.expanduser().parent)!r} to write {value} in")
    return value.expanduser() if value is not None else None


def watch_out_option(f: Any) -> Any:
    """`crawl --watch-out FILE` (its folder checked before the crawl, not an hour later)."""
    return click.option("--watch-out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
                        callback=_writable_parent,
                        help="Append the watches' new stories to FILE as JSON Lines (see `watch`).")(f)


def report_after_crawl(home: Any, watch_out: Path | None) -> None:
    """After a crawl: one line naming the watches with new stories ("3 new for iraq-returns"),
    and with *watch_out* those stories appended to it as JSON Lines. Each story is
    announced once; `watch show` still lists it until it is shown."""
    from indexer.errors import NewsearchError
    from indexer.watch import ANNOUNCED, WatchStore

    if not home.watches_db.exists():
        return
    main = _cli()
    try:
        with WatchStore(home) as store, store.claim(None, cursor=ANNOUNCED) as found:
            found = [(w, stories) for w, stories in found if stories]
            if watch_out and found:
                with open(watch_out, "a", encoding="utf-8") as out:
                    for w, stories in found:
                        for story in stories:
                            out.write(dumps(story.to_json(w.name)) + "\n")
            if found:
                click.echo("watches: " + ", ".join(f"{len(s)} new for {w.name}" for w, s in found))
    except NewsearchError as exc:
        main.fail(f"the crawl is done, but the watches could not be checked: {exc}")
    except OSError as exc:
        main.fail(f"the crawl is done, but --watch-out {watch_out} could not be written ({exc.strerror or exc})")
