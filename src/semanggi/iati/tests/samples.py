"""A small valid activity and organisation, built from plain data, for the checkers' tests."""

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from semanggi.iati import model
from semanggi.iati.validate import parse
from semanggi.iati.writer import activities_xml, organisations_xml

T = model.Text
CITY = model.Org(T("Pemerintah Kota Contoh"), "ID-COA-9999", "10")
BANK = model.Org(T("Bank Contoh"), "", "70")
UPDATED = datetime(2025, 6, 1, 8, 30, tzinfo=UTC)


def activity(**changes: object) -> model.Activity:
    values: dict[str, object] = {
        "identifier": "ID-COA-9999-contoh",
        "reporting_org": CITY,
        "title": T("Puskesmas contoh", "Example health centre"),
        "description": T("Kemitraan contoh.", "An example partnership."),
        "participants": (model.Participant(CITY, "2"), model.Participant(BANK, "1")),
        "status": "2",
        "last_updated": UPDATED,
        "planned_start": date(2024, 1, 2),
        "actual_start": date(2024, 1, 15),
        "planned_end": date(2025, 12, 31),
        "objectives": T("Puskesmas baru.", "A new health centre."),
        "locations": (
            model.Location(
                "33.72.03.1002",
                T("Semanggi"),
                T("Semanggi · Pasar Kliwon · Kota Surakarta · Jawa Tengah"),
                Decimal("-7.5693"),
                Decimal("110.8295"),
            ),
        ),
        "sectors": (("12230", Decimal(100)),),
        "budgets": (
            model.Budget(
                date(2024, 1, 2), date(2024, 12, 31), Decimal("900000000"), date(2024, 1, 2)
            ),
            model.Budget(
                date(2025, 1, 1), date(2025, 12, 31), Decimal("600000000"), date(2025, 1, 1)
            ),
        ),
        "transactions": (
            model.Transaction(
                "2", date(2024, 1, 20), Decimal("1500000000"), T("Komitmen"), BANK, CITY
            ),
            model.Transaction("4", date(2024, 11, 30), Decimal("750000000.50"), T("Belanja"), BANK),
        ),
        "documents": (
            model.Document(
                "https://semanggi.example.go.id/partnerships/contoh/",
                "text/html",
                T("Halaman kemitraan", "Partnership page"),
                "A12",
            ),
            model.Document(
                "https://semanggi.example.go.id/agreements/1/document/",
                "application/pdf",
                T("PKS"),
                "A11",
                date(2024, 1, 10),
            ),
        ),
        "conditions": (model.Condition("2", T("Dana dicairkan setelah izin bangunan terbit.")),),
        "results": (
            model.Result(
                "1",
                T("Puskesmas baru", "A new health centre"),
                (
                    model.Indicator(
                        T("Gedung selesai", "Building completed"),
                        "gedung",
                        Decimal(0),
                        2024,
                        (
                            model.Period(
                                date(2024, 1, 2), date(2024, 12, 31), Decimal(1), Decimal(1)
                            ),
                        ),
                    ),
                ),
            ),
        ),
    }
    values.update(changes)
    return model.Activity(**values)  # type: ignore[arg-type]


def activity_tree(**changes: object) -> Any:
    return parse(activities_xml([activity(**changes)]))


def organisation_tree() -> Any:
    return parse(
        organisations_xml(
            [
                model.Organisation(
                    "ID-COA-9999",
                    T("Pemerintah Kota Contoh"),
                    "10",
                    UPDATED,
                    (model.OrgBudget(date(2024, 1, 1), date(2024, 12, 31), Decimal("900000000")),),
                )
            ]
        )
    )
