"""The days on which a rule changes, exactly: the deadline day is still in time, the first day
is when enrolments freeze and attendance opens; and the waiting list is for a full session only."""

from datetime import timedelta

from norec.core import fsm
from tests.training.conftest import move, plan
from training import permissions, services
from training.models import EnrolmentState


def test_the_deadline_day_itself_is_in_time(adviser, amina, other_contact, today):
    session = move(plan(adviser, in_days=30), starts_on=today + timedelta(days=10), deadline=today)
    assert services.enrol(session, participant=amina, by=other_contact).state == EnrolmentState.CONFIRMED


def test_on_the_first_day_enrolments_freeze_and_attendance_opens(adviser, amina, other_contact, today):
    session = plan(adviser, in_days=30)
    enrolment = services.enrol(session, participant=amina, by=other_contact)
    move(session, starts_on=today, deadline=today)
    enrolment.refresh_from_db()
    assert "began" in " ".join(permissions.cancel_refusal_reasons(enrolment, other_contact))
    assert permissions.may_record_attendance(session, adviser)
    assert services.record_attendance(session, attended={enrolment.pk: True}, by=adviser) == 1


def test_the_day_before_the_first_day_attendance_waits(adviser, amina, other_contact, today):
    from datetime import timedelta

    session = plan(adviser, in_days=30)
    enrolment = services.enrol(session, participant=amina, by=other_contact)
    move(session, starts_on=today + timedelta(days=1), deadline=today)
    enrolment.refresh_from_db()
    assert not permissions.may_record_attendance(session, adviser)
    reasons = fsm.transition_refusal_reasons(enrolment, "mark_attended", adviser, wrong_state=str)
    assert reasons and "from the first day" in reasons[0]
    assert permissions.cancel_refusal_reasons(enrolment, other_contact) == []


def test_the_waiting_list_is_for_a_full_session_only(adviser, amina, other_contact):
    from training.models import Enrolment

    session = plan(adviser, capacity=2)
    unplaced = Enrolment(session=session, partnership=amina.partnership, participant=amina, requested_by=other_contact)
    assert fsm.transition_refusal_reasons(unplaced, "wait_for_place", other_contact, wrong_state=str) == [
        "A place is free."
    ]
    assert fsm.transition_refusal_reasons(unplaced, "confirm", other_contact, wrong_state=str) == []


def test_after_the_deadline_a_place_needs_the_advisers_reason(adviser, amina, other_contact, today):
    session = move(plan(adviser, in_days=30), starts_on=today + timedelta(days=10), deadline=today - timedelta(days=1))
    request = services.enrol(session, participant=amina, by=other_contact)
    assert request.state == EnrolmentState.REQUESTED
    reasons = fsm.transition_refusal_reasons(request, "confirm", adviser, wrong_state=str)
    assert reasons and "deadline" in reasons[0]
    request.late_reason = "Visa came late"
    assert fsm.transition_refusal_reasons(request, "confirm", adviser, wrong_state=str) == []


def test_a_session_that_has_ended_cannot_be_cancelled(adviser, today):
    session = move(plan(adviser, in_days=30), starts_on=today - timedelta(days=13), deadline=today - timedelta(days=20))
    assert session.ends_on < today
    assert not permissions.may_cancel_session(session, adviser)
    ending_today = move(
        plan(adviser, venue="Bangkok"), starts_on=today - timedelta(days=5), deadline=today - timedelta(days=9)
    )
    assert ending_today.ends_on == today and permissions.may_cancel_session(ending_today, adviser)


def test_a_participant_sees_only_their_own_courses_and_letters(adviser, amina, bwalya, other_contact, client):
    from django.urls import reverse

    from tests.factories import ParticipantFactory

    amina.user = ParticipantFactory(email="amina.own@example.org")
    amina.save(update_fields=["user"])
    session = plan(adviser, capacity=3)
    services.enrol(session, participant=amina, by=other_contact)
    other = services.enrol(plan(adviser, venue="Bangkok", in_days=40), participant=bwalya, by=other_contact)
    client.force_login(amina.user)
    page = client.get(reverse("training:my_courses")).content.decode()
    assert "Kampala" in page and "Bangkok" not in page
    assert client.get(reverse("training:letter", args=[other.pk])).status_code == 404
