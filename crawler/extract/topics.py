"""Topics: every article normalised to IPTC Media Topics, top level, as short slugs.

Evidence is weighed, not just taken in order. What the site itself says counts most:
its sections (JSON-LD ``articleSection``, ``article:section``, the breadcrumb), then the
section folders of the URL, then its tags and keywords, then the topic configured for
the site; all through the multilingual aliases of ``indexer.topics``. The text
classifier (``topic_model``: naive Bayes over the title, the site's section and tag
names and the first paragraphs, in many languages) adds its vote to every page, so it decides where the
site names nothing and can outvote a vague section ("Panorama" over a fire). The
main topic is the best-scored one; others follow when they score close to it.
"""
from __future__ import annotations

from collections import Counter

from indexer.topics import ALIASES, TOPICS, topic_for

from . import topic_model

SECTION_WEIGHT = 3.0  # each section that names a topic (the first gets FIRST_BONUS more)
FIRST_BONUS = 1.0
URL_WEIGHT = 3.0
TAG_WEIGHT = 1.0  # per tag, at most TAG_CAP tags per topic
TAG_CAP = 2
SITE_WEIGHT = 1.5
TEXT_WEIGHT = 4.0  # times the classifier's probability
SECOND_RATIO = 0.35  # a further topic is kept when it scores at least this share of the main one
MAX_TOPICS = 3


def topics_from_path(path: str) -> list[str]:
    """Topics named by the section folders of a URL path (not the slug at its end)."""
    segments = [s for s in path.lower().split("/") if s][:-1] or []
    out: list[str] = []
    for seg in segments[:3]:
        topic = ALIASES.get(seg) or (seg if seg in TOPICS else None) or topic_for(seg)
        if topic and topic not in out:
            out.append(topic)
    return out


def classifier_labels(sections: list[str], tags: list[str]) -> list[str]:
    """The site's own labels the classifier reads beside the text: sections that name no
    topic by alias ("Cronaca", "Difesa", "Gastkommentar") still say something."""
    return list(dict.fromkeys(s.strip() for s in [*sections, *tags] if s and s.strip()))[:12]


def classify_text(text: str, tags: list[str] | None = None, model: topic_model.TopicModel | None = None) -> list[tuple[str, float]]:
    """The classifier's topics for *text* (its first line taken as the title) with their
    probabilities, most likely first; [] when no model is at hand or no word is known."""
    model = model or topic_model.shipped()
    if model is None:
        return []
    title, _, body = text.partition("\n")
    return model.ranked(topic_model.features(title, body, tags or []))


def choose_topics(
    sections: list[str],
    path: str,
    tags: list[str],
    site_topic: str | None,
    text: str,
    *,
    model: topic_model.TopicModel | None = None,
) -> tuple[list[str], str]:
    """The article's topics (main first) and which evidence named the main one:
    ``section``, ``url``, ``tags``, ``site``, ``text`` or ``none``."""
    score: Counter[str] = Counter()
    named_by: dict[str, str] = {}

    def vote(topic: str | None, weight: float, source: str) -> None:
        if topic:
            score[topic] += weight
            named_by.setdefault(topic, source)

    for i, topic in enumerate(dict.fromkeys(t for t in (topic_for(s) for s in sections) if t)):
        vote(topic, SECTION_WEIGHT + (FIRST_BONUS if i == 0 else 0.0), "section")
    for i, topic in enumerate(topics_from_path(path)):
        vote(topic, URL_WEIGHT + (FIRST_BONUS if i == 0 else 0.0), "url")
    per_tag: Counter[str] = Counter(t for t in (topic_for(tag) for tag in tags) if t)
    for topic, n in per_tag.items():
        vote(topic, TAG_WEIGHT * min(n, TAG_CAP), "tags")
    if site_topic:
        vote(topic_for(site_topic), SITE_WEIGHT, "site")
    for topic, p in classify_text(text, classifier_labels(sections, tags), model)[:3]:
        vote(topic, TEXT_WEIGHT * p, "text")
    if not score:
        return [], "none"
    ranked = score.most_common()
    best = ranked[0][1]
    chosen = [t for t, s in ranked if s >= SECOND_RATIO * best][:MAX_TOPICS]
    return chosen, named_by[chosen[0]]
