"""Forms for the management records: the one place their input is validated, used by the
pages and by the API alike. Each form is bound to one partnership: choices of parties,
activities and the like are limited to that partnership's own."""

from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from semanggi.bounds import BoundedInput
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
    PartyRoleKind,
    Standing,
)
from semanggi.partnerships.sectors import SectorField
from semanggi.poac.models import (
    Activity,
    BudgetLine,
    Closure,
    CorrectiveAction,
    Decision,
    DecisionParty,
    Forum,
    Handover,
    Indicator,
    IndicatorPeriod,
    Involvement,
    Meeting,
    Obstacle,
    ProgressUpdate,
    Responsibility,
    Risk,
    TeamMember,
    Transaction,
)
from semanggi.poac.selectors import flag_subjects, partnership_flags
from semanggi.versions import VersionedForm

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PartnershipRecordForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """A ModelForm for a record of ``partnership``: relations narrowed to the partnership."""

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        if hasattr(self.instance, "partnership_id") and self.instance.partnership_id is None:
            # Known before validation, so that rules that involve it are checked (below).
            self.instance.partnership = partnership
        parties = Party.objects.filter(partnership=partnership).select_related("organisation")
        activities = Activity.objects.filter(partnership=partnership)
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            model = field.queryset.model
            if model is Party:
                field.queryset = parties
                field.label_from_instance = lambda party: party.organisation.name
            elif model is Activity:
                field.queryset = (
                    activities.exclude(pk=self.instance.pk)
                    if (isinstance(self.instance, Activity) and name == "depends_on")
                    else activities
                )
            elif model is BudgetLine:
                field.queryset = BudgetLine.objects.filter(activity__partnership=partnership)
            elif model is Agreement:
                field.queryset = Agreement.objects.filter(partnership=partnership)
            elif model is Objective:
                field.queryset = Objective.objects.filter(partnership=partnership)
            elif model is Forum:
                field.queryset = Forum.objects.filter(partnership=partnership)
            elif model is Meeting:
                field.queryset = Meeting.objects.filter(partnership=partnership)
            elif model is Indicator:
                field.queryset = Indicator.objects.filter(partnership=partnership)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE

    def validate_unique(self) -> None:
        super().validate_unique()
        # The partnership is no field of the form, so Django skips the uniqueness rules and
        # constraints that involve it: a duplicate would reach the database (an error, not
        # a message). They are checked here with it.
        if getattr(self.instance, "partnership_id", None) is None:
            return
        exclude = self._get_validation_exclusions() - {"partnership"}
        try:
            self.instance.validate_unique(exclude=exclude)
            self.instance.validate_constraints(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def _post_clean(self) -> None:
        super()._post_clean()
        # Django names a violated database constraint by its internal name ("Constraint
        # “one_accountable_per_activity” is violated."): never shown to people. The forms
        # check these rules themselves with a readable message; when one slipped through,
        # a plain sentence replaces it.
        internal = {
            str(constraint.get_violation_error_message())
            for constraint in self._meta.model._meta.constraints
        }
        errors = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if errors and internal:
            kept = [error for error in errors.as_data() if error.messages[0] not in internal]
            if len(kept) < len(errors):
                replaced = ValidationError(
                    _("This record conflicts with one already recorded."), code="conflict"
                )
                self._errors[NON_FIELD_ERRORS] = self.error_class(
                    kept or [replaced], error_class="nonfield", renderer=self.renderer
                )

    def save(self, commit: bool = True) -> Any:
        instance = super().save(commit=False)
        if hasattr(instance, "partnership_id"):
            instance.partnership = self.partnership
        if commit:
            instance.save()
            self.save_m2m()
        return instance


class PartnershipForm(VersionedForm, BoundedInput, forms.ModelForm):  # type: ignore[type-arg]
    """The partnership's own facts, as its coordinator or a party edits them."""

    sector = SectorField(label=_("Sector"))

    class Meta:
        model = Partnership
        fields = [
            "title",
            "title_en",
            "programme",
            "description",
            "description_en",
            "sector",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "no_agreement_reason",
            "is_published",
        ]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, instance=partnership, **kwargs)
        self.partnership = partnership
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DATE


