"""Score newsearch's article extraction against the shared corpus of real news pages.

From the repository root:

    .venv/bin/python benchmarks/extraction.py

Options: ``--corpus PATH`` (default ``../shared/corpus`` beside the repository),
``--limit N`` (only the first N pages: a quick smoke run), ``--runs K`` (timing
runs, default 3) and ``--json PATH`` (every number, and a row per page).

``crawler.extract.extract_page`` (what the crawl runs) is compared with plain
trafilatura on the same pages in the same process: ``trafilatura.extract(html,
url=url)`` with default settings for the text, and a separate
``trafilatura.bare_extraction(html, url=url, with_metadata=True)`` for title, date and
authors. Both get the raw page bytes, exactly as saved. All runs are single-threaded
and in-process.

Scores (see benchmarks/README.md for the details):

- text: bag-of-words precision, recall and F1 against the truth ``body`` (lowercase
  ``\\w+`` tokens, multiset overlap), macro-averaged over pages; a rejected page or
  ``None`` is empty text and scores 0;
- date: the calendar day (YYYY-MM-DD) exactly, and within one day;
- title: exact after whitespace normalisation, and after casefolding and removing
  punctuation;
- authors: recall of the truth names (casefolded substring of the predicted names);
- topics (newsearch only): against the hand-labelled ``topics.jsonl`` (first topic the
  main one): main topic among the article's topics, micro precision/recall/F1 of the
  topic sets, articles with no topic; overall and per language (the page's declared
  ``<html lang>``, else a stopword guess on the truth body);
- date and title from the page alone: the same pages with their JSON-LD, date/time meta
  tags and ``og:title``/``twitter:title`` removed, so the date must come from the markup
  and text (``<time>``, datelines, the URL) and the title from the headings and
  ``<title>``: how newsearch does on sites that state neither;
- speed: pages per second on one core, the sum of ``time.perf_counter`` around each
  call, median over the runs. Quality comes from the first run.

After the table it lists the worst newsearch pages by F1, and every date, title and author miss.
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    # This checkout's code, even when the venv has another checkout installed (editable).
    sys.path.insert(0, str(ROOT))

import trafilatura  # noqa: E402

from benchmarks._common import DEFAULT_CORPUS  # noqa: E402
from crawler.extract import Article, Rejection, extract_page  # noqa: E402
from crawler.extract.article import parse_page, read_facts  # noqa: E402
from crawler.extract.decode import decode_html  # noqa: E402
from crawler.extract.headline import squash, visible_heading  # noqa: E402
from crawler.extract.language import guess_language, normalize_language  # noqa: E402

NEWSEARCH = "newsearch"
TRAFILATURA = "trafilatura"
EXTRACTORS = (NEWSEARCH, TRAFILATURA)
ALL = "all"
WORST = 10
TOKEN = re.compile(r"\w+", re.UNICODE)
DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.I)
STRUCTURED_DATES = (
    re.compile(rb"<script[^>]*application/ld\+json[^>]*>.*?</script\s*>", re.S | re.I),
    re.compile(rb"<meta\b[^>]*(?:date|time|pub|modified|updated|created|issued)[^>]*>", re.I),
    re.compile(rb"<meta\b[^>]*(?:og:title|twitter:title)[^>]*>", re.I),  # for the title from the page alone
)


# ---------------------------------------------------------------------------- corpus


@dataclass(frozen=True)
class Page:
    """One corpus page and its truth (None where the source set has none)."""

    folder: str
    id: str
    url: str
    site: str | None
    html: bytes
    body: str
    title: str | None
    date: str | None
    authors: tuple[str, ...]
    topics: tuple[str, ...] = ()  # hand-labelled IPTC topics, the first the main one
    language: str = "?"

    @property
    def label(self) -> str:
        """``folder/id``, long hash ids cut to 12 characters (glob the file)."""
        short = self.id if len(self.id) <= 40 else self.id[:12] + "…"
        return f"{self.folder}/{short}"


def load_topics(corpus: Path) -> dict[str, tuple[str, ...]]:
    """Page id -> its hand-labelled topics, from ``topics.jsonl`` (empty when absent)."""
    path = corpus / "topics.jsonl"
    if not path.is_file():
        return {}
    out: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                out[row["id"]] = tuple(row.get("topics") or ())
    return out


def page_language(html: bytes, body: str) -> str:
    """The page's declared language (``<html lang>``), else a stopword guess on the truth body."""
    m = HTML_LANG.search(html[:5000])
    lang = normalize_language(m.group(1).decode("ascii")) if m else None
    return lang or guess_language(body) or "?"


def without_structured_dates(html: bytes) -> bytes:
    """*html* with its JSON-LD, date-like meta tags and social titles removed: only markup
    and text can date it and give its title."""
    for pattern in STRUCTURED_DATES:
        html = pattern.sub(b"", html)
    return html


