"""Money is written with thousands separators in both languages, wherever it is shown; country
names read as people know them ("Nauru", not the ISO list's "Naoero")."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation
from django_countries.fields import Country

from tests.factories import make_leg, recruit


@pytest.fixture
def participant(exchange_case, organisation, other_organisation):
    exchange_round = exchange_case.agreement.rounds.get(number=1)
    leg = make_leg(exchange_round, home=other_organisation, host=organisation, participants=2)  # a place left
    return recruit(leg, allowance_amount=Decimal("25000.00"), allowance_currency="NOK")


def test_the_allowance_has_thousands_separators(participant, adviser, adviser_client):
    page = reverse("exchanges:participant_detail", args=[participant.pk])
    assert "NOK 25,000.00" in adviser_client.get(page).content.decode()
    adviser.preferred_language = "nb"
    adviser.save(update_fields=["preferred_language"])
    assert "NOK 25\xa0000,00" in adviser_client.get(page).content.decode()


@pytest.mark.parametrize(
    ("code", "english", "bokmal"),
    [
        ("NR", "Nauru", "Nauru"),
        ("NL", "Netherlands", "Nederland"),
        ("BS", "Bahamas", "Bahamas"),
        ("SB", "Solomon Islands", "Salomonøyene"),
    ],
)
def test_country_names_read_as_people_know_them(code, english, bokmal):
    with translation.override("en"):
        assert Country(code).name == english
    with translation.override("nb"):
        assert Country(code).name == bokmal


def test_the_nationality_list_says_nauru(participant, other_contact_client):
    leg = participant.leg
    case = leg.exchange_round.agreement.partnership
    form = other_contact_client.get(reverse("exchanges:recruit", args=[case.pk, 1, leg.pk])).content.decode()
    assert ">Nauru<" in form
    assert "Naoero" not in form
