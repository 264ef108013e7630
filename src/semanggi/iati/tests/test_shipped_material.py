"""The IATI 2.03 material and the region geometry are in the repository, usable as shipped."""

import csv
import json
from pathlib import Path

import jsonschema
from lxml import etree

from semanggi.iati.codelists import CODELIST_DIR, safe_parser

PACKAGE = Path(__file__).resolve().parents[2]
IATI = PACKAGE / "iati" / "schemas" / "iati-2.03"
GEO = PACKAGE / "regions" / "data" / "geo"


def test_the_activity_schema_compiles_from_the_repository_copy() -> None:
    document = etree.parse(str(IATI / "iati-activities-schema.xsd"), safe_parser())
    schema = etree.XMLSchema(document)  # resolves iati-common.xsd and xml.xsd beside it
    empty = etree.fromstring(b'<iati-activities version="2.03"/>')
    assert not schema.validate(empty)  # generated-datetime and an activity are required


def test_the_codelists_pages_read_are_the_same_as_the_standard_copies() -> None:
    shipped = sorted(CODELIST_DIR.glob("*.xml"))
    assert len(shipped) >= 18
    for path in shipped:
        assert path.read_bytes() == (IATI / "codelists" / path.name).read_bytes(), path.name


def test_the_rulesets_follow_their_own_schema() -> None:
    rules = json.loads((IATI / "rulesets" / "standard.json").read_text())
    schema = json.loads((IATI / "rulesets" / "schema.json").read_text())
    jsonschema.validate(rules, schema)
    assert "MIT" in (IATI / "rulesets" / "LICENSE").read_text()


def test_the_region_geometry_is_shipped_with_its_notice() -> None:
    features = json.loads((GEO / "regencies.geojson").read_text())["features"]
    assert len(features) == 507
    assert all(f["geometry"]["type"] == "MultiPolygon" for f in features)
    with (GEO / "centroids.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["code"] for r in rows if r["code"].count(".") == 1} >= {
        f["properties"]["code"] for f in features
    } - {"92.01", "92.04", "92.05", "92.09", "92.10", "92.71"}
    assert "Creasi.co" in (GEO / "LICENSE-MIT.txt").read_text()
