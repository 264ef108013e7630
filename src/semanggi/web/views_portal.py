"""The public portal's parts that several pages share: the map with its table, and the
home page's totals, open needs and latest assessments."""

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from semanggi.access.selectors import principal_for
from semanggi.core.regions import is_valid_code
from semanggi.needs.models import RegionFigure
from semanggi.opendata.mapsvg import legend_swatch, map_svg, rate_classes
from semanggi.opendata.portal import (
    latest_assessments,
    map_data,
    open_needs,
    totals_by_sector,
    totals_by_year,
)
from semanggi.partnerships.models import Partnership
from semanggi.poac.figures import AreaFigures
from semanggi.regions.models import Region


def map_context(
    request: HttpRequest,
    area: Region | None,
    partnerships: QuerySet[Partnership] | None = None,
    figures: AreaFigures | None = None,
) -> dict[str, Any]:
    data = map_data(
        principal=principal_for(request.user),
        area=area,
        partnerships=partnerships,
        figures=figures,
    )
    title = (
        _("Partnerships and open needs in %(region)s") % {"region": area.name}
        if area
        else _("Partnerships and open needs in Indonesia")
    )
    return {
        "map": {
            "data": data,
            "title": title,
            # map_svg escapes every text it writes.
            "svg": mark_safe(map_svg(data, title=title)),
            "legend": [(c, mark_safe(legend_swatch(c.index))) for c in rate_classes()],
            "has_rates": bool(data.rates),
        }
    }


def home_area() -> Region | None:
    """The region a deployment serves (SEMANGGI_HOME_REGION), else the whole country."""
    code = settings.SEMANGGI_HOME_REGION
    return Region.objects.filter(code=code).first() if code else None


def portal_context(request: HttpRequest, country: AreaFigures) -> dict[str, Any]:
    """The portal's map of the deployment's region, and the totals of the whole country
    (``country``: the stored figures of what the reader sees in it)."""
    principal = principal_for(request.user)
    count, cost, needs = open_needs()
    area = home_area()
    return {
        **map_context(request, area, figures=country if area is None else None),
        "by_sector": totals_by_sector(principal=principal, figures=country),
        "by_year": totals_by_year(principal=principal, figures=country),
        "open_need_count": count,
        "open_need_cost": cost,
        "open_needs": needs,
        "assessments": latest_assessments(),
    }


def region_figures(region: Region) -> list[RegionFigure]:
    """The figures of a region, newest year first within each measure."""
    return list(RegionFigure.objects.filter(region=region).order_by("measure", "-year"))


@require_GET
def map_geojson(request: HttpRequest) -> JsonResponse:
    """The map's data layer as GeoJSON points (one per region of the level shown), for a
    deployment that draws it over its own base tiles."""
    code = request.GET.get("region", "")
    area = None
    if code:
        area = Region.objects.filter(code=code).first() if is_valid_code(code) else None
        if area is None:
            return JsonResponse({"detail": _("Unknown region.")}, status=404)
    data = map_data(principal=principal_for(request.user), area=area)
    features = [
        {
            "type": "Feature",
            "id": cluster.code,
            "geometry": {
                "type": "Point",
                "coordinates": [float(cluster.point.longitude), float(cluster.point.latitude)],
            },
            "properties": {
                "code": cluster.code,
                "name": cluster.name,
                "partnerships": cluster.partnerships,
                "open_needs": cluster.needs,
                "poverty_rate": (
                    float(data.rates[cluster.code[:5]]) if cluster.code[:5] in data.rates else None
                ),
            },
        }
        for cluster in data.clusters
        if cluster.point is not None
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})
