"""Per-brand learning from users' one-click sentiment corrections.

The shared heads cannot know that, for a ski resort, "de la poudreuse, c'est malade" is praise,
or that a brand's fans say "sick". Each correction is kept as (embedding, label); a new text
whose embedding is close to corrected ones takes their label (a nearest-neighbour override).
Nearest neighbours rather than retraining the head: one correction takes effect at once, it
only reaches texts that say nearly the same thing, and undoing it is deleting it.

Measured on e5-small (4-bit) cosine similarities: paraphrases of one post score 0.95–0.99;
unrelated posts of one language 0.75–0.85. OVERRIDE_AT sits between the two.

Stored per brand as JSON (`to_json` / `from_json`); embeddings are float16, base64-encoded
(1 KB per correction), and only the newest MAX_CORRECTIONS are kept.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from portevoix.listening.nlp import embedder
from portevoix.listening.nlp.heads import LABELS

OVERRIDE_AT = 0.92
MAX_CORRECTIONS = 500
FORMAT_VERSION = 1


@dataclass
class BrandSentimentModel:
    """A brand's corrections; `adjust` applies them on top of the shared heads."""

    vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, embedder.DIM), np.float32))
    labels: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.labels)

    def add_correction(self, text_or_embedding: str | np.ndarray, label: str) -> None:
        """Learn that this text (or its embedding, as stored with the mention) is `label`."""
        if label not in LABELS:
            raise ValueError(f"label must be one of {LABELS}")
        if isinstance(text_or_embedding, str):
            vector = embedder.embed([text_or_embedding])[0]
        else:
            vector = np.asarray(text_or_embedding, dtype=np.float32).reshape(-1)
            if vector.shape != (embedder.DIM,):
                raise ValueError(f"an embedding has {embedder.DIM} values")
            vector = vector / max(float(np.linalg.norm(vector)), 1e-12)
        self.vectors = np.vstack([self.vectors, vector[None, :]])[-MAX_CORRECTIONS:]
        self.labels = [*self.labels, label][-MAX_CORRECTIONS:]

    def adjust(self, embeddings: np.ndarray, probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(probabilities, decided-by-brand mask) after the brand's corrections.

        A text at cosine ≥ OVERRIDE_AT from corrected texts takes the label with the largest
        summed similarity among them; its probabilities become that label with the head's
        own probabilities mixed in at the weight (1 − best similarity) so the score still
        reads as a probability.
        """
        probs = np.array(probs, dtype=np.float64, copy=True)
        decided = np.zeros(len(probs), dtype=bool)
        if not len(self) or not len(probs):
            return probs, decided
        sims = np.asarray(embeddings, dtype=np.float32) @ self.vectors.T  # (n, corrections)
        label_index = np.array([LABELS.index(label) for label in self.labels])
        for i, row in enumerate(sims):
            close = row >= OVERRIDE_AT
            if not close.any():
                continue
            votes = np.bincount(label_index[close], weights=row[close], minlength=3)
            target = np.zeros(3)
            target[int(votes.argmax())] = 1.0
            weight = float(row[close].max())
            probs[i] = weight * target + (1 - weight) * probs[i]
            decided[i] = True
        return probs, decided

    def to_json(self) -> dict[str, Any]:
        return {
            "version": FORMAT_VERSION,
            "dim": embedder.DIM,
            "corrections": [
                {"label": label, "embedding": _encode(vector)}
                for vector, label in zip(self.vectors, self.labels, strict=True)
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> BrandSentimentModel:
        """The model stored by to_json; an empty model for None or {}."""
        if not data:
            return cls()
        if data.get("version") != FORMAT_VERSION or data.get("dim") != embedder.DIM:
            raise ValueError("unknown brand sentiment model format")
        corrections: Sequence[dict[str, str]] = data.get("corrections", [])
        model = cls()
        if corrections:
            model.vectors = np.vstack([_decode(c["embedding"]) for c in corrections])
            model.labels = [c["label"] for c in corrections]
        return model


def _encode(vector: np.ndarray) -> str:
    return base64.b64encode(vector.astype("<f2").tobytes()).decode("ascii")


def _decode(text: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)[None, :]
