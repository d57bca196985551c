"""allauth's emails (password reset, email confirmation) go through the outbox like every other
email: with the mail server down the person's request still succeeds, the email waits as a pending
row and is sent when the server is back, in the recipient's language."""

import time
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from norec.celery import app as celery_app
from norec.core.models import OutboxMessage, OutboxState
from norec.core.outbox import send_due_messages
from tests.factories import PASSWORD, UserFactory
from tests.redis_servers import SilentServer
from tests.test_outbox import broker_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.test_outbox.MailServerDown"


def mail_server_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))  # its retry is due
    return send_due_messages()


def reset_password(client, email):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_a_password_reset_while_the_mail_server_is_down_is_sent_later(
    client, settings, mail_server_down, contact, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # tried at once, after the commit
        response = reset_password(client, contact.email)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    message = OutboxMessage.objects.get(to_email=contact.email)
    assert message.state == OutboxState.PENDING
    assert "refused" in message.last_error  # it was tried at once, and will be again
    assert mail.outbox == []

    assert mail_server_back(settings) == 1
    [sent] = mail.outbox
    assert sent.to == [contact.email]
    assert "/accounts/password/reset/key/" in sent.body
    assert sent.subject.startswith("[Norec Exchange] ")


def test_the_reset_link_sent_later_sets_a_new_password(client, settings, mail_server_down, contact):
    reset_password(client, contact.email)
    mail_server_back(settings)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/password/reset/key/" in line)
    form_url = client.get(link.strip().removeprefix("http://testserver"))["Location"]
    new_password = "a-new-long-password-2026"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.check_password(new_password)


def test_the_email_is_written_in_the_recipients_language(client, settings, mail_server_down):
    norwegian = UserFactory(preferred_language="nb")
    reset_password(client, norwegian.email)  # from an English page
    message = OutboxMessage.objects.get(to_email=norwegian.email)
    assert message.language == "nb"
    assert "passord" in message.subject.lower()


def test_an_email_confirmation_while_the_mail_server_is_down_is_sent_later(client, settings, mail_server_down):
    user = UserFactory(verified_email=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    mail.outbox.clear()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert OutboxMessage.objects.get(to_email=user.email).state == OutboxState.PENDING
    assert mail_server_back(settings) == 1
    assert "confirm" in mail.outbox[0].body.lower()


def test_a_password_reset_with_a_hung_broker_answers_at_once(
    client, mail_server_down, contact, django_capture_on_commit_callbacks
):
    assert client.get(reverse("account_reset_password")).status_code == 200  # the form (and a warm process)
    hung = SilentServer()
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        with broker_at(hung.url):
            started = time.monotonic()
            with django_capture_on_commit_callbacks(execute=True) as handed_over:  # as at the commit
                response = reset_password(client, contact.email)
            seconds = time.monotonic() - started
        assert len(handed_over) == 1  # the hand-over to the broker was tried
    finally:
        celery_app.conf.task_always_eager = eager
        hung.close()
    assert response.status_code == 302
    assert seconds < 0.5
    assert OutboxMessage.objects.get(to_email=contact.email).state == OutboxState.PENDING
