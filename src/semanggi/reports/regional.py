"""The regional report: every partnership of a region and a year that the reader may see, for a
Forum CSR / TJSL annual meeting. Its queries are a fixed number whatever the region's size."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from semanggi.access.selectors import principal_for
from semanggi.needs.models import Need, NeedStatus
from semanggi.needs.selectors import need_visible_q
from semanggi.opendata.mapsvg import map_svg
from semanggi.opendata.portal import map_data
from semanggi.partnerships.models import Partnership, PartnershipPhase
from semanggi.partnerships.selectors import PartnershipFilters, partnership_list
from semanggi.poac.models import PartnershipSummary
from semanggi.regions.models import within_q
from semanggi.regions.selectors import region_get
from semanggi.reports.common import generated_line, localized, money, money_chart, sector_name, span
from semanggi.reports.document import (
    Bar,
    BarChart,
    Facts,
    Figure,
    Paragraph,
    Report,
    Section,
    Table,
)

ZERO = Decimal(0)
# A report lists partnerships one per row; past this it names how many it left out.
ROW_LIMIT = 500


# The map styles itself by class; a report (and WeasyPrint) needs those rules in the SVG.
MAP_STYLE = (
    "<style>.sea{fill:#eaf2f8}.outlines path{stroke:#6b6b6b}"
    ".m-cluster text{text-anchor:middle;font-weight:700;fill:#fff}"
    ".m-partnership{fill:#1b5e20;stroke:#fff}.m-need{fill:#283593;stroke:#fff}</style>"
)


def _styled(svg: str) -> str:
    head = svg.index(">") + 1
    return svg[:head] + MAP_STYLE + svg[head:]


def _active_in(year: int) -> Q:
    """Partnerships whose planned or actual period touches ``year``; undated ones count."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    starts = Q(actual_start__lte=last) | Q(actual_start__isnull=True, planned_start__lte=last)
    starts |= Q(actual_start__isnull=True, planned_start__isnull=True)
    ends = Q(actual_end__gte=first) | Q(actual_end__isnull=True, planned_end__gte=first)
    ends |= Q(actual_end__isnull=True, planned_end__isnull=True)
    return starts & ends


