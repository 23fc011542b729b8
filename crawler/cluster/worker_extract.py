"""Extraction on a cluster worker: a fetched page (the spider's item) becomes a
stream entry for the writer. Plain functions, no Scrapy."""
from __future__ import annotations

import asyncio
from concurrent.futures.process import BrokenProcessPool
from datetime import datetime, timezone
from typing import Any, Callable

from ..discovery import drop_canonical
from ..extract import Article, Rejection
from ..ingest import EXTRACTOR_VERSION, _charset
from ..workers import PAGE_TIMEOUT, RETRYABLE, extract_job


def page_of_item(item: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    """The extraction job of a fetched page (as crawler.ingest.page_job makes it from
    a WARC record): body, URL, evidence, encoding, the site's name and topic."""
    content_type = next((v for k, v in item.get("headers") or [] if k.lower() == "content-type"), "")
    body = drop_canonical(item["body"]) if item.get("drop_canonical") else item["body"]
    return {
        "body": body, "url": item["url"], "evidence": item.get("evidence") or {}, "encoding": _charset(content_type.lower()),
        "site_name": item.get("site_name") or item["site"], "site_topic": item.get("site_topic"),
        "site_url": item.get("site_url"), "now": (now or datetime.now(timezone.utc)).isoformat(),
    }


def entry_of(url: str, result: Any) -> tuple[str, dict[str, Any], str, str | None]:
    """(stream kind, data, state status, state detail) for an extraction result."""
    if isinstance(result, Article):
        record = result.to_record()
        record["extractor"] = EXTRACTOR_VERSION
        return "article", record, "article", None
    reason = result.reason if isinstance(result, Rejection) else "extraction-error"
    if reason in RETRYABLE:  # says nothing about the page: tried again by a later run
        return "rejected", {"url": url, "reason": reason, "status": "failed"}, "failed", reason
    return "rejected", {"url": url, "reason": reason, "status": "rejected"}, "rejected", reason


async def extract_item(pool: Any, job: dict[str, Any], replace_pool: Callable[[], Any]) -> tuple[str, dict[str, Any], str, str | None]:
    """Extract *job* in *pool* without blocking the reactor; a stuck or crashed
    extraction is a retryable rejection, never an exception."""
    try:
        future = pool.submit(extract_job, job)
    except BrokenProcessPool:
        future = replace_pool().submit(extract_job, job)
    try:
        result = await asyncio.wait_for(asyncio.wrap_future(future), PAGE_TIMEOUT)
    except asyncio.TimeoutError:
        result = Rejection(job["url"], "extraction-timeout")
    except BrokenProcessPool:
        replace_pool()
        result = Rejection(job["url"], "extraction-crashed")
    except Exception:  # noqa: BLE001 - a bug in extraction must not lose the page silently
        result = Rejection(job["url"], "extraction-error")
    return entry_of(job["url"], result)
