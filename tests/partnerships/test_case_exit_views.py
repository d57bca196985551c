"""Leaving early: the partners withdraw, the adviser terminates."""

from norec.core.audit import events_for
from partnerships.models import Phase
from tests.factories import reload
from tests.partnerships.helpers import RELOAD, confirmed, messages_of, url


class TestWithdrawAndTerminate:
    def test_withdraw(self, contact_client, case):
        response = contact_client.post(url("withdraw", case), confirmed(comment="No time.", revision=case.revision))
        assert response.status_code == 302
        assert reload(case).phase == Phase.WITHDRAWN
        assert events_for(case).first().comment == "No time."

    def test_withdraw_must_be_confirmed_and_keeps_the_comment(self, contact_client, case):
        response = contact_client.post(url("withdraw", case), {"comment": "We have no time.", "revision": 1})
        assert response.status_code == 400
        assert "We have no time." in response.content.decode()
        assert reload(case).phase == Phase.PRE_STUDY

    def test_withdraw_from_a_stale_page(self, contact_client, case_in):
        case = case_in("application_started")
        response = contact_client.post(url("withdraw", case), confirmed(revision=case.revision - 1))
        assert RELOAD in messages_of(response)[0]
        assert reload(case).phase == Phase.APPLICATION

    def test_the_adviser_may_not_withdraw(self, adviser_client, case):
        response = adviser_client.post(url("withdraw", case), confirmed(revision=case.revision))
        assert messages_of(response) == ["Only the partner contacts of this partnership may do this."]
        assert reload(case).phase == Phase.PRE_STUDY

    def test_terminate(self, adviser_client, exchange_case):
        response = adviser_client.post(
            url("terminate", exchange_case), confirmed(reason="Funding stopped.", revision=exchange_case.revision)
        )
        assert response.status_code == 302
        assert reload(exchange_case).termination_reason == "Funding stopped."

    def test_terminate_needs_a_reason(self, adviser_client, case):
        response = adviser_client.post(url("terminate", case), confirmed(reason="", revision=case.revision))
        assert response.status_code == 400
        assert reload(case).phase == Phase.PRE_STUDY

    def test_a_contact_may_not_terminate(self, contact_client, case):
        response = contact_client.post(url("terminate", case), confirmed(reason="Bored.", revision=case.revision))
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert reload(case).phase == Phase.PRE_STUDY
