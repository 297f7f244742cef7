"""How each platform counts the length of a post. Pure functions: no Django, no network.

Every platform has its own unit, and a post that fits one may not fit another:
- X weighs code points (most CJK and emoji count 2) and counts every link as 23, by the
  twitter-text rules (config v3), which `parse_x` follows case for case (its conformance suite
  runs in the tests);
- Bluesky counts extended grapheme clusters (300) and UTF-8 bytes (3,000);
- Mastodon counts characters, every link as 23 and `@user@domain` as `@user`;
- Threads and YouTube count UTF-8 bytes; Telegram counts UTF-16 code units;
- LinkedIn, Instagram and Facebook count characters (code points).

To add a unit: a `CountUnit` member (connectors/base.py), a function `text -> int` and a line
in `COUNTERS`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import emoji
import idna
import regex

from portevoix.connectors.base import CountUnit

# twitter-text config v3 (its `config/v3.json`): weights are in hundredths.
X_MAX_WEIGHTED_LENGTH = 280
X_SCALE = 100
X_DEFAULT_WEIGHT = 200
X_RANGES = ((0, 4351, 100), (8192, 8205, 100), (8208, 8223, 100), (8242, 8247, 100))
X_TRANSFORMED_URL_LENGTH = 23
# Both X and Mastodon replace every link by a t.co-sized placeholder.
MASTODON_URL_LENGTH = 23
MAX_URL_LENGTH = 4096  # twitter-text: a longer "URL" is text
MAX_TCO_SLUG_LENGTH = 40
MAX_DOMAIN_LABEL_LENGTH = 63

# Characters X refuses outright (twitter-text `invalidChars`).
_INVALID_CHARS = regex.compile("[\ufffe\ufeff\uffff]")
# twemoji (which twitter-text follows) shows ©, ®, ™ and ♟ as emoji only with U+FE0F, and no
# emoji at all before U+FE0E (the text presentation selector).
_TEXT_DEFAULT_EMOJI = frozenset("©®\u2122\u265f")


@dataclass(frozen=True)
class UrlEntity:
    """A link found in a text: `text[start:end] == url` (offsets in code points)."""

    url: str
    start: int
    end: int


@dataclass(frozen=True)
class XLength:
    """twitter-text's `parseTweet` result; ranges are in UTF-16 code units, as X reports them."""

    weighted_length: int
    valid: bool
    permillage: int
    valid_range_end: int
    display_range_end: int


# ---- URL extraction, after twitter-text's `extractUrlsWithIndices` ------------------------

_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID_GROUP = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263"
    r"\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"
_DOMAIN_CHAR = f"[^{_PUNCT}{_SPACES}{_INVALID_GROUP}{_DIRECTIONAL}]"
_SUBDOMAIN = f"(?:(?:{_DOMAIN_CHAR}(?:[_-]|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_DOMAIN_NAME = f"(?:(?:{_DOMAIN_CHAR}(?:-|{_DOMAIN_CHAR})*)?{_DOMAIN_CHAR}\\.)"
_PUNYCODE = r"(?:xn--[\-0-9a-z]+)"
_PATH_CHAR = f"[a-z{_CYRILLIC}0-9!\\*';:=\\+,\\.\\$\\/%#\\[\\]\\-\\u2013_~@\\|&{_LATIN_ACCENTS}]"
_BALANCED_PARENS = f"\\((?:{_PATH_CHAR}+|(?:{_PATH_CHAR}*\\({_PATH_CHAR}+\\){_PATH_CHAR}*))\\)"
_PATH_ENDING = f"(?:[\\+\\-a-z{_CYRILLIC}0-9=_#\\/{_LATIN_ACCENTS}]|(?:{_BALANCED_PARENS}))"
_PATH = (
    f"(?:(?:{_PATH_CHAR}*(?:{_BALANCED_PARENS}{_PATH_CHAR}*)*{_PATH_ENDING})|(?:@{_PATH_CHAR}+\\/))"
)
_QUERY_CHARS = r"[a-z0-9!?\*'@\(\);:&=\+\$\/%#\[\]\-_\.,~|]"
_QUERY_ENDING = r"[a-z0-9\-_&=#\/]"
_PRECEDING = f"(?:[^A-Za-z0-9@＠$#＃{_INVALID_GROUP}]|[{_DIRECTIONAL}]|^)"


