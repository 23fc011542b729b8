"""The topic taxonomy: IPTC Media Topics (top level) as short slugs, and the
aliases that map sections, folders and tags onto them. Shared by the extraction
(which assigns topics) and search (which filters by them)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

TOPICS = (
    "arts", "conflict", "crime", "disaster", "economy", "education", "environment", "health",
    "human-interest", "labour", "lifestyle", "politics", "religion", "science", "society",
    "sport", "weather",
)

_ALIASES: dict[str, tuple[str, ...]] = {
    "arts": ("arts", "art", "culture", "entertainment", "music", "film", "films", "movies", "cinema",
             "books", "theatre", "theater", "tv", "television", "media", "celebrity", "stage",
             "kultur", "feuilleton", "kunst", "musik", "cultura", "arts-and-culture", "tv-and-radio",
        "kino", "theater", "literatur", "buecher", "bucher", "stars", "cultura", "cine", "musica", "spettacoli", "spettacolo", "cinema-e-tv", "entretenimiento", "espectaculos", "kultura", "kultuur", "cultuur", "kulturo", "kultur-und-medien", "культура", "кино", "шоу-бизнес", "sanat", "magazin-kultur", "芸能", "エンタメ", "文化", "연예", "문화", "방송", "entertainment-news", "celebrities", "showbiz", "hiburan", "seleb"),
    "conflict": ("conflict", "war", "wars", "defence", "defense", "military", "terrorism", "armed-conflict",
                 "ukraine-war", "israel-gaza-war", "krieg",
        "guerre", "guerra", "oorlog", "krig", "война", "війна", "savas", "nahost-konflikt", "ukraine-krieg", "russia-ukraine-war", "israel-hamas-war", "militar", "verteidigung"),
    "crime": ("crime", "courts", "court", "justice", "police", "law", "law-and-order", "trials",
              "true-crime", "kriminalitat", "justiz", "faits-divers",
        "polizei", "blaulicht", "kriminalitaet", "gericht", "prozess", "crimen", "sucesos", "tribunales", "cronaca", "cronaca-nera", "justice", "policia", "misdaad", "krim", "криминал", "происшествия", "asayis", "polis-adliye", "hukum", "kriminal", "사건사고", "事件"),
    "disaster": ("disaster", "disasters", "accidents", "accident", "emergencies", "earthquakes",
        "unglueck", "ungluck", "ungluecke", "katastrophen", "naturkatastrophen", "catastrophes", "desastres", "incendios", "disasters-and-accidents", "bencana", "재난"),
    "economy": ("economy", "business", "money", "markets", "market", "finance", "economics",
                "personal-finance", "companies", "industry", "trade", "property", "real-estate",
                "energy", "wirtschaft", "finanzen", "geld", "economie", "economia", "business-news",
                "your-money", "stocks", "banking",
        "boerse", "borse", "kapitalmaerkte", "kapitalmarkte", "banken", "banken-finanzen", "unternehmen", "konjunktur", "immobilien", "verbraucher", "economy-and-business", "negocios", "economia-y-negocios", "mercados", "empresas", "finanzas", "economie-et-finances", "bourse", "entreprises", "finanza", "economie-en-financien", "ekonomi", "naringsliv", "okonomi", "oekonomi", "экономика", "бизнес", "финансы", "ekonomi-haberleri", "bisnis", "keuangan", "kinh-doanh", "経済", "경제", "금융", "부동산", "yourmoney"),
    "education": ("education", "schools", "school", "universities", "university", "students",
                  "bildung", "schule", "education-news",
        "hochschule", "studium", "campus", "educacion", "educacao", "istruzione", "scuola", "onderwijs", "utbildning", "образование", "egitim", "pendidikan", "教育", "교육"),
    "environment": ("environment", "climate", "climate-change", "climate-crisis", "nature", "wildlife",
                    "green", "umwelt", "klima", "planete", "environnement",
        "natur", "natur-und-umwelt", "klimawandel", "medio-ambiente", "medioambiente", "ambiente", "planeta", "klimaat", "miljo", "климат", "экология", "cevre", "lingkungan", "環境", "환경"),
    "health": ("health", "medicine", "wellbeing", "wellness", "coronavirus", "covid", "covid-19",
               "nhs", "mental-health", "gesundheit", "sante", "salud", "healthcare",
        "medizin", "gesundheit-und-medizin", "salute", "saude", "gezondheid", "halsa", "helse", "здоровье", "медицина", "saglik", "kesehatan", "suc-khoe", "健康", "医療", "건강", "의료"),
    "human-interest": ("human-interest", "offbeat", "oddly-enough", "odd-news", "weird", "animals",
                       "people", "good-news", "panorama", "vermischtes",
        "leute", "promis", "royals", "royal", "kurioses", "buntes", "gente", "curiosidades", "insolite", "curiosita", "люди", "magazin-panorama", "viral", "trending"),
    "labour": ("labour", "labor", "employment", "jobs", "work", "unions", "workers", "arbeit",
        "arbeitsmarkt", "karriere", "beruf", "gewerkschaften", "empleo", "trabajo", "emploi", "travail", "lavoro", "werk", "arbete", "работа", "calisma-hayati", "ketenagakerjaan", "노동"),
    "lifestyle": ("lifestyle", "life", "travel", "food", "fashion", "style", "leisure", "motoring",
                  "cars", "home-and-garden", "recipes", "living", "life-and-style", "reisen", "reise",
                  "auto", "mode", "gastronomie", "food-and-drink",
        "genuss", "essen", "essen-und-trinken", "kaufberatung", "deals", "ratgeber", "wohnen", "garten", "familie-und-freizeit", "freizeit", "motor", "mobilitaet", "estilo", "estilo-de-vida", "viajes", "gastronomia", "moda", "style-de-vie", "voyage", "vie-pratique", "stile", "viaggi", "motori", "leven", "resor", "livsstil", "стиль-жизни", "дом-еда", "красота-здоровье", "путешествия", "yasam", "gaya-hidup", "otomotif", "kuliner", "ライフ", "라이프", "여행", "gaming", "games", "shopping", "beauty"),
    "politics": ("politics", "election", "elections", "government", "policy", "parliament", "congress",
                 "us-politics", "uk-politics", "brexit", "politik", "politique", "politica", "inland",
                 "white-house", "democracy",
        "innenpolitik", "aussenpolitik", "bundespolitik", "landespolitik", "wahl", "wahlen", "politica-nacional", "politiek", "politikk", "politik-und-wirtschaft", "политика", "siyaset", "politika", "politik-dalam-negeri", "chinh-tri", "政治", "정치", "democrats", "republicans", "us-election"),
    "religion": ("religion", "faith", "belief", "church", "religion-and-belief",
        "kirche", "glaube", "religion-und-glaube", "religione", "religie", "религия", "din", "agama", "宗教", "종교"),
    "science": ("science", "tech", "technology", "space", "innovation", "digital", "ai", "science-and-tech",
                "science-technology", "wissenschaft", "wissen", "sciences", "ciencia", "technik",
                "artificial-intelligence", "research",
        "netzwelt", "ki", "computer", "wissenschaft-und-technik", "tecnologia", "tecnologia-e-ciencia", "ciencia-y-tecnologia", "scienze", "techno", "technologie", "wetenschap", "vetenskap", "teknik", "наука", "технологии", "bilim", "teknoloji", "sains", "tekno", "teknologi", "khoa-hoc", "科学", "テクノロジー", "과학", "it-과학", "gadgets", "software", "apps", "internet"),
    "society": ("society", "communities", "immigration", "migration", "social-affairs", "family",
                "inequality", "housing", "gesellschaft", "societe", "sociedad", "social-issues",
        "soziales", "sozial", "leben-und-gesellschaft", "sociedad", "sociedade", "societa", "samenleving", "samhalle", "samfund", "samfunn", "общество", "toplum", "masyarakat", "xa-hoi", "社会", "사회"),
    "sport": ("sport", "sports", "football", "soccer", "cricket", "rugby", "rugby-union", "rugby-league",
              "tennis", "golf", "f1", "formula-1", "formula1", "athletics", "olympics", "nba", "nfl",
              "baseball", "basketball", "hockey", "cycling", "boxing", "fussball", "deportes", "sportif",
        "spor", "sporskor", "esporte", "esportes", "calcio", "sportif", "urheilu", "idrott", "спорт", "スポーツ", "스포츠", "olympia", "handball", "motorsport", "eishockey", "bundesliga", "premier-league", "ufc", "mma", "swimming"),
    "weather": ("weather", "forecast", "wetter", "meteo",
        "unwetter", "el-tiempo", "meteo-france", "погода", "hava-durumu", "cuaca", "天気", "날씨"),
}
ALIASES: dict[str, str] = {alias: topic for topic, names in _ALIASES.items() for alias in names}

@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """Latin letters with accents → without (é → e, ß → ss); other scripts untouched
    (decomposing Hangul or kana would break their words)."""
    table: dict[int, str] = {0xDF: "ss", 0x131: "i", 0x142: "l", 0xF8: "o", 0xE6: "ae", 0x111: "d"}
    for code in range(0xC0, 0x250):
        base = unicodedata.normalize("NFKD", chr(code))[:1]
        if code not in table and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


def fold(value: str) -> str:
    """Lowercase *value* and drop the accents of Latin letters: ``"Économie"`` → ``"economie"``."""
    return value.lower().translate(_fold_table())


def slugify(value: str) -> str:
    """``"Business & Money"`` → ``"business-and-money"``."""
    value = fold(value.strip()).replace("&", "and")
    return re.sub(r"[^\w]+", "-", value, flags=re.UNICODE).strip("-")


def known_topic(label: str) -> str:
    """The topic *label* names (a topic or an alias such as "football"), for a topic a
    user asks for: ValueError naming the topics when it names none."""
    topic = topic_for(label)
    if not topic:
        raise ValueError(f"unknown topic {label!r}; one of: {', '.join(TOPICS)}")
    return topic


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
