"""Displays (data display): the matrices count what was coded, each count opens exactly its
segments, the query count does not grow with the data, and the tables export to CSV/XLSX."""

import io
import itertools
from datetime import date
from typing import Any

import openpyxl
import pytest
from django.test import Client

from semanggi.evidence import displays
from semanggi.evidence.models import Informant, Sampling
from semanggi.evidence.services import segment_create
from semanggi.evidence.tests.factories import CodeFactory, SourceFactory, filled_study
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(world: World) -> dict[str, Any]:
    return filled_study(world.study, world.eva)


def _cell(matrix: displays.Matrix, row: Any, column: Any) -> int:
    return matrix.counts.get((row, column), 0)


def test_code_by_informant(world: World, data: dict[str, Any]) -> None:
    matrix = displays.code_informant(study=world.study)
    planning = data["planning"].pk
    assert _cell(matrix, planning, data["sari"].pk) == 2
    assert _cell(matrix, planning, data["budi"].pk) == 1
    assert _cell(matrix, data["actuating"].pk, data["tini"].pk) == 1
    assert [c.label for c in matrix.columns] == [
        "INF-01 (staf Dinkes)",
        "INF-02 (staf bank)",
        "INF-03 (pasien)",
    ]


def test_code_by_kind_of_source(world: World, data: dict[str, Any]) -> None:
    matrix = displays.code_kind(study=world.study)
    assert _cell(matrix, data["planning"].pk, "interview") == 3
    assert _cell(matrix, data["planning"].pk, "document") == 1
    assert _cell(matrix, data["actuating"].pk, "observation") == 1
    assert matrix.total == 6


def test_code_by_party_and_party_by_function(world: World, data: dict[str, Any]) -> None:
    party = data["party"].pk
    by_party = displays.code_party(study=world.study)
    assert _cell(by_party, data["planning"].pk, party) == 3
    assert _cell(by_party, data["planning"].pk, None) == 1
    by_function = displays.party_function(study=world.study)
    assert _cell(by_function, party, "planning") == 3
    assert _cell(by_function, None, "planning") == 1
    assert _cell(by_function, None, "actuating") == 1
    assert [c.key for c in by_function.columns] == [
        "planning",
        "organizing",
        "actuating",
        "controlling",
    ]


def test_every_count_opens_exactly_its_segments(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.eva)
    checked = 0
    for build in displays.MATRICES.values():
        for _, cells in build(study=world.study).cells():
            for cell in cells:
                if not cell.count:
                    continue
                page = client.get(f"/studies/{world.study.pk}/segments/?{cell.query}")
                assert page.status_code == 200
                assert page.context["page"].paginator.count == cell.count, cell.query
                checked += 1
    assert checked >= 12


def test_code_cooccurrence(world: World, data: dict[str, Any]) -> None:
    pairs = displays.cooccurrence(study=world.study)
    pair = next(
        p for p in pairs if {p.first_id, p.second_id} == {data["planning"].pk, data["k2_high"].pk}
    )
    assert (pair.overlapping, pair.same_source) == (1, 1)
    # A second code on an overlapping segment elsewhere in the interview.
    segment_create(
        source=data["interview"], start=0, end=8, code_ids=[data["actuating"].pk], actor=world.eva
    )
    segment_create(
        source=data["interview"], start=5, end=30, code_ids=[data["planning"].pk], actor=world.eva
    )
    pairs = {(p.first_id, p.second_id): p for p in displays.cooccurrence(study=world.study)}
    key = tuple(sorted((data["planning"].pk, data["actuating"].pk)))
    assert pairs[key].overlapping == 1
    assert pairs[key].same_source == 1


def test_withdrawn_material_leaves_every_display(world: World, data: dict[str, Any]) -> None:
    data["sari"].consent_withdrawn_on = date(2025, 4, 1)
    data["sari"].save()
    assert _cell(displays.code_kind(study=world.study), data["planning"].pk, "interview") == 1
    columns = [c.key for c in displays.code_informant(study=world.study).columns]
    assert data["sari"].pk not in columns
    assert not any(
        {p.first_id, p.second_id} == {data["planning"].pk, data["k2_high"].pk}
        for p in displays.cooccurrence(study=world.study)
    )


def test_display_pages_keep_their_query_count(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.eva)
    numbers = itertools.count(90)

    def grow() -> None:
        for _ in range(3):
            informant = Informant.objects.create(
                study=world.study,
                code=f"INF-{next(numbers)}",
                label="warga",
                sampling=Sampling.PURPOSIVE,
            )
            source = SourceFactory(study=world.study, kind="field_note", informants=[informant])
            code = CodeFactory(study=world.study, function="controlling", party=data["party"])
            segment_create(source=source, start=0, end=4, code_ids=[code.pk], actor=world.eva)

    for url in ("displays/", "displays/cooccurrence/", "segments/?kind=interview"):
        assert_constant_queries(
            lambda url=url: client.get(f"/studies/{world.study.pk}/{url}"), grow
        )


def test_matrices_export_to_csv_and_xlsx(
    english: Client, world: World, data: dict[str, Any]
) -> None:
    english.force_login(world.eva)
    csv = english.get(f"/studies/{world.study.pk}/displays/code-kind.csv")
    lines = b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "Code,Interview transcript,Document,Observation note,Field note,Published study"
    )
    assert "  Perencanaan (P),3,1,0,0,0" in lines

    xlsx = english.get(f"/studies/{world.study.pk}/displays/party-function.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Party", "Planning", "Organizing", "Actuating", "Controlling")
    assert ("Bank X", 3, 0, 0, 0) in rows

    cooc = english.get(f"/studies/{world.study.pk}/displays/cooccurrence.csv")
    assert "Overlapping" in b"".join(cooc.streaming_content).decode("utf-8-sig")
    assert english.get(f"/studies/{world.study.pk}/displays/unknown.csv").status_code == 404
    assert english.get(f"/studies/{world.study.pk}/displays/code-kind.pdf").status_code == 404


def test_the_referral_graph_and_the_timeline_are_svg(
    client: Client, world: World, data: dict[str, Any]
) -> None:
    client.force_login(world.eva)
    graph = client.get(f"/studies/{world.study.pk}/referrals.svg")
    svg = graph.content.decode()
    assert graph["Content-Type"].startswith("image/svg+xml")
    assert svg.count('class="referral"') == 1  # INF-01 → INF-02
    assert "INF-02 (staf bank)" in svg and "Sari" not in svg
    timeline = client.get(f"/studies/{world.study.pk}/timeline.svg").content.decode()
    assert timeline.count('class="source"') == 4
    assert "2025-02-01" in timeline and "2025-03-14" in timeline


def test_the_matrix_api(client: Client, world: World, data: dict[str, Any]) -> None:
    client.force_login(world.eva)
    body = client.get(f"/api/studies/{world.study.pk}/displays/code-kind").json()
    row = body["rows"].index("Perencanaan (P)")
    assert body["counts"][row][:2] == [3, 1]
    assert client.get(f"/api/studies/{world.study.pk}/displays/nope").status_code == 404
