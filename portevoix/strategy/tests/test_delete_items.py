from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from portevoix.strategy.models import Revision
from portevoix.strategy.tests.factories import (
    MAKERS,
    client_for,
    make_persona,
)


@pytest.mark.parametrize("kind", list(MAKERS))
def test_it_deletes_after_confirmation_and_keeps_a_revision(
    bob: Any, brand: Any, kind: str
) -> None:
    obj = MAKERS[kind](brand)
    client = client_for(bob)
    url = reverse(f"strategy:{kind}-delete", args=[brand.pk, obj.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()
    response = client.post(url, {"reason": "Abandonné"})
    assert response.status_code == 302
    assert not type(obj)._default_manager.filter(pk=obj.pk).exists()
    revision = Revision.objects.get(object_id=obj.pk, action="delete")
    assert (revision.author, revision.reason) == (bob, "Abandonné")
    assert revision.object_type == kind.replace("-", "_")


def test_it_shows_only_the_confirmation_to_htmx(bob: Any, brand: Any) -> None:
    persona = make_persona(brand)
    response = client_for(bob).get(
        reverse("strategy:persona-delete", args=[brand.pk, persona.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<form" in body
    assert "<html" not in body
