"""Amounts of money as the reader's language writes them: the currency first, thousands grouped,
two decimals ("NOK 25,000.00" in English, "NOK 25 000,00" in bokmål)."""

from django.utils.formats import number_format


def format_money(amount, currency: str) -> str:
    return f"{currency} {number_format(amount, decimal_pos=2, force_grouping=True)}"
