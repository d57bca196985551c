"""Who may take an amendment's transitions (`permission=`) and when (`conditions=`).
amendments.permissions reads these declarations to say why a step is not possible."""

from django.utils.translation import gettext_lazy as _

from norec.core.fsm import Condition
from partnerships.models import CASE_ADVISER, CASE_CONTACT, Phase

__all__ = ["CASE_ADVISER", "CASE_CONTACT", "changes_something", "justified", "not_stale", "subject_open"]


def round_amendable_states():
    from exchanges.models import RoundState

    # Before preparing the partners change legs and budget themselves; after the exchange, nothing
    # of it is left to change.
    return (RoundState.PREPARING, RoundState.IN_EXCHANGE)


@Condition
def subject_open(amendment) -> list:
    """What it changes can still change: the agreement while the exchange runs, a round while it
    is prepared or abroad."""
    case = amendment.partnership
    if case.phase != Phase.EXCHANGE:
        return [
            _("The partnership is %(phase)s: its agreement changes only during the exchange phase.")
            % {"phase": case.get_phase_display().lower()}
        ]
    exchange_round = amendment.exchange_round
    if exchange_round is not None and exchange_round.state not in round_amendable_states():
        return [
            _("Round %(number)s is “%(state)s”: a round agreement amendment is for a round being prepared or abroad.")
            % {"number": exchange_round.number, "state": exchange_round.get_state_display()}
        ]
    return []


@Condition
def changes_something(amendment) -> list:
    from amendments.changes import changed_keys

    if not changed_keys(amendment.baseline, amendment.proposal):
        return [_("The amendment changes nothing yet: change at least one value.")]
    return []


@Condition
def justified(amendment) -> list:
    if not amendment.justification.strip():
        return [_("Say why the change is needed (the justification).")]
    return []


@Condition
def not_stale(amendment) -> list:
    """What it changes still has the values it was drafted against."""
    from amendments.changes import stale_differences

    return stale_differences(amendment)
