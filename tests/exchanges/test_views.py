"""The one exchanges action, for every role: POST-only, the adviser's, 404 for cases you cannot see."""

from dataclasses import replace
from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from exchanges.models import ExchangeRound, RoundState, round_period_over
from norec.core.dates import long_date
from partnerships import services
from partnerships.models import Phase
from tests.factories import ROUNDS, contact_of, fill_application, reload
from tests.partnerships.helpers import RELOAD, messages_of

CONFIRMED = {"confirm": "on"}  # the adviser ticked "I understand that the exchange … is then over"


def done_url(case, number: int = 1) -> str:
    return reverse("exchanges:mark_round_exchange_done", kwargs={"pk": case.pk, "number": number})


def state_of(case, number: int = 1) -> str:
    return ExchangeRound.objects.get(agreement__partnership=case, number=number).state


def test_the_url_is_where_it_was():
    assert done_url(type("Case", (), {"pk": 7})()) == "/cases/7/rounds/1/done/"


def test_it_works(adviser_client, exchange_case):
    response = adviser_client.post(done_url(exchange_case), {**CONFIRMED, "revision": exchange_case.revision})
    assert response.status_code == 302
    assert response.url == exchange_case.get_absolute_url()
    assert messages_of(response) == ["The exchange of round 1 is marked done."]
    assert state_of(exchange_case) == RoundState.FOLLOW_UP


def test_the_last_round_moves_the_case_on(adviser_client, exchange_case):
    adviser_client.post(done_url(exchange_case, 1), CONFIRMED)
    adviser_client.post(done_url(exchange_case, 2), CONFIRMED)
    assert reload(exchange_case).phase == Phase.FOLLOW_UP


def test_it_rejects_get(adviser_client, exchange_case):
    assert adviser_client.get(done_url(exchange_case)).status_code == 405
    assert state_of(exchange_case) == RoundState.PLANNED


@pytest.mark.parametrize("client_name", ["contact_client", "other_contact_client", "other_adviser_client"])
def test_it_requires_role(request, exchange_case, client_name):
    response = request.getfixturevalue(client_name).post(done_url(exchange_case), CONFIRMED)
    assert response.status_code == 302
    assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
    assert state_of(exchange_case) == RoundState.PLANNED


@pytest.mark.parametrize("client_name", ["outsider_client", "participant_client"])
def test_it_hides_other_organisations(request, exchange_case, client_name):
    assert request.getfixturevalue(client_name).post(done_url(exchange_case), CONFIRMED).status_code == 404
    assert state_of(exchange_case) == RoundState.PLANNED


def test_it_needs_sign_in(anonymous_client, exchange_case):
    response = anonymous_client.post(done_url(exchange_case), CONFIRMED)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_round_that_does_not_exist(adviser_client, exchange_case):
    assert adviser_client.post(done_url(exchange_case, 9), CONFIRMED).status_code == 404


def test_a_round_already_done(adviser_client, exchange_case):
    adviser_client.post(done_url(exchange_case), CONFIRMED)
    response = adviser_client.post(done_url(exchange_case), CONFIRMED)
    # The first post's success message is still unread: no page was shown in between.
    assert messages_of(response)[-1:] == ["The exchange of round 1 is already marked done."]


def test_a_stale_page(adviser_client, exchange_case, adviser):
    services.terminate(exchange_case, reason="Funding stopped.", by=adviser)
    response = adviser_client.post(done_url(exchange_case), {**CONFIRMED, "revision": exchange_case.revision})
    assert RELOAD in messages_of(response)[0]
    assert state_of(exchange_case) == RoundState.CANCELLED  # with the partnership, not by the stale page


def test_the_case_page_offers_the_adviser_a_button_per_round(adviser_client, exchange_case):
    content = adviser_client.get(exchange_case.get_absolute_url()).content.decode()
    assert f'action="{done_url(exchange_case, 1)}"' in content
    assert f'action="{done_url(exchange_case, 2)}"' in content
    assert "The exchange of round 1 has not been marked done." in content
    assert "Mark each round done when its exchange is over." in content


