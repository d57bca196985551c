"""How exchanges plugs into the partnership case: the rounds made with the agreement (a signal),
the exchange gate the case's start_follow_up asks, and the rounds section of the case page."""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from exchanges.models import ExchangeRound, RoundState
from exchanges.sections import ROUNDS_SECTION, rounds_section
from exchanges.services import mark_round_exchange_done
from partnerships import hooks
from partnerships.case_sections import case_sections
from partnerships.models import RoundDirection
from partnerships.permissions import transition_refusal_reasons


def test_the_rounds_are_made_from_the_planned_rounds(agreement):
    rounds = [
        (r.number, r.planned_participants(), r.planned_start, r.planned_end, r.budget, r.state)
        for r in ExchangeRound.objects.filter(agreement=agreement)
    ]
    each_way = {RoundDirection.NORTH_SOUTH: 1, RoundDirection.SOUTH_NORTH: 1, RoundDirection.SOUTH_SOUTH: 0}
    assert rounds == [
        (1, each_way, date(2025, 1, 10), date(2025, 12, 20), Decimal("400000.00"), RoundState.PLANNED),
        (2, each_way, date(2025, 8, 1), date(2026, 7, 31), Decimal("450000.00"), RoundState.PLANNED),
    ]
    assert (agreement.period_start, agreement.period_end) == (date(2025, 1, 10), date(2026, 7, 31))


def test_the_gate_names_every_unfinished_round(exchange_case, adviser):
    mark_round_exchange_done(exchange_case.agreement.rounds.get(number=1), by=adviser)
    assert transition_refusal_reasons(exchange_case, "start_follow_up", adviser) == [
        "The exchange of round 2 has not been marked done."
    ]


def test_without_a_gate_the_follow_up_is_refused_with_a_reason(exchange_case, adviser, monkeypatch):
    monkeypatch.setattr(hooks, "_exchange_gates", [])
    assert transition_refusal_reasons(exchange_case, "start_follow_up", adviser) == [
        "Nothing is set up to tell whether the exchange is finished."
    ]


def test_every_gate_is_asked(exchange_case, adviser, monkeypatch):
    monkeypatch.setattr(hooks, "_exchange_gates", list(hooks._exchange_gates))
    hooks.register_exchange_gate(lambda case: ["The participants' reports are missing."])
    assert transition_refusal_reasons(exchange_case, "start_follow_up", adviser) == [
        "The exchange of round 1 has not been marked done.",
        "The exchange of round 2 has not been marked done.",
        "The participants' reports are missing.",
    ]


def test_the_rounds_section_is_shown_once_there_is_an_agreement(case_in, adviser):
    assert [s.template_name for s in case_sections(case_in("application_submitted"), adviser)] == []
    sections = case_sections(case_in("exchange"), adviser)
    # The rounds, then the amendments (amendments.sections: the agreement in force may be amended).
    assert [s.template_name for s in sections] == ["exchanges/case_rounds.html", "amendments/case_amendments.html"]
    assert [(row["round"].number, row["may_mark_done"]) for row in sections[0].context["rounds"]] == [
        (1, True),
        (2, True),
    ]


@pytest.mark.parametrize("rounds", [1, 12])
def test_the_rounds_section_makes_three_queries(
    exchange_case_with_rounds, adviser, rf, django_assert_num_queries, rounds
):
    case = exchange_case_with_rounds(rounds)
    case.agreement  # the case page has read it before the sections (partnerships.views)  # noqa: B018
    # The rounds; for the adviser, the reports submitted to her and the ages she decides on.
    with django_assert_num_queries(3):  # this section's own; training adds its own section (tests/training)
        context = rounds_section(case, adviser)
        html = render_to_string(ROUNDS_SECTION, {"section": context, "case": case}, rf.get("/"))
    assert html.count("Mark exchange done") == rounds
