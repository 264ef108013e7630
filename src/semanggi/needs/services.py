"""Writes for needs, offers, matching and region figures: keyword-only, each in one
transaction. Callers authorise first (see the ``*_can_*`` decisions in selectors); these
functions check the states the domain forbids whoever asks."""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from semanggi.access.selectors import principal_for
from semanggi.bounds import MAX_DECIMAL_DIGITS
from semanggi.core.regions import is_valid_code, is_within
from semanggi.needs.forms import NeedForm, OfferForm
from semanggi.needs.models import Need, NeedStatus, Offer, OfferStatus, RegionFigure
from semanggi.needs.partnering import by_actor as _by
from semanggi.needs.partnering import need_check_matchable, partnership_create_for_need
from semanggi.needs.selectors import POVERTY_RATE
from semanggi.partnerships.models import (
    Partnership,
)
from semanggi.regions.models import Region
from semanggi.versions import version_save

T = TypeVar("T")


def _saved(form: NeedForm | OfferForm) -> None:
    if not form.is_valid():
        raise ValueError("Save only a valid form.")


# --- Needs and offers -------------------------------------------------------------------------


@transaction.atomic
def need_create(*, form: NeedForm, actor: Any) -> Need:
    """A new need from a valid form, as a draft: only its publisher's people and the
    coordinators of its regions see it until it is published."""
    _saved(form)
    need: Need = form.save(commit=False)
    need.status = NeedStatus.DRAFT
    _by(actor, need).save()
    form.save_m2m()
    return need


@transaction.atomic
def need_update(*, form: NeedForm, actor: Any) -> Need:
    _saved(form)
    need: Need = form.save(commit=False)
    version_save(_by(actor, need), expected=form.expected_version)
    form.save_m2m()
    return need


@transaction.atomic
def need_publish(*, need: Need, actor: Any) -> Need:
    """Draft → open: the need enters the public catalogue and the matching."""
    if need.status != NeedStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."), code="not_draft")
    need.status = NeedStatus.OPEN
    version_save(_by(actor, need), expected=None, update_fields=["status"])
    return need


@transaction.atomic
def offer_create(*, form: OfferForm, actor: Any) -> Offer:
    _saved(form)
    offer: Offer = form.save(commit=False)
    if getattr(actor, "is_authenticated", False):
        offer.created_by = actor
    _by(actor, offer).save()
    form.save_m2m()
    return offer


@transaction.atomic
def offer_update(*, form: OfferForm, actor: Any) -> Offer:
    _saved(form)
    offer: Offer = form.save(commit=False)
    version_save(_by(actor, offer), expected=form.expected_version)
    form.save_m2m()
    return offer


# --- From a match to a partnership -------------------------------------------------------------


@transaction.atomic
def partnership_create_from_match(*, need: Need, offer: Offer, actor: Any) -> Partnership:
    """A new partnership, in planning and not yet published, from a need and the offer that
    fits it: located where the need is, in its sector, with the need's publisher accountable
    for it and representing the beneficiaries, and the offering organisation funding it.
    Objectives, contributions and agreements are left for the parties to record. The need
    becomes matched; the offer stays open (a company may fund several needs)."""
    # Locked, so that two coordinators pressing the button at once make one partnership.
    need = Need.objects.select_for_update().get(pk=need.pk)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    need_check_matchable(need)
    if offer.status != OfferStatus.OPEN:
        raise ValidationError(_("This offer is closed."), code="offer_closed")
    return partnership_create_for_need(need=need, funder_id=offer.organisation_id, actor=actor)


# --- Region figures -------------------------------------------------------------------------

FIGURES_MAX_BYTES = 5 * 1024 * 1024
FIGURES_HEADER = ("region_code", "year", "measure", "value", "unit", "source")
YEAR_MIN, YEAR_MAX = 1945, 2100
# RegionFigure.value: 18 digits, 4 of them decimals.
VALUE_DECIMALS, VALUE_INTEGER_DIGITS = 4, 14
UNIT_LENGTH, SOURCE_LENGTH, MEASURE_LENGTH = 30, 250, 60
# A file full of mistakes is not helped by a list of a hundred thousand of them.
MAX_REPORTED_ERRORS = 100
_BATCH = 500


@dataclass(frozen=True)
class FigureError:
    """What is wrong where: ``line`` 1 is the header; ``column`` names a header column, or is
    empty when the whole line or file is at fault."""

    line: int
    column: str
    message: Any  # a lazy translation, rendered in the reader's language
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return str(self.message) % self.params if self.params else str(self.message)

    def text(self, language: str) -> str:
        with translation.override(language):
            return str(self)


