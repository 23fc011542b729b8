"""Per-site counters of one crawl run: what the progress display, the summary
line and the exit code are made from."""
from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass
class SiteTally:
    name: str
    fetched: int = 0  # responses received (any status)
    archived: int = 0  # pages written to the WARC archive (the ingest makes them articles)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0  # known articles not downloaded again
    not_modified: int = 0  # feeds, sitemaps and fronts answered 304
    errors: int = 0  # 4xx/5xx on articles, timeouts, refused connections
    reached: bool = False  # the site answered at least once (any HTTP status)
    rejected: Counter[str] = field(default_factory=Counter)
    blocked: Counter[str] = field(default_factory=Counter)  # robots, ssrf, offsite, budget

    def row(self) -> dict[str, Any]:
        return {
            "site": self.name, "fetched": self.fetched, "new": self.new, "updated": self.updated,
            "skipped": self.skipped, "rejected": sum(self.rejected.values()), "errors": self.errors,
            "not_modified": self.not_modified, "reached": self.reached,
            "rejected_by_reason": dict(self.rejected), "blocked": dict(self.blocked),
        }


class Tally:
    """The counters of every site in a run."""

    def __init__(self, on_error: Callable[[str, str, str], None] | None = None) -> None:
        self.sites: dict[str, SiteTally] = {}
        self.disk_full = False  # the run was stopped by a full disk (crawler.diskfull)
        self.index_damaged: str | None = None  # why the index could not take this run's articles
        #: called as on_error(url, reason, detail) for each counted error (the runner
        #: writes them to crawl.log, so "N errors" in the summary can be traced)
        self.on_error = on_error

    def error(self, key: str, url: str, reason: str, detail: str = "") -> None:
        """Count one error of site *key* and name it (the URL and why it failed)."""
        self.site(key).errors += 1
        if self.on_error is not None:
            self.on_error(url, reason, detail)

    def unanswered(self, sites: list[tuple[str, str]]) -> None:
        """Count as an error each of *sites* (key, home-page URL) that never answered and
        has no error named yet: a host that takes connections and says nothing is cut
        off at the time limit without a failed request, and would be missing from
        crawl.log and the error count."""
        for key, url in sites:
            tally = self.sites.get(key)
            if tally is not None and not tally.reached and not tally.errors:
                self.error(key, url, "no-answer", "the site took the connection and sent nothing before the run stopped")

    def site(self, key: str, name: str | None = None) -> SiteTally:
        if key not in self.sites:
            self.sites[key] = SiteTally(name or key)
        return self.sites[key]

    def total(self, attr: str) -> int:
        return sum(
            sum(getattr(s, attr).values()) if isinstance(getattr(s, attr), Counter) else getattr(s, attr)
            for s in self.sites.values()
        )

    @property
    def all_failed(self) -> bool:
        """True when no site answered at all (no network, every host down)."""
        return bool(self.sites) and not any(s.reached for s in self.sites.values())

    def summary(self) -> dict[str, Any]:
        return {
            "sites": len(self.sites),
            "fetched": self.total("fetched"),
            "new": self.total("new"),
            "updated": self.total("updated"),
            "skipped": self.total("skipped"),
            "rejected": self.total("rejected"),
            "errors": self.total("errors"),
            "failed_sites": [s.name for s in self.sites.values() if not s.reached],
            "per_site": [s.row() for s in self.sites.values()],
        }

    def line(self, seconds: float, notes: list[str] | None = None, now: float | None = None) -> str:
        """The one-line summary cron mails (when it mails stdout at all): it starts with
        the local time, as crawl.log's lines do, so its errors can be found there.
        *notes* are extra clauses (", " joined) put before the duration."""
        failed = sum(1 for s in self.sites.values() if not s.reached)
        parts = [
            f"{len(self.sites)} site(s)", f"{self.total('fetched')} pages fetched", f"{self.total('new')} new",
            f"{self.total('updated')} updated", f"{self.total('skipped')} known skipped",
            f"{self.total('rejected')} not articles",
            f"{self.total('errors')} error{'' if self.total('errors') == 1 else 's'}"
            + (" (see crawl.log)" if self.total("errors") else ""),
        ]
        if failed:
            parts.append(f"{failed} site(s) unreachable")
        parts += notes or []
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(now))
        return f"{stamp} newsearch crawl: " + ", ".join(parts) + f" in {seconds:.1f} s"

    def table(self) -> str:
        """A per-site table for the end of a run on a terminal."""
        cols = ("site", "fetched", "new", "updated", "skipped", "rejected", "errors")
        rows = [[s.name, s.fetched, s.new, s.updated, s.skipped, sum(s.rejected.values()), s.errors] for s in self.sites.values()]
        rows.append(["total", *(self.total(c) for c in cols[1:])])
        widths = [max(len(str(r[i])) for r in [list(cols), *rows]) for i in range(len(cols))]
        out = []
        for n, r in enumerate([list(cols), *rows]):
            cells = [str(v).ljust(widths[0]) if i == 0 else str(v).rjust(widths[i]) for i, v in enumerate(r)]
            out.append("  ".join(cells))
            if n == 0 or n == len(rows) - 1:
                out.append("  ".join("-" * w for w in widths))
        return "\n".join(out[:-1])
