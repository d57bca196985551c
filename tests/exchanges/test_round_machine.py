"""The round's state machine as people meet it: every state, built through the services as its
people build it, and every action pressed on the round page by the person who would press it.
Each answer is "done" (a success message and the round changed) or "refused" (an error message
with the reason, and nothing changed), never a 500 and never a mix.

The round is round 1 of Ada's case (Bergen and Kampala, in the exchange): it ran in 2025, so
its departure and its end have come. Kampala (Olga) sends one participant to Bergen (Chris) for
six months from the round's start."""

from contextlib import suppress

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.messages import constants, get_messages
from django.db import transaction
from django.urls import reverse

from exchanges import services
from exchanges.models import BudgetLine, ExchangeRound, Participant, ReportKind
from norec.core.models import AuditEvent
from partnerships import services as case_services
from tests.factories import OTHER_WAY, ROUND_AGREEMENT, make_leg, participant_data, pdf_upload, recruit, walk_round

DONE, REFUSED = "done", "refused"


def build_round(case, state: str, *, home, host, adviser):
    """Round 1 of `case` brought to `state` (a RoundState value) by the services, with its legs
    planned (`home` to `host`, and back, whose participant is recruited first) and the round
    agreement written (not approved) from the start. "<state>, case ended": the same, then the
    adviser ends the partnership."""
    state, _sep, ended = state.partition(", ")
    exchange_round = case.agreement.rounds.get(number=1)
    leg = make_leg(exchange_round, home=home, host=host)
    back = make_leg(exchange_round, home=host, host=home)  # the round is mutual: one each way
    services.set_round_agreement(exchange_round, **ROUND_AGREEMENT, by=host.contacts.get())
    path = ["recruiting", "preparing", "in_exchange", "follow_up", "reported", "closed"]
    for step in path[: path.index(state) + 1] if state != "planned" else []:
        if step == "recruiting":
            walk_round(exchange_round, "start_recruiting")
            recruit(back, **OTHER_WAY)
        elif step == "preparing":
            recruit(leg)
            services.approve_round_agreement(exchange_round, by=adviser)
            walk_round(exchange_round, "start_preparing")
        elif step == "in_exchange":
            walk_round(exchange_round, "depart")
        elif step == "follow_up":
            services.mark_round_exchange_done(exchange_round, by=adviser)
        elif step == "reported":
            for kind in ReportKind:
                report = services.submit_round_report(
                    exchange_round,
                    kind=kind,
                    text="Done.",
                    actuals=dict.fromkeys(BudgetLine.values, 1000) if kind == ReportKind.FINANCIAL else None,
                    attachment=pdf_upload("accounts.pdf") if kind == ReportKind.FINANCIAL else None,
                    by=host.contacts.get(),
                )
                services.accept_round_report(report, by=adviser)
        elif step == "closed":
            services.close_round(exchange_round, by=adviser)
    if ended:
        case_services.terminate(case, reason="Funding stopped.", by=adviser)
    return ExchangeRound.objects.get(pk=exchange_round.pk)


def actions(exchange_round, home, host) -> dict:
    """Each action: (who presses it, URL, what they post)."""
    case, number = exchange_round.agreement.partnership_id, exchange_round.number
    leg = exchange_round.legs.get(home_organisation=home)

    def url(name, **kwargs):
        return reverse(f"exchanges:{name}", kwargs={"pk": case, "number": number, **kwargs})

    leg_fields = {
        "home": home.pk,
        "host": host.pk,
        "participants": 1,
        "months": 6,
        "departure": (exchange_round.planned_start + relativedelta(months=1)).isoformat(),
    }
    agreement = {
        "activities": "Other activities.",
        "contribution": "Other results.",
        **{f"planned_{line}": str(amount) for line, amount in ROUND_AGREEMENT["planned"].items()},
    }
    return {
        "start_recruiting": ("home", url("advance_round", step="start_recruiting"), {}),
        "recruit": (
            "home",
            url("recruit", leg_pk=leg.pk),
            participant_data(full_name="Peter Okello", email="peter@example.org", date_of_birth="2000-05-17"),
        ),
        "add_leg": ("host", url("add_leg"), {**leg_fields, "home": host.pk, "host": home.pk}),
        "change_leg": ("host", url("change_leg", leg_pk=leg.pk), leg_fields),
        "set_agreement": ("host", url("set_round_agreement"), agreement),
        "approve_agreement": ("adviser", url("approve_round_agreement"), {}),
        "accept_extra_place": ("adviser", url("accept_extra_place", leg_pk=leg.pk), {"reason": "A second nurse."}),
        "start_preparing": ("home", url("advance_round", step="start_preparing"), {}),
        "depart": ("home", url("advance_round", step="depart"), {"confirm": "on"}),
        "correct_departure": ("adviser", url("correct_departure"), {"reason": "They have not left yet."}),
        "mark_done": ("adviser", url("mark_round_exchange_done"), {"confirm": "on"}),
    }


