"""`newsearch reextract`: extraction again over the archived pages, nothing fetched.

The archive is written as the fetch writes it (crawler.archive.ArchiveWriter, real WARC
files), ingested by the real ingest (worker processes, a real Whoosh index), and then a
record is put back the way an older extractor would have left it (a cut title, a wrong
topic). The sites stay served on loopback the whole time, so a request to them would
show in their request logs: reextract must make none.
"""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from crawler.archive import ArchiveWriter
from crawler.ingest import EXTRACTOR_VERSION, Ingest, import_warcs
from crawler.lock import crawl_lock
from indexer.home import Home
from indexer.store import RecordStore
from indexer.writer import sync
from tests.conftest import run_cli
from tests.newssite import SiteServer, harbour_post, valley_times
from tests.ptyrun import PtyRun, visible

OLD_EXTRACTOR = "newsearch-extract/1"
IRAQ = "/politics/2025/11/10/iraq-agrees-returns-deal-for-rejected-asylum-seekers/"
#: the news sitemap's time for IRAQ, earlier than its JSON-LD datePublished (09:15)
IRAQ_SITEMAP = "2025-11-10T08:45:00+00:00"
#: a news sitemap read after the Valley Times story was archived gave this time
LATE_SITEMAP = "2025-11-10T10:50:00+00:00"
SUMMARY = re.compile(
    r"^Re-extracted (\d+) pages?: (\d+) changed, (\d+) unchanged, (\d+) now rejected \(kept\)(.*)$")


def archive_site(writer: ArchiveWriter, srv: SiteServer, paths: list[str] | None = None,
                 evidence: dict[str, dict[str, str]] | None = None) -> None:
    """Archive pages of a served site the way the fetch does: response, request and the
    metadata record with what the crawl knew (site, its name, listing evidence)."""
    site = srv.site
    for path in paths if paths is not None else [a.path for a in site.articles]:
        page = site.pages[path]
        meta = {"site": f"{srv.host}:{srv.port}", "site_name": site.name, "site_url": srv.base_url + "/",
                "url": srv.url(path), "evidence": (evidence or {}).get(path, {})}
        writer.write_response(srv.url(path), page.status, [("Content-Type", page.content_type), ("Server", "test")],
                              site.body(path), meta, request_headers=[("User-Agent", "newsearch-test")])


def valley_late(vt: SiteServer) -> str:
    return vt.site.articles[0].path  # the Valley Times returns story of 10 November


@pytest.fixture
def archived(tmp_path):
    """Both sites served and archived in two WARC files (Valley Times, then the Harbour
    Post with its about page), late sitemap evidence for one story, all ingested."""
    home = Home(tmp_path / "home")
    with SiteServer(harbour_post(), host="127.0.0.1") as hp, SiteServer(valley_times(), host="127.0.0.2") as vt:
        writer = ArchiveWriter(home.root / "warc")
        archive_site(writer, vt)
        writer.close()  # file 1: the Valley Times
        archive_site(writer, hp, [a.path for a in hp.site.articles] + ["/about/"],
                     evidence={IRAQ: {"via": "news-sitemap", "date": IRAQ_SITEMAP, "title": "Iraq agrees returns deal for rejected asylum seekers"}})
        writer.write_evidence(vt.url(valley_late(vt)), {"site": f"{vt.host}:{vt.port}",
                                                         "evidence": {"via": "news-sitemap", "date": LATE_SITEMAP}})
        writer.close()  # file 2: the Harbour Post, and the late evidence
        result = Ingest(home, workers=2).run_archive()
        assert result.total("new") == 16 and result.summary()["rejected"] == {"not-an-article-page": 1}, result.summary()
        hp.clear()
        vt.clear()
        yield home, hp, vt


def records(home: Home) -> dict[str, dict]:
    with RecordStore(home.records_db) as store:
        return {r["url"]: r for r in store.iter_records()}


