"""Edges of the participant rules: a course 1 ending on the departure day is too late; someone
withdrawn is not enrolled; an enrolment already placed is not "accepted late" again."""

from datetime import timedelta

import pytest

from exchanges.services import withdraw_participant
from norec.core.fsm import TransitionRefused
from tests.training.conftest import move, plan
from training import permissions, services


def test_course_1_ending_on_the_departure_day_is_too_late(adviser, amina, other_contact):
    departure = amina.leg.departure
    on_the_day = move(
        plan(adviser, in_days=30), starts_on=departure - timedelta(days=5), deadline=departure - timedelta(days=40)
    )
    assert on_the_day.ends_on == departure
    with pytest.raises(TransitionRefused, match="before the exchange"):
        services.enrol(on_the_day, participant=amina, by=other_contact)
    day_before = move(
        plan(adviser, venue="Bangkok", in_days=30),
        starts_on=departure - timedelta(days=6),
        deadline=departure - timedelta(days=40),
    )
    assert services.enrol(day_before, participant=amina, by=other_contact).state == "confirmed"


def test_a_withdrawn_participant_is_not_enrolled(adviser, course_1, amina, other_contact):
    withdraw_participant(amina, reason="Took another job", by=other_contact)
    amina.refresh_from_db()
    with pytest.raises(TransitionRefused, match="no longer takes part"):
        services.enrol(course_1, participant=amina, by=adviser)


def test_only_a_request_is_accepted_late(adviser, course_1, amina, other_contact):
    placed = services.enrol(course_1, participant=amina, by=other_contact)
    assert not permissions.may_decide_late_request(placed, adviser)
    with pytest.raises(TransitionRefused):
        services.accept_late_request(placed, reason="Twice", by=adviser)


def test_nothing_is_asked_of_a_session_that_has_begun(adviser, amina, other_contact, today):
    begun = move(plan(adviser, in_days=30), starts_on=today - timedelta(days=1), deadline=today - timedelta(days=8))
    with pytest.raises(TransitionRefused, match="began"):
        services.enrol(begun, participant=amina, by=other_contact)  # not even as a late request
    assert not begun.enrolments.exists()


def test_attendance_sent_twice_changes_nothing_the_second_time(adviser, amina, other_contact, today):
    session = plan(adviser, in_days=30)
    enrolment = services.enrol(session, participant=amina, by=other_contact)
    move(session, starts_on=today, deadline=today)
    assert services.record_attendance(session, attended={enrolment.pk: True}, by=adviser) == 1
    assert services.record_attendance(session, attended={enrolment.pk: True}, by=adviser) == 0
    assert services.record_attendance(session, attended={enrolment.pk: False}, by=adviser) == 1  # a correction


def test_a_cancellation_from_a_stale_page_is_refused(course_1, amina, other_contact):
    enrolment = services.enrol(course_1, participant=amina, by=other_contact)
    with pytest.raises(TransitionRefused, match="changed this enrolment meanwhile"):
        services.cancel_enrolment(enrolment, reason="Ill", by=other_contact, expected_revision=enrolment.revision + 1)
    services.cancel_enrolment(enrolment, reason="Ill", by=other_contact, expected_revision=enrolment.revision)


def test_a_session_is_cancelled_once_and_an_ended_one_is_neither_cancelled_nor_changed(adviser, today):
    session = plan(adviser)
    services.cancel_session(session, reason="Venue closed", by=adviser)
    with pytest.raises(TransitionRefused, match="already cancelled or has ended"):
        services.cancel_session(session, reason="Again", by=adviser)
    ended = move(
        plan(adviser, venue="Bangkok"), starts_on=today - timedelta(days=14), deadline=today - timedelta(days=20)
    )
    with pytest.raises(TransitionRefused, match="already cancelled or has ended"):
        services.cancel_session(ended, reason="Late", by=adviser)
    with pytest.raises(TransitionRefused, match="has ended"):
        services.change_session(ended, by=adviser, capacity=20)


def test_a_cancelled_place_makes_its_letter_invalid(course_1, amina, other_contact):
    from training.letters import verify

    enrolment = services.enrol(course_1, participant=amina, by=other_contact)
    assert verify(enrolment.verification_code).valid
    services.cancel_enrolment(enrolment, reason="Visa refused", by=other_contact)
    assert not verify(enrolment.verification_code).valid
    assert verify(enrolment.verification_code.lower().replace("-", "")) is not None  # as typed at a counter


def test_no_letter_for_an_online_course_or_one_that_has_ended(adviser, case, amina, other_contact, today):
    from training.models import CourseKind
    from training.permissions import letter_offered

    online = services.enrol(
        plan(adviser, CourseKind.PARTNER_TRAINING, venue="Digital"), person=other_contact, by=other_contact
    )
    assert not letter_offered(online, today)
    session = plan(adviser, in_days=30)
    kampala = services.enrol(session, participant=amina, by=other_contact)
    assert letter_offered(kampala, today)
    move(session, starts_on=today - timedelta(days=5), deadline=today - timedelta(days=12))  # ends today
    kampala.refresh_from_db()
    assert letter_offered(kampala, today)
    move(session, starts_on=today - timedelta(days=6), deadline=today - timedelta(days=12))  # ended yesterday
    kampala.refresh_from_db()
    assert not letter_offered(kampala, today)


def test_a_missed_course_1_made_up_is_no_longer_flagged(adviser, amina, other_contact, today):
    from training.sections import training_section
    from training.selectors import missed_course_1_anywhere

    first = plan(adviser, in_days=30)
    missed = services.enrol(first, participant=amina, by=other_contact)
    move(first, starts_on=today - timedelta(days=1), deadline=today - timedelta(days=8))
    services.record_attendance(first, attended={missed.pk: False}, by=adviser)
    assert [e.participant for e in missed_course_1_anywhere()] == [amina]
    assert [e.participant for e in training_section(amina.partnership, adviser)["missed"]] == [amina]
    again = plan(adviser, venue="Bangkok", in_days=30)
    services.enrol(again, participant=amina, by=other_contact)
    assert not missed_course_1_anywhere().exists()
    assert training_section(amina.partnership, adviser)["missed"] == []
