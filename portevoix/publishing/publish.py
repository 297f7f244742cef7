"""Publish one target, following the connectors' error table (connectors.md, "Errors") exactly.

Called through `actions.publish_target` by the worker task. No transaction is held while the
platform is called: on SQLite that would lock every other writer out for the whole request.
Each write is its own short transaction, and the platform's id is saved the moment the
connector checkpoints it, so a crash after the platform answered keeps the id.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import socket
import zoneinfo
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Role
from portevoix.connectors import actions as connectors_actions
from portevoix.connectors import errors
from portevoix.connectors.base import Connector, Draft, Media, Published, PublishState
from portevoix.editorial.models import PostMedia, PostTarget, TargetStatus
from portevoix.lib import statements
from portevoix.lib.http import make_client
from portevoix.publishing import checks
from portevoix.publishing.models import MAY_HAVE_POSTED, AttemptKind, Outcome, PublishAttempt

log = logging.getLogger(__name__)
S = TargetStatus
BACKOFF_BASE = 30.0  # seconds before the first retry of an unavailable platform
BACKOFF_CAP = 3600.0
LOOKUP_DELAY = 10.0  # a platform may need a moment before a post it just took can be found
QUOTA_DEFAULT_WAIT = 3600.0
RATE_LIMIT_DEFAULT_WAIT = 60.0


def max_attempts() -> int:
    return int(getattr(settings, "PORTEVOIX_PUBLISH_MAX_ATTEMPTS", 6))


def backoff(attempt: int) -> dt.timedelta:
    """Exponential with jitter (half to full), so a platform coming back is not stampeded."""
    ceiling = min(BACKOFF_CAP, BACKOFF_BASE * 2 ** max(attempt - 1, 0))
    return dt.timedelta(seconds=ceiling * random.uniform(0.5, 1.0))  # noqa: S311 (not crypto)


_HTTP: dict[int, httpx.Client] = {}


def http_client() -> httpx.Client:
    """One guarded HTTP client per worker process, reused for every publish: building one
    loads the CA bundle (about 25 ms of CPU), more than the rest of a publish, and a kept
    connection pool spares a TLS handshake per post. Keyed by pid: never shared over a fork."""
    client = _HTTP.get(os.getpid())
    if client is None:
        client = _HTTP[os.getpid()] = make_client()
    return client


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Run:
    """One worker's hold on one target: the token it took it with and the attempt in hand."""

    def __init__(self, target: PostTarget, attempt: PublishAttempt, token: dt.datetime) -> None:
        self.target = target
        self.attempt = attempt
        self.token = token

    def finish(
        self,
        outcome: str,
        status: str,
        *,
        error: Exception | None = None,
        message: str = "",
        published: Published | None = None,
        **target_fields: Any,
    ) -> bool:
        """Close the attempt and move the target, all or nothing, only if this worker
        still holds it (a worker whose lease ran out must not undo what another did)."""
        now = timezone.now()
        fields: dict[str, Any] = {"status": status, **target_fields}
        if self.attempt.kind == AttemptKind.PUBLISH and outcome != Outcome.REFUSED:
            fields["attempt_count"] = self.target.attempt_count + 1
        if published is not None:
            fields |= {
                "platform_id": published.platform_id,
                "platform_url": published.url[:500],
                "published_at": published.published_at or now,
                "next_attempt_at": None,
                "last_error": "",
            }
        elif message:
            fields["last_error"] = message
        moved = statements.update_both(
            (
                PostTarget,
                {"pk": self.target.pk, "status": S.PUBLISHING, "claimed_at": self.token},
                fields,
            ),
            (
                PublishAttempt,
                {"pk": self.attempt.pk},
                {
                    "finished_at": now,
                    "outcome": outcome,
                    "error_class": type(error).__name__ if error else "",
                    "message": message,
                    "platform_id": published.platform_id if published else "",
                },
            ),
        )
        for name, value in fields.items():
            setattr(self.target, name, value)
        return bool(moved)

    def next_attempt(self, kind: str) -> None:
        now = timezone.now()
        self.attempt = PublishAttempt.objects.create(
            target=self.target,
            number=self.attempt.number + 1,
            kind=kind,
            started_at=now,
            worker=worker_name(),
        )


def _queued(target_id: int) -> QuerySet[PostTarget]:
    """A queued target with what a worker needs to decide: its account, its post, its last
    attempt, whether it has media."""
    last = PublishAttempt.objects.filter(target=OuterRef("pk")).order_by("-number")
    media = PostTarget.media.through.objects.filter(posttarget=OuterRef("pk"))
    # The brand and the author are needed only to tell people of a failure: loaded then.
    return (
        PostTarget.objects.select_related("post", "account")
        .annotate(
            last_number=Subquery(last.values("number")[:1]),
            last_outcome=Subquery(last.values("outcome")[:1]),
            has_media=Exists(media),
        )
        .filter(pk=target_id, status=S.QUEUED)
        .order_by()
    )


# Compiled once per connection: compiling it cost four times what running it does.
_READ_QUEUED = statements.CompiledRead(_queued)


