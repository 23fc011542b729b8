"""`[archive] keep`: which WARC files outlive their ingest; the archive in `stats`.

Real WARC files written as the fetch writes them, ingested by the real ingest; the
retention runs at the end of the ingest, as in a crawl.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from crawler.archive import ArchiveWriter
from crawler.config import keep_days, load_config
from crawler.ingest import Ingest, import_warcs
from crawler.retention import apply_retention
from indexer.home import Home
from tests.conftest import run_cli
from tests.newssite import SiteServer, harbour_post, valley_times


ROOT = Path(__file__).resolve().parent.parent
#: A fetch process that archives one page, says which file it writes, and keeps it open
#: until its standard input closes.
GROWING = """
import sys
from pathlib import Path
from crawler.archive import ArchiveWriter
writer = ArchiveWriter(Path(sys.argv[1]))
writer.write_response(sys.argv[2], 200, [("Content-Type", "text/html")], b"<html><p>half a crawl</p></html>", {})
print(writer.path, flush=True)
sys.stdin.read()
writer.close()
"""


def write_site(writer: ArchiveWriter, srv: SiteServer) -> Path:
    """Archive a served site's articles as the fetch does; returns the file written."""
    for article in srv.site.articles:
        url = srv.url(article.path)
        meta = {"site": f"{srv.host}:{srv.port}", "site_name": srv.site.name, "url": url, "evidence": {}}
        writer.write_response(url, 200, [("Content-Type", "text/html; charset=utf-8")], srv.site.body(article.path), meta)
    path = writer.path
    assert path is not None
    writer.close()
    return path.with_name(path.name.removesuffix(".open"))


def ingest(home: Home, keep: str) -> None:
    run = Ingest(home, workers=1)
    run.keep = keep
    run.run_archive()


@pytest.mark.parametrize("text, days, stored", [
    ('"all"', None, "all"), ('"none"', 0, "none"), ('"30d"', 30, "30d"), ('"7 D"', 7, "7d"), ('"ALL"', None, "all"),
])
def test_keep_values(tmp_path, text, days, stored):
    path = tmp_path / "sites.toml"
    path.write_text(f"[archive]\nkeep = {text}\n", encoding="utf-8")
    config = load_config(path)
    assert config.archive_keep == stored and keep_days(config.archive_keep) == days


@pytest.mark.parametrize("body, says", [
    ('[archive]\nkeep = "banana"\n', """[archive] keep must be "all", "none" or a number of days such as "30d", not 'banana'"""),
    ("[archive]\nkeep = 30\n", '[archive] keep must be "all", "none" or a number of days such as "30d", not 30'),
    ('[archive]\nkept = "all"\n', "unknown setting [archive] kept (known: keep)"),
])
def test_bad_keep_is_one_line_naming_the_file(tmp_path, body, says):
    home = tmp_path / "home"
    home.mkdir()
    (home / "sites.toml").write_text(body, encoding="utf-8")
    out = run_cli(home, "crawl")  # refused before anything is fetched (no site is served)
    assert out.returncode == 1
    assert out.stderr == f"Error: {home / 'sites.toml'}: {says}\n"


def test_sites_add_keeps_the_keep_setting(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "sites.toml").write_text('[archive]\nkeep = "30d"\n', encoding="utf-8")
    assert run_cli(home, "sites", "add", "https://news.example.org/").returncode == 0
    assert load_config(home / "sites.toml").archive_keep == "30d"


def test_retention_deletes_only_finished_files_of_the_home(tmp_path):
    home = Home(tmp_path / "home")
    folder = home.root / "warc"
    with SiteServer(valley_times(), host="127.0.0.2") as vt, SiteServer(harbour_post(), host="127.0.0.1") as hp:
        writer = ArchiveWriter(folder)
        old = write_site(writer, vt)
        time.sleep(1.1)  # file names carry the second they were started
        recent = write_site(writer, hp)
        ingest(home, "30d")
        assert old.exists() and recent.exists()  # both written just now
        month_ago = time.time() - 40 * 86400
        os.utime(old, (month_ago, month_ago))
        ingest(home, "30d")
        assert not old.exists() and recent.exists()  # deleted once ingested and older than 30 days

        # a file still being written, and one the ingest has not read yet
        time.sleep(1.1)
        unread = write_site(ArchiveWriter(folder), vt)
        fetch = subprocess.Popen(  # the fetch: another process, writing its file still
            [sys.executable, "-c", GROWING, str(folder), vt.url(vt.site.articles[0].path)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        growing = Path(fetch.stdout.readline().strip())
        assert growing.name.endswith(".warc.gz.open"), growing
        # and an imported file, which is the user's
        elsewhere = tmp_path / "cc-news"
        import_warcs(home, [write_site(ArchiveWriter(elsewhere, prefix="CC-NEWS"), vt)], workers=1)

        stats = run_cli(home.root, "stats", "--json")
        assert stats.returncode == 0, stats.stderr
        archive = json.loads(stats.stdout)["archive"]
        on_disk = [recent, unread, growing]
        assert archive["files"] == 3
        assert archive["bytes"] == sum(p.stat().st_size for p in on_disk)
        stamp = recent.name.split("-")[1]
        assert archive["oldest"] == datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc).isoformat()
        assert archive["pending_files"] == 2  # the unread and the growing file
        assert archive["pending_bytes"] == unread.stat().st_size + growing.stat().st_size
        text = run_cli(home.root, "stats").stdout
        assert f"archive: 3 WARC files, {archive['bytes'] / 1e6:.1f} MB, oldest started " \
               f"{archive['oldest'][:16].replace('T', ' ')} UTC; 2 files not fully ingested" in text

        assert apply_retention(home, "none") == [recent]  # only the finished one
        assert unread.exists() and growing.exists()
        ingest(home, "none")  # reads the unread file, then deletes it
        assert not unread.exists() and growing.exists()  # never a file still being written
        assert list(elsewhere.iterdir())  # imported files stay
        fetch.communicate("", timeout=30)  # the fetch closes its file

        out = run_cli(home.root, "reextract")  # keep = "none": only the imported file is left to redo
        assert out.returncode == 0, out.stderr
        assert out.stdout.startswith("Re-extracted 7 pages: 0 changed, 7 unchanged"), out.stdout
        assert vt.paths_fetched() == [] and hp.paths_fetched() == []
    # the records outlive their files
    assert json.loads(run_cli(home.root, "stats", "--json").stdout)["articles"] == 16


def test_stats_of_a_home_without_archive(tmp_path):
    home = Home(tmp_path / "home")
    with SiteServer(valley_times(), host="127.0.0.2") as vt:
        import_warcs(home, [write_site(ArchiveWriter(tmp_path / "elsewhere"), vt)], workers=1)
    data = json.loads(run_cli(home.root, "stats", "--json").stdout)
    assert data["articles"] == 7
    assert data["archive"] == {"files": 0, "bytes": 0, "oldest": None, "pending_files": 0, "pending_bytes": 0}
    assert "archive: no WARC files" in run_cli(home.root, "stats").stdout
