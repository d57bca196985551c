"""The email outbox under faults, with the real services: a broker that is down when a partner
submits, the database failing while an email is sent, two workers sending one row at once, and
the last try failing. An outage delays an email; it never loses or doubles it."""

import smtplib
import threading
import time
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from norec.celery import app as celery_app
from norec.core.models import AuditEvent, OutboxMessage, OutboxState
from norec.core.outbox import MAX_ATTEMPTS, send_due_messages, send_outbox_message
from norec.core.tasks import send_due_emails_task
from partnerships import services
from tests.factories import make_case
from tests.test_celery import result_of

CLOSED_PORT_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens here


@contextmanager
def broker_at(url):
    """Point the Celery app's producers at another broker, as if Redis went down and came back."""

    def reset_producers():
        celery_app._pool = None
        amqp = celery_app.__dict__.get("amqp")
        if amqp is not None:
            amqp._producer_pool = None

    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = url
    reset_producers()
    try:
        yield
    finally:
        celery_app.conf.broker_url = saved
        reset_producers()


class DatabaseFailsOnce(EmailBackend):
    """A mail backend whose first send meets a real database error (PostgreSQL's division by zero),
    as when the database fails during the email task; later sends work."""

    failures_left = 1

    def send_messages(self, messages):
        if DatabaseFailsOnce.failures_left:
            DatabaseFailsOnce.failures_left -= 1
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 / 0")
        return super().send_messages(messages)


