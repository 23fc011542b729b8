"""Hostile sites and careless input (issue 9): one bad site never stops the crawl,
nothing a site sends reaches the terminal raw, and bad input is one line, not a traceback.
Every server here is on loopback and answers small, bounded bodies."""
from __future__ import annotations

from pathlib import Path

import pytest

import indexer
from tests.conftest import run_cli
from tests.hostile import HostileServer, html
from tests.newssite import SiteServer, harbour_post, publish_one_more

ARTICLE = html(
    "Harbour lights switched off",
    "<article><h1>Harbour lights switched off</h1><p>"
    + "The harbour board switched off the old lights on Tuesday after a vote. " * 20
    + "</p></article>",
)


def slow_site(crawl_delay: str) -> dict:
    """A site whose robots.txt asks for *crawl_delay* seconds between requests."""
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, f"User-agent: *\nCrawl-delay: {crawl_delay}\n".encode()),
        "/": (200, {"Content-Type": "text/html"}, html("Slow Gazette", "<a href='/news/2025/11/10/harbour-lights/'>Harbour lights</a>")),
        "/news/2025/11/10/harbour-lights/": (200, {"Content-Type": "text/html"}, ARTICLE),
    }


def test_a_huge_crawl_delay_skips_that_site_and_the_others_are_indexed(tmp_path: Path):
    home = tmp_path / "home"
    with SiteServer(harbour_post(), host="127.0.0.1") as hp, HostileServer(slow_site("100000"), host="127.0.0.4") as slow:
        # before the cap this run waited 100000 s after robots.txt: the timeout is a hang guard
        result = run_cli(home, "crawl", hp.base_url + "/", slow.base_url + "/", "--delay", "0", timeout=90)
    assert result.returncode == 0, result.stderr
    assert slow.requests == ["/robots.txt"]  # nothing else asked of the slow site
    assert "127.0.0.4" in result.stderr and "100000 s" in result.stderr and "not crawling it this run" in result.stderr
    got = {r["url"] for r in indexer.open(home).records()}
    assert {hp.url(a.path) for a in hp.site.articles} <= got


def test_a_crawl_delay_under_the_cap_is_honoured(tmp_path: Path):
    with HostileServer(slow_site("1"), host="127.0.0.4") as slow:
        result = run_cli(tmp_path / "home", "crawl", slow.base_url + "/", "--delay", "0", timeout=90)
    assert result.returncode == 0, result.stderr
    assert "/news/2025/11/10/harbour-lights/" in slow.requests
    assert "not crawling" not in result.stderr


def test_infinite_or_huge_delays_are_refused_in_one_line(tmp_path: Path):
    home = tmp_path / "home"
    home.mkdir()
    for value in ("inf", "nan", "100000"):
        (home / "sites.toml").write_text(f"[crawl]\ndelay = {value}\n\n[[site]]\nurl = 'http://127.0.0.4:9/'\n")
        result = run_cli(home, "crawl")
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
        assert "delay must be" in result.stderr
    (home / "sites.toml").unlink()
    for value in ("inf", "nan", "31"):
        result = run_cli(home, "crawl", "http://127.0.0.4:9/", "--delay", value)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "delay must be" in result.stderr


# ---- broken files ------------------------------------------------------------------------------
def _copy(crawled_home: Path, tmp_path: Path) -> Path:
    import shutil

    home = tmp_path / "home"
    shutil.copytree(crawled_home, home)
    return home


def _truncate_postings(index: Path) -> None:
    (pst,) = index.glob("*.pst")
    pst.write_bytes(pst.read_bytes()[: pst.stat().st_size // 3])


def _garbage_in_stored_fields(index: Path) -> None:
    import random

    (stored,) = index.glob("*._stored.col")
    data = bytearray(stored.read_bytes())
    rng = random.Random(9)
    for i in range(200, len(data) - 50):
        data[i] = rng.randrange(256)
    stored.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate_postings, _garbage_in_stored_fields])
