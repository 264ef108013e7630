"""Progress photos are shown as thumbnails and can be downloaded by those who may see the
partnership, and by no one else."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client

from semanggi.poac.models import ProgressEvidence
from semanggi.poac.tests.factories import every_record_create
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_photos_are_thumbnails_for_those_who_may_see_them(client: Client, world: World) -> None:
    records = every_record_create(world.surakarta_draft)
    photo = ProgressEvidence.objects.create(
        update=records["progress update"], file=ContentFile(PNG, name="atap.png"), caption="Atap"
    )
    url = f"/progress-evidence/{photo.pk}/"
    # Unpublished partnership: hidden from the public and from people without access.
    assert client.get(url).status_code == 404
    client.force_login(world.charlie)
    assert client.get(url).status_code == 404
    client.force_login(world.kurnia)
    page = client.get("/partnerships/surakarta-draft/").content.decode()
    assert f'<img class="thumb" src="{url}" alt="Atap"' in page
    shown = client.get(url)
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    assert b"".join(shown.streaming_content) == PNG
    saved = client.get(url + "?download=1")
    assert saved["Content-Disposition"].startswith("attachment")
    # A document is a link, not an image.
    document = records["progress evidence"]
    assert f'<img class="thumb" src="/progress-evidence/{document.pk}/"' not in page
    assert f'href="/progress-evidence/{document.pk}/"' in page
