"""Saved searches ("watches"): what matched since a watch was last shown.

Watches live in ``HOME/watches.db`` (SQLite, WAL), beside ``articles.db`` and
apart from the index, so ``reindex`` never touches them and a ``watch show``
holding its lock never stalls a crawl writing articles.

A story is tracked by the URLs of its copies, not by its group key: every copy a
watch has shown is marked, and a story counts as seen when any of its copies is
marked. The group key (``duplicate_of`` or the URL of the earliest copy) changes
when an earlier copy turns up later and the group is re-pointed; the URLs of
the copies already shown do not, so neither a new wire copy nor a re-pointed
group makes a seen story news again.

Two cursors per watch: ``shown`` (``watch show``) and ``announced`` (the
summary after a crawl and ``crawl --watch-out``), so announcing a story after a
crawl does not hide it from the next ``watch show``. Each claim is one
``BEGIN IMMEDIATE`` transaction that reads the marks, lets the caller print the
stories, and only then writes the marks and commits: two ``watch show`` at once
run one after the other (never a story twice), and a show whose output fails
(a closed pipe, a full disk) rolls back (never a story lost).

Matching is the ``query`` syntax and filters, strictly: every word must match
(``query`` adds partial matches to fill a short page; a watch does not, or a
watch for "Iraq returns" would report every story about tax returns).
"""
from __future__ import annotations

import json
import re
from collections import Counter
import sqlite3
import time
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .errors import NewsearchError, NoIndexError, QuerySyntaxError
from .home import Home
from .sqlitedb import open_wal

if TYPE_CHECKING:
    from .search import Filters, Hit

SHOWN, ANNOUNCED = "shown", "announced"
_NAME = re.compile(r"^\w[\w.-]{0,63}$")
_SCHEMA = """
CREATE TABLE IF NOT EXISTS watches (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    query TEXT NOT NULL,
    topics TEXT NOT NULL DEFAULT '[]',
    sources TEXT NOT NULL DEFAULT '[]',
    languages TEXT NOT NULL DEFAULT '[]',
    created REAL NOT NULL,
    last_shown REAL
);
CREATE TABLE IF NOT EXISTS marks (
    watch INTEGER NOT NULL,
    cursor TEXT NOT NULL,
    url TEXT NOT NULL,
    at REAL NOT NULL,
    PRIMARY KEY (watch, cursor, url)
) WITHOUT ROWID;
"""
#: How long a claim waits for another one (a `watch show` being read in a pager) before giving up.
BUSY_TIMEOUT = 30.0


class WatchError(NewsearchError):
    """A watch name or query that cannot be saved."""


class WatchNotFoundError(NewsearchError):
    """No watch with that name."""


class WatchExistsError(NewsearchError):
    """A watch with that name already exists."""


class WatchBusyError(NewsearchError):
    """Another process held the watches for longer than we may wait."""


@dataclass(frozen=True)
class Watch:
    """A saved query and its filters."""

    name: str
    query: str
    topics: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    created: float = 0.0
    last_shown: float | None = None
    id: int = 0

    def filters(self) -> "Filters":
        from .search import Filters

        return Filters(None, None, list(self.topics), list(self.sources), list(self.languages))

    def describe(self) -> str:
        """The watch as the command line that would make it."""
        parts = [json.dumps(self.query, ensure_ascii=False)]
        for flag, values in (("--topic", self.topics), ("--source", self.sources), ("--lang", self.languages)):
            parts += [f"{flag} {json.dumps(v, ensure_ascii=False) if ' ' in v else v}" for v in values]
        return " ".join(parts)


@dataclass
class Story:
    """One story a watch matched: the hit ``query`` would show, and whether it is new."""

    hit: "Hit"
    new: bool
    members: list[str] = field(default_factory=list)  # the URLs of all its copies
    updated: str | None = None  # the shown copy's last modification (for feeds)
    crawled_at: str | None = None

    def to_json(self, watch: str) -> dict[str, Any]:
        return {**self.hit.to_json(), "watch": watch, "new": self.new}


def check_name(name: str) -> str:
    """*name* when it is a usable watch name (letters, digits, ``-``, ``_``, ``.``; 64 at most)."""
    if not _NAME.match(name):
        raise WatchError(
            f"bad watch name {name!r}: use up to 64 letters, digits, '-', '_' or '.', starting with a letter or digit"
        )
    return name


def check_query(text: str) -> str:
    """*text* when it parses as a query (same syntax as ``newsearch query``)."""
    from .schema import build_schema
    from .search import parse_query

    if any(unicodedata.category(c) == "Cc" for c in text):
        raise QuerySyntaxError("the query holds control characters")
    parse_query(text, build_schema())
    return text


