"""The quality gate as the editor sees it: `check_target(target)` → findings, run on every save.

Findings are plain dicts (code, severity, start, end, params) so they can be stored on the target
and rendered later in the reader's language (`finding_message`). Until the quality app lands,
this does the one check every platform needs: the length in the platform's own unit, from
`connector.limits()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from portevoix.connectors.base import CountUnit, Limits
from portevoix.connectors.errors import ConnectorError

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


def check_target(target: PostTarget) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = []
    text = target.text
    if not text.strip():
        findings.append({"code": "empty", "severity": "error", "start": None, "end": None})
    limits = limits_for(target)
    if limits is not None and limits.max_length is not None and limits.unit != CountUnit.NONE:
        length = measure(text, limits.unit)
        if length > limits.max_length:
            findings.append(
                {
                    "code": "too_long",
                    "severity": "error",
                    # The part past the limit, as offsets in the text (code points).
                    "start": limits.max_length if limits.unit == CountUnit.CHARACTERS else None,
                    "end": len(text) if limits.unit == CountUnit.CHARACTERS else None,
                    "params": {"length": length, "limit": limits.max_length},
                }
            )
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