def as_older_extractor(home: Home, url: str, **fields: object) -> None:
    """Make the stored record of *url* what an older extractor gave, and index it so."""
    with RecordStore(home.records_db) as store:
        record = store.get(url)
        assert record is not None, url
        record.update(fields, extractor=OLD_EXTRACTOR)
        store.put(record)
    sync(home)


def titles_found(home: Path | Home, text: str) -> list[str]:
    root = home.root if isinstance(home, Home) else home
    out = run_cli(root, "query", text, "--json", "--all-copies")
    assert out.returncode in (0, 1), out.stderr
    return [json.loads(line)["title"] for line in out.stdout.splitlines()]


def test_reextract_fixes_older_output_keeps_sitemap_dates_and_fetches_nothing(archived):
    home, hp, vt = archived
    iraq, late = hp.url(IRAQ), vt.url(valley_late(vt))
    before = records(home)
    # the evidence of the crawl dated both stories: the page's own, and the late one
    assert (before[iraq]["date"], before[iraq]["date_source"]) == (IRAQ_SITEMAP, "news-sitemap")
    assert (before[late]["date"], before[late]["date_source"]) == (LATE_SITEMAP, "news-sitemap")
    vt_other = vt.url(vt.site.articles[1].path)
    as_older_extractor(home, iraq, title="Zanzibar agrees")
    as_older_extractor(home, late, title="Zanzibar council story")
    as_older_extractor(home, vt_other, topics=["arts"], authors=[])  # not title/text/date: still a change
    assert len(titles_found(home, "Zanzibar")) == 2

    out = run_cli(home.root, "reextract")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1, out.stdout
    match = SUMMARY.match(lines[0])
    assert match and match.groups()[:4] == ("17", "3", "13", "0"), lines[0]  # 16 articles and the about page
    assert match.group(5).startswith(", 1 still not articles; 3 made by an older extractor; index rebuilt in ")
    assert out.stderr == ""  # no progress line off a terminal

    after = records(home)
    assert set(after) == set(before)
    for url in (iraq, late, vt_other):
        assert {k: v for k, v in after[url].items() if k != "crawled_at"} == \
               {k: v for k, v in before[url].items() if k != "crawled_at"}, url
    assert (after[iraq]["date"], after[iraq]["date_source"]) == (IRAQ_SITEMAP, "news-sitemap")
    assert (after[late]["date"], after[late]["date_source"]) == (LATE_SITEMAP, "news-sitemap")
    assert {r["extractor"] for r in after.values()} == {EXTRACTOR_VERSION}
    assert titles_found(home, "Zanzibar") == []
    assert before[iraq]["title"] in titles_found(home, "Iraq returns deal")
    assert hp.paths_fetched() == [] and vt.paths_fetched() == []  # nothing fetched
    log = home.log_file.read_text(encoding="utf-8")
    assert re.search(rf"\treextract:changed\t{re.escape(vt_other)}\tauthors, topics\n", log), log[-2000:]

    # run again: the same extractor gives the same records, and the index is left alone
    again = run_cli(home.root, "reextract")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == (
        "Re-extracted 17 pages: 0 changed, 16 unchanged, 0 now rejected (kept), 1 still not articles; index unchanged")


