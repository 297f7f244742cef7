"""The Bluesky connector passes the shared connector contract (error table, checkpointed id)."""

from __future__ import annotations

import json
from typing import Any

import httpx

from portevoix.connectors.base import Account, Credentials, Published
from portevoix.connectors.bluesky.tests.platform import DID, Pds, fixture
from portevoix.connectors.tests.contract import ConnectorContract


class TestBlueskyContract(ConnectorContract):
    kind = "bluesky"
    settings = {"pds_url": "https://pds.example"}

    def setup_method(self) -> None:
        self.pds = Pds()

    def account(self) -> Account:
        session = fixture("createSession")
        return Account(
            kind="bluesky",
            handle="cafe-lumiere.bsky.social",
            external_id=DID,
            base_url="https://pds.example",
            credentials=Credentials(
                access_token=session["accessJwt"], refresh_token=session["refreshJwt"]
            ),
        )

    def platform(self, request: httpx.Request) -> httpx.Response:
        return self.pds(request)

    def is_create(self, request: httpx.Request) -> bool:
        return request.url.path == "/xrpc/com.atproto.repo.createRecord"

    def error_body(self, status: int) -> dict[str, Any]:
        name = {401: "ExpiredToken", 429: "RateLimitExceeded", 400: "InvalidRequest"}.get(
            status, "InternalServerError"
        )
        body: dict[str, Any] = fixture(f"error_{name}")
        return body

    def assert_published(self, published: Published, requests: list[httpx.Request]) -> None:
        create = next(r for r in requests if self.is_create(r))
        assert create.method == "POST"
        assert create.url.host == "pds.example"
        assert (
            create.headers["authorization"] == f"Bearer {self.account().credentials.access_token}"
        )
        body = json.loads(create.content)
        assert body["repo"] == DID
        assert body["collection"] == "app.bsky.feed.post"
        assert body["record"]["$type"] == "app.bsky.feed.post"
        assert body["record"]["text"] == self.draft().text
        assert published.platform_id == f"at://{DID}/app.bsky.feed.post/{body['rkey']}"
        assert published.url == (
            f"https://bsky.app/profile/cafe-lumiere.bsky.social/post/{body['rkey']}"
        )
