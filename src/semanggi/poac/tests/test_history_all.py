"""The partnership's history lists the changes of every management record, readable: labels
of choices and names of related records, never raw codes or "#4"."""

import re

import pytest
from django.test import Client

from semanggi.poac import models as poac
from semanggi.poac.tests.factories import every_record_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


def test_the_history_lists_every_management_record_type(client: Client, world: World) -> None:
    records = every_record_create(world.semanggi)
    risk = records["risk"]
    risk.impact = 5
    risk.save()
    world.semanggi.phase = "controlling"
    world.semanggi.save()
    client.force_login(world.kurnia)
    html = client.get("/partnerships/semanggi/").content.decode()
    history = html[html.index('id="history"') :]
    for model in {type(record) for record in records.values()}:
        name = str(model._meta.verbose_name).capitalize()
        assert f"<td>{name}:" in history, name
    # Choices by their labels, related records by their names, in the reader's language.
    assert "Tahap manajemen</strong>: Perencanaan → Pengendalian" in history
    assert "Transaksi: Pencairan Rp 500" in history
    assert "Dampak (1-5)</strong>: 3 → 5" in history
    assert re.search(r"Bank &quot;X&quot; Cabang &quot;Y&quot;", history)
    assert not re.search(r"#\d+", history)


def test_the_history_reads_a_fixed_number_of_queries(client: Client, world: World) -> None:
    from semanggi.partnerships.models import Party
    from semanggi.testing.queries import assert_constant_queries

    client.force_login(world.kurnia)
    every_record_create(world.semanggi)
    party = Party.objects.filter(partnership=world.semanggi).first()

    def page() -> object:
        return client.get("/partnerships/semanggi/")

    def grow() -> None:
        for activity in poac.Activity.objects.filter(partnership=world.semanggi):
            activity.percent_complete = 50
            activity.save()
            poac.Responsibility.objects.create(activity=activity, party=party, letter="R")
        for line in poac.BudgetLine.objects.filter(activity__partnership=world.semanggi):
            line.amount += 1
            line.save()

    assert_constant_queries(page, grow)


def test_forms_never_show_the_internal_names_of_constraints(world: World) -> None:
    from semanggi.partnerships.models import Party
    from semanggi.poac.forms import ResponsibilityForm

    records = every_record_create(world.semanggi)  # Bank X is already accountable
    first = Party.objects.filter(partnership=world.semanggi).order_by("pk").first()
    assert first is not None
    form = ResponsibilityForm(
        {"activity": records["activity"].pk, "party": first.pk, "letter": "A"},
        partnership=world.semanggi,
    )
    assert not form.is_valid()
    text = " ".join(form.non_field_errors())
    assert "one_accountable_per_activity" not in text
    assert "penanggung jawab" in text


def _history_rows(client: Client) -> list[str]:
    html = client.get("/partnerships/semanggi/").content.decode()
    history = html[html.index('id="history"') :]
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).replace("&quot;", '"').strip()
        for row in re.findall(r"<tr>(.*?)</tr>", history, re.S)
    ]


def test_grid_cells_lists_and_roles_read_as_what_they_hold(client: Client, world: World) -> None:
    from semanggi.partnerships.models import Party, PartyRole
    from semanggi.poac.forms import PartyForm
    from semanggi.poac.grids import (
        involvement_grid,
        involvement_grid_save,
        raci_grid,
        raci_grid_save,
    )
    from semanggi.poac.services import record_save

    records = every_record_create(world.semanggi)
    dinkes, bank = Party.objects.filter(partnership=world.semanggi).order_by("pk")
    activity, decision = records["activity"], records["decision"]
    grid = raci_grid(world.semanggi)
    raci_grid_save(
        partnership=world.semanggi,
        cells={(activity.pk, bank.pk): "R", (activity.pk, dinkes.pk): "A"},
        version=grid.version,
        actor=world.kurnia,
    )
    grid = involvement_grid(world.semanggi)
    involvement_grid_save(
        partnership=world.semanggi,
        cells={(decision.pk, bank.pk): "joint", (decision.pk, dinkes.pk): "joint"},
        version=grid.version,
        actor=world.kurnia,
    )
    records["meeting"].attendees.set([dinkes])
    form = PartyForm(
        {
            "organisation": bank.organisation_id,
            "standing": "partner",
            "roles": ["funding", "regulator"],
        },
        instance=bank,
        partnership=world.semanggi,
    )
    assert form.is_valid(), form.errors
    record_save(form=form, actor=world.kurnia)
    assert PartyRole.history.filter(party_id=bank.pk, history_type="+", role="regulator").exists()

    client.force_login(world.kurnia)
    rows = _history_rows(client)
    bank_name = 'Bank "X" Cabang "Y"'
    dinkes_name = "Dinas Kesehatan Kota Surakarta"
    expected = [
        # A cell changed in place, by its letter's name, and who changed it.
        f"kurnia Tanggung jawab: Renovasi ruang tunggu · {bank_name}: Pelaksana (R) "
        "Tanggung jawab : Penanggung jawab → Pelaksana (R)",
        # A cell created says what it holds.
        f"kurnia Tanggung jawab: Renovasi ruang tunggu · {dinkes_name}: Penanggung jawab dibuat",
        f"kurnia Pihak dalam keputusan: Anggaran disetujui · {bank_name}: Diputuskan bersama "
        "Keterlibatan : Dimintai pendapat → Diputuskan bersama",
        f"Pihak dalam keputusan: Anggaran disetujui · {dinkes_name}: Diputuskan bersama dibuat",
        # Lists of related records too: the parties present at a meeting.
        f"Rapat: Rapat awal Pihak yang hadir : — → {dinkes_name}",
        # A role given to a party.
        "Peran pihak: Regulator dibuat",
    ]
    for line in expected:
        assert any(line in row for row in rows), (line, rows[:12])
