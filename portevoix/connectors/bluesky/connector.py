"""Bluesky (AT Protocol), spoken as plain XRPC over our injected httpx client.

Why not the `atproto` SDK: it builds its own HTTP client, so neither the SSRF guard nor the
tests' MockTransport would see its calls; XRPC is a small, documented HTTP API
(https://docs.bsky.app/docs/category/http-reference). Record-level calls go to the account's
PDS; `app.bsky.*` reads (search, notifications) go to the PDS too, which proxies them to its
AppView with the account's own authority.

Sessions: `createSession` with the handle and an app password gives a 2-hour access JWT and a
90-day refresh JWT; `refreshSession` rotates both (the old refresh JWT dies). The app password
itself is not kept: the refresh chain is the connection, and when it breaks a person reconnects.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any
from urllib.parse import urlencode

import httpx
from django.utils.translation import gettext_lazy as _

from portevoix.connectors import http as connector_http
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
    MediaLimits,
    Page,
    Published,
    PublishState,
    RemotePost,
)
from portevoix.connectors.bluesky import text as bsky_text
from portevoix.connectors.errors import AuthExpired, Rejected

POST = "app.bsky.feed.post"
DEFAULT_PDS = "https://bsky.social"
DEFAULT_APP = "https://bsky.app"
# XRPC names its errors in the body. A PDS answers an expired or revoked token with 400 or 401
# depending on its version; both mean "this token no longer opens the account".
TOKEN_ERRORS = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired", "AuthMissing"})
MENTION_REASONS = ("mention", "reply", "quote")
MAX_PAGES = 5  # how far back one poll reads to catch up with its cursor (100 per page)


class RecordNotFound(Rejected):
    """getRecord's answer for a record that does not exist (or no longer does)."""


def xrpc_message(response: httpx.Response) -> str:
    """The platform's message; raises the specific error when the body names one."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    name = body.get("error", "") if isinstance(body, dict) else ""
    message = (body.get("message") if isinstance(body, dict) else "") or ""
    text = message or name or connector_http.platform_message(response)
    if name in TOKEN_ERRORS:
        raise AuthExpired(f"{name}: {text}" if message else text, status=response.status_code)
    if name == "RecordNotFound":
        raise RecordNotFound(text, status=response.status_code)
    return str(text)


def jwt_expiry(token: str) -> dt.datetime | None:
    """The `exp` claim of a JWT, read without checking the signature: it is only shown and used
    to plan the refresh; the PDS is the one that checks."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return dt.datetime.fromtimestamp(int(claims["exp"]), tz=dt.UTC)
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def parse_time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def rkey_of(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1]


