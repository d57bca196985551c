"""A caseload with something in every section of the dashboard, built through the services."""

from datetime import timedelta

from partnerships import services
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import approve_agreement, recruit, recruit_the_other_way, walk_round


def open_cases(count, adviser, first, second, *, prefix="Case"):
    for number in range(count):
        services.create_partnership(
            name=f"{prefix} {number:02d}",
            organisations=[first, second],
            coordinating=first,
            adviser=adviser,
            by=adviser,
        )


def case_abroad(adviser, organisations, today):
    """A case in its exchange whose two participants left 40 days ago for six months: their
    round in exchange, and the items due before departure overdue where still open."""
    case = case_with_current_round(adviser=adviser, organisations=organisations, today=today, name="Nurses abroad")
    exchange_round = case.agreement.rounds.get(number=1)
    leg = leg_departing(case, home=organisations[1], host=organisations[0], today=today, departs_in=-40)
    walk_round(exchange_round, "start_recruiting")
    recruit(leg)
    recruit_the_other_way(leg)
    approve_agreement(exchange_round)
    walk_round(exchange_round, "start_preparing", "depart")
    return case, leg.departure + timedelta(days=0)