def load_corpus(corpus: Path, limit: int | None = None) -> list[Page]:
    """The pages of every ``<folder>/ground_truth.jsonl`` under *corpus*, folders sorted by name."""
    topics = load_topics(corpus)
    pages: list[Page] = []
    for truth_file in sorted(corpus.glob("*/ground_truth.jsonl")):
        folder = truth_file.parent
        with truth_file.open(encoding="utf-8") as fh:
            for line in fh:
                if limit is not None and len(pages) >= limit:
                    return pages
                if not line.strip():
                    continue
                row = json.loads(line)
                html_path = folder / row.get("file", "").removeprefix(folder.name + "/")
                if not html_path.is_file():
                    html_path = folder / "html" / f"{row['id']}.html.gz"
                html = gzip.decompress(html_path.read_bytes())
                pages.append(
                    Page(
                        folder=folder.name,
                        id=row["id"],
                        url=row["url"],
                        site=row.get("site"),
                        html=html,
                        body=row.get("body") or "",
                        title=row.get("title") or None,
                        date=row.get("date") or None,
                        authors=tuple(a for a in row.get("authors") or [] if a and a.strip()),
                        topics=topics.get(row["id"], ()),
                        language=page_language(html, row.get("body") or ""),
                    )
                )
    return pages


# ---------------------------------------------------------------------------- extractors


@dataclass
class Output:
    """What one extractor gave for one page, reduced to what is scored."""

    text: str = ""
    title: str | None = None
    date: str | None = None
    authors: list[str] = field(default_factory=list)
    date_source: str | None = None
    rejected: str | None = None  # newsearch's Rejection.reason; "none" when trafilatura gave nothing
    topics: list[str] | None = None  # None: the extractor gives no topics


def _newsearch_output(result: Article | Rejection) -> Output:
    if isinstance(result, Rejection):
        return Output(rejected=result.reason, topics=[])
    return Output(
        text=result.text or "",
        title=result.title or None,
        date=result.date,
        authors=list(result.authors),
        date_source=result.date_source,
        topics=list(result.topics),
    )


def _trafilatura_text_output(result: str | None) -> Output:
    return Output(text=result or "", rejected=None if result else "none")


def _trafilatura_meta_output(doc: Any) -> Output:
    if doc is None:
        return Output(rejected="none")
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return Output(title=doc.title or None, date=doc.date or None, authors=authors)


@dataclass(frozen=True)
class Extractor:
    """A call that is timed, and the untimed conversion of its result."""

    name: str
    call: Callable[[Page], Any]
    convert: Callable[[Any], Output]


PASSES = (
    Extractor("newsearch", lambda p: extract_page(p.html, p.url), _newsearch_output),
    Extractor("trafilatura.extract", lambda p: trafilatura.extract(p.html, url=p.url), _trafilatura_text_output),
    Extractor(
        "trafilatura.metadata",
        lambda p: trafilatura.bare_extraction(p.html, url=p.url, with_metadata=True),
        _trafilatura_meta_output,
    ),
)


ALONE: dict[str, Callable[[Page], Output]] = {
    NEWSEARCH: lambda p: _newsearch_output(extract_page(without_structured_dates(p.html), p.url)),
    TRAFILATURA: lambda p: _trafilatura_meta_output(
        trafilatura.bare_extraction(without_structured_dates(p.html), url=p.url, with_metadata=True)
    ),
}


def alone_outputs(name: str, pages: list[Page]) -> list[Output | None]:
    """*name*'s output on every dated or titled page with its structured dates and titles
    removed (None: a page with neither in its truth)."""
    out: list[Output | None] = []
    for page in pages:
        if not page.date and not page.title:
            out.append(None)
            continue
        try:
            out.append(ALONE[name](page))
        except Exception as exc:  # scored as no date
            out.append(Output(rejected=f"exception: {type(exc).__name__}"))
    return out


def score_newsearch(pages: list[Page]) -> list[PageScore]:
    """newsearch's scores on *pages*, untimed and without the trafilatura passes (what the tests use)."""
    outputs, _ = timed_pass(PASSES[0], pages)
    return [score_page(p, o, o, a) for p, o, a in zip(pages, outputs, alone_outputs(NEWSEARCH, pages))]


def timed_pass(extractor: Extractor, pages: list[Page]) -> tuple[list[Output], float]:
    """Run *extractor* over *pages*; its outputs and the summed seconds inside the calls."""
    outputs: list[Output] = []
    total = 0.0
    for page in pages:
        start = time.perf_counter()
        try:
            result = extractor.call(page)
        except Exception as exc:  # a crash is scored as empty output and shown as the reason
            total += time.perf_counter() - start
            outputs.append(Output(rejected=f"exception: {type(exc).__name__}: {exc}"[:120]))
            continue
        total += time.perf_counter() - start
        outputs.append(extractor.convert(result))
    return outputs, total


