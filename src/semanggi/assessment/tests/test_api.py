"""The assessment over the API: read (public view or the study team's), run, decide."""

import json
from typing import Any

from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.assessment.models import AssessmentRun, LabelDecision
from semanggi.assessment.tests.conftest import Founding
from semanggi.testing.queries import assert_constant_queries

URL = "/api/partnerships/bina-kesehatan-semanggi/assessment"


def post(client: Client, url: str, body: dict[str, Any], **headers: str) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)


def labels(data: dict[str, Any], framework: str) -> dict[str, dict[str, Any]]:
    [view] = [f for f in data["frameworks"] if f["framework"] == framework]
    return {label["label"]: label for label in view["labels"]}


def test_anyone_reads_the_labels_but_not_the_evidence_excerpts(
    client: Client, founding: Founding
) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    data = response.json()
    assert (data["evidence_visible"], data["can_assess"]) == (False, False)
    life = labels(data, "sulistiyani-life")
    for label in life.values():
        # Each label says how the elements of its definition stand, and how it ranks.
        assert label["elements"] and label["rank"] >= 1 and label["summary"]
        assert {e["status"] for e in label["elements"]} <= {"met", "not_met", "not_enough"}
        assert label["sufficiency"] in ("sufficient", "limited", "insufficient")
        assert label["headline"] == label["strength"]  # no decision yet: the proposal
    [axis] = labels_axes = data["frameworks"][0]["axes"]
    assert labels_axes and "dominance" in axis
    text = json.dumps(data, ensure_ascii=False)
    assert "INF-0" not in text  # no informant codes
    assert "kami tinggal menerima gedung" not in text  # no excerpts
    assert "contribution:" in text  # record provenance stays
    assert data["frameworks"][0]["run"] is None  # computed live: nothing stored yet


