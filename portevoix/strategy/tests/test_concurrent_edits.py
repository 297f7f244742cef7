"""Two people editing the same object: the later save never silently undoes the earlier one,
and a deletion is told once however many times it is clicked."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.urls import reverse

from portevoix.strategy.actions import delete_item
from portevoix.strategy.models import Objective, Revision
from portevoix.strategy.tests.factories import client_for, later, make_objective


def form_data(objective: Objective, based_on: str, **changes: Any) -> dict[str, Any]:
    data = {
        "title": objective.title,
        "category": objective.category,
        "kpi_metric": objective.kpi_metric,
        "baseline": str(objective.baseline),
        "target": str(objective.target),
        "deadline": objective.deadline.isoformat(),
        "based_on": based_on,
    }
    return data | changes


def opened_version(client: Any, url: str) -> str:
    return opened_version_from(client.get(url).content.decode())


def test_it_refuses_a_save_based_on_a_version_someone_else_changed(
    alice: Any, bob: Any, brand: Any
) -> None:
    objective = make_objective(brand, deadline=later(brand, 60))
    url = reverse("strategy:objective-edit", args=[brand.pk, objective.pk])
    alices, bobs = client_for(alice), client_for(bob)
    alice_opened, bob_opened = opened_version(alices, url), opened_version(bobs, url)

    saved = alices.post(url, form_data(objective, alice_opened, title="Notoriété locale"))
    assert saved.status_code == 302
    refused = bobs.post(url, form_data(objective, bob_opened, target="999"))

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "a modifié cet élément pendant que vous le modifiiez" in page
    assert 'value="999"' in page  # bob's input is still in the form
    objective.refresh_from_db()
    assert (objective.title, objective.target) == ("Notoriété locale", Decimal(200))

    # Warned and now based on the saved version, bob may save on purpose.
    retried = bobs.post(url, form_data(objective, opened_version_from(page), target="999"))
    assert retried.status_code == 302
    objective.refresh_from_db()
    assert (objective.title, objective.target) == ("Notoriété locale", Decimal(999))


def opened_version_from(page: str) -> str:
    marker = 'name="based_on" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def test_it_records_one_deletion_for_a_double_click(bob: Any, brand: Any) -> None:
    objective = make_objective(brand)
    stale_copy = Objective.objects.get(pk=objective.pk)
    delete_item(bob, objective)
    delete_item(bob, stale_copy)
    assert Revision.objects.filter(object_type="objective", action="delete").count() == 1
