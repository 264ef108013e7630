"""Forms for needs and offers: the one place their input is validated, used by the pages and
by the API alike (the API passes its JSON body as the form's data)."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from semanggi.bounds import BoundedInput
from semanggi.core.access import Principal
from semanggi.core.regions import is_valid_code, is_within
from semanggi.needs.models import Need, NeedStatus, Offer, OfferStatus
from semanggi.needs.selectors import need_publisher_choices, offer_organisation_choices
from semanggi.organisations.models import Organisation
from semanggi.partnerships.sectors import SectorCodesField, SectorField
from semanggi.regions.forms import RegionField, RegionPicker, region_codes_resolve
from semanggi.regions.models import Region
from semanggi.uploads import validate_upload
from semanggi.versions import VersionedForm

# A need or an offer names a handful of regions; a long list is a mistake or an abuse.
MAX_REGIONS = 100
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _blank(choices: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [("", _("All")), *choices]


def _split(value: object) -> list[str]:
    """Codes or names from a text ("33.72, Semanggi · Pasar Kliwon; 33.71") or a list.
    Commas and semicolons separate items; spaces separate codes but not the words of a name."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        items: list[str] = []
        for piece in value.replace(";", ",").split(","):
            words = piece.split()
            if words and all(is_valid_code(word) for word in words):
                items.extend(words)
            elif words:
                items.append(" ".join(words))
        return items
    if isinstance(value, Iterable):
        return [item.code if isinstance(item, Region) else str(item).strip() for item in value]
    raise ValidationError(_("Give region codes as a list or separated by commas."))


def _with_current(choices: QuerySet[Organisation], current: int | None) -> QuerySet[Organisation]:
    """The organisations one may choose, and the one already chosen: editing a record keeps
    its organisation even when the editor could not have chosen it."""
    if current is None:
        return choices
    return Organisation.objects.filter(Q(pk__in=choices.values("pk")) | Q(pk=current)).order_by(
        "name"
    )


class RegionCodesField(forms.Field):
    """Regions typed as codes or names (``33.72, Semanggi · Pasar Kliwon``), picked with the
    region picker, or sent as a JSON list of codes; cleans to the Region rows, in the order
    given. A select of 90,000 villages would help nobody."""

    widget = RegionPicker(multiple=True, attrs={"size": 40})

    def to_python(self, value: object) -> list[Region]:
        items = list(dict.fromkeys(_split(value)))
        if len(items) > MAX_REGIONS:
            raise ValidationError(
                _("At most %(limit)s regions."), params={"limit": MAX_REGIONS}, code="too_many"
            )
        return region_codes_resolve(items)

    def validate(self, value: list[Region]) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value: object) -> str:
        if isinstance(value, str):
            return value
        try:
            return ", ".join(_split(value))
        except ValidationError:
            return ""

    def has_changed(self, initial: object, data: object) -> bool:
        return set(_split(initial)) != set(_split(data))


class NeedForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """A need, as its publisher or a coordinator writes it. The status is not edited here: a
    need is published by ``need_publish`` and matched by ``partnership_create_from_match``."""

    sector = SectorField(label=_("Sector"))
    regions = RegionCodesField(
        label=_("Regions"),
        help_text=_(
            "Type a name (Semanggi, Mojosongo) and pick it; a village, a district, a city…"
        ),
    )

    class Meta:
        model = Need
        fields = [
            "title",
            "title_en",
            "description",
            "description_en",
            "publisher",
            "sector",
            "regions",
            "estimated_cost",
            "beneficiaries",
            "beneficiary_households",
            "priority",
        ]

    def __init__(self, *args: Any, principal: Principal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.principal = principal
        self.fields["publisher"].queryset = _with_current(  # type: ignore[attr-defined]
            need_publisher_choices(principal), self.instance.publisher_id
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        publisher, regions = data.get("publisher"), data.get("regions")
        if publisher is None or regions is None or self.principal.admin:
            return data
        if publisher.pk in self.principal.organisation_ids:
            return data
        # A coordinator writes for a unit she does not act for: only in her own regions.
        existing = (
            {region.code for region in self.instance.regions.all()} if self.instance.pk else set()
        )
        outside = [
            region.code
            for region in regions
            if region.code not in existing
            and not any(is_within(region.code, area) for area in self.principal.coordinator_areas)
        ]
        if outside:
            self.add_error(
                "regions",
                ValidationError(
                    _("%(code)s lies outside your regions."),
                    params={"code": ", ".join(outside)},
                    code="outside_area",
                ),
            )
        return data


class OfferForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """An offer of support, as a member of the offering organisation writes it."""

    sectors = SectorCodesField(
        label=_("Sectors"),
        categories=True,
        help_text=_(
            "Type a word of a name (kesehatan, health) or a code and pick it, as many as needed; "
            "a 3-digit category covers every sector in it."
        ),
    )
    regions = RegionCodesField(
        label=_("Preferred regions"),
        required=False,
        help_text=_("Type a name and pick it, as many as needed; empty when any region will do."),
    )

    class Meta:
        model = Offer
        fields = [
            "organisation",
            "title",
            "title_en",
            "description",
            "description_en",
            "sectors",
            "regions",
            "budget_min",
            "budget_max",
            "period_start",
            "period_end",
            "status",
        ]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args: Any, principal: Principal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _with_current(  # type: ignore[attr-defined]
            offer_organisation_choices(principal), self.instance.organisation_id
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end date is before the start date."))
        return data


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = RegionField(label=_("Region"), required=False)
    sector = SectorField(label=_("Sector"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(NeedStatus.choices)
    )
    cost_min = forms.DecimalField(
        label=_("Cost from (IDR)"), required=False, min_value=0, max_digits=18, decimal_places=2
    )
    cost_max = forms.DecimalField(
        label=_("Cost up to (IDR)"), required=False, min_value=0, max_digits=18, decimal_places=2
    )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        low, high = data.get("cost_min"), data.get("cost_max")
        if low is not None and high is not None and high < low:
            self.add_error("cost_max", _("The upper bound is below the lower bound."))
        return data


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    region = RegionField(label=_("Region"), required=False)
    sector = SectorField(label=_("Sector"), required=False, categories=True)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_blank(OfferStatus.choices)
    )


class RegionFiguresForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("Columns: region_code,year,measure,value,unit,source (UTF-8)."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload, accept=("csv",))
        return upload


class InterestForm(BoundedInput, forms.Form):
    """An organisation's interest in a need, as one of its members writes it (the page and
    the API). The organisation and the offer are chosen among those the person acts for."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none()
    )
    message = forms.CharField(
        label=_("Message to the need's publisher"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What your organisation could bring, and whom to contact."),
    )
    offer = forms.ModelChoiceField(
        label=_("Linked offer (optional)"),
        queryset=Offer.objects.none(),
        required=False,
        help_text=_("One of your organisation's open offers, if the support would come from it."),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["organisation"].queryset = organisations
        fields["offer"].queryset = (
            Offer.objects.filter(organisation__in=organisations, status=OfferStatus.OPEN)
            .select_related("organisation")
            .order_by("title", "pk")
        )
        fields["offer"].label_from_instance = lambda offer: (
            f"{offer.localized('title')} · {offer.organisation.name}"
        )
        if organisations.count() == 1:
            fields["organisation"].initial = organisations.first()

    def clean_message(self) -> str:
        text = str(self.cleaned_data["message"]).strip()
        if not text:
            raise ValidationError(_("Write a message to the need's publisher."), code="required")
        return text

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        organisation, offer = data.get("organisation"), data.get("offer")
        if (
            organisation is not None
            and offer is not None
            and offer.organisation_id != organisation.pk
        ):
            self.add_error("offer", _("The offer must be one of the chosen organisation's."))
        return data


class InterestAnswerForm(forms.Form):
    answer = forms.ChoiceField(choices=[("take_up", "take_up"), ("decline", "decline")])
    note = forms.CharField(max_length=2000, required=False)
