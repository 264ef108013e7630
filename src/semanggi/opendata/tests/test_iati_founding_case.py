"""The founding case as an IATI 2.03 activity: valid against the XSD, the codelists and every
case of the IATI rulesets, and saying what the records say."""

from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from semanggi.demo.services import founding_case_load, founding_study_load
from semanggi.iati.validate import iati_problems, parse
from semanggi.opendata.iati import activities_file, organisations_file, published_partnerships
from semanggi.partnerships.models import Partnership
from semanggi.poac.models import IndicatorPeriod
from semanggi.regions.tests.factories import regions_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db: None) -> Partnership:
    regions_create()
    assert founding_case_load() is True
    return Partnership.objects.get(slug="bina-kesehatan-semanggi")


def export(today: date | None = None) -> bytes:
    content, missing = activities_file(
        published_partnerships(), today=today or timezone.localdate()
    )
    assert missing == [] and content is not None
    return content


def test_the_founding_case_activity_is_valid_with_no_error_or_warning(case: Partnership) -> None:
    content = export()
    assert iati_problems(content) == []


def test_the_organisation_file_is_valid(case: Partnership) -> None:
    content = organisations_file(today=timezone.localdate())
    assert content is not None
    assert iati_problems(content) == []
    tree = parse(content)
    assert tree.xpath("//organisation-identifier/text()") == ["ID-COA-3372"]


def test_the_activity_says_what_the_records_say(case: Partnership) -> None:
    tree = parse(export())
    activity = tree.getroot()[0]
    assert activity.findtext("iati-identifier") == "ID-COA-3372-bina-kesehatan-semanggi"
    assert activity.find("reporting-org").get("ref") == "ID-COA-3372"
    titles = activity.xpath("title/narrative")
    assert [(t.get("{http://www.w3.org/XML/1998/namespace}lang"), t.text) for t in titles] == [
        (None, case.title),
        ("en", case.title_en),
    ]
    roles = {
        (o.findtext("narrative"), o.get("role"), o.get("type"))
        for o in activity.iterfind("participating-org")
    }
    assert roles == {
        ("Dinas Kesehatan Kota Surakarta", "2", "10"),
        ('Bank "X" Cabang "Y"', "1", "70"),
        ('Bank "X" Cabang "Y"', "4", "70"),
    }
    assert activity.find("activity-status").get("code") == "3"
    dates = {d.get("type"): d.get("iso-date") for d in activity.iterfind("activity-date")}
    # The study gives no partnership dates: they come from the (illustrative) work plan.
    assert dates == {"1": "2012-01-02", "2": "2012-01-02", "3": "2013-12-31", "4": "2013-12-31"}
    assert activity.find("recipient-country").get("code") == "ID"
    location = activity.find("location")
    assert location.get("ref") == "33.72.03.1002"
    assert location.findtext("name/narrative") == "Semanggi"
    assert "Kota Surakarta" in location.findtext("description/narrative")
    # Placed on Kota Surakarta's centroid, and said to be approximate.
    assert location.findtext("point/pos") == "-7.5693 110.8295"
    assert location.find("exactness").get("code") == "2"
    assert [(s.get("code"), s.get("percentage")) for s in activity.iterfind("sector")] == [
        ("12230", "100")
    ]
    transaction = activity.find("transaction")
    assert transaction.find("transaction-type").get("code") == "4"
    assert transaction.find("value").get("currency") == "IDR"
    assert activity.get("default-currency") == "IDR"
    assert transaction.findtext("value") == "1500000000"
    assert transaction.findtext("provider-org/narrative") == 'Bank "X" Cabang "Y"'
    indicator = activity.find("result/indicator")
    assert indicator.find("baseline").get("value") == "0"
    assert indicator.find("period/target").get("value") == "1"
    assert indicator.find("period/actual").get("value") == "1"
    links = {
        d.find("category").get("code"): d.get("url") for d in activity.iterfind("document-link")
    }
    assert links["A12"].endswith("/partnerships/bina-kesehatan-semanggi/")


def test_publishing_twice_gives_the_same_bytes(case: Partnership) -> None:
    assert export() == export()
    assert organisations_file(today=timezone.localdate()) == organisations_file(
        today=timezone.localdate()
    )


def test_unapproved_actuals_are_not_published(case: Partnership) -> None:
    IndicatorPeriod.objects.filter(indicator__partnership=case).update(
        approved_at=None, approved_by=None
    )
    tree = parse(export())
    assert tree.xpath("//indicator/period/actual") == []
    assert tree.xpath("//indicator/period/target/@value") == ["1"]
    assert iati_problems(export()) == []


def test_no_study_material_and_no_unpublished_partnership_appears(
    case: Partnership, world: Any
) -> None:
    study = founding_study_load(lead=world.eva)
    content, missing = activities_file(published_partnerships(), today=timezone.localdate())
    assert content is not None
    text = content.decode()
    assert "jakarta-pilot" not in text and "Draf Surakarta" not in text
    # The world's published partnership lacks essentials: listed, not exported.
    assert [m.partnership.slug for m in missing] == ["semanggi"]
    assert "Puskesmas Semanggi<" not in text
    informants = list(study.informants.all())
    sources = list(study.sources.all())
    assert informants and sources
    for informant in informants:
        assert informant.code not in text and informant.label not in text
        if informant.real_name:
            assert informant.real_name not in text
    for source in sources:
        for line in source.text.splitlines():
            if len(line) > 30:
                assert line[:30] not in text
