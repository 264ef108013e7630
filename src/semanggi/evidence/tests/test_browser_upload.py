"""Several source files at once in a real Chromium, on a phone (390 px) and on a desktop
(1366 px): reached from the sources list, worked by keyboard, refused files named beside the
file input with nothing saved, then the good files saved with the count at the top."""

from typing import Any

import pytest

from semanggi.evidence.models import Source
from semanggi.testing.browser import WIDTHS, check_page, in_view
from semanggi.testing.world import world_create

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GOOD = [
    {"name": "Wawancara Bu Sari.txt", "mimeType": "text/plain", "buffer": b"P: Siapa?\nJ: Kami.\n"},
    {"name": "Rapat RW 3.md", "mimeType": "text/markdown", "buffer": b"# Rapat\n\nDinkes hadir.\n"},
]
BAD = {"name": "latin.txt", "mimeType": "text/plain", "buffer": "Café".encode("cp1252")}


@pytest.mark.parametrize("width", ["phone", "desktop"])
def test_an_evaluator_uploads_several_files(
    live_server: Any, page: Any, width: str, settings: Any
) -> None:
    world = world_create()
    page.set_viewport_size(WIDTHS[width])
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", "eva")
    page.fill("#id_password", "eva-pass")
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(live_server.url + "/me/")

    page.goto(f"{live_server.url}/studies/{world.study.pk}/sources/")
    page.get_by_role("link", name="+ Unggah beberapa berkas").click()
    page.get_by_role("heading", name="Unggah beberapa berkas").wait_for()
    check_page(page, f"source-upload-{width}")

    files = page.get_by_label("Berkas (.txt, .md, .html, .docx, .pdf)")
    assert files.get_attribute("multiple") is not None

    # More files than one upload takes: said at once, nothing sent.
    settings.MAX_BATCH_FILES = 1
    page.reload()
    files.set_input_files(GOOD)
    page.select_option("[name=kind]", "interview")
    page.get_by_role("button", name="Unggah dan simpan").focus()
    page.keyboard.press("Enter")
    limits = page.locator('[data-field="uploads"] .file-limits')
    limits.wait_for()
    assert "paling banyak 1 berkas" in limits.inner_text()
    assert in_view(page, '[data-field="uploads"] .file-limits')
    assert page.evaluate("document.activeElement.type") == "file"
    settings.MAX_BATCH_FILES = 100
    page.reload()

    files.set_input_files([*GOOD, BAD])
    page.select_option("[name=kind]", "interview")
    page.fill("[name=place]", "Desa Semanggi")
    page.get_by_role("button", name="Unggah dan simpan").focus()
    page.keyboard.press("Enter")
    error = page.locator('[data-field="uploads"] .error', has_text="latin.txt")
    error.wait_for()
    assert "UTF-8" in error.inner_text()
    assert in_view(page, '[data-field="uploads"] .error')
    check_page(page, f"source-upload-refused-{width}")
    assert not Source.objects.exists()

    page.get_by_label("Berkas (.txt, .md, .html, .docx, .pdf)").set_input_files(GOOD)
    page.get_by_role("button", name="Unggah dan simpan").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/studies/{world.study.pk}/sources/")
    page.get_by_text("2 sumber disimpan.").wait_for()
    assert in_view(page, ".toast")
    assert sorted(Source.objects.values_list("title", flat=True)) == [
        "Rapat RW 3",
        "Wawancara Bu Sari",
    ]
