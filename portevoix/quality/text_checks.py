"""Length and hashtag checks: does the text fit the platform, in the platform's own unit?"""

from __future__ import annotations

import regex
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.connectors.base import CountUnit
from portevoix.connectors.counting import count, extract_urls
from portevoix.quality.findings import Finding, Severity

UNIT_EXPLANATIONS = {
    CountUnit.X_WEIGHTED: gettext_lazy("weighted length: emoji and CJK count double, each link 23"),
    CountUnit.GRAPHEMES: gettext_lazy("visible characters (graphemes)"),
    CountUnit.MASTODON: gettext_lazy(
        "characters; each link counts 23, @name@server counts as @name"
    ),
    CountUnit.UTF8_BYTES: gettext_lazy("UTF-8 bytes: accented letters count 2, emoji 4 or more"),
    CountUnit.CHARACTERS: gettext_lazy("characters"),
    CountUnit.UTF16: gettext_lazy("UTF-16 units: most emoji count 2"),
    CountUnit.NONE: gettext_lazy("characters"),
}

# A hashtag as Instagram reads one: "#" then letters, digits or "_", not inside a word or an
# HTML entity ("&#39;").
HASHTAG = regex.compile(r"(?<![\w&#])#[\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*")


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def fitting_prefix(text: str, unit: CountUnit, limit: int) -> int:
    """Where the over-length part of `text` begins, in code points: the longest start that
    fits in `limit`, cut between visible characters and never inside a link (a link counts
    whole on X and Mastodon, so "https://caf" is not what fits)."""
    if count(text, unit) <= limit:
        return len(text)
    # Search over grapheme boundaries: cut inside an emoji sequence, a prefix can weigh more
    # than the whole ("👨‍👩‍" is two emojis, "👨‍👩‍👧" one), so only whole graphemes grow monotonically.
    boundaries = [match.start() for match in regex.finditer(r"\X", text)] + [len(text)]
    low, high = 0, len(boundaries) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if count(text[: boundaries[middle]], unit) <= limit:
            low = middle
        else:
            high = middle - 1
    cut = boundaries[low]
    for url in extract_urls(text):
        if url.start < cut < url.end:
            cut = url.start
    return cut


def check_length(
    text: str, unit: CountUnit, limit: int | None, platform: str, *, caption: bool = False
) -> tuple[int, list[Finding]]:
    """The length of `text` in `unit`, and a finding if it is over `limit`."""
    length = count(text, unit)
    if limit is None or length <= limit:
        return length, []
    values = {
        "platform": platform,
        "length": _number(length),
        "limit": _number(limit),
        "unit": UNIT_EXPLANATIONS[unit],
    }
    if caption:
        message = (
            _("Too long for a %(platform)s caption: %(length)s of %(limit)s (%(unit)s)") % values
        )
    else:
        message = _("Too long for %(platform)s: %(length)s of %(limit)s (%(unit)s)") % values
    start = fitting_prefix(text, unit, limit)
    code = "length.caption_too_long" if caption else "length.too_long"
    return length, [Finding(code, Severity.ERROR, message, start, len(text))]


def check_hashtags(text: str, limit: int | None, platform: str) -> list[Finding]:
    if limit is None:
        return []
    tags = list(HASHTAG.finditer(text))
    if len(tags) <= limit:
        return []
    message = _("Too many hashtags for %(platform)s: %(count)s of %(limit)s") % {
        "platform": platform,
        "count": _number(len(tags)),
        "limit": _number(limit),
    }
    first_extra = tags[limit]
    return [Finding("hashtags.too_many", Severity.ERROR, message, first_extra.start(), len(text))]
