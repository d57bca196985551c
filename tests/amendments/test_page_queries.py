"""Query counts of the amendment pages, pinned at 5 and 50 rows: a rise is a change to justify.
Each test also checks that the rows are shown, so a count cannot pass on an empty page."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from amendments import services
from amendments.models import Amendment, AmendmentKind, AmendmentState
from exchanges.models import ExchangeRound
from tests.amendments.conftest import draft_b03, draft_c05, extend_leg, leg_keys
from tests.factories import contact_of, recruit

pytestmark = pytest.mark.django_db

# session, user, the amendment (with its case and round), names (organisations, rounds), documents,
# today's values for staleness (lines, legs), effects (participants, their checklists, enrolments),
# its timeline entries
DETAIL = 12
# session, user, the waiting amendments with their cases and rounds
QUEUE = 3
# session, user, the case, the agreement, today's values (partners, rounds, lines, legs), the changes
# after the day, names (organisations, rounds), the changes with amendments and advisers, their names
HISTORY = 14


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("rows", [5, 50])
def test_amendment_page(exchange_round, adviser, organisation, other_organisation, django_assert_num_queries, rows):
    (leg, _key), _other = leg_keys(exchange_round)
    type(leg).objects.filter(pk=leg.pk).update(participants=rows)  # places to recruit into while preparing
    for number in range(rows - 1):
        recruit(leg, full_name=f"P {number:02d}", email=f"p{number}@example.org")
    amendment = services.submit_amendment(
        draft_c05(exchange_round, **extend_leg(exchange_round, leg)), by=contact_of(organisation)
    )
    client = client_of(adviser)
    with django_assert_num_queries(DETAIL):
        content = client.get(reverse("amendments:detail", args=[amendment.pk])).content.decode()
    assert "P 00" in content and f"P {rows - 2:02d}" in content


@pytest.mark.parametrize("rows", [5, 50])
def test_queue(case, adviser, django_assert_num_queries, rows):
    agreement = case.agreement
    first = agreement.rounds.get(number=1)
    coordinator = contact_of(case.coordinating_organisation)
    now = timezone.now()
    for number in range(rows):
        extra = ExchangeRound.objects.create(
            agreement=agreement,
            number=10 + number,
            planned_start=first.planned_start,
            planned_end=first.planned_end,
            budget=first.budget,
        )
        Amendment.objects.create(
            partnership=case,
            kind=AmendmentKind.C05,
            exchange_round=extra,
            state=AmendmentState.SUBMITTED,
            effective_on=timezone.localdate(),
            created_by=coordinator,
            submitted_at=now - timedelta(days=number),
        )
    client = client_of(adviser)
    with django_assert_num_queries(QUEUE):
        content = client.get(reverse("amendments:queue")).content.decode()
    assert content.count('<th scope="row" data-label="Amendment">') == rows
    assert f"{rows - 1} days" in content


@pytest.mark.parametrize("rows", [5, 50])
def test_history(case, adviser, django_assert_num_queries, rows):
    """`rows` amendments approved one after another, each moving the agreement's end a day on."""
    coordinator = contact_of(case.coordinating_organisation)
    for _number in range(rows):
        agreement = type(case.agreement).objects.get(pk=case.agreement.pk)
        amendment = draft_b03(case, period_end=(agreement.period_end + timedelta(days=1)).isoformat())
        services.approve_amendment(services.submit_amendment(amendment, by=coordinator), reason="Ok.", by=adviser)
    client = client_of(adviser)
    with django_assert_num_queries(HISTORY):
        content = client.get(reverse("amendments:history", args=[case.pk])).content.decode()
    assert content.count("Agreement ends") == rows
