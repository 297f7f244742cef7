"""X, through the X API v2 (docs.x.com/x-api).

OAuth 2.0 with PKCE; the access token lasts 2 hours and the refresh token rotates on every use
(`offline.access`), so `refresh_credentials` returns the new pair. Media go up first through the
v2 media endpoints — one call for an image, initialize/append/finalize and status polling for a
video — and each media id is checkpointed; then `POST /2/tweets`.

X has no idempotency key. After an unknown outcome, `lookup` reads the account's latest posts
and compares their text with what was sent, URLs set aside (X rewrites them to t.co links and
appends a link per media). Two identical texts would look alike, but X itself refuses a
duplicate of a recent post, so a match is the post we made.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
import time
from typing import Any

import httpx
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
    Issue,
    Limits,
    Media,
    MediaLimits,
    OAuthConfig,
    Published,
    PublishState,
)
from portevoix.connectors.errors import AuthExpired, QuotaExceeded, Rejected, Unavailable

IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp")
GIF = "image/gif"
VIDEO_TYPES = ("video/mp4", "video/quicktime")
CHUNK = 4 * 1024 * 1024  # append segments of 4 MB (each must be ≤ 5 MB)
URL = re.compile(r"https?://\S+")


def quota_error(response: httpx.Response) -> QuotaExceeded | None:
    """X's caps: 402 when the app's credits or plan are spent, 429 with a usage-capped problem
    or an exhausted 24-hour post limit (`x-user-limit-24hour-remaining: 0`)."""
    message = connector_http.platform_message(response)
    if response.status_code == 402:
        return QuotaExceeded(message, status=402)
    if response.status_code != 429:
        return None
    for scope in ("user", "app"):
        if response.headers.get(f"x-{scope}-limit-24hour-remaining") == "0":
            reset = response.headers.get(f"x-{scope}-limit-24hour-reset", "")
            reset_at = dt.datetime.fromtimestamp(int(reset), dt.UTC) if reset.isdigit() else None
            return QuotaExceeded(message, reset_at=reset_at, status=429)
    try:
        body = response.json()
    except ValueError:
        return None
    if isinstance(body, dict) and "usage-capped" in str(body.get("type", "")):
        return QuotaExceeded(message, status=429)
    return None


API_ERRORS: dict[str, Any] = {"quota": quota_error}
# A refused refresh token is a 400 (invalid_request / invalid_grant) at the token endpoint.
TOKEN_ERRORS: dict[str, Any] = {"auth_statuses": frozenset({400, 401})}


class XConnector(Connector):
    kind = "x"
    label = _("X (Twitter)")
    auth = "oauth2"
    capabilities = Capabilities(publish_text=True, images=4, video=True, threads=True, delete=True)
    # docs.x.com "Counting characters" (280, weighted) and media "Best practices": 4 images of
    # 5 MB, or 1 GIF of 15 MB, or 1 video of 512 MB.
    default_limits = Limits(
        max_length=280,
        unit=CountUnit.X_WEIGHTED,
        media=MediaLimits(
            max_count=4,
            max_bytes=5 * 1024 * 1024,
            types=(*IMAGE_TYPES, GIF, *VIDEO_TYPES),
            max_video_bytes=512 * 1024 * 1024,
        ),
    )
    SCOPES = ("tweet.read", "tweet.write", "users.read", "media.write", "offline.access")

    @property
    def base(self) -> str:
        return str(self.settings.get("api_base") or "https://api.x.com").rstrip("/")

    def api(self, path: str) -> str:
        return f"{self.base}/2/{path.lstrip('/')}"

    def call(self, account: Account, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        headers = {"Authorization": f"Bearer {account.credentials.access_token}"}
        response = connector_http.request(
            self.http, method, self.api(path), headers=headers, raise_options=API_ERRORS, **kwargs
        )
        body: dict[str, Any] = response.json() if response.content else {}
        return body

    # -- connecting ---------------------------------------------------------------------------
    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url=self.settings.get("authorize_url") or "https://x.com/i/oauth2/authorize",
            token_url=self.settings.get("token_url") or f"{self.base}/2/oauth2/token",
            scopes=self.SCOPES,
            pkce=True,
        )

    def account_from_token(self, credentials: Credentials) -> Account:
        account = Account(kind=self.kind, credentials=credentials)
        user = self.call(account, "GET", "users/me")["data"]
        return Account(
            kind=self.kind,
            handle=str(user["username"]),
            external_id=str(user["id"]),
            config={"name": user.get("name", "")},
            credentials=credentials,
        )

    def refresh_credentials(self, account: Account) -> Credentials:
        client_id = str(self.settings.get("client_id", ""))
        secret = str(self.settings.get("client_secret", ""))
        # Confidential clients authenticate with HTTP basic; public ones send client_id only.
        headers = {}
        if secret:
            pair = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
            headers["Authorization"] = f"Basic {pair}"
        response = connector_http.request(
            self.http,
            "POST",
            self.oauth_config().token_url,
            headers=headers,
            data={
                "grant_type": "refresh_token",
                "refresh_token": account.credentials.refresh_token,
                "client_id": client_id,
            },
            raise_options=TOKEN_ERRORS,
        )
        answer = response.json()
        return Credentials(
            access_token=answer["access_token"],
            refresh_token=answer.get("refresh_token") or account.credentials.refresh_token,
            expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(seconds=int(answer["expires_in"])),
            scopes=tuple(str(answer.get("scope", "")).split()) or account.credentials.scopes,
            extra=dict(account.credentials.extra),
        )

    def check_health(self, account: Account) -> Health:
        try:
            self.call(account, "GET", "users/me")
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        return Health(
            valid=True, expires_at=account.credentials.expires_at, scopes=account.credentials.scopes
        )

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        images = [m for m in draft.media if m.content_type in IMAGE_TYPES]
        others = [m for m in draft.media if m.content_type not in IMAGE_TYPES]
        if others and len(draft.media) > 1:
            issues.append(
                Issue(
                    "x_media_mix",
                    gettext("X takes up to 4 images, or a single GIF, or a single video."),
                )
            )
        if len(images) > 4:
            issues.append(Issue("x_media_count", gettext("X takes at most 4 images.")))
        for media in draft.media:
            if media.content_type not in (*IMAGE_TYPES, GIF, *VIDEO_TYPES):
                issues.append(
                    Issue(
                        "x_media_type",
                        gettext("X does not take this kind of file (%(name)s).")
                        % {"name": media.filename},
                    )
                )
            cap = {GIF: 15 * 1024 * 1024}.get(media.content_type, limits.media.max_bytes)
            if media.content_type in VIDEO_TYPES:
                cap = limits.media.max_video_bytes
            if cap and media.size > cap:
                issues.append(
                    Issue(
                        "x_media_size",
                        gettext("%(name)s is too large for X (at most %(mb)d MB).")
                        % {"name": media.filename, "mb": cap // (1024 * 1024)},
                    )
                )
            if len(media.alt_text) > 1000:
                issues.append(
                    Issue("x_alt_text", gettext("X's image descriptions hold 1,000 characters."))
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        media_ids = state.each_once(
            "media_ids", draft.media, lambda media: self._upload(account, media)
        )
        body: dict[str, Any] = {"text": draft.text}
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        if draft.reply_to:
            body["reply"] = {"in_reply_to_tweet_id": draft.reply_to}
        state.checkpoint(sent_text=draft.text, sent_at=dt.datetime.now(dt.UTC).isoformat())
        answer = self.call(account, "POST", "tweets", json=body)
        if "data" not in answer:
            raise Rejected(connector_http.platform_message(httpx.Response(400, json=answer)))
        post_id = str(answer["data"]["id"])
        state.checkpoint(platform_id=post_id)
        return self._published(account, post_id)

    def _upload(self, account: Account, media: Media) -> str:
        if media.data is None:
            raise Rejected(gettext("The file %(name)s has no content.") % {"name": media.filename})
        content = media.data()
        if media.content_type in IMAGE_TYPES:
            answer = self.call(
                account,
                "POST",
                "media/upload",
                json={
                    "media": base64.b64encode(content).decode(),
                    "media_category": "tweet_image",
                    "media_type": media.content_type,
                },
            )
            media_id = str(answer["data"]["id"])
        else:
            media_id = self._upload_chunked(account, media, content)
        if media.alt_text:
            self.call(
                account,
                "POST",
                "media/metadata",
                json={"id": media_id, "metadata": {"alt_text": {"text": media.alt_text}}},
            )
        return media_id

    def _upload_chunked(self, account: Account, media: Media, content: bytes) -> str:
        category = "tweet_gif" if media.content_type == GIF else "tweet_video"
        init = self.call(
            account,
            "POST",
            "media/upload/initialize",
            json={
                "media_type": media.content_type,
                "total_bytes": len(content),
                "media_category": category,
            },
        )
        media_id = str(init["data"]["id"])
        for index, start in enumerate(range(0, len(content), CHUNK)):
            self.call(
                account,
                "POST",
                f"media/upload/{media_id}/append",
                data={"segment_index": str(index)},
                files={
                    "media": (media.filename, content[start : start + CHUNK], media.content_type)
                },
            )
        info = self.call(account, "POST", f"media/upload/{media_id}/finalize")["data"]
        attempts = int(self.settings.get("poll_attempts", 30))
        for _attempt in range(attempts):
            processing = info.get("processing_info")
            if not processing or processing.get("state") == "succeeded":
                return media_id
            if processing.get("state") == "failed":
                error = processing.get("error", {})
                raise Rejected(
                    str(error.get("message") or gettext("X could not process the video."))
                )
            time.sleep(
                float(self.settings.get("poll_interval", processing.get("check_after_secs", 1)))
            )
            info = self.call(
                account, "GET", "media/upload", params={"command": "STATUS", "media_id": media_id}
            )["data"]
        raise Unavailable(gettext("X is still processing the video."))

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        if "sent_text" not in state:
            return None  # the create call was never made
        params = {"max_results": "10", "tweet.fields": "created_at,text"}
        if state.get("sent_at"):
            sent_at = dt.datetime.fromisoformat(str(state["sent_at"])) - dt.timedelta(minutes=1)
            params["start_time"] = sent_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        answer = self.call(account, "GET", f"users/{account.external_id}/tweets", params=params)
        wanted = comparable(str(state["sent_text"]))
        for post in answer.get("data", []):
            if comparable(post.get("text", "")) == wanted:
                state.checkpoint(platform_id=str(post["id"]))
                return self._published(account, str(post["id"]))
        return None

    def delete(self, account: Account, platform_id: str) -> None:
        self.call(account, "DELETE", f"tweets/{platform_id}")

    @staticmethod
    def _published(account: Account, post_id: str) -> Published:
        handle = account.handle or "i"
        return Published(platform_id=post_id, url=f"https://x.com/{handle}/status/{post_id}")


def comparable(text: str) -> str:
    """A post's text with its URLs set aside and spaces collapsed (X shortens every URL to a
    t.co link and appends one per media, and escapes &, < and >), to compare what we sent with
    what X shows."""
    return " ".join(URL.sub(" ", html.unescape(text)).split())
