"""The WARC archive: what the fetch hands to the ingest, and what ``import`` reads.

Files are ISO 28500 WARC/1.1, one gzip member per record (so any record can be read
from its offset, and a damaged one skipped), written with warcio (Webrecorder's
library, the one news-please and most archiving tools use; it builds and parses the
records, this module cuts the file into members itself so that a bad record costs
only that record). A file being written is named ``*.warc.gz.open`` and renamed to
``*.warc.gz`` when it is closed (rotated past ``max_bytes``, or at the end of a run).

One fetched page is three records written in one flush: a ``metadata`` record
(JSON: the site, the evidence the crawl held for the URL) tied to the response by
``WARC-Concurrent-To`` and ``WARC-Refers-To``, the ``response`` (status, headers,
body as received, decoded of Content-Encoding) and the ``request``. The metadata
comes first so that a reader following a file as it grows has the whole page as
soon as the response is complete. A sitemap or feed that
gave evidence is a ``response`` with a metadata record saying ``"role": "listing"``.
Evidence found after the page was archived is a lone ``metadata`` record that refers
to the URL (``"role": "evidence"``): the ingest re-dates the stored article with it.
"""
from __future__ import annotations

import io
import itertools
import json
import os
import re
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterator

_SERIALS = itertools.count(1)
#: zlib level of each record's gzip member (see ArchiveWriter._members).
GZIP_LEVEL = 3
#: A file is closed and a new one started once it passes this many bytes.
MAX_BYTES = 100 * 1024 * 1024
OPEN_SUFFIX = ".open"
#: Response headers that described the bytes on the wire, not the body we keep.
_WIRE_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
_GZIP_MAGIC = b"\x1f\x8b\x08"
#: A gzip member that decompresses past this is skipped as damaged, not held in memory
#: (a decompression bomb; Common Crawl cuts payloads at 1 MiB, the crawl at its size cap).
MAX_MEMBER = 64 * 1024 * 1024


def warc_date(epoch: float | None = None) -> str:
    """A WARC-Date (UTC, ISO 8601, seconds)."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch if epoch is not None else time.time()))


class ArchiveWriter:
    """Appends fetched pages to the WARC files of one folder, rotating by size.

    Not thread-safe; one writer per process. Every ``write_*`` call ends with a flush,
    so a killed process leaves whole records, at worst a truncated last member (which
    the reader counts and skips)."""

    def __init__(self, folder: Path, max_bytes: int = MAX_BYTES, prefix: str = "newsearch") -> None:
        self.folder = Path(folder)
        self.max_bytes = max_bytes
        self.prefix = prefix
        self.serial = 0
        self.fh: BinaryIO | None = None
        self.path: Path | None = None

    def _open(self) -> BinaryIO:
        if self.fh is not None and self.fh.tell() >= self.max_bytes:
            self._close_file()
        if self.fh is None:
            from warcio.warcwriter import WARCWriter

            self.folder.mkdir(parents=True, exist_ok=True)
            self.serial = next(_SERIALS)  # process-wide: two writers in one second never share a name
            stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime())
            name = f"{self.prefix}-{stamp}-{os.getpid()}-{self.serial:05d}.warc.gz"
            self.path = self.folder / (name + OPEN_SUFFIX)
            self.fh = self.path.open("ab")
            self._warc = WARCWriter(io.BytesIO(), gzip=False, warc_version="1.1")  # builds records
            info = self._warc.create_warcinfo_record(name, {"software": "newsearch", "format": "WARC File Format 1.1"})
            self.fh.write(self._members(info))
            self.fh.flush()
        return self.fh

    def write_response(
        self, url: str, status: int, headers: list[tuple[str, str]], body: bytes, meta: dict[str, Any],
        request_headers: list[tuple[str, str]] | None = None, fetched_at: float | None = None,
        reason: str = "",
    ) -> tuple[str, int]:
        """Archive one fetched page (response, request, metadata). Returns the final
        file name and the offset of its response record."""
        from warcio.statusandheaders import StatusAndHeaders

        fh = self._open()
        offset = fh.tell()
        date = warc_date(fetched_at)
        kept = [(k, v) for k, v in headers if k.lower() not in _WIRE_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(f"{status} {reason or 'OK'}".strip(), kept, protocol="HTTP/1.1")
        response = self._warc.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        rid = response.rec_headers.get_header("WARC-Record-ID")
        parts = _split(url)
        request = self._warc.create_warc_record(
            url, "request", payload=io.BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(f"GET {parts} HTTP/1.1", request_headers or [], is_http_request=True),
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": rid},
        )
        # the metadata first: a reader following a growing file has the whole page the
        # moment the response is complete, never waiting to learn whether more follows
        fh.write(self._members(self._metadata(url, meta, date, rid), response, request))
        fh.flush()
        return self.final_name, offset

    def write_evidence(self, url: str, meta: dict[str, Any]) -> None:
        """Archive evidence found for *url* after its page was archived."""
        fh = self._open()
        fh.write(self._members(self._metadata(url, {**meta, "role": "evidence"}, warc_date(), None)))
        fh.flush()

    def _members(self, *records: Any) -> bytes:
        """*records* as consecutive gzip members, one each. warcio would compress at
        level 9: 11 ms of the fetch's CPU a page; level 3 is 2.7 ms for files 13% larger."""
        import gzip

        from warcio.warcwriter import WARCWriter

        out = []
        for record in records:
            buf = io.BytesIO()
            WARCWriter(buf, gzip=False, warc_version="1.1").write_record(record)
            out.append(gzip.compress(buf.getvalue(), compresslevel=GZIP_LEVEL, mtime=0))
        return b"".join(out)

    def _metadata(self, url: str, meta: dict[str, Any], date: str, refers_to: str | None) -> Any:
        body = json.dumps(meta, ensure_ascii=False, default=str).encode("utf-8")
        headers = {"WARC-Date": date}
        if refers_to:
            headers.update({"WARC-Concurrent-To": refers_to, "WARC-Refers-To": refers_to})
        return self._warc.create_warc_record(
            url, "metadata", payload=io.BytesIO(body), length=len(body),
            warc_content_type="application/json", warc_headers_dict=headers,
        )

    @property
    def final_name(self) -> str:
        assert self.path is not None
        return self.path.name.removesuffix(OPEN_SUFFIX)

    def _close_file(self) -> None:
        if self.fh is None or self.path is None:
            return
        self.fh.flush()
        os.fsync(self.fh.fileno())
        self.fh.close()
        self.path.replace(self.path.with_name(self.final_name))
        self.fh = None
        self.path = None

    def close(self) -> None:
        """Close the current file (it loses its ``.open`` suffix)."""
        self._close_file()


