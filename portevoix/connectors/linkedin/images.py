"""Images for LinkedIn posts, through the Images API (learn.microsoft.com/linkedin/marketing/
community-management/shares/images-api): `POST /rest/images?action=initializeUpload` with the
owner — who must be the post's author — gives an upload URL and a `urn:li:image:…`; the bytes
are PUT to that URL with the same OAuth token ("The upload call requires a valid OAuth token in
the 'Authorization' header"); the post then names the image in `content.media.id`, or several
in `content.multiImage.images` (MultiImage API: 2 to 20).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from django.utils.translation import gettext

from portevoix.connectors import http as connector_http
from portevoix.connectors.base import Media
from portevoix.connectors.errors import OutcomeUnknown, Rejected, Unavailable

IMAGE_TYPES = ("image/jpeg", "image/png", "image/gif")  # "JPG, GIF, and PNG formats"
MAX_PIXELS = 36_152_320  # "Images with less than 36,152,320 pixels"
MAX_IMAGES = 20  # multiImage: "Minimum of 2 images and maximum of 20 images"


def upload_image(
    client: httpx.Client,
    api: Callable[[str], str],
    headers: dict[str, str],
    owner: str,
    media: Media,
) -> str:
    """Upload one image for `owner`; its URN."""
    if media.data is None:  # validate() refuses an image without content
        raise Rejected(
            gettext("The image %(name)s has no content to send.") % {"name": media.filename}
        )
    try:
        answer: dict[str, Any] = connector_http.request(
            client,
            "POST",
            api("rest/images?action=initializeUpload"),
            headers=headers,
            json={"initializeUploadRequest": {"owner": owner}},
        ).json()
    except OutcomeUnknown as exc:
        # An image LinkedIn may have registered is no post: nobody sees it, and the next
        # attempt registers another. Safe to retry.
        raise Unavailable(exc.message) from exc
    value = answer.get("value") or {}
    upload_url, urn = value.get("uploadUrl"), value.get("image")
    if not upload_url or not urn:
        raise Unavailable(f"unexpected initializeUpload answer: {str(answer)[:200]}")
    connector_http.request(
        client,
        "PUT",
        str(upload_url),
        headers={
            "Authorization": headers["Authorization"],
            "Content-Type": media.content_type or "application/octet-stream",
        },
        content=media.data(),
    )
    return str(urn)


def image_content(urns: list[str], media: tuple[Media, ...]) -> dict[str, Any]:
    """The post's `content` for its images: one in `media`, several in `multiImage`."""

    def image(urn: str, item: Media) -> dict[str, str]:
        entry = {"id": urn}
        if item.alt_text:
            entry["altText"] = item.alt_text
        return entry

    if len(urns) == 1:
        return {"media": image(urns[0], media[0])}
    return {"multiImage": {"images": [image(u, m) for u, m in zip(urns, media, strict=False)]}}
