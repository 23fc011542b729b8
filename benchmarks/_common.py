"""Shared helpers of the benchmarks: paths, Markdown tables, and measuring a whole
process tree (wall time, CPU of every descendant, peak memory).

Only the standard library, so every benchmark runs under the project's venv.
"""
from __future__ import annotations

import ctypes
import errno
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

ROOT = Path(__file__).resolve().parent.parent
#: The corpus of real pages, beside the repository (never copied into it).
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"
#: Where benchmarks/setup_peers.sh puts the venvs of the tools compared with newsearch.
VENVS = Path(os.environ.get("NEWSEARCH_BENCH_VENVS", str(ROOT.parent / "bench-venvs")))
OUT = ROOT / "benchmarks" / "out"
GUARD_DIR = Path(__file__).resolve().parent / "_loopback"
CLK_TCK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


# ---- printing -----------------------------------------------------------------------------
def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table (numbers right-aligned)."""
    cells = [[fmt(c) for c in row] for row in rows]
    numeric = [all(_is_num(r[i]) for r in rows) and rows for i in range(len(headers))]
    out = ["| " + " | ".join(headers) + " |", "|" + "|".join("---:" if numeric[i] else "---" for i in range(len(headers))) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in cells]
    return "\n".join(out)


def _is_num(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def fmt(v: Any) -> str:
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, int):
        return f"{v:,}"
    if isinstance(v, float):
        a = abs(v)
        if a >= 100:
            return f"{v:,.0f}"
        if a >= 10:
            return f"{v:.1f}"
        if a >= 1:
            return f"{v:.2f}"
        if a >= 0.01:
            return f"{v:.3f}"
        return f"{v:.4f}"
    return str(v)


def median(xs: Sequence[float]) -> float:
    return float(statistics.median(xs)) if xs else float("nan")


def percentile(xs: Sequence[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100)."""
    if not xs:
        return float("nan")
    s = sorted(xs)
    k = max(0, min(len(s) - 1, int(round(p / 100 * len(s) + 0.5)) - 1))
    return s[k]


def say(*args: Any) -> None:
    """Progress on stderr (the tables go to stdout)."""
    print(*args, file=sys.stderr, flush=True)


def du(path: Path) -> int:
    """Bytes on disk of a file or folder."""
    path = Path(path)
    if path.is_file():
        return path.stat().st_blocks * 512
    return sum(p.stat().st_blocks * 512 for p in path.rglob("*") if p.is_file())


# ---- environment ---------------------------------------------------------------------------
def guarded_env(extra: dict[str, str] | None = None, pythonpath: Sequence[Path] = ()) -> dict[str, str]:
    """The environment for a benchmark subprocess: the loopback guard first on
    PYTHONPATH (see _loopback/sitecustomize.py), then *pythonpath*."""
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSEARCH_HOME", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in (GUARD_DIR, *pythonpath))
    env.setdefault("PYTHONHASHSEED", "0")
    env.update(extra or {})
    return env


def venv_python(name: str) -> Path | None:
    """The python of one of the peer venvs, or None when it is not installed."""
    p = VENVS / name / "bin" / "python"
    return p if p.exists() else None


def versions(python: str | Path, packages: Sequence[str]) -> dict[str, str]:
    """Installed versions of *packages* in the interpreter *python*."""
    code = (
        "import importlib.metadata as m, json, sys\n"
        "out = {}\n"
        "for p in sys.argv[1:]:\n"
        "    try: out[p] = m.version(p)\n"
        "    except Exception: pass\n"
        "print(json.dumps(out))\n"
    )
    try:
        import json

        res = subprocess.run([str(python), "-c", code, *packages], capture_output=True, text=True, timeout=60)
        return json.loads(res.stdout or "{}")
    except Exception:
        return {}


