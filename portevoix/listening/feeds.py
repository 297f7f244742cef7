"""Reading RSS/Atom feeds: conditional GET, size and time caps, feedparser for every dialect.

A feed is a URL a user typed: it is fetched through the SSRF-guarded client, never read past
`MAX_BYTES`, and whatever goes wrong (500, invalid XML, a 50 MB body, a redirect to a private
address, a server that trickles bytes) comes back as a `FeedError` with a message for the
source's health line — never an exception that would stop the other sources.
"""

from __future__ import annotations

import calendar
import datetime as dt
import time
from dataclasses import dataclass, field

import feedparser
import httpx

from portevoix.lib.http import BlockedAddress, ResponseTooLarge, make_client

MAX_BYTES = 5 * 1024 * 1024
# The whole fetch, not one read: a server sending one byte a second never times out per read.
MAX_SECONDS = 20.0
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class FeedError(Exception):
    """What went wrong, in a sentence for the source's health line (English; the page shows
    it as the platform's words, like a connector's error)."""


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    text: str
    author: str
    published_at: dt.datetime | None
    guid: str


@dataclass
class FeedResult:
    entries: list[FeedEntry] = field(default_factory=list)
    not_modified: bool = False
    etag: str = ""
    last_modified: str = ""


def fetch_feed(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    client: httpx.Client | None = None,
    max_bytes: int = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
) -> FeedResult:
    headers = {
        "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"
    }
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    own_client = client is None
    client = client or make_client(timeout=TIMEOUT)
    started = time.monotonic()
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return FeedResult(not_modified=True, etag=etag, last_modified=last_modified)
            if response.status_code >= 400:
                raise FeedError(f"HTTP {response.status_code} {response.reason_phrase}")
            body = _read_within(response, max_bytes, started, max_seconds)
            new_etag = response.headers.get("etag", "")
            new_modified = response.headers.get("last-modified", "")
    except BlockedAddress as exc:
        raise FeedError(f"refused: {exc}") from exc
    except ResponseTooLarge as exc:
        raise FeedError(f"feed larger than {exc.limit // (1024 * 1024)} MB") from exc
    except httpx.TooManyRedirects as exc:
        raise FeedError("too many redirects") from exc
    except httpx.TimeoutException as exc:
        raise FeedError("timed out") from exc
    except httpx.HTTPError as exc:
        raise FeedError(f"{type(exc).__name__}: {exc}") from exc
    finally:
        if own_client:
            client.close()
    return FeedResult(entries=parse_feed(body), etag=new_etag, last_modified=new_modified)


def _read_within(
    response: httpx.Response, max_bytes: int, started: float, max_seconds: float
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise ResponseTooLarge(max_bytes)
    # No chunk size: chunks come as they arrive, so the clock is checked even on a trickle.
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise ResponseTooLarge(max_bytes)
        if time.monotonic() - started > max_seconds:
            raise FeedError(f"took more than {max_seconds:.0f} s")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_feed(body: bytes) -> list[FeedEntry]:
    # feedparser reads what it is given: no network (we hand it bytes, not a URL).
    parsed = feedparser.parse(body)
    if parsed.bozo and not parsed.entries:
        reason = getattr(parsed, "bozo_exception", None)
        raise FeedError(f"not a valid feed: {reason}" if reason else "not a valid feed")
    entries = []
    for entry in parsed.entries[:1000]:
        link = str(entry.get("link", "") or "")
        summary = entry.get("summary", "") or ""
        if entry.get("content"):
            summary = entry["content"][0].get("value", summary)
        entries.append(
            FeedEntry(
                url=link,
                title=_plain(str(entry.get("title", "") or "")),
                text=_plain(str(summary)),
                author=str(entry.get("author", "") or ""),
                published_at=_when(entry),
                guid=str(entry.get("id", "") or link),
            )
        )
    return entries


def _when(entry: feedparser.FeedParserDict) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def _plain(html: str) -> str:
    """Feed bodies are HTML: matching and display use the text only (it is escaped again on
    output like every user-supplied text)."""
    import html as html_module

    from django.utils.html import strip_tags

    return " ".join(html_module.unescape(strip_tags(html)).split())
