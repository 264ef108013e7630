"""Every text the assessment pages add has an Indonesian translation, in the .po file or, until
it is merged there, in translations_id.json."""

import json
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2]
TEMPLATES = SRC / "web" / "templates" / "web" / "assessment"
PENDING = SRC / "assessment" / "translations_id.json"
PO = SRC / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _message_ids() -> set[str]:
    found = set()
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        found.update(re.findall(r'{% translate "([^"]+)"', text))
        found.update(re.findall(r"{% translate '([^']+)'", text))
        for block in re.findall(
            r"{% blocktranslate[^%]*%}(.*?){% endblocktranslate %}", text, re.S
        ):
            found.add(re.sub(r"{{ (\w+) }}", r"%(\1)s", block))
    views = (SRC / "web" / "views_assessment.py").read_text(encoding="utf-8")
    found.update(re.findall(r'_\(\s*"([^"]+)"', views))
    return found


def test_every_new_message_has_an_indonesian_translation() -> None:
    pending = json.loads(PENDING.read_text(encoding="utf-8"))["translations"]
    po = PO.read_text(encoding="utf-8")
    untranslated = [
        msgid
        for msgid in sorted(_message_ids())
        if not pending.get(msgid) and f"msgid {json.dumps(msgid, ensure_ascii=False)}" not in po
    ]
    assert untranslated == []