def regional_report(*, user: object, code: str, year: int | None) -> Report | None:
    """The report of one region (and, if given, one year), in the active language; None for an
    unknown region."""
    region = region_get(code)
    if region is None:
        return None
    principal = principal_for(user)
    partnerships = partnership_list(principal=principal, filters=PartnershipFilters(region=code))
    if year is not None:
        partnerships = partnerships.filter(_active_in(year))
    ids = partnerships.values("pk")
    plain = Partnership.objects.filter(pk__in=ids).order_by()
    phase_names = dict(PartnershipPhase.choices)
    by_phase = dict(plain.values_list("phase").annotate(n=Count("pk")).order_by())
    money_by_sector = {
        row["partnership__sector"]: row
        for row in PartnershipSummary.objects.filter(partnership__in=ids)
        .values("partnership__sector")
        .annotate(committed=Sum("committed"), disbursed=Sum("disbursed"), spent=Sum("spent"))
        .order_by()
    }
    by_sector = list(plain.values_list("sector").annotate(n=Count("pk")).order_by("-n", "sector"))
    totals = PartnershipSummary.objects.filter(partnership__in=ids).aggregate(
        committed=Sum("committed"), disbursed=Sum("disbursed"), spent=Sum("spent")
    )
    needs = Need.objects.filter(need_visible_q(principal)).filter(
        pk__in=Need.regions.through.objects.filter(within_q("region__code", [code])).values(
            "need_id"
        )
    )
    needs_by_status = dict(needs.values_list("status").annotate(n=Count("pk")).order_by())
    open_needs = list(needs.filter(status=NeedStatus.OPEN).order_by("-priority", "pk")[:ROW_LIMIT])
    rows = list(partnerships.select_related("summary")[: ROW_LIMIT + 1])
    total = sum(by_phase.values())

    listing = Table(
        caption=_("Partnerships"),
        headers=(_("Partnership"), _("Sector"), _("Phase"), _("Parties"), _("Period")),
        rows=tuple(
            (
                localized(p, "title"),
                f"{p.sector} · {sector_name(p.sector)}",
                str(p.get_phase_display()),
                ", ".join(party.organisation.name for party in p.parties.all()),
                span(p.actual_start or p.planned_start, p.actual_end or p.planned_end),
            )
            for p in rows[:ROW_LIMIT]
        ),
        empty=_("No partnership in this region and period."),
    )
    sectors = Table(
        caption=_("By sector"),
        headers=(_("Sector"), _("Partnerships"), _("Committed"), _("Disbursed"), _("Spent")),
        numeric=(1, 2, 3, 4),
        rows=tuple(
            (
                f"{sector} · {sector_name(sector)}",
                str(n),
                money(money_by_sector.get(sector, {}).get("committed") or ZERO),
                money(money_by_sector.get(sector, {}).get("disbursed") or ZERO),
                money(money_by_sector.get(sector, {}).get("spent") or ZERO),
            )
            for sector, n in by_sector
        ),
        empty=_("No partnership in this region and period."),
    )
    phases = BarChart(
        title=_("Partnerships by management phase"),
        bars=tuple(
            Bar(str(label), Decimal(by_phase.get(value, 0)), str(by_phase.get(value, 0)))
            for value, label in PartnershipPhase.choices
        ),
    )
    need_rows = Table(
        caption=_("Open needs"),
        headers=(_("Need"), _("Sector"), _("Estimated cost"), _("Beneficiaries")),
        numeric=(2, 3),
        rows=tuple(
            (
                localized(n, "title"),
                f"{n.sector} · {sector_name(n.sector)}",
                money(n.estimated_cost),
                str(n.beneficiaries),
            )
            for n in open_needs
        ),
        empty=_("No open need."),
    )
    status_names = dict(NeedStatus.choices)
    blocks_more = (
        (Paragraph(_("Only the first %(n)s partnerships are listed.") % {"n": ROW_LIMIT}),)
        if len(rows) > ROW_LIMIT
        else ()
    )
    title = _("Partnerships in %(region)s") % {"region": region.name}
    located = map_data(principal=principal, area=region, partnerships=partnerships)
    map_title = _("Partnerships and open needs in %(region)s") % {"region": region.name}
    where = Figure(
        title=map_title,
        # map_svg escapes every text it writes.
        svg=_styled(map_svg(located, title=map_title)),
        alternative="; ".join(
            _("%(place)s: %(p)s partnerships, %(n)s open needs")
            % {"place": c.name, "p": c.partnerships, "n": c.needs}
            for c in located.clusters
            if c.partnerships or c.needs
        )
        or _("No partnership in this region and period."),
    )
    return Report(
        slug=f"region-{code}-report",
        title=title,
        subtitle=_("Regional report") + (f" · {year}" if year else ""),
        language=get_language() or "id",
        meta=(
            (_("Region"), f"{region.name} ({region.code})"),
            (_("Year"), str(year) if year else _("all years")),
            (_("Partnerships"), str(total)),
        ),
        sections=(
            Section(
                heading=_("At a glance"),
                blocks=(
                    Facts(
                        tuple(
                            (str(phase_names[value]), str(by_phase.get(value, 0)))
                            for value, _label in PartnershipPhase.choices
                        )
                    ),
                    phases,
                ),
            ),
            Section(
                heading=_("Money"),
                blocks=(
                    money_chart(
                        totals["committed"] or ZERO,
                        totals["disbursed"] or ZERO,
                        totals["spent"] or ZERO,
                    ),
                    sectors,
                ),
            ),
            Section(heading=_("Partnerships"), blocks=(where, listing, *blocks_more)),
            Section(
                heading=_("Needs"),
                blocks=(
                    Facts(
                        tuple(
                            (str(status_names[value]), str(needs_by_status.get(value, 0)))
                            for value, _label in NeedStatus.choices
                            if value != NeedStatus.DRAFT or needs_by_status.get(value)
                        )
                    ),
                    need_rows,
                ),
            ),
        ),
        footer=generated_line()
        + " "
        + _("Figures are those the partners recorded; values marked illustrative are examples."),
    )
