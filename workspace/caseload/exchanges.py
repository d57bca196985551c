"""The caseload's exchanges: participants with their checklists, course sessions with one full
session, and amendments waiting for the first adviser. The first adviser's first case in the
exchange gets a mutual round 1 through the services (legs, recruiting, an invited participant);
the rest are bulk-created as the services leave their rows, as no person recruits 10,000
participants in one sitting and most rounds here lie in the past (the services would refuse them)."""

import datetime

from django.utils import timezone

from amendments.models import AgreementChange, Amendment, AmendmentKind, AmendmentState
from amendments.selectors import current_values
from exchanges import services as exchange_services
from exchanges.models import ChecklistItem, ChecklistTemplate, ExchangeLeg, ExchangeRound, Participant
from exchanges.services.checklists import checklist_items_for
from norec.core.models import User
from partnerships.models import Partnership, Phase
from training import services as training_services
from training.models import CourseKind, CourseSession, Enrolment, EnrolmentState, Venue
from training.schedule import last_day
from workspace.caseload.cases import person_name

MEASURED_ROUND_PARTICIPANTS = 40  # the round whose matrix is measured: 20 people each way


def build_participants(total: int, progress) -> None:
    """`total` participants over the rounds of the cases in the exchange, each with the programme's
    checklist. The first adviser's first case gets a mutual round 1 through the services (legs,
    recruiting, an invited participant: the pages measured); the rest are bulk-created to reach the
    total, as no person would recruit 10,000 participants in one sitting."""
    adviser = User.objects.get(email="adviser1@norec.example")
    cases = list(Partnership.objects.filter(phase=Phase.EXCHANGE).order_by("pk"))
    measured = next(case for case in cases if case.adviser_id == adviser.pk)
    made = _recruit_through_services(measured, MEASURED_ROUND_PARTICIPANTS)
    legs = []
    for case in cases:
        for exchange_round in ExchangeRound.objects.filter(agreement__partnership=case).order_by("number"):
            if case.pk == measured.pk and exchange_round.number == 1:
                continue
            first, second = case.organisations.order_by("pk")[:2]
            for home, host in ((first, second), (second, first)):
                legs.append(
                    ExchangeLeg(
                        exchange_round=exchange_round,
                        home_organisation=home,
                        host_organisation=host,
                        participants=1,
                        months=6,  # a leg lies within its round (about eleven months here)
                        departure=exchange_round.planned_start,
                    )
                )
    legs = ExchangeLeg.objects.bulk_create(legs)
    template_items = list(ChecklistTemplate.objects.get(is_active=True).items.all())
    remaining = max(0, total - made)
    batch = []
    for number in range(remaining):
        leg = legs[number % len(legs)]
        batch.append(
            Participant(leg=leg, created_by=adviser, **_participant_fields(person_name(number + 3), "external", number))
        )
        if len(batch) == 1000 or number == remaining - 1:
            _bulk_with_checklists(batch, template_items)
            batch = []
            progress(f"{made + number + 1} participants")


MEASURED_SESSION_ENROLMENTS = 100  # a full course 1 with a waiting list


