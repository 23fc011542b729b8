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


TAGDIV_PARAGRAPHS = [
    "Ferries between Port Alder and the islands will run every ninety minutes this winter after the harbour "
    "board approved a new timetable on Thursday evening, ending weeks of uncertainty for commuters.",
    "The board said the change, which starts on the first of December, follows the return of the second "
    "vessel from repairs at the dry dock in Kelmouth, where it spent most of the autumn.",
    "Island councillors welcomed the decision but warned that the last sailing, at ten past nine, is still "
    "too early for people who work late shifts at the hospital on the mainland.",
    "The operator said it would review the evening sailings in March, once it has passenger figures for the "
    "first winter months, and that fares would not rise before the spring.",
]


def _td_module(n: int, day: int, heading_class: str = "entry-title td-module-title") -> str:
    """One teaser of a tagDiv block: a linked headline and the teased story's own date."""
    return f"""<div class="td_module_6 td_module_wrap td-animation-stack">
      <div class="td-module-thumb"><a href="/2025/11/{day:02d}/story-{n}/" rel="bookmark" class="td-image-wrap"
        title="Story {n}"><img width="100" height="70" class="entry-thumb" src="/wp-content/uploads/2025/11/s{n}.jpg" alt=""></a></div>
      <div class="item-details"><h3 class="{heading_class}"><a href="/2025/11/{day:02d}/story-{n}/" rel="bookmark">Council
        story number {n} that readers liked this week</a></h3>
      <div class="td-module-meta-info"><span class="td-post-date">November {day}, 2025</span></div></div></div>"""


