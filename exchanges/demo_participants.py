"""The demo's participants: one round of "Clean water engineers" (Lusaka and Mulago, south to
south) in the exchange with mutual legs, participants at every checklist stage, one under 18 and
one over 35 with the adviser's recorded exceptions, an early return, Amina's follow-up plan; the
next round recruiting, three of its four participants found, one of them 37 at departure (a
decision the adviser has still to make before the round can be prepared).
Amina, the demo participant, is on the Mulago leg."""

from datetime import date

from dateutil.relativedelta import relativedelta

from exchanges import services
from exchanges.demo import DEMO_BUDGET
from exchanges.demo import _pdf as make_pdf
from exchanges.models import ExchangeRound, RoundState


def people(departure: date) -> list[tuple]:
    """The participants as recruited: (home key, name, date of birth, recruitment, role at the
    host). Chanda turns 18 a month after the departure, whenever the demo is made."""
    return [
        ("mulago", "Amina Participant", date(1998, 3, 2), "external", "Water quality analyst"),
        ("mulago", "Grace Akello", date(1996, 11, 20), "internal", "Laboratory technician"),
        (
            "lusaka",
            "Chanda Mwale",
            departure - relativedelta(years=18) + relativedelta(months=1),
            "external",
            "Apprentice engineer",
        ),
        ("lusaka", "Joseph Phiri", date(1985, 6, 1), "internal", "Senior engineer"),
    ]


def seed_demo_participants(demo) -> None:
    cases = demo.shared.get("cases") or {}
    case = cases.get("Clean water engineers")
    if case is None:
        return  # built on an earlier run
    organisations, contacts = demo.shared["organisations"], demo.shared["contacts"]
    lusaka, mulago = organisations["lusaka"], organisations["mulago"]
    contact = {"lusaka": contacts[lusaka.pk], "mulago": contacts[mulago.pk]}
    round_two = ExchangeRound.objects.get(agreement__partnership=case, number=2)
    # The legs leave a month into the round (which began half a year ago) for a year.
    departure = round_two.planned_start + relativedelta(months=1)
    legs = {
        "lusaka": services.add_leg(
            round_two, home=lusaka, host=mulago, participants=2, months=12, departure=departure, by=demo.adviser
        ),
        "mulago": services.add_leg(
            round_two, home=mulago, host=lusaka, participants=2, months=12, departure=departure, by=demo.adviser
        ),
    }
    services.advance_round(round_two, "start_recruiting", by=contact["lusaka"])
    recruited = {}
    for home, name, born, recruitment, role in people(departure):
        email = f"{name.split()[0].lower()}@participant.example"
        recruited[name] = services.recruit_participant(
            legs[home],
            by=contact[home],
            full_name=name,
            date_of_birth=born,
            nationality="UG" if home == "mulago" else "ZM",
            recruitment=recruitment,
            role_at_host=role,
            workplace_at_host=("Lusaka Water and Sanitation, laboratory" if home == "mulago" else "Mulago, facilities"),
            email=email,
            emergency_contact="Family contact",
            emergency_phone="+260 900 000 000",
            employment_months=24,
            duties_before="Works in the home organisation's water team.",
            duties_after="Shares the new routines with colleagues.",
            allowance_amount=8000,
            allowance_currency="USD",
        )
    amina = recruited[demo.participant.full_name]
    amina.user = demo.participant  # the demo login; real participants are invited by email
    amina.save(update_fields=["user"])
    services.accept_age(
        recruited["Joseph Phiri"],
        reason="Senior engineer who will lead the new routine; agreed with Norec.",
        by=demo.adviser,
    )
    services.accept_age(
        recruited["Chanda Mwale"],
        reason="Turns 18 a month after leaving; her guardian and the host's supervisor have agreed.",
        by=demo.adviser,
    )
    # The participants are prepared for the round agreement the adviser approved.
    services.set_round_agreement(
        round_two,
        activities="Engineers join each other's water quality and maintenance teams for a year.",
        contribution="Shared sampling and maintenance routines in both utilities.",
        planned=DEMO_BUDGET,
        by=contact["lusaka"],
    )
    services.approve_round_agreement(round_two, by=demo.adviser)
    services.advance_round(round_two, "start_preparing", by=contact["lusaka"])
    # Before departure the organisations did their preparations, and Amina hers; Chanda, not
    # invited yet, has her own items (the visa among them) still open.
    for person in recruited.values():
        for item in person.checklist.filter(phase="before"):
            if item.responsible == "participant" and person.user_id is None:
                continue
            by = {
                "sending": contacts[person.leg.home_organisation_id],
                "host": contacts[person.leg.host_organisation_id],
                "participant": person.user,
            }[item.responsible]
            services.complete_item(item, by=by, document=_pdf(item) if item.requires_document else None)
    services.advance_round(round_two, "depart", by=contact["lusaka"])
    services.return_participant_early(
        recruited["Grace Akello"],
        reason="Family illness at home.",
        returned_on=departure + relativedelta(months=2, days=14),
        by=contact["mulago"],
    )
    services.save_follow_up_plan(
        amina,
        text="Train the laboratory team in the new sampling routine within two months of coming home.",
        expected_revision=0,
        by=contact["mulago"],
    )
    # The next round recruits, two engineers each way: three of its four participants are found,
    # so it cannot start preparing yet (the round page says why); a demo user can recruit the
    # fourth and move it on.
    round_three = ExchangeRound.objects.get(agreement__partnership=case, number=3)
    if round_three.state == RoundState.PLANNED:
        from_mulago, from_lusaka = (
            services.add_leg(round_three, home=home, host=host, participants=2, months=12, by=demo.adviser)
            for home, host in ((mulago, lusaka), (lusaka, mulago))
        )
        services.advance_round(round_three, "start_recruiting", by=contact["mulago"])
        services.recruit_participant(
            from_mulago, by=contact["mulago"], **_participant("Ruth Nabirye", date(1999, 4, 9), "UG")
        )
        for name, born in (("Mutale Banda", date(1994, 8, 30)), ("Bwalya Zulu", date(1990, 2, 14))):
            services.recruit_participant(from_lusaka, by=contact["lusaka"], **_participant(name, born, "ZM"))


def _participant(name: str, born: date, nationality: str) -> dict:
    return {
        "full_name": name,
        "date_of_birth": born,
        "nationality": nationality,
        "recruitment": "external",
        "role_at_host": "Hydrologist",
        "workplace_at_host": "Lusaka Water and Sanitation, planning",
        "email": f"{name.split()[0].lower()}@participant.example",
        "emergency_contact": "Family contact",
        "emergency_phone": "+256 700 000 000",
        "employment_months": 12,
        "duties_before": "Maps the city's water sources.",
        "duties_after": "Plans the network's extension with the new method.",
        "allowance_amount": 8000,
        "allowance_currency": "USD",
    }


def _pdf(item):
    return make_pdf(f"{item.title.lower().replace(' ', '-')}.pdf")
