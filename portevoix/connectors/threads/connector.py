"""Threads, through the Threads API (developers.facebook.com/docs/threads).

Like Instagram, Threads publishes in two steps — a container (`POST /{user-id}/threads`), then
`POST /{user-id}/threads_publish` with its id — and fetches images and videos itself from a
public URL. The container id is checkpointed: a retry publishes that container, never a second.

Threads limits a post to 500 characters but counts the UTF-8 bytes of the text as sent in some
paths (a thread's later parts fail silently otherwise, connectors.md), so the limit is stated in
UTF-8 bytes, the stricter reading.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portevoix.connectors.base import (
    Account,
    Capabilities,
    CountUnit,
    Credentials,
    Draft,
    Issue,
    Limits,
    Media,
    MediaLimits,
    OAuthConfig,
    Published,
    PublishState,
)
from portevoix.connectors.errors import QuotaExceeded, Rejected, Unavailable
from portevoix.connectors.meta.graph import (
    credentials_from_token,
    graph,
    permalink,
    wait_until_finished,
)
from portevoix.connectors.meta.publishing_account import MetaPublishingAccount

IMAGE_TYPES = ("image/jpeg", "image/png")
VIDEO_TYPES = ("video/mp4", "video/quicktime")


class ThreadsConnector(MetaPublishingAccount):
    kind = "threads"
    label = _("Threads")
    auth = "oauth2"
    capabilities = Capabilities(publish_text=True, images=20, video=True, threads=True, delete=True)
    # Threads API, "Publishing" and "Troubleshooting": 500 characters of text; images JPEG/PNG
    # up to 8 MB; videos up to 1 GB; carousels of 2 to 20 items; 250 API-published posts per
    # 24 h (threads_publishing_limit).
    default_limits = Limits(
        max_length=500,
        unit=CountUnit.UTF8_BYTES,
        media=MediaLimits(
            max_count=20,
            max_bytes=8 * 1024 * 1024,
            types=IMAGE_TYPES + VIDEO_TYPES,
            max_video_bytes=1024 * 1024 * 1024,
            needs_public_url=True,
        ),
        daily_quota=250,
    )
    SCOPES = ("threads_basic", "threads_content_publish", "threads_delete")

    refresh_grant = "th_refresh_token"
    quota_edge = "threads_publishing_limit"
    quota_fields = "quota_usage,config"

    @property
    def base(self) -> str:
        return str(self.settings.get("api_base") or "https://graph.threads.net").rstrip("/")

    def api(self, path: str) -> str:
        version = self.settings.get("api_version") or "v1.0"
        return f"{self.base}/{version}/{path.lstrip('/')}"

    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url=self.settings.get("authorize_url")
            or "https://threads.net/oauth/authorize",
            token_url=self.settings.get("token_url") or f"{self.base}/oauth/access_token",
            scopes=self.SCOPES,
            pkce=False,
            token_endpoint_auth_method="client_secret_post",  # noqa: S106 (a method name)
        )

    # -- connecting ---------------------------------------------------------------------------
    def account_from_token(self, credentials: Credentials) -> Account:
        """The OAuth flow gives a one-hour token; it is exchanged at once for the 60-day one."""
        long_lived = credentials
        if self.settings.get("client_secret"):
            answer = graph(
                self.http,
                "GET",
                f"{self.base}/access_token",
                params={
                    "grant_type": "th_exchange_token",
                    "client_secret": self.settings["client_secret"],
                    "access_token": credentials.access_token,
                },
            )
            long_lived = credentials_from_token(answer, credentials)
        me = graph(
            self.http,
            "GET",
            self.api("me"),
            params={"fields": "id,username", "access_token": long_lived.access_token},
        )
        return Account(
            kind=self.kind,
            handle=str(me.get("username", "")),
            external_id=str(me["id"]),
            credentials=long_lived,
        )

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        if not draft.text and not draft.media:
            issues.append(Issue("threads_empty", gettext("A Threads post needs text or media.")))
        if len(draft.media) > limits.media.max_count:
            issues.append(
                Issue(
                    "threads_carousel_size",
                    gettext("A Threads carousel holds at most %(count)d items.")
                    % {"count": limits.media.max_count},
                )
            )
        for media in draft.media:
            if not media.public_url:
                issues.append(
                    Issue(
                        "threads_public_url",
                        gettext(
                            "Threads fetches %(name)s itself: this deployment needs a public "
                            "address (PORTEVOIX_BASE_URL reachable from the internet)."
                        )
                        % {"name": media.filename},
                    )
                )
            if media.content_type not in IMAGE_TYPES + VIDEO_TYPES:
                issues.append(
                    Issue(
                        "threads_media_type",
                        gettext(
                            "Threads takes JPEG or PNG photos and MP4 or MOV videos (%(name)s)."
                        )
                        % {"name": media.filename},
                    )
                )
        return issues

    def publish(
        self, account: Account, draft: Draft, idempotency_key: str, state: PublishState
    ) -> Published:
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        used, total = self._quota(account)
        if used >= total:
            raise QuotaExceeded(
                gettext("Threads' limit of %(total)d posts in 24 hours is reached.")
                % {"total": total},
                reset_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
            )
        container = str(state.get("container_id") or self._create_container(account, draft, state))
        if draft.media:
            # Media containers are processed asynchronously; a text container is ready at once.
            status = wait_until_finished(
                lambda: self._container_status(account, container),
                interval=float(self.settings.get("poll_interval", 3)),
                attempts=int(self.settings.get("poll_attempts", 20)),
                field="status",
            )
            if status == "IN_PROGRESS":
                raise Unavailable(gettext("Threads is still processing the media."))
            if status in ("ERROR", "EXPIRED"):
                state.checkpoint(container_id="", children=[])
                raise Rejected(
                    gettext("Threads could not process the media (%(status)s).")
                    % {"status": status}
                )
        answer = graph(
            self.http,
            "POST",
            self.api(f"{account.external_id}/threads_publish"),
            data={"creation_id": container, "access_token": account.credentials.access_token},
        )
        media_id = str(answer["id"])
        state.checkpoint(platform_id=media_id)
        return self._published(account, media_id)

    def _create_container(self, account: Account, draft: Draft, state: PublishState) -> str:
        if len(draft.media) > 1:
            children: list[str] = list(state.get("children", []))
            for media in draft.media[len(children) :]:
                fields = {**self._media_fields(media), "is_carousel_item": "true"}
                children.append(self._post_container(account, fields))
                state.checkpoint(children=list(children))
            fields = {"media_type": "CAROUSEL", "children": ",".join(children)}
        elif draft.media:
            fields = self._media_fields(draft.media[0])
        else:
            fields = {"media_type": "TEXT"}
        if draft.text:
            fields["text"] = draft.text
        if draft.reply_to:
            fields["reply_to_id"] = draft.reply_to
        if draft.link and not draft.media:
            fields["link_attachment"] = draft.link
        container = self._post_container(account, fields)
        state.checkpoint(container_id=container, sent_text=draft.text)
        return container

    @staticmethod
    def _media_fields(media: Media) -> dict[str, str]:
        if media.content_type.startswith("video/"):
            return {"media_type": "VIDEO", "video_url": media.public_url}
        fields = {"media_type": "IMAGE", "image_url": media.public_url}
        if media.alt_text:
            fields["alt_text"] = media.alt_text
        return fields

    def _post_container(self, account: Account, fields: dict[str, str]) -> str:
        answer = graph(
            self.http,
            "POST",
            self.api(f"{account.external_id}/threads"),
            data={**fields, "access_token": account.credentials.access_token},
        )
        return str(answer["id"])

    def _container_status(self, account: Account, container: str) -> dict[str, Any]:
        return graph(
            self.http,
            "GET",
            self.api(container),
            params={
                "fields": "status,error_message",
                "access_token": account.credentials.access_token,
            },
        )

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """A container is published once at most: while it is not PUBLISHED nothing was posted;
        once it is, the post is the recent thread with the text we sent."""
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        container = state.get("container_id")
        if not container:
            return None
        if self._container_status(account, str(container)).get("status") != "PUBLISHED":
            return None
        answer = graph(
            self.http,
            "GET",
            self.api(f"{account.external_id}/threads"),
            params={
                "fields": "id,text,permalink,timestamp",
                "limit": "10",
                "access_token": account.credentials.access_token,
            },
        )
        for post in answer.get("data", []):
            if post.get("text", "") == state.get("sent_text", ""):
                state.checkpoint(platform_id=str(post["id"]))
                return Published(platform_id=str(post["id"]), url=post.get("permalink", ""))
        return None

    def delete(self, account: Account, platform_id: str) -> None:
        graph(
            self.http,
            "DELETE",
            self.api(platform_id),
            params={"access_token": account.credentials.access_token},
        )

    def _published(self, account: Account, media_id: str) -> Published:
        url = permalink(self.http, self.api(media_id), account.credentials.access_token)
        return Published(platform_id=media_id, url=url)
