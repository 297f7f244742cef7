"""WordPress passes the shared connector contract."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx

from portevoix.connectors.base import Account, Draft, Published
from portevoix.connectors.tests.contract import ConnectorContract
from portevoix.connectors.wordpress.tests import helpers


class TestWordPressContract(ConnectorContract):
    kind = "wordpress"

    def account(self) -> Account:
        return helpers.account()

    def draft(self) -> Draft:
        return Draft(title="Nouvelle carte d'automne", text="Courge rôtie & cidre.\n\nÀ bientôt !")

    def platform(self, request: httpx.Request) -> httpx.Response:
        return helpers.documented(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.method == "POST" and helpers.route(request) == "/wp/v2/posts"

    def error_body(self, status: int) -> dict[str, Any]:
        if status == 400:
            return dict(helpers.fixture("error_invalid_param.json"))
        return dict(helpers.fixture("error_cannot_create.json"))

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        (create,) = [r for r in requests if self.is_create(r)]
        assert create.url.host == "blogue.cafe-lumiere.example"
        assert create.url.path == "/"
        token = base64.b64encode(b"admin:abcd efgh ijkl mnop").decode()
        assert create.headers["Authorization"] == f"Basic {token}"
        body = json.loads(create.content)
        assert body["title"] == "Nouvelle carte d'automne"
        assert body["content"] == "<p>Courge rôtie &amp; cidre.</p>\n<p>À bientôt !</p>"
        assert body["status"] == "publish"
        assert body["slug"].startswith("nouvelle-carte-dautomne-pv")
        assert "date_gmt" not in body
        assert published.platform_id == "5"
        assert published.url == "http://127.0.0.1:8080/?p=5"
