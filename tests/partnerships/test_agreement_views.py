"""The collaboration agreement: signing it, and the downloads of a case (minutes, signed copies,
the final report, the agreement PDF)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from partnerships import services
from partnerships.models import AgreementSignature, Partnership, Phase, SignatureMethod
from tests.factories import PDF_BYTES, OrganisationFactory, UserFactory, make_case, pdf_upload, reload
from tests.partnerships.helpers import confirmed, messages_of, url
from tests.pdf import pdf_text


def download_url(name: str, case: Partnership) -> str:
    """The URL of one of the case's stored files, as the case page links it."""
    if name == "signed_copy":
        signature = AgreementSignature.objects.get(agreement__partnership=case, method=SignatureMethod.UPLOAD)
        return url(name, case, signature_pk=signature.pk)
    if name == "final_report_attachment":
        return url(name, case, report_pk=case.final_reports.get().pk)
    return url(name, case)


class TestSigning:
    def test_contact_confirms(self, contact_client, agreement, organisation):
        case = agreement.partnership
        response = contact_client.post(url("sign_agreement", case), confirmed(organisation=organisation.pk))
        assert response.status_code == 302
        signature = AgreementSignature.objects.get(agreement=agreement)
        assert (signature.organisation, signature.method) == (organisation, SignatureMethod.CONFIRMATION)

    def test_the_sign_form_names_the_organisation(self, contact_client, agreement):
        content = contact_client.get(url("case_detail", agreement.partnership)).content.decode()
        assert "I confirm that I am authorised to sign for Bergen Health Trust." in content
        assert "Kampala Youth Network." not in content

    def test_contact_must_confirm_or_upload(self, contact_client, agreement, organisation):
        response = contact_client.post(url("sign_agreement", agreement.partnership), {"organisation": organisation.pk})
        assert response.status_code == 400
        assert "Tick the box to sign, or upload a signed copy." in response.content.decode()
        assert not AgreementSignature.objects.exists()

    def test_contact_may_not_sign_for_another_organisation(self, contact_client, agreement, other_organisation):
        response = contact_client.post(
            url("sign_agreement", agreement.partnership), confirmed(organisation=other_organisation.pk)
        )
        assert messages_of(response) == ["Only the partner contacts of Kampala Youth Network may sign for it."]
        assert not AgreementSignature.objects.exists()

    def test_adviser_registers_a_signed_copy(self, adviser_client, agreement, other_organisation):
        response = adviser_client.post(
            url("sign_agreement", agreement.partnership),
            {"organisation": other_organisation.pk, "signed_copy": pdf_upload("paper.pdf")},
        )
        assert response.status_code == 302
        signature = AgreementSignature.objects.get(agreement=agreement)
        assert (signature.method, signature.signed_copy_filename) == (SignatureMethod.UPLOAD, "paper.pdf")

    def test_adviser_must_upload_a_copy(self, adviser_client, agreement, other_organisation):
        response = adviser_client.post(
            url("sign_agreement", agreement.partnership), confirmed(organisation=other_organisation.pk)
        )
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()

    def test_a_bad_signed_copy_is_shown_on_the_field(self, adviser_client, agreement, other_organisation):
        response = adviser_client.post(
            url("sign_agreement", agreement.partnership),
            {"organisation": other_organisation.pk, "signed_copy": SimpleUploadedFile("paper.docx", b"PK\x03\x04")},
        )
        assert response.status_code == 400
        assert "Files of type .docx are not accepted." in response.content.decode()

    def test_the_last_signature_starts_the_exchange(
        self, adviser_client, agreement, organisation, other_organisation, contact
    ):
        services.sign_agreement(agreement, organisation=organisation, by=contact)
        response = adviser_client.post(
            url("sign_agreement", agreement.partnership),
            {"organisation": other_organisation.pk, "signed_copy": pdf_upload()},
        )
        assert response.status_code == 302
        assert reload(agreement.partnership).phase == Phase.EXCHANGE

    def test_forced_before_approval(self, contact_client, case_in, organisation):
        case = case_in("application_submitted")
        response = contact_client.post(url("sign_agreement", case), confirmed(organisation=organisation.pk))
        assert messages_of(response) == ["There is no collaboration agreement to sign yet."]

    def test_an_organisation_outside_the_case(self, contact_client, agreement):
        stranger = OrganisationFactory(name="Stranger", country="KE", contacts=[UserFactory()])
        response = contact_client.post(
            url("sign_agreement", agreement.partnership), confirmed(organisation=stranger.pk)
        )
        assert messages_of(response) == ["Choose an organisation of this partnership to sign for."]


class TestDownloads:
    @pytest.mark.parametrize(
        ("name", "filename"),
        [
            ("partner_meeting_minutes", "minutes.pdf"),
            ("signed_copy", "signed.pdf"),
            ("final_report_attachment", "final-report.pdf"),
        ],
    )
    @pytest.mark.parametrize("viewer", ["adviser", "contact", "other_contact"])
    def test_it_works(self, request, full_case, name, filename, viewer):
        response = request.getfixturevalue(f"{viewer}_client").get(download_url(name, full_case))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF_BYTES  # the file as it was uploaded

    def test_a_file_missing_from_storage_is_404(self, adviser_client, ready_case):
        meeting = ready_case.partner_meeting
        meeting.minutes.storage.delete(meeting.minutes.name)
        assert adviser_client.get(url("partner_meeting_minutes", ready_case)).status_code == 404

    def test_no_minutes_yet_is_404(self, adviser_client, case):
        assert adviser_client.get(url("partner_meeting_minutes", case)).status_code == 404

    def test_a_confirmation_has_no_copy(self, adviser_client, full_case):
        signature = AgreementSignature.objects.get(
            agreement__partnership=full_case, method=SignatureMethod.CONFIRMATION
        )
        assert adviser_client.get(url("signed_copy", full_case, signature_pk=signature.pk)).status_code == 404

    def test_another_cases_report_is_404(self, adviser_client, adviser, full_case):
        other = make_case(name="Another", adviser=adviser)
        report = full_case.final_reports.get()
        assert adviser_client.get(url("final_report_attachment", other, report_pk=report.pk)).status_code == 404

    def test_agreement_pdf(self, contact_client, agreement):
        response = contact_client.get(url("agreement_pdf", agreement.partnership))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline; filename=")
        assert response["X-Content-Type-Options"] == "nosniff"
        text = pdf_text(response.content)
        assert "Collaboration agreement Young nurses exchange" in text
        assert "Bergen Health Trust Norway Coordinating partner Kampala Youth Network Uganda Partner" in text
        assert "Budget total NOK 850,000.00" in text and "Programme adviser Ada Adviser" in text

    def test_no_agreement_yet_is_404(self, adviser_client, case):
        assert adviser_client.get(url("agreement_pdf", case)).status_code == 404
