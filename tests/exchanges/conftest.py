"""Cases in the phases these tests start from, built like tests/partnerships/conftest.py's, and
cases with any number of rounds.

Bergen Health Trust (Norway, coordinating; contact Chris) and Kampala Youth Network (Uganda;
contact Olga) are the partners; Ada is their adviser. Una is a contact of an organisation outside
the case, Otto an adviser who is not the case's."""

from datetime import date
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from partnerships import services
from partnerships.services import PlannedRoundData
from tests.factories import contact_of, fill_application, make_case, reload


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def case_in(adviser, organisation, other_organisation):
    """`case_in(phase, **options)`: Ada's case of Bergen and Kampala in that phase (see make_case)."""

    def build(phase: str, **options):
        return make_case(phase, adviser=adviser, organisations=[organisation, other_organisation], **options)

    return build


@pytest.fixture
def agreement(case_in):
    return case_in("approved_awaiting_signatures").agreement


@pytest.fixture
def exchange_case(case_in):
    return case_in("exchange")


def planned_rounds(count: int) -> list[PlannedRoundData]:
    """`count` mutual rounds: one participant north → south and one south → north in each."""
    return [
        PlannedRoundData(
            participants_north_south=1,
            participants_south_north=1,
            planned_start=date(2025, 1, 10),
            planned_end=date(2025, 12, 20),
            budget=Decimal("100000.00"),
        )
        for _number in range(count)
    ]


@pytest.fixture
def exchange_case_with_rounds(case_in):
    """`exchange_case_with_rounds(12)`: the case in the exchange, its application having planned 12
    rounds (or the rounds given: `exchange_case_with_rounds(rounds=[...])`)."""

    def build(count: int = 0, *, rounds: list[PlannedRoundData] | None = None):
        rounds = rounds or planned_rounds(count)
        case = case_in("application_started")
        coordinator = contact_of(case.coordinating_organisation)
        fill_application(case.application, by=coordinator, rounds=rounds)
        services.submit_application(reload(case).application, by=coordinator)
        agreement = services.approve_application(reload(case).application, by=case.adviser)
        for organisation in case.organisations.all():
            services.sign_agreement(reload(case).agreement, organisation=organisation, by=contact_of(organisation))
        assert agreement.rounds.count() == len(rounds)
        return reload(case)

    return build


def this_month() -> date:
    return timezone.localdate().replace(day=1)


def round_of_18_months(start: date) -> PlannedRoundData:
    """A mutual round: one participant each way."""
    return PlannedRoundData(
        participants_north_south=1,
        participants_south_north=1,
        planned_start=start,
        planned_end=start + relativedelta(months=18),
        budget=Decimal("100000.00"),
    )


@pytest.fixture
def round_ahead(exchange_case_with_rounds):
    """Round 1 of Ada's case in the exchange, 18 months from the first of the month in half a year:
    its legs all leave in the future."""
    case = exchange_case_with_rounds(rounds=[round_of_18_months(this_month() + relativedelta(months=6))])
    return case.agreement.rounds.get(number=1)


@pytest.fixture
def round_under_way(exchange_case_with_rounds):
    """Round 1 of Ada's case in the exchange, 18 months from the first of the month half a year
    ago: a leg may have left and not come back yet."""
    case = exchange_case_with_rounds(rounds=[round_of_18_months(this_month() - relativedelta(months=6))])
    return case.agreement.rounds.get(number=1)


@pytest.fixture
def follow_up_case(case_in):
    """Both rounds' exchanges done: the rounds wait for their reports."""
    return case_in("follow_up")
