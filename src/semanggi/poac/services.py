"""Writes for the management records: saving a record, moving between phases, approving an
indicator's actual value, and keeping the stored flag summaries current."""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from semanggi.access.selectors import principal_for
from semanggi.core.flags import FlagKind, Level, worst
from semanggi.core.lifecycle import (
    Message,
    Phase,
    TransitionResult,
    iati_status,
    is_read_only,
    transition,
)
from semanggi.partnerships.models import Partnership
from semanggi.poac.aggregates import region_aggregates_update
from semanggi.poac.dashboard import Money, money_by_partnership
from semanggi.poac.forms import PartnershipForm, PartnershipRecordForm, ProgressUpdateForm
from semanggi.poac.models import (
    Activity,
    Decision,
    FlagTally,
    IndicatorPeriod,
    PartnershipSummary,
    PhaseChange,
    ProgressEvidence,
    ProgressUpdate,
)
from semanggi.poac.selectors import lifecycle_snapshot, partnership_flags
from semanggi.versions import VersionConflict, version_save


class ServiceError(Exception):
    """A request the rules refuse; ``message`` says why in Indonesian and English."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.en)
        self.message = message


CLOSED_MESSAGE = Message(
    "Kemitraan sudah ditutup: catatannya hanya dapat dibaca. Administrator dapat membukanya "
    "kembali dengan alasan.",
    "The partnership is closed: its records are read-only. An administrator can reopen it "
    "with a reason.",
)


def partnership_check_open(partnership: Partnership) -> None:
    """Refuse any change to a closed partnership's records (``ServiceError``)."""
    if is_read_only(Phase(partnership.phase)):
        raise ServiceError(CLOSED_MESSAGE)


def record_save(*, form: PartnershipRecordForm, actor: Any) -> Model:
    """Save a valid management record form of its partnership, with what follows from it.
    :class:`~semanggi.versions.VersionConflict` when the record changed since the version
    the form started from."""
    partnership = form.partnership
    partnership_check_open(partnership)
    with transaction.atomic():
        instance = form.save(commit=False)
        if isinstance(instance, ProgressUpdate):
            instance.reported_by = actor if actor and actor.is_authenticated else None
        if isinstance(instance, Decision) and not instance.pk:
            instance.recorded_by = actor if actor and actor.is_authenticated else None
        if isinstance(instance, IndicatorPeriod) and "actual" in form.changed_data:
            # A new actual value waits for the accountable party's approval again.
            instance.actual_by = actor if actor and actor.is_authenticated else None
            instance.approved_by = None
            instance.approved_at = None
        version_save(instance, expected=form.expected_version)
        form.save_m2m()
        if isinstance(form, ProgressUpdateForm):
            _progress_recorded(instance, form)
        partnership_summary_refresh(partnership_ids=[partnership.pk], today=timezone.localdate())
    return instance


def partnership_save(*, form: PartnershipForm) -> Partnership:
    """Save the partnership's own facts (VersionConflict if they changed meanwhile)."""
    partnership_check_open(form.partnership)
    with transaction.atomic():
        partnership: Partnership = form.save(commit=False)
        version_save(partnership, expected=form.expected_version)
        form.save_m2m()
        # Publication, places, sector, phase and dates are what the region figures count.
        region_aggregates_update(partnership_ids=[partnership.pk])
    return partnership


def partnership_delete(*, partnership: Partnership) -> None:
    """Delete a partnership and everything recorded in it (administrators only, from the
    admin site); its share of the region figures goes with it."""
    with transaction.atomic():
        pk = partnership.pk
        partnership.delete()
        region_aggregates_update(partnership_ids=[pk])


def _progress_recorded(update: ProgressUpdate, form: ProgressUpdateForm) -> None:
    activity = Activity.objects.select_for_update().get(pk=update.activity_id)
    if activity.last_update_on is None or update.reported_on >= activity.last_update_on:
        activity.percent_complete = update.percent_complete
        activity.last_update_on = update.reported_on
        if update.percent_complete > 0 and activity.actual_start is None:
            activity.actual_start = update.reported_on
        if update.percent_complete == 100 and activity.actual_end is None:
            activity.actual_end = update.reported_on
        version_save(
            activity,
            expected=None,
            update_fields=["percent_complete", "last_update_on", "actual_start", "actual_end"],
        )
    upload = form.cleaned_data.get("evidence")
    if upload:
        ProgressEvidence.objects.create(
            update=update, file=upload, caption=form.cleaned_data.get("caption", "")
        )


