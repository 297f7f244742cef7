"""What a check returns: findings, each with a code, a severity, a message and a position."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from portevoix.connectors.base import Issue


class Severity(StrEnum):
    ERROR = "error"  # the platform would refuse the post: publishing is blocked
    WARNING = "warning"  # worth a look (spelling, a slow link): the user decides


@dataclass(frozen=True)
class Finding:
    """One problem. `start`/`end` are code-point offsets in the text (`text[start:end]`), when
    the problem sits somewhere in it; `message` is already translated (the active language)."""

    code: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    suggestions: tuple[str, ...] = ()  # shown to the user, never applied by themselves
    checker: str = ""  # which tool found it (grammalecte, harper, hunspell), for spelling
    detail: str = ""  # the checker's own explanation, in its own language

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["severity"] = str(self.severity)
        data["suggestions"] = list(self.suggestions)
        return data

    def to_issue(self) -> Issue:
        """The connectors' `Issue`, for a connector's `validate`."""
        return Issue(self.code, self.message, self.start, self.end, str(self.severity))


@dataclass(frozen=True)
class CheckResult:
    length: int
    limit: int | None
    unit: str
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def valid(self) -> bool:
        return not any(f.severity is Severity.ERROR for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "limit": self.limit,
            "unit": self.unit,
            "valid": self.valid,
            "findings": [f.to_dict() for f in self.findings],
        }
