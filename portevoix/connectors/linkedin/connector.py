"""LinkedIn, through the Posts API (learn.microsoft.com/linkedin/marketing/community-management/
shares/posts-api). Every call carries `LinkedIn-Version: YYYYMM` and
`X-Restli-Protocol-Version: 2.0.0`; the new post's URN comes back in the `x-restli-id` header.
Images go up first through the Images API (`images.py`), each URN checkpointed.

A member posts as themself (`w_member_social`, "Sign In with LinkedIn using OpenID Connect" for
who they are). With `PORTEVOIX_CONNECTOR_LINKEDIN__ORGANIZATIONS=1` the app asks for the
Community Management API's scopes instead (a product LinkedIn reviews on its own; the member is
then read from the Profile API, or from userinfo when `…__SCOPES` lists `openid` too), and the
connect page offers the member themself and every Page they administer (`organizations.py`); a
Page posts as `urn:li:organization:…` with `w_organization_social`.

Self-serve apps get a 60-day access token and no refresh token: the expiry is a hard expiry, so
the health sweep warns a week before and the owner logs in again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from urllib.parse import quote

from django.utils.translation import gettext
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
    Identity,
    Issue,
    Limits,
    MediaLimits,
    OAuthConfig,
    Published,
    PublishState,
)
from portevoix.connectors.errors import AuthExpired, OutcomeUnknown, Rejected
from portevoix.connectors.linkedin import images, organizations

# "Little text format": these characters are markup and must be escaped with a backslash.
RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
VERSION = "202511"
MEMBER_SCOPES = ("openid", "profile", "w_member_social")
# Community Management API: the member's basic profile, posting as the member and as a Page,
# and reading which Pages they administer.
ORGANIZATION_SCOPES = (
    "r_basicprofile",
    "w_member_social",
    "w_organization_social",
    "rw_organization_admin",
)
ACL_SCOPES = frozenset({"rw_organization_admin", "r_organization_admin"})


def escape_commentary(text: str) -> str:
    return RESERVED.sub(r"\\\1", text)


def enabled(value: Any) -> bool:
    return str(value or "").strip().lower() in {"1", "true", "yes", "on"}


class LinkedInConnector(Connector):
    kind = "linkedin"
    label = _("LinkedIn")
    auth = "oauth2"
    capabilities = Capabilities(publish_text=True, images=images.MAX_IMAGES, delete=True)
    # Posts API: commentary of at most 3,000 characters. Images API: JPG, PNG and GIF under
    # 36,152,320 pixels, 20 per post; it states no byte cap (0 here: none we know of).
    default_limits = Limits(
        max_length=3000,
        unit=CountUnit.CHARACTERS,
        media=MediaLimits(max_count=images.MAX_IMAGES, max_bytes=0, types=images.IMAGE_TYPES),
    )
    SCOPES = MEMBER_SCOPES

    def api(self, path: str) -> str:
        base = str(self.settings.get("api_base") or "https://api.linkedin.com").rstrip("/")
        return f"{base}/{path.lstrip('/')}"

    def headers(self, account: Account) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {account.credentials.access_token}",
            "LinkedIn-Version": str(self.settings.get("version") or VERSION),
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def scopes(self) -> tuple[str, ...]:
        if self.settings.get("scopes"):
            return tuple(str(self.settings["scopes"]).replace(",", " ").split())
        if enabled(self.settings.get("organizations")):
            return ORGANIZATION_SCOPES
        return MEMBER_SCOPES

    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url=self.settings.get("authorize_url")
            or "https://www.linkedin.com/oauth/v2/authorization",
            token_url=self.settings.get("token_url")
            or "https://www.linkedin.com/oauth/v2/accessToken",
            scopes=self.scopes(),
            pkce=False,  # PKCE is for native clients; a web app sends its secret
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 (a method name)
        )

    # -- connecting ---------------------------------------------------------------------------
    def _member(self, probe: Account) -> tuple[str, str]:
        """The member's URN and name: OpenID Connect's userinfo when the app has it, else the
        Profile API (`GET /v2/me`, r_basicprofile) that Community Management apps get."""
        if "openid" in self.scopes():
            user = connector_http.request(
                self.http, "GET", self.api("v2/userinfo"), headers=self.headers(probe)
            ).json()
            return f"urn:li:person:{user['sub']}", str(user.get("name", ""))
        me = connector_http.request(
            self.http, "GET", self.api("v2/me"), headers=self.headers(probe)
        ).json()
        name = f"{me.get('localizedFirstName', '')} {me.get('localizedLastName', '')}".strip()
        return f"urn:li:person:{me['id']}", name

    def account_from_token(self, credentials: Credentials) -> Account:
        probe = Account(kind=self.kind, credentials=credentials)
        member, name = self._member(probe)
        expiry = credentials.expires_at
        hard = credentials.refresh_expires_at or (None if credentials.refresh_token else expiry)
        config: dict[str, Any] = {}
        if ACL_SCOPES & set(self.scopes()):
            pages = organizations.administered(self.http, self.api, self.headers(probe))
            names = organizations.organization_names(
                self.http, self.api, self.headers(probe), [p.id for p in pages]
            )
            config = {
                "member": member,
                "member_name": name,
                "organizations": [{"id": p.id, "name": names.get(p.id, "")} for p in pages],
            }
        return Account(
            kind=self.kind,
            handle=name,
            external_id=member,
            config=config,
            credentials=Credentials(
                access_token=credentials.access_token,
                refresh_token=credentials.refresh_token,
                expires_at=expiry,
                refresh_expires_at=hard,
                scopes=credentials.scopes,
            ),
        )

    def identities(self, account: Account) -> list[Identity]:
        """The member (when the app may post for them) and the Pages they may post for."""
        if "organizations" not in account.config:
            return []
        choices = []
        if "w_member_social" in self.scopes():
            choices.append(
                Identity(account.config["member"], account.config.get("member_name", ""), "person")
            )
        for page in account.config["organizations"]:
            name = page["name"] or gettext("Page %(id)s") % {"id": page["id"]}
            choices.append(
                Identity(f"{organizations.ORGANIZATION}{page['id']}", name, "organization")
            )
        return choices

    def as_identity(self, account: Account, identity_id: str) -> Account:
        chosen = next((i for i in self.identities(account) if i.id == identity_id), None)
        if chosen is None:
            raise Rejected(
                gettext("This LinkedIn member cannot post as %(id)s.") % {"id": identity_id}
            )
        config = {k: v for k, v in account.config.items() if k != "organization_id"}
        if chosen.kind == "organization":
            config["organization_id"] = chosen.id.removeprefix(organizations.ORGANIZATION)
        # Each identity is its own connected account: its URN is the account's id.
        return Account(
            kind=self.kind,
            handle=chosen.name,
            external_id=chosen.id,
            config=config,
            credentials=account.credentials,
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
        organization = account.config.get("organization_id")
        try:
            if organization:
                pages = organizations.administered(self.http, self.api, self.headers(account))
            else:
                self._member(account)
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        if organization and str(organization) not in {p.id for p in pages}:
            # The token works, but the member lost the role that lets them post for the Page.
            return Health(
                valid=False,
                message=gettext("This member no longer administers the LinkedIn Page %(name)s.")
                % {"name": account.handle or organization},
            )
        return Health(valid=True, expires_at=account.credentials.refresh_expires_at)

    # -- publishing ---------------------------------------------------------------------------
    def author(self, account: Account) -> str:
        organization = account.config.get("organization_id")
        if organization:
            return f"{organizations.ORGANIZATION}{organization}"
        return account.external_id

    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        if len(draft.media) > limits.media.max_count:
            issues.append(
                Issue(
                    "linkedin_image_count",
                    gettext("A LinkedIn post holds at most %(count)d images.")
                    % {"count": limits.media.max_count},
                )
            )
        for media in draft.media:
            values = {"name": media.filename}
            if media.content_type not in images.IMAGE_TYPES:
                issues.append(
                    Issue(
                        "linkedin_media_type",
                        gettext("LinkedIn takes JPEG, PNG or GIF images here (%(name)s).") % values,
                    )
                )
            elif media.data is None:
                issues.append(
                    Issue(
                        "linkedin_media_missing",
                        gettext("The image %(name)s has no content to send.") % values,
                    )
                )
            if media.width and media.height and media.width * media.height >= images.MAX_PIXELS:
                issues.append(
                    Issue(
                        "linkedin_image_pixels",
                        gettext("%(name)s has too many pixels for LinkedIn (36 million at most).")
                        % values,
                    )
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(str(state["platform_id"]))
        author = self.author(account)
        body: dict[str, Any] = {
            "author": author,
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
        if draft.media:
            headers = self.headers(account)
            uploaded = state.each_once(
                "images",
                draft.media,
                lambda media: images.upload_image(self.http, self.api, headers, author, media),
            )
            body["content"] = images.image_content(uploaded, draft.media)
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
        connector_http.request(
            self.http,
            "DELETE",
            self.api(f"rest/posts/{quote(platform_id, safe='')}"),
            headers=self.headers(account),
        )

    @staticmethod
    def _published(urn: str) -> Published:
        return Published(platform_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")
