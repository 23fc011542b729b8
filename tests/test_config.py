"""The sites file: read, written back, and wrong files explained in one line."""
import re

import pytest

from crawler.config import CrawlConfig, Site, load_config, save_config
from indexer.errors import ConfigError


def test_round_trip_keeps_sites_and_settings(tmp_path):
    path = tmp_path / "sites.toml"
    config = CrawlConfig(sites=[Site("https://a.example/", "A \"quoted\" name", "sport"), Site("https://b.example/")], delay=2.5)
    save_config(path, config)
    again = load_config(path)
    assert again.sites == config.sites
    assert again.delay == 2.5 and again.max_pages == CrawlConfig().max_pages


def test_missing_file_is_an_empty_configuration(tmp_path):
    assert load_config(tmp_path / "none.toml").sites == []


@pytest.mark.parametrize(
    "text, message",
    [
        ("[crawl\n", "not valid TOML"),
        ("[crawl]\nspeed = 3\n", "unknown setting [crawl] speed"),
        ("[crawl]\ndelay = 'fast'\n", "delay must be a number, not 'fast'"),
        ("[crawl]\nmax_pages = 2.5\n", "max_pages must be a whole number, not 2.5"),
        ("[[site]]\nname = 'x'\n", "has no url"),
        ("[[site]]\nurl = 'ftp://x'\n", "not a web address"),
        # a typo in a table's name or a site's key would otherwise be dropped without a word,
        # and "[[sites]]" would leave no site configured: cron would crawl the built-in list
        ("[[sites]]\nurl = 'https://a.example/'\n", "unknown table [sites] (known: [crawl], [archive], [cluster], [[site]])"),
        ("[crawll]\ndelay = 1\n", "unknown table [crawll]"),
        ("[[site]]\nurl = 'https://a.example/'\nnmae = 'A'\n", "[[site]] number 1: unknown setting nmae (known: url, name, topic)"),
        ("[[site]]\nurl = 'https://a.example/'\ntopic = 'poltics'\n", "[[site]] number 1: unknown topic 'poltics'"),
    ],
)
def test_bad_files_say_what_is_wrong(tmp_path, text, message):
    path = tmp_path / "sites.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(path)