# ---------------------------------------------------------------------------- scoring


def bag(text: str) -> Counter[str]:
    return Counter(TOKEN.findall(text.lower()))


def text_scores(predicted: str, truth: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall, F1 (0 where undefined)."""
    got, want = bag(predicted), bag(truth)
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    precision = overlap / sum(got.values())
    recall = overlap / sum(want.values())
    return precision, recall, 2 * precision * recall / (precision + recall)


def day_of(value: str | None) -> date | None:
    """The YYYY-MM-DD at the start of an ISO date, as written (no timezone conversion)."""
    m = DAY.match((value or "").strip())
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def within_one_day(got: date | None, want: date | None) -> bool:
    return got is not None and want is not None and abs((got - want).days) <= 1


def instant_gap_hours(predicted: str | None, truth: str | None) -> float | None:
    """Hours from the truth's instant to the prediction's, when both carry a time and an offset."""
    try:
        p, t = datetime.fromisoformat(predicted or ""), datetime.fromisoformat(truth or "")
    except ValueError:
        return None
    if p.tzinfo is None or t.tzinfo is None:
        return None
    return (p - t).total_seconds() / 3600


def norm_space(text: str) -> str:
    return " ".join(text.split())


def norm_loose(text: str) -> str:
    """Casefolded, punctuation removed, invisible format characters (soft hyphen, ZWSP) dropped."""
    out = []
    for ch in text.casefold():
        category = unicodedata.category(ch)
        if category.startswith("P"):
            out.append(" ")
        elif category != "Cf":
            out.append(ch)
    return norm_space("".join(out))


def authors_found(predicted: list[str], truth: tuple[str, ...]) -> int:
    """How many truth names appear (casefolded) inside the predicted author strings."""
    haystack = " ; ".join(norm_space(a).casefold() for a in predicted)
    return sum(1 for name in truth if norm_space(name).casefold() in haystack)


@dataclass
class PageScore:
    """One extractor's scores on one page."""

    precision: float
    recall: float
    f1: float
    words: int
    rejected: str | None
    date: str | None
    date_source: str | None
    date_exact: bool | None  # None: the truth has no date
    date_within_1: bool | None
    title: str | None
    title_exact: bool | None
    title_loose: bool | None
    authors: list[str]
    authors_found: int
    topics: list[str] | None = None
    topic_main_found: bool | None = None  # None: no labelled topics, or the extractor gives none
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    date_alone: str | None = None  # the date found with JSON-LD and date metas removed
    date_alone_exact: bool | None = None
    title_alone_exact: bool | None = None  # the title found with JSON-LD and og/twitter titles removed


def topic_counts(predicted: list[str], truth: tuple[str, ...]) -> tuple[bool, int, int, int]:
    """(main topic found, true positives, false positives, false negatives) of one page's topic set."""
    got, want = set(predicted), set(truth)
    return truth[0] in got, len(got & want), len(got - want), len(want - got)


def score_page(page: Page, text_out: Output, meta_out: Output, alone_out: Output | None = None) -> PageScore:
    precision, recall, f1 = text_scores(text_out.text, page.body)
    truth_day, got_day = day_of(page.date), day_of(meta_out.date)
    has_date = truth_day is not None
    title = norm_space(meta_out.title) if meta_out.title else None
    score = PageScore(
        precision=precision,
        recall=recall,
        f1=f1,
        words=len(TOKEN.findall(text_out.text)),
        rejected=text_out.rejected,
        date=meta_out.date,
        date_source=meta_out.date_source,
        date_exact=(got_day == truth_day) if has_date else None,
        date_within_1=within_one_day(got_day, truth_day) if has_date else None,
        title=title,
        title_exact=(title == norm_space(page.title)) if page.title else None,
        title_loose=(title is not None and norm_loose(title) == norm_loose(page.title)) if page.title else None,
        authors=meta_out.authors,
        authors_found=authors_found(meta_out.authors, page.authors),
    )
    if page.topics and meta_out.topics is not None:
        score.topics = meta_out.topics
        score.topic_main_found, score.topic_tp, score.topic_fp, score.topic_fn = topic_counts(meta_out.topics, page.topics)
    if has_date and alone_out is not None:
        score.date_alone = alone_out.date
        score.date_alone_exact = day_of(alone_out.date) == truth_day
    if page.title and alone_out is not None:
        score.title_alone_exact = norm_space(alone_out.title or "") == norm_space(page.title)
    return score


@dataclass
class Ratio:
    hits: float
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None


def summarize(pages: list[Page], scores: list[PageScore], kept: list[bool]) -> dict[str, Ratio]:
    """Every quality metric over *pages* (a scope), as hits out of n.

    *kept* marks the pages newsearch did not reject: the ``*_kept`` metrics, on those
    pages only, tell extraction misses from rejection misses.
    """
    n = len(pages)
    dated = [s for s in scores if s.date_exact is not None]
    titled = [s for s in scores if s.title_exact is not None]
    kept_scores = [s for s, k in zip(scores, kept) if k]
    kept_dated = [s for s in kept_scores if s.date_exact is not None]
    return {
        "text_precision": Ratio(sum(s.precision for s in scores), n),
        "text_recall": Ratio(sum(s.recall for s in scores), n),
        "text_f1": Ratio(sum(s.f1 for s in scores), n),
        "text_f1_kept": Ratio(sum(s.f1 for s in kept_scores), len(kept_scores)),
        "no_text": Ratio(sum(1 for s in scores if s.rejected), n),
        "date_exact_day": Ratio(sum(1 for s in dated if s.date_exact), len(dated)),
        "date_exact_day_kept": Ratio(sum(1 for s in kept_dated if s.date_exact), len(kept_dated)),
        "date_within_1_day": Ratio(sum(1 for s in dated if s.date_within_1), len(dated)),
        "title_exact": Ratio(sum(1 for s in titled if s.title_exact), len(titled)),
        "title_normalised": Ratio(sum(1 for s in titled if s.title_loose), len(titled)),
        "author_recall": Ratio(sum(s.authors_found for s in scores), sum(len(p.authors) for p in pages)),
        **topic_summary(scores),
        "date_alone_exact_day": Ratio(
            sum(1 for s in scores if s.date_alone_exact), sum(1 for s in scores if s.date_alone_exact is not None)
        ),
        "title_alone_exact": Ratio(
            sum(1 for s in scores if s.title_alone_exact), sum(1 for s in scores if s.title_alone_exact is not None)
        ),
    }


def topic_summary(scores: list[PageScore]) -> dict[str, Ratio]:
    """Main topic found, micro precision/recall/F1 and "no topic" over the pages with labelled topics."""
    topical = [s for s in scores if s.topic_main_found is not None]
    tp, fp, fn = (sum(getattr(s, k) for s in topical) for k in ("topic_tp", "topic_fp", "topic_fn"))
    return {
        "topic_main_found": Ratio(sum(1 for s in topical if s.topic_main_found), len(topical)),
        "topic_precision": Ratio(tp, tp + fp),
        "topic_recall": Ratio(tp, tp + fn),
        "topic_f1": Ratio(len(topical) * (2 * tp / (2 * tp + fp + fn) if tp else 0.0), len(topical)),  # value = micro F1
        "topic_none": Ratio(sum(1 for s in topical if not s.topics), len(topical)),
    }


# ---------------------------------------------------------------------------- report

ROWS: tuple[tuple[str, str, str], ...] = (
    # key, label, how the cell shows it ("mean": 0.000; "count": hits; "rate": 0.000 (hits/n))
    ("text_f1", "text F1 (bag of words, macro)", "mean"),
    ("text_precision", "text precision (macro)", "mean"),
    ("text_recall", "text recall (macro)", "mean"),
    ("text_f1_kept", "text F1, only pages newsearch kept", "mean"),
    ("no_text", "pages with no text (rejected / None)", "count"),
    ("date_exact_day", "date, exact day", "rate"),
    ("date_within_1_day", "date, day ±1", "rate"),
    ("date_exact_day_kept", "date, exact day, only pages newsearch kept", "rate"),
    ("title_exact", "title, exact (whitespace-normalised)", "rate"),
    ("title_normalised", "title, normalised (casefold, no punctuation)", "rate"),
    ("author_recall", "author recall (names)", "rate"),
    ("date_alone_exact_day", "date from the page alone (no JSON-LD, no date meta), exact day", "rate"),
    ("title_alone_exact", "title from the page alone (no JSON-LD, no og/twitter title), exact", "rate"),
    ("topic_main_found", "topics: main topic among the article's", "rate"),
    ("topic_precision", "topics: micro precision", "rate"),
    ("topic_recall", "topics: micro recall", "rate"),
    ("topic_f1", "topics: micro F1", "mean"),
    ("topic_none", "topics: articles with none", "rate"),
)


def cell(ratio: Ratio, style: str) -> str:
    if ratio.value is None:
        return "—"
    if style == "mean":
        return f"{ratio.value:.3f}"
    if style == "count":
        return f"{int(ratio.hits)}"
    return f"{ratio.value:.3f} ({int(ratio.hits)}/{ratio.n})"


def markdown_table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" * len(header)
    rule = ["---:" if a == "r" else "---" for a in align]
    lines = [header, rule, *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


TABLE_HEADER = ["metric", "scope", "n", "newsearch", "trafilatura"]


def results_table(metrics: dict[str, dict[str, dict[str, Ratio]]], timing: dict[str, Any], pages: int, runs: int) -> str:
    rows: list[list[str]] = []
    for key, label, style in ROWS:
        for scope, per_extractor in metrics.items():
            ratio = per_extractor[NEWSEARCH][key]
            if ratio.n == 0:  # no truth for this metric in this scope (scrapinghub: body only)
                continue
            n = str(ratio.n)
            rows.append([label, scope, n, cell(ratio, style), cell(per_extractor[TRAFILATURA][key], style)])
    ns, tx, tm = (timing[name]["pages_per_second"] for name in ("newsearch", "trafilatura.extract", "trafilatura.metadata"))
    both = timing["trafilatura.extract+metadata"]["pages_per_second"]
    median = f"median of {runs}" if runs > 1 else "1 run"
    rows.append([f"speed, pages/s on one core ({median})", ALL, str(pages), f"{ns:.1f}", f"{tx:.1f} (extract)"])
    rows.append(["speed, ms/page", ALL, str(pages), f"{1000 / ns:.1f}", f"{1000 / tx:.1f} (extract)"])
    rows.append(["speed incl. metadata call, pages/s", ALL, str(pages), f"{ns:.1f}", f"{both:.1f} (extract + bare_extraction)"])
    rows.append(["metadata call alone, pages/s", ALL, str(pages), "—", f"{tm:.1f} (bare_extraction)"])
    return markdown_table(TABLE_HEADER, rows, "lllrr")


def by_language(pages: list[Page], scores: list[PageScore]) -> dict[str, dict[str, Ratio]]:
    """Topic scores per page language (languages by number of pages, then name)."""
    groups: dict[str, list[PageScore]] = {}
    for page, score in zip(pages, scores):
        groups.setdefault(page.language, []).append(score)
    order = sorted(groups, key=lambda lang: (-len(groups[lang]), lang))
    return {lang: topic_summary(groups[lang]) for lang in order}


def topic_language_table(per_language: dict[str, dict[str, Ratio]]) -> str:
    rows = []
    for lang, m in per_language.items():
        if not m["topic_main_found"].n:
            continue
        rows.append([
            lang,
            str(m["topic_main_found"].n),
            cell(m["topic_main_found"], "rate"),
            cell(m["topic_precision"], "mean"),
            cell(m["topic_recall"], "mean"),
            cell(m["topic_f1"], "mean"),
            cell(m["topic_none"], "rate"),
        ])
    header = ["language", "pages", "main topic found", "micro P", "micro R", "micro F1", "no topic"]
    return markdown_table(header, rows, "lrrrrrr")


def fmt_reasons(counter: Counter[str]) -> str:
    return ", ".join(f"{reason} {count}" for reason, count in counter.most_common()) or "none"


def worst_table(pages: list[Page], ns: list[PageScore], tf: list[PageScore], limit: int, kept_only: bool = False) -> str:
    """The *limit* pages where newsearch's text F1 is lowest (ties by folder and id)."""
    candidates = [i for i in range(len(pages)) if not (kept_only and ns[i].rejected)]
    order = sorted(candidates, key=lambda i: (ns[i].f1, pages[i].folder, pages[i].id))[:limit]
    rows = [
        [
            str(rank),
            pages[i].label,
            pages[i].site or "",
            f"{ns[i].f1:.3f}",
            f"{ns[i].precision:.2f}",
            f"{ns[i].recall:.2f}",
            f"{ns[i].words}/{len(TOKEN.findall(pages[i].body))}",
            f"{tf[i].f1:.3f}",
            ns[i].rejected or "",
        ]
        for rank, i in enumerate(order, 1)
    ]
    header = ["#", "page", "site", "F1", "P", "R", "words got/truth", "trafilatura F1", "rejected"]
    return markdown_table(header, rows, "rllrrrrrl")


@dataclass
class DateMiss:
    page: str
    truth: str
    predicted: str | None
    date_source: str | None
    rejected: str | None
    days_off: int | None
    hours_off: float | None
    trafilatura: str | None


def date_misses(pages: list[Page], ns: list[PageScore], tf: list[PageScore]) -> list[DateMiss]:
    """Every page whose truth has a date newsearch did not get to the day.

    Wrong dates first (furthest off first), then pages where it found none, then
    pages it rejected.
    """
    misses: list[DateMiss] = []
    for page, s, t in zip(pages, ns, tf):
        if s.date_exact is not False:
            continue
        got, want = day_of(s.date), day_of(page.date)
        misses.append(
            DateMiss(
                page=page.label,
                truth=page.date or "",
                predicted=s.date,
                date_source=s.date_source,
                rejected=s.rejected,
                days_off=(got - want).days if got and want else None,
                hours_off=instant_gap_hours(s.date, page.date),
                trafilatura=t.date,
            )
        )
    misses.sort(key=lambda m: (m.rejected is not None, m.days_off is None, -abs(m.days_off or 0), m.page))
    return misses


def date_miss_table(misses: list[DateMiss]) -> str:
    rows = []
    for m in misses:
        if m.hours_off is None:
            gap = "—"
        elif abs(m.hours_off) < 1 / 60:
            gap = "0 (same instant)"
        else:
            gap = f"{m.hours_off:+.1f} h"
        rows.append(
            [
                m.page,
                m.truth,
                m.predicted or ("(rejected)" if m.rejected else "(none)"),
                f"rejected: {m.rejected}" if m.rejected else m.date_source or "",
                "—" if m.days_off is None else f"{m.days_off:+d}",
                gap,
                m.trafilatura or "(none)",
            ]
        )
    header = ["page", "truth", "newsearch", "date_source / rejection", "days off", "instant off", "trafilatura"]
    return markdown_table(header, rows, "lllllrl")


def _cell_text(value: str) -> str:
    return value.replace("|", "\\|")


def title_places(html: bytes, url: str, values: list[str]) -> list[list[str]]:
    """Where each of *values* stands on the page as a title, compared as
    ``headline.squash`` compares headlines: ``heading`` (the heading over the story that
    ``headline.visible_heading`` finds, whole), ``heading less kicker`` (that heading
    without the kicker its markup sets apart), ``other h1``/``other h2`` (a heading in a
    breadcrumb, a teaser...), ``JSON-LD``, ``og:title``, ``twitter:title``, ``<title>``.
    It tells a label that is the SEO or social title from one the reader sees. The page
    is parsed once, and its statements read as extraction reads them (``read_facts``)."""
    tree = parse_page(decode_html(html))
    facts = read_facts(tree)
    seen = visible_heading(tree, [], url)
    headings = {tag: [squash(el.text_content()) for el in tree.iter(tag)] for tag in ("h1", "h2")}
    stated = [("JSON-LD", obj["headline"]) for obj in facts.jsonld if isinstance(obj.get("headline"), str)]
    stated += [(name, facts.meta[name]) for name in ("og:title", "twitter:title") if facts.meta.get(name)]
    stated += [("<title>", facts.title_tag)] if facts.title_tag else []
    out = []
    for value in values:
        want, places = squash(value), []
        if want and seen is not None and squash(seen.full) == want:
            places.append("heading")
        elif want and seen is not None and squash(seen.main) == want:
            places.append("heading less kicker")
        for tag in ("h1", "h2"):
            if want and not places and want in headings[tag]:
                places.append(f"other {tag}")
        for name, text in stated:
            if want and squash(text) == want and name not in places:
                places.append(name)
        out.append(places)
    return out


@dataclass
class TitleMiss:
    """A titled page whose newsearch title is not the truth exactly, and where each
    of the two stands on the page (``title_places``)."""

    page: Page
    truth: str
    title: str | None
    truth_at: list[str]
    title_at: list[str]

    @property
    def label_unshown(self) -> bool:
        """The truth is not the heading over the story, and newsearch's title is."""
        shown = {"heading", "heading less kicker"}
        return not shown & set(self.truth_at) and bool(shown & set(self.title_at))


def title_misses(pages: list[Page], ns: list[PageScore]) -> list[TitleMiss]:
    out = []
    for page, s in zip(pages, ns):
        if s.title_exact is False:
            truth = norm_space(page.title or "")
            truth_at, title_at = title_places(page.html, page.url, [truth, s.title or ""])
            out.append(TitleMiss(page, truth, s.title, truth_at, title_at if s.title else []))
    return out


def title_miss_table(misses: list[TitleMiss]) -> str:
    """Every title miss, with where the truth and newsearch's title stand on the page."""
    rows = [[m.page.label, _cell_text(m.truth), ", ".join(m.truth_at) or "nowhere",
             _cell_text(m.title or "(none)"), ", ".join(m.title_at)] for m in misses]
    header = ["page", "truth", "truth on the page as", "newsearch", "newsearch on the page as"]
    return markdown_table(header, rows) if rows else "(none)"


def title_miss_summary(misses: list[TitleMiss]) -> str:
    """One line: of the title misses, how many have a label the page does not show
    as its headline (only in metadata, or nowhere) while newsearch's title is the
    heading over the story (whole or less its kicker)."""
    unseen = sum(1 for m in misses if m.label_unshown)
    return (f"{unseen} of {len(misses)} misses: the truth is not the heading over the story (it is only a "
            f"meta or JSON-LD title, another heading, or nowhere on the page) and newsearch's title is that heading")


def author_miss_table(pages: list[Page], ns: list[PageScore]) -> str:
    """Every page where newsearch missed a truth author name."""
    rows = [
        [page.label, _cell_text("; ".join(page.authors)), _cell_text("; ".join(s.authors) or "(none)")]
        for page, s in zip(pages, ns) if s.authors_found < len(page.authors)
    ]
    return markdown_table(["page", "truth", "newsearch"], rows) if rows else "(none)"


# ---------------------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, metavar="PATH", help=f"the corpus folder (default: {DEFAULT_CORPUS})")
    parser.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N pages (smoke run)")
    parser.add_argument("--runs", type=int, default=3, metavar="K", help="timing runs over the corpus; the median counts (default 3)")
    parser.add_argument("--json", type=Path, default=None, metavar="PATH", help="also write every number here as JSON")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    return args


def measure(pages: list[Page], runs: int) -> tuple[dict[str, list[Output]], dict[str, dict[str, Any]]]:
    """Every pass over *pages*, *runs* times: the first run's outputs, and the timing of all runs."""
    for extractor in PASSES:  # warm-up on one page, untimed: imports and lazily built tables
        timed_pass(extractor, pages[:1])
    outputs: dict[str, list[Output]] = {}
    seconds: dict[str, list[float]] = {e.name: [] for e in PASSES}
    for run in range(runs):
        for extractor in PASSES:
            out, secs = timed_pass(extractor, pages)
            seconds[extractor.name].append(secs)
            outputs.setdefault(extractor.name, out)  # quality from the first run
        print(f"run {run + 1}/{runs}: " + ", ".join(f"{n} {s[-1]:.2f} s" for n, s in seconds.items()), file=sys.stderr)
    seconds["trafilatura.extract+metadata"] = [
        a + b for a, b in zip(seconds["trafilatura.extract"], seconds["trafilatura.metadata"])
    ]
    timing: dict[str, dict[str, Any]] = {}
    for name, secs in seconds.items():
        median = statistics.median(secs)
        timing[name] = {
            "runs_seconds": secs,
            "median_seconds": median,
            "pages_per_second": len(pages) / median if median else float("inf"),
            "ms_per_page": 1000 * median / len(pages),
        }
    return outputs, timing


@dataclass
class Results:
    """Everything one benchmark run found."""

    corpus: Path
    runs: int
    pages: list[Page]
    scores: dict[str, list[PageScore]]
    metrics: dict[str, dict[str, dict[str, Ratio]]]  # scope -> extractor -> metric
    timing: dict[str, dict[str, Any]]
    rejections: Counter[str]
    misses: list[DateMiss]
    #: topic scores per language with each page's site left out of the text model's training
    fair_topics: dict[str, dict[str, Ratio]] = field(default_factory=dict)


def evaluate(corpus: Path, pages: list[Page], runs: int) -> Results:
    outputs, timing = measure(pages, runs)
    alone = {name: alone_outputs(name, pages) for name in EXTRACTORS}
    scores = {
        NEWSEARCH: [score_page(p, o, o, a) for p, o, a in zip(pages, outputs["newsearch"], alone[NEWSEARCH])],
        TRAFILATURA: [
            score_page(p, t, m, a)
            for p, t, m, a in zip(pages, outputs["trafilatura.extract"], outputs["trafilatura.metadata"], alone[TRAFILATURA])
        ],
    }
    scopes: dict[str, list[int]] = {ALL: list(range(len(pages)))}
    for i, page in enumerate(pages):
        scopes.setdefault(page.folder, []).append(i)
    kept = [not s.rejected for s in scores[NEWSEARCH]]
    metrics = {
        scope: {
            name: summarize([pages[i] for i in idx], [scores[name][i] for i in idx], [kept[i] for i in idx])
            for name in EXTRACTORS
        }
        for scope, idx in scopes.items()
    }
    return Results(
        corpus=corpus,
        runs=runs,
        pages=pages,
        scores=scores,
        metrics=metrics,
        timing=timing,
        rejections=Counter(s.rejected for s in scores[NEWSEARCH] if s.rejected),
        misses=date_misses(pages, scores[NEWSEARCH], scores[TRAFILATURA]),
    )


def print_report(res: Results) -> None:
    pages, ns, tf = res.pages, res.scores[NEWSEARCH], res.scores[TRAFILATURA]
    print(f"# Extraction benchmark: {len(pages)} pages from {res.corpus}")
    print()
    print(
        f"newsearch = crawler.extract.extract_page(bytes, url); trafilatura {trafilatura.__version__} = "
        "extract(bytes, url=url) for text, bare_extraction(bytes, url=url, with_metadata=True) for title/date/authors."
    )
    print()
    print(results_table(res.metrics, res.timing, len(pages), res.runs))
    print()
    print("## newsearch topics per language")
    print()
    print("Against ../shared/corpus/topics.jsonl; language: the page's `<html lang>`, else a stopword guess on the truth body.")
    print()
    print(topic_language_table(by_language(pages, ns)))
    print()
    if res.fair_topics:
        print("The shipped text model was trained on these pages, so the table above flatters it. The fair figure,")
        print("every page scored by a model trained on the other sites only (benchmarks/topics.py, leave-site-out):")
        print()
        print(topic_language_table(res.fair_topics))
        print()
    print(f"newsearch rejected {sum(res.rejections.values())} of {len(pages)} pages: {fmt_reasons(res.rejections)}.")
    for reason in res.rejections:
        print(f"- {reason}: " + ", ".join(p.label for p, s in zip(pages, ns) if s.rejected == reason))
    print(f"trafilatura.extract returned no text for {sum(1 for s in tf if s.rejected)} of {len(pages)} pages.")
    print()
    print(f"## The {min(WORST, len(pages))} worst newsearch pages by text F1")
    print()
    print(f"Files: {res.corpus}/<folder>/html/<id>.html.gz (long ids are cut: glob them, e.g. `zcat .../04a6711caa7c*`).")
    print()
    print(worst_table(pages, ns, tf, WORST))
    print()
    if res.rejections:
        print(f"## The {WORST} worst pages newsearch kept (extraction misses, not rejections)")
        print()
        print(worst_table(pages, ns, tf, WORST, kept_only=True))
        print()
    misses = res.misses
    dated = res.metrics[ALL][NEWSEARCH]["date_exact_day"].n
    rejected = sum(1 for m in misses if m.rejected)
    near = sum(1 for m in misses if m.days_off is not None and abs(m.days_off) <= 1)
    same_instant = sum(1 for m in misses if m.hours_off is not None and abs(m.hours_off) < 1 / 60)
    print(f"## newsearch date misses: {len(misses)} of {dated} dated pages (wrong dates first, then none found, then rejected)")
    print()
    print(f"- rejected by newsearch (no record, so no date): {rejected}")
    print(f"- one day off: {near} ({same_instant} of them the same instant in another timezone; the truth is often UTC)")
    print(f"- a wrong date, or none found: {len(misses) - rejected - near}")
    print()
    print(date_miss_table(misses) if misses else "(none)")
    print()
    titled = res.metrics[ALL][NEWSEARCH]["title_exact"]
    print(f"## newsearch title misses: {titled.n - int(titled.hits)} of {titled.n} titled pages")
    print()
    title_missed = title_misses(pages, ns)
    print(title_miss_summary(title_missed))
    print()
    print(title_miss_table(title_missed))
    print()
    authors = res.metrics[ALL][NEWSEARCH]["author_recall"]
    print(f"## newsearch author misses: {authors.n - int(authors.hits)} of {authors.n} names")
    print()
    print(author_miss_table(pages, ns))


def write_json(res: Results, path: Path) -> None:
    report = {
        "corpus": str(res.corpus),
        "pages": len(res.pages),
        "runs": res.runs,
        "versions": {"python": sys.version.split()[0], "trafilatura": trafilatura.__version__},
        "metrics": {
            scope: {
                name: {key: {"value": r.value, "hits": r.hits, "n": r.n} for key, r in per.items()}
                for name, per in per_extractor.items()
            }
            for scope, per_extractor in res.metrics.items()
        },
        "topics_by_language": {
            lang: {key: {"value": r.value, "hits": r.hits, "n": r.n} for key, r in per.items()}
            for lang, per in by_language(res.pages, res.scores[NEWSEARCH]).items()
        },
        "topics_by_language_leave_site_out": {
            lang: {key: {"value": r.value, "hits": r.hits, "n": r.n} for key, r in per.items()}
            for lang, per in res.fair_topics.items()
        },
        "timing": res.timing,
        "newsearch_rejections": dict(res.rejections),
        "trafilatura_no_text": sum(1 for s in res.scores[TRAFILATURA] if s.rejected),
        "date_misses": [asdict(m) for m in res.misses],
        "per_page": [
            {"folder": p.folder, "id": p.id, "url": p.url, **{name: asdict(res.scores[name][i]) for name in EXTRACTORS}}
            for i, p in enumerate(res.pages)
        ],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    corpus: Path = args.corpus.resolve()
    if not any(corpus.glob("*/ground_truth.jsonl")):
        print(f"error: no corpus at {corpus} (expected <folder>/ground_truth.jsonl); pass --corpus PATH", file=sys.stderr)
        return 2
    pages = load_corpus(corpus, args.limit)
    if not pages:
        print(f"error: no pages in {corpus}", file=sys.stderr)
        return 2
    results = evaluate(corpus, pages, args.runs)
    from benchmarks.topics import leave_site_out_by_language, load_evidence

    results.fair_topics = leave_site_out_by_language(corpus, load_evidence(corpus, args.limit))
    print_report(results)
    if args.json:
        write_json(results, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
