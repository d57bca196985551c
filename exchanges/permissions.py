"""Who may see or do what to exchange rounds. The one place that decides, reading the rounds'
@transition declarations (permission= and conditions=) as partnerships.permissions does for cases."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from exchanges.models import ExchangeRound
from norec.core import fsm
from partnerships.permissions import get_case_for_user


def get_round_for_user(user, case_pk: int, number: int) -> ExchangeRound:
    """The round if the user may see its case; 404 for 'does not exist' and 'not yours' alike."""
    case = get_case_for_user(user, case_pk)
    exchange_round = get_object_or_404(
        ExchangeRound.objects.select_related("agreement"), agreement__partnership=case, number=number
    )
    exchange_round.agreement.partnership = case  # the checks read the case we already hold
    return exchange_round


def wrong_state(exchange_round: ExchangeRound, action_label) -> str:
    """The refusal of a step that is not possible in the round's state."""
    if exchange_round.is_done:
        return str(_("The exchange of round %(number)s is already marked done.") % {"number": exchange_round.number})
    return str(
        _("“%(action)s” is not possible while round %(number)s is “%(state)s”.")
        % {"action": action_label, "number": exchange_round.number, "state": exchange_round.get_state_display()}
    )


def transition_refusal_reasons(exchange_round: ExchangeRound, transition_name: str, user) -> list[str]:
    """Why `user` may not take the round's transition `transition_name` now ([] = allowed)."""
    return fsm.transition_refusal_reasons(exchange_round, transition_name, user, wrong_state=wrong_state)


def mark_done_refusal_reasons(exchange_round: ExchangeRound, user) -> list[str]:
    """Why `user` may not mark the round's exchange done now ([] = allowed)."""
    return transition_refusal_reasons(exchange_round, "finish_exchange", user)


def may_mark_done(exchange_round: ExchangeRound, user) -> bool:
    return not mark_done_refusal_reasons(exchange_round, user)
