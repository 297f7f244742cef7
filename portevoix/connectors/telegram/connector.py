"""A Telegram channel, posted to by a bot that is one of its administrators (Bot API).

Text goes out as plain text (no `parse_mode`), so a user's `*` or `<` is never read as markup.
One image is a `sendPhoto`, one video a `sendVideo`, several a `sendMediaGroup` (2 to 10, the
text as the first item's caption); the files travel in the same multipart request.

The Bot API has no idempotency key and a bot cannot read back a channel's history, so an answer
that is lost cannot be looked up: `lookup` returns the checkpointed message id when there is
one, None when the send request never left, and otherwise raises `OutcomeUnknown` again — the
scheduler then asks a person to check the channel rather than risk posting twice.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from typing import Any

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

API_BASE = "https://api.telegram.org"
# core.telegram.org/bots/api: sendMessage text 1-4096 characters, captions 0-1024 (both in
# UTF-16 code units, the unit of MessageEntity offsets); sendMediaGroup 2-10 items; uploads
# of photos up to 10 MB, other files up to 50 MB.
LIMITS = Limits(
    max_length=4096,
    unit=CountUnit.UTF16,
    caption_max_length=1024,
    media=MediaLimits(
        max_count=10,
        max_bytes=10 * 1024 * 1024,
        types=("image/jpeg", "image/png", "image/webp", "video/mp4"),
        max_video_bytes=50 * 1024 * 1024,
    ),
)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def telegram_errors(response: httpx.Response) -> QuotaExceeded | None:
    """429 carries its wait in the body (`parameters.retry_after`), not always in a header."""
    if response.status_code == 429:
        wait = http.retry_after_seconds(response)
        # No documented wait in the body: the header's, if any.
        with contextlib.suppress(ValueError, TypeError, AttributeError, KeyError):
            wait = float((response.json().get("parameters") or {})["retry_after"])
        raise RateLimited(http.platform_message(response), retry_after=wait, status=429)
    return None


class TelegramConnector(Connector):
    kind = "telegram"
    label = _("Telegram channel")
    capabilities = Capabilities(publish_text=True, images=10, video=True, delete=True)
    auth = "fields"
    connect_fields = (
        ConnectField(
            "bot_token",
            _("Bot token"),
            secret=True,
            help_text=_(
                "From @BotFather. Add the bot to the channel as an administrator allowed to "
                "post messages."
            ),
            placeholder="7012345678:AAF…",
        ),
        ConnectField(
            "chat_id",
            _("Channel"),
            help_text=_("@name of a public channel, or the numeric id (-100…) of a private one."),
            placeholder="@cafelumiere",
        ),
    )
    default_limits = LIMITS

    # -- connecting ---------------------------------------------------------------------------
    def connect(self, fields: dict[str, str]) -> Account:
        token = fields.get("bot_token", "").strip()
        chat_id = fields.get("chat_id", "").strip()
        if not token or not chat_id:
            raise Rejected(str(_("Enter the bot token and the channel.")))
        if not chat_id.startswith("@") and not chat_id.lstrip("-").isdigit():
            chat_id = f"@{chat_id}"
        probe = Account(kind=self.kind, config={"chat_id": chat_id})
        probe.credentials.access_token = token
        bot = self._call(probe, "getMe")
        chat = self._call(probe, "getChat", {"chat_id": chat_id})
        self._check_rights(probe, int(bot["id"]))
        username = chat.get("username") or ""
        return Account(
            kind=self.kind,
            handle=f"@{username}" if username else str(chat.get("title") or chat["id"]),
            external_id=str(chat["id"]),
            config={"chat_id": str(chat["id"]), "username": username, "bot_id": bot["id"]},
            credentials=probe.credentials,
        )

    def check_health(self, account: Account) -> Health:
        try:
            bot = self._call(account, "getMe")
            self._check_rights(account, int(bot["id"]))
        except (AuthExpired, Rejected) as exc:
            return Health(valid=False, message=exc.message)
        return Health(valid=True)

    def _check_rights(self, account: Account, bot_id: int) -> None:
        member = self._call(
            account, "getChatMember", {"chat_id": account.config["chat_id"], "user_id": bot_id}
        )
        if member.get("status") == "creator":
            return
        if member.get("status") != "administrator" or member.get("can_post_messages") is False:
            raise AuthExpired(
                str(_("The bot is not an administrator allowed to post in this channel."))
            )

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        caption_max = limits.caption_max_length or 1024
        if draft.media and utf16_length(draft.text) > caption_max:
            issues.append(
                Issue(
                    "caption_too_long",
                    str(
                        _(
                            "With media, Telegram keeps at most %(max)d characters of text "
                            "(this one has %(n)d)."
                        )
                    )
                    % {"max": caption_max, "n": utf16_length(draft.text)},
                    start=len(draft.text[:caption_max]),
                    end=len(draft.text),
                )
            )
        if len(draft.media) > limits.media.max_count:
            issues.append(
                Issue(
                    "too_many_media",
                    str(_("A Telegram post takes at most %(n)d photos or videos."))
                    % {"n": limits.media.max_count},
                )
            )
        for item in draft.media:
            if item.content_type not in limits.media.types:
                issues.append(
                    Issue(
                        "media_type",
                        str(_("Telegram does not take %(type)s files here (%(name)s)."))
                        % {"type": item.content_type, "name": item.filename},
                    )
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(account, state["message_ids"])
        chat_id = account.config["chat_id"]
        state.checkpoint(sent_at=dt.datetime.now(dt.UTC).isoformat())
        if not draft.media:
            fields: dict[str, Any] = {"chat_id": chat_id, "text": draft.text}
            if draft.reply_to:
                fields["reply_parameters"] = {"message_id": int(draft.reply_to)}
            messages = [self._call(account, "sendMessage", fields)]
        elif len(draft.media) == 1:
            item = draft.media[0]
            method, field = (
                ("sendVideo", "video")
                if item.content_type.startswith("video/")
                else ("sendPhoto", "photo")
            )
            messages = [
                self._call(
                    account,
                    method,
                    {"chat_id": chat_id, "caption": draft.text},
                    files={field: (item.filename, self._bytes(item), item.content_type)},
                )
            ]
        else:
            media, files = [], {}
            for n, item in enumerate(draft.media):
                entry: dict[str, Any] = {
                    "type": "video" if item.content_type.startswith("video/") else "photo",
                    "media": f"attach://file{n}",
                }
                if n == 0 and draft.text:
                    entry["caption"] = draft.text
                media.append(entry)
                files[f"file{n}"] = (item.filename, self._bytes(item), item.content_type)
            messages = list(
                self._call(
                    account,
                    "sendMediaGroup",
                    {"chat_id": chat_id, "media": json.dumps(media)},
                    files=files,
                )
            )
        ids = [int(m["message_id"]) for m in messages]
        published = self._published(account, ids, messages[0].get("date"))
        state.checkpoint(platform_id=published.platform_id, message_ids=ids)
        return published

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        if state.get("platform_id"):
            return self._published(account, state["message_ids"])
        if not state.get("sent_at"):
            return None  # nothing was sent
        raise OutcomeUnknown(
            str(
                _(
                    "Telegram gave no answer and cannot be searched: check the channel to see "
                    "whether the post is there before publishing it again."
                )
            )
        )

    def delete(self, account: Account, platform_id: str) -> None:
        """`platform_id` lists every message of the post (an album is one message per item)."""
        ids = [int(part) for part in platform_id.split(",") if part]
        self._call(
            account,
            "deleteMessages",
            {"chat_id": account.config["chat_id"], "message_ids": json.dumps(ids)},
        )

    # -- helpers ------------------------------------------------------------------------------
    def _call(
        self,
        account: Account,
        method: str,
        fields: dict[str, Any] | None = None,
        files: dict[str, Any] | None = None,
    ) -> Any:
        base = self.settings.get("api_base", API_BASE).rstrip("/")
        url = f"{base}/bot{account.credentials.access_token}/{method}"
        kwargs: dict[str, Any] = (
            {"files": files, "data": fields} if files else {"json": fields or {}}
        )
        response = http.request(
            self.http,
            "POST",
            url,
            raise_options={
                "quota": telegram_errors,
                # 401: the token was revoked; 403: the bot was removed from the channel.
                "auth_statuses": frozenset({401, 403}),
            },
            **kwargs,
        )
        body = response.json()
        if not body.get("ok"):
            raise Rejected(str(body.get("description") or body), status=response.status_code)
        return body["result"]

    @staticmethod
    def _bytes(item: Any) -> bytes:
        if item.data is None:
            raise Rejected(f"{item.filename}: no file to upload")
        data: bytes = item.data()
        return data

    def _published(self, account: Account, ids: list[int], date: int | None = None) -> Published:
        first = ids[0]
        username = account.config.get("username") or ""
        chat_id = str(account.config.get("chat_id", ""))
        if username:
            url = f"https://t.me/{username}/{first}"
        elif chat_id.startswith("-100"):
            url = f"https://t.me/c/{chat_id[4:]}/{first}"  # visible to the channel's members
        else:
            url = ""
        return Published(
            platform_id=",".join(str(i) for i in ids),
            url=url,
            published_at=dt.datetime.fromtimestamp(date, dt.UTC) if date else None,
        )
