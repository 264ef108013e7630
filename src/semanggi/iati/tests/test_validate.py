"""Schema and codelist checks of IATI files, from the shipped copies only."""

from datetime import UTC, datetime
from typing import Any

from lxml import etree

from semanggi.iati.tests.samples import activity, activity_tree
from semanggi.iati.validate import iati_problems
from semanggi.iati.writer import activities_xml

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def problems_of(tree: Any) -> list[tuple[str, str]]:
    return [(p.where, p.message) for p in iati_problems(etree.tostring(tree), now=NOW)]


def test_a_missing_required_element_breaks_the_schema() -> None:
    tree = activity_tree()
    root: Any = tree.getroot()[0]
    root.remove(root.find("activity-status"))
    assert any(where == "schema" for where, _ in problems_of(tree))


def test_unknown_codes_are_reported_with_their_codelist() -> None:
    tree = activity_tree()
    root: Any = tree.getroot()[0]
    root.find("participating-org").set("role", "9")
    root.find("sector").set("code", "99999")
    root.find("transaction/transaction-type").set("code", "77")
    root.find("recipient-country").set("code", "XX")
    messages = [m for where, m in problems_of(tree) if where == "codelist"]
    assert any("OrganisationRole" in m for m in messages)
    assert any("Sector" in m for m in messages)
    assert any("TransactionType" in m for m in messages)
    assert any("Country" in m for m in messages)


def test_broken_xml_and_foreign_files_are_refused_without_a_crash() -> None:
    assert iati_problems(b"<iati-activities><oops")[0].where == "schema"
    assert "not an IATI file" in iati_problems(b"<html/>")[0].message
    # An entity is never expanded.
    bomb = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><iati-activities>&a;</iati-activities>'
    assert "DOCTYPE" in iati_problems(bomb)[0].message


def test_the_same_data_gives_the_same_bytes() -> None:
    assert activities_xml([activity()]) == activities_xml([activity()])
