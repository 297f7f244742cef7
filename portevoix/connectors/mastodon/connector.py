"""Mastodon (any instance of the fediverse that speaks Mastodon's client API).

Every instance is its own OAuth server: the app registers itself on each instance
(`register_app`, POST /api/v1/apps), then the generic OAuth flow runs against that instance's
/oauth/authorize and /oauth/token with PKCE (S256, supported since Mastodon 4.3; older instances
ignore the challenge). Tokens do not expire unless revoked.

Publishing is resumable: uploaded media ids are checkpointed one by one, and the status is
posted with `Idempotency-Key` = the target's idempotency key, so Mastodon itself returns the
first status again when the same key is posted within an hour. Plain httpx rather than
Mastodon.py, so that every call goes through `connectors.http` (one error table for all).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any
from urllib.parse import quote

import httpx
from django.utils.translation import gettext_lazy as _

from portevoix.connectors import http
from portevoix.connectors.base import (
    Account,
    Capabilities,
    ConnectField,
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
    Page,
    Published,
    PublishState,
    RemotePost,
)
from portevoix.connectors.errors import AuthExpired, Rejected, Unavailable
from portevoix.connectors.mastodon.text import html_to_text, same_text

# Granular scopes (Mastodon 3.x+): only what Porte-voix uses. read:accounts for
# verify_credentials, read:statuses for lookup and metrics.
SCOPES = (
    "read:accounts",
    "read:statuses",
    "read:notifications",
    "read:search",
    "write:statuses",
    "write:media",
)
# docs.joinmastodon.org/entities/Instance (configuration): Mastodon's defaults.
DEFAULT_LIMITS = Limits(
    max_length=500,
    unit=CountUnit.MASTODON,
    media=MediaLimits(
        max_count=4,
        max_bytes=16 * 1024 * 1024,
        types=("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4"),
        max_video_bytes=99 * 1024 * 1024,
    ),
)
# The server keeps an Idempotency-Key for up to 1 hour (methods/statuses.md); a margin for clocks.
IDEMPOTENCY_WINDOW = dt.timedelta(minutes=50)
LIMITS_TTL = 24 * 3600.0
_limits_cache: dict[str, tuple[float, Limits]] = {}
_limits_lock = threading.Lock()


def parse_time(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def limits_from_instance(body: dict[str, Any]) -> Limits:
    """Limits from GET /api/v2/instance `configuration`, Mastodon's defaults where missing."""
    config = body.get("configuration") or {}
    statuses = config.get("statuses") or {}
    media = config.get("media_attachments") or {}
    default_media = DEFAULT_LIMITS.media
    return Limits(
        max_length=int(statuses.get("max_characters") or 500),
        unit=CountUnit.MASTODON,
        media=MediaLimits(
            max_count=int(statuses.get("max_media_attachments") or default_media.max_count),
            max_bytes=int(media.get("image_size_limit") or default_media.max_bytes),
            types=tuple(media.get("supported_mime_types") or default_media.types),
            max_video_bytes=int(media.get("video_size_limit") or default_media.max_video_bytes),
        ),
    )