class WatchStore:
    """The watches of one home and the stories each has shown."""

    def __init__(self, home: Home) -> None:
        self.home = home.ensure()
        self.db = open_wal(home.watches_db, _SCHEMA, BUSY_TIMEOUT)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "WatchStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the watches -------------------------------------------------------------
    @staticmethod
    def _watch(row: tuple[Any, ...]) -> Watch:
        wid, name, query, topics, sources, languages, created, last_shown = row
        return Watch(name, query, tuple(json.loads(topics)), tuple(json.loads(sources)),
                     tuple(json.loads(languages)), created, last_shown, wid)

    def all(self) -> list[Watch]:
        rows = self.db.execute(
            "SELECT id, name, query, topics, sources, languages, created, last_shown FROM watches ORDER BY name"
        ).fetchall()
        return [self._watch(r) for r in rows]

    def get(self, name: str) -> Watch:
        row = self.db.execute(
            "SELECT id, name, query, topics, sources, languages, created, last_shown FROM watches WHERE name=?", (name,)
        ).fetchone()
        if row is None:
            raise WatchNotFoundError(f"no watch named {name!r} (see `newsearch watch list`)")
        return self._watch(row)

    def add(self, watch: Watch, new_only: bool = False) -> Watch:
        """Save *watch*. Stories that match already are marked announced (the next crawl
        reports only arrivals) and, with *new_only*, shown too."""
        check_name(watch.name)
        check_query(watch.query)
        with self._transaction():
            try:
                self.db.execute(
                    "INSERT INTO watches(name, query, topics, sources, languages, created) VALUES (?,?,?,?,?,?)",
                    (watch.name, watch.query, json.dumps(list(watch.topics)), json.dumps(list(watch.sources)),
                     json.dumps(list(watch.languages)), time.time()),
                )
            except sqlite3.IntegrityError:
                old = self.get(watch.name)
                raise WatchExistsError(
                    f"a watch named {watch.name!r} already exists ({old.describe()}); `newsearch watch remove {watch.name}` first"
                ) from None
            saved = self.get(watch.name)
            try:
                stories = self._stories(saved, (ANNOUNCED,), include_seen=False, hits=False)
            except NoIndexError:
                stories = []
            self._mark(saved, ANNOUNCED, stories)
            if new_only:
                self._mark(saved, SHOWN, stories)
        return saved

    def remove(self, name: str) -> None:
        with self._transaction():
            watch = self.get(name)
            self.db.execute("DELETE FROM marks WHERE watch=?", (watch.id,))
            self.db.execute("DELETE FROM watches WHERE id=?", (watch.id,))

    def unseen_count(self, watch: Watch) -> int | None:
        """How many stories *watch* matches that were not yet shown (None when no index exists yet)."""
        try:
            return len(self._stories(watch, (SHOWN,), include_seen=False, hits=False))
        except NoIndexError:
            return None

    def unseen_counts(self) -> list[tuple[Watch, int | None]]:
        """Each watch with its number of stories not yet shown (``unseen_count``)."""
        return [(watch, self.unseen_count(watch)) for watch in self.all()]

    # -- claiming stories --------------------------------------------------------
    @contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise WatchBusyError(
                    f"another newsearch has held the watches in {self.home.root} for over {BUSY_TIMEOUT:.0f} s"
                ) from exc
            raise
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    @contextmanager
    def claim(self, names: list[str] | None = None, *, include_seen: bool = False, limit: int | None = None,
              cursor: str = SHOWN) -> Iterator[list[tuple[Watch, list[Story]]]]:
        """The new stories of each watch (all watches when *names* is None), newest first,
        at most *limit* new ones per watch; with *include_seen* the seen ones too.

        Use as ``with store.claim(...) as found:`` and deliver them in the block: the
        stories are marked (for *cursor*) only when the block ends without an error,
        in the same transaction that read them.
        For ``announced``, a story already shown is not new either.
        """
        with self._transaction():
            watches = [self.get(n) for n in names] if names else self.all()
            seen_by = (SHOWN,) if cursor == SHOWN else (SHOWN, ANNOUNCED)
            found = []
            for watch in watches:
                try:
                    stories = self._stories(watch, seen_by, include_seen=include_seen, new_limit=limit)
                except NoIndexError:
                    stories = []
                found.append((watch, stories))
            yield found
            now = time.time()
            for watch, stories in found:
                self._mark(watch, cursor, [s for s in stories if s.new], now)
                if cursor == SHOWN:
                    self.db.execute("UPDATE watches SET last_shown=? WHERE id=?", (now, watch.id))

    def _mark(self, watch: Watch, cursor: str, stories: list[Story], now: float | None = None) -> None:
        now = now or time.time()
        self.db.executemany(
            "INSERT OR IGNORE INTO marks(watch, cursor, url, at) VALUES (?,?,?,?)",
            [(watch.id, cursor, url, now) for s in stories for url in s.members],
        )

    def _marked(self, watch: Watch, cursors: tuple[str, ...], urls: list[str]) -> set[str]:
        marked: set[str] = set()
        cmarks = ",".join("?" * len(cursors))
        for i in range(0, len(urls), 500):
            chunk = urls[i : i + 500]
            rows = self.db.execute(
                f"SELECT url FROM marks WHERE watch=? AND cursor IN ({cmarks}) AND url IN ({','.join('?' * len(chunk))})",
                (watch.id, *cursors, *chunk),
            )
            marked.update(u for (u,) in rows)
        return marked

    def _stories(self, watch: Watch, seen_by: tuple[str, ...], *, include_seen: bool, new_limit: int | None = None,
                 limit: int | None = None, hits: bool = True) -> list[Story]:
        return matching_stories(self.home, watch, lambda urls: self._marked(watch, seen_by, urls),
                                include_seen=include_seen, new_limit=new_limit, limit=limit, hits=hits)


