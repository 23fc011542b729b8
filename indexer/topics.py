"""The topic taxonomy: IPTC Media Topics (top level) as short slugs, and the
aliases that map sections, folders and tags onto them. Shared by the extraction
(which assigns topics) and search (which filters by them)."""
from __future__ import annotations

import re

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

_FOLD = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "é": "e", "è": "e", "à": "a", "ç": "c", "ß": "ss"})


def slugify(value: str) -> str:
    """``"Business & Money"`` → ``"business-and-money"``."""
    value = value.strip().lower().replace("&", "and").translate(_FOLD)
    return re.sub(r"[^\w]+", "-", value, flags=re.UNICODE).strip("-")


def topic_for(label: str | None) -> str | None:
    """The topic a section, category, tag or folder names, or None: a section like
    "World" or "Local" names none."""
    if not label:
        return None
    slug = slugify(label)
    if slug in ALIASES:
        return ALIASES[slug]
    if slug in TOPICS:
        return slug
    for part in slug.split("-"):  # "UK Politics", "Business & Money"
        if len(part) > 3 and part in ALIASES:
            return ALIASES[part]
    return None