def tree_label(tree: Path) -> str:
    """``PATH (BRANCH @ COMMIT)`` of a git checkout, ``+ uncommitted changes`` when it has
    some, so a figure says which code made it."""
    def git(*args: str) -> str:
        try:
            res = subprocess.run(["git", "-C", str(tree), *args], capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return ""
        return res.stdout.strip() if res.returncode == 0 else ""

    commit, branch = git("rev-parse", "--short", "HEAD"), git("rev-parse", "--abbrev-ref", "HEAD")
    if not commit:
        return str(tree)
    dirty = ", + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else ""
    return f"{tree} ({branch} @ {commit}{dirty})"


def machine() -> str:
    """One line: cores, CPU model, memory, OS, Python."""
    model = ""
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PHYS_PAGES") * PAGE / 2**30
    return f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB, {platform.system()} {platform.release()}, Python {platform.python_version()}"


# ---- process trees -------------------------------------------------------------------------
def set_subreaper() -> bool:
    """Make this process the reaper of its orphaned descendants, so that the CPU time
    of grandchildren (a forkserver and its workers) still lands in RUSAGE_CHILDREN."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_CHILD_SUBREAPER = 36
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except Exception:
        return False


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2 :].split()[1])
        kids.setdefault(ppid, []).append(int(name))
    return kids


def descendants(pid: int) -> list[int]:
    kids = _children_map()
    out, todo = [], list(kids.get(pid, []))
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out


def _rss_pss(pid: int) -> tuple[int, int]:
    rss = pss = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            for line in f:
                if line.startswith("Rss:"):
                    rss = int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss = int(line.split()[1]) * 1024
    except OSError:
        pass
    return rss, pss


def _cpu_ticks(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        fields = stat[stat.rindex(b")") + 2 :].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    except (OSError, ValueError, IndexError):
        return 0


def _proc_info(pid: int) -> tuple[int, str]:
    """(parent pid, command line) of a running process; (0, "") once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ").decode("utf-8", "replace").strip()
        return int(stat[stat.rindex(b")") + 2 :].split()[1]), cmd
    except (OSError, ValueError, IndexError):
        return 0, ""


@dataclass
class TreeSampler:
    """Samples the RSS and PSS of every descendant of *root* every *interval* s."""

    root: int
    interval: float = 0.2
    peak_rss: int = 0
    peak_pss: int = 0
    peak_procs: int = 0
    samples: int = 0
    cpu_ticks: dict[int, int] = field(default_factory=dict)
    info: dict[int, tuple[int, str]] = field(default_factory=dict)  # pid -> (parent pid, command line)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        pids = descendants(self.root)
        rss = pss = 0
        for pid in pids:
            r, p = _rss_pss(pid)
            rss += r
            pss += p
            self.cpu_ticks[pid] = max(self.cpu_ticks.get(pid, 0), _cpu_ticks(pid))
            if pid not in self.info:
                self.info[pid] = _proc_info(pid)
        self.samples += 1
        self.peak_rss = max(self.peak_rss, rss)
        self.peak_pss = max(self.peak_pss, pss)
        self.peak_procs = max(self.peak_procs, len(pids))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> "TreeSampler":
        self._thread = threading.Thread(target=self._run, name="TreeSampler", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=5)


@dataclass
class Run:
    """What one measured process tree did."""

    cmd: list[str]
    rc: int
    wall: float
    cpu_user: float
    cpu_sys: float
    cpu_main: float  # the process itself (and any children it reaped itself)
    peak_rss: int
    peak_pss: int
    peak_procs: int
    cpu_sampled: float  # sum of the last /proc sample of each process (a lower bound, cross-check)
    stdout: str
    stderr: str
    #: every process of the tree seen: pid, ppid, cmd and its own CPU s at its last sample
    procs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cpu(self) -> float:
        return self.cpu_user + self.cpu_sys


def reap_orphans(timeout: float = 20.0) -> None:
    """Wait for every descendant left behind (reparented to us as subreaper)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        except OSError as exc:
            if exc.errno == errno.ECHILD:
                return
            raise
        if pid == 0:
            time.sleep(0.05)


def run_measured(cmd: Sequence[str], *, env: dict[str, str] | None = None, cwd: Path | None = None,
                 timeout: float = 900, interval: float = 0.2) -> Run:
    """Run *cmd* to its end; CPU of it and all its descendants (RUSAGE_CHILDREN around it,
    orphans reaped as subreaper), CPU of its own process (wait4), peak RSS/PSS of the
    tree sampled every *interval* s.

    Must not overlap with other child processes of this process."""
    import tempfile

    set_subreaper()
    reap_orphans(0.0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.monotonic()
        with TreeSampler(os.getpid(), interval) as sampler:
            proc = subprocess.Popen(list(cmd), env=env, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, text=True)
            killer = threading.Timer(timeout, proc.kill)
            killer.start()
            try:
                _, status, own = os.wait4(proc.pid, 0)
            finally:
                killer.cancel()
            proc.returncode = os.waitstatus_to_exitcode(status)
            wall = time.monotonic() - started
            sampler.sample()
        reap_orphans()
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if wall >= timeout:
        stderr += f"\n[benchmark: killed after {timeout} s]"
    return Run(
        cmd=list(cmd), rc=proc.returncode, wall=wall,
        cpu_user=after.ru_utime - before.ru_utime, cpu_sys=after.ru_stime - before.ru_stime,
        cpu_main=own.ru_utime + own.ru_stime,
        peak_rss=sampler.peak_rss, peak_pss=sampler.peak_pss, peak_procs=sampler.peak_procs,
        cpu_sampled=sum(sampler.cpu_ticks.values()) / CLK_TCK, stdout=stdout, stderr=stderr,
        procs=[{"pid": pid, "ppid": sampler.info.get(pid, (0, ""))[0], "cmd": sampler.info.get(pid, (0, ""))[1],
                "cpu": ticks / CLK_TCK} for pid, ticks in sampler.cpu_ticks.items()],
    )


def mib(n: float) -> float:
    return n / 2**20
