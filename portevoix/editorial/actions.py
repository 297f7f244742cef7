"""Every write to the editorial calendar goes through here: checked, saved, audited, notified.

Views, the CSV import, the API and the demo seed call these. A `ValidationError` carries field
names where it can ("t<account id>-scheduled_at"), so a form shows each message next to its
field; nothing is saved when a rule fails. The publishing side owns a target once it leaves
`scheduled`: nothing here touches a queued, publishing, published or unknown target.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.audit import model_changes, record
from portevoix.accounts.models import Brand, Role
from portevoix.connectors.models import ConnectedAccount
from portevoix.editorial import links
from portevoix.editorial.checks import check_target, has_errors
from portevoix.editorial.models import (
    LOCKED_TARGET_STATUSES,
    ApprovalDecision,
    ApprovalMode,
    ApprovalStage,
    ApprovalStep,
    CadenceGoal,
    ContentKind,
    EditorialSettings,
    Post,
    PostComment,
    PostingSlot,
    PostMedia,
    PostStatus,
    PostTarget,
    TargetStatus,
)
from portevoix.strategy.models import Campaign

STALE = "stale"
MEDIA_MAX_BYTES = 200 * 1024 * 1024
MEDIA_TYPES = ("image/", "video/")


def is_stale(exc: ValidationError) -> bool:
    return not hasattr(exc, "error_dict") and any(e.code == STALE for e in exc.error_list)


def _stale() -> ValidationError:
    return ValidationError(
        _(
            "Someone else changed this post while you were editing it. Your text is still in "
            "the form: check the current version, then save again to replace it."
        ),
        code=STALE,
    )


def target_field(account: ConnectedAccount | int, name: str) -> str:
    """The form field a target's error belongs to (the editor prefixes by account id)."""
    pk = account if isinstance(account, int) else account.pk
    return f"t{pk}-{name}"


# -- settings ------------------------------------------------------------------------------


def settings_for(brand: Brand) -> EditorialSettings:
    found = EditorialSettings.objects.filter(brand=brand).first()
    if found is not None:
        return found
    created, _new = EditorialSettings.objects.get_or_create(
        brand=brand, defaults={"ical_token": secrets.token_urlsafe(32)}
    )
    return created


@transaction.atomic
def update_settings(actor: Any, brand: Brand, *, via: str = "web", **fields: Any) -> None:
    current = settings_for(brand)
    before = {k: getattr(current, k) for k in fields}
    for name, value in fields.items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    record(
        actor,
        "editorial.settings.update",
        current,
        brand=brand,
        via=via,
        changes=model_changes(before, fields),
    )


@transaction.atomic
def regenerate_ical_token(actor: Any, brand: Brand, *, via: str = "web") -> str:
    current = settings_for(brand)
    current.ical_token = secrets.token_urlsafe(32)
    current.save(update_fields=["ical_token"])
    record(actor, "editorial.ical.regenerate", current, brand=brand, via=via)
    return current.ical_token


# -- posts ---------------------------------------------------------------------------------


@dataclass
class TargetInput:
    account: ConnectedAccount
    text: str
    scheduled_at: dt.datetime | None = None  # aware; stored in UTC
    media: list[PostMedia] = field(default_factory=list)


@dataclass
class SaveResult:
    post: Post
    scheduled: bool = False
    # Scheduling asked for, but a target has blocking findings or no time.
    schedule_blocked: bool = False


def _post_snapshot(post: Post) -> dict[str, Any]:
    return {
        "title": post.title,
        "text": post.text,
        "campaign": post.campaign_id,
        "content_kind": post.content_kind,
    }


def _target_snapshot(target: PostTarget) -> dict[str, Any]:
    media = sorted(target.media.values_list("pk", flat=True)) if target.pk else []
    return {
        "text": target.text,
        "scheduled_at": target.scheduled_at.isoformat() if target.scheduled_at else None,
        "media": media,
    }


def _check_inputs(
    brand: Brand, post: Post | None, campaign: Campaign | None, targets: list[TargetInput]
) -> None:
    errors: dict[str, list[str]] = {}
    if campaign is not None and campaign.brand_id != brand.pk:
        errors["campaign"] = [_("This campaign belongs to another brand.")]
    for item in targets:
        if item.account.brand_id != brand.pk:
            raise ValidationError(_("This channel belongs to another brand."))
        if post is not None and any(m.post_id != post.pk for m in item.media):
            errors[target_field(item.account, "attached")] = [
                _("Only this post's media can be used.")
            ]
    if errors:
        raise ValidationError(errors)


