"""`newsearch query`, `show`, `stats`, `export` and `reindex` through the CLI, on an
index built by a real crawl of the two test sites."""
from __future__ import annotations

import csv
import io
import json
import shutil
import threading

import pytest
from click.testing import CliRunner

from search_cli.main import cli

FIELDS = {"url", "title", "date", "topics", "source", "author", "language", "score", "snippet"}


@pytest.fixture
def home(crawled_home, tmp_path):
    """A private copy of the crawled home, so a test may write to it."""
    copy = tmp_path / "home"
    shutil.copytree(crawled_home, copy)
    return copy


def run(home, *args):
    return CliRunner().invoke(cli, ["--home", str(home), *args])


def hits(home, *args):
    result = run(home, "query", *args, "--json")
    assert result.exit_code == 0, result.output + result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_iraq_returns_ranks_the_returns_deal_first(crawled_home):
    found = hits(crawled_home, "Iraq returns")
    titles = [h["title"] for h in found]
    assert titles[0] == "Iraq agrees returns deal for rejected asylum seekers"
    for other in ("Millions yet to file tax returns as January deadline nears",
                  "Shops extend returns window for Christmas gifts",
                  "Iraq keep World Cup hopes alive with late winner"):
        assert other in titles and titles.index(other) > 0


def test_json_lines_carry_every_field(crawled_home):
    first = hits(crawled_home, "Iraq returns")[0]
    assert FIELDS <= set(first)
    assert first["source"] == "The Harbour Post"
    assert first["date"] == "2025-11-10T09:15:00+00:00"
    assert first["topics"] == ["politics"]
    assert first["language"] == "en"
    assert first["author"] and isinstance(first["score"], float) and first["score"] > 0
    assert "Iraq" in first["snippet"]
    assert first["url"].endswith("/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/")


def test_a_wire_copy_is_shown_once_with_its_other_source(crawled_home):
    found = hits(crawled_home, "rejected asylum seekers")
    deal = [h for h in found if "asylum" in h["title"]]
    assert len(deal) == 1 and deal[0]["other_sources"] == ["Valley Times"]
    every = [h for h in hits(crawled_home, "rejected asylum seekers", "--all-copies") if "asylum" in h["title"]]
    assert {h["source"] for h in every} == {"The Harbour Post", "Valley Times"}


def test_stemming_finds_other_forms_of_a_word(crawled_home):
    assert any("returns deal" in h["title"] for h in hits(crawled_home, "agreeing returning"))


def test_phrases_match_only_the_words_in_order(crawled_home):
    found = hits(crawled_home, '"small boat"')
    assert [h["title"] for h in found] == ["Small boat crossings rise as calm weather returns to the Channel"]


def test_prefix_and_boolean_queries(crawled_home):
    assert any("comet" in h["title"].lower() for h in hits(crawled_home, "com*t"))
    titles = [h["title"] for h in hits(crawled_home, "returns NOT Iraq")]
    assert titles and not any("Iraq" in t for t in titles)


def test_topic_source_and_language_filters(crawled_home):
    sport = hits(crawled_home, "Iraq", "--topic", "football")  # an alias of sport
    assert sport and all("sport" in h["topics"] for h in sport)
    # the same alias in the query's topic: field
    assert [h["url"] for h in hits(crawled_home, "Iraq topic:football")] == [h["url"] for h in hits(crawled_home, "Iraq topic:sport")]
    assert hits(crawled_home, "Iraq topic:football")
    vt = hits(crawled_home, "returns", "--source", "Valley Times")
    assert vt and {h["source"] for h in vt} == {"Valley Times"}
    assert hits(crawled_home, "returns", "--lang", "de") == []


def test_a_source_or_language_that_matches_no_article_is_named(crawled_home):
    typo = run(crawled_home, "query", "iraq", "--source", "Valey Times")
    assert typo.exit_code == 0 and "No articles found." in typo.stderr
    assert "Warning: no article's source matches 'Valey Times'" in typo.stderr
    lang = run(crawled_home, "query", "iraq", "--lang", "english")
    assert "Warning: no article is in the language 'english'" in lang.stderr
    # a real source with no match for the words: nothing to warn about
    quiet = run(crawled_home, "query", "volcano", "--source", "Valley Times", "--lang", "en")
    assert "No articles found." in quiet.stderr and "Warning" not in quiet.stderr


