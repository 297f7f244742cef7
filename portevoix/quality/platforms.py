"""What each platform accepts, for the checks before publishing.

The text limits are the table of connectors.md ("Counting text"); the media limits come from
each platform's own documentation (named beside each entry). A connector's `limits(account)`
may know better (a Mastodon instance's own limit): `run_checks` takes a `Limits` too.

To add a platform: one entry in `PLATFORMS`, keyed by the connector's `kind`.
"""

from __future__ import annotations

from dataclasses import dataclass

from portevoix.connectors.base import CountUnit, Limits, MediaLimits

MB = 1000 * 1000
MIB = 1024 * 1024
GB = 1000 * MB

IMAGES = ("image/jpeg", "image/png", "image/webp", "image/gif")
VIDEOS = ("video/mp4", "video/quicktime")


@dataclass(frozen=True)
class Platform:
    """A platform's `Limits` (connectors/base.py), and the media rules `Limits` does not hold."""

    kind: str
    label: str  # a brand name: the same in every language
    limits: Limits
    max_image_bytes: int | None = None  # when images and videos have different caps
    max_videos: int | None = None  # videos per post (most: 1)
    max_video_seconds: float | None = None
    mixed_media: bool = True  # images and a video in the same post
    requires_media: bool = False  # Instagram and YouTube publish nothing without one


