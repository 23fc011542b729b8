"""Topics: every article normalised to IPTC Media Topics, top level, as short slugs.

Evidence in order: the site's section (meta, JSON-LD, breadcrumb), the URL path,
the site's categories and tags, the topic configured for the site; only where
none of these names a topic, a keyword model over the text decides.
"""
from __future__ import annotations

import re
from collections import Counter

TOPICS = (
    "arts", "conflict", "crime", "disaster", "economy", "education", "environment", "health",
    "human-interest", "labour", "lifestyle", "politics", "religion", "science", "society",
    "sport", "weather",
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "arts": ("arts", "art", "culture", "entertainment", "music", "film", "films", "movies", "cinema",
             "books", "theatre", "theater", "tv", "television", "media", "celebrity", "stage",
             "kultur", "feuilleton", "kunst", "musik", "cultura", "arts-and-culture", "tv-and-radio"),
    "conflict": ("conflict", "war", "wars", "defence", "defense", "military", "terrorism", "armed-conflict",
                 "ukraine-war", "israel-gaza-war", "krieg"),
    "crime": ("crime", "courts", "court", "justice", "police", "law", "law-and-order", "trials",
              "true-crime", "kriminalitat", "justiz", "faits-divers"),
    "disaster": ("disaster", "disasters", "accidents", "accident", "emergencies", "earthquakes"),
    "economy": ("economy", "business", "money", "markets", "market", "finance", "economics",
                "personal-finance", "companies", "industry", "trade", "property", "real-estate",
                "energy", "wirtschaft", "finanzen", "geld", "economie", "economia", "business-news",
                "your-money", "stocks", "banking"),
    "education": ("education", "schools", "school", "universities", "university", "students",
                  "bildung", "schule", "education-news"),
    "environment": ("environment", "climate", "climate-change", "climate-crisis", "nature", "wildlife",
                    "green", "umwelt", "klima", "planete", "environnement"),
    "health": ("health", "medicine", "wellbeing", "wellness", "coronavirus", "covid", "covid-19",
               "nhs", "mental-health", "gesundheit", "sante", "salud", "healthcare"),
    "human-interest": ("human-interest", "offbeat", "oddly-enough", "odd-news", "weird", "animals",
                       "people", "good-news", "panorama", "vermischtes"),
    "labour": ("labour", "labor", "employment", "jobs", "work", "unions", "workers", "arbeit"),
    "lifestyle": ("lifestyle", "life", "travel", "food", "fashion", "style", "leisure", "motoring",
                  "cars", "home-and-garden", "recipes", "living", "life-and-style", "reisen", "reise",
                  "auto", "mode", "gastronomie", "food-and-drink"),
    "politics": ("politics", "election", "elections", "government", "policy", "parliament", "congress",
                 "us-politics", "uk-politics", "brexit", "politik", "politique", "politica", "inland",
                 "white-house", "democracy"),
    "religion": ("religion", "faith", "belief", "church", "religion-and-belief"),
    "science": ("science", "tech", "technology", "space", "innovation", "digital", "ai", "science-and-tech",
                "science-technology", "wissenschaft", "wissen", "sciences", "ciencia", "technik",
                "artificial-intelligence", "research"),
    "society": ("society", "communities", "immigration", "migration", "social-affairs", "family",
                "inequality", "housing", "gesellschaft", "societe", "sociedad", "social-issues"),
    "sport": ("sport", "sports", "football", "soccer", "cricket", "rugby", "rugby-union", "rugby-league",
              "tennis", "golf", "f1", "formula-1", "formula1", "athletics", "olympics", "nba", "nfl",
              "baseball", "basketball", "hockey", "cycling", "boxing", "fussball", "deportes", "sportif"),
    "weather": ("weather", "forecast", "wetter", "meteo"),
}
ALIASES: dict[str, str] = {alias: topic for topic, names in _ALIASES.items() for alias in names}

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


def slugify(value: str) -> str:
    value = value.strip().lower().replace("&", "and")
    value = re.sub(r"[^\w]+", "-", value, flags=re.UNICODE).strip("-")
    return value.replace("ä", "a").replace("ö", "o").replace("ü", "u").replace("é", "e").replace("è", "e")


def topic_for(label: str | None) -> str | None:
    """The IPTC topic a section, category, tag or path segment names, or None
    (a section like "World" or "Local" names none)."""
    if not label:
        return None
    slug = slugify(label)
    if slug in ALIASES:
        return ALIASES[slug]
    if slug in TOPICS:
        return slug
    # "Business & Money", "UK Politics": any word that is an alias decides
    for part in slug.split("-"):
        if part in ALIASES and len(part) > 3:
            return ALIASES[part]
    return None


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
