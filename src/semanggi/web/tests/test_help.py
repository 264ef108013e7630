"""The help pages: one guide per role in both languages, linked from every page, and the
copies in docs/ kept identical to what the pages show."""

from pathlib import Path

import pytest
from django.test import Client

from semanggi.web.help import HELP_DIR, ROLES, markdown_html

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[4] / "docs" / "help"


@pytest.mark.parametrize("role", [*ROLES])
def test_each_role_has_a_guide_in_both_languages(client: Client, role: str) -> None:
    indonesian = client.get(f"/help/{role}/")
    assert indonesian.status_code == 200
    assert '<html lang="id">' in indonesian.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(f"/help/{role}/")
    assert english.status_code == 200
    assert indonesian.content != english.content
    assert "<h1" in english.content.decode()


def test_every_page_links_to_help(client: Client) -> None:
    for url in ("/", "/partnerships/", "/needs/", "/regions/"):
        assert 'href="/help/"' in client.get(url).content.decode(), url


def test_an_unknown_role_has_no_guide(client: Client) -> None:
    assert client.get("/help/wizard/").status_code == 404


def test_the_guides_in_docs_are_the_ones_the_pages_show() -> None:
    shipped = sorted(path.name for path in HELP_DIR.glob("*.md"))
    assert shipped == sorted(path.name for path in DOCS.glob("*.md"))
    for name in shipped:
        assert (DOCS / name).read_text() == (HELP_DIR / name).read_text(), (
            f"docs/help/{name} differs: copy src/semanggi/web/help/{name} over it"
        )


def test_the_guides_markup_is_escaped() -> None:
    html = markdown_html("# Title\n\nA <script>x</script> **bold** [link](/help/)\n\n- one\n- two")
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<h1 id="title">Title</h1>' in html
    assert '<strong>bold</strong> <a href="/help/">link</a>' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<a" not in markdown_html("[x](javascript:alert(1))")