class MailServerDown(EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server refused the connection")


class AddressUnknown(EmailBackend):
    """A mail server that refuses the recipient for good (550), as for a mistyped address."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (550, b"5.1.1 User unknown")})


class SlowMailServer(EmailBackend):
    def send_messages(self, messages):
        threading.Event().wait(0.5)  # long enough for a second worker to try the same row meanwhile
        return super().send_messages(messages)


@pytest.fixture
def case(adviser, organisation, other_organisation):
    return make_case("pre_study", adviser=adviser, organisations=[organisation, other_organisation])


@pytest.fixture
def submitted_application(adviser, organisation, other_organisation):
    case = make_case("application_submitted", adviser=adviser, organisations=[organisation, other_organisation])
    return case.application


def submission_email():
    return OutboxMessage.objects.get(event__action="application.submitted")


@pytest.mark.django_db(transaction=True)
def test_a_submission_while_the_broker_is_down_succeeds_and_is_emailed_once_it_is_back(
    redis_worker, settings, adviser, contact, organisation, other_organisation, contact_client
):
    case = make_case("application_draft", adviser=adviser, organisations=[organisation, other_organisation])
    mail.outbox.clear()
    started = time.monotonic()
    with broker_at(CLOSED_PORT_BROKER):
        response = contact_client.post(
            reverse("partnerships:submit_application", args=[case.pk]), {"revision": case.revision, "confirm": "on"}
        )
    assert response.status_code == 302  # not the 500 "nothing saved" of before: it was saved
    assert time.monotonic() - started < 4  # one quick try of the broker, not kombu's retries for seconds
    assert response["Location"] == case.get_absolute_url()
    message = submission_email()
    assert (message.state, message.to_email) == (OutboxState.PENDING, adviser.email)
    assert mail.outbox == []

    # Redis is back: the periodic task, run by the worker, sends it, and only once.
    assert result_of(send_due_emails_task.apply_async(ignore_result=False), settings) == 1
    assert result_of(send_due_emails_task.apply_async(ignore_result=False), settings) == 0
    assert [sent.to for sent in mail.outbox] == [[adviser.email]]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENT, 1)


def test_a_database_error_while_sending_is_retried_later_and_sent_once(settings, submitted_application, adviser):
    settings.EMAIL_BACKEND = "tests.test_outbox.DatabaseFailsOnce"
    DatabaseFailsOnce.failures_left = 1
    message = submission_email()
    mail.outbox.clear()

    assert send_due_messages() == 0
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.PENDING, 1)
    assert message.last_error.startswith("DataError")
    assert message.next_attempt_at > timezone.now()  # backed off
    assert send_due_messages() == 0  # not due yet

    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())  # a minute later
    assert send_due_messages() == 1
    assert send_due_messages() == 0
    assert [sent.to for sent in mail.outbox] == [[adviser.email]]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.SENT, 2)


def test_backoff_doubles_and_the_last_try_leaves_the_email_failed_for_advisers(settings, submitted_application):
    settings.EMAIL_BACKEND = "tests.test_outbox.MailServerDown"
    message = submission_email()
    waits = []
    for _attempt in range(MAX_ATTEMPTS):
        before = timezone.now()
        assert send_outbox_message(message.pk) is False
        message.refresh_from_db()
        waits.append(round((message.next_attempt_at - before) / timedelta(minutes=1)))
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert waits[:3] == [1, 2, 4]
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.FAILED, MAX_ATTEMPTS)
    assert "ConnectionRefusedError" in message.last_error
    assert AuditEvent.objects.filter(action="email.failed", subject_id=message.pk).exists()
    assert send_due_messages() == 0  # failed rows wait for a person


def test_an_address_the_mail_server_refuses_for_good_fails_at_once(settings, submitted_application):
    settings.EMAIL_BACKEND = "tests.test_outbox.AddressUnknown"
    message = submission_email()
    assert send_outbox_message(message.pk) is False
    message.refresh_from_db()
    assert (message.state, message.attempts) == (OutboxState.FAILED, 1)  # no two hours of tries in vain
    assert "User unknown" in message.last_error


def test_the_due_emails_go_in_batches_until_none_is_left(submitted_application):
    message = submission_email()  # pending: this test's transaction never commits, so it was not sent
    for number in range(4):
        OutboxMessage.objects.create(
            key=f"extra:{number}", kind="test", to_email=f"p{number}@example.org", subject="s", body="b"
        )
    assert message.state == OutboxState.PENDING
    mail.outbox.clear()
    assert send_due_messages(limit=2) == 5
    assert len(mail.outbox) == 5


@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_one_email_at_once_send_it_once(settings, submitted_application, adviser):
    settings.EMAIL_BACKEND = "tests.test_outbox.SlowMailServer"
    message = submission_email()
    # Tests run tasks in-process, so it went at the commit: make it pending again, as before a worker ran.
    OutboxMessage.objects.filter(pk=message.pk).update(state=OutboxState.PENDING, sent_at=None)
    mail.outbox.clear()
    results = []

    def worker():
        try:
            results.append(send_outbox_message(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    assert [sent.to for sent in mail.outbox] == [[adviser.email]]


class TestFailedEmailsInTheAdmin:
    @pytest.fixture
    def failed(self, submitted_application):
        message = submission_email()
        OutboxMessage.objects.filter(pk=message.pk).update(
            state=OutboxState.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPServerDisconnected: gone"
        )
        return message

    def changelist(self):
        return reverse("admin:norec_outboxmessage_changelist")

    def test_advisers_see_failed_emails_but_not_their_bodies(self, adviser_client, failed):
        response = adviser_client.get(self.changelist() + "?state__exact=failed")
        assert response.status_code == 200
        assert failed.to_email in response.content.decode()
        detail = adviser_client.get(reverse("admin:norec_outboxmessage_change", args=[failed.pk]))
        assert detail.status_code == 200
        assert "SMTPServerDisconnected" in detail.content.decode()
        assert failed.body not in detail.content.decode()

    def test_the_menu_links_advisers_to_them(self, adviser_client):
        assert self.changelist() in adviser_client.get(reverse("home")).content.decode()

    def test_an_adviser_sends_them_again(self, adviser_client, adviser, failed):
        mail.outbox.clear()
        response = adviser_client.post(self.changelist(), {"action": "retry", "_selected_action": [failed.pk]})
        assert response.status_code == 302
        failed.refresh_from_db()
        assert (failed.state, failed.attempts) == (OutboxState.PENDING, 0)
        assert AuditEvent.objects.get(action="email.retried", subject_id=failed.pk).actor == adviser
        assert send_due_messages() == 1
        assert len(mail.outbox) == 1

    def test_sent_again_it_goes_to_the_address_the_person_has_now(self, adviser_client, adviser, failed):
        adviser.email = "ada.corrected@norec.example"
        adviser.save(update_fields=["email"])
        mail.outbox.clear()
        adviser_client.post(self.changelist(), {"action": "retry", "_selected_action": [failed.pk]})
        assert send_due_messages() == 1
        assert [sent.to for sent in mail.outbox] == [["ada.corrected@norec.example"]]

    def test_partner_contacts_cannot_see_them(self, contact_client, failed):
        assert contact_client.get(self.changelist()).status_code == 403
        assert self.changelist() not in contact_client.get(reverse("home")).content.decode()


def test_subjects_are_plain_text(case, contact, adviser):
    name = "A <b> & \"C\" 'd'"
    case.name = name
    case.save(update_fields=["name"])
    services.add_comment(case, text="Hello", by=contact)
    message = OutboxMessage.objects.get(event__action="case.comment", recipient=adviser)
    assert message.subject == f"[Norec Exchange] Comment: {name}"
    mail.outbox.clear()
    send_outbox_message(message.pk)
    assert mail.outbox[0].subject == f"[Norec Exchange] Comment: {name}"
    assert f"“{name}”" in mail.outbox[0].body
