"""A platform with an OAuth 2 authorization server, for the tests of the generic flow: the
connector asks `/me` who the token belongs to; the server checks PKCE as RFC 7636 says."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any
from urllib.parse import parse_qs

import httpx

from portevoix.connectors import http as connector_http
from portevoix.connectors.base import Account, Connector, Credentials, OAuthConfig


class OAuthDemoConnector(Connector):
    kind = "oauthdemo"
    label = "OAuth demo"
    auth = "oauth2"

    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url="https://auth.example/oauth/authorize",
            token_url="https://auth.example/oauth/token",
            scopes=("posts.write", "offline.access"),
        )

    def account_from_token(self, credentials: Credentials) -> Account:
        me = connector_http.request(
            self.http,
            "GET",
            "https://api.example/me",
            headers={"Authorization": f"Bearer {credentials.access_token}"},
        ).json()
        return Account(
            kind=self.kind, handle=me["username"], external_id=me["id"], credentials=credentials
        )


class AuthorizationServer:
    """Issues codes bound to a code challenge and exchanges them once, checking the verifier."""

    def __init__(self, client_id: str = "cid", client_secret: str = "csecret") -> None:  # noqa: S107
        self.client_id, self.client_secret = client_id, client_secret
        self.codes: dict[str, dict[str, str]] = {}
        self.token_status = 200
        self.token_requests: list[httpx.Request] = []

    def authorize(self, params: dict[str, str]) -> str:
        """What the person's consent does: a code for this challenge and redirect URI."""
        assert params["response_type"] == "code"
        assert params["client_id"] == self.client_id
        assert params["code_challenge_method"] == "S256"
        code = f"code-{len(self.codes) + 1}"
        self.codes[code] = {
            "challenge": params["code_challenge"],
            "redirect_uri": params["redirect_uri"],
        }
        return code

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        if request.url.path == "/oauth/token":
            self.token_requests.append(request)
            if self.token_status != 200:
                return httpx.Response(self.token_status, json={"error": "server_error"})
            return self.token(request)
        if request.url.path == "/me":
            assert request.headers["authorization"] == "Bearer at-1"
            return httpx.Response(200, json={"id": "u-42", "username": "cafe_lumiere"})
        return httpx.Response(404)

    def token(self, request: httpx.Request) -> httpx.Response:
        basic = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
        if request.headers.get("authorization") != f"Basic {basic}":
            return httpx.Response(401, json={"error": "invalid_client"})
        form = {k: v[0] for k, v in parse_qs(request.content.decode()).items()}
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None or form.get("redirect_uri") != grant["redirect_uri"]:
            return httpx.Response(400, json={"error": "invalid_grant"})
        digest = hashlib.sha256(form.get("code_verifier", "").encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return httpx.Response(400, json={"error": "invalid_grant", "error_description": "PKCE"})
        body: dict[str, Any] = {
            "access_token": "at-1",
            "refresh_token": "rt-1",
            "token_type": "bearer",
            "expires_in": 7200,
            "scope": "posts.write offline.access",
        }
        return httpx.Response(
            200, content=json.dumps(body), headers={"content-type": "application/json"}
        )
