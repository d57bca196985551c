"""The participant's state machine as people meet it: each state built through the services, and
each action pressed by the person who would press it: done (a success message and a change) or
refused (the reason, nothing changed). The participant's page offers an action exactly where it is
done. Kampala (Olga) sends one participant to Bergen (Chris); Ada advises the case."""

from contextlib import suppress

import pytest
from dateutil.relativedelta import relativedelta
from django.contrib.messages import constants, get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from exchanges import services
from exchanges.models import ExchangeRound, Participant
from norec.core.models import AuditEvent
from tests.factories import approve_agreement, make_leg, participant_data, recruit, recruit_the_other_way, walk_round

DONE, REFUSED = "done", "refused"


def _on_leg(exchange_round, home, host, *, departure=None, places=1):
    leg = make_leg(exchange_round, home=home, host=host, participants=places, months=12, departure=departure)
    walk_round(exchange_round, "start_recruiting")
    return recruit(leg)


def build(state: str, request, home, host) -> Participant:
    """The participant in `state`, through the services."""
    other_contact = home.contacts.get()
    if state in ("active, recruiting", "active, preparing", "withdrawn, preparing"):
        exchange_round = request.getfixturevalue("round_ahead")
        # While recruiting, the leg plans two: the second place is still open.
        participant = _on_leg(exchange_round, home, host, places=2 if state == "active, recruiting" else 1)
        if state != "active, recruiting":
            recruit_the_other_way(participant.leg)
            approve_agreement(exchange_round)
            walk_round(exchange_round, "start_preparing")
        if state == "withdrawn, preparing":
            services.withdraw_participant(participant, reason="Found another job.", by=other_contact)
    elif state in ("active, abroad", "returned early"):
        exchange_round = request.getfixturevalue("round_under_way")
        participant = _on_leg(
            exchange_round, home, host, departure=exchange_round.planned_start + relativedelta(months=1)
        )
        recruit_the_other_way(participant.leg)
        approve_agreement(exchange_round)
        walk_round(exchange_round, "start_preparing", "depart")
        if state == "returned early":
            services.return_participant_early(
                participant,
                reason="Family illness.",
                returned_on=participant.leg.departure + relativedelta(months=1),
                by=other_contact,
            )
    elif state == "active, the exchange over":
        exchange_round = request.getfixturevalue("exchange_case").agreement.rounds.get(number=1)  # 2025
        leg = make_leg(exchange_round, home=home, host=host)
        walk_round(exchange_round, "start_recruiting")
        participant = recruit(leg)
        recruit_the_other_way(leg)
        approve_agreement(exchange_round)
        walk_round(exchange_round, "start_preparing", "depart")
    return Participant.objects.select_related("leg__exchange_round").get(pk=participant.pk)


def actions(participant) -> dict:
    leg = participant.leg
    exchange_round = leg.exchange_round
    case = exchange_round.agreement.partnership_id
    returned_on = min(timezone.localdate(), leg.departure + relativedelta(months=1))
    return {
        "withdraw": ("home", reverse("exchanges:withdraw_participant", args=[participant.pk]), {"reason": "Ill."}),
        "return_early": (
            "home",
            reverse("exchanges:return_early", args=[participant.pk]),
            {"reason": "Ill.", "returned_on": returned_on.isoformat()},
        ),
        "recruit_on_the_leg": (
            "home",
            reverse("exchanges:recruit", args=[case, exchange_round.number, leg.pk]),
            participant_data(full_name="Peter Okello", email="peter@example.org", date_of_birth="2000-05-17"),
        ),
        "correct_departure": (
            "adviser",
            reverse("exchanges:correct_departure", args=[case, exchange_round.number]),
            {"reason": "Not gone yet."},
        ),
    }


def snapshot(participant) -> tuple:
    fresh = Participant.objects.get(pk=participant.pk)
    return (
        fresh.status,
        fresh.returned_on,
        ExchangeRound.objects.get(pk=fresh.leg.exchange_round_id).state,
        Participant.objects.count(),
        AuditEvent.objects.count(),
    )


class Undone(Exception):
    pass


def answer(client, url, data, participant) -> str:
    before = snapshot(participant)
    client.cookies.pop("messages", None)
    with suppress(Undone), transaction.atomic():
        response = client.post(url, data)
        after = snapshot(participant)
        raise Undone
    assert response.status_code == 302, (url, response.status_code, response.content.decode()[-3000:])
    messages = list(get_messages(response.wsgi_request))
    levels, texts = {m.level for m in messages}, [str(m) for m in messages]
    if levels == {constants.SUCCESS}:
        assert after != before, (url, texts)
        return DONE
    assert levels == {constants.ERROR} and all(texts), (url, texts)
    assert after == before, (url, texts)
    return REFUSED


D, R = DONE, REFUSED
ACTIONS = ("withdraw", "return_early", "recruit_on_the_leg", "correct_departure")
EXPECTED = {
    #                               withdraw, return early, recruit on the leg, correct the departure
    "active, recruiting": (D, R, D, R),  # the leg plans two, one is recruited
    "active, preparing": (D, R, R, R),  # a place is taken only in place of someone who withdrew
    "withdrawn, preparing": (R, R, D, R),
    "active, abroad": (D, D, R, D),
    "returned early": (R, R, R, R),  # the departure did take place
    "active, the exchange over": (R, R, R, D),
}


@pytest.mark.parametrize("state", list(EXPECTED))
def test_each_action_in_each_state(
    state, request, organisation, other_organisation, adviser_client, other_contact_client
):
    participant = build(state, request, other_organisation, organisation)
    clients = {"home": other_contact_client, "adviser": adviser_client}
    answers = {
        name: answer(clients[who], url, data, participant) for name, (who, url, data) in actions(participant).items()
    }
    assert answers == dict(zip(ACTIONS, EXPECTED[state], strict=True))
    # The participant's page offers withdrawing and an early return exactly where they are done.
    page = other_contact_client.get(reverse("exchanges:participant_detail", args=[participant.pk])).content.decode()
    assert ("Withdraw the participant" in page) == (answers["withdraw"] == DONE)
    assert ("Record an early return" in page) == (answers["return_early"] == DONE)
