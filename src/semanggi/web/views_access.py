"""Pages of access requests: a study asks to cover a partnership (or to add a person to its
team), and the partnership's accountable side grants or refuses."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from semanggi.access.selectors import (
    access_requests_decidable_ids,
    access_requests_for,
    principal_for,
)
from semanggi.access.services import AccessRefused, access_request_decide


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("grant", "grant"), ("refuse", "refuse")])
    note = forms.CharField(max_length=2000, required=False)


@login_required
@require_GET
def access_request_index(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    rows = list(access_requests_for(principal)[:200])
    decidable_ids = access_requests_decidable_ids(principal)
    decidable = [row for row in rows if row.pk in decidable_ids]
    others = [row for row in rows if row.pk not in decidable_ids]
    return render(
        request,
        "web/access/request_list.html",
        {"decidable": decidable, "others": others},
    )


@login_required
@require_POST
def access_request_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    principal = principal_for(request.user)
    row = access_requests_for(principal).filter(pk=pk).first()
    if row is None:
        raise Http404
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to grant or to refuse."))
        return redirect("access-requests")
    grant = form.cleaned_data["decision"] == "grant"
    try:
        access_request_decide(
            access_request=row, actor=request.user, grant=grant, note=form.cleaned_data["note"]
        )
    except AccessRefused as refused:
        messages.error(request, refused.message.in_language(get_language()))
        return redirect("access-requests")
    messages.success(request, _("Access granted.") if grant else _("Access refused."))
    return redirect("access-requests")