@cache
def top_level_domains() -> tuple[str, ...]:
    """The IANA root zone's TLDs, ASCII and Unicode forms, longest first.

    twitter-text matches bare domains ("exemple.fr") only when they end with a real TLD; its
    list is generated from the IANA root zone, which urlextract ships (its offline copy: we
    never call its updater, so nothing is downloaded).
    """
    listing = resources.files("urlextract") / "data" / "tlds-alpha-by-domain.txt"
    names: set[str] = set()
    for line in listing.read_text(encoding="utf-8").splitlines():
        label = line.strip().lower()
        if not label or label.startswith("#"):
            continue
        names.add(label)
        if label.startswith("xn--"):
            try:
                names.add(idna.decode(label))
            except idna.IDNAError:
                continue
    # Longest first, so that ".community" is not cut short by ".co".
    return tuple(sorted(names, key=lambda name: (-len(name), name)))


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    tlds = "|".join(regex.escape(name) for name in top_level_domains())
    tld = f"(?:(?:{tlds})(?=[^0-9a-z@+-]|$))"
    domain = f"(?:{_SUBDOMAIN}*{_DOMAIN_NAME}(?:{tld}|{_PUNYCODE}))"
    flags = regex.IGNORECASE | regex.VERSION0
    extract = regex.compile(
        f"({_PRECEDING})"  # 1: the character before
        f"((https?:\\/\\/)?"  # 2: the URL, 3: its protocol
        f"({domain})"  # 4: the domain
        f"(?::([0-9]+))?"  # 5: the port
        f"(\\/{_PATH}*)?"  # 6: the path
        f"(\\?{_QUERY_CHARS}*{_QUERY_ENDING})?)",  # 7: the query
        flags,
    )
    ascii_domain = regex.compile(
        f"(?:(?:[\\-a-z0-9{_LATIN_ACCENTS}]+)\\.)+(?:{tld}|{_PUNYCODE})", flags
    )
    tco = regex.compile(
        f"^https?:\\/\\/t\\.co\\/([a-z0-9]+)(?:\\?{_QUERY_CHARS}*{_QUERY_ENDING})?", flags
    )
    return extract, ascii_domain, tco


def _domain_is_valid(domain: str, ascii_domain: regex.Pattern[str]) -> bool:
    """twitter-text's `idna.toAscii`: every label, once punycoded, is 1 to 63 characters."""
    if domain[:4].lower() == "xn--" and not ascii_domain.fullmatch(domain):
        return False
    for label in domain.split("."):
        encoded = label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")
        if not 1 <= len(encoded) <= MAX_DOMAIN_LABEL_LENGTH:
            return False
    return True


def extract_urls(text: str) -> list[UrlEntity]:
    """Every link in `text` as X sees it, with or without `https://`, in order."""
    if "." not in text:
        return []
    extract, ascii_domain, tco = _patterns()
    urls: list[UrlEntity] = []
    position = 0
    while match := extract.search(text, position):
        position = match.end()
        before, url, protocol, domain, path = (match.group(i) for i in (1, 2, 3, 4, 6))
        start, end = match.start(2), match.end(2)
        if not _domain_is_valid(domain, ascii_domain):
            continue
        if len(protocol or "https://") + len(url) > MAX_URL_LENGTH:
            continue
        if protocol:
            short = tco.match(url)
            if short:
                if len(short.group(1)) > MAX_TCO_SLUG_LENGTH:
                    continue
                url = short.group(0)
                end = start + len(url)
            urls.append(UrlEntity(url, start, end))
            continue
        # Without a protocol, only ASCII domains count, and not after "-", "_", "." or "/".
        if before and before[-1] in "-_./":
            continue
        found = list(ascii_domain.finditer(domain))
        for found_domain in found:
            urls.append(
                UrlEntity(
                    found_domain.group(0), start + found_domain.start(), start + found_domain.end()
                )
            )
        if found and path:
            last = urls[-1]
            urls[-1] = UrlEntity(text[last.start : end], last.start, end)
    return urls


# ---- X ---------------------------------------------------------------------------------


