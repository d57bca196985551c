"""What a case in its exchange waits for, and from whom (exchanges.selectors.waiting, registered
with partnerships.hooks): overdue checklist items by the party responsible, round reports due,
and what the adviser has to do; in the case list, sorted by waiting time, at a fixed number of
queries."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exchanges.models import ReportKind
from exchanges.services import complete_item, mark_round_exchange_done, submit_round_report
from norec.core.dates import long_date
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import contact_of, make_case, pdf_upload, recruit, reload
from tests.test_page_queries import CASE_LIST_QUERIES

LIST = reverse("partnerships:case_list")


def waiting_of(client, case_name):
    response = client.get(LIST, {"scope": "all"})
    (row,) = [row for row in response.context["cases"] if row.name == case_name]
    return row.waiting


@pytest.fixture
def amina(adviser, organisation, other_organisation):
    """Kampala (Olga) sends Amina to Bergen (Chris), departing in 20 days: the items due 21 or
    more days before departure are overdue (three of Kampala's, Bergen's work permit, her visa)."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    return recruit(leg_departing(case, home=other_organisation, host=organisation, today=today))


def test_overdue_items_wait_for_whoever_is_responsible(adviser_client, amina, other_contact, contact):
    case = amina.partnership
    waiting = waiting_of(adviser_client, case.name)
    assert (waiting.who, waiting.summary) == ("partners", "Exchange under way")
    assert waiting.owed == [
        "Bergen Health Trust: 1 overdue checklist item",
        "Kampala Youth Network: 3 overdue checklist items",
        "Participants: 1 overdue checklist item",
    ]
    assert waiting.since_display == long_date(amina.checklist.get(title="Enrolled in Training 1").due_on)

    # The organisations do their part: only the participant's visa is left.
    for title, by in [
        ("Enrolled in Training 1", other_contact),
        ("Work contract", other_contact),
        ("Travel booked", other_contact),
        ("Work permit", contact),
    ]:
        complete_item(amina.checklist.get(title=title), by=by, document=pdf_upload())
    waiting = waiting_of(adviser_client, case.name)
    assert (waiting.who, waiting.owed) == ("participants", ["Participants: 1 overdue checklist item"])
    assert waiting.since_display == long_date(amina.checklist.get(title="Visa").due_on)
    content = adviser_client.get(LIST, {"scope": "all"}).content.decode()
    assert "Waiting for the participants since" in content
    assert "<li>Participants: 1 overdue checklist item</li>" in content


def test_a_mutual_round_counts_each_organisation_once_per_item(adviser_client, amina, organisation, other_organisation):
    """One leg each way: Bergen now sends too (three overdue items) and hosts nothing; each row of
    the page's query is a leg, and no item is counted twice."""
    back = leg_departing(amina.partnership, home=organisation, host=other_organisation, today=timezone.localdate())
    recruit(back, full_name="Ola Nordmann", email="ola@example.org")
    assert waiting_of(adviser_client, amina.partnership.name).owed == [
        "Bergen Health Trust: 4 overdue checklist items",
        "Kampala Youth Network: 4 overdue checklist items",
        "Participants: 2 overdue checklist items",
    ]


def test_nothing_overdue_is_said_not_nobody(adviser_client, adviser, organisation, other_organisation):
    case = case_with_current_round(
        adviser=adviser, organisations=[organisation, other_organisation], today=timezone.localdate()
    )
    waiting = waiting_of(adviser_client, case.name)
    assert (waiting.who, waiting.who_text, waiting.owed) == ("", "Nothing is overdue", [])
    assert waiting.since_display == ""


