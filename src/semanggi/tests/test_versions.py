"""Versions against lost updates, in the pages and in the API, and approvals that name the
version approved. Two editors are two clients that loaded the same record."""

import json
import re
from typing import Any

import pytest
from django.test import Client

from semanggi.access.services import api_token_create
from semanggi.evidence.models import Code, Finding, Informant, Source, Study
from semanggi.needs.models import Need
from semanggi.needs.tests.factories import NeedFactory
from semanggi.poac.models import Activity, Indicator, IndicatorPeriod
from semanggi.poac.tests.factories import ActivityFactory
from semanggi.testing.world import World
from semanggi.versions import VersionConflict, version_save

pytestmark = pytest.mark.django_db


def token_client(user: Any) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=user, name='test')}")


def send(client: Client, method: str, url: str, body: Any, **headers: str) -> Any:
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", **headers
    )


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_values(page: Any) -> dict[str, Any]:
    """What a browser would send back from the page's form, unchanged: the form's fields
    as rendered, and the hidden version the page carries."""
    html = page.content.decode()
    form = page.context["form"]
    data: dict[str, Any] = {}
    for field in form:
        value = field.value()
        if value is None or value is False:
            continue
        data[field.html_name] = [str(v) for v in value] if isinstance(value, list) else value
    shown = re.search(r'<input type="hidden" name="version" value="(\d+)">', html)
    assert shown, "the form carries no version"
    data["version"] = shown.group(1)
    return data


# --- The shared mechanism -----------------------------------------------------------------


def test_a_save_from_a_stale_version_is_refused_with_the_current_record(world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi, title="Survei")
    assert activity.version == 1
    first = Activity.objects.get(pk=activity.pk)
    second = Activity.objects.get(pk=activity.pk)
    first.title = "Survei awal"
    version_save(first, expected=1)
    second.title_en = "Survey"
    with pytest.raises(VersionConflict) as refused:
        version_save(second, expected=1)
    assert refused.value.current.title == "Survei awal"
    assert refused.value.current.version == 2
    activity.refresh_from_db()
    assert (activity.title, activity.title_en, activity.version) == ("Survei awal", "", 2)


# --- Pages ---------------------------------------------------------------------------------


def test_two_editors_of_a_partnership_page_the_second_sees_the_conflict(world: World) -> None:
    url = "/partnerships/semanggi/edit/"
    kurnia, bima = signed_in(world.kurnia), signed_in(world.bima)
    mine = form_values(kurnia.get(url))
    theirs = form_values(bima.get(url))
    assert mine["version"] == theirs["version"] == "1"

    mine["title"] = "Puskesmas Semanggi Sehat"
    assert kurnia.post(url, mine).status_code == 302
    theirs["description"] = "Uraian baru dari bank"
    answer = bima.post(url, theirs)

    assert answer.status_code == 409
    page = answer.content.decode()
    assert "Orang lain menyimpan catatan ini selagi Anda menyuntingnya." in page
    assert "Uraian baru dari bank" in page  # her input is kept
    assert "Puskesmas Semanggi Sehat" in page  # beside what is saved now
    assert 'name="version" value="2"' in page
    world.semanggi.refresh_from_db()
    assert world.semanggi.description != "Uraian baru dari bank"
    assert world.semanggi.title == "Puskesmas Semanggi Sehat"

    # Saving again, now knowingly over version 2, replaces it.
    again = form_values(answer)
    assert bima.post(url, again).status_code == 302
    world.semanggi.refresh_from_db()
    assert world.semanggi.description == "Uraian baru dari bank"
    assert world.semanggi.version == 3


def test_the_conflict_message_is_in_english_for_english_readers(world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi, title="Survei")
    url = f"/partnerships/semanggi/records/activity/{activity.pk}/edit/"
    kurnia = signed_in(world.kurnia)
    kurnia.cookies["django_language"] = "en"
    form = form_values(kurnia.get(url))
    Activity.objects.filter(pk=activity.pk).update(version=5)
    form["title"] = "Survei lapangan"
    answer = kurnia.post(url, form)
    assert answer.status_code == 409
    assert "Someone else saved this record while you were editing it." in answer.content.decode()
    activity.refresh_from_db()
    assert activity.title == "Survei"


