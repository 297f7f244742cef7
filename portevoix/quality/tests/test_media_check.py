"""Media count, type, size and duration per platform; images are read with Pillow."""

from __future__ import annotations

from pathlib import Path

from django.utils import translation

from portevoix.quality.checks import run_checks
from portevoix.quality.media import check_media, media_from_bytes, media_from_dict
from portevoix.quality.platforms import get_platform
from portevoix.quality.tests.factories import make_image, make_media, make_video


def codes(media: list, kind: str) -> list[str]:
    return [finding.code for finding in check_media(media, get_platform(kind))]


def test_it_reads_the_real_type_and_size_of_an_image() -> None:
    item = media_from_bytes("photo.jpg", make_image("PNG", (120, 80)))
    assert (item.content_type, item.width, item.height) == ("image/png", 120, 80)
    assert item.size > 0


def test_it_refuses_a_png_on_instagram_even_when_named_jpg() -> None:
    item = media_from_bytes("photo.jpg", make_image("PNG"))
    assert codes([item], "instagram") == ["media.bad_type"]
    assert codes([media_from_bytes("photo.jpg", make_image("JPEG"))], "instagram") == []


def test_it_reads_a_file_given_by_path(tmp_path: Path) -> None:
    path = tmp_path / "vitrine.webp"
    path.write_bytes(make_image("WEBP"))
    item = media_from_dict({"path": str(path)})
    assert (item.filename, item.content_type) == ("vitrine.webp", "image/webp")


def test_it_counts_media_per_platform() -> None:
    assert codes([make_media()] * 4, "x") == []
    assert codes([make_media()] * 5, "x") == ["media.too_many"]
    assert codes([make_media()] * 10, "instagram") == []


def test_it_caps_image_and_video_sizes_separately() -> None:
    assert codes([make_media(size=6_000_000)], "x") == ["media.too_large"]
    assert codes([make_video(size=400_000_000)], "x") == []
    assert codes([make_media(size=1_200_000)], "bluesky") == ["media.too_large"]


def test_it_refuses_images_and_a_video_together_where_the_platform_does() -> None:
    assert codes([make_media(), make_video()], "x") == ["media.mixed"]
    assert codes([make_media(), make_video()], "instagram") == []


def test_it_refuses_a_video_too_long() -> None:
    assert codes([make_video(duration=200)], "x") == ["media.too_long"]
    assert codes([make_video(duration=200)], "bluesky") == ["media.too_long"]


def test_it_requires_media_on_instagram_and_youtube() -> None:
    assert codes([], "instagram") == ["media.required"]
    assert codes([], "youtube") == ["media.required"]
    assert codes([], "x") == []


def test_it_explains_in_french() -> None:
    with translation.override("fr"):
        result = run_checks(
            "Photo du jour",
            "x",
            media=[make_media(size=6_000_000)],
            check_links=False,
            languages=(),
        )
    [finding] = result.findings
    assert finding.message == "photo.jpg est trop lourd pour X : 6,0 Mo sur 5,0 Mo"
    assert not result.valid
