"""Normalisation of document fields and of field filters: both sides go through the same code.

`None` means "not a valid value" (the parser turns it into a refusal).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from portevoix.lib.textfold import fold

_LANG = re.compile(r"[a-z]{2}")
_SOURCE = re.compile(r"[a-z0-9][a-z0-9._-]*")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*")
_SPACES = re.compile(r"\s+")


# Documents repeat a few languages, sources and authors: caching spares each one its regexes.
@lru_cache(maxsize=256)
def normalise_lang(value: str) -> str | None:
    """`FR`, `fr-CA`, `fr_CA` → `fr` (the ISO 639-1 primary subtag)."""
    primary = re.split(r"[-_]", value.strip().lower(), maxsplit=1)[0]
    return primary if _LANG.fullmatch(primary) else None


@lru_cache(maxsize=256)
def normalise_source(value: str) -> str | None:
    value = value.strip().lower()
    return value if _SOURCE.fullmatch(value) else None


def normalise_host(value: str) -> str | None:
    """A host name in ASCII (IDNA) lower case, without a trailing dot; a URL gives its host."""
    value = value.strip()
    if "/" in value or ":" in value:
        value = urlsplit(value if "//" in value else "//" + value).hostname or ""
    value = value.lower().rstrip(".")
    if not value.isascii():
        try:
            value = value.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    return value if _HOST.fullmatch(value) else None


_PLAIN_URL = re.compile(r"https?://([a-z0-9.-]+)(?:[/?#]|$)", re.IGNORECASE)


def url_host(url: str) -> str:
    """The host of a document's URL, normalised like a `site:` filter ('' when there is none)."""
    if not url:
        return ""
    plain = _PLAIN_URL.match(url)
    if plain:  # the common URL: urlsplit and the checks below cost 4 µs a document
        return _plain_host(plain.group(1))
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return normalise_host(host) or ""


@lru_cache(maxsize=4096)  # a stream repeats its sites
def _plain_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host if _HOST.fullmatch(host) else ""


def normalise_author(value: str) -> str:
    """Case and accents folded, spaces collapsed, the leading `@` of a handle dropped."""
    if value.isascii() and value.isprintable() and "  " not in value:
        # The common handle (`@user123`): its only whitespace can be single spaces, which the
        # regex would leave as they are (a stream brings new authors all the time).
        return value.lower().strip(" ").lstrip("@")
    return _SPACES.sub(" ", fold(value)).strip().lstrip("@")


@lru_cache(maxsize=8192)
def author_forms(author: str) -> tuple[str, ...]:
    """What `author:` may name for one document author: the whole, and a fediverse handle's user.

    `@bob@mastodon.social` is matched by `author:bob@mastodon.social` and by `author:bob`.
    """
    whole = normalise_author(author)
    if not whole:
        return ()
    user = whole.split("@", 1)[0]
    return (whole, user) if user and user != whole else (whole,)
