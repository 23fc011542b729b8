"""Article pages for the topic tests: stories whose page names no section (no
``articleSection``, no ``article:section``, no breadcrumb, an opaque URL), in several
languages, wrapped in the chrome real news pages carry (cookie banner, navigation with
section links, a "most read" box that talks about other things, a comment form).
"""
from __future__ import annotations

import json

STRIKE = {
    "lang": "en-US",
    "headline": "Drivers walk out at parcel depots as talks over pay collapse",
    "paragraphs": [
        "Thousands of parcel drivers walked off the job at dawn on Monday after talks between the company "
        "and their union broke down over pay and the heat inside delivery vans.",
        "The union said the strike would run for at least three days at forty depots, and that pickets "
        "would stand at every gate. Managers were loading some vans themselves by mid-morning.",
        "Workers say wages have not kept up with rents in the cities where most of them live, and that "
        "the new shift rota leaves them working ten-hour days with no paid break.",
        "The company said its offer was fair and that it had raised hourly pay twice in two years. It "
        "urged employees to return while a mediator tries to restart negotiations.",
        "Customers were warned that deliveries could take up to a week. Small shops that rely on the "
        "depots said the walkout came at the worst time of the year for them.",
    ],
}

FIRE_DE = {
    "lang": "de-DE",
    "headline": "Großbrand in Lagerhalle: Feuerwehr warnt vor Rauchgasen",
    "paragraphs": [
        "Ein Feuer in einer Lagerhalle am Stadtrand hat in der Nacht zum Dienstag einen Großeinsatz der "
        "Feuerwehr ausgelöst. Die Flammen griffen auf zwei benachbarte Gebäude über.",
        "Mehr als hundert Einsatzkräfte kämpften bis zum Morgen gegen den Brand. Anwohner wurden über "
        "die Warn-App aufgefordert, Fenster und Türen geschlossen zu halten.",
        "Drei Menschen wurden mit Verdacht auf Rauchvergiftung in ein Krankenhaus gebracht, eine Familie "
        "musste ihre Wohnung verlassen und wurde in einer Turnhalle untergebracht.",
        "Die Brandursache ist noch unklar. Der Schaden wird auf mehrere Millionen Euro geschätzt; "
        "Brandermittler sollen die Halle untersuchen, sobald sie gesichert ist.",
    ],
}

QUAKE_JA = {
    "lang": "ja",
    "headline": "沿岸部で震度6弱の地震　津波注意報も",
    "paragraphs": [
        "12日午前、沿岸部を震源とする強い地震があり、最大で震度6弱を観測した。気象庁は沿岸部に津波注意報を出した。",
        "市によると、古い家屋の一部が倒壊し、住民およそ二百人が近くの学校に避難した。けが人の確認が続いている。",
        "鉄道は安全確認のため運転を見合わせ、高速道路の一部も通行止めとなった。停電は午後までにほぼ復旧した。",
        "気象庁は今後一週間程度、同じ規模の地震に注意するよう呼びかけている。",
    ],
}

CUP_ES = {
    "lang": "es",
    "headline": "La selección remonta en el descuento y se mete en la final de la Copa",
    "paragraphs": [
        "La selección remontó un partido que tenía perdido y jugará la final de la Copa tras ganar por "
        "dos goles a uno con un tanto en el último minuto del descuento.",
        "El entrenador celebró la reacción de sus jugadores, que salieron en la segunda parte con otra "
        "actitud y encerraron al rival en su área durante casi media hora.",
        "El delantero, que volvía tras una lesión, marcó el gol de la victoria de cabeza. La afición, que "
        "llenó el estadio, cantó su nombre hasta el final del encuentro.",
        "La final se disputará el domingo. El equipo viajará el viernes y entrenará en el mismo campo.",
    ],
}

FIRE_EN = {
    "lang": "en-GB",
    "headline": "Residents flee as blaze tears through fourteen-storey tower block",
    "paragraphs": [
        "Fire crews spent the night fighting a blaze that spread across the cladding of a fourteen-storey "
        "residential tower block, sending flames up the outside of the building within minutes.",
        "More than two hundred residents were evacuated. Neighbours described people shouting from balconies "
        "as thick smoke filled the stairwells, and firefighters carried several children down ladders.",
        "Four people were taken to hospital and the emergency services said two residents were still "
        "unaccounted for on Thursday morning. Rescue teams with dogs were searching the upper floors.",
        "Investigators will examine whether the insulation panels fitted during a renovation helped the fire "
        "spread. Families who lost their homes are staying in hotels and a sports hall nearby.",
    ],
}

