"""Requests per run on a site of hundreds of listings around few articles, and the
crawl's peak memory against sites that attack its fan-out.

The big site (tests/loopsites.py ``BigSite``): 30 sections and 400 tag pages linked
from the home page, each paginated ``?page=2`` to ``?page=29`` with every page
linking every other and cross-linking tags; 50 articles; no sitemap, no feed.
``newsearch crawl URL --delay 0`` runs ``--runs`` times (4) from an empty home (a first
run, then incremental runs as cron makes them) with the code of ``--code`` (default: this checkout; give the
main checkout for the "before" figures). The hostile sites (``HostileSite``): an
endless sitemap index, a gzipped sitemap of a million URLs, a home page of 300,000
links; one run each with ``--max-pages 5``, peak RSS of the crawl's whole process tree.

    PYTHONPATH=. .venv/bin/python benchmarks/listings.py [--code PATH] [--hostile] [--quick]
"""
from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

from benchmarks._common import ROOT, guarded_env, mib, run_measured, say, table
from tests.loopsites import BigSite, HostileSite, serve


def _kinds(paths: list[str], articles: set[str]) -> dict[str, int]:
    out = {"robots/sitemaps/feeds": 0, "listings": 0, "articles": 0}
    for p in paths:
        bare = p.split("?")[0]
        if bare in articles:
            out["articles"] += 1
        elif bare == "/robots.txt" or bare.endswith((".xml", ".gz")) or bare in ("/feed", "/rss", "/feed.xml"):
            out["robots/sitemaps/feeds"] += 1
        else:
            out["listings"] += 1
    return out


def crawl(code: Path, home: Path, url: str, *extra: str, timeout: float = 3600) -> tuple[int, float, int, str]:
    env = guarded_env(pythonpath=[code])
    run = run_measured([sys.executable, "-m", "search_cli", "--home", str(home), "crawl", url, "--delay", "0", *extra],
                       env=env, cwd=code, timeout=timeout)
    return run.rc, run.wall, run.peak_rss, run.stdout.strip() or run.stderr.strip()[-300:]


def big_site(code: Path, quick: bool, runs: int) -> None:
    site = BigSite()
    if quick:
        site.tags, site.pages_per_listing = site.tags[:40], 5
    articles = {a[0] for a in site.articles}
    rows = []
    work = Path(tempfile.mkdtemp(prefix="listings-"))
    try:
        with serve(site) as srv:
            for run in range(1, runs + 1):
                srv.requests.clear()
                rc, wall, rss, line = crawl(code, work / "home", srv.base_url + "/")
                say(f"{run}: rc={rc} {line}")
                kinds = _kinds(srv.paths(), articles)
                found = len(articles & {p.split("?")[0] for p in srv.paths()})
                rows.append([run, len(srv.requests), kinds["listings"], kinds["articles"], kinds["robots/sitemaps/feeds"],
                             found, round(wall, 1)])
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\n### Big site ({len(site.sections)} sections + {len(site.tags)} tags x {site.pages_per_listing} pages, "
          f"{len(articles)} articles), code: {code}\n")
    print(table(["run", "requests", "listing pages", "article pages", "robots/sitemaps/feeds", "article URLs fetched", "wall s"], rows))


def hostile(code: Path) -> None:
    rows = []
    for kind in ("endless-index", "huge-sitemap", "huge-home"):
        site = HostileSite(kind, links=300_000)  # 400,000 links would be over the 20 MB page limit
        work = Path(tempfile.mkdtemp(prefix="hostile-"))
        try:
            with serve(site) as srv:
                rc, wall, rss, line = crawl(code, work / "home", srv.base_url + "/", "--time-limit", "300", "--max-pages", "5",
                                            timeout=400)
                say(f"{kind}: rc={rc} {line}")
                db = work / "home" / "state.db"
                pending = sqlite3.connect(db).execute("SELECT count(*) FROM urls WHERE status='pending'").fetchone()[0] if db.exists() else None
                size = sum(p.stat().st_size for p in db.parent.glob("state.db*"))
                rows.append([kind, len(srv.requests), round(wall, 1), round(mib(rss)), pending, round(mib(size), 1)])
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"\n### Hostile sites, code: {code}\n")
    print(table(["site", "requests", "wall s", "peak RSS MiB (tree)", "pending rows", "state.db MiB"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose newsearch is run (default: this one)")
    parser.add_argument("--hostile", action="store_true", help="also the hostile sites (peak memory)")
    parser.add_argument("--quick", action="store_true", help="a small big site, seconds long")
    parser.add_argument("--runs", type=int, default=4, help="crawls of the big site, one after the other (4)")
    args = parser.parse_args()
    big_site(args.code.resolve(), args.quick, args.runs)
    if args.hostile:
        hostile(args.code.resolve())


if __name__ == "__main__":
    main()
