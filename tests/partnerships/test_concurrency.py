"""Two people acting on the same case at the same moment, on PostgreSQL with two real connections:
exactly one wins, the other is told to reload, and the case stays consistent."""

import threading

import pytest
from django.db import connection

from norec.core.models import AuditEvent
from partnerships import services
from partnerships.models import Agreement, Application, ApplicationStatus, Partnership, Phase
from partnerships.services import TransitionRefused

DECISIONS = ("application.approved", "application.declined", "case.withdrawn")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "contenders",
    [
        ("approve", "decline"),  # the adviser in two browser tabs
        ("approve", "withdraw"),  # the adviser approves while a partner withdraws
    ],
)
def test_conflicting_transitions_only_one_wins(contenders, submitted_application, adviser, contact):
    application_id = submitted_application.pk
    revision_before = Partnership.objects.get(pk=submitted_application.partnership_id).revision
    actions = {
        "approve": lambda application: services.approve_application(application, by=adviser),
        "decline": lambda application: services.decline_application(application, comment="No.", by=adviser),
        "withdraw": lambda application: services.withdraw(application.partnership, by=contact),
    }
    both_have_read = threading.Barrier(len(contenders))
    outcomes = {}

    def attempt(name):
        try:
            # Each thread has its own database connection; both read the case before either acts.
            application = Application.objects.select_related("partnership").get(pk=application_id)
            both_have_read.wait(timeout=10)
            actions[name](application)
            outcomes[name] = "won"
        except TransitionRefused as refusal:
            outcomes[name] = refusal
        except Exception as error:  # reported by the assertion below, not lost in the thread
            outcomes[name] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(name,)) for name in contenders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    losers = [outcome for outcome in outcomes.values() if outcome != "won"]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1 and isinstance(losers[0], TransitionRefused), outcomes
    assert "Reload the page to see the change" in losers[0].reasons[0]

    case = Partnership.objects.get(pk=submitted_application.partnership_id)
    application = Application.objects.get(pk=application_id)
    expected = {
        "approve": (Phase.APPLICATION, ApplicationStatus.APPROVED, 1, 1),
        "decline": (Phase.DECLINED, ApplicationStatus.DECLINED, 0, 2),
        "withdraw": (Phase.WITHDRAWN, ApplicationStatus.SUBMITTED, 0, 1),
    }[winners[0]]
    phase, status, agreements, transitions = expected
    assert (case.phase, application.status) == (phase, status)
    assert Agreement.objects.filter(partnership=case).count() == agreements
    assert case.revision == revision_before + transitions
    assert AuditEvent.objects.for_subject(case).filter(action__in=DECISIONS).count() == 1
