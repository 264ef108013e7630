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
