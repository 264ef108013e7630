import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from semanggi.core import coding
from semanggi.partnerships.models import Bilingual
from semanggi.versions import Versioned


class StudyStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    FIELDWORK = "fieldwork", _("Fieldwork")
    ANALYSIS = "analysis", _("Analysis")
    COMPLETED = "completed", _("Completed")


class StudyMethod(models.TextChoices):
    FIELDWORK = "fieldwork", _("Fieldwork (interviews, observation)")
    DOCUMENT_REVIEW = "document_review", _("Document review")
    PUBLISHED_STUDY = "published_study", _("Rendering of a published study")
    MIXED = "mixed", _("Mixed methods")


class Study(Versioned, models.Model):
    """An evaluation study of one or more partnerships; its team alone sees it."""

    title = models.CharField(_("title"), max_length=250)
    research_questions = models.TextField(_("research questions"), blank=True)
    partnerships = models.ManyToManyField(
        "partnerships.Partnership", verbose_name=_("partnerships"), related_name="studies"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead evaluator"),
        on_delete=models.PROTECT,
        related_name="led_studies",
    )
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("team"), related_name="studies", blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=StudyStatus.choices, default=StudyStatus.PLANNED
    )
    # The study's triangulation rule (semanggi.core.triangulation.RuleSet).
    min_informants = models.PositiveSmallIntegerField(
        _("informants needed"), default=2, validators=[MinValueValidator(1)]
    )
    min_source_kinds = models.PositiveSmallIntegerField(
        _("kinds of source needed"), default=2, validators=[MinValueValidator(1)]
    )
    min_parties = models.PositiveSmallIntegerField(
        _("parties needed (where parties are involved)"),
        default=2,
        validators=[MinValueValidator(1)],
    )
    min_sources = models.PositiveSmallIntegerField(
        _("sources needed"), default=2, validators=[MinValueValidator(1)]
    )
    method = models.CharField(
        _("method"), max_length=16, choices=StudyMethod.choices, default=StudyMethod.FIELDWORK
    )
    publication = models.CharField(
        _("publication"),
        max_length=400,
        blank=True,
        help_text=_("For a rendering of a published study: its citation."),
    )
    # Evidence written as an example (the demo's excerpts), not gathered: shown as such, and
    # an evaluator may leave it out of the assessment.
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("The evidence was written as an example, not gathered from real sources."),
    )
    history = HistoricalRecords(m2m_fields=[team, partnerships])

    class Meta:
        ordering = ["title"]
        verbose_name = _("study")
        verbose_name_plural = _("studies")

    def __str__(self) -> str:
        return self.title


class Sampling(models.TextChoices):
    PURPOSIVE = "purposive", _("Purposive")
    SNOWBALL = "snowball", _("Snowball")
    ACCIDENTAL = "accidental", _("Accidental")