def _emoji_spans(text: str) -> dict[int, int]:
    """Start → end of each emoji sequence (ZWJ, skin tones, flags, keycaps) that X weighs 2."""
    spans: dict[int, int] = {}
    for found in emoji.emoji_list(text):
        start, end = found["match_start"], found["match_end"]
        sequence = text[start:end]
        if sequence in _TEXT_DEFAULT_EMOJI or text[end : end + 1] == "\ufe0e":
            continue
        spans[start] = end
    return spans


def _weight(character: str) -> int:
    point = ord(character)
    for low, high, weight in X_RANGES:
        if low <= point <= high:
            return weight
    return X_DEFAULT_WEIGHT


def utf16_units(text: str) -> int:
    """UTF-16 code units: what Telegram (and JavaScript's `length`) counts."""
    return len(text.encode("utf-16-le", errors="surrogatepass")) // 2


def parse_x(text: str, max_length: int = X_MAX_WEIGHTED_LENGTH) -> XLength:
    """twitter-text's `parseTweet` with config v3 (emoji parsing on, links weigh 23)."""
    normalized = unicodedata.normalize("NFC", text)
    urls = {url.start: url.end for url in extract_urls(normalized)}
    emojis = _emoji_spans(normalized)
    weighted = 0
    valid = True
    valid_end = 0  # one past the last code point that still fits
    index = 0
    while index < len(normalized):
        if index in urls:
            end = urls[index]
            weighted += X_TRANSFORMED_URL_LENGTH * X_SCALE
        elif index in emojis:
            end = emojis[index]
            weighted += X_DEFAULT_WEIGHT
        else:
            end = index + 1
            weighted += _weight(normalized[index])
        if valid and _INVALID_CHARS.search(normalized, index, end):
            valid = False
        if valid and weighted <= max_length * X_SCALE:
            valid_end = end
        index = end
    length = weighted // X_SCALE
    normalization_offset = utf16_units(text) - utf16_units(normalized)
    return XLength(
        weighted_length=length,
        valid=valid and 0 < length <= max_length,
        permillage=length * 1000 // max_length,
        valid_range_end=max(utf16_units(normalized[:valid_end]) - 1 + normalization_offset, 0),
        display_range_end=max(utf16_units(text) - 1, 0),
    )


def x_weighted_length(text: str) -> int:
    return parse_x(text).weighted_length


# ---- The other units ------------------------------------------------------------------


def characters(text: str) -> int:
    """Code points, as LinkedIn, Instagram and Facebook count."""
    return len(text)


def graphemes(text: str) -> int:
    """Extended grapheme clusters: one per visible character, as Bluesky counts (👨‍👩‍👧‍👦 is 1)."""
    return len(regex.findall(r"\X", text))


def utf8_bytes(text: str) -> int:
    """UTF-8 bytes, as Threads, YouTube and Bluesky's byte limit count.

    A lone surrogate (which no platform accepts) counts as the 3 bytes it would take.
    """
    return len(text.encode("utf-8", errors="surrogatepass"))


# Mastodon's `StatusLengthValidator`: a remote mention counts as its local part.
_MASTODON_MENTION = regex.compile(r"(?<![\w/])(@[\w.+-]*\w)@[\w.-]+\w", regex.IGNORECASE)


def mastodon_length(text: str) -> int:
    """Characters, every link counts 23, `@user@domain` counts as `@user`."""
    pieces: list[str] = []
    position = 0
    for url in extract_urls(text):
        if not url.url.lower().startswith(("http://", "https://")):
            continue  # Mastodon links only what has a scheme
        pieces.append(text[position : url.start])
        pieces.append("x" * MASTODON_URL_LENGTH)
        position = url.end
    pieces.append(text[position:])
    shortened = _MASTODON_MENTION.sub(r"\1", "".join(pieces))
    return len(shortened)


COUNTERS: dict[CountUnit, Callable[[str], int]] = {
    CountUnit.X_WEIGHTED: x_weighted_length,
    CountUnit.GRAPHEMES: graphemes,
    CountUnit.UTF8_BYTES: utf8_bytes,
    CountUnit.CHARACTERS: characters,
    CountUnit.UTF16: utf16_units,
    CountUnit.MASTODON: mastodon_length,
    CountUnit.NONE: characters,  # no limit; the length shown is in characters
}


def count(text: str, unit: CountUnit | str) -> int:
    """The length of `text` in `unit`."""
    return COUNTERS[CountUnit(unit)](text)