def partnership_phase_change(
    *, partnership: Partnership, target: Phase, reason: str | None, actor: Any
) -> TransitionResult:
    """Move the partnership to ``target`` if the lifecycle allows it; the result says what
    happened and, when refused, what is missing."""
    with transaction.atomic():
        locked = Partnership.objects.select_for_update().get(pk=partnership.pk)
        current = Phase(locked.phase)
        result = transition(
            lifecycle_snapshot(locked),
            current,
            target,
            reason,
            admin=principal_for(actor).admin,
        )
        if not result.allowed:
            return result
        locked.phase = result.phase
        locked.status = iati_status(result.phase)
        version_save(locked, expected=None, update_fields=["phase", "status", "updated_at"])
        PhaseChange.objects.create(
            partnership=locked,
            from_phase=current,
            to_phase=result.phase,
            reason=result.reason or "",
            changed_by=actor if actor and actor.is_authenticated else None,
        )
        partnership.phase, partnership.status = locked.phase, locked.status
        partnership_summary_refresh(partnership_ids=[locked.pk], today=timezone.localdate())
    return result


def indicator_approver_check(*, period: IndicatorPeriod, actor: Any) -> None:
    """ServiceError unless ``actor`` may approve the period's actual value: a member of the
    indicator's accountable party, or an administrator."""
    partnership_check_open(period.indicator.partnership)
    principal = principal_for(actor)
    accountable = period.indicator.accountable.organisation_id
    if not (principal.admin or accountable in principal.organisation_ids):
        raise ServiceError(
            Message(
                "Hanya pihak penanggung jawab indikator yang dapat menyetujui capaiannya.",
                "Only the indicator's accountable party can approve its actual value.",
            )
        )


def indicator_actual_approve(
    *, period: IndicatorPeriod, actor: Any, version: int | None
) -> IndicatorPeriod:
    """The accountable party (a member of it, or an administrator) approves an actual value,
    naming the ``version`` of the record she saw. If the record changed since (a new actual
    value, a new target), :class:`~semanggi.versions.VersionConflict`: what she approves is
    what she saw, or nothing. ``version`` None approves the record as read in this request."""
    indicator_approver_check(period=period, actor=actor)
    with transaction.atomic():
        current = IndicatorPeriod.objects.select_for_update().get(pk=period.pk)
        if version is not None and current.version != version:
            raise VersionConflict(current, version)
        if current.actual is None:
            raise ServiceError(
                Message(
                    "Belum ada capaian untuk disetujui.", "There is no actual value to approve."
                )
            )
        period.actual = current.actual
        period.approved_by = actor
        period.approved_at = timezone.now()
        version_save(
            period,
            expected=current.version,
            update_fields=["approved_by", "approved_at"],
        )
    return period


def partnership_summary_refresh(
    *, partnership_ids: list[int], today: date, aggregates: bool = True
) -> int:
    """Recompute and store the flags and money totals of these partnerships, in sets (a
    fixed number of queries whatever their number), and their share of the region figures
    (unless ``aggregates`` is false: the daily refresh recomputes those at its end);
    returns how many."""
    with transaction.atomic():
        return _summaries_store(partnership_ids, today, aggregates)


def _summaries_store(partnership_ids: list[int], today: date, aggregates: bool) -> int:
    computed = partnership_flags(partnership_ids, today)
    money = money_by_partnership(partnership_ids)
    summaries = []
    for pk, flags in computed.items():
        totals = money.get(pk, Money())
        summaries.append(
            PartnershipSummary(
                partnership_id=pk,
                computed_on=today,
                worst=worst(flags).value,
                red=sum(1 for f in flags if f.level is Level.RED),
                amber=sum(1 for f in flags if f.level is Level.AMBER),
                overdue_updates=sum(
                    1
                    for f in flags
                    if f.kind is FlagKind.UPDATE_OVERDUE and f.level is not Level.GREEN
                ),
                flags=[
                    {
                        "kind": f.kind.value,
                        "level": f.level.value,
                        "subject": f.subject,
                        "id": f.reason.id,
                        "en": f.reason.en,
                    }
                    for f in flags
                    if f.level is not Level.GREEN
                ],
                committed=totals.committed,
                disbursed=totals.disbursed,
                spent=totals.spent,
            )
        )
    FlagTally.objects.bulk_create(
        [
            FlagTally(partnership_id=s.partnership_id, day=today, red=s.red, amber=s.amber)
            for s in summaries
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["partnership", "day"],
        update_fields=["red", "amber"],
    )
    PartnershipSummary.objects.bulk_create(
        summaries,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["partnership"],
        update_fields=[
            "computed_on",
            "worst",
            "red",
            "amber",
            "overdue_updates",
            "flags",
            "committed",
            "disbursed",
            "spent",
        ],
    )
    if aggregates:
        region_aggregates_update(partnership_ids=partnership_ids, today=today)
    return len(summaries)
