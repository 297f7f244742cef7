"""Spike detection over 100k query series: the cost of one minute's streaming update.

Goal (benchmarks.md): ≤ 10 ms per bucket for 100k series. Baseline run beside it: the same
EWMA update done series by series in Python (what a per-query loop costs), checked to flag
exactly the same series. Also reports recall on injected bursts and the false-alarm rate on
Poisson noise. Fixed seed; about 20 s.
"""

from __future__ import annotations

import time

import numpy as np

from portevoix.alerts.detector import THRESHOLD, WARMUP, EwmaDetector, step, zscore

SERIES = 100_000
MINUTES = 240
NAIVE_SERIES = 5_000  # the per-series loop is timed on a slice and scaled


def main() -> None:
    rng = np.random.default_rng(2026)
    rates = rng.gamma(0.6, 2.0, SERIES)  # most queries are quiet, a few are busy
    bursts = {
        int(s): int(rng.integers(WARMUP + 60, MINUTES))
        for s in rng.choice(SERIES, 200, replace=False)
    }
    detector = EwmaDetector(SERIES)
    naive_mean = np.zeros(NAIVE_SERIES)
    naive_var = np.zeros(NAIVE_SERIES)
    engine_times: list[float] = []
    naive_times: list[float] = []
    found: set[tuple[int, int]] = set()
    alarms = 0
    mismatches = 0
    for minute in range(MINUTES):
        values = rng.poisson(rates).astype(float)
        for series, at in bursts.items():
            if at == minute:
                values[series] += max(25, 10 * rates[series])
        started = time.perf_counter()
        flagged = detector.update(values)
        engine_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        naive_flags = []
        for i in range(NAIVE_SERIES):
            value = values[i]
            z = zscore(naive_mean[i], naive_var[i], value)
            if minute >= WARMUP and z >= THRESHOLD and value >= 5:
                naive_flags.append(i)
            naive_mean[i], naive_var[i] = step(naive_mean[i], naive_var[i], value)
        naive_times.append(time.perf_counter() - started)
        if [int(i) for i in flagged if i < NAIVE_SERIES] != naive_flags:
            mismatches += 1
        for series in flagged:
            if bursts.get(int(series)) == minute:
                found.add((int(series), minute))
            else:
                alarms += 1
    engine_ms = 1000 * float(np.median(engine_times))
    naive_ms = 1000 * float(np.median(naive_times)) * SERIES / NAIVE_SERIES
    recall = len(found) / len(bursts)
    false_rate = alarms / (SERIES * (MINUTES - WARMUP))
    print(f"series: {SERIES:,}, minutes: {MINUTES}, injected bursts: {len(bursts)}")
    print(
        f"engine (numpy EWMA): {engine_ms:.2f} ms per bucket (median), p95 {1000 * float(np.percentile(engine_times, 95)):.2f} ms"
    )
    print(
        f"naive per-series loop: {naive_ms:.0f} ms per bucket (scaled from {NAIVE_SERIES:,} series)"
    )
    print(
        f"ratio: {naive_ms / engine_ms:.0f}x faster; exactness: {'same flags' if not mismatches else f'{mismatches} minutes differ'}"
    )
    print(
        f"recall on bursts: {recall:.1%}; false alarms: {alarms} ({false_rate:.2e} per series-minute)"
    )
    verdict = engine_ms <= 10 and not mismatches
    print(f"verdict: {'PASS' if verdict else 'FAIL'} (goal ≤ 10 ms per bucket for 100k series)")


if __name__ == "__main__":
    main()
