"""Every text of the workbench has its Indonesian: in the project's catalogue, or in
``evidence/translations_id.json`` until that file is merged into it."""

import ast
import json
import re
from pathlib import Path

from django.utils.translation.template import templatize

PACKAGE = Path(__file__).resolve().parents[2]
JSON = PACKAGE / "evidence" / "translations_id.json"
PO = PACKAGE / "locale" / "id" / "LC_MESSAGES" / "django.po"
SOURCES = [
    PACKAGE / "web" / "views_evidence.py",
    PACKAGE / "evidence" / "forms.py",
    PACKAGE / "evidence" / "models.py",
    PACKAGE / "evidence" / "displays.py",
]
TEMPLATES = sorted((PACKAGE / "web" / "templates" / "web" / "evidence").glob("*.html"))
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
CALL = re.compile(r"\b(n?)gettext\(\s*u?('(?:[^'\\]|\\.)*')(?:\s*,\s*u?('(?:[^'\\]|\\.)*'))?")
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def _python_ids(text: str) -> list[str]:
    ids = []
    for node in ast.walk(ast.parse(text)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in GETTEXT
        ):
            strings = [
                a.value
                for a in node.args
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            ids.extend(strings[:2] if node.func.id.startswith("n") else strings[:1])
    return ids


def _template_ids(text: str) -> list[str]:
    ids = []
    for match in CALL.finditer(templatize(text)):
        ids.append(ast.literal_eval(match.group(2)))
        if match.group(1):
            ids.append(ast.literal_eval(match.group(3)))
    return ids


def _catalogue() -> dict[str, str]:
    """msgid → msgstr of the .po file (plural forms: the first)."""
    entries: dict[str, str] = {}
    current = {"msgid": "", "msgid_plural": "", "msgstr": ""}
    part = None

    def keep() -> None:
        for key in ("msgid", "msgid_plural"):
            if current[key]:
                entries[current[key]] = current["msgstr"]

    for line in PO.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        for prefix, name in (
            ("msgid_plural ", "msgid_plural"),
            ("msgid ", "msgid"),
            ("msgstr[0] ", "msgstr"),
            ("msgstr ", "msgstr"),
        ):
            if line.startswith(prefix):
                if name == "msgid":
                    keep()
                    current = {"msgid": "", "msgid_plural": "", "msgstr": ""}
                part, line = name, line[len(prefix) :]
                break
        else:
            if line.startswith("msgstr["):
                part = None
                continue
            if not line.startswith('"'):
                part = None
                continue
        if part:
            current[part] += ast.literal_eval(line)
    keep()
    return entries


def test_every_workbench_text_has_its_indonesian() -> None:
    ids = [i for path in TEMPLATES for i in _template_ids(path.read_text(encoding="utf-8"))]
    ids += [i for path in SOURCES for i in _python_ids(path.read_text(encoding="utf-8"))]
    assert len(ids) > 200
    catalogue = _catalogue()
    ours = json.loads(JSON.read_text(encoding="utf-8"))
    missing = [i for i in dict.fromkeys(ids) if not catalogue.get(i) and not ours.get(i)]
    assert missing == []


def test_translations_keep_their_placeholders() -> None:
    for msgid, indonesian in json.loads(JSON.read_text(encoding="utf-8")).items():
        assert indonesian.strip(), msgid
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(indonesian))
