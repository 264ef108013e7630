"""The IATI rulesets (``rulesets/standard.json``), applied as the IATI Validator applies them.

Table-driven: every rule case of the ruleset file is read and checked; nothing here lists
the rules themselves. The meaning of each kind follows ``rulesets/SPEC.rst``. Where that text
is silent, the IATI Validator's documented behaviour is followed: a date rule whose dates are
missing does not apply, an empty value passes a regular expression, ``loop`` repeats its
``do`` cases for each distinct value of ``foreach`` with ``$1`` replaced in the ``subs`` keys.
Conditions are XPath 1.0 expressions and are read with XPath's own truth rules (an empty
node-set is false).

``idCondition`` and the ``ORG-ID-PREFIX`` of ``startswith`` need two lists the Validator
downloads: the organisation identifiers of IATI Registry publishers and the registration
agency prefixes. Offline, the prefixes come from the shipped OrganisationRegistrationAgency
codelist and the publisher list is empty unless given, so those rules always apply (the
strictest reading).
"""

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "iati-2.03"
STANDARD_RULESET = SCHEMA_DIR / "rulesets" / "standard.json"

KINDS = (
    "no_more_than_one",
    "atleast_one",
    "only_one_of",
    "one_or_all",
    "dependent",
    "sum",
    "date_order",
    "date_now",
    "time_limit",
    "between_dates",
    "regex_matches",
    "regex_no_matches",
    "startswith",
    "unique",
    "if_then",
    "loop",
    "strict_sum",
    "no_spaces",
    "range",
)


@dataclass(frozen=True)
class IdSets:
    """The identifier lists some rules consult (see the module's docstring)."""

    org_id_prefixes: frozenset[str] = frozenset()
    registry_org_ids: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Failure:
    rule_id: str
    kind: str  # the kind of the ruleset entry ("loop" for a case inside a loop)
    check: str  # the kind evaluated (the inner kind for a loop)
    severity: str  # "error" or "warning"
    message: str
    context: str  # the context XPath of the ruleset
    line: int | None  # line of the context element in the file


@dataclass(frozen=True)
class RuleCase:
    context: str
    kind: str
    case: Mapping[str, Any]

    @property
    def info(self) -> Mapping[str, Any]:
        info: Mapping[str, Any] = self.case.get("ruleInfo", {})
        return info


@dataclass
class _Check:
    element: Any
    case: Mapping[str, Any]
    id_sets: IdSets
    now: datetime
    matches: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.matches = [
            m for path in self.case.get("paths", []) for m in _nodes(self.element, path)
        ]

    @property
    def texts(self) -> list[str]:
        return [_text(m) for m in self.matches]

    def date(self, key: str) -> datetime | None:
        expression = self.case.get(key)
        if expression is None:
            return None
        if expression == "NOW":
            return self.now
        found = _nodes(self.element, expression)
        return _parse_date(_text(found[0])) if found else None


def _select(element: Any, expression: str) -> Any:
    return element.xpath(expression)


def _nodes(element: Any, expression: str) -> list[Any]:
    result = _select(element, expression)
    return list(result) if isinstance(result, list) else []


def _truth(value: Any) -> bool:
    """XPath 1.0 boolean(): a node-set is true when not empty, a number when not 0 or NaN."""
    if isinstance(value, list):
        return len(value) > 0
    if isinstance(value, float):
        return value == value and value != 0
    return bool(value)


def _text(node: Any) -> str:
    if isinstance(node, etree._Element):
        return "".join(str(part) for part in node.itertext())
    return str(node)


