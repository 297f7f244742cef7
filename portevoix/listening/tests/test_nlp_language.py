from portevoix.listening.nlp import detect_language
from portevoix.listening.nlp.language import MIN_CONFIDENCE


def test_it_detects_french_english_and_quebec_french() -> None:
    assert (
        detect_language("J'ai attendu trois heures au téléphone, c'est inacceptable", [])[0] == "fr"
    )
    assert detect_language("Best coffee in town, the staff are lovely", [])[0] == "en"
    assert detect_language("Ben voyons donc, c'est ben trop cher pour ce que c'est", [])[0] == "fr"
    lang, confidence = detect_language("Tabarnak, mon internet est encore en panne à matin", ["en"])
    assert (lang, confidence > MIN_CONFIDENCE) == ("fr", True)


def test_it_strips_newlines_and_handles_empty_text() -> None:
    assert detect_language("Le service\nclient\nest nul", [])[0] == "fr"
    assert detect_language("  \n ", ["fr", "en"]) == ("fr", 0.0)
    assert detect_language("", []) == ("und", 0.0)


def test_it_falls_back_to_the_brand_languages_when_unsure() -> None:
    # lid.176 guesses Malayalam for "Super!" with low confidence.
    unsure_lang, unsure = detect_language("Super!", [])
    assert unsure < MIN_CONFIDENCE and unsure_lang not in ("fr", "en")
    assert detect_language("Super!", ["fr", "en"])[0] == "fr"
    assert detect_language("Super!", ["en", "fr"])[0] == "en"
    # A brand language that the detector ranks among its candidates wins over the first one.
    assert detect_language("Merci", ["en", "fr"])[0] == "fr"


def test_it_keeps_a_confident_guess_outside_the_brand_languages() -> None:
    lang, confidence = detect_language("Das ist wirklich ein sehr schlechter Kundendienst", ["fr"])
    assert lang == "de" and confidence >= MIN_CONFIDENCE
