"""A Discord channel, through one of its webhooks (Server settings → Integrations → Webhooks).

A webhook needs no bot and no OAuth: its URL carries the token, so the URL is the secret. Posts
are sent with `?wait=true` so that Discord answers with the message (its id) instead of 204;
files travel as multipart `files[n]` beside a `payload_json` part. Mentions are off
(`allowed_mentions.parse = []`): a brand's post never pings @everyone by accident.

Discord has no idempotency key for webhooks and a webhook cannot list its channel's messages,
so, as for Telegram, an answer that is lost stays unknown (`lookup` raises OutcomeUnknown) and
a person checks the channel; a checkpointed id is confirmed with GET …/messages/{id}.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
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
    Draft,
    Health,
    Issue,
    Limits,
    MediaLimits,
    Published,
    PublishState,
)
from portevoix.connectors.errors import (
    AuthExpired,
    OutcomeUnknown,
    QuotaExceeded,
    RateLimited,
    Rejected,
)

WEBHOOK_URL = re.compile(
    r"^https://(?P<host>(?:canary\.|ptb\.)?discord(?:app)?\.com)/api/(?:v\d+/)?webhooks/"
    r"(?P<id>\d+)/(?P<token>[\w-]+)/?$"
)
API_BASE = "https://discord.com/api/v10"
# resources/webhook, Execute Webhook: content up to 2,000 characters, up to 10 embeds;
# reference, Uploading Files: up to 10 files, 10 MiB each by default.
LIMITS = Limits(
    max_length=2000,
    unit=CountUnit.CHARACTERS,
    media=MediaLimits(
        max_count=10,
        max_bytes=10 * 1024 * 1024,
        types=("image/jpeg", "image/png", "image/gif", "image/webp", "video/mp4", "video/webm"),
        max_video_bytes=10 * 1024 * 1024,
    ),
)
UNKNOWN_WEBHOOK = 10015
UNKNOWN_MESSAGE = 10008


def discord_code(response: httpx.Response) -> int | None:
    try:
        code = response.json().get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, int) else None


def discord_errors(response: httpx.Response) -> QuotaExceeded | None:
    """A deleted webhook answers 404 Unknown Webhook: reconnecting is the only way on. A 429
    says how long to wait in its body, in seconds with decimals."""
    if response.status_code == 404 and discord_code(response) == UNKNOWN_WEBHOOK:
        raise AuthExpired(http.platform_message(response), status=404)
    if response.status_code == 429:
        wait = http.retry_after_seconds(response)
        with contextlib.suppress(ValueError, TypeError, KeyError):  # no body wait: the header's
            wait = float(response.json()["retry_after"])
        raise RateLimited(http.platform_message(response), retry_after=wait, status=429)
    return None


def discord_message(response: httpx.Response) -> str:
    """50035 Invalid Form Body: the first field error says what is wrong."""
    try:
        body = response.json()
    except ValueError:
        return http.platform_message(response)

    def first(errors: Any) -> str:
        if isinstance(errors, dict):
            for key, value in errors.items():
                if key == "_errors" and isinstance(value, list) and value:
                    return str(value[0].get("message", ""))
                found = first(value)
                if found:
                    return found
        return ""

    if isinstance(body, dict):
        return first(body.get("errors")) or http.platform_message(response)
    return http.platform_message(response)


class DiscordConnector(Connector):
    kind = "discord"
    label = _("Discord channel (webhook)")
    capabilities = Capabilities(publish_text=True, images=10, video=True, delete=True)
    auth = "fields"
    connect_fields = (
        ConnectField(
            "webhook_url",
            _("Webhook URL"),
            secret=True,
            help_text=_(
                "In Discord: Server settings → Integrations → Webhooks → Copy Webhook URL. "
                "Anyone with this address can post in the channel."
            ),
            placeholder="https://discord.com/api/webhooks/…",
        ),
    )
    default_limits = LIMITS

    # -- connecting ---------------------------------------------------------------------------
    def connect(self, fields: dict[str, str]) -> Account:
        match = WEBHOOK_URL.match(fields.get("webhook_url", "").strip())
        if match is None:
            raise Rejected(str(_("This is not a Discord webhook URL.")))
        account = Account(
            kind=self.kind,
            base_url=f"{self.settings.get('api_base', API_BASE)}/webhooks/{match['id']}",
        )
        account.credentials.access_token = match["token"]
        webhook = self._call(account, "GET", "").json()
        return Account(
            kind=self.kind,
            handle=str(webhook.get("name") or match["id"]),
            external_id=str(webhook["id"]),
            base_url=account.base_url,
            config={"guild_id": webhook.get("guild_id"), "channel_id": webhook.get("channel_id")},
            credentials=account.credentials,
        )

    def check_health(self, account: Account) -> Health:
        try:
            self._call(account, "GET", "")
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        return Health(valid=True)

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        if not draft.text.strip() and not draft.media:
            issues.append(Issue("empty", str(_("A Discord message needs text or a file."))))
        if len(draft.media) > limits.media.max_count:
            issues.append(
                Issue(
                    "too_many_media",
                    str(_("A Discord message takes at most %(n)d files."))
                    % {"n": limits.media.max_count},
                )
            )
        for item in draft.media:
            if limits.media.max_bytes and item.size > limits.media.max_bytes:
                issues.append(
                    Issue(
                        "media_size",
                        str(_("%(name)s is larger than Discord's %(mb)d MB upload limit."))
                        % {"name": item.filename, "mb": limits.media.max_bytes // (1024 * 1024)},
                    )
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(account, {"id": state["platform_id"]})
        payload: dict[str, Any] = {"content": draft.text, "allowed_mentions": {"parse": []}}
        kwargs: dict[str, Any] = {"json": payload}
        if draft.media:
            files: dict[str, tuple[str, bytes, str]] = {}
            payload["attachments"] = []
            for n, item in enumerate(draft.media):
                if item.data is None:
                    raise Rejected(f"{item.filename}: no file to upload")
                attachment: dict[str, Any] = {"id": n, "filename": item.filename}
                if item.alt_text:
                    attachment["description"] = item.alt_text[:1024]
                payload["attachments"].append(attachment)
                files[f"files[{n}]"] = (item.filename, item.data(), item.content_type)
            kwargs = {"data": {"payload_json": json.dumps(payload)}, "files": files}
        state.checkpoint(sent_at=dt.datetime.now(dt.UTC).isoformat())
        message = self._call(account, "POST", "", params={"wait": "true"}, **kwargs).json()
        published = self._published(account, message)
        state.checkpoint(platform_id=published.platform_id)
        return published

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        message_id = state.get("platform_id")
        if message_id:
            try:
                message = self._call(account, "GET", f"/messages/{quote(message_id)}").json()
            except Rejected as exc:
                if exc.status != 404:
                    raise
                # Posted, then deleted from the channel by someone: published all the same.
                message = {"id": message_id}
            return self._published(account, message)
        if not state.get("sent_at"):
            return None  # nothing was sent
        raise OutcomeUnknown(
            str(
                _(
                    "Discord gave no answer and a webhook cannot read its channel: check the "
                    "channel to see whether the post is there before publishing it again."
                )
            )
        )

    def delete(self, account: Account, platform_id: str) -> None:
        try:
            self._call(account, "DELETE", f"/messages/{quote(platform_id)}")
        except Rejected as exc:
            if exc.status != 404:  # Unknown Message: already gone
                raise

    # -- helpers ------------------------------------------------------------------------------
    def _call(self, account: Account, method: str, path: str, **kwargs: Any) -> httpx.Response:
        url = f"{account.base_url}/{account.credentials.access_token}{path}"
        return http.request(
            self.http,
            method,
            url,
            raise_options={"quota": discord_errors, "message": discord_message},
            **kwargs,
        )

    def _published(self, account: Account, message: dict[str, Any]) -> Published:
        guild, channel = account.config.get("guild_id"), account.config.get("channel_id")
        message_id = str(message["id"])
        url = f"https://discord.com/channels/{guild}/{channel}/{message_id}" if channel else ""
        timestamp = message.get("timestamp")
        return Published(
            platform_id=message_id,
            url=url,
            published_at=dt.datetime.fromisoformat(timestamp) if timestamp else None,
        )
