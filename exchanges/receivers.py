"""What the exchanges app answers the partnership app: its signal receivers and its exchange gate,
connected and registered in ExchangesConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from exchanges import selectors, services
from exchanges.models import REPORTED_STATES, RoundState
from partnerships.permissions import agreement_of


def create_rounds_for_agreement(sender, *, agreement, application, **kwargs) -> None:
    """partnerships.signals.agreement_made: the agreement's rounds, from the application's planned rounds."""
    services.create_rounds(agreement, application.rounds.order_by("number"))


def exchange_gate(case) -> list[str]:
    """partnerships.hooks: the case's exchange is finished when every round's exchange is done."""
    agreement = agreement_of(case)
    if agreement is None:
        return [str(_("There is no collaboration agreement yet."))]
    return [
        str(_("The exchange of round %(number)s has not been marked done.") % {"number": exchange_round.number})
        for exchange_round in selectors.unfinished_rounds(agreement)
    ]


def follow_up_gate(case) -> list[str]:
    """partnerships.hooks: the case's follow-up is finished when every round is reported (both
    its reports accepted)."""
    agreement = agreement_of(case)
    if agreement is None:
        return []
    return [
        str(_("Round %(number)s is not reported yet (its results and financial reports).") % {"number": round_.number})
        for round_ in selectors.rounds_of_agreement(agreement)
        if round_.state not in REPORTED_STATES
    ]


def close_rounds_of_completed_case(sender, *, case, by, **kwargs) -> None:
    """partnerships.signals.case_completed: nothing more is expected of its rounds."""
    agreement = agreement_of(case)
    if agreement is None:
        return
    for exchange_round in selectors.rounds_of_agreement(agreement):
        if exchange_round.state == RoundState.REPORTED:
            services.close_round(exchange_round, by=by)


def cancel_rounds_of_ended_case(sender, *, case, reason, by, **kwargs) -> None:
    """partnerships.signals.case_ended: the rounds still under way end with the partnership."""
    services.cancel_rounds_of_ended_case(case, reason=reason, by=by)
