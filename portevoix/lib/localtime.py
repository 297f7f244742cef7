"""Wall-clock times typed in a brand's time zone → UTC instants, with the two DST traps named.

Python's `zoneinfo` never refuses: a time in the spring-forward gap (02:30 on the night clocks
jump from 02:00 to 03:00) silently becomes 03:30 or 01:30, and a time that happens twice on the
fall-back night silently becomes the first one (`fold=0`). A post published an hour off is a
broken promise to a client, so here a gap is an error and a repeated time is a question.

    to_utc(dt.datetime(2026, 3, 8, 2, 30), "America/Montreal")        # raises NonExistentTime
    to_utc(dt.datetime(2026, 11, 1, 1, 30), "America/Montreal")       # raises AmbiguousTime
    to_utc(dt.datetime(2026, 11, 1, 1, 30), "America/Montreal", fold=1)  # 06:30 UTC (EST)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

UTC = dt.UTC


def zone(tz: str | dt.tzinfo) -> dt.tzinfo:
    return zoneinfo.ZoneInfo(tz) if isinstance(tz, str) else tz


@dataclass(frozen=True)
class Instant:
    """One of the two readings of a repeated wall-clock time."""

    fold: int
    utc: dt.datetime
    local: dt.datetime  # aware, in the zone

    @property
    def label(self) -> str:
        """ "01:30 EDT (UTC−4)": the abbreviation and the offset, what people recognise."""
        return f"{self.local:%H:%M} {self.local.tzname()} ({offset_label(self.local)})"


class LocalTimeError(ValueError):
    def __init__(self, naive: dt.datetime, tz: dt.tzinfo) -> None:
        super().__init__(f"{naive.isoformat()} in {tz}")
        self.naive = naive
        self.tz = tz


class NonExistentTime(LocalTimeError):
    """The clocks skip this time on that day (spring forward)."""


class AmbiguousTime(LocalTimeError):
    """The clocks show this time twice on that day (fall back); `options` are both instants,
    earlier first."""

    def __init__(self, naive: dt.datetime, tz: dt.tzinfo, options: tuple[Instant, Instant]) -> None:
        super().__init__(naive, tz)
        self.options = options


def offset_label(aware: dt.datetime) -> str:
    offset = aware.utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"  # a real minus sign, as typographers and ISO 8601 ask
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def _round_trips(naive: dt.datetime, tz: dt.tzinfo, fold: int) -> bool:
    local = naive.replace(tzinfo=tz, fold=fold)
    back = local.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return back == naive


def options_for(naive: dt.datetime, tz: str | dt.tzinfo) -> tuple[Instant, ...]:
    """Every instant this wall-clock time names: none (a gap), one, or two (a repeat)."""
    tzinfo = zone(tz)
    naive = naive.replace(tzinfo=None, fold=0)
    found: list[Instant] = []
    for fold in (0, 1):
        if not _round_trips(naive, tzinfo, fold):
            continue
        local = naive.replace(tzinfo=tzinfo, fold=fold)
        utc = local.astimezone(UTC)
        if all(existing.utc != utc for existing in found):
            found.append(Instant(fold=fold, utc=utc, local=local))
    return tuple(sorted(found, key=lambda i: i.utc))


def to_utc(naive_local: dt.datetime, tz: str | dt.tzinfo, fold: int | None = None) -> dt.datetime:
    """The UTC instant of a wall-clock time in `tz`. `fold` picks one reading of a repeated
    time (0: the first, 1: the second); without it a repeated time raises `AmbiguousTime`."""
    if naive_local.tzinfo is not None:
        raise ValueError("to_utc takes a naive wall-clock time")
    tzinfo = zone(tz)
    options = options_for(naive_local, tzinfo)
    if not options:
        raise NonExistentTime(naive_local, tzinfo)
    if len(options) == 1:
        return options[0].utc
    if fold is None:
        raise AmbiguousTime(naive_local, tzinfo, (options[0], options[1]))
    return options[1].utc if fold else options[0].utc


def to_local(instant: dt.datetime, tz: str | dt.tzinfo) -> dt.datetime:
    """An aware instant as an aware datetime in `tz` (its `fold` set, so it round-trips)."""
    if instant.tzinfo is None:
        raise ValueError("to_local takes an aware datetime")
    return instant.astimezone(zone(tz))


def fold_of(instant: dt.datetime, tz: str | dt.tzinfo) -> int | None:
    """For an instant whose wall-clock time is repeated in `tz`: which reading it is (0/1);
    None when the time happens once. Moving it to another day keeps this only if needed."""
    local = to_local(instant, tz)
    if len(options_for(local.replace(tzinfo=None), tz)) < 2:
        return None
    return local.fold
