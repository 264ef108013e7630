"""The OpenAPI document lists every answer an operation gives, so that clients (and the
fuzzer) can trust it."""

import json

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.api.routes import api
from semanggi.testing.world import World


def operations() -> list[tuple[str, str, dict[str, object]]]:
    schema = api.get_openapi_schema()
    return [
        (path, method, operation)
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]


@pytest.mark.parametrize(("path", "method", "operation"), operations())
def test_every_operation_documents_its_errors(
    path: str, method: str, operation: dict[str, object]
) -> None:
    responses = {int(code) for code in operation["responses"]}  # type: ignore[attr-defined]
    places = {p["in"] for p in operation.get("parameters", [])}  # type: ignore[attr-defined]
    if places or "requestBody" in operation:
        assert 422 in responses
    if "requestBody" in operation:
        assert 400 in responses
    if "path" in places:
        assert 404 in responses
    if method != "get":
        assert {401, 403} <= responses


@pytest.mark.django_db
def test_an_invalid_write_answers_as_documented(world: World) -> None:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=world.alice, name='t')}")
    response = client.patch(
        "/api/needs/1", json.dumps({"title": 62531}), content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str) and isinstance(body["errors"], list)
    documented = api.get_openapi_schema()["paths"]["/api/needs/{need_id}"]["patch"]
    assert 422 in documented["responses"]
    broken = client.patch("/api/needs/1", b"\x1a{", content_type="application/json")
    assert broken.status_code == 400 and 400 in documented["responses"]
