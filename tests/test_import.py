"""`newsearch import`: CC-NEWS-like WARC files from elsewhere into the home.

The WARC files are written here with warcio (tests/warcs.py), in Common Crawl's news
shape, around the real pages of the shared corpus: hundreds of records, revisits,
images and PDFs, redirects and 404s, a record whose length lies, a file cut inside
its last record, one wire story on three sites, a Cyrillic percent-encoded URL,
pages in windows-1251 and Shift_JIS declared only in the HTTP header. What is
checked is what a user sees: the summary line, exit codes, the log, what `query`,
`show` and `export` give afterwards, and a run killed half way that is run again.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.ptyrun import PtyRun, visible
from tests.warcs import FUNDUS, CCNewsWarc, chunked, corpus_pages, synthetic_article

pytestmark = pytest.mark.skipif(not FUNDUS.is_dir(), reason=f"the shared corpus is absent ({FUNDUS}): "
                                "the WARC files are built from its real pages")

SUMMARY = re.compile(
    r"^Imported (?P<articles>[\d,]+) articles? \((?P<counts>[^)]*)\) from (?P<files>\d+) files? in [\d.]+ s"
    r"(?: \((?P<already>\d+) files? already imported\))?"
    r"(?:; skipped (?P<skipped>[^;]+))?(?:; (?P<damaged>\d+) damaged records? \(see crawl\.log\))?$"
)

WIRE = [
    "Engineers from three river authorities agreed on Tuesday to rebuild the Marrowby weir before the autumn "
    "floods, after a survey found that the ninety-year-old structure had moved almost a metre since January.",
    "The agreement, reached after eleven hours of talks in the town hall, commits the authorities to share a "
    "repair bill estimated at forty-two million pounds, with work starting in the first week of July.",
    "Residents downstream of the weir have twice been evacuated this year. Margaret Ollerenshaw, who chairs the "
    "Marrowby flood action group, said the decision came late but was welcome news for four hundred households.",
    "The survey, carried out by divers and a sonar boat in March, found scouring beneath the weir's eastern "
    "apron and cracks along two of its sluice gates, which have been held open since the February storm.",
    "A temporary barrier of rock-filled bags will stay in place until the new concrete apron is poured. The "
    "authorities said river levels would be watched around the clock during the works, and that footpaths "
    "along both banks would close in stages.",
    "The weir was built in 1934 to feed the mill race of a cotton works that closed in 1967. It has been listed "
    "as a structure of local interest since 1989, and the rebuilt weir will keep its stepped stone face.",
]
NO_DATE_URL = "https://www.harbourpost.example/news/harbour-wall-repaired/"
DATED_URL = "https://www.harbourpost.example/news/ferry-timetable-changes/"
CYRILLIC_URL = ("https://novosti.example.ru/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8/"
                "%D0%B2%D0%BE%D0%B4%D0%BE%D0%BF%D1%80%D0%BE%D0%B2%D0%BE%D0%B4-%D0%BE%D1%82%D1%80%D0%B5%D0%BC%D0%BE%D0%BD%D1%82%D0%B8%D1%80%D0%BE%D0%B2%D0%B0%D0%BD/")
SJIS_URL = "https://www.kouwan-shimbun.example.jp/news/20240530/harbour.html"
WIRE_URLS = ["https://www.valleytimes.example/news/marrowby-weir-rebuild/",
             "https://www.northern-echo.example/local/2024/05/31/marrowby-weir-deal/",
             "https://www.riverside-gazette.example/story/weir-to-be-rebuilt-before-floods"]
WIRE_DATES = ["2024-05-28T09:00:00+00:00", "2024-05-28T11:30:00+00:00", "2024-05-29T07:15:00+00:00"]


GZIPPED_URL = "https://www.valleytimes.example/news/lifeboat-crew-honoured/"
CHUNKED_URL = "https://www.valleytimes.example/news/allotment-society-centenary/"


def _story_page(title: str, word: str) -> str:
    paras = [f"The {word} story began on a wet Saturday in March, when volunteers met at the village hall to plan "
             f"the year ahead and agree who would lead each part of the work.",
             f"By the summer the {word} volunteers had raised more than eleven thousand pounds from raffles, a "
             "sponsored walk along the estuary and a sale of donated books and plants.",
             f"Their chair said the {word} effort showed what a small place could do when people gave an hour "
             "a week, and thanked the parish council for the loan of its trailer.",
             "Next year the group hopes to repair the slipway and open the old boathouse to visitors on "
             "two weekends in August, with a small exhibition of photographs from the archive.",
             "Anyone who wants to help can leave a note at the post office or come to the next meeting, "
             "which is on the first Thursday of the month at half past seven."]
    return synthetic_article(f"{title} marks a year of work", paras, date="2024-05-25T10:00:00+00:00")


def _warc_date(crawl_date: str | None) -> str:
    return (crawl_date or "2024-06-01T12:00:00")[:19] + "Z"


def _russian_page() -> bytes:
    paras = [
        "Городской водопровод на улице Садовой отремонтирован после трёх недель работ, сообщила администрация "
        "района в понедельник. Жители получили воду к вечеру.",
        "Трубы, проложенные в шестидесятых годах, лопнули в начале мая, когда ночью ударил поздний мороз. "
        "Сорок домов остались без холодной воды, её подвозили в цистернах дважды в день.",
        "Ремонтная бригада заменила почти триста метров труб и два колодца. По словам главы района, работы "
        "обошлись бюджету в двенадцать миллионов рублей, часть денег выделила область.",
        "Жители улицы благодарят рабочих, но просят проверить и соседние дворы: там трубы ещё старше. В "
        "администрации обещают обследовать сеть до конца лета и составить план замены.",
        "Движение транспорта по улице Садовой восстановлено полностью, асфальт на месте раскопок положат "
        "на следующей неделе, если позволит погода.",
    ]
    # no <meta charset>: only the HTTP header says windows-1251
    return synthetic_article("Водопровод отремонтирован на улице Садовой", paras, date="2024-05-27T10:00:00+03:00",
                             site="Новости").encode("cp1251")


def _japanese_page() -> bytes:
    paras = ["港湾局は三十日、老朽化した岸壁の補修工事を来月から始めると発表した。工事は約半年続き、"
             "フェリーの発着は一時的に隣の埠頭へ移される。地元の漁業協同組合も計画に同意している。"] * 6
    return synthetic_article("岸壁の補修工事、来月から", paras, date="2024-05-30T09:00:00+09:00",
                             site="港湾新聞").encode("shift_jis")


@pytest.fixture(scope="module")
def corpus():
    return corpus_pages()


@pytest.fixture(scope="module")
def warcs(tmp_path_factory, corpus):
    """Three CC-NEWS-like files in one folder, and what was written into them."""
    folder = tmp_path_factory.mktemp("ccnews")
    made = {"html": 0, "revisit": 0, "not-html": 0, "not-200": 0, "damaged": [], "records": 0}
    one = folder / "CC-NEWS-20240601120000-00001.warc.gz"
    with one.open("wb") as fh:
        w = CCNewsWarc(fh, one.name)
        for i, page in enumerate(corpus[:90]):
            w.response(page.url, page.html, date=_warc_date(page.crawl_date), content_type="text/html")
            made["html"] += 1
            if i % 30 == 5:  # the crawler came back: the same page, a revisit record
                w.revisit(page.url, page.html)
                made["revisit"] += 1
            if i == 40:
                made["damaged"].append((one.name, w.bad_length("https://www.valleytimes.example/news/lost/", page.html)))
        w.response("https://www.valleytimes.example/img/weir.jpg", b"\xff\xd8\xff\xe0" + os.urandom(2000),
                   content_type="image/jpeg")
        w.response("https://www.valleytimes.example/img/flood-map.jpg", b"\xff\xd8\xff\xe0" + os.urandom(900),
                   content_type="image/jpeg")
        w.response("https://www.valleytimes.example/reports/weir-survey.pdf", b"%PDF-1.7\n" + os.urandom(3000),
                   content_type="application/pdf")
        made["not-html"] += 3
        w.response("https://www.valleytimes.example/old-news/", b"", status=301, reason="Moved Permanently",
                   extra_headers=[("Location", "https://www.valleytimes.example/news/")])
        w.response("http://valleytimes.example/news/", b"", status=301, reason="Moved Permanently", with_request=False)
        w.response("https://www.valleytimes.example/news/gone/", b"<html><body><h1>Not found</h1></body></html>",
                   status=404, reason="Not Found")
        w.response("https://www.valleytimes.example/news/also-gone/", b"<html><body>Not found</body></html>",
                   status=404, reason="Not Found", with_request=False)
        made["not-200"] += 4
        made["records"] += w.records
    two = folder / "CC-NEWS-20240601130000-00002.warc.gz"
    with two.open("wb") as fh:
        w = CCNewsWarc(fh, two.name)
        for page in corpus[90:]:
            w.response(page.url, page.html, date=_warc_date(page.crawl_date), with_request=False,
                       content_type="text/html")
            made["html"] += 1
        for url, date in zip(WIRE_URLS, WIRE_DATES):
            site = url.split("/")[2].split(".")[1].replace("-", " ").title()
            html = synthetic_article("Marrowby weir to be rebuilt before autumn floods", WIRE, date=date, site=site)
            w.response(url, html.encode("utf-8"), date="2024-06-01T13:05:00Z")
            made["html"] += 1
        w.response(CYRILLIC_URL, _russian_page(), content_type="text/html; charset=windows-1251",
                   date="2024-06-01T13:10:00Z")
        w.response(SJIS_URL, _japanese_page(), content_type="text/html; charset=Shift_JIS",
                   date="2024-06-01T13:11:00Z")
        made["html"] += 2
        # as sent on the wire: a gzip Content-Encoding, and a chunked body
        w.response(GZIPPED_URL, gzip.compress(_story_page("Lifeboat crew", "lifeboat").encode()),
                   extra_headers=[("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")])
        w.response(CHUNKED_URL, chunked(_story_page("Allotment society", "allotment").encode()),
                   extra_headers=[("Transfer-Encoding", "chunked")])
        made["html"] += 2
        w.dns("www.valleytimes.example")  # a Heritrix-style lookup record: not a page
        made["not-http"] = 1
        made["damaged"].append((two.name, w.cut_response("https://www.valleytimes.example/news/cut-short/",
                                                          corpus[0].html)))
        made["records"] += w.records
    three = folder / "CC-NEWS-20240601140000-00003.warc.gz"
    with three.open("wb") as fh:
        w = CCNewsWarc(fh, three.name)
        paras = ["The harbour wall at the old quay was repaired this week after two winter storms had opened a "
                 "gap of several metres in it, the harbour master said, and boats may moor there again."] * 8
        w.response(NO_DATE_URL, synthetic_article("Harbour wall repaired after winter storms", paras).encode(),
                   date="2024-06-01T14:02:03Z")
        paras = ["The summer ferry timetable starts on Monday with two extra crossings on weekdays and a late "
                 "sailing on Fridays, the ferry company said, after a spring of record passenger numbers."] * 8
        w.response(DATED_URL, synthetic_article("Ferry timetable adds summer crossings", paras,
                                                date="2024-05-20T08:00:00+00:00").encode(),
                   date="2024-06-01T14:05:00Z")
        made["html"] += 2
        made["records"] += w.records
    return folder, made


@pytest.fixture(scope="module")
def imported(tmp_path_factory, warcs):
    """One import of the folder: (home, the finished process)."""
    folder, _ = warcs
    home = tmp_path_factory.mktemp("imported") / "home"
    result = run_cli(home, "import", str(folder), timeout=600)
    return home, result


def summary(stdout: str) -> dict:
    lines = stdout.strip().splitlines()
    assert len(lines) == 1, stdout
    match = SUMMARY.match(lines[0])
    assert match, lines[0]
    out = {"articles": int(match["articles"].replace(",", "")), "files": int(match["files"]),
           "already": int(match["already"] or 0), "damaged": int(match["damaged"] or 0)}
    for part in match["counts"].split(", "):
        n, kind = part.split(" ")
        out[kind] = int(n.replace(",", ""))
    out["skipped"] = {}
    for part in (match["skipped"] or "").split(", "):
        if part:
            n, kind = part.split(" ")
            out["skipped"][kind] = int(n.replace(",", ""))
    return out


def records(home: Path) -> dict[str, dict]:
    db = sqlite3.connect(f"file:{home / 'articles.db'}?mode=ro", uri=True)
    try:
        return {url: json.loads(rec) for url, rec in db.execute("SELECT url, record FROM articles")}
    finally:
        db.close()


def index_urls(home: Path) -> list[str]:
    """Every URL the Whoosh index holds, once per document in it."""
    from indexer.home import Home
    from indexer.writer import open_index

    with open_index(Home(home)).searcher() as searcher:
        return [fields["url"] for fields in searcher.all_stored_fields()]


def query_json(home: Path, *args: str) -> list[dict]:
    result = run_cli(home, "query", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


# ---- one import of three files ------------------------------------------------------------
def test_summary_line_counts_what_was_read_and_skipped(imported, warcs):
    home, result = imported
    _, made = warcs
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    got = summary(result.stdout)
    assert got["files"] == 3
    assert got["skipped"].get("revisit") == made["revisit"] == 3
    assert got["skipped"].get("not-html") == made["not-html"]
    assert got["skipped"].get("not-200") == made["not-200"]
    assert got["skipped"].get("not-http") == made["not-http"]
    assert got["damaged"] == len(made["damaged"]) == 2
    stored = records(home)
    # one URL is in the corpus twice (two saves of one taz.de page): the second updates the first
    assert got["new"] == len(stored)
    assert got["articles"] == got["new"] + got.get("updated", 0) + got.get("unchanged", 0)
    # every HTML answer is accounted for: an article, or a page that is not one
    not_articles = got["skipped"].get("not-article", 0) + got["skipped"].get("extraction-failed", 0)
    assert got["articles"] + not_articles == made["html"]
    assert got["articles"] >= 0.8 * made["html"]  # the corpus is real articles: most are kept


def test_damaged_records_are_named_with_their_offset_in_the_log(imported, warcs):
    home, _ = imported
    _, made = warcs
    log = (home / "crawl.log").read_text(encoding="utf-8")
    for name, offset in made["damaged"]:
        lines = [line for line in log.splitlines() if name in line and f"byte {offset}:" in line]
        assert lines, f"{name} at byte {offset} not in the log"
    bad_length, cut = made["damaged"]
    assert re.search(rf"{bad_length[0]}\tbyte {bad_length[1]}: Content-Length \d+ is more than", log)
    assert re.search(rf"{cut[0]}\tbyte {cut[1]}: the file ends inside a record", log)


def test_imported_articles_are_searchable(imported, corpus):
    home, _ = imported
    stored = records(home)
    hits = query_json(home, "Marrowby weir")
    assert [h["url"] for h in hits][:1] and hits[0]["url"] in WIRE_URLS
    # a real page of the corpus, found by words of its own title
    page = next(p for p in corpus if p.url in stored and p.title and "Epstein" in p.title)
    hits = query_json(home, "Epstein documents released", "--limit", "20")
    assert page.url in [h["url"] for h in hits]


def test_wire_story_on_three_sites_is_one_result(imported):
    home, _ = imported
    stored = records(home)
    copies = {url: stored[url] for url in WIRE_URLS}
    assert len(copies) == 3
    # the earliest-published copy heads the group; the others point at it
    assert copies[WIRE_URLS[0]]["duplicate_of"] is None
    assert copies[WIRE_URLS[1]]["duplicate_of"] == WIRE_URLS[0]
    assert copies[WIRE_URLS[2]]["duplicate_of"] == WIRE_URLS[0]
    assert len(query_json(home, "Marrowby weir rebuilt")) == 1
    assert {h["url"] for h in query_json(home, "Marrowby weir rebuilt", "--all-copies")} == set(WIRE_URLS)


def test_warc_date_is_the_crawl_time_never_the_publication_date(imported, corpus):
    home, _ = imported
    stored = records(home)
    undated = stored[NO_DATE_URL]
    assert undated["date"] is None  # nothing in the page dates it: the WARC date does not either
    assert undated["crawled_at"] == "2024-06-01T14:02:03+00:00"
    dated = stored[DATED_URL]
    assert dated["date"].startswith("2024-05-20")
    assert dated["crawled_at"] == "2024-06-01T14:05:00+00:00"
    # the real pages: crawled when the WARC says, published when the page says
    checked = 0
    last = {page.url: page for page in corpus}  # a URL saved twice: the later save is the record
    for page in last.values():
        rec = stored.get(page.url)
        if rec is None:
            continue
        assert rec["crawled_at"] == _warc_date(page.crawl_date).replace("Z", "+00:00")
        if rec["date"] and page.date:
            checked += 1
    assert checked >= 50


def test_encodings_declared_only_in_the_http_header(imported):
    home, _ = imported
    stored = records(home)
    # bodies archived as sent: gzip Content-Encoding and chunked transfer are undone
    assert stored[GZIPPED_URL]["title"] == "Lifeboat crew marks a year of work"
    assert "lifeboat volunteers had raised" in stored[GZIPPED_URL]["text"]
    assert "allotment volunteers had raised" in stored[CHUNKED_URL]["text"]
    russian = stored[CYRILLIC_URL]
    assert russian["title"] == "Водопровод отремонтирован на улице Садовой"
    assert "Городской водопровод на улице Садовой" in russian["text"]
    japanese = stored[SJIS_URL]
    assert japanese["title"] == "岸壁の補修工事、来月から"
    assert "港湾局は三十日" in japanese["text"]
    assert [h["url"] for h in query_json(home, "водопровод")] == [CYRILLIC_URL]
    # the URL is kept percent-encoded, as the WARC gives it, and `show` finds it so
    shown = run_cli(home, "show", CYRILLIC_URL, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["url"] == CYRILLIC_URL


def test_index_holds_every_article_once(imported):
    home, _ = imported
    urls = index_urls(home)
    assert len(urls) == len(set(urls))
    assert set(urls) == set(records(home))


def test_running_the_import_again_adds_nothing(imported, warcs):
    home, _ = imported
    folder, _ = warcs
    before = records(home)
    again = run_cli(home, "import", str(folder))
    assert again.returncode == 0, again.stderr
    got = summary(again.stdout)
    # two files are done; the cut one is read again from its cut (it may have been completed since)
    assert (got["articles"], got["files"], got["already"], got["damaged"]) == (0, 1, 2, 1)
    assert records(home) == before
    assert sorted(index_urls(home)) == sorted(before)


# ---- inputs that are wrong ----------------------------------------------------------------------
def test_missing_input_is_one_line_and_nothing_is_written(tmp_path, warcs):
    folder, _ = warcs
    home = tmp_path / "home"
    first = sorted(folder.iterdir())[0]
    result = run_cli(home, "import", str(first), str(tmp_path / "nope.warc.gz"))
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: no such file: {tmp_path / 'nope.warc.gz'}"
    assert not (home / "articles.db").exists()  # the good file before it was not imported either
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run_cli(home, "import", str(empty))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no WARC files") and "Traceback" not in result.stderr


def test_files_that_are_not_warc_are_damaged_records_not_tracebacks(tmp_path, corpus):
    html = tmp_path / "page.html"
    html.write_bytes(corpus[3].html)
    # noise without a gzip member's start (1f 8b 08) in it: a reader that finds one
    # reads on from there and reports a second damaged record (os.urandom's 20,000
    # bytes held one in about 800 runs, and a CI run found it)
    rng = random.Random(11)
    noise = tmp_path / "noise.warc.gz"
    noise.write_bytes(rng.randbytes(20_000).replace(b"\x1f\x8b", b"\x1f\x00"))
    plain_noise = tmp_path / "noise.warc"
    plain_noise.write_bytes(b"\x00garbage\r\n" + rng.randbytes(5_000).replace(b"\x1f\x8b", b"\x1f\x00"))
    home = tmp_path / "home"
    result = run_cli(home, "import", str(html), str(noise), str(plain_noise))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    got = summary(result.stdout)
    assert (got["articles"], got["files"], got["damaged"]) == (0, 3, 3)
    log = (home / "crawl.log").read_text(encoding="utf-8")
    assert "page.html\tbyte 0: not a WARC record" in log
    assert "noise.warc.gz\tbyte 0: not a gzip member" in log
    assert "noise.warc\tbyte 0: not a WARC record" in log


def test_another_ingest_holding_the_home_exits_3(tmp_path, warcs):
    from crawler.ingest import IngestLockedError
    from crawler.lock import crawl_lock

    folder, _ = warcs
    home = tmp_path / "home"
    home.mkdir()
    with crawl_lock(home / "ingest.lock", busy=IngestLockedError):
        result = run_cli(home, "import", str(folder))
    assert result.returncode == 3
    assert result.stderr.startswith(f"Error: another ingest is already writing this home (pid {os.getpid()})")
    assert result.stdout == "" and not (home / "articles.db").exists()


# ---- standard input ---------------------------------------------------------------------------------
def test_import_from_standard_input(tmp_path, warcs):
    folder, _ = warcs
    home = tmp_path / "home"
    three = sorted(folder.iterdir())[2]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)

    def from_stdin() -> subprocess.CompletedProcess[str]:
        with three.open("rb") as stdin:
            return subprocess.run([sys.executable, "-m", "search_cli", "--home", str(home), "import", "-"],
                                  stdin=stdin, capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)

    result = from_stdin()
    assert result.returncode == 0, result.stderr
    got = summary(result.stdout)
    assert (got["articles"], got["new"], got["files"]) == (2, 2, 1)
    assert set(records(home)) == {NO_DATE_URL, DATED_URL}
    assert [h["url"] for h in query_json(home, "ferry timetable")] == [DATED_URL]
    # standard input has no name to resume by: read again, every article is unchanged
    again = summary(from_stdin().stdout)
    assert (again["articles"], again["new"], again["unchanged"]) == (2, 0, 2)


# ---- a terminal, Ctrl-C, and a kill --------------------------------------------------------------
def big_warc(path: Path, corpus, n: int = 600) -> Path:
    """*n* responses of the corpus pages, each page at several hosts (varied URLs)."""
    with path.open("wb") as fh:
        w = CCNewsWarc(fh, path.name)
        for i in range(n):
            page = corpus[i % len(corpus)]
            copy = i // len(corpus)
            url = page.url.replace("://", f"://mirror{copy}.", 1) if copy else page.url
            w.response(url, page.html, date=_warc_date(page.crawl_date), with_request=i % 3 == 0,
                       content_type="text/html")
    return path


@pytest.fixture(scope="module")
def big(tmp_path_factory, corpus):
    return big_warc(tmp_path_factory.mktemp("big") / "CC-NEWS-20240602000000-00009.warc.gz", corpus)


@pytest.fixture(scope="module")
def big_whole(tmp_path_factory, big):
    """The big file imported without interruption: (home, its summary)."""
    home = tmp_path_factory.mktemp("whole") / "home"
    result = run_cli(home, "import", str(big), timeout=600)
    assert result.returncode == 0, result.stderr
    return home, summary(result.stdout)


def stored_count(home: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{home / 'articles.db'}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:  # not created yet
        return 0


def test_killed_import_resumes_and_stores_every_article_once(tmp_path, big, big_whole):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    home = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "search_cli", "--home", str(home), "import", str(big)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    deadline = time.monotonic() + 300
    while stored_count(home) == 0:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no article stored in 300 s"
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    before = stored_count(home)
    db = sqlite3.connect(f"file:{home / 'articles.db'}?mode=ro", uri=True)
    (offset, done), = db.execute("SELECT offset, done FROM warc_files").fetchall()
    db.close()
    assert not done and 0 < offset < big.stat().st_size  # killed part way through the file

    resumed = run_cli(home, "import", str(big), timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    got = summary(resumed.stdout)
    reference, want = big_whole
    # the resumed run stored exactly what the killed one had not: nothing twice, nothing lost
    assert before + got["new"] == want["new"] == len(records(reference))
    assert got.get("unchanged", 0) == 0  # nothing stored before the kill was extracted again
    assert got["damaged"] == 0 and want["damaged"] == 0
    a, b = records(home), records(reference)
    assert set(a) == set(b)
    assert {u: (r["title"], r["date"], r["duplicate_of"]) for u, r in a.items()} == \
        {u: (r["title"], r["date"], r["duplicate_of"]) for u, r in b.items()}
    urls = index_urls(home)
    assert len(urls) == len(set(urls)) == len(b)
    assert set(urls) == set(b)


def test_terminal_sees_progress_and_ctrl_c_keeps_what_was_stored(tmp_path, big, big_whole):
    total = big_whole[1]["new"]
    for attempt in range(3):  # Ctrl-C must land mid-import: on a loaded machine the poll may see it end
        home = tmp_path / f"home{attempt}"
        run = PtyRun(home, "import", str(big))
        run.wait_for(lambda: "records read" in run.text() and stored_count(home) > 0, timeout=300)
        if stored_count(home) < total:
            break
        assert run.wait(timeout=60) == 0  # it had finished: a fresh home, and try again
    else:
        pytest.fail("the import was never seen part-way through")
    run.send(b"\x03")  # some stored, not all: at least a batch and the final sync to go
    assert run.wait(timeout=60) == 130, visible(run.text())[-500:]
    text = visible(run.text())
    assert re.search(r"\d+ records read, \d+ articles new, [\d.]+ articles/s", text)
    said = re.search(r"interrupted; (\d+) new articles? stored and indexed: run the same command again", text)
    assert said and "Traceback" not in text, text
    kept = stored_count(home)
    assert kept >= int(said.group(1)) > 0
    # what was stored is searchable at once, not only after the next run
    urls = index_urls(home)
    assert len(urls) == len(set(urls)) and set(urls) == set(records(home))
    rest = run_cli(home, "import", str(big), timeout=600)
    assert rest.returncode == 0, rest.stderr
    got = summary(rest.stdout)
    assert "records read" not in rest.stderr + rest.stdout  # not a terminal: the summary only
    assert kept + got["new"] == stored_count(home) == big_whole[1]["new"]
    assert set(records(home)) == set(records(big_whole[0]))


# ---- uncompressed WARC files, and where a run resumes ------------------------------------------
def test_uncompressed_warc_by_name_and_on_standard_input(tmp_path, corpus):
    plain = tmp_path / "CC-NEWS-plain.warc"
    with plain.open("wb") as fh:
        w = CCNewsWarc(fh, plain.name, gzip=False)
        for page in corpus[:6]:
            w.response(page.url, page.html, content_type="text/html", with_request=True)
    misnamed = tmp_path / "misnamed.warc.gz"  # not gzipped whatever its name says
    misnamed.write_bytes(plain.read_bytes())
    for i, source in enumerate((plain, misnamed)):
        result = run_cli(tmp_path / f"home{i}", "import", str(source))
        assert result.returncode == 0, result.stderr
        assert summary(result.stdout)["new"] == 6, result.stdout
        assert all(len(r["text"]) > 200 for r in records(tmp_path / f"home{i}").values())
    piped = import_stdin(tmp_path / "home-stdin", plain)
    assert piped.returncode == 0, piped.stderr
    assert summary(piped.stdout)["new"] == 6


@pytest.mark.parametrize("form", ["gzip-per-record", "uncompressed", "gzipped-whole"])
def test_reading_from_an_entrys_end_gives_exactly_the_entries_after_it(tmp_path, corpus, form):
    """What resuming rests on: the offset stored with a batch is where the next run starts."""
    from crawler.archive import read_archive

    path = tmp_path / ("x.warc" if form == "uncompressed" else "x.warc.gz")
    with path.open("wb") as fh:
        w = CCNewsWarc(fh, path.name, gzip=form == "gzip-per-record")
        for i, page in enumerate(corpus[:8]):
            w.response(page.url, page.html, with_request=i % 2 == 0, content_type="text/html")
        w.revisit(corpus[0].url, corpus[0].html)
    if form == "gzipped-whole":  # `gzip x.warc`: one gzip stream of every record
        path.write_bytes(gzip.compress(path.read_bytes()))
    whole = [(e.offset, type(e.item).__name__, getattr(e.item, "url", ""), len(getattr(e.item, "body", b"")))
             for e in read_archive(path)]
    assert sum(1 for _, kind, _, size in whole if kind == "Page" and size > 1000) == 8
    for i, entry in enumerate(read_archive(path)):
        rest = [(e.offset, type(e.item).__name__, getattr(e.item, "url", ""), len(getattr(e.item, "body", b"")))
                for e in read_archive(path, entry.end)]
        assert rest == whole[i + 1:]


def test_query_does_not_load_the_import_machinery(imported):
    """`import` is registered on the same command group as `query`; the crawler (Scrapy,
    trafilatura, warcio) must stay off the query path, which starts in a fraction of a second."""
    home, _ = imported
    code = ("import sys\nfrom search_cli.main import cli\n"
            f"try:\n    cli(['--home', {str(home)!r}, 'query', 'Marrowby weir', '--json'], prog_name='newsearch')\n"
            "except SystemExit as exc:\n    assert not exc.code, exc.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('crawler', 'scrapy', 'trafilatura', 'warcio')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "marrowby" in out.stdout.lower()  # the query ran and found the story
    assert out.stdout.strip().splitlines()[-1] == "[]"


def _whole_gzip(path: Path, corpus, n: int) -> bytes:
    raw = io.BytesIO()
    w = CCNewsWarc(raw, path.name, gzip=False)
    for page in corpus[:n]:
        w.response(page.url, page.html, content_type="text/html")
    return gzip.compress(raw.getvalue())


def import_stdin(home: Path, warc: Path) -> subprocess.CompletedProcess[str]:
    """``newsearch --home HOME import -`` with *warc* piped in."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    with warc.open("rb") as stdin:
        return subprocess.run([sys.executable, "-m", "search_cli", "--home", str(home), "import", "-"],
                              stdin=stdin, capture_output=True, text=True, timeout=300, env=env, cwd=ROOT)