def _unschedule(post: Post) -> int:
    # Conditional: a target the sweep has just claimed is the publishing side's now.
    return post.targets.filter(status=TargetStatus.SCHEDULED).update(status=TargetStatus.DRAFT)


def _schedule(post: Post) -> int:
    return post.targets.filter(status=TargetStatus.DRAFT, scheduled_at__isnull=False).update(
        status=TargetStatus.SCHEDULED
    )


def can_schedule(post: Post) -> bool:
    targets = list(post.targets.all())
    return bool(targets) and all(
        t.scheduled_at is not None and not has_errors(t.findings)
        for t in targets
        if t.status not in LOCKED_TARGET_STATUSES
    )


@transaction.atomic
def save_post(
    actor: Any,
    brand: Brand,
    post: Post | None = None,
    *,
    title: str = "",
    text: str = "",
    campaign: Campaign | None = None,
    content_kind: str = ContentKind.CONVERSATIONAL,
    targets: list[TargetInput],
    based_on: int | None = None,
    schedule: bool = False,
    via: str = "web",
) -> SaveResult:
    """Create or edit a post and its per-channel targets; every target is checked and its
    findings kept. Editing a post that was submitted or approved sends it back to draft."""
    creating = post is None
    if post is not None:
        post = Post.objects.select_for_update().get(pk=post.pk)
        if based_on is not None and based_on != post.version:
            raise _stale()
    _check_inputs(brand, post, campaign, targets)
    if post is None:
        post = Post(
            brand=brand, author=actor if getattr(actor, "is_authenticated", False) else None
        )
    before = {} if creating else _post_snapshot(post)
    post.title, post.text, post.campaign, post.content_kind = (
        title.strip(),
        text,
        campaign,
        content_kind,
    )
    post.full_clean(exclude=["brand", "author"])
    post.save()

    existing = {t.account_id: t for t in PostTarget.objects.select_for_update().filter(post=post)}
    wanted = {item.account.pk: item for item in targets}
    changed = before != _post_snapshot(post)
    now = timezone.now()
    errors: dict[str, list[str]] = {}
    touched: list[PostTarget] = []
    for account_id, target in existing.items():
        if account_id not in wanted:
            if target.status in LOCKED_TARGET_STATUSES:
                continue  # published or on its way: it stays, and stays in the post's history
            target.delete()
            changed = True
    for account_id, item in wanted.items():
        target = existing.get(account_id) or PostTarget(post=post, account=item.account)
        old = _target_snapshot(target) if target.pk else None
        new_when = item.scheduled_at.astimezone(dt.UTC) if item.scheduled_at else None
        if target.status in LOCKED_TARGET_STATUSES:
            if (target.text, target.scheduled_at) != (item.text, new_when):
                errors[target_field(account_id, "text")] = [
                    _(
                        "This channel's post is being published or already is: it can no longer be changed."
                    )
                ]
            continue
        if new_when is not None and new_when != target.scheduled_at and new_when <= now:
            errors[target_field(account_id, "scheduled_at")] = [
                _("This time has passed: choose a time to come.")
            ]
        target.text, target.scheduled_at = item.text, new_when
        target.full_clean(exclude=["post", "account", "media"])
        target.save()
        target.media.set(item.media)
        if old != _target_snapshot(target):
            changed = True
        touched.append(target)
    if errors:
        raise ValidationError(errors)
    for target in touched:
        # Every save runs the checks, and a save with findings still keeps the text.
        target.findings = check_target(target)
        target.save(update_fields=["findings", "updated_at"])

    if changed and not creating:
        post.version += 1
        if post.status in {
            PostStatus.APPROVED,
            PostStatus.PENDING_INTERNAL,
            PostStatus.PENDING_CLIENT,
        }:
            previous = post.status
            post.status = PostStatus.DRAFT
            _step(
                post, actor, ApprovalStage.AUTHOR, ApprovalDecision.BACK_TO_DRAFT, comment=previous
            )
        post.save(update_fields=["version", "status", "updated_at"])
        _unschedule(post)

    result = SaveResult(post=post)
    mode = settings_for(brand).approval_mode
    if schedule and mode == ApprovalMode.NONE:
        if can_schedule(post):
            post.status = PostStatus.APPROVED
            post.save(update_fields=["status", "updated_at"])
            _schedule(post)
            result.scheduled = True
        else:
            result.schedule_blocked = True
    elif (
        not schedule
        and mode == ApprovalMode.NONE
        and post.status == PostStatus.APPROVED
        and changed
    ):
        post.status = PostStatus.DRAFT
        post.save(update_fields=["status", "updated_at"])
    record(
        actor,
        "editorial.post.create" if creating else "editorial.post.update",
        post,
        brand=brand,
        via=via,
        changes=model_changes(before, _post_snapshot(post)),
    )
    return result


