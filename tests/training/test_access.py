"""Who may see and do what in training, for every page, action and download: the right role,
the wrong role (403 or 404), and a partner contact of another organisation (404 or refused)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests.training.conftest import plan
from training import services
from training.models import CourseKind, EnrolmentState
from training.services.feeds import issue_feed_token


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def enrolled(course_1, amina, other_contact, participant):
    amina.user = participant
    amina.save(update_fields=["user"])
    return services.enrol(course_1, participant=amina, by=other_contact)


def test_the_sessions_list_is_for_advisers_and_contacts(adviser, other_contact, participant, course_1):
    url = reverse("training:sessions")
    assert client_of(adviser).get(url).status_code == 200
    page = client_of(other_contact).get(url)
    assert page.status_code == 200 and "Participant course 1" in page.content.decode()
    assert client_of(participant).get(url).status_code == 403
    assert Client().get(url).status_code == 302  # to sign in


def test_a_session_page_for_advisers_and_contacts_only(adviser, other_contact, outsider_contact, participant, enrolled):
    url = reverse("training:session_detail", args=[enrolled.session_id])
    adviser_page = client_of(adviser).get(url).content.decode()
    assert "Amina Nakato" in adviser_page and "Attendee list (CSV)" in adviser_page
    assert "Amina Nakato" in client_of(other_contact).get(url).content.decode()
    outsider_page = client_of(outsider_contact).get(url)
    assert outsider_page.status_code == 200 and "Amina Nakato" not in outsider_page.content.decode()
    assert client_of(participant).get(url).status_code == 404


def test_planning_and_changing_a_session_is_for_advisers(adviser, other_contact, participant, course_1):
    for url in (reverse("training:plan_session"), reverse("training:change_session", args=[course_1.pk])):
        assert client_of(adviser).get(url).status_code == 200
        assert client_of(other_contact).get(url).status_code == 403
    assert client_of(participant).get(reverse("training:change_session", args=[course_1.pk])).status_code == 404
    assert client_of(other_contact).post(reverse("training:plan_session"), {}).status_code == 403


def test_a_contact_enrols_only_their_own_people(course_1, amina, other_contact, outsider_contact, participant):
    url = reverse("training:enrol", args=[course_1.pk])
    stranger = client_of(outsider_contact).post(url, {"who": amina.pk})
    assert stranger.status_code == 400 and not course_1.enrolments.exists()  # Amina is not among their choices
    assert client_of(participant).post(url, {"who": amina.pk}).status_code == 404
    response = client_of(other_contact).post(url, {"who": amina.pk})
    assert response.status_code == 302
    assert course_1.enrolments.get().state == EnrolmentState.CONFIRMED


def test_cancelling_an_enrolment(enrolled, other_contact, outsider_contact, participant, contact):
    url = reverse("training:cancel_enrolment", args=[enrolled.pk])
    assert client_of(outsider_contact).post(url, {"reason": "x"}).status_code == 404
    assert client_of(participant).post(url, {"reason": "x"}).status_code == 302  # refused with why
    enrolled.refresh_from_db()
    assert enrolled.state == EnrolmentState.CONFIRMED
    assert client_of(contact).post(url, {"reason": "x"}).status_code == 404  # the host's contact: not theirs
    assert client_of(other_contact).post(url, {"reason": "Ill"}).status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.state == EnrolmentState.CANCELLED


def test_the_late_decision_is_the_advisers(adviser, amina, other_contact, outsider_contact):
    closed = plan(adviser, in_days=5, deadline_days_before=14)
    request = services.enrol(closed, participant=amina, by=other_contact)
    url = reverse("training:accept_late", args=[request.pk])
    assert client_of(outsider_contact).post(url, {"reason": "x"}).status_code == 404
    client_of(other_contact).post(url, {"reason": "x"})
    request.refresh_from_db()
    assert request.state == EnrolmentState.REQUESTED
    client_of(adviser).post(url, {"reason": "Visa came late"})
    request.refresh_from_db()
    assert request.state == EnrolmentState.CONFIRMED


def test_the_letter_for_the_person_their_organisation_and_advisers(
    enrolled, adviser, other_contact, outsider_contact, contact
):
    url = reverse("training:letter", args=[enrolled.pk])
    for user in (enrolled.participant.user, other_contact, adviser):
        response = client_of(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    for user in (outsider_contact, contact):
        assert client_of(user).get(url).status_code == 404


def test_no_letter_for_a_waiting_place(adviser, bwalya, amina, other_contact):
    full = plan(adviser, capacity=1)
    services.enrol(full, participant=amina, by=other_contact)
    waiting = services.enrol(full, participant=bwalya, by=other_contact)
    assert client_of(other_contact).get(reverse("training:letter", args=[waiting.pk])).status_code == 404


def test_attendee_exports_are_for_advisers(enrolled, adviser, other_contact, participant):
    for name in ("training:attendees_csv", "training:attendees_xlsx"):
        url = reverse(name, args=[enrolled.session_id])
        assert client_of(adviser).get(url).status_code == 200
        assert client_of(other_contact).get(url).status_code == 403
        assert client_of(participant).get(url).status_code == 404


def test_the_needs_page_is_for_advisers(adviser, other_contact, participant):
    url = reverse("training:needs")
    assert client_of(adviser).get(url).status_code == 200
    assert client_of(other_contact).get(url).status_code == 403
    assert client_of(participant).get(url).status_code == 403


def test_my_courses_is_the_participants_own(enrolled, participant, other_contact):
    page = client_of(participant).get(reverse("training:my_courses"))
    text = page.content.decode()
    assert page.status_code == 200 and "Participant course 1, Kampala" in text and "Arrive" in text
    assert client_of(other_contact).get(reverse("training:my_courses")).status_code == 403


def test_session_actions_are_for_advisers(enrolled, adviser, other_contact, participant, today):
    session = enrolled.session
    cancel = reverse("training:cancel_session", args=[session.pk])
    assert client_of(participant).post(cancel, {"reason": "x"}).status_code == 404
    client_of(other_contact).post(cancel, {"reason": "x"})
    session.refresh_from_db()
    assert not session.is_cancelled
    attendance = reverse("training:record_attendance", args=[session.pk])
    assert client_of(other_contact).post(attendance, {f"e{enrolled.pk}": "1"}).status_code == 302
    enrolled.refresh_from_db()
    assert enrolled.state == EnrolmentState.CONFIRMED
    client_of(adviser).post(cancel, {"reason": "Venue closed"})
    session.refresh_from_db()
    assert session.is_cancelled


def test_the_calendar_feed_answers_its_token_only(enrolled, participant):
    token = issue_feed_token(participant)
    url = reverse("training:calendar_feed", args=[token])
    assert Client().get(url).status_code == 200
    assert Client().get(reverse("training:calendar_feed", args=["x" * 43])).status_code == 404
    client_of(participant).post(reverse("training:calendar_settings"), {"action": "revoke"})
    assert Client().get(url).status_code == 404


def test_the_public_verification_shows_only_the_letters_facts(enrolled):
    page = Client().get(reverse("training:verify_letter_code", args=[enrolled.verification_code]))
    text = page.content.decode()
    assert page.status_code == 200 and "The letter is valid" in text and "Amina Nakato" in text
    for private in (
        enrolled.participant.email,
        "Kampala Youth Network",
        enrolled.participant.get_nationality_display(),
    ):
        assert private not in text
    assert Client().get(reverse("training:verify_letter_code", args=["ABCD-EFGH-JKMN"])).status_code == 404
    typed = Client().get(reverse("training:verify_letter"), {"code": enrolled.verification_code.replace("-", "")})
    assert typed.status_code == 302


def test_the_partner_training_page_offers_the_contacts_own_colleagues(adviser, case, other_contact, contact):
    training = plan(adviser, CourseKind.PARTNER_TRAINING, in_days=30)
    page = client_of(other_contact).get(reverse("training:session_detail", args=[training.pk])).content.decode()
    assert "Olga Other" in page and "Chris Contact" not in page
    assert training.starts_on - timedelta(days=7) == training.enrolment_deadline


def test_advisers_add_a_venue_with_its_time_zone_in_the_admin(adviser, other_contact):
    url = reverse("admin:training_venue_add")
    response = client_of(adviser).post(url, {"name": "Lilongwe", "time_zone": "Africa/Blantyre", "is_digital": ""})
    assert response.status_code == 302
    from training.models import Venue

    assert Venue.objects.get(name="Lilongwe").zone.key == "Africa/Blantyre"
    wrong = client_of(adviser).post(url, {"name": "Nowhere", "time_zone": "Mars/Olympus"})
    assert wrong.status_code == 200 and "is not a time zone" in wrong.content.decode()
    assert client_of(other_contact).get(url).status_code == 403


def test_the_account_pages_lead_to_the_calendar_feed(other_contact, participant):
    for user in (other_contact, participant):
        for url_name in ("mfa_index", "account_email", "training:calendar_settings"):
            page = client_of(user).get(reverse(url_name)).content.decode()
            assert f'href="{reverse("training:calendar_settings")}"' in page, url_name
            assert f'href="{reverse("account_change_password")}"' in page, url_name
