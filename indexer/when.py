"""Dates as people type them: ``2025-03-01``, ``2025-03``, ``2025``, ``7d``, ``2w``, ``3m``, ``1y``,
``today``, ``yesterday``."""
from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from .errors import ConfigError

_RELATIVE = re.compile(r"^(\d+)\s*([dwmy])$")
_DAYS = {"d": 1, "w": 7, "m": 30, "y": 365}


def parse_when(text: str, today: date | None = None, *, end: bool = False) -> date:
    """The calendar day *text* names; ConfigError with the accepted forms otherwise.

    A month (``2025-03``) or a year (``2025``) names its first day, or with *end* (an
    "until" bound) its last, so ``--until 2025-10`` keeps the whole of October."""
    today = today or date.today()
    value = text.strip().lower()
    if value == "today":
        return today
    if value == "yesterday":
        return today - timedelta(days=1)
    m = _RELATIVE.match(value)
    if m:
        try:
            return today - timedelta(days=int(m.group(1)) * _DAYS[m.group(2)])
        except (OverflowError, ValueError):  # before year 1, or a number of 5000 digits
            raise ConfigError(f"not a date: {text!r} reaches back before the year 1") from None
    try:
        return date.fromisoformat(value[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", value) else date.fromisoformat(value)
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}-\d{2}", value):
        first = date.fromisoformat(value + "-01")
        return first.replace(day=calendar.monthrange(first.year, first.month)[1]) if end else first
    if re.fullmatch(r"\d{4}", value):
        return date(int(value), 12, 31) if end else date(int(value), 1, 1)
    raise ConfigError(f"not a date: {text!r} (use 2025-03-01, 7d, 2w, 3m, 1y, today or yesterday)")
