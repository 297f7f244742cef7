"""The EWMA z-score detector: quiet series stay quiet, a burst is flagged, and the vector form
(used for 100k series) computes exactly what the per-query form computes."""

from __future__ import annotations

import numpy as np

from portevoix.alerts.detector import EwmaDetector, decay, step, zscore


def test_it_flags_a_burst_after_its_warm_up_and_nothing_before() -> None:
    rng = np.random.default_rng(7)
    detector = EwmaDetector(3, warmup=30)
    flagged: list[tuple[int, int]] = []
    for minute in range(200):
        values = rng.poisson([2, 10, 0.2]).astype(float)
        if minute == 150:
            values[0] = 40  # a bad buzz on series 0
        if minute == 10:
            values[1] = 80  # too early to know what is usual
        flagged += [(minute, int(i)) for i in detector.update(values)]
    assert (150, 0) in flagged
    assert (10, 1) not in flagged
    assert len(flagged) <= 3  # Poisson noise at z ≥ 4 is rare


def test_it_ignores_a_big_z_on_a_handful_of_mentions() -> None:
    detector = EwmaDetector(1, warmup=5, min_count=5)
    for _ in range(50):
        detector.update(np.array([0.0]))
    assert list(detector.update(np.array([3.0]))) == []
    assert list(detector.update(np.array([12.0]))) == [0]


def test_the_scalar_form_matches_the_vector_form() -> None:
    detector = EwmaDetector(1)
    mean = var = 0.0
    for value in [3, 0, 5, 8, 1, 0, 0, 2]:
        assert (
            abs(
                zscore(mean, var, value)
                - float((value - detector.mean[0]) / np.sqrt(detector.var[0] + 1.0))
            )
            < 1e-9
        )
        detector.update(np.array([float(value)]))
        mean, var = step(mean, var, value)
        assert abs(mean - detector.mean[0]) < 1e-12 and abs(var - detector.var[0]) < 1e-12


def test_quiet_minutes_decay_the_baseline() -> None:
    mean, var = 10.0, 4.0
    later, _ = decay(mean, var, 60)
    assert later < mean * 0.35
