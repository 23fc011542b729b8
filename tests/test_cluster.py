"""Cluster mode (issue 14) against a real redis-server (tests/redisserver.py): several
worker processes and one writer crawl loopback sites into one index; kills of a
worker and of the writer, and a Redis restart, lose and double nothing."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable

import pytest

from tests.conftest import ROOT, run_cli
from tests.loopsites import Answer, LoopSite, news_sitemap, prose, robots, serve, wp_article, wp_page
from tests.redisserver import RedisServer, free_port

DELAY = 0.15


class WireDesk(LoopSite):
    """A small news site: robots.txt names a news sitemap of *count* stories (one
    with a non-Latin slug, one link broken); a home page with a sidebar of the
    newest five; articles with comment forms and a masthead date that is not theirs."""

    name = "Wire Desk"

    def __init__(self, count: int, seed: int = 0) -> None:
        self.paths = [f"/news/2025/11/{seed}-story-{i:03d}/" for i in range(count - 1)]
        self.paths.append(f"/news/2025/11/{seed}-%D0%BF%D0%BE%D1%80%D1%82-{seed}/")  # a Cyrillic slug
        self.seed = seed

    def route(self, path: str) -> Answer | None:
        if path == "/robots.txt":
            return robots(self.base, "/news-sitemap.xml")
        if path == "/news-sitemap.xml":
            entries = [(self.base + p, f"2025-11-{1 + i % 28:02d}T08:00:00+00:00", f"Story {i} of desk {self.seed}")
                       for i, p in enumerate(self.paths)]
            entries.append((self.base + "/news/2025/11/gone/", "2025-11-02T08:00:00+00:00", "Removed"))
            return Answer(body=news_sitemap(entries), content_type="application/xml")
        if path == "/":
            side = "".join(f'<li><a href="{p}">Story</a></li>' for p in self.paths[:5])
            return Answer(body=wp_page(self.name, "Home", f"<aside class='most-read'><ul>{side}</ul></aside>"))
        if path in self.paths:
            i = self.paths.index(path)
            return Answer(body=wp_article(self.name, f"Story {i} of desk {self.seed}", prose(1000 * self.seed + i, 180)))
        return None


def cli(home: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NEWSEARCH_HOME", None)
    return subprocess.Popen([sys.executable, "-m", "search_cli", "--home", str(home), *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)


def finish(proc: subprocess.Popen[str], timeout: float = 90) -> tuple[int, str, str]:
    out, err = proc.communicate(timeout=timeout)
    return proc.returncode, out, err


def wait_for(condition: Callable[[], Any], timeout: float = 30, what: str = "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def exported(home: Path) -> list[str]:
    result = run_cli(home, "export")
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["url"] for line in result.stdout.splitlines()]


def article_urls(site: WireDesk) -> set[str]:
    from indexer.urls import canonicalize

    return {canonicalize(site.base + p) for p in site.paths}


def cluster_toml(home: Path, url: str, lease: float, delay: float = DELAY) -> None:
    home.mkdir(parents=True, exist_ok=True)
    (home / "sites.toml").write_text(f'[crawl]\ndelay = {delay}\n\n[cluster]\nredis = "{url}"\nlease = {lease}\n')


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def client(server: RedisServer) -> Any:
    from crawler.cluster.connect import connect

    return connect(server.url)


# ---- the plain parts, against the real server ----------------------------------------------
def test_a_dead_workers_claimed_request_returns_after_its_lease(redis_server):
    from crawler.cluster.queue import LeasedQueue

    a, b = LeasedQueue(client(redis_server), lease_seconds=0.3), LeasedQueue(client(redis_server), lease_seconds=0.3)
    a.push(b"first", priority=10)
    a.push(b"second", priority=50)
    assert [d for _, d in a.claim(1)] == [b"second"]  # higher priority first
    assert [d for _, d in b.claim(5)] == [b"first"]
    assert b.claim(1) == [] and b.depth() == (0, 2)
    time.sleep(0.4)  # a's worker died: no ack, no renewal
    assert b.reap() == 2
    again = b.claim(5)
    assert sorted(d for _, d in again) == [b"first", b"second"]
    b.ack(*[rid for rid, _ in again])
    assert b.idle()


def test_a_429_seen_by_one_worker_slows_every_worker(redis_server):
    from crawler.cluster.pace import SharedPace

    one, other = SharedPace(client(redis_server), 0.1), SharedPace(client(redis_server), 0.1)
    assert one.turn("news.example", "a") == 0
    assert other.turn("news.example", "b") > 0  # one request to the site at a time, cluster-wide
    one.done("news.example", "a")
    assert 0.05 < other.turn("news.example", "b") <= 0.1  # and the next a delay after the answer
    time.sleep(0.11)
    assert other.turn("news.example", "b") == 0
    other.on_response("news.example", 429, 2.0, 0.05)  # the site said: not so fast, 2 s
    other.done("news.example", "b")
    assert one.turn("news.example", "a") > 1.9  # the delay plus the 2 s the site asked for, for both
    assert SharedPace(client(redis_server), 0.1).turn("other.example", "c") == 0  # other sites unaffected


def test_a_writer_killed_mid_batch_loses_and_doubles_nothing(redis_server, tmp_path):
    """What a writer killed mid-batch leaves: entries read but never acknowledged,
    some of them already stored. The next writer takes them over."""
    from crawler.cluster.connect import Keys
    from crawler.cluster.records import add_record, ensure_group, writer_lag
    from indexer.home import Home
    from indexer.store import RecordStore
    from indexer.writer import store_article

    r = client(redis_server)
    records = [{"url": f"https://desk.example/news/{i}/", "title": f"Story {i}", "text": " ".join(prose(i, 120)),
                "date": "2025-11-0%dT08:00:00+00:00" % (1 + i % 9), "crawled_at": "2025-11-20T10:00:00+00:00",
                "source": "Desk"} for i in range(12)]
    ensure_group(r)
    for record in records:
        add_record(r, "article", "desk.example", record)
    got = r.xreadgroup(Keys.group, "dead-writer", {Keys.records: ">"}, count=8)  # read, then killed
    assert len(got[0][1]) == 8
    home = Home(tmp_path / "home").ensure()
    with RecordStore(home.records_db) as store:  # its transaction for the first 3 had committed
        for record in records[:3]:
            store_article(store, json.loads(json.dumps(record)))
    result = run_cli(home.root, "ingest", "--redis", redis_server.url, "--wait", "0")
    assert result.returncode == 0, result.stderr
    assert "9 new, 0 updated, 3 unchanged" in result.stdout and "8 taken over" in result.stdout
    urls = exported(home.root)
    assert sorted(urls) == sorted(r["url"] for r in records)
    assert writer_lag(r) == (0, 0)


def test_a_worker_that_cannot_reach_redis_says_so_in_one_line(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"
    for args in (("worker", "--redis", url), ("crawl", "--redis", url, "http://127.0.0.1:9/"),
                 ("ingest", "--redis", url), ("stats", "--redis", url)):
        result = run_cli(tmp_path / "home", *args, timeout=60)
        assert result.returncode == 1, (args, result.stderr)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert result.stderr.startswith(f"Error: cannot reach Redis at {url}")


# ---- several processes over real HTTP ---------------------------------------------------------
def gaps(requests: list[tuple[str, int, float]]) -> list[float]:
    times = sorted(t for _, _, t in requests)
    return [b - a for a, b in zip(times, times[1:])]


def test_workers_and_a_writer_index_every_article_once_at_the_sites_pace(redis_server, tmp_path):
    one, two = WireDesk(10, seed=1), WireDesk(10, seed=2)
    with serve(one, "127.0.0.3") as s1, serve(two, "127.0.0.4") as s2:
        writer = cli(tmp_path / "index", "ingest", "--redis", redis_server.url)
        workers = [cli(tmp_path / f"worker{i}", "worker", "--redis", redis_server.url, "--workers", "1") for i in range(2)]
        crawl = run_cli(tmp_path / "seed", "crawl", "--redis", redis_server.url, "--delay", str(DELAY),
                        s1.base_url + "/", s2.base_url + "/")
        assert crawl.returncode == 0, crawl.stderr
        outputs = [finish(w) for w in workers] + [finish(writer)]
        for code, out, err in outputs:
            assert code == 0 and not err, err
        fetched = [int(line.split(" pages fetched")[0].split()[-1]) for line in [crawl.stdout] + [o for _, o, _ in outputs[:2]]]
        served = len(s1.requests) + len(s2.requests)
    assert sum(fetched) == served
    assert sum(1 for n in fetched if n) >= 2, fetched  # the work was shared
    urls = exported(tmp_path / "index")
    assert len(urls) == len(set(urls))  # each article once
    assert set(urls) == article_urls(one) | article_urls(two)
    for server in (s1, s2):
        paths = [p for p, _, _ in server.requests]
        assert len(paths) == len(set(paths))  # and fetched once, by one worker
        # the server's clock: no two requests to one site closer than the delay,
        # whichever worker sent them
        assert min(gaps(server.requests)) >= DELAY, sorted(gaps(server.requests))[:3]
    stats = run_cli(tmp_path / "seed", "stats", "--redis", redis_server.url, "--json")
    data = json.loads(stats.stdout)
    assert (data["queued"], data["leased"], data["writer_unread"], data["writer_pending"]) == (0, 0, 0, 0)
    assert data["stored"]["new"] == len(urls) and data["workers"] == []  # all left when the run was done
    assert set(data["pages_per_second"]) == {s1.base_url.split("//")[1], s2.base_url.split("//")[1]}
    text = run_cli(tmp_path / "seed", "stats", "--redis", redis_server.url).stdout
    assert "0 requests queued, 0 being fetched" in text and "lag 0 records unread, 0 read but not yet stored" in text


class SlowDesk(WireDesk):
    """A WireDesk whose stories are served only once *gate* says so, and slowly
    (0.3 s each): a worker holds its claimed requests long enough to be seen."""

    gate: Callable[[], bool] = staticmethod(lambda: True)

    def route(self, path: str) -> Answer | None:
        answer = super().route(path)
        if answer is not None and path in self.paths:
            asked = time.monotonic()
            answer.hold = lambda: self.gate() and time.monotonic() - asked > 0.3
        return answer


def test_a_worker_killed_mid_crawl_loses_nothing(redis_server, tmp_path):
    from crawler.cluster.connect import Keys, worker_name
    from crawler.cluster.queue import LeasedQueue

    site = SlowDesk(30, seed=3)
    with serve(site, "127.0.0.5") as srv:
        cluster_toml(tmp_path / "seed", redis_server.url, lease=1.5, delay=0.1)
        writer = cli(tmp_path / "index", "ingest", "--redis", redis_server.url)
        victim = cli(tmp_path / "victim", "worker", "--redis", redis_server.url, "--workers", "1")
        name = worker_name().rsplit(":", 1)[0] + f":{victim.pid}"
        watcher = client(redis_server)
        # however slowly the victim starts, no story is served before it has joined
        site.gate = lambda: watcher.zscore(Keys.workers, name) is not None
        crawl = cli(tmp_path / "seed", "crawl", srv.base_url + "/")  # cluster mode from sites.toml
        queue = LeasedQueue(client(redis_server))
        held = wait_for(lambda: queue.holders().get(name, 0), what="the victim holding requests")
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        code, out, err = finish(crawl)
        assert code == 0, err
        assert finish(writer)[0] == 0
    urls = exported(tmp_path / "index")
    assert len(urls) == len(set(urls)) and set(urls) == article_urls(site)
    stats = json.loads(run_cli(tmp_path / "seed", "stats", "--redis", redis_server.url, "--json").stdout)
    # what the victim held when killed went back after its lease (it may have finished
    # one of the `held` it was seen with in the instant before the kill)
    assert held >= 1 and stats["requeued"] >= 1


def test_the_writer_killed_and_redis_restarted_mid_crawl(redis_server, tmp_path):
    site = WireDesk(30, seed=4)
    from crawler.cluster.connect import Keys

    with serve(site, "127.0.0.6") as srv:
        writer = cli(tmp_path / "index", "ingest", "--redis", redis_server.url)
        crawl = cli(tmp_path / "seed", "crawl", "--redis", redis_server.url, "--delay", "0.1", srv.base_url + "/")
        r = client(redis_server)
        wait_for(lambda: int(r.hget(Keys.stored, "new") or 0) >= 1, what="the writer storing")
        writer.send_signal(signal.SIGKILL)  # mid-run: whatever it had read and not acknowledged stays pending
        writer.wait()
        wait_for(lambda: len(srv.requests) >= 15, what="more pages")
        redis_server.restart(down=1.0)  # the append-only file keeps the queue, the state and the stream
        code, out, err = finish(crawl)
        assert code == 0, err
        result = run_cli(tmp_path / "index", "ingest", "--redis", redis_server.url, "--wait", "0")
        assert result.returncode == 0, result.stderr
    urls = exported(tmp_path / "index")
    assert len(urls) == len(set(urls)) and set(urls) == article_urls(site)
    paths = [p for p, _, _ in srv.requests]
    assert len(paths) == len(set(paths))  # nothing fetched twice either


def test_without_a_cluster_setting_nothing_needs_redis(tmp_path):
    """A crawl with no [cluster] table and no --redis runs as before, on a Python
    where importing redis fails."""
    blocker = tmp_path / "no-redis"
    (blocker / "redis").mkdir(parents=True)
    (blocker / "redis" / "__init__.py").write_text("raise ImportError('redis must not be imported outside cluster mode')\n")
    site = WireDesk(3, seed=7)
    with serve(site, "127.0.0.7") as srv:
        result = run_cli(tmp_path / "home", "crawl", "--delay", "0", srv.base_url + "/",
                         env={"PYTHONPATH": f"{blocker}{os.pathsep}{ROOT}"})
        assert result.returncode == 0, result.stderr
    assert set(exported(tmp_path / "home")) == article_urls(site)


@pytest.mark.parametrize("table, message", [
    ('redis = "http://hub:6379/0"', "not a Redis URL"),
    ('redis = "redis://hub:6379/0"\nlease = 0', "lease must be a number of seconds from 1 to 3600"),
    ('reddis = "redis://hub:6379/0"', "unknown setting [cluster] reddis"),
])
def test_a_bad_cluster_table_is_one_clear_line(tmp_path, table, message):
    home = tmp_path / "home"
    home.mkdir()
    (home / "sites.toml").write_text(f"[cluster]\n{table}\n")
    result = run_cli(home, "crawl")
    assert result.returncode == 1 and message in result.stderr and result.stderr.count("\n") == 1, result.stderr
