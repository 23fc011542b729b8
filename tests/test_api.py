"""The Python API (``indexer.open``) refuses what the CLI refuses, with Python's own
ValueError, instead of answering a wrong question with no hits."""
from __future__ import annotations

import pytest

import indexer


@pytest.mark.parametrize("kwargs, message", [
    ({"sort": "newest"}, "sort must be 'relevance' or 'date'"),
    ({"page": 0}, "at least 1"),
    ({"limit": -5}, "at least 1"),
    ({"topics": ["poltics"]}, "unknown topic 'poltics'"),
])
def test_a_wrong_argument_is_an_error_not_an_empty_result(crawled_home, kwargs, message):
    with indexer.open(crawled_home) as ix:
        with pytest.raises(ValueError, match=message):
            ix.search("iraq", **kwargs)


def test_aliases_and_languages_work_as_in_the_cli(crawled_home):
    with indexer.open(crawled_home) as ix:
        sport = ix.search("iraq", topics=["football"])  # an alias of sport, as --topic takes it
        assert sport.hits and all("sport" in h.topics for h in sport.hits)
        english = list(ix.records(languages=["en"]))
        assert english and all(r["language"] == "en" for r in english)
        assert list(ix.records(languages=["de"])) == []