def build_training(*, sessions: int, adviser: User) -> None:
    """Sessions planned through the service over two years, and one measured session with 100
    participants on it (80 places taken, 20 waiting): rows as the enrolment service leaves them,
    bulk-created, as the participants' legs here lie in the past (the service would refuse them)."""
    today = datetime.date.today()
    venues = list(Venue.objects.order_by("pk"))
    first_sunday = today + datetime.timedelta(days=(6 - today.weekday()) % 7) - datetime.timedelta(weeks=52)
    planned = []
    for number in range(sessions):
        starts_on = first_sunday + datetime.timedelta(weeks=number * 104 // sessions)
        kind = [CourseKind.COURSE_1, CourseKind.COURSE_2, CourseKind.PARTNER_TRAINING][number % 3]
        planned.append(
            training_services.plan_session(
                by=adviser,
                kind=kind,
                venue=venues[number % len(venues)],
                starts_on=starts_on,
                ends_on=last_day(kind, starts_on),
                capacity=80,
                language="en",
                enrolment_deadline=starts_on - datetime.timedelta(days=21),
            )
        )
    measured = measured_session()
    if measured is None:  # too few sessions for one ahead (a small caseload)
        return
    now = timezone.now()
    enrolments = [
        Enrolment(
            session=measured,
            partnership_id=participant.leg.exchange_round.agreement.partnership_id,
            participant=participant,
            requested_by=adviser,
            state=EnrolmentState.CONFIRMED if number < measured.capacity else EnrolmentState.WAITING,
            confirmed_at=now if number < measured.capacity else None,
            waiting_since=None if number < measured.capacity else now + datetime.timedelta(seconds=number),
        )
        for number, participant in enumerate(
            Participant.objects.select_related("leg__exchange_round__agreement").order_by("pk")[
                :MEASURED_SESSION_ENROLMENTS
            ]
        )
    ]
    Enrolment.objects.bulk_create(enrolments)


MEASURED_AMENDMENTS = 60  # waiting for the first adviser, one round each
HISTORY_CHANGES = 40  # on the measured case's agreement


def build_amendments(*, adviser: User) -> Amendment:
    """Submitted C05s on the first adviser's rounds (the queue), the first on the measured round
    (its page, with the effects on its participants); and a history of changes on the measured
    case's agreement. Rows as the services leave them, bulk-created: most of these rounds are not
    in a state that takes an amendment."""
    case = Partnership.objects.filter(adviser=adviser, phase=Phase.EXCHANGE).order_by("pk").first()
    measured_round = ExchangeRound.objects.get(agreement__partnership=case, number=1)
    others = (
        ExchangeRound.objects.filter(agreement__partnership__adviser=adviser)
        .exclude(pk=measured_round.pk)
        .select_related("agreement__partnership")
        .order_by("pk")
    )
    rounds = [measured_round, *others[: MEASURED_AMENDMENTS - 1]]
    now = timezone.now()
    amendments = []
    for number, exchange_round in enumerate(rounds):
        probe = Amendment(partnership=exchange_round.partnership, kind=AmendmentKind.C05, exchange_round=exchange_round)
        baseline = current_values(probe)
        proposal = dict(baseline)
        for key, value in baseline.items():
            if key.startswith("leg:") and key.endswith(":return"):
                proposal[key] = (datetime.date.fromisoformat(value) + datetime.timedelta(days=60)).isoformat()
        amendments.append(
            Amendment(
                partnership=exchange_round.partnership,
                kind=AmendmentKind.C05,
                exchange_round=exchange_round,
                state=AmendmentState.SUBMITTED,
                baseline=baseline,
                proposal=proposal,
                justification="The engineers stay two months longer.",
                effective_on=datetime.date.today(),
                created_by=adviser,
                submitted_at=now - datetime.timedelta(days=number),
            )
        )
    Amendment.objects.bulk_create(amendments)
    measured = Amendment.objects.get(exchange_round=measured_round)
    agreement = case.agreement
    AgreementChange.objects.bulk_create(
        AgreementChange(
            agreement=agreement,
            amendment=measured,
            key="period_end",
            before=(agreement.period_end - datetime.timedelta(days=number + 1)).isoformat(),
            after=(agreement.period_end - datetime.timedelta(days=number)).isoformat(),
            effective_on=datetime.date.today() - datetime.timedelta(days=HISTORY_CHANGES - number),
            recorded_by=adviser,
        )
        for number in range(HISTORY_CHANGES)
    )
    return measured


def measured_session():
    """The first course 1 ahead: the session page measured."""
    return (
        CourseSession.objects.filter(kind=CourseKind.COURSE_1, starts_on__gte=datetime.date.today())
        .order_by("starts_on", "pk")
        .first()
    )


def _participant_fields(name: str, recruitment: str, number: int) -> dict:
    return {
        "full_name": name,
        "date_of_birth": datetime.date(1998, 4, 12),
        "nationality": "UG",
        "recruitment": recruitment,
        "role_at_host": "Engineer",
        "workplace_at_host": "Water works",
        "email": f"participant{number}@participant.example",
        "emergency_contact": "Family",
        "emergency_phone": "+256 700 000000",
        "employment_months": 24,
        "duties_before": "Engineer.",
        "duties_after": "Trains colleagues.",
        "allowance_amount": 9000,
        "allowance_currency": "NOK",
    }


def _bulk_with_checklists(participants: list, template_items: list) -> None:
    created = Participant.objects.bulk_create(participants)
    items = [item for participant in created for item in checklist_items_for(participant, template_items)]
    ChecklistItem.objects.bulk_create(items, batch_size=5000)


def _recruit_through_services(case: Partnership, count: int) -> int:
    exchange_round = ExchangeRound.objects.get(agreement__partnership=case, number=1)
    first, second = case.organisations.order_by("pk")[:2]
    for home, host in ((first, second), (second, first)):
        leg = exchange_services.add_leg(
            exchange_round, home=home, host=host, participants=count // 2, months=6, by=case.adviser
        )
        sender = home.contacts.order_by("pk").first()
        for number in range(count // 2):
            recruitment = "internal" if number % 2 else "external"
            participant = exchange_services.recruit_participant(
                leg,
                by=sender,
                **_participant_fields(
                    person_name(home.pk * 50 + number), recruitment, 900_000 + home.pk * 100 + number
                ),
            )
    # The last one recruited is invited, and has set a password: the portal measured is theirs.
    exchange_services.invite_participant(participant, by=sender)
    participant.refresh_from_db()
    participant.user.set_password("bench-participant-password")
    participant.user.save()
    return count
