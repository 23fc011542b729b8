"""The forms a user may paste an article URL in, most canonical first."""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from .urls import try_canonicalize


def canonical_forms(url: str) -> list[str]:
    """*url* as given, without fragment and tracking parameters, and with or without a trailing slash."""
    url = url.strip()
    canonical = try_canonicalize(url)
    if canonical is None:
        return [url]
    forms = [canonical, url]
    parts = urlsplit(forms[0])
    alt = parts.path[:-1] if parts.path.endswith("/") and len(parts.path) > 1 else parts.path + "/"
    forms.append(urlunsplit(parts._replace(path=alt)))
    return list(dict.fromkeys(forms))
