"""LinkedIn as its documentation answers, on an `httpx.MockTransport` (fixtures/README.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Media
from portevoix.connectors.linkedin.connector import LinkedInConnector

FIXTURES = Path(__file__).parent / "fixtures"
URN = "urn:li:share:6844785523593134080"
MEMBER = "urn:li:person:782bbtaQ"
IMAGE = "urn:li:image:C4E10AQFoyyAjHPMQuQ"
SECOND_IMAGE = "urn:li:image:D4D10AQFvMKQQp3zGTg"
ORG_SETTINGS = {"organizations": "1", "client_id": "cid", "client_secret": "csecret"}


def fixture(name: str) -> Any:
    payload = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    payload.pop("$source", None)  # the documentation's address (JSON has no comments)
    return payload


def member_account(**config: Any) -> Account:
    return Account(
        kind="linkedin",
        handle="Marie Tremblay",
        external_id=MEMBER,
        config=config,
        credentials=Credentials(access_token="TOKEN"),
    )


def page_account() -> Account:
    return Account(
        kind="linkedin",
        handle="Devtestco",
        external_id="urn:li:organization:2414183",
        config={"organization_id": "2414183", "member": MEMBER},
        credentials=Credentials(access_token="TOKEN"),
    )


def photo(name: str = "terrasse.jpg", alt: str = "", **overrides: Any) -> Media:
    values: dict[str, Any] = {"width": 1200, "height": 800, **overrides}
    return Media(name, "image/jpeg", 11, alt_text=alt, data=lambda: b"\xff\xd8\xff JPEG", **values)


class FakeLinkedIn:
    """Records every request; answers the documented payloads."""

    def __init__(self, acls: str = "organization_acls.json") -> None:
        self.requests: list[httpx.Request] = []
        self.uploads = ["images_initialize_upload.json", "images_initialize_upload_second.json"]
        self.acls = acls

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        path = request.url.path
        if request.url.host == "www.linkedin.com" and path.startswith("/dms-uploads/"):
            return httpx.Response(201)
        if request.url.host == "www.linkedin.com" and path == "/oauth/v2/accessToken":
            return httpx.Response(200, json=fixture("access_token.json"))
        if path == "/rest/images" and request.url.params.get("action") == "initializeUpload":
            name = self.uploads.pop(0) if len(self.uploads) > 1 else self.uploads[0]
            return httpx.Response(200, json=fixture(name))
        if path == "/rest/posts" and request.method == "POST":
            return httpx.Response(201, headers={"x-restli-id": URN})
        if path.startswith("/rest/posts/") and request.method == "DELETE":
            return httpx.Response(204)
        if path == "/rest/organizationAcls":
            return httpx.Response(200, json=fixture(self.acls))
        if path == "/rest/organizations":
            return httpx.Response(200, json=fixture("organizations_batch.json"))
        if path == "/v2/me":
            return httpx.Response(200, json=fixture("me.json"))
        if path == "/v2/userinfo":
            return httpx.Response(200, json=fixture("userinfo.json"))
        return httpx.Response(404, json={"status": 404, "message": f"no fixture for {path}"})

    def connector(self, **settings: Any) -> LinkedInConnector:
        return LinkedInConnector(httpx.Client(transport=httpx.MockTransport(self)), settings)

    def posts(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self._find("POST", "/rest/posts")]

    def initializations(self) -> list[dict[str, Any]]:
        return [json.loads(r.content) for r in self._find("POST", "/rest/images")]

    def puts(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "PUT"]

    def _find(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]
