"""Query counts of the training pages, pinned at 5 and 50 rows: a rise is a change to justify.
Each test also checks that the rows are shown, so a count cannot pass on an empty page."""

import pytest
from django.urls import reverse

from tests.exchanges.rounds_now import leg_departing
from tests.factories import UserFactory, recruit
from tests.training.conftest import plan
from training import services

# session, user, the sessions with their counts
SESSIONS_ADVISER = 3
# session, user, the sessions, the contact's people's enrolments (and their waiting positions, when one waits)
SESSIONS_CONTACT = 4
# session, user, the session, its enrolments, waiting positions, the people to enrol
SESSION_ADVISER = 6
# the same, and the places taken (a contact does not see everyone's enrolments)
SESSION_CONTACT = 7
# session, user, participants leaving without course 1, those who missed it, contacts without partner
# training (+ their organisations)
NEEDS = 6


@pytest.mark.parametrize("rows", [5, 50])
def test_sessions_list(
    adviser, adviser_client, other_contact_client, django_assert_num_queries, rows, amina, other_contact
):
    for number in range(rows):
        plan(adviser, in_days=21 + 7 * (number % 20), capacity=3)
    services.enrol(plan(adviser, capacity=1), participant=amina, by=other_contact)
    with django_assert_num_queries(SESSIONS_ADVISER):
        content = adviser_client.get(reverse("training:sessions")).content.decode()
    assert content.count('<th scope="row" data-label="Course">') == rows + 1
    with django_assert_num_queries(SESSIONS_CONTACT):
        content = other_contact_client.get(reverse("training:sessions")).content.decode()
    assert "Amina Nakato" in content


@pytest.mark.parametrize("rows", [5, 50])
def test_session_page(
    adviser,
    adviser_client,
    other_contact_client,
    django_assert_num_queries,
    rows,
    case,
    organisation,
    other_organisation,
    other_contact,
    today,
):
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=90, participants=rows)
    session = plan(adviser, capacity=rows - 2)
    for number in range(rows):
        services.enrol(
            session,
            participant=recruit(leg, full_name=f"P {number:02d}", email=f"p{number}@example.org"),
            by=other_contact,
        )
    url = reverse("training:session_detail", args=[session.pk])
    with django_assert_num_queries(SESSION_ADVISER):
        content = adviser_client.get(url).content.decode()
    assert content.count('id="enrolment-') == rows and "Number 2 on the waiting list" in content
    with django_assert_num_queries(SESSION_CONTACT):
        content = other_contact_client.get(url).content.decode()
    assert content.count('id="enrolment-') == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_needs_page(adviser, adviser_client, django_assert_num_queries, rows, case, other_organisation):
    other_organisation.contacts.add(*(UserFactory(full_name=f"C {number:02d}") for number in range(rows)))
    with django_assert_num_queries(NEEDS):
        content = adviser_client.get(reverse("training:needs")).content.decode()
    assert content.count("Kampala Youth Network") >= rows
    assert f"{rows + 2} partner contacts without partner training" in content  # and Chris and Olga
