"""Reach (influence) score of a mention, 0–100: how many people it may reach, how far.

    audience   = log10(1 + followers) / log10(1 + 10,000,000)      capped at 1
                 (unknown followers: the source's typical audience, TYPICAL_AUDIENCE)
    engagement = log10(1 + likes + shares + comments) / log10(1 + 100,000)   capped at 1
                 (unknown engagement: taken equal to audience — no bonus, no penalty)
    score      = 100 × (0.7 × audience + 0.3 × engagement) × (0.5 + 0.5 × source weight)

Logarithms because audiences span seven orders of magnitude: 100 followers → 29 % of the
audience scale, 10k → 57 %, 1M → 86 %, 10M → 100 %. The source weight (0–1) says how far a
mention travels beyond its author's followers (press articles are picked up and indexed; a forum
reply rarely leaves its thread); it can halve a score, never raise it above what audience and
engagement earn. Each input raises the score monotonically; the score stays within 0–100.
To add a source, add a line to both tables.
"""

from __future__ import annotations

import math

FOLLOWERS_AT_MAX = 10_000_000
ENGAGEMENT_AT_MAX = 100_000
AUDIENCE_SHARE = 0.7

SOURCE_WEIGHTS: dict[str, float] = {
    "news": 1.0,
    "youtube": 0.9,
    "tiktok": 0.85,
    "instagram": 0.8,
    "x": 0.75,
    "facebook": 0.7,
    "linkedin": 0.7,
    "threads": 0.65,
    "bluesky": 0.6,
    "reddit": 0.6,
    "mastodon": 0.5,
    "blog": 0.5,
    "review": 0.5,
    "rss": 0.5,
    "forum": 0.4,
}
DEFAULT_SOURCE_WEIGHT = 0.5

# Audience assumed when the follower count is unknown, on the audience scale (0–1):
# 0.5 ≈ 3k followers, 0.3 ≈ 125, 0.2 ≈ 25.
TYPICAL_AUDIENCE: dict[str, float] = {
    "news": 0.6,
    "youtube": 0.35,
    "blog": 0.3,
    "review": 0.25,
    "rss": 0.3,
    "forum": 0.2,
}
DEFAULT_TYPICAL_AUDIENCE = 0.3


def _log_scale(value: float, at_max: int) -> float:
    return min(1.0, math.log10(1 + max(0.0, value)) / math.log10(1 + at_max))


def reach_score(
    followers: int | None = None,
    engagement: int | None = None,
    source: str = "",
) -> float:
    """Reach of a mention, 0–100 (one decimal). Every input may be missing (None / "")."""
    kind = source.lower()
    if followers is None:
        audience = TYPICAL_AUDIENCE.get(kind, DEFAULT_TYPICAL_AUDIENCE)
    else:
        audience = _log_scale(followers, FOLLOWERS_AT_MAX)
    engaged = audience if engagement is None else _log_scale(engagement, ENGAGEMENT_AT_MAX)
    weight = SOURCE_WEIGHTS.get(kind, DEFAULT_SOURCE_WEIGHT)
    raw = AUDIENCE_SHARE * audience + (1 - AUDIENCE_SHARE) * engaged
    return round(100 * raw * (0.5 + 0.5 * weight), 1)
