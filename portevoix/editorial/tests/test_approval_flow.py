"""Submit → strategist → client → approved; only then are the targets scheduled; each step is
recorded and the right people are told."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portevoix.accounts import actions as accounts_actions
from portevoix.accounts.models import Notification, Role
from portevoix.editorial import actions
from portevoix.editorial.models import (
    ApprovalDecision,
    ApprovalMode,
    PostStatus,
    TargetStatus,
)
from portevoix.editorial.tests.factories import client_for, make_post, set_mode


def test_it_schedules_targets_only_after_the_internal_approval(
    alice: Any, bob: Any, brand: Any
) -> None:
    set_mode(brand, ApprovalMode.INTERNAL)
    cm = accounts_actions.add_member(
        alice, brand.organisation, username="cami", role=Role.COMMUNITY_MANAGER
    ).user
    post = make_post(brand, cm)
    assert post.targets.get().status == TargetStatus.DRAFT

    actions.submit_for_approval(cm, post)
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING_INTERNAL
    assert post.targets.get().status == TargetStatus.DRAFT
    assert Notification.objects.filter(user=bob, kind="editorial.submitted").exists()

    response = client_for(bob).post(
        reverse("editorial:post-approve", args=[brand.pk, post.pk]),
        {"decision": "approve", "version": post.version, "comment": "Parfait"},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert post.targets.get().status == TargetStatus.SCHEDULED
    assert Notification.objects.filter(user=cm, kind="editorial.approved").exists()
    decisions = list(post.approval_steps.values_list("decision", "actor__username"))
    assert decisions == [(ApprovalDecision.SUBMITTED, "cami"), (ApprovalDecision.APPROVED, "bob")]


def test_it_goes_through_the_client_when_the_brand_asks(alice: Any, bob: Any, brand: Any) -> None:
    set_mode(brand, ApprovalMode.INTERNAL_THEN_CLIENT)
    client_user = accounts_actions.add_member(
        alice, brand.organisation, username="cleo", role=Role.CLIENT
    ).user
    post = make_post(brand, alice)
    actions.submit_for_approval(alice, post)
    actions.approve(bob, post, stage="internal")
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING_CLIENT
    assert post.targets.get().status == TargetStatus.DRAFT
    assert Notification.objects.filter(user=client_user, kind="editorial.client_review").exists()

    # The client approves in the app (POSTS_CLIENT_APPROVE).
    response = client_for(client_user).post(
        reverse("editorial:post-client-approve", args=[brand.pk, post.pk]),
        {"decision": "approve", "version": post.version},
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.APPROVED
    assert post.targets.get().status == TargetStatus.SCHEDULED


def test_it_sends_back_with_a_comment_when_changes_are_asked(
    alice: Any, bob: Any, brand: Any
) -> None:
    set_mode(brand)
    post = make_post(brand, alice)
    actions.submit_for_approval(alice, post)
    with pytest.raises(ValidationError):
        actions.request_changes(bob, post, stage="internal", comment="  ")
    actions.request_changes(bob, post, stage="internal", comment="Moins d'emojis")
    post.refresh_from_db()
    assert post.status == PostStatus.CHANGES_REQUESTED
    note = Notification.objects.get(user=alice, kind="editorial.changes_requested")
    assert "Moins d'emojis" in note.body
    assert post.approval_steps.latest("pk").comment == "Moins d'emojis"


def test_it_refuses_a_decision_on_an_older_version(alice: Any, bob: Any, brand: Any) -> None:
    set_mode(brand)
    post = make_post(brand, alice)
    actions.submit_for_approval(alice, post)
    seen = post.version
    post.version += 1
    post.save(update_fields=["version"])
    with pytest.raises(ValidationError) as caught:
        actions.approve(bob, post, stage="internal", based_on=seen)
    assert actions.is_stale(caught.value)


def test_it_forbids_the_community_manager_to_approve(alice: Any, brand: Any) -> None:
    set_mode(brand)
    cm = accounts_actions.add_member(
        alice, brand.organisation, username="cami", role=Role.COMMUNITY_MANAGER
    ).user
    post = make_post(brand, cm)
    actions.submit_for_approval(cm, post)
    response = client_for(cm).post(
        reverse("editorial:post-approve", args=[brand.pk, post.pk]),
        {"decision": "approve", "version": post.version},
    )
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING_INTERNAL
