"""Each role's main journey in a real Chromium, on a phone (390 px) and on a desktop
(1366 px): nothing scrolls sideways, no serious accessibility violation (axe-core), regions
are picked by name, confirmations appear where the eyes are, flags name their subject, the
history lists every management record, and a closed partnership refuses edits.

Screenshots of every main page are written to ``var/screenshots/`` to be looked at."""

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from semanggi.demo.services import founding_case_load
from semanggi.poac.models import Activity, IndicatorPeriod, Transaction
from semanggi.poac.services import partnership_summary_refresh
from semanggi.poac.tests.factories import every_record_create
from semanggi.regions.tests.factories import regions_create
from semanggi.testing.browser import WIDTHS, check_page, in_view
from semanggi.testing.world import World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# More real regions: a second village called Semanggi elsewhere, and Mojosongo.
MORE_REGIONS = [
    ("33.13", "Kabupaten Karanganyar"),
    ("33.13.01", "Jatipuro"),
    ("33.13.01.2001", "Semanggi"),
    ("33.72.05", "Jebres"),
    ("33.72.05.1006", "Mojosongo"),
]


@pytest.fixture(params=["phone", "desktop"])
def width(request: Any, page: Any) -> str:
    page.set_viewport_size(WIDTHS[request.param])
    # Irreversible steps ask for confirmation: the person says yes.
    page.on("dialog", lambda dialog: dialog.accept())
    return str(request.param)


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", f"{username}-pass")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(base + "/me/")


def pick_region(page: Any, field: str, typed: str, label: str) -> None:
    """Type part of a name into a region picker and choose the match with that label."""
    page.locator(field).fill(typed)
    option = page.get_by_role("option", name=label)
    option.wait_for()
    option.click()


def open_menu_on_a_phone(page: Any, width: str) -> None:
    menu = page.get_by_role("button", name="Menu")
    if width == "phone":
        assert menu.is_visible()
        assert not page.get_by_role("link", name="Kemitraan", exact=True).is_visible()
        menu.click()
        assert menu.get_attribute("aria-expanded") == "true"
    else:
        assert not menu.is_visible()


def test_a_visitor_finds_a_partnership_by_the_village_name(
    live_server: Any, page: Any, width: str
) -> None:
    regions_create()
    regions_create(MORE_REGIONS)
    founding_case_load()
    base = live_server.url

    page.goto(base + "/")
    check_page(page, f"home-{width}")
    open_menu_on_a_phone(page, width)
    page.get_by_role("link", name="Kemitraan", exact=True).click()
    page.get_by_role("heading", name="Kemitraan").wait_for()

    # The region filter finds the village by name, with its parents to tell it apart.
    page.locator("#id_region").fill("semang")
    options = page.get_by_role("option")
    options.first.wait_for()
    labels = options.all_inner_texts()
    assert any(text.startswith("Semanggi · Pasar Kliwon · Kota Surakarta") for text in labels)
    assert any(text.startswith("Semanggi · Jatipuro · Kabupaten Karanganyar") for text in labels)
    page.keyboard.press("ArrowDown")  # from the keyboard too
    pick_region(page, "#id_region", "semanggi", "Semanggi · Pasar Kliwon · Kota Surakarta")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**region=33.72.03.1002**")
    assert page.get_by_role("link", name="Program Bina Kesehatan").count() == 1
    assert "Semanggi · Pasar Kliwon · Kota Surakarta" in page.locator(".region-picker").inner_text()
    check_page(page, f"partnerships-{width}")

    page.get_by_role("link", name="Program Bina Kesehatan").first.click()
    page.wait_for_url("**/partnerships/bina-kesehatan-semanggi/")
    assert "Semanggi" in page.locator("dl.facts").first.inner_text()
    check_page(page, f"partnership-{width}")

    for path, name in [
        ("/needs/", "needs"),
        ("/regions/", "regions"),
        ("/regions/33.72/", "region"),
        ("/organisations/", "organisations"),
        ("/dashboard/", "dashboard"),
        ("/help/", "help"),
        ("/help/public/", "help-public"),
        ("/accounts/login/", "login"),
    ]:
        page.goto(base + path)
        check_page(page, f"{name}-{width}")

    # The skip link is the first stop of the keyboard and leads to the content.
    page.goto(base + "/partnerships/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Lompat ke isi")
    assert skip.evaluate("e => e === document.activeElement")
    assert in_view(page, ".skip-link")


