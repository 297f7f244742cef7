"""Builders shared by the Meta connectors' tests: the documented payloads, read from JSON.

Each fixture opens with a `"$source"` member, the address of the documentation it is copied
from (JSON has no comments); `load` takes it off, so the payload is the platform's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

META_FIXTURES = Path(__file__).parent / "fixtures"


def load(directory: Path, name: str) -> Any:
    payload = json.loads((directory / name).read_text(encoding="utf-8"))
    if isinstance(payload, dict):
        payload.pop("$source", None)
    return payload


def graph_error(name: str, status: int = 400) -> httpx.Response:
    return httpx.Response(status, json=load(META_FIXTURES, name))


def form(request: httpx.Request) -> dict[str, str]:
    """A form-encoded body as a dict (each Graph field appears once)."""
    return dict(httpx.QueryParams(request.content.decode()))
