"""Media checks: how many items, of which type, how large, how long, per platform.

A media item is the connectors' `Media` (filename, content type, size, width, height, duration).
`media_from_bytes` and `media_from_file` read an image with Pillow, so that its real type and
size are checked rather than what its name says.
"""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from portevoix.connectors.base import Media
from portevoix.quality.findings import Finding, Severity
from portevoix.quality.platforms import Platform

# Pillow opens lazily: reading the header gives the format and the size without decoding.
Image.MAX_IMAGE_PIXELS = 200_000_000


def media_from_bytes(filename: str, data: bytes, content_type: str = "") -> Media:
    width = height = None
    detected = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            detected = Image.MIME.get(image.format or "", detected)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        pass  # not an image Pillow reads (a video): keep the declared type
    return Media(
        filename=filename,
        content_type=detected,
        size=len(data),
        width=width,
        height=height,
        data=lambda: data,
    )


def media_from_file(path: Path | str, content_type: str = "") -> Media:
    path = Path(path)
    return media_from_bytes(path.name, path.read_bytes(), content_type)


def media_from_dict(data: dict[str, Any]) -> Media:
    """A media item as the `check` command reads it: a `path` to read, or its description."""
    if data.get("path"):
        return media_from_file(data["path"], data.get("content_type", ""))
    filename = str(data.get("filename", ""))
    content_type = data.get("content_type") or mimetypes.guess_type(filename)[0] or ""
    return Media(
        filename=filename,
        content_type=str(content_type),
        size=int(data.get("size", 0)),
        width=data.get("width"),
        height=data.get("height"),
        duration=float(data["duration"]) if data.get("duration") is not None else None,
    )


def _is_video(item: Media) -> bool:
    return item.content_type.startswith("video/")


def _megabytes(size: int) -> str:
    return number_format(size / 1_000_000, decimal_pos=1, force_grouping=True)


def check_media(media: tuple[Media, ...] | list[Media], platform: Platform) -> list[Finding]:
    limits = platform.limits.media
    name = platform.label
    findings: list[Finding] = []

    def error(code: str, message: str) -> None:
        findings.append(Finding(code, Severity.ERROR, message))

    if not media:
        if platform.requires_media:
            error(
                "media.required",
                _("%(platform)s publishes nothing without media.") % {"platform": name},
            )
        return findings
    if limits.max_count == 0:
        error("media.not_supported", _("%(platform)s takes no media.") % {"platform": name})
        return findings
    if len(media) > limits.max_count:
        error(
            "media.too_many",
            _("Too many media for %(platform)s: %(count)s of %(limit)s")
            % {"platform": name, "count": len(media), "limit": limits.max_count},
        )
    videos = [item for item in media if _is_video(item)]
    if platform.max_videos is not None and len(videos) > platform.max_videos:
        error(
            "media.too_many_videos",
            _("Too many videos for %(platform)s: %(count)s of %(limit)s")
            % {"platform": name, "count": len(videos), "limit": platform.max_videos},
        )
    if not platform.mixed_media and videos and len(videos) < len(media):
        error(
            "media.mixed",
            _("%(platform)s does not take images and a video in the same post.")
            % {"platform": name},
        )
    for item in media:
        values = {"platform": name, "file": item.filename, "type": item.content_type or "?"}
        if limits.types and item.content_type not in limits.types:
            error("media.bad_type", _("%(platform)s does not take %(file)s (%(type)s).") % values)
            continue
        if _is_video(item):
            cap = limits.max_video_bytes or limits.max_bytes
        else:
            cap = platform.max_image_bytes or limits.max_bytes
        # 0: the platform sets no cap we know of (WordPress: the server's own setting).
        if cap and item.size > cap:
            error(
                "media.too_large",
                _("%(file)s is too large for %(platform)s: %(size)s MB of %(limit)s MB")
                % {**values, "size": _megabytes(item.size), "limit": _megabytes(cap)},
            )
        seconds = platform.max_video_seconds
        if _is_video(item) and seconds and item.duration and item.duration > seconds:
            error(
                "media.too_long",
                _("%(file)s is too long for %(platform)s: %(duration)s s of %(limit)s s")
                % {**values, "duration": round(item.duration), "limit": round(seconds)},
            )
    return findings
