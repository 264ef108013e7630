"""Lists that grow with the data come a page at a time: a source page shows one part of its
text and the segments over it, the API pages segments and the other evidence lists."""

from typing import Any

import pytest
from django.test import Client

from semanggi.evidence.models import Code, Segment
from semanggi.evidence.selectors import SEGMENTS_PER_PAGE, SOURCE_PAGE_CHARS
from semanggi.evidence.tests.factories import SourceFactory
from semanggi.testing.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def long_source(world: World) -> Any:
    line = "Perencanaan disusun bersama bank dan dinas kesehatan.\n"  # 54 characters
    source = SourceFactory(study=world.study, text=line * 2_000)
    code = Code.objects.create(study=world.study, name="Perencanaan")
    segments = Segment.objects.bulk_create(
        Segment(source=source, start=n * 54, end=n * 54 + 11) for n in range(2_000)
    )
    Segment.codes.through.objects.bulk_create(
        Segment.codes.through(segment_id=s.pk, code_id=code.pk) for s in segments
    )
    return source


def test_a_source_page_shows_one_part_of_the_text(
    english: Client, world: World, long_source: Any
) -> None:
    english.force_login(world.eva)
    url = f"/studies/{world.study.pk}/sources/{long_source.pk}/"
    first = english.get(url).content.decode()
    assert 'data-base="0" id="source-text"' in first
    assert "Characters 0–20,034 of 108,000" in first
    assert first.count('class="seg"') == 371  # the segments starting before 20,034
    assert "Next part" in first and "Previous part" not in first
    second = english.get(url + "?from=20034").content.decode()
    assert 'data-base="20034"' in second and "Previous part" in second
    assert english.get(url + "?from=99999999999999999999").status_code == 200


def test_a_page_never_lists_more_than_its_share_of_segments(
    english: Client, world: World, long_source: Any
) -> None:
    english.force_login(world.eva)
    Segment.objects.bulk_create(
        Segment(source=long_source, start=n % 500, end=n % 500 + 3000 + n // 500)
        for n in range(1_200)
    )
    page = english.get(f"/studies/{world.study.pk}/sources/{long_source.pk}/").content.decode()
    assert page.count("<li data-segment=") == SEGMENTS_PER_PAGE
    assert f"The first {SEGMENTS_PER_PAGE} segments of this part are shown." in page
    assert SOURCE_PAGE_CHARS == 20_000


def test_the_api_pages_segments(world: World, long_source: Any) -> None:
    client = Client()
    client.force_login(world.eva)
    url = f"/api/studies/{world.study.pk}/sources/{long_source.pk}/segments"
    body = client.get(url).json()
    assert body["count"] == 2_000 and len(body["items"]) == 25
    assert body["items"][0]["start"] == 0 and body["items"][0]["codes"]
    last = client.get(url, {"page": 20, "page_size": 100}).json()
    assert len(last["items"]) == 100 and last["items"][-1]["start"] == 1_999 * 54
    assert client.get(url, {"page_size": 101}).status_code == 422


@pytest.mark.parametrize("path", ["", "/informants", "/codes", "/sources", "/findings"])
def test_the_other_evidence_lists_are_paged(world: World, path: str) -> None:
    client = Client()
    client.force_login(world.eva)
    body = client.get(f"/api/studies{'/' + str(world.study.pk) if path else ''}{path}").json()
    assert set(body) == {"items", "count"}
