"""Publishing sends the documented record (facets, images with alt text), checkpoints each blob
and the post's URI, and never creates a post twice for one idempotency key."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from portevoix.connectors.base import Account, Credentials, Draft, Media, PublishState
from portevoix.connectors.bluesky import text
from portevoix.connectors.bluesky.connector import BlueskyConnector
from portevoix.connectors.bluesky.tests.platform import DID, Pds
from portevoix.connectors.errors import OutcomeUnknown, Unavailable
from portevoix.connectors.tests.contract import Recorder

ACCOUNT = Account(
    kind="bluesky",
    handle="cafe-lumiere.bsky.social",
    external_id=DID,
    base_url="https://pds.example",
    credentials=Credentials(access_token="access", refresh_token="refresh"),
)
PNG = Media(
    "tarte.png",
    "image/png",
    4,
    alt_text="Une tarte aux pommes",
    width=4,
    height=3,
    data=lambda: b"\x89PNG",
)


def connector(handler: object) -> tuple[BlueskyConnector, Recorder]:
    recorder = Recorder(handler)  # type: ignore[arg-type]
    client = httpx.Client(transport=httpx.MockTransport(recorder))
    return BlueskyConnector(client, {"app_url": "http://localhost:2584"}), recorder


def created(recorder: Recorder) -> list[dict[str, Any]]:
    return [
        json.loads(r.content)
        for r in recorder.requests
        if r.url.path.endswith("com.atproto.repo.createRecord")
    ]


def test_it_sends_facets_and_images_with_alt_text() -> None:
    pds = Pds()
    bsky, recorder = connector(pds)
    state = PublishState()
    post = "Nouveau ✨ avec @marie.bsky.social : https://cafe-lumiere.ca/carte #automne"
    published = bsky.publish(ACCOUNT, Draft(text=post, media=(PNG,)), "target-7", state)
    [body] = created(recorder)
    record = body["record"]
    assert body["rkey"] == text.record_key("target-7")
    features = [(f["features"][0]["$type"].split("#")[1], f["index"]) for f in record["facets"]]
    encoded = post.encode()
    assert [(kind, encoded[i["byteStart"] : i["byteEnd"]].decode()) for kind, i in features] == [
        ("mention", "@marie.bsky.social"),
        ("link", "https://cafe-lumiere.ca/carte"),
        ("tag", "#automne"),
    ]
    assert record["facets"][0]["features"][0]["did"] == "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
    image = record["embed"]["images"][0]
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert image["alt"] == "Une tarte aux pommes"
    assert image["aspectRatio"] == {"width": 4, "height": 3}
    assert image["image"]["mimeType"] == "image/png"
    assert state["blobs"] == [image["image"]]
    assert published.url == f"http://localhost:2584/profile/{ACCOUNT.handle}/post/{body['rkey']}"


def test_it_does_not_upload_a_checkpointed_blob_again() -> None:
    pds = Pds()

    def fail_create_once(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("createRecord") and pds.uploads == 1 and not pds.records:
            pds.records["_failed_once"] = {}
            return httpx.Response(503, json={"error": "InternalServerError", "message": "busy"})
        return pds(request)

    bsky, _recorder = connector(fail_create_once)
    saved: list[dict[str, object]] = []
    state = PublishState(saver=saved.append)
    with pytest.raises(Unavailable):
        bsky.publish(ACCOUNT, Draft(text="Bonjour", media=(PNG,)), "target-8", state)
    assert saved[-1]["blobs"]
    resumed = PublishState(saved[-1])
    bsky.publish(ACCOUNT, Draft(text="Bonjour", media=(PNG,)), "target-8", resumed)
    assert pds.uploads == 1


def test_it_finds_the_post_whose_answer_was_lost_and_never_posts_it_twice() -> None:
    pds = Pds()

    def lose_answer(request: httpx.Request) -> httpx.Response:
        response = pds(request)
        if request.url.path.endswith("createRecord") and response.status_code == 200:
            raise httpx.ReadTimeout("answer lost", request=request)
        return response

    bsky, recorder = connector(lose_answer)
    with pytest.raises(OutcomeUnknown):
        bsky.publish(ACCOUNT, Draft(text="Bonjour"), "target-9", PublishState())
    found = bsky.lookup(ACCOUNT, "target-9", PublishState())
    assert found is not None
    assert found.platform_id.endswith(text.record_key("target-9"))
    again = bsky.publish(ACCOUNT, Draft(text="Bonjour"), "target-9", PublishState())
    assert again.platform_id == found.platform_id
    assert len(created(recorder)) == 1
    assert bsky.lookup(ACCOUNT, "target-10", PublishState()) is None


def test_it_deletes_by_record_key() -> None:
    pds = Pds()
    bsky, recorder = connector(pds)
    published = bsky.publish(ACCOUNT, Draft(text="Bonjour"), "target-11", PublishState())
    bsky.delete(ACCOUNT, published.platform_id)
    delete = recorder.requests[-1]
    assert delete.url.path == "/xrpc/com.atproto.repo.deleteRecord"
    assert json.loads(delete.content) == {
        "repo": DID,
        "collection": "app.bsky.feed.post",
        "rkey": text.record_key("target-11"),
    }
    assert bsky.lookup(ACCOUNT, "target-11", PublishState()) is None


def test_it_answers_a_post_with_root_and_parent_references() -> None:
    pds = Pds()
    bsky, recorder = connector(pds)
    parent = bsky.publish(ACCOUNT, Draft(text="Question ?"), "target-12", PublishState())
    bsky.reply(ACCOUNT, parent.platform_id, Draft(text="Réponse"))
    reply = created(recorder)[-1]["record"]
    assert reply["reply"]["parent"]["uri"] == parent.platform_id
    assert reply["reply"]["root"]["uri"] == parent.platform_id
