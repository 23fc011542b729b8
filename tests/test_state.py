"""Crawl state: what a later run must not download again, and what it must retry."""
from crawler.state import MAX_ATTEMPTS, CrawlState


def test_articles_rejections_and_gone_pages_are_never_fetched_again(tmp_path):
    state = CrawlState(tmp_path / "state.db")
    for url, status in (("u1", "article"), ("u2", "rejected"), ("u3", "gone"), ("u4", "alias")):
        state.mark(url, "site", status)
    state.close()
    state = CrawlState(tmp_path / "state.db")
    assert all(state.is_done(u) for u in ("u1", "u2", "u3", "u4"))
    assert not state.is_done("never-seen")


def test_failures_are_retried_a_few_runs_then_given_up(tmp_path):
    state = CrawlState(tmp_path / "state.db")
    for attempt in range(MAX_ATTEMPTS):
        assert not state.is_done("flaky")
        state.mark("flaky", "site", "failed", "500")
    assert state.is_done("flaky")


def test_uncommitted_leads_and_validators_vanish_together(tmp_path):
    state = CrawlState(tmp_path / "state.db")
    state.add_lead("https://s/a", "s", {"date": "2025-01-01"})
    state.set_validators("https://s/feed", "s", '"v1"', None)
    state.db.close()  # a kill: nothing was committed
    state = CrawlState(tmp_path / "state.db")
    assert state.validators("https://s/feed") == (None, None)
    assert list(state.pending("s")) == []
    state.add_lead("https://s/a", "s", {"date": "2025-01-01"})
    state.set_validators("https://s/feed", "s", '"v1"', None)
    state.commit()
    state.db.close()
    state = CrawlState(tmp_path / "state.db")
    assert list(state.pending("s")) == [("https://s/a", {"date": "2025-01-01"})]
    assert state.validators("https://s/feed") == ('"v1"', None)


def test_a_re_date_owed_survives_a_kill_until_it_is_done(tmp_path):
    # a sitemap dates a stored article anew; the run is killed after committing that
    # evidence but before the record was re-dated: the next run still owes the re-date
    state = CrawlState(tmp_path / "state.db")
    state.add_lead("https://s/a", "s", {"via": "front"})
    state.mark("https://s/a", "s", "article")
    news = {"via": "news-sitemap", "date": "2025-11-10T09:15:00+00:00"}
    assert state.add_lead("https://s/a", "s", news) == "redate"
    state.commit()
    state.db.close()  # killed here
    state = CrawlState(tmp_path / "state.db")
    assert state.owed_redates("s") == ["https://s/a"]
    assert state.add_lead("https://s/a", "s", news) == "known"  # the lead alone would not say so again
    state.redated("https://s/a")
    state.commit()
    assert state.owed_redates("s") == [] and state.status("https://s/a") == "article"
    assert state.evidence("https://s/a")["via"] == "news-sitemap"