def tagdiv_page(*, composer: bool = False) -> str:
    """A WordPress page in tagDiv's Newspaper theme, dated only by text beside the byline.

    The masthead (a ``div``, not ``<header>``) shows today's date on every page;
    a "Top 5 This Week" block above the post, a "Popular Articles" sidebar, the
    related posts and the comments each carry other dates, the sidebar and related
    ones in the very ``td-post-date`` spans the article uses. No ``<time>``, no date
    meta, no JSON-LD, no date in the URL. *composer*: the tagDiv Composer (Cloud
    Library) template, which has no ``<article>`` element either.
    """
    top5 = "\n".join(_td_module(n, 15 - n) for n in range(1, 6))
    popular = "\n".join(_td_module(n, 12 - n) for n in range(6, 10))
    related = "\n".join(_td_module(n, 10 - n, "entry-title td-module-title") for n in range(10, 13))
    paras = "\n".join(f"<p>{p}</p>" for p in TAGDIV_PARAGRAPHS)
    comments = "\n".join(
        f"""<li class="comment even thread-even depth-1" id="li-comment-{c}"><article>
          <footer><img src="/avatar.png" class="avatar" alt=""><cite>Reader {c}</cite>
          <a href="#comment-{c}"><span class="comment-date">November 16, 2025 at {c}:1{c} am</span></a></footer>
          <div class="comment-content"><p>About time. The old timetable left us stranded {c} times last winter.</p></div>
        </article></li>"""
        for c in range(1, 4)
    )
    title = '<h1 class="entry-title">Harbour board approves winter ferry timetable</h1>'
    meta = """<div class="td-module-meta-info">
        <div class="td-post-author-name"><div class="td-author-by">By</div> <a href="/author/maria-okafor/">Maria Okafor</a>
        <div class="td-author-line"> - </div></div>
        <span class="td-post-date">November 14, 2025</span>
        <div class="td-post-comments"><a href="#respond"><i class="td-icon-comments"></i>3</a></div>
        <div class="td-post-views"><i class="td-icon-views"></i><span class="td-nr-views-48213">1204</span></div></div>"""
    if composer:
        post = f"""<div class="tdc-row"><div class="vc_row tdi_71 wpb_row td-pb-row">
      <div class="vc_column tdi_73 wpb_column vc_column_container tdc-column td-pb-span8">
        <div class="td_block_wrap tdb_breadcrumbs"><span><a href="/">Home</a></span> <span><a href="/category/news/">News</a></span></div>
        <div class="td_block_wrap tdb_title tdi_75 tdb-single-title"><div class="tdb-block-inner">{title}</div></div>
        <div class="td_block_wrap tdb_single_author"><div class="tdb-block-inner"><div class="tdb-author-by">By</div>
          <a class="tdb-author-name" href="/author/maria-okafor/">Maria Okafor</a></div></div>
        <div class="td_block_wrap tdb_single_date"><div class="tdb-block-inner"><span class="td-post-date">November 14, 2025</span></div></div>
        <div class="td_block_wrap tdb_single_content"><div class="tdb-block-inner td-fix-index">{paras}</div></div>
      </div></div></div>"""
    else:
        post = f"""<article id="post-48213" class="post-48213 post type-post status-publish format-standard has-post-thumbnail category-news">
      <div class="td-post-header"><ul class="td-category"><li class="entry-category"><a href="/category/news/">News</a></li></ul>
        <header class="td-post-title">{title}{meta}</header></div>
      <div class="td-post-content tagdiv-type">{paras}</div>
      <footer><div class="td-post-source-tags"><ul class="td-tags"><li><span>TAGS</span></li>
        <li><a href="/tag/ferries/">ferries</a></li></ul></div></footer></article>"""
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>Harbour board approves winter ferry timetable - Port Alder Gazette</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="td-theme-css" href="/wp-content/themes/Newspaper/style.css?ver=12.6" type="text/css" media="all">
</head>
<body class="post-template-default single single-post postid-48213 single-format-standard td-standard-pack global-block-template-1">
<div class="td-scroll-up"><i class="td-icon-menu-up"></i></div>
<div id="td-outer-wrap" class="td-theme-wrap">
 <div class="td-header-wrap td-header-style-1">
  <div class="td-header-top-menu-full td-container-wrap"><div class="td-container td-header-row td-header-top-menu">
   <div class="top-bar-style-1"><div class="td-header-sp-top-menu">
    <div class="td_data_time"><div>Sunday, November 16, 2025</div></div>
    <div class="menu-top-container"><ul id="menu-top" class="top-header-menu">
     <li><a href="/about-us/">About us</a></li><li><a href="/advertise/">Advertise</a></li><li><a href="/contact/">Contact</a></li></ul></div>
   </div></div></div></div>
  <div class="td-banner-wrap-full"><div class="td-header-sp-logo"><a class="td-main-logo" href="/">
    <span class="td-visual-hidden">Port Alder Gazette</span></a></div></div>
  <div class="td-header-menu-wrap-full"><div id="td-header-menu" role="navigation"><ul id="menu-main" class="sf-menu">
    <li><a href="/">Home</a></li><li><a href="/category/news/">News</a></li><li><a href="/category/sport/">Sport</a></li>
    <li><a href="/category/business/">Business</a></li><li><a href="/category/opinion/">Opinion</a></li></ul></div></div>
 </div>
 <div class="td-main-content-wrap td-container-wrap">
  <div class="td_block_wrap td_block_big_grid_fl td_uid_3"><h4 class="block-title"><span class="td-pulldown-size">Top 5 This Week</span></h4>
   <div id="td_uid_3" class="td_block_inner">{top5}</div></div>
  <div class="td-container td-post-template-default">
   <div class="td-crumb-container"><div class="entry-crumbs"><span><a href="/">Home</a></span>
    <i class="td-icon-right td-bread-sep"></i> <span><a href="/category/news/">News</a></span></div></div>
   <div class="td-pb-row">
    <div class="td-pb-span8 td-main-content" role="main"><div class="td-ss-main-content">
     {post}
     <div class="td_block_wrap td_block_related_posts"><h4 class="td-related-title"><a class="td-related-left td-cur-simple-item" href="#">RELATED ARTICLES</a></h4>
      <div class="td_block_inner">{related}</div></div>
     <div class="comments" id="comments"><div class="td-comments-title-wrap"><h4 class="block-title"><span>3 COMMENTS</span></h4></div>
      <ol class="comment-list">{comments}</ol>
      <div id="respond" class="comment-respond"><h3 id="reply-title" class="comment-reply-title">LEAVE A REPLY</h3>
       <form action="/wp-comments-post.php" method="post" id="commentform"><textarea name="comment"></textarea>
       <input class="submit" type="submit" value="Post Comment"></form></div></div>
    </div></div>
    <div class="td-pb-span4 td-main-sidebar" role="complementary"><div class="td-ss-main-sidebar">
     <div class="td_block_wrap td_block_1 td_block_widget"><h4 class="block-title"><span>Popular Articles</span></h4>
      <div class="td_block_inner">{popular}</div></div></div></div>
   </div></div></div>
 <div class="td-footer-wrapper td-container-wrap"><div class="td-container"><div class="td-pb-row">
  <div class="td-pb-span12"><div class="footer-text-wrap">Port Alder Gazette: news from the harbour towns since 1921.
   <div class="footer-email-wrap">Contact us: <a href="mailto:desk@portalder.example">desk@portalder.example</a></div></div></div></div></div></div>
 <div class="td-sub-footer-container td-container-wrap"><div class="td-container"><div class="td-pb-row">
  <div class="td-pb-span td-sub-footer-copy">&copy; Copyright 2025 - Port Alder Gazette</div></div></div></div>
