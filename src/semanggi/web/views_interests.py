"""Pages of interests in published needs: a member of a verified organisation expresses
interest; the need's publisher takes it up (a partnership starts) or declines it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from semanggi.access.selectors import principal_for
from semanggi.core.access import Principal
from semanggi.needs.forms import InterestAnswerForm, InterestForm
from semanggi.needs.interests import (
    InterestRefused,
    interest_can_answer,
    interest_can_express,
    interest_decline,
    interest_express,
    interest_organisation_choices,
    interest_take_up,
)
from semanggi.needs.models import Interest, Need
from semanggi.needs.selectors import need_detail


def _need(request: HttpRequest, pk: int) -> tuple[Principal, Need]:
    principal = principal_for(request.user)
    need = need_detail(principal=principal, pk=pk)
    if need is None:
        raise Http404
    return principal, need


def _interests_of(need: Need) -> str:
    return reverse("need-detail", kwargs={"pk": need.pk}) + "#interests"


@login_required
@require_http_methods(["GET", "POST"])
def interest_express_page(request: HttpRequest, pk: int) -> HttpResponse:
    principal, need = _need(request, pk)
    if not interest_can_express(principal, need):
        raise PermissionDenied
    organisations = interest_organisation_choices(principal, need)
    form = InterestForm(
        request.POST if request.method == "POST" else None, organisations=organisations
    )
    if request.method == "POST" and form.is_valid():
        try:
            interest, created = interest_express(
                need=need,
                organisation=form.cleaned_data["organisation"],
                offer=form.cleaned_data["offer"],
                message=form.cleaned_data["message"],
                actor=request.user,
            )
        except InterestRefused as refused:
            messages.error(request, refused.message.in_language(get_language()))
        else:
            if created:
                messages.success(
                    request,
                    _("Your interest was sent. The need's publisher is told and will answer."),
                )
            else:
                messages.warning(
                    request,
                    _(
                        "%(organisation)s has already expressed interest in this need: here "
                        "it is. An organisation expresses interest once per need."
                    )
                    % {"organisation": interest.organisation.name},
                )
            return redirect(
                reverse("need-detail", kwargs={"pk": need.pk}) + f"#interest-{interest.pk}"
            )
    return render(
        request,
        "web/needs/interest_form.html",
        {"form": form, "need": need},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_POST
def interest_answer(request: HttpRequest, pk: int, interest_pk: int) -> HttpResponse:
    principal, need = _need(request, pk)
    interest = Interest.objects.filter(need=need, pk=interest_pk).first()
    if interest is None:
        raise Http404
    if not interest_can_answer(principal, need):
        raise PermissionDenied
    form = InterestAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to take the interest up or to decline it."))
        return redirect(_interests_of(need))
    note = form.cleaned_data["note"]
    try:
        if form.cleaned_data["answer"] == "take_up":
            partnership = interest_take_up(interest=interest, actor=request.user, note=note)
        else:
            interest_decline(interest=interest, actor=request.user, reason=note)
    except InterestRefused as refused:
        messages.error(request, refused.message.in_language(get_language()))
        return redirect(_interests_of(need))
    if form.cleaned_data["answer"] == "take_up":
        messages.success(
            request,
            _(
                "The partnership was created in planning, with %(organisation)s funding it. "
                "Record the parties' objectives next."
            )
            % {"organisation": interest.organisation.name},
        )
        return redirect("partnership-detail", slug=partnership.slug)
    messages.success(request, _("The interest was declined; the organisation is told."))
    return redirect(_interests_of(need))
