"""Many slow sites at once, as a cron crawl sees the web: two newsearch checkouts
side by side against the trafilatura CLI and the 2-core extraction limit (issue 11).

    python benchmarks/many_sites.py --compare-tree ../main          # 20 sites x 50 articles, 150 ms, 3 runs
    python benchmarks/many_sites.py --compare-tree ../main --random-delay   # 100-500 ms a response
    python benchmarks/many_sites.py --quick                         # 2 sites x 5 articles, 1 run (smoke test)

``--sites`` loopback sites (default 20), each the benchmark site of ``site.py`` on
its own address 127.0.0.1 .. 127.0.0.N (own server, own port): robots.txt with a
``Sitemap:`` line, a Google News sitemap, a home page, an RSS feed and
``--articles`` article pages (default 50), corpus pages with their canonical URL
and title rewritten so every URL is its own article. Site K starts K x articles
into the corpus, so the N sites together use the same pages as crawl.py's one
site of N x articles. Every response, listings too, waits ``--delay-ms`` (default
150) in the server's thread first (a sleep, no CPU), or a random 100-500 ms
(``--random-delay``), as real sites answer.

Measured, median of ``--runs`` (default 3), the tools taking turns within a round
so that the machine's load falls on all of them alike:

- **newsearch** of ``--tree`` (default: this checkout) and of ``--compare-tree``
  (if given): ``newsearch --home EMPTY crawl URL1 ... URLN --delay 0 --max-pages
  ARTICLES`` with the checkout first on PYTHONPATH and as cwd. Wall time, article
  pages the sites served, articles stored (rows of HOME/articles.db), CPU of the
  whole process tree (``RUSAGE_CHILDREN``, this process as child subreaper), CPU
  of each process of the tree (sampled from /proc), peak RSS/PSS summed over the
  tree; startup (until the first request) and tail (after the last answer).
- **trafilatura CLI** on the same article URLs, as crawl.py runs it
  (``SLEEP_TIME = 0``, its default parallelism).
- **the limit**: ``trafilatura.bare_extraction`` CPU per page on the same pages
  (crawl.py's ``extraction_costs``) spread over the cores.

``--profile`` adds one crawl of ``--tree`` under py-spy (if installed) or else
cProfile in its Python processes (the Scrapy reactor's, the ingest's; set
NEWSEARCH_BENCH_CPROFILE=DIR for the same in any benchmark subprocess).
"""
from __future__ import annotations

import argparse
import json
import os
import pstats
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Callable

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    __package__ = "benchmarks"

from benchmarks._common import (  # noqa: E402
    DEFAULT_CORPUS, OUT, ROOT, Run, machine, median, mib, run_measured, say, set_subreaper, table, tree_label,
    versions,
)
from benchmarks.crawl import (  # noqa: E402
    CORES, _row, crawl_statuses, extraction_costs, newsearch_cmd, newsearch_env, pyspy, stored, summarize_profile,
    trafilatura_cli, trafilatura_config, trafilatura_outputs, trafilatura_run,
)
from benchmarks.site import BenchServer, BenchSite, Template, load_corpus  # noqa: E402

#: The issue's goals on this benchmark.
GOAL_VS_CLI = 3.0
GOAL_OF_LIMIT = 0.70
RANDOM_DELAY_MS = (100, 500)
POOL = "extraction pool (forkserver + workers)"


# ---- the sites ---------------------------------------------------------------------------------
def build_sites(templates: list[Template], sites: int, articles: int) -> list[BenchSite]:
    """*sites* sites of *articles* each; site K's article I is corpus page (K x articles + I) mod P,
    so together they serve what one site of sites x articles would."""
    out = []
    for k in range(sites):
        at = (k * articles) % len(templates)
        out.append(BenchSite(templates[at:] + templates[:at], articles, seed=k + 1))
    return out


def delay_fn(delay_ms: float, random_delay: bool, seed: int) -> Callable[[], float]:
    """Seconds each answer of one site waits: fixed, or uniform in RANDOM_DELAY_MS."""
    if not random_delay:
        return lambda: delay_ms / 1000
    rng = random.Random(seed)
    lo, hi = RANDOM_DELAY_MS
    return lambda: rng.uniform(lo, hi) / 1000


