"""A target's media reach the platform (the worker reads them only for targets that have any)."""

from __future__ import annotations

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from portevoix.editorial.models import PostMedia, TargetStatus
from portevoix.publishing import actions
from portevoix.publishing.tests.factories import DUE, make_target, store

S = TargetStatus
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92"
    b"\xef\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_it_sends_the_targets_media(brand, settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    target = make_target(brand, status=S.QUEUED, claimed_at=DUE)
    image = PostMedia.objects.create(
        post=target.post,
        file=SimpleUploadedFile("menu.png", PNG, content_type="image/png"),
        content_type="image/png",
        size=len(PNG),
        width=1,
        height=1,
    )
    target.media.add(image)
    with time_machine.travel(DUE, tick=False):
        actions.publish_target(target.pk)
    target.refresh_from_db()
    assert target.status == S.PUBLISHED
    sent = (
        store()
        .connect()
        .execute(
            "select media_count from posts where idempotency_key = ?", (target.idempotency_key,)
        )
    )
    assert sent.fetchall() == [(1,)]
