"""A signed-in person's own home page, and the help pages (one guide per role)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from semanggi.access.selectors import principal_for
from semanggi.core.access import Principal
from semanggi.needs.interests import interests_expressed, interests_waiting
from semanggi.needs.selectors import need_publisher_choices, offer_can_create
from semanggi.notifications.selectors import notifications_for
from semanggi.organisations.models import Organisation
from semanggi.organisations.selectors import organisations_awaiting, organisations_proposed_by
from semanggi.poac.home import home_get
from semanggi.web.help import ROLES, help_page

# The home page shows the first few of each list and links to the whole.
SHOWN = 5


@login_required
@require_GET
def my_home(request: HttpRequest) -> HttpResponse:
    principal = principal_for(request.user)
    return render(
        request,
        "web/my_home.html",
        {
            "home": home_get(principal=principal),
            "principal": principal,
            "may_create_need": principal.admin or need_publisher_choices(principal).exists(),
            "may_create_offer": offer_can_create(principal),
            "language": get_language(),
            **_onboarding(request, principal),
        },
    )


def _onboarding(request: HttpRequest, principal: Principal) -> dict[str, Any]:
    """What waits for the person in onboarding: registrations to verify, her own
    registrations, interests to answer and those of her organisations, unread
    notifications. The first few of each; a fixed number of queries."""
    awaiting = organisations_awaiting(principal=principal)
    return {
        "awaiting": list(awaiting[:SHOWN]),
        "awaiting_count": awaiting.count(),
        "member_of": list(
            Organisation.objects.filter(pk__in=principal.organisation_ids).order_by("name")[:SHOWN]
        ),
        "registrations": list(
            organisations_proposed_by(user=request.user).exclude(pk__in=principal.organisation_ids)[
                :SHOWN
            ]
        ),
        "interests_waiting": list(interests_waiting(principal=principal)[:SHOWN]),
        "interests_expressed": list(interests_expressed(principal=principal)[:SHOWN]),
        "notifications": list(notifications_for(user=request.user, unread=True)[:SHOWN]),
    }


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    return _help(request, "index")


@require_GET
def help_role(request: HttpRequest, role: str) -> HttpResponse:
    if role not in ROLES:
        raise Http404
    return _help(request, role)


def _help(request: HttpRequest, role: str) -> HttpResponse:
    body = help_page(role, get_language() or "id")
    if body is None:
        raise Http404
    labels = {
        "coordinator": _("Government coordinators"),
        "partner": _("Partners (companies and government units)"),
        "evaluator": _("Evaluators"),
        "public": _("Citizens and visitors"),
    }
    return render(
        request,
        "web/help.html",
        {"body": body, "role": role, "role_label": labels.get(role, ""), "roles": ROLES},
    )
