"""The case page (what each person sees and is offered) and comments on its timeline."""

from norec.core.audit import events_for
from partnerships import services
from tests.partnerships.helpers import messages_of, url


class TestCasePage:
    def test_adviser_sees_the_case_what_is_missing_and_the_diagram(self, adviser_client, case):
        response = adviser_client.get(url("case_detail", case))
        content = response.content.decode()
        assert response.status_code == 200
        assert "<h1" in content and "Young nurses exchange" in content
        assert "What is needed to move on" in content
        assert "Bergen Health Trust has no representative recorded at the introduction seminar." in content
        assert "The partner meeting has not been recorded." in content
        assert "coordinating partner" in content
        assert "North–south" in content  # noqa: RUF001
        assert 'class="fsm-phase fsm-phase--current" data-phase="pre_study"' in content
        assert "Partnership case opened" in content
        assert "(now Pre-study)" in content  # the timeline shows labels, not raw states
        assert "pre_study)" not in content

    def test_contact_sees_their_case(self, contact_client, case):
        response = contact_client.get(url("case_detail", case))
        assert response.status_code == 200
        assert "Young nurses exchange" in response.content.decode()

    def test_only_the_actions_allowed_are_offered(self, adviser_client, contact_client, ready_case):
        adviser_page = adviser_client.get(url("case_detail", ready_case)).content.decode()
        assert url("terminate", ready_case) in adviser_page
        assert url("withdraw", ready_case) not in adviser_page
        assert url("start_application", ready_case) in adviser_page

        contact_page = contact_client.get(url("case_detail", ready_case)).content.decode()
        assert url("withdraw", ready_case) in contact_page
        assert url("terminate", ready_case) not in contact_page
        assert url("approve_application", ready_case) not in contact_page

    def test_start_is_not_offered_until_the_pre_study_is_done(self, contact_client, case):
        content = contact_client.get(url("case_detail", case)).content.decode()
        assert url("start_application", case) not in content
        assert url("add_representative", case) in content

    def test_another_adviser_may_read_but_is_offered_nothing(self, other_adviser_client, case_in):
        case = case_in("application_submitted")
        content = other_adviser_client.get(url("case_detail", case)).content.decode()
        assert "only its programme adviser (Ada Adviser) and its partner contacts can act on it" in content
        for name in ("approve_application", "terminate", "add_comment"):
            assert url(name, case) not in content

    def test_every_form_carries_the_revision(self, adviser_client, case_in):
        case = case_in("application_submitted")
        content = adviser_client.get(url("case_detail", case)).content.decode()
        assert content.count('method="post"') - 2 == content.count(f'name="revision" value="{case.revision}"')

    def test_the_adviser_decides_a_submitted_application(self, adviser_client, case_in):
        content = adviser_client.get(url("case_detail", case_in("application_submitted"))).content.decode()
        assert "Approve, return or decline" not in content  # not the contact's note
        assert "Approve the application, return it for revision or decline it." in content
        assert "Submitted" in content

    def test_the_agreement_shows_who_signed_how(self, adviser_client, full_case, contact):
        content = adviser_client.get(url("case_detail", full_case)).content.decode()
        assert f"Signed by {contact.full_name} on" in content
        assert "signed.pdf" in content
        assert url("agreement_pdf", full_case) in content
        assert "final-report.pdf" in content
        assert url("accept_final_report", full_case) in content

    def test_a_closed_case_says_so(self, adviser_client, case_in):
        case = case_in("terminated", from_phase="pre_study")  # the reason given: "Funding stopped."
        content = adviser_client.get(url("case_detail", case)).content.decode()
        assert "The partnership has ended (terminated)." in content
        assert "Funding stopped." in content
        assert "from Pre-study to Terminated" in content


# --- Timeline comments -------------------------------------------------------------------------


class TestComments:
    def test_it_works(self, contact_client, case, contact):
        response = contact_client.post(url("add_comment", case), {"text": "We met in Kampala.", "revision": 1})
        assert response.status_code == 302
        event = events_for(case).first()
        assert (event.action, event.comment, event.actor) == ("case.comment", "We met in Kampala.", contact)
        page = contact_client.get(url("case_detail", case)).content.decode()
        assert "We met in Kampala." in page

    def test_newest_first(self, adviser_client, adviser, case):
        services.add_comment(case, text="First note", by=adviser)
        services.add_comment(case, text="Second note", by=adviser)
        content = adviser_client.get(url("case_detail", case)).content.decode()
        assert content.index("Second note") < content.index("First note") < content.index("Partnership case opened")

    def test_an_empty_comment_is_refused_as_input(self, adviser_client, case):
        response = adviser_client.post(url("add_comment", case), {"text": "  "})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()

    def test_another_adviser_may_not_comment(self, other_adviser_client, case):
        response = other_adviser_client.post(url("add_comment", case), {"text": "Hello"})
        assert response.status_code == 302
        assert messages_of(response) == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]
        assert not events_for(case).filter(action="case.comment").exists()


class TestRulesAreAskedOnce:
    """The page asks each transition's conditions once, however many parts of it need the answer
    (the offered actions, the "what is needed" panel, the forms)."""

    @staticmethod
    def count_calls(monkeypatch, condition) -> list:
        calls = []
        explain = condition.explain

        def counting(instance):
            calls.append(instance.pk)
            return explain(instance)

        monkeypatch.setattr(condition, "explain", counting)
        return calls

    def test_the_pre_study_is_checked_once_per_page(self, monkeypatch, adviser_client, contact_client, case):
        from partnerships.models import pre_study_done

        calls = self.count_calls(monkeypatch, pre_study_done)
        for client in (adviser_client, contact_client):
            calls.clear()
            assert client.get(url("case_detail", case)).status_code == 200
            assert calls == [case.pk]

    def test_a_reader_who_takes_no_part_is_told_what_is_needed_once(self, monkeypatch, other_adviser_client, case):
        from partnerships.models import pre_study_done

        calls = self.count_calls(monkeypatch, pre_study_done)
        content = other_adviser_client.get(url("case_detail", case)).content.decode()
        assert "The partner meeting has not been recorded." in content
        assert calls == [case.pk]
