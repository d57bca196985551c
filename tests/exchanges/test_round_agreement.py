"""The round agreement (C01 activities and contribution, C02 budget by line with the activity
cap), on the round page and as a PDF."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from exchanges import services
from exchanges.models import BudgetLine, RoundBudgetLine
from norec.core.fsm import TransitionRefused
from norec.core.models import OutboxMessage
from tests.exchanges.rounds_now import case_with_current_round
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
    assert saved.budget == Decimal("400000")  # the agreement's budget for the round stays the ceiling
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


OVER = (
    "The budget lines add up to NOK 410,000.00, more than the NOK 400,000.00 the collaboration agreement gives round 1."
)


def test_the_lines_stay_within_the_budget_the_agreement_gives_the_round(round_one, contact):
    """Round 1 has NOK 400,000 in the signed agreement: C02's lines may not add up to more."""
    planned = {"housing": Decimal("300000"), "travel": Decimal("100000"), "activities": Decimal("10000")}
    with pytest.raises(ValidationError) as refused:
        services.set_round_agreement(round_one, activities="A.", contribution="B.", planned=planned, by=contact)
    assert refused.value.messages == [f"{OVER} Lower the lines, or ask your programme adviser about an amendment."]
    assert not RoundBudgetLine.objects.filter(exchange_round=round_one).exists()
    services.set_round_agreement(
        round_one, activities="A.", contribution="B.", planned={**planned, "travel": Decimal("90000")}, by=contact
    )


BUDGET_WITHIN = {**BUDGET, "activities": Decimal(0)}


def test_lines_over_the_ceiling_stored_before_it_are_not_approved(round_one, contact, adviser):
    """Lines stored before the ceiling was checked (the round's budget was then their sum): the
    adviser is told why she cannot approve them."""
    _complete_agreement(round_one, contact)
    RoundBudgetLine.objects.filter(exchange_round=round_one, line="housing").update(planned=Decimal("350000"))
    with pytest.raises(TransitionRefused) as refused:
        services.approve_round_agreement(round_one, by=adviser)
    assert refused.value.reasons[0].startswith(
        "The budget lines add up to NOK 410,000.00, more than the NOK 400,000.00"
    )


def test_a_budget_over_the_round_keeps_what_was_typed_and_says_the_ceiling(exchange_case, contact_client):
    url = reverse("exchanges:set_round_agreement", args=[exchange_case.pk, 1])
    data = {
        "activities": "Surveys together.",
        "contribution": "Routines.",
        "planned_housing": "300 000",
        "planned_travel": "100 000",
        "planned_activities": "10 000",
    }
    round_page = contact_client.get(reverse("exchanges:round_detail", args=[exchange_case.pk, 1])).content.decode()
    assert "The budget lines add up to at most NOK 400,000.00, the budget the collaboration agreement" in round_page
    response = contact_client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert OVER in page and "Surveys together." in page and 'value="300 000"' in page
    form = response.context["round_agreement"]["form"]
    assert [error[: len(OVER)] for error in form.non_field_errors()] == [OVER]  # the whole form's, not a line's


def test_an_approval_withdrawn_by_a_change_is_said_and_told_and_waits_for_the_adviser(
    round_one, exchange_case, contact, contact_client, adviser, adviser_client
):
    list_url = reverse("partnerships:case_list")

    def adviser_owes():
        rows = adviser_client.get(list_url, {"scope": "all"}).context["cases"]
        (row,) = [row for row in rows if row.pk == exchange_case.pk]
        return [text for text in row.waiting.owed if "round agreement" in text]

    assert adviser_owes() == []  # nothing written yet: the partners owe it
    services.set_round_agreement(round_one, activities="Surveys.", contribution="", planned=BUDGET_WITHIN, by=contact)
    assert adviser_owes() == []  # not complete: still the partners'
    _complete_agreement(round_one, contact)
    assert adviser_owes() == ["Round 1: its round agreement to approve"]
    services.approve_round_agreement(round_one, by=adviser)
    assert adviser_owes() == []
    round_url = reverse("exchanges:round_detail", args=[exchange_case.pk, 1])
    assert "Saving a change withdraws the approval" in contact_client.get(round_url).content.decode()
    told_before = OutboxMessage.objects.filter(recipient=adviser).count()
    _complete_agreement(round_one, contact)
    assert adviser_owes() == ["Round 1: its round agreement to approve"]
    mail = OutboxMessage.objects.filter(recipient=adviser).order_by("pk")
    assert mail.count() == told_before + 1
    assert mail.last().event.action == "round.agreement_reopened"
    timeline = adviser_client.get(reverse("partnerships:case_timeline", args=[exchange_case.pk])).content.decode()
    assert "Approved round agreement changed" in timeline
    assert "needs the adviser&#x27;s approval again" in timeline or "needs the adviser's approval again" in timeline


def test_a_complete_agreement_is_what_the_adviser_owes_since_it_was_saved(
    adviser, adviser_client, organisation, other_organisation
):
    """A round under way with nothing else to do: the case waits for the adviser from the save that
    made its round agreement complete, and no longer once she has approved it."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)
    list_url = reverse("partnerships:case_list")

    def waiting():
        (row,) = [row for row in adviser_client.get(list_url, {"scope": "all"}).context["cases"] if row.pk == case.pk]
        return row.waiting

    assert waiting().who != "adviser"
    exchange_round = _complete_agreement(case.agreement.rounds.get(number=1), organisation.contacts.get())
    assert (waiting().who, waiting().since) == ("adviser", exchange_round.agreement_ready_at)
    services.approve_round_agreement(exchange_round, by=adviser)
    assert waiting().who != "adviser"
