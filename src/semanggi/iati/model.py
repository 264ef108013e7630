"""What an IATI 2.03 activity or organisation file says, as plain frozen data.

Selectors (``semanggi.opendata.iati``) turn Semanggi's records into these; the writer
(``semanggi.iati.writer``) turns them into XML. Nothing here knows Django.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class Text:
    """A text in Indonesian with an optional English version: narratives with xml:lang."""

    id: str
    en: str = ""

    def __bool__(self) -> bool:
        return bool(self.id.strip() or self.en.strip())


@dataclass(frozen=True)
class Org:
    name: Text
    ref: str = ""  # IATI organisation identifier, when known
    type: str = ""  # OrganisationType code


@dataclass(frozen=True)
class Participant:
    org: Org
    role: str  # OrganisationRole code 1-4


@dataclass(frozen=True)
class Location:
    """A sub-national location: a Kemendagri region, with a point where one is known."""

    code: str  # Kemendagri code, e.g. 33.72.03.1002
    name: Text
    description: Text
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    # GeographicExactness: 1 exact, 2 approximate (a point placed on the regency's centroid).
    exactness: str = "2"


@dataclass(frozen=True)
class Budget:
    period_start: date
    period_end: date
    value: Decimal
    value_date: date


@dataclass(frozen=True)
class Transaction:
    type: str  # TransactionType code
    on: date
    value: Decimal
    description: Text
    provider: Org | None = None
    receiver: Org | None = None


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    target: Decimal
    actual: Decimal | None  # only an approved actual


@dataclass(frozen=True)
class Indicator:
    title: Text
    unit: str
    baseline: Decimal
    baseline_year: int
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class Result:
    type: str  # ResultType code: 1 output, 2 outcome
    title: Text
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Document:
    url: str
    format: str  # an IANA media type (IATI FileFormat)
    title: Text
    category: str  # DocumentCategory code
    on: date | None = None


@dataclass(frozen=True)
class Condition:
    type: str  # ConditionType: 1 policy, 2 performance, 3 fiduciary
    text: Text


@dataclass(frozen=True)
class Activity:
    identifier: str
    reporting_org: Org
    title: Text
    description: Text
    participants: tuple[Participant, ...]
    status: str  # ActivityStatus code
    last_updated: datetime
    planned_start: date | None = None
    actual_start: date | None = None
    planned_end: date | None = None
    actual_end: date | None = None
    objectives: Text = field(default_factory=lambda: Text(""))
    recipient_country: str = "ID"
    locations: tuple[Location, ...] = ()
    # DAC 5-digit code → percentage; the percentages add up to 100.
    sectors: tuple[tuple[str, Decimal], ...] = ()
    budgets: tuple[Budget, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    documents: tuple[Document, ...] = ()
    conditions: tuple[Condition, ...] = ()
    results: tuple[Result, ...] = ()
    currency: str = "IDR"


@dataclass(frozen=True)
class OrgBudget:
    period_start: date
    period_end: date
    value: Decimal


@dataclass(frozen=True)
class Organisation:
    identifier: str
    name: Text
    type: str
    last_updated: datetime
    total_budgets: tuple[OrgBudget, ...] = ()
    documents: tuple[Document, ...] = ()
    currency: str = "IDR"
