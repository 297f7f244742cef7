"""The Bot API as its reference defines it (see fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Media

FIXTURES = Path(__file__).parent / "fixtures"
TOKEN = "7012345678:AAFtesttoken"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def account(**config: Any) -> Account:
    return Account(
        kind="telegram",
        handle="@cafelumiere",
        external_id="-1001234567890",
        config={"chat_id": "-1001234567890", "username": "cafelumiere", **config},
        credentials=Credentials(access_token=TOKEN),
    )


def photo(name: str = "carte.jpg", content_type: str = "image/jpeg") -> Media:
    return Media(filename=name, content_type=content_type, size=4, data=lambda: b"JPEG")


def method(request: httpx.Request) -> str:
    return request.url.path.rsplit("/", 1)[-1]


def documented(request: httpx.Request) -> httpx.Response:
    name = {
        "getMe": "get_me.json",
        "getChat": "get_chat.json",
        "getChatMember": "get_chat_member.json",
        "sendMessage": "send_message.json",
        "sendPhoto": "send_photo.json",
        "sendVideo": "send_photo.json",
        "sendMediaGroup": "send_media_group.json",
    }.get(method(request))
    if name is None:
        return httpx.Response(
            404, json={"ok": False, "error_code": 404, "description": "Not Found"}
        )
    return httpx.Response(200, json=fixture(name))
