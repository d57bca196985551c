"""Starting, submitting and deciding the application through the case's POST-only URLs."""

from partnerships import services
from partnerships.models import ApplicationStatus, Phase
from tests.factories import fill_application, reload
from tests.partnerships.helpers import RELOAD, confirmed, messages_of, url


class TestStartApplication:
    def test_it_works(self, contact_client, ready_case):
        response = contact_client.post(url("start_application", ready_case), {"revision": ready_case.revision})
        assert response.status_code == 302
        assert reload(ready_case).phase == Phase.APPLICATION

    def test_it_explains_what_is_missing(self, contact_client, case):
        response = contact_client.post(url("start_application", case), {"revision": case.revision})
        assert response.status_code == 302
        assert response["Location"] == case.get_absolute_url()
        assert "The partner meeting has not been recorded." in messages_of(response)
        assert reload(case).phase == Phase.PRE_STUDY

    def test_a_stale_page_is_told_to_reload(self, contact_client, ready_case):
        response = contact_client.post(url("start_application", ready_case), {"revision": ready_case.revision - 1})
        assert RELOAD in messages_of(response)[0]
        assert reload(ready_case).phase == Phase.PRE_STUDY

    def test_participant_gets_404(self, participant_client, ready_case):
        assert participant_client.post(url("start_application", ready_case)).status_code == 404


class TestSubmitApplication:
    def test_it_works(self, contact_client, case_in):
        case = case_in("application_draft")
        response = contact_client.post(url("submit_application", case), confirmed(revision=case.revision))
        assert response.status_code == 302
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_a_page_older_than_the_last_draft_save_is_told_to_reload(self, contact_client, case_in, other_contact):
        """Olga saves a draft after Chris loaded the page: his Submit would send what he has not seen."""
        case = case_in("application_draft")
        page_revision = case.revision
        page = contact_client.get(url("application_edit", case)).content.decode()
        assert f'name="revision" value="{page_revision}"' in page
        fill_application(reload(case).application, by=other_contact, cooperation="Olga's unseen version")

        response = contact_client.post(url("submit_application", case), confirmed(revision=page_revision))
        assert response["Location"] == url("application_edit", case)
        assert RELOAD in messages_of(response)[0]
        assert reload(case).application.status == ApplicationStatus.DRAFT

        new_revision = reload(case).revision
        assert new_revision > page_revision
        for page in ("application_edit", "case_detail"):  # both pages carry the current revision after a reload
            content = contact_client.get(url(page, case)).content.decode()
            assert f'name="revision" value="{new_revision}"' in content
        response = contact_client.post(url("submit_application", case), confirmed(revision=new_revision))
        assert response["Location"] == case.get_absolute_url()
        application = reload(case).application
        assert (application.status, application.cooperation) == (ApplicationStatus.SUBMITTED, "Olga's unseen version")

    def test_missing_items_are_shown_on_the_application_page(self, contact_client, case_in):
        case = case_in("application_started")
        response = contact_client.post(url("submit_application", case), confirmed(revision=case.revision))
        assert response["Location"] == url("application_edit", case)
        assert "How the partners will cooperate is not described." in messages_of(response)
        assert reload(case).application.status == ApplicationStatus.DRAFT

    def test_the_adviser_may_not_submit(self, adviser_client, case_in):
        case = case_in("application_draft")
        response = adviser_client.post(url("submit_application", case), confirmed(revision=case.revision))
        assert messages_of(response) == ["Only the partner contacts of this partnership may do this."]
        assert reload(case).application.status == ApplicationStatus.DRAFT

    def test_forced_in_the_pre_study(self, contact_client, case):
        response = contact_client.post(url("submit_application", case))
        assert response.status_code == 302
        assert response["Location"] == case.get_absolute_url()
        assert messages_of(response) == ["There is no application yet."]


