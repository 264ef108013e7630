"""The founding case (bina-kesehatan-semanggi) and the demo accounts."""

import json
import secrets
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from semanggi.access.models import CoordinatorScope, OrganisationMembership
from semanggi.assessment.models import AssessmentRun
from semanggi.assessment.services import assessment_run
from semanggi.evidence.models import Code, Finding, Informant, Segment, Source, Study
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import (
    Agreement,
    Contribution,
    Objective,
    Partnership,
    Party,
    PartyRole,
)
from semanggi.poac.models import (
    Activity,
    Decision,
    DecisionParty,
    Forum,
    Handover,
    Indicator,
    IndicatorPeriod,
    ProgressUpdate,
    Responsibility,
    Transaction,
)
from semanggi.poac.services import partnership_summary_refresh
from semanggi.regions.models import Region

FOUNDING_CASE = Path(__file__).resolve().parent / "data" / "bina-kesehatan-semanggi.json"
FOUNDING_SLUG = "bina-kesehatan-semanggi"
# The founding study's own operationalisation, shipped as a named reading of its labels.
FOUNDING_READING = "source-study"


class DemoError(RuntimeError):
    pass


def _organisations(rows: list[dict[str, Any]]) -> dict[str, Organisation]:
    found: dict[str, Organisation] = {}
    for row in rows:
        fields = {k: v for k, v in row.items() if k not in {"slug", "parent", "region"}}
        organisation, _ = Organisation.objects.get_or_create(
            slug=row["slug"],
            defaults={
                **fields,
                "parent": found.get(row.get("parent", "")),
                "region_id": row.get("region"),
            },
        )
        found[organisation.slug] = organisation
    return found


def founding_case_load(*, path: Path = FOUNDING_CASE) -> bool:
    """Create the founding case with its organisations; False (nothing written) when its
    partnership already exists. Requires the regions to be loaded."""
    data = json.loads(path.read_text(encoding="utf-8"))
    case = data["partnership"]
    if Partnership.objects.filter(slug=case["slug"]).exists():
        return False
    missing = set(case["locations"]) - set(
        Region.objects.filter(code__in=case["locations"]).values_list("code", flat=True)
    )
    if missing:
        raise DemoError(
            f"Wilayah belum dimuat / regions not loaded: {', '.join(sorted(missing))}. "
            "Run `semanggi load_regions` first."
        )
    with transaction.atomic():
        organisations = _organisations(data["organisations"])
        scalar = {
            k: v
            for k, v in case.items()
            if k not in {"locations", "objectives", "parties", "agreements"}
        }
        partnership = Partnership.objects.create(**scalar)
        partnership.locations.set(case["locations"])
        joint: dict[str, Objective] = {}
        for row in case["objectives"]:
            objective = Objective.objects.create(
                partnership=partnership, **{k: v for k, v in row.items() if k != "key"}
            )
            if "key" in row:
                joint[row["key"]] = objective
        parties: dict[str, Party] = {}
        for row in case["parties"]:
            party = Party.objects.create(
                partnership=partnership, organisation=organisations[row["organisation"]]
            )
            parties[row["organisation"]] = party
            PartyRole.objects.bulk_create(PartyRole(party=party, role=r) for r in row["roles"])
            for objective in row["objectives"]:
                Objective.objects.create(partnership=partnership, party=party, **objective)
            for contribution in row["contributions"]:
                values = {
                    k: Decimal(contribution[k])
                    for k in ("planned_value", "realised_value")
                    if k in contribution
                }
                Contribution.objects.create(party=party, **{**contribution, **values})
        agreements = []
        for row in case["agreements"]:
            agreement = Agreement.objects.create(
                partnership=partnership,
                **{k: v for k, v in row.items() if k != "parties"},
            )
            agreement.parties.set([parties[slug] for slug in row["parties"]])
            agreements.append(agreement)
        _management(partnership, parties, agreements, joint, data["management"])
        partnership_summary_refresh(partnership_ids=[partnership.pk], today=timezone.localdate())
    return True


