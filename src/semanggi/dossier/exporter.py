"""Export a partnership as a dossier: every record of the case, keyed by position, in the order
it was created, so that export, import and export again give the same file.

Left out on purpose: people's accounts (who recorded, approved or verified something; the
study's lead and team), uploaded files (agreement documents, progress photos, source
originals), histories, and anything personal about informants (real name, contact, consent
form). A source whose every informant withdrew consent is left out with its segments, so that
no withdrawn voice travels in a file. The first study of the partnership is carried (a dossier
holds one); evidence it attributes to parties of other partnerships loses that party.
"""

from datetime import date
from decimal import Decimal

from semanggi.dossier import model as fmt
from semanggi.evidence.models import Code, Finding, Informant, Segment, Source, Study
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Absence, Dependence, Partnership, Party
from semanggi.poac.models import (
    Activity,
    Closure,
    Decision,
    Forum,
    Handover,
    Indicator,
    Meeting,
    ProgressUpdate,
    Transaction,
)
from semanggi.regions.models import Region


class NotFound(LookupError):
    pass


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _amount(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _organisations(parties: list[Party], extra: list[Organisation]) -> list[Organisation]:
    """The organisations of the case with their ancestors, parents before children."""
    wanted: dict[int, Organisation] = {}
    pending = [party.organisation for party in parties] + extra
    while pending:
        organisation = pending.pop()
        if organisation.pk in wanted:
            continue
        wanted[organisation.pk] = organisation
        if organisation.parent_id is not None and organisation.parent_id not in wanted:
            pending.append(Organisation.objects.get(pk=organisation.parent_id))
    ordered: list[Organisation] = []
    placed: set[int] = set()

    def place(organisation: Organisation) -> None:
        if organisation.pk in placed:
            return
        if organisation.parent_id is not None:
            place(wanted[organisation.parent_id])
        placed.add(organisation.pk)
        ordered.append(organisation)

    for organisation in sorted(wanted.values(), key=lambda o: o.slug):
        place(organisation)
    return ordered


def _parents_first(codes: list[Code]) -> list[Code]:
    """Codes in creation order, except that a parent always comes before its children."""
    by_pk = {code.pk: code for code in codes}
    ordered: list[Code] = []
    placed: set[int] = set()

    def place(code: Code) -> None:
        if code.pk in placed:
            return
        placed.add(code.pk)
        if code.parent_id in by_pk:
            place(by_pk[code.parent_id])
        ordered.append(code)

    for code in codes:
        place(code)
    return ordered


def dossier_export(slug: str) -> fmt.Dossier:
    """The dossier of the partnership ``slug`` (NotFound when there is none)."""
    return dossier_export_many([slug])


def dossier_export_many(slugs: list[str]) -> fmt.Dossier:
    """One dossier holding the partnerships ``slugs`` (in that order) and the first study of
    the first one. NotFound names a slug that is not a partnership."""
    found = {p.slug: p for p in Partnership.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in found:
            raise NotFound(slug)
    partnerships = [found[slug] for slug in dict.fromkeys(slugs)]
    parties_of = {
        partnership.pk: list(
            Party.objects.filter(partnership=partnership)
            .select_related("organisation")
            .prefetch_related("roles", "objectives", "contributions")
            .order_by("pk")
        )
        for partnership in partnerships
    }
    every_party = [party for parties in parties_of.values() for party in parties]
    study = partnerships[0].studies.order_by("pk").first()
    informants = (
        list(Informant.objects.filter(study=study).select_related("organisation").order_by("pk"))
        if study
        else []
    )
    organisations = _organisations(
        every_party, [i.organisation for i in informants if i.organisation is not None]
    )
    locations = {
        code
        for partnership in partnerships
        for code in partnership.locations.values_list("code", flat=True)
    }
    region_codes = sorted(
        locations | {o.region_id for o in organisations if o.region_id is not None}
    )
    regions = Region.objects.in_bulk(region_codes)
    cases = tuple(_case(p, parties_of[p.pk]) for p in partnerships)
    # How the study names a party: by its organisation, or with its partnership where the
    # organisation is party to several of the file's partnerships.
    times: dict[int, int] = {}
    for party in every_party:
        times[party.organisation_id] = times.get(party.organisation_id, 0) + 1
    slug_by_pk = {p.pk: p.slug for p in partnerships}
    reference_of = {
        party.pk: party.organisation.slug
        if times[party.organisation_id] == 1
        else f"{slug_by_pk[party.partnership_id]}/{party.organisation.slug}"
        for party in every_party
    }
    covered: tuple[str, ...] = ()
    if study is not None and len(partnerships) > 1:
        linked = set(study.partnerships.values_list("pk", flat=True))
        if not all(p.pk in linked for p in partnerships):
            covered = tuple(p.slug for p in partnerships if p.pk in linked)
    return fmt.Dossier(
        partnerships=cases,
        regions=tuple(
            fmt.Region(code=code, name=regions[code].name if code in regions else "")
            for code in region_codes
        ),
        organisations=tuple(
            fmt.Organisation(
                slug=o.slug,
                name=o.name,
                kind=o.kind,
                acronym=o.acronym,
                parent=next((p.slug for p in organisations if p.pk == o.parent_id), ""),
                region=o.region_id or "",
                iati_identifier=o.iati_identifier,
                description=o.description,
                description_en=o.description_en,
                is_pseudonymous=o.is_pseudonymous,
            )
            for o in organisations
        ),
        study=_study(study, informants, reference_of, covered) if study else None,
    )


def _case(partnership: Partnership, parties: list[Party]) -> fmt.Partnership:
    """One partnership of the dossier, keyed by position."""
    slug_of = {party.pk: party.organisation.slug for party in parties}
    objective_keys: dict[int, str] = {}

    def objective(row: object) -> fmt.Objective:
        key = f"objective-{len(objective_keys) + 1}"
        objective_keys[row.pk] = key  # type: ignore[attr-defined]
        held = tuple(
            slug_of[p.pk]
            for p in sorted(row.held_by.all(), key=lambda p: p.pk)  # type: ignore[attr-defined]
        )
        return fmt.Objective(
            key=key,
            text=row.text,  # type: ignore[attr-defined]
            text_en=row.text_en,  # type: ignore[attr-defined]
            held_by=held,
        )

    joint = [
        objective(o)
        for o in partnership.objectives.filter(party__isnull=True)
        .prefetch_related("held_by")
        .order_by("pk")
    ]
    party_rows = []
    for party in parties:
        party_rows.append(
            fmt.Party(
                organisation=party.organisation.slug,
                roles=tuple(sorted(role.role for role in party.roles.all())),
                standing=party.standing,
                beneficiary=party.beneficiary,
                objectives=tuple(
                    objective(o) for o in sorted(party.objectives.all(), key=lambda o: o.pk)
                ),
                contributions=tuple(
                    fmt.Contribution(
                        kind=c.kind,
                        description=c.description,
                        description_en=c.description_en,
                        planned_value=_amount(c.planned_value),
                        realised_value=_amount(c.realised_value),
                        values_illustrative=c.values_illustrative,
                    )
                    for c in sorted(party.contributions.all(), key=lambda c: c.pk)
                ),
            )
        )
    agreements = list(partnership.agreements.prefetch_related("parties").order_by("pk"))
    agreement_keys = {a.pk: f"agreement-{n}" for n, a in enumerate(agreements, 1)}
    activities = list(
        Activity.objects.filter(partnership=partnership)
        .prefetch_related("depends_on", "responsibilities")
        .order_by("pk")
    )
    activity_keys = {a.pk: f"activity-{n}" for n, a in enumerate(activities, 1)}
    forums = list(Forum.objects.filter(partnership=partnership).order_by("pk"))
    forum_keys = {f.pk: f"forum-{n}" for n, f in enumerate(forums, 1)}
    meetings = list(
        Meeting.objects.filter(partnership=partnership).prefetch_related("attendees").order_by("pk")
    )
    meeting_keys = {m.pk: f"meeting-{n}" for n, m in enumerate(meetings, 1)}
    decisions = list(
        Decision.objects.filter(partnership=partnership).prefetch_related("parties").order_by("pk")
    )
    indicators = list(
        Indicator.objects.filter(partnership=partnership).prefetch_related("periods").order_by("pk")
    )
    closure = Closure.objects.filter(partnership=partnership).first()

    def letters(activity: Activity) -> tuple[fmt.Responsibility, ...]:
        held: dict[int, str] = {}
        for cell in sorted(activity.responsibilities.all(), key=lambda c: c.pk):
            held[cell.party_id] = held.get(cell.party_id, "") + cell.letter
        return tuple(
            fmt.Responsibility(
                party=slug_of[party_id], letters="".join(sorted(text, key="RACI".index))
            )
            for party_id, text in sorted(held.items())
        )

    case = fmt.Partnership(
        slug=partnership.slug,
        title=partnership.title,
        sector=partnership.sector,
        title_en=partnership.title_en,
        programme=partnership.programme,
        description=partnership.description,
        description_en=partnership.description_en,
        status=partnership.status,
        phase=partnership.phase,
        planned_start=_day(partnership.planned_start),
        planned_end=_day(partnership.planned_end),
        actual_start=_day(partnership.actual_start),
        actual_end=_day(partnership.actual_end),
        no_agreement_reason=partnership.no_agreement_reason,
        is_published=partnership.is_published,
        locations=tuple(sorted(partnership.locations.values_list("code", flat=True))),
        objectives=tuple(joint),
        parties=tuple(party_rows),
        absences=tuple(
            fmt.Absence(
                what=a.what,
                party=slug_of.get(a.party_id, "") if a.party_id else "",
                reason=a.reason,
                reason_en=a.reason_en,
            )
            for a in Absence.objects.filter(partnership=partnership).order_by("pk")
        ),
        dependences=tuple(
            fmt.Dependence(
                party=slug_of[d.party_id],
                on_party=slug_of[d.on_party_id],
                kind=d.kind,
                description=d.description,
                description_en=d.description_en,
            )
            for d in Dependence.objects.filter(partnership=partnership).order_by("pk")
        ),
        agreements=tuple(
            fmt.Agreement(
                key=agreement_keys[a.pk],
                kind=a.kind,
                title=a.title,
                title_en=a.title_en,
                number=a.number,
                signed_on=_day(a.signed_on),
                parties=tuple(slug_of[p.pk] for p in sorted(a.parties.all(), key=lambda p: p.pk)),
            )
            for a in agreements
        ),
        conditions=tuple(
            fmt.Condition(
                kind=c.kind,
                text=c.text,
                text_en=c.text_en,
                agreement=agreement_keys.get(c.agreement_id, "") if c.agreement_id else "",
            )
            for c in partnership.conditions.order_by("pk")
        ),
        activities=tuple(
            fmt.Activity(
                key=activity_keys[a.pk],
                title=a.title,
                planned_start=a.planned_start.isoformat(),
                planned_end=a.planned_end.isoformat(),
                title_en=a.title_en,
                description=a.description,
                actual_start=_day(a.actual_start),
                actual_end=_day(a.actual_end),
                percent_complete=a.percent_complete,
                last_update_on=_day(a.last_update_on),
                illustrative=a.illustrative,
                depends_on=tuple(
                    activity_keys[d.pk] for d in sorted(a.depends_on.all(), key=lambda d: d.pk)
                ),
                responsibilities=letters(a),
            )
            for a in activities
        ),
        progress_updates=tuple(
            fmt.ProgressUpdate(
                activity=activity_keys[u.activity_id],
                reported_on=u.reported_on.isoformat(),
                percent_complete=u.percent_complete,
                narrative=u.narrative,
            )
            for u in ProgressUpdate.objects.filter(activity__partnership=partnership).order_by("pk")
        ),
        forums=tuple(
            fmt.Forum(key=forum_keys[f.pk], kind=f.kind, name=f.name, description=f.description)
            for f in forums
        ),
        meetings=tuple(
            fmt.Meeting(
                key=meeting_keys[m.pk],
                held_on=m.held_on.isoformat(),
                title=m.title,
                forum=forum_keys.get(m.forum_id, "") if m.forum_id else "",
                attendees=tuple(
                    slug_of[p.pk] for p in sorted(m.attendees.all(), key=lambda p: p.pk)
                ),
                agenda=m.agenda,
                minutes=m.minutes,
            )
            for m in meetings
        ),
        decisions=tuple(
            fmt.Decision(
                key=f"decision-{n}",
                decided_on=d.decided_on.isoformat(),
                subject=d.subject,
                text=d.text,
                meeting=meeting_keys.get(d.meeting_id, "") if d.meeting_id else "",
                involvement=tuple(
                    fmt.Involvement(party=slug_of[e.party_id], involvement=e.involvement)
                    for e in sorted(d.parties.all(), key=lambda e: e.pk)
                ),
            )
            for n, d in enumerate(decisions, 1)
        ),
        transactions=tuple(
            fmt.Transaction(
                type=t.type,
                amount=f"{t.amount:.2f}",
                transacted_on=t.transacted_on.isoformat(),
                provider=slug_of.get(t.provider_id, "") if t.provider_id else "",
                receiver=slug_of.get(t.receiver_id, "") if t.receiver_id else "",
                activity=activity_keys.get(t.activity_id, "") if t.activity_id else "",
                description=t.description,
                due_on=_day(t.due_on),
                values_illustrative=t.values_illustrative,
            )
            for t in Transaction.objects.filter(partnership=partnership).order_by("pk")
        ),
        handovers=tuple(
            fmt.Handover(
                asset=h.asset,
                from_party=slug_of[h.from_party_id],
                to_party=slug_of[h.to_party_id],
                asset_en=h.asset_en,
                handed_over_on=_day(h.handed_over_on),
                agreement=agreement_keys.get(h.agreement_id, "") if h.agreement_id else "",
            )
            for h in Handover.objects.filter(partnership=partnership).order_by("pk")
        ),
        indicators=tuple(
            fmt.Indicator(
                key=f"indicator-{n}",
                name=i.name,
                kind=i.kind,
                unit=i.unit,
                accountable=slug_of[i.accountable_id],
                name_en=i.name_en,
                baseline=f"{i.baseline:.2f}",
                objective=objective_keys.get(i.objective_id, "") if i.objective_id else "",
                periods=tuple(
                    fmt.Period(
                        period_start=p.period_start.isoformat(),
                        period_end=p.period_end.isoformat(),
                        target=f"{p.target:.2f}",
                        actual=_amount(p.actual),
                        approved=p.approved_at is not None,
                        illustrative=p.illustrative,
                    )
                    for p in sorted(i.periods.all(), key=lambda p: p.pk)
                ),
            )
            for n, i in enumerate(indicators, 1)
        ),
        closure=fmt.Closure(
            closing_note=closure.closing_note,
            sustainability=closure.sustainability,
            closed_on=_day(closure.closed_on),
        )
        if closure
        else None,
    )
    return case


def _study(
    study: Study,
    informants: list[Informant],
    slug_of: dict[int, str],
    covered: tuple[str, ...] = (),
) -> fmt.Study:
    codes_of = {i.pk: i.code for i in informants}
    withdrawn = {i.pk for i in informants if i.consent_withdrawn_on is not None}
    sources = []
    for source in Source.objects.filter(study=study).prefetch_related("informants").order_by("pk"):
        voices = {i.pk for i in source.informants.all()}
        if voices and voices <= withdrawn:
            continue
        sources.append(source)
    source_keys = {s.pk: f"source-{n}" for n, s in enumerate(sources, 1)}
    codes = _parents_first(list(Code.objects.filter(study=study).order_by("pk")))
    code_keys = {c.pk: f"code-{n}" for n, c in enumerate(codes, 1)}
    segments = [
        s
        for s in Segment.objects.filter(source__study=study)
        .prefetch_related("codes")
        .order_by("pk")
        if s.source_id in source_keys
    ]
    segment_keys = {s.pk: f"segment-{n}" for n, s in enumerate(segments, 1)}
    findings = list(
        Finding.objects.filter(study=study)
        .prefetch_related("supporting", "contradicting")
        .order_by("pk")
    )

    def party(party_id: int | None) -> str:
        return slug_of.get(party_id, "") if party_id else ""

    return fmt.Study(
        title=study.title,
        research_questions=study.research_questions,
        status=study.status,
        method=study.method,
        publication=study.publication,
        illustrative=study.illustrative,
        partnerships=covered,
        min_informants=study.min_informants,
        min_source_kinds=study.min_source_kinds,
        min_parties=study.min_parties,
        informants=tuple(
            fmt.Informant(
                code=i.code,
                label=i.label,
                sampling=i.sampling,
                role=i.role,
                party=party(i.party_id),
                organisation=i.organisation.slug if i.organisation else "",
                referred_by=codes_of.get(i.referred_by_id, "") if i.referred_by_id else "",
                met_where=i.met_where,
                met_on=_day(i.met_on),
                consent_on=_day(i.consent_on),
                consent_withdrawn_on=_day(i.consent_withdrawn_on),
            )
            for i in informants
        ),
        sources=tuple(
            fmt.Source(
                key=source_keys[s.pk],
                kind=s.kind,
                title=s.title,
                text=s.text,
                collected_on=_day(s.collected_on),
                place=s.place,
                informants=tuple(
                    codes_of[i.pk] for i in sorted(s.informants.all(), key=lambda i: i.code)
                ),
                party=party(s.party_id),
                caption=s.caption,
                illustrative=s.illustrative,
                publication=s.publication,
            )
            for s in sources
        ),
        codes=tuple(
            fmt.Code(
                key=code_keys[c.pk],
                name=c.name,
                parent=code_keys.get(c.parent_id, "") if c.parent_id else "",
                description=c.description,
                colour=c.shown_colour,  # its own, else the palette colour it is drawn in
                function=c.function,
                indicator=c.indicator,
                direction=c.direction,
                party=party(c.party_id),
            )
            for c in codes
        ),
        segments=tuple(
            fmt.Segment(
                key=segment_keys[s.pk],
                source=source_keys[s.source_id],
                start=s.start,
                end=s.end,
                codes=tuple(code_keys[c.pk] for c in sorted(s.codes.all(), key=lambda c: c.pk)),
            )
            for s in segments
        ),
        findings=tuple(
            fmt.Finding(
                key=f"finding-{n}",
                statement=f.statement,
                statement_en=f.statement_en,
                function=f.function,
                indicator=f.indicator,
                direction=f.direction,
                party=party(f.party_id),
                model_label=f.model_label,
                supporting=tuple(
                    segment_keys[s.pk]
                    for s in sorted(f.supporting.all(), key=lambda s: s.pk)
                    if s.pk in segment_keys
                ),
                contradicting=tuple(
                    segment_keys[s.pk]
                    for s in sorted(f.contradicting.all(), key=lambda s: s.pk)
                    if s.pk in segment_keys
                ),
                verified=f.verified_at is not None,
            )
            for n, f in enumerate(findings, 1)
        ),
    )
