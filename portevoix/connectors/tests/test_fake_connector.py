"""The demo/test platform keeps every post, finds a post by its idempotency key, and fails on
request the way real platforms fail."""

from __future__ import annotations

import threading
from pathlib import Path

import httpx
import pytest

from portevoix.connectors.base import Account, Draft, PublishState
from portevoix.connectors.errors import AuthExpired, OutcomeUnknown, Rejected
from portevoix.connectors.fake.connector import FakeConnector, FakeStore


def connector(tmp_path: Path) -> FakeConnector:
    return FakeConnector(httpx.Client(), {"store": str(tmp_path / "fake.sqlite")})


def test_it_publishes_and_checkpoints_the_id(tmp_path: Path) -> None:
    saved: list[dict[str, object]] = []
    state = PublishState(saver=saved.append)
    published = connector(tmp_path).publish(
        Account(kind="fake", handle="demo"), Draft(text="Bonjour"), "target-1", state
    )
    assert saved == [{"platform_id": published.platform_id}]
    assert published.url.endswith(f"/demo/{published.platform_id}")


def test_it_finds_a_post_whose_answer_was_lost(tmp_path: Path) -> None:
    account = Account(kind="fake", handle="demo", config={"fail_with": "sent_then_timeout"})
    fake = connector(tmp_path)
    with pytest.raises(OutcomeUnknown):
        fake.publish(account, Draft(text="Bonjour"), "target-2", PublishState())
    found = fake.lookup(account, "target-2", PublishState())
    assert found is not None
    assert fake.lookup(account, "target-3", PublishState()) is None


def test_it_counts_posts_per_key_across_connections(tmp_path: Path) -> None:
    account = Account(kind="fake", handle="demo")
    connector(tmp_path).publish(account, Draft(text="a"), "k1", PublishState())
    connector(tmp_path).publish(account, Draft(text="a"), "k1", PublishState())
    connector(tmp_path).publish(account, Draft(text="b"), "k2", PublishState())
    assert FakeStore(str(tmp_path / "fake.sqlite")).counts() == {"k1": 2, "k2": 1}


@pytest.mark.parametrize(
    ("failure", "error"), [("auth_expired", AuthExpired), ("rejected", Rejected)]
)
def test_it_fails_on_request(tmp_path: Path, failure: str, error: type[Exception]) -> None:
    account = Account(kind="fake", handle="demo", config={"fail_with": failure})
    with pytest.raises(error):
        connector(tmp_path).publish(account, Draft(text="a"), "k", PublishState())


def test_it_counts_the_posts_of_several_threads(tmp_path: Path) -> None:
    # Worker threads each keep their own connection to the store's file.

    account = Account(kind="fake", handle="demo")

    def post(n: int) -> None:
        fake = connector(tmp_path)
        for i in range(5):
            fake.publish(account, Draft(text="a"), f"t{n}-{i}", PublishState())

    threads = [threading.Thread(target=post, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    counts = FakeStore(str(tmp_path / "fake.sqlite")).counts()
    assert len(counts) == 20 and set(counts.values()) == {1}


def test_it_keeps_one_connection_per_thread(tmp_path: Path) -> None:
    store = FakeStore(str(tmp_path / "fake.sqlite"))
    assert store.connect() is FakeStore(str(tmp_path / "fake.sqlite")).connect()
    other = FakeStore(str(tmp_path / "other.sqlite"))
    assert other.connect() is not store.connect()
