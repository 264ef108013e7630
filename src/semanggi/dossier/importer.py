"""Import a partnership dossier: all or nothing, in one transaction.

The file is checked first (format, then references, see ``format.read``); then the database
facts: every region must exist, each partnership's slug must be free, and each record must pass
its model's own validation (sector codes among them). Any problem stops the import with the
field that caused it (``partnerships[0].parties[1].contributions[0].kind: ...``) and nothing is
saved. ``dry_run`` does all of it and rolls back: ``dossier import --check`` checks exactly what
the import checks.

Natural keys: regions by code (never created: load them first), organisations by slug (an
existing one is reused unchanged, a new one is created), partnerships by slug (an existing
one is refused: a dossier never overwrites or deletes a case). A study needs a lead: the
evaluator named with ``lead``.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone, translation

from semanggi.core.text import Message
from semanggi.dossier import format as fmt
from semanggi.dossier.format import DossierError, Problem, party_of, study_partnerships
from semanggi.evidence.models import Code, Finding, Informant, Segment, Source, Study
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import (
    Absence,
    Agreement,
    Condition,
    Contribution,
    Dependence,
    Objective,
    Partnership,
    Party,
    PartyRole,
)
from semanggi.poac.aggregates import region_aggregates_update
from semanggi.poac.models import (
    Activity,
    Closure,
    Decision,
    DecisionParty,
    Forum,
    Handover,
    Indicator,
    IndicatorPeriod,
    Meeting,
    ProgressUpdate,
    Responsibility,
    Transaction,
)
from semanggi.regions.models import Region


class _Stop(Exception):
    """Raised inside the transaction to roll it back with the problems found."""


class _DryRun(Exception):
    """Raised at the end of a checked-only import to roll everything back."""


@dataclass(frozen=True)
class ImportResult:
    partnerships: tuple[Partnership, ...]
    study: Study | None
    organisations_created: tuple[str, ...]
    organisations_reused: tuple[str, ...]

    @property
    def partnership(self) -> Partnership:
        return self.partnerships[0]


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _amount(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None


class _Saver:
    """Validates and saves model instances, turning validation errors into field paths."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def save(self, instance: models.Model, path: str, exclude: tuple[str, ...] = ()) -> bool:
        try:
            instance.full_clean(exclude=list(exclude))
        except ValidationError as error:
            for field, messages in _messages(error).items():
                where = path if field == "__all__" else f"{path}.{field}"
                self.problems.extend(Problem(where, message) for message in messages)
            return False
        instance.save()
        return True

    def stop_if_any(self) -> None:
        if self.problems:
            raise _Stop


def _messages(error: ValidationError) -> dict[str, list[Message]]:
    """A model's validation messages in both languages, by field."""
    by_language = {}
    for language in ("id", "en"):
        with translation.override(language):
            by_language[language] = error.message_dict
    return {
        field: [
            Message(indonesian, english)
            for indonesian, english in zip(messages, by_language["en"][field], strict=True)
        ]
        for field, messages in by_language["id"].items()
    }


def dossier_import(
    dossier: fmt.Dossier, *, lead: Any = None, dry_run: bool = False
) -> ImportResult:
    """Create the dossier's cases; DossierError (and nothing saved) on any problem. With
    ``dry_run`` everything is checked and created, then rolled back."""
    problems = _database_problems(dossier, lead)
    if problems:
        raise DossierError(problems)
    saver = _Saver()
    try:
        with transaction.atomic():
            result = _create(dossier, lead, saver)
            saver.stop_if_any()
            region_aggregates_update(partnership_ids=[p.pk for p in result.partnerships])
            if dry_run:
                raise _DryRun
    except _Stop:
        raise DossierError(saver.problems) from None
    except _DryRun:
        pass
    return result


