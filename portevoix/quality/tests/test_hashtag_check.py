"""Instagram refuses a caption with more than 30 hashtags."""

from __future__ import annotations

from django.utils import translation

from portevoix.quality.checks import run_checks
from portevoix.quality.tests.factories import make_media


def caption(count: int) -> str:
    return "Nouveau menu ! " + " ".join(f"#tag{n}" for n in range(count))


def test_it_accepts_30_hashtags() -> None:
    result = run_checks(
        caption(30), "instagram", media=[make_media()], check_links=False, languages=()
    )
    assert result.valid


def test_it_refuses_31_hashtags_and_points_at_the_first_extra_one() -> None:
    text = caption(31)
    with translation.override("fr"):
        result = run_checks(
            text, "instagram", media=[make_media()], check_links=False, languages=()
        )
    [finding] = result.findings
    assert finding.code == "hashtags.too_many"
    assert finding.message == "Trop de mots-clics pour Instagram : 31 sur 30"
    assert text[finding.start :].startswith("#tag30")


def test_it_does_not_count_html_entities_or_anchors_in_words() -> None:
    text = "C&#39;est l'heure du café#1 " + " ".join(f"#t{n}" for n in range(30))
    result = run_checks(text, "instagram", media=[make_media()], check_links=False, languages=())
    assert result.valid


def test_it_has_no_hashtag_limit_on_x() -> None:
    result = run_checks(caption(40)[:270], "x", check_links=False, languages=())
    assert result.valid
