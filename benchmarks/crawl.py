"""Crawl throughput: newsearch against the trafilatura CLI and news-please, and against
the limit (trafilatura's own extraction CPU spread over every core).

    python benchmarks/crawl.py                  # 1,000 articles, 3 runs of each tool (~15 min)
    python benchmarks/crawl.py --profile        # ... plus one newsearch crawl under py-spy
    python benchmarks/crawl.py --quick          # 20 articles, 1 run (the smoke test)

All of it goes to the loopback benchmark site of ``benchmarks/site.py``, served from
a thread of this process (its CPU is not counted for any tool).

- **newsearch, cold**: ``newsearch --home EMPTY crawl URL --delay 0 --max-pages N``
  in a fresh process. Articles stored per second of wall time; CPU seconds per
  article of the whole process tree (``RUSAGE_CHILDREN`` around it, with this
  process as child subreaper so the forkserver's extraction workers are counted
  too); peak memory: the sum of RSS (and PSS) of every process of the tree,
  sampled from /proc every 0.2 s.
- **newsearch, incremental**: the same command again on the unchanged site: wall
  time and the requests the server answered.
- **trafilatura CLI**: ``trafilatura -i urls.txt --with-metadata --json -o DIR
  --config-file CFG`` on the same article URLs, CFG being the installed
  settings.cfg with ``SLEEP_TIME = 0`` and ``SSRF_PROTECTION = off``.
- **news-please**: ``NewsPlease.from_urls`` (library mode; batches of 200 URLs) on
  the same URLs, when its venv exists.
- **the limit**: CPU seconds of ``trafilatura.bare_extraction(page, url=...,
  with_metadata=True)`` alone on the same pages (median of 2 passes per page),
  divided by the cores: the fastest any crawler that runs trafilatura on every
  page could go here. newsearch's ``extract_page`` is timed the same way.

Peers run from their own venvs under ``$NEWSEARCH_BENCH_VENVS`` (default
``../bench-venvs``; ``benchmarks/setup_peers.sh`` makes them); a missing one is skipped,
but for the trafilatura CLI, then taken from beside this Python. ``--tree DIR`` runs the
newsearch of another checkout (first on PYTHONPATH, and as cwd).
Every subprocess gets the loopback guard (``benchmarks/_loopback``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import (  # noqa: E402
    DEFAULT_CORPUS, OUT, ROOT, VENVS, Run, guarded_env, machine, median, mib, run_measured, say,
    set_subreaper, table, tree_label, venv_python, versions,
)
from benchmarks.site import BenchServer, BenchSite, load_corpus, load_table, load_test  # noqa: E402

CORES = os.cpu_count() or 1


# ---- the tools ---------------------------------------------------------------------------------
def newsearch_cmd(home: Path, url: str | list[str], n: int) -> list[str]:
    """``newsearch --home HOME crawl URL... --delay 0 --max-pages N`` (N per site)."""
    urls = [url] if isinstance(url, str) else list(url)
    return [sys.executable, "-m", "search_cli", "--home", str(home), "crawl", *urls, "--delay", "0", "--max-pages", str(n)]


def newsearch_env(tree: Path) -> dict[str, str]:
    """The environment that runs the newsearch of the checkout *tree* (run it with cwd=tree):
    its folder before the venv's own (editable) install."""
    return guarded_env(pythonpath=[tree])


def trafilatura_cli() -> Path | None:
    """The trafilatura CLI newsearch is compared with: the peers venv's
    (benchmarks/setup_peers.sh), else the one beside this Python (newsearch's own
    dependency, the same release), else None."""
    peers = venv_python("peers")
    for cli in ((peers.parent / "trafilatura") if peers else None, Path(sys.executable).parent / "trafilatura"):
        if cli is not None and cli.exists():
            return cli
    return None


def trafilatura_run(cli: Path, urls_file: Path, outdir: Path, cfg: Path) -> Run:
    """The CLI on a file of URLs, with its default parallelism (one thread a core for downloads)."""
    shutil.rmtree(outdir, ignore_errors=True)
    cmd = [str(cli), "-i", str(urls_file), "--with-metadata", "--json", "-o", str(outdir), "--config-file", str(cfg)]
    return run_measured(cmd, env=guarded_env(), cwd=outdir.parent)


