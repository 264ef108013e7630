"""The OpenAPI document and the API agree: a request the document calls valid is accepted (or
answered 404 / 409 for the records it names and their state), one it calls invalid is
refused, and every answer has the shape the document gives it. Each test is a kind of
disagreement a fuzzer (schemathesis, see CONTRIBUTING.md) found."""

import json
from typing import Any

import jsonschema
import pydantic
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from semanggi.access.services import api_token_create
from semanggi.api.routes import api
from semanggi.poac.models import Activity, BudgetLine
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.world import World


def document() -> dict[str, Any]:
    # As served: lazy translations rendered.
    return json.loads(json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder))


def valid(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` fits ``schema``, read in the document (its references resolved)."""
    contents = {**document(), "x-checked": schema}
    resource = Resource(contents=contents, specification=DRAFT202012)
    validator = jsonschema.Draft202012Validator(
        {"$ref": "urn:doc#/x-checked"},
        registry=Registry().with_resource("urn:doc", resource),
        format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
    )
    return validator.is_valid(value)


def body_schema(path: str, method: str) -> dict[str, Any]:
    operation = document()["paths"][path][method]
    schema: dict[str, Any] = operation["requestBody"]["content"]["application/json"]["schema"]
    return schema


def token_client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='t')}")


def send(client: Client, method: str, url: str, body: Any) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def models(annotation: Any, found: dict[str, set[str]]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        name = annotation.model_config.get("title") or annotation.__name__
        key = f"{annotation.__module__}.{annotation.__qualname__}"
        if key in found.setdefault(name, set()):
            return
        found[name].add(key)
        for field in annotation.model_fields.values():
            models(field.annotation, found)
    for argument in getattr(annotation, "__args__", ()) or ():
        models(argument, found)


def test_every_schema_name_in_the_document_belongs_to_one_class() -> None:
    # Two classes of one name share one component: the document then describes one of them
    # for both (the assessment's decisions were once documented as access decisions).
    found: dict[str, set[str]] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    models(model, found)
                for model in (operation.response_models or {}).values():
                    models(model, found)
    assert {name: sorted(keys) for name, keys in found.items() if len(keys) > 1} == {}


def test_every_invalid_request_answer_has_one_documented_shape() -> None:
    schema = {"$ref": "#/components/schemas/InvalidRequestOut"}
    for operations in document()["paths"].values():
        for operation in operations.values():
            answer = operation["responses"].get("422")
            if answer is not None:
                assert answer["content"]["application/json"]["schema"] == schema
    # What ninja answers for a request that does not fit, and what a form answers.
    assert valid(schema, {"detail": "x", "errors": [{"loc": ["body", "title"], "msg": "?"}]})
    assert valid(schema, {"detail": "x", "errors": {"title": ["This field is required."]}})
    assert valid(schema, {"detail": "x"})


@pytest.mark.django_db
def test_anonymous_writes_are_refused_before_their_body_is_read(world: World) -> None:
    # Whatever the body, a write without credentials is a 401, as the document says.
    for body in ({}, {"title": 5}, {"decision": "grant"}):
        response = send(Client(), "post", "/api/partnerships/semanggi/records/decision", body)
        assert response.status_code == 401, body
    assert send(Client(), "post", "/api/studies", {}).status_code == 401


@pytest.mark.django_db
def test_a_path_no_operation_matches_is_answered_in_json(world: World) -> None:
    client = token_client(world.alice)
    for url in ("/api/jobs/null,null", "/api/jobs/not-a-uuid/result", "/api/no-such-thing"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "detail" in response.json()


@pytest.mark.django_db
def test_a_project_import_refuses_ids_no_key_can_hold(world: World) -> None:
    # Once a 500: the id reached SQLite.
    client = token_client(world.eva)
    upload = SimpleUploadedFile("p.qdpx", b"PK\x03\x04 not really")
    response = client.post("/api/jobs/qdpx-import", {"file": upload, "partnerships": str(10**30)})
    assert response.status_code == 422


@pytest.mark.django_db
def test_job_partnerships_are_ids_not_booleans(world: World) -> None:
    body = {"kind": "dashboard_export", "partnerships": [False]}
    assert not valid(body_schema("/api/jobs", "post"), body)
    assert send(token_client(world.alice), "post", "/api/jobs", body).status_code == 422


@pytest.mark.django_db
def test_a_budget_line_is_accepted_exactly_when_the_document_says_so(world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi)
    party = world.semanggi.parties.first()
    url = "/api/partnerships/semanggi/records/budget-line"
    schema = body_schema("/api/partnerships/{slug}/records/budget-line", "post")
    good = {"activity_id": activity.pk, "party_id": party.pk, "description": "Semen", "amount": 5}
    bodies = [
        (good, True),
        ({**good, "amount": "1250000.50"}, True),
        ({**good, "amount": ""}, False),  # once "valid" to the document
        ({**good, "amount": "12.345"}, False),  # more decimals than the column keeps
        ({**good, "amount": 10**16}, False),  # more digits than the column keeps
        ({**good, "description": "   "}, False),  # blank
        ({**good, "description": "Se\x00men"}, False),  # a NUL
        ({**good, "description": "x" * 251}, False),
        ({key: value for key, value in good.items() if key != "amount"}, False),
    ]
    client = token_client(world.kurnia)
    for body, accepted in bodies:
        assert valid(schema, body) is accepted, body
        response = send(client, "post", url, body)
        assert (response.status_code == 201) is accepted, (body, response.content)
        if not accepted:
            assert response.status_code == 422, (body, response.content)
    assert BudgetLine.objects.filter(activity=activity).count() == 2


@pytest.mark.django_db
def test_an_id_that_names_no_record_of_the_partnership_is_not_found(world: World) -> None:
    other = ActivityFactory(partnership=world.surakarta_draft)
    party = world.semanggi.parties.first()
    body = {"activity_id": other.pk, "party_id": party.pk, "description": "Semen", "amount": 5}
    # The document cannot know which ids exist: it accepts the body...
    assert valid(body_schema("/api/partnerships/{slug}/records/budget-line", "post"), body)
    response = send(
        token_client(world.kurnia), "post", "/api/partnerships/semanggi/records/budget-line", body
    )
    # ... and the answer is the one for an id that names nothing: 404, documented.
    assert response.status_code == 404 and "activity" in response.json()["detail"]
    assert not BudgetLine.objects.exists() and Activity.objects.count() == 1


@pytest.mark.django_db
def test_versions_and_decimals_are_documented_as_the_server_reads_them(world: World) -> None:
    schema = body_schema("/api/needs/{need_id}", "patch")
    assert not valid(schema, {"version": 2**31})  # once "valid", then refused
    assert valid(schema, {"version": 2**31 - 1})
    assert not valid(schema, {"estimated_cost": ""})
    parameters = document()["paths"]["/api/needs"]["get"]["parameters"]
    cost = next(p for p in parameters if p["name"] == "cost_min")["schema"]
    assert not valid(cost, "\x0bH") and valid(cost, "1000") and valid(cost, 1000)
    client = token_client(world.alice)
    assert client.get("/api/needs", {"cost_min": "\x0bH"}).status_code == 422
    assert client.get("/api/needs", {"cost_min": "1000"}).status_code == 200


@pytest.mark.django_db
def test_a_new_need_needs_what_its_form_needs(world: World) -> None:
    schema = body_schema("/api/needs", "post")
    component = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    assert {"title", "publisher", "sector", "regions", "estimated_cost"} <= set(
        component["required"]
    )
    empty = {"title": None, "publisher": None}
    assert not valid(schema, empty)
    assert send(token_client(world.kurnia), "post", "/api/needs", empty).status_code == 422


@pytest.mark.django_db
def test_retrying_a_job_that_has_not_failed_is_a_conflict(world: World) -> None:
    client = token_client(world.alice)
    job = send(client, "post", "/api/jobs", {"kind": "flags_refresh"}).json()
    response = client.post(f"/api/jobs/{job['id']}/retry")
    assert response.status_code == 409
    documented = document()["paths"]["/api/jobs/{job_id}/retry"]["post"]["responses"]
    assert "409" in documented and "400" not in documented


@pytest.mark.django_db
def test_a_duplicate_record_is_refused_by_the_form_not_the_database(world: World) -> None:
    # Once a 500: the rule involves the partnership, which is no field of the form.
    party = world.semanggi.parties.first()
    body = {"what": "contribution", "party_id": party.pk, "reason": "Belum dilaporkan"}
    client = token_client(world.kurnia)
    url = "/api/partnerships/semanggi/records/absence"
    assert send(client, "post", url, body).status_code == 201
    again = send(client, "post", url, body)
    # The data's state refuses it, not the request: a conflict, in plain words.
    assert again.status_code == 409, again.content
    assert "constraint" not in again.content.decode().lower()


@pytest.mark.django_db
def test_a_body_that_is_no_json_object_is_refused(world: World) -> None:
    # ninja read a model's fields from any value's attributes: "AAA" made a study "Aaa".
    client = token_client(world.eva)
    for body in ("AAA", [1, 2], 5):
        assert send(client, "post", "/api/studies", body).status_code == 400
    filters = {"kind": "dashboard_export", "filters": [None, None]}
    assert send(token_client(world.alice), "post", "/api/jobs", filters).status_code == 422


@pytest.mark.django_db
def test_an_empty_codebook_is_a_conflict_not_an_error(world: World) -> None:
    # Once a 500.
    response = token_client(world.eva).get(f"/api/studies/{world.study.pk}/codebook.qdc")
    assert response.status_code == 409 and response.json()["detail"]
    documented = document()["paths"]["/api/studies/{pk}/codebook.qdc"]["get"]["responses"]
    assert {"200", "409"} <= set(documented)
    assert "application/xml" in documented["200"]["content"]


@pytest.mark.django_db
def test_a_team_member_that_is_nobody_is_not_found(world: World) -> None:
    body = {"title": "Studi baru", "team": ["nobody-here"]}
    assert send(token_client(world.eva), "post", "/api/studies", body).status_code == 404


@pytest.mark.django_db
def test_a_boolean_is_true_or_false(world: World) -> None:
    # pydantic reads 0, 1 or "yes" as booleans; the document says boolean.
    schema = body_schema("/api/studies", "post")
    client = token_client(world.eva)
    for flag in (0, 1, "yes"):
        body = {"title": "Studi", "illustrative": flag}
        assert not valid(schema, body)
        assert send(client, "post", "/api/studies", body).status_code == 422
    body = {"title": "Studi", "illustrative": True}
    assert valid(schema, body) and send(client, "post", "/api/studies", body).status_code == 201


@pytest.mark.django_db
def test_offer_sectors_are_codes_and_regions_name_regions(world: World) -> None:
    schema = body_schema("/api/offers", "post")
    component = document()["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    sectors = component["properties"]["sectors"]
    items = next(b for b in sectors.get("anyOf", [sectors]) if b.get("type") == "array")["items"]
    # Group names of the picker are no sectors (they once were, in the document).
    assert "12230" in items["enum"] and not any(" " in value for value in items["enum"])
    client = token_client(world.bima)
    body = {
        "organisation": "bank-x",
        "title": "Dana CSR",
        "sectors": ["12230"],
        "regions": ["99.99"],  # well formed, names no region
        "budget_min": 1,
        "budget_max": 2,
    }
    assert valid(schema, body)
    assert send(client, "post", "/api/offers", body).status_code == 404
    assert not valid(schema, {**body, "regions": [""]})
    assert send(client, "post", "/api/offers", {**body, "regions": [""]}).status_code == 422


@pytest.mark.django_db
def test_a_date_is_a_string(world: World) -> None:
    # pydantic read 0 as 1 January 1970; the document says a date (a string).
    schema = body_schema("/api/partnerships/{slug}/records/activity", "post")
    client = token_client(world.kurnia)
    url = "/api/partnerships/semanggi/records/activity"
    body = {"title": "Posyandu", "planned_start": "2026-01-05", "planned_end": "2026-02-05"}
    for when in (0, 20260105, True):
        assert not valid(schema, {**body, "actual_start": when})
        assert send(client, "post", url, {**body, "actual_start": when}).status_code == 422
    assert not Activity.objects.filter(title="Posyandu").exists()
    assert valid(schema, {**body, "actual_start": "2026-01-06"})
    assert send(client, "post", url, {**body, "actual_start": "2026-01-06"}).status_code == 201


@pytest.mark.django_db
def test_null_is_no_body_and_false_no_id(world: World) -> None:
    client = token_client(world.kurnia)
    before = client.get("/api/partnerships/semanggi").json()["version"]
    assert send(client, "patch", "/api/partnerships/semanggi", None).status_code == 400
    assert client.get("/api/partnerships/semanggi").json()["version"] == before
    schema = body_schema("/api/studies/{pk}/memos", "post")
    memo = {"title": "Catatan", "informant": False}
    assert not valid(schema, memo)
    url = f"/api/studies/{world.study.pk}/memos"
    assert send(token_client(world.eva), "post", url, memo).status_code == 422
