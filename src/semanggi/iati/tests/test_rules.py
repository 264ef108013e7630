"""The ruleset checker: table-driven from rulesets/standard.json, and each kind of rule caught
on a deliberately broken file."""

import copy
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from lxml import etree

from semanggi.iati.rules import KINDS, ruleset_cases, ruleset_check, ruleset_load
from semanggi.iati.tests import samples
from semanggi.iati.tests.samples import activity_tree, organisation_tree
from semanggi.iati.validate import iati_problems, standard_id_sets
from semanggi.iati.writer import activities_xml

NOW = datetime(2026, 1, 1, tzinfo=UTC)
Tree = Any  # lxml trees, edited freely by the tests


def failures(tree: Tree) -> set[tuple[str, str]]:
    return {(f.kind, f.rule_id) for f in ruleset_check(tree, id_sets=standard_id_sets(), now=NOW)}


def test_the_ruleset_has_107_cases_of_15_kinds_and_every_kind_is_implemented() -> None:
    cases = ruleset_cases(ruleset_load())
    kinds = Counter(case.kind for case in cases)
    assert len(cases) == 107
    assert len(kinds) == 15
    assert set(kinds) <= set(KINDS)
    inner = {kind for case in cases if case.kind == "loop" for kind in case.case["do"]}
    assert inner <= set(KINDS)


def test_the_valid_samples_pass_every_case() -> None:
    assert failures(activity_tree()) == set()
    assert failures(organisation_tree()) == set()


def test_the_valid_samples_pass_schema_codelists_and_rulesets() -> None:
    assert iati_problems(activities_xml([samples.activity()]), now=NOW) == []


def activity(tree: Tree) -> Any:
    return tree.getroot()[0]


def set_text(path: str, text: str) -> Callable[[Tree], None]:
    def change(tree: Tree) -> None:
        activity(tree).find(path).text = text

    return change


def set_attr(path: str, name: str, value: str) -> Callable[[Tree], None]:
    def change(tree: Tree) -> None:
        for element in activity(tree).xpath(path):
            element.set(name, value)

    return change


def remove(path: str) -> Callable[[Tree], None]:
    def change(tree: Tree) -> None:
        for found in activity(tree).xpath(path):
            if getattr(found, "is_attribute", False):
                del found.getparent().attrib[found.attrname]
            else:
                found.getparent().remove(found)

    return change


def add(xml: str, after: str = "sector") -> Callable[[Tree], None]:
    def change(tree: Tree) -> None:
        anchor = activity(tree).xpath(after)[-1]
        anchor.addnext(etree.fromstring(xml))

    return change


def both(*changes: Callable[[Tree], None]) -> Callable[[Tree], None]:
    def change(tree: Tree) -> None:
        for step in changes:
            step(tree)

    return change


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

BROKEN: list[tuple[str, str, str, Callable[[Tree], None]]] = [
    # (kind, rule id, what is broken, change)
    ("unique", "1.1.3", "identifier = reporting org", set_text("iati-identifier", "ID-COA-9999")),
    (
        "startswith",
        "1.1.21",
        "identifier of another org",
        set_text("iati-identifier", "ID-COA-1-x"),
    ),
    ("startswith", "1.14.8", "unknown agency", set_attr("reporting-org", "ref", "QQ-ZZZ-1")),
    ("atleast_one", "6.11.1", "no start date", remove("activity-date[@type='1' or @type='2']")),
    ("atleast_one", "4.3.1", "empty title", remove("title/narrative")),
    ("one_or_all", "4.1.1", "no language", remove("@xml:lang")),
    (
        "one_or_all",
        "7.8.1",
        "no currency",
        both(remove("@default-currency"), remove("transaction/value/@currency")),
    ),
    ("one_or_all", "6.7.2", "no sector anywhere", remove("sector")),
    (
        "date_now",
        "11.1.1",
        "updated in the future",
        set_attr(".", "last-updated-datetime", "2099-01-01T00:00:00Z"),
    ),
    (
        "date_order",
        "11.1.2",
        "planned end before start",
        set_attr("activity-date[@type='3']", "iso-date", "2023-01-01"),
    ),
    (
        "date_order",
        "11.2.1",
        "transaction in the future",
        set_attr("transaction/transaction-date", "iso-date", "2099-01-01"),
    ),
    (
        "regex_matches",
        "1.3.13",
        "slash in identifier",
        set_text("iati-identifier", "ID-COA-9999-a/b"),
    ),
    (
        "no_spaces",
        "1.3.1",
        "space after identifier",
        set_text("iati-identifier", "ID-COA-9999-contoh "),
    ),
    (
        "strict_sum",
        "2.1.2",
        "DAC sectors not 100 %",
        both(
            set_attr("sector", "percentage", "50"),
            add('<sector vocabulary="1" code="12220" percentage="40"/>'),
        ),
    ),
    ("if_then", "2.1.4", "single sector at 50 %", set_attr("sector", "percentage", "50")),
    (
        "range",
        "12.3.1",
        "percentage over 100",
        both(
            set_attr("sector", "percentage", "150"),
            add('<sector vocabulary="1" code="12220" percentage="-50"/>'),
        ),
    ),
    (
        "no_more_than_one",
        "107.1.2",
        "two default aid types",
        both(add('<default-aid-type code="A01"/>'), add('<default-aid-type code="A02"/>')),
    ),
    # Inside a loop: two vocabulary-2 sectors, one without a percentage.
    (
        "loop",
        "2.1.1",
        "vocabulary-2 sector without percentage",
        both(
            add('<sector vocabulary="2" code="121" percentage="30"/>'),
            add('<sector vocabulary="2" code="122"/>'),
        ),
    ),
    (
        "time_limit",
        "7.5.3",
        "budget over a year",
        set_attr("budget[1]/period-end", "iso-date", "2025-06-30"),
    ),
]