def test_the_study_team_reads_the_evidence(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    data = client.get(URL, {"framework": "sulistiyani-life"}).json()
    assert data["evidence_visible"] is True
    assert [f["framework"] for f in data["frameworks"]] == ["sulistiyani-life"]
    text = json.dumps(data, ensure_ascii=False)
    assert "INF-01 (staf Dinkes)" in text
    assert "kami tinggal menerima gedung yang sudah jadi" in text


def test_explanations_follow_the_language(
    client: Client, founding: Founding, settings: Any
) -> None:
    indonesian = labels(client.get(URL).json(), "sulistiyani-life")["pseudo"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = labels(client.get(URL).json(), "sulistiyani-life")["pseudo"]
    assert indonesian["name"] == "Kemitraan semu" and indonesian["summary"].startswith("Kemitraan")
    assert english["name"] == "Pseudo partnership"
    assert english["summary"].startswith("Pseudo partnership")
    assert english["elements"][0]["name"] != indonesian["elements"][0]["name"]


def test_a_named_reading_comes_beside_the_definition(client: Client, founding: Founding) -> None:
    plain = labels(client.get(URL).json(), "sulistiyani-life")["conjugation"]
    assert plain["readings"] == []
    chosen = client.get(URL, {"reading": "source-study", "framework": "sulistiyani-life"})
    assert chosen.status_code == 200
    conjugation = labels(chosen.json(), "sulistiyani-life")["conjugation"]
    [reading] = conjugation["readings"]
    assert reading["id"] == "source-study" and reading["elements"]
    # The definition's own result is still there, element by element.
    assert conjugation["elements"] and conjugation["strength"] == plain["strength"]
    refused = client.get(URL, {"reading": "made-up"})
    assert refused.status_code == 400 and "made-up" in refused.json()["detail"]


def test_illustrative_evidence_can_be_left_out(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    counted = client.get(URL, {"framework": "sulistiyani-life"}).json()["frameworks"][0]
    left_out = client.get(
        URL, {"framework": "sulistiyani-life", "exclude_illustrative": "true"}
    ).json()["frameworks"][0]
    assert any("ilustratif ikut diperhitungkan" in note for note in counted["notes"])
    assert any("ilustratif tidak diperhitungkan" in note for note in left_out["notes"])
    segments = [
        item
        for label in left_out["assessment"]["axes"][0]["labels"]
        for item in label["supporting"] + label["contradicting"]
        if item["kind"] == "evidence"
    ]
    assert segments == []  # the demo's evidence is all illustrative


def test_run_and_decide_with_a_token(client: Client, founding: Founding) -> None:
    token = api_token_create(user=founding.evaluator, name="test")
    auth = {"Authorization": f"Bearer {token}"}
    ran = post(client, URL + "/run", {"frameworks": ["sulistiyani-life"]}, **auth)
    assert ran.status_code == 201, ran.content
    [result] = ran.json()
    assert result["framework"] == "sulistiyani-life" and result["changes"] is None

    again = post(client, URL + "/run", {"frameworks": ["sulistiyani-life"]}, **auth)
    assert again.json()[0]["changes"] == []

    proposed = labels(client.get(URL, headers=auth).json(), "sulistiyani-life")["mutualism"]
    other = "moderate" if proposed["strength"] != "moderate" else "weak"
    decided = post(
        client,
        URL + "/decisions",
        {
            "framework": "sulistiyani-life",
            "axis": "life",
            "label": "mutualism",
            "decision": "override",
            "strength": other,
            "reason": "Manfaat bank baru bersumber satu informan.",
        },
        **auth,
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert (body["decision"], body["strength"], body["proposed_strength"]) == (
        "override",
        other,
        proposed["strength"],
    )
    assert body["run_id"] == AssessmentRun.objects.order_by("-id").first().pk  # type: ignore[union-attr]

    shown = labels(client.get(URL, headers=auth).json(), "sulistiyani-life")["mutualism"]
    assert shown["decision"]["strength"] == other
    assert shown["headline"] == other  # the evaluator's decision is the headline
    assert shown["decision_outdated"] is False


def test_a_bad_decision_is_a_400_naming_the_field(client: Client, founding: Founding) -> None:
    client.force_login(founding.evaluator)
    response = post(
        client,
        URL + "/decisions",
        {"framework": "sulistiyani-life", "axis": "life", "label": "pseudo", "decision": "override",
         "strength": "weak"},
    )  # fmt: skip
    assert response.status_code == 400
    assert response.json()["field"] == "reason"
    assert not LabelDecision.objects.exists()


def test_writes_are_for_the_study_team(client: Client, founding: Founding) -> None:
    assert post(client, URL + "/run", {}).status_code == 401
    from django.contrib.auth import get_user_model

    outsider = get_user_model().objects.create_user("luar", "luar@example.org", "x")
    client.force_login(outsider)
    assert post(client, URL + "/run", {}).status_code == 403
    decision = {"framework": "sulistiyani-life", "axis": "life", "label": "pseudo",
                "decision": "confirm"}  # fmt: skip
    assert post(client, URL + "/decisions", decision).status_code == 403
    assert not AssessmentRun.objects.exists()


def test_hidden_partnerships_are_a_404(client: Client, founding: Founding) -> None:
    founding.partnership.is_published = False
    founding.partnership.save()
    assert client.get(URL).status_code == 404
    assert client.get("/api/partnerships/nope/assessment").status_code == 404
    client.force_login(founding.evaluator)  # on the study: sees it
    assert client.get(URL).status_code == 200


def test_the_openapi_document_lists_the_endpoints(client: Client) -> None:
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/partnerships/{slug}/assessment",
        "/api/partnerships/{slug}/assessment/run",
        "/api/partnerships/{slug}/assessment/decisions",
    ):
        assert path in paths


def test_reading_keeps_its_query_count_when_runs_and_decisions_grow(
    client: Client, founding: Founding
) -> None:
    client.force_login(founding.evaluator)
    post(client, URL + "/run", {})

    def grow() -> None:
        post(client, URL + "/run", {})
        for label in ("pseudo", "mutualism", "conjugation"):
            post(
                client,
                URL + "/decisions",
                {"framework": "sulistiyani-life", "axis": "life", "label": label,
                 "decision": "confirm"},
            )  # fmt: skip

    assert_constant_queries(lambda: client.get(URL), grow)
