"""Shared fixtures: the two loopback news sites, and running the real CLI."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.newssite import SiteServer, harbour_post, valley_times

ROOT = Path(__file__).resolve().parent.parent


def run_cli(home: Path, *args: str, timeout: float = 120, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``newsearch --home HOME ARGS`` in a fresh process, as cron would (no terminal)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    full_env.pop("NEWSEARCH_HOME", None)
    return subprocess.run(
        [sys.executable, "-m", "search_cli", "--home", str(home), *args],
        capture_output=True, text=True, timeout=timeout, env=full_env, cwd=ROOT, stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def sites():
    """The Harbour Post on 127.0.0.1 and Valley Times on 127.0.0.2, fresh for each test."""
    hp, vt = harbour_post(), valley_times()
    with SiteServer(hp, host="127.0.0.1") as hp_srv, SiteServer(vt, host="127.0.0.2") as vt_srv:
        yield hp_srv, vt_srv


@pytest.fixture(scope="session")
def crawled_home(tmp_path_factory):
    """A home filled by one real crawl of both test sites (shared, read-only)."""
    home = tmp_path_factory.mktemp("crawled") / "home"
    hp, vt = harbour_post(), valley_times()
    with SiteServer(hp, host="127.0.0.1") as a, SiteServer(vt, host="127.0.0.2") as b:
        # named, as a user names them: a site with no name is labelled by its host
        for srv in (a, b):
            assert run_cli(home, "sites", "add", srv.base_url + "/", "--name", srv.site.name).returncode == 0
        result = run_cli(home, "crawl", "--delay", "0")
        assert result.returncode == 0, result.stderr
    return home
