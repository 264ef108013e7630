"""From a need to a partnership: the one way the catalogue makes a partnership, whether from
a match (a coordinator pairs a need with an offer) or from an interest the need's publisher
takes up. Callers lock the need and check who acts; these functions check the states."""

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from semanggi.needs.models import Need, NeedStatus
from semanggi.needs.selectors import MATCHABLE
from semanggi.organisations.models import Organisation, Verification
from semanggi.partnerships.models import (
    Partnership,
    PartnershipPhase,
    PartnershipStatus,
    Party,
    PartyRole,
    PartyRoleKind,
)
from semanggi.poac.aggregates import region_aggregates_update
from semanggi.versions import version_save

T = TypeVar("T")


def by_actor(actor: Any, record: T) -> T:
    """``record`` with ``actor`` as the author of its history row. Outside a request (a
    command, a test) the history would not know who acted."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        record._history_user = actor  # type: ignore[attr-defined]
    return record


SLUG_LENGTH = 90  # Partnership.slug holds 100: room for a "-123" suffix.


def _unique_slug(title: str) -> str:
    base = slugify(title)[:SLUG_LENGTH].strip("-") or "kemitraan"
    taken = set(Partnership.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _party(actor: Any, partnership: Partnership, organisation_id: int, roles: list[str]) -> None:
    party = Party.objects.filter(partnership=partnership, organisation_id=organisation_id).first()
    if party is None:
        party = by_actor(actor, Party(partnership=partnership, organisation_id=organisation_id))
        party.save()
    existing = set(party.roles.values_list("role", flat=True))
    for role in roles:
        if role not in existing:
            by_actor(actor, PartyRole(party=party, role=role)).save()


def need_check_matchable(need: Need) -> None:
    """Refuse (ValidationError) a need that can no longer become a partnership."""
    if need.partnership_id is not None:
        raise ValidationError(_("This need already has a partnership."), code="has_partnership")
    if need.status not in MATCHABLE:
        raise ValidationError(
            _("Only an open need can become a partnership (this one is %(status)s)."),
            params={"status": need.get_status_display()},
            code="need_not_open",
        )


def partnership_create_for_need(*, need: Need, funder_id: int, actor: Any) -> Partnership:
    """The partnership of a need (locked and checked by the caller, inside its transaction)
    with the organisation ``funder_id`` funding it; see ``partnership_create_from_match``."""
    unverified = Organisation.objects.filter(pk__in=[need.publisher_id, funder_id]).exclude(
        verification=Verification.VERIFIED
    )
    if unverified.exists():
        raise ValidationError(
            _("This organisation is not verified yet: it cannot be party to a partnership."),
            code="not_verified",
        )
    partnership = by_actor(
        actor,
        Partnership(
            title=need.title,
            title_en=need.title_en,
            slug=_unique_slug(need.title),
            description=need.description,
            description_en=need.description_en,
            sector=need.sector,
            status=PartnershipStatus.PIPELINE,
            phase=PartnershipPhase.PLANNING,
            is_published=False,
        ),
    )
    partnership.save()
    partnership.locations.set(list(need.regions.values_list("code", flat=True)))
    _party(
        actor,
        partnership,
        need.publisher_id,
        [PartyRoleKind.ACCOUNTABLE, PartyRoleKind.BENEFICIARY_REPRESENTATIVE],
    )
    # When a unit offers to fund its own need, it is one party with all three roles.
    _party(actor, partnership, funder_id, [PartyRoleKind.FUNDING])
    need.status = NeedStatus.MATCHED
    need.partnership = partnership
    version_save(by_actor(actor, need), expected=None, update_fields=["status", "partnership"])
    region_aggregates_update(partnership_ids=[partnership.pk])
    return partnership
