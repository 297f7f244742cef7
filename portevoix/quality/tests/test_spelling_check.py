"""Spelling and grammar: Grammalecte for French, Harper for English, Hunspell when those are
missing; links, @handles, #hashtags and e-mails are masked; a brand's words are accepted;
suggestions are shown and the text is never changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import translation

from portevoix.quality.checks import run_checks
from portevoix.quality.spelling import backends, check_spelling
from portevoix.quality.spelling.check import choose_language
from portevoix.quality.spelling.masking import mask


def test_it_finds_french_agreement_errors_with_grammalecte() -> None:
    text = "Les inscriptions sont ouvertes pour nos atelier de torréfaction."
    [finding] = check_spelling(text, ("fr",))
    assert finding.checker == "grammalecte"
    assert text[finding.start : finding.end] == "atelier"
    assert "ateliers" in finding.suggestions
    assert finding.severity == "warning"


def test_it_leaves_typography_alone() -> None:
    # Straight apostrophes, no non-breaking space before "!": fine in a post.
    assert check_spelling("C'est l'heure du café ! Venez nombreux.", ("fr",)) == []


def test_it_finds_english_errors_with_harper() -> None:
    text = "Their going to love our new menu, we are so exited to share an recipe."
    found = {text[f.start : f.end]: f for f in check_spelling(text, ("en",))}
    assert set(found) == {"Their", "exited", "an"}
    assert all(f.checker == "harper" for f in found.values())
    assert "They're" in found["Their"].suggestions
    assert found["an"].code == "grammar.harper"
    assert "excited" in found["exited"].suggestions


def test_it_masks_links_handles_hashtags_and_emails() -> None:
    text = (
        "Merci @marie_dupnt ! Écrivez à bnjour@cafelumiere.ca ou voyez cafelumiere.ca/menuu #cafezz"
    )
    masked, spans = mask(text)
    assert len(masked) == len(text)
    assert len(spans) == 4
    assert check_spelling(text, ("fr",)) == []


def test_it_accepts_the_brands_own_words() -> None:
    text = "Goûtez le Lumièrissimo, notre nouveau latté."
    assert [text[f.start : f.end] for f in check_spelling(text, ("fr",))] == ["Lumièrissimo"]
    assert check_spelling(text, ("fr",), brand_words={"lumièrissimo"}) == []


def test_it_picks_the_posts_language_among_the_brands() -> None:
    assert choose_language("The new menu is out today", ("fr", "en")) == "en"
    assert choose_language("Le nouveau menu est arrivé", ("fr", "en")) == "fr"
    assert choose_language("Le nouveau menu", ("de",)) is None


def test_it_shows_suggestions_in_the_users_language() -> None:
    text = "We definately recommend the cinnamon buns."
    with translation.override("fr"):
        [finding] = run_checks(text, "x", check_links=False, languages=("en",)).findings
    assert finding.message.startswith(
        "« definately » est peut-être mal orthographié ; suggestions : "
    )
    assert "definitely" in finding.suggestions
    with translation.override("en"):
        [finding] = run_checks(text, "x", check_links=False, languages=("en",)).findings
    assert finding.message.startswith("“definately” may be misspelled; suggestions: ")


def test_it_does_not_block_publishing_for_spelling() -> None:
    result = run_checks("Les enfant sont là.", "x", check_links=False, languages=("fr",))
    assert result.findings and result.valid


@pytest.fixture
def without_grammalecte(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    backends.checker_for.cache_clear()
    monkeypatch.setattr(backends, "import_grammalecte", lambda: None)
    yield
    backends.checker_for.cache_clear()


def test_it_falls_back_to_hunspell_without_grammalecte(without_grammalecte: None) -> None:
    text = "Notre musique traditionelle vous attend."
    [finding] = check_spelling(text, ("fr",))
    assert finding.checker == "hunspell"
    assert text[finding.start : finding.end] == "traditionelle"
    assert "traditionnelle" in finding.suggestions


def test_it_imports_grammalecte_from_debians_package() -> None:
    module = backends.import_grammalecte()
    assert module is not None, "install python3-grammalecte (make test-deps)"
    assert str(backends.DEBIAN_DIST_PACKAGES) not in __import__("sys").path


def test_it_reads_ordinals_as_numbers_without_grammalecte(without_grammalecte: None) -> None:
    assert check_spelling("Fermé le 1er juillet, ouvert dès le 2e jour.", ("fr",)) == []