def stored(home: Path) -> tuple[int, int]:
    """(records, records that are a copy of another) in a newsearch home."""
    db = home / "articles.db"
    if not db.exists():
        return 0, 0
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        d = con.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
        return int(n), int(d)
    finally:
        con.close()


def trafilatura_config(python: Path, dest: Path) -> Path:
    """A copy of the installed trafilatura's settings.cfg with no sleep between requests
    and the SSRF protection off (the benchmark site is on loopback)."""
    res = subprocess.run([str(python), "-c", "import trafilatura, os; print(os.path.dirname(trafilatura.__file__))"],
                         capture_output=True, text=True, timeout=60, env=guarded_env())
    text = (Path(res.stdout.strip()) / "settings.cfg").read_text()
    for key, value in (("SLEEP_TIME", "0"), ("SSRF_PROTECTION", "off")):
        text, n = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", text)
        if n != 1:
            raise SystemExit(f"trafilatura's settings.cfg has no {key} option any more: update benchmarks/crawl.py")
    dest.write_text(text)
    return dest


def count_files(folder: Path, suffix: str) -> int:
    return sum(1 for p in folder.rglob(f"*{suffix}") if p.is_file()) if folder.exists() else 0


def crawl_statuses(home: Path) -> Counter[str]:
    """Statuses in the home's crawl.log (new, updated, rejected:REASON)."""
    log = home / "crawl.log"
    out: Counter[str] = Counter()
    if log.exists():
        for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2:
                out[parts[1]] += 1
    return out


def trafilatura_outputs(outdir: Path, sites: BenchSite | list[BenchSite]) -> tuple[int, int]:
    """(JSON files, article URLs with output). The CLI names each file by a hash of a
    sample of its words, so copies of one page overwrite each other: an article URL
    counts as extracted when some file came from a URL serving the same corpus page."""
    sites = [sites] if isinstance(sites, BenchSite) else sites
    by_url = {site.url(s.path): site.templates[s.template].name for site in sites for s in site.stories}
    files = 0
    templates = set()
    for p in outdir.rglob("*.json"):
        files += 1
        try:
            source = json.loads(p.read_text(encoding="utf-8")).get("source")
        except (OSError, ValueError):
            continue
        if source in by_url:
            templates.add(by_url[source])
    used = Counter(by_url.values())
    return files, sum(used[t] for t in templates)


# ---- the limit ---------------------------------------------------------------------------------
def extraction_costs(site: BenchSite, used: Counter[int], passes: int = 3, newsearch_too: bool = True) -> dict[str, Any]:
    """CPU seconds per page of trafilatura.bare_extraction and of newsearch's extract_page,
    median of *passes*, for each corpus page the crawl used; weighted by how often it was used."""
    import trafilatura

    from crawler.extract import extract_page

    first = {}
    for s in site.stories:
        first.setdefault(s.template, s)
    costs: dict[str, dict[int, list[float]]] = {"bare": defaultdict(list), "newsearch": defaultdict(list)}
    pages = [(t, first[t]) for t in sorted(used)]
    for p in range(passes):
        for t, story in pages:
            body, url = site.article_body(story), site.url(story.path)
            t0 = time.thread_time()
            try:
                trafilatura.bare_extraction(body, url=url, with_metadata=True)
            except Exception:
                pass
            costs["bare"][t].append(time.thread_time() - t0)
            if newsearch_too:
                t0 = time.thread_time()
                extract_page(body, url, {"title": story.title, "date": story.date.isoformat(), "via": "news-sitemap"},
                             site_name=None, site_url=site.url("/"))
                costs["newsearch"][t].append(time.thread_time() - t0)
    out: dict[str, Any] = {"pages": len(pages), "articles": sum(used.values()), "passes": passes}
    for name, per in costs.items():
        if per:
            total = sum(median(per[t]) * used[t] for t in used)
            out[name] = {"cpu_total": total, "cpu_per_article": total / sum(used.values())}
    return out


# ---- profiling ---------------------------------------------------------------------------------
def pyspy() -> Path | None:
    for p in (VENVS / "peers" / "bin" / "py-spy", shutil.which("py-spy")):
        if p and Path(p).exists():
            return Path(p)
    return None


_FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^()]*?)(?::\d+)?\)$")


