"""Pages of onboarding: a person registers the organisation she acts for; a coordinator of
its region (or an administrator) verifies or refuses it; everyone reads her notifications.
Each view parses and authorises, calls a selector or a service, and renders."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from semanggi.access.selectors import principal_for
from semanggi.bounds import MAX_ID
from semanggi.notifications.selectors import notifications_for
from semanggi.notifications.services import notifications_mark_read
from semanggi.organisations.forms import OrganisationProposalForm
from semanggi.organisations.models import Organisation
from semanggi.organisations.selectors import (
    PENDING_PER_PERSON,
    organisation_detail,
    organisation_pending_count,
)
from semanggi.organisations.services import (
    OnboardingRefused,
    organisation_propose,
    organisation_refuse,
    organisation_verify,
)

PAGE_SIZE = 25


class VerificationForm(forms.Form):
    decision = forms.ChoiceField(choices=[("verify", "verify"), ("refuse", "refuse")])
    reason = forms.CharField(max_length=2000, required=False)


class MarkReadForm(forms.Form):
    notification = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_propose_page(request: HttpRequest) -> HttpResponse:
    """Register the organisation one acts for; it waits for verification."""
    waiting = organisation_pending_count(user=request.user)
    form = OrganisationProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_propose(form=form, actor=request.user)
        except OnboardingRefused as refused:
            messages.error(request, refused.message.in_language(get_language()))
        else:
            messages.success(
                request,
                _(
                    "The organisation is registered and waits for verification by a "
                    "coordinator of its region or an administrator. You will be told of "
                    "the decision."
                ),
            )
            return redirect("organisation-detail", slug=organisation.slug)
    return render(
        request,
        "web/onboarding/organisation_form.html",
        {"form": form, "waiting": waiting, "limit": PENDING_PER_PERSON},
        status=400 if form.is_bound else 200,
    )


def _next_or(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (``next``, on this site only), else ``default``."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _back(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return _next_or(request, reverse("organisation-detail", kwargs={"slug": organisation.slug}))


@login_required
@require_POST
def organisation_decide(request: HttpRequest, slug: str) -> HttpResponse:
    """Verify or refuse a registered organisation (its region's coordinators, administrators;
    never the person who registered it)."""
    principal = principal_for(request.user)
    organisation = organisation_detail(principal=principal, slug=slug)
    if organisation is None:
        raise Http404
    form = VerificationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to verify or to refuse."))
        return _back(request, organisation)
    try:
        if form.cleaned_data["decision"] == "verify":
            organisation_verify(organisation=organisation, actor=request.user)
            messages.success(
                request,
                _("%(name)s is verified; the person who registered it is now its member.")
                % {"name": organisation.name},
            )
        else:
            organisation_refuse(
                organisation=organisation,
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("The registration of %(name)s is refused; the person who registered it is told.")
                % {"name": organisation.name},
            )
    except OnboardingRefused as refused:
        messages.error(request, refused.message.in_language(get_language()))
    return _back(request, organisation)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    rows = notifications_for(user=request.user, unread=unread_only)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/notifications/list.html",
        {"page": page, "unread_only": unread_only, "language": get_language()},
    )


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark one notification read (``notification``), or all of them."""
    form = MarkReadForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This notification is not known."))
        return redirect("notification-list")
    one = form.cleaned_data["notification"]
    changed = notifications_mark_read(user=request.user, ids=[one] if one else None)
    if one:
        messages.success(request, _("Marked as read."))
    else:
        messages.success(
            request,
            _("%(count)s notifications marked as read.") % {"count": changed},
        )
    return _next_or(request, reverse("notification-list"))