def test_warc_gzipped_whole_from_a_file_and_from_standard_input(tmp_path, corpus):
    whole = tmp_path / "gzipped-whole.warc.gz"
    whole.write_bytes(_whole_gzip(whole, corpus, 6))
    result = run_cli(tmp_path / "home", "import", str(whole))
    assert result.returncode == 0, result.stderr
    assert summary(result.stdout)["new"] == 6
    piped = import_stdin(tmp_path / "home2", whole)
    assert piped.returncode == 0, piped.stderr
    assert summary(piped.stdout)["new"] == 6
    cut = tmp_path / "cut-whole.warc.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    result = run_cli(tmp_path / "home3", "import", str(cut))
    assert result.returncode == 0, result.stderr
    got = summary(result.stdout)
    assert 0 < got["new"] < 6 and got["damaged"] == 1
    assert re.search(r"cut-whole.warc.gz\tbyte \d+: the file ends inside a record", (tmp_path / "home3" / "crawl.log").read_text())


def test_a_gzip_bomb_is_one_damaged_record_and_the_rest_is_read(tmp_path, corpus):
    bomb = tmp_path / "bomb.warc.gz"
    zeros = b"\0" * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    with bomb.open("wb") as fh:
        head = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 104857600\r\n\r\n"
        fh.write(comp.compress(head))
        for _ in range(100):  # 100 MiB of zeros in about 100 KiB
            fh.write(comp.compress(zeros))
        fh.write(comp.flush())
        w = CCNewsWarc(fh, bomb.name)
        for page in corpus[:3]:
            w.response(page.url, page.html, content_type="text/html")
    assert bomb.stat().st_size < 2 << 20
    home = tmp_path / "home"
    result = run_cli(home, "import", str(bomb))
    assert result.returncode == 0, result.stderr
    got = summary(result.stdout)
    assert (got["new"], got["damaged"]) == (3, 1)
    assert "bomb.warc.gz\tbyte 0: a gzip member of over 64 MiB" in (home / "crawl.log").read_text()


