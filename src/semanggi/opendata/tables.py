"""The open data tables: everything public, one table per kind of record, with headers in
Indonesian and English and names beside every code.

Each table reads in a fixed number of queries and yields rows; ``semanggi.exports.tables``
writes them as CSV or XLSX. Only published partnerships (and what is inside them), needs out
of draft, and area figures are read: never informants, sources, users or unpublished work.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import translation

from semanggi.exports.tables import Cell
from semanggi.iati.codelists import codelist
from semanggi.needs.models import Need, NeedStatus, RegionFigure
from semanggi.organisations.models import OrganisationKind
from semanggi.partnerships.models import (
    Contribution,
    ContributionKind,
    Partnership,
    PartnershipPhase,
    PartnershipStatus,
    Party,
    PartyRoleKind,
)
from semanggi.poac.models import Indicator, IndicatorKind, Transaction, TransactionType


@dataclass(frozen=True)
class Column:
    name: str  # machine name, stable: the catalogue's field name
    id: str  # Indonesian header
    en: str  # English header
    type: str = "string"  # Frictionless type: string, integer, number, date, boolean

    @property
    def header(self) -> str:
        return f"{self.id} / {self.en}"


@dataclass(frozen=True)
class Table:
    slug: str
    title_id: str
    title_en: str
    description_id: str
    description_en: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[list[Cell]]]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]


def _labels(choices: Any, value: str) -> tuple[str, str]:
    """A choice's label in Indonesian and in English."""
    names = []
    for language in ("id", "en"):
        with translation.override(language):
            names.append(str(dict(choices.choices).get(value, value)))
    return names[0], names[1]


def _sector(code: str) -> tuple[str, str]:
    item = codelist("Sector").get(code)
    return (item.name("id"), item.name("en")) if item else ("", "")


def _published() -> QuerySet[Partnership]:
    return Partnership.objects.filter(is_published=True)


def _partnership_rows() -> Iterator[list[Cell]]:
    for p in _published().order_by("slug").prefetch_related("locations"):
        regions = list(p.locations.all())
        yield [
            p.slug,
            p.title,
            p.title_en,
            p.programme,
            p.sector,
            *_sector(p.sector),
            p.status,
            *_labels(PartnershipStatus, p.status),
            p.phase,
            *_labels(PartnershipPhase, p.phase),
            "; ".join(r.code for r in regions),
            "; ".join(r.name for r in regions),
            p.planned_start and p.planned_start.isoformat(),
            p.planned_end and p.planned_end.isoformat(),
            p.actual_start and p.actual_start.isoformat(),
            p.actual_end and p.actual_end.isoformat(),
        ]


def _party_rows() -> Iterator[list[Cell]]:
    parties = (
        Party.objects.filter(partnership__is_published=True)
        .select_related("partnership", "organisation")
        .prefetch_related("roles")
        .order_by("partnership__slug", "id")
    )
    for party in parties:
        roles = [r.role for r in party.roles.all()]
        names = [_labels(PartyRoleKind, role) for role in roles]
        organisation = party.organisation
        yield [
            party.partnership.slug,
            organisation.slug,
            organisation.name,
            organisation.iati_identifier,
            organisation.kind,
            *_labels(OrganisationKind, organisation.kind),
            organisation.iati_type,
            "; ".join(roles),
            "; ".join(n[0] for n in names),
            "; ".join(n[1] for n in names),
        ]


def _contribution_rows() -> Iterator[list[Cell]]:
    contributions = (
        Contribution.objects.filter(party__partnership__is_published=True)
        .select_related("party__partnership", "party__organisation")
        .order_by("party__partnership__slug", "party_id", "id")
    )
    for c in contributions:
        yield [
            c.party.partnership.slug,
            c.party.organisation.name,
            c.kind,
            *_labels(ContributionKind, c.kind),
            c.description,
            c.description_en,
            c.planned_value,
            c.realised_value,
            "IDR",
            c.values_illustrative,
        ]


def _transaction_rows() -> Iterator[list[Cell]]:
    transactions = (
        Transaction.objects.filter(partnership__is_published=True)
        .select_related("partnership", "provider__organisation", "receiver__organisation")
        .order_by("partnership__slug", "transacted_on", "id")
    )
    for t in transactions:
        yield [
            t.partnership.slug,
            t.type,
            *_labels(TransactionType, t.type),
            t.transacted_on.isoformat(),
            t.amount,
            "IDR",
            t.provider.organisation.name if t.provider else "",
            t.receiver.organisation.name if t.receiver else "",
            t.description,
            t.values_illustrative,
        ]