def take(target_id: int) -> Run | None:
    """`queued → publishing`, with the first attempt, all or nothing; None when another
    worker has it or it is not due (never early, whatever the sweep's clock said).

    The target is read first, in one query with what the worker needs to decide (its last
    attempt, whether it has media): a queued target is locked against edits, and the claim
    below is what makes the read count. If another worker took the target and recorded an
    attempt in between, the attempt number read here is taken: the unique (target, number)
    constraint refuses the insert and the whole claim is rolled back. The claim is one
    statement on PostgreSQL; on SQLite a short transaction holds the write lock (one for the
    whole database) for two statements."""
    target = _READ_QUEUED.get(target_id)
    if target is None:
        return None  # a message delivered twice, or a target another worker has
    # Annotated by _queued (None: no attempt yet).
    last_number: int | None = target.last_number  # type: ignore[attr-defined]
    last_outcome: str | None = target.last_outcome  # type: ignore[attr-defined]
    token = timezone.now()
    kind = AttemptKind.LOOKUP if last_outcome in MAY_HAVE_POSTED else AttemptKind.PUBLISH
    attempt = statements.update_then_insert(
        PostTarget,
        {"pk": target_id, "status": S.QUEUED, "scheduled_at__lte": token},
        {"status": S.PUBLISHING, "claimed_at": token},
        PublishAttempt,
        target=target,
        number=(last_number or 0) + 1,
        kind=kind,
        started_at=token,
        worker=worker_name(),
    )
    if attempt is None:
        PostTarget.objects.filter(pk=target_id, status=S.QUEUED, scheduled_at__gt=token).update(
            status=S.SCHEDULED
        )
        return None
    target.status, target.claimed_at = S.PUBLISHING, token
    return Run(target, attempt, token)


def publish_target(target_id: int) -> None:
    run = take(target_id)
    if run is None:
        return
    target = run.target
    if not target.account.is_usable:
        run.finish(Outcome.AUTH_EXPIRED, S.PAUSED, message=target.account.last_error)
        return
    if target.platform_id:
        # A previous attempt saved the platform's id and died before recording the success.
        run.finish(Outcome.FOUND, S.PUBLISHED, published=Published(target.platform_id))
        return
    connector = connectors_actions.connector_for(target.account.kind, http=http_client())
    try:
        if run.attempt.kind == AttemptKind.LOOKUP and not _look_up(run, connector):
            return
        _publish(run, connector)
    except Exception as exc:
        # A bug or an unmapped failure: the platform may have the post, so look it up later.
        log.exception("publishing target %s failed unexpectedly", target.pk)
        run.finish(
            Outcome.UNKNOWN,
            S.UNKNOWN,
            error=exc,
            message=str(exc)[:2000],
            next_attempt_at=timezone.now() + backoff(target.attempt_count + 1),
        )


def _look_up(run: Run, connector: Connector) -> bool:
    """The last attempt may have posted: ask the platform. True: go on and publish."""
    target = run.target
    state = PublishState(target.publish_state, saver=_saver(target.pk))
    try:
        found = connector.lookup(target.account.as_account(), target.idempotency_key, state)
    except errors.ConnectorError as exc:
        run.finish(
            Outcome.LOOKUP_FAILED,
            S.UNKNOWN,
            error=exc,
            message=exc.message or str(exc),
            next_attempt_at=timezone.now() + backoff(target.attempt_count + 1),
        )
        return False
    if found is not None:
        run.finish(Outcome.FOUND, S.PUBLISHED, published=found)
        return False
    PublishAttempt.objects.filter(pk=run.attempt.pk).update(
        finished_at=timezone.now(), outcome=Outcome.NOT_FOUND
    )
    run.next_attempt(AttemptKind.PUBLISH)
    return True


