"""The Indonesian catalogue is complete and compiles: a broken entry would stop set-up."""

import shutil
import subprocess
from pathlib import Path

import pytest

import semanggi

PO = Path(semanggi.__file__).parent / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_the_catalogue_compiles_with_checked_formats(tmp_path: Path) -> None:
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        pytest.fail("msgfmt (Debian gettext) is missing: scripts/setup.sh installs it")
    result = subprocess.run(
        [msgfmt, "--check-format", "-o", str(tmp_path / "django.mo"), str(PO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_every_message_has_an_indonesian_translation() -> None:
    entries = PO.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [
        entry.splitlines()[-2] if len(entry.splitlines()) > 1 else entry
        for entry in entries
        if entry.rstrip().endswith('msgstr ""') or entry.rstrip().endswith('msgstr[0] ""')
    ]
    assert untranslated == []
    assert "#, fuzzy" not in PO.read_text(encoding="utf-8")