def _frame_key(frame: str) -> str:
    m = _FRAME.match(frame.strip())
    if not m:
        return frame.strip()
    path = m.group("file")
    for marker in ("site-packages/", "wt-bench/", "lib/python3"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    return f"{m.group('func')} ({path})"


def summarize_profile(raw: Path, top: int = 15) -> tuple[str, dict[str, Any]]:
    """Self and inclusive time per function from py-spy's raw (collapsed) output, split
    into the crawler's main process and the extraction workers."""
    self_t: dict[str, Counter[str]] = defaultdict(Counter)
    incl: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        frames = stack.split(";")
        procs = [f for f in frames if f.startswith("process ")]
        role = "extraction workers" if procs and "forkserver" in procs[-1] else "main process"
        frames = [f for f in frames if not f.startswith(("process ", "thread "))]
        if not frames:
            continue
        count = int(n)
        total[role] += count
        self_t[role][_frame_key(frames[-1])] += count
        for key in {_frame_key(f) for f in frames}:
            incl[role][key] += count
    parts = []
    data: dict[str, Any] = {}
    all_samples = sum(total.values()) or 1
    for role in sorted(total, key=lambda r: -total[r]):
        parts.append(f"#### {role}: {total[role]:,} samples ({100 * total[role] / all_samples:.0f}% of all)\n")
        rows = [[k, 100 * v / total[role], 100 * incl[role][k] / total[role]] for k, v in self_t[role].most_common(top)]
        parts.append(table(["function (self time, top)", "self %", "inclusive %"], rows))
        ns = [(k, v) for k, v in incl[role].most_common() if any(m in k for m in ("crawler/", "indexer/", "search_cli/"))][:top]
        parts.append("")
        parts.append(table(["newsearch function (inclusive, top)", "inclusive %"], [[k, 100 * v / total[role]] for k, v in ns]))
        parts.append("")
        data[role] = {"samples": total[role], "self": self_t[role].most_common(40), "inclusive": incl[role].most_common(80)}
    return "\n".join(parts), data


# ---- the benchmark -----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of real pages (default: %(default)s)")
    ap.add_argument("--articles", type=int, default=1000, help="article pages on the site and --max-pages (default 1000)")
    ap.add_argument("--runs", type=int, default=3, help="runs of each tool; medians are quoted (default 3)")
    ap.add_argument("--newsplease-runs", type=int, default=1, help="runs of news-please, the slowest (default 1)")
    ap.add_argument("--no-peers", action="store_true", help="newsearch and the limit only")
    ap.add_argument("--profile", action="store_true", help="one more newsearch cold crawl under py-spy, summarised")
    ap.add_argument("--limit-passes", type=int, default=2, help="passes over the pages to time the extraction alone")
    ap.add_argument("--quick", action="store_true", help="20 articles from 20 pages, 1 run, 1 pass (smoke test)")
    ap.add_argument("--out", type=Path, default=OUT / "crawl", help="work folder (default benchmarks/out/crawl)")
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout whose newsearch is run (default: this one)")
    args = ap.parse_args(argv)
    pages = None
    if args.quick:
        args.articles, args.runs, args.newsplease_runs, args.limit_passes, pages = 20, 1, 1, 1, 20
    args.out = args.out.resolve()  # the tools run in other folders (a checkout, the output's)
    set_subreaper()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    site = BenchSite(load_corpus(args.corpus, pages), args.articles)
    used = Counter(s.template for s in site.stories)
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "articles": args.articles,
                               "corpus_pages": len(site.templates), "runs": args.runs}
    tree = args.tree.resolve()
    results["tree"] = tree_label(tree)
    ns_env = newsearch_env(tree)
    with BenchServer(site) as server:
        url = site.url("/")
        say(f"benchmark site: {url} ({len(site.stories)} articles from {len(site.templates)} pages)")
        urls_file = args.out / "urls.txt"
        urls_file.write_text("\n".join(site.article_urls()) + "\n")

        # -- how fast the site serves ------------------------------------------------------
        capacity = load_test(server, 1.0 if args.quick else 3.0, 2_000 if args.quick else 30_000)
        results["server"] = capacity

        def server_requests() -> dict[str, int]:
            s = server.summary()
            server.reset()
            return s

        # -- newsearch ---------------------------------------------------------------------
        cold: list[dict[str, Any]] = []
        warm: list[dict[str, Any]] = []
        for r in range(args.runs):
            home = args.out / f"newsearch-{r}"
            shutil.rmtree(home, ignore_errors=True)
            server.reset()
            say(f"newsearch cold crawl {r + 1}/{args.runs} ...")
            t0 = time.monotonic()
            run = run_measured(newsearch_cmd(home, url, args.articles), env=ns_env, cwd=tree)
            stalls = _stalls(server, t0)
            reqs = server_requests()
            n, dups = stored(home)
            if run.rc != 0:
                say(run.stderr[-3000:])
            cold.append(_row(run, n, reqs, dups=dups, stalls=stalls, statuses=crawl_statuses(home)))
            say(f"  {run.stdout.strip()}  [{run.wall:.1f} s wall, {run.cpu:.1f} s CPU, stalls {stalls}]")
            say(f"newsearch incremental crawl {r + 1}/{args.runs} ...")
            run2 = run_measured(newsearch_cmd(home, url, args.articles), env=ns_env, cwd=tree)
            reqs2 = server_requests()
            n2, _ = stored(home)
            warm.append(_row(run2, n2 - n, reqs2))
            say(f"  {run2.stdout.strip()}  [{run2.wall:.1f} s wall, {sum(reqs2.values())} requests]")
        results["newsearch"] = cold
        results["newsearch_incremental"] = warm

        # -- trafilatura CLI ---------------------------------------------------------------
        peers: dict[str, list[dict[str, Any]]] = {}
        cli = trafilatura_cli()
        if not args.no_peers and cli:
            cfg = trafilatura_config(cli.parent / "python", args.out / "trafilatura.cfg")
            rows = []
            for r in range(args.runs):
                outdir = args.out / f"trafilatura-{r}"
                server.reset()
                say(f"trafilatura CLI {r + 1}/{args.runs} ...")
                run = trafilatura_run(cli, urls_file, outdir, cfg)
                reqs = server_requests()
                files, extracted = trafilatura_outputs(outdir, site)
                rows.append(_row(run, extracted, reqs, files=files))
                say(f"  {files} JSON files, {extracted} article URLs with output [{run.wall:.1f} s wall, {run.cpu:.1f} s CPU]")
            peers["trafilatura CLI"] = rows
            results["versions_peers"] = versions(cli.parent / "python", ["trafilatura", "tantivy", "py-spy"])
        elif not args.no_peers:
            say(f"trafilatura CLI skipped: none at {VENVS / 'peers'} (run benchmarks/setup_peers.sh) nor beside {sys.executable}")

        # -- news-please ---------------------------------------------------------------------
        np_py = venv_python("newsplease")
        if not args.no_peers and np_py:
            rows = []
            for r in range(args.newsplease_runs):
                server.reset()
                say(f"news-please {r + 1}/{args.newsplease_runs} ...")
                cmd = [str(np_py), str(Path(__file__).with_name("_newsplease_driver.py")), str(urls_file), "200"]
                run = run_measured(cmd, env=guarded_env(), cwd=args.out)
                reqs = server_requests()
                try:
                    info = json.loads(run.stdout.strip().splitlines()[-1])
                except (ValueError, IndexError):
                    info = {"with_text": 0}
                    say(run.stderr[-3000:])
                rows.append(_row(run, int(info.get("with_text", 0)), reqs))
                say(f"  {info} [{run.wall:.1f} s wall, {run.cpu:.1f} s CPU]")
            peers["news-please"] = rows
            results["versions_newsplease"] = versions(np_py, ["news-please", "newspaper4k", "readability-lxml"])
        elif not args.no_peers:
            say(f"news-please skipped: no venv at {VENVS / 'newsplease'} (run benchmarks/setup_peers.sh)")
        results["peers"] = peers

        # -- profile -------------------------------------------------------------------------
        profile_text = ""
        spy = pyspy()
        if args.profile and spy:
            home = args.out / "newsearch-profiled"
            shutil.rmtree(home, ignore_errors=True)
            raw = args.out / "newsearch.pyspy.txt"
            say("newsearch cold crawl under py-spy ...")
            cmd = [str(spy), "record", "--subprocesses", "--format", "raw", "--rate", "100", "--nonblocking",
                   "--output", str(raw), "--", *newsearch_cmd(home, url, args.articles)]
            run = run_measured(cmd, env=ns_env, cwd=tree)
            server.reset()
            if raw.exists():
                profile_text, results["profile"] = summarize_profile(raw)
            else:
                say(f"py-spy failed: {run.stderr[-2000:]}")
        elif args.profile:
            say("--profile: py-spy not found (benchmarks/setup_peers.sh installs it)")

    # -- the limit ---------------------------------------------------------------------------
    say("timing extraction alone ...")
    costs = extraction_costs(site, used, args.limit_passes)
    results["limit"] = costs
    results["versions"] = versions(sys.executable, ["scrapy", "trafilatura", "lxml", "whoosh-reloaded", "twisted"])

    report = render(results, profile_text)
    print(report)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, default=str))
    return 0 if all(r["rc"] == 0 for r in results["newsearch"]) else 1


