"""The crawl state every worker shares, in Redis: the same questions as
crawler.state.CrawlState (is this URL done? what did listings say of it? which
leads are pending? when is a listing due?) answered for the whole cluster, plus the
run's sets and counters (URLs queued, pages and listings spent per site), robots.txt
and the sites of the run.

Per URL one hash (status, site, detail, evidence, attempts, validators), per site a
sorted set of pending leads, newest first. Evidence merges run in a WATCH/MULTI
transaction, so two workers naming one URL at once both count."""
from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import datetime
from typing import Any, Iterator

from ..config import Site
from ..discovery import merge_evidence, redates
from ..state import FINAL, MAX_ATTEMPTS, MAX_REST
from .connect import Keys, redis_now, worker_name


def _lead_score(evidence: dict[str, Any] | None, first_seen: float) -> float:
    """Newest first: a listed date wins over none, then the time first seen."""
    date = (evidence or {}).get("date")
    if date:
        try:
            return datetime.fromisoformat(str(date).replace("Z", "+00:00")).timestamp()
        except ValueError:
            pass
    return first_seen - 1e10


def _s(value: Any) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


class RedisCrawlState:
    """crawler.state.CrawlState's interface, shared by every worker of a cluster."""

    def __init__(self, client: Any, run_id: int) -> None:
        self.r = client
        self.run_id = run_id

    # -- no transactions to batch: every call is one Redis round trip or script --------
    def commit(self) -> None:
        pass

    def maybe_commit(self, every: int = 50) -> None:
        pass

    def close(self) -> None:
        pass

    def start_run(self, pid: int) -> int:
        return self.run_id

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        pass

    def adopt_stored(self, records_db: Any) -> int:
        return 0

    # -- URLs ---------------------------------------------------------------------------
    def is_done(self, url: str) -> bool:
        status, attempts = self.r.hmget(Keys.url(url), "status", "attempts")
        status = _s(status)
        return status in FINAL or (status == "failed" and int(attempts or 0) >= MAX_ATTEMPTS)

    def status(self, url: str) -> str | None:
        return _s(self.r.hget(Keys.url(url), "status"))

    def add_lead(self, url: str, site: str, evidence: dict[str, Any] | None = None) -> str:
        """As CrawlState.add_lead: "new", "pending", "redate" or "known"."""
        key = Keys.url(url)
        outcome = ["known"]

        def update(pipe: Any) -> None:
            status, raw, attempts, first = (_s(v) for v in pipe.hmget(key, "status", "evidence", "attempts", "first_seen"))
            pipe.multi()
            if status is None:
                now = time.time()
                pipe.hset(key, mapping={"status": "pending", "site": site, "evidence": json.dumps(evidence or {}),
                                        "first_seen": now, "attempts": 0})
                pipe.zadd(Keys.pending(site), {url: _lead_score(evidence, now)})
                outcome[0] = "new"
                return
            if status not in ("pending", "failed", "article") or (status == "failed" and int(attempts or 0) >= MAX_ATTEMPTS):
                outcome[0] = "known"
                return
            old = json.loads(raw) if raw else {}
            merged = merge_evidence(old, evidence)
            if status == "article":
                if not redates(old, merged):
                    if merged != old:
                        pipe.hset(key, "evidence", json.dumps(merged))
                    outcome[0] = "known"
                    return
                pipe.hset(key, mapping={"evidence": json.dumps(merged), "detail": "redate"})
                pipe.sadd(Keys.redates(site), url)
                outcome[0] = "redate"
                return
            if merged != old:
                pipe.hset(key, "evidence", json.dumps(merged))
                pipe.zadd(Keys.pending(site), {url: _lead_score(merged, float(first or time.time()))})
            outcome[0] = "pending"

        self.r.transaction(update, key)
        return outcome[0]

    def owed_redates(self, site: str) -> list[str]:
        return [_s(u) for u in self.r.smembers(Keys.redates(site))]

    def redated(self, url: str) -> None:
        site = _s(self.r.hget(Keys.url(url), "site")) or ""
        pipe = self.r.pipeline(transaction=True)
        pipe.srem(Keys.redates(site), url).hdel(Keys.url(url), "detail")
        pipe.execute()

    def evidence(self, url: str) -> dict[str, Any]:
        status, raw = (_s(v) for v in self.r.hmget(Keys.url(url), "status", "evidence"))
        if status == "listing" or not raw:
            return {}
        try:
            value = json.loads(raw)
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def pending(self, site: str, limit: int = 1_000_000) -> Iterator[tuple[str, dict[str, Any]]]:
        urls = [_s(u) for u in self.r.zrevrange(Keys.pending(site), 0, max(0, limit - 1))]
        pipe = self.r.pipeline(transaction=False)
        for url in urls:
            pipe.hmget(Keys.url(url), "status", "attempts", "evidence")
        for url, (status, attempts, raw) in zip(urls, pipe.execute()):
            status = _s(status)
            if status == "pending" or (status == "failed" and int(attempts or 0) < MAX_ATTEMPTS):
                yield url, json.loads(raw) if raw else {}

    def prune_pending(self, site: str, keep: int) -> int:
        key = Keys.pending(site)
        count = self.r.zcard(key)
        if count <= keep:
            return 0
        drop = [_s(u) for u in self.r.zrange(key, 0, count - keep - 1)]
        pipe = self.r.pipeline(transaction=True)
        pipe.zrem(key, *drop)
        for url in drop:
            pipe.delete(Keys.url(url))
        pipe.execute()
        return len(drop)

    def mark(self, url: str, site: str, status: str, detail: str | None = None) -> None:
        key = Keys.url(url)
        now = time.time()
        pipe = self.r.pipeline(transaction=True)
        pipe.hsetnx(key, "first_seen", now)
        pipe.hset(key, mapping={"status": status, "site": site, "detail": detail or "", "last_fetched": now})
        if status == "failed":
            pipe.hincrby(key, "attempts", 1)
        elif status != "pending":
            pipe.zrem(Keys.pending(site), url)
        pipe.execute()

    # -- listings ----------------------------------------------------------------------
    def listing_due(self, url: str) -> bool:
        idle, last_run = self.r.hmget(Keys.listing(url), "idle", "last_run")
        if not idle or not int(idle):
            return True
        return self.run_id - int(last_run or 0) >= 2 ** min(int(idle), MAX_REST)

    def listing_visited(self, url: str, site: str, gave_new: bool) -> None:
        key = Keys.listing(url)
        pipe = self.r.pipeline(transaction=True)
        if gave_new:
            pipe.hset(key, mapping={"idle": 0, "last_run": self.run_id, "site": site})
        else:
            pipe.hincrby(key, "idle", 1).hset(key, mapping={"last_run": self.run_id, "site": site})
        pipe.execute()

    def validators(self, url: str) -> tuple[str | None, str | None]:
        etag, modified = (_s(v) for v in self.r.hmget(Keys.url(url), "etag", "last_modified"))
        return etag or None, modified or None

    def set_validators(self, url: str, site: str, etag: str | None, last_modified: str | None,
                       children: list[str] | None = None) -> None:
        key = Keys.url(url)
        pipe = self.r.pipeline(transaction=True)
        pipe.hsetnx(key, "first_seen", time.time())
        pipe.hset(key, mapping={"status": "listing", "site": site, "etag": etag or "", "last_modified": last_modified or "",
                                "evidence": json.dumps(children or [])})
        pipe.execute()

    def children(self, url: str) -> list[str]:
        status, raw = (_s(v) for v in self.r.hmget(Keys.url(url), "status", "evidence"))
        return list(json.loads(raw)) if status == "listing" and raw else []


