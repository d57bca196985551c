"""A mutual round is counted both ways, in the same words everywhere (issue 20, item 4).

The seeds' nurse swap sends one nurse each way at once: the case's rounds plan one participant
north → south and one south → north (tests/factories.py ROUNDS). The case page, the round page,
the collaboration agreement PDF and the round agreement PDF all say so; the pages also count the
recruited participants by direction, from the active participants of the round's legs. The PDFs
are read back with pdftotext, as a partner reads them."""

from dataclasses import replace

import pytest
from django.urls import reverse

from exchanges.models import ExchangeRound
from exchanges.selectors import with_recruited_counts
from exchanges.services import withdraw_participant
from partnerships.models import count_participants
from tests.exchanges.test_views import make_case_reach_exchange
from tests.factories import ROUNDS, OrganisationFactory, UserFactory, fill_application, make_case, make_leg, recruit
from tests.pdfs import pdf_text

MUTUAL = "1 north → south and 1 south → north"


def text_of(response) -> str:
    assert response.status_code == 200
    return " ".join(response.content.decode().split())


def round_url(case, number: int = 1) -> str:
    return reverse("exchanges:round_detail", args=[case.pk, number])


def test_the_case_page_counts_each_round_both_ways(adviser_client, exchange_case):
    page = text_of(adviser_client.get(exchange_case.get_absolute_url()))
    assert page.count(MUTUAL) == 2  # both rounds of the case


def test_the_round_page_counts_the_round_both_ways(contact_client, exchange_case):
    assert MUTUAL in text_of(contact_client.get(round_url(exchange_case)))


def test_the_agreement_pdf_counts_each_round_both_ways(contact_client, exchange_case):
    response = contact_client.get(reverse("partnerships:agreement_pdf", args=[exchange_case.pk]))
    assert response.status_code == 200
    assert pdf_text(response.content).count(MUTUAL) == 2


def test_the_round_agreement_pdf_counts_the_round_both_ways(contact_client, exchange_case):
    response = contact_client.get(reverse("exchanges:round_agreement_pdf", args=[exchange_case.pk, 1]))
    assert response.status_code == 200
    assert MUTUAL in pdf_text(response.content)


def test_the_pages_count_the_recruited_by_direction(
    adviser_client, contact_client, round_ahead, organisation, other_organisation, other_contact
):
    """Bergen (Norway) sends two on a leg north → south, one of whom withdraws before leaving: one
    is recruited that way, none the other way yet."""
    exchange_case = round_ahead.agreement.partnership
    leg = make_leg(round_ahead, home=organisation, host=other_organisation, participants=2)
    recruit(leg, full_name="Kari Nordmann", email="kari@example.org")
    leaving = recruit(leg, full_name="Ola Nordmann", email="ola@example.org")
    withdraw_participant(leaving, reason="Changed jobs.", by=leg.exchange_round.agreement.partnership.adviser)
    recruited = "1 of 1 north → south and 0 of 1 south → north recruited"
    assert recruited in text_of(adviser_client.get(exchange_case.get_absolute_url()))
    assert recruited in text_of(contact_client.get(round_url(exchange_case)))


@pytest.mark.parametrize("language", ["nb"])
def test_the_counts_read_in_the_cases_language(contact_client, exchange_case, language):
    exchange_case.language = language
    exchange_case.save(update_fields=["language"])
    response = contact_client.get(reverse("exchanges:round_agreement_pdf", args=[exchange_case.pk, 1]))
    assert "1 nord → sør og 1 sør → nord" in pdf_text(response.content)


def test_each_direction_is_copied_to_the_agreed_round_and_counted_on_its_pages(case_in, contact, contact_client):
    """Two north → south and three south → north: each number reaches its own direction."""
    case = case_in("application_started")
    fill_application(
        case.application,
        by=contact,
        rounds=[replace(ROUNDS[0], participants_north_south=2, participants_south_north=3), ROUNDS[1]],
    )
    case = make_case_reach_exchange(case, contact)
    exchange_round = case.agreement.rounds.get(number=1)
    assert (exchange_round.participants_north_south, exchange_round.participants_south_north) == (2, 3)
    assert "2 north → south and 3 south → north" in text_of(contact_client.get(round_url(case)))
    assert "2 north → south and 3 south → north" in text_of(contact_client.get(case.get_absolute_url()))


@pytest.mark.parametrize(
    ("home", "host"),
    [("NO", "UG"), ("UG", "NO"), ("UG", "ZM"), ("ZM", "UG")],
)
def test_the_recruited_are_counted_in_the_direction_their_leg_goes(db, adviser, home, host):
    """The query counts a leg's participants in the direction ExchangeLeg.direction gives it."""
    organisations = [
        OrganisationFactory(country=home, contacts=[UserFactory()]),
        OrganisationFactory(country=host, contacts=[UserFactory()]),
    ]
    case = make_case("exchange", adviser=adviser, organisations=organisations)
    leg = make_leg(case.agreement.rounds.get(number=1), home=organisations[0], host=organisations[1], participants=2)
    recruit(leg, email="first@example.org")
    recruit(leg, email="second@example.org")
    (counted,) = with_recruited_counts(ExchangeRound.objects.filter(pk=leg.exchange_round_id))
    recruited = {count.direction: count.recruited for count in count_participants(counted).directions}
    assert recruited[leg.direction] == 2
    assert sum(recruited.values()) == 2
