"""IATI 2.03 activity and organisation files from ``semanggi.iati.model`` data.

Plain functions over data: the same data gives the same bytes (no clock is read; the file's
generated-datetime is the latest last-updated-datetime of what it holds).
"""

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from lxml import etree

from semanggi.core.text import xml_safe
from semanggi.iati import model

VERSION = "2.03"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DEFAULT_LANGUAGE = "id"


def _iso(day: date) -> str:
    return day.isoformat()


def _datetime(moment: datetime) -> str:
    # Seconds are enough, and microseconds would make the bytes depend on clock precision.
    return moment.replace(microsecond=0).isoformat()


def _amount(value: Decimal) -> str:
    """An amount as IATI writes it: no exponent, no trailing zeros after the point."""
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _narratives(parent: etree._Element, text: model.Text) -> None:
    if text.id.strip():
        etree.SubElement(parent, "narrative").text = xml_safe(text.id.strip())
    if text.en.strip():
        etree.SubElement(parent, "narrative", {XML_LANG: "en"}).text = xml_safe(text.en.strip())


def _text_element(parent: etree._Element, tag: str, text: model.Text, **attrs: str) -> None:
    element = etree.SubElement(parent, tag, attrs)
    _narratives(element, text)


def _org(parent: etree._Element, tag: str, org: model.Org, **attrs: str) -> None:
    values = dict(attrs)
    if org.ref:
        values["ref"] = org.ref
    if org.type:
        values["type"] = org.type
    element = etree.SubElement(parent, tag, values)
    _narratives(element, org.name)


def _value(parent: etree._Element, tag: str, value: Decimal, on: date, currency: str) -> None:
    element = etree.SubElement(parent, tag, {"currency": currency, "value-date": _iso(on)})
    element.text = _amount(value)


def _period(parent: etree._Element, start: date, end: date) -> None:
    etree.SubElement(parent, "period-start", {"iso-date": _iso(start)})
    etree.SubElement(parent, "period-end", {"iso-date": _iso(end)})


def _document(parent: etree._Element, document: model.Document) -> None:
    element = etree.SubElement(
        parent, "document-link", {"format": document.format, "url": document.url}
    )
    _text_element(element, "title", document.title)
    etree.SubElement(element, "category", {"code": document.category})
    if document.on is not None:
        etree.SubElement(element, "document-date", {"iso-date": _iso(document.on)})


def _location(parent: etree._Element, location: model.Location) -> None:
    element = etree.SubElement(parent, "location", {"ref": location.code})
    _text_element(element, "name", location.name)
    if location.description:
        _text_element(element, "description", location.description)
    if location.latitude is not None and location.longitude is not None:
        point = etree.SubElement(
            element, "point", {"srsName": "http://www.opengis.net/def/crs/EPSG/0/4326"}
        )
        etree.SubElement(point, "pos").text = f"{location.latitude} {location.longitude}"
        etree.SubElement(element, "exactness", {"code": location.exactness})
    # GeographicLocationClass 1: an administrative region.
    etree.SubElement(element, "location-class", {"code": "1"})


def _result(parent: etree._Element, result: model.Result) -> None:
    element = etree.SubElement(parent, "result", {"type": result.type})
    _text_element(element, "title", result.title)
    for indicator in result.indicators:
        node = etree.SubElement(element, "indicator", {"measure": "1", "ascending": "1"})
        _text_element(node, "title", indicator.title)
        etree.SubElement(
            node,
            "baseline",
            {"year": str(indicator.baseline_year), "value": _amount(indicator.baseline)},
        )
        for period in indicator.periods:
            period_node = etree.SubElement(node, "period")
            _period(period_node, period.start, period.end)
            target = etree.SubElement(period_node, "target", {"value": _amount(period.target)})
            _text_element(target, "comment", model.Text(indicator.unit))
            if period.actual is not None:
                actual = etree.SubElement(period_node, "actual", {"value": _amount(period.actual)})
                _text_element(actual, "comment", model.Text(indicator.unit))


def _dates(parent: etree._Element, activity: model.Activity) -> None:
    # ActivityDateType 1 planned start, 2 actual start, 3 planned end, 4 actual end.
    for code, day in (
        ("1", activity.planned_start),
        ("2", activity.actual_start),
        ("3", activity.planned_end),
        ("4", activity.actual_end),
    ):
        if day is not None:
            etree.SubElement(parent, "activity-date", {"type": code, "iso-date": _iso(day)})