def test_date_filters_use_publication_days(crawled_home):
    found = hits(crawled_home, "returns", "--since", "2025-11-05", "--until", "2025-11-10")
    assert found and all("2025-11-05" <= h["date"][:10] <= "2025-11-10" for h in found)
    assert "Millions yet to file tax returns as January deadline nears" not in [h["title"] for h in found]


def test_a_month_until_keeps_the_whole_month(crawled_home):
    # "--until 2025-11" is up to the end of November, not its first day
    whole = hits(crawled_home, "said", "--since", "2025-11", "--until", "2025-11", "--limit", "50")
    days = [h["date"][:10] for h in whole]
    assert days and all(d.startswith("2025-11") for d in days) and max(days) > "2025-11-01"
    assert len(whole) == len(hits(crawled_home, "said", "--since", "2025-11-01", "--until", "2025-11-30", "--limit", "50"))


def test_sort_by_date_is_newest_first(crawled_home):
    dates = [h["date"] for h in hits(crawled_home, "said", "--sort", "date", "--limit", "50")]
    assert len(dates) > 5 and dates == sorted(dates, reverse=True)


def test_limit_and_pages_do_not_overlap(crawled_home):
    one = hits(crawled_home, "said", "--limit", "3")
    two = hits(crawled_home, "said", "--limit", "3", "--page", "2")
    assert len(one) == 3 and len(two) == 3 and not {h["url"] for h in one} & {h["url"] for h in two}


def test_did_you_mean(crawled_home):
    result = run(crawled_home, "query", "asylm")
    assert result.exit_code == 0
    assert "Did you mean: asylum" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_export_from_a_home_with_no_index_writes_nothing(tmp_path, fmt):
    # `newsearch export --format csv > out.csv` in cron: no header-only file that looks valid
    result = run(tmp_path / "empty", "export", "--format", fmt)
    assert result.exit_code == 1 and result.stdout == ""
    assert "Error:" in result.stderr


def test_a_snippet_cut_from_a_longer_text_says_so_with_an_ellipsis(crawled_home):
    records = {json.loads(x)["url"]: json.loads(x) for x in run(crawled_home, "export").stdout.splitlines()}
    checked = 0
    for hit in hits(crawled_home, "said", "--limit", "20"):
        text = " ".join(records[hit["url"]]["text"].split())
        body = hit["snippet"].removeprefix("… ").removesuffix(" …").split(" … ")
        if body[-1] in text and not text.endswith(body[-1]):
            assert hit["snippet"].endswith(" …"), hit["snippet"]
            checked += 1
    assert checked  # the loopback stories are longer than a snippet


def test_an_empty_export_query_is_refused_as_an_empty_query_is(crawled_home):
    for args in (["export", "--query", ""], ["query", ""]):
        result = run(crawled_home, *args)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.strip() == "Error: the query is empty"


def test_no_index_says_how_to_make_one(tmp_path):
    result = run(tmp_path / "empty", "query", "anything")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: no index in {tmp_path / 'empty'}. Run `newsearch crawl` to build one (or `newsearch sites add URL` first)."
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--since", "last tuesday"], "not a date: 'last tuesday'"),
        (["--topic", "gossip"], "unknown topic 'gossip'"),
        (["--since", "2025-12-01", "--until", "2025-01-01"], "--since 2025-12-01 is after --until 2025-01-01"),
        (["--limit", "0"], "0 is not in the range"),
    ],
)
def test_bad_options_are_usage_errors(crawled_home, args, message):
    result = run(crawled_home, "query", "x", *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "text, message",
    [
        ("date:[2025 to 2026]", "the field 'date' cannot be searched"),
        ("   ", "the query is empty"),
        ("AND", "has no words to search for"),
    ],
)
def test_unusable_queries_get_a_clear_message(crawled_home, text, message):
    result = run(crawled_home, "query", text)
    assert result.exit_code == 1
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_index_of_another_schema_version_asks_for_reindex(home):
    (home / "index" / "newsearch.json").write_text('{"schema_version": 0}')
    result = run(home, "query", "Iraq")
    assert result.exit_code == 1
    assert "Run `newsearch reindex`" in result.stderr
    assert run(home, "reindex").exit_code == 0
    assert hits(home, "Iraq returns")[0]["title"] == "Iraq agrees returns deal for rejected asylum seekers"