def test_rounds_to_mark_done_and_reports_wait_for_the_adviser_and_the_partners(adviser_client, exchange_case):
    """The factories' rounds ended on 20 December 2025 and 31 July 2026."""
    adviser = exchange_case.adviser
    waiting = waiting_of(adviser_client, exchange_case.name)
    assert waiting.who == "adviser" and waiting.since_iso.startswith("2025-12-20")
    assert waiting.owed == [
        "Round 1 ended on 20 December 2025: its exchange to mark done",
        "Round 2 ended on 31 July 2026: its exchange to mark done",
    ]

    round_1 = exchange_case.agreement.rounds.get(number=1)
    mark_round_exchange_done(round_1, by=adviser)
    waiting = waiting_of(adviser_client, exchange_case.name)
    assert waiting.who == "adviser" and waiting.since_iso.startswith("2026-07-31")
    assert waiting.owed == [
        "Round 2 ended on 31 July 2026: its exchange to mark done",
        "Round 1: Results report (C06) overdue since 20 January 2026",
        "Round 1: Financial report (C04) overdue since 20 April 2026",
    ]

    contact = contact_of(exchange_case.coordinating_organisation)
    submit_round_report(round_1, kind=ReportKind.RESULTS, text="What the round did.", by=contact)
    mark_round_exchange_done(exchange_case.agreement.rounds.get(number=2), by=adviser)
    assert reload(exchange_case).phase == "follow_up"
    waiting = waiting_of(adviser_client, exchange_case.name)
    assert (waiting.who, waiting.summary) == ("adviser", "Final report to submit")
    assert waiting.owed[0] == "Round 1: Results report (C06) to decide"
    assert "Round 1: Financial report (C04) overdue since 20 April 2026" in waiting.owed
    assert "Round 2: Results report (C06) due 31 August 2026" not in waiting.owed  # 31 August is past
    assert "Round 2: Results report (C06) overdue since 31 August 2026" in waiting.owed
    home = adviser_client.get(reverse("home"))
    assert [row.name for row in home.context["waiting"]] == [exchange_case.name]


def test_the_exchange_sorts_by_its_wait(adviser_client, adviser, amina):
    old_submission = make_case("application_submitted", name="Submitted today", adviser=adviser)
    names = [row.name for row in adviser_client.get(LIST, {"sort": "waiting"}).context["cases"]]
    assert names == [amina.partnership.name, old_submission.name]  # overdue for 40 days, then today
    names = [row.name for row in adviser_client.get(LIST, {"sort": "-waiting"}).context["cases"]]
    assert names == [old_submission.name, amina.partnership.name]


@pytest.mark.parametrize("rows", [5, 50])
def test_the_case_list_asks_nothing_more_for_the_exchanges(
    adviser_client, adviser, organisation, other_organisation, django_assert_num_queries, rows, amina
):
    for number in range(rows - 1):
        make_case("exchange", name=f"Exchange {number:02d}", adviser=adviser)
    # Who owes what is kept on each case (partnerships.waiting_state) when it changes: the page
    # asks the sources nothing (it asked each app that registers one once per page).
    with django_assert_num_queries(CASE_LIST_QUERIES):
        response = adviser_client.get(LIST, {"scope": "all", "sort": "waiting"})
    content = response.content.decode()
    assert content.count('<th scope="row"') == rows
    assert content.count("Exchange under way") == rows
    assert content.count(": its exchange to mark done</li>") == 2 * (rows - 1)
    assert "<li>Kampala Youth Network: 3 overdue checklist items</li>" in content


def test_it_is_said_in_the_readers_language(exchange_case, adviser):
    adviser.preferred_language = "nb"
    adviser.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(adviser)
    waiting = waiting_of(client, exchange_case.name)
    assert (waiting.summary, waiting.who_text) == ("Utveksling pågår", "Venter på programrådgiveren")
    assert waiting.owed[0] == "Runde 1 sluttet 20. desember 2025: utvekslingen skal markeres som ferdig"


def test_an_item_due_today_is_not_overdue_yet(adviser_client, adviser, organisation, other_organisation):
    """Departing in 21 days: the visa (21 days before) is due today, Travel booked (30) overdue."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    amina = recruit(leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=21))
    assert amina.checklist.get(title="Visa").due_on == today
    assert waiting_of(adviser_client, case.name).owed == [
        "Bergen Health Trust: 1 overdue checklist item",
        "Kampala Youth Network: 3 overdue checklist items",
    ]


@pytest.mark.parametrize(("ends_in", "waits"), [(0, True), (1, False)])
def test_a_round_waits_for_the_adviser_from_its_last_day(adviser_client, adviser, organisation, ends_in, waits):
    """Its exchange can be marked done from its planned end (exchanges.models.round_period_over)."""
    from tests.factories import OrganisationFactory

    today = timezone.localdate()
    other = OrganisationFactory(name="Gulu Trust", country="UG", with_contact=True)
    ends = today + timedelta(days=ends_in)
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other], today=today, ends=ends)
    waiting = waiting_of(adviser_client, case.name)
    assert (waiting.who == "adviser") == waits
    line = f"Round 1 ended on {long_date(ends)}: its exchange to mark done"
    assert (waiting.owed == [line]) == waits
