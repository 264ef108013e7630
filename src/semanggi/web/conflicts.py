"""Edit conflicts on pages: someone saved the record while this person was editing it.

The page answers 409 with the person's form as she filled it (nothing of hers is lost), a
message in her language, and, field by field, what is saved now beside what she entered.
The form now names the current version: saving again is a deliberate choice to replace
what is there (``web/_version.html`` renders both the message and the hidden version).
"""

from dataclasses import dataclass
from typing import Any

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from semanggi.versions import VersionConflict

# A page's answer when the record changed under the editor.
CONFLICT_STATUS = 409


@dataclass(frozen=True)
class ConflictRow:
    label: str
    saved: str
    yours: str


@dataclass(frozen=True)
class Conflict:
    version: int
    rows: tuple[ConflictRow, ...]


def _shown(field: Any, value: Any) -> str:
    """A field's value as a person reads it: choices by their label, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    values = value if isinstance(value, list | tuple) else [value]
    labels: dict[str, str] = {}
    if getattr(field, "choices", None) is not None:
        labels = {str(key): str(label) for key, label in field.choices}
    return ", ".join(labels.get(str(item), str(item)) for item in values)


def conflict_for(form: Any, error: VersionConflict) -> Conflict:
    """What the page shows about the conflict; the form keeps the person's input and now
    carries the current version."""
    current = error.current
    names = [name for name in form.fields if name != "version"]
    saved = model_to_dict(current, fields=names)
    rows = []
    for name in names:
        if name not in saved:
            continue  # a form field that is not one of the record's own
        field = form.fields[name]
        posted = form[name].data
        try:
            differs = field.has_changed(saved[name], posted)
        except (TypeError, ValueError):
            differs = True
        if differs:
            rows.append(
                ConflictRow(
                    label=str(field.label or name),
                    saved=_shown(field, field.prepare_value(saved[name])),
                    yours=_shown(field, posted),
                )
            )
    form.version_renew(current)
    return Conflict(version=current.version, rows=tuple(rows))