def test_since_and_source_limit_what_is_reextracted(archived):
    home, hp, vt = archived
    vt_story = vt.url(vt.site.articles[0].path)  # 2025-11-10
    hp_new = hp.url(IRAQ)  # 2025-11-10
    hp_old = hp.url(min(hp.site.articles, key=lambda a: a.published).path)  # March 2025
    for url in (vt_story, hp_new, hp_old):
        as_older_extractor(home, url, title="Zanzibar " + url[-12:])

    out = run_cli(home.root, "reextract", "--source", "Valley Times")
    assert out.returncode == 0, out.stderr
    assert SUMMARY.match(out.stdout).groups()[:4] == ("7", "1", "6", "0"), out.stdout
    after = records(home)
    assert not after[vt_story]["title"].startswith("Zanzibar")
    assert after[hp_new]["title"].startswith("Zanzibar") and after[hp_old]["title"].startswith("Zanzibar")

    out = run_cli(home.root, "reextract", "--source", "harbour post", "--since", "2025-11-01")
    assert out.returncode == 0, out.stderr
    dated = [a for a in hp.site.articles if a.published.date().isoformat() >= "2025-11-01"]
    assert SUMMARY.match(out.stdout).groups()[:4] == (str(len(dated)), "1", str(len(dated) - 1), "0"), out.stdout
    after = records(home)
    assert not after[hp_new]["title"].startswith("Zanzibar")
    assert after[hp_old]["title"].startswith("Zanzibar")  # before --since: left as it was
    assert hp.paths_fetched() == [] and vt.paths_fetched() == []

    bad = run_cli(home.root, "reextract", "--since", "last tuesday")
    assert bad.returncode == 2 and "not a date" in bad.stderr


def test_now_rejected_and_unarchived_records_are_kept(archived):
    home, hp, vt = archived
    about = hp.url("/about/")
    # an older extractor took the about page for an article; the current one rejects it
    with RecordStore(home.records_db) as store:
        record = dict(next(iter(records(home).values())), url=about, title="About the Harbour Post",
                      text="Zanzibar " * 80, extractor=OLD_EXTRACTOR, fingerprint=None, duplicate_of=None)
        store.put(record)
    # the Valley Times file is gone (deleted by hand, or by retention): its records stay as they are
    first = sorted((home.root / "warc").glob("*.warc.gz"))[0]
    first.unlink()
    vt_story = vt.url(vt.site.articles[2].path)
    as_older_extractor(home, vt_story, title="Zanzibar valley story")

    out = run_cli(home.root, "reextract")
    assert out.returncode == 0, out.stderr
    assert SUMMARY.match(out.stdout).groups()[:4] == ("10", "0", "9", "1"), out.stdout
    assert "1 made by an older extractor" in out.stdout
    after = records(home)
    assert after[about]["title"] == "About the Harbour Post"  # kept
    assert after[vt_story]["title"] == "Zanzibar valley story"  # no page to redo it from
    assert sorted(titles_found(home, "Zanzibar")) == ["About the Harbour Post", "Zanzibar valley story"]
    log = home.log_file.read_text(encoding="utf-8")
    assert f"\treextract:rejected:not-an-article-page\t{about}\trecord kept as it was\n" in log


def test_imported_files_are_reextracted_while_they_exist(tmp_path):
    home = Home(tmp_path / "home")
    elsewhere = tmp_path / "cc-news"
    with SiteServer(valley_times(), host="127.0.0.2") as vt:
        writer = ArchiveWriter(elsewhere, prefix="CC-NEWS")
        for article in vt.site.articles:  # a WARC from elsewhere: no metadata of ours
            writer.write_response(vt.url(article.path), 200, [("Content-Type", "text/html; charset=utf-8")],
                                  vt.site.body(article.path), {})
        writer.close()
        result = import_warcs(home, [elsewhere], workers=1)
        assert result.total("new") == len(vt.site.articles)
        story = vt.url(vt.site.articles[0].path)
        as_older_extractor(home, story, title="Zanzibar import")

        out = run_cli(home.root, "reextract")
        assert out.returncode == 0, out.stderr
        assert SUMMARY.match(out.stdout).groups()[:4] == ("7", "1", "6", "0"), out.stdout
        assert not records(home)[story]["title"].startswith("Zanzibar")

        shutil.rmtree(elsewhere)
        as_older_extractor(home, story, title="Zanzibar import")
        out = run_cli(home.root, "reextract")
        assert out.returncode == 0, out.stderr
        assert "nothing to re-extract: the 1 imported WARC file it came from is no longer on disk" in out.stderr
        assert records(home)[story]["title"] == "Zanzibar import"
        assert vt.paths_fetched() == []


