"""The Redis connection of cluster mode, and the names of its keys."""
from __future__ import annotations

import socket
import os
from typing import Any

from indexer.errors import NewsearchError

#: Every key of a cluster starts with this (one Redis database may serve one cluster).
PREFIX = "newsearch:"
#: Retries of a command while Redis is away (a restart), 50 ms apart at first, then
#: doubling up to 2 s: about a minute in all.
RETRIES = 30


class ClusterUnreachableError(NewsearchError):
    """Redis (the cluster's shared state) cannot be reached or refused us."""


class ClusterBusyError(NewsearchError):
    """Another writer (or crawl) holds the cluster's lock."""


def worker_name() -> str:
    """This process, as other machines see it: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


def connect(url: str, check: bool = True) -> Any:
    """A redis-py client for *url* that rides out a Redis restart (each command is
    retried with backoff, RETRIES times: about a minute). With *check*, a PING first:
    ClusterUnreachableError, in one line, when Redis cannot be reached."""
    import redis
    from redis.backoff import ExponentialBackoff
    from redis.retry import Retry

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=5, socket_timeout=30, health_check_interval=10,
            retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), RETRIES),
            retry_on_error=[redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError],
        )
    except ValueError as exc:
        raise ClusterUnreachableError(f"not a Redis URL: {url!r} ({exc}); expected redis://host:6379/0") from None
    if check:
        try:
            # one quick try, on a client of its own (the retries live on the pool's
            # connections): a worker that cannot reach Redis says so at once
            from redis.backoff import NoBackoff

            quick = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=5, retry=Retry(NoBackoff(), 0))
            try:
                quick.ping()
            finally:
                quick.close()
        except redis.RedisError as exc:
            raise ClusterUnreachableError(f"cannot reach Redis at {safe_url(url)}: {exc}") from None
    return client


def redis_now(client: Any) -> float:
    """Redis's clock, in seconds: heartbeats are written and read by it, so the
    machines' own clocks need not agree."""
    seconds, micros = client.time()
    return seconds + micros / 1e6


def safe_url(url: str) -> str:
    """*url* without a password, for messages."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return parts._replace(netloc=netloc).geturl()
    return url


class Keys:
    """The key names of one cluster (all under PREFIX)."""

    queue = PREFIX + "queue"  # zset: request id -> order (priority, then first in)
    requests = PREFIX + "requests"  # hash: request id -> the serialized request
    scores = PREFIX + "scores"  # hash: request id -> its queue score, to put it back
    leases = PREFIX + "leases"  # zset: request id -> lease expiry (ms, Redis's clock)
    holders = PREFIX + "holders"  # hash: request id -> the worker that claimed it last
    requeued = PREFIX + "requeued"  # counter: requests whose lease ran out (a worker died)
    seq = PREFIX + "seq"  # counter: request ids
    workers = PREFIX + "workers"  # zset: worker name -> last heartbeat (ms)
    run = PREFIX + "run"  # counter: the current crawl run
    active = PREFIX + "run:active"  # the run being crawled (absent between runs)
    config = PREFIX + "config"  # hash: the crawl settings of the run (JSON)
    sites = PREFIX + "sites"  # hash: site key -> Site JSON
    records = PREFIX + "records"  # stream: extracted records for the writer
    group = "writer"  # the stream's consumer group
    writer_lock = PREFIX + "writer"  # the single writer's lock (its name, with a TTL)
    stored = PREFIX + "stored"  # hash: status -> count, as the writer stored them

    @staticmethod
    def url(url: str) -> str:
        return PREFIX + "u:" + url  # hash: status, site, detail, evidence, attempts, validators

    @staticmethod
    def listing(url: str) -> str:
        return PREFIX + "l:" + url  # hash: idle, last_run

    @staticmethod
    def pending(site: str) -> str:
        return PREFIX + "pending:" + site  # zset: URL -> newest first

    @staticmethod
    def redates(site: str) -> str:
        return PREFIX + "redates:" + site  # set: stored articles owed a re-date

    @staticmethod
    def site(site: str) -> str:
        return PREFIX + "site:" + site  # hash: robots, crawl_delay, penalty, hold_until

    @staticmethod
    def next_at(site: str) -> str:
        return PREFIX + "next:" + site  # the next time (ms) a request to the site may go

    @staticmethod
    def per_run(run: int, name: str) -> str:
        return f"{PREFIX}run:{run}:{name}"

    @staticmethod
    def rate(site: str, bucket: int) -> str:
        return f"{PREFIX}rate:{site}:{bucket}"  # pages fetched in a 10-second bucket