PLATFORMS: dict[str, Platform] = {
    # X: 4 images (5 MB; GIF 15 MB) or 1 video (512 MB, 140 s) — media upload best practices.
    "x": Platform(
        "x",
        "X",
        Limits(
            max_length=280,
            unit=CountUnit.X_WEIGHTED,
            media=MediaLimits(4, 15 * MB, (*IMAGES, *VIDEOS), max_video_bytes=512 * MB),
        ),
        max_image_bytes=5 * MB,
        max_videos=1,
        max_video_seconds=140,
        mixed_media=False,
    ),
    # Bluesky: 4 images of 1,000,000 bytes (the blob limit of app.bsky.embed.images) or one
    # video (100 MB, 3 min, app.bsky.embed.video).
    "bluesky": Platform(
        "bluesky",
        "Bluesky",
        Limits(
            max_length=300,
            unit=CountUnit.GRAPHEMES,
            max_bytes=3000,
            media=MediaLimits(4, 100 * MB, (*IMAGES, "video/mp4"), max_video_bytes=100 * MB),
        ),
        max_image_bytes=1_000_000,
        max_videos=1,
        max_video_seconds=180,
        mixed_media=False,
    ),
    # Mastodon defaults (instance configuration, /api/v2/instance): 4 attachments, images 16 MB,
    # videos 99 MB.
    "mastodon": Platform(
        "mastodon",
        "Mastodon",
        Limits(
            max_length=500,
            unit=CountUnit.MASTODON,
            media=MediaLimits(
                4,
                99 * MIB,
                (*IMAGES, "image/heic", "image/avif", *VIDEOS, "video/webm"),
                max_video_bytes=99 * MIB,
            ),
        ),
        max_image_bytes=16 * MIB,
        max_videos=1,
        mixed_media=False,
    ),
    # Threads API: carousels of up to 20 items; images JPEG/PNG 8 MB; videos MOV/MP4 1 GB, 5 min.
    "threads": Platform(
        "threads",
        "Threads",
        Limits(
            max_length=500,
            unit=CountUnit.UTF8_BYTES,
            media=MediaLimits(
                20,
                1 * GB,
                ("image/jpeg", "image/png", *VIDEOS),
                max_video_bytes=1 * GB,
                needs_public_url=True,
            ),
        ),
        max_image_bytes=8 * MB,
        max_video_seconds=300,
    ),
    # LinkedIn Posts API: up to 20 images (multi-image) or 1 video (MP4, up to 500 MB, 30 min).
    "linkedin": Platform(
        "linkedin",
        "LinkedIn",
        Limits(
            max_length=3000,
            unit=CountUnit.CHARACTERS,
            media=MediaLimits(
                20,
                500 * MB,
                ("image/jpeg", "image/png", "image/gif", "video/mp4"),
                max_video_bytes=500 * MB,
            ),
        ),
        max_image_bytes=36 * MB,
        max_videos=1,
        max_video_seconds=30 * 60,
        mixed_media=False,
    ),
    # Instagram Content Publishing: JPEG only, 8 MB; videos MP4/MOV, 300 MB (reels 1 GB, 15 min);
    # carousels of up to 10 items; 2,200 characters and 30 hashtags per caption.
    "instagram": Platform(
        "instagram",
        "Instagram",
        Limits(
            max_length=2200,
            unit=CountUnit.CHARACTERS,
            max_hashtags=30,
            media=MediaLimits(
                10, 1 * GB, ("image/jpeg", *VIDEOS), max_video_bytes=1 * GB, needs_public_url=True
            ),
        ),
        max_image_bytes=8 * MB,
        max_video_seconds=15 * 60,
        requires_media=True,
    ),
    # Facebook Pages (Graph API /photos, /videos): photos 10 MB, videos up to 10 GB and 4 h.
    "facebook_page": Platform(
        "facebook_page",
        "Facebook",
        Limits(
            max_length=63206,
            unit=CountUnit.CHARACTERS,
            media=MediaLimits(
                10,
                10 * GB,
                ("image/jpeg", "image/png", "image/gif", "image/bmp", "image/tiff", *VIDEOS),
                max_video_bytes=10 * GB,
            ),
        ),
        max_image_bytes=10 * MB,
        max_videos=1,
        max_video_seconds=4 * 3600,
        mixed_media=False,
    ),
    # Telegram Bot API: sendPhoto 10 MB, other files 50 MB; an album (sendMediaGroup) holds 10.
    "telegram": Platform(
        "telegram",
        "Telegram",
        Limits(
            max_length=4096,
            unit=CountUnit.UTF16,
            caption_max_length=1024,
            media=MediaLimits(
                10, 50 * MB, (*IMAGES, *VIDEOS, "video/webm"), max_video_bytes=50 * MB
            ),
        ),
        max_image_bytes=10 * MB,
    ),
    # YouTube Data API (videos.insert): one video, up to 256 GB or 12 h; 5,000-byte description.
    "youtube": Platform(
        "youtube",
        "YouTube",
        Limits(
            max_length=5000,
            unit=CountUnit.UTF8_BYTES,
            media=MediaLimits(
                1,
                256 * GB,
                (*VIDEOS, "video/webm", "video/x-msvideo", "video/mpeg"),
                max_video_bytes=256 * GB,
            ),
        ),
        max_videos=1,
        max_video_seconds=12 * 3600,
        requires_media=True,
    ),
    # WordPress: no text limit; the upload cap is the server's (upload_max_filesize).
    "wordpress": Platform(
        "wordpress",
        "WordPress",
        Limits(
            max_length=None,
            unit=CountUnit.NONE,
            media=MediaLimits(100, 0, (*IMAGES, *VIDEOS, "application/pdf")),
        ),
    ),
    # Discord webhooks: 2,000 characters, 10 attachments, 10 MiB per upload without boosts.
    "discord": Platform(
        "discord",
        "Discord",
        Limits(
            max_length=2000,
            unit=CountUnit.CHARACTERS,
            media=MediaLimits(10, 10 * MIB, (), max_video_bytes=10 * MIB),
        ),
    ),
    # A generic webhook: whatever the receiver accepts.
    "webhook": Platform(
        "webhook",
        "Webhook",
        Limits(max_length=None, unit=CountUnit.NONE, media=MediaLimits(100, 0, ())),
    ),
}


def get_platform(kind: str) -> Platform:
    try:
        return PLATFORMS[kind]
    except KeyError:
        raise LookupError(f"unknown platform {kind!r}; known: {', '.join(PLATFORMS)}") from None
