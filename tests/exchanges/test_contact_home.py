"""A partner contact's home says what to do: what waits for their organisation (the checklist
items it is responsible for, overdue first, and the round reports due) and their participants by
round, each with their overdue items and the next one due; in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from exchanges.services import withdraw_participant
from norec.core.dates import long_date
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import approve_agreement, make_case, recruit, recruit_the_other_way, walk_round
from tests.test_page_queries import CONTACT_HOME_QUERIES

HOME = reverse("home")
PLACEHOLDER = "Participants, checklists and amendments will appear here"


@pytest.fixture
def amina(adviser, organisation, other_organisation):
    """Kampala (Olga) sends Amina to Bergen (Chris), departing in 20 days."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    return recruit(leg_departing(case, home=other_organisation, host=organisation, today=today))


def test_the_sending_organisation_sees_its_items_and_its_participant(other_contact_client, amina):
    response = other_contact_client.get(HOME)
    exchanges = response.context["exchanges"]
    assert [(item.participant, item.title, item.overdue) for item in exchanges.items] == [
        ("Amina Nakato", "Enrolled in Training 1", True),
        ("Amina Nakato", "Work contract", True),
        ("Amina Nakato", "Travel booked", True),
    ]
    assert exchanges.reports == []
    (round_row,) = exchanges.rounds
    assert (round_row.case_name, round_row.number, round_row.state_label) == ("Young nurses exchange", 1, "Planned")
    (person,) = round_row.participants
    insurance = amina.checklist.get(title="Travel and health insurance")
    assert (person.name, person.overdue, person.next_title, person.next_due) == (
        "Amina Nakato",
        5,  # hers, the host's and her own: everything due 21 days or more before departure
        "Travel and health insurance",
        insurance.due_on,
    )
    content = response.content.decode()
    assert PLACEHOLDER not in content
    work_contract = amina.checklist.get(title="Work contract")
    detail = reverse("exchanges:participant_detail", args=[amina.pk])
    assert f'href="{detail}#item-{work_contract.pk}">Amina Nakato: Work contract</a>' in content
    assert '<strong class="overdue-count">5</strong>' in content
    assert f"Travel and health insurance, {long_date(insurance.due_on)}" in content
    assert content.index("What waits for you") < content.index("Your participants") < content.index("Your partnerships")


def test_the_host_sees_its_own_items_overdue_first(contact_client, amina):
    exchanges = contact_client.get(HOME).context["exchanges"]
    today = timezone.localdate()
    assert [(item.title, item.due_on - today) for item in exchanges.items] == [
        ("Work permit", timedelta(days=-25)),
        ("Housing arranged", timedelta(days=6)),
        ("Colleagues prepared to receive the participant", timedelta(days=13)),
        ("Plan for professional and social inclusion", timedelta(days=13)),
        ("Introduction to the workplace and the home", timedelta(days=27)),
    ]
    assert [item.overdue for item in exchanges.items] == [True, False, False, False, False]


def test_reports_due_wait_for_the_partners(contact_client, adviser, organisation, other_organisation):
    make_case("follow_up", name="Clean water", adviser=adviser, organisations=[organisation, other_organisation])
    response = contact_client.get(HOME)
    reports = response.context["exchanges"].reports
    assert [(report.round, report.kind_label, report.due_on.isoformat(), report.overdue) for report in reports] == [
        ("Clean water, round 1", "Results report (C06)", "2026-01-20", True),
        ("Clean water, round 1", "Financial report (C04)", "2026-04-20", True),
        ("Clean water, round 2", "Results report (C06)", "2026-08-31", True),
        ("Clean water, round 2", "Financial report (C04)", "2026-11-30", True),
    ]
    assert 'href="/cases/' in response.content.decode() and "/rounds/1/#reports" in response.content.decode()


def test_nothing_waiting_is_said(contact_client, organisation, other_organisation, adviser):
    make_case("exchange", adviser=adviser, organisations=[organisation, other_organisation])
    content = contact_client.get(HOME).content.decode()
    assert "Nothing waits for your organisations" in content
    assert PLACEHOLDER not in content


def test_partnerships_waiting_for_the_partners_are_listed_first(
    contact_client, organisation, other_organisation, adviser
):
    pre_study = make_case(
        "pre_study", name="Midwives", adviser=adviser, organisations=[organisation, other_organisation]
    )
    draft = make_case(
        "application_draft", name="Nurses", adviser=adviser, organisations=[organisation, other_organisation]
    )
    make_case(
        "application_submitted", name="Surgeons", adviser=adviser, organisations=[organisation, other_organisation]
    )
    response = contact_client.get(HOME)
    content = response.content.decode()
    todo = content[content.index("What waits for you") : content.index("Your participants")]
    assert "Nothing waits for your organisations" not in content
    assert "Partnerships waiting for the partners" in todo
    assert f'<a class="ds-link" href="/cases/{pre_study.pk}/">Midwives</a> · Pre-study under way' in todo
    assert "Missing: a seminar representative of Bergen Health Trust" in todo
    assert f'<a class="ds-link" href="/cases/{draft.pk}/">Nurses</a> · Application being drafted' in todo
    assert "Surgeons" not in todo  # it waits for the adviser
    # What the sentence says is true: it speaks of checklist items and round reports only.
    assert (
        "None of your organisations' checklist items is overdue or due within 30 days, and no round report is due."
        in todo
    )
    assert "None of your partnerships has an exchange round under way." in content


