"""Realistic article and listing pages for the extraction's golden tests.

Every page carries the chrome real news pages have: a masthead with today's
date (which is never the publication date), navigation, a cookie banner, a
"most read" sidebar, a newsletter box, a comment form and a footer. The tests
say what must and must not come out.
"""
from __future__ import annotations

import json

MASTHEAD_DATE = "Sunday, November 16, 2025"

PARAGRAPHS = [
    "The harbour authority confirmed on Tuesday that the old grain terminal will be demolished next spring, "
    "ending a decade of argument over the future of the waterfront site.",
    "Councillors voted by nine to four to approve the plan, which includes three hundred new homes, a public "
    "square and a cycle path linking the station to the beach.",
    "Opponents said the scheme did too little to protect the terminal's listed grain elevator, which has stood "
    "on the quay since 1911 and is one of the last of its kind in the country.",
    "The developer has promised to keep the elevator's steel frame as a landmark and to open a small museum "
    "about the port's trade in its base, though no date has been set for that work.",
    "Residents who spoke at the meeting were divided. Some welcomed the homes; others feared the traffic that "
    "building work would bring to the narrow streets behind the quay for at least two years.",
]

CHROME_TEXT = [
    "Most read", "Sign up to our morning briefing", "We use cookies to improve your experience",
    "Leave a comment", "All rights reserved", MASTHEAD_DATE,
]


def page(
    *,
    title: str = "Grain terminal to be demolished after years of argument - The Daily Bugle",
    head: str = "",
    byline: str = '<p class="byline">By <a href="/author/jane-rivers/">Jane Rivers</a></p>',
    paragraphs: list[str] | None = None,
    article_top: str = "",
    breadcrumb: str = "",
    charset: str = "utf-8",
    headline: str = "Grain terminal to be demolished after years of argument",
) -> str:
    """A whole article page with realistic chrome around *paragraphs*."""
    paras = "\n".join(f"<p>{p}</p>" for p in (paragraphs or PARAGRAPHS))
    most_read = "\n".join(
        f'<li><a href="/news/2025/11/{d:02d}/story-number-{d}-about-the-council/">Story number {d} about the council budget row</a></li>'
        for d in range(1, 6)
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="{charset}">
<title>{title}</title>
<meta name="viewport" content="width=device-width">
{head}
</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<header class="site-header">
  <div class="masthead-date">{MASTHEAD_DATE}</div>
  <a class="logo" href="/">The Daily Bugle</a>
  <nav><a href="/politics/">Politics</a> <a href="/business/">Business</a> <a href="/sport/">Sport</a>
  <a href="/science/">Science</a> <a href="/tag/waterfront/">Waterfront</a></nav>
</header>
{breadcrumb}
<main>
<article>
  {article_top}
  <h1>{headline}</h1>
  {byline}
  {paras}
</article>
<section class="comments">
  <h3>Leave a comment</h3>
  <form action="/comments" method="post"><textarea name="c"></textarea><button>Post</button></form>
</section>
</main>
<aside class="sidebar"><h3>Most read</h3><ul>{most_read}</ul>
  <div class="newsletter">Sign up to our morning briefing <input type="email"></div></aside>
<footer><a href="/about/">About us</a> <a href="/contact/">Contact</a> <a href="/privacy/">Privacy</a>
  <p>© 2025 The Daily Bugle. All rights reserved.</p></footer>
</body>
</html>"""


def jsonld(**fields: object) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", **fields}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


def listing_page() -> str:
    """A section front: many teasers, little text of its own."""
    teasers = "\n".join(
        f"""<article class="teaser"><h2><a href="/politics/2025/11/{d:02d}/council-story-{d}-with-a-long-slug/">Council
        story number {d} with a headline long enough to read like news</a></h2>
        <p>A one-line summary of story {d}, about budgets, roads and the harbour, to tempt a reader in.</p></article>"""
        for d in range(1, 16)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Politics - The Daily Bugle</title>
<meta property="og:type" content="website"><meta property="og:title" content="Politics"></head>
<body><header><div>{MASTHEAD_DATE}</div><nav><a href="/">Home</a> <a href="/politics/">Politics</a></nav></header>
<main><h1>Politics</h1>{teasers}<a href="/politics/page/2/">Next page</a></main>
<footer><a href="/about/">About us</a></footer></body></html>"""


def about_page() -> str:
    """An about page: prose, but not news."""
    text = " ".join(
        [
            "The Daily Bugle has served the harbour towns since 1887. We are an independent newspaper owned by a",
            "charitable trust, and our journalists live in the communities they cover. We publish every morning",
            "online and every Friday in print. Our editorial code is published below, and readers who believe we",
            "have got something wrong can write to the readers' editor, who answers every letter within a week.",
            "We do not accept payment for coverage, and advertising is always marked as such on our pages.",
        ]
        * 2
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>About us - The Daily Bugle</title>
<meta property="og:type" content="website"></head><body><header><div>{MASTHEAD_DATE}</div></header>
<main><h1>About us</h1><p>{text}</p></main><footer>All rights reserved</footer></body></html>"""