class TestDecisions:
    def test_approve(self, adviser_client, case_in):
        case = case_in("application_submitted")
        data = confirmed(comment="Well done.", revision=case.revision)
        response = adviser_client.post(url("approve_application", case), data)
        assert response.status_code == 302
        case = reload(case)
        assert case.application.status == ApplicationStatus.APPROVED
        assert case.agreement.rounds.count() == 2

    def test_approve_from_a_stale_page(self, adviser_client, case_in):
        case = case_in("application_submitted")
        response = adviser_client.post(url("approve_application", case), confirmed(revision=case.revision - 1))
        assert RELOAD in messages_of(response)[0]
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_the_loser_of_two_decisions_is_told_to_reload(self, adviser_client, contact, case_in):
        case = case_in("application_submitted")
        page_revision = case.revision
        services.withdraw(case, by=contact)  # while the adviser had the page open
        response = adviser_client.post(url("approve_application", case), confirmed(revision=page_revision))
        assert RELOAD in messages_of(response)[0]
        assert reload(case).phase == Phase.WITHDRAWN

    def test_a_contact_may_not_approve(self, contact_client, case_in):
        case = case_in("application_submitted")
        response = contact_client.post(url("approve_application", case), confirmed(revision=case.revision))
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_return(self, adviser_client, case_in):
        case = case_in("application_submitted")
        response = adviser_client.post(
            url("return_application", case), confirmed(comment="Say more about round 2.", revision=case.revision)
        )
        assert response.status_code == 302
        application = reload(case).application
        assert (application.status, application.adviser_comment) == (
            ApplicationStatus.RETURNED,
            "Say more about round 2.",
        )

    def test_return_needs_a_comment(self, adviser_client, case_in):
        case = case_in("application_submitted")
        response = adviser_client.post(url("return_application", case), confirmed(comment=" ", revision=case.revision))
        assert response.status_code == 400
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_decline(self, adviser_client, case_in):
        case = case_in("application_submitted")
        response = adviser_client.post(
            url("decline_application", case), confirmed(comment="Out of scope.", revision=case.revision)
        )
        assert response.status_code == 302
        assert reload(case).phase == Phase.DECLINED

    def test_decline_without_confirming_keeps_the_grounds(self, adviser_client, case_in):
        case = case_in("application_submitted")
        response = adviser_client.post(
            url("decline_application", case), {"comment": "Out of scope, because…", "revision": case.revision}
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "Tick the box to confirm." in content
        assert "Out of scope, because…" in content
        assert '<details class="ds-details case-danger" open>' in content
        assert reload(case).phase == Phase.APPLICATION

    def test_forced_before_submission(self, adviser_client, case_in):
        case = case_in("application_started")
        response = adviser_client.post(url("approve_application", case), confirmed(revision=case.revision))
        assert messages_of(response) == ["“Approve the application” is not possible while the application is “Draft”."]


class TestConfirmations:
    """Each step that cannot be undone names its consequence, and is not taken without the ticked box."""

    def test_submit_without_confirming(self, contact_client, case_in):
        case = case_in("application_draft")
        response = contact_client.post(url("submit_application", case), {"revision": case.revision})
        assert response.status_code == 400
        assert "Tick the box to confirm." in response.content.decode()
        assert reload(case).application.status == ApplicationStatus.DRAFT

    def test_submit_forced_when_not_possible_gives_the_reason_not_the_box(self, contact_client, case_in):
        case = case_in("application_started")
        response = contact_client.post(url("submit_application", case), {"revision": case.revision})
        assert response.status_code == 302
        assert "How the partners will cooperate is not described." in messages_of(response)

    def test_the_pages_name_the_consequence(self, contact_client, case_in):
        case = case_in("application_draft")
        sentence = "I understand that the application goes to the programme adviser and cannot be edited unless it is returned."  # noqa: E501
        for page in ("confirm_submit_application",):
            content = contact_client.get(url(page, case)).content.decode()
            assert sentence in content, page
            assert 'name="confirm"' in content

    def test_approve_and_return_without_confirming(self, adviser_client, case_in):
        case = case_in("application_submitted")
        for name in ("approve_application", "return_application"):
            response = adviser_client.post(url(name, case), {"comment": "Kept as typed.", "revision": case.revision})
            assert response.status_code == 400, name
            content = response.content.decode()
            assert "Tick the box to confirm." in content and "Kept as typed." in content
        assert reload(case).application.status == ApplicationStatus.SUBMITTED
        content = adviser_client.get(url("case_detail", case)).content.decode()
        assert "I understand that approving makes the collaboration agreement from this application" in content
        assert "I understand that the application goes back to the partners, who must submit it again." in content