def test_reindex_round_trip_gives_the_same_answers(home):
    before = hits(home, "returns", "--limit", "20")
    shutil.rmtree(home / "index")
    result = run(home, "reindex")
    assert result.exit_code == 0 and result.stdout.startswith("reindexed 16 articles")
    after = hits(home, "returns", "--limit", "20")
    assert [h["url"] for h in after] == [h["url"] for h in before]


def test_show_prints_the_whole_record(crawled_home):
    url = hits(crawled_home, "Iraq returns")[0]["url"]
    result = run(crawled_home, "show", url + "?utm_source=x")  # any form of the URL
    assert result.exit_code == 0
    assert result.stdout.startswith("Iraq agrees returns deal for rejected asylum seekers\n")
    assert "date_source:  news-sitemap" in result.stdout
    missing = run(crawled_home, "show", "http://127.0.0.1:1/nothing")
    assert missing.exit_code == 1 and missing.stderr.strip() == "Error: no article with the URL http://127.0.0.1:1/nothing"


def test_stats_counts_sources_and_topics(crawled_home):
    data = json.loads(run(crawled_home, "stats", "--json").stdout)
    assert data["articles"] == 16 and data["stories"] == 15
    assert data["per_source"] == {"The Harbour Post": 9, "Valley Times": 7}
    assert data["last_crawl"]["new"] == 16
    # times as ISO 8601 in UTC, as the archive's oldest file is given
    from datetime import datetime, timedelta
    started, finished = (datetime.fromisoformat(data["last_crawl"][k]) for k in ("started", "finished"))
    assert started.utcoffset() == timedelta(0) and started <= finished
    text = run(crawled_home, "stats").stdout
    assert "last crawl: " in text and "\nper day (last 4 weeks):\n\n" not in text  # no heading over nothing


def test_export_everything_as_jsonl_and_csv(crawled_home):
    lines = run(crawled_home, "export").stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 16
    assert {"url", "title", "text", "date", "authors", "topics", "source", "fingerprint", "duplicate_of"} <= set(records[0])
    rows = list(csv.DictReader(io.StringIO(run(crawled_home, "export", "--format", "csv").stdout)))
    assert [r["url"] for r in rows] == [r["url"] for r in records]
    assert rows[0]["text"] == records[0]["text"]


def test_export_filters_and_query(crawled_home):
    sport = [json.loads(x) for x in run(crawled_home, "export", "--topic", "sport").stdout.splitlines()]
    assert sport and all("sport" in r["topics"] for r in sport)
    found = [json.loads(x) for x in run(crawled_home, "export", "--query", '"small boat"').stdout.splitlines()]
    assert [r["title"] for r in found] == ["Small boat crossings rise as calm weather returns to the Channel"]


def test_queries_answer_while_a_writer_commits(home):
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import sync

    errors: list[BaseException] = []

    def write():
        try:
            with RecordStore(Home(home).records_db) as store:
                store.mark_all_unindexed()
            sync(Home(home))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    writer = threading.Thread(target=write)
    writer.start()
    answers = [hits(home, "Iraq returns")[0]["title"] for _ in range(5)]
    writer.join()
    assert not errors
    assert set(answers) == {"Iraq agrees returns deal for rejected asylum seekers"}


def test_reindex_waits_for_no_crawl(home):
    import os

    from crawler.lock import crawl_lock

    with crawl_lock(home / "crawl.lock"):
        result = run(home, "reindex")
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"Error: another crawl is already running (pid {os.getpid()}); run reindex when it has finished."
    )


def test_a_second_writer_waits_then_fails_clearly(home):
    from indexer.errors import IndexBusyError
    from indexer.home import Home
    from indexer.writer import open_index, write_documents

    ix = open_index(Home(home))
    holder = ix.writer()
    try:
        with pytest.raises(IndexBusyError, match="another process has been writing the index for over 1 s"):
            write_documents(ix, [{"url": "https://x/1", "title": "t", "text": "x"}], timeout=1.0)
    finally:
        holder.cancel()