class MastodonConnector(Connector):
    kind = "mastodon"
    label = _("Mastodon")
    capabilities = Capabilities(
        publish_text=True,
        images=4,
        video=True,
        threads=True,
        delete=True,
        read_mentions=True,
        reply=True,
        metrics=True,
        search=True,
    )
    auth = "oauth2"
    # The instance is asked before the OAuth redirect: each instance is its own server.
    connect_fields = (
        ConnectField(
            "instance",
            _("Instance address"),
            placeholder="https://mastodon.social",
            help_text=_("The address of the Mastodon server the account lives on."),
        ),
    )
    default_limits = DEFAULT_LIMITS

    # -- connecting ---------------------------------------------------------------------------
    @staticmethod
    def instance_url(value: str) -> str:
        value = value.strip().rstrip("/")
        if not value:
            raise Rejected(str(_("Enter the address of the Mastodon instance.")))
        if "://" not in value:
            value = f"https://{value}"
        return value

    def register_app(self, instance: str, redirect_uri: str) -> dict[str, str]:
        """POST /api/v1/apps on the instance: the client id and secret for its OAuth flow.
        The caller keeps them per instance (they never expire since Mastodon 4.3)."""
        base = self.instance_url(instance)
        body = http.request(
            self.http,
            "POST",
            f"{base}/api/v1/apps",
            json={
                "client_name": self.settings.get("client_name", "Porte-voix"),
                "redirect_uris": [redirect_uri],
                "scopes": " ".join(SCOPES),
                "website": self.settings.get("website", "https://github.com/porte-voix"),
            },
        ).json()
        return {"client_id": body["client_id"], "client_secret": body["client_secret"]}

    def oauth_config(self, instance: str = "") -> OAuthConfig:
        base = self.instance_url(instance or self.settings.get("instance", ""))
        return OAuthConfig(
            authorize_url=f"{base}/oauth/authorize",
            token_url=f"{base}/oauth/token",
            scopes=SCOPES,
            pkce=True,
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 (a method name)
        )

    def account_from_token(self, credentials: Credentials) -> Account:
        """`credentials.extra["instance"]` says which instance issued the token."""
        base = self.instance_url(str(credentials.extra.get("instance", "")))
        account = Account(kind=self.kind, base_url=base, credentials=credentials)
        me = self._get(account, "/api/v1/accounts/verify_credentials").json()
        domain = self._domain(base)
        return Account(
            kind=self.kind,
            handle=f"@{me['acct']}@{domain}" if "@" not in me["acct"] else f"@{me['acct']}",
            external_id=str(me["id"]),
            base_url=base,
            credentials=credentials,
        )

    def _domain(self, base: str) -> str:
        """The domain in handles: the instance's own (LOCAL_DOMAIN may differ from the host
        the API is served on, WEB_DOMAIN), from GET /api/v2/instance."""
        try:
            body = http.request(self.http, "GET", f"{base}/api/v2/instance").json()
            return str(body["domain"])
        except (Unavailable, Rejected, ValueError, KeyError, TypeError):
            return httpx.URL(base).host

    def check_health(self, account: Account) -> Health:
        try:
            self._get(account, "/api/v1/accounts/verify_credentials")
        except AuthExpired as exc:
            return Health(valid=False, scopes=account.credentials.scopes, message=exc.message)
        return Health(valid=True, scopes=account.credentials.scopes)

    # -- publishing ---------------------------------------------------------------------------
    def limits(self, account: Account) -> Limits:
        """From the instance (GET /api/v2/instance, public), cached a day per instance."""
        key = account.base_url
        now = time.monotonic()
        with _limits_lock:
            cached = _limits_cache.get(key)
        if cached and now - cached[0] < LIMITS_TTL:
            return cached[1]
        try:
            body = http.request(self.http, "GET", f"{account.base_url}/api/v2/instance").json()
            limits = limits_from_instance(body)
        except (Unavailable, Rejected, ValueError, KeyError, TypeError):
            # Older instances (< 4.0) have no v2 endpoint: keep the defaults, try again later.
            return cached[1] if cached else self.default_limits
        with _limits_lock:
            _limits_cache[key] = (now, limits)
        return limits

    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        media = limits.media
        if not draft.text.strip() and not draft.media:
            issues.append(Issue("empty", str(_("A Mastodon post needs text or media."))))
        if len(draft.media) > media.max_count:
            issues.append(
                Issue(
                    "too_many_media",
                    str(_("This instance takes at most %(n)d attachments per post."))
                    % {"n": media.max_count},
                )
            )
        for item in draft.media:
            if media.types and item.content_type not in media.types:
                issues.append(
                    Issue(
                        "media_type",
                        str(_("This instance does not accept %(type)s files (%(name)s)."))
                        % {"type": item.content_type, "name": item.filename},
                    )
                )
            cap = (
                media.max_video_bytes if item.content_type.startswith("video/") else media.max_bytes
            )
            if cap and item.size > cap:
                issues.append(
                    Issue(
                        "media_size",
                        str(_("%(name)s is larger than this instance's limit (%(mb).0f MB)."))
                        % {"name": item.filename, "mb": cap / 1024 / 1024},
                    )
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return Published(platform_id=state["platform_id"], url=state.get("url", ""))
        media_ids = self._upload_media(account, draft, state)
        body: dict[str, Any] = {
            "status": draft.text,
            "visibility": account.config.get("visibility", "public"),
        }
        if media_ids:
            body["media_ids"] = media_ids
        if draft.reply_to:
            body["in_reply_to_id"] = draft.reply_to
        if draft.extra.get("language"):
            body["language"] = draft.extra["language"]
        # What lookup needs to recognise this post if the answer is lost.
        # The first attempt's time: lookup reads the account's statuses back to it.
        state.checkpoint(
            sent_at=state.get("sent_at") or dt.datetime.now(dt.UTC).isoformat(),
            text=draft.text,
        )
        status = self._post_status(account, body, idempotency_key)
        state.checkpoint(platform_id=str(status["id"]), url=status.get("url") or "")
        return self._published(status)

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """The checkpointed id; else the account's statuses since the attempt, matched by text.

        Returning None (not found) is safe in both cases: within the hour Mastodon answers a
        repeat with the same Idempotency-Key with the first status; after it, every status the
        account posted since the attempt has been read and none is this one."""
        if state.get("platform_id"):
            return Published(platform_id=state["platform_id"], url=state.get("url", ""))
        sent_at = parse_time(state.get("sent_at"))
        text = state.get("text")
        if sent_at is None or text is None:
            return None  # the status request was never sent
        since = sent_at - dt.timedelta(minutes=2)
        params: dict[str, Any] = {"limit": 40}
        for _page in range(10):
            statuses = self._get(
                account, f"/api/v1/accounts/{account.external_id}/statuses", params=params
            ).json()
            for status in statuses:
                created = parse_time(status.get("created_at"))
                if created is not None and created < since:
                    return None
                if same_text(html_to_text(status.get("content", "")), text):
                    state.checkpoint(platform_id=str(status["id"]), url=status.get("url") or "")
                    return self._published(status)
            if len(statuses) < params["limit"]:
                return None
            params["max_id"] = statuses[-1]["id"]
        return None

    def reply(self, account: Account, platform_id: str, draft: Draft) -> Published:
        body: dict[str, Any] = {
            "status": draft.text,
            "in_reply_to_id": platform_id,
            "visibility": account.config.get("visibility", "public"),
        }
        return self._published(self._post_status(account, body, idempotency_key=""))

    def delete(self, account: Account, platform_id: str) -> None:
        try:
            self._call(account, "DELETE", f"/api/v1/statuses/{quote(platform_id)}")
        except Rejected as exc:
            if exc.status != 404:  # already gone: what delete wanted
                raise

    # -- reading ------------------------------------------------------------------------------
    def fetch_mentions(self, account: Account, cursor: str = "") -> Page:
        params: dict[str, Any] = {"types[]": "mention", "limit": 40}
        if cursor:
            params["min_id"] = cursor
        notifications = self._get(account, "/api/v1/notifications", params=params).json()
        items = [
            self._remote(n["status"])
            for n in notifications
            if n.get("type") == "mention" and n.get("status")
        ]
        newest = max((n["id"] for n in notifications), key=_id_order, default=cursor)
        return Page(items=tuple(items), cursor=newest)

    def search(self, account: Account, query: str, cursor: str = "") -> Page:
        """A hashtag reads the tag's timeline (complete, in order); anything else uses full-text
        search, which instances only offer when they run Elasticsearch."""
        query = query.strip()
        params: dict[str, Any] = {"limit": 40}
        if cursor:
            params["min_id"] = cursor
        if query.startswith("#") and " " not in query:
            path = f"/api/v1/timelines/tag/{quote(query[1:])}"
            statuses = self._get(account, path, params=params).json()
        else:
            params.update({"q": query, "type": "statuses", "resolve": "false"})
            statuses = self._get(account, "/api/v2/search", params=params).json()["statuses"]
        newest = max((s["id"] for s in statuses), key=_id_order, default=cursor)
        return Page(items=tuple(self._remote(s) for s in statuses), cursor=newest)

    def fetch_metrics(self, account: Account, platform_ids: list[str]) -> dict[str, dict[str, int]]:
        """GET /api/v1/statuses?id[]=… (Mastodon 4.3+), 40 at a time."""
        found: dict[str, dict[str, int]] = {}
        for start in range(0, len(platform_ids), 40):
            chunk = platform_ids[start : start + 40]
            statuses = self._get(
                account, "/api/v1/statuses", params=[("id[]", pid) for pid in chunk]
            ).json()
            for status in statuses:
                found[str(status["id"])] = _metrics(status)
        return found

    # -- helpers ------------------------------------------------------------------------------
    def _call(self, account: Account, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {
            "Authorization": f"Bearer {account.credentials.access_token}",
            **kwargs.pop("headers", {}),
        }
        return http.request(
            self.http, method, f"{account.base_url}{path}", headers=headers, **kwargs
        )

    def _get(self, account: Account, path: str, **kwargs: Any) -> httpx.Response:
        return self._call(account, "GET", path, **kwargs)

    def _post_status(
        self, account: Account, body: dict[str, Any], idempotency_key: str
    ) -> dict[str, Any]:
        headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
        status: dict[str, Any] = self._call(
            account, "POST", "/api/v1/statuses", json=body, headers=headers
        ).json()
        return status

    def _upload_media(self, account: Account, draft: Draft, state: PublishState) -> list[str]:
        """Upload what is not uploaded yet (ids checkpointed one by one), then wait until every
        attachment is processed: a status with an unprocessed attachment is refused (422)."""
        media_ids = state.each_once(
            "media_ids", draft.media, lambda item: self._upload(account, item)
        )
        for media_id in media_ids:
            self._wait_processed(account, media_id)
        return media_ids

    def _upload(self, account: Account, item: Media) -> str:
        if item.data is None:
            raise Rejected(f"{item.filename}: no file to upload")
        data: dict[str, str] = {"description": item.alt_text} if item.alt_text else {}
        response = self._call(
            account,
            "POST",
            "/api/v2/media",
            files={"file": (item.filename, item.data(), item.content_type)},
            data=data,
        )
        return str(response.json()["id"])

    def _wait_processed(self, account: Account, media_id: str) -> None:
        interval = float(self.settings.get("media_poll_interval", 1.0))
        deadline = time.monotonic() + float(self.settings.get("media_poll_timeout", 60.0))
        while True:
            # 206 Partial Content while processing, 200 with a url once done (methods/media.md).
            response = self._get(account, f"/api/v1/media/{quote(media_id)}")
            if response.status_code == 200 and response.json().get("url"):
                return
            if time.monotonic() >= deadline:
                # The ids are checkpointed: the next attempt waits again, uploads nothing.
                raise Unavailable(f"media {media_id} is still being processed")
            time.sleep(interval)

    def _published(self, status: dict[str, Any]) -> Published:
        return Published(
            platform_id=str(status["id"]),
            url=status.get("url") or status.get("uri") or "",
            published_at=parse_time(status.get("created_at")),
        )

    def _remote(self, status: dict[str, Any]) -> RemotePost:
        author = status.get("account") or {}
        return RemotePost(
            platform_id=str(status["id"]),
            url=status.get("url") or status.get("uri") or "",
            text=html_to_text(status.get("content", "")),
            author_handle=f"@{author.get('acct', '')}",
            author_name=author.get("display_name", ""),
            author_followers=author.get("followers_count"),
            created_at=parse_time(status.get("created_at")),
            lang=status.get("language") or "",
            reply_to=status.get("in_reply_to_id") or "",
            metrics=_metrics(status),
            raw=status,
        )


def _metrics(status: dict[str, Any]) -> dict[str, int]:
    return {
        "replies": int(status.get("replies_count") or 0),
        "reposts": int(status.get("reblogs_count") or 0),
        "likes": int(status.get("favourites_count") or 0),
    }


def _id_order(value: str) -> tuple[int, str]:
    # Mastodon ids are numeric strings (snowflakes); compare them as numbers.
    return (len(value), value)
