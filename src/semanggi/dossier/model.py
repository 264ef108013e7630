"""The partnership dossier, format 2, as one typed model: the file's types, defaults and allowed
values are declared here once, and the JSON Schema (``schema/dossier-2.schema.json``) is
generated from it (``semanggi dossier schema``; a test keeps the checked-in copy up to date).

Pure Python (pydantic, no Django). Field names follow the records they become; the allowed
values are the records' choices (a test holds the two together). Dates are ISO strings and
amounts decimal strings, so that a file says exactly what it means in JSON and in YAML.
"""

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

FORMAT = "semanggi-dossier"
VERSION = 2

KEY = r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,79}$"
SLUG = r"^[-a-zA-Z0-9_]{1,80}$"
REGION = r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$"
# At most 15 significant digits, what every database keeps exactly (semanggi.bounds).
AMOUNT = r"^[0-9]{1,13}(\.[0-9]{1,2})?$"


def _iso_date(value: str) -> str:
    date.fromisoformat(value)  # ValueError: pydantic reports it at the field
    if len(value) != 10:
        raise ValueError("use the form YYYY-MM-DD")
    return value


def _optional(pattern: str) -> str:
    """The same pattern, or the empty string (a field left at its default)."""
    return f"^({pattern[1:-1]})?$"


Key = Annotated[str, Field(pattern=KEY)]
OptionalKey = Annotated[str, Field(pattern=_optional(KEY))]
Slug = Annotated[str, Field(pattern=SLUG)]
OptionalSlug = Annotated[str, Field(pattern=_optional(SLUG))]
# A party named by its organisation's slug; in a dossier of several partnerships where the
# organisation is party to more than one, as "partnership-slug/organisation-slug".
PartyRef = Annotated[str, Field(pattern=r"^([-a-zA-Z0-9_]{1,80}/)?[-a-zA-Z0-9_]{1,80}$")]
OptionalPartyRef = Annotated[str, Field(pattern=r"^(([-a-zA-Z0-9_]{1,80}/)?[-a-zA-Z0-9_]{1,80})?$")]
RegionCode = Annotated[str, Field(pattern=REGION)]
OptionalRegionCode = Annotated[str, Field(pattern=_optional(REGION))]
Amount = Annotated[str, Field(pattern=AMOUNT)]
Day = Annotated[
    str,
    AfterValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Text = Annotated[str, Field(min_length=1)]

OrganisationKind = Literal[
    "government", "regional_unit", "soe", "regional_soe", "company", "bank", "ngo", "community",
    "university", "school", "health_centre", "cooperative", "small_business", "other",
]  # fmt: skip
Role = Literal[
    "funding", "accountable", "extending", "implementing", "initiator",
    "beneficiary_representative", "regulator", "coordinator",
]  # fmt: skip
Standing = Literal["partner", "regulator", "supervisor"]
ContributionKind = Literal[
    "money", "construction", "goods", "land", "permits", "staff", "expertise", "facilities",
    "authority", "other",
]  # fmt: skip
AgreementKind = Literal["mou", "pks", "bast", "addendum", "other"]
AbsenceWhat = Literal[
    "agreement", "forum", "joint_team", "contribution", "objective", "report", "handover"
]
DependenceKind = Literal["funds", "skills", "authority", "assets", "other"]
Status = Literal["1", "2", "3", "4", "5", "6"]
Phase = Literal["planning", "organizing", "actuating", "controlling", "closed"]
ForumKind = Literal["forum", "team"]
Subject = Literal["planning", "design", "budget", "implementation", "monitoring", "other"]
InvolvementLevel = Literal["none", "informed", "consulted", "proposed", "joint", "alone"]
TransactionType = Literal["1", "2", "3", "4", "11"]
IndicatorKind = Literal["output", "outcome"]
Sampling = Literal["purposive", "snowball", "accidental"]
SourceKind = Literal["interview", "document", "observation", "field_note", "published_study"]
StudyStatus = Literal["planned", "fieldwork", "analysis", "completed"]
StudyMethod = Literal["fieldwork", "document_review", "published_study", "mixed"]
Function = Literal["", "planning", "organizing", "actuating", "controlling"]
IndicatorCode = Literal[
    "", "K1", "K2", "K3", "K4", "K5", "K6", "K7", "K8", "K9", "K10", "K11", "K12", "K13", "K14"
]
Direction = Literal[1, -1]


class Record(BaseModel):
    """Every part of a dossier: no field beyond those declared, values as declared."""

    # Python's regular expressions: the schema's patterns use look-ahead (RACI letters once).
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, regex_engine="python-re")


