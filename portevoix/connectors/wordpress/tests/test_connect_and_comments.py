"""Connecting checks the application password and the right to publish; comments are read
oldest first with a cursor that never returns one twice."""

from __future__ import annotations

import httpx
import pytest

from portevoix.connectors.errors import AuthExpired, Rejected
from portevoix.connectors.tests.contract import Recorder
from portevoix.connectors.wordpress.connector import WordPressConnector
from portevoix.connectors.wordpress.tests import helpers

FIELDS = {
    "site_url": "blogue.cafe-lumiere.example/",
    "username": "admin",
    "application_password": "abcd efgh ijkl mnop",
}


def connector(handler: Recorder) -> WordPressConnector:
    return WordPressConnector(httpx.Client(transport=httpx.MockTransport(handler)))


def test_it_connects_with_an_application_password() -> None:
    recorder = Recorder(helpers.documented)
    account = connector(recorder).connect(FIELDS)
    assert account.base_url == "https://blogue.cafe-lumiere.example"
    assert account.handle == "admin@blogue.cafe-lumiere.example"
    assert account.external_id == "https://blogue.cafe-lumiere.example#1"
    assert account.credentials.extra["application_password"] == "abcd efgh ijkl mnop"
    assert recorder.requests[0].url.params["context"] == "edit"


def test_it_refuses_a_wrong_password_and_a_user_who_cannot_publish() -> None:
    wrong = helpers.fixture("error_incorrect_password.json")
    with pytest.raises(AuthExpired):
        connector(Recorder(lambda r: httpx.Response(401, json=wrong))).connect(FIELDS)
    me = helpers.fixture("users_me.json")
    me["capabilities"]["publish_posts"] = False
    with pytest.raises(Rejected):
        connector(Recorder(lambda r: httpx.Response(200, json=me))).connect(FIELDS)


def test_it_reads_comments_then_only_new_ones() -> None:
    recorder = Recorder(helpers.documented)
    wordpress = connector(recorder)
    page = wordpress.fetch_comments(helpers.account(), "5")
    (comment,) = page.items
    assert comment.text == "Bravo !"
    assert comment.author_handle == "Visiteuse"
    assert page.cursor == "2026-12-01T21:39:23|2"
    again = wordpress.fetch_comments(helpers.account(), "5", page.cursor)
    assert again.items == ()
    assert again.cursor == page.cursor
    assert recorder.requests[1].url.params["after"] == "2026-12-01T21:39:22"
    assert recorder.requests[1].url.params["status"] == "all"


def test_it_deletes_to_the_trash() -> None:
    recorder = Recorder(lambda r: httpx.Response(200, json={"id": 5, "status": "trash"}))
    connector(recorder).delete(helpers.account(), "5")
    request = recorder.requests[0]
    assert request.method == "DELETE"
    assert helpers.route(request) == "/wp/v2/posts/5"
    assert "force" not in request.url.params
    gone = Recorder(
        lambda r: httpx.Response(
            410, json={"code": "rest_already_trashed", "message": "x", "data": {"status": 410}}
        )
    )
    connector(gone).delete(helpers.account(), "5")
