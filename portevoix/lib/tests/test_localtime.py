"""Wall-clock times in both zones and both DST transitions: a gap is refused, a repeat asked."""
# ruff: noqa: DTZ001 -- wall-clock times are naive on purpose: to_utc gives them their instant.

from __future__ import annotations

import datetime as dt

import pytest

from portevoix.lib.localtime import AmbiguousTime, NonExistentTime, to_utc


@pytest.mark.parametrize(
    ("naive", "tz"),
    [
        (dt.datetime(2026, 3, 8, 2, 30), "America/Montreal"),
        (dt.datetime(2026, 3, 29, 2, 30), "Europe/Paris"),
    ],
)
def test_it_refuses_a_time_in_the_spring_forward_gap(naive: dt.datetime, tz: str) -> None:
    with pytest.raises(NonExistentTime):
        to_utc(naive, tz)
    with pytest.raises(NonExistentTime):
        to_utc(naive, tz, fold=1)


@pytest.mark.parametrize(
    ("naive", "tz", "first", "second", "labels"),
    [
        (
            dt.datetime(2026, 11, 1, 1, 30),
            "America/Montreal",
            dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC),
            ("01:30 EDT (UTC−4)", "01:30 EST (UTC−5)"),
        ),
        (
            dt.datetime(2026, 10, 25, 2, 30),
            "Europe/Paris",
            dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC),
            dt.datetime(2026, 10, 25, 1, 30, tzinfo=dt.UTC),
            ("02:30 CEST (UTC+2)", "02:30 CET (UTC+1)"),
        ),
    ],
)
def test_it_asks_which_instant_a_repeated_time_means(
    naive: dt.datetime, tz: str, first: dt.datetime, second: dt.datetime, labels: tuple[str, str]
) -> None:
    with pytest.raises(AmbiguousTime) as caught:
        to_utc(naive, tz)
    assert tuple(o.label for o in caught.value.options) == labels
    assert to_utc(naive, tz, fold=0) == first
    assert to_utc(naive, tz, fold=1) == second


def test_it_converts_an_ordinary_time_whatever_the_fold() -> None:
    expected = dt.datetime(2026, 7, 1, 13, 0, tzinfo=dt.UTC)
    assert to_utc(dt.datetime(2026, 7, 1, 9, 0), "America/Montreal") == expected
    assert to_utc(dt.datetime(2026, 7, 1, 9, 0), "America/Montreal", fold=1) == expected
