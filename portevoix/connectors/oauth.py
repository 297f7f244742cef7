"""The generic OAuth 2 authorization-code flow (with PKCE where the platform uses it).

Authlib builds the protocol's pieces (the authorization URL, the S256 code challenge, the token
request body, the token's expiry); the token request itself goes through the connector's own
httpx client and `connectors.http`, so the SSRF guard applies to user-typed instance URLs, the
tests can answer it with a MockTransport, and its failures map to the usual connector errors.

A flow is kept in the session under its `state`, bound to the person and brand that started it;
the callback accepts it once, from the same person, within FLOW_TTL. When the account may publish
as several identities (a LinkedIn member and their Pages), the account the callback got waits in
the session, its credentials encrypted like those at rest, until the person picks one on the
choose page — within the same FLOW_TTL, once.
"""

from __future__ import annotations

import base64
import datetime as dt
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from authlib.common.security import generate_token
from authlib.oauth2.rfc6749 import OAuth2Token
from authlib.oauth2.rfc6749.parameters import prepare_grant_uri
from authlib.oauth2.rfc7636 import create_s256_code_challenge

from portevoix.connectors import http as connector_http
from portevoix.connectors.base import Account, Connector, Credentials, OAuthConfig
from portevoix.connectors.errors import Rejected
from portevoix.lib import crypto

SESSION_KEY = "connectors_oauth"
PENDING_KEY = "connectors_oauth_pending"
FLOW_TTL = 15 * 60  # seconds: long enough to log in and accept, short enough to be useless later
MAX_FLOWS = 5  # a person may have started a few in other tabs; older ones are dropped


class FlowError(Exception):
    """The callback does not belong to a flow this person started (or it expired)."""


@dataclass(frozen=True)
class Flow:
    state: str
    kind: str
    brand_id: int
    user_id: int
    code_verifier: str
    started: float


def client_credentials(connector: Connector) -> tuple[str, str]:
    client_id = str(connector.settings.get("client_id", ""))
    if not client_id:
        raise Rejected(
            f"PORTEVOIX_CONNECTOR_{connector.kind.upper()}__CLIENT_ID is not set on this server"
        )
    return client_id, str(connector.settings.get("client_secret", ""))


def start(
    session: Any, connector: Connector, *, brand_id: int, user_id: int, redirect_uri: str
) -> str:
    """Keep a new flow in the session and return the platform's authorization URL."""
    config: OAuthConfig = connector.oauth_config()
    client_id, _secret = client_credentials(connector)
    state = generate_token(32)
    verifier = generate_token(64) if config.pkce else ""
    params: dict[str, str] = dict(config.extra_authorize_params)
    if config.pkce:
        params["code_challenge"] = create_s256_code_challenge(verifier)
        params["code_challenge_method"] = "S256"
    url: str = prepare_grant_uri(
        config.authorize_url,
        client_id,
        "code",
        redirect_uri=redirect_uri,
        scope=" ".join(config.scopes),
        state=state,
        **params,
    )
    flows: dict[str, dict[str, Any]] = dict(session.get(SESSION_KEY, {}))
    flows[state] = {
        "kind": connector.kind,
        "brand_id": brand_id,
        "user_id": user_id,
        "code_verifier": verifier,
        "started": time.time(),
    }
    # Keep the newest few only: the session is not a place to grow without bound.
    newest = sorted(flows.items(), key=lambda item: item[1]["started"])[-MAX_FLOWS:]
    session[SESSION_KEY] = dict(newest)
    return url


def take(session: Any, state: str, *, user_id: int) -> Flow:
    """The flow `state` names, removed from the session (a state is good for one callback)."""
    flows: dict[str, dict[str, Any]] = dict(session.get(SESSION_KEY, {}))
    data = flows.pop(state, None) if state else None
    session[SESSION_KEY] = flows
    if data is None or data["user_id"] != user_id:
        raise FlowError("unknown state")
    if time.time() - float(data["started"]) > FLOW_TTL:
        raise FlowError("expired")
    return Flow(state=state, **data)


def _basic(client_id: str, secret: str) -> str:
    # RFC 6749 §2.3.1: both parts form-urlencoded before base64.
    pair = f"{quote(client_id, safe='')}:{quote(secret, safe='')}"
    return "Basic " + base64.b64encode(pair.encode()).decode()