def _indicator_rows() -> Iterator[list[Cell]]:
    indicators = (
        Indicator.objects.filter(partnership__is_published=True)
        .select_related("partnership")
        .prefetch_related("periods")
        .order_by("partnership__slug", "id")
    )
    for indicator in indicators:
        for period in indicator.periods.all():
            approved = period.approved_at is not None
            yield [
                indicator.partnership.slug,
                indicator.name,
                indicator.name_en,
                indicator.kind,
                *_labels(IndicatorKind, indicator.kind),
                indicator.unit,
                indicator.baseline,
                period.period_start.isoformat(),
                period.period_end.isoformat(),
                period.target,
                # Only an approved actual is public.
                period.actual if approved else None,
                approved,
            ]


def _need_rows() -> Iterator[list[Cell]]:
    needs = (
        Need.objects.exclude(status=NeedStatus.DRAFT)
        .select_related("publisher")
        .prefetch_related(Prefetch("regions"))
        .order_by("id")
    )
    for need in needs:
        regions = list(need.regions.all())
        yield [
            need.pk,
            need.title,
            need.title_en,
            need.sector,
            *_sector(need.sector),
            "; ".join(r.code for r in regions),
            "; ".join(r.name for r in regions),
            need.estimated_cost,
            "IDR",
            need.beneficiaries,
            need.beneficiary_households,
            need.priority,
            need.status,
            *_labels(NeedStatus, need.status),
            need.publisher.name,
        ]


def _figure_rows() -> Iterator[list[Cell]]:
    figures = RegionFigure.objects.select_related("region").order_by("region_id", "measure", "year")
    for f in figures:
        yield [f.region_id, f.region.name, f.year, f.measure, f.value, f.unit, f.source]


