"""The quality gate as the editor sees it: `check_target(target)` → findings, run on every save.

Findings are plain dicts (code, severity, start, end, params) so they can be stored on the target
and rendered later in the reader's language (`finding_message`). The checks are the quality gate's (`quality.run_checks`: length in the platform's own unit
from `connector.limits()`, hashtags, media, links' form and UTM, spelling).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from portevoix.connectors.base import CountUnit, Limits, Media
from portevoix.connectors.errors import ConnectorError
from portevoix.quality.checks import resolve_platform, run_checks
from portevoix.quality.platforms import Platform

if TYPE_CHECKING:
    from portevoix.editorial.models import PostTarget


def measure(text: str, unit: CountUnit) -> int:
    if unit == CountUnit.UTF8_BYTES:
        return len(text.encode("utf-8"))
    if unit == CountUnit.UTF16:
        return len(text.encode("utf-16-le")) // 2
    # Characters (code points): exact for LinkedIn, Instagram, Facebook; an approximation of
    # graphemes, Mastodon's and X's weights until the quality gate counts those exactly.
    return len(text)


def limits_for(target: PostTarget) -> Limits | None:
    from portevoix.connectors.actions import connector_for

    connected = target.account
    try:
        return connector_for(connected.kind).limits(connected.as_account())
    except (ConnectorError, LookupError):
        # A platform that cannot tell its limits right now must not stop a draft being saved.
        return None


def _platform(target: PostTarget, limits: Limits | None) -> Platform | None:
    try:
        return resolve_platform(target.account.kind, limits)
    except LookupError:
        # A connector the quality gate has no table for (the demo channel): its own limits.
        if limits is None:
            return None
        return Platform(
            kind=target.account.kind, label=str(target.account.get_kind_display()), limits=limits
        )


def _media(target: PostTarget) -> tuple[Media, ...]:
    if not target.pk:
        return ()
    return tuple(
        Media(
            filename=m.file.name,
            content_type=m.content_type,
            size=m.size,
            alt_text=m.alt_text,
            width=m.width,
            height=m.height,
            duration=m.duration,
        )
        for m in target.media.all()
    )


def check_target(target: PostTarget) -> list[dict[str, Any]]:
    """The quality gate on one channel's text (`quality.run_checks`). Links are not fetched on
    save: a slow site would stall the editor; their form and UTM tags are still checked."""
    findings: list[dict[str, Any]] = []
    text = target.text
    if not text.strip():
        findings.append({"code": "empty", "severity": "error", "start": None, "end": None})
    limits = limits_for(target)
    platform = _platform(target, limits)
    if platform is None:
        return findings
    # Spelling in the brand's languages; a brand that names none gets no spelling check.
    languages = tuple(target.post.brand.languages or ())
    result = run_checks(
        text,
        platform,
        media=_media(target),
        languages=languages,
        check_links=False,
        limits=limits,
    )
    findings += [finding.to_dict() for finding in result.findings]
    return findings


def finding_message(finding: dict[str, Any]) -> str:
    """The finding in the current language (the reader's, not the writer's)."""
    params = finding.get("params") or {}
    code = finding.get("code")
    if code == "empty":
        return _("The text is empty.")
    if code == "too_long":
        return _("The text is %(length)s long; this platform takes at most %(limit)s.") % params
    return str(finding.get("message", code))


def has_errors(findings: list[dict[str, Any]]) -> bool:
    return any(f.get("severity") == "error" for f in findings)
