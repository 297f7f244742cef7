"""Every platform of connectors.md's "Counting text" table, with its limit and unit."""

from __future__ import annotations

import pytest

from portevoix.connectors.base import CountUnit
from portevoix.quality.platforms import PLATFORMS, get_platform


@pytest.mark.parametrize(
    ("kind", "limit", "unit"),
    [
        ("x", 280, CountUnit.X_WEIGHTED),
        ("bluesky", 300, CountUnit.GRAPHEMES),
        ("mastodon", 500, CountUnit.MASTODON),
        ("threads", 500, CountUnit.UTF8_BYTES),
        ("linkedin", 3000, CountUnit.CHARACTERS),
        ("instagram", 2200, CountUnit.CHARACTERS),
        ("facebook_page", 63206, CountUnit.CHARACTERS),
        ("telegram", 4096, CountUnit.UTF16),
        ("youtube", 5000, CountUnit.UTF8_BYTES),
        ("wordpress", None, CountUnit.NONE),
        ("discord", 2000, CountUnit.CHARACTERS),
        ("webhook", None, CountUnit.NONE),
    ],
)
def test_it_knows_each_platforms_text_limit(kind: str, limit: int | None, unit: CountUnit) -> None:
    platform = get_platform(kind)
    assert (platform.limits.max_length, platform.limits.unit) == (limit, unit)


def test_it_knows_the_second_limits() -> None:
    assert PLATFORMS["bluesky"].limits.max_bytes == 3000
    assert PLATFORMS["telegram"].limits.caption_max_length == 1024
    assert PLATFORMS["instagram"].limits.max_hashtags == 30


def test_it_refuses_an_unknown_platform() -> None:
    with pytest.raises(LookupError, match="tiktok"):
        get_platform("tiktok")
