"""What training does when something happens below it (connected in TrainingConfig.ready())."""

import logging

from django.utils.translation import gettext as _

from norec.core.fsm import TransitionRefused
from training.models import OPEN_STATES, Enrolment

logger = logging.getLogger(__name__)


def free_places_of_ended_participation(sender, *, participant, reason: str, by, **kwargs) -> int:
    """A participant withdrawn or home early no longer goes on courses ahead: their open
    enrolments are cancelled with the reason (each place going to the waiting list); one on a
    session under way stays for the adviser's attendance. Returns how many were cancelled."""
    from training.services import cancel_enrolment

    cancelled = 0
    for enrolment in Enrolment.objects.filter(participant=participant, state__in=OPEN_STATES).select_related("session"):
        try:
            cancel_enrolment(enrolment, reason=_("No longer in the exchange: %(reason)s") % {"reason": reason}, by=by)
            cancelled += 1
        except TransitionRefused as refusal:
            logger.info("Enrolment %s kept: %s", enrolment.pk, " ".join(refusal.reasons))
    return cancelled
