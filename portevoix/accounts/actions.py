"""Every write on organisations, brands, members, profiles and API tokens goes through here."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import override

from portevoix.accounts.audit import model_changes, record, snapshot
from portevoix.accounts.models import (
    ApiToken,
    Brand,
    Membership,
    Notification,
    Organisation,
    Profile,
    Role,
)
from portevoix.lib.validation import refuse_nulls

TOKEN_PREFIX = "pv_"  # noqa: S105 (a marker, not a secret)


def _unique_slug(base: str, taken: set[str]) -> str:
    slug = slugify(base)[:50] or "x"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    return candidate


@transaction.atomic
def create_organisation(actor: Any, *, name: str, via: str = "web") -> Organisation:
    """Create an organisation; its creator becomes its owner."""
    taken = set(Organisation.objects.values_list("slug", flat=True))
    organisation = Organisation(name=name.strip(), slug=_unique_slug(name, taken))
    organisation.full_clean()
    organisation.save()
    if getattr(actor, "is_authenticated", False):
        Membership.objects.create(user=actor, organisation=organisation, role=Role.OWNER)
    record(actor, "accounts.organisation.create", organisation, organisation=organisation, via=via)
    return organisation


@transaction.atomic
def create_brand(
    actor: Any, organisation: Organisation, *, via: str = "web", **fields: Any
) -> Brand:
    refuse_nulls(Brand, fields)
    taken = set(organisation.brands.values_list("slug", flat=True))
    fields["name"] = fields.get("name", "").strip()
    brand = Brand(organisation=organisation, slug=_unique_slug(fields["name"], taken), **fields)
    brand.full_clean()
    brand.save()
    record(
        actor, "accounts.brand.create", brand, brand=brand, via=via, changes=snapshot_changes(brand)
    )
    return brand


@transaction.atomic
def update_brand(actor: Any, brand: Brand, *, via: str = "web", **fields: Any) -> Brand:
    refuse_nulls(Brand, fields)
    before = snapshot(brand)
    for key, value in fields.items():
        setattr(brand, key, value.strip() if isinstance(value, str) and key == "name" else value)
    brand.full_clean()
    brand.save()
    record(
        actor,
        "accounts.brand.update",
        brand,
        brand=brand,
        via=via,
        changes=model_changes(before, snapshot(brand)),
    )
    return brand


@transaction.atomic
def delete_brand(actor: Any, brand: Brand, *, via: str = "web") -> None:
    record(actor, "accounts.brand.delete", brand, organisation=brand.organisation, via=via)
    brand.delete()


def snapshot_changes(obj: Any) -> dict[str, list[Any]]:
    return model_changes({}, snapshot(obj))


@transaction.atomic
def add_member(
    actor: Any,
    organisation: Organisation,
    *,
    username: str,
    email: str = "",
    role: str,
    brands: list[Brand] | None = None,
    password: str | None = None,
) -> Membership:
    """Add a person to an organisation, creating their user account when it does not exist.

    Nobody changes their own membership: an owner could otherwise demote the last owner, or a
    narrowed owner widen their own access.
    """
    if getattr(actor, "get_username", lambda: None)() == username:
        raise ValidationError(
            {"username": [_("You cannot change your own membership: ask another owner.")]}
        )
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username, defaults={"email": email})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    existing = Membership.objects.filter(user=user, organisation=organisation).first()
    if existing is not None:
        _keep_an_owner(existing, role)
    membership, _created = Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    membership.full_clean()
    membership.brands.set(brands or [])
    record(
        actor,
        "accounts.membership.set",
        membership,
        organisation=organisation,
        changes={"role": [None, role], "brands": [None, [b.pk for b in brands or []]]},
    )
    return membership


def send_invitation(actor: Any, membership: Membership, *, base_url: str) -> bool:
    """E-mail a link to choose a password (Django's reset token: single use, expires).

    Sent in the inviter's current language. Returns False when the person has no e-mail address.
    """
    user = membership.user
    if not user.email:
        return False
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "inviter": getattr(actor, "username", ""),
        "organisation": membership.organisation.name,
        "role": membership.get_role_display(),
        "username": user.get_username(),
        "url": base_url.rstrip("/") + path,
    }
    subject = render_to_string("accounts/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/invitation_email.txt", context)
    send_mail(subject, body, None, [user.email])
    record(actor, "accounts.membership.invite", membership, organisation=membership.organisation)
    return True


def _keep_an_owner(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.OWNER or new_role == Role.OWNER:
        return
    owners = Membership.objects.filter(organisation=membership.organisation, role=Role.OWNER)
    if not owners.exclude(pk=membership.pk).exists():
        raise ValidationError(_("An organisation keeps at least one owner."))


@transaction.atomic
def update_membership(
    actor: Any, membership: Membership, *, role: str, brands: list[Brand]
) -> Membership:
    _keep_an_owner(membership, role)
    before = {"role": membership.role, "brands": sorted(b.pk for b in membership.brands.all())}
    membership.role = role
    membership.full_clean()
    membership.save()
    membership.brands.set(brands)
    after = {"role": role, "brands": sorted(b.pk for b in brands)}
    record(
        actor,
        "accounts.membership.update",
        membership,
        organisation=membership.organisation,
        changes=model_changes(before, after),
    )
    return membership


@transaction.atomic
def remove_member(actor: Any, membership: Membership) -> None:
    _keep_an_owner(membership, None)
    record(actor, "accounts.membership.delete", membership, organisation=membership.organisation)
    membership.delete()


@transaction.atomic
def set_profile(
    actor: Any, user: Any, *, language: str, last_brand: Brand | None = None
) -> Profile:
    profile, _created = Profile.objects.get_or_create(user=user)
    before = snapshot(profile)
    profile.language = language
    if last_brand is not None:
        profile.last_brand = last_brand
    profile.full_clean()
    profile.save()
    changes = model_changes(before, snapshot(profile))
    if changes:
        record(actor, "accounts.profile.update", profile, changes=changes)
    return profile


def remember_brand(user: Any, brand: Brand) -> None:
    """Remember the brand last opened (navigation state, not a user edit: not audited)."""
    Profile.objects.update_or_create(user=user, defaults={"last_brand": brand})


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_api_token(
    actor: Any, brand: Brand, *, name: str, read_only: bool = True
) -> tuple[ApiToken, str]:
    """Return the token and its secret; the secret is not stored and cannot be shown again."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        brand=brand,
        user=actor,
        name=name.strip(),
        prefix=secret[:10],
        token_hash=hash_token(secret),
        read_only=read_only,
    )
    token.full_clean()
    token.save()
    record(
        actor,
        "accounts.api_token.create",
        token,
        brand=brand,
        changes={"name": [None, token.name], "read_only": [None, read_only]},
    )
    return token, secret