def test_reextract_waits_for_no_one_and_says_so(archived, tmp_path):
    home, _, _ = archived
    with crawl_lock(home.root / "ingest.lock"):  # an ingest (a crawl's, or `import`) is writing
        out = run_cli(home.root, "reextract")
    assert out.returncode == 3
    assert out.stdout == ""
    assert re.fullmatch(r"Error: another ingest is already writing this home \(pid \d+\); "
                        r"run reextract when it has finished\.\n", out.stderr), out.stderr

    home.sites_file.write_text('[crawl]\nworkers = 1\n[archive]\nkeep = "forever"\n', encoding="utf-8")
    bad = run_cli(home.root, "reextract")  # it reads the sites file for its workers: a bad one is said so
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith(f"Error: {home.sites_file}: [archive] keep must be ") and bad.stderr.count("\n") == 1
    home.sites_file.write_text('[crawl]\nworkers = 1\n[archive]\nkeep = "30d"\n', encoding="utf-8")
    assert SUMMARY.match(run_cli(home.root, "reextract").stdout)

    empty = run_cli(tmp_path / "nothing-here", "reextract")
    assert empty.returncode == 0 and "nothing to re-extract" in empty.stderr
    assert not (tmp_path / "nothing-here").exists()


def test_progress_on_a_terminal(archived):
    home, hp, _ = archived
    as_older_extractor(home, hp.url(IRAQ), title="Zanzibar agrees")
    run = PtyRun(home.root, "reextract")
    assert run.wait(timeout=120) == 0
    raw = run.text()
    assert "re-extracting: " in raw and "/17 pages" in raw  # the progress line, rewritten in place
    last = visible(raw).replace("\r", "\n").strip().splitlines()[-1]
    assert last.startswith("Re-extracted 17 pages: 1 changed, 15 unchanged, 0 now rejected (kept)"), raw
    # one record in 16 changed: the index is updated with it, not rebuilt
    assert re.search(r"; 1 made by an older extractor; index updated in \d+\.\d s$", last), last
    assert titles_found(home, "Zanzibar") == []
    assert titles_found(home, "Iraq agrees returns deal").count(records(home)[hp.url(IRAQ)]["title"]) == 1


def test_pages_that_give_one_record_are_judged_once(archived):
    """The story fetched again (edited), and a copy of it at another URL naming it as
    canonical: the ingest stored the last of them; re-extraction ends the same, and
    says nothing changed (it does not count each page against the other)."""
    home, hp, _ = archived
    original = hp.site.body(IRAQ)
    edits = {hp.url(IRAQ): original.replace(b"Baghdad", b"Basra"),
             hp.url(IRAQ) + "?page=1": original.replace(b"Baghdad", b"Mosul")}
    writer = ArchiveWriter(home.root / "warc")
    for url, body in edits.items():
        meta = {"site": f"{hp.host}:{hp.port}", "site_name": hp.site.name, "url": url,
                "evidence": {"via": "news-sitemap", "date": IRAQ_SITEMAP}}
        writer.write_response(url, 200, [("Content-Type", "text/html; charset=utf-8")], body, meta)
    writer.close()
    Ingest(home, workers=1).run_archive()
    assert "Mosul" in records(home)[hp.url(IRAQ)]["text"]  # the last page stored wins

    out = run_cli(home.root, "reextract")
    assert out.returncode == 0, out.stderr
    # 7 + 9 articles (the story from its newest fetch), the about page, and the copy
    assert out.stdout.strip() == ("Re-extracted 18 pages: 0 changed, 16 unchanged, 0 now rejected (kept), "
                                  "1 still not articles, 1 more copy of these articles; index unchanged")
    assert "Mosul" in records(home)[hp.url(IRAQ)]["text"]
