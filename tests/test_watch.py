"""Saved searches through the real CLI: `watch add/list/show/remove`, `feed`, and the
watches' line after real crawls of the loopback sites, with stories published between
two crawls."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.newssite import publish_one_more

ATOM = "{http://www.w3.org/2005/Atom}"
IRAQ_HP = "/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/"
IRAQ_VT = "/news/world/iraq-signs-deal-to-take-back-rejected-asylum-seekers-48213.html"


def ok(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli(home, *args)
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result


def lines(result: subprocess.CompletedProcess[str]) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def crawl(home: Path, *servers, extra: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return ok(home, "crawl", *(s.base_url + "/" for s in servers), "--delay", "0", *extra)


def one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    # one "Error:" line (click puts its usage lines before a usage error's)
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.strip().splitlines()[-1] == errors[0]
    return errors[0]


@pytest.fixture
def home(crawled_home, tmp_path):
    """A private copy of the home filled by one crawl of both sites."""
    copy = tmp_path / "home"
    shutil.copytree(crawled_home, copy)
    return copy


# ---- new stories between two crawls ---------------------------------------------------------
def test_second_show_lists_exactly_the_new_matching_stories_once(tmp_path, sites):
    hp, vt = sites
    home, out = tmp_path / "home", tmp_path / "new.jsonl"
    crawl(home, hp)
    ok(home, "watch", "add", "ministers", "ministers")
    first = lines(ok(home, "watch", "show", "ministers", "--json"))
    before = {h["url"] for h in lines(ok(home, "query", "ministers", "--json", "--limit", "1000"))}
    assert {h["url"] for h in first} == before and len(first) == len(before) >= 2
    assert hp.url(IRAQ_HP) in before  # the Iraq returns story says "ministers" too
    assert all(h["watch"] == "ministers" and h["new"] for h in first)
    dates = [h["date"] for h in first]
    assert dates == sorted(dates, reverse=True)  # newest first
    assert "0 unseen" in ok(home, "watch", "list").stdout

    # between the crawls: a ferry story that names ministers, a Christmas one that does not,
    # and the whole Valley Times, whose wire copy of the Iraq story is not news
    ferry, lights = publish_one_more(hp.site), publish_one_more(vt.site)
    second_crawl = crawl(home, hp, vt, extra=("--watch-out", str(out)))

    after = lines(ok(home, "query", "ministers", "--json", "--limit", "1000"))
    expected = {h["url"] for h in after} - before
    shown = lines(ok(home, "watch", "show", "ministers", "--json"))
    urls = [h["url"] for h in shown]
    assert sorted(urls) == sorted(expected) and len(urls) == len(set(urls))
    assert hp.url(ferry.path) in urls and vt.url(lights.path) not in urls
    assert hp.url(IRAQ_HP) not in urls and vt.url(IRAQ_VT) not in urls  # the wire copy
    # the crawl named the watch, and --watch-out got the same stories as JSON Lines
    assert f"watches: {len(expected)} new for ministers" in second_crawl.stdout
    announced = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(h["url"] for h in announced) == sorted(expected)
    assert all(h["watch"] == "ministers" and {"title", "score", "snippet", "copies"} <= set(h) for h in announced)

    # shown once: the next show is empty (stdout empty, so `| mail` pipes can test it)
    again = ok(home, "watch", "show", "ministers", "--json")
    assert again.stdout == "" and "No new stories" in again.stderr
    # a crawl that finds nothing new says nothing about watches and appends nothing
    third = crawl(home, hp, vt, extra=("--watch-out", str(out)))
    assert "watches:" not in third.stdout and len(out.read_text().splitlines()) == len(announced)
    # --all lists them all again, marked as not new
    every = lines(ok(home, "watch", "show", "--all", "--json"))
    assert {h["url"] for h in every} == before | expected and not any(h["new"] for h in every)


def test_a_story_stays_seen_when_an_earlier_copy_turns_up_later(tmp_path, sites):
    """The Valley Times wire copy is crawled first and shown; then the Harbour Post's
    earlier original arrives and the story's group is re-pointed at it."""
    hp, vt = sites
    home = tmp_path / "home"
    crawl(home, vt)
    ok(home, "watch", "add", "iraq", "Iraq rejected asylum")
    (story,) = lines(ok(home, "watch", "show", "iraq", "--json"))
    assert story["url"] == vt.url(IRAQ_VT)

    second = crawl(home, hp)
    assert "new for iraq" not in second.stdout
    shown = ok(home, "watch", "show", "iraq", "--json")
    assert shown.stdout == ""
    assert "0 unseen" in ok(home, "watch", "list").stdout
    # it is one story, now shown as the earlier copy, with the wire copy as its other copy
    (everything,) = lines(ok(home, "watch", "show", "iraq", "--all", "--json"))
    assert everything["url"] == hp.url(IRAQ_HP) and everything["copies"] == [vt.url(IRAQ_VT)]
    assert everything["new"] is False


