"""The case pages: who sees what, each action through its own POST-only URL, refusals with reasons,
stale pages, input errors that keep what was typed, downloads, and query counts that do not grow.

The cases come from tests/partnerships/conftest.py, built through the services. Chris (Bergen) and
Olga (Kampala) are the case's partner contacts; Una (Lusaka) is a contact of an organisation that is
not in the case; Otto is an adviser, but not this case's."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from norec.core.audit import events_for
from partnerships import services
from partnerships.models import (
    AgreementSignature,
    ApplicationStatus,
    FinalReportStatus,
    PartnerMeeting,
    Partnership,
    Phase,
    SeminarRepresentative,
    SignatureMethod,
)
from partnerships.urls import urlpatterns
from tests.conftest import client_for
from tests.factories import OrganisationFactory, UserFactory
from tests.partnerships.conftest import fill_application, pdf_upload, reload
from tests.partnerships.test_uploads import ODT_BYTES, tampered, with_bad_checksum

# The most queries the case list and the case page may make, whatever the number of rows (STYLE 11).
# A rise is a change to justify, not a number to bump.
CASE_LIST_MAX_QUERIES = 8  # 7, plus the count for the pages
CASE_PAGE_MAX_QUERIES = 21

RELOAD = "Reload the page to see the change"


def url(name: str, case: Partnership, **kwargs) -> str:
    return reverse(f"partnerships:{name}", kwargs={"pk": case.pk, **kwargs})


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def fake_pdf(name: str = "minutes.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"MZ\x90\x00 this is not a PDF", content_type="application/pdf")


def confirmed(**data) -> dict:
    return {"confirm": "on", **data}


@pytest.fixture
def full_case(agreement, organisation, other_organisation, contact, other_contact, adviser):
    """A case with something behind every download URL: minutes, a signed copy, a final report."""
    services.sign_agreement(agreement, organisation=organisation, signed_copy=pdf_upload("signed.pdf"), by=contact)
    services.sign_agreement(agreement, organisation=other_organisation, by=other_contact)
    case = reload(agreement.partnership)
    for exchange_round in case.agreement.rounds.all():
        services.mark_exchange_done(case, round_number=exchange_round.number, by=adviser)
    case = reload(case)
    services.submit_final_report(case, text="What we learnt.", attachment=pdf_upload("final-report.pdf"), by=contact)
    return reload(case)


def case_urls(case: Partnership) -> dict[str, tuple[str, str]]:
    """Every URL of one case: name -> (method it answers, url)."""
    signature = AgreementSignature.objects.get(agreement__partnership=case, method=SignatureMethod.UPLOAD)
    details = {
        "remove_representative": {"representative_pk": case.seminar_representatives.first().pk},
        "signed_copy": {"signature_pk": signature.pk},
        "mark_exchange_done": {"number": 1},
        "final_report_attachment": {"report_pk": case.final_reports.first().pk},
    }
    return {
        name: ("post" if name in POST_URL_NAMES else "get", url(name, case, **details.get(name, {})))
        for name in CASE_URL_NAMES
    }


CASE_URL_NAMES = sorted(
    pattern.name
    for pattern in urlpatterns
    if isinstance(pattern, URLPattern) and str(pattern.pattern).startswith("cases/<int:pk>")
)
PAGES = {"case_detail", "application_edit", "partner_meeting"}  # GET shows them (the last two also take POST)
DOWNLOADS = {"partner_meeting_minutes", "agreement_pdf", "signed_copy", "final_report_attachment"}
POST_URL_NAMES = [name for name in CASE_URL_NAMES if name not in PAGES | DOWNLOADS]


def test_every_case_url_is_covered():
    # The access tests below run over CASE_URL_NAMES: a new case URL is covered by being added.
    assert {"agreement_pdf", "signed_copy", "final_report_attachment", "partner_meeting_minutes"} <= set(CASE_URL_NAMES)
    assert {"withdraw", "terminate", "add_comment", "sign_agreement"} <= set(POST_URL_NAMES)


# --- Who may reach a case at all ---------------------------------------------------------------


class TestAccess:
    @pytest.mark.parametrize("name", CASE_URL_NAMES)
    def test_it_hides_the_case_from_other_organisations(self, client, full_case, outsider_contact, name):
        method, address = case_urls(full_case)[name]
        response = getattr(client_for(client, outsider_contact), method)(address)
        assert response.status_code == 404
        assert reload(full_case).phase == Phase.FOLLOW_UP

    @pytest.mark.parametrize("name", CASE_URL_NAMES)
    def test_participants_never_see_a_case(self, participant_client, full_case, name):
        method, address = case_urls(full_case)[name]
        assert getattr(participant_client, method)(address).status_code == 404

    @pytest.mark.parametrize("name", CASE_URL_NAMES)
    def test_anonymous_is_sent_to_sign_in(self, client, full_case, name):
        method, address = case_urls(full_case)[name]
        response = getattr(client, method)(address)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize("name", sorted(set(POST_URL_NAMES) | DOWNLOADS))
    def test_actions_and_downloads_reject_the_wrong_method(self, adviser_client, full_case, name):
        method, address = case_urls(full_case)[name]
        wrong = adviser_client.post if method == "get" else adviser_client.get
        assert wrong(address).status_code == 405

    def test_a_case_that_does_not_exist_is_404(self, adviser_client, db):
        assert adviser_client.get(reverse("partnerships:case_detail", args=[987654])).status_code == 404


# --- The case list -----------------------------------------------------------------------------


def open_case(name, adviser, *organisations):
    organisations = organisations or (OrganisationFactory(country="NO"), OrganisationFactory(country="UG"))
    return services.create_partnership(
        name=name, organisations=organisations, coordinating=organisations[0], adviser=adviser, by=adviser
    )


class TestCaseList:
    list_url = reverse("partnerships:case_list")

    def test_long_lists_are_paged_and_keep_the_filters(self, adviser_client, adviser, settings, monkeypatch):
        monkeypatch.setattr("partnerships.views.cases.CASES_PER_PAGE", 2)
        first, second = OrganisationFactory(country="NO"), OrganisationFactory(country="UG")
        for number in range(5):
            open_case(f"Paged {number}", adviser, first, second)
        response = adviser_client.get(self.list_url, {"phase": "pre_study", "page": 2})
        content = response.content.decode()
        assert content.count('<th scope="row">') == 2
        assert "5 partnerships" in content
        assert "Page 2 of 3" in content
        assert "?phase=pre_study&amp;page=3" in content
        assert "?phase=pre_study&amp;page=1" in content
        assert adviser_client.get(self.list_url, {"page": "not-a-number"}).status_code == 200

    def test_adviser_sees_their_own_cases_first(self, adviser_client, case, other_adviser):
        open_case("Teachers in Lusaka", other_adviser)
        response = adviser_client.get(self.list_url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "My cases" in content
        assert "Young nurses exchange" in content
        assert "Teachers in Lusaka" not in content
        assert "Bergen Health Trust (Norway)" in content
        assert "Pre-study" in content
        assert reverse("partnerships:case_create") in content

    def test_adviser_can_see_all_cases(self, adviser_client, case, other_adviser):
        open_case("Teachers in Lusaka", other_adviser)
        content = adviser_client.get(self.list_url, {"scope": "all"}).content.decode()
        assert "Young nurses exchange" in content
        assert "Teachers in Lusaka" in content

    def test_filters_by_phase_country_and_adviser(self, adviser_client, ready_case, contact, other_adviser, adviser):
        services.start_application(ready_case, by=contact)
        zambian = OrganisationFactory(name="Lusaka Teachers", country="ZM")
        open_case("Teachers in Lusaka", other_adviser, OrganisationFactory(country="NO"), zambian)

        def names(**filters):
            content = adviser_client.get(self.list_url, {"scope": "all", **filters}).content.decode()
            return {name for name in ("Young nurses exchange", "Teachers in Lusaka") if name in content}

        assert names(phase="application") == {"Young nurses exchange"}
        assert names(phase="pre_study") == {"Teachers in Lusaka"}
        assert names(country="ZM") == {"Teachers in Lusaka"}
        assert names(country="UG") == {"Young nurses exchange"}
        assert names(adviser=other_adviser.pk) == {"Teachers in Lusaka"}
        assert names(adviser=adviser.pk, country="ZM") == set()

    def test_a_bad_filter_value_is_explained(self, adviser_client, case):
        response = adviser_client.get(self.list_url, {"phase": "nonsense"})
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
        assert "Young nurses exchange" in response.content.decode()

    def test_filter_form_is_labelled(self, adviser_client, case):
        content = adviser_client.get(self.list_url, {"scope": "all"}).content.decode()
        for field in ("phase", "country", "adviser"):
            assert f'<label class="ds-label" for="filter-{field}">' in content
        assert ">Filter</button>" in content

    def test_contact_sees_only_their_organisations_cases(self, contact_client, case, other_adviser):
        open_case("Teachers in Lusaka", other_adviser)
        response = contact_client.get(self.list_url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Young nurses exchange" in content
        assert "Teachers in Lusaka" not in content
        assert reverse("partnerships:case_create") not in content

    def test_outsider_sees_none_of_them(self, client, case, outsider_contact):
        content = client_for(client, outsider_contact).get(self.list_url).content.decode()
        assert "Young nurses exchange" not in content

    def test_participant_is_refused(self, participant_client):
        assert participant_client.get(self.list_url).status_code == 403

    def test_anonymous_is_sent_to_sign_in(self, client, db):
        assert client.get(self.list_url).status_code == 302

    @pytest.mark.parametrize("rows", [5, 50])
    def test_query_count_does_not_grow_with_cases(self, adviser_client, adviser, django_assert_max_num_queries, rows):
        for number in range(rows):
            case = open_case(f"Partnership {number}", adviser)
            services.add_comment(case, text="A note.", by=adviser)
        filters = {"scope": "all", "phase": "pre_study", "country": "UG", "adviser": adviser.pk}
        with django_assert_max_num_queries(CASE_LIST_MAX_QUERIES):
            response = adviser_client.get(self.list_url, filters)
        assert response.status_code == 200
        assert response.content.decode().count('<th scope="row">') == rows


# --- A new case --------------------------------------------------------------------------------


class TestCaseCreate:
    create_url = reverse("partnerships:case_create")

    def test_it_works(self, adviser_client, adviser, other_adviser, organisation, other_organisation):
        response = adviser_client.post(
            self.create_url,
            {
                "name": "Midwives exchange",
                "organisations": [organisation.pk, other_organisation.pk],
                "coordinating": other_organisation.pk,
                "adviser": other_adviser.pk,
            },
        )
        case = Partnership.objects.get(name="Midwives exchange")
        assert response.status_code == 302
        assert response["Location"] == case.get_absolute_url()
        assert case.adviser == other_adviser
        assert case.coordinating_organisation == other_organisation
        assert events_for(case).first().action == "case.created"

    def test_the_form_proposes_me_as_adviser(self, adviser_client, adviser, organisation):
        content = adviser_client.get(self.create_url).content.decode()
        assert f'<option value="{adviser.pk}" selected>' in content
        assert organisation.name in content

    def test_it_requires_an_adviser(self, contact_client, organisation, other_organisation):
        assert contact_client.get(self.create_url).status_code == 403
        response = contact_client.post(
            self.create_url,
            {
                "name": "Mine",
                "organisations": [organisation.pk, other_organisation.pk],
                "coordinating": organisation.pk,
            },
        )
        assert response.status_code == 403
        assert not Partnership.objects.exists()

    def test_participant_is_refused(self, participant_client):
        assert participant_client.get(self.create_url).status_code == 403

    def test_one_organisation_is_not_enough_and_the_name_is_kept(self, adviser_client, adviser, organisation):
        response = adviser_client.post(
            self.create_url,
            {
                "name": "Lonely partnership",
                "organisations": [organisation.pk],
                "coordinating": organisation.pk,
                "adviser": adviser.pk,
            },
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "A partnership needs at least two partner organisations." in content
        assert 'value="Lonely partnership"' in content
        assert not Partnership.objects.exists()

    def test_coordinating_partner_must_be_a_partner(self, adviser_client, adviser, organisation, other_organisation):
        third = OrganisationFactory(name="Lusaka Teachers", country="ZM")
        response = adviser_client.post(
            self.create_url,
            {
                "name": "Three-way",
                "organisations": [organisation.pk, other_organisation.pk],
                "coordinating": third.pk,
                "adviser": adviser.pk,
            },
        )
        assert response.status_code == 400
        assert "The coordinating partner must be one of the partner organisations." in response.content.decode()

    def test_missing_fields_are_shown(self, adviser_client):
        response = adviser_client.post(self.create_url, {"name": ""})
        assert response.status_code == 400
        assert "This field is required." in response.content.decode()


# --- The case page -----------------------------------------------------------------------------


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

    def test_only_the_actions_allowed_are_offered(self, client, adviser, contact, ready_case):
        adviser_page = client_for(client, adviser).get(url("case_detail", ready_case)).content.decode()
        assert url("terminate", ready_case) in adviser_page
        assert url("withdraw", ready_case) not in adviser_page
        assert url("start_application", ready_case) in adviser_page

        contact_page = client_for(client, contact).get(url("case_detail", ready_case)).content.decode()
        assert url("withdraw", ready_case) in contact_page
        assert url("terminate", ready_case) not in contact_page
        assert url("approve_application", ready_case) not in contact_page

    def test_start_is_not_offered_until_the_pre_study_is_done(self, contact_client, case):
        content = contact_client.get(url("case_detail", case)).content.decode()
        assert url("start_application", case) not in content
        assert url("add_representative", case) in content

    def test_another_adviser_may_read_but_is_offered_nothing(self, client, other_adviser, submitted_application):
        case = submitted_application.partnership
        content = client_for(client, other_adviser).get(url("case_detail", case)).content.decode()
        assert "only its programme adviser (Ada Adviser) and its partner contacts can act on it" in content
        for name in ("approve_application", "terminate", "add_comment"):
            assert url(name, case) not in content

    def test_every_form_carries_the_revision(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        content = adviser_client.get(url("case_detail", case)).content.decode()
        assert content.count('method="post"') - 2 == content.count(f'name="revision" value="{case.revision}"')

    def test_the_adviser_decides_a_submitted_application(self, adviser_client, submitted_application):
        content = adviser_client.get(url("case_detail", submitted_application.partnership)).content.decode()
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

    def test_a_closed_case_says_so(self, adviser_client, adviser, case):
        services.terminate(case, reason="The partners stopped answering.", by=adviser)
        content = adviser_client.get(url("case_detail", case)).content.decode()
        assert "The partnership has ended (terminated)." in content
        assert "The partners stopped answering." in content
        assert "from Pre-study to Terminated" in content

    @pytest.mark.parametrize("entries", [5, 50])
    @pytest.mark.parametrize("viewer", ["adviser", "contact"])
    @pytest.mark.parametrize("state", ["ready_case", "agreement", "submitted_report"])
    def test_query_count_does_not_grow_with_the_timeline(
        self, request, client, django_assert_max_num_queries, state, viewer, entries
    ):
        subject = request.getfixturevalue(state)
        case = reload(getattr(subject, "partnership", subject))
        user = request.getfixturevalue(viewer)
        for number in range(entries):
            services.add_comment(case, text=f"Note {number}", by=user)
        client_for(client, user)
        with django_assert_max_num_queries(CASE_PAGE_MAX_QUERIES):
            response = client.get(url("case_detail", case))
        assert response.status_code == 200
        assert response.content.decode().count("Note ") == entries


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

    def test_another_adviser_may_not_comment(self, client, other_adviser, case):
        response = client_for(client, other_adviser).post(url("add_comment", case), {"text": "Hello"})
        assert response.status_code == 302
        assert messages_of(response) == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]
        assert not events_for(case).filter(action="case.comment").exists()


# --- Pre-study ---------------------------------------------------------------------------------


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

    def test_remove(self, adviser_client, ready_case):
        representative = ready_case.seminar_representatives.first()
        response = adviser_client.post(url("remove_representative", ready_case, representative_pk=representative.pk))
        assert response.status_code == 302
        assert not SeminarRepresentative.objects.filter(pk=representative.pk).exists()

    def test_remove_refused_after_the_pre_study(self, contact_client, application):
        case = application.partnership
        representative = case.seminar_representatives.first()
        response = contact_client.post(url("remove_representative", case, representative_pk=representative.pk))
        assert response.status_code == 302
        assert "is not possible while the case is in the “Application” phase" in messages_of(response)[0]
        assert SeminarRepresentative.objects.filter(pk=representative.pk).exists()

    def test_remove_of_another_cases_representative_is_404(self, adviser_client, case, ready_case, adviser):
        other = open_case("Another", adviser)
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

    def test_refused_after_the_pre_study(self, contact_client, application):
        response = contact_client.get(url("partner_meeting", application.partnership))
        assert response.status_code == 302
        assert "is not possible while the case is in the “Application” phase" in messages_of(response)[0]

    def test_another_adviser_is_refused(self, client, other_adviser, case):
        response = client_for(client, other_adviser).get(url("partner_meeting", case))
        assert response.status_code == 302
        assert messages_of(response) == [
            "Only the partnership's programme adviser and its partner contacts may do this."
        ]


# --- Application -------------------------------------------------------------------------------


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
    def test_it_works(self, contact_client, filled_application):
        case = reload(filled_application.partnership)
        response = contact_client.post(url("submit_application", case), {"revision": case.revision})
        assert response.status_code == 302
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_a_page_older_than_the_last_draft_save_is_told_to_reload(
        self, contact_client, filled_application, other_contact
    ):
        """Olga saves a draft after Chris loaded the page: his Submit would send what he has not seen."""
        case = reload(filled_application.partnership)
        page_revision = case.revision
        page = contact_client.get(url("application_edit", case)).content.decode()
        assert f'name="revision" value="{page_revision}"' in page
        fill_application(reload(case).application, by=other_contact, cooperation="Olga's unseen version")

        response = contact_client.post(url("submit_application", case), {"revision": page_revision})
        assert response["Location"] == url("application_edit", case)
        assert RELOAD in messages_of(response)[0]
        assert reload(case).application.status == ApplicationStatus.DRAFT

        new_revision = reload(case).revision
        assert new_revision > page_revision
        for page in ("application_edit", "case_detail"):  # both pages carry the current revision after a reload
            content = contact_client.get(url(page, case)).content.decode()
            assert f'name="revision" value="{new_revision}"' in content
        response = contact_client.post(url("submit_application", case), {"revision": new_revision})
        assert response["Location"] == case.get_absolute_url()
        application = reload(case).application
        assert (application.status, application.cooperation) == (ApplicationStatus.SUBMITTED, "Olga's unseen version")

    def test_missing_items_are_shown_on_the_application_page(self, contact_client, application):
        case = reload(application.partnership)
        response = contact_client.post(url("submit_application", case), {"revision": case.revision})
        assert response["Location"] == url("application_edit", case)
        assert "How the partners will cooperate is not described." in messages_of(response)
        assert reload(case).application.status == ApplicationStatus.DRAFT

    def test_the_adviser_may_not_submit(self, adviser_client, filled_application):
        case = reload(filled_application.partnership)
        response = adviser_client.post(url("submit_application", case), {"revision": case.revision})
        assert messages_of(response) == ["Only the partner contacts of this partnership may do this."]
        assert reload(case).application.status == ApplicationStatus.DRAFT

    def test_forced_in_the_pre_study(self, contact_client, case):
        response = contact_client.post(url("submit_application", case))
        assert response.status_code == 302
        assert response["Location"] == case.get_absolute_url()
        assert messages_of(response) == ["There is no application yet."]


class TestDecisions:
    def test_approve(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = adviser_client.post(
            url("approve_application", case), {"comment": "Well done.", "revision": case.revision}
        )
        assert response.status_code == 302
        case = reload(case)
        assert case.application.status == ApplicationStatus.APPROVED
        assert case.agreement.rounds.count() == 2

    def test_approve_from_a_stale_page(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = adviser_client.post(url("approve_application", case), {"revision": case.revision - 1})
        assert RELOAD in messages_of(response)[0]
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_the_loser_of_two_decisions_is_told_to_reload(self, client, adviser, contact, submitted_application):
        case = reload(submitted_application.partnership)
        page_revision = case.revision
        services.withdraw(case, by=contact)  # while the adviser had the page open
        response = client_for(client, adviser).post(url("approve_application", case), {"revision": page_revision})
        assert RELOAD in messages_of(response)[0]
        assert reload(case).phase == Phase.WITHDRAWN

    def test_a_contact_may_not_approve(self, contact_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = contact_client.post(url("approve_application", case), {"revision": case.revision})
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_return(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = adviser_client.post(
            url("return_application", case), {"comment": "Say more about round 2.", "revision": case.revision}
        )
        assert response.status_code == 302
        application = reload(case).application
        assert (application.status, application.adviser_comment) == (
            ApplicationStatus.RETURNED,
            "Say more about round 2.",
        )

    def test_return_needs_a_comment(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = adviser_client.post(url("return_application", case), {"comment": " ", "revision": case.revision})
        assert response.status_code == 400
        assert reload(case).application.status == ApplicationStatus.SUBMITTED

    def test_decline(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = adviser_client.post(
            url("decline_application", case), confirmed(comment="Out of scope.", revision=case.revision)
        )
        assert response.status_code == 302
        assert reload(case).phase == Phase.DECLINED

    def test_decline_without_confirming_keeps_the_grounds(self, adviser_client, submitted_application):
        case = reload(submitted_application.partnership)
        response = adviser_client.post(
            url("decline_application", case), {"comment": "Out of scope, because…", "revision": case.revision}
        )
        content = response.content.decode()
        assert response.status_code == 400
        assert "Tick the box to confirm." in content
        assert "Out of scope, because…" in content
        assert '<details class="ds-details case-danger" open>' in content
        assert reload(case).phase == Phase.APPLICATION

    def test_forced_before_submission(self, adviser_client, application):
        case = reload(application.partnership)
        response = adviser_client.post(url("approve_application", case), {"revision": case.revision})
        assert messages_of(response) == ["“Approve the application” is not possible while the application is “Draft”."]


# --- Agreement, exchange, follow-up ------------------------------------------------------------


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

    def test_the_last_signature_starts_the_exchange(self, client, agreement, organisation, other_organisation, contact):
        services.sign_agreement(agreement, organisation=organisation, by=contact)
        response = client_for(client, agreement.partnership.adviser).post(
            url("sign_agreement", agreement.partnership),
            {"organisation": other_organisation.pk, "signed_copy": pdf_upload()},
        )
        assert response.status_code == 302
        assert reload(agreement.partnership).phase == Phase.EXCHANGE

    def test_forced_before_approval(self, contact_client, submitted_application, organisation):
        response = contact_client.post(
            url("sign_agreement", submitted_application.partnership), confirmed(organisation=organisation.pk)
        )
        assert messages_of(response) == ["There is no collaboration agreement to sign yet."]

    def test_an_organisation_outside_the_case(self, contact_client, agreement):
        stranger = OrganisationFactory(name="Stranger", country="KE", contacts=[UserFactory()])
        response = contact_client.post(
            url("sign_agreement", agreement.partnership), confirmed(organisation=stranger.pk)
        )
        assert messages_of(response) == ["Choose an organisation of this partnership to sign for."]


class TestExchangeRounds:
    def test_it_works(self, adviser_client, exchange_case):
        response = adviser_client.post(url("mark_exchange_done", exchange_case, number=1))
        assert response.status_code == 302
        assert exchange_case.agreement.rounds.get(number=1).is_done

    def test_a_contact_may_not(self, contact_client, exchange_case):
        response = contact_client.post(url("mark_exchange_done", exchange_case, number=1))
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert not exchange_case.agreement.rounds.get(number=1).is_done

    def test_a_round_that_does_not_exist(self, adviser_client, exchange_case):
        response = adviser_client.post(url("mark_exchange_done", exchange_case, number=9))
        assert messages_of(response) == ["The agreement has no round 9."]

    def test_forced_in_the_pre_study(self, adviser_client, case):
        response = adviser_client.post(url("mark_exchange_done", case, number=1))
        assert messages_of(response) == [
            "“Mark a round's exchange done” is not possible while the case is in the “Pre-study” phase."
        ]

    def test_the_page_offers_a_button_per_round(self, adviser_client, exchange_case):
        content = adviser_client.get(url("case_detail", exchange_case)).content.decode()
        assert url("mark_exchange_done", exchange_case, number=1) in content
        assert url("mark_exchange_done", exchange_case, number=2) in content
        assert "The exchange of round 1 has not been marked done." in content


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
        response = adviser_client.post(url("accept_final_report", case), {"comment": "Thank you."})
        assert response.status_code == 302
        assert reload(case).phase == Phase.COMPLETED

    def test_return_needs_a_comment_and_keeps_nothing_lost(self, adviser_client, submitted_report):
        case = submitted_report.partnership
        assert adviser_client.post(url("return_final_report", case), {"comment": ""}).status_code == 400
        response = adviser_client.post(url("return_final_report", case), {"comment": "Add the budget."})
        assert response.status_code == 302
        assert case.final_reports.get().status == FinalReportStatus.RETURNED

    def test_a_contact_may_not_accept(self, contact_client, submitted_report):
        case = submitted_report.partnership
        response = contact_client.post(url("accept_final_report", case))
        assert messages_of(response) == ["Only the partnership's programme adviser may do this."]
        assert reload(case).phase == Phase.FOLLOW_UP


# --- Leaving early -----------------------------------------------------------------------------


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

    def test_withdraw_from_a_stale_page(self, contact_client, application):
        case = reload(application.partnership)
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


@pytest.mark.parametrize("name", POST_URL_NAMES)
def test_every_action_on_a_closed_case_is_refused_with_a_reason(client, adviser, contact, full_case, name):
    """Forced POSTs (a stale tab, a crafted request) on a completed case: a reason, never a 500."""
    services.accept_final_report(full_case, by=adviser)
    case = reload(full_case)
    _method, address = case_urls(case)[name]
    for user in (adviser, contact):
        data = confirmed(
            organisation=case.organisations.first().pk,
            comment="x",
            reason="x",
            text="x",
            revision=case.revision,
        )
        response = client_for(client, user).post(address, data)
        assert response.status_code == 302, (user, response.status_code)
        assert messages_of(response), name  # comments stay possible: that message is a success
    assert reload(case).phase == Phase.COMPLETED


# --- Downloads ---------------------------------------------------------------------------------


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
    def test_it_works(self, request, client, full_case, name, filename, viewer):
        _method, address = case_urls(full_case)[name]
        response = client_for(client, request.getfixturevalue(viewer)).get(address)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")

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
        other = open_case("Another", adviser)
        report = full_case.final_reports.get()
        assert adviser_client.get(url("final_report_attachment", other, report_pk=report.pk)).status_code == 404

    def test_agreement_pdf(self, contact_client, agreement):
        response = contact_client.get(url("agreement_pdf", agreement.partnership))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline; filename=")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response.content.startswith(b"%PDF-")

    def test_no_agreement_yet_is_404(self, adviser_client, case):
        assert adviser_client.get(url("agreement_pdf", case)).status_code == 404
