"""Topics: every article normalised to IPTC Media Topics, top level, as short slugs.

Evidence in order: the site's section (meta, JSON-LD, breadcrumb), the URL path,
the site's categories and tags, the topic configured for the site; only where
none of these names a topic, a keyword model over the text decides.
"""
from __future__ import annotations

import re
from collections import Counter

from indexer.topics import ALIASES, TOPICS, topic_for

# Words of the text model, per topic. Hand-built from news vocabulary; each hit counts
# once per occurrence, and a topic must clearly lead the others to be chosen.
_LEXICON: dict[str, str] = {
    "arts": "album film festival novel painting theatre concert exhibition gallery actor actress director singer band orchestra museum author poet oscar premiere",
    "conflict": "troops soldiers missile missiles airstrike airstrikes ceasefire militants invasion army rebels shelling drone drones frontline artillery insurgents",
    "crime": "police arrested murder charged court trial sentenced prison jail robbery fraud suspect prosecutors detectives convicted stabbing theft",
    "disaster": "earthquake tsunami wildfire wildfires hurricane evacuated rescue rescuers collapse derailed explosion landslide casualties",
    "economy": "economy inflation prices market markets shares investors profit profits revenue bank banks tax taxes budget interest rates gdp company companies customers retailers refund refunds sales",
    "education": "school schools pupils teachers students university universities exam exams curriculum classroom tuition",
    "environment": "climate emissions carbon pollution biodiversity species conservation renewable warming environmental deforestation",
    "health": "patients hospital hospitals doctors nurses disease vaccine virus treatment cancer nhs health medical symptoms outbreak",
    "human-interest": "grandmother birthday dog cat celebrates centenarian heartwarming viral",
    "labour": "strike strikes union unions workers wages employees pay jobs unemployment employers",
    "lifestyle": "recipe travel holiday fashion restaurant wine garden hotel diet fitness",
    "politics": "minister government parliament election elections vote voters party policy president senator mp mps opposition lawmakers cabinet asylum deal agreement",
    "religion": "church pope bishop mosque faith religious prayer worship clergy",
    "science": "scientists research study researchers comet telescope planet nasa astronomers species physics experiment spacecraft orbit",
    "society": "migrants immigration community communities housing homeless poverty refugees welfare charity families",
    "sport": "match goal goals team league cup coach players season striker tournament championship win victory defeat squad midfielder football",
    "weather": "rain flood floods flooding storm snow forecast temperatures met office wind gusts heatwave warnings",
}
_WORDS: dict[str, str] = {}
for _topic, _words in _LEXICON.items():
    for _w in _words.split():
        _WORDS.setdefault(_w, _topic)

_TOKEN = re.compile(r"[a-z][a-z-]+")


def topics_from_path(path: str) -> list[str]:
    """Topics named by the section folders of a URL path (not the slug at its end)."""
    segments = [s for s in path.lower().split("/") if s][:-1] or []
    out: list[str] = []
    for seg in segments[:3]:
        topic = ALIASES.get(seg) or (seg if seg in TOPICS else None)
        if topic and topic not in out:
            out.append(topic)
    return out


def classify_text(text: str) -> str | None:
    """The topic whose words clearly dominate *text*, or None when none does."""
    counts: Counter[str] = Counter()
    for token in _TOKEN.findall(text.lower()):
        topic = _WORDS.get(token)
        if topic:
            counts[topic] += 1
    if not counts:
        return None
    ranked = counts.most_common(2)
    best, score = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    if score >= 4 and score >= 1.5 * second:
        return best
    return None


def choose_topics(
    sections: list[str], path: str, tags: list[str], site_topic: str | None, text: str
) -> tuple[list[str], str]:
    """The article's topics and which evidence named them."""
    for source, labels in (("section", sections),):
        found = [t for t in (topic_for(s) for s in labels) if t]
        if found:
            return list(dict.fromkeys(found)), source
    found = topics_from_path(path)
    if found:
        return found, "url"
    found = [t for t in (topic_for(s) for s in tags) if t]
    if found:
        return list(dict.fromkeys(found))[:3], "tags"
    if site_topic:
        topic = topic_for(site_topic)
        if topic:
            return [topic], "site"
    guess = classify_text(text)
    return ([guess], "text") if guess else ([], "none")
