"""The grids on the pages: a plain form of labelled selects saved in one POST, without
script; the script's request gets the same form back with its confirmation; errors and
conflicts keep what the person chose; reading them costs the same queries however big."""

import re
from datetime import date
from typing import Any

import pytest
from django.test import Client

from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Party
from semanggi.partnerships.tests.factories import PartyFactory
from semanggi.poac.grids import involvement_grid, raci_grid
from semanggi.poac.models import Activity, Decision, DecisionParty, Responsibility
from semanggi.poac.tests.factories import every_record_create
from semanggi.testing.queries import assert_constant_queries
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
RACI = "/partnerships/semanggi/raci/"
INVOLVEMENT = "/partnerships/semanggi/involvement/"


@pytest.fixture
def planned(world: World) -> dict[str, Any]:
    records = every_record_create(world.semanggi)  # Bank X is accountable for the activity
    records["second"] = Activity.objects.create(
        partnership=world.semanggi,
        title="Pelatihan kader",
        planned_start=date(2026, 1, 5),
        planned_end=date(2026, 2, 5),
    )
    dinkes, bank = Party.objects.filter(partnership=world.semanggi).order_by("pk")
    records["dinkes"], records["bank"] = dinkes, bank
    return records


def form_data(grid: Any, **changes: str) -> dict[str, str]:
    """What the page posts: every cell as shown, the version, and the changes."""
    data = {f"cell-{row}-{column}": value for (row, column), value in grid.values().items()}
    data["version"] = str(grid.version)
    data.update(changes)
    return data


