"""Keyphrases of a mention with YAKE! (unsupervised, per-language stop words, no model).

≈ 3 ms for a 110-character post on one core (it was ≈ 8 ms: two thirds of it went to YAKE's
pure-Python Levenshtein in its de-duplication, now computed by jellyfish, same figures).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jellyfish

# Phrases of up to this many words ("service client injoignable").
MAX_WORDS = 3
# YAKE's own deduplication (seqm) keeps "service client" beside "service client injoignable";
# phrases whose words all appear in a better one are dropped here, from this many candidates.
CANDIDATES_PER_PHRASE = 3
SUPPORTED = frozenset({"fr", "en"})
# Links and @handles are not phrases; a hashtag's word is ("#panne" → "panne").
_NOISE = re.compile(r"https?://\S+|@\w+")


def similarity(a: str, b: str) -> float:
    """YAKE's "seqm" similarity (1 − Levenshtein distance / longer length), in Rust."""
    return 1 - jellyfish.levenshtein_distance(a, b) / max(len(a), len(b), 1)


@cache
def _extractor(lang: str, n: int) -> Any:
    # Imported here: yake pulls in networkx (~1 s), which every web process and worker would
    # otherwise pay at start-up though only the enrichment worker extracts keyphrases.
    import yake

    extractor = yake.KeywordExtractor(lan=lang, n=MAX_WORDS, top=n * CANDIDATES_PER_PHRASE)
    # yake 0.6 computes it with a numpy matrix filled one cell at a time (≈ 0.4 ms a pair,
    # 60 pairs a post); the value is the same (tests compare the two).
    extractor.dedup_function = similarity
    return extractor


def keyphrases(text: str, lang: str, n: int = 5) -> list[str]:
    """Up to `n` keyphrases of `text`, most relevant first (French stop words for "fr",
    English otherwise)."""
    clean = " ".join(_NOISE.sub(" ", text).replace("#", " ").split())
    if not clean or n <= 0:
        return []
    extractor = _extractor(lang if lang in SUPPORTED else "en", n)
    kept: list[str] = []
    kept_words: list[set[str]] = []
    for phrase, _score in extractor.extract_keywords(clean):
        words = set(phrase.lower().split())
        if any(words <= other for other in kept_words):
            continue
        kept.append(phrase)
        kept_words.append(words)
        if len(kept) == n:
            break
    return kept
