"""LinkedIn, through the Posts API (learn.microsoft.com/linkedin/marketing/community-management/
shares/posts-api). Every call carries `LinkedIn-Version: YYYYMM` and
`X-Restli-Protocol-Version: 2.0.0`; the new post's URN comes back in the `x-restli-id` header.

Self-serve apps get a 60-day access token and no refresh token: the expiry is a hard expiry, so
the health sweep warns a week before and the owner logs in again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.utils.translation import gettext_lazy as _

from portevoix.connectors import http as connector_http
from portevoix.connectors.base import (
    Account,
    Capabilities,
    Connector,
    CountUnit,
    Credentials,
    Draft,
    Health,
    Limits,
    OAuthConfig,
    Published,
    PublishState,
)
from portevoix.connectors.errors import AuthExpired, OutcomeUnknown

# "Little text format": these characters are markup and must be escaped with a backslash.
RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
VERSION = "202511"


def escape_commentary(text: str) -> str:
    return RESERVED.sub(r"\\\1", text)


class LinkedInConnector(Connector):
    kind = "linkedin"
    label = _("LinkedIn")
    auth = "oauth2"
    capabilities = Capabilities(publish_text=True, delete=True)
    # Posts API: commentary of at most 3,000 characters.
    default_limits = Limits(max_length=3000, unit=CountUnit.CHARACTERS)
    SCOPES = ("openid", "profile", "w_member_social")

    def api(self, path: str) -> str:
        base = str(self.settings.get("api_base") or "https://api.linkedin.com").rstrip("/")
        return f"{base}/{path.lstrip('/')}"

    def headers(self, account: Account) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {account.credentials.access_token}",
            "LinkedIn-Version": str(self.settings.get("version") or VERSION),
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url=self.settings.get("authorize_url")
            or "https://www.linkedin.com/oauth/v2/authorization",
            token_url=self.settings.get("token_url")
            or "https://www.linkedin.com/oauth/v2/accessToken",
            scopes=self.SCOPES,
            pkce=False,  # PKCE is for native clients; a web app sends its secret
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 (a method name)
        )

    def account_from_token(self, credentials: Credentials) -> Account:
        probe = Account(kind=self.kind, credentials=credentials)
        user = connector_http.request(
            self.http, "GET", self.api("v2/userinfo"), headers=self.headers(probe)
        ).json()
        expiry = credentials.expires_at
        hard = credentials.refresh_expires_at or (None if credentials.refresh_token else expiry)
        return Account(
            kind=self.kind,
            handle=str(user.get("name", "")),
            external_id=f"urn:li:person:{user['sub']}",
            credentials=Credentials(
                access_token=credentials.access_token,
                refresh_token=credentials.refresh_token,
                expires_at=expiry,
                refresh_expires_at=hard,
                scopes=credentials.scopes,
            ),
        )

    def refresh_credentials(self, account: Account) -> Credentials:
        if not account.credentials.refresh_token:
            expiry = account.credentials.expires_at
            if expiry is not None and expiry <= dt.datetime.now(dt.UTC):
                raise AuthExpired("LinkedIn token expired; log in again")
            return account.credentials
        answer = connector_http.request(
            self.http,
            "POST",
            self.oauth_config().token_url,
            data={
                "grant_type": "refresh_token",
                "refresh_token": account.credentials.refresh_token,
                "client_id": self.settings.get("client_id", ""),
                "client_secret": self.settings.get("client_secret", ""),
            },
            raise_options={"auth_statuses": frozenset({400, 401})},
        ).json()
        now = dt.datetime.now(dt.UTC)
        return Credentials(
            access_token=answer["access_token"],
            refresh_token=answer.get("refresh_token", account.credentials.refresh_token),
            expires_at=now + dt.timedelta(seconds=int(answer["expires_in"])),
            refresh_expires_at=now
            + dt.timedelta(seconds=int(answer.get("refresh_token_expires_in", 0)))
            if answer.get("refresh_token_expires_in")
            else account.credentials.refresh_expires_at,
            scopes=account.credentials.scopes,
        )

    def check_health(self, account: Account) -> Health:
        try:
            connector_http.request(
                self.http, "GET", self.api("v2/userinfo"), headers=self.headers(account)
            )
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        return Health(valid=True, expires_at=account.credentials.refresh_expires_at)

    def author(self, account: Account) -> str:
        organization = account.config.get("organization_id")
        return f"urn:li:organization:{organization}" if organization else account.external_id

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(str(state["platform_id"]))
        body: dict[str, Any] = {
            "author": self.author(account),
            "commentary": escape_commentary(draft.text),
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": False,
        }
        state.checkpoint(sent_text=draft.text)
        response = connector_http.request(
            self.http, "POST", self.api("rest/posts"), headers=self.headers(account), json=body
        )
        urn = response.headers.get("x-restli-id", "")
        state.checkpoint(platform_id=urn)
        return self._published(urn)

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """LinkedIn has no idempotency key and reading a member's posts needs a restricted
        permission: without the id we cannot tell, and say so instead of guessing."""
        if state.get("platform_id"):
            return self._published(str(state["platform_id"]))
        if "sent_text" not in state:
            return None
        raise OutcomeUnknown("LinkedIn cannot be asked whether this post exists; check by hand")

    def delete(self, account: Account, platform_id: str) -> None:
        from urllib.parse import quote

        connector_http.request(
            self.http,
            "DELETE",
            self.api(f"rest/posts/{quote(platform_id, safe='')}"),
            headers=self.headers(account),
        )

    @staticmethod
    def _published(urn: str) -> Published:
        return Published(platform_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")