class Sites:
    """The servers of all sites: started together, counted together."""

    def __init__(self, sites: list[BenchSite], delay_ms: float, random_delay: bool) -> None:
        self.sites = sites
        self.servers = [BenchServer(s, host=f"127.0.0.{k + 1}", delay=delay_fn(delay_ms, random_delay, k))
                        for k, s in enumerate(sites)]
        self._stack = ExitStack()

    def __enter__(self) -> "Sites":
        for server in self.servers:
            self._stack.enter_context(server)
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def home_urls(self) -> list[str]:
        return [s.url("/") for s in self.sites]

    def article_urls(self) -> list[str]:
        return [u for s in self.sites for u in s.article_urls()]

    def reset(self) -> None:
        for server in self.servers:
            server.reset()

    def take(self) -> tuple[dict[str, int], list[float]]:
        """(requests answered by kind and status, sorted times of the answers), summed over
        the sites since the last reset; then reset."""
        reqs: Counter[str] = Counter()
        times: list[float] = []
        for server in self.servers:
            reqs.update(server.summary())
            with server._lock:
                times.extend(server.times)
        self.reset()
        return dict(sorted(reqs.items())), sorted(times)


# ---- one measured run --------------------------------------------------------------------------
def roles(run: Run, root_parent: int) -> dict[str, float]:
    """CPU s of the tree by role: the process started (for newsearch the Scrapy reactor's),
    a forkserver and the workers forked from it (newsearch's extraction pool), the other
    children and grandchildren (the split crawl's ingest process), each a sum over its processes."""
    depth: dict[int, int] = {}
    by_pid = {p["pid"]: p for p in run.procs}

    def level(pid: int, hops: int = 0) -> int:
        if pid in depth:
            return depth[pid]
        parent = by_pid.get(pid, {}).get("ppid", 0)
        d = 1 if parent == root_parent or parent not in by_pid or hops > 50 else level(parent, hops + 1) + 1
        depth[pid] = d
        return d

    out: Counter[str] = Counter()
    for p in run.procs:
        d = level(p["pid"])
        # a forkserver's workers are forked from it and keep its command line
        kind = ("resource tracker" if "resource_tracker" in p["cmd"] else POOL if "forkserver" in p["cmd"]
                else "main process" if d == 1 else "children" if d == 2 else "grandchildren")
        out[kind] += p["cpu"]
    return dict(out)