def test_the_case_page_shows_contacts_the_rounds_without_buttons(contact_client, adviser_client, exchange_case):
    adviser_client.post(done_url(exchange_case, 1), CONFIRMED)
    content = contact_client.get(exchange_case.get_absolute_url()).content.decode()
    assert done_url(exchange_case, 2) not in content
    assert "Not done yet" in content
    assert "Done (" in content
    assert "The programme adviser marks each round done when its exchange is over." in content


def test_it_asks_for_the_confirmation_first(adviser_client, exchange_case):
    response = adviser_client.post(done_url(exchange_case), {"revision": exchange_case.revision})
    assert response.status_code == 302
    assert response.url == f"{exchange_case.get_absolute_url()}#exchange"
    assert messages_of(response) == ["Tick the box to confirm that the exchange of round 1 is over."]
    assert state_of(exchange_case) == RoundState.PLANNED


def test_the_case_page_names_the_consequence(adviser_client, exchange_case):
    content = adviser_client.get(exchange_case.get_absolute_url()).content.decode()
    assert 'id="round-1-done-confirm"' in content and 'id="round-2-done-confirm"' in content
    assert "I understand that the exchange of round 1 is then over for good" in content


# Round 2 lies ahead (planned rounds lie within a few years of the case: partnerships.models.application).
ROUND_2_START = timezone.localdate() + relativedelta(months=2)
ROUND_2_END = ROUND_2_START + relativedelta(months=11)
NOT_YET = f"Round 2 ends on {long_date(ROUND_2_END)}; its exchange can be marked done from then."


class TestBeforeTheRoundEnds:
    """A round's exchange cannot be marked done before its planned end: refused with the date, no button."""

    @pytest.fixture
    def future_case(self, case_in):
        case = case_in("application_started")
        coordinator = contact_of(case.coordinating_organisation)
        fill_application(
            case.application,
            by=coordinator,
            rounds=[
                ROUNDS[0],
                replace(ROUNDS[1], planned_start=ROUND_2_START, planned_end=ROUND_2_END),
            ],
        )
        return make_case_reach_exchange(case, coordinator)

    def test_it_is_refused_with_the_date(self, adviser_client, future_case):
        response = adviser_client.post(done_url(future_case, 2), CONFIRMED)
        assert messages_of(response) == [NOT_YET]
        assert state_of(future_case, 2) == RoundState.PLANNED
        # The refusal comes before the confirmation: nobody ticks a box for a step that is not possible.
        response = adviser_client.post(done_url(future_case, 2))
        assert messages_of(response)[-1:] == [NOT_YET]

    def test_the_page_says_why_instead_of_offering_the_button(self, adviser_client, contact_client, future_case):
        content = adviser_client.get(future_case.get_absolute_url()).content.decode()
        assert f'action="{done_url(future_case, 1)}"' in content
        assert f'action="{done_url(future_case, 2)}"' not in content
        assert NOT_YET in content
        content = contact_client.get(future_case.get_absolute_url()).content.decode()
        assert "Round 2 ends on" not in content

    def test_from_the_end_date_it_is_possible(self, adviser, future_case):
        exchange_round = ExchangeRound.objects.get(agreement__partnership=future_case, number=1)
        assert round_period_over.reasons(exchange_round) == []
        exchange_round.planned_end = timezone.localdate()
        assert round_period_over.reasons(exchange_round) == []
        exchange_round.planned_end = timezone.localdate() + timedelta(days=1)
        assert round_period_over.reasons(exchange_round) != []


def make_case_reach_exchange(case, coordinator):
    services.submit_application(reload(case).application, by=coordinator)
    services.approve_application(reload(case).application, by=case.adviser)
    for organisation in case.organisations.all():
        services.sign_agreement(reload(case).agreement, organisation=organisation, by=contact_of(organisation))
    return reload(case)
