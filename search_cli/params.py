"""Click parameter callbacks shared by several commands."""
from __future__ import annotations

from typing import Any

import click


def when(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """A day option (2025-03-01, 7d, 2w, yesterday) as a date; a bad one is a usage error.
    A month or a year given to ``--until`` means its last day."""
    if value is None:
        return None
    from indexer.errors import ConfigError
    from indexer.when import parse_when

    try:
        return parse_when(value, end=param.name == "until")
    except ConfigError as exc:
        raise click.BadParameter(str(exc)) from None
