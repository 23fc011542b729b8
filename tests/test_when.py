from datetime import date

import pytest

from indexer.errors import ConfigError
from indexer.when import parse_when

TODAY = date(2025, 11, 16)


@pytest.mark.parametrize(
    "text, expected",
    [("2025-03-01", date(2025, 3, 1)), ("7d", date(2025, 11, 9)), ("2w", date(2025, 11, 2)),
     ("yesterday", date(2025, 11, 15)), ("today", TODAY), ("2025-06", date(2025, 6, 1))],
)
def test_dates_people_type(text, expected):
    assert parse_when(text, TODAY) == expected


def test_nonsense_is_refused_with_the_accepted_forms():
    with pytest.raises(ConfigError, match="use 2025-03-01, 7d"):
        parse_when("last tuesday", TODAY)


@pytest.mark.parametrize(
    "text, expected",
    [("2025-02", date(2025, 2, 28)), ("2024-02", date(2024, 2, 29)), ("2025", date(2025, 12, 31)),
     ("2025-03-01", date(2025, 3, 1)), ("7d", date(2025, 11, 9))],
)
def test_an_until_bound_covers_the_whole_month_or_year(text, expected):
    assert parse_when(text, TODAY, end=True) == expected
