"""Each open state of each registered machine, reached through the services as people reach it
(tests/factories.py's builders), with realistic data: BUILDERS[machine name, state](adviser=…,
organisations=[…]) gives the objects to check (some states twice: before and after a date)."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from exchanges import services as exchange_services
from exchanges.models import Participant, ReportKind
from partnerships.models import Partnership
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import approve_agreement, contact_of, make_case, make_leg, recruit, walk_round
from tests.training.conftest import plan
from training import services as training_services
from training.models import CourseSession

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


def _round_now(adviser, organisations, *, departs_in: int):
    """Round 1 of a case in the exchange, from three months ago to nine months ahead, with a leg
    each way (one participant each) leaving `departs_in` days from today."""
    today = timezone.localdate()
    case = case_with_current_round(adviser=adviser, organisations=organisations, today=today)
    home, host = organisations
    legs = [
        leg_departing(case, home=home, host=host, today=today, departs_in=departs_in),
        leg_departing(case, home=host, host=home, today=today, departs_in=departs_in),
    ]
    return case.agreement.rounds.get(number=1), legs


def _round_over(adviser, organisations):
    """Round 1 of a case in the exchange whose period is over (2025), with a leg each way."""
    exchange_round = _case("exchange", adviser, organisations).agreement.rounds.get(number=1)
    home, host = organisations
    legs = [make_leg(exchange_round, home=home, host=host), make_leg(exchange_round, home=host, host=home)]
    return exchange_round, legs


def _walk(exchange_round, legs, state: str):
    """Walk the round to `state` through the services: recruiting (one of two found while it was
    planned), preparing (both found, the round agreement approved), in exchange (left)."""
    recruit(legs[0], full_name="Amina Nakato", email="amina@example.org")
    walk_round(exchange_round, "start_recruiting")
    if state == "recruiting":
        return reload_round(exchange_round)
    recruit(legs[1], full_name="Kari Nordmann", email="kari@example.org")
    approve_agreement(exchange_round)
    walk_round(exchange_round, "start_preparing")
    if state == "in_exchange":
        walk_round(exchange_round, "depart")
    return reload_round(exchange_round)


def reload_round(exchange_round):
    return type(exchange_round).objects.get(pk=exchange_round.pk)


@builds("round", "planned")
def round_planned(adviser, organisations):
    return [_case("exchange", adviser, organisations).agreement.rounds.get(number=1)]


@builds("round", "recruiting")
def round_recruiting(adviser, organisations):
    """Recruiting, one of two found: the other still to recruit, the agreement to approve."""
    return [_walk(*_round_now(adviser, organisations, departs_in=20), "recruiting")]


@builds("round", "preparing")
def round_preparing(adviser, organisations):
    """Prepared, leaving in three weeks (it waits for the date); and prepared with the date come."""
    return [
        _walk(*_round_now(adviser, organisations, departs_in=20), "preparing"),
        _walk(*_round_now(adviser, organisations, departs_in=0), "preparing"),
    ]


@builds("round", "in_exchange")
def round_in_exchange(adviser, organisations):
    """Abroad until its planned end nine months ahead (it waits); and abroad past its end."""
    return [
        _walk(*_round_now(adviser, organisations, departs_in=-30), "in_exchange"),
        _walk(*_round_over(adviser, organisations), "in_exchange"),
    ]


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
    """Recruited while the round recruits; abroad until the round's end; abroad past it."""
    rounds = [
        *round_recruiting(adviser, organisations),
        _walk(*_round_now(adviser, organisations, departs_in=-30), "in_exchange"),
        _walk(*_round_over(adviser, organisations), "in_exchange"),
    ]
    return [Participant.objects.filter(leg__exchange_round=exchange_round).first() for exchange_round in rounds]


# --- The training app ----------------------------------------------------------------------------


def _two_recruits(adviser, organisations):
    """Two participants leaving in 90 days, one each way, recruited through the services."""
    _round, legs = _round_now(adviser, organisations, departs_in=90)
    return (
        recruit(legs[0], full_name="Amina Nakato", email="amina@example.org"),
        recruit(legs[1], full_name="Kari Nordmann", email="kari@example.org"),
    )


def _enrol(session, participant):
    return training_services.enrol(session, participant=participant, by=contact_of(participant.leg.home_organisation))


@builds("enrolment", "requested")
def enrolment_requested(adviser, organisations):
    """Asked for after the deadline: the adviser decides."""
    amina, _kari = _two_recruits(adviser, organisations)
    return [_enrol(plan(adviser, in_days=5, deadline_days_before=14), amina)]


@builds("enrolment", "confirmed")
def enrolment_confirmed(adviser, organisations):
    """A place on a session ahead (it waits for the first day), and one on a session under way
    (the adviser records attendance)."""
    amina, kari = _two_recruits(adviser, organisations)
    ahead = _enrol(plan(adviser, in_days=20), amina)
    running = _enrol(plan(adviser, venue="Bangkok", in_days=20), kari)
    shift = running.session.starts_on - timezone.localdate() + timedelta(days=1)  # began yesterday
    CourseSession.objects.filter(pk=running.session_id).update(
        starts_on=F("starts_on") - shift,
        ends_on=F("ends_on") - shift,
        enrolment_deadline=F("enrolment_deadline") - shift,
    )
    return [ahead, running]


@builds("enrolment", "waiting")
def enrolment_waiting(adviser, organisations):
    """Second for the last place: moved up when the first cancels."""
    amina, kari = _two_recruits(adviser, organisations)
    session = plan(adviser, capacity=1)
    _enrol(session, amina)
    return [_enrol(session, kari)]


# --- The amendments app --------------------------------------------------------------------------


def _c05(adviser, organisations):
    """A C05 of a round being prepared: the first leg returns a month later."""
    from tests.amendments.conftest import draft_c05, extend_leg

    exchange_round = _walk(*_round_now(adviser, organisations, departs_in=20), "preparing")
    leg = exchange_round.legs.order_by("pk").first()
    return draft_c05(exchange_round, **extend_leg(exchange_round, leg, months=1))


def _submit(amendment):
    from amendments import services as amendment_services

    return amendment_services.submit_amendment(
        amendment, by=contact_of(amendment.partnership.coordinating_organisation)
    )


@builds("amendment", "draft")
def amendment_draft(adviser, organisations):
    return [_c05(adviser, organisations)]


@builds("amendment", "submitted")
def amendment_submitted(adviser, organisations):
    return [_submit(_c05(adviser, organisations))]


@builds("amendment", "returned")
def amendment_returned(adviser, organisations):
    from amendments import services as amendment_services

    amendment = _submit(_c05(adviser, organisations))
    return [amendment_services.return_amendment(amendment, reason="Attach the hospital's letter.", by=adviser)]