@transaction.atomic
def revoke_api_token(actor: Any, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record(actor, "accounts.api_token.revoke", token, brand=token.brand)


def people_to_tell(brand: Brand, *roles: str) -> list[Any]:
    """The members of the brand's organisation holding one of `roles` who can see the brand."""
    memberships = Membership.objects.filter(
        organisation_id=brand.organisation_id, role__in=roles
    ).prefetch_related("brands")
    return [
        m.user
        for m in memberships.select_related("user")
        if not m.brands.all() or brand.pk in {b.pk for b in m.brands.all()}
    ]


def language_of(user: Any) -> str:
    profile = Profile.objects.filter(user=user).first()
    return (profile.language if profile else "") or settings.LANGUAGE_CODE


def notify(
    user: Any,
    *,
    kind: str,
    subject: Any,
    body: Any = "",
    brand: Brand | None = None,
    url: str = "",
    email: bool = True,
) -> Notification:
    """Tell someone, in their own language, in the app and (by default) by e-mail.

    `subject` and `body` are lazy translations (gettext_lazy, with %-formatting done by the
    caller inside a callable if it needs parameters): they are rendered under the recipient's
    language here, so a French owner reads French even when the worker runs in English.
    """
    with override(language_of(user)):
        subject_text = str(subject() if callable(subject) else subject)[:200]
        body_text = str(body() if callable(body) else body)
    notification = Notification.objects.create(
        user=user, brand=brand, kind=kind, subject=subject_text, body=body_text, url=url
    )
    if email and user.email:
        transaction.on_commit(lambda: _email_notification(notification.pk))
    return notification


def _email_notification(notification_id: int) -> None:
    notification = Notification.objects.select_related("user").get(pk=notification_id)
    link = f"{settings.PORTEVOIX_BASE_URL}{notification.url}" if notification.url else ""
    body = notification.body + (f"\n\n{link}" if link else "")
    # A mail server that is down must not undo the work that caused the notification.
    sent = send_mail(
        f"[Porte-voix] {notification.subject}",
        body,
        None,
        [notification.user.email],
        fail_silently=True,
    )
    if sent:
        Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def mark_notifications_read(user: Any, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
