"""Run news-please's library mode on a list of URLs (run by crawl.py with the
news-please venv's python; the loopback guard is on PYTHONPATH).

    python _newsplease_driver.py URLS_FILE BATCH

``NewsPlease.from_urls`` starts one download thread per URL, then extracts in a
process pool (one process per core); URLs go in batches of BATCH so a few
thousand URLs do not mean a few thousand threads at once. Prints one JSON line:
how many URLs, how many came back with a main text, and the seconds spent.
"""
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")


def main() -> int:
    urls = [u.strip() for u in open(sys.argv[1], encoding="utf-8") if u.strip()]
    batch = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    from newsplease import NewsPlease

    started = time.monotonic()
    got = 0
    with_text = 0
    for i in range(0, len(urls), batch):
        results = NewsPlease.from_urls(urls[i : i + batch], request_args={"timeout": 30}, fetch_images=False)
        for article in results.values():
            if article:
                got += 1
                if getattr(article, "maintext", None):
                    with_text += 1
    print(json.dumps({"urls": len(urls), "results": got, "with_text": with_text, "seconds": time.monotonic() - started}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