class Informant(Versioned, models.Model):
    """A person the study heard. Everywhere but to the study lead, the informant is the code
    and the role label ("INF-03 (staf Dinkes)"); the real identity is personal data."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="informants")
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("role label"), max_length=120, help_text=_("e.g. staf Dinkes"))
    role = models.CharField(_("role"), max_length=200, blank=True)
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sampling = models.CharField(_("sampling"), max_length=12, choices=Sampling.choices)
    referred_by = models.ForeignKey(
        "self",
        verbose_name=_("referred by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    met_where = models.CharField(_("where met"), max_length=200, blank=True)
    met_on = models.DateField(_("when met"), null=True, blank=True)
    # Restricted: shown to the study lead only.
    real_name = models.CharField(_("real name"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    consent_on = models.DateField(_("consent given on"), null=True, blank=True)
    consent_form = models.CharField(_("consent form"), max_length=200, blank=True)
    consent_withdrawn_on = models.DateField(_("consent withdrawn on"), null=True, blank=True)
    # GUIDs are unique within a study (a REFI-QDA project), so that a study exported and
    # imported again keeps them.
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(excluded_fields=["real_name", "contact"])

    class Meta:
        ordering = ["study_id", "code"]
        verbose_name = _("informant")
        verbose_name_plural = _("informants")
        constraints = [
            models.UniqueConstraint(fields=["study", "code"], name="informant_code_once"),
            models.UniqueConstraint(fields=["study", "guid"], name="informant_guid_once"),
            models.CheckConstraint(
                condition=Q(referred_by__isnull=True) | ~Q(referred_by=F("pk")),
                name="informant_not_self_referred",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.label})"

    @property
    def withdrawn(self) -> bool:
        return self.consent_withdrawn_on is not None


class SourceKind(models.TextChoices):
    INTERVIEW = "interview", _("Interview transcript")
    DOCUMENT = "document", _("Document")
    OBSERVATION = "observation", _("Observation note")
    FIELD_NOTE = "field_note", _("Field note")
    # A paraphrase of a publication: one document, however many people it reports.
    PUBLISHED_STUDY = "published_study", _("Published study")


class DocumentType(models.TextChoices):
    MOU = "mou", _("MoU or agreement")
    REPORT = "report", _("Report")
    NEWS = "news", _("News")
    PHOTO = "photo", _("Photo with caption")
    OTHER = "other", _("Other document")


def source_upload_to(instance: "Source", filename: str) -> str:
    return f"studies/{instance.study_id}/sources/{instance.guid}/{filename}"


class Source(Versioned, models.Model):
    """Text the study analyses, stored as UTF-8 with LF line ends; positions in it are
    Unicode code points. The original file, if any, is kept beside it."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField(_("kind"), max_length=16, choices=SourceKind.choices)
    document_type = models.CharField(
        _("type of document"), max_length=8, choices=DocumentType.choices, blank=True
    )
    title = models.CharField(_("title"), max_length=250)
    text = models.TextField(_("text"))
    # len(text) in code points, kept when the text is saved: coding checks offsets against it
    # without loading the text.
    text_length = models.PositiveIntegerField(_("length (characters)"), default=0)
    description = models.TextField(_("description"), blank=True)
    collected_on = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    informants = models.ManyToManyField(
        Informant, verbose_name=_("informants"), related_name="sources", blank=True
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party the document comes from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)
    illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("Written as an example, not a real source."),
    )
    publication = models.CharField(
        _("publication"),
        max_length=400,
        blank=True,
        help_text=_("For a published study: the citation of the publication it paraphrases."),
    )
    original = models.FileField(_("original file"), upload_to=source_upload_to, blank=True)
    original_name = models.CharField(max_length=250, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(excluded_fields=["text"], m2m_fields=[informants])

    class Meta:
        ordering = ["study_id", "collected_on", "id"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["study", "guid"], name="source_guid_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Function(models.TextChoices):
    PLANNING = "planning", _("Planning")
    ORGANIZING = "organizing", _("Organizing")
    ACTUATING = "actuating", _("Actuating")
    CONTROLLING = "controlling", _("Controlling")


class Indicator(models.TextChoices):
    # The domain brief's K1-K14 (Semanggi's own operationalisation of Sulistiyani's types).
    K1 = "K1", _("K1 contribution balance")
    K2 = "K2", _("K2 participation in decisions")
    K3 = "K3", _("K3 understanding of the purpose")
    K4 = "K4", _("K4 cooperation seen as important")
    K5 = "K5", _("K5 benefit tied to own objectives")
    K6 = "K6", _("K6 symmetry of status, power and size")
    K7 = "K7", _("K7 direction of the relationship")
    K8 = "K8", _("K8 complementary vision and mission")
    K9 = "K9", _("K9 capacity gained")
    K10 = "K10", _("K10 independence")
    K11 = "K11", _("K11 formalisation")
    K12 = "K12", _("K12 coordination forum or joint team")
    K13 = "K13", _("K13 POAC coverage per party")
    K14 = "K14", _("K14 transparency")


class Direction(models.IntegerChoices):
    HIGH = 1, _("supports a high reading")
    LOW = -1, _("supports a low reading")


class Code(Versioned, models.Model):
    """A code of the study's codebook, optionally evidence for a management function, an
    indicator (with the reading it supports) and a party."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="codes")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent code"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # Blank: no colour of its own; the code is drawn in a palette colour (shown_colour).
    colour = models.CharField(
        _("colour"),
        max_length=7,
        blank=True,
        default="",
        help_text=_("Leave as suggested for a colour that differs from the other codes."),
    )
    function = models.CharField(
        _("management function"), max_length=12, choices=Function.choices, blank=True
    )
    indicator = models.CharField(
        _("indicator"), max_length=3, choices=Indicator.choices, blank=True
    )
    direction = models.SmallIntegerField(
        _("reading"), choices=Direction.choices, default=Direction.HIGH
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # A grouping code (REFI-QDA isCodable="false") orders the codebook but is not applied.
    codable = models.BooleanField(_("may be applied to text"), default=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["study_id", "parent_id", "name"]
        verbose_name = _("code")
        verbose_name_plural = _("codes")
        constraints = [
            models.UniqueConstraint(fields=["study", "parent", "name"], name="code_name_once"),
            models.UniqueConstraint(fields=["study", "guid"], name="code_guid_once"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def shown_colour(self) -> str:
        """Its own colour, else a palette colour that stays the same for this code."""
        return coding.shown_colour(self.colour, self.pk or 0)

    @property
    def abbreviation(self) -> str:
        return coding.abbreviation(self.name)


class Segment(models.Model):
    """A stretch of a source's text, [start, end) in code points, coded with one or more
    codes (data reduction)."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="segments")
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    codes = models.ManyToManyField(Code, verbose_name=_("codes"), related_name="segments")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(m2m_fields=[codes])

    class Meta:
        ordering = ["source_id", "start", "end", "id"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        indexes = [models.Index(fields=["source", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="segment_not_empty"),
            models.UniqueConstraint(fields=["source", "guid"], name="segment_guid_once"),
            # One segment per span: coding a span again adds codes to it.
            models.UniqueConstraint(
                fields=["source", "start", "end"],
                name="segment_span_once",
                violation_error_message=_("This span of the source is already a segment."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id}:{self.start}-{self.end}"


class Memo(Versioned, models.Model):
    """A note on the study, or on one source, segment, code or informant."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="memos")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("text"))
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    segment = models.ForeignKey(
        Segment, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    code = models.ForeignKey(
        Code, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    informant = models.ForeignKey(
        Informant, null=True, blank=True, on_delete=models.CASCADE, related_name="memos"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["study_id", "-created_at", "id"]
        verbose_name = _("memo")
        verbose_name_plural = _("memos")
        constraints = [
            models.UniqueConstraint(fields=["study", "guid"], name="memo_guid_once"),
        ]

    def __str__(self) -> str:
        return self.title


class Finding(Bilingual, Versioned, models.Model):
    """A conclusion with the segments that support and contradict it, and what it is
    evidence for; its triangulation is computed by semanggi.core.triangulation."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="findings")
    statement = models.TextField(_("statement"))
    statement_en = models.TextField(_("statement (English)"), blank=True)
    function = models.CharField(
        _("management function"), max_length=12, choices=Function.choices, blank=True
    )
    indicator = models.CharField(
        _("indicator"), max_length=3, choices=Indicator.choices, blank=True
    )
    direction = models.SmallIntegerField(
        _("reading"), choices=Direction.choices, default=Direction.HIGH
    )
    party = models.ForeignKey(
        "partnerships.Party",
        verbose_name=_("party it is about"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    model_label = models.CharField(
        _("partnership model"),
        max_length=80,
        blank=True,
        help_text=_("framework:label, e.g. sulistiyani-life:pseudo"),
    )
    supporting = models.ManyToManyField(
        Segment, verbose_name=_("supporting segments"), related_name="supports", blank=True
    )
    contradicting = models.ManyToManyField(
        Segment, verbose_name=_("contradicting segments"), related_name="contradicts", blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    # The triangulation status the evaluator saw when verifying.
    verified_status = models.CharField(_("status when verified"), max_length=16, blank=True)
    guid = models.UUIDField(default=uuid.uuid4, editable=False)
    history = HistoricalRecords(m2m_fields=[supporting, contradicting])

    class Meta:
        ordering = ["study_id", "id"]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        constraints = [
            models.UniqueConstraint(fields=["study", "guid"], name="finding_guid_once"),
        ]

    def __str__(self) -> str:
        return self.statement[:80]
