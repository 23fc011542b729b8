"""Scrapy's log lines about items, with the item named by its URL: an item carries
the whole page body, and Scrapy's default formatter prints the item dict whole
(about 300 KB per line when a crawl is interrupted)."""
from __future__ import annotations

from typing import Any

from scrapy import logformatter


def describe(item: Any) -> str:
    """An item as it may appear in a log: its URL and status, never its body."""
    if isinstance(item, dict):
        parts = [str(item.get("url", "?"))]
        for key in ("status", "reason"):
            if item.get(key):
                parts.append(f"{key}={item[key]}")
        return " ".join(parts)
    return type(item).__name__


class QuietLogFormatter(logformatter.LogFormatter):
    """Scrapy's LogFormatter, with items replaced by ``describe(item)``."""

    def scraped(self, item: Any, response: Any, spider: Any) -> Any:
        return super().scraped(describe(item), response, spider)

    def dropped(self, item: Any, exception: BaseException, response: Any, spider: Any) -> Any:
        return super().dropped(describe(item), exception, response, spider)

    def item_error(self, item: Any, exception: BaseException, response: Any, spider: Any) -> Any:
        return super().item_error(describe(item), exception, response, spider)
