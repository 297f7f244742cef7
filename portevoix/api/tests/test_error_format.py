"""Whatever goes wrong, the answer is JSON with a stable code, never an HTML page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from portevoix.api.tests.helpers import call, error_of


def test_it_answers_an_unknown_object_with_not_found(
    alice: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = call("GET", f"/brands/{brand.pk}/objectives/999999", token=token_for(alice, brand))

    assert response.status_code == 404
    assert error_of(response) == {"code": "not_found", "message": error_of(response)["message"]}


def test_it_answers_an_unknown_path_with_json(db: None) -> None:
    response = call("GET", "/nowhere/at/all")

    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_it_answers_a_wrong_method_with_json(
    alice: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = call("PUT", f"/brands/{brand.pk}", token=token_for(alice, brand), body={})

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"
    assert set(response["Allow"].split(", ")) == {"GET", "PATCH", "DELETE"}


def test_it_answers_a_body_that_is_not_json(
    alice: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = Client().post(
        f"/api/v1/brands/{brand.pk}/personas",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token_for(alice, brand)}",
    )

    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_request"


def test_it_refuses_a_brand_creation_with_a_token(
    alice: Any, org: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = call(
        "POST",
        "/brands",
        token=token_for(alice, brand),
        body={"organisation": org.pk, "name": "Par script"},
    )

    assert response.status_code == 403
    assert error_of(response)["code"] == "session_required"
