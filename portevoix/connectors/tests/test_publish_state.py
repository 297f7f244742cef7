"""PublishState.each_once: the per-item steps of a publish (uploads, carousel containers) are
made once each, checkpointed one by one, and a retry resumes after the last one known."""

from __future__ import annotations

from typing import Any

import pytest

from portevoix.connectors.base import PublishState


def test_it_checkpoints_each_result_as_soon_as_it_is_known() -> None:
    saved: list[dict[str, Any]] = []
    state = PublishState(saver=saved.append)
    assert state.each_once("ids", ["a", "b"], str.upper) == ["A", "B"]
    assert [s["ids"] for s in saved] == [["A"], ["A", "B"]]


def test_a_retry_makes_only_the_items_not_done_yet() -> None:
    made: list[str] = []

    def upload(item: str) -> str:
        if item == "c" and "failed once" not in made:
            made.append("failed once")
            raise ConnectionError("the platform went away")
        made.append(item)
        return item.upper()

    state = PublishState()
    with pytest.raises(ConnectionError):
        state.each_once("ids", ["a", "b", "c"], upload)
    assert state["ids"] == ["A", "B"]
    assert PublishState(dict(state)).each_once("ids", ["a", "b", "c"], upload) == ["A", "B", "C"]
    assert made == ["a", "b", "failed once", "c"]