def matching_stories(home: Home, watch: Watch, marked: Callable[[list[str]], set[str]], *, include_seen: bool,
                     new_limit: int | None = None, limit: int | None = None, hits: bool = True) -> list[Story]:
    """The stories *watch* matches in the index, newest first, one per story.

    *marked(urls)* returns those of *urls* already seen; a story is new when none of its
    copies is. Everything ``indexer.search`` is used for is in here (one place to follow it).
    """
    from .search import highlighted, parse_query, story_members
    from .store import RecordStore
    from .writer import open_index

    ix = open_index(home)
    with ix.searcher() as searcher:
        q = parse_query(watch.query, ix.schema)
        results = searcher.search(q, limit=None, filter=watch.filters().query(ix.schema))
        highlighted(results)
        groups: dict[str, list[Any]] = {}
        for hit in results:
            groups.setdefault(hit["group"], []).append(hit)
        matched_marked = marked([h["url"] for hs in groups.values() for h in hs])
        # newest first by the story's shown copy: its earliest matching copy, as `query` shows it
        heads = {g: min(hs, key=lambda h: (h["date"], h["url"])) for g, hs in groups.items()}
        order = sorted(groups, key=lambda g: (heads[g]["date"], heads[g]["url"]), reverse=True)
        candidates = [g for g in order if include_seen or not ({h["url"] for h in groups[g]} & matched_marked)]

        reader = searcher.reader()
        if len(candidates) > reader.doc_count() // 10:  # many stories: count every group's copies at once
            column = reader.column_reader("group")
            sizes = Counter(column[d] for d in reader.all_doc_ids())
            size = sizes.__getitem__
        else:  # a few: one term lookup each
            size = lambda g: searcher.doc_frequency("group", g)  # noqa: E731

        def copies(g: str) -> list[dict[str, Any]]:
            """Every copy of story *g*; its matching copies alone when the group has no other
            (the common case, and no need to read the group's documents)."""
            if size(g) <= len(groups[g]):
                return [dict(h.fields()) for h in groups[g]]
            return story_members(searcher, g)

        picked: list[tuple[str, bool, list[dict[str, Any]]]] = []
        new_count = 0
        for start in range(0, len(candidates), 500):
            chunk = candidates[start : start + 500]
            members = {g: copies(g) for g in chunk}
            matching = {g: {h["url"] for h in groups[g]} for g in chunk}
            # seen when any copy was shown: a matching one, or any copy of the group now
            # (the group key itself may be new after a re-pointing, its copies' URLs are not)
            others_marked = marked(sorted({m["url"] for g in chunk for m in members[g]} - matched_marked))
            for g in chunk:
                urls = matching[g] | {m["url"] for m in members[g]}
                is_new = not (urls & matched_marked or urls & others_marked)
                if is_new:
                    new_count += 1
                    if new_limit is not None and new_count > new_limit:
                        continue
                elif not include_seen:
                    continue
                picked.append((g, is_new, members[g]))
                if limit is not None and len(picked) >= limit:
                    break
            if limit is not None and len(picked) >= limit:
                break
            if new_limit is not None and new_count > new_limit and not include_seen:
                break
        if not hits:
            return [Story(hit=None, new=n, members=sorted({m["url"] for m in ms} | {h["url"] for h in groups[g]}))  # type: ignore[arg-type]
                    for g, n, ms in picked]
        texts: dict[str, dict[str, Any]] = {}
        if home.records_db.exists():
            with RecordStore(home.records_db, readonly=True) as store:
                texts = store.get_many(sorted({heads[g]["url"] for g, _, _ in picked}))
        return [_story(heads[g], groups[g], members, is_new, texts.get(heads[g]["url"], {}))
                for g, is_new, members in picked]


def _story(head: Any, matching: list[Any], members: list[dict[str, Any]], is_new: bool,
           record: dict[str, Any]) -> Story:
    """The Hit `query` would print for a story (its earliest matching copy, the others as copies)."""
    from .search import hit_for

    hit = hit_for(head, record, members, max(float(h.score or 0.0) for h in matching))
    members_urls = sorted({m["url"] for m in members} | {h["url"] for h in matching})
    return Story(hit, is_new, members_urls, head.get("updated") or None, head.get("crawled_at") or None)


def aware_utc(value: str | None) -> datetime | None:
    """An ISO 8601 date as an aware datetime (UTC assumed when it has no offset)."""
    from .schema import to_utc

    dt = to_utc(value)
    return dt.replace(tzinfo=timezone.utc) if dt else None
