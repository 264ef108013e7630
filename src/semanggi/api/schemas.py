"""What the API returns and accepts. Field names follow the models; labels are in the
language of the request (Bahasa Indonesia unless the language cookie says English)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, get_args, get_origin

from django.urls import reverse
from django.utils.translation import get_language
from ninja import Field, Schema
from pydantic import model_validator

from semanggi.iati.codelists import codelist
from semanggi.organisations.models import Organisation, OrganisationKind
from semanggi.partnerships.models import (
    Agreement,
    Contribution,
    Objective,
    Partnership,
    PartnershipPhase,
    PartnershipStatus,
    Party,
)
from semanggi.regions.models import Region

REGION_CODE = r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$"


class ErrorOut(Schema):
    detail: str


def _kinds(annotation: Any) -> set[Any]:
    """The types ``annotation`` allows besides None (``date | None`` → {date}; an
    ``Annotated[int, …]`` such as ``Id`` is an int)."""
    found = set(get_args(annotation)) if get_origin(annotation) is not Annotated else set()
    found = found or {annotation}
    return {get_args(kind)[0] if get_origin(kind) is Annotated else kind for kind in found} - {
        type(None)
    }


class JsonIn(Schema):
    """A JSON request body, read as the document says: its booleans are JSON's true and
    false, its dates strings (pydantic would also read 0, 1, "yes" or "off" as a boolean, a
    number as a date of 1970, and a boolean as a number)."""

    @model_validator(mode="before")
    @classmethod
    def _strict_kinds(cls, data: Any) -> Any:
        # django-ninja hands its own validators a wrapper of the body (DjangoGetter).
        body = getattr(data, "_obj", data)
        if isinstance(body, dict):
            for name, field in cls.model_fields.items():
                value = body.get(name)
                if value is None:
                    continue
                kinds = _kinds(field.annotation)
                if kinds == {bool} and not isinstance(value, bool):
                    raise ValueError(f"{name}: true or false")
                if kinds <= {date, datetime} and kinds and not isinstance(value, str):
                    raise ValueError(f"{name}: a date, written YYYY-MM-DD")
                if kinds == {int} and isinstance(value, bool):
                    raise ValueError(f"{name}: a number")
        return data


class InvalidRequestOut(Schema):
    """What every 422 answer holds: a request that does not fit its schema (one entry per
    invalid part), or whose values a form refuses (messages per field, ``__all__`` for the
    whole form)."""

    detail: str
    errors: dict[str, list[str]] | list[dict[str, Any]] | None = Field(
        None,
        description="messages per field (__all__ for the form), or, when the request itself "
        "does not fit its schema, one entry per invalid part",
    )


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_name: str
    parent_code: str | None

    @staticmethod
    def resolve_level_name(region: Region) -> str:
        return str(region.get_level_display())

    @staticmethod
    def resolve_parent_code(region: Region) -> str | None:
        return region.parent_id


class RegionQuery(Schema):
    level: int | None = Field(None, ge=1, le=4, description="1 province … 4 village")
    parent: str | None = Field(None, pattern=REGION_CODE, description="parent region code")
    q: str | None = Field(
        None,
        max_length=100,
        description="part of the name (case, accents and hyphens do not matter)",
    )


class RegionSearchQuery(Schema):
    q: str = Field(..., min_length=1, max_length=100, description="name, part of it, or a code")
    level: int | None = Field(None, ge=1, le=4, description="1 province … 4 village")
    within: str | None = Field(None, pattern=REGION_CODE, description="only inside this region")


class RegionMatchOut(Schema):
    code: str
    name: str
    level: int
    level_name: str
    parents: list[str] = Field(description="names of the parent, then the grandparent")
    label: str = Field(description="name · parent · grandparent")


class SectorSearchQuery(Schema):
    q: str = Field(
        ..., min_length=1, max_length=100, description="a word of the name (id or en) or a code"
    )
    categories: bool = Field(False, description="include the 3-digit categories (offers)")


class SectorMatchOut(Schema):
    code: str
    name: str = Field(description="in the request's language")
    label: str = Field(description="what the picker shows: the name")
    category: str = Field(description="the 3-digit category ('' for a category itself)")
    category_name: str
    is_category: bool


class OrganisationRef(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    kind_label: str
    parent: OrganisationRef | None
    region_code: str | None
    iati_identifier: str
    is_pseudonymous: bool
    version: int

    @staticmethod
    def resolve_kind_label(organisation: Organisation) -> str:
        return str(organisation.get_kind_display())

    @staticmethod
    def resolve_region_code(organisation: Organisation) -> str | None:
        return organisation.region_id


class OrganisationQuery(Schema):
    q: str | None = Field(None, max_length=100)
    kind: OrganisationKind | None = None


class ContributionOut(Schema):
    kind: str
    kind_label: str
    description: str
    description_en: str
    planned_value: Decimal | None
    realised_value: Decimal | None
    values_illustrative: bool

    @staticmethod
    def resolve_kind_label(contribution: Contribution) -> str:
        return str(contribution.get_kind_display())


class ObjectiveOut(Schema):
    text: str
    text_en: str


class PartyOut(Schema):
    organisation: OrganisationRef
    roles: list[str]
    objectives: list[ObjectiveOut]
    contributions: list[ContributionOut]

    @staticmethod
    def resolve_roles(party: Party) -> list[str]:
        return [role.role for role in party.roles.all()]

    @staticmethod
    def resolve_objectives(party: Party) -> list[Objective]:
        return list(party.objectives.all())

    @staticmethod
    def resolve_contributions(party: Party) -> list[Contribution]:
        return list(party.contributions.all())


class PartySummaryOut(Schema):
    organisation: OrganisationRef


class AgreementOut(Schema):
    kind: str
    kind_label: str
    title: str
    title_en: str
    number: str
    signed_on: date | None
    parties: list[str] = Field(description="slugs of the signing organisations")
    document_url: str | None

    @staticmethod
    def resolve_kind_label(agreement: Agreement) -> str:
        return str(agreement.get_kind_display())

    @staticmethod
    def resolve_parties(agreement: Agreement) -> list[str]:
        return [party.organisation.slug for party in agreement.parties.all()]

    @staticmethod
    def resolve_document_url(agreement: Agreement) -> str | None:
        if not agreement.document:
            return None
        return reverse("agreement-document", args=[agreement.pk])


class PartnershipSummaryOut(Schema):
    slug: str
    title: str
    title_en: str
    sector: str
    sector_name: str
    status: str
    status_label: str
    phase: str
    phase_label: str
    is_published: bool
    location_codes: list[str]
    parties: list[PartySummaryOut]

    @staticmethod
    def resolve_sector_name(partnership: Partnership) -> str:
        item = codelist("Sector").get(partnership.sector)
        return item.name(get_language() or "id") if item else partnership.sector

    @staticmethod
    def resolve_status_label(partnership: Partnership) -> str:
        return str(partnership.get_status_display())

    @staticmethod
    def resolve_phase_label(partnership: Partnership) -> str:
        return str(partnership.get_phase_display())

    @staticmethod
    def resolve_location_codes(partnership: Partnership) -> list[str]:
        return [region.code for region in partnership.locations.all()]

    @staticmethod
    def resolve_parties(partnership: Partnership) -> list[Party]:
        return list(partnership.parties.all())


class PartnershipOut(PartnershipSummaryOut):
    programme: str
    description: str
    description_en: str
    planned_start: date | None
    planned_end: date | None
    actual_start: date | None
    actual_end: date | None
    joint_objectives: list[ObjectiveOut]
    parties: list[PartyOut]  # type: ignore[assignment]
    agreements: list[AgreementOut]
    version: int

    @staticmethod
    def resolve_joint_objectives(partnership: Partnership) -> list[Objective]:
        return [o for o in partnership.objectives.all() if o.party_id is None]

    @staticmethod
    def resolve_agreements(partnership: Partnership) -> list[Agreement]:
        return list(partnership.agreements.all())


class PartnershipQuery(Schema):
    region: str | None = Field(None, pattern=REGION_CODE, description="region code, e.g. 33.72")
    sector: str | None = Field(None, pattern=r"^\d{5}$", description="DAC 5-digit sector code")
    status: PartnershipStatus | None = Field(None, description="IATI ActivityStatus code")
    phase: PartnershipPhase | None = None
    q: str | None = Field(None, max_length=100, description="part of the title or programme")