THEFT_PL = {
    "lang": "pl",
    "headline": "Policja zatrzymała trzech mężczyzn podejrzanych o kradzież aut z osiedla",
    "paragraphs": [
        "Policjanci zatrzymali w środę trzech mężczyzn, którzy według śledczych w ciągu pół roku ukradli "
        "z jednego osiedla ponad dwadzieścia samochodów.",
        "Zatrzymani usłyszeli zarzuty kradzieży i paserstwa. Prokurator wystąpił do sądu o areszt, a za "
        "kradzież grozi im do dziesięciu lat więzienia.",
        "Auta trafiały do dziupli pod miastem, gdzie były rozbierane na części. Policja apeluje do "
        "mieszkańców, którzy rozpoznają swoje samochody na zdjęciach.",
    ],
}

FLOOD_FI = {
    "lang": "fi",
    "headline": "Tulva katkaisi tiet Pohjanmaalla – asukkaita evakuoitiin yöllä",
    "paragraphs": [
        "Kevättulva nousi yöllä nopeasti ja katkaisi useita teitä. Pelastuslaitos evakuoi kymmeniä "
        "asukkaita kodeistaan veneillä.",
        "Palokunta ja vapaaehtoiset rakensivat hiekkasäkeistä valleja talojen ympärille. Onnettomuudessa ei "
        "pelastuslaitoksen mukaan loukkaantunut ketään.",
        "Tulvan arvioidaan olevan pahimmillaan torstaina. Pelastus jatkuu koko viikonlopun.",
    ],
}

CUP_ZH = {
    "lang": "zh-CN",
    "headline": "联赛最后一轮：主队补时绝杀夺得冠军",
    "paragraphs": [
        "在昨晚进行的联赛最后一轮比赛中，主队在补时阶段打入制胜球，以二比一击败对手，夺得本赛季冠军。",
        "主教练赛后表示，球员们在下半场展现了顽强的意志。这名前锋本赛季已经打入二十个进球。",
        "数万名球迷在球场外庆祝。球队将于下周参加亚洲比赛。",
    ],
}

MOST_READ = [
    "Council approves new cycle lanes on the ring road",
    "Review: the new season at the city theatre",
    "Local bakery wins national bread award",
    "Weekend weather: sunshine and showers",
]


def article_page(story: dict, *, section_meta: str = "", published: str = "2025-11-17T06:30:00+00:00") -> str:
    """A whole page for *story*; it names no section unless *section_meta* adds one."""
    paragraphs = "\n".join(f"<p>{p}</p>" for p in story["paragraphs"])
    most_read = "\n".join(f'<li><a href="/2025/11/0{i + 1}/{"-".join(t.lower().split()[:6])}/">{t}</a></li>'
                          for i, t in enumerate(MOST_READ))
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": story["headline"],
                     "datePublished": published, "author": {"@type": "Person", "name": "Sam Okafor"}})
    return f"""<!DOCTYPE html>
<html lang="{story['lang']}">
<head>
<meta charset="utf-8">
<title>{story['headline']} | The Courier</title>
<meta property="og:title" content="{story['headline']}">
<meta property="og:site_name" content="The Courier">
{section_meta}
<script type="application/ld+json">{ld}</script>
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<header class="site-header"><a href="/" class="logo">The Courier</a>
<p class="today">Monday, 1 December 2025</p>
<nav><a href="/politics/">Politics</a> <a href="/business/">Business</a> <a href="/sport/">Sport</a>
<a href="/culture/">Culture</a> <a href="/weather/">Weather</a></nav></header>
<main>
<article>
<h1>{story['headline']}</h1>
<p class="byline">By <a href="/people/sam-okafor/">Sam Okafor</a></p>
<time datetime="{published}">17 November 2025</time>
{paragraphs}
</article>
<aside class="most-read"><h2>Most read</h2><ol>{most_read}</ol></aside>
<section class="comments"><h2>Leave a comment</h2>
<form method="post" action="/comments"><textarea name="c"></textarea><button>Post</button></form></section>
</main>
<footer><p>Sign up to our morning briefing</p><p>© The Courier. All rights reserved.</p></footer>
</body>
</html>"""