@transaction.atomic
def add_media(
    actor: Any, post: Post, upload: UploadedFile, *, alt_text: str = "", via: str = "web"
) -> PostMedia:
    content_type = (upload.content_type or "").lower()
    if not content_type.startswith(MEDIA_TYPES):
        raise ValidationError({"media_file": [_("Only images and videos can be attached.")]})
    if (upload.size or 0) > MEDIA_MAX_BYTES:
        raise ValidationError({"media_file": [_("This file is too large (200 MB at most).")]})
    position = post.media.count()
    media = PostMedia(
        post=post,
        file=upload,
        content_type=content_type,
        size=upload.size or 0,
        alt_text=alt_text.strip(),
        position=position,
    )
    media.full_clean(exclude=["post", "file"])
    media.save()
    record(actor, "editorial.media.add", media, brand=post.brand, via=via)
    return media


@transaction.atomic
def delete_post(actor: Any, post: Post, *, via: str = "web") -> bool:
    """Refused (False) while a target is on its way to the platform or published."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.targets.filter(status__in=LOCKED_TARGET_STATUSES).exists():
        return False
    record(actor, "editorial.post.delete", post, brand=post.brand, via=via)
    post.delete()
    return True


# -- approval ------------------------------------------------------------------------------


def _step(
    post: Post,
    actor: Any,
    stage: str,
    decision: str,
    *,
    comment: str = "",
    via_link: bool = False,
) -> ApprovalStep:
    return ApprovalStep.objects.create(
        post=post,
        version=post.version,
        stage=stage,
        decision=decision,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        via_link=via_link,
        comment=comment.strip()[:4000],
    )


def post_url(post: Post) -> str:
    return reverse("editorial:post-edit", args=[post.brand_id, post.pk])


def _tell(
    users: list[Any], post: Post, *, kind: str, subject: Any, body: Any = "", skip: Any = None
) -> None:
    seen: set[int] = set()
    for user in users:
        if (
            user is None
            or user.pk in seen
            or (skip is not None and user.pk == getattr(skip, "pk", None))
        ):
            continue
        seen.add(user.pk)
        accounts_actions.notify(
            user, kind=kind, subject=subject, body=body, brand=post.brand, url=post_url(post)
        )


def _locked_for_review(post: Post, based_on: int | None, expected: set[str]) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if based_on is not None and based_on != post.version:
        raise _stale()
    if post.status not in expected:
        raise ValidationError(_("This post is no longer waiting for this decision."), code="state")
    return post


@transaction.atomic
def submit_for_approval(
    actor: Any, post: Post, *, based_on: int | None = None, via: str = "web"
) -> Post:
    post = _locked_for_review(post, based_on, {PostStatus.DRAFT, PostStatus.CHANGES_REQUESTED})
    if settings_for(post.brand).approval_mode == ApprovalMode.NONE:
        raise ValidationError(_("This brand does not use approval: schedule the post instead."))
    if not post.targets.exists():
        raise ValidationError(_("Choose at least one channel before submitting."))
    if any(has_errors(t.findings) for t in post.targets.all()):
        raise ValidationError(_("Fix the problems found in the text before submitting."))
    post.status = PostStatus.PENDING_INTERNAL
    post.save(update_fields=["status", "updated_at"])
    _step(post, actor, ApprovalStage.AUTHOR, ApprovalDecision.SUBMITTED)
    record(actor, "editorial.post.submit", post, brand=post.brand, via=via)
    title = str(post)
    _tell(
        accounts_actions.people_to_tell(post.brand, Role.OWNER, Role.STRATEGIST),
        post,
        kind="editorial.submitted",
        subject=lambda: _("A post awaits your approval: %(post)s") % {"post": title},
        skip=actor,
    )
    return post


@transaction.atomic
def approve(
    actor: Any,
    post: Post,
    *,
    stage: str,
    comment: str = "",
    based_on: int | None = None,
    via_link: bool = False,
    via: str = "web",
) -> Post:
    """The internal step (stage "internal") or the client's (stage "client", signed in or by
    link). After the last step the post is approved and its targets with a time scheduled."""
    expected = (
        PostStatus.PENDING_INTERNAL
        if stage == ApprovalStage.INTERNAL
        else PostStatus.PENDING_CLIENT
    )
    post = _locked_for_review(post, based_on, {expected})
    mode = settings_for(post.brand).approval_mode
    _step(post, actor, stage, ApprovalDecision.APPROVED, comment=comment, via_link=via_link)
    title = str(post)
    if stage == ApprovalStage.INTERNAL and mode == ApprovalMode.INTERNAL_THEN_CLIENT:
        post.status = PostStatus.PENDING_CLIENT
        post.save(update_fields=["status", "updated_at"])
        _tell(
            accounts_actions.people_to_tell(post.brand, Role.CLIENT),
            post,
            kind="editorial.client_review",
            subject=lambda: _("A post awaits your approval: %(post)s") % {"post": title},
        )
        _tell(
            [post.author],
            post,
            kind="editorial.approved_internally",
            subject=lambda: (
                _("Approved internally, now with the client: %(post)s") % {"post": title}
            ),
            skip=actor,
        )
    else:
        post.status = PostStatus.APPROVED
        post.save(update_fields=["status", "updated_at"])
        _schedule(post)
        _tell(
            [post.author],
            post,
            kind="editorial.approved",
            subject=lambda: _("Your post is approved: %(post)s") % {"post": title},
            body=comment,
            skip=actor,
        )
    record(
        actor,
        f"editorial.post.approve_{stage}",
        post,
        brand=post.brand,
        via="link" if via_link else via,
    )
    return post


@transaction.atomic
def request_changes(
    actor: Any,
    post: Post,
    *,
    stage: str,
    comment: str,
    based_on: int | None = None,
    via_link: bool = False,
    via: str = "web",
) -> Post:
    if not comment.strip():
        raise ValidationError({"comment": [_("Say what should change.")]})
    expected = (
        PostStatus.PENDING_INTERNAL
        if stage == ApprovalStage.INTERNAL
        else PostStatus.PENDING_CLIENT
    )
    post = _locked_for_review(post, based_on, {expected})
    post.status = PostStatus.CHANGES_REQUESTED
    post.save(update_fields=["status", "updated_at"])
    _step(
        post, actor, stage, ApprovalDecision.CHANGES_REQUESTED, comment=comment, via_link=via_link
    )
    record(
        actor,
        f"editorial.post.changes_{stage}",
        post,
        brand=post.brand,
        via="link" if via_link else via,
    )
    title = str(post)
    _tell(
        [post.author],
        post,
        kind="editorial.changes_requested",
        subject=lambda: _("Changes requested on your post: %(post)s") % {"post": title},
        body=comment,
        skip=actor,
    )
    return post


CLIENT_SUBJECT = gettext_lazy("A post to approve")


@transaction.atomic
def send_to_client(actor: Any, post: Post, *, email: str, via: str = "web") -> str:
    """E-mail the client a signed link to this version of the post; returns the link."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.status != PostStatus.PENDING_CLIENT:
        raise ValidationError(_("Only a post awaiting the client's approval can be sent."))
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError({"email": [_("Enter a valid e-mail address.")]}) from None
    url = links.approval_url(post)
    _step(post, actor, ApprovalStage.INTERNAL, ApprovalDecision.SENT_TO_CLIENT, comment=email)
    record(actor, "editorial.post.send_to_client", post, brand=post.brand, via=via)
    brand_name, title = post.brand.name, str(post)
    body = _(
        "%(brand)s asks for your approval of a post: %(post)s\n\nRead it and decide here (no "
        "account needed; the link expires in %(days)s days):\n%(url)s"
    ) % {"brand": brand_name, "post": title, "url": url, "days": links.MAX_AGE_DAYS}
    subject = f"{CLIENT_SUBJECT} · {brand_name}"
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))
    return url