def _management(
    partnership: Partnership,
    parties: dict[str, Party],
    agreements: list[Agreement],
    objectives: dict[str, Objective],
    data: dict[str, Any],
) -> None:
    """The case's Planning, Organizing, Actuating and Controlling records."""
    activities: dict[str, Activity] = {}
    for row in data["activities"]:
        fields = {k: v for k, v in row.items() if k not in {"key", "raci", "depends_on"}}
        activity = Activity.objects.create(
            partnership=partnership, illustrative=True, last_update_on=row["actual_end"], **fields
        )
        activities[row["key"]] = activity
        activity.depends_on.set([activities[key] for key in row.get("depends_on", [])])
        Responsibility.objects.bulk_create(
            Responsibility(activity=activity, party=parties[slug], letter=letter)
            for slug, letters in row["raci"].items()
            for letter in letters
        )
    Forum.objects.create(partnership=partnership, **data["forum"])
    for row in data["decisions"]:
        decision = Decision.objects.create(
            partnership=partnership, **{k: v for k, v in row.items() if k != "involvement"}
        )
        DecisionParty.objects.bulk_create(
            DecisionParty(decision=decision, party=parties[slug], involvement=involvement)
            for slug, involvement in row["involvement"].items()
        )
    for row in data["progress"]:
        ProgressUpdate.objects.create(
            activity=activities[row["activity"]],
            **{k: v for k, v in row.items() if k != "activity"},
        )
    for row in data["transactions"]:
        Transaction.objects.create(
            partnership=partnership,
            provider=parties[row["provider"]],
            activity=activities[row["activity"]],
            **{k: v for k, v in row.items() if k not in {"provider", "activity"}},
        )
    handover = data["handover"]
    Handover.objects.create(
        partnership=partnership,
        asset=handover["asset"],
        asset_en=handover["asset_en"],
        from_party=parties[handover["from"]],
        to_party=parties[handover["to"]],
        handed_over_on=handover["handed_over_on"],
        agreement=next((a for a in agreements if a.kind == "bast"), None),
    )
    for row in data["indicators"]:
        indicator = Indicator.objects.create(
            partnership=partnership,
            accountable=parties[row["accountable"]],
            objective=objectives.get(row.get("objective", "")),
            **{k: v for k, v in row.items() if k not in {"accountable", "periods", "objective"}},
        )
        for period in row["periods"]:
            approved = period.pop("approved", False)
            IndicatorPeriod.objects.create(
                indicator=indicator,
                illustrative=True,
                approved_at=timezone.now() if approved else None,
                **period,
            )


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    kind: str


# username, kind (as printed), full name
_ACCOUNTS = (
    ("admin", "administrator / administrator", "Admin Semanggi"),
    (
        "koordinator",
        "koordinator pemerintah / government coordinator (Kota Surakarta)",
        "Sri Koordinator",
    ),
    ("mitra", 'mitra / partner (Bank "X" Cabang "Y")', "Budi Mitra"),
    ("evaluator", "evaluator / evaluator (studi kasus Semanggi)", "Dewi Evaluator"),
)


def _passwords(path: Path) -> dict[str, str]:
    """Demo passwords, random on first use and kept (0600) so later runs can print them."""
    stored: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
    for username, _, _ in _ACCOUNTS:
        stored.setdefault(username, secrets.token_urlsafe(9))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(stored, indent=2))
    path.chmod(0o600)
    return stored


def demo_accounts_ensure(*, data_dir: Path | None = None) -> list[DemoAccount]:
    """The four demo accounts, one per kind of user, attached to the founding case.

    Only in demo mode (SEMANGGI_DEMO): a real installation never gets accounts with
    passwords that are printed.
    """
    if not settings.DEMO:
        raise DemoError("Demo accounts need SEMANGGI_DEMO=1 / akun demo butuh SEMANGGI_DEMO=1.")
    passwords = _passwords((data_dir or settings.DATA_DIR) / "demo-accounts.json")
    User = get_user_model()
    Partnership.objects.get(slug=FOUNDING_SLUG)  # the founding case comes first
    with transaction.atomic():
        users = {}
        for username, _, full_name in _ACCOUNTS:
            first, last = full_name.split(" ", 1)
            user, _ = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            user.set_password(passwords[username])
            user.save(update_fields=["password"])
            users[username] = user
        admin = users["admin"]
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
        CoordinatorScope.objects.get_or_create(
            user=users["koordinator"],
            region_id="33.72",
            defaults={"organisation": Organisation.objects.get(slug="bappeda-surakarta")},
        )
        OrganisationMembership.objects.get_or_create(
            user=users["mitra"],
            organisation=Organisation.objects.get(slug="bank-x-cabang-y"),
            defaults={"position": "CSR officer"},
        )
        study = founding_study_load(lead=users["evaluator"])
        case = study.partnerships.get(slug=FOUNDING_SLUG)
        if not AssessmentRun.objects.filter(partnership=case).exists():
            # The first assessment of the case, so that its page shows the labels at once,
            # with the source study's own reading beside the definitions'.
            assessment_run(partnership=case, actor=study.lead, readings=(FOUNDING_READING,))
    return [DemoAccount(u, passwords[u], kind) for u, kind, _ in _ACCOUNTS]