def test_a_writer_killed_mid_commit_leaves_the_last_index_whole(home):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    before = hits(home, "Iraq returns")
    script = (
        "import sys\n"
        "from indexer.home import Home\n"
        "from indexer.writer import open_index, write_documents\n"
        "ix = open_index(Home(__import__('pathlib').Path(sys.argv[1])))\n"
        "docs = ({'url': f'https://junk.example/{i}', 'title': f'junk {i}', 'text': 'returns Iraq ' * 200} for i in range(10**6))\n"
        "print('writing', flush=True)\n"
        "write_documents(ix, docs)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(home)], cwd=ROOT, stdout=subprocess.PIPE,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.stdout.readline() == b"writing\n"
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert hits(home, "Iraq returns") == before  # nothing half-written shows, nothing is lost
    result = run(home, "reindex")  # and the next writer gets the lock (flock died with the process)
    assert result.exit_code == 0, result.stderr


def test_export_filters_match_query_filters(crawled_home):
    assert run(crawled_home, "export", "--lang", "de").stdout == ""
    post = [json.loads(x) for x in run(crawled_home, "export", "--source", "post").stdout.splitlines()]
    assert len(post) == 9 and {r["source"] for r in post} == {"The Harbour Post"}


@pytest.mark.parametrize("query", ["café", "Zürich floods", "iraq ANDNOT returns", "title:", "Iraq returns",
                                   "iraq -sport", "iraq NOT sport", 'iraq -"sport today"'])
def test_did_you_mean_stays_quiet_when_it_has_nothing_better(crawled_home, query):
    assert "Did you mean" not in run(crawled_home, "query", query).stderr


def test_did_you_mean_even_when_other_words_fill_the_page(crawled_home):
    result = run(crawled_home, "query", "flod river")
    assert "Did you mean: flood river" in result.stderr


def test_minus_excludes_a_word(crawled_home):
    titles = [h["title"] for h in hits(crawled_home, "returns -iraq")]
    assert titles and not any("Iraq" in t for t in titles)


def test_stored_only_fields_cannot_be_searched(crawled_home):
    result = run(crawled_home, "query", "word_count:5")
    assert result.exit_code == 1
    assert "the field 'word_count' cannot be searched" in result.stderr


def test_the_earliest_copy_is_shown_whatever_the_index_order(tmp_path):
    """Copies indexed before their original must not be shown instead of it, nor twice across pages."""
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import sync

    home = Home(tmp_path / "h").ensure()
    with RecordStore(home.records_db) as store:
        for n in range(30):
            head = f"https://a{n}.example/story"
            for copy, hour in ((f"https://b{n}.example/story", 12), (head, 9)):  # the copy first
                store.put({"url": copy, "title": f"Harbour story {n}", "text": f"harbour crane story {n} " * 30,
                           "date": f"2025-03-{n % 28 + 1:02d}T{hour:02d}:00:00+00:00", "source": copy.split("/")[2],
                           "duplicate_of": None if copy == head else head})
    sync(home)
    seen = []
    for page in (1, 2, 3, 4):
        result = run(home.root, "query", "harbour", "--limit", "10", "--page", str(page), "--json")
        seen += [json.loads(line) for line in result.stdout.splitlines()]
    assert len(seen) == 30 and len({h["url"] for h in seen}) == 30
    assert all(h["url"].startswith("https://a") and len(h["copies"]) == 1 for h in seen)


def test_a_lost_index_is_rebuilt_whole_by_the_next_sync(home):
    from indexer.home import Home
    from indexer.writer import sync

    shutil.rmtree(home / "index")
    assert sync(Home(home)) == 16
    assert hits(home, "Iraq returns")[0]["title"] == "Iraq agrees returns deal for rejected asylum seekers"


def test_a_record_replaced_during_a_sync_is_indexed_again(tmp_path):
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import open_index, sync, write_documents

    home = Home(tmp_path / "h").ensure()
    with RecordStore(home.records_db) as store:
        store.put({"url": "https://x.example/a", "title": "Old title", "text": "old words here"})
        (records, versions), = list(store.unindexed())
        store.put({"url": "https://x.example/a", "title": "New title", "text": "new words here"})  # meanwhile
        write_documents(open_index(home, create=True), records)
        store.mark_indexed(versions)  # the old version's mark must not cover the new one
    sync(home)
    assert [h["title"] for h in hits(home.root, "words")] == ["New title"]


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda h: (h / "articles.db").write_bytes(b"not a database at all" * 100),
         "a database in the home is damaged or not newsearch's"),
        (lambda h: [p.write_bytes(b"garbage") for p in (h / "index").glob("*.toc")],
         "the index is damaged"),
    ],
)
def test_damaged_files_give_one_line_not_a_traceback(home, setup, message):
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    setup(home)
    result = subprocess.run([sys.executable, "-m", "search_cli", "--home", str(home), "query", "Iraq"],
                            capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
