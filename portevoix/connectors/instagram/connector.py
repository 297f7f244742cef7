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

import re

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
from portevoix.connectors.meta.graph import GRAPH_VERSION, credentials_from_token, graph

# Instagram's own hashtag rule: a # then letters, digits or underscores.
HASHTAG = re.compile(r"(?<![\w&])#\w+")
IMAGE_TYPES = ("image/jpeg",)
VIDEO_TYPES = ("video/mp4", "video/quicktime")


class InstagramConnector(ContainerConnector):
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

    # -- URLs and names -----------------------------------------------------------------------
    refresh_grant = "ig_refresh_token"
    quota_edge = "content_publishing_limit"
    platform_name = "Instagram"
    container_edge = "media"  # POST /{ig-user-id}/media
    publish_edge = "media_publish"
    status_field = "status_code"  # IG Container: EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED
    reason_field = "status"  # "if status_code is ERROR, this value will be an error subcode"
    text_field = "caption"

    @property
    def base(self) -> str:
        return str(self.settings.get("api_base") or "https://graph.instagram.com").rstrip("/")

    def api(self, path: str) -> str:
        version = self.settings.get("graph_version") or GRAPH_VERSION
        return f"{self.base}/{version}/{path.lstrip('/')}"

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

    # -- the containers (content publishing, "Single media posts" and "Carousel posts") ------
    def item_fields(self, media: Media) -> dict[str, str]:
        # A carousel item: images by image_url; videos as media_type=VIDEO.
        if is_video(media):
            return {
                "media_type": "VIDEO",
                "video_url": media.public_url,
                "is_carousel_item": "true",
            }
        fields = {"image_url": media.public_url}
        if media.alt_text:
            fields["alt_text"] = media.alt_text
        return {**fields, "is_carousel_item": "true"}

    def post_fields(self, draft: Draft, children: list[str]) -> dict[str, str]:
        if children:
            return {"media_type": "CAROUSEL", "children": ",".join(children), "caption": draft.text}
        media = draft.media[0]
        if is_video(media):
            # Since July 2023 a single video is published as a reel (media_type=REELS).
            return {"media_type": "REELS", "video_url": media.public_url, "caption": draft.text}
        fields = {"image_url": media.public_url}
        if media.alt_text:  # alt_text exists for images only (March 2025)
            fields["alt_text"] = media.alt_text
        return {**fields, "caption": draft.text}