def exchange(connector: Connector, flow: Flow, code: str, redirect_uri: str) -> Credentials:
    """Trade the authorization code (and the PKCE verifier) for tokens."""
    config = connector.oauth_config()
    client_id, secret = client_credentials(connector)
    body: dict[str, str] = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": redirect_uri,
    }
    if flow.code_verifier:
        body["code_verifier"] = flow.code_verifier
    headers = {"Accept": "application/json"}
    if config.token_endpoint_auth_method == "client_secret_basic" and secret:  # noqa: S105
        headers["Authorization"] = _basic(client_id, secret)
    else:
        body["client_id"] = client_id
        if config.token_endpoint_auth_method == "client_secret_post" and secret:  # noqa: S105
            body["client_secret"] = secret
    response = connector_http.request(
        connector.http, "POST", config.token_url, data=body, headers=headers
    )
    try:
        payload = response.json()
    except ValueError as exc:
        raise Rejected("the token endpoint did not answer JSON") from exc
    if not isinstance(payload, dict) or not payload.get("access_token"):
        raise Rejected(str(payload.get("error_description") or payload.get("error") or payload))
    return credentials_from_token(payload)


def credentials_from_token(payload: dict[str, Any]) -> Credentials:
    token = OAuth2Token.from_dict(payload)  # computes expires_at from expires_in
    expires_at = token.get("expires_at")
    refresh_expires = payload.get("refresh_token_expires_in")  # LinkedIn, X
    now = dt.datetime.now(dt.UTC)
    return Credentials(
        access_token=str(payload["access_token"]),
        refresh_token=str(payload.get("refresh_token") or ""),
        expires_at=dt.datetime.fromtimestamp(int(expires_at), tz=dt.UTC) if expires_at else None,
        refresh_expires_at=(
            now + dt.timedelta(seconds=int(refresh_expires)) if refresh_expires else None
        ),
        scopes=tuple(str(payload.get("scope") or "").split()),
    )


def keep_pending(session: Any, flow: Flow, account: Account) -> None:
    """Keep the account of a finished flow until the person chooses whom it publishes as."""
    secret = crypto.encrypt_json(
        {
            "kind": account.kind,
            "handle": account.handle,
            "external_id": account.external_id,
            "base_url": account.base_url,
            "config": account.config,
            "credentials": account.credentials.to_dict(),
        }
    )
    pending: dict[str, dict[str, Any]] = dict(session.get(PENDING_KEY, {}))
    pending[flow.state] = {
        "kind": flow.kind,
        "brand_id": flow.brand_id,
        "user_id": flow.user_id,
        "started": flow.started,
        "account": secret,
    }
    newest = sorted(pending.items(), key=lambda item: item[1]["started"])[-MAX_FLOWS:]
    session[PENDING_KEY] = dict(newest)


def pending(session: Any, state: str, *, user_id: int) -> tuple[Flow, Account]:
    """The flow and account waiting under `state`, for this person, within FLOW_TTL."""
    data = dict(session.get(PENDING_KEY, {})).get(state) if state else None
    if data is None or data["user_id"] != user_id:
        raise FlowError("unknown state")
    if time.time() - float(data["started"]) > FLOW_TTL:
        drop_pending(session, state)
        raise FlowError("expired")
    try:
        saved = crypto.decrypt_json(data["account"])
    except crypto.SecretUnreadable as exc:  # the keys were rotated meanwhile
        drop_pending(session, state)
        raise FlowError("unreadable") from exc
    flow = Flow(
        state=state,
        kind=data["kind"],
        brand_id=data["brand_id"],
        user_id=data["user_id"],
        code_verifier="",
        started=data["started"],
    )
    account = Account(
        kind=saved["kind"],
        handle=saved["handle"],
        external_id=saved["external_id"],
        base_url=saved["base_url"],
        config=saved["config"],
        credentials=Credentials.from_dict(saved["credentials"]),
    )
    return flow, account


def drop_pending(session: Any, state: str) -> None:
    waiting: dict[str, dict[str, Any]] = dict(session.get(PENDING_KEY, {}))
    waiting.pop(state, None)
    session[PENDING_KEY] = waiting