def _stalls(server: BenchServer, started: float) -> list[float]:
    """Pauses of over 10 s between two answers of the site, from the first to the last
    request of a run: time the crawl spent waiting for nothing it asked for."""
    with server._lock:
        times = sorted(server.times)
    return [round(b - a, 1) for a, b in zip(times, times[1:]) if b - a > 10.0]


def _row(run: Run, articles: int, reqs: dict[str, int], dups: int | None = None, stalls: list[float] | None = None,
         statuses: Counter[str] | None = None, files: int | None = None) -> dict[str, Any]:
    fetched = sum(v for k, v in reqs.items() if k.startswith("article "))
    return {
        "rc": run.rc, "wall": run.wall, "cpu": run.cpu, "cpu_user": run.cpu_user, "cpu_sys": run.cpu_sys,
        "cpu_main": run.cpu_main, "cpu_sampled": run.cpu_sampled, "peak_rss": run.peak_rss, "peak_pss": run.peak_pss,
        "procs": run.peak_procs, "articles": articles, "duplicates": dups, "pages": fetched, "requests": sum(reqs.values()),
        "by_kind": reqs, "stalls": stalls or [], "statuses": dict(statuses or {}), "files": files,
        "stdout": run.stdout.strip()[-500:],
    }


def _med(rows: list[dict[str, Any]], key: str) -> float:
    return median([r[key] for r in rows])


