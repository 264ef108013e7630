"""Findings (conclusion drawing and verification): triangulated by the core under the
study's rule, withdrawn informants' material set aside and shown as such, verification
explicit, kept in history and cleared when the finding changes."""

import io
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client

from semanggi.evidence.models import Finding, Function
from semanggi.evidence.selectors import finding_get, finding_rows
from semanggi.evidence.tests.factories import filled_study
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    return filled_study(world.study, world.eva)


def _finding(world: World, supporting: list[Any], contradicting: list[Any] = ()) -> Finding:
    finding = Finding.objects.create(study=world.study, statement="Temuan uji")
    finding.supporting.set(supporting)
    finding.contradicting.set(contradicting)
    return finding


def _status(world: World, finding: Finding) -> str:
    row = finding_get(study=world.study, pk=finding.pk)
    assert row is not None
    return row.result.status.value


def test_two_informants_in_two_kinds_of_source_are_triangulated(
    world: World, data: dict[str, Any]
) -> None:
    finding = _finding(world, [data["plan_bank"], data["seen"]])
    assert _status(world, finding) == "triangulated"


def test_one_informant_is_single_source(world: World, data: dict[str, Any]) -> None:
    assert _status(world, _finding(world, [data["plan"], data["emoji"]])) == "single-source"


def test_evidence_from_one_party_only_is_single_source(world: World, data: dict[str, Any]) -> None:
    # The filled study's finding: two informants, two kinds, but the MoU and INF-01 both
    # speak for Bank X, the only party the segments are attributed to.
    row = finding_get(study=world.study, pk=data["finding"].pk)
    assert row is not None and row.result.status.value == "single-source"
    assert [r.code for r in row.result.reasons if r.blocking] == ["parties"]


def test_comparable_contradiction_is_contested(world: World, data: dict[str, Any]) -> None:
    finding = _finding(world, [data["plan_bank"]], [data["seen"]])
    assert _status(world, finding) == "contested"


def test_no_evidence_is_unsupported(world: World, data: dict[str, Any]) -> None:
    assert _status(world, _finding(world, [])) == "unsupported"


def test_a_withdrawn_informant_is_excluded_and_the_exclusion_shown(
    client: Client, world: World, data: dict[str, Any], english: Client
) -> None:
    finding = _finding(world, [data["plan_bank"], data["seen"]])
    data["tini"].consent_withdrawn_on = date(2025, 4, 1)
    data["tini"].save()

    row = finding_get(study=world.study, pk=finding.pk)
    assert row is not None and row.result.status.value == "single-source"
    assert [e.segment_id for e in row.result.excluded] == [data["seen"].pk]

    english.force_login(world.eva)
    page = english.get(f"/studies/{world.study.pk}/findings/{finding.pk}/").content.decode()
    assert "excluded because the informant withdrew consent" in page
    assert "excluded: consent withdrawn" in page
    table = english.get(f"/studies/{world.study.pk}/findings/").content.decode()
    assert "INF-03 (pasien)" in table and "withdrew consent" in table
    displays = english.get(f"/studies/{world.study.pk}/displays/").content.decode()
    assert "withdrew consent (INF-03 (pasien))" in displays


def test_triangulating_all_findings_takes_a_fixed_number_of_queries(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.eva)

    def grow() -> None:
        for _ in range(3):
            _finding(world, [data["plan_bank"], data["seen"], data["mou"]], [data["emoji"]])

    assert_constant_queries(lambda: client.get(f"/studies/{world.study.pk}/findings/"), grow)
    assert len(finding_rows(study=world.study)) == 4


