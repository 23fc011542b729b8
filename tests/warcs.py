"""CC-NEWS-like WARC files for the import tests, written with warcio itself (not with
newsearch's ArchiveWriter, so a bug there cannot hide one in the reader).

The shape is Common Crawl's news archive: WARC/1.0, one gzip member per record, a
``warcinfo`` record first, then ``request``+``response`` pairs (or a lone response),
``revisit`` records for unchanged pages, answers that are not HTML or not 200, and no
``metadata`` records. The damage a real file can carry is written on purpose: a
record whose Content-Length says more than it holds, and a file cut inside its last
record. Every writing call returns the offset its record starts at, so a test can
check that the damaged one is named where it is.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
from base64 import b32encode
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FUNDUS = CORPUS / "fundus"


@dataclass
class CorpusPage:
    """One real page of the shared corpus and what it is known to say."""

    id: str
    url: str
    title: str | None
    date: str | None
    crawl_date: str | None
    html: bytes


def corpus_pages(folder: Path = FUNDUS) -> list[CorpusPage]:
    """The pages of one corpus folder (read in place, never copied)."""
    pages = []
    with (folder / "ground_truth.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            html = gzip.decompress((folder.parent / row["file"]).read_bytes())
            pages.append(CorpusPage(row["id"], row["url"], row.get("title"), row.get("date"),
                                    row.get("crawl_date"), html))
    return pages


def _digest(body: bytes) -> str:
    return "sha1:" + b32encode(hashlib.sha1(body).digest()).decode("ascii")


class CCNewsWarc:
    """Writes one CC-NEWS-like ``.warc.gz`` file record by record."""

    def __init__(self, fh: BinaryIO, name: str = "CC-NEWS-test.warc.gz", gzip: bool = True) -> None:
        self.fh = fh
        self.writer = WARCWriter(fh, gzip=gzip, warc_version="1.0")
        self.records = 0
        info = self.writer.create_warcinfo_record(name, {
            "software": "StormCrawler 1.18 https://stormcrawler.net/", "format": "WARC File Format 1.0",
            "isPartOf": "CC-NEWS", "operator": "Common Crawl Admin (info@commoncrawl.org)",
        })
        self._write(info)

    def _write(self, record) -> int:
        offset = self.fh.tell()
        self.writer.write_record(record)
        self.records += 1
        return offset

    def response(self, url: str, body: bytes, date: str = "2024-06-01T12:00:00Z", status: int = 200,
                 reason: str = "OK", content_type: str | None = "text/html; charset=UTF-8",
                 with_request: bool = True, extra_headers: list[tuple[str, str]] | None = None) -> int:
        """A fetched answer (with the request before it, as CC-NEWS has them); returns
        the offset of the first record written."""
        offset = self.fh.tell()
        if with_request:
            req = StatusAndHeaders(f"GET {_path(url)} HTTP/1.1", [
                ("Host", url.split("/")[2]), ("User-Agent", "CCBot/2.0 (https://commoncrawl.org/faq/)"),
                ("Accept", "text/html,application/xhtml+xml,*/*;q=0.8"),
            ], is_http_request=True)
            self._write(self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""), length=0,
                                                       http_headers=req, warc_headers_dict={"WARC-Date": date}))
        headers = [("Date", "Sat, 01 Jun 2024 12:00:00 GMT"), ("Server", "nginx")]
        if content_type:
            headers.append(("Content-Type", content_type))
        headers += extra_headers or []
        if not any(k.lower() == "transfer-encoding" for k, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason}", headers, protocol="HTTP/1.1")
        self._write(self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date, "WARC-IP-Address": "192.0.2.7",
                               "WARC-Identified-Payload-Type": (content_type or "").split(";")[0]},
        ))
        return offset

    def dns(self, host: str, date: str = "2024-06-01T12:00:00Z") -> int:
        """A ``dns:`` response record, as Heritrix writes one per host looked up."""
        body = f"{date[:4]}{date[5:7]}{date[8:10]}{date[11:13]}{date[14:16]}{date[17:19]}\n{host}.\t300\tIN\tA\t192.0.2.7\n".encode()
        return self._write(self.writer.create_warc_record(
            f"dns:{host}", "response", payload=io.BytesIO(body), length=len(body), warc_content_type="text/dns",
            warc_headers_dict={"WARC-Date": date}))

    def revisit(self, url: str, body: bytes, date: str = "2024-06-02T12:00:00Z") -> int:
        """An answer the crawler had already archived unchanged (a revisit record)."""
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = self.writer.create_revisit_record(url, _digest(body), url, "2024-06-01T12:00:00Z",
                                                   http_headers=http)
        record.rec_headers.replace_header("WARC-Date", date)
        return self._write(record)

    def bad_length(self, url: str, body: bytes, claim: int = 10_000_000) -> int:
        """A response whose WARC Content-Length says *claim* bytes but holds fewer (its
        own gzip member, otherwise intact)."""
        head, sep, rest = _html_response(url, body, gzipped=False).partition(b"\r\n\r\n")
        lines = [ln if not ln.lower().startswith(b"content-length:") else b"Content-Length: %d" % claim
                 for ln in head.split(b"\r\n")]
        return self.raw(gzip.compress(b"\r\n".join(lines) + sep + rest))

    def raw(self, data: bytes) -> int:
        """Bytes written as they are (a hand-made member, or garbage)."""
        offset = self.fh.tell()
        self.fh.write(data)
        self.records += 1
        return offset

    def cut_response(self, url: str, body: bytes, keep: float = 0.5) -> int:
        """A last response cut off part way through its gzip member (a download that
        stopped): call it last."""
        data = _html_response(url, body, gzipped=True)
        return self.raw(data[: int(len(data) * keep)])


def chunked(body: bytes, size: int = 4000) -> bytes:
    """*body* in HTTP/1.1 chunked transfer coding, as a server sent it."""
    parts = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


def _path(url: str) -> str:
    rest = url.split("/", 3)
    return "/" + (rest[3] if len(rest) > 3 else "")


def synthetic_article(title: str, paragraphs: list[str], *, date: str | None = None, charset_meta: str | None = None,
                      site: str = "Example News") -> str:
    """A plain news page: site chrome around one article, dated only when *date* is given."""
    meta = f'<meta charset="{charset_meta}">' if charset_meta else ""
    head_date = f'<meta property="article:published_time" content="{date}">' if date else ""
    time_el = f'<p class="byline">By Staff <time datetime="{date}">{date[:10]}</time></p>' if date else ""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head>{meta}<title>{title} | {site}</title>
<meta property="og:title" content="{title}"><meta property="og:type" content="article">{head_date}</head>
<body><header><a href="/">{site}</a><nav><a href="/politics/">Politics</a> <a href="/sport/">Sport</a></nav></header>
<main><article><h1>{title}</h1>{time_el}
{body}
</article>
<aside><h3>Most read</h3><ul><li><a href="/a/">Council sets budget</a></li><li><a href="/b/">Bridge reopens</a></li></ul></aside>
</main><footer>&copy; {site}. All rights reserved. <a href="/privacy/">Privacy</a></footer></body></html>"""


def iter_members(path: Path) -> Iterator[int]:
    """The offsets of the gzip members of a file (for tests that cut it)."""
    data = path.read_bytes()
    pos = data.find(b"\x1f\x8b\x08")
    while pos >= 0:
        yield pos
        pos = data.find(b"\x1f\x8b\x08", pos + 1)


def _html_response(url: str, body: bytes, gzipped: bool) -> bytes:
    """One 200 text/html response record, as warcio writes it (its own gzip member when *gzipped*)."""
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzipped, warc_version="1.0")
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                                  http_headers=http))
    return buf.getvalue()
