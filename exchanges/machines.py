"""The exchanges app's state machines, as the no-dead-ends check walks them (norec.core.machines):
a round, its reports and its participants, with the pages where their next steps are offered."""

from django.urls import reverse

from exchanges.models import (
    UNFINISHED_STATES,
    ExchangeRound,
    Participant,
    ParticipantStatus,
    ReportStatus,
    RoundReport,
    RoundState,
    first_departure_reached,
    round_period_over,
)
from norec.core.machines import StateMachine, register_machine, register_parts
from partnerships.machines import CASE, case_people
from partnerships.models import Phase


def round_pages(exchange_round: ExchangeRound) -> list[str]:
    case = exchange_round.partnership
    return [reverse("exchanges:round_detail", args=[case.pk, exchange_round.number]), case.get_absolute_url()]


def round_waits(exchange_round: ExchangeRound) -> list[str]:
    """A prepared round waits for its first leg's departure date; a round abroad, for its planned
    end before its exchange can be marked done."""
    if exchange_round.state == RoundState.PREPARING:
        return first_departure_reached.reasons(exchange_round)
    if exchange_round.state == RoundState.IN_EXCHANGE:
        return round_period_over.reasons(exchange_round)
    return []


def participant_people(participant: Participant) -> list:
    return [*case_people(participant.partnership), participant.user]


def participant_pages(participant: Participant) -> list[str]:
    # Their round moves them on (a part of theirs): its pages join the walk through it.
    return [reverse("exchanges:participant_detail", args=[participant.pk])]


ROUND = StateMachine(
    name="round",
    model=ExchangeRound,
    states=RoundState,
    state=lambda exchange_round: exchange_round.state,
    pages=round_pages,
    people=lambda exchange_round: case_people(exchange_round.partnership),
    final=frozenset({RoundState.CLOSED, RoundState.CANCELLED}),
    exits=frozenset({RoundState.CANCELLED}),
    backward=frozenset({(RoundState.IN_EXCHANGE, RoundState.PREPARING)}),  # a departure corrected
    waits=round_waits,
)
ROUND_REPORT = StateMachine(
    name="round report",
    model=RoundReport,
    states=ReportStatus,
    state=lambda report: report.status,
    pages=lambda report: round_pages(report.exchange_round),
    people=lambda report: case_people(report.partnership),
    final=frozenset({ReportStatus.ACCEPTED, ReportStatus.RETURNED}),
)
PARTICIPANT = StateMachine(
    name="participant",
    model=Participant,
    states=ParticipantStatus,
    state=lambda participant: participant.status,
    pages=participant_pages,
    people=participant_people,
    final=frozenset({ParticipantStatus.COMPLETED, ParticipantStatus.WITHDRAWN, ParticipantStatus.RETURNED_EARLY}),
    exits=frozenset({ParticipantStatus.WITHDRAWN, ParticipantStatus.RETURNED_EARLY}),
    waits=lambda participant: round_waits(participant.leg.exchange_round),
)


def case_rounds(case) -> list:
    """A case's exchange moves on as its unfinished rounds do; its follow-up, as its rounds' reports."""
    waiting_on = {Phase.EXCHANGE: UNFINISHED_STATES, Phase.FOLLOW_UP: (RoundState.FOLLOW_UP,)}.get(case.phase)
    if not waiting_on:
        return []
    rounds = ExchangeRound.objects.filter(agreement__partnership=case, state__in=waiting_on).select_related("agreement")
    return [(ROUND, exchange_round) for exchange_round in rounds]


def round_reports(exchange_round: ExchangeRound) -> list:
    return [(ROUND_REPORT, report) for report in exchange_round.reports.filter(status=ReportStatus.SUBMITTED)]


def register_machines() -> None:
    for machine in (ROUND, ROUND_REPORT, PARTICIPANT):
        register_machine(machine)
    register_parts(CASE.name, case_rounds)
    register_parts(ROUND.name, round_reports)
    register_parts(PARTICIPANT.name, lambda participant: [(ROUND, participant.leg.exchange_round)])