def _split(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def close_stale(folder: Path) -> list[Path]:
    """Rename ``*.open`` files whose writer process is gone (a killed crawl) to their
    final names: their whole records are read, a cut last record is counted and skipped.
    Call it while holding the crawl lock."""
    closed = []
    for path in sorted(Path(folder).glob(f"*{OPEN_SUFFIX}")):
        pid = _writer_pid(path.name)
        if pid is not None and (pid == os.getpid() or _alive(pid)):
            continue  # a writer still at work (this process's own files included)
        final = path.with_name(path.name.removesuffix(OPEN_SUFFIX))
        path.replace(final)
        closed.append(final)
    return closed


def _writer_pid(name: str) -> int | None:
    match = re.match(r".+-\d{14}-(\d+)-\d+\.warc\.gz", name)
    return int(match.group(1)) if match else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def archive_files(folder: Path, include_open: bool = False) -> list[Path]:
    """The WARC files of a folder, oldest first (their names start with a timestamp)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    files = [p for p in folder.iterdir() if p.name.endswith((".warc.gz", ".warc")) or
             (include_open and p.name.endswith(".warc.gz" + OPEN_SUFFIX))]
    return sorted(files, key=lambda p: p.name)


def archive_bytes(folder: Path) -> int:
    """Bytes held by the WARC files of a folder."""
    return sum(p.stat().st_size for p in archive_files(folder, include_open=True))


# --------------------------------------------------------------------- reading


@dataclass
class Page:
    """A fetched HTML page (or a sitemap, for ``role == "listing"``) from an archive."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    warc_date: str
    record_id: str
    #: the crawl's metadata record for it ({} in a WARC from elsewhere)
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def content_type(self) -> str:
        for key, value in self.headers:
            if key.lower() == "content-type":
                return value
        return ""


@dataclass
class Evidence:
    """Evidence found for a URL after its page was archived."""

    url: str
    meta: dict[str, Any]


@dataclass
class Skipped:
    """A record that is not a page: ``kind`` says which (revisit, request, warcinfo,
    metadata, damaged, truncated), ``reason`` says why when it is damaged."""

    kind: str
    reason: str = ""


@dataclass
class Entry:
    """One item read from a WARC file, with the byte range it came from: ``end`` is the
    offset to resume from once the item is dealt with."""

    offset: int
    end: int
    item: Page | Evidence | Skipped


class Incomplete(Exception):
    """The file ends inside a record (it is still being written, or was cut)."""


def _members(fh: BinaryIO, start: int) -> Iterator[tuple[int, int, bytes | None, str]]:
    """Each gzip member from *start*: (offset, end, data, error). A damaged member gives
    data None and the error, and reading goes on at the next gzip header. Raises
    Incomplete when the file ends inside a member."""
    if start or fh.seekable():
        fh.seek(start)
    pos = start
    buf = b""
    chunk = 1 << 20
    while True:
        if not buf:
            buf = fh.read(chunk)
            if not buf:
                return
        if not buf.startswith(_GZIP_MAGIC[:2]):
            # garbage between members: find the next member
            nxt = buf.find(_GZIP_MAGIC, 1)
            while nxt < 0:
                more = fh.read(chunk)
                if not more:
                    yield pos, pos + len(buf), None, "not a gzip member"
                    return
                buf += more
                nxt = buf.find(_GZIP_MAGIC, 1)
            yield pos, pos + nxt, None, "not a gzip member"
            pos += nxt
            buf = buf[nxt:]
            continue
        dec = zlib.decompressobj(wbits=31)
        out: list[bytes] = []
        size = 0
        used = 0
        error = ""
        data = buf
        while True:
            try:
                piece = dec.decompress(data, chunk)  # bounded: a bomb never lands in memory whole
            except zlib.error as exc:
                error = f"bad gzip data ({exc})"
                break
            size += len(piece)
            if size <= MAX_MEMBER:
                out.append(piece)
            else:
                out = []
            if dec.eof:
                used += len(data) - len(dec.unused_data)
                rest = dec.unused_data
                break
            if dec.unconsumed_tail:
                used += len(data) - len(dec.unconsumed_tail)
                data = dec.unconsumed_tail
                continue
            used += len(data)
            data = fh.read(chunk)
            if not data:
                raise Incomplete(pos)
        if not error and size > MAX_MEMBER:
            yield pos, pos + used, None, (f"a gzip member of over {MAX_MEMBER >> 20} MiB (a WARC must have "
                                          "one gzip member per record, or be gzipped whole)")
            pos += used
            buf = rest
            continue
        if error:
            # skip to the next member header after this one's start
            whole = buf
            nxt = whole.find(_GZIP_MAGIC, 1)
            while nxt < 0:
                more = fh.read(chunk)
                if not more:
                    yield pos, pos + len(whole), None, error
                    return
                whole += more
                nxt = whole.find(_GZIP_MAGIC, 1)
            yield pos, pos + nxt, None, error
            pos += nxt
            buf = whole[nxt:]
            continue
        yield pos, pos + used, b"".join(out), ""
        pos += used
        buf = rest


def _parse(data: bytes) -> Any:
    """One WARC record from its bytes; ValueError when it is malformed."""
    from warcio.recordloader import ArcWarcRecordLoader, ArchiveLoadFailed

    stream = io.BytesIO(data)
    try:
        record = ArcWarcRecordLoader().parse_record_stream(stream, known_format="warc")
    except (ArchiveLoadFailed, ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"not a WARC record ({str(exc)[:80]})") from None
    return record, stream


def _to_item(record: Any, data_len: int, stream: io.BytesIO) -> Page | Evidence | Skipped:
    if record.format == "warc" and not (record.rec_headers.protocol or "").upper().startswith("WARC/"):
        # warcio parses any text as a record with no type (an HTML page given as a WARC)
        return Skipped("damaged", "not a WARC record (no WARC/1.x header line)")
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    declared = record.rec_headers.get_header("Content-Length")
    if kind == "response":
        try:
            length = int(declared)
        except (TypeError, ValueError):
            return Skipped("damaged", "no Content-Length")
        http = record.http_headers
        try:
            body = record.content_stream().read()
        except Exception as exc:  # a bad chunked or compressed body
            return Skipped("damaged", f"unreadable body ({str(exc)[:80]})")
        if _block_short(record, data_len, length):
            return Skipped("damaged", f"Content-Length {length} is more than the record holds")
        if http is None:
            if "application/http" in (record.rec_headers.get_header("Content-Type") or "").lower():
                return Skipped("damaged", "no HTTP headers")
            # a response that is not HTTP at all (a Heritrix WARC's dns: lookups): not a page
            return Skipped("not-http")
        try:
            status = int(http.get_statuscode() or 0)
        except ValueError:
            return Skipped("damaged", "bad HTTP status")
        return Page(
            url=uri, status=status, headers=list(http.headers), body=body,
            warc_date=record.rec_headers.get_header("WARC-Date") or "",
            record_id=record.rec_headers.get_header("WARC-Record-ID") or "",
        )
    if kind == "metadata":
        ctype = record.rec_headers.get_header("Content-Type") or ""
        if "json" in ctype:
            try:
                meta = json.loads(record.content_stream().read().decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                return Skipped("damaged", "metadata is not JSON")
            if isinstance(meta, dict):
                meta["_concurrent_to"] = record.rec_headers.get_header("WARC-Concurrent-To")
                if meta.get("role") == "evidence":
                    return Evidence(uri, meta)
                return _Meta(meta)  # type: ignore[return-value]
        return Skipped("metadata")
    return Skipped(kind or "unknown")


def _block_short(record: Any, data_len: int, length: int) -> bool:
    """Whether the record declares more block bytes than its member holds."""
    # warcio reads the block through a LimitReader of `length`: when fewer bytes are
    # left, the HTTP body simply comes out short. Compare against what is there.
    raw = getattr(record, "_header_end", None)
    return raw is not None and data_len - raw < length


@dataclass
class _Meta:
    meta: dict[str, Any]


def read_archive(source: Path | BinaryIO, start: int = 0, follow: bool = False) -> Iterator[Entry]:
    """The pages, late evidence and skipped records of one WARC file from byte *start*.

    A response and the crawl's metadata record for it (written just before it,
    ``WARC-Concurrent-To`` its record ID) come out as one Page spanning both. A damaged record is a ``Skipped("damaged")`` with its offset,
    and reading goes on with the next. When the file ends inside a record: with
    *follow* (a file still being written) reading stops before it, without a word;
    otherwise a ``Skipped("truncated")`` is the last entry. *source* may be an open
    binary stream (standard input) of a WARC, read from its start.

    Whether the file is gzipped is told by its first bytes, not its name: an
    uncompressed WARC named ``.warc.gz`` (or piped in) is read as one, while a
    gzipped file with a damaged first member still goes to the gzip reader, which
    skips to the next member."""
    if not isinstance(source, Path):
        peek = getattr(source, "peek", None)
        head = peek(5)[:5] if peek is not None else b""
        if head.startswith(b"WARC/"):
            yield from _read_plain(source, 0, None)
        else:
            yield from _read_gzip(source, 0, follow)
        return
    with source.open("rb") as fh:
        head = fh.read(5)
        gzipped = head.startswith(_GZIP_MAGIC[:2]) or (
            source.name.endswith((".gz", ".gz" + OPEN_SUFFIX)) and not head.startswith(b"WARC/"))
        if gzipped and not follow and _gzipped_whole(fh):
            # `gzip file.warc`: one stream of many records. Read through it; offsets
            # (to resume from, and to name a damaged record) are of the uncompressed WARC.
            import gzip

            with gzip.GzipFile(fileobj=fh) as stream:
                yield from _read_plain(stream, start, None)  # type: ignore[arg-type]
        elif gzipped:
            yield from _read_gzip(fh, start, follow)
        else:
            yield from _read_plain(fh, start, source.stat().st_size)


def _holds_more(data: bytes) -> bool:
    """Whether the bytes of one gzip member go on with another WARC record."""
    head_end = data.find(b"\r\n\r\n")
    found = re.search(rb"(?im)^content-length:[ \t]*(\d+)", data[:head_end]) if head_end >= 0 else None
    if not found:
        return False
    after = head_end + 4 + int(found.group(1))
    return data[after:after + 64].lstrip(b"\r\n").startswith(b"WARC/")


def _gzipped_whole(fh: BinaryIO) -> bool:
    """Whether a gzipped WARC's first gzip member goes on past its first record (the
    file was gzipped whole) rather than ending with it (a member per record)."""
    fh.seek(0)
    dec = zlib.decompressobj(wbits=31)
    head = b""  # the first record's header, then only a count of what follows
    total = 0
    need: int | None = None
    try:
        while need is None or total <= need + 4:
            if dec.eof:
                return False
            data = dec.unconsumed_tail or fh.read(1 << 16)
            if not data:
                return False  # cut inside its first member: the per-record reader says so
            piece = dec.decompress(data, 1 << 16)
            total += len(piece)
            if need is None:
                head += piece
                head_end = head.find(b"\r\n\r\n")
                if head_end >= 0:
                    found = re.search(rb"(?im)^content-length:[ \t]*(\d+)", head[:head_end])
                    if not found or int(found.group(1)) > MAX_MEMBER:
                        return False  # the per-record reader names the damage
                    need = head_end + 4 + int(found.group(1)) + 4
                    head = b""
                elif len(head) > 1 << 16:
                    return False  # no WARC header: the per-record reader names the damage
        return True
    except zlib.error:
        return False
    finally:
        fh.seek(0)


def _read_gzip(fh: BinaryIO, start: int, follow: bool) -> Iterator[Entry]:
    stash = _Stash()
    members = _members(fh, start)
    while True:
        try:
            offset, end, data, error = next(members)
        except StopIteration:
            return
        except Incomplete as exc:
            if not follow:
                yield Entry(exc.args[0], exc.args[0], Skipped("truncated", "the file ends inside a record"))
            return  # following a file being written: the rest is read next time
        if data is not None and _holds_more(data):
            # a gzip member of many records (a WARC gzipped whole, piped in): all of
            # them, resumable only at the member's end
            inner = list(_read_plain(io.BytesIO(data), 0, len(data)))
            for i, got in enumerate(inner):
                yield Entry(offset, end if i == len(inner) - 1 else offset, got.item)
            continue
        if data is None:
            item: Any = Skipped("damaged", error)
        else:
            try:
                record, stream = _parse(data)
                record._header_end = data.find(b"\r\n\r\n") + 4  # type: ignore[attr-defined]
                item = _to_item(record, len(data), stream)
            except ValueError as exc:
                item = Skipped("damaged", str(exc))
        entry = stash.entry(offset, end, item)
        if entry is not None:
            yield entry


class _Stash:
    """Ties a page's metadata record (written just before its response) to the page."""

    def __init__(self) -> None:
        self.meta: _Meta | None = None
        self.offset = 0

    def entry(self, offset: int, end: int, item: Any) -> Entry | None:
        if isinstance(item, _Meta):
            self.meta, self.offset = item, offset
            return None
        meta, self.meta = self.meta, None
        if isinstance(item, Page) and meta is not None and meta.meta.get("_concurrent_to") == item.record_id:
            item.meta = {k: v for k, v in meta.meta.items() if k != "_concurrent_to"}
            return Entry(self.offset, end, item)
        return Entry(offset, end, item)


def _read_plain(fh: BinaryIO, start: int, size: int | None) -> Iterator[Entry]:
    """An uncompressed WARC file (*size* bytes; None: a stream): records in sequence
    (a damaged one ends the file)."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.recordloader import ArchiveLoadFailed

    if fh.seekable():
        # a record's end is before the blank lines that close it: resume past them,
        # or warcio takes the file for an unknown format
        fh.seek(start)
        while fh.read(1) in (b"\r", b"\n"):
            start += 1
        fh.seek(start)
    it = ArchiveIterator(fh, no_record_parse=False, arc2warc=False)  # its offsets are the file's (fh.tell)
    stash = _Stash()
    next_offset = start  # where the record being read starts (a damaged one is named there)
    try:
        for record in it:
            # the body first: asking warcio for the offset of an uncompressed record
            # reads the record to its end, and its body then came out empty
            item: Any = _to_item(record, 1 << 62, io.BytesIO())
            it.read_to_end(record)
            offset = it.get_record_offset()
            end = offset + it.get_record_length()
            next_offset = end
            entry = stash.entry(offset, end, item)
            if entry is not None:
                yield entry
    except ArchiveLoadFailed as exc:
        yield Entry(next_offset, size if size is not None else next_offset,
                    Skipped("damaged", f"not a WARC record ({str(exc)[:100]})"))
    except EOFError:  # a WARC gzipped whole, cut short
        yield Entry(next_offset, next_offset, Skipped("truncated", "the file ends inside a record"))
    except zlib.error as exc:  # a WARC gzipped whole, with bad data: the rest cannot be found
        yield Entry(next_offset, next_offset, Skipped("damaged", f"bad gzip data, the rest of the file is lost ({exc})"))