def test_a_coordinator_publishes_a_need_and_manages_a_partnership(
    live_server: Any, page: Any, width: str, world: World
) -> None:
    regions_create(MORE_REGIONS)
    records = every_record_create(world.semanggi)
    late = Activity.objects.create(
        partnership=world.semanggi,
        title="Pengadaan alat",
        planned_start=date.today() - timedelta(days=90),
        planned_end=date.today() - timedelta(days=30),
    )
    # Finished on record, even though its last percentage says otherwise.
    records["activity"].actual_end = date.today() - timedelta(days=40)
    records["activity"].planned_end = date.today() - timedelta(days=60)
    records["activity"].save()
    base = live_server.url
    log_in(page, base, "kurnia")
    check_page(page, f"my-home-coordinator-{width}")

    # A need for Mojosongo, picked by name; the confirmation is in view after saving.
    page.goto(base + "/needs/new/")
    page.fill("#id_title", "Posyandu Mojosongo")
    page.locator("#id_publisher").select_option(label="Dinas Kesehatan Kota Surakarta")
    # The sector by a word of its name: the matches show names, with the code small.
    page.locator("#id_sector").fill("kesehatan")
    page.get_by_role("option").filter(has_text="12220").click()
    assert "Pelayanan kesehatan dasar" in page.locator(".sector-picker .picked").inner_text()
    pick_region(page, "#id_regions", "mojosongo", "Mojosongo · Jebres · Kota Surakarta")
    page.fill("#id_estimated_cost", "250000000")
    page.fill("#id_beneficiaries", "1200")
    check_page(page, f"need-form-{width}")
    page.get_by_role("button", name="Simpan").press("Enter")  # from the keyboard
    page.wait_for_url(re.compile(r"/needs/\d+/$"))
    assert in_view(page, ".toast")
    assert "Mojosongo" in page.locator("main").inner_text()
    check_page(page, f"need-{width}")

    # A failed submit: the error summary takes the focus.
    page.goto(base + "/partnerships/semanggi/records/activity/add/")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan", exact=True).click()
    summary = page.locator(".error-summary")
    summary.wait_for()
    assert summary.evaluate("e => e === document.activeElement")
    assert in_view(page, ".error-summary")
    check_page(page, f"record-form-errors-{width}")

    # Records that come in series: save and add another.
    page.fill("#id_title", "Pelatihan kader")
    page.fill("#id_planned_start", "2026-01-05")
    page.fill("#id_planned_end", "2026-02-05")
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan dan tambah lagi").click()
    assert page.url.endswith("/records/activity/add/")
    assert in_view(page, ".toast") and "Pelatihan kader" in page.locator(".toast").inner_text()
    page.fill("#id_title", "Pelatihan kader lanjutan")
    page.fill("#id_planned_start", "2026-02-06")
    page.fill("#id_planned_end", "2026-03-05")
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.wait_for_url("**/partnerships/semanggi/#work-plan")
    assert in_view(page, ".toast")
    assert "Pelatihan kader lanjutan" in page.locator(".toast").inner_text()

    # Flags name their subject and link to it; a finished activity raises none.
    page.goto(base + "/partnerships/semanggi/#flags")
    flags = page.locator("ul.flags")
    late_flag = flags.locator("li", has_text="Kegiatan: Pengadaan alat")
    assert late_flag.count() >= 1
    assert late_flag.first.locator("a.flag-subject").get_attribute("href") == f"#activity-{late.pk}"
    assert "Renovasi ruang tunggu" not in flags.inner_text()
    check_page(page, f"partnership-manager-{width}")

    # The history lists every management record type, by name.
    history = page.locator("#history").inner_text()
    for record in records.values():
        assert str(type(record)._meta.verbose_name).capitalize() in history
    assert "#" not in history.replace("#history", "")

    page.goto(base + "/dashboard/")
    pick_region(page, "#id_region", "surakarta", "Kota Surakarta · Jawa Tengah")
    page.get_by_role("button", name="Saring").click()
    page.wait_for_url("**region=33.72**")
    check_page(page, f"dashboard-coordinator-{width}")


