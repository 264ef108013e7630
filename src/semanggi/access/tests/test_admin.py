"""The admin applies the same object rules as the pages: a staff account sees and changes
only the records of partnerships (studies, needs) it may see and change there."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from semanggi.assessment.models import LabelDecision
from semanggi.poac.models import Activity
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db

PARTNERSHIPS = "/admin/partnerships/partnership/"
DATES = {"planned_start": date(2026, 1, 5), "planned_end": date(2026, 3, 31)}


def _staff(user: object, *codenames: str) -> None:
    user.is_staff = True  # type: ignore[attr-defined]
    user.save()  # type: ignore[attr-defined]
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))  # type: ignore[attr-defined]


def test_a_staff_account_without_permissions_sees_no_partnership(
    world: World, client: Client
) -> None:
    _staff(world.charlie)
    client.force_login(world.charlie)
    assert client.get(PARTNERSHIPS).status_code == 403
    for partnership in (world.semanggi, world.jakarta_pilot):
        assert client.get(f"{PARTNERSHIPS}{partnership.pk}/change/").status_code in (302, 403)
        assert client.get(f"{PARTNERSHIPS}{partnership.pk}/history/").status_code == 403
    assert "Rintisan Jakarta" not in client.get("/admin/").content.decode()


def test_staff_see_and_change_only_what_the_pages_allow(world: World, client: Client) -> None:
    # kurnia coordinates Kota Surakarta; with every model permission she still sees only the
    # partnerships of her area and the published one.
    _staff(
        world.kurnia,
        "view_partnership",
        "change_partnership",
        "view_activity",
        "view_historicalpartnership",
    )
    client.force_login(world.kurnia)
    listed = client.get(PARTNERSHIPS).content.decode()
    assert "Draf Surakarta" in listed and "Puskesmas Semanggi" in listed
    assert "Rintisan Jakarta" not in listed

    hidden = world.jakarta_pilot.pk
    assert client.get(f"{PARTNERSHIPS}{hidden}/change/").status_code == 302  # "does not exist"
    assert client.get(f"{PARTNERSHIPS}{hidden}/history/").status_code == 403
    assert client.get(f"{PARTNERSHIPS}{world.surakarta_draft.pk}/history/").status_code == 200
    assert client.get(f"{PARTNERSHIPS}{world.surakarta_draft.pk}/change/").status_code == 200
    refused = client.post(
        f"{PARTNERSHIPS}{hidden}/change/", {"title": "Diubah", "slug": "jakarta-pilot"}
    )
    assert refused.status_code in (302, 403)
    world.jakarta_pilot.refresh_from_db()
    assert world.jakarta_pilot.title == "Rintisan Jakarta"

    Activity.objects.create(partnership=world.jakarta_pilot, title="Kegiatan rahasia", **DATES)
    Activity.objects.create(partnership=world.surakarta_draft, title="Kegiatan kota", **DATES)
    activities = client.get("/admin/poac/activity/").content.decode()
    assert "Kegiatan kota" in activities and "Kegiatan rahasia" not in activities


def test_the_published_case_is_viewed_but_not_changed_by_a_stranger_with_permissions(
    world: World, client: Client
) -> None:
    _staff(world.charlie, "view_partnership", "change_partnership")
    client.force_login(world.charlie)
    listed = client.get(PARTNERSHIPS).content.decode()
    assert "Puskesmas Semanggi" in listed
    assert "Draf Surakarta" not in listed and "Rintisan Jakarta" not in listed
    page = client.get(f"{PARTNERSHIPS}{world.semanggi.pk}/change/")
    assert page.status_code == 200
    # Viewed read-only: no save button for what she may not change on the pages.
    assert 'name="_save"' not in page.content.decode()


def test_who_grants_access_is_for_superusers_only(world: World, client: Client) -> None:
    _staff(
        world.charlie,
        "add_coordinatorscope",
        "view_coordinatorscope",
        "add_organisationmembership",
        "view_accessrequest",
        "view_assessmentrun",
    )
    client.force_login(world.charlie)
    for url in (
        "/admin/access/coordinatorscope/add/",
        "/admin/access/organisationmembership/add/",
        "/admin/access/accessrequest/",
        "/admin/assessment/assessmentrun/",
    ):
        assert client.get(url).status_code == 403, url
    client.force_login(world.alice)
    assert client.get("/admin/access/accessrequest/").status_code == 200


def test_staff_add_records_only_to_partnerships_they_may_change(
    world: World, client: Client
) -> None:
    _staff(world.kurnia, "add_activity", "view_activity", "change_activity", "add_partnership")
    client.force_login(world.kurnia)
    form = {
        "title": "Kegiatan",
        "title_en": "",
        "planned_start": "2026-01-05",
        "planned_end": "2026-03-31",
        "percent_complete": "0",
    }
    hidden = client.post(
        "/admin/poac/activity/add/", {**form, "partnership": world.jakarta_pilot.pk}
    )
    assert hidden.status_code == 403
    assert not Activity.objects.filter(partnership=world.jakarta_pilot).exists()
    mine = client.post(
        "/admin/poac/activity/add/", {**form, "partnership": world.surakarta_draft.pk}
    )
    assert mine.status_code == 302, mine.content.decode()[:3000]
    assert Activity.objects.filter(partnership=world.surakarta_draft).exists()
    # A partnership itself is made on the pages (from a match) or by an administrator.
    assert client.get("/admin/partnerships/partnership/add/").status_code == 403


def test_label_decisions_are_changed_in_the_admin_by_the_study_team_only(
    world: World, client: Client
) -> None:
    decision = LabelDecision.objects.create(
        partnership=world.jakarta_pilot,
        framework_id="sulistiyani-life",
        framework_version="1",
        axis_id="life",
        label_id="pseudo",
        proposed_strength="strong",
        decision="confirm",
        strength="strong",
        decided_at=timezone.now(),
    )
    url = f"/admin/assessment/labeldecision/{decision.pk}/change/"
    # bima changes the Jakarta pilot (his bank is its party), not its assessment.
    _staff(world.bima, "view_labeldecision", "change_labeldecision")
    client.force_login(world.bima)
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    # eva's study covers it: she decides.
    _staff(world.eva, "view_labeldecision", "change_labeldecision")
    client.force_login(world.eva)
    assert 'name="_save"' in client.get(url).content.decode()


def test_a_closed_partnership_is_read_only_in_the_admin_too(world: World, client: Client) -> None:
    from semanggi.poac.models import PhaseChange

    activity = Activity.objects.create(partnership=world.semanggi, title="Renovasi", **DATES)
    world.semanggi.phase = "closed"
    world.semanggi.save()
    _staff(world.kurnia, "view_activity", "change_activity", "add_activity")
    client.force_login(world.kurnia)
    url = f"/admin/poac/activity/{activity.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    refused = client.post(url, {"title": "Diubah", "partnership": world.semanggi.pk})
    assert refused.status_code == 403
    added = client.post(
        "/admin/poac/activity/add/",
        {
            "title": "Baru",
            "partnership": world.semanggi.pk,
            "planned_start": "2026-01-05",
            "planned_end": "2026-03-31",
            "percent_complete": "0",
        },
    )
    assert added.status_code == 403
    assert list(Activity.objects.values_list("title", flat=True)) == ["Renovasi"]

    # Not even an administrator edits it there, nor reopens it without a reason: the phase
    # is read-only in the admin; reopening happens on the page, with the reason recorded.
    client.force_login(world.alice)
    partnership = client.get(f"{PARTNERSHIPS}{world.semanggi.pk}/change/").content.decode()
    assert 'name="_save"' not in partnership and 'name="phase"' not in partnership
    assert client.get(url).status_code == 200
    assert 'name="_save"' not in client.get(url).content.decode()
    client.post(f"/partnerships/{world.semanggi.slug}/phase/", {"target": "controlling"})
    world.semanggi.refresh_from_db()
    assert world.semanggi.phase == "closed"  # a reason is required
    client.post(
        f"/partnerships/{world.semanggi.slug}/phase/",
        {"target": "controlling", "reason": "Laporan akhir dikoreksi"},
    )
    world.semanggi.refresh_from_db()
    assert world.semanggi.phase == "controlling"
    assert PhaseChange.objects.get().reason == "Laporan akhir dikoreksi"
    open_page = client.get(f"{PARTNERSHIPS}{world.semanggi.pk}/change/").content.decode()
    assert 'name="_save"' in open_page and 'name="phase"' not in open_page