def founding_study_load(*, lead: Any, path: Path = FOUNDING_CASE) -> Study:
    """The founding case's study, led by ``lead``, with its illustrative evidence.

    The informants, sources, codes, segments and findings were written for the demo: the study
    and every source are marked ``illustrative`` (and the captions say so); they say what the
    study's abstract says, no more. Safe to repeat: an existing study keeps what it has, and
    gets the evidence only when it has none yet. Requires the founding case.
    """
    data = json.loads(path.read_text(encoding="utf-8"))["study"]
    partnership = Partnership.objects.get(slug=FOUNDING_SLUG)
    with transaction.atomic():
        study, _ = Study.objects.get_or_create(
            title=data["title"],
            defaults={
                "lead": lead,
                "research_questions": data["research_questions"],
                "status": data["status"],
                "method": data.get("method", "fieldwork"),
                "illustrative": data.get("illustrative", False),
            },
        )
        study.partnerships.add(partnership)
        if not study.sources.exists() and not study.informants.exists():
            _study_evidence(study, partnership, data)
    return study


def _study_evidence(study: Study, partnership: Partnership, data: dict[str, Any]) -> None:
    parties = {
        party.organisation.slug: party
        for party in Party.objects.filter(partnership=partnership).select_related("organisation")
    }
    informants: dict[str, Informant] = {}
    for row in data.get("informants", []):
        informants[row["code"]] = Informant.objects.create(
            study=study,
            code=row["code"],
            label=row["label"],
            role=row.get("role", ""),
            sampling=row["sampling"],
            party=parties.get(row.get("party", "")),
            referred_by=informants.get(row.get("referred_by", "")),
            met_where=row.get("met_where", ""),
        )
    sources: dict[str, Source] = {}
    for row in data.get("sources", []):
        source = Source.objects.create(
            study=study,
            kind=row["kind"],
            title=row["title"],
            text=row["text"],
            # Coding checks positions against the stored length, never the text itself.
            text_length=len(row["text"]),
            place=row.get("place", ""),
            caption=row.get("caption", ""),
            illustrative=row.get("illustrative", False),
        )
        source.informants.set([informants[code] for code in row.get("informants", [])])
        sources[row["key"]] = source
    codes: dict[str, Code] = {}
    for row in data.get("codes", []):
        codes[row["key"]] = Code.objects.create(
            study=study,
            name=row["name"],
            description=row.get("description", ""),
            indicator=row.get("indicator", ""),
            direction=row.get("direction", 1),
            function=row.get("function", ""),
            party=parties.get(row.get("party", "")),
        )
    segments: dict[str, Segment] = {}
    for row in data.get("segments", []):
        source = sources[row["source"]]
        start = source.text.index(row["quote"])
        segment = Segment.objects.create(source=source, start=start, end=start + len(row["quote"]))
        segment.codes.set([codes[key] for key in row["codes"]])
        segments[row["key"]] = segment
    for row in data.get("findings", []):
        finding = Finding.objects.create(
            study=study,
            statement=row["statement"],
            statement_en=row.get("statement_en", ""),
            indicator=row.get("indicator", ""),
            direction=row.get("direction", 1),
            function=row.get("function", ""),
            party=parties.get(row.get("party", "")),
            model_label=row.get("model_label", ""),
            verified_by=study.lead if row.get("verified") else None,
            verified_at=timezone.now() if row.get("verified") else None,
        )
        finding.supporting.set([segments[key] for key in row.get("supporting", [])])
        finding.contradicting.set([segments[key] for key in row.get("contradicting", [])])