def _branch(tree: Path) -> str:
    """The branch checked out in *tree* (its folder name when it is no git checkout)."""
    try:
        res = subprocess.run(["git", "-C", str(tree), "rev-parse", "--abbrev-ref", "HEAD"], capture_output=True,
                             text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return tree.name
    return res.stdout.strip() if res.returncode == 0 and res.stdout.strip() else tree.name


def loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def measure_newsearch(sites: Sites, tree: Path, home: Path, articles: int, timeout: float) -> dict[str, Any]:
    shutil.rmtree(home, ignore_errors=True)
    sites.reset()
    load = loadavg()
    t0 = time.monotonic()
    run = run_measured(newsearch_cmd(home, sites.home_urls(), articles), env=newsearch_env(tree), cwd=tree,
                       timeout=timeout)
    reqs, times = sites.take()
    n, dups = stored(home)
    if run.rc != 0:
        say(run.stderr[-3000:])
    row = _row(run, n, reqs, dups=dups, statuses=crawl_statuses(home))
    row.update(_timeline(times, t0, run.wall), load=load, roles=roles(run, os.getpid()))
    say(f"  {run.stdout.strip()[-300:]}  [{run.wall:.1f} s wall, {row['pages']} pages, {n} stored, {run.cpu:.1f} s CPU, "
        f"rc {run.rc}, load {load}]")
    return row


def measure_trafilatura(sites: Sites, cli: Path, urls_file: Path, outdir: Path, cfg: Path) -> dict[str, Any]:
    sites.reset()
    load = loadavg()
    t0 = time.monotonic()
    run = trafilatura_run(cli, urls_file, outdir, cfg)
    reqs, times = sites.take()
    files, extracted = trafilatura_outputs(outdir, sites.sites)
    row = _row(run, extracted, reqs, files=files)
    row.update(_timeline(times, t0, run.wall), load=load, roles=roles(run, os.getpid()))
    say(f"  {files} JSON files, {extracted} article URLs with output [{run.wall:.1f} s wall, {run.cpu:.1f} s CPU, load {load}]")
    return row


def _timeline(times: list[float], t0: float, wall: float) -> dict[str, float]:
    """Startup (start to the first answer), fetch span, and tail (last answer to exit), in s."""
    if not times:
        return {"startup": wall, "span": 0.0, "tail": 0.0}
    return {"startup": times[0] - t0, "span": times[-1] - times[0], "tail": max(0.0, t0 + wall - times[-1])}


# ---- profiling ---------------------------------------------------------------------------------
def profile(sites: Sites, tree: Path, home: Path, articles: int, out: Path, timeout: float) -> str:
    """One more crawl of *tree*, profiled: py-spy over the whole tree if installed, else cProfile
    in each Python process of it (NEWSEARCH_BENCH_CPROFILE, see _loopback/sitecustomize.py:
    the reactor's process and the split crawl's ingest process; the extraction workers are
    forked and not profiled). Returns Markdown."""
    shutil.rmtree(home, ignore_errors=True)
    sites.reset()
    cmd = newsearch_cmd(home, sites.home_urls(), articles)
    spy = pyspy()
    if spy:
        raw = out / "newsearch.pyspy.txt"
        run_measured([str(spy), "record", "--subprocesses", "--format", "raw", "--rate", "100", "--nonblocking",
                      "--output", str(raw), "--", *cmd], env=newsearch_env(tree), cwd=tree, timeout=timeout)
        sites.reset()
        if raw.exists():
            return "py-spy, 100 samples/s per process:\n\n" + summarize_profile(raw)[0]
        say("py-spy failed; trying cProfile")
    folder = out / "cprofile"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    run = run_measured(cmd, env={**newsearch_env(tree), "NEWSEARCH_BENCH_CPROFILE": str(folder)}, cwd=tree,
                       timeout=timeout)
    pages = max(1, sum(n for k, n in sites.take()[0].items() if k.startswith("article ")))
    dumps = {d: pstats.Stats(str(d)).total_tt for d in folder.glob("*.prof")}  # type: ignore[attr-defined]
    if not dumps:
        return f"cProfile wrote nothing: {run.stderr[-1000:]}"
    biggest = max(dumps.values())
    # the processes that matter (the reactor's, the ingest's), not the forkserver's or the resource tracker's
    kept = sorted((d for d, cpu in dumps.items() if cpu >= 0.05 * biggest), key=lambda d: -dumps[d])
    return "\n\n".join(summarize_cprofile(d, tree, d.stem.split("-", 1)[1], pages) for d in kept)


def summarize_cprofile(path: Path, tree: Path, name: str, pages: int, top: int = 15) -> str:
    """Top functions by own time and newsearch's by inclusive time of one process's cProfile dump."""
    stats = pstats.Stats(str(path))
    total = stats.total_tt or 1.0  # type: ignore[attr-defined]
    rows = []
    for (file, line, func), (_cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        rows.append((_where(file, tree), line, func, nc, tt, ct))

    def render(key: int, title: str, only_ours: bool = False) -> str:
        picked = [r for r in rows if not only_ours or (r[0].startswith(("crawler/", "indexer/", "search_cli/"))
                                                       and r[2] != "<module>")]
        picked.sort(key=lambda r: -r[key])
        return table([title, "calls", "own CPU s", "own %", "inclusive CPU s", "inclusive ms/page"],
                     [[f"{f} ({w}:{ln})", nc, tt, 100 * tt / total, ct, 1000 * ct / pages]
                      for w, ln, f, nc, tt, ct in picked[:top]])

    return (f"#### process `{name}`: {total:.1f} CPU s profiled, {1000 * total / pages:.1f} ms a page "
            f"(cProfile, timed by the process's CPU clock; it slows the process, so shares matter more "
            f"than seconds)\n\n" + render(4, "function (own time, top)") + "\n\n"
            + render(5, "newsearch function (inclusive, top)", True))


def _where(file: str, tree: Path) -> str:
    for marker in (str(tree) + "/", "site-packages/", "lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


# ---- the report --------------------------------------------------------------------------------
def _med(rows: list[dict[str, Any]], key: str) -> float:
    return median([r[key] for r in rows])


def render(res: dict[str, Any], profile_text: str = "") -> str:
    s, a = res["sites"], res["articles"]
    tools: dict[str, list[dict[str, Any]]] = res["tools"]
    lines = [f"## Many sites: {s} sites x {a} articles, every response delayed {res['delay']}, median of "
             f"{res['runs']} run(s)\n"]
    for name, label in res["trees"].items():
        lines.append(f"- {name}: {label}")
    lines.append(f"- {res['date']}; {res['machine']}; load average (1/5/15 min) at each run's start: "
                 + "; ".join(f"{name} {', '.join(r['load'] for r in rs)}" for name, rs in tools.items()))
    lines.append("")
    limit_pps = CORES / res["limit"]["bare"]["cpu_per_article"]
    cli = tools.get("trafilatura CLI")
    cli_pps = _med(cli, "pages") / _med(cli, "wall") if cli else None
    rows = []
    for name, rs in tools.items():
        wall, pages, arts = _med(rs, "wall"), _med(rs, "pages"), _med(rs, "articles")
        cpu_page = _med(rs, "cpu") / max(1, pages)
        rows.append([name, len(rs), wall, pages, arts, pages / wall, arts / wall,
                     (pages / wall) / cli_pps if cli_pps else None, (pages / wall) / limit_pps,
                     cpu_page, CORES / cpu_page, mib(_med(rs, "peak_rss")), mib(_med(rs, "peak_pss")),
                     int(_med(rs, "procs")), _med(rs, "startup"), _med(rs, "tail")])
    lines.append(table(["tool", "runs", "wall s", "article pages fetched", "articles out", "pages/s", "articles/s",
                        "÷ trafilatura CLI", "÷ the limit", "CPU s/page (tree)", f"{CORES} cores ÷ CPU s/page",
                        "peak RSS MiB (tree)",
                        "peak PSS MiB (tree)", "processes", "startup s", "tail s"], rows))
    lines.append("")
    lines.append("pages/s: article pages the sites served ÷ wall time. articles out: newsearch rows in "
                 "articles.db; trafilatura: article URLs whose page gave a JSON file. startup: start to the "
                 "first answer of any site; tail: last answer to the process's exit (for the split crawl, the "
                 "ingest finishing). cores ÷ CPU s/page: the pages/s a crawl that is bound by its CPU would "
                 "reach with the cores to itself (on a loaded machine, what its wall time would be without the "
                 "others; it does not hold for a tool that waits on the sites, as the CLI's 2 download threads do). "
                 "The limit: "
                 f"{res['limit']['bare']['cpu_per_article'] * 1000:.1f} ms CPU a page of bare_extraction on "
                 f"{CORES} cores = {limit_pps:.1f} pages/s.")
    lines.append("")
    lines.append("### Run by run\n")
    rrows = []
    for name, rs in tools.items():
        for i, r in enumerate(rs, 1):
            rej = sum(v for k, v in r["statuses"].items() if k.startswith("rejected:"))
            rrows.append([name, i, r["load"], r["rc"], r["wall"], r["pages"], r["articles"], r["duplicates"], rej,
                          r["pages"] / r["wall"], r["cpu"], r["startup"], r["span"], r["tail"]])
    lines.append(table(["tool", "run", "load at start", "exit", "wall s", "pages", "articles out",
                        "of them copies", "rejected (crawl.log)", "pages/s", "CPU s (tree)", "startup s",
                        "fetch span s", "tail s"], rrows))
    lines.append("")
    lines.append("### Where the CPU goes, by process (median CPU ms a page)\n")
    kinds = ["main process", "children", "grandchildren", POOL, "resource tracker"]
    crows = []
    for name, rs in tools.items():
        pages = max(1.0, _med(rs, "pages"))
        crows.append([name, *(1000 * median([r["roles"].get(k, 0.0) for r in rs]) / pages for k in kinds),
                      1000 * _med(rs, "cpu") / pages])
    lines.append(table(["tool", *kinds, "whole tree (rusage)"], crows))
    lines.append("")
    lines.append("Per process: its own user+system CPU at its last /proc sample (every 0.2 s, so a lower bound). "
                 "Main process: the one started (newsearch: Scrapy's reactor, and in the one-process crawl the "
                 "storing and indexing too); children: the split crawl's ingest process (storing, indexing, "
                 "feeding the pool); the extraction pool: the forkserver and the workers forked from it.")
    lines.append("")
    lines.append("### Ratios and goals\n")
    grows = []
    for name, rs in tools.items():
        if name == "trafilatura CLI":
            continue
        pps = _med(rs, "pages") / _med(rs, "wall")
        aps = _med(rs, "articles") / _med(rs, "wall")
        if cli_pps:
            grows.append([f"{name} ÷ trafilatura CLI (pages/s)", pps / cli_pps, f"≥ {GOAL_VS_CLI:g}", pps / cli_pps >= GOAL_VS_CLI])
            grows.append([f"{name} ÷ trafilatura CLI (articles stored/s ÷ CLI pages/s)", aps / cli_pps, "", None])
        grows.append([f"{name} ÷ the limit (pages/s)", pps / limit_pps, f"≥ {GOAL_OF_LIMIT:.2f}", pps / limit_pps >= GOAL_OF_LIMIT])
        grows.append([f"{name}: tree CPU per page ÷ bare_extraction CPU per page",
                      (_med(rs, "cpu") / max(1, _med(rs, "pages"))) / res["limit"]["bare"]["cpu_per_article"], "", None])
    lines.append(table(["ratio", "value", "goal", "met"], grows))
    lines.append("")
    lim = res["limit"]
    if lim.get("newsearch"):
        lines.append(f"Extraction alone, one process, on the {lim['pages']} distinct pages ({lim['passes']} pass(es)): "
                     f"bare_extraction {lim['bare']['cpu_per_article'] * 1000:.1f} ms a page, newsearch's "
                     f"extract_page {lim['newsearch']['cpu_per_article'] * 1000:.1f} ms.")
        lines.append("")
    if profile_text:
        lines.append("### Profile of one crawl of the first tree\n")
        lines.append(profile_text)
    return "\n".join(lines)


# ---- the benchmark -----------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder of real pages (default: %(default)s)")
    ap.add_argument("--sites", type=int, default=20, help="sites, on 127.0.0.1 .. 127.0.0.N (default 20)")
    ap.add_argument("--articles", type=int, default=50, help="articles a site, and --max-pages (default 50)")
    ap.add_argument("--delay-ms", type=float, default=150.0, help="every response waits this long first (default 150)")
    ap.add_argument("--random-delay", action="store_true",
                    help=f"every response waits a random {RANDOM_DELAY_MS[0]}-{RANDOM_DELAY_MS[1]} ms instead")
    ap.add_argument("--runs", type=int, default=3, help="runs of each tool; medians are quoted (default 3)")
    ap.add_argument("--tree", type=Path, default=ROOT, help="checkout whose newsearch is measured (default: this one)")
    ap.add_argument("--compare-tree", type=Path, help="a second checkout measured beside it (e.g. ../main)")
    ap.add_argument("--no-peers", action="store_true", help="leave out the trafilatura CLI")
    ap.add_argument("--limit-passes", type=int, default=2, help="passes over the pages to time the extraction alone")
    ap.add_argument("--profile", action="store_true", help="one more crawl of --tree, profiled (py-spy, else cProfile)")
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed (default 900)")
    ap.add_argument("--quick", action="store_true", help="2 sites x 5 articles, 1 run, 1 pass (smoke test)")
    ap.add_argument("--out", type=Path, default=OUT / "many_sites", help="work folder (default benchmarks/out/many_sites)")
    ap.add_argument("--render", type=Path, metavar="RESULTS_JSON", help="only print the tables of an earlier run's results.json")
    args = ap.parse_args(argv)
    if args.render:
        res = json.loads(args.render.read_text())
        print(render(res, res.get("profile_text", "")))
        return 0
    pages = None
    if args.quick:
        args.sites, args.articles, args.runs, args.limit_passes, pages = 2, 5, 1, 1, 10
    if not 1 <= args.sites <= 254:
        ap.error("--sites must be 1..254 (one 127.0.0.x address each)")
    trees: dict[str, Path] = {}
    for tree in (args.tree, args.compare_tree):
        if tree is not None:
            tree = tree.resolve()
            name = f"newsearch {_branch(tree)}"
            trees[name if name not in trees else f"{name} ({tree})"] = tree
    for tree in trees.values():
        if not (tree / "search_cli").is_dir():
            ap.error(f"{tree} is not a newsearch checkout (no search_cli/)")
    args.out = args.out.resolve()  # the tools run in other folders (a checkout, the output's)
    set_subreaper()
    shutil.rmtree(args.out, ignore_errors=True)
    args.out.mkdir(parents=True)
    templates = load_corpus(args.corpus, pages)
    delay = f"{RANDOM_DELAY_MS[0]}-{RANDOM_DELAY_MS[1]} ms (uniform)" if args.random_delay else f"{args.delay_ms:g} ms"
    res: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M %Z"), "machine": machine(), "sites": args.sites,
                           "articles": args.articles, "runs": args.runs, "delay": delay,
                           "trees": {name: tree_label(t) for name, t in trees.items()}}
    tools: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    cli = None if args.no_peers else trafilatura_cli()
    if cli is None and not args.no_peers:
        say("trafilatura CLI not found (benchmarks/setup_peers.sh, or the project's venv): left out")
    profile_text = ""
    with Sites(build_sites(templates, args.sites, args.articles), args.delay_ms, args.random_delay) as sites:
        urls_file = args.out / "urls.txt"
        urls_file.write_text("\n".join(sites.article_urls()) + "\n")
        say(f"{args.sites} sites ({sites.home_urls()[0]} ...), {args.articles} articles each, delay {delay}")
        cfg = trafilatura_config(cli.parent / "python", args.out / "trafilatura.cfg") if cli else None
        for r in range(args.runs):
            for name, tree in trees.items():
                say(f"{name} {r + 1}/{args.runs} ...")
                home = args.out / f"home-{list(trees).index(name)}-{r}"
                tools[name].append(measure_newsearch(sites, tree, home, args.articles, args.timeout))
            if cli and cfg:
                say(f"trafilatura CLI {r + 1}/{args.runs} ...")
                tools.setdefault("trafilatura CLI", []).append(
                    measure_trafilatura(sites, cli, urls_file, args.out / f"trafilatura-{r}", cfg))
        if args.profile:
            say("one more crawl, profiled ...")
            profile_text = profile(sites, next(iter(trees.values())), args.out / "home-profiled", args.articles, args.out,
                                   args.timeout)
    res["tools"] = tools
    say("timing extraction alone ...")
    whole = BenchSite(templates, args.sites * args.articles)  # the same pages, as often as the sites use them
    res["limit"] = extraction_costs(whole, Counter(s.template for s in whole.stories), args.limit_passes)
    res["versions"] = versions(sys.executable, ["scrapy", "trafilatura", "lxml", "warcio", "twisted"])
    res["profile_text"] = profile_text
    print(render(res, profile_text))
    (args.out / "results.json").write_text(json.dumps(res, indent=2, default=str))
    return 0 if all(r["rc"] == 0 for name in trees for r in tools[name]) else 1


if __name__ == "__main__":
    sys.exit(main())
