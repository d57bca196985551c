"""Each open state of each registered machine, reached through the services as people reach it
(tests/factories.py's builders), with realistic data: BUILDERS[machine name, state](adviser=…,
organisations=[…]) gives the objects to check (some states twice: before and after a date)."""

from exchanges import services as exchange_services
from exchanges.models import ReportKind
from partnerships.models import Partnership
from tests.factories import contact_of, make_case, make_leg, recruit

BUILDERS: dict = {}


def builds(name: str, state: str):
    def register(function):
        BUILDERS[name, state] = function
        return function

    return register


def _case(phase, adviser, organisations, **options) -> Partnership:
    return make_case(phase, adviser=adviser, organisations=organisations, **options)


# --- The partnerships app ------------------------------------------------------------------------


@builds("case", "pre_study")
def case_in_pre_study(adviser, organisations):
    return [_case("pre_study", adviser, organisations), _case("pre_study_done", adviser, organisations)]


@builds("case", "application")
def case_in_application(adviser, organisations):
    return [
        _case(phase, adviser, organisations)
        for phase in ("application_started", "application_submitted", "approved_awaiting_signatures")
    ]


@builds("case", "exchange")
def case_in_exchange(adviser, organisations):
    return [_case("exchange", adviser, organisations)]


@builds("case", "follow_up")
def case_in_follow_up(adviser, organisations):
    return [_case(phase, adviser, organisations) for phase in ("follow_up", "follow_up_report_submitted")]


@builds("application", "draft")
def application_draft(adviser, organisations):
    return [_case(phase, adviser, organisations).application for phase in ("application_started", "application_draft")]


@builds("application", "submitted")
def application_submitted(adviser, organisations):
    return [_case("application_submitted", adviser, organisations).application]


@builds("application", "returned")
def application_returned(adviser, organisations):
    return [_case("application_returned", adviser, organisations).application]


@builds("agreement", "awaiting_signatures")
def agreement_awaiting_signatures(adviser, organisations):
    return [_case("approved_awaiting_signatures", adviser, organisations).agreement]


@builds("final report", "submitted")
def final_report_submitted(adviser, organisations):
    return [_case("follow_up_report_submitted", adviser, organisations).final_reports.get()]


# --- The exchanges app ---------------------------------------------------------------------------


def _round(adviser, organisations, number: int = 1):
    case = _case("exchange", adviser, organisations)
    return case.agreement.rounds.get(number=number)


def _legs_both_ways(exchange_round, organisations, *, participants: int = 1):
    home, host = organisations
    return [
        make_leg(exchange_round, home=home, host=host, participants=participants),
        make_leg(exchange_round, home=host, host=home, participants=participants),
    ]


@builds("round", "planned")
def round_planned(adviser, organisations):
    exchange_round = _round(adviser, organisations)
    return [exchange_round]


@builds("round", "recruiting")
def round_recruiting(adviser, organisations):
    """Recruiting, one of two found: the other still to recruit."""
    exchange_round = _round(adviser, organisations)
    exchange_round = exchange_services.advance_round(exchange_round, "start_recruiting", by=adviser)
    legs = _legs_both_ways(exchange_round, organisations)
    recruit(legs[0], full_name="Amina Nakato", email="amina@example.org")
    return [exchange_round]


@builds("round", "preparing")
def round_preparing(adviser, organisations):
    exchange_round = _round(adviser, organisations)
    exchange_round = exchange_services.advance_round(exchange_round, "start_recruiting", by=adviser)
    legs = _legs_both_ways(exchange_round, organisations)
    recruit(legs[0], full_name="Amina Nakato", email="amina@example.org")
    recruit(legs[1], full_name="Kari Nordmann", email="kari@example.org")
    return [exchange_services.advance_round(exchange_round, "start_preparing", by=adviser)]


@builds("round", "in_exchange")
def round_in_exchange(adviser, organisations):
    (exchange_round,) = round_preparing(adviser, organisations)
    return [exchange_services.advance_round(exchange_round, "depart", by=adviser)]


@builds("round", "follow_up")
def round_in_follow_up(adviser, organisations):
    case = _case("follow_up", adviser, organisations)
    return [case.agreement.rounds.get(number=1)]


@builds("round", "reported")
def round_reported(adviser, organisations):
    case = _case("follow_up_report_submitted", adviser, organisations)
    return [case.agreement.rounds.get(number=1)]


@builds("round report", "submitted")
def round_report_submitted(adviser, organisations):
    case = _case("follow_up", adviser, organisations)
    exchange_round = case.agreement.rounds.get(number=1)
    report = exchange_services.submit_round_report(
        exchange_round,
        kind=ReportKind.RESULTS,
        text="What the participants did.",
        by=contact_of(case.coordinating_organisation),
    )
    return [report]


@builds("participant", "active")
def participant_active(adviser, organisations):
    (exchange_round,) = round_recruiting(adviser, organisations)
    return list(exchange_round.legs.filter(participant_set__isnull=False).distinct().get().participant_set.all())