def test_a_damaged_segment_is_one_line_saying_reindex_and_reindex_repairs_it(crawled_home, tmp_path, damage):
    home = _copy(crawled_home, tmp_path)
    damage(home / "index")
    for args in (("query", "Iraq"), ("query", "returns", "--json"), ("export", "--query", "Iraq")):
        result = run_cli(home, *args)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stdout == "" and "Traceback" not in result.stderr
        assert result.stderr.count("\n") == 1 and "the index is damaged" in result.stderr
        assert "newsearch reindex" in result.stderr
    assert run_cli(home, "reindex").returncode == 0
    result = run_cli(home, "query", "Iraq", "--json")
    assert result.returncode == 0 and len(result.stdout.splitlines()) >= 2


def _urls(home: Path, text: str) -> list[str]:
    import json

    result = run_cli(home, "query", text, "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["url"] for line in result.stdout.splitlines()]


def test_a_crawl_into_a_damaged_index_stores_its_articles_and_says_to_reindex(crawled_home, tmp_path):
    home = _copy(crawled_home, tmp_path)
    _truncate_postings(home / "index")
    with SiteServer(harbour_post(), host="127.0.0.1") as hp:  # a new port: every URL is new
        # the site's old stories come back as copies of the indexed ones (a query shows the copy
        # whose URL sorts first: with ports drawn at random, the old one half the time); one
        # story the index has never held is what a search must find after the reindex
        publish_one_more(hp.site)
        result = run_cli(home, "crawl", hp.base_url + "/", "--delay", "0")
        expected = {hp.url(a.path) for a in hp.site.articles}
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "the index is damaged" in result.stderr and "newsearch reindex" in result.stderr
    assert run_cli(home, "reindex").returncode == 0
    found = set()
    for word in ("Iraq", "returns", "port", "boat", "tax"):
        found |= {u for u in _urls(home, word) if u in expected}
    assert found and {r["url"] for r in indexer.open(home).records()} >= expected


def test_a_crawl_that_touches_no_old_article_still_finds_the_damage(crawled_home, tmp_path):
    """Whether a crawl noticed a damaged segment hung on whether it happened to rewrite an old
    article (a near-duplicate re-pointed, decided by the ports' order): a crawl of one new,
    unrelated article never read the damaged segment and exited 0, leaving the damage unsaid."""
    home = _copy(crawled_home, tmp_path)
    _truncate_postings(home / "index")
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow:\n"),
        "/": (200, {"Content-Type": "text/html"}, html("Lone Gazette", "<a href='/news/2025/11/10/harbour-lights/'>Harbour lights</a>")),
        "/news/2025/11/10/harbour-lights/": (200, {"Content-Type": "text/html"}, ARTICLE),
    }
    with HostileServer(routes, host="127.0.0.4") as lone:
        result = run_cli(home, "crawl", lone.base_url + "/", "--delay", "0")
        url = lone.base_url + "/news/2025/11/10/harbour-lights/"
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "the index is damaged" in result.stderr and "newsearch reindex" in result.stderr
    assert url in {r["url"] for r in indexer.open(home).records()}  # stored, though not indexed
    assert run_cli(home, "reindex").returncode == 0
    assert url in _urls(home, "harbour lights switched")


def test_reindex_never_replaces_a_full_index_with_an_empty_one(crawled_home, tmp_path):
    home = _copy(crawled_home, tmp_path)
    before = _urls(home, "Iraq")
    assert before
    for name in ("articles.db", "articles.db-wal", "articles.db-shm"):
        (home / name).unlink(missing_ok=True)
    (home / "articles.db").write_bytes(b"")  # emptied by a bad copy or a full disk
    result = run_cli(home, "reindex")
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert "holds no articles" in result.stderr and "--force" in result.stderr
    assert _urls(home, "Iraq") == before  # the index is untouched

    index_files = {p.name: p.read_bytes() for p in (home / "index").iterdir()}
    (home / "articles.db").write_bytes(b"this is not a database" * 50)  # unreadable
    result = run_cli(home, "reindex")
    assert result.returncode == 1 and "Traceback" not in result.stderr and result.stderr.count("\n") == 1
    assert {p.name: p.read_bytes() for p in (home / "index").iterdir()} == index_files

    (home / "articles.db").write_bytes(b"")
    result = run_cli(home, "reindex", "--force")  # told to: it does
    assert result.returncode == 0 and "reindexed 0 articles" in result.stdout
    emptied = run_cli(home, "query", "Iraq", "--json")  # an empty index says so (issue 10)
    assert emptied.returncode == 1 and emptied.stdout == "" and "holds no articles yet" in emptied.stderr


