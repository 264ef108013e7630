"""Memory of uploads at size: the peak Python allocates (tracemalloc) while an upload is
checked, read and saved, against the upload's size, for the files that cost the most: texts
of astral characters and Latin texts with emoji, as .txt, .docx and inside a REFI-QDA project
with 100,000 selections. `evidence/tests/test_memory_peak.py` asserts the bound on smaller
files; this prints the figures at the sizes the documentation states.

    .venv/bin/python bench/memory.py [--postgres] [--selections 100000]
"""

import argparse
import gc
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def setup(postgres: bool) -> None:
    if postgres:
        import psycopg

        with psycopg.connect(
            "postgres://postgres@127.0.0.1:5432/postgres", autocommit=True
        ) as connection:
            connection.execute("DROP DATABASE IF EXISTS bench_memory")
            connection.execute("CREATE DATABASE bench_memory")
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/bench_memory"
    else:
        folder = tempfile.mkdtemp(prefix="bench-memory-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        os.environ["SEMANGGI_DATA_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "semanggi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def peak(work: Callable[[], object]) -> tuple[int, float]:
    gc.collect()
    tracemalloc.start()
    began = time.perf_counter()
    try:
        work()
        return tracemalloc.get_traced_memory()[1], time.perf_counter() - began
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--selections", type=int, default=100_000)
    arguments = parser.parse_args()
    setup(arguments.postgres)

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from semanggi.evidence.exchange import study_import_qdpx
    from semanggi.evidence.models import SourceKind, Study
    from semanggi.evidence.services import source_create, upload_read
    from semanggi.refiqda import import_qdpx
    from semanggi.testing import bulky
    from semanggi.uploads import SOURCES, validate_upload

    lead = get_user_model().objects.create_user("peneliti", "p@example.org", "x")
    study = Study.objects.create(lead=lead, title="Bench")

    def upload(name: str, data: bytes) -> Callable[[], object]:
        def work() -> None:
            file = SimpleUploadedFile(name, data)
            validate_upload(file, accept=SOURCES)
            source_create(
                study=study,
                actor=lead,
                kind=SourceKind.DOCUMENT,
                title=name,
                file_name=name,
                file_data=upload_read(file),
            )

        return work

    print(f"{'file':<48} {'size':>9} {'peak':>9} {'ratio':>6} {'time':>7}")

    def row(label: str, data: bytes, work: Callable[[], object]) -> None:
        used, seconds = peak(work)
        size = len(data)
        print(
            f"{label:<48} {size / 2**20:7.1f}MB {used / 2**20:7.1f}MB "
            f"{used / size:5.1f}× {seconds:6.1f}s",
            flush=True,
        )

    for kind in ("astral", "latin"):
        data = bulky.text(5_000_000, kind).encode()
        row(f".txt, {kind}", data, upload("teks.txt", data))
    for kind, size in (("astral", 8_000_000), ("latin", 12_000_000)):
        data = bulky.docx(bulky.text(size, kind))
        row(f".docx, {kind}", data, upload("teks.docx", data))
    count = arguments.selections
    data = bulky.qdpx(bulky.text(6_000_000, "astral"), count)
    row(f".qdpx, astral text, {count:,} selections: read", data, lambda: import_qdpx(data))
    row(
        f".qdpx, astral text, {count:,} selections: imported",
        data,
        lambda: study_import_qdpx(lead=lead, data=data),
    )


if __name__ == "__main__":
    main()
