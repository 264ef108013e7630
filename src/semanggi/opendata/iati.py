"""Published partnerships as IATI activities, organisations as IATI organisations.

Reads the records in a fixed number of queries whatever their number, turns them into the
plain data of ``semanggi.iati.model`` and lets ``semanggi.iati.writer`` write the XML. Only
published partnerships are read; informants, sources and study excerpts are never touched.

Choices (see ARCHITECTURE.md, "IATI"):
- The reporting organisation is the accountable party's organisation, or its nearest parent
  organisation with an IATI identifier (a dinas reports under its city's identifier).
- The activity identifier is ``<reporting organisation id>-<partnership slug>``.
- Dates are the partnership's own, or else derived from its work plan; actual dates and
  transactions after today are left out (IATI refuses them: they have not happened yet).
- Budgets are the budget lines, per calendar year: a line whose activity spans years is
  shared between them by days (IATI budget periods are at most a year).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from mimetypes import guess_type
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from semanggi.iati import model
from semanggi.iati.writer import activities_xml, organisations_xml
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import (
    IATI_ROLE,
    Agreement,
    AgreementKind,
    Partnership,
    Party,
    PartyRoleKind,
)
from semanggi.partnerships.selectors import region_paths
from semanggi.poac.models import Activity, Indicator, Transaction
from semanggi.regions.geo import point_for
from semanggi.regions.models import within_q

# DocumentCategory: A09 memorandum of understanding, A11 contract, A08 results and outputs
# (a BAST records what was handed over), A06 summary information about a contract.
DOCUMENT_CATEGORY = {
    AgreementKind.MOU: "A09",
    AgreementKind.PKS: "A11",
    AgreementKind.ADDENDUM: "A11",
    AgreementKind.BAST: "A08",
    AgreementKind.OTHER: "A06",
}
RESULT_TYPE = {"output": "1", "outcome": "2"}


@dataclass(frozen=True)
class Missing:
    """A published partnership that cannot be published to IATI yet, and why."""

    partnership: Partnership
    reasons: tuple[Promise, ...]


def public_url(path: str) -> str:
    return settings.SEMANGGI_PUBLIC_URL.rstrip("/") + path


def published_partnerships() -> QuerySet[Partnership]:
    """Published partnerships with everything an IATI activity shows, prefetched."""
    # A dinas reports under its city's identifier: up to three parents are read with it.
    parties = Party.objects.select_related("organisation__parent__parent__parent").prefetch_related(
        "roles"
    )
    return (
        Partnership.objects.filter(is_published=True)
        .order_by("slug")
        .prefetch_related(
            Prefetch("parties", queryset=parties),
            "locations",
            "objectives",
            "conditions",
            Prefetch("agreements", queryset=Agreement.objects.order_by("signed_on", "id")),
            Prefetch(
                "activities",
                queryset=Activity.objects.prefetch_related("budget_lines"),
            ),
            Prefetch(
                "transactions",
                queryset=Transaction.objects.select_related(
                    "provider__organisation", "receiver__organisation"
                ),
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.select_related("objective").prefetch_related("periods"),
            ),
        )
    )


def _text(record: Any, name: str) -> model.Text:
    return model.Text(getattr(record, name) or "", getattr(record, f"{name}_en", "") or "")


def _identified(organisation: Organisation) -> Organisation | None:
    """The organisation or its nearest parent (up to three levels, as read) with an IATI
    identifier."""
    current: Organisation | None = organisation
    for depth in range(4):
        if current is None or current.iati_identifier:
            return current
        current = current.parent if depth < 3 else None
    return None


def _org(organisation: Organisation) -> model.Org:
    return model.Org(
        name=model.Text(organisation.name),
        ref=organisation.iati_identifier,
        type=organisation.iati_type,
    )


def _roles(party: Party) -> list[str]:
    return sorted(
        IATI_ROLE[PartyRoleKind(r.role)] for r in party.roles.all() if r.role in IATI_ROLE
    )


def reporting_organisation(partnership: Partnership) -> Organisation | None:
    for party in partnership.parties.all():
        if any(r.role == PartyRoleKind.ACCOUNTABLE for r in party.roles.all()):
            return _identified(party.organisation)
    return None


def _dates(partnership: Partnership, today: date) -> dict[str, date | None]:
    activities = list(partnership.activities.all())
    planned_start = partnership.planned_start or min(
        (a.planned_start for a in activities), default=None
    )
    planned_end = partnership.planned_end or max((a.planned_end for a in activities), default=None)
    actual_start = partnership.actual_start or min(
        (a.actual_start for a in activities if a.actual_start), default=None
    )
    actual_end = partnership.actual_end
    finished = partnership.status in {"3", "4"}
    if actual_end is None and finished and activities and all(a.actual_end for a in activities):
        actual_end = max(a.actual_end for a in activities if a.actual_end)
    return {
        "planned_start": planned_start,
        "planned_end": planned_end,
        "actual_start": actual_start if actual_start and actual_start <= today else None,
        "actual_end": actual_end if actual_end and actual_end <= today else None,
    }


def iati_missing_reasons(partnership: Partnership, today: date) -> tuple[Promise, ...]:
    """What a published partnership lacks for a valid IATI activity (empty: nothing)."""
    reasons: list[Promise] = []
    if not any(
        any(r.role == PartyRoleKind.ACCOUNTABLE for r in party.roles.all())
        for party in partnership.parties.all()
    ):
        reasons.append(_("no accountable party (the reporting organisation)"))
    elif reporting_organisation(partnership) is None:
        reasons.append(
            _("the accountable party's organisation (or its parent) has no IATI identifier")
        )
    if not partnership.sector:
        reasons.append(_("no sector"))
    if not any(_roles(party) for party in partnership.parties.all()):
        reasons.append(
            _("no party with an IATI role (funding, accountable, extending, implementing)")
        )
    if not (partnership.description or partnership.description_en):
        reasons.append(_("no description"))
    dates = _dates(partnership, today)
    if dates["planned_start"] is None and dates["actual_start"] is None:
        reasons.append(_("no start date (on the partnership or in its work plan)"))
    return tuple(reasons)


def _budgets(activities: Sequence[Activity]) -> tuple[model.Budget, ...]:
    by_year: dict[int, Decimal] = defaultdict(Decimal)
    spans: dict[int, tuple[date, date]] = {}
    for activity in activities:
        total = sum((line.amount for line in activity.budget_lines.all()), Decimal(0))
        if not total:
            continue
        start, end = activity.planned_start, activity.planned_end
        days = (end - start).days + 1
        shared = Decimal(0)
        years = range(start.year, end.year + 1)
        for year in years:
            first, last = max(start, date(year, 1, 1)), min(end, date(year, 12, 31))
            if year == years[-1]:
                part = total - shared
            else:
                part = (total * ((last - first).days + 1) / days).quantize(Decimal("0.01"))
                shared += part
            by_year[year] += part
            low, high = spans.get(year, (first, last))
            spans[year] = (min(low, first), max(high, last))
    return tuple(
        model.Budget(spans[y][0], spans[y][1], by_year[y], spans[y][0]) for y in sorted(by_year)
    )


def _location(region: Any, path: list[Any]) -> model.Location:
    point = point_for(region.code)
    return model.Location(
        code=region.code,
        name=model.Text(region.name),
        description=model.Text(" · ".join(r.name for r in reversed(path))),
        latitude=point.latitude if point else None,
        longitude=point.longitude if point else None,
    )


def _results(partnership: Partnership, start_year: int) -> tuple[model.Result, ...]:
    groups: dict[tuple[int | None, str], list[Indicator]] = defaultdict(list)
    for indicator in partnership.indicators.all():
        groups[(indicator.objective_id, indicator.kind)].append(indicator)
    results = []
    for (_objective, kind), indicators in groups.items():
        objective = indicators[0].objective
        title = _text(objective, "text") if objective else _text(indicators[0], "name")
        results.append(
            model.Result(
                type=RESULT_TYPE[kind],
                title=title,
                indicators=tuple(
                    model.Indicator(
                        title=_text(indicator, "name"),
                        unit=indicator.unit,
                        baseline=indicator.baseline,
                        baseline_year=min(
                            (p.period_start.year for p in indicator.periods.all()),
                            default=start_year,
                        ),
                        periods=tuple(
                            model.Period(
                                start=p.period_start,
                                end=p.period_end,
                                target=p.target,
                                # Only an actual the accountable party approved is published.
                                actual=p.actual if p.approved_at and p.actual is not None else None,
                            )
                            for p in indicator.periods.all()
                        ),
                    )
                    for indicator in indicators
                ),
            )
        )
    return tuple(results)


def _documents(partnership: Partnership) -> tuple[model.Document, ...]:
    documents = [
        model.Document(
            url=public_url(reverse("partnership-detail", args=[partnership.slug])),
            format="text/html",
            title=model.Text(
                f"Halaman kemitraan: {partnership.title}",
                f"Partnership page: {partnership.title_en or partnership.title}",
            ),
            category="A12",
        )
    ]
    for agreement in partnership.agreements.all():
        if not agreement.document:
            continue
        media_type = guess_type(agreement.document.name)[0] or "application/octet-stream"
        documents.append(
            model.Document(
                url=public_url(reverse("agreement-document", args=[agreement.pk])),
                format=media_type,
                title=_text(agreement, "title"),
                category=DOCUMENT_CATEGORY[AgreementKind(agreement.kind)],
                on=agreement.signed_on,
            )
        )
    return tuple(documents)


def _transaction_org(party: Party | None) -> model.Org | None:
    return None if party is None else _org(party.organisation)


def iati_activity(
    partnership: Partnership, *, today: date, paths: dict[str, list[Any]]
) -> model.Activity:
    """The IATI activity of a published partnership whose ``iati_missing_reasons`` is empty."""
    reporter = reporting_organisation(partnership)
    assert reporter is not None
    dates = _dates(partnership, today)
    joint = [o for o in partnership.objectives.all() if o.party_id is None]
    start = dates["planned_start"] or dates["actual_start"]
    assert start is not None
    return model.Activity(
        identifier=f"{reporter.iati_identifier}-{partnership.slug}",
        reporting_org=_org(reporter),
        title=_text(partnership, "title"),
        description=_text(partnership, "description"),
        objectives=model.Text(
            "\n".join(o.text for o in joint), "\n".join(o.text_en for o in joint if o.text_en)
        ),
        participants=tuple(
            model.Participant(_org(party.organisation), role)
            for party in partnership.parties.all()
            for role in _roles(party)
        ),
        status=partnership.status,
        last_updated=partnership.updated_at.astimezone(UTC),
        locations=tuple(
            _location(region, paths[region.code]) for region in partnership.locations.all()
        ),
        sectors=((partnership.sector, Decimal(100)),),
        budgets=_budgets(list(partnership.activities.all())),
        transactions=tuple(
            model.Transaction(
                type=t.type,
                on=t.transacted_on,
                value=t.amount,
                description=model.Text(t.description),
                provider=_transaction_org(t.provider),
                receiver=_transaction_org(t.receiver),
            )
            for t in partnership.transactions.all()
            if t.transacted_on <= today
        ),
        documents=_documents(partnership),
        conditions=tuple(
            model.Condition(type=c.kind, text=_text(c, "text"))
            for c in partnership.conditions.all()
        ),
        results=_results(partnership, start.year),
        **dates,
    )


@dataclass(frozen=True)
class Publication:
    activities: list[model.Activity]
    missing: list[Missing]
    reporters: dict[str, Organisation]  # activity identifier → reporting organisation


def iati_publication(partnerships: Iterable[Partnership], *, today: date) -> Publication:
    rows = list(partnerships)
    paths = region_paths([r for p in rows for r in p.locations.all()])
    activities, missing, reporters = [], [], {}
    for partnership in rows:
        reasons = iati_missing_reasons(partnership, today)
        if reasons:
            missing.append(Missing(partnership, reasons))
            continue
        activity = iati_activity(partnership, today=today, paths=paths)
        activities.append(activity)
        reporter = reporting_organisation(partnership)
        assert reporter is not None
        reporters[activity.identifier] = reporter
    return Publication(activities, missing, reporters)


def partnerships_of_region(code: str) -> QuerySet[Partnership]:
    located = Partnership.locations.through.objects.filter(within_q("region__code", [code]))
    return published_partnerships().filter(pk__in=located.values("partnership_id"))


def partnerships_of_organisation(organisation: Organisation) -> QuerySet[Partnership]:
    """Published partnerships an organisation or one of its units is party to (the reporting
    organisation is decided per partnership afterwards)."""
    family = Q(parties__organisation=organisation) | Q(parties__organisation__parent=organisation)
    ids = Partnership.objects.filter(family).values("pk")
    return published_partnerships().filter(pk__in=ids)


def activities_file(
    partnerships: Iterable[Partnership], *, today: date
) -> tuple[bytes | None, list[Missing]]:
    """The activity file of the publishable ``partnerships`` (None when there is none: an
    IATI file holds at least one activity) and those left out, with why."""
    publication = iati_publication(partnerships, today=today)
    content = activities_xml(publication.activities) if publication.activities else None
    return content, publication.missing


def organisation_activities_file(
    organisation: Organisation, *, today: date
) -> tuple[bytes | None, list[Missing]]:
    publication = iati_publication(partnerships_of_organisation(organisation), today=today)
    mine = [
        a
        for a in publication.activities
        if publication.reporters[a.identifier].pk == organisation.pk
    ]
    return (activities_xml(mine) if mine else None), publication.missing


def iati_organisations(*, today: date) -> list[model.Organisation]:
    """Every organisation that reports a published partnership, with its yearly totals of
    budget lines in the partnerships it reports."""
    publication = iati_publication(published_partnerships(), today=today)
    budgets: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    updated: dict[str, datetime] = {}
    reporters: dict[str, Organisation] = {}
    for activity in publication.activities:
        reporter = publication.reporters[activity.identifier]
        key = reporter.iati_identifier
        reporters[key] = reporter
        updated[key] = max(updated.get(key, activity.last_updated), activity.last_updated)
        for budget in activity.budgets:
            budgets[key][budget.period_start.year] += budget.value
    return [
        model.Organisation(
            identifier=key,
            name=model.Text(reporters[key].name),
            type=reporters[key].iati_type,
            last_updated=updated[key],
            total_budgets=tuple(
                model.OrgBudget(date(year, 1, 1), date(year, 12, 31), value)
                for year, value in sorted(budgets[key].items())
            ),
            documents=(
                model.Document(
                    url=public_url(reverse("organisation-detail", args=[reporters[key].slug])),
                    format="text/html",
                    title=model.Text(reporters[key].name),
                    category="B16",
                ),
            ),
        )
        for key in sorted(reporters)
    ]


def organisations_file(*, today: date) -> bytes | None:
    organisations = iati_organisations(today=today)
    return organisations_xml(organisations) if organisations else None
