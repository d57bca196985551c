"""The benchmark's Django side, run by bench/run.py in a process of its own with the settings it
chooses (so this file never decides where it writes):

    caseload.py build --scale 500 --out pages.json   migrate, build the caseload, sign two people in
    caseload.py queries --pages pages.json           count the SQL queries of each page

The caseload is built through the same services people use (partnerships.services, by way of the
demo's DemoCases helper), so every case has its real rows and timeline. Only what no service owns
is bulk-created: the people and the organisations with their contacts.
"""

import argparse
import datetime
import json
import os
import sys
import time
from importlib import import_module
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "norec.settings")

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from amendments.models import AgreementChange, Amendment, AmendmentKind, AmendmentState  # noqa: E402
from amendments.selectors import current_values  # noqa: E402
from exchanges import services as exchange_services  # noqa: E402
from exchanges.demo import report_rounds  # noqa: E402
from exchanges.models import (  # noqa: E402
    ChecklistItem,
    ChecklistTemplate,
    ExchangeLeg,
    ExchangeRound,
    Participant,
)
from exchanges.services.checklists import checklist_items_for  # noqa: E402
from norec.core.models import User  # noqa: E402
from norec.core.roles import Role  # noqa: E402
from partnerships import services  # noqa: E402
from partnerships.demo import DemoCases, _application, _pdf  # noqa: E402
from partnerships.models import OrganisationKind, PartnerOrganisation, Partnership, Phase  # noqa: E402
from training import services as training_services  # noqa: E402
from training.models import CourseKind, CourseSession, Enrolment, EnrolmentState, Venue  # noqa: E402
from training.schedule import last_day  # noqa: E402

ADVISERS = 6
SEMINAR_DATE = datetime.date(2026, 2, 9)
ORGANISATIONS_PER_100_CASES = 26  # 130 organisations at 500 cases
SOUTH = ["UG", "KE", "TZ", "ZM", "MW", "MZ", "ET", "ZA", "IN", "NP", "VN", "KH", "BD", "LK", "BO", "GT", "NI", "CO"]
KINDS = list(OrganisationKind)

# What share of the caseload stops at each step (weights; the rest of a step's cases go on).
# Most cases are open; a few have ended in each way.
STOPS = [
    ("pre-study, seminar only", 8),
    ("pre-study done", 8),
    ("application draft", 12),
    ("application submitted", 8),
    ("application returned", 4),
    ("agreement half-signed", 5),
    ("exchange", 26),
    ("follow-up, report submitted", 9),
    ("completed", 12),
    ("withdrawn", 3),
    ("declined", 3),
    ("terminated", 2),
]
ROUNDS_DONE_STOPS = {"follow-up, report submitted", "completed"}


