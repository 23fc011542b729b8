"""Score newsearch's topic assignment against the hand-labelled IPTC topics of the corpus.

    PYTHONPATH=. .venv/bin/python benchmarks/topics.py [--corpus PATH] [--before-ref REF] [--quick] [--runs N]

Each corpus page goes through ``extract_page`` once; the evidence it hands to
``choose_topics`` (sections, URL path, tags, site topic, title and text) is recorded,
and every method is then scored on that same evidence:

- **before**: ``choose_topics`` of git ref ``--before-ref`` (default: main before issue 13),
  read with ``git show``: sections, URL, tags in order, then the English keyword list;
- **after, leave-site-out**: this branch's ``choose_topics`` with a text model trained
  on the hand labels of every *other* site (never on a page of the scored site);
- **self-taught, leave-site-out**: the same, but the model learns only from what other
  sites' own sections, URLs and tags say (option (a) of issue 13: the labels an index
  has without any hand labelling);
- **evidence only**: no text model (what sections, URLs and tags alone give);
- **text model only, leave-site-out**: the classifier alone, no evidence.

Scores: *main found* (the labelled main topic is among the topics given), micro
precision / recall / F1 of the topic sets, *none* (no topic at all); overall and per
language (the extracted ``language``; a language with one site is still left out
whole). Timing: ``choose_topics`` alone, and ``extract_page`` as a whole with this branch's and
with the old ``choose_topics`` (passes interleaved, median of ``--runs``).

``leave_site_out_by_language`` returns the *after, leave-site-out* scores per language
in the shape of ``benchmarks.extraction.by_language`` (for its ``topic_language_table``).
``tools/build_topic_model.py`` trains the shipped model on all pages with
``train_examples`` below.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import types
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import crawler.extract.article as article_module  # noqa: E402
from benchmarks._common import DEFAULT_CORPUS  # noqa: E402
from benchmarks.extraction import Ratio, load_corpus, load_topics, topic_counts  # noqa: E402
from crawler.extract import Article, extract_page  # noqa: E402
from crawler.extract import topic_model, topics  # noqa: E402

BEFORE_REF = "a94a5e0"  # main as it was before issue 13's topic work
LANGUAGE_NAMES = {"kr": "ko", "eng": "en", "nb": "no", "nn": "no"}


@dataclass
class Evidence:
    """What extract_page handed to choose_topics for one page, and the page's truth."""

    id: str
    site: str
    language: str
    gold: list[str]
    sections: list[str]
    path: str
    tags: list[str]
    text: str


def load_evidence(corpus: Path, limit: int | None = None) -> list[Evidence]:
    """Run every labelled corpus page through extract_page, recording choose_topics' input."""
    labels = load_topics(corpus)
    seen: list[dict[str, Any]] = []
    real = article_module.choose_topics

    def recording(sections, path, tags, site_topic, text, **kw):  # noqa: ANN001
        seen.append({"sections": list(sections), "path": path, "tags": list(tags), "text": text})
        return real(sections, path, tags, site_topic, text, **kw)

    out: list[Evidence] = []
    article_module.choose_topics = recording
    try:
        for page in load_corpus(corpus):
            if page.id not in labels:
                continue
            if limit is not None and len(out) >= limit:
                return out
            seen.clear()
            result = extract_page(page.html, page.url)
            if not isinstance(result, Article) or not seen:
                continue
            lang = (result.language or "?").lower()
            out.append(Evidence(page.id, page.site or page.url.split("/")[2],
                                LANGUAGE_NAMES.get(lang, lang), list(labels[page.id]), **seen[-1]))
    finally:
        article_module.choose_topics = real
    return out


def train_examples(pages: list[Evidence], labels: Callable[[Evidence], list[str]] | None = None):
    """(features, topics) pairs as choose_topics computes features at crawl time."""
    for page in pages:
        topics_ = labels(page) if labels else page.gold
        if topics_:
            title, _, body = page.text.partition("\n")
            yield topic_model.features(title, body, topics.classifier_labels(page.sections, page.tags)), topics_


def evidence_labels(page: Evidence) -> list[str]:
    """What the page's own sections, URL and tags name, without any text model: the
    labels a self-taught index would learn from."""
    found, source = topics.choose_topics(page.sections, page.path, page.tags, None, "", model=_EMPTY)
    return found if source in ("section", "url", "tags") else []


class _NoModel(topic_model.TopicModel):
    def ranked(self, feats):  # noqa: ANN001, ANN201
        return []


_EMPTY = _NoModel({}, {}, {})


