"""Discord's webhook API as its documentation shows it (see fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Media

FIXTURES = Path(__file__).parent / "fixtures"
WEBHOOK_ID = "223704706495545344"
TOKEN = "3d89bb7572e0fb30d8128367b3b1b44fecd1726de135cbe28a41f8b2f777c372ba2939e72279b94526ff5d1bd4358d65cf11"
BASE = f"https://discord.com/api/v10/webhooks/{WEBHOOK_ID}"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def account() -> Account:
    return Account(
        kind="discord",
        handle="test webhook",
        external_id=WEBHOOK_ID,
        base_url=BASE,
        config={"guild_id": "199737254929760256", "channel_id": "199737254929760256"},
        credentials=Credentials(access_token=TOKEN),
    )


def image(name: str = "carte.png", alt: str = "La carte") -> Media:
    return Media(
        filename=name, content_type="image/png", size=4, alt_text=alt, data=lambda: b"PNG!"
    )


def documented(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path == f"/api/v10/webhooks/{WEBHOOK_ID}/{TOKEN}":
        if request.method == "POST":
            return httpx.Response(200, json=fixture("message.json"))
        return httpx.Response(200, json=fixture("webhook.json"))
    if path.startswith(f"/api/v10/webhooks/{WEBHOOK_ID}/{TOKEN}/messages/"):
        if request.method == "DELETE":
            return httpx.Response(204)
        return httpx.Response(200, json=fixture("message.json"))
    return httpx.Response(404, json=fixture("error_404.json"))
