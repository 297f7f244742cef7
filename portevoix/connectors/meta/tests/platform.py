"""Instagram's or Threads' publishing API on an `httpx.MockTransport`, answering with the payloads
copied from Meta's documentation (the JSON fixtures of each connector's tests).

It hands out container ids in the order given, answers each container's status from a script
(the documented FINISHED answer unless told otherwise), can fail the publish request, and keeps
every request so a test can check what went out and in which order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from portevoix.connectors import registry
from portevoix.connectors.base import Account, Connector, Credentials, Media
from portevoix.connectors.meta.tests.factories import form, load

CONNECTORS = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class MetaSpec:
    kind: str
    account: Account
    fixtures: Path
    create_edge: str  # POST /{user-id}/<edge> makes a container; GET lists the latest posts
    publish_edge: str
    quota_edge: str
    status_field: str
    statuses: dict[str, str]  # status → the fixture that answers it
    quota: str
    created: str  # the answer to a container creation (its id is replaced)
    published: str
    latest: str
    permalink: str

    def fixture(self, name: str) -> Any:
        return load(self.fixtures, name)


INSTAGRAM = MetaSpec(
    kind="instagram",
    account=Account(
        kind="instagram",
        handle="cafelumiere",
        external_id="17841405822304914",
        credentials=Credentials(access_token="IG-TOKEN"),
    ),
    fixtures=CONNECTORS / "instagram" / "tests" / "fixtures",
    create_edge="media",
    publish_edge="media_publish",
    quota_edge="content_publishing_limit",
    status_field="status_code",
    statuses={
        "FINISHED": "container_finished.json",
        "IN_PROGRESS": "container_in_progress.json",
        "ERROR": "container_error.json",
        "EXPIRED": "container_expired.json",
        "PUBLISHED": "container_published.json",
    },
    quota="content_publishing_limit.json",
    created="create_image_container.json",
    published="media_publish.json",
    latest="media_list.json",
    permalink="media_permalink.json",
)

THREADS = MetaSpec(
    kind="threads",
    account=Account(
        kind="threads",
        handle="cafelumiere",
        external_id="178414000000",
        credentials=Credentials(access_token="TH-TOKEN"),
    ),
    fixtures=CONNECTORS / "threads" / "tests" / "fixtures",
    create_edge="threads",
    publish_edge="threads_publish",
    quota_edge="threads_publishing_limit",
    status_field="status",
    statuses={
        "FINISHED": "status_finished.json",
        "IN_PROGRESS": "status_in_progress.json",
        "ERROR": "status_error.json",
        "EXPIRED": "status_expired.json",
        "PUBLISHED": "status_published.json",
    },
    quota="threads_publishing_limit.json",
    created="create_container.json",
    published="threads_publish.json",
    latest="threads_list.json",
    permalink="permalink.json",
)

PHOTO = Media("tarte.jpg", "image/jpeg", 10, public_url="https://porte-voix.example/m/tarte.jpg")
VIDEO = Media(
    "atelier.mp4",
    "video/mp4",
    4_000_000,
    duration=12.0,
    public_url="https://porte-voix.example/m/atelier.mp4",
)


class FakeMeta:
    def __init__(
        self,
        spec: MetaSpec,
        container_ids: Iterable[str] = (),
        statuses: dict[str, list[str]] | None = None,
        on_publish: Callable[[httpx.Request], httpx.Response] | None = None,
    ) -> None:
        self.spec = spec
        self.ids = list(container_ids) or [str(spec.fixture(spec.created)["id"])]
        # Container id → the statuses it answers in turn; the last one repeats.
        self.statuses: dict[str, list[str]] = {k: list(v) for k, v in (statuses or {}).items()}
        self.on_publish = on_publish
        self.requests: list[httpx.Request] = []

    def connector(self, **settings: Any) -> Connector:
        client = httpx.Client(transport=httpx.MockTransport(self))
        values = {"poll_interval": "0", **settings}
        return registry.connector_class(self.spec.kind)(client, values)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        spec = self.spec
        path = request.url.path
        if path.endswith(f"/{spec.quota_edge}"):
            return httpx.Response(200, json=spec.fixture(spec.quota))
        if request.method == "POST" and path.endswith(f"/{spec.create_edge}"):
            container = self.ids.pop(0) if len(self.ids) > 1 else self.ids[0]
            return httpx.Response(200, json={**spec.fixture(spec.created), "id": container})
        if request.method == "POST" and path.endswith(f"/{spec.publish_edge}"):
            if self.on_publish is not None:
                return self.on_publish(request)
            return httpx.Response(200, json=spec.fixture(spec.published))
        if path.endswith(f"/{spec.create_edge}"):
            return httpx.Response(200, json=spec.fixture(spec.latest))
        if "permalink" in request.url.params.get("fields", ""):
            return httpx.Response(200, json=spec.fixture(spec.permalink))
        container = path.rsplit("/", 1)[-1]
        script = self.statuses.get(container) or ["FINISHED"]
        status = script.pop(0) if len(script) > 1 else script[0]
        return httpx.Response(200, json={**spec.fixture(spec.statuses[status]), "id": container})

    # -- what went out ------------------------------------------------------------------------
    def creates(self) -> list[dict[str, str]]:
        return [form(r) for r in self._posts(self.spec.create_edge)]

    def publishes(self) -> list[dict[str, str]]:
        return [form(r) for r in self._posts(self.spec.publish_edge)]

    def polls(self, container: str) -> int:
        return sum(
            1
            for r in self.requests
            if r.method == "GET"
            and r.url.path.endswith(f"/{container}")
            and self.spec.status_field in r.url.params.get("fields", "")
        )

    def steps(self) -> list[str]:
        """The requests in order, shortly: "create", "publish", "poll <id>"."""
        out = []
        for r in self.requests:
            if r.method == "POST" and r.url.path.endswith(f"/{self.spec.create_edge}"):
                out.append("create")
            elif r.method == "POST" and r.url.path.endswith(f"/{self.spec.publish_edge}"):
                out.append("publish")
            elif self.spec.status_field in r.url.params.get("fields", ""):
                out.append(f"poll {r.url.path.rsplit('/', 1)[-1]}")
        return out

    def _posts(self, edge: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "POST" and r.url.path.endswith(f"/{edge}")]


def graph_error_response(name: str, status: int = 400) -> Callable[[httpx.Request], httpx.Response]:
    body = load(CONNECTORS / "meta" / "tests" / "fixtures", name)
    return lambda request: httpx.Response(status, json=body)