def old_choose_topics(ref: str) -> Callable[..., tuple[list[str], str]] | None:
    """``choose_topics`` as it is at git *ref* (with that ref's taxonomy), or None."""
    try:
        def show(path: str) -> str:
            return subprocess.run(["git", "show", f"{ref}:{path}"], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout
        taxonomy = types.ModuleType("old_taxonomy")
        exec(compile(show("indexer/topics.py"), f"{ref}:indexer/topics.py", "exec"), taxonomy.__dict__)
        source = show("crawler/extract/topics.py").replace(
            "from indexer.topics import ALIASES, TOPICS, topic_for", "")
        old = types.ModuleType("old_topics")
        old.__dict__.update(ALIASES=taxonomy.ALIASES, TOPICS=taxonomy.TOPICS, topic_for=taxonomy.topic_for)
        exec(compile(source, f"{ref}:crawler/extract/topics.py", "exec"), old.__dict__)
        return old.choose_topics
    except (subprocess.CalledProcessError, OSError, SyntaxError, AttributeError) as exc:
        print(f"before: cannot read {ref}: {exc}", file=sys.stderr)
        return None


# ---------------------------------------------------------------------------- scoring


@dataclass
class Score:
    """Topic scores summed over pages, counted as benchmarks/extraction.py counts them."""

    pages: int = 0
    main: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    none: int = 0

    def add(self, got: list[str], gold: list[str]) -> None:
        main, tp, fp, fn = topic_counts(got, tuple(gold))
        self.pages += 1
        self.main += main
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn
        self.none += not got

    def ratios(self) -> dict[str, Ratio]:
        """The scores as ``benchmarks/extraction.py`` keeps them (its ``topic_summary`` keys)."""
        f1 = 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0
        return {
            "topic_main_found": Ratio(self.main, self.pages),
            "topic_precision": Ratio(self.tp, self.tp + self.fp),
            "topic_recall": Ratio(self.tp, self.tp + self.fn),
            "topic_f1": Ratio(self.pages * f1, self.pages),
            "topic_none": Ratio(self.none, self.pages),
        }

    def row(self) -> list[str]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return [str(self.pages), f"{self.main / self.pages:.0%}", f"{p:.2f}", f"{r:.2f}", f"{f:.2f}",
                f"{self.none / self.pages:.0%}"]


def score(pages: list[Evidence], predictions: dict[str, list[str]]) -> dict[str, Score]:
    """Per language and ``all``."""
    out: dict[str, Score] = defaultdict(Score)
    for page in pages:
        out["all"].add(predictions[page.id], page.gold)
        out[page.language].add(predictions[page.id], page.gold)
    return out


def leave_site_out(pages: list[Evidence], predict: Callable[[Evidence, topic_model.TopicModel], list[str]],
                   labels: Callable[[Evidence], list[str]] | None = None) -> dict[str, list[str]]:
    """Predictions for each site's pages by a model trained on every other site's pages."""
    out: dict[str, list[str]] = {}
    # each page's features once, not once a fold (216 folds: 35 s of 41 went to features)
    examples = [(page, example) for page in pages for example in train_examples([page], labels)]
    for site in sorted({p.site for p in pages}):
        model = topic_model.train(example for page, example in examples if page.site != site)
        for page in pages:
            if page.site == site:
                out[page.id] = predict(page, model)
    return out


def leave_site_out_by_language(corpus: Path = DEFAULT_CORPUS,
                               pages: list[Evidence] | None = None) -> dict[str, dict[str, Ratio]]:
    """This branch's topic scores with every page scored by a text model trained on the
    *other* sites only (the fair figure: the shipped model saw every corpus page), as
    ``{"all" or language: {"topic_main_found", "topic_precision", "topic_recall",
    "topic_f1", "topic_none": Ratio}}``, languages by number of pages: the shape of
    ``benchmarks.extraction.by_language``, so ``topic_language_table`` prints it."""
    pages = load_evidence(corpus) if pages is None else pages
    scored = score(pages, leave_site_out(pages, after))
    order = ["all", *(lang for lang, _ in Counter(p.language for p in pages).most_common())]
    return {key: scored[key].ratios() for key in order}


def after(page: Evidence, model: topic_model.TopicModel) -> list[str]:
    return topics.choose_topics(page.sections, page.path, page.tags, None, page.text, model=model)[0]


def text_only(page: Evidence, model: topic_model.TopicModel) -> list[str]:
    return topics.choose_topics([], "/", [], None, page.text, model=model)[0]


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|---|" + "---:|" * (len(headers) - 1)]
    return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--before-ref", default=BEFORE_REF,
                        help=f"git ref whose choose_topics is 'before' (default {BEFORE_REF}: main before issue 13)")
    parser.add_argument("--quick", action="store_true", help="40 pages: a smoke run")
    parser.add_argument("--runs", type=int, default=3, help="timing passes (interleaved); the median counts")
    args = parser.parse_args(argv)
    if not (args.corpus / "topics.jsonl").is_file():
        print(f"error: no topics.jsonl in {args.corpus}", file=sys.stderr)
        return 1
    print("extracting the corpus…", file=sys.stderr)
    pages = load_evidence(args.corpus, 40 if args.quick else None)

    methods: dict[str, dict[str, list[str]]] = {}
    old = old_choose_topics(args.before_ref)
    if old:
        methods[f"before ({args.before_ref})"] = {p.id: old(p.sections, p.path, p.tags, None, p.text)[0] for p in pages}
    methods["after, leave-site-out"] = leave_site_out(pages, after)
    methods["self-taught, leave-site-out"] = leave_site_out(pages, after, evidence_labels)
    methods["evidence only"] = {p.id: topics.choose_topics(p.sections, p.path, p.tags, None, p.text, model=_EMPTY)[0]
                                for p in pages}
    methods["text model only, leave-site-out"] = leave_site_out(pages, text_only)
    seed_only = topic_model.train([])
    methods["seed vocabulary only (untrained)"] = {p.id: after(p, seed_only) for p in pages}
    methods["shipped model (trained on these pages: not a fair score)"] = {
        p.id: after(p, topic_model.shipped() or _EMPTY) for p in pages}

    headers = ["method", "pages", "main found", "P", "R", "F1", "none"]
    print(f"## Topics: {len(pages)} labelled corpus pages, {len({p.site for p in pages})} sites\n")
    print(table(headers, [[name, *score(pages, pred)["all"].row()] for name, pred in methods.items()]))

    languages = [lang for lang, _ in Counter(p.language for p in pages).most_common()]
    for name in (n for n in methods if n.startswith(("before", "after"))):
        scored = score(pages, methods[name])
        print(f"\n### {name}, per language\n")
        print(table(["language", "pages", "main found", "P", "R", "F1", "none"],
                    [[lang, *scored[lang].row()] for lang in languages]))

    print("\n### Cost\n")
    print(cost_table(args.corpus, pages, old, args.runs, 40 if args.quick else None))
    return 0


