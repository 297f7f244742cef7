"""What a checker returns for one problem, before it becomes a `Finding`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Issue:
    start: int
    end: int
    kind: str  # "spelling" or "grammar"
    message: str
    suggestions: tuple[str, ...]
    rule: str = ""
