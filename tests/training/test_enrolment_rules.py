"""Every enrolment rule, through the service: who may enrol whom, course 1 before departure,
course 2 in the last part of the exchange, partner training once per person, the seminar for a
pre-study, the deadline (and the adviser's override with a reason), capacity and the waiting list,
and the checklist items the enrolment ticks and reopens."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from exchanges.models import ItemStatus
from exchanges.selectors import item_with_key
from norec.core.fsm import TransitionRefused
from norec.core.models import AuditEvent
from partnerships.models import Phase
from tests.factories import make_case
from tests.training.conftest import plan
from training import services
from training.events import TrainingEvent
from training.models import CourseKind, EnrolmentState


def refused(call) -> str:
    with pytest.raises(TransitionRefused) as refusal:
        call()
    return " ".join(refusal.value.reasons)


def test_a_contact_of_the_sending_organisation_enrols_and_the_item_is_ticked(course_1, amina, other_contact):
    enrolment = services.enrol(course_1, participant=amina, by=other_contact)
    assert enrolment.state == EnrolmentState.CONFIRMED and enrolment.partnership == amina.partnership
    item = item_with_key(amina, "enrolled_course_1")
    assert item.status == ItemStatus.DONE
    kinds = set(AuditEvent.objects.filter(subject_id=amina.partnership.pk).values_list("action", flat=True))
    assert {TrainingEvent.ENROLLED, "participant.item_done"} <= kinds


def test_the_host_contact_a_participant_and_an_outsider_may_not_enrol(course_1, amina, contact, outsider_contact):
    for person in (contact, outsider_contact):  # the host's contact, another organisation's
        assert "own organisations" in refused(lambda p=person: services.enrol(course_1, participant=amina, by=p))


def test_course_1_must_end_before_the_departure(adviser, amina, other_contact):
    late = plan(adviser, in_days=100)  # amina leaves in 90 days
    assert "before the exchange" in refused(lambda: services.enrol(late, participant=amina, by=other_contact))


def test_course_2_falls_in_the_second_half_of_the_exchange(adviser, amina, other_contact):
    too_early = plan(adviser, CourseKind.COURSE_2, in_days=100)  # just after departure
    assert "prepares the return" in refused(lambda: services.enrol(too_early, participant=amina, by=other_contact))
    in_time = plan(adviser, CourseKind.COURSE_2, in_days=90 + 120)  # four months in, of six
    assert services.enrol(in_time, participant=amina, by=other_contact).state == EnrolmentState.CONFIRMED
    after_return = plan(adviser, CourseKind.COURSE_2, in_days=90 + 190)
    assert "prepares the return" in refused(lambda: services.enrol(after_return, participant=amina, by=other_contact))


def test_a_participant_holds_one_place_per_course_and_may_make_up_a_missed_one(adviser, course_1, amina, other_contact):
    services.enrol(course_1, participant=amina, by=other_contact)
    second = plan(adviser, venue="Bangkok", in_days=35)
    assert "already enrolled" in refused(lambda: services.enrol(second, participant=amina, by=other_contact))


def test_partner_training_is_for_signed_partnerships_once_per_person(adviser, case, other_contact, outsider_contact):
    training = plan(adviser, CourseKind.PARTNER_TRAINING)
    enrolment = services.enrol(training, person=other_contact, by=other_contact)
    assert enrolment.state == EnrolmentState.CONFIRMED and enrolment.partnership == case
    again = plan(adviser, CourseKind.PARTNER_TRAINING, venue="Bangkok", in_days=40)
    reason = refused(lambda: services.enrol(again, person=other_contact, by=other_contact))
    assert "Olga Other is already enrolled on Partner training in Kampala" in reason
    # Una's organisation has no signed agreement.
    assert "signed collaboration agreement" in refused(
        lambda: services.enrol(again, person=outsider_contact, by=outsider_contact)
    )


def test_a_contact_does_not_enrol_another_organisations_contact(adviser, case, contact, other_contact):
    training = plan(adviser, CourseKind.PARTNER_TRAINING)
    assert "own organisations" in refused(lambda: services.enrol(training, person=contact, by=other_contact))


def test_the_introduction_seminar_is_for_a_pre_study(adviser, case, outsider_contact, organisation):
    seminar = plan(adviser, CourseKind.INTRODUCTION_SEMINAR)
    assert "pre-study" in refused(lambda: services.enrol(seminar, person=outsider_contact, by=outsider_contact))
    from tests.factories import OrganisationFactory

    lusaka = outsider_contact.organisations.get()
    pre_study = make_case("pre_study", adviser=adviser, organisations=[lusaka, OrganisationFactory(country="NO")])
    assert pre_study.phase == Phase.PRE_STUDY
    enrolment = services.enrol(seminar, person=outsider_contact, by=outsider_contact)
    assert enrolment.partnership == pre_study


def test_participant_courses_are_not_for_contacts_and_contact_courses_not_for_participants(
    adviser, course_1, amina, other_contact
):
    assert "for participants" in refused(lambda: services.enrol(course_1, person=other_contact, by=adviser))
    training = plan(adviser, CourseKind.PARTNER_TRAINING)
    assert "not participants" in refused(lambda: services.enrol(training, participant=amina, by=adviser))


def test_a_full_session_puts_the_next_on_the_waiting_list(adviser, amina, bwalya, other_contact):
    one_place = plan(adviser, capacity=1)
    first = services.enrol(one_place, participant=amina, by=other_contact)
    second = services.enrol(one_place, participant=bwalya, by=other_contact)
    assert (first.state, second.state) == (EnrolmentState.CONFIRMED, EnrolmentState.WAITING)
    assert item_with_key(bwalya, "enrolled_course_1").status == ItemStatus.OPEN  # waiting is not enrolled


def test_a_cancellation_moves_the_first_waiting_up_and_reopens_the_item(adviser, amina, bwalya, other_contact):
    one_place = plan(adviser, capacity=1)
    first = services.enrol(one_place, participant=amina, by=other_contact)
    second = services.enrol(one_place, participant=bwalya, by=other_contact)
    services.cancel_enrolment(first, reason="Visa refused", by=other_contact)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state) == (EnrolmentState.CANCELLED, EnrolmentState.CONFIRMED)
    assert item_with_key(amina, "enrolled_course_1").status == ItemStatus.OPEN
    assert item_with_key(bwalya, "enrolled_course_1").status == ItemStatus.DONE
    moved = AuditEvent.objects.get(action=TrainingEvent.MOVED_UP)
    assert moved.actor is None  # the list's order moved Bwalya, not the person who cancelled


def test_a_cancellation_needs_a_reason_and_the_right_person(course_1, amina, other_contact, contact):
    enrolment = services.enrol(course_1, participant=amina, by=other_contact)
    with pytest.raises(ValidationError):
        services.cancel_enrolment(enrolment, reason="  ", by=other_contact)
    assert "may do this" in refused(lambda: services.cancel_enrolment(enrolment, reason="No", by=contact))


def test_after_the_deadline_a_contact_requests_and_the_adviser_decides(adviser, amina, other_contact):
    closed = plan(adviser, in_days=5, deadline_days_before=14)  # the deadline has passed
    request = services.enrol(closed, participant=amina, by=other_contact)
    assert request.state == EnrolmentState.REQUESTED
    assert item_with_key(amina, "enrolled_course_1").status == ItemStatus.OPEN
    with pytest.raises(ValidationError):
        services.accept_late_request(request, reason="", by=adviser)
    assert "adviser" in refused(lambda: services.accept_late_request(request, reason="Please", by=other_contact))
    accepted = services.accept_late_request(request, reason="Visa came late", by=adviser)
    assert accepted.state == EnrolmentState.CONFIRMED and accepted.late_reason == "Visa came late"


def test_an_adviser_enrols_after_the_deadline_only_with_a_reason(adviser, amina):
    closed = plan(adviser, in_days=5, deadline_days_before=14)
    with pytest.raises(ValidationError):
        services.enrol(closed, participant=amina, by=adviser)
    enrolment = services.enrol(closed, participant=amina, by=adviser, late_reason="Replacement for a withdrawal")
    assert enrolment.state == EnrolmentState.CONFIRMED


def test_a_cancelled_or_begun_session_takes_no_enrolment(adviser, course_1, amina, other_contact):
    services.cancel_session(course_1, reason="Venue closed", by=adviser)
    course_1.refresh_from_db()
    assert "cancelled" in refused(lambda: services.enrol(course_1, participant=amina, by=other_contact))


def test_cancelling_a_session_cancels_its_enrolments_and_reopens_items(adviser, amina, bwalya, other_contact):
    one_place = plan(adviser, capacity=1)
    first = services.enrol(one_place, participant=amina, by=other_contact)
    second = services.enrol(one_place, participant=bwalya, by=other_contact)
    assert services.cancel_session(one_place, reason="Venue closed", by=adviser) == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.state == second.state == EnrolmentState.CANCELLED
    assert first.cancel_reason == "Venue closed"
    assert item_with_key(amina, "enrolled_course_1").status == ItemStatus.OPEN
    assert "adviser" in refused(lambda: services.cancel_session(one_place, reason="x", by=other_contact))


def test_more_places_move_the_waiting_list_up_and_fewer_than_confirmed_are_refused(
    adviser, amina, bwalya, other_contact
):
    one_place = plan(adviser, capacity=1)
    services.enrol(one_place, participant=amina, by=other_contact)
    waiting = services.enrol(one_place, participant=bwalya, by=other_contact)
    services.change_session(one_place, by=adviser, capacity=2)
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.CONFIRMED
    with pytest.raises(ValidationError):
        services.change_session(one_place, by=adviser, capacity=1)


def test_attendance_is_recorded_from_the_first_day_and_a_missed_course_1_reopens_the_item(
    adviser, amina, bwalya, other_contact, today
):
    session = plan(adviser, in_days=10, capacity=2)
    present = services.enrol(session, participant=amina, by=other_contact)
    absent = services.enrol(session, participant=bwalya, by=other_contact)
    assert "first day" in refused(
        lambda: services.record_attendance(session, attended={present.pk: True, absent.pk: False}, by=adviser)
    )
    from django.db import connection

    with connection.cursor() as cursor:  # the session's week has come: its dates moved back, not the clock
        cursor.execute(
            "UPDATE training_coursesession SET starts_on = %s, ends_on = %s, enrolment_deadline = %s WHERE id = %s",
            [today - timedelta(days=2), today + timedelta(days=3), today - timedelta(days=9), session.pk],
        )
    session.refresh_from_db()
    assert "adviser" in refused(
        lambda: services.record_attendance(session, attended={present.pk: True}, by=other_contact)
    )
    changed = services.record_attendance(session, attended={present.pk: True, absent.pk: False}, by=adviser)
    present.refresh_from_db()
    absent.refresh_from_db()
    assert changed == 2 and (present.state, absent.state) == (EnrolmentState.ATTENDED, EnrolmentState.MISSED)
    assert item_with_key(bwalya, "enrolled_course_1").status == ItemStatus.OPEN
    assert item_with_key(amina, "enrolled_course_1").status == ItemStatus.DONE
    missed = AuditEvent.objects.get(action=TrainingEvent.MISSED)
    assert missed.subject_id == bwalya.partnership.pk


def test_the_participant_moved_up_is_emailed_once_and_the_contacts_hear(adviser, amina, bwalya, other_contact, contact):
    from norec.core.models import OutboxMessage
    from tests.factories import ParticipantFactory

    bwalya.user = ParticipantFactory(email="bwalya@example.org")
    bwalya.save(update_fields=["user"])
    one_place = plan(adviser, capacity=1)
    first = services.enrol(one_place, participant=amina, by=other_contact)
    services.enrol(one_place, participant=bwalya, by=other_contact)
    services.cancel_enrolment(first, reason="Visa refused", by=other_contact)
    to_bwalya = OutboxMessage.objects.filter(to_email="bwalya@example.org")
    assert to_bwalya.count() == 1
    assert "Moved up from a course's waiting list: Participant course 1, Kampala" in to_bwalya.get().subject
    moved = AuditEvent.objects.get(action=TrainingEvent.MOVED_UP)
    heard = set(OutboxMessage.objects.filter(event=moved).values_list("to_email", flat=True))
    assert {other_contact.email, contact.email, "bwalya@example.org"} <= heard


def test_a_withdrawal_frees_the_participants_places(
    adviser, amina, bwalya, other_contact, django_capture_on_commit_callbacks
):
    from exchanges.services import withdraw_participant

    one_place = plan(adviser, capacity=1)
    held = services.enrol(one_place, participant=amina, by=other_contact)
    waiting = services.enrol(one_place, participant=bwalya, by=other_contact)
    with django_capture_on_commit_callbacks(execute=True):
        withdraw_participant(amina, reason="Took another job", by=other_contact)
    held.refresh_from_db()
    waiting.refresh_from_db()
    assert held.state == EnrolmentState.CANCELLED and "Took another job" in held.cancel_reason
    assert waiting.state == EnrolmentState.CONFIRMED
    # Amina's checklist stays as the withdrawal left it: her done item is not reopened.
    assert item_with_key(amina, "enrolled_course_1").status == ItemStatus.DONE
