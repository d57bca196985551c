"""The read queries of the exchanges app's pages, so templates never query."""

from exchanges.models import UNFINISHED_STATES, ExchangeRound
from partnerships.models import Agreement


def rounds_of_agreement(agreement: Agreement) -> list[ExchangeRound]:
    """The agreement's rounds in order, one query, each pointing at the given agreement (and so at
    its case, which the permission checks read) instead of loading it again."""
    rounds = list(ExchangeRound.objects.filter(agreement=agreement).order_by("number"))
    for exchange_round in rounds:
        exchange_round.agreement = agreement
    return rounds


def unfinished_rounds(agreement: Agreement) -> list[ExchangeRound]:
    return list(ExchangeRound.objects.filter(agreement=agreement, state__in=UNFINISHED_STATES).order_by("number"))
