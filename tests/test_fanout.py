"""Sites that attack the crawl's fan-out (issue 9): an endless sitemap index, a
gzipped sitemap of 200,000 URLs, a home page of 300,000 links. Each is a loopback
server bounded in size; each crawl is bounded in time by the subprocess timeout.
The crawl must end, keep the real stories, and leave a bounded state.db."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import indexer
from tests.conftest import run_cli
from tests.loopsites import HostileSite, serve


def crawl_hostile(tmp_path: Path, kind: str, settings: str = "", runs: int = 1, **site_args):
    site = HostileSite(kind, **site_args)
    home = tmp_path / "home"
    config = tmp_path / "sites.toml"
    config.write_text("[crawl]\n" + settings)
    with serve(site) as srv:
        for _ in range(runs):
            result = run_cli(home, "crawl", "--config", str(config), srv.base_url + "/", "--delay", "0",
                             "--max-pages", "5", timeout=240)
            assert result.returncode == 0, result.stderr
        got = {r["url"] for r in indexer.open(home).records()}
        assert {srv.base_url + p for p in site.real} <= got  # the real stories are kept
        db = sqlite3.connect(home / "state.db")
        pending = db.execute("SELECT count(*) FROM urls WHERE status='pending'").fetchone()[0]
        return srv, pending, (home / "state.db").stat().st_size


def test_an_endless_sitemap_index_stops_at_the_sitemap_bound(tmp_path):
    srv, _, _ = crawl_hostile(tmp_path, "endless-index")
    attack = [p for p in srv.paths() if p.startswith("/attack")]
    assert 0 < len(attack) <= 50 - 1  # max_sitemaps (50) counts the news sitemap too


def test_an_endless_sitemap_index_stops_at_the_depth_bound(tmp_path):
    srv, _, _ = crawl_hostile(tmp_path, "endless-index", "max_sitemaps = 500\nsitemap_depth = 1\n")
    attack = [p for p in srv.paths() if p.startswith("/attack")]
    # the index (depth 0) and its 50 children (depth 1), never their children
    assert len(attack) == 51 and all(p.count("-") <= 1 for p in attack)


def test_a_huge_sitemap_leaves_a_bounded_state_run_after_run(tmp_path):
    srv, pending, size = crawl_hostile(tmp_path, "huge-sitemap", "max_leads = 2000\nmax_sitemap_urls = 20000\n",
                                       runs=2, urls=200_000)
    assert 1000 < pending <= 2000  # the newest leads are kept for later runs, not a million
    assert size < 4 * 2**20
    fillers = [p for p in srv.paths() if "filler" in p]
    assert len(fillers) <= 2 * 5  # --max-pages 5 a run, newest first


def test_a_home_page_of_300000_links_is_read_within_bounds(tmp_path):
    srv, pending, size = crawl_hostile(tmp_path, "huge-home", "max_leads = 1000\n", links=300_000)
    assert 500 < pending <= 1000  # the page was read (it is under the 20 MB page limit), its links bounded
    assert size < 4 * 2**20
    assert len([p for p in srv.paths() if "linked-story" in p]) <= 5