class BlueskyConnector(Connector):
    kind = "bluesky"
    label = _("Bluesky")
    capabilities = Capabilities(
        publish_text=True,
        images=4,
        threads=True,
        delete=True,
        read_mentions=True,
        reply=True,
        search=True,
    )
    auth = "fields"
    connect_fields = (
        ConnectField("handle", _("Handle"), placeholder="cafe-lumiere.bsky.social"),
        ConnectField(
            "app_password",
            _("App password"),
            secret=True,
            help_text=_(
                "Create one in Bluesky under Settings → Privacy and security → App passwords. "
                "Porte-voix does not keep it: it opens a session that renews itself."
            ),
            placeholder="xxxx-xxxx-xxxx-xxxx",
        ),
        ConnectField(
            "pds_url",
            _("Server (PDS)"),
            required=False,
            help_text=_("Leave empty for bsky.social; fill in for a self-hosted PDS."),
            placeholder=DEFAULT_PDS,
        ),
    )
    default_limits = Limits(
        max_length=bsky_text.MAX_GRAPHEMES,
        unit=CountUnit.GRAPHEMES,
        max_bytes=bsky_text.MAX_BYTES,
        media=MediaLimits(
            max_count=4,
            max_bytes=1_000_000,
            types=("image/jpeg", "image/png", "image/webp", "image/gif"),
        ),
    )

    # -- XRPC ---------------------------------------------------------------------------------
    def pds(self, account: Account | None = None) -> str:
        base = (account.base_url if account else "") or self.settings.get("pds_url") or DEFAULT_PDS
        return str(base).rstrip("/")

    def app_url(self, account: Account) -> str:
        return str(
            account.config.get("app_url") or self.settings.get("app_url") or DEFAULT_APP
        ).rstrip("/")

    def _call(
        self,
        method: str,
        base: str,
        nsid: str,
        *,
        token: str = "",
        params: dict[str, Any] | list[tuple[str, Any]] | None = None,
        body: dict[str, Any] | None = None,
        content: bytes | None = None,
        content_type: str = "",
    ) -> dict[str, Any]:
        headers: dict[str, str] = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if content_type:
            headers["Content-Type"] = content_type
        url = f"{base}/xrpc/{nsid}"
        if params:
            url = f"{url}?{urlencode(params, doseq=True)}"
        response = connector_http.request(
            self.http,
            method,
            url,
            json=body,
            content=content,
            headers=headers,
            raise_options={"message": xrpc_message},
        )
        if not response.content:
            return {}
        data: dict[str, Any] = response.json()
        return data

    def _get(self, account: Account, nsid: str, params: Any = None) -> dict[str, Any]:
        return self._call(
            "GET", self.pds(account), nsid, token=account.credentials.access_token, params=params
        )

    def _post(self, account: Account, nsid: str, body: dict[str, Any]) -> dict[str, Any]:
        return self._call(
            "POST", self.pds(account), nsid, token=account.credentials.access_token, body=body
        )

    # -- connecting ---------------------------------------------------------------------------
    def _session_credentials(self, session: dict[str, Any]) -> Credentials:
        access, refresh = str(session["accessJwt"]), str(session["refreshJwt"])
        return Credentials(
            access_token=access,
            refresh_token=refresh,
            expires_at=jwt_expiry(access),
            refresh_expires_at=jwt_expiry(refresh),
        )

    def connect(self, fields: dict[str, str]) -> Account:
        base = (fields.get("pds_url") or "").strip().rstrip("/") or self.pds()
        handle = fields.get("handle", "").strip().lstrip("@")
        session = self._call(
            "POST",
            base,
            "com.atproto.server.createSession",
            body={"identifier": handle, "password": fields.get("app_password", "").strip()},
        )
        return Account(
            kind=self.kind,
            handle=str(session.get("handle") or handle),
            external_id=str(session["did"]),
            base_url=base,
            credentials=self._session_credentials(session),
        )

    def refresh_credentials(self, account: Account) -> Credentials:
        session = self._call(
            "POST",
            self.pds(account),
            "com.atproto.server.refreshSession",
            token=account.credentials.refresh_token,
        )
        return self._session_credentials(session)

    def check_health(self, account: Account) -> Health:
        session = self._get(account, "com.atproto.server.getSession")
        active = session.get("active", True)
        return Health(
            valid=bool(active),
            expires_at=account.credentials.refresh_expires_at or account.credentials.expires_at,
            message="" if active else str(session.get("status") or "inactive"),
        )

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues: list[Issue] = []
        graphemes = bsky_text.grapheme_count(draft.text)
        if limits.max_length is not None and graphemes > limits.max_length:
            issues.append(
                Issue(
                    "too_long",
                    str(
                        _("%(count)s characters; Bluesky takes %(max)s.")
                        % {"count": graphemes, "max": limits.max_length}
                    ),
                )
            )
        size = bsky_text.byte_length(draft.text)
        if limits.max_bytes is not None and size > limits.max_bytes:
            issues.append(
                Issue(
                    "too_many_bytes",
                    str(
                        _("%(count)s bytes; Bluesky takes %(max)s.")
                        % {"count": size, "max": limits.max_bytes}
                    ),
                )
            )
        media = limits.media
        if len(draft.media) > media.max_count:
            issues.append(
                Issue(
                    "too_many_media",
                    str(_("At most %(max)s images per post.") % {"max": media.max_count}),
                )
            )
        for item in draft.media:
            if media.types and item.content_type not in media.types:
                issues.append(
                    Issue(
                        "media_type",
                        str(
                            _("%(name)s: Bluesky takes JPEG, PNG, WebP or GIF images.")
                            % {"name": item.filename}
                        ),
                    )
                )
            if media.max_bytes and item.size > media.max_bytes:
                issues.append(
                    Issue(
                        "media_too_large",
                        str(
                            _("%(name)s is larger than %(max)s bytes.")
                            % {"name": item.filename, "max": media.max_bytes}
                        ),
                    )
                )
            if not item.alt_text:
                issues.append(
                    Issue(
                        "alt_text_missing",
                        str(_("%(name)s has no alt text.") % {"name": item.filename}),
                        severity="warning",
                    )
                )
        return issues

    def _published(self, account: Account, uri: str) -> Published:
        return Published(
            platform_id=uri,
            url=f"{self.app_url(account)}/profile/{account.handle}/post/{rkey_of(uri)}",
            published_at=dt.datetime.now(dt.UTC),
        )

    def _existing(self, account: Account, rkey: str) -> dict[str, Any] | None:
        try:
            return self._get(
                account,
                "com.atproto.repo.getRecord",
                {"repo": account.external_id, "collection": POST, "rkey": rkey},
            )
        except RecordNotFound:
            return None

    def _upload_images(
        self, account: Account, draft: Draft, state: PublishState
    ) -> list[dict[str, Any]]:
        """Upload what is not uploaded yet; each blob ref is checkpointed as soon as it is known,
        so a retry does not upload the same image again."""
        blobs: list[dict[str, Any] | None] = list(state.get("blobs", []))
        blobs += [None] * (len(draft.media) - len(blobs))
        for index, item in enumerate(draft.media):
            if blobs[index] is not None:
                continue
            if item.data is None:
                raise Rejected(f"{item.filename}: no data to upload")
            answer = self._call(
                "POST",
                self.pds(account),
                "com.atproto.repo.uploadBlob",
                token=account.credentials.access_token,
                content=item.data(),
                content_type=item.content_type,
            )
            blobs[index] = answer["blob"]
            state.checkpoint(blobs=list(blobs))
        return [b for b in blobs if b is not None]

    def _facets(self, account: Account, text: str) -> list[dict[str, Any]]:
        facets: list[dict[str, Any]] = []
        for span in bsky_text.find_spans(text):
            if span.kind != "mention":
                facets.append(bsky_text.facet(span))
                continue
            try:
                did = self._get(
                    account, "com.atproto.identity.resolveHandle", {"handle": span.value}
                )
            except Rejected:
                continue  # an unknown handle stays plain text, as in the Bluesky app
            facets.append(bsky_text.facet(span, str(did["did"])))
        return facets

    def _strong_ref(self, account: Account, uri: str) -> dict[str, Any]:
        parts = uri.removeprefix("at://").split("/")
        record = self._get(
            account,
            "com.atproto.repo.getRecord",
            {"repo": parts[0], "collection": parts[1], "rkey": parts[2]},
        )
        return {"uri": record["uri"], "cid": record["cid"], "value": record.get("value", {})}

    def _record(
        self, account: Account, draft: Draft, images: list[dict[str, Any]]
    ) -> dict[str, Any]:
        record: dict[str, Any] = {"$type": POST, "text": draft.text, "createdAt": now_iso()}
        facets = self._facets(account, draft.text)
        if facets:
            record["facets"] = facets
        langs = draft.extra.get("langs")
        if langs:
            record["langs"] = list(langs)[:3]
        if images:
            entries = []
            for item, blob in zip(draft.media, images, strict=True):
                entry: dict[str, Any] = {"alt": item.alt_text, "image": blob}
                if item.width and item.height:
                    entry["aspectRatio"] = {"width": item.width, "height": item.height}
                entries.append(entry)
            record["embed"] = {"$type": "app.bsky.embed.images", "images": entries}
        elif draft.link:
            record["embed"] = {
                "$type": "app.bsky.embed.external",
                "external": {"uri": draft.link, "title": draft.title, "description": ""},
            }
        if draft.reply_to:
            parent = self._strong_ref(account, draft.reply_to)
            root = parent["value"].get("reply", {}).get("root") or parent
            record["reply"] = {
                "root": {"uri": root["uri"], "cid": root["cid"]},
                "parent": {"uri": parent["uri"], "cid": parent["cid"]},
            }
        return record

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        rkey = bsky_text.record_key(idempotency_key)
        # An earlier attempt may have created it and lost the answer: never post it twice.
        existing = self._existing(account, rkey)
        if existing is not None:
            state.checkpoint(platform_id=existing["uri"])
            return self._published(account, str(existing["uri"]))
        images = self._upload_images(account, draft, state)
        created = self._post(
            account,
            "com.atproto.repo.createRecord",
            {
                "repo": account.external_id,
                "collection": POST,
                "rkey": rkey,
                "record": self._record(account, draft, images),
            },
        )
        state.checkpoint(platform_id=created["uri"])
        return self._published(account, str(created["uri"]))

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        existing = self._existing(account, bsky_text.record_key(idempotency_key))
        return None if existing is None else self._published(account, str(existing["uri"]))

    def delete(self, account: Account, platform_id: str) -> None:
        self._post(
            account,
            "com.atproto.repo.deleteRecord",
            {"repo": account.external_id, "collection": POST, "rkey": rkey_of(platform_id)},
        )

    def reply(self, account: Account, platform_id: str, draft: Draft) -> Published:
        key = f"reply:{platform_id}:{draft.text}"
        return self.publish(
            account,
            Draft(text=draft.text, media=draft.media, reply_to=platform_id, extra=draft.extra),
            key,
            PublishState(),
        )

    # -- reading ------------------------------------------------------------------------------
    def _remote_post(self, account: Account, post: dict[str, Any], **raw: Any) -> RemotePost:
        record = post.get("record") or {}
        author = post.get("author") or {}
        uri = str(post["uri"])
        handle = str(author.get("handle", ""))
        metrics = {
            name: int(post[key])
            for name, key in (
                ("likes", "likeCount"),
                ("replies", "replyCount"),
                ("reposts", "repostCount"),
                ("quotes", "quoteCount"),
            )
            if isinstance(post.get(key), int)
        }
        return RemotePost(
            platform_id=uri,
            url=f"{self.app_url(account)}/profile/{handle or author.get('did', '')}/post/{rkey_of(uri)}",
            text=str(record.get("text", "")),
            author_handle=handle,
            author_name=str(author.get("displayName") or ""),
            created_at=parse_time(record.get("createdAt")),
            lang=str((record.get("langs") or [""])[0]),
            reply_to=str(((record.get("reply") or {}).get("parent") or {}).get("uri", "")),
            metrics=metrics,
            raw={**post, **raw},
        )

    def search(self, account: Account, query: str, cursor: str = "") -> Page:
        """Posts matching `query`, newest first. The cursor marks the newest post already read
        (its indexedAt): calling again with it returns only what came since."""
        params: dict[str, Any] = {"q": query, "sort": "latest", "limit": 100}
        if cursor:
            params["since"] = cursor
        answer = self._get(account, "app.bsky.feed.searchPosts", params)
        posts = [
            p for p in answer.get("posts", []) if not cursor or p.get("indexedAt", "") > cursor
        ]
        newest = max([cursor, *(str(p.get("indexedAt", "")) for p in posts)])
        return Page(items=tuple(self._remote_post(account, p) for p in posts), cursor=newest)

    def fetch_mentions(self, account: Account, cursor: str = "") -> Page:
        """Mentions, replies and quotes of the account, newest first. The cursor marks the
        newest notification already read; up to MAX_PAGES pages are read to reach it."""
        found: list[dict[str, Any]] = []
        page_cursor = ""
        for _page in range(MAX_PAGES):
            params: list[tuple[str, Any]] = [("limit", 100)]
            params += [("reasons", reason) for reason in MENTION_REASONS]
            if page_cursor:
                params.append(("cursor", page_cursor))
            answer = self._get(account, "app.bsky.notification.listNotifications", params)
            notifications = answer.get("notifications", [])
            fresh = [n for n in notifications if not cursor or n.get("indexedAt", "") > cursor]
            found += [n for n in fresh if n.get("reason") in MENTION_REASONS]
            page_cursor = str(answer.get("cursor") or "")
            if not cursor or len(fresh) < len(notifications) or not page_cursor:
                break
        newest = max([cursor, *(str(n.get("indexedAt", "")) for n in found)])
        items = tuple(self._remote_post(account, n, reason=n.get("reason", "")) for n in found)
        return Page(items=items, cursor=newest)
