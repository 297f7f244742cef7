"""Instagram professional accounts, through Instagram content publishing
(developers.facebook.com/docs/instagram-platform/content-publishing).

Instagram fetches every photo and video itself from a public URL: the deployment's media URLs
(`Media.public_url`, built from `PORTEVOIX_BASE_URL`) must be reachable from the internet.
Publishing takes two or three steps — create a container (one per carousel item, then the
carousel), wait until it is FINISHED, publish it — and each container id is checkpointed, so a
retry publishes the same container instead of creating a second post.

Works with "Instagram API with Instagram Login" (graph.instagram.com, the default) and with
"Facebook Login for Business" (set `api_base` to https://graph.facebook.com and connect with a
Page-linked account): the publishing endpoints are the same.
"""

from __future__ import annotations

import datetime as dt
import re
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
from portevoix.connectors.errors import (
    QuotaExceeded,
    Rejected,
    Unavailable,
)
from portevoix.connectors.meta.graph import (
    GRAPH_VERSION,
    credentials_from_token,
    graph,
    permalink,
    wait_until_finished,
)
from portevoix.connectors.meta.publishing_account import MetaPublishingAccount

# Instagram's own hashtag rule: a # then letters, digits or underscores.
HASHTAG = re.compile(r"(?<![\w&])#\w+")
IMAGE_TYPES = ("image/jpeg",)
VIDEO_TYPES = ("video/mp4", "video/quicktime")


