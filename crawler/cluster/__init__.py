"""Cluster mode (issue 14): several crawl workers, on several machines, share one
frontier in Redis and hand their extracted records to one index writer through a
Redis Stream.

Switched on by ``[cluster] redis = "redis://host:6379/0"`` in sites.toml or
``--redis URL``; without it nothing here is imported and no Redis is needed.

- ``connect``: the client (retries across a Redis restart) and the key names.
- ``queue``: the request queue with leases (a killed worker's URLs come back).
- ``shared``: the crawl state, per-run sets and counters, robots.txt, sites.
- ``pace``: per-site politeness across workers (a next-allowed time claimed in Lua).
- ``records``: the record stream, and the single writer that stores it.
- ``scrapy_parts``: the thin Scrapy components; ``run``: start a worker or the writer.
- ``stats``: queue depth, workers alive, pages per second, the writer's lag.
"""