# -- calendar ------------------------------------------------------------------------------


@transaction.atomic
def reschedule_target(
    actor: Any, target: PostTarget, *, scheduled_at: dt.datetime, via: str = "web"
) -> PostTarget:
    """Move one channel's post. The approval stays: it covered the words, and the time moves
    in the calendar everyone sees; a moved target keeps its status."""
    target = PostTarget.objects.select_for_update().select_related("post").get(pk=target.pk)
    if target.status in LOCKED_TARGET_STATUSES or target.status == TargetStatus.PUBLISHED:
        raise ValidationError(_("This post is being published or already is: it cannot be moved."))
    when = scheduled_at.astimezone(dt.UTC)
    if when <= timezone.now():
        raise ValidationError(_("This time has passed: choose a time to come."))
    before = target.scheduled_at
    target.scheduled_at = when
    target.save(update_fields=["scheduled_at", "updated_at"])
    if target.status == TargetStatus.DRAFT and target.post.status == PostStatus.APPROVED:
        PostTarget.objects.filter(pk=target.pk, status=TargetStatus.DRAFT).update(
            status=TargetStatus.SCHEDULED
        )
        target.refresh_from_db()
    record(
        actor,
        "editorial.target.reschedule",
        target,
        brand=target.post.brand,
        via=via,
        changes=model_changes({"scheduled_at": before}, {"scheduled_at": when}),
    )
    return target