def test_a_cut_file_completed_later_is_read_on_from_the_cut(tmp_path, corpus):
    """A download that stopped half way, imported, then fetched whole to the same path."""
    whole = io.BytesIO()
    w = CCNewsWarc(whole, "CC-NEWS-cut.warc.gz")
    starts = [w.response(page.url, page.html, content_type="text/html", with_request=False) for page in corpus[:5]]
    path = tmp_path / "CC-NEWS-cut.warc.gz"
    path.write_bytes(whole.getvalue()[: starts[3] + 2000])  # cut inside the fourth page
    home = tmp_path / "home"
    first = summary(run_cli(home, "import", str(path)).stdout)
    assert (first["new"], first["damaged"]) == (3, 1)
    assert f"CC-NEWS-cut.warc.gz\tbyte {starts[3]}: the file ends inside a record" in (home / "crawl.log").read_text()
    path.write_bytes(whole.getvalue())
    second = run_cli(home, "import", str(path))
    assert second.returncode == 0, second.stderr
    got = summary(second.stdout)
    assert (got["new"], got.get("unchanged", 0), got["damaged"]) == (2, 0, 0)  # only the rest was read
    assert len(records(home)) == 5
    third = summary(run_cli(home, "import", str(path)).stdout)
    assert (third["articles"], third["already"]) == (0, 1)
