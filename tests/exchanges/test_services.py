"""Marking a round's exchange done: who may, when, and what it records; the last round starts the follow-up."""

import pytest

from exchanges.models import ExchangeRound, RoundState
from exchanges.services import mark_round_exchange_done
from norec.core.audit import events_for
from norec.core.fsm import TransitionRefused
from partnerships import services
from partnerships.models import Phase
from tests.factories import reload
from tests.partnerships.helpers import RELOAD


def round_of(case, number: int) -> ExchangeRound:
    return ExchangeRound.objects.get(agreement__partnership=case, number=number)


def test_the_adviser_marks_a_round_done(exchange_case, adviser):
    exchange_round = mark_round_exchange_done(round_of(exchange_case, 2), by=adviser)
    assert (exchange_round.state, exchange_round.exchange_done_by) == (RoundState.FOLLOW_UP, adviser)
    assert round_of(exchange_case, 2).exchange_done_at is not None
    assert round_of(exchange_case, 1).state == RoundState.PLANNED
    assert reload(exchange_case).phase == Phase.EXCHANGE
    event = events_for(exchange_case).first()
    assert (event.action, event.actor, event.comment, event.from_state, event.to_state, event.data) == (
        "round.exchange_done",
        adviser,
        "",  # "Round 2" is told from the data, in the reader's language
        "planned",
        "follow_up",
        {"round": 2, "completed": 0},  # nobody took part in this round
    )


def test_the_last_round_starts_the_follow_up(exchange_case, adviser):
    mark_round_exchange_done(round_of(exchange_case, 2), by=adviser)
    mark_round_exchange_done(round_of(exchange_case, 1), by=adviser)
    case = reload(exchange_case)
    assert case.phase == Phase.FOLLOW_UP
    assert [(e.action, e.comment, e.from_state, e.to_state) for e in events_for(case)[:3]] == [
        ("case.follow_up_started", "", "exchange", "follow_up"),
        ("round.exchange_done", "", "planned", "follow_up"),
        ("round.exchange_done", "", "planned", "follow_up"),
    ]


@pytest.mark.parametrize("who", ["contact", "other_contact", "other_adviser", "participant"])
def test_only_the_case_adviser_may(request, exchange_case, who):
    with pytest.raises(TransitionRefused) as refusal:
        mark_round_exchange_done(round_of(exchange_case, 1), by=request.getfixturevalue(who))
    assert refusal.value.reasons == ["Only the partnership's programme adviser may do this."]
    assert round_of(exchange_case, 1).state == RoundState.PLANNED


def test_a_round_is_marked_done_once(exchange_case, adviser):
    mark_round_exchange_done(round_of(exchange_case, 1), by=adviser)
    with pytest.raises(TransitionRefused) as refusal:
        mark_round_exchange_done(round_of(exchange_case, 1), by=adviser)
    assert refusal.value.reasons == ["The exchange of round 1 is already marked done."]
    assert [e.action for e in events_for(exchange_case)].count("round.exchange_done") == 1


def test_only_during_the_exchange_phase(agreement, adviser):
    with pytest.raises(TransitionRefused) as refusal:
        mark_round_exchange_done(round_of(agreement.partnership, 1), by=adviser)
    assert refusal.value.reasons == ["The partnership is not in the exchange phase (it is application)."]


def test_not_once_the_case_is_ended(exchange_case, adviser):
    services.terminate(exchange_case, reason="Funding stopped.", by=adviser)
    with pytest.raises(TransitionRefused) as refusal:
        mark_round_exchange_done(round_of(exchange_case, 1), by=adviser)
    assert refusal.value.reasons == ["The partnership is not in the exchange phase (it is terminated)."]


def test_a_stale_page_is_told_to_reload(exchange_case, adviser):
    shown = exchange_case.revision
    services.terminate(exchange_case, reason="Funding stopped.", by=adviser)
    with pytest.raises(TransitionRefused) as refusal:
        mark_round_exchange_done(round_of(exchange_case, 1), by=adviser, expected_revision=shown)
    assert RELOAD in refusal.value.reasons[0]