def build(scale: int, out: Path, *, participants: int = 10_000, sessions_only: bool = False) -> None:
    started = time.monotonic()
    if not sessions_only:
        call_command("migrate", verbosity=0, interactive=False)
        advisers = _people(Role.ADVISER, ADVISERS, "adviser{}@norec.example", "Adviser {}")
        organisations, contacts = _organisations(max(4, scale * ORGANISATIONS_PER_100_CASES // 100))
        _build_cases(scale, advisers, organisations, contacts, started)
        _build_participants(participants, started)
        _build_training(adviser=User.objects.get(email="adviser1@norec.example"))
        measured_amendment = _build_amendments(adviser=User.objects.get(email="adviser1@norec.example"))
    # The people the benchmark signs in as: the first adviser, and the first contact of the busiest organisation.
    adviser = User.objects.get(email="adviser1@norec.example")
    busiest = PartnerOrganisation.objects.annotate(cases=Count("memberships")).order_by("-cases", "pk").first()
    case = Partnership.objects.filter(adviser=adviser, phase=Phase.EXCHANGE).order_by("pk").first()
    measured_round = ExchangeRound.objects.filter(agreement__partnership=case, number=1).get()
    portal_user = User.objects.filter(participation__leg__exchange_round=measured_round).order_by("pk").first()
    pages = {
        "adviser_cookie": _session_for(adviser),
        "round_url": f"/cases/{case.pk}/rounds/1/",
        "round_participants": Participant.objects.filter(leg__exchange_round=measured_round).count(),
        "participant_cookie": _session_for(portal_user),
        "participants": Participant.objects.count(),
        "contact_cookie": _session_for(busiest.contacts.order_by("pk").first()),
        "case_url": case.get_absolute_url(),
        "cases": Partnership.objects.count(),
        "organisations": PartnerOrganisation.objects.count(),
        "session_url": reverse("training:session_detail", args=[_measured_session().pk]),
        "session_enrolments": _measured_session().enrolments.count(),
        "amendment_url": Amendment.objects.filter(state=AmendmentState.SUBMITTED)
        .order_by("pk")
        .first()
        .get_absolute_url()
        if sessions_only
        else measured_amendment.get_absolute_url(),
        "amendments_waiting": Amendment.objects.filter(state=AmendmentState.SUBMITTED).count(),
        "history_url": reverse("amendments:history", args=[case.pk]),
        "build_seconds": round(time.monotonic() - started, 1),
    }
    out.write_text(json.dumps(pages, indent=2))


def _build_cases(scale, advisers, organisations, contacts, started) -> None:
    plan = [stop for stop, weight in STOPS for _ in range(weight)]
    for number in range(scale):
        first, second = _pair(organisations, number)
        # Stops spread evenly over the caseload (37 is prime to the plan's length of 100) and over the advisers.
        stop = plan[number * 37 % len(plan)]
        demo = DemoCases(adviser=advisers[number % len(advisers)], contacts=contacts)
        _build_case(demo, f"Partnership {number + 1:04d}", first, second, stop)
        if (number + 1) % 100 == 0:
            print(f"  {number + 1} cases in {time.monotonic() - started:.0f} s", file=sys.stderr)


def _pair(organisations: list[PartnerOrganisation], number: int) -> tuple:
    """Two different organisations for case `number`, at least one of them outside Norway."""
    first = organisations[number * 7 % len(organisations)]
    for step in range(len(organisations)):
        second = organisations[(number * 11 + 3 + step) % len(organisations)]
        if second.pk != first.pk and not (first.is_north and second.is_north):
            return first, second
    raise ValueError("no organisation outside Norway")


def _build_case(demo: DemoCases, name: str, first, second, stop: str) -> None:
    case = demo.open(name, first, second)
    if stop == "withdrawn":
        services.withdraw(case, comment="The partners chose a smaller project.", by=demo.contact_of(first))
        return
    if stop == "pre-study, seminar only":
        services.add_seminar_representative(
            case, organisation=first, full_name="A representative", seminar_date=SEMINAR_DATE, by=demo.contact_of(first)
        )
        return
    case = demo.pre_study_done(case)
    if stop == "pre-study done":
        return
    # Rounds are marked done only from their planned end: the cases that get there planned them in the past.
    case = demo.drafted(case, past=stop in ROUNDS_DONE_STOPS)
    if stop == "application draft":
        return
    case = demo.submitted(case)
    if stop == "application submitted":
        return
    if stop == "application returned":
        services.return_application(_application(case), comment="Describe the follow-up.", by=demo.adviser)
        return
    if stop == "declined":
        services.decline_application(_application(case), comment="No lasting skills.", by=demo.adviser)
        return
    case = demo.approved(case)
    case = demo.signed(case, only_first=stop == "agreement half-signed")
    if stop in {"agreement half-signed", "exchange"}:
        return
    if stop == "terminated":
        services.terminate(case, reason="The host organisation closed the department.", by=demo.adviser)
        return
    case = _rounds_done(case, by=demo.adviser)
    case = report_rounds(case, contact=demo.contact_of(first), adviser=demo.adviser)
    services.submit_final_report(
        case, text="Three rounds, new routines.", attachment=_pdf("final-report.pdf"), by=demo.contact_of(first)
    )
    if stop == "completed":
        services.accept_final_report(Partnership.objects.get(pk=case.pk), comment="Thank you.", by=demo.adviser)


MEASURED_ROUND_PARTICIPANTS = 40  # the round whose matrix is measured: 20 people each way


def _build_participants(total: int, started: float) -> None:
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
            Participant(leg=leg, created_by=adviser, **_participant_fields(f"Participant {number:05d}", "external"))
        )
        if len(batch) == 1000 or number == remaining - 1:
            _bulk_with_checklists(batch, template_items)
            batch = []
            print(f"  {made + number + 1} participants in {time.monotonic() - started:.0f} s", file=sys.stderr)


TRAINING_SESSIONS = 120  # two years of sessions at the programme's venues
MEASURED_SESSION_ENROLMENTS = 100  # a full course 1 with a waiting list


def _build_training(*, adviser: User) -> None:
    """Sessions planned through the service over two years, and one measured session with 100
    participants on it (80 places taken, 20 waiting): rows as the enrolment service leaves them,
    bulk-created, as the participants' legs here lie in the past (the service would refuse them)."""
    today = datetime.date.today()
    venues = list(Venue.objects.order_by("pk"))
    first_sunday = today + datetime.timedelta(days=(6 - today.weekday()) % 7) - datetime.timedelta(weeks=52)
    sessions = []
    for number in range(TRAINING_SESSIONS):
        starts_on = first_sunday + datetime.timedelta(weeks=number * 104 // TRAINING_SESSIONS)
        kind = [CourseKind.COURSE_1, CourseKind.COURSE_2, CourseKind.PARTNER_TRAINING][number % 3]
        sessions.append(
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
    measured = _measured_session()
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


def _build_amendments(*, adviser: User) -> Amendment:
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


def _measured_session():
    """The first course 1 ahead: the session page measured."""
    return (
        CourseSession.objects.filter(kind=CourseKind.COURSE_1, starts_on__gt=datetime.date.today())
        .order_by("starts_on", "pk")
        .first()
    )


def _participant_fields(name: str, recruitment: str) -> dict:
    return {
        "full_name": name,
        "date_of_birth": datetime.date(1998, 4, 12),
        "nationality": "UG",
        "recruitment": recruitment,
        "role_at_host": "Engineer",
        "workplace_at_host": "Water works",
        "email": f"{name.lower().replace(' ', '.')}@participant.example",
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
                leg, by=sender, **_participant_fields(f"Round one {home.pk}-{number:02d}", recruitment)
            )
    # The last one recruited is invited, and has set a password: the portal measured is theirs.
    exchange_services.invite_participant(participant, by=sender)
    participant.refresh_from_db()
    participant.user.set_password("bench-participant-password")
    participant.user.save()
    return count


def _rounds_done(case: Partnership, *, by: User) -> Partnership:
    """The adviser marks every round's exchange done; the last one starts the follow-up."""
    for exchange_round in ExchangeRound.objects.filter(agreement__partnership=case).order_by("number"):
        exchange_services.mark_round_exchange_done(exchange_round, by=by)
    return Partnership.objects.get(pk=case.pk)


def _people(role: str, count: int, email: str, name: str) -> list[User]:
    users = User.objects.bulk_create(
        User(email=email.format(n), full_name=name.format(n), role=role, password="!") for n in range(1, count + 1)
    )
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users)
    return users


def _organisations(count: int) -> tuple[list[PartnerOrganisation], dict[int, User]]:
    """`count` organisations, a quarter of them Norwegian, each with two contacts; contacts maps
    each organisation to the contact who acts for it in the services."""
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            name=f"Organisation {n:03d}",
            country="NO" if n % 4 == 0 else SOUTH[n % len(SOUTH)],
            kind=KINDS[n % len(KINDS)],
        )
        for n in range(count)
    )
    people = _people(Role.PARTNER_CONTACT, 2 * count, "contact{}@partner.example", "Contact {}")
    through = PartnerOrganisation.contacts.through
    through.objects.bulk_create(
        through(partnerorganisation=organisation, user=person)
        for index, organisation in enumerate(organisations)
        for person in people[2 * index : 2 * index + 2]
    )
    return organisations, {organisation.pk: people[2 * index] for index, organisation in enumerate(organisations)}


