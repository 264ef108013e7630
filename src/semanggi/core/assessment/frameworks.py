"""Frameworks as versioned data files: typologies, their labels, and the rules that read them.

A framework file (``frameworks/<id>.json``) names its source, glosses the published
definitions of its labels, and states Semanggi's own rules turning indicator values into a
score per label. Every file says which parts are published and which are ours. The loader
checks a file completely and fails with the file and the field at fault; see
``docs/recipes/add-a-framework.md`` for the format.

A label lists the *elements* of its published definition, each with its citation and the
rule that evidences it; the label holds as far as its required elements hold together. A
label may also carry named *readings*: another author's operationalisation (e.g. a study's own
reading of a model), with their own elements, computed only when an evaluator chooses them
and shown beside the definition's result, never instead of it. A label written with a single
``rule`` is read as one element (the whole definition).

A rule is a tree. A leaf (a *term*) reads one indicator: its value for the partnership, the
value of its lowest or highest party, the spread between them, or one of its facets;
``"reading": "high"`` means a high value supports the element, ``"low"`` that a low value
does. A group combines its terms with ``mean`` (weighted mean), ``all`` (the weakest term:
every condition must hold) or ``any`` (the strongest term: one condition is enough). Within a
rule, terms without a value are left out and reported as missing evidence; an element with no
value at all is *not enough evidence*, which caps the label (``classify``).
"""

import json
from enum import StrEnum
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TypeVar

from semanggi.core.assessment.framework_model import (
    DEFAULT_LEVELS,
    Aggregate,
    Axis,
    Combine,
    Definition,
    Element,
    Framework,
    FrameworkError,
    Label,
    NamedReading,
    Origin,
    Reading,
    Rule,
    Strength,
    Term,
    Thresholds,
)
from semanggi.core.assessment.indicators import INDICATORS
from semanggi.core.text import Message

__all__ = [
    "DEFAULT_LEVELS",
    "Aggregate",
    "Axis",
    "Combine",
    "Definition",
    "Element",
    "Framework",
    "FrameworkError",
    "Label",
    "NamedReading",
    "Origin",
    "Reading",
    "Rule",
    "Strength",
    "Term",
    "Thresholds",
    "available_frameworks",
    "load_framework",
    "load_framework_file",
    "parse_framework",
]

PACKAGE = "semanggi.core.assessment"
FOLDER = "frameworks"
SUFFIX = ".json"

E = TypeVar("E", bound=StrEnum)