# ---- bad input -----------------------------------------------------------------------------------
@pytest.mark.parametrize("value", ["100000000d", "9" * 5000 + "d", "3000000y"])
def test_a_since_before_the_year_one_is_a_usage_error(crawled_home, value):
    result = run_cli(crawled_home, "query", "Iraq", "--since", value)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "before the year 1" in result.stderr


def test_an_enormous_query_is_refused_at_once(crawled_home):
    words = " ".join(f"w{i}x" for i in range(15_000))
    result = run_cli(crawled_home, "query", words, timeout=60)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr[-500:]
    assert "at most 1000 are taken" in result.stderr
    fifty_one = " ".join(f"w{i}x" for i in range(51))
    result = run_cli(crawled_home, "export", "--query", fifty_one)
    assert result.returncode == 2 and "at most 50 are taken" in result.stderr
    fifty = " ".join(["iraq"] * 50)
    assert run_cli(crawled_home, "query", fifty, "--json").returncode == 0


@pytest.mark.parametrize(
    "url, message",
    [
        ("https://news.example/\n[crawl]\ndelay = 0", "holds the character '\\n'"),
        ("https://news.example/\x1b[2J", "holds the character '\\x1b'"),
        ("https://news.example/a b", "holds the character ' '"),
        ("https://editor:hunter2@news.example/", "does not store credentials"),
    ],
)
def test_sites_add_refuses_junk_and_credentials_and_leaves_the_file_valid(tmp_path, url, message):
    home = tmp_path / "home"
    assert run_cli(home, "sites", "add", "https://good.example/", "--name", 'The "Good" \\ News\n').returncode == 0
    result = run_cli(home, "sites", "add", url)
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert message in result.stderr and "hunter2" not in (home / "sites.toml").read_text()
    listed = run_cli(home, "sites", "list")
    assert listed.returncode == 0 and listed.stdout.startswith("https://good.example/\tThe \"Good\" \\ News")


def test_a_site_name_with_escape_codes_or_direction_overrides_is_refused(tmp_path):
    home = tmp_path / "home"
    for name in ("Evil\x1b[31m Red", "\u202eGazette", "Bell\x07"):
        result = run_cli(home, "sites", "add", "https://news.example/", "--name", name)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "may not hold control characters" in result.stderr
    assert not (home / "sites.toml").exists()
    # a bare host is a home page, as `crawl` takes it
    added = run_cli(home, "sites", "add", "news.example", "--name", "News")
    assert added.returncode == 0, added.stderr
    assert run_cli(home, "sites", "list").stdout.startswith("https://news.example\tNews")
    assert run_cli(home, "sites", "remove", "news.example").returncode == 0


def test_a_site_that_takes_connections_and_never_answers_is_a_named_error(tmp_path):
    import socket
    import threading

    silent = socket.socket()
    silent.bind(("127.0.0.5", 0))
    silent.listen(50)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                held.append(silent.accept()[0])  # and never a byte back
            except OSError:
                return

    threading.Thread(target=accept, daemon=True).start()
    url = f"http://127.0.0.5:{silent.getsockname()[1]}/"
    try:
        result = run_cli(tmp_path / "home", "crawl", url, "--time-limit", "4", timeout=90)
    finally:
        silent.close()
        for conn in held:
            conn.close()
    assert result.returncode == 4, result.stderr
    assert ", 1 error (see crawl.log), 1 site(s) unreachable" in result.stdout
    log = (tmp_path / "home" / "crawl.log").read_text()
    assert f"failed:no-answer\t{url}\t" in log  # cron's reader finds which site, and why