def _database_problems(dossier: fmt.Dossier, lead: Any) -> list[Problem]:
    problems = []
    codes = [region.code for region in dossier.regions]
    known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    for index, code in enumerate(codes):
        if code not in known:
            problems.append(
                Problem(
                    f"regions[{index}].code",
                    Message(
                        f"wilayah {code!r} belum dimuat (jalankan `semanggi load_regions` dulu)",
                        f"region {code!r} is not loaded (run `semanggi load_regions` first)",
                    ),
                )
            )
    slugs = [p.slug for p in dossier.partnerships]
    taken = set(Partnership.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    for index, slug in enumerate(slugs):
        if slug in taken:
            problems.append(
                Problem(
                    f"partnerships[{index}].slug",
                    Message(
                        f"kemitraan {slug!r} sudah ada; dosir tidak pernah menggantinya",
                        f"a partnership {slug!r} already exists; a dossier never replaces one",
                    ),
                )
            )
    if dossier.study is not None and lead is None:
        problems.append(
            Problem(
                "study",
                Message(
                    "studi memerlukan pemimpin: sebutkan seorang evaluator (--lead)",
                    "a study needs a lead: name an evaluator (--lead)",
                ),
            )
        )
    return problems


def _create(dossier: fmt.Dossier, lead: Any, saver: _Saver) -> ImportResult:
    organisations, created, reused = _organisations(dossier, saver)
    saver.stop_if_any()
    made: list[Partnership] = []
    parties_of: dict[str, dict[str, Party]] = {}
    for index, p in enumerate(dossier.partnerships):
        partnership, parties = _partnership(p, f"partnerships[{index}]", organisations, saver)
        made.append(partnership)
        parties_of[p.slug] = parties
    study = _study(dossier, made, parties_of, organisations, lead, saver)
    return ImportResult(tuple(made), study, tuple(created), tuple(reused))


def _partnership(
    p: fmt.Partnership, at: str, organisations: dict[str, Organisation], saver: _Saver
) -> tuple[Partnership, dict[str, Party]]:
    partnership = Partnership(
        slug=p.slug,
        title=p.title,
        title_en=p.title_en,
        programme=p.programme,
        description=p.description,
        description_en=p.description_en,
        sector=p.sector,
        status=p.status,
        phase=p.phase,
        planned_start=_day(p.planned_start),
        planned_end=_day(p.planned_end),
        actual_start=_day(p.actual_start),
        actual_end=_day(p.actual_end),
        no_agreement_reason=p.no_agreement_reason,
        is_published=p.is_published,
    )
    if not saver.save(partnership, at):
        saver.stop_if_any()
    partnership.locations.set(p.locations)
    parties, objectives = _parties(p, at, partnership, organisations, saver)
    saver.stop_if_any()
    _absences_and_dependences(p, at, partnership, parties, saver)
    agreements = _agreements(p, at, partnership, parties, saver)
    _conditions(p, at, partnership, agreements, saver)
    activities = _activities(p, at, partnership, parties, saver)
    saver.stop_if_any()
    _organizing(p, at, partnership, parties, saver)
    _actuating(p, at, partnership, parties, activities, agreements, saver)
    _controlling(p, at, partnership, parties, objectives, saver)
    saver.stop_if_any()
    return partnership, parties


def _absences_and_dependences(
    p: fmt.Partnership, at: str, partnership: Partnership, parties: dict[str, Party], saver: _Saver
) -> None:
    for index, row in enumerate(p.absences):
        saver.save(
            Absence(
                partnership=partnership,
                what=row.what,
                party=parties.get(row.party) if row.party else None,
                reason=row.reason,
                reason_en=row.reason_en,
            ),
            f"{at}.absences[{index}]",
        )
    for index, row in enumerate(p.dependences):
        saver.save(
            Dependence(
                partnership=partnership,
                party=parties[row.party],
                on_party=parties[row.on_party],
                kind=row.kind,
                description=row.description,
                description_en=row.description_en,
            ),
            f"{at}.dependences[{index}]",
        )


def _organisations(
    dossier: fmt.Dossier, saver: _Saver
) -> tuple[dict[str, Organisation], list[str], list[str]]:
    existing = {
        o.slug: o
        for o in Organisation.objects.filter(slug__in=[o.slug for o in dossier.organisations])
    }
    found: dict[str, Organisation] = {}
    created, reused = [], []
    for index, row in enumerate(dossier.organisations):
        if row.slug in existing:
            found[row.slug] = existing[row.slug]
            reused.append(row.slug)
            continue
        organisation = Organisation(
            slug=row.slug,
            name=row.name,
            kind=row.kind,
            acronym=row.acronym,
            parent=found.get(row.parent) if row.parent else None,
            region_id=row.region or None,
            iati_identifier=row.iati_identifier,
            description=row.description,
            description_en=row.description_en,
            is_pseudonymous=row.is_pseudonymous,
        )
        if saver.save(organisation, f"organisations[{index}]"):
            found[row.slug] = organisation
            created.append(row.slug)
    return found, created, reused


def _parties(
    p: fmt.Partnership,
    at: str,
    partnership: Partnership,
    organisations: dict[str, Organisation],
    saver: _Saver,
) -> tuple[dict[str, Party], dict[str, Objective]]:
    objectives: dict[str, Objective] = {}
    for index, row in enumerate(p.objectives):
        objective = Objective(partnership=partnership, text=row.text, text_en=row.text_en)
        if saver.save(objective, f"{at}.objectives[{index}]"):
            objectives[row.key] = objective
    parties: dict[str, Party] = {}
    for index, row in enumerate(p.parties):
        base = f"{at}.parties[{index}]"
        party = Party(
            partnership=partnership,
            organisation=organisations[row.organisation],
            standing=row.standing,
            beneficiary=row.beneficiary,
        )
        if not saver.save(party, base):
            continue
        parties[row.organisation] = party
        for j, role in enumerate(row.roles):
            saver.save(PartyRole(party=party, role=role), f"{base}.roles[{j}]")
        for j, item in enumerate(row.objectives):
            objective = Objective(
                partnership=partnership, party=party, text=item.text, text_en=item.text_en
            )
            if saver.save(objective, f"{base}.objectives[{j}]"):
                objectives[item.key] = objective
        for j, item in enumerate(row.contributions):
            saver.save(
                Contribution(
                    party=party,
                    kind=item.kind,
                    description=item.description,
                    description_en=item.description_en,
                    planned_value=_amount(item.planned_value),
                    realised_value=_amount(item.realised_value),
                    values_illustrative=item.values_illustrative,
                ),
                f"{base}.contributions[{j}]",
            )
    for row in p.objectives:
        if row.held_by and row.key in objectives:
            objectives[row.key].held_by.set([parties[slug] for slug in row.held_by])
    return parties, objectives


def _agreements(
    p: fmt.Partnership, at: str, partnership: Partnership, parties: dict[str, Party], saver: _Saver
) -> dict[str, Agreement]:
    found = {}
    for index, row in enumerate(p.agreements):
        agreement = Agreement(
            partnership=partnership,
            kind=row.kind,
            title=row.title,
            title_en=row.title_en,
            number=row.number,
            signed_on=_day(row.signed_on),
        )
        if saver.save(agreement, f"{at}.agreements[{index}]"):
            agreement.parties.set([parties[slug] for slug in row.parties])
            found[row.key] = agreement
    return found


def _conditions(
    p: fmt.Partnership,
    at: str,
    partnership: Partnership,
    agreements: dict[str, Agreement],
    saver: _Saver,
) -> None:
    # References are checked before anything is saved (format.reference_problems).
    for index, row in enumerate(p.conditions):
        saver.save(
            Condition(
                partnership=partnership,
                kind=row.kind,
                text=row.text,
                text_en=row.text_en,
                agreement=agreements.get(row.agreement) if row.agreement else None,
            ),
            f"{at}.conditions[{index}]",
        )


def _activities(
    p: fmt.Partnership, at: str, partnership: Partnership, parties: dict[str, Party], saver: _Saver
) -> dict[str, Activity]:
    found = {}
    for index, row in enumerate(p.activities):
        base = f"{at}.activities[{index}]"
        activity = Activity(
            partnership=partnership,
            title=row.title,
            title_en=row.title_en,
            description=row.description,
            planned_start=_day(row.planned_start),
            planned_end=_day(row.planned_end),
            actual_start=_day(row.actual_start),
            actual_end=_day(row.actual_end),
            percent_complete=row.percent_complete,
            last_update_on=_day(row.last_update_on),
            illustrative=row.illustrative,
        )
        if not saver.save(activity, base):
            continue
        found[row.key] = activity
        for j, cell in enumerate(row.responsibilities):
            for letter in cell.letters:
                saver.save(
                    Responsibility(activity=activity, party=parties[cell.party], letter=letter),
                    f"{base}.responsibilities[{j}]",
                )
    # Dependencies may point forward in the file: set once every activity exists.
    for row in p.activities:
        if row.key in found and row.depends_on:
            found[row.key].depends_on.set([found[key] for key in row.depends_on if key in found])
    return found


def _organizing(
    p: fmt.Partnership, at: str, partnership: Partnership, parties: dict[str, Party], saver: _Saver
) -> None:
    forums = {}
    for index, row in enumerate(p.forums):
        forum = Forum(
            partnership=partnership, kind=row.kind, name=row.name, description=row.description
        )
        if saver.save(forum, f"{at}.forums[{index}]"):
            forums[row.key] = forum
    meetings = {}
    for index, row in enumerate(p.meetings):
        meeting = Meeting(
            partnership=partnership,
            forum=forums.get(row.forum),
            held_on=_day(row.held_on),
            title=row.title,
            agenda=row.agenda,
            minutes=row.minutes,
        )
        if saver.save(meeting, f"{at}.meetings[{index}]"):
            meeting.attendees.set([parties[slug] for slug in row.attendees])
            meetings[row.key] = meeting
    for index, row in enumerate(p.decisions):
        base = f"{at}.decisions[{index}]"
        decision = Decision(
            partnership=partnership,
            meeting=meetings.get(row.meeting),
            decided_on=_day(row.decided_on),
            subject=row.subject,
            text=row.text,
        )
        if not saver.save(decision, base):
            continue
        for j, entry in enumerate(row.involvement):
            saver.save(
                DecisionParty(
                    decision=decision, party=parties[entry.party], involvement=entry.involvement
                ),
                f"{base}.involvement[{j}]",
            )


def _actuating(
    p: fmt.Partnership,
    at: str,
    partnership: Partnership,
    parties: dict[str, Party],
    activities: dict[str, Activity],
    agreements: dict[str, Agreement],
    saver: _Saver,
) -> None:
    for index, row in enumerate(p.progress_updates):
        saver.save(
            ProgressUpdate(
                activity=activities[row.activity],
                reported_on=_day(row.reported_on),
                percent_complete=row.percent_complete,
                narrative=row.narrative,
            ),
            f"{at}.progress_updates[{index}]",
        )
    for index, row in enumerate(p.transactions):
        saver.save(
            Transaction(
                partnership=partnership,
                type=row.type,
                amount=_amount(row.amount),
                transacted_on=_day(row.transacted_on),
                provider=parties.get(row.provider),
                receiver=parties.get(row.receiver),
                activity=activities.get(row.activity),
                description=row.description,
                due_on=_day(row.due_on),
                values_illustrative=row.values_illustrative,
            ),
            f"{at}.transactions[{index}]",
        )
    for index, row in enumerate(p.handovers):
        saver.save(
            Handover(
                partnership=partnership,
                asset=row.asset,
                asset_en=row.asset_en,
                from_party=parties[row.from_party],
                to_party=parties[row.to_party],
                handed_over_on=_day(row.handed_over_on),
                agreement=agreements.get(row.agreement),
            ),
            f"{at}.handovers[{index}]",
        )


def _controlling(
    p: fmt.Partnership,
    at: str,
    partnership: Partnership,
    parties: dict[str, Party],
    objectives: dict[str, Objective],
    saver: _Saver,
) -> None:
    for index, row in enumerate(p.indicators):
        base = f"{at}.indicators[{index}]"
        indicator = Indicator(
            partnership=partnership,
            objective=objectives.get(row.objective),
            name=row.name,
            name_en=row.name_en,
            kind=row.kind,
            unit=row.unit,
            baseline=Decimal(row.baseline),
            accountable=parties[row.accountable],
        )
        if not saver.save(indicator, base):
            continue
        for j, period in enumerate(row.periods):
            saver.save(
                IndicatorPeriod(
                    indicator=indicator,
                    period_start=_day(period.period_start),
                    period_end=_day(period.period_end),
                    target=Decimal(period.target),
                    actual=_amount(period.actual),
                    # Who approved is not carried: the import records that it was approved.
                    approved_at=timezone.now() if period.approved else None,
                    illustrative=period.illustrative,
                ),
                f"{base}.periods[{j}]",
            )
    if p.closure is not None:
        saver.save(
            Closure(
                partnership=partnership,
                closing_note=p.closure.closing_note,
                sustainability=p.closure.sustainability,
                closed_on=_day(p.closure.closed_on),
            ),
            f"{at}.closure",
        )


def _study(
    dossier: fmt.Dossier,
    partnerships: list[Partnership],
    parties_of: dict[str, dict[str, Party]],
    organisations: dict[str, Organisation],
    lead: Any,
    saver: _Saver,
) -> Study | None:
    data = dossier.study
    if data is None:
        return None
    covered = study_partnerships(dossier)
    slugs = {slug: list(parties_of.get(slug, {})) for slug in covered}

    def party(reference: str) -> Party | None:
        found = party_of(reference, slugs) if reference else None
        return parties_of[found[0]][found[1]] if found else None

    study = Study(
        title=data.title,
        research_questions=data.research_questions,
        status=data.status,
        method=data.method,
        publication=data.publication,
        illustrative=data.illustrative,
        lead=lead,
        min_informants=data.min_informants,
        min_source_kinds=data.min_source_kinds,
        min_parties=data.min_parties,
    )
    if not saver.save(study, "study"):
        saver.stop_if_any()
    study.partnerships.add(*[p for p in partnerships if p.slug in covered])
    informants: dict[str, Informant] = {}
    for index, row in enumerate(data.informants):
        informant = Informant(
            study=study,
            code=row.code,
            label=row.label,
            role=row.role,
            party=party(row.party),
            organisation=organisations.get(row.organisation),
            sampling=row.sampling,
            met_where=row.met_where,
            met_on=_day(row.met_on),
            consent_on=_day(row.consent_on),
            consent_withdrawn_on=_day(row.consent_withdrawn_on),
        )
        if saver.save(informant, f"study.informants[{index}]"):
            informants[row.code] = informant
    for row in data.informants:
        if row.referred_by and row.code in informants and row.referred_by in informants:
            informant = informants[row.code]
            informant.referred_by = informants[row.referred_by]
            informant.save(update_fields=["referred_by"])
    sources: dict[str, Source] = {}
    for index, row in enumerate(data.sources):
        source = Source(
            study=study,
            kind=row.kind,
            title=row.title,
            text=row.text,
            # Coding checks positions against the stored length, never the text itself.
            text_length=len(row.text),
            collected_on=_day(row.collected_on),
            place=row.place,
            party=party(row.party),
            caption=row.caption,
            illustrative=row.illustrative,
            publication=row.publication,
        )
        if saver.save(source, f"study.sources[{index}]"):
            source.informants.set(
                [informants[code] for code in row.informants if code in informants]
            )
            sources[row.key] = source
    saver.stop_if_any()
    codes: dict[str, Code] = {}
    for index, row in enumerate(data.codes):
        code = Code(
            study=study,
            parent=codes.get(row.parent),
            name=row.name,
            description=row.description,
            colour=row.colour,
            function=row.function,
            indicator=row.indicator,
            direction=row.direction,
            party=party(row.party),
        )
        if saver.save(code, f"study.codes[{index}]"):
            codes[row.key] = code
    segments: dict[str, Segment] = {}
    for index, row in enumerate(data.segments):
        segment = Segment(source=sources[row.source], start=row.start, end=row.end)
        if saver.save(segment, f"study.segments[{index}]"):
            segment.codes.set([codes[key] for key in row.codes if key in codes])
            segments[row.key] = segment
    saver.stop_if_any()
    for index, row in enumerate(data.findings):
        finding = Finding(
            study=study,
            statement=row.statement,
            statement_en=row.statement_en,
            function=row.function,
            indicator=row.indicator,
            direction=row.direction,
            party=party(row.party),
            model_label=row.model_label,
            # Who verified is not carried: the lead of the imported study stands for it.
            verified_by=lead if row.verified else None,
            verified_at=timezone.now() if row.verified else None,
        )
        if saver.save(finding, f"study.findings[{index}]"):
            finding.supporting.set([segments[key] for key in row.supporting])
            finding.contradicting.set([segments[key] for key in row.contradicting])
    return study
