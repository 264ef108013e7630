"""Region geometry for maps: regency outlines and points from ``data/geo`` (MIT, see its
README). Read once per process, simplified and projected once, then kept."""

import csv
import itertools
import json
import math
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parent / "data" / "geo"

# The geometry file still carries Papua Barat Daya's regencies under their former codes.
RENAMED = {
    "92.01": "96.01",
    "92.04": "96.02",
    "92.05": "96.03",
    "92.09": "96.04",
    "92.10": "96.05",
    "92.71": "96.71",
}

# Indonesia's extent with a margin, in degrees: west, south, east, north.
BOUNDS = (94.5, -11.5, 141.5, 6.5)


@dataclass(frozen=True)
class Point:
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class Outline:
    code: str  # regency/city code
    name: str
    path: str  # SVG path data in the map's coordinates
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


@cache
def centroids() -> dict[str, Point]:
    """Point of each province and regency/city, by code."""
    with (GEO_DIR / "centroids.csv").open(encoding="utf-8", newline="") as file:
        return {
            RENAMED.get(row["code"], row["code"]): Point(
                Decimal(row["latitude"]).quantize(Decimal("0.0001")),
                Decimal(row["longitude"]).quantize(Decimal("0.0001")),
            )
            for row in csv.DictReader(file)
            if row["latitude"] and row["longitude"]  # a few regions have no point
        }


def point_for(code: str) -> Point | None:
    """The best point for a region: its own, else its regency's, else its province's."""
    points = centroids()
    parts = code.split(".")
    for size in range(min(len(parts), 2), 0, -1):
        point = points.get(".".join(parts[:size]))
        if point is not None:
            return point
    return None


# The map's projection: equirectangular with longitude scaled by cos(latitude ~0) = 1, which
# at Indonesia's latitudes (11°S to 6°N) distorts by less than 2 %.
SCALE = 20.0  # SVG units per degree


def project(longitude: float, latitude: float) -> tuple[float, float]:
    west, _, _, north = BOUNDS
    return (longitude - west) * SCALE, (north - latitude) * SCALE


def viewbox() -> tuple[float, float]:
    west, south, east, north = BOUNDS
    return (east - west) * SCALE, (north - south) * SCALE


def _simplify(ring: list[list[float]], tolerance: float) -> list[tuple[float, float]]:
    """Drop points closer than ``tolerance`` (map units) to the last kept one."""
    kept: list[tuple[float, float]] = []
    for longitude, latitude in ring:
        x, y = project(longitude, latitude)
        if kept and math.hypot(x - kept[-1][0], y - kept[-1][1]) < tolerance:
            continue
        kept.append((x, y))
    return kept


def _path(ring: list[tuple[float, float]], digits: int) -> str:
    """A closed SVG path in relative steps between rounded points (half the size of
    absolute coordinates); consecutive equal points are dropped."""
    factor = 10**digits
    points = [(round(x * factor), round(y * factor)) for x, y in ring]
    steps = [points[0]] + [
        (x - px, y - py) for (px, py), (x, y) in itertools.pairwise(points) if (x, y) != (px, py)
    ]

    def number(value: int) -> str:
        text = str(value) if digits == 0 else f"{value / factor:.{digits}f}".rstrip("0").rstrip(".")
        return text or "0"

    head, *rest = steps
    return (
        f"M{number(head[0])} {number(head[1])}l"
        + " ".join(f"{number(dx)} {number(dy)}" for dx, dy in rest)
        + "z"
    )


@cache
def outlines(tolerance: float = 1.5) -> tuple[Outline, ...]:
    """Every regency/city outline as SVG path data, largest first (so enclosed cities are
    drawn on top), simplified for a country-wide map."""
    data = json.loads((GEO_DIR / "regencies.geojson").read_text(encoding="utf-8"))
    result = []
    for feature in data["features"]:
        parts = []
        xs: list[float] = []
        ys: list[float] = []
        for polygon in feature["geometry"]["coordinates"]:
            ring = _simplify(polygon[0], tolerance)
            if len(ring) < 3:
                continue
            xs += [x for x, _ in ring]
            ys += [y for _, y in ring]
            parts.append(_path(ring, 0 if tolerance >= 1 else 1))
        if parts:
            code = feature["properties"]["code"]
            result.append(
                Outline(
                    code=RENAMED.get(code, code),
                    name=feature["properties"]["name"],
                    path="".join(parts),
                    box=(min(xs), min(ys), max(xs), max(ys)),
                )
            )
    return tuple(result)
