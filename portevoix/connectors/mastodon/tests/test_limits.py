"""Limits come from the instance (GET /api/v2/instance), cached, with Mastodon's defaults when
the instance cannot tell."""

from __future__ import annotations

import httpx

from portevoix.connectors.base import CountUnit, Draft
from portevoix.connectors.mastodon import connector as module
from portevoix.connectors.mastodon.connector import MastodonConnector
from portevoix.connectors.mastodon.tests import helpers
from portevoix.connectors.tests.contract import Recorder


def instance_with(max_characters: int) -> Recorder:
    body = helpers.fixture("instance.json")
    body["configuration"]["statuses"]["max_characters"] = max_characters
    return Recorder(lambda request: httpx.Response(200, json=body))


def test_it_reads_the_instance_limits_and_caches_them() -> None:
    module._limits_cache.clear()
    recorder = instance_with(5000)
    mastodon = MastodonConnector(httpx.Client(transport=httpx.MockTransport(recorder)))
    account = helpers.account()
    limits = mastodon.limits(account)
    assert limits.max_length == 5000
    assert limits.unit == CountUnit.MASTODON
    assert limits.media.max_count == 4
    assert limits.media.max_bytes == 10485760
    assert limits.media.max_video_bytes == 41943040
    assert "image/heic" in limits.media.types
    assert mastodon.limits(account) is limits
    assert len(recorder.requests) == 1
    assert recorder.requests[0].url == "https://mastodon.social/api/v2/instance"


def test_it_falls_back_to_the_defaults_on_an_old_instance() -> None:
    module._limits_cache.clear()
    old = Recorder(lambda request: httpx.Response(404, json={"error": "Record not found"}))
    mastodon = MastodonConnector(httpx.Client(transport=httpx.MockTransport(old)))
    assert mastodon.limits(helpers.account()).max_length == 500


def test_it_flags_too_many_media_and_unsupported_types() -> None:
    mastodon = MastodonConnector(httpx.Client())
    limits = module.limits_from_instance(helpers.fixture("instance.json"))
    draft = Draft(
        text="x",
        media=(
            *(helpers.image(f"{n}.png") for n in range(4)),
            helpers.image("doc.pdf", "application/pdf"),
        ),
    )
    codes = [issue.code for issue in mastodon.validate(draft, limits)]
    assert codes == ["too_many_media", "media_type"]
    assert mastodon.validate(Draft(text="ok", media=(helpers.image(),)), limits) == []
