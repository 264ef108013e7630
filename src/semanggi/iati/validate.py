"""Is an IATI file valid? Against the 2.03 XSD, every code against its codelist, and the
rulesets (``semanggi.iati.rules``). All from the shipped copies; no network, no entities."""

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from semanggi.iati.rules import SCHEMA_DIR, Failure, IdSets, ruleset_check

CODELIST_DIR = SCHEMA_DIR / "codelists"

# Codes of IATI codelists that are not among the shipped files, transcribed from the IATI
# Standard 2.03 (facts): they are few and have not changed since 2.01.
TRANSCRIBED: dict[str, frozenset[str]] = {
    "GeographicExactness": frozenset({"1", "2"}),  # exact, approximate
    "GeographicLocationClass": frozenset({"1", "2", "3", "4"}),
    "ConditionType": frozenset({"1", "2", "3"}),  # policy, performance, fiduciary
    "SectorVocabulary": frozenset(
        {"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "98", "99"}
    ),
}

# (XPath of the coded values, codelist). Sector codes are DAC 5-digit only under vocabulary 1.
CODED: tuple[tuple[str, str], ...] = (
    ("//iati-activity/activity-status/@code", "ActivityStatus"),
    ("//iati-activity/activity-date/@type", "ActivityDateType"),
    ("//participating-org/@role", "OrganisationRole"),
    (
        "//participating-org/@type | //reporting-org/@type | //provider-org/@type"
        " | //receiver-org/@type",
        "OrganisationType",
    ),
    ("//iati-activity/sector[not(@vocabulary) or @vocabulary='1']/@code", "Sector"),
    ("//sector/@vocabulary", "SectorVocabulary"),
    ("//transaction/transaction-type/@code", "TransactionType"),
    ("//@default-currency | //@currency", "Currency"),
    ("//recipient-country/@code", "Country"),
    ("//iati-activity/description/@type", "DescriptionType"),
    ("//budget/@type", "BudgetType"),
    ("//budget/@status | //total-budget/@status", "BudgetStatus"),
    ("//result/@type", "ResultType"),
    ("//indicator/@measure", "IndicatorMeasure"),
    ("//document-link/category/@code", "DocumentCategory"),
    ("//@xml:lang", "Language"),
    ("//location/exactness/@code", "GeographicExactness"),
    ("//location/location-class/@code", "GeographicLocationClass"),
    ("//conditions/condition/@type", "ConditionType"),
)

# document-link/@format is an IANA media type (IATI's FileFormat codelist mirrors them).
MEDIA_TYPE = re.compile(r"^[a-z]+/[a-z0-9.+-]+$")


@dataclass(frozen=True)
class Problem:
    where: str  # "schema", "codelist" or "ruleset"
    severity: str  # "error" or "warning"
    message: str
    line: int | None = None
    rule_id: str = ""


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@cache
def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / name), safe_parser()))


@cache
def codelist_codes(name: str, *, active_only: bool = True) -> frozenset[str]:
    if name in TRANSCRIBED:
        return TRANSCRIBED[name]
    tree = etree.parse(str(CODELIST_DIR / f"{name}.xml"), safe_parser())
    return frozenset(
        (item.findtext("code") or "").strip()
        for item in tree.iterfind("codelist-items/codelist-item")
        if not active_only or item.get("status", "active") == "active"
    )


@cache
def standard_id_sets(registry_org_ids: frozenset[str] = frozenset()) -> IdSets:
    """The identifier lists for the rulesets, from the shipped registration-agency codelist."""
    return IdSets(
        org_id_prefixes=codelist_codes("OrganisationRegistrationAgency"),
        registry_org_ids=registry_org_ids,
    )


def schema_problems(document: Any) -> list[Problem]:
    root = document.getroot() if hasattr(document, "getroot") else document
    name = {
        "iati-activities": "iati-activities-schema.xsd",
        "iati-organisations": "iati-organisations-schema.xsd",
    }.get(root.tag)
    if name is None:
        return [Problem("schema", "error", f"not an IATI file: root element <{root.tag}>")]
    schema = _schema(name)
    try:
        if schema.validate(document):
            return []
    except etree.XMLSchemaValidateError as error:
        return [Problem("schema", "error", f"the file cannot be validated: {error}")]
    return [
        Problem("schema", "error", error.message, line=error.line)
        for error in schema.error_log  # type: ignore[attr-defined]
    ]


def codelist_problems(document: Any) -> list[Problem]:
    problems: list[Problem] = []
    for expression, name in CODED:
        allowed = codelist_codes(name)
        for value in document.xpath(expression):
            if str(value) not in allowed:
                element = value.getparent()
                problems.append(
                    Problem(
                        "codelist",
                        "error",
                        f"{value!s} is not a code of {name} (<{element.tag}>)",
                        line=element.sourceline,
                    )
                )
    for value in document.xpath("//document-link/@format"):
        if not MEDIA_TYPE.match(str(value)):
            problems.append(Problem("codelist", "error", f"{value!s} is not a media type"))
    return problems


def ruleset_problems(
    document: Any, *, now: datetime | None = None, id_sets: IdSets | None = None
) -> list[Problem]:
    failures: list[Failure] = ruleset_check(
        document, id_sets=id_sets or standard_id_sets(), now=now
    )
    return [
        Problem("ruleset", f.severity, f"{f.rule_id} {f.message}", line=f.line, rule_id=f.rule_id)
        for f in failures
    ]


def parse(content: bytes) -> Any:
    """Parse an IATI file safely; raises ``etree.XMLSyntaxError`` on broken XML."""
    return etree.ElementTree(etree.fromstring(content, safe_parser()))


def iati_problems(
    content: bytes, *, now: datetime | None = None, id_sets: IdSets | None = None
) -> list[Problem]:
    """Everything wrong with an IATI file: schema, codelists and rulesets (errors and
    warnings). An empty list means the file is valid."""
    try:
        document = parse(content)
    except etree.XMLSyntaxError as error:
        return [Problem("schema", "error", f"not well-formed XML: {error}")]
    if document.docinfo.internalDTD is not None:
        # IATI files have no DTD; one here could only declare entities.
        return [Problem("schema", "error", "a DOCTYPE is not allowed in an IATI file")]
    problems = schema_problems(document)
    problems += codelist_problems(document)
    problems += ruleset_problems(document, now=now, id_sets=id_sets)
    return problems


def schema_path(name: str) -> Path:
    return SCHEMA_DIR / name
