"""Two sweeps of the same day at the same moment (a second beat, a redelivered task beside the
first, an adviser's "run now"), on real PostgreSQL: each person gets one email."""

import threading

import pytest
from django.db import connection

from exchanges.models import ChecklistTemplate, ChecklistTemplateItem
from exchanges.programme_checklist import install_programme_checklist
from norec.core.models import OutboxMessage, Reminder
from norec.core.reminders.sweep import run_reminder_sweep
from tests.reminders.conftest import Responsible, another_item, days, only_item


@pytest.fixture
def _programme_checklist(transactional_db):
    install_programme_checklist(ChecklistTemplate, ChecklistTemplateItem)


@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_email_each_person_once(_programme_checklist, amina, today):
    only_item(amina, responsible=Responsible.PARTICIPANT, due_on=today + days(3))
    another_item(amina, responsible=Responsible.SENDING, due_on=today - days(1), title="Buy the ticket")
    start, errors = threading.Barrier(2), []

    def sweep():
        try:
            start.wait()
            run_reminder_sweep(today)
        except Exception as error:  # reported below, not lost in the thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    per_person = {}
    for email in OutboxMessage.objects.filter(kind="reminders").values_list("to_email", flat=True):
        per_person[email] = per_person.get(email, 0) + 1
    assert per_person and set(per_person.values()) == {1}
    assert Reminder.objects.filter(recipient=amina.user).count() == 1
