"""A generic outgoing webhook, signed the Standard Webhooks way (standardwebhooks.com).

Each post is one POST of a JSON event to the URL the user typed:

    {"type": "post.published", "timestamp": "<ISO 8601, UTC>",
     "data": {"target_id", "text", "title", "link", "reply_to", "account",
              "media": [{"url", "content_type", "filename", "alt_text"}], …draft.extra}}

with the headers `webhook-id` (the idempotency key, the same on every retry, so receivers
de-duplicate), `webhook-timestamp` (this attempt, epoch seconds) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` with the `whsec_…` secret), made by the
`standardwebhooks` library. The body is built once and checkpointed, so a retry sends the very
bytes of the first attempt.

Answers: 2xx is published (the body's `id`, if JSON has one, else the webhook id); 401/403 and
410 Gone (the receiver unsubscribed) need a reconnect; 429 waits; other 4xx are refused; 5xx and
unreachable receivers are retried. A redirect is refused: a POST silently turned into a GET
elsewhere must not count as delivered. The URL is user-supplied, so the client from
`lib.http.make_client()` refuses private and reserved addresses (SSRF) → Rejected.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from typing import Any

import httpx
from django.utils.translation import gettext_lazy as _
from standardwebhooks import Webhook

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
    Limits,
    MediaLimits,
    Published,
    PublishState,
)
from portevoix.connectors.errors import Rejected

EVENT_TYPE = "post.published"
# Standard Webhooks: secrets are 24 to 64 random bytes, base64-encoded, prefixed "whsec_".
MIN_SECRET_BYTES = 24


def decode_secret(secret: str) -> bytes:
    raw = secret.strip().removeprefix("whsec_")
    try:
        key = base64.b64decode(raw + "=" * (-len(raw) % 4), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) < MIN_SECRET_BYTES:
        raise Rejected(str(_("The secret must be whsec_ followed by at least 24 bytes in base64.")))
    return key


def event_body(account: Account, draft: Draft, idempotency_key: str) -> str:
    data: dict[str, Any] = {
        **{k: v for k, v in draft.extra.items() if _is_json(v)},
        "target_id": idempotency_key,
        "account": account.handle,
        "text": draft.text,
        "title": draft.title,
        "link": draft.link,
        "reply_to": draft.reply_to,
        "media": [
            {
                "url": item.public_url,
                "content_type": item.content_type,
                "filename": item.filename,
                "alt_text": item.alt_text,
            }
            for item in draft.media
        ],
    }
    event = {
        "type": EVENT_TYPE,
        "timestamp": dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z"),
        "data": data,
    }
    return json.dumps(event, ensure_ascii=False, separators=(",", ":"))


def _is_json(value: Any) -> bool:
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return False
    return True


def sign(secret: str, msg_id: str, body: str, when: dt.datetime) -> dict[str, str]:
    """The three Standard Webhooks headers for one delivery attempt."""
    signature = Webhook(decode_secret(secret)).sign(msg_id, when, body)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
    }


class WebhookConnector(Connector):
    kind = "webhook"
    label = _("Webhook (signed, Standard Webhooks)")
    capabilities = Capabilities(publish_text=True, images=10, video=True)
    auth = "fields"
    connect_fields = (
        ConnectField(
            "url",
            _("Receiver URL"),
            placeholder="https://hooks.example.com/porte-voix",
            help_text=_("Each published post is sent there as a signed JSON event."),
        ),
        ConnectField(
            "secret",
            _("Signing secret"),
            secret=True,
            placeholder="whsec_…",
            help_text=_(
                "The receiver's Standard Webhooks secret (whsec_ and base64). It checks the "
                "webhook-signature header with it."
            ),
        ),
    )
    # The receiver takes what it takes: no length; media go as public URLs it can fetch.
    default_limits = Limits(
        max_length=None,
        unit=CountUnit.NONE,
        media=MediaLimits(max_count=10, needs_public_url=True),
    )

    def connect(self, fields: dict[str, str]) -> Account:
        url = fields.get("url", "").strip()
        parsed = httpx.URL(url) if url else None
        allowed = ("https", "http") if self.settings.get("allow_http") else ("https",)
        if parsed is None or parsed.scheme not in allowed or not parsed.host:
            raise Rejected(str(_("Enter the receiver's https:// address.")))
        secret = fields.get("secret", "").strip()
        decode_secret(secret)
        return Account(
            kind=self.kind,
            # Shown in the app: no query string, which may carry the receiver's own token.
            handle=f"{parsed.host}{parsed.path}",
            external_id=hashlib.sha256(url.encode()).hexdigest()[:32],
            base_url=url,
            credentials=Credentials(access_token=secret),
        )

    def check_health(self, account: Account) -> Health:
        # Standard Webhooks has no "ping" event: nothing is sent until there is a post.
        return Health(valid=True, message=str(_("Deliveries are checked when a post is sent.")))

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return Published(platform_id=state["platform_id"], url=state.get("url", ""))
        body = state.get("body") or event_body(account, draft, idempotency_key)
        state.checkpoint(body=body)
        headers = sign(
            account.credentials.access_token, idempotency_key, body, dt.datetime.now(dt.UTC)
        )
        headers["Content-Type"] = "application/json"
        response = http.request(
            self.http,
            "POST",
            account.base_url,
            content=body.encode(),
            headers=headers,
            raise_options={"auth_statuses": frozenset({401, 403, 410})},
        )
        if response.history or not 200 <= response.status_code < 300:
            raise Rejected(
                str(_("The receiver answered %(status)s instead of 2xx (a redirect?)."))
                % {"status": (response.history or [response])[0].status_code},
                status=response.status_code,
            )
        platform_id, url = idempotency_key, ""
        try:
            answer = response.json()
        except ValueError:
            answer = None
        if isinstance(answer, dict):
            platform_id = str(answer.get("id") or platform_id)
            url = str(answer.get("url") or "")
        state.checkpoint(platform_id=platform_id, url=url)
        return Published(platform_id=platform_id, url=url, published_at=dt.datetime.now(dt.UTC))

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """A receiver cannot be asked. None ("send it again") is safe here by design: the
        retry carries the same webhook-id and body, which Standard Webhooks receivers must
        de-duplicate on."""
        if state.get("platform_id"):
            return Published(platform_id=state["platform_id"], url=state.get("url", ""))
        return None
