"""Double submits create one thing: a double click, or a form sent again after a lost answer,
adds one comment, one representative, one case. Each create form carries a token made when it
was shown (norec.core.forms.SubmitOnceForm); the second submit gets the same success."""

import re
import threading
import uuid

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from exchanges.models import RoundReport
from norec.core.models import AuditEvent
from partnerships.models import Partnership, SeminarRepresentative
from tests.factories import pdf_upload, report_rounds
from tests.partnerships.helpers import url


def token_in(page, form: str) -> str:
    """The token of one form of the page (its id prefix: the case page holds several)."""
    pattern = rf'name="submission" value="([0-9a-f-]{{36}})"[^>]* id="{form}-submission"'
    return re.search(pattern, page.content.decode()).group(1)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


class TestComments:
    def test_the_case_page_gives_the_comment_form_a_token(self, contact_client, case):
        first = token_in(contact_client.get(case.get_absolute_url()), "comment")
        second = token_in(contact_client.get(case.get_absolute_url()), "comment")
        assert first != second  # a new one each time the form is shown

    def test_the_same_form_twice_adds_one_comment(self, contact_client, case):
        data = {
            "text": "Are the dates fixed?",
            "submission": token_in(contact_client.get(case.get_absolute_url()), "comment"),
        }
        first = contact_client.post(url("add_comment", case), data)
        second = contact_client.post(url("add_comment", case), data)
        assert (first.status_code, second.status_code) == (302, 302)
        assert messages_of(second)[-1] == "Your comment was added to the timeline."
        assert AuditEvent.objects.filter(action="case.comment", comment="Are the dates fixed?").count() == 1

    def test_two_forms_add_two_comments(self, contact_client, case):
        for _ in range(2):
            contact_client.post(url("add_comment", case), {"text": "Again", "submission": str(uuid.uuid4())})
        assert AuditEvent.objects.filter(action="case.comment", comment="Again").count() == 2

    def test_a_form_shown_again_with_an_error_keeps_its_token(self, contact_client, case):
        token = str(uuid.uuid4())
        response = contact_client.post(url("add_comment", case), {"text": " ", "submission": token})
        assert response.status_code == 400
        assert token_in(response, "comment") == token


class TestRepresentatives:
    def test_the_same_form_twice_records_one(self, contact_client, case, organisation):
        data = {
            "organisation": organisation.pk,
            "full_name": "Ingrid Rep",
            "seminar_date": "2026-03-02",
            "submission": token_in(contact_client.get(case.get_absolute_url()), "representative"),
        }
        responses = [contact_client.post(url("add_representative", case), data) for _ in range(2)]
        assert [response.status_code for response in responses] == [302, 302]
        assert messages_of(responses[1])[-1] == "Ingrid Rep was recorded as a representative."
        assert SeminarRepresentative.objects.filter(partnership=case).count() == 1
        assert AuditEvent.objects.filter(action="prestudy.representative_added").count() == 1


class TestNewCase:
    create_url = reverse("partnerships:case_create")

    def form(self, client, adviser, organisation, other_organisation):
        return {
            "name": "Midwives exchange",
            "organisations": [organisation.pk, other_organisation.pk],
            "coordinating": organisation.pk,
            "adviser": adviser.pk,
            "submission": token_in(client.get(self.create_url), "new-case"),
        }

    def test_the_same_form_twice_opens_one_case_and_shows_it(
        self, adviser_client, adviser, organisation, other_organisation
    ):
        data = self.form(adviser_client, adviser, organisation, other_organisation)
        first = adviser_client.post(self.create_url, data)
        second = adviser_client.post(self.create_url, data)
        case = Partnership.objects.get(name="Midwives exchange")
        assert first["Location"] == second["Location"] == case.get_absolute_url()
        assert messages_of(second)[-1] == "The partnership “Midwives exchange” was opened."

    @pytest.mark.django_db(transaction=True)
    def test_a_double_click_opens_one_case(self, adviser, organisation, other_organisation):
        client = Client()
        client.force_login(adviser)
        data = self.form(client, adviser, organisation, other_organisation)
        responses = []

        def click():
            try:
                own = Client()
                own.cookies = client.cookies
                responses.append(own.post(self.create_url, data))
            finally:
                connection.close()

        clicks = [threading.Thread(target=click) for _ in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()
        assert [response.status_code for response in responses] == [302, 302]
        assert Partnership.objects.filter(name="Midwives exchange").count() == 1


class TestReports:
    """A report sent twice (a slow upload clicked again) is submitted once, and the second answer is
    the same success, not a refusal."""

    def test_the_same_final_report_twice_submits_one(self, contact_client, case_in):
        case = case_in("follow_up")
        report_rounds(case, contact=case.coordinating_organisation.contacts.first(), adviser=case.adviser)
        token = token_in(contact_client.get(case.get_absolute_url()), "final-report")
        answers = [
            contact_client.post(
                url("submit_final_report", case),
                {"text": "What we learnt.", "attachment": pdf_upload("final.pdf"), "submission": token},
            )
            for _ in range(2)
        ]
        assert [answer.status_code for answer in answers] == [302, 302]
        assert messages_of(answers[1])[-1] == "The final report was submitted to your programme adviser."
        assert case.final_reports.count() == 1

    def test_the_same_round_report_twice_submits_one(self, contact_client, case_in):
        case = case_in("follow_up")
        round_url = reverse("exchanges:round_detail", kwargs={"pk": case.pk, "number": 1})
        token = token_in(contact_client.get(round_url), "report-results")
        submit = reverse("exchanges:submit_round_report", kwargs={"pk": case.pk, "number": 1, "kind": "results"})
        answers = [contact_client.post(submit, {"text": "The round went well.", "submission": token}) for _ in range(2)]
        assert [answer.status_code for answer in answers] == [302, 302]
        assert (
            messages_of(answers[1])[-1] == "The Results report (C06) is submitted. The programme adviser has been told."
        )
        assert RoundReport.objects.filter(exchange_round__agreement__partnership=case).count() == 1
