"""A case whose exchange is happening now (the factories' rounds ended in 2025), built through the
services: its one round runs from three months ago to nine months ahead, and a leg departs in
`departs_in` days, so its participants' items fall on both sides of today."""

from datetime import date, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from partnerships import services
from partnerships.services import PlannedRoundData
from tests.factories import contact_of, fill_application, make_case, make_leg, reload


def case_with_current_round(
    *, adviser, organisations, today: date, name: str = "Young nurses exchange", ends: date | None = None
):
    """The case in its exchange, organisations[0] coordinating, with round 1 under way around
    `today` (ending nine months on, or on `ends`)."""
    case = make_case("application_started", name=name, adviser=adviser, organisations=organisations)
    coordinator = contact_of(case.coordinating_organisation)
    planned = PlannedRoundData(
        participants_north_south=1,
        participants_south_north=1,
        planned_start=ends - relativedelta(months=12) if ends else today - relativedelta(months=3),
        planned_end=ends or today + relativedelta(months=9),
        budget=Decimal("100000.00"),
    )
    fill_application(case.application, by=coordinator, rounds=[planned])
    services.submit_application(reload(case).application, by=coordinator)
    services.approve_application(reload(case).application, by=adviser)
    for organisation in organisations:
        services.sign_agreement(reload(case).agreement, organisation=organisation, by=contact_of(organisation))
    return reload(case)


def leg_departing(case, *, home, host, today: date, departs_in: int = 20, participants: int = 1):
    """A six-month leg of round 1 from `home` to `host`, departing `departs_in` days after `today`."""
    exchange_round = case.agreement.rounds.get(number=1)
    return make_leg(
        exchange_round,
        home=home,
        host=host,
        participants=participants,
        months=6,
        departure=today + timedelta(days=departs_in),
    )