class PartyForm(PartnershipRecordForm):
    """An organisation joining the partnership, with its roles."""

    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=PartyRoleKind.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Party
        fields = ["organisation", "standing", "beneficiary"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        if self.instance.pk:
            self.fields["roles"].initial = [r.role for r in self.instance.roles.all()]
        # Only a verified organisation can be a party (an organisation registered by its own
        # people is not, until a coordinator or an administrator verifies it).
        organisations: Any = self.fields["organisation"]
        organisations.queryset = organisations.queryset.filter(verification="verified")
        # Left out, a party is a partner (the usual case; also for callers that predate it).
        self.fields["standing"].required = False

    def clean_standing(self) -> str:
        standing: str = self.cleaned_data.get("standing") or Standing.PARTNER
        return standing

    def clean_organisation(self) -> Any:
        organisation = self.cleaned_data["organisation"]
        taken = Party.objects.filter(partnership=self.partnership, organisation=organisation)
        if taken.exclude(pk=self.instance.pk).exists():
            raise ValidationError(_("This organisation is already a party."))
        return organisation

    def _save_m2m(self) -> None:
        super()._save_m2m()  # type: ignore[misc]
        wanted = set(self.cleaned_data["roles"])
        PartyRole.objects.filter(party=self.instance).exclude(role__in=wanted).delete()
        have = set(PartyRole.objects.filter(party=self.instance).values_list("role", flat=True))
        # One by one (a party has a handful of roles), so that each has its history.
        for role in sorted(wanted - have):
            PartyRole.objects.create(party=self.instance, role=role)


class ContributionForm(PartnershipRecordForm):
    class Meta:
        model = Contribution
        fields = [
            "party",
            "kind",
            "description",
            "description_en",
            "planned_value",
            "realised_value",
            "values_illustrative",
        ]


class ObjectiveForm(PartnershipRecordForm):
    class Meta:
        model = Objective
        fields = ["party", "text", "text_en", "held_by"]
        widgets = {"held_by": forms.CheckboxSelectMultiple}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()
        if data.get("party") is not None and data.get("held_by"):
            self.add_error("held_by", _("Only a joint objective is held by parties."))
        return data


class AbsenceForm(PartnershipRecordForm):
    """Something recorded as absent, so that the assessment reads it as a fact."""

    class Meta:
        model = Absence
        fields = ["what", "party", "reason", "reason_en"]

    def _post_clean(self) -> None:
        self.instance.partnership = self.partnership
        super()._post_clean()


class DependenceForm(PartnershipRecordForm):
    """One party depending on another for funds, skills, authority or assets."""

    class Meta:
        model = Dependence
        fields = ["party", "on_party", "kind", "description", "description_en"]

    def _post_clean(self) -> None:
        self.instance.partnership = self.partnership
        super()._post_clean()


class ActivityForm(PartnershipRecordForm):
    class Meta:
        model = Activity
        fields = [
            "title",
            "title_en",
            "description",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
            "depends_on",
        ]

    def clean_depends_on(self) -> Any:
        chosen = self.cleaned_data["depends_on"]
        if self.instance.pk and self.instance.pk in {a.pk for a in chosen}:
            raise ValidationError(_("An activity cannot depend on itself."))
        return chosen


class BudgetLineForm(PartnershipRecordForm):
    class Meta:
        model = BudgetLine
        fields = ["activity", "party", "description", "amount"]


class RiskForm(PartnershipRecordForm):
    class Meta:
        model = Risk
        fields = ["description", "likelihood", "impact", "mitigation", "owner"]


class AgreementForm(PartnershipRecordForm):
    class Meta:
        model = Agreement
        fields = ["kind", "title", "title_en", "number", "signed_on", "parties", "document"]


class ConditionForm(PartnershipRecordForm):
    class Meta:
        model = Condition
        fields = ["kind", "text", "text_en", "agreement"]


class ResponsibilityForm(PartnershipRecordForm):
    class Meta:
        model = Responsibility
        fields = ["activity", "party", "letter"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        activity, letter = data.get("activity"), data.get("letter")
        if activity and letter == Responsibility.Letter.ACCOUNTABLE:
            others = Responsibility.objects.filter(activity=activity, letter=letter).exclude(
                pk=self.instance.pk
            )
            if others.exists():
                raise ValidationError(
                    _("This activity already has an accountable party: at most one per activity.")
                )
        return data


class TeamMemberForm(PartnershipRecordForm):
    class Meta:
        model = TeamMember
        fields = ["party", "name", "function"]


class ForumForm(PartnershipRecordForm):
    class Meta:
        model = Forum
        fields = ["kind", "name", "description"]


class MeetingForm(PartnershipRecordForm):
    class Meta:
        model = Meeting
        fields = ["forum", "held_on", "title", "attendees", "agenda", "minutes"]


def involvement_problem(values: list[Any]) -> str | None:
    """What is wrong with one decision's involvement of the parties (one value per party),
    in the active language, or None: one party alone, or two or more jointly."""
    alone = sum(1 for value in values if value == Involvement.ALONE)
    joint = sum(1 for value in values if value == Involvement.JOINT)
    if alone > 1:
        return str(_("Only one party can decide alone."))
    if alone and joint:
        return str(_("A decision is taken either jointly or by one party alone."))
    if joint == 1:
        return str(_("A joint decision needs at least two parties."))
    return None


class DecisionForm(PartnershipRecordForm):
    """A decision with, for every party, how it took part (one field per party)."""

    class Meta:
        model = Decision
        fields = ["meeting", "decided_on", "subject", "text"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        current = (
            {dp.party_id: dp.involvement for dp in self.instance.parties.all()}
            if self.instance.pk
            else {}
        )
        self.party_fields: list[tuple[str, Party]] = []
        parties = Party.objects.filter(partnership=partnership).select_related("organisation")
        for party in parties.order_by("pk"):
            name = f"party_{party.pk}"
            self.fields[name] = forms.ChoiceField(
                label=party.organisation.name,
                choices=Involvement.choices,
                initial=current.get(party.pk, Involvement.NONE),
            )
            self.party_fields.append((name, party))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        problem = involvement_problem([data.get(name) for name, _ in self.party_fields])
        if problem:
            raise ValidationError(problem)
        return data

    def _save_m2m(self) -> None:
        # Runs after the decision itself is saved, with commit=True or through save_m2m().
        # Each party's row is changed in place, one by one, so that the history reads
        # "Consulted → Decided jointly" and records who changed it.
        super()._save_m2m()  # type: ignore[misc]
        decision = self.instance
        existing = {dp.party_id: dp for dp in DecisionParty.objects.filter(decision=decision)}
        for name, party in self.party_fields:
            row = existing.get(party.pk) or DecisionParty(decision=decision, party=party)
            if row.pk is None or row.involvement != self.cleaned_data[name]:
                row.involvement = self.cleaned_data[name]
                row.save()


class ProgressUpdateForm(PartnershipRecordForm):
    evidence = forms.FileField(label=_("photo or document (optional)"), required=False)
    caption = forms.CharField(label=_("caption"), required=False, max_length=250)

    class Meta:
        model = ProgressUpdate
        fields = ["activity", "reported_on", "percent_complete", "narrative"]

    def clean_evidence(self) -> Any:
        from semanggi.uploads import validate_document

        upload = self.cleaned_data.get("evidence")
        if upload:
            validate_document(upload)
        return upload


class TransactionForm(PartnershipRecordForm):
    class Meta:
        model = Transaction
        fields = [
            "type",
            "amount",
            "transacted_on",
            "provider",
            "receiver",
            "activity",
            "budget_line",
            "due_on",
            "description",
        ]


class HandoverForm(PartnershipRecordForm):
    class Meta:
        model = Handover
        fields = ["asset", "asset_en", "from_party", "to_party", "handed_over_on", "agreement"]


class ObstacleForm(PartnershipRecordForm):
    class Meta:
        model = Obstacle
        fields = ["title", "description", "owner", "status", "raised_on"]


class IndicatorForm(PartnershipRecordForm):
    class Meta:
        model = Indicator
        fields = ["name", "name_en", "kind", "unit", "baseline", "objective", "accountable"]


class IndicatorPeriodForm(PartnershipRecordForm):
    class Meta:
        model = IndicatorPeriod
        fields = ["indicator", "period_start", "period_end", "target", "actual"]


class CorrectiveActionForm(PartnershipRecordForm):
    """A corrective action answers one of the partnership's flags, chosen by its subject's
    name ("Activity: Renovasi ruang tunggu — 40 days late"), never typed as a key."""

    class Meta:
        model = CorrectiveAction
        fields = ["flag", "description", "owner", "due_on", "status"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, partnership=partnership, **kwargs)
        today = timezone.localdate()
        flags = [
            flag
            for flag in partnership_flags([partnership.pk], today)[partnership.pk]
            if flag.level.value != "green"
        ]
        current = self.instance.flag if self.instance.pk else ""
        subjects = flag_subjects({flag.subject for flag in flags} | {current})
        language = get_language()
        choices: dict[str, str] = {}
        for flag in flags:
            subject = subjects.get(flag.subject)
            name = subject.label if subject else flag.subject
            choices.setdefault(flag.subject, f"{name} — {flag.reason.in_language(language)}")
        if current and current not in choices:  # a flag that has gone since: kept
            subject = subjects.get(current)
            choices[current] = subject.label if subject else current
        self.fields["flag"] = forms.ChoiceField(
            label=_("flag"),
            choices=[("", "---------"), *choices.items()],
            help_text=_("The flag this action answers: the partnership's red and amber flags."),
        )


class ClosureForm(PartnershipRecordForm):
    class Meta:
        model = Closure
        fields = ["closing_note", "sustainability", "closed_on"]
