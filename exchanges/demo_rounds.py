"""The demo's past rounds, run as they ran: a round whose exchange the demo marks done has its
legs, participants, approved round agreement, departure and checklists behind it, all through the
services, so its page, its reports and its counts tell one story (a round marked done with nobody
recruited and an agreement of NOK 0 once read "four engineers exchanged")."""

from datetime import date

from exchanges import services
from exchanges.models import ExchangeRound, ItemStatus, Responsible, RoundState, direction_between
from norec.core.demo import demo_pdf_upload
from norec.core.models import User
from norec.core.roles import Role

# The people of the demo's past rounds, by their home country: (given name, family name).
NAMES = {
    "NO": [("Ingrid", "Haugen"), ("Lars", "Berg"), ("Silje", "Dahl"), ("Magnus", "Lie")],
    "UG": [("Peter", "Okello"), ("Esther", "Nabukenya"), ("Moses", "Kato"), ("Ruth", "Auma")],
    "ZM": [("Bwalya", "Mulenga"), ("Mutinta", "Hamoonga"), ("Chipo", "Banda"), ("Kelvin", "Zulu")],
    "KE": [("Wanjiku", "Kamau"), ("Otieno", "Odhiambo"), ("Akinyi", "Wafula"), ("Kiprono", "Kirui")],
}
ACTIVITIES = "The participants work a year in each other's teams, with a joint project each."
CONTRIBUTION = "New routines in both organisations, passed on by the returning participants."


def run_round(exchange_round: ExchangeRound, *, adviser, contacts: dict, budget: dict) -> None:
    """Take a demo round from planned to its exchange done: a six-month leg each way it plans,
    leaving on its start, its participants recruited and their checklists done, the round
    agreement (`budget`) approved, preparing, the departure, the exchange marked done.
    `contacts`: the demo's partner contact of each organisation, by its pk."""
    case = exchange_round.partnership
    coordinator = contacts[case.coordinating_organisation.pk]
    services.advance_round(exchange_round, "start_recruiting", by=coordinator)
    recruited = []
    for home, host, count in _legs(exchange_round):
        leg = services.add_leg(
            exchange_round,
            home=home,
            host=host,
            participants=count,
            months=6,
            departure=exchange_round.planned_start,
            by=adviser,
        )
        for number in range(count):
            recruited.append(_recruit(leg, number, by=contacts[home.pk]))
    services.set_round_agreement(
        exchange_round, activities=ACTIVITIES, contribution=CONTRIBUTION, planned=budget, by=coordinator
    )
    services.approve_round_agreement(exchange_round, by=adviser)
    services.advance_round(exchange_round, "start_preparing", by=coordinator)
    services.advance_round(exchange_round, "depart", by=coordinator)
    for participant in recruited:
        _tick_everything(participant, contacts)
    services.mark_round_exchange_done(ExchangeRound.objects.get(pk=exchange_round.pk), by=adviser)


def _legs(exchange_round):
    """(home, host, participants) for each direction the round plans, shared among the pairs of
    partners going that way (a south-south round goes both ways between its partners)."""
    organisations = list(exchange_round.partnership.organisations.order_by("pk"))
    legs = []
    for direction, count in exchange_round.planned_participants().items():
        pairs = [
            (home, host)
            for home in organisations
            for host in organisations
            if home != host and direction_between(home, host) == direction
        ][:count]
        for index, (home, host) in enumerate(pairs):
            share, extra = divmod(count, len(pairs))
            legs.append((home, host, share + (1 if index < extra else 0)))
    return legs


def _recruit(leg, number: int, *, by):
    home = leg.home_organisation
    given, family = NAMES.get(str(home.country), NAMES["UG"])[(leg.exchange_round.number + number) % 4]
    email = f"{given.lower()}.{family.lower()}.{leg.pk}@participant.example"
    participant = services.recruit_participant(
        leg,
        by=by,
        full_name=f"{given} {family}",
        date_of_birth=date(1991 + number, 3, 14),
        nationality=str(home.country),
        recruitment="internal",
        role_at_host="Staff member",
        workplace_at_host=leg.host_organisation.name,
        email=email,
        emergency_contact="Family contact",
        emergency_phone="+47 22 00 00 00",
        employment_months=36,
        duties_before="Works in the home organisation's team.",
        duties_after="Passes on the new routines to colleagues.",
        allowance_amount=15000,
        allowance_currency="NOK",
    )
    # Their own account, as an invitation would have made it (the demo sends no emails for them).
    user = User(email=email, full_name=participant.full_name, role=Role.PARTICIPANT)
    user.set_unusable_password()
    user.save()
    participant.user = user
    participant.save(update_fields=["user"])
    return participant


def _tick_everything(participant, contacts: dict) -> None:
    """Every item of the participant's checklist done by the party it names, with its document."""
    leg = participant.leg
    party = {
        Responsible.SENDING: contacts[leg.home_organisation_id],
        Responsible.HOST: contacts[leg.host_organisation_id],
        Responsible.PARTICIPANT: participant.user,
    }
    for item in participant.checklist.filter(status=ItemStatus.OPEN).order_by("position", "pk"):
        document = demo_pdf_upload(f"{item.title.lower().replace(' ', '-')}.pdf") if item.requires_document else None
        services.complete_item(item, by=party[item.responsible], document=document)


def run_rounds(case, *numbers: int, adviser, contacts: dict, budget: dict) -> None:
    """The case's rounds (those numbered, or all) still planned, each run to its exchange done."""
    rounds = ExchangeRound.objects.filter(agreement__partnership=case, state=RoundState.PLANNED).order_by("number")
    for exchange_round in rounds.filter(number__in=numbers) if numbers else rounds:
        run_round(exchange_round, adviser=adviser, contacts=contacts, budget=budget)