class Region(Record):
    code: RegionCode
    name: str = ""


class Organisation(Record):
    slug: Slug
    name: Text
    kind: OrganisationKind
    acronym: str = ""
    parent: OptionalSlug = Field("", description="an organisation earlier in the file")
    region: OptionalRegionCode = ""
    iati_identifier: Annotated[str, Field(pattern=r"^([A-Za-z]{2}(-[A-Za-z0-9]+)+)?$")] = ""
    description: str = ""
    description_en: str = ""
    is_pseudonymous: bool = False


class Objective(Record):
    key: Key
    text: Text
    text_en: str = ""
    held_by: tuple[PartyRef, ...] = Field(
        (), description="for a joint objective: the parties that hold it as their own"
    )


class Contribution(Record):
    kind: ContributionKind
    description: Text
    description_en: str = ""
    planned_value: Amount | None = None
    realised_value: Amount | None = None
    values_illustrative: bool = False


class Party(Record):
    organisation: Slug
    roles: tuple[Role, ...] = ()
    standing: Standing = "partner"
    beneficiary: bool | None = Field(None, description="None: not recorded")
    objectives: tuple[Objective, ...] = ()
    contributions: tuple[Contribution, ...] = ()


class Absence(Record):
    """Something recorded as absent: for the partnership, or for one party."""

    what: AbsenceWhat
    party: OptionalSlug = ""
    reason: str = ""
    reason_en: str = ""


class Dependence(Record):
    """``party`` depends on ``on_party`` for ``kind``."""

    party: Slug
    on_party: Slug
    kind: DependenceKind
    description: str = ""
    description_en: str = ""


class Agreement(Record):
    key: Key
    kind: AgreementKind
    title: Text
    title_en: str = ""
    number: str = ""
    signed_on: Day | None = None
    parties: tuple[Slug, ...] = ()


class Condition(Record):
    """A condition attached to the partnership: IATI ConditionType 1 policy, 2 performance,
    3 fiduciary; ``agreement`` is the key of the agreement that sets it."""

    kind: Literal["1", "2", "3"]
    text: Text
    text_en: str = ""
    agreement: OptionalKey = ""


class Responsibility(Record):
    party: Slug
    letters: Annotated[str, Field(pattern=r"^(?!.*(.).*\1)[RACI]{1,4}$")]


