"""Stored figures of the partnerships within each region, so that a page over an area reads
a few rows whatever the number of partnerships in it (semanggi.poac.aggregates keeps them)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionAggregate(models.Model):
    """What the partnerships located within one region add up to: counts by phase, status
    and sector, money committed / disbursed / spent, flags, the years they started and the
    money moved by year, the red and amber flags of the last days. One row per region (and
    one for the whole country, code "") and per variant: every partnership, or the published
    ones only. A partnership located in several places within the region counts once."""

    region_code = models.CharField(_("region code"), max_length=13)  # "" = Indonesia
    level = models.PositiveSmallIntegerField(_("level"))  # 0 country, 1 province … 4 village
    published_only = models.BooleanField(_("published only"))
    partnerships = models.PositiveIntegerField(default=0)
    # located at the region itself (not only inside a part of it): the map's "elsewhere"
    located_here = models.PositiveIntegerField(default=0)
    # distinct places (location codes) within the region where a partnership is located
    places = models.PositiveIntegerField(default=0)
    with_summary = models.PositiveIntegerField(default=0)
    committed = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    disbursed = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    spent = models.DecimalField(max_digits=24, decimal_places=2, default=0)
    red = models.PositiveIntegerField(default=0)
    amber = models.PositiveIntegerField(default=0)
    overdue_updates = models.PositiveIntegerField(default=0)
    flagged = models.PositiveIntegerField(default=0)
    by_phase = models.JSONField(default=dict)  # phase → partnerships
    by_status = models.JSONField(default=dict)  # status → partnerships
    # sector → [partnerships, committed, disbursed, spent, with a summary]
    by_sector = models.JSONField(default=dict)
    started = models.JSONField(default=dict)  # year → partnerships that started then
    money_by_year = models.JSONField(default=dict)  # year → [disbursed, spent, transactions]
    # day → [red, amber, tallies], the last FLAG_DAYS days; kept down to districts
    flag_days = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("region aggregate")
        verbose_name_plural = _("region aggregates")
        constraints = [
            models.UniqueConstraint(
                fields=["region_code", "published_only"], name="region_aggregate_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["published_only", "level", "region_code"], name="region_aggregate_level"
            )
        ]

    def __str__(self) -> str:
        variant = "published" if self.published_only else "all"
        return f"{self.region_code or 'ID'} ({variant}): {self.partnerships}"


class AggregateShare(models.Model):
    """What one partnership adds to the region aggregates, as last counted: the difference
    with what it adds now is what a change applies. Kept after the partnership is deleted
    (no foreign key) until its share is taken off."""

    partnership_id = models.BigIntegerField(primary_key=True)
    share = models.JSONField(default=dict)
    # The smallest region all its places lie within ("" when they lie in several provinces;
    # null without a place): a coordinator's figures read the shares of the unpublished
    # partnerships that reach beyond her area by it (semanggi.poac.figures).
    span = models.CharField(max_length=13, null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("aggregate share")
        verbose_name_plural = _("aggregate shares")

    def __str__(self) -> str:
        return str(self.partnership_id)
