"""People hear by email about what happens to their case: once, in their language, never about
their own action. The emails are outbox rows written with the change (norec.core.outbox), sent by
a real Celery worker through Redis or by the periodic task."""

import time

import pytest
from django.core import mail

from norec.core.models import AuditEvent, OutboxMessage, OutboxState
from norec.core.outbox import send_due_messages
from norec.core.roles import Role
from partnerships import services
from partnerships.notifications import email_case_event, recipients_for
from tests.factories import UserFactory


def latest(action):
    return AuditEvent.objects.filter(action=action).latest("pk")


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def send_queued():
    """What the worker or the beat task does after the commit (the tests' transaction never commits)."""
    mail.outbox.clear()
    return send_due_messages()


def send_earlier():
    """Send what building the fixture queued, so a test sees only the emails of its own action."""
    send_due_messages()
    mail.outbox.clear()


def test_the_adviser_hears_of_a_submission_once(submitted_application, adviser):
    event = latest("application.submitted")
    assert OutboxMessage.objects.get(event=event).recipient == adviser  # queued with the change
    assert send_queued() == 1
    assert send_due_messages() == 0  # the beat task may run again
    assert email_case_event(event, submitted_application.partnership) == []  # nor is it queued twice
    assert recipients() == [adviser.email]
    assert submitted_application.partnership.name in mail.outbox[0].subject
    assert f"/cases/{submitted_application.partnership_id}/" in mail.outbox[0].body


def test_both_partners_hear_the_advisers_decision(submitted_application, adviser, contact, other_contact):
    send_earlier()
    services.return_application(submitted_application, comment="Describe the follow-up.", by=adviser)
    send_queued()
    assert recipients() == sorted([contact.email, other_contact.email])
    assert "Describe the follow-up." in mail.outbox[0].body


def test_only_active_partner_contacts_hear_as_contacts(
    submitted_application, adviser, contact, other_contact, other_organisation
):
    """Olga became a participant and a third contact's account was closed: they stay in the
    organisations' lists, but case emails go only to people who are partner contacts now."""
    case = submitted_application.partnership
    closed = UserFactory(full_name="Cleo Closed", is_active=False)
    other_organisation.contacts.add(closed)
    other_contact.role = Role.PARTICIPANT
    other_contact.save(update_fields=["role"])
    send_earlier()
    services.return_application(submitted_application, comment="Describe the follow-up.", by=adviser)

    event = latest("application.returned")
    assert recipients_for(event, case) == [contact]
    send_queued()
    assert recipients() == [contact.email]


def test_nobody_is_told_of_their_own_comment(case, adviser, contact):
    send_earlier()
    services.add_comment(case, text="Welcome!", by=contact)
    send_queued()
    assert contact.email not in recipients()
    assert adviser.email in recipients()


def test_emails_are_in_the_recipients_language(filled_application, adviser, contact):
    adviser.preferred_language = "nb"
    adviser.save()
    send_earlier()
    services.submit_application(filled_application, by=contact)
    send_queued()
    assert "Søknad sendt inn" in mail.outbox[0].subject


def test_draft_saves_tell_nobody(filled_application):
    assert not OutboxMessage.objects.filter(event=latest("application.draft_saved")).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_through_redis(redis_worker, filled_application, contact, adviser):
    services.submit_application(filled_application, by=contact)  # autocommit: the task is queued at once
    message = OutboxMessage.objects.get(event=latest("application.submitted"))
    deadline = time.monotonic() + 20
    while not OutboxMessage.objects.filter(pk=message.pk, state=OutboxState.SENT).exists():
        assert time.monotonic() < deadline, "the worker did not send the notification in time"
        time.sleep(0.1)
    assert adviser.email in recipients()