def test_new_only_counts_arrivals_and_a_crawl_names_only_new_stories(tmp_path, sites):
    hp, vt = sites
    home = tmp_path / "home"
    crawl(home, hp)
    ok(home, "watch", "add", "ferries", "ferry OR ferries", "--new-only")
    ok(home, "watch", "add", "christmas", "christmas", "--topic", "politics")
    listed = ok(home, "watch", "list").stdout
    assert re.search(r"^ferries\t0 unseen", listed, re.M)
    ferry = publish_one_more(hp.site)
    lights = publish_one_more(vt.site)
    result = crawl(home, hp, vt)
    # the ferry story on the Harbour Post; the Christmas lights (politics) on the Valley Times:
    # the Valley Times' shop returns story is business, so --topic politics keeps it out
    assert "watches: 1 new for christmas, 1 new for ferries" in result.stdout
    assert [h["url"] for h in lines(ok(home, "watch", "show", "ferries", "--json"))] == [hp.url(ferry.path)]
    assert [h["url"] for h in lines(ok(home, "watch", "show", "christmas", "--json"))] == [vt.url(lights.path)]


def test_a_failed_watch_out_write_loses_no_announcement(tmp_path, sites):
    hp, _ = sites
    home = tmp_path / "home"
    bad = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0", "--watch-out", str(tmp_path / "nope" / "x.jsonl"))
    assert "no folder" in one_line_error(bad, 2) and not (home / "index").exists()  # refused before crawling
    ok(home, "watch", "add", "iraq", "Iraq returns")
    full = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0", "--watch-out", "/dev/full")
    assert "could not be written" in one_line_error(full, 1)
    assert re.match(r"\S+ newsearch crawl: 1 site\(s\)", full.stdout)  # the crawl itself was done and said so
    out = tmp_path / "new.jsonl"
    again = crawl(home, hp, extra=("--watch-out", str(out)))
    assert "watches: 1 new for iraq" in again.stdout  # announced now, not lost
    assert [json.loads(line)["url"] for line in out.read_text().splitlines()] == [hp.url(IRAQ_HP)]


# ---- on one crawled home ----------------------------------------------------------------------
def test_watches_survive_reindex_and_remove_forgets_them(home):
    ok(home, "watch", "add", "iraq", "Iraq returns")
    assert re.search(r"^iraq\t1 unseen\t\"Iraq returns\"$", ok(home, "watch", "list").stdout, re.M)
    text = ok(home, "watch", "show").stdout
    assert text.startswith("== iraq: 1 new") and "Iraq agrees returns deal for rejected asylum seekers" in text
    assert "+1 other source (Valley Times)" in " ".join(text.split())  # grouped copies, as `query` prints them (wrapped to the width)
    ok(home, "reindex")
    assert ok(home, "watch", "show", "iraq").stdout == ""
    assert (home / "watches.db").exists()
    ok(home, "watch", "remove", "iraq")
    assert ok(home, "watch", "list").stdout == ""
    ok(home, "watch", "add", "iraq", "Iraq returns")  # a new watch of the same name starts afresh
    assert len(lines(ok(home, "watch", "show", "iraq", "--json"))) == 1


def test_limit_leaves_the_rest_unseen(home):
    ok(home, "watch", "add", "said", "said")
    total = len(lines(ok(home, "query", "said", "--json", "--limit", "1000")))
    assert total >= 6
    first = lines(ok(home, "watch", "show", "said", "--json", "--limit", "2"))
    assert len(first) == 2
    assert re.search(rf"^said\t{total - 2} unseen", ok(home, "watch", "list").stdout, re.M)
    rest = lines(ok(home, "watch", "show", "said", "--json"))
    assert len(rest) == total - 2 and not {h["url"] for h in first} & {h["url"] for h in rest}
    assert max(h["date"] for h in rest) <= min(h["date"] for h in first)  # the newest came first


