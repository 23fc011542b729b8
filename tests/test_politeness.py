"""Backing off when a site says it is busy, and recovering when it is not."""
from crawler.politeness import MAX_PENALTY, Backoff, retry_after_seconds


def test_retry_after_in_seconds_and_as_a_date():
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_429_waits_at_least_what_retry_after_asks_then_decays():
    b = Backoff()
    assert b.on_response(429, 30.0, 0.1, now=0.0) == 30.0
    assert b.on_response(503, None, 0.1, now=1.0) == 60.0  # doubled without a header
    for _ in range(40):  # other pages answering well meanwhile do not shorten the wait
        b.on_response(200, None, 0.1, now=2.0)
    assert b.penalty == 60.0
    for _ in range(40):
        b.on_response(200, None, 0.1, now=62.0)
    assert b.penalty == 0.0


def test_backoff_is_capped():
    b = Backoff()
    b.on_response(429, 10_000.0, 0.1, now=0.0)
    assert b.penalty == MAX_PENALTY


def test_slow_answers_slow_us_down():
    b = Backoff()
    assert b.on_response(200, None, 8.0, now=0.0) > 0