def _session_for(user: User) -> str:
    """A signed-in session as allauth's login would leave it, stored where the settings keep sessions."""
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def count_queries(pages_file: Path) -> None:
    """Print {path: queries} for each page of pages.json's "pages", loaded once to warm up, then counted."""
    spec = json.loads(pages_file.read_text())
    counts = {}
    for page in spec["pages"]:
        client = Client(HTTP_HOST="127.0.0.1")
        if page.get("cookie"):
            name, value = page["cookie"].split("=", 1)
            client.cookies[name] = value
        client.get(page["path"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        if response.status_code != 200:
            sys.exit(f"{page['path']} answered {response.status_code}, not 200")
        # By path and who asks: the adviser's and the contact's home are both "/".
        counts[f"{page['path']} {page.get('cookie', '')}"] = len(queries)
    print(json.dumps(counts))


def main() -> None:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build_command = commands.add_parser("build")
    build_command.add_argument("--scale", type=int, default=500)
    build_command.add_argument("--participants", type=int, default=10_000)
    build_command.add_argument("--out", type=Path, required=True)
    build_command.add_argument("--sessions-only", action="store_true", help="the caseload is there: sign in only")
    queries_command = commands.add_parser("queries")
    queries_command.add_argument("--pages", type=Path, required=True)
    arguments = parser.parse_args()
    if arguments.command == "build":
        build(
            arguments.scale, arguments.out, participants=arguments.participants, sessions_only=arguments.sessions_only
        )
    else:
        count_queries(arguments.pages)


if __name__ == "__main__":
    main()
