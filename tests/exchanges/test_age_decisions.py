"""A participant outside the main age rule (18 to 35 at departure) waits for the programme
adviser's decision: her home's "Waiting for you" and her caseload's participants list each such
participant, linked to the page where she decides, at a constant number of queries. The age is
told in SQL, with the same answers as the model's `needs_age_acceptance`."""

import sqlite3
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.db.models import DateField, Value
from django.urls import reverse

from exchanges import services
from exchanges.models import Participant
from norec.core.dates import YearsAfter
from norec.core.models import User
from tests.factories import make_case, make_leg, recruit, walk_round
from tests.test_page_queries import ADVISER_HOME_QUERIES

CASELOAD_URL = reverse("exchanges:caseload_participants")
# Birthdays around the ends of months and on 29 February, with and without a leap year ahead.
BIRTHDAYS = [date(2008, 2, 29), date(2007, 2, 28), date(2008, 3, 1), date(2008, 12, 31), date(1990, 1, 31)]
YEARS = [1, 17, 18, 35, 36]


@pytest.mark.parametrize("born", BIRTHDAYS)
def test_years_after_in_sql_is_the_models_arithmetic(adviser, born):
    """PostgreSQL (the service's database) adds years as dateutil does: 29 February falls back to
    the 28th in a year without one."""
    rows = User.objects.filter(pk=adviser.pk)
    for years in YEARS:
        later = rows.annotate(later=YearsAfter(Value(born, DateField()), years)).values_list("later", flat=True).get()
        assert later == born + relativedelta(years=years), (born, years)


@pytest.mark.parametrize("born", BIRTHDAYS)
def test_years_after_in_sqlite_is_the_models_arithmetic(born):
    """SQLite (the demo's database) runs the same template: its date() rolls 29 February over to
    1 March, so the end of the month is the bound."""
    database = sqlite3.connect(":memory:")
    for years in YEARS:
        sql, params = YearsAfter.sqlite_sql("?", [born.isoformat()], years)
        (later,) = database.execute(f"SELECT {sql}", params).fetchone()
        assert date.fromisoformat(later) == born + relativedelta(years=years), (born, years)


@pytest.fixture
def recruiting_leg(round_ahead, organisation, other_organisation):
    leg = make_leg(round_ahead, home=other_organisation, host=organisation, participants=50, months=12)
    walk_round(round_ahead, "start_recruiting")
    return leg


def born_for(leg, age: int, days: int = 0) -> date:
    """A date of birth that makes the participant `age` at the leg's departure (`days` earlier)."""
    return leg.departure - relativedelta(years=age) - relativedelta(days=days)


def test_the_sql_tells_the_same_participants_as_the_model(recruiting_leg):
    for number, (age, days) in enumerate([(17, 0), (18, -1), (18, 0), (35, 0), (35, 364), (36, 0), (25, 0)]):
        recruit(
            recruiting_leg,
            full_name=f"Person {number}",
            email=f"p{number}@example.org",
            date_of_birth=born_for(recruiting_leg, age, days),
        )
    pending = set(Participant.objects.filter(Participant.awaiting_age_decision()).values_list("pk", flat=True))
    by_model = {p.pk for p in Participant.objects.select_related("leg") if p.needs_age_acceptance}
    assert pending == by_model
    assert sorted(Participant.objects.filter(pk__in=pending).values_list("full_name", flat=True)) == [
        "Person 0",  # 17
        "Person 1",  # 18 the day after the departure
        "Person 5",  # 36 on the day (the day before, 35: Person 4)
    ]


def test_the_caseload_lists_each_age_to_decide_with_a_link(adviser_client, adviser, recruiting_leg):
    young = recruit(recruiting_leg, full_name="Anjali Thomas", date_of_birth=born_for(recruiting_leg, 17))
    accepted = recruit(
        recruiting_leg, full_name="Ben Accepted", email="ben@example.org", date_of_birth=born_for(recruiting_leg, 17)
    )
    services.accept_age(accepted, reason="A trainee nurse, 18 a month later.", by=adviser)
    recruit(
        recruiting_leg, full_name="Carla Within", email="carla@example.org", date_of_birth=born_for(recruiting_leg, 25)
    )
    other_case = make_case("exchange", name="Not hers")  # another adviser's case: not listed
    # The panels above the list of every participant (which lists them all).
    content = adviser_client.get(CASELOAD_URL).content.decode().split('id="list-heading"')[0]
    assert "1 age to decide" in content
    link = reverse("exchanges:participant_detail", args=[young.pk])
    assert f'<a class="ds-link" href="{link}#age-decision">Anjali Thomas</a>' in content
    assert "17 at departure" in content
    assert "Ben Accepted" not in content and "Carla Within" not in content and other_case.name not in content


def test_the_link_leads_to_the_decision(adviser_client, recruiting_leg):
    young = recruit(recruiting_leg, full_name="Anjali Thomas", date_of_birth=born_for(recruiting_leg, 17))
    page = adviser_client.get(reverse("exchanges:participant_detail", args=[young.pk])).content.decode()
    assert 'id="age-decision"' in page and "Accept the exception" in page


def test_the_home_lists_them_under_waiting_for_you(adviser_client, recruiting_leg):
    young = recruit(recruiting_leg, full_name="Anjali Thomas", date_of_birth=born_for(recruiting_leg, 17))
    content = adviser_client.get(reverse("home")).content.decode()
    waiting = content.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    link = reverse("exchanges:participant_detail", args=[young.pk])
    assert f'<a class="ds-link" href="{link}#age-decision">Anjali Thomas</a>' in waiting
    assert "Nothing waits for you" not in waiting


def test_a_partner_contacts_home_has_no_such_list(contact_client, recruiting_leg):
    recruit(recruiting_leg, full_name="Anjali Thomas", date_of_birth=born_for(recruiting_leg, 17))
    assert "age to decide" not in contact_client.get(reverse("home")).content.decode()


# The session, the user, the overdue items and their count, the participants abroad and their
# count, the ages to decide (counted in the same query); the list of every participant: its filters'
# cases and countries, its count and its page: as many for 5 as for 50.
CASELOAD_QUERIES = 11
# The adviser's home (tests/test_page_queries.py ADVISER_HOME_QUERIES, with the ages to decide); what
# the case in its exchange owes is kept on the case (partnerships.waiting_state): no query more.
HOME_QUERIES = ADVISER_HOME_QUERIES


@pytest.mark.parametrize("count", [5, 50])
def test_the_lists_stay_at_a_constant_number_of_queries(
    count, adviser_client, recruiting_leg, django_assert_num_queries
):
    for number in range(count):
        recruit(
            recruiting_leg,
            full_name=f"Person {number:02}",
            email=f"p{number}@example.org",
            date_of_birth=born_for(recruiting_leg, 17 if number % 2 else 36),
        )
    with django_assert_num_queries(CASELOAD_QUERIES):
        content = adviser_client.get(CASELOAD_URL).content.decode()
    assert f"{count} ages to decide" in content
    assert content.count("#age-decision") == min(count, 20)
    with django_assert_num_queries(HOME_QUERIES):
        content = adviser_client.get(reverse("home")).content.decode()
    assert content.count("#age-decision") == min(count, 10)
    assert f"{count} ages to decide" in content
