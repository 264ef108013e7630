"""What the partnership page's Assessment section needs: one function the page view calls."""

from typing import Any

from django.http import HttpRequest

from semanggi.access.selectors import principal_for
from semanggi.assessment.models import StrengthChoice
from semanggi.assessment.overview import assessment_overview
from semanggi.partnerships.models import Partnership


def assessment_context(
    request: HttpRequest, partnership: Partnership, *, live: bool = False
) -> dict[str, Any]:
    """The latest assessment per framework, as the reader may see it, and whether the reader
    may run it and decide on its labels (the study team and administrators). The partnership
    page shows stored runs only (``live`` false); the assessment page computes the frameworks
    that have none."""
    # One permission answers both: the study team sees the evidence and decides.
    on_team = request.user.has_perm("assessment.run_assessment", partnership)
    principal = principal_for(request.user)
    return {
        "assessment": assessment_overview(
            partnership=partnership,
            evidence_visible=on_team,
            # A team reads its own study's evidence, never another study's.
            evidence_studies=None if principal.admin else principal.study_ids,
            live=live,
        ),
        "can_assess": on_team,
        "strength_choices": StrengthChoice.choices,
    }