def test_the_evaluator_builds_and_verifies_a_finding_in_the_pages(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    base = f"/studies/{world.study.pk}/findings/"
    created = english.post(
        base + "new/",
        {
            "statement": "Bank dan Dinkes merencanakan bersama.",
            "function": Function.PLANNING,
            "direction": 1,
        },
    )
    assert created.status_code == 302
    finding = Finding.objects.get(statement__startswith="Bank dan Dinkes")
    url = f"{base}{finding.pk}/"

    picker = english.get(url + f"?code={data['planning'].pk}").content.decode()
    assert f'data-segment="{data["plan_bank"].pk}"' in picker
    for segment in (data["plan_bank"], data["seen"]):
        english.post(
            url + "evidence/", {"segment": segment.pk, "side": "supporting", "action": "add"}
        )
    page = english.get(url).content.decode()
    assert 'data-status="triangulated"' in page

    english.post(url + "verify/")
    finding.refresh_from_db()
    assert finding.verified_by == world.eva and finding.verified_status == "triangulated"
    assert "Verified by eva" in english.get(url).content.decode()

    # Changing the evidence clears the verification; the history keeps both.
    english.post(
        url + "evidence/", {"segment": data["seen"].pk, "side": "supporting", "action": "remove"}
    )
    finding.refresh_from_db()
    assert finding.verified_at is None and finding.verified_status == ""
    page = english.get(url).content.decode()
    assert "verified by eva as triangulated" in page
    assert "verification cleared (the finding changed)" in page


def test_editing_a_verified_finding_clears_its_verification(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.eva)
    finding = _finding(world, [data["plan_bank"], data["seen"]])
    client.post(f"/studies/{world.study.pk}/findings/{finding.pk}/verify/")
    finding.refresh_from_db()
    assert finding.verified_at is not None
    client.post(
        f"/studies/{world.study.pk}/findings/{finding.pk}/edit/",
        {"statement": "Rumusan baru", "direction": 1},
    )
    finding.refresh_from_db()
    assert finding.verified_at is None


def test_an_unsupported_finding_cannot_be_verified(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    finding = _finding(world, [])
    response = english.post(f"/studies/{world.study.pk}/findings/{finding.pk}/verify/", follow=True)
    assert "cannot be verified" in response.content.decode()
    finding.refresh_from_db()
    assert finding.verified_at is None


def test_a_segment_is_on_one_side_only(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.eva)
    finding = _finding(world, [data["plan_bank"]])
    client.post(
        f"/studies/{world.study.pk}/findings/{finding.pk}/evidence/",
        {"segment": data["plan_bank"].pk, "side": "contradicting", "action": "add"},
    )
    assert list(finding.supporting.all()) == []
    assert list(finding.contradicting.all()) == [data["plan_bank"]]


def test_a_segment_of_another_study_cannot_be_cited(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    from semanggi.evidence.tests.factories import SegmentFactory

    client.force_login(world.eva)
    finding = _finding(world, [])
    foreign = SegmentFactory()
    client.post(
        f"/studies/{world.study.pk}/findings/{finding.pk}/evidence/",
        {"segment": foreign.pk, "side": "supporting", "action": "add"},
    )
    assert not finding.supporting.exists()


def test_the_findings_table_is_exported_for_the_conclusion_chapter(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    _finding(world, [data["plan_bank"], data["seen"]])
    csv = english.get(f"/studies/{world.study.pk}/findings/table.csv")
    text = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert csv["Content-Type"].startswith("text/csv")
    assert "Finding,Evidence for,Status" in text.splitlines()[0]
    assert "triangulated" in text and "single-source" in text
    assert "Planning was done jointly by Dinkes and the bank." in text  # English asked

    xlsx = english.get(f"/studies/{world.study.pk}/findings/table.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Finding", "Evidence for", "Status")
    assert len(rows) == 3


def test_findings_through_the_api(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.eva)
    finding = _finding(world, [data["plan_bank"], data["seen"]])
    listed = client.get(f"/api/studies/{world.study.pk}/findings").json()["items"]
    mine = next(f for f in listed if f["id"] == finding.pk)
    assert mine["status"] == "triangulated"
    assert mine["support"]["informants"] == 2
    verified = client.post(f"/api/studies/{world.study.pk}/findings/{finding.pk}/verify")
    assert verified.status_code == 200
    assert verified.json()["verified_by"] == "eva"
