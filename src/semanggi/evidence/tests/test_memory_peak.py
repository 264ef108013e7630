"""No upload within the limits costs more than ten times its size, measured deterministically.

The measure is the peak of what Python allocates (tracemalloc) while the upload is checked,
read and saved, in this process, from the bytes received to the rows written: the whole path
a page or the API runs. Texts are the hard case: Python holds a text with one emoji at four
bytes per character, and its codecs reserve four bytes per byte for a moment while decoding
and encoding. (test_memory_bounds.py measures the process's resident memory too, in a fresh
interpreter, for the parsers' own C memory.)
"""

import gc
import tracemalloc
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from semanggi.evidence.exchange import ImportOutcome, study_import_qdpx
from semanggi.evidence.models import Segment, Source, SourceKind
from semanggi.evidence.services import ServiceError, source_create, upload_read
from semanggi.evidence.uploads import sources_create_many
from semanggi.testing import bulky
from semanggi.testing.files import zip_file
from semanggi.testing.world import World
from semanggi.uploads import SOURCES, validate_upload

pytestmark = pytest.mark.django_db

BOUND = 10


def peak(work: Callable[[], object]) -> int:
    """The most memory Python held at once while ``work`` ran, beyond what it held before."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def upload_source(world: World, name: str, data: bytes) -> int:
    """The peak of checking and saving ``data`` as a source, as the upload page does."""
    upload = SimpleUploadedFile(name, data)

    def work() -> None:
        validate_upload(upload, accept=SOURCES)
        source_create(
            study=world.study,
            actor=world.eva,
            kind=SourceKind.DOCUMENT,
            title=name,
            file_name=name,
            file_data=upload_read(upload),
        )

    return peak(work)


@pytest.mark.parametrize("kind", ["astral", "latin"])
def test_a_text_file_costs_at_most_ten_times_its_size(world: World, kind: str) -> None:
    body = bulky.text(5_000_000, kind)
    data = body.encode()
    used = upload_source(world, "wawancara.txt", data)
    source = Source.objects.get(study=world.study, title="wawancara.txt")
    expected = body.replace("\r\n", "\n")
    assert source.text_length == len(expected)
    assert source.text == expected
    assert used <= BOUND * len(data), f"{used / len(data):.1f} times {len(data):,} bytes"


@pytest.mark.parametrize(("kind", "size"), [("astral", 8_000_000), ("latin", 12_000_000)])
def test_a_word_document_costs_at_most_ten_times_its_size(
    world: World, kind: str, size: int
) -> None:
    body = bulky.text(size, kind)
    data = bulky.docx(body)
    used = upload_source(world, "notulen.docx", data)
    source = Source.objects.get(study=world.study, title="notulen.docx")
    assert source.text == body.replace("\r\n", "\n") + "\n"
    assert source.text_length == len(source.text)
    assert used <= BOUND * len(data), f"{used / len(data):.1f} times {len(data):,} bytes"


def test_a_project_with_a_long_astral_text_and_many_selections_costs_at_most_ten_times(
    world: World,
) -> None:
    body = bulky.text(4_000_000, "astral")
    data = bulky.qdpx(body, 20_000)
    found: list[ImportOutcome] = []
    used = peak(lambda: found.append(study_import_qdpx(lead=world.eva, data=data)))
    source = Source.objects.get(study=found[0].study)
    assert source.text == body.replace("\r\n", "\n")
    saved = Segment.objects.filter(source=source).count()
    assert saved == found[0].report.counts.selections > 19_000
    assert used <= BOUND * len(data), f"{used / len(data):.1f} times {len(data):,} bytes"


def test_a_project_whose_text_would_take_too_much_memory_is_refused_early(
    world: World,
) -> None:
    # Latin text with emoji compresses twice and takes four bytes a character: beyond the
    # budget the import stops with a clear message, before it takes the memory.
    data = bulky.qdpx(bulky.text(6_000_000, "latin"), 30_000)
    refused: dict[str, ServiceError] = {}

    def work() -> None:
        try:
            study_import_qdpx(lead=world.eva, data=data)
        except ServiceError as error:
            refused["error"] = error

    used = peak(work)
    assert "Split the project into several files" in refused["error"].message.en
    assert "Bagi proyeknya menjadi beberapa berkas" in refused["error"].message.id
    assert not Source.objects.filter(study__title="Uji").exists()
    assert used <= BOUND * len(data)


def test_selections_by_the_hundred_thousand_in_a_small_file_are_refused_early(
    world: World,
) -> None:
    # Selections whose GUIDs count up compress to a few bytes each: each still costs a few
    # hundred bytes once read, so the budget stops them.
    source = "0b7e3f0a-1111-4c2d-8e9f-000000000001"
    selections = "".join(
        f'<PlainTextSelection guid="5e1ec710-0000-4000-8000-{n:012d}" startPosition="0" '
        'endPosition="1"/>'
        for n in range(300_000)
    )
    document = (
        '<Project xmlns="urn:QDA-XML:project:1.0" name="Uji"><Sources>'
        f'<TextSource guid="{source}" name="t"><PlainTextContent>ab</PlainTextContent>'
        f"{selections}</TextSource></Sources></Project>"
    )
    data = zip_file({"project.qde": document.encode()})
    refused: list[ServiceError] = []

    def work() -> None:
        try:
            study_import_qdpx(lead=world.eva, data=data)
        except ServiceError as error:
            refused.append(error)

    used = peak(work)
    assert refused and "more text and selections" in refused[0].message.en
    # The floor lets every file take a few megabytes; this one is small.
    assert used <= 30 * 2**20


def test_several_text_files_at_once_cost_at_most_ten_times_their_size(world: World) -> None:
    bodies = [bulky.text(2_500_000, kind) for kind in ("astral", "latin", "astral", "latin")]
    uploads = [SimpleUploadedFile(f"w{n}.txt", b.encode()) for n, b in enumerate(bodies)]
    size = sum(u.size for u in uploads)
    used = peak(
        lambda: sources_create_many(
            study=world.study, actor=world.eva, kind=SourceKind.INTERVIEW, uploads=uploads
        )
    )
    for n, body in enumerate(bodies):
        assert Source.objects.get(study=world.study, title=f"w{n}").text == body.replace(
            "\r\n", "\n"
        )
    assert used <= BOUND * size, f"{used / size:.1f} times {size:,} bytes"
