"""A document's tokens and keys come from a cache of its whitespace-separated pieces: they must
be the tokens of the whole text, in order, whether the pieces were seen before or not."""

import threading

from hypothesis import given
from hypothesis import strategies as st

from portevoix.lib.textfold import MARKERS, tokenize_reference
from portevoix.listening.query import Document
from portevoix.listening.query import pieces as pieces_module

# Whitespace of every kind str.split knows, marks after a space, NFKC forms holding a space.
ALPHABET = (
    st.sampled_from(list("aéE #@_-'’œßx1\u0301😀.¨´\u00a0\u2003\u3000\t\n\x1c\u0085\u2028＃ﬁ²"))
    | st.characters()
)


def expected_keys(text: str) -> set[str]:
    tokens = tokenize_reference(text).folded
    return set(tokens) | {t[1:] for t in tokens if t[0] in MARKERS}


@given(st.text(alphabet=ALPHABET, max_size=40))
def test_pieces_give_the_tokens_of_the_whole_text(text):
    for _ in range(2):  # learnt, then from the cache
        doc = Document(text)
        assert doc.folded == tokenize_reference(text).folded
        assert doc.keys == expected_keys(text)


def test_a_full_cache_starts_again_and_stays_exact(monkeypatch):
    monkeypatch.setattr(pieces_module, "CACHE_SIZE", 4)
    texts = [f"Café{i} l’équipe #Déjà{i} 😀 @Bob{i}, fin." for i in range(20)]
    for text in texts * 2:
        doc = Document(text)
        assert doc.folded == tokenize_reference(text).folded
        assert doc.keys == expected_keys(text)
    assert len(pieces_module._local.cache.tokens) <= 4 + 8


def test_each_thread_has_its_own_cache():
    text = "Zorblax du Café-Lumière #Zorblax"
    seen: list[tuple[list[str], set[str]]] = []

    def build() -> None:
        doc = Document(text)
        seen.append((doc.folded, doc.keys))

    threads = [threading.Thread(target=build) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [(tokenize_reference(text).folded, expected_keys(text))] * 4