class RedisSet:
    """The spider's URLs queued this run, shared by every worker, with the
    ``in``/``add`` of a Python set, except that ``in`` *claims*: it adds the URL and
    answers whether it was there before. The spider asks ``url in queued`` and then
    adds it; between the two, another worker finding the same URL (a sitemap and a
    home page naming it at once) also saw it absent, both charged the site's page
    budget, the queue kept one request, and the budget ran out one page early (299 of
    300 articles with 4 workers). Every place the spider asks is about to queue or
    handle the URL, so claiming there is what it means."""

    def __init__(self, client: Any, key: str) -> None:
        self.r, self.key = client, key

    def __contains__(self, item: str) -> bool:
        return not self.add(item)

    def add(self, item: str) -> bool:
        pipe = self.r.pipeline(transaction=True)
        pipe.sadd(self.key, item).expire(self.key, 86400)
        return bool(pipe.execute()[0])

    def __len__(self) -> int:
        return int(self.r.scard(self.key))


class RedisCounter:
    """Per-site counts in a Redis hash, with the ``c[k]`` / ``c[k] += 1`` of a
    Counter (the spider's article budget this run, shared by every worker). An
    assignment adds the difference to what Redis holds, so two workers each adding
    one count two."""

    def __init__(self, client: Any, key: str) -> None:
        self.r, self.key = client, key
        self._seen: dict[str, int] = {}

    def __getitem__(self, item: str) -> int:
        value = int(self.r.hget(self.key, item) or 0)
        self._seen[item] = value
        return value

    def __setitem__(self, item: str, value: int) -> None:
        delta = value - self._seen.get(item, 0)
        pipe = self.r.pipeline(transaction=True)
        pipe.hincrby(self.key, item, delta).expire(self.key, 86400)
        self._seen[item] = int(pipe.execute()[0])

    def incr(self, item: str, by: int = 1) -> int:
        pipe = self.r.pipeline(transaction=True)
        pipe.hincrby(self.key, item, by).expire(self.key, 86400)
        return int(pipe.execute()[0])


