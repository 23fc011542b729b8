"""`newsearch demo`: a real crawl of the built-in sample sites, offline, through the CLI."""
from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from crawler.demo.stories import NORTHGATE, RIVERSIDE
from tests.conftest import run_cli


def test_demo_crawls_the_sample_sites_and_finds_the_iraq_returns_story(tmp_path):
    home = tmp_path / "home"
    result = run_cli(home, "demo", timeout=120)
    assert result.returncode == 0, result.stderr
    demo = home / "demo"

    # ranked results, best first, the wire copy folded into the first hit
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert re.fullmatch(r"\d+ results?, page 1 of 1", lines[0])
    assert lines[1].strip() == "1. Iraq agrees returns deal for rejected asylum seekers"
    first_hit = " ".join(result.stdout.split("  2. ")[0].split())  # its meta line may wrap at the width
    assert "The Riverside Courier" in first_hit and "+1 other source (The Northgate Gazette)" in first_hit
    # it says where the demo home is, how to query it, and how to crawl real sites
    assert f"--home {demo} query" in result.stderr
    assert "newsearch sites add https://" in result.stderr and "newsearch crawl" in result.stderr
    assert f"into the demo home {demo}" in result.stderr

    # a real crawl: every sample story stored, each with its publication date, not the
    # masthead's "today", and the site's configured name as its source
    records = [json.loads(x) for x in run_cli(demo, "export").stdout.splitlines()]
    assert len(records) == len(RIVERSIDE) + len(NORTHGATE)
    today = datetime.now(timezone.utc).date()
    by_title = {r["title"]: r for r in records}
    for story in RIVERSIDE + NORTHGATE:
        record = by_title[story.title]
        assert record["date"][:10] == (today - timedelta(days=story.days_ago)).isoformat()
        assert record["date"][:10] != today.isoformat()
    assert {r["source"] for r in records} == {"The Riverside Courier", "The Northgate Gazette"}
    assert "\tnew\t" in (demo / "crawl.log").read_text()

    # the command it prints works afterwards
    after = run_cli(demo, "query", "flood defences")
    assert after.returncode == 0 and "Flood defences hold as river reaches record height" in after.stdout
    # the user's own home holds nothing but the demo home
    assert sorted(p.name for p in home.iterdir()) == ["demo"]


def test_demo_runs_the_query_it_is_given_and_starts_afresh(tmp_path):
    home = tmp_path / "home"
    assert run_cli(home, "demo", timeout=120).returncode == 0
    result = run_cli(home, "demo", "flood defences", timeout=120)
    assert result.returncode == 0, result.stderr
    hits = [line.strip() for line in result.stdout.splitlines() if line.strip()]
    assert hits[0] == "1 result, page 1 of 1" and hits[1] == "1. Flood defences hold as river reaches record height"
    # the second run replaced the first demo home: each story once, not once per run
    records = run_cli(home / "demo", "export").stdout.splitlines()
    assert len(records) == len(RIVERSIDE) + len(NORTHGATE)


def test_demo_never_replaces_a_folder_that_is_not_a_demo_home(tmp_path):
    home = tmp_path / "home"
    (home / "demo").mkdir(parents=True)
    (home / "demo" / "notes.txt").write_text("mine")
    result = run_cli(home, "demo")
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {home / 'demo'} exists and is not a newsearch demo home; move it aside to run the demo"
    assert (home / "demo" / "notes.txt").read_text() == "mine"