def _active(r: dict[str, Any]) -> float:
    """Wall time less the stalls."""
    return r["wall"] - sum(r["stalls"])


def render(res: dict[str, Any], profile_text: str = "") -> str:
    n = res["articles"]
    cold, warm = res["newsearch"], res["newsearch_incremental"]
    tools = {"newsearch": cold, **res["peers"]}
    lines = [f"## Crawl throughput: {n:,} article pages ({res['corpus_pages']} real pages, each under "
             f"~{n / res['corpus_pages']:.0f} URLs), median of {res['runs']} run(s)\n"]
    if res.get("tree"):
        lines.append(f"newsearch: {res['tree']}\n")
    rows = []
    for name, rs in tools.items():
        wall, pages = _med(rs, "wall"), _med(rs, "pages")
        rows.append([
            name, len(rs), wall, pages, _med(rs, "articles"), pages / wall, _med(rs, "articles") / wall,
            _med(rs, "cpu") / max(1, pages), _med(rs, "cpu_main") / max(1, pages),
            mib(_med(rs, "peak_rss")), mib(_med(rs, "peak_pss")), _med(rs, "requests"),
        ])
    lines.append(table(["tool", "runs", "wall s", "article pages fetched", "articles out", "pages/s", "articles/s",
                        "CPU s/page (tree)", "CPU s/page (main process)", "peak RSS MiB (tree)", "peak PSS MiB (tree)",
                        "requests"], rows))
    lines.append("")
    lines.append("CPU s/page (tree): user+system CPU of the whole process tree per article page fetched; (main process): "
                 "the process started, without its workers. articles out: newsearch records stored; trafilatura: "
                 "article URLs whose page gave a JSON file (the CLI names files by a hash of their words, so copies "
                 "overwrite each other); news-please: results with a main text.")
    lines.append("")
    lines.append("### newsearch, run by run\n")
    prow = []
    for i, r in enumerate(cold, 1):
        st = r["statuses"]
        prow.append([i, r["wall"], r["pages"], r["articles"], r["duplicates"], st.get("rejected:extraction-timeout", 0),
                     sum(v for k, v in st.items() if k.startswith("rejected:")), ", ".join(f"{x:.0f}" for x in r["stalls"]) or "none",
                     r["pages"] / r["wall"], r["pages"] / max(_active(r), 1e-9), r["cpu"], r["cpu_main"]])
    lines.append(table(["run", "wall s", "pages", "articles stored", "of them copies (duplicate_of)",
                        "rejected: extraction-timeout", "rejected: all", "stalls s (no request for >10 s)",
                        "pages/s", "pages/s without stalls", "CPU s (tree)", "CPU s (main)"], prow))
    lines.append("")
    lines.append("### newsearch: second run on the unchanged site\n")
    wrows = []
    for r in warm:
        wrows.append([r["wall"], r["requests"], ", ".join(f"{k}: {v}" for k, v in r["by_kind"].items()), r["articles"], r["cpu"]])
    lines.append(table(["wall s", "requests", "requests by kind and status", "new articles", "CPU s"], wrows))
    lines.append("")
    # the limit
    lim = res["limit"]
    bare = lim.get("bare", {})
    ns_extract = lim.get("newsearch", {})
    ns_wall = _med(cold, "wall")
    ns_pps = _med(cold, "pages") / ns_wall
    ns_active_pps = median([r["pages"] / max(_active(r), 1e-9) for r in cold])
    limit_pps = CORES / bare["cpu_per_article"]
    lines.append(f"### The limit: trafilatura's extraction alone, spread over {CORES} cores\n")
    lrows = [["trafilatura.bare_extraction(with_metadata=True), one process", bare["cpu_per_article"] * 1000, limit_pps,
              bare["cpu_total"] / CORES]]
    if ns_extract:
        lrows.append(["newsearch crawler.extract.extract_page, one process", ns_extract["cpu_per_article"] * 1000,
                      CORES / ns_extract["cpu_per_article"], ns_extract["cpu_total"] / CORES])
    lrows.append(["newsearch crawl, whole process tree (measured)", _med(cold, "cpu") / max(1, _med(cold, "pages")) * 1000,
                  ns_pps, ns_wall])
    lines.append(table(["what", "CPU ms/page", f"pages/s on {CORES} cores", f"seconds for the {n:,} pages"], lrows))
    lines.append("")
    lines.append(f"Extraction timed in one process on the {lim['pages']} distinct pages ({lim['passes']} pass(es), median), "
                 f"weighted by how many of the {lim['articles']:,} article URLs serve each.")
    lines.append("")
    # ratios and goals
    lines.append("### Ratios and goals\n")
    grows = []
    trows = res["peers"].get("trafilatura CLI")
    if trows:
        tr = _med(trows, "pages") / _med(trows, "wall")
        ratio = ns_pps / tr
        grows.append(["newsearch ÷ trafilatura CLI (pages/s)", ratio, "≥ 2", ratio >= 2])
        grows.append(["newsearch ÷ trafilatura CLI (pages/s, newsearch without its stalls)", ns_active_pps / tr, "(≥ 2)", ns_active_pps / tr >= 2])
        grows.append(["newsearch ÷ trafilatura CLI (articles/s)",
                      (_med(cold, "articles") / ns_wall) / (_med(trows, "articles") / _med(trows, "wall")), "", None])
    nrows = res["peers"].get("news-please")
    if nrows:
        npp = _med(nrows, "pages") / _med(nrows, "wall")
        grows.append(["newsearch ÷ news-please (pages/s)", ns_pps / npp if npp else float("nan"), "", None])
    frac = ns_pps / limit_pps
    grows.append(["newsearch ÷ the limit (pages/s)", frac, "≥ 0.60", frac >= 0.6])
    grows.append(["newsearch ÷ the limit (pages/s, without its stalls)", ns_active_pps / limit_pps, "(≥ 0.60)", ns_active_pps / limit_pps >= 0.6])
    if ns_extract:
        grows.append(["newsearch extract_page CPU ÷ bare_extraction CPU", ns_extract["cpu_per_article"] / bare["cpu_per_article"], "", None])
    grows.append(["newsearch tree CPU per page ÷ bare_extraction CPU per page",
                  (_med(cold, "cpu") / max(1, _med(cold, "pages"))) / bare["cpu_per_article"], "", None])
    cap = max((c["rps"] for c in res["server"]), default=0.0)
    grows.append(["site capacity ÷ newsearch fetch rate (requests/s)", cap / max(ns_pps, 1e-9), "≫ 1", cap / max(ns_pps, 1e-9) > 10])
    lines.append(table(["ratio", "value", "goal", "met"], grows))
    lines.append("")
    lines.append("### The site serves far faster than any crawl fetches\n")
    lines.append(load_table(res["server"]))
    lines.append("")
    if profile_text:
        lines.append("### Where newsearch's time goes (py-spy, one cold crawl, 100 samples/s per process)\n")
        lines.append(profile_text)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