class _Reader:
    """Walks the parsed JSON with the path of each field, for precise errors."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, path: str, problem: str) -> FrameworkError:
        return FrameworkError(self.source, path, problem)

    def mapping(
        self, raw: object, path: str, required: set[str], optional: frozenset[str] = frozenset()
    ) -> dict[str, object]:
        if not isinstance(raw, dict):
            raise self.fail(path, "must be an object")
        missing = sorted(required - raw.keys())
        if missing:
            where = f"{path}.{missing[0]}" if path else missing[0]
            raise self.fail(where, "is required")
        unknown = sorted(raw.keys() - required - optional)
        if unknown:
            where = f"{path}.{unknown[0]}" if path else unknown[0]
            raise self.fail(where, "is not a known field")
        return {str(key): value for key, value in raw.items()}

    def string(self, raw: object, path: str) -> str:
        if not isinstance(raw, str) or not raw.strip():
            raise self.fail(path, "must be a non-empty string")
        return raw

    def number(self, raw: object, path: str, low: float, high: float) -> float:
        if isinstance(raw, bool) or not isinstance(raw, int | float):
            raise self.fail(path, "must be a number")
        if not low <= raw <= high:
            raise self.fail(path, f"must be between {low} and {high}")
        return float(raw)

    def text(self, raw: object, path: str) -> Message:
        data = self.mapping(raw, path, {"id", "en"})
        return Message(self.string(data["id"], f"{path}.id"), self.string(data["en"], f"{path}.en"))

    def choice(self, raw: object, path: str, enum: type[E]) -> E:
        allowed = [member.value for member in enum]
        if raw not in allowed:
            raise self.fail(path, f"must be one of {', '.join(allowed)}; got {raw!r}")
        return enum(raw)

    def items(self, raw: object, path: str) -> list[object]:
        if not isinstance(raw, list) or not raw:
            raise self.fail(path, "must be a non-empty list")
        return list(raw)


def _term(reader: _Reader, raw: object, path: str) -> Term:
    data = reader.mapping(
        raw, path, {"indicator", "reading"}, frozenset({"weight", "aggregate", "facet"})
    )
    code = reader.string(data["indicator"], f"{path}.indicator")
    spec = INDICATORS.get(code)
    if spec is None:
        raise reader.fail(f"{path}.indicator", f"unknown indicator {code!r}")
    aggregate = reader.choice(data.get("aggregate", "value"), f"{path}.aggregate", Aggregate)
    if aggregate is not Aggregate.VALUE and not spec.per_party:
        raise reader.fail(f"{path}.aggregate", f"{code} is not read per party")
    facet = None
    if "facet" in data:
        facet = reader.string(data["facet"], f"{path}.facet")
        if facet not in spec.facets:
            known = ", ".join(spec.facets) or "none"
            raise reader.fail(f"{path}.facet", f"{code} has no facet {facet!r} (known: {known})")
        if aggregate is not Aggregate.VALUE:
            raise reader.fail(f"{path}.facet", "a facet is read for the partnership, not a party")
    return Term(
        indicator=code,
        reading=reader.choice(data["reading"], f"{path}.reading", Reading),
        weight=reader.number(data.get("weight", 1.0), f"{path}.weight", 0.0, 100.0),
        aggregate=aggregate,
        facet=facet,
    )


def _rule(reader: _Reader, raw: object, path: str, extra: frozenset[str] = frozenset()) -> Rule:
    data = reader.mapping(raw, path, {"combine", "terms"}, frozenset({"weight"}) | extra)
    terms: list[Term | Rule] = []
    for index, item in enumerate(reader.items(data["terms"], f"{path}.terms")):
        where = f"{path}.terms[{index}]"
        if isinstance(item, dict) and "combine" in item:
            terms.append(_rule(reader, item, where))
        else:
            terms.append(_term(reader, item, where))
    return Rule(
        combine=reader.choice(data["combine"], f"{path}.combine", Combine),
        terms=tuple(terms),
        weight=reader.number(data.get("weight", 1.0), f"{path}.weight", 0.0, 100.0),
    )


def _element(reader: _Reader, raw: object, path: str) -> Element:
    data = reader.mapping(
        raw, path, {"id", "name", "source", "rule"}, frozenset({"required", "note"})
    )
    required = data.get("required", True)
    if not isinstance(required, bool):
        raise reader.fail(f"{path}.required", "must be true or false")
    return Element(
        id=reader.string(data["id"], f"{path}.id"),
        name=reader.text(data["name"], f"{path}.name"),
        source=reader.string(data["source"], f"{path}.source"),
        rule=_rule(reader, data["rule"], f"{path}.rule"),
        required=required,
        note=reader.text(data["note"], f"{path}.note") if "note" in data else None,
    )


def _elements(reader: _Reader, raw: object, path: str) -> tuple[Element, ...]:
    elements = tuple(
        _element(reader, item, f"{path}[{index}]")
        for index, item in enumerate(reader.items(raw, path))
    )
    ids = [element.id for element in elements]
    for index, element_id in enumerate(ids):
        if element_id in ids[:index]:
            raise reader.fail(f"{path}[{index}].id", f"duplicate element {element_id!r}")
    if not any(element.required for element in elements):
        raise reader.fail(path, "at least one element must be required")
    return elements


def _reading(reader: _Reader, raw: object, path: str) -> NamedReading:
    data = reader.mapping(raw, path, {"id", "name", "source", "elements"}, frozenset({"note"}))
    return NamedReading(
        id=reader.string(data["id"], f"{path}.id"),
        name=reader.text(data["name"], f"{path}.name"),
        source=reader.string(data["source"], f"{path}.source"),
        elements=_elements(reader, data["elements"], f"{path}.elements"),
        note=reader.text(data["note"], f"{path}.note") if "note" in data else None,
    )


def _label(reader: _Reader, raw: object, path: str) -> Label:
    data = reader.mapping(
        raw,
        path,
        {"id", "name", "definition", "indicators"},
        frozenset({"rule", "elements", "readings", "note"}),
    )
    if ("rule" in data) == ("elements" in data):
        raise reader.fail(path, "needs either elements or a rule (not both)")
    definition = reader.mapping(
        data["definition"], f"{path}.definition", {"origin", "id", "en", "source"}
    )
    source = reader.string(definition["source"], f"{path}.definition.source")
    name = reader.text(data["name"], f"{path}.name")
    if "rule" in data:
        rule_data = reader.mapping(
            data["rule"],
            f"{path}.rule",
            {"origin", "combine", "terms"},
            frozenset({"note", "weight"}),
        )
        rule = _rule(reader, rule_data, f"{path}.rule", frozenset({"origin", "note"}))
        rule_origin = reader.choice(rule_data["origin"], f"{path}.rule.origin", Origin)
        rule_note = (
            reader.text(rule_data["note"], f"{path}.rule.note") if "note" in rule_data else None
        )
        elements: tuple[Element, ...] = (
            Element(id="definition", name=name, source=source, rule=rule, note=rule_note),
        )
    else:
        elements = _elements(reader, data["elements"], f"{path}.elements")
        rule = Rule(combine=Combine.ALL, terms=tuple(element.rule for element in elements))
        rule_origin = Origin.OURS
        rule_note = reader.text(data["note"], f"{path}.note") if "note" in data else None
    readings: tuple[NamedReading, ...] = ()
    if "readings" in data:
        readings = tuple(
            _reading(reader, item, f"{path}.readings[{index}]")
            for index, item in enumerate(reader.items(data["readings"], f"{path}.readings"))
        )
    declared = tuple(
        reader.string(code, f"{path}.indicators[{index}]")
        for index, code in enumerate(reader.items(data["indicators"], f"{path}.indicators"))
    )
    if sorted(declared) != sorted(rule.indicators()):
        raise reader.fail(
            f"{path}.indicators",
            f"must list exactly the indicators the rule reads: {', '.join(rule.indicators())}",
        )
    return Label(
        id=reader.string(data["id"], f"{path}.id"),
        name=name,
        definition=Definition(
            origin=reader.choice(definition["origin"], f"{path}.definition.origin", Origin),
            text=Message(
                reader.string(definition["id"], f"{path}.definition.id"),
                reader.string(definition["en"], f"{path}.definition.en"),
            ),
            source=source,
        ),
        indicators=declared,
        rule=rule,
        rule_origin=rule_origin,
        rule_note=rule_note,
        elements=elements,
        readings=readings,
    )


def _axis(reader: _Reader, raw: object, path: str) -> Axis:
    data = reader.mapping(
        raw, path, {"id", "title", "origin", "labels"}, frozenset({"description"})
    )
    labels = tuple(
        _label(reader, item, f"{path}.labels[{index}]")
        for index, item in enumerate(reader.items(data["labels"], f"{path}.labels"))
    )
    ids = [label.id for label in labels]
    for index, label_id in enumerate(ids):
        if label_id in ids[:index]:
            raise reader.fail(f"{path}.labels[{index}].id", f"duplicate label {label_id!r}")
    return Axis(
        id=reader.string(data["id"], f"{path}.id"),
        title=reader.text(data["title"], f"{path}.title"),
        origin=reader.choice(data["origin"], f"{path}.origin", Origin),
        labels=labels,
        description=reader.text(data["description"], f"{path}.description")
        if "description" in data
        else None,
    )


def parse_framework(raw: object, source: str) -> Framework:
    """Check parsed JSON and build the Framework; ``source`` names the file in errors."""
    reader = _Reader(source)
    data = reader.mapping(
        raw,
        "",
        {"id", "version", "title", "citation", "parts", "thresholds", "axes"},
        frozenset({"levels", "comment"}),
    )
    parts = reader.mapping(data["parts"], "parts", {"published", "ours"})
    limits = reader.mapping(data["thresholds"], "thresholds", {"strong", "moderate", "weak"})
    thresholds = Thresholds(
        strong=reader.number(limits["strong"], "thresholds.strong", 0.0, 1.0),
        moderate=reader.number(limits["moderate"], "thresholds.moderate", 0.0, 1.0),
        weak=reader.number(limits["weak"], "thresholds.weak", 0.0, 1.0),
    )
    if not 0 < thresholds.weak < thresholds.moderate < thresholds.strong:
        raise reader.fail("thresholds", "must rise: 0 < weak < moderate < strong")
    levels = dict(DEFAULT_LEVELS)
    if "levels" in data:
        named = reader.mapping(data["levels"], "levels", set(), frozenset(Strength))
        for key, value in named.items():
            levels[Strength(key)] = reader.text(value, f"levels.{key}")
    axes = tuple(
        _axis(reader, item, f"axes[{index}]")
        for index, item in enumerate(reader.items(data["axes"], "axes"))
    )
    ids = [axis.id for axis in axes]
    for index, axis_id in enumerate(ids):
        if axis_id in ids[:index]:
            raise reader.fail(f"axes[{index}].id", f"duplicate axis {axis_id!r}")
    return Framework(
        id=reader.string(data["id"], "id"),
        version=reader.string(data["version"], "version"),
        title=reader.text(data["title"], "title"),
        citation=tuple(
            reader.string(item, f"citation[{index}]")
            for index, item in enumerate(reader.items(data["citation"], "citation"))
        ),
        published=reader.text(parts["published"], "parts.published"),
        ours=reader.text(parts["ours"], "parts.ours"),
        thresholds=thresholds,
        levels=tuple((strength, levels[strength]) for strength in Strength),
        axes=axes,
        source=source,
    )


def _parse_text(text: str, source: str, expected_id: str | None) -> Framework:
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise FrameworkError(
            source, "", f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from error
    framework = parse_framework(raw, source)
    if expected_id is not None and framework.id != expected_id:
        raise FrameworkError(source, "id", f"must match the file name ({expected_id!r})")
    return framework


def _folder() -> Traversable:
    return resources.files(PACKAGE).joinpath(FOLDER)


def available_frameworks() -> tuple[str, ...]:
    """The ids of the framework files shipped with Semanggi, sorted."""
    return tuple(
        sorted(
            item.name.removesuffix(SUFFIX)
            for item in _folder().iterdir()
            if item.is_file() and item.name.endswith(SUFFIX)
        )
    )


def load_framework(framework_id: str) -> Framework:
    """Load and check a shipped framework by id (its file name without ``.json``)."""
    if framework_id not in available_frameworks():
        known = ", ".join(available_frameworks())
        raise FrameworkError(f"{framework_id}{SUFFIX}", "", f"no such framework (known: {known})")
    name = f"{framework_id}{SUFFIX}"
    return _parse_text(_folder().joinpath(name).read_text(encoding="utf-8"), name, framework_id)


def load_framework_file(path: str | Path) -> Framework:
    """Load and check a framework file from anywhere (e.g. one being written)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as error:
        raise FrameworkError(file.name, "", f"cannot be read: {error.strerror}") from error
    return _parse_text(text, file.name, file.name.removesuffix(SUFFIX))
