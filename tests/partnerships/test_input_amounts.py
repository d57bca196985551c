"""Amounts of money are never negative and have at most two decimals (øre), in every form that
takes one, in the services and in the database. An allowance of -5 and a budget of 0.001 (read as
1 krone) were accepted."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exchanges import services as exchange_services
from exchanges.forms import ParticipantForm, RoundAgreementForm, RoundReportForm, planned_field_name
from exchanges.models import BudgetLine, RoundBudgetLine
from norec.core.limits import check_amount
from partnerships import services
from partnerships.application_forms import AmountField, parse_amount
from partnerships.models import PlannedRound
from partnerships.services import PlannedRoundData
from tests.factories import participant_data

TWO_DECIMALS = "Ensure that there are no more than 2 decimal places."
NOT_NEGATIVE = "Ensure this value is greater than or equal to 0."


class TestTyping:
    @pytest.mark.parametrize("typed", ["0.001", "0,001", "1234.567", "-0,005"])
    def test_three_decimals_are_read_as_decimals_not_thousands(self, typed):
        assert parse_amount(typed) == Decimal(typed.replace(",", "."))

    @pytest.mark.parametrize(("typed", "amount"), [("150.000", 150000), ("12 500,50", Decimal("12500.50"))])
    def test_thousands_are_still_read_as_thousands(self, typed, amount):
        assert parse_amount(typed) == amount

    def test_a_budget_of_a_tenth_of_an_ore_is_refused(self):
        field = AmountField(min_value=0, max_digits=12, decimal_places=2)
        with pytest.raises(ValidationError) as refused:
            field.clean("0.001")
        assert refused.value.messages == [TWO_DECIMALS]


@pytest.mark.django_db
class TestForms:
    def test_a_negative_allowance_is_refused(self):
        form = ParticipantForm({**participant_data(), "allowance_amount": "-5"})
        assert form.errors["allowance_amount"] == [NOT_NEGATIVE]
        assert 'min="0"' in str(form["allowance_amount"])

    def test_an_allowance_with_three_decimals_is_refused(self):
        form = ParticipantForm({**participant_data(), "allowance_amount": "9000.001"})
        assert form.errors["allowance_amount"] == [TWO_DECIMALS]

    @pytest.mark.parametrize(("typed", "error"), [("-5", NOT_NEGATIVE), ("0,001", TWO_DECIMALS)])
    def test_the_round_budget_refuses_it(self, typed, error):
        form = RoundAgreementForm({planned_field_name(BudgetLine.HOUSING): typed})
        assert form.errors[planned_field_name(BudgetLine.HOUSING)] == [error]

    def test_the_accounts_refuse_it(self):
        data = {f"actual_{line}": "100" for line in BudgetLine.values}
        data.update({"text": "Spent as planned.", "actual_travel": "0.001"})
        form = RoundReportForm(data, kind="financial", budget={})
        assert form.errors["actual_travel"] == [TWO_DECIMALS]


class TestTheServicesAndTheDatabase:
    @pytest.mark.parametrize("amount", [Decimal("-5"), Decimal("0.001"), Decimal("10000000000")])
    def test_check_amount_refuses_what_no_form_accepts(self, amount):
        with pytest.raises(ValidationError):
            check_amount(amount, label="Budget")

    def test_a_draft_with_such_a_budget_is_not_saved(self, contact, application):
        rounds = [
            PlannedRoundData(
                participants_north_south=2,
                planned_start=date(2027, 1, 10),
                planned_end=date(2027, 12, 20),
                budget=Decimal("0.001"),
            )
        ]
        with pytest.raises(ValidationError) as refused:
            services.save_application_draft(
                application,
                common_goals="",
                cooperation="",
                organisation_goals={},
                rounds=rounds,
                expected_revision=application.partnership.revision,
                by=contact,
            )
        assert refused.value.messages == ["Round 1: the budget has more than two decimals (0.001)."]
        assert not PlannedRound.objects.exists()

    def test_the_database_refuses_a_negative_budget_line(self, exchange_case, adviser):
        exchange_round = exchange_case.agreement.rounds.get(number=1)
        exchange_services.set_round_agreement(
            exchange_round, activities="", contribution="", planned={BudgetLine.HOUSING: Decimal(100)}, by=adviser
        )
        with pytest.raises(IntegrityError), transaction.atomic():
            RoundBudgetLine.objects.filter(exchange_round=exchange_round).update(planned=Decimal(-5))
