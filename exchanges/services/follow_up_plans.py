"""A participant's follow-up plan: drafted by the sending organisation before the return, its
focus set by how the participant was recruited (Participant.follow_up_focus)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from exchanges.events import ParticipantEvent
from exchanges.models import Participant
from exchanges.permissions import follow_up_plan_refusal_reasons
from norec.core.fsm import TransitionRefused
from norec.core.limits import LONG_TEXT_MAX_LENGTH, check_length
from norec.core.models import User
from partnerships.notifications import record_case_event
from partnerships.services.locking import lock_case, require


class PlanChangedMeanwhile(TransitionRefused):
    """Someone saved the plan after the page was shown: `current` is what they saved."""

    def __init__(self, current: Participant):
        self.current = current
        super().__init__([_("Someone else saved the follow-up plan after you opened the page.")])


def save_follow_up_plan(participant: Participant, *, text: str, expected_revision: int | None, by: User) -> Participant:
    """Save the plan as typed; refused when someone else saved it since the page was shown."""
    text = check_length(text.strip(), LONG_TEXT_MAX_LENGTH)
    with transaction.atomic():
        case = lock_case(participant.partnership)
        participant = (
            Participant.objects.select_for_update().select_related("leg__exchange_round").get(pk=participant.pk)
        )
        participant.leg.exchange_round.agreement.partnership = case
        require(follow_up_plan_refusal_reasons(participant, by))
        if expected_revision is not None and expected_revision != participant.follow_up_plan_revision:
            raise PlanChangedMeanwhile(participant)
        participant.follow_up_plan = text
        participant.follow_up_plan_revision += 1
        participant.follow_up_plan_at, participant.follow_up_plan_by = timezone.now(), by
        participant.save(
            update_fields=["follow_up_plan", "follow_up_plan_revision", "follow_up_plan_at", "follow_up_plan_by"]
        )
        record_case_event(
            case,
            action=ParticipantEvent.FOLLOW_UP_PLAN_SAVED,
            by=by,
            data={
                "participant": participant.pk,
                "name": participant.full_name,
                "revision": participant.follow_up_plan_revision,
            },
        )
    return participant