def _publish(run: Run, connector: Connector) -> None:
    target = run.target
    now = timezone.now()
    if target.attempt_count >= max_attempts():
        reason = _("gave up after %(n)s attempts") % {"n": target.attempt_count}
        run.finish(Outcome.REFUSED, S.FAILED, message=str(reason))
        tell_failure(target, reason)
        return
    account = target.account.as_account()
    draft = build_draft(target)
    problems = checks.recheck(connector, account, draft)
    if problems:
        run.finish(Outcome.REFUSED, S.FAILED, message="\n".join(problems))
        tell_failure(target, "\n".join(problems))
        return
    if connectors_actions.refresh_due(target.account):
        refreshed = connectors_actions.refresh_credentials(target.account, connector=connector)
        if not refreshed.is_usable:  # the refresh got AuthExpired: owners are told already
            run.finish(Outcome.AUTH_EXPIRED, S.PAUSED, message=refreshed.last_error)
            return
        target.account = refreshed
        account = refreshed.as_account()
    state = PublishState(target.publish_state, saver=_saver(target.pk))
    try:
        published = connector.publish(account, draft, target.idempotency_key, state)
    except errors.Unavailable as exc:
        n = target.attempt_count + 1
        if n >= max_attempts():
            reason = _("gave up after %(n)s attempts: %(error)s") % {"n": n, "error": exc.message}
            run.finish(Outcome.UNAVAILABLE, S.FAILED, error=exc, message=str(reason))
            tell_failure(target, reason)
        else:
            run.finish(
                Outcome.UNAVAILABLE,
                S.SCHEDULED,
                error=exc,
                message=exc.message,
                next_attempt_at=now + backoff(n),
            )
    except errors.RateLimited as exc:
        wait = exc.retry_after if exc.retry_after is not None else RATE_LIMIT_DEFAULT_WAIT
        run.finish(
            Outcome.RATE_LIMITED,
            S.SCHEDULED,
            error=exc,
            message=exc.message,
            next_attempt_at=now + dt.timedelta(seconds=max(float(wait), 1.0)),
        )
    except errors.QuotaExceeded as exc:
        reset_at = exc.reset_at or now + dt.timedelta(seconds=QUOTA_DEFAULT_WAIT)
        run.finish(
            Outcome.QUOTA, S.SCHEDULED, error=exc, message=exc.message, next_attempt_at=reset_at
        )
        tell_quota(target, reset_at, exc.message)
    except errors.AuthExpired as exc:
        run.finish(Outcome.AUTH_EXPIRED, S.PAUSED, error=exc, message=exc.message)
        connectors_actions.mark_needs_reconnect(target.account, exc.message or str(exc))
    except errors.Rejected as exc:
        run.finish(Outcome.REJECTED, S.FAILED, error=exc, message=exc.message)
        tell_failure(target, exc.message)
    except errors.OutcomeUnknown as exc:
        run.finish(
            Outcome.UNKNOWN,
            S.UNKNOWN,
            error=exc,
            message=exc.message,
            next_attempt_at=now + dt.timedelta(seconds=LOOKUP_DELAY),
        )
    else:
        run.finish(Outcome.PUBLISHED, S.PUBLISHED, published=published)


def _saver(target_id: int) -> Callable[[dict[str, Any]], None]:
    def save(state: dict[str, Any]) -> None:
        fields: dict[str, Any] = {"publish_state": state}
        if state.get("platform_id"):
            fields["platform_id"] = str(state["platform_id"])[:200]
        # One statement, committed at once: the id must survive a crash a moment later.
        statements.update(PostTarget, {"pk": target_id}, fields)

    return save


def build_draft(target: PostTarget) -> Draft:
    # `take` says whether there are media: most posts have none, and asking costs a query.
    has_media = getattr(target, "has_media", True)
    return Draft(
        text=target.text or target.post.text,
        media=tuple(media_of(m) for m in target.media.all()) if has_media else (),
    )


def public_media_url(name: str) -> str:
    base = settings.PORTEVOIX_BASE_URL.rstrip("/")
    prefix = "/" + settings.MEDIA_URL.strip("/") + "/"
    return base + prefix + quote(name)


def media_of(item: PostMedia) -> Media:
    name = item.file.name
    storage = item.file.storage

    def data() -> bytes:
        with storage.open(name, "rb") as handle:
            content: bytes = handle.read()
        return content

    return Media(
        filename=os.path.basename(name),
        content_type=item.content_type,
        size=item.size,
        alt_text=item.alt_text,
        width=item.width,
        height=item.height,
        duration=item.duration,
        public_url=public_media_url(name),
        data=data,
    )


def _people(target: PostTarget) -> list[Any]:
    if target.post.author is not None:
        return [target.post.author]
    return accounts_actions.people_to_tell(target.post.brand, Role.OWNER, Role.STRATEGIST)


def target_url(target: PostTarget) -> str:
    return reverse("publishing:target", kwargs={"brand_id": target.post.brand_id, "pk": target.pk})


def tell_failure(target: PostTarget, reason: Any) -> None:
    """The author (or, for a post without one, its brand's owners) in their own language."""
    post, account = str(target.post), target.account
    for person in _people(target):
        accounts_actions.notify(
            person,
            kind="publishing.failed",
            brand=target.post.brand,
            url=target_url(target),
            subject=lambda: (
                _("Not published on %(channel)s: “%(post)s”")
                % {"channel": str(account), "post": post}
            ),
            body=lambda: (
                _("The post could not be published. Reason: %(reason)s") % {"reason": reason}
            ),
        )


def tell_quota(target: PostTarget, reset_at: dt.datetime, message: str) -> None:
    post, account = str(target.post), target.account
    zone = zoneinfo.ZoneInfo(target.post.brand.timezone)
    for person in _people(target):
        accounts_actions.notify(
            person,
            kind="publishing.quota",
            brand=target.post.brand,
            url=target_url(target),
            subject=lambda: (
                _("Posting limit reached on %(channel)s: “%(post)s” waits")
                % {"channel": str(account), "post": post}
            ),
            body=lambda: (
                _(
                    "The platform's limit is reached (%(message)s). It will be published after %(when)s."
                )
                % {
                    "message": message,
                    "when": date_format(reset_at.astimezone(zone), "DATETIME_FORMAT"),
                }
            ),
        )
