"""The crawl's DNS resolver: each host name is resolved once per run, and the
address it gives is the address checked and the address connected to.

DNS rebinding beat the old guard: it resolved a name to check it (a public
address), then Scrapy resolved it again to connect (127.0.0.3). Here there is one
lookup. Its answer is pinned for the rest of the run, and an internal answer
(loopback, private, link-local, ...) is refused unless the name is the host of a
site the user configured, which then is an intranet site (as naming
``http://127.0.0.1:8080/`` is). A site whose first answer was public stays public
for the run, whatever its DNS says later, and for every later run too: its name is
kept in ``HOME/public-hosts.txt``, so a name cannot turn into an intranet site by
answering 127.0.0.3 at the start of the next cron run.

IP-literal URLs never reach a resolver: ``crawler.urls.ssrf_blocked`` decides them.
"""
from __future__ import annotations

import ipaddress
import logging
from pathlib import Path
from typing import Any, Iterable, Sequence

from twisted.internet import defer, error
from twisted.internet.base import ThreadedResolver
from twisted.internet.interfaces import IResolverSimple
from zope.interface import implementer

from indexer.urls import is_global_address

logger = logging.getLogger("newsearch.resolver")
#: In the home: the configured sites' host names that ever answered a public address.
PUBLIC_HOSTS = "public-hosts.txt"


class InternalAddressError(error.DNSLookupError):
    """A name resolved to an internal address it may not have: the lookup fails."""


class AddressPolicy:
    """Which address each host name may be connected to; a plain object (tested
    without a reactor). *site_hosts* are the host names of the configured sites."""

    def __init__(self, site_hosts: Iterable[str], public_before: Iterable[str] = (), memory: Path | None = None) -> None:
        self.site_hosts = {h.lower().rstrip(".") for h in site_hosts if h}
        self.public_before = {h.strip().lower() for h in public_before if h.strip()}
        self.memory = memory  # where site hosts seen on public addresses are remembered
        self.pinned: dict[str, str] = {}
        self.refused: set[str] = set()

    def known(self, host: str) -> str | None:
        """The address *host* was pinned to in this run, if it was resolved already."""
        return self.pinned.get(host.lower().rstrip("."))

    def decide(self, host: str, address: str) -> str:
        """Pin and return the address to connect to for *host*, given the DNS answer
        *address*; raise InternalAddressError when that answer may not be used."""
        name = host.lower().rstrip(".")
        if name in self.pinned:  # resolved once: a later, different answer is not used
            return self.pinned[name]
        internal = not is_global_address(ipaddress.ip_address(address))
        if internal and (name not in self.site_hosts or name in self.public_before):
            if name not in self.refused:
                self.refused.add(name)
                if name in self.public_before:
                    logger.warning(
                        "%s answered a public address on an earlier run and now the internal address %s "
                        "(DNS rebinding?): not connecting to it; if the site really moved inside your "
                        "network, delete its line from %s", name, address, self.memory,
                    )
                else:
                    logger.warning(
                        "%s resolves to %s, an internal address, and is not a site you named on one: "
                        "not connecting to it", name, address,
                    )
            raise InternalAddressError(f"{name} resolves to the internal address {address}; refused (no SSRF)")
        if not internal and name in self.site_hosts and name not in self.public_before:
            self.public_before.add(name)
            self._remember(name)
        self.pinned[name] = address
        return address

    def _remember(self, name: str) -> None:
        if self.memory is None:
            return
        try:
            with self.memory.open("a", encoding="utf-8") as f:
                f.write(name + "\n")
        except OSError:  # a full disk: remembered again on the next run that can write
            pass


@implementer(IResolverSimple)
class PinnedResolver(ThreadedResolver):
    """Scrapy's TWISTED_DNS_RESOLVER for the crawl: the system resolver in a thread
    (as Scrapy's default), through an AddressPolicy. Settings read once: DNS_TIMEOUT
    and NEWSEARCH_SITE_HOSTS (the configured sites' host names)."""

    def __init__(self, reactor: Any, policy: AddressPolicy, timeout: float) -> None:
        super().__init__(reactor)
        self.policy = policy
        self.timeout = timeout

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> "PinnedResolver":
        # Scrapy passes the CrawlerProcess here: only its settings are there to read
        settings = crawler.settings
        memory = Path(settings.get("NEWSEARCH_HOME")) / PUBLIC_HOSTS if settings.get("NEWSEARCH_HOME") else None
        try:
            before = memory.read_text(encoding="utf-8").split() if memory else []
        except (OSError, UnicodeDecodeError):
            before = []
        policy = AddressPolicy(settings.getlist("NEWSEARCH_SITE_HOSTS"), before, memory)
        return cls(reactor, policy, settings.getfloat("DNS_TIMEOUT"))

    def install_on_reactor(self) -> None:
        self.reactor.installResolver(self)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> defer.Deferred[str]:  # noqa: N802 - Twisted's name
        pinned = self.policy.known(name)
        if pinned is not None:
            return defer.succeed(pinned)
        d = super().getHostByName(name, (self.timeout,))  # type: ignore[arg-type]
        d.addCallback(lambda address: self.policy.decide(name, address))
        return d