def test_concurrent_shows_never_show_a_story_twice_or_lose_one(home):
    ok(home, "watch", "add", "said", "said")
    expected = {h["url"] for h in lines(ok(home, "query", "said", "--json", "--limit", "1000"))}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    # four processes at once, each claiming the two newest unseen stories
    procs = [subprocess.Popen([sys.executable, "-m", "search_cli", "--home", str(home), "watch", "show", "said",
                               "--json", "--limit", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env=env, cwd=ROOT) for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    claimed = [json.loads(line)["url"] for out, _ in outs for line in out.splitlines()]
    assert len(claimed) == len(set(claimed)) == min(8, len(expected))  # none twice
    rest = {h["url"] for h in lines(ok(home, "watch", "show", "said", "--json"))}
    assert set(claimed) | rest == expected and not set(claimed) & rest  # none lost


def test_a_show_whose_output_fails_marks_nothing_seen(home):
    ok(home, "watch", "add", "iraq", "Iraq returns")
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "search_cli", "--home", str(home), "watch", "show", "--json"],
                                stdout=full, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "1 unseen" in ok(home, "watch", "list").stdout
    assert len(lines(ok(home, "watch", "show", "--json"))) == 1


@pytest.mark.parametrize(("args", "code", "message"), [
    (("watch", "add", "bad name", "iraq"), 2, "bad watch name 'bad name'"),
    (("watch", "add", "-x", "iraq"), 2, "No such option"),
    (("watch", "add", "ok", 'date:2025 iraq'), 2, "the field 'date' cannot be searched"),
    (("watch", "add", "ok", "\x1b[2Jiraq"), 2, "control characters"),
    (("watch", "add", "ok", "iraq", "--topic", "nonsense"), 2, "unknown topic 'nonsense'"),
    (("watch", "show", "nope"), 1, "no watch named 'nope'"),
    (("watch", "remove", "nope"), 1, "no watch named 'nope'"),
    (("feed",), 2, "give a QUERY or --watch NAME"),
    (("feed", "--watch", "nope"), 1, "no watch named 'nope'"),
    (("feed", "NOT"), 2, "query"),
])
def test_bad_input_gets_one_line_and_an_exit_code(home, args, code, message):
    assert message in one_line_error(run_cli(home, *args), code)


def test_adding_a_name_twice_keeps_the_first(home):
    ok(home, "watch", "add", "iraq", "Iraq returns")
    line = one_line_error(run_cli(home, "watch", "add", "iraq", "flood"), 1)
    assert "already exists" in line and '"Iraq returns"' in line
    assert "\"Iraq returns\"" in ok(home, "watch", "list").stdout


# ---- the Atom feed ----------------------------------------------------------------------------
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def rfc3339(text: str) -> datetime:
    assert RFC3339.match(text or ""), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def validate_atom(xml: bytes) -> ET.Element:
    """The checks RFC 4287 makes of a feed and its entries (sections 4.1.1, 4.1.2, 4.2.7, 3.3)."""
    root = ET.fromstring(xml)
    assert root.tag == ATOM + "feed"
    for name in ("id", "title", "updated"):
        assert len(root.findall(ATOM + name)) == 1, name
    feed_updated = rfc3339(root.findtext(ATOM + "updated"))
    assert re.match(r"^[a-z][a-z0-9+.-]*:\S+$", root.findtext(ATOM + "id"))  # an absolute IRI
    entries = root.findall(ATOM + "entry")
    # a feed needs an author unless every entry has one
    assert root.findall(ATOM + "author/" + ATOM + "name") or all(e.find(ATOM + "author") is not None for e in entries)
    ids = []
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert len(entry.findall(ATOM + name)) == 1, name
        assert entry.findtext(ATOM + "title").strip()
        updated = rfc3339(entry.findtext(ATOM + "updated"))
        assert updated <= feed_updated
        if entry.find(ATOM + "published") is not None:
            assert rfc3339(entry.findtext(ATOM + "published")) <= updated
        alternates = [link for link in entry.findall(ATOM + "link") if link.get("rel", "alternate") == "alternate"]
        assert len({(a.get("type"), a.get("hreflang")) for a in alternates}) == len(alternates) == 1
        assert all(link.get("href", "").startswith("http") for link in entry.findall(ATOM + "link"))
        ids.append(entry.findtext(ATOM + "id"))
    assert len(ids) == len(set(ids))
    return root


def test_feed_is_valid_atom_with_the_newest_stories(home):
    xml = ok(home, "feed", "(rejected asylum) OR ministers", "--limit", "3").stdout.encode()
    root = validate_atom(xml)
    entries = root.findall(ATOM + "entry")
    assert len(entries) == 3
    published = [e.findtext(ATOM + "published") for e in entries]
    assert published == sorted(published, reverse=True)
    everything = validate_atom(ok(home, "feed", "(rejected asylum) OR ministers", "--limit", "100").stdout.encode())
    all_entries = everything.findall(ATOM + "entry")
    assert [e.findtext(ATOM + "id") for e in all_entries[:3]] == [e.findtext(ATOM + "id") for e in entries]
    # the wire story once, as its earliest copy, linking the other copy
    (iraq,) = [e for e in all_entries if e.findtext(ATOM + "id").endswith(IRAQ_HP)]
    links = {link.get("rel"): link.get("href") for link in iraq.findall(ATOM + "link")}
    assert links["alternate"].endswith(IRAQ_HP) and links["related"].endswith(IRAQ_VT)
    assert not any(e.findtext(ATOM + "id").endswith(IRAQ_VT) for e in all_entries)
    assert iraq.findtext(ATOM + "published") == "2025-11-10T09:15:00Z"
    assert iraq.find(ATOM + "category").get("term") == "politics"
    # the same query gives the same feed id on every run; another query another id
    again = validate_atom(ok(home, "feed", "(rejected asylum) OR ministers").stdout.encode())
    assert again.findtext(ATOM + "id") == everything.findtext(ATOM + "id")
    assert validate_atom(ok(home, "feed", "ministers").stdout.encode()).findtext(ATOM + "id") != again.findtext(ATOM + "id")


def test_feed_of_a_watch_marks_nothing_seen(home):
    ok(home, "watch", "add", "iraq", "Iraq returns", "--topic", "politics")
    first = validate_atom(ok(home, "feed", "--watch", "iraq").stdout.encode())
    assert [e.findtext(ATOM + "id") for e in first.findall(ATOM + "entry")] == \
        [h["url"] for h in lines(ok(home, "watch", "show", "iraq", "--all", "--json"))]
    second = validate_atom(ok(home, "feed", "--watch", "iraq").stdout.encode())
    assert first.findtext(ATOM + "id") == second.findtext(ATOM + "id")  # stable: readers follow one feed
    assert first.findtext(ATOM + "title") == "newsearch: iraq"


def test_feed_drops_characters_xml_cannot_carry(tmp_path):
    """A page title with terminal escapes and NULs still gives a feed that parses."""
    from indexer.feed import atom_feed
    from indexer.home import Home
    from indexer.search import Hit
    from indexer.watch import Story, Watch

    hit = Hit(url="http://127.0.0.1/a?x=1&y=<2>", title="Bad\x1b[31m\x00 title & <b>", date="2025-11-10",
              source="Odd \x07Site", topics=[], author=None, language="en", score=1.0, snippet="s\x0c")
    xml = atom_feed(Home(tmp_path), Watch("", "bad"), [Story(hit, True, [hit.url], None, "2025-11-11T08:00:00")])
    entry = validate_atom(xml).find(ATOM + "entry")
    assert entry.findtext(ATOM + "title") == "Bad[31m title & <b>"
    assert entry.findtext(ATOM + "id") == "http://127.0.0.1/a?x=1&y=<2>"
    assert entry.findtext(ATOM + "updated") == "2025-11-10T00:00:00Z"  # a date alone: midnight UTC


def test_watch_benchmark_prints_its_table(tmp_path):
    """benchmarks/watch.py --quick (500 articles from ../shared/corpus, as the other benchmarks'
    smoke tests: skipped, saying why, only where that folder is absent)."""
    from tests.test_benchmarks_smoke import CORPUS, run_benchmark

    if not CORPUS.is_dir():
        pytest.skip(f"no real-page corpus at {CORPUS} (CI lays it out beside the repository; a plain clone has none)")
    res = run_benchmark("watch.py", "--quick", "--out", str(tmp_path / "bench"), "--corpus", str(CORPUS))
    assert res.returncode == 0, res.stderr
    assert "## Saved searches" in res.stdout
    assert "| 500 | broad | first watch show --json |" in res.stdout