def selected(html: str, name: str) -> str:
    select = re.search(rf'<select id="[a-z]+-{name}" name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, name
    chosen = re.search(r'<option value="([^"]*)" selected>', select.group(1))
    return chosen.group(1) if chosen else ""


def test_the_partnership_page_offers_the_grids_to_editors_only(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    activity, bank = planned["activity"], planned["bank"]
    client.force_login(world.kurnia)
    html = client.get("/partnerships/semanggi/").content.decode()
    organizing = html[html.index('id="organizing"') : html.index('id="actuating"')]
    assert 'data-grid="raci"' in organizing and 'data-grid="involvement"' in organizing
    name = f"cell-{activity.pk}-{bank.pk}"
    # Each select has its label: "activity — party".
    assert (
        f'<label class="sr-only" for="raci-{name}">Renovasi ruang tunggu — '
        "Bank &quot;X&quot; Cabang &quot;Y&quot;</label>" in organizing
    )
    assert selected(organizing, name) == "A"
    assert f'name="version" value="{raci_grid(world.semanggi).version}"' in organizing

    client.logout()
    public = client.get("/partnerships/semanggi/").content.decode()
    assert "data-grid" not in public
    assert 'class="list raci"' in public  # the matrix, read-only
    assert client.get(RACI).status_code == 403
    client.force_login(world.charlie)
    assert client.get("/partnerships/jakarta-pilot/raci/").status_code == 404


def test_without_script_the_whole_matrix_is_saved_in_one_post(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    activity, second = planned["activity"], planned["second"]
    dinkes, bank = planned["dinkes"], planned["bank"]
    client.force_login(world.kurnia)
    page = client.get(RACI)
    assert page.status_code == 200
    data = form_data(
        raci_grid(world.semanggi),
        **{
            f"cell-{activity.pk}-{bank.pk}": "R",
            f"cell-{activity.pk}-{dinkes.pk}": "A",
            f"cell-{second.pk}-{bank.pk}": "AR",
        },
    )
    response = client.post(RACI, data, follow=True)
    assert response.redirect_chain[-1][0] == "/partnerships/semanggi/#raci"
    toast = response.content.decode()
    assert "Tersimpan: Matriks tanggung jawab (3 sel diubah)." in toast
    cells = set(Responsibility.objects.values_list("activity_id", "party_id", "letter"))
    assert cells == {
        (activity.pk, bank.pk, "R"),
        (activity.pk, dinkes.pk, "A"),
        (second.pk, bank.pk, "A"),
        (second.pk, bank.pk, "R"),
    }


def test_two_accountable_parties_are_refused_with_the_input_kept(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    activity, second, dinkes = planned["activity"], planned["second"], planned["dinkes"]
    client.force_login(world.kurnia)
    grid = raci_grid(world.semanggi)
    data = form_data(
        grid,
        **{f"cell-{activity.pk}-{dinkes.pk}": "A", f"cell-{second.pk}-{dinkes.pk}": "C"},
    )
    response = client.post(RACI, data)
    assert response.status_code == 400
    html = response.content.decode()
    summary = html[html.index('class="error-summary') :]
    assert "Renovasi ruang tunggu" in summary and "hanya satu" in summary
    assert f'href="#raci-cell-{activity.pk}-{dinkes.pk}"' in summary
    assert 'aria-invalid="true"' in html
    # What she chose is kept, nothing is saved.
    assert selected(html, f"cell-{activity.pk}-{dinkes.pk}") == "A"
    assert selected(html, f"cell-{second.pk}-{dinkes.pk}") == "C"
    assert not Responsibility.objects.filter(party=dinkes).exists()
    assert raci_grid(world.semanggi).version == grid.version


def test_a_stale_matrix_answers_the_conflict_and_keeps_the_input(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    second, dinkes, bank = planned["second"], planned["dinkes"], planned["bank"]
    client.force_login(world.kurnia)
    grid = raci_grid(world.semanggi)
    Responsibility.objects.create(activity=second, party=dinkes, letter="I")  # meanwhile
    data = form_data(grid, **{f"cell-{second.pk}-{bank.pk}": "R"})
    response = client.post(RACI, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Orang lain mengubah tabel ini" in html
    assert selected(html, f"cell-{second.pk}-{bank.pk}") == "R"  # hers, kept
    assert "tersimpan sekarang: I" in html  # what is saved, beside hers
    assert f'name="version" value="{grid.version + 1}"' in html  # saving again is deliberate
    assert not Responsibility.objects.filter(activity=second, party=bank).exists()
    again = client.post(RACI, {**data, "version": str(grid.version + 1)})
    assert again.status_code == 302
    assert Responsibility.objects.filter(activity=second, party=bank, letter="R").exists()


def test_the_script_gets_the_form_back_with_its_confirmation(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    second, bank = planned["second"], planned["bank"]
    client.force_login(world.kurnia)
    grid = raci_grid(world.semanggi)
    response = client.post(
        RACI,
        form_data(grid, **{f"cell-{second.pk}-{bank.pk}": "R"}),
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith("<form") or "<form" in html[:400]
    assert "<html" not in html
    assert 'class="grid-status saved" role="status"' in html
    assert "Tersimpan: Matriks tanggung jawab (1 sel diubah)." in html
    assert f'name="version" value="{raci_grid(world.semanggi).version}"' in html
    assert selected(html, f"cell-{second.pk}-{bank.pk}") == "R"


def test_a_closed_partnership_shows_no_grid_and_refuses_the_post(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    second, bank = planned["second"], planned["bank"]
    grid = raci_grid(world.semanggi)
    world.semanggi.phase = "closed"
    world.semanggi.save()
    client.force_login(world.kurnia)
    page = client.get("/partnerships/semanggi/").content.decode()
    assert "data-grid" not in page
    response = client.post(RACI, form_data(grid, **{f"cell-{second.pk}-{bank.pk}": "R"}))
    assert response.status_code == 302 and response["Location"].endswith("#phase")
    assert not Responsibility.objects.filter(activity=second).exists()


def test_the_involvement_grid_saves_and_names_the_decision_it_refuses(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    decision, dinkes, bank = planned["decision"], planned["dinkes"], planned["bank"]
    client.force_login(world.kurnia)
    grid = involvement_grid(world.semanggi)
    page = client.get(INVOLVEMENT).content.decode()
    assert selected(page, f"cell-{decision.pk}-{bank.pk}") == "consulted"

    refused = client.post(
        INVOLVEMENT, form_data(grid, **{f"cell-{decision.pk}-{dinkes.pk}": "joint"})
    )
    assert refused.status_code == 400
    assert "Anggaran disetujui" in refused.content.decode()
    assert selected(refused.content.decode(), f"cell-{decision.pk}-{dinkes.pk}") == "joint"

    data = form_data(
        grid,
        **{f"cell-{decision.pk}-{dinkes.pk}": "joint", f"cell-{decision.pk}-{bank.pk}": "joint"},
    )
    response = client.post(INVOLVEMENT, data)
    assert response.status_code == 302
    assert response["Location"] == "/partnerships/semanggi/#involvement"
    assert set(
        DecisionParty.objects.filter(decision=decision).values_list("party_id", "involvement")
    ) == {(dinkes.pk, "joint"), (bank.pk, "joint")}


def test_bad_posts_are_clear_errors_not_failures(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    second, bank = planned["second"], planned["bank"]
    client.force_login(world.kurnia)
    grid = raci_grid(world.semanggi)
    for data in (
        form_data(grid, **{f"cell-{second.pk}-{bank.pk}": "Z"}),
        form_data(grid, **{f"cell-{second.pk}-{bank.pk + 999}": "R"}),
        form_data(grid, **{f"cell-{'9' * 25}-{bank.pk}": "R"}),  # beyond any id: ignored
        {**form_data(grid), "version": "abc"},
    ):
        response = client.post(RACI, data)
        assert response.status_code in (302, 400, 409), data
    assert not Responsibility.objects.filter(activity=second).exists()


def test_reading_the_grids_costs_the_same_queries_with_more_rows_and_parties(
    client: Client, world: World, planned: dict[str, Any]
) -> None:
    client.force_login(world.kurnia)

    grown = iter(range(100))

    def grow() -> None:
        for n in (next(grown), next(grown)):
            organisation = Organisation.objects.create(
                name=f"Mitra {n}", slug=f"mitra-{n}", kind="ngo"
            )
            party = PartyFactory(partnership=world.semanggi, organisation=organisation)
            activity = Activity.objects.create(
                partnership=world.semanggi,
                title=f"Kegiatan {n}",
                planned_start=date(2026, 1, 1),
                planned_end=date(2026, 3, 1),
            )
            Responsibility.objects.create(activity=activity, party=party, letter="A")
            decision = Decision.objects.create(
                partnership=world.semanggi,
                decided_on=date(2026, 2, n + 1),
                subject="other",
                text=f"K{n}",
            )
            DecisionParty.objects.create(decision=decision, party=party, involvement="informed")

    for url in (RACI, INVOLVEMENT, "/partnerships/semanggi/"):
        assert_constant_queries(lambda url=url: client.get(url), grow)
    html = client.get(RACI).content.decode()
    activities = Activity.objects.filter(partnership=world.semanggi).count()
    assert (
        html.count("<select ")
        == activities * Party.objects.filter(partnership=world.semanggi).count()
    )
