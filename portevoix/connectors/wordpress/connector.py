"""WordPress (self-hosted, 5.6+): articles through the REST API with an application password.

Every route is called as `?rest_route=/wp/v2/…`, which works whether or not the site has pretty
permalinks (`/wp-json/` needs them). Authentication is HTTP Basic with the user's login and an
application password (Users → Profile → Application Passwords), never the account password.

Idempotency: WordPress has no idempotency key, so the post's slug carries one — the title's
slug plus `-pv` and ten hex digits of the key's hash. The slug is checkpointed before the post
is created, and `lookup` asks for posts with that exact slug in every status: a post whose
answer was lost is found, and "not found" is certain.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
from typing import Any

import httpx
from django.utils.text import slugify
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
    Page,
    Published,
    PublishState,
    RemotePost,
)
from portevoix.connectors.errors import AuthExpired, Rejected
from portevoix.connectors.mastodon.text import html_to_text  # HTML → plain text, shared

# Every status a post of ours can be in; lookups must see scheduled and held posts too.
ALL_STATUSES = "publish,future,draft,pending,private"
IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif", "image/webp")


def wp_message(response: httpx.Response) -> str:
    """WordPress errors are `{"code", "message", "data": {"status", "params"}}`: the message of
    the first invalid parameter says more than "Invalid parameter(s): status"."""
    try:
        body = response.json()
    except ValueError:
        return http.platform_message(response)
    if isinstance(body, dict):
        params = (
            (body.get("data") or {}).get("params") if isinstance(body.get("data"), dict) else None
        )
        if isinstance(params, dict) and params:
            return str(next(iter(params.values())))
        if isinstance(body.get("message"), str) and body["message"]:
            return str(body["message"])
    return http.platform_message(response)


def text_to_html(text: str) -> str:
    """Plain text → paragraphs, escaped (the draft is the user's text, not markup)."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "\n".join("<p>" + html.escape(p).replace("\n", "<br />\n") + "</p>" for p in paragraphs)


def slug_for(title: str, idempotency_key: str) -> str:
    digest = hashlib.sha256(idempotency_key.encode()).hexdigest()[:10]
    base = slugify(title)[:60].strip("-") or "post"
    return f"{base}-pv{digest}"


def parse_time(value: str | None) -> dt.datetime | None:
    """WordPress `*_gmt` fields are UTC without an offset."""
    if not value:
        return None
    when = dt.datetime.fromisoformat(value)
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def scheduled_time(draft: Draft) -> dt.datetime | None:
    """`draft.extra["scheduled_at"]` (an aware datetime or ISO string): publish natively then."""
    value = draft.extra.get("scheduled_at")
    if not value:
        return None
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        raise ValueError("scheduled_at must carry its time zone")
    return when.astimezone(dt.UTC)


class WordPressConnector(Connector):
    kind = "wordpress"
    label = _("WordPress site")
    capabilities = Capabilities(
        publish_text=True,
        images=10,
        video=True,
        native_scheduling=True,
        delete=True,
        read_comments=True,
    )
    auth = "fields"
    connect_fields = (
        ConnectField("site_url", _("Site address"), placeholder="https://blogue.example.com"),
        ConnectField("username", _("WordPress username")),
        ConnectField(
            "application_password",
            _("Application password"),
            secret=True,
            help_text=_(
                "Create one in WordPress under Users → Profile → Application Passwords. "
                "Never your account password."
            ),
            placeholder="abcd efgh ijkl mnop qrst uvwx",
        ),
    )
    # An article has no length limit; uploads are capped by the site's PHP settings, which the
    # REST API does not expose: a file too big is refused by the site with its own message.
    default_limits = Limits(
        max_length=None,
        unit=CountUnit.NONE,
        media=MediaLimits(
            max_count=10,
            max_bytes=64 * 1024 * 1024,
            types=(*IMAGE_TYPES, "video/mp4"),
            max_video_bytes=64 * 1024 * 1024,
        ),
    )

    # -- connecting ---------------------------------------------------------------------------
    @staticmethod
    def site_url(value: str) -> str:
        value = value.strip().rstrip("/")
        if not value:
            raise Rejected(str(_("Enter the address of the WordPress site.")))
        if "://" not in value:
            value = f"https://{value}"
        return value

    def connect(self, fields: dict[str, str]) -> Account:
        site = self.site_url(fields.get("site_url", ""))
        credentials = Credentials(
            extra={
                "username": fields.get("username", "").strip(),
                # WordPress shows application passwords in groups of four; spaces are optional.
                "application_password": fields.get("application_password", "").strip(),
            }
        )
        account = Account(kind=self.kind, base_url=site, credentials=credentials)
        me = self._rest(account, "GET", "/wp/v2/users/me", params={"context": "edit"}).json()
        capabilities = me.get("capabilities") or {}
        if not capabilities.get("publish_posts"):
            raise Rejected(
                str(_("This WordPress user may not publish posts (role: %(roles)s)."))
                % {"roles": ", ".join(me.get("roles") or []) or "?"}
            )
        host = httpx.URL(site)
        return Account(
            kind=self.kind,
            handle=f"{me.get('slug') or me.get('username')}@{host.host}{host.path.rstrip('/')}",
            external_id=f"{site}#{me['id']}",
            base_url=site,
            config={"user_id": me["id"]},
            credentials=credentials,
        )

    def check_health(self, account: Account) -> Health:
        try:
            me = self._rest(account, "GET", "/wp/v2/users/me", params={"context": "edit"}).json()
        except AuthExpired as exc:
            return Health(valid=False, message=exc.message)
        can = me.get("capabilities") or {}
        if not can.get("publish_posts"):
            return Health(valid=False, message=str(_("This user may no longer publish posts.")))
        return Health(valid=True)

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        if not draft.title.strip():
            issues.append(Issue("title_missing", str(_("A WordPress article needs a title."))))
        if not draft.text.strip() and not draft.extra.get("html"):
            issues.append(Issue("empty", str(_("The article has no content."))))
        if draft.media and draft.media[0].content_type not in IMAGE_TYPES:
            issues.append(
                Issue(
                    "featured_not_image",
                    str(_("The first attachment becomes the featured image: it must be an image.")),
                )
            )
        try:
            scheduled_time(draft)
        except ValueError:
            issues.append(Issue("schedule", str(_("The publication time has no time zone."))))
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return Published(platform_id=state["platform_id"], url=state.get("url", ""))
        uploaded = self._upload_media(account, draft, state)
        content = draft.extra.get("html") or text_to_html(draft.text)
        for item in uploaded[1:]:  # the first is the featured image
            content += (
                f'\n<figure class="wp-block-image"><img src="{html.escape(item["url"])}" '
                f'alt="{html.escape(item["alt"])}" /></figure>'
            )
        slug = state.get("slug") or slug_for(draft.title, idempotency_key)
        state.checkpoint(slug=slug)  # before sending: lookup searches for it
        body: dict[str, Any] = {
            "title": draft.title,
            "content": content,
            "status": "publish",
            "slug": slug,
        }
        if uploaded:
            body["featured_media"] = uploaded[0]["id"]
        when = scheduled_time(draft)
        if when is not None and when > dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1):
            body["status"] = "future"
            body["date_gmt"] = when.strftime("%Y-%m-%dT%H:%M:%S")
        post = self._rest(account, "POST", "/wp/v2/posts", json=body).json()
        state.checkpoint(platform_id=str(post["id"]), url=post.get("link", ""))
        return self._published(post)

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        if state.get("platform_id"):
            return Published(platform_id=state["platform_id"], url=state.get("url", ""))
        slug = state.get("slug")
        if not slug:
            return None  # the post request was never sent
        posts = self._rest(
            account,
            "GET",
            "/wp/v2/posts",
            params={"slug": slug, "status": ALL_STATUSES, "context": "edit"},
        ).json()
        if not posts:
            return None
        state.checkpoint(platform_id=str(posts[0]["id"]), url=posts[0].get("link", ""))
        return self._published(posts[0])

    def delete(self, account: Account, platform_id: str) -> None:
        """To the trash, not for good: the site's editors can still restore it."""
        try:
            self._rest(account, "DELETE", f"/wp/v2/posts/{int(platform_id)}")
        except Rejected as exc:
            if exc.status not in (404, 410):  # gone or already in the trash
                raise

    # -- reading ------------------------------------------------------------------------------
    def fetch_comments(self, account: Account, platform_id: str, cursor: str = "") -> Page:
        """Approved and held comments, oldest first. The cursor is the newest comment's local
        date plus the ids seen at that second: WordPress's `after` filter is strict and by the
        second, so it asks from one second earlier and drops what it has already returned."""
        params: dict[str, Any] = {
            "post": int(platform_id),
            "per_page": 100,
            "orderby": "date",
            "order": "asc",
            "status": "all",
            "context": "edit",
        }
        last_date, seen = "", set[str]()
        if cursor:
            last_date, _sep, ids = cursor.partition("|")
            seen = set(filter(None, ids.split(",")))
            since = dt.datetime.fromisoformat(last_date) - dt.timedelta(seconds=1)
            params["after"] = since.strftime("%Y-%m-%dT%H:%M:%S")
        comments = self._rest(account, "GET", "/wp/v2/comments", params=params).json()
        fresh = [c for c in comments if not (c["date"] == last_date and str(c["id"]) in seen)]
        fresh = [c for c in fresh if not last_date or c["date"] >= last_date]
        if fresh:
            newest = max(c["date"] for c in fresh)
            same = {str(c["id"]) for c in comments if c["date"] == newest}
            if newest == last_date:
                same |= seen
            cursor = f"{newest}|{','.join(sorted(same))}"
        return Page(items=tuple(self._comment(c) for c in fresh), cursor=cursor)

    # -- helpers ------------------------------------------------------------------------------
    def _rest(self, account: Account, method: str, route: str, **kwargs: Any) -> httpx.Response:
        extra = account.credentials.extra
        params = {"rest_route": route, **kwargs.pop("params", {})}
        login = f"{extra.get('username', '')}:{extra.get('application_password', '')}"
        token = base64.b64encode(login.encode()).decode()
        return http.request(
            self.http,
            method,
            f"{account.base_url}/",
            params=params,
            headers={"Authorization": f"Basic {token}", **kwargs.pop("headers", {})},
            raise_options={"message": wp_message},
            **kwargs,
        )

    def _upload_media(
        self, account: Account, draft: Draft, state: PublishState
    ) -> list[dict[str, Any]]:
        return state.each_once("media", draft.media, lambda item: self._upload(account, item))

    def _upload(self, account: Account, item: Media) -> dict[str, Any]:
        if item.data is None:
            raise Rejected(f"{item.filename}: no file to upload")
        # The raw file as the body, named by Content-Disposition (REST reference, media).
        filename = item.filename.replace('"', "")
        media = self._rest(
            account,
            "POST",
            "/wp/v2/media",
            content=item.data(),
            headers={
                "Content-Type": item.content_type,
                "Content-Disposition": f'attachment; filename="{filename}"',
            },
        ).json()
        if item.alt_text:
            self._rest(
                account, "POST", f"/wp/v2/media/{media['id']}", json={"alt_text": item.alt_text}
            )
        return {"id": media["id"], "url": media.get("source_url", ""), "alt": item.alt_text}

    def _published(self, post: dict[str, Any]) -> Published:
        return Published(
            platform_id=str(post["id"]),
            url=post.get("link", ""),
            published_at=parse_time(post.get("date_gmt")),
        )

    def _comment(self, comment: dict[str, Any]) -> RemotePost:
        content = comment.get("content") or {}
        return RemotePost(
            platform_id=str(comment["id"]),
            url=comment.get("link", ""),
            text=html_to_text(content.get("raw") or content.get("rendered", "")),
            author_handle=comment.get("author_name", ""),
            author_name=comment.get("author_name", ""),
            created_at=parse_time(comment.get("date_gmt")),
            reply_to=str(comment.get("parent") or comment.get("post") or ""),
            raw={**comment, "held": comment.get("status") == "hold"},
        )
