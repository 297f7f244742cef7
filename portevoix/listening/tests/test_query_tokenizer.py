from hypothesis import given
from hypothesis import strategies as st

from portevoix.lib.textfold import (
    fold,
    fold_tokens,
    folded_token_text,
    has_raw_token,
    tokenize,
    tokenize_reference,
)


def folded(text: str) -> list[str]:
    return tokenize(text).folded


def test_it_folds_case_and_accents():
    assert folded("Médias MÉDIAS médias") == ["medias"] * 3
    assert fold("À Ça Où Ê Ë") == "a ca ou e e"


def test_it_folds_ligatures_and_sharp_s():
    assert folded("Œuvre cœur Æther Straße STRASSE") == [
        "oeuvre",
        "coeur",
        "aether",
        "strasse",
        "strasse",
    ]


def test_it_applies_nfkc_first():
    assert folded("ﬁn x² Ｃａｆé") == ["fin", "x2", "cafe"]
    assert folded("e\u0301te\u0301") == ["ete"]  # decomposed input


def test_it_splits_on_apostrophes_and_hyphens():
    assert folded("l’entreprise l'équipe Saint-Laurent aujourd’hui") == [
        "l",
        "entreprise",
        "l",
        "equipe",
        "saint",
        "laurent",
        "aujourd",
        "hui",
    ]


def test_it_keeps_hashtag_and_handle_markers():
    assert folded("#Café-Lumière @CafeLumiere") == ["#cafe", "lumiere", "@cafelumiere"]


def test_it_ignores_a_marker_glued_to_a_word():
    assert folded("contact@cafe.ca no#tag") == ["contact", "cafe", "ca", "no", "tag"]


def test_it_drops_emojis_and_punctuation():
    assert folded("☕😀 génial!!! 👍🏽 — vraiment… _ok_") == ["genial", "vraiment", "ok"]


def test_it_keeps_the_raw_form_beside_the_folded_one():
    tokens = tokenize("Le #Café Straße")
    assert tokens.raw == ["Le", "#Café", "Straße"]
    assert tokens.folded == ["le", "#cafe", "strasse"]


def test_it_keeps_other_scripts_whole():
    assert folded("Ελληνικά 한국어 русский") == ["ελληνικα", "한국어", "русскии"]


@given(
    st.text(
        alphabet=st.sampled_from(list("aéE #@_-'’œßx1 \u0301😀.")) | st.characters(), max_size=40
    )
)
def test_it_matches_the_reference_tokeniser(text):
    assert tokenize(text) == tokenize_reference(text)


@given(
    st.text(
        alphabet=st.sampled_from(list("aéE #@_-'’œßıŋx1 \u0301😀.«»ǅİ²ﬁ\ufe0f")) | st.characters(),
        max_size=40,
    )
)
def test_it_folds_the_fast_way_as_the_reference_does(text):
    assert fold_tokens(text) == tokenize_reference(text).folded


def test_it_folds_french_posts_the_fast_way():
    text = "L’équipe du Café-Lumière 😀 a adoré la crème brûlée ! #Déjà @CafeLumiere, œuvre…"
    assert fold_tokens(text) == tokenize_reference(text).folded
    assert folded_token_text("Café #Lumière").split() == ["cafe", "#lumiere"]


@given(
    st.text(alphabet=st.sampled_from(list("aAéÉ #@_-'’x1\u0301😀.")), max_size=30),
    st.sampled_from(["a", "A", "aé", "#a", "@A", "x1", "Aé", "é"]),
)
def test_it_finds_a_raw_token_without_splitting_the_text(text, token):
    tokens = tokenize_reference(text).raw
    forms = set(tokens) | {t[1:] for t in tokens if t[0] in "#@"}
    assert has_raw_token(text, token) == (token in forms)
