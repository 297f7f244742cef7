"""Lexicon fallback (VADER, and its French port) for when the embedder cannot load.

Clearly second best (nlp.md: 0.645 on French posts, 0.760 on English posts, blind to sarcasm and
to Québec French), but it has no native code and answers 20–30k texts/s.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

# VADER's own cut-offs on the compound score (Hutto & Gilbert, 2014).
POSITIVE_AT = 0.05
NEGATIVE_AT = -0.05


@cache
def _analyser(lang: str) -> Any:
    if lang == "fr":
        with warnings.catch_warnings():
            # fuzzywuzzy warns that it runs in pure Python; it is only used for the lexicon.
            warnings.simplefilter("ignore", UserWarning)
            from vaderSentiment_fr.vaderSentiment import SentimentIntensityAnalyzer
    else:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    return SentimentIntensityAnalyzer()


def lexicon_polarity(text: str, lang: str) -> tuple[str, float]:
    """(label, compound score in [-1, 1]); French texts use the French lexicon, others English."""
    compound = float(_analyser("fr" if lang == "fr" else "en").polarity_scores(text)["compound"])
    if compound >= POSITIVE_AT:
        return "positive", compound
    if compound <= NEGATIVE_AT:
        return "negative", compound
    return "neutral", compound
