"""A MockTransport stand-in for a PDS, answering with the documented payloads of `fixtures/`.

It keeps the records it creates, so getRecord finds a post after createRecord, as a PDS does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

FIXTURES = Path(__file__).parent / "fixtures"
DID = "did:plc:z72i7hdynmk6r22z27h6tvur"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / f"{name}.json").read_text())


def xrpc_error(status: int, name: str, **headers: str) -> httpx.Response:
    return httpx.Response(status, json=fixture(f"error_{name}"), headers=headers)


class Pds:
    def __init__(self) -> None:
        self.records: dict[str, dict[str, Any]] = {}
        self.uploads = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        nsid = request.url.path.removeprefix("/xrpc/")
        if nsid == "com.atproto.server.createSession":
            return httpx.Response(200, json=fixture("createSession"))
        if nsid == "com.atproto.server.refreshSession":
            return httpx.Response(200, json=fixture("refreshSession"))
        if nsid == "com.atproto.server.getSession":
            return httpx.Response(200, json=fixture("getSession"))
        if nsid == "com.atproto.identity.resolveHandle":
            return httpx.Response(200, json=fixture("resolveHandle"))
        if nsid == "com.atproto.repo.uploadBlob":
            self.uploads += 1
            blob = fixture("uploadBlob")
            blob["blob"]["mimeType"] = request.headers["content-type"]
            blob["blob"]["size"] = len(request.content)
            return httpx.Response(200, json=blob)
        if nsid == "com.atproto.repo.getRecord":
            rkey = request.url.params["rkey"]
            if rkey not in self.records:
                body = fixture("error_RecordNotFound")
                body["message"] = body["message"].replace("RKEY", rkey)
                return httpx.Response(400, json=body)
            answer = fixture("getRecord")
            answer["uri"] = answer["uri"].replace("RKEY", rkey)
            answer["value"] = self.records[rkey]
            return httpx.Response(200, json=answer)
        if nsid == "com.atproto.repo.createRecord":
            body = json.loads(request.content)
            if body["rkey"] in self.records:
                return xrpc_error(500, "InternalServerError")  # what a real PDS answers
            self.records[body["rkey"]] = body["record"]
            answer = fixture("createRecord")
            answer["uri"] = answer["uri"].replace("RKEY", body["rkey"])
            return httpx.Response(200, json=answer)
        if nsid == "com.atproto.repo.deleteRecord":
            self.records.pop(json.loads(request.content)["rkey"], None)
            return httpx.Response(200, json={})
        if nsid == "app.bsky.feed.searchPosts":
            return httpx.Response(200, json=fixture("searchPosts"))
        if nsid == "app.bsky.notification.listNotifications":
            return httpx.Response(200, json=fixture("listNotifications"))
        return httpx.Response(501, json={"error": "MethodNotImplemented", "message": nsid})
