"""The one exchanges action, for every role: POST-only, the adviser's, 404 for cases you cannot see."""

import pytest
from django.urls import reverse

from exchanges.models import ExchangeRound, RoundState
from partnerships import services
from partnerships.models import Phase
from tests.factories import reload
from tests.partnerships.helpers import RELOAD, messages_of


def done_url(case, number: int = 1) -> str:
    return reverse("exchanges:mark_round_exchange_done", kwargs={"pk": case.pk, "number": number})


def state_of(case, number: int = 1) -> str:
    return ExchangeRound.objects.get(agreement__partnership=case, number=number).state


def test_the_url_is_where_it_was():
    assert done_url(type("Case", (), {"pk": 7})()) == "/cases/7/rounds/1/done/"


def test_it_works(adviser_client, exchange_case):
    response = adviser_client.post(done_url(exchange_case), {"revision": exchange_case.revision})
    assert response.status_code == 302
    assert response.url == exchange_case.get_absolute_url()
    assert messages_of(response) == ["The exchange of round 1 is marked done."]
    assert state_of(exchange_case) == RoundState.FOLLOW_UP


def test_the_last_round_moves_the_case_on(adviser_client, exchange_case):
    adviser_client.post(done_url(exchange_case, 1))
    adviser_client.post(done_url(exchange_case, 2))
    assert reload(exchange_case).phase == Phase.FOLLOW_UP


def test_it_rejects_get(adviser_client, exchange_case):
    assert adviser_client.get(done_url(exchange_case)).status_code == 405
    assert state_of(exchange_case) == RoundState.PLANNED


@pytest.mark.parametrize("client_name", ["contact_client", "other_contact_client", "other_adviser_client"])
def test_it_requires_role(request, exchange_case, client_name):
    response = request.getfixturevalue(client_name).post(done_url(exchange_case))
    assert response.status_code == 302
    assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
    assert state_of(exchange_case) == RoundState.PLANNED


@pytest.mark.parametrize("client_name", ["outsider_client", "participant_client"])
def test_it_hides_other_organisations(request, exchange_case, client_name):
    assert request.getfixturevalue(client_name).post(done_url(exchange_case)).status_code == 404
    assert state_of(exchange_case) == RoundState.PLANNED


def test_it_needs_sign_in(anonymous_client, exchange_case):
    response = anonymous_client.post(done_url(exchange_case))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_round_that_does_not_exist(adviser_client, exchange_case):
    assert adviser_client.post(done_url(exchange_case, 9)).status_code == 404


def test_a_round_already_done(adviser_client, exchange_case):
    adviser_client.post(done_url(exchange_case))
    response = adviser_client.post(done_url(exchange_case))
    # The first post's success message is still unread: no page was shown in between.
    assert messages_of(response)[-1:] == ["The exchange of round 1 is already marked done."]


def test_a_stale_page(adviser_client, exchange_case, adviser):
    services.terminate(exchange_case, reason="Funding stopped.", by=adviser)
    response = adviser_client.post(done_url(exchange_case), {"revision": exchange_case.revision})
    assert RELOAD in messages_of(response)[0]
    assert state_of(exchange_case) == RoundState.PLANNED


def test_the_case_page_offers_the_adviser_a_button_per_round(adviser_client, exchange_case):
    content = adviser_client.get(exchange_case.get_absolute_url()).content.decode()
    assert f'action="{done_url(exchange_case, 1)}"' in content
    assert f'action="{done_url(exchange_case, 2)}"' in content
    assert "The exchange of round 1 has not been marked done." in content
    assert "Mark each round done when its exchange is over." in content


def test_the_case_page_shows_contacts_the_rounds_without_buttons(contact_client, adviser_client, exchange_case):
    adviser_client.post(done_url(exchange_case, 1))
    content = contact_client.get(exchange_case.get_absolute_url()).content.decode()
    assert done_url(exchange_case, 2) not in content
    assert "Not done yet" in content
    assert "Done (" in content
    assert "The programme adviser marks each round done when its exchange is over." in content
