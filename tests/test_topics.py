"""Topic assignment as a user meets it: `--topic` finds stories whose page names no
section, in any language, and what a site says about its own sections still counts."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from crawler.extract import Article, extract_page
from crawler.extract.topics import choose_topics
from tests.conftest import run_cli
from tests.topic_pages import CUP_ES, CUP_ZH, FIRE_DE, FIRE_EN, FLOOD_FI, QUAKE_JA, STRIKE, THEFT_PL, article_page

OPAQUE = "https://www.courier.example/a/7f3k2q9"


def extract(html: str, url: str = OPAQUE) -> Article:
    art = extract_page(html.encode(), url)
    assert isinstance(art, Article), art
    return art


@pytest.mark.parametrize("story, topic", [(STRIKE, "labour"), (FIRE_DE, "disaster"), (QUAKE_JA, "disaster"),
                                          (CUP_ES, "sport"), (FIRE_EN, "disaster"), (THEFT_PL, "crime"),
                                          (FLOOD_FI, "disaster"), (CUP_ZH, "sport")])
def test_a_story_whose_page_names_no_section_gets_its_topic_from_the_text(story, topic):
    art = extract(article_page(story))
    assert art.topics[0] == topic
    assert art.topic_source == "text"


def test_sections_and_folders_in_other_languages_name_their_topic():
    french = extract(article_page(STRIKE, section_meta='<meta property="article:section" content="Économie">'))
    assert (french.topics[0], french.topic_source) == ("economy", "section")
    spanish = extract(article_page(CUP_ES), url="https://www.courier.example/deportes/futbol/la-seleccion-remonta")
    assert (spanish.topics[0], spanish.topic_source) == ("sport", "url")
    korean = extract(article_page(CUP_ES, section_meta='<meta property="article:section" content="스포츠">'))
    assert korean.topics[0] == "sport" and korean.topic_source == "section"


def test_the_site_s_section_leads_and_the_text_adds_what_the_story_is_also_about():
    # a strike filed under Business: the section stays the main topic, labour follows it
    art = extract(article_page(STRIKE, section_meta='<meta property="article:section" content="Business">'))
    assert art.topics[:2] == ["economy", "labour"]
    assert art.topic_source == "section"


def test_foreign_topic_words_do_not_fire_inside_unrelated_english_words():
    # "parti"/"partia" (party), "proces" (trial) and "opera" begin "particular", "process" and
    # "operation": an English text made only of such words names no topic at all
    text = ("A particular way of processing\nOperators participated partially in each process, and the "
            "operation ran particularly smoothly, participants said of the procession.")
    assert choose_topics([], "/a/7f3k2q9", [], None, text) == ([], "none")


def test_a_page_with_nothing_to_go_on_gets_no_topic_rather_than_a_guess():
    assert choose_topics([], "/a/7f3k2q9", ["Latest"], None, "Notes\nLorem ipsum dolor sit amet 12 34") == ([], "none")


# ---- the whole way: crawl a loopback site, then filter by topic --------------------------------
STORIES = {
    "/2025/11/17/drivers-walk-out-at-parcel-depots/": STRIKE,
    "/2025/11/18/grossbrand-in-lagerhalle-feuerwehr-warnt/": FIRE_DE,
    "/2025/11/19/la-seleccion-remonta-en-el-descuento/": CUP_ES,
    "/2025/11/20/a8c41e/": FIRE_EN,  # an opaque URL: nothing but the words says "disaster"
}


class _Courier(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/robots.txt":
            body, ctype, status = b"User-agent: *\nAllow: /\n", "text/plain", 200
        elif self.path == "/":
            links = "".join(f'<li><a href="{p}">{s["headline"]}</a></li>' for p, s in STORIES.items())
            body = f"<!DOCTYPE html><html><head><title>The Courier</title></head><body><h1>The Courier</h1><ul>{links}</ul></body></html>".encode()
            ctype, status = "text/html; charset=utf-8", 200
        elif self.path in STORIES:
            body, ctype, status = article_page(STORIES[self.path]).encode(), "text/html; charset=utf-8", 200
        else:
            body, ctype, status = b"<html><body><h1>Page not found</h1></body></html>", "text/html", 404
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def courier_home(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.3", 0), _Courier)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        home = tmp_path_factory.mktemp("courier") / "home"
        result = run_cli(home, "crawl", f"http://127.0.0.3:{server.server_address[1]}/", "--delay", "0")
        assert result.returncode == 0, result.stderr
        yield home
    finally:
        server.shutdown()
        server.server_close()


def titles(home, *args: str) -> list[str]:
    result = run_cli(home, "query", *args, "--json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line)["title"] for line in result.stdout.splitlines() if line.strip()]


def test_topic_labour_finds_the_strike_whose_page_names_no_section(courier_home):
    assert titles(courier_home, "strike", "--topic", "labour") == [STRIKE["headline"]]
    assert titles(courier_home, "strike", "--topic", "sport") == []


def test_topic_disaster_finds_the_tower_block_fire(courier_home):
    assert titles(courier_home, "fire", "--topic", "disaster") == [FIRE_EN["headline"]]
    assert titles(courier_home, "fire", "--topic", "labour") == []


def test_topic_disaster_finds_the_german_fire(courier_home):
    assert titles(courier_home, "Feuer", "--topic", "disaster") == [FIRE_DE["headline"]]
    assert FIRE_DE["headline"] not in titles(courier_home, "Feuer", "--topic", "labour")


# ---- the shipped model and the benchmark ------------------------------------------------------
def test_the_shipped_model_was_built_from_the_current_seed_vocabulary():
    # changing crawler/extract/topic_lexicon.py without rerunning tools/build_topic_model.py
    # would leave new stems unweighted and dropped ones still counting
    from crawler.extract import topic_model

    model = topic_model.shipped()
    assert model is not None, "crawler/extract/topic_model.json.gz is missing or unreadable"
    plain, _, cjk = topic_model._seed_index()
    assert set(model.logp) == {"s:" + stem for stem in [*plain, *(s for s, _ in cjk)]}


CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not (CORPUS / "topics.jsonl").is_file(), reason="../shared/corpus (the labelled pages) is absent")
def test_the_topic_benchmark_scores_before_and_after_leaving_sites_out():
    from tests.test_benchmarks_smoke import run_benchmark

    res = run_benchmark("topics.py", "--quick", "--runs", "1")
    assert res.returncode == 0, res.stderr
    assert "| method | pages | main found | P | R | F1 | none |" in res.stdout
    assert "| after, leave-site-out |" in res.stdout


@pytest.mark.skipif(not (CORPUS / "topics.jsonl").is_file(), reason="../shared/corpus (the labelled pages) is absent")
def test_topics_of_corpus_pages_whose_site_the_model_never_saw():
    # floors just under benchmarks/RESULTS.md "## Topics" (after, leave-site-out): every page is
    # scored by a model trained on the other sites only, as a site the crawl meets for the first time
    from benchmarks.topics import leave_site_out_by_language

    scores = leave_site_out_by_language(CORPUS)
    overall, english, german = scores["all"], scores["en"], scores["de"]
    assert overall["topic_main_found"].n >= 300
    assert overall["topic_main_found"].value >= 0.80
    assert overall["topic_f1"].value >= 0.69
    assert overall["topic_precision"].value >= 0.73
    assert overall["topic_none"].value <= 0.02
    assert english["topic_main_found"].value >= 0.82
    assert german["topic_main_found"].value >= 0.78
