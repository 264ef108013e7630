from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from semanggi.core.regions import Level


class RegionLevel(models.IntegerChoices):
    PROVINCE = Level.PROVINCE, _("Province")
    REGENCY = Level.REGENCY, _("Regency/City")
    DISTRICT = Level.DISTRICT, _("District")
    VILLAGE = Level.VILLAGE, _("Village")


def within_q(field: str, codes: "list[str] | tuple[str, ...]") -> Q:
    """Rows whose region ``field`` (a code path such as ``locations__code``) is one of ``codes``
    or lies inside one of them. No match when ``codes`` is empty."""
    condition = Q(pk__in=[])
    for code in codes:
        condition |= Q(**{field: code}) | Q(**{f"{field}__startswith": f"{code}."})
    return condition


class Region(models.Model):
    """An official administrative region, identified by its Kemendagri code."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    # ``name`` as search compares it (semanggi.core.regions.search_key): the region picker
    # matches on this column, which a trigram index serves on PostgreSQL.
    search_name = models.CharField(_("name for search"), max_length=120, default="", editable=False)
    level = models.PositiveSmallIntegerField(_("level"), choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        indexes = [models.Index(fields=["level", "name"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"