def test_a_sites_file_nested_5000_deep_is_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "sites.toml").write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    for args in (("sites", "list"), ("crawl",)):
        result = run_cli(home, *args)
        assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr[-300:]
        assert "nested too deeply" in result.stderr


# ---- terminal injection ---------------------------------------------------------------------------
TITLE_SET = "\x1b]0;you have been pwned\x07"  # sets the window title
CLEAR = "\x1b[2J"  # clears the screen
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"  # OSC 52: writes the clipboard
C1_CSI = "\x9b31m"  # a one-byte CSI (C1), which json.dumps leaves raw


def _poisoned_home(crawled_home: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the crawled home with one stored record full of escape sequences
    (as a record stored before extraction stripped them would be)."""
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import sync

    home = _copy(crawled_home, tmp_path)
    with RecordStore(home / "articles.db") as store:
        record = next(r for r in store.iter_records() if "iraq" in r["title"].lower())
        record.update(
            url=record["url"].rstrip("/") + "-poisoned/",
            title=f"Harbour vote{TITLE_SET} tonight{C1_CSI}",
            authors=[f"Jane{CLEAR} Doe"],
            source=f"Evil{CLIPBOARD} Times",
            text=f"Zanzibar harbour vote{CLEAR} passed.\nSecond paragraph{CLIPBOARD} here{C1_CSI}.",
            description=f"Zanzibar{TITLE_SET}",
            fingerprint=None,
        )
        store.put(record)
    sync(Home(home))
    return home, record["url"]


def _raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


def test_escape_codes_in_stored_records_never_reach_the_terminal(crawled_home, tmp_path):
    import json

    home, url = _poisoned_home(crawled_home, tmp_path)
    for args in (("query", "Zanzibar"), ("show", url), ("stats",), ("export", "--query", "Zanzibar"),
                 ("export",), ("query", "Zanzibar", "--json"), ("show", url, "--json"), ("stats", "--json")):
        result = run_cli(home, *args)
        assert result.returncode == 0, (args, result.stderr)
        assert _raw_controls(result.stdout + result.stderr) == [], args
    shown = run_cli(home, "show", url).stdout
    assert "Harbour vote\\x1b]0;you have been pwned\\x07 tonight\\x9b31m" in shown  # visible, not acted on
    assert "Zanzibar harbour vote\\x1b[2J passed.\nSecond paragraph" in shown  # the text keeps its lines
    assert "\\x1b]52;c;" in run_cli(home, "query", "Zanzibar").stdout
    # JSON stays exact: parsed back, every value is what was stored
    (hit,) = [json.loads(line) for line in run_cli(home, "query", "Zanzibar", "--json").stdout.splitlines()]
    assert hit["title"] == f"Harbour vote{TITLE_SET} tonight{C1_CSI}" and hit["source"] == f"Evil{CLIPBOARD} Times"
    record = json.loads(run_cli(home, "show", url, "--json").stdout)
    assert record["authors"] == [f"Jane{CLEAR} Doe"] and record["text"].endswith(f"here{C1_CSI}.")
    exported = [json.loads(line) for line in run_cli(home, "export").stdout.splitlines()]
    assert any(r["title"] == f"Harbour vote{TITLE_SET} tonight{C1_CSI}" for r in exported)


def test_escape_codes_in_the_sites_file_are_shown_escaped(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "sites.toml").write_text('[[site]]\nurl = "https://a.example/"\nname = "A\\u001b]0;title\\u0007 News"\n')
    result = run_cli(home, "sites", "list")
    assert result.returncode == 0 and _raw_controls(result.stdout) == []
    assert result.stdout == "https://a.example/\tA\\x1b]0;title\\x07 News\n"


# ---- DNS rebinding ----------------------------------------------------------------------------------
REBIND = Path(__file__).resolve().parent / "_rebind"  # a lying DNS, and no connection off loopback


def _rebinding_env(answers: str) -> dict[str, str]:
    from tests.conftest import ROOT

    return {"PYTHONPATH": f"{REBIND}:{ROOT}", "NEWSEARCH_TEST_DNS": answers}


def _small_site() -> dict:
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/": (200, {"Content-Type": "text/html"}, html("Loopback Service", "<a href='/news/2025/11/10/harbour-lights/'>Harbour lights</a>")),
        "/news/2025/11/10/harbour-lights/": (200, {"Content-Type": "text/html"}, ARTICLE),
    }


def test_a_name_that_rebinds_to_loopback_after_a_public_answer_is_never_fetched_from_loopback(tmp_path):
    """The guard used to resolve the name (public), then Scrapy resolved it again (127.0.0.3)."""
    home = tmp_path / "home"
    with SiteServer(harbour_post(), host="127.0.0.1") as hp, HostileServer(_small_site(), host="127.0.0.3") as inside:
        name = f"rebind.example.net:{inside.port}"
        env = _rebinding_env("rebind.example.net=93.184.216.34,127.0.0.3")
        result = run_cli(home, "crawl", hp.base_url + "/", f"http://{name}/", "--delay", "0", env=env)
        assert inside.requests == []  # not one page fetched from loopback
    assert result.returncode == 0, result.stderr
    assert "rebind.example.net" in result.stderr  # the public address did not answer: said so
    got = {r["url"] for r in indexer.open(home).records()}
    assert {hp.url(a.path) for a in hp.site.articles} <= got  # the other site is crawled as usual


def test_a_twin_name_answering_loopback_is_refused_but_a_site_named_on_loopback_is_crawled(tmp_path):
    """A site the user put on an internal address (an intranet) may fetch itself; its
    www. twin, which the crawl treats as the same site, may not reach loopback."""
    routes = _small_site()
    routes["/"] = (200, {"Content-Type": "text/html"}, html(
        "Intranet News",
        "<a href='/news/2025/11/10/harbour-lights/'>Harbour lights</a> "
        "<a href='http://www.intranet.example.net:{PORT}/news/2025/11/11/admin-panel/'>Admin</a>",
    ))
    routes["/news/2025/11/11/admin-panel/"] = (200, {"Content-Type": "text/html"}, ARTICLE.replace(b"Harbour", b"Admin"))
    with HostileServer(routes, host="127.0.0.3") as inside:
        routes["/"] = (200, routes["/"][1], routes["/"][2].replace(b"{PORT}", str(inside.port).encode()))
        env = _rebinding_env("intranet.example.net=127.0.0.3;www.intranet.example.net=127.0.0.3")
        result = run_cli(tmp_path / "home", "crawl", f"http://intranet.example.net:{inside.port}/", "--delay", "0", env=env)
        fetched = list(inside.requests)
    assert result.returncode == 0, result.stderr
    assert "/news/2025/11/10/harbour-lights/" in fetched
    assert "/news/2025/11/11/admin-panel/" not in fetched
    assert "www.intranet.example.net resolves to 127.0.0.3" in result.stderr


def test_a_site_that_was_public_on_an_earlier_run_is_not_fetched_from_loopback_later(tmp_path):
    """Cron runs are separate processes: the rebinding may come at the next run's first lookup."""
    home = tmp_path / "home"
    with HostileServer(_small_site(), host="127.0.0.3") as inside:
        url = f"http://news.rebind.example.net:{inside.port}/"
        first = run_cli(home, "crawl", url, "--delay", "0", env=_rebinding_env("news.rebind.example.net=93.184.216.34"))
        assert first.returncode == 4  # the public address is never connected to in a test
        assert (home / "public-hosts.txt").read_text() == "news.rebind.example.net\n"
        second = run_cli(home, "crawl", url, "--delay", "0", env=_rebinding_env("news.rebind.example.net=127.0.0.3"))
        assert inside.requests == []
    assert "answered a public address on an earlier run and now the internal address 127.0.0.3" in second.stderr


def test_the_policy_pins_the_first_answer_and_refuses_internal_answers_for_other_names(tmp_path):
    from crawler.resolver import AddressPolicy, InternalAddressError

    policy = AddressPolicy(["intranet.example.net", "news.example.org"])
    assert policy.decide("news.example.org", "93.184.216.34") == "93.184.216.34"
    assert policy.decide("news.example.org", "127.0.0.3") == "93.184.216.34"  # resolved once: pinned
    assert policy.known("NEWS.example.org.") == "93.184.216.34"
    assert policy.decide("intranet.example.net", "10.0.0.7") == "10.0.0.7"  # a site named on an intranet
    for address in ("127.0.0.3", "169.254.169.254", "10.1.2.3", "::1", "::ffff:127.0.0.1", "0.0.0.0"):
        with pytest.raises(InternalAddressError):
            AddressPolicy(["news.example.org"]).decide("cdn.example.org", address)
    memory = tmp_path / "public-hosts.txt"
    AddressPolicy(["news.example.org"], [], memory).decide("news.example.org", "93.184.216.34")
    later = AddressPolicy(["news.example.org"], memory.read_text().split(), memory)
    with pytest.raises(InternalAddressError):  # public once: never an intranet site after
        later.decide("news.example.org", "127.0.0.1")


# ---- refusals counted and explained -------------------------------------------------------------
def test_pages_refused_for_size_or_decompression_are_counted_as_errors(tmp_path):
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * (25 * 1024 * 1024) + b"</p>", 9)  # 25 kB that inflate to 25 MB
    routes = {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n"),
        "/": (200, {"Content-Type": "text/html"}, html("Bomb Gazette", (
            "<a href='/news/2025/11/10/inflating-story/'>a</a> <a href='/news/2025/11/10/enormous-story/'>b</a>"
            " <a href='/news/2025/11/10/harbour-lights/'>c</a>"))),
        "/news/": (200, {"Content-Type": "text/html"}, html("News", "<a href='/news/2025/11/10/harbour-lights/'>c</a>")),
        "/news/2025/11/10/inflating-story/": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb),
        "/news/2025/11/10/enormous-story/": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * (21 * 1024 * 1024)),
        "/news/2025/11/10/harbour-lights/": (200, {"Content-Type": "text/html"}, ARTICLE),
    }
    with HostileServer(routes, host="127.0.0.5") as site:
        result = run_cli(tmp_path / "home", "crawl", site.base_url + "/", "--delay", "0")
    assert result.returncode == 0, result.stderr
    assert ", 1 new," in result.stdout and ", 2 errors " in result.stdout  # the bomb and the 21 MB page


