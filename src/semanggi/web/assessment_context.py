"""What the partnership page's Assessment section needs: one function the page view calls."""

from typing import Any

from django.http import HttpRequest

from semanggi.access.selectors import principal_for
from semanggi.assessment.frameworks import frameworks_get
from semanggi.assessment.models import StrengthChoice
from semanggi.assessment.overview import assessment_overview
from semanggi.partnerships.models import Partnership


def reading_choices() -> list[Any]:
    """The named readings the shipped frameworks offer, one per id."""
    seen: dict[str, Any] = {}
    for framework in frameworks_get(None):
        for reading in framework.readings():
            seen.setdefault(reading.id, reading)
    return list(seen.values())


def chosen(data: Any) -> tuple[tuple[str, ...], bool]:
    """The evaluator's choices in a query or form: named readings, and whether illustrative
    evidence is left out. Unknown reading ids are ignored."""
    known = {reading.id for reading in reading_choices()}
    readings = tuple(r for r in data.getlist("reading") if r in known)
    flags = data.getlist("exclude_illustrative")
    return readings, any(flag in ("1", "on", "true") for flag in flags)


def assessment_context(
    request: HttpRequest, partnership: Partnership, *, live: bool = False
) -> dict[str, Any]:
    """The latest assessment per framework, as the reader may see it, and whether the reader
    may run it and decide on its labels (the study team and administrators). The partnership
    page shows stored runs only (``live`` false); the assessment page computes the frameworks
    that have none, or all of them with the readings and the illustrative choice the reader
    asked for (``?reading=source-study&exclude_illustrative=1``)."""
    # One permission answers both: the study team sees the evidence and decides.
    on_team = request.user.has_perm("assessment.run_assessment", partnership)
    principal = principal_for(request.user)
    readings, exclude = chosen(request.GET) if live else ((), False)
    asked = live and ("reading" in request.GET or "exclude_illustrative" in request.GET)
    overview = assessment_overview(
        partnership=partnership,
        evidence_visible=on_team,
        # A team reads its own study's evidence, never another study's.
        evidence_studies=None if principal.admin else principal.study_ids,
        live=live,
        readings=readings if asked else None,
        exclude_illustrative=exclude if asked else None,
    )
    shown: tuple[str, ...] = readings
    if not asked and overview is not None and overview.frameworks:
        shown = tuple(overview.frameworks[0].assessment.readings)
    return {
        "assessment": overview,
        "can_assess": on_team,
        "strength_choices": StrengthChoice.choices,
        "reading_choices": reading_choices(),
        "chosen_readings": shown,
        "exclude_illustrative": exclude,
    }