def add_to_next_free_slot(actor: Any, target: PostTarget, *, via: str = "web") -> PostTarget:
    from portevoix.editorial.queries import next_free_slot

    when = next_free_slot(target.account)
    if when is None:
        raise ValidationError(_("This channel has no free posting slot in the coming weeks."))
    return reschedule_target(actor, target, scheduled_at=when, via=via)


@transaction.atomic
def add_slot(
    actor: Any, account: ConnectedAccount, *, weekday: int, local_time: dt.time, via: str = "web"
) -> PostingSlot:
    if PostingSlot.objects.filter(account=account, weekday=weekday, local_time=local_time).exists():
        raise ValidationError({"local_time": [_("This channel already has this slot.")]})
    slot = PostingSlot(
        account=account, weekday=weekday, local_time=local_time.replace(second=0, microsecond=0)
    )
    slot.full_clean()
    slot.save()
    record(actor, "editorial.slot.add", slot, brand=account.brand, via=via)
    return slot


@transaction.atomic
def delete_slot(actor: Any, slot: PostingSlot, *, via: str = "web") -> None:
    record(actor, "editorial.slot.delete", slot, brand=slot.account.brand, via=via)
    slot.delete()


@transaction.atomic
def set_cadence_goal(
    actor: Any, account: ConnectedAccount, *, posts_per_week: int, via: str = "web"
) -> CadenceGoal | None:
    """0 removes the goal."""
    if posts_per_week < 0 or posts_per_week > 100:
        raise ValidationError({"posts_per_week": [_("Between 0 and 100 posts a week.")]})
    existing = CadenceGoal.objects.filter(account=account).first()
    before = {"posts_per_week": existing.posts_per_week if existing else None}
    goal: CadenceGoal | None
    if posts_per_week == 0:
        if existing:
            existing.delete()
        goal = None
    else:
        goal, _new = CadenceGoal.objects.update_or_create(
            account=account, defaults={"posts_per_week": posts_per_week}
        )
    record(
        actor,
        "editorial.cadence.set",
        account,
        brand=account.brand,
        via=via,
        changes=model_changes(before, {"posts_per_week": posts_per_week or None}),
    )
    return goal


# -- comments ------------------------------------------------------------------------------


@transaction.atomic
def add_comment(
    actor: Any, post: Post, *, body: str, parent: PostComment | None = None, via: str = "web"
) -> PostComment:
    if parent is not None and parent.post_id != post.pk:
        raise ValidationError({"parent": [_("This comment belongs to another post.")]})
    comment = PostComment(post=post, parent=parent, author=actor, body=body.strip())
    comment.full_clean(exclude=["post", "parent", "author"])
    comment.save()
    record(actor, "editorial.comment.add", comment, brand=post.brand, via=via)
    name, title = actor.get_username(), str(post)
    _tell(
        [post.author, parent.author if parent else None],
        post,
        kind="editorial.comment",
        subject=lambda: _("%(name)s commented on %(post)s") % {"name": name, "post": title},
        body=comment.body,
        skip=actor,
    )
    return comment


# -- CSV import ----------------------------------------------------------------------------


@transaction.atomic
def import_calendar(
    actor: Any, brand: Brand, content: bytes, *, via: str = "web"
) -> tuple[list[Post], list[Any]]:
    """All rows or none: every row is checked first; with any bad row nothing is saved and the
    errors are returned. Each row becomes a draft post with one channel."""
    from portevoix.editorial.csv_import import parse_calendar

    rows, errors = parse_calendar(brand, content, timezone.now())
    if errors:
        return [], errors
    posts = []
    for row in rows:
        result = save_post(
            actor,
            brand,
            None,
            text=row.text,
            campaign=row.campaign,
            content_kind=row.kind,
            targets=[
                TargetInput(account=row.account, text=row.text, scheduled_at=row.scheduled_at)
            ],
            via="import",
        )
        posts.append(result.post)
    record(
        actor, "editorial.import", None, brand=brand, via=via, changes={"posts": [None, len(posts)]}
    )
    return posts, []