def test_robots_txt_redirecting_to_another_host_is_said_not_network_down(tmp_path):
    with HostileServer({}, host="127.0.0.7") as elsewhere:
        moved = {"/robots.txt": (301, {"Location": elsewhere.base_url + "/robots.txt"}, b"")}
        with HostileServer(moved, host="127.0.0.6") as site:
            result = run_cli(tmp_path / "home", "crawl", site.base_url + "/", "--delay", "0")
    assert "network" not in result.stderr and result.returncode == 0, result.stderr
    assert "robots.txt redirects to another host" in result.stderr and elsewhere.base_url in result.stderr
    assert elsewhere.requests == [] and ", 1 error " in result.stdout


# ---- a full disk -------------------------------------------------------------------------------------
def test_a_full_disk_stops_the_crawl_in_one_line_and_loses_nothing(tmp_path):
    """A real full disk: the home is on a 384 kB tmpfs (in a private mount namespace,
    so nothing outside the test sees it), too small for one crawl of the two sites.
    Then the tmpfs is grown, as a user freeing space would, and the next run finishes
    (ingesting what the first run archived but could not store)."""
    import json
    import shutil
    import subprocess
    import sys

    from tests.conftest import ROOT
    from tests.newssite import valley_times

    assert shutil.which("unshare") and shutil.which("mount"), "needs util-linux unshare and mount (run as root)"
    mnt, out = tmp_path / "disk", tmp_path / "out"
    mnt.mkdir()
    out.mkdir()
    with SiteServer(harbour_post(), host="127.0.0.1") as hp, SiteServer(valley_times(), host="127.0.0.2") as vt:
        cli = f"cd {ROOT} && PYTHONPATH={ROOT} {sys.executable} -m search_cli --home {mnt}/home"
        crawl = f"crawl {hp.base_url}/ {vt.base_url}/ --delay 0"
        script = f"""
            set -u
            mount -t tmpfs -o size=384k tmpfs {mnt} || exit 99
            {cli} {crawl} > {out}/1.out 2> {out}/1.err; echo $? > {out}/1.rc
            {cli} export > {out}/stored-1.jsonl 2> {out}/export-1.err
            cp -r {mnt}/home/warc {out}/warc-1
            mount -o remount,size=16m {mnt}
            {cli} {crawl} > {out}/2.out 2> {out}/2.err; echo $? > {out}/2.rc
            {cli} export > {out}/stored-2.jsonl
            {cli} query harbour --json > {out}/query.jsonl
        """
        done = subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script],
                              capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert done.returncode != 99, f"cannot mount a tmpfs here: {done.stderr}"
    first_err = (out / "1.err").read_text()
    assert (out / "1.rc").read_text().strip() == "1", first_err
    assert first_err.count("\n") == 1 and "Traceback" not in first_err and "damaged" not in first_err
    assert "is full" in first_err and "Every article stored before is kept" in first_err
    stored_1 = [json.loads(line) for line in (out / "stored-1.jsonl").read_text().splitlines()]
    everything = {hp.url(a.path) for a in hp.site.articles} | {vt.url(a.path) for a in vt.site.articles}
    assert len(stored_1) < len(everything)  # the disk filled up part way through
    # what the first run kept before the disk filled: articles stored, pages archived
    kept_1 = {r["url"] for r in stored_1} | archived_urls(out / "warc-1")
    assert kept_1 & everything
    assert (out / "2.rc").read_text().strip() == "0", (out / "2.err").read_text()
    stored_2 = {r["url"]: r for r in map(json.loads, (out / "stored-2.jsonl").read_text().splitlines())}
    assert set(stored_2) == everything
    for record in stored_1:  # nothing the first run stored was lost or changed
        assert stored_2[record["url"]]["text"] == record["text"]
    assert (out / "query.jsonl").read_text().strip()  # and the index caught up


def archived_urls(folder: Path) -> set[str]:
    """The article URLs a crawl archived (its metadata records), read with warcio."""
    import json

    from warcio.archiveiterator import ArchiveIterator

    urls = set()
    for path in folder.glob("*.warc.gz*"):
        with path.open("rb") as fh:
            try:
                for record in ArchiveIterator(fh):
                    if record.rec_type == "metadata":
                        meta = json.loads(record.content_stream().read())
                        if meta.get("role") not in ("listing", "evidence"):
                            urls.add(meta.get("url"))
            except Exception:  # the record the full disk cut short ends the file
                pass
    return urls


def test_delays_are_capped_whoever_asks():
    from crawler.config import MAX_DELAY
    from crawler.politeness import crawl_delay_refused, site_delay

    assert site_delay(1.0, 5.0) == 5.0 and site_delay(2.0, 0.0) == 2.0
    assert site_delay(1.0, 100_000.0) == MAX_DELAY == 30.0
    assert site_delay(float("inf"), 0.0) == MAX_DELAY and site_delay(float("nan"), 0.0) == MAX_DELAY
    assert not crawl_delay_refused(None) and not crawl_delay_refused(30.0)
    assert crawl_delay_refused(30.5) and crawl_delay_refused(float("inf"))
