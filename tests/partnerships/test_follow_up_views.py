"""The end of the exchange rounds and the final report that closes the follow-up."""

from partnerships.models import FinalReportStatus, Phase
from tests.factories import pdf_upload, reload
from tests.partnerships.helpers import confirmed, fake_pdf, messages_of, url


class TestFinalReport:
    def test_it_works(self, contact_client, follow_up_case):
        response = contact_client.post(
            url("submit_final_report", follow_up_case), {"text": "What we learnt.", "attachment": pdf_upload()}
        )
        assert response.status_code == 302
        assert follow_up_case.final_reports.get().status == FinalReportStatus.SUBMITTED

    def test_a_bad_attachment_keeps_the_text(self, contact_client, follow_up_case):
        response = contact_client.post(
            url("submit_final_report", follow_up_case),
            {"text": "Three pages of what we learnt.", "attachment": fake_pdf("report.pdf")},
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "Three pages of what we learnt." in content
        assert "The file is not a valid PDF file" in content
        assert not follow_up_case.final_reports.exists()

    def test_the_adviser_may_not_submit(self, adviser_client, follow_up_case):
        response = adviser_client.post(
            url("submit_final_report", follow_up_case), {"text": "Mine.", "attachment": pdf_upload()}
        )
        assert messages_of(response) == ["Only the partner contacts of this partnership may do this."]
        assert not follow_up_case.final_reports.exists()

    def test_accept_completes_the_case(self, adviser_client, submitted_report):
        case = submitted_report.partnership
        response = adviser_client.post(url("accept_final_report", case), confirmed(comment="Thank you."))
        assert response.status_code == 302
        assert reload(case).phase == Phase.COMPLETED

    def test_return_needs_a_comment_and_keeps_nothing_lost(self, adviser_client, submitted_report):
        case = submitted_report.partnership
        assert adviser_client.post(url("return_final_report", case), confirmed(comment="")).status_code == 400
        response = adviser_client.post(url("return_final_report", case), confirmed(comment="Add the budget."))
        assert response.status_code == 302
        assert case.final_reports.get().status == FinalReportStatus.RETURNED

    def test_a_contact_may_not_accept(self, contact_client, submitted_report):
        case = submitted_report.partnership
        response = contact_client.post(url("accept_final_report", case))
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert reload(case).phase == Phase.FOLLOW_UP


def test_accept_and_return_name_the_consequence_and_need_the_box(adviser_client, submitted_report):
    case = submitted_report.partnership
    content = adviser_client.get(url("case_detail", case)).content.decode()
    assert "I understand that accepting the final report completes the partnership for good." in content
    assert "I understand that the partners must then submit a new final report." in content
    assert adviser_client.post(url("accept_final_report", case), {"comment": "Thanks"}).status_code == 400
    assert adviser_client.post(url("return_final_report", case), {"comment": "More"}).status_code == 400
    assert reload(case).phase == Phase.FOLLOW_UP