def cost_table(corpus: Path, pages: list[Evidence], old: Callable[..., Any] | None, runs: int,
               limit: int | None) -> str:
    """ms a page of choose_topics alone, and of extract_page with this branch's and with
    the old choose_topics, passes interleaved so that a busy machine slows both alike."""
    model = topic_model.shipped() or topic_model.train([])
    choose: dict[str, list[float]] = defaultdict(list)
    whole: dict[str, list[float]] = defaultdict(list)
    variants = {"after": topics.choose_topics}
    if old:
        variants["before"] = lambda sections, path, tags, site_topic, text, **kw: old(sections, path, tags, site_topic, text)
    htmls = _pages_html(corpus, limit)
    real = article_module.choose_topics
    for html, url in htmls:  # warm up: imports, caches, the model
        extract_page(html, url)
    try:
        for run in range(runs):
            for name, fn in (list(variants.items()) if run % 2 == 0 else list(variants.items())[::-1]):
                start = time.perf_counter()
                for p in pages:
                    fn(p.sections, p.path, p.tags, None, p.text, **({"model": model} if name == "after" else {}))
                choose[name].append((time.perf_counter() - start) / len(pages) * 1000)
                article_module.choose_topics = fn
                start = time.perf_counter()
                for html, url in htmls:
                    extract_page(html, url)
                whole[name].append((time.perf_counter() - start) / len(htmls) * 1000)
                article_module.choose_topics = real
    finally:
        article_module.choose_topics = real
    rows = []
    for name in variants:
        rows.append([name, f"{statistics.median(choose[name]):.2f}", f"{statistics.median(whole[name]):.1f}"])
    text = table(["choose_topics", "ms/page alone", "extract_page ms/page"], rows)
    if old:
        a, b = statistics.median(whole["after"]), statistics.median(whole["before"])
        text += f"\n\nextract_page with this branch's topics vs the old: {a / b - 1:+.1%} (median of {runs} interleaved passes)."
    return text


def _pages_html(corpus: Path, limit: int | None) -> list[tuple[bytes, str]]:
    return [(page.html, page.url) for page in load_corpus(corpus, limit)]


if __name__ == "__main__":
    sys.exit(main())