def test_another_organisations_contact_sees_none_of_it(outsider_client, amina):
    response = outsider_client.get(HOME)
    assert response.context["exchanges"].rounds == [] and response.context["exchanges"].items == []
    assert "Amina Nakato" not in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_the_contacts_home_makes_a_fixed_number_of_queries(
    count, adviser, organisation, other_organisation, other_contact_client, django_assert_num_queries
):
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, participants=count)
    for number in range(count):
        recruit(leg, full_name=f"Person {number:02d}", email=f"p{number}@example.org")
    # CONTACT_HOME_QUERIES, then: the places left on their legs, their participants, their items
    # (who owes what in their cases is kept on each case: partnerships.waiting_state).
    with django_assert_num_queries(CONTACT_HOME_QUERIES + 3):
        response = other_contact_client.get(HOME)
    content = response.content.decode()
    assert content.count('<strong class="overdue-count">5</strong>') == count
    assert len(response.context["exchanges"].items) == min(3 * count, 20)
    assert response.context["exchanges"].more_items == (3 * count > 20)


def test_the_home_speaks_bokmal(other_contact, other_contact_client, amina):
    other_contact.preferred_language = "nb"
    other_contact.save(update_fields=["preferred_language"])
    content = other_contact_client.get(HOME).content.decode()
    assert "Dette venter på deg" in content and "Deltakerne dine" in content
    assert "Amina Nakato: Arbeidskontrakt" in content  # the programme's items are in the catalogue


@pytest.mark.parametrize(("departs_in", "shown"), [(37, True), (38, False)])
def test_items_due_within_thirty_days_wait_too(
    contact_client, adviser, organisation, other_organisation, departs_in, shown
):
    """ "Colleagues prepared" is due 7 days before departure: in 30 days, or in 31."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    recruit(leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=departs_in))
    items = contact_client.get(HOME).context["exchanges"].items
    assert ("Colleagues prepared to receive the participant" in [item.title for item in items]) == shown


def test_an_item_due_today_is_due_not_overdue(other_contact_client, adviser, organisation, other_organisation):
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    recruit(leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=30))
    items = other_contact_client.get(HOME).context["exchanges"].items
    assert [(item.title, item.due_on == today, item.overdue) for item in items] == [
        ("Enrolled in Training 1", False, True),
        ("Work contract", False, True),
        ("Travel booked", True, False),
    ]


def test_a_contact_sees_the_participants_their_organisation_sends_or_hosts(
    contact_client, adviser, organisation, other_organisation
):
    """Three partners: Kampala sends one person to Bergen and one to Gulu; Bergen's contact sees
    the one it hosts, not the one between Kampala and Gulu."""
    from tests.factories import OrganisationFactory

    today = timezone.localdate()
    gulu = OrganisationFactory(name="Gulu Trust", country="UG", with_contact=True)
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation, gulu], today=today)
    recruit(leg_departing(case, home=other_organisation, host=organisation, today=today))
    recruit(leg_departing(case, home=other_organisation, host=gulu, today=today), full_name="Peter Okello")
    (round_row,) = contact_client.get(HOME).context["exchanges"].rounds
    assert [person.name for person in round_row.participants] == ["Amina Nakato"]


def test_the_places_left_to_recruit_wait_for_the_sending_organisation(
    adviser, organisation, other_organisation, other_contact, other_contact_client, contact_client
):
    """Kampala's leg plans two and has one: its contact is pointed to the leg; Bergen, which only
    hosts it, is not."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, participants=2)
    recruit(leg)
    places = other_contact_client.get(HOME).context["exchanges"].places
    assert [(place.text, place.round, place.url) for place in places] == [
        (
            "Recruit 1 participant for Kampala Youth Network → Bergen Health Trust",
            "Young nurses exchange, round 1",
            f"/cases/{case.pk}/rounds/1/#legs-heading",
        )
    ]
    assert contact_client.get(HOME).context["exchanges"].places == []
    recruit(leg, full_name="Peter Okello", email="peter@example.org")
    assert other_contact_client.get(HOME).context["exchanges"].places == []


def test_no_place_is_offered_once_the_round_has_left(
    adviser, organisation, other_organisation, other_contact, other_contact_client
):
    """Someone withdrew abroad: their place is not recruited again (a change goes through C05)."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=-30)
    walk_round(leg.exchange_round, "start_recruiting")
    amina = recruit(leg)
    recruit_the_other_way(leg)
    approve_agreement(leg.exchange_round)
    walk_round(leg.exchange_round, "start_preparing", "depart")
    withdraw_participant(amina, reason="Went home for good.", by=other_contact)
    assert other_contact_client.get(HOME).context["exchanges"].places == []
