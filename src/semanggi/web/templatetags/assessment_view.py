"""Template helpers of the assessment's pages: where a cited record or segment lives."""

from typing import Any

from django import template
from django.urls import reverse

register = template.Library()

# The section of the partnership page that shows each kind of record.
SECTION = {
    "activity": "planning",
    "agreement": "planning",
    "objective": "planning",
    "absence": "planning",
    "dependence": "planning",
    "contribution": "planning",
    "decision": "organizing",
    "forum": "organizing",
    "meeting": "organizing",
    "coordination": "organizing",
    "phase": "organizing",
    "handover": "actuating",
    "transaction": "actuating",
    "report": "actuating",
    "indicator": "controlling",
}


@register.simple_tag
def evidence_url(item: Any, partnership: Any, segment_studies: dict[str, int]) -> str:
    """The page that shows a cited record (the partnership page's section) or segment (the
    study's segment page, for the study team); "" when there is none."""
    kind = item.reference.split(":", 1)[0]
    if kind == "segment":
        study = segment_studies.get(item.reference)
        if study is None:
            return ""
        return reverse("study-segment", args=[study, int(item.reference.split(":", 1)[1])])
    section = SECTION.get(kind)
    base = reverse("partnership-detail", args=[partnership.slug])
    return f"{base}#{section}" if section else base


STRENGTH_MARK = {"strong": "●●●", "moderate": "●●○", "weak": "●○○", "absent": "○○○"}
STATUS_MARK = {"met": "✓", "not_met": "✗", "not_enough": "?"}


@register.filter
def strength_mark(strength: Any) -> str:
    """A shape for each strength, beside its word: never colour alone."""
    return STRENGTH_MARK.get(str(strength), "")


@register.filter
def status_mark(status: Any) -> str:
    return STATUS_MARK.get(str(status), "")
