"""The waiting list under concurrency, with real PostgreSQL connections (one per thread): two
cancellations at once move up two people, in order, and never more than the places; two
enrolments at once for the last place give one place and one waiting."""

import threading

import pytest
from django.db import connection, connections

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from tests.factories import UserFactory, recruit
from tests.training.conftest import plan
from training import services
from training.models import PLACE_STATES, CourseKind, EnrolmentState, Venue
from training.venues import install_programme_venues

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _programme_data(transactional_db):
    # Transactional tests empty the tables after each test, the migrated venues and checklist too.
    install_programme_venues(Venue)
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)


def at_once(*calls):
    """Run the calls in threads released together; re-raise the first error."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # reported to the test below
            errors.append(error)
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]


def test_two_cancellations_at_once_never_over_fill(adviser, case, other_organisation, other_contact):
    # Partner training: no checklist to tick, so nothing but the session's lock orders the two.
    people = [UserFactory(full_name=f"Person {n}") for n in range(5)]
    other_organisation.contacts.add(*people)
    session = plan(adviser, CourseKind.PARTNER_TRAINING, capacity=2)
    enrolments = [services.enrol(session, person=person, by=other_contact) for person in people]
    assert [e.state for e in enrolments] == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
    first, second = enrolments[:2]
    at_once(
        lambda: services.cancel_enrolment(first, reason="Ill", by=other_contact),
        lambda: services.cancel_enrolment(second, reason="Visa", by=other_contact),
    )
    states = {e.person.full_name: e.state for e in session.enrolments.select_related("person")}
    assert states == {
        "Person 0": EnrolmentState.CANCELLED,
        "Person 1": EnrolmentState.CANCELLED,
        "Person 2": EnrolmentState.CONFIRMED,
        "Person 3": EnrolmentState.CONFIRMED,
        "Person 4": EnrolmentState.WAITING,
    }
    assert session.enrolments.filter(state__in=PLACE_STATES).count() == session.capacity


def test_two_enrolments_at_once_for_the_last_place(adviser, leg, other_contact):
    first, second = (recruit(leg, full_name=name, email=f"{name}@example.org") for name in ("Ama", "Bo"))
    session = plan(adviser, capacity=1)
    at_once(
        lambda: services.enrol(session, participant=first, by=other_contact),
        lambda: services.enrol(session, participant=second, by=other_contact),
    )
    assert sorted(session.enrolments.values_list("state", flat=True)) == ["confirmed", "waiting"]
    assert connection.vendor == "postgresql"
