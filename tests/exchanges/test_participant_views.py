"""The round page, recruiting, the participant's page and the participant's own portal, as each
person uses them through the browser's requests."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exchanges.models import ChecklistItem, ItemStatus, Participant
from norec.core.dates import long_date
from tests.factories import (
    approve_agreement,
    make_leg,
    participant_data,
    pdf_upload,
    recruit,
    recruit_the_other_way,
    walk_round,
)
from tests.partnerships.helpers import messages_of
from tests.pdf import pdf_text

HEIC_BYTES = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64


@pytest.fixture
def exchange_round(round_ahead):
    return round_ahead


@pytest.fixture
def leg(exchange_round, organisation, other_organisation):
    """Kampala (Olga) sends two participants to Bergen (Chris), from the round's start (ahead)."""
    return make_leg(exchange_round, home=other_organisation, host=organisation, participants=2, months=12)


@pytest.fixture
def invited(leg, other_contact):
    from exchanges.services import invite_participant

    return invite_participant(recruit(leg), by=other_contact)


def participant_client_of(participant) -> Client:
    client = Client()
    client.force_login(participant.user)
    return client


def round_url(exchange_round) -> str:
    return reverse("exchanges:round_detail", args=[exchange_round.agreement.partnership.pk, exchange_round.number])


class TestRecruitingThroughThePages:
    def test_a_contact_adds_a_leg_recruits_and_invites(
        self, other_contact_client, exchange_round, organisation, other_organisation
    ):
        case = exchange_round.agreement.partnership
        response = other_contact_client.post(
            reverse("exchanges:add_leg", args=[case.pk, 1]),
            {
                "home": other_organisation.pk,
                "host": organisation.pk,
                "participants": 1,
                "months": 12,
                "departure": exchange_round.planned_start.isoformat(),
            },
        )
        assert response.status_code == 302, response.content.decode()[:500]
        leg = exchange_round.legs.get()
        assert leg.direction == "south_north"
        page = other_contact_client.get(round_url(exchange_round)).content.decode()
        recruit_url = reverse("exchanges:recruit", args=[case.pk, 1, leg.pk])
        assert recruit_url in page

        data = {**participant_data(), "date_of_birth": "2000-02-30"}  # no such day
        response = other_contact_client.post(recruit_url, data)
        assert response.status_code == 400
        content = response.content.decode()
        assert 'value="Amina Nakato"' in content and "Ward 4, Haukeland" in content  # nothing typed is lost
        assert not Participant.objects.exists()

        response = other_contact_client.post(recruit_url, {**data, "date_of_birth": "2000-05-17"})
        participant = Participant.objects.get()
        assert response["Location"] == reverse("exchanges:participant_detail", args=[participant.pk])
        assert participant.checklist.count() > 10

        invite_url = reverse("exchanges:invite_participant", args=[participant.pk])
        assert invite_url in other_contact_client.get(response["Location"]).content.decode()
        response = other_contact_client.post(invite_url)
        assert messages_of(response)[-1] == "Amina Nakato was invited by email to set a password."
        assert Participant.objects.get().user.is_participant

    def test_the_host_contact_may_not_recruit_for_the_sender(self, contact_client, leg):
        case = leg.exchange_round.agreement.partnership
        response = contact_client.post(reverse("exchanges:recruit", args=[case.pk, 1, leg.pk]), participant_data())
        assert messages_of(response) == ["Only the partner contacts of Kampala Youth Network recruit its participants."]
        assert not Participant.objects.exists()