def _parse_date(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime(day.year, day.month, day.day, tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


# Each kind: (check) -> True (passes), False (fails) or None (does not apply).
def _no_more_than_one(c: _Check) -> bool | None:
    return len(c.matches) <= 1


def _atleast_one(c: _Check) -> bool | None:
    return len(c.matches) >= 1


def _only_one_of(c: _Check) -> bool | None:
    for excluded in c.case.get("excluded", []):
        if _nodes(c.element, excluded):
            if c.matches:
                return False
        elif len(c.matches) != 1:
            return False
    return True


_ONE_OR_ALL: dict[str, tuple[str, str]] = {
    # ``all`` key: (the elements that must each have …, … this).
    "lang": ("descendant::narrative", "@xml:lang"),
    "sector": ("transaction", "sector"),
    "currency": ("descendant::value | descendant::forecast | descendant::loan-status", "@currency"),
    "recipient-country|recipient-region": ("transaction", "recipient-country|recipient-region"),
}


def _one_or_all(c: _Check) -> bool | None:
    if _nodes(c.element, c.case["one"]):
        return True
    each, must = _ONE_OR_ALL.get(c.case["all"], ("", ""))
    if not each:
        return True
    return all(_nodes(node, must) for node in _nodes(c.element, each))


def _dependent(c: _Check) -> bool | None:
    present = [bool(_nodes(c.element, path)) for path in c.case.get("paths", [])]
    return not any(present) or all(present)


def _strict_sum(c: _Check) -> bool | None:
    values = [_decimal(t) for t in c.texts]
    if any(v is None for v in values):
        return False
    total = sum((v for v in values if v is not None), Decimal(0))
    return total.quantize(Decimal("0.0001")) == Decimal(str(c.case["sum"]))


def _sum(c: _Check) -> bool | None:
    return True if not c.matches else _strict_sum(c)


def _date_order(c: _Check) -> bool | None:
    less, more = c.date("less"), c.date("more")
    if less is None or more is None:
        return None
    return less <= more


def _date_now(c: _Check) -> bool | None:
    moment = c.date("date")
    return None if moment is None else moment <= c.now


def _time_limit(c: _Check) -> bool | None:
    start, end = c.date("start"), c.date("end")
    if start is None or end is None:
        return None
    return (end - start).days <= 365


def _between_dates(c: _Check) -> bool | None:
    moment, start, end = c.date("date"), c.date("start"), c.date("end")
    if moment is None or start is None or end is None:
        return None
    return start <= moment <= end


def _regex(c: _Check, wanted: bool) -> bool | None:
    pattern = re.compile(c.case["regex"])
    return all(t == "" or (pattern.search(t) is not None) == wanted for t in c.texts)


def _regex_matches(c: _Check) -> bool | None:
    return _regex(c, True)


def _regex_no_matches(c: _Check) -> bool | None:
    return _regex(c, False)


def _startswith(c: _Check) -> bool | None:
    prefixes = c.case.get("prefix", [])
    if prefixes in ("ORG-ID-PREFIX", ["ORG-ID-PREFIX"]):
        # The registration agency is what comes before the second hyphen: ID-KHH-123 → ID-KHH.
        return all("-".join(t.split("-")[:2]) in c.id_sets.org_id_prefixes for t in c.texts)
    separator = c.case.get("separator", "")
    starts = [_text(m) + separator for path in prefixes for m in _nodes(c.element, path)]
    return all(any(t.startswith(s) for s in starts) for t in c.texts)


def _unique(c: _Check) -> bool | None:
    return len(set(c.texts)) == len(c.texts)


def _if_then(c: _Check) -> bool | None:
    if not _truth(_select(c.element, c.case["if"])):
        return True
    return _truth(_select(c.element, c.case["then"]))


def _range(c: _Check) -> bool | None:
    for t in c.texts:
        value = _decimal(t)
        if value is None:
            return False
        if "min" in c.case and value < Decimal(str(c.case["min"])):
            return False
        if "max" in c.case and value > Decimal(str(c.case["max"])):
            return False
    return True


def _no_spaces(c: _Check) -> bool | None:
    return all(t == t.strip() for t in c.texts)


_CHECKS: dict[str, Callable[[_Check], bool | None]] = {
    "no_more_than_one": _no_more_than_one,
    "atleast_one": _atleast_one,
    "only_one_of": _only_one_of,
    "one_or_all": _one_or_all,
    "dependent": _dependent,
    "sum": _sum,
    "strict_sum": _strict_sum,
    "date_order": _date_order,
    "date_now": _date_now,
    "time_limit": _time_limit,
    "between_dates": _between_dates,
    "regex_matches": _regex_matches,
    "regex_no_matches": _regex_no_matches,
    "startswith": _startswith,
    "unique": _unique,
    "if_then": _if_then,
    "range": _range,
    "no_spaces": _no_spaces,
}


@cache
def ruleset_load(path: Path = STANDARD_RULESET) -> Mapping[str, Any]:
    data: Mapping[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def ruleset_cases(ruleset: Mapping[str, Any]) -> list[RuleCase]:
    """Every rule case of the ruleset (a ``loop`` counts as one case), in file order."""
    return [
        RuleCase(context=context, kind=kind, case=case)
        for context, rules in ruleset.items()
        for kind, rule in rules.items()
        for case in rule["cases"]
    ]


def _id_condition_holds(c: _Check) -> bool:
    condition = c.case.get("idCondition")
    known = c.id_sets.registry_org_ids
    if condition == "NOT_EXISTING_ORG_ID":
        return all(t not in known for t in c.texts)
    if condition == "NOT_EXISTING_ORG_ID_PREFIX":
        return all(not any(t.startswith(f"{org}-") for org in known) for t in c.texts)
    return True


def _apply(
    kind: str, case: Mapping[str, Any], element: Any, id_sets: IdSets, now: datetime
) -> bool | None:
    if kind not in _CHECKS:
        raise ValueError(f"unknown rule kind {kind!r}")
    if "condition" in case and not _truth(_select(element, case["condition"])):
        return None
    check = _Check(element=element, case=case, id_sets=id_sets, now=now)
    if not _id_condition_holds(check):
        return None
    return _CHECKS[kind](check)


def _substitute(value: Any, group: str) -> Any:
    if isinstance(value, str):
        return value.replace("$1", group)
    if isinstance(value, list):
        return [_substitute(v, group) for v in value]
    return value


def _loop_cases(case: Mapping[str, Any], element: Any) -> Iterable[tuple[str, Mapping[str, Any]]]:
    groups = list(dict.fromkeys(_text(n) for n in _nodes(element, case["foreach"])))
    for kind, rule in case["do"].items():
        for inner in rule["cases"]:
            for group in groups:
                yield (
                    kind,
                    {
                        k: _substitute(v, group) if k in case.get("subs", []) else v
                        for k, v in inner.items()
                    },
                )


def ruleset_check(
    document: Any,
    *,
    ruleset: Mapping[str, Any] | None = None,
    id_sets: IdSets | None = None,
    now: datetime | None = None,
) -> list[Failure]:
    """Every failed rule case of ``ruleset`` (the standard one by default) in ``document``
    (a parsed lxml tree or element). ``now`` is for the rules that compare with today."""
    rules = ruleset_load() if ruleset is None else ruleset
    ids = id_sets or IdSets()
    moment = now or datetime.now(UTC)
    failures: list[Failure] = []
    for rule_case in ruleset_cases(rules):
        for element in _nodes(document, rule_case.context):
            if rule_case.kind == "loop":
                expanded = list(_loop_cases(rule_case.case, element))
            else:
                expanded = [(rule_case.kind, rule_case.case)]
            for kind, case in expanded:
                if _apply(kind, case, element, ids, moment) is False:
                    info = case.get("ruleInfo", {})
                    failures.append(
                        Failure(
                            rule_id=str(info.get("id", "")),
                            kind=rule_case.kind,
                            check=kind,
                            severity=str(info.get("severity", "error")),
                            message=str(info.get("message", "")),
                            context=rule_case.context,
                            line=getattr(element, "sourceline", None),
                        )
                    )
    return failures
