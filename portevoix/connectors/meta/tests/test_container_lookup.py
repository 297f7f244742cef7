"""A publish request whose answer was lost: the container's status says what happened. Until it
is PUBLISHED nothing was posted; IN_PROGRESS after the request may be the post going out, so
nobody can tell yet; PUBLISHED is the post, found by its text, never published twice."""

from __future__ import annotations

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import OutcomeUnknown
from portevoix.connectors.meta.tests.platform import (
    INSTAGRAM,
    PHOTO,
    THREADS,
    FakeMeta,
    MetaSpec,
)

SPECS = pytest.mark.parametrize("spec", [INSTAGRAM, THREADS], ids=["instagram", "threads"])
TEXTS = {"instagram": "Tarte d'automne #cafe", "threads": "Nouvelle carte d'automne"}


def lose_answer(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("no answer", request=request)


def state_after_a_lost_answer(spec: MetaSpec) -> PublishState:
    meta = FakeMeta(spec, ["C1"], on_publish=lose_answer)
    state = PublishState()
    with pytest.raises(OutcomeUnknown):
        meta.connector().publish(
            spec.account, Draft(text=TEXTS[spec.kind], media=(PHOTO,)), "t", state
        )
    assert state["publish_requested"] is True
    return state


@SPECS
def test_it_cannot_tell_while_a_requested_container_is_in_progress(spec: MetaSpec) -> None:
    state = state_after_a_lost_answer(spec)
    meta = FakeMeta(spec, statuses={"C1": ["IN_PROGRESS"]})
    with pytest.raises(OutcomeUnknown):
        meta.connector().lookup(spec.account, "t", state)
    with pytest.raises(OutcomeUnknown):  # nor does a new attempt publish on a guess
        meta.connector(poll_attempts="2").publish(
            spec.account, Draft(text=TEXTS[spec.kind], media=(PHOTO,)), "t", state
        )
    assert meta.publishes() == []


@SPECS
def test_it_publishes_the_same_container_when_it_was_not_published(spec: MetaSpec) -> None:
    state = state_after_a_lost_answer(spec)
    meta = FakeMeta(spec)  # FINISHED: ready, and not published
    assert meta.connector().lookup(spec.account, "t", state) is None
    meta.connector().publish(spec.account, Draft(text=TEXTS[spec.kind], media=(PHOTO,)), "t", state)
    assert meta.creates() == []
    assert [p["creation_id"] for p in meta.publishes()] == ["C1"]


@SPECS
def test_it_finds_the_post_of_a_published_container(spec: MetaSpec) -> None:
    state = state_after_a_lost_answer(spec)
    meta = FakeMeta(spec, statuses={"C1": ["PUBLISHED"]})
    found = meta.connector().lookup(spec.account, "t", state)
    latest = spec.fixture(spec.latest)["data"][0]
    assert found is not None
    assert (found.platform_id, found.url) == (latest["id"], latest["permalink"])
    assert state["platform_id"] == latest["id"]


@SPECS
def test_it_says_so_when_a_published_container_has_no_post_to_find(spec: MetaSpec) -> None:
    state = state_after_a_lost_answer(spec)
    state["sent_text"] = "a text that is not among the latest posts"
    meta = FakeMeta(spec, statuses={"C1": ["PUBLISHED"]})
    with pytest.raises(OutcomeUnknown):
        meta.connector().lookup(spec.account, "t", state)
    with pytest.raises(OutcomeUnknown):
        meta.connector().publish(spec.account, Draft(text="a", media=(PHOTO,)), "t", state)
    assert meta.publishes() == []


@SPECS
def test_it_knows_nothing_was_posted_before_the_post_container_existed(spec: MetaSpec) -> None:
    meta = FakeMeta(spec)
    assert meta.connector().lookup(spec.account, "t", PublishState({"children": ["C0"]})) is None
    assert meta.requests == []
