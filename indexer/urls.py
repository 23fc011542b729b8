"""URL rules: canonical form, same-site checks and the SSRF guard.

Plain functions, no Scrapy: the spider, the pipelines and the extraction all
call these so that one story has one URL however it was linked.
"""
from __future__ import annotations

import ipaddress
import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset(
    """utm_source utm_medium utm_campaign utm_term utm_content utm_id utm_name
    fbclid gclid dclid gclsrc msclkid mc_cid mc_eid igshid yclid twclid ref ref_src
    ref_url cmpid cmp ito itm_source itm_medium itm_campaign ns_mchannel ns_source
    ns_campaign ocid share smid s_cid at_medium at_campaign guccounter __twitter_impression
    amp outputType""".split()
)
_TRACKING_PREFIXES = ("utm_", "itm_", "at_", "pk_", "mtm_")

# Paths that never hold an article: fetched (if at all) only to find links.
_NOT_ARTICLE_EXT = re.compile(
    r"\.(pdf|jpe?g|png|gif|webp|svg|ico|mp[34]|m4a|avi|mov|zip|gz|rar|docx?|xlsx?|pptx?|css|js|json|woff2?|ttf)$",
    re.I,
)


def canonicalize(url: str, base: str | None = None) -> str:
    """Return the canonical form of *url*: absolute, lower-case host, no fragment,
    no tracking parameters, no default port, remaining query sorted."""
    if base:
        url = urljoin(base, url.strip())
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        netloc = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if k not in TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
    ]
    query.sort()
    path = parts.path or "/"
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    """canonicalize(), or None for a malformed link (``http://[oops/``, a bad port)."""
    try:
        result = canonicalize(url, base)
        urlsplit(result).port  # noqa: B018 - raises on a bad port
        return result
    except ValueError:
        return None


def host_of(url: str) -> str:
    """The host (with a non-default port) that identifies a site; "" for a malformed URL."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return ""


def _bare(host: str) -> str:
    return host[4:] if host.startswith("www.") else host


def same_site(url: str, site_url: str) -> bool:
    """True when *url* is on the site's own host (port included; with or without www.)."""
    return _bare(host_of(url)) == _bare(host_of(site_url))


def is_non_html_path(url: str) -> bool:
    """True for links to PDFs, images, media and other files that are never articles."""
    return bool(_NOT_ARTICLE_EXT.search(urlsplit(url).path))


def is_private_host(host: str) -> bool:
    """True when *host* is ``localhost`` or a loopback, private, link-local or otherwise
    non-public IP address. Names are not resolved here: resolving twice (here, then
    again to connect) is what DNS rebinding exploits; ``crawler.resolver`` checks the
    address each name resolves to, the one the crawl then connects to."""
    host = host.strip("[]").split("%")[0].lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    return not is_global_address(ip)


def is_global_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """True for a public address (an IPv6 form of an IPv4 address counts as that address)."""
    mapped = getattr(ip, "ipv4_mapped", None) or getattr(ip, "sixtofour", None)
    return ip.is_global and (mapped is None or mapped.is_global)


def ssrf_blocked(url: str, site_url: str) -> bool:
    """True when fetching *url* for the site at *site_url* would reach an internal
    address the user did not name: a public site may not lead us to loopback,
    private or link-local addresses; a site the user put on such an address is
    allowed to reach itself. Decided on the URL alone (no DNS): names are checked
    by the resolver when they are looked up to connect."""
    target = urlsplit(url).hostname or ""
    if not is_private_host(target):
        return False
    site_host = urlsplit(site_url).hostname or ""
    return not (is_private_host(site_host) and host_of(url) == host_of(site_url))
