from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import factory

from semanggi.partnerships.tests.factories import PartnershipFactory
from semanggi.poac.models import Activity


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Kegiatan {n}")
    planned_start = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    planned_end = factory.LazyFunction(lambda: date.today() + timedelta(days=30))


def every_record_create(partnership: Any) -> dict[str, Any]:
    """One record of every management type on ``partnership`` (which has at least two
    parties), saved the ordinary way so that each has its history."""
    from django.core.files.base import ContentFile

    from semanggi.partnerships.models import Party
    from semanggi.poac import models as poac

    first, second = list(Party.objects.filter(partnership=partnership).order_by("pk")[:2])
    day = date(2026, 3, 2)
    activity = poac.Activity.objects.create(
        partnership=partnership,
        title="Renovasi ruang tunggu",
        planned_start=day,
        planned_end=date(2026, 6, 30),
    )
    line = poac.BudgetLine.objects.create(
        activity=activity, party=second, description="Bahan bangunan", amount=Decimal(1000)
    )
    forum = poac.Forum.objects.create(partnership=partnership, kind="forum", name="Forum CSR")
    meeting = poac.Meeting.objects.create(
        partnership=partnership, forum=forum, held_on=day, title="Rapat awal"
    )
    decision = poac.Decision.objects.create(
        partnership=partnership, decided_on=day, subject="budget", text="Anggaran disetujui"
    )
    update = poac.ProgressUpdate.objects.create(
        activity=activity, reported_on=day, percent_complete=10, narrative="Mulai"
    )
    indicator = poac.Indicator.objects.create(
        partnership=partnership, name="Kunjungan", kind="output", unit="orang", accountable=first
    )
    records = {
        "activity": activity,
        "budget line": line,
        "risk": poac.Risk.objects.create(
            partnership=partnership, description="Hujan", likelihood=2, impact=3, owner=second
        ),
        "responsibility": poac.Responsibility.objects.create(
            activity=activity, party=second, letter="A"
        ),
        "team member": poac.TeamMember.objects.create(
            partnership=partnership, party=first, name="Sari", function="Ketua"
        ),
        "forum": forum,
        "meeting": meeting,
        "decision": decision,
        "decision party": poac.DecisionParty.objects.create(
            decision=decision, party=second, involvement="consulted"
        ),
        "progress update": update,
        "progress evidence": poac.ProgressEvidence.objects.create(
            update=update, file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="bukti.pdf"), caption="Foto"
        ),
        "transaction": poac.Transaction.objects.create(
            partnership=partnership,
            type="3",
            amount=Decimal(500),
            transacted_on=day,
            provider=second,
            receiver=first,
        ),
        "handover": poac.Handover.objects.create(
            partnership=partnership, asset="Ruang tunggu", from_party=second, to_party=first
        ),
        "obstacle": poac.Obstacle.objects.create(
            partnership=partnership, title="Izin tertunda", raised_on=day, owner=first
        ),
        "indicator": indicator,
        "indicator period": poac.IndicatorPeriod.objects.create(
            indicator=indicator, period_start=day, period_end=date(2026, 12, 31), target=100
        ),
        "corrective action": poac.CorrectiveAction.objects.create(
            partnership=partnership,
            flag="activity:1",
            description="Percepat",
            owner=first,
            due_on=date(2026, 7, 1),
        ),
        "closure": poac.Closure.objects.create(
            partnership=partnership, closing_note="Selesai", sustainability="Dinas melanjutkan"
        ),
    }
    return records
