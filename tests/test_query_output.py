"""What `newsearch query` (and `show`, `sites add`, bare `newsearch`) tell the user, through
the CLI: counts and pages, where partial matches begin, fields that restrict, warnings,
colour on a real pseudo-terminal, wrapping, an empty index, and a pipe whose reader
leaves early."""
from __future__ import annotations

import json
import os
import pty
import re
import select
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search_cli.main import cli
from tests.conftest import ROOT, run_cli

IRAQ_DEAL = "Iraq agrees returns deal for rejected asylum seekers"
PARTIAL = "Stories with only some of the words:"


def run(home: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, ["--home", str(home), *args], env=env)


def hits(home: Path, *args: str) -> list[dict]:
    result = run(home, "query", *args, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def texts(home: Path) -> dict[str, str]:
    """Every record's title and text, by URL (from `export`)."""
    records = [json.loads(x) for x in run(home, "export").stdout.splitlines()]
    return {r["url"]: f"{r['title']}\n{r['text']}".lower() for r in records}


def put_records(root: Path, records: list[dict]) -> Path:
    """A home holding *records*, indexed (what a crawl leaves)."""
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import sync

    home = Home(root).ensure()
    with RecordStore(home.records_db) as store:
        for record in records:
            store.put(record)
    sync(home)
    return root


def on_pty(home: Path, *args: str, env: dict[str, str] | None = None) -> bytes:
    """Run ``newsearch --home HOME ARGS`` with stdout on a real pseudo-terminal; what it printed there."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    for name in ("NEWSEARCH_HOME", "NO_COLOR", "TERM", "COLUMNS"):
        if name not in (env or {}):
            full_env.pop(name, None)
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "search_cli", "--home", str(home), *args], stdout=follower,
                            stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=full_env, cwd=ROOT)
    os.close(follower)
    out = b""
    try:
        while True:
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                break
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            out += chunk
    finally:
        os.close(leader)
        proc.wait(timeout=60)
        proc.stderr.close()
    assert proc.returncode == 0
    return out


# ---- counts, pages, partial matches -----------------------------------------------------------
def test_terminal_output_counts_results_and_pages(crawled_home):
    every = hits(crawled_home, "said", "--limit", "1000")
    pages = -(-len(every) // 3)
    assert len(every) > 6  # enough for three pages of three
    first = run(crawled_home, "query", "said", "--limit", "3")
    assert first.exit_code == 0
    assert first.stdout.splitlines()[0] == f"{len(every)} results, page 1 of {pages}"
    assert first.stderr == "More results: --page 2\n"
    last = run(crawled_home, "query", "said", "--limit", "3", "--page", str(pages))
    assert last.stdout.splitlines()[0] == f"{len(every)} results, page {pages} of {pages}"
    assert last.stderr == ""
    past = run(crawled_home, "query", "said", "--limit", "3", "--page", str(pages + 1))
    assert past.exit_code == 0 and past.stdout == ""
    assert past.stderr == f"No results on page {pages + 1}: {len(every)} results, {pages} pages.\n"


def test_partial_matches_follow_the_full_ones_and_are_marked(crawled_home):
    found = hits(crawled_home, "Iraq returns")
    full = {h["url"] for h in hits(crawled_home, "Iraq AND returns")}  # explicit AND: never loosened
    assert [h["partial"] for h in found] == [False] * len(full) + [True] * (len(found) - len(full))
    assert {h["url"] for h in found if not h["partial"]} == full and len(found) > len(full)
    words = texts(crawled_home)
    for h in found:
        has = [w in words[h["url"]] for w in ("iraq", "return")]
        assert all(has) != h["partial"] and any(has)

    lines = run(crawled_home, "query", "Iraq returns").stdout.splitlines()
    assert lines.count(PARTIAL) == 1
    marked = lines.index(PARTIAL)
    ranks = [int(m.group(1)) for m in (re.match(r"\s*(\d+)\. ", line) for line in lines) if m]
    before = [line for line in lines[:marked] if re.match(r"\s*\d+\. ", line)]
    assert len(before) == len(full) and ranks == list(range(1, len(found) + 1))
    assert lines[0] == f"{len(found)} results, page 1 of 1"


def test_a_page_of_only_partial_matches_still_says_so(crawled_home):
    result = run(crawled_home, "query", "Iraq returns", "--limit", "2", "--page", "2")
    lines = result.stdout.splitlines()
    assert lines[2] == PARTIAL and re.match(r"\s+3\. ", lines[4])


def test_when_no_story_has_every_word_the_list_says_so(crawled_home):
    found = hits(crawled_home, "comet Iraq")
    assert found and all(h["partial"] for h in found)
    lines = run(crawled_home, "query", "comet Iraq").stdout.splitlines()
    assert lines[2] == "No story has all the words; these have some of them:"


# ---- fields ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text, words", [('flood source:"Valley Times"', ["flood"]),
                                         ('Iraq returns source:"Valley Times"', ["iraq", "return"]),
                                         ("Iraq returns topic:sport", ["iraq", "return"])])
def test_a_fielded_term_restricts_every_result(crawled_home, text, words):
    found = hits(crawled_home, text)
    assert found
    field, value = ("topics", "sport") if "topic:" in text else ("source", "Valley Times")
    assert all(value in h[field] if field == "topics" else h[field] == value for h in found)
    body = texts(crawled_home)
    for h in found:  # every hit has a word of the query; the full matches have them all
        has = [w in body[h["url"]] for w in words]
        assert any(has) and (all(has) or h["partial"])
    if len(words) == 1:
        assert not any(h["partial"] for h in found)


def test_an_unknown_field_is_warned_about(crawled_home):
    result = run(crawled_home, "query", "tit:iraq")
    assert result.exit_code == 0
    assert result.stderr.splitlines()[0] == (
        "Warning: unknown field 'tit:' in the query, searched as plain words; did you mean title:?")
    for fine in ("title:iraq", "topic:sport iraq", "meeting at 10:30", "http://127.0.0.1/x iraq"):
        assert "Warning" not in run(crawled_home, "query", fine).stderr


def test_no_did_you_mean_for_a_prefix(crawled_home):
    result = run(crawled_home, "query", "com*")
    assert result.exit_code == 0 and "comet" in result.stdout.lower()
    assert "Did you mean" not in result.stderr
    assert "Did you mean: asylum" in run(crawled_home, "query", "asylm").stderr  # words still get one


# ---- layout and colour -------------------------------------------------------------------------
def test_snippets_wrap_under_their_indent_and_skip_the_title(crawled_home):
    result = run(crawled_home, "query", "Iraq returns", "--limit", "1", env={"COLUMNS": "44"})
    lines = result.stdout.splitlines()
    assert lines[:4] == ["1 result, page 1 of 1", "", "  1. Iraq agrees returns deal for rejected",
                         "     asylum seekers"]
    url = next(line for line in lines if "://" in line)
    snippet = lines[lines.index(url) + 1 :]
    while snippet and not snippet[-1]:
        snippet.pop()
    assert len(snippet) >= 3
    assert all(line.startswith("     ") and not line.startswith("      ") and len(line) <= 44 for line in snippet)
    assert not " ".join(snippet).strip().startswith(IRAQ_DEAL)
    assert not hits(crawled_home, "Iraq returns")[0]["snippet"].startswith(IRAQ_DEAL)


def test_terminal_output_lists_rank_title_source_date_and_url(crawled_home):
    result = run(crawled_home, "query", "Iraq returns", "--limit", "1", env={"COLUMNS": "200"})
    lines = result.stdout.splitlines()
    assert lines[2] == f"  1. {IRAQ_DEAL}"
    assert lines[3] == "     The Harbour Post · 2025-11-10 09:15 · politics · +1 other source (Valley Times)"
    assert lines[4].startswith("     http://127.0.0.1:") and lines[4].endswith("/iraq-agrees-returns-deal-for-rejected-asylum-seekers/")
    assert "\x1b[" not in result.stdout  # piped: no colour


@pytest.mark.parametrize("env, args, coloured", [
    ({}, [], True),
    ({"NO_COLOR": "1"}, [], False),
    ({}, ["--color", "never"], False),
    ({"NO_COLOR": "1"}, ["--color", "always"], True),
    ({"TERM": "dumb"}, [], False),
])
def test_colour_on_a_terminal_follows_no_color_and_the_option(crawled_home, env, args, coloured):
    out = on_pty(crawled_home, "query", "Iraq returns", "--limit", "1", *args, env=env)
    assert IRAQ_DEAL.encode() in out
    assert (b"\x1b[1m  1. Iraq agrees" in out) == coloured
    assert (b"\x1b[" in out) == coloured


def test_colour_always_in_a_pipe(crawled_home):
    result = run(crawled_home, "query", "Iraq returns", "--limit", "1", "--color", "always")
    assert "\x1b[1m  1. Iraq agrees" in result.stdout
    assert re.search(r"\x1b\[1;33mIraq\x1b\[0m", result.stdout)  # the matched words
    assert run(crawled_home, "query", "x y", "--color", "sometimes").exit_code == 2


def test_control_characters_from_a_page_never_reach_the_terminal(tmp_path):
    title = "Harbour \x1b]0;pwned\x07 news \x1b[2J today \x9b31m"
    home = put_records(tmp_path / "h", [{
        "url": "https://evil.example/a", "title": title, "source": "Evil\x1b]52;c;aGk=\x07 Times",
        "authors": ["Mal \x1b[31mLory"], "text": "harbour crane story \x1b[2J with \x1b]0;x\x07 more words " * 5,
    }])
    for args in (["query", "harbour"], ["query", "harbour", "--color", "always"], ["show", "https://evil.example/a"]):
        out = run(home, *args).stdout
        assert "\x07" not in out and "\x9b" not in out and "\x1b]" not in out and "\x1b[2J" not in out
        assert "\\x1b]0;pwned\\x07" in out
    for args in (["query", "harbour", "--json"], ["show", "https://evil.example/a", "--json"]):
        out = run(home, *args).stdout
        assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]", out)
        assert json.loads(out if args[0] == "show" else out.splitlines()[0])["title"] == title  # exact


# ---- empty index, no arguments, sites add, show --------------------------------------------
def test_after_a_crawl_that_reached_no_site_query_says_the_index_is_empty(tmp_path):
    with socket.socket() as s:  # a loopback port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    home = tmp_path / "home"
    crawl = run_cli(home, "crawl", f"http://127.0.0.1:{port}/", "--delay", "0")
    assert crawl.returncode == 4
    result = run_cli(home, "query", "Iraq returns")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == (
        f"Error: the index in {home} holds no articles yet: nothing to search. Run `newsearch crawl` to fetch "
        "articles from the configured sites (it needs the network), or `newsearch demo` to try a built-in "
        "sample site offline.\n")


def test_no_matches_in_a_full_index_is_not_an_error(crawled_home):
    result = run(crawled_home, "query", "zeppelin")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == "No articles found.\n"


def test_bare_newsearch_prints_help_and_exits_0(tmp_path):
    result = run_cli(tmp_path / "home")
    assert result.returncode == 0 and result.stderr == ""
    assert result.stdout.startswith("Usage: newsearch [OPTIONS] [COMMAND] [ARGS]...")
    assert re.search(r"\n  query +Search the index", result.stdout)  # the column widens with the longest name
    assert not (tmp_path / "home").exists()  # help creates nothing


def test_sites_add_of_a_configured_url_says_so(tmp_path):
    home = tmp_path / "home"
    first = run(home, "sites", "add", "https://news.example.com/", "--name", "Example News")
    assert first.exit_code == 0 and first.stdout.startswith("added https://news.example.com/ (1 site(s)")
    before = (home / "sites.toml").read_text()
    again = run(home, "sites", "add", "https://news.example.com")  # the same site, without its slash
    assert again.exit_code == 0
    assert again.stdout == f"https://news.example.com/ is already configured in {home / 'sites.toml'}; nothing changed\n"
    assert (home / "sites.toml").read_text() == before
    renamed = run(home, "sites", "add", "https://news.example.com/", "--topic", "sport")
    assert renamed.stdout == (f"https://news.example.com/ was already configured; updated its name and topic "
                              f"in {home / 'sites.toml'}\n")
    listed = run(home, "sites", "list").stdout
    assert listed == "https://news.example.com/\tExample News\tsport\n"


@pytest.mark.parametrize("url", ["not-a-url", "ftp://news.example.com/a", "https://"])
def test_show_of_something_that_is_not_a_url_is_a_usage_error(crawled_home, url):
    result = run(crawled_home, "show", url)
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"Error: Invalid value for URL: not a web address: '{url}'" in result.stderr


# ---- a pipe whose reader leaves -------------------------------------------------------------
@pytest.fixture(scope="module")
def big_home(tmp_path_factory):
    """400 articles with long texts: every command's output is far more than a pipe holds (64 KiB)."""
    root = tmp_path_factory.mktemp("big") / "home"
    para = "The harbour crane story went on as the tide turned and the dockers waited for the ships. "
    return put_records(root, [
        {"url": f"https://port{n % 7}.example/2025/03/{n % 28 + 1:02d}/story-{n}/", "title": f"Harbour story {n}",
         "text": "\n".join(f"{para} Paragraph {p} of story {n}." for p in range(40 if n else 4000)),
         "date": f"2025-03-{n % 28 + 1:02d}T{n % 24:02d}:00:00+00:00", "source": f"Port {n % 7} News"}
        for n in range(400)])


@pytest.mark.parametrize("args", [
    ["query", "harbour", "--json", "--limit", "1000"],
    ["query", "harbour", "--limit", "1000"],
    ["export"],
    ["export", "--format", "csv"],
    ["show", "https://port0.example/2025/03/01/story-0/"],
])
def test_a_reader_that_leaves_early_is_not_an_error(big_home, args):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    proc = subprocess.Popen([sys.executable, "-m", "search_cli", "--home", str(big_home), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    assert proc.stdout.readline()  # like `| head -1`: one line, then the reader is gone
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert err.decode() == ""
    assert proc.returncode == 0


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["query", "--help"], ["stats"], ["sites", "list"],
                                  ["query", "harbour", "--limit", "1"], ["query", "harbour", "--json"]])
def test_a_reader_gone_before_the_first_word_is_not_an_error(big_home, args):
    """`newsearch ... | true`: every read end is closed before the command writes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    proc = subprocess.Popen([sys.executable, "-m", "search_cli", "--home", str(big_home), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
    proc.stdout.close()
    _, err = proc.communicate(timeout=120)
    assert "Traceback" not in err.decode() and "Error" not in err.decode()
    assert proc.returncode == 0