class InstagramConnector(MetaPublishingAccount):
    kind = "instagram"
    label = _("Instagram (professional account)")
    auth = "oauth2"
    capabilities = Capabilities(publish_text=False, images=10, video=True, delete=False)
    # Content publishing, "Limitations": captions of 2,200 characters, 30 hashtags, carousels of
    # 10 items, JPEG images up to 8 MB, videos up to 300 MB (reels 1 GB); 100 API-published
    # posts per 24 h, read from content_publishing_limit.
    default_limits = Limits(
        max_length=2200,
        unit=CountUnit.CHARACTERS,
        max_hashtags=30,
        media=MediaLimits(
            max_count=10,
            max_bytes=8 * 1024 * 1024,
            types=IMAGE_TYPES + VIDEO_TYPES,
            max_video_bytes=300 * 1024 * 1024,
            needs_public_url=True,
        ),
        daily_quota=100,
    )
    SCOPES = ("instagram_business_basic", "instagram_business_content_publish")

    # -- URLs ---------------------------------------------------------------------------------
    refresh_grant = "ig_refresh_token"
    quota_edge = "content_publishing_limit"

    @property
    def base(self) -> str:
        return str(self.settings.get("api_base") or "https://graph.instagram.com").rstrip("/")

    def api(self, path: str) -> str:
        version = self.settings.get("graph_version") or GRAPH_VERSION
        return f"{self.base}/{version}/{path.lstrip('/')}"

    @property
    def poll_interval(self) -> float:
        return float(self.settings.get("poll_interval", 3))

    @property
    def poll_attempts(self) -> int:
        return int(self.settings.get("poll_attempts", 20))

    def oauth_config(self) -> OAuthConfig:
        return OAuthConfig(
            authorize_url=self.settings.get("authorize_url")
            or "https://www.instagram.com/oauth/authorize",
            token_url=self.settings.get("token_url")
            or "https://api.instagram.com/oauth/access_token",
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
                    "grant_type": "ig_exchange_token",
                    "client_secret": self.settings["client_secret"],
                    "access_token": credentials.access_token,
                },
            )
            long_lived = credentials_from_token(answer, credentials)
        me = graph(
            self.http,
            "GET",
            self.api("me"),
            params={"fields": "user_id,username", "access_token": long_lived.access_token},
        )
        return Account(
            kind=self.kind,
            handle=str(me.get("username", "")),
            external_id=str(me.get("user_id") or me.get("id")),
            credentials=long_lived,
        )

    # -- publishing ---------------------------------------------------------------------------
    def validate(self, draft: Draft, limits: Limits) -> list[Issue]:
        issues = []
        if not draft.media:
            issues.append(
                Issue("instagram_media_required", gettext("Instagram needs a photo or a video."))
            )
        if len(draft.media) > limits.media.max_count:
            issues.append(
                Issue(
                    "instagram_carousel_size",
                    gettext("A carousel holds at most %(count)d photos and videos.")
                    % {"count": limits.media.max_count},
                )
            )
        for media in draft.media:
            if not media.public_url:
                issues.append(
                    Issue(
                        "instagram_public_url",
                        gettext(
                            "Instagram fetches %(name)s itself: this deployment needs a public "
                            "address (PORTEVOIX_BASE_URL reachable from the internet)."
                        )
                        % {"name": media.filename},
                    )
                )
            if media.content_type not in IMAGE_TYPES + VIDEO_TYPES:
                issues.append(
                    Issue(
                        "instagram_media_type",
                        gettext("Instagram takes JPEG photos and MP4 or MOV videos (%(name)s).")
                        % {"name": media.filename},
                    )
                )
        hashtags = HASHTAG.findall(draft.text)
        max_hashtags = limits.max_hashtags or 30
        if len(hashtags) > max_hashtags:
            issues.append(
                Issue(
                    "instagram_hashtags",
                    gettext("Instagram allows %(max)d hashtags; this caption has %(count)d.")
                    % {"max": max_hashtags, "count": len(hashtags)},
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
            # A rolling 24-hour window: a slot frees when the oldest post of the window ages
            # out, which the API does not say; look again in an hour.
            raise QuotaExceeded(
                gettext("Instagram's limit of %(total)d posts in 24 hours is reached.")
                % {"total": total},
                reset_at=dt.datetime.now(dt.UTC) + dt.timedelta(hours=1),
            )
        container = str(state.get("container_id") or self._create_container(account, draft, state))
        status = wait_until_finished(
            lambda: self._container_status(account, container),
            interval=self.poll_interval,
            attempts=self.poll_attempts,
        )
        if status == "IN_PROGRESS":
            # Still processing a video: the container is kept; the next attempt waits again.
            raise Unavailable(gettext("Instagram is still processing the media."))
        if status in ("ERROR", "EXPIRED"):
            # An expired container (24 h) or a failed one cannot be published: start over.
            state.checkpoint(container_id="", children=[])
            raise Rejected(
                gettext("Instagram could not process the media (%(status)s).") % {"status": status}
            )
        answer = graph(
            self.http,
            "POST",
            self.api(f"{account.external_id}/media_publish"),
            data={"creation_id": container, "access_token": account.credentials.access_token},
        )
        media_id = str(answer["id"])
        state.checkpoint(platform_id=media_id)
        return self._published(account, media_id)

    def _create_container(self, account: Account, draft: Draft, state: PublishState) -> str:
        if len(draft.media) == 1:
            fields = {**self._media_fields(draft.media[0], carousel=False), "caption": draft.text}
        else:
            children: list[str] = list(state.get("children", []))
            for media in draft.media[len(children) :]:
                children.append(self._post_container(account, self._media_fields(media, True)))
                state.checkpoint(children=list(children))
            fields = {
                "media_type": "CAROUSEL",
                "children": ",".join(children),
                "caption": draft.text,
            }
        container = self._post_container(account, fields)
        state.checkpoint(container_id=container, sent_text=draft.text)
        return container

    @staticmethod
    def _media_fields(media: Media, carousel: bool) -> dict[str, str]:
        if media.content_type.startswith("video/"):
            fields = {"media_type": "VIDEO" if carousel else "REELS", "video_url": media.public_url}
        else:
            fields = {"image_url": media.public_url}
            if media.alt_text:
                fields["alt_text"] = media.alt_text
        if carousel:
            fields["is_carousel_item"] = "true"
        return fields

    def _post_container(self, account: Account, fields: dict[str, str]) -> str:
        answer = graph(
            self.http,
            "POST",
            self.api(f"{account.external_id}/media"),
            data={**fields, "access_token": account.credentials.access_token},
        )
        return str(answer["id"])

    def _container_status(self, account: Account, container: str) -> dict[str, Any]:
        return graph(
            self.http,
            "GET",
            self.api(container),
            params={"fields": "status_code", "access_token": account.credentials.access_token},
        )

    def lookup(
        self, account: Account, idempotency_key: str, state: PublishState
    ) -> Published | None:
        """A container is published once at most: while it is not PUBLISHED, nothing was
        posted. Once it is, the post is the recent media with the caption we sent."""
        if state.get("platform_id"):
            return self._published(account, str(state["platform_id"]))
        container = state.get("container_id")
        if not container:
            return None
        if self._container_status(account, str(container)).get("status_code") != "PUBLISHED":
            return None
        answer = graph(
            self.http,
            "GET",
            self.api(f"{account.external_id}/media"),
            params={
                "fields": "id,caption,permalink,timestamp",
                "limit": "10",
                "access_token": account.credentials.access_token,
            },
        )
        for media in answer.get("data", []):
            if media.get("caption", "") == state.get("sent_text", ""):
                state.checkpoint(platform_id=str(media["id"]))
                return Published(platform_id=str(media["id"]), url=media.get("permalink", ""))
        return None

    def _published(self, account: Account, media_id: str) -> Published:
        url = permalink(self.http, self.api(media_id), account.credentials.access_token)
        return Published(platform_id=media_id, url=url)
