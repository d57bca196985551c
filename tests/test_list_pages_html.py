"""The list pages with their filters, sort links and pagers are valid HTML (vnu, as
tests/test_valid_html.py checks every page), with rows, with a bad filter's error, sorted the other
way and on a second page."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.amendments.test_amendment_list import add
from tests.factories import OrganisationFactory, UserFactory, make_case
from tests.reminders.test_sent_list_order import remind
from tests.test_valid_html import BROKEN, check_with_vnu, page
from tests.training.conftest import plan
from training.models import CourseKind


@pytest.fixture
def listed(settings, tmp_path, adviser, organisation, other_organisation, other_contact, participant):
    settings.MEDIA_ROOT = tmp_path / "media"
    for number in range(55):
        OrganisationFactory(name=f"Org <{number:02d}> & co", contacts=[UserFactory(full_name=f"Contact {number}")])
    case = make_case("exchange", adviser=adviser, organisations=[organisation, other_organisation])
    for number in range(3):
        add(case, days_ago=number)
    plan(adviser)
    plan(adviser, CourseKind.PARTNER_TRAINING, venue="Bangkok", in_days=40)
    for number in range(3):
        remind(UserFactory(full_name=f"Person {number}"), days_ago=number)
    clients = {}
    for name, user in {"adviser": adviser, "contact": other_contact}.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return clients


def test_the_list_pages_are_valid_html(listed, tmp_path):
    adviser, contact = listed["adviser"], listed["contact"]
    organisations = reverse("partnerships:organisation_list")
    sessions = reverse("training:sessions")
    found = {
        "organisations": page(adviser, organisations),
        "organisations, page 2, sorted, filtered": page(adviser, organisations + "?kind=ngo&sort=-country&page=2"),
        "organisations, a bad filter": page(adviser, organisations + "?country=XX&kind=evil&name=org"),
        "organisations (contact)": page(contact, organisations),
        "amendments": page(adviser, reverse("amendments:queue")),
        "amendments, every state, a bad form": page(adviser, reverse("amendments:queue") + "?state=&kind=X&sort=-case"),
        "sessions": page(adviser, sessions),
        "sessions, a bad year, all": page(adviser, sessions + "?year=abc&when=all&sort=-venue"),
        "sessions (contact)": page(contact, sessions),
        "training needs": page(adviser, reverse("training:needs") + "?course=evil&sort=-name"),
        "reminders sent": page(adviser, reverse("reminders:all") + "?sort=recipient&kind=evil"),
    }
    assert "has-error" in found["organisations, a bad filter"]
    assert 'rel="prev"' in found["organisations, page 2, sorted, filtered"]
    errors = check_with_vnu({**found, "known to be broken": BROKEN}, tmp_path)
    assert [error for error in errors if error.startswith("known to be broken")], "vnu found nothing in the broken page"
    assert [error for error in errors if not error.startswith("known to be broken")] == []
