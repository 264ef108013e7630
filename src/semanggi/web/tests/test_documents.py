"""Agreement documents: checked on upload, served only to those who may see them."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from semanggi.partnerships.models import Agreement, AgreementKind
from semanggi.testing.files import pdf_file
from semanggi.testing.world import World
from semanggi.uploads import validate_document

pytestmark = pytest.mark.django_db

PDF = pdf_file()


def agreement_with_document(partnership: Any) -> Agreement:
    agreement = Agreement(partnership=partnership, kind=AgreementKind.MOU, title="MoU")
    agreement.document = SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf")
    agreement.full_clean()
    agreement.save()
    return agreement


def test_documents_follow_the_partnerships_visibility(client: Client, world: World) -> None:
    public = agreement_with_document(world.semanggi)
    hidden = agreement_with_document(world.jakarta_pilot)

    response = client.get(f"/agreements/{public.pk}/document/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert client.get(f"/agreements/{hidden.pk}/document/").status_code == 404

    client.force_login(world.bima)
    assert client.get(f"/agreements/{hidden.pk}/document/").status_code == 200


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("mou.exe", b"MZ\x90\x00", "wrong_type"),
        ("mou.pdf", b"<html>not a pdf</html>", "mismatch"),
        ("foto.jpg", b"%PDF-1.4", "mismatch"),
        ("kosong.pdf", b"", "empty"),
    ],
)
def test_bad_uploads_are_refused_with_a_reason(name: str, content: bytes, code: str) -> None:
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile(name, content))
    assert error.value.code == code


def test_too_large_uploads_are_refused(settings: Any) -> None:
    settings.MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as error:
        validate_document(SimpleUploadedFile("mou.pdf", PDF))
    assert error.value.code == "too_large"
    assert "MB" in str(error.value.messages[0])
