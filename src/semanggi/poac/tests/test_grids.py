"""The grids of Organizing, saved as a whole: all or nothing, against the version read, one
accountable party per activity, the decision rules per decision, never on a closed
partnership, and every change in the history."""

from datetime import date
from typing import Any

import pytest
from django.utils import translation

from semanggi.partnerships.models import Party
from semanggi.poac.forms import ResponsibilityForm
from semanggi.poac.grids import (
    GridConflict,
    GridInvalid,
    involvement_grid,
    involvement_grid_save,
    raci_grid,
    raci_grid_save,
)
from semanggi.poac.models import Activity, Decision, DecisionParty, Responsibility
from semanggi.poac.services import ServiceError, record_save
from semanggi.poac.tests.factories import every_record_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def parties(world: World) -> tuple[Party, Party]:
    dinkes, bank = Party.objects.filter(partnership=world.semanggi).order_by("pk")
    return dinkes, bank


def letters(activity: Activity) -> dict[int, str]:
    found: dict[int, str] = {}
    for r in Responsibility.objects.filter(activity=activity).order_by("letter"):
        found[r.party_id] = found.get(r.party_id, "") + r.letter
    return found


@pytest.fixture
def planned(world: World) -> dict[str, Any]:
    records = every_record_create(world.semanggi)  # Bank X is accountable for the activity
    records["second"] = Activity.objects.create(
        partnership=world.semanggi,
        title="Pelatihan kader",
        planned_start=date(2026, 1, 5),
        planned_end=date(2026, 2, 5),
    )
    return records


def test_the_matrix_is_read_as_a_grid_with_a_version(world: World, planned: dict[str, Any]) -> None:
    dinkes, bank = parties(world)
    grid = raci_grid(world.semanggi)
    assert [column.id for column in grid.columns] == [dinkes.pk, bank.pk]
    activity = planned["activity"]
    assert grid.values()[(activity.pk, bank.pk)] == "A"
    assert grid.values()[(activity.pk, dinkes.pk)] == ""
    cell = grid.rows[[row.id for row in grid.rows].index(activity.pk)].cells[1]
    assert cell.label == 'Renovasi ruang tunggu — Bank "X" Cabang "Y"'
    assert grid.version == 2  # one responsibility created


def test_a_save_changes_cells_in_place_and_moves_the_version(
    world: World, planned: dict[str, Any]
) -> None:
    dinkes, bank = parties(world)
    activity, second = planned["activity"], planned["second"]
    grid = raci_grid(world.semanggi)
    cells = {
        (activity.pk, bank.pk): "R",  # A moves from the bank...
        (activity.pk, dinkes.pk): "A",  # ...to Dinkes, in the same save
        (second.pk, bank.pk): "RA",  # any spelling of a combination
        (second.pk, dinkes.pk): "I",
    }
    saved = raci_grid_save(
        partnership=world.semanggi, cells=cells, version=grid.version, actor=world.kurnia
    )
    assert letters(activity) == {bank.pk: "R", dinkes.pk: "A"}
    assert letters(second) == {bank.pk: "AR", dinkes.pk: "I"}
    assert saved.values()[(second.pk, bank.pk)] == "AR"
    assert saved.version > grid.version
    # The bank's row changed in place: its history reads A → R, by Kurnia.
    row = Responsibility.objects.get(activity=activity, party=bank)
    assert row.pk == planned["responsibility"].pk
    assert [h.letter for h in row.history.order_by("history_id")] == ["A", "R"]
    assert row.history.latest("history_id").history_user == world.kurnia

    # Emptying cells removes the letters.
    raci_grid_save(
        partnership=world.semanggi,
        cells={(second.pk, bank.pk): "", (second.pk, dinkes.pk): ""},
        version=saved.version,
        actor=world.kurnia,
    )
    assert letters(second) == {}


def test_two_accountable_parties_save_nothing_and_name_the_activity(
    world: World, planned: dict[str, Any]
) -> None:
    dinkes, bank = parties(world)
    activity, second = planned["activity"], planned["second"]
    grid = raci_grid(world.semanggi)
    with translation.override("en"), pytest.raises(GridInvalid) as refused:
        raci_grid_save(
            partnership=world.semanggi,
            cells={(second.pk, bank.pk): "R", (activity.pk, dinkes.pk): "A"},
            version=grid.version,
            actor=world.kurnia,
        )
    problem = refused.value.problems[activity.pk]
    assert "Renovasi ruang tunggu" in problem and "only one" in problem
    assert "Dinas Kesehatan" in problem and "Bank" in problem
    # All or nothing: the valid cell of the other activity was not saved either.
    assert letters(second) == {}
    assert letters(activity) == {bank.pk: "A"}
    assert raci_grid(world.semanggi).version == grid.version


def test_a_matrix_changed_since_it_was_read_is_a_conflict(
    world: World, planned: dict[str, Any]
) -> None:
    dinkes, bank = parties(world)
    second = planned["second"]
    grid = raci_grid(world.semanggi)
    # Someone adds a cell through the record form meanwhile.
    form = ResponsibilityForm(
        {"activity": second.pk, "party": dinkes.pk, "letter": "C"}, partnership=world.semanggi
    )
    assert form.is_valid(), form.errors
    record_save(form=form, actor=world.alice)
    with pytest.raises(GridConflict) as conflict:
        raci_grid_save(
            partnership=world.semanggi,
            cells={(second.pk, bank.pk): "R"},
            version=grid.version,
            actor=world.kurnia,
        )
    current = conflict.value.current
    assert current.version == grid.version + 1
    assert current.values()[(second.pk, dinkes.pk)] == "C"
    assert letters(second) == {dinkes.pk: "C"}  # nothing of the stale save


