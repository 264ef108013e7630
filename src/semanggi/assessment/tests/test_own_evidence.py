"""A study team reads its own study's coded evidence, never another study's: two studies of
the same partnership each see their excerpts and informant codes, and only the other's
citations as the public reads them."""

import json

from django.contrib.auth import get_user_model
from django.test import Client

from semanggi.assessment.services import assessment_run
from semanggi.assessment.tests.conftest import Founding
from semanggi.evidence.models import Code, Informant, Segment, Source, SourceKind, Study

PAGE = "/partnerships/bina-kesehatan-semanggi/assessment/"
API = "/api/partnerships/bina-kesehatan-semanggi/assessment"
THEIRS = "kami tinggal menerima gedung"  # an excerpt of the founding study
RINA_SAYS = "Bank dan Dinkes memahami tujuan kemitraan ini bersama-sama."


def _second_study(founding: Founding) -> tuple[object, Study]:
    rina = get_user_model().objects.create_user("rina", "rina@example.org", "rina-pass")
    study = Study.objects.create(title="Studi kedua", lead=rina)
    # Granted by the accountable side (the consent journey is tested in the access app).
    study.partnerships.add(founding.partnership)
    informant = Informant.objects.create(
        study=study, code="R-01", label="warga", sampling="accidental"
    )
    text = f"P: Apa tujuannya?\nJ: {RINA_SAYS}\n"
    source = Source.objects.create(
        study=study,
        kind=SourceKind.INTERVIEW,
        title="Wawancara warga",
        text=text,
        text_length=len(text),
    )
    source.informants.add(informant)
    code = Code.objects.create(study=study, name="Paham tujuan", indicator="K3", direction=1)
    start = text.index(RINA_SAYS)
    segment = Segment.objects.create(source=source, start=start, end=start + len(RINA_SAYS))
    segment.codes.add(code)
    assessment_run(partnership=founding.partnership, actor=founding.evaluator)
    return rina, study


def test_each_study_reads_only_its_own_excerpts_and_informant_codes(
    client: Client, founding: Founding
) -> None:
    rina, _ = _second_study(founding)

    client.force_login(rina)
    page = client.get(PAGE).content.decode()
    api = json.dumps(client.get(API).json(), ensure_ascii=False)
    for text in (page, api):
        assert RINA_SAYS in text and "R-01 (warga)" in text  # her own
        assert THEIRS not in text  # the founding study's excerpt
        assert "INF-01" not in text and "INF-02" not in text  # nor its informant codes

    client.force_login(founding.evaluator)
    page = client.get(PAGE).content.decode()
    api = json.dumps(client.get(API).json(), ensure_ascii=False)
    for text in (page, api):
        assert THEIRS in text and "INF-01 (staf Dinkes)" in text
        assert RINA_SAYS not in text and "R-01" not in text


def test_an_administrator_reads_every_study_s_evidence(client: Client, founding: Founding) -> None:
    _second_study(founding)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.org", "x-pass")
    client.force_login(admin)
    text = json.dumps(client.get(API).json(), ensure_ascii=False)
    assert THEIRS in text and RINA_SAYS in text


def _coded(study: Study, informant: Informant, title: str, says: str) -> None:
    text = f"P: Bagaimana?\nJ: {says}\n"
    source = Source.objects.create(
        study=study, kind=SourceKind.INTERVIEW, title=title, text=text, text_length=len(text)
    )
    source.informants.add(informant)
    code = Code.objects.create(study=study, name=f"Kode {title}", indicator="K3", direction=1)
    start = text.index(says)
    Segment.objects.create(source=source, start=start, end=start + len(says)).codes.add(code)


def test_what_a_run_changed_cites_other_studies_as_the_public_reads_them(
    client: Client, founding: Founding
) -> None:
    rina, study = _second_study(founding)  # stores a first run
    # New evidence in both studies since that run.
    dinkes = Informant.objects.get(study=founding.study, code="INF-01")
    _coded(founding.study, dinkes, "Wawancara rahasia Dinkes", "Kami paham tujuannya.")
    mine = Informant.objects.get(study=study, code="R-01")
    _coded(study, mine, "Wawancara warga kedua", "Warga juga paham.")

    client.force_login(rina)
    response = client.post(
        API + "/run", json.dumps({"frameworks": ["sulistiyani-life"]}), "application/json"
    )
    assert response.status_code == 201, response.content
    changes = " ".join(response.json()[0]["changes"])
    assert "Wawancara warga kedua" in changes and "R-01 (warga)" in changes  # her own
    assert "Wawancara rahasia Dinkes" not in changes and "INF-01" not in changes
    assert "segment:" in changes  # the other study's evidence is still cited, by segment