class SharedRobots:
    """robots.txt of each site, parsed once per worker from the text one worker fetched."""

    def __init__(self, client: Any) -> None:
        self.r = client
        self.parsed: dict[str, Any] = {}

    def __setitem__(self, site: str, robots: Any) -> None:
        self.parsed[site] = robots  # its text is shared by ClusterNewsSpider.parse_robots

    def get(self, site: str, default: Any = None) -> Any:
        if site in self.parsed:
            return self.parsed[site]
        text = self.r.hget(Keys.site(site), "robots")
        if text is None:
            return default
        from protego import Protego

        self.parsed[site] = Protego.parse(text.decode("utf-8", "replace"))
        return self.parsed[site]


# -- the run: its sites and settings, set by the crawl that seeds it ---------------------
def publish_run(client: Any, sites: list[Site], settings: dict[str, Any]) -> int:
    """Start a crawl run: its sites and settings for every worker; returns its id.
    Each site's backoff starts afresh; its robots.txt is fetched again."""
    run = int(client.incr(Keys.run))
    pipe = client.pipeline(transaction=True)
    pipe.delete(Keys.config)
    pipe.hset(Keys.config, mapping={k: json.dumps(v) for k, v in settings.items()})
    for site in sites:
        pipe.hset(Keys.sites, site.key, json.dumps(asdict(site)))
        pipe.hdel(Keys.site(site.key), "robots", "crawl_delay", "penalty", "hold_until")
    pipe.set(Keys.active, run)
    # the seeding crawl counts as alive from now: its heartbeat starts with Scrapy, later
    pipe.zadd(Keys.workers, {worker_name(): redis_now(client)})
    pipe.execute()
    return run


def finish_run(client: Any, run: int) -> None:
    """The run is over (its queue is empty and nothing is leased)."""
    client.delete(Keys.active) if int(client.get(Keys.active) or 0) == run else None


def active_run(client: Any) -> int:
    return int(client.get(Keys.active) or 0)


def run_settings(client: Any) -> dict[str, Any]:
    return {_s(k): json.loads(v) for k, v in client.hgetall(Keys.config).items()}


def run_sites(client: Any) -> dict[str, Site]:
    return {_s(k): Site(**json.loads(v)) for k, v in client.hgetall(Keys.sites).items()}