@pytest.mark.parametrize(
    ("kind", "rule_id", "what", "change"), BROKEN, ids=[f"{b[0]}-{b[1]}" for b in BROKEN]
)
def test_each_kind_of_rule_is_caught_on_a_broken_file(
    kind: str, rule_id: str, what: str, change: Callable[[Tree], None]
) -> None:
    tree = activity_tree()
    change(tree)
    found = failures(tree)
    assert (kind, rule_id) in found, (what, found)


def test_between_dates_is_caught_in_an_organisation_file() -> None:
    tree = organisation_tree()
    budget = etree.fromstring(
        "<recipient-country-budget><recipient-country code='ID'/>"
        "<period-start iso-date='2024-01-01'/><period-end iso-date='2024-12-31'/>"
        "<value currency='IDR' value-date='2024-01-01'>5</value>"
        "<budget-line><value currency='IDR' value-date='2026-03-01'>5</value></budget-line>"
        "</recipient-country-budget>"
    )
    root: Any = tree.getroot()[0]
    root.find("total-budget").addnext(budget)
    assert ("between_dates", "11.3.1") in failures(tree)


def test_every_kind_in_the_ruleset_is_covered_by_a_broken_file() -> None:
    kinds = {case.kind for case in ruleset_cases(ruleset_load())}
    covered = {b[0] for b in BROKEN} | {"between_dates"}
    assert kinds == covered


def test_a_date_rule_without_its_dates_does_not_apply() -> None:
    tree = activity_tree()
    remove("activity-date[@type='3']")(tree)
    assert ("date_order", "11.1.2") not in failures(tree)


def test_a_registry_publisher_is_exempt_from_the_id_conditions() -> None:
    tree = activity_tree()
    set_attr("reporting-org", "ref", "QQ-ZZZ-1")(tree)
    set_text("iati-identifier", "QQ-ZZZ-1-contoh")(tree)
    known = standard_id_sets(frozenset({"QQ-ZZZ-1"}))
    found = {f.rule_id for f in ruleset_check(tree, id_sets=known, now=NOW)}
    assert "1.14.8" not in found


def test_a_ruleset_with_an_unknown_kind_is_refused() -> None:
    ruleset = {"/iati-activities/iati-activity": {"no_such_rule": {"cases": [{"paths": ["x"]}]}}}
    with pytest.raises(ValueError, match="no_such_rule"):
        ruleset_check(activity_tree(), ruleset=ruleset, now=NOW)


def test_the_checker_does_not_change_the_document() -> None:
    tree = activity_tree()
    before = etree.tostring(tree)
    ruleset_check(copy.deepcopy(tree), now=NOW)
    ruleset_check(tree, now=NOW)
    assert etree.tostring(tree) == before


def test_a_loop_substitutes_only_its_subs_keys() -> None:
    # The strict_sum inside the sector loop (2.1.2) substitutes its paths but not its
    # condition, so, as in the IATI Validator, its condition never holds: vocabulary-2
    # percentages that do not add up are not reported by that case.
    tree = activity_tree()
    add('<sector vocabulary="2" code="121" percentage="30"/>')(tree)
    add('<sector vocabulary="2" code="122" percentage="30"/>')(tree)
    assert ("loop", "2.1.2") not in failures(tree)