class TestThePortal:
    def test_the_participant_sees_their_exchange_and_ticks_an_item_with_a_photo(self, invited):
        client = participant_client_of(invited)
        page = client.get(reverse("exchanges:portal"))
        content = page.content.decode()
        assert page.status_code == 200
        assert "Bergen Health Trust" in content and "Chris Contact" in content and "Olga Other" in content
        insurance = invited.checklist.get(title="Travel and health insurance")
        photo = SimpleUploadedFile("IMG_0042.HEIC", HEIC_BYTES, content_type="image/heic")
        response = client.post(reverse("exchanges:complete_item", args=[insurance.pk]), {"document": photo})
        assert messages_of(response) == ["“Travel and health insurance” is done."]
        insurance.refresh_from_db()
        assert insurance.status == ItemStatus.DONE and insurance.document_filename == "IMG_0042.HEIC"
        assert client.get(reverse("exchanges:item_document", args=[insurance.pk])).status_code == 200

    def test_a_refused_upload_says_why_and_changes_nothing(self, invited, settings):
        client = participant_client_of(invited)
        visa = invited.checklist.get(title="Visa")
        fake = SimpleUploadedFile("visa.exe", b"MZ\x90\x00", content_type="application/octet-stream")
        response = client.post(reverse("exchanges:complete_item", args=[visa.pk]), {"document": fake})
        assert "are not accepted" in messages_of(response)[0]
        settings.NOREC_UPLOAD_MAX_BYTES = 10
        response = client.post(reverse("exchanges:complete_item", args=[visa.pk]), {"document": pdf_upload("visa.pdf")})
        assert "too large" in messages_of(response)[-1]
        visa.refresh_from_db()
        assert visa.status == ItemStatus.OPEN and not visa.document

    def test_the_participant_may_not_tick_the_organisations_items(self, invited):
        client = participant_client_of(invited)
        contract = invited.checklist.get(title="Work contract")
        response = client.post(reverse("exchanges:complete_item", args=[contract.pk]))
        assert messages_of(response) == ["This item is for the sending organisation."]

    def test_nothing_of_another_participant_is_visible(self, invited, leg, other_contact):
        from exchanges.services import invite_participant

        other = invite_participant(recruit(leg, full_name="Peter Okello", email="peter@example.org"), by=other_contact)
        item = other.checklist.get(title="Visa")
        item.document = pdf_upload("visa.pdf")
        item.save()
        client = participant_client_of(invited)
        assert "Peter Okello" not in client.get(reverse("exchanges:portal")).content.decode()
        for name, kwargs in [
            ("exchanges:participant_detail", {"participant_pk": other.pk}),
            ("exchanges:item_document", {"item_pk": item.pk}),
            ("exchanges:round_detail", {"pk": leg.exchange_round.agreement.partnership.pk, "number": 1}),
        ]:
            assert client.get(reverse(name, kwargs=kwargs)).status_code == 404, name
        assert client.post(reverse("exchanges:complete_item", args=[item.pk])).status_code == 404
        # Their own participant page is the portal.
        own = client.get(reverse("exchanges:participant_detail", args=[invited.pk]))
        assert own["Location"] == reverse("exchanges:portal")

    def test_people_without_an_exchange_have_no_portal(self, adviser_client, contact_client, participant_client):
        for client in (adviser_client, contact_client, participant_client):
            assert client.get(reverse("exchanges:portal")).status_code == 404


class TestTheHostAndTheAdviser:
    def test_the_host_completes_host_items_and_sees_them_in_the_matrix(self, contact_client, invited):
        housing = invited.checklist.get(title="Housing arranged")
        response = contact_client.post(
            reverse("exchanges:complete_item", args=[housing.pk]), {"next": round_url(invited.leg.exchange_round)}
        )
        assert response["Location"] == round_url(invited.leg.exchange_round)
        page = contact_client.get(round_url(invited.leg.exchange_round)).content.decode()
        assert "Amina Nakato" in page and "1/" in page

    def test_the_host_may_not_change_the_senders_participant(self, contact_client, invited):
        response = contact_client.post(reverse("exchanges:withdraw_participant", args=[invited.pk]), {"reason": "x"})
        assert messages_of(response) == [
            "Only the adviser and the partner contacts of Kampala Youth Network may do this."
        ]
        assert Participant.objects.get().status == "active"
        page = contact_client.get(reverse("exchanges:participant_detail", args=[invited.pk])).content.decode()
        assert "Withdraw the participant" not in page and "amina@example.org" not in page

    def test_the_adviser_accepts_an_age_outside_the_rule(self, adviser_client, leg):
        participant = recruit(leg, date_of_birth=date(1960, 1, 1))
        detail = reverse("exchanges:participant_detail", args=[participant.pk])
        assert "the main rule is 18 to 35" in adviser_client.get(detail).content.decode()
        response = adviser_client.post(reverse("exchanges:accept_age", args=[participant.pk]), {"reason": ""})
        assert response.status_code == 400
        response = adviser_client.post(reverse("exchanges:accept_age", args=[participant.pk]), {"reason": "Agreed."})
        assert messages_of(response) == ["The exception to the age rule is recorded."]
        assert "Accepted by Ada Adviser: Agreed." in adviser_client.get(detail).content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_round_page_and_the_portal_make_a_fixed_number_of_queries(
    count,
    contact_client,
    exchange_round,
    organisation,
    other_organisation,
    django_assert_max_num_queries,
    other_contact,
):
    leg = make_leg(exchange_round, home=other_organisation, host=organisation, participants=count)
    people = [recruit(leg, full_name=f"Person {n:02d}", email=f"p{n}@example.org") for n in range(count)]
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES):
        response = contact_client.get(round_url(leg.exchange_round))
    assert response.status_code == 200
    page = response.content.decode()
    assert all(f"Person {n:02d}" in page for n in range(count))
    from exchanges.services import invite_participant

    client = participant_client_of(invite_participant(people[0], by=other_contact))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("exchanges:portal"))
    assert response.status_code == 200
    portal = response.content.decode()
    items = people[0].checklist.all()
    assert items and all(item.title in portal for item in items)  # their own checklist
    assert "Person 01" not in portal  # and nobody else's


# The session, the user, the case, the round, the partners (the rules' and the leg forms'
# organisations), its budget lines and reports, the legs with their participants, the checklist
# items, and the rules of the steps ahead (the legs against the round's plan, each leg recruited, the
# ages to decide, the first departure): the same for 5 participants as for 50.
ROUND_PAGE_QUERIES = 15