C = Column
TABLES: tuple[Table, ...] = (
    Table(
        "partnerships",
        "Kemitraan",
        "Partnerships",
        "Kemitraan yang dipublikasikan: sektor, status, tahap, lokasi, tanggal.",
        "Published partnerships: sector, status, phase, location, dates.",
        (
            C("slug", "Kode kemitraan", "Partnership key"),
            C("title", "Judul", "Title (Indonesian)"),
            C("title_en", "Judul (Inggris)", "Title (English)"),
            C("programme", "Program", "Programme"),
            C("sector", "Kode sektor DAC", "DAC sector code"),
            C("sector_name_id", "Nama sektor", "Sector name (Indonesian)"),
            C("sector_name_en", "Nama sektor (Inggris)", "Sector name (English)"),
            C("status", "Kode status IATI", "IATI status code"),
            C("status_name_id", "Status", "Status (Indonesian)"),
            C("status_name_en", "Status (Inggris)", "Status (English)"),
            C("phase", "Kode tahap", "Phase code"),
            C("phase_name_id", "Tahap", "Phase (Indonesian)"),
            C("phase_name_en", "Tahap (Inggris)", "Phase (English)"),
            C("region_codes", "Kode wilayah", "Region codes"),
            C("region_names", "Nama wilayah", "Region names"),
            C("planned_start", "Rencana mulai", "Planned start", "date"),
            C("planned_end", "Rencana selesai", "Planned end", "date"),
            C("actual_start", "Mulai", "Actual start", "date"),
            C("actual_end", "Selesai", "Actual end", "date"),
        ),
        _partnership_rows,
    ),
    Table(
        "parties",
        "Pihak",
        "Parties",
        "Organisasi yang menjadi pihak dalam kemitraan yang dipublikasikan, dengan perannya.",
        "Organisations party to published partnerships, with their roles.",
        (
            C("partnership", "Kode kemitraan", "Partnership key"),
            C("organisation", "Kode organisasi", "Organisation key"),
            C("organisation_name", "Nama organisasi", "Organisation name"),
            C("iati_identifier", "Pengenal IATI", "IATI identifier"),
            C("kind", "Kode jenis", "Kind code"),
            C("kind_name_id", "Jenis", "Kind (Indonesian)"),
            C("kind_name_en", "Jenis (Inggris)", "Kind (English)"),
            C("iati_type", "Kode jenis organisasi IATI", "IATI organisation type"),
            C("roles", "Kode peran", "Role codes"),
            C("role_names_id", "Peran", "Roles (Indonesian)"),
            C("role_names_en", "Peran (Inggris)", "Roles (English)"),
        ),
        _party_rows,
    ),
    Table(
        "contributions",
        "Kontribusi",
        "Contributions",
        "Apa yang dibawa setiap pihak: uang, pekerjaan, lahan, izin, keahlian.",
        "What each party brings: money, work, land, permits, expertise.",
        (
            C("partnership", "Kode kemitraan", "Partnership key"),
            C("organisation_name", "Organisasi", "Organisation"),
            C("kind", "Kode jenis", "Kind code"),
            C("kind_name_id", "Jenis", "Kind (Indonesian)"),
            C("kind_name_en", "Jenis (Inggris)", "Kind (English)"),
            C("description", "Uraian", "Description (Indonesian)"),
            C("description_en", "Uraian (Inggris)", "Description (English)"),
            C("planned_value", "Nilai rencana", "Planned value", "number"),
            C("realised_value", "Nilai realisasi", "Realised value", "number"),
            C("currency", "Mata uang", "Currency"),
            C("illustrative", "Nilai ilustratif", "Values illustrative", "boolean"),
        ),
        _contribution_rows,
    ),
    Table(
        "transactions",
        "Transaksi",
        "Transactions",
        "Uang yang dikomitmenkan, dicairkan dan dibelanjakan (jenis transaksi IATI), dalam rupiah.",
        "Money committed, disbursed and spent (IATI transaction types), in rupiah.",
        (
            C("partnership", "Kode kemitraan", "Partnership key"),
            C("type", "Kode jenis transaksi IATI", "IATI transaction type"),
            C("type_name_id", "Jenis transaksi", "Transaction type (Indonesian)"),
            C("type_name_en", "Jenis transaksi (Inggris)", "Transaction type (English)"),
            C("date", "Tanggal", "Date", "date"),
            C("amount", "Jumlah", "Amount", "number"),
            C("currency", "Mata uang", "Currency"),
            C("provider", "Dari", "Provider"),
            C("receiver", "Kepada", "Receiver"),
            C("description", "Uraian", "Description"),
            C("illustrative", "Nilai ilustratif", "Values illustrative", "boolean"),
        ),
        _transaction_rows,
    ),
    Table(
        "indicators",
        "Indikator",
        "Indicators",
        "Indikator hasil dengan nilai awal, target per periode dan realisasi yang disetujui.",
        "Result indicators with baselines, targets per period and approved actuals.",
        (
            C("partnership", "Kode kemitraan", "Partnership key"),
            C("name", "Indikator", "Indicator (Indonesian)"),
            C("name_en", "Indikator (Inggris)", "Indicator (English)"),
            C("kind", "Kode jenis", "Kind code"),
            C("kind_name_id", "Jenis", "Kind (Indonesian)"),
            C("kind_name_en", "Jenis (Inggris)", "Kind (English)"),
            C("unit", "Satuan", "Unit"),
            C("baseline", "Nilai awal", "Baseline", "number"),
            C("period_start", "Awal periode", "Period start", "date"),
            C("period_end", "Akhir periode", "Period end", "date"),
            C("target", "Target", "Target", "number"),
            C("actual", "Realisasi (disetujui)", "Actual (approved)", "number"),
            C("approved", "Disetujui", "Approved", "boolean"),
        ),
        _indicator_rows,
    ),
    Table(
        "needs",
        "Kebutuhan",
        "Needs",
        "Kebutuhan yang belum didanai yang diterbitkan pemerintah daerah (tanpa draf).",
        "Unfunded needs published by local government units (drafts excluded).",
        (
            C("id", "Nomor", "Number", "integer"),
            C("title", "Judul", "Title (Indonesian)"),
            C("title_en", "Judul (Inggris)", "Title (English)"),
            C("sector", "Kode sektor DAC", "DAC sector code"),
            C("sector_name_id", "Nama sektor", "Sector name (Indonesian)"),
            C("sector_name_en", "Nama sektor (Inggris)", "Sector name (English)"),
            C("region_codes", "Kode wilayah", "Region codes"),
            C("region_names", "Nama wilayah", "Region names"),
            C("estimated_cost", "Perkiraan biaya", "Estimated cost", "number"),
            C("currency", "Mata uang", "Currency"),
            C("beneficiaries", "Penerima manfaat (jiwa)", "Beneficiaries (people)", "integer"),
            C(
                "households",
                "Penerima manfaat (rumah tangga)",
                "Beneficiaries (households)",
                "integer",
            ),
            C("priority", "Prioritas (1-3)", "Priority (1-3)", "integer"),
            C("status", "Kode status", "Status code"),
            C("status_name_id", "Status", "Status (Indonesian)"),
            C("status_name_en", "Status (Inggris)", "Status (English)"),
            C("publisher", "Penerbit", "Publisher"),
        ),
        _need_rows,
    ),
    Table(
        "region-figures",
        "Angka wilayah",
        "Region figures",
        "Angka tingkat wilayah (misalnya persentase penduduk miskin), per tahun, dengan sumbernya.",
        "Area-level figures (such as the poverty rate), per year, with their source.",
        (
            C("region", "Kode wilayah", "Region code"),
            C("region_name", "Nama wilayah", "Region name"),
            C("year", "Tahun", "Year", "integer"),
            C("measure", "Ukuran", "Measure"),
            C("value", "Nilai", "Value", "number"),
            C("unit", "Satuan", "Unit"),
            C("source", "Sumber", "Source"),
        ),
        _figure_rows,
    ),
)


def table_get(slug: str) -> Table | None:
    return next((t for t in TABLES if t.slug == slug), None)
