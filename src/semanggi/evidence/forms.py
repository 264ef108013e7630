"""Forms of the evidence workbench: the one place page input is validated. Each form that
refers to other records is bound to one study, and its choices are that study's own."""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from semanggi.bounds import MAX_ID, MAX_POSITION, BoundedInput, parse_id
from semanggi.core import coding
from semanggi.evidence.models import (
    Code,
    Finding,
    Function,
    Informant,
    Sampling,
    Source,
    SourceKind,
    Study,
    StudyMethod,
)
from semanggi.organisations.models import Organisation
from semanggi.partnerships.models import Partnership, Party
from semanggi.uploads import SOURCES as SOURCE_FILES
from semanggi.uploads import validate_upload
from semanggi.versions import VersionedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def study_parties(study: Study) -> Any:
    return (
        Party.objects.filter(partnership__studies=study)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def party_label(party: Party) -> str:
    return party.organisation.acronym or party.organisation.name


class StudyForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    # Left out, a study is fieldwork (the usual case): see clean_method.
    method = forms.ChoiceField(
        label=_("method"),
        choices=StudyMethod.choices,
        required=False,
        initial=StudyMethod.FIELDWORK,
    )
    # Not the model's field: a partnership joins the study only when its accountable side
    # consents (semanggi.access.services.access_request_partnership).
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships"),
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A partnership you add is asked for: the study sees it when its accountable side "
            "(a coordinator of its region or a member of one of its parties) consents."
        ),
    )
    team_usernames = forms.CharField(
        label=_("Team (user names, separated by commas)"),
        required=False,
        max_length=2000,
        help_text=_(
            "A person you add joins when the accountable side of every partnership of the "
            "study consents."
        ),
    )
    access_note = forms.CharField(
        label=_("Why the study needs access (shown to those who decide)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Study
        fields = [
            "title",
            "research_questions",
            "status",
            "method",
            "publication",
            "illustrative",
            "min_informants",
            "min_source_kinds",
            "min_sources",
            "min_parties",
        ]

    def __init__(self, *args: Any, visible_partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only partnerships the person may already see: a study shares them with its team.
        field: Any = self.fields["partnerships"]
        field.queryset = visible_partnerships
        if self.instance.pk and not self.is_bound:
            self.initial["partnerships"] = list(self.instance.partnerships.all())
            self.initial["team_usernames"] = ", ".join(
                sorted(u.username for u in self.instance.team.all())
            )

    def clean_method(self) -> str:
        # Left out, a study is fieldwork, as most are.
        method: str = self.cleaned_data.get("method") or StudyMethod.FIELDWORK
        return method

    def clean_team_usernames(self) -> list[Any]:
        names = [
            n.strip() for n in self.cleaned_data.get("team_usernames", "").split(",") if n.strip()
        ]
        users = list(get_user_model().objects.filter(username__in=names, is_active=True))
        missing = sorted(set(names) - {u.username for u in users})
        if missing:
            raise ValidationError(
                _("Unknown user names: %(names)s."), params={"names": ", ".join(missing)}
            )
        return users


class InformantForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """An informant as the team knows her: pseudonym, role, sampling, consent."""

    class Meta:
        model = Informant
        fields = [
            "code",
            "label",
            "role",
            "party",
            "organisation",
            "sampling",
            "referred_by",
            "met_where",
            "met_on",
            "consent_on",
            "consent_form",
            "consent_withdrawn_on",
        ]
        widgets = {"met_on": DATE, "consent_on": DATE, "consent_withdrawn_on": DATE}

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        fields: Any = self.fields
        fields["party"].queryset = study_parties(study)
        fields["party"].label_from_instance = party_label
        fields["organisation"].queryset = Organisation.objects.order_by("name")
        referrers = Informant.objects.filter(study=study).defer("real_name", "contact")
        if self.instance.pk:
            referrers = referrers.exclude(pk=self.instance.pk)
        fields["referred_by"].queryset = referrers.order_by("code")

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        taken = Informant.objects.filter(study=self.study, code=code)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(_("Another informant of this study has this code."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sampling = data.get("sampling")
        referrer = data.get("referred_by")
        if sampling == Sampling.SNOWBALL and referrer is None:
            self.add_error("referred_by", _("Snowball sampling: say which informant referred."))
        if sampling != Sampling.SNOWBALL and referrer is not None:
            self.add_error("referred_by", _("Only a snowball informant is referred by another."))
        if sampling == Sampling.ACCIDENTAL and not data.get("met_where"):
            self.add_error("met_where", _("Accidental sampling: say where the informant was met."))
        if referrer is not None and self.instance.pk:
            # No referral cycles: walk up the chain from the referrer.
            parents = dict(
                Informant.objects.filter(study=self.study).values_list("pk", "referred_by_id")
            )
            seen, current = set(), referrer.pk
            while current is not None and current not in seen:
                if current == self.instance.pk:
                    self.add_error("referred_by", _("This referral would make a circle."))
                    break
                seen.add(current)
                current = parents.get(current)
        return data


class InformantIdentityForm(InformantForm):
    """The same, with who the informant really is: for the study lead only."""

    class Meta(InformantForm.Meta):
        fields = [*InformantForm.Meta.fields, "real_name", "contact"]


class SourceForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    text = forms.CharField(
        label=_("Text (type or paste)"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )
    upload = forms.FileField(
        label=_("or a file (.txt, .md, .html, .docx, .pdf)"),
        required=False,
    )

    class Meta:
        model = Source
        fields = [
            "kind",
            "document_type",
            "title",
            "collected_on",
            "place",
            "informants",
            "party",
            "caption",
            "description",
            "publication",
            "illustrative",
        ]
        widgets = {
            "collected_on": DATE,
            "informants": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        fields: Any = self.fields
        fields["informants"].queryset = (
            Informant.objects.filter(study=study).defer("real_name", "contact").order_by("code")
        )
        fields["party"].queryset = study_parties(study)
        fields["party"].label_from_instance = party_label
        if self.instance.pk:
            # The text is fixed once saved: segments point into it.
            del self.fields["text"]
            del self.fields["upload"]

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_upload(upload, accept=SOURCE_FILES)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk:
            return data
        has_text = bool((data.get("text") or "").strip())
        if has_text == bool(data.get("upload")):
            raise ValidationError(_("Type the text in or choose a file: one of the two."))
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by the service (all or nothing)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files and self.required:
            raise ValidationError(self.error_messages["required"], code="required")
        if any(not getattr(f, "name", None) or getattr(f, "size", None) is None for f in files):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return files


class SourceBatchForm(BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """Several files at once: one source per file, titled after it, sharing these fields."""

    uploads = MultipleFileField(
        label=_("Files (.txt, .md, .html, .docx, .pdf)"),
        widget=MultipleFileInput(attrs={"accept": ",".join("." + kind for kind in SOURCE_FILES)}),
    )

    class Meta:
        model = Source
        fields = [
            "kind",
            "document_type",
            "collected_on",
            "place",
            "description",
            "publication",
            "illustrative",
        ]
        widgets = {
            "collected_on": DATE,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    field_order = ["uploads"]

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        # The bounds of one upload, said in the page before the files are sent.
        most, total = settings.MAX_BATCH_FILES, settings.MAX_BATCH_BYTES
        self.fields["uploads"].widget.attrs.update(
            {
                "data-max-files": most,
                "data-max-bytes": total,
                "data-too-many": _(
                    "Too many files or too large together: at most %(files)s files and "
                    "%(megabytes)s MB in one upload. Upload them in several goes."
                )
                % {"files": most, "megabytes": round(total / 2**20)},
            }
        )


# A code's colour: #rrggbb.
COLOUR = re.compile("#[0-9a-fA-F]{6}")


class CodeForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Code
        fields = [
            "name",
            "parent",
            "colour",
            "description",
            "function",
            "indicator",
            "direction",
            "party",
            "codable",
        ]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.study = study
        fields: Any = self.fields
        parents = Code.objects.filter(study=study)
        if self.instance.pk:
            children = dict(parents.values_list("pk", "parent_id"))
            banned = {self.instance.pk}
            changed = True
            while changed:
                before = len(banned)
                banned |= {pk for pk, parent in children.items() if parent in banned}
                changed = len(banned) != before
            parents = parents.exclude(pk__in=banned)
        fields["parent"].queryset = parents
        fields["party"].queryset = study_parties(study)
        fields["party"].label_from_instance = party_label
        if not self.is_bound and not self.initial.get("colour"):
            # A colour picker always sends a colour: it shows the one the code is drawn in, and
            # a new code the palette colour the fewest of the study's codes carry.
            if self.instance.pk:
                self.initial["colour"] = self.instance.shown_colour
            else:
                taken = Code.objects.filter(study=study).values_list("colour", flat=True)
                self.initial["colour"] = coding.colour_for_new_code(taken)

    def clean_colour(self) -> str:
        colour: str = self.cleaned_data.get("colour") or ""
        if not colour:
            return ""  # no colour of its own: the service gives it one from the palette
        if not COLOUR.fullmatch(colour):
            raise ValidationError(_("A colour is written #rrggbb."))
        return colour.lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        name = data.get("name")
        taken = Code.objects.filter(study=self.study, parent=data.get("parent"), name=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if name and taken.exists():
            self.add_error("name", _("A code of this name exists here already."))
        return data


class CodingForm(BoundedInput, forms.Form):
    """Coding from a page: the stretch (chosen by sentence, paragraph or search hit, or
    selected in the text) and the codes ticked, or a new code named on the way."""

    start = forms.IntegerField(label=_("From character"), min_value=0, max_value=MAX_POSITION)
    end = forms.IntegerField(label=_("to character"), min_value=1, max_value=MAX_POSITION)
    codes = forms.ModelMultipleChoiceField(
        label=_("Codes"),
        queryset=Code.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_code = forms.CharField(label=_("New code"), max_length=200, required=False)
    new_code_parent = forms.ModelChoiceField(
        label=_("under"), queryset=Code.objects.none(), required=False
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["codes"].queryset = Code.objects.filter(study=study, codable=True)
        fields["new_code_parent"].queryset = Code.objects.filter(study=study)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("codes") and not (data.get("new_code") or "").strip():
            raise ValidationError(_("Tick at least one code, or name a new one."))
        return data


class AutocodeForm(BoundedInput, forms.Form):
    """Every hit of a search in a source, coded at once."""

    q = forms.CharField(label=_("Find"), min_length=2, max_length=200)
    codes = forms.ModelMultipleChoiceField(
        label=_("Codes"),
        queryset=Code.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    new_code = forms.CharField(label=_("New code"), max_length=200, required=False)
    new_code_parent = forms.ModelChoiceField(
        label=_("under"), queryset=Code.objects.none(), required=False
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["codes"].queryset = Code.objects.filter(study=study, codable=True)
        fields["new_code_parent"].queryset = Code.objects.filter(study=study)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("codes") and not (data.get("new_code") or "").strip():
            raise ValidationError(_("Tick at least one code, or name a new one."))
        return data


class NewCodeForm(BoundedInput, forms.Form):
    """A code created from the coding view, by its name (and parent)."""

    new_code = forms.CharField(label=_("New code"), max_length=200)
    new_code_parent = forms.ModelChoiceField(
        label=_("under"), queryset=Code.objects.none(), required=False
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["new_code_parent"]
        field.queryset = Code.objects.filter(study=study)


class SegmentCodesForm(BoundedInput, forms.Form):
    codes = forms.ModelMultipleChoiceField(
        label=_("Codes"), queryset=Code.objects.none(), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["codes"]
        field.queryset = Code.objects.filter(study=study, codable=True)


class MemoForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Memo"), widget=forms.Textarea(attrs={"rows": 4}))


class FindingForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Finding
        fields = [
            "statement",
            "statement_en",
            "function",
            "indicator",
            "direction",
            "party",
            "model_label",
        ]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "statement_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, study: Study, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["party"].queryset = study_parties(study)
        fields["party"].label_from_instance = party_label


class QdpxImportForm(BoundedInput, forms.Form):
    file = forms.FileField(label=_("REFI-QDA project (.qdpx)"))
    title = forms.CharField(
        label=_("Title of the new study (blank: the project's name)"),
        required=False,
        max_length=250,
    )
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships the study evaluates"),
        queryset=Party.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, visible_partnerships: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["partnerships"]
        field.queryset = visible_partnerships

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload, accept=("qdpx",))
        return upload


class QdcImportForm(forms.Form):
    file = forms.FileField(label=_("REFI-QDA codebook (.qdc)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        validate_upload(upload, accept=("qdc",))
        return upload


class SegmentFilterForm(forms.Form):
    code = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    informant = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *SourceKind.choices])
    party = forms.CharField(required=False, max_length=12)
    function = forms.ChoiceField(required=False, choices=[("", ""), *Function.choices])

    def clean_party(self) -> int | str | None:
        value: str = self.cleaned_data.get("party") or ""
        if value in ("", "none"):
            return value or None
        party = parse_id(value)
        if party is None:
            raise ValidationError(_("Unknown party."))
        return party