@pytest.mark.parametrize(
    "change",
    [
        lambda a, p: {(a, p): "X"},  # not a letter
        lambda a, p: {(a, p): "RR"},  # a letter twice
        lambda a, p: {(a + 10_000, p): "R"},  # not an activity of this partnership
        lambda a, p: {(a, p + 10_000): "R"},  # not a party
    ],
)
def test_cells_that_are_not_cells_are_refused(
    world: World, planned: dict[str, Any], change: Any
) -> None:
    _dinkes, bank = parties(world)
    grid = raci_grid(world.semanggi)
    with pytest.raises(GridInvalid):
        raci_grid_save(
            partnership=world.semanggi,
            cells=change(planned["second"].pk, bank.pk),
            version=grid.version,
            actor=world.kurnia,
        )
    assert letters(planned["second"]) == {}


def test_an_activity_of_another_partnership_is_not_in_the_grid(
    world: World, planned: dict[str, Any]
) -> None:
    other = Activity.objects.create(
        partnership=world.jakarta_pilot,
        title="Lain",
        planned_start=date(2026, 1, 1),
        planned_end=date(2026, 2, 1),
    )
    _dinkes, bank = parties(world)
    grid = raci_grid(world.semanggi)
    with pytest.raises(GridInvalid):
        raci_grid_save(
            partnership=world.semanggi,
            cells={(other.pk, bank.pk): "R"},
            version=grid.version,
            actor=world.kurnia,
        )
    assert not Responsibility.objects.filter(activity=other).exists()


def test_a_closed_partnership_refuses_both_grids(world: World, planned: dict[str, Any]) -> None:
    _dinkes, bank = parties(world)
    world.semanggi.phase = "closed"
    world.semanggi.save()
    grid = raci_grid(world.semanggi)
    with pytest.raises(ServiceError):
        raci_grid_save(
            partnership=world.semanggi,
            cells={(planned["second"].pk, bank.pk): "R"},
            version=grid.version,
            actor=world.alice,
        )
    decisions = involvement_grid(world.semanggi)
    with pytest.raises(ServiceError):
        involvement_grid_save(
            partnership=world.semanggi,
            cells={(planned["decision"].pk, bank.pk): "informed"},
            version=decisions.version,
            actor=world.alice,
        )
    assert letters(planned["second"]) == {}


def test_the_involvement_grid_saves_per_decision_rules_and_versions(
    world: World, planned: dict[str, Any]
) -> None:
    dinkes, bank = parties(world)
    decision = planned["decision"]
    other = Decision.objects.create(
        partnership=world.semanggi, decided_on=date(2026, 4, 1), subject="design", text="Desain"
    )
    grid = involvement_grid(world.semanggi)
    assert grid.values()[(decision.pk, bank.pk)] == "consulted"
    assert grid.values()[(decision.pk, dinkes.pk)] == "none"  # no row yet
    before = Decision.objects.get(pk=decision.pk).version

    # One party deciding jointly is no joint decision: refused, naming the decision; the
    # valid row of the other decision is not saved either.
    with translation.override("en"), pytest.raises(GridInvalid) as refused:
        involvement_grid_save(
            partnership=world.semanggi,
            cells={(decision.pk, dinkes.pk): "joint", (other.pk, bank.pk): "alone"},
            version=grid.version,
            actor=world.kurnia,
        )
    assert "Anggaran disetujui" in refused.value.problems[decision.pk]
    assert "at least two parties" in refused.value.problems[decision.pk]
    assert not DecisionParty.objects.filter(decision=other).exists()

    saved = involvement_grid_save(
        partnership=world.semanggi,
        cells={
            (decision.pk, dinkes.pk): "joint",
            (decision.pk, bank.pk): "joint",
            (other.pk, bank.pk): "alone",
        },
        version=grid.version,
        actor=world.kurnia,
    )
    assert saved.values()[(decision.pk, bank.pk)] == "joint"
    row = DecisionParty.objects.get(decision=decision, party=bank)
    assert row.pk == planned["decision party"].pk  # changed in place
    assert [h.involvement for h in row.history.order_by("history_id")] == ["consulted", "joint"]
    # The decision moved on, so that its own edit form learns of the change.
    assert Decision.objects.get(pk=decision.pk).version == before + 1

    with pytest.raises(GridConflict):
        involvement_grid_save(
            partnership=world.semanggi,
            cells={(other.pk, dinkes.pk): "informed"},
            version=grid.version,  # stale
            actor=world.kurnia,
        )
    assert DecisionParty.objects.filter(decision=other).count() == 1


def test_a_decision_form_changes_involvement_in_place_with_its_history(
    world: World, planned: dict[str, Any]
) -> None:
    from semanggi.poac.forms import DecisionForm

    dinkes, bank = parties(world)
    decision = planned["decision"]
    version = involvement_grid(world.semanggi).version
    data = {
        "decided_on": "2026-03-02",
        "subject": "budget",
        "text": "Anggaran disetujui",
        f"party_{dinkes.pk}": "joint",
        f"party_{bank.pk}": "joint",
    }
    form = DecisionForm(data, instance=decision, partnership=world.semanggi)
    assert form.is_valid(), form.errors
    record_save(form=form, actor=world.kurnia)
    row = DecisionParty.objects.get(decision=decision, party=bank)
    assert row.pk == planned["decision party"].pk
    created = DecisionParty.objects.get(decision=decision, party=dinkes)
    assert created.history.get().history_type == "+"
    assert involvement_grid(world.semanggi).version == version + 2