@pytest.mark.parametrize("count", [5, 50])
def test_the_advisers_overview_shows_overdue_items_and_who_is_abroad(
    count, adviser_client, round_under_way, organisation, other_organisation, django_assert_num_queries
):
    leg = make_leg(round_under_way, home=other_organisation, host=organisation, participants=count, months=12)
    walk_round(round_under_way, "start_recruiting")
    for n in range(count):
        recruit(leg, full_name=f"Person {n:02}", email=f"p{n}@example.org")
    recruit_the_other_way(leg)
    approve_agreement(round_under_way)
    walk_round(round_under_way, "start_preparing", "depart")
    # The session, the user, the rows and the count of each list, and the ages to decide (counted with
    # them); the list of every participant: its filters' cases and countries, its count and its page.
    with django_assert_num_queries(11):
        content = adviser_client.get(reverse("exchanges:caseload_participants")).content.decode()
    assert f"{count + 1} participants abroad now" in content  # and Ola, the other way
    assert "Person 00: Enrolled in Training 1" in content  # due 60 days before a departure months ago
    overdue = ChecklistItem.objects.filter(status=ItemStatus.OPEN, due_on__lt=date.today()).count()
    assert overdue > count and f"{overdue} overdue checklist items" in content


def test_the_participant_and_the_case_people_download_the_exchange_summary(invited, contact_client):
    url = reverse("exchanges:participant_pdf", args=[invited.pk])
    for client in (participant_client_of(invited), contact_client):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        text = pdf_text(response.content)
        assert "Amina Nakato Exchange summary · Young nurses exchange" in text
        assert "From Kampala Youth Network (Uganda) To Bergen Health Trust (Norway)" in text
        leg = invited.leg
        assert f"Dates {long_date(leg.departure)} – {long_date(leg.return_date)}" in text  # noqa: RUF001 (the PDF's dash)
        visa = invited.checklist.get(title="Visa")
        assert f"Visa Participant {long_date(visa.due_on)} Open" in text  # the checklist: who does what by when
    assert url in participant_client_of(invited).get(reverse("exchanges:portal")).content.decode()


def test_another_participant_gets_no_summary(invited, leg, other_contact):
    from exchanges.services import invite_participant

    someone_else = invite_participant(recruit(leg, full_name="Sam Second", email="sam@example.org"), by=other_contact)
    response = participant_client_of(someone_else).get(reverse("exchanges:participant_pdf", args=[invited.pk]))
    assert response.status_code == 404


def test_the_sending_organisation_drafts_the_follow_up_plan(invited, other_contact_client, contact_client):
    url = reverse("exchanges:follow_up_plan", args=[invited.pk])
    page = other_contact_client.get(reverse("exchanges:participant_detail", args=[invited.pk])).content.decode()
    assert invited.follow_up_focus in page and url in page
    response = other_contact_client.post(url, {"text": "Teach the new triage routine.", "plan_revision": 0})
    assert messages_of(response) == ["The follow-up plan is saved."]
    # The host organisation's contact reads it but may not change it.
    response = contact_client.post(url, {"text": "Ours.", "plan_revision": 1})
    assert messages_of(response) == ["The sending organisation's partner contacts draft the follow-up plan."]
    assert Participant.objects.get(pk=invited.pk).follow_up_plan == "Teach the new triage routine."
    assert (
        "Teach the new triage routine."
        in participant_client_of(invited).get(reverse("exchanges:portal")).content.decode()
    )


def test_a_plan_saved_meanwhile_is_not_overwritten_and_the_typed_text_is_kept(invited, other_contact_client):
    url = reverse("exchanges:follow_up_plan", args=[invited.pk])
    other_contact_client.post(url, {"text": "First version.", "plan_revision": 0})
    response = other_contact_client.post(url, {"text": "My own draft.", "plan_revision": 0})
    assert response.status_code == 409
    page = response.content.decode()
    assert "First version." in page and "My own draft." in page and "Someone else saved the follow-up plan" in page
    assert Participant.objects.get(pk=invited.pk).follow_up_plan == "First version."


def test_a_double_click_on_invite_sends_one_invitation(other_contact_client, leg):
    from norec.core.models import Invitation

    participant = recruit(leg)
    page = other_contact_client.get(reverse("exchanges:participant_detail", args=[participant.pk]))
    token = page.context["invite_form"]["submission"].value()
    invite = reverse("exchanges:invite_participant", args=[participant.pk])
    answers = [other_contact_client.post(invite, {"submission": token}) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert messages_of(answers[1])[-1] == "Amina Nakato was invited by email to set a password."
    assert Invitation.objects.filter(user__email="amina@example.org").count() == 1
    # "Send the invitation again" from a page shown afresh does send it again.
    other_contact_client.post(invite, {"submission": "7e57c0de-0000-4000-8000-000000000001"})
    assert Invitation.objects.filter(user__email="amina@example.org").count() == 2
