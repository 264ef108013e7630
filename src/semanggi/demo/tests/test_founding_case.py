"""The founding case as the study reports it, loaded once, and the demo accounts."""

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from semanggi.demo.services import DemoError, demo_accounts_ensure, founding_case_load
from semanggi.partnerships.models import Partnership
from semanggi.regions.tests.factories import regions_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(db: None) -> Partnership:
    regions_create()
    assert founding_case_load() is True
    return Partnership.objects.get(slug="bina-kesehatan-semanggi")


def test_the_case_is_the_puskesmas_in_semanggi(case: Partnership) -> None:
    assert case.sector == "12230"  # basic health infrastructure
    assert list(case.locations.values_list("code", flat=True)) == ["33.72.03.1002"]
    assert case.is_published


def test_the_parties_have_the_roles_objectives_and_contributions_the_study_reports(
    case: Partnership,
) -> None:
    parties = {p.organisation.slug: p for p in case.parties.select_related("organisation")}
    assert set(parties) == {"dinkes-surakarta", "bank-x-cabang-y"}

    dinkes, bank = parties["dinkes-surakarta"], parties["bank-x-cabang-y"]
    assert dinkes.organisation.parent.name == "Pemerintah Kota Surakarta"
    assert set(bank.roles.values_list("role", flat=True)) == {"funding", "implementing"}
    assert set(bank.contributions.values_list("kind", flat=True)) == {"money", "construction"}
    assert (
        "tanpa menggantungkan peran aktif Dinkes"
        in bank.contributions.get(kind="construction").description
    )
    assert "kesejahteraan masyarakat" in dinkes.objectives.get().text
    assert "dana CSR" in bank.objectives.get().text
    # The study gives no figures: the one value shown is flagged as illustrative.
    valued = [c for p in parties.values() for c in p.contributions.all() if c.planned_value]
    assert valued and all(c.values_illustrative for c in valued)
    assert bank.organisation.is_pseudonymous


def test_loading_again_changes_nothing(case: Partnership) -> None:
    assert founding_case_load() is False
    assert Partnership.objects.filter(slug="bina-kesehatan-semanggi").count() == 1
    assert case.history.count() == 1


def test_the_case_needs_the_regions(db: None) -> None:
    with pytest.raises(DemoError, match=r"33\.72\.03\.1002"):
        founding_case_load()


def test_demo_accounts_exist_only_in_demo_mode(
    case: Partnership, settings: Any, tmp_path: Path
) -> None:
    settings.DEMO = False
    with pytest.raises(DemoError):
        demo_accounts_ensure(data_dir=tmp_path)
    assert not get_user_model().objects.exists()


def test_demo_accounts_cover_each_kind_of_user_and_keep_their_passwords(
    case: Partnership, settings: Any, tmp_path: Path
) -> None:
    settings.DEMO = True
    first = demo_accounts_ensure(data_dir=tmp_path)
    again = demo_accounts_ensure(data_dir=tmp_path)

    assert [a.username for a in first] == ["admin", "koordinator", "mitra", "evaluator"]
    assert first == again
    User = get_user_model()
    for account in first:
        assert User.objects.get(username=account.username).check_password(account.password)
    koordinator = User.objects.get(username="koordinator")
    assert koordinator.has_perm("partnerships.change_partnership", case)
    mitra = User.objects.get(username="mitra")
    assert mitra.has_perm("partnerships.change_partnership", case)
    evaluator = User.objects.get(username="evaluator")
    assert not evaluator.has_perm("partnerships.change_partnership", case)
    assert evaluator.led_studies.get().partnerships.get() == case
    # The demo's first run shows the source study's reading beside the definitions'.
    from semanggi.assessment.models import AssessmentRun

    run = AssessmentRun.objects.get(partnership=case, framework_id="sulistiyani-life")
    assert run.result["readings"] == ["source-study"]


def test_load_demo_command_prints_the_accounts(
    case: Partnership, settings: Any, tmp_path: Path, capsys: Any
) -> None:
    settings.DEMO = True
    settings.DATA_DIR = tmp_path
    call_command("load_demo", "--accounts")
    out = capsys.readouterr().out
    assert "sudah ada / founding case already present" in out
    assert "koordinator" in out and "evaluator" in out


def test_the_demo_sources_can_be_coded(case: Partnership) -> None:
    """Issue 11 item 20: the loader stores each source's length, which coding checks."""
    from semanggi.demo.services import founding_study_load
    from semanggi.evidence.models import Code
    from semanggi.evidence.services import segment_create

    lead = get_user_model().objects.create_user("dewi")
    study = founding_study_load(lead=lead)
    sources = list(study.sources.all())
    assert sources and all(source.text_length == len(source.text) > 0 for source in sources)
    source = sources[0]
    code = Code.objects.create(study=study, name="kode baru")
    segment = segment_create(
        source=source, start=0, end=source.text_length, code_ids=[code.pk], actor=lead
    )
    assert (segment.start, segment.end) == (0, len(source.text))


def test_the_demo_evidence_is_marked_illustrative_as_data(case: Partnership) -> None:
    """Finding 12: "illustrative" is a field of the study and of each source, not a title."""
    from semanggi.demo.services import founding_study_load

    study = founding_study_load(lead=get_user_model().objects.create_user("dewi"))
    assert study.illustrative
    sources = list(study.sources.all())
    assert sources and all(source.illustrative for source in sources)
    assert not any("ilustratif" in source.title for source in sources)


def test_an_older_demo_study_gets_its_illustrative_mark_as_data(case: Partnership) -> None:
    """Installations loaded before the mark was a field: the data migration moves it."""
    from importlib import import_module

    from django.apps import apps

    from semanggi.evidence.models import Source, Study

    migration = import_module("semanggi.evidence.migrations.0005_demo_evidence_marked_illustrative")
    lead = get_user_model().objects.create_user("dewi")
    study = Study.objects.create(title="Studi lama", lead=lead)
    old = Source.objects.create(
        study=study, kind="interview", title="Wawancara staf Dinkes (ilustratif)", text="x"
    )
    real = Source.objects.create(study=study, kind="document", title="Notulen", text="y")
    migration.mark(apps, None)
    old.refresh_from_db()
    real.refresh_from_db()
    study.refresh_from_db()
    assert (old.title, old.illustrative) == ("Wawancara staf Dinkes", True)
    assert (real.title, real.illustrative) == ("Notulen", False)
    assert study.illustrative
