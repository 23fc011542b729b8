"""The text classifier behind ``topic_source = "text"``: a multinomial naive Bayes over
the words of a page's title, tags and first paragraphs, in plain Python.

Its features are the stems of ``topic_lexicon`` (topic words in many languages) that the
page's words match (accents folded; Chinese, Japanese and Korean matched inside the
text, as those scripts do not separate words). Each stem starts with pseudo-counts for
the topic the lexicon files it under; training on labelled pages (``train``) turns that
into learned per-topic weights: "court" counts for crime but also politics, "match" for
sport. Page words outside the lexicon are not features: measured leaving whole sites
out, learning them from the few hundred labelled pages there are made the model worse
(they are names and one site's boilerplate). The shipped model (``topic_model.json.gz``)
is built by ``tools/build_topic_model.py``; ``benchmarks/topics.py`` scores the method
leaving whole sites out.
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from indexer.topics import TOPICS, fold

from .topic_lexicon import SEED

MODEL_FILE = Path(__file__).with_name("topic_model.json.gz")
TEXT_CHARS = 1500  # of the body: the lede and first paragraphs say what a story is about
SEED_COUNT = 3.0  # pseudo-documents a seed stem adds to its topic
SMOOTHING = 0.2
TEMPERATURE = 2.0  # naive Bayes is overconfident (its words are not independent): flatten

_WORD = re.compile(r"\w+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def words(text: str) -> list[str]:
    """Lowercase, accent-folded words of *text* (runs of CJK characters become
    overlapping character pairs)."""
    out: list[str] = []
    for token in _WORD.findall(fold(text)):
        if _CJK.search(token):
            out.extend(token[i:i + 2] for i in range(max(1, len(token) - 1)))
        elif len(token) > 1 and not token.isdigit():
            out.append(token)
    return out


@lru_cache(maxsize=1)
def _seed_index() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]], tuple[tuple[str, tuple[str, ...]], ...]]:
    """(exact-or-prefix stems, compound heads, CJK words), each mapped to its topics."""
    stems: dict[str, list[str]] = {}
    for topic, blob in SEED.items():
        for stem in blob.split():
            stem = fold(stem).rstrip("=")
            stems.setdefault(stem, [])
            if topic not in stems[stem]:
                stems[stem].append(topic)
    plain = {s: tuple(t) for s, t in stems.items() if not _CJK.search(s)}
    heads = {s: t for s, t in plain.items() if len(s) >= 6 and s not in _whole_words()}
    cjk = tuple((s, tuple(t)) for s, t in stems.items() if _CJK.search(s))
    return plain, heads, cjk


_ENDINGS = ("", "s", "e", "es", "en", "er", "n")


@lru_cache(maxsize=1)
def _whole_words() -> frozenset[str]:
    """Stems written ``stem=`` in the lexicon: they match whole words only."""
    return frozenset(fold(s).rstrip("=") for blob in SEED.values() for s in blob.split() if s.endswith("="))


@lru_cache(maxsize=65536)
def seed_stems(word: str) -> str | None:
    """The seed stem *word* belongs to: the word itself, a 5+ letter stem it begins with,
    a 4-letter one plus a plural ending, or (compounds) a 6+ letter stem it ends with;
    a stem marked whole-word in the lexicon only as itself and its plural in -s/-es."""
    plain, heads, _ = _seed_index()
    if word in plain:
        return word
    for cut in range(min(len(word) - 1, 12), 4, -1):
        if word[:cut] in plain and word[:cut] not in _whole_words():
            return word[:cut]
    for ending in ("s", "es"):  # not "proces" + "s": that is the English "process"
        stem = word[: -len(ending)]
        if word.endswith(ending) and stem in _whole_words() and not stem.endswith("s"):
            return stem
    if len(word) >= 5:
        for ending in _ENDINGS[1:]:
            if word.endswith(ending) and word[: -len(ending)] in plain and len(word) - len(ending) == 4:
                return word[: -len(ending)]
    for cut in range(6, min(len(word) - 3, 14) + 1):
        if word[-cut:] in heads:
            return word[-cut:]
    return None


def features(title: str, text: str, tags: Iterable[str] = (), description: str | None = None) -> Counter[str]:
    """The page's features with how strongly each counts (the title's words count double)."""
    head = " ".join([title or "", description or "", " ".join(tags)])
    body = (text or "")[:TEXT_CHARS]
    found: Counter[str] = Counter()
    for weight, part in ((2.0, title or ""), (1.0, head), (1.0, body)):
        for word in set(words(part)):
            stem = seed_stems(word)
            if stem:
                found["s:" + stem] = max(found["s:" + stem], weight)
    raw = f"{head}\n{body}"
    if _CJK.search(raw):
        for stem, _topics in _seed_index()[2]:
            if stem in raw:
                found["s:" + stem] = max(found["s:" + stem], 1.0)
    return found


class TopicModel:
    """Log-probabilities of features per topic, and of the topics themselves."""

    def __init__(self, logp: dict[str, dict[str, float]], unseen: dict[str, float], prior: dict[str, float]):
        self.logp, self.unseen, self.prior = logp, unseen, prior

    def scores(self, feats: Counter[str]) -> dict[str, float]:
        """Per topic, log P(topic) + Σ weight · log P(feature | topic) over known features."""
        out = dict(self.prior)
        for feat, weight in feats.items():
            row = self.logp.get(feat)
            if row is None:
                continue
            for topic in out:
                out[topic] += weight * row.get(topic, self.unseen[topic])
        return out

    def ranked(self, feats: Counter[str]) -> list[tuple[str, float]]:
        """Topics with their posterior probability, most likely first; [] when the page
        has no feature the model knows."""
        if not any(f in self.logp for f in feats):
            return []
        scores = self.scores(feats)
        top = max(scores.values())
        exp = {t: math.exp((s - top) / TEMPERATURE) for t, s in scores.items()}
        total = sum(exp.values())
        return sorted(((t, v / total) for t, v in exp.items()), key=lambda x: -x[1])

    def to_json(self) -> dict:
        return {"version": 1, "logp": self.logp, "unseen": self.unseen, "prior": self.prior}

    @classmethod
    def from_json(cls, data: dict) -> "TopicModel":
        return cls(data["logp"], data["unseen"], data["prior"])


def train(examples: Iterable[tuple[Counter[str], list[str]]], *, min_docs: int = 2) -> TopicModel:
    """Naive Bayes from (features, topics) pairs (the first topic counts fully, others half),
    with the seed stems as pseudo-counts. Words seen on fewer than *min_docs* pages are
    dropped: they are names and one site's boilerplate, not topic words."""
    counts: dict[str, Counter[str]] = {t: Counter() for t in TOPICS}
    docs: Counter[str] = Counter()
    prior: Counter[str] = Counter({t: 1.0 for t in TOPICS})
    for feats, topics in examples:
        for i, topic in enumerate(topics[:3]):
            if topic not in counts:
                continue
            share = 1.0 if i == 0 else 0.5
            prior[topic] += share
            for feat in feats:
                counts[topic][feat] += share
        for feat in feats:
            docs[feat] += 1
    plain, _, cjk = _seed_index()
    for stem, topics in [*plain.items(), *cjk]:
        for topic in topics:
            counts[topic]["s:" + stem] += SEED_COUNT / len(topics)
            docs["s:" + stem] += min_docs
    vocab = {f for f, n in docs.items() if n >= min_docs}
    logp: dict[str, dict[str, float]] = {}
    unseen: dict[str, float] = {}
    for topic, row in counts.items():
        total = sum(n for f, n in row.items() if f in vocab) + SMOOTHING * len(vocab)
        unseen[topic] = math.log(SMOOTHING / total)
        for feat, n in row.items():
            if feat in vocab:
                logp.setdefault(feat, {})[topic] = round(math.log((n + SMOOTHING) / total), 3)
    unseen = {t: round(v, 3) for t, v in unseen.items()}
    mass = sum(prior.values())
    return TopicModel(logp, unseen, {t: round(math.log(n / mass), 3) for t, n in prior.items()})


def save(model: TopicModel, path: Path) -> None:
    """Write *model* as gzipped JSON, byte-for-byte the same for the same model."""
    data = json.dumps(model.to_json(), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    with open(path, "wb") as fh:
        with gzip.GzipFile(filename="", fileobj=fh, mode="wb", mtime=0) as gz:
            gz.write(data)


def load(path: Path = MODEL_FILE) -> TopicModel:
    """Read a model written by ``save``."""
    with gzip.open(path, "rb") as fh:
        return TopicModel.from_json(json.loads(fh.read()))


@lru_cache(maxsize=1)
def shipped() -> TopicModel | None:
    """The model shipped with newsearch (loaded once per process); None if it is missing."""
    try:
        return load(MODEL_FILE)
    except (OSError, ValueError, KeyError):
        return None
