"""The editor: one target per chosen channel with its own text and time; findings shown on
every save without losing the text; stale edits refused with the input kept; DST questions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from portevoix.editorial.models import Post, PostStatus, PostTarget, TargetStatus
from portevoix.editorial.tests.factories import client_for, make_channel, make_post, set_mode


def data_for(channel: Any, **extra: Any) -> dict[str, Any]:
    prefix = f"t{channel.pk}"
    base = {
        "title": "Automne",
        "text": "Menu d'automne",
        "content_kind": "promotional",
        f"{prefix}-enabled": "on",
        f"{prefix}-text": "Menu d'automne sur ce canal",
        f"{prefix}-when": "2026-12-20T09:30",
        "intent": "save",
    }
    return base | extra


@time_machine.travel("2026-12-01 12:00Z", tick=False)
def test_it_saves_a_target_per_channel_in_utc(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    response = client_for(alice).post(
        reverse("editorial:post-create", args=[brand.pk]), data_for(channel)
    )
    assert response.status_code == 302
    target = PostTarget.objects.get()
    assert target.text == "Menu d'automne sur ce canal"
    # 09:30 in Montréal in December is EST (UTC−5).
    assert target.scheduled_at == dt.datetime.fromisoformat("2026-12-20T14:30:00+00:00")
    assert target.findings == []


@time_machine.travel("2026-12-01 12:00Z", tick=False)
def test_it_keeps_the_text_and_shows_every_finding(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)  # the demo channel takes 500 characters
    long_text = "é" * 520
    response = client_for(alice).post(
        reverse("editorial:post-create", args=[brand.pk]),
        data_for(channel, **{f"t{channel.pk}-text": long_text}),
    )
    assert response.status_code == 302
    target = PostTarget.objects.get()
    assert target.text == long_text
    assert [f["code"] for f in target.findings] == ["length.too_long"]
    page = client_for(alice).get(response["Location"]).content.decode()
    assert "520" in page and "500" in page


@time_machine.travel("2026-02-01 12:00Z", tick=False)
def test_it_refuses_a_time_in_the_gap_and_keeps_the_input(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    response = client_for(alice).post(
        reverse("editorial:post-create", args=[brand.pk]),
        data_for(channel, **{f"t{channel.pk}-when": "2026-03-08T02:30"}),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "n’existe pas" in page or "n'existe pas" in page or "does not exist" in page
    assert "Menu d&#x27;automne sur ce canal" in page
    assert not Post.objects.exists()


@time_machine.travel("2026-10-01 12:00Z", tick=False)
def test_it_offers_both_instants_of_a_repeated_time(alice: Any, brand: Any) -> None:
    channel = make_channel(brand)
    url = reverse("editorial:post-create", args=[brand.pk])
    asked = client_for(alice).post(
        url, data_for(channel, **{f"t{channel.pk}-when": "2026-11-01T01:30"})
    )
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "01:30 EDT (UTC−4)" in page and "01:30 EST (UTC−5)" in page
    assert not Post.objects.exists()
    chosen = client_for(alice).post(
        url,
        data_for(
            channel, **{f"t{channel.pk}-when": "2026-11-01T01:30", f"t{channel.pk}-fold": "1"}
        ),
    )
    assert chosen.status_code == 302
    assert PostTarget.objects.get().scheduled_at == dt.datetime.fromisoformat(
        "2026-11-01T06:30:00+00:00"
    )


def test_it_refuses_a_stale_edit_and_keeps_the_input(alice: Any, bob: Any, brand: Any) -> None:
    channel = make_channel(brand)
    post = make_post(brand, alice, accounts=[channel])
    url = reverse("editorial:post-edit", args=[brand.pk, post.pk])
    when = f"{post.targets.get().scheduled_at:%Y-%m-%dT%H:%M}"
    opened = post.version
    saved = client_for(alice).post(
        url, data_for(channel, version=opened, text="Alice", **{f"t{channel.pk}-when": when})
    )
    assert saved.status_code == 302
    refused = client_for(bob).post(
        url, data_for(channel, version=opened, text="Texte de Bob", **{f"t{channel.pk}-when": when})
    )
    assert refused.status_code == 200
    assert "Texte de Bob" in refused.content.decode()
    post.refresh_from_db()
    assert post.text == "Alice"


def test_it_sends_an_edited_approved_post_back_to_draft(alice: Any, bob: Any, brand: Any) -> None:
    from portevoix.editorial import actions

    set_mode(brand)
    post = make_post(brand, alice)
    actions.submit_for_approval(alice, post)
    actions.approve(bob, post, stage="internal")
    target = post.targets.get()
    assert target.status == TargetStatus.SCHEDULED
    actions.save_post(
        alice,
        brand,
        post,
        text="Changé",
        targets=[
            actions.TargetInput(
                account=target.account, text="Changé", scheduled_at=target.scheduled_at
            )
        ],
    )
    post.refresh_from_db()
    target.refresh_from_db()
    assert (post.status, target.status) == (PostStatus.DRAFT, TargetStatus.DRAFT)
    assert post.approval_steps.latest("pk").decision == "back_to_draft"


def test_it_schedules_on_save_when_the_brand_uses_no_approval(alice: Any, brand: Any) -> None:
    from portevoix.editorial import actions

    set_mode(brand, "none")
    channel = make_channel(brand)
    post = make_post(brand, alice, accounts=[channel])
    target = post.targets.get()
    result = actions.save_post(
        alice,
        brand,
        post,
        text=post.text,
        targets=[
            actions.TargetInput(account=channel, text=target.text, scheduled_at=target.scheduled_at)
        ],
        schedule=True,
    )
    assert result.scheduled
    target.refresh_from_db()
    assert target.status == TargetStatus.SCHEDULED
