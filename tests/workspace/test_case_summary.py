"""A case's summary as PDF: the agreement with its history, its rounds and participants (nothing
more of them than their round page shows), the amendments and the timeline; for those who may see
the case page; its context built in a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from amendments import services as amendments
from tests.amendments.conftest import draft_b03
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import contact_of, make_case, recruit
from tests.pdfs import pdf_text
from workspace.case_summary import case_summary_context

pytestmark = pytest.mark.django_db


def summary_url(case) -> str:
    return reverse("case_summary_pdf", args=[case.pk])


@pytest.fixture
def amended(case, adviser):
    """The case of tests/amendments (round 1 preparing, Amina and Kari recruited) with a B03 approved."""
    coordinator = contact_of(case.coordinating_organisation)
    amendment = draft_b03(case, common_goals="Safer births in both hospitals.")
    amendments.submit_amendment(amendment, by=coordinator)
    amendments.approve_amendment(amendment, reason="The goals are clearer.", by=adviser)
    return case, amendment


def test_the_context_holds_the_agreement_its_history_rounds_participants_and_timeline(amended):
    case, amendment = amended
    context = case_summary_context(case, today=timezone.localdate())
    assert context["agreement"] == case.agreement
    assert [group.amendment for group in context["changes"]] == [amendment]
    assert any("Safer births in both hospitals." in str(row.after) for row in context["changes"][0].rows)
    assert [a.reference for a in context["amendments"]] == [amendment.reference]
    (round_row,) = context["rounds"]
    assert round_row["round"].number == 1 and round_row["counts"].planned == 2
    people = {person["name"]: person for person in round_row["participants"]}
    assert set(people) == {"Amina Nakato", "Kari Nordmann"}
    amina = people["Amina Nakato"]
    assert amina["home"] == "Bergen Health Trust" and amina["host"] == "Kampala Youth Network"
    assert amina["direction"] == "North → south" and amina["departure"] < amina["returns"]
    assert people["Kari Nordmann"]["direction"] == "South → north"
    assert amina["status"] == "Taking part"
    # Only what the round page shows: no birth date, passport name's details, email, phone or allowance.
    assert set(amina) == {"name", "home", "host", "direction", "departure", "returns", "status"}
    assert context["timeline"] and not context["timeline_cut"]
    assert any(entry.what and entry.who for entry in context["timeline"])


def test_a_case_without_an_agreement_has_a_short_summary(adviser):
    early = make_case("pre_study", adviser=adviser)
    context = case_summary_context(early, today=timezone.localdate())
    assert context["agreement"] is None and context["rounds"] == [] and context["changes"] == []
    assert context["timeline"]  # the case was opened


def test_the_adviser_and_the_cases_contacts_download_it(amended, adviser_client, other_adviser_client, contact_client):
    case, amendment = amended
    for client in (adviser_client, other_adviser_client, contact_client):
        response = client.get(summary_url(case))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "Case summary" in text and case.name in text and "Amina Nakato" in text and "Kari Nordmann" in text
    assert amendment.reference in text and "Changes by amendment" in text and "Timeline" in text
    for private in ("amina@example.org", "+256 700 000000", "Grace Nakato", "9,000", "17 May 2000"):
        assert private not in text  # contact details, emergency contact, allowance, birth year


def test_others_may_not(case, outsider_client, participant_client, anonymous_client, adviser_client):
    assert outsider_client.get(summary_url(case)).status_code == 404
    assert participant_client.get(summary_url(case)).status_code == 404
    response = anonymous_client.get(summary_url(case))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert adviser_client.post(summary_url(case)).status_code == 405
    assert adviser_client.get(reverse("case_summary_pdf", args=[987654])).status_code == 404


def test_the_case_page_links_it(case, adviser_client, contact_client):
    for client in (adviser_client, contact_client):
        page = client.get(case.get_absolute_url()).content.decode()
        assert f'href="{summary_url(case)}">Download summary (PDF)</a>' in page


def _queries_for(count, adviser, organisation, other_organisation) -> int:
    today = timezone.localdate()
    current = case_with_current_round(
        adviser=adviser, organisations=[organisation, other_organisation], today=today, name=f"Case of {count}"
    )
    leg = leg_departing(current, home=other_organisation, host=organisation, today=today, participants=count)
    for number in range(count):
        recruit(leg, full_name=f"P {number:02d}", email=f"p{number}@example.org")
    with CaptureQueriesContext(connection) as captured:
        context = case_summary_context(current, today=today)
    assert len(context["rounds"][0]["participants"]) == count
    return len(captured)


@pytest.mark.parametrize("count", [5, 50])
def test_the_context_makes_a_constant_number_of_queries(count, adviser, organisation, other_organisation):
    # The partners, the adviser, the amendments, the timeline, the signatures, the history (the
    # agreement's values: five; its changes: one), the rounds with their counts, their participants.
    assert _queries_for(count, adviser, organisation, other_organisation) == 13
