from decimal import Decimal

import pytest

from semanggi.core.money import format_rupiah


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (0, "Rp 0"),
        (999, "Rp 999"),
        (1500000000, "Rp 1.500.000.000"),
        (Decimal("1250000.50"), "Rp 1.250.001"),
        (Decimal("-2500"), "-Rp 2.500"),
    ],
)
def test_rupiah_is_written_with_dots_between_thousands(amount: Decimal | int, text: str) -> None:
    assert format_rupiah(amount) == text
