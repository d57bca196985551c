"""A case whose round is under way (tests/exchanges/rounds_now.py) with Amina, sent by Olga's Kampala
Youth Network to Chris's Bergen Health Trust, leaving in 90 days; Ada is the adviser. Her items'
due dates are set by the tests: the day under test comes to the items, not the clock to the day."""

from datetime import timedelta

import pytest
from django.utils import timezone

from exchanges.models import ChecklistItem, ItemStatus, Responsible
from tests.exchanges.rounds_now import case_with_current_round, leg_departing
from tests.factories import ParticipantFactory, recruit, walk_round


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def case(adviser, organisation, other_organisation, today):
    return case_with_current_round(adviser=adviser, organisations=[organisation, other_organisation], today=today)


@pytest.fixture
def leg(case, organisation, other_organisation, today):
    """The leg, its round recruiting (a planned round's people have no checklists to work through yet)."""
    leg = leg_departing(case, home=other_organisation, host=organisation, today=today, departs_in=90, participants=2)
    walk_round(leg.exchange_round, "start_recruiting")
    return leg


@pytest.fixture
def amina(leg):
    """Amina with an account of her own (in English), so her own items remind her."""
    participant = recruit(leg, full_name="Amina Nakato", email="amina@example.org")
    participant.user = ParticipantFactory(email="amina@example.org", full_name="Amina Nakato")
    participant.save(update_fields=["user"])
    return participant


def only_item(participant, *, responsible: str, due_on, title: str | None = None) -> ChecklistItem:
    """One of the participant's open items, made the only open one, responsible and due as given;
    the others are done (so only this one can fire)."""
    items = ChecklistItem.objects.filter(participant=participant)
    item = items.filter(responsible=responsible).first() or items.first()
    items.exclude(pk=item.pk).update(status=ItemStatus.DONE)
    fields = {"status": ItemStatus.OPEN, "responsible": responsible, "due_on": due_on}
    if title:
        fields["title"] = title
    ChecklistItem.objects.filter(pk=item.pk).update(**fields)
    item.refresh_from_db()
    return item


def another_item(participant, *, responsible: str, due_on, title: str) -> ChecklistItem:
    """A second open item (a done one reopened)."""
    item = ChecklistItem.objects.filter(participant=participant, status=ItemStatus.DONE).first()
    ChecklistItem.objects.filter(pk=item.pk).update(
        status=ItemStatus.OPEN, responsible=responsible, due_on=due_on, title=title
    )
    item.refresh_from_db()
    return item


def days(n: int) -> timedelta:
    return timedelta(days=n)


__all__ = ["Responsible", "another_item", "days", "only_item"]
