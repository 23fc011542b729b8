"""Politeness across workers: one turn per site in Redis.

A worker about to send a request to a site runs one Lua script: if no other request
to the site is in flight and the site's next-allowed time has passed, it takes the
turn (the site is marked busy) and sends; otherwise it learns how long to wait.
When the answer is in (or the request failed), ``done`` frees the site and sets its
next-allowed time to now plus the site's delay.

So with a delay, a site sees one request at a time from the whole cluster, each
``delay`` after the previous answer: stricter than one Scrapy process, which spaces
the *sending* of requests. Spacing sends is not enough across machines: a worker
that took its turn and was then slowed (a busy reactor, a descheduled process)
sends late, right before the next worker's on-time request, and the site sees two
requests milliseconds apart (measured: 14 ms apart under a 150 ms delay on the
loaded 2-core test machine). Spacing answers holds whatever the machines' jitter.

The delay is the larger of the configured delay and the site's robots.txt
Crawl-delay (capped as in crawler.politeness), plus a backoff penalty that any worker
seeing a 429/503 sets for all of them. With no delay at all (``--delay 0``, no
Crawl-delay, no backoff) there is no turn: each worker's own per-site concurrency
applies. A busy mark outlives a killed worker by at most ``busy_seconds``. Redis's
clock decides, so the machines' clocks need not agree."""
from __future__ import annotations

from typing import Any

from ..config import MAX_DELAY
from ..politeness import MAX_PENALTY
from .connect import Keys

#: Seconds a worker waits before asking again while another request to the site is in flight.
BUSY_POLL = 0.05

_DELAY = """
local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)
local f = redis.call('HMGET', KEYS[2], 'crawl_delay', 'penalty')
local delay = math.max(tonumber(ARGV[1]), tonumber(f[1] or '0') or 0)
if delay > tonumber(ARGV[2]) then delay = tonumber(ARGV[2]) end
delay = delay + (tonumber(f[2] or '0') or 0)
local ms = math.floor(delay * 1000)
"""

_TURN = _DELAY + """
if ms <= 0 then return 0 end
if redis.call('EXISTS', KEYS[3]) == 1 then return -1 end
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
if now >= nxt then
  redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
  return 0
end
return nxt - now
"""

_DONE = _DELAY + """
if redis.call('GET', KEYS[3]) == ARGV[3] then redis.call('DEL', KEYS[3]) end
if ms > 0 then redis.call('SET', KEYS[1], now + ms, 'PX', ms + 600000) end
return ms
"""

_BACKOFF = """
local t = redis.call('TIME') local now = t[1] * 1000 + math.floor(t[2] / 1000)
local f = redis.call('HMGET', KEYS[1], 'penalty', 'hold_until')
local penalty = tonumber(f[1] or '0') or 0
local hold = tonumber(f[2] or '0') or 0
local kind = ARGV[1]
if kind == 'busy' then
  local p = penalty * 2
  if p == 0 then p = 2.0 end
  p = math.max(tonumber(ARGV[2]), p)
  penalty = math.min(tonumber(ARGV[3]), p)
  hold = now + math.floor(penalty * 1000)
elseif now >= hold then
  if penalty > 0.05 then penalty = penalty * 0.7 else penalty = 0 end
end
redis.call('HSET', KEYS[1], 'penalty', tostring(penalty), 'hold_until', hold)
return tostring(penalty)
"""


class SharedPace:
    """The per-site turn-taking of every worker, and the backoff they share."""

    def __init__(self, client: Any, base_delay: float, busy_seconds: float = 35.0) -> None:
        self.r = client
        self.base = float(base_delay)
        self.busy_ms = int(busy_seconds * 1000)
        self._turn = client.register_script(_TURN)
        self._done = client.register_script(_DONE)
        self._backoff = client.register_script(_BACKOFF)

    def _keys(self, site: str) -> list[str]:
        return [Keys.next_at(site), Keys.site(site), Keys.next_at(site) + ":busy"]

    def turn(self, site: str, token: str = "-") -> float:
        """0 when this worker may send a request to *site* now (the turn is taken under
        *token*: call ``done`` with it after the answer), else the seconds to wait
        before asking again."""
        ms = int(self._turn(keys=self._keys(site), args=[self.base, MAX_DELAY, token, self.busy_ms]))
        return BUSY_POLL if ms < 0 else ms / 1000.0

    def done(self, site: str, token: str = "-") -> None:
        """The request sent under *token* is answered (or failed): the site is free
        again after its delay."""
        self._done(keys=self._keys(site), args=[self.base, MAX_DELAY, token])

    def set_crawl_delay(self, site: str, seconds: float) -> None:
        """robots.txt asked for *seconds* between requests: every worker keeps to it."""
        self.r.hset(Keys.site(site), "crawl_delay", float(seconds))

    def on_response(self, site: str, status: int, retry_after: float | None, latency: float) -> float:
        """Carry one answer into the site's shared backoff (as crawler.politeness.Backoff
        does for one process); returns the penalty now in force.

        Only the site's own word (429/503, Retry-After) is shared. A slow answer is
        not: the turn already waits for each answer, so a slow site is asked less
        often by itself; and latency measured by a worker includes its own machine's
        load (on the loaded benchmark machine, 4 workers on 2 cores saw 5 s
        "latencies" from a site that answers in milliseconds, and the shared
        penalty grew to 8 s a page)."""
        if status in (429, 503):
            kind, value = "busy", retry_after or 0.0
        else:
            kind, value = "good", 0.0
        return float(self._backoff(keys=[Keys.site(site)], args=[kind, value, MAX_PENALTY]))

    def penalty(self, site: str) -> float:
        value = self.r.hget(Keys.site(site), "penalty")
        return float(value) if value else 0.0
