"""The case page's "What you can do" points a partner contact to what their organisations owe in the
case's rounds: participants left to recruit on their legs, their overdue checklist items and the
round reports due, each a link to its round page; in as many queries with 50 participants as with 5."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from exchanges.models import ReportKind
from exchanges.services import submit_round_report
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import make_case, recruit
from tests.partnerships.helpers import url
from tests.partnerships.test_case_page_queries import CASE_PAGE_MAX_QUERIES


def what_you_can_do(response) -> list[str]:
    """The entries of the page's "What you can do", as text with each link's address."""
    assert response.status_code == 200
    section = re.search(r'<section[^>]*id="actions".*?</section>', response.content.decode(), re.DOTALL).group(0)
    entries = re.findall(r'<li><a class="ds-link" href="([^"]*)">(.*?)</a></li>', section)
    return [f"{text} → {href}" for href, text in entries]


@pytest.fixture
def round_under_way(adviser, organisation, other_organisation):
    """Round 1 of Bergen (Chris) and Kampala (Olga): Kampala sends Amina to Bergen, departing in 20
    days, so items of both are overdue; Bergen's leg to Kampala has two places nobody has taken."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    recruit(leg_departing(case, home=other_organisation, host=organisation, today=today))
    leg_departing(case, home=organisation, host=other_organisation, today=today, participants=2)
    return case


def test_a_contact_is_pointed_to_what_their_organisation_owes_in_the_rounds(contact_client, round_under_way):
    round_page = f"/cases/{round_under_way.pk}/rounds/1/"
    assert what_you_can_do(contact_client.get(url("case_detail", round_under_way))) == [
        f"Round 1: recruit 2 participants for Bergen Health Trust → Kampala Youth Network → {round_page}#legs-heading",
        f"Round 1: 1 overdue checklist item of Bergen Health Trust → {round_page}#matrix-heading",
        "Add a comment to the timeline → #comment-text",
    ]


def test_the_sending_organisations_contact_sees_its_own(other_contact_client, round_under_way):
    round_page = f"/cases/{round_under_way.pk}/rounds/1/"
    assert what_you_can_do(other_contact_client.get(url("case_detail", round_under_way))) == [
        f"Round 1: 3 overdue checklist items of Kampala Youth Network → {round_page}#matrix-heading",
        "Add a comment to the timeline → #comment-text",
    ]


def test_the_adviser_owes_none_of_it(adviser_client, round_under_way):
    entries = what_you_can_do(adviser_client.get(url("case_detail", round_under_way)))
    assert not [entry for entry in entries if "overdue" in entry or "recruit" in entry]


def test_reports_due_are_pointed_to_until_submitted(contact, contact_client, adviser, organisation, other_organisation):
    case = make_case("follow_up", adviser=adviser, organisations=[organisation, other_organisation])
    submit_round_report(case.agreement.rounds.get(number=2), kind=ReportKind.RESULTS, text="Done.", by=contact)
    reports = [
        entry for entry in what_you_can_do(contact_client.get(url("case_detail", case))) if entry.startswith("Round")
    ]
    assert reports == [
        f"Round 1: Results report (C06) overdue since 20 January 2026 → /cases/{case.pk}/rounds/1/#reports",
        f"Round 1: Financial report (C04) overdue since 20 April 2026 → /cases/{case.pk}/rounds/1/#reports",
        f"Round 2: Financial report (C04) overdue since 30 November 2026 → /cases/{case.pk}/rounds/2/#reports",
    ]


def test_it_reads_in_bokmal(contact, contact_client, round_under_way):
    contact.preferred_language = "nb"
    contact.save(update_fields=["preferred_language"])
    entries = what_you_can_do(contact_client.get(url("case_detail", round_under_way)))
    assert entries[0].startswith("Runde 1: rekrutter 2 deltakere for Bergen Health Trust → Kampala Youth Network")
    assert entries[1].startswith("Runde 1: 1 forsinket sjekklistepunkt for Bergen Health Trust")


@pytest.mark.parametrize("who", ["contact", "other_contact"])
def test_the_case_page_makes_as_many_queries_with_50_participants_as_with_5(
    request, who, adviser, organisation, other_organisation
):
    today = timezone.localdate()
    counts = []
    for people in (5, 50):
        case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
        leg = leg_departing(case, home=other_organisation, host=organisation, today=today, participants=people)
        for number in range(people):
            recruit(leg, full_name=f"Person {number:02d}", email=f"p{people}-{number}@example.org")
        client = request.getfixturevalue(f"{who}_client")
        with CaptureQueriesContext(connection) as queries:
            entries = what_you_can_do(client.get(url("case_detail", case)))
        assert any(f"{3 * people if who == 'other_contact' else people} overdue checklist items" in e for e in entries)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= CASE_PAGE_MAX_QUERIES


def test_a_contact_of_another_organisation_is_not_shown_the_case(outsider_client, round_under_way):
    assert outsider_client.get(url("case_detail", round_under_way)).status_code == 404


def test_a_case_before_its_exchange_points_to_no_round(contact_client, adviser, organisation, other_organisation):
    case = make_case("application_draft", adviser=adviser, organisations=[organisation, other_organisation])
    assert [entry.split(" → ")[0] for entry in what_you_can_do(contact_client.get(url("case_detail", case)))] == [
        "Edit the application",
        "Submit the application",
        "Add a comment to the timeline",
    ]


def test_the_adviser_is_pointed_to_her_decisions_in_the_rounds(
    adviser, adviser_client, contact, contact_client, organisation, other_organisation
):
    """The round agreement made complete for her, an age outside the main rule, a report submitted:
    each a link to where she decides it; none of them is the partners' to do."""
    from exchanges.services import set_round_agreement
    from tests.factories import ROUND_AGREEMENT

    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today)
    amina = recruit(leg, date_of_birth=leg.departure.replace(year=leg.departure.year - 40))
    set_round_agreement(case.agreement.rounds.get(number=1), **ROUND_AGREEMENT, by=contact)
    round_page = f"/cases/{case.pk}/rounds/1/"
    entries = [e for e in what_you_can_do(adviser_client.get(url("case_detail", case))) if e.startswith("Round")]
    assert entries == [
        f"Round 1: approve its round agreement → {round_page}#round-agreement",
        f"Round 1: decide on the age of Amina Nakato → /participants/{amina.pk}/",
    ]
    assert not [e for e in what_you_can_do(contact_client.get(url("case_detail", case))) if "approve" in e]
    from exchanges.services import accept_age, approve_round_agreement

    approve_round_agreement(case.agreement.rounds.get(number=1), by=adviser)
    accept_age(amina, reason="A senior nurse.", by=adviser)
    assert not [e for e in what_you_can_do(adviser_client.get(url("case_detail", case))) if e.startswith("Round")]

    partners = [organisation, other_organisation]
    follow_up = make_case("follow_up", name="Reports", adviser=adviser, organisations=partners)
    submit_round_report(follow_up.agreement.rounds.get(number=2), kind=ReportKind.RESULTS, text="Done.", by=contact)
    entries = [e for e in what_you_can_do(adviser_client.get(url("case_detail", follow_up))) if e.startswith("Round")]
    assert entries == [f"Round 2: decide on the Results report (C06) → /cases/{follow_up.pk}/rounds/2/#reports"]
    from exchanges.services import accept_round_report

    accept_round_report(follow_up.agreement.rounds.get(number=2).reports.get(), by=adviser)
    assert not [e for e in what_you_can_do(adviser_client.get(url("case_detail", follow_up))) if "decide" in e]
