"""One lock order for every amendment service: the case, then the amendment, then what it
changes (the agreement, the round): so an amendment and a round's own services never deadlock."""

from django.utils.translation import gettext as _

from amendments.models import Amendment
from norec.core.fsm import TransitionRefused
from partnerships.models import Partnership


class StaleAmendment(TransitionRefused):
    def __init__(self):
        super().__init__([_("Someone else changed this amendment meanwhile. Reload the page to see it.")])


def lock_amendment(amendment: Amendment, *, expected_revision: int | None = None) -> Amendment:
    case = Partnership.objects.select_for_update().select_related("adviser").get(pk=amendment.partnership_id)
    locked = Amendment.objects.select_for_update().get(pk=amendment.pk)
    if expected_revision is not None and locked.revision != expected_revision:
        raise StaleAmendment()
    locked.partnership = case
    if locked.exchange_round_id:
        from exchanges.models import ExchangeRound

        locked.exchange_round = ExchangeRound.objects.select_for_update().get(pk=locked.exchange_round_id)
        locked.exchange_round.agreement.partnership = case
    return locked
