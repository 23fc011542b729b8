"""URL rules: one story, one URL; no wandering off-site or onto internal addresses."""
from indexer.urls import canonicalize, is_private_host, same_site, ssrf_blocked


def test_tracking_parameters_and_fragments_are_dropped():
    url = "HTTPS://News.Example.com:443/a/story?utm_source=tw&b=2&fbclid=x&a=1&gclid=y#comments"
    assert canonicalize(url) == "https://news.example.com/a/story?a=1&b=2"


def test_relative_links_resolve_against_the_page():
    assert canonicalize("../b/story?ref=home", base="http://127.0.0.1:8080/a/x/") == "http://127.0.0.1:8080/a/b/story"


def test_same_site_ignores_www_but_not_other_hosts_or_ports():
    assert same_site("https://www.example.com/x", "https://example.com/")
    assert not same_site("https://evil.example.net/x", "https://example.com/")
    assert not same_site("http://127.0.0.1:81/x", "http://127.0.0.1:80/")


def test_internal_addresses_are_private():
    for host in ("127.0.0.1", "10.1.2.3", "169.254.169.254", "192.168.0.1", "::1", "localhost"):
        assert is_private_host(host), host
    assert not is_private_host("93.184.216.34")


def test_a_public_site_may_not_lead_to_internal_addresses():
    assert ssrf_blocked("http://169.254.169.254/latest/meta-data/", "http://93.184.216.34/")
    assert ssrf_blocked("http://127.0.0.1:6379/", "http://93.184.216.34/")


def test_a_site_the_user_names_on_loopback_may_fetch_itself_only():
    assert not ssrf_blocked("http://127.0.0.1:8080/news/1", "http://127.0.0.1:8080/")
    assert ssrf_blocked("http://127.0.0.1:9200/_cat", "http://127.0.0.1:8080/")
