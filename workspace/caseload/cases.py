"""The caseload's partnerships: six advisers, organisations with two contacts each, and cases
spread over every phase and ending, each taken as far as its stop through the same services people
use (by way of the demo's DemoCases helper), so every case has its real rows and timeline. Only
what no service owns is bulk-created: the people and the organisations with their contacts."""

import datetime
import logging

from allauth.account.models import EmailAddress

from exchanges import services as exchange_services
from exchanges.demo import report_rounds
from exchanges.models import ExchangeRound
from norec.core.models import User
from norec.core.roles import Role
from partnerships import services
from partnerships.demo import DemoCases, _application, _pdf
from partnerships.models import OrganisationKind, PartnerOrganisation, Partnership

logger = logging.getLogger(__name__)

ADVISERS = 6
SEMINAR_DATE = datetime.date(2026, 2, 9)
ORGANISATIONS_PER_100_CASES = 26  # 130 organisations at 500 cases
SOUTH = ["UG", "KE", "TZ", "ZM", "MW", "MZ", "ET", "ZA", "IN", "NP", "VN", "KH", "BD", "LK", "BO", "GT", "NI", "CO"]
KINDS = list(OrganisationKind)
# Names as people write them, so search and the lists read like the real caseload.
PLACES = {
    "NO": ["Bergen", "Tromsø", "Trondheim", "Stavanger", "Kristiansand", "Bodø", "Hamar", "Molde"],
    "UG": ["Kampala", "Mulago", "Gulu", "Mbarara"],
    "KE": ["Nairobi", "Kisumu", "Eldoret"],
    "TZ": ["Arusha", "Mwanza", "Dodoma"],
    "ZM": ["Lusaka", "Ndola"],
    "MW": ["Lilongwe", "Blantyre"],
    "MZ": ["Maputo", "Beira"],
    "ET": ["Addis Ababa", "Hawassa"],
    "ZA": ["Johannesburg", "Durban"],
    "IN": ["Pune", "Kochi"],
    "NP": ["Kathmandu", "Pokhara"],
    "VN": ["Hanoi", "Hue"],
    "KH": ["Phnom Penh"],
    "BD": ["Dhaka", "Khulna"],
    "LK": ["Kandy", "Galle"],
    "BO": ["La Paz", "Sucre"],
    "GT": ["Quetzaltenango"],
    "NI": ["León", "Managua"],
    "CO": ["Medellín", "Cali"],
}
INSTITUTIONS = [
    "National Referral Hospital",
    "Teachers' College",
    "Water Works",
    "Technical University",
    "Fire and Rescue Service",
    "Youth Football Association",
    "Community Radio",
    "District Health Office",
    "Folk High School",
    "Agricultural Cooperative",
    "Nursing School",
    "Public Library",
    "Music Conservatory",
]
FIRST_NAMES = [
    "Amina",
    "Joseph",
    "Grace",
    "Ingrid",
    "Tran",
    "Sunita",
    "Mateo",
    "Kari",
    "Peter",
    "Fatuma",
    "Nguyen",
    "Olav",
    "Lucia",
    "Bishal",
    "Aisha",
    "Sipho",
    "Maria",
    "Jonas",
    "Esther",
    "Rahul",
    "Sofia",
    "Tendai",
]
LAST_NAMES = [
    "Nakato",
    "Okello",
    "Hansen",
    "Mwangi",
    "Banda",
    "Pham",
    "Sharma",
    "Quispe",
    "Johansen",
    "Achieng",
    "Dlamini",
    "Rahman",
    "Perera",
    "Gómez",
    "Berg",
    "Tesfaye",
    "Phiri",
    "Kiwanuka",
    "Thapa",
    "Olsen",
    "Mutua",
]


def person_name(number: int) -> str:
    """A name for person `number`: many different, some the same, as in life."""
    return f"{FIRST_NAMES[number % len(FIRST_NAMES)]} {LAST_NAMES[number * 7 % len(LAST_NAMES)]}"


def organisation_name(number: int, country: str) -> str:
    places = PLACES.get(country, ["Central"])
    place = places[number // len(SOUTH) % len(places)]
    return f"{place} {INSTITUTIONS[number % len(INSTITUTIONS)]} {number:03d}"


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


def build_cases(scale: int, advisers: list[User], organisations: list, contacts: dict, progress) -> None:
    plan = [stop for stop, weight in STOPS for _ in range(weight)]
    for number in range(scale):
        first, second = _pair(organisations, number)
        # Stops spread evenly over the caseload (37 is prime to the plan's length of 100) and over the advisers.
        stop = plan[number * 37 % len(plan)]
        demo = DemoCases(adviser=advisers[number % len(advisers)], contacts=contacts)
        _build_case(demo, f"Partnership {number + 1:04d}", first, second, stop)
        if (number + 1) % 100 == 0:
            progress(f"{number + 1} cases")


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


def _rounds_done(case: Partnership, *, by: User) -> Partnership:
    """The adviser marks every round's exchange done; the last one starts the follow-up."""
    for exchange_round in ExchangeRound.objects.filter(agreement__partnership=case).order_by("number"):
        exchange_services.mark_round_exchange_done(exchange_round, by=by)
    return Partnership.objects.get(pk=case.pk)


def people(role: str, count: int, email: str, name: str) -> list[User]:
    users = User.objects.bulk_create(
        User(email=email.format(n), full_name=name.format(n, person=person_name(n)), role=role, password="!")
        for n in range(1, count + 1)
    )
    EmailAddress.objects.bulk_create(EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users)
    return users


def organisations(count: int) -> tuple[list[PartnerOrganisation], dict[int, User]]:
    """`count` organisations, a quarter of them Norwegian, each with two contacts; contacts maps
    each organisation to the contact who acts for it in the services."""
    organisations = PartnerOrganisation.objects.bulk_create(
        PartnerOrganisation(
            name=organisation_name(n, country := "NO" if n % 4 == 0 else SOUTH[n % len(SOUTH)]),
            country=country,
            kind=KINDS[n % len(KINDS)],
        )
        for n in range(count)
    )
    contacts = people(Role.PARTNER_CONTACT, 2 * count, "contact{}@partner.example", "{person}")
    through = PartnerOrganisation.contacts.through
    through.objects.bulk_create(
        through(partnerorganisation=organisation, user=person)
        for index, organisation in enumerate(organisations)
        for person in contacts[2 * index : 2 * index + 2]
    )
    return organisations, {organisation.pk: contacts[2 * index] for index, organisation in enumerate(organisations)}
