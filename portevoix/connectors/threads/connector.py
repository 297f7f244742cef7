"""Threads, through the Threads API (developers.facebook.com/docs/threads).

Like Instagram, Threads publishes in two steps — a container (`POST /{user-id}/threads`), then
`POST /{user-id}/threads_publish` with its id — and fetches images and videos itself from a
public URL. The container id is checkpointed: a retry publishes that container, never a second.

Threads limits a post to 500 characters but counts the UTF-8 bytes of the text as sent in some
paths (a thread's later parts fail silently otherwise, connectors.md), so the limit is stated in
UTF-8 bytes, the stricter reading.
"""

from __future__ import annotations

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
)
from portevoix.connectors.meta.containers import ContainerConnector, is_video
from portevoix.connectors.meta.graph import credentials_from_token, graph

IMAGE_TYPES = ("image/jpeg", "image/png")
VIDEO_TYPES = ("video/mp4", "video/quicktime")


class ThreadsConnector(ContainerConnector):
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
    platform_name = "Threads"
    container_edge = "threads"  # POST /{threads-user-id}/threads
    publish_edge = "threads_publish"
    status_field = "status"  # Troubleshooting: EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED
    reason_field = "error_message"  # FAILED_DOWNLOADING_VIDEO, INVALID_ASPEC_RATIO, …
    text_field = "text"

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

    # -- the containers (Threads API, "Posts": single thread and carousel posts) ------------
    @staticmethod
    def _media_fields(media: Media) -> dict[str, str]:
        if is_video(media):
            return {"media_type": "VIDEO", "video_url": media.public_url}
        fields = {"media_type": "IMAGE", "image_url": media.public_url}
        if media.alt_text:
            fields["alt_text"] = media.alt_text
        return fields

    def item_fields(self, media: Media) -> dict[str, str]:
        return {**self._media_fields(media), "is_carousel_item": "true"}

    def post_fields(self, draft: Draft, children: list[str]) -> dict[str, str]:
        if children:
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
            # link_attachment "is only available for text-only posts".
            fields["link_attachment"] = draft.link
        return fields

    def delete(self, account: Account, platform_id: str) -> None:
        graph(
            self.http,
            "DELETE",
            self.api(platform_id),
            params={"access_token": account.credentials.access_token},
        )
