"""Every write of publishing: the sweep that claims due targets, and the publish of one target.

State machine of a target, from `scheduled` (set by the editorial app on approval):

    scheduled ──sweep, due──▶ queued ──worker takes it──▶ publishing ──▶ published
        ▲  ▲                   ▲                              │
        │  └─ Unavailable (backoff), RateLimited, Quota ◀─────┤
        │                      │                              ├─▶ failed (Rejected, quality
        │      unknown ──sweep─┘ (the worker looks up first)  │    refused, gave up)
        │         ▲                                           ├─▶ unknown (OutcomeUnknown)
        └─ paused ◀── AuthExpired, or the account needs reconnecting when due
           (back to scheduled when the account is active again)

A worker that dies leaves `queued` (re-enqueued after PORTEVOIX_PUBLISH_REQUEUE_SECONDS) or
`publishing` (after PORTEVOIX_PUBLISH_LEASE_SECONDS it becomes `unknown`: looked up before any
new post, because the platform may have it). Every move is a conditional UPDATE on the state
the mover expects, so two sweeps or two workers never both act on one target.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portevoix.connectors.models import AccountStatus, ConnectedAccount
from portevoix.editorial.models import PostTarget, TargetStatus
from portevoix.publishing.publish import publish_target

__all__ = [
    "SweepResult",
    "claim_due",
    "publish_target",
    "publish_targets",
    "recover_stale",
    "resume_account_targets",
    "sweep",
]

log = logging.getLogger(__name__)
S = TargetStatus
BATCH = 500  # rows per claim transaction: short write locks on SQLite, few round trips
# Targets per message. Receiving, acknowledging and running a message cost a worker about as
# much CPU as publishing one target (bench/publish.py), so a message carries several; few
# enough that a burst still spreads over every worker thread at once.
PER_MESSAGE = 8
MAX_PER_SWEEP = 50_000  # a sweep ends; the next one, seconds later, takes the rest


def lease() -> dt.timedelta:
    """How long a worker may hold a target in `publishing` (longer than any HTTP timeout)."""
    return dt.timedelta(seconds=float(getattr(settings, "PORTEVOIX_PUBLISH_LEASE_SECONDS", 120)))


def requeue_after() -> dt.timedelta:
    """How long a `queued` target may wait for a worker before it is enqueued again."""
    seconds = getattr(settings, "PORTEVOIX_PUBLISH_REQUEUE_SECONDS", 120)
    return dt.timedelta(seconds=float(seconds))


@dataclass
class SweepResult:
    claimed: list[int] = field(default_factory=list)
    requeued: list[int] = field(default_factory=list)
    paused: int = 0
    resumed: int = 0
    recovered: int = 0


def _due(now: dt.datetime) -> Q:
    return Q(status__in=[S.SCHEDULED, S.UNKNOWN], scheduled_at__lte=now) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def sweep(now: dt.datetime | None = None, *, batch: int = BATCH) -> SweepResult:
    """Run by beat every few seconds: pause, resume, recover, then claim and fan out."""
    now = now or timezone.now()
    result = SweepResult()
    result.resumed = resume_reconnected()
    result.paused = pause_unusable(now)
    result.recovered = recover_stale(now)
    result.requeued = requeue_stale(now)
    while len(result.claimed) < MAX_PER_SWEEP:
        ids = claim_due(now, batch=batch)
        result.claimed += ids
        if len(ids) < batch:
            break
    return result


def claim_due(now: dt.datetime, *, batch: int = BATCH) -> list[int]:
    """Claim up to `batch` due targets of active accounts; enqueue them once committed.

    One code path for both databases. On PostgreSQL `FOR UPDATE SKIP LOCKED` makes concurrent
    sweeps take disjoint rows instead of waiting; SQLite ignores it, and its IMMEDIATE
    transactions already run one writer at a time. The conditional UPDATE is the guard in
    both cases, and only the rows it changed (re-selected by this sweep's token) go out.
    """
    with transaction.atomic():
        ids = list(
            PostTarget.objects.filter(_due(now), account__status=AccountStatus.ACTIVE)
            .order_by("scheduled_at", "pk")
            .select_for_update(skip_locked=True, of=("self",))
            .values_list("pk", flat=True)[:batch]
        )
        if not ids:
            return []
        token = timezone.now()
        PostTarget.objects.filter(pk__in=ids, status__in=[S.SCHEDULED, S.UNKNOWN]).update(
            status=S.QUEUED, claimed_at=token
        )
        mine = list(
            PostTarget.objects.filter(pk__in=ids, status=S.QUEUED, claimed_at=token).values_list(
                "pk", flat=True
            )
        )
        transaction.on_commit(lambda: enqueue(mine))
    return mine


def enqueue(target_ids: list[int]) -> None:
    """One task per PER_MESSAGE targets, sent in one go: one producer for the batch, and on
    Redis one pipeline round trip per batch instead of one LPUSH each (kombu's
    `Producer.batch`; brokers without batches send each message at once). A batch that fails
    to send leaves its targets `queued`: `requeue_stale` sends them again; so does a message
    lost with its worker, for the targets it had not taken yet."""
    # Imported here: tasks import this module (a task is one call to an action).
    from portevoix.celery import app
    from portevoix.publishing.tasks import publish_targets_task

    with app.producer_or_acquire() as producer, producer.batch(max_size=BATCH):
        for start in range(0, len(target_ids), PER_MESSAGE):
            chunk = list(target_ids[start : start + PER_MESSAGE])
            publish_targets_task.apply_async((chunk,), producer=producer)


def publish_targets(target_ids: list[int]) -> None:
    """`publish_target` for each, in turn. One that fails unexpectedly (the database went
    away) does not hold the others back: it stays `queued` or `publishing`, and the sweep
    sends it again or looks it up, as for a worker that died."""
    for target_id in target_ids:
        try:
            publish_target(target_id)
        except Exception:
            log.exception("publishing target %s failed", target_id)


def waiting_in_queue() -> int | None:
    """Messages waiting in the publish queue (None: the broker could not say)."""
    from kombu.exceptions import ChannelError

    from portevoix.celery import app

    queue = app.amqp.router.route({}, "portevoix.publishing.tasks.publish_target_task")["queue"]
    try:
        with app.connection_for_read() as connection:
            channel = connection.default_channel
            declared = channel.queue_declare(queue=queue.name, passive=True)  # type: ignore[attr-defined]
    except ChannelError:
        return 0  # no such queue: Redis drops an empty list, RabbitMQ has none declared yet
    except Exception:
        log.warning("could not read the publish queue's length", exc_info=True)
        return None
    return int(declared.message_count)


def pause_unusable(now: dt.datetime) -> int:
    """Due targets whose account cannot publish (needs reconnecting) wait in `paused`."""
    return (
        PostTarget.objects.filter(_due(now))
        .exclude(account__status=AccountStatus.ACTIVE)
        .update(status=S.PAUSED)
    )


def resume_account_targets(account: ConnectedAccount) -> int:
    """Once the account is reconnected its paused targets are scheduled again (the connectors
    app may call this on reconnect; the sweep does it anyway within seconds)."""
    if account.status != AccountStatus.ACTIVE:
        return 0
    return PostTarget.objects.filter(account=account, status=S.PAUSED).update(
        status=S.SCHEDULED, next_attempt_at=None
    )


def resume_reconnected() -> int:
    return PostTarget.objects.filter(status=S.PAUSED, account__status=AccountStatus.ACTIVE).update(
        status=S.SCHEDULED, next_attempt_at=None
    )


def recover_stale(now: dt.datetime) -> int:
    """A worker died while talking to the platform: the post may exist, so the target becomes
    `unknown`, and the worker that takes it next looks it up before posting anything."""
    return PostTarget.objects.filter(status=S.PUBLISHING, claimed_at__lt=now - lease()).update(
        status=S.UNKNOWN, next_attempt_at=now, last_error="The worker stopped while publishing."
    )


def requeue_stale(now: dt.datetime) -> list[int]:
    """A `queued` target whose task was lost with its worker is sent again. Sending twice is
    harmless (a worker takes a target only with a conditional UPDATE) but not free: while the
    publish queue still holds messages, a target queued long ago may simply be waiting behind
    a burst (10,000 due at once take about a minute), so nothing is sent until it drains."""
    stale = PostTarget.objects.filter(status=S.QUEUED, claimed_at__lt=now - requeue_after())
    if not stale.exists() or waiting_in_queue():
        return []
    with transaction.atomic():
        pks = list(
            stale.select_for_update(skip_locked=True, of=("self",)).values_list("pk", flat=True)[
                :MAX_PER_SWEEP
            ]
        )
        token = timezone.now()
        stale.filter(pk__in=pks).update(claimed_at=token)
        ids = list(
            PostTarget.objects.filter(pk__in=pks, status=S.QUEUED, claimed_at=token).values_list(
                "pk", flat=True
            )
        )
        if ids:
            transaction.on_commit(lambda: enqueue(ids))
    return ids
