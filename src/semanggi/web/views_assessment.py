"""Pages of the assessment: the full assessment of a partnership with its indicators, running
it again, and the evaluator's confirmation or override of a label."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from semanggi.access.selectors import principal_for
from semanggi.assessment.frameworks import AssessmentError
from semanggi.assessment.models import DecisionKind, StrengthChoice
from semanggi.assessment.services import assessment_run, label_decide
from semanggi.core.assessment.indicators import NAMES
from semanggi.partnerships.models import Partnership
from semanggi.partnerships.selectors import partnership_detail
from semanggi.web.assessment_context import assessment_context, chosen


class LabelDecisionForm(forms.Form):
    framework = forms.CharField(max_length=80)
    axis = forms.CharField(max_length=80)
    label = forms.CharField(max_length=80)
    decision = forms.ChoiceField(choices=DecisionKind.choices)
    strength = forms.ChoiceField(choices=StrengthChoice.choices, required=False)
    reason = forms.CharField(max_length=2000, required=False)


def _visible(request: HttpRequest, slug: str) -> Partnership:
    partnership = partnership_detail(principal=principal_for(request.user), slug=slug)
    if partnership is None:
        raise Http404
    return partnership


def _assessable(request: HttpRequest, slug: str) -> Partnership:
    """The partnership, if the user may see it (else 404) and assess it (else 403)."""
    partnership = _visible(request, slug)
    if not request.user.has_perm("assessment.run_assessment", partnership):
        raise PermissionDenied
    return partnership


def _section(slug: str, anchor: str = "assessment") -> str:
    return reverse("partnership-detail", args=[slug]) + f"#{anchor}"


@require_GET
def assessment_page(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _visible(request, slug)
    context = assessment_context(request, partnership, live=True)
    overview = context["assessment"]
    parties = {party.organisation.slug: party.organisation for party in partnership.parties.all()}
    return render(
        request,
        "web/assessment/page.html",
        {
            **context,
            "partnership": partnership,
            "indicators": (
                overview.frameworks[0].assessment.indicators
                if overview and overview.frameworks
                else ()
            ),
            "indicator_names": NAMES,
            "party_names": {
                slug: organisation.acronym or organisation.name
                for slug, organisation in parties.items()
            },
        },
    )


@require_POST
def assessment_run_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _assessable(request, slug)
    readings, exclude = chosen(request.POST)
    try:
        outcomes = assessment_run(
            partnership=partnership,
            actor=request.user,
            readings=readings,
            exclude_illustrative=exclude,
        )
    except AssessmentError as error:
        messages.error(request, error.message.in_language(get_language()))
        return redirect(_section(slug))
    changes = sum(len(outcome.changes.changes) for outcome in outcomes if outcome.changes)
    messages.success(
        request,
        _("Assessment run: %(count)s change(s) since the previous run.") % {"count": changes},
    )
    return redirect(_section(slug))


@require_POST
def label_decide_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = _assessable(request, slug)
    form = LabelDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The decision could not be read: choose confirm or override."))
        return redirect(_section(slug))
    data = form.cleaned_data
    anchor = f"label-{data['framework']}-{data['axis']}-{data['label']}"
    try:
        label_decide(
            partnership=partnership,
            framework_id=data["framework"],
            axis_id=data["axis"],
            label_id=data["label"],
            decision=data["decision"],
            strength=data["strength"] or None,
            reason=data["reason"],
            actor=request.user,
        )
    except AssessmentError as error:
        messages.error(request, error.message.in_language(get_language()))
        return redirect(_section(slug, anchor))
    if data["decision"] == DecisionKind.CONFIRM:
        messages.success(request, _("Label confirmed."))
    else:
        messages.success(request, _("Label overridden."))
    return redirect(_section(slug, anchor))