def snapshot(exchange_round) -> tuple:
    """Everything an action on the round may change."""
    fresh = ExchangeRound.objects.get(pk=exchange_round.pk)
    return (
        fresh.state,
        fresh.activities,
        fresh.agreement_approved_at,
        list(fresh.legs.order_by("pk").values_list("departure", "participants", "extra_places")),
        Participant.objects.filter(leg__exchange_round=fresh).count(),
        AuditEvent.objects.count(),
    )


class Undone(Exception):
    """Raised to roll each action back, so every action meets the same state."""


def answer(client, url: str, data: dict, exchange_round) -> tuple[str, list[str]]:
    """DONE or REFUSED, with the messages; anything else (a 500, a 400, a message that does not
    match the change) fails here."""
    before = snapshot(exchange_round)
    client.cookies.pop("messages", None)  # no message of an earlier, rolled back, action
    with suppress(Undone), transaction.atomic():
        response = client.post(url, data)
        after = snapshot(exchange_round)
        raise Undone
    assert response.status_code == 302, (url, response.status_code)
    messages = list(get_messages(response.wsgi_request))
    levels = {message.level for message in messages}
    texts = [str(message) for message in messages]
    if levels == {constants.SUCCESS}:
        assert after != before, (url, texts, "a success that changed nothing")
        return DONE, texts
    assert levels == {constants.ERROR} and all(texts), (url, texts)
    assert after == before, (url, texts, "a refusal that changed something")
    return REFUSED, texts


# What each action answers in each state of the round ("<state>, case ended": the partnership
# was ended by the adviser while the round was there). D = done, R = refused.
D, R = DONE, REFUSED
ACTIONS = (
    "start_recruiting",
    "recruit",
    "add_leg",
    "change_leg",
    "set_agreement",
    "approve_agreement",
    "accept_extra_place",
    "start_preparing",
    "depart",
    "correct_departure",
    "mark_done",
)
EXPECTED = {
    #                       recr add chg set appr xtra prep dep corr done
    "planned": (D, D, D, D, D, D, D, R, R, R, D),
    "recruiting": (R, D, D, D, D, D, D, R, R, R, D),
    "preparing": (R, R, R, R, R, R, R, R, D, R, D),
    "in_exchange": (R, R, R, R, R, R, R, R, R, D, D),
    "follow_up": (R, R, R, R, R, R, R, R, R, R, R),
    "reported": (R, R, R, R, R, R, R, R, R, R, R),
    "closed": (R, R, R, R, R, R, R, R, R, R, R),
    "planned, case ended": (R, R, R, R, R, R, R, R, R, R, R),
    "preparing, case ended": (R, R, R, R, R, R, R, R, R, R, R),
}
# The reason the ended partnership gives, for every step of its round.
NOT_IN_EXCHANGE = "The partnership is not in the exchange phase (it is terminated)."
# Some refusals word for word: the state is named before anything else is asked.
REASONS = {
    ("recruiting", "start_preparing"): [
        "Kampala Youth Network → Bergen Health Trust: 0 of 1 participants recruited.",
        "The programme adviser approves the round agreement of round 1 (its texts and budget).",
    ],
    ("preparing", "add_leg"): [
        "Round 1 is “Preparing”: its legs, dates and budget now change only through a round agreement amendment (C05)."
    ],
    ("closed", "start_recruiting"): ["“Start recruiting” is not possible while round 1 is “Closed”."],
    ("closed", "add_leg"): ["Legs are planned before the exchange; round 1 is “Closed”."],
    ("follow_up", "mark_done"): ["The exchange of round 1 is already marked done."],
    ("reported", "mark_done"): ["The exchange of round 1 is already marked done."],
    ("in_exchange", "recruit"): ["Participants are recruited before the exchange; round 1 is “In exchange”."],
}


