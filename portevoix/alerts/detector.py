"""Spike ("bad buzz") detection: exponentially weighted moving average and variance per series,
and a z-score for each new minute.

For every series (one standing query) and every closed minute bucket with count x:

    z     = (x − mean) / sqrt(var + ε)
    mean ← mean + α·(x − mean)
    var  ← (1 − α)·(var + α·(x − mean_before)²)

This is the streaming form of the mean and variance over roughly the last 1/α minutes (α = 0.02:
about the last 50 minutes weigh most), so memory is three numbers per series and an update is a
few vector operations over all series at once (numpy): 100k series cost well under the 10 ms
per bucket that benchmarks.md allows (bench/spike.py measures it).

A minute raises an alert when z ≥ threshold AND the count is at least `min_count` (three
mentions instead of zero is a large z, not a bad buzz) AND the series has seen `warmup` minutes.
The negative share (negative / count) is a second series per query, updated only on minutes
with at least `min_count` mentions, alerting when the share's z passes the threshold too.
A quiet minute is an observation of 0: after a gap of k minutes a series is brought up to date
with k zero updates (`decay`), so a series costs nothing while nothing is said about it.
Heavier seasonal methods (S-H-ESD, day-of-week baselines) are for later, on the series this
cheap detector flags.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ALPHA = 0.02
THRESHOLD = 4.0
MIN_COUNT = 5
WARMUP = 30
EPSILON = 1.0  # a floor for the variance: Poisson-like counts have var ≈ mean ≥ 1 when it matters


@dataclass(frozen=True)
class Flag:
    index: int
    observed: float
    expected: float
    zscore: float


class EwmaDetector:
    """Holds `size` series; `update` takes one value per series for one minute."""

    def __init__(
        self,
        size: int,
        *,
        alpha: float = ALPHA,
        threshold: float = THRESHOLD,
        min_count: float = MIN_COUNT,
        warmup: int = WARMUP,
    ) -> None:
        self.alpha, self.threshold, self.min_count, self.warmup = (
            alpha,
            threshold,
            min_count,
            warmup,
        )
        self.mean = np.zeros(size)
        self.var = np.zeros(size)
        self.seen = np.zeros(size, dtype=np.int64)

    def update(self, values: np.ndarray, active: np.ndarray | None = None) -> np.ndarray:
        """Indices of the series that spike at this minute; then the minute is learned.

        `active` (booleans) limits the update to some series (the negative share learns only
        from minutes with enough mentions); the others keep their state.
        """
        values = np.asarray(values, dtype=np.float64)
        mask = np.ones(len(values), dtype=bool) if active is None else np.asarray(active, bool)
        diff = values - self.mean
        z = diff / np.sqrt(self.var + EPSILON)
        spikes = mask & (self.seen >= self.warmup) & (z >= self.threshold)
        spikes &= values >= self.min_count
        increment = self.alpha * diff
        self.mean = np.where(mask, self.mean + increment, self.mean)
        self.var = np.where(mask, (1 - self.alpha) * (self.var + diff * increment), self.var)
        self.seen = np.where(mask, self.seen + 1, self.seen)
        self._last_z = z
        return np.flatnonzero(spikes)

    def zscore(self, index: int) -> float:
        return float(self._last_z[index])


def step(mean: float, var: float, value: float, alpha: float = ALPHA) -> tuple[float, float]:
    """One update of one series (the scalar form of `EwmaDetector.update`)."""
    diff = value - mean
    increment = alpha * diff
    return mean + increment, (1 - alpha) * (var + diff * increment)


def zscore(mean: float, var: float, value: float, epsilon: float = EPSILON) -> float:
    return float((value - mean) / np.sqrt(var + epsilon))


# The negative share lives in [0, 1]: its variance floor is a share's, not a count's.
SHARE_EPSILON = 0.01


def decay(mean: float, var: float, minutes: int, alpha: float = ALPHA) -> tuple[float, float]:
    """The state after `minutes` quiet minutes (observations of 0), capped at a day."""
    for _ in range(min(minutes, 1440)):
        mean, var = step(mean, var, 0.0, alpha)
    return mean, var