def test_a_closed_partnership_refuses_edits(
    live_server: Any, page: Any, width: str, world: World
) -> None:
    world.semanggi.phase = "closed"
    world.semanggi.save()
    base = live_server.url
    log_in(page, base, "kurnia")
    page.goto(base + "/partnerships/semanggi/")
    assert page.locator(".closed-note").is_visible()
    assert page.get_by_role("link", name="Ubah kemitraan").count() == 0
    assert page.locator("a.add").count() == 0
    assert page.locator("form.phase-form").count() == 0  # only an administrator reopens
    check_page(page, f"partnership-closed-{width}")

    page.goto(base + "/partnerships/semanggi/records/activity/add/")
    page.wait_for_url("**/partnerships/semanggi/#phase")
    assert in_view(page, ".toast.error")
    assert "ditutup" in page.locator(".toast.error").inner_text()
    assert not Activity.objects.filter(partnership=world.semanggi).exists()


def test_a_partner_sees_what_waits_and_spending_beyond_disbursement_is_flagged(
    live_server: Any, page: Any, width: str, world: World
) -> None:
    regions_create(MORE_REGIONS)
    records = every_record_create(world.semanggi)
    world.semanggi.phase = "controlling"
    world.semanggi.save()
    bank = records["transaction"].provider  # Bank X's party, which disbursed 500 to Dinkes
    dinkes = records["transaction"].receiver
    Transaction.objects.create(  # Dinkes spends more than it received
        partnership=world.semanggi,
        type="4",
        amount=Decimal(900),
        transacted_on=date(2026, 3, 5),
        provider=dinkes,
    )
    period = records["indicator period"]
    IndicatorPeriod.objects.filter(pk=period.pk).update(actual=Decimal(40))
    indicator = period.indicator
    indicator.accountable = bank
    indicator.save()
    partnership_summary_refresh(partnership_ids=[world.semanggi.pk], today=date.today())
    base = live_server.url
    log_in(page, base, "bima")

    home = page.locator("main")
    assert "Kunjungan" in home.locator("section", has_text="Capaian yang menunggu").inner_text()
    flags = home.locator("section", has_text="Tanda pada kemitraan saya")
    assert "Belanja Dinas Kesehatan Kota Surakarta" in flags.inner_text()
    check_page(page, f"my-home-partner-{width}")

    page.goto(base + "/partnerships/semanggi/#flags")
    money = page.locator("ul.flags li", has_text="Belanja melebihi dana yang dicairkan")
    subject = money.locator("a.flag-subject")
    assert subject.inner_text() == "Belanja Dinas Kesehatan Kota Surakarta"
    assert subject.get_attribute("href") == "#transactions"
    assert page.get_by_role("button", name="Setujui").count() == 1  # Bank X is accountable
    page.get_by_role("button", name="Setujui").click()
    page.wait_for_url("**#controlling")
    assert in_view(page, ".toast")

    page.goto(base + "/offers/new/")
    pick_region(page, "#id_regions", "kliwon", "Pasar Kliwon · Kota Surakarta · Jawa Tengah")
    check_page(page, f"offer-form-{width}")


def test_an_evaluator_reads_studies_and_an_assessment(
    live_server: Any, page: Any, width: str, world: World
) -> None:
    base = live_server.url
    log_in(page, base, "eva")
    check_page(page, f"my-home-evaluator-{width}")
    page.goto(base + "/studies/")
    check_page(page, f"studies-{width}")
    page.goto(f"{base}/studies/{world.study.pk}/")
    check_page(page, f"study-{width}")
    page.goto(base + "/partnerships/jakarta-pilot/assessment/")
    check_page(page, f"assessment-{width}")
    page.goto(base + "/help/evaluator/")
    check_page(page, f"help-evaluator-{width}")