</div>
</body>
</html>"""


BRIEF_PARAGRAPHS = [
    "The coastal road between Port Alder and Kelmouth reopened on Friday after crews cleared the "
    "rockfall that closed it on Wednesday night.",
    "Highways staff said a single lane will stay under traffic lights until the cliff netting is repaired, "
    "by the end of next week.",
]  # 45 words


def brief_page(*, og_type: str | None = "article", article_element: bool = True, head: str = "") -> str:
    """A news brief of 45 words (headline, byline, date, two short paragraphs) in a
    page of ordinary chrome: cookie banner, navigation, a most-read list, a footer."""
    og = f'<meta property="og:type" content="{og_type}">' if og_type else ""
    paras = "\n".join(f"<p>{p}</p>" for p in BRIEF_PARAGRAPHS)
    wrapper, end = ("<article class=\"story story--brief\">", "</article>") if article_element else ("<div class=\"story\">", "</div>")
    most_read = "\n".join(
        f'<li><a href="/news/story-{n}-about-the-harbour/">Story {n} about the harbour budget</a></li>' for n in range(1, 6)
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Coastal road reopens after rockfall | Port Alder Gazette</title>
{og}<meta property="og:title" content="Coastal road reopens after rockfall">
<meta property="og:site_name" content="Port Alder Gazette">{head}</head>
<body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept</button></div>
<div class="site-header"><div class="masthead-date">Sunday, November 16, 2025</div>
<a class="logo" href="/">Port Alder Gazette</a>
<nav><a href="/news/">News</a> <a href="/sport/">Sport</a> <a href="/business/">Business</a> <a href="/opinion/">Opinion</a></nav></div>
<main>
{wrapper}
  <h1>Coastal road reopens after rockfall</h1>
  <p class="byline">By <a rel="author" href="/author/tom-reyes/">Tom Reyes</a> · <time datetime="2025-11-14T12:40:00+00:00">14 November 2025</time></p>
  {paras}
{end}
</main>
<aside class="sidebar"><h3>Most read</h3><ul>{most_read}</ul></aside>
<footer><a href="/about/">About us</a> <a href="/contact/">Contact</a> <p>© 2025 Port Alder Gazette. All rights reserved.</p></footer>
</body>
</html>"""


def short_page() -> str:
    """A 45-word page that is not an article: a newsletter sign-up in the site's chrome."""
    text = (
        "Get the morning briefing from the Port Alder Gazette in your inbox every weekday at seven. It is free, "
        "it takes two minutes to read, and you can unsubscribe at any time with one click. Enter your email "
        "address below and choose the sections you want to follow."
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>Newsletters | Port Alder Gazette</title>
<meta property="og:type" content="website"></head>
<body>
<div class="site-header"><a class="logo" href="/">Port Alder Gazette</a>
<nav><a href="/news/">News</a> <a href="/sport/">Sport</a></nav></div>
<main><h1>Newsletters</h1><p>{text}</p>
<form action="/subscribe" method="post"><input type="email" name="email"><button>Sign up</button></form></main>
<footer><a href="/about/">About us</a> <p>© 2025 Port Alder Gazette.</p></footer>
</body>
</html>"""


LONG_PARAGRAPHS = [
    f"{lead} The harbour board's report, published on Monday, runs to {n * 40 + 120} pages and sets out in detail how "
    f"the port's trade changed over the decade, which berths lost money and which gained, and what the board "
    f"expects from the new ferry contract that starts in the spring of next year."
    for n, lead in enumerate([
        "The first thing the report shows is how much the grain trade has shrunk.",
        "Container traffic, by contrast, has nearly doubled since the quay was dredged.",
        "Fishing boats still land their catch at the north wall every morning.",
        "The cruise terminal was the board's great hope, and its great disappointment.",
        "Passenger numbers on the island ferries have recovered since the pandemic.",
        "Staff costs rose by a third, mostly because of the night shift at the locks.",
        "The board borrowed to pay for the new cranes, and the interest is now due.",
        "Councillors want the port to pay a dividend to the town for the first time.",
        "Unions say any cuts must not fall on the pilots who guide ships into the harbour.",
    ])
]


def split_body_page() -> str:
    """A long feature whose body is cut into three chunks, each a container of one
    class beside an ad rail (Condé Nast's layout: trafilatura takes the first
    chunk for the whole body)."""
    sections = [LONG_PARAGRAPHS[i:i + 3] for i in (0, 3, 6)]
    body = '<div class="article__chunks">'
    for n, paras in enumerate(sections):
        body += ('<div class="grid grid-margins grid-items-2 grid-layout--adrail">'
                 '<div class="grid--item body body__container article__body grid-layout__content">'
                 + "".join(f"<p>{p}</p>" for p in paras) + "</div>"
                 f'<div class="grid--item grid-layout__aside"><div class="ad__slot ad__slot--rail-{n}">'
                 '<span>Advertisement</span><iframe src="/ads/rail"></iframe></div></div></div>')
    body += "</div>"
    return f"""<!DOCTYPE html>
<html lang="en-US"><head><meta charset="utf-8"><title>What the harbour board's report really says | The Quayside</title>
<meta property="og:type" content="article"></head>
<body><div class="site-header"><a href="/">The Quayside</a><nav><a href="/news/">News</a> <a href="/culture/">Culture</a></nav></div>
<main><article class="article main-content">
<header class="article__header"><h1>What the harbour board's report really says</h1>
<p class="byline">By <a rel="author" href="/contributors/ann-hale">Ann Hale</a> · <time datetime="2025-10-02T06:00:00Z">October 2, 2025</time></p></header>
{body}
</article>
<div class="related"><h2>More from The Quayside</h2><ul>
<li><a href="/news/ferry-fares/">Ferry fares to rise in spring</a></li><li><a href="/news/lock-gates/">Lock gates fail again</a></li></ul></div>
</main><footer><p>© 2025 The Quayside</p></footer></body></html>"""
