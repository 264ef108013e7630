"""Rupiah amounts as people in Indonesia write them."""

from decimal import ROUND_HALF_UP, Decimal


def format_rupiah(amount: Decimal | int) -> str:
    """``Rp 1.250.000.000``: dot-grouped thousands, no decimals (sen are not used)."""
    whole = int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign = "-" if whole < 0 else ""
    return f"{sign}Rp {abs(whole):,}".replace(",", ".")
