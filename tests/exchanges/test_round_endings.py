"""How a round's participants end: home with the round's exchange done (their follow-up still
theirs), or with the partnership when the adviser ends it (its rounds under way are cancelled)."""

import pytest
from django.utils import timezone

from exchanges import services
from exchanges.models import ItemStatus, ParticipantStatus, RoundState
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from partnerships import services as case_services
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import approve_agreement, make_case, make_leg, recruit, recruit_the_other_way, reload, walk_round


def _abroad(adviser, organisation, other_organisation, *, over: bool = False):
    """A participant abroad in round 1: under way around today, or (`over`) ended in 2025."""
    if over:
        case = make_case("exchange", adviser=adviser, organisations=[organisation, other_organisation])
        leg = make_leg(case.agreement.rounds.get(number=1), home=other_organisation, host=organisation)
    else:
        today = timezone.localdate()
        case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
        leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=-30)
    participant = recruit(leg)
    recruit_the_other_way(leg)
    walk_round(leg.exchange_round, "start_recruiting")
    approve_agreement(leg.exchange_round)
    walk_round(leg.exchange_round, "start_preparing", "depart")
    return case, leg.exchange_round, participant


def test_marking_the_exchange_done_completes_those_who_took_part(adviser, organisation, other_organisation):
    _case, exchange_round, participant = _abroad(adviser, organisation, other_organisation, over=True)
    services.mark_round_exchange_done(exchange_round, by=adviser)
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.COMPLETED
    event = events_for(exchange_round.partnership).filter(action="round.exchange_done").get()
    assert event.data["completed"] == 2  # and Ola, who went the other way
    # Home, their follow-up is theirs to do: an item after the return can still be ticked.
    after = participant.checklist.filter(phase="after", status=ItemStatus.OPEN, responsible="sending").first()
    services.complete_item(after, by=other_organisation.contacts.get())
    assert after.__class__.objects.get(pk=after.pk).status == ItemStatus.DONE


def test_ending_the_partnership_cancels_its_rounds_and_withdraws_who_is_still_away(
    adviser, organisation, other_organisation
):
    case, exchange_round, participant = _abroad(adviser, organisation, other_organisation)
    case_services.terminate(case, reason="Funding stopped.", by=adviser)
    exchange_round.refresh_from_db()
    participant.refresh_from_db()
    assert exchange_round.state == RoundState.CANCELLED
    assert (participant.status, participant.status_reason) == (
        ParticipantStatus.WITHDRAWN,
        "The partnership ended: Funding stopped.",
    )
    assert not participant.checklist.filter(status=ItemStatus.OPEN).exists()
    newest = [(e.action, e.to_state) for e in events_for(case)][:3]
    assert newest == [
        ("case.terminated", "terminated"),
        ("round.cancelled", "cancelled"),
        ("participant.withdrawn", "withdrawn"),
    ]


def test_a_round_already_reported_is_not_cancelled_but_closed_by_the_adviser(case_in, adviser):
    case = case_in("follow_up_report_submitted")  # both rounds reported
    case_services.terminate(case, reason="Funding stopped.", by=adviser)
    assert set(case.agreement.rounds.values_list("state", flat=True)) == {RoundState.REPORTED}
    services.close_round(reload(case).agreement.rounds.get(number=1), by=adviser)
    assert case.agreement.rounds.get(number=1).state == RoundState.CLOSED


def test_a_round_closed_before_the_case_completes_holds_nothing_up(case_in, adviser):
    """The adviser may close a reported round while the case is still in its follow-up: it is as
    reported as ever, and the final report can be accepted."""
    case = case_in("follow_up_report_submitted")
    services.close_round(case.agreement.rounds.get(number=1), by=adviser)
    case_services.accept_final_report(reload(case), by=adviser)
    assert reload(case).phase == "completed"


def test_rounds_waiting_for_their_reports_are_cancelled_with_the_partnership(case_in, adviser):
    case = case_in("follow_up")  # both rounds' exchanges done, their reports not yet in
    case_services.terminate(case, reason="Funding stopped.", by=adviser)
    assert set(case.agreement.rounds.values_list("state", flat=True)) == {RoundState.CANCELLED}


def test_rounds_are_cancelled_only_with_their_partnership(case_in, adviser):
    case = case_in("exchange")
    with pytest.raises(TransitionRefused) as refusal:
        services.cancel_rounds_of_ended_case(reload(case), reason="A mistake.", by=adviser)
    assert refusal.value.reasons == ["Round 1 is cancelled only when its partnership ends (it is exchange)."]
    assert set(case.agreement.rounds.values_list("state", flat=True)) == {RoundState.PLANNED}


def test_legs_wait_for_the_exchange_and_for_the_cases_own_people(case_in, adviser, other_adviser, organisation):
    """The agreement's rounds exist from its approval; their legs are planned once the exchange has
    started, and by the case's adviser and partner contacts only."""
    case = case_in("approved_awaiting_signatures")
    other = case.organisations.exclude(pk=organisation.pk).get()
    with pytest.raises(TransitionRefused) as refusal:
        make_leg(case.agreement.rounds.get(number=1), home=organisation, host=other, by=adviser)
    assert refusal.value.reasons == ["The partnership is not in the exchange phase (it is application)."]
    case = case_in("exchange")
    with pytest.raises(TransitionRefused) as refusal:
        make_leg(case.agreement.rounds.get(number=1), home=organisation, host=other, by=other_adviser)
    assert refusal.value.reasons == ["Only the partnership's adviser and partner contacts plan its legs."]
