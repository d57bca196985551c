"""The round agreement (C01 activities and contribution, C02 budget by line with the activity
cap), on the round page and as a PDF."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from exchanges import services
from exchanges.models import BudgetLine, RoundBudgetLine
from norec.core.fsm import TransitionRefused
from tests.partnerships.helpers import messages_of
from tests.pdf import pdf_text

BUDGET = {line: Decimal("10000") for line in BudgetLine.values}  # activities: 10000 of 60000 > 10 %


@pytest.fixture
def round_one(exchange_case):
    return exchange_case.agreement.rounds.get(number=1)


def test_the_budget_keeps_activities_within_the_cap(round_one, contact):
    with pytest.raises(ValidationError) as refused:
        services.set_round_agreement(round_one, activities="", contribution="", planned=BUDGET, by=contact)
    assert refused.value.messages == [
        "Participant activities (10000) may be at most 10 % of the participant-related costs (6000.00)."
    ]
    planned = {**BUDGET, "activities": Decimal("5000")}
    saved = services.set_round_agreement(
        round_one, activities="Joint field surveys.", contribution="Shared routines.", planned=planned, by=contact
    )
    assert saved.budget == Decimal("75000")
    assert RoundBudgetLine.objects.get(exchange_round=round_one, line="activities").planned == Decimal("5000")


def test_the_agreement_is_fixed_once_the_participants_are_prepared(follow_up_case, contact):
    exchange_round = follow_up_case.agreement.rounds.get(number=1)
    with pytest.raises(TransitionRefused) as refused:
        services.set_round_agreement(exchange_round, activities="", contribution="", planned={}, by=contact)
    assert refused.value.reasons == [
        "The budget of round 1 is set before its participants are prepared; it is “Follow-up”."
    ]


def test_a_contact_saves_the_agreement_and_a_cap_error_keeps_what_was_typed(exchange_case, contact_client):
    url = reverse("exchanges:set_round_agreement", args=[exchange_case.pk, 1])
    data = {
        "activities": "Surveys together.",
        "contribution": "Routines.",
        **{f"planned_{k}": "10 000" for k in BUDGET},
    }
    response = contact_client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "may be at most 10 %" in page and "Surveys together." in page and 'value="10 000"' in page
    data["planned_activities"] = "5 000 kr"
    response = contact_client.post(url, data)
    assert messages_of(response) == ["The round agreement of round 1 is saved."]
    round_page = contact_client.get(reverse("exchanges:round_detail", args=[exchange_case.pk, 1])).content.decode()
    assert "Surveys together." in round_page and "NOK 75,000.00" in round_page


def test_the_round_agreement_pdf(exchange_case, contact, adviser_client):
    services.set_round_agreement(
        exchange_case.agreement.rounds.get(number=1),
        activities="Joint field surveys.",
        contribution="Shared routines.",
        planned={**BUDGET, "activities": Decimal(0)},
        by=contact,
    )
    response = adviser_client.get(reverse("exchanges:round_agreement_pdf", args=[exchange_case.pk, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "Round agreement Young nurses exchange · Round 1" in text
    assert "Joint field surveys." in text and "Shared routines." in text
    assert "Housing and utilities NOK 10,000.00" in text and "Total NOK 70,000.00" in text


def _complete_agreement(exchange_round, contact):
    return services.set_round_agreement(
        exchange_round,
        activities="Joint field surveys.",
        contribution="Shared routines.",
        planned={**BUDGET, "activities": Decimal(0)},
        by=contact,
    )


def test_the_adviser_approves_a_complete_agreement_and_a_change_asks_again(round_one, contact, adviser):
    with pytest.raises(TransitionRefused) as refused:
        services.approve_round_agreement(round_one, by=adviser)
    assert refused.value.reasons == [
        "Describe what the participants will do.",
        "Describe how the round serves the expected results.",
        "Give the round's budget by line.",
    ]
    _complete_agreement(round_one, contact)
    with pytest.raises(TransitionRefused) as refused:
        services.approve_round_agreement(round_one, by=contact)
    assert refused.value.reasons == ["Only the partnership's programme adviser may do this."]
    approved = services.approve_round_agreement(round_one, by=adviser)
    assert (approved.agreement_approved_by, approved.agreement_approved_at is not None) == (adviser, True)
    changed = _complete_agreement(round_one, contact)
    assert changed.agreement_approved_at is None  # what was approved changed


def test_approving_through_the_round_page(exchange_case, contact, adviser_client, contact_client):
    _complete_agreement(exchange_case.agreement.rounds.get(number=1), contact)
    url = reverse("exchanges:approve_round_agreement", args=[exchange_case.pk, 1])
    round_url = reverse("exchanges:round_detail", args=[exchange_case.pk, 1])
    assert url in adviser_client.get(round_url).content.decode()
    assert url not in contact_client.get(round_url).content.decode()
    response = adviser_client.post(url)
    assert messages_of(response) == ["The round agreement of round 1 is approved. The partners have been told."]
    assert "by Ada Adviser on" in contact_client.get(round_url).content.decode()
