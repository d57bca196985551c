"""A realistic caseload at a chosen scale, for the benchmark (`make bench`) and, when asked, the
demo (`make demo DEMO_CASES=500`): `manage.py build_caseload --cases 500`.

At 500 cases: six advisers, 130 organisations with two contacts each, 500 partnerships over every
phase (about 800 exchange rounds), 10,000 participants with their checklists (200,000 items), 100
course sessions and 60 amendments waiting. The cases go through the real services (cases.py); the
bulk of the participants is created as the services leave their rows (exchanges.py says why)."""

import time
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from exchanges.models import ChecklistItem, ExchangeRound, Participant
from norec.core.models import User
from norec.core.roles import Role
from partnerships.models import PartnerOrganisation, Partnership
from partnerships.waiting_state import deferred_refresh, refresh_waiting
from training.models import CourseSession
from workspace.caseload import cases, exchanges

FIRST_ADVISER = "adviser1@norec.example"


@dataclass
class Built:
    cases: int
    rounds: int
    participants: int
    checklist_items: int
    sessions: int
    organisations: int
    seconds: float


def already_built() -> bool:
    return User.objects.filter(email=FIRST_ADVISER).exists()


def build_caseload(
    *, scale: int, participants: int, sessions: int, password: str | None = None, progress=lambda line: None
) -> Built:
    """Build the caseload (in a database without one: see already_built), saying how far it got."""
    started = time.monotonic()

    def say(line: str) -> None:
        progress(f"{line} in {time.monotonic() - started:.0f} s")

    # The cases are taken through the services, each change refreshing what its case waits for: once
    # for all at the end instead (the participants' rows are bulk-created without events).
    with deferred_refresh():
        with transaction.atomic():
            advisers = cases.people(Role.ADVISER, cases.ADVISERS, "adviser{}@norec.example", "Adviser {}")
            organisations, contacts = cases.organisations(max(4, scale * cases.ORGANISATIONS_PER_100_CASES // 100))
            if password:  # one hash for all: hashing hundreds of passwords would take minutes
                User.objects.filter(pk__in=[person.pk for person in [*advisers, *contacts.values()]]).update(
                    password=make_password(password)
                )
        cases.build_cases(scale, advisers, organisations, contacts, say)
        first_adviser = User.objects.get(email=FIRST_ADVISER)
        with transaction.atomic():
            exchanges.build_participants(participants, say)
        exchanges.build_training(sessions=sessions, adviser=first_adviser)
        exchanges.build_amendments(adviser=first_adviser)
    refresh_waiting()
    return Built(
        cases=Partnership.objects.count(),
        rounds=ExchangeRound.objects.count(),
        participants=Participant.objects.count(),
        checklist_items=ChecklistItem.objects.count(),
        sessions=CourseSession.objects.count(),
        organisations=PartnerOrganisation.objects.count(),
        seconds=round(time.monotonic() - started, 1),
    )


def busiest_organisation() -> PartnerOrganisation:
    return PartnerOrganisation.objects.annotate(cases=Count("memberships")).order_by("-cases", "pk").first()
