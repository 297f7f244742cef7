"""Bad input answers 422 `validation_error` with messages per field, whether the schema refuses
it (types) or the model and the actions do (blank, past deadline, negative amount)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from portevoix.api.tests.helpers import call, error_of
from portevoix.strategy.models import Objective, Revision
from portevoix.strategy.tests.factories import later, make_objective


def objective_body(brand: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "title": "Notoriété",
        "category": "awareness",
        "kpi_metric": "Abonnés",
        "target": "200",
        "deadline": later(brand, 30).isoformat(),
    }
    return body | overrides


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"deadline": "2020-01-01"}, "deadline"),
        ({"target": "abc"}, "target"),
        ({"deadline": "31/12/2030"}, "deadline"),
        ({"category": "fame"}, "category"),
        ({"colour": "red"}, "colour"),
        ({"personas": "1,2"}, "personas"),
    ],
    ids=["empty title", "past deadline", "target abc", "date format", "choice", "unknown", "ids"],
)
def test_it_refuses_a_bad_objective_with_the_field_at_fault(
    overrides: dict[str, Any], field: str, bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = call(
        "POST",
        f"/brands/{brand.pk}/objectives",
        token=token_for(bob, brand),
        body=objective_body(brand, **overrides),
    )

    assert response.status_code == 422, response.content
    error = error_of(response)
    assert error["code"] == "validation_error"
    assert error["message"]
    assert list(error["fields"]) == [field]
    assert all(isinstance(m, str) and m for m in error["fields"][field])
    assert not Objective.objects.exists()
    assert not Revision.objects.exists()


def test_it_names_every_missing_field(bob: Any, brand: Any, token_for: Callable[..., str]) -> None:
    response = call("POST", f"/brands/{brand.pk}/objectives", token=token_for(bob, brand), body={})

    assert response.status_code == 422
    fields = error_of(response)["fields"]
    assert set(fields) == {"title", "category", "kpi_metric", "target", "deadline"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("campaigns", {"name": "Été", "starts_on": "2030-06-01", "ends_on": "2030-06-30", "budget": -5}, "budget"),
        ("budget-lines", {"category": "tools", "label": "Outils", "period_start": "2030-01-01", "period_end": "2030-01-31", "planned": "-1"}, "planned"),
        ("campaigns", {"name": "Été", "starts_on": "2030-06-30", "ends_on": "2030-06-01"}, "ends_on"),
    ],
    ids=["negative budget", "negative planned", "ends before it starts"],
)  # fmt: skip
def test_it_refuses_what_the_models_and_actions_refuse(
    path: str, body: dict[str, Any], field: str, bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    response = call("POST", f"/brands/{brand.pk}/{path}", token=token_for(bob, brand), body=body)

    assert response.status_code == 422, response.content
    assert error_of(response)["code"] == "validation_error"
    assert list(error_of(response)["fields"]) == [field]


def test_it_refuses_a_bad_change_and_keeps_the_object(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    objective = make_objective(brand)
    response = call(
        "PATCH",
        f"/brands/{brand.pk}/objectives/{objective.pk}",
        token=token_for(bob, brand),
        body={"deadline": "2020-01-01", "reason": "Reculer"},
    )

    assert response.status_code == 422
    assert list(error_of(response)["fields"]) == ["deadline"]
    objective.refresh_from_db()
    assert objective.deadline == later(brand, 60)
    assert Revision.objects.filter(action="update").count() == 0


def test_it_answers_in_french_by_default_and_in_english_on_request(
    bob: Any, brand: Any, token_for: Callable[..., str]
) -> None:
    token = token_for(bob, brand)
    french = call("POST", f"/brands/{brand.pk}/objectives", token=token, body={})
    english = call(
        "POST", f"/brands/{brand.pk}/objectives", token=token, body={}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert error_of(french)["fields"]["title"] == ["Ce champ est obligatoire."]
    assert error_of(english)["fields"]["title"] == ["This field is required."]
