"""Atom feeds: newly published partnerships, and the updates of a region's partnerships."""

from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import Min
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from semanggi.core.regions import is_valid_code
from semanggi.partnerships.models import Partnership
from semanggi.poac.models import PhaseChange, ProgressUpdate
from semanggi.regions.models import Region, within_q

LIMIT = 50


@dataclass(frozen=True)
class Entry:
    title: str
    text: str
    link: str
    moment: datetime
    key: str


def _published_since() -> dict[int, datetime]:
    """When each published partnership was first published, from its history."""
    rows = (
        Partnership.history.filter(is_published=True)
        .values("id")
        .annotate(first=Min("history_date"))
        .values_list("id", "first")
    )
    return dict(rows)


def _published_entries(partnerships: Any) -> list[Entry]:
    since = _published_since()
    rows = list(partnerships.filter(is_published=True))
    entries = [
        Entry(
            title=_("Published: %(title)s") % {"title": p.localized("title")},
            text=p.localized("description"),
            link=reverse("partnership-detail", args=[p.slug]),
            moment=since.get(p.pk, p.created_at),
            key=f"published-{p.pk}",
        )
        for p in rows
    ]
    return sorted(entries, key=lambda e: (e.moment, e.key), reverse=True)[:LIMIT]


class _AtomFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        # Atom readers take the summary as HTML: what people typed is shown as text.
        return escape(item.text)

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return item.key

    def item_pubdate(self, item: Entry) -> datetime:
        return item.moment

    def item_updateddate(self, item: Entry) -> datetime:
        return item.moment


class PublishedPartnershipsFeed(_AtomFeed):
    def title(self) -> str:
        return _("Newly published partnerships")

    def subtitle(self) -> str:
        return _("Partnerships between local governments and companies, as they are published.")

    def link(self) -> str:
        return reverse("partnership-index")

    def items(self) -> list[Entry]:
        return _published_entries(Partnership.objects.all())


class RegionFeed(_AtomFeed):
    def get_object(self, request: HttpRequest, code: str) -> Region:  # type: ignore[override]
        region = Region.objects.filter(code=code).first() if is_valid_code(code) else None
        if region is None:
            raise Http404
        return region

    def title(self, region: Region) -> str:
        return _("Partnerships in %(region)s: updates") % {"region": region.name}

    def subtitle(self, region: Region) -> str:
        return _("Newly published partnerships, progress and phase changes in %(region)s.") % {
            "region": region.name
        }

    def link(self, region: Region) -> str:
        return reverse("region-detail", args=[region.code])

    def items(self, region: Region) -> list[Entry]:
        located = Partnership.locations.through.objects.filter(
            within_q("region__code", [region.code])
        ).values("partnership_id")
        partnerships = Partnership.objects.filter(pk__in=located, is_published=True)
        entries = _published_entries(partnerships)
        updates = (
            ProgressUpdate.objects.filter(activity__partnership__in=partnerships)
            .select_related("activity__partnership")
            .order_by("-reported_on", "-id")[:LIMIT]
        )
        zone = timezone.get_current_timezone()
        for update in updates:
            p = update.activity.partnership
            entries.append(
                Entry(
                    title=_("%(title)s: %(activity)s at %(percent)s %%")
                    % {
                        "title": p.localized("title"),
                        "activity": update.activity.localized("title"),
                        "percent": update.percent_complete,
                    },
                    text=update.narrative,
                    link=reverse("partnership-detail", args=[p.slug]) + "#actuating",
                    moment=datetime.combine(update.reported_on, time(12), tzinfo=zone),
                    key=f"progress-{update.pk}",
                )
            )
        changes = (
            PhaseChange.objects.filter(partnership__in=partnerships)
            .select_related("partnership")
            .order_by("-changed_at", "-id")[:LIMIT]
        )
        for change in changes:
            p = change.partnership
            entries.append(
                Entry(
                    title=_("%(title)s: %(from)s → %(to)s")
                    % {
                        "title": p.localized("title"),
                        "from": change.get_from_phase_display(),
                        "to": change.get_to_phase_display(),
                    },
                    text=change.reason,
                    link=reverse("partnership-detail", args=[p.slug]) + "#phase",
                    moment=change.changed_at,
                    key=f"phase-{change.pk}",
                )
            )
        return sorted(entries, key=lambda e: (e.moment, e.key), reverse=True)[:LIMIT]