@pytest.mark.parametrize(
    "kind",
    ["study", "informant", "source", "code", "finding", "need"],
)
def test_every_edit_page_refuses_a_stale_version(world: World, kind: str) -> None:
    study = Study.objects.create(title="Studi", lead=world.eva)
    record: Any
    if kind == "study":
        record, url = study, f"/studies/{study.pk}/edit/"
    elif kind == "informant":
        record = Informant.objects.create(
            study=study, code="INF-01", label="staf", sampling="purposive"
        )
        url = f"/studies/{study.pk}/informants/{record.pk}/edit/"
    elif kind == "source":
        record = Source.objects.create(
            study=study, kind="document", title="Laporan", text="isi", text_length=3
        )
        url = f"/studies/{study.pk}/sources/{record.pk}/edit/"
    elif kind == "code":
        record = Code.objects.create(study=study, name="Kode")
        url = f"/studies/{study.pk}/codes/{record.pk}/"
    elif kind == "finding":
        record = Finding.objects.create(study=study, statement="Temuan")
        url = f"/studies/{study.pk}/findings/{record.pk}/edit/"
    else:
        record = NeedFactory(publisher=world.dinkes, regions=["33.72"])
        world.dinkes.memberships.create(user=world.eva)
        url = f"/needs/{record.pk}/edit/"
    eva = signed_in(world.eva)
    page = eva.get(url)
    assert page.status_code == 200
    form = form_values(page)
    assert form["version"] == "1"
    type(record).objects.filter(pk=record.pk).update(version=2)  # someone saved meanwhile
    answer = eva.post(url, form)
    assert answer.status_code == 409, answer.content.decode()[:2000]
    assert 'name="version" value="2"' in answer.content.decode()
    record.refresh_from_db()
    assert record.version == 2


def test_approving_on_the_page_names_the_version_seen(world: World) -> None:
    dinkes = world.semanggi.parties.get(organisation=world.dinkes)
    indicator = Indicator.objects.create(
        partnership=world.semanggi,
        name="Kunjungan",
        kind="outcome",
        unit="orang",
        accountable=dinkes,
    )
    period = IndicatorPeriod.objects.create(
        indicator=indicator, period_start="2026-01-01", period_end="2026-06-30", target=10, actual=8
    )
    world.dinkes.memberships.create(user=world.charlie)
    charlie = signed_in(world.charlie)
    page = charlie.get("/partnerships/semanggi/").content.decode()
    approve = f"/partnerships/semanggi/indicator-periods/{period.pk}/approve/"
    assert approve in page
    assert f'name="version" value="{period.version}"' in page

    # The actual value changes after the page was loaded: the approval is refused.
    changed = IndicatorPeriod.objects.get(pk=period.pk)
    changed.actual = 3
    version_save(changed, expected=period.version)
    answer = charlie.post(approve, {"version": period.version}, follow=True)
    assert "Tidak disetujui: target atau capaian berubah" in answer.content.decode()
    period.refresh_from_db()
    assert period.approved_by is None

    answer = charlie.post(approve, {"version": period.version})
    period.refresh_from_db()
    assert period.approved_by == world.charlie
    assert period.actual == 3


# --- API ---------------------------------------------------------------------------------------


def test_the_api_gives_an_etag_and_refuses_a_stale_if_match(world: World) -> None:
    client = token_client(world.kurnia)
    read = client.get("/api/partnerships/semanggi")
    assert read.headers["ETag"] == '"1"' and read.json()["version"] == 1
    first = send(
        client, "patch", "/api/partnerships/semanggi", {"title": "Baru"}, HTTP_IF_MATCH='"1"'
    )
    assert first.status_code == 200 and first.headers["ETag"] == '"2"'
    second = send(
        client, "patch", "/api/partnerships/semanggi", {"description": "Lain"}, HTTP_IF_MATCH='"1"'
    )
    assert second.status_code == 409
    body = second.json()
    assert body["version"] == 2 and body["current"]["title"] == "Baru"
    # The version may travel in the body too.
    third = send(
        client, "patch", "/api/partnerships/semanggi", {"description": "Lain", "version": 2}
    )
    assert third.status_code == 200 and third.json()["version"] == 3
    assert send(client, "patch", "/api/partnerships/semanggi", {"version": 2}).status_code == 409
    bad = send(client, "patch", "/api/partnerships/semanggi", {}, HTTP_IF_MATCH='"x"')
    assert bad.status_code == 422


