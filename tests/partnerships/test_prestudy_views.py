"""The pre-study pages: representatives at the introduction seminar and the partner meeting."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from norec.core.audit import events_for
from partnerships.models import PartnerMeeting, SeminarRepresentative
from tests.factories import make_case, pdf_upload
from tests.partnerships.helpers import fake_pdf, messages_of, url
from tests.partnerships.test_uploads import ODT_BYTES, tampered, with_bad_checksum


class TestRepresentatives:
    def test_it_works(self, contact_client, case, organisation):
        response = contact_client.post(
            url("add_representative", case),
            {"organisation": organisation.pk, "full_name": "Ingrid Rep", "seminar_date": "2026-03-02"},
        )
        assert response.status_code == 302
        representative = SeminarRepresentative.objects.get(partnership=case)
        assert (representative.full_name, representative.seminar_date) == ("Ingrid Rep", date(2026, 3, 2))

    def test_missing_name_keeps_what_was_typed(self, contact_client, case, organisation):
        response = contact_client.post(
            url("add_representative", case),
            {"organisation": organisation.pk, "email": "ingrid@example.org", "seminar_date": "2026-03-02"},
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert 'value="ingrid@example.org"' in content
        assert 'value="2026-03-02"' in content
        assert not SeminarRepresentative.objects.exists()

    def test_an_address_longer_than_the_model_allows_is_a_field_error(self, contact_client, case, organisation):
        response = contact_client.post(
            url("add_representative", case),
            {
                "organisation": organisation.pk,
                "full_name": "Ingrid Rep",
                "email": "a" * 288 + "@example.org",  # 300 characters; the model holds 254
                "seminar_date": "2026-03-02",
            },
        )
        assert response.status_code == 400
        assert response.context["pre_study"]["representative_form"].errors["email"] == [
            "Ensure this value has at most 254 characters (it has 300)."
        ]
        assert not SeminarRepresentative.objects.exists()

    def test_contact_may_not_record_for_another_organisation(self, contact_client, case, other_organisation):
        response = contact_client.post(
            url("add_representative", case),
            {"organisation": other_organisation.pk, "full_name": "Not Mine", "seminar_date": "2026-03-02"},
        )
        assert response.status_code == 302
        assert messages_of(response) == [
            "Only the adviser and the partner contacts of Kampala Youth Network may record for it."
        ]
        assert not SeminarRepresentative.objects.exists()

    def test_contact_is_offered_only_their_own_organisation(self, contact_client, case):
        content = contact_client.get(url("case_detail", case)).content.decode()
        assert '<option value="' in content
        form = content[content.index('id="representative-organisation"') :]
        form = form[: form.index("</select>")]
        assert "Bergen Health Trust" in form
        assert "Kampala Youth Network" not in form

    def test_a_contact_is_told_whose_contacts_record_the_others(self, contact_client, case):
        content = contact_client.get(url("case_detail", case)).content.decode()
        assert "Kampala Youth Network has no representative recorded at the introduction seminar." in content
        assert "The partner contacts of Kampala Youth Network record its representative." in content
        assert "The partner contacts of Bergen Health Trust record" not in content  # Chris records it himself

    def test_no_one_is_told_so_of_an_organisation_represented(self, contact_client, other_contact, case, adviser):
        from partnerships import services

        services.add_seminar_representative(
            case,
            organisation=case.organisations.get(name="Kampala Youth Network"),
            full_name="Olga Rep",
            seminar_date=date(2026, 3, 2),
            by=other_contact,
        )
        content = contact_client.get(url("case_detail", case)).content.decode()
        assert "record its representative" not in content

    def test_the_adviser_records_for_every_partner_and_is_told_nothing_of_it(self, adviser_client, case):
        assert "record its representative" not in adviser_client.get(url("case_detail", case)).content.decode()

    def test_remove(self, adviser_client, ready_case):
        representative = ready_case.seminar_representatives.first()
        response = adviser_client.post(url("remove_representative", ready_case, representative_pk=representative.pk))
        assert response.status_code == 302
        assert not SeminarRepresentative.objects.filter(pk=representative.pk).exists()

    def test_remove_refused_after_the_pre_study(self, contact_client, case_in):
        case = case_in("application_started")
        representative = case.seminar_representatives.first()
        response = contact_client.post(url("remove_representative", case, representative_pk=representative.pk))
        assert response.status_code == 302
        assert "is not possible while the case is in the “Application” phase" in messages_of(response)[0]
        assert SeminarRepresentative.objects.filter(pk=representative.pk).exists()

    def test_remove_of_another_cases_representative_is_404(self, adviser_client, ready_case, adviser):
        other = make_case(name="Another", adviser=adviser)
        representative = ready_case.seminar_representatives.first()
        response = adviser_client.post(url("remove_representative", other, representative_pk=representative.pk))
        assert response.status_code == 404


class TestPartnerMeeting:
    def test_it_works(self, contact_client, case):
        assert contact_client.get(url("partner_meeting", case)).status_code == 200
        response = contact_client.post(
            url("partner_meeting", case),
            {"date": "2026-04-15", "place": "Kampala", "participants": "Chris, Olga", "minutes": pdf_upload("m.pdf")},
        )
        assert response.status_code == 302
        assert case.partner_meeting.minutes_filename == "m.pdf"

    def test_the_minutes_field_says_the_application_waits_for_them(self, contact_client, case):
        content = contact_client.get(url("partner_meeting", case)).content.decode()
        field = content[content.index('for="meeting-minutes"') :]
        field = field[: field.index("<input")]
        assert "The application can start once the minutes are uploaded" in field

    def test_the_form_shows_what_was_recorded(self, contact_client, ready_case):
        content = contact_client.get(url("partner_meeting", ready_case)).content.decode()
        assert 'value="Kampala"' in content
        assert 'enctype="multipart/form-data"' in content
        assert "minutes.pdf" in content

    def test_a_bad_file_keeps_what_was_typed(self, contact_client, case):
        response = contact_client.post(
            url("partner_meeting", case),
            {"date": "2026-04-15", "place": "Kampala", "participants": "Chris, Olga", "minutes": fake_pdf()},
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "The file is not a valid PDF file, although its name ends in .pdf." in content
        assert 'value="Kampala"' in content
        assert "Chris, Olga" in content
        assert not events_for(case).filter(action="prestudy.meeting_recorded").exists()

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (
                with_bad_checksum(ODT_BYTES),
                "The file is not a valid OpenDocument (ODT) file, although its name ends in .odt.",
            ),
            (tampered(ODT_BYTES, flags=0x1), "The file is password-protected. Upload a copy without a password."),
        ],
        ids=["bad_checksum", "encrypted_member"],
    )
    def test_a_crafted_odt_is_refused_with_a_reason(self, contact_client, case, content, message):
        response = contact_client.post(
            url("partner_meeting", case),
            {
                "date": "2026-04-15",
                "place": "Kampala",
                "participants": "Chris",
                "minutes": SimpleUploadedFile("minutes.odt", content),
            },
        )
        assert response.status_code == 400
        assert message in response.content.decode()
        assert not PartnerMeeting.objects.filter(partnership=case).exists()

    def test_a_file_of_the_wrong_type_is_refused(self, contact_client, case):
        response = contact_client.post(
            url("partner_meeting", case),
            {
                "date": "2026-04-15",
                "place": "Kampala",
                "participants": "Chris",
                "minutes": SimpleUploadedFile("run.exe", b"MZ"),
            },
        )
        assert response.status_code == 400
        assert "Files of type .exe are not accepted." in response.content.decode()

    def test_refused_after_the_pre_study(self, contact_client, case_in):
        response = contact_client.get(url("partner_meeting", case_in("application_started")))
        assert response.status_code == 302
        assert "is not possible while the case is in the “Application” phase" in messages_of(response)[0]

    def test_another_adviser_is_refused(self, other_adviser_client, case):
        response = other_adviser_client.get(url("partner_meeting", case))
        assert response.status_code == 302
        assert messages_of(response) == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]
