"""What the web forms refuse, the API refuses too: blank names, endless texts, null lists."""

from __future__ import annotations

from typing import Any

from portevoix.api.tests.helpers import call, error_of
from portevoix.strategy.tests.factories import make_objective


def test_it_refuses_names_made_of_spaces(alice: Any, brand: Any, token_for: Any) -> None:
    response = call(
        "POST", f"/brands/{brand.pk}/personas", token=token_for(alice, brand), body={"name": "   "}
    )
    assert response.status_code == 422
    assert "name" in error_of(response)["fields"]


def test_it_strips_the_spaces_around_names(alice: Any, brand: Any, token_for: Any) -> None:
    response = call(
        "POST",
        f"/brands/{brand.pk}/personas",
        token=token_for(alice, brand),
        body={"name": "  Étudiants  "},
    )
    assert response.status_code == 201
    assert response.json()["name"] == "Étudiants"


def test_it_refuses_texts_over_their_limit(alice: Any, brand: Any, token_for: Any) -> None:
    response = call(
        "POST",
        f"/brands/{brand.pk}/personas",
        token=token_for(alice, brand),
        body={"name": "Étudiants", "description": "x" * 4001},
    )
    assert response.status_code == 422
    assert "description" in error_of(response)["fields"]


def test_it_refuses_a_null_list_of_links(alice: Any, brand: Any, token_for: Any) -> None:
    objective = make_objective(brand)
    response = call(
        "PATCH",
        f"/brands/{brand.pk}/objectives/{objective.pk}",
        token=token_for(alice, brand),
        body={"personas": None},
    )
    assert response.status_code == 422
    assert "personas" in error_of(response)["fields"]
