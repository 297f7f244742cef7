"""Over-length posts are refused with the platform, the limit and the unit, in the user's
language, and the finding says where the text stops fitting."""

from __future__ import annotations

from django.utils import translation

from portevoix.quality.checks import run_checks
from portevoix.quality.tests.factories import make_media

LONG_X = "x" * 268 + " https://cafelumiere.ca"  # 268 + 1 + 23 = 292


def test_it_refuses_an_x_post_over_280_in_french() -> None:
    with translation.override("fr"):
        result = run_checks(LONG_X, "x", check_links=False, languages=())
    assert (result.length, result.limit, result.valid) == (292, 280, False)
    [finding] = result.findings
    assert finding.code == "length.too_long"
    assert finding.message == (
        "Trop long pour X : 292 sur 280 "
        "(longueur pondérée : emojis et CJK comptent double, chaque lien 23)"
    )
    # The link counts whole: the part that does not fit starts with it.
    assert (finding.start, finding.end) == (269, len(LONG_X))


def test_it_refuses_an_x_post_over_280_in_english() -> None:
    with translation.override("en"):
        result = run_checks(LONG_X, "x", check_links=False, languages=())
    assert result.findings[0].message == (
        "Too long for X: 292 of 280 (weighted length: emoji and CJK count double, each link 23)"
    )


def test_it_accepts_a_post_that_fits() -> None:
    result = run_checks("Bon matin ☕", "x", check_links=False, languages=())
    assert (result.length, result.valid, result.findings) == (12, True, ())


def test_it_applies_both_bluesky_limits() -> None:
    # 300 graphemes of 25 bytes each: fits the grapheme limit, not the byte limit.
    text = "👨\u200d👩\u200d👧\u200d👦" * 300
    with translation.override("en"):
        result = run_checks(text, "bluesky", check_links=False, languages=())
    assert result.length == 300
    [finding] = result.findings
    assert finding.message == (
        "Too long for Bluesky: 7,500 of 3,000 (UTF-8 bytes: accented letters count 2, emoji 4 or more)"
    )
    assert finding.start == 120 * 7  # 120 families (7 code points, 25 bytes) fill the 3,000


def test_it_counts_threads_in_bytes() -> None:
    result = run_checks("é" * 300, "threads", check_links=False, languages=())
    assert (result.length, result.limit, result.valid) == (600, 500, False)


def test_it_uses_the_telegram_caption_limit_when_media_is_attached() -> None:
    text = "a" * 2000
    assert run_checks(text, "telegram", check_links=False, languages=()).valid
    with_photo = run_checks(text, "telegram", media=[make_media()], check_links=False, languages=())
    assert with_photo.limit == 1024
    assert with_photo.findings[0].code == "length.caption_too_long"


def test_it_sets_no_limit_for_wordpress() -> None:
    result = run_checks("a" * 100_000, "wordpress", check_links=False, languages=())
    assert (result.limit, result.valid) == (None, True)


def test_it_formats_large_numbers_in_the_users_language() -> None:
    with translation.override("fr"):
        result = run_checks("a" * 63_300, "facebook_page", check_links=False, languages=())
    assert "63\u00a0300 sur 63\u00a0206" in result.findings[0].message