class Activity(Record):
    key: Key
    title: Text
    planned_start: Day
    planned_end: Day
    title_en: str = ""
    description: str = ""
    actual_start: Day | None = None
    actual_end: Day | None = None
    percent_complete: Annotated[int, Field(ge=0, le=100)] = 0
    last_update_on: Day | None = None
    illustrative: bool = False
    depends_on: tuple[Key, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()


class ProgressUpdate(Record):
    activity: Key
    reported_on: Day
    percent_complete: Annotated[int, Field(ge=0, le=100)]
    narrative: Text


class Forum(Record):
    key: Key
    kind: ForumKind
    name: Text
    description: str = ""


class Meeting(Record):
    key: Key
    held_on: Day
    title: Text
    forum: OptionalKey = ""
    attendees: tuple[Slug, ...] = ()
    agenda: str = ""
    minutes: str = ""


class Involvement(Record):
    party: Slug
    involvement: InvolvementLevel


class Decision(Record):
    key: Key
    decided_on: Day
    subject: Subject
    text: Text
    meeting: OptionalKey = ""
    involvement: tuple[Involvement, ...] = ()


class Transaction(Record):
    type: TransactionType
    amount: Amount
    transacted_on: Day
    provider: OptionalSlug = ""
    receiver: OptionalSlug = ""
    activity: OptionalKey = ""
    description: str = ""
    due_on: Day | None = None
    values_illustrative: bool = False


class Handover(Record):
    asset: Text
    from_party: Slug
    to_party: Slug
    asset_en: str = ""
    handed_over_on: Day | None = None
    agreement: OptionalKey = ""


class Period(Record):
    period_start: Day
    period_end: Day
    target: Amount
    actual: Amount | None = None
    approved: bool = False
    illustrative: bool = False


class Indicator(Record):
    key: Key
    name: Text
    kind: IndicatorKind
    unit: Text
    accountable: Slug
    name_en: str = ""
    baseline: Amount = "0.00"
    objective: OptionalKey = ""
    periods: tuple[Period, ...] = ()


class Closure(Record):
    closing_note: str
    sustainability: str
    closed_on: Day | None = None


class Partnership(Record):
    slug: Slug
    title: Text
    sector: Annotated[str, Field(pattern=r"^[0-9]{5}$")]
    title_en: str = ""
    programme: str = ""
    description: str = ""
    description_en: str = ""
    status: Status = "1"
    phase: Phase = "planning"
    planned_start: Day | None = None
    planned_end: Day | None = None
    actual_start: Day | None = None
    actual_end: Day | None = None
    no_agreement_reason: str = ""
    is_published: bool = False
    locations: tuple[RegionCode, ...] = ()
    objectives: tuple[Objective, ...] = ()
    parties: tuple[Party, ...] = ()
    absences: tuple[Absence, ...] = ()
    dependences: tuple[Dependence, ...] = ()
    agreements: tuple[Agreement, ...] = ()
    conditions: tuple[Condition, ...] = ()
    activities: tuple[Activity, ...] = ()
    progress_updates: tuple[ProgressUpdate, ...] = ()
    forums: tuple[Forum, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    decisions: tuple[Decision, ...] = ()
    transactions: tuple[Transaction, ...] = ()
    handovers: tuple[Handover, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    closure: Closure | None = None


class Informant(Record):
    """A person the study heard, by code and role label only: never a name or a contact."""

    code: Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,19}$")]
    label: Annotated[str, Field(min_length=1, max_length=120)]
    sampling: Sampling
    role: str = ""
    party: OptionalPartyRef = ""
    organisation: OptionalSlug = ""
    referred_by: str = ""
    met_where: str = ""
    met_on: Day | None = None
    consent_on: Day | None = None
    consent_withdrawn_on: Day | None = None


class Source(Record):
    key: Key
    kind: SourceKind
    title: Text
    text: Text
    collected_on: Day | None = None
    place: str = ""
    informants: tuple[str, ...] = ()
    party: OptionalPartyRef = ""
    caption: str = ""
    illustrative: bool = Field(False, description="written as an example, not a real source")
    publication: str = Field("", description="for a published study: the citation it paraphrases")


class Code(Record):
    key: Key
    name: Text
    parent: OptionalKey = ""
    description: str = ""
    colour: Annotated[str, Field(pattern=r"^#[0-9a-fA-F]{6}$")] = "#1f6f43"
    function: Function = ""
    indicator: IndicatorCode = ""
    direction: Direction = 1
    party: OptionalPartyRef = ""


class Segment(Record):
    key: Key
    source: Key
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=1)]
    codes: tuple[Key, ...] = ()


class Finding(Record):
    key: Key
    statement: Text
    statement_en: str = ""
    function: Function = ""
    indicator: IndicatorCode = ""
    direction: Direction = 1
    party: OptionalPartyRef = ""
    model_label: Annotated[str, Field(pattern=r"^([a-z0-9-]+:[a-z0-9_-]+)?$")] = ""
    supporting: tuple[Key, ...] = ()
    contradicting: tuple[Key, ...] = ()
    verified: bool = False


class Study(Record):
    title: Text
    research_questions: str = ""
    status: StudyStatus = "planned"
    method: StudyMethod = "fieldwork"
    publication: str = Field("", description="for a rendering of a published study: its citation")
    illustrative: bool = Field(False, description="the evidence was written as an example")
    min_informants: Annotated[int, Field(ge=1)] = 2
    min_source_kinds: Annotated[int, Field(ge=1)] = 2
    min_parties: Annotated[int, Field(ge=1)] = 2
    partnerships: tuple[Slug, ...] = Field(
        (), description="the partnerships the study covers (default: every one in the file)"
    )
    informants: tuple[Informant, ...] = ()
    sources: tuple[Source, ...] = ()
    codes: tuple[Code, ...] = ()
    segments: tuple[Segment, ...] = ()
    findings: tuple[Finding, ...] = ()


class Dossier(Record):
    """A dossier: one file that holds one or more partnership cases and their study."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        strict=True,
        regex_engine="python-re",
        title="Semanggi partnership dossier, format 2",
    )

    format: Literal["semanggi-dossier"] = FORMAT
    version: Literal[2] = VERSION
    note: str = ""
    regions: tuple[Region, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    partnerships: Annotated[tuple[Partnership, ...], Field(min_length=1)]
    study: Study | None = None


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of format 2, generated from the model."""
    schema = Dossier.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://semanggi.example/schema/dossier-2.schema.json",
        **schema,
    }
