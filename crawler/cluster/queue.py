"""The shared request queue, with leases.

scrapy-redis's scheduler does not fit: its queues pop a request (ZRANGE +
ZREMRANGEBYRANK in one MULTI, or LPOP) and forget it, so a worker killed between
the pop and the end of the page loses that URL for good; and its dupefilter marks a
request seen when it is queued, while every newsearch request is ``dont_filter``
(the spider de-duplicates by URL state itself). Here a claimed request moves to a
lease set with an expiry; the worker renews its leases while it works and
acknowledges each when the page's output (records, new requests) is handed on. An
expired lease (the worker died) goes back to the queue. All of it runs in Lua on
Redis's own clock, so machines need not agree on the time.

Plain redis-py; no Scrapy. Requests are opaque bytes here."""
from __future__ import annotations

from typing import Any

from .connect import Keys

#: Seconds a claimed request stays leased without renewal before another worker gets it.
LEASE_SECONDS = 60.0

_NOW = "local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000) "

_PUSH = """
if ARGV[3] ~= '' then
  if redis.call('SADD', KEYS[4], ARGV[3]) == 0 then return 0 end
  redis.call('PEXPIRE', KEYS[4], 86400000)
end
local id = redis.call('INCR', KEYS[5])
local score = -tonumber(ARGV[1]) * 1e12 + id
redis.call('HSET', KEYS[2], id, ARGV[2])
redis.call('HSET', KEYS[3], id, score)
redis.call('ZADD', KEYS[1], score, id)
return id
"""

_CLAIM = _NOW + """
local out = {}
local tries = 0
while #out < 2 * tonumber(ARGV[2]) and tries < 4 * tonumber(ARGV[2]) do
  tries = tries + 1
  local got = redis.call('ZPOPMIN', KEYS[1], 1)
  if #got == 0 then break end
  local id = got[1]
  local data = redis.call('HGET', KEYS[2], id)
  if data then
    redis.call('ZADD', KEYS[3], now + tonumber(ARGV[1]), id)
    redis.call('HSET', KEYS[5], id, ARGV[3])
    table.insert(out, id)
    table.insert(out, data)
  else
    redis.call('HDEL', KEYS[4], id)
  end
end
return out
"""

_REAP = _NOW + """
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now)
if #ids > 0 then redis.call('INCRBY', KEYS[5], #ids) end
for _, id in ipairs(ids) do
  redis.call('ZREM', KEYS[1], id)
  local score = redis.call('HGET', KEYS[3], id)
  if score and redis.call('HEXISTS', KEYS[4], id) == 1 then
    redis.call('ZADD', KEYS[2], score, id)
  end
end
return #ids
"""

_RENEW = _NOW + """
local n = 0
for _, id in ipairs(ARGV) do
  if _ > 1 then n = n + redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), id) end
end
return n
"""


_RELEASE = """
local n = 0
for _, id in ipairs(ARGV) do
  if redis.call('ZREM', KEYS[1], id) == 1 then
    local score = redis.call('HGET', KEYS[3], id)
    if score then redis.call('ZADD', KEYS[2], score, id) n = n + 1 end
  end
end
return n
"""


class LeasedQueue:
    """A priority queue of serialized requests shared by every worker."""

    def __init__(self, client: Any, lease_seconds: float = LEASE_SECONDS) -> None:
        self.r = client
        self.lease_ms = int(lease_seconds * 1000)
        self._push = client.register_script(_PUSH)
        self._claim = client.register_script(_CLAIM)
        self._reap = client.register_script(_REAP)
        self._renew = client.register_script(_RENEW)
        self._release = client.register_script(_RELEASE)

    def push(self, data: bytes, priority: int = 0, dedupe: str = "", seen_key: str = "") -> int:
        """Queue *data* (higher *priority* first, then first in, first out). With
        *dedupe*, only if that key is new in the set *seen_key*; returns the new
        request's id, 0 when it was a duplicate."""
        keys = [Keys.queue, Keys.requests, Keys.scores, seen_key or Keys.queue + ":nodedupe", Keys.seq]
        return int(self._push(keys=keys, args=[priority, data, dedupe if seen_key else ""]))

    def claim(self, count: int = 1, holder: str = "") -> list[tuple[str, bytes]]:
        """Take up to *count* requests, each leased to the caller (*holder*: its name,
        for ``holders``) until it acks it or the lease runs out."""
        got = self._claim(keys=[Keys.queue, Keys.requests, Keys.leases, Keys.scores, Keys.holders],
                          args=[self.lease_ms, count, holder or "?"])
        return [(got[i].decode(), got[i + 1]) for i in range(0, len(got), 2)]

    def ack(self, *ids: str) -> None:
        """The requests' work is done (their output is handed on): forget them."""
        if ids:
            pipe = self.r.pipeline(transaction=True)
            pipe.zrem(Keys.leases, *ids).hdel(Keys.requests, *ids).hdel(Keys.scores, *ids).hdel(Keys.holders, *ids)
            pipe.execute()

    def renew(self, ids: list[str]) -> int:
        """Extend the leases of requests still being worked on."""
        if not ids:
            return 0
        return int(self._renew(keys=[Keys.leases], args=[self.lease_ms, *ids]))

    def release(self, ids: list[str]) -> int:
        """Give claimed requests back at once (this worker stops before doing them)."""
        if not ids:
            return 0
        return int(self._release(keys=[Keys.leases, Keys.queue, Keys.scores], args=ids))

    def reap(self) -> int:
        """Put requests whose lease ran out (their worker died) back in the queue."""
        return int(self._reap(keys=[Keys.leases, Keys.queue, Keys.scores, Keys.requests, Keys.requeued]))

    def holders(self) -> dict[str, int]:
        """How many leased requests each worker holds (a dead worker's, until they expire)."""
        leased = set(self.r.zrange(Keys.leases, 0, -1))
        counts: dict[str, int] = {}
        for rid, holder in self.r.hgetall(Keys.holders).items():
            if rid in leased:
                counts[holder.decode()] = counts.get(holder.decode(), 0) + 1
        return counts

    def depth(self) -> tuple[int, int]:
        """(queued, leased) requests."""
        pipe = self.r.pipeline(transaction=False)
        pipe.zcard(Keys.queue).zcard(Keys.leases)
        queued, leased = pipe.execute()
        return int(queued), int(leased)

    def idle(self) -> bool:
        """True when nothing is queued or being worked on anywhere: the run is over."""
        return self.depth() == (0, 0)