class FiguresRejected(Exception):
    """The file was refused; nothing was saved. ``errors`` says which line and column."""

    def __init__(self, errors: list[FigureError]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass(frozen=True)
class FiguresImported:
    created: int
    updated: int
    unchanged: int

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    line: int
    region: str
    year: int
    measure: str
    value: Decimal
    unit: str
    source: str


def _chunks(items: Sequence[T], size: int = _BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _decoded(file: Any) -> tuple[str | None, list[FigureError]]:
    def refuse(message: Any, **params: Any) -> tuple[None, list[FigureError]]:
        return None, [FigureError(1, "", message, params)]

    name = getattr(file, "name", "") or ""
    if name and not name.lower().endswith((".csv", ".txt")):
        return refuse(_("Give a CSV file (.csv)."))
    size = getattr(file, "size", None)
    if size is not None and size > FIGURES_MAX_BYTES:
        return refuse(
            _("The file is too large (%(size)s MB; at most %(limit)s MB)."),
            size=round(size / 2**20, 1),
            limit=FIGURES_MAX_BYTES // 2**20,
        )
    if hasattr(file, "seek"):
        file.seek(0)
    raw = file.read(FIGURES_MAX_BYTES + 1)
    if len(raw) > FIGURES_MAX_BYTES:
        return refuse(
            _("The file is too large (%(size)s MB; at most %(limit)s MB)."),
            size=f"> {FIGURES_MAX_BYTES // 2**20}",
            limit=FIGURES_MAX_BYTES // 2**20,
        )
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if not raw.strip():
        return refuse(_("The file is empty."))
    if b"\x00" in raw:
        return refuse(_("This is not a text file. Save the table as CSV (UTF-8)."))
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [FigureError(line, "", _("The file is not UTF-8 text. Save it as CSV UTF-8."))]


def _parse_row(line: int, cells: list[str], errors: list[FigureError]) -> _Row | None:
    def wrong(column: str, message: Any, **params: Any) -> None:
        errors.append(FigureError(line, column, message, params))

    before = len(errors)
    if len(cells) != len(FIGURES_HEADER):
        wrong("", _("Expected 6 columns, found %(count)s."), count=len(cells))
        return None
    code, year_text, measure, value_text, unit, source = (cell.strip() for cell in cells)
    if not is_valid_code(code):
        wrong("region_code", _("Not a region code: %(value)s."), value=code or "—")
    year = 0
    try:
        year = int(year_text)
    except ValueError:
        wrong("year", _("The year must be a whole number, such as 2024."))
    else:
        if not YEAR_MIN <= year <= YEAR_MAX:
            wrong(
                "year",
                _("The year must lie between %(min)s and %(max)s."),
                min=YEAR_MIN,
                max=YEAR_MAX,
            )
    measure = measure.lower()
    try:
        validate_slug(measure)
        if len(measure) > MEASURE_LENGTH:
            raise ValidationError("too long")
    except ValidationError:
        wrong(
            "measure",
            _(
                "The measure must be a short name of letters, digits and hyphens, such as "
                "poverty-rate."
            ),
        )
    value = Decimal(0)
    try:
        value = Decimal(value_text)
        if not value.is_finite():
            raise InvalidOperation
    except InvalidOperation:
        wrong(
            "value",
            _(
                "The value must be a number with a dot for decimals and no thousands "
                "separator, such as 9.87."
            ),
        )
    else:
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        if decimals > VALUE_DECIMALS:
            wrong("value", _("At most %(count)s decimals."), count=VALUE_DECIMALS)
        elif abs(value) >= Decimal(10) ** VALUE_INTEGER_DIGITS:
            wrong("value", _("The value is too large."))
        elif len(value.normalize().as_tuple().digits) > MAX_DECIMAL_DIGITS:
            # What every database keeps exactly (semanggi.bounds).
            wrong("value", _("At most %(count)s significant digits."), count=MAX_DECIMAL_DIGITS)
        elif measure == POVERTY_RATE and not Decimal(0) <= value <= Decimal(100):
            wrong("value", _("A poverty rate is a percentage between 0 and 100."))
    if len(unit) > UNIT_LENGTH:
        wrong("unit", _("At most %(count)s characters."), count=UNIT_LENGTH)
    if len(source) > SOURCE_LENGTH:
        wrong("source", _("At most %(count)s characters."), count=SOURCE_LENGTH)
    if len(errors) > before:
        return None
    return _Row(line, code, year, measure, value, unit, source)


def _parse(text: str, errors: list[FigureError]) -> list[_Row]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except csv.Error:
        header = []
    if tuple(cell.strip().lower() for cell in header) != FIGURES_HEADER:
        errors.append(
            FigureError(
                1,
                "",
                _("The first line must be the header %(header)s."),
                {"header": ",".join(FIGURES_HEADER)},
            )
        )
        return []
    rows: list[_Row] = []
    seen: dict[tuple[str, int, str], int] = {}
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            errors.append(
                FigureError(
                    reader.line_num, "", _("This line is not valid CSV (check the quotes).")
                )
            )
            break
        if not any(cell.strip() for cell in cells):
            continue
        row = _parse_row(reader.line_num, cells, errors)
        if row is None:
            continue
        key = (row.region, row.year, row.measure)
        if key in seen:
            errors.append(
                FigureError(
                    row.line,
                    "region_code",
                    _("The same region, year and measure are already on line %(line)s."),
                    {"line": seen[key]},
                )
            )
            continue
        seen[key] = row.line
        rows.append(row)
    return rows


def _check_regions(rows: list[_Row], actor: Any, errors: list[FigureError]) -> None:
    codes = sorted({row.region for row in rows})
    known: set[str] = set()
    for chunk in _chunks(codes):
        known.update(Region.objects.filter(code__in=chunk).values_list("code", flat=True))
    principal = principal_for(actor) if actor is not None else None
    for row in rows:
        if row.region not in known:
            errors.append(
                FigureError(
                    row.line,
                    "region_code",
                    _("Unknown region code: %(code)s."),
                    {"code": row.region},
                )
            )
        elif (
            principal is not None
            and not principal.admin
            and not any(is_within(row.region, area) for area in principal.coordinator_areas)
        ):
            errors.append(
                FigureError(
                    row.line,
                    "region_code",
                    _("%(code)s lies outside your regions."),
                    {"code": row.region},
                )
            )


def _reported(errors: list[FigureError]) -> list[FigureError]:
    errors = sorted(errors, key=lambda error: error.line)
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    rest = len(errors) - MAX_REPORTED_ERRORS
    return [
        *errors[:MAX_REPORTED_ERRORS],
        FigureError(
            errors[MAX_REPORTED_ERRORS].line,
            "",
            _("… and %(count)s more errors."),
            {"count": rest},
        ),
    ]


@transaction.atomic
def region_figures_import(*, file: Any, actor: Any) -> FiguresImported:
    """Area-level figures from a CSV file (header ``region_code,year,measure,value,unit,
    source``), for regions of any level, added or replaced per region, year and measure.

    All or nothing: any error refuses the whole file (``FiguresRejected``, with each error's
    line and column) and nothing is saved. ``actor`` None is the system (the management
    command); a person who is not an administrator may import only for her own regions.
    """
    text, errors = _decoded(file)
    if text is None:
        raise FiguresRejected(errors)
    rows = _parse(text, errors)
    _check_regions(rows, actor, errors)
    if not rows and not errors:
        errors.append(FigureError(2, "", _("The file holds no figures.")))
    if errors:
        raise FiguresRejected(_reported(errors))

    existing: dict[tuple[str, int, str], RegionFigure] = {}
    for chunk in _chunks(sorted({row.region for row in rows})):
        for figure in RegionFigure.objects.filter(region_id__in=chunk):
            existing[(figure.region_id, figure.year, figure.measure)] = figure
    created: list[RegionFigure] = []
    changed: list[RegionFigure] = []
    unchanged = 0
    for row in rows:
        figure = existing.get((row.region, row.year, row.measure))
        if figure is None:
            created.append(
                RegionFigure(
                    region_id=row.region,
                    year=row.year,
                    measure=row.measure,
                    value=row.value,
                    unit=row.unit,
                    source=row.source,
                )
            )
        elif (figure.value, figure.unit, figure.source) != (row.value, row.unit, row.source):
            figure.value, figure.unit, figure.source = row.value, row.unit, row.source
            changed.append(figure)
        else:
            unchanged += 1
    user = actor if getattr(actor, "is_authenticated", False) else None
    if created:
        bulk_create_with_history(created, RegionFigure, batch_size=_BATCH, default_user=user)
    if changed:
        bulk_update_with_history(
            changed,
            RegionFigure,
            ["value", "unit", "source"],
            batch_size=_BATCH,
            default_user=user,
        )
    return FiguresImported(created=len(created), updated=len(changed), unchanged=unchanged)
