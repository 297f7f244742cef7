"""The client's approval link: signed (`django.core.signing`), expiring, bound to one version.

The token carries the post id and the version the client is asked about; a link for an older
version still opens, and says the post has changed since, so nobody approves words they did not
read. Nothing secret is in it: the signature is what makes it unforgeable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.urls import reverse

if TYPE_CHECKING:
    from portevoix.editorial.models import Post

SALT = "portevoix.editorial.client-approval"
MAX_AGE_DAYS = 14


class BadLink(Exception):
    """Forged, damaged or expired: the page says so and shows nothing."""


@dataclass(frozen=True)
class LinkClaim:
    post_id: int
    version: int


def approval_token(post: Post) -> str:
    return signing.dumps({"p": post.pk, "v": post.version}, salt=SALT, compress=True)


def approval_url(post: Post) -> str:
    path = reverse("editorial-public:client-approval", args=[approval_token(post)])
    return f"{settings.PORTEVOIX_BASE_URL}{path}"


def read_token(token: str) -> LinkClaim:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 86400)
        return LinkClaim(post_id=int(data["p"]), version=int(data["v"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        # SignatureExpired is a BadSignature: an old link is refused like a forged one.
        raise BadLink from None