def expected(state: str) -> dict[str, str]:
    return dict(zip(ACTIONS, EXPECTED[state], strict=True))


@pytest.mark.parametrize("state", list(EXPECTED))
def test_each_action_in_each_state(
    state,
    exchange_case,
    organisation,
    other_organisation,
    adviser,
    adviser_client,
    contact_client,
    other_contact_client,
):
    exchange_round = build_round(exchange_case, state, home=other_organisation, host=organisation, adviser=adviser)
    clients = {"home": other_contact_client, "host": contact_client, "adviser": adviser_client}
    answers, reasons = {}, {}
    for name, (who, url, data) in actions(exchange_round, other_organisation, organisation).items():
        answers[name], reasons[name] = answer(clients[who], url, data, exchange_round)
    assert answers == expected(state)
    for (where, name), words in REASONS.items():
        if where == state:
            assert reasons[name] == words, name
    if state.endswith("case ended"):
        # Every step that waits for the exchange phase says so (the rest refuse on the round's state first).
        for name in ("recruit", "add_leg", "accept_extra_place", "start_recruiting", "depart", "mark_done"):
            if expected(state.removesuffix(", case ended"))[name] == DONE:
                assert reasons[name] == [NOT_IN_EXCHANGE], name


# What each condition of the round's transitions waits for: a person's action in the table above,
# or something no action on the round brings (a date, the case's phase, the reports).
WAITS_FOR_AN_ACTION = {
    "legs_cover_the_plan": "add_leg",
    "every_leg_recruited": "recruit",
    "round_agreement_approved": "approve_agreement",
}
WAITS_FOR_SOMETHING_ELSE = {
    "case_in_exchange_phase",  # the case's own steps
    "case_ended",  # the adviser ending the partnership (it cancels the round)
    "first_departure_reached",  # a date
    "round_period_over",  # a date
    "both_reports_accepted",  # the round reports (tests/exchanges/test_round_reports.py)
    "nobody_returned_early",  # a participant's step (tests/exchanges/test_participant_machine.py)
    # The adviser's decision on a participant's age, taken on the participant's page while the
    # round recruits (tests/exchanges/test_round_steps.py: the age decided before preparing).
    "ages_decided",
}


def test_what_a_step_waits_for_can_be_done_where_the_step_starts():
    """A condition that waits for an action is met only if that action is possible in the state the
    step is taken from: otherwise the round is stuck there (as recruiting once was while the round
    was "Recruiting")."""
    transitions = ExchangeRound._meta.get_field("state").get_all_transitions(ExchangeRound)
    seen = set()
    for transition in transitions:
        for condition in transition.conditions:
            name = condition.__name__
            seen.add(name)
            assert name in WAITS_FOR_AN_ACTION or name in WAITS_FOR_SOMETHING_ELSE, f"classify {name}"
            if name in WAITS_FOR_AN_ACTION:
                assert expected(transition.source)[WAITS_FOR_AN_ACTION[name]] == DONE, (transition.name, name)
    assert set(WAITS_FOR_AN_ACTION) <= seen


def test_what_the_step_waited_for_done_the_step_goes_through(exchange_case, organisation, other_organisation, adviser):
    """The invariant's other half: from "Recruiting", recruiting and approving are all preparing needs."""
    exchange_round = build_round(
        exchange_case, "recruiting", home=other_organisation, host=organisation, adviser=adviser
    )
    recruit(exchange_round.legs.get(home_organisation=other_organisation))
    services.approve_round_agreement(exchange_round, by=adviser)
    walk_round(exchange_round, "start_preparing")
    assert ExchangeRound.objects.get(pk=exchange_round.pk).state == "preparing"