def test_management_records_have_a_get_with_an_etag_and_refuse_stale_patches(world: World) -> None:
    activity = ActivityFactory(partnership=world.semanggi, title="Survei")
    client = token_client(world.kurnia)
    url = f"/api/partnerships/semanggi/records/activity/{activity.pk}"
    read = client.get(url)
    assert read.status_code == 200 and read.headers["ETag"] == '"1"'
    assert send(client, "patch", url, {"title": "A"}, HTTP_IF_MATCH='"1"').status_code == 200
    stale = send(client, "patch", url, {"title_en": "B", "version": 1})
    assert stale.status_code == 409 and stale.json()["current"]["title"] == "A"
    activity.refresh_from_db()
    assert (activity.title, activity.title_en) == ("A", "")


def test_needs_refuse_a_stale_patch(world: World) -> None:
    need = NeedFactory(publisher=world.dinkes, regions=["33.72"])
    world.dinkes.memberships.create(user=world.charlie)
    client = token_client(world.charlie)
    read = client.get(f"/api/needs/{need.pk}")
    assert read.headers["ETag"] == '"1"'
    url = f"/api/needs/{need.pk}"
    assert send(client, "patch", url, {"title": "Satu", "version": 1}).status_code == 200
    stale = send(client, "patch", url, {"title_en": "Two"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409 and stale.json()["current"]["title"] == "Satu"
    assert Need.objects.get(pk=need.pk).title_en != "Two"


def test_an_api_approval_of_a_changed_value_is_refused(world: World) -> None:
    dinkes = world.semanggi.parties.get(organisation=world.dinkes)
    indicator = Indicator.objects.create(
        partnership=world.semanggi,
        name="Kunjungan",
        kind="outcome",
        unit="orang",
        accountable=dinkes,
    )
    period = IndicatorPeriod.objects.create(
        indicator=indicator, period_start="2026-01-01", period_end="2026-06-30", target=10, actual=8
    )
    world.dinkes.memberships.create(user=world.charlie)
    approver, editor = token_client(world.charlie), token_client(world.kurnia)
    record = f"/api/partnerships/semanggi/records/indicator-period/{period.pk}"
    seen = approver.get(record).headers["ETag"]
    assert send(editor, "patch", record, {"actual": "9"}).status_code == 200
    approve = f"/api/partnerships/semanggi/indicator-periods/{period.pk}/approve"
    refused = send(approver, "post", approve, {}, HTTP_IF_MATCH=seen)
    assert refused.status_code == 409
    assert refused.json()["current"]["actual"] == "9.00"
    period.refresh_from_db()
    assert period.approved_by is None
    accepted = send(approver, "post", approve, {"version": refused.json()["version"]})
    assert accepted.status_code == 200
    assert accepted.json()["approved_version"] == refused.json()["version"]


# --- Admin -------------------------------------------------------------------------------------


def test_the_admin_refuses_a_save_over_someone_elses_change(world: World) -> None:
    admin = signed_in(world.alice)
    url = f"/admin/organisations/organisation/{world.bank_z.pk}/change/"
    page = admin.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {
        field.html_name: field.value()
        for field in form
        if field.value() is not None and field.value() is not False
    }
    assert data["record_version"] == 1
    world.bank_z.description = "Diubah orang lain"
    version_save(world.bank_z, expected=1)
    data["name"] = "Bank Z Baru"
    answer = admin.post(url, data)
    assert answer.status_code == 200  # the form again, with the reason
    assert "Orang lain menyimpan catatan ini selagi Anda menyuntingnya." in answer.content.decode()
    world.bank_z.refresh_from_db()
    assert (world.bank_z.name, world.bank_z.version) == ("Bank Z", 2)
    kept = answer.context["adminform"].form
    assert kept["name"].value() == "Bank Z Baru"  # her input is kept
    assert kept["record_version"].value() == "2"  # and now names what is saved
    # Saving again over version 2 is a deliberate choice: her form replaces the record.
    data["record_version"] = 2
    assert admin.post(url, data).status_code == 302
    world.bank_z.refresh_from_db()
    assert (world.bank_z.name, world.bank_z.version) == ("Bank Z Baru", 3)
