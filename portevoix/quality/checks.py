"""The quality gate before publishing: `run_checks` returns every finding at once.

Length (in the platform's unit), hashtags, media, links (reachability, UTM tags) and spelling
and grammar. Errors block publishing (`valid` is false); warnings are for the user to judge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import httpx

from portevoix.connectors.base import CountUnit, Limits, Media
from portevoix.quality.findings import CheckResult, Finding
from portevoix.quality.links import check_links
from portevoix.quality.media import check_media
from portevoix.quality.platforms import PLATFORMS, Platform, get_platform
from portevoix.quality.spelling import check_spelling
from portevoix.quality.text_checks import check_hashtags, check_length


def resolve_platform(platform: str | Platform, limits: Limits | None = None) -> Platform:
    """The platform's table entry; a connector with no entry (the demo channel, a new platform)
    is checked against the limits its connector declares."""
    if isinstance(platform, str) and platform not in PLATFORMS and limits is not None:
        from portevoix.connectors.registry import connector_class

        try:
            label = str(connector_class(platform).label)
        except LookupError:
            label = platform
        return Platform(kind=platform, label=label, limits=limits)
    resolved = get_platform(platform) if isinstance(platform, str) else platform
    if limits is not None:  # what the connector read from the account (a Mastodon instance)
        resolved = Platform(**{**resolved.__dict__, "limits": limits})
    return resolved


def run_checks(
    text: str,
    platform: str | Platform,
    *,
    media: Sequence[Media] = (),
    brand_words: Iterable[str] = (),
    require_utm: bool = False,
    languages: Sequence[str] = ("fr",),
    http_client: httpx.Client | None = None,
    check_links: bool = True,
    limits: Limits | None = None,
) -> CheckResult:
    """Every check of `text` for `platform` (a connector kind such as "x", or a `Platform`).

    `http_client` is used for the link checks (tests inject one); when it is None and links
    are checked, a client from `portevoix.lib.http.make_client()` (SSRF-guarded) is made and
    closed here. `limits` overrides the platform's defaults.
    """
    target = resolve_platform(platform, limits)
    text_limits = target.limits
    findings: list[Finding] = []

    caption = bool(media) and text_limits.caption_max_length is not None
    limit = text_limits.caption_max_length if caption else text_limits.max_length
    length, found = check_length(text, text_limits.unit, limit, target.label, caption=caption)
    findings += found
    if text_limits.max_bytes is not None:
        findings += check_length(text, CountUnit.UTF8_BYTES, text_limits.max_bytes, target.label)[1]
    findings += check_hashtags(text, text_limits.max_hashtags, target.label)
    findings += check_media(tuple(media), target)
    findings += _link_findings(text, http_client, require_utm=require_utm, reach=check_links)
    findings += check_spelling(text, languages, brand_words)
    return CheckResult(
        length=length, limit=limit, unit=str(text_limits.unit), findings=tuple(findings)
    )


def _link_findings(
    text: str, client: httpx.Client | None, *, require_utm: bool, reach: bool
) -> list[Finding]:
    if not reach or client is not None:
        return check_links(text, client, require_utm=require_utm, check_reachability=reach)
    from portevoix.lib.http import make_client

    with make_client() as own_client:
        return check_links(text, own_client, require_utm=require_utm)
