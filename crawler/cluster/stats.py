"""What a cluster is doing, read from Redis: queue depth, workers alive, pages per
second per site (last minute), the writer's lag."""
from __future__ import annotations

import time
from typing import Any

from .connect import Keys, redis_now
from .queue import LeasedQueue
from .records import writer_lag
from .shared import active_run, run_sites

#: A worker whose last heartbeat is older than this is taken for dead.
ALIVE_SECONDS = 5.0
#: Pages per second are averaged over this many seconds (whole 10-second buckets).
RATE_WINDOW = 60


def cluster_stats(client: Any) -> dict[str, Any]:
    """One dict: run, queued, leased, workers (alive), per-site pages/s, writer lag."""
    queue = LeasedQueue(client)
    queued, leased = queue.depth()
    holders = queue.holders()
    now = redis_now(client)
    alive = [w.decode() for w in client.zrangebyscore(Keys.workers, now - ALIVE_SECONDS, "+inf")]
    bucket = int(time.time() // 10)
    buckets = range(bucket - RATE_WINDOW // 10, bucket)  # whole buckets only
    sites = sorted(run_sites(client))
    pipe = client.pipeline(transaction=False)
    for site in sites:
        for b in buckets:
            pipe.get(Keys.rate(site, b))
    values = pipe.execute()
    rates: dict[str, float] = {}
    for i, site in enumerate(sites):
        chunk = values[i * len(buckets):(i + 1) * len(buckets)]
        rates[site] = round(sum(int(v or 0) for v in chunk) / RATE_WINDOW, 2)
    unread, pending = writer_lag(client)
    stored = {k.decode(): int(v) for k, v in client.hgetall(Keys.stored).items()}
    writer = client.get(Keys.writer_lock)
    return {
        "run": active_run(client), "queued": queued, "leased": leased, "workers": alive,
        "pages_per_second": rates, "writer": writer.decode() if writer else None,
        "writer_unread": unread, "writer_pending": pending, "stored": stored,
        "requeued": int(client.get(Keys.requeued) or 0), "leased_by": holders,
    }


def stats_lines(data: dict[str, Any]) -> list[str]:
    """The stats for a terminal."""
    run = f"run {data['run']} under way" if data["run"] else "no crawl under way"
    held = data.get("leased_by", {})
    workers = ", ".join(f"{w}: {held.get(w, 0)} leased" for w in data["workers"])
    lines = [
        f"cluster: {run}; {data['queued']:,} requests queued, {data['leased']:,} being fetched",
        f"workers alive: {len(data['workers'])}" + (f" ({workers})" if workers else ""),
        f"writer: {data['writer'] or 'none running'}; lag {data['writer_unread']:,} records unread, "
        f"{data['writer_pending']:,} read but not yet stored",
    ]
    if data["requeued"]:
        lines.append(f"requests put back after a worker died: {data['requeued']:,}")
    if data["stored"]:
        lines.append("stored so far: " + ", ".join(f"{n:,} {k}" for k, n in sorted(data["stored"].items())))
    if data["pages_per_second"]:
        lines.append("pages per second (last minute):")
        lines += [f"  {rate:>7.2f}  {site}" for site, rate in data["pages_per_second"].items()]
    return lines
