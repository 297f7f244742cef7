"""Logistic sentiment heads on e5-small embeddings, stored as JSON, applied with numpy.

A head is the JSON that `sentimentai-py` ships (the format is theirs, so their head is used as
is): {"type": "logistic", "dim": 384, "T": temperature, "coef": [3][384], "intercept": [3],
"classes": [-1, 0, 1]}; rows are negative, neutral, positive. To add a head, put its JSON in
`data/` and name it in HEAD_FILES.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).parent / "data"
LABELS = ("negative", "neutral", "positive")
HEAD_FILES = {
    # MIT, © Ben Wiseman, from sentimentai-py 2.0.0 (scoring/logistic/2.0/e5-small.json).
    "sentimentai": "sentimentai_e5_small_logistic.json",
    # Ours, trained by `python -m portevoix.listening.nlp.train` on data/train_posts.jsonl.
    "porte-voix": "porte_voix_head.json",
}


@dataclass(frozen=True)
class Head:
    coef: np.ndarray  # (3, dim)
    intercept: np.ndarray  # (3,)
    temperature: float = 1.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Head:
        if data.get("type") != "logistic" or list(data.get("classes", [])) != [-1, 0, 1]:
            raise ValueError("only 3-class logistic heads (classes -1, 0, 1) are supported")
        coef = np.asarray(data["coef"], dtype=np.float64)
        intercept = np.asarray(data["intercept"], dtype=np.float64)
        if coef.shape[0] != 3 or intercept.shape != (3,):
            raise ValueError("a head has 3 rows of coefficients and 3 intercepts")
        return cls(coef, intercept, float(data.get("T") or 1.0))

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "logistic",
            "dim": int(self.coef.shape[1]),
            "T": self.temperature,
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
            "classes": [-1, 0, 1],
        }

    def logits(self, embeddings: np.ndarray) -> np.ndarray:
        return np.asarray(embeddings, dtype=np.float64) @ self.coef.T + self.intercept

    def probabilities(self, embeddings: np.ndarray) -> np.ndarray:
        """(n, 3) probabilities, columns negative / neutral / positive."""
        return softmax(self.logits(embeddings) / self.temperature)


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return np.asarray(e / e.sum(axis=1, keepdims=True))


@cache
def load_head(name: str) -> Head:
    with (DATA / HEAD_FILES[name]).open(encoding="utf-8") as fh:
        return Head.from_json(json.load(fh))


def ensemble_probabilities(embeddings: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """The mean of the heads' probabilities (nlp.md: averaging beat each head on French)."""
    return np.asarray(np.mean([load_head(n).probabilities(embeddings) for n in names], axis=0))
