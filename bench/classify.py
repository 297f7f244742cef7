"""Classification of matched mentions: language id texts/s and sentiment posts/s on one core.

    .venv/bin/python -m bench classify

Goals (design/benchmarks.md): language identification ≥ 20k texts/s; sentiment ≥ 40 posts/s
per core in batches. Posts are generated from a fixed seed (French, Québec French and English
fragments, 40–260 characters, like real mentions). Each figure is printed beside a baseline run
in the same process, because the machine is shared and absolute times drift:
- language: fastText's own `predict` on the same texts (the floor our wrapper adds to);
- sentiment: the VADER lexicons on the same posts (the fallback), and the embedder alone.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable

# One core: the engine's OpenMP threads are pinned before it loads.
os.environ["OMP_NUM_THREADS"] = "1"

from portevoix.listening.nlp import (
    classify_sentiment,
    classify_with_lexicon,
    detect_language,
    embedder,
    language,
)

SEED = 20261201
LANG_TEXTS = 20_000
SENTIMENT_POSTS = 240
BATCH = 48
LANG_GOAL = 20_000
SENTIMENT_GOAL = 40

FRAGMENTS = {
    "fr": [
        "le service client ne répond plus depuis une semaine",
        "merci à l'équipe pour la livraison rapide",
        "la nouvelle application est vraiment pratique",
        "encore une panne de la box ce matin",
        "c'est écoeurant, la meilleure poutine en ville",
        "de la marde ce forfait, trop cher pour rien",
        "quelqu'un sait si la boutique ouvre dimanche",
        "le colis est arrivé abîmé, je suis déçu",
        "bravo pour la nouvelle collection",
        "on attend depuis deux heures au guichet",
    ],
    "en": [
        "customer support has not answered in a week",
        "thanks to the team for the fast delivery",
        "the new app is really handy",
        "another outage this morning, great",
        "best coffee in town, the staff are lovely",
        "does the store open on Sundays",
        "my package arrived damaged, so disappointed",
        "love the new collection",
        "two hours on hold and they hung up",
        "the update finally fixed the battery drain",
    ],
}
EXTRAS = ["#fail", "@marque", "🙃", "👏", "!!", "https://t.co/abc123", "lol", "😡"]


def make_posts(n: int, rng: random.Random) -> tuple[list[str], list[str]]:
    texts, langs = [], []
    for _ in range(n):
        lang = rng.choice(["fr", "fr", "en"])
        parts = rng.sample(FRAGMENTS[lang], rng.randint(1, 4))
        parts += rng.sample(EXTRAS, rng.randint(0, 2))
        texts.append(", ".join(parts))
        langs.append(lang)
    return texts, langs


def rate(label: str, n: int, run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    per_second = n / (time.perf_counter() - start)
    print(f"  {label}: {per_second:,.0f}/s")
    return per_second


def verdict(value: float, goal: float) -> str:
    return "PASS" if value >= goal else "FAIL"


def main() -> None:
    rng = random.Random(SEED)
    texts, langs = make_posts(LANG_TEXTS, rng)
    chars = sum(map(len, texts)) / len(texts)
    print(f"language identification, {LANG_TEXTS:,} posts of {chars:.0f} characters on average")
    model = language._detector()._get_model(low_memory=True)
    flat = [" ".join(t.split()) for t in texts]
    detect_language(flat[0], ["fr"])  # load outside the timing
    floor = rate("baseline fastText predict", len(flat), lambda: [model.predict(t) for t in flat])
    ours = rate(
        "detect_language (brand fr, en)",
        len(texts),
        lambda: [detect_language(t, ["fr", "en"]) for t in texts],
    )
    print(
        f"  ratio to baseline {ours / floor:.2f}; goal ≥ {LANG_GOAL:,}/s: {verdict(ours, LANG_GOAL)}"
    )

    posts, post_langs = texts[:SENTIMENT_POSTS], langs[:SENTIMENT_POSTS]
    print(f"sentiment, {SENTIMENT_POSTS} posts in batches of {BATCH}, one core")
    embedder.embed(posts[:2])  # load outside the timing
    lexicon = rate(
        "baseline VADER lexicons", len(posts), lambda: classify_with_lexicon(posts, post_langs)
    )
    embedder.clear_cache()
    embedding = rate("embedder alone", len(posts), lambda: embedder.embed(posts))

    def batches(texts: list[str], text_langs: list[str]) -> None:
        for i in range(0, len(texts), BATCH):
            classify_sentiment(texts[i : i + BATCH], text_langs[i : i + BATCH])

    embedder.clear_cache()
    ours = rate(
        "classify_sentiment (e5 + heads), unique posts",
        len(posts),
        lambda: batches(posts, post_langs),
    )
    print(
        f"  ratio to lexicon {ours / lexicon:.4f}, to embedder alone {ours / embedding:.2f}; "
        f"goal ≥ {SENTIMENT_GOAL}/s: {verdict(ours, SENTIMENT_GOAL)}"
    )
    # A stream where 30 % of the posts repeat an earlier one (shares, retweets, copy-paste).
    stream = list(zip(posts, post_langs, strict=True))
    repeats = rng.choices(stream[: SENTIMENT_POSTS * 7 // 10], k=SENTIMENT_POSTS * 3 // 10)
    stream = stream[: SENTIMENT_POSTS * 7 // 10] + repeats
    rng.shuffle(stream)
    embedder.clear_cache()
    with_repeats = rate(
        "classify_sentiment, 30 % repeated posts",
        len(stream),
        lambda: batches([t for t, _ in stream], [lang for _, lang in stream]),
    )
    print(f"  ratio of the stream with repeats to unique posts {with_repeats / ours:.2f}")
