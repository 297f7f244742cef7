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


def test_it_refuses_null_for_a_text_that_may_be_empty(
    alice: Any, brand: Any, token_for: Any
) -> None:
    # Found by fuzzing (schemathesis): Django's full_clean let None through, the database did not.
    objective = make_objective(brand)
    token = token_for(alice, brand)
    for path, body in [
        (f"/brands/{brand.pk}/objectives/{objective.pk}", {"kpi_unit": None}),
        (f"/brands/{brand.pk}", {"description": None}),
    ]:
        response = call("PATCH", path, token=token, body=body)
        assert response.status_code == 422, path
        assert error_of(response)["code"] == "validation_error"


def test_it_bounds_pagination_and_ids_to_what_the_database_holds(
    alice: Any, brand: Any, token_for: Any
) -> None:
    token = token_for(alice, brand)
    huge = 10**30
    assert call("GET", f"/brands/{brand.pk}/personas?limit={huge}", token=token).status_code == 422
    assert call("GET", f"/brands/{brand.pk}/personas?offset={huge}", token=token).status_code == 422
    assert call("GET", f"/brands/{brand.pk}/personas?limit=200", token=token).status_code == 200
    assert call("GET", f"/brands/{huge}/personas", token=token).status_code == 404
    response = call(
        "POST",
        f"/brands/{brand.pk}/campaigns",
        token=token,
        body={
            "name": "Rentrée",
            "starts_on": "2030-01-01",
            "ends_on": "2030-02-01",
            "objectives": [huge],
        },
    )
    assert response.status_code == 422
