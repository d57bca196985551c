"""The list pages with downloads are valid HTML (the Nu Html Checker, as tests/test_valid_html.py
checks every other page): the participants, rounds and enrolments lists, with rows, sorted, with a
bad filter shown beside its field, and empty; for advisers and partner contacts."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import recruit
from tests.test_valid_html import BROKEN, check_with_vnu, page
from tests.training.conftest import plan
from training import services

pytestmark = pytest.mark.django_db


def test_the_list_pages_are_valid_html(adviser, organisation, other_organisation, other_contact, tmp_path):
    from django.utils import timezone

    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=90, participants=2)
    amina = recruit(leg, full_name="Amina Nakato", email="amina@example.org")
    services.enrol(plan(adviser), participant=amina, by=other_contact)
    clients = {}
    for name, user in {"adviser": adviser, "contact": other_contact}.items():
        clients[name] = Client()
        clients[name].force_login(user)
    participants = reverse("exchanges:caseload_participants")
    rounds, enrolments = reverse("exchanges:round_list"), reverse("training:enrolment_list")
    pages = {
        "participants": page(clients["adviser"], participants),
        "participants, all, sorted": page(clients["adviser"], participants + "?scope=all&sort=-departure"),
        "participants, bad filters": page(clients["adviser"], participants + "?year=x&status=nowhere"),
        "participants, none": page(clients["adviser"], participants + "?status=withdrawn"),
        "rounds": page(clients["adviser"], rounds + "?sort=state"),
        "rounds, bad filter": page(clients["adviser"], rounds + "?year=1"),
        "rounds, contact": page(clients["contact"], rounds),
        "enrolments": page(clients["adviser"], enrolments + "?sort=-name"),
        "enrolments, bad filter": page(clients["adviser"], enrolments + "?session=0"),
        "enrolments, contact": page(clients["contact"], enrolments),
        "enrolments, none": page(clients["contact"], enrolments + "?state=missed"),
        "training": page(clients["adviser"], reverse("training:sessions")),
        "case": page(clients["adviser"], case.get_absolute_url()),
    }
    assert "Amina Nakato" in pages["participants"] and "Amina Nakato" in pages["enrolments, contact"]
    errors = check_with_vnu({**pages, "known to be broken": BROKEN}, tmp_path)
    broken = [error for error in errors if error.startswith("known to be broken: ")]
    assert len(broken) == 1, f"vnu did not report the known error: {errors}"
    errors.remove(broken[0])
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
