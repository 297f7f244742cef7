"""A container's status decides what the scheduler does (connectors.md, "Errors"), the same way
for Instagram and Threads: ERROR is Rejected with Meta's reason, EXPIRED makes the containers
again, IN_PROGRESS keeps the same container for the next attempt and is Rejected past the
processing deadline, never answered by a blind new container."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest

from portevoix.connectors.base import Draft, PublishState
from portevoix.connectors.errors import Rejected, Unavailable
from portevoix.connectors.meta.tests.platform import (
    INSTAGRAM,
    PHOTO,
    THREADS,
    VIDEO,
    FakeMeta,
    MetaSpec,
    graph_error_response,
)

SPECS = pytest.mark.parametrize("spec", [INSTAGRAM, THREADS], ids=["instagram", "threads"])
REASONS = {"instagram": "Error: 2207026", "threads": "FAILED_DOWNLOADING_VIDEO"}


def draft() -> Draft:
    return Draft(text="Tarte d'automne", media=(VIDEO,))


@SPECS
def test_it_rejects_a_container_in_error_with_metas_reason(spec: MetaSpec) -> None:
    meta = FakeMeta(spec, ["C1"], statuses={"C1": ["IN_PROGRESS", "ERROR"]})
    state = PublishState()
    with pytest.raises(Rejected) as caught:
        meta.connector().publish(spec.account, draft(), "t", state)
    assert REASONS[spec.kind] in caught.value.message
    assert meta.publishes() == []
    assert state["container_id"] == ""  # it can never be published: the next post starts over


@SPECS
def test_it_makes_the_containers_again_when_one_expired(spec: MetaSpec) -> None:
    meta = FakeMeta(spec, ["C1", "C2"], statuses={"C1": ["EXPIRED"]})
    state = PublishState()
    published = meta.connector().publish(spec.account, draft(), "t", state)
    assert len(meta.creates()) == 2
    assert [p["creation_id"] for p in meta.publishes()] == ["C2"]
    assert state["platform_id"] == published.platform_id


@SPECS
def test_it_polls_the_same_container_on_the_next_attempt_while_in_progress(
    spec: MetaSpec,
) -> None:
    meta = FakeMeta(spec, ["C1", "C2"], statuses={"C1": ["IN_PROGRESS"]})
    connector = meta.connector(poll_attempts="3")
    state = PublishState()
    with pytest.raises(Unavailable):
        connector.publish(spec.account, draft(), "t", state)
    assert meta.polls("C1") == 3
    assert state["container_id"] == "C1"
    meta.statuses["C1"] = ["FINISHED"]
    connector.publish(spec.account, draft(), "t", state)
    assert len(meta.creates()) == 1  # never a second container while the first may finish
    assert [p["creation_id"] for p in meta.publishes()] == ["C1"]


@SPECS
def test_it_gives_up_on_a_container_in_progress_past_the_deadline(spec: MetaSpec) -> None:
    meta = FakeMeta(spec, ["C2"], statuses={"C1": ["IN_PROGRESS"]})
    long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    state = PublishState(
        {
            "container_id": "C1",
            "sent_text": "Tarte d'automne",
            "containers_since": long_ago.isoformat(),
        }
    )
    with pytest.raises(Rejected) as caught:
        meta.connector(poll_attempts="2").publish(spec.account, draft(), "t", state)
    assert "15" in caught.value.message  # minutes
    assert meta.creates() == []
    assert meta.publishes() == []


@SPECS
def test_it_retries_later_when_meta_says_the_media_is_not_ready(spec: MetaSpec) -> None:
    meta = FakeMeta(
        spec, ["C1"], on_publish=graph_error_response("error_9007_media_not_ready.json")
    )
    state = PublishState()
    with pytest.raises(Unavailable):
        meta.connector().publish(spec.account, Draft(text="a", media=(PHOTO,)), "t", state)
    assert state["container_id"] == "C1"
    assert state["publish_requested"] is False  # answered: nothing was published


@SPECS
def test_it_makes_a_new_container_when_publishing_finds_it_expired(spec: MetaSpec) -> None:
    expired = [graph_error_response("error_2207020_media_expired.json")]

    def publish(request: httpx.Request) -> httpx.Response:
        if expired:
            return expired.pop()(request)
        return httpx.Response(200, json=spec.fixture(spec.published))

    meta = FakeMeta(spec, ["C1", "C2"], on_publish=publish)
    state = PublishState()
    meta.connector().publish(spec.account, Draft(text="a", media=(PHOTO,)), "t", state)
    assert [p["creation_id"] for p in meta.publishes()] == ["C1", "C2"]
    assert state["container_id"] == "C2"