def activity_element(activity: model.Activity) -> etree._Element:
    root = etree.Element(
        "iati-activity",
        {
            "last-updated-datetime": _datetime(activity.last_updated),
            XML_LANG: DEFAULT_LANGUAGE,
            "default-currency": activity.currency,
        },
    )
    etree.SubElement(root, "iati-identifier").text = activity.identifier
    _org(root, "reporting-org", activity.reporting_org)
    _text_element(root, "title", activity.title)
    # DescriptionType 1 general, 2 objectives.
    _text_element(root, "description", activity.description, type="1")
    if activity.objectives:
        _text_element(root, "description", activity.objectives, type="2")
    for participant in activity.participants:
        _org(root, "participating-org", participant.org, role=participant.role)
    etree.SubElement(root, "activity-status", {"code": activity.status})
    _dates(root, activity)
    etree.SubElement(root, "recipient-country", {"code": activity.recipient_country})
    for location in activity.locations:
        _location(root, location)
    for code, percentage in activity.sectors:
        etree.SubElement(
            root, "sector", {"vocabulary": "1", "code": code, "percentage": _amount(percentage)}
        )
    for budget in activity.budgets:
        # BudgetType 1 original; BudgetStatus 1 indicative (a plan, not a commitment).
        node = etree.SubElement(root, "budget", {"type": "1", "status": "1"})
        _period(node, budget.period_start, budget.period_end)
        _value(node, "value", budget.value, budget.value_date, activity.currency)
    for transaction in activity.transactions:
        node = etree.SubElement(root, "transaction")
        etree.SubElement(node, "transaction-type", {"code": transaction.type})
        etree.SubElement(node, "transaction-date", {"iso-date": _iso(transaction.on)})
        _value(node, "value", transaction.value, transaction.on, activity.currency)
        if transaction.description:
            _text_element(node, "description", transaction.description)
        if transaction.provider is not None:
            _org(node, "provider-org", transaction.provider)
        if transaction.receiver is not None:
            _org(node, "receiver-org", transaction.receiver)
    for document in activity.documents:
        _document(root, document)
    if activity.conditions:
        conditions = etree.SubElement(root, "conditions", {"attached": "1"})
        for condition in activity.conditions:
            _text_element(conditions, "condition", condition.text, type=condition.type)
    for result in activity.results:
        _result(root, result)
    return root


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def activities_xml(activities: Sequence[model.Activity]) -> bytes:
    """An ``iati-activities`` file holding ``activities`` in the given order."""
    attrs = {"version": VERSION}
    if activities:
        attrs["generated-datetime"] = _datetime(max(a.last_updated for a in activities))
    root = etree.Element("iati-activities", attrs)
    for activity in activities:
        root.append(activity_element(activity))
    return _serialise(root)


def organisation_element(organisation: model.Organisation) -> etree._Element:
    root = etree.Element(
        "iati-organisation",
        {
            "last-updated-datetime": _datetime(organisation.last_updated),
            XML_LANG: DEFAULT_LANGUAGE,
            "default-currency": organisation.currency,
        },
    )
    etree.SubElement(root, "organisation-identifier").text = organisation.identifier
    _text_element(root, "name", organisation.name)
    _org(
        root,
        "reporting-org",
        model.Org(name=organisation.name, ref=organisation.identifier, type=organisation.type),
    )
    for budget in organisation.total_budgets:
        node = etree.SubElement(root, "total-budget", {"status": "1"})
        _period(node, budget.period_start, budget.period_end)
        _value(node, "value", budget.value, budget.period_start, organisation.currency)
    for document in organisation.documents:
        _document(root, document)
    return root


def organisations_xml(organisations: Sequence[model.Organisation]) -> bytes:
    """An ``iati-organisations`` file."""
    attrs = {"version": VERSION}
    if organisations:
        attrs["generated-datetime"] = _datetime(max(o.last_updated for o in organisations))
    root = etree.Element("iati-organisations", attrs)
    for organisation in organisations:
        root.append(organisation_element(organisation))
    return _serialise(root)
