"""Detecting spikes in closed minute buckets and raising alerts (with their mentions)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from portevoix.accounts.models import Brand
from portevoix.alerts import delivery
from portevoix.alerts.detector import SHARE_EPSILON, WARMUP, decay, step, zscore
from portevoix.alerts.models import Alert, AlertKind, AlertSettings, SeriesState
from portevoix.listening.models import Mention, MonitorQuery, QueryBucket, Sentiment

# A minute is read once it has been closed this long: late mentions and their sentiment (the
# worker classifies in batches within seconds) are in by then.
GRACE = dt.timedelta(seconds=60)
LOOKBACK = dt.timedelta(hours=6)
MENTIONS_PER_ALERT = 50


def settings_for(brand: Brand | int) -> AlertSettings:
    brand_id = brand if isinstance(brand, int) else brand.pk
    found, _created = AlertSettings.objects.get_or_create(brand_id=brand_id)
    return found


def closed_before(now: dt.datetime) -> dt.datetime:
    return (now - GRACE).replace(second=0, microsecond=0)


def detect(now: dt.datetime | None = None) -> list[Alert]:
    """Read every closed minute not read yet, query by query; raise what spikes."""
    now = now or timezone.now()
    cutoff = closed_before(now)
    buckets = QueryBucket.objects.filter(start__lt=cutoff, start__gte=cutoff - LOOKBACK).order_by(
        "query_id", "start"
    )
    per_query: dict[int, list[QueryBucket]] = defaultdict(list)
    states = {s.query_id: s for s in SeriesState.objects.all()}
    for bucket in buckets:
        state = states.get(bucket.query_id)
        if state is None or state.last_bucket is None or bucket.start > state.last_bucket:
            per_query[bucket.query_id].append(bucket)
    queries = MonitorQuery.objects.in_bulk(list(per_query))
    raised: list[Alert] = []
    for query_id, rows in per_query.items():
        query = queries.get(query_id)
        if query is None:
            continue
        with transaction.atomic():
            state, _created = SeriesState.objects.select_for_update().get_or_create(query=query)
            rows = [b for b in rows if state.last_bucket is None or b.start > state.last_bucket]
            raised += _read(query, state, rows)
            state.save()
    return raised


def _read(query: MonitorQuery, state: SeriesState, rows: list[QueryBucket]) -> list[Alert]:
    conf = settings_for(query.brand_id)
    raised = []
    for bucket in rows:
        if state.last_bucket is not None:
            gap = int((bucket.start - state.last_bucket).total_seconds() // 60) - 1
            state.volume_mean, state.volume_var = decay(state.volume_mean, state.volume_var, gap)
            state.volume_seen += max(gap, 0)
        z = zscore(state.volume_mean, state.volume_var, bucket.count)
        if (
            conf.enabled
            and state.volume_seen >= WARMUP
            and z >= conf.threshold
            and bucket.count >= conf.min_mentions
        ):
            raised += _raise(
                query, conf, AlertKind.VOLUME, bucket, bucket.count, state.volume_mean, z
            )
        state.volume_mean, state.volume_var = step(
            state.volume_mean, state.volume_var, bucket.count
        )
        state.volume_seen += 1
        if bucket.count >= conf.min_mentions:
            share = bucket.negative / bucket.count
            sz = zscore(state.share_mean, state.share_var, share, SHARE_EPSILON)
            if conf.enabled and state.share_seen >= WARMUP and sz >= conf.threshold:
                raised += _raise(
                    query, conf, AlertKind.NEGATIVE, bucket, share, state.share_mean, sz
                )
            state.share_mean, state.share_var = step(state.share_mean, state.share_var, share)
            state.share_seen += 1
        state.last_bucket = bucket.start
    return raised


def _raise(
    query: MonitorQuery,
    conf: AlertSettings,
    kind: str,
    bucket: QueryBucket,
    observed: float,
    expected: float,
    z: float,
) -> list[Alert]:
    window = dt.timedelta(minutes=conf.at_most_every)
    recent = Alert.objects.filter(
        query=query, kind=kind, throttled=False, bucket_start__gte=bucket.start - window
    ).exists()
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                brand_id=query.brand_id,
                query=query,
                kind=kind,
                bucket_start=bucket.start,
                observed=observed,
                expected=expected,
                zscore=round(z, 2),
                throttled=recent,
            )
    except IntegrityError:
        return []  # another sweep raised it
    negative_first = Case(
        When(sentiment=Sentiment.NEGATIVE, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    causes = (
        Mention.objects.filter(
            # The brand is implied by the query; said, it lets the (brand, date) index serve.
            brand_id=query.brand_id,
            queries=query,
            published_at__gte=bucket.start,
            published_at__lt=bucket.start + dt.timedelta(minutes=1),
        )
        .order_by(negative_first, "-reach", "-pk")
        .values_list("pk", flat=True)[:MENTIONS_PER_ALERT]
    )
    alert.mentions.set(list(causes))
    if not recent:
        transaction.on_commit(lambda: delivery.deliver(alert.pk))
    return [alert]
