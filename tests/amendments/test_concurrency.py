"""Amendments under concurrency, with real PostgreSQL connections (one per thread): two decisions
at once are one decision; a withdrawal racing an approval leaves one of them; two drafts of the
same kind at once make one; the same form sent twice makes one."""

import threading
import uuid

import pytest
from django.db import connections

from amendments import services
from amendments.models import AgreementChange, Amendment, AmendmentKind, AmendmentState
from amendments.selectors import current_values
from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from norec.core.fsm import TransitionRefused
from norec.core.idempotency import AlreadySubmitted
from tests.amendments.conftest import draft_c05, extend_leg, leg_keys
from tests.factories import contact_of

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _programme_data(transactional_db):
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)


def at_once(*calls) -> list:
    """Run the calls in threads released together; returns what each raised (None when it did not)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # the test reads them
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.fixture
def submitted(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    amendment = draft_c05(exchange_round, **extend_leg(exchange_round, leg))
    return services.submit_amendment(amendment, by=contact_of(exchange_round.partnership.coordinating_organisation))


def test_two_decisions_at_once_are_one(submitted, adviser):
    outcomes = at_once(
        lambda: services.approve_amendment(submitted, reason="Yes.", by=adviser),
        lambda: services.reject_amendment(submitted, reason="No.", by=adviser),
    )
    assert sum(outcome is None for outcome in outcomes) == 1
    assert all(outcome is None or isinstance(outcome, TransitionRefused) for outcome in outcomes)
    decided = Amendment.objects.get(pk=submitted.pk)
    applied = AgreementChange.objects.filter(amendment=submitted).exists()
    assert applied == (decided.state == AmendmentState.APPROVED)
    assert decided.state in (AmendmentState.APPROVED, AmendmentState.REJECTED)


def test_withdrawal_racing_an_approval(submitted, adviser):
    contact = contact_of(submitted.partnership.coordinating_organisation)
    outcomes = at_once(
        lambda: services.approve_amendment(submitted, reason="Yes.", by=adviser),
        lambda: services.withdraw_amendment(submitted, by=contact),
    )
    assert sum(outcome is None for outcome in outcomes) == 1
    decided = Amendment.objects.get(pk=submitted.pk)
    assert AgreementChange.objects.filter(amendment=submitted).exists() == (decided.state == AmendmentState.APPROVED)


def test_two_drafts_of_a_kind_at_once_make_one(exchange_round):
    (leg, _key), _other = leg_keys(exchange_round)
    contact = contact_of(exchange_round.partnership.coordinating_organisation)
    other = contact_of(exchange_round.partnership.organisations.exclude(pk=contact.organisations.get().pk).get())
    outcomes = at_once(
        lambda: draft_c05(exchange_round, by=contact, **extend_leg(exchange_round, leg)),
        lambda: draft_c05(exchange_round, by=other, **extend_leg(exchange_round, leg, months=1)),
    )
    assert Amendment.objects.filter(exchange_round=exchange_round).count() == 1
    assert sum(isinstance(outcome, TransitionRefused) for outcome in outcomes) == 1


def test_the_same_form_twice_makes_one(exchange_round):
    case = exchange_round.partnership
    contact = contact_of(case.coordinating_organisation)
    probe = Amendment(partnership=case, kind=AmendmentKind.C05, exchange_round=exchange_round)
    token = uuid.uuid4()
    proposal = {**current_values(probe), f"round:{exchange_round.pk}:budget": "99000.00"}

    def start():
        services.start_amendment(
            case,
            kind=AmendmentKind.C05,
            exchange_round=exchange_round,
            proposal=proposal,
            justification="Twice.",
            effective_on=exchange_round.planned_start,
            by=contact,
            submission=token,
        )

    outcomes = at_once(start, start)
    assert Amendment.objects.count() == 1
    assert sum(isinstance(outcome, AlreadySubmitted) for outcome in outcomes) == 1
