"""The OpenAPI document is valid JSON, self-consistent, and linked from the docs page."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

METHODS = {"get", "post", "put", "patch", "delete"}


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


def test_it_serves_a_valid_openapi_document(db: None) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert (schema["info"]["title"], schema["info"]["version"]) == ("Porte-voix API", "1")
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SessionAuth"}
    operation_ids = []
    for path, methods in schema["paths"].items():
        assert path.startswith("/api/v1/")
        for method, operation in methods.items():
            assert method in METHODS
            assert operation["responses"], (method, path)
            assert operation["security"], (method, path)
            assert {"401", "403", "404", "422"} <= set(operation["responses"]), (method, path)
            operation_ids.append(operation["operationId"])
    assert len(operation_ids) == len(set(operation_ids))
    components = schema["components"]["schemas"]
    for ref in refs(schema):
        assert ref.removeprefix("#/components/schemas/") in components, ref


def test_it_shows_the_docs_page(db: None) -> None:
    response = Client().get(reverse("api:openapi-view"))

    assert response.status_code == 200
    assert reverse("api:openapi-json") in response.content.decode()


def test_it_serves_the_docs_page_with_its_own_assets_not_a_cdn(client: Any) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "https://" not in html and "http://" not in html
