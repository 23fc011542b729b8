"""Scrapy settings of the newsearch crawl. The runner adds the run's own values
(delay, user agent, home, limits) on top of these."""

BOT_NAME = "newsearch"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

ROBOTSTXT_OBEY = False  # robots.txt is fetched once by the spider and enforced by SiteGuardMiddleware
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 32  # 16 capped a crawl of 20 sites (2 each) at ~44 pages/s with 100-500 ms answers
# Scrapy re-reads each callback's source on every response to warn about a generator
# returning a value: 9% of the fetch's CPU (benchmarks/RESULTS.md, many sites)
WARN_ON_GENERATOR_RETURN_VALUE = False
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.0  # the delay is a minimum, never shortened
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 20_000_000  # a larger page is refused unread (the extractor takes no more: article.MAX_BYTES)
DOWNLOAD_WARNSIZE = 0
REDIRECT_MAX_TIMES = 5
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
METAREFRESH_ENABLED = False
# one lookup per host and run, its answer checked and pinned: no DNS rebinding (crawler/resolver.py)
TWISTED_DNS_RESOLVER = "crawler.resolver.PinnedResolver"

LOG_FORMATTER = "crawler.logformat.QuietLogFormatter"  # log URLs and reasons, never page bodies
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,  # SiteGuardMiddleware does this
    "crawler.guard.SiteGuardMiddleware": 60,
    # after the guard: only a redirect it lets through (same site, robots.txt) is looked up
    "crawler.redirects.KnownRedirectMiddleware": 65,  # a redirect to an article this run has: no second download
    # above RetryMiddleware (550): responses pass through it first, so a 429/503 sets
    # the backoff before the retry is queued
    "crawler.politeness.PolitenessMiddleware": 560,
    "crawler.conditional.ConditionalRequestMiddleware": 80,
}
# The fetch only archives: the ingest (crawler.ingest, beside the crawl) extracts and indexes.
ITEM_PIPELINES = {
    "crawler.pipelines.archive.ArchivePipeline": 300,
}
EXTENSIONS = {
    "crawler.diskfull.DiskFullStop": 100,
    "crawler.progress.ProgressDisplay": 500,
    "crawler.shutdown.ShutdownExtension": 0,
    "scrapy.extensions.logstats.LogStats": None,
}
CONCURRENT_ITEMS = 32