def test_a_coordinator_edits_the_responsibility_matrix_by_keyboard(
    live_server: Any, page: Any, width: str, world: World
) -> None:
    from semanggi.organisations.models import Organisation
    from semanggi.partnerships.tests.factories import PartyFactory
    from semanggi.poac.models import Responsibility

    records = every_record_create(world.semanggi)  # Bank X is accountable for the renovation
    training = Activity.objects.create(
        partnership=world.semanggi,
        title="Pelatihan kader",
        planned_start=date(2026, 1, 5),
        planned_end=date(2026, 2, 5),
    )
    for n in range(4):  # more parties than a phone shows side by side
        organisation = Organisation.objects.create(
            name=f"Yayasan Mitra {n}", slug=f"mitra-{n}", acronym=f"YM{n}", kind="ngo"
        )
        PartyFactory(partnership=world.semanggi, organisation=organisation)
    dinkes, bank = records["transaction"].receiver, records["transaction"].provider
    base = live_server.url
    log_in(page, base, "kurnia")
    page.goto(base + "/partnerships/semanggi/#raci")
    grid = page.locator("form[data-grid=raci]")
    box = grid.locator(".grid-scroll")
    if width == "phone":  # the grid scrolls in its own box, never the page
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    check_page(page, f"raci-grid-{width}")

    # Each cell is labelled "activity — party"; the keyboard goes from cell to cell.
    first = page.get_by_label("Pelatihan kader — Dinas Kesehatan Kota Surakarta")
    first.focus()
    page.keyboard.press("a")
    page.keyboard.press("Tab")
    assert page.get_by_label('Pelatihan kader — Bank "X" Cabang "Y"').evaluate(
        "e => e === document.activeElement"
    )
    page.keyboard.press("r")
    for _cell in range(5):  # past the four other parties, to the next row's first cell
        page.keyboard.press("Tab")
    renovation = page.get_by_label("Renovasi ruang tunggu — Dinas Kesehatan Kota Surakarta")
    assert renovation.evaluate("e => e === document.activeElement")
    page.keyboard.press("c")
    grid.get_by_role("button", name="Simpan matriks").focus()
    page.keyboard.press("Enter")
    status = page.locator("form[data-grid=raci] .grid-status")
    status.wait_for()
    assert "Matriks tanggung jawab (3 sel diubah)" in status.inner_text()
    assert in_view(page, "form[data-grid=raci] .grid-status")
    assert page.url.endswith("/partnerships/semanggi/#raci")  # saved in place
    assert set(
        Responsibility.objects.filter(activity__partnership=world.semanggi).values_list(
            "activity_id", "party_id", "letter"
        )
    ) == {
        (training.pk, dinkes.pk, "A"),
        (training.pk, bank.pk, "R"),
        (records["activity"].pk, dinkes.pk, "C"),
        (records["activity"].pk, bank.pk, "A"),
    }
    check_page(page, f"raci-grid-saved-{width}")

    # A second accountable party: refused, the activity named, the error summary in view.
    page.get_by_label("Renovasi ruang tunggu — Dinas Kesehatan Kota Surakarta").focus()
    page.keyboard.press("Home")  # from the first option, "a" finds A (not A+R after C)
    page.keyboard.press("a")
    grid = page.locator("form[data-grid=raci]")
    grid.get_by_role("button", name="Simpan matriks").click()
    summary = page.locator("form[data-grid=raci] .error-summary")
    summary.wait_for()
    assert "Renovasi ruang tunggu" in summary.inner_text()
    assert summary.evaluate("e => e === document.activeElement")
    assert in_view(page, "form[data-grid=raci] .error-summary")
    chosen = page.get_by_label("Renovasi ruang tunggu — Dinas Kesehatan Kota Surakarta")
    assert chosen.input_value() == "A"  # her choice is kept
    assert not Responsibility.objects.filter(
        activity=records["activity"], party=dinkes, letter="A"
    ).exists()
    check_page(page, f"raci-grid-error-{width}")
